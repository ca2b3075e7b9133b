"""Reading and checking city data: tables, types, dates, the ``City`` object and ``validate``.

A city is a folder with ``datapackage.json`` (metadata and table descriptors), one file per table
(``actors.csv`` or ``actors.xlsx``, …) and the source documents under ``sources/``; or a single
``.xlsx`` workbook with one sheet per table (see :func:`load_city`).

Tables are read as text first, every check is made on the text, and only then are the columns
typed. That way every problem can name the file, the row as the spreadsheet shows it (the header is
row 1, the first data row is row 2), the column, the bad value and what would be right; and all
problems are reported at once instead of stopping at the first.

The checks are vectorised: each column is factorised and every test runs once per distinct value,
so a referral table of a million rows is checked in seconds. Python-level loops run only over
distinct values and over the rows that actually have a problem.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import difflib
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from netzwerk import _read, _referral_checks, _xlsx
from netzwerk._read import ReadLimits
from netzwerk._read import cell_text as _cell_text
from netzwerk._schema import ALL_TABLES, TABLE_ORDER, TABLES, TEMPLATE_SHEETS, Column, Table
from netzwerk.vocab import VOCABULARY_NAMES, Vocabulary, load_vocabulary

__all__ = [
    "City",
    "DataError",
    "Problem",
    "ReadLimits",
    "load_city",
    "parse_partial_date",
    "validate",
    "write_datapackage",
]

# ---------------------------------------------------------------------------------------------
# Problems
# ---------------------------------------------------------------------------------------------

#: code → (German template, English template). Templates use ``str.format`` fields.
_MESSAGES: dict[str, tuple[str, str]] = {
    "not_a_city": (
        "weder ein Stadtordner noch eine .xlsx-Arbeitsmappe",
        "neither a city folder nor an .xlsx workbook",
    ),
    "meta_missing": (
        "datapackage.json fehlt; mit netzwerk.write_datapackage(ordner, meta) erzeugen",
        "datapackage.json is missing; create it with netzwerk.write_datapackage(folder, meta)",
    ),
    "meta_unparseable": (
        "kein gültiges JSON ({error})",
        "not valid JSON ({error})",
    ),
    "meta_not_object": (
        "erwartet ein JSON-Objekt {{...}} mit den Metadaten der Stadt",
        "expected a JSON object {{...}} with the city's metadata",
    ),
    "meta_name_missing": (
        "Angabe 'name' (Kurzname der Stadt) fehlt; verwende den Ordnernamen",
        "'name' (the city's short name) is missing; using the folder name",
    ),
    "meta_synthetic_missing": (
        "Angabe 'synthetic' fehlt; true für erfundene, false für echte Daten eintragen",
        "'synthetic' is missing; set true for made-up data, false for real data",
    ),
    "meta_synthetic_type": (
        "'synthetic' muss true oder false sein",
        "'synthetic' must be true or false",
    ),
    "table_missing": (
        "Pflichttabelle '{table}' fehlt; erwartet {expected_de}",
        "required table '{table}' is missing; expected {expected_en}",
    ),
    "file_missing": (
        "Datei fehlt (in datapackage.json als Tabelle '{table}' angegeben)",
        "file is missing (declared in datapackage.json as table '{table}')",
    ),
    "both_formats": (
        "'{table}' liegt als CSV und als XLSX vor; verwende {used}",
        "'{table}' exists as CSV and as XLSX; using {used}",
    ),
    "file_empty": (
        "Datei ist leer; erwartet mindestens die Kopfzeile mit {columns}",
        "file is empty; expected at least the header row with {columns}",
    ),
    "no_rows": (
        "Tabelle hat keine Datenzeilen",
        "table has no data rows",
    ),
    "binary_file": (
        "keine Textdatei ({hint_de}); als CSV (UTF-8) speichern",
        "not a text file ({hint_en}); save it as CSV (UTF-8)",
    ),
    "encoding": (
        "Zeichenkodierung nicht erkennbar: Byte {byte} in Zeile {line} ist weder UTF-8 "
        "noch Windows-1252; die Datei als 'CSV UTF-8' speichern",
        "unknown character encoding: byte {byte} in line {line} is neither UTF-8 nor "
        "Windows-1252; save the file as 'CSV UTF-8'",
    ),
    "xlsx_unreadable": (
        "Arbeitsmappe nicht lesbar ({error}); mit Excel oder LibreOffice als .xlsx speichern",
        "workbook cannot be read ({error}); save it as .xlsx with Excel or LibreOffice",
    ),
    "sheet_unknown": (
        "unbekanntes Tabellenblatt, wird ignoriert; erwartet {expected}",
        "unknown sheet, ignored; expected {expected}",
    ),
    "too_many_fields": (
        "Zeile hat {n} Felder, die Kopfzeile nur {m}; Text mit Trennzeichen in "
        "Anführungszeichen setzen",
        "row has {n} fields but the header only {m}; put text containing the separator in quotes",
    ),
    "csv_unparseable": (
        "CSV nicht lesbar ({error})",
        "CSV cannot be parsed ({error})",
    ),
    "column_missing": (
        "Pflichtspalte '{missing}' fehlt in der Kopfzeile; erwartet die Spalten {columns}"
        "{suggestion}",
        "required column '{missing}' is missing from the header; expected the columns {columns}"
        "{suggestion_en}",
    ),
    "column_unknown": (
        "unbekannte Spalte, wird ignoriert{suggestion}",
        "unknown column, ignored{suggestion}",
    ),
    "column_duplicate": (
        "Spalte kommt mehrfach vor; nur die erste wird gelesen",
        "column appears more than once; only the first is read",
    ),
    "column_no_header": (
        "Spalte ohne Überschrift hat Werte; wird ignoriert",
        "column without a header has values; ignored",
    ),
    "required": (
        "Wert fehlt; '{column}' ist eine Pflichtangabe",
        "value is missing; '{column}' is required",
    ),
    "integer": (
        "keine ganze Zahl; erwartet eine ganze Zahl ≥ {minimum} ohne Tausenderpunkt, z. B. 12",
        "not a whole number; expected a whole number ≥ {minimum} without separators, e.g. 12",
    ),
    "negative": (
        "Zahl kleiner als {minimum}; erwartet eine ganze Zahl ≥ {minimum}",
        "number below {minimum}; expected a whole number ≥ {minimum}",
    ),
    "boolean": (
        "kein Wahrheitswert; erwartet wahr/falsch, ja/nein, true/false, 1/0 oder leer",
        "not a boolean; expected true/false, wahr/falsch, ja/nein, 1/0 or empty",
    ),
    "date": (
        "kein Datum; erwartet TT.MM.JJJJ, JJJJ-MM-TT, JJJJ-MM, MM.JJJJ oder JJJJ",
        "not a date; expected DD.MM.YYYY, YYYY-MM-DD, YYYY-MM, MM.YYYY or YYYY",
    ),
    "period": (
        "kein Zeitraum; erwartet TT.MM.JJJJ, JJJJ-MM-TT, JJJJ-MM, MM.JJJJ, JJJJ oder "
        "ein Quartal JJJJ-Qn",
        "not a period; expected DD.MM.YYYY, YYYY-MM-DD, YYYY-MM, MM.YYYY, YYYY or a quarter "
        "YYYY-Qn",
    ),
    "date_invalid": (
        "kein gültiges Kalenderdatum (Tag oder Monat gibt es nicht)",
        "not a calendar date (no such day or month)",
    ),
    "pattern": (
        "kein gültiger Kurzname; erwartet Kleinbuchstaben a–z, Ziffern, '-' und '_'{suggestion}",
        "not a valid short id; expected lower-case letters a–z, digits, '-' and '_'{suggestion}",
    ),
    "vocab": (
        "unbekannter Wert für '{vocab}'; erlaubt: {codes}{suggestion}",
        "unknown value for '{vocab}'; allowed: {codes}{suggestion}",
    ),
    "foreign_key": (
        "kein {target_de} mit diesem Wert in {target_file}{suggestion}",
        "no {target_en} with this value in {target_file}{suggestion}",
    ),
    "duplicate_key": (
        "Schlüssel ({key}) doppelt; schon in Zeile {first}",
        "duplicate key ({key}); already in row {first}",
    ),
    "parent_cycle": (
        "parent_id bildet einen Kreis: {cycle}; eine Organisation kann nicht (mittelbar) "
        "ihre eigene übergeordnete Organisation sein",
        "parent_id forms a cycle: {cycle}; an organisation cannot be its own (indirect) parent",
    ),
    "quote_no_source": (
        "Zitat ohne source_id; die Quelle angeben, in der das Zitat steht",
        "quote without source_id; name the source that contains the quote",
    ),
    "quote_not_found": (
        "Zitat steht nicht in sources/{source_file} (verglichen wird wörtlich, nur Folgen von "
        "Leerraum zählen als ein Leerzeichen)",
        "quote not found in sources/{source_file} (compared literally; only runs of whitespace "
        "count as one space)",
    ),
    "quotes_unchecked": (
        "Zitate nicht geprüft: die Stadt hat keinen Ordner mit sources/",
        "quotes not checked: the city has no folder with sources/",
    ),
    "source_file_missing": (
        "Quelldatei sources/{source_file} nicht gefunden",
        "source file sources/{source_file} not found",
    ),
    "source_file_unreadable": (
        "Quelldatei sources/{source_file} ist keine lesbare Textdatei (UTF-8 oder Windows-1252); "
        "Zitate können nicht geprüft werden",
        "source file sources/{source_file} is not a readable text file (UTF-8 or Windows-1252); "
        "quotes cannot be checked",
    ),
    "actor_unused": (
        "Akteur kommt in keiner Teilnahme, keinem Verweis und keiner Ressourcenkarte vor",
        "actor appears in no participation, no referral and no resource card",
    ),
    "event_empty": (
        "Veranstaltung hat keine Teilnehmenden in participation",
        "event has no participants in participation",
    ),
    "self_referral": (
        "Verweis an sich selbst (from_id = to_id)",
        "referral to itself (from_id = to_id)",
    ),
    "attribution_without_actor": (
        "attribution '{attribution}', aber actor_id ist leer",
        "attribution '{attribution}' but actor_id is empty",
    ),
    "attribution_unknown_actor": (
        "attribution 'unknown', aber actor_id ist angegeben; 'stated' oder 'inferred' verwenden",
        "attribution 'unknown' but actor_id is given; use 'stated' or 'inferred'",
    ),
}
_MESSAGES.update(_referral_checks.MESSAGES)  # count maximum, overlapping periods

_MESSAGES.update(_read.READ_MESSAGES)


@dataclass(frozen=True)
class Problem:
    """One problem found in a city's data.

    Attributes
    ----------
    file : str
        The file (relative to the city folder, e.g. ``"actors.csv"``), a workbook sheet
        (``"stadt.xlsx[actors]"``) or a table name when a :class:`City` object was checked.
    row : int or None
        The row as a spreadsheet shows it: the header is row 1, the first data row is row 2.
    column : str or None
        The column the problem is in.
    value : object
        The offending value as found in the file (None when the problem has no single value).
    message : str
        What is wrong and what is expected, in German.
    severity : {"error", "warning"}
        Errors make :func:`load_city` fail; warnings are shown but do not.
    code : str
        A stable identifier of the kind of problem (e.g. ``"foreign_key"``, ``"vocab"``).
    message_en : str
        The message in English.
    """

    file: str
    row: int | None
    column: str | None
    value: Any
    message: str
    severity: str = "error"
    code: str = ""
    message_en: str = ""

    def format(self, lang: str = "de") -> str:
        """The problem as one line: where, the value, the message (``lang`` "de" or "en")."""
        if lang not in ("de", "en"):
            raise ValueError(f"lang must be 'de' or 'en', got {lang!r}")
        row_word, col_word = ("Zeile", "Spalte") if lang == "de" else ("row", "column")
        where = self.file
        if self.row is not None:
            where += f", {row_word} {self.row}"
        if self.column:
            where += f", {col_word} {self.column!r}"
        value = "" if self.value is None else f": {self.value!r}"
        message = self.message_en if lang == "en" and self.message_en else self.message
        return f"{where}{value}: {message}"

    def __str__(self) -> str:
        return self.format("de")


def _problem(
    code: str,
    file: str,
    row: int | None = None,
    column: str | None = None,
    value: Any = None,
    *,
    severity: str = "error",
    **params: Any,
) -> Problem:
    de, en = _MESSAGES[code]
    return Problem(
        file=file,
        row=None if row is None else int(row),
        column=column,
        value=value,
        message=de.format(**params),
        severity=severity,
        code=code,
        message_en=en.format(**params),
    )


class DataError(ValueError):
    """Invalid city data; ``problems`` lists every problem found (errors and warnings).

    Examples
    --------
    >>> err = DataError([Problem("actors.csv", 3, "sector", "wohlfart", "unbekannt")])
    >>> len(err.problems), err.problems[0].row
    (1, 3)
    """

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        lines = [str(p) for p in self.problems if p.severity == "error"] or [
            str(p) for p in self.problems
        ]
        super().__init__(f"{len(lines)} problem(s) in the data:\n" + "\n".join(lines))


# ---------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------

_DATE_PATTERNS = [
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), "day", lambda m: (m[1], m[2], m[3])),
    (re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$"), "day", lambda m: (m[3], m[2], m[1])),
    (re.compile(r"^(\d{4})-(\d{1,2})$"), "month", lambda m: (m[1], m[2], None)),
    (re.compile(r"^(\d{1,2})\.(\d{4})$"), "month", lambda m: (m[2], m[1], None)),
    (re.compile(r"^(\d{4})$"), "year", lambda m: (m[1], None, None)),
    (
        re.compile(r"^(\d{4})-[Qq]([1-4])$"),
        "quarter",
        lambda m: (m[1], str(int(m[2]) * 3 - 2), None),
    ),
]


class _NotADate(ValueError):
    pass


class _BadCalendarDate(ValueError):
    pass


def _parse_date(text: str) -> tuple[str, pd.Timestamp, pd.Timestamp, str]:
    """``(iso, start, end, precision)``; raises _NotADate or _BadCalendarDate."""
    for pattern, precision, parts in _DATE_PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        year, month, day = parts(m)
        y = int(year)
        try:
            if precision == "day":
                start = pd.Timestamp(year=y, month=int(month), day=int(day))
                return start.strftime("%Y-%m-%d"), start, start, precision
            if precision == "month":
                start = pd.Timestamp(year=y, month=int(month), day=1)
                end = start + pd.offsets.MonthEnd(0)
                return start.strftime("%Y-%m"), start, end, precision
            if precision == "quarter":
                start = pd.Timestamp(year=y, month=int(month), day=1)
                end = start + pd.offsets.QuarterEnd(0)
                return f"{y:04d}-Q{(int(month) + 2) // 3}", start, end, precision
            start = pd.Timestamp(year=y, month=1, day=1)
            return f"{y:04d}", start, pd.Timestamp(year=y, month=12, day=31), precision
        except ValueError as exc:  # month 13, 30 February, year 0 ...
            raise _BadCalendarDate(text) from exc
    raise _NotADate(text)


def parse_partial_date(value: str) -> tuple[str, pd.Timestamp, pd.Timestamp]:
    """Parse a full or partial date into ``(iso, start, end)``.

    Parameters
    ----------
    value : str
        ``2020-03-05``, ``05.03.2020`` (also ``5.3.2020``), ``2020-03``, ``03.2020``, ``2020``
        or a quarter ``2020-Q1``. Surrounding whitespace is ignored.

    Returns
    -------
    iso : str
        The value in ISO form at its own precision: ``2020-03-05``, ``2020-03``, ``2020`` or
        ``2020-Q1``.
    start, end : pandas.Timestamp
        The first and the last day the value can mean.

    Raises
    ------
    ValueError
        If ``value`` has none of these forms or names a day that does not exist.

    Examples
    --------
    >>> parse_partial_date("05.03.2020")[0]
    '2020-03-05'
    >>> iso, start, end = parse_partial_date("2020-02")
    >>> iso, start.date().isoformat(), end.date().isoformat()
    ('2020-02', '2020-02-01', '2020-02-29')
    >>> iso, start, end = parse_partial_date("2021-Q2")
    >>> iso, start.date().isoformat(), end.date().isoformat()
    ('2021-Q2', '2021-04-01', '2021-06-30')
    """
    text = str(value).strip()
    try:
        iso, start, end, _ = _parse_date(text)
    except _BadCalendarDate:
        raise ValueError(f"not a calendar date: {value!r}; no such day or month") from None
    except _NotADate:
        raise ValueError(
            f"not a date: {value!r}; expected YYYY-MM-DD, DD.MM.YYYY, YYYY-MM, MM.YYYY, YYYY "
            "or YYYY-Qn"
        ) from None
    return iso, start, end


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


# ---------------------------------------------------------------------------------------------
# Checking and typing
# ---------------------------------------------------------------------------------------------


def _dtype(kind: str) -> str:
    return {"integer": "Int64", "boolean": "boolean"}.get(kind, "string")


def _empty_table(name: str) -> pd.DataFrame:
    frame = pd.DataFrame({c.name: pd.Series(dtype=_dtype(c.type)) for c in TABLES[name].columns})
    return _add_ranges(name, frame, {})


_TRUE = {"true", "wahr", "ja", "yes", "1", "x"}
_FALSE = {"false", "falsch", "nein", "no", "0", ""}
_INT_RE = re.compile(r"^\+?\d+$")
_NEG_RE = re.compile(r"^-\d+$")


@dataclass
class _ColumnResult:
    typed: pd.Series
    issues: list[tuple[np.ndarray, str, dict[str, Any]]]  # (bad row mask, code, params)
    start: np.ndarray | None = None
    end: np.ndarray | None = None
    # per bad-unique-value message parameters (e.g. did-you-mean), keyed by value
    value_params: dict[str, dict[str, Any]] = field(default_factory=dict)


def _check_column(
    text: pd.Series, col: Column, vocabularies: dict[str, Vocabulary] | None = None
) -> _ColumnResult:
    """Type one text column and find its bad values; every test runs once per distinct value."""
    codes, uniques = pd.factorize(text.to_numpy(dtype=object), use_na_sentinel=False)
    uniq = np.asarray(uniques, dtype=object)
    empty_u = uniq == ""
    issues: list[tuple[np.ndarray, str, dict[str, Any]]] = []
    value_params: dict[str, dict[str, Any]] = {}

    def add(bad_u: np.ndarray, code: str, **params: Any) -> None:
        if bad_u.any():
            issues.append((bad_u[codes], code, params))

    if col.required:
        add(empty_u, "required", column=col.name)
    start = end = None
    if col.type == "integer":
        minimum = 0 if col.minimum is None else col.minimum
        ok_u = np.array([bool(_INT_RE.match(u)) for u in uniq], dtype=bool)
        huge_u = np.array([len(u.lstrip("+-")) > 15 for u in uniq], dtype=bool)
        neg_or_ok = ok_u | np.array([bool(_NEG_RE.match(u)) for u in uniq], dtype=bool)
        add(huge_u & neg_or_ok, "number_too_large")
        ok_u &= ~huge_u
        neg_u = np.array([bool(_NEG_RE.match(u)) for u in uniq], dtype=bool)
        add(~ok_u & ~neg_u & ~empty_u & ~huge_u, "integer", minimum=minimum)
        if col.minimum is not None:
            add(neg_u, "negative", minimum=minimum)
        big_u = _referral_checks.too_large(uniq, ok_u)
        add(big_u, "too_large", maximum=f"{_referral_checks.MAX_INTEGER:_}".replace("_", "."))
        ok_u &= ~big_u
        values_u = pd.array(
            [int(u) if ok else pd.NA for u, ok in zip(uniq, ok_u, strict=True)],
            dtype="Int64",
        )
        typed = pd.Series(values_u.take(codes), index=text.index, dtype="Int64")
    elif col.type == "boolean":
        low = np.array([u.lower() for u in uniq], dtype=object)
        true_u = np.isin(low, list(_TRUE))
        add(~true_u & ~np.isin(low, list(_FALSE)), "boolean")
        typed = pd.Series(true_u[codes], index=text.index, dtype="boolean")
    elif col.type in ("date", "period"):
        iso_u: list[Any] = []
        start_u = np.full(len(uniq), np.datetime64("NaT"), dtype="datetime64[ns]")
        end_u = start_u.copy()
        bad_format = np.zeros(len(uniq), dtype=bool)
        bad_calendar = np.zeros(len(uniq), dtype=bool)
        for i, u in enumerate(uniq):
            if u == "":
                iso_u.append(pd.NA)
                continue
            try:
                iso, s, e, precision = _parse_date(u)
                if precision == "quarter" and col.type == "date":
                    raise _NotADate(u)
            except _NotADate:
                bad_format[i] = True
                iso_u.append(pd.NA)
                continue
            except _BadCalendarDate:
                bad_calendar[i] = True
                iso_u.append(pd.NA)
                continue
            iso_u.append(iso)
            start_u[i] = np.datetime64(s, "ns")
            end_u[i] = np.datetime64(e, "ns")
        add(bad_format, col.type)
        add(bad_calendar, "date_invalid")
        typed = pd.Series(
            pd.array(iso_u, dtype="string").take(codes), index=text.index, dtype="string"
        )
        start, end = start_u[codes], end_u[codes]
    else:
        typed = pd.Series(
            pd.array(np.where(empty_u, None, uniq), dtype="string").take(codes),
            index=text.index,
            dtype="string",
        )
    if col.pattern:
        rx = re.compile(col.pattern)
        bad_u = np.array([u != "" and not rx.match(u) for u in uniq], dtype=bool)
        for u in uniq[bad_u]:
            slug = _slugify(u)
            value_params[u] = {"suggestion": f"; meinten Sie {slug!r}?" if slug else ""}
        add(bad_u, "pattern", suggestion="")
    if col.vocab and vocabularies is not None:
        vocab = vocabularies[col.vocab]
        allowed = set(vocab.codes)
        bad_u = np.array([u != "" and u not in allowed for u in uniq], dtype=bool)
        for u in uniq[bad_u]:
            hint = vocab.suggest(u)
            value_params[u] = {"suggestion": f"; meinten Sie {hint!r}?" if hint else ""}
        add(bad_u, "vocab", vocab=col.vocab, codes=", ".join(vocab.codes), suggestion="")
    return _ColumnResult(typed, issues, start, end, value_params)


_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def _slugify(value: str) -> str:
    text = unicodedata.normalize("NFKD", value.lower().translate(_TRANSLIT))
    text = text.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9_]+", "-", text).strip("-_")


def _suggest_id(value: str, choices: Sequence[str]) -> str | None:
    from rapidfuzz import fuzz, process

    if not choices:
        return None
    best = process.extractOne(value, choices, scorer=fuzz.ratio, score_cutoff=60)
    return None if best is None else str(best[0])


def _suggestion_text(hint: str | None) -> str:
    return f"; meinten Sie {hint!r}?" if hint else ""


def _english(params: dict[str, Any]) -> dict[str, Any]:
    """Did-you-mean suffixes in English."""
    out = dict(params)
    s = out.get("suggestion")
    if isinstance(s, str) and s.startswith("; meinten Sie "):
        out["suggestion"] = "; did you mean " + s[len("; meinten Sie ") :]
    return out


def _emit(
    problems: list[Problem],
    raw: _RawTable,
    column: str | None,
    mask: np.ndarray,
    code: str,
    params: dict[str, Any],
    *,
    severity: str = "error",
    value_params: dict[str, dict[str, Any]] | None = None,
    values: pd.Series | None = None,
) -> None:
    """One problem per row in ``mask`` (loops over the bad rows only)."""
    if not mask.any():
        return
    rows = raw.frame.index.to_numpy()[mask]
    if values is None:
        values = raw.frame[column] if column in raw.frame else None
    vals = values.to_numpy(dtype=object)[mask] if values is not None else [None] * len(rows)
    de_t, en_t = _MESSAGES[code]
    cache: dict[Any, tuple[str, str]] = {}
    for row, value in zip(rows, vals, strict=True):
        key = value if value_params else None
        if key not in cache:
            p = {**params, **((value_params or {}).get(value, {}))}
            cache[key] = (de_t.format(**p), en_t.format(**_english(p)))
        de, en = cache[key]
        problems.append(Problem(raw.file, int(row), column, value, de, severity, code, en))


def _check_table(
    raw: _RawTable, vocabularies: dict[str, Vocabulary]
) -> tuple[pd.DataFrame, dict[str, tuple[np.ndarray, np.ndarray]], list[Problem]]:
    """Columns, required values, types, patterns, vocabularies and unique keys of one table."""
    schema: Table = TABLES[raw.name]
    problems: list[Problem] = []
    present = list(raw.frame.columns)
    known = schema.column_names
    columns_list = ", ".join(known)
    unknown = [h for h in present if h not in known]
    for name in schema.required_columns:
        if name not in present:
            match = difflib.get_close_matches(name, [h.lower() for h in unknown], n=1, cutoff=0.6)
            written = next((h for h in unknown if match and h.lower() == match[0]), None)
            problems.append(
                _problem(
                    "column_missing",
                    raw.file,
                    raw.header_row,
                    name,
                    missing=name,
                    columns=columns_list,
                    suggestion=f"; ist {written!r} gemeint?" if written else "",
                    suggestion_en=f"; is {written!r} meant?" if written else "",
                )
            )
    for name in present:
        if name not in known:
            match = difflib.get_close_matches(name.lower(), known, n=1, cutoff=0.6)
            hint = _suggestion_text(match[0] if match else None)
            problems.append(
                Problem(
                    raw.file,
                    raw.header_row,
                    name,
                    name,
                    _MESSAGES["column_unknown"][0].format(suggestion=hint),
                    "warning",
                    "column_unknown",
                    _MESSAGES["column_unknown"][1].format(**_english({"suggestion": hint})),
                )
            )
    n = len(raw.frame)
    typed: dict[str, pd.Series] = {}
    ranges: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for col in schema.columns:
        if col.name not in present:
            text = pd.Series([""] * n, index=raw.frame.index, dtype=object)
            if col.required:  # already reported as a missing column
                col = Column(col.name, col.type, False, col.vocab, col.foreign, col.minimum)
        else:
            text = raw.frame[col.name]
        result = _check_column(text, col, vocabularies)
        for mask, code, params in result.issues:
            _emit(
                problems,
                raw,
                col.name,
                mask,
                code,
                params,
                value_params=result.value_params if code in ("pattern", "vocab") else None,
                values=text,
            )
        typed[col.name] = result.typed
        if result.start is not None:
            ranges[col.name] = (result.start, result.end)
    frame = pd.DataFrame(typed, index=raw.frame.index)
    # unique keys: a later row repeats the key of an earlier one
    if all(k in present for k in schema.key) and n:
        keys = _referral_checks.canonical_keys(raw.frame, frame, schema)  # 2021-q2 = 2021-Q2
        complete = (raw.frame[list(schema.key)] != "").all(axis=1).to_numpy()
        dup = keys.duplicated(keep=False).to_numpy() & complete
        if dup.any():
            sub = keys[dup]
            rows = pd.Series(sub.index.to_numpy(), index=sub.index)
            first = rows.groupby([sub[k] for k in schema.key], sort=False).transform("min")
            later = first.to_numpy() != rows.to_numpy()
            key_names = ", ".join(schema.key)
            for row, first_row in zip(rows.to_numpy()[later], first.to_numpy()[later], strict=True):
                value = " | ".join(raw.frame.loc[row, list(schema.key)].tolist())
                problems.append(
                    _problem(
                        "duplicate_key",
                        raw.file,
                        row,
                        schema.key[0] if len(schema.key) == 1 else key_names,
                        value,
                        key=key_names,
                        first=int(first_row),
                    )
                )
    return frame, ranges, problems


def _load_vocabularies(
    root: Path | None, problems: list[Problem] | None = None
) -> dict[str, Vocabulary]:
    """The vocabularies, extended by the city's ``vocabulary/<name>.csv``; an extension that is
    outside the folder, not a regular file or broken is a problem and is left out."""
    extra = root / "vocabulary" if root is not None else None
    if extra is None or not extra.is_dir():
        return {name: load_vocabulary(name) for name in VOCABULARY_NAMES}
    out = {}
    for name in VOCABULARY_NAMES:
        file = f"vocabulary/{name}.csv"
        path, bad = _read.check_path(root, file)
        if path is None or not _read.exists(path):
            out[name] = load_vocabulary(name)
            if bad is not None and problems is not None:
                problems.append(_from_issue(bad, file))
            continue
        bad = _read.not_regular(path)
        if bad is None:
            try:
                out[name] = load_vocabulary(name, extra)
                continue
            except (ValueError, KeyError, UnicodeDecodeError, pd.errors.ParserError) as exc:
                bad = _read.issue("vocab_broken", error=str(exc).replace(str(path), file)[:200])
        if problems is not None:
            problems.append(_from_issue(bad, file))
        out[name] = load_vocabulary(name)
    return out


_FK_LABEL = {
    ("actors", "actor_id"): ("Akteur", "actor"),
    ("events", "event_id"): ("Veranstaltung", "event"),
    ("sources", "source_id"): ("Quelle", "source"),
}


def _check_foreign_keys(raw_city: _RawCity, problems: list[Problem]) -> None:
    tables = raw_city.tables
    for name in ALL_TABLES:
        raw = tables.get(name)
        if raw is None:
            continue
        for col in TABLES[name].columns:
            if not col.foreign or col.name not in raw.frame:
                continue
            target_name, target_col = col.foreign
            target = tables.get(target_name)
            if target is None or target_col not in target.frame:
                continue  # the missing table/column is reported already
            ids = pd.unique(target.frame[target_col].to_numpy(dtype=object))
            ids = [i for i in ids if i != ""]
            values = raw.frame[col.name]
            codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=False)
            uniq = np.asarray(uniques, dtype=object)
            bad_u = (uniq != "") & ~pd.Index(uniq).isin(ids)
            if not bad_u.any():
                continue
            value_params: dict[str, dict[str, Any]] = {}
            bad_values = uniq[bad_u]
            for u in bad_values[:500]:  # beyond that, suggestions cost more than they help
                value_params[u] = {"suggestion": _suggestion_text(_suggest_id(u, ids))}
            for u in bad_values[500:]:
                value_params[u] = {"suggestion": ""}
            label_de, label_en = _FK_LABEL.get(col.foreign, (target_col, target_col))
            _emit(
                problems,
                raw,
                col.name,
                bad_u[codes],
                "foreign_key",
                {
                    "target_de": label_de,
                    "target_en": label_en,
                    "target_file": f"{target.file} ({target_col})",
                    "suggestion": "",
                },
                value_params=value_params,
            )


def _check_parent_cycles(raw: _RawTable, problems: list[Problem]) -> None:
    if "parent_id" not in raw.frame or "actor_id" not in raw.frame:
        return
    frame = raw.frame[(raw.frame["parent_id"] != "") & (raw.frame["actor_id"] != "")]
    parent = dict(zip(frame["actor_id"], frame["parent_id"], strict=True))
    row_of = dict(zip(frame["actor_id"], frame.index, strict=True))
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for start in parent:
        path: list[str] = []
        node: str | None = start
        while node is not None and node in parent and state.get(node) is None:
            state[node] = 1
            path.append(node)
            node = parent[node]
        if node is not None and state.get(node) == 1:
            cycle = path[path.index(node) :]
            first = min(cycle, key=lambda a: row_of[a])
            i = cycle.index(first)
            ordered = cycle[i:] + cycle[:i]
            text = " → ".join([*ordered, ordered[0]])
            problems.append(
                _problem(
                    "parent_cycle",
                    raw.file,
                    row_of[first],
                    "parent_id",
                    parent[first],
                    cycle=text,
                )
            )
        for a in path:
            state[a] = 2


def _normalise_quote_text(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def _check_sources_and_quotes(raw_city: _RawCity, problems: list[Problem]) -> None:
    sources = raw_city.tables.get("sources")
    root = raw_city.root
    texts: dict[str, str | None] = {}  # source_id → normalised text, None = unusable
    files: dict[str, str] = {}
    if sources is not None and "file" in sources.frame and "source_id" in sources.frame:
        for row, sid, file in zip(
            sources.frame.index, sources.frame["source_id"], sources.frame["file"], strict=True
        ):
            if file == "" or sid == "":
                continue
            files[sid] = file
            if root is None:
                texts[sid] = None
                continue
            path, bad = _read.check_path(root / "sources", file, folder_label="sources")
            if bad is None and _read.exists(path):
                bad = _read.not_regular(path)
            if bad is not None:  # outside sources/, a device, a FIFO: never opened
                bad.row, bad.column, bad.value = row, "file", file
                problems.append(_from_issue(bad, sources.file))
                texts[sid] = None
                continue
            if not path.is_file():
                problems.append(
                    _problem(
                        "source_file_missing", sources.file, row, "file", file, source_file=file
                    )
                )
                texts[sid] = None
                continue
            text = _read_text_file(path, raw_city.limits)
            if text is None:
                problems.append(
                    _problem(
                        "source_file_unreadable",
                        sources.file,
                        row,
                        "file",
                        file,
                        severity="warning",
                        source_file=file,
                    )
                )
            texts[sid] = None if text is None else _normalise_quote_text(text)
    unchecked = False
    for name in TABLE_ORDER:
        raw = raw_city.tables.get(name)
        if raw is None or "quote" not in raw.frame:
            continue
        quote = raw.frame["quote"]
        has = (quote != "").to_numpy()
        if not has.any():
            continue
        sid = (
            raw.frame["source_id"] if "source_id" in raw.frame else pd.Series("", index=quote.index)
        )
        no_source = has & (sid == "").to_numpy()
        _emit(problems, raw, "source_id", no_source, "quote_no_source", {}, values=quote)
        pairs = pd.DataFrame({"s": sid[has & ~no_source], "q": quote[has & ~no_source]})
        if root is None and len(pairs):
            unchecked = True
            continue
        uniq = pairs.drop_duplicates()
        bad = set()
        for s, q in zip(uniq["s"], uniq["q"], strict=True):
            text = texts.get(s)
            if text is None:
                continue  # unknown source (foreign key problem) or unusable file (reported)
            if _normalise_quote_text(q) not in text:
                bad.add((s, q))
        if bad:
            mask = np.zeros(len(quote), dtype=bool)
            pos = np.flatnonzero(has & ~no_source)
            hit = np.array([(s, q) in bad for s, q in zip(pairs["s"], pairs["q"], strict=True)])
            mask[pos[hit]] = True
            rows = raw.frame.index.to_numpy()[mask]
            for row, s, q in zip(rows, sid.to_numpy()[mask], quote.to_numpy()[mask], strict=True):
                problems.append(
                    _problem(
                        "quote_not_found", raw.file, row, "quote", q, source_file=files.get(s, s)
                    )
                )
    if unchecked:
        problems.append(_problem("quotes_unchecked", raw_city.label, severity="warning"))


def _check_coherence(raw_city: _RawCity, problems: list[Problem]) -> None:
    """Warnings: unused actors, events without participants, and the like."""
    t = raw_city.tables

    def col(name: str, column: str) -> np.ndarray:
        raw = t.get(name)
        if raw is None or column not in raw.frame:
            return np.array([], dtype=object)
        return raw.frame[column].to_numpy(dtype=object)

    actors = t.get("actors")
    if actors is not None and "actor_id" in actors.frame:
        used = np.concatenate(
            [
                col("participation", "actor_id"),
                col("referrals", "from_id"),
                col("referrals", "to_id"),
                col("resources", "actor_id"),
                col("actors", "parent_id"),  # a parent is tied in through its departments
            ]
        )
        ids = actors.frame["actor_id"]
        unused = ((ids != "") & ~ids.isin(pd.unique(used))).to_numpy()
        _emit(problems, actors, "actor_id", unused, "actor_unused", {}, severity="warning")
    events = t.get("events")
    if events is not None and "event_id" in events.frame:
        ids = events.frame["event_id"]
        empty = ((ids != "") & ~ids.isin(pd.unique(col("participation", "event_id")))).to_numpy()
        _emit(problems, events, "event_id", empty, "event_empty", {}, severity="warning")
    referrals = t.get("referrals")
    if referrals is not None and {"from_id", "to_id"} <= set(referrals.frame.columns):
        f, to = referrals.frame["from_id"], referrals.frame["to_id"]
        loop = ((f != "") & (f == to)).to_numpy()
        _emit(problems, referrals, "to_id", loop, "self_referral", {}, severity="warning")
    resources = t.get("resources")
    if resources is not None and {"attribution", "actor_id"} <= set(resources.frame.columns):
        attr, actor = resources.frame["attribution"], resources.frame["actor_id"]
        for a in ("stated", "inferred"):
            mask = ((attr == a) & (actor == "")).to_numpy()
            _emit(
                problems,
                resources,
                "actor_id",
                mask,
                "attribution_without_actor",
                {"attribution": a},
                severity="warning",
                values=attr,
            )
        mask = ((attr == "unknown") & (actor != "")).to_numpy()
        _emit(
            problems,
            resources,
            "actor_id",
            mask,
            "attribution_unknown_actor",
            {},
            severity="warning",
        )


def _check_meta(raw_city: _RawCity, problems: list[Problem]) -> None:
    meta = raw_city.meta
    if not meta and any(p.code.startswith("meta_") for p in raw_city.problems):
        return
    file = "datapackage.json" if raw_city.text_frames else raw_city.label
    if "name" not in meta:
        problems.append(_problem("meta_name_missing", file, column="name", severity="warning"))
    if "synthetic" not in meta:
        problems.append(
            _problem("meta_synthetic_missing", file, column="synthetic", severity="warning")
        )
    elif not isinstance(meta["synthetic"], bool):
        problems.append(_problem("meta_synthetic_type", file, None, "synthetic", meta["synthetic"]))


def _check_city(raw_city: _RawCity) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """All checks; returns the typed tables and every problem found."""
    problems = list(raw_city.problems)
    _check_meta(raw_city, problems)
    vocabularies = _load_vocabularies(raw_city.root, problems)
    frames: dict[str, pd.DataFrame] = {}
    for name in ALL_TABLES:
        raw = raw_city.tables.get(name)
        if raw is None:
            frames[name] = _empty_table(name)
            continue
        if len(raw.frame) == 0 and not TABLES[name].optional and raw_city.text_frames:
            problems.append(_problem("no_rows", raw.file, severity="warning"))
        frame, ranges, more = _check_table(raw, vocabularies)
        problems.extend(more)
        frames[name] = _add_ranges(name, frame, ranges)
    _check_foreign_keys(raw_city, problems)
    if "actors" in raw_city.tables:
        _check_parent_cycles(raw_city.tables["actors"], problems)
    _check_sources_and_quotes(raw_city, problems)
    _check_coherence(raw_city, problems)
    _check_plausibility(raw_city, frames, problems)
    from netzwerk.survey._validate import check_survey  # the survey's cross-table rules

    check_survey(raw_city, problems)
    if "referrals" in raw_city.tables:
        problems += _referral_checks.period_overlaps(
            raw_city.tables["referrals"], frames["referrals"]
        )
    from netzwerk._evidence import check_evidence  # late: _evidence builds io's Problem

    check_evidence(raw_city, problems)
    return frames, _sorted_problems(problems)


def _check_plausibility(
    raw_city: _RawCity, frames: dict[str, pd.DataFrame], problems: list[Problem]
) -> None:
    """Warnings for values that are well-formed but unlikely: years before 1949 or after next
    year, a reversed ``temporal`` span, ``n_participants`` 0, digits outside 0–9."""
    next_year = _dt.date.today().year + 1
    for name in ALL_TABLES:
        raw = raw_city.tables.get(name)
        if raw is None:
            continue
        for col in TABLES[name].columns:
            if col.name not in raw.frame:
                continue
            text = raw.frame[col.name]
            if col.type in ("date", "period") and col.name in frames[name]:
                years = {}
                for u in pd.unique(text.to_numpy(dtype=object)):
                    m = re.search(r"\d{4}", u)
                    if m and not 1949 <= int(m[0]) <= next_year and u:
                        years[u] = int(m[0])
                for u, year in years.items():
                    _emit(problems, raw, col.name, (text == u).to_numpy(), "date_implausible",
                          {"year": year, "next_year": next_year}, severity="warning")  # fmt: skip
            if col.type == "integer":
                uniq = pd.unique(text.to_numpy(dtype=object))
                for u in (u for u in uniq if not u.isascii() and _INT_RE.match(u)):
                    script = unicodedata.name(next(c for c in u if not c.isascii()), "?")
                    _emit(problems, raw, col.name, (text == u).to_numpy(), "digits_non_ascii",
                          {"script": script.rsplit(" DIGIT", 1)[0].title(), "read": int(u)},
                          severity="warning")  # fmt: skip
            if name == "events" and col.name == "n_participants":
                zero = text.map(lambda v: v.strip("+").isdigit() and int(v) == 0).to_numpy(bool)
                _emit(problems, raw, col.name, zero, "participants_zero", {}, severity="warning")
    temporal = raw_city.meta.get("temporal")
    file = "datapackage.json" if raw_city.text_frames else raw_city.label
    if temporal is not None and not isinstance(temporal, dict):
        problems.append(_problem("json_type", file, None, "temporal", temporal, key="temporal",
                                 found=type(temporal).__name__,
                                 expected="ein Objekt {'start': …, 'end': …}"))  # fmt: skip
    elif isinstance(temporal, dict):
        try:
            start = parse_partial_date(str(temporal.get("start")))[1]
            end = parse_partial_date(str(temporal.get("end")))[2]
        except ValueError:
            return
        if end < start:
            problems.append(_problem("temporal_reversed", file, None, "temporal", temporal,
                                     severity="warning", start=temporal.get("start"),
                                     end=temporal.get("end")))  # fmt: skip


def _sorted_problems(problems: list[Problem]) -> list[Problem]:
    """Errors before warnings; within each, files in order of first mention, then rows."""
    rank: dict[str, int] = {}
    for p in problems:
        rank.setdefault(p.file, len(rank))
    return sorted(
        problems,
        key=lambda p: (p.severity != "error", rank[p.file], -1 if p.row is None else p.row),
    )


def _add_ranges(
    name: str, frame: pd.DataFrame, ranges: dict[str, tuple[np.ndarray, np.ndarray]]
) -> pd.DataFrame:
    """Add ``date_start``/``date_end`` (events) or ``period_start``/``period_end`` (referrals)."""
    column = {"events": "date", "referrals": "period"}.get(name)
    if column is not None:
        start, end = ranges.get(column, (None, None))
        n = len(frame)
        if start is None:
            start = end = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
        frame[f"{column}_start"] = pd.Series(start, index=frame.index, dtype="datetime64[ns]")
        frame[f"{column}_end"] = pd.Series(end, index=frame.index, dtype="datetime64[ns]")
    return frame.reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# The City object and the public entry points
# ---------------------------------------------------------------------------------------------


@dataclass
class City:
    """A city's validated tables and metadata.

    Attributes
    ----------
    actors, events, participation, referrals, resources, sources : pandas.DataFrame
        The tables, with the columns of the data contract (DESIGN.md) in schema order: text as
        ``"string"``, whole numbers as ``"Int64"``, booleans as ``"boolean"`` (empty = false).
        Dates are ISO text at their own precision (``2020-03-05``, ``2020-03``, ``2020``,
        ``2021-Q2``). Optional tables are empty but present. ``events`` has
        ``date_start``/``date_end`` and ``referrals`` has ``period_start``/``period_end``
        (first and last day a partial date can mean).
    survey_respondents, survey_ties : pandas.DataFrame
        The optional network survey (see :mod:`netzwerk.survey`); empty without one.
    meta : dict
        The content of ``datapackage.json`` (or of the ``meta`` sheet of a workbook).
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
    # the optional network survey (netzwerk.survey); empty when the city has none
    survey_respondents: pd.DataFrame = field(
        default_factory=lambda: _empty_table("survey_respondents")
    )
    survey_ties: pd.DataFrame = field(default_factory=lambda: _empty_table("survey_ties"))

    @property
    def name(self) -> str:
        """The city's short name (``meta["name"]``, else the folder or workbook name)."""
        if "name" in self.meta:
            return str(self.meta["name"])
        if self.path is None:
            return "city"
        return self.path.stem if self.path.suffix else self.path.name

    @property
    def synthetic(self) -> bool:
        """True if the data are synthetic (``meta["synthetic"]``)."""
        return bool(self.meta.get("synthetic", False))

    @classmethod
    def from_frames(cls, meta: dict[str, Any] | None = None, **tables: pd.DataFrame) -> City:
        """Build a City from DataFrames (missing tables and columns are added empty).

        Values are typed as :func:`load_city` types them (text, numbers, datetimes and
        booleans are all accepted where they make sense); columns outside the schema are
        dropped. No cross-table checks are made: use :func:`validate` on the result for those.

        Parameters
        ----------
        meta : dict, optional
            The city's metadata (as in ``datapackage.json``).
        **tables : pandas.DataFrame
            Any of ``actors``, ``events``, ``participation``, ``referrals``, ``resources``,
            ``sources``. The inputs are not modified.

        Returns
        -------
        City

        Raises
        ------
        TypeError
            If a table name is unknown.
        DataError
            If a value cannot be typed (a count "3.5", a date "32.01.2020", …); ``.problems``
            names the table, row (index position + 2, as in a CSV export) and column.

        Examples
        --------
        >>> import pandas as pd
        >>> city = City.from_frames(actors=pd.DataFrame({"actor_id": ["a"], "name": ["A"],
        ...     "sector": ["mso"], "level": ["kommune"]}))
        >>> len(city.actors), len(city.events)
        (1, 0)
        >>> ev = City.from_frames(events=pd.DataFrame({"event_id": ["e"], "title": ["T"],
        ...     "kind": ["fachtag"], "date": ["05.03.2020"]})).events
        >>> ev.loc[0, "date"], ev.loc[0, "date_end"].date().isoformat()
        ('2020-03-05', '2020-03-05')
        """
        unknown = set(tables) - set(TABLES)
        if unknown:
            raise TypeError(f"unknown table(s) {sorted(unknown)}; expected {list(ALL_TABLES)}")
        frames: dict[str, pd.DataFrame] = {}
        problems: list[Problem] = []
        for name in ALL_TABLES:
            frame = tables.get(name)
            if frame is None:
                frames[name] = _empty_table(name)
                continue
            if not isinstance(frame, pd.DataFrame):
                raise TypeError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}")
            frames[name], more = _type_frame(name, frame)
            problems.extend(more)
        if problems:
            raise DataError(problems)
        return cls(**frames, meta=dict(meta or {}))


