"""Partial dates (``2024``, ``03.2024``, ``2024-Q1``, ``12.03.2024``) as text and as a time range."""

from __future__ import annotations

import re

import pandas as pd

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

    See Also
    --------
    netzwerk.graph.period_bounds : The time range of a ``period`` parameter.
    netzwerk._dates.date_de : The same dates written in German.

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
