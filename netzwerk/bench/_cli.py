"""The ``netzwerk bench`` command."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from netzwerk.bench._common import MAP_MAX_EDGES, STAGES
from netzwerk.bench._output import _to_json, format_table, plot_scaling
from netzwerk.bench._run import _check_options, _parse_list, run_benchmark

# ---------------------------------------------------------------------------------------------
# Command line


def _scaling_figure(rows: pd.DataFrame, path: str | Path) -> None:
    """Two panels: all netzwerk stages; the compared stages with their baselines."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(15, 6.5), constrained_layout=True)
    plot_scaling(rows, ax=left, baselines=False)
    left.set_title("netzwerk, alle Stufen")
    plot_scaling(rows[rows["baseline"].notna()], ax=right)
    right.set_title("netzwerk (durchgezogen) und Vergleich (gestrichelt, hohl = hochgerechnet)")
    for ax in (left, right):
        ax.legend(fontsize="x-small", loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2)
    fig.savefig(path, dpi=150, bbox_inches="tight")
    plt.close(fig)


def _cli_bench_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sizes", default="1000,3000,10000",
        help="Anzahl der Akteure, kommagetrennt / numbers of actors (default 1000,3000,10000)",
    )  # fmt: skip
    parser.add_argument("--seed", type=int, default=0, help="Zufallsstartwert / seed (default 0)")
    parser.add_argument(
        "--stages", default=None,
        help=f"Auswahl der Stufen, kommagetrennt / stages to run: {','.join(STAGES)}",
    )  # fmt: skip
    parser.add_argument(
        "--json", metavar="OUT", default=None, help="Ergebnisse als JSON / write JSON"
    )
    parser.add_argument(
        "--plot", metavar="PNG", default=None,
        help="Skalierungskurve als Bild / write the scaling figure",
    )  # fmt: skip
    parser.add_argument(
        "--baseline-budget", type=float, default=60.0, metavar="SEKUNDEN",
        help="Zeitbudget je Vergleich, sonst Stichprobe + Hochrechnung / "
        "seconds per baseline before sampling (default 60)",
    )  # fmt: skip
    parser.add_argument(
        "--no-baselines", action="store_true", help="ohne Vergleiche / no baselines"
    )
    parser.add_argument(
        "--report-sizes", default=None,
        help="Größen mit vollem Stadtbericht / sizes with a full report "
        "(default: 1000 if among the sizes, else the smallest)",
    )  # fmt: skip
    parser.add_argument(
        "--map-max-edges", type=int, default=MAP_MAX_EDGES,
        help=f"Karte mit den stärksten N Kanten, 0 = alle / map ties cap (default {MAP_MAX_EDGES})",
    )  # fmt: skip
    parser.add_argument(
        "--jobs", type=int, default=1, help="n_jobs für Betweenness / for betweenness (default 1)"
    )
    parser.add_argument(
        "--workdir", default=None, help="Arbeitsordner behalten / keep the work folder here"
    )
    parser.add_argument("--lang", choices=("de", "en"), default="de")


def _cli_bench(args: argparse.Namespace) -> int:
    try:
        sizes = _parse_list(args.sizes, "--sizes", int)
        stages = None if args.stages is None else _parse_list(args.stages, "--stages", str)
        report_sizes = (
            None
            if args.report_sizes is None
            else _parse_list(args.report_sizes, "--report-sizes", int)
        )
        _check_options(sizes, stages, args.baseline_budget)
    except (TypeError, ValueError) as exc:
        print(f"netzwerk bench: {exc}", file=sys.stderr)
        return 2
    rows = run_benchmark(
        sizes,
        seed=args.seed,
        stages=stages,
        baselines=not args.no_baselines,
        baseline_budget=args.baseline_budget,
        report_sizes=report_sizes,
        map_max_edges=args.map_max_edges,
        jobs=args.jobs,
        workdir=args.workdir,
    )
    print(format_table(rows, lang=args.lang))
    machine = rows.attrs["machine"]
    print(
        f"\n{machine['nproc']} Kerne, {machine['cpu']}, {machine['ram_gb']} GB RAM, "
        f"Python {machine['python']}"
    )
    if args.json:
        Path(args.json).write_text(
            json.dumps(_to_json(rows), indent=2, ensure_ascii=False), encoding="utf-8"
        )
    if args.plot:
        _scaling_figure(rows, args.plot)
    failed = rows["status"].isin(["error", "timeout"]).any()
    return 1 if failed else 0


def _main() -> None:  # pragma: no cover - convenience for ``python -m netzwerk.bench``
    from netzwerk.cli import main

    sys.exit(main(["bench", *sys.argv[1:]]))
