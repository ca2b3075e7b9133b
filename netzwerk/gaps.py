"""Gaps: sector block densities and E-I index against a permutation null, missing ties, needs.

Where does the network fail the people it serves? This module answers with tables:

* :func:`sector_gaps` — tie counts between every pair of groups (sectors) against a node-label
  permutation null, with a Benjamini–Hochberg-corrected ``gap`` flag;
* :func:`ei_index` — Krackhardt & Stern's E-I index for the network, each group and each actor;
* :func:`missing_ties` — cross-sector pairs without a tie that share partners (triadic closure);
* :func:`unmet_needs` — the need cards of a Ressourcenbörse, matched with the offer cards;
* :func:`field_coverage` — referrals per Handlungsfeld and sector, and the fields that no referral
  path from the entry actors reaches;
* :func:`suggest_ties` — ranked cooperation suggestions with a one-line German reason;
* :func:`broker_stability` — how much of a broker ranking survives resampling the events;
* :func:`broker_robustness` — which broker findings survive other event and role weightings.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from netzwerk._closure import shared_partners, string_ranks
from netzwerk._nulls import null_blocks
from netzwerk._robustness import broker_robustness

if TYPE_CHECKING:
    from netzwerk.io import City

__all__ = [
    "ENTRY_SECTORS",
    "TEXT_THRESHOLD",
    "broker_robustness",
    "broker_stability",
    "ei_index",
    "field_coverage",
    "missing_ties",
    "sector_gaps",
    "suggest_ties",
    "text_similarity",
    "unmet_needs",
]

# ---------------------------------------------------------------------------------------------
# shared helpers: group labels, edge arrays, labelings of the permutation null
# ---------------------------------------------------------------------------------------------


def _check_graph(G: Any, name: str = "G") -> None:
    if not isinstance(G, nx.Graph):
        raise TypeError(f"{name} must be a networkx Graph or DiGraph, got {type(G).__name__}")
    if G.is_multigraph():
        raise TypeError(
            f"{name} is a {type(G).__name__}; expected a simple Graph or DiGraph "
            "(collapse parallel edges first, e.g. nx.Graph(G))"
        )


def _check_count(value: Any, name: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value!r}")
    return int(value)


def _check_alpha(alpha: Any) -> float:
    if isinstance(alpha, bool) or not isinstance(alpha, int | float) or not 0 < alpha < 1:
        raise ValueError(f"alpha must be a number between 0 and 1 (exclusive), got {alpha!r}")
    return float(alpha)


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def _group_codes(G: nx.Graph, group: str) -> tuple[list[Any], np.ndarray, list[Any]]:
    """Nodes, their integer group codes and the sorted group labels."""
    nodes = list(G.nodes)
    values = []
    for node in nodes:
        value = G.nodes[node].get(group)
        if _is_missing(value):
            raise ValueError(
                f"node {node!r} has no value for group attribute {group!r}; "
                "every node needs one (e.g. its sector)"
            )
        values.append(value)
    groups = sorted(set(values), key=str)
    index = {g: i for i, g in enumerate(groups)}
    codes = np.fromiter((index[v] for v in values), dtype=np.int64, count=len(values))
    return nodes, codes, groups


def _edge_arrays(
    G: nx.Graph, nodes: list[Any], weight: str | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Endpoint index arrays (self-loops dropped) and, if ``weight`` is given, edge weights."""
    position = {node: i for i, node in enumerate(nodes)}
    u, v, w = [], [], []
    for a, b, data in G.edges(data=True):
        if a == b:
            continue
        u.append(position[a])
        v.append(position[b])
        if weight is not None:
            value = data.get(weight, 1)
            if _is_missing(value):
                raise ValueError(f"edge ({a!r}, {b!r}) has a missing {weight!r}; expected a number")
            w.append(float(value))
    ua = np.asarray(u, dtype=np.int64)
    va = np.asarray(v, dtype=np.int64)
    return ua, va, (np.asarray(w, dtype=float) if weight is not None else None)


def _frame(records: list[tuple[Any, ...]], columns: list[str]) -> pd.DataFrame:
    """A DataFrame from row tuples, text columns kept as ``object`` (None stays None)."""
    data = {}
    for j, name in enumerate(columns):
        values = [r[j] for r in records]
        if values and all(isinstance(x, bool | np.bool_) for x in values):
            data[name] = pd.Series(values, dtype=bool)
        elif values and all(
            isinstance(x, int | float | np.number) and not isinstance(x, bool) for x in values
        ):
            data[name] = pd.Series(values)
        else:
            data[name] = pd.Series(values, dtype=object)
    return pd.DataFrame(data, columns=columns)


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
    seed: int | np.random.Generator | None = 0,
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
    seed : int or numpy.random.Generator, default 0
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
    _check_graph(G)
    n_permutations = _check_count(n_permutations, "n_permutations", 1)
    alpha = _check_alpha(alpha)
    directed = G.is_directed()
    nodes, codes, groups = _group_codes(G, group)
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
    seed: int | np.random.Generator | None = 0,
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
    seed : int or numpy.random.Generator, default 0
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
    _check_graph(G)
    n_permutations = _check_count(n_permutations, "n_permutations", 1)
    directed = G.is_directed()
    nodes, codes, groups = _group_codes(G, group)
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
    _check_graph(G)
    n_permutations = _check_count(n_permutations, "n_permutations", 1)
    if not isinstance(seed, int | None):
        return (
            sector_gaps(G, group=group, n_permutations=n_permutations, seed=seed, alpha=alpha),
            ei_index(G, group=group, n_permutations=n_permutations, seed=seed),
        )
    nodes, codes, groups = _group_codes(G, group)
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


# ---------------------------------------------------------------------------------------------
# missing_ties
# ---------------------------------------------------------------------------------------------


