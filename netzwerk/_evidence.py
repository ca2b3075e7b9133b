"""Evidence checks of a city folder: what the texts under ``sources/`` support.

Called from :func:`netzwerk.io.validate` (its city check) on the tables read as text. Three rules
that a line-by-line review of the four real cities asked for (issue 14):

* **group sizes** (warning ``size_estimate_missing``): an aggregate actor (``aggregate`` true)
  whose ``note`` or any ``quote`` of its participation rows contains a number (digits or a German
  number word such as "fünf", "dreißig"; years and dates do not count) but whose
  ``size_estimate`` is empty. A note that says why the size stays empty (the words
  ``size_estimate … leer``, e.g. "die 50 zählen Personen, nicht Organisationen: size_estimate
  leer") settles it.
* **personal data** (error ``personal_data``): a person's name or an e-mail address in any text
  column other than ``quote`` (``quote`` is the only place where the people a press release names
  may appear, as evidence). Found are e-mail addresses, a name after a title ("Dr. Anna
  Beispiel", "Frau Beispiel"), and the names that the city's own source texts give (two name
  tokens that :func:`netzwerk.privacy._looks_like_person` accepts, after a title or a role word,
  or before a comma or "von"/"vom", as in "Amtsleiter Martin Muster" or "Anna Beispiel,
  Referentin"), also written as a URL slug ("martin-muster"). A cell is not tested as a name on
  its own: German noun phrases ("Rettungswache Modellfeld") look like names too often.
* **future tense** (warning ``held_reads_future``): a held event (``status`` empty or
  ``held``) whose participation quotes read as an announcement ("wird … stattfinden",
  "wird … erfolgen", "wird am 22. Mai …", a quote ending in "… stattfinden"/"… erfolgen",
  "geplant"): the source may only announce it (``status`` announced).
* **undated** (warning ``event_undated``): an event without ``date`` is left out of every period
  filter and timeline.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from netzwerk._fold import slug as _slug
from netzwerk._persons import _EMAIL_ANY_RE, _looks_like_person

__all__: list[str] = []

_MESSAGES: dict[str, tuple[str, str]] = {
    "size_estimate_missing": (
        "Sammelakteur ohne size_estimate, aber {where} nennt eine Zahl ({number!r}); die Zahl "
        "als size_estimate eintragen oder in note sagen, warum sie keine Gruppengröße ist "
        "('size_estimate leer', mit Grund)",
        "aggregate actor without size_estimate although {where_en} gives a number ({number!r}); "
        "enter it as size_estimate or say in note why it is not the group's size "
        "('size_estimate leer', with the reason)",
    ),
    "personal_data": (
        "{what_de} außerhalb von quote: {found!r}; Personen stehen nur als Beleg in quote, "
        "hier die Organisation oder Funktion nennen",
        "{what_en} outside quote: {found!r}; people appear only as evidence in quote, name the "
        "organisation or office here",
    ),
    "held_reads_future": (
        "status held, aber das Zitat in participation.csv, Zeile {prow}, liest sich als "
        "Ankündigung ({phrase!r}); status 'announced' eintragen, wenn die Quelle die "
        "Veranstaltung nur ankündigt",
        "status held, but the quote in participation.csv, row {prow}, reads as an announcement "
        "({phrase!r}); set status 'announced' if the source only announces the event",
    ),
    "event_undated": (
        "Veranstaltung ohne Datum; sie fehlt in jedem Zeitraumfilter und jeder Zeitachse",
        "event without a date; it is left out of every period filter and timeline",
    ),
}

# ---------------------------------------------------------------------------------------------
# Numbers in a text

_NUMBER_WORDS = (
    "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwölf",
    "zwanzig", "dreißig", "vierzig", "fünfzig", "sechzig", "siebzig", "achtzig", "neunzig",
    "hundert", "dutzend", "dutzende",
)  # fmt: skip
_NUMBER_RE = re.compile(
    r"(?<![\w.])\d+(?![\w.]\d)|\b(?:" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE
)
# dates, years and id-like tokens are not group sizes
_NOT_A_SIZE_RE = re.compile(
    r"\b\d{1,2}\.\d{1,2}\.\d{2,4}\b|\b\d{4}-\d{1,2}(?:-\d{1,2})?\b|\b\d{1,2}/\d{4}\b"
    r"|\b(?:19|20)\d{2}\b"
)
_SIZE_EXPLAINED_RE = re.compile(r"size_estimate\b[^.;]{0,40}\bleer\b", re.IGNORECASE)


def _first_number(text: str) -> str | None:
    """The first number in ``text`` that could be a count (not a year or date), or None.

    >>> _first_number("rund 33 Vereine, seit 2007"), _first_number("am 05.03.2020")
    ('33', None)
    >>> _first_number("in fünf Kommunen")
    'fünf'
    """
    m = _NUMBER_RE.search(_NOT_A_SIZE_RE.sub(" ", text))
    return m.group(0) if m else None


# ---------------------------------------------------------------------------------------------
# Person names

_NAME = r"[A-ZÄÖÜ][a-zäöüßéèáàóòíìçñ'’]+(?:-[A-ZÄÖÜ][a-zäöüßéèáàóòíìçñ'’]+)*"
_TITLE = r"(?:Frau|Herr|Herrn|Dr\.|Prof\.|Dipl\.-\w+\.?)"
# a title, then one or two names: "Dr. Anna Beispiel", "Frau Beispiel"
_TITLED_RE = re.compile(rf"\b{_TITLE}(?:\s+{_TITLE})*\s+({_NAME}(?:\s+{_NAME})?)")
# a first and a last name; in a source text, the context that marks a person
_PAIR = rf"({_NAME}) ({_NAME})"
_ROLE_BEFORE = (
    rf"(?:\b{_TITLE}|\b\w+(?:in|ent|ete|eter|leiter|sitzende|sitzender|rektor|rektorin)|\bso)"
)
_ROLE_CONTEXT_RE = re.compile(rf"{_ROLE_BEFORE}\s+{_PAIR}(?![\w-])")
_AFTER_CONTEXT_RE = re.compile(rf"(?<![\w-]){_PAIR}(?=,\s|\s+(?:von|vom)\s)")
# "Soziale Arbeit, …": an inflected adjective is not a first name
_ADJECTIVE_RE = re.compile(r"(?:al|isch|lich|ig|en|er|st)e[nrms]?$")
#: Words that start a place or body rather than a person ("Land Hessen").
_PLACE_WORDS = {"land", "landkreis", "bezirk", "region", "freistaat", "kanton", "hansestadt"}
#: Columns that hold ids, codes, numbers or dates (not free text): never checked for names.
_SKIP_COLUMNS = {"quote"}


def _source_names(texts: Iterable[str]) -> set[str]:
    """Person names the source texts give, in their context (title, role word, comma, "von").

    >>> sorted(_source_names(["Integrationsdezernent Martin Muster sagte", "Anna Beispiel, "
    ...                       "Amtsleiterin", "Soziale Arbeit im Quartier"]))
    ['Anna Beispiel', 'Martin Muster']
    """
    names: set[str] = set()
    for text in texts:
        text = re.sub(r"\s+", " ", text)
        for rx in (_ROLE_CONTEXT_RE, _AFTER_CONTEXT_RE):
            for m in rx.finditer(text):
                first, name = m.group(1), f"{m.group(1)} {m.group(2)}"
                if rx is _AFTER_CONTEXT_RE and _ADJECTIVE_RE.search(first):
                    continue
                if _looks_like_person(name) and first.casefold() not in _PLACE_WORDS:
                    names.add(name)
    return names


def _person_in(value: str, known: dict[str, str]) -> str | None:
    """A person's name or an e-mail address in ``value``, or None.

    ``known`` maps the URL slug of each name the sources give to the name.
    """
    m = _EMAIL_ANY_RE.search(value)
    if m:
        return m.group(0)
    m = _TITLED_RE.search(value)
    if m:
        return m.group(0)
    if known:
        slug = f"-{_slug(value)}-"
        for name_slug, name in known.items():
            if f"-{name_slug}-" in slug:
                return name
    return None


# ---------------------------------------------------------------------------------------------
# Future tense

_FUTURE_RES = (
    re.compile(r"\b(?:wird|werden)\b.{0,160}?\b(?:stattfinden|erfolgen)\b", re.IGNORECASE),
    re.compile(r"\b(?:soll|sollen)\b.{0,160}?\bstattfinden\b", re.IGNORECASE),
    # a quote cut before or after the verb: "wird am 22. Mai …", "… erfolgen"
    re.compile(r"\b(?:wird|werden)\s+(?:am|ab|im)\s+\d.*", re.IGNORECASE),
    re.compile(r"\b(?:stattfinden|erfolgen)\s*[.!]?\s*$", re.IGNORECASE),
    re.compile(r"\bgeplant\w*\b", re.IGNORECASE),
)


def _future_phrase(quote: str) -> str | None:
    """The phrase that makes ``quote`` read as an announcement, or None.

    >>> _future_phrase("Ein Workshop wird am 22. Mai 2014 in der Schule erfolgen")
    'wird am 22. Mai 2014 in der Schule erfolgen'
    >>> _future_phrase("Der Workshop fand statt") is None
    True
    """
    for rx in _FUTURE_RES:
        m = rx.search(quote)
        if m:
            return m.group(0)
    return None


# ---------------------------------------------------------------------------------------------
# The check


def _problem(code: str, file: str, row: Any, column: str | None, value: Any, severity: str,
             **params: Any) -> Any:  # fmt: skip
    from netzwerk.io import Problem

    de, en = _MESSAGES[code]
    return Problem(
        file, None if row is None else int(row), column, value, de.format(**params), severity,
        code, en.format(**params),
    )  # fmt: skip


def _column(raw: Any, name: str) -> pd.Series:
    frame = raw.frame
    if name in frame:
        return frame[name]
    return pd.Series("", index=frame.index, dtype=object)


def _truthy(values: pd.Series) -> np.ndarray:
    return values.str.strip().str.lower().isin(["true", "wahr", "ja", "yes", "1", "x"]).to_numpy()


def _source_texts(raw_city: Any) -> list[str]:
    from netzwerk.io import _read_text_file

    sources = raw_city.tables.get("sources")
    root: Path | None = raw_city.root
    if sources is None or root is None or "file" not in sources.frame:
        return []
    texts = []
    base = (root / "sources").resolve()
    for file in pd.unique(sources.frame["file"]):
        if not file:
            continue
        try:  # only regular files inside sources/ (io reports the others; never follow out)
            path = (root / "sources" / str(file)).resolve(strict=True)
        except (OSError, RuntimeError):
            continue
        if not path.is_relative_to(base) or not path.is_file():
            continue
        text = _read_text_file(path)
        if text:
            texts.append(text)
    return texts


def check_evidence(raw_city: Any, problems: list[Any]) -> None:
    """Append the problems of the rules in this module's docstring to ``problems``."""
    t = raw_city.tables
    _check_sizes(t, problems)
    _check_personal(t, _source_texts(raw_city), problems)
    _check_events(t, problems)


