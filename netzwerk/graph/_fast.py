"""The fast edge fill: the one place netzwerk writes into networkx's internal adjacency dicts.

networkx documents its graphs as dicts of dicts (``G.adj[u][v]`` is the edge's attribute dict),
but the public way to add millions of edges, ``add_edges_from``, creates and fills a second
dict per edge. :func:`fill_edges_fast` fills the adjacency dicts directly, node by node, which is
several times faster on the 10,000-actor benchmark. It relies on networkx internals:

* ``G._adj`` (``nx.Graph``) and ``G._succ``/``G._pred`` (``nx.DiGraph``) are the plain dicts
  behind ``G.adj``, ``G.succ`` and ``G.pred``, one inner dict per node, created by ``add_node``;
* an undirected edge is one attribute dict stored under both ``G._adj[u][v]`` and
  ``G._adj[v][u]``, a directed one under ``G._succ[u][v]`` and ``G._pred[v][u]``;
* nothing else (no edge counter) needs updating, except the conversion cache
  ``G.__networkx_cache__`` (networkx >= 3.3), which is cleared.

``tests/test_fast_fill.py`` builds the same graphs with the public ``add_edges_from`` and
fails, naming the installed networkx version, when one of these stops holding. A cheap guard
here checks the structure before filling (and falls back to ``add_edges_from`` with a warning
if it is not there) and that the public views show the first edge afterwards.
"""

from __future__ import annotations

import contextlib
import gc
import warnings
from collections.abc import Iterator
from typing import Any

import networkx as nx
import numpy as np

__all__ = ["fill_edges_fast", "gc_paused"]


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of attribute dicts are created.

    The dicts hold no reference cycles, but each allocation counts towards the collector's
    thresholds, and the repeated full collections over the growing graph took most of the time
    (about 3.5x slower on the 10,000-actor benchmark). The previous state is restored.

    See Also
    --------
    fill_edges_fast : Called inside this context by the graph constructors.

    Examples
    --------
    >>> import gc
    >>> with gc_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _layout_holds(G: nx.Graph) -> bool:
    """Whether ``G`` has the internal dicts the fill writes into (a cheap structural check)."""
    adj = getattr(G, "_adj", None)
    if type(adj) is not dict or len(adj) != G.number_of_nodes():
        return False
    if adj and type(next(iter(adj.values()))) is not dict:
        return False
    if G.is_directed():
        pred = getattr(G, "_pred", None)
        return getattr(G, "_succ", None) is adj and type(pred) is dict and len(pred) == len(adj)
    return True


def fill_edges_fast(
    G: nx.Graph, u: np.ndarray, v: np.ndarray, names: list[str], data: list[dict[str, Any]]
) -> None:
    """Add the edges ``names[u[i]] - names[v[i]]`` with attribute dicts ``data[i]`` to ``G``.

    The result equals ``G.add_edges_from((names[a], names[b], d) for a, b, d in zip(u, v,
    data))``: the same nodes, edges and attributes (``data[i]`` itself becomes the edge's
    attribute dict, not a copy). The order of the adjacency dicts is that of ``add_edges_from``
    for a ``DiGraph``; for a ``Graph`` each node lists first the neighbours it has as ``u``,
    then those it has as ``v``, each in input order (as the successors of a ``DiGraph`` given
    every edge in both directions, forwards first). ``G.edges()`` lists the edges in the same
    order as after ``add_edges_from`` when the pairs come sorted with ``u < v``, as the graph
    constructors give them.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        A graph of exactly this type (no subclass) that already holds every node of ``names``
        and no edge. Filled in place.
    u, v : numpy.ndarray
        Integer positions in ``names`` of each edge's ends; each pair occurs once (for a
        ``Graph`` in one orientation only).
    names : list of str
        The node of each position.
    data : list of dict
        The attribute dict of each edge.

    Raises
    ------
    TypeError
        If ``G`` is not a fresh ``nx.Graph`` or ``nx.DiGraph`` without edges.
    RuntimeError
        If the public view ``G.adj`` does not show the edges written (a networkx whose
        internals changed).

    Warns
    -----
    RuntimeWarning
        If the installed networkx lacks the internal dicts; the edges are then added with
        ``add_edges_from`` (the same graph, slower).

    See Also
    --------
    gc_paused : Pause the garbage collector while the attribute dicts are made.
    networkx.Graph.add_edges_from : The public equivalent.

    Notes
    -----
    Several times faster than ``add_edges_from``, which creates and fills a second dict per
    edge; the test ``tests/test_fast_fill.py`` pins the equivalence for the installed networkx.

    Examples
    --------
    >>> import networkx as nx
    >>> import numpy as np
    >>> G = nx.Graph()
    >>> G.add_nodes_from(["a", "b", "c"])
    >>> fill_edges_fast(G, np.array([0, 0]), np.array([1, 2]), ["a", "b", "c"],
    ...                 [{"weight": 2.0}, {"weight": 0.5}])
    >>> sorted(G.edges(data="weight")), list(G["a"])
    ([('a', 'b', 2.0), ('a', 'c', 0.5)], ['b', 'c'])
    """
    if G.number_of_edges() or type(G) not in (nx.Graph, nx.DiGraph):
        raise TypeError("fill_edges_fast needs a fresh nx.Graph or nx.DiGraph without edges")
    if len(data) == 0:
        return
    if not _layout_holds(G):
        warnings.warn(
            f"networkx {nx.__version__} does not keep the adjacency dicts netzwerk's fast edge "
            "fill expects; using add_edges_from (the same graph, slower)",
            RuntimeWarning,
            stacklevel=2,
        )
        G.add_edges_from(
            (names[a], names[b], d) for a, b, d in zip(u.tolist(), v.tolist(), data, strict=True)
        )
        return
    n = len(names)
    name_array = np.empty(n, dtype=object)
    name_array[:] = names
    data_array = np.empty(len(data), dtype=object)
    data_array[:] = data
    if G.is_directed():
        sides = [(G._succ, u, v), (G._pred, v, u)]
    else:
        sides = [(G._adj, u, v), (G._adj, v, u)]
    for adjacency, first, second in sides:
        if len(first) > 1 and np.all(first[1:] >= first[:-1]):
            order = np.arange(len(first))  # already grouped by first node (sorted pair keys)
        else:
            order = np.argsort(first, kind="stable")
        bounds = np.searchsorted(first[order], np.arange(n + 1)).tolist()
        other = name_array[second[order]].tolist()
        dicts = data_array[order].tolist()
        for k in range(n):
            lo, hi = bounds[k], bounds[k + 1]
            if lo < hi:
                adjacency[names[k]].update(zip(other[lo:hi], dicts[lo:hi], strict=True))
    cache = getattr(G, "__networkx_cache__", None)
    if cache:
        cache.clear()
    first, second = names[int(u[0])], names[int(v[0])]
    if second not in G.adj[first] or first not in (G.pred if G.is_directed() else G.adj)[second]:
        raise RuntimeError(
            f"fill_edges_fast: networkx {nx.__version__} does not show the edges written into "
            "its adjacency dicts (its internals changed); see tests/test_fast_fill.py"
        )
