"""Real-world input: the spreadsheet template, attendance lists and case-management exports.

Evaluators rarely write data packages by hand. They have attendance lists typed by hand
("Caritas OF", "Caritasverband Offenbach e.V.", "Caritas-Verband Offenbach"), Excel sheets with
German dates and exports from case-management software with one row per client case. This
module turns them into rows of a city folder, repeatably and without personal data:

* :func:`write_template` writes an Excel workbook with one sheet per table, drop-down lists for
  every controlled column and a German instruction sheet (``netzwerk template``);
* :func:`import_attendance` adds ``participation`` rows from an attendance list
  (``netzwerk import attendance``);
* :func:`import_referrals` adds aggregated ``referrals`` rows from a case-level export
  (``netzwerk import referrals``).

Both importers match organisation names to the city's actors with :func:`match_names`
(normalisation by :func:`normalise_name`, fuzzy scores by rapidfuzz), apply confident matches,
list doubtful and new names for review and record every decision in ``aliases.csv`` in the city
folder (:func:`read_aliases`), so that importing the same list again needs no second review.
New actors are never created silently. Only the columns an importer needs are kept in memory
after reading; person names, e-mail addresses, phone numbers and client identifiers are never
written anywhere, and the importers say which columns they dropped.
"""

from __future__ import annotations

import argparse
import codecs
import csv
import datetime as _dt
import io as _io
import re
import sys
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from netzwerk._schema import TABLE_ORDER, TABLES, TEMPLATE_SHEETS
from netzwerk.privacy import (
    csv_cell,
    csv_safe,
    csv_unescape,
    detect_personal_columns,
    organisation_part,
)
from netzwerk.vocab import load_vocabulary

__all__ = [
    "ImportResult",
    "city_abbreviations",
    "import_attendance",
    "import_referrals",
    "match_names",
    "normalise_name",
    "read_aliases",
    "read_decisions",
    "workbook_to_folder",
    "write_template",
]

#: Score (0–100) from which a fuzzy match is applied without review.
ACCEPT_SCORE = 90.0
#: Score from which a name is listed for review *with* a suggested actor ("doubtful");
#: below it the name is listed as new.
REVIEW_SCORE = 70.0
#: A confident match must beat the best other actor by this many points.
MARGIN = 5.0

ALIAS_COLUMNS = ["alias", "actor_id", "decided", "note"]
REVIEW_COLUMNS = ["name", "n_rows", "status", "score", "suggestion", "suggestion_name", "actor_id"]

# ---------------------------------------------------------------------------------------------
# Reading input files (attendance lists, exports): every cell as text
# ---------------------------------------------------------------------------------------------


def _decode_bytes(data: bytes) -> str:
    """Text of an input file as :mod:`netzwerk.io` reads it, with LF line ends."""
    from netzwerk._read import ReadError, decode, normalise_newlines

    try:
        return normalise_newlines(decode(data).text)
    except ReadError as exc:
        raise _input_error(exc, "input") from None


def _input_error(exc: Exception, file: str) -> Exception:
    """A reading issue as the DataError ``netzwerk.io`` raises for a table."""
    from netzwerk.io import DataError, _from_issue

    return DataError([_from_issue(exc.issue, file)])  # type: ignore[attr-defined]


def _read_city_file(folder: Path, name: str) -> str:
    """Text of a file the city folder holds (``aliases.csv``): a regular file inside the folder
    (no symlink out, no FIFO or device), bounded and decoded as :mod:`netzwerk.io` does."""
    from netzwerk._read import ReadError, check_path, not_regular, read_bytes

    path, bad = check_path(folder, name)
    bad = bad or not_regular(path)
    if bad is not None:
        from netzwerk.io import DataError, _from_issue

        raise DataError([_from_issue(bad, name)])
    try:
        return _decode_bytes(read_bytes(path))
    except ReadError as exc:
        raise _input_error(exc, name) from None


def _sniff(text: str) -> str:
    from netzwerk._read import sniff_delimiter

    return sniff_delimiter(text, set())


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, _dt.datetime):
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _grid_to_frame(
    rows: list[list[Any]], want: Iterable[str] = (), *, text: bool = False
) -> pd.DataFrame:
    """Header detection: the first row naming a wanted column, else the first fullest row.

    ``text``: the cells are already strings (CSV); they are only stripped.
    """
    width = max((len(r) for r in rows), default=0)
    if text:
        rows = [[v.strip() for v in r] + [""] * (width - len(r)) for r in rows]
    else:
        rows = [[_cell(v) for v in r] + [""] * (width - len(r)) for r in rows]
    if not rows or width == 0:
        return pd.DataFrame()
    head = rows[:20]
    counts = [sum(v != "" for v in r) for r in head]
    wanted = {_compact(w) for w in want}
    header_pos = next(
        (i for i, r in enumerate(head) if any(_compact(v) in wanted for v in r if v)), None
    )
    if header_pos is None:
        header_pos = counts.index(max(counts))
    header, seen = [], set()
    for k, h in enumerate(rows[header_pos]):
        name = h or f"Spalte {k + 1}"
        while name in seen:
            name += "'"
        seen.add(name)
        header.append(name)
    body = rows[header_pos + 1 :]
    frame = pd.DataFrame(body, columns=header, dtype=object)
    frame.index = np.arange(header_pos + 2, header_pos + 2 + len(body))
    nonempty = (frame != "").any(axis=1)
    return frame[nonempty]


def _read_input(path: Path, *, sheet: str | None = None, want: Iterable[str] = ()) -> pd.DataFrame:
    """A CSV or XLSX file as a frame of text; index = spreadsheet row numbers.

    Read with :mod:`netzwerk.io`'s reader (any line ending, encoding detected, bounded);
    ``frame.attrs["format"]`` says what was found, e.g. ``"CSV, Windows-1252, ';'"``.
    """
    from netzwerk import _read, _xlsx
    from netzwerk.io import DataError, _from_issue

    if not path.is_file():
        raise FileNotFoundError(f"input file {str(path)!r} not found")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        try:
            sheets = _xlsx.read_workbook(path)
        except _read.ReadError as exc:
            where = f"{path.name}[{exc.sheet}]" if exc.sheet else path.name
            raise DataError([_from_issue(exc.issue, where)]) from None
        names = [s.name for s in sheets]
        if not sheets:
            raise ValueError(f"{path.name}: the workbook has no sheets")
        if sheet is not None and sheet not in names:
            raise ValueError(
                f"sheet {sheet!r} not in {path.name}; expected one of {', '.join(names)}"
            )
        found = sheets[names.index(sheet)] if sheet is not None else sheets[0]
        errors = [i for i in found.issues if i.severity == "error"]
        if errors:
            raise DataError([_from_issue(i, f"{path.name}[{found.name}]") for i in errors])
        frame = _grid_to_frame(found.grid.to_numpy(dtype=object).tolist(), want, text=True)
        frame.attrs["format"] = f"XLSX, Blatt {found.name!r}"
        return frame
    if suffix in (".csv", ".txt", ".tsv", ""):
        try:
            decoded = _read.decode(_read.read_bytes(path))
        except _read.ReadError as exc:
            raise _input_error(exc, path.name) from None
        delim = _read.sniff_delimiter(decoded.text, {*want})
        grid, issues = _read.read_csv_grid(decoded.text, delim, ragged="pad")
        errors = [i for i in issues if i.severity == "error"]
        if errors:
            raise DataError([_from_issue(i, path.name) for i in errors])
        frame = _grid_to_frame(grid.to_numpy(dtype=object).tolist(), want, text=True)
        frame.attrs["format"] = f"CSV, {decoded.label}, {_read.DELIMITER_LABEL[delim]}"
        return frame
    raise ValueError(f"input file {path.name!r}: expected a .csv or .xlsx file, got {suffix!r}")


