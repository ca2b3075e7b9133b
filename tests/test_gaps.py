"""Tests for netzwerk.gaps.

Reference values are computed by hand (arithmetic in the comments) or by brute force in this file
(an independent implementation: all ``n!`` permutations of the labels with ``itertools``, common
neighbours with networkx, Benjamini–Hochberg with scipy).
"""

from __future__ import annotations

import itertools
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest
import scipy.stats

from netzwerk import gaps
from netzwerk.gaps import (
    _groups,
    _stability,
    broker_stability,
    ei_index,
    field_coverage,
    missing_ties,
    sector_gaps,
    suggest_ties,
    text_similarity,
    unmet_needs,
)
from netzwerk.graph import cooperation_graph
from netzwerk.io import City, load_city

FIXTURE = Path(__file__).parent / "fixtures" / "gaps"


@pytest.fixture(scope="module")
def fixture_city() -> City:
    """Nine made-up actors with known answers (tests/fixtures/gaps/README.md)."""
    return load_city(FIXTURE)


def labelled(edges, labels, *, directed=False, attr="sector"):
    G = nx.DiGraph() if directed else nx.Graph()
    G.add_nodes_from(labels)
    G.add_edges_from(edges)
    nx.set_node_attributes(G, labels, attr)
    return G


def row(table, a, b):
    hit = table[(table.group_a == a) & (table.group_b == b)]
    assert len(hit) == 1
    return hit.iloc[0]


# A: a1 a2 a3, B: b1 b2, C: c1 (a group of one)
HAND_LABELS = {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "b2": "B", "c1": "C"}
HAND_EDGES = [("a1", "a2"), ("a2", "a3"), ("a1", "b1"), ("b1", "b2"), ("b2", "c1"), ("a3", "c1")]


# --------------------------------------------------------------------------- sector_gaps


def test_block_densities_by_hand():
    G = labelled(HAND_EDGES, HAND_LABELS)
    t = sector_gaps(G, n_permutations=100)  # 6!/(3!2!1!) = 60 labelings: enumerated
    # n = 6, m = 6, n(n-1) = 30
    # AA: possible C(3,2)=3, ties a1a2 a2a3 = 2, density 2/3, expected 6*3*2/30 = 1.2
    r = row(t, "A", "A")
    assert (r.possible, r.observed) == (3, 2)
    assert r.density == pytest.approx(2 / 3)
    assert r.expected == pytest.approx(1.2)
    # AB: possible 3*2=6, ties a1b1 = 1, expected 6*2*3*2/30 = 2.4
    r = row(t, "A", "B")
    assert (r.possible, r.observed) == (6, 1)
    assert r.density == pytest.approx(1 / 6)
    assert r.expected == pytest.approx(2.4)
    # AC: possible 3, ties a3c1 = 1, expected 6*2*3*1/30 = 1.2
    r = row(t, "A", "C")
    assert (r.possible, r.observed, r.expected) == (3, 1, pytest.approx(1.2))
    # BB: possible 1, tie b1b2, expected 6*2*1/30 = 0.4
    r = row(t, "B", "B")
    assert (r.possible, r.observed, r.expected) == (1, 1, pytest.approx(0.4))
    # BC: possible 2, tie b2c1, expected 6*2*2*1/30 = 0.8
    r = row(t, "B", "C")
    assert (r.possible, r.observed, r.expected) == (2, 1, pytest.approx(0.8))
    # CC: a group of one has no possible pair: density NaN, expected 0, p = 1, never a gap
    r = row(t, "C", "C")
    assert (r.possible, r.observed, r.expected) == (0, 0, 0.0)
    assert np.isnan(r.density) and np.isnan(r.z) and np.isnan(r.q_low)
    assert r.p_low == 1.0 and r.p_high == 1.0 and not r.gap
    # the rows: 3 groups -> 6 unordered pairs, sorted
    assert list(zip(t.group_a, t.group_b, strict=True)) == [
        ("A", "A"), ("A", "B"), ("A", "C"), ("B", "B"), ("B", "C"), ("C", "C"),
    ]  # fmt: skip
    assert t.observed.sum() == 6


def test_directed_blocks_by_hand():
    labels = {"a1": "A", "a2": "A", "b1": "B"}
    G = labelled([("a1", "a2"), ("a2", "a1"), ("a1", "b1"), ("b1", "a2")], labels, directed=True)
    t = sector_gaps(G, n_permutations=10)
    # ordered pairs: AA, AB, BA, BB. n = 3, m = 4, n(n-1) = 6
    assert len(t) == 4
    # AA: possible 2*1 = 2 arcs, observed 2, expected 4*2/6
    r = row(t, "A", "A")
    assert (r.possible, r.observed, r.expected) == (2, 2, pytest.approx(4 / 3))
    # AB: possible 2, observed a1->b1 = 1, expected 4*2*1/6
    r = row(t, "A", "B")
    assert (r.possible, r.observed, r.expected) == (2, 1, pytest.approx(4 / 3))
    r = row(t, "B", "A")
    assert (r.possible, r.observed) == (2, 1)
    r = row(t, "B", "B")
    assert (r.possible, r.observed, r.expected) == (0, 0, 0.0)


def test_weighted_statistic_by_hand():
    labels = {"a1": "A", "a2": "A", "b1": "B", "b2": "B"}
    G = labelled([], labels)
    G.add_edge("a1", "a2", weight=3.0)
    G.add_edge("a2", "b1", weight=0.5)
    G.add_edge("b1", "b2")  # no weight: counts 1
    t = sector_gaps(G, weight="weight")
    # total weight W = 4.5; AB: expected 4.5 * 2*2*2/12 = 3.0, observed weight 0.5, 1 tie
    r = row(t, "A", "B")
    assert r.observed == 1
    assert r.observed_weight == pytest.approx(0.5)
    assert r.expected == pytest.approx(3.0)
    # AA: W * 2/12 = 0.75; observed weight 3
    assert row(t, "A", "A").expected == pytest.approx(0.75)
    assert row(t, "A", "A").observed_weight == pytest.approx(3.0)
    assert t.attrs["weight"] == "weight"


