"""Sector gaps and the E-I index, each against a node-label permutation null."""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Iterator, Sequence
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from netzwerk._checks import check_graph, group_codes
from netzwerk.gaps._common import _check_alpha, _check_count, _edge_arrays
from netzwerk.gaps._nulls import null_blocks


def _n_labelings(sizes: Sequence[int]) -> int:
    """Number of distinct assignments of the group labels to the nodes (multinomial)."""
    total, count = 0, 1
    for size in sizes:
        total += size
        count *= math.comb(total, size)
    return count


def _all_labelings(codes: np.ndarray) -> np.ndarray:
    """Every distinct labeling with the group sizes of ``codes`` (one row each)."""
    n = len(codes)
    sizes = np.bincount(codes) if n else np.zeros(0, dtype=np.int64)
    rows: list[np.ndarray] = []

    def place(label: np.ndarray, free: list[int], g: int) -> None:
        if g == len(sizes) - 1:
            out = label.copy()
            out[free] = g
            rows.append(out)
            return
        for chosen in itertools.combinations(free, int(sizes[g])):
            label[list(chosen)] = g
            chosen_set = set(chosen)
            place(label, [i for i in free if i not in chosen_set], g + 1)

    if n == 0:
        return np.zeros((1, 0), dtype=np.int64)
    place(np.zeros(n, dtype=np.int64), list(range(n)), 0)
    return np.vstack(rows)


def _labelings(
    codes: np.ndarray, n_permutations: int, seed: int | np.random.Generator | None
) -> tuple[Iterator[np.ndarray], int, bool]:
    """Labelings of the null: all distinct ones if few, else ``n_permutations`` random shuffles.

    Returns the iterator, the number of labelings and whether the enumeration is exact.
    """
    sizes = np.bincount(codes).tolist() if len(codes) else []
    total = _n_labelings(sizes)
    if total <= n_permutations:
        table = _all_labelings(codes)
        return iter(table), len(table), True
    rng = np.random.default_rng(seed)

    def shuffled() -> Iterator[np.ndarray]:
        for _ in range(n_permutations):
            yield rng.permutation(codes)

    return shuffled(), n_permutations, False


def _tail_p(
    null: np.ndarray, observed: np.ndarray, *, exact: bool, upper: bool, valid: np.ndarray | None
) -> np.ndarray:
    """One-sided permutation p-values (columns of ``null`` against ``observed``).

    Sampled: ``(1 + #{T >= obs}) / (1 + N)``; exact: ``#{T >= obs} / N`` (the observed labeling
    is one of the N). Comparisons allow a relative tolerance of 1e-9 for float statistics.
    """
    tol = 1e-9 * np.maximum(1.0, np.abs(observed))
    hits = null >= observed - tol if upper else null <= observed + tol
    if valid is None:
        valid = np.ones_like(null, dtype=bool)
    hits &= valid
    n_valid = valid.sum(axis=0)
    k = hits.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n_valid if exact else (1 + k) / (1 + n_valid)
    return np.minimum(p, 1.0)


