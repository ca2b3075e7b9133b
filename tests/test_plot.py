"""Figures and the offline map (netzwerk.plot).

Expected values are counted by hand on graphs and tables of three to six rows; the arithmetic is
in the comments. Figures are checked through what matplotlib holds (titles, tick labels, texts,
patches), the map through the HTML it writes.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import matplotlib
import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
import pytest

from netzwerk import plot, report
from netzwerk.io import City
from netzwerk.vocab import load_vocabulary

# Okabe & Ito (2008), Color Universal Design, the published hex values (black left out).
OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _graph(*, synthetic: bool = False) -> nx.Graph:
    """Path a – b – c plus the tie b – d; d is an aggregate actor.

    Degrees: a 1, b 3, c 1, d 1. Betweenness (normalised, n = 4): b lies on the shortest paths of
    the pairs (a,c), (a,d), (c,d): 3 of 3 pairs not involving b → 1.0; all others 0.
    """
    G = nx.Graph(synthetic=synthetic)
    G.add_node("a", name="Integrationsbüro", sector="verwaltung", level="kommune", aggregate=False)
    G.add_node("b", name="Caritas", sector="wohlfahrt", level="kommune", aggregate=False)
    G.add_node("c", name="Jobcenter", sector="arbeitsmarkt", level="kommune", aggregate=False)
    G.add_node("d", name="rund 33 Vereine", sector="mso", level="kommune", aggregate=True)
    G.add_edge("a", "b", weight=2.0, n_events=2, events=["e1", "e2"], n_referrals=0)
    G.add_edge("b", "c", weight=1.0, n_events=1, events=["e2"], n_referrals=3)
    G.add_edge("b", "d", weight=0.5, n_events=1, events=["e1"], n_referrals=0)
    return G


def _measures(G: nx.Graph) -> pd.DataFrame:
    table = pd.DataFrame({"betweenness": nx.betweenness_centrality(G)})
    table["is_cutpoint"] = [n in set(nx.articulation_points(G)) for n in table.index]
    table.index.name = "actor_id"
    return table


def _city(**tables: pd.DataFrame) -> City:
    actors = pd.DataFrame(
        {
            "actor_id": ["a", "b", "c", "d"],
            "name": ["Integrationsbüro", "Caritas", "Jobcenter", "Verein X"],
            "sector": ["verwaltung", "wohlfahrt", "arbeitsmarkt", "wohlfahrt"],
            "level": ["kommune"] * 4,
        }
    )
    return City.from_frames(meta={"name": "test", "synthetic": True}, actors=actors, **tables)


def _texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def _ticks(labels) -> list[str]:
    return [t.get_text() for t in labels]


# --- palette, labels, saving ------------------------------------------------------------------


def test_sector_colors_follow_vocabulary_order_and_okabe_ito():
    codes = load_vocabulary("sectors").codes
    colors = plot.sector_colors()
    assert list(colors) == codes
    assert [colors[c] for c in codes[:7]] == OKABE_ITO
    assert len(set(plot.SECTOR_PALETTE)) == len(plot.SECTOR_PALETTE) == 16
    # a subset keeps each sector's colour, in vocabulary order whatever the input order
    subset = plot.sector_colors(["mso", "verwaltung", None, pd.NA])
    assert subset == {"verwaltung": colors["verwaltung"], "mso": colors["mso"]}


def test_sector_colors_extension_codes_take_next_colours_sorted():
    n = len(load_vocabulary("sectors").codes)
    colors = plot.sector_colors(["zz", "aa", "mso"])
    # unknown codes sorted: aa → palette[n], zz → palette[n + 1] (cyclic over 16 colours)
    assert colors["aa"] == plot.SECTOR_PALETTE[n % 16]
    assert colors["zz"] == plot.SECTOR_PALETTE[(n + 1) % 16]
    assert list(colors) == ["mso", "aa", "zz"]


def test_save_figure_is_byte_identical(tmp_path):
    def draw():
        ax = plot.plot_network(_graph(synthetic=True), measures=_measures(_graph()), seed=3)
        return ax.figure

    first = plot.save_figure(draw(), tmp_path / "one" / "net")
    second = plot.save_figure(draw(), tmp_path / "two" / "net")
    assert [p.suffix for p in first] == [".png", ".svg"]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    svg = first[1].read_text(encoding="utf-8")
    assert "<dc:date>" not in svg
    assert "matplotlib.org" not in svg


def test_save_figure_rejects_unknown_format(tmp_path):
    fig, _ = plt.subplots()
    with pytest.raises(ValueError, match="formats"):
        plot.save_figure(fig, tmp_path / "x", formats=("gif",))
    with pytest.raises(TypeError, match="fig"):
        plot.save_figure("not a figure", tmp_path / "x")


def test_lang_is_checked():
    with pytest.raises(ValueError, match="lang"):
        plot.plot_network(_graph(), lang="fr")


# --- plot_network -----------------------------------------------------------------------------


def test_plot_network_elements():
    G = _graph(synthetic=True)
    fig, ax = plt.subplots()
    out = plot.plot_network(G, ax=ax, measures=_measures(G), top=1)
    assert out is ax
    assert ax.get_title() == "Kooperationsnetz (synthetisch)"
    # b has the largest betweenness (1.0, see _graph): the only label
    assert _texts(ax) == ["Caritas"]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    # sectors in vocabulary order, then the aggregate marker
    assert legend == [
        "Kommunalverwaltung",
        "Arbeitsverwaltung",
        "Wohlfahrtsverbände",
        "Migrantenorganisationen",
        "Sammelakteur (mehrere Organisationen)",
    ]
    # one node collection per sector (d is drawn as a square) + the edges
    markers = [c for c in ax.collections if isinstance(c, matplotlib.collections.PathCollection)]
    assert sum(len(c.get_offsets()) for c in markers) == 4
    lines = [c for c in ax.collections if isinstance(c, matplotlib.collections.LineCollection)]
    assert len(lines) == 1 and len(lines[0].get_segments()) == 3


def test_plot_network_english_and_degree_sizes():
    G = _graph()
    ax = plot.plot_network(G, lang="en", top=1)
    assert ax.get_title() == "Cooperation network"
    assert _texts(ax) == ["Caritas"]  # degree 3, the largest
    assert "Welfare associations" in [t.get_text() for t in ax.get_legend().get_texts()]
    with pytest.raises(ValueError, match="size_by"):
        plot.plot_network(G, size_by="nonsense")


def test_plot_network_same_seed_same_positions():
    def offsets(seed):
        ax = plot.plot_network(_graph(), seed=seed)
        markers = [
            c for c in ax.collections if isinstance(c, matplotlib.collections.PathCollection)
        ]
        return np.concatenate([c.get_offsets() for c in markers])

    assert np.array_equal(offsets(1), offsets(1))
    assert not np.array_equal(offsets(1), offsets(2))


def test_plot_network_empty_graph_gives_note():
    ax = plot.plot_network(nx.Graph())
    assert _texts(ax) == ["Das Netz hat keine Akteure."]


# --- plot_sector_gaps -------------------------------------------------------------------------


def _gaps() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "group_a": ["verwaltung", "verwaltung", "mso"],
            "group_b": ["verwaltung", "mso", "mso"],
            "possible": [1, 4, 6],
            "observed": [1, 0, 3],
            "density": [1.0, 0.0, 0.5],
            # expected numbers of ties; as densities 0.4 / 1, 2 / 4 = 0.5, 2.7 / 6 = 0.45
            "expected": [0.4, 2.0, 2.7],
            "z": [1.0, -2.0, 0.2],
            "p_low": [0.9, 0.01, 0.6],
            "p_high": [0.03, 1.0, 0.5],
            "gap": [False, True, False],
        }
    )


def test_plot_sector_gaps_cells_and_marks():
    ax = plot.plot_sector_gaps(_gaps())
    # 2 groups → 2 × 2 cells; the verwaltung–mso pair is mirrored
    assert sorted(_texts(ax)) == sorted(
        ["1\n(0,40) ▲", "0\n(0,50) ▼", "0\n(0,50) ▼", "0,50\n(0,45)"]
    )
    assert _ticks(ax.get_yticklabels()) == ["Kommunalverwaltung", "Migrantenorganisationen"]
    image = ax.get_images()[0].get_array()
    # colour = density − expected: verwaltung/verwaltung 1 − 0.4 = 0.6; mso/mso 0.5 − 0.45
    assert image[0, 0] == pytest.approx(0.6)
    assert image[1, 0] == pytest.approx(-0.5)
    assert image[1, 1] == pytest.approx(0.05)


def test_plot_sector_gaps_empty_and_errors():
    ax = plot.plot_sector_gaps(_gaps().iloc[0:0], lang="en")
    assert _texts(ax) == ["No sector pairs."]
    with pytest.raises(ValueError, match="expected"):
        plot.plot_sector_gaps(_gaps().drop(columns="expected"))
    # a group of one has no possible pair within: no cell, no error
    single = _gaps().assign(possible=[0, 4, 6], observed=[0, 0, 3])
    assert len(_texts(plot.plot_sector_gaps(single))) == 3
    with pytest.raises(ValueError, match="alpha"):
        plot.plot_sector_gaps(_gaps(), alpha=1.5)


# --- plot_brokerage_roles ---------------------------------------------------------------------


def _roles() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "coordinator": [0, 2, 0, 1],
            "itinerant": [0, 0, 0, 1],
            "representative": [0, 1, 0, 1],
            "gatekeeper": [0, 1, 0, 1],
            "liaison": [0, 2, 0, 0],
            "total": [0, 6, 0, 4],
        },
        index=pd.Index(["a", "b", "c", "d"], name="actor_id"),
    )


def test_plot_brokerage_roles_bars():
    ax = plot.plot_brokerage_roles(_roles(), names=_graph())
    # a and c broker nothing; b (total 6) before d (total 4)
    assert _ticks(ax.get_yticklabels()) == ["Caritas", "rund 33 Vereine"]
    assert len(ax.patches) == 2 * 5
    # b's stacked bar ends at 2 + 0 + 1 + 1 + 2 = 6
    ends = [p.get_x() + p.get_width() for p in ax.patches]
    assert max(ends) == pytest.approx(6)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[0] == "Koordinator" and len(legend) == 5


def test_plot_brokerage_roles_top_and_empty():
    ax = plot.plot_brokerage_roles(_roles(), top=1, lang="en")
    assert _ticks(ax.get_yticklabels()) == ["b"]
    zero = _roles()
    zero[:] = 0
    assert _texts(plot.plot_brokerage_roles(zero)) == ["Kein Akteur vermittelt zwischen anderen."]
    with pytest.raises(ValueError, match="top"):
        plot.plot_brokerage_roles(_roles(), top=0)
    with pytest.raises(ValueError, match="liaison"):
        plot.plot_brokerage_roles(_roles().drop(columns="liaison"))


# --- plot_brokers -----------------------------------------------------------------------------


def test_plot_brokers_by_measure_marks_cutpoints():
    G = _graph(synthetic=True)
    ax = plot.plot_brokers(_measures(G), G=G, top=2)
    # b (1.0) first; a, c, d tie at 0 → alphabetical: a
    assert _ticks(ax.get_yticklabels()) == ["Caritas", "Integrationsbüro"]
    assert ax.get_title() == "Wichtigste Vermittler (synthetisch)"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Schnittpunkt (ohne ihn zerfiele das Netz)" in legend  # b is a cut point


def test_plot_brokers_with_stability_intervals_tolerant_names():
    table = _measures(_graph())
    stability = pd.DataFrame(
        {"rank_median": [2.0, 1.0, 3.5, 3.5], "rank_lo": [1, 1, 2, 2], "rank_hi": [3, 2, 4, 4]},
        index=pd.Index(["a", "b", "c", "d"], name="actor_id"),
    )
    ax = plot.plot_brokers(table, stability=stability, top=3)
    assert _ticks(ax.get_yticklabels()) == ["b", "a", "c"]
    intervals = [c for c in ax.collections if isinstance(c, matplotlib.collections.LineCollection)]
    segments = intervals[0].get_segments()
    assert [(s[0][0], s[1][0]) for s in segments] == [(1, 2), (1, 3), (2, 4)]
    with pytest.raises(ValueError, match="rank interval"):
        plot.plot_brokers(table, stability=stability[["rank_median"]])


def test_plot_brokers_errors_and_empty():
    with pytest.raises(ValueError, match="betweenness"):
        plot.plot_brokers(pd.DataFrame({"x": [1.0]}))
    empty = pd.DataFrame({"betweenness": []}, dtype=float)
    assert _texts(plot.plot_brokers(empty)) == ["Keine Vermittlerwerte vorhanden."]


# --- plot_field_flows -------------------------------------------------------------------------


def _referrals() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "from_id": ["a", "a", "c", "b", "a"],
            "to_id": ["b", "d", "a", "c", "c"],
            "field": ["arbeit", "arbeit", "arbeit", "wohnen", "wohnen"],
            "period": ["2020", "2021", "2020", "2020", "2020"],
            "count": ["4", "6", "2", "", ""],
        }
    )


def test_plot_field_flows_sums_and_suppression():
    city = _city(referrals=_referrals())
    # receiving sector: arbeit → wohlfahrt (b 4 + d 6 = 10), arbeit → verwaltung (a: 2),
    # wohnen → arbeitsmarkt (c: two uncounted rows → "?")
    ax = plot.plot_field_flows(city)
    assert sorted(_texts(ax)) == ["10", "2", "?"]
    assert _ticks(ax.get_yticklabels()) == ["Arbeit", "Wohnen"]
    assert _ticks(ax.get_xticklabels()) == [
        "Kommunalverwaltung",
        "Arbeitsverwaltung",
        "Wohlfahrtsverbände",
    ]
    assert ax.get_title() == "Verweise nach Handlungsfeld und Sektor (synthetisch)"
    ax = plot.plot_field_flows(city, suppress_below=3)
    # by hand, with the totals the CSV publishes: row Arbeit 2 + 10 (+ 0) = 12, so showing 10
    # would give the hidden 2 away (12 - 10); the 10 is hidden as a complement (".") exactly as
    # in the CSV (issue #13.2: the figure printed 10 while the table showed ".")
    assert sorted(_texts(ax)) == [".", "<3", "?"]
    csv = report.field_flows(city, threshold=3).published()
    assert csv.loc["Arbeit"].tolist() == ["0", "<3", ".", "12"]
    # neither hidden value is in the image (no colour encodes it), and hidden cells are hatched
    image = np.ma.filled(ax.get_images()[0].get_array().astype(float), np.nan)
    assert np.nansum(image) == 0
    assert sum(1 for patch in ax.patches if patch.get_hatch() == "///") == 2
    assert "<3: weniger als 3 Verweise" in ax.get_xlabel()
    assert ".: verdeckt" in ax.get_xlabel()


def test_plot_field_flows_counts_have_a_thousands_point():
    # 4 + 6 become 4,000 + 6,105 = 10,105 for arbeit → wohlfahrt: as on the colour bar
    referrals = _referrals().assign(count=["4000", "6105", "2", "", ""])
    ax = plot.plot_field_flows(_city(referrals=referrals))
    assert sorted(_texts(ax)) == ["10.105", "2", "?"]
    assert sorted(_texts(plot.plot_field_flows(_city(referrals=referrals), lang="en"))) == [
        "10,105", "2", "?"
    ]  # fmt: skip


def test_plot_field_flows_from_direction_and_errors():
    city = _city(referrals=_referrals())
    # referring sector: arbeit: verwaltung (a: 4 + 6) 10, arbeitsmarkt (c) 2;
    # wohnen: wohlfahrt (b, uncounted) ?, verwaltung (a, uncounted) ?
    ax = plot.plot_field_flows(city, direction="from", lang="en")
    assert sorted(_texts(ax)) == ["10", "2", "?", "?"]
    with pytest.raises(ValueError, match="suppress_below"):
        plot.plot_field_flows(city, suppress_below=0)
    with pytest.raises(ValueError, match="direction"):
        plot.plot_field_flows(city, direction="sideways")
    assert _texts(plot.plot_field_flows(_city())) == ["Keine Verweise erfasst."]


# --- plot_timeline ----------------------------------------------------------------------------


def _events_city() -> City:
    events = pd.DataFrame(
        {
            "event_id": ["e1", "e2", "e3", "e4"],
            "title": ["Fachtag", "Sitzung 1", "Sitzung 2", "Forum"],
            "kind": ["fachtag", "gremium", "gremium", "forum"],
            "date": ["2020-02-03", "2020-05", "2020", "2021-11-30"],
        }
    )
    participation = pd.DataFrame(
        {
            "event_id": ["e1", "e1", "e1", "e2", "e4"],
            "actor_id": ["a", "a", "b", "d", "c"],
            "role": ["organizer", "speaker", "participant", "chair", "participant"],
        }
    )
    return _city(events=events, participation=participation)


def test_plot_timeline_by_kind():
    ax = plot.plot_timeline(_events_city())
    assert _ticks(ax.get_xticklabels()) == ["2020", "2021"]
    # 2 years × 3 kinds (fachtag, forum, gremium: the order of event_kinds.csv)
    assert len(ax.patches) == 6
    heights = [[p.get_height() for p in bars] for bars in ax.containers]
    # per kind over 2020, 2021: fachtag e1; forum e4; gremium e2 and e3 ("2020")
    assert heights == [[1, 0], [0, 1], [2, 0]]
    assert sum(p.get_height() for p in ax.patches) == 4
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Fachtag", "Forum", "Gremium"]
    assert ax.get_xlabel() == ""  # all dates fit a year


def test_plot_timeline_quarters_note_imprecise():
    ax = plot.plot_timeline(_events_city(), freq="quarter")
    labels = _ticks(ax.get_xticklabels())
    assert labels[0] == "2020-Q1" and labels[-1] == "2021-Q4" and len(labels) == 8
    # "2020" (e3) spans four quarters → counted in 2020-Q1 and reported
    assert ax.get_xlabel().startswith("1 Veranstaltung(en) nur ungefähr datiert")


def test_plot_timeline_by_sector_counts_distinct_pairs():
    ax = plot.plot_timeline(_events_city(), by="sector")
    # 2020: e1 with a (verwaltung, two roles → once) and b (wohlfahrt), e2 with d (wohlfahrt)
    #       → verwaltung 1, wohlfahrt 2; 2021: e4 with c (arbeitsmarkt) → 1
    assert sum(p.get_height() for p in ax.patches) == 4
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "Kommunalverwaltung",
        "Arbeitsverwaltung",
        "Wohlfahrtsverbände",
    ]
    heights = [[p.get_height() for p in bars] for bars in ax.containers]
    assert heights == [[1, 0], [0, 1], [2, 0]]


def test_plot_timeline_empty_and_errors():
    assert _texts(plot.plot_timeline(_city())) == ["Keine datierten Veranstaltungen vorhanden."]
    with pytest.raises(ValueError, match="freq"):
        plot.plot_timeline(_events_city(), freq="week")
    with pytest.raises(ValueError, match="by"):
        plot.plot_timeline(_events_city(), by="role")


# --- plot_resources ---------------------------------------------------------------------------


def _matches() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "resource_id": ["n1", "n2", "n3", "n4"],
            "actor_id": ["a", "b", None, "c"],
            "topic": ["wohnen", "wohnen", "wohnen", "sprachmittlung"],
            "status": ["unmet", "connected", "unconnected", "connected"],
            "offers": [[], ["o1", "o2"], "o2;o3", ["o4"]],
        }
    )


def test_plot_resources_from_matches():
    ax = plot.plot_resources(_matches())
    assert _ticks(ax.get_yticklabels()) == ["Sprachmittlung", "Wohnen"]
    assert len(ax.patches) == 2 * 4
    widths = [p.get_width() for p in ax.patches]
    # needs to the left: wohnen unmet 1, unconnected 1, connected 1 → reaches −3;
    # offers to the right: wohnen o1, o2, o3 → 3; sprachmittlung o4 → 1
    assert min(p.get_x() + min(p.get_width(), 0) for p in ax.patches) == pytest.approx(-3)
    assert sorted(w for w in widths if w > 0) == [1, 3]


def test_plot_resources_offers_from_city_and_errors():
    resources = pd.DataFrame(
        {
            "resource_id": ["o1", "o2", "n9"],
            "actor_id": ["a", None, "b"],
            "attribution": ["stated", "unknown", "stated"],
            "kind": ["offer", "offer", "need"],
            "topic": ["ehrenamt", "ehrenamt", "wohnen"],
            "text": ["x", "y", "z"],
        }
    )
    ax = plot.plot_resources(_matches(), city=_city(resources=resources))
    # the city's two offer cards are on ehrenamt, which has no need card
    assert _ticks(ax.get_yticklabels()) == [
        "Sprachmittlung",
        "Ehrenamt und Engagement",
        "Wohnen",
    ]
    assert sorted(p.get_width() for p in ax.patches if p.get_width() > 0) == [2]
    assert ax.get_title().endswith("(synthetisch)")
    with pytest.raises(ValueError, match="status"):
        plot.plot_resources(_matches().assign(status="maybe"))
    empty = _matches().iloc[0:0]
    assert _texts(plot.plot_resources(empty)) == ["Keine Karten der Ressourcenbörse vorhanden."]


# --- plot_ego ---------------------------------------------------------------------------------


def test_plot_ego_counts_directed_roles():
    # x (verwaltung) with in-ties from p (verwaltung), q (mso) and out-ties to r (mso),
    # s (bildung); q → r exists. Two-paths src → x → dst without src → dst:
    # p→x→r representative (p in x's group), p→x→s representative,
    # q→x→s liaison (mso, verwaltung, bildung), q→x→r has the direct tie → not counted.
    G = nx.DiGraph()
    G.add_nodes_from(
        [
            ("x", {"sector": "verwaltung", "name": "Amt"}),
            ("p", {"sector": "verwaltung"}),
            ("q", {"sector": "mso"}),
            ("r", {"sector": "mso"}),
            ("s", {"sector": "bildung"}),
        ]
    )
    G.add_edges_from([("p", "x"), ("q", "x"), ("x", "r"), ("x", "s"), ("q", "r")])
    ax = plot.plot_ego(G, "x")
    assert ax.get_title() == "Ego-Netz: Amt"
    box = _texts(ax)[-1].splitlines()
    assert box == [
        "Vermittelte Wege",
        "Koordinator: 0",
        "Berater: 0",
        "Vertreter: 2",
        "Türsteher: 0",
        "Verbindungsglied: 1",
    ]


def test_plot_ego_isolate_and_unknown_actor():
    G = _graph()
    G.add_node("z", sector="mso")
    ax = plot.plot_ego(G, "z")
    assert "Dieser Akteur hat keine Verbindungen." in _texts(ax)
    with pytest.raises(ValueError, match="'nobody' is not a node"):
        plot.plot_ego(G, "nobody")


# --- the map ----------------------------------------------------------------------------------

# Strings in the inlined vis-network script that contain a scheme (written ":\/\/" so they do
# not read as addresses); none of them is ever requested: an XML namespace and texts.
ALLOWED_ESCAPED = {
    r"http:\/\/www.w3.org/2000/svg",
    r"https:\/\/github.com/zloirock/core-js/blob/v3.21.1/LICENSE",
    r"https:\/\/github.com/zloirock/core-js",
    r"https:\/\/github.com/uuidjs/uuid#getrandomvalues-not-supported",
}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.data: dict[str, str] = {}
        self._current: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        self._current = attrs.get("id")

    def handle_data(self, data):
        if self._current:
            self.data[self._current] = self.data.get(self._current, "") + data

    def handle_endtag(self, tag):
        self._current = None


def _parse(page: str) -> _Collector:
    parser = _Collector()
    parser.feed(page)
    return parser


def _map_data(page: str) -> dict:
    return json.loads(_parse(page).data["netzwerk-data"])


def test_map_has_no_reference_to_another_host(tmp_path):
    G = _graph(synthetic=True)
    path = plot.write_map(plot.network_map(G, measures=_measures(G)), tmp_path / "map.html")
    text = path.read_text(encoding="utf-8")
    assert re.findall(r"https?://", text, flags=re.IGNORECASE) == []
    # protocol-relative addresses ("//host/…") in attributes or CSS
    assert re.findall(r"""(?:src|href|action)\s*=\s*["']?\s*//""", text, flags=re.I) == []
    assert re.findall(r"url\(\s*(?!['\"]?data:)", text) == []
    for tag, attrs in _parse(text).tags:
        assert "src" not in attrs and "href" not in attrs, (tag, attrs)
    escaped = set(re.findall(r"https?:\\/\\/[^\"'\s]*?(?=[\"'\s])", text))
    assert escaped <= ALLOWED_ESCAPED


