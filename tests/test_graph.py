"""Tests for netzwerk.graph.

Reference values come from two places: hand computation on the small fixture city below (the
arithmetic is in the comments), and networkx's bipartite projections (an independent
implementation) on random two-mode graphs. A brute-force double loop over events and pairs, written
here from the formula in the docstring, checks the role-weighted schemes on random data.
"""

from __future__ import annotations

import itertools
import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from networkx.algorithms import bipartite

from netzwerk.graph import (
    compare_graphs,
    cooperation_graph,
    default_role_weights,
    period_bounds,
    referral_graph,
    tie_evidence,
    two_mode_graph,
)
from netzwerk.io import City, DataError

# --------------------------------------------------------------------------------------------
# The fixture city
# --------------------------------------------------------------------------------------------
#
# Role weights (defaults): organizer/host/funder/chair 1.0, speaker 0.6, participant 0.3.
#
# e1 2019-03-12, n=5: stadt_int organizer 1, awo speaker .6, caritas .3, mso1 .3, vereine .3
# e2 "2019",     n=3: stadt organizer 1, stadt_int participant .3, awo chair AND participant -> 1
# e3 "2020-06",  n=2: team host 1, mso1 speaker .6
# e4 2020-11-05, n=3: awo organizer 1, caritas organizer 1, vereine participant .3
# e5 "2019-12",  n=1: jc participant (an event of one: no pair)
#
# stadt_int is a department of stadt, team a department of stadt_int (nested).
# vereine is an aggregate ("rund 33 Vereine").


def _city(**meta) -> City:
    actors = pd.DataFrame(
        {
            "actor_id": ["stadt", "stadt_int", "team", "awo", "caritas", "mso1", "vereine", "jc"],
            "name": [
                "Stadt",
                "Integrationsbüro",
                "Team Sprache",
                "AWO",
                "Caritas",
                "Verein A",
                "rund 33 Vereine",
                "Jobcenter",
            ],
            "sector": [
                "verwaltung",
                "verwaltung",
                "verwaltung",
                "wohlfahrt",
                "wohlfahrt",
                "mso",
                "zivilgesellschaft",
                "arbeitsmarkt",
            ],
            "level": ["kommune"] * 8,
            "parent_id": ["", "stadt", "stadt_int", "", "", "", "", ""],
            "aggregate": ["", "", "", "", "", "", "true", ""],
            "size_estimate": ["", "", "", "", "", "", "33", ""],
        }
    )
    events = pd.DataFrame(
        {
            "event_id": ["e1", "e2", "e3", "e4", "e5"],
            "title": ["Forum", "Gremium", "Workshop", "Fachtag", "Sprechstunde"],
            "kind": ["forum", "gremium", "workshop", "fachtag", "sonstiges"],
            "date": ["2019-03-12", "2019", "2020-06", "2020-11-05", "2019-12"],
            "n_participants": ["80", "", "", "", ""],
            "source_id": ["s1"] * 5,
        }
    )
    part = pd.DataFrame(
        [
            ("e1", "stadt_int", "organizer", "Das Integrationsbüro lädt ein"),
            ("e1", "awo", "speaker", "Vortrag der AWO"),
            ("e1", "caritas", "participant", ""),
            ("e1", "mso1", "participant", ""),
            ("e1", "vereine", "participant", ""),
            ("e2", "stadt", "organizer", ""),
            ("e2", "stadt_int", "participant", ""),
            ("e2", "awo", "chair", "Vorsitz: AWO"),
            ("e2", "awo", "participant", ""),
            ("e3", "team", "host", ""),
            ("e3", "mso1", "speaker", ""),
            ("e4", "awo", "organizer", ""),
            ("e4", "caritas", "organizer", ""),
            ("e4", "vereine", "participant", ""),
            ("e5", "jc", "participant", ""),
        ],
        columns=["event_id", "actor_id", "role", "quote"],
    ).assign(source_id="s1")
    referrals = pd.DataFrame(
        [
            ("awo", "jc", "arbeit", "2019", "10"),
            ("jc", "awo", "arbeit", "2019", "4"),
            ("awo", "jc", "wohnen", "2019-Q4", ""),
            ("stadt_int", "awo", "aufenthalt", "2020", "2"),
            ("team", "stadt", "aufenthalt", "2020", "5"),
            ("mso1", "team", "deutscherwerb", "2020-03", "0"),
        ],
        columns=["from_id", "to_id", "field", "period", "count"],
    ).assign(source_id="s2")
    sources = pd.DataFrame(
        {
            "source_id": ["s1", "s2"],
            "file": ["a.txt", "b.txt"],
            "title": ["Bericht", "Statistik"],
        }
    )
    return City.from_frames(
        meta={"name": "testburg", "synthetic": True, **meta},
        actors=actors,
        events=events,
        participation=part,
        referrals=referrals,
        sources=sources,
    )


@pytest.fixture()
def city() -> City:
    return _city()


def _weights(G: nx.Graph, attr: str = "weight") -> dict[frozenset, float]:
    return {frozenset((u, v)): d[attr] for u, v, d in G.edges(data=True)}


def _w(G: nx.Graph, a: str, b: str, attr: str = "weight") -> float:
    return G.edges[a, b][attr]


# --------------------------------------------------------------------------------------------
# Role weights and periods
# --------------------------------------------------------------------------------------------