def _type_frame(name: str, frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    schema = TABLES[name]
    index = pd.RangeIndex(2, len(frame) + 2)
    text = pd.DataFrame(
        {c.name: _series_text(frame[c.name]) for c in schema.columns if c.name in frame.columns}
    )
    text.index = index
    raw = _RawTable(name, name, text)
    typed: dict[str, pd.Series] = {}
    ranges: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    problems: list[Problem] = []
    for col in schema.columns:
        values = text[col.name] if col.name in text else pd.Series("", index=index, dtype=object)
        plain = Column(col.name, col.type, minimum=col.minimum)
        result = _check_column(values, plain)
        for mask, code, params in result.issues:
            _emit(problems, raw, col.name, mask, code, params, values=values)
        typed[col.name] = result.typed
        if result.start is not None:
            ranges[col.name] = (result.start, result.end)
    return _add_ranges(name, pd.DataFrame(typed, index=index), ranges), problems


def _validate_path(
    path: Path, limits: ReadLimits | None = None
) -> tuple[list[Problem], City | None]:
    problems, city, _ = _validate_path_raw(path, limits)
    return problems, city


def _validate_path_raw(
    path: Path, limits: ReadLimits | None = None
) -> tuple[list[Problem], City | None, _RawCity]:
    raw_city = _read_city(path, limits or _read.DEFAULT_LIMITS)
    frames, problems = _check_city(raw_city)
    if any(p.severity == "error" for p in problems):
        return problems, None, raw_city
    meta = dict(raw_city.meta)
    city = City(**frames, meta=meta, path=path)
    return problems, city, raw_city


def validate(path_or_city: str | Path | City, *, limits: ReadLimits | None = None) -> list[Problem]:
    """Check a city and return every problem found (errors and warnings).

    Parameters
    ----------
    path_or_city : path or City
        A city folder, a single ``.xlsx`` workbook (see :func:`load_city`) or a :class:`City`.
        For a ``City`` the problems name the table instead of the file and count rows as a
        CSV export of the table would (first data row = 2); quotes are checked against
        ``city.path / "sources"`` when the city has a path.
    limits : ReadLimits, optional
        Upper bounds on file size, field length and workbook size (see :class:`ReadLimits`);
        raise them for very large cities.

    Returns
    -------
    list of Problem
        Empty when everything is in order. ``Problem.severity`` is ``"error"`` for what must
        be fixed and ``"warning"`` for what deserves a look. Errors come first; within each
        severity, problems are ordered by file and row.

    Notes
    -----
    The checks, each reported with file, row (header = row 1), column, value and what is
    expected:

    * files: ``datapackage.json`` missing or not JSON (error), ``synthetic`` missing (warning),
      a required table missing, a file that is empty, binary or in an unknown encoding;
    * columns: required columns missing (error), unknown columns (warning, ignored);
    * values: required values, whole numbers ≥ 0 (``3.5`` and ``-2`` are errors), booleans
      (``wahr``/``falsch``, ``ja``/``nein``, ``true``/``false``, ``1``/``0``), dates
      (``05.03.2020``, ``2020-03-05``, ``2020-03``, ``03.2020``, ``2020``; periods also
      ``2021-Q2``), short ids (slugs: ``a-z``, ``0-9``, ``-``, ``_``; a suggestion is made),
      controlled vocabularies with a did-you-mean suggestion (extended by a city's own
      ``vocabulary/`` folder);
    * tables: duplicate keys (the later row names the earlier), every foreign key (actor,
      event, source, parent, venue) with a did-you-mean on ids, ``parent_id`` cycles (the
      cycle is named);
    * evidence: every source file exists under ``sources/``; every ``quote`` appears literally
      in its source file. The comparison is exact except that every run of whitespace
      (spaces, tabs, line breaks) counts as one space and Unicode is NFC-normalised, so a
      quote copied across a line break still matches. OCR errors must be copied as they
      stand ("fiir" for "für");
    * coherence (warnings): an actor that appears in no participation, referral or resource
      card (a parent organisation counts as tied in through its departments), an event
      without participants, a referral to itself, a resource card whose attribution
      contradicts its ``actor_id``.

    All checks are vectorised (each runs once per distinct value of a column), so a million
    referral rows take seconds.

    Examples
    --------
    >>> import pandas as pd
    >>> city = City.from_frames(
    ...     meta={"name": "x", "synthetic": True},
    ...     actors=pd.DataFrame({"actor_id": ["a", "b"], "name": ["A", "B"],
    ...                          "sector": ["mso", "wohlfahrt"], "level": ["kommune"] * 2}),
    ...     referrals=pd.DataFrame({"from_id": ["a"], "to_id": ["c"],
    ...                             "field": ["arbeit"], "period": ["2020"]}))
    >>> for p in validate(city):
    ...     print(p.severity, p.file, p.row, p.column, p.value)
    error referrals 2 to_id c
    warning actors 3 actor_id b
    """
    if isinstance(path_or_city, City):
        _, problems = _check_city(_raw_from_city(path_or_city))
        return problems
    if not isinstance(path_or_city, str | Path):
        raise TypeError(f"path_or_city must be a path or a City, got {type(path_or_city).__name__}")
    return _validate_path(Path(path_or_city), limits)[0]


def load_city(path: str | Path, *, limits: ReadLimits | None = None) -> City:
    """Load and validate a city: a folder or a single ``.xlsx`` workbook.

    Parameters
    ----------
    path : str or Path
        Either a **city folder** with ``datapackage.json``, one file per table
        (``actors``, ``events``, ``participation``, ``sources``; optional ``referrals``,
        ``resources``) as ``<table>.csv`` or ``<table>.xlsx`` (the sheet named like the table,
        else the first sheet), or the file that a resource's ``path`` in ``datapackage.json``
        names; and ``sources/`` with the source texts. Or a single **workbook** ``*.xlsx``
        with one sheet per table (sheet names = table names) and the metadata in a sheet
        ``meta`` (two columns: key, value; ``true``/``false``/``wahr``/``falsch``, numbers
        and JSON lists are parsed) or, if the workbook has no ``meta`` sheet, in a
        ``datapackage.json`` beside it. Source texts then live in ``sources/`` beside the
        workbook.
    limits : ReadLimits, optional
        Upper bounds for reading (file size, CSV field length, workbook rows, columns, cells
        and inflated size); the defaults are in :class:`ReadLimits`.

    Returns
    -------
    City
        The typed tables (see :class:`City`); optional tables are empty but present.

    Raises
    ------
    DataError
        If the data have errors; ``.problems`` lists every problem found (errors and
        warnings), the same list :func:`validate` returns.

    Notes
    -----
    CSV files are read as German spreadsheet programs write them: the separator (``;``,
    ``,`` or tab) is taken from the header line, the encoding is UTF-8 (with or without BOM),
    UTF-16 with BOM or Windows-1252, detected in that order. A ``dialect.delimiter`` and an
    ``encoding`` that ``datapackage.json`` declares for a resource are used first; if the
    declared encoding does not fit the file, the detected one is used and a warning says so.
    Excel cells are normalised to the text a CSV export would show: whole numbers without
    ``.0``, booleans as ``true``/``false``, date cells as ISO dates at the precision of the
    cell's display format (``MMM YYYY`` → ``2020-03``). Leading empty rows and trailing empty
    rows are ignored; row numbers in problems stay those the spreadsheet shows.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from netzwerk.io import _write_example_city
    >>> folder = _write_example_city(pathlib.Path(tempfile.mkdtemp()))
    >>> city = load_city(folder)
    >>> len(city.actors), len(city.events), city.events.loc[0, "date"]
    (2, 1, '2020-03-05')
    """
    problems, city = _validate_path(Path(path), limits)
    if city is None:
        raise DataError(problems)
    return city


def _write_example_city(folder: Path) -> Path:
    """A two-actor city in ``folder/example`` (German CSV), for doctests."""
    city = folder / "example"
    (city / "sources").mkdir(parents=True)
    (city / "sources" / "press.txt").write_text(
        "Die AWO und der Verein Brücke luden am 5. März\n2020 zum Fachtag.", encoding="utf-8"
    )
    tables = {
        "sources": "source_id;file;title\npress;press.txt;Pressemitteilung\n",
        "actors": "actor_id;name;sector;level\nawo;AWO;wohlfahrt;kommune\n"
        "bruecke;Verein Brücke;mso;kommune\n",
        "events": "event_id;title;kind;date\nfachtag;Fachtag;fachtag;05.03.2020\n",
        "participation": "event_id;actor_id;role;source_id;quote\n"
        "fachtag;awo;organizer;press;Die AWO und\nfachtag;bruecke;organizer;press;"
        '"Verein Brücke luden am 5. März 2020"\n',
    }
    for name, text in tables.items():
        (city / f"{name}.csv").write_bytes(text.encode("cp1252"))
    write_datapackage(city, {"name": "example", "title": "Beispiel", "synthetic": True})
    return city


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


# ---------------------------------------------------------------------------------------------
# netzwerk validate
# ---------------------------------------------------------------------------------------------


def _cli_validate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="Stadtordner, .xlsx-Arbeitsmappe oder ein Ordner mit Stadtordnern (z. B. data/)",
    )
    parser.add_argument(
        "--lang", choices=("de", "en"), default="de", help="Sprache der Meldungen / language"
    )
    parser.add_argument(
        "--write-dialect",
        action="store_true",
        help="Kodierung und Trennzeichen der CSV-Dateien in datapackage.json so eintragen, wie "
        "die Dateien sind / rewrite the declared encoding and delimiter to match the files",
    )
    parser.add_argument(
        "--limit",
        action="append",
        default=[],
        metavar="NAME=N",
        help="eine Lesegrenze anheben, z. B. file_bytes=2000000000, field_chars=500000, "
        "xlsx_rows, xlsx_columns, xlsx_cells, xlsx_inflated_bytes / raise a reading limit",
    )
    parser.add_argument(
        "--max-problems",
        type=int,
        default=None,
        metavar="N",
        help="höchstens N Meldungen je Stadt zeigen / show at most N problems per city",
    )


