"""Tests for netzwerk.importers: template, attendance lists, case exports, name matching, privacy.

Fixtures in ``tests/fixtures/importers``:

* ``city/``: a made-up city with ten actors named after organisations in Offenbach (meta
  ``city``: "Offenbach am Main"), one event and three participation rows;
* ``teilnahmeliste.csv``: a hand-typed attendance list as Excel saves it in Germany
  (Windows-1252, ``;``, CRLF, a title line above the header), one row per person, with name,
  e-mail, phone and signature columns; the organisation column has spelling variants, legal
  forms, umlaut spellings, stray whitespace, a duplicate row and one person's name;
* ``fallexport.csv``: a case-level export (client id, client name, birth date, phone, e-mail,
  date, referring and receiving organisation, field) with German and ISO dates, a two-digit
  year, an impossible date (31.02.) and a field label that is not a code.

Expected matches, review items and counts are worked out by hand from these files (see the
comments); the privacy test checks every file written against every personal value of the
inputs.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from netzwerk import cli
from netzwerk._schema import SURVEY_TABLES, TABLE_ORDER, TABLES
from netzwerk.importers import (
    city_abbreviations,
    import_attendance,
    import_referrals,
    match_names,
    normalise_name,
    read_aliases,
    read_decisions,
    workbook_to_folder,
    write_template,
)
from netzwerk.io import DataError, load_city, validate, write_datapackage

FIXTURES = Path(__file__).parent / "fixtures" / "importers"
EVENT = "netzwerktreffen-2023-03"


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A copy of the fixture folder (city + input files) in tmp_path."""
    shutil.copytree(FIXTURES, tmp_path / "w")
    return tmp_path / "w"


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# ---------------------------------------------------------------------------------------------
# normalisation and matching
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,expected",
    [
        ("Caritasverband Offenbach e.V.", "caritasverband offenbach"),
        ("  Caritas-Verband   Offenbach ", "caritasverband offenbach"),
        ("Caritas OF", "caritasverband offenbach"),  # abbreviation table: caritas, of
        ("CARITAS VERBAND OFFENBACH E. V.", "caritasverband offenbach"),
        ("Paritätischer Wohlfahrtsverband", "paritaetischer wohlfahrtsverband"),
        ("Paritaetischer", "paritaetischer wohlfahrtsverband"),
        ("AWO Kreisverband Offenbach e.V.", "arbeiterwohlfahrt kreisverband offenbach"),
        ("Ausländerbeirat der Stadt Offenbach", "auslaenderbeirat stadt offenbach"),
        ("Straßenverein", "strassenverein"),
        ("Gemeinnützige Beratungsgesellschaft Süd gGmbH", "beratungsgesellschaft sued"),
        ("Integrationsbüro GmbH", "integrationsbuero"),
        ("Agentur für Arbeit", "agentur arbeit"),
        ("Ev. Kirchengemeinde", "evangelisch kirchengemeinde"),
        ("der", ""),
    ],
)
def test_normalise_name(name, expected):
    assert normalise_name(name) == expected


def test_normalise_name_type_and_city_abbreviations():
    with pytest.raises(TypeError, match="name must be text"):
        normalise_name(None)
    table = city_abbreviations({"abbreviations": {"MA": "MainArbeit"}})
    assert normalise_name("Jobcenter MA", abbreviations=table) == "jobcenter mainarbeit"
    with pytest.raises(TypeError, match="abbreviations"):
        city_abbreviations({"abbreviations": ["OF"]})


def test_match_names_statuses(work):
    city = load_city(work / "city")
    names = [
        "Caritas OF",  # = Caritasverband Offenbach after normalisation: exact
        "Paritaetischer Wohlfahrtsverband",  # umlaut spelling: exact
        "Sozialamt",  # "Sozialamt der Stadt Offenbach" without the city's name: confident
        "Auslaenderbeirat",  # likewise
        "Diakonie Offenbach",  # "Diakonisches Werk Offenbach-Dreieich-Rodgau": doubtful
        "Jobcenter Offenbach",  # "Jobcenter MainArbeit Offenbach": doubtful
        "Stadtteilbüro Nordend",  # no such actor: new
        "Caritas OF",  # duplicate collapses
    ]
    m = match_names(names, city.actors, meta=city.meta).set_index("name")
    assert len(m) == 7
    assert m["status"].to_dict() == {
        "Caritas OF": "exact",
        "Paritaetischer Wohlfahrtsverband": "exact",
        "Sozialamt": "confident",
        "Auslaenderbeirat": "confident",
        "Diakonie Offenbach": "doubtful",
        "Jobcenter Offenbach": "doubtful",
        "Stadtteilbüro Nordend": "new",
    }
    assert m.loc["Sozialamt", "actor_id"] == "of-sozialamt"
    assert m.loc["Diakonie Offenbach", "suggestion"] == "of-diakonie"
    assert m.loc["Jobcenter Offenbach", "suggestion"] == "of-jobcenter"
    assert pd.isna(m.loc["Diakonie Offenbach", "actor_id"])
    assert m.loc["Diakonie Offenbach", "score"] < 90 <= m.loc["Sozialamt", "score"]


