"""Tests for netzwerk.survey: the survey tables, their validation, graph, measures and import.

The small fixture (:func:`small_city`) is written out here so every expected value can be
worked out by hand; the comments next to each assertion do that.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from netzwerk import cli
from netzwerk.graph import cooperation_graph
from netzwerk.io import City, DataError, load_city, validate
from netzwerk.survey import (
    evidence_agreement,
    evidence_crosstab,
    import_survey,
    partner_scores,
    survey_change,
    survey_graph,
    survey_summary,
    survey_waves,
    symmetrise_survey,
    synthetic_survey,
    write_codebook,
    write_survey_template,
)

VALID = Path(__file__).parent / "fixtures" / "io" / "valid"

ACTORS = pd.DataFrame(
    {
        "actor_id": ["amt", "awo", "car", "mso", "jc"],
        "name": [
            "Integrationsamt",
            "AWO Kreisverband",
            "Caritasverband",
            "Verein Brücke",
            "Jobcenter",
        ],
        "sector": ["verwaltung", "wohlfahrt", "wohlfahrt", "mso", "arbeitsmarkt"],
        "level": ["kommune"] * 5,
    }
)

#: Waves 2024 and 2025: four of five organisations answered (mso did not).
RESPONDENTS = pd.DataFrame(
    {
        "wave": ["2024"] * 5 + ["2025"] * 5,
        "actor_id": ["amt", "awo", "car", "mso", "jc"] * 2,
        "responded": [True, True, True, False, True] * 2,
    }
)

# from, to, level, value items (influence, involvement, resources), trust items
# (reliability, mission, openness); None = not answered
_TIES_2024 = [
    ("amt", "awo", 3, (4, 4, 4), (3, 3, 3)),
    ("awo", "amt", 2, (3, 3, 3), (4, 4, 4)),  # amt–awo named by both: confirmed
    ("amt", "car", 2, (2, 2, 2), (2, 2, 2)),  # car answered but did not name amt: one-sided
    ("car", "awo", 1, (3, 3, None), (1, 1, 1)),  # awo did not name car: one-sided
    ("amt", "mso", 2, (1, 1, 1), (4, 4, 4)),  # mso did not answer: reconstructed
    ("jc", "awo", 4, (4, 4, 4), (2, 2, 2)),
    ("awo", "jc", 1, (3, 3, 3), (3, 3, 3)),  # jc–awo confirmed
    ("car", "mso", 0, (None,) * 3, (None,) * 3),  # level 0: "no cooperation", not a tie
]
_TIES_2025 = [
    ("amt", "awo", 3, (4, 4, 4), (4, 4, 4)),
    ("awo", "amt", 3, (4, 4, 4), (4, 4, 4)),
    ("amt", "mso", 2, (1, 1, 1), (4, 4, 4)),
    ("jc", "awo", 4, (4, 4, 4), (4, 4, 4)),
    ("awo", "jc", 2, (3, 3, 3), (3, 3, 3)),
    ("car", "jc", 2, (2, 2, 2), (2, 2, 2)),  # new tie; amt–car lost, car–awo lost
]
_ITEMS = [
    "value_influence",
    "value_involvement",
    "value_resources",
    "trust_reliability",
    "trust_mission",
    "trust_openness",
]


def _ties_frame() -> pd.DataFrame:
    rows = []
    for wave, ties in (("2024", _TIES_2024), ("2025", _TIES_2025)):
        for f, t, level, value, trust in ties:
            row = {"wave": wave, "from_id": f, "to_id": t, "level": level}
            row.update(dict(zip(_ITEMS, (*value, *trust), strict=True)))
            rows.append(row)
    frame = pd.DataFrame(rows)
    for c in _ITEMS:
        frame[c] = frame[c].astype("Int64")
    return frame


def small_city(**overrides) -> City:
    tables = {
        "actors": ACTORS,
        "survey_respondents": RESPONDENTS,
        "survey_ties": _ties_frame(),
    }
    tables.update(overrides)
    return City.from_frames(meta={"name": "klein", "synthetic": True}, **tables)


def errors(problems):
    return [p for p in problems if p.severity == "error"]


# ---------------------------------------------------------------------------------------------
# (1) data format and validation
# ---------------------------------------------------------------------------------------------


def test_small_city_is_valid_and_typed():
    city = small_city()
    assert errors(validate(city)) == []
    assert len(city.survey_respondents) == 10 and len(city.survey_ties) == 14
    assert str(city.survey_ties["level"].dtype) == "Int64"
    assert str(city.survey_respondents["responded"].dtype) == "boolean"
    # a city without a survey has both tables, empty, with the schema's columns
    plain = City.from_frames(actors=ACTORS)
    assert plain.survey_ties.empty and "trust_openness" in plain.survey_ties.columns


def _survey_folder(tmp_path: Path, ties: list[list[str]], respondents: list[list[str]]) -> Path:
    """The io fixture city plus survey CSVs written as a German spreadsheet program does."""
    folder = Path(shutil.copytree(VALID, tmp_path / "city"))
    for name, rows in (("survey_respondents", respondents), ("survey_ties", ties)):
        with open(folder / f"{name}.csv", "w", encoding="cp1252", newline="") as fh:
            csv.writer(fh, delimiter=";").writerows(rows)
    return folder


RESP_ROWS = [
    ["wave", "actor_id", "responded", "date"],
    ["2024", "awo", "ja", "03.05.2024"],
    ["2024", "jobcenter", "ja", ""],
    ["2024", "bruecke", "nein", ""],
]
TIE_HEADER = ["wave", "from_id", "to_id", "level", "frequency", "value_influence", "trust_mission"]


def test_folder_with_survey_loads(tmp_path):
    folder = _survey_folder(
        tmp_path,
        [TIE_HEADER, ["2024", "awo", "jobcenter", "3", "monatlich", "4", ""]],
        RESP_ROWS,
    )
    city = load_city(folder)
    assert city.survey_respondents["date"].tolist() == ["2024-05-03", pd.NA, pd.NA]
    assert city.survey_respondents["responded"].tolist() == [True, True, False]
    row = city.survey_ties.iloc[0]
    assert (row["level"], row["frequency"], row["value_influence"]) == (3, "monatlich", 4)
    assert pd.isna(row["trust_mission"])


def test_every_survey_rule_names_file_row_column_value(tmp_path):
    ties = [
        TIE_HEADER,
        ["2024", "awo", "jobcenter", "5", "monatlich", "4", ""],  # row 2: level 5 > 4
        ["2024", "awo", "awo", "2", "", "", ""],  # row 3: self-tie
        ["2024", "bruecke", "awo", "2", "", "", ""],  # row 4: bruecke did not respond
        ["2024", "awo", "jobcentr", "2", "", "", ""],  # row 5: unknown partner
        ["2024", "awo", "jobcenter", "2", "", "", ""],  # row 6: repeats row 2's key
        ["2024", "jobcenter", "awo", "2", "woechentlch", "0", "x"],  # row 7: three bad values
        ["2023", "awo", "bruecke", "1", "", "", ""],  # row 8: wave 2023 not asked
    ]
    problems = errors(validate(_survey_folder(tmp_path, ties, RESP_ROWS)))
    found = {(p.code, p.row, p.column, p.value) for p in problems}
    assert found == {
        ("survey_range", 2, "level", "5"),
        ("survey_self_tie", 3, "to_id", "awo"),
        ("survey_not_respondent", 4, "from_id", "bruecke"),
        ("foreign_key", 5, "to_id", "jobcentr"),
        ("duplicate_key", 6, "wave, from_id, to_id", "2024 | awo | jobcenter"),
        ("vocab", 7, "frequency", "woechentlch"),
        ("survey_range", 7, "value_influence", "0"),
        ("integer", 7, "trust_mission", "x"),
        ("survey_not_respondent", 8, "from_id", "awo"),
    }
    by_code = {p.code: p for p in problems if p.row != 8}
    assert all(p.file == "survey_ties.csv" for p in problems)
    assert "wave=2024, actor_id=bruecke, responded=true" in by_code["survey_not_respondent"].message
    assert "woechentlich" in by_code["vocab"].message  # did-you-mean
    assert "did you mean 'jobcenter'" in by_code["foreign_key"].message_en
    with pytest.raises(DataError):
        load_city(tmp_path / "city")


def test_ties_without_respondents_table_is_an_error():
    city = small_city(survey_respondents=RESPONDENTS.iloc[:0])
    found = {(p.code, p.value) for p in errors(validate(city))}
    # one problem per wave and respondent, not per row: 4 respondents in 2024, 4 in 2025
    assert found == {("survey_not_respondent", a) for a in ("amt", "awo", "car", "jc")}
    assert len(errors(validate(city))) == 8


# ---------------------------------------------------------------------------------------------
# (2) survey graph, symmetrisation, the survey layer of cooperation_graph
# ---------------------------------------------------------------------------------------------

# Wave 2024 by hand (respondents amt, awo, car, jc; mso did not answer), arcs of level >= 1:
# amt→awo 3, awo→amt 2, amt→car 2, car→awo 1, amt→mso 2, jc→awo 4, awo→jc 1 (car→mso is 0).
# Pairs: amt–awo both named (confirmed: max 3, min 2); amt–car only amt, car answered
# (one-sided, 2); awo–car only car, awo answered (one-sided, 1); amt–mso only amt, mso did not
# answer (reconstructed, 2); awo–jc both (confirmed: max 4, min 1).
EITHER_2024 = {
    ("amt", "awo"): (3, "confirmed"),
    ("amt", "car"): (2, "one-sided"),
    ("awo", "car"): (1, "one-sided"),
    ("amt", "mso"): (2, "reconstructed"),
    ("awo", "jc"): (4, "confirmed"),
}
CONFIRMED_2024 = {
    ("amt", "awo"): (2, "confirmed"),
    ("amt", "mso"): (2, "reconstructed"),
    ("awo", "jc"): (1, "confirmed"),
}


def _ties(G, attr="survey"):
    return {tuple(sorted((u, v))): (d["weight"], d[attr]) for u, v, d in G.edges(data=True)}


def test_survey_graph_arcs_and_items():
    city = small_city()
    assert survey_waves(city) == ["2024", "2025"]
    G = survey_graph(city, wave=2024)
    assert G.graph["wave"] == "2024" and G.graph["respondents"] == ("amt", "awo", "car", "jc")
    assert G.number_of_nodes() == 5 and G.number_of_edges() == 7  # level-0 arc dropped
    assert G.nodes["mso"]["responded"] is False and G.nodes["amt"]["sector"] == "verwaltung"
    arc = G["car"]["awo"]
    # car→awo: value items 3, 3, not answered → mean 3.0; trust 1, 1, 1 → 1.0
    assert (arc["level"], arc["value"], arc["trust"], arc["value_resources"]) == (1, 3.0, 1.0, None)
    assert survey_graph(city, wave="2024", min_level=0).number_of_edges() == 8
    assert survey_graph(city, wave="2024", min_level=2).number_of_edges() == 5
    assert survey_graph(city).graph["wave"] == "2025"  # latest by default
    with pytest.raises(ValueError, match="wave '2023' not in the survey"):
        survey_graph(city, wave=2023)
    with pytest.raises(ValueError, match="min_level"):
        survey_graph(city, min_level=5)
    empty = survey_graph(City.from_frames(actors=ACTORS))
    assert empty.number_of_nodes() == 5 and empty.number_of_edges() == 0


def test_symmetrisation_rules_by_hand():
    D = survey_graph(small_city(), wave=2024)
    assert _ties(symmetrise_survey(D)) == EITHER_2024
    assert _ties(symmetrise_survey(D, rule="confirmed")) == CONFIRMED_2024
    assert symmetrise_survey(D)["amt"]["awo"]["levels"] == {"amt": 3, "awo": 2}
    # min_level=0 keeps the level-0 arc car→mso, which is still no tie
    assert _ties(symmetrise_survey(survey_graph(small_city(), wave=2024, min_level=0))) == (
        EITHER_2024
    )
    with pytest.raises(ValueError, match="rule must be one of"):
        symmetrise_survey(D, rule="both")


def test_cooperation_graph_survey_layer():
    city = small_city(
        referrals=pd.DataFrame(
            {"from_id": ["amt"], "to_id": ["awo"], "field": ["arbeit"], "period": ["2024"]}
        ).assign(count=[5])
    )
    for rule, expected in (("either", EITHER_2024), ("confirmed", CONFIRMED_2024)):
        G = cooperation_graph(city, layers=("survey",), survey_wave=2024, survey_rule=rule)
        assert _ties(G) == {k: (float(w), s) for k, (w, s) in expected.items()}
    G = cooperation_graph(city, layers=("referrals", "survey"), survey_wave="2024")
    # amt–awo: 5 referrals + survey level 3
    assert G.edges["amt", "awo"]["weight"] == 8.0
    assert G.edges["amt", "awo"]["layers"] == ("referrals", "survey")
    assert G.edges["amt", "mso"]["layers"] == ("survey",)
    assert G.graph["survey_rule"] == "either" and "survey" in G.graph["layer_weights"]
    # the default layers stay events and referrals: no survey attributes
    assert "weight_survey" not in cooperation_graph(city).edges["amt", "awo"]


def test_survey_layer_collapses_departments():
    # car is a department of awo: amt–car (2) joins amt–awo (3, confirmed), awo–car vanishes
    actors = ACTORS.assign(parent_id=[None, None, "awo", None, None])
    G = cooperation_graph(
        small_city(actors=actors), layers=("survey",), survey_wave=2024, collapse="organisation"
    )
    assert _ties(G) == {
        ("amt", "awo"): (3.0, "confirmed"),
        ("amt", "mso"): (2.0, "reconstructed"),
        ("awo", "jc"): (4.0, "confirmed"),
    }


# ---------------------------------------------------------------------------------------------
# (3) measures, worked out by hand on the small fixture
# ---------------------------------------------------------------------------------------------


def test_survey_summary_by_hand():
    s = survey_summary(small_city())
    assert s.index.tolist() == ["2024", "2025"]
    # 2024: 5 asked, 4 answered → 0.8; 7 reports of level ≥ 1 (car→mso is level 0).
    # Pairs of two respondents with a report: amt–awo, amt–car, awo–car, awo–jc = 4, of which
    # amt–awo and awo–jc are named both ways → 2/4 = 0.5.
    # Possible reports 4 · (5 − 1) = 16. Levels ≥ 1: 7; ≥ 2: amt→awo, awo→amt, amt→car,
    # amt→mso, jc→awo = 5; ≥ 3: amt→awo, jc→awo = 2; ≥ 4: jc→awo = 1.
    row = s.loc["2024"]
    assert (row["asked"], row["responded"], row["ties_reported"]) == (5, 4, 7)
    assert (row["pairs_both_answered"], row["pairs_confirmed"]) == (4, 2)
    assert row["response_rate"] == pytest.approx(0.8)
    assert row["share_confirmed"] == pytest.approx(0.5)
    assert [row[f"density_{k}"] for k in (1, 2, 3, 4)] == pytest.approx(
        [7 / 16, 5 / 16, 2 / 16, 1 / 16]
    )
    # 2025: pairs amt–awo (both), awo–jc (both), car–jc (car only) → 2/3
    assert s.loc["2025", "share_confirmed"] == pytest.approx(2 / 3)
    assert s.loc["2025", "ties_reported"] == 6
    # min_level=2 in 2024: awo→jc (1) and car→awo (1) drop out; amt–awo confirmed,
    # awo–jc now one-sided, amt–car one-sided → 1/3
    assert survey_summary(small_city(), min_level=2).loc["2024", "share_confirmed"] == (
        pytest.approx(1 / 3)
    )
    assert survey_summary(City.from_frames(actors=ACTORS)).empty


def test_partner_scores_by_hand_and_suppression():
    scores = partner_scores(small_city(), wave=2024)
    # awo is rated in 2024 by amt (value 4,4,4 → 4; trust 3), car (value 3,3,– → 3; trust 1)
    # and jc (value 4; trust 2): value 11/3, trust 6/3 = 2, three raters → shown
    awo = scores.loc["awo"]
    assert (awo["n_raters"], awo["n_value"], awo["n_trust"]) == (3, 3, 3)
    assert awo["value"] == pytest.approx(11 / 3) and awo["trust"] == pytest.approx(2.0)
    assert not awo["suppressed"]
    # every other actor has one rater: suppressed, the score is not recoverable from the table
    for actor in ("amt", "car", "mso", "jc"):
        row = scores.loc[actor]
        assert row["n_raters"] == 1 and row["suppressed"]
        assert pd.isna(row["value"]) and pd.isna(row["trust"])
    # network: the means over the shown actor's ratings only (awo: value 11/3, trust 2), not
    # over all 7 ratings (20/7, 19/7), from which the hidden scores would follow
    net = scores.attrs["network"]
    assert net["n_ratings"] == 7 and (net["n_actors"], net["n_value"], net["n_trust"]) == (1, 3, 3)
    assert net["value"] == pytest.approx(11 / 3) and net["trust"] == pytest.approx(2.0)
    assert net["value_pct"] == pytest.approx(100 * 11 / 12)
    # with min_raters=1 amt's single rating by awo shows: value 3, trust 4
    shown = partner_scores(small_city(), wave=2024, min_raters=1).loc["amt"]
    assert (shown["value"], shown["trust"], shown["suppressed"]) == (3.0, 4.0, False)
    with pytest.raises(ValueError, match="min_raters"):
        partner_scores(small_city(), min_raters=0)


def test_evidence_agreement_and_crosstab():
    # events: amt, awo, car, jc at one Fachtag (all pairs among them); a referral jc→mso
    city = small_city(
        events=pd.DataFrame(
            {"event_id": ["e1"], "title": ["Fachtag"], "kind": ["fachtag"], "date": ["2024-05"]}
        ),
        participation=pd.DataFrame(
            {
                "event_id": ["e1"] * 4,
                "actor_id": ["amt", "awo", "car", "jc"],
                "role": ["participant"] * 4,
            }
        ),
        referrals=pd.DataFrame(
            {
                "from_id": ["jc"],
                "to_id": ["mso"],
                "field": ["arbeit"],
                "period": ["2024"],
                "count": [4],
            }
        ),
    )
    pairs = evidence_agreement(city, wave=2024)
    got = {
        (a, b): (e, r, s)
        for a, b, e, r, s in pairs[
            ["actor_a", "actor_b", "events", "referrals", "survey"]
        ].itertuples(index=False)
    }
    # event pairs: the 6 pairs of amt, awo, car, jc; survey (either) as in EITHER_2024;
    # the referral jc–mso; amt–mso only in the survey
    assert got == {
        ("amt", "awo"): (True, False, "confirmed"),
        ("amt", "car"): (True, False, "one-sided"),
        ("amt", "jc"): (True, False, None),
        ("awo", "car"): (True, False, "one-sided"),
        ("awo", "jc"): (True, False, "confirmed"),
        ("car", "jc"): (True, False, None),
        ("amt", "mso"): (False, False, "reconstructed"),
        ("jc", "mso"): (False, True, None),
    }
    t = evidence_crosstab(pairs)
    # of the 6 event ties, 4 are in the survey (2 confirmed, 2 one-sided): 4/6
    assert t.loc[
        "events", ["ties", "survey_confirmed", "survey_one_sided", "in_survey"]
    ].tolist() == [6, 2, 2, 4]
    assert t.loc["events", "share_in_survey"] == pytest.approx(4 / 6)
    # the referral route nobody mentions: 1 referral tie, 0 in the survey
    assert t.loc["referrals", ["ties", "in_survey"]].tolist() == [1, 0]
    # of the 5 survey ties, 4 were seen at events
    assert t.loc["survey", ["ties", "in_events"]].tolist() == [5, 4]
    # "confirmed": the one-sided reports count as not named
    strict = evidence_crosstab(evidence_agreement(city, wave=2024, rule="confirmed"))
    assert strict.loc["events", "in_survey"] == 2


def test_survey_change_by_hand():
    change = survey_change(small_city(), min_raters=2)
    assert change.attrs["before"] == "2024" and change.attrs["after"] == "2025"
    # either-rule ties 2024: amt–awo, amt–car, awo–car, amt–mso, awo–jc;
    # 2025: amt–awo, amt–mso, awo–jc, car–jc → kept 3, gained car–jc, lost amt–car, awo–car
    pairs = change.attrs["pairs"]
    assert sorted(map(tuple, pairs.values.tolist())) == [
        ("amt", "awo", "kept"), ("amt", "car", "lost"), ("amt", "mso", "kept"),
        ("awo", "car", "lost"), ("awo", "jc", "kept"), ("car", "jc", "gained"),
    ]  # fmt: skip
    ties = change[["ties_before", "ties_after", "ties_gained", "ties_lost"]]
    assert ties.loc["car"].tolist() == [2, 1, 1, 2]
    assert ties.loc["amt"].tolist() == [3, 2, 0, 1]
    assert ties.loc["jc"].tolist() == [1, 2, 1, 0]
    # awo: 2024 value 11/3, trust 2 (3 raters); 2025 rated by amt (4; 4) and jc (4; 4): 4, 4
    assert change.loc["awo", "value_change"] == pytest.approx(4 - 11 / 3)
    assert change.loc["awo", "trust_change"] == pytest.approx(2.0)
    # jc has one rater in 2024 (suppressed) → no change shown; 2025: awo (3) and car (2) → 2.5
    assert pd.isna(change.loc["jc", "value_change"]) and change.loc["jc", "value_after"] == 2.5
    # default min_raters=3: awo has only 2 raters in 2025 → suppressed
    assert pd.isna(survey_change(small_city()).loc["awo", "value_change"])
    groups = change.attrs["groups"].set_index(["group_a", "group_b"])
    # arbeitsmarkt–wohlfahrt: awo–jc kept, car–jc gained; wohlfahrt–wohlfahrt: awo–car lost
    assert groups.loc[("arbeitsmarkt", "wohlfahrt"), ["kept", "gained", "lost"]].tolist() == [
        1,
        1,
        0,
    ]
    assert groups.loc[("wohlfahrt", "wohlfahrt"), ["kept", "gained", "lost"]].tolist() == [0, 0, 1]
    one_wave = small_city(
        survey_respondents=RESPONDENTS.iloc[:5], survey_ties=_ties_frame().iloc[:8]
    )
    with pytest.raises(ValueError, match="needs two survey waves"):
        survey_change(one_wave)


# ---------------------------------------------------------------------------------------------
# (4) questionnaire → filled workbook → import → validate
# ---------------------------------------------------------------------------------------------

PERSON = "Erika Mustermann"
EMAIL = "erika.mustermann@example.org"


def _fill(path: Path, answers: dict[str, dict[str, list[str]]], date: str = "12.05.2024") -> None:
    """Fill the questionnaire as a person would: pick drop-down entries, add her own name."""
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets[2:]:
        rid = ws["B3"].value
        if rid not in answers:
            continue
        ws["B4"], ws["B5"], ws["B6"] = date, PERSON, EMAIL
        for row in range(9, ws.max_row + 1):
            values = answers[rid].get(ws.cell(row, 2).value)
            for k, value in enumerate(values or []):
                ws.cell(row, 3 + k, value)
    wb.save(path)


FILLED = {
    "awo": {
        "jobcenter": ["3 – Koordination", "monatlich", "4 – sehr", "3 – ziemlich", "4 – sehr",
                      "3 – ziemlich", "4 – sehr", "2 – ein wenig", "Arbeit"],
        "bruecke": ["2 – Kooperation", "quartalsweise", "2 – ein wenig"],
        "stadt": ["0 – keine Zusammenarbeit"],
    },
    "jobcenter": {"awo": ["2", "jährlich", "3", "3", "3", "4", "4", "4"]},
}  # fmt: skip


def _all_text(folder: Path) -> str:
    return "\n".join(
        p.read_bytes().decode("utf-8", errors="replace") for p in folder.rglob("*") if p.is_file()
    )


def test_template_fill_import_validate(tmp_path):
    city_dir = Path(shutil.copytree(VALID, tmp_path / "city"))
    book = write_survey_template(load_city(city_dir), tmp_path / "fragebogen.xlsx", wave=2024)
    wb = openpyxl.load_workbook(book)
    # instructions, hidden lists, one sheet per non-aggregate actor (vereine is an aggregate)
    assert wb.sheetnames[:2] == ["Anleitung", "listen"] and len(wb.sheetnames) == 2 + 7
    assert wb["listen"].sheet_state == "hidden"
    assert "Datenschutz" in [c.value for c in wb["Anleitung"]["A"]]
    ws = wb.worksheets[2]
    assert ws["B3"].value == "stadt" and ws.max_row == 8 + 6  # the six other actors
    assert {str(dv.sqref) for dv in ws.data_validations.dataValidation} >= {"C9:C14", "K9:K14"}
    _fill(book, FILLED)
    result = import_survey(book, city_dir, wave=2024)
    assert result.format == "sheets"
    # awo: 3 rows (stadt at level 0 kept), jobcenter: 1 row
    got = result.ties.set_index(["from_id", "to_id"])
    assert len(got) == 4 and got.loc[("awo", "stadt"), "level"] == 0
    jc = got.loc[("awo", "jobcenter")]
    assert (jc["level"], jc["frequency"], jc["value_influence"], jc["trust_openness"], jc["field"]) == (
        3, "monatlich", 4, 2, "arbeit"
    )  # fmt: skip
    assert got.loc[("jobcenter", "awo"), "frequency"] == "jaehrlich"
    assert pd.isna(got.loc[("awo", "bruecke"), "value_involvement"])
    resp = result.respondents.set_index("actor_id")
    assert resp["responded"].sum() == 2 and len(resp) == 7
    assert resp.loc["awo", "date"] == "2024-05-12"
    assert any("Ausgefüllt von" in c for c in result.dropped_columns)
    city = load_city(city_dir)  # validates
    assert errors(validate(city_dir)) == []
    assert len(city.survey_ties) == 4 and city.survey_respondents["responded"].sum() == 2
    assert survey_summary(city).loc["2024", "response_rate"] == pytest.approx(2 / 7)
    # the person who filled it in reaches no file
    text = _all_text(city_dir)
    assert PERSON not in text and EMAIL not in text and "Mustermann" not in text
    # idempotent: the same file again gives byte-identical tables
    before = {p.name: p.read_bytes() for p in city_dir.glob("survey_*.csv")}
    again = import_survey(book, city_dir, wave=2024)
    assert again.replaced == {"survey_respondents": 7, "survey_ties": 4}
    assert {p.name: p.read_bytes() for p in city_dir.glob("survey_*.csv")} == before
    # another wave is added beside it, not over it
    import_survey(book, city_dir, wave=2025)
    assert load_city(city_dir).survey_ties["wave"].value_counts().to_dict() == {
        "2024": 4,
        "2025": 4,
    }


def test_bad_answers_are_named_and_nothing_is_written(tmp_path):
    city_dir = Path(shutil.copytree(VALID, tmp_path / "city"))
    book = write_survey_template(load_city(city_dir), tmp_path / "f.xlsx", wave=2024)
    _fill(book, {"awo": {"jobcenter": ["5", "ständig", "", "", "", "", "", "", ""],
                         "bruecke": ["", "monatlich"]}}, date="31.02.2024")  # fmt: skip
    with pytest.raises(DataError) as info:
        import_survey(book, city_dir, wave=2024)
    found = {(p.file, p.row, p.column, p.value) for p in info.value.problems}
    sheet = f"f.xlsx[{openpyxl.load_workbook(book).sheetnames[5]}]"  # 004 AWO …
    assert {(c, v) for _, _, c, v in found} == {
        ("Datum der Antwort:", "31.02.2024"),
        ("Zusammenarbeit (0–4)", "5"),
        ("Häufigkeit", "ständig"),
        ("Zusammenarbeit (0–4)", ""),  # level missing where the frequency is given
    }
    assert all(f == sheet for f, _, _, _ in found)
    # awo's sheet lists stadt, dezernat-soziales, sozialamt, bruecke, caritas-ia, jobcenter
    # from row 9: bruecke is row 12, jobcenter row 14
    assert {r for _, r, _, _ in found} == {12, 14, None}
    assert not (city_dir / "survey_ties.csv").exists()


def test_wide_export_with_codebook_and_person_columns(tmp_path):
    city_dir = Path(shutil.copytree(VALID, tmp_path / "city"))
    city = load_city(city_dir)
    book = pd.read_csv(write_codebook(city, tmp_path / "codebook.csv"), dtype=str)
    var = {
        (r.partner_id, r.item): r.variable
        for r in book.itertuples()
        if r.partner_id == r.partner_id
    }
    rows = [
        {"Name": PERSON, "E-Mail": EMAIL, "org": "AWO Musterstadt e.V.",
         var[("jobcenter", "level")]: "3", var[("jobcenter", "trust_mission")]: "4"},
        {"Name": "Max Beispiel", "E-Mail": "max@example.org", "org": "Jobcenter",
         var[("awo", "level")]: "1"},
        {"Name": "Anna Test", "E-Mail": "anna@example.org", "org": "Kulturverein Irgendwo"},
    ]  # fmt: skip
    export = tmp_path / "export.csv"
    pd.DataFrame(rows).fillna("").to_csv(export, index=False, sep=";", encoding="cp1252")
    result = import_survey(export, city_dir, wave="2024", codebook=tmp_path / "codebook.csv")
    assert result.format == "wide"
    assert result.dropped_columns["Name"] == "name" and result.dropped_columns["E-Mail"] == "email"
    assert sorted(map(tuple, result.ties[["from_id", "to_id", "level"]].values.tolist())) == [
        ("awo", "jobcenter", 3), ("jobcenter", "awo", 1)
    ]  # fmt: skip
    # the unknown organisation waits in the review list; the rest is written
    assert result.needs_review and result.review["name"].tolist() == ["Kulturverein Irgendwo"]
    text = _all_text(city_dir)
    for secret in (PERSON, EMAIL, "Max Beispiel", "max@example.org", "anna@example.org"):
        assert secret not in text
    assert load_city(city_dir).survey_respondents["responded"].sum() == 2


def test_cli_survey_template_and_import(tmp_path, capsys):
    city_dir = Path(shutil.copytree(VALID, tmp_path / "city"))
    out = tmp_path / "long.xlsx"
    assert cli.main(["survey", "template", str(city_dir), str(out), "--wave", "2024",
                     "--layout", "long"]) == 0  # fmt: skip
    wb = openpyxl.load_workbook(out)
    ws = wb["Antworten"]
    assert ws.max_row == 1 + 7 * 6
    ws["E2"] = "2 – Kooperation"  # stadt → dezernat-soziales
    wb.save(out)
    assert cli.main(["import", "survey", str(out), "--city", str(city_dir), "--wave", "2024"]) == 0
    assert "1 von 7" in capsys.readouterr().out
    assert cli.main(["survey", "codebook", str(city_dir), str(tmp_path / "cb.csv")]) == 0
    assert cli.main(["survey", "template", str(city_dir), str(out), "--wave", "1"]) == 2  # exists


# ---------------------------------------------------------------------------------------------
# (5) synthetic survey: the measures find what was planted
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def synthetic():
    from netzwerk.synth import generate_city

    return synthetic_survey(generate_city(n_actors=100, seed=3), seed=5)


def test_synthetic_survey_is_valid_reproducible_and_has_two_waves(synthetic):
    assert errors(validate(synthetic)) == []
    summary = survey_summary(synthetic)
    assert summary.index.tolist() == ["2024", "2025"]
    asked = summary["asked"].iloc[0]
    # round(0.3 · asked) do not answer in each wave
    assert (summary["responded"] == asked - round(0.3 * asked)).all()
    assert synthetic.meta["synthetic"] is True and synthetic.meta["synthetic_survey"] is True
    from netzwerk.synth import generate_city

    again = synthetic_survey(generate_city(n_actors=100, seed=3), seed=5)
    pd.testing.assert_frame_equal(again.survey_ties, synthetic.survey_ties)
    other = synthetic_survey(generate_city(n_actors=100, seed=3), seed=6)
    assert not other.survey_ties.equals(synthetic.survey_ties)


def test_planted_unnamed_partner_is_found(synthetic):
    planted = synthetic.meta["survey_planted"]["unnamed_partner"]
    pairs = evidence_agreement(synthetic)
    ends = pd.concat([pairs[["actor_a", "events", "survey"]].rename(columns={"actor_a": "a"}),
                      pairs[["actor_b", "events", "survey"]].rename(columns={"actor_b": "a"})])  # fmt: skip
    per_actor = ends.groupby("a").agg(
        event_ties=("events", "sum"), survey_ties=("survey", lambda s: s.notna().sum())
    )
    # the actor seen at the most events that nobody names: no survey tie at all
    unnamed = per_actor[per_actor["survey_ties"] == 0]
    assert unnamed["event_ties"].idxmax() == planted
    assert per_actor.loc[planted, "event_ties"] == per_actor["event_ties"].max()
    for wave in ("2024", "2025"):
        assert partner_scores(synthetic, wave=wave).loc[planted, "n_raters"] == 0


def test_planted_valued_but_untrusted_actor_is_found(synthetic):
    planted = synthetic.meta["survey_planted"]["valued_untrusted"]
    for wave in ("2024", "2025"):
        scores = partner_scores(synthetic, wave=wave).dropna(subset=["value", "trust"])
        gap = scores["value"] - scores["trust"]
        assert gap.idxmax() == planted
        row = scores.loc[planted]
        assert row["value"] >= 3.5 and row["trust"] <= 2.0 and row["n_raters"] >= 5
    change = survey_change(synthetic)
    counts = change.attrs["pairs"]["change"].value_counts()
    assert counts["gained"] > 0 and counts["lost"] > 0 and counts["kept"] > 0


def test_cli_survey_synth_writes_tables(tmp_path):
    from netzwerk.synth import generate_city, write_city

    folder = write_city(generate_city(n_actors=80, seed=2), tmp_path / "stadt").parent
    assert cli.main(["survey", "synth", str(folder), "--seed", "4"]) == 0
    city = load_city(folder)
    assert set(city.survey_ties["wave"]) == {"2024", "2025"}
    assert {"survey_respondents", "survey_ties"} <= {
        r["name"] for r in json.loads((folder / "datapackage.json").read_text())["resources"]
    }
    real = Path(shutil.copytree(VALID, tmp_path / "echt"))
    meta = real / "datapackage.json"
    meta.write_text(meta.read_text().replace('"synthetic": true', '"synthetic": false'))
    assert cli.main(["survey", "synth", str(real)]) == 2
    assert not (real / "survey_ties.csv").exists()


def test_survey_graph_names_unknown_actors():
    # City.from_frames does not check foreign keys; the graph must not drop or misplace rows
    ties = _ties_frame()
    ties.loc[3, "to_id"] = "nobody"
    with pytest.raises(DataError) as info:
        survey_graph(small_city(survey_ties=ties), wave=2024)
    assert [(p.row, p.column, p.value) for p in info.value.problems] == [(5, "to_id", "nobody")]
