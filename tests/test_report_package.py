"""The report package's pieces outside the notebook: suppression of key figures, dates, network
structure, broker and gap summaries, the comparison heatmap and the notebook's sentences."""

from __future__ import annotations

import math

import networkx as nx
import pandas as pd
import pytest

import netzwerk
from netzwerk import plot, report
from netzwerk.io import City

ACTORS = pd.DataFrame(
    {
        "actor_id": ["a", "b", "c"],
        "name": ["A", "B", "C"],
        "sector": ["verwaltung", "wohlfahrt", "mso"],
        "level": ["kommune"] * 3,
    }
)


def _referral_city(counts: list[int]) -> City:
    n = len(counts)
    referrals = pd.DataFrame(
        {
            "from_id": ["a"] * n,
            "to_id": ["b", "c"][:n],
            "field": ["arbeit"] * n,
            "period": ["2020"] * n,
            "count": [str(c) for c in counts],
        }
    )
    return City.from_frames(meta={"name": "x"}, actors=ACTORS, referrals=referrals)


def test_total_weight_follows_the_referral_suppression():
    # 3 referrals in all: below 5, the report hides the total (n_referrals_counted None), so
    # the summed tie weights (3.0) must not publish it either
    city = _referral_city([3])
    G = netzwerk.cooperation_graph(city)
    assert sum(w for *_, w in G.edges(data="weight")) == 3.0
    fig = report.key_figures(city, G)
    assert fig["data"]["n_referrals_counted"] is None
    assert fig["network"]["total_weight"] is None
    assert fig["network"]["n_ties"] == 1  # the other figures stay


def test_total_weight_shown_when_the_referral_total_is_shown():
    # 20 + 30 = 50 referrals: every cell and the total are at least 5, nothing is hidden
    city = _referral_city([20, 30])
    fig = report.key_figures(city, netzwerk.cooperation_graph(city))
    assert fig["data"]["n_referrals_counted"] == 50
    assert fig["network"]["total_weight"] == 50.0


def test_total_weight_of_an_events_only_graph_is_not_touched():
    # ties without referral weight: a hidden referral total says nothing about their sum
    city = _referral_city([3])
    G = nx.Graph()
    G.add_edge("a", "b", weight=0.5)
    fig = report.key_figures(city, G)
    assert fig["data"]["n_referrals_counted"] is None
    assert fig["network"]["total_weight"] == 0.5


# ---------------------------------------------------------------------------------------------
# moved out of the report layer: still reachable under their old names
# ---------------------------------------------------------------------------------------------


def test_old_names_stay_importable_from_report():
    from netzwerk import _dates, _flows
    from netzwerk.brokers import _summary as _broker_summary
    from netzwerk.gaps import _summary as _gap_summary

    assert _dates._de(1234.5) == "1.234,50"
    assert report.date_de is _dates.date_de and report.period_de is _dates.period_de
    assert report.span_de is _dates.span_de
    assert report.ranking_overlap is _broker_summary.ranking_overlap
    assert report.brokerage_by_sector is _broker_summary.brokerage_by_sector
    assert report.gap_analysis is _gap_summary.gap_analysis
    assert report.field_counts is _flows.field_counts
    assert report.field_flows is _flows.field_flows


def test_network_figures_by_hand():
    from netzwerk.graph._structure import _degree_centralization, _network_figures

    # a star a-b, a-c, a-d plus an isolate e: 5 nodes, 3 ties, density 3/10, mean degree 6/5;
    # Freeman: max degree 3, sum (3-d) = 0+2+2+2+3 = 9, over (n-1)(n-2) = 12 -> 0.75
    G = nx.Graph([("a", "b"), ("a", "c"), ("a", "d")])
    G.add_node("e")
    fig = _network_figures(G)
    assert fig["n_ties"] == 3 and fig["n_isolates"] == 1 and fig["n_components"] == 2
    assert fig["density"] == pytest.approx(0.3) and fig["mean_degree"] == pytest.approx(1.2)
    assert fig["degree_centralization"] == pytest.approx(0.75)
    assert fig["largest_component"] == 4 and fig["total_weight"] == 3.0
    assert math.isnan(_degree_centralization(nx.path_graph(2)))


def test_field_counts_is_the_field_flows_table_with_its_suppression():
    # one computation and one suppression: field_counts is field_flows' published table
    # (3 is below 5; to keep it from the row total, the 30 beside it goes too)
    city = _referral_city([3, 30])
    flows = report.field_flows(city, threshold=5)
    counts = report.field_counts(city)
    pd.testing.assert_frame_equal(counts, flows.published())
    assert counts.loc["Arbeit"].tolist() == [".", "<5", "33"]
    raw = report.field_counts(city, threshold=None)
    pd.testing.assert_frame_equal(raw, flows.labelled())
    assert raw.loc["Arbeit"].to_dict() == {"Migrantenorganisationen": 30, "Wohlfahrtsverbände": 3}


