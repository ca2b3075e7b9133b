"""Streamed, bounded reading of ``.xlsx`` workbooks (private; see :mod:`netzwerk._read`).

The sheet XML is parsed incrementally (``defusedxml`` iterparse over the zip member) and only
cells that hold a value are kept, so the stored dimension (``<dimension ref="A1:K2"/>``, often
stale, sometimes forged as ``A1:XFD1048576``) plays no role. Limits on rows, columns, cells and
inflated bytes come from :class:`~netzwerk._read.ReadLimits`; exceeding one is a
:class:`~netzwerk._read.ReadError` naming the sheet. Formulas without a cached value are
evaluated when they are literal arithmetic (``=10+2``) and otherwise reported by cell.
"""

from __future__ import annotations

import ast
import datetime as _dt
import io as _io
import operator
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from netzwerk._read import (
    CURRENT_FILE,
    DEFAULT_LIMITS,
    Issue,
    ReadError,
    ReadLimits,
    _line_list,
    _mb,
    cell_text,
    issue,
)

__all__: list[str] = []

# ---------------------------------------------------------------------------------------------

_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CELL_RE = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def col_letters(n: int) -> str:
    """1 → ``A``, 27 → ``AA``."""
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


class _Counting(_io.RawIOBase):
    """A zip member stream that stops at the workbook's inflated-size budget."""

    def __init__(self, raw: Any, budget: list[int], limit: int):
        self.raw, self.budget, self.limit = raw, budget, limit

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        data = self.raw.read(min(len(b), 1 << 16))
        self.budget[0] += len(data)
        if self.budget[0] > self.limit:
            raise ReadError(
                issue("xlsx_inflated", size=f"> {_mb(self.limit)}", limit=_mb(self.limit))
            )
        b[: len(data)] = data
        return len(data)


_BINOPS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}


def eval_arithmetic(formula: str) -> float | None:
    """The value of a formula that is literal arithmetic (``=10+2``, ``=(3+4)*2``), else None.

    >>> eval_arithmetic("=10+2"), eval_arithmetic("=(3+4)*2"), eval_arithmetic("=A1+2")
    (12, 14, None)
    """
    expr = formula.lstrip("=").strip().replace(",", ".")
    if not expr or len(expr) > 200 or not re.fullmatch(r"[\d.\s+\-*/()]+", expr):
        return None
    try:
        tree = ast.parse(expr, mode="eval")
    except (SyntaxError, ValueError):
        return None

    def ev(node: ast.AST) -> float:
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return node.value
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            v = ev(node.operand)
            return -v if isinstance(node.op, ast.USub) else v
        if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
            return _BINOPS[type(node.op)](ev(node.left), ev(node.right))
        raise ValueError(formula)

    try:
        value = ev(tree)
    except (ValueError, ZeroDivisionError, OverflowError, RecursionError):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


@dataclass
class Sheet:
    """One sheet as a positional grid of str, with the issues met while reading it."""

    name: str
    grid: pd.DataFrame
    issues: list[Issue] = field(default_factory=list)


def _open_xml(zf: zipfile.ZipFile, name: str, budget: list[int], limits: ReadLimits) -> Any:
    from defusedxml.ElementTree import iterparse

    stream = _io.BufferedReader(_Counting(zf.open(name), budget, limits.xlsx_inflated_bytes))
    return stream, iterparse(stream, events=("end",))


def _part(zf: zipfile.ZipFile, target: str, base: str = "xl") -> str:
    target = target.lstrip("/") if target.startswith("/") else f"{base}/{target}"
    parts: list[str] = []
    for p in target.split("/"):
        if p == "..":
            if parts:
                parts.pop()
        elif p and p != ".":
            parts.append(p)
    return "/".join(parts)


def read_workbook(
    path: Path, limits: ReadLimits = DEFAULT_LIMITS, *, sheets: set[str] | None = None
) -> list[Sheet]:
    """Every sheet (or those whose lower-cased name is in ``sheets``) of an ``.xlsx`` file.

    Raises :class:`ReadError` for an unreadable workbook or when a limit is exceeded.
    """
    CURRENT_FILE.set(str(path))
    size = path.stat().st_size
    if size > limits.file_bytes:
        raise ReadError(issue("file_too_large", size=_mb(size), limit=_mb(limits.file_bytes)))
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ReadError(issue("xlsx_unreadable", error=f"{type(exc).__name__}: {exc}")) from None
    with zf:
        try:
            return _read_sheets(zf, limits, sheets)
        except ReadError:
            raise
        except (KeyError, ValueError, IndexError, zipfile.BadZipFile, EOFError, OSError,
                SyntaxError, NotImplementedError, RuntimeError) as exc:  # fmt: skip
            # damaged archives and XML (ParseError is a SyntaxError)
            raise ReadError(
                issue("xlsx_unreadable", error=f"{type(exc).__name__}: {str(exc)[:200]}")
            ) from None


