"""Argument checks shared by the measures (and plots): graphs, missing values, group codes.

Each check is a few lines and raises with a one-line message that names the argument, the bad
value and what would be right (house rule 11). One rule lives here once:

- :func:`check_graph`: is it a networkx graph of the kind the function can take?
- :func:`is_missing`: None, ``pd.NA``, ``pd.NaT`` and float NaN are missing values.
- :func:`group_codes`: an integer code per node for a node attribute or a node -> group mapping.
"""

from __future__ import annotations

import functools
import math
import warnings
from collections.abc import Hashable, Mapping
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

__all__ = ["check_graph", "group_codes", "is_missing", "renamed"]


def check_graph(
    G: Any,
    *,
    name: str = "G",
    directed: bool | None = None,
    multigraph: bool = True,
    weight: str | None = None,
) -> nx.Graph:
    """Check that ``G`` is a networkx graph of the wanted kind and return it.

    Parameters
    ----------
    G : object
        The argument to check.
    name : str, default "G"
        The argument's name in the message.
    directed : bool, optional
        True: ``G`` must be directed; False: undirected; None (default): either.
    multigraph : bool, default True
        False: a MultiGraph or MultiDiGraph is refused (collapse parallel edges first).
    weight : str, optional
        If given, every edge's ``weight`` attribute, where present, must be a positive finite
        number (an edge without it weighs 1). None (default): weights are not checked.

    Returns
    -------
    networkx.Graph
        ``G`` itself, unchanged.

    Raises
    ------
    TypeError
        If ``G`` is not a networkx graph, or is a multigraph where ``multigraph=False``.
    ValueError
        If ``G`` has the wrong direction, or an edge weight is not a positive number.

    See Also
    --------
    group_codes : group codes per node of a checked graph.

    Examples
    --------
    >>> check_graph(nx.MultiGraph(), multigraph=False)
    Traceback (most recent call last):
    ...
    TypeError: G is a MultiGraph; expected a simple Graph or DiGraph (collapse parallel edges first, e.g. nx.Graph(G))
    """
    if not isinstance(G, nx.Graph):
        kinds = "Graph or DiGraph" if not multigraph else "graph"
        raise TypeError(f"{name} must be a networkx {kinds}, got {type(G).__name__}")
    if not multigraph and G.is_multigraph():
        raise TypeError(
            f"{name} is a {type(G).__name__}; expected a simple Graph or DiGraph "
            "(collapse parallel edges first, e.g. nx.Graph(G))"
        )
    if directed is not None and G.is_directed() != directed:
        want = "directed" if directed else "undirected"
        raise ValueError(f"{name} must be {want}, got a {type(G).__name__}")
    if weight is not None:
        for u, v, value in G.edges(data=weight, default=1):
            ok = not isinstance(value, bool) and isinstance(value, int | float | np.number)
            if not ok or not math.isfinite(value) or value <= 0:
                raise ValueError(
                    f"{name}: edge ({u!r}, {v!r}) has {weight}={value!r}; "
                    "weights must be positive numbers"
                )
    return G


def is_missing(value: Any) -> bool:
    """Whether ``value`` is a missing value: None, ``pd.NA``, ``pd.NaT`` or a float NaN.

    Parameters
    ----------
    value : object
        Any scalar (a cell of a table, a node attribute).

    Returns
    -------
    bool
        True for None, ``pd.NA``, ``pd.NaT`` and float (also numpy float) NaN; False otherwise,
        also for the empty string and for containers.

    See Also
    --------
    group_codes : refuses nodes whose group is missing.

    Examples
    --------
    >>> [is_missing(v) for v in (None, float("nan"), pd.NA, pd.NaT, "", 0)]
    [True, True, True, True, False, False]
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def group_codes(
    G: nx.Graph, group: str | Mapping[Hashable, Hashable]
) -> tuple[np.ndarray, list[Hashable]]:
    """Integer group code per node (in ``G``'s node order) and the groups, sorted by ``str``.

    Code ``k`` stands for ``groups[k]``; the groups are sorted by their text (``str``), so that
    the codes, and every table ordered by them, do not depend on the order of the nodes.

    Parameters
    ----------
    G : networkx.Graph
        Any networkx graph.
    group : str or mapping
        The node attribute holding each node's group (e.g. ``"sector"``), or a mapping
        node -> group covering every node.

    Returns
    -------
    codes : numpy.ndarray
        int64 code per node, in the order of ``G.nodes``.
    groups : list
        The distinct groups, sorted by ``str``; ``groups[codes[i]]`` is node i's group.

    Raises
    ------
    ValueError
        If a node has no group (attribute absent, or a missing value).
    TypeError
        If ``group`` is neither a string nor a mapping.

    See Also
    --------
    is_missing : what counts as no group.

    Notes
    -----
    The order sorted by ``str`` is the one the permutation tests of :mod:`netzwerk.gaps` were
    built on (their group pairs and draws follow it); the broker measures use only the
    assignment node -> group, which no order changes, so one order serves both.

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("b", "c")])
    >>> nx.set_node_attributes(G, {"a": "verwaltung", "b": "mso", "c": "verwaltung"}, "sector")
    >>> codes, groups = group_codes(G, "sector")
    >>> codes.tolist(), groups
    ([1, 0, 1], ['mso', 'verwaltung'])
    """
    if isinstance(group, str):
        values = []
        for node, data in G.nodes(data=True):
            if group not in data or is_missing(data[group]):
                raise ValueError(
                    f"group: node {node!r} has no attribute {group!r} (or a missing value); "
                    "every node needs a group (e.g. its sector)"
                )
            values.append(data[group])
    elif isinstance(group, Mapping):
        values = []
        for node in G:
            if node not in group or is_missing(group[node]):
                raise ValueError(f"group: no group for node {node!r}; the mapping must cover G")
            values.append(group[node])
    else:
        raise TypeError(
            f"group must be a node attribute name or a mapping node -> group, "
            f"got {type(group).__name__}"
        )
    groups = sorted(set(values), key=str)
    index = {g: i for i, g in enumerate(groups)}
    codes = np.fromiter((index[v] for v in values), dtype=np.int64, count=len(values))
    return codes, groups


def renamed(**old_to_new: str) -> Any:
    """Keep an old keyword working for one release: ``@renamed(label_top="top")``.

    The one rule for a renamed keyword: the old name still works, with a ``DeprecationWarning``
    that names the new one; both at once are a ``TypeError``. The signature shown by
    ``inspect.signature`` (and ``help``) is the new one.

    Examples
    --------
    >>> import warnings
    >>> @renamed(top_n="top")
    ... def head(values, *, top=2):
    ...     return values[:top]
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     head([1, 2, 3], top_n=1), caught[0].category.__name__
    ([1], 'DeprecationWarning')
    """

    def decorate(func: Any) -> Any:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            for old, new in old_to_new.items():
                if old in kwargs:
                    if new in kwargs:
                        raise TypeError(f"{func.__name__}() got both {old!r} and {new!r}")
                    warnings.warn(
                        f"{func.__name__}({old}=...) is deprecated; use {new}=...",
                        DeprecationWarning,
                        stacklevel=2,
                    )
                    kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        return wrapper

    return decorate