def test_default_role_weights_from_vocabulary():
    weights = default_role_weights()
    assert weights == {
        "organizer": 1.0,
        "host": 1.0,
        "funder": 1.0,
        "chair": 1.0,
        "speaker": 0.6,
        "participant": 0.3,
    }


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        (2019, "2019-01-01", "2019-12-31"),
        ("2020-Q2", "2020-04-01", "2020-06-30"),
        ("2020-02", "2020-02-01", "2020-02-29"),
        (("2019-06", "2019-06"), "2019-06-01", "2019-06-30"),
        ((2018, "2019-03-15"), "2018-01-01", "2019-03-15"),
    ],
)
def test_period_bounds(period, start, end):
    lo, hi = period_bounds(period)
    assert (lo.date().isoformat(), hi.date().isoformat()) == (start, end)


def test_period_bounds_open_ends():
    lo, hi = period_bounds((None, 2019))
    assert lo is None and hi == pd.Timestamp("2019-12-31")


@pytest.mark.parametrize(
    ("period", "error"),
    [
        (True, TypeError),
        (2.5, TypeError),
        ("März 2019", ValueError),
        ((2020, 2019), ValueError),
        ((2019, 2020, 2021), ValueError),
    ],
)
def test_period_bounds_rejects(period, error):
    with pytest.raises(error, match="period"):
        period_bounds(period)


def test_period_midpoint_rule_on_events(city):
    # "2019" has its midpoint on 2019-07-02, so it belongs to the second half of 2019;
    # "2019-12" (e5) too; e1 (2019-03-12) to the first half. The halves split 2019 exactly.
    first = two_mode_graph(city, period=("2019-01-01", "2019-06-30"))
    second = two_mode_graph(city, period=("2019-07-01", "2019-12-31"))
    whole = two_mode_graph(city, period=2019)

    def events(G):
        return {n for n, b in G.nodes(data="bipartite") if b == 1}

    assert events(first) == {"e1"}
    assert events(second) == {"e2", "e5"}
    assert events(whole) == {"e1", "e2", "e5"}
    # "2020-06" (e3) belongs to 2020-Q2; e4 (2020-11-05) does not
    assert events(two_mode_graph(city, period="2020-Q2")) == {"e3"}


def test_period_midpoint_rule_on_referrals(city):
    # "2019-Q4" (midpoint in November) belongs to 2019 and not to its first half; "2019" rows
    # (midpoint 2 July) belong to the second half; "2020-03" to 2020-Q1 only.
    R = referral_graph(city, period=2019)
    assert set(R.edges()) == {("awo", "jc"), ("jc", "awo")}
    assert referral_graph(city, period=("2019-01-01", "2019-06-30")).number_of_edges() == 0
    R2 = referral_graph(city, period=("2019-07-01", "2019-12-31"))
    assert R2["awo"]["jc"]["weight"] == 10.0  # 10 counted; the uncounted row adds nothing
    assert set(referral_graph(city, period="2020-Q1").edges()) == {("mso1", "team")}


# --------------------------------------------------------------------------------------------
# Two-mode graph
# --------------------------------------------------------------------------------------------


def test_two_mode_graph(city):
    G = two_mode_graph(city)
    assert nx.is_bipartite(G)
    actors = {n for n, b in G.nodes(data="bipartite") if b == 0}
    assert actors == set(city.actors["actor_id"])
    assert G.number_of_edges() == 14  # 15 rows, awo's two roles at e2 are one edge
    assert G.edges["awo", "e2"]["role"] == "chair"
    assert G.edges["awo", "e2"]["roles"] == ("chair", "participant")
    assert G.edges["awo", "e1"]["weight"] == 0.6
    assert G.nodes["e1"]["n_participants"] == 80
    assert G.nodes["vereine"]["aggregate"] is True
    assert G.nodes["vereine"]["size_estimate"] == 33
    assert G.nodes["stadt"]["parent_id"] is None
    assert G.nodes["team"]["parent_id"] == "stadt_int"
    assert G.graph["synthetic"] is True and G.graph["city"] == "testburg"


def test_two_mode_graph_rejects_id_clash():
    city = City.from_frames(
        actors=pd.DataFrame(
            {"actor_id": ["x"], "name": ["X"], "sector": ["mso"], "level": ["kommune"]}
        ),
        events=pd.DataFrame(
            {"event_id": ["x"], "title": ["X"], "kind": ["forum"], "date": ["2019"]}
        ),
    )
    with pytest.raises(DataError, match="'x'"):
        two_mode_graph(city)


# --------------------------------------------------------------------------------------------
# Cooperation graph: hand-computed weights
# --------------------------------------------------------------------------------------------


