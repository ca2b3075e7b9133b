"""Tests for netzwerk.brokers.

Where the reference values come from:

- Brokerage roles: R's ``sna::brokerage`` (sna 2.7-1), on the fifteen graphs that
  ``tests/fixtures/sna/make_fixtures.R`` writes (committed beside it), plus hand counts.
- Structural holes and betweenness: networkx (an independent, pure-Python implementation) on
  random graphs, plus hand computations (hierarchy) on small graphs.
- Cut points and bridges: networkx's articulation points / bridges and brute-force removal.
- Participation coefficient: hand computation.
- Betweenness with Opsahl et al.'s tuning parameter alpha: networkx with the lengths
  (1/w)**alpha computed independently in the test, and a three-path example worked by hand.
- Brokerage existence / ``mediates``: networkx's unweighted betweenness and hand reasoning on
  a clique, a star and a path.
"""

from __future__ import annotations

import importlib
import importlib.util
import math
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from netzwerk.brokers import (
    BROKERAGE_ROLES,
    DEFAULT_ALPHA,
    betweenness,
    bridges,
    broker_table,
    brokerage_exists,
    brokerage_roles,
    brokerage_totals,
    communities,
    cut_points,
    event_brokerage,
    participation_coefficient,
    structural_holes,
)
from netzwerk.io import City

paths_module = importlib.import_module("netzwerk.brokers._paths")
common_module = importlib.import_module("netzwerk.brokers._common")
# networkit is installed on Linux x86_64 and Windows (see pyproject.toml); elsewhere igraph
# computes the exact betweenness and only the tests of networkit itself are skipped
needs_networkit = pytest.mark.skipif(
    importlib.util.find_spec("networkit") is None, reason="networkit not installed"
)

SNA = Path(__file__).parent / "fixtures" / "sna"
SNA_NAMES = {"coordinator": "w_I", "itinerant": "w_O", "representative": "b_IO",
             "gatekeeper": "b_OI", "liaison": "b_O", "total": "t"}  # fmt: skip
GRAPHS = pd.read_csv(SNA / "graphs.csv")


def _sna_graph(name: str, directed: bool) -> tuple[nx.Graph, dict[str, str]]:
    nodes = pd.read_csv(SNA / f"{name}.nodes.csv", dtype=str)
    edges = pd.read_csv(SNA / f"{name}.edges.csv", dtype=str)
    G = nx.DiGraph() if directed else nx.Graph()
    G.add_nodes_from(nodes["node"])
    G.add_edges_from(zip(edges["source"], edges["target"], strict=True))
    return G, dict(zip(nodes["node"], nodes["group"], strict=True))


def _read_numbers(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, na_values=["NaN"], keep_default_na=False)


# ---------------------------------------------------------------------------------------------
# Gould–Fernandez brokerage against sna


def test_fixture_set_covers_the_required_cases():
    assert len(GRAPHS) >= 10
    assert GRAPHS["directed"].any() and not GRAPHS["directed"].all()
    assert {"knoke_info_sector3", "loops_removed", "single_group", "random_undirected_solo"} <= set(
        GRAPHS["name"]
    )


@pytest.mark.parametrize("name", GRAPHS["name"].tolist())
def test_brokerage_roles_equal_sna(name):
    directed = bool(GRAPHS.set_index("name").loc[name, "directed"])
    G, group = _sna_graph(name, directed)
    if name == "loops_removed":
        # the R script gave sna the matrix without its diagonal; here the loops stay in G and
        # brokerage_roles must ignore them
        G.add_edges_from((v, v) for v in G)
    ours = brokerage_roles(G, group)
    sna = _read_numbers(SNA / f"{name}.nli.csv").set_index("node")
    assert list(ours.index) == list(sna.index.astype(str))
    for role, code in SNA_NAMES.items():
        np.testing.assert_array_equal(ours[role].to_numpy(), sna[f"raw_{code}"].to_numpy())
        for ours_prefix, sna_prefix in (("expected", "exp"), ("sd", "sd"), ("z", "z")):
            np.testing.assert_allclose(
                ours[f"{ours_prefix}_{role}"].to_numpy(),
                sna[f"{sna_prefix}_{code}"].to_numpy(),
                rtol=1e-9,
                atol=1e-12,
                equal_nan=True,
                err_msg=f"{name}: {ours_prefix}_{role}",
            )


@pytest.mark.parametrize("name", GRAPHS["name"].tolist())
def test_brokerage_totals_equal_sna(name):
    directed = bool(GRAPHS.set_index("name").loc[name, "directed"])
    G, group = _sna_graph(name, directed)
    ours = brokerage_totals(G, group)
    sna = _read_numbers(SNA / f"{name}.gli.csv").set_index("role")
    sna.index = [{v: k for k, v in SNA_NAMES.items()}[c] for c in sna.index]
    for ours_col, sna_col in (("observed", "raw"), ("expected", "exp"), ("sd", "sd"), ("z", "z")):
        np.testing.assert_allclose(
            ours.loc[list(BROKERAGE_ROLES), ours_col].to_numpy(dtype=float),
            sna.loc[list(BROKERAGE_ROLES), sna_col].to_numpy(dtype=float),
            rtol=1e-9,
            atol=1e-12,
            equal_nan=True,
            err_msg=f"{name}: {ours_col}",
        )


def test_brokerage_by_hand_on_a_directed_path():
    # a -> b -> c -> d, groups A A B B: b brokers (a, c): A -> A -> B, representative;
    # c brokers (b, d): A -> B -> B, gatekeeper. Nothing else: a and d are ends.
    G = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "d")])
    roles = brokerage_roles(G, {"a": "A", "b": "A", "c": "B", "d": "B"})
    assert roles["total"].tolist() == [0, 1, 1, 0]
    assert roles.loc["b", "representative"] == 1 and roles.loc["c", "gatekeeper"] == 1
    # density 3 / 12 = 1/4; d^2 (1 - d) = 3/64; itinerant for a node of group A: the other
    # group B has 2 * 1 ordered pairs -> 3/64 * 2 = 0.09375
    assert roles.loc["a", "expected_itinerant"] == pytest.approx(0.09375, abs=1e-15)
    # coordination needs three nodes of one group: impossible, sd 0, z undefined
    assert roles["expected_coordinator"].eq(0).all() and roles["z_coordinator"].isna().all()
    assert roles.attrs["density"] == 0.25 and roles.attrs["n_arcs"] == 3


