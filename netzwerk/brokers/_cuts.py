"""Cut points and bridges: who and which tie the network falls apart without."""

from __future__ import annotations

from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from netzwerk._checks import check_graph
from netzwerk.brokers._common import _arcs, _csr

# --------------------------------------------------------------------------------------------
# cut points and bridges


def _strength(G: nx.Graph, weight: str | None) -> np.ndarray:
    """Summed tie weights per node: each undirected tie once, a directed arc at both ends."""
    n = G.number_of_nodes()
    s, t, w = _arcs(G, weight)
    out = np.bincount(s, weights=w, minlength=n)
    if G.is_directed():
        out += np.bincount(t, weights=w, minlength=n)
    return out


def _undirected_csr(G: nx.Graph) -> sp.csr_array:
    n = G.number_of_nodes()
    s, t, _ = _arcs(G)
    A = _csr(n, np.concatenate([s, t]), np.concatenate([t, s]))
    return A


def _dfs_blocks(G: nx.Graph) -> dict[str, Any]:
    """Depth-first search (Hopcroft & Tarjan) on the undirected simple version of ``G``.

    Returns, per node, the sizes of the pieces its removal separates from the rest of its
    component (``pieces``), the component size, and the bridges with the size of the side they
    cut off.
    """
    A = _undirected_csr(G)
    n = A.shape[0]
    indptr = A.indptr.tolist()
    indices = A.indices.tolist()
    disc = [-1] * n
    low = [0] * n
    size = [1] * n
    parent = [-1] * n
    nxt = indptr[:-1].copy() if n else []
    component = [0] * n
    separated: dict[int, list[int]] = {}
    bridge_list: list[tuple[int, int, int]] = []
    comp_sizes: list[int] = []
    roots: list[int] = []
    clock = 0
    for root in range(n):
        if disc[root] != -1:
            continue
        cid = len(comp_sizes)
        disc[root] = low[root] = clock
        clock += 1
        component[root] = cid
        stack = [root]
        while stack:
            v = stack[-1]
            i = nxt[v]
            if i < indptr[v + 1]:
                nxt[v] = i + 1
                w = indices[i]
                if disc[w] == -1:
                    parent[w] = v
                    disc[w] = low[w] = clock
                    clock += 1
                    component[w] = cid
                    stack.append(w)
                elif w != parent[v] and disc[w] < low[v]:
                    low[v] = disc[w]
            else:
                stack.pop()
                p = parent[v]
                if p != -1:
                    if low[v] < low[p]:
                        low[p] = low[v]
                    size[p] += size[v]
                    if low[v] >= disc[p]:
                        separated.setdefault(p, []).append(size[v])
                    if low[v] > disc[p]:
                        bridge_list.append((p, v, size[v]))
        comp_sizes.append(size[root])
        roots.append(root)
    return {
        "separated": separated,
        "component": component,
        "comp_sizes": comp_sizes,
        "roots": set(roots),
        "bridges": bridge_list,
    }


