"""The field × sector referral table, computed once, with the one suppression pattern.

Every output that shows referral counts to a reader (the CSV ``verweise_nach_handlungsfeld``,
the heatmap :func:`netzwerk.plot_field_flows`, the map's tooltips and edge widths,
``results.json``) takes its numbers from :func:`field_flows` and hides what its ``pattern``
hides. Computing the table or the pattern a second time elsewhere is what let a complementary
suppressed cell be read off the figure (issue #13.2).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from netzwerk.privacy import suppress_counts, suppression_pattern

if TYPE_CHECKING:
    from netzwerk.io import City

__all__ = ["FieldFlows", "field_counts", "field_flows"]

#: Code of an actor's sector or a row's field that is missing.
UNKNOWN = "__unknown__"


@dataclass(frozen=True)
class FieldFlows:
    """Referral counts by Handlungsfeld × sector and which of them a reader may see.

    Attributes
    ----------
    counts : pandas.DataFrame
        Summed counts (int; rows without a count add nothing), index field codes, columns
        sector codes, ordered by their German labels (the published order).
    has_rows : pandas.DataFrame
        True where at least one referral row falls into the cell.
    uncounted : pandas.DataFrame
        True where the cell has rows but none of them has a count.
    pattern : pandas.DataFrame
        :func:`netzwerk.privacy.suppression_pattern` of ``counts`` with totals (``"Summe"``
        row and column): ``""`` shown, ``"primary"``, ``"secondary"``. With ``threshold``
        None nothing is hidden.
    threshold : int or None
    direction : {"to", "from"}
    labels : dict
        ``{"fields": {code: label}, "sectors": {code: label}}`` (German).
    period : int, str, tuple or None
        The ``period`` the table counts (:func:`netzwerk.graph.period_bounds`); None = all.
    """

    counts: pd.DataFrame
    has_rows: pd.DataFrame
    uncounted: pd.DataFrame
    pattern: pd.DataFrame
    threshold: int | None
    direction: str
    labels: dict[str, dict[str, str]]
    period: Any = None

    def rows(self, city: City) -> pd.DataFrame:
        """The city's referral rows this table counts (those of its ``period``)."""
        return _period_rows(city, self.period)

    def hidden(self, field: str, sector: str) -> bool:
        """Whether the cell (field code, sector code) is suppressed (KeyError: no such cell)."""
        return self._hidden_cells[(field, sector)]

    def hidden_rows(self, city: City) -> tuple[pd.DataFrame, np.ndarray]:
        """The referral rows this table counts and, per row, whether its cell is suppressed.

        A row whose cell the table does not have (rows of another city) counts as hidden.

        Returns
        -------
        (pandas.DataFrame, numpy.ndarray)
            :meth:`rows` and a boolean array in their order.
        """
        refs = self.rows(city)
        fields, sectors = _row_cells(city, refs, self.direction)
        cells = self._hidden_cells
        hidden = np.fromiter(
            (cells.get(cell, True) for cell in zip(fields, sectors, strict=True)),
            dtype=bool,
            count=len(fields),
        )
        return refs, hidden

    @functools.cached_property
    def _hidden_cells(self) -> dict[tuple[str, str], bool]:
        # read once: the map asks for every referral row (25,000 at 1,000 actors), and each
        # DataFrame.at would copy the frame's attrs into a new Series
        hidden = self.pattern.to_numpy() != ""
        return {
            (field, sector): bool(hidden[i, j])
            for i, field in enumerate(self.pattern.index)
            for j, sector in enumerate(self.pattern.columns)
        }

    @property
    def total_hidden(self) -> bool:
        """Whether the grand total is suppressed."""
        return self.pattern.iat[-1, -1] != ""

    def published(self) -> pd.DataFrame:
        """The table as the CSV shows it: German labels, ``"<5"``/``"."``, totals.

        Returns
        -------
        pandas.DataFrame
            :func:`netzwerk.privacy.suppress_counts` of the labelled counts (the same pattern,
            since the order of rows and columns is the same).
        """
        table = self.labelled()
        if self.threshold is None:
            return table
        return suppress_counts(table, threshold=self.threshold)

    def labelled(self) -> pd.DataFrame:
        """``counts`` with German field and sector labels (unsuppressed)."""
        table = self.counts.rename(index=self.labels["fields"], columns=self.labels["sectors"])
        table.index.name, table.columns.name = "Handlungsfeld", "Sektor"
        return table


