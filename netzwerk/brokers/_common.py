"""Shared internals of the broker measures: node index, edge weights, arcs as arrays, sparse products."""

from __future__ import annotations

import contextlib
import contextvars
import math
from collections.abc import Callable, Hashable, Mapping
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

# Arcs per chunk when enumerating closed two-paths: bounds the memory of the sparse row products.
_CHUNK_NONZEROS = 4_000_000


def _index(G: nx.Graph) -> pd.Index:
    return pd.Index(list(G), name="actor_id")


def _edge_weight(data: Mapping[str, Any], weight: str | None, u: Hashable, v: Hashable) -> float:
    if weight is None:
        return 1.0
    w = data.get(weight, 1)
    if isinstance(w, bool) or not isinstance(w, int | float | np.integer | np.floating):
        raise TypeError(f"weight: edge ({u!r}, {v!r}) has {weight}={w!r}; expected a number")
    if not (w > 0 and math.isfinite(w)):
        raise ValueError(f"weight: edge ({u!r}, {v!r}) has {weight}={w!r}; expected a number > 0")
    return float(w)


#: While :func:`broker_table` runs: its graph and the arcs already read from it, by (weight, combine).
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
