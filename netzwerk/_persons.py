"""Recognising personal data: columns of names, e-mail addresses and phone numbers, and the
person inside an organisation cell.

Private module behind :mod:`netzwerk.privacy`, which re-exports :func:`detect_personal_columns`,
:func:`drop_personal_columns` and :func:`organisation_part`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable

import numpy as np
import pandas as pd

from netzwerk._fold import fold as _fold

__all__ = ["detect_personal_columns", "drop_personal_columns", "organisation_part"]

# ---------------------------------------------------------------------------------------------
# Personal columns
# ---------------------------------------------------------------------------------------------


_HEADER_BIRTH = {
    "geburtsdatum", "geburtstag", "geb", "gebdatum", "gebdat", "birthdate", "birthday", "birth",
    "dob", "geboren", "geburtsjahr", "jahrgang",
}  # fmt: skip
_HEADER_EMAIL = {"email", "mail", "emailadresse", "mailadresse", "emails", "emailaddress"}
_HEADER_PHONE = {
    "tel", "telnr", "fon", "fax", "handy", "mobil", "mobile", "phone", "telefon", "telephone",
    "telefonnummer", "rufnummer", "mobilnummer", "handynummer", "festnetz", "mobiltelefon",
}  # fmt: skip
_HEADER_NAME = {
    "name", "namen", "vorname", "nachname", "familienname", "rufname", "vornamen", "nachnamen",
    "teilnehmer", "teilnehmerin", "teilnehmende", "teilnehmername", "person",
    "ansprechpartner", "ansprechpartnerin", "ansprechperson", "kontaktperson", "unterschrift",
    "firstname", "lastname", "surname", "fullname", "participant", "klient", "klientin",
    "klientname", "client", "clientname", "geburtsname", "mitarbeiter", "mitarbeiterin",
    "berater", "beraterin", "fallbearbeiter", "fallbearbeiterin", "sachbearbeiter",
    "sachbearbeiterin", "kontakt",
}  # fmt: skip
#: Header words that name an organisation column ("Name der Einrichtung", "Träger").
_ORG_HEADER_WORDS = (
    "organisation", "organization", "einrichtung", "institution", "traeger", "verein", "verband",
    "firma", "behoerde", "dienststelle", "akteur", "stelle", "amt", "buero", "zentrum", "center",
    "werk", "dienst", "haus", "schule", "stadt", "gemeinde", "netzwerk", "initiative", "hilfe",
    "beratung", "agentur", "gesellschaft", "stiftung", "institut", "universitaet", "hochschule",
    "kirche", "moschee", "bund", "forum", "projekt", "caritas", "diakonie", "jobcenter",
    "referat", "dezernat", "ministerium", "fachbereich", "abteilung", "gmbh", "verwaltung",
    "gruppe", "club", "union", "bildung",
)  # fmt: skip
#: Words that mark an organisation rather than a person: a whole word of the name, or the
#: head (last part) of a German compound ("Sozialamt", "Caritasverband", "Ausländerbeirat").
_ORG_WORDS = (
    "organisation", "organization", "einrichtung", "institution", "traeger", "verein", "verband",
    "firma", "behoerde", "dienststelle", "akteur", "stelle", "amt", "aemter", "buero", "zentrum",
    "center", "centre", "werk", "dienst", "dienste", "haus", "schule", "rat", "beirat", "kreis",
    "landkreis", "stadt", "gemeinde", "netzwerk", "initiative", "hilfe", "beratung", "agentur",
    "gesellschaft", "stiftung", "institut", "universitaet", "hochschule", "kirche", "moschee",
    "bund", "forum", "projekt", "caritas", "diakonie", "jobcenter", "referat", "dezernat",
    "ministerium", "fachbereich", "abteilung", "gmbh", "ggmbh", "verwaltung", "team", "gruppe",
    "club", "union", "bildung", "kita", "kindergarten", "arbeiterwohlfahrt", "wohlfahrtsverband",
    "paritaetischer", "paritaetische", "volkshochschule", "integration", "migration",
    "gemeinschaft", "genossenschaft", "sozialdienst", "treff", "kreuz", "synagoge", "cafe",
    "kammer", "bank", "polizei", "gericht", "klinik", "klinikum", "krankenhaus", "praxis",
    "service", "office", "council", "association", "foundation", "board", "bezirk", "quartier",
    "stadtteil", "land", "ausschuss", "konferenz", "kommission", "koordination", "programm",
    "fonds", "plattform", "akademie", "verwaltungsamt", "landesamt", "bundesamt", "senat",
    "rathaus", "kreisverwaltung", "selbsthilfe", "elternverein", "jugend", "familie", "frauen",
    "senioren", "sport", "kultur", "bibliothek", "museum", "theater", "job", "arbeit", "sozial",
    "wohnen", "wohnungsbau", "bau", "gewerkschaft", "partei", "fraktion", "evangelisch",
    "katholisch", "islamisch", "juedisch", "tuerkisch", "deutsch", "international",
    "interkulturell", "kommunal", "regional", "landesverband", "kreisverband", "ortsverein",
    "bezirksverband", "mbh", "management", "station", "staette", "wache", "stuetzpunkt",
    "kommune", "unternehmen", "betrieb", "baeckerei", "laden", "geschaeft", "apotheke",
    "staedtisch", "oeffentlich", "akteur", "mitte", "nord", "sued", "ost", "west", "markt",
)  # fmt: skip
#: Heads that are also common ends of surnames ("Neuhaus", "Murat", "Backhaus"): they mark an
#: organisation only after a stem of at least six letters ("Frauenhaus", "Elternrat").
_WEAK_HEADS = frozenset({"haus", "rat", "werk", "bund", "kreis", "stadt", "land", "bau", "bank",
                         "treff", "kreuz", "job", "cafe", "team", "laden", "markt", "nord",
                         "sued", "ost", "west", "mitte"})  # fmt: skip
#: Endings of plural and inflected forms ("Integrationsstellen", "Bürgerbüros",
#: "Evangelische"), removed before a word is compared with a listed head that is not weak.
_INFLECTIONS = ("nen", "ern", "en", "er", "es", "e", "n", "s")
_ORG_ABBREVIATIONS = frozenset({
    "awo", "drk", "vhs", "jmd", "mbe", "bamf", "abh", "dpwv", "ib", "afa", "kim", "wir", "amif",
    "mso", "dgb", "ihk", "hwk", "eu", "ggmbh", "gmbh", "jc", "ev", "dw", "kjr", "asd",
})  # fmt: skip
_LEGAL_FORM_RE = re.compile(
    r"(?<![\w])(?:e\.\s?V\.?|g?GmbH|gUG|AöR|KdöR|mbH|e\.\s?G\.)(?![\w])", re.I
)
#: Small words of organisation names ("Amt für Integration", "Jugend und Soziales"): a name
#: with one of them is not taken for a person's name.
_FUNCTION_WORDS = frozenset({
    "und", "u", "fuer", "im", "am", "an", "in", "mit", "vom", "zum", "zur", "auf", "bei",
    "ohne", "gegen", "ueber", "unter", "nach", "aus", "das", "die", "des", "dem", "eine",
    "einer", "the", "of", "and", "for", "nicht", "genannt", "ungenannt", "unbekannt", "keine",
    "weitere", "sonstige", "alle", "diverse", "mehrere", "andere", "verschiedene", "namentlich",
})  # fmt: skip
_NAME_PARTICLES = frozenset({
    "von", "van", "de", "der", "den", "zu", "al", "el", "bin", "ibn", "di", "da", "del", "dos",
    "du", "le", "la", "ter", "ten", "abu", "ben", "bint", "mac", "mc", "vom", "y", "e",
})  # fmt: skip
#: Words that say a person follows: honorifics, academic titles, "privat", "geb." …
_PERSON_MARKERS = frozenset({
    "frau", "herr", "herrn", "hr", "fr", "dr", "prof", "dipl", "mag", "ing", "privat",
    "privatperson", "geb", "geboren", "geborene", "geborener", "mrs", "mr", "ms", "sr",
    "klient", "klientin", "kundin", "kunde", "ansprechpartner", "ansprechpartnerin",
})  # fmt: skip

_EMAIL_RE = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[A-Za-z]{2,}$")
#: Any e-mail address, also one without a top-level domain ("olga.ivanova@intranet") and one
#: written with "(at)", "[at]", "{at}" or " at " between brackets ("k.fischer(at)jobcenter.de").
# the look-behind starts a match only where a token starts: the leftmost match is the same,
# but a long text without "@" is scanned once instead of once per character (quadratic)
_EMAIL_ANY_RE = re.compile(
    r"(?<![^\s@,;<>()\[\]{}])[^\s@,;<>()\[\]{}]+\s*(?:@|[(\[{]\s*(?:at|ät|@)\s*[)\]}])\s*[^\s@,;<>()\[\]{}]+",
    re.I,
)
_PHONE_RE = re.compile(r"^(?:tel\.?|telefon|mobil|handy|fon)?\s*:?\s*\+?[\d\s/().\-]{6,}$", re.I)
_PHONE_ANY_RE = re.compile(r"(?<![\w])\+?\(?\d[\d\s/().\-]{5,}\d(?![\w])")


def _words(value: str) -> list[str]:
    """The words of a name as written (hyphenated parts kept together, dots dropped)."""
    return [w for w in re.split(r"[^\w'’\-]+", unicodedata.normalize("NFC", value)) if w.strip("-")]


def _org_word(word: str) -> bool:
    """A word that marks an organisation: a listed word, or a compound with a listed head."""
    w = _fold(word).replace("-", "").replace("'", "").replace("’", "")
    if w in _ORG_WORDS or (w in _ORG_ABBREVIATIONS and word.isupper()):
        return True
    forms = [w] + [w[: -len(e)] for e in _INFLECTIONS if w.endswith(e) and len(w) - len(e) >= 3]
    for form in forms:
        for head in _ORG_WORDS:
            weak = head in _WEAK_HEADS
            if form is not w and weak:
                continue
            if form == head or (
                form.endswith(head) and len(form) - len(head) >= (6 if weak else 3)
            ):
                return True
    return False


def _looks_like_org(value: str) -> bool:
    """A name with a word that marks an organisation, a legal form or a short abbreviation."""
    if _LEGAL_FORM_RE.search(value):
        return True
    words = _words(value)
    lower = any(any(c.islower() for c in w) for w in words)
    for w in words:
        if _org_word(w):
            return True
        # an abbreviation in capitals (IN VIA, ZAK) beside words in lower case; in a cell
        # written all in capitals ("ALI KAYA") only the known ones (AWO, DRK, VHS) count
        letters = w.replace("-", "")
        if letters.isalpha() and letters.isupper() and len(letters) <= 3 and lower:
            return True
    return False


def _name_word(word: str) -> bool:
    """A word that can be part of a person's name: letters (any script), ' and - only."""
    core = word.replace("-", "").replace("'", "").replace("’", "")
    return len(core) >= 2 and core.isalpha() or _fold(word) in _NAME_PARTICLES


def _looks_like_person(value: str) -> bool:
    """Two to four name-like words and nothing that marks an organisation.

    Words may be in any script and case ("Łukasz Kowalski", "Nguyễn Thị Lan", "MURAT
    YILMAZ"), with particles ("Olga von Ivanova", "Omar al Hassan") and a comma between
    surname and given name ("Hausmann, Peter"); honorifics and titles are skipped.
    """
    if any(ch.isdigit() for ch in value) or "@" in value or _looks_like_org(value):
        return False
    words = [w for w in _words(value) if _fold(w).strip(".") not in _PERSON_MARKERS]
    if any(_fold(w) in _FUNCTION_WORDS for w in words):
        return False
    names = [w for w in words if _fold(w) not in _NAME_PARTICLES]
    if len(names) < 2:  # a capitalised particle can be a surname of its own ("Lê Minh")
        names = [w for w in words if w not in names and w[:1].isupper()] + names
    return 2 <= len(names) <= 4 and all(_name_word(w) for w in words)


def _has_person_marker(value: str) -> bool:
    return any(_fold(w).strip(".") in _PERSON_MARKERS for w in _words(value))


def _scrub_contacts(value: str) -> tuple[str, bool]:
    """Remove e-mail addresses (also obfuscated and local ones) and phone numbers."""
    out = _EMAIL_ANY_RE.sub(" ", value)
    for d in _PHONE_ANY_RE.findall(out):
        if sum(ch.isdigit() for ch in d) >= 6:
            out = out.replace(d, " ")
    if out != value:  # the labels and brackets the contact stood in ("(Tel. )", "E-Mail:")
        out = re.sub(
            r"(?<!\w)(?:tel|telefon|fon|fax|mobil|handy|e-?mail|mail)\b\.?:?", " ", out, flags=re.I
        )
        out = re.sub(r"\(\s*\)|\[\s*\]|\{\s*\}", " ", out)
        out = " ".join(out.split()).strip(" ,;:/|-–—")
    out = " ".join(out.split())
    return out, out != " ".join(value.split())


def _cut_at_marker(segment: str) -> str:
    """The words before the first person marker ("Sozialamt Frau Schulz" → "Sozialamt")."""
    kept = []
    for w in segment.split():
        if _fold(re.sub(r"[^\w]", "", w)) in _PERSON_MARKERS:
            break
        kept.append(w)
    return " ".join(kept)


def _segments(text: str) -> list[str]:
    """A cell split into parts judged one by one: each bracket group is one part; outside
    brackets the cell splits at ``/ ; , : |`` and at dashes between spaces."""
    parts: list[str] = []
    buf: list[str] = []
    depth = 0

    def flush() -> None:
        part = "".join(buf).strip()
        if part.strip("()[]{} "):
            parts.append(part)
        buf.clear()

    for ch in re.sub(r"\s[-–—]\s", " | ", text):
        if ch in "([{":
            if depth == 0:
                flush()
            depth += 1
            buf.append(ch)
        elif ch in ")]}" and depth:
            buf.append(ch)
            depth -= 1
            if depth == 0:
                flush()
        elif depth == 0 and ch in "/;,:|–—":
            flush()
        else:
            buf.append(ch)
    flush()
    return parts


def organisation_part(value: str) -> tuple[str, str | None]:
    """The part of a cell that passes as an organisation name, and what was taken out.

    Attendance lists and case exports mix organisations and people in one cell. The cell is
    split at brackets, slashes, commas, semicolons, colons and spaced dashes; a part is
    **personal** when it holds an honorific or title (*Frau*, *Herr*, *Dr.*, *Prof.*), *privat*,
    *geb.*, or when it looks like a person's name: two to four words of letters in any script
    (``Łukasz Kowalski``, ``Nguyễn Thị Lan``, ``Anna-Lena Rathjen``, ``murat yilmaz``), with
    name particles (*von*, *al*, *bin* …), and no word that marks an organisation. A word marks an
    organisation when it is, or ends in, a listed word (*Amt*, *Verein*, *Verband*, *Büro*,
    *Zentrum*, *Caritas*, *Jobcenter* …: ``Sozialamt``, ``Ausländerbeirat``), when it is a
    short abbreviation in capitals (*AWO*, *DRK*, *VHS*) or a legal form (*e.V.*, *gGmbH*).
    Heads that also end surnames (*-haus*, *-rat*, *-werk*, *-bund*, *-stadt* …) count only
    after a stem of six letters: ``Frauenhaus`` and ``Elternrat`` are organisations,
    ``Neuhaus`` and ``Murat`` are not. E-mail addresses (also ``k.fischer(at)example.org``
    and ``olga.ivanova@intranet``) and phone numbers are removed.

    Parameters
    ----------
    value : str
        One cell as written.

    Returns
    -------
    (str, str or None)
        The organisation part (``""`` when nothing passes as an organisation name) and what
        was taken out: ``None`` (nothing), ``"contact"`` (an e-mail address or phone number),
        ``"person"`` (a person's name, honorific, birth name or private note; the whole cell
        when the part is ``""``).

    See Also
    --------
    detect_personal_columns : Columns of names, e-mail addresses and phone numbers.
    netzwerk.importers.import_attendance : Uses it on every organisation cell.

    Notes
    -----
    The rule errs on the side of privacy: a cell that mixes a person with something else
    keeps the rest only when the rest names an organisation by one of the words above, and
    an organisation written like a person's name (two words, neither an organisation word,
    e.g. "Mosaik Nordend") is withheld; its rows are reported by number, so a user can fix
    the list. No list of given names is used: the maintained ones on PyPI are either GPL
    (gender-guesser) or need gigabytes of memory (names-dataset), and the pattern also
    catches names that no list holds.

    Examples
    --------
    >>> organisation_part("Caritas OF (Frau Schulz)")
    ('Caritas OF', 'person')
    >>> organisation_part("Sozialamt (privat: Jürgen Schmidt, geb. )")
    ('Sozialamt', 'person')
    >>> organisation_part("AWO Kreisverband / Berat Demir")
    ('AWO Kreisverband', 'person')
    >>> organisation_part("Murat Yilmaz"), organisation_part("Hausmann, Peter")
    (('', 'person'), ('', 'person'))
    >>> organisation_part("Jobcenter k.fischer(at)jobcenter.de")
    ('Jobcenter', 'contact')
    >>> organisation_part("Dezernat für Soziales, Jugend und Integration")
    ('Dezernat für Soziales, Jugend und Integration', None)
    """
    text, contact = _scrub_contacts(str(value))
    if not text:
        return "", ("contact" if contact else None)
    if _looks_like_person(text):
        return "", "person"
    segments = _segments(text)
    kept: list[str] = []
    personal = False
    for segment in segments:
        inner = segment.strip("()[] ")
        if _has_person_marker(inner):
            personal = True
            inner = _cut_at_marker(inner)
            if not inner or segment.startswith(("(", "[")):
                continue
        if _looks_like_person(inner):
            personal = True
            continue
        kept.append(segment if inner == segment.strip("()[] ") else inner)
    if not personal:
        return text, ("contact" if contact else None)
    rest = " ".join(kept).strip(" -–—")
    if not rest or not _looks_like_org(rest):
        return "", "person"
    return rest, "person"


_DATE_LIKE_RE = re.compile(r"^\d{1,2}\.\d{1,2}\.(\d{2}|\d{4})$|^\d{4}-\d{1,2}-\d{1,2}$")


def _is_phone(value: str) -> bool:
    """A phone number: six or more digits with phone punctuation, and not a date."""
    v = value.strip()
    if _DATE_LIKE_RE.match(v) or not _PHONE_RE.match(v):
        return False
    return sum(ch.isdigit() for ch in v) >= 6


def _header_words(header: object) -> tuple[list[str], str]:
    text = _fold(header)
    text = re.sub(r"e-mail", "email", text)
    tokens = [t for t in re.split(r"[^a-z0-9]+", text) if t]
    return tokens, "".join(tokens)


def _birth_header(header: object) -> bool:
    """A header that names a birth date: *Geburtsdatum*, *geb.*, *Geb.-Datum*, *Geburtstag*,
    *date of birth*, *DOB* … (the referral importer never takes such a column as a date)."""
    tokens, compact = _header_words(header)
    return any(t in _HEADER_BIRTH for t in tokens) or compact.startswith("geburts")


def _share(values: pd.Series, test) -> float:
    if len(values) == 0:
        return 0.0
    return float(np.mean([bool(test(v)) for v in values]))


def detect_personal_columns(
    df: pd.DataFrame, *, min_share: float = 0.5, sample: int = 200
) -> dict[Hashable, str]:
    """Recognise columns that hold person names, e-mail addresses or phone numbers.

    A column is personal when its **header** says so (``Name``, ``Vorname``, ``Nachname``,
    ``Teilnehmer:in``, ``Ansprechpartner``, ``Unterschrift``, ``E-Mail``, ``Telefon``,
    ``Handy``, ``Klient`` …; a header that also names an organisation, such as ``Name der
    Einrichtung``, does not count) or when its **content** does: at least ``min_share`` of the
    non-empty values (of the first ``sample``) are e-mail addresses, phone numbers (six or
    more digits with ``+ / - ( )`` and spaces) or look like a person's name (two to four
    capitalised words, optionally with ``Frau``/``Herr``/``Dr.`` and particles like ``von``,
    and no word that marks an organisation such as *Verein*, *Amt*, *e.V.* or an abbreviation
    in capitals). A column headed just ``Name`` whose values mostly look like organisations is
    not personal.

    Parameters
    ----------
    df : pandas.DataFrame
        The table as read (values as text or anything convertible to text). Not modified.
    min_share : float, default 0.5
        Share of non-empty values that must look personal for a content match, in (0, 1].
    sample : int, default 200
        How many non-empty values per column are inspected.

    Returns
    -------
    dict
        Column → kind (``"name"``, ``"email"``, ``"phone"``, or ``"birthdate"`` for a column
        headed *Geburtsdatum*), in column order; personal columns only.

    Raises
    ------
    TypeError
        If ``df`` is not a DataFrame.
    ValueError
        If ``min_share`` is not in (0, 1] or ``sample`` < 1.

    See Also
    --------
    drop_personal_columns : Removes the columns found here.
    organisation_part : The organisation part of a mixed cell.

    Notes
    -----
    This is a safety net, not a guarantee: a person's name in a column headed *Bemerkung*
    among other text is not recognised. The importers therefore keep only the columns they
    need and drop everything else; this function names what was dropped for personal reasons.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({
    ...     "Teilnehmer": ["Anna Schulz", "Dr. Mehmet Yilmaz"],
    ...     "Organisation": ["Caritasverband Offenbach e.V.", "AWO Kreisverband"],
    ...     "Kontakt": ["a.schulz@example.org", "069 123456"],
    ...     "Spalte4": ["0171 2345678", "+49 69 98765"],
    ... })
    >>> detect_personal_columns(df)
    {'Teilnehmer': 'name', 'Kontakt': 'name', 'Spalte4': 'phone'}
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"df must be a pandas DataFrame, got {type(df).__name__}")
    if not 0 < min_share <= 1:
        raise ValueError(f"min_share must be in (0, 1], got {min_share!r}")
    if sample < 1:
        raise ValueError(f"sample must be ≥ 1, got {sample!r}")
    found: dict[Hashable, str] = {}
    for column in df.columns:
        values = df[column].dropna().astype(str).str.strip()
        values = values[values != ""].head(sample)
        tokens, compact = _header_words(column)
        org_header = any(w in compact for w in _ORG_HEADER_WORDS)
        if not org_header:
            if _birth_header(column):
                found[column] = "birthdate"
                continue
            if any(t in _HEADER_EMAIL for t in tokens) or "email" in compact:
                found[column] = "email"
                continue
            if any(t in _HEADER_PHONE for t in tokens) or compact.startswith("telefon"):
                found[column] = "phone"
                continue
            if (
                any(t in _HEADER_NAME for t in tokens)
                or "vorname" in compact
                or ("nachname" in compact)
            ):
                plain = set(tokens) <= {"name", "namen"}
                if not (plain and len(values) and _share(values, _looks_like_org) >= 0.5):
                    found[column] = "name"
                    continue
        if len(values) == 0:
            continue
        if _share(values, _EMAIL_RE.match) >= min_share:
            found[column] = "email"
        elif _share(values, _is_phone) >= min_share:
            found[column] = "phone"
        elif not org_header and _share(values, _looks_like_person) >= min_share:
            found[column] = "name"
    return found


