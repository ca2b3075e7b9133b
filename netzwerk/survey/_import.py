"""Import of survey answers: the filled-in questionnaire workbook and wide online-survey exports.

Three input formats, recognised from the file:

* the workbook of :func:`netzwerk.survey.write_survey_template` with one sheet per respondent
  (the ``actor_id`` is in the sheet; the cells for the person who filled it in are never read);
* the same in the long layout (sheet ``Antworten``, or a CSV with the columns
  ``respondent_id`` and ``partner_id``);
* a wide export of an online survey (one row per respondent, one column per partner and item,
  named as in the codebook of :func:`netzwerk.survey.write_codebook`); the respondent is given
  by ``orgid`` or by its organisation's name in ``org``, matched like the other importers match
  names (``aliases.csv``, a review list for doubtful names).

Only the columns the survey tables need are kept; names, e-mail addresses and any other column
of the export are dropped and written nowhere. The wave's rows in ``survey_respondents.csv`` and
``survey_ties.csv`` are *replaced*, so importing the same file again changes nothing.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from netzwerk._schema import SURVEY_TABLES, TABLES
from netzwerk.survey._questionnaire import (
    ANSWER_COLUMNS,
    CELL_DATE,
    CELL_EMAIL,
    CELL_ID,
    CELL_PERSON,
    LONG_SHEET,
    PARTNER_ID,
    RESPONDENT_ID,
)
from netzwerk.survey._validate import ITEMS, LEVEL_RANGE, SCALE_RANGE
from netzwerk.vocab import load_vocabulary

__all__ = ["SurveyImportResult", "import_survey"]

_LEADING_INT = re.compile(r"^\s*(\d+)(?:\s*[–\-:.)]|\s|$)")


@dataclass
class SurveyImportResult:
    """What :func:`import_survey` did.

    Attributes
    ----------
    wave : str
        The wave imported.
    format : str
        ``"sheets"``, ``"long"`` or ``"wide"``.
    respondents, ties : pandas.DataFrame
        The wave's new rows of ``survey_respondents`` and ``survey_ties``.
    replaced : dict
        Table → number of rows of this wave that were there before and were replaced.
    matches : pandas.DataFrame
        Wide exports: :func:`netzwerk.match_names` of the respondents' organisation names
        (empty when ids were given).
    review : pandas.DataFrame
        Respondent names to decide on (see :func:`netzwerk.import_attendance`).
    dropped_columns : dict
        Input column (or cell) → why it was dropped (``name``, ``email``, …: personal data;
        ``other``: not needed). Dropped data are written nowhere.
    written : list of Path
        Files written.
    review_path : Path or None
        Where the review list was written.
    """

    wave: str
    format: str
    respondents: pd.DataFrame
    ties: pd.DataFrame
    replaced: dict[str, int] = field(default_factory=dict)
    matches: pd.DataFrame = field(default_factory=pd.DataFrame)
    review: pd.DataFrame = field(default_factory=pd.DataFrame)
    dropped_columns: dict[str, str] = field(default_factory=dict)
    written: list[Path] = field(default_factory=list)
    review_path: Path | None = None

    @property
    def needs_review(self) -> bool:
        """True when respondent names wait for a decision."""
        return bool(len(self.review))

    def summary(self, lang: str = "de") -> str:
        """The import's outcome as lines of text (German or English)."""
        de = lang == "de"
        n_resp = int(self.respondents["responded"].sum()) if len(self.respondents) else 0
        lines = [
            (
                f"Welle {self.wave} ({self.format}): {n_resp} von {len(self.respondents)} "
                f"Organisationen haben geantwortet, {len(self.ties)} Angaben"
            )
            if de
            else (
                f"wave {self.wave} ({self.format}): {n_resp} of {len(self.respondents)} "
                f"organisations answered, {len(self.ties)} answers"
            )
        ]
        personal = [c for c, k in self.dropped_columns.items() if k != "other"]
        if personal:
            lines.append(
                ("Personenbezogene Angaben verworfen, nirgends gespeichert: " if de
                 else "Dropped personal data, written nowhere: ") + ", ".join(personal)
            )  # fmt: skip
        for table, n in self.replaced.items():
            if n:
                lines.append(
                    f"{table}.csv: {n} Zeilen der Welle ersetzt"
                    if de
                    else f"{table}.csv: {n} rows of the wave replaced"
                )
        if len(self.review):
            where = f" → {self.review_path}" if self.review_path else ""
            lines.append(
                f"Zu prüfen: {len(self.review)} Organisationsnamen{where} (mit --accept oder "
                "--decisions entscheiden und erneut importieren)"
                if de
                else f"To review: {len(self.review)} organisation names{where}"
            )
        return "\n".join(lines)