# ---------------------------------------------------------------------------------------------
# Name normalisation and matching
# ---------------------------------------------------------------------------------------------

_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})

#: Legal forms and status words dropped from organisation names.
_LEGAL_FORMS = re.compile(
    r"(?<![\w])(?:e\.\s?v\.?|g?gmbh|mbh|gug|ug\s*\(haftungsbeschränkt\)|a\.?\s?ö\.?\s?r\.?"
    r"|k\.?\s?d\.?\s?ö\.?\s?r\.?|gemeinnützige[rsmn]?|gemeinnuetzige[rsmn]?|gem\.)(?![\w])"
)

#: Common abbreviations and short forms → the words they stand for (after normalisation).
#: Applied to both sides of a comparison, so "AWO" and "Arbeiterwohlfahrt" meet.
ABBREVIATIONS: dict[str, str] = {
    "awo": "arbeiterwohlfahrt",
    "drk": "deutsches rotes kreuz",
    "caritas": "caritasverband",
    "diakonie": "diakonisches werk",
    "dw": "diakonisches werk",
    "paritaetischer": "paritaetischer wohlfahrtsverband",
    "paritaetische": "paritaetischer wohlfahrtsverband",
    "dpwv": "paritaetischer wohlfahrtsverband",
    "vhs": "volkshochschule",
    "jmd": "jugendmigrationsdienst",
    "mbe": "migrationsberatung erwachsene zuwanderer",
    "jc": "jobcenter",
    "abh": "auslaenderbehoerde",
    "bamf": "bundesamt migration fluechtlinge",
    "ib": "internationaler bund",
    "afa": "agentur arbeit",
    "ev": "evangelisch",
    "evang": "evangelisch",
    "kath": "katholisch",
    "st": "sankt",
    "uni": "universitaet",
    "hs": "hochschule",
}

#: Vehicle registration codes of the cities in ``data/`` (the short forms used in lists);
#: a city's ``datapackage.json`` can add its own under ``"abbreviations"``.
CITY_CODES: dict[str, str] = {"of": "offenbach", "ha": "hagen", "md": "magdeburg"}

_STOPWORDS = {
    "der", "die", "das", "des", "dem", "den", "fuer", "und", "u", "in", "im", "am", "an", "von",
    "vom", "zu", "zur", "zum", "e",
}  # fmt: skip
_WEAK = {"stadt", "kreis", "landkreis", "verein"}


def _compact(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text)).casefold().translate(_TRANSLIT)
    return re.sub(r"[^a-z0-9]", "", text)


def city_abbreviations(meta: Mapping[str, Any] | None = None) -> dict[str, str]:
    """The abbreviation table for one city: common short forms plus the city's own.

    Parameters
    ----------
    meta : mapping, optional
        The city's ``datapackage.json`` (``City.meta``). Its ``"abbreviations"`` entry (an
        object ``{"OF": "Offenbach", …}``) is added to the common table
        (:data:`ABBREVIATIONS` and the registration codes :data:`CITY_CODES` of the bundled
        cities); a city's own entries win.

    Returns
    -------
    dict
        Lower-case short form → the words it stands for.

    Raises
    ------
    TypeError
        If ``meta["abbreviations"]`` is not an object of text to text.

    Examples
    --------
    >>> table = city_abbreviations({"abbreviations": {"KTI": "Kompetenzteam Integration"}})
    >>> table["kti"], table["of"], table["awo"]
    ('kompetenzteam integration', 'offenbach', 'arbeiterwohlfahrt')
    """
    table = dict(ABBREVIATIONS)
    table.update(CITY_CODES)
    extra = (meta or {}).get("abbreviations") or {}
    if not isinstance(extra, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in extra.items()
    ):
        raise TypeError(f"meta['abbreviations'] must be an object of text to text, got {extra!r}")
    for k, v in extra.items():
        table[_tokens(k, {})[0] if _tokens(k, {}) else k.casefold()] = " ".join(_tokens(v, {}))
    return table


def _tokens(name: str, abbreviations: Mapping[str, str]) -> list[str]:
    s = unicodedata.normalize("NFKC", str(name)).casefold().strip()
    s = _LEGAL_FORMS.sub(" ", s)
    s = s.translate(_TRANSLIT)
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    s = re.sub(r"(?<=[a-z0-9])-(?=[a-z0-9])", "", s)  # Caritas-Verband → caritasverband
    out: list[str] = []
    for token in re.split(r"[^a-z0-9]+", s):
        if not token or token in _STOPWORDS:
            continue
        for word in abbreviations.get(token, token).split():
            if out and out[-1].endswith(word):  # "caritasverband verband" → "caritasverband"
                continue
            out.append(word)
    return out


def normalise_name(name: str, *, abbreviations: Mapping[str, str] | None = None) -> str:
    """An organisation name in the form names are compared in.

    Steps: Unicode NFKC and case folding; legal forms and status words removed (``e.V.``,
    ``gGmbH``, ``GmbH``, ``mbH``, ``gUG``, ``AöR``, ``KdöR``, ``gemeinnützige``); umlauts
    spelt out (``ä→ae``, ``ö→oe``, ``ü→ue``, ``ß→ss``) and other accents dropped; a hyphen
    inside a word joins its parts (``Caritas-Verband`` → ``caritasverband``); other
    punctuation separates words; small words (``der``, ``für``, ``und``, ``am`` …) dropped;
    abbreviations expanded by the table (``AWO`` → ``arbeiterwohlfahrt``, ``OF`` →
    ``offenbach``, ``Caritas`` → ``caritasverband``); a word that ends the previous one is
    dropped (``Caritas Verband`` → ``caritasverband``).

    Parameters
    ----------
    name : str
        The name as written.
    abbreviations : mapping, optional
        Short form → words; default :func:`city_abbreviations` without a city.

    Returns
    -------
    str
        Lower-case words separated by single spaces ("" for a name of only small words).

    Raises
    ------
    TypeError
        If ``name`` is not text.

    Examples
    --------
    >>> normalise_name("Caritas-Verband Offenbach e.V.")
    'caritasverband offenbach'
    >>> normalise_name("  caritas OF ")
    'caritasverband offenbach'
    >>> normalise_name("Paritätischer Wohlfahrtsverband")
    'paritaetischer wohlfahrtsverband'
    >>> normalise_name("Beratungszentrum für Migranten gGmbH")
    'beratungszentrum migranten'
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be text, got {type(name).__name__} {name!r}")
    table = city_abbreviations() if abbreviations is None else abbreviations
    return " ".join(_tokens(name, table))


def _city_phrases(meta: Mapping[str, Any] | None, abbreviations: Mapping[str, str]) -> list[str]:
    """The city's own name in normalised forms (longest first): removed for a second score."""
    phrases: set[str] = set()
    for key in ("city", "name", "title"):
        value = (meta or {}).get(key)
        if not isinstance(value, str) or not value.strip():
            continue
        words = _tokens(value.replace("-", " "), abbreviations)
        if key == "title":
            words = words[:1]
        if words:
            phrases.add(" ".join(words))
            phrases.add(words[0] if words[0] not in _WEAK else " ".join(words[:2]))
            rest = [w for w in words if w not in _WEAK]
            if rest:
                phrases.add(rest[0])
                phrases.add(" ".join(rest))
    return sorted((p for p in phrases if p and p not in _WEAK), key=len, reverse=True)


