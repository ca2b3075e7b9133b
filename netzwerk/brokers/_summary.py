"""Summaries of broker tables: agreement of two rankings, brokerage share per sector."""

from __future__ import annotations

import math

import pandas as pd

from netzwerk._checks import renamed


@renamed(top_n="top")
def ranking_overlap(
    first: pd.DataFrame,
    second: pd.DataFrame,
    *,
    column: str = "betweenness",
    top: int = 10,
) -> dict[str, float]:
    r"""How far two broker rankings agree: shared top actors and Spearman's rank correlation.

    .. math::

        \text{overlap} = \frac{|T_1 \cap T_2|}{k}, \qquad
        \rho = \operatorname{corr}(\operatorname{rank}(x_1), \operatorname{rank}(x_2)),

    with :math:`T_i` the (at most ``top``) actors with the highest *positive* values of
    ranking :math:`i` (ties by ``actor_id``), :math:`k = \max(|T_1|, |T_2|)`, and :math:`\rho`
    over the actors in both tables (average ranks for ties). Actors with value 0 broker
    nothing and are no "top broker" in either ranking: where only three actors have a
    positive betweenness, :math:`k` is at most 3, not ``top``. The computation is
    :func:`netzwerk.gaps.broker_robustness`'s (``netzwerk.gaps._robustness.ranking_agreement``).

    Parameters
    ----------
    first, second : pandas.DataFrame
        Broker tables indexed by ``actor_id`` with ``column``.
    column : str, default "betweenness"
    top : int, default 10
        Largest :math:`k` (``top_n``: deprecated old name).

    Returns
    -------
    dict
        ``overlap`` (0–1; NaN when no actor has a positive value in either ranking),
        ``spearman`` (NaN when a ranking is constant), ``k``.

    See Also
    --------
    netzwerk.gaps.broker_robustness : Uses the same agreement.

    Examples
    --------
    >>> a = pd.DataFrame({"betweenness": [3.0, 2.0, 1.0]}, index=list("xyz"))
    >>> b = pd.DataFrame({"betweenness": [1.0, 2.0, 3.0]}, index=list("xyz"))
    >>> ranking_overlap(a, b, top=1)
    {'overlap': 0.0, 'spearman': -1.0, 'k': 1}

    Only actors that broker something count as top brokers (here two, not ``top`` = 10):

    >>> c = pd.DataFrame({"betweenness": [0.5, 0.25, 0.0]}, index=list("xyz"))
    >>> ranking_overlap(c, c.iloc[[1, 0, 2]])
    {'overlap': 1.0, 'spearman': 1.0, 'k': 2}
    """
    from netzwerk.gaps._robustness import ranking_agreement

    return ranking_agreement(first[column], second[column], top_n=top)


def brokerage_by_sector(broker_table: pd.DataFrame) -> pd.Series:
    r"""Share of all brokered two-paths that each sector's actors broker.

    .. math:: s_g = \frac{\sum_{i \in g} \text{total}_i}{\sum_i \text{total}_i}

    Parameters
    ----------
    broker_table : pandas.DataFrame
        Result of :func:`netzwerk.broker_table` (columns ``group`` and ``total``).

    Returns
    -------
    pandas.Series
        Indexed by sector code (sorted), values summing to 1; all NaN when nobody brokers.

    See Also
    --------
    netzwerk.plot.plot_brokerage_shares : Draws the shares of several cities.
    netzwerk.brokerage_roles : The counts summed here.

    Examples
    --------
    >>> t = pd.DataFrame({"group": ["mso", "mso", "wohlfahrt"], "total": [1, 2, 1]})
    >>> brokerage_by_sector(t).to_dict()
    {'mso': 0.75, 'wohlfahrt': 0.25}
    """
    sums = broker_table.groupby("group", sort=True)["total"].sum().astype(float)
    total = sums.sum()
    return sums / total if total > 0 else sums * math.nan
