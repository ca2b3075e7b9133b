"""Tests for netzwerk.io: loading city folders and workbooks, validation, datapackage.json, CLI.

The fixture ``tests/fixtures/io/valid`` is a small hand-written city (8 actors, 2 events,
7 participation rows, 3 referral rows with counts empty, 12 and 3, 2 resource cards). Each test
that checks a kind of bad input copies it to ``tmp_path``, breaks one thing and asserts that the
problem names the file, the spreadsheet row (header = row 1), the column and the value.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from netzwerk import cli
from netzwerk._schema import TABLE_ORDER, TABLES
from netzwerk.io import (
    City,
    DataError,
    Problem,
    load_city,
    parse_partial_date,
    validate,
    write_datapackage,
)

VALID = Path(__file__).parent / "fixtures" / "io" / "valid"


# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def city_dir(tmp_path: Path) -> Path:
    """A fresh copy of the valid fixture city."""
    return Path(shutil.copytree(VALID, tmp_path / "city"))


def read_rows(folder: Path, table: str) -> list[list[str]]:
    with open(folder / f"{table}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def write_rows(folder: Path, table: str, rows: list[list[str]]) -> None:
    with open(folder / f"{table}.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)


def set_cell(folder: Path, table: str, row: int, column: str, value: str) -> None:
    """Set the cell at spreadsheet ``row`` (header = 1) and ``column`` of ``table.csv``."""
    rows = read_rows(folder, table)
    rows[row - 1][rows[0].index(column)] = value
    write_rows(folder, table, rows)


def append_row(folder: Path, table: str, values: dict[str, str]) -> int:
    """Append a row; returns its spreadsheet row number."""
    rows = read_rows(folder, table)
    rows.append([values.get(c, "") for c in rows[0]])
    write_rows(folder, table, rows)
    return len(rows)


def only(problems: list[Problem], code: str) -> Problem:
    found = [p for p in problems if p.code == code]
    assert len(found) == 1, f"expected one {code!r}, got {[str(p) for p in problems]}"
    return found[0]


def where(p: Problem) -> tuple:
    return (p.file, p.row, p.column, p.value, p.severity)


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


# ---------------------------------------------------------------------------------------------
# the valid fixture
# ---------------------------------------------------------------------------------------------


def test_valid_fixture_has_no_problems():
    assert validate(VALID) == []


def test_load_city_types_and_contents():
    city = load_city(VALID)
    assert city.name == "musterstadt"
    assert city.synthetic is True
    # sizes counted in the fixture files
    assert [len(getattr(city, t)) for t in TABLE_ORDER] == [1, 8, 2, 7, 3, 2]
    for name in TABLE_ORDER:
        frame = getattr(city, name)
        assert list(frame.columns[: len(TABLES[name].columns)]) == TABLES[name].column_names
        for col in TABLES[name].columns:
            expected = {"integer": "Int64", "boolean": "boolean"}.get(col.type, "string")
            assert str(frame[col.name].dtype) == expected, (name, col.name)
    assert city.actors.set_index("actor_id").loc["vereine", "size_estimate"] == 30
    assert bool(city.actors.set_index("actor_id").loc["vereine", "aggregate"]) is True
    assert city.actors["parent_id"].isna().sum() == 6  # only the two departments have one
    # events: full date and month precision with their ranges
    ev = city.events.set_index("event_id")
    assert ev.loc["kompetenzteam-2021", "date"] == "2021-05"
    assert ev.loc["kompetenzteam-2021", "date_start"] == pd.Timestamp("2021-05-01")
    assert ev.loc["kompetenzteam-2021", "date_end"] == pd.Timestamp("2021-05-31")
    assert pd.isna(ev.loc["kompetenzteam-2021", "n_participants"])
    # referrals: empty count stays missing; 12 + 3 = 15 counted
    assert city.referrals["count"].isna().tolist() == [True, False, False]
    assert int(city.referrals["count"].sum()) == 15
    assert city.referrals["period"].tolist() == ["2020", "2021-Q2", "2021-05"]
    assert city.referrals["period_end"].tolist() == [
        pd.Timestamp("2020-12-31"),
        pd.Timestamp("2021-06-30"),
        pd.Timestamp("2021-05-31"),
    ]
    assert city.resources["actor_id"].isna().tolist() == [False, True]


# ---------------------------------------------------------------------------------------------
# partial dates
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "iso", "start", "end"),
    [
        ("2020-03-05", "2020-03-05", "2020-03-05", "2020-03-05"),
        ("05.03.2020", "2020-03-05", "2020-03-05", "2020-03-05"),
        ("5.3.2020", "2020-03-05", "2020-03-05", "2020-03-05"),
        ("2020-02", "2020-02", "2020-02-01", "2020-02-29"),  # leap year
        ("2021-02", "2021-02", "2021-02-01", "2021-02-28"),
        ("03.2020", "2020-03", "2020-03-01", "2020-03-31"),
        ("2020", "2020", "2020-01-01", "2020-12-31"),
        ("2021-Q4", "2021-Q4", "2021-10-01", "2021-12-31"),
        (" 2019 ", "2019", "2019-01-01", "2019-12-31"),
    ],
)
def test_parse_partial_date(value, iso, start, end):
    assert parse_partial_date(value) == (iso, pd.Timestamp(start), pd.Timestamp(end))


@pytest.mark.parametrize("value", ["2020-13", "31.02.2020", "2020-Q5", "März 2020", "20", ""])
def test_parse_partial_date_rejects(value):
    with pytest.raises(ValueError, match="date"):
        parse_partial_date(value)


# ---------------------------------------------------------------------------------------------
# German spreadsheet CSV and XLSX load to the same tables
# ---------------------------------------------------------------------------------------------


def _fixture_rows(table: str) -> list[list[str]]:
    return read_rows(VALID, table)


def _german(value: str, kind: str) -> str:
    """How a German spreadsheet program shows a value."""
    if kind == "boolean" and value:
        return {"true": "wahr", "false": "falsch"}[value]
    if kind == "date" and len(value) == 10:
        y, m, d = value.split("-")
        return f"{d}.{m}.{y}"
    return value


def _excel(value: str, kind: str):
    """The cell a person typing into Excel ends up with."""
    if value == "":
        return None
    if kind == "integer":
        return int(value)
    if kind == "boolean":
        return value == "true"
    if kind == "date" and len(value) == 10:
        return dt.datetime.fromisoformat(value)
    return value


def write_german_csv_city(target: Path, *, encoding: str = "cp1252") -> Path:
    """The fixture as Excel saves 'CSV (Trennzeichen-getrennt)': ';', cp1252, CRLF, 05.03.2020."""
    shutil.copytree(VALID / "sources", target / "sources")
    shutil.copy(VALID / "datapackage.json", target / "datapackage.json")
    for table in TABLE_ORDER:
        rows = _fixture_rows(table)
        kinds = [TABLES[table].column(c).type for c in rows[0]]
        out = [rows[0]] + [[_german(v, k) for v, k in zip(r, kinds, strict=True)] for r in rows[1:]]
        buf = io.StringIO()
        csv.writer(buf, delimiter=";", lineterminator="\r\n").writerows(out)
        (target / f"{table}.csv").write_bytes(buf.getvalue().encode(encoding))
    return target


def write_workbook(path: Path, *, meta_sheet: bool = True) -> Path:
    """The fixture as one workbook with typed cells (numbers, booleans, dates)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for table in TABLE_ORDER:
        ws = wb.create_sheet(table)
        rows = _fixture_rows(table)
        kinds = [TABLES[table].column(c).type for c in rows[0]]
        ws.append(rows[0])
        for r in rows[1:]:
            ws.append([_excel(v, k) for v, k in zip(r, kinds, strict=True)])
    if meta_sheet:
        ws = wb.create_sheet("meta")
        ws.append(["key", "value"])
        for key, value in json.loads((VALID / "datapackage.json").read_text()).items():
            ws.append([key, value])
    wb.save(path)
    return path


