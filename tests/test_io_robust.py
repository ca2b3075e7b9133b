"""Tests for reading damaged and unusual input (issues #13, #19, #20, #22): netzwerk._read,
netzwerk._xlsx and their use in netzwerk.io and the importers.

Each test copies the small valid fixture city (``tests/fixtures/io/valid``: 8 actors, 2 events,
7 participation rows, 3 referral rows) to ``tmp_path``, damages one thing the way a spreadsheet
program, a shared folder or an attacker would, and checks that the problem names the file, the
row (header = row 1), the column and the fix, and that no row is lost or added: the row counts are
compared with the records of the file as written, counted here by hand.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import openpyxl
import pytest

from netzwerk import cli
from netzwerk._schema import TABLES
from netzwerk.io import DataError, ReadLimits, load_city, validate, write_datapackage

VALID = Path(__file__).parent / "fixtures" / "io" / "valid"
DATA = Path(__file__).resolve().parent.parent / "data"
REAL_CITIES = ["offenbach", "kreis-offenbach", "hagen", "magdeburg"]


@pytest.fixture
def city_dir(tmp_path: Path) -> Path:
    return Path(shutil.copytree(VALID, tmp_path / "city"))


def rows_of(folder: Path, table: str) -> list[list[str]]:
    with open(folder / f"{table}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def write_text(folder: Path, table: str, rows: list[list[str]], *, sep=",", end="\n") -> bytes:
    buf = io.StringIO()
    csv.writer(buf, delimiter=sep, lineterminator=end).writerows(rows)
    return buf.getvalue()


def codes(problems) -> set[str]:
    return {p.code for p in problems}


def errors(problems):
    return [p for p in problems if p.severity == "error"]


def only(problems, code):
    found = [p for p in problems if p.code == code]
    assert len(found) == 1, [str(p) for p in problems]
    return found[0]


def run_cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = cli.main(list(args))
    return status, out.getvalue(), err.getvalue()


# ---------------------------------------------------------------------------------------------
# #19.1 line endings
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("end", ["\r", "\r\n", "\n", "mixed"])
def test_line_endings_read_alike(city_dir, end):
    for table in ("actors", "referrals"):
        text = write_text(city_dir, table, rows_of(VALID, table))
        if end == "mixed":  # every line its own ending, as after copy-and-paste between systems
            lines = text.split("\n")[:-1]
            text = "".join(ln + ("\r", "\r\n", "\n")[i % 3] for i, ln in enumerate(lines))
        else:
            text = text.replace("\n", end)
        (city_dir / f"{table}.csv").write_bytes(text.encode("utf-8"))
    city = load_city(city_dir)
    assert len(city.actors) == 8 and len(city.referrals) == 3  # as in the fixture
    original = load_city(VALID)
    assert city.actors.equals(original.actors)
    assert city.referrals.equals(original.referrals)


def test_importer_reads_cr_only(tmp_path):
    from netzwerk.importers import _read_input

    path = tmp_path / "liste.csv"
    path.write_bytes("Teilnahmeliste\rOrganisation;Ort\rAWO;OF\rCaritas;OF\r".encode("cp1252"))
    frame = _read_input(path, want=["Organisation"])
    assert list(frame["Organisation"]) == ["AWO", "Caritas"]
    assert frame.attrs["format"] == "CSV, UTF-8, ';'"  # plain ASCII decodes as UTF-8


# ---------------------------------------------------------------------------------------------
# #19.2 header variants
# ---------------------------------------------------------------------------------------------


def test_header_variants_are_read_with_a_warning(city_dir):
    rows = rows_of(VALID, "actors")
    rows[0][0] = "\ufeff Actor_ID\u00a0"  # BOM, space, another case, NBSP
    rows[0][2] = "SECTOR"
    (city_dir / "actors.csv").write_text(write_text(city_dir, "actors", rows), encoding="utf-8")
    problems = validate(city_dir)
    assert errors(problems) == []
    variants = {p.column: p for p in problems if p.code == "header_variant"}
    assert set(variants) == {"actor_id", "sector"}
    p = variants["sector"]
    assert (p.file, p.row, p.value) == ("actors.csv", 1, "SECTOR")
    assert "genau 'sector' schreiben" in p.message


def test_missing_column_suggests_the_unknown_one(city_dir):
    rows = rows_of(VALID, "actors")
    rows[0][2] = "sektor"
    (city_dir / "actors.csv").write_text(write_text(city_dir, "actors", rows), encoding="utf-8")
    problems = validate(city_dir)
    missing = only(problems, "column_missing")
    assert (missing.file, missing.row, missing.column) == ("actors.csv", 1, "sector")
    assert "ist 'sektor' gemeint?" in missing.message
    unknown = only(problems, "column_unknown")
    assert unknown.severity == "warning" and "meinten Sie 'sector'" in unknown.message


# ---------------------------------------------------------------------------------------------
# #19.3 UTF-16 without BOM
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("codec", "label"), [("utf-16-le", "UTF-16 LE"), ("utf-16-be", "UTF-16 BE")]
)
def test_utf16_without_bom_is_read_and_named(city_dir, codec, label):
    text = (VALID / "actors.csv").read_text(encoding="utf-8")
    (city_dir / "actors.csv").write_bytes(text.encode(codec))
    problems = validate(city_dir)
    assert errors(problems) == []
    p = only(problems, "utf16_no_bom")
    assert (p.file, p.severity) == ("actors.csv", "warning")
    assert label in p.message and "CSV UTF-8" in p.message
    assert list(load_city(city_dir).actors["name"]) == list(load_city(VALID).actors["name"])
    status, out, _ = run_cli("validate", str(city_dir))
    assert status == 0 and "actors.csv" in out and label in out


def test_binary_file_keeps_its_error(city_dir):
    (city_dir / "actors.csv").write_bytes(bytes(range(256)) * 8)
    p = only(validate(city_dir), "binary_file")
    assert p.file == "actors.csv" and "als CSV (UTF-8) speichern" in p.message


# ---------------------------------------------------------------------------------------------
# #19.4 / #20.3 only regular files inside the city folder
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "code"),
    [("../../../../../etc/passwd", "path_outside"), ("/etc/passwd", "path_absolute"),
     ("C:\\Windows\\win.ini", "path_absolute")],
)  # fmt: skip
def test_source_file_outside_is_never_opened(city_dir, value, code, monkeypatch):
    rows = rows_of(VALID, "sources")
    rows[1][1] = value
    (city_dir / "sources.csv").write_text(write_text(city_dir, "sources", rows), encoding="utf-8")
    opened = []
    real_open = os.open
    monkeypatch.setattr(
        os, "open", lambda p, *a, **k: (opened.append(str(p)), real_open(p, *a, **k))[1]
    )
    problems = validate(city_dir)
    p = only(problems, code)
    assert (p.file, p.row, p.column, p.value) == ("sources.csv", 2, "file", value)
    assert "wird nicht geöffnet" in p.message
    assert not any("passwd" in o or "win.ini" in o for o in opened)
    assert "quote_not_found" not in codes(problems)  # the file was not searched


def test_symlink_out_of_sources_is_refused(city_dir, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Die Integrationsagentur der Caritas", encoding="utf-8")
    target = city_dir / "sources" / "pressemitteilung.txt"
    target.unlink()
    target.symlink_to(secret)
    p = only(validate(city_dir), "path_outside")
    assert (p.file, p.row, p.column) == ("sources.csv", 2, "file")
    assert "symbolischer Verweis nach außen" in p.message


def test_table_symlink_out_and_resource_path_out(city_dir, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(VALID / "actors.csv", outside / "actors.csv")
    (city_dir / "actors.csv").unlink()
    (city_dir / "actors.csv").symlink_to(outside / "actors.csv")
    p = only(validate(city_dir), "path_outside")
    assert p.file == "actors.csv"
    meta = json.loads((VALID / "datapackage.json").read_text(encoding="utf-8"))
    meta["resources"] = [{"name": "actors", "path": "../outside/actors.csv"}]
    (city_dir / "datapackage.json").write_text(json.dumps(meta), encoding="utf-8")
    p = only(validate(city_dir), "path_outside")
    assert (p.file, p.column, p.value) == ("datapackage.json", "resources[actors].path",
                                           "../outside/actors.csv")  # fmt: skip
    meta["resources"][0]["path"] = str(outside / "actors.csv")
    (city_dir / "datapackage.json").write_text(json.dumps(meta), encoding="utf-8")
    p = only(validate(city_dir), "path_absolute")
    assert p.column == "resources[actors].path"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_devices_and_fifos_are_not_opened(city_dir):
    (city_dir / "referrals.csv").unlink()
    (city_dir / "referrals.csv").symlink_to("/dev/urandom")
    problems = validate(city_dir)
    assert "path_outside" in codes(problems)  # /dev is outside the folder
    (city_dir / "referrals.csv").unlink()
    os.mkfifo(city_dir / "referrals.csv")  # opening it for reading would block forever
    p = only(validate(city_dir), "not_regular")
    assert p.file == "referrals.csv" and "FIFO" in p.message


# ---------------------------------------------------------------------------------------------
# #20.1 every row read or reported
# ---------------------------------------------------------------------------------------------


def test_unclosed_quote_names_the_row_where_it_starts(city_dir):
    rows = rows_of(VALID, "referrals")
    text = write_text(city_dir, "referrals", rows)
    lines = text.split("\n")
    lines[1] = lines[1] + '"unclosed note'  # the note of row 2 opens a quote and never closes
    (city_dir / "referrals.csv").write_text("\n".join(lines), encoding="utf-8")
    problems = validate(city_dir)
    p = only(problems, "unclosed_quote")
    assert (p.file, p.row, p.column) == ("referrals.csv", 2, "note")
    assert "schließen oder entfernen" in p.message
    with pytest.raises(DataError):
        load_city(city_dir)
    status, _, _ = run_cli("validate", str(city_dir))
    assert status == 1


def test_multiline_quoted_note_is_one_row(city_dir):
    rows = rows_of(VALID, "referrals")
    rows[1][-1] = "erste Zeile\nzweite Zeile"  # Excel writes a cell with a line break like this
    (city_dir / "referrals.csv").write_text(write_text(city_dir, "referrals", rows), "utf-8")
    city = load_city(city_dir)
    assert len(city.referrals) == 3
    assert city.referrals.loc[0, "note"] == "erste Zeile\nzweite Zeile"


def _xlsx_city(city_dir: Path, table: str, edit) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = table
    for r in rows_of(VALID, table):
        ws.append(r)
    edit(ws)
    (city_dir / f"{table}.csv").unlink()
    path = city_dir / f"{table}.xlsx"
    wb.save(path)
    return path


def _rewrite_member(path: Path, member: str, change) -> None:
    with zipfile.ZipFile(path) as zf:
        items = {n: zf.read(n) for n in zf.namelist()}
    items[member] = change(items[member])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, data in items.items():
            zf.writestr(n, data)


def test_xlsx_stale_dimension_is_ignored(city_dir):
    path = _xlsx_city(city_dir, "referrals", lambda ws: None)
    _rewrite_member(path, "xl/worksheets/sheet1.xml",
                    lambda b: re.sub(rb'<dimension ref="[A-Z0-9:]+" ?/>', b'<dimension ref="A1:K2"/>', b))  # fmt: skip
    assert b'ref="A1:K2"' in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    assert len(load_city(city_dir).referrals) == 3  # all three rows, not the one the dimension says


def test_xlsx_formulas_without_cached_values(city_dir):
    def formulas(ws):
        ws["E3"] = "=10+2"  # literal arithmetic: evaluated, as the spreadsheet would
        ws["E4"] = "=SUM(A1:A2)"  # not literal: no value can be given

    _xlsx_city(city_dir, "referrals", formulas)
    problems = validate(city_dir)
    p = only(problems, "formula_no_value")
    assert p.file == "referrals.xlsx[referrals]" and "E4 (=SUM(A1:A2))" in p.message
    assert "öffnen und speichern" in p.message
    w = only(problems, "formula_evaluated")
    assert "E3: =10+2 = 12" in w.message


def test_mixed_encoding_names_the_lines(city_dir):
    data = (VALID / "actors.csv").read_bytes()
    data += "extra,Verein Brücke Zwei,mso,kommune,,false,,,\n".encode("cp1252")
    (city_dir / "actors.csv").write_bytes(data)
    p = only(validate(city_dir), "mixed_encoding")
    assert (p.file, p.row) == ("actors.csv", 10)  # the appended line is line 10 of the file
    assert "Zeile(n) 10 sind Windows-1252" in p.message and "CSV UTF-8" in p.message


def test_mojibake_is_a_warning_naming_row_and_column(city_dir):
    text = (VALID / "actors.csv").read_text(encoding="utf-8")
    (city_dir / "actors.csv").write_text(text.replace("für", "fÃ¼r"), encoding="utf-8")
    p = only(validate(city_dir), "mojibake")
    assert (p.file, p.row, p.column, p.severity) == ("actors.csv", 3, "name", "warning")
    assert "'Ã¼' statt 'ü'" in p.message


# ---------------------------------------------------------------------------------------------
# #20.4 no traceback for any input
# ---------------------------------------------------------------------------------------------


def test_number_out_of_range(city_dir):
    rows = rows_of(VALID, "referrals")
    rows[2][4] = "99999999999999999999"
    (city_dir / "referrals.csv").write_text(write_text(city_dir, "referrals", rows), "utf-8")
    p = only(validate(city_dir), "number_too_large")
    assert (p.file, p.row, p.column) == ("referrals.csv", 3, "count")


def test_wrong_json_types_in_datapackage(city_dir):
    write_datapackage(city_dir, json.loads((VALID / "datapackage.json").read_text("utf-8")))
    meta = json.loads((city_dir / "datapackage.json").read_text(encoding="utf-8"))
    meta["resources"][1]["encoding"] = 5
    meta["resources"][1]["dialect"] = "semicolon"
    meta["temporal"] = "2019 bis 2022"
    (city_dir / "datapackage.json").write_text(json.dumps(meta), encoding="utf-8")
    problems = validate(city_dir)
    found = {p.column for p in problems if p.code == "json_type"}
    name = meta["resources"][1]["name"]
    assert found == {f"resources[{name}].encoding", f"resources[{name}].dialect", "temporal"}
    assert not any(p.file == "actors.csv" for p in problems)  # the file is read as it is


def test_overlong_ragged_field(city_dir):
    rows = rows_of(VALID, "actors")
    rows[3].append("x" * 200_000)  # a ragged row with a 200,000-character field
    (city_dir / "actors.csv").write_text(write_text(city_dir, "actors", rows), "utf-8")
    problems = validate(city_dir)
    p = only(problems, "field_too_long")
    assert (p.file, p.row) == ("actors.csv", 4) and "field_chars" in p.message
    p = only(problems, "too_many_fields")
    assert p.row == 4
    raised = validate(city_dir, limits=ReadLimits(field_chars=300_000))
    assert "field_too_long" not in codes(raised) and "too_many_fields" in codes(raised)


def test_broken_vocabulary_extension(city_dir):
    (city_dir / "vocabulary").mkdir()
    (city_dir / "vocabulary" / "sectors.csv").write_text("kode;label\nx;y\n", encoding="utf-8")
    p = only(validate(city_dir), "vocab_broken")
    assert p.file == "vocabulary/sectors.csv" and "code,label_de,label_en" in p.message


def test_cli_catches_the_unexpected(city_dir, monkeypatch):
    import netzwerk.io._rules as nio

    def boom(*args, **kwargs):
        raise RuntimeError("kaputt")

    monkeypatch.setattr(nio, "_check_plausibility", boom)
    status, out, err = run_cli("validate", str(city_dir))
    assert status == 1 and "Traceback" not in err + out
    assert err.count("\n") == 1 and "RuntimeError: kaputt" in err and "bitte melden" in err
    with pytest.raises(RuntimeError):
        cli.main(["--debug", "validate", str(city_dir)])


# ---------------------------------------------------------------------------------------------
# #20.5 plausibility
# ---------------------------------------------------------------------------------------------


def test_plausibility_warnings(city_dir):
    rows = rows_of(VALID, "events")
    rows[1][rows[0].index("date")] = "1500"
    rows[2][rows[0].index("date")] = "2263-01-01"
    rows[1][rows[0].index("n_participants")] = "0"
    (city_dir / "events.csv").write_text(write_text(city_dir, "events", rows), "utf-8")
    rows = rows_of(VALID, "referrals")
    rows[2][4] = "\u0661\u0662"  # Arabic-Indic 12
    (city_dir / "referrals.csv").write_text(write_text(city_dir, "referrals", rows), "utf-8")
    meta = json.loads((VALID / "datapackage.json").read_text(encoding="utf-8"))
    meta["temporal"] = {"start": "2022", "end": "2019"}
    (city_dir / "datapackage.json").write_text(json.dumps(meta), encoding="utf-8")
    problems = validate(city_dir)
    assert errors(problems) == []
    years = sorted(p.row for p in problems if p.code == "date_implausible")
    assert years == [2, 3]
    assert only(problems, "participants_zero").row == 2
    digits = only(problems, "digits_non_ascii")
    assert (digits.file, digits.row, digits.column) == ("referrals.csv", 3, "count")
    assert "gelesen als 12" in digits.message
    assert only(problems, "temporal_reversed").column == "temporal"


# ---------------------------------------------------------------------------------------------
# #22.4 bounded reading
# ---------------------------------------------------------------------------------------------

_SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def _replace_sheet(path: Path, body: bytes) -> None:
    _rewrite_member(path, "xl/worksheets/sheet1.xml", lambda _: _SHEET_HEAD + body)


def _measure(path: Path) -> tuple[str, float, int]:
    """Load in a fresh interpreter: (first problem, seconds, peak RSS in MB)."""
    code = (
        "import sys, time\n"
        "from netzwerk.io import DataError, load_city\n"
        "t = time.perf_counter()\n"
        "try:\n"
        "    load_city(sys.argv[1]); msg = 'loaded'\n"
        "except DataError as e:\n"
        "    msg = str([p for p in e.problems if p.severity == 'error'][0])\n"
        "print(msg); print(time.perf_counter() - t)\n"
        # VmHWM is this interpreter's own peak: ru_maxrss would carry over the peak of the
        # forked pytest process across exec (Linux keeps it), and fail in a long suite run
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0]\n"
        "print(int(hwm.split()[1]) // 1024)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                         text=True, timeout=120, check=True).stdout.splitlines()  # fmt: skip
    return out[0], float(out[1]), int(out[2])


def test_dimension_bomb_fails_fast_and_small(city_dir):
    path = _xlsx_city(city_dir, "referrals", lambda ws: None)
    _replace_sheet(path, b'<dimension ref="A1:XFD1048576"/><sheetData><row r="1">'
                   b'<c r="A1" t="inlineStr"><is><t>from_id</t></is></c></row>'
                   b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>')  # fmt: skip
    assert path.stat().st_size < 8192
    message, seconds, rss = _measure(path)
    assert "referrals.xlsx[referrals]" in message and "Spalte 16,384" in message
    assert "--limit xlsx_columns" in message
    assert rss < 500  # MB; the seconds are reported by the README benchmark note, not asserted
    print(f"dimension bomb: {seconds:.2f} s, {rss} MB")


def test_inflation_bomb_fails_before_inflating(city_dir):
    path = _xlsx_city(city_dir, "referrals", lambda ws: None)
    with zipfile.ZipFile(path) as zf:
        items = {n: zf.read(n) for n in zf.namelist() if n != "xl/worksheets/sheet1.xml"}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for n, data in items.items():
            zf.writestr(n, data)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            fh.write(_SHEET_HEAD + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>')
            chunk = b"A" * (1 << 24)
            for _ in range(64):  # 1 GiB of text in one cell
                fh.write(chunk)
            fh.write(b"</t></is></c></row></sheetData></worksheet>")
    assert path.stat().st_size < 2 * 2**20  # about 1 MB on disk
    message, seconds, rss = _measure(path)
    assert "entpackt sich auf 1,024 MB" in message and "xlsx_inflated_bytes" in message
    assert rss < 500
    print(f"inflation bomb: {seconds:.2f} s, {rss} MB")


def test_csv_size_limit(city_dir):
    limits = ReadLimits(file_bytes=200)
    big = [p for p in validate(city_dir, limits=limits) if p.code == "file_too_large"]
    # exactly the tables larger than 200 bytes on disk
    assert {p.file for p in big} == {
        f.name for f in city_dir.glob("*.csv") if f.stat().st_size > 200
    }
    assert all(p.severity == "error" and "file_bytes" in p.message for p in big)
    status, _, _ = run_cli("validate", str(city_dir), "--limit", "file_bytes=100000000")
    assert status == 0
    status, _, err = run_cli("validate", str(city_dir), "--limit", "rows=3")
    assert status == 2 and "NAME=N" in err


# ---------------------------------------------------------------------------------------------
# #13.1 the Excel round trip
# ---------------------------------------------------------------------------------------------


def excel_resave(folder: Path) -> None:
    """Every CSV table as German Excel saves 'CSV (Trennzeichen-getrennt)': ';', Windows-1252,
    CRLF, full dates as DD.MM.YYYY, booleans as WAHR/FALSCH; datapackage.json untouched."""
    for path in sorted(folder.glob("*.csv")):
        schema = TABLES.get(path.stem)
        rows = list(csv.reader(open(path, encoding="utf-8-sig", newline="")))
        kinds = [schema.column(c).type if c in schema.column_names else "string" for c in rows[0]]
        out = [rows[0]]
        for r in rows[1:]:
            row = []
            for v, k in zip(r, kinds, strict=True):
                if k == "date" and len(v) == 10 and v[4] == "-":
                    v = f"{v[8:10]}.{v[5:7]}.{v[0:4]}"
                elif k == "boolean" and v in ("true", "false"):
                    v = {"true": "WAHR", "false": "FALSCH"}[v]
                row.append(v)
            out.append(row)
        buf = io.StringIO()
        csv.writer(buf, delimiter=";", lineterminator="\r\n").writerows(out)
        path.write_bytes(buf.getvalue().encode("cp1252"))


@pytest.mark.parametrize("name", REAL_CITIES)
def test_excel_round_trip_of_every_real_city(tmp_path, name):
    folder = Path(shutil.copytree(DATA / name, tmp_path / name))
    declared = (folder / "datapackage.json").read_bytes()
    excel_resave(folder)
    assert (folder / "datapackage.json").read_bytes() == declared
    problems = validate(folder)
    assert errors(problems) == []
    dialect = [p for p in problems if p.code == "dialect_declared"]
    assert {p.file for p in dialect} == {p.name for p in folder.glob("*.csv")}
    assert all("'utf-8'" in p.message and "Windows-1252" in p.message and
               "delimiter ','" in p.message and "delimiter ';'" in p.message for p in dialect)  # fmt: skip
    original, resaved = load_city(DATA / name), load_city(folder)
    for table in TABLES:
        a, b = getattr(original, table), getattr(resaved, table)
        assert a.equals(b), table
    status, out, _ = run_cli("validate", str(folder), "--write-dialect")
    assert status == 0 and "windows-1252" in out
    assert "dialect_declared" not in codes(validate(folder))
    before, after = json.loads(declared), json.loads((folder / "datapackage.json").read_bytes())
    for r in after["resources"]:
        r.pop("encoding"), r.pop("dialect")
    for r in before["resources"]:
        r.pop("encoding"), r.pop("dialect")
    assert before == after  # nothing else in datapackage.json changed


def test_aliases_symlink_out_is_refused(tmp_path):
    from netzwerk.importers import read_aliases

    city = tmp_path / "city"
    city.mkdir()
    secret = tmp_path / "secret.csv"
    secret.write_text("alias,actor_id\nFrau Schulz,of-caritas\n", encoding="utf-8")
    (city / "aliases.csv").symlink_to(secret)
    with pytest.raises(DataError) as exc:
        read_aliases(city)
    p = exc.value.problems[0]
    assert (p.file, p.code) == ("aliases.csv", "path_outside")


def test_importer_summary_names_the_dialect(tmp_path):
    import pandas as pd

    from netzwerk.importers import ImportResult, _read_input

    path = tmp_path / "liste.csv"
    path.write_bytes("Organisation;Ort\r\nAWO Brücke;OF\r\n".encode("cp1252"))
    frame = _read_input(path, want=["Organisation"])
    result = ImportResult(kind="attendance", matches=pd.DataFrame({"status": []}),
                          added=pd.DataFrame(), existing=0, review=pd.DataFrame(),
                          dropped_columns={}, input_format=frame.attrs["format"])  # fmt: skip
    assert result.summary().splitlines()[0] == "Gelesen als CSV, Windows-1252, ';'"