def _bh(p: np.ndarray) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (NaN entries stay NaN and are not counted)."""
    q = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    m = int(ok.sum())
    if m == 0:
        return q
    pv = p[ok]
    order = np.argsort(pv, kind="stable")
    ranked = pv[order] * m / np.arange(1, m + 1)
    ranked = np.minimum.accumulate(ranked[::-1])[::-1]
    adjusted = np.empty(m)
    adjusted[order] = np.minimum(ranked, 1.0)
    q[ok] = adjusted
    return q


# ---------------------------------------------------------------------------------------------
# sector_gaps
# ---------------------------------------------------------------------------------------------

_GAP_COLUMNS = [
    "group_a",
    "group_b",
    "n_a",
    "n_b",
    "possible",
    "observed",
    "observed_weight",
    "density",
    "expected",
    "sd",
    "z",
    "p_low",
    "p_high",
    "q_low",
    "gap",
]


def sector_gaps(
    G: nx.Graph,
    *,
    group: str = "sector",
    n_permutations: int = 1000,
    seed: int = 0,
    weight: str | None = None,
    alpha: float = 0.05,
) -> pd.DataFrame:
    r"""Tie counts between groups of actors against a node-label permutation null.

    For every pair of groups :math:`(a, b)` (within-group pairs included) the observed number of
    ties :math:`T_{ab}` is compared with its distribution when the graph is held fixed and the
    group labels are shuffled over the nodes (group sizes stay the same). The density is

    .. math::

        d_{ab} = \frac{T_{ab}}{P_{ab}}, \qquad
        P_{ab} = n_a n_b \ (a \ne b), \qquad P_{aa} = \binom{n_a}{2},

    and the exact expectation under the null, with :math:`m` ties and :math:`n` nodes, is

    .. math::

        E[T_{ab}] = m \, \frac{2 n_a n_b}{n (n - 1)} \ (a \ne b), \qquad
        E[T_{aa}] = m \, \frac{n_a (n_a - 1)}{n (n - 1)}.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        The cooperation graph. Not modified. Self-loops are ignored. In a directed graph the rows
        are ordered pairs (ties from ``group_a`` to ``group_b``) and :math:`P_{aa} = n_a(n_a-1)`,
        :math:`E[T_{ab}] = m\,n_a n_b / (n(n-1))`.
    group : str, default "sector"
        Node attribute that defines the groups. Every node must have a value.
    n_permutations : int, default 1000
        Number of random labelings. When the number of distinct labelings (the multinomial
        coefficient :math:`n! / \prod_g n_g!`) is at most ``n_permutations``, all of them are
        enumerated instead and the p-values are exact.
    seed : int, default 0
        Seed of the random labelings (ignored when they are enumerated).
    weight : str, optional
        Edge attribute to sum instead of counting ties (missing values count 1). The test then
        concerns the summed weight; ``observed`` still counts ties.
    alpha : float, default 0.05
        False discovery rate for the Benjamini–Hochberg correction of ``p_low``.

    Returns
    -------
    pandas.DataFrame
        One row per pair of groups, sorted by ``group_a``, ``group_b``:

        ``group_a``, ``group_b``, ``n_a``, ``n_b``
            The groups and their numbers of nodes.
        ``possible``
            Number of pairs of actors (:math:`P_{ab}`).
        ``observed``, ``observed_weight``
            Number of ties and their summed ``weight`` (equal to ``observed`` without weight).
        ``density``
            ``observed / possible``; NaN where no pair is possible (a group of one).
        ``expected``, ``sd``, ``z``
            Mean (exact, formula above) and standard deviation of the tested statistic under
            the null and :math:`z = (T - E[T]) / sd`; ``z`` is NaN when ``sd`` is 0.
        ``p_low``, ``p_high``
            One-sided p-values for under- and over-connection.
        ``q_low``
            Benjamini–Hochberg adjusted ``p_low`` over the rows with ``possible > 0`` (NaN
            otherwise).
        ``gap``
            True where ``q_low <= alpha``: significantly fewer ties than chance would give.

        ``attrs`` holds the parameters (``group``, ``n_permutations`` used, ``exact``, ``seed``,
        ``weight``, ``alpha``).

    Raises
    ------
    TypeError
        If ``G`` is not a simple networkx graph, or ``n_permutations`` is not an integer.
    ValueError
        If a node lacks the ``group`` attribute, or ``n_permutations < 1`` or ``alpha`` is not
        in (0, 1).

    See Also
    --------
    ei_index : openness of each group on the same permutation null.
    missing_ties : the pairs of actors behind a gap.

    Notes
    -----
    With random labelings, the p-values carry the +1 correction of Phipson & Smyth (2010),

    .. math::

        p_{low} = \frac{1 + \#\{T^{(r)} \le T\}}{1 + R}, \qquad
        p_{high} = \frac{1 + \#\{T^{(r)} \ge T\}}{1 + R},

    so that a p-value is never 0. The smallest attainable Benjamini–Hochberg adjusted value is
    then :math:`m / (1 + R)` for :math:`m` pairs, so :math:`R` must exceed :math:`m/\alpha` for
    any gap to be found: with 14 sectors (105 pairs) and :math:`\alpha = 0.05`, at least 2,100
    permutations (better 5,000 or more); a ``UserWarning`` says so when ``n_permutations`` is too
    small. With exact enumeration, :math:`p = \#\{\ldots\} / N`, where
    the :math:`N` labelings include the observed one. ``sd`` is the root mean square deviation
    of the null statistics from the exact mean. Each labeling is scored with one
    ``numpy.bincount`` over the edge endpoint arrays; no graph is rebuilt.

    An empty cell of a heatmap is no finding by itself: with few actors, zero ties between two
    sectors is often what chance gives. ``gap`` says where it is not.

    References
    ----------
    .. [1] Wasserman, S. & Faust, K. (1994). *Social Network Analysis*, ch. 16 (blockmodels).
    .. [2] Phipson, B. & Smyth, G. K. (2010). Permutation p-values should never be zero.
       *Statistical Applications in Genetics and Molecular Biology* 9(1), 39.
    .. [3] Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate. *JRSS B*
       57(1), 289–300.

    Examples
    --------
    A path a1 – a2 – b1 – b2: one tie within each group and one between them. There are
    4!/(2!·2!) = 6 labelings, so they are enumerated. Between-group expectation:
    3 · 2·2·2/(4·3) = 2.

    >>> import networkx as nx
    >>> G = nx.path_graph(["a1", "a2", "b1", "b2"])
    >>> nx.set_node_attributes(G, {"a1": "A", "a2": "A", "b1": "B", "b2": "B"}, "sector")
    >>> t = sector_gaps(G)
    >>> t[["group_a", "group_b", "possible", "observed", "density", "expected"]]
      group_a group_b  possible  observed  density  expected
    0       A       A         1         1     1.00       0.5
    1       A       B         4         1     0.25       2.0
    2       B       B         1         1     1.00       0.5
    >>> float(t.loc[1, "p_low"])  # labelings with <= 1 between-tie: only a1,a2 | b1,b2 and its mirror
    0.333...
    """
    return _sector_gaps(G, group, n_permutations, seed, weight, alpha, None)


def _sector_gaps(
    G: nx.Graph,
    group: str,
    n_permutations: int,
    seed: int | np.random.Generator | None,
    weight: str | None,
    alpha: float,
    raw_null: tuple[np.ndarray, int, bool] | None,
) -> pd.DataFrame:
    """:func:`sector_gaps`; ``raw_null`` (raw block matrices, number, exact) if computed."""
    check_graph(G, multigraph=False)
    n_permutations = _check_count(n_permutations, "n_permutations", 1)
    alpha = _check_alpha(alpha)
    directed = G.is_directed()
    nodes = list(G.nodes)
    codes, groups = group_codes(G, group)
    k = len(groups)
    u, v, w = _edge_arrays(G, nodes, weight)
    attrs: dict[str, Any] = {
        "group": group,
        "weight": weight,
        "seed": seed if isinstance(seed, int | None) else "Generator",
        "alpha": alpha,
    }
    if k == 0:
        out = pd.DataFrame({c: pd.Series(dtype=object) for c in _GAP_COLUMNS})
        out.attrs = {**attrs, "n_permutations": 0, "exact": True}
        return out

    if directed:
        pairs = [(a, b) for a in range(k) for b in range(k)]
    else:
        pairs = [(a, b) for a in range(k) for b in range(a, k)]
    pa = np.array([p[0] for p in pairs], dtype=np.int64)
    pb = np.array([p[1] for p in pairs], dtype=np.int64)

    # edges sorted by their first endpoint: the first label of every edge is then a repeat of
    # the node labels by out-degree, which is cheaper than a second gather
    order = np.argsort(u, kind="stable")
    v_sorted = v[order]
    w_sorted = w[order] if w is not None else None
    out_degree = np.bincount(u, minlength=len(nodes))

    def block_stat(labels: np.ndarray, weights: np.ndarray | None) -> np.ndarray:
        index = np.repeat(labels * k, out_degree) + labels[v_sorted]
        matrix = np.bincount(index, weights=weights, minlength=k * k)
        matrix = matrix.reshape(k, k)
        if not directed:
            matrix = matrix + matrix.T - np.diag(np.diag(matrix))
        return matrix[pa, pb]

    observed = block_stat(codes, None).astype(np.int64)
    observed_weight = block_stat(codes, w_sorted).astype(float) if w is not None else observed * 1.0
    stat = observed_weight if w is not None else observed.astype(float)

    n = len(nodes)
    sizes = np.bincount(codes, minlength=k).astype(float)
    na, nb = sizes[pa], sizes[pb]
    same = pa == pb
    possible = np.where(same, na * (na - 1) / (1 if directed else 2), na * nb)
    total = float(w.sum()) if w is not None else float(len(u))
    if n >= 2:
        share = np.where(same, na * (na - 1), na * nb * (1 if directed else 2)) / (n * (n - 1))
    else:
        share = np.zeros(len(pairs))
    expected = total * share

    if raw_null is None:
        labelings, n_used, exact = _labelings(codes, n_permutations, seed)
        raw_null = null_blocks(u[order], v_sorted, w_sorted, k, labelings, n_used)
    else:
        raw_null, n_used, exact = raw_null
    null = raw_null
    if not directed:
        diagonal = np.arange(k)
        null = raw_null + raw_null.transpose(0, 2, 1)
        null[:, diagonal, diagonal] -= raw_null[:, diagonal, diagonal]
    # C order, as the rows were once filled one labeling at a time: the same summation order
    null = np.ascontiguousarray(null[:, pa, pb])
    sd = np.sqrt(np.mean((null - expected) ** 2, axis=0))
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.where(sd > 0, (stat - expected) / np.where(sd > 0, sd, 1.0), np.nan)
        density = np.where(possible > 0, observed / np.where(possible > 0, possible, 1), np.nan)
    p_low = _tail_p(null, stat, exact=exact, upper=False, valid=None)
    p_high = _tail_p(null, stat, exact=exact, upper=True, valid=None)
    q_low = _bh(np.where(possible > 0, p_low, np.nan))
    family = int((possible > 0).sum())
    if not exact and family * 1.0 / (1 + n_used) > alpha:
        warnings.warn(
            f"n_permutations={n_used} is too few for {family} pairs of groups at alpha={alpha}: "
            f"no pair can be flagged as a gap; use at least {math.ceil(family / alpha)}",
            UserWarning,
            stacklevel=2,
        )

    out = pd.DataFrame(
        {
            "group_a": [groups[a] for a in pa],
            "group_b": [groups[b] for b in pb],
            "n_a": na.astype(np.int64),
            "n_b": nb.astype(np.int64),
            "possible": possible.astype(np.int64),
            "observed": observed,
            "observed_weight": observed_weight,
            "density": density,
            "expected": expected,
            "sd": sd,
            "z": z,
            "p_low": p_low,
            "p_high": p_high,
            "q_low": q_low,
            "gap": np.nan_to_num(q_low, nan=1.0) <= alpha,
        }
    )
    out.attrs = {**attrs, "n_permutations": n_used, "exact": exact}
    return out


# ---------------------------------------------------------------------------------------------
# ei_index
# ---------------------------------------------------------------------------------------------


def _ei(external: np.ndarray, internal: np.ndarray) -> np.ndarray:
    total = external + internal
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, (external - internal) / np.where(total > 0, total, 1), np.nan)


def ei_index(
    G: nx.Graph,
    *,
    group: str = "sector",
    n_permutations: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    r"""Krackhardt & Stern's E-I index for the network, each group and each actor.

    .. math::

        EI = \frac{E - I}{E + I}

    where :math:`E` counts ties that cross a group boundary and :math:`I` ties that stay inside.
    :math:`EI = -1`: all ties stay inside the groups (homophily, closed sectors); :math:`+1`: all
    ties cross (heterophily).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        The cooperation graph. Not modified; self-loops are ignored.
    group : str, default "sector"
        Node attribute that defines the groups. Every node must have a value.
    n_permutations : int, default 1000
        Random labelings of the permutation null (group labels shuffled over the nodes, graph
        fixed). When the number of distinct labelings is at most this, all are enumerated.
    seed : int, default 0
        Seed of the random labelings.

    Returns
    -------
    pandas.DataFrame
        Columns ``level`` (``"network"``, ``"group"``, ``"actor"``), ``unit`` (None, the group,
        the actor_id), ``group`` (None, the group, the actor's group), ``internal``,
        ``external``, ``ei``, ``expected_ei``, ``p_value``. One network row, then one row per
        group (sorted) and one per actor (graph order).

        * network: :math:`I` and :math:`E` are the numbers of ties (arcs) inside and across
          groups. ``expected_ei`` is exact: :math:`1 - 2\sum_g n_g(n_g-1) / (n(n-1))`.
        * group :math:`g`: :math:`I` = ties with both ends in :math:`g`, :math:`E` = ties with
          one end in :math:`g` (directed: arcs from :math:`g` to other groups). ``expected_ei``
          is the mean over the labelings where the value is defined.
        * actor: :math:`I`/:math:`E` = neighbours (directed: successors) in the own / in other
          groups. ``expected_ei`` = :math:`1 - 2 (n_g - 1)/(n - 1)`, the value if its partners
          were drawn at random; ``p_value`` is NaN (not tested).

        ``p_value`` is two-sided: the share of labelings whose E-I lies at least as far from
        ``expected_ei`` as the observed one, with the +1 correction for random labelings
        (:math:`(1 + k)/(1 + R)`; exact enumeration: :math:`k/N`). ``ei`` is NaN for a unit
        without ties; labelings where a group has no ties are left out of its null.
        ``attrs`` holds ``group``, ``n_permutations`` used, ``exact``, ``seed``.

    Raises
    ------
    TypeError
        If ``G`` is not a simple networkx graph or ``n_permutations`` not an integer.
    ValueError
        If a node lacks the ``group`` attribute or ``n_permutations < 1``.

    See Also
    --------
    sector_gaps : tie counts per pair of groups against the same null.

    Notes
    -----
    Krackhardt & Stern count links between members; here an undirected tie inside a group
    counts once, not once per member. The index depends on group sizes: a small group has few
    possible internal partners, so its E-I is high even at random; compare ``ei`` with
    ``expected_ei``.

    References
    ----------
    .. [1] Krackhardt, D. & Stern, R. N. (1988). Informal networks and organizational crises:
       an experimental simulation. *Social Psychology Quarterly* 51(2), 123–140.

    Examples
    --------
    A triangle a1, a2, b1 plus b1 – b2: ties a1–a2 and b1–b2 inside, a1–b1 and a2–b1 across,
    so the network E-I is (2 - 2)/4 = 0. Group A: I = 1, E = 2, E-I = 1/3.

    >>> import networkx as nx
    >>> G = nx.Graph([("a1", "a2"), ("a1", "b1"), ("a2", "b1"), ("b1", "b2")])
    >>> nx.set_node_attributes(G, {"a1": "A", "a2": "A", "b1": "B", "b2": "B"}, "sector")
    >>> t = ei_index(G)
    >>> t[["level", "unit", "internal", "external", "ei"]]
         level  unit  internal  external        ei
    0  network  None         2         2  0.000000
    1    group     A         1         2  0.333333
    2    group     B         1         2  0.333333
    3    actor    a1         1         1  0.000000
    4    actor    a2         1         1  0.000000
    5    actor    b1         1         2  0.333333
    6    actor    b2         1         0 -1.000000
    >>> float(t.loc[0, "expected_ei"])  # 1 - 2·(2 + 2)/12
    0.333...
    """
    return _ei_index(G, group, n_permutations, seed, None)


def _ei_index(
    G: nx.Graph,
    group: str,
    n_permutations: int,
    seed: int | np.random.Generator | None,
    raw_null: tuple[np.ndarray, int, bool] | None,
) -> pd.DataFrame:
    """:func:`ei_index`; ``raw_null`` (raw block matrices, number, exact) if computed."""
    check_graph(G, multigraph=False)
    n_permutations = _check_count(n_permutations, "n_permutations", 1)
    directed = G.is_directed()
    nodes = list(G.nodes)
    codes, groups = group_codes(G, group)
    k = len(groups)
    n = len(nodes)
    u, v, _ = _edge_arrays(G, nodes)

    def group_counts(labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        lu, lv = labels[u], labels[v]
        same = lu == lv
        internal = np.bincount(lu[same], minlength=k)
        external = np.bincount(lu[~same], minlength=k)
        if not directed:
            external = external + np.bincount(lv[~same], minlength=k)
        return internal, external

    internal_g, external_g = group_counts(codes)
    ei_g = _ei(external_g, internal_g)
    net_internal = int(internal_g.sum())
    net_external = len(u) - net_internal
    ei_net = float(_ei(np.array([net_external]), np.array([net_internal]))[0])
    sizes = np.bincount(codes, minlength=k).astype(float)
    expected_net = 1 - 2 * float((sizes * (sizes - 1)).sum()) / (n * (n - 1)) if n >= 2 else np.nan

    n_used, exact = 0, True
    expected_g = np.full(k, np.nan)
    p_g = np.full(k, np.nan)
    p_net = np.nan
    if k > 0:
        if raw_null is None:
            labelings, n_used, exact = _labelings(codes, n_permutations, seed)
            raw = null_blocks(u, v, None, k, labelings, n_used)
        else:
            raw, n_used, exact = raw_null
        # internal: the diagonal; external: arcs out of the group (undirected: ties with one
        # end in it, counted from either side)
        diagonal = np.arange(k)
        i_r = raw[:, diagonal, diagonal]
        e_r = raw.sum(axis=2) - i_r
        if not directed:
            e_r = e_r + raw.sum(axis=1) - i_r
        null_g = _ei(e_r, i_r)
        i_total = i_r.sum(axis=1)
        null_net = _ei(len(u) - i_total, i_total)
        valid_g = ~np.isnan(null_g)
        with np.errstate(invalid="ignore"):
            counts = valid_g.sum(axis=0)
            expected_g = np.where(
                counts > 0, np.nansum(null_g, axis=0) / np.maximum(counts, 1), np.nan
            )
        p_g = _two_sided(null_g, ei_g, expected_g, exact=exact)
        p_net = float(
            _two_sided(
                null_net[:, None], np.array([ei_net]), np.array([expected_net]), exact=exact
            )[0]
        )

    # actor level: neighbours (successors) inside / outside the own group
    adjacency = G.succ if directed else G.adj
    position = {node: i for i, node in enumerate(nodes)}
    actor_internal = np.zeros(n, dtype=np.int64)
    actor_external = np.zeros(n, dtype=np.int64)
    for i, node in enumerate(nodes):
        for other in adjacency[node]:
            if other == node:
                continue
            if codes[position[other]] == codes[i]:
                actor_internal[i] += 1
            else:
                actor_external[i] += 1
    ei_a = _ei(actor_external, actor_internal)
    with np.errstate(invalid="ignore", divide="ignore"):
        expected_a = 1 - 2 * (sizes[codes] - 1) / (n - 1) if n >= 2 else np.full(n, np.nan)
    expected_a = np.where(np.isnan(ei_a), np.nan, expected_a)

    rows = pd.DataFrame(
        {
            "level": ["network"] + ["group"] * k + ["actor"] * n,
            "unit": pd.Series([None, *groups, *nodes], dtype=object),
            "group": pd.Series([None, *groups, *(groups[c] for c in codes)], dtype=object),
            "internal": np.concatenate([[net_internal], internal_g, actor_internal]).astype(
                np.int64
            ),
            "external": np.concatenate([[net_external], external_g, actor_external]).astype(
                np.int64
            ),
            "ei": np.concatenate([[ei_net], ei_g, ei_a]),
            "expected_ei": np.concatenate([[expected_net], expected_g, expected_a]),
            "p_value": np.concatenate([[p_net], p_g, np.full(n, np.nan)]),
        }
    )
    rows.attrs = {
        "group": group,
        "n_permutations": n_used,
        "exact": exact,
        "seed": seed if isinstance(seed, int | None) else "Generator",
    }
    return rows


def _gaps_and_ei(
    G: nx.Graph,
    *,
    group: str = "sector",
    n_permutations: int = 1000,
    seed: int | None = 0,
    alpha: float = 0.05,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`sector_gaps` and :func:`ei_index` (unweighted) from one pass over the labelings.

    Both functions draw the same labelings for the same ``seed`` (``numpy`` permutations of
    the same group codes), so their nulls share the block matrices; the tables are identical
    to two separate calls. A ``numpy.random.Generator`` as seed is consumed by each call in
    turn, so then the two are computed separately, as before.
    """
    check_graph(G, multigraph=False)
    n_permutations = _check_count(n_permutations, "n_permutations", 1)
    if not isinstance(seed, int | None):
        return (
            sector_gaps(G, group=group, n_permutations=n_permutations, seed=seed, alpha=alpha),
            ei_index(G, group=group, n_permutations=n_permutations, seed=seed),
        )
    nodes = list(G.nodes)
    codes, groups = group_codes(G, group)
    shared = None
    if groups:
        u, v, _ = _edge_arrays(G, nodes)
        labelings, n_used, exact = _labelings(codes, n_permutations, seed)
        shared = (null_blocks(u, v, None, len(groups), labelings, n_used), n_used, exact)
    gaps = _sector_gaps(G, group, n_permutations, seed, None, alpha, shared)
    ei = _ei_index(G, group, n_permutations, seed, shared)
    return gaps, ei


def _two_sided(
    null: np.ndarray, observed: np.ndarray, centre: np.ndarray, *, exact: bool
) -> np.ndarray:
    """Two-sided permutation p-values: distance from ``centre`` at least the observed one."""
    valid = ~np.isnan(null)
    distance = np.abs(null - centre)
    observed_distance = np.abs(observed - centre)
    p = _tail_p(
        np.where(valid, distance, -np.inf), observed_distance, exact=exact, upper=True, valid=valid
    )
    return np.where(np.isnan(observed), np.nan, p)
