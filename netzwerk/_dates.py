"""German text for dates, date ranges, periods and numbers (``05.03.2020``, ``2. Quartal 2021``, ``1.234,5``)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd


def _de(value: Any, digits: int = 2) -> str:
    """A number in German notation (decimal comma, thin grouping)."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, int | np.integer) or float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}".replace(",", ".")
    return f"{float(value):,.{digits}f}".replace(",", "X").replace(".", ",").replace("X", ".")


_MONTHS_DE = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)  # fmt: skip


_PRECISION = {"day": 0, "month": 1, "quarter": 2, "year": 3}


def _precise(value: Any) -> tuple[str, pd.Timestamp]:
    """``(precision, first day)`` of an ISO or partial date (``2020-03-05`` … ``2020``)."""
    from netzwerk.io import parse_partial_date

    iso, start, _ = parse_partial_date(str(value))
    if "Q" in iso:
        return "quarter", start
    return ("year", "month", "day")[iso.count("-")], start


def _coarsen(start: pd.Timestamp, precision: str) -> str:
    if precision == "day":
        return f"{start:%d.%m.%Y}"
    if precision == "month":
        return f"{_MONTHS_DE[start.month - 1]} {start.year}"
    if precision == "quarter":
        return f"{(start.month + 2) // 3}. Quartal {start.year}"
    return f"{start.year}"


def date_de(value: Any) -> str:
    """A full or partial ISO date in German at its own precision.

    See Also
    --------
    span_de : Two dates.
    period_de : The ``period`` parameter.

    Examples
    --------
    >>> [date_de(v) for v in ["2020-03-05", "2020-03", "2021-Q2", "2014"]]
    ['05.03.2020', 'März 2020', '2. Quartal 2021', '2014']
    """
    precision, start = _precise(value)
    return _coarsen(start, precision)


def _date_text(value: Any) -> str:
    """:func:`date_de`, or the text as written when it is no date (free-text ``temporal``)."""
    try:
        return date_de(value)
    except ValueError:
        return str(value)


def span_de(start: Any, end: Any) -> tuple[str, str | None]:
    """A date range in German: both ends at the coarser of their precisions, collapsed if equal.

    Parameters
    ----------
    start, end : str or date
        Full or partial ISO dates (``2020-03-05``, ``2020-03``, ``2021-Q2``, ``2014``).

    Returns
    -------
    tuple
        ``(first, last)``; ``last`` is None when both ends read the same.

    See Also
    --------
    date_de : One date.
    period_de : The ``period`` parameter.

    Examples
    --------
    >>> span_de("2020-03-05", "2020-03-05")
    ('05.03.2020', None)
    >>> span_de("2014", "2014-05-22")
    ('2014', None)
    >>> span_de("2019-06", "2022")
    ('2019', '2022')
    >>> span_de("2016-01-05", "2016-03-01")
    ('05.01.2016', '01.03.2016')
    """
    (p1, s1), (p2, s2) = _precise(start), _precise(end)
    precision = max(p1, p2, key=_PRECISION.__getitem__)
    first, last = _coarsen(s1, precision), _coarsen(s2, precision)
    return first, None if first == last else last


def _span_sentence(start: Any, end: Any, *, prefix: bool = True) -> str:
    """``am 05.03.2020`` / ``im Jahr 2025`` / ``zwischen 2016 und 2024`` (``prefix=False``:
    ``05.03.2020`` / ``2016 bis 2024``). A text that is no date (``temporal`` in
    ``datapackage.json`` is free text, validation only warns) is shown as written."""
    try:
        first, last = span_de(start, end)
    except ValueError:
        first, last = str(start), (None if str(start) == str(end) else str(end))
    if last is not None:
        return f"zwischen {first} und {last}" if prefix else f"{first} bis {last}"
    if not prefix:
        return first
    if first[:1].isdigit() and "." in first and "Quartal" not in first:
        return f"am {first}"
    return f"im Jahr {first}" if first.isdigit() else f"im {first}"


def period_de(period: Any) -> str | None:
    """The ``period`` parameter as German text (None when there is none).

    See Also
    --------
    date_de : One date.
    netzwerk.graph.period_bounds : The days a period covers.

    Examples
    --------
    >>> period_de(2023), period_de("2019-Q2"), period_de(("2019", "2020-06")), period_de(None)
    ('2023', '2. Quartal 2019', '2019 bis 2020', None)
    """
    if period is None:
        return None
    if isinstance(period, tuple | list):
        lo, hi = period
        if lo is None or hi is None:
            return f"ab {date_de(lo)}" if hi is None else f"bis {date_de(hi)}"
        return _span_sentence(lo, hi, prefix=False)
    if isinstance(period, pd.Timestamp):
        return f"{period:%d.%m.%Y}"
    return date_de(period)