def _reduced(norm: str, phrases: Sequence[str]) -> str:
    text = f" {norm} "
    for p in phrases:
        text = text.replace(f" {p} ", " ")
    words = text.split()
    strong = [w for w in words if w not in _WEAK]
    return " ".join(strong or words)


def read_aliases(city_dir: str | Path) -> pd.DataFrame:
    """The recorded name decisions of a city: ``<city>/aliases.csv``.

    Parameters
    ----------
    city_dir : str or Path
        The city folder.

    Returns
    -------
    pandas.DataFrame
        Columns ``alias`` (a name as it appeared in an imported list), ``actor_id`` (the
        actor it means; empty = decided that it is *not* an existing actor, e.g. a new
        organisation that was not added), ``decided`` (``auto`` for a confident match that
        netzwerk applied, ``user`` for a person's decision; an empty cell counts as ``user``)
        and ``note``; empty when the file does not exist. Extra columns are kept.

    Raises
    ------
    ValueError
        If the file lacks the columns ``alias`` or ``actor_id``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "aliases.csv").write_text("alias,actor_id\\nCaritas OF,of-caritas\\n")
    >>> read_aliases(folder)[["alias", "actor_id", "decided"]].to_dict("records")
    [{'alias': 'Caritas OF', 'actor_id': 'of-caritas', 'decided': 'user'}]
    """
    path = Path(city_dir) / "aliases.csv"
    if not path.is_file():
        return pd.DataFrame({c: pd.Series(dtype=object) for c in ALIAS_COLUMNS})
    text = _read_city_file(Path(city_dir), "aliases.csv")
    frame = pd.read_csv(_io.StringIO(text), sep=_sniff(text), dtype=str, keep_default_na=False).map(
        lambda v: csv_unescape(v.strip())
    )
    missing = [c for c in ("alias", "actor_id") if c not in frame.columns]
    if missing:
        raise ValueError(f"{path}: columns {missing} missing; expected alias,actor_id,decided,note")
    for c in ALIAS_COLUMNS:
        if c not in frame.columns:
            frame[c] = ""
    frame.loc[frame["decided"] == "", "decided"] = "user"
    return frame


def _passes_as_organisation(name: str) -> bool:
    """Whether a name may be written to a file: it is an organisation name and nothing else."""
    text = " ".join(str(name).split())
    return organisation_part(text) == (text, None)


def _write_aliases(city_dir: Path, frame: pd.DataFrame) -> Path:
    """Write ``aliases.csv``; an alias that does not pass as an organisation name (one kept
    from an older version of netzwerk) is left out, so no person's name stays on disk."""
    path = city_dir / "aliases.csv"
    columns = ALIAS_COLUMNS + [c for c in frame.columns if c not in ALIAS_COLUMNS]
    clean = frame[frame["alias"].map(_passes_as_organisation).astype(bool)]
    csv_safe(clean[columns]).to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return path


def _score_matrix(queries: list[str], choices: list[str], phrases: Sequence[str]) -> np.ndarray:
    """0–100: the best of word-order-free, spacing-free and city-name-free similarity."""
    from rapidfuzz import fuzz, process

    if not queries or not choices:
        return np.zeros((len(queries), len(choices)))
    sort = process.cdist(queries, choices, scorer=fuzz.token_sort_ratio, dtype=np.float64)
    q_compact = [q.replace(" ", "") for q in queries]
    c_compact = [c.replace(" ", "") for c in choices]
    compact = process.cdist(q_compact, c_compact, scorer=fuzz.ratio, dtype=np.float64)
    q_red = [_reduced(q, phrases) for q in queries]
    c_red = [_reduced(c, phrases) for c in choices]
    reduced = process.cdist(q_red, c_red, scorer=fuzz.token_sort_ratio, dtype=np.float64)
    return np.maximum(np.maximum(sort, compact), reduced)