def test_match_names_aliases_win_and_exclude(work):
    city = load_city(work / "city")
    aliases = pd.DataFrame(
        {
            "alias": ["Diakonie OF", "Stadtteilbüro Nordend"],
            "actor_id": ["of-diakonie", ""],
            "decided": ["user", "user"],
            "note": ["", ""],
        }
    )
    m = match_names(
        ["diakonie  offenbach", "Stadtteilbuero Nordend"],
        city.actors,
        aliases=aliases,
        meta=city.meta,
    )
    # aliases are compared after normalisation: "Diakonie OF" = "diakonie offenbach"
    assert m["status"].tolist() == ["alias", "excluded"]
    assert m["actor_id"].tolist()[0] == "of-diakonie"


def test_match_names_arguments():
    actors = pd.DataFrame({"actor_id": ["a"], "name": ["A"]})
    with pytest.raises(ValueError, match="actor_id and name"):
        match_names(["x"], actors.rename(columns={"name": "label"}))
    with pytest.raises(ValueError, match="review"):
        match_names(["x"], actors, accept=60, review=80)
    assert match_names([], actors).empty


def test_ambiguous_names_are_not_confident():
    # two actors normalise to the same words: never applied without a decision
    actors = pd.DataFrame(
        {"actor_id": ["awo-a", "awo-b"], "name": ["AWO Offenbach", "Arbeiterwohlfahrt Offenbach"]}
    )
    m = match_names(["AWO OF"], actors)
    assert m.loc[0, "status"] == "doubtful"


# ---------------------------------------------------------------------------------------------
# attendance lists
# ---------------------------------------------------------------------------------------------

#: Hand-worked from teilnahmeliste.csv: what each distinct organisation cell must become.
EXPECTED_ATTENDANCE = {
    "Caritas OF": ("exact", "of-caritas"),
    "Caritasverband Offenbach e.V.": ("exact", "of-caritas"),
    "Caritas-Verband Offenbach": ("exact", "of-caritas"),  # stray spaces collapsed
    "Paritätischer": ("exact", "of-paritaetischer"),
    "Paritaetischer Wohlfahrtsverband": ("exact", "of-paritaetischer"),
    "AWO Kreisverband Offenbach e.V.": ("exact", "of-awo"),  # rows 9 and 10: one name
    "Sozialamt": ("confident", "of-sozialamt"),
    "Diakonie Offenbach": ("doubtful", None),
    "Stadtteilbüro Nordend": ("new", None),
    "Auslaenderbeirat": ("confident", "of-auslaenderbeirat"),
    "Jobcenter Offenbach": ("doubtful", None),
    "Gemeinnützige Beratungsgesellschaft Süd gGmbH": ("new", None),
}
# "Erika Braun" (row 17) is a person's name in the organisation column: withheld before
# matching, so it is in no table of the result, only its row number is reported


def test_attendance_matches_review_and_rows(work):
    before = (work / "city" / "participation.csv").read_bytes()
    result = import_attendance(
        work / "teilnahmeliste.csv", work / "city", event_id=EVENT, source_id="liste-2023-03"
    )
    got = {
        r["name"]: (r["status"], None if pd.isna(r["actor_id"]) else r["actor_id"])
        for r in result.matches.to_dict("records")
    }
    assert got == EXPECTED_ATTENDANCE
    assert result.matches.set_index("name").loc["AWO Kreisverband Offenbach e.V.", "n_rows"] == 2
    assert result.dropped_columns == {
        "Lfd. Nr.": "other",
        "Name": "name",
        "Vorname": "name",
        "E-Mail": "email",
        "Telefon": "phone",
        "Unterschrift": "name",
    }
    # review: doubtful with a suggestion, new ones too; never the withheld person
    review = result.review.set_index("name")
    assert sorted(review.index) == sorted(
        [
            "Diakonie Offenbach",
            "Jobcenter Offenbach",
            "Stadtteilbüro Nordend",
            "Gemeinnützige Beratungsgesellschaft Süd gGmbH",
        ]
    )
    assert review.loc["Diakonie Offenbach", "suggestion"] == "of-diakonie"
    assert result.review_path == work / "teilnahmeliste_review.csv"
    assert result.needs_review
    # rows: Caritas was already a participant; four actors are added, each once
    assert result.existing == 1
    assert result.added["actor_id"].tolist() == [
        "of-paritaetischer",
        "of-awo",
        "of-sozialamt",
        "of-auslaenderbeirat",
    ]
    after = (work / "city" / "participation.csv").read_bytes()
    assert after.startswith(before)  # existing rows untouched
    new = _rows(work / "city" / "participation.csv")[3:]
    assert {(r["event_id"], r["role"], r["source_id"], r["quote"], r["inferred"]) for r in new} == {
        (EVENT, "participant", "liste-2023-03", "", "false")
    }
    # confident matches are recorded, so they hold even if thresholds change
    aliases = read_aliases(work / "city").set_index("alias")
    assert aliases.loc["Sozialamt", "actor_id"] == "of-sozialamt"
    assert aliases.loc["Sozialamt", "decided"] == "auto"
    city = load_city(work / "city")  # still valid
    assert len(city.participation) == 7
    # "Erika Braun" is reported by row number only
    withheld = [r for r in result.excluded_rows if r.startswith("sieht wie eine Person")]
    assert len(withheld) == 1 and withheld[0].endswith(": Zeile 17")
    assert result.excluded_rows[withheld[0]] == 1


