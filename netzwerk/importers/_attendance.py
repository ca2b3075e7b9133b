"""Importing attendance lists as ``participation`` rows (``netzwerk import attendance``)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from netzwerk._schema import TABLES
from netzwerk.importers._common import (
    _ORG_HEADERS,
    ImportResult,
    _append_csv,
    _check_id,
    _count_unmatched,
    _dropped,
    _find_column,
    _load,
    _org_names,
    _report_notes,
    _resolve,
    _review_frame,
    _table_path,
    _write_review,
)
from netzwerk.importers._input import _read_input
from netzwerk.vocab import load_vocabulary

# Attendance lists
# ---------------------------------------------------------------------------------------------


def import_attendance(
    path: str | Path,
    city_dir: str | Path,
    *,
    event_id: str,
    role: str = "participant",
    source_id: str | None = None,
    column: str | None = None,
    sheet: str | None = None,
    decisions: Mapping[str, str | None] | None = None,
    accept_suggestions: bool = False,
    review_path: str | Path | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Add the organisations on an attendance list to ``participation.csv`` of a city.

    The list (CSV as a German spreadsheet program saves it, or XLSX) may have one row per
    person or per organisation and title lines above the header. The organisation column is
    found by its header (*Organisation*, *Einrichtung*, *Institution*, *Träger*, *Verein*,
    *Firma*, *Behörde*, *Dienststelle* …) or given. All other columns are dropped right after
    reading; those holding person names, e-mail addresses or phone numbers are named in
    ``dropped_columns``. E-mail addresses and phone numbers typed into the organisation
    column are removed from the names.

    Names are matched to actors with :func:`match_names`. Names with an actor (recorded
    alias, exact or confident match) give one participation row per actor (duplicates and
    several spellings of one organisation collapse): ``event_id``, ``actor_id``, ``role``,
    ``source_id``, empty ``quote``, ``inferred=false``. Rows already in the table are not
    written again. Doubtful and new names are listed for review, never turned into actors;
    decisions (``decisions``, ``accept_suggestions``) and confident matches are recorded in
    ``aliases.csv``, so importing the same list again applies them without a second review.

    Parameters
    ----------
    path : str or Path
        The attendance list (``.csv`` or ``.xlsx``).
    city_dir : str or Path
        The city folder; must load without errors (:func:`netzwerk.load_city`).
    event_id : str
        The event the list belongs to (in ``events``).
    role : str, default "participant"
        The role of every organisation on the list (vocabulary ``roles``).
    source_id : str, optional
        The source the rows cite (in ``sources``), e.g. the scanned list.
    column : str, optional
        The organisation column's header or 1-based number.
    sheet : str, optional
        The sheet of an XLSX list (default: the first).
    decisions : mapping, optional
        Name → actor_id for names to settle now; an empty id records "not an existing actor"
        (the name is then skipped without review).
    accept_suggestions : bool, default False
        Accept the suggested actor for every doubtful name.
    review_path : str or Path, optional
        Where to write the review list; default ``<list>_review.csv`` beside the list.
    dry_run : bool, default False
        Match and report, write nothing.

    Returns
    -------
    ImportResult

    Raises
    ------
    FileNotFoundError
        If the list or the city folder does not exist.
    ValueError
        If the event, role, source or a decided actor is unknown, no organisation column is
        found, or the city's participation table is not a CSV file.
    netzwerk.DataError
        If the city has data errors.

    See Also
    --------
    import_referrals : The same for case-management exports.
    read_decisions : Decisions on doubtful names from the review list.
    match_names : How names are matched to actors.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from netzwerk.io import _write_example_city
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> city = _write_example_city(tmp)
    >>> _ = (tmp / "liste.csv").write_text(
    ...     "Name;Einrichtung;E-Mail\\n"
    ...     "Anna Schulz;Arbeiterwohlfahrt;a.schulz@example.org\\n"
    ...     "Ben Ott;Verein Bruecke e.V.;b@example.org\\n"
    ...     "Eva Roth;Brücke;e@example.org\\n", encoding="utf-8")
    >>> result = import_attendance(tmp / "liste.csv", city, event_id="fachtag")
    >>> result.dropped_columns
    {'Name': 'name', 'E-Mail': 'email'}
    >>> result.matches[["name", "status", "actor_id"]].to_dict("records")[:2]
    [{'name': 'Arbeiterwohlfahrt', 'status': 'exact', 'actor_id': 'awo'}, {'name': 'Verein Bruecke e.V.', 'status': 'exact', 'actor_id': 'bruecke'}]
    >>> len(result.added), result.existing
    (2, 0)

    Importing the same list again changes nothing:

    >>> again = import_attendance(tmp / "liste.csv", city, event_id="fachtag")
    >>> len(again.added), again.existing, len(again.review)
    (0, 2, 0)
    """
    path = Path(path)
    folder, city = _load(city_dir)
    _check_id(event_id, city.events["event_id"].astype(str), "event_id")
    roles = load_vocabulary("roles", folder / "vocabulary")
    if role not in roles:
        raise ValueError(f"role {role!r} is not a role; expected one of {', '.join(roles.codes)}")
    _check_id(source_id, city.sources["source_id"].astype(str), "source_id")
    target = _table_path(folder, "participation")
    frame = _read_input(path, sheet=sheet, want=[*_ORG_HEADERS, *(c for c in [column] if c)])
    input_format = frame.attrs.get("format", "")
    org = _find_column(frame, column, _ORG_HEADERS, _ORG_HEADERS, "organisation")
    if org is None and frame.shape[1] == 1:
        org = frame.columns[0]
    if org is None:
        raise ValueError(
            f"{path.name}: no organisation column found among {', '.join(map(str, frame.columns))}"
            "; name it with column= (--column)"
        )
    dropped = _dropped(frame, [org])
    excluded: dict[str, int] = {}
    notes: dict[str, set[int]] = {}
    names = _org_names(frame[org], notes)
    del frame  # nothing but the organisation names stays in memory
    _report_notes(notes, excluded)
    names = names[names != ""]
    written: list[Path] = []
    m = _resolve(
        names,
        folder,
        city,
        decisions=decisions,
        accept_suggestions=accept_suggestions,
        dry_run=dry_run,
        written=written,
    )
    to_actor = dict(zip(m["name"], m["actor_id"], strict=True))
    actor_ids = pd.unique(names.map(to_actor).dropna().astype(str))
    existing_keys = set(
        zip(
            city.participation["event_id"].astype(str),
            city.participation["actor_id"].astype(str),
            city.participation["role"].astype(str),
            strict=True,
        )
    )
    rows = [
        {
            "event_id": event_id,
            "actor_id": a,
            "role": role,
            "source_id": source_id or "",
            "quote": "",
            "inferred": "false",
            "note": "",
        }
        for a in actor_ids
        if (event_id, a, role) not in existing_keys
    ]
    n_existing = len(actor_ids) - len(rows)
    _count_unmatched(m, names, excluded)
    if rows and not dry_run:
        _append_csv(target, rows)
        written.append(target)
    review = _review_frame(m)
    out_review = None
    if len(review) and not dry_run:
        out_review = Path(review_path) if review_path else path.with_name(f"{path.stem}_review.csv")
        written.append(_write_review(review, out_review))
    added = pd.DataFrame(rows, columns=TABLES["participation"].column_names)
    return ImportResult(
        kind="attendance",
        matches=m,
        added=added,
        existing=n_existing,
        review=review,
        dropped_columns=dropped,
        input_format=input_format,
        excluded_rows=excluded,
        written=written,
        review_path=out_review,
    )


# ---------------------------------------------------------------------------------------------
