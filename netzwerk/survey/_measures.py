"""Measures of a network survey: response and confirmation, partner scores, agreement with the
other evidence, change between waves."""

from __future__ import annotations

from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from netzwerk.io import City
from netzwerk.survey._graph import (
    _check_rule,
    _check_wave_args,
    _resolve_wave,
    _wave_tables,
    survey_graph,
    survey_waves,
    symmetrise_survey,
)
from netzwerk.survey._validate import LEVEL_RANGE, SCALE_RANGE, TRUST_ITEMS, VALUE_ITEMS

__all__ = [
    "MIN_RATERS",
    "evidence_agreement",
    "evidence_crosstab",
    "partner_scores",
    "survey_change",
    "survey_summary",
]

#: Fewest raters behind a value or trust score that is shown (the suppression rule).
MIN_RATERS = 3


def _check_city(city: Any) -> None:
    if not isinstance(city, City):
        raise TypeError(f"city must be a netzwerk City, got {type(city).__name__}")


def _check_min_raters(min_raters: Any) -> int:
    if isinstance(min_raters, bool) or not isinstance(min_raters, int | np.integer):
        raise TypeError(f"min_raters must be a whole number >= 1, got {min_raters!r}")
    if min_raters < 1:
        raise ValueError(f"min_raters must be >= 1, got {min_raters!r}")
    return int(min_raters)