def match_names(
    names: Iterable[str],
    actors: pd.DataFrame,
    *,
    aliases: pd.DataFrame | None = None,
    meta: Mapping[str, Any] | None = None,
    accept: float = ACCEPT_SCORE,
    review: float = REVIEW_SCORE,
    margin: float = MARGIN,
) -> pd.DataFrame:
    """Match organisation names to a city's actors, and say how sure the match is.

    Each distinct name is normalised (:func:`normalise_name`, with the city's abbreviations
    from ``meta``) and compared with every actor's name and every recorded alias. The score
    (0–100) is the largest of three rapidfuzz similarities:

    .. math::

       s(a, b) = \\max\\bigl(\\mathrm{tsr}(a, b),\\; \\mathrm{r}(a^\\circ, b^\\circ),\\;
       \\mathrm{tsr}(a^-, b^-)\\bigr)

    where tsr is the token-sort ratio (word order does not matter), :math:`a^\\circ` the name
    without spaces (compounds: "Caritas Verband" = "Caritasverband") and :math:`a^-` the name
    without the city's own name ("Sozialamt OF" = "Sozialamt der Stadt Offenbach").

    The decision, in this order: a recorded alias with an actor → ``alias``; normalised name
    equal to exactly one actor's → ``exact``; an alias recorded with an empty actor
    → ``excluded`` (known not to be an actor of the city; skipped without review); best score
    ≥ ``accept`` and at least ``margin`` above the best *other* actor → ``confident``; best
    score ≥ ``review`` (or a tie) → ``doubtful``; otherwise → ``new``.

    Parameters
    ----------
    names : iterable of str
        Names as written (duplicates are collapsed; empty names ignored).
    actors : pandas.DataFrame
        With columns ``actor_id`` and ``name`` (``City.actors``).
    aliases : pandas.DataFrame, optional
        Recorded decisions (:func:`read_aliases`).
    meta : mapping, optional
        The city's metadata (abbreviations, the city's name).
    accept, review : float, default 90, 70
        Score thresholds for ``confident`` and ``doubtful``.
    margin : float, default 5
        How far a confident match must be ahead of the best other actor.

    Returns
    -------
    pandas.DataFrame
        One row per distinct name, in first-seen order: ``name``, ``normalised``,
        ``status`` (``alias``, ``exact``, ``confident``, ``doubtful``, ``new``, ``excluded``),
        ``actor_id`` (set for ``alias``, ``exact``, ``confident``; else ``<NA>``), ``score``,
        ``suggestion`` and ``suggestion_name`` (the best actor, for review).

    Raises
    ------
    ValueError
        If ``actors`` lacks ``actor_id`` or ``name``, or ``review > accept``.

    Notes
    -----
    The thresholds were set on name variants from the four bundled cities: a legal form,
    umlaut spelling or compound spelling alone scores 100 after normalisation; a missing
    department word ("Sozialamt" for "Sozialamt der Stadt Offenbach") scores 100 through the
    city-free comparison; a different organisation of the same kind ("Diakonie Offenbach"
    against "Caritasverband Offenbach") stays below 70.

    Examples
    --------
    >>> import pandas as pd
    >>> actors = pd.DataFrame({"actor_id": ["of-caritas", "of-awo"],
    ...                        "name": ["Caritasverband Offenbach", "AWO Offenbach"]})
    >>> m = match_names(["Caritas OF", "Arbeiterwohlfahrt Offenbach e.V.", "Diakonie OF"],
    ...                 actors, meta={"city": "Offenbach am Main"})
    >>> m[["name", "status", "actor_id", "suggestion"]]
                                   name  status    actor_id  suggestion
    0                        Caritas OF   exact  of-caritas  of-caritas
    1  Arbeiterwohlfahrt Offenbach e.V.   exact      of-awo      of-awo
    2                       Diakonie OF     new        <NA>  of-caritas
    """
    if not {"actor_id", "name"} <= set(actors.columns):
        raise ValueError(f"actors must have columns actor_id and name, got {list(actors.columns)}")
    if review > accept:
        raise ValueError(f"review ({review}) must not exceed accept ({accept})")
    abbreviations = city_abbreviations(meta)
    phrases = _city_phrases(meta, abbreviations)
    seen: dict[str, None] = {}
    for n in pd.unique(pd.Series(list(names), dtype=object).dropna()):
        n = " ".join(str(n).split())
        if n:
            seen.setdefault(n, None)
    distinct = list(seen)
    actor_ids = actors["actor_id"].astype(str).tolist()
    actor_names = dict(zip(actor_ids, actors["name"].astype(str), strict=True))
    choices = [normalise_name(n, abbreviations=abbreviations) for n in actors["name"].astype(str)]
    owners = list(actor_ids)
    alias_actor: dict[str, str] = {}
    if aliases is not None and len(aliases):
        for alias, aid in zip(aliases["alias"].astype(str), aliases["actor_id"].astype(str),
                              strict=True):  # fmt: skip
            key = normalise_name(alias, abbreviations=abbreviations)
            alias_actor[key] = aid.strip()
            if aid.strip() in actor_names:
                choices.append(key)
                owners.append(aid.strip())
    exact: dict[str, set[str]] = {}
    for c, o in zip(choices[: len(actor_ids)], actor_ids, strict=True):
        exact.setdefault(c, set()).add(o)
    normalised = [normalise_name(n, abbreviations=abbreviations) for n in distinct]
    scores = _score_matrix(normalised, choices, phrases)
    owner_index = {a: k for k, a in enumerate(actor_ids)}
    owner_pos = np.array([owner_index[o] for o in owners], dtype=int)
    rows = []
    for i, (name, norm) in enumerate(zip(distinct, normalised, strict=True)):
        per_actor = np.zeros(len(actor_ids))
        if len(owner_pos):
            np.maximum.at(per_actor, owner_pos, scores[i])
        order = np.argsort(-per_actor, kind="stable")
        best = float(per_actor[order[0]]) if len(order) else 0.0
        second = float(per_actor[order[1]]) if len(order) > 1 else 0.0
        suggestion = actor_ids[order[0]] if len(order) and best > 0 else None
        status, actor_id, score = "new", None, best
        if norm in alias_actor and alias_actor[norm] in actor_names:
            status, actor_id, score, suggestion = (
                "alias",
                alias_actor[norm],
                100.0,
                alias_actor[norm],
            )
        elif norm and len(exact.get(norm, ())) == 1:
            actor_id = next(iter(exact[norm]))
            status, score, suggestion = "exact", 100.0, actor_id
        elif norm in alias_actor and alias_actor[norm] == "":
            status = "excluded"
        elif best >= accept and best - second >= margin:
            status, actor_id = "confident", suggestion
        elif best >= review:
            status = "doubtful"
        rows.append(
            {
                "name": name,
                "normalised": norm,
                "status": status,
                "actor_id": actor_id,
                "score": round(score, 1),
                "suggestion": suggestion,
                "suggestion_name": actor_names.get(suggestion) if suggestion else None,
            }
        )
    out = pd.DataFrame(
        rows,
        columns=["name", "normalised", "status", "actor_id", "score", "suggestion",
                 "suggestion_name"],
    )  # fmt: skip
    for c in ("name", "normalised", "status", "actor_id", "suggestion", "suggestion_name"):
        out[c] = out[c].astype("string")
    out["score"] = out["score"].astype("float64")
    return out


# ---------------------------------------------------------------------------------------------
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
    frame = pd.read_csv(_io.StringIO(text), sep=_sniff(text), dtype=str, keep_default_na=False)
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
    header = [h.strip() for h in next(csv.reader(_io.StringIO(text), delimiter=delim))]
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
# Attendance lists
# ---------------------------------------------------------------------------------------------


