"""Cooperation graphs from events and referrals (two-mode graph, projection, referral layer).

The graphs every measure and report reads are built here, and the choices that shape them are
explicit parameters stored in ``G.graph``:

* :func:`two_mode_graph` — actors and events as a bipartite graph (edge attribute ``role``).
* :func:`cooperation_graph` — the undirected, weighted one-mode projection of the event layer
  (role- and size-aware), plus the referral layer, optionally per period, with departments
  collapsed into their organisation and aggregate actors kept or removed.
* :func:`referral_graph` — the directed referral graph with per-field counts.
* :func:`tie_evidence` — the rows of the data behind one tie ("why are these two connected?").
* :func:`compare_graphs` — ties gained, lost and kept between two graphs, per pair of sectors.
* :func:`period_bounds` — the period rule shared by all of them.

Construction is vectorised: the event layer is the sparse product
:math:`B\\,W\\,B^\\top` of an actors × events incidence matrix of role weights, and the
per-tie event lists come from a numpy pair–event table; no Python loop runs over pairs of actors.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import gc
import math
from collections.abc import Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from netzwerk.io import City, DataError, Problem, parse_partial_date
from netzwerk.vocab import load_vocabulary

__all__ = [
    "DEFAULT_STATUSES",
    "EVENT_STATUSES",
    "LAYERS",
    "WEIGHTINGS",
    "compare_graphs",
    "cooperation_graph",
    "default_role_weights",
    "period_bounds",
    "referral_graph",
    "tie_evidence",
    "two_mode_graph",
]

#: Weighting schemes of the event layer of :func:`cooperation_graph`.
WEIGHTINGS: tuple[str, ...] = ("count", "newman", "jaccard")
#: Layers of :func:`cooperation_graph` (``"survey"``: :mod:`netzwerk.survey`, not by default).
LAYERS: tuple[str, ...] = ("events", "referrals", "survey")
_COLLAPSE = (None, "organisation")
_EVENT_SIZES = ("actors", "documented")

Period = int | str | tuple[Any, Any] | None


def _unique(values: np.ndarray) -> np.ndarray:
    """Sorted unique values (by sorting: numpy's hash-based ``unique`` is slow on large ints)."""
    values = np.sort(values, kind="stable")
    if len(values) == 0:
        return values
    return values[np.r_[True, values[1:] != values[:-1]]]


# --------------------------------------------------------------------------------------------
# Parameters: role weights and periods
# --------------------------------------------------------------------------------------------


def default_role_weights(city: City | None = None) -> dict[str, float]:
    r"""Default weight of each participation role, from the ``roles`` vocabulary.

    The weights live in ``data/vocabulary/roles.csv`` (column ``weight``); a city may add roles in
    its own ``vocabulary/roles.csv``.

    Parameters
    ----------
    city : City, optional
        A city whose ``vocabulary/`` folder extends the bundled vocabulary.

    Returns
    -------
    dict
        Role code → weight (a float in [0, 1]).

    Notes
    -----
    The bundled defaults are organizer, host, funder and chair 1.0, speaker 0.6 and participant
    0.3: whoever shapes an event (organising, hosting, funding, chairing) is taken to cooperate
    more with the others present than someone who speaks, and a speaker more than someone who
    sits in the audience. These numbers are this project's documented convention, not an
    estimate from data; see :func:`cooperation_graph` for how they enter a tie's weight, and pass
    your own ``role_weights`` to test how much the results depend on them.

    The weights enter a tie between :math:`a` and :math:`b` as the product of their roles
    at each shared event :math:`e`,

    .. math::

       w_{ab} = \sum_{e \in E(a) \cap E(b)} w(r_{ae})\, w(r_{be})\, f(n_e),

    with :math:`f(n_e)` the event-size factor of the weighting scheme (:math:`1/(n_e - 1)`
    for ``"newman"``).

    References
    ----------
    .. [1] Newman, M. E. J. (2001). Scientific collaboration networks. II. Shortest paths,
       weighted networks, and centrality. Physical Review E, 64, 016132.
    .. [2] Borgatti, S. P., & Everett, M. G. (1997). Network analysis of 2-mode data. Social
       Networks, 19(3), 243–269.

    Examples
    --------
    >>> weights = default_role_weights()
    >>> weights["organizer"], weights["speaker"], weights["participant"]
    (1.0, 0.6, 0.3)
    """
    extra = None
    if city is not None and city.path is not None:
        extra = city.path / "vocabulary"
    table = load_vocabulary("roles", extra_dir=extra).table
    if "weight" not in table.columns:
        return dict.fromkeys(table.index, 1.0)
    weights = pd.to_numeric(table["weight"].replace("", np.nan), errors="coerce").fillna(1.0)
    return {str(code): float(w) for code, w in weights.items()}


def _resolve_role_weights(
    role_weights: Mapping[str, float] | str | None, city: City | None
) -> dict[str, float]:
    weights = default_role_weights(city)
    if role_weights is None:
        return weights
    if isinstance(role_weights, str):
        if role_weights != "equal":
            raise ValueError(
                f"role_weights must be a mapping, 'equal' or None, got {role_weights!r}"
            )
        return dict.fromkeys(weights, 1.0)
    if not isinstance(role_weights, Mapping):
        raise TypeError(
            f"role_weights must be a mapping role → weight, 'equal' or None, "
            f"got {type(role_weights).__name__}"
        )
    for role, w in role_weights.items():
        if isinstance(w, bool) or not isinstance(w, int | float | np.number):
            raise TypeError(f"role_weights[{role!r}] must be a number, got {w!r}")
        if not math.isfinite(float(w)) or float(w) < 0:
            raise ValueError(f"role_weights[{role!r}] must be finite and >= 0, got {w!r}")
        weights[str(role)] = float(w)
    return weights


def _to_timestamp(value: Any, *, end: bool, name: str) -> pd.Timestamp | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise TypeError(f"{name} must be a year, a date or a date string, got {value!r}")
    if isinstance(value, int | np.integer):
        value = f"{int(value):04d}"
    if isinstance(value, str):
        try:
            _, start, stop = parse_partial_date(value)
        except ValueError:
            raise ValueError(
                f"{name} must be a date like 2019, 2019-06, 2019-Q2 or 2019-06-30, got {value!r}"
            ) from None
        return stop if end else start
    if isinstance(value, _dt.date | np.datetime64 | pd.Timestamp):
        stamp = pd.Timestamp(value)
        if pd.isna(stamp):
            return None
        return stamp.normalize()
    raise TypeError(f"{name} must be a year, a date or a date string, got {value!r}")


def period_bounds(period: Period) -> tuple[pd.Timestamp | None, pd.Timestamp | None] | None:
    r"""First and last day of a ``period`` argument.

    Parameters
    ----------
    period : int, str, (start, end) or None
        ``None`` (no restriction); a year (``2019``); a partial date string (``"2019"``,
        ``"2019-Q2"``, ``"2019-06"``, ``"2019-06-30"``), meaning every day it can mean; or a pair
        ``(start, end)`` of years, date strings, dates or ``None`` (open end). A partial date as
        ``start`` counts from its first day, as ``end`` up to its last day.

    Returns
    -------
    tuple or None
        ``(first_day, last_day)`` as :class:`pandas.Timestamp` (either may be None for an open
        end), or None when ``period`` is None.

    Raises
    ------
    TypeError
        If ``period`` is of another type.
    ValueError
        If a date cannot be parsed or the period ends before it starts.

    Notes
    -----
    **The period rule.** An event or a referral row is dated by a range of days
    (``date_start`` … ``date_end``; one day for an exact date, a month, quarter or year for a
    partial one). It belongs to a period if the *midpoint* of that range lies inside the period
    (both ends included). So an event dated ``"2019"`` belongs to the year 2019 (its midpoint is
    2 July 2019) but not to the window 2019-01-01 … 2019-06-30, an event dated ``"2019-06"``
    belongs to that window, and a referral count for ``"2019-Q4"`` belongs to 2019. Because
    every dated row has exactly one midpoint, consecutive, non-overlapping periods split the
    data without counting a row twice or losing it. Rows without a date belong to no period (and
    are used only when ``period`` is None).

    In formulas: a row dated :math:`[d_0, d_1]` belongs to the period :math:`[p_0, p_1]` if

    .. math::

       p_0 \le d_0 + \tfrac{1}{2}(d_1 - d_0) \le p_1 .

    References
    ----------
    .. [1] Law, C. G., & Brookmeyer, R. (1992). Effects of mid-point imputation on the
       analysis of doubly censored data. Statistics in Medicine, 11(12), 1569–1578.

    Examples
    --------
    >>> start, end = period_bounds(2019)
    >>> start.date().isoformat(), end.date().isoformat()
    ('2019-01-01', '2019-12-31')
    >>> start, end = period_bounds(("2019-06", "2020-Q1"))
    >>> start.date().isoformat(), end.date().isoformat()
    ('2019-06-01', '2020-03-31')
    >>> period_bounds(None) is None
    True
    """
    if period is None:
        return None
    if isinstance(period, tuple | list):
        if len(period) != 2:
            raise ValueError(f"period must be a (start, end) pair, got {period!r}")
        start = _to_timestamp(period[0], end=False, name="period start")
        end = _to_timestamp(period[1], end=True, name="period end")
        if start is not None and end is not None and end < start:
            raise ValueError(f"period ends before it starts: {period!r}")
        return start, end
    if isinstance(period, int | np.integer | str) and not isinstance(period, bool):
        return (
            _to_timestamp(period, end=False, name="period"),
            _to_timestamp(period, end=True, name="period"),
        )
    raise TypeError(
        f"period must be a year, a date string, a (start, end) pair or None, got {period!r}"
    )


def _in_period(
    starts: pd.Series, ends: pd.Series, bounds: tuple[pd.Timestamp | None, pd.Timestamp | None]
) -> np.ndarray:
    """Boolean mask: rows whose date-range midpoint lies in ``bounds`` (see period_bounds)."""
    start = pd.to_datetime(starts)
    mid = start + (pd.to_datetime(ends) - start) / 2
    mask = mid.notna().to_numpy(copy=True)
    lo, hi = bounds
    if lo is not None:
        mask &= (mid >= lo).fillna(False).to_numpy(dtype=bool)
    if hi is not None:
        mask &= (mid < hi + pd.Timedelta(days=1)).fillna(False).to_numpy(dtype=bool)
    return mask


def _period_record(bounds: tuple[pd.Timestamp | None, pd.Timestamp | None] | None) -> Any:
    if bounds is None:
        return None
    return tuple(None if b is None else b.date().isoformat() for b in bounds)


# --------------------------------------------------------------------------------------------
# Actors, departments, aggregates
# --------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------
# Event layer
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Incidence:
    """Actors × events incidence: ``binary`` (0/1) and ``roles`` (highest role weight)."""

    binary: sp.csr_array
    roles: sp.csr_array
    event_ids: np.ndarray  # object array, sorted
    events: pd.DataFrame  # the events rows, in event_ids order


#: The statuses an event can have (``data/vocabulary/event_statuses.csv``).
EVENT_STATUSES: tuple[str, ...] = ("held", "announced", "cancelled")
#: The events the graphs use unless ``statuses=`` says otherwise: those that took place.
DEFAULT_STATUSES: tuple[str, ...] = ("held",)


def _check_statuses(statuses: str | Iterable[str]) -> tuple[str, ...]:
    """The ``statuses=`` argument as a tuple of known statuses (one-line message otherwise)."""
    if isinstance(statuses, str):
        statuses = (statuses,)
    out = tuple(statuses)
    bad = [s for s in out if s not in EVENT_STATUSES]
    if bad or not out:
        raise ValueError(
            f"statuses must be a non-empty subset of {EVENT_STATUSES}, got {statuses!r}"
        )
    return out


def _event_status(events: pd.DataFrame) -> pd.Series:
    """Each event's status, ``"held"`` where the column is missing or empty.

    Parameters
    ----------
    events : pandas.DataFrame
        A city's ``events`` table.

    Returns
    -------
    pandas.Series
        ``held``, ``announced`` or ``cancelled`` per row (same index).

    Examples
    --------
    >>> import pandas as pd
    >>> _event_status(pd.DataFrame({"status": ["announced", None]})).tolist()
    ['announced', 'held']
    """
    if "status" not in events:
        return pd.Series("held", index=events.index, dtype="string")
    status = events["status"].astype("string").str.strip()
    return status.mask(status.isna() | (status == ""), "held")


def _events_in_period(
    city: City, bounds: Any, statuses: tuple[str, ...] = DEFAULT_STATUSES
) -> pd.DataFrame:
    """The events of the period (midpoint rule) whose status is one of ``statuses``."""
    events = city.events
    events = events.loc[_event_status(events).isin(statuses).to_numpy(dtype=bool)]
    if bounds is not None:
        events = events.loc[_in_period(events["date_start"], events["date_end"], bounds)]
    ids = events["event_id"].astype("string")
    if ids.isna().any() or ids.duplicated().any():
        dup = ids[ids.duplicated() | ids.isna()].unique()
        raise DataError(
            [Problem("events", None, "event_id", d, "event_id fehlt oder ist doppelt") for d in dup]
        )
    return events.assign(event_id=ids).sort_values("event_id", kind="stable")


def _incidence(
    city: City,
    actor_ids: pd.Index,
    role_weights: dict[str, float],
    bounds: Any,
    statuses: tuple[str, ...] = DEFAULT_STATUSES,
) -> _Incidence:
    events = _events_in_period(city, bounds, statuses)
    event_index = pd.Index(events["event_id"])
    part = city.participation
    all_events = pd.Index(city.events["event_id"].astype("string"))
    p_events = part["event_id"].astype("string").fillna("").to_numpy(dtype=object)
    p_actors = part["actor_id"].astype("string").fillna("").to_numpy(dtype=object)
    a = actor_ids.get_indexer(p_actors)
    problems = [
        Problem("participation", int(r) + 2, "actor_id", p_actors[r], "unbekannter Akteur")
        for r in np.flatnonzero(a < 0)
    ]
    problems += [
        Problem("participation", int(r) + 2, "event_id", p_events[r], "unbekannte Veranstaltung")
        for r in np.flatnonzero(all_events.get_indexer(p_events) < 0)
    ]
    if problems:
        raise DataError(problems)
    e = event_index.get_indexer(p_events)
    roles = part["role"].astype("string").fillna("").to_numpy(dtype=object)
    known = pd.Index(list(role_weights))
    r = known.get_indexer(roles)
    if (r < 0).any():
        missing = sorted(set(roles[r < 0]))
        raise ValueError(
            f"role_weights has no weight for role(s) {missing}; "
            f"expected roles {sorted(role_weights)}"
        )
    w = np.asarray([role_weights[k] for k in known], dtype=float)[r]
    keep = e >= 0
    a, e, w = a[keep], e[keep], w[keep]
    shape = (len(actor_ids), len(event_index))
    # several roles of one actor at one event: the highest role weight counts (max, not sum)
    order = np.lexsort((-w, e, a))
    first = np.ones(len(order), dtype=bool)
    first[1:] = (np.diff(a[order]) != 0) | (np.diff(e[order]) != 0)
    pick = order[first]
    roles_m = sp.csr_array((w[pick], (a[pick], e[pick])), shape=shape)
    binary = sp.csr_array((np.ones(len(pick)), (a[pick], e[pick])), shape=shape)
    return _Incidence(binary, roles_m, event_index.to_numpy(dtype=object), events)


def _pair_events(binary: sp.csr_array, root: np.ndarray, n_nodes: int) -> tuple[np.ndarray, ...]:
    """Every (pair of nodes, event) where both nodes are present, sorted by pair then event.

    Returns the sorted unique pair keys ``u * n_nodes + v`` (u < v), the start of each pair's run
    in the event array, and the event array.
    """
    csc = sp.csc_array(binary)
    csc.sort_indices()
    indptr, indices = csc.indptr, csc.indices
    sizes = np.diff(indptr)
    keys_parts: list[np.ndarray] = []
    event_parts: list[np.ndarray] = []
    # vectorised per event size: all events of size n at once, never a loop over pairs
    for n in _unique(sizes[sizes >= 2]):
        evs = np.flatnonzero(sizes == n)
        members = root[indices[indptr[evs][:, None] + np.arange(n)]]
        iu, ju = np.triu_indices(int(n), 1)
        u, v = members[:, iu].ravel(), members[:, ju].ravel()
        ev = np.repeat(evs, len(iu))
        if n_nodes != len(root):  # collapsed: departments of one organisation are no pair
            keep = u != v
            u, v, ev = u[keep], v[keep], ev[keep]
        lo, hi = np.minimum(u, v), np.maximum(u, v)
        keys_parts.append(lo.astype(np.int64) * n_nodes + hi)
        event_parts.append(ev)
    if not keys_parts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    keys = np.concatenate(keys_parts)
    events = np.concatenate(event_parts).astype(np.int64)
    order = np.lexsort((events, keys))
    keys, events = keys[order], events[order]
    new = np.ones(len(keys), dtype=bool)
    new[1:] = (keys[1:] != keys[:-1]) | (events[1:] != events[:-1])
    keys, events = keys[new], events[new]  # a pair meets at an event once, however collapsed
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    return keys[starts], starts, events


def _event_weights(
    inc: _Incidence,
    *,
    weighting: str,
    event_size: str,
    collapse_matrix: sp.csr_array | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Upper triangle (u < v) of the event-layer weight matrix between nodes: rows, cols, data."""
    binary, roles = inc.binary, inc.roles
    n_k = np.asarray(binary.sum(axis=0)).ravel()
    if event_size == "documented":
        documented = inc.events["n_participants"].to_numpy(dtype=float, na_value=np.nan)
        n_k = np.fmax(n_k, np.nan_to_num(documented, nan=0.0))
    if weighting == "newman":
        inv = np.zeros(len(n_k))
        np.divide(1.0, n_k - 1.0, out=inv, where=n_k > 1)
        M = roles @ sp.diags_array(inv) @ roles.T
    else:
        M = roles @ roles.T
    M = sp.csr_array(M)
    # The diagonal (an actor with itself) is never used: it is dropped with the lower triangle
    # at the end, and under collapse it only reaches the organisation's own diagonal entry.
    if weighting == "jaccard":
        shared = sp.coo_array(binary @ binary.T)
        degree = np.asarray(binary.sum(axis=1)).ravel()
        union = sp.csr_array(
            (degree[shared.row] + degree[shared.col] - shared.data, (shared.row, shared.col)),
            shape=M.shape,
        )
        M = sp.csr_array(M.multiply(union.power(-1.0)))
    if collapse_matrix is not None:
        M = collapse_matrix @ M @ collapse_matrix.T
    M = sp.coo_array(M)
    upper = (M.row < M.col) & (M.data != 0)
    return M.row[upper], M.col[upper], M.data[upper]


# --------------------------------------------------------------------------------------------
# Referral layer
# --------------------------------------------------------------------------------------------


def _referral_rows(
    city: City, actor_ids: pd.Index, *, field: Any, bounds: Any
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    ref = city.referrals
    if field is not None:
        fields = [field] if isinstance(field, str) else list(field)
        if not all(isinstance(f, str) for f in fields):
            raise TypeError(f"field must be a field code or a list of codes, got {field!r}")
        ref = ref.loc[ref["field"].isin(fields).fillna(False).to_numpy(dtype=bool)]
    if bounds is not None:
        ref = ref.loc[_in_period(ref["period_start"], ref["period_end"], bounds)]
    f_ids = ref["from_id"].astype("string").fillna("").to_numpy(dtype=object)
    t_ids = ref["to_id"].astype("string").fillna("").to_numpy(dtype=object)
    f = actor_ids.get_indexer(f_ids)
    t = actor_ids.get_indexer(t_ids)
    problems = [
        Problem("referrals", int(r) + 2, col, ids[r], "unbekannter Akteur")
        for col, codes, ids in (("from_id", f, f_ids), ("to_id", t, t_ids))
        for r in np.flatnonzero(codes < 0)
    ]
    if problems:
        raise DataError(problems)
    return ref, f, t


def _check_uncounted_weight(uncounted_weight: Any) -> float:
    if isinstance(uncounted_weight, bool) or not isinstance(uncounted_weight, int | float):
        raise TypeError(f"uncounted_weight must be a number, got {uncounted_weight!r}")
    if not math.isfinite(uncounted_weight) or uncounted_weight < 0:
        raise ValueError(f"uncounted_weight must be finite and >= 0, got {uncounted_weight!r}")
    return float(uncounted_weight)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of attribute dicts are created.

    The dicts hold no reference cycles, but each allocation counts towards the collector's
    thresholds, and the repeated full collections over the growing graph took most of the time
    (about 3.5x slower on the 10,000-actor benchmark). The previous state is restored.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _fill_edges(
    G: nx.Graph, u: np.ndarray, v: np.ndarray, names: list[str], data: list[dict[str, Any]]
) -> None:
    """Add the edges ``names[u[i]] - names[v[i]]`` with attribute dicts ``data[i]`` to ``G``.

    ``G`` must be a fresh ``nx.Graph`` or ``nx.DiGraph`` that already holds every node and no
    edge, and each pair must occur once. The adjacency dicts are filled node by node (networkx's
    documented dict-of-dicts structure), which is several times faster than ``add_edges_from``:
    that creates and fills a second dict per edge. The result is the same graph.
    """
    if G.number_of_edges() or type(G) not in (nx.Graph, nx.DiGraph):
        raise TypeError("_fill_edges needs a fresh nx.Graph or nx.DiGraph")
    if len(data) == 0:
        return
    n = len(names)
    name_array = np.empty(n, dtype=object)
    name_array[:] = names
    data_array = np.empty(len(data), dtype=object)
    data_array[:] = data
    if G.is_directed():
        sides = [(G._succ, u, v), (G._pred, v, u)]
    else:
        sides = [(G._adj, u, v), (G._adj, v, u)]
    for adjacency, first, second in sides:
        if len(first) > 1 and np.all(first[1:] >= first[:-1]):
            order = np.arange(len(first))  # already grouped by first node (sorted pair keys)
        else:
            order = np.argsort(first, kind="stable")
        bounds = np.searchsorted(first[order], np.arange(n + 1)).tolist()
        other = name_array[second[order]].tolist()
        dicts = data_array[order].tolist()
        for k in range(n):
            lo, hi = bounds[k], bounds[k + 1]
            if lo < hi:
                adjacency[names[k]].update(zip(other[lo:hi], dicts[lo:hi], strict=True))
    cache = getattr(G, "__networkx_cache__", None)
    if cache:
        cache.clear()


# --------------------------------------------------------------------------------------------
# Public constructors
# --------------------------------------------------------------------------------------------


def two_mode_graph(
    city: City,
    *,
    period: Period = None,
    role_weights: Mapping[str, float] | str | None = None,
    statuses: str | Iterable[str] = DEFAULT_STATUSES,
) -> nx.Graph:
    r"""Actors and events as a bipartite (two-mode) graph.

    The incidence of actor :math:`a` and event :math:`e` is

    .. math::

       B_{ae} = \begin{cases} w(r_{ae}) & \text{if } a \text{ took part in } e
       \text{ (main role } r_{ae}\text{)},\\ 0 & \text{otherwise,} \end{cases}

    with :math:`w` the role weights: the matrix every projection in :func:`cooperation_graph`
    starts from (Breiger 1974).

    Parameters
    ----------
    city : City
        The city.
    period : int, str, (start, end) or None
        Keep only events of this period (midpoint rule, see :func:`period_bounds`).
    role_weights : mapping, "equal" or None
        Weight of each role (None: :func:`default_role_weights`), used to pick an edge's main
        ``role`` and stored as its ``weight``.
    statuses : str or iterable of {"held", "announced", "cancelled"}
        Events of these statuses (``events.status``; empty = ``"held"``). Default: only events
        that took place. ``statuses=("held", "announced")`` adds announced ones, e.g. to see the
        network a programme plans.

    Returns
    -------
    networkx.Graph
        Actor nodes (key ``actor_id``, ``bipartite=0``, attributes ``name``, ``sector``,
        ``level``, ``aggregate``, ``size_estimate``, ``parent_id``, ``city``) — every actor, also
        those at no event — and event nodes (key ``event_id``, ``bipartite=1``, attributes
        ``title``, ``event_kind``, ``date``, ``series``, ``n_participants``). One edge per actor at
        an event with ``role`` (the role of highest weight if the actor had several), ``roles``
        (all its roles there, highest weight first) and ``weight`` (the weight of ``role``).
        ``G.graph`` holds ``city``, ``synthetic``, ``period``, ``role_weights`` and
        ``statuses``.

    Raises
    ------
    netzwerk.DataError
        If an event id equals an actor id (they share one node namespace), or participation
        refers to unknown actors or events.
    ValueError
        If a role has no weight.

    Notes
    -----
    This is the affiliation network of Borgatti & Everett (1997) from which
    :func:`cooperation_graph` projects the event layer.

    References
    ----------
    .. [1] Borgatti, S. P., & Everett, M. G. (1997). Network analysis of 2-mode data. Social
       Networks, 19(3), 243–269.
    .. [2] Breiger, R. L. (1974). The duality of persons and groups. Social Forces, 53(2),
       181–190.

    Examples
    --------
    >>> import pandas as pd
    >>> from netzwerk.io import City
    >>> city = City.from_frames(
    ...     actors=pd.DataFrame({"actor_id": ["amt", "awo"], "name": ["Amt", "AWO"],
    ...                          "sector": ["verwaltung", "wohlfahrt"],
    ...                          "level": ["kommune", "kommune"]}),
    ...     events=pd.DataFrame({"event_id": ["fachtag"], "title": ["Fachtag"],
    ...                          "kind": ["fachtag"], "date": ["2019-05"]}),
    ...     participation=pd.DataFrame({"event_id": ["fachtag"] * 3,
    ...                                 "actor_id": ["amt", "amt", "awo"],
    ...                                 "role": ["speaker", "organizer", "participant"]}))
    >>> G = two_mode_graph(city)
    >>> G.edges["amt", "fachtag"]["role"], G.edges["amt", "fachtag"]["roles"]
    ('organizer', ('organizer', 'speaker'))
    >>> G.nodes["fachtag"]["bipartite"], G.edges["awo", "fachtag"]["weight"]
    (1, 0.3)
    """
    weights = _resolve_role_weights(role_weights, city)
    bounds = period_bounds(period)
    statuses = _check_statuses(statuses)
    actors = _actors(city, None)
    inc = _incidence(city, actors.ids, weights, bounds, statuses)  # validates ids and roles
    clash = sorted(set(actors.ids) & set(city.events["event_id"].dropna()))
    if clash:
        raise DataError(
            [Problem("events", None, "event_id", c, "gleich einer actor_id") for c in clash]
        )
    G = nx.Graph(
        city=city.name,
        synthetic=city.synthetic,
        period=_period_record(bounds),
        role_weights=weights,
        statuses=statuses,
    )
    for node, attrs in _node_attributes(city, actors, collapse=None):
        G.add_node(node, bipartite=0, **attrs)
    ev = inc.events
    for row in zip(
        ev["event_id"],
        ev["title"],
        ev["kind"],
        ev["date"],
        ev["series"],
        ev["n_participants"],
        strict=True,
    ):
        G.add_node(
            str(row[0]),
            bipartite=1,
            title=_none(row[1]),
            event_kind=_none(row[2]),
            date=_none(row[3]),
            series=_none(row[4]),
            n_participants=_none(row[5]),
        )
    part = city.participation
    part = part.loc[part["event_id"].isin(set(inc.event_ids)).fillna(False).to_numpy(dtype=bool)]
    rank = part["role"].map(weights).astype(float)
    part = part.assign(_w=rank).sort_values(
        ["actor_id", "event_id", "_w", "role"], ascending=[True, True, False, True]
    )
    actor = part["actor_id"].to_numpy(dtype=object)
    event = part["event_id"].to_numpy(dtype=object)
    role = part["role"].to_numpy(dtype=object).tolist()
    new_pair = np.r_[True, (actor[1:] != actor[:-1]) | (event[1:] != event[:-1])]
    starts = np.flatnonzero(new_pair[: len(role)])
    ends = np.r_[starts[1:], len(role)][: len(starts)].tolist()
    edges = []
    for s, e in zip(starts.tolist(), ends, strict=True):
        roles = tuple(dict.fromkeys(role[s:e]))
        edges.append(
            (actor[s], event[s], {"role": roles[0], "roles": roles, "weight": weights[roles[0]]})
        )
    G.add_edges_from(edges)
    return G


def cooperation_graph(
    city: City,
    *,
    weighting: str = "newman",
    role_weights: Mapping[str, float] | str | None = None,
    period: Period = None,
    layers: Iterable[str] = ("events", "referrals"),
    collapse: str | None = None,
    include_aggregates: bool = True,
    min_weight: float = 0,
    layer_weights: Mapping[str, float] | None = None,
    uncounted_weight: float = 1,
    event_size: str = "actors",
    field: str | Iterable[str] | None = None,
    survey_rule: str = "either",
    survey_wave: str | int | None = None,
    statuses: str | Iterable[str] = DEFAULT_STATUSES,
) -> nx.Graph:
    r"""The undirected, weighted cooperation graph of a city's actors.

    Two actors are tied if they met at an event (event layer) or referred clients to each other
    (referral layer). The tie's ``weight`` is

    .. math::

        w_{ij} = \lambda_E \, w^E_{ij} + \lambda_R \, w^R_{ij},

    with the layer weights :math:`\lambda` (``layer_weights``, default 1 each: the layers'
    weights are added as they are). With :math:`r_{ik}` the role weight of actor :math:`i` at
    event :math:`k` (its highest-weight role there; 0 if absent), :math:`n_k` the size of event
    :math:`k` and :math:`E_i` the set of events of :math:`i`, the event layer is

    .. math::

        w^E_{ij} =
        \begin{cases}
        \sum_k r_{ik} r_{jk} & \text{count} \\
        \sum_{k:\,n_k>1} \dfrac{r_{ik} r_{jk}}{n_k - 1} & \text{newman} \\
        \dfrac{\sum_k r_{ik} r_{jk}}{|E_i \cup E_j|} & \text{jaccard}
        \end{cases}

    i.e. :math:`B W B^\top` off the diagonal, for the sparse actors × events matrix
    :math:`B = (r_{ik})` and :math:`W = I` (count) or
    :math:`W = \operatorname{diag}(1/(n_k-1))` (newman). The referral layer is

    .. math::

        w^R_{ij} = \sum_{\text{rows } i\to j \text{ and } j\to i} c_\text{row},

    summing the rows' ``count`` where the pair has at least one counted row (in either
    direction); only a pair documented without any count weighs ``uncounted_weight`` per row.
    With ``"survey"`` in ``layers``, :math:`\lambda_S \, w^S_{ij}` is added, :math:`w^S_{ij}`
    the cooperation level (1–4) of the symmetrised survey tie
    (:func:`netzwerk.survey.symmetrise_survey`).

    Parameters
    ----------
    city : City
        The city.
    weighting : {"newman", "count", "jaccard"}
        Event-layer scheme (formulas above).
    role_weights : mapping, "equal" or None
        Weight of each participation role. None: :func:`default_role_weights` (organizer, host,
        funder, chair 1.0; speaker 0.6; participant 0.3). A mapping overrides the defaults for the
        roles it names. ``"equal"`` gives every role 1.0 — the plain, unweighted schemes.
    period : int, str, (start, end) or None
        Use only events and referral rows of this period (midpoint rule of
        :func:`period_bounds`).
    layers : iterable of {"events", "referrals", "survey"}
        Layers to include; the survey layer (the city's network survey) only when asked for.
    statuses : str or iterable of {"held", "announced", "cancelled"}
        Events of these statuses (``events.status``; empty = ``"held"``). Default: only events
        that took place. ``statuses=("held", "announced")`` adds announced ones, e.g. to see the
        network a programme plans.
    collapse : None or "organisation"
        ``"organisation"``: merge every department into its top-level organisation (following
        ``parent_id`` recursively). Tie weights between departments are summed, ties inside an
        organisation are dropped; the node keeps the organisation's attributes and lists the
        merged ``departments``.
    include_aggregates : bool
        False removes aggregate actors (groups of unnamed organisations) and their ties. They
        are removed after the projection: they still count towards the size of the events they
        attended.
    min_weight : float
        Drop ties whose ``weight`` is below this. Ties of weight 0 (possible when a role weight
        or a referral count is 0) are always dropped.
    layer_weights : mapping, optional
        :math:`\lambda_E`, :math:`\lambda_R` by layer name; missing layers weigh 1.
    uncounted_weight : float
        Weight of a referral row whose source documents the referral but gives no count.
    event_size : {"actors", "documented"}
        :math:`n_k` for ``"newman"``: the number of actors recorded at the event, or the larger
        of that and the documented ``n_participants``.
    field : str or iterable of str, optional
        Use only referral rows of these fields (Handlungsfelder).
    survey_rule : {"either", "confirmed"}
        Survey layer: a pair where both answered but only one named the other is a tie
        (``"either"``) or not (``"confirmed"``); a report about a non-respondent stands under
        both rules (:func:`netzwerk.survey.symmetrise_survey`).
    survey_wave : str or int, optional
        Survey layer: the wave; None = the latest.

    Returns
    -------
    networkx.Graph
        One node per actor (per organisation when collapsed), isolates included, keyed by
        ``actor_id``, with ``name``, ``sector``, ``level``, ``aggregate``, ``size_estimate``,
        ``parent_id``, ``city`` (and ``departments`` when collapsed). Edge attributes:

        ``weight``
            :math:`w_{ij}` above.
        ``weight_events``, ``weight_referrals``
            :math:`w^E_{ij}`, :math:`w^R_{ij}` (before the layer weights).
        ``n_events``, ``events``
            Number and sorted tuple of the ids of the events both attended.
        ``n_referrals``
            Referrals counted in both directions (rows without a count add nothing here).
        ``n_referral_rows``, ``referrals_counted``
            Referral rows behind the tie; ``referrals_counted`` is False when none of them has
            a count (only then does ``uncounted_weight`` enter ``weight_referrals``).
        ``layers``
            Tuple of the layers in which the tie has positive weight.
        ``weight_survey``, ``survey``
            Only with the survey layer: :math:`w^S_{ij}` and the tie's survey status
            (``"confirmed"``, ``"one-sided"``, ``"reconstructed"``; None without a survey tie).

        ``G.graph`` holds ``city``, ``synthetic`` and every parameter (resolved) so reports can
        state them.

    Raises
    ------
    ValueError
        For an unknown ``weighting``, ``layers``, ``collapse`` or ``event_size``, a negative or
        non-finite weight, or a role without weight.
    TypeError
        For arguments of the wrong type.
    netzwerk.DataError
        If participation or referrals name unknown actors or events, ids repeat, or ``parent_id``
        points to an unknown actor or runs in a circle.

    Notes
    -----
    **Projection.** Turning the actor–event (two-mode) network into an actor network follows
    Borgatti & Everett [1]_ and Opsahl [3]_. ``"count"`` counts shared events (with equal role
    weights this is networkx's ``weighted_projected_graph``). ``"newman"`` (default) is
    Newman's [2]_ collaboration weight: each event spreads one unit of tie strength per
    participant over the :math:`n_k - 1` others, so sharing an 80-organisation forum creates a
    far weaker tie than a meeting of three (networkx's
    ``collaboration_weighted_projected_graph``). ``"jaccard"`` divides by the number of events
    either actor attended, so that frequent attenders are not tied strongly to everyone
    (networkx's ``overlap_weighted_projected_graph(jaccard=True)``).

    **Roles.** A pair's contribution from one event is the *product* of the two actors' role
    weights: two organisers 1.0, organiser and participant 0.3, two participants 0.09. An actor
    with several roles at one event counts once, with its highest role weight. The role weights
    and this product rule are our documented convention (no published standard weights exist);
    with ``role_weights="equal"`` the three schemes are exactly the published ones. For
    ``"jaccard"`` the numerator is role-weighted while the union counts events, so values stay
    in [0, 1].

    **Event size.** :math:`n_k` counts the actors recorded at event :math:`k` (aggregates and
    departments count once each); events with :math:`n_k \le 1` contribute nothing to
    ``"newman"``.

    **Referrals.** Referral relations are directed (see :func:`referral_graph`); here the
    counts of both directions, over all fields (or ``field``), are summed. Where the pair has no
    counted row at all, each row documenting the relation without a number counts
    ``uncounted_weight`` and the tie is flagged with ``referrals_counted=False``; uncounted rows
    of a pair that has counts add nothing, so the weight stays the number of referrals. A referral from an actor to itself is ignored. Referral counts
    and event weights are on different scales; inspect ``weight_events`` and
    ``weight_referrals`` or set ``layer_weights`` when one layer should not dominate.

    **Collapse.** With ``collapse="organisation"`` the weights of all department pairs are
    summed (for ``"jaccard"`` the sum can exceed 1); ``n_events``/``events`` count distinct
    events. Event sizes stay those of the uncollapsed data.

    References
    ----------
    .. [1] Borgatti, S. P., & Everett, M. G. (1997). Network analysis of 2-mode data. Social
       Networks, 19(3), 243–269.
    .. [2] Newman, M. E. J. (2001). Scientific collaboration networks. II. Shortest paths,
       weighted networks, and centrality. Physical Review E, 64, 016132.
    .. [3] Opsahl, T. (2013). Triadic closure in two-mode networks: Redefining the global and
       local clustering coefficients. Social Networks, 35(2), 159–167.

    Examples
    --------
    Three actors; ``amt`` organises both events, ``awo`` speaks at one and sits in the audience
    of the other, ``mso`` is in the audience once.

    >>> import pandas as pd
    >>> from netzwerk.io import City
    >>> city = City.from_frames(
    ...     actors=pd.DataFrame({"actor_id": ["amt", "awo", "mso"], "name": ["Amt", "AWO", "MSO"],
    ...                          "sector": ["verwaltung", "wohlfahrt", "mso"],
    ...                          "level": ["kommune"] * 3}),
    ...     events=pd.DataFrame({"event_id": ["e1", "e2"], "title": ["Forum", "Treffen"],
    ...                          "kind": ["forum", "gremium"], "date": ["2019-03", "2020-05-04"]}),
    ...     participation=pd.DataFrame({
    ...         "event_id": ["e1", "e1", "e1", "e2", "e2"],
    ...         "actor_id": ["amt", "awo", "mso", "amt", "awo"],
    ...         "role": ["organizer", "participant", "participant", "organizer", "speaker"]}))
    >>> G = cooperation_graph(city)

    ``e1`` has 3 actors (1/(3−1) = 0.5), ``e2`` has 2 (1/1): amt–awo = 1·0.3·0.5 + 1·0.6·1 =
    0.75, amt–mso = 1·0.3·0.5 = 0.15, awo–mso = 0.3·0.3·0.5 = 0.045.

    >>> round(G["amt"]["awo"]["weight"], 3), round(G["amt"]["mso"]["weight"], 3)
    (0.75, 0.15)
    >>> round(G["awo"]["mso"]["weight"], 3), G["amt"]["awo"]["events"]
    (0.045, ('e1', 'e2'))
    >>> G2019 = cooperation_graph(city, weighting="count", role_weights="equal", period=2019)
    >>> sorted(G2019.edges(data="weight"))
    [('amt', 'awo', 1.0), ('amt', 'mso', 1.0), ('awo', 'mso', 1.0)]

    Referral layer: awo → amt counted 3 plus an uncounted row weighs 3 (the count); amt → mso
    documented only without a count weighs ``uncounted_weight`` = 1.

    >>> city.referrals = pd.DataFrame({"from_id": ["awo", "awo", "amt"],
    ...     "to_id": ["amt", "amt", "mso"], "field": ["arbeit", "wohnen", "arbeit"],
    ...     "period": ["2019"] * 3, "count": [3, None, None]})
    >>> R = cooperation_graph(city, layers="referrals")
    >>> R["amt"]["awo"]["weight"], R["amt"]["awo"]["referrals_counted"]
    (3.0, True)
    >>> R["amt"]["mso"]["weight"], R["amt"]["mso"]["referrals_counted"]
    (1.0, False)
    """
    if weighting not in WEIGHTINGS:
        raise ValueError(f"weighting must be one of {WEIGHTINGS}, got {weighting!r}")
    if event_size not in _EVENT_SIZES:
        raise ValueError(f"event_size must be one of {_EVENT_SIZES}, got {event_size!r}")
    if isinstance(layers, str):
        layers = (layers,)
    layers = tuple(layers)
    bad = [layer for layer in layers if layer not in LAYERS]
    if bad or not layers:
        raise ValueError(f"layers must be a non-empty subset of {LAYERS}, got {layers!r}")
    lw = {layer: 1.0 for layer in LAYERS}
    for layer, value in dict(layer_weights or {}).items():
        if layer not in LAYERS:
            raise ValueError(f"layer_weights has unknown layer {layer!r}; expected {LAYERS}")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"layer_weights[{layer!r}] must be a number, got {value!r}")
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"layer_weights[{layer!r}] must be finite and >= 0, got {value!r}")
        lw[layer] = float(value)
    if isinstance(min_weight, bool) or not isinstance(min_weight, int | float):
        raise TypeError(f"min_weight must be a number, got {min_weight!r}")
    if not isinstance(include_aggregates, bool | np.bool_):
        raise TypeError(f"include_aggregates must be True or False, got {include_aggregates!r}")
    uw = _check_uncounted_weight(uncounted_weight)
    weights = _resolve_role_weights(role_weights, city)
    bounds = period_bounds(period)
    statuses = _check_statuses(statuses)
    actors = _actors(city, collapse)
    n_nodes = len(actors.node_ids)
    collapse_matrix = None
    if collapse is not None:
        collapse_matrix = sp.csr_array(
            (np.ones(len(actors.root)), (actors.root, np.arange(len(actors.root)))),
            shape=(n_nodes, len(actors.root)),
        )

    empty_i = np.zeros(0, dtype=np.int64)
    ev_keys, ev_starts, ev_events = empty_i, empty_i, empty_i
    ev_w = np.zeros(0)
    event_ids = np.zeros(0, dtype=object)
    if "events" in layers:
        inc = _incidence(city, actors.ids, weights, bounds, statuses)
        event_ids = inc.event_ids
        ev_keys, ev_starts, ev_events = _pair_events(inc.binary, actors.root, n_nodes)
        w_row, w_col, w_val = _event_weights(
            inc, weighting=weighting, event_size=event_size, collapse_matrix=collapse_matrix
        )
        m_keys = w_row.astype(np.int64) * n_nodes + w_col
        order = np.argsort(m_keys, kind="stable")
        m_keys, m_vals = m_keys[order], w_val[order]
        pos = np.searchsorted(m_keys, ev_keys)
        pos_c = np.minimum(pos, max(len(m_keys) - 1, 0))
        hit = (pos < len(m_keys)) & (m_keys[pos_c] == ev_keys) if len(m_keys) else pos < 0
        ev_w = np.where(hit, m_vals[pos_c] if len(m_keys) else 0.0, 0.0)

    ref_keys = empty_i
    ref_count = ref_rows = ref_uncounted = np.zeros(0)
    if "referrals" in layers:
        ref, f, t = _referral_rows(city, actors.ids, field=field, bounds=bounds)
        u, v = actors.root[f], actors.root[t]
        keep = u != v
        count = ref["count"].to_numpy(dtype="float64", na_value=np.nan)[keep]
        u, v = u[keep], v[keep]
        keys = np.minimum(u, v).astype(np.int64) * n_nodes + np.maximum(u, v)
        ref_keys, inverse = np.unique(keys, return_inverse=True)
        uncounted = np.isnan(count)
        ref_count = np.bincount(inverse, weights=np.where(uncounted, 0.0, count))
        ref_uncounted = np.bincount(inverse, weights=uncounted.astype(float))
        ref_rows = np.bincount(inverse).astype(float)

    sv_keys, sv_weight, sv_status = empty_i, np.zeros(0), empty_i
    if "survey" in layers:
        from netzwerk.survey._graph import _survey_layer

        sv_keys, sv_weight, sv_status = _survey_layer(
            city, actors.ids, actors.root, n_nodes, rule=survey_rule, wave=survey_wave, min_level=1
        )

    keys = _unique(np.concatenate([ev_keys, ref_keys, sv_keys]))
    n_edges = len(keys)
    w_events = np.zeros(n_edges)
    n_events = np.zeros(n_edges, dtype=np.int64)
    ev_start = np.zeros(n_edges, dtype=np.int64)
    ev_end = np.zeros(n_edges, dtype=np.int64)
    if len(ev_keys):
        at = np.searchsorted(keys, ev_keys)
        w_events[at] = ev_w
        ends = np.r_[ev_starts[1:], len(ev_events)]
        n_events[at] = ends - ev_starts
        ev_start[at], ev_end[at] = ev_starts, ends
    n_ref = np.zeros(n_edges)
    n_rows = np.zeros(n_edges, dtype=np.int64)
    n_unc = np.zeros(n_edges)
    if len(ref_keys):
        at = np.searchsorted(keys, ref_keys)
        n_ref[at], n_rows[at], n_unc[at] = ref_count, ref_rows, ref_uncounted
    # counts where the pair has any counted row; uncounted_weight only for uncounted-only pairs
    w_ref = np.where(n_unc < n_rows, n_ref, uw * n_unc)
    w_sv = np.zeros(n_edges)
    s_sv = np.zeros(n_edges, dtype=np.int64)
    if len(sv_keys):
        at = np.searchsorted(keys, sv_keys)
        w_sv[at], s_sv[at] = sv_weight, sv_status
    weight = lw["events"] * w_events + lw["referrals"] * w_ref + lw["survey"] * w_sv
    u = keys // n_nodes if n_nodes else keys
    v = keys % n_nodes if n_nodes else keys
    keep = (weight > 0) & (weight >= min_weight)
    if not include_aggregates:
        keep &= ~actors.aggregate[u] & ~actors.aggregate[v]
    idx = np.flatnonzero(keep)

    G = nx.Graph(
        kind="cooperation",
        city=city.name,
        synthetic=city.synthetic,
        weighting=weighting,
        role_weights=weights,
        role_combination="product",
        period=_period_record(bounds),
        period_rule="midpoint",
        statuses=statuses,
        layers=layers,
        layer_weights={k: w for k, w in lw.items() if k != "survey" or k in layers},
        collapse=collapse,
        include_aggregates=bool(include_aggregates),
        min_weight=min_weight,
        uncounted_weight=uw,
        event_size=event_size,
        field=field if field is None or isinstance(field, str) else tuple(field),
    )
    if "survey" in layers:
        G.graph.update(survey_rule=survey_rule, survey_wave=survey_wave)
    nodes = _node_attributes(city, actors, collapse=collapse)
    if not include_aggregates:
        nodes = [nd for nd, agg in zip(nodes, actors.aggregate, strict=True) if not agg]
    G.add_nodes_from(nodes)

    names = [str(x) for x in actors.node_ids]
    # a layer is listed when the tie has positive weight in it (zero counts, zero role weights
    # leave rows behind the tie but no tie in that layer)
    layer_code = (w_events[idx] > 0).astype(np.int64) + 2 * (w_ref[idx] > 0) + 4 * (w_sv[idx] > 0)
    layer_tags = np.empty(8, dtype=object)
    layer_tags[:] = [
        tuple(name for bit, name in enumerate(LAYERS) if code >> bit & 1) for code in range(8)
    ]
    with _gc_paused():
        # slicing one tuple of all pair-event ids gives each edge its own sorted tuple
        ev_tuple = tuple(event_ids[ev_events].tolist()) if len(ev_events) else ()
        data = [
            {
                "weight": wt,
                "weight_events": we,
                "weight_referrals": wr,
                "n_events": ne,
                "events": ev_tuple[s:e],
                "n_referrals": nr,
                "n_referral_rows": rows,
                "referrals_counted": counted,
                "layers": tags,
            }
            for wt, we, wr, ne, s, e, nr, rows, counted, tags in zip(
                weight[idx].tolist(),
                w_events[idx].tolist(),
                w_ref[idx].tolist(),
                n_events[idx].tolist(),
                ev_start[idx].tolist(),
                ev_end[idx].tolist(),
                n_ref[idx].astype(np.int64).tolist(),
                n_rows[idx].tolist(),
                (n_unc[idx] < n_rows[idx]).tolist(),
                layer_tags[layer_code].tolist(),
                strict=True,
            )
        ]
        if "survey" in layers:
            status = np.array([None, "confirmed", "one-sided", "reconstructed"], dtype=object)
            for d, ws, ss in zip(data, w_sv[idx].tolist(), status[s_sv[idx]], strict=True):
                d["weight_survey"], d["survey"] = ws, ss
        _fill_edges(G, u[idx], v[idx], names, data)
    return G


def referral_graph(
    city: City,
    *,
    field: str | Iterable[str] | None = None,
    period: Period = None,
    collapse: str | None = None,
    include_aggregates: bool = True,
    uncounted_weight: float = 1,
) -> nx.DiGraph:
    r"""The directed referral graph: who refers clients to whom, per field.

    The arc :math:`i \to j` has

    .. math::

        w_{ij} = \sum_{\text{rows } i\to j} c_\text{row},

    with :math:`c` the row's ``count``, over the rows that have one. Only a pair whose rows all
    document referrals without a number (``counted=False``) gets
    :math:`w_{ij} = u \cdot n_{ij}`, ``uncounted_weight`` :math:`u` per row; a pair with 3
    counted referrals and an uncounted row weighs 3, not 4.

    Parameters
    ----------
    city : City
        The city.
    field : str or iterable of str, optional
        Keep only these fields (Handlungsfelder); None keeps all.
    period : int, str, (start, end) or None
        Keep only referral rows of this period (midpoint rule of :func:`period_bounds`: a count
        for ``"2019-Q4"`` belongs to 2019; a count for ``"2019"`` does not belong to the first
        half of 2019).
    collapse : None or "organisation"
        Merge departments into their organisation (see :func:`cooperation_graph`); referrals
        inside an organisation are dropped.
    include_aggregates : bool
        False removes aggregate actors and their arcs.
    uncounted_weight : float
        Weight of a row without a count, used only for pairs without any counted row.

    Returns
    -------
    networkx.DiGraph
        One node per actor (attributes as in :func:`cooperation_graph`), isolates included.
        Arc attributes: ``weight`` (:math:`w_{ij}`), ``count`` (sum of the known counts),
        ``counted`` (True if at least one row has a count), ``n_rows``, ``n_uncounted_rows``,
        ``fields`` (dict field → weight in that field, summing to ``weight``; a field with only
        uncounted rows of a counted pair shows 0.0) and, only on arcs with ``counted=False``,
        ``uncounted_weight`` (equal to ``weight``). ``G.graph`` holds the parameters.

    Raises
    ------
    netzwerk.DataError
        If a row names an unknown actor.
    ValueError, TypeError
        For invalid arguments.

    Notes
    -----
    A referral from an actor to itself is ignored. Rows of different periods for the same pair
    and field are summed; use ``period`` to separate them.

    References
    ----------
    .. [1] Provan, K. G., & Milward, H. B. (1995). A preliminary theory of interorganizational
       network effectiveness: A comparative study of four community mental health systems.
       Administrative Science Quarterly, 40(1), 1–33.
    .. [2] Wasserman, S., & Faust, K. (1994). Social Network Analysis: Methods and
       Applications. Cambridge University Press.

    Examples
    --------
    >>> import pandas as pd
    >>> from netzwerk.io import City
    >>> city = City.from_frames(
    ...     actors=pd.DataFrame({"actor_id": ["jc", "awo"], "name": ["Jobcenter", "AWO"],
    ...                          "sector": ["arbeitsmarkt", "wohlfahrt"],
    ...                          "level": ["kommune", "kommune"]}),
    ...     referrals=pd.DataFrame({"from_id": ["awo", "awo", "jc"], "to_id": ["jc", "jc", "awo"],
    ...                             "field": ["arbeit", "wohnen", "arbeit"],
    ...                             "period": ["2019", "2019", "2019"], "count": ["12", "", "3"]}))
    >>> R = referral_graph(city)

    awo → jc has a counted row (12) and an uncounted one: the weight is the count, 12.

    >>> arc = R["awo"]["jc"]
    >>> arc["weight"], arc["count"], arc["counted"], arc["fields"], "uncounted_weight" in arc
    (12.0, 12, True, {'arbeit': 12.0, 'wohnen': 0.0}, False)
    >>> referral_graph(city, field="arbeit")["jc"]["awo"]["weight"]
    3.0

    In the field "wohnen" alone awo → jc is documented without any count: one row, weight
    ``uncounted_weight`` = 1.

    >>> only = referral_graph(city, field="wohnen")["awo"]["jc"]
    >>> only["weight"], only["uncounted_weight"], only["counted"]
    (1.0, 1.0, False)
    """
    uw = _check_uncounted_weight(uncounted_weight)
    if not isinstance(include_aggregates, bool | np.bool_):
        raise TypeError(f"include_aggregates must be True or False, got {include_aggregates!r}")
    bounds = period_bounds(period)
    actors = _actors(city, collapse)
    ref, f, t = _referral_rows(city, actors.ids, field=field, bounds=bounds)
    G = nx.DiGraph(
        kind="referral",
        city=city.name,
        synthetic=city.synthetic,
        field=field if field is None or isinstance(field, str) else tuple(field),
        period=_period_record(bounds),
        period_rule="midpoint",
        collapse=collapse,
        include_aggregates=bool(include_aggregates),
        uncounted_weight=uw,
    )
    nodes = _node_attributes(city, actors, collapse=collapse)
    if not include_aggregates:
        nodes = [nd for nd, agg in zip(nodes, actors.aggregate, strict=True) if not agg]
    G.add_nodes_from(nodes)
    u, v = actors.root[f], actors.root[t]
    count = ref["count"].to_numpy(dtype="float64", na_value=np.nan)
    keep = u != v
    if not include_aggregates:
        keep &= ~actors.aggregate[u] & ~actors.aggregate[v]
    if not keep.any():
        return G
    rows = pd.DataFrame(
        {
            "u": u[keep],
            "v": v[keep],
            "field": ref["field"].astype("string").fillna("").to_numpy(dtype=object)[keep],
            "count": np.nan_to_num(count[keep], nan=0.0),
            "uncounted": np.isnan(count[keep]).astype(int),
        }
    )
    # a pair with any counted row weighs its counts; only an uncounted-only pair gets uw per row
    any_counted = (1 - rows["uncounted"]).groupby([rows["u"], rows["v"]]).transform("max")
    rows["weight"] = np.where(any_counted > 0, rows["count"], uw * rows["uncounted"])
    per_field = rows.groupby(["u", "v", "field"], sort=True)["weight"].sum()
    total = rows.groupby(["u", "v"], sort=True).agg(
        weight=("weight", "sum"),
        count=("count", "sum"),
        uncounted=("uncounted", "sum"),
        n_rows=("weight", "size"),
    )
    names = [str(x) for x in actors.node_ids]
    with _gc_paused():
        fields: dict[tuple[int, int], dict[str, float]] = {}
        for (a, b, fld), w in zip(per_field.index.tolist(), per_field.tolist(), strict=True):
            fields.setdefault((a, b), {})[fld] = w
        data = [
            {
                "weight": w,
                "count": int(c),
                "counted": unc < n,
                "n_rows": n,
                "n_uncounted_rows": unc,
                "fields": fields[(a, b)],
            }
            | ({} if unc < n else {"uncounted_weight": w})
            for (a, b), w, c, unc, n in zip(
                total.index.tolist(),
                total["weight"].tolist(),
                total["count"].tolist(),
                total["uncounted"].tolist(),
                total["n_rows"].tolist(),
                strict=True,
            )
        ]
        _fill_edges(
            G,
            total.index.get_level_values(0).to_numpy(),
            total.index.get_level_values(1).to_numpy(),
            names,
            data,
        )
    return G


# --------------------------------------------------------------------------------------------
# Evidence and comparison
# --------------------------------------------------------------------------------------------

_EVIDENCE_COLUMNS = [
    "layer",
    "event_id",
    "title",
    "date",
    "actor_id",
    "role",
    "from_id",
    "to_id",
    "field",
    "period",
    "count",
    "source_id",
    "source_title",
    "quote",
    "inferred",
]


def _members(actors: _Actors, node: str, name: str, collapse: str | None) -> set[str]:
    if not isinstance(node, str):
        raise TypeError(f"{name} must be an actor_id string, got {node!r}")
    pos = actors.ids.get_indexer([node])[0]
    if pos < 0:
        raise ValueError(f"{name}={node!r} is not an actor_id of this city")
    root = actors.root[pos]
    if actors.node_ids[root] != node:
        raise ValueError(
            f"{name}={node!r} is a department of {actors.node_ids[root]!r}; with "
            f"collapse={collapse!r} pass the organisation"
        )
    return set(actors.ids.to_numpy(dtype=object)[actors.root == root])


def tie_evidence(
    city: City,
    a: str,
    b: str,
    *,
    period: Period = None,
    collapse: str | None = None,
    field: str | Iterable[str] | None = None,
    statuses: str | Iterable[str] = DEFAULT_STATUSES,
) -> pd.DataFrame:
    r"""The data behind the tie between two actors: shared events, roles, referral rows, quotes.

    So a report can answer "why are these two connected?" with the rows (and source quotes) that
    produced the tie in :func:`cooperation_graph` called with the same ``period``, ``collapse``
    and ``field``.

    Parameters
    ----------
    city : City
        The city.
    a, b : str
        The two ``actor_id`` (organisations when ``collapse="organisation"``).
    period : int, str, (start, end) or None
        As in :func:`cooperation_graph` (midpoint rule of :func:`period_bounds`).
    collapse : None or "organisation"
        With ``"organisation"`` the rows of the organisations' departments are included.
    field : str or iterable of str, optional
        Only referral rows of these fields.
    statuses : str or iterable of {"held", "announced", "cancelled"}
        As in :func:`cooperation_graph` (default: held events only).

    Returns
    -------
    pandas.DataFrame
        One row per piece of evidence, columns ``layer`` (``"events"`` or ``"referrals"``),
        ``event_id``, ``title``, ``date``, ``actor_id``, ``role`` (event rows: every
        participation row of either side at each event both attended), ``from_id``, ``to_id``,
        ``field``, ``period``, ``count`` (referral rows in either direction), ``source_id``,
        ``source_title``, ``quote``, ``inferred``. Event rows come first (by date, event,
        actor), then referral rows. Empty (with these columns) when the two are not tied.
        ``.attrs`` holds the arguments.

    Raises
    ------
    ValueError
        If ``a`` or ``b`` is unknown, they are equal, or (collapsed) one is a department.
    TypeError
        If ``a`` or ``b`` is not a string.

    Notes
    -----
    The event rows are the terms of the tie's event weight in :func:`cooperation_graph`,

    .. math::

       w_{ab} = \sum_{e \in E(a) \cap E(b)} w(r_{ae})\, w(r_{be})\, f(n_e),

    one event per term (with the participation rows that give :math:`r_{ae}` and
    :math:`r_{be}`); the referral rows are the terms of its referral weight
    :math:`\sum_r c_r` over the rows between :math:`a` and :math:`b` in either direction.

    References
    ----------
    .. [1] Newman, M. E. J. (2001). Scientific collaboration networks. II. Shortest paths,
       weighted networks, and centrality. Physical Review E, 64, 016132.

    Examples
    --------
    >>> import pandas as pd
    >>> from netzwerk.io import City
    >>> city = City.from_frames(
    ...     actors=pd.DataFrame({"actor_id": ["amt", "awo", "mso"], "name": ["Amt", "AWO", "MSO"],
    ...                          "sector": ["verwaltung", "wohlfahrt", "mso"],
    ...                          "level": ["kommune"] * 3}),
    ...     events=pd.DataFrame({"event_id": ["e1"], "title": ["Forum"], "kind": ["forum"],
    ...                          "date": ["2019-03"]}),
    ...     participation=pd.DataFrame({"event_id": ["e1", "e1"], "actor_id": ["amt", "awo"],
    ...                                 "role": ["organizer", "participant"],
    ...                                 "quote": ["Das Amt lud ein", "die AWO"]}),
    ...     referrals=pd.DataFrame({"from_id": ["awo"], "to_id": ["amt"], "field": ["wohnen"],
    ...                             "period": ["2019"], "count": ["4"]}))
    >>> ev = tie_evidence(city, "amt", "awo")
    >>> print(ev[["layer", "event_id", "actor_id", "role", "count"]].to_string(index=False))
        layer event_id actor_id        role  count
       events       e1      amt   organizer   <NA>
       events       e1      awo participant   <NA>
    referrals     <NA>     <NA>        <NA>      4
    >>> ev.loc[0, "quote"]
    'Das Amt lud ein'
    >>> len(tie_evidence(city, "amt", "mso"))
    0
    """
    actors = _actors(city, collapse)
    side_a = _members(actors, a, "a", collapse)
    side_b = _members(actors, b, "b", collapse)
    if side_a & side_b:
        raise ValueError(f"a and b must be two different actors, got {a!r} twice")
    bounds = period_bounds(period)
    sources = city.sources.drop_duplicates("source_id").set_index("source_id")["title"]
    parts: list[pd.DataFrame] = []

    events = _events_in_period(city, bounds, _check_statuses(statuses))
    part = city.participation
    part = part.loc[part["event_id"].isin(set(events["event_id"])).fillna(False)]
    in_a = part["actor_id"].isin(side_a).fillna(False)
    in_b = part["actor_id"].isin(side_b).fillna(False)
    shared = set(part.loc[in_a, "event_id"]) & set(part.loc[in_b, "event_id"])
    rows = part.loc[(in_a | in_b) & part["event_id"].isin(shared)]
    if len(rows):
        info = events.set_index("event_id")
        rows = rows.assign(
            layer="events",
            title=rows["event_id"].map(info["title"]),
            date=rows["event_id"].map(info["date"]),
            _start=rows["event_id"].map(info["date_start"]),
        ).sort_values(["_start", "event_id", "actor_id", "role"], kind="stable")
        parts.append(rows)

    ref = city.referrals
    if field is not None:
        fields = [field] if isinstance(field, str) else list(field)
        ref = ref.loc[ref["field"].isin(fields).fillna(False)]
    if bounds is not None:
        ref = ref.loc[_in_period(ref["period_start"], ref["period_end"], bounds)]
    fa = ref["from_id"].isin(side_a).fillna(False)
    fb = ref["from_id"].isin(side_b).fillna(False)
    ta = ref["to_id"].isin(side_a).fillna(False)
    tb = ref["to_id"].isin(side_b).fillna(False)
    ref = ref.loc[(fa & tb) | (fb & ta)]
    if len(ref):
        parts.append(
            ref.assign(layer="referrals").sort_values(
                ["from_id", "to_id", "field", "period_start"], kind="stable"
            )
        )
    if parts:
        out = pd.concat([p.reindex(columns=_EVIDENCE_COLUMNS) for p in parts], ignore_index=True)
    else:
        out = pd.DataFrame({c: pd.Series(dtype="object") for c in _EVIDENCE_COLUMNS})
    out["source_title"] = out["source_id"].map(sources)
    string_cols = [c for c in _EVIDENCE_COLUMNS if c not in ("count", "inferred")]
    out[string_cols] = out[string_cols].astype("string")
    out["count"] = out["count"].astype("Int64")
    out["inferred"] = out["inferred"].astype("boolean")
    out.attrs = {"a": a, "b": b, "period": _period_record(bounds), "collapse": collapse}
    return out


def _group_of(G: nx.Graph, group: str, label: str) -> dict[Hashable, Any]:
    groups = {}
    for node, value in G.nodes(data=group):
        if value is None or value is pd.NA:
            raise ValueError(
                f"{label} node {node!r} has no {group!r} attribute; every node needs one"
            )
        groups[node] = value
    return groups


def compare_graphs(before: nx.Graph, after: nx.Graph, *, group: str = "sector") -> pd.DataFrame:
    r"""Ties gained, lost and kept between two graphs, per pair of groups.

    For each pair of groups :math:`(g, h)` with tie sets :math:`T_\text{before}` and
    :math:`T_\text{after}` between them,

    .. math::

        \text{kept} = |T_b \cap T_a|, \quad \text{gained} = |T_a \setminus T_b|, \quad
        \text{lost} = |T_b \setminus T_a|.

    The question evaluators ask when a programme runs for several years: which sectors found
    each other, and which drifted apart? Typically ``before`` and ``after`` are
    :func:`cooperation_graph` of one city for two periods.

    Parameters
    ----------
    before, after : networkx.Graph or networkx.DiGraph
        Both undirected or both directed. Ties are identified by their end nodes (``actor_id``);
        weights are ignored (filter with ``min_weight`` when building the graphs).
    group : str
        Node attribute that defines the groups (default ``"sector"``).

    Returns
    -------
    pandas.DataFrame
        One row per pair of groups present among the nodes of either graph (undirected:
        ``group_a <= group_b``, including a group with itself; directed: every ordered pair,
        ``group_a`` sending), columns ``group_a``, ``group_b``, ``before``, ``after``, ``kept``,
        ``gained``, ``lost``, ``change`` (``after - before``). A tie's groups are read from the
        graph it is in (``after`` for kept and gained ties, ``before`` for lost ones).
        ``.attrs`` holds ``group`` and both graphs' ``G.graph``.

    Raises
    ------
    TypeError
        If one graph is directed and the other is not.
    ValueError
        If a node lacks the ``group`` attribute.

    Notes
    -----
    Actors present in only one graph count like any other: a tie of a newcomer is gained.
    Two graphs without nodes give an empty table.

    References
    ----------
    .. [1] Provan, K. G., Veazie, M. A., Staten, L. K., & Teufel-Shone, N. I. (2005). The use
       of network analysis to strengthen community partnerships. Public Administration
       Review, 65(5), 603–613.

    Examples
    --------
    >>> import networkx as nx
    >>> before = nx.Graph([("amt", "awo"), ("awo", "mso")])
    >>> after = nx.Graph([("amt", "awo"), ("amt", "mso")])
    >>> sectors = {"amt": "verwaltung", "awo": "wohlfahrt", "mso": "mso"}
    >>> for G in (before, after):
    ...     nx.set_node_attributes(G, sectors, "sector")
    >>> table = compare_graphs(before, after)
    >>> print(table[["group_a", "group_b", "kept", "gained", "lost"]].to_string(index=False))
       group_a    group_b  kept  gained  lost
           mso        mso     0       0     0
           mso verwaltung     0       1     0
           mso  wohlfahrt     0       0     1
    verwaltung verwaltung     0       0     0
    verwaltung  wohlfahrt     1       0     0
     wohlfahrt  wohlfahrt     0       0     0
    """
    for name, G in (("before", before), ("after", after)):
        if not isinstance(G, nx.Graph):
            raise TypeError(f"{name} must be a networkx graph, got {type(G).__name__}")
    directed = before.is_directed()
    if after.is_directed() != directed:
        raise TypeError("before and after must both be directed or both undirected")
    if not isinstance(group, str):
        raise TypeError(f"group must be a node attribute name, got {group!r}")
    g_before = _group_of(before, group, "before")
    g_after = _group_of(after, group, "after")

    def ties(G: nx.Graph) -> set[Any]:
        if directed:
            return {(u, v) for u, v in G.edges() if u != v}
        return {frozenset((u, v)) for u, v in G.edges() if u != v}

    t_before, t_after = ties(before), ties(after)

    def pair(tie: Any, groups: dict[Hashable, Any]) -> tuple[Any, Any]:
        u, v = tuple(tie)
        gu, gv = groups[u], groups[v]
        if directed:
            return gu, gv
        return (gu, gv) if str(gu) <= str(gv) else (gv, gu)

    counts: dict[tuple[Any, Any], dict[str, int]] = {}
    for label, tie_set, groups in (
        ("before", t_before, g_before),
        ("after", t_after, g_after),
        ("kept", t_before & t_after, g_after),
        ("gained", t_after - t_before, g_after),
        ("lost", t_before - t_after, g_before),
    ):
        for tie in tie_set:
            key = pair(tie, groups)
            counts.setdefault(key, {})
            counts[key][label] = counts[key].get(label, 0) + 1
    names = sorted(set(g_before.values()) | set(g_after.values()), key=str)
    if directed:
        keys = [(g, h) for g in names for h in names]
    else:
        keys = [(g, h) for i, g in enumerate(names) for h in names[i:]]
    labels = ["before", "after", "kept", "gained", "lost"]
    table = pd.DataFrame(
        {
            "group_a": pd.Series([k[0] for k in keys], dtype="object"),
            "group_b": pd.Series([k[1] for k in keys], dtype="object"),
            **{
                label: pd.Series([counts.get(k, {}).get(label, 0) for k in keys], dtype="int64")
                for label in labels
            },
        }
    )
    table["change"] = table["after"] - table["before"]
    table.attrs = {
        "group": group,
        "before": dict(before.graph),
        "after": dict(after.graph),
    }
    return table
