"""The ``netzwerk report`` and ``netzwerk reproduce`` subcommands (see :mod:`netzwerk.cli`)."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netzwerk import config

if TYPE_CHECKING:
    pass
from netzwerk.report._params import check_parameters, parse_parameter_value
from netzwerk.report._results import REL_TOL, update_reference
from netzwerk.report._run import _city_folder, list_cities, reproduce, run_report


def _parameter_pairs(pairs: Sequence[Sequence[str]] | None) -> dict[str, Any]:
    return {name: parse_parameter_value(value) for name, value in pairs or []}


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        metavar=("NAME", "VALUE"),
        help="Notebook-Parameter / notebook parameter (z. B. -p n_permutations 500); "
        "VALUE: null, true/false, Zahl oder Text",
    )
    parser.add_argument(
        "--data-dir", type=Path, default=None, help=f"Datenordner (Standard: {config.DATA_DIR})"
    )


def _cli_report_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("city", metavar="CITY", help="Stadtordner unter data/ oder Pfad dorthin")
    parser.add_argument(
        "--out", type=Path, default=None, help="Ausgabeordner (Standard: figures/<Stadt>/)"
    )
    _add_common(parser)


def _resolve_city(city: str, data_dir: Path | None) -> tuple[str, Path | None]:
    path = Path(city)
    if data_dir is None and (path / "datapackage.json").is_file():
        return path.resolve().name, path.resolve().parent
    return city, data_dir


def _usage_error(message: str) -> int:
    print(f"netzwerk: {message}", file=sys.stderr)
    return 2


def _cli_report(args: argparse.Namespace) -> int:
    city, data_dir = _resolve_city(args.city, args.data_dir)
    try:
        params = _parameter_pairs(args.parameter)
        check_parameters(params)
        _city_folder(city, data_dir)
    except ValueError as exc:
        return _usage_error(str(exc))
    start = time.perf_counter()
    try:
        out = run_report(city, data_dir=data_dir, out_dir=args.out, parameters=params)
    except Exception as exc:
        print(f"{city}: Fehler: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print(f"{city}: {out} ({time.perf_counter() - start:.1f} s)")
    return 0


def _cli_reproduce_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "cities", nargs="*", metavar="CITY", help="Städte (Standard: alle Ordner in data/)"
    )
    parser.add_argument(
        "-j", "--jobs", type=int, default=1, help="parallele Prozesse / worker processes"
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help=(
            "mit den Referenzergebnissen in tests/reference/ vergleichen (Gleitkommazahlen "
            f"relativ {REL_TOL:g}, sonst exakt); Exit 1 bei jeder Abweichung"
        ),
    )
    parser.add_argument(
        "--out", type=Path, default=None, help="Ausgabeordner für alle Städte (Standard: figures/)"
    )
    parser.add_argument(
        "--reference", type=Path, default=None, help="Referenzordner (Standard: tests/reference/)"
    )
    parser.add_argument(
        "--update-reference",
        action="store_true",
        help="die neuen Ergebnisse als Referenz übernehmen (nach Prüfung der Abweichungen)",
    )
    _add_common(parser)


def _cli_reproduce(args: argparse.Namespace) -> int:
    try:
        params = _parameter_pairs(args.parameter)
        runs = None
        names = list(args.cities) or list_cities(args.data_dir)
        if not names:
            return _usage_error(f"no cities found in {args.data_dir or config.DATA_DIR}")
        if args.jobs < 1:
            return _usage_error(f"--jobs must be ≥ 1, got {args.jobs}")
        check_parameters(params)
        for name in names:
            _city_folder(name, args.data_dir)
    except ValueError as exc:
        return _usage_error(str(exc))
    start = time.perf_counter()
    runs = reproduce(
        names,
        data_dir=args.data_dir,
        out_root=args.out,
        jobs=args.jobs,
        check=args.check,
        reference_dir=args.reference,
        parameters=params,
        progress=True,
    )
    failed = [r for r in runs if not r.ok]
    for run in runs:
        for line in run.lines():
            print(line)
    if args.update_reference:
        done = [r.city for r in runs if r.error is None]
        for path in update_reference(done, out_root=args.out, reference_dir=args.reference):
            print(f"Referenz geschrieben / reference written: {path}")
    seconds = time.perf_counter() - start
    status = "Prüfung" if args.check else "Lauf"
    print(
        f"{len(runs) - len(failed)}/{len(runs)} Städte ok ({status}, {seconds:.1f} s)"
        + (f"; fehlgeschlagen: {', '.join(r.city for r in failed)}" if failed else "")
    )
    return 1 if failed and not args.update_reference else 0
