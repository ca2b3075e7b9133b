"""Reading a city's files as text: CSV and workbook tables, ``datapackage.json``, a folder or one workbook."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from netzwerk import _read, _xlsx
from netzwerk._read import ReadLimits
from netzwerk._read import cell_text as _cell_text
from netzwerk._schema import ALL_TABLES, TABLES, TEMPLATE_SHEETS
from netzwerk.io._problems import Problem, _problem

if TYPE_CHECKING:
    from netzwerk.io._city import City


# ---------------------------------------------------------------------------------------------
# Reading files as text
# ---------------------------------------------------------------------------------------------


def _from_issue(item: _read.Issue, file: str) -> Problem:
    """A reading issue as a Problem of ``file``."""
    return _problem(
        item.code, file, item.row, item.column, item.value, severity=item.severity, **item.params
    )


@dataclass
class _RawTable:
    """A table read as text: every cell a stripped ``str`` ("" when empty).

    ``frame.index`` holds the spreadsheet row numbers (header = ``header_row``); ``dialect``
    says how a CSV file was read (encoding and delimiter).
    """

    name: str
    file: str
    frame: pd.DataFrame
    header_row: int = 1
    dialect: tuple[str, str] | None = None  # (encoding label, delimiter) for CSV files


def _strip_values(values: np.ndarray) -> np.ndarray:
    """Strip every cell, once per distinct value (a million rows have few distinct values)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    stripped = np.array(
        ["" if u is None or u is np.nan else str(u).strip() for u in uniques], dtype=object
    )
    return stripped[codes]


def _frame_from_grid(
    grid: pd.DataFrame, name: str, file: str
) -> tuple[_RawTable | None, list[Problem]]:
    """Header detection, row numbering and column clean-up for a positional grid of str."""
    problems: list[Problem] = []
    schema = TABLES.get(name)
    columns_hint = ", ".join(schema.column_names) if schema else ""
    if grid.shape[0] == 0 or grid.shape[1] == 0:
        return None, [_problem("file_empty", file, columns=columns_hint)]
    grid = pd.DataFrame(
        {c: _strip_values(grid[c].to_numpy(dtype=object)) for c in grid.columns},
        index=np.arange(1, len(grid) + 1),
    )
    nonempty = (grid != "").any(axis=1).to_numpy()
    if not nonempty.any():
        return None, [_problem("file_empty", file, columns=columns_hint)]
    header_pos = int(np.argmax(nonempty))
    header_row = header_pos + 1
    header = [str(h).strip().lstrip("\ufeff") for h in grid.iloc[header_pos]]
    # headers typed by hand: another case, spaces, a BOM or NBSP still name the column
    by_key = {_read.header_key(c): c for c in (schema.column_names if schema else [])}
    for i, h in enumerate(header):
        expected = by_key.get(_read.header_key(h)) if h and h not in by_key.values() else None
        if expected is not None and expected not in header:
            problems.append(
                _problem(
                    "header_variant",
                    file,
                    header_row,
                    expected,
                    h,
                    severity="warning",
                    written=h,
                    expected=expected,
                )
            )
            header[i] = expected
    body = grid.iloc[header_pos + 1 :]
    body = body[nonempty[header_pos + 1 :]]  # spreadsheets often save trailing empty rows
    keep: dict[str, Any] = {}
    seen: set[str] = set()
    for pos, h in zip(grid.columns, header, strict=True):
        if not h:
            values = body[pos]
            if (values != "").any():
                first = int(values.index[(values != "").to_numpy()][0])
                problems.append(
                    _problem(
                        "column_no_header",
                        file,
                        first,
                        f"#{int(pos) + 1}",
                        values[first],
                        severity="warning",
                    )
                )
            continue
        if h in seen:
            problems.append(_problem("column_duplicate", file, header_row, h, h))
            continue
        seen.add(h)
        keep[h] = body[pos]
    frame = pd.DataFrame(keep, index=body.index)
    return _RawTable(name, file, frame, header_row), problems


def _mojibake(raw: _RawTable, problems: list[Problem], most: int = 50) -> None:
    """A warning for each cell (at most ``most``) holding mis-decoded UTF-8 (``Ã¼``)."""
    found = 0
    for column in raw.frame.columns:
        codes, uniques = pd.factorize(raw.frame[column].to_numpy(dtype=object))
        hits = {i: _read.mojibake_sample(u) for i, u in enumerate(uniques)}
        hits = {i: h for i, h in hits.items() if h}
        for pos in np.flatnonzero(np.isin(codes, list(hits))):
            if found >= most:
                return
            sample, fixed = hits[int(codes[pos])]
            row = int(raw.frame.index[pos])
            value = raw.frame[column].iloc[pos]
            problems.append(
                _problem(
                    "mojibake",
                    raw.file,
                    row,
                    column,
                    value,
                    severity="warning",
                    sample=sample,
                    fixed=fixed,
                )
            )
            found += 1


