"""Which ties the network figure draws (the backbone) and where its labels go (never overlapping).

Helpers of :func:`netzwerk.plot.plot_network`.

Backbone (top ties per node)
    Every actor keeps its ``k`` strongest ties (by ``weight``, ties between equal weights broken
    by the neighbour's id); a tie is drawn when it is among the ``k`` strongest of at least one of
    its two ends. Every actor with a tie keeps at least one, so no one is cut off by the filter,
    and hubs keep more than ``k`` (their weaker ties that are some small actor's strongest). This
    is the backbone of each node's ``k`` strongest neighbours (a k-nearest-neighbour graph on the
    tie weights); unlike a disparity filter (Serrano et al. 2009) it needs no significance level
    and keeps every actor visible.

Labels
    Labels are placed greedily, most important node first: each label tries eight positions
    around its node (right, upper right, above, …), then the same eight a little further out,
    and takes the first that stays inside the
    axes and overlaps neither an earlier label nor a labelled node's marker; a label that fits
    nowhere is left out. So labels never overlap, and there are never more than fit.

References
----------
.. [1] Serrano, M. Á., Boguñá, M., & Vespignani, A. (2009). Extracting the multiscale backbone of
   complex weighted networks. PNAS, 106(16), 6483–6488.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from typing import Any

import networkx as nx
from matplotlib.axes import Axes
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox

__all__: list[str] = []


def _weight(data: dict[str, Any], weight: str) -> float:
    w = data.get(weight, 1.0)
    try:
        w = float(w)
    except (TypeError, ValueError):
        return 1.0
    return 1.0 if math.isnan(w) else w


def backbone_edges(G: nx.Graph, k: int | None, *, weight: str = "weight") -> list[tuple]:
    """The ties of ``G`` among the ``k`` strongest of at least one end (all when ``k`` is None).

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_weighted_edges_from([("a", "b", 3), ("a", "c", 2), ("a", "d", 1), ("c", "d", 0.5)])
    >>> sorted((u, v) for u, v, _ in backbone_edges(G, 1))  # a-b for a and b, a-c for c, a-d for d
    [('a', 'b'), ('a', 'c'), ('a', 'd')]
    """
    edges = [(u, v, d) for u, v, d in G.edges(data=True) if u != v]
    if k is None:
        return edges
    keep: set[frozenset] = set()
    for node in G.nodes:
        incident = [
            (_weight(d, weight), str(nbr), nbr) for nbr, d in G[node].items() if nbr != node
        ]
        incident.sort(key=lambda t: (-t[0], t[1]))
        keep.update(frozenset((node, nbr)) for _, _, nbr in incident[:k])
    return [(u, v, d) for u, v, d in edges if frozenset((u, v)) in keep]


# eight directions, the first that fits wins: right, upper right, above, upper left, left, …
_DIRECTIONS = ((1, 0), (1, 1), (0, 1), (-1, 1), (-1, 0), (-1, -1), (0, -1), (1, -1))


def place_labels(
    ax: Axes,
    items: Sequence[tuple[Hashable, str, tuple[float, float], float]],
    *,
    fontsize: float = 8,
) -> list[Annotation]:
    """Put labels next to their nodes without any two overlapping; drop those that do not fit.

    Parameters
    ----------
    ax : Axes
        With its final limits and aspect already set (positions are computed in display space).
    items : sequence of (node, text, (x, y), marker radius in points)
        In order of importance.
    fontsize : float

    Returns
    -------
    list of matplotlib.text.Annotation
        The labels placed (in ``items`` order); ``annotation.node`` is the node.
    """
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    # an equal aspect shrinks the axes only when drawn: apply it now, or the nodes would move
    # closer together after the labels were placed (and labels then overlap)
    ax.apply_aspect()
    ax_box = ax.get_window_extent(renderer)
    px_per_pt = fig.dpi / 72.0
    to_display = ax.transData.transform
    # the markers of labelled nodes are obstacles too (a label must not hide a named node)
    obstacles: list[Bbox] = []
    for _node, _text, xy, radius in items:
        cx, cy = to_display(xy)
        r = radius * px_per_pt
        obstacles.append(Bbox.from_extents(cx - r, cy - r, cx + r, cy + r))
    placed: list[Annotation] = []
    taken: list[Bbox] = []
    pad = 1.5 * px_per_pt
    for i, (node, text, xy, radius) in enumerate(items):
        # two rings: close to the node first, then a little further out
        for gap, (dx, dy) in [(radius + g, d) for g in (2.0, 12.0) for d in _DIRECTIONS]:
            norm = math.hypot(dx, dy)
            offset = (gap * dx / norm, gap * dy / norm)
            ann = ax.annotate(
                text,
                xy,
                xytext=offset,
                textcoords="offset points",
                ha="left" if dx > 0 else ("right" if dx < 0 else "center"),
                va="bottom" if dy > 0 else ("top" if dy < 0 else "center"),
                fontsize=fontsize,
                zorder=4,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
            )
            box = ann.get_window_extent(renderer).expanded(1.0, 1.0)
            box = Bbox.from_extents(box.x0 - pad, box.y0 - pad, box.x1 + pad, box.y1 + pad)
            inside = (
                box.x0 >= ax_box.x0
                and box.x1 <= ax_box.x1
                and box.y0 >= ax_box.y0
                and box.y1 <= ax_box.y1
            )
            clash = any(box.overlaps(b) for b in taken) or any(
                box.overlaps(b) for j, b in enumerate(obstacles) if j != i
            )
            if inside and not clash:
                ann.node = node
                placed.append(ann)
                taken.append(box)
                break
            ann.remove()
    return placed
