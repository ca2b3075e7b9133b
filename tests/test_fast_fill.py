"""Tests for netzwerk.graph._fast: the fast edge fill against networkx's public API.

``fill_edges_fast`` writes into networkx's internal adjacency dicts. Each test here builds the
same graph with the public ``add_edges_from`` (the independent implementation) and compares
nodes, edges, attributes and the order of every adjacency dict. A failure means the installed
networkx no longer stores graphs the way the fill assumes: the message names its version.
"""

from __future__ import annotations

import warnings

import networkx as nx
import numpy as np
import pytest

from netzwerk.graph._fast import fill_edges_fast, gc_paused


def _fail_unless(condition: bool, what: str) -> None:
    if not condition:
        pytest.fail(
            f"netzwerk.graph._fast.fill_edges_fast does not hold on networkx {nx.__version__}: "
            f"{what}. Its internals changed; fix fill_edges_fast or pin networkx.",
            pytrace=False,
        )


def _case(directed: bool, *, sorted_pairs: bool, seed: int = 0):
    """A random graph's input: 60 nodes, 400 distinct pairs (u < v unless directed)."""
    rng = np.random.default_rng(seed)
    n = 60
    names = [f"a{k:02d}" for k in rng.permutation(n)]  # node order is not name order
    pairs = set()
    while len(pairs) < 400:
        a, b = (int(x) for x in rng.integers(0, n, 2))
        if a == b:
            continue
        pairs.add((a, b) if directed else (min(a, b), max(a, b)))
    pairs = sorted(pairs)
    if not sorted_pairs:
        pairs = [pairs[i] for i in rng.permutation(len(pairs))]
    u = np.array([p[0] for p in pairs], dtype=np.int64)
    v = np.array([p[1] for p in pairs], dtype=np.int64)
    data = [{"weight": float(k), "events": ("e", k)} for k in range(len(pairs))]
    return names, u, v, data


def _fresh(directed: bool, names: list[str]) -> nx.Graph:
    G = nx.DiGraph(kind="test") if directed else nx.Graph(kind="test")
    G.add_nodes_from((name, {"sector": name[-1]}) for name in names)
    return G


def _public(directed: bool, names, u, v, data) -> nx.Graph:
    H = _fresh(directed, names)
    H.add_edges_from((names[a], names[b], d) for a, b, d in zip(u, v, data, strict=True))
    return H


def _adjacency(view) -> dict:
    return {node: list(nbrs.items()) for node, nbrs in view.items()}


@pytest.mark.parametrize("sorted_pairs", [True, False])
def test_directed_fill_equals_add_edges_from(sorted_pairs: bool) -> None:
    names, u, v, data = _case(True, sorted_pairs=sorted_pairs)
    G = _fresh(True, names)
    fill_edges_fast(G, u, v, names, data)
    H = _public(True, names, u, v, data)
    _fail_unless(list(G.nodes(data=True)) == list(H.nodes(data=True)), "the nodes differ")
    _fail_unless(G.number_of_edges() == H.number_of_edges() == 400, "the edge count differs")
    _fail_unless(list(G.edges(data=True)) == list(H.edges(data=True)), "edges or order differ")
    _fail_unless(_adjacency(G.succ) == _adjacency(H.succ), "the successor dicts differ")
    _fail_unless(_adjacency(G.pred) == _adjacency(H.pred), "the predecessor dicts differ")
    _fail_unless(nx.utils.graphs_equal(G, H), "nx.utils.graphs_equal is False")
    a, b = names[u[7]], names[v[7]]
    _fail_unless(G.succ[a][b] is data[7] and G.pred[b][a] is data[7], "arc dict not shared")
    _fail_unless(G.graph == {"kind": "test"}, "the graph attributes changed")


@pytest.mark.parametrize("sorted_pairs", [True, False])
def test_undirected_fill_equals_add_edges_from(sorted_pairs: bool) -> None:
    names, u, v, data = _case(False, sorted_pairs=sorted_pairs)
    G = _fresh(False, names)
    fill_edges_fast(G, u, v, names, data)
    H = _public(False, names, u, v, data)
    _fail_unless(list(G.nodes(data=True)) == list(H.nodes(data=True)), "the nodes differ")
    _fail_unless(G.number_of_edges() == H.number_of_edges() == 400, "the edge count differs")
    _fail_unless(nx.utils.graphs_equal(G, H), "nx.utils.graphs_equal is False")
    _fail_unless(dict(G.degree) == dict(H.degree), "the degrees differ")
    for node in H:
        _fail_unless(dict(G.adj[node]) == dict(H.adj[node]), f"the neighbours of {node} differ")
    if sorted_pairs:  # as the constructors give them: the same edge order as add_edges_from
        _fail_unless(list(G.edges(data=True)) == list(H.edges(data=True)), "edge order differs")
    # Adjacency order: per node, the neighbours it has as u, then those it has as v, each in
    # input order -- the successors of a DiGraph given every edge forwards, then backwards.
    D = _fresh(True, names)
    D.add_edges_from((names[a], names[b], d) for a, b, d in zip(u, v, data, strict=True))
    D.add_edges_from((names[b], names[a], d) for a, b, d in zip(u, v, data, strict=True))
    _fail_unless(_adjacency(G.adj) == _adjacency(D.succ), "the adjacency order differs")
    a, b = names[u[7]], names[v[7]]
    _fail_unless(G.adj[a][b] is data[7] and G.adj[b][a] is data[7], "edge dict not shared")