def test_map_same_graph_same_seed_same_bytes(tmp_path):
    G = _graph()
    a = plot.write_map(plot.network_map(G, seed=7), tmp_path / "a.html").read_bytes()
    b = plot.write_map(plot.network_map(_graph(), seed=7), tmp_path / "b.html").read_bytes()
    c = plot.write_map(plot.network_map(G, seed=8), tmp_path / "c.html").read_bytes()
    assert a == b
    assert a != c
    assert a.decode("utf-8")  # UTF-8 throughout


@pytest.mark.slow
def test_map_identical_across_processes(tmp_path):
    """Layout and JSON must not depend on the hash seed or global random state of a process."""
    import random
    import subprocess
    import sys

    code = (
        "import sys, random, networkx as nx; from netzwerk import plot; random.seed(99);"
        "G = nx.les_miserables_graph(); nx.set_node_attributes(G, 'mso', 'sector');"
        "plot.write_map(plot.network_map(G, seed=5), sys.argv[1])"
    )
    env = {"PYTHONHASHSEED": "12345", "PATH": "/usr/bin:/bin"}
    other = tmp_path / "other.html"
    subprocess.run([sys.executable, "-c", code, str(other)], check=True, env=env, cwd=tmp_path)
    random.seed(1)
    G = nx.les_miserables_graph()
    nx.set_node_attributes(G, "mso", "sector")
    here = plot.write_map(plot.network_map(G, seed=5), tmp_path / "here.html")
    assert here.read_bytes() == other.read_bytes()