def test_attendance_decisions_make_reimport_stable(work):
    city_dir = work / "city"
    listing = work / "teilnahmeliste.csv"
    first = import_attendance(listing, city_dir, event_id=EVENT)
    assert len(first.review) == 4
    # the user fills in the review list: one suggestion taken, one name is not an actor
    review = pd.read_csv(first.review_path, dtype=str, keep_default_na=False)
    review.loc[review["name"] == "Diakonie Offenbach", "actor_id"] = "of-diakonie"
    review.loc[review["name"] == "Stadtteilbüro Nordend", "actor_id"] = "neu"
    review.to_csv(first.review_path, index=False)
    decisions = read_decisions(first.review_path)
    assert decisions == {"Diakonie Offenbach": "of-diakonie", "Stadtteilbüro Nordend": ""}
    decisions.update(
        {"Jobcenter Offenbach": "of-jobcenter", "Gemeinnützige Beratungsgesellschaft Süd gGmbH": ""}
    )
    second = import_attendance(listing, city_dir, event_id=EVENT, decisions=decisions)
    assert second.added["actor_id"].tolist() == ["of-diakonie", "of-jobcenter"]
    assert second.review.empty and not second.needs_review
    aliases_after_decisions = (city_dir / "aliases.csv").read_bytes()
    participation = (city_dir / "participation.csv").read_bytes()
    # the same list again: no review, nothing written, nothing changed
    third = import_attendance(listing, city_dir, event_id=EVENT)
    # seven actors on the list: Caritas, Paritätischer, AWO, Sozialamt, Ausländerbeirat,
    # Diakonie, Jobcenter; all already recorded
    assert third.review.empty and len(third.added) == 0 and third.existing == 7
    assert (city_dir / "aliases.csv").read_bytes() == aliases_after_decisions
    assert (city_dir / "participation.csv").read_bytes() == participation
    statuses = third.matches.set_index("name")["status"]
    assert statuses["Diakonie Offenbach"] == "alias"
    assert statuses["Stadtteilbüro Nordend"] == "excluded"


def test_attendance_accept_suggestions_and_bad_decision(work):
    result = import_attendance(
        work / "teilnahmeliste.csv", work / "city", event_id=EVENT, accept_suggestions=True
    )
    # both doubtful names take their suggestion; the two new names stay for review
    assert set(result.added["actor_id"]) >= {"of-diakonie", "of-jobcenter"}
    assert sorted(result.review["status"]) == ["new", "new"]
    with pytest.raises(ValueError, match="no actor with that actor_id"):
        import_attendance(
            work / "teilnahmeliste.csv",
            work / "city",
            event_id=EVENT,
            decisions={"Stadtteilbüro Nordend": "of-stadtteilbuero"},
        )


def test_attendance_dry_run_writes_nothing(work):
    before = sorted(p.name for p in work.rglob("*"))
    participation = (work / "city" / "participation.csv").read_bytes()
    result = import_attendance(work / "teilnahmeliste.csv", work / "city", event_id=EVENT,
                               dry_run=True)  # fmt: skip
    assert len(result.added) == 4 and result.written == [] and result.review_path is None
    assert sorted(p.name for p in work.rglob("*")) == before
    assert (work / "city" / "participation.csv").read_bytes() == participation


def test_attendance_xlsx_one_row_per_organisation(work):
    # title rows above the header, a date cell, one organisation per row, another role
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Anwesenheit Fachtag"])
    ws.append([dt.datetime(2023, 3, 14)])
    ws.append([])
    ws.append(["Einrichtung", "Anzahl Personen", "Ansprechpartnerin"])
    ws.append(["Caritasverband Offenbach e.V.", 3, "Anna Schulz"])
    ws.append(["AWO Kreisverband Offenbach", 1, "Ben Ott"])
    ws.append(["caritas of", 1, "Eva Roth"])
    wb.save(work / "liste.xlsx")
    result = import_attendance(work / "liste.xlsx", work / "city", event_id=EVENT, role="speaker")
    assert result.added["actor_id"].tolist() == ["of-caritas", "of-awo"]
    assert set(result.added["role"]) == {"speaker"}
    assert result.dropped_columns == {"Anzahl Personen": "other", "Ansprechpartnerin": "name"}