def test_newman_role_weighted_by_hand(city):
    G = cooperation_graph(city, layers=("events",))
    # e1 contributes r_i r_j / (5-1), e2 r_i r_j / (3-1), e3 / 1, e4 / 2.
    expected = {
        ("stadt_int", "awo"): 1 * 0.6 / 4 + 0.3 * 1 / 2,  # 0.15 + 0.15 = 0.30
        ("awo", "caritas"): 0.6 * 0.3 / 4 + 1 * 1 / 2,  # 0.045 + 0.5 = 0.545
        ("awo", "vereine"): 0.6 * 0.3 / 4 + 1 * 0.3 / 2,  # 0.045 + 0.15 = 0.195
        ("caritas", "vereine"): 0.3 * 0.3 / 4 + 1 * 0.3 / 2,  # 0.0225 + 0.15 = 0.1725
        ("stadt", "awo"): 1 * 1 / 2,
        ("stadt", "stadt_int"): 1 * 0.3 / 2,
        ("team", "mso1"): 1 * 0.6 / 1,
        ("stadt_int", "caritas"): 1 * 0.3 / 4,
        ("stadt_int", "mso1"): 1 * 0.3 / 4,
        ("stadt_int", "vereine"): 1 * 0.3 / 4,
        ("awo", "mso1"): 0.6 * 0.3 / 4,
        ("caritas", "mso1"): 0.3 * 0.3 / 4,
        ("mso1", "vereine"): 0.3 * 0.3 / 4,
    }
    got = _weights(G)
    assert set(got) == {frozenset(k) for k in expected}
    for (a, b), w in expected.items():
        assert got[frozenset((a, b))] == pytest.approx(w)
    assert _w(G, "awo", "caritas", "events") == ("e1", "e4")
    assert _w(G, "awo", "caritas", "n_events") == 2
    assert _w(G, "awo", "caritas", "layers") == ("events",)
    assert set(G.nodes) == set(city.actors["actor_id"])  # jc is an isolate here
    assert G.degree("jc") == 0


def test_count_role_weighted_by_hand(city):
    G = cooperation_graph(city, weighting="count", layers=("events",))
    assert _w(G, "stadt_int", "awo") == pytest.approx(1 * 0.6 + 0.3 * 1)  # e1 + e2 = 0.9
    assert _w(G, "awo", "caritas") == pytest.approx(0.6 * 0.3 + 1 * 1)  # 1.18
    assert _w(G, "caritas", "vereine") == pytest.approx(0.3 * 0.3 + 1 * 0.3)  # 0.39
    assert _w(G, "mso1", "vereine") == pytest.approx(0.09)


def test_jaccard_role_weighted_by_hand(city):
    G = cooperation_graph(city, weighting="jaccard", layers=("events",))
    # events: stadt_int {e1,e2}, awo {e1,e2,e4}, caritas {e1,e4}, vereine {e1,e4}, mso1 {e1,e3}
    assert _w(G, "stadt_int", "awo") == pytest.approx(0.9 / 3)
    assert _w(G, "awo", "caritas") == pytest.approx(1.18 / 3)
    assert _w(G, "caritas", "vereine") == pytest.approx(0.39 / 2)
    assert _w(G, "mso1", "vereine") == pytest.approx(0.09 / 3)  # union {e1, e3, e4}


def test_equal_role_weights_give_plain_schemes(city):
    count = cooperation_graph(city, weighting="count", role_weights="equal", layers=("events",))
    assert _w(count, "awo", "caritas") == 2.0
    assert _w(count, "stadt_int", "awo") == 2.0
    newman = cooperation_graph(city, role_weights="equal", layers=("events",))
    assert _w(newman, "awo", "caritas") == pytest.approx(1 / 4 + 1 / 2)
    jac = cooperation_graph(city, weighting="jaccard", role_weights="equal", layers=("events",))
    assert _w(jac, "caritas", "vereine") == pytest.approx(1.0)  # {e1,e4} both
    assert _w(jac, "awo", "caritas") == pytest.approx(2 / 3)


def test_partial_role_weights_override_defaults(city):
    # participant 0: audience co-presence makes no tie; caritas–mso1 met only in e1's audience
    G = cooperation_graph(
        city, weighting="count", role_weights={"participant": 0.0}, layers=("events",)
    )
    assert not G.has_edge("caritas", "mso1")
    assert _w(G, "awo", "caritas") == pytest.approx(1.0)  # e1: 0.6 * 0, e4: 1 * 1
    assert G.graph["role_weights"]["speaker"] == 0.6


def test_event_size_documented(city):
    # e1 documents 80 participants: n = max(5, 80), so e1 contributes r_i r_j / 79
    G = cooperation_graph(city, event_size="documented", layers=("events",))
    assert _w(G, "awo", "caritas") == pytest.approx(0.6 * 0.3 / 79 + 1 / 2)
    assert _w(G, "stadt", "awo") == pytest.approx(0.5)


def test_referral_layer_by_hand(city):
    G = cooperation_graph(city, layers=("referrals",))
    # awo–jc: 10 + 4 counted, one row without count -> 14 (counted pair: the count only)
    edge = G.edges["awo", "jc"]
    assert edge["weight"] == 14.0
    assert edge["n_referrals"] == 14
    assert edge["n_referral_rows"] == 3
    assert edge["referrals_counted"] is True
    assert edge["layers"] == ("referrals",)
    assert G.edges["stadt_int", "awo"]["referrals_counted"] is True
    # mso1 -> team has count 0: no tie
    assert not G.has_edge("mso1", "team")
    G5 = cooperation_graph(city, layers=("referrals",), uncounted_weight=5)
    assert G5.edges["awo", "jc"]["weight"] == 14.0  # uncounted_weight unused on a counted pair
    assert (
        cooperation_graph(city, layers="referrals", field="wohnen").edges["awo", "jc"]["weight"]
        == 1.0
    )


