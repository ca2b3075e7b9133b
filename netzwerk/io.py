"""Reading city folders: tables, types, dates, and the ``City`` object.

FIRST DRAFT (skeleton): loads UTF-8 CSV folders without validation. To be replaced by the full
loader and validator (German spreadsheet CSV, XLSX, ``validate``, ``DataError``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from netzwerk._schema import TABLE_ORDER, TABLES

__all__ = ["City", "DataError", "Problem", "load_city", "parse_partial_date", "write_datapackage"]


@dataclass(frozen=True)
class Problem:
    """One problem found in a city's data."""

    file: str
    row: int | None
    column: str | None
    value: Any
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", Zeile {self.row}"
        if self.column:
            where += f", Spalte {self.column!r}"
        value = "" if self.value is None else f": {self.value!r}"
        return f"{where}{value}: {self.message}"


class DataError(ValueError):
    """Invalid city data; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        lines = [str(p) for p in self.problems if p.severity == "error"] or [
            str(p) for p in self.problems
        ]
        super().__init__(f"{len(lines)} problem(s) in the data:\n" + "\n".join(lines))


def _empty_table(name: str) -> pd.DataFrame:
    return pd.DataFrame(
        {c: pd.Series(dtype=_dtype(TABLES[name].column(c).type)) for c in TABLES[name].column_names}
    )


def _dtype(kind: str) -> str:
    return {"integer": "Int64", "boolean": "boolean"}.get(kind, "string")


_DATE_PATTERNS = [
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), "day", lambda m: (m[1], m[2], m[3])),
    (re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$"), "day", lambda m: (m[3], m[2], m[1])),
    (re.compile(r"^(\d{4})-(\d{2})$"), "month", lambda m: (m[1], m[2], None)),
    (re.compile(r"^(\d{1,2})\.(\d{4})$"), "month", lambda m: (m[2], m[1], None)),
    (re.compile(r"^(\d{4})$"), "year", lambda m: (m[1], None, None)),
    (re.compile(r"^(\d{4})-Q([1-4])$"), "quarter", lambda m: (m[1], str(int(m[2]) * 3 - 2), None)),
]


def parse_partial_date(value: str) -> tuple[str, pd.Timestamp, pd.Timestamp]:
    """Parse a full or partial date into ``(iso, start, end)``.

    Accepts ``2020-03-05``, ``05.03.2020``, ``2020-03``, ``03.2020``, ``2020`` and quarters
    ``2020-Q1``. ``start``/``end`` are the first and last day the value can mean.

    Examples
    --------
    >>> parse_partial_date("05.03.2020")[0]
    '2020-03-05'
    >>> iso, start, end = parse_partial_date("2020-02")
    >>> iso, start.date().isoformat(), end.date().isoformat()
    ('2020-02', '2020-02-01', '2020-02-29')
    """
    text = str(value).strip()
    for pattern, precision, parts in _DATE_PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        year, month, day = parts(m)
        y = int(year)
        if precision == "day":
            start = pd.Timestamp(year=y, month=int(month), day=int(day))
            return start.strftime("%Y-%m-%d"), start, start
        if precision == "month":
            start = pd.Timestamp(year=y, month=int(month), day=1)
            return start.strftime("%Y-%m"), start, start + pd.offsets.MonthEnd(0)
        if precision == "quarter":
            start = pd.Timestamp(year=y, month=int(month), day=1)
            return f"{y}-Q{(int(month) + 2) // 3}", start, start + pd.offsets.QuarterEnd(0)
        start = pd.Timestamp(year=y, month=1, day=1)
        return f"{y:04d}", start, pd.Timestamp(year=y, month=12, day=31)
    raise ValueError(f"not a date: {value!r}; expected YYYY-MM-DD, DD.MM.YYYY, YYYY-MM or YYYY")


@dataclass
class City:
    """A city's validated tables and metadata.

    Attributes
    ----------
    actors, events, participation, referrals, resources, sources : pandas.DataFrame
        The tables, with the columns of the data contract (DESIGN.md). Optional tables are empty
        but present. ``events`` has ``date_start``/``date_end`` and ``referrals`` has
        ``period_start``/``period_end`` (first and last day a partial date can mean).
    meta : dict
        The content of ``datapackage.json``.
    path : Path or None
        Where the city was loaded from.
    """

    actors: pd.DataFrame
    events: pd.DataFrame
    participation: pd.DataFrame
    referrals: pd.DataFrame
    resources: pd.DataFrame
    sources: pd.DataFrame
    meta: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None

    @property
    def name(self) -> str:
        """The city's short name (``meta["name"]``)."""
        return str(self.meta.get("name", self.path.name if self.path else "city"))

    @property
    def synthetic(self) -> bool:
        """True if the data are synthetic (``meta["synthetic"]``)."""
        return bool(self.meta.get("synthetic", False))

    @classmethod
    def from_frames(cls, meta: dict[str, Any] | None = None, **tables: pd.DataFrame) -> City:
        """Build a City from DataFrames (missing tables and columns are added empty).

        Values are typed as :func:`load_city` types them; no validation is done.

        Examples
        --------
        >>> import pandas as pd
        >>> city = City.from_frames(actors=pd.DataFrame({"actor_id": ["a"], "name": ["A"],
        ...     "sector": ["mso"], "level": ["kommune"]}))
        >>> len(city.actors), len(city.events)
        (1, 0)
        """
        unknown = set(tables) - set(TABLES)
        if unknown:
            raise TypeError(f"unknown table(s) {sorted(unknown)}; expected {list(TABLE_ORDER)}")
        frames = {name: _typed(name, tables.get(name)) for name in TABLE_ORDER}
        return cls(**frames, meta=dict(meta or {}))