def test_map_script_in_name_stays_text():
    G = _graph()
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    G.nodes["a"]["name"] = evil
    G.graph["city"] = "</title><script>alert(2)</script>"
    page = plot.map_html(plot.network_map(G))
    assert "<script>alert" not in page and "<img" not in page
    # the page holds exactly our four script elements (data, text, vis, page) and no img
    tags = [tag for tag, _ in _parse(page).tags]
    assert tags.count("script") == 4 and "img" not in tags
    data = _map_data(page)
    node = next(n for n in data["nodes"] if n["id"] == "a")
    assert node["title"].splitlines()[0] == evil  # shown verbatim as text
    assert node["label"] == plot._shorten(evil, 40)
    assert "&lt;/title&gt;&lt;script&gt;" in page  # the title, HTML-escaped


def test_map_nodes_edges_tooltips_and_options():
    G = _graph(synthetic=True)
    city = _city(
        events=pd.DataFrame(
            {
                "event_id": ["e1", "e2"],
                "title": ["Fachtag", "Runder Tisch"],
                "kind": "forum",
                "date": ["2020-03-05", "2021"],
            }  # fmt: skip
        )
    )
    net = plot.network_map(G, measures=_measures(G), city=city, seed=0)
    assert isinstance(net, plot.Network)
    assert net.num_nodes() == 4 and net.num_edges() == 3
    data = _map_data(plot.map_html(net))
    assert data["options"]["physics"]["enabled"] is False
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["b"]["title"].splitlines() == [
        "Caritas",
        "Sektor: Wohlfahrtsverbände",
        "Ebene: Kommune",
        "Vermittlungsposition (Betweenness): 1",
        "Schnittpunkt: ohne diesen Akteur zerfiele das Netz in getrennte Teile",
    ]
    # the report's term, not "Artikulationspunkt"; a raw community number is not shown
    assert "Gemeinschaft" not in nodes["a"]["title"] and "Schnittpunkt" not in nodes["a"]["title"]
    assert nodes["d"]["shape"] == "square" and nodes["a"]["shape"] == "dot"
    assert "Sammelakteur (mehrere Organisationen)" in nodes["d"]["title"]
    # size by betweenness: b (1.0) largest 40, the others (0.0) smallest 8
    assert nodes["b"]["size"] == 40 and nodes["a"]["size"] == 8
    edge = next(e for e in data["edges"] if {e["from"], e["to"]} == {"a", "b"})
    assert edge["title"].splitlines() == [
        "Integrationsbüro – Caritas",
        "Gewicht: 2",
        "Gemeinsame Veranstaltungen: 2",
        "· 05.03.2020 Fachtag",  # German dates
        "· 2021 Runder Tisch",
    ]
    bc = next(e for e in data["edges"] if {e["from"], e["to"]} == {"b", "c"})
    # 3 referrals are below the default threshold 5: hidden, and left out of weight and width
    assert bc["title"].splitlines()[-1].startswith("Verweise: verdeckt (Datenschutz")
    assert bc["title"].splitlines()[1].startswith("Gewicht (ohne Verweise): ")
    plain = plot.network_map(G, measures=_measures(G), city=city, seed=0, suppress_below=None)
    bc = next(e for e in plain.edges if {e["from"], e["to"]} == {"b", "c"})
    assert bc["title"].splitlines()[-1] == "Verweise: 3"
    assert net.legend == [
        ("Kommunalverwaltung", plot.sector_colors()["verwaltung"]),
        ("Arbeitsverwaltung", plot.sector_colors()["arbeitsmarkt"]),
        ("Wohlfahrtsverbände", plot.sector_colors()["wohlfahrt"]),
        ("Migrantenorganisationen", plot.sector_colors()["mso"]),
    ]
    assert net.map_title == "Kooperationsnetz (synthetisch)"
    assert net.legend_aggregate  # d is an aggregate actor: the legend explains the square
    assert "Sammelakteur (mehrere Organisationen)</li>" in plot.map_html(net)