def test_attendance_column_option_and_errors(work):
    (work / "l.csv").write_text("Wer;Wo\nAnna Schulz;Caritas OF\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no organisation column.*Wer, Wo"):
        import_attendance(work / "l.csv", work / "city", event_id=EVENT)
    result = import_attendance(work / "l.csv", work / "city", event_id=EVENT, column="Wo")
    assert result.existing == 1  # of-caritas participant already recorded
    assert import_attendance(work / "l.csv", work / "city", event_id=EVENT, column="2").existing
    with pytest.raises(ValueError, match="column 'Ort' not found"):
        import_attendance(work / "l.csv", work / "city", event_id=EVENT, column="Ort")
    with pytest.raises(ValueError, match="event_id 'netzwerktreffen-2023-3'.*did you mean"):
        import_attendance(work / "l.csv", work / "city", event_id="netzwerktreffen-2023-3",
                          column="Wo")  # fmt: skip
    with pytest.raises(ValueError, match="role 'gast'"):
        import_attendance(work / "l.csv", work / "city", event_id=EVENT, role="gast", column="Wo")
    with pytest.raises(ValueError, match="source_id 'x'"):
        import_attendance(work / "l.csv", work / "city", event_id=EVENT, source_id="x",
                          column="Wo")  # fmt: skip
    with pytest.raises(FileNotFoundError):
        import_attendance(work / "nope.csv", work / "city", event_id=EVENT)
    with pytest.raises(ValueError, match=r"expected a \.csv or \.xlsx"):
        (work / "l.pdf").write_bytes(b"%PDF")
        import_attendance(work / "l.pdf", work / "city", event_id=EVENT)


def test_attendance_refuses_an_invalid_city(work):
    (work / "city" / "actors.csv").write_text(
        "actor_id,name,sector,level\nof-caritas,Caritas,keinsektor,kommune\n", encoding="utf-8"
    )
    with pytest.raises(DataError):
        import_attendance(work / "teilnahmeliste.csv", work / "city", event_id=EVENT)


def test_appending_keeps_the_files_own_format(work):
    # a German Excel CSV: ';', Windows-1252, CRLF and no final line break
    path = work / "city" / "participation.csv"
    text = path.read_text(encoding="utf-8").replace(",", ";").replace("\n", "\r\n").rstrip()
    path.write_bytes(text.encode("cp1252"))
    meta = json.loads((work / "city" / "datapackage.json").read_text(encoding="utf-8"))
    write_datapackage(work / "city", meta)  # declares the new separator and encoding
    import_attendance(work / "teilnahmeliste.csv", work / "city", event_id=EVENT)
    data = path.read_bytes()
    assert data.startswith(text.encode("cp1252") + b"\r\n")
    assert b"\r\nnetzwerktreffen-2023-03;of-awo;participant;;;false;\r\n" in data
    assert len(load_city(work / "city").participation) == 7


# ---------------------------------------------------------------------------------------------
# case exports → referrals
# ---------------------------------------------------------------------------------------------

# Hand count from fallexport.csv, by quarter:
#   Caritas (3 spellings) → Jobcenter, Arbeit: 05.01., 17.02., 2023-03-30 → 2023-Q1: 3;
#                                              02.04. → 2023-Q2: 1
#   Sozialamt → Verein Brücke (2 spellings), Deutscherwerb: 10.01., 11.1.23 → Q1: 2;
#                                              31.02.2023 is no date → left out
#   AWO → Paritätischer, Wohnen: 15.05., 18.05. → Q2: 2; "Gesundheitsversorgung" → gesundheit: 1
#   Stadtteilbüro Nordend → Sozialamt: unknown organisation → left out, listed for review
EXPECTED_QUARTER = [
    ("of-awo", "of-paritaetischer", "gesundheit", "2023-Q2", 1),
    ("of-awo", "of-paritaetischer", "wohnen", "2023-Q2", 2),
    ("of-caritas", "of-jobcenter", "arbeit", "2023-Q1", 3),
    ("of-caritas", "of-jobcenter", "arbeit", "2023-Q2", 1),
    ("of-sozialamt", "of-bruecke", "deutscherwerb", "2023-Q1", 2),
]


def _added(result) -> list[tuple]:
    cols = ["from_id", "to_id", "field", "period", "count"]
    return [tuple(r) for r in result.added[cols].itertuples(index=False, name=None)]


def test_referrals_aggregated_by_quarter(work):
    result = import_referrals(
        work / "fallexport.csv", work / "city", period="quarter", source_id="export-2023"
    )
    assert _added(result) == EXPECTED_QUARTER
    assert result.field_mapping == {"Gesundheitsversorgung": "gesundheit"}
    assert result.excluded_rows == {
        "Datum fehlt oder unlesbar (Monat nötig)": 1,
        "Organisation nicht zugeordnet (siehe Prüfliste)": 1,
    }
    assert result.review["name"].tolist() == ["Stadtteilbüro Nordend"]
    assert result.dropped_columns == {
        "Fall-ID": "other",
        "Klient/in": "name",
        "Geburtsdatum": "birthdate",
        "Telefon": "phone",
        "E-Mail": "email",
    }
    # referrals.csv did not exist: created and declared, the city loads with the counts
    city = load_city(work / "city")
    assert int(city.referrals["count"].sum()) == 9
    assert set(city.referrals["source_id"]) == {"export-2023"}
    assert not city.referrals["inferred"].any()
    assert '"referrals.csv"' in (work / "city" / "datapackage.json").read_text(encoding="utf-8")