def drop_personal_columns(
    df: pd.DataFrame, *, keep: tuple[Hashable, ...] = (), min_share: float = 0.5
) -> tuple[pd.DataFrame, dict[Hashable, str]]:
    """A copy of ``df`` without the columns :func:`detect_personal_columns` finds.

    Parameters
    ----------
    df : pandas.DataFrame
        The table; not modified.
    keep : tuple, optional
        Columns kept even if they look personal (e.g. the organisation column the user chose).
    min_share : float, default 0.5
        Passed to :func:`detect_personal_columns`.

    Returns
    -------
    (pandas.DataFrame, dict)
        The table without the personal columns, and column → kind of what was dropped.

    Raises
    ------
    TypeError, ValueError
        As :func:`detect_personal_columns`.

    See Also
    --------
    detect_personal_columns : Which columns hold personal data.
    organisation_part : The organisation part of a mixed cell.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"E-Mail": ["x@example.org"], "Einrichtung": ["AWO"]})
    >>> clean, dropped = drop_personal_columns(df)
    >>> list(clean.columns), dropped
    (['Einrichtung'], {'E-Mail': 'email'})
    """
    found = detect_personal_columns(df, min_share=min_share)
    dropped = {c: k for c, k in found.items() if c not in keep}
    return df.drop(columns=list(dropped)), dropped