def _typed(name: str, frame: pd.DataFrame | None) -> pd.DataFrame:
    if frame is None:
        frame = _empty_table(name)
    frame = frame.copy()
    schema = TABLES[name]
    for col in schema.columns:
        if col.name not in frame.columns:
            frame[col.name] = pd.Series(
                [pd.NA] * len(frame), dtype=_dtype(col.type), index=frame.index
            )
            if col.type == "boolean":
                frame[col.name] = frame[col.name].fillna(False)
            continue
        s = frame[col.name]
        if col.type == "integer":
            frame[col.name] = pd.to_numeric(s.replace("", pd.NA), errors="raise").astype("Int64")
        elif col.type == "boolean":
            frame[col.name] = s.map(_to_bool).astype("boolean")
        else:
            s = s.astype("string").str.strip()
            frame[col.name] = s.mask(s == "", pd.NA)
    if name == "events":
        _add_date_range(frame, "date", "date")
    if name == "referrals":
        _add_date_range(frame, "period", "period")
    return frame.reset_index(drop=True)


_TRUE = {"true", "wahr", "ja", "yes", "1", "x"}
_FALSE = {"false", "falsch", "nein", "no", "0", ""}


def _to_bool(value: Any) -> bool:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return False
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"not a boolean: {value!r}")


def _add_date_range(frame: pd.DataFrame, column: str, prefix: str) -> None:
    iso, start, end = [], [], []
    for value in frame[column]:
        if value is pd.NA or value is None:
            iso.append(pd.NA)
            start.append(pd.NaT)
            end.append(pd.NaT)
            continue
        i, s, e = parse_partial_date(value)
        iso.append(i)
        start.append(s)
        end.append(e)
    frame[column] = pd.Series(iso, dtype="string", index=frame.index)
    frame[f"{prefix}_start"] = pd.to_datetime(pd.Series(start, index=frame.index))
    frame[f"{prefix}_end"] = pd.to_datetime(pd.Series(end, index=frame.index))


def load_city(path: str | Path) -> City:
    """Load a city folder (``datapackage.json`` + CSV tables).

    DRAFT: UTF-8 CSV with ``,`` only, no validation.
    """
    path = Path(path)
    meta = json.loads((path / "datapackage.json").read_text(encoding="utf-8"))
    tables = {}
    for name in TABLE_ORDER:
        file = path / f"{name}.csv"
        if file.exists():
            tables[name] = pd.read_csv(file, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    city = City.from_frames(meta=meta, **tables)
    city.path = path
    return city


def write_datapackage(folder: str | Path, meta: dict[str, Any]) -> Path:
    """Write ``folder/datapackage.json``: ``meta`` plus a Frictionless Table Schema per table.

    Only tables whose CSV file exists in ``folder`` are listed.
    """
    folder = Path(folder)
    resources = []
    for name in TABLE_ORDER:
        if not (folder / f"{name}.csv").exists():
            continue
        resources.append(_resource_descriptor(name, f"{name}.csv"))
    descriptor = {**meta, "profile": "tabular-data-package", "resources": resources}
    out = folder / "datapackage.json"
    out.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return out


_FRICTIONLESS_TYPES = {
    "string": "string",
    "integer": "integer",
    "boolean": "boolean",
    "date": "string",
    "period": "string",
}


def _resource_descriptor(name: str, path: str) -> dict[str, Any]:
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
            constraints["pattern"] = col.pattern
        if col.type == "boolean":
            f["trueValues"] = ["true", "True", "TRUE", "1"]
            f["falseValues"] = ["false", "False", "FALSE", "0"]
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
    return {
        "name": name,
        "path": path,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": table_schema,
    }
