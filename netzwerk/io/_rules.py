"""The validation rules: column types, vocabularies, foreign keys, sources and quotes, coherence, plausibility."""

from __future__ import annotations

import datetime as _dt
import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from netzwerk import _read, _referral_checks
from netzwerk._fold import slug as _slug
from netzwerk._schema import ALL_TABLES, TABLE_ORDER, TABLES, Column, Table
from netzwerk.io._dates import _BadCalendarDate, _NotADate, _parse_date, parse_partial_date
from netzwerk.io._files import _from_issue, _RawCity, _RawTable, _read_text_file
from netzwerk.io._problems import _MESSAGES, Problem, _problem
from netzwerk.vocab import VOCABULARY_NAMES, Vocabulary, load_vocabulary

# ---------------------------------------------------------------------------------------------
# Checking and typing
# ---------------------------------------------------------------------------------------------


def _dtype(kind: str) -> str:
    return {"integer": "Int64", "boolean": "boolean"}.get(kind, "string")


def _empty_table(name: str) -> pd.DataFrame:
    frame = pd.DataFrame({c.name: pd.Series(dtype=_dtype(c.type)) for c in TABLES[name].columns})
    return _add_ranges(name, frame, {})


_TRUE = {"true", "wahr", "ja", "yes", "1", "x"}
_FALSE = {"false", "falsch", "nein", "no", "0", ""}
_INT_RE = re.compile(r"^\+?\d+$")
_NEG_RE = re.compile(r"^-\d+$")


@dataclass
class _ColumnResult:
    typed: pd.Series
    issues: list[tuple[np.ndarray, str, dict[str, Any]]]  # (bad row mask, code, params)
    start: np.ndarray | None = None
    end: np.ndarray | None = None
    # per bad-unique-value message parameters (e.g. did-you-mean), keyed by value
    value_params: dict[str, dict[str, Any]] = field(default_factory=dict)


