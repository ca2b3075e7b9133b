"""The all-in-one broker table, shared ranks, leading brokers and who mediates."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping

import networkx as nx
import numpy as np
import pandas as pd

from netzwerk._checks import check_graph, group_codes
from netzwerk.brokers._common import _index, _sharing_arcs
from netzwerk.brokers._communities import communities, participation_coefficient
from netzwerk.brokers._cuts import _strength, _undirected_csr, cut_points
from netzwerk.brokers._holes import structural_holes
from netzwerk.brokers._paths import DEFAULT_ALPHA, betweenness
from netzwerk.brokers._roles import brokerage_roles

#: Relative tolerance within which two values share a rank (parallel sums differ in the last
#: binary digits, see :func:`betweenness`).
_TIE_RTOL = 1e-9


def shared_ranks(values: pd.Series | Mapping[Hashable, float]) -> pd.Series:
    """Competition ranks (1 = highest), equal values sharing the best rank: 1, 1, 3, ….

    Two values tie when they agree to a relative tolerance of 1e-9 (sums over shortest paths
    computed in parallel can differ in the last binary digits), compared with the first value
    of their group.

    Parameters
    ----------
    values : pandas.Series or mapping
        One number per actor; NaN ranks last.

    Returns
    -------
    pandas.Series
        Integer ranks, indexed and ordered like ``values``.

    See Also
    --------
    first_ranked : the actors sharing rank 1.

    Examples
    --------
    >>> shared_ranks({"a": 0.5, "b": 0.9, "c": 0.5, "d": 0.1}).to_dict()
    {'a': 2, 'b': 1, 'c': 2, 'd': 4}
    """
    series = pd.Series(values, dtype=float)
    order = sorted(
        series.index, key=lambda a: (math.isnan(series[a]), -np.nan_to_num(series[a]), str(a))
    )
    ranks: dict[Hashable, int] = {}
    head = math.nan
    for position, actor in enumerate(order, start=1):
        value = float(series[actor])
        if not (position > 1 and math.isclose(value, head, rel_tol=_TIE_RTOL, abs_tol=0.0)):
            head, rank = value, position
        ranks[actor] = rank
    return pd.Series([ranks[a] for a in series.index], index=series.index, dtype=np.int64)


def first_ranked(values: pd.Series | Mapping[Hashable, float]) -> list[Hashable]:
    """The actors that share the first rank: the highest positive value, ties included.

    Parameters
    ----------
    values : pandas.Series or mapping
        One number per actor; NaN counts as missing.

    Returns
    -------
    list
        The actors (sorted by their string form) of rank 1 in :func:`shared_ranks`, or ``[]``
        when no value is above 0: a value of 0 ranks nothing.

    See Also
    --------
    shared_ranks : the competition ranks behind it.
    leading_brokers : the first rank among the actors that mediate.

    Examples
    --------
    >>> first_ranked({"a": 0.152, "b": 0.152, "c": 0.1})
    ['a', 'b']
    >>> first_ranked({"a": 0.0, "b": 0.0})
    []
    """
    series = pd.Series(values, dtype=float).dropna()
    if series.empty or not series.max() > 0:
        return []
    ranks = shared_ranks(series)
    return sorted(ranks.index[ranks == 1], key=str)


def leading_brokers(table: pd.DataFrame, *, column: str = "betweenness") -> list[Hashable]:
    """The actors that share the strongest broker position, or none where nobody brokers.

    Only actors that stand between others (``mediates`` of :func:`broker_table`: on a shortest
    path between two actors without a direct tie) are candidates, ranked by ``column``. An
    actor whose weighted betweenness comes from the weights alone (a detour over stronger ties
    between actors who are directly tied) is never a leading broker, so a network in which
    everyone is tied to everyone has none, whatever the weights.

    Parameters
    ----------
    table : pandas.DataFrame
        Result of :func:`broker_table`. Without ``mediates``, actors with ``total`` above 0 (else
        with ``column`` above 0) are the candidates.
    column : str, default "betweenness"
        The ranking.

    Returns
    -------
    list
        The actors sharing the first rank (see :func:`first_ranked`); empty when no actor
        mediates or none of them has ``column`` above 0.

    Raises
    ------
    ValueError
        If ``column`` is not a column of ``table``.

    See Also
    --------
    brokerage_exists, first_ranked

    Examples
    --------
    In the path a – b – c – d, b and c share the first rank:

    >>> import networkx as nx
    >>> G = nx.path_graph(list("abcd"))
    >>> nx.set_node_attributes(G, "mso", "sector")
    >>> leading_brokers(broker_table(G))
    ['b', 'c']
    >>> K = nx.complete_graph(4)
    >>> nx.set_node_attributes(K, "mso", "sector")
    >>> leading_brokers(broker_table(K))
    []
    """
    if column not in table.columns:
        raise ValueError(
            f"column: {column!r} is not a column of table; expected e.g. 'betweenness'"
        )
    return first_ranked(table.loc[mediating(table), column])


def mediating(table: pd.DataFrame) -> pd.Series:
    """Which actors of a broker table stand between actors without a direct tie.

    Parameters
    ----------
    table : pandas.DataFrame
        Result of :func:`broker_table` (column ``mediates``); for other tables ``total`` above 0,
        else ``betweenness`` above 0.

    Returns
    -------
    pandas.Series
        Boolean, indexed like ``table``.

    See Also
    --------
    leading_brokers : ranks only the actors this marks.
    brokerage_exists : whether any actor mediates.

    Examples
    --------
    >>> t = pd.DataFrame({"betweenness": [0.2, 0.0], "total": [0, 2]}, index=["a", "b"])
    >>> mediating(t).tolist()
    [False, True]
    """
    if "mediates" in table.columns:
        return table["mediates"].fillna(False).astype(bool)
    if "total" in table.columns:
        return pd.to_numeric(table["total"], errors="coerce").fillna(0) > 0
    return pd.to_numeric(table["betweenness"], errors="coerce").fillna(0) > 0


# all in one


def broker_table(
    G: nx.Graph,
    *,
    group: str | Mapping[Hashable, Hashable] = "sector",
    weight: str | None = "weight",
    alpha: float = DEFAULT_ALPHA,
    k: int | None = None,
    seed: int = 0,
    resolution: float = 1.0,
    n_jobs: int | None = 1,
) -> pd.DataFrame:
    r"""All broker measures for every actor in one table.

    Collects, per actor: normalised betweenness (tie length :math:`(1/w)^\alpha`, Opsahl et
    al. 2010, :math:`\alpha = 0.5` by default), whether the actor stands between others at
    all (``mediates``, from the binary ties), its tie strength (weighted degree), whether it
    is a cut point and how many actors it cuts off, its Leiden community and participation
    coefficient, the Gould–Fernandez brokerage roles with expected values and z-scores, and
    Burt's structural-hole measures:

    .. math::

       b(v) = \frac{1}{\binom{n-1}{2}} \sum_{\{s,t\} \not\ni v}
           \frac{\sigma_{st}(v)}{\sigma_{st}}, \qquad
       P_i = 1 - \sum_s \Bigl(\frac{k_{is}}{k_i}\Bigr)^2, \qquad
       C_i = \sum_{j} \Bigl(p_{ij} + \sum_q p_{iq} p_{qj}\Bigr)^2 .

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        E.g. :func:`netzwerk.graph.cooperation_graph` (undirected, ``weight``, ``sector``) or
        :func:`netzwerk.graph.referral_graph` (directed).
    group : str or mapping, optional
        Node attribute (default ``"sector"``) or mapping node → group for the brokerage roles.
    weight : str or None, optional
        Edge attribute with the tie strength (default ``"weight"``; missing = 1), used by
        betweenness (length :math:`(1/w)^\alpha`), ``strength``, structural holes,
        communities and participation. The brokerage roles, ``mediates`` and the cut points
        use the binary ties.
    alpha : float, optional
        Tuning parameter of the betweenness (see :func:`betweenness`): 0 unweighted, 1 the
        classical :math:`1/w`; default :data:`DEFAULT_ALPHA` = 0.5, the report's value, at
        which the bundled role weights cannot make an organiser stand between two
        participants of the same meeting.
    k : int or None, optional
        Estimate betweenness from ``k`` sampled sources (see :func:`betweenness`). None: exact.
    seed : int, optional
        Seed for the sampled sources and the Leiden algorithm (default 0).
    resolution : float, optional
        Resolution of the Leiden communities (default 1).
    n_jobs : int or None, optional
        Worker processes for the betweenness (-1: all cores). Default 1.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``actor_id``, columns: ``group`` (the group value), ``degree`` (number of
        distinct contacts), ``strength`` (weighted degree: the summed ``weight`` of the
        actor's ties, each undirected tie once, a directed graph's arcs in and out; Barrat et
        al. 2004), ``betweenness``, ``mediates`` (True where the actor lies on a shortest path
        between two actors without a direct tie: unweighted betweenness above 0, equivalently
        ``total`` above 0, see :func:`brokerage_exists`), ``is_cutpoint``, ``cut_off`` (0 for
        actors that are no cut point), ``community``, ``participation_coefficient``, the six
        brokerage counts (``coordinator`` … ``total``), ``expected_<role>``, ``z_<role>``, and
        ``effective_size``, ``efficiency``, ``constraint``, ``hierarchy``. ``attrs`` holds all
        parameters (with ``alpha``), ``brokerage_exists`` (any ``mediates``) and the
        network-level brokerage ``totals``.

    Raises
    ------
    TypeError
        If ``G`` is not a networkx graph, ``group`` has the wrong type or a weight is not a
        number.
    ValueError
        If a node has no group, a weight is not positive, or ``k`` is out of range.

    See Also
    --------
    betweenness, cut_points, communities, participation_coefficient, brokerage_roles,
    structural_holes

    Notes
    -----
    A weighted betweenness above 0 for an actor that does not mediate means only that the
    weights make a detour through it shorter than a direct tie between two of its contacts:
    no one depends on it to reach anyone. The report names brokers only among the actors that
    mediate.

    Columns for degenerate input follow the single functions: NaN structural holes and
    participation for isolates, NaN z-scores where a role is impossible. The brokerage
    ``sd_*`` columns are left out here (``brokerage_roles`` has them).

    References
    ----------
    .. [1] Gould, R. V. & Fernandez, R. M. (1989). Structures of mediation. *Sociological
       Methodology* 19, 89–126.
    .. [2] Burt, R. S. (1992). *Structural Holes*. Harvard University Press.
    .. [3] Brandes, U. (2001). A faster algorithm for betweenness centrality. *Journal of
       Mathematical Sociology* 25(2), 163–177.
    .. [4] Guimerà, R. & Amaral, L. A. N. (2005). Functional cartography of complex metabolic
       networks. *Nature* 433, 895–900.
    .. [5] Opsahl, T., Agneessens, F. & Skvoretz, J. (2010). Node centrality in weighted
       networks: generalizing degree and shortest paths. *Social Networks* 32(3), 245–251.
    .. [6] Barrat, A., Barthélemy, M., Pastor-Satorras, R. & Vespignani, A. (2004). The
       architecture of complex weighted networks. *PNAS* 101(11), 3747–3752.

    Examples
    --------
    Two sectors joined through c:

    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d"), ("d", "e")])
    >>> nx.set_node_attributes(G, {"a": "mso", "b": "mso", "c": "mso", "d": "kommune",
    ...                            "e": "kommune"}, "sector")
    >>> table = broker_table(G)
    >>> row = table.loc["c"]
    >>> float(row["betweenness"]), bool(row["is_cutpoint"]), int(row["cut_off"])
    (0.6666666666666666, True, 2)
    >>> int(row["representative"]), int(row["gatekeeper"])
    (2, 2)
    >>> table["mediates"].tolist(), table.attrs["brokerage_exists"]
    ([False, False, True, True, False], True)
    """
    check_graph(G)
    with _sharing_arcs(G):
        # the weighted arcs first: the unweighted ones are derived from them
        holes = structural_holes(G, weight=weight)
        roles = brokerage_roles(G, group)
        between = betweenness(G, weight=weight, alpha=alpha, k=k, seed=seed, n_jobs=n_jobs)
        cuts = cut_points(G)
        community = communities(G, weight=weight, resolution=resolution, seed=seed)
        participation = participation_coefficient(G, community, weight=weight)
        undirected = _undirected_csr(G)
        strength = _strength(G, weight)
    index = _index(G)
    codes, groups = group_codes(G, group)
    table = pd.DataFrame(index=index)
    table["group"] = pd.Series([groups[c] for c in codes], index=index, dtype=object)
    table["degree"] = np.diff(undirected.indptr).astype(np.int64)
    table["strength"] = strength
    table["betweenness"] = between
    # an open two-path through the actor <=> it lies inside an unweighted shortest path
    table["mediates"] = (roles["total"] > 0).to_numpy()
    table["is_cutpoint"] = index.isin(cuts.index)
    table["cut_off"] = cuts["cut_off"].reindex(index, fill_value=0).astype("int64")
    table["community"] = community
    table["participation_coefficient"] = participation
    keep = [c for c in roles.columns if not c.startswith("sd_")]
    table = table.join(roles[keep]).join(holes)
    table.attrs.update(
        {
            "group": group if isinstance(group, str) else "mapping",
            "weight": weight,
            "alpha": between.attrs["alpha"],
            "k": k,
            "seed": seed,
            "resolution": resolution,
            "directed": G.is_directed(),
            "betweenness": f"normalized, tie length (1/weight)**{between.attrs['alpha']:g}"
            if weight
            else "normalized",
            "brokerage_exists": bool(table["mediates"].any()),
            "modularity": community.attrs["modularity"],
            "density": roles.attrs["density"],
            "totals": roles.attrs["totals"],
        }
    )
    return table