def brute_force_block_null(G, labels_by_node, pair):
    """All n! permutations of the labels (each distinct labeling appears equally often)."""
    nodes = list(G.nodes)
    values = [labels_by_node[x] for x in nodes]
    target = sorted(pair)
    stats = []
    for perm in itertools.permutations(values):
        lab = dict(zip(nodes, perm, strict=True))
        stats.append(sum(sorted((lab[x], lab[y])) == target for x, y in G.edges))
    return np.array(stats)


def test_exact_enumeration_matches_brute_force():
    # 7 nodes: A x3, B x2, C x2 -> 7!/(3!2!2!) = 210 distinct labelings (<= 1000: enumerated)
    labels = {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "b2": "B", "c1": "C", "c2": "C"}
    edges = [("a1", "a2"), ("a2", "a3"), ("a1", "a3"), ("a3", "b1"), ("b1", "b2"),
             ("b2", "c1"), ("c1", "c2"), ("a1", "c2")]  # fmt: skip
    G = labelled(edges, labels)
    t = sector_gaps(G, n_permutations=1000)
    assert t.attrs["exact"] and t.attrs["n_permutations"] == 210
    for a, b in [("A", "A"), ("A", "B"), ("B", "C"), ("A", "C"), ("C", "C")]:
        null = brute_force_block_null(G, labels, (a, b))
        r = row(t, a, b)
        obs = r.observed
        assert r.p_low == pytest.approx(np.mean(null <= obs))
        assert r.p_high == pytest.approx(np.mean(null >= obs))
        # the closed-form expectation is the mean of the exact null
        assert r.expected == pytest.approx(null.mean())
        assert r.sd == pytest.approx(null.std())


def test_sampled_p_values_agree_with_exact_enumeration():
    # 12 nodes in 3 groups of 4 -> 12!/(4!^3) = 34650 labelings
    rng = np.random.default_rng(7)
    G = nx.gnm_random_graph(12, 22, seed=3)
    labels = {i: "ABC"[i % 3] for i in G}
    nx.set_node_attributes(G, labels, "sector")
    exact = sector_gaps(G, n_permutations=40_000)
    assert exact.attrs["exact"] and exact.attrs["n_permutations"] == 34650
    sampled = sector_gaps(G, n_permutations=5000, seed=int(rng.integers(1000)))
    assert not sampled.attrs["exact"]
    # standard error of a p-value from 5000 draws is at most 0.5/sqrt(5000) = 0.007
    np.testing.assert_allclose(sampled.p_low, exact.p_low, atol=0.03)
    np.testing.assert_allclose(sampled.p_high, exact.p_high, atol=0.03)
    np.testing.assert_allclose(sampled.expected, exact.expected)  # closed form in both
    np.testing.assert_allclose(sampled.sd, exact.sd, rtol=0.05)


def test_sampled_p_values_reproducible_with_seed():
    G = nx.gnm_random_graph(30, 60, seed=1)
    nx.set_node_attributes(G, {i: "XYZ"[i % 3] for i in G}, "sector")
    first = sector_gaps(G, n_permutations=200, seed=42)
    again = sector_gaps(G, n_permutations=200, seed=42)
    other = sector_gaps(G, n_permutations=200, seed=43)
    pd.testing.assert_frame_equal(first, again)
    assert not np.allclose(first.p_low, other.p_low)
    # +1 correction: the smallest possible p-value is 1/201, never 0
    assert first[["p_low", "p_high"]].min().min() >= 1 / 201


def test_planted_gap_is_flagged():
    # two groups of 8, each a clique, joined by nothing; a third group C tied to both
    G = nx.Graph()
    A = [f"a{i}" for i in range(8)]
    B = [f"b{i}" for i in range(8)]
    C = [f"c{i}" for i in range(4)]
    G.add_edges_from(itertools.combinations(A, 2))
    G.add_edges_from(itertools.combinations(B, 2))
    G.add_edges_from((c, x) for c in C for x in A[:3] + B[:3])
    nx.set_node_attributes(G, {x: x[0].upper() for x in G}, "sector")
    t = sector_gaps(G, n_permutations=999, seed=0)
    ab = row(t, "A", "B")
    assert ab.observed == 0 and ab.gap
    assert ab.p_low == pytest.approx(1 / 1000)  # no random labeling has 0 A-B ties
    assert ab.z < -3
    assert t.gap.sum() == 1 + int(row(t, "C", "C").gap)  # C-C (no ties, 6 pairs) may be one too
    assert not row(t, "A", "A").gap and row(t, "A", "A").p_high < 0.01


def test_warns_when_too_few_permutations_for_bh():
    G = nx.gnm_random_graph(40, 80, seed=4)
    nx.set_node_attributes(G, {i: "ABCDEF"[i % 6] for i in G}, "sector")
    # 21 pairs: the smallest BH-adjusted p is 21/(1 + R); R = 99 gives 0.21 > 0.05
    with pytest.warns(UserWarning, match="use at least 420"):
        t = sector_gaps(G, n_permutations=99)
    assert t.q_low.min() >= 21 / 100 - 1e-12


def test_bh_matches_scipy():
    p = np.array([0.01, 0.04, 0.03, 0.2, 0.5, 0.001, np.nan])
    q = _groups._bh(p)
    expected = scipy.stats.false_discovery_control(p[:-1], method="bh")
    np.testing.assert_allclose(q[:-1], expected)
    assert np.isnan(q[-1])


def test_gap_degenerate_inputs():
    empty = sector_gaps(nx.Graph())
    assert len(empty) == 0 and "gap" in empty.columns
    no_edges = labelled([], {"a": "A", "b": "B", "c": "B"})
    t = sector_gaps(no_edges)
    assert (t.observed == 0).all() and (t.expected == 0).all()
    assert t.z.isna().all() and (t.p_low == 1).all() and not t.gap.any()
    one_group = labelled([("a", "b")], {"a": "A", "b": "A"})
    t = sector_gaps(one_group)
    assert len(t) == 1 and t.loc[0, "density"] == 1.0 and np.isnan(t.loc[0, "z"])
    # self-loops are ignored
    loop = labelled([("a", "a"), ("a", "b")], {"a": "A", "b": "B"})
    assert sector_gaps(loop).observed.tolist() == [0, 1, 0]