def missing_ties(G: nx.Graph, *, group: str = "sector", min_common: int = 2) -> pd.DataFrame:
    r"""Cross-group pairs without a tie that share partners (triadic-closure opportunities).

    Two actors of different groups who both cooperate with the same partners, but not with each
    other, are the cheapest tie to add: they already meet through a third. Pairs are ranked by
    the number of shared partners, then by their Jaccard similarity

    .. math::

        J(u, v) = \frac{|N(u) \cap N(v)|}{|N(u) \cup N(v)|}.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        The cooperation graph (a directed graph is read as undirected: a tie in either
        direction counts). Not modified; self-loops are ignored.
    group : str, default "sector"
        Node attribute that defines the groups; only pairs from different groups are listed.
    min_common : int, default 2
        Smallest number of shared partners for a pair to be listed.

    Returns
    -------
    pandas.DataFrame
        One row per pair, best first: ``rank`` (1, 2, ...), ``actor_a``, ``actor_b`` (sorted
        as strings within the pair), ``group_a``, ``group_b``, ``n_common``, ``jaccard``,
        ``common`` (tuple of the shared partners' ids, sorted), ``common_names`` (their
        ``name`` attributes, or ids, joined with ``"; "``). Empty when no pair qualifies.

    Raises
    ------
    TypeError
        If ``G`` is not a simple networkx graph or ``min_common`` is not an integer.
    ValueError
        If a node lacks the ``group`` attribute or ``min_common < 1``.

    References
    ----------
    .. [1] Granovetter, M. (1973). The strength of weak ties. *American Journal of Sociology*
       78(6), 1360–1380 (the forbidden triad).
    .. [2] Liben-Nowell, D. & Kleinberg, J. (2007). The link-prediction problem for social
       networks. *JASIST* 58(7), 1019–1031.

    Examples
    --------
    The Jobcenter ``jc`` and the welfare association ``awo`` both work with ``stadt`` and
    ``mso``, but not with each other: 2 shared partners out of 2, Jaccard 1.

    >>> import networkx as nx
    >>> G = nx.Graph([("jc", "stadt"), ("jc", "mso"), ("awo", "stadt"), ("awo", "mso")])
    >>> nx.set_node_attributes(G, {"jc": "arbeitsmarkt", "awo": "wohlfahrt",
    ...     "stadt": "verwaltung", "mso": "mso"}, "sector")
    >>> t = missing_ties(G)
    >>> t[["actor_a", "actor_b", "n_common", "jaccard"]]
      actor_a actor_b  n_common  jaccard
    0     awo      jc         2      1.0
    1     mso   stadt         2      1.0
    >>> t.loc[0, "common"]
    ('mso', 'stadt')

    (``mso`` and ``stadt`` likewise share ``awo`` and ``jc``.)
    """
    _check_graph(G)
    min_common = _check_count(min_common, "min_common", 1)
    nodes, codes, _groups = _group_codes(G, group)
    groups = _groups
    columns = [
        "rank",
        "actor_a",
        "actor_b",
        "group_a",
        "group_b",
        "n_common",
        "jaccard",
        "common",
        "common_names",
    ]
    n = len(nodes)
    u, v, _ = _edge_arrays(G, nodes)
    if n == 0 or len(u) == 0:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    A = sp.coo_matrix((np.ones(len(u)), (u, v)), shape=(n, n)).tocsr()
    A = ((A + A.T) > 0).astype(np.int64)
    common = sp.triu(A @ A, k=1).tocoo()
    keep = common.data >= min_common
    rows, cols, counts = common.row[keep], common.col[keep], common.data[keep]
    adjacent = np.asarray(A[rows, cols]).ravel() > 0 if len(rows) else np.zeros(0, dtype=bool)
    keep = ~adjacent & (codes[rows] != codes[cols])
    rows, cols, counts = rows[keep], cols[keep], counts[keep]
    if len(rows) == 0:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    degree = np.asarray(A.sum(axis=1)).ravel()
    jaccard = counts / (degree[rows] + degree[cols] - counts)
    # the pairs as the table shows them: actor_a before actor_b as strings, then the rows
    # best first (ties in the order of the pair enumeration), partners sorted as strings
    rank = string_ranks(nodes)
    swap = rank[cols] < rank[rows]
    first = np.where(swap, cols, rows)
    second = np.where(swap, rows, cols)
    order = np.lexsort(
        (np.arange(len(rows)), rank[second], rank[first], -jaccard, -counts.astype(np.int64))
    )
    first, second = first[order], second[order]
    counts, jaccard = counts[order], jaccard[order]
    partners, offsets = shared_partners(A, first, second, rank)
    node_array = np.empty(n, dtype=object)
    node_array[:] = nodes
    labels = node_array[partners].tolist()
    shown = np.array([str(G.nodes[x].get("name") or x) for x in nodes], dtype=object)
    shown_flat = shown[partners].tolist()
    bounds = offsets.tolist()
    out = pd.DataFrame(
        {
            "actor_a": [nodes[i] for i in first.tolist()],
            "actor_b": [nodes[j] for j in second.tolist()],
            "group_a": [groups[c] for c in codes[first].tolist()],
            "group_b": [groups[c] for c in codes[second].tolist()],
            "n_common": counts.astype(np.int64),
            "jaccard": jaccard.astype(float),
            "common": pd.Series(
                [tuple(labels[s:e]) for s, e in zip(bounds[:-1], bounds[1:], strict=True)],
                dtype=object,
            ),
            "common_names": [
                "; ".join(shown_flat[s:e]) for s, e in zip(bounds[:-1], bounds[1:], strict=True)
            ],
        }
    )
    out.insert(0, "rank", np.arange(1, len(out) + 1))
    out.attrs = {"group": group, "min_common": min_common}
    return out


# ---------------------------------------------------------------------------------------------
# Ressourcenbörse: matching need cards with offer cards
# ---------------------------------------------------------------------------------------------

#: Cosine similarity of the card texts (TF-IDF of character 3- to 5-grams) from which a need and
#: an offer of different topics still match.
TEXT_THRESHOLD = 0.3

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_STOPWORDS = frozenset(
    """aber als am an auch auf aus bei bei bis bzw das dass dem den der des die dir du ein eine
    einem einen einer eines es etc fuer gibt hat ich ihr im in ist ja kann mit nach nicht noch
    oder sich sie sind so suche suchen ueber um und uns unter vom von vor was wer wie wir z zu
    zum zur biete bieten""".split()
    # words that stand on almost every card of a Börse and say nothing about what is meant
    + "unterstuetzung bereich bereichen themen".split()
)