def test_brokerage_counts_only_open_two_paths_and_distinct_ends():
    # a <-> b mutual and b -> c, a -> c: (a, b, c) is closed, (a, b, a) has equal ends.
    G = nx.DiGraph([("a", "b"), ("b", "a"), ("b", "c"), ("a", "c")])
    roles = brokerage_roles(G, {"a": 1, "b": 1, "c": 1})
    assert roles["total"].sum() == 0
    G.remove_edge("a", "c")  # now a -> b -> c is open: b coordinates
    roles = brokerage_roles(G, {"a": 1, "b": 1, "c": 1})
    assert roles["coordinator"].to_dict() == {"a": 0, "b": 1, "c": 0}


def test_brokerage_undirected_counts_both_directions():
    # a - b - c undirected, all in one group: b brokers (a, c) and (c, a)
    roles = brokerage_roles(nx.path_graph(["a", "b", "c"]), {"a": 0, "b": 0, "c": 0})
    assert roles.loc["b", "coordinator"] == 2


def test_brokerage_multigraph_and_loops_are_binary():
    G = nx.MultiDiGraph([("a", "b"), ("a", "b"), ("b", "c"), ("b", "b")])
    roles = brokerage_roles(G, {"a": 0, "b": 1, "c": 0})
    assert roles.loc["b", "itinerant"] == 1
    assert roles.attrs["n_arcs"] == 2


def test_brokerage_from_attribute_and_errors():
    G = nx.path_graph(3)
    nx.set_node_attributes(G, {0: "x", 1: "y", 2: "x"}, "sector")
    assert brokerage_roles(G, "sector").loc[1, "itinerant"] == 2
    G.nodes[2]["sector"] = None
    with pytest.raises(ValueError, match="node 2 has no attribute 'sector'"):
        brokerage_roles(G, "sector")
    with pytest.raises(ValueError, match="no group for node 2"):
        brokerage_roles(G, {0: "x", 1: "y"})
    with pytest.raises(TypeError, match="group must be"):
        brokerage_roles(G, 3)
    with pytest.raises(TypeError, match="G must be a networkx graph"):
        brokerage_roles({0: [1]}, "sector")


def test_brokerage_empty_and_tiny_graphs():
    empty = brokerage_roles(nx.DiGraph(), {})
    assert len(empty) == 0 and "z_total" in empty.columns
    one = brokerage_roles(nx.Graph([("a", "a")]), {"a": 0})
    assert one["total"].tolist() == [0] and one["z_total"].isna().all()


def test_brokerage_does_not_mutate():
    G = nx.gnp_random_graph(20, 0.2, seed=1, directed=True)
    before = nx.to_dict_of_dicts(G)
    brokerage_roles(G, {v: v % 3 for v in G})
    assert nx.to_dict_of_dicts(G) == before


def _brute_force_brokerage(G: nx.DiGraph, group: dict) -> dict:
    counts = {v: dict.fromkeys(BROKERAGE_ROLES[:5], 0) for v in G}
    for j in G:
        for i in G.predecessors(j):
            for k in G.successors(j):
                if len({i, j, k}) < 3 or G.has_edge(i, k):
                    continue
                gi, gj, gk = group[i], group[j], group[k]
                if gi == gj == gk:
                    role = "coordinator"
                elif gi == gk:
                    role = "itinerant"
                elif gi == gj:
                    role = "representative"
                elif gj == gk:
                    role = "gatekeeper"
                else:
                    role = "liaison"
                counts[j][role] += 1
    return counts


def test_brokerage_equals_brute_force_on_a_larger_graph():
    # a graph large enough for several chunks would be slow here; the counting logic is the
    # same per chunk, so compare with the definition on a moderately dense random graph
    G = nx.gnp_random_graph(120, 0.08, seed=7, directed=True)
    group = {v: v % 5 for v in G}
    ours = brokerage_roles(G, group)
    expected = pd.DataFrame.from_dict(_brute_force_brokerage(G, group), orient="index")
    for role in BROKERAGE_ROLES[:5]:
        np.testing.assert_array_equal(ours[role].to_numpy(), expected[role].to_numpy())


def test_brokerage_chunked_counting(monkeypatch):
    module = common_module

    G = nx.gnp_random_graph(60, 0.15, seed=3, directed=True)
    group = {v: v % 4 for v in G}
    whole = brokerage_roles(G, group)
    monkeypatch.setattr(module, "_CHUNK_NONZEROS", 7)
    chunked = brokerage_roles(G, group)
    pd.testing.assert_frame_equal(whole, chunked)


# ---------------------------------------------------------------------------------------------
# structural holes


def _random_graphs():
    for directed in (False, True):
        for weighted in (False, True):
            G = nx.gnp_random_graph(60, 0.1, seed=11 + directed + 2 * weighted, directed=directed)
            G.add_nodes_from([100, 101])  # isolates
            rng = np.random.default_rng(5)
            for u, v in G.edges():
                G[u][v]["weight"] = float(rng.uniform(0.2, 5.0))
            yield directed, (weighted and "weight") or None, G


