"""The cross-table rules of the survey tables, called by :func:`netzwerk.io.validate`.

Types, required values, vocabularies (``frequency``, ``field``), foreign keys to ``actors`` and
duplicate keys (one row per wave, respondent and partner) are checked by ``netzwerk.io`` from the
Table Schemas in ``netzwerk._schema``. This module adds what a schema cannot say:

* ``level`` lies in 0–4 and every value and trust item in 1–4;
* no organisation reports on itself (``from_id`` = ``to_id``);
* every ``from_id`` has ``responded = true`` in ``survey_respondents`` for the same wave (a
  report from an organisation that did not answer, or was not asked, is a data-entry slip).

Each problem names the file, the spreadsheet row, the column, the value and the fix. The checks
run once per distinct value (or distinct wave–respondent pair), so a million answer rows take a
moment.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["ITEMS", "LEVEL_RANGE", "SCALE_RANGE", "TRUST_ITEMS", "VALUE_ITEMS", "check_survey"]

#: The three value items (how much the partner brings) and three trust items (PARTNER tool).
VALUE_ITEMS: tuple[str, ...] = ("value_influence", "value_involvement", "value_resources")
TRUST_ITEMS: tuple[str, ...] = ("trust_reliability", "trust_mission", "trust_openness")
ITEMS: tuple[str, ...] = VALUE_ITEMS + TRUST_ITEMS
#: Allowed range of ``level`` (0 none … 4 integration) and of the items (1 … 4).
LEVEL_RANGE: tuple[int, int] = (0, 4)
SCALE_RANGE: tuple[int, int] = (1, 4)

_INT = re.compile(r"^\+?\d+$")
_TRUE = {"true", "wahr", "ja", "yes", "1", "x"}

_MESSAGES: dict[str, tuple[str, str]] = {
    "survey_range": (
        "Wert außerhalb der Skala; erlaubt sind ganze Zahlen von {low} bis {high}{empty_de}",
        "value outside the scale; allowed are whole numbers from {low} to {high}{empty_en}",
    ),
    "survey_self_tie": (
        "Organisation bewertet sich selbst (from_id = to_id); Zeile löschen",
        "organisation rates itself (from_id = to_id); delete the row",
    ),
    "survey_not_respondent": (
        "{n} Angabe(n) dieser Organisation in Welle {wave}, sie ist aber in "
        "survey_respondents nicht als antwortend eingetragen; dort eine Zeile wave={wave}, "
        "actor_id={actor}, responded=true ergänzen oder die Angaben löschen",
        "{n} answer(s) by this organisation in wave {wave}, but survey_respondents does not "
        "list it as responding; add a row wave={wave}, actor_id={actor}, responded=true there "
        "or delete the answers",
    ),
}


def _problem(code: str, file: str, row: Any, column: str, value: Any, **params: Any):
    from netzwerk.io import Problem

    de, en = _MESSAGES[code]
    return Problem(
        file, int(row), column, value, de.format(**params), "error", code, en.format(**params)
    )


def _out_of_range(values: pd.Series, low: int, high: int) -> np.ndarray:
    """Rows whose text is a whole number outside ``[low, high]`` (other text: io reports it)."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=False)
    bad_u = np.array(
        [bool(_INT.match(u)) and not low <= int(u) <= high for u in uniques], dtype=bool
    )
    return bad_u[codes] if len(bad_u) else np.zeros(len(values), dtype=bool)


def check_survey(raw_city: Any, problems: list) -> None:
    """Append the survey problems of ``raw_city`` (a ``netzwerk.io._RawCity``) to ``problems``.

    Parameters
    ----------
    raw_city : netzwerk.io._RawCity
        The city as read: every table as text, index = spreadsheet rows.
    problems : list of netzwerk.Problem
        Extended in place.
    """
    ties = raw_city.tables.get("survey_ties")
    if ties is None or not len(ties.frame):
        return
    frame = ties.frame
    for column, (low, high), empty in (
        ("level", LEVEL_RANGE, False),
        *((item, SCALE_RANGE, True) for item in ITEMS),
    ):
        if column not in frame:
            continue
        bad = _out_of_range(frame[column], low, high)
        for row, value in zip(frame.index[bad], frame[column].to_numpy()[bad], strict=True):
            problems.append(
                _problem(
                    "survey_range",
                    ties.file,
                    row,
                    column,
                    value,
                    low=low,
                    high=high,
                    empty_de=", leer = keine Angabe" if empty else "",
                    empty_en=", empty = not answered" if empty else "",
                )
            )
    if not {"wave", "from_id", "to_id"} <= set(frame.columns):
        return  # the missing columns are reported by netzwerk.io
    loop = ((frame["from_id"] != "") & (frame["from_id"] == frame["to_id"])).to_numpy()
    for row, value in zip(frame.index[loop], frame["to_id"].to_numpy()[loop], strict=True):
        problems.append(_problem("survey_self_tie", ties.file, row, "to_id", value))
    answered: set[tuple[str, str]] = set()
    resp = raw_city.tables.get("survey_respondents")
    if resp is not None and {"wave", "actor_id"} <= set(resp.frame.columns):
        r = resp.frame
        yes = (
            r["responded"].str.lower().isin(_TRUE)
            if "responded" in r
            else pd.Series(False, index=r.index)
        )
        answered = set(zip(r.loc[yes, "wave"], r.loc[yes, "actor_id"], strict=True))
    pairs = frame[["wave", "from_id"]]
    pairs = pairs[(pairs["wave"] != "") & (pairs["from_id"] != "")]
    counts = pairs.groupby(["wave", "from_id"], sort=False).size()
    first = (
        pd.Series(pairs.index, index=pairs.index)
        .groupby([pairs["wave"], pairs["from_id"]], sort=False)
        .min()
    )
    for (wave, actor), n in counts.items():
        if (wave, actor) not in answered:
            problems.append(
                _problem(
                    "survey_not_respondent",
                    ties.file,
                    first[(wave, actor)],
                    "from_id",
                    actor,
                    n=int(n),
                    wave=wave,
                    actor=actor,
                )
            )
