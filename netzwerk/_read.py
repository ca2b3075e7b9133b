"""Careful, bounded reading of the files a city folder holds (private; used by ``io`` and
``importers``).

Everything here turns bytes into text cells without losing or inventing a row, and reports
what it could not read as *issues* (a code, the row and column, the value and message
parameters) that :mod:`netzwerk.io` turns into :class:`~netzwerk.io.Problem` objects:

* **paths** (:func:`check_path`, :func:`open_regular`): a path taken from a data file must be
  relative, without ``..``, resolve inside its folder (also through symlinks) and name a regular
  file; devices, FIFOs and directories are refused before they are opened;
* **encodings** (:func:`decode`): BOM, UTF-16 LE/BE without BOM (from the pattern of NUL
  bytes), UTF-8, Windows-1252; a file that is UTF-8 on some lines and Windows-1252 on others is
  refused with the line numbers; what the file is wins over what ``datapackage.json`` declares;
* **CSV** (:func:`read_csv_grid`): CR, LF and CRLF line endings (also mixed) alike; the
  delimiter from the header line; every physical record becomes a row or an issue (an unclosed
  quote names the row where it starts); field length and file size are bounded;
* **XLSX** (:func:`read_workbook`): streamed from the zip archive with limits on rows, columns,
  cells and inflated size; the stored dimension is ignored (every row with a value is read);
  formulas without a cached value are evaluated when they are literal arithmetic (``=10+2``)
  and otherwise reported by cell.

The limits are in :class:`ReadLimits`; ``load_city(path, limits=ReadLimits(...))`` raises them.
"""

from __future__ import annotations

import codecs
import contextvars
import csv
import datetime as _dt
import io as _io
import math
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["ReadLimits"]

# ---------------------------------------------------------------------------------------------
# Limits and issues
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReadLimits:
    """Upper bounds for reading one file; each guards memory and time against damaged files.

    Parameters
    ----------
    file_bytes : int
        Largest file (CSV, text, ``datapackage.json``, compressed workbook) read, in bytes.
        Default 512 MB (a CSV with several million rows).
    field_chars : int
        Longest CSV field, in characters. Default 100,000 (a long quote is a few thousand).
    xlsx_inflated_bytes : int
        Largest total uncompressed size of the parts of a workbook that are read (sheets,
        shared strings, styles), in bytes. Default 512 MB.
    xlsx_rows : int
        Most rows per sheet. Default 1,048,576 (Excel's own maximum).
    xlsx_columns : int
        Most columns per sheet (a cell further right is an error). Default 256.
    xlsx_cells : int
        Most cells of a sheet's grid (rows × used width). Default 30 million.

    Examples
    --------
    >>> ReadLimits().xlsx_columns
    256
    >>> ReadLimits(field_chars=500_000).field_chars
    500000
    """

    file_bytes: int = 512 * 2**20
    field_chars: int = 100_000
    xlsx_inflated_bytes: int = 512 * 2**20
    xlsx_rows: int = 1_048_576
    xlsx_columns: int = 256
    xlsx_cells: int = 30_000_000

    def __post_init__(self) -> None:
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"ReadLimits.{name} must be a whole number ≥ 1, got {value!r}")


DEFAULT_LIMITS = ReadLimits()


@dataclass
class Issue:
    """A reading problem; ``io`` formats it with its message table (``READ_MESSAGES``)."""

    code: str
    row: int | None = None
    column: str | None = None
    value: Any = None
    severity: str = "error"
    params: dict[str, Any] = field(default_factory=dict)


class ReadError(Exception):
    """Reading a file stopped; ``issue`` says why."""

    def __init__(self, issue: Issue):
        super().__init__(issue.code)
        self.issue = issue
        self.sheet: str | None = None


#: The file being read right now (named by the CLI when something unexpected happens).
CURRENT_FILE: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "netzwerk_current_file", default=None
)

_MB = 2**20


def _mb(n: int) -> str:
    return f"{n / _MB:,.0f} MB" if n >= _MB else f"{n:,} Bytes"