def _words(text: str) -> list[str]:
    """Lower-case words of a German card text: umlauts folded, hyphenation and stop words gone."""
    text = unicodedata.normalize("NFC", str(text)).lower().translate(_FOLD)
    text = re.sub(r"(\w)-\s+(\w)", r"\1\2", text)  # "Sprach- mittlung" -> "Sprachmittlung"
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return [w for w in re.findall(r"[a-z0-9]+", text) if len(w) > 1 and w not in _STOPWORDS]


def _char_ngrams(text: str, sizes: tuple[int, ...] = (3, 4, 5)) -> list[str]:
    grams = []
    for word in _words(text):
        padded = f" {word} "
        for size in sizes:
            grams.extend(padded[i : i + size] for i in range(max(1, len(padded) - size + 1)))
    return grams


def text_similarity(texts: Sequence[str]) -> np.ndarray:
    r"""Pairwise cosine similarity of German short texts (TF-IDF of character n-grams).

    Each text is lower-cased, umlauts are folded (ä → ae, ß → ss), words broken by a hyphen and
    a line break are joined, and German stop words and card boilerplate ("Unterstützung",
    "Bereich") are dropped. Every remaining word, padded with a
    space on each side, is cut into character 3-, 4- and 5-grams, so that "Sprachmittler" and
    "Sprachmittlung" share most of their grams. With :math:`\mathrm{tf}` the count of gram
    :math:`t` in text :math:`d`, :math:`N` texts and :math:`\mathrm{df}_t` texts containing
    :math:`t`,

    .. math::

        x_{dt} = (1 + \ln \mathrm{tf}_{dt}) \left(1 + \ln \frac{1 + N}{1 + \mathrm{df}_t}\right),
        \qquad s(d, e) = \frac{x_d \cdot x_e}{\lVert x_d \rVert \, \lVert x_e \rVert}.

    Parameters
    ----------
    texts : sequence of str
        The texts; the IDF weights are estimated from them.

    Returns
    -------
    numpy.ndarray
        Symmetric ``len(texts) × len(texts)`` matrix in [0, 1], 1 on the diagonal except for
        texts without words (row of zeros).

    References
    ----------
    .. [1] Manning, C. D., Raghavan, P. & Schütze, H. (2008). *Introduction to Information
       Retrieval*, ch. 6 (tf-idf, cosine) and 3.2.2 (character n-grams).

    Examples
    --------
    >>> s = text_similarity(["Sprachmittler für Arabisch", "Sprachmittlung Arabisch",
    ...                      "Räume für Treffen"])
    >>> bool(s[0, 1] > 0.5), bool(s[0, 2] < 0.1)
    (True, True)
    """
    grams = [_char_ngrams(t) for t in texts]
    vocabulary: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for d, doc in enumerate(grams):
        counts: dict[int, int] = {}
        for g in doc:
            j = vocabulary.setdefault(g, len(vocabulary))
            counts[j] = counts.get(j, 0) + 1
        for j, c in counts.items():
            rows.append(d)
            cols.append(j)
            vals.append(1.0 + math.log(c))
    n = len(texts)
    X = sp.csr_matrix((vals, (rows, cols)), shape=(n, max(len(vocabulary), 1)))
    df = np.bincount(np.asarray(cols, dtype=np.int64), minlength=X.shape[1])
    idf = 1.0 + np.log((1.0 + n) / (1.0 + df))
    X = X.multiply(idf[None, :]).tocsr()
    norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
    X = sp.diags(np.where(norms > 0, 1.0 / np.where(norms > 0, norms, 1.0), 0.0)) @ X
    return np.clip((X @ X.T).toarray(), 0.0, 1.0)


def _resource_matches(city: City, threshold: float) -> pd.DataFrame:
    """One row per (need, offer) that match, with how they match and the text similarity."""
    columns = ["need", "offer", "need_actor", "offer_actor", "topic", "by", "similarity"]
    cards = city.resources.reset_index(drop=True)
    if cards.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    similarity = text_similarity([str(t) if not _is_missing(t) else "" for t in cards["text"]])
    kind = cards["kind"].astype(object).to_numpy()
    topic = cards["topic"].astype(object).to_numpy()
    actor = [None if _is_missing(a) else str(a) for a in cards["actor_id"].astype(object)]
    ids = cards["resource_id"].astype(object).to_numpy()
    needs = np.flatnonzero(kind == "need")
    offers = np.flatnonzero(kind == "offer")
    records = []
    for i in needs:
        for j in offers:
            if actor[i] is not None and actor[i] == actor[j]:
                continue  # an actor does not meet its own need
            same_topic = topic[i] == topic[j] and topic[i] != "sonstiges"
            score = float(similarity[i, j])
            if same_topic or score >= threshold:
                by = "topic" if same_topic else "text"
                records.append((ids[i], ids[j], actor[i], actor[j], topic[j], by, score))
    if not records:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    return _frame(records, columns)


def _node_for(actor_id: str | None, G: nx.Graph, parents: dict[str, str | None]) -> Any:
    """The node of ``G`` that stands for ``actor_id`` (itself, or its organisation if collapsed)."""
    seen = set()
    while actor_id is not None and actor_id not in seen:
        if actor_id in G:
            return actor_id
        seen.add(actor_id)
        actor_id = parents.get(actor_id)
    return None


def _parents(city: City) -> dict[str, str | None]:
    return {
        str(a): (None if _is_missing(p) else str(p))
        for a, p in zip(
            city.actors["actor_id"].astype(object),
            city.actors["parent_id"].astype(object),
            strict=True,
        )
    }


def _default_graph(city: City) -> nx.Graph:
    from netzwerk.graph import cooperation_graph

    return cooperation_graph(city)


