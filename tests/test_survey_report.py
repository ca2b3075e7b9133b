"""The survey section of the city report: text, figures, key figures, suppression, visibility."""

from __future__ import annotations

import json

import matplotlib.pyplot as plt
import nbformat
import pandas as pd
import pytest

from netzwerk import load_city, report
from netzwerk.io import City
from netzwerk.survey import (
    agreement_markdown,
    evidence_agreement,
    evidence_crosstab,
    partner_scores,
    plot_survey_levels,
    plot_survey_scores,
    published_scores,
    response_markdown,
    scores_markdown,
    survey_figures,
    survey_graph,
    survey_summary,
    symmetrise_survey,
    unnamed_partners,
)


def _fixture() -> City:
    """Five organisations, four answer (e does not).

    Reports (level; value items; trust items):
      a→x (2; 4 4 4; 2 2 2), b→x (3; 4 4 —; 1 1 1), c→x (2; 2 — —; 3 3 3)  → x: 3 raters
      a→y (2; 1 1 1; 4 4 4)                                                → y: 1 rater
      x→a (1; no items)
    """
    actors = pd.DataFrame(
        {
            "actor_id": ["a", "b", "c", "x", "y", "e"],
            "name": ["Amt A", "Beirat B", "Caritas C", "Xenia-Verein", "Ypsilon-Hilfe", "Ev E"],
            "sector": ["verwaltung", "beirat", "wohlfahrt", "mso", "mso", "religion"],
            "level": ["kommune"] * 6,
        }
    )
    respondents = pd.DataFrame(
        {
            "wave": ["2024"] * 6,
            "actor_id": ["a", "b", "c", "x", "y", "e"],
            "responded": [True, True, True, True, False, False],
        }
    )
    ties = pd.DataFrame(
        {
            "wave": ["2024"] * 5,
            "from_id": ["a", "b", "c", "a", "x"],
            "to_id": ["x", "x", "x", "y", "a"],
            "level": [2, 3, 2, 2, 1],
            "value_influence": [4, 4, 2, 1, None],
            "value_involvement": [4, 4, None, 1, None],
            "value_resources": [4, None, None, 1, None],
            "trust_reliability": [2, 1, 3, 4, None],
            "trust_mission": [2, 1, 3, 4, None],
            "trust_openness": [2, 1, 3, 4, None],
        }
    )
    return City.from_frames(actors=actors, survey_respondents=respondents, survey_ties=ties)


def test_published_scores_by_hand_and_suppressed_actor_left_out():
    city = _fixture()
    s = published_scores(city)
    # x: value ratings 4, 4, 2 → mean 10/3; trust 2, 1, 3 → 2. y (one rater) is not shown,
    # a (rated by x without items) has no score at all.
    assert s.index.tolist() == ["x"]
    assert s.loc["x", "value"] == pytest.approx(10 / 3)
    assert s.loc["x", "trust"] == pytest.approx(2.0)
    assert s.attrs["n_suppressed"] == 1
    # the network value over the shown actors only: x's 10/3, not (4+4+2+1)/4 = 2.75 over
    # all ratings, from which y's 1 would follow by subtraction
    net = s.attrs["network"]
    assert net["value"] == pytest.approx(10 / 3) and net["trust"] == pytest.approx(2.0)
    # partner_scores returns the same shown-only means: the mean over all ratings is not
    # available to any caller
    raw = partner_scores(city).attrs["network"]
    assert raw["value"] == pytest.approx(10 / 3) and raw["trust"] == pytest.approx(2.0)
    # 5 reports (x→a without items among them), 1 shown actor with 3 value and 3 trust answers
    assert (raw["n_ratings"], raw["n_actors"], raw["n_value"], raw["n_trust"]) == (5, 1, 3, 3)
    assert raw["suppressed"] is False
    assert {k: v for k, v in net.items()} == raw


def _with_rating_of_y(value: float, trust: float) -> City:
    """The fixture with a→y's items all set to ``value`` and ``trust``."""
    city = _fixture()
    ties = city.survey_ties.copy()
    row = (ties["from_id"] == "a") & (ties["to_id"] == "y")
    for item in ("value_influence", "value_involvement", "value_resources"):
        ties.loc[row, item] = value
    for item in ("trust_reliability", "trust_mission", "trust_openness"):
        ties.loc[row, item] = trust
    return City.from_frames(
        actors=city.actors, survey_respondents=city.survey_respondents, survey_ties=ties
    )


