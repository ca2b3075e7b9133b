"""Betweenness: weighted tie lengths, igraph and networkit backends, parallel jobs."""

from __future__ import annotations

import contextlib
import functools
import math
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from netzwerk._checks import check_graph
from netzwerk.brokers._common import _arcs, _index

#: The report's tuning parameter of weighted betweenness (Opsahl, Agneessens & Skvoretz 2010):
#: a tie of strength w has length 1 / w**alpha. 0.5 keeps a detour through a co-participant
#: of one event longer than the direct tie whatever the bundled role weights (1 : 0.6 : 0.3),
#: since sqrt(0.3) + sqrt(0.3) > sqrt(1); with 1/w (alpha = 1) the organiser of a meeting
#: would "stand between" participants who met directly. See :func:`betweenness`, Notes.
DEFAULT_ALPHA = 0.5

# Fewest nodes for which betweenness uses several threads or worker processes (n_jobs).
_PARALLEL_MIN_NODES = 200

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
    captured here, so that no notebook output and no report carries it. It is imported without
    seaborn (:func:`netzwerk._imports.networkit`): faster, and the process's matplotlib style
    stays as it was.
    """
    from netzwerk import _imports

    try:
        from IPython.utils.capture import capture_output
    except ImportError:  # no IPython: nothing to display to
        capture_output = contextlib.nullcontext
    try:
        with capture_output():
            return _imports.networkit()
    except ImportError:
        return None


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
    weight: str | None = "weight",
    alpha: float = 1.0,
    normalized: bool = True,
    k: int | None = None,
    seed: int = 0,
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
        a tie is ``(1 / weight) ** alpha``: strong ties are short. Default ``"weight"`` (the
        attribute of :func:`netzwerk.graph.cooperation_graph`); None: every tie has length 1.
    alpha : float, optional
        Opsahl et al.'s tuning parameter, a finite number >= 0 (default 1: length
        ``1 / weight``, as networkx with ``1 / weight`` as the distance). Ignored without
        ``weight``; ``alpha=0`` gives the unweighted values. :func:`broker_table` and the report use
        :data:`DEFAULT_ALPHA` (0.5).
    normalized : bool, optional
        Divide by the number of pairs (default True), as networkx does.
    k : int or None, optional
        Estimate from ``k`` randomly chosen source nodes instead of all (for very large graphs),
        scaled up as networkx scales it. None (default): exact.
    seed : int, default 0
        Seed for choosing the ``k`` sources; the same seed picks the same sources as networkx's
        ``betweenness_centrality(G, k, seed=seed)``. Unused without ``k``.
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

    See Also
    --------
    broker_table : betweenness beside the other broker measures, with ``mediates``.
    brokerage_exists : whether any actor lies between two actors without a direct tie.
    leading_brokers : the actors sharing the first rank among those that mediate.

    Notes
    -----
    **Defaults changed** (#16): ``weight`` was None (unweighted) and ``seed`` None before; now
    ``weight="weight"``, as everywhere in netzwerk, and ``seed=0``. For unweighted betweenness
    of a weighted graph pass ``weight=None``; a graph without the attribute gives the same
    values as before.

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
    check_graph(G)
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
