"""The commands ``netzwerk template`` and ``netzwerk import attendance|referrals``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from netzwerk.importers._attendance import import_attendance
from netzwerk.importers._common import _NOT_AN_ACTOR, read_decisions
from netzwerk.importers._referrals import import_referrals
from netzwerk.importers._template import workbook_to_folder, write_template

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
        except DataError:  # netzwerk.cli.main prints each problem and exits with 1
            print(f"{prog}: {args.file}: Daten fehlerhaft / data invalid:", file=sys.stderr)
            raise
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
    except DataError:  # netzwerk.cli.main prints each problem and exits with 1
        print(f"{prog}: {args.city}: Stadtdaten fehlerhaft / city data invalid "
              f"(→ netzwerk validate {args.city}):", file=sys.stderr)  # fmt: skip
        raise
    except (ValueError, FileNotFoundError, TypeError) as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return 2
    print(result.summary(args.lang))
    if args.dry_run:
        print(
            "(Probelauf: nichts geschrieben)" if args.lang == "de" else "(dry run: nothing written)"
        )
    return 1 if result.needs_review else 0
