"""Robustness of the broker ranking to the analyst's choices: event weighting and role weights.

Behind :func:`netzwerk.gaps.broker_robustness` (re-exported there). The jackknife over
missing events is :func:`netzwerk.gaps.broker_stability`; this module varies what the analyst
decides instead of what the sources miss.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import Executor
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
import pandas as pd

from netzwerk.gaps._common import _builder, _table_scores

if TYPE_CHECKING:
    from netzwerk.io import City

__all__ = ["broker_robustness", "ranking_agreement"]

#: German-free codes of the two role weightings compared: the vocabulary's and all equal.
ROLE_WEIGHTINGS = ("default", "equal")


def ranking_agreement(
    first: pd.Series, second: pd.Series, *, top_n: int = 10
) -> dict[str, float | int]:
    r"""How far two rankings agree: shared top actors and Spearman's rank correlation.

    .. math::

        \text{overlap} = \frac{|T_1 \cap T_2|}{k}, \qquad
        \rho = \operatorname{corr}(\operatorname{rank}(x_1), \operatorname{rank}(x_2)),

    with :math:`T_i` the (at most ``top_n``) actors with the highest *positive* values of
    ranking :math:`i` (ties by ``actor_id``), :math:`k = \max(|T_1|, |T_2|)`, and
    :math:`\rho` over the actors in both (average ranks for ties).

    Parameters
    ----------
    first, second : pandas.Series
        One value per actor.
    top_n : int, default 10
        Largest :math:`k`.

    Returns
    -------
    dict
        ``overlap`` (NaN when no actor has a positive value in either), ``spearman`` (NaN when
        a ranking is constant), ``k``.

    Examples
    --------
    >>> ranking_agreement(pd.Series({"x": 2.0, "y": 1.0}), pd.Series({"x": 1.0, "y": 2.0}))
    {'overlap': 1.0, 'spearman': -1.0, 'k': 2}
    """
    shared = first.index.intersection(second.index)
    if len(shared) == 0:
        return {"overlap": math.nan, "spearman": math.nan, "k": 0}
    x, y = first.loc[shared].astype(float), second.loc[shared].astype(float)
    top_x, top_y = set(_top(x, top_n)), set(_top(y, top_n))
    k = max(len(top_x), len(top_y))
    overlap = len(top_x & top_y) / k if k else math.nan
    rx, ry = x.rank(), y.rank()
    rho = math.nan if rx.nunique() < 2 or ry.nunique() < 2 else float(np.corrcoef(rx, ry)[0, 1])
    return {"overlap": overlap, "spearman": rho, "k": k}


def _top(values: pd.Series, top_n: int) -> list[Hashable]:
    positive = values[values > 0]
    return sorted(positive.index, key=lambda a: (-positive[a], str(a)))[:top_n]


def _broker_scores(G: nx.Graph, group: str, alpha: float) -> tuple[pd.Series, pd.Series]:
    """Betweenness of the actors that stand between others (0 for the rest), and ``mediates``."""
    from netzwerk.brokers import betweenness, brokerage_roles

    between = betweenness(G, weight="weight", alpha=alpha)
    if G.number_of_nodes() == 0:
        return between, pd.Series(dtype=bool)
    mediates = brokerage_roles(G, group)["total"] > 0
    return between.where(mediates, 0.0), mediates


def broker_robustness(
    city: City,
    *,
    build: Callable[..., nx.Graph] | None = None,
    weighting: str = "newman",
    period: Any = None,
    alpha: float | None = None,
    top: int = 10,
    group: str = "sector",
    weightings: Sequence[str] | None = None,
    measures: pd.DataFrame | None = None,
    n_jobs: int | None = None,
    executor: Executor | None = None,
) -> pd.DataFrame:
    r"""Which broker findings survive other event weightings and equal role weights.

    The report's cooperation graph weights a shared event by its size (``weighting``) and by
    the roles of the two actors (organiser 1.0, speaker 0.6, participant 0.3; see
    :func:`netzwerk.graph.default_role_weights`). Both are conventions, not data. This function
    rebuilds the graph for every combination of the event weightings (``weighting`` and one
    other) and the role weights (the defaults and all equal) and compares each broker ranking
    with the report's (``weighting``, default role weights) by
    :func:`ranking_agreement`. As in the report, only actors that stand between others
    (:func:`netzwerk.brokers.leading_brokers`) are ranked; the betweenness uses the tie length
    :math:`(1/w)^\alpha` (Opsahl et al. 2010).

    Whether anyone stands between others, and who is a cut point, depends on the ties alone:
    no weighting changes it (unless a role weight of 0 removes ties). What can change is the
    order of the brokers, and so who holds the first rank.

    Parameters
    ----------
    city : netzwerk.City
        The city.
    build : callable
        The graph builder, called as ``build(city, weighting=..., role_weights=..., period=...)``
        (:func:`netzwerk.cooperation_graph`; ``role_weights`` None for the default ones,
        ``"equal"`` for all equal). It raises for an unknown weighting. Without it (deprecated,
        for one release) the cooperation graph is used, with a ``DeprecationWarning``.
    weighting : str, default "newman"
        The report's event weighting (the reference row).
    period : optional
        As for :func:`netzwerk.graph.cooperation_graph`.
    alpha : float, optional
        Tuning parameter of the betweenness; None: :data:`netzwerk.brokers.DEFAULT_ALPHA`.
    top : int, default 10
        Length of the top list compared.
    group : str, default "sector"
        Node attribute for the Gould–Fernandez roles (who stands between others).
    weightings : sequence of str, optional
        The event weightings to vary over; default ``weighting`` and ``"count"`` (or
        ``"newman"`` when ``weighting`` is ``"count"``).
    measures : pandas.DataFrame, optional
        The reference graph's :func:`netzwerk.brokers.broker_table` (same ``alpha`` and
        ``group``), as the report has it: the reference row takes its betweenness, roles and
        cut points instead of computing them again. The numbers are the same.
    n_jobs : int, optional
        Combinations computed at once (threads; -1: one per core). The numbers do not depend
        on it: each betweenness runs in one thread.
    executor : concurrent.futures.Executor, optional
        Runs the combinations instead of ``n_jobs`` threads (``executor.map``), e.g. the
        report's background threads (:func:`netzwerk.report.start_broker_checks`).

    Returns
    -------
    pandas.DataFrame
        One row per combination, the reference first, with columns ``weighting``,
        ``role_weights`` (``"default"`` or ``"equal"``), ``reference`` (bool),
        ``brokerage_exists``, ``leading`` (tuple of the actors sharing the first rank),
        ``top`` (tuple of the top ``top`` brokers, best first), ``overlap``, ``spearman``, ``k``
        (agreement with the reference). ``attrs`` holds the parameters, ``survivors`` (actors
        in the top list of every combination, in the reference's order), ``leading_everywhere``
        (actors sharing the first rank in every combination) and ``cutpoints`` (the same in
        every combination).

    Raises
    ------
    ValueError
        For ``top`` below 1, for ``measures`` that are not the reference graph's broker table
        with the same ``alpha``; ``build`` raises for an unknown weighting.

    See Also
    --------
    broker_stability : the same ranking under missing events.
    netzwerk.brokers.leading_brokers : who holds the first rank.

    References
    ----------
    .. [1] Opsahl, T., Agneessens, F. & Skvoretz, J. (2010). Node centrality in weighted
       networks: generalizing degree and shortest paths. *Social Networks* 32(3), 245–251.
    .. [2] Borgatti, S. P., Carley, K. M. & Krackhardt, D. (2006). On the robustness of
       centrality measures under conditions of imperfect data. *Social Networks* 28(2),
       124–136.

    Examples
    --------
    One meeting, organised by ``o``; ``p`` and ``q`` sit in the audience, and ``q`` also
    refers clients to ``x``. Only ``q`` stands between others (``p`` and ``x`` have no tie),
    whatever the weights:

    >>> from netzwerk.io import City
    >>> city = City.from_frames(
    ...     actors=pd.DataFrame({"actor_id": ["o", "p", "q", "x"], "name": list("OPQX"),
    ...         "sector": ["verwaltung", "mso", "mso", "wohlfahrt"], "level": ["kommune"] * 4}),
    ...     events=pd.DataFrame({"event_id": ["e"], "title": ["Fachtag"], "kind": ["fachtag"],
    ...         "date": ["2020"]}),
    ...     participation=pd.DataFrame({"event_id": ["e"] * 3, "actor_id": ["o", "p", "q"],
    ...         "role": ["organizer", "participant", "participant"]}),
    ...     referrals=pd.DataFrame({"from_id": ["q"], "to_id": ["x"], "field": ["arbeit"],
    ...         "period": ["2020"], "count": [3]}))
    >>> from netzwerk.graph import cooperation_graph
    >>> table = broker_robustness(city, build=cooperation_graph)
    >>> table[["weighting", "role_weights", "leading", "overlap"]]
      weighting role_weights leading  overlap
    0    newman      default    (q,)      1.0
    1     count      default    (q,)      1.0
    2    newman        equal    (q,)      1.0
    3     count        equal    (q,)      1.0
    >>> table.attrs["leading_everywhere"], table.attrs["cutpoints"]
    (['q'], ['q'])
    """
    from netzwerk.brokers import DEFAULT_ALPHA, cut_points, first_ranked
    from netzwerk.brokers._paths import _jobs

    cooperation_graph = _builder(build, "broker_robustness")

    alpha = DEFAULT_ALPHA if alpha is None else alpha
    if isinstance(top, bool) or not isinstance(top, int | np.integer) or top < 1:
        raise ValueError(f"top must be a whole number >= 1, got {top!r}")
    if weightings is None:
        weightings = (weighting, "count" if weighting != "count" else "newman")
    weightings = list(dict.fromkeys([weighting, *weightings]))
    combinations = [(w, roles) for roles in ROLE_WEIGHTINGS for w in weightings]

    def one(combination: tuple[str, str]) -> tuple[pd.Series, pd.Series, list[str]]:
        w, roles = combination
        G = cooperation_graph(
            city, weighting=w, role_weights=None if roles == "default" else "equal",
            period=period,
        )  # fmt: skip
        if measures is not None and combination == combinations[0]:
            known = _table_scores(
                measures, G, alpha=alpha, group=group, function="broker_robustness"
            )
            cut = (
                measures.index[measures["is_cutpoint"].astype(bool)]
                if "is_cutpoint" in measures
                else cut_points(G).index
            )
            return known["betweenness"], known["brokerage"] > 0, sorted(map(str, cut))
        score, mediates = _broker_scores(G, group, alpha)
        return score, mediates, sorted(map(str, cut_points(G).index))

    jobs = min(_jobs(n_jobs), len(combinations))
    if executor is not None:
        results = list(executor.map(one, combinations))
    elif jobs == 1:
        results = [one(c) for c in combinations]
    else:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(one, combinations))  # in the order of combinations
    rows, scores, cuts = [], [], []
    for (w, roles), (score, mediates, cut) in zip(combinations, results, strict=True):
        scores.append(score)
        cuts.append(cut)
        rows.append(
            {
                "weighting": w,
                "role_weights": roles,
                "reference": w == weighting and roles == "default",
                "brokerage_exists": bool(mediates.any()),
                "leading": tuple(first_ranked(score)),
                "top": tuple(_top(score, top)),
            }
        )
    reference = scores[0]
    for row, score in zip(rows, scores, strict=True):
        row.update(ranking_agreement(reference, score, top_n=top))
    table = pd.DataFrame(rows)
    in_all = set.intersection(*(set(t) for t in table["top"]))
    leading_all = set.intersection(*(set(t) for t in table["leading"]))
    table.attrs.update(
        {
            "alpha": alpha,
            "top": top,
            "group": group,
            "period": period,
            "survivors": [a for a in rows[0]["top"] if a in in_all],
            "leading_everywhere": sorted(leading_all, key=str),
            "cutpoints": cuts[0],
            "cutpoints_unchanged": all(c == cuts[0] for c in cuts),
        }
    )
    return table