#: code → (German template, English template); merged into ``io._MESSAGES``.
READ_MESSAGES: dict[str, tuple[str, str]] = {
    "path_type": (
        "Pfadangabe ist kein Text ({kind}); einen Dateinamen relativ zum Ordner angeben",
        "path is not text ({kind}); give a file name relative to the folder",
    ),
    "path_absolute": (
        "absoluter Pfad, Datei wird nicht geöffnet; einen Dateinamen relativ zu {folder}/ angeben",
        "absolute path, the file is not opened; give a file name relative to {folder}/",
    ),
    "path_outside": (
        "Pfad führt aus {folder}/ hinaus ({reason_de}), Datei wird nicht geöffnet; die Datei "
        "in den Ordner kopieren und ihren Namen angeben",
        "path leads out of {folder}/ ({reason_en}), the file is not opened; copy the file "
        "into the folder and give its name",
    ),
    "not_regular": (
        "keine gewöhnliche Datei ({kind_de}), wird nicht geöffnet; eine CSV- oder "
        "XLSX-Datei an diese Stelle legen",
        "not a regular file ({kind_en}), not opened; put a CSV or XLSX file there",
    ),
    "file_too_large": (
        "Datei ist {size} groß, mehr als die Grenze von {limit}; die Grenze mit "
        "ReadLimits(file_bytes=…) bzw. --limit file_bytes=… anheben",
        "file is {size}, more than the limit of {limit}; raise it with "
        "ReadLimits(file_bytes=…) or --limit file_bytes=…",
    ),
    "field_too_long": (
        "Feld hat {n:,} Zeichen, mehr als die Grenze von {limit:,}; eine fehlende "
        "Anführungszeichen-Schließung? Sonst die Grenze mit --limit field_chars=… anheben",
        "field has {n:,} characters, more than the limit of {limit:,}; a quote left open? "
        "Otherwise raise the limit with --limit field_chars=…",
    ),
    "unclosed_quote": (
        'Anführungszeichen (") in dieser Zeile wird nicht geschlossen; das Feld liefe über '
        "{lines} Zeilen der Datei (Zeile {line} bis {last}) und verschluckte {swallowed}; das "
        "Anführungszeichen schließen oder entfernen",
        'quote (") opened in this row is never closed; the field would run over {lines} lines '
        "of the file (line {line} to {last}) and swallow {swallowed}; close or remove the quote",
    ),
    "utf16_no_bom": (
        "Datei ist {encoding} ohne BOM; gelesen, für andere Programme besser als 'CSV UTF-8' "
        "speichern",
        "file is {encoding} without a BOM; read, but better save it as 'CSV UTF-8'",
    ),
    "mixed_encoding": (
        "gemischte Zeichenkodierung: Zeile(n) {bad} sind Windows-1252, Zeile(n) {good} UTF-8; "
        "die Datei einheitlich als 'CSV UTF-8' speichern",
        "mixed character encoding: line(s) {bad} are Windows-1252, line(s) {good} UTF-8; save "
        "the whole file as 'CSV UTF-8'",
    ),
    "mojibake": (
        "sieht nach falsch dekodiertem UTF-8 aus ({sample!r} statt {fixed!r}); die Datei "
        "wurde wohl einmal als UTF-8 gespeichert und als Windows-1252 wieder geöffnet; den Text "
        "korrigieren",
        "looks like mis-decoded UTF-8 ({sample!r} for {fixed!r}); the file was probably saved "
        "as UTF-8 and reopened as Windows-1252; correct the text",
    ),
    "dialect_declared": (
        "datapackage.json gibt {declared} an, die Datei ist {found}; gelesen wie die Datei ist. "
        "Mit 'netzwerk validate --write-dialect' die Angaben anpassen",
        "datapackage.json declares {declared}, the file is {found}; read as the file is. "
        "Update the declarations with 'netzwerk validate --write-dialect'",
    ),
    "header_variant": (
        "Überschrift {written!r} als Spalte '{expected}' gelesen; genau '{expected}' schreiben",
        "header {written!r} read as column '{expected}'; write exactly '{expected}'",
    ),
    "xlsx_limit": (
        "Tabellenblatt überschreitet die Grenze: {what_de} (Grenze {limit:,}); Lesen "
        "abgebrochen. Leere Zeilen/Spalten löschen oder die Grenze mit --limit {key}=… anheben",
        "sheet exceeds the limit: {what_en} (limit {limit:,}); reading stopped. Delete empty "
        "rows/columns or raise the limit with --limit {key}=…",
    ),
    "xlsx_inflated": (
        "Arbeitsmappe entpackt sich auf {size}, mehr als die Grenze von {limit}; Lesen "
        "abgebrochen. Die Grenze mit --limit xlsx_inflated_bytes=… anheben",
        "workbook inflates to {size}, more than the limit of {limit}; reading stopped. Raise "
        "the limit with --limit xlsx_inflated_bytes=…",
    ),
    "formula_no_value": (
        "Formeln ohne gespeicherte Werte in {cells}: in Excel/LibreOffice öffnen und speichern "
        "(dann stehen die Ergebnisse in der Datei) oder die Zahlen eintragen",
        "formulas without stored values in {cells}: open and save the file in "
        "Excel/LibreOffice (which stores the results) or type the numbers",
    ),
    "formula_evaluated": (
        "Formeln ohne gespeicherte Werte ausgewertet (nur Rechnen mit Zahlen): {cells}",
        "formulas without stored values evaluated (arithmetic on numbers only): {cells}",
    ),
    "vocab_broken": (
        "Erweiterung des Vokabulars nicht lesbar ({error}); erwartet die Spalten "
        "code,label_de,label_en[,description]; die Erweiterung wird ignoriert",
        "vocabulary extension cannot be read ({error}); expected the columns "
        "code,label_de,label_en[,description]; the extension is ignored",
    ),
    "number_too_large": (
        # the same maximum as netzwerk._referral_checks.MAX_INTEGER (more digits are not parsed)
        "Zahl zu groß (mehr als 15 Stellen); erwartet eine ganze Zahl bis 1.000.000.000",
        "number too large (more than 15 digits); expected a whole number up to 1,000,000,000",
    ),
    "digits_non_ascii": (
        "Ziffern außerhalb von 0–9 ({script}), gelesen als {read}; mit den Ziffern 0–9 schreiben",
        "digits outside 0–9 ({script}), read as {read}; write them with the digits 0–9",
    ),
    "date_implausible": (
        "Jahr {year} ist unplausibel (vor 1949 oder nach {next_year}); Datum prüfen",
        "year {year} is implausible (before 1949 or after {next_year}); check the date",
    ),
    "temporal_reversed": (
        "Ende des Zeitraums ({end}) liegt vor dem Beginn ({start}); Angaben tauschen",
        "the period's end ({end}) is before its start ({start}); swap them",
    ),
    "participants_zero": (
        "0 Teilnehmende dokumentiert; leer lassen, wenn die Zahl nicht bekannt ist",
        "0 participants documented; leave it empty when the number is not known",
    ),
    "json_type": (
        "'{key}' hat den falschen Typ ({found}); erwartet {expected}",
        "'{key}' has the wrong type ({found}); expected {expected}",
    ),
}