def test_referrals_by_month_and_year(work):
    month = import_referrals(work / "fallexport.csv", work / "city", period="month", dry_run=True)
    got = {(f, t, fi, p): c for f, t, fi, p, c in _added(month)}
    # Caritas → Jobcenter: January 1, February 1, March 1, April 1
    assert [got[("of-caritas", "of-jobcenter", "arbeit", f"2023-{m:02d}")] for m in (1, 2, 3, 4)] \
        == [1, 1, 1, 1]  # fmt: skip
    assert got[("of-sozialamt", "of-bruecke", "deutscherwerb", "2023-01")] == 2
    year = import_referrals(work / "fallexport.csv", work / "city", period="year", dry_run=True)
    assert ("of-caritas", "of-jobcenter", "arbeit", "2023", 4) in _added(year)
    assert not (work / "city" / "referrals.csv").exists()  # dry runs write nothing


def test_referrals_reimport_and_conflicts(work):
    import_referrals(work / "fallexport.csv", work / "city")
    again = import_referrals(work / "fallexport.csv", work / "city")
    assert again.added.empty and again.existing == 5 and again.conflicts.empty
    # one more Caritas case in Q1: that key now differs and is left unchanged
    extra = "K-2023-0012;Neu Person;01.01.1990;0176 5;n@example.org;06.03.2023;Caritas OF;" \
        "Jobcenter MainArbeit Offenbach;Arbeit\n"  # fmt: skip
    with open(work / "fallexport.csv", "a", encoding="utf-8") as fh:
        fh.write(extra)
    third = import_referrals(work / "fallexport.csv", work / "city")
    assert third.conflicts.to_dict("records") == [
        {
            "from_id": "of-caritas",
            "to_id": "of-jobcenter",
            "field": "arbeit",
            "period": "2023-Q1",
            "count_existing": 3,
            "count_import": 4,
        }
    ]
    assert third.needs_review
    city = load_city(work / "city")
    assert int(city.referrals["count"].sum()) == 9


def test_referrals_field_option_and_column_errors(work):
    (work / "e.csv").write_text("Datum;von;an\n01.02.2023;Caritas OF;Sozialamt\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no column for field"):
        import_referrals(work / "e.csv", work / "city")
    result = import_referrals(work / "e.csv", work / "city", field="soziales")
    assert _added(result) == [("of-caritas", "of-sozialamt", "soziales", "2023-Q1", 1)]
    with pytest.raises(ValueError, match="field 'sozial'"):
        import_referrals(work / "e.csv", work / "city", field="sozial")
    with pytest.raises(ValueError, match="period must be"):
        import_referrals(work / "e.csv", work / "city", period="week")
    with pytest.raises(ValueError, match="unknown key"):
        import_referrals(work / "e.csv", work / "city", columns={"client": "x"})
    (work / "f.csv").write_text("Wann;Wer;Wohin;Thema\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no column for date, from, to"):
        import_referrals(work / "f.csv", work / "city")
    (work / "g.csv").write_text(
        "Wann;Wer;Wohin;Thema\n2023-05;AWO Kreisverband Offenbach;Paritätischer;Wohnen\n",
        encoding="utf-8",
    )
    result = import_referrals(
        work / "g.csv", work / "city", columns={"date": "Wann", "from": "Wer", "to": "Wohin"}
    )
    assert _added(result) == [("of-awo", "of-paritaetischer", "wohnen", "2023-Q2", 1)]


# ---------------------------------------------------------------------------------------------
# privacy: nothing personal from the inputs reaches any file written
# ---------------------------------------------------------------------------------------------


def _personal_values(path: Path, encoding: str, columns: list[str]) -> set[str]:
    text = path.read_text(encoding=encoding)
    lines = [ln for ln in text.splitlines() if ";" in ln]
    rows = list(csv.DictReader(lines, delimiter=";"))
    values = {r[c].strip() for r in rows for c in columns if r.get(c, "").strip()}
    # phone numbers also without their spaces, dashes and slashes
    values |= {
        "".join(ch for ch in v if ch.isdigit()) for v in values if sum(map(str.isdigit, v)) > 5
    }
    return values