@pytest.mark.parametrize("directed,weight,G", list(_random_graphs()))
def test_structural_holes_equal_networkx(directed, weight, G):
    ours = structural_holes(G, weight=weight)
    # networkx's per-node code path (taken when `nodes` is given) follows Burt's definition;
    # its vectorised path (nodes=None) divides by the wrong row maximum when mutual weights
    # differ (weighted or directed graphs; networkx PR #8906), so it is used only where it is
    # right (undirected, unweighted).
    nodes = list(G)
    es = nx.effective_size(G, nodes=nodes, weight=weight)
    np.testing.assert_allclose(ours["effective_size"], [es[v] for v in G], rtol=1e-9, atol=1e-12)
    if not directed and weight is None:
        es_fast = nx.effective_size(G)
        np.testing.assert_allclose(ours["effective_size"], [es_fast[v] for v in G], rtol=1e-9)
    for ct in (nx.constraint(G, weight=weight), nx.constraint(G, nodes=nodes, weight=weight)):
        np.testing.assert_allclose(ours["constraint"], [ct[v] for v in G], rtol=1e-9, atol=1e-12)
    contacts = [len(set(nx.all_neighbors(G, v))) for v in G]
    with np.errstate(invalid="ignore", divide="ignore"):
        np.testing.assert_allclose(ours["efficiency"], ours["effective_size"] / contacts)
    assert ours.loc[[100, 101]].isna().all().all()


def test_structural_holes_chunked(monkeypatch):
    module = common_module

    G = nx.gnp_random_graph(40, 0.2, seed=4)
    whole = structural_holes(G)
    monkeypatch.setattr(module, "_CHUNK_NONZEROS", 5)
    pd.testing.assert_frame_equal(whole, structural_holes(G))


def test_structural_holes_by_hand():
    # star a - {b, c, d} plus the tie b - c (unweighted, undirected)
    G = nx.Graph([("a", "b"), ("a", "c"), ("a", "d"), ("b", "c")])
    h = structural_holes(G)
    # a: n = 3 contacts, t = 1 tie among them: 3 - 2/3 = 7/3; efficiency 7/9
    assert h.loc["a", "effective_size"] == pytest.approx(7 / 3, abs=1e-12)
    assert h.loc["a", "efficiency"] == pytest.approx(7 / 9, abs=1e-12)
    # p_ab = p_ac = p_ad = 1/3; p_bc = p_ba = 1/2, p_ca = p_cb = 1/2
    # c_ab = (1/3 + p_ac p_cb)^2 = (1/3 + 1/6)^2 = 1/4, c_ac = 1/4, c_ad = (1/3)^2 = 1/9
    c_ab, c_ad = 1 / 4, 1 / 9
    C = 2 * c_ab + c_ad
    assert h.loc["a", "constraint"] == pytest.approx(C, abs=1e-12)
    # hierarchy (Burt 1992, p. 71): r_j = c_aj / (C / 3)
    r = np.array([c_ab, c_ab, c_ad]) / (C / 3)
    assert h.loc["a", "hierarchy"] == pytest.approx((r * np.log(r)).sum() / (3 * np.log(3)))
    # b: contacts a, c (tied). c_ba = (p_ba + p_bc p_ca)^2 = (1/2 + 1/4)^2 = 9/16,
    # c_bc = (p_bc + p_ba p_ac)^2 = (1/2 + 1/6)^2 = 4/9; C = 145/144, C/N = 145/288
    assert h.loc["b", "constraint"] == pytest.approx(145 / 144, abs=1e-12)
    r = np.array([162 / 145, 128 / 145])
    assert h.loc["b", "hierarchy"] == pytest.approx((r * np.log(r)).sum() / (2 * np.log(2)))
    # a star: constraint spread evenly over unconnected contacts -> hierarchy 0, C = 4 * 1/16
    star = structural_holes(nx.star_graph(4))
    assert star.loc[0, "constraint"] == pytest.approx(0.25)
    assert star.loc[0, "hierarchy"] == pytest.approx(0.0, abs=1e-12)
    # d: one contact: constraint 1, effective size 1, hierarchy undefined
    assert h.loc["d", ["effective_size", "constraint"]].tolist() == [1.0, 1.0]
    assert math.isnan(h.loc["d", "hierarchy"])


def test_hierarchy_weighted_by_hand():
    # ego e with three unconnected contacts and weights 1, 1, 2: p = 1/4, 1/4, 1/2,
    # c_j = p_j^2 = 1/16, 1/16, 1/4, C = 3/8, C/N = 1/8, r = 1/2, 1/2, 2
    G = nx.Graph()
    G.add_weighted_edges_from([("e", "x", 1), ("e", "y", 1), ("e", "z", 2)])
    h = structural_holes(G, weight="weight")
    assert h.loc["e", "constraint"] == pytest.approx(3 / 8)
    expected = (2 * 0.5 * math.log(0.5) + 2 * math.log(2)) / (3 * math.log(3))
    assert h.loc["e", "hierarchy"] == pytest.approx(expected)  # = ln 2 / (3 ln 3) = 0.2103...
    assert expected == pytest.approx(0.21030991785715)


def test_structural_holes_ignores_loops_and_checks_weights():
    G = nx.Graph([("a", "b"), ("b", "c")])
    looped = G.copy()
    looped.add_edge("b", "b")
    pd.testing.assert_frame_equal(structural_holes(G), structural_holes(looped))
    G["a"]["b"]["weight"] = -1
    with pytest.raises(ValueError, match=r"weight: edge \('a', 'b'\) has weight=-1"):
        structural_holes(G, weight="weight")
    G["a"]["b"]["weight"] = "strong"
    with pytest.raises(TypeError, match="expected a number"):
        structural_holes(G, weight="weight")