def _read_csv_table(
    path: Path,
    name: str,
    file: str,
    *,
    encoding: Any = None,
    delimiter: Any = None,
    limits: ReadLimits = _read.DEFAULT_LIMITS,
) -> tuple[_RawTable | None, list[Problem]]:
    """Read a CSV table as it is; a declared encoding or delimiter that differs is a warning."""
    try:
        data = _read.read_bytes(path, limits)
        schema = TABLES.get(name)
        if not data.strip():
            cols = ", ".join(schema.column_names) if schema else ""
            return None, [_problem("file_empty", file, columns=cols)]
        decoded = _read.decode(data, encoding)
    except _read.ReadError as exc:
        return None, [_from_issue(exc.issue, file)]
    problems = [_from_issue(i, file) for i in decoded.issues]
    text = decoded.text
    known = set(schema.column_names) if schema else set()
    declared_delim = delimiter if isinstance(delimiter, str) else None
    delim = _read.sniff_delimiter(text, known, declared_delim)
    declared, found = [], []
    if isinstance(encoding, str) and not _read.same_encoding(encoding, decoded.encoding):
        declared.append(f"encoding {encoding!r}")
        found.append(decoded.label)
    if declared_delim is not None and declared_delim != delim:
        declared.append(f"delimiter {_read.DELIMITER_LABEL.get(declared_delim, declared_delim)}")
        found.append(f"delimiter {_read.DELIMITER_LABEL[delim]}")
    if declared:
        problems.append(
            _problem(
                "dialect_declared",
                file,
                severity="warning",
                declared=", ".join(declared),
                found=", ".join(found),
            )
        )
    grid, issues = _read.read_csv_grid(text, delim, limits)
    problems.extend(_from_issue(i, file) for i in issues)
    raw, more = _frame_from_grid(grid, name, file)
    if raw is not None:
        raw.dialect = (decoded.label, delim)
        if _read.mojibake_sample(text):
            _mojibake(raw, more)
    return raw, problems + more


def _read_workbook(
    path: Path, limits: ReadLimits = _read.DEFAULT_LIMITS
) -> tuple[dict[str, pd.DataFrame] | None, list[Problem]]:
    """Every sheet of a workbook as a positional grid of str, with the problems met."""
    file = path.name
    try:
        sheets = _xlsx.read_workbook(path, limits)
    except _read.ReadError as exc:
        return None, [_from_issue(exc.issue, f"{file}[{exc.sheet}]" if exc.sheet else file)]
    problems = [_from_issue(i, f"{file}[{s.name}]") for s in sheets for i in s.issues]
    return {s.name: s.grid for s in sheets}, problems


def _read_text_file(path: Path, limits: ReadLimits = _read.DEFAULT_LIMITS) -> str | None:
    try:
        return _read.decode(_read.read_bytes(path, limits)).text
    except _read.ReadError:
        return None


# ---------------------------------------------------------------------------------------------
# Reading a whole city
# ---------------------------------------------------------------------------------------------


@dataclass
class _RawCity:
    root: Path | None  # folder holding sources/ and vocabulary/
    label: str
    meta: dict[str, Any]
    tables: dict[str, _RawTable]
    problems: list[Problem] = field(default_factory=list)
    text_frames: bool = True  # False when built from a City (files = table names)
    limits: ReadLimits = _read.DEFAULT_LIMITS


def _parse_meta_value(text: str) -> Any:
    low = text.strip().lower()
    if low in ("wahr", "ja", "true"):
        return True
    if low in ("falsch", "nein", "false"):
        return False
    if text[:1] in "[{" or re.fullmatch(r"-?\d+(\.\d+)?", text):
        try:
            return json.loads(text)
        except (ValueError, RecursionError):
            return text
    return text


def _read_meta_file(
    path: Path, file: str, limits: ReadLimits = _read.DEFAULT_LIMITS
) -> tuple[dict[str, Any], list[Problem]]:
    if not _read.exists(path):
        return {}, [_problem("meta_missing", file)]
    _, outside = _read.check_path(path.parent, path.name)
    bad = outside or _read.not_regular(path)
    if bad is not None:
        return {}, [_from_issue(bad, file)]
    try:
        meta = json.loads(_read.read_bytes(path, limits).decode("utf-8-sig"))
    except _read.ReadError as exc:
        return {}, [_from_issue(exc.issue, file)]
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        return {}, [_problem("meta_unparseable", file, error=str(exc)[:200])]
    if not isinstance(meta, dict):
        return {}, [_problem("meta_not_object", file)]
    return meta, []