def _period_rows(city: City, period: Any) -> pd.DataFrame:
    """Referral rows of ``period`` by the graphs' midpoint rule (all rows for None)."""
    from netzwerk.graph._periods import _in_period, period_bounds

    refs = city.referrals
    bounds = period_bounds(period)
    if bounds is None or refs.empty:
        return refs
    return refs.loc[_in_period(refs["period_start"], refs["period_end"], bounds)]


def _labels(vocab: str, codes: Any) -> dict[str, str]:
    from netzwerk.vocab import label

    return {c: "unbekannt" if c == UNKNOWN else label(vocab, c, "de") for c in codes}


def _row_cells(city: City, refs: pd.DataFrame, direction: str) -> tuple[np.ndarray, np.ndarray]:
    """The cell of each referral row: its field code and the sector of its actor.

    The actor is the receiving one (``direction="to"``) or the referring one (``"from"``); a
    missing field, an actor without a sector or not among the actors gives :data:`UNKNOWN`.
    Computed column-wise (a million rows at 10,000 actors).

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Field codes and sector codes (object arrays of str), in the order of ``refs``.
    """
    key = "to_id" if direction == "to" else "from_id"
    sector_of = dict(zip(city.actors["actor_id"], city.actors["sector"], strict=True))

    def codes(values: pd.Series) -> np.ndarray:
        values = values.astype(object)
        missing = values.isna().to_numpy()
        text = values.map(str).to_numpy(dtype=object, copy=True)
        text[missing] = UNKNOWN
        return text

    return codes(refs["field"]), codes(refs[key].astype(object).map(sector_of))


def field_flows(
    city: Any, *, direction: str = "to", threshold: int | None = 5, period: Any = None
) -> FieldFlows:
    """The field × sector referral table of a city and its suppression pattern.

    Parameters
    ----------
    city : netzwerk.City
    direction : {"to", "from"}, default "to"
        Sector of the receiving or of the referring organisation.
    threshold : int or None, default 5
        Counts below this are hidden, with complementary suppression so no hidden count can be
        worked out from the totals (:func:`netzwerk.privacy.suppression_pattern`). None hides
        nothing.
    period : int, str, (start, end) or None
        Count only the referral rows of this period, by the rule the graphs use
        (:func:`netzwerk.graph.period_bounds`, midpoint rule), so that the table, the map and
        the network of a report with ``period`` show the same referrals; None = all rows.

    Returns
    -------
    FieldFlows

    Raises
    ------
    ValueError
        If ``direction`` is not "to" or "from".

    See Also
    --------
    field_counts : The published labelled table (or the raw counts).
    netzwerk.plot_field_flows : The heatmap of the same table.

    Examples
    --------
    Wohlfahrt gets 2 (arbeit) and 10 (wohnen), Verwaltung 20 (arbeit): the 2 is below 5, and
    to keep it from the totals its row, column and the 10, 20 around them are hidden too.

    >>> import pandas as pd
    >>> from netzwerk.io import City
    >>> city = City.from_frames(
    ...     actors=pd.DataFrame({"actor_id": ["a", "b"], "name": ["A", "B"],
    ...         "sector": ["verwaltung", "wohlfahrt"], "level": ["kommune"] * 2}),
    ...     referrals=pd.DataFrame({"from_id": ["a", "a", "b", "b"], "to_id": ["b", "b", "a", "a"],
    ...         "field": ["arbeit", "wohnen", "arbeit", "wohnen"], "period": ["2020"] * 4,
    ...         "count": ["2", "10", "20", "7"]}))
    >>> flows = field_flows(city)
    >>> flows.counts.to_dict()
    {'verwaltung': {'arbeit': 20, 'wohnen': 7}, 'wohlfahrt': {'arbeit': 2, 'wohnen': 10}}
    >>> flows.published().loc["Arbeit"].tolist()
    ['.', '<5', '22']
    >>> flows.hidden("arbeit", "verwaltung"), flows.total_hidden
    (True, False)
    """
    if direction not in ("to", "from"):
        raise ValueError(f"direction must be 'to' or 'from', got {direction!r}")
    refs = _period_rows(city, period)
    field_codes, sector_codes = _row_cells(city, refs, direction)
    count = pd.to_numeric(refs["count"], errors="coerce").astype(float).to_numpy()
    frame = pd.DataFrame(
        {
            "field": field_codes,
            "sector": sector_codes,
            "count": np.nan_to_num(count, nan=0.0),
            "counted": ~np.isnan(count),
        }
    )
    fields = _labels("fields", frame["field"].unique())
    sectors = _labels("sectors", frame["sector"].unique())
    rows = sorted(fields, key=lambda c: (fields[c], c))
    cols = sorted(sectors, key=lambda c: (sectors[c], c))
    grouped = frame.groupby(["field", "sector"])
    counts = (
        grouped["count"].sum().unstack().reindex(index=rows, columns=cols).fillna(0).astype(int)
    )
    has_rows = grouped.size().unstack().reindex(index=rows, columns=cols).notna()
    counted = grouped["counted"].any().unstack().reindex(index=rows, columns=cols)
    uncounted = has_rows & ~counted.fillna(False).astype(bool)
    for table in (counts, has_rows, uncounted):
        table.index.name, table.columns.name = "field", "sector"
    if threshold is None:
        pattern = suppression_pattern(counts, threshold=1)
    else:
        pattern = suppression_pattern(counts, threshold=threshold)
    return FieldFlows(
        counts=counts,
        has_rows=has_rows,
        uncounted=uncounted,
        pattern=pattern,
        threshold=threshold,
        direction=direction,
        labels={"fields": fields, "sectors": sectors},
        period=period,
    )