def assert_same_city(a: City, b: City) -> None:
    for table in TABLE_ORDER:
        pd.testing.assert_frame_equal(getattr(a, table), getattr(b, table), obj=table)
    assert a.meta == b.meta


def test_german_csv_loads_like_utf8(tmp_path):
    original = load_city(VALID)
    german = write_german_csv_city(tmp_path / "german")
    raw = (german / "actors.csv").read_bytes()
    assert b";" in raw and b"\r\n" in raw and "Brücke".encode("cp1252") in raw  # really German
    assert b"05.03.2020" in (german / "events.csv").read_bytes()
    assert validate(german) == []
    assert_same_city(load_city(german), original)


def test_utf8_bom_semicolon_loads_like_utf8(tmp_path):
    german = write_german_csv_city(tmp_path / "bom", encoding="utf-8-sig")
    assert (german / "actors.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert_same_city(load_city(german), load_city(VALID))


def test_xlsx_workbook_loads_like_csv(tmp_path):
    path = write_workbook(tmp_path / "musterstadt.xlsx")
    shutil.copytree(VALID / "sources", tmp_path / "sources")
    assert validate(path) == []
    city = load_city(path)
    assert_same_city(city, load_city(VALID))
    assert city.name == "musterstadt" and city.synthetic is True


def test_xlsx_workbook_meta_from_datapackage_beside_it(tmp_path):
    path = write_workbook(tmp_path / "stadt.xlsx", meta_sheet=False)
    shutil.copytree(VALID / "sources", tmp_path / "sources")
    shutil.copy(VALID / "datapackage.json", tmp_path / "datapackage.json")
    assert load_city(path).meta["name"] == "musterstadt"


def test_folder_of_xlsx_tables_loads_like_csv(tmp_path, city_dir):
    workbook = write_workbook(tmp_path / "all.xlsx")
    source = openpyxl.load_workbook(workbook)
    for table in TABLE_ORDER:
        (city_dir / f"{table}.csv").unlink()
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = table
        for row in source[table].iter_rows(values_only=True):
            ws.append(list(row))
        wb.save(city_dir / f"{table}.xlsx")
    assert_same_city(load_city(city_dir), load_city(VALID))


def test_excel_cell_normalisation(tmp_path, city_dir):
    """Floats that are whole numbers, dates shown as month, and booleans as in a CSV export."""
    path = write_workbook(tmp_path / "w.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["events"]
    ws["D3"] = dt.datetime(2021, 5, 1)  # kompetenzteam-2021, shown as "Mai 21"
    ws["D3"].number_format = "mmm yy"
    ws["H2"] = 50.0  # n_participants (column H, after status) typed as a float
    wb.save(path)
    shutil.copytree(VALID / "sources", tmp_path / "sources")
    events = load_city(path).events
    assert events["date"].tolist() == ["2020-03-05", "2021-05"]
    assert events["n_participants"].tolist()[0] == 50


def test_xlsx_problem_names_sheet_row_and_column(tmp_path):
    path = write_workbook(tmp_path / "stadt.xlsx")
    shutil.copytree(VALID / "sources", tmp_path / "sources")
    wb = openpyxl.load_workbook(path)
    wb["actors"]["G9"] = 30.5  # size_estimate of "vereine", spreadsheet row 9
    wb.create_sheet("Notizen")
    wb.save(path)
    problems = validate(path)
    p = only(problems, "integer")
    assert where(p) == ("stadt.xlsx[actors]", 9, "size_estimate", "30.5", "error")
    assert where(only(problems, "sheet_unknown"))[0] == "stadt.xlsx[Notizen]"


def test_xlsx_leading_empty_rows_keep_row_numbers(tmp_path):
    path = write_workbook(tmp_path / "stadt.xlsx")
    shutil.copytree(VALID / "sources", tmp_path / "sources")
    wb = openpyxl.load_workbook(path)
    wb["events"].insert_rows(1, amount=2)  # header now in row 3, data in rows 4 and 5
    wb["events"]["C5"] = "sitzung"
    wb.save(path)
    p = only(validate(path), "vocab")
    assert where(p) == ("stadt.xlsx[events]", 5, "kind", "sitzung", "error")


def test_xlsx_without_meta(tmp_path):
    path = write_workbook(tmp_path / "stadt.xlsx", meta_sheet=False)
    assert only(validate(path), "meta_missing").file == "stadt.xlsx[meta]"


def test_xlsx_missing_sheet_and_unreadable(tmp_path):
    path = write_workbook(tmp_path / "stadt.xlsx")
    wb = openpyxl.load_workbook(path)
    del wb["events"]
    wb.save(path)
    p = only(validate(path), "table_missing")
    assert p.file == "stadt.xlsx" and "events" in p.message
    broken = tmp_path / "kaputt.xlsx"
    broken.write_bytes(b"not a zip file")
    assert only(validate(broken), "xlsx_unreadable").file == "kaputt.xlsx"


# ---------------------------------------------------------------------------------------------
# encodings, separators and the shape of files
# ---------------------------------------------------------------------------------------------


def test_comma_inside_quotes_and_semicolon_sniffing(city_dir):
    (city_dir / "actors.csv").write_text(
        "actor_id;name;sector;level;parent_id\r\n"
        'stadt;"Stadt Musterstadt; Rathaus";verwaltung;kommune;\r\n'
        "dezernat-soziales;Dezernat, Soziales;verwaltung;kommune;stadt\r\n"
        "sozialamt;Sozialamt;verwaltung;kommune;stadt\r\n"
        "awo;AWO;wohlfahrt;kommune;\r\nbruecke;Brücke;mso;kommune;\r\n"
        "caritas-ia;Caritas;wohlfahrt;kommune;\r\njobcenter;Jobcenter;arbeitsmarkt;kommune;\r\n"
        "vereine;Vereine;zivilgesellschaft;kommune;\r\n",
        encoding="utf-8",
    )
    actors = load_city(city_dir).actors.set_index("actor_id")
    assert actors.loc["stadt", "name"] == "Stadt Musterstadt; Rathaus"
    assert actors.loc["dezernat-soziales", "name"] == "Dezernat, Soziales"


def test_unknown_encoding_names_file_and_row(city_dir):
    data = (VALID / "actors.csv").read_bytes().replace(b"Br\xc3\xbccke e. V.", b"Br\x81cke")
    (city_dir / "actors.csv").write_bytes(data)  # 0x81: neither UTF-8 nor Windows-1252
    p = only(validate(city_dir), "encoding")
    assert (p.file, p.row, p.severity) == ("actors.csv", 6, "error")  # "bruecke" is row 6
    assert "0x81" in p.message and "UTF-8" in p.message


def test_binary_file_is_a_problem(city_dir, tmp_path):
    write_workbook(city_dir / "events.csv")  # an .xlsx saved under a .csv name
    p = only(validate(city_dir), "binary_file")
    assert p.file == "events.csv"


def test_empty_file(city_dir):
    (city_dir / "actors.csv").write_bytes(b"")
    p = only(validate(city_dir), "file_empty")
    assert (p.file, p.severity) == ("actors.csv", "error")
    assert "actor_id" in p.message  # says which header is expected


def test_header_only_required_table_is_a_warning(city_dir):
    (city_dir / "events.csv").write_text("event_id,title,kind,date\n", encoding="utf-8")
    problems = validate(city_dir)
    assert where(only(problems, "no_rows"))[:2] == ("events.csv", None)
    assert only(problems, "no_rows").severity == "warning"


def test_blank_lines_keep_spreadsheet_row_numbers(city_dir):
    text = (VALID / "actors.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    lines.insert(2, "")  # a blank row 3; the old row 3 (dezernat) moves to row 4
    lines[3] = lines[3].replace(",verwaltung,", ",verwalting,")
    lines.append(",,,,,,,,")  # trailing empty row as spreadsheets save them
    (city_dir / "actors.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    p = only(validate(city_dir), "vocab")
    assert where(p) == ("actors.csv", 4, "sector", "verwalting", "error")


def test_too_many_fields(city_dir):
    rows = read_rows(city_dir, "events")
    rows[2] = rows[2] + ["überzählig"]  # row 3
    write_rows(city_dir, "events", rows)
    p = only(validate(city_dir), "too_many_fields")
    assert (p.file, p.row) == ("events.csv", 3)


def test_declared_dialect_and_encoding_are_honoured(tmp_path):
    german = write_german_csv_city(tmp_path / "german")
    write_datapackage(german, {"name": "musterstadt", "synthetic": True})
    # actors.csv has "Brücke"; sources.csv is plain ASCII and so also valid UTF-8
    resource = json.loads((german / "datapackage.json").read_text())["resources"][1]
    assert resource["name"] == "actors"
    assert resource["encoding"] == "windows-1252" and resource["dialect"]["delimiter"] == ";"
    assert validate(german) == []


def test_wrong_declared_encoding_is_a_warning(tmp_path):
    german = write_german_csv_city(tmp_path / "german")
    meta = {"name": "musterstadt", "synthetic": True}
    write_datapackage(german, meta)
    descriptor = json.loads((german / "datapackage.json").read_text())
    descriptor["resources"][1]["encoding"] = "utf-8"  # actors.csv is really cp1252
    (german / "datapackage.json").write_text(json.dumps(descriptor))
    problems = validate(german)
    p = only(problems, "dialect_declared")
    assert (p.file, p.severity) == ("actors.csv", "warning")
    assert "'utf-8'" in p.message and "Windows-1252" in p.message  # declared and found
    assert errors(problems) == []


def test_file_wins_over_declared_delimiter(tmp_path):
    german = write_german_csv_city(tmp_path / "german")
    write_datapackage(german, {"name": "musterstadt", "synthetic": True})
    descriptor = json.loads((german / "datapackage.json").read_text())
    descriptor["resources"][1]["dialect"]["delimiter"] = ","  # wrong on purpose
    (german / "datapackage.json").write_text(json.dumps(descriptor))
    problems = validate(german)
    # issue #13: what the file is wins; the warning names the file and both delimiters
    assert errors(problems) == []
    p = only(problems, "dialect_declared")
    assert p.file == "actors.csv"
    assert "delimiter ','" in p.message and "delimiter ';'" in p.message
    assert len(load_city(german).actors) == len(_fixture_rows("actors")) - 1


# ---------------------------------------------------------------------------------------------
# metadata and missing tables
# ---------------------------------------------------------------------------------------------


def test_missing_datapackage(city_dir):
    (city_dir / "datapackage.json").unlink()
    p = only(validate(city_dir), "meta_missing")
    assert (p.file, p.severity) == ("datapackage.json", "error")


def test_unparseable_datapackage(city_dir):
    (city_dir / "datapackage.json").write_text('{"name": "x",', encoding="utf-8")
    p = only(validate(city_dir), "meta_unparseable")
    assert (p.file, p.severity) == ("datapackage.json", "error")


def test_synthetic_flag_missing_is_a_warning(city_dir):
    (city_dir / "datapackage.json").write_text('{"name": "musterstadt"}', encoding="utf-8")
    problems = validate(city_dir)
    p = only(problems, "meta_synthetic_missing")
    assert where(p) == ("datapackage.json", None, "synthetic", None, "warning")
    assert errors(problems) == []
    (city_dir / "datapackage.json").write_text('{"synthetic": "ja"}', encoding="utf-8")
    assert only(validate(city_dir), "meta_synthetic_type").value == "ja"


def test_missing_required_table(city_dir):
    (city_dir / "participation.csv").unlink()
    p = only(validate(city_dir), "table_missing")
    assert (p.file, p.severity) == ("participation.csv", "error")


def test_optional_tables_empty_but_present(city_dir):
    (city_dir / "referrals.csv").unlink()
    (city_dir / "resources.csv").unlink()
    city = load_city(city_dir)
    assert len(city.referrals) == 0 and len(city.resources) == 0
    assert {"from_id", "count", "period_start"} <= set(city.referrals.columns)
    assert str(city.referrals["count"].dtype) == "Int64"


def test_declared_resource_file_missing(city_dir):
    write_datapackage(city_dir, {"name": "musterstadt", "synthetic": True})
    descriptor = json.loads((city_dir / "datapackage.json").read_text())
    descriptor["resources"][0]["path"] = "tabellen/quellen.csv"
    (city_dir / "datapackage.json").write_text(json.dumps(descriptor))
    assert only(validate(city_dir), "file_missing").file == "tabellen/quellen.csv"


# ---------------------------------------------------------------------------------------------
# columns and values
# ---------------------------------------------------------------------------------------------


def test_required_column_missing(city_dir):
    rows = [r[:2] + r[3:] for r in read_rows(city_dir, "actors")]  # drop "sector"
    write_rows(city_dir, "actors", rows)
    p = only(validate(city_dir), "column_missing")
    assert where(p) == ("actors.csv", 1, "sector", None, "error")


def test_unknown_column_is_a_warning_with_suggestion(city_dir):
    rows = read_rows(city_dir, "events")
    rows = [r + [v] for r, v in zip(rows, ["nots"] + ["x"] * (len(rows) - 1), strict=True)]
    write_rows(city_dir, "events", rows)
    problems = validate(city_dir)
    p = only(problems, "column_unknown")
    assert where(p) == ("events.csv", 1, "nots", "nots", "warning")
    assert "'note'" in p.message
    assert errors(problems) == []
    assert "nots" not in load_city(city_dir).events.columns


def test_duplicate_column(city_dir):
    rows = read_rows(city_dir, "sources")
    write_rows(city_dir, "sources", [r + [r[2]] for r in rows])  # "title" twice
    assert where(only(validate(city_dir), "column_duplicate"))[:3] == ("sources.csv", 1, "title")


def test_required_value_missing(city_dir):
    set_cell(city_dir, "actors", 3, "name", "  ")  # whitespace only counts as empty
    p = only(validate(city_dir), "required")
    assert where(p) == ("actors.csv", 3, "name", "", "error")


@pytest.mark.parametrize(
    ("table", "row", "column", "value", "code"),
    [
        ("actors", 9, "size_estimate", "3.5", "integer"),
        ("actors", 9, "size_estimate", "-2", "negative"),
        ("actors", 9, "size_estimate", "1.000", "integer"),  # German thousands separator
        ("referrals", 3, "count", "zwölf", "integer"),
        ("referrals", 3, "count", "-1", "negative"),
        ("events", 2, "n_participants", "ca. 50", "integer"),
        ("actors", 9, "aggregate", "vielleicht", "boolean"),
        ("participation", 2, "inferred", "jein", "boolean"),
        ("events", 2, "date", "März 2020", "date"),
        ("events", 2, "date", "2020-Q1", "date"),  # quarters only for periods
        ("events", 2, "date", "35.03.2020", "date_invalid"),
        ("sources", 2, "date", "2020/03/06", "date"),
        ("referrals", 2, "period", "2021-Q5", "period"),
        ("referrals", 2, "period", "2021-02-30", "date_invalid"),
    ],
)
def test_bad_value_names_file_row_column_value(city_dir, table, row, column, value, code):
    set_cell(city_dir, table, row, column, value)
    p = only(validate(city_dir), code)
    assert where(p) == (f"{table}.csv", row, column, value, "error")


def test_negative_and_fraction_message_says_what_is_expected(city_dir):
    set_cell(city_dir, "referrals", 3, "count", "3.5")
    p = only(validate(city_dir), "integer")
    assert "ganze Zahl ≥ 0" in p.message and "whole number ≥ 0" in p.message_en


def test_german_booleans_accepted(city_dir):
    for row, value in zip(
        range(2, 10), ["ja", "nein", "Wahr", "FALSCH", "0", "", "x", "true"], strict=True
    ):
        set_cell(city_dir, "actors", row, "aggregate", value)
    aggregate = load_city(city_dir).actors["aggregate"].tolist()
    assert aggregate == [True, False, True, False, False, False, True, True]


def test_vocabulary_with_did_you_mean(city_dir):
    set_cell(city_dir, "actors", 5, "sector", "Wohlfahrtsverband")
    set_cell(city_dir, "participation", 3, "role", "speeker")
    problems = validate(city_dir)
    sector = [p for p in problems if p.code == "vocab" and p.column == "sector"][0]
    assert where(sector) == ("actors.csv", 5, "sector", "Wohlfahrtsverband", "error")
    assert "meinten Sie 'wohlfahrt'?" in sector.message
    assert "did you mean 'wohlfahrt'?" in sector.message_en
    role = [p for p in problems if p.code == "vocab" and p.column == "role"][0]
    assert where(role) == ("participation.csv", 3, "role", "speeker", "error")
    assert "'speaker'" in role.message


def test_city_vocabulary_extension(city_dir):
    set_cell(city_dir, "actors", 5, "sector", "stiftung")
    assert only(validate(city_dir), "vocab").value == "stiftung"
    (city_dir / "vocabulary").mkdir()
    (city_dir / "vocabulary" / "sectors.csv").write_text(
        "code,label_de,label_en,description\nstiftung,Stiftungen,Foundations,\n", encoding="utf-8"
    )
    assert validate(city_dir) == []


def test_slug_pattern_with_suggestion(city_dir):
    row = append_row(
        city_dir,
        "actors",
        {"actor_id": "Verein Größe", "name": "Verein", "sector": "mso", "level": "kommune"},
    )
    problems = validate(city_dir)
    p = only(problems, "pattern")
    assert where(p) == ("actors.csv", row, "actor_id", "Verein Größe", "error")
    assert "'verein-groesse'" in p.message


def test_duplicate_key_names_both_rows(city_dir):
    row = append_row(
        city_dir, "actors", {"actor_id": "awo", "name": "AWO", "sector": "mso", "level": "kreis"}
    )
    p = only(validate(city_dir), "duplicate_key")
    assert where(p) == ("actors.csv", row, "actor_id", "awo", "error")
    assert "Zeile 5" in p.message  # awo's first row


def test_duplicate_composite_key(city_dir):
    row = append_row(
        city_dir,
        "participation",
        {"event_id": "fachtag-2020", "actor_id": "awo", "role": "speaker"},
    )
    p = only(validate(city_dir), "duplicate_key")
    assert (p.file, p.row, p.value) == ("participation.csv", row, "fachtag-2020 | awo | speaker")
    assert "Zeile 3" in p.message


@pytest.mark.parametrize(
    ("table", "row", "column", "value", "suggestion"),
    [
        ("participation", 4, "actor_id", "brücke", "bruecke"),
        ("participation", 2, "event_id", "fachtag2020", "fachtag-2020"),
        ("participation", 2, "source_id", "presse-2002", "presse-2020"),
        ("actors", 4, "parent_id", "stadtt", "stadt"),
        ("events", 2, "venue_id", "rathaus", None),
        ("referrals", 2, "to_id", "jobcentre", "jobcenter"),
        ("resources", 2, "event_id", "fachtag", "fachtag-2020"),
    ],
)
def test_foreign_keys(city_dir, table, row, column, value, suggestion):
    set_cell(city_dir, table, row, column, value)
    problems = [p for p in validate(city_dir) if p.code == "foreign_key"]
    assert len(problems) == 1, [str(p) for p in problems]
    assert where(problems[0]) == (f"{table}.csv", row, column, value, "error")
    if suggestion:
        assert f"meinten Sie {suggestion!r}?" in problems[0].message
    else:
        assert "meinten" not in problems[0].message


def test_parent_cycle_is_named(city_dir):
    set_cell(city_dir, "actors", 2, "parent_id", "sozialamt")  # stadt → sozialamt → stadt
    p = only(validate(city_dir), "parent_cycle")
    assert where(p) == ("actors.csv", 2, "parent_id", "sozialamt", "error")
    assert "stadt → sozialamt → stadt" in p.message


def test_parent_self_cycle(city_dir):
    set_cell(city_dir, "actors", 5, "parent_id", "awo")
    assert "awo → awo" in only(validate(city_dir), "parent_cycle").message


# ---------------------------------------------------------------------------------------------
# evidence: sources and quotes
# ---------------------------------------------------------------------------------------------


def test_quote_not_in_source(city_dir):
    set_cell(city_dir, "participation", 5, "quote", "Rund 33 Vereine nahmen teil.")
    p = only(validate(city_dir), "quote_not_found")
    assert where(p) == (
        "participation.csv",
        5,
        "quote",
        "Rund 33 Vereine nahmen teil.",
        "error",
    )
    assert "pressemitteilung.txt" in p.message


def test_ocr_quote_must_be_copied_as_it_stands(city_dir):
    # the source has the OCR error "fiir"; the corrected spelling is not a literal quote
    set_cell(city_dir, "participation", 2, "quote", "Das Dezernat für Soziales lud")
    assert only(validate(city_dir), "quote_not_found").row == 2


def test_quote_whitespace_rule(city_dir):
    # "Arbeiterwohlfahrt\nund" in the source; tabs and double spaces in the quote also match
    set_cell(city_dir, "participation", 3, "quote", "Die Arbeiterwohlfahrt \t und  der Verein")
    assert validate(city_dir) == []
    set_cell(city_dir, "participation", 3, "quote", "Die Arbeiterwohlfahrtund der Verein")
    assert only(validate(city_dir), "quote_not_found").row == 3


def test_quote_in_referrals_and_resources_checked(city_dir):
    set_cell(city_dir, "referrals", 2, "quote", "Verweis an das Jobcenter")
    set_cell(city_dir, "resources", 3, "quote", "Ich suche: Räume.")
    found = {(p.file, p.row) for p in validate(city_dir) if p.code == "quote_not_found"}
    assert found == {("referrals.csv", 2), ("resources.csv", 3)}


def test_quote_without_source(city_dir):
    set_cell(city_dir, "participation", 2, "source_id", "")
    p = only(validate(city_dir), "quote_no_source")
    assert (p.file, p.row, p.column) == ("participation.csv", 2, "source_id")


def test_source_file_missing(city_dir):
    (city_dir / "sources" / "pressemitteilung.txt").unlink()
    problems = validate(city_dir)
    p = only(problems, "source_file_missing")
    assert where(p) == ("sources.csv", 2, "file", "pressemitteilung.txt", "error")
    assert not [q for q in problems if q.code == "quote_not_found"]  # no cascade per quote


# ---------------------------------------------------------------------------------------------
# coherence warnings
# ---------------------------------------------------------------------------------------------


def test_unused_actor_warning(city_dir):
    row = append_row(
        city_dir,
        "actors",
        {"actor_id": "vhs", "name": "Volkshochschule", "sector": "bildung", "level": "kommune"},
    )
    problems = validate(city_dir)
    assert where(only(problems, "actor_unused")) == (
        "actors.csv",
        row,
        "actor_id",
        "vhs",
        "warning",
    )
    # "stadt" has no participation either, but it is the parent of two departments: no warning
    assert load_city(city_dir).actors["actor_id"].iloc[row - 2] == "vhs"


def test_actor_with_survey_ties_is_not_unused(city_dir):
    # #17: an actor named only in the network survey is tied in; the warning would be wrong
    row = append_row(
        city_dir,
        "actors",
        {"actor_id": "vhs", "name": "Volkshochschule", "sector": "bildung", "level": "kommune"},
    )
    (city_dir / "survey_respondents.csv").write_text(
        "wave,actor_id,responded\n2024,vhs,true\n", encoding="utf-8"
    )
    (city_dir / "survey_ties.csv").write_text(
        "wave,from_id,to_id,level\n2024,vhs,awo,2\n", encoding="utf-8"
    )
    assert not [p for p in validate(city_dir) if p.code == "actor_unused"]
    (city_dir / "survey_ties.csv").write_text("wave,from_id,to_id,level\n", encoding="utf-8")
    assert where(only(validate(city_dir), "actor_unused")) == (
        "actors.csv",
        row,
        "actor_id",
        "vhs",
        "warning",
    )


def test_event_without_participants_warning(city_dir):
    row = append_row(
        city_dir,
        "events",
        {"event_id": "workshop", "title": "Workshop", "kind": "workshop", "date": "2022"},
    )
    p = only(validate(city_dir), "event_empty")
    assert where(p) == ("events.csv", row, "event_id", "workshop", "warning")


def test_other_coherence_warnings(city_dir):
    # an aggregate without size_estimate: a warning here, because the text gives a number
    # ("Rund 30 Vereine", issue 14; a text without a number gives none)
    set_cell(city_dir, "actors", 9, "size_estimate", "")
    set_cell(city_dir, "referrals", 4, "to_id", "jobcenter")  # jobcenter → jobcenter
    set_cell(city_dir, "resources", 3, "attribution", "stated")  # stated, but no actor
    problems = validate(city_dir)
    assert {p.code for p in problems} == {
        "self_referral",
        "attribution_without_actor",
        "size_estimate_missing",
    }
    assert where(only(problems, "size_estimate_missing"))[:3] == (
        "actors.csv",
        9,
        "size_estimate",
    )
    assert where(only(problems, "self_referral"))[:3] == ("referrals.csv", 4, "to_id")
    assert where(only(problems, "attribution_without_actor"))[:3] == (
        "resources.csv",
        3,
        "actor_id",
    )


# ---------------------------------------------------------------------------------------------
# all problems at once, DataError, City objects
# ---------------------------------------------------------------------------------------------


def test_all_problems_reported_at_once(city_dir):
    set_cell(city_dir, "actors", 5, "sector", "wohlfart")
    set_cell(city_dir, "events", 3, "date", "2021-13")
    set_cell(city_dir, "participation", 8, "actor_id", "brucke")
    set_cell(city_dir, "referrals", 4, "count", "3,5")
    codes = sorted(p.code for p in errors(validate(city_dir)))
    assert codes == ["date_invalid", "foreign_key", "integer", "vocab"]


def test_problems_sorted_errors_first_then_file_and_row(city_dir):
    append_row(
        city_dir,
        "actors",
        {"actor_id": "vhs", "name": "VHS", "sector": "bildung", "level": "kommune"},
    )  # a warning in actors.csv row 10
    set_cell(city_dir, "referrals", 4, "count", "x")
    set_cell(city_dir, "actors", 7, "level", "stadt")
    set_cell(city_dir, "actors", 3, "level", "stadt")
    got = [(p.severity, p.file, p.row) for p in validate(city_dir)]
    assert got == [
        ("error", "actors.csv", 3),
        ("error", "actors.csv", 7),
        ("error", "referrals.csv", 4),
        ("warning", "actors.csv", 10),
    ]


def test_load_city_raises_data_error_with_problems(city_dir):
    set_cell(city_dir, "actors", 5, "sector", "wohlfart")
    set_cell(city_dir, "referrals", 4, "count", "-2")
    with pytest.raises(DataError) as info:
        load_city(city_dir)
    assert info.value.problems == validate(city_dir)
    assert "actors.csv, Zeile 5, Spalte 'sector': 'wohlfart'" in str(info.value)


def test_warnings_do_not_stop_loading(city_dir):
    append_row(
        city_dir,
        "actors",
        {"actor_id": "vhs", "name": "VHS", "sector": "bildung", "level": "kommune"},
    )
    assert len(load_city(city_dir).actors) == 9


def test_many_rows_only_bad_rows_reported(city_dir):
    """A 20,000-row referral table with every 1000th count negative: exactly those rows."""
    n = 20_000
    rng = np.random.default_rng(0)
    ids = ["awo", "bruecke", "caritas-ia", "jobcenter", "sozialamt"]
    frame = pd.DataFrame(
        {
            "from_id": rng.choice(ids, n),
            "to_id": rng.choice(ids, n),
            "field": "arbeit",
            "period": [str(2000 + i // 1000) for i in range(n)],  # 20 years × 1000 unique pairs
            "count": rng.integers(0, 50, n).astype(str),
        }
    )
    frame["to_id"] = np.where(frame["from_id"] == frame["to_id"], "stadt", frame["to_id"])
    frame = frame.drop_duplicates(["from_id", "to_id", "field", "period"]).reset_index(drop=True)
    bad = np.arange(0, len(frame), 1000)
    frame.loc[bad, "count"] = "-1"
    frame.to_csv(city_dir / "referrals.csv", index=False)
    problems = validate(city_dir)
    assert sorted(p.row for p in problems if p.code == "negative") == (bad + 2).tolist()
    assert errors(problems) == [p for p in problems if p.code == "negative"]


def test_validate_city_object():
    city = load_city(VALID)
    assert validate(city) == []
    broken = City.from_frames(
        meta=city.meta,
        **{t: getattr(city, t) for t in TABLE_ORDER if t != "participation"},
        participation=city.participation.assign(
            actor_id=city.participation["actor_id"].replace("awo", "awoo")
        ),
    )
    broken.path = VALID
    problems = [p for p in validate(broken) if p.code == "foreign_key"]
    # table name instead of a file; row = index position + 2 (awo is the second row)
    assert [(p.file, p.row, p.column, p.value) for p in problems] == [
        ("participation", 3, "actor_id", "awoo")
    ]


def test_from_frames_does_not_mutate_and_types(tmp_path):
    events = pd.DataFrame(
        {
            "event_id": ["e1"],
            "title": ["T"],
            "kind": ["fachtag"],
            "date": [pd.Timestamp("2020-03-05")],
            "n_participants": [12.0],
            "extra": ["weg"],
        }
    )
    before = events.copy()
    city = City.from_frames(events=events)
    pd.testing.assert_frame_equal(events, before)
    assert city.events.loc[0, "date"] == "2020-03-05"
    assert city.events.loc[0, "n_participants"] == 12
    assert "extra" not in city.events.columns
    with pytest.raises(DataError) as info:
        City.from_frames(events=events.assign(n_participants=[3.5]))
    assert [(p.file, p.row, p.column) for p in info.value.problems] == [
        ("events", 2, "n_participants")
    ]
    with pytest.raises(TypeError, match="unknown table"):
        City.from_frames(akteure=events)


def test_validate_rejects_wrong_type():
    with pytest.raises(TypeError, match="path_or_city"):
        validate(42)


def test_problem_format():
    p = Problem("a.csv", 3, "sector", "x", "unbekannt", message_en="unknown")
    assert str(p) == "a.csv, Zeile 3, Spalte 'sector': 'x': unbekannt"
    assert p.format("en") == "a.csv, row 3, column 'sector': 'x': unknown"
    with pytest.raises(ValueError, match="lang"):
        p.format("fr")


# ---------------------------------------------------------------------------------------------
# datapackage.json and Frictionless
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("german", [False, True])
def test_frictionless_validates_written_datapackage(tmp_path, german):
    frictionless = pytest.importorskip("frictionless")
    if german:
        folder = write_german_csv_city(tmp_path / "city")
    else:
        folder = Path(shutil.copytree(VALID, tmp_path / "city"))
    meta = json.loads((VALID / "datapackage.json").read_text())
    out = write_datapackage(folder, meta)
    report = frictionless.validate(str(out))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert validate(folder) == []  # and netzwerk still reads it with the declarations


def test_frictionless_finds_a_broken_foreign_key(tmp_path):
    """The declared foreign keys are real: Frictionless reports a dangling actor_id too."""
    frictionless = pytest.importorskip("frictionless")
    folder = Path(shutil.copytree(VALID, tmp_path / "city"))
    set_cell(folder, "participation", 4, "actor_id", "niemand")
    out = write_datapackage(folder, {"name": "musterstadt", "synthetic": True})
    report = frictionless.validate(str(out))
    assert not report.valid
    assert "foreign-key" in {e[0] for e in report.flatten(["type"])}


def test_write_datapackage_missing_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="folder"):
        write_datapackage(tmp_path / "nope", {})


# ---------------------------------------------------------------------------------------------
# netzwerk validate
# ---------------------------------------------------------------------------------------------


def run_cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = cli.main(["validate", *args])
    return status, out.getvalue(), err.getvalue()


def test_cli_success_prints_summary():
    status, out, _ = run_cli(str(VALID))
    assert status == 0
    # counted in the fixture: 12 + 3 referrals counted, one row without a count
    assert out.strip() == (
        "musterstadt (synthetisch): 8 Akteure, 2 Veranstaltungen, 7 Teilnahmen, "
        "3 Verweiszeilen (Summe 15), 2 Ressourcenkarten; CSV gelesen als UTF-8, "
        "Trennzeichen ','"
    )


def test_cli_english(city_dir):
    status, out, _ = run_cli(str(VALID), "--lang", "en")
    assert status == 0 and "8 actors, 2 events" in out
    set_cell(city_dir, "actors", 5, "sector", "wohlfart")
    status, out, _ = run_cli(str(city_dir), "--lang", "en")
    assert status == 1
    assert "ERROR   actors.csv, row 5, column 'sector': 'wohlfart'" in out


def test_cli_errors_exit_1_and_warnings_exit_0(city_dir):
    append_row(
        city_dir,
        "actors",
        {"actor_id": "vhs", "name": "VHS", "sector": "bildung", "level": "kommune"},
    )
    status, out, _ = run_cli(str(city_dir))
    assert status == 0
    assert "WARNUNG actors.csv, Zeile 10, Spalte 'actor_id': 'vhs'" in out
    assert "9 Akteure" in out and "1 Warnungen" in out
    set_cell(city_dir, "events", 2, "date", "32.01.2020")
    status, out, _ = run_cli(str(city_dir))
    assert status == 1
    assert "FEHLER  events.csv, Zeile 2, Spalte 'date': '32.01.2020'" in out
    assert "1 Fehler, 1 Warnungen" in out


def test_cli_missing_path_is_usage_error(tmp_path):
    status, _, err = run_cli(str(VALID), str(tmp_path / "gibt-es-nicht"))
    assert status == 2 and "gibt-es-nicht" in err


def test_cli_folder_of_cities_skips_vocabulary(tmp_path):
    shutil.copytree(VALID, tmp_path / "data" / "a")
    shutil.copytree(VALID, tmp_path / "data" / "b")
    status, out, _ = run_cli(str(tmp_path / "data"))
    assert status == 0 and out.count("8 Akteure") == 2
    from netzwerk.config import VOCABULARY_DIR

    status, out, _ = run_cli(str(VALID), str(VOCABULARY_DIR))
    assert status == 0 and out.count("Akteure") == 1


def test_cli_max_problems(city_dir):
    for row in range(2, 10):
        set_cell(city_dir, "actors", row, "level", "stadt")
    status, out, _ = run_cli(str(city_dir), "--max-problems", "3")
    assert status == 1
    assert out.count("FEHLER") == 3 and "5 weitere Meldungen" in out
