"""The ``City`` object and the entry points ``validate`` and ``load_city``; the example city writer."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from netzwerk import _read
from netzwerk._read import ReadLimits
from netzwerk._schema import ALL_TABLES, TABLES, Column
from netzwerk.io._datapackage import write_datapackage
from netzwerk.io._files import _raw_from_city, _RawCity, _RawTable, _read_city, _series_text
from netzwerk.io._problems import DataError, Problem
from netzwerk.io._rules import _add_ranges, _check_city, _check_column, _emit, _empty_table

# ---------------------------------------------------------------------------------------------
# The City object and the public entry points
# ---------------------------------------------------------------------------------------------


@dataclass
class City:
    """A city's validated tables and metadata.

    Attributes
    ----------
    actors, events, participation, referrals, resources, sources : pandas.DataFrame
        The tables, with the columns of the data contract (DESIGN.md) in schema order: text as
        ``"string"``, whole numbers as ``"Int64"``, booleans as ``"boolean"`` (empty = false).
        Dates are ISO text at their own precision (``2020-03-05``, ``2020-03``, ``2020``,
        ``2021-Q2``). Optional tables are empty but present. ``events`` has
        ``date_start``/``date_end`` and ``referrals`` has ``period_start``/``period_end``
        (first and last day a partial date can mean).
    survey_respondents, survey_ties : pandas.DataFrame
        The optional network survey (see :mod:`netzwerk.survey`); empty without one.
    meta : dict
        The content of ``datapackage.json`` (or of the ``meta`` sheet of a workbook).
    path : Path or None
        Where the city was loaded from.
    """

    actors: pd.DataFrame
    events: pd.DataFrame
    participation: pd.DataFrame
    referrals: pd.DataFrame
    resources: pd.DataFrame
    sources: pd.DataFrame
    meta: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None
    # the optional network survey (netzwerk.survey); empty when the city has none
    survey_respondents: pd.DataFrame = field(
        default_factory=lambda: _empty_table("survey_respondents")
    )
    survey_ties: pd.DataFrame = field(default_factory=lambda: _empty_table("survey_ties"))

    @property
    def name(self) -> str:
        """The city's short name (``meta["name"]``, else the folder or workbook name)."""
        if "name" in self.meta:
            return str(self.meta["name"])
        if self.path is None:
            return "city"
        return self.path.stem if self.path.suffix else self.path.name

    @property
    def synthetic(self) -> bool:
        """True if the data are synthetic (``meta["synthetic"]``)."""
        return bool(self.meta.get("synthetic", False))

    @classmethod
    def from_frames(cls, meta: dict[str, Any] | None = None, **tables: pd.DataFrame) -> City:
        """Build a City from DataFrames (missing tables and columns are added empty).

        Values are typed as :func:`load_city` types them (text, numbers, datetimes and
        booleans are all accepted where they make sense); columns outside the schema are
        dropped. No cross-table checks are made: use :func:`validate` on the result for those.

        Parameters
        ----------
        meta : dict, optional
            The city's metadata (as in ``datapackage.json``).
        **tables : pandas.DataFrame
            Any of ``actors``, ``events``, ``participation``, ``referrals``, ``resources``,
            ``sources``. The inputs are not modified.

        Returns
        -------
        City

        Raises
        ------
        TypeError
            If a table name is unknown.
        DataError
            If a value cannot be typed (a count "3.5", a date "32.01.2020", …); ``.problems``
            names the table, row (index position + 2, as in a CSV export) and column.

        Examples
        --------
        >>> import pandas as pd
        >>> city = City.from_frames(actors=pd.DataFrame({"actor_id": ["a"], "name": ["A"],
        ...     "sector": ["mso"], "level": ["kommune"]}))
        >>> len(city.actors), len(city.events)
        (1, 0)
        >>> ev = City.from_frames(events=pd.DataFrame({"event_id": ["e"], "title": ["T"],
        ...     "kind": ["fachtag"], "date": ["05.03.2020"]})).events
        >>> ev.loc[0, "date"], ev.loc[0, "date_end"].date().isoformat()
        ('2020-03-05', '2020-03-05')
        """
        unknown = set(tables) - set(TABLES)
        if unknown:
            raise TypeError(f"unknown table(s) {sorted(unknown)}; expected {list(ALL_TABLES)}")
        frames: dict[str, pd.DataFrame] = {}
        problems: list[Problem] = []
        for name in ALL_TABLES:
            frame = tables.get(name)
            if frame is None:
                frames[name] = _empty_table(name)
                continue
            if not isinstance(frame, pd.DataFrame):
                raise TypeError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}")
            frames[name], more = _type_frame(name, frame)
            problems.extend(more)
        if problems:
            raise DataError(problems)
        return cls(**frames, meta=dict(meta or {}))