def _check_sizes(t: dict[str, Any], problems: list[Any]) -> None:
    actors = t.get("actors")
    if actors is None or "aggregate" not in actors.frame:
        return
    size = _column(actors, "size_estimate")
    note = _column(actors, "note")
    todo = _truthy(_column(actors, "aggregate")) & (size == "").to_numpy()
    if not todo.any():
        return
    quotes: dict[str, list[str]] = {}
    part = t.get("participation")
    if part is not None and {"actor_id", "quote"} <= set(part.frame.columns):
        for a, q in zip(part.frame["actor_id"], part.frame["quote"], strict=True):
            if q:
                quotes.setdefault(a, []).append(q)
    ids = _column(actors, "actor_id")
    for row, actor_id, text in zip(actors.frame.index[todo], ids[todo], note[todo], strict=True):
        if _SIZE_EXPLAINED_RE.search(text):
            continue
        found = _first_number(text)
        where, where_en = "note", "note"
        if found is None:
            for q in quotes.get(actor_id, []):
                found = _first_number(q)
                if found is not None:
                    where, where_en = "ein Zitat in participation.csv", "a quote in participation"
                    break
        if found is not None:
            problems.append(
                _problem(
                    "size_estimate_missing",
                    actors.file,
                    row,
                    "size_estimate",
                    actor_id,
                    "warning",
                    where=where,
                    where_en=where_en,
                    number=found,
                )
            )


