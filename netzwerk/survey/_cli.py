"""``netzwerk survey``: the questionnaire of a survey wave (``template``) and its ``codebook``."""

from __future__ import annotations

import argparse
import sys

__all__: list[str] = []


def _cli_survey_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="survey_command", metavar="COMMAND")
    tpl = sub.add_parser(
        "template",
        help="Fragebogen als Excel-Arbeitsmappe / questionnaire workbook",
        description="Den Fragebogen einer Befragungswelle schreiben: je befragter Organisation "
        "ein Blatt mit allen anderen Akteuren und Auswahllisten, dazu eine Anleitung mit "
        "Datenschutzhinweis. / Write the roster questionnaire of a survey wave.",
    )
    tpl.add_argument("city", metavar="CITY", help="Stadtordner / city folder")
    tpl.add_argument("out", metavar="OUT.xlsx", help="Zieldatei / output workbook")
    tpl.add_argument("--wave", required=True, help="Befragungswelle, z. B. 2024 / survey wave")
    tpl.add_argument(
        "--layout", choices=("sheets", "long"), default="sheets",
        help="ein Blatt je Organisation oder ein langes Blatt / one sheet each or one long sheet",
    )  # fmt: skip
    tpl.add_argument("--force", action="store_true", help="vorhandene Datei überschreiben")
    book = sub.add_parser(
        "codebook",
        help="Codebuch (CSV) für LimeSurvey, SoSci Survey / codebook for survey tools",
        description="Eine Variable je Partner und Frage, mit Fragetext und Antwortcodes. / One "
        "variable per partner and item, with the question and the answer codes.",
    )
    book.add_argument("city", metavar="CITY", help="Stadtordner / city folder")
    book.add_argument("out", metavar="OUT.csv", help="Zieldatei / output file")
    book.add_argument("--force", action="store_true", help="vorhandene Datei überschreiben")
    syn = sub.add_parser(
        "synth",
        help="synthetische Befragung in einen Stadtordner schreiben / synthetic survey",
        description="Eine synthetische Netzwerkbefragung (zwei Wellen, rund 30 %% "
        "Nichtantwortende, eingebaute Strukturen) erzeugen und als survey_respondents.csv und "
        "survey_ties.csv in den Stadtordner schreiben. Nur für synthetische Städte. / Write a "
        "synthetic survey into a synthetic city's folder.",
    )
    syn.add_argument("city", metavar="CITY", help="Stadtordner / city folder")
    syn.add_argument("--seed", type=int, default=0, help="Startwert / random seed (0)")
    syn.add_argument("--waves", nargs="+", default=["2024", "2025"], help="Wellen / waves")
    syn.add_argument("--nonresponse", type=float, default=0.3, help="Anteil ohne Antwort (0.3)")
    for sp in (tpl, book, syn):
        sp.add_argument("--lang", choices=("de", "en"), default="de", help="Sprache / language")


def _cli_survey(args: argparse.Namespace) -> int:
    from netzwerk.io import DataError, load_city
    from netzwerk.survey._questionnaire import write_codebook, write_survey_template
    from netzwerk.survey._synth import synthetic_survey, write_survey_tables

    command = getattr(args, "survey_command", None)
    if command is None:
        print("netzwerk survey: template oder codebook angeben / give a command", file=sys.stderr)
        return 2
    try:
        city = load_city(args.city)
        if command == "template":
            out = write_survey_template(
                city, args.out, wave=args.wave, layout=args.layout, overwrite=args.force
            )
        elif command == "codebook":
            out = write_codebook(city, args.out, overwrite=args.force)
        else:
            if not city.synthetic:
                print(f"netzwerk survey synth: {args.city} is not synthetic; refusing to add "
                      "made-up answers to real data", file=sys.stderr)  # fmt: skip
                return 2
            surveyed = synthetic_survey(
                city, waves=args.waves, nonresponse=args.nonresponse, seed=args.seed
            )
            out = write_survey_tables(surveyed, args.city)[0].parent
            load_city(args.city)  # the folder still validates
    except DataError:  # netzwerk.cli.main prints each problem and exits with 1
        print(f"netzwerk survey {command}: {args.city}: Stadtdaten fehlerhaft / city data invalid:",
              file=sys.stderr)  # fmt: skip
        raise
    except (FileExistsError, FileNotFoundError, ValueError) as exc:
        print(f"netzwerk survey {command}: {exc}", file=sys.stderr)
        return 2
    print(f"{'geschrieben' if args.lang == 'de' else 'written'}: {out}")
    return 0
