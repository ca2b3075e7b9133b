"""Privacy: small-cell suppression for outputs, and recognising columns with personal data.

Two safeguards that every output of netzwerk relies on:

* **Small-cell suppression.** Referral counts come from client cases; a count of 1 or 2 between
  two organisations can identify a person. Every report table and figure shows counts below a
  threshold (default 5, ``suppress_below`` in the report parameters) as ``"<5"``, and complements
  this *primary* suppression with *secondary* suppression so that no suppressed value can be
  worked out from the row and column totals shown alongside (:func:`suppression_pattern`,
  :func:`suppress_counts`, :func:`format_count`). The data folder keeps the true aggregates; only
  outputs are suppressed.
* **Personal columns.** Attendance lists and case-management exports carry names, e-mail
  addresses and phone numbers. :func:`detect_personal_columns` recognises such columns by their
  header and by their content, so that importers can drop them and say so.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable

import numpy as np
import pandas as pd

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
    frame, was_series = _count_frame(table)
    total_column = margins and not was_series
    total_row = margins
    _, code = _pattern(
        frame.to_numpy(),
        threshold,
        total_column=total_column,
        total_row=total_row,
        suppress_zeros=suppress_zeros,
    )
    index, columns = _labels(frame, total_column, total_row, margins_name)
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
    frame, was_series = _count_frame(table)
    total_column = margins and not was_series
    total_row = margins
    grid, code = _pattern(
        frame.to_numpy(),
        threshold,
        total_column=total_column,
        total_row=total_row,
        suppress_zeros=suppress_zeros,
    )
    ext = grid.ext
    text = np.where(np.isnan(ext), "", np.nan_to_num(ext).astype(np.int64).astype(str)).astype(
        object
    )
    text[code == "primary"] = primary_label
    text[code == "secondary"] = secondary_label
    index, columns = _labels(frame, total_column, total_row, margins_name)
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
# Personal columns
# ---------------------------------------------------------------------------------------------

_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})

_HEADER_BIRTH = {
    "geburtsdatum", "geburtstag", "geb", "gebdatum", "gebdat", "birthdate", "birthday", "birth",
    "dob", "geboren", "geburtsjahr", "jahrgang",
}  # fmt: skip
_HEADER_EMAIL = {"email", "mail", "emailadresse", "mailadresse", "emails", "emailaddress"}
_HEADER_PHONE = {
    "tel", "telnr", "fon", "fax", "handy", "mobil", "mobile", "phone", "telefon", "telephone",
    "telefonnummer", "rufnummer", "mobilnummer", "handynummer", "festnetz", "mobiltelefon",
}  # fmt: skip
_HEADER_NAME = {
    "name", "namen", "vorname", "nachname", "familienname", "rufname", "vornamen", "nachnamen",
    "teilnehmer", "teilnehmerin", "teilnehmende", "teilnehmername", "person",
    "ansprechpartner", "ansprechpartnerin", "ansprechperson", "kontaktperson", "unterschrift",
    "firstname", "lastname", "surname", "fullname", "participant", "klient", "klientin",
    "klientname", "client", "clientname", "geburtsname", "mitarbeiter", "mitarbeiterin",
    "berater", "beraterin", "fallbearbeiter", "fallbearbeiterin", "sachbearbeiter",
    "sachbearbeiterin", "kontakt",
}  # fmt: skip
#: Header words that name an organisation column ("Name der Einrichtung", "Träger").
_ORG_HEADER_WORDS = (
    "organisation", "organization", "einrichtung", "institution", "traeger", "verein", "verband",
    "firma", "behoerde", "dienststelle", "akteur", "stelle", "amt", "buero", "zentrum", "center",
    "werk", "dienst", "haus", "schule", "stadt", "gemeinde", "netzwerk", "initiative", "hilfe",
    "beratung", "agentur", "gesellschaft", "stiftung", "institut", "universitaet", "hochschule",
    "kirche", "moschee", "bund", "forum", "projekt", "caritas", "diakonie", "jobcenter",
    "referat", "dezernat", "ministerium", "fachbereich", "abteilung", "gmbh", "verwaltung",
    "gruppe", "club", "union", "bildung",
)  # fmt: skip
#: Words that mark an organisation rather than a person: a whole word of the name, or the
#: head (last part) of a German compound ("Sozialamt", "Caritasverband", "Ausländerbeirat").
_ORG_WORDS = (
    "organisation", "organization", "einrichtung", "institution", "traeger", "verein", "verband",
    "firma", "behoerde", "dienststelle", "akteur", "stelle", "amt", "aemter", "buero", "zentrum",
    "center", "centre", "werk", "dienst", "dienste", "haus", "schule", "rat", "beirat", "kreis",
    "landkreis", "stadt", "gemeinde", "netzwerk", "initiative", "hilfe", "beratung", "agentur",
    "gesellschaft", "stiftung", "institut", "universitaet", "hochschule", "kirche", "moschee",
    "bund", "forum", "projekt", "caritas", "diakonie", "jobcenter", "referat", "dezernat",
    "ministerium", "fachbereich", "abteilung", "gmbh", "ggmbh", "verwaltung", "team", "gruppe",
    "club", "union", "bildung", "kita", "kindergarten", "arbeiterwohlfahrt", "wohlfahrtsverband",
    "paritaetischer", "paritaetische", "volkshochschule", "integration", "migration",
    "gemeinschaft", "genossenschaft", "sozialdienst", "treff", "kreuz", "synagoge", "cafe",
    "kammer", "bank", "polizei", "gericht", "klinik", "klinikum", "krankenhaus", "praxis",
    "service", "office", "council", "association", "foundation", "board", "bezirk", "quartier",
    "stadtteil", "land", "ausschuss", "konferenz", "kommission", "koordination", "programm",
    "fonds", "plattform", "akademie", "verwaltungsamt", "landesamt", "bundesamt", "senat",
    "rathaus", "kreisverwaltung", "selbsthilfe", "elternverein", "jugend", "familie", "frauen",
    "senioren", "sport", "kultur", "bibliothek", "museum", "theater", "job", "arbeit", "sozial",
    "wohnen", "wohnungsbau", "bau", "gewerkschaft", "partei", "fraktion", "evangelisch",
    "katholisch", "islamisch", "juedisch", "tuerkisch", "deutsch", "international",
    "interkulturell", "kommunal", "regional", "landesverband", "kreisverband", "ortsverein",
    "bezirksverband", "mbh", "management", "station", "staette", "wache", "stuetzpunkt",
    "kommune", "unternehmen", "betrieb", "baeckerei", "laden", "geschaeft", "apotheke",
    "staedtisch", "oeffentlich", "akteur", "mitte", "nord", "sued", "ost", "west", "markt",
)  # fmt: skip
#: Heads that are also common ends of surnames ("Neuhaus", "Murat", "Backhaus"): they mark an
#: organisation only after a stem of at least six letters ("Frauenhaus", "Elternrat").
_WEAK_HEADS = frozenset({"haus", "rat", "werk", "bund", "kreis", "stadt", "land", "bau", "bank",
                         "treff", "kreuz", "job", "cafe", "team", "laden", "markt", "nord",
                         "sued", "ost", "west", "mitte"})  # fmt: skip
#: Endings of plural and inflected forms ("Integrationsstellen", "Bürgerbüros",
#: "Evangelische"), removed before a word is compared with a listed head that is not weak.
_INFLECTIONS = ("nen", "ern", "en", "er", "es", "e", "n", "s")
_ORG_ABBREVIATIONS = frozenset({
    "awo", "drk", "vhs", "jmd", "mbe", "bamf", "abh", "dpwv", "ib", "afa", "kim", "wir", "amif",
    "mso", "dgb", "ihk", "hwk", "eu", "ggmbh", "gmbh", "jc", "ev", "dw", "kjr", "asd",
})  # fmt: skip
_LEGAL_FORM_RE = re.compile(
    r"(?<![\w])(?:e\.\s?V\.?|g?GmbH|gUG|AöR|KdöR|mbH|e\.\s?G\.)(?![\w])", re.I
)
#: Small words of organisation names ("Amt für Integration", "Jugend und Soziales"): a name
#: with one of them is not taken for a person's name.
_FUNCTION_WORDS = frozenset({
    "und", "u", "fuer", "im", "am", "an", "in", "mit", "vom", "zum", "zur", "auf", "bei",
    "ohne", "gegen", "ueber", "unter", "nach", "aus", "das", "die", "des", "dem", "eine",
    "einer", "the", "of", "and", "for", "nicht", "genannt", "ungenannt", "unbekannt", "keine",
    "weitere", "sonstige", "alle", "diverse", "mehrere", "andere", "verschiedene", "namentlich",
})  # fmt: skip
_NAME_PARTICLES = frozenset({
    "von", "van", "de", "der", "den", "zu", "al", "el", "bin", "ibn", "di", "da", "del", "dos",
    "du", "le", "la", "ter", "ten", "abu", "ben", "bint", "mac", "mc", "vom", "y", "e",
})  # fmt: skip
#: Words that say a person follows: honorifics, academic titles, "privat", "geb." …
_PERSON_MARKERS = frozenset({
    "frau", "herr", "herrn", "hr", "fr", "dr", "prof", "dipl", "mag", "ing", "privat",
    "privatperson", "geb", "geboren", "geborene", "geborener", "mrs", "mr", "ms", "sr",
    "klient", "klientin", "kundin", "kunde", "ansprechpartner", "ansprechpartnerin",
})  # fmt: skip

_EMAIL_RE = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[A-Za-z]{2,}$")
#: Any e-mail address, also one without a top-level domain ("olga.ivanova@intranet") and one
#: written with "(at)", "[at]", "{at}" or " at " between brackets ("k.fischer(at)jobcenter.de").
_EMAIL_ANY_RE = re.compile(
    r"[^\s@,;<>()\[\]{}]+\s*(?:@|[(\[{]\s*(?:at|ät|@)\s*[)\]}])\s*[^\s@,;<>()\[\]{}]+", re.I
)
_PHONE_RE = re.compile(r"^(?:tel\.?|telefon|mobil|handy|fon)?\s*:?\s*\+?[\d\s/().\-]{6,}$", re.I)
_PHONE_ANY_RE = re.compile(r"(?<![\w])\+?\(?\d[\d\s/().\-]{5,}\d(?![\w])")


def _fold(word: str) -> str:
    """A word as it is compared: case folded, umlauts spelt out, other accents dropped."""
    w = unicodedata.normalize("NFKC", word).casefold().translate(_TRANSLIT)
    return "".join(c for c in unicodedata.normalize("NFKD", w) if not unicodedata.combining(c))


def _words(value: str) -> list[str]:
    """The words of a name as written (hyphenated parts kept together, dots dropped)."""
    return [w for w in re.split(r"[^\w'’\-]+", unicodedata.normalize("NFC", value)) if w.strip("-")]


def _org_word(word: str) -> bool:
    """A word that marks an organisation: a listed word, or a compound with a listed head."""
    w = _fold(word).replace("-", "").replace("'", "").replace("’", "")
    if w in _ORG_WORDS or (w in _ORG_ABBREVIATIONS and word.isupper()):
        return True
    forms = [w] + [w[: -len(e)] for e in _INFLECTIONS if w.endswith(e) and len(w) - len(e) >= 3]
    for form in forms:
        for head in _ORG_WORDS:
            weak = head in _WEAK_HEADS
            if form is not w and weak:
                continue
            if form == head or (
                form.endswith(head) and len(form) - len(head) >= (6 if weak else 3)
            ):
                return True
    return False


def _looks_like_org(value: str) -> bool:
    """A name with a word that marks an organisation, a legal form or a short abbreviation."""
    if _LEGAL_FORM_RE.search(value):
        return True
    words = _words(value)
    lower = any(any(c.islower() for c in w) for w in words)
    for w in words:
        if _org_word(w):
            return True
        # an abbreviation in capitals (IN VIA, ZAK) beside words in lower case; in a cell
        # written all in capitals ("ALI KAYA") only the known ones (AWO, DRK, VHS) count
        letters = w.replace("-", "")
        if letters.isalpha() and letters.isupper() and len(letters) <= 3 and lower:
            return True
    return False


def _name_word(word: str) -> bool:
    """A word that can be part of a person's name: letters (any script), ' and - only."""
    core = word.replace("-", "").replace("'", "").replace("’", "")
    return len(core) >= 2 and core.isalpha() or _fold(word) in _NAME_PARTICLES


def _looks_like_person(value: str) -> bool:
    """Two to four name-like words and nothing that marks an organisation.

    Words may be in any script and case ("Łukasz Kowalski", "Nguyễn Thị Lan", "MURAT
    YILMAZ"), with particles ("Olga von Ivanova", "Omar al Hassan") and a comma between
    surname and given name ("Hausmann, Peter"); honorifics and titles are skipped.
    """
    if any(ch.isdigit() for ch in value) or "@" in value or _looks_like_org(value):
        return False
    words = [w for w in _words(value) if _fold(w).strip(".") not in _PERSON_MARKERS]
    if any(_fold(w) in _FUNCTION_WORDS for w in words):
        return False
    names = [w for w in words if _fold(w) not in _NAME_PARTICLES]
    if len(names) < 2:  # a capitalised particle can be a surname of its own ("Lê Minh")
        names = [w for w in words if w not in names and w[:1].isupper()] + names
    return 2 <= len(names) <= 4 and all(_name_word(w) for w in words)


def _has_person_marker(value: str) -> bool:
    return any(_fold(w).strip(".") in _PERSON_MARKERS for w in _words(value))


def _scrub_contacts(value: str) -> tuple[str, bool]:
    """Remove e-mail addresses (also obfuscated and local ones) and phone numbers."""
    out = _EMAIL_ANY_RE.sub(" ", value)
    for d in _PHONE_ANY_RE.findall(out):
        if sum(ch.isdigit() for ch in d) >= 6:
            out = out.replace(d, " ")
    if out != value:  # the labels and brackets the contact stood in ("(Tel. )", "E-Mail:")
        out = re.sub(
            r"(?<!\w)(?:tel|telefon|fon|fax|mobil|handy|e-?mail|mail)\b\.?:?", " ", out, flags=re.I
        )
        out = re.sub(r"\(\s*\)|\[\s*\]|\{\s*\}", " ", out)
        out = " ".join(out.split()).strip(" ,;:/|-–—")
    out = " ".join(out.split())
    return out, out != " ".join(value.split())


def _cut_at_marker(segment: str) -> str:
    """The words before the first person marker ("Sozialamt Frau Schulz" → "Sozialamt")."""
    kept = []
    for w in segment.split():
        if _fold(re.sub(r"[^\w]", "", w)) in _PERSON_MARKERS:
            break
        kept.append(w)
    return " ".join(kept)


def _segments(text: str) -> list[str]:
    """A cell split into parts judged one by one: each bracket group is one part; outside
    brackets the cell splits at ``/ ; , : |`` and at dashes between spaces."""
    parts: list[str] = []
    buf: list[str] = []
    depth = 0

    def flush() -> None:
        part = "".join(buf).strip()
        if part.strip("()[]{} "):
            parts.append(part)
        buf.clear()

    for ch in re.sub(r"\s[-–—]\s", " | ", text):
        if ch in "([{":
            if depth == 0:
                flush()
            depth += 1
            buf.append(ch)
        elif ch in ")]}" and depth:
            buf.append(ch)
            depth -= 1
            if depth == 0:
                flush()
        elif depth == 0 and ch in "/;,:|–—":
            flush()
        else:
            buf.append(ch)
    flush()
    return parts


def organisation_part(value: str) -> tuple[str, str | None]:
    """The part of a cell that passes as an organisation name, and what was taken out.

    Attendance lists and case exports mix organisations and people in one cell. The cell is
    split at brackets, slashes, commas, semicolons, colons and spaced dashes; a part is
    **personal** when it holds an honorific or title (*Frau*, *Herr*, *Dr.*, *Prof.*), *privat*,
    *geb.*, or when it looks like a person's name: two to four words of letters in any script
    (``Łukasz Kowalski``, ``Nguyễn Thị Lan``, ``Anna-Lena Rathjen``, ``murat yilmaz``), with
    name particles (*von*, *al*, *bin* …), and no word that marks an organisation. A word marks an
    organisation when it is, or ends in, a listed word (*Amt*, *Verein*, *Verband*, *Büro*,
    *Zentrum*, *Caritas*, *Jobcenter* …: ``Sozialamt``, ``Ausländerbeirat``), when it is a
    short abbreviation in capitals (*AWO*, *DRK*, *VHS*) or a legal form (*e.V.*, *gGmbH*).
    Heads that also end surnames (*-haus*, *-rat*, *-werk*, *-bund*, *-stadt* …) count only
    after a stem of six letters: ``Frauenhaus`` and ``Elternrat`` are organisations,
    ``Neuhaus`` and ``Murat`` are not. E-mail addresses (also ``k.fischer(at)example.org``
    and ``olga.ivanova@intranet``) and phone numbers are removed.

    Parameters
    ----------
    value : str
        One cell as written.

    Returns
    -------
    (str, str or None)
        The organisation part (``""`` when nothing passes as an organisation name) and what
        was taken out: ``None`` (nothing), ``"contact"`` (an e-mail address or phone number),
        ``"person"`` (a person's name, honorific, birth name or private note; the whole cell
        when the part is ``""``).

    Notes
    -----
    The rule errs on the side of privacy: a cell that mixes a person with something else
    keeps the rest only when the rest names an organisation by one of the words above, and
    an organisation written like a person's name (two words, neither an organisation word,
    e.g. "Mosaik Nordend") is withheld; its rows are reported by number, so a user can fix
    the list. No list of given names is used: the maintained ones on PyPI are either GPL
    (gender-guesser) or need gigabytes of memory (names-dataset), and the pattern also
    catches names that no list holds.

    Examples
    --------
    >>> organisation_part("Caritas OF (Frau Schulz)")
    ('Caritas OF', 'person')
    >>> organisation_part("Sozialamt (privat: Jürgen Schmidt, geb. )")
    ('Sozialamt', 'person')
    >>> organisation_part("AWO Kreisverband / Berat Demir")
    ('AWO Kreisverband', 'person')
    >>> organisation_part("Murat Yilmaz"), organisation_part("Hausmann, Peter")
    (('', 'person'), ('', 'person'))
    >>> organisation_part("Jobcenter k.fischer(at)jobcenter.de")
    ('Jobcenter', 'contact')
    >>> organisation_part("Dezernat für Soziales, Jugend und Integration")
    ('Dezernat für Soziales, Jugend und Integration', None)
    """
    text, contact = _scrub_contacts(str(value))
    if not text:
        return "", ("contact" if contact else None)
    if _looks_like_person(text):
        return "", "person"
    segments = _segments(text)
    kept: list[str] = []
    personal = False
    for segment in segments:
        inner = segment.strip("()[] ")
        if _has_person_marker(inner):
            personal = True
            inner = _cut_at_marker(inner)
            if not inner or segment.startswith(("(", "[")):
                continue
        if _looks_like_person(inner):
            personal = True
            continue
        kept.append(segment if inner == segment.strip("()[] ") else inner)
    if not personal:
        return text, ("contact" if contact else None)
    rest = " ".join(kept).strip(" -–—")
    if not rest or not _looks_like_org(rest):
        return "", "person"
    return rest, "person"


_DATE_LIKE_RE = re.compile(r"^\d{1,2}\.\d{1,2}\.(\d{2}|\d{4})$|^\d{4}-\d{1,2}-\d{1,2}$")


def _is_phone(value: str) -> bool:
    """A phone number: six or more digits with phone punctuation, and not a date."""
    v = value.strip()
    if _DATE_LIKE_RE.match(v) or not _PHONE_RE.match(v):
        return False
    return sum(ch.isdigit() for ch in v) >= 6


def _header_words(header: object) -> tuple[list[str], str]:
    text = unicodedata.normalize("NFKC", str(header)).casefold().translate(_TRANSLIT)
    text = re.sub(r"e-mail", "email", text)
    tokens = [t for t in re.split(r"[^a-z0-9]+", text) if t]
    return tokens, "".join(tokens)


def _birth_header(header: object) -> bool:
    """A header that names a birth date: *Geburtsdatum*, *geb.*, *Geb.-Datum*, *Geburtstag*,
    *date of birth*, *DOB* … (the referral importer never takes such a column as a date)."""
    tokens, compact = _header_words(header)
    return any(t in _HEADER_BIRTH for t in tokens) or compact.startswith("geburts")


def _share(values: pd.Series, test) -> float:
    if len(values) == 0:
        return 0.0
    return float(np.mean([bool(test(v)) for v in values]))


def detect_personal_columns(
    df: pd.DataFrame, *, min_share: float = 0.5, sample: int = 200
) -> dict[Hashable, str]:
    """Recognise columns that hold person names, e-mail addresses or phone numbers.

    A column is personal when its **header** says so (``Name``, ``Vorname``, ``Nachname``,
    ``Teilnehmer:in``, ``Ansprechpartner``, ``Unterschrift``, ``E-Mail``, ``Telefon``,
    ``Handy``, ``Klient`` …; a header that also names an organisation, such as ``Name der
    Einrichtung``, does not count) or when its **content** does: at least ``min_share`` of the
    non-empty values (of the first ``sample``) are e-mail addresses, phone numbers (six or
    more digits with ``+ / - ( )`` and spaces) or look like a person's name (two to four
    capitalised words, optionally with ``Frau``/``Herr``/``Dr.`` and particles like ``von``,
    and no word that marks an organisation such as *Verein*, *Amt*, *e.V.* or an abbreviation
    in capitals). A column headed just ``Name`` whose values mostly look like organisations is
    not personal.

    Parameters
    ----------
    df : pandas.DataFrame
        The table as read (values as text or anything convertible to text). Not modified.
    min_share : float, default 0.5
        Share of non-empty values that must look personal for a content match, in (0, 1].
    sample : int, default 200
        How many non-empty values per column are inspected.

    Returns
    -------
    dict
        Column → kind (``"name"``, ``"email"``, ``"phone"``, or ``"birthdate"`` for a column
        headed *Geburtsdatum*), in column order; personal columns only.

    Raises
    ------
    TypeError
        If ``df`` is not a DataFrame.
    ValueError
        If ``min_share`` is not in (0, 1] or ``sample`` < 1.

    Notes
    -----
    This is a safety net, not a guarantee: a person's name in a column headed *Bemerkung*
    among other text is not recognised. The importers therefore keep only the columns they
    need and drop everything else; this function names what was dropped for personal reasons.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({
    ...     "Teilnehmer": ["Anna Schulz", "Dr. Mehmet Yilmaz"],
    ...     "Organisation": ["Caritasverband Offenbach e.V.", "AWO Kreisverband"],
    ...     "Kontakt": ["a.schulz@example.org", "069 123456"],
    ...     "Spalte4": ["0171 2345678", "+49 69 98765"],
    ... })
    >>> detect_personal_columns(df)
    {'Teilnehmer': 'name', 'Kontakt': 'name', 'Spalte4': 'phone'}
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"df must be a pandas DataFrame, got {type(df).__name__}")
    if not 0 < min_share <= 1:
        raise ValueError(f"min_share must be in (0, 1], got {min_share!r}")
    if sample < 1:
        raise ValueError(f"sample must be ≥ 1, got {sample!r}")
    found: dict[Hashable, str] = {}
    for column in df.columns:
        values = df[column].dropna().astype(str).str.strip()
        values = values[values != ""].head(sample)
        tokens, compact = _header_words(column)
        org_header = any(w in compact for w in _ORG_HEADER_WORDS)
        if not org_header:
            if _birth_header(column):
                found[column] = "birthdate"
                continue
            if any(t in _HEADER_EMAIL for t in tokens) or "email" in compact:
                found[column] = "email"
                continue
            if any(t in _HEADER_PHONE for t in tokens) or compact.startswith("telefon"):
                found[column] = "phone"
                continue
            if (
                any(t in _HEADER_NAME for t in tokens)
                or "vorname" in compact
                or ("nachname" in compact)
            ):
                plain = set(tokens) <= {"name", "namen"}
                if not (plain and len(values) and _share(values, _looks_like_org) >= 0.5):
                    found[column] = "name"
                    continue
        if len(values) == 0:
            continue
        if _share(values, _EMAIL_RE.match) >= min_share:
            found[column] = "email"
        elif _share(values, _is_phone) >= min_share:
            found[column] = "phone"
        elif not org_header and _share(values, _looks_like_person) >= min_share:
            found[column] = "name"
    return found


def drop_personal_columns(
    df: pd.DataFrame, *, keep: tuple[Hashable, ...] = (), min_share: float = 0.5
) -> tuple[pd.DataFrame, dict[Hashable, str]]:
    """A copy of ``df`` without the columns :func:`detect_personal_columns` finds.

    Parameters
    ----------
    df : pandas.DataFrame
        The table; not modified.
    keep : tuple, optional
        Columns kept even if they look personal (e.g. the organisation column the user chose).
    min_share : float, default 0.5
        Passed to :func:`detect_personal_columns`.

    Returns
    -------
    (pandas.DataFrame, dict)
        The table without the personal columns, and column → kind of what was dropped.

    Raises
    ------
    TypeError, ValueError
        As :func:`detect_personal_columns`.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"E-Mail": ["x@example.org"], "Einrichtung": ["AWO"]})
    >>> clean, dropped = drop_personal_columns(df)
    >>> list(clean.columns), dropped
    (['Einrichtung'], {'E-Mail': 'email'})
    """
    found = detect_personal_columns(df, min_share=min_share)
    dropped = {c: k for c, k in found.items() if c not in keep}
    return df.drop(columns=list(dropped)), dropped


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