def test_no_personal_data_in_any_file_written(work, tmp_path):
    personal = _personal_values(
        work / "teilnahmeliste.csv",
        "cp1252",
        ["Name", "Vorname", "E-Mail", "Telefon", "Unterschrift"],
    ) | _personal_values(
        work / "fallexport.csv",
        "utf-8",
        ["Fall-ID", "Klient/in", "Geburtsdatum", "Telefon", "E-Mail"],
    )
    personal.add("Erika Braun")  # the person typed into the organisation column
    assert {"anna.schulz@caritas-beispiel.de", "K-2023-0001", "Hassan Al-Masri"} <= personal
    inputs = {p for p in work.iterdir() if p.is_file()}  # the lists and exports of the fixtures
    listing, export, city_dir = work / "teilnahmeliste.csv", work / "fallexport.csv", work / "city"
    # everything an evaluator would run: template, both imports with review, decisions, again
    assert cli.main(["template", str(work / "vorlage.xlsx")]) == 0
    assert cli.main(["import", "attendance", str(listing), "--city", str(city_dir), "--event",
                     EVENT]) == 1  # fmt: skip
    assert cli.main(["import", "attendance", str(listing), "--city", str(city_dir), "--event",
                     EVENT, "--accept-suggestions", "--accept", "Stadtteilbüro Nordend=neu",
                     "--accept", "Gemeinnützige Beratungsgesellschaft Süd gGmbH="]) == 0  # fmt: skip
    assert cli.main(["import", "referrals", str(export), "--city", str(city_dir)]) == 0
    assert cli.main(["import", "referrals", str(export), "--city", str(city_dir), "--period",
                     "month", "--dry-run"]) == 0  # fmt: skip
    written = [p for p in work.rglob("*") if p.is_file() and p not in inputs]
    assert any(p.name == "aliases.csv" for p in written)
    assert any(p.name == "teilnahmeliste_review.csv" for p in written)
    assert any(p.name == "referrals.csv" for p in written)
    for path in written:
        if path.suffix == ".xlsx":
            wb = openpyxl.load_workbook(path)
            text = "\n".join(
                str(c.value) for ws in wb.worksheets for r in ws.iter_rows() for c in r if c.value
            )
        else:
            data = path.read_bytes()
            text = data.decode("utf-8", errors="replace") + data.decode("cp1252", errors="replace")
        leaked = sorted(v for v in personal if v in text)
        assert not leaked, f"{path.relative_to(work)} contains {leaked}"


# ---------------------------------------------------------------------------------------------
# template
# ---------------------------------------------------------------------------------------------


def test_template_sheets_headers_and_dropdowns(tmp_path):
    out = write_template(tmp_path / "vorlage.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Anleitung", "listen", "meta", *TABLE_ORDER, *SURVEY_TABLES]
    assert wb["listen"].sheet_state == "hidden"
    for table in (*TABLE_ORDER, *SURVEY_TABLES):
        ws = wb[table]
        header = [c.value for c in ws[1]]
        assert header == TABLES[table].column_names
        body = [r for r in ws.iter_rows(min_row=2, values_only=True) if any(r)]
        assert len(body) == 2, table
        formulas = {}
        for dv in ws.data_validations.dataValidation:
            for rng in dv.sqref.ranges:
                formulas[header[rng.min_col - 1]] = dv.formula1
        for col in TABLES[table].columns:
            if col.vocab:
                assert col.name in formulas and "listen" in formulas[col.name], (table, col.name)
            if col.type == "boolean":
                assert col.name in formulas, (table, col.name)
    # the list behind the sector drop-down holds exactly the sector codes
    letter = wb["actors"].data_validations.dataValidation
    sector_formula = next(
        dv.formula1 for dv in letter if any(r.min_col == 3 for r in dv.sqref.ranges)
    )
    column = sector_formula.split("!")[1].split(":")[0].strip("$")[0]
    codes = [c.value for c in wb["listen"][column][1:] if c.value]
    from netzwerk.vocab import load_vocabulary

    assert codes == load_vocabulary("sectors").codes
    guide = "\n".join(str(c.value) for c in wb["Anleitung"]["A"] if c.value)
    assert "So füllen Sie die Vorlage aus" in guide and "netzwerk validate" in guide


def test_template_is_a_valid_tiny_city(tmp_path):
    out = write_template(tmp_path / "vorlage.xlsx")
    problems = validate(out)
    # the instructions and the hidden lists are skipped silently: no problem at all
    assert problems == []
    city = load_city(out)
    assert (len(city.actors), len(city.events), len(city.participation)) == (2, 2, 2)
    assert (len(city.referrals), len(city.resources), len(city.sources)) == (2, 2, 2)
    assert city.synthetic and city.name == "musterstadt"
    # the survey sheets (#17): two answering organisations that name each other
    assert city.survey_respondents["actor_id"].tolist() == [
        "ms-integrationsbuero",
        "ms-brueckenschlag",
    ]
    assert city.survey_ties[["from_id", "level"]].values.tolist() == [
        ["ms-integrationsbuero", 2],
        ["ms-brueckenschlag", 3],
    ]
    # a tie's level is the 0-4 strength: no drop-down of the actors' levels on it
    ties = openpyxl.load_workbook(out)["survey_ties"]
    level_col = TABLES["survey_ties"].column_names.index("level") + 1
    assert not [
        dv for dv in ties.data_validations.dataValidation
        if any(r.min_col == level_col for r in dv.sqref.ranges)
    ]  # fmt: skip
    with pytest.raises(FileExistsError):
        write_template(out)
    write_template(out, overwrite=True, lang="en")
    en = openpyxl.load_workbook(out)["Anleitung"]["A1"].value
    assert en.startswith("netzwerk – template")
    with pytest.raises(ValueError, match="lang"):
        write_template(tmp_path / "x.xlsx", lang="fr")
    with pytest.raises(ValueError, match=r"\.xlsx"):
        write_template(tmp_path / "x.csv")


