"""Synthetic actors: organisations of every sector, departments, aggregates, the planted group."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from netzwerk.synth._params import _SECTOR_PARAMS, BRIDGE, GAP_SECTORS, SECTORS, SOURCE_ID
from netzwerk.synth._words import (
    _AGGREGATES,
    _DISTRICTS,
    _FIXED,
    _MOTTOS,
    _MSO_KINDS,
    _ORIGINS,
    _SAINTS,
    _SURNAMES,
    _TEMPLATES,
    _TOPIC_WORDS,
    _TOWN_PREFIXES,
    _TOWN_SUFFIXES,
    _TOWNS,
)

# ---------------------------------------------------------------------------------------------
# Actors


class _Actors:
    """Actor arrays used while generating (index = row in the actors table)."""

    def __init__(self, rows: list[dict[str, Any]], group: list[int]) -> None:
        n = len(rows)
        self.rows = rows
        self.ids = np.array([r["actor_id"] for r in rows], dtype=object)
        self.index = {a: i for i, a in enumerate(self.ids)}
        self.sector_code = np.array([SECTORS.index(r["sector"]) for r in rows])
        self.aggregate = np.array([r["aggregate"] for r in rows], dtype=bool)
        self.group = np.zeros(n, dtype=bool)
        self.group[group] = True
        parent = np.array([self.index.get(r["parent_id"], -1) for r in rows])
        root = np.arange(n)
        while True:  # follow parents up to the top organisation
            p = np.where(parent[root] >= 0, parent[root], root)
            if np.array_equal(p, root):
                break
            root = p
        self.root = root
        self.has_children = np.zeros(n, dtype=bool)
        self.has_children[parent[parent >= 0]] = True

    def sector_is(self, sector: str) -> np.ndarray:
        return self.sector_code == SECTORS.index(sector)

    def sector_weight(self, column: int) -> np.ndarray:
        values = np.array([_SECTOR_PARAMS[s][column] for s in SECTORS])
        return values[self.sector_code]

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "actor_id": self.ids,
                "name": [r["name"] for r in self.rows],
                "sector": [r["sector"] for r in self.rows],
                "level": [r["level"] for r in self.rows],
                "parent_id": [r["parent_id"] for r in self.rows],
                "aggregate": self.aggregate,
                "size_estimate": pd.array([r["size_estimate"] for r in self.rows], dtype="Int64"),
                "source_id": SOURCE_ID,
            }
        )


def _make_actors(rng: np.random.Generator, n: int) -> _Actors:
    n_group = int(np.clip(round(0.04 * n), 4, 40))
    n_agg = int(np.clip(round(n / 50), 2, 200))
    fixed_counts = {s: sum(1 for f in _FIXED if f[1] == s) for s in SECTORS}
    free = n - len(_FIXED) - n_group - n_agg
    shares = np.array([_SECTOR_PARAMS[s][0] for s in SECTORS])
    counts = dict(zip(SECTORS, _largest_remainder(shares, free), strict=True))
    for s in GAP_SECTORS:  # planted gap: both sectors reasonably large
        need = 12 - fixed_counts[s] - counts[s]
        while need > 0:
            donor = max(counts, key=lambda k: (counts[k], k) if k not in GAP_SECTORS else (-1, k))
            counts[donor] -= 1
            counts[s] += 1
            need -= 1

    towns = _towns(rng, n)
    rows: list[dict[str, Any]] = []
    used_names: set[str] = set()

    def add(actor_id, sector, level, name, parent=None, aggregate=False, size=None) -> None:
        name = _unique(name, used_names)
        rows.append(
            {
                "actor_id": actor_id,
                "name": name,
                "sector": sector,
                "level": level,
                "parent_id": parent,
                "aggregate": aggregate,
                "size_estimate": size,
            }
        )

    for key, sector, level, name, parent in _FIXED:
        add(key, sector, level, name, parent)
    width = max(3, len(str(n)))
    serial = dict.fromkeys(SECTORS, 0)

    def next_id(sector: str) -> str:
        serial[sector] += 1
        return f"{sector.replace('_', '-')}-{serial[sector]:0{width}d}"

    # Departments may hang below these roots (never below the bridge or the gap sectors).
    no_children = {BRIDGE, "stadtverwaltung", "dezernat-soziales", "dezernat-ordnung"}
    for sector in SECTORS:
        roots = [
            r["actor_id"]
            for r in rows
            if r["sector"] == sector and r["parent_id"] is None and r["actor_id"] not in no_children
        ]
        templates = _TEMPLATES[sector]
        by_id = {r["actor_id"]: r for r in rows}
        for _ in range(counts[sector]):
            for _attempt in range(10):  # prefer a name not used yet
                template, level = templates[rng.integers(len(templates))]
                parent = None
                if level.startswith("@"):
                    parent = level[1:]
                elif "{parent}" in template:
                    if not roots or sector in GAP_SECTORS:
                        template, level = next(t for t in templates if "{parent}" not in t[0])
                    else:
                        parent = roots[rng.integers(len(roots))]
                if parent is not None:
                    level = by_id[parent]["level"]
                    template = template.replace("{parent}", by_id[parent]["name"])
                name = _fill(template, rng, towns=towns)
                if name not in used_names:
                    break
            actor_id = next_id(sector)
            add(actor_id, sector, level, name, parent)
            by_id[actor_id] = rows[-1]
            if parent is None:
                roots.append(actor_id)

    group = []
    for _ in range(n_group):
        group.append(len(rows))
        add(
            next_id("mso"),
            "mso",
            "kommune",
            _fill("{origin} {mso_kind} {place} e.V.", rng, towns=towns),
        )
    for i in range(n_agg):
        sector, template = _AGGREGATES[i % len(_AGGREGATES)]
        k = int(rng.integers(10, 61))
        add(
            next_id(sector),
            sector,
            "kommune",
            _fill(template, rng, towns=towns, k=k),
            aggregate=True,
            size=k,
        )
    return _Actors(rows, group)


def _largest_remainder(shares: np.ndarray, total: int) -> list[int]:
    raw = shares / shares.sum() * total
    counts = np.floor(raw).astype(int)
    order = np.argsort(-(raw - counts), kind="stable")
    counts[order[: total - counts.sum()]] += 1
    return counts.tolist()


def _unique(name: str, used: set[str]) -> str:
    candidate, k = name, 1
    while candidate in used:
        k += 1
        candidate = f"{name} ({k})"
    used.add(candidate)
    return candidate


def _towns(rng: np.random.Generator, n_actors: int) -> tuple[str, ...]:
    """The region's municipalities besides Beispielstadt: more of them in larger regions."""
    k = int(np.clip(round(n_actors / 40), len(_TOWNS), len(_TOWN_PREFIXES) * len(_TOWN_SUFFIXES)))
    extra = [a + b for a in _TOWN_PREFIXES for b in _TOWN_SUFFIXES if a + b not in _TOWNS]
    return (*_TOWNS, *(extra[i] for i in rng.permutation(len(extra))))[:k]


def _fill(
    template: str, rng: np.random.Generator, *, towns: Sequence[str] = _TOWNS, **given: Any
) -> str:
    def pick(options: Sequence[str]) -> str:
        return options[rng.integers(len(options))]

    values = {
        "district": lambda: pick(_DISTRICTS),
        "town": lambda: pick(towns),
        "place": lambda: (
            "Beispielstadt" + ("" if rng.random() < 0.25 else "-" + pick(_DISTRICTS))
            if rng.random() < 0.7
            else pick(towns)
        ),
        "origin": lambda: pick(_ORIGINS),
        "origin_gen": lambda: pick(_ORIGINS).removesuffix("er") + "en",
        "mso_kind": lambda: pick(_MSO_KINDS),
        "surname": lambda: pick(_SURNAMES),
        "saint": lambda: pick(_SAINTS),
        "topic": lambda: pick(_TOPIC_WORDS),
        "motto": lambda: pick(_MOTTOS),
        "year": lambda: str(int(rng.integers(1890, 1990))),
    }
    out = template
    for key, make in values.items():
        if "{" + key + "}" in out:
            out = out.replace("{" + key + "}", make())
    for key, value in given.items():
        out = out.replace("{" + key + "}", str(value))
    return out