def _check_column(
    text: pd.Series, col: Column, vocabularies: dict[str, Vocabulary] | None = None
) -> _ColumnResult:
    """Type one text column and find its bad values; every test runs once per distinct value."""
    codes, uniques = pd.factorize(text.to_numpy(dtype=object), use_na_sentinel=False)
    uniq = np.asarray(uniques, dtype=object)
    empty_u = uniq == ""
    issues: list[tuple[np.ndarray, str, dict[str, Any]]] = []
    value_params: dict[str, dict[str, Any]] = {}

    def add(bad_u: np.ndarray, code: str, **params: Any) -> None:
        if bad_u.any():
            issues.append((bad_u[codes], code, params))

    if col.required:
        add(empty_u, "required", column=col.name)
    start = end = None
    if col.type == "integer":
        minimum = 0 if col.minimum is None else col.minimum
        ok_u = np.array([bool(_INT_RE.match(u)) for u in uniq], dtype=bool)
        huge_u = np.array([len(u.lstrip("+-")) > 15 for u in uniq], dtype=bool)
        neg_or_ok = ok_u | np.array([bool(_NEG_RE.match(u)) for u in uniq], dtype=bool)
        add(huge_u & neg_or_ok, "number_too_large")
        ok_u &= ~huge_u
        neg_u = np.array([bool(_NEG_RE.match(u)) for u in uniq], dtype=bool)
        add(~ok_u & ~neg_u & ~empty_u & ~huge_u, "integer", minimum=minimum)
        if col.minimum is not None:
            add(neg_u, "negative", minimum=minimum)
        big_u = _referral_checks.too_large(uniq, ok_u)
        add(big_u, "too_large", maximum=f"{_referral_checks.MAX_INTEGER:_}".replace("_", "."))
        ok_u &= ~big_u
        values_u = pd.array(
            [int(u) if ok else pd.NA for u, ok in zip(uniq, ok_u, strict=True)],
            dtype="Int64",
        )
        typed = pd.Series(values_u.take(codes), index=text.index, dtype="Int64")
    elif col.type == "boolean":
        low = np.array([u.lower() for u in uniq], dtype=object)
        true_u = np.isin(low, list(_TRUE))
        add(~true_u & ~np.isin(low, list(_FALSE)), "boolean")
        typed = pd.Series(true_u[codes], index=text.index, dtype="boolean")
    elif col.type in ("date", "period"):
        iso_u: list[Any] = []
        start_u = np.full(len(uniq), np.datetime64("NaT"), dtype="datetime64[ns]")
        end_u = start_u.copy()
        bad_format = np.zeros(len(uniq), dtype=bool)
        bad_calendar = np.zeros(len(uniq), dtype=bool)
        for i, u in enumerate(uniq):
            if u == "":
                iso_u.append(pd.NA)
                continue
            try:
                iso, s, e, precision = _parse_date(u)
                if precision == "quarter" and col.type == "date":
                    raise _NotADate(u)
            except _NotADate:
                bad_format[i] = True
                iso_u.append(pd.NA)
                continue
            except _BadCalendarDate:
                bad_calendar[i] = True
                iso_u.append(pd.NA)
                continue
            iso_u.append(iso)
            start_u[i] = np.datetime64(s, "ns")
            end_u[i] = np.datetime64(e, "ns")
        add(bad_format, col.type)
        add(bad_calendar, "date_invalid")
        typed = pd.Series(
            pd.array(iso_u, dtype="string").take(codes), index=text.index, dtype="string"
        )
        start, end = start_u[codes], end_u[codes]
    else:
        typed = pd.Series(
            pd.array(np.where(empty_u, None, uniq), dtype="string").take(codes),
            index=text.index,
            dtype="string",
        )
    if col.pattern:
        rx = re.compile(col.pattern)
        bad_u = np.array([u != "" and not rx.match(u) for u in uniq], dtype=bool)
        for u in uniq[bad_u]:
            slug = _slug(u)
            value_params[u] = {"suggestion": f"; meinten Sie {slug!r}?" if slug else ""}
        add(bad_u, "pattern", suggestion="")
    if col.vocab and vocabularies is not None:
        vocab = vocabularies[col.vocab]
        allowed = set(vocab.codes)
        bad_u = np.array([u != "" and u not in allowed for u in uniq], dtype=bool)
        for u in uniq[bad_u]:
            hint = vocab.suggest(u)
            value_params[u] = {"suggestion": f"; meinten Sie {hint!r}?" if hint else ""}
        add(bad_u, "vocab", vocab=col.vocab, codes=", ".join(vocab.codes), suggestion="")
    return _ColumnResult(typed, issues, start, end, value_params)


def _suggest_id(value: str, choices: Sequence[str]) -> str | None:
    from rapidfuzz import fuzz, process

    if not choices:
        return None
    best = process.extractOne(value, choices, scorer=fuzz.ratio, score_cutoff=60)
    return None if best is None else str(best[0])


def _suggestion_text(hint: str | None) -> str:
    return f"; meinten Sie {hint!r}?" if hint else ""


def _english(params: dict[str, Any]) -> dict[str, Any]:
    """Did-you-mean suffixes in English."""
    out = dict(params)
    s = out.get("suggestion")
    if isinstance(s, str) and s.startswith("; meinten Sie "):
        out["suggestion"] = "; did you mean " + s[len("; meinten Sie ") :]
    return out


def _emit(
    problems: list[Problem],
    raw: _RawTable,
    column: str | None,
    mask: np.ndarray,
    code: str,
    params: dict[str, Any],
    *,
    severity: str = "error",
    value_params: dict[str, dict[str, Any]] | None = None,
    values: pd.Series | None = None,
) -> None:
    """One problem per row in ``mask`` (loops over the bad rows only)."""
    if not mask.any():
        return
    rows = raw.frame.index.to_numpy()[mask]
    if values is None:
        values = raw.frame[column] if column in raw.frame else None
    vals = values.to_numpy(dtype=object)[mask] if values is not None else [None] * len(rows)
    de_t, en_t = _MESSAGES[code]
    cache: dict[Any, tuple[str, str]] = {}
    for row, value in zip(rows, vals, strict=True):
        key = value if value_params else None
        if key not in cache:
            p = {**params, **((value_params or {}).get(value, {}))}
            cache[key] = (de_t.format(**p), en_t.format(**_english(p)))
        de, en = cache[key]
        problems.append(Problem(raw.file, int(row), column, value, de, severity, code, en))


