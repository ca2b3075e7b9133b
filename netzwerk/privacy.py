"""Privacy: small-cell suppression for outputs, and recognising columns with personal data.

Two safeguards that every output of netzwerk relies on:

* **Small-cell suppression.** Referral counts come from client cases; a count of 1 or 2 between
  two organisations can identify a person. Every report table and figure shows counts below a
  threshold (default 5, ``suppress_below`` in the report parameters) as ``"<5"``, and complements
  this *primary* suppression with *secondary* suppression so that no suppressed value can be
  worked out from the row and column totals shown alongside (:func:`suppression_pattern`,
  :func:`suppress_counts`, :func:`format_count`). The data folder keeps the true aggregates; only
  outputs are suppressed.
* **Personal columns and cells.** Attendance lists and case-management exports carry names,
  e-mail addresses and phone numbers. :func:`detect_personal_columns` recognises such columns by
  their header and by their content, so that importers can drop them and say so;
  :func:`organisation_part` keeps only the organisation in a cell that mixes it with a person
  (both live in the private module ``netzwerk._persons``).
* **Spreadsheet-safe CSV.** :func:`csv_safe` (one rule, :func:`csv_cell`) prefixes text that
  Excel or LibreOffice would run as a formula, in every CSV file netzwerk writes for people.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from netzwerk._persons import (
    detect_personal_columns,
    drop_personal_columns,
    organisation_part,
)

__all__ = [
    "csv_cell",
    "csv_safe",
    "csv_unescape",
    "detect_personal_columns",
    "drop_personal_columns",
    "format_count",
    "organisation_part",
    "suppress_counts",
    "suppression_pattern",
]

#: Label of a secondary (complementary) suppression: the sign German statistical offices use
#: for "Zahlenwert unbekannt oder geheim zu halten".
SECONDARY_LABEL = "."

# ---------------------------------------------------------------------------------------------
# Small-cell suppression
# ---------------------------------------------------------------------------------------------


def _check_threshold(threshold: object) -> int:
    if isinstance(threshold, bool) or not isinstance(threshold, int | np.integer):
        raise TypeError(f"threshold must be a whole number ≥ 1, got {threshold!r}")
    if threshold < 1:
        raise ValueError(f"threshold must be a whole number ≥ 1, got {threshold!r}")
    return int(threshold)


def _count_frame(table: pd.DataFrame | pd.Series) -> tuple[pd.DataFrame, bool]:
    """The counts as a float frame (NaN = not counted); and whether the input was a Series."""
    if isinstance(table, pd.Series):
        frame, was_series = table.to_frame(name=table.name if table.name is not None else 0), True
    elif isinstance(table, pd.DataFrame):
        frame, was_series = table, False
    else:
        raise TypeError(f"table must be a pandas DataFrame or Series, got {type(table).__name__}")
    try:
        values = frame.apply(pd.to_numeric, errors="raise").astype("float64")
    except (ValueError, TypeError):
        raise ValueError(
            "table must hold counts (whole numbers ≥ 0, empty = not counted); "
            "found a value that is not a number"
        ) from None
    arr = values.to_numpy()
    ok = np.isnan(arr) | ((arr >= 0) & (np.floor(arr) == arr))
    if not ok.all():
        i, j = np.argwhere(~ok)[0]
        raise ValueError(
            f"table[{frame.index[i]!r}, {frame.columns[j]!r}] = {arr[i, j]!r}; "
            "expected a whole number ≥ 0 (a count) or empty"
        )
    return values, was_series


class _Grid:
    """A count table with its totals: the entries, which are published, and the sum lines."""

    def __init__(self, values: np.ndarray, *, total_column: bool, total_row: bool):
        n, m = values.shape
        body = np.nan_to_num(values, nan=0.0)
        self.total_column, self.total_row = total_column, total_row
        self.ext = np.full((n + total_row, m + total_column), np.nan)
        self.ext[:n, :m] = values
        if total_column:
            self.ext[:n, m] = body.sum(axis=1)
        if total_row:
            self.ext[n, :m] = body.sum(axis=0)
        if total_column and total_row:
            self.ext[n, m] = body.sum()
        # A line lists entries whose last one is the sum of the others.
        self.lines: list[list[tuple[int, int]]] = []
        big_n, big_m = self.ext.shape
        if total_column:
            self.lines += [[(i, j) for j in range(big_m)] for i in range(big_n)]
        if total_row:
            self.lines += [[(i, j) for i in range(big_n)] for j in range(big_m)]
        self.lines_of: dict[tuple[int, int], list[int]] = {}
        for k, line in enumerate(self.lines):
            for cell in line:
                self.lines_of.setdefault(cell, []).append(k)
        self.is_total = np.zeros(self.ext.shape, dtype=bool)
        if total_column:
            self.is_total[:, m] = True
        if total_row:
            self.is_total[n, :] = True

    def key(self, cell: tuple[int, int]) -> tuple:
        """Preference for a complementary suppression: positive body cells, smallest first."""
        v = self.ext[cell]
        return (v <= 0, bool(self.is_total[cell]), v, cell)

    def candidates(self, cells, code: np.ndarray) -> list[tuple[int, int]]:
        return sorted(
            (c for c in cells if code[c] == "" and not np.isnan(self.ext[c])), key=self.key
        )


def _arcs(grid: _Grid) -> dict[tuple[int, int], tuple[int, int]]:
    """Each entry as an arc (tail, head) between lines, so that the sum lines become
    flow conservation: a two-way table with totals is a network (node ``-1`` = ground, for
    entries that lie on one line only)."""
    # Sign each line so that every entry has opposite coefficients in its two lines
    # (coefficient -1 for the total at the end of a line, +1 otherwise).
    coef = {
        (k, cell): (-1 if pos == len(line) - 1 else 1)
        for k, line in enumerate(grid.lines)
        for pos, cell in enumerate(line)
    }
    sign: dict[int, int] = {}
    for start in range(len(grid.lines)):
        if start in sign:
            continue
        sign[start] = 1
        stack = [start]
        while stack:
            k = stack.pop()
            for cell in grid.lines[k]:
                for other in grid.lines_of[cell]:
                    if other != k and other not in sign:
                        sign[other] = -sign[k] * coef[(k, cell)] * coef[(other, cell)]
                        stack.append(other)
    arcs = {}
    for cell, ks in grid.lines_of.items():
        ends = {sign[k] * coef[(k, cell)]: k for k in ks}
        arcs[cell] = (ends.get(-1, -1), ends.get(1, -1))
    return arcs


def _exposed(
    grid: _Grid, code: np.ndarray, threshold: int, *, suppress_zeros: bool
) -> list[tuple[int, int]]:
    """Primary entries whose value the reader can pin down from what is published.

    The reader knows every shown entry, that each line sums to its total, that a primary
    entry lies in ``[1, threshold - 1]`` (``[0, …]`` when zeros are suppressed too) and a
    secondary one is ``≥ 0``. The hidden entries are the arcs of a flow network (the lines
    are its nodes); another table that shows the same is the true one plus a circulation. A
    primary entry can differ from its true value exactly when it lies on a cycle of the
    residual network (every integral circulation splits into such cycles), so it is exposed
    when neither "one more" nor "one less" is reachable around a cycle.
    """
    arcs = _arcs(grid)
    low_primary = 0.0 if suppress_zeros else 1.0
    hidden = [(int(i), int(j)) for i, j in np.argwhere(code != "")]
    adjacency: dict[int, list[tuple[int, tuple[int, int]]]] = {}
    for cell in hidden:
        tail, head = arcs[cell]
        value = grid.ext[cell]
        low, high = (low_primary, threshold - 1.0) if code[cell] == "primary" else (0.0, np.inf)
        if value < high:
            adjacency.setdefault(tail, []).append((head, cell))
        if value > low:
            adjacency.setdefault(head, []).append((tail, cell))

    def reachable(source: int, target: int, avoid: tuple[int, int]) -> bool:
        seen, stack = {source}, [source]
        while stack:
            node = stack.pop()
            if node == target:
                return True
            for nxt, cell in adjacency.get(node, ()):
                if cell != avoid and nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return False

    exposed = []
    for cell in hidden:
        if code[cell] != "primary":
            continue
        tail, head = arcs[cell]
        value = grid.ext[cell]
        up = value < threshold - 1 and reachable(head, tail, cell)
        down = value > low_primary and reachable(tail, head, cell)
        if not (up or down):
            exposed.append(cell)
    return exposed


def _pattern(
    values: np.ndarray,
    threshold: int,
    *,
    total_column: bool,
    total_row: bool,
    suppress_zeros: bool,
) -> tuple[_Grid, np.ndarray]:
    grid = _Grid(values, total_column=total_column, total_row=total_row)
    ext = grid.ext
    low = -0.5 if suppress_zeros else 0.5
    with np.errstate(invalid="ignore"):
        primary = ~np.isnan(ext) & (ext > low) & (ext < threshold)
    code = np.where(primary, "primary", "").astype(object)
    if not grid.lines:
        return grid, code
    # 1. every line with exactly one suppressed entry gets a complement (next-smallest entry)
    changed = True
    while changed:
        changed = False
        for line in grid.lines:
            if sum(code[c] != "" for c in line) == 1:
                cands = grid.candidates(line, code)
                if cands:
                    code[cands[0]] = "secondary"
                    changed = True
    # 2. audit: where a primary entry can still be pinned down, suppress more next to it
    while True:
        exposed = _exposed(grid, code, threshold, suppress_zeros=suppress_zeros)
        if not exposed:
            return grid, code
        cell = exposed[0]
        near = [e for k in grid.lines_of.get(cell, []) for e in grid.lines[k]]
        cands = grid.candidates(near, code) or grid.candidates(
            [(int(i), int(j)) for i, j in np.ndindex(*ext.shape)], code
        )
        if not cands:  # everything is hidden; what remains is known from the bounds alone
            return grid, code
        code[cands[0]] = "secondary"


def _labels(frame: pd.DataFrame, total_column: bool, total_row: bool, name: str):
    index = list(frame.index) + ([name] if total_row else [])
    columns = list(frame.columns) + ([name] if total_column else [])
    if isinstance(frame.index, pd.CategoricalIndex):
        index = pd.Index(index, dtype=object)
    if isinstance(frame.columns, pd.CategoricalIndex):
        columns = pd.Index(columns, dtype=object)
    return index, columns


def _suppressed(
    table: pd.DataFrame | pd.Series,
    threshold: int,
    margins: bool,
    suppress_zeros: bool,
    margins_name: str,
) -> tuple[_Grid, np.ndarray, tuple[list, list]]:
    """The suppression of a count table with its margins: grid, codes, (row and column labels).

    The one place both :func:`suppression_pattern` and :func:`suppress_counts` decide which
    cells are withheld, so the pattern shown and the table published never differ. A Series
    gets a total row only (``margins``), a frame a total row and column.
    """
    frame, was_series = _count_frame(table)
    total_column = margins and not was_series
    grid, code = _pattern(
        frame.to_numpy(),
        threshold,
        total_column=total_column,
        total_row=margins,
        suppress_zeros=suppress_zeros,
    )
    return grid, code, _labels(frame, total_column, margins, margins_name)


def suppression_pattern(
    table: pd.DataFrame | pd.Series,
    *,
    threshold: int = 5,
    margins: bool = True,
    margins_name: str = "Summe",
    suppress_zeros: bool = False,
) -> pd.DataFrame:
    """Which counts of a table (and of its totals) must be hidden, and why.

    *Primary* suppression hides every count :math:`n` with :math:`0 < n < t` (threshold
    :math:`t`), in the body and in the totals. *Secondary* suppression then hides further
    entries so that the hidden counts cannot be worked out from what is shown, in two steps:

    1. every row and every column (totals included) that has exactly one hidden entry gets a
       second one: the smallest positive count in that line that is still shown (a body cell
       before a total; a zero only when nothing else is left), repeated until no line has
       exactly one hidden entry;
    2. an audit checks that every primary count :math:`x_c` can take at least two values over
       all tables that show the same entries and totals and obey the rule (a hidden primary
       count lies in :math:`[1, t-1]`, a secondary one is :math:`\\ge 0`):

       .. math::

          \\min x_c < \\max x_c \\quad \\text{s.t.} \\quad
          \\sum_{j} x_{ij} = x_{i+},\\; \\sum_{i} x_{ij} = x_{+j},\\;
          x \\text{ as shown or within its bounds}

       Where a primary count is pinned down to one value, the next-smallest shown entry of its
       row or column is hidden too, and the audit repeats.

    Parameters
    ----------
    table : pandas.DataFrame or pandas.Series
        Counts (whole numbers ≥ 0); empty cells (NaN) mean "not counted", are shown empty and
        are left out of the totals. A Series is a one-way table with one total.
    threshold : int, default 5
        Counts below this are hidden. ``1`` hides nothing (unless ``suppress_zeros``).
    margins : bool, default True
        Whether totals are shown alongside: a total column and a total row for a DataFrame
        (grand total in the corner), a total entry for a Series. Without totals only primary
        suppression is needed.
    margins_name : str, default "Summe"
        Label of the total row and column.
    suppress_zeros : bool, default False
        Also hide zeros (then a hidden count can be 0 to :math:`t-1`).

    Returns
    -------
    pandas.DataFrame
        The table's shape plus the totals (a Series gives a one-column frame); each entry is
        ``""`` (shown), ``"primary"`` (below the threshold) or ``"secondary"`` (hidden to
        protect a primary one).

    Raises
    ------
    TypeError
        If ``table`` is not a DataFrame or Series, or ``threshold`` not a whole number.
    ValueError
        If a value is not a count (negative, fractional, text) or ``threshold < 1``.

    See Also
    --------
    suppress_counts : The table with the pattern applied.
    format_count : One count as published.

    Notes
    -----
    The guarantee: from the shown counts, the shown totals and the knowledge of the rule, no
    hidden primary count can be narrowed down to a single value. The audit is exact: a table
    with totals is a flow network whose arcs are the hidden entries and whose nodes are the
    rows and columns; another table that shows the same differs from the true one by a
    circulation, so a primary count can change exactly when it lies on a cycle of the residual
    network (the linear programme above, solved as a graph search). The search for complements is the common greedy heuristic
    (hide the next-smallest cell), not an optimal one: it may hide more than the minimum.
    One limit no hiding can remove: when a line's total is itself below the threshold, the
    bounds alone can fix its counts (two hidden counts of at least 1 whose total is below 3
    must both be 1); the audit then hides the whole line, which says no more than "all small".
    Figures that show single counts without totals (edge labels, bar labels) need only
    primary suppression (:func:`format_count`).

    References
    ----------
    .. [1] Hundepool, A. et al. (2012). *Statistical Disclosure Control*, ch. 4 (cell
       suppression, secondary suppression and its audit). Wiley.
    .. [2] Statistisches Bundesamt: Zeichenerklärung ("." = Zahlenwert unbekannt oder
       geheim zu halten).

    Examples
    --------
    Row A has one small count (2); to keep it hidden from the row total 12, the next-smallest
    count of row A (10) is hidden as well; column x then has one hidden count (2) beside the
    total 9, so the next-smallest count of column x (7) is hidden, and so on around the square:

    >>> import pandas as pd
    >>> t = pd.DataFrame({"x": [2, 7], "y": [10, 20]}, index=["A", "B"])
    >>> suppression_pattern(t)
                   x          y Summe
    A        primary  secondary
    B      secondary  secondary
    Summe
    """
    threshold = _check_threshold(threshold)
    _, code, (index, columns) = _suppressed(table, threshold, margins, suppress_zeros, margins_name)
    return pd.DataFrame(code, index=index, columns=columns, dtype=object)


def suppress_counts(
    table: pd.DataFrame | pd.Series,
    *,
    threshold: int = 5,
    margins: bool = True,
    margins_name: str = "Summe",
    suppress_zeros: bool = False,
    secondary_label: str = SECONDARY_LABEL,
) -> pd.DataFrame:
    """A count table ready to publish: small counts as ``"<5"``, totals that cannot reveal them.

    Counts below ``threshold`` become ``"<threshold"``; counts hidden only to protect them
    (secondary suppression) become ``secondary_label`` (``"."``); every other count and total
    is shown as a whole number. Which entries are hidden, and the rule that guarantees that
    no hidden count can be recovered from the totals, is :func:`suppression_pattern`.

    Parameters
    ----------
    table : pandas.DataFrame or pandas.Series
        Counts (whole numbers ≥ 0; NaN = not counted, shown empty). Not modified.
    threshold : int, default 5
        Counts below this are hidden (the report parameter ``suppress_below``).
    margins : bool, default True
        Append totals (a total column and row for a DataFrame, one total for a Series).
    margins_name : str, default "Summe"
        Label of the totals.
    suppress_zeros : bool, default False
        Also hide zeros.
    secondary_label : str, default "."
        What a secondarily hidden entry shows. It must differ from the primary label: a
        secondarily hidden count is usually not below the threshold.

    Returns
    -------
    pandas.DataFrame
        Text entries (object dtype), with the totals appended when ``margins``. A Series gives
        a one-column frame. ``.attrs["suppression"]`` holds ``threshold``, ``n_primary``,
        ``n_secondary``.

    Raises
    ------
    TypeError, ValueError
        As :func:`suppression_pattern`; ValueError also when ``secondary_label`` equals the
        primary label.

    See Also
    --------
    suppression_pattern : which entries are hidden, and the rule.
    format_count : one count on its own (figure labels).

    Examples
    --------
    Column x alone has a small count (3) and a total: hiding 3 alone would let 9 - 6 = 3 be
    worked out, so 6 is hidden too; row A then has one hidden entry, so its next-smallest
    entry 8 is hidden, and row B likewise hides 9; the audit finds 3 cannot be pinned down:

    >>> import pandas as pd
    >>> t = pd.DataFrame({"x": [3, 6], "y": [8, 9]}, index=["A", "B"])
    >>> suppress_counts(t)
            x   y Summe
    A      <5   .    11
    B       .   .    15
    Summe   9  17    26

    Without totals only the small count is hidden:

    >>> suppress_counts(t, margins=False)
        x  y
    A  <5  8
    B   6  9
    """
    threshold = _check_threshold(threshold)
    primary_label = f"<{threshold}"
    if secondary_label == primary_label:
        raise ValueError(
            f"secondary_label must differ from the primary label {primary_label!r}, "
            f"got {secondary_label!r}"
        )
    grid, code, (index, columns) = _suppressed(
        table, threshold, margins, suppress_zeros, margins_name
    )
    ext = grid.ext
    text = np.where(np.isnan(ext), "", np.nan_to_num(ext).astype(np.int64).astype(str)).astype(
        object
    )
    text[code == "primary"] = primary_label
    text[code == "secondary"] = secondary_label
    out = pd.DataFrame(text, index=index, columns=columns, dtype=object)
    out.attrs["suppression"] = {
        "threshold": threshold,
        "n_primary": int((code == "primary").sum()),
        "n_secondary": int((code == "secondary").sum()),
    }
    return out


def format_count(count: object, *, threshold: int = 5) -> str:
    """One count as text for a figure label: ``"<5"`` below the threshold, else the number.

    Use it where a count stands alone (an edge label, a bar label). Where totals are shown
    alongside, use :func:`suppress_counts` for the whole table instead.

    Parameters
    ----------
    count : int, float or None
        A count ≥ 0; NaN, None and ``pd.NA`` (not counted) give ``""``.
    threshold : int, default 5
        Counts :math:`0 < n <` ``threshold`` are hidden; 0 is shown.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        If ``count`` is negative or not whole.

    See Also
    --------
    suppress_counts : A whole count table with secondary suppression.
    suppression_pattern : Which cells of a table are withheld.

    Examples
    --------
    >>> [format_count(n) for n in (0, 1, 4, 5, 12, None)]
    ['0', '<5', '<5', '5', '12', '']
    """
    threshold = _check_threshold(threshold)
    if count is None or count is pd.NA or (isinstance(count, float) and np.isnan(count)):
        return ""
    value = float(count)  # type: ignore[arg-type]
    if value < 0 or not value.is_integer():
        raise ValueError(f"count must be a whole number ≥ 0, got {count!r}")
    if 0 < value < threshold:
        return f"<{threshold}"
    return str(int(value))


# ---------------------------------------------------------------------------------------------
# CSV cells that spreadsheet programs would run as formulas
# ---------------------------------------------------------------------------------------------

#: First characters that make Excel or LibreOffice read a cell as a formula (OWASP: CSV
#: injection): ``=``, ``+``, ``-``, ``@``, tab and carriage return.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER_RE = re.compile(r"^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?$")


def _needs_prefix(text: str) -> bool:
    if text.startswith("'"):  # so that a cell that starts with ' survives a round trip
        return _needs_prefix(text[1:])
    return text.startswith(FORMULA_START) and not _PLAIN_NUMBER_RE.match(text)


def csv_cell(value: object) -> object:
    """One value as netzwerk writes it into a CSV file: formula-like text prefixed with ``'``.

    Text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
    leading apostrophe, which spreadsheet programs show as text instead of running the cell
    as a formula (OWASP's rule against CSV injection: ``=HYPERLINK(…)``, ``@SUM(…)``,
    ``+cmd``). A plain number written as text (``-3``, ``-0.25``) stays as it is, and so does
    every value that is not text (numbers, missing values). Text that already starts with
    ``'`` before such a character gets one more, so that :func:`csv_unescape` gives back
    exactly what was written.

    Parameters
    ----------
    value : object
        A cell.

    Returns
    -------
    object
        The value, prefixed where needed.

    See Also
    --------
    csv_safe : the same for every cell (and label) of a table.
    csv_unescape : the inverse, for files netzwerk reads back (review lists, aliases).

    Examples
    --------
    >>> [csv_cell(v) for v in ["=HYPERLINK(\\"x\\")", "+cmd", "@SUM(A1)", "-3", -3, "AWO"]]
    ['\\'=HYPERLINK("x")', "'+cmd", "'@SUM(A1)", '-3', -3, 'AWO']
    """
    if isinstance(value, str) and _needs_prefix(value):
        return "'" + value
    return value


def csv_unescape(value: object) -> object:
    """The inverse of :func:`csv_cell`: ``csv_unescape(csv_cell(v)) == v`` for every text.

    See Also
    --------
    csv_safe : The escaping undone here.
    csv_cell : One cell made safe.

    Examples
    --------
    >>> csv_unescape("'=1+1"), csv_unescape("'Kita"), csv_unescape(csv_cell("'=x"))
    ('=1+1', "'Kita", "'=x")
    """
    if isinstance(value, str) and value.startswith("'") and _needs_prefix(value[1:]):
        return value[1:]
    return value


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of a table whose text cells, column names and index labels pass :func:`csv_cell`.

    Every CSV file netzwerk writes for people to open (report tables, review lists,
    ``aliases.csv``) goes through this function right before ``to_csv``. Numeric columns are
    not touched, so negative numbers stay numbers.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table; not modified.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    TypeError
        If ``frame`` is not a DataFrame.

    See Also
    --------
    csv_cell : One cell made safe.
    csv_unescape : The exact inverse.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"name": ["=1+1", "AWO"], "z": [-1.5, 2.0]}, index=["@a", "b"])
    >>> csv_safe(t).to_csv(lineterminator="\\n").splitlines()
    [',name,z', "'@a,'=1+1,-1.5", 'b,AWO,2.0']
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    out = frame.copy()
    for k in range(out.shape[1]):
        column = out.iloc[:, k]
        if not (pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column)):
            out.iloc[:, k] = column.map(csv_cell)
    out.columns = _safe_labels(out.columns)
    out.index = _safe_labels(out.index)
    return out


def _safe_labels(index: pd.Index) -> pd.Index:
    if isinstance(index, pd.MultiIndex):
        return index.set_levels([_safe_labels(level) for level in index.levels])
    if pd.api.types.is_numeric_dtype(index) or isinstance(index, pd.RangeIndex):
        return index
    return index.map(csv_cell)