def _read_sheets(zf: zipfile.ZipFile, limits: ReadLimits, wanted: set[str] | None) -> list[Sheet]:
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

    names = set(zf.namelist())
    budget = [0]
    # workbook: sheet names and their parts
    rels: dict[str, str] = {}
    if "xl/_rels/workbook.xml.rels" in names:
        stream, events = _open_xml(zf, "xl/_rels/workbook.xml.rels", budget, limits)
        with stream:
            for _, el in events:
                if _local(el.tag) == "Relationship":
                    rels[el.get("Id", "")] = el.get("Target", "")
    order: list[tuple[str, str]] = []
    date1904 = False
    stream, events = _open_xml(zf, "xl/workbook.xml", budget, limits)
    with stream:
        for _, el in events:
            tag = _local(el.tag)
            if tag == "sheet":
                rid = el.get(f"{{{_REL_NS}}}id") or el.get("id") or ""
                target = rels.get(rid, "")
                order.append((el.get("name", ""), _part(zf, target) if target else ""))
            elif tag == "workbookPr":
                date1904 = el.get("date1904", "0").lower() in ("1", "true")
    if wanted is not None:
        order = [(n, p) for n, p in order if n.strip().lower() in wanted]
    parts = [p for _, p in order if p in names]
    declared = sum(zf.getinfo(p).file_size for p in parts)
    for extra in ("xl/sharedStrings.xml", "xl/styles.xml"):
        if extra in names:
            declared += zf.getinfo(extra).file_size
    if declared > limits.xlsx_inflated_bytes:
        raise ReadError(
            issue("xlsx_inflated", size=_mb(declared), limit=_mb(limits.xlsx_inflated_bytes))
        )
    strings: list[str] = []
    if "xl/sharedStrings.xml" in names:
        stream, events = _open_xml(zf, "xl/sharedStrings.xml", budget, limits)
        with stream:
            for _, el in events:
                if _local(el.tag) == "si":
                    strings.append(
                        "".join(
                            t.text or ""
                            for t in el.iter()
                            if _local(t.tag) == "t" and not _in_phonetic(el, t)
                        )
                    )
                    el.clear()
    formats: list[str | None] = []
    if "xl/styles.xml" in names:
        custom: dict[int, str] = {}
        stream, events = _open_xml(zf, "xl/styles.xml", budget, limits)
        xfs: list[int] = []
        in_cell_xfs = False
        with stream:
            for _, el in events:
                tag = _local(el.tag)
                if tag == "numFmt":
                    custom[int(el.get("numFmtId", "0"))] = el.get("formatCode", "")
                elif tag == "xf":
                    xfs.append(int(el.get("numFmtId", "0") or 0))
                elif tag == "cellXfs":
                    in_cell_xfs = True
                    formats = [custom.get(i) or BUILTIN_FORMATS.get(i) for i in xfs]
                    xfs = []
                elif tag == "cellStyleXfs":
                    xfs = []
        if not in_cell_xfs:
            formats = []
    is_date = [bool(f) and is_date_format(f) for f in formats]
    out: list[Sheet] = []
    for name, part in order:
        if part not in names:
            out.append(Sheet(name, pd.DataFrame()))
            continue
        try:
            sheet = _read_sheet(zf, name, part, strings, formats, is_date, date1904, budget, limits)
        except ReadError as exc:
            exc.sheet = name  # the caller names the sheet
            raise
        out.append(sheet)
    return out


def _in_phonetic(si: Any, t: Any) -> bool:
    for child in si:
        if _local(child.tag) == "rPh" and any(x is t for x in child.iter()):
            return True
    return False