def _problem(file: str, row: Any, column: str | None, value: Any, de: str, en: str):
    from netzwerk.io import Problem

    return Problem(file, None if row is None else int(row), column, value, de, "error",
                   "survey_import", en)  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Reading the three formats into one long text frame
# ---------------------------------------------------------------------------------------------

_ANSWER_KEYS = [c for c, _, _ in ANSWER_COLUMNS]
_HEADER_OF = {c: h for c, h, _ in ANSWER_COLUMNS}


@dataclass
class _Answers:
    frame: pd.DataFrame  # respondent_id, respondent_name, partner_id, answer columns, file, row
    asked: list[str]  # respondent ids in the order of the input (None: the roster)
    dates: dict[str, str]
    dropped: dict[str, str]
    format: str
    headers: dict[str, str]  # answer column → header in the input (for messages)
    date_where: dict[str, str] = field(default_factory=dict)  # respondent → sheet of its date


def _strip(values: Any) -> np.ndarray:
    """Cells as stripped text ("" for missing), computed once per distinct value."""
    codes, uniques = pd.factorize(np.asarray(values, dtype=object), use_na_sentinel=False)
    clean = np.array(["" if u is None or u != u else str(u).strip() for u in uniques], dtype=object)
    return clean[codes] if len(clean) else np.zeros(0, dtype=object)


def _text(value: Any) -> str:
    from netzwerk.importers._input import _cell

    return _cell(value)


