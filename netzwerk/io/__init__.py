"""Reading and checking city data: tables, types, dates, the ``City`` object and ``validate``.

A city is a folder with ``datapackage.json`` (metadata and table descriptors), one file per table
(``actors.csv`` or ``actors.xlsx``, …) and the source documents under ``sources/``; or a single
``.xlsx`` workbook with one sheet per table (see :func:`load_city`).

Tables are read as text first, every check is made on the text, and only then are the columns
typed. That way every problem can name the file, the row as the spreadsheet shows it (the header is
row 1, the first data row is row 2), the column, the bad value and what would be right; and all
problems are reported at once instead of stopping at the first.

The checks are vectorised: each column is factorised and every test runs once per distinct value,
so a referral table of a million rows is checked in seconds. Python-level loops run only over
distinct values and over the rows that actually have a problem.

Where to look:

- :mod:`netzwerk.io._problems` — ``Problem``, ``DataError`` and the message texts;
- :mod:`netzwerk.io._dates` — partial dates;
- :mod:`netzwerk.io._files` — reading files and folders as text;
- :mod:`netzwerk.io._rules` — the validation rules and typing;
- :mod:`netzwerk.io._city` — ``City``, ``validate``, ``load_city``, the example city;
- :mod:`netzwerk.io._datapackage` — writing ``datapackage.json``;
- :mod:`netzwerk.io._cli` — ``netzwerk validate``.
"""

# The names marked noqa are private ones that other modules (and ``netzwerk validate``) take from
# ``netzwerk.io``.
from netzwerk._read import ReadLimits
from netzwerk.io._city import (
    City,
    _write_example_city,  # noqa: F401
    load_city,
    validate,
)
from netzwerk.io._cli import _cli_validate, _cli_validate_arguments  # noqa: F401
from netzwerk.io._datapackage import write_datapackage
from netzwerk.io._dates import parse_partial_date
from netzwerk.io._files import _from_issue, _RawCity, _read_text_file  # noqa: F401
from netzwerk.io._problems import DataError, Problem

__all__ = [
    "City",
    "DataError",
    "Problem",
    "ReadLimits",
    "load_city",
    "parse_partial_date",
    "validate",
    "write_datapackage",
]
