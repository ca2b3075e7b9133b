"""The questionnaire: a roster workbook to fill in, and a codebook for online survey tools.

The workbook (:func:`write_survey_template`) has an instruction sheet with the data-protection
note, a hidden sheet ``listen`` with the answer lists, and either one sheet per respondent
organisation listing every other actor (``layout="sheets"``) or one long sheet ``Antworten``
with a row per respondent and partner (``layout="long"``). Every answer column has a drop-down
list. The codebook (:func:`write_codebook`) names one variable per partner and item, with the
question text and the answer codes, so that a survey in LimeSurvey or SoSci Survey can be set up
from it and its wide export read back (:func:`netzwerk.survey.import_survey`).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import pandas as pd

from netzwerk.io import City
from netzwerk.survey._validate import ITEMS
from netzwerk.vocab import load_vocabulary

__all__ = ["write_codebook", "write_survey_template"]

#: Answer columns of a questionnaire sheet: (column of survey_ties, header, codebook suffix).
ANSWER_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("level", "Zusammenarbeit (0–4)", "lev"),
    ("frequency", "Häufigkeit", "frq"),
    ("value_influence", "Wert: Einfluss", "vin"),
    ("value_involvement", "Wert: Engagement", "vel"),
    ("value_resources", "Wert: Ressourcen", "vre"),
    ("trust_reliability", "Vertrauen: Verlässlichkeit", "tre"),
    ("trust_mission", "Vertrauen: gemeinsames Anliegen", "tmi"),
    ("trust_openness", "Vertrauen: Offenheit", "top"),
    ("field", "Handlungsfeld", "fld"),
)
PARTNER_HEADER = "Partnerorganisation"
PARTNER_ID = "partner_id"
RESPONDENT_ID = "respondent_id"
RESPONDENT_HEADER = "Befragte Organisation"
#: Labels of the cells above the table of a respondent sheet (column A; the value is in B).
CELL_ID, CELL_DATE = "actor_id:", "Datum der Antwort:"
CELL_PERSON, CELL_EMAIL = "Ausgefüllt von (nur für Rückfragen):", "E-Mail (nur für Rückfragen):"
LONG_SHEET = "Antworten"

QUESTIONS: dict[str, str] = {
    "level": "Wie eng arbeitet Ihre Organisation mit dieser Organisation zusammen?",
    "frequency": "Wie oft haben Sie Kontakt?",
    "value_influence": "Wie viel Einfluss hat diese Organisation auf die Integrationsarbeit vor "
    "Ort?",
    "value_involvement": "Wie sehr engagiert sich diese Organisation im Netzwerk?",
    "value_resources": "Wie viel bringt diese Organisation an Ressourcen ein (Wissen, Räume, "
    "Geld, Kontakte)?",
    "trust_reliability": "Wie verlässlich hält diese Organisation Absprachen ein?",
    "trust_mission": "Wie sehr teilt diese Organisation die Ziele des Netzwerks?",
    "trust_openness": "Wie offen ist diese Organisation für Gespräche und Kritik?",
    "field": "In welchem Handlungsfeld arbeiten Sie vor allem zusammen?",
}

_INSTRUCTIONS = [
    ("Netzwerkbefragung – Fragebogen", True),
    ("", False),
    ("So füllen Sie den Fragebogen aus", True),
    ("1. Jedes Blatt gehört zu einer befragten Organisation; es listet alle anderen "
     "Organisationen des Netzwerks. Bitte beantworten Sie die Fragen für Ihre Organisation als "
     "Ganzes, nicht für sich persönlich.", False),
    ("2. Spalte „Zusammenarbeit“: 0 keine Zusammenarbeit, 1 Kenntnis (man kennt sich und weiß, "
     "wen man anspricht), 2 Kooperation (Informationen austauschen, Klientinnen und Klienten "
     "verweisen), 3 Koordination (Angebote abstimmen, gemeinsam planen), 4 Integration "
     "(gemeinsame Angebote und Ressourcen).", False),
    ("3. Nur bei Zusammenarbeit ab Stufe 1: Häufigkeit, die drei Fragen zum Wert und die drei "
     "Fragen zum Vertrauen (1 gar nicht, 2 ein wenig, 3 ziemlich, 4 sehr). Leer lassen heißt: "
     "keine Angabe.", False),
    ("4. Organisationen, mit denen Sie nicht zusammenarbeiten, lassen Sie leer oder tragen 0 "
     "ein. Bitte die Spalten partner_id und actor_id nicht ändern.", False),
    ("", False),
    ("Datenschutz", True),
    ("Die Befragung fragt nach Organisationen, nicht nach Personen. Die Felder „Ausgefüllt von“ "
     "und „E-Mail“ dienen nur Rückfragen während der Befragung: Sie werden beim Import "
     "verworfen und nirgends gespeichert. Bewertungen einzelner Organisationen werden nur "
     "berichtet, wenn mindestens drei Organisationen sie bewertet haben.", False),
    ("", False),
    ("Auswertung", True),
    ("netzwerk import survey DATEI.xlsx --city ORDNER --wave WELLE", False),
]  # fmt: skip


def _check_city(city: Any) -> None:
    if not isinstance(city, City):
        raise TypeError(f"city must be a netzwerk City, got {type(city).__name__}")


def answer_lists() -> dict[str, list[str]]:
    """The drop-down entries per answer column ("2 – Kooperation", "monatlich", …)."""
    levels = load_vocabulary("cooperation_levels")
    scale = load_vocabulary("survey_scale")
    freq = load_vocabulary("frequencies")
    fields = load_vocabulary("fields")
    out = {
        "level": [f"{c} – {levels.label(c)}" for c in levels.codes],
        "frequency": [freq.label(c) for c in freq.codes],
        "field": [fields.label(c) for c in fields.codes],
    }
    for item in ITEMS:
        out[item] = [f"{c} – {scale.label(c)}" for c in scale.codes]
    return out


def _roster(city: City) -> pd.DataFrame:
    actors = city.actors
    keep = ~actors["aggregate"].fillna(False).to_numpy(dtype=bool)
    return actors.loc[keep, ["actor_id", "name"]].astype(str).reset_index(drop=True)


def _sheet_title(k: int, name: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", f"{k:03d} {name}")[:31].strip()
    title, n = base, 1
    while title.lower() in used:
        n += 1
        title = f"{base[:27]} ({n})"
    used.add(title.lower())
    return title


def write_survey_template(
    city: City,
    path: str | Path,
    *,
    wave: str | int,
    layout: str = "sheets",
    overwrite: bool = False,
) -> Path:
    """Write the roster questionnaire of a survey wave as an Excel workbook.

    Parameters
    ----------
    city : City
        The city; every actor that is not an aggregate (a group of unnamed organisations) is
        on the roster.
    path : str or Path
        The ``.xlsx`` file to write.
    wave : str or int
        The survey wave (e.g. ``2024``), written into the workbook.
    layout : {"sheets", "long"}
        ``"sheets"``: one sheet per respondent organisation (sheet ``001 Name``, cells for the
        ``actor_id``, the date and — for queries only, dropped on import — the person who filled
        it in). ``"long"``: one sheet ``Antworten`` with a row per respondent and partner.
    overwrite : bool
        Replace an existing file.

    Returns
    -------
    Path
        The written workbook.

    Raises
    ------
    FileExistsError
        If ``path`` exists and ``overwrite`` is False.
    ValueError
        For an unknown ``layout`` or a city with fewer than two actors.

    See Also
    --------
    write_codebook : The same questions for online survey tools.
    import_survey : Reads the filled-in workbook.

    Examples
    --------
    >>> import tempfile, pathlib, openpyxl, pandas as pd
    >>> city = City.from_frames(actors=pd.DataFrame({"actor_id": ["a", "b", "c"],
    ...     "name": ["AWO", "Caritas", "Jobcenter"], "sector": ["wohlfahrt"] * 3,
    ...     "level": ["kommune"] * 3}))
    >>> out = write_survey_template(city, pathlib.Path(tempfile.mkdtemp()) / "f.xlsx", wave=2024)
    >>> wb = openpyxl.load_workbook(out)
    >>> wb.sheetnames
    ['Anleitung', 'listen', '001 AWO', '002 Caritas', '003 Jobcenter']
    >>> [c.value for c in wb["001 AWO"]["A"]][-2:]
    ['Caritas', 'Jobcenter']
    """
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    _check_city(city)
    if layout not in ("sheets", "long"):
        raise ValueError(f"layout must be 'sheets' or 'long', got {layout!r}")
    path = Path(path)
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path} exists; choose another file or pass overwrite=True")
    roster = _roster(city)
    if len(roster) < 2:
        raise ValueError(f"the city {city.name} has {len(roster)} actors; a survey needs two")
    wave = str(wave)
    lists = answer_lists()
    wb = openpyxl.Workbook()
    info = wb.active
    info.title = "Anleitung"
    title = city.meta.get("title") or city.name
    for r, (text, strong) in enumerate(
        [(f"{_INSTRUCTIONS[0][0]}: {title}, Welle {wave}", True), *_INSTRUCTIONS[1:]], start=1
    ):
        info.cell(r, 1, text).font = Font(bold=strong)
    info.column_dimensions["A"].width = 120
    listen = wb.create_sheet("listen")
    ranges: dict[str, str] = {}
    for j, (column, _, _) in enumerate(ANSWER_COLUMNS, start=1):
        letter = openpyxl.utils.get_column_letter(j)
        for i, entry in enumerate(lists[column], start=1):
            listen.cell(i, j, entry)
        ranges[column] = f"listen!${letter}$1:${letter}${len(lists[column])}"
    listen.sheet_state = "hidden"
    header = [PARTNER_HEADER, PARTNER_ID, *(h for _, h, _ in ANSWER_COLUMNS)]

    def table(ws: Any, top: int, rows: list[list[str]], first: int) -> None:
        """Header at row ``top``, data below; drop-downs from column ``first`` on."""
        for j, h in enumerate(header if first == 3 else [RESPONDENT_HEADER, RESPONDENT_ID,
                                                         *header], start=1):  # fmt: skip
            ws.cell(top, j, h).font = Font(bold=True)
        for i, row in enumerate(rows, start=top + 1):
            for j, value in enumerate(row, start=1):
                ws.cell(i, j, value)
        last = top + max(len(rows), 1)
        for k, (column, _, _) in enumerate(ANSWER_COLUMNS):
            letter = openpyxl.utils.get_column_letter(first + k)
            dv = DataValidation(type="list", formula1=f"={ranges[column]}", allow_blank=True)
            dv.add(f"{letter}{top + 1}:{letter}{last}")
            ws.add_data_validation(dv)
        ws.freeze_panes = ws.cell(top + 1, first)
        ws.column_dimensions["A"].width = 40

    ids, names = roster["actor_id"].tolist(), roster["name"].tolist()
    if layout == "sheets":
        used = {"anleitung", "listen"}
        for k, (aid, name) in enumerate(zip(ids, names, strict=True), start=1):
            ws = wb.create_sheet(_sheet_title(k, name, used))
            ws.cell(1, 1, f"Netzwerkbefragung {title}, Welle {wave}").font = Font(bold=True)
            ws.cell(2, 1, "Befragte Organisation:")
            ws.cell(2, 2, name)
            ws.cell(3, 1, CELL_ID)
            ws.cell(3, 2, aid)
            ws.cell(4, 1, CELL_DATE)
            ws.cell(5, 1, CELL_PERSON)
            ws.cell(6, 1, CELL_EMAIL)
            rows = [[n, i] for i, n in zip(ids, names, strict=True) if i != aid]
            table(ws, 8, rows, 3)
    else:
        ws = wb.create_sheet(LONG_SHEET)
        rows = [
            [name, aid, n, i]
            for aid, name in zip(ids, names, strict=True)
            for i, n in zip(ids, names, strict=True)
            if i != aid
        ]
        table(ws, 1, rows, 5)
    wb.properties.title = f"Netzwerkbefragung {title} {wave}"
    wb.properties.subject = f"wave={wave}; city={city.name}"
    wb.save(path)
    return path


def codebook_variable(k: int, column: str) -> str:
    """The variable name of answer ``column`` about partner number ``k`` (1-based)."""
    suffix = {c: s for c, _, s in ANSWER_COLUMNS}[column]
    return f"p{k:04d}{suffix}"


def write_codebook(city: City, path: str | Path, *, overwrite: bool = False) -> Path:
    """Write the codebook of the questionnaire: one row per variable of an online survey.

    Survey tools (LimeSurvey, SoSci Survey) want short alphanumeric variable names and
    numeric answer codes. The codebook lists, for every partner :math:`k` on the roster and
    every answer column, the variable ``p<k><item>`` (``p0001lev`` … ``p0001fld``), the
    partner's ``actor_id`` and name, the question in German and the answer codes. The
    respondent names its organisation in variable ``org`` (a list of the roster's names) or
    the survey passes the ``actor_id`` in ``orgid`` (a hidden field or access token). A wide
    export with these variables is read by :func:`netzwerk.survey.import_survey`.

    Parameters
    ----------
    city : City
        The city; the roster is every non-aggregate actor, in table order.
    path : str or Path
        The CSV file (UTF-8, comma-separated).
    overwrite : bool
        Replace an existing file.

    Returns
    -------
    Path

    See Also
    --------
    write_survey_template : The workbook questionnaire.
    import_survey : Reads the answers of either.

    Examples
    --------
    >>> import tempfile, pathlib, pandas as pd
    >>> city = City.from_frames(actors=pd.DataFrame({"actor_id": ["a", "b"],
    ...     "name": ["AWO", "Caritas"], "sector": ["wohlfahrt"] * 2, "level": ["kommune"] * 2}))
    >>> out = write_codebook(city, pathlib.Path(tempfile.mkdtemp()) / "codebook.csv")
    >>> book = pd.read_csv(out, dtype=str)
    >>> book["variable"].tolist()[:4], len(book)
    (['org', 'orgid', 'p0001lev', 'p0001frq'], 20)
    >>> book.loc[2, "answers"]
    '0=keine Zusammenarbeit; 1=Kenntnis; 2=Kooperation; 3=Koordination; 4=Integration'
    """
    _check_city(city)
    path = Path(path)
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path} exists; choose another file or pass overwrite=True")
    roster = _roster(city)
    levels, scale = load_vocabulary("cooperation_levels"), load_vocabulary("survey_scale")
    freq, fields = load_vocabulary("frequencies"), load_vocabulary("fields")

    def codes(vocab: Any) -> str:
        return "; ".join(f"{c}={vocab.label(c)}" for c in vocab.codes)

    answers = {
        "level": codes(levels),
        "frequency": codes(freq),
        "field": codes(fields),
        **{item: codes(scale) for item in ITEMS},
    }
    rows = [
        ["org", "", "", "respondent", "Für welche Organisation antworten Sie?",
         "Name wie in der Liste der Organisationen"],
        ["orgid", "", "", "respondent_id", "(verstecktes Feld oder Zugangsschlüssel)",
         "actor_id der antwortenden Organisation"],
    ]  # fmt: skip
    for k, (aid, name) in enumerate(zip(roster["actor_id"], roster["name"], strict=True), 1):
        for column, _, _ in ANSWER_COLUMNS:
            rows.append(
                [codebook_variable(k, column), aid, name, column,
                 f"{name}: {QUESTIONS[column]}", answers[column]]
            )  # fmt: skip
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["variable", "partner_id", "partner_name", "item", "question", "answers"])
        writer.writerows(rows)
    return path
