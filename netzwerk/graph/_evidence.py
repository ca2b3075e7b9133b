"""The data behind a tie (``tie_evidence``) and ties gained and lost (``compare_graphs``)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any

import networkx as nx
import pandas as pd

from netzwerk.graph._nodes import _Actors, _actors
from netzwerk.graph._periods import (
    DEFAULT_STATUSES,
    Period,
    _check_statuses,
    _events_in_period,
    _in_period,
    _period_record,
    period_bounds,
)
from netzwerk.io import City

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

    See Also
    --------
    cooperation_graph : The tie whose rows this lists.
    two_mode_graph : Every participation as an edge.

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

    See Also
    --------
    cooperation_graph : The graphs to compare, e.g. one per period.
    period_bounds : How a period is read.

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