def _read_workbook_sheets(path: Path) -> dict[str, list[list[str]]]:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return {
            ws.title: [[_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
            for ws in wb.worksheets
            if ws.title not in ("Anleitung", "listen")
        }
    finally:
        wb.close()


def _from_respondent_sheets(path: Path, sheets: dict[str, list[list[str]]]) -> _Answers:
    parts, asked, dates, dropped, where = [], [], {}, {}, {}
    for title, rows in sheets.items():
        cells = {r[0]: (r[1] if len(r) > 1 else "") for r in rows if r and r[0]}
        if CELL_ID not in cells:
            continue
        rid = cells[CELL_ID].strip()
        asked.append(rid)
        dates[rid] = cells.get(CELL_DATE, "").strip()
        where[rid] = f"{path.name}[{title}]"
        for label in (CELL_PERSON, CELL_EMAIL):
            if cells.get(label, "").strip():
                dropped[f"{title}: {label.rstrip(':')}"] = "email" if "Mail" in label else "name"
        top = next(i for i, r in enumerate(rows) if len(r) > 1 and r[1] == PARTNER_ID)
        header = rows[top]
        body = [r + [""] * (len(header) - len(r)) for r in rows[top + 1 :]]
        frame = pd.DataFrame([r[: len(header)] for r in body], columns=header, dtype=object)
        frame = frame.rename(columns={h: c for c, h in _HEADER_OF.items()})
        frame["row"] = np.arange(top + 2, top + 2 + len(frame))
        frame = frame[frame[PARTNER_ID].astype(str).str.strip() != ""]
        frame["respondent_id"], frame["respondent_name"] = rid, ""
        frame["file"] = f"{path.name}[{title}]"
        parts.append(frame)
    if not parts:
        raise ValueError(f"{path.name}: no questionnaire sheet (cell {CELL_ID!r}) found")
    return _Answers(pd.concat(parts, ignore_index=True), asked, dates, dropped, "sheets",
                    dict(_HEADER_OF), where)  # fmt: skip


def _from_long(frame: pd.DataFrame, label: str) -> _Answers:
    frame = frame.rename(columns={h: c for c, h in _HEADER_OF.items()})
    keep = [RESPONDENT_ID, PARTNER_ID, *[c for c in _ANSWER_KEYS if c in frame.columns]]
    from netzwerk.importers._common import _dropped

    dropped = _dropped(frame, keep)
    out = frame[keep].copy()
    out["row"] = frame.index.to_numpy()
    out["respondent_id"] = _strip(out.pop(RESPONDENT_ID))
    out[PARTNER_ID] = _strip(out[PARTNER_ID])
    out["respondent_name"] = ""
    out["file"] = label
    out = out[out[PARTNER_ID] != ""]
    asked = list(dict.fromkeys(out["respondent_id"]))
    return _Answers(out.reset_index(drop=True), asked, {}, dropped, "long", dict(_HEADER_OF))


def _read_codebook(path: str | Path) -> pd.DataFrame:
    from netzwerk.importers._input import _read_input

    book = _read_input(Path(path), want=("variable",))
    missing = {"variable", "partner_id", "item"} - set(book.columns)
    if missing:
        raise ValueError(
            f"{path}: not a codebook of netzwerk survey; columns {sorted(missing)} missing"
        )
    return book


def _from_wide(frame: pd.DataFrame, label: str, book: pd.DataFrame) -> _Answers:
    from netzwerk.importers._common import _dropped

    lower = {str(c).strip().lower(): c for c in frame.columns}
    book = book[book["item"].isin(_ANSWER_KEYS)]
    present = book[book["variable"].str.lower().isin(lower)]
    if present.empty:
        raise ValueError(
            f"{label}: none of the codebook's variables (p0001lev, …) is a column of the file"
        )
    org = lower.get("org")
    orgid = lower.get("orgid")
    if org is None and orgid is None:
        raise ValueError(f"{label}: the respondent is missing; expected a column org or orgid")
    keep = [lower[v.lower()] for v in present["variable"]] + [c for c in (org, orgid) if c]
    dropped = _dropped(frame, keep)
    partners = list(dict.fromkeys(present["partner_id"]))
    n, p = len(frame), len(partners)
    pos = {pid: k for k, pid in enumerate(partners)}
    out: dict[str, Any] = {
        "respondent_id": np.repeat(
            frame[orgid].astype(str).str.strip().to_numpy(dtype=object) if orgid else
            np.full(n, "", dtype=object), p),
        "respondent_name": np.repeat(
            frame[org].astype(str).to_numpy(dtype=object) if org else
            np.full(n, "", dtype=object), p),
        PARTNER_ID: np.tile(np.array(partners, dtype=object), n),
        "row": np.repeat(frame.index.to_numpy(), p),
    }  # fmt: skip
    for column in _ANSWER_KEYS:
        block = np.full((n, p), "", dtype=object)
        names = np.full(p, "", dtype=object)  # the variable of each partner, for messages
        sub = present[present["item"] == column]
        for var, pid in zip(sub["variable"], sub["partner_id"], strict=True):
            block[:, pos[pid]] = frame[lower[var.lower()]].to_numpy(dtype=object)
            names[pos[pid]] = lower[var.lower()]
        out[column] = block.ravel()
        out[f"_var_{column}"] = np.tile(names, n)
    long = pd.DataFrame(out)
    long["file"] = label
    return _Answers(long, [], {}, dropped, "wide", dict(_HEADER_OF))


def _read_long_csv(path: Path) -> pd.DataFrame | None:
    """A long CSV whose first line is the header, read by the importers' one CSV reader (the
    loader's, pandas' C parser underneath: a million rows in seconds); None when the first line
    does not name respondent_id and partner_id."""
    from netzwerk.importers._input import _csv_table, _decode_bytes

    text = _decode_bytes(path.read_bytes())
    head = text.split("\n", 1)[0]
    if RESPONDENT_ID not in head or PARTNER_ID not in head:
        return None
    return _csv_table(text, path.name, (RESPONDENT_ID, PARTNER_ID))


def _read_answers(path: Path, codebook: Any, sheet: str | None) -> _Answers:
    from netzwerk.importers._input import _grid_to_frame, _read_input

    if not path.is_file():
        raise FileNotFoundError(f"input file {str(path)!r} not found")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        sheets = _read_workbook_sheets(path)
        if sheet is not None:
            if sheet not in sheets:
                raise ValueError(f"sheet {sheet!r} not in {path.name}; sheets: {', '.join(sheets)}")
            sheets = {sheet: sheets[sheet]}
        if any(r and r[0] == CELL_ID for rows in sheets.values() for r in rows[:10]):
            return _from_respondent_sheets(path, sheets)
        title = LONG_SHEET if LONG_SHEET in sheets else next(iter(sheets))
        frame = _grid_to_frame(sheets[title], (RESPONDENT_ID, PARTNER_ID, "org", "orgid"),
                               text=True)  # fmt: skip
        label = f"{path.name}[{title}]"
    else:
        frame = _read_long_csv(path)
        if frame is None:
            frame = _read_input(path, want=(RESPONDENT_ID, PARTNER_ID, "org", "orgid"))
        label = path.name
    if {RESPONDENT_ID, PARTNER_ID} <= set(frame.columns):
        return _from_long(frame, label)
    if codebook is None:
        raise ValueError(
            f"{label}: neither a questionnaire of netzwerk survey template nor a long table "
            "(respondent_id, partner_id); for a wide online-survey export give the codebook "
            "(--codebook CODEBOOK.csv)"
        )
    return _from_wide(frame, label, _read_codebook(codebook))


# ---------------------------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------------------------


def _parse_numbers(values: pd.Series, vocab_name: str, low: int, high: int):
    """Whole numbers ``low``–``high`` from "3", "3 – Koordination" or the label; bad mask."""
    vocab = load_vocabulary(vocab_name)
    labels = {str(vocab.label(c)).casefold(): int(c) for c in vocab.codes}
    codes, uniques = pd.factorize(_strip(values))
    parsed = np.full(len(uniques), -1, dtype=np.int64)
    bad_u = np.zeros(len(uniques), dtype=bool)
    for k, u in enumerate(uniques):
        if u == "":
            continue
        m = _LEADING_INT.match(u)
        number = int(m.group(1)) if m else labels.get(u.casefold())
        if number is None or not low <= number <= high:
            bad_u[k] = True
        else:
            parsed[k] = number
    out = pd.array(parsed[codes], dtype="Int64")
    out[parsed[codes] < 0] = pd.NA
    return out, bad_u[codes]


def _parse_codes(values: pd.Series, vocab_name: str):
    vocab = load_vocabulary(vocab_name)
    lookup = {c.casefold(): c for c in vocab.codes}
    lookup.update({str(vocab.label(c)).casefold(): c for c in vocab.codes})
    codes, uniques = pd.factorize(_strip(values))
    mapped = np.array([lookup.get(u.casefold(), "" if u == "" else None) for u in uniques],
                      dtype=object)  # fmt: skip
    bad_u = np.array([m is None for m in mapped], dtype=bool)
    mapped[bad_u] = ""
    return pd.Series(mapped[codes], index=values.index, dtype=object), bad_u[codes], vocab


# ---------------------------------------------------------------------------------------------
# The importer
# ---------------------------------------------------------------------------------------------


def import_survey(
    path: str | Path,
    city_dir: str | Path,
    *,
    wave: str | int,
    codebook: str | Path | None = None,
    sheet: str | None = None,
    decisions: Mapping[str, str | None] | None = None,
    accept_suggestions: bool = False,
    review_path: str | Path | None = None,
    dry_run: bool = False,
) -> SurveyImportResult:
    """Import the answers of one survey wave into a city folder.

    Parameters
    ----------
    path : str or Path
        The filled-in questionnaire (``.xlsx``, either layout), a long CSV with
        ``respondent_id`` and ``partner_id``, or a wide export of an online survey (CSV or
        XLSX, one row per respondent) with ``codebook``.
    city_dir : str or Path
        The city folder; it must validate.
    wave : str or int
        The wave the answers belong to.
    codebook : str or Path, optional
        The codebook (:func:`netzwerk.survey.write_codebook`) for a wide export.
    sheet : str, optional
        Read only this sheet of a workbook.
    decisions, accept_suggestions, review_path, dry_run
        As for :func:`netzwerk.import_attendance`: decisions on respondent names (wide exports
        with an ``org`` column), accepting every suggestion, where the review list goes, and
        writing nothing.

    Returns
    -------
    SurveyImportResult

    Raises
    ------
    netzwerk.DataError
        If an answer is out of range or unknown, a partner or respondent id is not an actor,
        a respondent appears twice, or the level is missing where other answers are given;
        each problem names the file (and sheet), row, column and value. Nothing is written.
    ValueError, FileNotFoundError
        For an unreadable input or a missing codebook.

    See Also
    --------
    write_survey_template : The questionnaire whose answers are read.
    write_codebook : The codebook for online survey tools.
    netzwerk.io.validate : Check the survey tables written.

    Notes
    -----
    Answers are read as the questionnaire's drop-down lists write them ("3 – Koordination",
    "monatlich") or as plain codes (3, "monatlich"), as survey tools export them; labels are
    matched without regard to case. A row whose level is empty is not answered; a level of 0
    is kept (the respondent said "no cooperation"). Every organisation on the questionnaire
    (sheets layout: every sheet; long layout: every respondent_id; wide export: the roster of
    non-aggregate actors) is written to ``survey_respondents`` with ``responded`` true when it
    gave at least one answer (wide export: when it has a row).

    Examples
    --------
    See ``tests/test_survey.py``: template → filled workbook → import → validate.
    """
    from netzwerk.importers._common import _load, _resolve, _review_frame, _write_review
    from netzwerk.io import parse_partial_date

    wave = str(wave).strip()
    if not wave:
        raise ValueError("wave must not be empty, e.g. wave=2024")
    folder, city = _load(city_dir)
    path = Path(path)
    answers = _read_answers(path, codebook, sheet)
    frame = answers.frame
    actor_ids = set(city.actors["actor_id"].astype(str))
    written: list[Path] = []
    matches, review, review_out = pd.DataFrame(), pd.DataFrame(), None
    if answers.format == "wide":
        need = frame["respondent_id"] == ""
        if need.any():
            from netzwerk.importers._common import _org_names

            excluded: dict[str, int] = {}
            names = _org_names(frame.loc[need, "respondent_name"], excluded)
            distinct = pd.Series(pd.unique(names), dtype=object)
            matches = _resolve(
                distinct, folder, city, decisions=decisions,
                accept_suggestions=accept_suggestions, dry_run=dry_run, written=written,
            )  # fmt: skip
            chosen = dict(zip(matches["name"], matches["actor_id"].fillna(""), strict=True))
            frame.loc[need, "respondent_id"] = names.map(chosen).fillna("").to_numpy()
            review = _review_frame(matches)
            if len(review) and not dry_run:
                review_out = (
                    Path(review_path) if review_path else folder / f"{path.stem}_review.csv"
                )
                written.append(_write_review(review, review_out))
        frame = frame[frame["respondent_id"] != ""]
        roster = city.actors.loc[~city.actors["aggregate"].fillna(False).to_numpy(bool), "actor_id"]
        answers.asked = [str(a) for a in roster]
    problems = []
    dup = frame.duplicated(["respondent_id", PARTNER_ID])
    for r in frame.loc[dup].itertuples():
        problems.append(_problem(r.file, r.row, PARTNER_ID, getattr(r, PARTNER_ID),
            "Partner für diese Organisation doppelt angegeben (Organisation antwortet zweimal?)",
            "partner given twice for this respondent (two answers by one organisation?)"))  # fmt: skip
    for column, label in (("respondent_id", "respondent_id"), (PARTNER_ID, PARTNER_ID)):
        bad = ~frame[column].isin(actor_ids)
        for r in frame.loc[bad, ["file", "row", column]].drop_duplicates(column).itertuples():
            problems.append(_problem(r.file, r.row, label, r[3],
                "kein Akteur mit dieser actor_id in actors.csv",
                "no actor with this actor_id in actors.csv"))  # fmt: skip
    typed: dict[str, Any] = {}
    low, high = LEVEL_RANGE
    scales = {"level": ("cooperation_levels", low, high)}
    scales.update({item: ("survey_scale", *SCALE_RANGE) for item in ITEMS})
    for column in _ANSWER_KEYS:
        values = frame[column] if column in frame else pd.Series("", index=frame.index)
        header = answers.headers.get(column, column)
        if column in scales:
            vocab_name, lo, hi = scales[column]
            typed[column], bad = _parse_numbers(values, vocab_name, lo, hi)
            allowed = f"{lo}–{hi}"
        else:
            typed[column], bad, vocab = _parse_codes(values, "frequencies" if column ==
                                                     "frequency" else "fields")  # fmt: skip
            allowed = ", ".join(vocab.labels().values())
        where = frame.loc[bad, ["file", "row"]].assign(
            column=frame.loc[bad, f"_var_{column}"] if f"_var_{column}" in frame else header
        )
        for r, v in zip(where.itertuples(), values[bad], strict=True):
            problems.append(_problem(r.file, r.row, r.column, v,
                f"unbekannte Antwort; erlaubt: {allowed} oder leer",
                f"unknown answer; allowed: {allowed} or empty"))  # fmt: skip
    answered_any = np.zeros(len(frame), dtype=bool)
    for column in _ANSWER_KEYS[1:]:
        given = typed[column]
        answered_any |= (given != "").to_numpy() if column in ("frequency", "field") else (
            ~pd.isna(given))  # fmt: skip
    no_level = pd.isna(typed["level"]) & answered_any
    for r in frame.loc[no_level, ["file", "row"]].itertuples():
        problems.append(_problem(r.file, r.row, answers.headers["level"], "",
            "Stufe der Zusammenarbeit fehlt, andere Antworten sind ausgefüllt; 0–4 eintragen",
            "cooperation level missing while other answers are given; enter 0–4"))  # fmt: skip
    self_rows = frame["respondent_id"] == frame[PARTNER_ID]
    for rid, text in list(answers.dates.items()):
        if not text:
            continue
        try:
            iso = parse_partial_date(text)[0]
            if "Q" in iso:
                raise ValueError(text)
            answers.dates[rid] = iso
        except ValueError:
            problems.append(_problem(answers.date_where.get(rid, path.name), None, CELL_DATE,
                text, "kein Datum; erwartet TT.MM.JJJJ, JJJJ-MM-TT, JJJJ-MM oder JJJJ",
                "not a date; expected DD.MM.YYYY, YYYY-MM-DD, YYYY-MM or YYYY"))  # fmt: skip
    if problems:
        from netzwerk.io import DataError

        raise DataError(problems)
    answered = ~pd.isna(typed["level"]) & ~self_rows.to_numpy()
    ties = pd.DataFrame(
        {
            "wave": wave,
            "from_id": frame["respondent_id"].to_numpy()[answered],
            "to_id": _strip(frame[PARTNER_ID])[answered],
            **{c: typed[c][answered] for c in _ANSWER_KEYS},
        }
    )
    ties = ties.sort_values(["from_id", "to_id"], ignore_index=True)
    responded_ids = set(ties["from_id"])
    if answers.format == "wide":
        responded_ids |= set(frame["respondent_id"])
    asked = list(dict.fromkeys(answers.asked))
    respondents = pd.DataFrame(
        {
            "wave": wave,
            "actor_id": asked,
            "responded": [a in responded_ids for a in asked],
            "date": [answers.dates.get(a, "") for a in asked],
        }
    )
    result = SurveyImportResult(
        wave=wave, format=answers.format, respondents=respondents, ties=ties,
        matches=matches, review=review, dropped_columns=answers.dropped, written=written,
        review_path=review_out,
    )  # fmt: skip
    if dry_run:
        return result
    result.replaced, files = _write_wave(folder, city, wave, respondents, ties)
    result.written.extend(files)
    return result


def _csv_cell(value: Any) -> str:
    if value is None or value is pd.NA or value != value:
        return ""
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    text = str(value)
    if any(ch in text for ch in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _write_csv(frames: list[pd.DataFrame], columns: list[str], path: Path) -> None:
    """Write the rows of ``frames`` as UTF-8 CSV, each column converted once per distinct
    value (a million survey rows hold a few dozen distinct values per column)."""
    cols: list[list[str]] = [[] for _ in columns]
    for frame in frames:
        for k, c in enumerate(columns):
            values = frame[c] if c in frame.columns else pd.Series(pd.NA, index=frame.index)
            codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=False)
            text = np.array([_csv_cell(u) for u in uniques], dtype=object)
            cols[k].extend(text[codes].tolist() if len(text) else [])
    body = "\n".join(map(",".join, zip(*cols, strict=True)))
    path.write_text(",".join(columns) + "\n" + (body + "\n" if body else ""), encoding="utf-8")


def _write_wave(
    folder: Path, city: Any, wave: str, respondents: pd.DataFrame, ties: pd.DataFrame
) -> tuple[dict[str, int], list[Path]]:
    """Replace the wave's rows in both survey tables and declare them in datapackage.json.

    The new rows passed every check of ``netzwerk.io`` and ``netzwerk.survey`` in
    :func:`import_survey` (ids, ranges, vocabularies, duplicates, respondents), and the rows of
    other waves come from the validated city, so the folder is not read back.
    """
    from netzwerk.io import write_datapackage

    new = {"survey_respondents": respondents, "survey_ties": ties}
    replaced: dict[str, int] = {}
    paths = []
    for table in SURVEY_TABLES:
        old = getattr(city, table)
        same = (old["wave"] == wave).fillna(False).to_numpy(dtype=bool)
        replaced[table] = int(same.sum())
        path = folder / f"{table}.csv"
        _write_csv([old.loc[~same], new[table]], TABLES[table].column_names, path)
        paths.append(path)
    meta = {k: v for k, v in city.meta.items() if k not in ("resources", "profile")}
    paths.append(write_datapackage(folder, meta))
    return replaced, paths


# ---------------------------------------------------------------------------------------------
# netzwerk import survey
# ---------------------------------------------------------------------------------------------


def _cli_import_survey_arguments(sub: Any) -> None:
    """Add ``netzwerk import survey`` to the subparsers of ``netzwerk import``."""
    from netzwerk.importers._cli import _add_common

    sp = sub.add_parser(
        "survey",
        help="Netzwerkbefragung → survey_respondents.csv, survey_ties.csv / network survey",
        description="Den ausgefüllten Fragebogen (netzwerk survey template) oder den breiten "
        "Export eines Online-Umfragetools (mit --codebook) einlesen und die Tabellen der Welle "
        "ersetzen. Namen und E-Mail-Adressen werden verworfen. / Import survey answers.",
    )
    _add_common(sp)
    sp.add_argument("--wave", required=True, help="Befragungswelle, z. B. 2024 / survey wave")
    sp.add_argument("--codebook", metavar="CODEBOOK.csv", help="Codebuch für breite Exporte")


def _cli_import_survey(args: argparse.Namespace) -> int:
    from netzwerk.importers._cli import _parse_accept
    from netzwerk.importers._common import read_decisions
    from netzwerk.io import DataError

    try:
        decisions = read_decisions(args.decisions) if args.decisions else {}
        decisions.update(_parse_accept(args.accept))
        result = import_survey(
            args.file, args.city, wave=args.wave, codebook=args.codebook, sheet=args.sheet,
            decisions=decisions, accept_suggestions=args.accept_suggestions,
            review_path=args.review, dry_run=args.dry_run,
        )  # fmt: skip
    except DataError:  # netzwerk.cli.main prints each problem and exits with 1
        print(f"netzwerk import survey: {args.file}: Antworten fehlerhaft / answers invalid:",
              file=sys.stderr)  # fmt: skip
        raise
    except (ValueError, FileNotFoundError, TypeError) as exc:
        print(f"netzwerk import survey: {exc}", file=sys.stderr)
        return 2
    print(result.summary(args.lang))
    return 1 if result.needs_review else 0
