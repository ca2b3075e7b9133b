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

from netzwerk.io import City, DataError, load_city, validate

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
