"""What every importer shares: ``ImportResult``, review files and decisions, appending rows."""

from __future__ import annotations

import codecs
import csv
import io as _io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from netzwerk._schema import TABLES
from netzwerk.importers._input import _compact, _csv_grid, _csv_table, _decode_bytes, _sniff
from netzwerk.importers._names import (
    ACCEPT_SCORE,
    REVIEW_COLUMNS,
    _passes_as_organisation,
    _write_aliases,
    city_abbreviations,
    match_names,
    normalise_name,
    read_aliases,
)
from netzwerk.privacy import (
    csv_cell,
    csv_safe,
    csv_unescape,
    detect_personal_columns,
    organisation_part,
)

# Importing: shared machinery
# ---------------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    """What an import did (returned by :func:`import_attendance` and :func:`import_referrals`).

    Attributes
    ----------
    kind : str
        ``"attendance"`` or ``"referrals"``.
    matches : pandas.DataFrame
        :func:`match_names` for every distinct organisation name, plus ``n_rows`` (how many
        input rows carried the name). A cell that looked like a person's name or contact
        is not in it (:func:`netzwerk.privacy.organisation_part`); ``excluded_rows`` gives
        its row numbers only.
    added : pandas.DataFrame
        The rows appended to ``participation.csv`` or ``referrals.csv``.
    existing : int
        Rows that were already in the table (not written again).
    review : pandas.DataFrame
        Names to decide on (``doubtful`` and ``new``), columns :data:`REVIEW_COLUMNS`.
    dropped_columns : dict
        Input column → why it was dropped (``name``, ``email``, ``phone``: personal data;
        ``other``: not needed). Dropped columns are never written anywhere.
    excluded_rows : dict
        Reason → number of input rows that were left out (unmatched organisation, bad date,
        unknown field, a cell withheld as a person's name, with its row numbers) or whose
        name lost a person's name, e-mail address or phone number (row numbers too).
    conflicts : pandas.DataFrame
        Referrals only: keys already in ``referrals.csv`` with a different count (not
        changed; ``count_existing``, ``count_import``).
    field_mapping : dict
        Referrals only: field values that were mapped to a code by similarity.
    written : list of Path
        Files written or appended to.
    review_path : Path or None
        Where the review list was written.
    """

    kind: str
    matches: pd.DataFrame
    added: pd.DataFrame
    existing: int
    review: pd.DataFrame
    dropped_columns: dict[str, str]
    excluded_rows: dict[str, int] = field(default_factory=dict)
    conflicts: pd.DataFrame = field(default_factory=pd.DataFrame)
    field_mapping: dict[str, str] = field(default_factory=dict)
    written: list[Path] = field(default_factory=list)
    review_path: Path | None = None
    input_format: str = ""  # how the input file was read, e.g. "CSV, Windows-1252, ';'"

    @property
    def needs_review(self) -> bool:
        """True when names are waiting for a decision or counts conflict."""
        return bool(len(self.review)) or bool(len(self.conflicts))

    def summary(self, lang: str = "de") -> str:
        """The import's outcome as lines of text for the user (German or English)."""
        de = lang == "de"
        kinds = {
            "name": ("Personennamen", "person names"),
            "email": ("E-Mail-Adressen", "e-mail addresses"),
            "phone": ("Telefonnummern", "phone numbers"),
            "birthdate": ("Geburtsdaten", "birth dates"),
        }
        lines = []
        if self.input_format:
            lines.append(f"{'Gelesen als' if de else 'Read as'} {self.input_format}")
        personal = {c: k for c, k in self.dropped_columns.items() if k != "other"}
        other = [c for c, k in self.dropped_columns.items() if k == "other"]
        if personal:
            items = ", ".join(f"{c} ({kinds[k][0 if de else 1]})" for c, k in personal.items())
            lines.append(
                f"Personenbezogene Spalten verworfen, nirgends gespeichert: {items}"
                if de
                else f"Dropped personal columns, written nowhere: {items}"
            )
        if other:
            lines.append(
                f"Nicht benötigte Spalten verworfen: {', '.join(other)}"
                if de
                else f"Dropped columns not needed: {', '.join(other)}"
            )
        counts = self.matches["status"].value_counts().to_dict() if len(self.matches) else {}
        order = ["alias", "exact", "confident", "doubtful", "new", "excluded", "withheld"]
        label_de = {
            "alias": "aus aliases.csv",
            "exact": "exakt",
            "confident": f"sicher (Ähnlichkeit ≥ {ACCEPT_SCORE:g})",
            "doubtful": "unsicher",
            "new": "neu",
            "excluded": "als kein Akteur entschieden",
            "withheld": "wie ein Personenname, zurückgehalten",
        }
        parts = [f"{counts[s]} {label_de[s] if de else s}" for s in order if counts.get(s, 0)]
        lines.append(("Namen: " if de else "Names: ") + (", ".join(parts) or "0"))
        table = "participation.csv" if self.kind == "attendance" else "referrals.csv"
        lines.append(
            f"{table}: {len(self.added)} Zeilen hinzugefügt, {self.existing} schon vorhanden"
            if de
            else f"{table}: {len(self.added)} rows added, {self.existing} already present"
        )
        for mapped, code in self.field_mapping.items():
            lines.append(
                f"Handlungsfeld „{mapped}“ als {code} gelesen"
                if de
                else f"field '{mapped}' read as {code}"
            )
        kept = (_NAME_NOTES["person"], _NAME_NOTES["contact"])  # imported, name shortened
        for reason, n in self.excluded_rows.items():
            if n:
                lines.append(
                    (
                        f"{n} Zeilen: "
                        if reason.startswith(kept)
                        else f"{n} Zeilen nicht übernommen: "
                    )
                    + reason
                    if de
                    else f"{n} rows {'' if reason.startswith(kept) else 'left out'}: {reason}"
                )
        if len(self.conflicts):
            lines.append(
                f"{len(self.conflicts)} Verweis-Zeilen mit abweichender Anzahl nicht geändert"
                if de
                else f"{len(self.conflicts)} referral rows with a different count left unchanged"
            )
            lines.extend(f"  {r}" for r in self.conflicts.to_dict("records"))
        if len(self.review):
            where = f" → {self.review_path}" if self.review_path else ""
            lines.append(
                (
                    f"Zu prüfen: {len(self.review)} Namen{where}. Entscheiden mit "
                    "--accept 'NAME=AKTEUR_ID' (leer nach = kein bestehender Akteur) oder die "
                    "Spalte actor_id der Prüfliste ausfüllen und mit --decisions DATEI erneut "
                    "importieren; neue Akteure zuerst in actors.csv eintragen."
                )
                if de
                else (
                    f"To review: {len(self.review)} names{where}. Decide with --accept "
                    "'NAME=ACTOR_ID' (nothing after = not an existing actor) or fill in the "
                    "actor_id column of the review list and import again with --decisions "
                    "FILE; add new actors to actors.csv first."
                )
            )
            for r in self.review.to_dict("records"):
                sug = f" → {r['suggestion']} ({r['score']:g})" if r["suggestion"] else ""
                lines.append(f"  [{r['status']}] {r['name']}{sug}")
        return "\n".join(lines)


_ORG_HEADERS = (
    "organisation", "organization", "einrichtung", "institution", "traeger", "verein", "firma",
    "behoerde", "dienststelle", "akteur", "verband", "unternehmen", "arbeitgeber", "dienst",
)  # fmt: skip


def _find_column(
    frame: pd.DataFrame, given: str | None, exact: Sequence[str], stems: Sequence[str], what: str
) -> str | None:
    headers = list(frame.columns)
    if given is not None:
        for h in headers:
            if h == given or _compact(h) == _compact(given):
                return h
        if given.isdigit() and 1 <= int(given) <= len(headers):
            return headers[int(given) - 1]
        raise ValueError(
            f"{what} column {given!r} not found; the file has the columns {', '.join(headers)}"
        )
    compact = {h: _compact(h) for h in headers}
    for h in headers:
        if compact[h] in exact:
            return h
    for h in headers:
        if any(s in compact[h] for s in stems):
            return h
    return None


def _load(city_dir: str | Path):
    from netzwerk.io import load_city

    folder = Path(city_dir)
    if not folder.is_dir():
        raise FileNotFoundError(f"city folder {str(folder)!r} not found; expected a folder")
    return folder, load_city(folder)


def _check_id(value: str | None, ids: Iterable[str], what: str) -> None:
    if value is None:
        return
    ids = list(ids)
    if value not in ids:
        import difflib

        close = difflib.get_close_matches(value, ids, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ValueError(f"{what} {value!r} is not in the city{hint}")


def _apply_decisions(
    aliases: pd.DataFrame,
    decisions: Mapping[str, str | None],
    *,
    actor_ids: set[str],
    meta: Mapping[str, Any],
    decided: str = "user",
    notes: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """New alias rows (replacing rows with the same normalised alias)."""
    if not decisions:
        return aliases
    abbreviations = city_abbreviations(meta)
    rows = []
    for name, aid in decisions.items():
        aid = (aid or "").strip()
        if not _passes_as_organisation(name):
            raise ValueError(
                f"decision {name!r}: not only an organisation's name (it looks like, or holds, "
                "a person's name or contact); such names are never recorded. Correct the cell "
                "in the list to the organisation's name and import again"
            )
        if aid and aid not in actor_ids:
            raise ValueError(
                f"decision {name!r} = {aid!r}: no actor with that actor_id; add it to "
                "actors.csv first or leave the id empty (= not an existing actor)"
            )
        rows.append(
            {
                "alias": " ".join(str(name).split()),
                "actor_id": aid,
                "decided": decided,
                "note": (notes or {}).get(name, ""),
            }
        )
    new = pd.DataFrame(rows)
    keys = {normalise_name(a, abbreviations=abbreviations) for a in new["alias"]}
    old_keys = aliases["alias"].map(lambda a: normalise_name(a, abbreviations=abbreviations))
    kept = aliases[~old_keys.isin(keys)] if len(aliases) else aliases
    return pd.concat([kept, new], ignore_index=True).fillna("")


def _resolve(
    names: pd.Series,
    folder: Path,
    city,
    *,
    decisions: Mapping[str, str | None] | None,
    accept_suggestions: bool,
    dry_run: bool,
    written: list[Path],
) -> pd.DataFrame:
    """Match, apply decisions, record aliases; returns the match table with ``n_rows``."""
    actor_ids = set(city.actors["actor_id"].astype(str))
    aliases = read_aliases(folder)
    before = aliases.copy()
    aliases = _apply_decisions(aliases, decisions or {}, actor_ids=actor_ids, meta=city.meta)
    m = match_names(names, city.actors, aliases=aliases, meta=city.meta)
    if accept_suggestions:
        pick = m["status"].eq("doubtful") & m["suggestion"].notna()
        chosen = dict(zip(m.loc[pick, "name"], m.loc[pick, "suggestion"], strict=True))
        notes = {n: f"Vorschlag angenommen (Ähnlichkeit {s:g})"
                 for n, s in zip(m.loc[pick, "name"], m.loc[pick, "score"], strict=True)}  # fmt: skip
        aliases = _apply_decisions(aliases, chosen, actor_ids=actor_ids, meta=city.meta,
                                   notes=notes)  # fmt: skip
        m.loc[pick, "status"] = "alias"
        m.loc[pick, "actor_id"] = m.loc[pick, "suggestion"]
    confident = m["status"].eq("confident")
    if confident.any():
        auto = dict(zip(m.loc[confident, "name"], m.loc[confident, "actor_id"], strict=True))
        notes = {n: f"Ähnlichkeit {s:g}"
                 for n, s in zip(m.loc[confident, "name"], m.loc[confident, "score"],
                                 strict=True)}  # fmt: skip
        aliases = _apply_decisions(aliases, auto, actor_ids=actor_ids, meta=city.meta,
                                   decided="auto", notes=notes)  # fmt: skip
    counts = names.value_counts()
    m.insert(1, "n_rows", m["name"].map(counts).fillna(0).astype(int))
    changed = len(aliases) != len(before) or not aliases.reset_index(drop=True).equals(
        before.reset_index(drop=True)
    )
    if changed and not dry_run:
        written.append(_write_aliases(folder, aliases))
    return m


def _review_frame(m: pd.DataFrame) -> pd.DataFrame:
    review = m[m["status"].isin(["doubtful", "new"])].copy()
    review["actor_id"] = ""
    return review[REVIEW_COLUMNS].reset_index(drop=True)


def _write_review(review: pd.DataFrame, path: Path) -> Path:
    csv_safe(review).to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return path


#: What a user may write instead of an actor_id to say "not an existing actor".
_NOT_AN_ACTOR = ("neu", "new", "-", "kein", "none")


def read_decisions(path: str | Path) -> dict[str, str]:
    """Decisions from a filled-in review list: name → actor_id ("" = not an existing actor).

    The review list is the ``<list>_review.csv`` an import writes; the user fills in its
    column ``actor_id``. Rows with an empty ``actor_id`` are still undecided and skipped;
    ``neu``, ``new``, ``-``, ``kein`` and ``none`` mean "not an existing actor".

    Parameters
    ----------
    path : str or Path
        The filled-in review list (CSV, any of ``,`` ``;`` tab; UTF-8 or Windows-1252).

    Returns
    -------
    dict
        Name → actor_id, ready for ``decisions=`` of :func:`import_attendance` and
        :func:`import_referrals` (``--decisions`` on the command line).

    Raises
    ------
    ValueError
        If the file lacks the columns ``name`` and ``actor_id``.

    See Also
    --------
    import_attendance : Applies the decisions on the next run.
    import_referrals : Applies the decisions on the next run.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> review = pathlib.Path(tempfile.mkdtemp()) / "liste_review.csv"
    >>> _ = review.write_text("name,status,actor_id\\nCaritas OF,doubtful,of-caritas\\n"
    ...                       "Stadtteilbüro,new,neu\\nIrgendwer,new,\\n", encoding="utf-8")
    >>> read_decisions(review)
    {'Caritas OF': 'of-caritas', 'Stadtteilbüro': ''}
    """
    text = _decode_bytes(Path(path).read_bytes())
    frame = _csv_table(text, Path(path).name, REVIEW_COLUMNS)
    if not {"name", "actor_id"} <= set(frame.columns):
        raise ValueError(f"{path}: expected the columns name and actor_id of a review list")
    out = {}
    for name, aid in zip(frame["name"].map(csv_unescape), frame["actor_id"].str.strip(),
                         strict=True):  # fmt: skip
        if not aid:
            continue
        out[name] = "" if aid.casefold() in _NOT_AN_ACTOR else aid
    return out


def _file_format(path: Path) -> tuple[str, str, str]:
    """(encoding to append with, delimiter, line ending) of an existing CSV file."""
    data = path.read_bytes()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ValueError(f"{path.name}: UTF-16 files cannot be appended to; save as UTF-8")
    raw = data[3:] if data.startswith(codecs.BOM_UTF8) else data
    try:
        text, enc = raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, enc = raw.decode("cp1252"), "cp1252"
    newline = "\r\n" if "\r\n" in text else "\n"
    return enc, _sniff(text) if text.strip() else ",", newline


def _refuse_formulas(rows: Iterable[Mapping[str, Any]], file: str) -> None:
    """City tables are read back by :mod:`netzwerk.io`, which takes every cell literally: a
    cell that would need the spreadsheet prefix of :func:`netzwerk.privacy.csv_cell` is
    refused instead of written with a prefix that would change it."""
    for k, row in enumerate(rows, start=2):
        for column, value in row.items():
            if csv_cell(value) is not value:
                raise ValueError(
                    f"{file}, row {k}, column {column}: {value!r} starts with "
                    f"{value[:1]!r}, which spreadsheet programs run as a formula; netzwerk "
                    "writes no such cell into a city table. Remove the leading character "
                    "(or start the text with a letter) and try again"
                )


def _append_csv(path: Path, rows: list[dict[str, str]]) -> None:
    """Append rows to a CSV table in its own encoding, separator and line ending."""
    _refuse_formulas(rows, path.name)
    enc, delim, newline = _file_format(path)
    data = path.read_bytes()
    text = data.decode(enc, errors="replace").lstrip("\ufeff")
    grid, _ = _csv_grid(text.split("\n", 1)[0], path.name, delim=delim)
    header = [str(h).strip() for h in grid.iloc[0]] if not grid.empty else []
    buf = _io.StringIO()
    writer = csv.writer(buf, delimiter=delim, lineterminator=newline)
    for r in rows:
        writer.writerow([r.get(h, "") for h in header])
    prefix = "" if not text or text.endswith(("\n", "\r")) else newline
    with open(path, "ab") as fh:
        fh.write((prefix + buf.getvalue()).encode(enc))


def _table_path(folder: Path, table: str) -> Path:
    csv_path, xlsx_path = folder / f"{table}.csv", folder / f"{table}.xlsx"
    if xlsx_path.is_file() and not csv_path.is_file():
        raise ValueError(
            f"{xlsx_path}: importers append to CSV tables only; save {table} as {table}.csv"
        )
    return csv_path


#: Why an organisation cell was changed or withheld (reported with row numbers only).
_NAME_NOTES = {
    "contact": "E-Mail-Adresse/Telefonnummer aus dem Namen entfernt",
    "person": "Personenangabe (Name, Anrede, „privat“, „geb.“) aus dem Namen entfernt, "
    "nirgends gespeichert",
    "withheld": "sieht wie eine Person oder eine Kontaktangabe aus, nirgends gespeichert (falls "
    "doch eine Organisation: den Namen der Organisation in die Liste schreiben)",
}


def _org_names(values: pd.Series, notes: dict[str, set[int]]) -> pd.Series:
    """Organisation cells reduced to the part that passes as an organisation name.

    :func:`netzwerk.privacy.organisation_part` decides; a cell with nothing but a person or a
    contact becomes ``""``. The spreadsheet rows of changed and withheld cells are added to
    ``notes`` (reason → rows); the removed text is kept nowhere.
    """
    text = values.fillna("").astype(str)
    # once per distinct value: exports repeat the same few names many thousand times
    parts = {v: organisation_part(v) for v in pd.unique(text)}
    names = text.map({v: part for v, (part, _) in parts.items()})
    why = text.map({v: ("withheld" if not part else reason) for v, (part, reason) in parts.items()})
    for reason, rows in why.dropna().groupby(why.dropna(), sort=False):
        notes.setdefault(str(reason), set()).update(int(r) for r in rows.index)
    return names


def _report_notes(notes: dict[str, set[int]], excluded: dict[str, int]) -> None:
    """``notes`` as entries of ``excluded_rows``: the reason with its row numbers."""
    for reason in ("withheld", "person", "contact"):
        rows = sorted(notes.get(reason, ()))
        if not rows:
            continue
        shown = ", ".join(map(str, rows[:30])) + (
            f" … (+{len(rows) - 30})" if len(rows) > 30 else ""
        )
        excluded[f"{_NAME_NOTES[reason]}: Zeile {shown}"] = len(rows)


def _count_unmatched(m: pd.DataFrame, names: pd.Series, excluded: dict[str, int]) -> None:
    """Rows left out because of their name, by reason."""
    status = names.map(dict(zip(m["name"], m["status"], strict=True)))
    review = int(status.isin(["doubtful", "new"]).sum())
    if review:
        excluded["Organisation nicht zugeordnet (siehe Prüfliste)"] = review
    decided = int(status.eq("excluded").sum())
    if decided:
        excluded["in aliases.csv als kein Akteur der Stadt entschieden"] = decided


def _dropped(frame: pd.DataFrame, keep: Sequence[str]) -> dict[str, str]:
    personal = detect_personal_columns(frame.drop(columns=list(keep)))
    return {str(c): personal.get(c, "other") for c in frame.columns if c not in keep}


# ---------------------------------------------------------------------------------------------


def _create_table(folder: Path, table: str) -> Path:
    """An empty CSV table with the schema's header, in the format of ``actors.csv``."""
    like = folder / "actors.csv"
    enc, delim, newline = _file_format(like) if like.is_file() else ("utf-8", ",", "\n")
    buf = _io.StringIO()
    csv.writer(buf, delimiter=delim, lineterminator=newline).writerow(TABLES[table].column_names)
    path = folder / f"{table}.csv"
    path.write_bytes(buf.getvalue().encode(enc))
    return path