def _type_frame(name: str, frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    schema = TABLES[name]
    index = pd.RangeIndex(2, len(frame) + 2)
    text = pd.DataFrame(
        {c.name: _series_text(frame[c.name]) for c in schema.columns if c.name in frame.columns}
    )
    text.index = index
    raw = _RawTable(name, name, text)
    typed: dict[str, pd.Series] = {}
    ranges: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    problems: list[Problem] = []
    for col in schema.columns:
        values = text[col.name] if col.name in text else pd.Series("", index=index, dtype=object)
        plain = Column(col.name, col.type, minimum=col.minimum)
        result = _check_column(values, plain)
        for mask, code, params in result.issues:
            _emit(problems, raw, col.name, mask, code, params, values=values)
        typed[col.name] = result.typed
        if result.start is not None:
            ranges[col.name] = (result.start, result.end)
    return _add_ranges(name, pd.DataFrame(typed, index=index), ranges), problems


def _validate_path(
    path: Path, limits: ReadLimits | None = None
) -> tuple[list[Problem], City | None]:
    problems, city, _ = _validate_path_raw(path, limits)
    return problems, city


def _validate_path_raw(
    path: Path, limits: ReadLimits | None = None
) -> tuple[list[Problem], City | None, _RawCity]:
    raw_city = _read_city(path, limits or _read.DEFAULT_LIMITS)
    frames, problems = _check_city(raw_city)
    if any(p.severity == "error" for p in problems):
        return problems, None, raw_city
    meta = dict(raw_city.meta)
    city = City(**frames, meta=meta, path=path)
    return problems, city, raw_city


def validate(path_or_city: str | Path | City, *, limits: ReadLimits | None = None) -> list[Problem]:
    """Check a city and return every problem found (errors and warnings).

    Parameters
    ----------
    path_or_city : path or City
        A city folder, a single ``.xlsx`` workbook (see :func:`load_city`) or a :class:`City`.
        For a ``City`` the problems name the table instead of the file and count rows as a
        CSV export of the table would (first data row = 2); quotes are checked against
        ``city.path / "sources"`` when the city has a path.
    limits : ReadLimits, optional
        Upper bounds on file size, field length and workbook size (see :class:`ReadLimits`);
        raise them for very large cities.

    Returns
    -------
    list of Problem
        Empty when everything is in order. ``Problem.severity`` is ``"error"`` for what must
        be fixed and ``"warning"`` for what deserves a look. Errors come first; within each
        severity, problems are ordered by file and row.

    See Also
    --------
    load_city : Load the city once it is valid.
    Problem : One finding, with file, row, column and a fix.

    Notes
    -----
    The checks, each reported with file, row (header = row 1), column, value and what is
    expected:

    * files: ``datapackage.json`` missing or not JSON (error), ``synthetic`` missing (warning),
      a required table missing, a file that is empty, binary or in an unknown encoding;
    * columns: required columns missing (error), unknown columns (warning, ignored);
    * values: required values, whole numbers ≥ 0 (``3.5`` and ``-2`` are errors), booleans
      (``wahr``/``falsch``, ``ja``/``nein``, ``true``/``false``, ``1``/``0``), dates
      (``05.03.2020``, ``2020-03-05``, ``2020-03``, ``03.2020``, ``2020``; periods also
      ``2021-Q2``), short ids (slugs: ``a-z``, ``0-9``, ``-``, ``_``; a suggestion is made),
      controlled vocabularies with a did-you-mean suggestion (extended by a city's own
      ``vocabulary/`` folder);
    * tables: duplicate keys (the later row names the earlier), every foreign key (actor,
      event, source, parent, venue) with a did-you-mean on ids, ``parent_id`` cycles (the
      cycle is named);
    * evidence: every source file exists under ``sources/``; every ``quote`` appears literally
      in its source file. The comparison is exact except that every run of whitespace
      (spaces, tabs, line breaks) counts as one space and Unicode is NFC-normalised, so a
      quote copied across a line break still matches. OCR errors must be copied as they
      stand ("fiir" for "für");
    * coherence (warnings): an actor that appears in no participation, referral or resource
      card (a parent organisation counts as tied in through its departments), an event
      without participants, a referral to itself, a resource card whose attribution
      contradicts its ``actor_id``.

    All checks are vectorised (each runs once per distinct value of a column), so a million
    referral rows take seconds.

    Examples
    --------
    >>> import pandas as pd
    >>> city = City.from_frames(
    ...     meta={"name": "x", "synthetic": True},
    ...     actors=pd.DataFrame({"actor_id": ["a", "b"], "name": ["A", "B"],
    ...                          "sector": ["mso", "wohlfahrt"], "level": ["kommune"] * 2}),
    ...     referrals=pd.DataFrame({"from_id": ["a"], "to_id": ["c"],
    ...                             "field": ["arbeit"], "period": ["2020"]}))
    >>> for p in validate(city):
    ...     print(p.severity, p.file, p.row, p.column, p.value)
    error referrals 2 to_id c
    warning actors 3 actor_id b
    """
    if isinstance(path_or_city, City):
        _, problems = _check_city(_raw_from_city(path_or_city))
        return problems
    if not isinstance(path_or_city, str | Path):
        raise TypeError(f"path_or_city must be a path or a City, got {type(path_or_city).__name__}")
    return _validate_path(Path(path_or_city), limits)[0]


def load_city(path: str | Path, *, limits: ReadLimits | None = None) -> City:
    """Load and validate a city: a folder or a single ``.xlsx`` workbook.

    Parameters
    ----------
    path : str or Path
        Either a **city folder** with ``datapackage.json``, one file per table
        (``actors``, ``events``, ``participation``, ``sources``; optional ``referrals``,
        ``resources``) as ``<table>.csv`` or ``<table>.xlsx`` (the sheet named like the table,
        else the first sheet), or the file that a resource's ``path`` in ``datapackage.json``
        names; and ``sources/`` with the source texts. Or a single **workbook** ``*.xlsx``
        with one sheet per table (sheet names = table names) and the metadata in a sheet
        ``meta`` (two columns: key, value; ``true``/``false``/``wahr``/``falsch``, numbers
        and JSON lists are parsed) or, if the workbook has no ``meta`` sheet, in a
        ``datapackage.json`` beside it. Source texts then live in ``sources/`` beside the
        workbook.
    limits : ReadLimits, optional
        Upper bounds for reading (file size, CSV field length, workbook rows, columns, cells
        and inflated size); the defaults are in :class:`ReadLimits`.

    Returns
    -------
    City
        The typed tables (see :class:`City`); optional tables are empty but present.

    Raises
    ------
    DataError
        If the data have errors; ``.problems`` lists every problem found (errors and
        warnings), the same list :func:`validate` returns.

    See Also
    --------
    validate : The same checks without loading; every problem, not the first.
    netzwerk.graph.cooperation_graph : The graph built from the loaded city.

    Notes
    -----
    CSV files are read as German spreadsheet programs write them: the separator (``;``,
    ``,`` or tab) is taken from the header line, the encoding is UTF-8 (with or without BOM),
    UTF-16 with BOM or Windows-1252, detected in that order. A ``dialect.delimiter`` and an
    ``encoding`` that ``datapackage.json`` declares for a resource are used first; if the
    declared encoding does not fit the file, the detected one is used and a warning says so.
    Excel cells are normalised to the text a CSV export would show: whole numbers without
    ``.0``, booleans as ``true``/``false``, date cells as ISO dates at the precision of the
    cell's display format (``MMM YYYY`` → ``2020-03``). Leading empty rows and trailing empty
    rows are ignored; row numbers in problems stay those the spreadsheet shows.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from netzwerk.io import _write_example_city
    >>> folder = _write_example_city(pathlib.Path(tempfile.mkdtemp()))
    >>> city = load_city(folder)
    >>> len(city.actors), len(city.events), city.events.loc[0, "date"]
    (2, 1, '2020-03-05')
    """
    problems, city = _validate_path(Path(path), limits)
    if city is None:
        raise DataError(problems)
    return city


def _write_example_city(folder: Path) -> Path:
    """A two-actor city in ``folder/example`` (German CSV), for doctests."""
    city = folder / "example"
    (city / "sources").mkdir(parents=True)
    (city / "sources" / "press.txt").write_text(
        "Die AWO und der Verein Brücke luden am 5. März\n2020 zum Fachtag.", encoding="utf-8"
    )
    tables = {
        "sources": "source_id;file;title\npress;press.txt;Pressemitteilung\n",
        "actors": "actor_id;name;sector;level\nawo;AWO;wohlfahrt;kommune\n"
        "bruecke;Verein Brücke;mso;kommune\n",
        "events": "event_id;title;kind;date\nfachtag;Fachtag;fachtag;05.03.2020\n",
        "participation": "event_id;actor_id;role;source_id;quote\n"
        "fachtag;awo;organizer;press;Die AWO und\nfachtag;bruecke;organizer;press;"
        '"Verein Brücke luden am 5. März 2020"\n',
    }
    for name, text in tables.items():
        (city / f"{name}.csv").write_bytes(text.encode("cp1252"))
    write_datapackage(city, {"name": "example", "title": "Beispiel", "synthetic": True})
    return city