def _check_table(
    raw: _RawTable, vocabularies: dict[str, Vocabulary]
) -> tuple[pd.DataFrame, dict[str, tuple[np.ndarray, np.ndarray]], list[Problem]]:
    """Columns, required values, types, patterns, vocabularies and unique keys of one table."""
    schema: Table = TABLES[raw.name]
    problems: list[Problem] = []
    present = list(raw.frame.columns)
    known = schema.column_names
    columns_list = ", ".join(known)
    unknown = [h for h in present if h not in known]
    for name in schema.required_columns:
        if name not in present:
            match = difflib.get_close_matches(name, [h.lower() for h in unknown], n=1, cutoff=0.6)
            written = next((h for h in unknown if match and h.lower() == match[0]), None)
            problems.append(
                _problem(
                    "column_missing",
                    raw.file,
                    raw.header_row,
                    name,
                    missing=name,
                    columns=columns_list,
                    suggestion=f"; ist {written!r} gemeint?" if written else "",
                    suggestion_en=f"; is {written!r} meant?" if written else "",
                )
            )
    for name in present:
        if name not in known:
            match = difflib.get_close_matches(name.lower(), known, n=1, cutoff=0.6)
            hint = _suggestion_text(match[0] if match else None)
            problems.append(
                Problem(
                    raw.file,
                    raw.header_row,
                    name,
                    name,
                    _MESSAGES["column_unknown"][0].format(suggestion=hint),
                    "warning",
                    "column_unknown",
                    _MESSAGES["column_unknown"][1].format(**_english({"suggestion": hint})),
                )
            )
    n = len(raw.frame)
    typed: dict[str, pd.Series] = {}
    ranges: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for col in schema.columns:
        if col.name not in present:
            text = pd.Series([""] * n, index=raw.frame.index, dtype=object)
            if col.required:  # already reported as a missing column
                col = Column(col.name, col.type, False, col.vocab, col.foreign, col.minimum)
        else:
            text = raw.frame[col.name]
        result = _check_column(text, col, vocabularies)
        for mask, code, params in result.issues:
            _emit(
                problems,
                raw,
                col.name,
                mask,
                code,
                params,
                value_params=result.value_params if code in ("pattern", "vocab") else None,
                values=text,
            )
        typed[col.name] = result.typed
        if result.start is not None:
            ranges[col.name] = (result.start, result.end)
    frame = pd.DataFrame(typed, index=raw.frame.index)
    # unique keys: a later row repeats the key of an earlier one
    if all(k in present for k in schema.key) and n:
        keys = _referral_checks.canonical_keys(raw.frame, frame, schema)  # 2021-q2 = 2021-Q2
        complete = (raw.frame[list(schema.key)] != "").all(axis=1).to_numpy()
        dup = keys.duplicated(keep=False).to_numpy() & complete
        if dup.any():
            sub = keys[dup]
            rows = pd.Series(sub.index.to_numpy(), index=sub.index)
            first = rows.groupby([sub[k] for k in schema.key], sort=False).transform("min")
            later = first.to_numpy() != rows.to_numpy()
            key_names = ", ".join(schema.key)
            for row, first_row in zip(rows.to_numpy()[later], first.to_numpy()[later], strict=True):
                value = " | ".join(raw.frame.loc[row, list(schema.key)].tolist())
                problems.append(
                    _problem(
                        "duplicate_key",
                        raw.file,
                        row,
                        schema.key[0] if len(schema.key) == 1 else key_names,
                        value,
                        key=key_names,
                        first=int(first_row),
                    )
                )
    return frame, ranges, problems