def _read_sheet(
    zf: zipfile.ZipFile,
    name: str,
    part: str,
    strings: list[str],
    formats: list[str | None],
    is_date: list[bool],
    date1904: bool,
    budget: list[int],
    limits: ReadLimits,
) -> Sheet:
    from openpyxl.utils.datetime import from_excel

    epoch = _dt.datetime(1904, 1, 1) if date1904 else _dt.datetime(1899, 12, 30)
    rows: dict[int, list[str]] = {}
    no_value: list[str] = []
    evaluated: list[str] = []
    width = 0
    row_number = 0

    stream, events = _open_xml(zf, part, budget, limits)

    def limit(what_de: str, what_en: str, value: int, key: str) -> ReadError:
        return ReadError(
            issue(
                "xlsx_limit",
                value=value,
                what_de=what_de,
                what_en=what_en,
                limit=getattr(limits, key),
                key=key,
            )  # fmt: skip
        )

    with stream:
        col_number = 0
        for _, el in events:
            tag = _local(el.tag)
            if tag == "c":
                ref = el.get("r")
                m = _CELL_RE.match(ref) if ref else None
                if m:
                    col_number = _col_index(m[1])
                    row_here = int(m[2])
                else:
                    col_number += 1
                    row_here = row_number or 1
                if col_number > limits.xlsx_columns:
                    raise limit(
                        f"Zelle {col_letters(col_number)}{row_here} liegt in Spalte {col_number:,}",
                        f"cell {col_letters(col_number)}{row_here} is in column {col_number:,}",
                        col_number,
                        "xlsx_columns",
                    )
                if row_here > limits.xlsx_rows:
                    raise limit(f"Zeile {row_here:,}", f"row {row_here:,}", row_here, "xlsx_rows")
                text = _cell_value(el, strings, formats, is_date, epoch, from_excel)
                if isinstance(text, _Formula):
                    where = f"{col_letters(col_number)}{row_here}"
                    value = eval_arithmetic(text.formula)
                    if value is None:
                        no_value.append(f"{where} ({text.formula})")
                        text = ""
                    else:
                        evaluated.append(f"{where}: {text.formula} = {value}")
                        text = cell_text(value)
                el.clear()
                if text:
                    cells_of_row = rows.get(row_here)
                    if cells_of_row is None:
                        cells_of_row = rows[row_here] = []
                    if len(cells_of_row) < col_number:
                        cells_of_row.extend([""] * (col_number - len(cells_of_row)))
                    cells_of_row[col_number - 1] = text
                    width = max(width, col_number)

            elif tag == "row":
                r = el.get("r")
                row_number = int(r) if r and r.isdigit() else row_number + 1
                if row_number > limits.xlsx_rows:
                    raise limit(
                        f"Zeile {row_number:,}", f"row {row_number:,}", row_number, "xlsx_rows"
                    )
                col_number = 0
                el.clear()
            elif tag == "sheetData":
                break
    n_rows = max(rows, default=0)
    if n_rows * width > limits.xlsx_cells:
        raise ReadError(
            issue(
                "xlsx_limit",
                value=n_rows * width,
                what_de=f"{n_rows:,} Zeilen × {width:,} Spalten",
                what_en=f"{n_rows:,} rows × {width:,} columns",
                limit=limits.xlsx_cells,
                key="xlsx_cells",
            )  # fmt: skip
        )
    blank = [""] * width
    grid = pd.DataFrame(
        [(r + blank[len(r) :]) if (r := rows.get(i)) else blank for i in range(1, n_rows + 1)],
        columns=range(width),
        dtype=object,
    )
    issues: list[Issue] = []
    if no_value:
        issues.append(issue("formula_no_value", cells=_line_list(no_value, 10)))
    if evaluated:
        issues.append(issue("formula_evaluated", severity="warning", cells=_line_list(evaluated)))
    return Sheet(name, grid, issues)


@dataclass
class _Formula:
    formula: str


def _cell_value(el: Any, strings, formats, is_date, epoch, from_excel) -> str | _Formula:
    kind = el.get("t", "n")
    v = f = None
    inline = []
    for child in el:
        tag = _local(child.tag)
        if tag == "v":
            v = child.text
        elif tag == "f":
            f = child.text or ""
            if not f and child.get("t") == "shared":
                f = "(gemeinsame Formel)"
        elif tag == "is":
            inline = [t.text or "" for t in child.iter() if _local(t.tag) == "t"]
    if f is not None and (v is None or v == "") and kind != "inlineStr":
        return _Formula("=" + f.lstrip("="))
    if kind == "inlineStr":
        return "".join(inline).strip()
    if v is None:
        return ""
    if kind == "s":
        return strings[int(v)].strip()
    if kind in ("str", "e"):
        return v.strip()
    if kind == "b":
        return "true" if v.strip() in ("1", "true") else "false"
    if kind == "d":
        try:
            day = _dt.datetime.fromisoformat(v.strip())
        except ValueError:
            return v.strip()
        s = int(el.get("s", "0") or 0)
        return cell_text(day, formats[s] if s < len(formats) else None)
    text = v.strip()
    s = int(el.get("s", "0") or 0)
    if s < len(is_date) and is_date[s]:
        try:
            return cell_text(from_excel(float(text), epoch), formats[s])
        except (ValueError, OverflowError, TypeError):
            return text
    if re.fullmatch(r"-?\d+", text):
        return str(int(text)) if len(text) < 400 else text
    try:
        return cell_text(float(text))
    except ValueError:
        return text
