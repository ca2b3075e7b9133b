"""Reading input files (attendance lists, exports, survey answers): every cell as text."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from netzwerk._fold import fold

# ---------------------------------------------------------------------------------------------
# Reading input files (attendance lists, exports): every cell as text
# ---------------------------------------------------------------------------------------------


def _decode_bytes(data: bytes) -> str:
    """Text of an input file as :mod:`netzwerk.io` reads it, with LF line ends."""
    from netzwerk._read import ReadError, decode, normalise_newlines

    try:
        return normalise_newlines(decode(data).text)
    except ReadError as exc:
        raise _input_error(exc, "input") from None


def _input_error(exc: Exception, file: str) -> Exception:
    """A reading issue as the DataError ``netzwerk.io`` raises for a table."""
    from netzwerk.io import DataError, _from_issue

    return DataError([_from_issue(exc.issue, file)])  # type: ignore[attr-defined]


def _read_city_file(folder: Path, name: str) -> str:
    """Text of a file the city folder holds (``aliases.csv``): a regular file inside the folder
    (no symlink out, no FIFO or device), bounded and decoded as :mod:`netzwerk.io` does."""
    from netzwerk._read import ReadError, check_path, not_regular, read_bytes

    path, bad = check_path(folder, name)
    bad = bad or not_regular(path)
    if bad is not None:
        from netzwerk.io import DataError, _from_issue

        raise DataError([_from_issue(bad, name)])
    try:
        return _decode_bytes(read_bytes(path))
    except ReadError as exc:
        raise _input_error(exc, name) from None


def _sniff(text: str) -> str:
    from netzwerk._read import sniff_delimiter

    return sniff_delimiter(text, set())


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, _dt.datetime):
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _grid_to_frame(
    rows: list[list[Any]], want: Iterable[str] = (), *, text: bool = False
) -> pd.DataFrame:
    """Header detection: the first row naming a wanted column, else the first fullest row.

    ``text``: the cells are already strings (CSV); they are only stripped.
    """
    width = max((len(r) for r in rows), default=0)
    if text:
        rows = [[v.strip() for v in r] + [""] * (width - len(r)) for r in rows]
    else:
        rows = [[_cell(v) for v in r] + [""] * (width - len(r)) for r in rows]
    if not rows or width == 0:
        return pd.DataFrame()
    head = rows[:20]
    counts = [sum(v != "" for v in r) for r in head]
    wanted = {_compact(w) for w in want}
    header_pos = next(
        (i for i, r in enumerate(head) if any(_compact(v) in wanted for v in r if v)), None
    )
    if header_pos is None:
        header_pos = counts.index(max(counts))
    header, seen = [], set()
    for k, h in enumerate(rows[header_pos]):
        name = h or f"Spalte {k + 1}"
        while name in seen:
            name += "'"
        seen.add(name)
        header.append(name)
    body = rows[header_pos + 1 :]
    frame = pd.DataFrame(body, columns=header, dtype=object)
    frame.index = np.arange(header_pos + 2, header_pos + 2 + len(body))
    nonempty = (frame != "").any(axis=1)
    return frame[nonempty]


def _csv_grid(
    text: str, file: str, known: Iterable[str] = (), *, delim: str | None = None
) -> tuple[pd.DataFrame, str]:
    """CSV text parsed by the loader's reader (:func:`netzwerk._read.read_csv_grid`): the grid
    of text cells (rows padded to the widest) and the delimiter found; a broken quote or an
    over-long field is the DataError the loader would raise for ``file``. ``delim``: the
    delimiter when it is known already (appending to a table), else sniffed."""
    from netzwerk import _read
    from netzwerk.io import DataError, _from_issue

    delim = delim or _read.sniff_delimiter(text, {*known})
    grid, issues = _read.read_csv_grid(text, delim, ragged="pad")
    errors = [i for i in issues if i.severity == "error"]
    if errors:
        raise DataError([_from_issue(i, file) for i in errors])
    return grid, delim


def _csv_table(text: str, file: str, known: Iterable[str] = ()) -> pd.DataFrame:
    """CSV text whose first row is the header as a frame of stripped text cells.

    The one way the importers read a CSV file they did not find by header detection
    (``aliases.csv``, review lists, long survey answers): parsed by :func:`_csv_grid`, empty
    rows dropped, index = spreadsheet row numbers (the header is row 1).
    """
    grid, _ = _csv_grid(text, file, known)
    if grid.empty:
        return pd.DataFrame()
    header = [str(h).strip() for h in grid.iloc[0]]
    frame = grid.iloc[1:].map(str.strip) if len(grid) > 1 else grid.iloc[1:]
    frame.columns = header
    frame.index = np.arange(2, len(frame) + 2)
    return frame[(frame != "").any(axis=1)]


def _read_input(path: Path, *, sheet: str | None = None, want: Iterable[str] = ()) -> pd.DataFrame:
    """A CSV or XLSX file as a frame of text; index = spreadsheet row numbers.

    Read with :mod:`netzwerk.io`'s reader (any line ending, encoding detected, bounded);
    ``frame.attrs["format"]`` says what was found, e.g. ``"CSV, Windows-1252, ';'"``.
    """
    from netzwerk import _read, _xlsx
    from netzwerk.io import DataError, _from_issue

    if not path.is_file():
        raise FileNotFoundError(f"input file {str(path)!r} not found")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        try:
            sheets = _xlsx.read_workbook(path)
        except _read.ReadError as exc:
            where = f"{path.name}[{exc.sheet}]" if exc.sheet else path.name
            raise DataError([_from_issue(exc.issue, where)]) from None
        names = [s.name for s in sheets]
        if not sheets:
            raise ValueError(f"{path.name}: the workbook has no sheets")
        if sheet is not None and sheet not in names:
            raise ValueError(
                f"sheet {sheet!r} not in {path.name}; expected one of {', '.join(names)}"
            )
        found = sheets[names.index(sheet)] if sheet is not None else sheets[0]
        errors = [i for i in found.issues if i.severity == "error"]
        if errors:
            raise DataError([_from_issue(i, f"{path.name}[{found.name}]") for i in errors])
        frame = _grid_to_frame(found.grid.to_numpy(dtype=object).tolist(), want, text=True)
        frame.attrs["format"] = f"XLSX, Blatt {found.name!r}"
        return frame
    if suffix in (".csv", ".txt", ".tsv", ""):
        try:
            decoded = _read.decode(_read.read_bytes(path))
        except _read.ReadError as exc:
            raise _input_error(exc, path.name) from None
        grid, delim = _csv_grid(decoded.text, path.name, want)
        frame = _grid_to_frame(grid.to_numpy(dtype=object).tolist(), want, text=True)
        frame.attrs["format"] = f"CSV, {decoded.label}, {_read.DELIMITER_LABEL[delim]}"
        return frame
    raise ValueError(f"input file {path.name!r}: expected a .csv or .xlsx file, got {suffix!r}")


# ---------------------------------------------------------------------------------------------


def _compact(text: str) -> str:
    """A header or code as it is compared: folded (:func:`netzwerk._fold.fold`), letters and
    digits only."""
    return re.sub(r"[^a-z0-9]", "", fold(text))
