"""Node positions: the seeded Fruchterman–Reingold layout (igraph) that figures and the map share."""

from __future__ import annotations

from typing import Any

import networkx as nx
import numpy as np

from netzwerk._rng import igraph_seeded, rng
from netzwerk.plot._style import _is_missing


def _layout(G: nx.Graph, seed: int, *, weight: str | None = "weight") -> dict[Any, np.ndarray]:
    """Seeded Fruchterman–Reingold layout (igraph), centred and scaled to [-1, 1].

    500 iterations; above 1,000 nodes 250 iterations with igraph's grid approximation of the
    repulsion, which keeps a 10,000-node layout to a few seconds. The grid's cells have
    igraph's natural size, so there the start positions are spread over ``±sqrt(n)``: started
    in ``[-1, 1]``, every node fell into one cell and 10,000 nodes took two minutes.
    """
    import igraph as ig

    nodes = list(G.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: np.zeros(2)}
    index = {node: i for i, node in enumerate(nodes)}
    edges, weights = [], []
    for u, v, data in G.edges(data=True):
        if u == v:
            continue
        edges.append((index[u], index[v]))
        w = data.get(weight, 1.0) if weight else 1.0
        weights.append(float(w) if not _is_missing(w) and float(w) > 0 else 1.0)
    g = ig.Graph(n=n, edges=edges, directed=False)
    grid = n > 1000
    spread = float(np.sqrt(n)) if grid else 1.0
    start = (rng(seed).uniform(-1.0, 1.0, size=(n, 2)) * spread).tolist()
    # igraph draws from a process-wide generator: lend it a seeded one, then give back its own
    with igraph_seeded(seed):
        coords = np.asarray(
            g.layout_fruchterman_reingold(
                weights=weights if edges else None,
                seed=start,
                niter=250 if grid else 500,
                grid=grid,
            ).coords,
            dtype=float,
        )
    coords -= coords.mean(axis=0)
    span = np.abs(coords).max()
    if span > 0:
        coords /= span
    return {node: coords[i] for i, node in enumerate(nodes)}


def network_layout(
    G: nx.Graph, *, seed: int = 0, weight: str | None = "weight"
) -> dict[Any, np.ndarray]:
    """The seeded node positions that :func:`plot_network` and :func:`network_map` draw.

    Both compute this layout when they get no ``pos``; a report that draws both passes the
    result of one call to each, so the layout (about 1.5 s at 1,000 actors) is computed once.

    Parameters
    ----------
    G : networkx.Graph
        The graph (tie ``weight`` pulls nodes together).
    seed : int, default 0
        Seed of the layout; the same seed gives the same positions.
    weight : str or None, default "weight"
        Edge attribute that pulls actors together (missing or non-positive values count 1);
        None treats every tie alike.

    Returns
    -------
    dict
        Node → array ``[x, y]`` in [-1, 1] (Fruchterman–Reingold, igraph).

    See Also
    --------
    plot_network
        Draws these positions.
    network_map
        The interactive map on the same positions.

    Examples
    --------
    >>> G = nx.path_graph(3)
    >>> pos = network_layout(G, seed=1)
    >>> sorted(pos) == [0, 1, 2] and all(abs(c) <= 1 for xy in pos.values() for c in xy)
    True
    """
    return _layout(G, seed, weight=weight)
