"""Broker stability: how much of a broker ranking survives resampling the events."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
import pandas as pd

from netzwerk.gaps._common import _builder, _check_count, _table_scores

if TYPE_CHECKING:
    from netzwerk.io import City


# ---------------------------------------------------------------------------------------------
# broker_stability
# ---------------------------------------------------------------------------------------------


def _resampled_city(city: City, event_ids: np.ndarray) -> City:
    """The city with its events replaced by ``event_ids`` (repeats become copies)."""
    import dataclasses

    events = city.events.set_index("event_id", drop=False)
    counts = pd.Series(event_ids).value_counts(sort=False)
    parts_e, parts_p = [], []
    part = city.participation
    for copy in range(int(counts.max()) if len(counts) else 0):
        chosen = counts.index[counts > copy]
        e = events.loc[chosen].reset_index(drop=True)
        p = part[part["event_id"].isin(chosen)]
        if copy:
            e = e.assign(event_id=e["event_id"] + f"~{copy + 1}")
            p = p.assign(event_id=p["event_id"] + f"~{copy + 1}")
        parts_e.append(e)
        parts_p.append(p)
    new_events = pd.concat(parts_e, ignore_index=True) if parts_e else city.events.iloc[:0]
    new_part = pd.concat(parts_p, ignore_index=True) if parts_p else part.iloc[:0]
    return dataclasses.replace(city, events=new_events, participation=new_part)


def kendall_tau_b(x: np.ndarray, y: np.ndarray) -> float:
    r"""Kendall's :math:`\tau_b` of two equally long arrays (NaN when either is constant).

    .. math::

        \tau_b = \frac{C - D}{\sqrt{(C + D + T_x)(C + D + T_y)}},

    with :math:`C` and :math:`D` the concordant and discordant pairs and :math:`T_x`
    (:math:`T_y`) the pairs tied in :math:`x` only (in :math:`y` only). All pairs at once,
    for the short top lists of :func:`broker_stability` (scipy's ``kendalltau`` gives the same
    values, tested; importing ``scipy.stats`` takes longer than a report's every tau).

    Examples
    --------
    >>> kendall_tau_b(np.array([1, 2, 3]), np.array([1, 3, 2]))  # (2 - 1) / 3
    0.3333333333333333
    >>> kendall_tau_b(np.array([1, 1, 2]), np.array([1, 2, 3]))  # 2 / sqrt(2 * 3)
    0.816496580927726
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if len(x) != len(y):
        raise ValueError(f"x and y must be equally long, got {len(x)} and {len(y)}")
    i, j = np.triu_indices(len(x), k=1)
    dx, dy = np.sign(x[i] - x[j]), np.sign(y[i] - y[j])
    both = dx * dy
    n_x = np.count_nonzero(dx)  # pairs not tied in x
    n_y = np.count_nonzero(dy)
    if n_x == 0 or n_y == 0:
        return float("nan")
    return float((np.count_nonzero(both > 0) - np.count_nonzero(both < 0)) / np.sqrt(n_x * n_y))


def _ranks(values: pd.Series) -> pd.Series:
    """Rank 1 = highest value; tied actors share the best rank."""
    return values.rank(ascending=False, method="min")


def broker_stability(
    city: City,
    *,
    build: Callable[..., nx.Graph] | None = None,
    n_resamples: int = 200,
    method: str = "jackknife",
    seed: int = 0,
    drop_ties: float = 0.0,
    top: int = 10,
    group: str = "sector",
    graph_options: dict[str, Any] | None = None,
    alpha: float | None = None,
    n_jobs: int | None = None,
    measures: pd.DataFrame | None = None,
    executor: Executor | None = None,
) -> pd.DataFrame:
    r"""How much of the broker ranking survives missing events: rank intervals and Kendall's tau.

    Event lists taken from press releases always miss events. Each resample rebuilds the
    cooperation graph from a changed event list and ranks the actors again by betweenness
    (tie length :math:`(1/w)^\alpha`, :func:`netzwerk.brokers.betweenness`) and by total
    Gould–Fernandez brokerage (:func:`netzwerk.brokers.brokerage_roles`). An actor that stands
    between no one in a graph (Gould–Fernandez total 0: everyone it is tied to is tied to each
    other) gets betweenness 0 there, as in the report: a weighted betweenness above 0 would come
    from the weights alone (see :func:`netzwerk.brokers.leading_brokers`).

    * ``"jackknife"``: leave one event out — every event once if there are at most
      ``n_resamples`` events, else ``n_resamples`` events drawn without replacement;
    * ``"bootstrap"``: draw as many events as there are, with replacement, ``n_resamples``
      times (a drawn-twice event counts twice).

    Referral rows are kept in every resample. With ``drop_ties`` > 0 a further share of the
    resample's ties is removed at random. The stability of the top list is Kendall's
    :math:`\tau_b` between the full-data and the resample scores of the full-data top ``top``
    actors,

    .. math::

        \tau_b = \frac{n_c - n_d}{\sqrt{(n_0 - n_1)(n_0 - n_2)}},

    (:math:`n_c`, :math:`n_d` concordant and discordant pairs, :math:`n_0 = n(n-1)/2`,
    :math:`n_1`, :math:`n_2` pairs tied in either ranking).

    Parameters
    ----------
    city : City
        The city.
    build : callable
        The graph builder: ``build(city, **graph_options)`` returns the cooperation graph of
        a (resampled) city, e.g. :func:`netzwerk.cooperation_graph`. Without it (deprecated,
        for one release) the cooperation graph is used, with a ``DeprecationWarning``.
    n_resamples : int, default 200
        Number of resamples (the jackknife uses at most one per event).
    method : {"jackknife", "bootstrap"}, default "jackknife"
    seed : int, default 0
        Seed of the event draws and the dropped ties.
    drop_ties : float, default 0
        Share of ties (0 ≤ share < 1) removed at random from each resampled graph.
    top : int, default 10
        Size of the top list.
    group : str, default "sector"
        Node attribute for the brokerage roles.
    graph_options : dict, optional
        Keyword arguments for ``build`` (e.g. ``weighting``, ``period``).
    alpha : float, optional
        Tuning parameter of the betweenness (Opsahl et al. 2010); None (default):
        :data:`netzwerk.brokers.DEFAULT_ALPHA` (0.5), as :func:`netzwerk.brokers.brokers`.
    n_jobs : int, optional
        Jackknife resamples computed at once (threads; -1: one per core). The numbers do not
        depend on it: each resample's betweenness runs in one thread.
    measures : pandas.DataFrame, optional
        The full graph's :func:`netzwerk.brokers.broker_table` (same ``alpha`` and ``group``,
        of the graph ``build(city, **graph_options)`` returns), as the report has it: its
        ``betweenness``, ``mediates`` and ``total`` are the full-data values, not computed
        again. Without it they are computed here; the numbers are the same.
    executor : concurrent.futures.Executor, optional
        Runs the jackknife resamples instead of ``n_jobs`` threads (``executor.map``), e.g. the
        report's background threads (:func:`netzwerk.report.start_broker_checks`). The
        numbers do not depend on it.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``actor_id`` (graph order), columns ``name``, ``sector``; for ``m`` in
        ``betweenness`` and ``brokerage`` (total brokerage): ``m`` (full data), ``rank_m``
        (1 = highest; tied actors share the best rank; an actor with value 0 is never in the
        top), ``rank_m_low``, ``rank_m_high`` (the
        rank interval: jackknife the best and worst rank over all leave-one-out resamples,
        bootstrap the 2.5 % and 97.5 % quantiles), ``top_share_m`` (share of resamples in
        which the actor is in the top ``top``). Then ``stable_broker`` (in the full-data top by
        betweenness and in the top in at least 90 % of the resamples) and, for the jackknife,
        ``depends_on`` (the events whose removal alone drops a full-data top actor out of the
        top, as a tuple; empty otherwise). ``attrs["kendall_tau"]`` gives mean, median and
        minimum of :math:`\tau_b` per measure, ``attrs["tau"]`` the values per resample,
        plus the parameters.

    Raises
    ------
    ValueError
        If ``method`` is unknown, ``drop_ties`` is not in [0, 1), counts are below 1, or
        ``measures`` is not the broker table of the full graph with the same ``alpha``.

    See Also
    --------
    broker_robustness : the same ranking under other weightings instead of missing events.
    netzwerk.brokers.betweenness : the measure ranked.

    Notes
    -----
    A broker that stays in the top in (nearly) every resample is a finding; one that depends
    on a single event (``depends_on``) is a caveat for the report. The jackknife interval is
    the sensitivity to one missing event; the bootstrap interval is wider and reflects
    sampling variation of the event list as a whole.

    References
    ----------
    .. [1] Borgatti, S. P., Carley, K. M. & Krackhardt, D. (2006). On the robustness of
       centrality measures under conditions of imperfect data. *Social Networks* 28(2),
       124–136.
    .. [2] Efron, B. & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*, ch. 11
       (jackknife).
    .. [3] Kendall, M. G. (1945). The treatment of ties in ranking problems. *Biometrika*
       33(3), 239–251.

    Examples
    --------
    ``b`` connects ``a`` (event e1) and ``c`` (event e2); without e1 or e2 it brokers nothing.

    >>> import pandas as pd
    >>> from netzwerk.io import City
    >>> city = City.from_frames(
    ...     actors=pd.DataFrame({"actor_id": list("abc"), "name": list("ABC"),
    ...         "sector": ["mso", "wohlfahrt", "verwaltung"], "level": ["kommune"] * 3}),
    ...     events=pd.DataFrame({"event_id": ["e1", "e2"], "title": ["T1", "T2"],
    ...         "kind": ["gremium"] * 2, "date": ["2020", "2021"]}),
    ...     participation=pd.DataFrame({"event_id": ["e1", "e1", "e2", "e2"],
    ...         "actor_id": ["a", "b", "b", "c"], "role": ["participant"] * 4}))
    >>> from netzwerk.graph import cooperation_graph
    >>> t = broker_stability(city, build=cooperation_graph, top=1)
    >>> float(t.loc["b", "betweenness"]), int(t.loc["b", "rank_betweenness"])
    (1.0, 1)
    >>> float(t.loc["b", "top_share_betweenness"]), bool(t.loc["b", "stable_broker"])
    (0.0, False)
    >>> t.loc["b", "depends_on"]
    ('e1', 'e2')
    """
    from netzwerk.brokers import DEFAULT_ALPHA, betweenness, brokerage_roles

    cooperation_graph = _builder(build, "broker_stability")
    alpha = DEFAULT_ALPHA if alpha is None else alpha
    n_resamples = _check_count(n_resamples, "n_resamples", 1)
    top = _check_count(top, "top", 1)
    if method not in ("jackknife", "bootstrap"):
        raise ValueError(f"method must be 'jackknife' or 'bootstrap', got {method!r}")
    if isinstance(drop_ties, bool) or not isinstance(drop_ties, int | float):
        raise ValueError(f"drop_ties must be a share in [0, 1), got {drop_ties!r}")
    if not 0 <= drop_ties < 1:
        raise ValueError(f"drop_ties must be a share in [0, 1), got {drop_ties!r}")
    options = dict(graph_options or {})
    rng = np.random.default_rng(seed)

    def scores(G: nx.Graph) -> pd.DataFrame:
        bw = betweenness(G, weight="weight", alpha=alpha)
        total = brokerage_roles(G, group)["total"] if G.number_of_nodes() else pd.Series()
        # no open two-path through the actor: it stands between no one (brokers' mediates)
        bw = bw.where(total.reindex(bw.index).fillna(0) > 0, 0.0)
        return pd.DataFrame({"betweenness": bw, "brokerage": total.astype(float)})

    G = cooperation_graph(city, **options)
    nodes = list(G)
    if measures is None:
        full = scores(G).reindex(nodes).fillna(0.0)
    else:
        full = _table_scores(measures, G, alpha=alpha, group=group, function="broker_stability")
    event_ids = city.events["event_id"].astype(str).to_numpy()
    n_events = len(event_ids)
    if method == "jackknife":
        if n_events <= n_resamples:
            dropped = list(event_ids)
        else:
            dropped = list(rng.choice(event_ids, size=n_resamples, replace=False))
        draws = [event_ids[event_ids != d] for d in dropped]
    else:
        dropped = []
        draws = [rng.choice(event_ids, size=n_events, replace=True) for _ in range(n_resamples)]

    kinds = ("betweenness", "brokerage")
    ranks = {m: np.empty((len(draws), len(nodes))) for m in kinds}
    in_top = {m: np.zeros((len(draws), len(nodes)), dtype=bool) for m in kinds}
    full_rank = {m: _ranks(full[m]) for m in kinds}
    full_top = {m: (full_rank[m] <= top) & (full[m] > 0) for m in kinds}
    taus: dict[str, list[float]] = {m: [] for m in kinds}
    fast = method == "jackknife" and drop_ties == 0
    if fast:
        # leave-one-out without the role tables: the same numbers (tests/test_jackknife.py)
        from netzwerk.gaps._jackknife import jackknife_measures

        fast_b, fast_k = jackknife_measures(
            city, [str(d) for d in dropped], nodes=nodes, build=cooperation_graph, graph_options=options,
            alpha=alpha,
            n_jobs=n_jobs,
            executor=executor,
        )  # fmt: skip
    for r, chosen in enumerate(draws):
        if fast:
            values = pd.DataFrame(
                {"betweenness": fast_b[r], "brokerage": fast_k[r]}, index=pd.Index(nodes)
            )
        else:
            H = cooperation_graph(_resampled_city(city, chosen), **options)
            if drop_ties > 0 and H.number_of_edges():
                edges = list(H.edges())
                n_drop = int(round(drop_ties * len(edges)))
                gone = rng.choice(len(edges), size=n_drop, replace=False)
                H = H.copy()
                H.remove_edges_from(edges[i] for i in gone)
            values = scores(H).reindex(nodes).fillna(0.0)
        for m in kinds:
            rank = _ranks(values[m])
            ranks[m][r] = rank.to_numpy()
            in_top[m][r] = ((rank <= top) & (values[m] > 0)).to_numpy()
            chosen_top = full_top[m].to_numpy()
            if chosen_top.sum() >= 2:
                tau = kendall_tau_b(
                    full[m].to_numpy()[chosen_top], values[m].to_numpy()[chosen_top]
                )
                taus[m].append(tau)
            else:
                taus[m].append(np.nan)

    out = pd.DataFrame(index=pd.Index(nodes, name="actor_id"))
    out["name"] = pd.Series([G.nodes[n].get("name") for n in nodes], index=out.index, dtype=object)
    out["sector"] = pd.Series(
        [G.nodes[n].get("sector") for n in nodes], index=out.index, dtype=object
    )
    for m in kinds:
        out[m] = full[m].to_numpy()
        out[f"rank_{m}"] = full_rank[m].to_numpy().astype(int)
        if len(draws):
            if method == "jackknife":
                low, high = ranks[m].min(axis=0), ranks[m].max(axis=0)
            else:
                low, high = np.quantile(ranks[m], [0.025, 0.975], axis=0)
            out[f"rank_{m}_low"] = low
            out[f"rank_{m}_high"] = high
            out[f"top_share_{m}"] = in_top[m].mean(axis=0)
        else:
            out[f"rank_{m}_low"] = np.nan
            out[f"rank_{m}_high"] = np.nan
            out[f"top_share_{m}"] = np.nan
    out["stable_broker"] = full_top["betweenness"].to_numpy() & (
        out["top_share_betweenness"].fillna(0).to_numpy() >= 0.9
    )
    if method == "jackknife":
        top_now = full_top["betweenness"].to_numpy()
        out["depends_on"] = pd.Series(
            [
                tuple(sorted(str(dropped[r]) for r in np.flatnonzero(~in_top["betweenness"][:, i])))
                if top_now[i]
                else ()
                for i in range(len(nodes))
            ],
            index=out.index,
            dtype=object,
        )

    def summary(values: list[float]) -> dict[str, float]:
        arr = np.asarray(values, dtype=float)
        if arr.size == 0 or np.isnan(arr).all():
            return {"mean": np.nan, "median": np.nan, "min": np.nan}
        return {
            "mean": float(np.nanmean(arr)),
            "median": float(np.nanmedian(arr)),
            "min": float(np.nanmin(arr)),
        }

    out.attrs = {
        "method": method,
        "n_resamples": len(draws),
        "seed": seed,
        "drop_ties": drop_ties,
        "top": top,
        "alpha": alpha,
        "kendall_tau": {m: summary(taus[m]) for m in kinds},
        "tau": {m: taus[m] for m in kinds},
    }
    return out