def test_brokerage_by_sector_and_ranking_overlap_by_hand():
    t = pd.DataFrame({"group": ["mso", "mso", "wohlfahrt", "amt"], "total": [1, 2, 1, 0]})
    assert report.brokerage_by_sector(t).to_dict() == {"amt": 0.0, "mso": 0.75, "wohlfahrt": 0.25}
    assert report.brokerage_by_sector(t.assign(total=0)).isna().all()
    a = pd.DataFrame({"betweenness": [3.0, 2.0, 1.0]}, index=list("xyz"))
    b = pd.DataFrame({"betweenness": [3.0, 1.0, 2.0]}, index=list("xyz"))
    # top 2: {x, y} and {x, z} share one of two; ranks (1,2,3) vs (1,3,2): rho = 1 - 6*2/24
    got = report.ranking_overlap(a, b, top=2)
    assert got == {"overlap": 0.5, "spearman": 0.5, "k": 2}
    with pytest.warns(DeprecationWarning, match="top="):
        assert report.ranking_overlap(a, b, top_n=2) == got


# ---------------------------------------------------------------------------------------------
# top_n -> top: the old keyword still works, with a warning
# ---------------------------------------------------------------------------------------------


def test_top_n_keyword_is_deprecated_but_works():
    missing = pd.DataFrame(
        {
            "actor_a": ["a", "a", "b"],
            "actor_b": ["b", "c", "c"],
            "group_a": ["mso"] * 3,
            "group_b": ["amt"] * 3,
            "n_common": [3, 2, 2],
        }
    )
    assert len(report.missing_display(missing, top=2)) == 2
    with pytest.warns(DeprecationWarning, match="missing_display"):
        assert len(report.missing_display(missing, top_n=1)) == 1
    with pytest.warns(DeprecationWarning, match="missing_note"):
        assert report.missing_note(missing, top_n=10) == report.missing_note(missing, top=10)
    city = _referral_city([20, 30])
    G = netzwerk.cooperation_graph(city)
    with pytest.warns(DeprecationWarning, match="key_figures"):
        old = report.key_figures(city, G, missing=missing, top_n=1)
    assert old == report.key_figures(city, G, missing=missing, top=1)
    assert old["gaps"]["top_missing_ties"] == [["a", "b", 3]]


def test_key_figures_carry_the_robustness_block():
    city = _referral_city([20, 30])
    G = netzwerk.cooperation_graph(city)
    assert report.key_figures(city, G)["robustness"] is None
    t = pd.DataFrame(
        {
            "weighting": ["newman", "count"],
            "role_weights": ["default", "default"],
            "reference": [True, False],
            "brokerage_exists": [True, True],
            "leading": [("a",), ("a", "b")],
            "overlap": [1.0, 0.5],
            "spearman": [1.0, 0.4],
            "k": [2, 2],
        }
    )
    t.attrs = {"leading_everywhere": ["a"], "survivors": ["a"], "alpha": 0.05}
    block = report.key_figures(city, G, robustness=t)["robustness"]
    assert block == report.robustness_figures(t)
    assert block["variants"][1]["leading"] == ["a", "b"] and block["survivors"] == ["a"]


# ---------------------------------------------------------------------------------------------
# the sentences the notebook used to hard-code
# ---------------------------------------------------------------------------------------------


def test_notebook_sentences_come_from_the_library():
    assert report.absent("missing_ties").startswith("Es gibt kein Paar aus verschiedenen Sektoren")
    assert report.absent("suggestions") == (
        "Die Daten ergeben keinen begründeten Vorschlag für eine neue Kooperation."
    )
    with pytest.raises(ValueError, match="no_such_section"):
        report.absent("no_such_section")
    assert report.note_markdown("x") == "*Hinweis:* x"
    assert report.stability_caption() == (
        "Die Abbildung zeigt für jeden Vermittler die Spanne seiner Ränge."
    )
    footer = report.footer_markdown("/somewhere/results.json")
    assert f"netzwerk {netzwerk.__version__}." in footer and "`results.json`" in footer
    assert "/somewhere" not in footer
    city = City.from_frames(meta={"name": "x", "city": "Musterstadt"}, actors=ACTORS)
    assert report.map_title(city) == f"Kooperationsnetz: {report.city_label(city)}"