def survey_summary(city: City, *, min_level: int = 1) -> pd.DataFrame:
    r"""Per survey wave: response rate, ties reported, share confirmed, density by level.

    With :math:`N` organisations asked in a wave (rows of ``survey_respondents``), :math:`R`
    of them answering and :math:`a_k` the reports of level :math:`\ge k`:

    .. math::

        \text{response rate} = \frac{R}{N}, \qquad
        \text{density}_k = \frac{a_k}{R\,(N - 1)}, \qquad
        \text{share confirmed} = \frac{|\{i,j\}: \ell_{ij} \ge m,\ \ell_{ji} \ge m|}
        {|\{i,j\}: i, j \text{ answered},\ \ell_{ij} \ge m \text{ or } \ell_{ji} \ge m|}

    with :math:`m` = ``min_level``. :math:`R(N-1)` is the number of reports that were possible:
    each respondent could name each other organisation on the roster. The share confirmed
    counts only pairs in which both organisations answered, because only there could a tie
    be confirmed; it is the reciprocity of the reports (Wasserman & Faust [1]_, ch. 13).

    Parameters
    ----------
    city : City
        The city with its survey tables.
    min_level : int, default 1
        Lowest level that counts as a tie for ``ties_reported`` and the share confirmed.

    Returns
    -------
    pandas.DataFrame
        One row per wave (index ``wave``, oldest first), columns ``asked`` (:math:`N`),
        ``responded`` (:math:`R`), ``response_rate``, ``ties_reported`` (reports of level
        ≥ ``min_level``), ``pairs_both_answered`` (the denominator above), ``pairs_confirmed``,
        ``share_confirmed`` (NaN when the denominator is 0), ``density_1`` … ``density_4``
        (density of reports at level ≥ 1, …, ≥ 4; NaN when :math:`R(N-1) = 0`). Empty (with
        these columns) without a survey.

    See Also
    --------
    survey_change : Two waves compared.
    response_markdown : The sentences about the response.

    References
    ----------
    .. [1] Wasserman, S., & Faust, K. (1994). Social Network Analysis: Methods and
       Applications. Cambridge University Press.

    Examples
    --------
    Three organisations asked, two answered; ``a`` names ``b`` (level 3) and ``c`` (1), ``b``
    names ``a`` (2). Response rate 2/3; the pair a–b is confirmed, a–c cannot be (``c`` did not
    answer): share 1/1. Possible reports 2 · 2 = 4: density at level ≥ 1 is 3/4, ≥ 2 is 2/4,
    ≥ 3 is 1/4.

    >>> import pandas as pd
    >>> city = City.from_frames(
    ...     survey_respondents=pd.DataFrame({"wave": ["1"] * 3, "actor_id": ["a", "b", "c"],
    ...                                      "responded": [True, True, False]}),
    ...     survey_ties=pd.DataFrame({"wave": ["1"] * 3, "from_id": ["a", "a", "b"],
    ...                               "to_id": ["b", "c", "a"], "level": [3, 1, 2]}))
    >>> s = survey_summary(city)
    >>> s.loc["1", ["asked", "responded", "ties_reported", "pairs_confirmed"]].tolist()
    [3, 2, 3, 1]
    >>> s.loc["1", ["response_rate", "share_confirmed", "density_1", "density_2", "density_3"]
    ...       ].round(4).tolist()
    [0.6667, 1.0, 0.75, 0.5, 0.25]
    """
    _check_city(city)
    min_level = _check_wave_args(min_level)
    levels = range(max(1, LEVEL_RANGE[0]), LEVEL_RANGE[1] + 1)
    rows = []
    for wave in survey_waves(city):
        resp = city.survey_respondents
        asked_rows = resp.loc[(resp["wave"] == wave).fillna(False).to_numpy(dtype=bool)]
        asked = int(asked_rows["actor_id"].nunique())
        ties, responded = _wave_tables(city, wave, 0)
        n_resp = len(responded)
        possible = n_resp * (asked - 1)
        level = ties["level"].to_numpy(dtype=np.int64)
        row: dict[str, Any] = {
            "wave": wave,
            "asked": asked,
            "responded": n_resp,
            "response_rate": n_resp / asked if asked else np.nan,
            "ties_reported": int((level >= min_level).sum()),
        }
        named = ties.loc[level >= min_level]
        f, t = named["from_id"].astype(str), named["to_id"].astype(str)
        both = f.isin(responded) & t.isin(responded) & (f != t)
        arcs = set(zip(f[both], t[both], strict=True))
        pairs = {frozenset(a) for a in arcs}
        confirmed = sum(1 for a, b in arcs if a < b and (b, a) in arcs)
        row["pairs_both_answered"] = len(pairs)
        row["pairs_confirmed"] = confirmed
        row["share_confirmed"] = confirmed / len(pairs) if pairs else np.nan
        for k in levels:
            row[f"density_{k}"] = int((level >= k).sum()) / possible if possible > 0 else np.nan
        rows.append(row)
    columns = [
        "wave", "asked", "responded", "response_rate", "ties_reported", "pairs_both_answered",
        "pairs_confirmed", "share_confirmed", *(f"density_{k}" for k in levels),
    ]  # fmt: skip
    out = pd.DataFrame(rows, columns=columns).set_index("wave")
    for c in ("asked", "responded", "ties_reported", "pairs_both_answered", "pairs_confirmed"):
        out[c] = out[c].astype("int64")
    out.attrs = {"city": city.name, "min_level": min_level}
    return out


