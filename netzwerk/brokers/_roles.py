"""Gould–Fernandez brokerage roles (counts, expectations, z-scores) and whether anyone brokers."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from netzwerk._checks import check_graph, group_codes
from netzwerk.brokers._common import _arcs, _csr, _index, _row_products, _rows_of
from netzwerk.brokers._cuts import _undirected_csr

#: The five Gould–Fernandez roles, in sna's column order, then their sum.
BROKERAGE_ROLES: tuple[str, ...] = (
    "coordinator",
    "itinerant",
    "representative",
    "gatekeeper",
    "liaison",
    "total",
)
# --------------------------------------------------------------------------------------------
# Gould–Fernandez brokerage


def _brokerage_counts(n: int, s: np.ndarray, t: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Open two-paths i -> j -> k (i != k, no arc i -> k) through each j, by role (n x 5)."""
    A = _csr(n, s, t)
    A.data[:] = 1.0
    n_groups = int(codes.max()) + 1 if n else 0
    H = sp.csr_array((np.ones(n), (np.arange(n), codes)), shape=(n, max(n_groups, 1)))
    in_g = (A.T @ H).tocsr()  # in-neighbours of j per group
    out_g = (A @ H).tocsr()
    mutual = A.multiply(A.T).tocsr()
    mut_g = (mutual @ H).tocsr()
    idx = np.arange(n)
    in_same = np.asarray(in_g[idx, codes]).ravel()
    out_same = np.asarray(out_g[idx, codes]).ravel()
    mut_same = np.asarray(mut_g[idx, codes]).ravel()
    in_all = np.asarray(A.sum(axis=0)).ravel()
    out_all = np.asarray(A.sum(axis=1)).ravel()
    mut_all = np.asarray(mutual.sum(axis=1)).ravel()
    same_group_pairs = np.asarray(in_g.multiply(out_g).sum(axis=1)).ravel()
    other_same = same_group_pairs - in_same * out_same  # i, k in one group other than j's

    counts = np.empty((n, 5))
    counts[:, 0] = in_same * out_same - mut_same
    counts[:, 1] = other_same - (mut_all - mut_same)
    counts[:, 2] = in_same * (out_all - out_same)
    counts[:, 3] = (in_all - in_same) * out_same
    counts[:, 4] = (in_all - in_same) * (out_all - out_same) - other_same

    # Subtract the closed two-paths: arc i -> j, and k a common out-neighbour of i and j.
    def visit(chunk: np.ndarray, product: sp.csr_array) -> None:
        rows = _rows_of(product)
        j = t[chunk][rows]
        gi = codes[s[chunk][rows]]
        gj = codes[j]
        gk = codes[product.indices]
        role = np.where(
            gi == gj,
            np.where(gk == gj, 0, 2),
            np.where(gk == gj, 3, np.where(gk == gi, 1, 4)),
        )
        np.subtract.at(counts, (j, role), 1.0)

    _row_products(A, A, s, t, visit)
    return counts


def _choose2(x: np.ndarray | float) -> np.ndarray | float:
    # R's choose(x, 2) for any real x: x (x - 1) / 2
    return x * (x - 1) / 2


