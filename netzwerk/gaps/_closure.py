"""Shared partners of node pairs without a tie, without a Python loop over pairs.

:func:`netzwerk.gaps.missing_ties` lists every cross-group pair that shares partners, with the
partners themselves; at 1,000 actors that is some 300,000 pairs and four million partner
entries. Counting them is one sparse product (:math:`A^2`); *listing* them is done here by
enumerating two-paths :math:`i - m - j` per middle node :math:`m` as index arrays (a chunk of
middle nodes at a time, so memory stays bounded) and keeping those whose end pair is wanted.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

__all__: list[str] = []

#: Largest number of two-paths materialised at once (three int64 arrays of this length).
_CHUNK = 4_000_000
#: Up to this many nodes, wanted pairs are looked up in an n x n table, else by binary search.
_DENSE_LOOKUP = 3000


def string_ranks(labels: list[Any]) -> np.ndarray:
    """Dense ranks of ``labels`` in the order of ``str`` (equal strings share a rank)."""
    text = [str(x) for x in labels]
    rank = {t: r for r, t in enumerate(sorted(set(text)))}
    return np.fromiter((rank[t] for t in text), dtype=np.int64, count=len(text))


def shared_partners(
    A: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray, order_key: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The common neighbours of each pair ``(rows[p], cols[p])``, concatenated.

    Parameters
    ----------
    A : scipy.sparse.csr_matrix
        Symmetric adjacency without self-loops.
    rows, cols : numpy.ndarray
        The pairs (``rows[p] != cols[p]``); pair ``p`` appears once.
    order_key : numpy.ndarray
        Per node, the key that orders the partners within a pair (e.g. string ranks).

    Returns
    -------
    partners : numpy.ndarray
        Node indices: the partners of pair 0, then of pair 1, …, each sorted by ``order_key``
        (then by index).
    offsets : numpy.ndarray
        ``len(rows) + 1`` offsets into ``partners``.
    """
    n = A.shape[0]
    A = A.tocsr(copy=True)
    A.sort_indices()
    indptr = A.indptr.astype(np.int64)
    indices = A.indices.astype(np.int64)
    lo = np.minimum(rows, cols).astype(np.int64)
    hi = np.maximum(rows, cols).astype(np.int64)
    wanted = lo * n + hi
    dense = n <= _DENSE_LOOKUP
    if dense:
        # pair number per cell of an n x n table (-1: not wanted); 4 MB at 1,000 nodes
        lookup = np.full(n * n, -1, dtype=np.int64 if len(rows) >= 2**31 else np.int32)
        lookup[wanted] = np.arange(len(rows))
    else:
        sorter = np.argsort(wanted, kind="stable")
        wanted_sorted = wanted[sorter]
    degree = np.diff(indptr)
    paths = degree * (degree - 1) // 2
    found_pair: list[np.ndarray] = []
    found_mid: list[np.ndarray] = []
    start = 0
    cumulative = np.cumsum(paths)
    while start < n:
        # middle nodes start..stop-1: at most _CHUNK two-paths (at least one node)
        base = cumulative[start - 1] if start else 0
        stop = int(np.searchsorted(cumulative, base + _CHUNK, side="right"))
        stop = max(stop, start + 1)
        stop = min(stop, n)
        a, b, mid = _two_paths(indptr, indices, start, stop)
        if len(a):
            key = a * n + b
            if dense:
                number = lookup[key]
                hit = number >= 0
                found_pair.append(number[hit].astype(np.int64))
            else:
                pos = np.searchsorted(wanted_sorted, key)
                pos = np.minimum(pos, len(wanted_sorted) - 1)
                hit = wanted_sorted[pos] == key
                found_pair.append(sorter[pos[hit]])
            found_mid.append(mid[hit])
        start = stop
    pair = np.concatenate(found_pair) if found_pair else np.zeros(0, dtype=np.int64)
    mid = np.concatenate(found_mid) if found_mid else np.zeros(0, dtype=np.int64)
    # middle nodes come in ascending order, so a stable sort by (pair, key) breaks equal keys
    # by index
    order = np.argsort(pair * n + order_key[mid], kind="stable")
    offsets = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(np.bincount(pair, minlength=len(rows)), out=offsets[1:])
    return mid[order], offsets


def _two_paths(
    indptr: np.ndarray, indices: np.ndarray, start: int, stop: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair ``a < b`` of neighbours of each middle node in ``start..stop-1``."""
    first, last = indptr[start], indptr[stop]
    entry = np.arange(first, last, dtype=np.int64)
    row = np.repeat(np.arange(start, stop, dtype=np.int64), np.diff(indptr[start : stop + 1]))
    # an entry pairs with the entries after it in the same row (indices are sorted)
    after = indptr[row + 1] - entry - 1
    total = int(after.sum())
    if total == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    begin = np.repeat(entry + 1, after)
    step = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(after) - after, after)
    a = np.repeat(indices[entry], after)
    b = indices[begin + step]
    mid = np.repeat(row, after)
    return a, b, mid
