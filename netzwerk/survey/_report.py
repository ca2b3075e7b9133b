"""The survey section of the city report: published tables, German text, key figures.

Everything the report shows about a network survey passes through :func:`published_scores`,
which applies the suppression rule once: an actor rated by fewer than ``min_raters``
organisations does not appear at all (no row, no point, no name), and the network-level value
and trust are means over the shown actors only, so no suppressed score can be worked out by
subtracting the shown ones from a total.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from netzwerk._dates import _de
from netzwerk._escape import md_text
from netzwerk.io import City
from netzwerk.survey._graph import survey_waves
from netzwerk.survey._measures import MIN_RATERS, _check_city, partner_scores

__all__ = [
    "agreement_markdown",
    "agreement_table",
    "change_markdown",
    "has_survey",
    "published_scores",
    "response_markdown",
    "scores_markdown",
    "survey_figures",
    "unnamed_partners",
]

_LAYER_DE = {
    "events": "bei Treffen sichtbar",
    "referrals": "durch Verweise belegt",
    "survey": "in der Befragung genannt",
}


def _pct(share: float) -> str:
    """A share as German percent text without decimals (``0.456`` → ``"46 %"``)."""
    if share is None or not np.isfinite(share):
        return "–"
    return f"{math.floor(100 * share + 0.5)} %"  # half up: 62.5 % → 63 %


def has_survey(city: City) -> bool:
    """Whether the city has a network survey (rows in ``survey_respondents`` or ``survey_ties``).

    See Also
    --------
    netzwerk.survey.survey_waves : The waves a city has.
    survey_figures : The key figures when there is a survey.

    Examples
    --------
    >>> has_survey(City.from_frames())
    False
    """
    _check_city(city)
    return bool(survey_waves(city))


def published_scores(city: City, *, wave: Any = None, min_raters: int = MIN_RATERS) -> pd.DataFrame:
    r"""The partner scores the report may show: only actors with at least ``min_raters`` raters.

    Rows of :func:`partner_scores` that are suppressed or unrated are dropped, so the table,
    the scatter plot and the CSV name no actor below the rule. The network-level scores in
    ``.attrs["network"]`` are the means over the shown ratings,

    .. math::

        \bar v = \frac{\sum_{j\ \text{shown}} n^v_j\, \text{value}_j}{\sum_{j\ \text{shown}} n^v_j},

    not over all ratings: with the mean over all ratings and the shown scores and their
    numbers of raters, a single suppressed score would follow by subtraction. The means are
    the ones :func:`partner_scores` returns, which computes no other.

    Parameters
    ----------
    city : City
        The city with its survey tables.
    wave : str or int, optional
        The wave; None = the latest.
    min_raters : int, default 3
        Fewest raters for a score to be shown.

    Returns
    -------
    pandas.DataFrame
        Index ``actor_id``, columns ``name``, ``sector``, ``n_raters``, ``value``, ``trust``,
        sorted by value (highest first). ``.attrs``: ``wave``, ``min_raters``, ``n_suppressed``
        (actors with a hidden score), ``network`` (``n_actors``, ``value``, ``trust``,
        ``value_pct``, ``trust_pct`` over the shown actors; NaN when none is shown).

    See Also
    --------
    netzwerk.survey.partner_scores : The scores, suppressed where too few rate.
    scores_markdown : The sentences about the published scores.

    Examples
    --------
    ``b`` is rated by three organisations (value 3, 3, 4; trust 2, 2, 2), ``a`` by one only:
    ``a`` is left out, and the network value is ``b``'s alone, (3 + 3 + 4) / 3 = 3.33.

    >>> city = City.from_frames(
    ...     actors=pd.DataFrame({"actor_id": list("abcd"), "name": list("ABCD"),
    ...                          "sector": ["mso"] * 4, "level": ["kommune"] * 4}),
    ...     survey_respondents=pd.DataFrame({"wave": ["1"] * 4, "actor_id": list("abcd"),
    ...                                      "responded": [True] * 4}),
    ...     survey_ties=pd.DataFrame({"wave": ["1"] * 4, "from_id": list("acdb"),
    ...         "to_id": list("bbba"), "level": [2] * 4, "value_influence": [3, 3, 4, 1],
    ...         "trust_reliability": [2, 2, 2, 1]}))
    >>> s = published_scores(city)
    >>> s.index.tolist(), s.attrs["n_suppressed"], round(s.attrs["network"]["value"], 2)
    (['b'], 1, 3.33)
    """
    scores = partner_scores(city, wave=wave, min_raters=min_raters)
    shown = scores.loc[
        (scores["n_raters"] >= min_raters) & (scores["value"].notna() | scores["trust"].notna())
    ]
    # the means over the shown actors only, as partner_scores computes them (no other mean
    # of the ratings exists that could leak a suppressed score)
    network = dict(scores.attrs["network"])
    out = shown[["name", "sector", "n_raters", "value", "trust"]].sort_values(
        ["value", "trust"], ascending=False, kind="stable"
    )
    out.attrs = {
        "city": city.name,
        "wave": scores.attrs["wave"],
        "min_raters": min_raters,
        "n_suppressed": int(scores["suppressed"].sum()),
        "network": network,
    }
    return out


def response_markdown(summary: pd.DataFrame) -> str:
    """German sentences on response and confirmation per wave (:func:`survey_summary`).

    See Also
    --------
    netzwerk.survey.survey_summary : The response figures described.
    survey_figures : The key figures of the survey section.

    Examples
    --------
    >>> s = pd.DataFrame({"asked": [10], "responded": [7], "response_rate": [0.7],
    ...     "ties_reported": [20], "pairs_both_answered": [8], "pairs_confirmed": [5],
    ...     "share_confirmed": [0.625]}, index=pd.Index(["2024"], name="wave"))
    >>> print(response_markdown(s))
    - **Welle 2024:** 7 von 10 befragten Organisationen haben geantwortet (70 %) und 20 Partner genannt. Von den 8 Paaren, in denen beide antworteten und mindestens eine die andere nannte, nannten sich in 5 (63 %) beide gegenseitig.
    """
    lines = []
    for wave, r in summary.iterrows():
        text = (
            f"- **Welle {md_text(wave)}:** {_de(int(r['responded']))} von {_de(int(r['asked']))} befragten "
            f"Organisationen haben geantwortet ({_pct(r['response_rate'])}) und "
            f"{_de(int(r['ties_reported']))} Partner genannt."
        )
        if r["pairs_both_answered"]:
            text += (
                f" Von den {_de(int(r['pairs_both_answered']))} Paaren, in denen beide antworteten "
                "und mindestens eine die andere nannte, nannten sich in "
                f"{_de(int(r['pairs_confirmed']))} ({_pct(r['share_confirmed'])}) beide gegenseitig."
            )
        lines.append(text)
    return "\n".join(lines)


def scores_markdown(scores: pd.DataFrame) -> str:
    """German sentences on value and trust (:func:`published_scores`).

    See Also
    --------
    published_scores : The table described.
    netzwerk.survey.plot_survey_scores : The figure of the same scores.

    Examples
    --------
    >>> s = pd.DataFrame({"value": [3.0]}).iloc[:0]
    >>> s.attrs = {"wave": "2024", "min_raters": 3, "n_suppressed": 4,
    ...            "network": {"n_actors": 0, "value_pct": float("nan")}}
    >>> print(scores_markdown(s))
    In Welle 2024 wurde keine Organisation von mindestens 3 anderen bewertet; Bewertungen werden deshalb nicht gezeigt.
    """
    a = scores.attrs
    net, k, hidden = a["network"], a["min_raters"], a["n_suppressed"]
    hidden_text = (
        f"{_de(hidden)} Organisation{'en' if hidden != 1 else ''} mit weniger Bewertungen "
        f"{'werden' if hidden != 1 else 'wird'}"
        if hidden
        else "keine Organisation hat weniger Bewertungen"
    )
    if not net["n_actors"]:
        return (
            f"In Welle {md_text(a['wave'])} wurde keine Organisation von mindestens {k} anderen "
            f"bewertet; Bewertungen werden deshalb nicht gezeigt."
        )
    return (
        f"In Welle {md_text(a['wave'])} bewerteten die Partner {_de(net['n_actors'])} "
        f"Organisation{'en' if net['n_actors'] != 1 else ''} "
        f"(je mindestens {k} Bewertungen; {hidden_text}"
        f"{' zum Schutz der Antwortenden nicht gezeigt' if hidden else ''}). Im Mittel erreichen sie beim Nutzen {_de(net['value'], 2)} von 4 "
        f"Punkten ({_de(net['value_pct'], 0)} %) und beim Vertrauen "
        f"{_de(net['trust'], 2)} ({_de(net['trust_pct'], 0)} %). Rechts unten in der "
        "Abbildung stehen Organisationen, deren Beitrag geschätzt wird, denen man aber wenig "
        "vertraut."
    )


def agreement_table(crosstab: pd.DataFrame) -> pd.DataFrame:
    """The layer agreement (:func:`evidence_crosstab`) as a German table for the report.

    See Also
    --------
    agreement_markdown : The sentences about the same table.
    netzwerk.survey.evidence_crosstab : Survey ties against event and referral ties.

    Examples
    --------
    >>> from netzwerk.survey import evidence_crosstab
    >>> pairs = pd.DataFrame({"events": [True, True, False], "referrals": [False, True, True],
    ...                       "survey": ["confirmed", None, "one-sided"]})
    >>> [str(x) for x in agreement_table(evidence_crosstab(pairs)).iloc[0]]
    ['bei Treffen sichtbar', '2', '2', '1', '1', '1']
    """
    out = pd.DataFrame(
        {
            "Verbindungen": [_LAYER_DE[layer] for layer in crosstab.index],
            "Anzahl": crosstab["ties"].astype(int).to_numpy(),
            "davon bei Treffen": crosstab["in_events"].astype(int).to_numpy(),
            "davon Verweise": crosstab["in_referrals"].astype(int).to_numpy(),
            "davon in der Befragung": crosstab["in_survey"].astype(int).to_numpy(),
            "davon gegenseitig bestätigt": crosstab["survey_confirmed"].astype(int).to_numpy(),
        }
    )
    return out


def unnamed_partners(pairs: pd.DataFrame, *, min_events: int = 3) -> pd.Series:
    """Actors met at events with at least ``min_events`` others whom the survey ties to nobody.

    Contact without cooperation: such an actor attends the meetings, but no respondent names
    it as a partner (and it names nobody, or did not answer).

    Parameters
    ----------
    pairs : pandas.DataFrame
        :func:`evidence_agreement`.
    min_events : int, default 3
        Fewest partners at events.

    Returns
    -------
    pandas.Series
        actor_id → number of partners at events, most first (ties by id).

    See Also
    --------
    netzwerk.survey.survey_summary : Response and confirmation.
    agreement_table : Survey ties against recorded ties.

    Examples
    --------
    >>> pairs = pd.DataFrame({"actor_a": ["a", "a", "a", "b"], "actor_b": ["b", "c", "d", "c"],
    ...     "events": [True, True, True, True], "survey": [None, None, None, "confirmed"]})
    >>> unnamed_partners(pairs).to_dict()
    {'a': 3}
    """
    long = pd.DataFrame(
        {
            "actor_id": pd.concat([pairs["actor_a"], pairs["actor_b"]], ignore_index=True),
            "events": pd.concat([pairs["events"], pairs["events"]], ignore_index=True),
            "survey": pd.concat([pairs["survey"], pairs["survey"]], ignore_index=True).notna(),
        }
    )
    per = long.groupby("actor_id")[["events", "survey"]].sum()
    hit = per.loc[(per["survey"] == 0) & (per["events"] >= min_events), "events"].astype("int64")
    hit = hit.reset_index().sort_values(["events", "actor_id"], ascending=[False, True])
    return hit.set_index("actor_id")["events"].rename("event_partners")


def agreement_markdown(
    crosstab: pd.DataFrame,
    *,
    unnamed: pd.Series | None = None,
    names: Mapping[Any, str] | None = None,
    top: int = 3,
) -> str:
    """Plain German sentences: of the ties in one kind of evidence, how many the others show.

    Parameters
    ----------
    crosstab : pandas.DataFrame
        :func:`evidence_crosstab`.
    unnamed : pandas.Series, optional
        :func:`unnamed_partners`: a last sentence names up to ``top`` actors that attend
        meetings but whom nobody names.
    names : mapping, optional
        actor_id → display name (escaped as Markdown text).
    top : int, default 3
        How many unnamed actors are named.

    Returns
    -------
    str
        A Markdown list, one sentence per kind of evidence with ties.

    See Also
    --------
    agreement_table : The table described.
    netzwerk.survey.evidence_crosstab : The shares stated.

    Examples
    --------
    >>> from netzwerk.survey import evidence_crosstab
    >>> pairs = pd.DataFrame({"events": [True, True, True, True, False],
    ...                       "referrals": [True, False, False, False, True],
    ...                       "survey": ["confirmed", None, "one-sided", None, None]})
    >>> print(agreement_markdown(evidence_crosstab(pairs)))
    - Von den 4 Verbindungen, die bei Treffen sichtbar sind, nennt die Befragung 50 % (2, davon 1 von beiden Seiten).
    - Von den 2 Verweiswegen nennt die Befragung 50 % (1).
    - Von den 2 Verbindungen, die in der Befragung genannt werden, sind 100 % auch bei Treffen sichtbar.
    """
    lines = []
    ev, ref, sv = (crosstab.loc[k] for k in ("events", "referrals", "survey"))
    if ev["ties"]:
        lines.append(
            f"- Von den {_de(int(ev['ties']))} Verbindungen, die bei Treffen sichtbar sind, nennt die "
            f"Befragung {_pct(ev['share_in_survey'])} ({_de(int(ev['in_survey']))}, davon "
            f"{_de(int(ev['survey_confirmed']))} von beiden Seiten)."
        )
    if ref["ties"]:
        lines.append(
            f"- Von den {_de(int(ref['ties']))} Verweiswegen nennt die Befragung "
            f"{_pct(ref['share_in_survey'])} ({_de(int(ref['in_survey']))})."
        )
    if sv["ties"]:
        lines.append(
            f"- Von den {_de(int(sv['ties']))} Verbindungen, die in der Befragung genannt werden, "
            f"sind {_pct(sv['share_in_events'])} auch bei Treffen sichtbar."
        )
    if unnamed is not None and len(unnamed):
        names = names or {}
        shown = [
            f"{md_text(names.get(a, a))} ({_de(int(n))} Partner bei Treffen)"
            for a, n in unnamed.head(top).items()
        ]
        lines.append(
            "- Bei Treffen präsent, in der Befragung von niemandem genannt: "
            + "; ".join(shown)
            + (f" und {len(unnamed) - top} weitere" if len(unnamed) > top else "")
            + ". Das kann Kontakt ohne Zusammenarbeit sein – oder ein übersehener Partner."
        )
    return "\n".join(lines) or "Keine der drei Quellen zeigt eine Verbindung."


def change_markdown(change: pd.DataFrame) -> str:
    """German sentences on the change between two waves (:func:`survey_change`).

    Only actors whose score is shown in both waves enter the named changes.

    See Also
    --------
    netzwerk.survey.survey_change : The change between two waves described.
    survey_figures : The key figures of the survey section.

    Examples
    --------
    >>> c = pd.DataFrame({"value_change": [0.5, float("nan")], "trust_change": [-1.0, 0.2]},
    ...                  index=pd.Index(["a", "b"], name="actor_id"))
    >>> c.attrs = {"before": "2024", "after": "2025", "pairs": pd.DataFrame(
    ...     {"change": ["gained", "gained", "lost", "kept"]})}
    >>> print(change_markdown(c))
    Von Welle 2024 zu Welle 2025 kamen 2 Verbindungen hinzu, 1 entfiel, 1 blieb bestehen. Bei 2 Organisationen lässt sich die Bewertung in beiden Wellen zeigen; im Mittel änderte sich der Nutzen um +0,50 und das Vertrauen um −0,40 Punkte.
    """
    a = change.attrs
    counts = a["pairs"]["change"].value_counts()
    gained, lost, kept = (int(counts.get(k, 0)) for k in ("gained", "lost", "kept"))
    text = (
        f"Von Welle {md_text(a['before'])} zu Welle {md_text(a['after'])} kamen {_de(gained)} "
        f"Verbindung{'en' if gained != 1 else ''} hinzu, {_de(lost)} entfiel"
        f"{'en' if lost != 1 else ''}, {_de(kept)} blieb{'en' if kept != 1 else ''} bestehen."
    )
    both = change[["value_change", "trust_change"]].notna().any(axis=1)
    if both.any():

        def signed(x: float) -> str:
            return ("+" if x >= 0 else "\u2212") + _de(abs(x), 2)

        text += (
            f" Bei {_de(int(both.sum()))} Organisation{'en' if both.sum() != 1 else ''} lässt sich "
            "die Bewertung in beiden Wellen zeigen; im Mittel änderte sich der Nutzen um "
            f"{signed(change['value_change'].mean())} und das Vertrauen um "
            f"{signed(change['trust_change'].mean())} Punkte."
        )
    return text


def survey_figures(
    summary: pd.DataFrame,
    scores: pd.DataFrame,
    crosstab: pd.DataFrame,
    change: pd.DataFrame | None = None,
    *,
    unnamed: pd.Series | None = None,
) -> dict[str, Any]:
    """The survey block of ``results.json`` (only published numbers).

    Parameters
    ----------
    summary, scores, crosstab, change
        :func:`survey_summary`, :func:`published_scores`, :func:`evidence_crosstab` and
        :func:`survey_change` (None with one wave).
    unnamed : pandas.Series, optional
        :func:`unnamed_partners`.

    Returns
    -------
    dict
        ``waves``, ``response_rate`` and ``share_confirmed`` (wave → share), ``scores`` (wave,
        ``min_raters``, ``n_shown``, ``n_suppressed``, network ``value``/``trust`` over the
        shown actors, ``low_trust_high_value``: shown actors with value ≥ 3 and trust < 2.5),
        ``agreement`` (shares from the crosstab, ``unnamed_partners``: ids of
        :func:`unnamed_partners`), ``change`` (ties gained, lost, kept) or None.

    See Also
    --------
    netzwerk.report.key_figures : Where these figures go in ``results.json``.
    published_scores : The scores counted.
    """
    a = scores.attrs
    flagged = scores[(scores["value"] >= 3) & (scores["trust"] < 2.5)]
    out: dict[str, Any] = {
        "waves": [str(w) for w in summary.index],
        "response_rate": {str(w): float(x) for w, x in summary["response_rate"].items()},
        "share_confirmed": {str(w): float(x) for w, x in summary["share_confirmed"].items()},
        "scores": {
            "wave": str(a["wave"]),
            "min_raters": int(a["min_raters"]),
            "n_shown": int(a["network"]["n_actors"]),
            "n_suppressed": int(a["n_suppressed"]),
            "value": float(a["network"]["value"]),
            "trust": float(a["network"]["trust"]),
            "low_trust_high_value": sorted(str(x) for x in flagged.index),
        },
        "agreement": {
            "events_named_in_survey": float(crosstab.loc["events", "share_in_survey"]),
            "referrals_named_in_survey": float(crosstab.loc["referrals", "share_in_survey"]),
            "survey_seen_at_events": float(crosstab.loc["survey", "share_in_events"]),
            "unnamed_partners": [] if unnamed is None else [str(a) for a in unnamed.index],
        },
        "change": None,
    }
    if change is not None:
        counts = change.attrs["pairs"]["change"].value_counts()
        out["change"] = {
            "before": str(change.attrs["before"]),
            "after": str(change.attrs["after"]),
            **{k: int(counts.get(k, 0)) for k in ("gained", "lost", "kept")},
        }
    return out