def unmet_needs(
    city: City, G: nx.Graph | None = None, *, threshold: float = TEXT_THRESHOLD
) -> pd.DataFrame:
    r"""Need cards of the Ressourcenbörse, their matching offers, and whether the two actors meet.

    A need card and an offer card match when they carry the same topic of the ``topics``
    vocabulary (except ``sonstiges``), or else when their texts are similar: cosine similarity
    of TF-IDF character n-gram vectors (:func:`text_similarity`) of at least ``threshold``. An
    offer by the same actor as the need does not count. Each need then gets a status:

    ``unmet``
        No offer card matches: nobody at the Börse offers it.
    ``unconnected``
        An offer matches, but the need's actor has no tie in ``G`` to any actor of a matching
        offer (also when every matching offer is anonymous). An *anonymous* need (no
        ``actor_id``) with a matching offer is always ``unconnected``: a tie to an unnamed
        card cannot be seen; the column ``anonymous`` marks these cards.
    ``connected``
        The need's actor already has a tie to the actor of a matching offer.

    Parameters
    ----------
    city : City
        The city; its ``resources`` table holds the cards.
    G : networkx.Graph, optional
        The cooperation graph that defines a tie; default
        :func:`netzwerk.graph.cooperation_graph` of the city. If its nodes are organisations
        (``collapse="organisation"``), a department's card counts for its organisation.
    threshold : float, default 0.3 (:data:`TEXT_THRESHOLD`)
        Smallest text similarity for a match across topics. Chosen on short German cards:
        cards about the same thing score 0.3–0.75 ("Sprachmittler für Arabisch" / "Sprachmittlung
        Arabisch, Dari" 0.72, "Kontakte zu Jugendlichen im Stadtteil" / "Angebote für Kinder und
        Jugendliche" 0.33); cards that share only a word ending ("Sprachmittlung" /
        "Vermittlung von Ehrenamtlichen") about 0.25, unrelated cards below 0.1.

    Returns
    -------
    pandas.DataFrame
        One row per need card, in table order: ``resource_id``, ``actor_id`` (None if
        anonymous), ``anonymous``, ``topic``, ``text``, ``status``, ``offers`` (tuple of the
        matching offer cards' ids, best first: same topic first, then by text similarity),
        ``offer_actors`` (tuple of their named actors), ``connected_to`` (those already tied to
        the need's actor), ``n_offers``, ``best_similarity`` (highest text similarity to any
        offer card, NaN without offers at the Börse). Empty (with these columns) when the city
        has no need cards.

    Raises
    ------
    ValueError
        If ``threshold`` is not in [0, 1].

    Notes
    -----
    A ``connected`` need may still be unmet in practice (the two actors know each other but have
    not taken the step); an ``unconnected`` one is a concrete suggestion: introduce the two.

    Examples
    --------
    ``mso`` needs interpreting; ``awo`` offers it and already works with ``mso``. An
    anonymous card looks for rooms, which nobody offers.

    >>> import pandas as pd, networkx as nx
    >>> from netzwerk.io import City
    >>> city = City.from_frames(
    ...     actors=pd.DataFrame({"actor_id": ["mso", "awo"], "name": ["MSO", "AWO"],
    ...         "sector": ["mso", "wohlfahrt"], "level": ["kommune", "kommune"]}),
    ...     resources=pd.DataFrame({"resource_id": ["n1", "n2", "o1"],
    ...         "actor_id": ["mso", "", "awo"], "attribution": ["stated"] * 3,
    ...         "kind": ["need", "need", "offer"],
    ...         "topic": ["sprachmittlung", "ressourcen", "sprachmittlung"],
    ...         "text": ["Sprachmittler Arabisch", "Räume für Treffen", "Sprachmittlung"]}))
    >>> G = nx.Graph([("mso", "awo")])
    >>> unmet_needs(city, G)[["resource_id", "actor_id", "status", "offers"]]
      resource_id actor_id     status offers
    0          n1      mso  connected  (o1,)
    1          n2     None      unmet     ()
    """
    if isinstance(threshold, bool) or not isinstance(threshold, int | float):
        raise ValueError(f"threshold must be a number in [0, 1], got {threshold!r}")
    if not 0 <= threshold <= 1:
        raise ValueError(f"threshold must be a number in [0, 1], got {threshold!r}")
    columns = [
        "resource_id", "actor_id", "anonymous", "topic", "text", "status",
        "offers", "offer_actors", "connected_to", "n_offers", "best_similarity",
    ]  # fmt: skip
    cards = city.resources.reset_index(drop=True)
    need_rows = cards[cards["kind"] == "need"]
    if need_rows.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    if G is None:
        G = _default_graph(city)
    else:
        _check_graph(G)
    parents = _parents(city)
    matches = _resource_matches(city, float(threshold))
    similarity = text_similarity([str(t) if not _is_missing(t) else "" for t in cards["text"]])
    is_offer = (cards["kind"] == "offer").to_numpy()
    records = []
    by_need = dict(tuple(matches.groupby("need", sort=False))) if len(matches) else {}
    for i, card in need_rows.iterrows():
        need_id = card["resource_id"]
        actor = None if _is_missing(card["actor_id"]) else str(card["actor_id"])
        mine = by_need.get(need_id, matches.iloc[:0])
        if len(mine):
            mine = mine.assign(_topic=(mine["by"] == "topic").astype(int)).sort_values(
                ["_topic", "similarity", "offer"], ascending=[False, False, True], kind="stable"
            )
        offers = tuple(mine["offer"]) if len(mine) else ()
        offer_actors = tuple(dict.fromkeys(a for a in mine["offer_actor"] if not _is_missing(a)))
        node = _node_for(actor, G, parents)
        connected = tuple(
            a
            for a in offer_actors
            if node is not None
            and (other := _node_for(a, G, parents)) is not None
            and other != node
            and (G.has_edge(node, other) or (G.is_directed() and G.has_edge(other, node)))
        )
        if not offers:
            status = "unmet"
        elif connected:
            status = "connected"
        else:
            status = "unconnected"
        best = float(similarity[i, is_offer].max()) if is_offer.any() else np.nan
        records.append(
            (
                need_id,
                actor,
                actor is None,
                card["topic"],
                card["text"],
                status,
                offers,
                offer_actors,
                connected,
                len(offers),
                best,
            )
        )
    out = _frame(records, columns)
    out.attrs = {"threshold": float(threshold)}
    return out


# ---------------------------------------------------------------------------------------------
# field_coverage
# ---------------------------------------------------------------------------------------------

#: Sectors whose actors are entry points for clients by default (welfare associations, MSO).
ENTRY_SECTORS: tuple[str, ...] = ("wohlfahrt", "mso")
_COUNSELLING = re.compile(r"beratung|berater|beratungsstelle|migrationsdienst", re.IGNORECASE)