# ---------------------------------------------------------------------------------------------
# betweenness


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("normalized", [False, True])
def test_betweenness_equals_networkx(directed, weighted, normalized):
    G = nx.gnp_random_graph(80, 0.06, seed=21, directed=directed)
    G.add_node(999)
    rng = np.random.default_rng(2)
    for u, v in G.edges():
        G[u][v]["weight"] = float(rng.uniform(0.5, 3.0))
    weight = "weight" if weighted else None
    ours = betweenness(G, weight=weight, normalized=normalized)
    if weighted:
        H = G.copy()
        for _u, _v, data in H.edges(data=True):
            data["length"] = 1 / data["weight"]
        ref = nx.betweenness_centrality(H, weight="length", normalized=normalized)
    else:
        ref = nx.betweenness_centrality(G, normalized=normalized)
    np.testing.assert_allclose(ours.to_numpy(), [ref[v] for v in G], rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("normalized", [False, True])
def test_betweenness_sampled_equals_networkx(directed, normalized):
    G = nx.gnp_random_graph(50, 0.1, seed=8, directed=directed)
    ours = betweenness(G, k=12, seed=42, normalized=normalized)
    ref = nx.betweenness_centrality(G, k=12, seed=42, normalized=normalized)
    np.testing.assert_allclose(ours.to_numpy(), [ref[v] for v in G], rtol=1e-9, atol=1e-12)


def test_betweenness_integer_weights_with_ties():
    # weights 1, 2, 4 give lengths 1, 0.5, 0.25: sums are exact, so tied paths tie in both
    G = nx.gnp_random_graph(40, 0.15, seed=5)
    rng = np.random.default_rng(0)
    for u, v in G.edges():
        G[u][v]["weight"] = float(rng.choice([1, 2, 4]))
        G[u][v]["length"] = 1 / G[u][v]["weight"]
    ref = nx.betweenness_centrality(G, weight="length")
    np.testing.assert_allclose(betweenness(G, weight="weight"), [ref[v] for v in G], atol=1e-12)


def test_betweenness_parallel_workers_equal_serial():
    G = nx.gnp_random_graph(250, 0.03, seed=9, directed=True)
    serial = betweenness(G)
    parallel = betweenness(G, n_jobs=2)  # networkit threads (igraph processes without it)
    assert serial.attrs["backend"] == parallel.attrs["backend"]
    np.testing.assert_allclose(serial, parallel, rtol=1e-12, atol=1e-15)
    sampled = betweenness(G, k=60, seed=3)
    sampled_parallel = betweenness(G, k=60, seed=3, n_jobs=2)  # igraph in two processes
    assert sampled.attrs["backend"] == sampled_parallel.attrs["backend"] == "igraph"
    np.testing.assert_allclose(sampled, sampled_parallel, rtol=1e-12, atol=1e-15)


def test_betweenness_serial_is_bitwise_reproducible():
    G = nx.gnp_random_graph(300, 0.03, seed=4)
    rng = np.random.default_rng(4)
    for u, v in G.edges():
        G[u][v]["weight"] = float(rng.uniform(0.2, 5.0))
    first = betweenness(G, weight="weight")
    assert first.to_numpy().tobytes() == betweenness(G, weight="weight").to_numpy().tobytes()


@needs_networkit
@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
def test_betweenness_igraph_fallback_equals_networkit(monkeypatch, directed, weighted):
    # where networkit cannot be imported, igraph computes the exact values: the same numbers
    G = nx.gnp_random_graph(220, 0.03, seed=17, directed=directed)
    rng = np.random.default_rng(17)
    for u, v in G.edges():
        G[u][v]["weight"] = float(rng.uniform(0.5, 3.0))
    weight = "weight" if weighted else None
    fast = betweenness(G, weight=weight, n_jobs=2)
    monkeypatch.setattr(paths_module, "_networkit", lambda: None)
    fallback = betweenness(G, weight=weight, n_jobs=2)
    assert (fast.attrs["backend"], fallback.attrs["backend"]) == ("networkit", "igraph")
    np.testing.assert_allclose(fast, fallback, rtol=1e-9, atol=1e-12)


@needs_networkit
def test_betweenness_compares_lengths_exactly_like_networkx(monkeypatch):
    # a - x - b has length 1/10 + 1/5 = 0.30000000000000004, the direct tie 1/(1/0.3) = 0.3:
    # compared exactly the direct tie is shorter and x carries nothing (networkx, networkit);
    # igraph's tolerance counts both paths, giving x half the pair (documented)
    G = nx.Graph()
    G.add_weighted_edges_from([("a", "x", 10.0), ("x", "b", 5.0), ("a", "b", 1 / 0.3)])
    H = G.copy()
    for _u, _v, data in H.edges(data=True):
        data["length"] = 1 / data["weight"]
    ref = nx.betweenness_centrality(H, weight="length", normalized=False)
    assert ref == {"a": 0.0, "x": 0.0, "b": 0.0}
    assert betweenness(G, weight="weight", normalized=False).to_dict() == ref
    monkeypatch.setattr(paths_module, "_networkit", lambda: None)
    assert betweenness(G, weight="weight", normalized=False).to_dict()["x"] == 0.5


def test_betweenness_multigraph_uses_strongest_parallel_edge():
    G = nx.MultiGraph()
    G.add_edge("a", "b", weight=1)
    G.add_edge("a", "b", weight=4)  # length 1/4
    G.add_edge("a", "c", weight=1)
    G.add_edge("c", "b", weight=1)
    # a - b direct has length 1/4 < 2 via c: c carries nothing
    assert betweenness(G, weight="weight").to_dict() == {"a": 0.0, "b": 0.0, "c": 0.0}


def test_betweenness_errors_and_tiny():
    G = nx.path_graph(3)
    with pytest.raises(ValueError, match="k must be an integer between 1 and 3"):
        betweenness(G, k=4)
    with pytest.raises(ValueError, match="n_jobs"):
        betweenness(G, n_jobs=0)
    assert betweenness(nx.Graph([(0, 1)])).tolist() == [0.0, 0.0]
    assert len(betweenness(nx.Graph())) == 0


def _opsahl_lengths(G: nx.Graph, alpha: float) -> nx.Graph:
    """``G`` with the attribute ``length`` = (1/weight)**alpha, computed here, not by netzwerk."""
    H = G.copy()
    for _u, _v, data in H.edges(data=True):
        data["length"] = math.pow(1.0 / data["weight"], alpha)
    return H


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("alpha", [0.0, 0.25, 0.5, 1.0, 1.5])
def test_betweenness_alpha_equals_networkx_with_transformed_lengths(directed, alpha):
    # independent computation: networkx's Brandes with Opsahl's lengths (1/w)**alpha
    G = nx.gnp_random_graph(70, 0.08, seed=33, directed=directed)
    rng = np.random.default_rng(33)
    for u, v in G.edges():
        G[u][v]["weight"] = float(rng.uniform(0.05, 3.0))
    ref = nx.betweenness_centrality(_opsahl_lengths(G, alpha), weight="length")
    ours = betweenness(G, weight="weight", alpha=alpha)
    assert ours.attrs["alpha"] == alpha
    np.testing.assert_allclose(ours.to_numpy(), [ref[v] for v in G], rtol=1e-9, atol=1e-12)


@needs_networkit
@pytest.mark.parametrize("alpha", [0.0, 0.5, 1.0])
def test_betweenness_alpha_reaches_both_backends_identically(monkeypatch, alpha):
    # the lengths are made once (_tie_lengths) and handed to networkit and igraph alike; above
    # 200 nodes, with two jobs, networkit uses threads and igraph worker processes
    G = nx.gnp_random_graph(230, 0.03, seed=12)
    rng = np.random.default_rng(12)
    for u, v in G.edges():
        G[u][v]["weight"] = float(rng.uniform(0.05, 3.0))
    fast = betweenness(G, weight="weight", alpha=alpha, n_jobs=2)
    monkeypatch.setattr(paths_module, "_networkit", lambda: None)
    fallback = betweenness(G, weight="weight", alpha=alpha, n_jobs=2)
    serial = betweenness(G, weight="weight", alpha=alpha)
    assert (fast.attrs["backend"], fallback.attrs["backend"]) == ("networkit", "igraph")
    np.testing.assert_allclose(fast, fallback, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(serial, fallback, rtol=1e-9, atol=1e-12)
    ref = nx.betweenness_centrality(_opsahl_lengths(G, alpha), weight="length")
    np.testing.assert_allclose(fast, [ref[v] for v in G], rtol=1e-9, atol=1e-12)


def test_betweenness_alpha_zero_is_unweighted_and_sampled_alpha_equals_networkx():
    G = nx.gnp_random_graph(60, 0.1, seed=2)
    rng = np.random.default_rng(2)
    for u, v in G.edges():
        G[u][v]["weight"] = float(rng.uniform(0.1, 5.0))
    assert betweenness(G, weight="weight", alpha=0).equals(betweenness(G, weight=None))
    ref = nx.betweenness_centrality(_opsahl_lengths(G, 0.5), weight="length", k=15, seed=4)
    ours = betweenness(G, weight="weight", alpha=0.5, k=15, seed=4)
    np.testing.assert_allclose(ours.to_numpy(), [ref[v] for v in G], rtol=1e-9, atol=1e-12)
    G[0][next(iter(G[0]))]["weight"] = -1.0  # alpha = 0 still checks the weights
    with pytest.raises(ValueError, match="expected a number > 0"):
        betweenness(G, weight="weight", alpha=0)


def test_betweenness_opsahl_three_paths_by_hand():
    # Opsahl, Agneessens & Skvoretz (2010, sect. 4) illustrate the tuning parameter with three
    # paths from A to B: one weak direct tie (weight 1), two ties of weight 2 (via C) and three
    # ties of weight 3 (via D and E). The search tool did not return the paper's text, so the
    # weights are our reconstruction of that example; every number below is worked by hand.
    G = nx.Graph()
    G.add_weighted_edges_from(
        [("A", "B", 1), ("A", "C", 2), ("C", "B", 2), ("A", "D", 3), ("D", "E", 3), ("E", "B", 3)]
    )
    # length of the three A-B paths, 1, 2 * 2**-alpha, 3 * 3**-alpha:
    #   alpha = 0: 1, 2, 3 (steps only); 0.5: 1, 1.414, 1.732 (direct wins);
    #   1: 1, 1, 1 (all equal, 1/w); 1.5: 1, 0.707, 0.577 (the longest path wins)
    expected_ab = {0.0: 1.0, 0.5: 1.0, 1.0: 1.0, 1.5: 3 * 3**-1.5}
    for alpha, length in expected_ab.items():
        H = _opsahl_lengths(G, alpha)
        assert nx.dijkstra_path_length(H, "A", "B", weight="length") == pytest.approx(length)
    # betweenness (unnormalised) by hand, pair by pair. alpha = 0: A-E via D or via B (1/2
    # each), B-D via E or A (1/2 each), C-D via A, C-E via B. alpha = 0.5: A-E via D, B-D via
    # E, C-D via A, C-E via B; A-B direct. alpha = 1: as 0.5 plus A-B over three equally long
    # paths (1/3 each to C, D, E). alpha = 1.5: as 0.5, but A-B runs via D and E.
    expected = {
        0.0: {"A": 1.5, "B": 1.5, "C": 0.0, "D": 0.5, "E": 0.5},
        0.5: {"A": 1.0, "B": 1.0, "C": 0.0, "D": 1.0, "E": 1.0},
        1.0: {"A": 1.0, "B": 1.0, "C": 1 / 3, "D": 4 / 3, "E": 4 / 3},
        1.5: {"A": 1.0, "B": 1.0, "C": 0.0, "D": 2.0, "E": 2.0},
    }
    for alpha, values in expected.items():
        ours = betweenness(G, weight="weight", alpha=alpha, normalized=False)
        assert ours.to_dict() == pytest.approx(values), alpha


def test_betweenness_alpha_checks():
    G = nx.path_graph(3)
    for bad in (-0.5, math.inf, math.nan):
        with pytest.raises(ValueError, match="alpha must be a finite number >= 0"):
            betweenness(G, weight="weight", alpha=bad)
    with pytest.raises(TypeError, match="alpha must be a number"):
        betweenness(G, alpha="half")
    with pytest.raises(TypeError, match="alpha must be a number"):
        broker_table(G, group={0: "a", 1: "a", 2: "b"}, alpha=True)


def test_role_weights_cannot_make_a_broker_in_one_meeting_at_the_default_alpha():
    # one meeting: organiser o (role weight 1), participants p1..p4 (0.3): tie o-p = 0.3,
    # p-p = 0.09 (count weighting). With 1/w the detour p-o-q (2/0.3 = 6.67) beats the direct
    # tie (1/0.09 = 11.1): o "brokers" every participant pair; at alpha = 0.5 the detour is
    # 2/sqrt(0.3) = 3.65 against 1/sqrt(0.09) = 3.33 and nobody stands between anyone
    G = nx.complete_graph(["o", "p1", "p2", "p3", "p4"])
    for u, v in G.edges():
        G[u][v]["weight"] = 0.3 if "o" in (u, v) else 0.09
    nx.set_node_attributes(G, "mso", "sector")
    assert betweenness(G, weight="weight", alpha=1)["o"] == pytest.approx(1.0)
    table = broker_table(G)
    assert (table["betweenness"] == 0).all()
    assert not table["mediates"].any() and not table.attrs["brokerage_exists"]
    assert not brokerage_exists(G)


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_mediates_is_unweighted_betweenness_above_zero(directed, seed):
    # independent: networkx's unweighted betweenness; a few tied pairs keep some nodes at 0
    G = nx.gnp_random_graph(40, 0.12 if directed else 0.25, seed=seed, directed=directed)
    G.add_edges_from([(100, 101), (101, 102), (102, 100)])  # a complete part: nobody between
    G.add_node(200)
    nx.set_node_attributes(G, {v: "ab"[v % 2] for v in G}, "sector")
    for u, v in G.edges():
        G[u][v]["weight"] = 1.0 + (u * v) % 5
    ref = nx.betweenness_centrality(G, normalized=False)
    table = broker_table(G)
    assert table["mediates"].to_dict() == {v: ref[v] > 1e-12 for v in G}
    assert brokerage_exists(G) == any(ref[v] > 1e-12 for v in G)


def test_brokerage_exists_clique_star_path_and_parts():
    # by hand: everyone tied to everyone (clique) -> nobody between; star and path -> the
    # centre / inner nodes stand between non-adjacent actors
    assert not brokerage_exists(nx.complete_graph(6))
    assert brokerage_exists(nx.star_graph(3)) and brokerage_exists(nx.path_graph(4))
    two_cliques = nx.disjoint_union(nx.complete_graph(4), nx.complete_graph(3))
    assert not brokerage_exists(two_cliques)
    two_cliques.add_edge(0, 4)  # now 0 and 4 stand between their cliques
    assert brokerage_exists(two_cliques)
    assert not brokerage_exists(nx.Graph()) and not brokerage_exists(nx.Graph([(0, 1)]))
    M = nx.MultiGraph(nx.complete_graph(3))
    M.add_edge(0, 1)
    M.add_edge(2, 2)
    assert not brokerage_exists(M)
    D = nx.DiGraph([(0, 1), (1, 0), (1, 2), (2, 1), (0, 2), (2, 0)])
    assert not brokerage_exists(D)
    D.remove_edge(0, 2)  # 0 -> 1 -> 2 without 0 -> 2
    assert brokerage_exists(D)
    with pytest.raises(TypeError, match="G must be a networkx graph"):
        brokerage_exists("graph")


# ---------------------------------------------------------------------------------------------
# cut points and bridges


def _brute_force_cut_off(G: nx.Graph, v) -> int:
    comp = nx.node_connected_component(G, v)
    H = G.subgraph(comp - {v})
    largest = max((len(c) for c in nx.connected_components(H)), default=0)
    return len(comp) - 1 - largest


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_cut_points_equal_networkx_and_brute_force(seed):
    G = nx.gnp_random_graph(70, 0.035, seed=seed)
    cuts = cut_points(G)
    assert set(cuts.index) == set(nx.articulation_points(G))
    for v in cuts.index:
        assert cuts.loc[v, "cut_off"] == _brute_force_cut_off(G, v)
        H = G.copy()
        comp = nx.node_connected_component(G, v)
        H = G.subgraph(comp - {v})
        assert cuts.loc[v, "n_pieces"] == nx.number_connected_components(H)
    largest = max(len(c) for c in nx.connected_components(G))
    assert (cuts["in_largest_component"] == (cuts["component_size"] == largest)).all()


@pytest.mark.parametrize("seed", [1, 2])
def test_bridges_equal_networkx(seed):
    G = nx.gnp_random_graph(60, 0.04, seed=seed)
    ours = bridges(G)
    assert {frozenset(e) for e in zip(ours["source"], ours["target"], strict=True)} == {
        frozenset(e) for e in nx.bridges(G)
    }
    for u, v, cut in zip(ours["source"], ours["target"], ours["cut_off"], strict=True):
        H = G.copy()
        H.remove_edge(u, v)
        sizes = (len(nx.node_connected_component(H, u)), len(nx.node_connected_component(H, v)))
        assert cut == min(sizes)
    assert ours["cut_off"].is_monotonic_decreasing


def test_cut_points_directed_uses_weak_ties_and_empty_result():
    G = nx.DiGraph([("a", "b"), ("c", "b")])
    assert cut_points(G).index.tolist() == ["b"]
    none = cut_points(nx.complete_graph(4))
    assert none.empty and list(none.columns) == [
        "cut_off", "n_pieces", "component_size", "in_largest_component"
    ]  # fmt: skip
    assert bridges(nx.cycle_graph(4)).empty


def test_cut_points_deep_path_needs_no_recursion():
    G = nx.path_graph(5000)  # recursion-based search would hit Python's limit
    cuts = cut_points(G)
    assert len(cuts) == 4998
    assert cuts.loc[2500, "cut_off"] == 2499  # pieces 2500 and 2499


# ---------------------------------------------------------------------------------------------
# communities and participation


def test_communities_two_cliques_and_determinism():
    G = nx.disjoint_union(nx.complete_graph(5), nx.complete_graph(4))
    G.add_edge(0, 5)
    G.add_node(99)
    first = communities(G, seed=3)
    assert first.tolist() == [0] * 5 + [1] * 4 + [2]
    assert first.equals(communities(G, seed=3))
    # modularity of this split, by networkx
    parts = [set(range(5)), set(range(5, 9)), {99}]
    assert first.attrs["modularity"] == pytest.approx(nx.community.modularity(G, parts))


def test_participation_coefficient_by_hand():
    # b: ties to a, c (community 0) and d (community 1), weights 1, 1, 2:
    # k_b = 4, P = 1 - (2/4)^2 - (2/4)^2 = 1/2; unweighted 1 - (2/3)^2 - (1/3)^2 = 4/9
    G = nx.Graph()
    G.add_weighted_edges_from([("a", "b", 1), ("b", "c", 1), ("b", "d", 2)])
    G.add_node("z")
    com = {"a": 0, "b": 0, "c": 0, "d": 1, "z": 2}
    weighted = participation_coefficient(G, com)
    assert weighted["b"] == pytest.approx(0.5)
    assert participation_coefficient(G, com, weight=None)["b"] == pytest.approx(4 / 9)
    assert weighted["a"] == 0.0 and weighted["d"] == 0.0 and math.isnan(weighted["z"])


def test_participation_coefficient_directed_sums_both_directions():
    # a -> b (1) and b -> a (3): one tie of weight 4; a -> c (4): P_a = 1 - 1/4 - 1/4 = 1/2
    G = nx.DiGraph()
    G.add_weighted_edges_from([("a", "b", 1), ("b", "a", 3), ("a", "c", 4)])
    pc = participation_coefficient(G, pd.Series({"a": 0, "b": 1, "c": 2}))
    assert pc["a"] == pytest.approx(0.5)


# ---------------------------------------------------------------------------------------------
# event brokerage


def _city() -> City:
    actors = pd.DataFrame(
        {
            "actor_id": ["a", "b", "c", "d", "e"],
            "name": list("ABCDE"),
            "sector": ["mso", "kommune", "kommune", "wohlfahrt", None],
            "level": ["kommune"] * 5,
        }
    )
    events = pd.DataFrame(
        {
            "event_id": ["f1", "f2", "g"],
            "title": ["Fachtag 1", "Fachtag 2", "Gremium"],
            "kind": ["fachtag", "fachtag", "gremium"],
            "date": ["2020", "2021", "2021-03"],
        }
    )
    participation = pd.DataFrame(
        {
            "event_id": ["f1", "f1", "f1", "f1", "f2", "f2", "g", "g", "g", "f1"],
            "actor_id": ["a", "b", "c", "e", "a", "c", "b", "d", "a", "a"],
            "role": ["organizer"] + ["participant"] * 8 + ["speaker"],
        }
    )
    referrals = pd.DataFrame(
        {"from_id": ["d"], "to_id": ["b"], "field": ["arbeit"], "period": ["2021"]}
    )
    return City.from_frames(
        actors=actors, events=events, participation=participation, referrals=referrals
    )


def test_event_brokerage_by_hand():
    # co-presence: a-b at f1 and g (two events), a-c at f1 and f2 (two), b-c at f1 only but
    # same sector, a-e and b-e and c-e at f1 only but e has no sector, a-d and b-d at g only
    # (a-d cross-sector; b-d cross-sector but b and d have a referral)
    result = event_brokerage(_city())
    assert result[["event_id", "actor_a", "actor_b"]].values.tolist() == [["g", "a", "d"]]
    assert result.loc[0, ["group_a", "group_b", "title"]].tolist() == [
        "mso",
        "wohlfahrt",
        "Gremium",
    ]
    with_referred = event_brokerage(_city(), exclude_referrals=False)
    assert with_referred[["actor_a", "actor_b"]].values.tolist() == [["a", "d"], ["b", "d"]]


def test_event_brokerage_errors():
    with pytest.raises(ValueError, match="'field' is not a column of the actors table"):
        event_brokerage(_city(), group="field")
    with pytest.raises(TypeError, match="netzwerk.City"):
        event_brokerage(object())


# ---------------------------------------------------------------------------------------------
# all in one


def test_brokers_table_combines_the_measures():
    G = nx.connected_caveman_graph(4, 5)
    rng = np.random.default_rng(1)
    for u, v in G.edges():
        G[u][v]["weight"] = float(rng.integers(1, 4))
    nx.set_node_attributes(G, {v: ("mso", "kommune", "wohlfahrt")[v % 3] for v in G}, "sector")
    G.add_node("iso", sector="mso")
    table = broker_table(G, seed=1)
    assert table.index.name == "actor_id" and list(table.index) == list(G)
    for column in ("betweenness", "is_cutpoint", "community", "participation_coefficient",
                   "coordinator", "expected_liaison", "z_total", "effective_size",
                   "constraint", "hierarchy", "cut_off", "group", "degree"):  # fmt: skip
        assert column in table.columns, column
    np.testing.assert_allclose(
        table["betweenness"], betweenness(G, weight="weight", alpha=DEFAULT_ALPHA)
    )
    assert table.attrs["alpha"] == DEFAULT_ALPHA == 0.5
    # strength: the summed weights of each actor's ties
    for v in (0, 7, 13):
        assert table.loc[v, "strength"] == pytest.approx(G.degree(v, weight="weight"))
    assert table.loc["iso", "strength"] == 0 and not table.loc["iso", "mediates"]
    pd.testing.assert_frame_equal(
        table[["effective_size", "efficiency", "constraint", "hierarchy"]],
        structural_holes(G, weight="weight"),
        check_like=True,
    )
    assert table["total"].equals(brokerage_roles(G, "sector")["total"])
    assert table["is_cutpoint"].sum() == len(cut_points(G))
    assert table.attrs["group"] == "sector" and table.attrs["seed"] == 1
    assert math.isnan(table.loc["iso", "constraint"])
    assert table.loc["iso", "degree"] == 0


def test_brokers_on_a_referral_graph():
    G = nx.DiGraph()
    G.add_weighted_edges_from([("a", "b", 3), ("b", "c", 1), ("c", "a", 2), ("c", "d", 5)])
    nx.set_node_attributes(G, {"a": "x", "b": "x", "c": "y", "d": "y"}, "sector")
    table = broker_table(G)
    # c: d(c) = weak degree 3; brokers b -> c -> d (A -> B -> B: gatekeeper) and
    # b -> c -> a is itinerant (x -> y -> x)
    assert table.loc["c", ["gatekeeper", "itinerant"]].tolist() == [1, 1]
    assert bool(table.loc["c", "is_cutpoint"]) and table.loc["c", "cut_off"] == 1


def test_brokerage_roles_attrs_carry_the_totals():
    G, group = _sna_graph("knoke_info_sector3", True)
    roles = brokerage_roles(G, group)
    totals = brokerage_totals(G, group)
    assert roles.attrs["totals"]["liaison"]["z"] == pytest.approx(totals.loc["liaison", "z"])
    assert roles.attrs["groups"] == {"GOV": 4, "VOL": 4, "PVT": 2}
    assert roles.attrs["n_arcs"] == 49


def test_communities_checks_resolution():
    with pytest.raises(ValueError, match="resolution must be a number >= 0, got -1"):
        communities(nx.path_graph(3), resolution=-1)
    assert len(communities(nx.Graph())) == 0


@needs_networkit
def test_betweenness_in_a_notebook_displays_nothing():
    # networkit shows a <script> when first imported in IPython; it must not reach reports
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import networkx as nx\n"
            "from netzwerk.brokers import betweenness\n"
            "values = betweenness(nx.path_graph(5))\n"
            "assert values.attrs['backend'] == 'networkit'"
        )
    ]
    nbclient.NotebookClient(nb, kernel_name="python3", timeout=120).execute()
    assert nb.cells[0].outputs == []