def _looks_like_city(path: Path) -> bool:
    if path.is_file():
        return True
    if (path / "datapackage.json").exists():
        return True
    return any((path / f"{t}.{ext}").exists() for t in TABLE_ORDER for ext in ("csv", "xlsx"))


def _expand_paths(paths: Iterable[Path]) -> list[Path]:
    """City folders among ``paths``: a folder of cities expands, the vocabulary is skipped."""
    from netzwerk.config import VOCABULARY_DIR

    out: list[Path] = []
    for path in paths:
        if path.is_dir() and path.resolve() == VOCABULARY_DIR.resolve():
            continue
        if path.is_dir() and not _looks_like_city(path):
            subs = sorted(
                p for p in path.iterdir() if p.is_dir() and (p / "datapackage.json").exists()
            )
            if subs:
                out.extend(subs)
                continue
        out.append(path)
    return out


def _summary(city: City, lang: str) -> str:
    counts = city.referrals["count"]
    total = int(counts.sum(skipna=True)) if len(counts) else 0
    n = (
        len(city.actors),
        len(city.events),
        len(city.participation),
        len(city.referrals),
        total,
        len(city.resources),
    )
    synth = " (synthetisch)" if city.synthetic and lang == "de" else ""
    if lang == "en":
        synth = " (synthetic)" if city.synthetic else ""
        return (
            f"{city.name}{synth}: {n[0]} actors, {n[1]} events, {n[2]} participation rows, "
            f"{n[3]} referral rows (total count {n[4]}), {n[5]} resource cards"
        )
    return (
        f"{city.name}{synth}: {n[0]} Akteure, {n[1]} Veranstaltungen, {n[2]} Teilnahmen, "
        f"{n[3]} Verweiszeilen (Summe {n[4]}), {n[5]} Ressourcenkarten"
    )