def test_gap_input_is_not_mutated():
    G = labelled(HAND_EDGES, HAND_LABELS)
    before = nx.node_link_data(G, edges="edges")
    sector_gaps(G, n_permutations=100)
    ei_index(G, n_permutations=50)
    missing_ties(G, min_common=1)
    assert nx.node_link_data(G, edges="edges") == before


def test_gap_argument_errors():
    G = labelled(HAND_EDGES, HAND_LABELS)
    with pytest.raises(ValueError, match="n_permutations"):
        sector_gaps(G, n_permutations=0)
    with pytest.raises(TypeError, match="n_permutations"):
        sector_gaps(G, n_permutations=10.5)
    with pytest.raises(ValueError, match="alpha"):
        sector_gaps(G, alpha=1.5)
    with pytest.raises(ValueError, match="'sektor'"):
        sector_gaps(G, group="sektor")
    with pytest.raises(TypeError, match="MultiGraph"):
        sector_gaps(nx.MultiGraph(G))
    with pytest.raises(TypeError, match="networkx"):
        sector_gaps({"a": "b"})


# --------------------------------------------------------------------------- ei_index


def test_ei_index_by_hand():
    G = labelled(HAND_EDGES, HAND_LABELS)
    t = ei_index(G, n_permutations=100)
    net = t[t.level == "network"].iloc[0]
    # internal: a1a2, a2a3, b1b2 = 3; external: a1b1, b2c1, a3c1 = 3 -> EI = 0
    assert (net.internal, net.external, net.ei) == (3, 3, 0.0)
    # expected: 1 - 2*(3*2 + 2*1 + 0)/(6*5) = 1 - 16/30 = 7/15
    assert net.expected_ei == pytest.approx(7 / 15)
    groups = t[t.level == "group"].set_index("unit")
    # A: internal 2, external a1b1 + a3c1 = 2 -> 0
    assert (groups.loc["A", "internal"], groups.loc["A", "external"]) == (2, 2)
    assert groups.loc["A", "ei"] == 0.0
    # B: internal 1, external a1b1 + b2c1 = 2 -> 1/3
    assert groups.loc["B", "ei"] == pytest.approx(1 / 3)
    # C: internal 0, external 2 -> 1
    assert groups.loc["C", "ei"] == 1.0
    actors = t[t.level == "actor"].set_index("unit")
    # a1: neighbours a2 (in), b1 (out) -> 0; expected 1 - 2*(3-1)/5 = 0.2
    assert actors.loc["a1", "ei"] == 0.0
    assert actors.loc["a1", "expected_ei"] == pytest.approx(0.2)
    # c1: b2, a3 both outside -> 1; expected 1 - 0 = 1
    assert actors.loc["c1", "ei"] == 1.0 and actors.loc["c1", "expected_ei"] == 1.0
    assert actors.p_value.isna().all()
    assert actors.loc["b2", "group"] == "B"
    assert net.unit is None


def test_ei_index_directed_by_hand():
    labels = {"a1": "A", "a2": "A", "b1": "B"}
    G = labelled([("a1", "a2"), ("a1", "b1"), ("b1", "a2")], labels, directed=True)
    t = ei_index(G)
    groups = t[t.level == "group"].set_index("unit")
    # A sends a1->a2 (internal) and a1->b1 (external): EI 0; B sends b1->a2: EI 1
    assert groups.loc["A", ["internal", "external"]].tolist() == [1, 1]
    assert groups.loc["B", ["internal", "external", "ei"]].tolist() == [0, 1, 1.0]
    net = t[t.level == "network"].iloc[0]
    assert (net.internal, net.external) == (1, 2)
    assert net.ei == pytest.approx(1 / 3)
    actors = t[t.level == "actor"].set_index("unit")
    assert actors.loc["a2", ["internal", "external"]].tolist() == [0, 0]  # sends nothing
    assert np.isnan(actors.loc["a2", "ei"]) and np.isnan(actors.loc["a2", "expected_ei"])


def test_ei_p_values_match_brute_force():
    labels = {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "b2": "B", "c1": "C", "c2": "C"}
    edges = [("a1", "a2"), ("a2", "a3"), ("a1", "a3"), ("a3", "b1"), ("b1", "b2"),
             ("b2", "c1"), ("c1", "c2"), ("a1", "c2")]  # fmt: skip
    G = labelled(edges, labels)
    t = ei_index(G)
    assert t.attrs["exact"]
    nodes = list(G)
    net_null, a_null = [], []
    for perm in itertools.permutations([labels[x] for x in nodes]):
        lab = dict(zip(nodes, perm, strict=True))
        internal = sum(lab[x] == lab[y] for x, y in G.edges)
        net_null.append((8 - 2 * internal) / 8)
        ia = sum(lab[x] == lab[y] == "A" for x, y in G.edges)
        ea = sum((lab[x] == "A") != (lab[y] == "A") for x, y in G.edges)
        a_null.append((ea - ia) / (ea + ia) if ea + ia else np.nan)
    net_null, a_null = np.array(net_null), np.array(a_null)
    net = t[t.level == "network"].iloc[0]
    assert net.expected_ei == pytest.approx(net_null.mean())
    assert net.p_value == pytest.approx(
        np.mean(np.abs(net_null - net_null.mean()) >= abs(net.ei - net_null.mean()) - 1e-12)
    )
    a = t[(t.level == "group") & (t.unit == "A")].iloc[0]
    valid = a_null[~np.isnan(a_null)]
    assert a.expected_ei == pytest.approx(valid.mean())
    assert a.p_value == pytest.approx(
        np.mean(np.abs(valid - valid.mean()) >= abs(a.ei - valid.mean()) - 1e-12)
    )


