"""The report's sentences hold: dates, counts, plurals, the period, the terms (issue #18.2-3, 6).

Expected values are counted here from the data files with plain string operations (not with the
report's own helpers), or written out by hand.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from netzwerk import report
from netzwerk._terms import GLOSSARY_KEYS, explain, glossary_markdown, term
from netzwerk.cli import main
from netzwerk.io import City, load_city

CITIES = report.list_cities()

# a noun after "1 " that must be singular
_PLURALS = (
    "Akteure|Treffen sind|Teilnahmen|Veranstaltungen|Warnungen|Quellen|Sektoren|Verweiszeilen|"
    "Angebotskarten|Suchkarten|Kooperationsbeziehungen|Teile"
)


def sentence_problems(text: str) -> list[str]:
    """Rule violations in report text: ISO dates, uncollapsed ranges, wrong plurals."""
    plain = text.replace("\\", "")
    problems = []
    for iso in re.findall(r"\b\d{4}-\d{2}(?:-\d{2})?\b", plain):
        problems.append(f"ISO date {iso!r}")
    for a, b in re.findall(r"(\S+) (?:bis|und) (\S+)", plain):
        if a == b and re.fullmatch(r"[\d.]+", a):
            problems.append(f"range not collapsed: {a} … {b}")
    for m in re.finditer(rf"(?<![\d.,])1 ({_PLURALS})\b", plain):
        problems.append(f"plural after 1: {m.group(0)!r}")
    for m in re.finditer(r"zwischen (\d{2}\.\d{2}\.\d{4}) und (\d{2}\.\d{2}\.\d{4})", plain):
        if m.group(1)[:5] == "01.01" and m.group(2)[:5] == "31.12":
            problems.append(f"year shown as day range: {m.group(0)!r}")
    return problems


def test_sentence_rules_catch_what_they_should():
    # each rule fires on a hand-written bad sentence and stays quiet on its fixed form
    assert sentence_problems("Zeitraum: 2020-03-05 bis 2020-03-05")
    assert sentence_problems("von 05.03.2020 bis 05.03.2020")
    assert sentence_problems("1 Veranstaltungen und 1 Warnungen")
    assert sentence_problems("1 Treffen zwischen 01.01.2025 und 31.12.2025")
    assert sentence_problems("am 05.03.2020, 2 Warnungen, 11 Akteure, 1 Akteur") == []


@pytest.mark.parametrize("city", CITIES)
def test_header_and_overview_sentences_hold(city, data_dir):
    c = load_city(data_dir / city)
    for text in (report.title_markdown(c), report.overview_markdown(c)):
        assert sentence_problems(text) == [], (city, text)


def test_dates_collapse_and_use_german_form():
    # by hand: one day, one year twice, mixed precision reduced to the coarser one
    assert report.span_de("2020-03-05", "2020-03-05") == ("05.03.2020", None)
    assert report.span_de("2025", "2025") == ("2025", None)
    assert report.span_de("2014", "2014-05-22") == ("2014", None)
    assert report.span_de("2019-06", "2022") == ("2019", "2022")
    assert report.date_de("2021-Q4") == "4. Quartal 2021"


def _one_event_city(date: str) -> City:
    return City.from_frames(
        actors=pd.DataFrame(
            {"actor_id": ["a"], "name": ["A"], "sector": ["mso"], "level": ["kommune"]}
        ),
        events=pd.DataFrame(
            {"event_id": ["e"], "title": ["T"], "kind": ["forum"], "date": [date],
             "status": ["held"]}
        ),
        participation=pd.DataFrame({"event_id": ["e"], "actor_id": ["a"], "role": ["participant"]}),
    )  # fmt: skip


def test_one_event_dated_by_year_reads_as_that_year():
    # issue #18: "1 Treffen zwischen 01.01.2025 und 31.12.2025" for an event dated "2025"
    text = report.overview_markdown(_one_event_city("2025"))
    assert "**1 Treffen** (Fachtage, Foren, Gremiensitzungen …) im Jahr 2025" in text
    assert "mit 1 Teilnahme von Akteuren" in text
    assert "Die Teilnahme trägt keinen Beleg" in text
    assert "01.01.2025" not in text and sentence_problems(text) == []


def test_undated_event_says_so(data_dir):
    # Hagen's one Praxisforum has no date in its source (events.csv, date empty)
    text = report.overview_markdown(load_city(data_dir / "hagen")).replace("\\", "")
    assert "**1 Treffen** (Fachtage, Foren, Gremiensitzungen …) (ohne Datum in der Quelle)" in text


def test_one_event_on_one_day(data_dir):
    text = report.overview_markdown(load_city(data_dir / "magdeburg")).replace("\\", "")
    assert "am 05.03.2020" in text


def test_quoted_and_inferred_counts_add_up(data_dir):
    city = load_city(data_dir / "magdeburg")
    rows = pd.read_csv(data_dir / "magdeburg" / "participation.csv", dtype=str)
    n = len(rows)
    quoted = rows["quote"].notna()
    inferred = rows["inferred"].fillna("").str.lower().isin(["true", "1", "ja", "wahr"])
    assert quoted.all()  # every Magdeburg participation carries a quote
    text = report.overview_markdown(city)
    # the inferred ones are named as part of the quoted ones, not as extra rows
    assert (
        f"Alle {n} Teilnahmen sind mit einem wörtlichen Zitat aus der Quelle belegt; "
        f"{int((quoted & inferred).sum())} davon sind erschlossen" in text
    )
    assert "weitere" not in text


def test_period_filter_reaches_header_and_counts(data_dir):
    city = load_city(data_dir / "beispielstadt")
    events = pd.read_csv(data_dir / "beispielstadt" / "events.csv", dtype=str)
    parts = pd.read_csv(data_dir / "beispielstadt" / "participation.csv", dtype=str)
    held_2023 = events.loc[events["date"].str.startswith("2023"), "event_id"]
    n_parts = int(parts["event_id"].isin(held_2023).sum())
    text = report.overview_markdown(city, period=2023).replace("\\", "")
    assert f"**{len(held_2023)} Treffen**" in text
    assert f"{n_parts:,} Teilnahmen".replace(",", ".") in text
    assert f"**{len(events)} Treffen**" not in text
    header = report.title_markdown(city, period=2023)
    assert "**Dieser Bericht:** nur 2023" in header
    assert "Dieser Bericht" not in report.title_markdown(city)
    assert sentence_problems(text + header) == []


def test_singular_for_one_actor():
    city = City.from_frames(
        actors=pd.DataFrame(
            {"actor_id": ["a"], "name": ["A"], "sector": ["mso"], "level": ["kommune"]}
        )
    )
    text = report.overview_markdown(city)
    assert text.startswith("- **1 Akteur** (0 davon Sammelakteure")
    assert "aus 1 Sektor." in text
    assert sentence_problems(text) == []


# --- glossary -------------------------------------------------------------------------------


def test_glossary_lists_every_term_once_in_both_languages():
    for lang in ("de", "en"):
        text = glossary_markdown(lang=lang)
        assert text.splitlines()[0] == ("## Begriffe" if lang == "de" else "## Terms")
        assert text.count("\n- **") == len(GLOSSARY_KEYS)
    words = [term(k) for k in GLOSSARY_KEYS]
    assert len(set(words)) == len(words)  # one word per concept, no two concepts per word
    for k in GLOSSARY_KEYS:
        assert explain(k) and explain(k, "en")


def test_gould_fernandez_roles_use_the_text_terms():
    # the words the report's text uses for the roles (issue #18: legend said Gatekeeper/Repräsentant)
    assert [term(r) for r in ("representative", "gatekeeper", "itinerant", "liaison")] == [
        "Vertreter",
        "Türsteher",
        "Berater",
        "Verbindungsglied",
    ]


def test_unknown_term_names_the_known_ones():
    with pytest.raises(KeyError, match="betweenness"):
        term("betweeness")
    with pytest.raises(ValueError, match="lang"):
        term("density", "fr")


def test_broker_table_headers_are_glossary_terms():
    t = pd.DataFrame(
        {
            "group": ["mso"] * 3,
            "degree": [1, 2, 1],
            "betweenness": [0.0, 1.0, 0.0],
            "total": [0, 2, 0],
            "is_cutpoint": [False, True, False],
            "constraint": [1.0, 0.5, 1.0],
        },
        index=pd.Index(["a", "b", "c"], name="actor_id"),
    )
    shown = report.broker_display(t, top=3)
    glossary = glossary_markdown().replace("\\", "")
    for column in shown.columns[4:]:
        assert f"**{column}:**" in glossary, column
    # only b stands between others (a path a-b-c): the actors without brokerage are not ranked
    assert shown["Akteur"].tolist() == ["b"]
    # each of those headers links to its entry of the HTML glossary and explains itself on hover
    page = report.html_table(shown)
    ids = set(re.findall(r'<li id="([^"]+)">', report.glossary_html()))
    links = re.findall(r'<th[^>]* title="([^"]+)"><a href="#([^"]+)">([^<]+)</a></th>', page)
    assert [word for _, _, word in links] == list(shown.columns[4:])
    assert {target for _, target, _ in links} <= ids
    assert links[0][0] == explain("betweenness")
    assert '<th style="text-align:left">Akteur</th>' in page  # not a term: no link


# --- parameter values are checked before any kernel starts ----------------------------------


@pytest.mark.parametrize(
    ("name", "value", "allowed"),
    [
        ("weighting", "quatsch", "count, newman, jaccard"),
        ("lang", "fr", "de, en"),
        ("top_n", "0", ">= 1"),
        ("alpha", "1.5", "between 0 and 1"),
        ("period", "20x3", "a year"),
    ],
)
def test_cli_rejects_bad_parameter_value(capsys, name, value, allowed):
    assert main(["report", "hagen", "-p", name, value]) == 2
    err = capsys.readouterr().err
    assert f"parameter {name}" in err and allowed in err
    assert len(err.strip().splitlines()) == 1  # one line, no papermill traceback


def test_good_parameter_values_pass():
    full = report.check_parameters({"weighting": "count", "period": 2023, "lang": "en"})
    assert (full["weighting"], full["period"], full["lang"]) == ("count", 2023, "en")