def issue(code: str, row: int | None = None, column: str | None = None, value: Any = None,
          *, severity: str = "error", **params: Any) -> Issue:  # fmt: skip
    return Issue(code, row, column, value, severity, params)


# ---------------------------------------------------------------------------------------------
# Paths: only regular files inside the folder
# ---------------------------------------------------------------------------------------------


def check_path(root: Path, rel: Any, *, folder_label: str = "") -> tuple[Path | None, Issue | None]:
    """``root / rel`` if it stays inside ``root`` (resolving symlinks); else the issue.

    The path is not opened and need not exist (the caller reports a missing file).

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> check_path(root, "../etc/passwd")[1].code
    'path_outside'
    >>> check_path(root, "/etc/passwd")[1].code
    'path_absolute'
    >>> check_path(root, "a.txt")[0] == root / "a.txt"
    True
    """
    label = folder_label or root.name
    if not isinstance(rel, str):
        return None, issue("path_type", value=rel, kind=type(rel).__name__)
    if (
        PurePosixPath(rel).is_absolute()
        or PureWindowsPath(rel).is_absolute()
        or PureWindowsPath(rel).drive
        or rel.startswith(("\\", "/", "~"))
    ):
        return None, issue("path_absolute", value=rel, folder=label)
    parts = re.split(r"[\\/]+", rel)
    if ".." in parts:
        return None, issue(
            "path_outside", value=rel, folder=label, reason_de="'..'", reason_en="'..'"
        )
    if "\x00" in rel:
        return None, issue("path_type", value=rel, kind="NUL")
    path = root.joinpath(*[p for p in parts if p not in ("", ".")])
    try:
        resolved = path.resolve()
        inside = resolved.is_relative_to(root.resolve())
    except (OSError, RuntimeError, ValueError):  # symlink loops, bad names
        inside = False
    if not inside:
        return None, issue(
            "path_outside",
            value=rel,
            folder=label,
            reason_de="symbolischer Verweis nach außen",
            reason_en="a symbolic link pointing outside",
        )
    return path, None


