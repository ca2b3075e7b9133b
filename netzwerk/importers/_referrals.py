"""Importing case-management exports as aggregated ``referrals`` rows (``netzwerk import referrals``)."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from netzwerk._schema import TABLES
from netzwerk.importers._common import (
    ImportResult,
    _append_csv,
    _check_id,
    _create_table,
    _dropped,
    _find_column,
    _load,
    _org_names,
    _report_notes,
    _resolve,
    _review_frame,
    _table_path,
    _write_review,
)
from netzwerk.importers._input import _compact, _read_input
from netzwerk.vocab import load_vocabulary

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

    See Also
    --------
    import_attendance : The same for attendance lists.
    read_decisions : Decisions on doubtful names from the review list.
    netzwerk.graph.referral_graph : The graph made from the imported rows.

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