def _declared_resources(meta: dict[str, Any]) -> dict[str, dict[str, Any]]:
    resources = meta.get("resources")
    if not isinstance(resources, list):
        return {}
    return {
        str(r["name"]): r
        for r in resources
        if isinstance(r, dict) and isinstance(r.get("name"), str) and r["name"] in TABLES
    }


def _check_declarations(meta: dict[str, Any], problems: list[Problem]) -> None:
    """Wrong JSON types in the resource declarations of ``datapackage.json``."""
    file = "datapackage.json"

    def wrong(key: str, value: Any, expected: str, severity: str = "error") -> None:
        problems.append(
            _problem(
                "json_type",
                file,
                None,
                key,
                value,
                severity=severity,
                key=key,
                found=type(value).__name__,
                expected=expected,
            )
        )

    resources = meta.get("resources")
    if resources is None:
        return
    if not isinstance(resources, list):
        wrong("resources", resources, "eine Liste von Tabellenbeschreibungen [...]")
        return
    for i, r in enumerate(resources):
        if not isinstance(r, dict):
            wrong(f"resources[{i}]", r, "ein Objekt {...}")
            continue
        name = r.get("name")
        if not isinstance(name, str):
            wrong(f"resources[{i}].name", name, "ein Tabellenname als Text")
            continue
        where = f"resources[{name}]"
        if "encoding" in r and not isinstance(r["encoding"], str):
            wrong(f"{where}.encoding", r["encoding"], "Text wie 'utf-8'", "warning")
        dialect = r.get("dialect")
        if dialect is not None and not isinstance(dialect, dict):
            wrong(f"{where}.dialect", dialect, "ein Objekt wie {'delimiter': ';'}", "warning")
        elif isinstance(dialect, dict) and "delimiter" in dialect:
            d = dialect["delimiter"]
            if not isinstance(d, str) or len(d) != 1:
                wrong(f"{where}.dialect.delimiter", d, "ein Zeichen wie ';'", "warning")


def _table_file(
    folder: Path, name: str, resource: dict[str, Any], problems: list[Problem]
) -> Path | None:
    """The file of table ``name``: declared or ``<name>.csv``/``.xlsx``; only regular files
    inside the folder, anything else is a problem and is never opened."""
    path_decl = resource.get("path")
    if "path" in resource:
        where = f"resources[{name}].path"
        path, bad = _read.check_path(folder, path_decl)
        if bad is not None:
            problems.append(_from_issue(bad, "datapackage.json"))
            problems[-1] = Problem(**{**problems[-1].__dict__, "column": where})
            return None
        if not _read.exists(path):
            problems.append(_problem("file_missing", str(path_decl), table=name))
            return None
        candidates = [path]
    else:
        candidates = [
            p for p in (folder / f"{name}.csv", folder / f"{name}.xlsx") if _read.exists(p)
        ]
        if len(candidates) == 2:
            problems.append(
                _problem(
                    "both_formats",
                    f"{name}.xlsx",
                    severity="warning",
                    table=name,
                    used=f"{name}.csv",
                )
            )
    if not candidates:
        if not TABLES[name].optional:
            problems.append(
                _problem(
                    "table_missing",
                    f"{name}.csv",
                    table=name,
                    expected_de=f"die Datei {name}.csv oder {name}.xlsx",
                    expected_en=f"the file {name}.csv or {name}.xlsx",
                )
            )
        return None
    path = candidates[0]
    file = path.relative_to(folder).as_posix()
    _, bad = _read.check_path(folder, file)
    bad = bad or _read.not_regular(path)
    if bad is not None:
        problems.append(_from_issue(bad, file))
        return None
    return path