def _default_entry(city: City) -> set[str]:
    actors = city.actors
    entry = set(actors.loc[actors["sector"].isin(ENTRY_SECTORS), "actor_id"].astype(str))
    names = actors["name"].astype(object).fillna("").astype(str)
    entry |= set(actors.loc[names.str.contains(_COUNSELLING).to_numpy(), "actor_id"].astype(str))
    cards = city.resources
    if len(cards):
        counselling = cards[(cards["kind"] == "offer") & (cards["topic"] == "beratung")]
        entry |= {str(a) for a in counselling["actor_id"].dropna()}
    return entry


def _resolve_entry(city: City, entry: Iterable[str] | None) -> set[str]:
    if entry is None:
        return _default_entry(city)
    if isinstance(entry, str):
        entry = [entry]
    ids = set(city.actors["actor_id"].astype(str))
    sectors = set(city.actors["sector"].dropna().astype(str))
    resolved: set[str] = set()
    for item in entry:
        item = str(item)
        if item in ids:
            resolved.add(item)
        elif item in sectors:
            resolved |= set(city.actors.loc[city.actors["sector"] == item, "actor_id"].astype(str))
        else:
            raise ValueError(
                f"entry contains {item!r}, which is neither an actor_id nor a sector of the city"
            )
    return resolved


def _fields_of(city: City) -> list[str]:
    from netzwerk.vocab import load_vocabulary

    extra = city.path / "vocabulary" if city.path is not None else None
    codes = list(load_vocabulary("fields", extra).codes)
    for f in city.referrals["field"].dropna().astype(str):
        if f not in codes:
            codes.append(f)
    return codes


def field_coverage(city: City, *, entry: Iterable[str] | None = None) -> pd.DataFrame:
    r"""Referrals per Handlungsfeld and sector, and the fields no referral path leads into.

    A client who comes to an entry actor (a counselling service, a welfare association, a
    migrant organisation) can reach field :math:`f` if a chain of referrals leads from an entry
    actor to a referral in :math:`f`:

    .. math::

        f \text{ reachable} \iff \exists\, (i \to j, f) \in \text{referrals}:\;
        i \in R, \qquad R = S \cup \{\, i : S \leadsto i \,\},

    where :math:`S` is the set of entry actors and :math:`S \leadsto i` a directed path of
    referrals of any field. A referral in :math:`f` whose sender no client can reach from
    :math:`S` does not make :math:`f` reachable.

    Parameters
    ----------
    city : City
        The city; its ``referrals`` table is used (rows from an actor to itself are ignored;
        rows without a count count as documented links with no number).
    entry : iterable of str, optional
        Entry actors: actor_ids and/or sector codes (a sector stands for all its actors; a
        string that is both is read as an actor_id). Default: the actors of the sectors
        :data:`ENTRY_SECTORS` (``wohlfahrt``, ``mso``), actors whose name contains "Beratung"
        or "Berater", and actors with an offer card of topic ``beratung``.

    Returns
    -------
    pandas.DataFrame
        One row per field (the ``fields`` vocabulary, then any other field in the referrals)
        × sector (sectors of the city's actors, sorted):

        ``field``, ``field_label``, ``sector``, ``n_actors``
            The field (code and German label), the sector and its number of actors.
        ``sent_links``, ``sent``
            Referral rows from the sector's actors in the field, and the sum of their counts.
        ``received_links``, ``received``
            The same for rows to the sector's actors.
        ``never_refers``
            True if the sector has actors and none of them refers in the field.
        ``reached``
            True if a referral in the field from a reachable actor (:math:`R`) goes to an actor
            of the sector.
        ``field_reachable``
            True if the field is reachable (definition above); the same on every row of a field.

        ``attrs["entry"]`` lists the entry actors, ``attrs["unreachable_fields"]`` the fields
        with ``field_reachable`` False, and ``attrs["unreached"]`` the (field, sector) pairs of
        reachable fields where no referral path ends at any actor of the sector (e.g. clients
        are referred in Gesundheit, but never to a migrant organisation). Without any referral
        rows every field is unreachable.

    Raises
    ------
    ValueError
        If an ``entry`` item is neither an actor_id nor a sector of the city.

    Examples
    --------
    The welfare association refers to the Jobcenter (Arbeit), which refers on to the housing
    company (Wohnen). Nobody refers in Gesundheit, so it is unreachable.

    >>> import pandas as pd
    >>> from netzwerk.io import City
    >>> city = City.from_frames(
    ...     actors=pd.DataFrame({"actor_id": ["awo", "jc", "wbg"], "name": ["AWO", "JC", "WBG"],
    ...         "sector": ["wohlfahrt", "arbeitsmarkt", "wohnen"], "level": ["kommune"] * 3}),
    ...     referrals=pd.DataFrame({"from_id": ["awo", "jc"], "to_id": ["jc", "wbg"],
    ...         "field": ["arbeit", "wohnen"], "period": ["2020", "2020"], "count": ["12", ""]}))
    >>> t = field_coverage(city)
    >>> t.loc[t.field == "arbeit", ["sector", "sent", "received", "never_refers", "reached"]]
             sector  sent  received  never_refers  reached
    3  arbeitsmarkt     0        12          True     True
    4     wohlfahrt    12         0         False    False
    5        wohnen     0         0          True    False
    >>> "gesundheit" in t.attrs["unreachable_fields"], "wohnen" in t.attrs["unreachable_fields"]
    (True, False)
    """
    from netzwerk.vocab import load_vocabulary

    starts = _resolve_entry(city, entry)
    fields = _fields_of(city)
    labels = load_vocabulary(
        "fields", city.path / "vocabulary" if city.path is not None else None
    ).labels("de")
    actors = city.actors
    sector_of = dict(
        zip(actors["actor_id"].astype(str), actors["sector"].astype(object), strict=True)
    )
    sectors = sorted({str(s) for s in actors["sector"].dropna()})
    size = actors["sector"].astype(object).value_counts()

    ref = city.referrals
    ref = ref[ref["from_id"].notna() & ref["to_id"].notna() & (ref["from_id"] != ref["to_id"])]
    frm = ref["from_id"].astype(str).to_numpy()
    to = ref["to_id"].astype(str).to_numpy()
    fld = ref["field"].astype(str).to_numpy()
    cnt = ref["count"].astype("Float64").fillna(0).to_numpy(dtype=float)

    arcs = nx.DiGraph()
    arcs.add_edges_from(zip(frm, to, strict=True))
    # one search from all entry actors at once (a search per entry actor is quadratic)
    stack = [s for s in starts if s in arcs]
    reachable = set(starts)
    while stack:
        for v in arcs.successors(stack.pop()):
            if v not in reachable:
                reachable.add(v)
                stack.append(v)
    from_reachable = pd.Series(frm).isin(reachable).to_numpy()
    sec_from = pd.Series(frm).map(sector_of).to_numpy(dtype=object)
    sec_to = pd.Series(to).map(sector_of).to_numpy(dtype=object)

    records = []
    unreachable = []
    for f in fields:
        in_f = fld == f
        field_ok = bool((in_f & from_reachable).any())
        if not field_ok:
            unreachable.append(f)
        for s in sectors:
            out_rows = in_f & (sec_from == s)
            in_rows = in_f & (sec_to == s)
            n_actors = int(size.get(s, 0))
            records.append(
                (
                    f,
                    labels.get(f, f),
                    s,
                    n_actors,
                    int(out_rows.sum()),
                    int(round(cnt[out_rows].sum())),
                    int(in_rows.sum()),
                    int(round(cnt[in_rows].sum())),
                    n_actors > 0 and not out_rows.any(),
                    bool((in_rows & from_reachable).any()),
                    field_ok,
                )
            )
    columns = [
        "field", "field_label", "sector", "n_actors", "sent_links", "sent",
        "received_links", "received", "never_refers", "reached", "field_reachable",
    ]  # fmt: skip
    out = _frame(records, columns)
    unreached = [
        (f, s)
        for f, s, n_actors, reached in zip(
            out["field"], out["sector"], out["n_actors"], out["reached"], strict=True
        )
        if n_actors > 0 and not reached and f not in unreachable
    ]
    out.attrs = {
        "entry": sorted(starts),
        "unreachable_fields": unreachable,
        "unreached": unreached,
    }
    return out