def import_attendance(
    path: str | Path,
    city_dir: str | Path,
    *,
    event_id: str,
    role: str = "participant",
    source_id: str | None = None,
    column: str | None = None,
    sheet: str | None = None,
    decisions: Mapping[str, str | None] | None = None,
    accept_suggestions: bool = False,
    review_path: str | Path | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Add the organisations on an attendance list to ``participation.csv`` of a city.

    The list (CSV as a German spreadsheet program saves it, or XLSX) may have one row per
    person or per organisation and title lines above the header. The organisation column is
    found by its header (*Organisation*, *Einrichtung*, *Institution*, *Träger*, *Verein*,
    *Firma*, *Behörde*, *Dienststelle* …) or given. All other columns are dropped right after
    reading; those holding person names, e-mail addresses or phone numbers are named in
    ``dropped_columns``. E-mail addresses and phone numbers typed into the organisation
    column are removed from the names.

    Names are matched to actors with :func:`match_names`. Names with an actor (recorded
    alias, exact or confident match) give one participation row per actor (duplicates and
    several spellings of one organisation collapse): ``event_id``, ``actor_id``, ``role``,
    ``source_id``, empty ``quote``, ``inferred=false``. Rows already in the table are not
    written again. Doubtful and new names are listed for review, never turned into actors;
    decisions (``decisions``, ``accept_suggestions``) and confident matches are recorded in
    ``aliases.csv``, so importing the same list again applies them without a second review.

    Parameters
    ----------
    path : str or Path
        The attendance list (``.csv`` or ``.xlsx``).
    city_dir : str or Path
        The city folder; must load without errors (:func:`netzwerk.load_city`).
    event_id : str
        The event the list belongs to (in ``events``).
    role : str, default "participant"
        The role of every organisation on the list (vocabulary ``roles``).
    source_id : str, optional
        The source the rows cite (in ``sources``), e.g. the scanned list.
    column : str, optional
        The organisation column's header or 1-based number.
    sheet : str, optional
        The sheet of an XLSX list (default: the first).
    decisions : mapping, optional
        Name → actor_id for names to settle now; an empty id records "not an existing actor"
        (the name is then skipped without review).
    accept_suggestions : bool, default False
        Accept the suggested actor for every doubtful name.
    review_path : str or Path, optional
        Where to write the review list; default ``<list>_review.csv`` beside the list.
    dry_run : bool, default False
        Match and report, write nothing.

    Returns
    -------
    ImportResult

    Raises
    ------
    FileNotFoundError
        If the list or the city folder does not exist.
    ValueError
        If the event, role, source or a decided actor is unknown, no organisation column is
        found, or the city's participation table is not a CSV file.
    netzwerk.DataError
        If the city has data errors.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from netzwerk.io import _write_example_city
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> city = _write_example_city(tmp)
    >>> _ = (tmp / "liste.csv").write_text(
    ...     "Name;Einrichtung;E-Mail\\n"
    ...     "Anna Schulz;Arbeiterwohlfahrt;a.schulz@example.org\\n"
    ...     "Ben Ott;Verein Bruecke e.V.;b@example.org\\n"
    ...     "Eva Roth;Brücke;e@example.org\\n", encoding="utf-8")
    >>> result = import_attendance(tmp / "liste.csv", city, event_id="fachtag")
    >>> result.dropped_columns
    {'Name': 'name', 'E-Mail': 'email'}
    >>> result.matches[["name", "status", "actor_id"]].to_dict("records")[:2]
    [{'name': 'Arbeiterwohlfahrt', 'status': 'exact', 'actor_id': 'awo'}, {'name': 'Verein Bruecke e.V.', 'status': 'exact', 'actor_id': 'bruecke'}]
    >>> len(result.added), result.existing
    (2, 0)

    Importing the same list again changes nothing:

    >>> again = import_attendance(tmp / "liste.csv", city, event_id="fachtag")
    >>> len(again.added), again.existing, len(again.review)
    (0, 2, 0)
    """
    path = Path(path)
    folder, city = _load(city_dir)
    _check_id(event_id, city.events["event_id"].astype(str), "event_id")
    roles = load_vocabulary("roles", folder / "vocabulary")
    if role not in roles:
        raise ValueError(f"role {role!r} is not a role; expected one of {', '.join(roles.codes)}")
    _check_id(source_id, city.sources["source_id"].astype(str), "source_id")
    target = _table_path(folder, "participation")
    frame = _read_input(path, sheet=sheet, want=[*_ORG_HEADERS, *(c for c in [column] if c)])
    input_format = frame.attrs.get("format", "")
    org = _find_column(frame, column, _ORG_HEADERS, _ORG_HEADERS, "organisation")
    if org is None and frame.shape[1] == 1:
        org = frame.columns[0]
    if org is None:
        raise ValueError(
            f"{path.name}: no organisation column found among {', '.join(map(str, frame.columns))}"
            "; name it with column= (--column)"
        )
    dropped = _dropped(frame, [org])
    excluded: dict[str, int] = {}
    notes: dict[str, set[int]] = {}
    names = _org_names(frame[org], notes)
    del frame  # nothing but the organisation names stays in memory
    _report_notes(notes, excluded)
    names = names[names != ""]
    written: list[Path] = []
    m = _resolve(
        names,
        folder,
        city,
        decisions=decisions,
        accept_suggestions=accept_suggestions,
        dry_run=dry_run,
        written=written,
    )
    to_actor = dict(zip(m["name"], m["actor_id"], strict=True))
    actor_ids = pd.unique(names.map(to_actor).dropna().astype(str))
    existing_keys = set(
        zip(
            city.participation["event_id"].astype(str),
            city.participation["actor_id"].astype(str),
            city.participation["role"].astype(str),
            strict=True,
        )
    )
    rows = [
        {
            "event_id": event_id,
            "actor_id": a,
            "role": role,
            "source_id": source_id or "",
            "quote": "",
            "inferred": "false",
            "note": "",
        }
        for a in actor_ids
        if (event_id, a, role) not in existing_keys
    ]
    n_existing = len(actor_ids) - len(rows)
    _count_unmatched(m, names, excluded)
    if rows and not dry_run:
        _append_csv(target, rows)
        written.append(target)
    review = _review_frame(m)
    out_review = None
    if len(review) and not dry_run:
        out_review = Path(review_path) if review_path else path.with_name(f"{path.stem}_review.csv")
        written.append(_write_review(review, out_review))
    added = pd.DataFrame(rows, columns=TABLES["participation"].column_names)
    return ImportResult(
        kind="attendance",
        matches=m,
        added=added,
        existing=n_existing,
        review=review,
        dropped_columns=dropped,
        input_format=input_format,
        excluded_rows=excluded,
        written=written,
        review_path=out_review,
    )


# ---------------------------------------------------------------------------------------------
# Case-management exports → referrals
# ---------------------------------------------------------------------------------------------

_DATE_HEADERS = ("datum", "date", "verweisdatum", "zeitpunkt", "fallbeginn", "eingangsdatum",
                 "erstkontakt", "beginn")  # fmt: skip
_DATE_STEMS = ("datum", "date")
#: Header words of the date a referral is counted by: the referral, the case or its start.
_DATE_PREFERRED = ("verweis", "verwiesen", "zuweis", "vermittl", "ueberweis", "referral", "fall",
                   "case", "beginn", "start", "eingang", "aufnahme", "datumder", "dateof")  # fmt: skip
_FROM_HEADERS = ("von", "from", "absender", "zuweiser", "herkunft", "verwiesenvon",
                 "vermitteltvon", "quelle")  # fmt: skip
_FROM_STEMS = ("verweisend", "zuweisend", "ueberweisend", "absender", "zuweiser",
               "verwiesenvon", "vermitteltvon", "from")  # fmt: skip
_TO_HEADERS = ("an", "nach", "to", "ziel", "empfaenger", "verwiesenan", "vermitteltan")
_TO_STEMS = ("empfang", "empfaenger", "aufnehmend", "verwiesenan", "vermitteltan",
             "weitervermittelt", "zielstelle", "zieleinrichtung", "zielorganisation")  # fmt: skip
_FIELD_HEADERS = ("handlungsfeld", "field", "bereich", "themenfeld", "thema", "feld",
                  "lebensbereich")  # fmt: skip
_FIELD_STEMS = ("handlungsfeld", "themenfeld", "lebensbereich")

_DE_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})(?:[ ,T].*)?$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_MONTH = re.compile(r"^(?:(\d{1,2})[./](\d{4})|(\d{4})-(\d{1,2}))$")
_YEAR = re.compile(r"^(\d{4})$")


def _case_date(text: str) -> tuple[int, int | None] | None:
    """(year, month) of a case date as exports write it; None if unreadable."""
    t = text.strip()
    if m := _DE_DATE.match(t):
        d, mo, y = int(m[1]), int(m[2]), int(m[3])
        y = y + (2000 if y < 70 else 1900) if len(m[3]) == 2 else y
    elif m := _ISO_DATE.match(t):
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    elif m := _MONTH.match(t):
        y, mo = (int(m[2]), int(m[1])) if m[1] else (int(m[3]), int(m[4]))
        return (y, mo) if 1 <= mo <= 12 else None
    elif m := _YEAR.match(t):
        return int(m[1]), None
    elif re.fullmatch(r"\d{5}(\.0+)?", t):  # an Excel serial day number
        day = _dt.date(1899, 12, 30) + _dt.timedelta(days=int(float(t)))
        return day.year, day.month
    else:
        return None
    try:
        _dt.date(y, mo, d)
    except ValueError:
        return None
    return y, mo


def _date_column(frame: pd.DataFrame, given: str | None, file: str) -> tuple[str | None, list[str]]:
    """The column with the case date, and the birth-date columns (never used).

    A header naming a birth date (:func:`netzwerk._persons._birth_header`) is personal data,
    whatever else it says. Among the other date headers (:data:`_DATE_HEADERS`, or with
    *Datum*/*date* in them) those naming the referral, the case or its start
    (:data:`_DATE_PREFERRED`: *Verweisdatum*, *Datum der Verweisung*, *Fallbeginn* …) win;
    when more than one candidate is left, the user must choose.
    """
    from netzwerk._persons import _birth_header

    birth = [str(h) for h in frame.columns if _birth_header(h)]
    if given is not None:
        chosen = _find_column(frame, given, (), (), "date")
        if chosen in birth:
            raise ValueError(
                f"{file}: date column {chosen!r} holds birth dates, which are personal data and "
                "never used as the case date; name the column with the date of the referral"
            )
        return chosen, birth
    compact = {h: _compact(h) for h in frame.columns if h not in birth}
    dated = [
        h for h, c in compact.items() if c in _DATE_HEADERS or any(s in c for s in _DATE_STEMS)
    ]
    preferred = [h for h in dated if any(w in compact[h] for w in _DATE_PREFERRED)]
    pool = preferred or dated
    if len(pool) > 1:
        raise ValueError(
            f"{file}: several columns could hold the case date ({', '.join(pool)}); name the "
            "one with the date of the referral with columns={'date': …} (--date-column)"
        )
    return (pool[0] if pool else None), birth


def _period_key(date: tuple[int, int | None] | None, period: str) -> str | None:
    """The period of a case date, spelt as the loader spells periods
    (:func:`netzwerk.io.parse_partial_date`: ``2021``, ``2021-Q2``, ``2021-05``)."""
    from netzwerk.io import parse_partial_date

    if date is None:
        return None
    y, mo = date
    if period == "year":
        return parse_partial_date(f"{y:04d}")[0]
    if mo is None:
        return None
    if period == "month":
        return parse_partial_date(f"{y:04d}-{mo:02d}")[0]
    return parse_partial_date(f"{y:04d}-Q{(mo - 1) // 3 + 1}")[0]


def _field_codes(values: pd.Series, vocab) -> tuple[pd.Series, dict[str, str]]:
    """Field values → codes: exact code or label first, then the closest (reported)."""
    lookup: dict[str, str] = {}
    for code in vocab.codes:
        lookup[_compact(code)] = code
        for col in ("label_de", "label_en"):
            lookup[_compact(vocab.table.at[code, col])] = code
    mapping, fuzzy = {}, {}
    for v in pd.unique(values):
        key = _compact(v)
        if not key:
            mapping[v] = None
        elif key in lookup:
            mapping[v] = lookup[key]
        else:
            guess = vocab.suggest(v)
            mapping[v] = guess
            if guess:
                fuzzy[v] = guess
    return values.map(mapping), fuzzy


def import_referrals(
    path: str | Path,
    city_dir: str | Path,
    *,
    period: str = "quarter",
    source_id: str | None = None,
    field: str | None = None,
    columns: Mapping[str, str] | None = None,
    sheet: str | None = None,
    decisions: Mapping[str, str | None] | None = None,
    accept_suggestions: bool = False,
    review_path: str | Path | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Aggregate a case-level export into ``referrals`` rows per pair, field and period.

    The export has one row per client case (or per referral) with a date, the referring and
    the receiving organisation and usually the field of action (Handlungsfeld); any client
    identifier, name or contact column is dropped right after reading and never leaves
    memory. The output holds only counts: one ``referrals`` row per (``from_id``, ``to_id``,
    ``field``, ``period``), ``count`` = number of cases, with ``source_id``, empty ``quote``
    and ``inferred=false``. The data folder keeps the true counts; reports suppress small
    ones (:func:`netzwerk.privacy.suppress_counts`).

    Organisation names are matched as in :func:`import_attendance` (shared ``aliases.csv``);
    cases with an unmatched organisation, an unreadable date or an unknown field are left
    out and counted in ``excluded_rows``. Keys already in ``referrals.csv`` are not written
    again; a key whose count differs is listed in ``conflicts`` and left unchanged. When the
    city has no ``referrals.csv`` yet it is created (same separator and encoding as
    ``actors.csv``) and ``datapackage.json`` is rewritten to declare it.

    Parameters
    ----------
    path : str or Path
        The export (``.csv`` or ``.xlsx``).
    city_dir : str or Path
        The city folder; must load without errors.
    period : {"month", "quarter", "year"}, default "quarter"
        The period cases are counted in (``2021-03``, ``2021-Q1``, ``2021``).
    source_id : str, optional
        The source the rows cite (in ``sources``), e.g. the export.
    field : str, optional
        One field code for every case (when the export has no field column).
    columns : mapping, optional
        Headers for ``date``, ``from``, ``to``, ``field`` where they are not recognised
        (*Datum*; *von*, *verweisende Stelle*; *an*, *aufnehmende Stelle*, *Empfänger*;
        *Handlungsfeld*, *Bereich*).
    sheet : str, optional
        The sheet of an XLSX export.
    decisions, accept_suggestions, review_path, dry_run
        As in :func:`import_attendance`.

    Returns
    -------
    ImportResult

    Raises
    ------
    FileNotFoundError
        If the export or the city folder does not exist.
    ValueError
        If ``period`` is not month, quarter or year, a column is not found, ``field`` or
        ``source_id`` is unknown, or a decided actor does not exist.
    netzwerk.DataError
        If the city has data errors.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from netzwerk.io import _write_example_city
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> city = _write_example_city(tmp)
    >>> _ = (tmp / "export.csv").write_text(
    ...     "Fall-Nr;Datum;verweisende Stelle;aufnehmende Stelle;Handlungsfeld\\n"
    ...     "K-001;03.02.2020;AWO;Verein Brücke;Arbeit\\n"
    ...     "K-002;17.03.2020;AWO e.V.;Brücke;Arbeit\\n"
    ...     "K-003;02.04.2020;AWO;Brücke;Arbeit\\n", encoding="utf-8")
    >>> result = import_referrals(tmp / "export.csv", city, period="quarter")
    >>> result.added[["from_id", "to_id", "field", "period", "count"]].to_dict("records")
    [{'from_id': 'awo', 'to_id': 'bruecke', 'field': 'arbeit', 'period': '2020-Q1', 'count': 2}, {'from_id': 'awo', 'to_id': 'bruecke', 'field': 'arbeit', 'period': '2020-Q2', 'count': 1}]
    >>> result.dropped_columns
    {'Fall-Nr': 'other'}
    """
    if period not in ("month", "quarter", "year"):
        raise ValueError(f"period must be 'month', 'quarter' or 'year', got {period!r}")
    path = Path(path)
    folder, city = _load(city_dir)
    _check_id(source_id, city.sources["source_id"].astype(str), "source_id")
    fields = load_vocabulary("fields", folder / "vocabulary")
    if field is not None and field not in fields:
        raise ValueError(
            f"field {field!r} is not a field; expected one of {', '.join(fields.codes)}"
        )
    given = dict(columns or {})
    unknown = set(given) - {"date", "from", "to", "field"}
    if unknown:
        raise ValueError(
            f"columns: unknown key(s) {sorted(unknown)}; expected date, from, to, field"
        )
    want = [*_DATE_HEADERS, *_FROM_HEADERS, *_TO_HEADERS, *given.values()]
    frame = _read_input(path, sheet=sheet, want=want)
    input_format = frame.attrs.get("format", "")
    found = {
        "date": _date_column(frame, given.get("date"), path.name)[0],
        "from": _find_column(frame, given.get("from"), _FROM_HEADERS, _FROM_STEMS, "from"),
        "to": _find_column(frame, given.get("to"), _TO_HEADERS, _TO_STEMS, "to"),
        "field": None
        if field is not None
        else _find_column(frame, given.get("field"), _FIELD_HEADERS, _FIELD_STEMS, "field"),
    }
    needed = ["date", "from", "to"] + ([] if field is not None else ["field"])
    missing = [k for k in needed if found[k] is None]
    if missing:
        raise ValueError(
            f"{path.name}: no column for {', '.join(missing)} among "
            f"{', '.join(map(str, frame.columns))}; name it with columns= (--{missing[0]}-column)"
            + (
                "; or give one field for all cases with field= (--field)"
                if "field" in missing
                else ""
            )  # fmt: skip
        )
    keep = [found[k] for k in ("date", "from", "to", "field") if found[k] is not None]
    dropped = _dropped(frame, keep)
    cases = frame[keep].copy()
    del frame  # client identifiers and names never leave this function
    excluded: dict[str, int] = {}
    notes: dict[str, set[int]] = {}
    cases["_from"] = _org_names(cases[found["from"]], notes)
    cases["_to"] = _org_names(cases[found["to"]], notes)
    dates = cases[found["date"]].astype(str)
    cases["_period"] = dates.map({v: _period_key(_case_date(v), period) for v in pd.unique(dates)})
    fuzzy: dict[str, str] = {}
    if field is not None:
        cases["_field"] = field
    else:
        cases["_field"], fuzzy = _field_codes(cases[found["field"]].astype(str), fields)
    written: list[Path] = []
    both = pd.concat([cases["_from"], cases["_to"]], ignore_index=True)
    m = _resolve(
        both[both != ""],
        folder,
        city,
        decisions=decisions,
        accept_suggestions=accept_suggestions,
        dry_run=dry_run,
        written=written,
    )
    to_actor = dict(zip(m["name"], m["actor_id"], strict=True))
    cases["_from_id"] = cases["_from"].map(to_actor)
    cases["_to_id"] = cases["_to"].map(to_actor)
    bad_date = cases["_period"].isna()
    bad_field = cases["_field"].isna()
    bad_org = cases["_from_id"].isna() | cases["_to_id"].isna()
    status = dict(zip(m["name"], m["status"], strict=True))
    side = [cases[c].map(status) for c in ("_from", "_to")]
    in_review = side[0].isin(["doubtful", "new"]) | side[1].isin(["doubtful", "new"])
    decided = (side[0].eq("excluded") | side[1].eq("excluded")) & ~in_review
    ok = ~bad_date & ~bad_field
    reasons = {
        "Datum fehlt oder unlesbar" + (" (Monat nötig)" if period != "year" else ""): bad_date,
        "Handlungsfeld fehlt oder unbekannt": bad_field & ~bad_date,
        "Organisation nicht zugeordnet (siehe Prüfliste)": bad_org & ok & in_review,
        "Organisation in aliases.csv als kein Akteur der Stadt entschieden": bad_org & ok & decided,
        "Organisation fehlt oder sieht wie ein Personenname aus": bad_org
        & ok
        & ~in_review
        & ~decided,
    }
    for reason, mask in reasons.items():
        if int(mask.sum()):
            excluded[reason] = int(mask.sum())
    _report_notes(notes, excluded)
    good = cases[~(bad_date | bad_field | bad_org)]
    counts = (
        good.groupby(["_from_id", "_to_id", "_field", "_period"], sort=True)
        .size()
        .rename("count")
        .reset_index()
    )
    existing = {
        (f, t, fi, p): c
        for f, t, fi, p, c in zip(
            city.referrals["from_id"].astype(str),
            city.referrals["to_id"].astype(str),
            city.referrals["field"].astype(str),
            city.referrals["period"].astype(str),
            city.referrals["count"],
            strict=True,
        )
    }
    rows, conflicts, n_existing = [], [], 0
    for f, t, fi, p, c in counts.itertuples(index=False, name=None):
        key = (f, t, fi, p)
        if key in existing:
            old = existing[key]
            if pd.isna(old) or int(old) != int(c):
                conflicts.append({"from_id": f, "to_id": t, "field": fi, "period": p,
                                  "count_existing": None if pd.isna(old) else int(old),
                                  "count_import": int(c)})  # fmt: skip
            else:
                n_existing += 1
            continue
        rows.append({"from_id": f, "to_id": t, "field": fi, "period": p, "count": str(int(c)),
                     "source_id": source_id or "", "quote": "", "inferred": "false", "note": ""})  # fmt: skip
    target = _table_path(folder, "referrals")
    if rows and not dry_run:
        if not target.is_file():
            _create_table(folder, "referrals")
            _append_csv(target, rows)
            from netzwerk.io import write_datapackage

            written.append(target)
            written.append(write_datapackage(folder, city.meta))
        else:
            _append_csv(target, rows)
            written.append(target)
    review = _review_frame(m)
    out_review = None
    if len(review) and not dry_run:
        out_review = Path(review_path) if review_path else path.with_name(f"{path.stem}_review.csv")
        written.append(_write_review(review, out_review))
    added = pd.DataFrame(rows, columns=TABLES["referrals"].column_names)
    added["count"] = added["count"].astype("Int64")
    return ImportResult(
        kind="referrals",
        matches=m,
        added=added,
        existing=n_existing,
        review=review,
        dropped_columns=dropped,
        input_format=input_format,
        excluded_rows=excluded,
        conflicts=pd.DataFrame(conflicts),
        field_mapping=fuzzy,
        written=written,
        review_path=out_review,
    )


def _create_table(folder: Path, table: str) -> Path:
    """An empty CSV table with the schema's header, in the format of ``actors.csv``."""
    like = folder / "actors.csv"
    enc, delim, newline = _file_format(like) if like.is_file() else ("utf-8", ",", "\n")
    buf = _io.StringIO()
    csv.writer(buf, delimiter=delim, lineterminator=newline).writerow(TABLES[table].column_names)
    path = folder / f"{table}.csv"
    path.write_bytes(buf.getvalue().encode(enc))
    return path


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
         "(Ressourcenbörse, optional), meta (Angaben zur Stadt).", False),
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
         "(optional), resources (optional), meta (about the city).", False),
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
        {v for t in TABLE_ORDER for c in TABLES[t].column_names if (v := _vocab_for(t, c))},
        key=["sectors", "levels", "event_kinds", "event_statuses", "roles", "fields", "topics",
             "attributions", "resource_kinds"].index,
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
    key_column = {t: TABLES[t].key[0] for t in TABLE_ORDER}
    for table in TABLE_ORDER:
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
    for table in TABLE_ORDER:
        frame = getattr(city, table)[TABLES[table].column_names]
        if table in ("referrals", "resources") and frame.empty:
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
# Command line: netzwerk template, netzwerk import attendance|referrals
# ---------------------------------------------------------------------------------------------


def _cli_template_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", metavar="OUT.xlsx", help="Ausgabedatei / output workbook")
    parser.add_argument(
        "--lang", choices=("de", "en"), default="de", help="Sprache der Anleitung / language"
    )
    parser.add_argument(
        "--no-sources",
        action="store_true",
        help="keine Beispiel-Quelltexte nach sources/ schreiben / no example source texts",
    )
    parser.add_argument(
        "--force", action="store_true", help="vorhandene Datei ersetzen / overwrite"
    )


def _cli_template(args: argparse.Namespace) -> int:
    de = args.lang == "de"
    try:
        out = write_template(
            args.out, lang=args.lang, example_sources=not args.no_sources, overwrite=args.force
        )
    except (ValueError, FileExistsError) as exc:
        print(f"netzwerk template: {exc}", file=sys.stderr)
        return 2
    print(f"{'Vorlage geschrieben' if de else 'template written'}: {out}")
    if not args.no_sources:
        print(
            f"{'Beispiel-Quelltexte' if de else 'example source texts'}: {out.parent / 'sources'}"
        )
    print(("Prüfen mit" if de else "check with") + f": netzwerk validate {out}")
    return 0


def _parse_accept(values: Sequence[str] | None) -> dict[str, str]:
    decisions: dict[str, str] = {}
    for item in values or ():
        if "=" not in item:
            raise ValueError(
                f"--accept {item!r}: expected NAME=ACTOR_ID (or NAME= for 'not an existing actor')"
            )
        name, aid = item.rsplit("=", 1)
        aid = aid.strip()
        decisions[name.strip()] = "" if aid.casefold() in _NOT_AN_ACTOR else aid
    return decisions


def _add_common(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("file", metavar="FILE", help="CSV- oder XLSX-Datei / CSV or XLSX file")
    sp.add_argument("--city", required=True, metavar="DIR", help="Stadtordner / city folder")
    sp.add_argument("--source", metavar="SOURCE_ID", help="source_id für die neuen Zeilen")
    sp.add_argument("--sheet", help="Tabellenblatt einer XLSX-Datei / sheet of an XLSX file")
    sp.add_argument(
        "--accept",
        action="append",
        metavar="NAME=ACTOR_ID",
        help="Zuordnung festlegen (mehrfach; NAME= heißt: kein bestehender Akteur) / decide",
    )
    sp.add_argument(
        "--decisions",
        metavar="REVIEW.csv",
        help="ausgefüllte Prüfliste (Spalte actor_id) übernehmen / apply a filled-in review list",
    )
    sp.add_argument(
        "--accept-suggestions",
        action="store_true",
        help="alle Vorschläge für unsichere Namen annehmen / accept every suggestion",
    )
    sp.add_argument("--review", metavar="FILE", help="wohin die Prüfliste geschrieben wird")
    sp.add_argument(
        "--dry-run", action="store_true", help="nur anzeigen, nichts schreiben / write nothing"
    )
    sp.add_argument("--lang", choices=("de", "en"), default="de", help="Sprache / language")


def _cli_import_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="import_kind", metavar="KIND")
    att = sub.add_parser(
        "attendance",
        help="Teilnahmeliste → participation.csv / attendance list",
        description="Organisationen einer Teilnahmeliste einer Veranstaltung zuordnen und in "
        "participation.csv eintragen. Spalten mit Namen, E-Mail-Adressen und Telefonnummern "
        "werden verworfen. / Add the organisations on an attendance list to participation.csv.",
    )
    _add_common(att)
    att.add_argument("--event", required=True, metavar="EVENT_ID", help="event_id")
    att.add_argument("--role", default="participant", help="Rolle / role (participant)")
    att.add_argument("--column", help="Spalte mit der Organisation / organisation column")
    ref = sub.add_parser(
        "referrals",
        help="Fallexport → referrals.csv (Anzahlen) / case export → referral counts",
        description="Einen Export aus der Fallverwaltung (eine Zeile je Fall) zu Anzahlen je "
        "Paar, Handlungsfeld und Zeitraum zusammenfassen. Klientenkennungen verlassen nie den "
        "Arbeitsspeicher. / Aggregate a case-level export into referral counts.",
    )
    _add_common(ref)
    wbk = sub.add_parser(
        "workbook",
        help="ausgefüllte Vorlage → Stadtordner / filled-in template → city folder",
        description="Eine ausgefüllte Vorlage (netzwerk template) prüfen und als Stadtordner "
        "mit CSV-Tabellen schreiben, in den Listen importiert werden können. / Turn a "
        "filled-in template into a city folder.",
    )
    wbk.add_argument("file", metavar="FILE.xlsx", help="die ausgefüllte Vorlage / the workbook")
    wbk.add_argument("--out", required=True, metavar="DIR", help="neuer Stadtordner / folder")
    wbk.add_argument("--force", action="store_true", help="vorhandenen Ordner überschreiben")
    wbk.add_argument("--lang", choices=("de", "en"), default="de", help="Sprache / language")
    ref.add_argument(
        "--period", choices=("month", "quarter", "year"), default="quarter", help="Zeitraum"
    )
    ref.add_argument("--field", help="ein Handlungsfeld für alle Fälle / one field for all")
    for key in ("date", "from", "to", "field"):
        ref.add_argument(f"--{key}-column", dest=f"{key}_column", help=f"Spalte für {key}")
    from netzwerk.survey._import import _cli_import_survey_arguments  # netzwerk import survey

    _cli_import_survey_arguments(sub)


def _cli_import(args: argparse.Namespace) -> int:
    kind = getattr(args, "import_kind", None)
    if kind is None:
        print("netzwerk import: attendance oder referrals angeben / give a kind", file=sys.stderr)
        return 2
    from netzwerk.io import DataError

    prog = f"netzwerk import {kind}"
    if kind == "survey":
        from netzwerk.survey._import import _cli_import_survey

        return _cli_import_survey(args)
    if kind == "workbook":
        try:
            folder = workbook_to_folder(args.file, args.out, overwrite=args.force)
        except DataError as exc:
            print(f"{prog}: {args.file}: Daten fehlerhaft / data invalid:", file=sys.stderr)
            for p in [p for p in exc.problems if p.severity == "error"][:20]:
                print(f"  {p.format(args.lang)}", file=sys.stderr)
            return 1
        except (FileExistsError, ValueError) as exc:
            print(f"{prog}: {exc}", file=sys.stderr)
            return 2
        print(f"{'Stadtordner geschrieben' if args.lang == 'de' else 'city folder written'}: "
              f"{folder}")  # fmt: skip
        return 0
    try:
        decisions = read_decisions(args.decisions) if args.decisions else {}
        decisions.update(_parse_accept(args.accept))
        common = dict(
            source_id=args.source,
            sheet=args.sheet,
            decisions=decisions,
            accept_suggestions=args.accept_suggestions,
            review_path=args.review,
            dry_run=args.dry_run,
        )
        if kind == "attendance":
            result = import_attendance(
                args.file,
                args.city,
                event_id=args.event,
                role=args.role,
                column=args.column,
                **common,
            )
        else:
            columns = {
                k: getattr(args, f"{k}_column")
                for k in ("date", "from", "to", "field")
                if getattr(args, f"{k}_column")
            }
            result = import_referrals(
                args.file, args.city, period=args.period, field=args.field, columns=columns,
                **common,
            )  # fmt: skip
    except DataError as exc:
        print(f"{prog}: {args.city}: Stadtdaten fehlerhaft / city data invalid:", file=sys.stderr)
        for p in [p for p in exc.problems if p.severity == "error"][:20]:
            print(f"  {p.format(args.lang)}", file=sys.stderr)
        print(f"  → netzwerk validate {args.city}", file=sys.stderr)
        return 1
    except (ValueError, FileNotFoundError, TypeError) as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return 2
    print(result.summary(args.lang))
    if args.dry_run:
        print(
            "(Probelauf: nichts geschrieben)" if args.lang == "de" else "(dry run: nothing written)"
        )
    return 1 if result.needs_review else 0