def _load_vocabularies(
    root: Path | None, problems: list[Problem] | None = None
) -> dict[str, Vocabulary]:
    """The vocabularies, extended by the city's ``vocabulary/<name>.csv``; an extension that is
    outside the folder, not a regular file or broken is a problem and is left out."""
    extra = root / "vocabulary" if root is not None else None
    if extra is None or not extra.is_dir():
        return {name: load_vocabulary(name) for name in VOCABULARY_NAMES}
    out = {}
    for name in VOCABULARY_NAMES:
        file = f"vocabulary/{name}.csv"
        path, bad = _read.check_path(root, file)
        if path is None or not _read.exists(path):
            out[name] = load_vocabulary(name)
            if bad is not None and problems is not None:
                problems.append(_from_issue(bad, file))
            continue
        bad = _read.not_regular(path)
        if bad is None:
            try:
                out[name] = load_vocabulary(name, extra)
                continue
            except (ValueError, KeyError, UnicodeDecodeError, pd.errors.ParserError) as exc:
                bad = _read.issue("vocab_broken", error=str(exc).replace(str(path), file)[:200])
        if problems is not None:
            problems.append(_from_issue(bad, file))
        out[name] = load_vocabulary(name)
    return out


_FK_LABEL = {
    ("actors", "actor_id"): ("Akteur", "actor"),
    ("events", "event_id"): ("Veranstaltung", "event"),
    ("sources", "source_id"): ("Quelle", "source"),
}


def _check_foreign_keys(raw_city: _RawCity, problems: list[Problem]) -> None:
    tables = raw_city.tables
    for name in ALL_TABLES:
        raw = tables.get(name)
        if raw is None:
            continue
        for col in TABLES[name].columns:
            if not col.foreign or col.name not in raw.frame:
                continue
            target_name, target_col = col.foreign
            target = tables.get(target_name)
            if target is None or target_col not in target.frame:
                continue  # the missing table/column is reported already
            ids = pd.unique(target.frame[target_col].to_numpy(dtype=object))
            ids = [i for i in ids if i != ""]
            values = raw.frame[col.name]
            codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=False)
            uniq = np.asarray(uniques, dtype=object)
            bad_u = (uniq != "") & ~pd.Index(uniq).isin(ids)
            if not bad_u.any():
                continue
            value_params: dict[str, dict[str, Any]] = {}
            bad_values = uniq[bad_u]
            for u in bad_values[:500]:  # beyond that, suggestions cost more than they help
                value_params[u] = {"suggestion": _suggestion_text(_suggest_id(u, ids))}
            for u in bad_values[500:]:
                value_params[u] = {"suggestion": ""}
            label_de, label_en = _FK_LABEL.get(col.foreign, (target_col, target_col))
            _emit(
                problems,
                raw,
                col.name,
                bad_u[codes],
                "foreign_key",
                {
                    "target_de": label_de,
                    "target_en": label_en,
                    "target_file": f"{target.file} ({target_col})",
                    "suggestion": "",
                },
                value_params=value_params,
            )


def _check_parent_cycles(raw: _RawTable, problems: list[Problem]) -> None:
    if "parent_id" not in raw.frame or "actor_id" not in raw.frame:
        return
    frame = raw.frame[(raw.frame["parent_id"] != "") & (raw.frame["actor_id"] != "")]
    parent = dict(zip(frame["actor_id"], frame["parent_id"], strict=True))
    row_of = dict(zip(frame["actor_id"], frame.index, strict=True))
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for start in parent:
        path: list[str] = []
        node: str | None = start
        while node is not None and node in parent and state.get(node) is None:
            state[node] = 1
            path.append(node)
            node = parent[node]
        if node is not None and state.get(node) == 1:
            cycle = path[path.index(node) :]
            first = min(cycle, key=lambda a: row_of[a])
            i = cycle.index(first)
            ordered = cycle[i:] + cycle[:i]
            text = " → ".join([*ordered, ordered[0]])
            problems.append(
                _problem(
                    "parent_cycle",
                    raw.file,
                    row_of[first],
                    "parent_id",
                    parent[first],
                    cycle=text,
                )
            )
        for a in path:
            state[a] = 2