def test_ei_degenerate_and_reproducible():
    t = ei_index(nx.Graph())
    assert list(t.level) == ["network"] and np.isnan(t.loc[0, "ei"])
    isolates = labelled([], {"a": "A", "b": "B"})
    t = ei_index(isolates)
    assert t.ei.isna().all()
    G = nx.gnm_random_graph(40, 80, seed=2)
    nx.set_node_attributes(G, {i: "PQRS"[i % 4] for i in G}, "sector")
    pd.testing.assert_frame_equal(
        ei_index(G, n_permutations=100, seed=5), ei_index(G, n_permutations=100, seed=5)
    )


# --------------------------------------------------------------------------- missing_ties


def test_missing_ties_by_hand():
    # jc and awo share stadt, mso, vhs (3); jc and mso2 share stadt (1); awo-jc cross-sector
    labels = {"jc": "arbeit", "awo": "wohlfahrt", "stadt": "verwaltung", "mso": "mso",
              "vhs": "bildung", "mso2": "mso"}  # fmt: skip
    edges = [("jc", "stadt"), ("jc", "mso"), ("jc", "vhs"), ("awo", "stadt"), ("awo", "mso"),
             ("awo", "vhs"), ("awo", "mso2"), ("mso2", "stadt")]  # fmt: skip
    G = labelled(edges, labels)
    G.nodes["stadt"]["name"] = "Stadt Beispiel"
    t = missing_ties(G, min_common=2)
    first = t.iloc[0]
    assert (first.actor_a, first.actor_b, first.n_common) == ("awo", "jc", 3)
    # |N(awo) ∪ N(jc)| = {stadt, mso, vhs, mso2} = 4 -> Jaccard 3/4
    assert first.jaccard == pytest.approx(0.75)
    assert first.common == ("mso", "stadt", "vhs")
    assert first.common_names == "mso; Stadt Beispiel; vhs"
    # mso and mso2 share awo and stadt but are the same sector: not listed
    assert not ((t.actor_a == "mso") & (t.actor_b == "mso2")).any()
    assert list(t["rank"]) == list(range(1, len(t) + 1))
    # adjacent pairs never appear
    assert not any(G.has_edge(a, b) for a, b in zip(t.actor_a, t.actor_b, strict=True))


def test_missing_ties_against_networkx():
    G = nx.gnm_random_graph(35, 90, seed=11)
    nx.set_node_attributes(G, {i: "UVW"[i % 3] for i in G}, "sector")
    t = missing_ties(G, min_common=2)
    expected = {}
    for a, b in itertools.combinations(G, 2):
        if G.has_edge(a, b) or G.nodes[a]["sector"] == G.nodes[b]["sector"]:
            continue
        common = len(list(nx.common_neighbors(G, a, b)))
        if common >= 2:
            expected[tuple(sorted((a, b), key=str))] = common
    got = dict(zip(zip(t.actor_a, t.actor_b, strict=True), t.n_common, strict=True))
    assert got == expected
    assert t.n_common.is_monotonic_decreasing


def test_missing_ties_degenerate():
    assert missing_ties(nx.Graph()).empty
    assert missing_ties(labelled([("a", "b")], {"a": "A", "b": "B"})).empty
    with pytest.raises(ValueError, match="min_common"):
        missing_ties(labelled([], {"a": "A"}), min_common=0)


# --------------------------------------------------------------------------- unmet_needs


def test_unmet_needs_known_answers(fixture_city):
    t = unmet_needs(fixture_city, cooperation_graph(fixture_city)).set_index("resource_id")
    assert list(t.index) == ["n1", "n2", "n3", "n4", "n5", "n6"]
    expected_status = {
        "n1": "connected",  # o1 by awo, same topic; awo and mso1 both at e1
        "n2": "unconnected",  # o2 by wbg, same topic; mso2 (e3) and wbg (e2) never met
        "n3": "unmet",  # topic sonstiges never matches by topic; no similar text
        "n4": "unconnected",  # anonymous need; o3 matches by text only
        "n5": "unmet",  # the only kinderbetreuung offer is stadt's own
        "n6": "unconnected",  # o5 matches but is anonymous
    }
    assert t["status"].to_dict() == expected_status
    assert t.loc["n1", "offers"] == ("o1",) and t.loc["n1", "connected_to"] == ("awo",)
    assert t.loc["n2", "offer_actors"] == ("wbg",)
    assert t.loc["n4", "anonymous"] and t.loc["n4", "actor_id"] is None
    assert t.loc["n4", "offers"] == ("o3",)
    assert t.loc["n5", "offers"] == () and t.loc["n5", "n_offers"] == 0
    assert t.loc["n6", "offers"] == ("o5",) and t.loc["n6", "offer_actors"] == ()
    assert not t.loc[["n1", "n2", "n3", "n5", "n6"], "anonymous"].any()


def test_unmet_needs_with_given_graph_and_collapsed_departments(fixture_city):
    # with a tie mso2 - wbg, n2 becomes connected; without any tie n1 is only unconnected
    G = nx.Graph()
    G.add_nodes_from(fixture_city.actors["actor_id"])
    G.add_edge("mso2", "wbg")
    t = unmet_needs(fixture_city, G).set_index("resource_id")
    assert t.loc["n2", "status"] == "connected"
    assert t.loc["n1", "status"] == "unconnected"
    # a department's card counts for its organisation when the graph has organisations only
    actors = fixture_city.actors.copy()
    actors.loc[actors.actor_id == "wbg", "parent_id"] = "stadt"
    city = City.from_frames(
        actors=actors.drop(columns=[]),
        resources=fixture_city.resources.drop(columns=[]),
    )
    H = nx.Graph([("mso2", "stadt")])
    t = unmet_needs(city, H).set_index("resource_id")
    assert t.loc["n2", "status"] == "connected"


def test_unmet_needs_threshold_controls_text_matches(fixture_city):
    # n4 and o3 share "Ehrenamtlichen"/"Hausaufgabenhilfe": similarity well above 0.3
    t = unmet_needs(fixture_city, nx.Graph(), threshold=0.99).set_index("resource_id")
    assert t.loc["n4", "status"] == "unmet"
    with pytest.raises(ValueError, match="threshold"):
        unmet_needs(fixture_city, nx.Graph(), threshold=1.5)