# ---------------------------------------------------------------------------------------------
# suggest_ties
# ---------------------------------------------------------------------------------------------


def suggest_ties(
    city: City,
    G: nx.Graph,
    *,
    k: int = 10,
    group: str = "sector",
    min_common: int = 2,
    threshold: float = TEXT_THRESHOLD,
    seed: int = 0,
    closure: pd.DataFrame | None = None,
    community: pd.Series | Mapping[Any, Any] | None = None,
) -> pd.DataFrame:
    r"""Ranked cooperation suggestions, each with a one-line German reason.

    Three kinds of evidence propose a pair of actors without a tie in ``G``:

    * **resource match** — one actor's need card matches the other's offer card
      (:func:`unmet_needs` rules: same topic, else text similarity ≥ ``threshold``);
    * **cross-sector closure** — the two belong to different groups and share at least
      ``min_common`` partners (:func:`missing_ties`);
    * **community bridge** — the two lie in different Leiden communities
      (:func:`netzwerk.brokers.communities`); for every pair of communities of at least two
      actors, the best-connected member of each (most ties inside its community) is proposed,
      and the pair is flagged a bridge when the two communities have at most one tie between
      them so far.

    A pair's score adds the three:

    .. math::

        s = 2\,[\text{resource match}] + \frac{c}{c_{\max}} + [\text{bridge}],

    with :math:`c` the number of shared partners and :math:`c_{\max}` its maximum over the
    candidates: a concrete need met counts most, closure is graded, a bridge counts once.

    Parameters
    ----------
    city : City
        The city (resource cards, actor names).
    G : networkx.Graph
        The cooperation graph (e.g. :func:`netzwerk.graph.cooperation_graph`). Not modified.
    k : int, default 10
        Number of suggestions.
    group : str, default "sector"
        Node attribute for the cross-group condition of the closure evidence.
    min_common : int, default 2
        Shared partners needed for closure evidence.
    threshold : float, default :data:`TEXT_THRESHOLD`
        Text similarity for resource matches across topics.
    seed : int, default 0
        Seed of the Leiden communities.
    closure : pandas.DataFrame, optional
        The table of :func:`missing_ties` ``(G, group=group, min_common=min_common)`` when the
        caller has it already (the report does); computed here otherwise.
    community : pandas.Series or mapping, optional
        Community of every node, e.g. the ``community`` column of :func:`netzwerk.brokers`
        ``(G, seed=seed)`` for an undirected ``G`` (the same Leiden call); computed here with
        :func:`netzwerk.brokers.communities` otherwise.

    Returns
    -------
    pandas.DataFrame
        At most ``k`` rows, best first: ``rank``, ``actor_a``, ``actor_b``, ``name_a``,
        ``name_b``, ``sector_a``, ``sector_b``, ``score``, ``resource_matches`` (number of
        matching need/offer card pairs, either direction), ``n_common``, ``bridge``,
        ``reason`` (German, one line). Empty when no candidate exists.

    Raises
    ------
    TypeError, ValueError
        For a graph or arguments of the wrong kind (see :func:`missing_ties`).

    Notes
    -----
    The score is a heuristic to order a short list for a meeting, not an estimate of how
    likely a tie is.

    References
    ----------
    .. [1] Burt, R. S. (2004). Structural holes and good ideas. *American Journal of Sociology*
       110(2), 349–399.
    .. [2] Liben-Nowell, D. & Kleinberg, J. (2007). The link-prediction problem for social
       networks. *JASIST* 58(7), 1019–1031.

    Examples
    --------
    ``mso`` looks for interpreters, which ``awo`` offers; they have never met.

    >>> import pandas as pd, networkx as nx
    >>> from netzwerk.io import City
    >>> city = City.from_frames(
    ...     actors=pd.DataFrame({"actor_id": ["mso", "awo", "stadt"],
    ...         "name": ["Kulturverein", "AWO", "Stadt"],
    ...         "sector": ["mso", "wohlfahrt", "verwaltung"], "level": ["kommune"] * 3}),
    ...     resources=pd.DataFrame({"resource_id": ["n1", "o1"], "actor_id": ["mso", "awo"],
    ...         "attribution": ["stated"] * 2, "kind": ["need", "offer"],
    ...         "topic": ["sprachmittlung"] * 2, "text": ["Sprachmittler", "Sprachmittlung"]}))
    >>> G = nx.Graph([("mso", "stadt"), ("awo", "stadt")])
    >>> nx.set_node_attributes(G, {"mso": "mso", "awo": "wohlfahrt", "stadt": "verwaltung"},
    ...                        "sector")
    >>> t = suggest_ties(city, G)
    >>> t.loc[0, "actor_a"], t.loc[0, "actor_b"], int(t.loc[0, "resource_matches"])
    ('awo', 'mso', 1)
    >>> print(t.loc[0, "reason"])
    AWO bietet „Sprachmittlung“ (Sprachmittlung), was Kulturverein sucht
    """
    from netzwerk.vocab import load_vocabulary

    _check_graph(G)
    k = _check_count(k, "k", 1)
    columns = [
        "rank", "actor_a", "actor_b", "name_a", "name_b", "sector_a", "sector_b",
        "score", "resource_matches", "n_common", "bridge", "reason",
    ]  # fmt: skip
    names = {
        a: str(n)
        for a, n in zip(
            city.actors["actor_id"].astype(str), city.actors["name"].astype(object), strict=True
        )
        if not _is_missing(n)
    }
    names.update({n: str(G.nodes[n]["name"]) for n in G if G.nodes[n].get("name")})
    names.update({n: str(n) for n in G if n not in names})
    topics = load_vocabulary("topics").labels("de")
    parents = _parents(city)

    def key(a: Any, b: Any) -> tuple[Any, Any]:
        return (a, b) if str(a) <= str(b) else (b, a)

    def adjacent(a: Any, b: Any) -> bool:
        return G.has_edge(a, b) or (G.is_directed() and G.has_edge(b, a))

    # evidence other than closure (few pairs): resource matches and community bridges
    evidence: dict[tuple[Any, Any], dict[str, Any]] = {}

    def entry(a: Any, b: Any) -> dict[str, Any]:
        return evidence.setdefault(
            key(a, b), {"matches": [], "n_common": 0, "common": (), "bridge": None}
        )

    # resource matches between named actors without a tie
    matches = _resource_matches(city, threshold)
    for row in matches.itertuples(index=False):
        a = _node_for(row.need_actor, G, parents)
        b = _node_for(row.offer_actor, G, parents)
        if a is None or b is None or a == b or adjacent(a, b):
            continue
        entry(a, b)["matches"].append((b, a, row.offer, row.topic))
    n_matched = len(evidence)

    # cross-group closure: one row per pair, kept as columns (there can be 10^5 pairs)
    if closure is None:
        closure = missing_ties(G, group=group, min_common=min_common)
    elif not isinstance(closure, pd.DataFrame) or not {"actor_a", "actor_b"} <= set(closure):
        raise TypeError("closure must be the table of missing_ties(G, ...) or None")
    closure_a = closure["actor_a"].tolist()
    closure_b = closure["actor_b"].tolist()
    closure_n = closure["n_common"].to_numpy(dtype=np.int64) if len(closure) else np.zeros(0, int)
    closure_row = {}
    for i, pair in enumerate(zip(closure_a, closure_b, strict=True)):
        closure_row[pair] = i
        if pair in evidence:
            evidence[pair]["n_common"] = int(closure_n[i])
            evidence[pair]["common"] = closure["common"].iat[i]

    # community bridges
    if G.number_of_edges() > 0:
        H = G.to_undirected(as_view=True) if G.is_directed() else G
        if community is None:
            from netzwerk.brokers import communities

            community_of = communities(H, seed=seed).to_dict()
        else:
            community_of = {n: community[n] for n in H}
        members: dict[int, list[Any]] = {}
        for node, c in community_of.items():
            members.setdefault(int(c), []).append(node)
        inner = {
            n: sum(1 for m in H[n] if m != n and community_of[m] == community_of[n]) for n in H
        }
        between: dict[tuple[int, int], int] = {}
        for u, v in H.edges():
            cu, cv = int(community_of[u]), int(community_of[v])
            if cu != cv:
                between[(min(cu, cv), max(cu, cv))] = between.get((min(cu, cv), max(cu, cv)), 0) + 1
        big = sorted(c for c, m in members.items() if len(m) >= 2)
        hub = {c: max(members[c], key=lambda n: (inner[n], H.degree(n), str(n))) for c in big}
        for i, ca in enumerate(big):
            for cb in big[i + 1 :]:
                ties = between.get((ca, cb), 0)
                a, b = hub[ca], hub[cb]
                if ties > 1 or adjacent(a, b):
                    continue
                pair = key(a, b)
                e = entry(a, b)
                e["bridge"] = (ca, len(members[ca]), cb, len(members[cb]), ties)
                if pair in closure_row and not e["n_common"]:
                    e["n_common"] = int(closure_n[closure_row[pair]])
                    e["common"] = closure["common"].iat[closure_row[pair]]

    if not evidence and not len(closure):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    c_max = max(
        int(closure_n.max()) if len(closure_n) else 0,
        max((e["n_common"] for e in evidence.values()), default=0),
    )
    c_max = c_max or 1

    # every candidate's score, then the reasons for the best k only; ties in the score go by
    # the two ids as strings, then by the order the evidence was found (matches, closure,
    # bridges), as a stable sort of all candidates would give
    pairs = list(evidence)
    seq = list(range(n_matched)) + [
        n_matched + closure_row[pair] if pair in closure_row else n_matched + len(closure) + i
        for i, pair in enumerate(pairs[n_matched:])
    ]
    score = [
        2.0 * (len(e["matches"]) > 0) + e["n_common"] / c_max + 1.0 * (e["bridge"] is not None)
        for e in evidence.values()
    ]
    only_closure = np.array(
        [pair not in evidence for pair in zip(closure_a, closure_b, strict=True)], dtype=bool
    )
    candidates_a = [p[0] for p in pairs] + [
        a for a, keep in zip(closure_a, only_closure, strict=True) if keep
    ]
    candidates_b = [p[1] for p in pairs] + [
        b for b, keep in zip(closure_b, only_closure, strict=True) if keep
    ]
    all_score = np.concatenate([np.asarray(score, dtype=float), closure_n[only_closure] / c_max])
    all_seq = np.concatenate(
        [np.asarray(seq, dtype=np.int64), n_matched + np.flatnonzero(only_closure)]
    )
    # string ranks of the nodes, so that a and b compare on one scale
    node_rank = dict(zip(G, string_ranks(list(G)).tolist(), strict=True))
    rank_a = np.fromiter((node_rank[x] for x in candidates_a), np.int64, len(candidates_a))
    rank_b = np.fromiter((node_rank[x] for x in candidates_b), np.int64, len(candidates_b))
    best = np.lexsort((all_seq, rank_b, rank_a, -all_score))[:k]

    records = []
    for c in best.tolist():
        a, b = candidates_a[c], candidates_b[c]
        if (a, b) in evidence:
            e = evidence[(a, b)]
        else:
            i = closure_row[(a, b)]
            e = {
                "matches": [],
                "n_common": int(closure_n[i]),
                "common": closure["common"].iat[i],
                "bridge": None,
            }
        n_matches = len(e["matches"])
        score_c = float(all_score[c])
        reasons = []
        if n_matches:
            offerer, needer, offer, topic = e["matches"][0]
            text = _card_text(city, offer)
            reasons.append(
                f"{names[offerer]} bietet „{text}“ ({topics.get(topic, topic)}), "
                f"was {names[needer]} sucht"
                + (f" (und {n_matches - 1} weitere passende Karten)" if n_matches > 1 else "")
            )
        if e["n_common"]:
            shown = ", ".join(names.get(p, str(p)) for p in e["common"][:2])
            more = " u. a." if len(e["common"]) > 2 else ""
            reasons.append(
                f"beide arbeiten mit {e['n_common']} gemeinsamen Partnern ({shown}{more}) "
                "zusammen, aber nicht miteinander"
            )
        if e["bridge"] is not None:
            ca, na, cb, nb, ties = e["bridge"]
            now = "keine Verbindung" if ties == 0 else "nur eine Verbindung"
            reasons.append(
                f"verbindet Teilnetz {ca + 1} ({na} Akteure) und Teilnetz {cb + 1} "
                f"({nb} Akteure), zwischen denen es bisher {now} gibt"
            )
        reason = "; ".join(reasons)
        records.append(
            (
                a,
                b,
                names.get(a, str(a)),
                names.get(b, str(b)),
                G.nodes[a].get(group) if a in G else None,
                G.nodes[b].get(group) if b in G else None,
                score_c,
                n_matches,
                int(e["n_common"]),
                e["bridge"] is not None,
                reason if n_matches else reason[:1].upper() + reason[1:],
            )
        )
    out = _frame(records, columns[1:])
    out = out.reset_index(drop=True)
    out.insert(0, "rank", np.arange(1, len(out) + 1))
    out.attrs = {"k": k, "group": group, "min_common": min_common, "threshold": threshold}
    return out