def test_layers_add(city):
    G = cooperation_graph(city)
    edge = G.edges["stadt_int", "awo"]
    assert edge["weight_events"] == pytest.approx(0.30)
    assert edge["weight_referrals"] == 2.0
    assert edge["weight"] == pytest.approx(2.30)
    assert edge["layers"] == ("events", "referrals")
    # zero-count referral row: the tie exists only in the event layer
    assert G.edges["mso1", "team"]["layers"] == ("events",)
    assert G.edges["mso1", "team"]["n_referral_rows"] == 1
    scaled = cooperation_graph(city, layer_weights={"referrals": 0.1})
    assert scaled.edges["stadt_int", "awo"]["weight"] == pytest.approx(0.30 + 0.2)
    assert scaled.graph["layer_weights"] == {"events": 1.0, "referrals": 0.1}


def test_min_weight(city):
    G = cooperation_graph(city, layers=("events",), min_weight=0.5)
    assert set(_weights(G)) == {
        frozenset(p) for p in [("awo", "caritas"), ("stadt", "awo"), ("team", "mso1")]
    }
    assert G.number_of_nodes() == 8


def test_graph_records_parameters(city):
    G = cooperation_graph(city, weighting="count", period=2019, collapse="organisation")
    assert G.graph["weighting"] == "count"
    assert G.graph["period"] == ("2019-01-01", "2019-12-31")
    assert G.graph["collapse"] == "organisation"
    assert G.graph["layers"] == ("events", "referrals")
    assert G.graph["synthetic"] is True
    assert G.graph["role_weights"]["participant"] == 0.3
    assert G.graph["uncounted_weight"] == 1.0


def test_period_restricts_cooperation(city):
    G = cooperation_graph(city, weighting="count", role_weights="equal", period=2020)
    # 2020: e3 (team–mso1), e4 (awo, caritas, vereine), referrals r4, r5 (r6 has count 0)
    assert set(_weights(G)) == {
        frozenset(p)
        for p in [
            ("team", "mso1"),
            ("awo", "caritas"),
            ("awo", "vereine"),
            ("caritas", "vereine"),
            ("stadt_int", "awo"),
            ("team", "stadt"),
        ]
    }
    assert _w(G, "stadt_int", "awo") == 2.0  # the referral count only


# --------------------------------------------------------------------------------------------
# Collapse and aggregates
# --------------------------------------------------------------------------------------------


def test_collapse_nested_departments(city):
    G = cooperation_graph(city, collapse="organisation")
    assert set(G.nodes) == {"stadt", "awo", "caritas", "mso1", "vereine", "jc"}
    assert G.nodes["stadt"]["departments"] == ("stadt_int", "team")
    assert G.nodes["awo"]["departments"] == ()
    # stadt–awo: stadt_int–awo 0.30 + stadt–awo 0.5 (events) + referral stadt_int -> awo 2
    assert _w(G, "stadt", "awo", "weight_events") == pytest.approx(0.80)
    assert _w(G, "stadt", "awo") == pytest.approx(2.80)
    assert _w(G, "stadt", "awo", "events") == ("e1", "e2")
    assert _w(G, "stadt", "awo", "n_events") == 2
    # stadt–mso1: stadt_int–mso1 0.3/4 + team–mso1 0.6 (the nested department)
    assert _w(G, "stadt", "mso1") == pytest.approx(0.075 + 0.6)
    assert _w(G, "stadt", "mso1", "events") == ("e1", "e3")
    # internal ties (stadt–stadt_int at e2, team -> stadt referrals) are gone
    assert not G.has_edge("stadt", "stadt")
    # the rest is unchanged
    assert _w(G, "awo", "caritas") == pytest.approx(0.545)


def test_collapse_count_sums_department_weights(city):
    G = cooperation_graph(city, weighting="count", layers=("events",), collapse="organisation")
    # e1: stadt_int–awo 0.6; e2: stadt–awo 1 and stadt_int–awo 0.3 -> 1.9, distinct events 2
    assert _w(G, "stadt", "awo") == pytest.approx(1.9)
    assert _w(G, "stadt", "awo", "n_events") == 2


def test_collapse_referral_graph(city):
    R = referral_graph(city, collapse="organisation")
    assert set(R.edges()) == {("awo", "jc"), ("jc", "awo"), ("stadt", "awo"), ("mso1", "stadt")}
    assert R["stadt"]["awo"]["weight"] == 2.0
    assert R["mso1"]["stadt"]["weight"] == 0.0  # a documented zero stays an arc here


def test_collapse_rejects_cycles_and_unknown_parents():
    actors = pd.DataFrame(
        {
            "actor_id": ["a", "b", "c"],
            "name": ["A", "B", "C"],
            "sector": ["mso"] * 3,
            "level": ["kommune"] * 3,
            "parent_id": ["b", "a", ""],
        }
    )
    with pytest.raises(DataError, match="parent_id"):
        cooperation_graph(City.from_frames(actors=actors), collapse="organisation")
    actors["parent_id"] = ["", "", "zz"]
    with pytest.raises(DataError, match="zz"):
        cooperation_graph(City.from_frames(actors=actors), collapse="organisation")
    # without collapse parent_id is not followed
    assert cooperation_graph(City.from_frames(actors=actors)).number_of_nodes() == 3