def _normalise_quote_text(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def _check_sources_and_quotes(raw_city: _RawCity, problems: list[Problem]) -> None:
    sources = raw_city.tables.get("sources")
    root = raw_city.root
    texts: dict[str, str | None] = {}  # source_id → normalised text, None = unusable
    files: dict[str, str] = {}
    if sources is not None and "file" in sources.frame and "source_id" in sources.frame:
        for row, sid, file in zip(
            sources.frame.index, sources.frame["source_id"], sources.frame["file"], strict=True
        ):
            if file == "" or sid == "":
                continue
            files[sid] = file
            if root is None:
                texts[sid] = None
                continue
            path, bad = _read.check_path(root / "sources", file, folder_label="sources")
            if bad is None and _read.exists(path):
                bad = _read.not_regular(path)
            if bad is not None:  # outside sources/, a device, a FIFO: never opened
                bad.row, bad.column, bad.value = row, "file", file
                problems.append(_from_issue(bad, sources.file))
                texts[sid] = None
                continue
            if not path.is_file():
                problems.append(
                    _problem(
                        "source_file_missing", sources.file, row, "file", file, source_file=file
                    )
                )
                texts[sid] = None
                continue
            text = _read_text_file(path, raw_city.limits)
            if text is None:
                problems.append(
                    _problem(
                        "source_file_unreadable",
                        sources.file,
                        row,
                        "file",
                        file,
                        severity="warning",
                        source_file=file,
                    )
                )
            texts[sid] = None if text is None else _normalise_quote_text(text)
    unchecked = False
    for name in TABLE_ORDER:
        raw = raw_city.tables.get(name)
        if raw is None or "quote" not in raw.frame:
            continue
        quote = raw.frame["quote"]
        has = (quote != "").to_numpy()
        if not has.any():
            continue
        sid = (
            raw.frame["source_id"] if "source_id" in raw.frame else pd.Series("", index=quote.index)
        )
        no_source = has & (sid == "").to_numpy()
        _emit(problems, raw, "source_id", no_source, "quote_no_source", {}, values=quote)
        pairs = pd.DataFrame({"s": sid[has & ~no_source], "q": quote[has & ~no_source]})
        if root is None and len(pairs):
            unchecked = True
            continue
        uniq = pairs.drop_duplicates()
        bad = set()
        for s, q in zip(uniq["s"], uniq["q"], strict=True):
            text = texts.get(s)
            if text is None:
                continue  # unknown source (foreign key problem) or unusable file (reported)
            if _normalise_quote_text(q) not in text:
                bad.add((s, q))
        if bad:
            mask = np.zeros(len(quote), dtype=bool)
            pos = np.flatnonzero(has & ~no_source)
            hit = np.array([(s, q) in bad for s, q in zip(pairs["s"], pairs["q"], strict=True)])
            mask[pos[hit]] = True
            rows = raw.frame.index.to_numpy()[mask]
            for row, s, q in zip(rows, sid.to_numpy()[mask], quote.to_numpy()[mask], strict=True):
                problems.append(
                    _problem(
                        "quote_not_found", raw.file, row, "quote", q, source_file=files.get(s, s)
                    )
                )
    if unchecked:
        problems.append(_problem("quotes_unchecked", raw_city.label, severity="warning"))


def _check_coherence(raw_city: _RawCity, problems: list[Problem]) -> None:
    """Warnings: unused actors, events without participants, and the like."""
    t = raw_city.tables

    def col(name: str, column: str) -> np.ndarray:
        raw = t.get(name)
        if raw is None or column not in raw.frame:
            return np.array([], dtype=object)
        return raw.frame[column].to_numpy(dtype=object)

    actors = t.get("actors")
    if actors is not None and "actor_id" in actors.frame:
        used = np.concatenate(
            [
                col("participation", "actor_id"),
                col("referrals", "from_id"),
                col("referrals", "to_id"),
                col("resources", "actor_id"),
                col("survey_ties", "from_id"),  # a survey tie is a tie like a referral (#17)
                col("survey_ties", "to_id"),
                col("actors", "parent_id"),  # a parent is tied in through its departments
            ]
        )
        ids = actors.frame["actor_id"]
        unused = ((ids != "") & ~ids.isin(pd.unique(used))).to_numpy()
        _emit(problems, actors, "actor_id", unused, "actor_unused", {}, severity="warning")
    events = t.get("events")
    if events is not None and "event_id" in events.frame:
        ids = events.frame["event_id"]
        empty = ((ids != "") & ~ids.isin(pd.unique(col("participation", "event_id")))).to_numpy()
        _emit(problems, events, "event_id", empty, "event_empty", {}, severity="warning")
    referrals = t.get("referrals")
    if referrals is not None and {"from_id", "to_id"} <= set(referrals.frame.columns):
        f, to = referrals.frame["from_id"], referrals.frame["to_id"]
        loop = ((f != "") & (f == to)).to_numpy()
        _emit(problems, referrals, "to_id", loop, "self_referral", {}, severity="warning")
    resources = t.get("resources")
    if resources is not None and {"attribution", "actor_id"} <= set(resources.frame.columns):
        attr, actor = resources.frame["attribution"], resources.frame["actor_id"]
        for a in ("stated", "inferred"):
            mask = ((attr == a) & (actor == "")).to_numpy()
            _emit(
                problems,
                resources,
                "actor_id",
                mask,
                "attribution_without_actor",
                {"attribution": a},
                severity="warning",
                values=attr,
            )
        mask = ((attr == "unknown") & (actor != "")).to_numpy()
        _emit(
            problems,
            resources,
            "actor_id",
            mask,
            "attribution_unknown_actor",
            {},
            severity="warning",
        )


def _check_meta(raw_city: _RawCity, problems: list[Problem]) -> None:
    meta = raw_city.meta
    if not meta and any(p.code.startswith("meta_") for p in raw_city.problems):
        return
    file = "datapackage.json" if raw_city.text_frames else raw_city.label
    if "name" not in meta:
        problems.append(_problem("meta_name_missing", file, column="name", severity="warning"))
    if "synthetic" not in meta:
        problems.append(
            _problem("meta_synthetic_missing", file, column="synthetic", severity="warning")
        )
    elif not isinstance(meta["synthetic"], bool):
        problems.append(_problem("meta_synthetic_type", file, None, "synthetic", meta["synthetic"]))


def _check_city(raw_city: _RawCity) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """All checks; returns the typed tables and every problem found."""
    problems = list(raw_city.problems)
    _check_meta(raw_city, problems)
    vocabularies = _load_vocabularies(raw_city.root, problems)
    frames: dict[str, pd.DataFrame] = {}
    for name in ALL_TABLES:
        raw = raw_city.tables.get(name)
        if raw is None:
            frames[name] = _empty_table(name)
            continue
        if len(raw.frame) == 0 and not TABLES[name].optional and raw_city.text_frames:
            problems.append(_problem("no_rows", raw.file, severity="warning"))
        frame, ranges, more = _check_table(raw, vocabularies)
        problems.extend(more)
        frames[name] = _add_ranges(name, frame, ranges)
    _check_foreign_keys(raw_city, problems)
    if "actors" in raw_city.tables:
        _check_parent_cycles(raw_city.tables["actors"], problems)
    _check_sources_and_quotes(raw_city, problems)
    _check_coherence(raw_city, problems)
    _check_plausibility(raw_city, frames, problems)
    from netzwerk.survey._validate import check_survey  # the survey's cross-table rules

    check_survey(raw_city, problems)
    if "referrals" in raw_city.tables:
        problems += _referral_checks.period_overlaps(
            raw_city.tables["referrals"], frames["referrals"]
        )
    from netzwerk._evidence import check_evidence  # late: _evidence builds io's Problem

    check_evidence(raw_city, problems)
    return frames, _sorted_problems(problems)


def _check_plausibility(
    raw_city: _RawCity, frames: dict[str, pd.DataFrame], problems: list[Problem]
) -> None:
    """Warnings for values that are well-formed but unlikely: years before 1949 or after next
    year, a reversed ``temporal`` span, ``n_participants`` 0, digits outside 0–9."""
    next_year = _dt.date.today().year + 1
    for name in ALL_TABLES:
        raw = raw_city.tables.get(name)
        if raw is None:
            continue
        for col in TABLES[name].columns:
            if col.name not in raw.frame:
                continue
            text = raw.frame[col.name]
            if col.type in ("date", "period") and col.name in frames[name]:
                years = {}
                for u in pd.unique(text.to_numpy(dtype=object)):
                    m = re.search(r"\d{4}", u)
                    if m and not 1949 <= int(m[0]) <= next_year and u:
                        years[u] = int(m[0])
                for u, year in years.items():
                    _emit(problems, raw, col.name, (text == u).to_numpy(), "date_implausible",
                          {"year": year, "next_year": next_year}, severity="warning")  # fmt: skip
            if col.type == "integer":
                uniq = pd.unique(text.to_numpy(dtype=object))
                for u in (u for u in uniq if not u.isascii() and _INT_RE.match(u)):
                    script = unicodedata.name(next(c for c in u if not c.isascii()), "?")
                    _emit(problems, raw, col.name, (text == u).to_numpy(), "digits_non_ascii",
                          {"script": script.rsplit(" DIGIT", 1)[0].title(), "read": int(u)},
                          severity="warning")  # fmt: skip
            if name == "events" and col.name == "n_participants":
                zero = text.map(lambda v: v.strip("+").isdigit() and int(v) == 0).to_numpy(bool)
                _emit(problems, raw, col.name, zero, "participants_zero", {}, severity="warning")
    temporal = raw_city.meta.get("temporal")
    file = "datapackage.json" if raw_city.text_frames else raw_city.label
    if temporal is not None and not isinstance(temporal, dict):
        problems.append(_problem("json_type", file, None, "temporal", temporal, key="temporal",
                                 found=type(temporal).__name__,
                                 expected="ein Objekt {'start': …, 'end': …}"))  # fmt: skip
    elif isinstance(temporal, dict):
        try:
            start = parse_partial_date(str(temporal.get("start")))[1]
            end = parse_partial_date(str(temporal.get("end")))[2]
        except ValueError:
            return
        if end < start:
            problems.append(_problem("temporal_reversed", file, None, "temporal", temporal,
                                     severity="warning", start=temporal.get("start"),
                                     end=temporal.get("end")))  # fmt: skip


def _sorted_problems(problems: list[Problem]) -> list[Problem]:
    """Errors before warnings; within each, files in order of first mention, then rows."""
    rank: dict[str, int] = {}
    for p in problems:
        rank.setdefault(p.file, len(rank))
    return sorted(
        problems,
        key=lambda p: (p.severity != "error", rank[p.file], -1 if p.row is None else p.row),
    )


def _add_ranges(
    name: str, frame: pd.DataFrame, ranges: dict[str, tuple[np.ndarray, np.ndarray]]
) -> pd.DataFrame:
    """Add ``date_start``/``date_end`` (events) or ``period_start``/``period_end`` (referrals)."""
    column = {"events": "date", "referrals": "period"}.get(name)
    if column is not None:
        start, end = ranges.get(column, (None, None))
        n = len(frame)
        if start is None:
            start = end = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
        frame[f"{column}_start"] = pd.Series(start, index=frame.index, dtype="datetime64[ns]")
        frame[f"{column}_end"] = pd.Series(end, index=frame.index, dtype="datetime64[ns]")
    return frame.reset_index(drop=True)