def _cli_validate(args: argparse.Namespace) -> int:
    lang = args.lang
    paths = [Path(p) for p in args.paths]
    missing = [p for p in paths if not p.exists()]
    if missing:
        for p in missing:
            word = "Pfad nicht gefunden" if lang == "de" else "path not found"
            print(f"netzwerk validate: {word}: {p}", file=sys.stderr)
        return 2
    if args.max_problems is not None and args.max_problems < 0:
        print(
            f"netzwerk validate: --max-problems must be ≥ 0, got {args.max_problems}",
            file=sys.stderr,
        )
        return 2
    try:
        limits = _parse_limits(args.limit)
    except ValueError as exc:
        print(f"netzwerk validate: --limit: {exc}", file=sys.stderr)
        return 2
    failed = False
    for path in _expand_paths(paths):
        if args.write_dialect and path.is_dir():
            for line in _write_dialect(path, limits):
                print(line)
        problems, city, raw_city = _validate_path_raw(path, limits)
        errors = [p for p in problems if p.severity == "error"]
        warnings = [p for p in problems if p.severity == "warning"]
        if problems:
            print(f"== {path} ==")
            shown = problems if args.max_problems is None else problems[: args.max_problems]
            for p in shown:
                tag = {"error": "FEHLER ", "warning": "WARNUNG"}[p.severity]
                if lang == "en":
                    tag = {"error": "ERROR  ", "warning": "WARNING"}[p.severity]
                print(f"  {tag} {p.format(lang)}")
            if len(shown) < len(problems):
                more = len(problems) - len(shown)
                print(f"  … {more} weitere Meldungen" if lang == "de" else f"  … {more} more")
        if errors or city is None:
            failed = True
            if lang == "de":
                print(f"{path}: {len(errors)} Fehler, {len(warnings)} Warnungen")
            else:
                print(f"{path}: {len(errors)} errors, {len(warnings)} warnings")
        else:
            line = _summary(city, lang) + _formats(raw_city, lang)
            if warnings:
                line += (
                    f"; {len(warnings)} Warnungen"
                    if lang == "de"
                    else f"; {len(warnings)} warnings"
                )
            print(line)
    return 1 if failed else 0


