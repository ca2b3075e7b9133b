"""Organisation names: normalisation, fuzzy matching to the city's actors, ``aliases.csv``."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from netzwerk._fold import fold
from netzwerk.importers._input import _csv_table, _read_city_file
from netzwerk.privacy import (
    csv_safe,
    csv_unescape,
    organisation_part,
)

#: Score (0–100) from which a fuzzy match is applied without review.
ACCEPT_SCORE = 90.0
#: Score from which a name is listed for review *with* a suggested actor ("doubtful");
#: below it the name is listed as new.
REVIEW_SCORE = 70.0
#: A confident match must beat the best other actor by this many points.
MARGIN = 5.0

ALIAS_COLUMNS = ["alias", "actor_id", "decided", "note"]
REVIEW_COLUMNS = ["name", "n_rows", "status", "score", "suggestion", "suggestion_name", "actor_id"]

# Name normalisation and matching
# ---------------------------------------------------------------------------------------------

#: Legal forms and status words dropped from organisation names.
_LEGAL_FORMS = re.compile(  # on folded text: ö is oe, ä is ae
    r"(?<![\w])(?:e\.\s?v\.?|g?gmbh|mbh|gug|ug\s*\(haftungsbeschraenkt\)|a\.?\s?oe\.?\s?r\.?"
    r"|k\.?\s?d\.?\s?oe\.?\s?r\.?|gemeinnuetzige[rsmn]?|gem\.)(?![\w])"
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

    See Also
    --------
    normalise_name : Uses the abbreviations when comparing names.
    match_names : Matches names to the city's actors.

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
    s = _LEGAL_FORMS.sub(" ", fold(name).strip())
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

    See Also
    --------
    match_names : Matches normalised names to actors.
    city_abbreviations : Abbreviations expanded before comparing.

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

    See Also
    --------
    match_names : Uses the aliases before fuzzy matching.
    read_decisions : Decisions that add aliases.

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
    frame = _csv_table(text, "aliases.csv", ALIAS_COLUMNS).map(csv_unescape)
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

    See Also
    --------
    normalise_name : The form names are compared in.
    read_aliases : Known other names of actors.
    import_attendance : Uses the matches.

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
