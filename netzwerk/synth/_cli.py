"""The ``netzwerk synth`` command."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from netzwerk.synth._generate import generate_city
from netzwerk.synth._write import write_city


def _cli_synth_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", metavar="OUT", help="Zielordner / output folder")
    parser.add_argument("--seed", type=int, default=0, help="Startwert / random seed (0)")
    parser.add_argument("--actors", type=int, default=150, help="Anzahl Akteure (150)")
    parser.add_argument("--events", type=int, default=None, help="Anzahl Veranstaltungen")
    parser.add_argument("--referrals", type=int, default=None, help="Anzahl Verweiszeilen")
    parser.add_argument("--cards", type=int, default=None, help="Anzahl Karten der Börse")
    parser.add_argument("--name", default=None, help="Kurzname der Stadt (Standard: beispielstadt)")


def _cli_synth(args: argparse.Namespace) -> int:
    out = Path(args.out)
    existing = out / "datapackage.json"
    if existing.exists():
        try:
            synthetic = bool(json.loads(existing.read_text(encoding="utf-8")).get("synthetic"))
        except (ValueError, OSError):
            synthetic = False
        if not synthetic:
            print(
                f"netzwerk synth: {existing} ist keine synthetische Stadt; nicht überschrieben / "
                "not a synthetic city, refusing to overwrite",
                file=sys.stderr,
            )
            return 1
    t0 = time.perf_counter()
    print(f"Erzeuge synthetische Stadt / generating ({args.actors} Akteure) …", file=sys.stderr)
    try:
        city = generate_city(
            n_actors=args.actors,
            n_events=args.events,
            n_referral_rows=args.referrals,
            n_cards=args.cards,
            seed=args.seed,
            name=args.name or "beispielstadt",
        )
    except (TypeError, ValueError) as error:
        print(f"netzwerk synth: {error}", file=sys.stderr)
        return 2
    write_city(city, out)
    total = int(city.referrals["count"].sum())
    print(
        f"{city.name}: {len(city.actors)} Akteure, {len(city.events)} Veranstaltungen, "
        f"{len(city.participation)} Teilnahmen, {len(city.referrals)} Verweiszeilen "
        f"(Summe {total}), {len(city.resources)} Karten – synthetisch, Seed {args.seed} "
        f"→ {out} ({time.perf_counter() - t0:.1f} s)"
    )
    return 0