@pytest.mark.parametrize("value,trust", [(1, 4), (4, 1), (2, 3)])
def test_a_suppressed_score_cannot_be_recovered_from_partner_scores(value, trust):
    # y is rated once (by a); whatever that one rating says, partner_scores returns exactly
    # the same table and the same network figures, so nothing in it determines y's score.
    # Before: network value (4 + 4 + 2 + v) / 4 over all four ratings, with x's mean 10/3 from
    # its 3 ratings: v = 4 * mean - 10 (for the fixture's v = 1: 4 * 2.75 - 10 = 1).
    base = partner_scores(_with_rating_of_y(1, 4))
    other = partner_scores(_with_rating_of_y(value, trust))
    pd.testing.assert_frame_equal(base, other)
    assert base.attrs == other.attrs
    assert pd.isna(other.loc["y", "value"]) and other.loc["y", "suppressed"]
    assert other.attrs["network"]["value"] == pytest.approx(10 / 3)  # x's ratings only
    assert other.attrs["network"]["trust"] == pytest.approx(2.0)
    # the shown numbers: 5 reports in all, 3 of them behind x's means; y's one rating is a
    # count, not a score (n_raters is shown for every actor)
    assert other.attrs["network"]["n_ratings"] == 5 and other.attrs["network"]["n_value"] == 3


def test_network_scores_suppressed_when_no_score_is_shown():
    # with min_raters=4 neither x (3 raters) nor y (1) is shown: the network means are NaN
    # and marked suppressed, not the mean of the hidden ratings
    net = partner_scores(_fixture(), min_raters=4).attrs["network"]
    assert net["suppressed"] is True and net["n_actors"] == 0
    assert pd.isna(net["value"]) and pd.isna(net["trust"]) and pd.isna(net["value_pct"])
    assert (net["n_ratings"], net["n_value"], net["n_trust"]) == (5, 0, 0)
    # with min_raters=1 both are shown: the means cover all four ratings, (4+4+2+1)/4 = 2.75
    # for value and (2+1+3+4)/4 = 2.5 for trust
    net = partner_scores(_fixture(), min_raters=1).attrs["network"]
    assert net["value"] == pytest.approx(2.75) and net["trust"] == pytest.approx(2.5)
    assert net["n_actors"] == 2 and net["suppressed"] is False


def test_section_text_by_hand():
    city = _fixture()
    summary = survey_summary(city)
    text = response_markdown(summary)
    # 4 of 6 answered = 67 %; 5 reports; pairs with both answering and a report: a–x, b–x,
    # c–x (y did not answer); confirmed: a–x (a→x and x→a) → 1 of 3 = 33 %
    assert "4 von 6 befragten Organisationen haben geantwortet (67 %) und 5 Partner" in text
    assert "Von den 3 Paaren" in text and "in 1 (33 %) beide gegenseitig" in text
    s = scores_markdown(published_scores(city))
    assert "bewerteten die Partner 1 Organisation (je mindestens 3 Bewertungen" in s
    assert "1 Organisation mit weniger Bewertungen wird zum Schutz" in s
    assert "beim Nutzen 3,33 von 4 Punkten (83 %)" in s and "Vertrauen 2 (50 %)" in s


def test_agreement_text_and_unnamed_partner():
    pairs = pd.DataFrame(
        {
            "actor_a": ["a", "a", "a", "b", "b"],
            "actor_b": ["b", "c", "d", "c", "d"],
            "events": [True, True, True, True, False],
            "referrals": [False, False, False, True, True],
            "survey": ["confirmed", None, None, "one-sided", None],
        }
    )
    # events: 4 pairs, 2 in the survey (a–b confirmed, b–c one-sided) = 50 %; referrals:
    # b–c, b–d, one named = 50 %; survey: 2 pairs, both at events = 100 %. Without a survey
    # tie: only d (one event partner, a); a has 3 event partners but a survey tie.
    crosstab = evidence_crosstab(pairs)
    text = agreement_markdown(crosstab)
    assert "Von den 4 Verbindungen, die bei Treffen sichtbar sind, nennt die Befragung 50 %" in text
    assert "Von den 2 Verweiswegen nennt die Befragung 50 % (1)" in text
    assert "sind 100 % auch bei Treffen sichtbar" in text
    assert unnamed_partners(pairs, min_events=1).to_dict() == {"d": 1}
    assert unnamed_partners(pairs).empty
    named = agreement_markdown(
        crosstab, unnamed=unnamed_partners(pairs, min_events=1), names={"d": "Dora <b>"}
    )
    assert "Dora \\<b\\> (1 Partner bei Treffen)" in named  # escaped as Markdown text


def test_figures_never_show_a_suppressed_actor():
    city = _fixture()
    for table in (published_scores(city), partner_scores(city)):
        ax = plot_survey_scores(table)
        labels = [t.get_text() for t in ax.texts]
        assert labels == ["Xenia-Verein"] and len(ax.collections[0].get_offsets()) == 1
        plt.close(ax.figure)
    ax = plot_survey_scores(published_scores(city), min_raters=4)
    assert "mindestens 4" in ax.texts[0].get_text()
    plt.close(ax.figure)
    G = symmetrise_survey(survey_graph(city))
    ax = plot_survey_levels(G)
    # three reported ties to x (a–x confirmed at max(2, 1) = 2) and a→y reconstructed
    assert sum(len(c.get_segments()) for c in ax.collections[:-1]) == 4
    plt.close(ax.figure)


