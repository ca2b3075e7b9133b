"""Broker measures: Gould–Fernandez brokerage roles, structural holes, betweenness, cut points.

Who holds a cooperation network together, and who does everything depend on? Every function
takes a networkx graph (as :func:`netzwerk.graph.cooperation_graph` or
:func:`netzwerk.graph.referral_graph` make them, or any other), never changes it, and returns a
tidy table indexed by ``actor_id`` (the node key). The heavy lifting is done with
:mod:`scipy.sparse`, python-igraph and networkit; the results equal the reference
implementations (R's ``sna::brokerage`` for the brokerage roles, networkx for structural holes
and betweenness), which the tests check.

Conventions shared by all functions:

- Self-loops are ignored: an actor is not its own contact.
- Parallel edges of a multigraph are merged (weights summed, except for betweenness, where the
  shortest of them counts).
- Edge weights, where used, must be positive numbers; an edge without the attribute weighs 1.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import math
import os
from collections.abc import Callable, Hashable, Mapping
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

__all__ = [
    "BROKERAGE_ROLES",
    "DEFAULT_ALPHA",
    "betweenness",
    "bridges",
    "brokerage_roles",
    "brokerage_totals",
    "brokers",
    "brokerage_exists",
    "communities",
    "cut_points",
    "event_brokerage",
    "first_ranked",
    "leading_brokers",
    "mediating",
    "shared_ranks",
    "participation_coefficient",
    "structural_holes",
]
# ``netzwerk.brokers`` (the package attribute) is the all-in-one function ``brokers``, as DESIGN.md
# names it; import from this module explicitly (``from netzwerk.brokers import betweenness``).

#: The five Gould–Fernandez roles, in sna's column order, then their sum.
BROKERAGE_ROLES: tuple[str, ...] = (
    "coordinator",
    "itinerant",
    "representative",
    "gatekeeper",
    "liaison",
    "total",
)


#: The report's tuning parameter of weighted betweenness (Opsahl, Agneessens & Skvoretz 2010):
#: a tie of strength w has length 1 / w**alpha. 0.5 keeps a detour through a co-participant
#: of one event longer than the direct tie whatever the bundled role weights (1 : 0.6 : 0.3),
#: since sqrt(0.3) + sqrt(0.3) > sqrt(1); with 1/w (alpha = 1) the organiser of a meeting
#: would "stand between" participants who met directly. See :func:`betweenness`, Notes.
DEFAULT_ALPHA = 0.5

# Fewest nodes for which betweenness uses several threads or worker processes (n_jobs).
_PARALLEL_MIN_NODES = 200

# Arcs per chunk when enumerating closed two-paths: bounds the memory of the sparse row products.
_CHUNK_NONZEROS = 4_000_000


# --------------------------------------------------------------------------------------------
# helpers


def _check_graph(G: Any, name: str = "G") -> None:
    if not isinstance(G, nx.Graph):
        raise TypeError(f"{name} must be a networkx graph, got {type(G).__name__}")


def _index(G: nx.Graph) -> pd.Index:
    return pd.Index(list(G), name="actor_id")


def _group_codes(G: nx.Graph, group: str | Mapping[Hashable, Hashable]) -> tuple[np.ndarray, list]:
    """Integer code per node (in ``G``'s node order) and the group values in order of appearance."""
    if isinstance(group, str):
        values = []
        for node, data in G.nodes(data=True):
            if group not in data or _missing(data[group]):
                raise ValueError(
                    f"group: node {node!r} has no attribute {group!r}; every node needs a group"
                )
            values.append(data[group])
    elif isinstance(group, Mapping):
        values = []
        for node in G:
            if node not in group or _missing(group[node]):
                raise ValueError(f"group: no group for node {node!r}; the mapping must cover G")
            values.append(group[node])
    else:
        raise TypeError(
            f"group must be a node attribute name or a mapping node -> group, "
            f"got {type(group).__name__}"
        )
    codes: dict[Hashable, int] = {}
    out = np.fromiter((codes.setdefault(v, len(codes)) for v in values), np.int64, len(values))
    return out, list(codes)


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def _edge_weight(data: Mapping[str, Any], weight: str | None, u: Hashable, v: Hashable) -> float:
    if weight is None:
        return 1.0
    w = data.get(weight, 1)
    if isinstance(w, bool) or not isinstance(w, int | float | np.integer | np.floating):
        raise TypeError(f"weight: edge ({u!r}, {v!r}) has {weight}={w!r}; expected a number")
    if not (w > 0 and math.isfinite(w)):
        raise ValueError(f"weight: edge ({u!r}, {v!r}) has {weight}={w!r}; expected a number > 0")
    return float(w)


#: While :func:`brokers` runs: its graph and the arcs already read from it, by (weight, combine).
_SHARED_ARCS: contextvars.ContextVar[tuple[nx.Graph, dict[Any, Any]] | None] = (
    contextvars.ContextVar("netzwerk_brokers_shared_arcs", default=None)
)


@contextlib.contextmanager
def _sharing_arcs(G: nx.Graph) -> Any:
    """Read ``G``'s arcs once for all measures computed inside the block (``G`` stays unchanged).

    The shared arrays are read-only, so that no measure can change them for the next one.
    """
    token = _SHARED_ARCS.set((G, {}))
    try:
        yield
    finally:
        _SHARED_ARCS.reset(token)


def _arcs(
    G: nx.Graph, weight: str | None = None, *, combine: str = "sum"
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Arcs (source, target, weight) as integer positions in node order.

    Self-loops are dropped. An undirected edge gives two arcs. Parallel edges are merged by
    ``combine`` ("sum" or "max").
    """
    shared = _SHARED_ARCS.get()
    if shared is None or shared[0] is not G:
        return _read_arcs(G, weight, combine=combine)
    memo = shared[1]
    # without parallel edges there is nothing to combine, and the unweighted arcs are the
    # weighted ones with weight 1
    key = (weight, combine if G.is_multigraph() else None)
    if key not in memo:
        if weight is None and not G.is_multigraph() and memo:
            s, t, _ = next(iter(memo.values()))
            arrays = (s, t, np.ones(len(s)))
        else:
            arrays = _read_arcs(G, weight, combine=combine)
        for array in arrays:
            array.flags.writeable = False
        memo[key] = arrays
    return memo[key]


def _read_arcs(
    G: nx.Graph, weight: str | None = None, *, combine: str = "sum"
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    pos = {node: i for i, node in enumerate(G)}
    if G.is_multigraph():
        s, t, w = _multigraph_arcs(G, weight, pos)
    else:
        # adjacency lists hold each undirected edge twice, one arc per direction
        adj = G.adj
        degree = np.fromiter((len(nbrs) for nbrs in adj.values()), np.int64, len(pos))
        s = np.repeat(np.arange(len(pos), dtype=np.int64), degree)
        t = np.fromiter((pos[v] for nbrs in adj.values() for v in nbrs), np.int64, len(s))
        if weight is None:
            w = np.ones(len(s))
        else:
            try:
                w = np.fromiter(
                    (d.get(weight, 1) for nbrs in adj.values() for d in nbrs.values()),
                    np.float64,
                    len(s),
                )
            except (TypeError, ValueError):
                w = np.full(len(s), np.nan)
            if not (np.isfinite(w) & (w > 0)).all():
                for u, v, data in G.edges(data=True):
                    _edge_weight(data, weight, u, v)  # raises, naming the edge
    loops = s == t
    if loops.any():
        s, t, w = s[~loops], t[~loops], w[~loops]
    if G.is_multigraph() and len(s):
        n = len(pos)
        key = s * n + t
        uniq, inverse = np.unique(key, return_inverse=True)
        if combine == "sum":
            w = np.bincount(inverse, weights=w, minlength=len(uniq))
        else:
            merged = np.zeros(len(uniq))
            np.maximum.at(merged, inverse, w)
            w = merged
        s, t = uniq // n, uniq % n
    return s, t, w


def _multigraph_arcs(
    G: nx.Graph, weight: str | None, pos: dict[Hashable, int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Arcs of a multigraph, one per edge (undirected: both directions); duplicates kept."""
    src, dst, wts = [], [], []
    for u, v, data in G.edges(data=True):
        src.append(pos[u])
        dst.append(pos[v])
        wts.append(_edge_weight(data, weight, u, v))
    s = np.asarray(src, dtype=np.int64)
    t = np.asarray(dst, dtype=np.int64)
    w = np.asarray(wts, dtype=np.float64)
    if not G.is_directed():
        s, t, w = np.concatenate([s, t]), np.concatenate([t, s]), np.concatenate([w, w])
    return s, t, w


def _csr(n: int, s: np.ndarray, t: np.ndarray, w: np.ndarray | None = None) -> sp.csr_array:
    data = np.ones(len(s)) if w is None else w
    A = sp.csr_array((data, (s, t)), shape=(n, n))
    A.sum_duplicates()
    A.sort_indices()
    return A


def _row_products(
    left: sp.csr_array,
    right: sp.csr_array,
    rows_left: np.ndarray,
    rows_right: np.ndarray,
    visit: Callable[[np.ndarray, sp.csr_array], None],
) -> None:
    """Call ``visit(chunk, left[rows_left[chunk]] * right[rows_right[chunk]])`` chunk by chunk.

    The element-wise product of row ``left[a]`` and row ``right[b]`` holds, for each pair (a, b),
    what the two rows have in common; chunks keep the memory of these products bounded.
    """
    if len(rows_left) == 0:
        return
    cost = np.cumsum(np.diff(left.indptr)[rows_left] + 1)
    start = 0
    while start < len(rows_left):
        base = cost[start - 1] if start else 0
        stop = int(np.searchsorted(cost, base + _CHUNK_NONZEROS, side="right"))
        stop = max(stop, start + 1)
        chunk = np.arange(start, stop)
        product = left[rows_left[chunk]].multiply(right[rows_right[chunk]]).tocsr()
        visit(chunk, product)
        start = stop


def _masked_product(left: sp.csr_array, right: sp.csr_array, mask: sp.csr_array) -> np.ndarray:
    """Entries of ``left @ right`` at the stored positions of ``mask`` (in ``mask``'s order).

    The product is formed block by block of rows, each block bounded by the number of scalar
    multiplications it needs, so that memory stays bounded on dense graphs.
    """
    n_rows = mask.shape[0]
    out = np.zeros(mask.nnz)
    if mask.nnz == 0:
        return out
    pattern = left.copy()
    pattern.data = np.ones_like(pattern.data)
    flops = pattern @ np.diff(right.indptr).astype(np.float64)
    cost = np.cumsum(flops + np.diff(mask.indptr) + 1)
    start = 0
    while start < n_rows:
        base = cost[start - 1] if start else 0
        stop = int(np.searchsorted(cost, base + _CHUNK_NONZEROS, side="right"))
        stop = min(max(stop, start + 1), n_rows)
        lo, hi = mask.indptr[start], mask.indptr[stop]
        if hi > lo:
            block = (left[start:stop] @ right).tocsr()
            rows = np.repeat(np.arange(stop - start), np.diff(mask.indptr[start : stop + 1]))
            out[lo:hi] = np.asarray(block[rows, mask.indices[lo:hi]]).ravel()
        start = stop
    return out


def _rows_of(product: sp.csr_array) -> np.ndarray:
    return np.repeat(np.arange(product.shape[0]), np.diff(product.indptr))


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
    _check_graph(G)
    codes, groups = _group_codes(G, group)
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
# structural holes


def structural_holes(G: nx.Graph, *, weight: str | None = None) -> pd.DataFrame:
    r"""Burt's structural-hole measures: effective size, efficiency, constraint and hierarchy.

    With the mutual weight :math:`a_{ij} + a_{ji}` of two nodes, its share of :math:`i`'s ties
    :math:`p_{ij}` (divided by the sum over :math:`i`'s contacts) and its share of :math:`j`'s
    strongest tie :math:`m_{ij}` (divided by the maximum), for the contacts :math:`N(i)`
    (predecessors and successors) of :math:`i`:

    .. math::

       \text{effective size}_i &= \sum_{j \in N(i)} \Bigl(1 - \sum_{q \in N(i)}
           p_{iq} m_{jq}\Bigr), \qquad
       \text{efficiency}_i = \frac{\text{effective size}_i}{|N(i)|}, \\
       c_{ij} &= \Bigl(p_{ij} + \sum_{q \in N(i)} p_{iq} p_{qj}\Bigr)^2, \qquad
       \text{constraint}_i = C_i = \sum_{j \in N(i)} c_{ij}, \\
       \text{hierarchy}_i &= \frac{\sum_{j \in N(i)} r_{ij} \ln r_{ij}}{|N(i)| \ln |N(i)|},
           \qquad r_{ij} = \frac{c_{ij}}{C_i / |N(i)|}.

    Effective size is the number of contacts minus their redundancy (unweighted and
    undirected: :math:`n - 2t/n` with :math:`t` ties among the :math:`n` contacts, Borgatti
    1997). Constraint is high when all contacts are tied to each other or to one central
    contact: the actor has no structural holes to broker. Hierarchy (Burt 1992, p. 71) is 0 when
    the constraint is spread evenly over the contacts and approaches 1 when it comes from a
    single contact.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Any graph; self-loops are dropped, parallel edges summed.
    weight : str or None, optional
        Edge attribute holding the tie strength (positive numbers; an edge without it weighs 1).
        None (default) treats every tie as 1.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``actor_id`` with float columns ``effective_size``, ``efficiency``,
        ``constraint`` and ``hierarchy``. ``attrs`` holds ``weight`` and ``directed``.

    Raises
    ------
    TypeError
        If ``G`` is not a networkx graph or a weight is not a number.
    ValueError
        If a weight is not positive and finite.

    Notes
    -----
    ``effective_size`` and ``constraint`` equal networkx's ``effective_size`` and ``constraint``
    (to floating-point accuracy) on graphs without self-loops. For weighted or directed graphs,
    compare with networkx's per-node code path (``nodes=list(G)``): its vectorised path (networkx
    3.4–3.6, ``nodes=None``) divides by the wrong row maximum (networkx pull request #8906). Efficiency divides by the number of
    distinct contacts (networkx's documentation suggests ``G.degree``, which counts a reciprocated
    arc twice). Isolates get NaN in every column; actors with a single contact get hierarchy NaN
    (:math:`|N| \ln |N| = 0`; JUNG returns 1 there instead).

    Computed with sparse matrices in :math:`O(\sum_{(i,j)} (k_i + k_j))` time over the ties:
    only the entries of :math:`P M^\top` and :math:`P P` on existing ties are formed, never the
    dense :math:`n \times n` products.

    References
    ----------
    .. [1] Burt, R. S. (1992). *Structural Holes: The Social Structure of Competition*. Harvard
       University Press, pp. 50–71.
    .. [2] Borgatti, S. P. (1997). Structural holes: unpacking Burt's redundancy measures.
       *Connections* 20(1), 35–38.

    Examples
    --------
    A star with centre a and leaves b, c, d, plus the tie b–c. For a: three contacts, one tie
    among them, effective size :math:`3 - 2 \cdot 1/3 = 7/3`. Its shares are
    :math:`p_{ab} = p_{ac} = p_{ad} = 1/3`, so :math:`c_{ab} = (1/3 + 1/3 \cdot 1/2)^2 = 1/4`,
    :math:`c_{ad} = 1/9` and :math:`C_a = 1/4 + 1/4 + 1/9 = 11/18`.

    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b"), ("a", "c"), ("a", "d"), ("b", "c")])
    >>> holes = structural_holes(G)
    >>> holes.loc["a", ["effective_size", "efficiency", "constraint"]].round(4).tolist()
    [2.3333, 0.7778, 0.6111]
    >>> float(holes.loc["d", "constraint"]), bool(pd.isna(holes.loc["d", "hierarchy"]))
    (1.0, True)
    """
    _check_graph(G)
    n = G.number_of_nodes()
    s, t, w = _arcs(G, weight)
    W = _csr(n, s, t, w)
    M = (W + W.T).tocsr()  # mutual weights a_ij + a_ji
    M.sort_indices()
    total = np.asarray(M.sum(axis=1)).ravel()
    contacts = np.diff(M.indptr)
    strongest = M.max(axis=1).toarray().ravel() if n else np.zeros(0)
    rows = _rows_of(M)
    with np.errstate(divide="ignore", invalid="ignore"):
        P = sp.csr_array((M.data / total[rows], M.indices, M.indptr), shape=(n, n))
        Mx = sp.csr_array((M.data / strongest[rows], M.indices, M.indptr), shape=(n, n))
    i_idx = rows
    # sum_q p_iq m_jq for each tie (i, j), and sum_q p_iq p_qj
    redundancy = _masked_product(P, Mx.T.tocsr(), M)
    indirect = _masked_product(P, P, M)
    local = (P.data + indirect) ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        effective = contacts - np.bincount(i_idx, weights=redundancy, minlength=n)
        constraint = np.bincount(i_idx, weights=local, minlength=n)
        mean_local = constraint / contacts
        ratio = local / mean_local[i_idx]
        hierarchy = np.bincount(i_idx, weights=ratio * np.log(ratio), minlength=n) / (
            contacts * np.log(contacts)
        )
        efficiency = effective / contacts
    isolated = contacts == 0
    effective[isolated] = np.nan
    constraint[isolated] = np.nan
    efficiency[isolated] = np.nan
    hierarchy[contacts < 2] = np.nan
    table = pd.DataFrame(
        {
            "effective_size": effective,
            "efficiency": efficiency,
            "constraint": constraint,
            "hierarchy": hierarchy,
        },
        index=_index(G),
    )
    table.attrs.update({"weight": weight, "directed": G.is_directed()})
    return table


# --------------------------------------------------------------------------------------------
# betweenness


def _links(G: nx.Graph, weight: str | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ties of ``G`` as positions and strengths: arcs, or one edge per unordered pair.

    Self-loops are dropped; of parallel edges the strongest is kept.
    """
    s, t, w = _arcs(G, weight, combine="max")
    if not G.is_directed():
        keep = s < t
        s, t, w = s[keep], t[keep], w[keep]
    return s, t, w


def _tie_lengths(w: np.ndarray, alpha: float) -> np.ndarray:
    """Opsahl et al.'s tie lengths :math:`(1/w)^\alpha`, the one rule every backend uses."""
    if alpha == 1:
        return 1.0 / w  # bit for bit the classical 1/w
    return (1.0 / w) ** alpha


def _igraph(G: nx.Graph, weight: str | None, alpha: float) -> tuple[Any, list[float] | None]:
    """An igraph copy of ``G`` (nodes in ``G``'s order) and the tie lengths per edge."""
    import igraph as ig

    s, t, w = _links(G, weight)
    g = ig.Graph(
        n=G.number_of_nodes(), edges=np.column_stack([s, t]).tolist(), directed=G.is_directed()
    )
    distances = None if weight is None else _tie_lengths(w, alpha).tolist()
    return g, distances


def _networkit() -> Any:
    """The networkit module, or None where it cannot be imported (then igraph does the work).

    Imported in a notebook, networkit displays a ``<script>`` of its profiling module; it is
    captured here, so that no notebook output and no report carries it.
    """
    try:
        from IPython.utils.capture import capture_output
    except ImportError:  # no IPython: nothing to display to
        capture_output = contextlib.nullcontext
    try:
        with capture_output():
            import networkit
    except ImportError:
        return None
    return networkit


def _networkit_betweenness(
    nk: Any, G: nx.Graph, weight: str | None, alpha: float, jobs: int
) -> np.ndarray:
    """Exact raw betweenness from networkit, an undirected pair counted once (as igraph does)."""
    s, t, w = _links(G, weight)
    n = G.number_of_nodes()
    g = nk.Graph(n, weighted=weight is not None, directed=G.is_directed())
    if len(s):
        if weight is None:
            g.addEdges((s.astype(np.uint64), t.astype(np.uint64)))
        else:
            g.addEdges((_tie_lengths(w, alpha), (s.astype(np.uint64), t.astype(np.uint64))))
    threads = nk.getMaxNumberOfThreads()
    nk.setNumberOfThreads(jobs)
    try:
        algorithm = nk.centrality.Betweenness(g, normalized=False)
        algorithm.run()
        values = np.asarray(algorithm.scores(), dtype=float)
    finally:
        nk.setNumberOfThreads(threads)
    # networkit walks an undirected tie in both directions: every unordered pair twice
    return values if G.is_directed() else values / 2


def _betweenness_part(
    n: int,
    edges: list[list[int]],
    directed: bool,
    distances: list[float] | None,
    sources: list[int] | None,
) -> list[float]:
    import igraph as ig

    g = ig.Graph(n=n, edges=edges, directed=directed)
    return g.betweenness(directed=directed, weights=distances, sources=sources)


def _jobs(n_jobs: int | None) -> int:
    if n_jobs is None:
        return 1
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, int) or n_jobs == 0:
        raise ValueError(f"n_jobs must be a positive integer or -1, got {n_jobs!r}")
    if n_jobs < 0:
        return max(1, (os.cpu_count() or 1) + 1 + n_jobs)
    return n_jobs


def betweenness(
    G: nx.Graph,
    *,
    weight: str | None = None,
    alpha: float = 1.0,
    normalized: bool = True,
    k: int | None = None,
    seed: int | None = None,
    n_jobs: int | None = 1,
) -> pd.Series:
    r"""Betweenness centrality: the share of shortest paths between other actors through a node.

    .. math::

       b(v) = \sum_{s \ne v \ne t} \frac{\sigma_{st}(v)}{\sigma_{st}}, \qquad
       d^{w\alpha}(s, t) = \min_{\text{paths } s = h_0, h_1, \dots, h_k = t}
           \sum_{l=1}^{k} \Bigl(\frac{1}{w_{h_{l-1} h_l}}\Bigr)^{\alpha},

    where :math:`\sigma_{st}` is the number of shortest paths from :math:`s` to :math:`t` and
    :math:`\sigma_{st}(v)` the number of them through :math:`v` (Brandes 2001). With weights,
    "shortest" is Opsahl, Agneessens & Skvoretz's (2010) generalised distance
    :math:`d^{w\alpha}`: a tie of strength :math:`w` has length :math:`(1/w)^\alpha`, so the
    tuning parameter :math:`\alpha` sets how much tie strength counts against the number of
    steps. :math:`\alpha = 0`: every tie has length 1, only the number of steps counts (the
    unweighted betweenness); :math:`\alpha = 1`: length :math:`1/w` (Newman 2001, Brandes
    2001), where any detour over ties stronger than the direct one can be shorter;
    :math:`0 < \alpha < 1`: a detour over :math:`k` ties of strength :math:`s` beats a direct
    tie of strength :math:`w` only if :math:`s > k^{1/\alpha} w` (for :math:`\alpha = 0.5`:
    two steps need ties four times as strong). In an undirected graph each unordered pair
    counts once. Normalised by the number of pairs, :math:`(n-1)(n-2)` ordered or
    :math:`(n-1)(n-2)/2` unordered.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Any graph; self-loops are ignored. Of parallel edges the strongest (shortest) counts.
    weight : str or None, optional
        Edge attribute holding the tie strength (positive numbers; missing = 1). The length of
        a tie is ``(1 / weight) ** alpha``: strong ties are short. None (default): every tie
        has length 1.
    alpha : float, optional
        Opsahl et al.'s tuning parameter, a finite number >= 0 (default 1: length
        ``1 / weight``, as networkx with ``1 / weight`` as the distance). Ignored without
        ``weight``; ``alpha=0`` gives the unweighted values. :func:`brokers` and the report use
        :data:`DEFAULT_ALPHA` (0.5).
    normalized : bool, optional
        Divide by the number of pairs (default True), as networkx does.
    k : int or None, optional
        Estimate from ``k`` randomly chosen source nodes instead of all (for very large graphs),
        scaled up as networkx scales it. None (default): exact.
    seed : int or None, optional
        Seed for choosing the ``k`` sources; the same seed picks the same sources as networkx's
        ``betweenness_centrality(G, k, seed=seed)``.
    n_jobs : int or None, optional
        Threads (exact) or worker processes (with ``k``) for graphs of 200 nodes or more
        (-1: all cores). Default 1. With more than one, the per-source sums are added in the
        order the threads finish, so values can differ between runs in the last binary digits
        (about 1e-15 relative); with 1 they are the same bits every time.

    Returns
    -------
    pandas.Series
        Float ``betweenness`` indexed by ``actor_id``. ``attrs`` holds the parameters and the
        ``backend`` that computed it (``"networkit"`` or ``"igraph"``).

    Raises
    ------
    TypeError
        If ``G`` is not a networkx graph or a weight is not a number.
    ValueError
        If a weight is not positive, ``alpha`` is negative or not finite, ``k`` is not between
        1 and the number of nodes, or ``n_jobs`` is 0.

    Notes
    -----
    **Why the report uses** :math:`\alpha = 0.5`. In the cooperation graph two actors at
    one event get the product of their role weights (:func:`netzwerk.graph.cooperation_graph`),
    so at a meeting with organiser :math:`o` (role weight 1) and participants :math:`p, q`
    (0.3 each) the tie :math:`p`–:math:`q` is :math:`0.3^2 / 0.3 = 0.3` times as strong as
    :math:`o`–:math:`p`. With :math:`1/w` the detour :math:`p`–:math:`o`–:math:`q` is shorter
    than the direct tie (:math:`2/0.3 < 1/0.09`), and the organiser appears to stand between
    two participants who met directly: a broker made by the role weights alone. In general the
    detour through :math:`o` is shorter iff :math:`r_p^\alpha + r_q^\alpha < r_o^\alpha`;
    with the bundled weights that happens for :math:`\alpha > \ln 2 / \ln(1/0.3) \approx
    0.58`. :math:`\alpha = 0.5` is the largest round value below that threshold, it is the
    value Opsahl et al. illustrate between the two classical extremes, and strong ties still
    shorten paths (a tie of strength 4 is half as long as one of strength 1).

    The lengths :math:`(1/w)^\alpha` are computed once, by one function, and handed to
    networkit and igraph alike, so both backends see the same numbers.

    Exact betweenness is computed with networkit's parallel C++ implementation of Brandes'
    algorithm [4]_ (faster than igraph's per core in our benchmarks, and it uses several
    cores); like networkx it compares path lengths exactly. The sampled estimate (``k``) needs a
    given set of sources, which only igraph [3]_ takes; igraph compares path lengths with a
    small relative tolerance, so two weighted paths whose lengths differ only by rounding
    (1/3 + 1/3 + 1/3 against 1) count as equally short there. Where networkit cannot be
    imported, igraph computes the exact values too. Both equal networkx's
    ``betweenness_centrality`` (checked to 1e-9 in the tests, with and without weights and
    sampling). With ``k`` the scaling is networkx's: the sampled sources and the other nodes
    get different factors. Graphs with fewer than three nodes get 0 everywhere.

    References
    ----------
    .. [1] Brandes, U. (2001). A faster algorithm for betweenness centrality. *Journal of
       Mathematical Sociology* 25(2), 163–177.
    .. [2] Brandes, U. (2008). On variants of shortest-path betweenness centrality and their
       generic computation. *Social Networks* 30(2), 136–145.
    .. [3] Csárdi, G. & Nepusz, T. (2006). The igraph software package for complex network
       research. *InterJournal Complex Systems* 1695.
    .. [4] Staudt, C. L., Sazonovs, A. & Meyerhenke, H. (2016). NetworKit: A tool suite for
       large-scale complex network analysis. *Network Science* 4(4), 508–530.
    .. [5] Opsahl, T., Agneessens, F. & Skvoretz, J. (2010). Node centrality in weighted
       networks: generalizing degree and shortest paths. *Social Networks* 32(3), 245–251.
    .. [6] Newman, M. E. J. (2001). Scientific collaboration networks. II. Shortest paths,
       weighted networks, and centrality. *Physical Review E* 64, 016132.

    Examples
    --------
    In the path a – b – c, b lies on the only shortest path of the one pair (a, c) it is not
    part of: betweenness 1, normalised :math:`1 / ((3 - 1)(3 - 2) / 2) = 1`.

    >>> import networkx as nx
    >>> betweenness(nx.Graph([("a", "b"), ("b", "c")]), normalized=False).tolist()
    [0.0, 1.0, 0.0]

    With weights, the strong detour a – c – b (lengths 1/4 + 1/4) is shorter than the weak
    direct tie a – b (length 1), so c carries the pair (a, b):

    >>> G = nx.Graph()
    >>> G.add_weighted_edges_from([("a", "b", 1), ("a", "c", 4), ("c", "b", 4)])
    >>> betweenness(G, weight="weight", normalized=False).to_dict()
    {'a': 0.0, 'b': 0.0, 'c': 1.0}

    The same triangle with Opsahl et al.'s :math:`\alpha`: the weak direct tie has length
    :math:`(1/1)^\alpha = 1` for every :math:`\alpha`, the strong detour
    :math:`2 \cdot (1/4)^\alpha`: 2 at :math:`\alpha = 0` (the direct tie wins, c carries
    nothing), :math:`2 \cdot 1/2 = 1` at :math:`\alpha = 0.5` (two equally short paths, c
    carries half the pair), :math:`1/2` at :math:`\alpha = 1` (c carries all of it):

    >>> [float(betweenness(G, weight="weight", alpha=a, normalized=False)["c"])
    ...  for a in (0, 0.5, 1)]
    [0.0, 0.5, 1.0]
    """
    _check_graph(G)
    alpha = _check_alpha(alpha)
    n = G.number_of_nodes()
    # alpha = 0 makes every tie length 1: the unweighted (breadth-first) computation is the
    # same, exactly and faster; the weights are still checked
    lengths_from = None if alpha == 0 else weight
    if weight is not None and alpha == 0:
        _arcs(G, weight, combine="max")
    if k is not None:
        if isinstance(k, bool) or not isinstance(k, int | np.integer) or not 1 <= k <= n:
            raise ValueError(f"k must be an integer between 1 and {n} (the nodes), got {k!r}")
        if k == n:
            k = None
    # several threads or processes only pay off from a few hundred nodes on
    jobs = _jobs(n_jobs)  # checked at every size
    if n < _PARALLEL_MIN_NODES:
        jobs = 1
    directed = G.is_directed()
    sources = None
    if k is not None:
        import random

        # the same draw as networkx's betweenness_centrality(G, k, seed=seed)
        nodes = list(G)
        sampled = random.Random(seed).sample(nodes, k)
        pos = {node: i for i, node in enumerate(nodes)}
        sources = [pos[v] for v in sampled]
    series = functools.partial(_betweenness_series, G, weight=weight, alpha=alpha)
    if n < 3:  # no pair has a node between them (networkit also aborts on an empty graph)
        return series(np.zeros(n), normalized, k, seed, backend="none")
    nk = _networkit() if sources is None else None
    if nk is not None:
        values = _networkit_betweenness(nk, G, lengths_from, alpha, jobs)
        return series(values, normalized, k, seed, backend="networkit")
    g, distances = _igraph(G, lengths_from, alpha)
    if jobs == 1:
        values = np.asarray(g.betweenness(directed=directed, weights=distances, sources=sources))
    else:
        edges = g.get_edgelist()
        pool_sources = list(range(n)) if sources is None else sources
        parts = [pool_sources[i::jobs] for i in range(jobs)]
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = [
                pool.submit(_betweenness_part, n, edges, directed, distances, part)
                for part in parts
                if part
            ]
            values = np.sum([np.asarray(f.result()) for f in futures], axis=0)
    return series(values, normalized, k, seed, backend="igraph", sources=sources)


def _check_alpha(alpha: Any) -> float:
    if isinstance(alpha, bool) or not isinstance(alpha, int | float | np.integer | np.floating):
        raise TypeError(f"alpha must be a number >= 0, got {alpha!r}")
    if not (math.isfinite(alpha) and alpha >= 0):
        raise ValueError(f"alpha must be a finite number >= 0, got {alpha!r}")
    return float(alpha)


def _betweenness_series(
    G: nx.Graph,
    values: np.ndarray,
    normalized: bool,
    k: int | None,
    seed: int | None,
    *,
    weight: str | None,
    alpha: float,
    backend: str,
    sources: list[int] | None = None,
) -> pd.Series:
    """Raw counts (undirected pairs once) scaled as networkx scales them, with the parameters."""
    directed = G.is_directed()
    values = _scale_betweenness(values, G.number_of_nodes(), directed, normalized, sources)
    series = pd.Series(values, index=_index(G), name="betweenness", dtype=float)
    series.attrs.update(
        {
            "weight": weight,
            "alpha": alpha,
            "normalized": normalized,
            "k": k,
            "seed": seed,
            "directed": directed,
            "backend": backend,
        }
    )
    return series


def _scale_betweenness(
    values: np.ndarray, n: int, directed: bool, normalized: bool, sources: list[int] | None
) -> np.ndarray:
    """networkx's rescaling (endpoints excluded) applied to igraph's counts."""
    if n < 3:
        return np.zeros(n)
    # igraph counts an undirected pair once; networkx's accumulation counts it twice
    ordered = values if directed else 2 * values
    correction = 1 if directed else 2
    if sources is None:
        if normalized:
            return ordered / ((n - 1) * (n - 2))
        return ordered / correction
    k = len(sources)
    N = n - 1
    if normalized:
        scale_source = 1 / ((k - 1) * (N - 1)) if k > 1 else math.nan
        scale_other = 1 / (k * (N - 1))
    else:
        scale_source = N / ((k - 1) * correction) if k > 1 else math.nan
        scale_other = N / (k * correction)
    scale = np.full(n, scale_other)
    scale[sources] = scale_source
    return ordered * scale


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
    on a shortest path. :func:`brokers` reports the node-level answer as ``mediates``.

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
    brokers : the column ``mediates`` says which actors stand between others.

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
    _check_graph(G)
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

    Only actors that stand between others (``mediates`` of :func:`brokers`: on a shortest
    path between two actors without a direct tie) are candidates, ranked by ``column``. An
    actor whose weighted betweenness comes from the weights alone (a detour over stronger ties
    between actors who are directly tied) is never a leading broker, so a network in which
    everyone is tied to everyone has none, whatever the weights.

    Parameters
    ----------
    table : pandas.DataFrame
        Result of :func:`brokers`. Without ``mediates``, actors with ``total`` above 0 (else
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
    >>> leading_brokers(brokers(G))
    ['b', 'c']
    >>> K = nx.complete_graph(4)
    >>> nx.set_node_attributes(K, "mso", "sector")
    >>> leading_brokers(brokers(K))
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
        Result of :func:`brokers` (column ``mediates``); for other tables ``total`` above 0,
        else ``betweenness`` above 0.

    Returns
    -------
    pandas.Series
        Boolean, indexed like ``table``.

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


# --------------------------------------------------------------------------------------------
# cut points and bridges


def _strength(G: nx.Graph, weight: str | None) -> np.ndarray:
    """Summed tie weights per node: each undirected tie once, a directed arc at both ends."""
    n = G.number_of_nodes()
    s, t, w = _arcs(G, weight)
    out = np.bincount(s, weights=w, minlength=n)
    if G.is_directed():
        out += np.bincount(t, weights=w, minlength=n)
    return out


def _undirected_csr(G: nx.Graph) -> sp.csr_array:
    n = G.number_of_nodes()
    s, t, _ = _arcs(G)
    A = _csr(n, np.concatenate([s, t]), np.concatenate([t, s]))
    return A


def _dfs_blocks(G: nx.Graph) -> dict[str, Any]:
    """Depth-first search (Hopcroft & Tarjan) on the undirected simple version of ``G``.

    Returns, per node, the sizes of the pieces its removal separates from the rest of its
    component (``pieces``), the component size, and the bridges with the size of the side they
    cut off.
    """
    A = _undirected_csr(G)
    n = A.shape[0]
    indptr = A.indptr.tolist()
    indices = A.indices.tolist()
    disc = [-1] * n
    low = [0] * n
    size = [1] * n
    parent = [-1] * n
    nxt = indptr[:-1].copy() if n else []
    component = [0] * n
    separated: dict[int, list[int]] = {}
    bridge_list: list[tuple[int, int, int]] = []
    comp_sizes: list[int] = []
    roots: list[int] = []
    clock = 0
    for root in range(n):
        if disc[root] != -1:
            continue
        cid = len(comp_sizes)
        disc[root] = low[root] = clock
        clock += 1
        component[root] = cid
        stack = [root]
        while stack:
            v = stack[-1]
            i = nxt[v]
            if i < indptr[v + 1]:
                nxt[v] = i + 1
                w = indices[i]
                if disc[w] == -1:
                    parent[w] = v
                    disc[w] = low[w] = clock
                    clock += 1
                    component[w] = cid
                    stack.append(w)
                elif w != parent[v] and disc[w] < low[v]:
                    low[v] = disc[w]
            else:
                stack.pop()
                p = parent[v]
                if p != -1:
                    if low[v] < low[p]:
                        low[p] = low[v]
                    size[p] += size[v]
                    if low[v] >= disc[p]:
                        separated.setdefault(p, []).append(size[v])
                    if low[v] > disc[p]:
                        bridge_list.append((p, v, size[v]))
        comp_sizes.append(size[root])
        roots.append(root)
    return {
        "separated": separated,
        "component": component,
        "comp_sizes": comp_sizes,
        "roots": set(roots),
        "bridges": bridge_list,
    }


def cut_points(G: nx.Graph) -> pd.DataFrame:
    r"""Cut points (articulation points) and how many actors each one's removal cuts off.

    A cut point is an actor whose removal splits its component. For each, ``cut_off`` counts
    the actors that would lose their connection to the largest remaining part of the component:

    .. math::

       \text{cut\_off}(v) = |C_v| - 1 - \max_i |C_i^{(v)}|,

    where :math:`C_v` is :math:`v`'s component and :math:`C_i^{(v)}` are the pieces it falls
    into without :math:`v`. For a cut point in the largest component this is the number of
    actors cut off from the largest component.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Directed graphs are taken as undirected (weak connectivity); self-loops are ignored.

    Returns
    -------
    pandas.DataFrame
        One row per cut point, indexed by ``actor_id`` in ``G``'s node order, with integer
        columns ``cut_off``, ``n_pieces`` (parts the component falls into without the actor),
        ``component_size`` and the boolean ``in_largest_component``. Empty (with these columns)
        when there is no cut point.

    Raises
    ------
    TypeError
        If ``G`` is not a networkx graph.

    Notes
    -----
    One depth-first search, :math:`O(n + m)` (Hopcroft & Tarjan 1973): a child :math:`c` of
    :math:`v` in the search tree whose subtree reaches no ancestor of :math:`v` forms a piece of
    its own (of the subtree's size); the rest of the component is one more piece. The set of cut
    points equals networkx's ``articulation_points``. ``in_largest_component`` is true for all
    components of the largest size.

    References
    ----------
    .. [1] Hopcroft, J. & Tarjan, R. (1973). Algorithm 447: efficient algorithms for graph
       manipulation. *Communications of the ACM* 16(6), 372–378.

    Examples
    --------
    Two triangles joined by the tie c – d, and the pendant e at d. Without c, a and b (two) are
    cut off from d, e, f, g (four). Without d the component falls into a, b, c (three), f, g
    and e: three actors are cut off from the largest part.

    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d"),
    ...               ("d", "f"), ("f", "g"), ("d", "g"), ("d", "e")])
    >>> cut_points(G)[["cut_off", "n_pieces"]]
              cut_off  n_pieces
    actor_id
    c               2         2
    d               3         3
    """
    _check_graph(G)
    info = _dfs_blocks(G)
    nodes = list(G)
    largest = max(info["comp_sizes"], default=0)
    rows = []
    for v in range(len(nodes)):
        pieces = info["separated"].get(v)
        if not pieces:
            continue
        comp_size = info["comp_sizes"][info["component"][v]]
        if v in info["roots"]:
            if len(pieces) < 2:
                continue
            all_pieces = pieces
        else:
            rest = comp_size - 1 - sum(pieces)
            all_pieces = [*pieces, rest] if rest > 0 else pieces
        rows.append(
            (
                nodes[v],
                comp_size - 1 - max(all_pieces),
                len(all_pieces),
                comp_size,
                comp_size == largest,
            )
        )
    table = pd.DataFrame(
        rows,
        columns=["actor_id", "cut_off", "n_pieces", "component_size", "in_largest_component"],
    )
    table = table.astype(
        {
            "cut_off": "int64",
            "n_pieces": "int64",
            "component_size": "int64",
            "in_largest_component": bool,
        }
    )
    return table.set_index("actor_id")


def bridges(G: nx.Graph) -> pd.DataFrame:
    r"""Bridges: ties whose removal splits a component, with the size of the side cut off.

    For a bridge :math:`\{u, v\}` in a component :math:`C`, removing it leaves two parts of sizes
    :math:`s` and :math:`|C| - s`; ``cut_off`` is :math:`\min(s, |C| - s)`.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Directed graphs are taken as undirected; self-loops are ignored; parallel edges count as
        one tie (so a doubled tie can be a bridge).

    Returns
    -------
    pandas.DataFrame
        One row per bridge with columns ``source``, ``target`` (the end nearer the search root
        first), ``cut_off`` and ``component_size``, sorted by ``cut_off`` (largest first), then by
        the node order of the ends.

    Raises
    ------
    TypeError
        If ``G`` is not a networkx graph.

    Notes
    -----
    Same search as :func:`cut_points`: the tree edge to a child whose subtree reaches no
    earlier node is a bridge. The set of bridges equals networkx's ``bridges`` on the simple
    undirected graph.

    References
    ----------
    .. [1] Tarjan, R. E. (1974). A note on finding the bridges of a graph. *Information
       Processing Letters* 2(6), 160–161.

    Examples
    --------
    In the path a – b – c – d every tie is a bridge; removing b – c cuts off two actors.

    >>> import networkx as nx
    >>> bridges(nx.path_graph(["a", "b", "c", "d"]))
      source target  cut_off  component_size
    0      b      c        2               4
    1      a      b        1               4
    2      c      d        1               4
    """
    _check_graph(G)
    info = _dfs_blocks(G)
    nodes = list(G)
    rows = []
    for p, c, side in info["bridges"]:
        comp_size = info["comp_sizes"][info["component"][p]]
        rows.append((nodes[p], nodes[c], min(side, comp_size - side), comp_size, p, c))
    table = pd.DataFrame(
        rows, columns=["source", "target", "cut_off", "component_size", "_p", "_c"]
    ).astype({"cut_off": "int64", "component_size": "int64", "_p": "int64", "_c": "int64"})
    table = table.sort_values(["cut_off", "_p", "_c"], ascending=[False, True, True])
    return table.drop(columns=["_p", "_c"]).reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# communities


def _undirected_weights(
    G: nx.Graph, weight: str | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Unordered pairs i < j with summed weights (arcs both ways and parallel edges add up)."""
    n = G.number_of_nodes()
    s, t, w = _arcs(G, weight)
    if not G.is_directed():
        keep = s < t
        s, t, w = s[keep], t[keep], w[keep]
    lo, hi = np.minimum(s, t), np.maximum(s, t)
    key = lo * max(n, 1) + hi
    uniq, inverse = np.unique(key, return_inverse=True)
    summed = np.bincount(inverse, weights=w, minlength=len(uniq))
    return uniq // max(n, 1), uniq % max(n, 1), summed


def communities(
    G: nx.Graph,
    *,
    weight: str | None = "weight",
    resolution: float = 1.0,
    seed: int = 0,
    n_iterations: int = 2,
) -> pd.Series:
    r"""Communities by the Leiden algorithm (modularity), seeded and reproducible.

    Maximises the modularity with resolution :math:`\gamma`

    .. math::

       Q = \frac{1}{2m} \sum_{ij} \Bigl(A_{ij} - \gamma \frac{k_i k_j}{2m}\Bigr)
           \delta(c_i, c_j)

    with the Leiden algorithm (Traag, Waltman & van Eck 2019), which guarantees connected
    communities.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Directed graphs are taken as undirected, the weights of the two directions (and of
        parallel edges) summed; self-loops are ignored.
    weight : str or None, optional
        Edge attribute with the tie strength (default ``"weight"``; missing = 1). None: all 1.
    resolution : float, optional
        :math:`\gamma`; larger values give more, smaller communities. Default 1 (modularity).
    seed : int, optional
        Seed of the Leiden algorithm (default 0): the same seed gives the same communities.
    n_iterations : int, optional
        Leiden iterations (default 2, leidenalg's default); a negative value iterates until the
        partition no longer changes, which can take ten times longer on large graphs.

    Returns
    -------
    pandas.Series
        Integer ``community`` indexed by ``actor_id``. Communities are numbered 0, 1, … by
        decreasing size, ties by the first member in ``G``'s node order. Each isolate is a
        community of its own. ``attrs`` holds the parameters and the ``modularity``.

    Raises
    ------
    TypeError
        If ``G`` is not a networkx graph or a weight is not a number.
    ValueError
        If a weight is not positive or ``resolution`` is negative.

    References
    ----------
    .. [1] Traag, V. A., Waltman, L. & van Eck, N. J. (2019). From Louvain to Leiden:
       guaranteeing well-connected communities. *Scientific Reports* 9, 5233.
    .. [2] Newman, M. E. J. (2006). Modularity and community structure in networks. *PNAS*
       103(23), 8577–8582.

    Examples
    --------
    Two triangles joined by one tie fall into two communities:

    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d"),
    ...               ("d", "e"), ("e", "f"), ("d", "f")])
    >>> communities(G).tolist()
    [0, 0, 0, 1, 1, 1]
    """
    import igraph as ig
    import leidenalg

    _check_graph(G)
    if not isinstance(resolution, int | float) or not resolution >= 0:
        raise ValueError(f"resolution must be a number >= 0, got {resolution!r}")
    n = G.number_of_nodes()
    s, t, w = _undirected_weights(G, weight)
    g = ig.Graph(n=n, edges=np.column_stack([s, t]).tolist(), directed=False)
    if n == 0:
        membership = np.zeros(0, dtype=np.int64)
        quality = math.nan
    else:
        partition = leidenalg.find_partition(
            g,
            leidenalg.RBConfigurationVertexPartition,
            weights=w.tolist() if len(w) else None,
            resolution_parameter=float(resolution),
            seed=int(seed),
            n_iterations=n_iterations,
        )
        membership = np.asarray(partition.membership, dtype=np.int64)
        quality = g.modularity(
            membership.tolist(),
            weights=w.tolist() if len(w) else None,
            resolution=float(resolution),
        )
    membership = _canonical_labels(membership)
    series = pd.Series(membership, index=_index(G), name="community", dtype="int64")
    series.attrs.update(
        {
            "weight": weight,
            "resolution": resolution,
            "seed": seed,
            "algorithm": "leiden",
            "modularity": float(quality),
        }
    )
    return series


def _canonical_labels(membership: np.ndarray) -> np.ndarray:
    """Renumber communities by decreasing size, ties by first appearance."""
    if len(membership) == 0:
        return membership
    labels, first, counts = np.unique(membership, return_index=True, return_counts=True)
    order = np.lexsort((first, -counts))
    new = np.empty(len(labels), dtype=np.int64)
    new[order] = np.arange(len(labels))
    return new[np.searchsorted(labels, membership)]


def participation_coefficient(
    G: nx.Graph,
    community: Mapping[Hashable, Hashable] | pd.Series | str,
    *,
    weight: str | None = "weight",
) -> pd.Series:
    r"""Participation coefficient: how evenly an actor's ties spread over the communities.

    .. math::

       P_i = 1 - \sum_{s} \Bigl(\frac{k_{is}}{k_i}\Bigr)^2,

    where :math:`k_{is}` is the (weighted) number of ties of :math:`i` into community
    :math:`s` and :math:`k_i` its (weighted) degree (Guimerà & Amaral 2005). 0: all ties stay in
    one community; close to 1: ties spread evenly over many communities (a connector).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Directed graphs are taken as undirected (weights of both directions summed); self-loops
        are ignored.
    community : mapping, pandas.Series or str
        Community (or any group) per node, e.g. the result of :func:`communities`, or the name of
        a node attribute.
    weight : str or None, optional
        Edge attribute with the tie strength (default ``"weight"``; missing = 1). None: degree.

    Returns
    -------
    pandas.Series
        Float ``participation_coefficient`` indexed by ``actor_id``; NaN for isolates
        (:math:`k_i = 0`).

    Raises
    ------
    TypeError
        If ``G`` is not a networkx graph or ``community`` has the wrong type.
    ValueError
        If a node has no community or a weight is not positive.

    References
    ----------
    .. [1] Guimerà, R. & Amaral, L. A. N. (2005). Functional cartography of complex metabolic
       networks. *Nature* 433, 895–900.

    Examples
    --------
    b has two ties into its own community and one into the other:
    :math:`P_b = 1 - (2/3)^2 - (1/3)^2 = 4/9`.

    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("b", "d")])
    >>> pc = participation_coefficient(G, {"a": 0, "b": 0, "c": 0, "d": 1}, weight=None)
    >>> round(float(pc["b"]), 4), float(pc["a"])
    (0.4444, 0.0)
    """
    _check_graph(G)
    if isinstance(community, pd.Series):
        community = community.to_dict()
    codes, _ = _group_codes(G, community)
    n = G.number_of_nodes()
    s, t, w = _undirected_weights(G, weight)
    rows = np.concatenate([s, t])
    cols = codes[np.concatenate([t, s])]
    K = sp.coo_array(
        (np.concatenate([w, w]), (rows, cols)), shape=(n, int(codes.max()) + 1 if n else 1)
    ).tocsr()
    K.sum_duplicates()
    degree = np.asarray(K.sum(axis=1)).ravel()
    with np.errstate(divide="ignore", invalid="ignore"):
        share = K.data / degree[_rows_of(K)]
        value = 1 - np.bincount(_rows_of(K), weights=share**2, minlength=n)
    value[degree == 0] = np.nan
    series = pd.Series(value, index=_index(G), name="participation_coefficient", dtype=float)
    series.attrs["weight"] = weight
    return series


# --------------------------------------------------------------------------------------------
# event brokerage


def event_brokerage(
    city: Any, *, group: str = "sector", exclude_referrals: bool = True
) -> pd.DataFrame:
    r"""Cross-group actor pairs that only one event brings together.

    For each event, the pairs of actors of different groups (sectors by default) that were both
    present at that event and at no other: the ties that nothing else in the data provides. An
    event with many such pairs is where otherwise separate parts of the field meet ("which
    Fachtag created ties nothing else provides").

    .. math::

       \text{pairs}(e) = \{\{a, b\} : g_a \ne g_b,\ E(a) \cap E(b) = \{e\}\},

    where :math:`E(a)` is the set of events :math:`a` took part in (in any role).

    Parameters
    ----------
    city : netzwerk.City
        A city with ``participation`` and ``actors`` (and ``events``, ``referrals``) tables.
    group : str, optional
        Column of the actors table that defines the groups (default ``"sector"``).
    exclude_referrals : bool, optional
        Drop pairs that also refer clients to each other (a referral in either direction in the
        ``referrals`` table), since the referral connects them too. Default True.

    Returns
    -------
    pandas.DataFrame
        One row per event and pair with columns ``event_id``, ``title``, ``actor_a``,
        ``actor_b`` (``actor_a < actor_b``), ``group_a``, ``group_b``; sorted by event, then
        pair. Empty (with these columns) when there are none. Actors without a group value are
        not counted as cross-group. ``attrs`` holds the parameters.

    Raises
    ------
    TypeError
        If ``city`` has no ``participation`` or ``actors`` table.
    ValueError
        If ``group`` is not a column of the actors table.

    Notes
    -----
    Works on the participation table directly (one actor in several roles at one event counts
    once), not on a weighted graph, so no weighting scheme can hide a pair.

    References
    ----------
    .. [1] Breiger, R. L. (1974). The duality of persons and groups. Social Forces, 53(2),
       181–190.
    .. [2] Burt, R. S. (2005). Brokerage and Closure: An Introduction to Social Capital.
       Oxford University Press.

    Examples
    --------
    Actors a (mso), b (kommune), c (kommune); a and b meet only at the Fachtag ``f``, a and c at
    ``f`` and at the forum ``g``, b and c are of the same sector:

    >>> import pandas as pd
    >>> from netzwerk.io import City
    >>> city = City.from_frames(
    ...     actors=pd.DataFrame({"actor_id": ["a", "b", "c"], "name": ["A", "B", "C"],
    ...                          "sector": ["mso", "kommune", "kommune"],
    ...                          "level": ["kommune"] * 3}),
    ...     events=pd.DataFrame({"event_id": ["f", "g"], "title": ["Fachtag", "Forum"],
    ...                          "kind": ["fachtag", "forum"], "date": ["2020", "2021"]}),
    ...     participation=pd.DataFrame({"event_id": ["f", "f", "f", "g", "g"],
    ...                                 "actor_id": ["a", "b", "c", "a", "c"],
    ...                                 "role": ["participant"] * 5}))
    >>> event_brokerage(city)[["event_id", "actor_a", "actor_b"]]
      event_id actor_a actor_b
    0        f       a       b
    """
    for table in ("participation", "actors"):
        if not isinstance(getattr(city, table, None), pd.DataFrame):
            raise TypeError(f"city must be a netzwerk.City with a {table!r} table")
    actors = city.actors
    if group not in actors.columns:
        raise ValueError(
            f"group: {group!r} is not a column of the actors table; "
            f"expected one of {list(actors.columns)}"
        )
    columns = ["event_id", "title", "actor_a", "actor_b", "group_a", "group_b"]
    present = city.participation[["event_id", "actor_id"]].dropna().drop_duplicates()
    pairs = present.merge(present, on="event_id", suffixes=("_a", "_b"))
    pairs = pairs[pairs["actor_id_a"] < pairs["actor_id_b"]]
    n_events = pairs.groupby(["actor_id_a", "actor_id_b"], sort=False)["event_id"].transform("size")
    pairs = pairs[n_events == 1].rename(columns={"actor_id_a": "actor_a", "actor_id_b": "actor_b"})
    groups = actors.set_index("actor_id")[group]
    pairs = pairs.assign(
        group_a=pairs["actor_a"].map(groups).astype(object),
        group_b=pairs["actor_b"].map(groups).astype(object),
    )
    known = pairs["group_a"].notna() & pairs["group_b"].notna()
    pairs = pairs[known & (pairs["group_a"] != pairs["group_b"])]
    referrals = getattr(city, "referrals", None)
    if exclude_referrals and isinstance(referrals, pd.DataFrame) and len(referrals):
        ref = referrals[["from_id", "to_id"]].dropna().astype(str)
        linked = set(zip(ref["from_id"], ref["to_id"], strict=True))
        linked |= {(b, a) for a, b in linked}
        keep = [
            (a, b) not in linked for a, b in zip(pairs["actor_a"], pairs["actor_b"], strict=True)
        ]
        pairs = pairs[np.asarray(keep, dtype=bool)]
    events = getattr(city, "events", None)
    if isinstance(events, pd.DataFrame) and "title" in events.columns:
        titles = events.drop_duplicates("event_id").set_index("event_id")["title"]
        pairs = pairs.assign(title=pairs["event_id"].map(titles))
    else:
        pairs = pairs.assign(title=pd.NA)
    result = pairs[columns].sort_values(["event_id", "actor_a", "actor_b"]).reset_index(drop=True)
    result.attrs.update({"group": group, "exclude_referrals": exclude_referrals})
    return result


# --------------------------------------------------------------------------------------------
# all in one


def brokers(
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
    >>> table = brokers(G)
    >>> row = table.loc["c"]
    >>> float(row["betweenness"]), bool(row["is_cutpoint"]), int(row["cut_off"])
    (0.6666666666666666, True, 2)
    >>> int(row["representative"]), int(row["gatekeeper"])
    (2, 2)
    >>> table["mediates"].tolist(), table.attrs["brokerage_exists"]
    ([False, False, True, True, False], True)
    """
    _check_graph(G)
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
    codes, groups = _group_codes(G, group)
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