def test_map_physics_toggle_english_and_directed():
    G = nx.DiGraph()
    G.add_edge("x", "y", weight=3)
    net = plot.network_map(G, physics=True, lang="en")
    page = plot.map_html(net)
    data = _map_data(page)
    assert data["options"]["physics"]["enabled"] is True
    assert data["edges"][0]["arrows"] == "to"
    assert data["edges"][0]["title"].splitlines()[0] == "x → y"
    assert 'id="netzwerk-physics"' in page and "Force simulation" in page
    assert '<html lang="en">' in page


def test_map_many_events_are_counted_not_listed():
    G = nx.Graph()
    G.add_edge("a", "b", events=[f"e{i}" for i in range(12)], n_events=12)
    title = plot.network_map(G, max_events=3).edges[0]["title"].splitlines()
    assert title[3:] == ["· e0", "· e1", "· e2", "… und 9 weitere"]


def test_map_empty_graph_and_plain_pyvis_network(tmp_path):
    page = plot.map_html(plot.network_map(nx.Graph()))
    assert _map_data(page)["nodes"] == []
    from pyvis.network import Network

    plain = Network()
    plain.add_node(1, label="eins", title="<b>fett</b>")
    text = plot.write_map(plain, tmp_path / "plain.html").read_text(encoding="utf-8")
    assert "https://" not in text and "<b>fett" not in text
    with pytest.raises(TypeError, match="pyvis Network"):
        plot.map_html(nx.Graph())


