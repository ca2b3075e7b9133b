"""Checks of the referral table that need the parsed periods: one spelling per period in the
keys, overlapping periods of one pair and field, and counts that fit into 64-bit sums.

Periods are parsed once, by :func:`netzwerk.io.parse_partial_date` (the loader's date rule):
its ISO form is the one canonical spelling (``2021``, ``2021-Q2``, ``2021-05``,
``2021-05-03``), so ``2021-q2`` and ``2021-Q2``, or ``05.2021`` and ``2021-05``, are the same
key. The loader calls the functions here; they hold no second date parser.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

__all__: list[str] = []

#: The largest whole number a table may hold (counts, sizes, participant numbers): one
#: billion, far above any real count, and small enough that the sum of nine billion such
#: counts still fits into a 64-bit integer, so no total can wrap around to a negative number.
#: (Values of more than 15 digits are refused before they are parsed, as ``number_too_large``
#: by :mod:`netzwerk.io`, with the same maximum in the message.)
MAX_INTEGER = 1_000_000_000

MESSAGES = {
    "too_large": (
        "Zahl zu groß; erwartet eine ganze Zahl bis {maximum}",
        "number too large; expected a whole number up to {maximum}",
    ),
    "period_overlap": (
        "Zeitraum überschneidet sich mit Zeile {rows} (dasselbe Paar und Handlungsfeld, "
        "{periods}): die Fälle können doppelt gezählt sein; einen der Zeiträume anpassen oder "
        "die Zeilen zusammenfassen",
        "period overlaps row {rows} (same pair and field, {periods}): cases may be counted "
        "twice; change one of the periods or merge the rows",
    ),
}


def too_large(values: np.ndarray, whole: np.ndarray) -> np.ndarray:
    """Which of the distinct text values (``whole``: those that are whole numbers) exceed
    :data:`MAX_INTEGER`; compared as Python integers, so no value can overflow."""
    return np.array(
        [bool(ok) and int(v) > MAX_INTEGER for v, ok in zip(values, whole, strict=True)],
        dtype=bool,
    )


def canonical_keys(raw: pd.DataFrame, typed: pd.DataFrame, schema: Any) -> pd.DataFrame:
    """The key columns of ``schema`` as compared for duplicates: a parsed period or date in
    its canonical ISO spelling (the typed value), every other value as written."""
    keys = raw[list(schema.key)].copy()
    for column in schema.key:
        if schema.column(column).type in ("period", "date") and column in typed:
            parsed = typed[column].astype("string")
            keys[column] = parsed.where(parsed.notna(), keys[column]).astype(object)
    return keys


def period_overlaps(raw: Any, typed: pd.DataFrame) -> list[Any]:
    """Warnings for referral rows whose period overlaps another row's of the same pair and
    field (``2021`` and ``2021-Q2``; ``2021-Q2`` and ``06.2021``), naming both rows.

    ``raw`` is the table as read (``frame.index`` = spreadsheet rows), ``typed`` the same rows
    typed, with ``period_start`` and ``period_end``. Rows with the same period are duplicate
    keys (an error of their own), not overlaps.
    """
    from netzwerk.io import Problem

    needed = {"from_id", "to_id", "field", "period_start", "period_end"}
    if not needed <= set(typed.columns) or len(typed) < 2:
        return []
    rows = raw.frame.index.to_numpy()
    frame = pd.DataFrame(
        {
            "g": typed.groupby(["from_id", "to_id", "field"], sort=False, dropna=False).ngroup(),
            "start": typed["period_start"].to_numpy(),
            "end": typed["period_end"].to_numpy(),
            "row": rows,
            "period": typed["period"].astype(object).to_numpy(),
            "text": raw.frame["period"].to_numpy(dtype=object),
        }
    ).dropna(subset=["start", "end"])
    if frame.empty:
        return []
    frame = frame.sort_values(["g", "start", "end", "row"], kind="stable")
    # a row overlaps an earlier one of its group when it starts before the group's latest
    # end so far (a vectorised sweep)
    reach = frame.groupby("g")["end"].cummax()
    before = reach.groupby(frame["g"]).shift()
    flagged = frame[(frame["start"] <= before).to_numpy()]
    if flagged.empty:
        return []
    # each flagged row against the rows of its own group (one pair and field: few rows)
    pairs = flagged.reset_index(drop=True).merge(frame, on="g", suffixes=("", "_o"))
    hit = (
        (pairs["start_o"] <= pairs["end"])
        & (pairs["end_o"] >= pairs["start"])
        & ~((pairs["start_o"] == pairs["start"]) & (pairs["end_o"] == pairs["end"]))
    )
    pairs = pairs[hit.to_numpy()].sort_values(["row", "row_o"], kind="stable")
    row, other_row = pairs["row"].to_numpy(), pairs["row_o"].to_numpy()
    mine, other_period = pairs["period"].to_numpy(), pairs["period_o"].to_numpy()
    text = pairs["text"].to_numpy()
    if not len(row):  # only rows with the same period: duplicate keys, reported as such
        return []
    cuts = np.flatnonzero(np.diff(row)) + 1
    de, en = MESSAGES["period_overlap"]
    problems = []
    for a, b in zip(np.r_[0, cuts], np.r_[cuts, len(row)], strict=True):
        names = ", ".join(str(int(r)) for r in other_row[a:b])
        periods = f"{mine[a]} / " + ", ".join(str(p) for p in other_period[a:b])
        problems.append(
            Problem(
                file=raw.file,
                row=int(row[a]),
                column="period",
                value=text[a],
                message=de.format(rows=names, periods=periods),
                severity="warning",
                code="period_overlap",
                message_en=en.format(rows=names, periods=periods),
            )
        )
    return problems
