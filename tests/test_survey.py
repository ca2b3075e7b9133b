"""Tests for netzwerk.survey: the survey tables, their validation, graph, measures and import.

The small fixture (:func:`small_city`) is written out here so every expected value can be
worked out by hand; the comments next to each assertion do that.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

from netzwerk.graph import cooperation_graph
from netzwerk.io import City, DataError, load_city, validate
from netzwerk.survey import survey_graph, survey_waves, symmetrise_survey

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