def test_network_map_own_writers_stay_offline(tmp_path):
    net = plot.network_map(_graph())
    net.write_html(str(tmp_path / "w.html"))
    net.save_graph(str(tmp_path / "s.html"))
    expected = plot.map_html(net)
    assert (tmp_path / "w.html").read_text(encoding="utf-8") == expected
    assert (tmp_path / "s.html").read_text(encoding="utf-8") == expected


def test_map_iframe_escapes_the_document():
    G = _graph()
    G.nodes["a"]["name"] = "Tom & \"Jerry\" 'Verein' <b>"
    net = plot.network_map(G)
    frame = net._repr_html_()
    assert frame == plot.map_iframe(net)
    tags = _parse(frame).tags
    assert [t for t, _ in tags] == ["iframe"]  # nothing leaks out of the attribute
    attrs = tags[0][1]
    assert attrs["srcdoc"] == plot.map_html(net)
    assert attrs["sandbox"] == "allow-scripts"
    with pytest.raises(ValueError, match="height"):
        plot.map_iframe(net, height="100px; background: red")


def test_map_rejects_colliding_ids():
    G = nx.Graph()
    G.add_nodes_from([1, "1"])
    with pytest.raises(ValueError, match="text ids"):
        plot.network_map(G)


def test_escaped_html_title_in_page():
    G = _graph()
    net = plot.network_map(G, title="A & B <C>")
    page = plot.map_html(net)
    assert "<title>A &amp; B &lt;C&gt;</title>" in page