def cut_points(G: nx.Graph) -> pd.DataFrame:
    r"""Cut points (articulation points) and how many actors each one's removal cuts off.

    A cut point is an actor whose removal splits its component. For each, ``cut_off`` counts
    the actors that would lose their connection to the largest remaining part of the component:

    .. math::

       \text{cut\_off}(v) = |C_v| - 1 - \max_i |C_i^{(v)}|,

    where :math:`C_v` is :math:`v`'s component and :math:`C_i^{(v)}` are the pieces it falls
    into without :math:`v`. For a cut point in the largest component this is the number of
    actors cut off from the largest component.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Directed graphs are taken as undirected (weak connectivity); self-loops are ignored.

    Returns
    -------
    pandas.DataFrame
        One row per cut point, indexed by ``actor_id`` in ``G``'s node order, with integer
        columns ``cut_off``, ``n_pieces`` (parts the component falls into without the actor),
        ``component_size`` and the boolean ``in_largest_component``. Empty (with these columns)
        when there is no cut point.

    Raises
    ------
    TypeError
        If ``G`` is not a networkx graph.

    See Also
    --------
    bridges : the ties the network falls apart without.
    broker_table : ``is_cutpoint`` and ``cut_off`` beside the other measures.

    Notes
    -----
    One depth-first search, :math:`O(n + m)` (Hopcroft & Tarjan 1973): a child :math:`c` of
    :math:`v` in the search tree whose subtree reaches no ancestor of :math:`v` forms a piece of
    its own (of the subtree's size); the rest of the component is one more piece. The set of cut
    points equals networkx's ``articulation_points``. ``in_largest_component`` is true for all
    components of the largest size.

    References
    ----------
    .. [1] Hopcroft, J. & Tarjan, R. (1973). Algorithm 447: efficient algorithms for graph
       manipulation. *Communications of the ACM* 16(6), 372–378.

    Examples
    --------
    Two triangles joined by the tie c – d, and the pendant e at d. Without c, a and b (two) are
    cut off from d, e, f, g (four). Without d the component falls into a, b, c (three), f, g
    and e: three actors are cut off from the largest part.

    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d"),
    ...               ("d", "f"), ("f", "g"), ("d", "g"), ("d", "e")])
    >>> cut_points(G)[["cut_off", "n_pieces"]]
              cut_off  n_pieces
    actor_id
    c               2         2
    d               3         3
    """
    check_graph(G)
    info = _dfs_blocks(G)
    nodes = list(G)
    largest = max(info["comp_sizes"], default=0)
    rows = []
    for v in range(len(nodes)):
        pieces = info["separated"].get(v)
        if not pieces:
            continue
        comp_size = info["comp_sizes"][info["component"][v]]
        if v in info["roots"]:
            if len(pieces) < 2:
                continue
            all_pieces = pieces
        else:
            rest = comp_size - 1 - sum(pieces)
            all_pieces = [*pieces, rest] if rest > 0 else pieces
        rows.append(
            (
                nodes[v],
                comp_size - 1 - max(all_pieces),
                len(all_pieces),
                comp_size,
                comp_size == largest,
            )
        )
    table = pd.DataFrame(
        rows,
        columns=["actor_id", "cut_off", "n_pieces", "component_size", "in_largest_component"],
    )
    table = table.astype(
        {
            "cut_off": "int64",
            "n_pieces": "int64",
            "component_size": "int64",
            "in_largest_component": bool,
        }
    )
    return table.set_index("actor_id")


def bridges(G: nx.Graph) -> pd.DataFrame:
    r"""Bridges: ties whose removal splits a component, with the size of the side cut off.

    For a bridge :math:`\{u, v\}` in a component :math:`C`, removing it leaves two parts of sizes
    :math:`s` and :math:`|C| - s`; ``cut_off`` is :math:`\min(s, |C| - s)`.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Directed graphs are taken as undirected; self-loops are ignored; parallel edges count as
        one tie (so a doubled tie can be a bridge).

    Returns
    -------
    pandas.DataFrame
        One row per bridge with columns ``source``, ``target`` (the end nearer the search root
        first), ``cut_off`` and ``component_size``, sorted by ``cut_off`` (largest first), then by
        the node order of the ends.

    Raises
    ------
    TypeError
        If ``G`` is not a networkx graph.

    See Also
    --------
    cut_points : the actors the network falls apart without.
    broker_table : all broker measures in one table.

    Notes
    -----
    Same search as :func:`cut_points`: the tree edge to a child whose subtree reaches no
    earlier node is a bridge. The set of bridges equals networkx's ``bridges`` on the simple
    undirected graph.

    References
    ----------
    .. [1] Tarjan, R. E. (1974). A note on finding the bridges of a graph. *Information
       Processing Letters* 2(6), 160–161.

    Examples
    --------
    In the path a – b – c – d every tie is a bridge; removing b – c cuts off two actors.

    >>> import networkx as nx
    >>> bridges(nx.path_graph(["a", "b", "c", "d"]))
      source target  cut_off  component_size
    0      b      c        2               4
    1      a      b        1               4
    2      c      d        1               4
    """
    check_graph(G)
    info = _dfs_blocks(G)
    nodes = list(G)
    rows = []
    for p, c, side in info["bridges"]:
        comp_size = info["comp_sizes"][info["component"][p]]
        rows.append((nodes[p], nodes[c], min(side, comp_size - side), comp_size, p, c))
    table = pd.DataFrame(
        rows, columns=["source", "target", "cut_off", "component_size", "_p", "_c"]
    ).astype({"cut_off": "int64", "component_size": "int64", "_p": "int64", "_c": "int64"})
    table = table.sort_values(["cut_off", "_p", "_c"], ascending=[False, True, True])
    return table.drop(columns=["_p", "_c"]).reset_index(drop=True)


# --------------------------------------------------------------------------------------------