def test_unmet_needs_without_cards():
    city = City.from_frames(
        actors=pd.DataFrame(
            {"actor_id": ["a"], "name": ["A"], "sector": ["mso"], "level": ["kommune"]}
        )
    )
    t = unmet_needs(city, nx.Graph())
    assert t.empty and {"resource_id", "status", "offers"} <= set(t.columns)


def test_text_similarity_properties():
    texts = ["Sprachmittler für Arabisch", "Sprachmittlung Arabisch, Dari", "", "Räume"]
    s = text_similarity(texts)
    np.testing.assert_allclose(s, s.T)
    assert s[0, 0] == pytest.approx(1.0) and s[2, 2] == 0.0
    assert s[0, 1] > 0.5 and s[0, 3] < 0.05
    # umlaut folding and hyphenation: these are the same words
    folded = text_similarity(["Bürgerhaus Übersetzung", "Buergerhaus Ueber- setzung"])
    assert folded[0, 1] == pytest.approx(1.0)


def test_text_similarity_against_hand_computed_tfidf():
    # two one-word texts "ab" and "ab": identical -> 1; "ab" vs "cd": no shared gram -> 0
    assert text_similarity(["ab", "ab"])[0, 1] == pytest.approx(1.0)
    assert text_similarity(["ab", "cd"])[0, 1] == 0.0
    # "abc" -> " abc " grams: " ab", "abc", "bc ", " abc", "abc ", " abc " (6 grams)
    # "abd" -> " ab", "abd", "bd ", " abd", "abd ", " abd " ; shared: " ab" only
    # N = 2, df(" ab") = 2 -> idf 1 + ln(3/3) = 1; others df 1 -> idf 1 + ln(3/2)
    idf = 1 + np.log(1.5)
    expected = 1 / (1 + 5 * idf**2)
    assert text_similarity(["abc", "abd"])[0, 1] == pytest.approx(expected)


# --------------------------------------------------------------------------- field_coverage


def test_field_coverage_known_unreachable_fields(fixture_city):
    t = field_coverage(fixture_city)
    assert t.attrs["entry"] == ["awo", "caritas", "mso1", "mso2"]
    unreachable = set(t.attrs["unreachable_fields"])
    # klinik <-> vhs referrals exist, but no client reaches them from an entry actor
    assert {"bildung", "gesundheit"} <= unreachable
    assert not {"arbeit", "wohnen", "aufenthalt"} & unreachable
    # fields without any referral are unreachable as well
    assert {"deutscherwerb", "familie", "soziales", "teilhabe"} <= unreachable
    by = t.set_index(["field", "sector"])
    # arbeit: awo -> jc, count 10
    assert by.loc[("arbeit", "wohlfahrt"), ["sent_links", "sent"]].tolist() == [1, 10]
    assert by.loc[("arbeit", "arbeitsmarkt"), ["received_links", "received"]].tolist() == [1, 10]
    assert by.loc[("arbeit", "arbeitsmarkt"), "reached"]
    assert by.loc[("arbeit", "arbeitsmarkt"), "never_refers"]
    assert not by.loc[("arbeit", "wohlfahrt"), "never_refers"]
    # wohnen: jc -> wbg; jc is reachable through awo, so wbg is reached
    assert by.loc[("wohnen", "wohnen"), ["received", "reached"]].tolist() == [3, True]
    # aufenthalt: caritas -> stadt without a count: one link, 0 counted
    assert by.loc[("aufenthalt", "verwaltung"), ["received_links", "received"]].tolist() == [1, 0]
    # bildung: klinik -> vhs is counted but not reached
    assert by.loc[("bildung", "bildung"), ["received", "reached"]].tolist() == [2, False]
    assert by.loc[("bildung", "wohlfahrt"), "field_label"] == "Bildung"
    # 10 vocabulary fields x 7 sectors
    assert len(t) == 10 * 7


def test_field_coverage_configurable_entry(fixture_city):
    t = field_coverage(fixture_city, entry=["klinik"])
    assert t.attrs["entry"] == ["klinik"]
    unreachable = set(t.attrs["unreachable_fields"])
    assert "bildung" not in unreachable and "gesundheit" not in unreachable
    assert "arbeit" in unreachable
    # sector codes stand for all their actors
    t = field_coverage(fixture_city, entry=["arbeitsmarkt"])
    assert t.attrs["entry"] == ["jc"]
    assert set(t.attrs["unreachable_fields"]) >= {"arbeit", "aufenthalt"}
    assert "wohnen" not in t.attrs["unreachable_fields"]
    with pytest.raises(ValueError, match="entry contains 'nobody'"):
        field_coverage(fixture_city, entry=["nobody"])


def test_field_coverage_without_referrals():
    city = City.from_frames(
        actors=pd.DataFrame(
            {"actor_id": ["a"], "name": ["A"], "sector": ["mso"], "level": ["kommune"]}
        )
    )
    t = field_coverage(city)
    assert len(t) == 10 and not t.field_reachable.any() and t.never_refers.all()


# --------------------------------------------------------------------------- suggest_ties


def test_suggest_ties_on_fixture(fixture_city):

    G = cooperation_graph(fixture_city)
    t = suggest_ties(fixture_city, G, top=5)
    assert len(t) <= 5 and list(t["rank"]) == list(range(1, len(t) + 1))
    assert t.score.is_monotonic_decreasing
    pairs = list(zip(t.actor_a, t.actor_b, strict=True))
    # n2 (mso2) needs housing, o2 (wbg) offers it, no tie: score >= 2, German reason
    assert ("mso2", "wbg") in pairs
    row = t[(t.actor_a == "mso2") & (t.actor_b == "wbg")].iloc[0]
    assert row.resource_matches == 1 and row.score >= 2
    assert row.reason.startswith("Wohnungsbaugesellschaft bietet „Wohnungsangebote für Familien“")
    assert "was Afrikanischer Elternverein sucht" in row.reason
    # n1 is already met through e1: awo-mso1 is never suggested; no pair is suggested twice
    assert ("awo", "mso1") not in pairs
    assert len(set(pairs)) == len(pairs)
    assert not any(G.has_edge(a, b) for a, b in pairs)
    assert all("\n" not in r for r in t.reason)