def test_suggestions_display_keeps_order_and_names():
    s = pd.DataFrame(
        {
            "actor_a": ["a", "b"],
            "actor_b": ["c", "c"],
            "name_a": ["A", "B"],
            "name_b": ["C", "C"],
            "reason": ["zwei gemeinsame Partner", "gleiches Handlungsfeld"],
            "score": [0.9, 0.4],
        }
    )
    shown = report.suggestions_display(s)
    assert shown.columns.tolist() == ["Akteur A", "Akteur B", "Begründung"]
    assert shown.values.tolist() == [
        ["A", "C", "zwei gemeinsame Partner"],
        ["B", "C", "gleiches Handlungsfeld"],
    ]


def test_city_report_notebook_hard_codes_no_sentence():
    # the notebook only calls and explains: no German sentence literal in a code cell
    import json
    import re

    from netzwerk import config

    nb = json.loads((config.NOTEBOOKS_DIR / "city_report.ipynb").read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] != "code" or "parameters" in cell["metadata"].get("tags", []):
            continue
        code = "".join(cell["source"])
        code = "\n".join(line.split("#", 1)[0] for line in code.splitlines())
        code = re.sub(r'message="[^"]*"', "", code)  # a warning filter's (English) pattern
        for literal in re.findall(r"\"([^\"\n]*)\"", code):
            assert len(literal.split()) < 3, f"sentence in the notebook: {literal!r}"
        assert "robustness_figures" not in code and 'figures["' not in code


# ---------------------------------------------------------------------------------------------
# the comparison heatmap
# ---------------------------------------------------------------------------------------------


def test_plot_brokerage_shares_draws_the_table():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    shares = pd.DataFrame(
        {"mso": [0.75, 0.0], "wohlfahrt": [0.25, float("nan")]}, index=["Hagen", "Offenbach"]
    )
    fig = plot.plot_brokerage_shares(shares)
    try:
        ax = fig.axes[0]
        assert [t.get_text() for t in ax.get_xticklabels()] == [
            "Migrantenorganisationen",
            "Wohlfahrtsverbände",
        ]
        assert [t.get_text() for t in ax.get_yticklabels()] == ["Hagen", "Offenbach"]
        assert ax.get_xlabel() == "Sektor"
        # one number per finite cell, German decimal comma; the NaN cell stays blank
        assert sorted(t.get_text() for t in ax.texts) == ["0,00", "0,25", "0,75"]
        assert fig.axes[1].get_ylabel() == "Anteil der Vermittlung"
        image = ax.images[0]
        assert image.get_clim() == (0, 1)
    finally:
        plt.close(fig)
    fig2, given = plt.subplots()
    try:
        assert plot.plot_brokerage_shares(shares, ax=given, digits=1) is fig2
        assert sorted(t.get_text() for t in given.texts) == ["0,0", "0,2", "0,8"]
    finally:
        plt.close(fig2)
    with pytest.raises(ValueError, match="between 0 and 1"):
        plot.plot_brokerage_shares(shares * 2)
    with pytest.raises(ValueError, match="empty"):
        plot.plot_brokerage_shares(pd.DataFrame())


# ---------------------------------------------------------------------------------------------
# small helpers without a doctest
# ---------------------------------------------------------------------------------------------


def test_update_reference_keeps_everything_but_the_run(tmp_path, data_dir):
    import json

    city = netzwerk.load_city(data_dir / "hagen")
    written = report.write_results(
        tmp_path / "out" / "hagen", city, {"seed": 0}, figures={"x": 0.5}, duration=1.0
    )
    new = report.read_results(written)
    [target] = report.update_reference(
        ["hagen"], out_root=tmp_path / "out", reference_dir=tmp_path / "ref"
    )
    assert target == tmp_path / "ref" / "hagen" / report.RESULTS_FILE
    ref = json.loads(target.read_text(encoding="utf-8"))
    assert "run" in new and "run" not in ref
    assert ref == {k: v for k, v in new.items() if k != "run"}
    assert report.compare_results(new, ref) == []  # the run section is not compared


def test_events_in_period_uses_the_midpoint_rule():
    events = pd.DataFrame(
        {
            "event_id": ["e1", "e2", "e3"],
            "title": ["A", "B", "C"],
            "kind": ["forum"] * 3,
            # midpoints: mid June 2022, mid December 2022, 2 July 2023
            "date": ["2022-06", "2022-12", "2023"],
        }
    )
    city = City.from_frames(meta={"name": "x"}, actors=ACTORS, events=events)
    ids = lambda period: report.events_in_period(city, period)["event_id"].tolist()  # noqa: E731
    assert ids(None) == ["e1", "e2", "e3"]
    assert ids(2022) == ["e1", "e2"] and ids("2022-Q4") == ["e2"]
    assert ids(2023) == ["e3"]
    assert ids("2023-Q1") == []  # "2023" overlaps the quarter, but its midpoint is in July
