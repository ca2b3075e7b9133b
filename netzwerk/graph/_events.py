"""The event layer: role weights, actors × events incidence, pair-event table, tie weights."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from netzwerk.graph._nodes import _unique
from netzwerk.graph._periods import DEFAULT_STATUSES, _events_in_period
from netzwerk.io import City, DataError, Problem
from netzwerk.vocab import load_vocabulary


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

    See Also
    --------
    cooperation_graph : Where the role weights enter a tie's weight.
    two_mode_graph : Stores each participation's role weight on its edge.

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


@dataclass(frozen=True)
class _Incidence:
    """Actors × events incidence: ``binary`` (0/1) and ``roles`` (highest role weight)."""

    binary: sp.csr_array
    roles: sp.csr_array
    event_ids: np.ndarray  # object array, sorted
    events: pd.DataFrame  # the events rows, in event_ids order


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