def _parse_limits(items: Sequence[str]) -> ReadLimits:
    """``["file_bytes=10", ...]`` as ReadLimits; raises ValueError naming the bad item."""
    values: dict[str, int] = {}
    names = list(ReadLimits.__dataclass_fields__)
    for item in items:
        key, _, value = item.partition("=")
        if key.strip() not in names or not value.strip().isdigit():
            raise ValueError(f"expected NAME=N with NAME one of {', '.join(names)}, got {item!r}")
        values[key.strip()] = int(value)
    return ReadLimits(**values)


def _formats(raw_city: _RawCity, lang: str) -> str:
    """How the CSV files were read: "; gelesen als UTF-8, ','" or per file when they differ."""
    found = {raw.file: raw.dialect for raw in raw_city.tables.values() if raw.dialect}
    if not found:
        return ""
    sep = "Trennzeichen" if lang == "de" else "delimiter"
    word = "; CSV gelesen als" if lang == "de" else "; CSV read as"
    kinds = {f"{enc}, {sep} {_read.DELIMITER_LABEL[d]}" for enc, d in found.values()}
    if len(kinds) == 1:
        return f"{word} {kinds.pop()}"
    per_file = ", ".join(
        f"{file} ({enc}, {_read.DELIMITER_LABEL[d]})" for file, (enc, d) in found.items()
    )
    return f"{word} {per_file}"