def test_template_to_folder_to_import(tmp_path):
    # the README's path: template -> folder -> import a list into it -> still valid
    book = write_template(tmp_path / "vorlage.xlsx")
    folder = workbook_to_folder(book, tmp_path / "musterstadt")
    city = load_city(folder)
    assert validate(folder) == []
    assert city.referrals["count"].tolist()[0] == 12
    assert city.participation["inferred"].tolist() == [False, False]
    assert sorted(p.name for p in (folder / "sources").iterdir()) == [
        "beispiel-pressemitteilung.txt",
        "beispiel-protokoll.txt",
    ]
    (tmp_path / "liste.csv").write_text(
        "Organisation;E-Mail\nBrückenschlag e.V.;x@example.org\n"
        "Integrationsbuero Musterstadt;y@example.org\n",
        encoding="utf-8",
    )
    result = import_attendance(tmp_path / "liste.csv", folder, event_id="ms-fachtag-2024")
    # "Brückenschlag" = "Verein Brückenschlag e.V." without the weak word "Verein";
    # "Integrationsbuero Musterstadt" = "Integrationsbüro der Stadt Musterstadt" without city
    # both are new as participants (the Integrationsbüro was recorded as organizer)
    assert result.added["actor_id"].tolist() == ["ms-brueckenschlag", "ms-integrationsbuero"]
    assert result.review.empty and result.dropped_columns == {"E-Mail": "email"}
    assert len(load_city(folder).participation) == 4
    with pytest.raises(FileExistsError):
        workbook_to_folder(book, folder)


# ---------------------------------------------------------------------------------------------
# command line
# ---------------------------------------------------------------------------------------------


