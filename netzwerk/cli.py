"""The ``netzwerk`` command.

Each subcommand lives in the module that owns its work. The module defines two functions,
``_cli_<name>_arguments(parser)`` to add the subcommand's arguments and ``_cli_<name>(args) -> int``
to run it (``<name>`` with ``-`` as ``_``). Exit status: 0 success, 1 a finding the user must fix
(invalid data, a failed check), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

__all__ = ["main"]

#: subcommand → (module, help text)
COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("netzwerk.io", "Stadtdaten prüfen und zusammenfassen / check city data"),
    "synth": ("netzwerk.synth", "Synthetische Stadt erzeugen / generate a synthetic city"),
    "report": ("netzwerk.report._cli", "Bericht für eine Stadt erstellen / report for one city"),
    "reproduce": ("netzwerk.report._cli", "Berichte für alle Städte, mit --check / all cities"),
    "bench": ("netzwerk.bench", "Laufzeiten messen / benchmark every stage"),
    "template": ("netzwerk.importers", "Excel-Vorlage schreiben / write the spreadsheet template"),
    "import": ("netzwerk.importers", "Teilnahmelisten und Verweise importieren / import data"),
    "survey": ("netzwerk.survey._cli", "Netzwerkbefragung: Fragebogen, Codebuch / network survey"),
}


def _handlers(command: str):
    module_name, _ = COMMANDS[command]
    module = importlib.import_module(module_name)
    stem = command.replace("-", "_")
    return (getattr(module, f"_cli_{stem}_arguments", None), getattr(module, f"_cli_{stem}", None))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand.

    See Also
    --------
    main : Parses and runs.
    """
    parser = argparse.ArgumentParser(
        prog="netzwerk",
        description=(
            "Kooperationsnetzwerke in der kommunalen Integrationsarbeit analysieren. "
            "Cooperation networks in local integration work."
        ),
    )
    from netzwerk import __version__

    parser.add_argument("--version", action="version", version=f"netzwerk {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="bei unerwarteten Fehlern den Stack zeigen / traceback"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command, (_, help_text) in COMMANDS.items():
        sp = sub.add_parser(command, help=help_text, description=help_text)
        add_arguments, _run = _handlers(command)
        if add_arguments is not None:
            add_arguments(sp)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``netzwerk`` command; returns the exit status.

    See Also
    --------
    build_parser : The subcommands.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    _, run = _handlers(args.command)
    from netzwerk._read import CURRENT_FILE
    from netzwerk.io import DataError

    token = CURRENT_FILE.set(None)
    try:
        return int(run(args) or 0)
    except KeyboardInterrupt:  # pragma: no cover
        print("abgebrochen / interrupted", file=sys.stderr)
        return 130
    except DataError as exc:  # a finding the user must fix, raised by a command
        if args.debug:
            raise
        for p in exc.problems:
            print(f"  {'FEHLER ' if p.severity == 'error' else 'WARNUNG'} {p}", file=sys.stderr)
        return 1
    except Exception as exc:  # never a stack for the user: one line and a request
        if args.debug:
            raise
        where = CURRENT_FILE.get()
        at = f" (zuletzt gelesen: {where})" if where else ""
        print(
            f"netzwerk {args.command}: unerwarteter Fehler{at}: {type(exc).__name__}: "
            f"{str(exc)[:300]}. Das ist ein Fehler in netzwerk, bitte melden (mit dieser Zeile "
            "und der Ausgabe von 'netzwerk --debug …') / unexpected error, please report it",
            file=sys.stderr,
        )
        return 1
    finally:
        CURRENT_FILE.reset(token)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