def test_suggest_ties_closure_and_bridge_by_hand():
    # two triangles {a1,a2,a3} and {b1,b2,b3}, joined only by a3-b1; x (sector X) tied to a1, a2
    G = nx.Graph([("a1", "a2"), ("a2", "a3"), ("a1", "a3"), ("b1", "b2"), ("b2", "b3"),
                  ("b1", "b3"), ("a3", "b1"), ("x", "a1"), ("x", "a2")])  # fmt: skip
    sectors = {"a1": "A", "a2": "A", "a3": "B", "b1": "B", "b2": "C", "b3": "C", "x": "X"}
    nx.set_node_attributes(G, sectors, "sector")
    city = City.from_frames(
        actors=pd.DataFrame(
            {
                "actor_id": list(sectors),
                "name": [n.upper() for n in sectors],
                "sector": list(sectors.values()),
                "level": ["kommune"] * 7,
            }  # fmt: skip
        )
    )
    t = suggest_ties(city, G, top=20)
    closure = t[t.n_common > 0]
    # x-a3 share a1, a2 (2 common, sectors X/B): the only cross-sector pair with >= 2 common
    assert list(zip(closure.actor_a, closure.actor_b, strict=True)) == [("a3", "x")]
    assert closure.iloc[0].reason.startswith("Beide arbeiten mit 2 gemeinsamen Partnern (A1, A2)")
    assert (t.resource_matches == 0).all()
    assert suggest_ties(City.from_frames(), nx.Graph()).empty


# --------------------------------------------------------------------------- broker_stability


def test_broker_stability_jackknife_by_hand(fixture_city):
    # events only: e1 = {awo, mso1, stadt, jc}, e2 = {caritas, wbg, stadt}, e3 = {vhs, mso2}.
    # stadt is the only link between e1 and e2: all 3 x 2 = 6 pairs pass through it, so its
    # betweenness is 6 / C(8, 2) = 6/28; with equal role weights and counted co-participation
    # every tie has weight 1, so no detour through a clique member is shorter: others have 0.
    options = {"layers": ["events"], "role_weights": "equal", "weighting": "count"}
    t = broker_stability(fixture_city, build=cooperation_graph, top=2, graph_options=options)
    assert t.attrs["n_resamples"] == 3 and t.attrs["method"] == "jackknife"
    assert t.loc["stadt", "betweenness"] == pytest.approx(6 / 28)
    assert t.loc["stadt", "rank_betweenness"] == 1
    assert (t.drop(index="stadt").betweenness == 0).all()
    # without e1 or without e2 stadt brokers nothing; without e3 it keeps 6/28: in the top in
    # 1 of 3 resamples, so no stable broker, and the caveat names e1 and e2
    assert t.loc["stadt", "top_share_betweenness"] == pytest.approx(1 / 3)
    assert not t.loc["stadt", "stable_broker"]
    assert t.loc["stadt", "depends_on"] == ("e1", "e2")
    assert t.loc["awo", "depends_on"] == ()
    assert (t.rank_betweenness_low <= t.rank_betweenness_high).all()
    assert set(t.attrs["kendall_tau"]) == {"betweenness", "brokerage"}


def test_broker_stability_bootstrap_reproducible(fixture_city):
    a = broker_stability(
        fixture_city,
        build=cooperation_graph,
        n_resamples=8,
        method="bootstrap",
        seed=3,
        drop_ties=0.2,
    )
    b = broker_stability(
        fixture_city,
        build=cooperation_graph,
        n_resamples=8,
        method="bootstrap",
        seed=3,
        drop_ties=0.2,
    )
    pd.testing.assert_frame_equal(a, b)
    assert a.attrs["tau"] == b.attrs["tau"] or np.allclose(
        a.attrs["tau"]["betweenness"], b.attrs["tau"]["betweenness"], equal_nan=True
    )
    assert "depends_on" not in a.columns
    with pytest.raises(ValueError, match="method"):
        broker_stability(fixture_city, build=cooperation_graph, method="bagging")
    with pytest.raises(ValueError, match="drop_ties"):
        broker_stability(fixture_city, build=cooperation_graph, drop_ties=1.0)


def _organised_meeting() -> City:
    """One meeting: organiser o (role weight 1), participants p1..p3 (0.3): a clique."""
    actors = ["o", "p1", "p2", "p3"]
    return City.from_frames(
        actors=pd.DataFrame(
            {
                "actor_id": actors,
                "name": actors,
                "sector": ["verwaltung", "mso", "mso", "bildung"],
                "level": ["kommune"] * 4,
            }
        ),  # fmt: skip
        events=pd.DataFrame(
            {
                "event_id": ["e1", "e2"],
                "title": ["T1", "T2"],
                "kind": ["gremium"] * 2,
                "date": ["2020", "2021"],
            }
        ),  # fmt: skip
        participation=pd.DataFrame(
            {
                "event_id": ["e1"] * 4 + ["e2"] * 2,
                "actor_id": actors + ["o", "p1"],
                "role": ["organizer"] + ["participant"] * 3 + ["organizer", "participant"],
            }
        ),  # fmt: skip
    )


def test_broker_stability_ranks_no_broker_that_only_weights_create():
    # with 1/w (alpha = 1) o lies on the "shorter" strong detours p - o - q, but p and q are
    # tied directly: o stands between no one, so its betweenness counts 0 in every resample
    city = _organised_meeting()
    from netzwerk.brokers import betweenness

    G = cooperation_graph(city, weighting="count")
    assert betweenness(G, weight="weight", alpha=1)["o"] > 0
    t = broker_stability(
        city, build=cooperation_graph, alpha=1, graph_options={"weighting": "count"}
    )
    assert (t["betweenness"] == 0).all() and not t["stable_broker"].any()
    assert t.attrs["alpha"] == 1
    assert broker_stability(city, build=cooperation_graph).attrs["alpha"] == 0.5