def _kind(mode: int) -> tuple[str, str]:
    if stat.S_ISDIR(mode):
        return "Ordner", "a directory"
    if stat.S_ISFIFO(mode):
        return "benannte Pipe (FIFO)", "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "Gerätedatei", "a device file"
    if stat.S_ISSOCK(mode):
        return "Socket", "a socket"
    return "Sonderdatei", "a special file"


def exists(path: Path) -> bool:
    """True if anything (also a dangling symlink, a FIFO, a device) is at ``path``."""
    return os.path.lexists(path)


def not_regular(path: Path) -> Issue | None:
    """The issue if ``path`` is not a regular file (following symlinks), else None."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # missing: the caller reports it
    if stat.S_ISREG(mode):
        return None
    de, en = _kind(mode)
    return issue("not_regular", kind_de=de, kind_en=en)


def read_bytes(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> bytes:
    """The bytes of a regular file, at most ``limits.file_bytes``; raises :class:`ReadError`.

    The file is opened non-blocking and checked with ``fstat`` before a byte is read, so a FIFO
    or device put in place after the check is refused too.
    """
    CURRENT_FILE.set(str(path))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise ReadError(issue("csv_unparseable", error=exc.strerror or str(exc))) from None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            de, en = _kind(st.st_mode)
            raise ReadError(issue("not_regular", kind_de=de, kind_en=en))
        if st.st_size > limits.file_bytes:
            raise ReadError(
                issue("file_too_large", size=_mb(st.st_size), limit=_mb(limits.file_bytes))
            )
        data = fh.read(limits.file_bytes + 1)
    if len(data) > limits.file_bytes:
        raise ReadError(issue("file_too_large", size=_mb(len(data)), limit=_mb(limits.file_bytes)))
    return data


# ---------------------------------------------------------------------------------------------
# Encodings
# ---------------------------------------------------------------------------------------------

ENCODING_LABEL = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 (BOM)",
    "cp1252": "Windows-1252",
    "latin-1": "ISO-8859-1",
    "iso8859-15": "ISO-8859-15",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16 LE",
    "utf-16-be": "UTF-16 BE",
}
#: declared names (datapackage.json) → codec
ENCODING_NAMES = {
    "utf-8": "utf-8",
    "utf8": "utf-8",
    "utf-8-sig": "utf-8-sig",
    "windows-1252": "cp1252",
    "cp1252": "cp1252",
    "latin-1": "latin-1",
    "latin1": "latin-1",
    "iso-8859-1": "latin-1",
    "iso-8859-15": "iso8859-15",
    "utf-16": "utf-16",
    "utf-16le": "utf-16-le",
    "utf-16-le": "utf-16-le",
    "utf-16be": "utf-16-be",
    "utf-16-be": "utf-16-be",
}
#: single-byte encodings a file cannot be told apart from Windows-1252 by: a declaration wins
_SINGLE_BYTE = {"cp1252", "latin-1", "iso8859-15"}


@dataclass
class Decoded:
    """Text of a file (line endings as in the file) and the encoding it was read with."""

    text: str
    encoding: str  # a codec name; "utf-8-sig" when the file has a UTF-8 BOM
    issues: list[Issue] = field(default_factory=list)

    @property
    def label(self) -> str:
        return ENCODING_LABEL.get(self.encoding, self.encoding)


def _utf16_without_bom(data: bytes) -> str | None:
    """ "utf-16-le"/"utf-16-be" when the NUL bytes fall on every other position."""
    sample = data[:4096]
    n = len(sample) // 2
    if n < 2:
        return None
    even = sample[0 : 2 * n : 2].count(0)
    odd = sample[1 : 2 * n : 2].count(0)
    if odd >= 0.3 * n and even <= 0.02 * n:
        return "utf-16-le"
    if even >= 0.3 * n and odd <= 0.02 * n:
        return "utf-16-be"
    return None


def _binary(hint_de: str, hint_en: str) -> ReadError:
    return ReadError(issue("binary_file", hint_de=hint_de, hint_en=hint_en))


def _line_list(numbers: list[int], most: int = 8) -> str:
    shown = ", ".join(str(n) for n in numbers[:most])
    return shown + (f" … ({len(numbers)} insgesamt)" if len(numbers) > most else "")


def _mixed_or_cp1252(data: bytes, first_error: UnicodeDecodeError) -> str:
    """Decode a file that is not UTF-8; refuse one that is UTF-8 on some lines only."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:  # cp1252 leaves five bytes undefined
        pos = exc.start
        line = data[:pos].count(b"\n") + 1
        raise ReadError(issue("encoding", line, byte=f"0x{data[pos]:02X}", line=line)) from None
    good: list[int] = []
    bad: list[int] = []
    for number, line_bytes in enumerate(data.split(b"\n"), start=1):
        if line_bytes.isascii():
            continue
        try:
            line_bytes.decode("utf-8")
            good.append(number)
        except UnicodeDecodeError:
            bad.append(number)
    if good and bad:
        raise ReadError(issue("mixed_encoding", bad[0], bad=_line_list(bad), good=_line_list(good)))
    return text