def test_aggregates(city):
    G = cooperation_graph(city, layers=("events",))
    assert G.nodes["vereine"]["aggregate"] is True
    assert G.nodes["vereine"]["size_estimate"] == 33
    H = cooperation_graph(city, layers=("events",), include_aggregates=False)
    assert "vereine" not in H
    assert H.number_of_edges() == G.number_of_edges() - 4  # stadt_int, awo, caritas, mso1
    # the aggregate still counted towards e1's size: awo–caritas keeps 0.6*0.3/4 + 1/2
    assert _w(H, "awo", "caritas") == pytest.approx(0.545)


def test_does_not_mutate_city(city):
    before = {name: getattr(city, name).copy() for name in ("actors", "participation", "referrals")}
    cooperation_graph(city, collapse="organisation", period=2019, include_aggregates=False)
    referral_graph(city, collapse="organisation")
    tie_evidence(city, "stadt", "awo", collapse="organisation")
    for name, frame in before.items():
        pd.testing.assert_frame_equal(getattr(city, name), frame)


def test_empty_city():
    city = City.from_frames(meta={"name": "leer"})
    G = cooperation_graph(city)
    assert G.number_of_nodes() == 0 and G.number_of_edges() == 0
    assert referral_graph(city).number_of_nodes() == 0
    assert two_mode_graph(city).number_of_nodes() == 0


def test_actors_without_ties_are_isolates(city):
    G = cooperation_graph(city, period=1990)
    assert G.number_of_nodes() == 8 and G.number_of_edges() == 0


# --------------------------------------------------------------------------------------------
# Argument and data checks
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"weighting": "adamic"}, ValueError, "weighting"),
        ({"layers": ("events", "resources")}, ValueError, "layers"),
        ({"layers": ()}, ValueError, "layers"),
        ({"collapse": "department"}, ValueError, "collapse"),
        ({"role_weights": {"speaker": -1}}, ValueError, "speaker"),
        ({"role_weights": {"speaker": "viel"}}, TypeError, "speaker"),
        ({"role_weights": "unequal"}, ValueError, "role_weights"),
        ({"role_weights": [1.0]}, TypeError, "role_weights"),
        ({"layer_weights": {"x": 1}}, ValueError, "layer_weights"),
        ({"layer_weights": {"events": math.inf}}, ValueError, "layer_weights"),
        ({"uncounted_weight": -1}, ValueError, "uncounted_weight"),
        ({"event_size": "guess"}, ValueError, "event_size"),
        ({"min_weight": "0"}, TypeError, "min_weight"),
        ({"include_aggregates": "no"}, TypeError, "include_aggregates"),
    ],
)
def test_cooperation_graph_rejects(city, kwargs, error, match):
    with pytest.raises(error, match=match):
        cooperation_graph(city, **kwargs)


def test_unknown_role_and_actor():
    actors = pd.DataFrame(
        {"actor_id": ["a"], "name": ["A"], "sector": ["mso"], "level": ["kommune"]}
    )
    events = pd.DataFrame({"event_id": ["e"], "title": ["E"], "kind": ["forum"], "date": ["2019"]})
    bad_role = pd.DataFrame({"event_id": ["e"], "actor_id": ["a"], "role": ["sponsor"]})
    with pytest.raises(ValueError, match="sponsor"):
        cooperation_graph(City.from_frames(actors=actors, events=events, participation=bad_role))
    bad_actor = pd.DataFrame({"event_id": ["e"], "actor_id": ["zz"], "role": ["participant"]})
    with pytest.raises(DataError, match="zz"):
        cooperation_graph(City.from_frames(actors=actors, events=events, participation=bad_actor))
    bad_ref = pd.DataFrame(
        {"from_id": ["a"], "to_id": ["yy"], "field": ["arbeit"], "period": ["2019"]}
    )
    with pytest.raises(DataError, match="yy"):
        referral_graph(City.from_frames(actors=actors, referrals=bad_ref))


# --------------------------------------------------------------------------------------------
# Agreement with networkx and with a brute-force implementation on random two-mode graphs
# --------------------------------------------------------------------------------------------


def _random_city(seed: int, *, n_actors=25, n_events=15, roles=("participant",)) -> City:
    rng = np.random.default_rng(seed)
    rows = []
    for k in range(n_events):
        size = int(rng.integers(1, 9))
        for a in rng.choice(n_actors, size=size, replace=False):
            rows.append((f"e{k:02d}", f"a{a:02d}", str(rng.choice(roles))))
    # a second role of the same actor at the same event
    if len(roles) > 1:
        e, a, _ = rows[0]
        rows.append((e, a, "organizer" if rows[0][2] != "organizer" else "participant"))
    actors = pd.DataFrame(
        {
            "actor_id": [f"a{i:02d}" for i in range(n_actors)],
            "name": [f"A{i}" for i in range(n_actors)],
            "sector": ["mso"] * n_actors,
            "level": ["kommune"] * n_actors,
        }
    )
    events = pd.DataFrame(
        {
            "event_id": [f"e{k:02d}" for k in range(n_events)],
            "title": ["T"] * n_events,
            "kind": ["forum"] * n_events,
            "date": ["2019"] * n_events,
        }
    )
    part = pd.DataFrame(rows, columns=["event_id", "actor_id", "role"]).drop_duplicates()
    return City.from_frames(actors=actors, events=events, participation=part)


