"""Problems in city data: the ``Problem`` record, its German and English messages, ``DataError``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from netzwerk import _read, _referral_checks

# ---------------------------------------------------------------------------------------------
# Problems
# ---------------------------------------------------------------------------------------------

#: code → (German template, English template). Templates use ``str.format`` fields.
_MESSAGES: dict[str, tuple[str, str]] = {
    "not_a_city": (
        "weder ein Stadtordner noch eine .xlsx-Arbeitsmappe",
        "neither a city folder nor an .xlsx workbook",
    ),
    "meta_missing": (
        "datapackage.json fehlt; mit netzwerk.write_datapackage(ordner, meta) erzeugen",
        "datapackage.json is missing; create it with netzwerk.write_datapackage(folder, meta)",
    ),
    "meta_unparseable": (
        "kein gültiges JSON ({error})",
        "not valid JSON ({error})",
    ),
    "meta_not_object": (
        "erwartet ein JSON-Objekt {{...}} mit den Metadaten der Stadt",
        "expected a JSON object {{...}} with the city's metadata",
    ),
    "meta_name_missing": (
        "Angabe 'name' (Kurzname der Stadt) fehlt; verwende den Ordnernamen",
        "'name' (the city's short name) is missing; using the folder name",
    ),
    "meta_synthetic_missing": (
        "Angabe 'synthetic' fehlt; true für erfundene, false für echte Daten eintragen",
        "'synthetic' is missing; set true for made-up data, false for real data",
    ),
    "meta_synthetic_type": (
        "'synthetic' muss true oder false sein",
        "'synthetic' must be true or false",
    ),
    "table_missing": (
        "Pflichttabelle '{table}' fehlt; erwartet {expected_de}",
        "required table '{table}' is missing; expected {expected_en}",
    ),
    "file_missing": (
        "Datei fehlt (in datapackage.json als Tabelle '{table}' angegeben)",
        "file is missing (declared in datapackage.json as table '{table}')",
    ),
    "both_formats": (
        "'{table}' liegt als CSV und als XLSX vor; verwende {used}",
        "'{table}' exists as CSV and as XLSX; using {used}",
    ),
    "file_empty": (
        "Datei ist leer; erwartet mindestens die Kopfzeile mit {columns}",
        "file is empty; expected at least the header row with {columns}",
    ),
    "no_rows": (
        "Tabelle hat keine Datenzeilen",
        "table has no data rows",
    ),
    "binary_file": (
        "keine Textdatei ({hint_de}); als CSV (UTF-8) speichern",
        "not a text file ({hint_en}); save it as CSV (UTF-8)",
    ),
    "encoding": (
        "Zeichenkodierung nicht erkennbar: Byte {byte} in Zeile {line} ist weder UTF-8 "
        "noch Windows-1252; die Datei als 'CSV UTF-8' speichern",
        "unknown character encoding: byte {byte} in line {line} is neither UTF-8 nor "
        "Windows-1252; save the file as 'CSV UTF-8'",
    ),
    "xlsx_unreadable": (
        "Arbeitsmappe nicht lesbar ({error}); mit Excel oder LibreOffice als .xlsx speichern",
        "workbook cannot be read ({error}); save it as .xlsx with Excel or LibreOffice",
    ),
    "sheet_unknown": (
        "unbekanntes Tabellenblatt, wird ignoriert; erwartet {expected}",
        "unknown sheet, ignored; expected {expected}",
    ),
    "too_many_fields": (
        "Zeile hat {n} Felder, die Kopfzeile nur {m}; Text mit Trennzeichen in "
        "Anführungszeichen setzen",
        "row has {n} fields but the header only {m}; put text containing the separator in quotes",
    ),
    "csv_unparseable": (
        "CSV nicht lesbar ({error})",
        "CSV cannot be parsed ({error})",
    ),
    "column_missing": (
        "Pflichtspalte '{missing}' fehlt in der Kopfzeile; erwartet die Spalten {columns}"
        "{suggestion}",
        "required column '{missing}' is missing from the header; expected the columns {columns}"
        "{suggestion_en}",
    ),
    "column_unknown": (
        "unbekannte Spalte, wird ignoriert{suggestion}",
        "unknown column, ignored{suggestion}",
    ),
    "column_duplicate": (
        "Spalte kommt mehrfach vor; nur die erste wird gelesen",
        "column appears more than once; only the first is read",
    ),
    "column_no_header": (
        "Spalte ohne Überschrift hat Werte; wird ignoriert",
        "column without a header has values; ignored",
    ),
    "required": (
        "Wert fehlt; '{column}' ist eine Pflichtangabe",
        "value is missing; '{column}' is required",
    ),
    "integer": (
        "keine ganze Zahl; erwartet eine ganze Zahl ≥ {minimum} ohne Tausenderpunkt, z. B. 12",
        "not a whole number; expected a whole number ≥ {minimum} without separators, e.g. 12",
    ),
    "negative": (
        "Zahl kleiner als {minimum}; erwartet eine ganze Zahl ≥ {minimum}",
        "number below {minimum}; expected a whole number ≥ {minimum}",
    ),
    "boolean": (
        "kein Wahrheitswert; erwartet wahr/falsch, ja/nein, true/false, 1/0 oder leer",
        "not a boolean; expected true/false, wahr/falsch, ja/nein, 1/0 or empty",
    ),
    "date": (
        "kein Datum; erwartet TT.MM.JJJJ, JJJJ-MM-TT, JJJJ-MM, MM.JJJJ oder JJJJ",
        "not a date; expected DD.MM.YYYY, YYYY-MM-DD, YYYY-MM, MM.YYYY or YYYY",
    ),
    "period": (
        "kein Zeitraum; erwartet TT.MM.JJJJ, JJJJ-MM-TT, JJJJ-MM, MM.JJJJ, JJJJ oder "
        "ein Quartal JJJJ-Qn",
        "not a period; expected DD.MM.YYYY, YYYY-MM-DD, YYYY-MM, MM.YYYY, YYYY or a quarter "
        "YYYY-Qn",
    ),
    "date_invalid": (
        "kein gültiges Kalenderdatum (Tag oder Monat gibt es nicht)",
        "not a calendar date (no such day or month)",
    ),
    "pattern": (
        "kein gültiger Kurzname; erwartet Kleinbuchstaben a–z, Ziffern, '-' und '_'{suggestion}",
        "not a valid short id; expected lower-case letters a–z, digits, '-' and '_'{suggestion}",
    ),
    "vocab": (
        "unbekannter Wert für '{vocab}'; erlaubt: {codes}{suggestion}",
        "unknown value for '{vocab}'; allowed: {codes}{suggestion}",
    ),
    "foreign_key": (
        "kein {target_de} mit diesem Wert in {target_file}{suggestion}",
        "no {target_en} with this value in {target_file}{suggestion}",
    ),
    "duplicate_key": (
        "Schlüssel ({key}) doppelt; schon in Zeile {first}",
        "duplicate key ({key}); already in row {first}",
    ),
    "parent_cycle": (
        "parent_id bildet einen Kreis: {cycle}; eine Organisation kann nicht (mittelbar) "
        "ihre eigene übergeordnete Organisation sein",
        "parent_id forms a cycle: {cycle}; an organisation cannot be its own (indirect) parent",
    ),
    "quote_no_source": (
        "Zitat ohne source_id; die Quelle angeben, in der das Zitat steht",
        "quote without source_id; name the source that contains the quote",
    ),
    "quote_not_found": (
        "Zitat steht nicht in sources/{source_file} (verglichen wird wörtlich, nur Folgen von "
        "Leerraum zählen als ein Leerzeichen)",
        "quote not found in sources/{source_file} (compared literally; only runs of whitespace "
        "count as one space)",
    ),
    "quotes_unchecked": (
        "Zitate nicht geprüft: die Stadt hat keinen Ordner mit sources/",
        "quotes not checked: the city has no folder with sources/",
    ),
    "source_file_missing": (
        "Quelldatei sources/{source_file} nicht gefunden",
        "source file sources/{source_file} not found",
    ),
    "source_file_unreadable": (
        "Quelldatei sources/{source_file} ist keine lesbare Textdatei (UTF-8 oder Windows-1252); "
        "Zitate können nicht geprüft werden",
        "source file sources/{source_file} is not a readable text file (UTF-8 or Windows-1252); "
        "quotes cannot be checked",
    ),
    "actor_unused": (
        "Akteur kommt in keiner Teilnahme, keinem Verweis, keiner Ressourcenkarte und keiner "
        "Befragungsbeziehung vor",
        "actor appears in no participation, no referral, no resource card and no survey tie",
    ),
    "event_empty": (
        "Veranstaltung hat keine Teilnehmenden in participation",
        "event has no participants in participation",
    ),
    "self_referral": (
        "Verweis an sich selbst (from_id = to_id)",
        "referral to itself (from_id = to_id)",
    ),
    "attribution_without_actor": (
        "attribution '{attribution}', aber actor_id ist leer",
        "attribution '{attribution}' but actor_id is empty",
    ),
    "attribution_unknown_actor": (
        "attribution 'unknown', aber actor_id ist angegeben; 'stated' oder 'inferred' verwenden",
        "attribution 'unknown' but actor_id is given; use 'stated' or 'inferred'",
    ),
}
_MESSAGES.update(_referral_checks.MESSAGES)  # count maximum, overlapping periods

_MESSAGES.update(_read.READ_MESSAGES)


@dataclass(frozen=True)
class Problem:
    """One problem found in a city's data.

    Attributes
    ----------
    file : str
        The file (relative to the city folder, e.g. ``"actors.csv"``), a workbook sheet
        (``"stadt.xlsx[actors]"``) or a table name when a :class:`City` object was checked.
    row : int or None
        The row as a spreadsheet shows it: the header is row 1, the first data row is row 2.
    column : str or None
        The column the problem is in.
    value : object
        The offending value as found in the file (None when the problem has no single value).
    message : str
        What is wrong and what is expected, in German.
    severity : {"error", "warning"}
        Errors make :func:`load_city` fail; warnings are shown but do not.
    code : str
        A stable identifier of the kind of problem (e.g. ``"foreign_key"``, ``"vocab"``).
    message_en : str
        The message in English.
    """

    file: str
    row: int | None
    column: str | None
    value: Any
    message: str
    severity: str = "error"
    code: str = ""
    message_en: str = ""

    def format(self, lang: str = "de") -> str:
        """The problem as one line: where, the value, the message (``lang`` "de" or "en")."""
        if lang not in ("de", "en"):
            raise ValueError(f"lang must be 'de' or 'en', got {lang!r}")
        row_word, col_word = ("Zeile", "Spalte") if lang == "de" else ("row", "column")
        where = self.file
        if self.row is not None:
            where += f", {row_word} {self.row}"
        if self.column:
            where += f", {col_word} {self.column!r}"
        value = "" if self.value is None else f": {self.value!r}"
        message = self.message_en if lang == "en" and self.message_en else self.message
        return f"{where}{value}: {message}"

    def __str__(self) -> str:
        return self.format("de")


def _problem(
    code: str,
    file: str,
    row: int | None = None,
    column: str | None = None,
    value: Any = None,
    *,
    severity: str = "error",
    **params: Any,
) -> Problem:
    de, en = _MESSAGES[code]
    return Problem(
        file=file,
        row=None if row is None else int(row),
        column=column,
        value=value,
        message=de.format(**params),
        severity=severity,
        code=code,
        message_en=en.format(**params),
    )


class DataError(ValueError):
    """Invalid city data; ``problems`` lists every problem found (errors and warnings).

    Examples
    --------
    >>> err = DataError([Problem("actors.csv", 3, "sector", "wohlfart", "unbekannt")])
    >>> len(err.problems), err.problems[0].row
    (1, 3)
    """

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        lines = [str(p) for p in self.problems if p.severity == "error"] or [
            str(p) for p in self.problems
        ]
        super().__init__(f"{len(lines)} problem(s) in the data:\n" + "\n".join(lines))