def test_cli_exit_codes_and_messages(work, capsys):
    assert cli.main(["import"]) == 2
    assert cli.main(["template", str(work / "v.xlsx")]) == 0
    assert cli.main(["import", "workbook", str(work / "v.xlsx"), "--out", str(work / "ms")]) == 0
    assert cli.main(["import", "workbook", str(work / "v.xlsx"), "--out", str(work / "ms")]) == 2
    shutil.rmtree(work / "sources")
    assert cli.main(["template", str(work / "t.xlsx"), "--no-sources"]) == 0
    assert not (work / "sources").exists()
    assert cli.main(["template", str(work / "t.xlsx")]) == 2  # exists
    capsys.readouterr()
    code = cli.main(
        ["import", "attendance", str(work / "teilnahmeliste.csv"), "--city", str(work / "city"),
         "--event", EVENT, "--source", "liste-2023-03"]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert code == 1  # names wait for review
    assert "Personenbezogene Spalten verworfen" in out and "E-Mail (E-Mail-Adressen)" in out
    assert "participation.csv: 4 Zeilen hinzugefügt, 1 schon vorhanden" in out
    assert "[doubtful] Diakonie Offenbach → of-diakonie" in out
    code = cli.main(
        ["import", "attendance", str(work / "teilnahmeliste.csv"), "--city", str(work / "city"),
         "--event", "kein-event"]
    )  # fmt: skip
    assert code == 2
    assert "event_id 'kein-event'" in capsys.readouterr().err
    assert cli.main(["import", "referrals", str(work / "fallexport.csv"), "--city",
                     str(work / "city"), "--accept", "ohne Gleichheitszeichen"]) == 2  # fmt: skip
    (work / "city" / "events.csv").write_text("event_id,title\n", encoding="utf-8")
    code = cli.main(["import", "referrals", str(work / "fallexport.csv"), "--city",
                     str(work / "city"), "--lang", "en"])  # fmt: skip
    assert code == 1 and "city data invalid" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------
# the case date: never a birth date (issue #23)
# ---------------------------------------------------------------------------------------------

# Hand count from fallexport_geburtsdatum.csv, by quarter of "Datum der Verweisung" (the
# birth dates 1963 … 2004 come first in the file and must not be taken):
#   Caritas → Jobcenter, Arbeit: 09.01., 23.02. → 2023-Q1: 2; 14.04. → 2023-Q2: 1
#   Sozialamt → Verein Brücke, Deutscherwerb: 03.05., 29.06. → 2023-Q2: 2
#   rows 7 and 8 name a client ("Omar Saleh", "Murat Öztürk") as organisation: withheld
EXPECTED_BIRTH_EXPORT = [
    ("of-caritas", "of-jobcenter", "arbeit", "2023-Q1", 2),
    ("of-caritas", "of-jobcenter", "arbeit", "2023-Q2", 1),
    ("of-sozialamt", "of-bruecke", "deutscherwerb", "2023-Q2", 2),
]


def test_referrals_birth_date_is_never_the_case_date(work):
    result = import_referrals(work / "fallexport_geburtsdatum.csv", work / "city")
    assert _added(result) == EXPECTED_BIRTH_EXPORT
    assert min(p for *_, p, _ in _added(result)) == "2023-Q1"  # the first referral's quarter
    assert result.dropped_columns == {
        "Fall-Nr": "other",
        "Klient/in": "name",
        "Geburtsdatum": "birthdate",
    }
    assert "Geburtsdatum (Geburtsdaten)" in result.summary()
    withheld = [r for r in result.excluded_rows if r.startswith("sieht wie eine Person")]
    assert len(withheld) == 1 and withheld[0].endswith(": Zeile 7, 8")
    with pytest.raises(ValueError, match="'Geburtsdatum' holds birth dates"):
        import_referrals(
            work / "fallexport_geburtsdatum.csv", work / "city", columns={"date": "Geburtsdatum"}
        )


@pytest.mark.parametrize(
    "header", ["Geburtsdatum", "geb.", "Geb.-Datum", "Geburtstag", "Date of birth", "DOB"]
)
def test_referrals_birth_headers_are_personal_and_skipped(work, header):
    (work / "e.csv").write_text(
        f"{header};Datum;von;an;Handlungsfeld\n01.02.1975;05.10.2023;Caritas OF;Sozialamt;Arbeit\n",
        encoding="utf-8",
    )
    result = import_referrals(work / "e.csv", work / "city", dry_run=True)
    assert _added(result) == [("of-caritas", "of-sozialamt", "arbeit", "2023-Q4", 1)]
    assert result.dropped_columns == {header: "birthdate"}


def test_referrals_prefer_the_referral_date_and_ask_when_unsure(work, capsys):
    # "Eingangsdatum" names the case's start; "Datum" alone does not
    (work / "e.csv").write_text(
        "Datum;Eingangsdatum;von;an;Handlungsfeld\n"
        "05.10.2023;07.03.2023;Caritas OF;Sozialamt;Arbeit\n",
        encoding="utf-8",
    )
    result = import_referrals(work / "e.csv", work / "city", dry_run=True)
    assert _added(result) == [("of-caritas", "of-sozialamt", "arbeit", "2023-Q1", 1)]
    # two dates, neither naming the referral: stop and ask
    (work / "f.csv").write_text(
        "Datum;Erstkontakt;von;an;Handlungsfeld\n"
        "05.10.2023;07.03.2023;Caritas OF;Sozialamt;Arbeit\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=r"several columns .*\(Datum, Erstkontakt\).*date-column"):
        import_referrals(work / "f.csv", work / "city")
    args = ["import", "referrals", str(work / "f.csv"), "--city", str(work / "city")]
    assert cli.main(args) == 2
    assert "--date-column" in capsys.readouterr().err
    assert cli.main([*args, "--date-column", "Erstkontakt", "--dry-run"]) == 0
    assert "1 Zeilen hinzugefügt" in capsys.readouterr().out


def test_referrals_existing_keys_match_across_spellings(work):
    import_referrals(work / "fallexport.csv", work / "city")
    path = work / "city" / "referrals.csv"
    # the same quarters written by hand in lower case: still the same keys
    path.write_text(path.read_text(encoding="utf-8").replace("-Q", "-q"), encoding="utf-8")
    again = import_referrals(work / "fallexport.csv", work / "city")
    assert again.added.empty and again.existing == 5 and again.conflicts.empty


def test_a_person_is_never_recorded_as_an_alias(work):
    # deciding a name that is (or holds) a person: refused, nothing written
    for name in ("Erika Braun", "Caritas OF (Frau Schulz)"):
        with pytest.raises(ValueError, match="never recorded"):
            import_attendance(
                work / "teilnahmeliste.csv", work / "city", event_id=EVENT,
                decisions={name: "of-caritas"},
            )  # fmt: skip
    assert not (work / "city" / "aliases.csv").exists()
    # an alias file from before this rule loses its person rows when it is next written
    (work / "city" / "aliases.csv").write_text(
        "alias,actor_id,decided,note\nErika Braun,of-awo,user,\nCaritas OF,of-caritas,user,\n",
        encoding="utf-8",
    )
    import_attendance(work / "teilnahmeliste.csv", work / "city", event_id=EVENT)
    assert read_aliases(work / "city")["alias"].tolist() == ["Caritas OF", "Sozialamt",
                                                             "Auslaenderbeirat"]  # fmt: skip


def test_workbook_refuses_formula_cells_instead_of_changing_them(tmp_path):
    book = write_template(tmp_path / "vorlage.xlsx")
    wb = openpyxl.load_workbook(book)
    wb["actors"]["B3"] = "@Verein Brückenschlag e.V."  # row 3, column name
    wb.save(book)
    with pytest.raises(ValueError, match=r"vorlage.xlsx\[actors\], row 3, column name.*@Verein"):
        workbook_to_folder(book, tmp_path / "musterstadt")
    assert not (tmp_path / "musterstadt" / "actors.csv").exists()  # nothing half-written