def _bipartite(city: City) -> tuple[nx.Graph, list[str]]:
    B = nx.Graph()
    actors = list(city.actors["actor_id"])
    B.add_nodes_from(actors, bipartite=0)
    B.add_nodes_from((f"ev:{e}" for e in city.events["event_id"]), bipartite=1)
    B.add_edges_from(
        (a, f"ev:{e}")
        for a, e in zip(city.participation["actor_id"], city.participation["event_id"], strict=True)
    )
    return B, actors


def _assert_same_weights(ours: nx.Graph, theirs: nx.Graph) -> None:
    assert set(ours.nodes) == set(theirs.nodes)
    a, b = _weights(ours), _weights(theirs)
    assert set(a) == set(b)
    for pair, w in b.items():
        assert a[pair] == pytest.approx(w, rel=1e-12)


@pytest.mark.parametrize("seed", range(5))
def test_count_equals_networkx_weighted_projected_graph(seed):
    city = _random_city(seed)
    B, actors = _bipartite(city)
    G = cooperation_graph(city, weighting="count", role_weights="equal", layers=("events",))
    _assert_same_weights(G, bipartite.weighted_projected_graph(B, actors))


@pytest.mark.parametrize("seed", range(5))
def test_newman_equals_networkx_collaboration_projection(seed):
    city = _random_city(seed)
    B, actors = _bipartite(city)
    G = cooperation_graph(city, weighting="newman", role_weights="equal", layers=("events",))
    _assert_same_weights(G, bipartite.collaboration_weighted_projected_graph(B, actors))


@pytest.mark.parametrize("seed", range(5))
def test_jaccard_equals_networkx_overlap_projection(seed):
    city = _random_city(seed)
    B, actors = _bipartite(city)
    G = cooperation_graph(city, weighting="jaccard", role_weights="equal", layers=("events",))
    _assert_same_weights(G, bipartite.overlap_weighted_projected_graph(B, actors, jaccard=True))


def _brute_force(city: City, weighting: str, weights: dict[str, float]) -> dict[frozenset, float]:
    """The docstring's formulas, written as plain loops over events and pairs."""
    role = {}
    for e, a, r in zip(
        city.participation["event_id"],
        city.participation["actor_id"],
        city.participation["role"],
        strict=True,
    ):
        role[(e, a)] = max(role.get((e, a), 0.0), weights[r])
    members: dict[str, set[str]] = {}
    for e, a in role:
        members.setdefault(e, set()).add(a)
    attended: dict[str, set[str]] = {}
    for e, a in role:
        attended.setdefault(a, set()).add(e)
    out: dict[frozenset, float] = {}
    for e, group in members.items():
        n = len(group)
        for a, b in itertools.combinations(sorted(group), 2):
            c = role[(e, a)] * role[(e, b)]
            if weighting == "newman":
                c /= n - 1
            out[frozenset((a, b))] = out.get(frozenset((a, b)), 0.0) + c
    if weighting == "jaccard":
        for pair in out:
            a, b = tuple(pair)
            out[pair] /= len(attended[a] | attended[b])
    return out


@pytest.mark.parametrize("weighting", ["count", "newman", "jaccard"])
@pytest.mark.parametrize("seed", range(3))
def test_role_weighted_schemes_equal_brute_force(weighting, seed):
    roles = ("organizer", "speaker", "participant", "participant", "chair")
    city = _random_city(seed, roles=roles)
    G = cooperation_graph(city, weighting=weighting, layers=("events",))
    expected = _brute_force(city, weighting, default_role_weights())
    got = _weights(G)
    assert set(got) == set(expected)
    for pair, w in expected.items():
        assert got[pair] == pytest.approx(w, rel=1e-12)


# --------------------------------------------------------------------------------------------
# Referral graph
# --------------------------------------------------------------------------------------------


def test_referral_graph_by_hand(city):
    R = referral_graph(city)
    assert R.is_directed()
    arc = R["awo"]["jc"]
    # arbeit 10 + wohnen (no count): a counted pair weighs its count, 10 (issue #13.3)
    assert arc["weight"] == 10.0
    assert arc["count"] == 10
    assert arc["counted"] is True
    assert arc["n_rows"] == 2 and arc["n_uncounted_rows"] == 1
    assert arc["fields"] == {"arbeit": 10.0, "wohnen": 0.0}
    assert "uncounted_weight" not in arc
    back = R["jc"]["awo"]
    assert (back["weight"], back["counted"], back["fields"]) == (4.0, True, {"arbeit": 4.0})
    assert R["team"]["stadt"]["weight"] == 5.0
    assert R.number_of_nodes() == 8
    assert R.graph["uncounted_weight"] == 1.0


def test_referral_graph_per_field(city):
    R = referral_graph(city, field="arbeit")
    assert set(R.edges()) == {("awo", "jc"), ("jc", "awo")}
    assert R["awo"]["jc"]["weight"] == 10.0 and R["awo"]["jc"]["counted"] is True
    both = referral_graph(city, field=["arbeit", "aufenthalt"])
    assert set(both.edges()) == {
        ("awo", "jc"),
        ("jc", "awo"),
        ("stadt_int", "awo"),
        ("team", "stadt"),
    }
    assert referral_graph(city, field="gesundheit").number_of_edges() == 0


