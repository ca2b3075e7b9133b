"""Property-based test of the loader (issue #19.5, #20): random damage never crashes it.

Random byte-level mutations (insert, delete, overwrite with bytes that matter to CSV: quotes,
separators, CR, LF, NUL, UTF-8 lead bytes, BOMs) and field-level mutations (a cell set to huge
numbers, foreign digits, quotes, control characters, very long text, ``=`` formulas) are applied
to the valid fixture city and to the same city saved as German Excel saves it (``;``,
Windows-1252, CRLF). The properties:

* ``load_city`` either returns a City or raises :class:`netzwerk.DataError`; nothing else;
* when it returns, no row is lost or added: each table has as many rows as the file has
  non-empty records (counted with the csv module, independently of netzwerk's reader);
* ``netzwerk validate`` exits 0 or 1 and never reaches the catch-all for unexpected errors
  (which would print "unerwarteter Fehler"), so it never shows a traceback.

The run is time-boxed: ``NETZWERK_HYPOTHESIS_EXAMPLES`` examples per test (default 30, about
30 s for both tests together on a loaded two-core machine); every example has a 60 s deadline so a hang fails.
A larger run: ``NETZWERK_HYPOTHESIS_EXAMPLES=2000 pytest tests/test_io_property.py
--hypothesis-show-statistics``.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netzwerk import cli
from netzwerk._schema import TABLE_ORDER
from netzwerk.io import DataError, load_city

csv.field_size_limit(2**30)  # the test's own reading of mutated files, not netzwerk's
VALID = Path(__file__).parent / "fixtures" / "io" / "valid"
EXAMPLES = int(os.environ.get("NETZWERK_HYPOTHESIS_EXAMPLES", "30"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=timedelta(seconds=60),  # a hang guard; a loaded machine needs seconds per example
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,  # reproducible in CI; a larger run explores further
)
TABLES = [t for t in TABLE_ORDER if (VALID / f"{t}.csv").exists()]

SPECIAL = [b'"', b";", b",", b"\r", b"\n", b"\r\n", b"\x00", b"\xc3", b"\xff", b"\xef\xbb\xbf",
           b"\xff\xfe", b"\t", b"\xa0", b"'"]  # fmt: skip

cell_values = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "99999999999999999999",
            "-1",
            "3,5",
            "\u0661\u0662",
            "1e400",
            "=10+2",
            '"',
            '""',
            "\r",
            "\n",
            "1500",
            "2263-01-01",
            "31.02.2020",
            "0",
            " ",
            "\u00c3\u00bc",
            "../../etc/passwd",
            "/etc/passwd",
        ]
    ),  # fmt: skip
    st.sampled_from([100_001, 200_000]).map(lambda n: "x" * n),
)


def german(folder: Path) -> None:
    """The city as German Excel saves it: ';', Windows-1252, CRLF."""
    for table in TABLES:
        path = folder / f"{table}.csv"
        rows = list(csv.reader(open(path, encoding="utf-8", newline="")))
        buf = io.StringIO()
        csv.writer(buf, delimiter=";", lineterminator="\r\n").writerows(rows)
        path.write_bytes(buf.getvalue().encode("cp1252"))


def records(path: Path) -> int | None:
    """Non-empty data records of a CSV file, counted with the csv module (None: not text)."""
    data = path.read_bytes()
    for enc in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        return None
    delim = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text.replace("\r\n", "\n").replace("\r", "\n")),
                               delimiter=delim))  # fmt: skip
    except csv.Error:
        return None
    nonempty = [r for r in rows if any(v.strip() for v in r)]
    return len(nonempty) - 1


def check(folder: Path, touched: str) -> None:
    try:
        city = load_city(folder)
    except DataError as exc:
        assert exc.problems, "a DataError always lists its problems"
    else:
        n = records(folder / f"{touched}.csv")
        if n is not None:
            assert len(getattr(city, touched)) == n, f"{touched}: rows lost or added"
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = cli.main(["validate", str(folder)])
    assert status in (0, 1)
    assert "unerwarteter Fehler" not in err.getvalue() and "Traceback" not in err.getvalue()


def _city(excel: bool) -> tuple[tempfile.TemporaryDirectory, Path]:
    tmp = tempfile.TemporaryDirectory()
    folder = Path(shutil.copytree(VALID, Path(tmp.name) / "city"))
    if excel:
        german(folder)
    return tmp, folder


@SETTINGS
@given(
    excel=st.booleans(),
    table=st.sampled_from(TABLES),
    edits=st.lists(
        st.tuples(
            st.sampled_from(["insert", "delete", "replace"]),
            st.floats(0, 1),
            st.one_of(st.sampled_from(SPECIAL), st.binary(min_size=1, max_size=4)),
        ),
        min_size=1,
        max_size=6,
    ),  # fmt: skip
)
def test_byte_mutations_never_crash(excel, table, edits):
    tmp, folder = _city(excel)
    with tmp:
        path = folder / f"{table}.csv"
        data = bytearray(path.read_bytes())
        for kind, where, chunk in edits:
            pos = int(where * len(data))
            if kind == "insert":
                data[pos:pos] = chunk
            elif kind == "delete":
                del data[pos : pos + len(chunk)]
            else:
                data[pos : pos + len(chunk)] = chunk
        path.write_bytes(bytes(data))
        check(folder, table)


@SETTINGS
@given(
    excel=st.booleans(),
    table=st.sampled_from(TABLES),
    cells=st.lists(
        st.tuples(st.integers(0, 20), st.integers(0, 12), cell_values), min_size=1, max_size=4
    ),  # fmt: skip
)
def test_field_mutations_never_crash(excel, table, cells):
    tmp, folder = _city(False)
    with tmp:
        path = folder / f"{table}.csv"
        rows = list(csv.reader(open(path, encoding="utf-8", newline="")))
        for r, c, value in cells:
            row = rows[r % len(rows)]
            row[c % len(row)] = value
        buf = io.StringIO()
        csv.writer(buf).writerows(rows)
        path.write_text(buf.getvalue(), encoding="utf-8")
        if excel:
            try:
                german(folder)
            except UnicodeEncodeError:  # Excel would write '?' for what cp1252 lacks
                pass
        check(folder, table)