def _read_folder(folder: Path, limits: ReadLimits = _read.DEFAULT_LIMITS) -> _RawCity:
    meta, problems = _read_meta_file(folder / "datapackage.json", "datapackage.json", limits)
    _check_declarations(meta, problems)
    declared = _declared_resources(meta)
    tables: dict[str, _RawTable] = {}
    for name in ALL_TABLES:
        resource = declared.get(name, {})
        path = _table_file(folder, name, resource, problems)
        if path is None:
            continue
        file = path.relative_to(folder).as_posix()
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            sheets, more = _read_workbook(path, limits)
            problems.extend(Problem(**{**p.__dict__, "file": p.file.replace(path.name, file, 1)})
                            for p in more)  # fmt: skip
            if sheets is None:
                continue
            if not sheets:
                problems.append(_problem("xlsx_unreadable", file, error="keine Tabellenblätter"))
                continue
            sheet = next((s for s in sheets if s.strip().lower() == name), next(iter(sheets)))
            raw, more = _frame_from_grid(sheets[sheet], name, f"{file}[{sheet}]")
        else:
            dialect = resource.get("dialect") if isinstance(resource.get("dialect"), dict) else {}
            raw, more = _read_csv_table(
                path,
                name,
                file,
                encoding=resource.get("encoding"),
                delimiter=dialect.get("delimiter"),
                limits=limits,
            )
        problems.extend(more)
        if raw is not None:
            tables[name] = raw
    return _RawCity(folder, folder.name, meta, tables, problems, limits=limits)


def _read_single_workbook(path: Path, limits: ReadLimits = _read.DEFAULT_LIMITS) -> _RawCity:
    file = path.name
    sheets, problems = _read_workbook(path, limits)
    if sheets is None:
        return _RawCity(path.parent, path.stem, {}, {}, problems, limits=limits)
    by_name = {s.strip().lower(): s for s in sheets}
    meta: dict[str, Any] = {}
    if "meta" in by_name:
        grid = sheets[by_name["meta"]]
        for _, row in grid.iterrows():
            key = row.iloc[0].strip() if len(row) else ""
            if not key or key.lower() in ("key", "schlüssel"):
                continue
            meta[key] = _parse_meta_value(row.iloc[1] if len(row) > 1 else "")
    else:
        meta, more = _read_meta_file(path.parent / "datapackage.json", "datapackage.json", limits)
        if more and more[0].code == "meta_missing":
            more = [_problem("meta_missing", f"{file}[meta]")]
        problems.extend(more)
    tables: dict[str, _RawTable] = {}
    for name in ALL_TABLES:
        if name not in by_name:
            if not TABLES[name].optional:
                problems.append(
                    _problem(
                        "table_missing",
                        file,
                        table=name,
                        expected_de=f"ein Tabellenblatt '{name}'",
                        expected_en=f"a sheet '{name}'",
                    )
                )
            continue
        sheet = by_name[name]
        raw, more = _frame_from_grid(sheets[sheet], name, f"{file}[{sheet}]")
        problems.extend(more)
        if raw is not None:
            tables[name] = raw
    expected = ", ".join([*ALL_TABLES, "meta"])
    helpers = {s.lower() for s in TEMPLATE_SHEETS}
    for sheet in sheets:
        if sheet.strip().lower() not in (*ALL_TABLES, "meta", *helpers):
            problems.append(
                _problem("sheet_unknown", f"{file}[{sheet}]", severity="warning", expected=expected)
            )
    return _RawCity(path.parent, path.stem, meta, tables, problems, limits=limits)


def _read_city(path: Path, limits: ReadLimits = _read.DEFAULT_LIMITS) -> _RawCity:
    if path.is_dir():
        return _read_folder(path, limits)
    if path.is_file() and path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_single_workbook(path, limits)
    return _RawCity(None, path.name, {}, {}, [_problem("not_a_city", str(path))], limits=limits)


def _series_text(s: pd.Series) -> pd.Series:
    """Any column as stripped ``str`` with "" for missing values (what a CSV would show)."""
    if isinstance(s.dtype, pd.StringDtype) or s.dtype == object or s.dtype == "str":
        if s.dtype == object:
            out = s.map(_cell_text)
        else:
            out = s.fillna("").astype(str).str.strip()
        return out.astype(object)
    if pd.api.types.is_bool_dtype(s.dtype):
        return s.map(lambda v: "" if pd.isna(v) else ("true" if v else "false")).astype(object)
    if pd.api.types.is_integer_dtype(s.dtype):
        return s.astype("string").fillna("").astype(object)
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        return s.dt.strftime("%Y-%m-%d").fillna("").astype(object)
    return s.map(_cell_text).astype(object)


def _raw_from_city(city: City) -> _RawCity:
    tables = {}
    for name in ALL_TABLES:
        frame = getattr(city, name)
        cols = [c for c in frame.columns if c in TABLES[name].column_names]
        text = pd.DataFrame({c: _series_text(frame[c]) for c in cols})
        text.index = np.arange(2, len(frame) + 2)
        if len(frame) or not TABLES[name].optional:
            tables[name] = _RawTable(name, name, text)
    root = city.path if city.path is not None and city.path.is_dir() else None
    if root is None and city.path is not None and city.path.is_file():
        root = city.path.parent
    return _RawCity(root, city.name, dict(city.meta), tables, [], text_frames=False)
