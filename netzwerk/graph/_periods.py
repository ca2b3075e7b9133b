"""Periods and event status: the midpoint rule, ``period_bounds``, which events count."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from netzwerk.io import City, DataError, Problem, parse_partial_date

Period = int | str | tuple[Any, Any] | None


def _to_timestamp(value: Any, *, end: bool, name: str) -> pd.Timestamp | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise TypeError(f"{name} must be a year, a date or a date string, got {value!r}")
    if isinstance(value, int | np.integer):
        value = f"{int(value):04d}"
    if isinstance(value, str):
        try:
            _, start, stop = parse_partial_date(value)
        except ValueError:
            raise ValueError(
                f"{name} must be a date like 2019, 2019-06, 2019-Q2 or 2019-06-30, got {value!r}"
            ) from None
        return stop if end else start
    if isinstance(value, _dt.date | np.datetime64 | pd.Timestamp):
        stamp = pd.Timestamp(value)
        if pd.isna(stamp):
            return None
        return stamp.normalize()
    raise TypeError(f"{name} must be a year, a date or a date string, got {value!r}")


def period_bounds(period: Period) -> tuple[pd.Timestamp | None, pd.Timestamp | None] | None:
    r"""First and last day of a ``period`` argument.

    Parameters
    ----------
    period : int, str, (start, end) or None
        ``None`` (no restriction); a year (``2019``); a partial date string (``"2019"``,
        ``"2019-Q2"``, ``"2019-06"``, ``"2019-06-30"``), meaning every day it can mean; or a pair
        ``(start, end)`` of years, date strings, dates or ``None`` (open end). A partial date as
        ``start`` counts from its first day, as ``end`` up to its last day.

    Returns
    -------
    tuple or None
        ``(first_day, last_day)`` as :class:`pandas.Timestamp` (either may be None for an open
        end), or None when ``period`` is None.

    Raises
    ------
    TypeError
        If ``period`` is of another type.
    ValueError
        If a date cannot be parsed or the period ends before it starts.

    See Also
    --------
    cooperation_graph : Takes ``period`` by this rule.
    referral_graph : Takes ``period`` by this rule.
    tie_evidence : Takes ``period`` by this rule.

    Notes
    -----
    **The period rule.** An event or a referral row is dated by a range of days
    (``date_start`` … ``date_end``; one day for an exact date, a month, quarter or year for a
    partial one). It belongs to a period if the *midpoint* of that range lies inside the period
    (both ends included). So an event dated ``"2019"`` belongs to the year 2019 (its midpoint is
    2 July 2019) but not to the window 2019-01-01 … 2019-06-30, an event dated ``"2019-06"``
    belongs to that window, and a referral count for ``"2019-Q4"`` belongs to 2019. Because
    every dated row has exactly one midpoint, consecutive, non-overlapping periods split the
    data without counting a row twice or losing it. Rows without a date belong to no period (and
    are used only when ``period`` is None).

    In formulas: a row dated :math:`[d_0, d_1]` belongs to the period :math:`[p_0, p_1]` if

    .. math::

       p_0 \le d_0 + \tfrac{1}{2}(d_1 - d_0) \le p_1 .

    References
    ----------
    .. [1] Law, C. G., & Brookmeyer, R. (1992). Effects of mid-point imputation on the
       analysis of doubly censored data. Statistics in Medicine, 11(12), 1569–1578.

    Examples
    --------
    >>> start, end = period_bounds(2019)
    >>> start.date().isoformat(), end.date().isoformat()
    ('2019-01-01', '2019-12-31')
    >>> start, end = period_bounds(("2019-06", "2020-Q1"))
    >>> start.date().isoformat(), end.date().isoformat()
    ('2019-06-01', '2020-03-31')
    >>> period_bounds(None) is None
    True
    """
    if period is None:
        return None
    if isinstance(period, tuple | list):
        if len(period) != 2:
            raise ValueError(f"period must be a (start, end) pair, got {period!r}")
        start = _to_timestamp(period[0], end=False, name="period start")
        end = _to_timestamp(period[1], end=True, name="period end")
        if start is not None and end is not None and end < start:
            raise ValueError(f"period ends before it starts: {period!r}")
        return start, end
    if isinstance(period, int | np.integer | str) and not isinstance(period, bool):
        return (
            _to_timestamp(period, end=False, name="period"),
            _to_timestamp(period, end=True, name="period"),
        )
    raise TypeError(
        f"period must be a year, a date string, a (start, end) pair or None, got {period!r}"
    )


def _in_period(
    starts: pd.Series, ends: pd.Series, bounds: tuple[pd.Timestamp | None, pd.Timestamp | None]
) -> np.ndarray:
    """Boolean mask: rows whose date-range midpoint lies in ``bounds`` (see period_bounds)."""
    start = pd.to_datetime(starts)
    mid = start + (pd.to_datetime(ends) - start) / 2
    mask = mid.notna().to_numpy(copy=True)
    lo, hi = bounds
    if lo is not None:
        mask &= (mid >= lo).fillna(False).to_numpy(dtype=bool)
    if hi is not None:
        mask &= (mid < hi + pd.Timedelta(days=1)).fillna(False).to_numpy(dtype=bool)
    return mask


def _period_record(bounds: tuple[pd.Timestamp | None, pd.Timestamp | None] | None) -> Any:
    if bounds is None:
        return None
    return tuple(None if b is None else b.date().isoformat() for b in bounds)


#: The statuses an event can have (``data/vocabulary/event_statuses.csv``).
EVENT_STATUSES: tuple[str, ...] = ("held", "announced", "cancelled")
#: The events the graphs use unless ``statuses=`` says otherwise: those that took place.
DEFAULT_STATUSES: tuple[str, ...] = ("held",)


def _check_statuses(statuses: str | Iterable[str]) -> tuple[str, ...]:
    """The ``statuses=`` argument as a tuple of known statuses (one-line message otherwise)."""
    if isinstance(statuses, str):
        statuses = (statuses,)
    out = tuple(statuses)
    bad = [s for s in out if s not in EVENT_STATUSES]
    if bad or not out:
        raise ValueError(
            f"statuses must be a non-empty subset of {EVENT_STATUSES}, got {statuses!r}"
        )
    return out


def _event_status(events: pd.DataFrame) -> pd.Series:
    """Each event's status, ``"held"`` where the column is missing or empty.

    Parameters
    ----------
    events : pandas.DataFrame
        A city's ``events`` table.

    Returns
    -------
    pandas.Series
        ``held``, ``announced`` or ``cancelled`` per row (same index).

    Examples
    --------
    >>> import pandas as pd
    >>> _event_status(pd.DataFrame({"status": ["announced", None]})).tolist()
    ['announced', 'held']
    """
    if "status" not in events:
        return pd.Series("held", index=events.index, dtype="string")
    status = events["status"].astype("string").str.strip()
    return status.mask(status.isna() | (status == ""), "held")


def _events_in_period(
    city: City, bounds: Any, statuses: tuple[str, ...] = DEFAULT_STATUSES
) -> pd.DataFrame:
    """The events of the period (midpoint rule) whose status is one of ``statuses``."""
    events = city.events
    events = events.loc[_event_status(events).isin(statuses).to_numpy(dtype=bool)]
    if bounds is not None:
        events = events.loc[_in_period(events["date_start"], events["date_end"], bounds)]
    ids = events["event_id"].astype("string")
    if ids.isna().any() or ids.duplicated().any():
        dup = ids[ids.duplicated() | ids.isna()].unique()
        raise DataError(
            [Problem("events", None, "event_id", d, "event_id fehlt oder ist doppelt") for d in dup]
        )
    return events.assign(event_id=ids).sort_values("event_id", kind="stable")
