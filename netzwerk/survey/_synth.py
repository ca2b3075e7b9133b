"""A synthetic network survey for a (synthetic) city, with planted structures to find."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from netzwerk.io import City
from netzwerk.survey._validate import ITEMS, TRUST_ITEMS, VALUE_ITEMS

__all__ = ["synthetic_survey", "write_survey_tables"]

_FREQ_BY_LEVEL = {
    1: ("seltener", "jaehrlich"),
    2: ("jaehrlich", "quartalsweise"),
    3: ("quartalsweise", "monatlich"),
    4: ("monatlich", "woechentlich"),
}


def _ranks(x: np.ndarray) -> np.ndarray:
    """Percentile ranks in (0, 1] (ties share the upper rank)."""
    if not len(x):
        return x.astype(float)
    order = np.argsort(np.argsort(x, kind="stable"), kind="stable")
    return (order + 1) / len(x)


def synthetic_survey(
    city: City,
    *,
    waves: Sequence[str | int] = ("2024", "2025"),
    nonresponse: float = 0.3,
    seed: int = 0,
) -> City:
    """A copy of ``city`` with a synthetic network survey (always labelled synthetic).

    Every non-aggregate actor is asked in every wave; ``nonresponse`` of them (rounded) do not
    answer, drawn anew per wave. A respondent names each partner it is tied to in the city's
    cooperation graph (events and referrals) with a probability that grows with the tie's
    strength (5 % + 90 % × its percentile rank squared), at a cooperation level that
    follows the same rank (1–4, with noise), and names a few random others at level 1
    (awareness). Value and trust ratings scatter around each partner's own "reputation"; about
    5 % of the items are left empty. From one wave to the next a fifth of the naming decisions
    and the respondents are drawn anew, so ties are gained and lost.

    Two structures are planted, in every wave, and recorded in ``meta["survey_planted"]``:

    ``unnamed_partner``
        The actor with the most event ties: it attends everything, but nobody names it and it
        does not answer itself (contact without cooperation).
    ``valued_untrusted``
        The actor with the second-most cooperation ties: named by at least five respondents,
        rated highly on value (items 4, sometimes 3) and low on trust (1 or 2).

    Parameters
    ----------
    city : City
        The city (usually :func:`netzwerk.synth.generate_city`); it is not modified.
    waves : sequence of str or int
        The survey waves, oldest first.
    nonresponse : float, default 0.3
        Share of actors that do not answer in a wave (0 ≤ nonresponse < 1).
    seed : int, default 0
        Random seed; the same seed gives the same survey.

    Returns
    -------
    City
        ``city`` with ``survey_respondents`` and ``survey_ties`` and ``meta`` extended by
        the recipe in ``description`` (the ``netzwerk survey synth`` command),
        ``survey_planted``, ``survey_seed`` and ``synthetic_survey: true``.

    See Also
    --------
    write_survey_tables : write the survey into the city's folder.

    Examples
    --------
    >>> from netzwerk.synth import generate_city
    >>> city = synthetic_survey(generate_city(n_actors=80, seed=1), seed=1)
    >>> sorted(set(city.survey_ties["wave"]))
    ['2024', '2025']
    >>> asked = city.survey_respondents.groupby("wave")["responded"].agg(["size", "sum"])
    >>> asked.loc["2024"].tolist()  # 78 asked, round(0.3 · 78) = 23 silent
    [78, 55]
    """
    from netzwerk.graph import cooperation_graph

    if not isinstance(city, City):
        raise TypeError(f"city must be a netzwerk City, got {type(city).__name__}")
    if isinstance(nonresponse, bool) or not isinstance(nonresponse, int | float):
        raise TypeError(f"nonresponse must be a number in [0, 1), got {nonresponse!r}")
    if not 0 <= nonresponse < 1:
        raise ValueError(f"nonresponse must lie in [0, 1), got {nonresponse!r}")
    waves = [str(w) for w in waves]
    if not waves or len(set(waves)) != len(waves):
        raise ValueError(f"waves must be distinct and at least one, got {waves!r}")
    rng = np.random.default_rng(seed)
    actors = city.actors
    roster = actors.loc[~actors["aggregate"].fillna(False).to_numpy(bool), "actor_id"]
    ids = roster.astype(str).to_numpy(dtype=object)
    n = len(ids)
    if n < 8:
        raise ValueError(f"the city has {n} named actors; a synthetic survey needs 8")
    code = {a: k for k, a in enumerate(ids)}
    G = cooperation_graph(city, layers=("events", "referrals"))
    edges = [(code[u], code[v], d["weight"], d["n_events"]) for u, v, d in G.edges(data=True)
             if u in code and v in code]  # fmt: skip
    u = np.array([e[0] for e in edges], dtype=np.int64)
    v = np.array([e[1] for e in edges], dtype=np.int64)
    rank = _ranks(np.array([e[2] for e in edges], dtype=float))
    has_event = np.array([e[3] > 0 for e in edges], dtype=bool)
    event_degree = np.bincount(np.r_[u[has_event], v[has_event]], minlength=n)
    degree = np.bincount(np.r_[u, v], minlength=n)
    unnamed = int(np.argmax(event_degree))
    order = np.argsort(-degree, kind="stable")
    untrusted = int(next(k for k in order if k != unnamed))
    reputation = rng.normal(2.9, 0.45, size=n)
    rows, resp_rows = [], []
    # both directions of every tie: respondent i about partner j
    src, dst, rk = np.r_[u, v], np.r_[v, u], np.r_[rank, rank]
    draw = rng.random(len(src))  # whether i names j; a fifth is redrawn from wave to wave
    shift = rng.choice([-1, 0, 0, 0, 1], len(src))
    for k_wave, wave in enumerate(waves):
        if k_wave:
            redraw = rng.random(len(src)) < 0.2
            draw[redraw] = rng.random(int(redraw.sum()))
            shift[redraw] = rng.choice([-1, 0, 0, 0, 1], int(redraw.sum()))
        silent = rng.choice(n, size=round(nonresponse * n), replace=False)
        answered = np.ones(n, dtype=bool)
        answered[silent] = False
        answered[unnamed] = False
        if answered.sum() < round((1 - nonresponse) * n):  # keep the rate when unnamed was drawn
            spare = np.flatnonzero(~answered & (np.arange(n) != unnamed))
            answered[rng.choice(spare, size=1)] = True
        resp_rows.append(pd.DataFrame({"wave": wave, "actor_id": ids, "responded": answered}))
        p = 0.05 + 0.9 * rk**2
        named = answered[src] & (draw < p)
        f, t, r = src[named], dst[named], rk[named]
        level = np.clip(np.ceil(r * 4).astype(int) + shift[named], 1, 4)
        # a few awareness ties outside the cooperation graph
        extra = int(0.02 * answered.sum() * n)
        ef = rng.choice(np.flatnonzero(answered), size=extra)
        et = rng.integers(0, n, size=extra)
        f, t = np.r_[f, ef], np.r_[t, et]
        level = np.r_[level, np.ones(extra, dtype=int)]
        # the planted structures
        keep = (t != unnamed) & (f != t)
        f, t, level = f[keep], t[keep], level[keep]
        raters = np.flatnonzero(answered & (np.arange(n) != untrusted))
        have = set(f[t == untrusted].tolist())
        need = [k for k in rng.permutation(raters) if k not in have][: max(0, 5 - len(have))]
        f = np.r_[f, np.array(need, dtype=np.int64)]
        t = np.r_[t, np.full(len(need), untrusted, dtype=np.int64)]
        level = np.r_[level, np.full(len(need), 3, dtype=int)]
        pairs = pd.DataFrame({"f": f, "t": t, "level": level}).drop_duplicates(["f", "t"])
        f, t, level = (pairs[c].to_numpy() for c in ("f", "t", "level"))
        m = len(f)
        base = np.clip(reputation[t][:, None] + rng.normal(0, 0.6, size=(m, 6)), 1, 4).round()
        base = base.astype(int)
        mask = t == untrusted
        base[mask, :3] = rng.choice([3, 4, 4, 4], size=(int(mask.sum()), 3))
        base[mask, 3:] = rng.choice([1, 2], size=(int(mask.sum()), 3))
        items = pd.DataFrame(base, columns=list(VALUE_ITEMS + TRUST_ITEMS)).astype("Int64")
        items = items.mask(rng.random(items.shape) < 0.05)
        pick = rng.integers(0, 2, size=m)
        frequency = [_FREQ_BY_LEVEL[lv][k] for lv, k in zip(level.tolist(), pick, strict=True)]
        ties = pd.DataFrame(
            {"wave": wave, "from_id": ids[f], "to_id": ids[t], "level": level,
             "frequency": frequency}
        )  # fmt: skip
        ties = pd.concat([ties, items[list(ITEMS)]], axis=1)
        rows.append(ties.sort_values(["from_id", "to_id"], ignore_index=True))
    respondents = pd.concat(resp_rows, ignore_index=True)
    ties = pd.concat(rows, ignore_index=True)
    typed = City.from_frames(survey_respondents=respondents, survey_ties=ties)
    meta = dict(city.meta)
    recipe = (
        f" Netzwerkbefragung: danach 'netzwerk survey synth OUT --seed {seed}' "
        f"(netzwerk.survey.synthetic_survey: Wellen {', '.join(str(w) for w in waves)}, "
        f"{round(100 * nonresponse)} % ohne Antwort; eingebaute Strukturen unter "
        "'survey_planted')."
    )
    description = str(meta.get("description") or "")
    if "netzwerk survey synth" not in description:  # the recipe names both commands, once
        meta["description"] = (description + recipe).strip()
    meta.update(
        synthetic=True,
        synthetic_survey=True,
        survey_seed=seed,
        survey_planted={
            "unnamed_partner": str(ids[unnamed]),
            "valued_untrusted": str(ids[untrusted]),
        },
    )
    return dataclasses.replace(
        city,
        survey_respondents=typed.survey_respondents,
        survey_ties=typed.survey_ties,
        meta=meta,
    )


def write_survey_tables(city: City, folder: str | Path) -> list[Path]:
    """Write a city's survey tables into its folder and update ``datapackage.json``.

    Parameters
    ----------
    city : City
        A city with survey tables (e.g. from :func:`synthetic_survey`).
    folder : str or Path
        The city folder (with ``datapackage.json``).

    Returns
    -------
    list of Path
        The written files.

    See Also
    --------
    netzwerk.synth.generate_city : The synthetic city the survey is for.
    import_survey : Reads real answers into the same tables.
    """
    from netzwerk._schema import SURVEY_TABLES, TABLES
    from netzwerk.io import write_datapackage
    from netzwerk.synth._write import _write_table

    folder = Path(folder)
    if not (folder / "datapackage.json").is_file():
        raise FileNotFoundError(f"{folder} is not a city folder (no datapackage.json)")
    written = []
    for table in SURVEY_TABLES:
        path = folder / f"{table}.csv"
        _write_table(getattr(city, table), TABLES[table].column_names, path)
        written.append(path)
    meta = {k: v for k, v in city.meta.items() if k not in ("resources", "profile")}
    written.append(write_datapackage(folder, meta))
    return written