def decode(data: bytes, declared: Any = None) -> Decoded:
    """Decode a text file as it is; ``declared`` only decides between single-byte codepages.

    Order: UTF-8 BOM, UTF-16 BOM, UTF-16 without BOM (NUL pattern), binary (zip, NUL bytes),
    UTF-8, Windows-1252 (or the declared ISO-8859-1/-15). Raises :class:`ReadError`.

    Examples
    --------
    >>> decode("Brücke".encode("cp1252")).encoding
    'cp1252'
    >>> decode("Brücke\\n".encode("utf-16-le")).text
    'Brücke\\n'
    >>> decode("ok\\n".encode() + "Brücke\\n".encode() + "Brücke\\n".encode("cp1252"))
    Traceback (most recent call last):
    ...
    netzwerk._read.ReadError: mixed_encoding
    """
    issues: list[Issue] = []
    if data.startswith(codecs.BOM_UTF8):
        try:
            return Decoded(data[3:].decode("utf-8"), "utf-8-sig")
        except UnicodeDecodeError as exc:
            _mixed_or_cp1252(data[3:], exc)  # raises for mixed files
            raise ReadError(issue("encoding", 1, byte="?", line=1)) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError:
            raise _binary("UTF-16 mit Fehlern", "broken UTF-16") from None
    if data.startswith(b"PK\x03\x04"):
        raise _binary("eine Excel-/ZIP-Datei?", "an Excel/ZIP file?")
    if b"\x00" in data[:4096] or b"\x00" in data[-4096:]:
        enc = _utf16_without_bom(data)
        if enc is not None:
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                text = None
            if text is not None and "\x00" not in text:
                label = ENCODING_LABEL[enc]
                issues.append(issue("utf16_no_bom", severity="warning", encoding=label))
                return Decoded(text, enc, issues)
        raise _binary("enthält Null-Bytes", "contains NUL bytes")
    if b"\x00" in data:
        raise _binary("enthält Null-Bytes", "contains NUL bytes")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        text = _mixed_or_cp1252(data, exc)
    codec = ENCODING_NAMES.get(declared.strip().lower(), "") if isinstance(declared, str) else ""
    if codec in _SINGLE_BYTE and codec != "cp1252":
        return Decoded(data.decode(codec), codec)
    return Decoded(text, "cp1252")


def same_encoding(declared: str, found: str) -> bool:
    """Whether a declared encoding name means what was found (UTF-8 with/without BOM alike)."""
    codec = ENCODING_NAMES.get(declared.strip().lower(), declared.strip().lower())
    group = {"utf-8-sig": "utf-8", "utf-16-le": "utf-16", "utf-16-be": "utf-16"}
    return group.get(codec, codec) == group.get(found, found)


def declared_label(encoding: str) -> str:
    """The name to write into ``datapackage.json`` for a codec."""
    return {"cp1252": "windows-1252", "iso8859-15": "iso-8859-15"}.get(encoding, encoding)


_CONT = bytes(range(0x80, 0xC0)).decode("cp1252", errors="ignore")
_MOJIBAKE = re.compile(f"[\u00c2\u00c3][{re.escape(_CONT)}]|\u00e2\u20ac[{re.escape(_CONT)}]")