def test_broker_robustness_on_the_fixture_city(fixture_city):
    from netzwerk.brokers import broker_table, leading_brokers

    t = gaps.broker_robustness(fixture_city, build=cooperation_graph, top=3)
    assert list(zip(t.weighting, t.role_weights, strict=True)) == [
        ("newman", "default"), ("count", "default"), ("newman", "equal"), ("count", "equal")
    ]  # fmt: skip
    assert t.brokerage_exists.all()
    # the reference row is the report's claim: broker_table() on the report's graph
    G = cooperation_graph(fixture_city)
    assert list(t.loc[0, "leading"]) == leading_brokers(broker_table(G))
    assert t.loc[0, "overlap"] == 1.0 and t.loc[0, "spearman"] == pytest.approx(1.0)
    # what survives is what every row shares; cut points come from the ties (networkx)
    shared = set.intersection(*(set(x) for x in t["leading"]))
    assert t.attrs["leading_everywhere"] == sorted(shared)
    assert set(t.attrs["survivors"]) == set.intersection(*(set(x) for x in t["top"]))
    assert t.attrs["cutpoints"] == sorted(nx.articulation_points(G))
    assert t.attrs["cutpoints_unchanged"]
    # the role weights matter here: with equal roles the top three are not the reference's
    assert t.loc[t.role_weights == "equal", "overlap"].lt(1).any()
    jaccard = gaps.broker_robustness(fixture_city, build=cooperation_graph, weightings=["jaccard"])
    assert jaccard.weighting.tolist() == ["newman", "jaccard"] * 2
    with pytest.raises(ValueError, match="weighting must be one of"):
        gaps.broker_robustness(fixture_city, build=cooperation_graph, weightings=["median"])
    with pytest.raises(ValueError, match="top must be a whole number"):
        gaps.broker_robustness(fixture_city, build=cooperation_graph, top=0)


def test_old_call_forms_without_a_graph_builder_warn_and_give_the_same(fixture_city):
    # one release: a gap measure called without the builder (or graph) still builds the
    # cooperation graph, with a DeprecationWarning, and gives the same table
    options = {"weighting": "count"}
    new = broker_stability(fixture_city, build=cooperation_graph, top=2, graph_options=options)
    with pytest.warns(DeprecationWarning, match="build=netzwerk.cooperation_graph"):
        old = broker_stability(fixture_city, top=2, graph_options=options)
    pd.testing.assert_frame_equal(old, new)
    with pytest.warns(DeprecationWarning, match="broker_robustness"):
        old = gaps.broker_robustness(fixture_city, top=3)
    pd.testing.assert_frame_equal(
        old, gaps.broker_robustness(fixture_city, build=cooperation_graph, top=3)
    )
    with pytest.warns(DeprecationWarning, match="unmet_needs"):
        old = unmet_needs(fixture_city)
    pd.testing.assert_frame_equal(old, unmet_needs(fixture_city, cooperation_graph(fixture_city)))
    with pytest.raises(TypeError, match="build must be a callable"):
        broker_stability(fixture_city, build="cooperation_graph")
    G = cooperation_graph(fixture_city)
    with pytest.warns(DeprecationWarning, match="top="):
        old = suggest_ties(fixture_city, G, k=3)
    pd.testing.assert_frame_equal(old, suggest_ties(fixture_city, G, top=3))
    assert len(old) == 3 and old.attrs["top"] == 3


def test_gaps_does_not_import_the_graph_module():
    # measures take graphs (#16 item 4): no module of netzwerk.gaps imports netzwerk.graph
    folder = Path(gaps.__file__).parent
    for path in folder.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "netzwerk.graph import" not in text.replace(">>> from netzwerk.graph", ""), path
        assert "import netzwerk.graph" not in text, path


def test_resampled_city_copies_repeated_events(fixture_city):
    city = _stability._resampled_city(fixture_city, np.array(["e1", "e1", "e3"]))
    assert sorted(city.events.event_id) == ["e1", "e1~2", "e3"]
    assert (city.participation.event_id == "e1~2").sum() == 4
    assert len(fixture_city.events) == 3  # input untouched


# --------------------------------------------------------------------------- Beispielstadt


@pytest.fixture(scope="module")
def beispielstadt(data_dir):
    folder = data_dir / "beispielstadt"
    if not (folder / "datapackage.json").exists():
        pytest.skip("data/beispielstadt not generated yet")
    return load_city(folder)


@pytest.fixture(scope="module")
def beispielstadt_graph(beispielstadt):

    return cooperation_graph(beispielstadt)


def test_beispielstadt_planted_gap_is_significant(beispielstadt, beispielstadt_graph):
    a, b = sorted(beispielstadt.meta["planted"]["gap_sectors"])
    # 14 sectors -> 105 pairs; BH at 0.05 needs > 2100 permutations to flag anything
    t = sector_gaps(beispielstadt_graph, n_permutations=4999, seed=0)
    r = row(t, a, b)
    assert r.observed == 0 and r.possible > 0
    assert r.gap and r.q_low <= 0.05


def test_beispielstadt_needs_get_the_planted_status(beispielstadt, beispielstadt_graph):
    planted = beispielstadt.meta["planted"]["needs"]
    expected = {rid: status for status, ids in planted.items() for rid in ids}
    t = unmet_needs(beispielstadt, beispielstadt_graph).set_index("resource_id")
    assert set(t.index) == set(expected)
    assert t["status"].to_dict() == expected
    assert {"unmet", "unconnected", "connected"} == set(t["status"])


def test_beispielstadt_unreachable_field_is_flagged(beispielstadt):
    field = beispielstadt.meta["planted"]["unreachable_field"]
    t = field_coverage(beispielstadt).set_index(["field", "sector"])
    # planted: no referral in the field ends at an MSO, although MSOs refer in it
    assert t.loc[(field, "mso"), "received_links"] == 0
    assert not t.loc[(field, "mso"), "reached"]
    assert t.loc[(field, "mso"), "sent_links"] > 0
    assert (field, "mso") in field_coverage(beispielstadt).attrs["unreached"]


