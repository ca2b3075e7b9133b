"""Real-world input: the spreadsheet template, attendance lists and case-management exports.

Evaluators rarely write data packages by hand. They have attendance lists typed by hand
("Caritas OF", "Caritasverband Offenbach e.V.", "Caritas-Verband Offenbach"), Excel sheets with
German dates and exports from case-management software with one row per client case. This
module turns them into rows of a city folder, repeatably and without personal data:

* :func:`write_template` writes an Excel workbook with one sheet per table, drop-down lists for
  every controlled column and a German instruction sheet (``netzwerk template``);
* :func:`import_attendance` adds ``participation`` rows from an attendance list
  (``netzwerk import attendance``);
* :func:`import_referrals` adds aggregated ``referrals`` rows from a case-level export
  (``netzwerk import referrals``).

Both importers match organisation names to the city's actors with :func:`match_names`
(normalisation by :func:`normalise_name`, fuzzy scores by rapidfuzz), apply confident matches,
list doubtful and new names for review and record every decision in ``aliases.csv`` in the city
folder (:func:`read_aliases`), so that importing the same list again needs no second review.
New actors are never created silently. Only the columns an importer needs are kept in memory
after reading; person names, e-mail addresses, phone numbers and client identifiers are never
written anywhere, and the importers say which columns they dropped.

Where to look:

- :mod:`netzwerk.importers._input` — reading input files as text (through :mod:`netzwerk._read`);
- :mod:`netzwerk.importers._names` — name normalisation, matching, ``aliases.csv``;
- :mod:`netzwerk.importers._common` — ``ImportResult``, review lists, decisions, appending rows;
- :mod:`netzwerk.importers._attendance` — attendance lists;
- :mod:`netzwerk.importers._referrals` — case-management exports;
- :mod:`netzwerk.importers._template` — the spreadsheet template and workbook → folder;
- :mod:`netzwerk.importers._cli` — ``netzwerk template`` and ``netzwerk import``.
"""

# The names marked noqa are private ones that other modules, tests and the command line take
# from ``netzwerk.importers``.
from netzwerk.importers._attendance import import_attendance
from netzwerk.importers._cli import (  # noqa: F401
    _cli_import,
    _cli_import_arguments,
    _cli_template,
    _cli_template_arguments,
)
from netzwerk.importers._common import (  # noqa: F401
    ImportResult,
    _create_table,
    read_decisions,
)
from netzwerk.importers._input import _read_input  # noqa: F401
from netzwerk.importers._names import (
    city_abbreviations,
    match_names,
    normalise_name,
    read_aliases,
)
from netzwerk.importers._referrals import import_referrals
from netzwerk.importers._template import workbook_to_folder, write_template

__all__ = [
    "ImportResult",
    "city_abbreviations",
    "import_attendance",
    "import_referrals",
    "match_names",
    "normalise_name",
    "read_aliases",
    "read_decisions",
    "workbook_to_folder",
    "write_template",
]