def mojibake_sample(text: str) -> tuple[str, str] | None:
    """``(sequence, what it meant)`` for the first mis-decoded UTF-8 sequence in ``text``.

    >>> mojibake_sample("Dezernat fÃ¼r Soziales")
    ('Ã¼', 'ü')
    >>> mojibake_sample("Dezernat für Soziales") is None
    True
    """
    m = _MOJIBAKE.search(text)
    if m is None:
        return None
    try:
        fixed = m.group(0).encode("cp1252").decode("utf-8")
    except UnicodeError:
        return None
    return m.group(0), fixed


# ---------------------------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------------------------

DELIMITER_LABEL = {";": "';'", ",": "','", "\t": "Tab", "|": "'|'"}


def normalise_newlines(text: str) -> str:
    """CR (old Mac), CRLF (Windows) and LF line ends all as LF."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060"), None)


def header_key(text: str) -> str:
    """A header cell compared without case, surrounding space, BOM or NBSP.

    >>> header_key("\\ufeff Actor_ID\\u00a0")
    'actor_id'
    >>> header_key("Actor ID")
    'actor_id'
    """
    t = unicodedata.normalize("NFKC", text.translate(_INVISIBLE)).strip().casefold()
    return re.sub(r"[\s\-]+", "_", t)


def sniff_delimiter(text: str, known: set[str], declared: Any = None) -> str:
    """``;``, ``,`` or tab: the one that splits the header into the most known columns.

    Where no known column decides (an attendance list with a title row), the delimiter that
    gives the most fields per line over the first 20 lines (median); ties go to the declared
    delimiter, then to ``;`` (German spreadsheets).

    >>> sniff_delimiter("actor_id,name\\nawo,AWO\\n", {"actor_id", "name"})
    ','
    >>> sniff_delimiter("Liste Fachtag\\nName;Ort\\nAWO;OF\\nDRK;OF\\n", set())
    ';'
    """
    lines = []
    for line in _io.StringIO(normalise_newlines(text[:1_000_000])):
        if line.strip(" \t;,\r\n"):
            lines.append(line)
            if len(lines) == 20:
                break
    keys = {header_key(k) for k in known}
    scores: dict[str, tuple[float, ...]] = {}
    for delim in (";", ",", "\t"):
        counts = []
        for line in lines:
            try:
                counts.append(next(csv.reader([line], delimiter=delim)))
            except (csv.Error, StopIteration):
                counts.append([])
        hits = sum(header_key(f) in keys for f in counts[0]) if counts else 0
        median = float(np.median([len(c) for c in counts])) if counts else 0.0
        scores[delim] = (hits, median, int(delim == declared), int(delim == ";"))
    return max(scores, key=scores.__getitem__)


def _physical_lines(text: str) -> int:
    return text.count("\n") + (0 if text.endswith("\n") or not text else 1)


def read_csv_grid(
    text: str, delim: str, limits: ReadLimits = DEFAULT_LIMITS, *, ragged: str = "report"
) -> tuple[pd.DataFrame, list[Issue]]:
    """Parse CSV text into a positional grid of str (index 1 = first record).

    Every physical line ends up in exactly one record. Records that span lines because a
    quote opened and did not close where it should are reported (``unclosed_quote``) instead
    of swallowing rows; rows with more fields than the first are reported (``too_many_fields``);
    a field over ``limits.field_chars`` is an error. ``ragged="pad"`` (input files with title
    rows) pads every row to the widest instead.
    """
    text = normalise_newlines(text)
    n_lines = _physical_lines(text)
    if not text.strip():
        return pd.DataFrame(), []
    # a field is never longer than its line: only long lines need the slow, checking path
    if max(map(len, text.split("\n"))) <= limits.field_chars:
        try:
            fast = pd.read_csv(
                _io.StringIO(text),
                sep=delim,
                header=None,
                dtype=str,
                keep_default_na=False,
                skip_blank_lines=False,
                quotechar='"',
                engine="c",
            ).fillna("")
        except pd.errors.EmptyDataError:
            return pd.DataFrame(), []
        except (pd.errors.ParserError, ValueError, OverflowError, MemoryError):
            fast = None
        # as many records as lines: no quoted field runs over a line end
        if fast is not None and len(fast) == n_lines:
            return fast, []
    return _read_csv_slow(text, delim, limits, ragged)


def _read_csv_slow(
    text: str, delim: str, limits: ReadLimits, ragged: str = "report"
) -> tuple[pd.DataFrame, list[Issue]]:
    """Record by record with the csv module, tracking the physical lines of each record."""
    issues: list[Issue] = []
    old_limit = csv.field_size_limit()
    csv.field_size_limit(max(limits.field_chars * 4 + 16, 131072))
    rows: list[list[str]] = []
    starts: list[int] = []
    try:
        reader = csv.reader(_io.StringIO(text, newline=""), delimiter=delim, quotechar='"')
        line = 0
        while True:
            start = line + 1
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                issues.append(issue("csv_unparseable", len(rows) + 1, error=str(exc)))
                break
            line = reader.line_num
            rows.append(record)
            starts.append(start)
    finally:
        csv.field_size_limit(old_limit)
    width = len(rows[0]) if rows else 0
    if ragged == "pad":
        width = max(map(len, rows), default=0)
    header = rows[0] if rows else []
    n_lines = _physical_lines(text)
    out: list[list[str]] = []
    for i, record in enumerate(rows):
        number = len(out) + 1
        end_line = starts[i + 1] - 1 if i + 1 < len(starts) else n_lines
        spans = end_line - starts[i] + 1
        if spans > 1:
            col = next((k for k, v in enumerate(record) if "\n" in v), len(record) - 1)
            value = record[col]
            continued = value.split("\n")[1:]
            suspicious = (i == len(rows) - 1 and not text.rstrip("\n").endswith('"')) or any(
                seg.count(delim) >= max(1, (width - 1) // 2) for seg in continued
            )
            suspicious = suspicious or len(record) != width
            if suspicious:
                name = header[col].strip() if col < len(header) else f"#{col + 1}"
                issues.append(
                    issue(
                        "unclosed_quote",
                        number,
                        name or f"#{col + 1}",
                        value[:60] + ("…" if len(value) > 60 else ""),
                        lines=spans,
                        line=starts[i],
                        last=end_line,
                        swallowed=f"{spans - 1} Zeile(n)",
                    )
                )
                # keep the row numbers of what follows: the record stands for one row here,
                # its swallowed lines for the rows they were
                out.append(record[: col + 1] + [""] * max(0, width - col - 1))
                for _ in range(spans - 1):
                    out.append([""] * width)
                continue
        out.append(record)
    for number, record in enumerate(out, start=1):
        for col, v in enumerate(record):
            if len(v) > limits.field_chars:
                name = header[col].strip() if col < len(header) else f"#{col + 1}"
                issues.append(
                    issue(
                        "field_too_long",
                        number,
                        name or f"#{col + 1}",
                        v[:40] + "…",
                        n=len(v),
                        limit=limits.field_chars,
                    )
                )
                record[col] = v[: limits.field_chars]
        if len(record) > width:
            if any(v.strip() for v in record[width:]):
                issues.append(issue("too_many_fields", number, n=len(record), m=width))
            out[number - 1] = record[:width]
        elif len(record) < width:
            out[number - 1] = record + [""] * (width - len(record))
    return pd.DataFrame(out, dtype=object), issues


# ---------------------------------------------------------------------------------------------
# Cells as text
# ---------------------------------------------------------------------------------------------


def cell_text(value: Any, number_format: str | None = None) -> str:
    """A spreadsheet cell (or a Python value) as the text a CSV export would show."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        if np.isnan(value):
            return ""
        if math.isinf(value):
            return str(value)
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    if isinstance(value, _dt.datetime | pd.Timestamp):
        if pd.isna(value):
            return ""
        if (value.hour, value.minute, value.second, value.microsecond) != (0, 0, 0, 0):
            return value.isoformat(sep=" ")
        return date_with_format(value.date(), number_format)
    if isinstance(value, _dt.date):
        return date_with_format(value, number_format)
    if value is pd.NA or value is pd.NaT:
        return ""
    return str(value).strip()


def date_with_format(day: _dt.date, number_format: str | None) -> str:
    """A date cell at the precision its display format shows (``MMM YY`` → ``2020-03``)."""
    fmt = re.sub(r'"[^"]*"|\[[^\]]*\]', "", (number_format or "").lower())
    if fmt and "d" not in fmt:
        if "m" in fmt:
            return f"{day.year:04d}-{day.month:02d}"
        if "y" in fmt:
            return f"{day.year:04d}"
    return day.isoformat()
