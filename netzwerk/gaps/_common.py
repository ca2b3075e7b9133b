"""Shared internals of the gap measures: count and alpha checks, edge arrays, tidy frames."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from netzwerk._checks import is_missing


def _check_count(value: Any, name: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value!r}")
    return int(value)


def _check_alpha(alpha: Any) -> float:
    if isinstance(alpha, bool) or not isinstance(alpha, int | float) or not 0 < alpha < 1:
        raise ValueError(f"alpha must be a number between 0 and 1 (exclusive), got {alpha!r}")
    return float(alpha)


def _edge_arrays(
    G: nx.Graph, nodes: list[Any], weight: str | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Endpoint index arrays (self-loops dropped) and, if ``weight`` is given, edge weights."""
    position = {node: i for i, node in enumerate(nodes)}
    u, v, w = [], [], []
    for a, b, data in G.edges(data=True):
        if a == b:
            continue
        u.append(position[a])
        v.append(position[b])
        if weight is not None:
            value = data.get(weight, 1)
            if is_missing(value):
                raise ValueError(f"edge ({a!r}, {b!r}) has a missing {weight!r}; expected a number")
            w.append(float(value))
    ua = np.asarray(u, dtype=np.int64)
    va = np.asarray(v, dtype=np.int64)
    return ua, va, (np.asarray(w, dtype=float) if weight is not None else None)


def _frame(records: list[tuple[Any, ...]], columns: list[str]) -> pd.DataFrame:
    """A DataFrame from row tuples, text columns kept as ``object`` (None stays None)."""
    data = {}
    for j, name in enumerate(columns):
        values = [r[j] for r in records]
        if values and all(isinstance(x, bool | np.bool_) for x in values):
            data[name] = pd.Series(values, dtype=bool)
        elif values and all(
            isinstance(x, int | float | np.number) and not isinstance(x, bool) for x in values
        ):
            data[name] = pd.Series(values)
        else:
            data[name] = pd.Series(values, dtype=object)
    return pd.DataFrame(data, columns=columns)


def _builder(
    build: Callable[..., nx.Graph] | None, function: str, missing: str = "build="
) -> Callable[..., nx.Graph]:
    """The caller's graph builder, or (deprecated, for one release) the cooperation graph.

    The gap measures do not import :mod:`netzwerk.graph` (measures take graphs; the caller
    decides how they are built). Without ``build`` the old call form still works: the builder is
    then :func:`netzwerk.cooperation_graph`, reached through the public package, with a warning.
    """
    if build is not None:
        if not callable(build):
            raise TypeError(
                f"build must be a callable city -> graph (e.g. netzwerk.cooperation_graph), "
                f"got {type(build).__name__}"
            )
        return build
    warnings.warn(
        f"{function}() without {missing} is deprecated and will need it in the next release; "
        f"pass {'build=netzwerk.cooperation_graph' if missing == 'build=' else missing}",
        DeprecationWarning,
        stacklevel=1,  # attributed here: not shown in the report notebooks until they move
    )
    import netzwerk

    return netzwerk.cooperation_graph


def _table_scores(
    measures: Any, G: nx.Graph, *, alpha: float, group: str, function: str
) -> pd.DataFrame:
    """Betweenness (0 where an actor mediates nothing) and total brokerage from a broker table.

    :func:`netzwerk.gaps.broker_stability` and :func:`netzwerk.gaps.broker_robustness` take
    the report's :func:`netzwerk.brokers.broker_table` of the full graph instead of computing
    its betweenness and roles again; it must be the table of ``G`` with the same ``alpha`` and
    ``group``, exact (no sampled sources) and weighted by ``"weight"``.
    """
    if not isinstance(measures, pd.DataFrame):
        raise TypeError(
            f"measures must be the broker table of the graph (netzwerk.broker_table), "
            f"got {type(measures).__name__}"
        )
    missing = [c for c in ("betweenness", "mediates", "total") if c not in measures.columns]
    if missing:
        raise ValueError(
            f"measures lacks the column(s) {missing}; pass the table of netzwerk.broker_table"
        )
    wanted = {"alpha": alpha, "group": group, "weight": "weight", "k": None}
    for key, value in wanted.items():
        if key in measures.attrs and measures.attrs[key] != value:
            raise ValueError(
                f"measures was computed with {key}={measures.attrs[key]!r}, but {function} "
                f"ranks with {key}={value!r}; pass broker_table(G, {key}={value!r}) or leave "
                f"measures out"
            )
    nodes = list(G)
    if len(measures) != len(nodes) or not measures.index.isin(nodes).all():
        raise ValueError(
            f"measures must have one row per actor of the graph {function} builds "
            f"({len(nodes)} actors, the table has {len(measures)} rows): the table of the same "
            f"city, weighting and period"
        )
    table = measures.reindex(nodes)
    mediates = table["mediates"].astype(bool)
    return pd.DataFrame(
        {
            "betweenness": table["betweenness"].astype(float).where(mediates, 0.0),
            "brokerage": table["total"].astype(float),
        },
        index=table.index,
    )