def test_plot_sector_gaps_marks_from_p_values_without_gap_column():
    gaps = _gaps()
    gaps["gap"] = False  # the producer's decision wins over p_low
    assert sorted(_texts(plot.plot_sector_gaps(gaps))) == sorted(
        ["1\n(0,40) ▲", "0\n(0,50)", "0\n(0,50)", "0,50\n(0,45)"]
    )
    # without the column, p_low = 0.01 < 0.05 marks verwaltung–mso
    texts = _texts(plot.plot_sector_gaps(gaps.drop(columns="gap")))
    assert texts.count("0\n(0,50) ▼") == 2


# --- on the real producers' output (graph.py, brokers.py, gaps.py) ----------------------------


@pytest.fixture(scope="module")
def offenbach(data_dir):
    import netzwerk

    city = netzwerk.load_city(data_dir / "offenbach")
    return city, netzwerk.cooperation_graph(city)


def test_integration_plot_network_and_map_on_cooperation_graph(offenbach, tmp_path):
    import netzwerk

    city, G = offenbach
    measures = netzwerk.betweenness(G).to_frame("betweenness")
    ax = plot.plot_network(G, measures=measures, top=3)
    assert len(_texts(ax)) == 3
    markers = [c for c in ax.collections if isinstance(c, matplotlib.collections.PathCollection)]
    assert sum(len(c.get_offsets()) for c in markers) == G.number_of_nodes()
    net = plot.network_map(G, measures=measures, city=city)
    assert net.num_nodes() == G.number_of_nodes() and net.num_edges() == G.number_of_edges()
    text = plot.write_map(net, tmp_path / "offenbach.html").read_text(encoding="utf-8")
    assert re.findall(r"https?://", text) == []
    # edge tooltips name the events behind the tie by their titles from the city
    u, v, d = next(iter(G.edges(data=True)))
    title = city.events.set_index("event_id").at[d["events"][0], "title"]
    edge = next(e for e in _map_data(text)["edges"] if {e["from"], e["to"]} == {u, v})
    assert title in edge["title"]


