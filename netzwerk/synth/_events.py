"""Synthetic events and participation: kinds, sizes, series, roles, the planted bridge and gap."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from netzwerk.synth._actors import _Actors, _fill, _largest_remainder, _unique
from netzwerk.synth._params import (
    _FUNDER_WEIGHT,
    _KINDS,
    _LARGE_KINDS,
    _MAX_EVENT_SIZE,
    BRIDGE,
    GAP_SECTORS,
    HUB,
    ROLES,
    SECTORS,
    SOURCE_ID,
    _kind_share,
    _size_scale,
)
from netzwerk.synth._words import (
    _BRIDGE_SERIES,
    _DISTRICTS,
    _FORUM_TOPICS,
    _KT_CORE,
    _KT_SERIES,
    _MOTTOS,
    _SERIES_NAMES,
)

# ---------------------------------------------------------------------------------------------
# Events and participation


def _wsample(
    rng: np.random.Generator, weights: np.ndarray, k: int, allowed: np.ndarray
) -> np.ndarray:
    """``k`` indices drawn without replacement with probability proportional to ``weights``."""
    candidates = np.flatnonzero(allowed & (weights > 0))
    if k <= 0 or candidates.size == 0:
        return np.empty(0, dtype=int)
    if k >= candidates.size:
        return rng.permutation(candidates)
    keys = rng.exponential(size=candidates.size) / weights[candidates]
    chosen = np.argpartition(keys, k - 1)[:k]
    return candidates[chosen[np.argsort(keys[chosen], kind="stable")]]


def _make_events(
    rng: np.random.Generator, actors: _Actors, n_events: int, y0: int, y1: int
) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    n = len(actors.ids)
    scale = _size_scale(n)
    lognormal = rng.lognormal(0.0, 0.8, size=n)
    activity = actors.sector_weight(3) * lognormal
    organiser = actors.sector_weight(1) * lognormal
    speaker = actors.sector_weight(2) * np.sqrt(lognormal)
    host = actors.sector_weight(5) * lognormal
    funder = np.array([_FUNDER_WEIGHT.get(SECTORS[c], 0.0) for c in actors.sector_code])
    funder[actors.index["stadtverwaltung"]] = 1.0
    for w in (organiser, speaker, host, funder):
        w[actors.aggregate] = 0.0
    activity[actors.index[HUB]] *= 5  # the integration office is everywhere
    # the counselling centre that bridges the MSOs is busy elsewhere too (a top broker)
    activity[actors.index[BRIDGE]] *= 4
    general = ~actors.group  # the bridged MSOs take part only in their own series
    excluded = {s: actors.sector_is(s) for s in GAP_SECTORS}
    neither_gap = ~excluded[GAP_SECTORS[0]] & ~excluded[GAP_SECTORS[1]]
    # the two gap sectors are active elsewhere, so that never meeting is a significant gap
    # (in a sparse town, two quiet sectors of eight could miss each other by chance)
    activity[~neither_gap] *= 1.5

    n_bridge = int(np.clip(round(0.06 * n_events), 3, 40))
    n_gremium = max(3, round(0.42 * n_events) - n_bridge)
    n_other = n_events - n_bridge - n_gremium
    kinds = list(_KINDS)
    kind_counts = dict(
        zip(
            kinds,
            _largest_remainder(np.array([_kind_share(k, n) for k in kinds]), n_other),
            strict=True,
        )
    )
    for k in ("fachtag", "konferenz"):  # every city has at least one of each
        if kind_counts[k] == 0 and n_other >= 2:
            donor = max(kind_counts, key=lambda x: kind_counts[x])
            kind_counts[donor] -= 1
            kind_counts[k] += 1

    ev: list[dict[str, Any]] = []  # title, kind, series, date parts, excluded sector
    members: list[np.ndarray] = []
    role_of: list[np.ndarray] = []

    def add_event(title, kind, series, day, precision, roster, roles, n_part=None):
        year, month, dom = int(day.year), int(day.month), int(day.day)
        if precision == "day":
            text = f"{year:04d}-{month:02d}-{dom:02d}"
        elif precision == "month":
            text = f"{year:04d}-{month:02d}"
        else:
            text = f"{year:04d}"
        host_idx = roster[roles == ROLES.index("host")]
        ev.append(
            {
                "title": title,
                "kind": kind,
                "date": text,
                "series": series,
                "venue_id": actors.ids[host_idx[0]] if host_idx.size else None,
                "n_participants": n_part,
                # sort by the first day the (partial) date can mean, as date_start does
                "_sort": (
                    year,
                    month if precision != "year" else 1,
                    dom if precision == "day" else 1,
                    title,
                ),
            }
        )
        members.append(np.asarray(roster, dtype=int))
        role_of.append(np.asarray(roles, dtype=np.int8))

    days = pd.date_range(f"{y0}-01-01", f"{y1}-12-31", freq="D")

    def random_day() -> pd.Timestamp:
        return days[rng.integers(len(days))]

    def series_days(k: int) -> list[pd.Timestamp]:
        span = max(1, min(len(days), int(rng.integers(2, 6)) * 365, k * 120))
        start = int(rng.integers(0, len(days) - span + 1)) if span < len(days) else 0
        step = span / k
        out = []
        for i in range(k):
            j = start + int(i * step + rng.integers(0, max(1, int(step * 0.3)) + 1))
            out.append(days[min(j, len(days) - 1)])
        return sorted(out)

    # -- the planted bridge series: the bridge and the bridged MSOs only
    bridge = actors.index[BRIDGE]
    group_idx = np.flatnonzero(actors.group)
    for i, day in enumerate(series_days(n_bridge)):
        if i == 0:
            attendees = group_idx
        else:
            attendees = group_idx[rng.random(group_idx.size) < 0.6]
            if attendees.size < 2:
                attendees = rng.choice(group_idx, size=2, replace=False)
        roster = np.concatenate([[bridge], attendees])
        roles = np.full(roster.size, ROLES.index("participant"))
        roles[0] = ROLES.index("organizer")
        if attendees.size > 2 and rng.random() < 0.3:
            roles[1] = ROLES.index("speaker")
        add_event(
            f"{_BRIDGE_SERIES} – {i + 1}. Sitzung",
            "gremium",
            _BRIDGE_SERIES,
            day,
            "day",
            roster,
            roles,
        )

    # -- Gremium series; the first is the Kompetenzteam, whose members link everything
    n_series = max(2, int(np.ceil(n_gremium / 20)))
    per_series = _largest_remainder(np.ones(n_series), n_gremium)
    kt_core = np.array([actors.index[a] for a in _KT_CORE])
    kt_allowed = general & neither_gap & ~actors.aggregate
    used_series: set[str] = {_KT_SERIES}
    for s in range(n_series):
        if s == 0:
            series = _KT_SERIES
            allowed = kt_allowed
            extra = _wsample(
                rng, activity, int(rng.integers(4, 8)), allowed & ~np.isin(np.arange(n), kt_core)
            )
            core = np.concatenate([kt_core, extra])
        else:
            series = _unique(
                _fill(_SERIES_NAMES[rng.integers(len(_SERIES_NAMES))], rng), used_series
            )
            gap = GAP_SECTORS[rng.integers(2)]
            allowed = general & ~excluded[gap] & ~actors.aggregate
            size = int(rng.integers(7, 15) * scale**0.25)
            chair = _wsample(rng, organiser, 1, allowed)
            core = np.concatenate(
                [chair, _wsample(rng, activity, size - 1, allowed & ~np.isin(np.arange(n), chair))]
            )
        for i, day in enumerate(series_days(max(1, per_series[s]))):
            if i == 0:
                attendees = core
            else:
                keep = rng.random(core.size) < 0.8
                keep[:2] = True
                attendees = core[keep]
                guests = _wsample(
                    rng,
                    activity,
                    int(rng.poisson(1.0)),
                    allowed & ~np.isin(np.arange(n), attendees),
                )
                attendees = np.concatenate([attendees, guests])
            roles = np.full(attendees.size, ROLES.index("participant"))
            roles[0] = ROLES.index("organizer")
            roles[1] = ROLES.index("chair")
            n_spk = min(int(rng.integers(0, 3)), attendees.size - 2)
            if n_spk:
                roles[attendees.size - n_spk :] = ROLES.index("speaker")
            add_event(
                f"{series} – {i + 1}. Sitzung", "gremium", series, day, "day", attendees, roles
            )

    # -- other events
    kt_set = np.zeros(n, dtype=bool)
    kt_set[kt_core] = True
    kt_set[bridge] = False  # an event with only the bridge would hang on the bridge alone
    first_of_kind: set[str] = set()
    n_open = 0
    for kind in kinds:
        _share, lo, hi, scalable, p_host, p_chair, (s_lo, s_hi), p_fund = _KINDS[kind]
        if scalable:
            # the top size grows with the city, the typical size hardly (see _kind_share too)
            lo, hi = int(round(lo * scale**0.25)), min(_MAX_EVENT_SIZE, int(round(hi * scale)))
        for _ in range(kind_counts[kind]):
            gap = GAP_SECTORS[rng.integers(2)]
            if n_open < 2:  # both kinds of event exist, so every actor fits one
                gap = GAP_SECTORS[n_open]
            n_open += 1
            allowed = general & ~excluded[gap]
            if kind not in _LARGE_KINDS:
                allowed = allowed & ~actors.aggregate
            if kind not in first_of_kind and kind in ("konferenz", "fachtag"):
                size = hi  # the largest event of its kind reaches the top size
                first_of_kind.add(kind)
            else:
                # larger cities: the size distribution grows a longer, thinner tail, so the
                # cooperation graph stays sparse (about 300,000 ties at 10,000 actors)
                size = lo + int(round((hi - lo) * rng.beta(1.2, 3.0 * scale**1.5)))
            size = min(size, int(allowed.sum()))
            taken = np.zeros(n, dtype=bool)
            parts: list[np.ndarray] = []
            roles: list[np.ndarray] = []

            def take(weights, k, role, allowed=allowed, taken=taken, parts=parts, roles=roles):
                chosen = _wsample(rng, weights, k, allowed & ~taken)
                taken[chosen] = True
                parts.append(chosen)
                roles.append(np.full(chosen.size, ROLES.index(role)))

            # a small meeting has one organiser and at least one other actor
            take(organiser, min(int(rng.choice([1, 1, 1, 2, 2, 3])), max(1, size - 1)), "organizer")
            if rng.random() < p_host:
                take(host, 1, "host")
            if rng.random() < p_chair:
                take(organiser, 1, "chair")
            take(speaker, int(rng.integers(s_lo, s_hi + 1)) if s_hi else 0, "speaker")
            if rng.random() < p_fund:
                take(funder, int(rng.choice([1, 1, 2])), "funder")
            if not taken[kt_set].any():  # link every event to the Kompetenzteam
                chosen = _wsample(rng, activity, 1, kt_set & allowed & ~taken)
                taken[chosen] = True
                parts.append(chosen)
                roles.append(np.full(chosen.size, ROLES.index("participant")))
            take(activity, size - int(taken.sum()), "participant")
            roster, role_codes = np.concatenate(parts), np.concatenate(roles)
            day = random_day()
            u = rng.random()
            precision = "month" if u < 0.12 else ("year" if u < 0.17 else "day")
            title = _event_title(kind, rng, day.year)
            n_part = None
            if kind in _LARGE_KINDS and rng.random() < 0.7:
                n_part = int(round(roster.size * rng.uniform(1.3, 2.5)))
            add_event(title, kind, None, day, precision, roster, role_codes, n_part)
            ev[-1]["_gap"] = gap
            ev[-1]["_cap"] = max(hi, roster.size)

    # -- every actor takes part somewhere: add those left out as participants
    attended = np.zeros(n, dtype=bool)
    for m in members:
        attended[m] = True
    open_events = [i for i, e in enumerate(ev) if "_gap" in e]
    sizes = np.array([members[i].size for i in open_events], dtype=float)
    open_gap = np.array([GAP_SECTORS.index(ev[i]["_gap"]) for i in open_events])
    open_large = np.array([ev[i]["kind"] in _LARGE_KINDS for i in open_events])
    open_cap = np.array([ev[i]["_cap"] for i in open_events])  # never above the kind's top size
    for a in np.flatnonzero(~attended & general):
        ok = np.ones(len(open_events), dtype=bool)
        for g, sector in enumerate(GAP_SECTORS):
            if excluded[sector][a]:
                ok &= open_gap != g
        if actors.aggregate[a] and (ok & open_large).any():
            ok &= open_large
        # weight by size (flatter in large cities, so big events do not absorb everyone)
        w = np.where(ok & (sizes < open_cap), sizes ** (1 / scale), 0.0)
        if w.sum() == 0:
            w = np.where(ok, sizes ** (1 / scale), 0.0)
        k = int(np.searchsorted(np.cumsum(w), rng.random() * w.sum(), side="right"))
        j = open_events[k]
        members[j] = np.append(members[j], a)
        sizes[k] += 1
        role_of[j] = np.append(role_of[j], ROLES.index("participant"))

    # chronological event ids
    order = sorted(range(len(ev)), key=lambda i: ev[i]["_sort"])
    number = 0
    for i in order:
        if "{n}" in ev[i]["title"]:
            number += 1
            ev[i]["title"] = ev[i]["title"].replace("{n}", str(number))
    width = max(3, len(str(len(ev))))
    events = pd.DataFrame(
        {
            "event_id": [f"ev-{k + 1:0{width}d}" for k in range(len(ev))],
            "title": [ev[i]["title"] for i in order],
            "kind": [ev[i]["kind"] for i in order],
            "date": [ev[i]["date"] for i in order],
            "status": "held",
            "series": [ev[i]["series"] for i in order],
            "venue_id": [ev[i]["venue_id"] for i in order],
            "n_participants": pd.array([ev[i]["n_participants"] for i in order], dtype="Int64"),
            "source_id": SOURCE_ID,
        }
    )
    position = np.empty(len(ev), dtype=int)
    position[order] = np.arange(len(ev))
    part = {
        "event": np.concatenate([np.full(m.size, position[i]) for i, m in enumerate(members)]),
        "actor": np.concatenate(members),
        "role": np.concatenate(role_of),
    }
    sort = np.lexsort((part["role"], part["actor"], part["event"]))
    return events, {k: v[sort] for k, v in part.items()}


def _event_title(kind: str, rng: np.random.Generator, year: int) -> str:
    pick = lambda options: options[rng.integers(len(options))]  # noqa: E731
    if kind == "fachtag":
        return f"Fachtag „{pick(_MOTTOS)}“, Beispielstadt {year}"
    if kind == "konferenz":
        return "{n}. Integrationskonferenz Beispielstadt"  # numbered once sorted by date
    if kind == "forum":
        return f"Praxisforum {pick(_FORUM_TOPICS)} in Beispielstadt"
    if kind == "workshop":
        return f"Workshop {pick(_FORUM_TOPICS)} (Beispielstadt)"
    if kind == "netzwerktreffen":
        topic = pick(("Sprachförderung", "Flüchtlingshilfe", "Quartier"))
        return f"Netzwerktreffen {topic} Beispielstadt-{pick(_DISTRICTS)}"
    if kind == "befragung":
        return f"Bestandsaufnahme Integrationsangebote Beispielstadt {year}"
    return f"Interkulturelles Fest Beispielstadt-{pick(_DISTRICTS)} {year}"


def _participation_frame(
    part: dict[str, np.ndarray], ids: np.ndarray, event_ids: np.ndarray
) -> pd.DataFrame:
    roles = np.array(ROLES, dtype=object)
    return pd.DataFrame(
        {
            "event_id": event_ids[part["event"]],
            "actor_id": ids[part["actor"]],
            "role": roles[part["role"]],
            "source_id": SOURCE_ID,
        }
    )
