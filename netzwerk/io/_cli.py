"""The ``netzwerk validate`` command."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from netzwerk import _read
from netzwerk._read import ReadLimits
from netzwerk._schema import TABLE_ORDER
from netzwerk.io._city import City, _validate_path_raw
from netzwerk.io._datapackage import _csv_dialect
from netzwerk.io._files import _RawCity, _read_meta_file

# ---------------------------------------------------------------------------------------------
# netzwerk validate
# ---------------------------------------------------------------------------------------------


def _cli_validate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="Stadtordner, .xlsx-Arbeitsmappe oder ein Ordner mit Stadtordnern (z. B. data/)",
    )
    parser.add_argument(
        "--lang", choices=("de", "en"), default="de", help="Sprache der Meldungen / language"
    )
    parser.add_argument(
        "--write-dialect",
        action="store_true",
        help="Kodierung und Trennzeichen der CSV-Dateien in datapackage.json so eintragen, wie "
        "die Dateien sind / rewrite the declared encoding and delimiter to match the files",
    )
    parser.add_argument(
        "--limit",
        action="append",
        default=[],
        metavar="NAME=N",
        help="eine Lesegrenze anheben, z. B. file_bytes=2000000000, field_chars=500000, "
        "xlsx_rows, xlsx_columns, xlsx_cells, xlsx_inflated_bytes / raise a reading limit",
    )
    parser.add_argument(
        "--max-problems",
        type=int,
        default=None,
        metavar="N",
        help="höchstens N Meldungen je Stadt zeigen / show at most N problems per city",
    )


def _looks_like_city(path: Path) -> bool:
    if path.is_file():
        return True
    if (path / "datapackage.json").exists():
        return True
    return any((path / f"{t}.{ext}").exists() for t in TABLE_ORDER for ext in ("csv", "xlsx"))


def _expand_paths(paths: Iterable[Path]) -> list[Path]:
    """City folders among ``paths``: a folder of cities expands, the vocabulary is skipped."""
    from netzwerk.config import VOCABULARY_DIR

    out: list[Path] = []
    for path in paths:
        if path.is_dir() and path.resolve() == VOCABULARY_DIR.resolve():
            continue
        if path.is_dir() and not _looks_like_city(path):
            subs = sorted(
                p for p in path.iterdir() if p.is_dir() and (p / "datapackage.json").exists()
            )
            if subs:
                out.extend(subs)
                continue
        out.append(path)
    return out


def _summary(city: City, lang: str) -> str:
    counts = city.referrals["count"]
    total = int(counts.sum(skipna=True)) if len(counts) else 0
    n = (
        len(city.actors),
        len(city.events),
        len(city.participation),
        len(city.referrals),
        total,
        len(city.resources),
    )
    synth = " (synthetisch)" if city.synthetic and lang == "de" else ""
    if lang == "en":
        synth = " (synthetic)" if city.synthetic else ""
        return (
            f"{city.name}{synth}: {n[0]} actors, {n[1]} events, {n[2]} participation rows, "
            f"{n[3]} referral rows (total count {n[4]}), {n[5]} resource cards"
        )
    return (
        f"{city.name}{synth}: {n[0]} Akteure, {n[1]} Veranstaltungen, {n[2]} Teilnahmen, "
        f"{n[3]} Verweiszeilen (Summe {n[4]}), {n[5]} Ressourcenkarten"
    )


def _cli_validate(args: argparse.Namespace) -> int:
    lang = args.lang
    paths = [Path(p) for p in args.paths]
    missing = [p for p in paths if not p.exists()]
    if missing:
        for p in missing:
            word = "Pfad nicht gefunden" if lang == "de" else "path not found"
            print(f"netzwerk validate: {word}: {p}", file=sys.stderr)
        return 2
    if args.max_problems is not None and args.max_problems < 0:
        print(
            f"netzwerk validate: --max-problems must be ≥ 0, got {args.max_problems}",
            file=sys.stderr,
        )
        return 2
    try:
        limits = _parse_limits(args.limit)
    except ValueError as exc:
        print(f"netzwerk validate: --limit: {exc}", file=sys.stderr)
        return 2
    failed = False
    for path in _expand_paths(paths):
        if args.write_dialect and path.is_dir():
            for line in _write_dialect(path, limits):
                print(line)
        problems, city, raw_city = _validate_path_raw(path, limits)
        errors = [p for p in problems if p.severity == "error"]
        warnings = [p for p in problems if p.severity == "warning"]
        if problems:
            print(f"== {path} ==")
            shown = problems if args.max_problems is None else problems[: args.max_problems]
            for p in shown:
                tag = {"error": "FEHLER ", "warning": "WARNUNG"}[p.severity]
                if lang == "en":
                    tag = {"error": "ERROR  ", "warning": "WARNING"}[p.severity]
                print(f"  {tag} {p.format(lang)}")
            if len(shown) < len(problems):
                more = len(problems) - len(shown)
                print(f"  … {more} weitere Meldungen" if lang == "de" else f"  … {more} more")
        if errors or city is None:
            failed = True
            if lang == "de":
                print(f"{path}: {len(errors)} Fehler, {len(warnings)} Warnungen")
            else:
                print(f"{path}: {len(errors)} errors, {len(warnings)} warnings")
        else:
            line = _summary(city, lang) + _formats(raw_city, lang)
            if warnings:
                line += (
                    f"; {len(warnings)} Warnungen"
                    if lang == "de"
                    else f"; {len(warnings)} warnings"
                )
            print(line)
    return 1 if failed else 0


def _parse_limits(items: Sequence[str]) -> ReadLimits:
    """``["file_bytes=10", ...]`` as ReadLimits; raises ValueError naming the bad item."""
    values: dict[str, int] = {}
    names = list(ReadLimits.__dataclass_fields__)
    for item in items:
        key, _, value = item.partition("=")
        if key.strip() not in names or not value.strip().isdigit():
            raise ValueError(f"expected NAME=N with NAME one of {', '.join(names)}, got {item!r}")
        values[key.strip()] = int(value)
    return ReadLimits(**values)


def _formats(raw_city: _RawCity, lang: str) -> str:
    """How the CSV files were read: "; gelesen als UTF-8, ','" or per file when they differ."""
    found = {raw.file: raw.dialect for raw in raw_city.tables.values() if raw.dialect}
    if not found:
        return ""
    sep = "Trennzeichen" if lang == "de" else "delimiter"
    word = "; CSV gelesen als" if lang == "de" else "; CSV read as"
    kinds = {f"{enc}, {sep} {_read.DELIMITER_LABEL[d]}" for enc, d in found.values()}
    if len(kinds) == 1:
        return f"{word} {kinds.pop()}"
    per_file = ", ".join(
        f"{file} ({enc}, {_read.DELIMITER_LABEL[d]})" for file, (enc, d) in found.items()
    )
    return f"{word} {per_file}"


def _write_dialect(folder: Path, limits: ReadLimits | None = None) -> list[str]:
    """Set ``encoding`` and ``dialect.delimiter`` of every CSV resource in
    ``folder/datapackage.json`` to what the file is; everything else stays as written.

    Returns one line per changed resource (nothing when the declarations already match).
    """
    meta_path = folder / "datapackage.json"
    meta, problems = _read_meta_file(meta_path, "datapackage.json", limits or _read.DEFAULT_LIMITS)
    if problems or not isinstance(meta.get("resources"), list):
        return []
    lines = []
    for resource in meta["resources"]:
        if not isinstance(resource, dict) or not isinstance(resource.get("path"), str):
            continue
        path, bad = _read.check_path(folder, resource["path"])
        if bad is not None or path.suffix.lower() != ".csv" or _read.not_regular(path):
            continue
        if not path.is_file():
            continue
        try:
            found = _csv_dialect(path, resource.get("name"))
        except _read.ReadError:
            continue  # reported by the validation that follows
        dialect = resource.get("dialect") if isinstance(resource.get("dialect"), dict) else {}
        old = (resource.get("encoding"), dialect.get("delimiter"))
        enc_same = isinstance(old[0], str) and _read.same_encoding(old[0], found["encoding"])
        if enc_same and old[1] == found["delimiter"]:
            continue
        resource["encoding"] = old[0] if enc_same else found["encoding"]
        resource["dialect"] = {**dialect, "delimiter": found["delimiter"]}
        lines.append(
            f"{meta_path}: {resource['path']}: encoding {old[0]!r} → {resource['encoding']!r}, "
            f"delimiter {old[1]!r} → {found['delimiter']!r}"
        )
    if lines:
        text = json.dumps(meta, ensure_ascii=False, indent=2) + "\n"
        meta_path.write_text(text, encoding="utf-8")
    return lines