def field_counts(city: City, *, direction: str = "to", threshold: int | None = 5) -> pd.DataFrame:
    """Referral counts by Handlungsfeld (rows) and sector (columns), as a reader may see them.

    The table is :func:`field_flows`'s, the one computation every output takes its numbers
    from, and hides what its pattern hides (``"<5"``, ``"."``, with totals); it is
    ``field_flows(city, direction=direction, threshold=threshold).published()``.

    Parameters
    ----------
    city : City
    direction : {"to", "from"}, default "to"
        Sector of the receiving or the referring actor.
    threshold : int or None, default 5
        Counts below this are hidden, with complementary suppression
        (:func:`netzwerk.privacy.suppression_pattern`). None: the raw counts, unsuppressed and
        without totals, for analysis that is not published (before issue #16 this function
        always returned those).

    Returns
    -------
    pandas.DataFrame
        Index: German field labels; columns: German sector labels; values: summed counts
        (rows without a count add nothing).

    Raises
    ------
    ValueError
        If ``direction`` is not "to" or "from".

    See Also
    --------
    field_flows : The one computation, with the suppression pattern.
    netzwerk.plot_field_flows : The heatmap of the same table.

    Examples
    --------
    >>> from netzwerk.io import City
    >>> a = pd.DataFrame({"actor_id": ["a", "b"], "name": ["A", "B"],
    ...     "sector": ["mso", "wohlfahrt"], "level": ["kommune"] * 2})
    >>> r = pd.DataFrame({"from_id": ["a", "a"], "to_id": ["b", "a"], "field": ["arbeit"] * 2,
    ...     "period": ["2020"] * 2, "count": [7, 3]})
    >>> city = City.from_frames(actors=a, referrals=r)
    >>> field_counts(city, threshold=None).to_dict()
    {'Migrantenorganisationen': {'Arbeit': 3}, 'Wohlfahrtsverbände': {'Arbeit': 7}}
    >>> field_counts(city).loc["Arbeit"].tolist()
    ['<5', '.', '10']
    """
    flows = field_flows(city, direction=direction, threshold=threshold)
    return flows.labelled() if threshold is None else flows.published()