def _ratings(city: City, wave: str | None, min_level: int) -> pd.DataFrame:
    """One row per report of the wave: rater, partner, and the report's value and trust."""
    ties, _ = _wave_tables(city, wave, min_level)
    ties = ties.loc[(ties["from_id"] != ties["to_id"]).fillna(False).to_numpy(dtype=bool)]
    out = pd.DataFrame(
        {"rater": ties["from_id"].astype(str).to_numpy(), "actor_id": ties["to_id"].astype(str)}
    )
    for name, items in (("value", VALUE_ITEMS), ("trust", TRUST_ITEMS)):
        block = np.column_stack([ties[c].to_numpy(dtype="float64", na_value=np.nan) for c in items])
        answered = (~np.isnan(block)).sum(axis=1)
        total = np.nansum(block, axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            out[name] = np.where(answered > 0, total / np.maximum(answered, 1), np.nan)
    return out


def _shown_means(scores: pd.DataFrame, *, n_ratings: int) -> dict[str, Any]:
    """Network value and trust over the shown actors' ratings (weighted by their numbers).

    ``scores`` has the suppressed scores already set to NaN, so they cannot enter the means.
    """
    top = SCALE_RANGE[1]
    shown = scores.loc[scores["value"].notna() | scores["trust"].notna()]
    network: dict[str, Any] = {"n_ratings": int(n_ratings), "n_actors": len(shown)}
    for score, n in (("value", "n_value"), ("trust", "n_trust")):
        ok = shown[score].notna()
        weights = shown.loc[ok, n].to_numpy(dtype=float)
        mean = (
            float(np.average(shown.loc[ok, score].to_numpy(dtype=float), weights=weights))
            if weights.sum() > 0
            else float("nan")
        )
        network[n] = int(weights.sum())
        network[score] = mean
        network[f"{score}_pct"] = 100 * mean / top
    network["suppressed"] = bool(n_ratings) and not len(shown)
    return network


def partner_scores(
    city: City, *, wave: Any = None, min_raters: int = MIN_RATERS, min_level: int = 1
) -> pd.DataFrame:
    r"""How the others see each actor: mean value and trust as rated by its partners.

    Each report :math:`r` of a respondent about a partner (level ≥ ``min_level``) gives a value
    rating :math:`v_r`, the mean of its answered value items (influence, involvement,
    resources), and a trust rating :math:`t_r`, the mean of its answered trust items
    (reliability, shared mission, openness), all on 1–4. For actor :math:`j` with ratings
    :math:`R_j`:

    .. math::

        \text{value}_j = \frac{1}{|R^v_j|} \sum_{r \in R^v_j} v_r, \qquad
        \text{trust}_j = \frac{1}{|R^t_j|} \sum_{r \in R^t_j} t_r,

    over the ratings with at least one answered item (the PARTNER tool's value and trust scores
    [1]_, [2]_).

    **Suppression.** A score from fewer than ``min_raters`` raters is not shown (NaN) and the
    row says ``suppressed``: with one or two raters the score is one organisation's opinion of
    another, which the survey promised not to report. The number of raters is shown.

    **Network scores** are the means over the ratings of the *shown* actors only,

    .. math::

        \bar v = \frac{\sum_{j\ \text{shown}} n^v_j\, \text{value}_j}
                       {\sum_{j\ \text{shown}} n^v_j},

    also as a percentage of the scale's maximum, :math:`100 \cdot \bar v / 4`. A mean over all
    ratings would give a suppressed score away: with the shown scores, their numbers of
    ratings (``n_value``) and the numbers of ratings of the suppressed actor, a single hidden
    score follows by subtraction. Where no actor's score is shown, the network scores are NaN
    and ``suppressed`` says so; the mean over all ratings is not returned at all.

    Parameters
    ----------
    city : City
        The city with its survey tables.
    wave : str or int, optional
        The wave; None = the latest.
    min_raters : int, default 3
        Fewest raters for a score to be shown.
    min_level : int, default 1
        Lowest cooperation level of a report that counts as a rating.

    Returns
    -------
    pandas.DataFrame
        One row per actor (index ``actor_id``, every actor of the city), columns ``name``,
        ``sector``, ``n_raters`` (respondents that named the actor), ``n_value``, ``n_trust``
        (ratings with a value / trust answer), ``value``, ``trust`` (1–4; NaN when suppressed
        or unrated), ``suppressed`` (True when a score exists but is hidden). ``.attrs``:
        ``wave``, ``min_raters``, ``min_level`` and ``network`` (dict: ``n_ratings``, all
        ratings; ``n_actors``, ``n_value``, ``n_trust``, the shown actors and their ratings
        behind the means; ``value``, ``trust``, ``value_pct``, ``trust_pct``, the means over
        the shown actors' ratings, NaN when none is shown; ``suppressed``, True when there are
        ratings but no shown score).

    See Also
    --------
    netzwerk.survey.published_scores : The rows the report shows (suppressed actors dropped).
    netzwerk.survey.plot_survey_scores : Value against trust, shown actors only.

    References
    ----------
    .. [1] Varda, D. M., Chandra, A., Stern, S. A., & Lurie, N. (2008). Core dimensions of
       connectivity in public health collaboratives. Journal of Public Health Management
       and Practice, 14(5), E1–E7.
    .. [2] Varda, D. M., & Retrum, J. H. (2015). Collaborative performance as a function of
       network members' perceptions of success. Public Performance & Management Review,
       38(4), 632–653.

    Examples
    --------
    ``b`` is rated by ``a`` (value items 4, 4, 2 → 3.33; trust 3) and ``c`` (value 2 → 2;
    trust 4): value (3.33 + 2) / 2 = 2.67, trust 3.5. ``a``'s one rating (value 4) is hidden
    with ``min_raters=2``, so the network value is ``b``'s alone: 2.67 = 66.7 % of 4 (over all
    ratings it would be (3.33 + 2 + 4) / 3 = 3.11, and then ``a``'s 4 = 3 · 3.11 − 2 · 2.67).

    >>> import pandas as pd
    >>> city = City.from_frames(
    ...     actors=pd.DataFrame({"actor_id": ["a", "b", "c"], "name": ["A", "B", "C"],
    ...                          "sector": ["mso"] * 3, "level": ["kommune"] * 3}),
    ...     survey_respondents=pd.DataFrame({"wave": ["1"] * 3, "actor_id": ["a", "b", "c"],
    ...                                      "responded": [True] * 3}),
    ...     survey_ties=pd.DataFrame({"wave": ["1"] * 3, "from_id": ["a", "c", "b"],
    ...         "to_id": ["b", "b", "a"], "level": [2, 3, 2],
    ...         "value_influence": [4, 2, 4], "value_involvement": [4, None, None],
    ...         "value_resources": [2, None, None], "trust_reliability": [3, 4, None]}))
    >>> s = partner_scores(city, min_raters=2)
    >>> int(s.loc["b", "n_raters"]), s.loc["b", ["value", "trust"]].round(2).tolist()
    (2, [2.67, 3.5])
    >>> bool(s.loc["a", "suppressed"]), float(s.loc["a", "value"])
    (True, nan)
    >>> round(s.attrs["network"]["value_pct"], 1), s.attrs["network"]["n_value"]
    (66.7, 2)
    """
    _check_city(city)
    min_raters = _check_min_raters(min_raters)
    min_level = _check_wave_args(min_level)
    wave = _resolve_wave(city, wave)
    ratings = _ratings(city, wave, min_level)
    by = ratings.groupby("actor_id", sort=False)
    stats = pd.DataFrame(
        {
            "n_raters": by["rater"].nunique(),
            "n_value": by["value"].count(),
            "n_trust": by["trust"].count(),
            "value": by["value"].mean(),
            "trust": by["trust"].mean(),
        }
    )
    actors = city.actors.set_index(city.actors["actor_id"].astype(str))[["name", "sector"]]
    out = actors.join(stats, how="left")
    extra = stats.index.difference(actors.index)  # partners outside the actor table
    if len(extra):
        out = pd.concat([out, stats.loc[extra]])
    out.index.name = "actor_id"
    for c in ("n_raters", "n_value", "n_trust"):
        out[c] = out[c].fillna(0).astype("int64")
    few = out["n_raters"] < min_raters
    out["suppressed"] = few & (out["value"].notna() | out["trust"].notna())
    out.loc[few, ["value", "trust"]] = np.nan
    out.attrs = {
        "city": city.name,
        "wave": wave,
        "min_raters": min_raters,
        "min_level": min_level,
        "network": _shown_means(out, n_ratings=len(ratings)),
    }
    return out[["name", "sector", "n_raters", "n_value", "n_trust", "value", "trust", "suppressed"]]


def evidence_agreement(
    city: City, *, wave: Any = None, period: Any = None, rule: str = "either"
) -> pd.DataFrame:
    """For every pair tied in any layer: which kinds of evidence show the tie.

    The three kinds of evidence answer different questions: events show that organisations
    met, referrals that they passed on clients, the survey how they see their cooperation. A
    tie seen at events but named by neither organisation is contact without cooperation (or a
    partner that is overlooked); a referral route nobody mentions is cooperation that is not
    seen as such.

    Parameters
    ----------
    city : City
        The city.
    wave : str or int, optional
        Survey wave; None = the latest.
    period : optional
        Period of the events and referrals (as in :func:`netzwerk.cooperation_graph`).
    rule : {"either", "confirmed"}
        Survey symmetrisation (:func:`netzwerk.survey.symmetrise_survey`); with
        ``"confirmed"`` a one-sided report between two respondents counts as not named.

    Returns
    -------
    pandas.DataFrame
        One row per pair (``actor_a < actor_b``), columns ``actor_a``, ``actor_b``, ``events``,
        ``referrals`` (bool: tie in that layer), ``survey`` (``"confirmed"``, ``"one-sided"``,
        ``"reconstructed"`` or None), ``survey_level``, ``weight_events``, ``n_referrals``.
        :func:`evidence_crosstab` tabulates it.

    See Also
    --------
    evidence_crosstab : the shares a report states.

    Examples
    --------
    >>> import pandas as pd
    >>> city = City.from_frames(
    ...     actors=pd.DataFrame({"actor_id": ["a", "b", "c"], "name": ["A", "B", "C"],
    ...                          "sector": ["mso"] * 3, "level": ["kommune"] * 3}),
    ...     events=pd.DataFrame({"event_id": ["e"], "title": ["T"], "kind": ["fachtag"],
    ...                          "date": ["2024"]}),
    ...     participation=pd.DataFrame({"event_id": ["e"] * 3, "actor_id": ["a", "b", "c"],
    ...                                 "role": ["participant"] * 3}),
    ...     survey_respondents=pd.DataFrame({"wave": ["1"] * 3, "actor_id": ["a", "b", "c"],
    ...                                      "responded": [True] * 3}),
    ...     survey_ties=pd.DataFrame({"wave": ["1"] * 2, "from_id": ["a", "b"],
    ...                               "to_id": ["b", "a"], "level": [2, 3]}))
    >>> evidence_agreement(city)[["actor_a", "actor_b", "events", "survey"]]
      actor_a actor_b  events     survey
    0       a       b    True  confirmed
    1       a       c    True       None
    2       b       c    True       None
    """
    from netzwerk.graph import cooperation_graph

    _check_city(city)
    rule = _check_rule(rule)
    G = cooperation_graph(
        city,
        layers=("events", "referrals", "survey"),
        period=period,
        survey_rule=rule,
        survey_wave=wave,
    )
    rows = [
        (
            *sorted((u, v)),
            "events" in d["layers"],
            "referrals" in d["layers"],
            d["survey"],
            d["weight_survey"],
            d["weight_events"],
            d["n_referrals"],
        )
        for u, v, d in G.edges(data=True)
    ]
    columns = ["actor_a", "actor_b", "events", "referrals", "survey", "survey_level",
               "weight_events", "n_referrals"]  # fmt: skip
    out = pd.DataFrame(rows, columns=columns)
    out = out.sort_values(["actor_a", "actor_b"], ignore_index=True)
    out["survey"] = pd.Series(
        [None if pd.isna(x) else x for x in out["survey"]], index=out.index, dtype=object
    )
    out.attrs = {"city": city.name, "wave": _resolve_wave(city, wave), "rule": rule}
    return out


def evidence_crosstab(pairs: pd.DataFrame) -> pd.DataFrame:
    r"""How far the kinds of evidence agree: of the ties in each layer, how many the others show.

    Parameters
    ----------
    pairs : pandas.DataFrame
        :func:`evidence_agreement`.

    Returns
    -------
    pandas.DataFrame
        Index ``layer`` (``events``, ``referrals``, ``survey``), columns ``ties`` (pairs tied
        in the layer), ``in_events``, ``in_referrals``, ``survey_confirmed``,
        ``survey_one_sided``, ``survey_reconstructed``, ``in_survey`` (their sum) and
        ``share_in_events``, ``share_in_referrals``, ``share_in_survey`` (the counts divided
        by ``ties``; NaN for a layer without ties). "Of the ties seen at events, x % are
        named in the survey" is ``share_in_survey`` of the row ``events``.

    See Also
    --------
    agreement_table : The table the report shows.
    netzwerk.survey.symmetrise_survey : The survey ties compared.

    Examples
    --------
    >>> import pandas as pd
    >>> pairs = pd.DataFrame({"events": [True, True, True, False],
    ...                       "referrals": [True, False, False, True],
    ...                       "survey": ["confirmed", None, "one-sided", "reconstructed"]})
    >>> t = evidence_crosstab(pairs)
    >>> t.loc["events", ["ties", "in_referrals", "in_survey"]].tolist()
    [3, 1, 2]
    >>> round(float(t.loc["events", "share_in_survey"]), 3), int(t.loc["survey", "ties"])
    (0.667, 3)
    """
    for c in ("events", "referrals", "survey"):
        if c not in pairs.columns:
            raise ValueError(f"pairs must be a table from evidence_agreement; no column {c!r}")
    status = pairs["survey"]
    masks = {
        "events": pairs["events"].astype(bool).to_numpy(),
        "referrals": pairs["referrals"].astype(bool).to_numpy(),
        "survey": status.notna().to_numpy(),
    }
    rows = []
    for layer, mask in masks.items():
        sub = status[mask]
        n = int(mask.sum())
        row = {
            "layer": layer,
            "ties": n,
            "in_events": int((mask & masks["events"]).sum()),
            "in_referrals": int((mask & masks["referrals"]).sum()),
            "survey_confirmed": int((sub == "confirmed").sum()),
            "survey_one_sided": int((sub == "one-sided").sum()),
            "survey_reconstructed": int((sub == "reconstructed").sum()),
        }
        row["in_survey"] = (
            row["survey_confirmed"] + row["survey_one_sided"] + row["survey_reconstructed"]
        )
        for c in ("in_events", "in_referrals", "in_survey"):
            row[f"share_{c}"] = row[c] / n if n else np.nan
        rows.append(row)
    return pd.DataFrame(rows).set_index("layer")


def survey_change(
    city: City,
    *,
    before: Any = None,
    after: Any = None,
    rule: str = "either",
    min_raters: int = MIN_RATERS,
    group: str = "sector",
) -> pd.DataFrame:
    """Change between two survey waves: ties gained and lost, value and trust per actor.

    Ties are the symmetrised survey ties (:func:`netzwerk.survey.symmetrise_survey` with
    ``rule``) of each wave; scores are :func:`partner_scores` of each wave, so the suppression
    rule holds in both: a change is shown only when both scores are.

    Parameters
    ----------
    city : City
        The city with at least two survey waves.
    before, after : str or int, optional
        The waves; None = the second-to-last and the last.
    rule : {"either", "confirmed"}
        Survey symmetrisation.
    min_raters : int, default 3
        Suppression rule of :func:`partner_scores`.
    group : str, default "sector"
        Node attribute for the table of ties gained and lost between groups.

    Returns
    -------
    pandas.DataFrame
        One row per actor (index ``actor_id``): ``ties_before``, ``ties_after``,
        ``ties_gained``, ``ties_lost``, ``kept``; ``value_before``, ``value_after``,
        ``value_change``, ``trust_before``, ``trust_after``, ``trust_change`` (NaN where a
        score is suppressed). ``.attrs``: ``before``, ``after``, ``rule``, ``min_raters``,
        ``groups`` (:func:`netzwerk.compare_graphs` of the two tie graphs by ``group``) and
        ``pairs`` (one row per pair tied in either wave: ``actor_a``, ``actor_b``,
        ``change`` ∈ {``"gained"``, ``"lost"``, ``"kept"``}).

    Raises
    ------
    ValueError
        If the city has fewer than two waves, a wave is unknown, or ``before == after``.

    See Also
    --------
    change_markdown : The sentences about the change.
    survey_summary : One wave's response and confirmation.

    Examples
    --------
    >>> import pandas as pd
    >>> city = City.from_frames(
    ...     actors=pd.DataFrame({"actor_id": ["a", "b", "c"], "name": ["A", "B", "C"],
    ...                          "sector": ["mso"] * 3, "level": ["kommune"] * 3}),
    ...     survey_respondents=pd.DataFrame({"wave": ["1"] * 3 + ["2"] * 3,
    ...         "actor_id": ["a", "b", "c"] * 2, "responded": [True] * 6}),
    ...     survey_ties=pd.DataFrame({"wave": ["1", "2"], "from_id": ["a", "a"],
    ...                               "to_id": ["b", "c"], "level": [2, 2]}))
    >>> change = survey_change(city)
    >>> change[["ties_before", "ties_after", "ties_gained", "ties_lost"]].loc["a"].tolist()
    [1, 1, 1, 1]
    >>> change.attrs["pairs"].values.tolist()
    [['a', 'b', 'lost'], ['a', 'c', 'gained']]
    """
    from netzwerk.graph import compare_graphs

    _check_city(city)
    rule = _check_rule(rule)
    waves = survey_waves(city)
    if before is None and after is None:
        if len(waves) < 2:
            raise ValueError(f"survey_change needs two survey waves; {city.name} has {len(waves)}")
        before, after = waves[-2], waves[-1]
    before, after = _resolve_wave(city, before), _resolve_wave(city, after)
    if before == after:
        raise ValueError(f"before and after must be different waves, got {before!r} twice")
    G_b = symmetrise_survey(survey_graph(city, wave=before), rule=rule)
    G_a = symmetrise_survey(survey_graph(city, wave=after), rule=rule)
    t_b = {frozenset(e) for e in G_b.edges()}
    t_a = {frozenset(e) for e in G_a.edges()}
    pairs = pd.DataFrame(
        sorted(
            (*sorted(p), "kept" if p in t_a and p in t_b else "gained" if p in t_a else "lost")
            for p in t_a | t_b
        ),
        columns=["actor_a", "actor_b", "change"],
    )
    counts = pd.concat(
        [pairs[["actor_a", "change"]].rename(columns={"actor_a": "actor_id"}),
         pairs[["actor_b", "change"]].rename(columns={"actor_b": "actor_id"})]
    )  # fmt: skip
    per = pd.crosstab(counts["actor_id"], counts["change"]).reindex(
        columns=["gained", "lost", "kept"], fill_value=0
    )
    s_b = partner_scores(city, wave=before, min_raters=min_raters)
    s_a = partner_scores(city, wave=after, min_raters=min_raters)
    out = pd.DataFrame(index=s_a.index.union(s_b.index, sort=False))
    out.index.name = "actor_id"
    per = per.reindex(out.index, fill_value=0)
    out["ties_gained"], out["ties_lost"], out["kept"] = per["gained"], per["lost"], per["kept"]
    out["ties_before"] = out["kept"] + out["ties_lost"]
    out["ties_after"] = out["kept"] + out["ties_gained"]
    for score in ("value", "trust"):
        out[f"{score}_before"] = s_b[score].reindex(out.index)
        out[f"{score}_after"] = s_a[score].reindex(out.index)
        out[f"{score}_change"] = out[f"{score}_after"] - out[f"{score}_before"]
    out = out[
        ["ties_before", "ties_after", "ties_gained", "ties_lost", "kept", "value_before",
         "value_after", "value_change", "trust_before", "trust_after", "trust_change"]
    ]  # fmt: skip
    out.attrs = {
        "city": city.name,
        "before": before,
        "after": after,
        "rule": rule,
        "min_raters": min_raters,
        "groups": compare_graphs(nx.Graph(G_b), nx.Graph(G_a), group=group),
        "pairs": pairs,
    }
    return out