def _write_dialect(folder: Path, limits: ReadLimits | None = None) -> list[str]:
    """Set ``encoding`` and ``dialect.delimiter`` of every CSV resource in
    ``folder/datapackage.json`` to what the file is; everything else stays as written.

    Returns one line per changed resource (nothing when the declarations already match).
    """
    meta_path = folder / "datapackage.json"
    meta, problems = _read_meta_file(meta_path, "datapackage.json", limits or _read.DEFAULT_LIMITS)
    if problems or not isinstance(meta.get("resources"), list):
        return []
    lines = []
    for resource in meta["resources"]:
        if not isinstance(resource, dict) or not isinstance(resource.get("path"), str):
            continue
        path, bad = _read.check_path(folder, resource["path"])
        if bad is not None or path.suffix.lower() != ".csv" or _read.not_regular(path):
            continue
        if not path.is_file():
            continue
        try:
            found = _csv_dialect(path, resource.get("name"))
        except _read.ReadError:
            continue  # reported by the validation that follows
        dialect = resource.get("dialect") if isinstance(resource.get("dialect"), dict) else {}
        old = (resource.get("encoding"), dialect.get("delimiter"))
        enc_same = isinstance(old[0], str) and _read.same_encoding(old[0], found["encoding"])
        if enc_same and old[1] == found["delimiter"]:
            continue
        resource["encoding"] = old[0] if enc_same else found["encoding"]
        resource["dialect"] = {**dialect, "delimiter": found["delimiter"]}
        lines.append(
            f"{meta_path}: {resource['path']}: encoding {old[0]!r} → {resource['encoding']!r}, "
            f"delimiter {old[1]!r} → {found['delimiter']!r}"
        )
    if lines:
        text = json.dumps(meta, ensure_ascii=False, indent=2) + "\n"
        meta_path.write_text(text, encoding="utf-8")
    return lines
