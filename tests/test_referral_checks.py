"""Tests for netzwerk._referral_checks through the loader: one spelling per period in the
referral keys, overlapping periods of one pair and field, and counts that cannot wrap.

The referral tables are written by hand; expected rows, periods and totals are worked out by
hand in the comments (spreadsheet rows: the header is row 1).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from netzwerk import cli
from netzwerk._referral_checks import MAX_INTEGER
from netzwerk.importers import _create_table
from netzwerk.io import DataError, load_city, validate, write_datapackage

CITY = Path(__file__).parent / "fixtures" / "importers" / "city"


def _city_with_referrals(tmp_path: Path, rows: list[str]) -> Path:
    folder = tmp_path / "c"
    shutil.copytree(CITY, folder)
    _create_table(folder, "referrals")
    write_datapackage(folder, load_city(folder).meta)
    with open(folder / "referrals.csv", "a", encoding="utf-8") as fh:
        fh.write("".join(f"{r},,,,\n" for r in rows))
    return folder


def _problems(folder: Path, code: str) -> list:
    return [p for p in validate(folder) if p.code == code]


@pytest.mark.parametrize(
    "first,second", [("2021-Q2", "2021-q2"), ("2021-05", "05.2021"), ("2021-05-03", "3.5.2021")]
)
def test_duplicate_keys_are_found_across_spellings(tmp_path, first, second):
    folder = _city_with_referrals(
        tmp_path,
        [f"of-caritas,of-jobcenter,arbeit,{first},4", f"of-caritas,of-jobcenter,arbeit,{second},4"],
    )
    (dup,) = _problems(folder, "duplicate_key")
    # the later row (3) names the earlier one (2) and shows its own spelling
    assert dup.severity == "error" and dup.row == 3 and "Zeile 2" in dup.message
    assert dup.value == f"of-caritas | of-jobcenter | arbeit | {second}"
    with pytest.raises(DataError):
        load_city(folder)


def test_canonical_periods_on_load(tmp_path):
    folder = _city_with_referrals(
        tmp_path,
        ["of-caritas,of-jobcenter,arbeit,2021-q2,4", "of-awo,of-jobcenter,arbeit,05.2021,6"],
    )
    assert load_city(folder).referrals["period"].tolist() == ["2021-Q2", "2021-05"]


def test_overlapping_periods_are_a_warning_naming_the_rows(tmp_path):
    # rows 2-4: one pair and field for 2021, 2021-Q2 and 06.2021 (June lies in Q2 and 2021);
    # row 5: the same periods for another field, row 6 another pair: no overlap with 2-4;
    # row 7: 2022 overlaps nothing
    folder = _city_with_referrals(
        tmp_path,
        [
            "of-caritas,of-jobcenter,arbeit,2021,10",
            "of-caritas,of-jobcenter,arbeit,2021-Q2,5",
            "of-caritas,of-jobcenter,arbeit,06.2021,2",
            "of-caritas,of-jobcenter,wohnen,2021-Q2,5",
            "of-awo,of-jobcenter,arbeit,06.2021,2",
            "of-caritas,of-jobcenter,arbeit,2022,3",
        ],
    )
    warnings = {p.row: p for p in _problems(folder, "period_overlap")}
    assert sorted(warnings) == [3, 4]  # each later-starting row of the overlapping three
    assert "Zeile 2, 4" in warnings[3].message and "2021-Q2 / 2021, 2021-06" in warnings[3].message
    assert "Zeile 2, 3" in warnings[4].message and warnings[4].value == "06.2021"
    assert all(p.severity == "warning" for p in warnings.values())
    assert "counted twice" in warnings[3].message_en
    assert len(load_city(folder).referrals) == 6  # a warning: the city still loads


def test_counts_above_the_maximum_are_an_error_not_a_wrapped_total(tmp_path, capsys):
    # two counts of 2**63 - 1 used to sum to "total count -2"
    big = 2**63 - 1
    folder = _city_with_referrals(
        tmp_path,
        [
            f"of-caritas,of-jobcenter,arbeit,2021,{big}",
            f"of-awo,of-jobcenter,arbeit,2021,{big}",
            f"of-awo,of-sozialamt,arbeit,2021,{10**30}",  # beyond 64 bits: no crash either
            f"of-awo,of-bruecke,arbeit,2021,{MAX_INTEGER}",  # the maximum itself is fine
        ],
    )
    # 19 and 31 digits: refused before parsing (more than 15 digits); one maximum in both
    errors = [p for p in validate(folder) if p.code in ("too_large", "number_too_large")]
    assert [(p.row, p.column) for p in errors] == [(2, "count"), (3, "count"), (4, "count")]
    assert all("1.000.000.000" in p.message for p in errors)
    assert _problems(folder, "too_large") == []  # none has 10 to 15 digits
    (folder / "referrals.csv").write_text(
        (folder / "referrals.csv").read_text(encoding="utf-8").replace(str(10**30), "1000000001"),
        encoding="utf-8",
    )
    assert [p.row for p in _problems(folder, "too_large")] == [4]
    assert cli.main(["validate", str(folder)]) == 1
    # no wrapped (negative) total anywhere in what the user reads; the temporary folder's path
    # (".../pytest-24/...") is not a number
    assert not re.search(r"(?<![\w/.-])-\d", capsys.readouterr().out)


def test_totals_at_the_maximum_stay_exact(tmp_path, capsys):
    # 3 rows of 1,000,000,000: total 3,000,000,000 (beyond 32 bits, well within 64)
    folder = _city_with_referrals(
        tmp_path,
        [
            f"of-caritas,{to},arbeit,2021,{MAX_INTEGER}"
            for to in ("of-jobcenter", "of-awo", "of-stadt")
        ],
    )
    city = load_city(folder)
    assert int(city.referrals["count"].sum()) == 3_000_000_000
    assert cli.main(["validate", str(folder)]) == 0
    assert "Summe 3000000000" in capsys.readouterr().out
