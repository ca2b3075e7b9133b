"""The spreadsheet template (``netzwerk template``) and turning a filled workbook into a city folder."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from netzwerk._schema import ALL_TABLES, SURVEY_TABLES, TABLES, TEMPLATE_SHEETS
from netzwerk.importers._common import _refuse_formulas
from netzwerk.vocab import load_vocabulary

# ---------------------------------------------------------------------------------------------
# The spreadsheet template
# ---------------------------------------------------------------------------------------------

#: Two example rows per table: a tiny made-up city that validates (quotes are in the two
#: example source texts that :func:`write_template` puts under ``sources/``).
_EXAMPLE_SOURCES = {
    "beispiel-pressemitteilung.txt": (
        "Musterstadt, 12. März 2024. Das Integrationsbüro der Stadt Musterstadt lud zum "
        "Fachtag Integration ein. Der Verein Brückenschlag stellte seine Sprachmittlung vor.\n"
    ),
    "beispiel-protokoll.txt": (
        "Protokoll Netzwerktreffen Integration, Mai 2024. Teilnehmende: Verein Brückenschlag, "
        "Integrationsbüro. Der Verein berichtet, dass er im ersten Quartal zwölf Personen an "
        "das Integrationsbüro verwiesen hat. Umgekehrt verweist das Integrationsbüro "
        "regelmäßig zu Sprachkursen an den Verein.\n"
    ),
}
_EXAMPLE_ROWS: dict[str, list[dict[str, object]]] = {
    "sources": [
        {"source_id": "beispiel-pm", "file": "beispiel-pressemitteilung.txt",
         "title": "Fachtag Integration (Beispiel)", "publisher": "Stadt Musterstadt",
         "date": "2024-03-12"},
        {"source_id": "beispiel-protokoll", "file": "beispiel-protokoll.txt",
         "title": "Protokoll Netzwerktreffen (Beispiel)",
         "publisher": "Integrationsbüro Musterstadt", "date": "2024-05"},
    ],
    "actors": [
        {"actor_id": "ms-integrationsbuero", "name": "Integrationsbüro der Stadt Musterstadt",
         "sector": "verwaltung", "level": "kommune", "aggregate": False,
         "source_id": "beispiel-pm"},
        {"actor_id": "ms-brueckenschlag", "name": "Verein Brückenschlag e.V.", "sector": "mso",
         "level": "kommune", "aggregate": False, "source_id": "beispiel-pm"},
    ],
    "events": [
        {"event_id": "ms-fachtag-2024", "title": "Fachtag Integration", "kind": "fachtag",
         "date": "2024-03-12", "venue_id": "ms-integrationsbuero", "n_participants": 40,
         "source_id": "beispiel-pm"},
        {"event_id": "ms-netzwerktreffen-2024-05", "title": "Netzwerktreffen Integration",
         "kind": "netzwerktreffen", "date": "2024-05", "series": "netzwerktreffen",
         "source_id": "beispiel-protokoll"},
    ],
    "participation": [
        {"event_id": "ms-fachtag-2024", "actor_id": "ms-integrationsbuero",
         "role": "organizer", "source_id": "beispiel-pm",
         "quote": "Das Integrationsbüro der Stadt Musterstadt lud zum Fachtag Integration ein",
         "inferred": False},
        {"event_id": "ms-netzwerktreffen-2024-05", "actor_id": "ms-brueckenschlag",
         "role": "participant", "source_id": "beispiel-protokoll",
         "quote": "Teilnehmende: Verein Brückenschlag", "inferred": False},
    ],
    "referrals": [
        {"from_id": "ms-brueckenschlag", "to_id": "ms-integrationsbuero",
         "field": "aufenthalt", "period": "2024-Q1", "count": 12,
         "source_id": "beispiel-protokoll",
         "quote": "im ersten Quartal zwölf Personen an das Integrationsbüro verwiesen",
         "inferred": False},
        {"from_id": "ms-integrationsbuero", "to_id": "ms-brueckenschlag",
         "field": "deutscherwerb", "period": "2024", "source_id": "beispiel-protokoll",
         "quote": "verweist das Integrationsbüro regelmäßig zu Sprachkursen an den Verein",
         "inferred": False, "note": "Anzahl nicht genannt"},
    ],
    "resources": [
        {"resource_id": "ms-karte-01", "actor_id": "ms-brueckenschlag",
         "attribution": "stated", "kind": "offer", "topic": "sprachmittlung",
         "text": "Ich biete: Sprachmittlung Arabisch und Farsi",
         "event_id": "ms-netzwerktreffen-2024-05"},
        {"resource_id": "ms-karte-02", "attribution": "unknown", "kind": "need",
         "topic": "wohnen", "text": "Ich suche: Kontakt zu Wohnungsgesellschaften",
         "event_id": "ms-netzwerktreffen-2024-05"},
    ],
    # the network survey (#17): both organisations answered wave 2024 and named each other
    "survey_respondents": [
        {"wave": "2024", "actor_id": "ms-integrationsbuero", "responded": True,
         "date": "2024-06-10"},
        {"wave": "2024", "actor_id": "ms-brueckenschlag", "responded": True,
         "date": "2024-06-14"},
    ],
    "survey_ties": [
        {"wave": "2024", "from_id": "ms-integrationsbuero", "to_id": "ms-brueckenschlag",
         "level": 2, "frequency": "quartalsweise", "field": "deutscherwerb"},
        {"wave": "2024", "from_id": "ms-brueckenschlag", "to_id": "ms-integrationsbuero",
         "level": 3, "frequency": "monatlich", "field": "aufenthalt"},
    ],
}  # fmt: skip

_META_ROWS = [
    ("name", "musterstadt", "Kurzname der Stadt (Ordnername, klein, ohne Leerzeichen)",
     "short name of the city"),
    ("title", "Musterstadt: Beispieldaten", "Titel des Datensatzes", "title of the data set"),
    ("city", "Musterstadt", "Name der Stadt oder des Kreises", "city or county"),
    ("land", "", "Bundesland", "federal state"),
    ("programme", "", "Förderprogramm (z. B. KIM, WIR), falls zutreffend", "programme"),
    ("synthetic", "true",
     "true = erfundene Daten (wie diese Beispiele), false = echte Daten: beim Eintragen eigener "
     "Daten auf false setzen", "true for made-up data (like these examples), false for real data"),
    ("description", "Beispielzeilen der netzwerk-Vorlage; durch eigene Daten ersetzen.",
     "Beschreibung: Quellen, Entscheidungen, Lücken", "description"),
]  # fmt: skip

_VOCAB_OF_COLUMN = {
    "sector": "sectors",
    "level": "levels",
    "role": "roles",
    "kind": None,  # events: event_kinds; resources: resource_kinds (set per table below)
    "field": "fields",
    "topic": "topics",
    "attribution": "attributions",
}

_INSTRUCTIONS = {
    "de": [
        ("netzwerk – Vorlage für eigene Daten", True),
        ("", False),
        ("So füllen Sie die Vorlage aus", True),
        ("1. Jedes Tabellenblatt ist eine Tabelle: sources (Quellen), actors (Akteure), events "
         "(Veranstaltungen), participation (Teilnahme), referrals (Verweise, optional), resources "
         "(Ressourcenbörse, optional), survey_respondents und survey_ties (Netzwerkbefragung: wer "
         "geantwortet hat und wen er nennt, optional), meta (Angaben zur Stadt).", False),
        ("2. Die erste Zeile jedes Blatts enthält die Spaltennamen: nicht ändern. Fett gedruckte "
         "Spalten sind Pflicht. Ein Kommentar an jedem Spaltenkopf erklärt die Spalte.", False),
        ("3. Die zwei Beispielzeilen je Blatt bilden eine winzige, gültige Beispielstadt. Löschen "
         "oder überschreiben Sie sie, wenn Sie eigene Daten eintragen, und setzen Sie im Blatt "
         "meta „synthetic“ auf false.", False),
        ("4. Spalten mit Auswahlliste (Sektor, Ebene, Rolle, Art, Handlungsfeld, Thema, "
         "Zuordnung, ja/nein) nehmen nur die Codes der Liste an; die Bedeutung der Codes steht "
         "unten. Bei Verweisen auf andere Blätter (actor_id, event_id, source_id) schlägt die "
         "Liste die eingetragenen Kurznamen vor.", False),
        ("5. Kurznamen (actor_id, event_id, source_id, resource_id) bestehen aus Kleinbuchstaben, "
         "Ziffern, - und _ (z. B. of-caritas).", False),
        ("6. Datumsangaben: 2024-03-12 oder 12.03.2024; nur Monat oder Jahr: 2024-03, 03.2024, "
         "2024; Zeiträume bei Verweisen auch als Quartal: 2024-Q1.", False),
        ("7. Jede Zeile braucht einen Beleg: source_id und, wo möglich, ein wörtliches Zitat "
         "(quote) aus der Quelldatei. Die Quelltexte liegen als .txt im Ordner sources/ neben "
         "dieser Datei. Erschlossenes (nicht wörtlich Belegtes) mit inferred = true markieren.",
         False),
        ("8. Keine personenbezogenen Daten: Akteure sind Organisationen, Ämter und Gremien, keine "
         "Personen. Namen, E-Mail-Adressen und Telefonnummern gehören nicht in die Tabellen.",
         False),
        ("", False),
        ("Prüfen und auswerten", True),
        ("netzwerk validate DATEI.xlsx   – prüft alles und nennt jedes Problem mit Blatt, Zeile "
         "und Spalte", False),
        ("netzwerk import workbook DATEI.xlsx --out ORDNER   – die ausgefüllte Vorlage als "
         "Stadtordner speichern", False),
        ("netzwerk import attendance LISTE.xlsx --city ORDNER --event EVENT_ID   – "
         "Teilnahmeliste übernehmen", False),
        ("netzwerk import referrals EXPORT.csv --city ORDNER   – Fallexport zu Verweiszahlen "
         "zusammenfassen", False),
        ("", False),
        ("Codes der Auswahllisten", True),
    ],
    "en": [
        ("netzwerk – template for your own data", True),
        ("", False),
        ("How to fill in the template", True),
        ("1. Each sheet is one table: sources, actors, events, participation, referrals "
         "(optional), resources (optional), survey_respondents and survey_ties (network survey: "
         "who answered and whom they named, optional), meta (about the city).", False),
        ("2. Row 1 of each sheet holds the column names: do not change them. Bold columns are "
         "required. A comment on each header explains the column.", False),
        ("3. The two example rows per sheet form a tiny valid example city. Delete or overwrite "
         "them with your data and set 'synthetic' to false in the meta sheet.", False),
        ("4. Columns with a drop-down list accept only the codes listed below. Columns that "
         "refer to other sheets (actor_id, event_id, source_id) suggest the ids entered there.",
         False),
        ("5. Ids (actor_id, event_id, source_id, resource_id): lower-case letters, digits, - "
         "and _.", False),
        ("6. Dates: 2024-03-12 or 12.03.2024; month or year only: 2024-03, 03.2024, 2024; "
         "referral periods also as quarters: 2024-Q1.", False),
        ("7. Every row needs evidence: source_id and, where possible, a literal quote from the "
         "source file (.txt files in sources/ beside this workbook). Mark inferred rows with "
         "inferred = true.", False),
        ("8. No personal data: actors are organisations, offices and bodies, not people.",
         False),
        ("", False),
        ("Check and analyse", True),
        ("netzwerk validate FILE.xlsx", False),
        ("netzwerk import workbook FILE.xlsx --out FOLDER", False),
        ("netzwerk import attendance LIST.xlsx --city FOLDER --event EVENT_ID", False),
        ("netzwerk import referrals EXPORT.csv --city FOLDER", False),
        ("", False),
        ("Codes of the drop-down lists", True),
    ],
}  # fmt: skip


def _vocab_for(table: str, column: str) -> str | None:
    if column == "kind":
        return {"events": "event_kinds", "resources": "resource_kinds"}.get(table)
    col = TABLES[table].column(column)
    if table in SURVEY_TABLES:  # their level is the 0–4 tie strength, not the levels list
        return col.vocab
    return col.vocab or _VOCAB_OF_COLUMN.get(column)


def write_template(
    path: str | Path,
    *,
    lang: str = "de",
    example_sources: bool = True,
    overwrite: bool = False,
) -> Path:
    """Write the Excel template for a city's data: one sheet per table, with drop-downs.

    The workbook has an instruction sheet (``Anleitung``, German; English with
    ``lang="en"``), a ``meta`` sheet (key, value, explanation) and one sheet per table of the
    data contract with the schema's headers (required columns in bold, each header with a
    comment explaining it), two example rows, frozen header row and a drop-down list for
    every controlled column (sector, level, role, kind, field, topic, attribution, and the
    boolean columns); the lists come from a hidden sheet ``listen``. Columns that refer to
    another sheet (``actor_id``, ``event_id``, ``source_id``, ``parent_id``, ``venue_id``)
    suggest the ids entered there. The example rows form a tiny valid city: with
    ``example_sources`` the two source texts they quote are written to ``sources/`` beside
    the workbook (existing files are kept), so ``netzwerk validate OUT.xlsx`` passes.

    Parameters
    ----------
    path : str or Path
        The ``.xlsx`` file to write.
    lang : {"de", "en"}, default "de"
        Language of the instruction sheet and the vocabulary labels.
    example_sources : bool, default True
        Also write the example source texts to ``sources/`` beside the workbook.
    overwrite : bool, default False
        Replace an existing file.

    Returns
    -------
    Path
        The written workbook.

    Raises
    ------
    ValueError
        If ``lang`` is not "de" or "en", or ``path`` does not end in ``.xlsx``.
    FileExistsError
        If ``path`` exists and ``overwrite`` is False.

    See Also
    --------
    workbook_to_folder : Turns the filled-in workbook into a city folder.
    netzwerk.io.load_city : Also reads the workbook directly.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from netzwerk.io import load_city
    >>> out = write_template(pathlib.Path(tempfile.mkdtemp()) / "vorlage.xlsx")
    >>> city = load_city(out)
    >>> len(city.actors), len(city.events), len(city.referrals), city.synthetic
    (2, 2, 2, True)
    """
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    if lang not in ("de", "en"):
        raise ValueError(f"lang must be 'de' or 'en', got {lang!r}")
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ValueError(f"path must end in .xlsx, got {str(path)!r}")
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path} exists; choose another name or pass overwrite=True")
    n_rows = 1000  # rows that carry the drop-downs
    wb = openpyxl.Workbook()
    guide = wb.active
    guide_name, lists_name = TEMPLATE_SHEETS
    guide.title = guide_name
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    vocab_names = sorted(
        {v for t in ALL_TABLES for c in TABLES[t].column_names if (v := _vocab_for(t, c))},
        key=["sectors", "levels", "event_kinds", "event_statuses", "roles", "fields", "topics",
             "attributions", "resource_kinds", "frequencies"].index,
    )  # fmt: skip
    vocabs = {v: load_vocabulary(v) for v in vocab_names}
    # hidden sheet with the lists
    lists = wb.create_sheet(lists_name)
    list_ref: dict[str, str] = {}
    for k, v in enumerate([*vocab_names, "boolean"], start=1):
        letter = get_column_letter(k)
        codes = vocabs[v].codes if v != "boolean" else ["true", "false"]
        lists.cell(1, k, v)
        for r, code in enumerate(codes, start=2):
            lists.cell(r, k, code)
        list_ref[v] = f"{quote_sheetname(lists_name)}!${letter}$2:${letter}${len(codes) + 1}"
    lists.sheet_state = "hidden"
    # instruction sheet
    row = 1
    for text, strong in _INSTRUCTIONS[lang]:
        cell = guide.cell(row, 1, text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if strong:
            cell.font = bold
        row += 1
    for v in vocab_names:
        guide.cell(row, 1, v).font = bold
        row += 1
        for code in vocabs[v].codes:
            guide.cell(row, 1, code)
            guide.cell(row, 2, vocabs[v].label(code, lang))
            guide.cell(row, 3, str(vocabs[v].table.at[code, "description"]))
            row += 1
        row += 1
    guide.column_dimensions["A"].width = 100
    guide.column_dimensions["B"].width = 30
    guide.column_dimensions["C"].width = 80
    # meta sheet
    meta = wb.create_sheet("meta")
    for k, h in enumerate(("key", "value", "Erläuterung" if lang == "de" else "explanation"), 1):
        meta.cell(1, k, h).font = bold
    for r, (key, value, de, en) in enumerate(_META_ROWS, start=2):
        meta.cell(r, 1, key)
        meta.cell(r, 2, value)
        meta.cell(r, 3, de if lang == "de" else en)
    meta.column_dimensions["A"].width = 14
    meta.column_dimensions["B"].width = 40
    meta.column_dimensions["C"].width = 80
    # one sheet per table
    key_column = {t: TABLES[t].key[0] for t in ALL_TABLES}
    for table in ALL_TABLES:
        schema = TABLES[table]
        ws = wb.create_sheet(table)
        for k, col in enumerate(schema.columns, start=1):
            cell = ws.cell(1, k, col.name)
            cell.fill = header_fill
            cell.font = Font(bold=col.required)
            note = col.description or col.name
            if col.required:
                note += " (Pflicht)" if lang == "de" else " (required)"
            if col.type in ("date", "period"):
                note += " – z. B. 2024-03-12, 12.03.2024, 2024-03, 2024"
                if col.type == "period":
                    note += ", 2024-Q1"
            cell.comment = Comment(note, "netzwerk")
            ws.column_dimensions[get_column_letter(k)].width = max(14, min(40, len(col.name) + 6))
            rng = f"{get_column_letter(k)}2:{get_column_letter(k)}{n_rows}"
            vocab = _vocab_for(table, col.name)
            dv = None
            if vocab is not None:
                dv = DataValidation(type="list", formula1=f"={list_ref[vocab]}", allow_blank=True)
                dv.error = (
                    f"Bitte einen Code aus der Liste {vocab} wählen (siehe Anleitung)."
                    if lang == "de"
                    else f"Choose a code of the list {vocab} (see the instructions)."
                )
                dv.errorTitle = "netzwerk"
            elif col.type == "boolean":
                dv = DataValidation(type="list", formula1=f"={list_ref['boolean']}",
                                    allow_blank=True)  # fmt: skip
            elif col.foreign is not None:
                ref_table, _ = col.foreign
                letter = get_column_letter(
                    TABLES[ref_table].column_names.index(key_column[ref_table]) + 1
                )
                dv = DataValidation(
                    type="list",
                    formula1=f"={quote_sheetname(ref_table)}!${letter}$2:${letter}${n_rows}",
                    allow_blank=True,
                    showErrorMessage=False,  # a suggestion: ids may be added further down
                )
            if dv is not None:
                ws.add_data_validation(dv)
                dv.add(rng)
        for r, example in enumerate(_EXAMPLE_ROWS[table], start=2):
            for k, col in enumerate(schema.columns, start=1):
                value = example.get(col.name)
                if isinstance(value, bool):
                    value = "true" if value else "false"
                if value is not None:
                    ws.cell(r, k, value)
        ws.freeze_panes = "A2"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    if example_sources:
        folder = path.parent / "sources"
        folder.mkdir(exist_ok=True)
        for name, text in _EXAMPLE_SOURCES.items():
            target = folder / name
            if not target.exists():
                target.write_text(text, encoding="utf-8")
    return path


def workbook_to_folder(path: str | Path, folder: str | Path, *, overwrite: bool = False) -> Path:
    """Turn a filled-in workbook (the template) into a city folder the importers can extend.

    The workbook is loaded and validated (:func:`netzwerk.load_city`); each table is written as
    ``<table>.csv`` (UTF-8, ``,``) with the schema's columns, the ``meta`` sheet becomes
    ``datapackage.json`` (:func:`netzwerk.write_datapackage`), and the source texts the
    ``sources`` sheet names are copied from ``sources/`` beside the workbook.

    Parameters
    ----------
    path : str or Path
        The ``.xlsx`` workbook.
    folder : str or Path
        The city folder to create (e.g. ``data/meine-stadt``).
    overwrite : bool, default False
        Write into a folder that already holds tables.

    Returns
    -------
    Path
        The city folder.

    Raises
    ------
    netzwerk.DataError
        If the workbook has data errors (fix them first; ``netzwerk validate`` lists them).
    FileExistsError
        If ``folder`` already holds a ``datapackage.json`` and ``overwrite`` is False.

    See Also
    --------
    write_template : The workbook to fill in.
    netzwerk.io.validate : Check the folder written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from netzwerk.io import load_city
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> folder = workbook_to_folder(write_template(tmp / "vorlage.xlsx"), tmp / "musterstadt")
    >>> sorted(p.name for p in folder.iterdir())[:4]
    ['actors.csv', 'datapackage.json', 'events.csv', 'participation.csv']
    >>> len(load_city(folder).referrals)
    2
    """
    import shutil

    from netzwerk.io import load_city, write_datapackage

    city = load_city(path)
    folder = Path(folder)
    if (folder / "datapackage.json").exists() and not overwrite:
        raise FileExistsError(f"{folder} already holds a city; choose another folder")
    texts = {}
    for table in ALL_TABLES:
        frame = getattr(city, table)[TABLES[table].column_names]
        if table in ("referrals", "resources", *SURVEY_TABLES) and frame.empty:
            continue
        text = frame.copy()
        for col in TABLES[table].columns:
            if col.type == "boolean":
                text[col.name] = frame[col.name].map(
                    lambda v: "" if pd.isna(v) else ("true" if v else "false")
                )
        _refuse_formulas(text.to_dict("records"), f"{Path(path).name}[{table}]")
        texts[table] = text
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    for table, text in texts.items():
        text.to_csv(folder / f"{table}.csv", index=False, encoding="utf-8", lineterminator="\n")
    source_dir = Path(path).parent / "sources"
    for file in city.sources["file"].dropna().astype(str):
        src = source_dir / file
        if src.is_file() and not (folder / "sources" / file).exists():
            shutil.copy2(src, folder / "sources" / file)
    meta = {k: v for k, v in city.meta.items() if v != ""}
    write_datapackage(folder, meta)
    return folder


# ---------------------------------------------------------------------------------------------