def test_beispielstadt_bridge_is_top_broker_and_cut_point(beispielstadt, beispielstadt_graph):
    from netzwerk.brokers import broker_table

    bridge = beispielstadt.meta["planted"]["bridge"]
    b = broker_table(beispielstadt_graph)
    assert b.loc[bridge, "is_cutpoint"]
    assert b.loc[bridge, "cut_off"] == len(beispielstadt.meta["planted"]["bridged_actors"])
    assert b["betweenness"].rank(ascending=False)[bridge] <= 10
    assert b["total"].rank(ascending=False)[bridge] <= 10
    # and it stays a broker when single events go missing (5 leave-one-out resamples)
    s = broker_stability(beispielstadt, build=cooperation_graph, n_resamples=5, seed=0)
    assert s.loc[bridge, "top_share_betweenness"] == 1.0


# --------------------------------------------------------------------------- fast paths
# The batched null, the two-path listing of shared partners and the top-k suggestion ranking
# are checked against plain Python loops written here from the definitions (an independent,
# slow implementation), not against stored numbers.


def random_labelled(n, p, seed, *, directed=False, groups="abcd"):
    rng = np.random.default_rng(seed)
    G = nx.gnp_random_graph(n, p, seed=seed, directed=directed)
    nx.set_node_attributes(G, {v: groups[rng.integers(len(groups))] for v in G}, "sector")
    for a, b in G.edges:
        G[a][b]["weight"] = float(rng.random())
    return G


@pytest.mark.parametrize("batch", [1, 37, 2_000_000])
def test_null_blocks_equal_loop_over_edges(monkeypatch, batch):
    from netzwerk.gaps import _nulls

    monkeypatch.setattr(_nulls, "_BATCH_ENTRIES", batch)
    rng = np.random.default_rng(4)
    n, k = 25, 3
    edges = [(a, b) for a in range(n) for b in range(n) if a != b and rng.random() < 0.15]
    u = np.array([e[0] for e in edges])
    v = np.array([e[1] for e in edges])
    w = rng.random(len(edges))
    labelings = [rng.integers(k, size=n) for _ in range(9)]
    for weights in (None, w):
        got = _nulls.null_blocks(u, v, weights, k, iter(labelings), len(labelings))
        for r, labels in enumerate(labelings):
            expected = np.zeros((k, k))
            for e, (a, b) in enumerate(edges):
                expected[labels[a], labels[b]] += 1 if weights is None else weights[e]
            np.testing.assert_allclose(got[r], expected, rtol=1e-12)


@pytest.mark.parametrize("directed", [False, True])
def test_report_pass_over_labelings_equals_separate_calls(directed):
    G = random_labelled(40, 0.12, 3, directed=directed)
    gaps_shared, ei_shared = _groups._gaps_and_ei(G, n_permutations=400, seed=9, alpha=0.1)
    gaps_alone = sector_gaps(G, n_permutations=400, seed=9, alpha=0.1)
    ei_alone = ei_index(G, n_permutations=400, seed=9)
    pd.testing.assert_frame_equal(gaps_shared, gaps_alone, check_exact=True)
    pd.testing.assert_frame_equal(ei_shared, ei_alone, check_exact=True)
    assert gaps_shared.attrs == gaps_alone.attrs and ei_shared.attrs == ei_alone.attrs


def naive_missing_ties(G, min_common):
    """missing_ties from its definition: every pair, set intersections, a Python sort."""
    H = G.to_undirected() if G.is_directed() else G
    rows = []
    nodes = list(H)
    for i, a in enumerate(nodes):
        for b in nodes[i + 1 :]:
            if H.has_edge(a, b) or H.nodes[a]["sector"] == H.nodes[b]["sector"]:
                continue
            na, nb = set(H[a]) - {a}, set(H[b]) - {b}
            common = na & nb
            if len(common) < min_common:
                continue
            x, y = (a, b) if str(a) <= str(b) else (b, a)
            rows.append(
                (x, y, len(common), len(common) / len(na | nb), tuple(sorted(common, key=str)))
            )
    rows.sort(key=lambda r: (-r[2], -r[3], str(r[0]), str(r[1])))
    return rows


@pytest.mark.parametrize("dense", [True, False])
def test_missing_ties_equal_naive_pair_loop(monkeypatch, dense):
    from netzwerk.gaps import _closure

    if not dense:  # the binary-search lookup and many small chunks of two-paths
        monkeypatch.setattr(_closure, "_DENSE_LOOKUP", 0)
        monkeypatch.setattr(_closure, "_CHUNK", 7)
    for directed in (False, True):
        G = random_labelled(45, 0.2, 5, directed=directed)
        for min_common in (1, 3):
            got = missing_ties(G, min_common=min_common)
            expected = naive_missing_ties(G, min_common)
            assert len(got) == len(expected) > 0
            table = list(
                zip(got.actor_a, got.actor_b, got.n_common, got.jaccard, got.common, strict=True)
            )
            assert [r[:3] + r[4:] for r in table] == [r[:3] + r[4:] for r in expected]
            np.testing.assert_allclose([r[3] for r in table], [r[3] for r in expected])
            assert got["common_names"].iloc[0] == "; ".join(str(p) for p in expected[0][4])


def test_suggest_ties_with_given_closure_and_communities(fixture_city):
    from netzwerk.brokers import communities

    G = cooperation_graph(fixture_city)
    alone = suggest_ties(fixture_city, G, top=20)
    given = suggest_ties(
        fixture_city, G, top=20, closure=missing_ties(G), community=communities(G, seed=0)
    )
    pd.testing.assert_frame_equal(alone, given)
    with pytest.raises(TypeError, match="closure"):
        suggest_ties(fixture_city, G, closure=pd.DataFrame({"x": [1]}))


def test_suggest_ties_top_k_is_the_head_of_the_full_ranking(fixture_city):

    # the best k are chosen before reasons are written; they must be the first k of all
    G = cooperation_graph(fixture_city)
    everything = suggest_ties(fixture_city, G, top=10_000)
    assert len(everything) > 3
    scores = everything["score"].tolist()
    assert scores == sorted(scores, reverse=True)
    for k in (1, 2, 3):
        head = suggest_ties(fixture_city, G, top=k)
        pd.testing.assert_frame_equal(head, everything.head(k), check_dtype=False)