def test_referral_graph_uncounted_only_pair(city):
    # awo -> jc in "wohnen" has one row and no count: uncounted_weight per row, counted=False
    arc = referral_graph(city, field="wohnen")["awo"]["jc"]
    assert (arc["weight"], arc["uncounted_weight"], arc["counted"]) == (1.0, 1.0, False)
    arc5 = referral_graph(city, field="wohnen", uncounted_weight=5)["awo"]["jc"]
    assert (arc5["weight"], arc5["uncounted_weight"]) == (5.0, 5.0)
    edge = cooperation_graph(city, layers="referrals", field="wohnen").edges["awo", "jc"]
    assert edge["referrals_counted"] is False


@pytest.mark.parametrize("name", ["beispielstadt", "hagen", "kreis-offenbach", "magdeburg",
                                  "offenbach"])  # fmt: skip
def test_referral_weights_are_summed_counts_in_every_bundled_city(name, data_dir):
    # issue #13.3: the sums are recomputed here with pandas from referrals.csv, independently
    # of the graph code; a counted pair's weight is its summed count, uncounted rows add nothing
    from netzwerk.io import load_city

    city = load_city(data_dir / name)
    if city.referrals.empty:
        pytest.skip(f"{name} documents no referrals")
    rows = city.referrals.assign(count=pd.to_numeric(city.referrals["count"], errors="coerce"))
    rows = rows[rows["from_id"] != rows["to_id"]]
    sums = rows.groupby(["from_id", "to_id"])["count"].agg(["sum", "count", "size"])
    R = referral_graph(city)
    G = cooperation_graph(city, layers="referrals")
    pair = rows.assign(a=rows[["from_id", "to_id"]].min(axis=1),
                       b=rows[["from_id", "to_id"]].max(axis=1))  # fmt: skip
    undirected = pair.groupby(["a", "b"])["count"].agg(["sum", "count", "size"])
    for (u, v), (total, n_counted, n_rows) in sums.iterrows():
        arc = R[u][v]
        if n_counted:
            assert arc["weight"] == total and arc["counted"], (name, u, v)
            assert "uncounted_weight" not in arc
        else:
            assert arc["weight"] == n_rows == arc["uncounted_weight"] and not arc["counted"]
    for (u, v), (total, n_counted, n_rows) in undirected.iterrows():
        expected = total if n_counted else float(n_rows)
        if expected > 0:
            assert G.edges[u, v]["weight_referrals"] == expected, (name, u, v)


def test_referral_graph_without_aggregates_and_zero_uncounted_weight(city):
    R = referral_graph(city, uncounted_weight=0)
    assert R["awo"]["jc"]["weight"] == 10.0
    assert R["awo"]["jc"]["fields"] == {"arbeit": 10.0, "wohnen": 0.0}


# --------------------------------------------------------------------------------------------
# Tie evidence
# --------------------------------------------------------------------------------------------


def test_tie_evidence(city):
    ev = tie_evidence(city, "stadt_int", "awo")
    events = ev[ev["layer"] == "events"]
    # by first possible date: e2 ("2019" starts 1 January), then e1 (12 March 2019)
    assert list(zip(events["event_id"], events["actor_id"], events["role"], strict=True)) == [
        ("e2", "awo", "chair"),
        ("e2", "awo", "participant"),
        ("e2", "stadt_int", "participant"),
        ("e1", "awo", "speaker"),
        ("e1", "stadt_int", "organizer"),
    ]
    assert events.iloc[3]["quote"] == "Vortrag der AWO"
    assert events.iloc[3]["source_title"] == "Bericht"
    refs = ev[ev["layer"] == "referrals"]
    assert list(zip(refs["from_id"], refs["to_id"], refs["field"], refs["count"], strict=True)) == [
        ("stadt_int", "awo", "aufenthalt", 2)
    ]
    assert refs.iloc[0]["source_title"] == "Statistik"
    # symmetric in a and b
    assert len(tie_evidence(city, "awo", "stadt_int")) == len(ev) == 6


def test_tie_evidence_collapsed_and_period(city):
    ev = tie_evidence(city, "stadt", "awo", collapse="organisation")
    # e1: stadt_int, awo; e2: stadt, stadt_int, awo (2 rows); referral stadt_int -> awo
    assert (ev["layer"] == "events").sum() == 6
    assert (ev["layer"] == "referrals").sum() == 1
    only2019 = tie_evidence(city, "stadt", "awo", collapse="organisation", period=2019)
    assert (only2019["layer"] == "referrals").sum() == 0
    with pytest.raises(ValueError, match="department"):
        tie_evidence(city, "stadt_int", "awo", collapse="organisation")


def test_tie_evidence_no_tie_and_errors(city):
    ev = tie_evidence(city, "jc", "mso1")
    assert len(ev) == 0 and "quote" in ev.columns
    with pytest.raises(ValueError, match="nobody"):
        tie_evidence(city, "nobody", "awo")
    with pytest.raises(ValueError, match="different"):
        tie_evidence(city, "awo", "awo")
    with pytest.raises(TypeError, match="b must be"):
        tie_evidence(city, "awo", 3)


# --------------------------------------------------------------------------------------------
# compare_graphs
# --------------------------------------------------------------------------------------------