def test_brokers_reads_the_graph_once_and_shares_read_only_arcs(monkeypatch):
    G = nx.gnp_random_graph(60, 0.1, seed=3)
    rng = np.random.default_rng(3)
    for u, v in G.edges():
        G[u][v]["weight"] = float(rng.uniform(0.5, 2.0))
    nx.set_node_attributes(G, {v: "ab"[v % 2] for v in G}, "sector")
    expected = broker_table(G)
    reads = []
    original = common_module._read_arcs

    def counting(*args, **kwargs):
        reads.append(kwargs.get("combine"))
        return original(*args, **kwargs)

    monkeypatch.setattr(common_module, "_read_arcs", counting)
    pd.testing.assert_frame_equal(broker_table(G), expected)
    assert len(reads) == 1  # seven measures, one pass over the adjacency
    assert common_module._SHARED_ARCS.get() is None  # nothing shared after the call
    with common_module._sharing_arcs(G):
        s, _t, _w = common_module._arcs(G, "weight")
        with pytest.raises(ValueError, match="read-only"):
            s[0] = 1
    # a multigraph keeps one read per way of combining parallel edges
    M = nx.MultiGraph(G)
    M.add_edge(0, 1, weight=5.0)
    reads.clear()
    broker_table(M)
    assert sorted(reads, key=str) == ["max", "sum", "sum"]