def _brokerage_expectations(
    sizes: np.ndarray, N: float, d: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per-group expected counts and variances (groups x 6) and network-level ones (6)."""
    n = sizes.astype(np.float64)
    a = d**2 * (1 - d)
    q = d**3 * (1 - d) ** 3
    S1, S2, S3 = n.sum(), (n**2).sum(), (n**3).sum()
    e = np.empty((len(n), 6))
    v = np.empty((len(n), 6))
    e[:, 0] = a * (n - 1) * (n - 2)
    v[:, 0] = e[:, 0] * (1 - a) + 2 * (n - 1) * (n - 2) * (n - 3) * q
    nn1 = n * (n - 1)
    e[:, 1] = a * (nn1.sum() - nn1)
    nn12 = n * (n - 1) * (n - 2)
    v[:, 1] = e[:, 1] * (1 - a) + 2 * (nn12.sum() - nn12) * q
    e[:, 2] = a * (N - n) * (n - 1)
    v[:, 2] = e[:, 2] * (1 - a) + 2 * ((n - 1) * _choose2(N - n) + (N - n) * _choose2(n - 1)) * q
    e[:, 3] = e[:, 2]
    v[:, 3] = v[:, 2]
    e[:, 4] = a * ((S1 - n) ** 2 - (S2 - n**2))
    # sum over the other groups j of n_j choose(N - n_j - n_i, 2), expanded in n_i
    u = N - n
    c0 = (n * u * (u - 1)).sum()
    c1 = (n * (2 * u - 1)).sum()
    over_all = (c0 - n * c1 + n**2 * S1) / 2
    v[:, 4] = e[:, 4] * (1 - a) + 4 * (over_all - n * _choose2(N - 2 * n)) * q
    e[:, 5] = a * (N - 1) * (N - 2)
    v[:, 5] = e[:, 5] * (1 - a) + 2 * (N - 1) * (N - 2) * (N - 3) * q

    b = d**4 * (1 - d) ** 2
    c = d**5 * (1 - d)
    eg = np.empty(6)
    vg = np.empty(6)
    eg[0] = a * nn12.sum()
    vg[0] = eg[0] * (1 - a) + (nn12 * ((4 * n - 10) * q - 4 * (n - 3) * b + (n - 3) * c)).sum()
    eg[1] = a * (n * (N - n) * (n - 1)).sum()
    # sum over all pairs (x, y) of groups, then minus the pairs x == y, as sna does
    pairs = S1 * (nn1 * ((2 * n - 6) * q + (N - n - 1) * c)).sum() + 2 * q * S2 * nn1.sum()
    diagonal = (n * nn1 * ((4 * n - 6) * q + (N - n - 1) * c)).sum()
    vg[1] = eg[1] * (1 - a) + pairs - diagonal
    eg[2] = a * (n * (N - n) * (n - 1)).sum()
    vg[2] = eg[2] * (1 - a) + (n * (N - n) * (n - 1) * ((N - 3) * q + (n - 2) * c)).sum()
    eg[3] = eg[2]
    vg[3] = vg[2]
    eg[4] = a * ((N * S1**2 - 2 * S1 * S2) - (N * S2 - 2 * S3))
    # sums over ordered triples of distinct groups: P = sum n_i n_j n_k, Q = sum n_i^2 n_j n_k
    others = (S1 - n) ** 2 - (S2 - n**2)
    P = (n * others).sum()
    Q = (n**2 * others).sum()
    vg[4] = eg[4] * (1 - a) + (q - b) * (4 * N * P - 8 * Q - 2 * P) + c * (N * P - 2 * Q - P)
    eg[5] = a * N * (N - 1) * (N - 2)
    vg[5] = eg[5] * (1 - a) + N * (N - 1) * (N - 2) * (
        (4 * N - 10) * q - 4 * (N - 3) * b + (N - 3) * c
    )
    return e, v, eg, vg


def _brokerage(
    G: nx.Graph, group: str | Mapping[Hashable, Hashable]
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    check_graph(G)
    codes, groups = group_codes(G, group)
    n = G.number_of_nodes()
    s, t, _ = _arcs(G)
    m = len(s)
    counts = _brokerage_counts(n, s, t, codes) if n else np.zeros((0, 5))
    raw = np.column_stack([counts, counts.sum(axis=1)]) if n else np.zeros((0, 6))
    with np.errstate(divide="ignore", invalid="ignore"):
        N = float(n)
        d = m / (N * (N - 1)) if n > 1 else math.nan
        sizes = np.bincount(codes, minlength=len(groups))
        e, v, eg, vg = _brokerage_expectations(sizes, N, d)
        sd = np.sqrt(v)
        sdg = np.sqrt(vg)
        expected = e[codes]
        sd_nodes = sd[codes]
        z = (raw - expected) / sd_nodes
        raw_g = raw.sum(axis=0)
        zg = (raw_g - eg) / sdg
    index = _index(G)
    table = pd.DataFrame(raw.astype(np.int64), index=index, columns=list(BROKERAGE_ROLES))
    for prefix, values in (("expected", expected), ("sd", sd_nodes), ("z", z)):
        for k, role in enumerate(BROKERAGE_ROLES):
            table[f"{prefix}_{role}"] = values[:, k]
    totals = pd.DataFrame(
        {"observed": raw_g, "expected": eg, "sd": sdg, "z": zg},
        index=pd.Index(list(BROKERAGE_ROLES), name="role"),
    )
    params = {
        "group": group if isinstance(group, str) else "mapping",
        "directed": G.is_directed(),
        "n_nodes": n,
        "n_arcs": m,
        "density": d,
        "groups": {str(g): int(k) for g, k in zip(groups, sizes, strict=True)},
    }
    return table, totals, params


def brokerage_roles(G: nx.Graph, group: str | Mapping[Hashable, Hashable]) -> pd.DataFrame:
    r"""Gould–Fernandez brokerage roles of every node, with expected values and z-scores.

    A node :math:`j` brokers the ordered pair :math:`(i, k)` when :math:`i \to j \to k` is a
    two-path between distinct nodes and :math:`i \to k` is absent. By the groups of the three
    nodes (Gould & Fernandez 1989) the brokerage is

    ======================  ====================  =====================
    role                    groups i, j, k        sna
    ======================  ====================  =====================
    ``coordinator``         A → A → A             ``w_I``
    ``itinerant``           A → B → A             ``w_O``
    ``representative``      A → A → B             ``b_IO``
    ``gatekeeper``          A → B → B             ``b_OI``
    ``liaison``             A → B → C             ``b_O``
    ======================  ====================  =====================

    and ``total`` is their sum. The expected count of a role is conditional on the group sizes and
    the density :math:`d = m / (N (N - 1))` (:math:`m` arcs, :math:`N` nodes), e.g. for a
    coordinator in a group of :math:`n` nodes

    .. math::

       E = d^2 (1 - d) (n - 1)(n - 2), \qquad
       \operatorname{Var} = E \, (1 - d^2 (1 - d)) + 2 (n - 1)(n - 2)(n - 3)\, d^3 (1 - d)^3,

    and :math:`z = (\text{observed} - E) / \sqrt{\operatorname{Var}}`. All counts, expectations
    and variances are exactly those of R's ``sna::brokerage`` (Butts 2023), which the tests check
    on fifteen graphs.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Ties are binary: weights are ignored, parallel edges count once, self-loops are dropped.
        An undirected edge counts as two arcs (one each way), as in sna.
    group : str or mapping
        A node attribute name (e.g. ``"sector"``) or a mapping node → group. Every node needs a
        group.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``actor_id`` (the nodes, in ``G``'s order), with integer columns
        ``coordinator``, ``itinerant``, ``representative``, ``gatekeeper``, ``liaison``,
        ``total`` and float columns ``expected_<role>``, ``sd_<role>`` and ``z_<role>`` for each.
        ``attrs`` holds the parameters (``group``, ``directed``, ``n_nodes``, ``n_arcs``,
        ``density``, ``groups`` with their sizes) and ``totals``, the network-level table of
        :func:`brokerage_totals` as a dict.

    Raises
    ------
    TypeError
        If ``G`` is not a networkx graph or ``group`` is neither a string nor a mapping.
    ValueError
        If a node has no group.

    See Also
    --------
    brokerage_totals : the network-level counts with their expectations.

    Notes
    -----
    ``z`` is NaN where the standard deviation is 0, that is where the role is impossible and so
    observed and expected are both 0: ``coordinator`` in groups of one or two nodes,
    ``itinerant`` when every other group has fewer than two nodes, ``representative`` and
    ``gatekeeper`` in a group of one or when there is a single group, ``liaison`` with fewer than
    two other groups, every role when the density is 0 or 1, and everything in a graph of fewer
    than two nodes (density undefined). Isolates count in :math:`N` and in their group's size,
    as in sna.

    sna counts self-loops in the density when the input matrix has a non-empty diagonal; here they
    are always dropped, so the results equal sna's on the graph without its loops.

    The counting takes :math:`O(m + \sum_j d^-_j d^+_j)` time with sparse matrices: all two-paths
    through a node follow from its in- and out-degrees per group, and the closed ones are counted
    arc by arc from the common out-neighbours of the arc's ends.

    References
    ----------
    .. [1] Gould, R. V. & Fernandez, R. M. (1989). Structures of mediation: a formal approach to
       brokerage in transaction networks. *Sociological Methodology* 19, 89–126.
    .. [2] Butts, C. T. (2023). sna: Tools for Social Network Analysis. R package version 2.7-1,
       function ``brokerage``.

    Examples
    --------
    The directed path a → b → c → d with groups A, A, B, B: b represents A to c (A → A → B),
    c is a gatekeeper from b into B (A → B → B). Here :math:`N = 4`, :math:`m = 3`,
    :math:`d = 1/4`, so :math:`d^2(1-d) = 3/64` and the expected representative count of a node
    in a group of two is :math:`3/64 \cdot (4 - 2)(2 - 1) = 0.09375`.

    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> roles = brokerage_roles(G, {"a": "A", "b": "A", "c": "B", "d": "B"})
    >>> roles[["representative", "gatekeeper", "total"]]
              representative  gatekeeper  total
    actor_id
    a                      0           0      0
    b                      1           0      1
    c                      0           1      1
    d                      0           0      0
    >>> float(roles.loc["b", "expected_representative"])
    0.09375
    """
    table, totals, params = _brokerage(G, group)
    table.attrs.update(params)
    table.attrs["totals"] = {
        role: {k: float(v) for k, v in row.items()} for role, row in totals.iterrows()
    }
    return table


def brokerage_totals(G: nx.Graph, group: str | Mapping[Hashable, Hashable]) -> pd.DataFrame:
    r"""Network-level Gould–Fernandez brokerage: observed counts, expectations and z-scores.

    The observed count of a role is the sum of the node counts of :func:`brokerage_roles`; the
    expectation and variance are sna's network-level ones (``exp.gli``, ``sd.gli``), e.g. for
    coordination over groups of sizes :math:`n_g`

    .. math::

       E = d^2 (1 - d) \sum_g n_g (n_g - 1)(n_g - 2),

    and :math:`z = (\text{observed} - E) / \text{sd}`.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        As for :func:`brokerage_roles`.
    group : str or mapping
        A node attribute name or a mapping node → group.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``role`` (the six of :data:`BROKERAGE_ROLES`) with columns ``observed``, ``expected``,
        ``sd`` and ``z``. ``attrs`` holds the parameters as in :func:`brokerage_roles`.

    Raises
    ------
    TypeError
        If ``G`` is not a networkx graph or ``group`` is neither a string nor a mapping.
    ValueError
        If a node has no group.

    See Also
    --------
    brokerage_roles : the same roles per actor, with expected values and z-scores.

    Notes
    -----
    ``z`` is NaN where the variance is 0 (the role is impossible), and also where sna's variance
    formula for coordinators or the total turns negative (possible in very small graphs; sna then
    returns NaN as well).

    References
    ----------
    .. [1] Gould, R. V. & Fernandez, R. M. (1989). Structures of mediation: a formal approach to
       brokerage in transaction networks. *Sociological Methodology* 19, 89–126.
    .. [2] Butts, C. T. (2023). sna: Tools for Social Network Analysis. R package version 2.7-1.

    Examples
    --------
    In the path a → b → c → d with groups A, A, B, B there is one representative and one
    gatekeeper two-path; each is expected :math:`3/64 \cdot \sum_g n_g (N - n_g)(n_g - 1) =
    3/64 \cdot 8 = 0.375` times.

    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> totals = brokerage_totals(G, {"a": "A", "b": "A", "c": "B", "d": "B"})
    >>> totals.loc[["representative", "total"], ["observed", "expected"]]
                    observed  expected
    role
    representative       1.0     0.375
    total                2.0     1.125
    """
    _, totals, params = _brokerage(G, group)
    totals.attrs.update(params)
    return totals


# --------------------------------------------------------------------------------------------


def brokerage_exists(G: nx.Graph) -> bool:
    r"""Whether any actor stands between two actors that have no direct tie.

    True iff some actor lies on a shortest path between two actors that are not tied to each
    other, in the binary (unweighted) structure of ``G``: iff some node has a positive
    unweighted betweenness, iff some node has a positive Gould–Fernandez ``total`` (an open
    two-path :math:`i \to j \to k` without the tie :math:`i \to k`), iff some connected part
    of an undirected graph is not complete (not everyone in it tied to everyone). A cut point
    implies brokerage. Tie weights never enter: no weighting can create or remove brokerage.

    The three characterisations agree node by node: if :math:`j` is inside a shortest path,
    the two ties around :math:`j` on it form an open two-path (otherwise the path had a short
    cut); an open two-path :math:`i \to j \to k` makes :math:`d(i, k) = 2` with :math:`j`
    on a shortest path. :func:`broker_table` reports the node-level answer as ``mediates``.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Self-loops are ignored, parallel edges count once, weights are ignored.

    Returns
    -------
    bool

    Raises
    ------
    TypeError
        If ``G`` is not a networkx graph.

    See Also
    --------
    broker_table : the column ``mediates`` says which actors stand between others.

    Examples
    --------
    In a triangle everyone is tied to everyone, in a path the middle node stands between the
    ends; isolates do not matter (they are connected to no one):

    >>> import networkx as nx
    >>> brokerage_exists(nx.complete_graph(3)), brokerage_exists(nx.path_graph(3))
    (False, True)
    >>> G = nx.complete_graph(4)
    >>> G.add_node("alone")
    >>> brokerage_exists(G)
    False
    """
    check_graph(G)
    n = G.number_of_nodes()
    if n < 3:
        return False
    if G.is_directed():
        s, t, _ = _arcs(G)
        counts = _brokerage_counts(n, s, t, np.zeros(n, dtype=np.int64))
        return bool((counts.sum(axis=1) > 0).any())
    from scipy.sparse.csgraph import connected_components

    A = _undirected_csr(G)
    _, labels = connected_components(A, directed=False)
    sizes = np.bincount(labels)
    degree_sums = np.bincount(labels, weights=np.diff(A.indptr))  # twice the ties per part
    return bool((degree_sums < sizes * (sizes - 1)).any())
