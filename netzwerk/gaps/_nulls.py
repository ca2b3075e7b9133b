"""Block counts of the label-permutation null, many labelings per NumPy call.

:func:`netzwerk.gaps.sector_gaps` and :func:`netzwerk.gaps.ei_index` score each random
labeling of the nodes by the number (or weight) of ties between every ordered pair of groups:
the :math:`k \\times k` matrix :math:`M_{gh} = \\sum_{(i,j) \\in E} [l_i = g][l_j = h]\\, w_{ij}`.
Here a batch of labelings is scored with one ``numpy.bincount`` over the edge list repeated
once per labeling (the bin of edge :math:`(i, j)` under labeling :math:`r` is
:math:`r k^2 + l^{(r)}_i k + l^{(r)}_j`), so the Python overhead is per batch, not per
labeling. Counts are exact integers; weighted sums add the same numbers in the same (edge)
order as a one-labeling ``bincount`` would, so the results are bit-identical to scoring the
labelings one at a time.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

__all__: list[str] = []

#: Edge-labelings handled per ``bincount`` call (bounds the index array to ~16 MB).
_BATCH_ENTRIES = 2_000_000


def null_blocks(
    u: np.ndarray,
    v: np.ndarray,
    w: np.ndarray | None,
    k: int,
    labelings: Iterator[np.ndarray],
    n_used: int,
) -> np.ndarray:
    """Raw block matrices, one per labeling: ``out[r, g, h]`` = ties (weight) from g to h.

    Parameters
    ----------
    u, v : numpy.ndarray
        Edge endpoints (node positions); an undirected edge appears once.
    w : numpy.ndarray, optional
        Edge weights; None counts ties.
    k : int
        Number of groups.
    labelings : iterator of numpy.ndarray
        ``n_used`` labelings (a group code per node).
    n_used : int
        How many labelings the iterator gives.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_used, k, k)``, float (counts are whole numbers).
    """
    out = np.empty((n_used, k * k))
    m = len(u)
    n = int(max(u.max(initial=-1), v.max(initial=-1))) + 1
    # edges by first endpoint (stable: weighted sums keep their order); the labels of the first
    # endpoints are then rows of the (node x labeling) table repeated by out-degree
    order = np.argsort(u, kind="stable")
    v_sorted = v[order]
    out_degree = np.bincount(u, minlength=n)
    batch = max(1, _BATCH_ENTRIES // max(m, 1))
    weights = None
    done = 0
    while done < n_used:
        size = min(batch, n_used - done)
        table = np.vstack([next(labelings)[:n] for _ in range(size)]).T.copy()
        index = np.repeat(table, out_degree, axis=0) * k
        index += table[v_sorted]
        index += np.arange(size, dtype=np.int64) * (k * k)
        if w is not None and (weights is None or len(weights) != size * m):
            # one edge's weight per labeling, edge-major like ``index``
            weights = np.repeat(w[order], size)
        counts = np.bincount(
            index.ravel(), weights=weights if w is not None else None, minlength=size * k * k
        )
        out[done : done + size] = counts.reshape(size, k * k)
        done += size
    return out.reshape(n_used, k, k)