def test_graph_behaves_after_the_fill() -> None:
    # later public edits, copies and algorithms see the filled edges
    names, u, v, data = _case(False, sorted_pairs=True, seed=1)
    G = _fresh(False, names)
    fill_edges_fast(G, u, v, names, data)
    H = _public(False, names, u, v, data)
    a, b = names[u[0]], names[v[0]]
    for graph in (G, H):
        graph.remove_edge(a, b)
        graph.add_edge(a, "new", weight=1.0)
    _fail_unless(nx.utils.graphs_equal(G, H), "graphs differ after remove_edge/add_edge")
    _fail_unless(nx.utils.graphs_equal(G.copy(), H.copy()), "copies differ")
    _fail_unless(
        sorted(map(sorted, nx.connected_components(G)))
        == sorted(map(sorted, nx.connected_components(H))),
        "connected components differ",
    )
    dist_g = dict(nx.single_source_dijkstra_path_length(G, names[0], weight="weight"))
    dist_h = dict(nx.single_source_dijkstra_path_length(H, names[0], weight="weight"))
    _fail_unless(dist_g == dist_h, "weighted distances differ")


def test_fill_clears_the_networkx_cache() -> None:
    # networkx >= 3.3 caches conversions in G.__networkx_cache__; a stale entry would be wrong
    names, u, v, data = _case(False, sorted_pairs=True)
    G = _fresh(False, names)
    cache = getattr(G, "__networkx_cache__", None)
    if cache is None:
        pytest.skip(f"networkx {nx.__version__} has no __networkx_cache__")
    cache["stale"] = "entry"
    fill_edges_fast(G, u, v, names, data)
    _fail_unless("stale" not in G.__networkx_cache__, "the conversion cache was not cleared")


def test_cooperation_graph_adjacency_is_the_documented_order() -> None:
    # the fill as the constructors call it: sorted pairs u < v, neighbours with a higher
    # position first (ties as u), then those with a lower position
    from netzwerk.config import DATA_DIR
    from netzwerk.graph import cooperation_graph
    from netzwerk.io import load_city

    G = cooperation_graph(load_city(DATA_DIR / "beispielstadt"))
    pos = {node: k for k, node in enumerate(G)}
    for node in list(G)[:40]:
        order = [pos[n] for n in G.adj[node]]
        higher = [p for p in order if p > pos[node]]
        lower = [p for p in order if p < pos[node]]
        _fail_unless(order == higher + lower, f"{node}: higher positions not listed first")
        _fail_unless(higher == sorted(higher) and lower == sorted(lower), f"{node}: not sorted")


def test_guard_falls_back_to_add_edges_from(monkeypatch: pytest.MonkeyPatch) -> None:
    # a networkx without the internal dicts: the fill warns and uses the public API
    names, u, v, data = _case(True, sorted_pairs=True)
    G = _fresh(True, names)
    monkeypatch.setattr("netzwerk.graph._fast._layout_holds", lambda G: False)
    with pytest.warns(RuntimeWarning, match=f"networkx {nx.__version__}"):
        fill_edges_fast(G, u, v, names, data)
    assert nx.utils.graphs_equal(G, _public(True, names, u, v, data))


def test_guard_holds_on_the_installed_networkx() -> None:
    names, u, v, data = _case(False, sorted_pairs=True)
    G = _fresh(False, names)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # no fallback on this networkx
        fill_edges_fast(G, u, v, names, data)


def test_rejects_a_graph_with_edges_or_a_subclass() -> None:
    G = nx.Graph([("a", "b")])
    with pytest.raises(TypeError, match="fresh nx.Graph"):
        fill_edges_fast(G, np.array([0]), np.array([1]), ["a", "b"], [{}])
    with pytest.raises(TypeError, match="fresh nx.Graph"):
        fill_edges_fast(nx.MultiGraph(), np.array([0]), np.array([1]), ["a", "b"], [{}])


def test_empty_data_leaves_the_graph_alone() -> None:
    G = _fresh(False, ["a", "b"])
    fill_edges_fast(G, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), ["a", "b"], [])
    assert G.number_of_edges() == 0 and list(G) == ["a", "b"]


def test_gc_paused_restores_the_previous_state() -> None:
    import gc

    gc.disable()
    try:
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # it was off before: stays off
    finally:
        gc.enable()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