def test_key_figures_hold_the_survey_block_only_when_given():
    city = _fixture()
    summary = survey_summary(city)
    scores = published_scores(city)
    crosstab = evidence_crosstab(evidence_agreement(city))
    block = survey_figures(summary, scores, crosstab)
    assert block["scores"]["n_shown"] == 1 and block["scores"]["n_suppressed"] == 1
    assert block["response_rate"] == {"2024": pytest.approx(4 / 6)}
    assert block["scores"]["low_trust_high_value"] == ["x"]  # value 3.33 ≥ 3, trust 2 < 2.5
    import networkx as nx

    assert "survey" not in report.key_figures(city, nx.Graph())
    assert report.key_figures(city, nx.Graph(), survey=block)["survey"] == block


def test_optional_markdown_cell_hidden_without_output(tmp_path):
    cell = nbformat.v4.new_markdown_cell(
        "## Netzwerkbefragung", metadata={"tags": ["optional-section"]}
    )
    empty = nbformat.v4.new_code_cell("pass")
    shown = nbformat.v4.new_code_cell("1")
    shown.outputs = [nbformat.v4.new_output("display_data", data={"text/markdown": "Ergebnis"})]
    for code, expected in ((empty, False), (shown, True)):
        nb = nbformat.v4.new_notebook(cells=[cell, code])
        nbformat.write(nb, tmp_path / "r.ipynb")
        page = report.render_html(tmp_path / "r.ipynb", tmp_path / "r.html").read_text("utf-8")
        assert ("Netzwerkbefragung" in page) is expected


def test_report_notebook_has_one_tagged_survey_section(repo_root):
    nb = nbformat.read(repo_root / "notebooks" / "city_report.ipynb", as_version=4)
    tagged = [i for i, c in enumerate(nb.cells) if "optional-section" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    i = tagged[0]
    assert nb.cells[i].source.startswith("## Netzwerkbefragung")
    # the code cell shows nothing for a city without a survey
    assert nb.cells[i + 1].source.splitlines()[1].startswith("if netzwerk.survey.has_survey(")
    assert nb.cells[i + 2].source.startswith("## Methoden")


@pytest.fixture(scope="module")
def survey_run(tmp_path_factory, data_dir):
    out = tmp_path_factory.mktemp("survey-report")
    parameters = {"n_permutations": 50, "n_resamples": 2}
    report.run_report("beispielstadt", out_dir=out, parameters=parameters)
    return out


def test_bundled_report_has_the_section_and_the_planted_structures(survey_run, data_dir):
    city = load_city(data_dir / "beispielstadt")
    planted = city.meta["survey_planted"]
    page = (survey_run / "report.html").read_text(encoding="utf-8")
    assert "<h2>Netzwerkbefragung</h2>" in page
    assert "Von den" in page and "nennt die Befragung" in page
    results = json.loads((survey_run / "results.json").read_text(encoding="utf-8"))
    block = results["figures"]["survey"]
    assert block["waves"] == ["2024", "2025"]
    # the planted structures, found by the report's measures
    assert block["agreement"]["unnamed_partners"][0] == planted["unnamed_partner"]
    assert planted["valued_untrusted"] in block["scores"]["low_trust_high_value"]
    for f in ("befragung_nutzen_vertrauen.png", "befragung_zusammenarbeit.svg"):
        assert (survey_run / f).is_file()


def test_suppressed_scores_reach_no_output(survey_run, data_dir):
    city = load_city(data_dir / "beispielstadt")
    full = partner_scores(city)
    hidden = full.index[full["suppressed"]]
    assert len(hidden), "the Beispielstadt should have an actor below the rule"
    csv = pd.read_csv(survey_run / "befragung_bewertungen.csv")
    assert not set(csv["actor_id"]) & set(hidden) and (csv["n_raters"] >= 3).all()
    # the figure's labels (its SVG draws text as paths): the report's call, checked here
    ax = plot_survey_scores(published_scores(city))
    drawn = {t.get_text() for t in ax.texts}
    plt.close(ax.figure)
    from netzwerk.plot import _shorten

    shown_labels = {_shorten(str(n), 28) for n in csv["name"]}
    for actor in hidden:
        label = _shorten(str(full.loc[actor, "name"]), 28)
        assert label in shown_labels or label not in drawn
    assert len(ax.collections[0].get_offsets()) == len(csv)
    # the network value in results.json is the mean over the shown actors, so the hidden
    # scores do not follow from it: it equals the weighted mean of the CSV's rows
    block = json.loads((survey_run / "results.json").read_text("utf-8"))["figures"]["survey"]
    shown = full.loc[csv["actor_id"]]
    expected = (shown["value"] * shown["n_value"]).sum() / shown["n_value"].sum()
    assert block["scores"]["value"] == pytest.approx(expected, rel=1e-9)
    change = pd.read_csv(survey_run / "befragung_veraenderung.csv").set_index("actor_id")
    assert change.loc[list(hidden), "value_after"].isna().all()