def test_integration_brokerage_roles_and_ego_agree(offenbach):
    """plot_ego counts two-paths itself; brokers.brokerage_roles is an independent count."""
    import netzwerk

    # departments collapsed: the city itself links its Fachtag and Kompetenzteam (issue 14 split
    # the two Dezernate, so the uncollapsed graph of the two events has no broker)
    city, _ = offenbach
    G = netzwerk.cooperation_graph(city, collapse="organisation")
    roles = netzwerk.brokerage_roles(G, "sector")
    for actor in G.nodes:
        assert plot._ego_brokerage(G, actor, "sector") == {
            r: int(roles.at[actor, r]) for r in plot.ROLES
        }, actor
    ax = plot.plot_brokerage_roles(roles, names=G, top=5)
    brokering = int((roles["total"] > 0).sum())
    assert len(ax.patches) == 5 * min(5, brokering)
    top = roles["total"].idxmax()
    assert _ticks(ax.get_yticklabels())[0] == plot._shorten(G.nodes[top]["name"])
    ax = plot.plot_ego(G, top)
    assert f"Vertreter: {int(roles.at[top, 'representative'])}" in _texts(ax)[-1]


def test_integration_sector_gaps_heatmap(offenbach):
    import netzwerk

    _, G = offenbach
    gaps = netzwerk.sector_gaps(G, n_permutations=700, seed=1)
    ax = plot.plot_sector_gaps(gaps)
    sizes = pd.Series([G.nodes[n]["sector"] for n in G]).value_counts()
    # k × k cells (pairs mirrored) less the diagonal cells of groups of one (no possible pair)
    assert len(_texts(ax)) == len(sizes) ** 2 - int((sizes == 1).sum())
    assert len(_ticks(ax.get_xticklabels())) == len(sizes)
    # the cell of the largest group with itself: observed / possible (expected / possible)
    big = sizes.index[0]
    row = gaps[(gaps["group_a"] == big) & (gaps["group_b"] == big)].iloc[0]
    observed = plot._fmt(row["observed"] / row["possible"], "de")
    expected = plot._fmt(row["expected"] / row["possible"], "de")
    # the permutation null keeps the overall density: the same expected value in every cell,
    # stated once in the title instead of "(0,70)" in each cell
    assert f"(erwartet überall {expected})" in ax.get_title()
    assert any(t.split(" ")[0] == observed for t in _texts(ax))
    assert not any("\n(" in t for t in _texts(ax))


def test_sector_gaps_cells_keep_expected_values_when_they_differ_and_commas_in_colour_bar():
    gaps = pd.DataFrame({"group_a": ["mso", "mso"], "group_b": ["mso", "verwaltung"],
        "possible": [6, 8], "observed": [6, 2], "expected": [3.0, 2.0], "p_low": [0.9, 0.5],
        "p_high": [0.2, 0.5]})  # fmt: skip
    ax = plot.plot_sector_gaps(gaps)
    # by hand: mso-mso 6/6 = 1 (expected 3/6 = 0,50), mso-verwaltung 2/8 = 0,25 (2/8 = 0,25)
    assert sorted(_texts(ax)) == ["0,25\n(0,25)", "0,25\n(0,25)", "1\n(0,50)"]
    bar = ax.figure.axes[-1]
    ax.figure.canvas.draw()
    ticks = [t.get_text() for t in bar.get_yticklabels() if t.get_text()]
    assert any("," in t for t in ticks) and not any("." in t for t in ticks), ticks
    plt.close(ax.figure)