def _check_personal(t: dict[str, Any], source_texts: list[str], problems: list[Any]) -> None:
    known = {_slug(n): n for n in _source_names(source_texts)}
    from netzwerk._schema import TABLES

    for name, raw in t.items():
        schema = TABLES.get(name)
        for column in raw.frame.columns:
            if column in _SKIP_COLUMNS:
                continue
            if schema is not None and column in schema.column_names:
                col = schema.column(column)
                if col.type != "string" or col.vocab or col.foreign or col.pattern:
                    continue  # ids, codes, numbers, dates
            values = raw.frame[column]
            codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=False)
            found = [None if not u else _person_in(str(u), known) for u in uniques]
            bad_u = np.array([f is not None for f in found], dtype=bool)
            if not bad_u.any():
                continue
            for row, code in zip(raw.frame.index[bad_u[codes]], codes[bad_u[codes]], strict=True):
                hit = found[code]
                email = "@" in str(hit)
                problems.append(
                    _problem(
                        "personal_data",
                        raw.file,
                        row,
                        column,
                        uniques[code],
                        "error",
                        what_de="E-Mail-Adresse" if email else "Personenname",
                        what_en="e-mail address" if email else "person's name",
                        found=hit,
                    )
                )


def _check_events(t: dict[str, Any], problems: list[Any]) -> None:
    events = t.get("events")
    if events is None or "event_id" not in events.frame:
        return
    status = _column(events, "status").str.strip().str.lower()
    held = ((status == "") | (status == "held")).to_numpy()
    date = _column(events, "date")
    undated = (date == "").to_numpy() & (_column(events, "event_id") != "").to_numpy()
    for row, event_id in zip(events.frame.index[undated], events.frame["event_id"][undated],
                             strict=True):  # fmt: skip
        problems.append(_problem("event_undated", events.file, row, "date", event_id, "warning"))
    part = t.get("participation")
    if part is None or not {"event_id", "quote"} <= set(part.frame.columns) or not held.any():
        return
    rows_of = dict(zip(events.frame["event_id"][held], events.frame.index[held], strict=True))
    seen: set[str] = set()
    for prow, event_id, quote in zip(
        part.frame.index, part.frame["event_id"], part.frame["quote"], strict=True
    ):
        if event_id in seen or event_id not in rows_of or not quote:
            continue
        phrase = _future_phrase(quote)
        if phrase is not None:
            seen.add(event_id)
            problems.append(
                _problem(
                    "held_reads_future",
                    events.file,
                    rows_of[event_id],
                    "status",
                    status.loc[rows_of[event_id]] or "held",
                    "warning",
                    prow=int(prow),
                    phrase=phrase,
                )
            )