def test_weight_default_is_the_weight_attribute():
    # #16 item 5: betweenness and structural_holes default to weight="weight" (was None); a
    # hand-checkable path a - b - c plus a weak direct tie a - c: with weights (tie length
    # 1/w) the detour through b (0.5 + 0.5) is shorter than the direct tie (1/0.5 = 2), so b
    # lies on the one shortest a-c path, betweenness 1/C(2, 2) = 1; unweighted it lies on none
    G = nx.Graph()
    G.add_edge("a", "b", weight=2.0)
    G.add_edge("b", "c", weight=2.0)
    G.add_edge("a", "c", weight=0.5)
    assert betweenness(G)["b"] == 1.0
    assert betweenness(G, weight=None)["b"] == 0.0
    pd.testing.assert_frame_equal(structural_holes(G), structural_holes(G, weight="weight"))
    # unweighted triangle: n - 2t/n = 2 - 2/2 = 1 for b. Weighted: p_ba = p_bc = 2/4, and
    # a's tie to c is a quarter of a's strongest (m_ac = 0.5/2), so each contact of b is
    # redundant by 0.5 * 0.25: 2 * (1 - 0.125) = 1.75 (networkx's effective_size agrees)
    assert structural_holes(G, weight=None).loc["b", "effective_size"] == pytest.approx(1.0)
    assert structural_holes(G).loc["b", "effective_size"] == pytest.approx(1.75)
    assert betweenness(G, k=2).attrs["seed"] == 0


def test_brokers_is_a_deprecated_alias_of_broker_table():
    # #16 item 5: the all-in-one table no longer shadows its module; the old name warns
    import netzwerk
    import netzwerk.brokers as module

    G = nx.path_graph(4)
    nx.set_node_attributes(G, {0: "a", 1: "a", 2: "b", 3: "b"}, "sector")
    with pytest.warns(DeprecationWarning, match="broker_table"):
        old = module.brokers(G, group="sector")
    pd.testing.assert_frame_equal(old, broker_table(G, group="sector"))
    assert "brokers" not in module.__all__ and "broker_table" in module.__all__
    assert netzwerk.broker_table is broker_table