def test_truncated_labels_stay_distinct_and_roles_legend_sits_outside():
    roles = pd.DataFrame(
        {role: [3, 2] for role in plot.ROLES}
        | {"name": ["Ortsverein Humanitäre Hilfe Modellstadt Nord",
                    "Ortsverein Humanitäre Hilfe Modellstadt Süd"]},
        index=["a", "b"],
    )  # fmt: skip
    ax = plot.plot_brokerage_roles(roles)
    labels = _ticks(ax.get_yticklabels())
    assert len(set(labels)) == 2 and all(len(t) <= 32 for t in labels), labels
    assert labels[0].endswith("Nord") and labels[1].endswith("Süd")
    # the legend's anchor is right of the axes (x > 1 in axes coordinates), not over the bars
    legend = ax.get_legend()
    assert legend.get_bbox_to_anchor().transformed(ax.transAxes.inverted()).x0 > 1.0
    assert [t.get_text() for t in legend.get_texts()] == [
        "Koordinator", "Berater", "Vertreter", "Türsteher", "Verbindungsglied"]  # fmt: skip
    plt.close(ax.figure)


def test_integration_unmet_needs_and_city_figures(data_dir):
    import netzwerk

    city = netzwerk.load_city(data_dir / "magdeburg")
    matches = netzwerk.unmet_needs(city, netzwerk.cooperation_graph(city))
    ax = plot.plot_resources(matches, city=city)
    needs = matches.groupby("topic").size()
    # each topic's need bars reach −(number of need cards); offers from the city's cards
    lefts = [p.get_x() + p.get_width() for p in ax.patches if p.get_width() < 0]
    assert -min(lefts) == needs.max()
    offers = city.resources[city.resources["kind"] == "offer"]
    assert sum(p.get_width() for p in ax.patches if p.get_width() > 0) == len(offers)
    ax = plot.plot_timeline(city, by="sector")
    pairs = city.participation[["event_id", "actor_id"]].drop_duplicates()
    assert sum(p.get_height() for p in ax.patches) == len(pairs)
    ax = plot.plot_field_flows(city, suppress_below=5)
    assert len(_texts(ax)) >= 1


@pytest.mark.parametrize(
    "draw",
    [
        plot.plot_sector_gaps,
        plot.plot_brokerage_roles,
        plot.plot_brokers,
        plot.plot_resources,
    ],
)
def test_table_figures_accept_a_bare_empty_frame(draw):
    fig, ax = plt.subplots()
    assert draw(pd.DataFrame(), ax=ax) is ax
    assert len(ax.texts) == 1 and ax.texts[0].get_text().startswith("Kein")


def test_integration_brokers_table_and_stability(offenbach):
    from netzwerk.brokers import broker_table
    from netzwerk.gaps import broker_stability
    from netzwerk.graph import cooperation_graph

    city, G = offenbach
    table = broker_table(G)
    ax = plot.plot_brokers(table, G=G, top=4)
    # highest betweenness first, ties by actor_id
    best = min(table.index, key=lambda a: (-table.at[a, "betweenness"], str(a)))
    assert _ticks(ax.get_yticklabels())[0] == plot._shorten(G.nodes[best]["name"])
    stability = broker_stability(city, build=cooperation_graph, n_resamples=20, seed=0)
    ax = plot.plot_brokers(table, stability=stability, G=G, top=3)
    ranked = stability["rank_betweenness"].dropna()
    first_actor = min(ranked.index, key=lambda a: (ranked[a], str(a)))  # best rank, ties by id
    shown = _ticks(ax.get_yticklabels())
    assert len(shown) == min(3, len(ranked))
    assert shown[0] == plot._shorten(stability.at[first_actor, "name"])
    segments = [c for c in ax.collections if isinstance(c, matplotlib.collections.LineCollection)]
    first = segments[0].get_segments()[0]
    low, high = stability.loc[first_actor, ["rank_betweenness_low", "rank_betweenness_high"]]
    assert (first[0][0], first[1][0]) == (low, high)


def test_map_keeps_every_node_and_the_strongest_ties_and_states_the_cut():
    G = nx.complete_graph(5)
    for k, (u, v) in enumerate(G.edges):
        G.edges[u, v]["weight"] = float(k + 1)  # 10 ties, weights 1..10 in edge order
    net = plot.network_map(G, max_edges=3)
    # by hand: the three strongest are the last three edges, weights 10, 9, 8 (in that order)
    assert [e["strength"] for e in net.edges] == [10.0, 9.0, 8.0]
    assert net.num_nodes() == 5 and net.edge_cut == (3, 10)
    page = plot.map_html(net)
    assert "nur die 3 stärksten von 10 Verbindungen; alle 5 Akteure sind enthalten." in page
    # without a cut nothing is said, and ties still come strongest first
    full = plot.network_map(G, max_edges=None)
    assert full.edge_cut == (10, 10) and "stärksten" not in plot.map_html(full)
    assert [e["strength"] for e in full.edges] == sorted(range(1, 11), reverse=True)
    with pytest.raises(ValueError, match="max_edges must be a positive integer, got 0"):
        plot.network_map(G, max_edges=0)
