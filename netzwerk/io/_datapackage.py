"""Writing ``datapackage.json``: Frictionless descriptors from the table schemas."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from netzwerk import _read
from netzwerk._schema import ALL_TABLES, TABLES

# ---------------------------------------------------------------------------------------------
# datapackage.json
# ---------------------------------------------------------------------------------------------

_FRICTIONLESS_TYPES = {
    "string": "string",
    "integer": "integer",
    "boolean": "boolean",
    "date": "string",
    "period": "string",
}
#: Frictionless patterns for dates kept as text (partial dates are allowed).
_DATE_REGEX = r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{1,2}|\d{1,2}\.\d{4}|\d{4}"
_PERIOD_REGEX = _DATE_REGEX + r"|\d{4}-[Qq][1-4]"
_TRUE_VALUES = ["true", "True", "TRUE", "wahr", "Wahr", "WAHR", "ja", "Ja", "JA", "1", "x", "X"]
_FALSE_VALUES = ["false", "False", "FALSE", "falsch", "Falsch", "FALSCH", "nein", "Nein",
                 "NEIN", "0"]  # fmt: skip


def write_datapackage(folder: str | Path, meta: dict[str, Any]) -> Path:
    """Write ``folder/datapackage.json``: ``meta`` plus a Frictionless Table Schema per table.

    Parameters
    ----------
    folder : str or Path
        The city folder. Every table whose ``<table>.csv`` or ``<table>.xlsx`` exists is
        described; for CSV files the actual encoding and separator are detected and declared,
        so ``frictionless validate folder/datapackage.json`` reads them correctly.
    meta : dict
        The city's metadata (``name``, ``title``, ``synthetic``, …). A ``resources`` entry in
        it is replaced.

    Returns
    -------
    Path
        The written file.

    Raises
    ------
    FileNotFoundError
        If ``folder`` does not exist.

    See Also
    --------
    validate : Checks the declarations against the files.
    load_city : Reads the tables the descriptor declares.

    Notes
    -----
    Types follow ``netzwerk._schema``: dates are declared as strings with a pattern, because
    partial dates (``2020-03``, ``2020``) are allowed; booleans accept the German words;
    keys and foreign keys are declared so that Frictionless checks them too.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "actors.csv").write_text("actor_id;name;sector;level\\n", encoding="utf-8")
    >>> out = write_datapackage(folder, {"name": "x", "synthetic": True})
    >>> import json
    >>> res = json.loads(out.read_text())["resources"][0]
    >>> res["name"], res["dialect"]["delimiter"], res["schema"]["primaryKey"]
    ('actors', ';', ['actor_id'])
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"folder {str(folder)!r} does not exist; expected a city folder")
    resources = []
    for name in ALL_TABLES:
        csv_path, xlsx_path = folder / f"{name}.csv", folder / f"{name}.xlsx"
        if csv_path.is_file():
            resources.append(_resource_descriptor(name, csv_path.name, _csv_dialect(csv_path)))
        elif xlsx_path.is_file():
            resources.append(_resource_descriptor(name, xlsx_path.name, None))
    descriptor = {k: v for k, v in meta.items() if k != "resources"}
    descriptor.update({"profile": "tabular-data-package", "resources": resources})
    out = folder / "datapackage.json"
    out.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return out


def _csv_dialect(path: Path, name: str | None = None) -> dict[str, str]:
    """The encoding and delimiter a CSV file has (as ``datapackage.json`` declares them)."""
    decoded = _read.decode(_read.read_bytes(path))
    schema = TABLES.get(name or path.stem)
    delim = _read.sniff_delimiter(decoded.text, set(schema.column_names) if schema else set())
    return {"encoding": _read.declared_label(decoded.encoding), "delimiter": delim}


def _resource_descriptor(name: str, path: str, dialect: dict[str, str] | None) -> dict[str, Any]:
    schema = TABLES[name]
    fields = []
    for col in schema.columns:
        f: dict[str, Any] = {"name": col.name, "type": _FRICTIONLESS_TYPES[col.type]}
        if col.description:
            f["description"] = col.description
        constraints: dict[str, Any] = {}
        if col.required:
            constraints["required"] = True
        if col.minimum is not None:
            constraints["minimum"] = col.minimum
        if col.pattern:
            constraints["pattern"] = col.pattern.removeprefix("^").removesuffix("$")
        if col.type == "date":
            constraints["pattern"] = _DATE_REGEX
        if col.type == "period":
            constraints["pattern"] = _PERIOD_REGEX
        if col.type == "boolean":
            f["trueValues"] = _TRUE_VALUES
            f["falseValues"] = _FALSE_VALUES
        if constraints:
            f["constraints"] = constraints
        fields.append(f)
    foreign = [
        {
            "fields": col.name,
            "reference": {
                "resource": "" if col.foreign[0] == name else col.foreign[0],
                "fields": col.foreign[1],
            },
        }
        for col in schema.columns
        if col.foreign
    ]
    table_schema: dict[str, Any] = {
        "fields": fields,
        "primaryKey": list(schema.key),
        "missingValues": [""],
    }
    if foreign:
        table_schema["foreignKeys"] = foreign
    resource: dict[str, Any] = {
        "name": name,
        "path": path,
        "profile": "tabular-data-resource",
        "schema": table_schema,
    }
    if dialect is None:
        resource.update(
            {
                "format": "xlsx",
                "mediatype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        )
    else:
        resource.update(
            {
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": dialect["encoding"],
                "dialect": {"delimiter": dialect["delimiter"]},
            }
        )
    return resource
