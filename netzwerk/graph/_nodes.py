"""The graphs' nodes: actor ids, departments collapsed into organisations, node attributes."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from netzwerk.io import City, DataError, Problem

_COLLAPSE = (None, "organisation")


def _unique(values: np.ndarray) -> np.ndarray:
    """Sorted unique values (by sorting: numpy's hash-based ``unique`` is slow on large ints)."""
    values = np.sort(values, kind="stable")
    if len(values) == 0:
        return values
    return values[np.r_[True, values[1:] != values[:-1]]]


@dataclass(frozen=True)
class _Actors:
    """Actor ids, their node (after collapse) and the node attributes."""

    ids: pd.Index  # actor_id of every actor row, in table order
    root: np.ndarray  # node code of each actor (index into node_ids)
    node_ids: np.ndarray  # object array: actor_id of each node
    node_rows: np.ndarray  # actor row of each node
    aggregate: np.ndarray  # bool per node


def _none(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def _actors(city: City, collapse: str | None) -> _Actors:
    if collapse not in _COLLAPSE:
        raise ValueError(f"collapse must be None or 'organisation', got {collapse!r}")
    actors = city.actors
    ids = pd.Index(actors["actor_id"].astype("string"))
    if ids.hasnans:
        rows = np.flatnonzero(ids.isna())
        raise DataError(
            [Problem("actors", int(r) + 2, "actor_id", None, "actor_id fehlt") for r in rows]
        )
    if not ids.is_unique:
        dup = ids[ids.duplicated()].unique()
        raise DataError(
            [Problem("actors", None, "actor_id", d, "actor_id ist doppelt") for d in dup]
        )
    n = len(ids)
    aggregate = actors["aggregate"].fillna(False).to_numpy(dtype=bool)
    if collapse is None:
        root = np.arange(n)
    else:
        parent = actors["parent_id"].astype("string")
        has_parent = parent.notna().to_numpy()
        code = ids.get_indexer(parent.fillna("").to_numpy(dtype=object))
        bad = has_parent & (code < 0)
        if bad.any():
            raise DataError(
                [
                    Problem("actors", int(r) + 2, "parent_id", parent.iloc[r], "unbekannter Akteur")
                    for r in np.flatnonzero(bad)
                ]
            )
        root = np.where(has_parent, code, np.arange(n))
        # pointer jumping: after k rounds every actor points 2**k levels up (or to its root)
        for _ in range(max(1, int(np.ceil(np.log2(n + 1)))) + 1):
            root = root[root]
        cyclic = root[root] != root
        cyclic |= has_parent & (root == np.arange(n))
        if cyclic.any():
            raise DataError(
                [
                    Problem(
                        "actors", int(r) + 2, "parent_id", parent.iloc[r], "Zirkel in parent_id"
                    )
                    for r in np.flatnonzero(cyclic)
                ]
            )
    node_rows, root = np.unique(root, return_inverse=True)
    node_ids = ids.to_numpy(dtype=object)[node_rows]
    return _Actors(ids, root.astype(np.int64), node_ids, node_rows, aggregate[node_rows])


def _node_attributes(
    city: City, actors: _Actors, *, collapse: str | None
) -> list[tuple[str, dict[str, Any]]]:
    table = city.actors
    cols = {
        c: [_none(v) for v in table[c].to_numpy(dtype=object)[actors.node_rows]]
        for c in ("name", "sector", "level", "parent_id", "size_estimate")
    }
    name = city.name
    departments: list[tuple[str, ...]] = [() for _ in actors.node_rows]
    if collapse is not None:
        ids = actors.ids.to_numpy(dtype=object)
        order = np.argsort(actors.root, kind="stable")
        members = np.split(ids[order], np.flatnonzero(np.diff(actors.root[order])) + 1)
        departments = [
            tuple(sorted(m for m in group if m != node))
            for group, node in zip(members, actors.node_ids, strict=True)
        ]
    nodes = []
    for k, node in enumerate(actors.node_ids):
        attrs: dict[str, Any] = {
            "name": cols["name"][k],
            "sector": cols["sector"][k],
            "level": cols["level"][k],
            "aggregate": bool(actors.aggregate[k]),
            "size_estimate": cols["size_estimate"][k],
            "parent_id": cols["parent_id"][k],
            "city": name,
        }
        if collapse is not None:
            attrs["departments"] = departments[k]
        nodes.append((str(node), attrs))
    return nodes