def _card_text(city: City, resource_id: str) -> str:
    """The text of the resource card ``resource_id`` (shortened to 60 characters).

    Examples
    --------
    >>> import pandas as pd
    >>> from netzwerk.io import City
    >>> city = City.from_frames(resources=pd.DataFrame({"resource_id": ["o1"],
    ...     "attribution": ["stated"], "kind": ["offer"], "topic": ["ressourcen"],
    ...     "text": ["Räume"]}))
    >>> _card_text(city, "o1")
    'Räume'
    """
    hit = city.resources.loc[city.resources["resource_id"] == resource_id, "text"]
    if hit.empty or _is_missing(hit.iloc[0]):
        return str(resource_id)
    text = " ".join(str(hit.iloc[0]).split())
    return text if len(text) <= 60 else text[:59] + "…"


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


def _ranks(values: pd.Series) -> pd.Series:
    """Rank 1 = highest value; tied actors share the best rank."""
    return values.rank(ascending=False, method="min")


def broker_stability(
    city: City,
    *,
    n_resamples: int = 200,
    method: str = "jackknife",
    seed: int = 0,
    drop_ties: float = 0.0,
    top: int = 10,
    group: str = "sector",
    graph_options: dict[str, Any] | None = None,
    alpha: float | None = None,
    n_jobs: int | None = None,
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
        Keyword arguments for :func:`netzwerk.graph.cooperation_graph`.
    alpha : float, optional
        Tuning parameter of the betweenness (Opsahl et al. 2010); None (default):
        :data:`netzwerk.brokers.DEFAULT_ALPHA` (0.5), as :func:`netzwerk.brokers.brokers`.
    n_jobs : int, optional
        Jackknife resamples computed at once (threads; -1: one per core). The numbers do not
        depend on it: each resample's betweenness runs in one thread.

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
        If ``method`` is unknown, ``drop_ties`` is not in [0, 1), or counts are below 1.

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
    >>> t = broker_stability(city, top=1)
    >>> float(t.loc["b", "betweenness"]), int(t.loc["b", "rank_betweenness"])
    (1.0, 1)
    >>> float(t.loc["b", "top_share_betweenness"]), bool(t.loc["b", "stable_broker"])
    (0.0, False)
    >>> t.loc["b", "depends_on"]
    ('e1', 'e2')
    """
    from scipy.stats import kendalltau

    from netzwerk.brokers import DEFAULT_ALPHA, betweenness, brokerage_roles
    from netzwerk.graph import cooperation_graph

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

    def measures(G: nx.Graph) -> pd.DataFrame:
        bw = betweenness(G, weight="weight", alpha=alpha)
        total = brokerage_roles(G, group)["total"] if G.number_of_nodes() else pd.Series()
        # no open two-path through the actor: it stands between no one (brokers' mediates)
        bw = bw.where(total.reindex(bw.index).fillna(0) > 0, 0.0)
        return pd.DataFrame({"betweenness": bw, "brokerage": total.astype(float)})

    G = cooperation_graph(city, **options)
    nodes = list(G)
    full = measures(G).reindex(nodes).fillna(0.0)
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
        from netzwerk._jackknife import jackknife_measures

        fast_b, fast_k = jackknife_measures(
            city, [str(d) for d in dropped], nodes=nodes, graph_options=options, alpha=alpha,
            n_jobs=n_jobs,
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
            values = measures(H).reindex(nodes).fillna(0.0)
        for m in kinds:
            rank = _ranks(values[m])
            ranks[m][r] = rank.to_numpy()
            in_top[m][r] = ((rank <= top) & (values[m] > 0)).to_numpy()
            chosen_top = full_top[m].to_numpy()
            if chosen_top.sum() >= 2:
                tau = kendalltau(full[m].to_numpy()[chosen_top], values[m].to_numpy()[chosen_top])
                taus[m].append(float(tau.statistic))
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
