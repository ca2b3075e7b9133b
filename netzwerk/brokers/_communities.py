"""Communities (Leiden) and the participation coefficient across them."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from netzwerk._checks import check_graph, group_codes
from netzwerk.brokers._common import _arcs, _index, _rows_of

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

    See Also
    --------
    participation_coefficient : how evenly an actor's ties spread over the communities.
    broker_table : the ``community`` column, with the same Leiden call.

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

    check_graph(G)
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

    See Also
    --------
    communities : the Leiden communities it is usually computed over.

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
    check_graph(G)
    if isinstance(community, pd.Series):
        community = community.to_dict()
    codes, _ = group_codes(G, community)
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