def test_compare_graphs_by_hand(city):
    before = cooperation_graph(city, weighting="count", role_weights="equal", period=2019)
    after = cooperation_graph(city, weighting="count", role_weights="equal", period=2020)
    table = compare_graphs(before, after).set_index(["group_a", "group_b"])
    # before: e1's 10 pairs, e2's stadt–stadt_int and stadt–awo, referral awo–jc = 13 ties
    # after: team–mso1, awo–caritas, awo–vereine, caritas–vereine, stadt_int–awo, team–stadt = 6
    assert table["before"].sum() == 13 and table["after"].sum() == 6
    assert table["kept"].sum() == 4 and table["gained"].sum() == 2 and table["lost"].sum() == 9
    row = table.loc[("verwaltung", "wohlfahrt")]
    # before stadt_int–awo, stadt_int–caritas, stadt–awo; after stadt_int–awo
    assert (row["before"], row["after"], row["kept"], row["gained"], row["lost"]) == (3, 1, 1, 0, 2)
    row = table.loc[("mso", "verwaltung")]  # stadt_int–mso1 lost, team–mso1 gained
    assert (row["kept"], row["gained"], row["lost"], row["change"]) == (0, 1, 1, 0)
    row = table.loc[("verwaltung", "verwaltung")]  # stadt–stadt_int lost, team–stadt gained
    assert (row["gained"], row["lost"]) == (1, 1)
    assert table.loc[("arbeitsmarkt", "wohlfahrt"), "lost"] == 1
    # 5 sectors -> 5 * 6 / 2 = 15 unordered pairs, all listed
    assert len(table) == 15
    assert table.attrs["before"]["period"] == ("2019-01-01", "2019-12-31")


def test_compare_graphs_directed(city):
    before = referral_graph(city, period=2019)
    after = referral_graph(city, period=2020)
    table = compare_graphs(before, after).set_index(["group_a", "group_b"])
    assert len(table) == 5 * 5
    assert table.loc[("wohlfahrt", "arbeitsmarkt"), "lost"] == 1  # awo -> jc
    assert table.loc[("arbeitsmarkt", "wohlfahrt"), "lost"] == 1  # jc -> awo
    assert table.loc[("verwaltung", "wohlfahrt"), "gained"] == 1  # stadt_int -> awo


def test_compare_graphs_errors_and_empty():
    G = nx.Graph()
    assert len(compare_graphs(G, G)) == 0
    with pytest.raises(TypeError, match="directed"):
        compare_graphs(nx.Graph(), nx.DiGraph())
    H = nx.Graph([("a", "b")])
    with pytest.raises(ValueError, match="sector"):
        compare_graphs(H, H)


@pytest.mark.parametrize("directed", [False, True])
def test_graph_is_a_well_formed_networkx_graph(city, directed):
    # the edges are inserted into networkx's adjacency directly; rebuilding the graph through the
    # public API must give the same graph (symmetric adjacency, same attributes)
    G = referral_graph(city) if directed else cooperation_graph(city, collapse="organisation")
    H = G.__class__()
    H.graph.update(G.graph)
    H.add_nodes_from(G.nodes(data=True))
    H.add_edges_from(G.edges(data=True))
    assert nx.utils.graphs_equal(G, H)
    assert G.number_of_edges() == H.number_of_edges() > 0
    if not directed:
        assert all(G.adj[u][v] is G.adj[v][u] for u, v in G.edges())
    else:
        assert all(G.succ[u][v] is G.pred[v][u] for u, v in G.edges())


def test_garbage_collector_state_is_restored(city):
    import gc

    assert gc.isenabled()
    cooperation_graph(city)
    assert gc.isenabled()
    gc.disable()
    try:
        referral_graph(city)
        assert not gc.isenabled()
    finally:
        gc.enable()


# --------------------------------------------------------------------------------------------
# The package layout (issue 16): names other modules import stay reachable
# --------------------------------------------------------------------------------------------


def test_names_other_modules_import_stay_reachable():
    # report imports _event_status and _in_period, survey _actors and _node_attributes; the
    # fast fill's old private names stay aliases of fill_edges_fast and gc_paused
    import netzwerk.graph as graph
    from netzwerk.graph import _fast, _nodes, _periods

    assert graph._event_status is _periods._event_status
    assert graph._in_period is _periods._in_period
    assert graph._actors is _nodes._actors
    assert graph._node_attributes is _nodes._node_attributes
    assert graph._fill_edges is _fast.fill_edges_fast
    assert graph._gc_paused is _fast.gc_paused
    assert "fill_edges_fast" not in graph.__all__  # internal to the package, not public API


def test_referral_to_an_unknown_or_missing_actor_names_row_column_and_value():
    from netzwerk.io import DataError

    city = City.from_frames(
        actors=pd.DataFrame({"actor_id": ["a", "b"], "name": ["A", "B"],
                             "sector": ["mso", "mso"], "level": ["kommune"] * 2}),
        referrals=pd.DataFrame({"from_id": ["a", "x", "a"], "to_id": ["b", "a", None],
                                "field": ["arbeit"] * 3, "period": ["2020"] * 3,
                                "count": [1, 2, 3]}),
    )  # fmt: skip
    with pytest.raises(DataError) as caught:
        cooperation_graph(city)
    # rows counted as in the file (header = row 1): x in row 3, the empty to_id in row 4
    assert [(p.row, p.column, p.value) for p in caught.value.problems] == [
        (3, "from_id", "x"), (4, "to_id", "")
    ]  # fmt: skip
