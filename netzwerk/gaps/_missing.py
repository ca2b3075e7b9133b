"""Missing ties (cross-sector pairs sharing partners) and ranked tie suggestions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from netzwerk._checks import check_graph, group_codes, is_missing, renamed
from netzwerk.gaps._closure import shared_partners, string_ranks
from netzwerk.gaps._common import _check_count, _edge_arrays, _frame
from netzwerk.gaps._needs import _node_for, _parents, _resource_matches
from netzwerk.gaps._text import TEXT_THRESHOLD

if TYPE_CHECKING:
    from netzwerk.io import City

# ---------------------------------------------------------------------------------------------
# missing_ties
# ---------------------------------------------------------------------------------------------


def missing_ties(G: nx.Graph, *, group: str = "sector", min_common: int = 2) -> pd.DataFrame:
    r"""Cross-group pairs without a tie that share partners (triadic-closure opportunities).

    Two actors of different groups who both cooperate with the same partners, but not with each
    other, are the cheapest tie to add: they already meet through a third. Pairs are ranked by
    the number of shared partners, then by their Jaccard similarity

    .. math::

        J(u, v) = \frac{|N(u) \cap N(v)|}{|N(u) \cup N(v)|}.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        The cooperation graph (a directed graph is read as undirected: a tie in either
        direction counts). Not modified; self-loops are ignored.
    group : str, default "sector"
        Node attribute that defines the groups; only pairs from different groups are listed.
    min_common : int, default 2
        Smallest number of shared partners for a pair to be listed.

    Returns
    -------
    pandas.DataFrame
        One row per pair, best first: ``rank`` (1, 2, ...), ``actor_a``, ``actor_b`` (sorted
        as strings within the pair), ``group_a``, ``group_b``, ``n_common``, ``jaccard``,
        ``common`` (tuple of the shared partners' ids, sorted), ``common_names`` (their
        ``name`` attributes, or ids, joined with ``"; "``). Empty when no pair qualifies.

    Raises
    ------
    TypeError
        If ``G`` is not a simple networkx graph or ``min_common`` is not an integer.
    ValueError
        If a node lacks the ``group`` attribute or ``min_common < 1``.

    See Also
    --------
    suggest_ties : these pairs ranked with other evidence and a German reason.
    sector_gaps : where between the sectors ties are missing.

    References
    ----------
    .. [1] Granovetter, M. (1973). The strength of weak ties. *American Journal of Sociology*
       78(6), 1360–1380 (the forbidden triad).
    .. [2] Liben-Nowell, D. & Kleinberg, J. (2007). The link-prediction problem for social
       networks. *JASIST* 58(7), 1019–1031.

    Examples
    --------
    The Jobcenter ``jc`` and the welfare association ``awo`` both work with ``stadt`` and
    ``mso``, but not with each other: 2 shared partners out of 2, Jaccard 1.

    >>> import networkx as nx
    >>> G = nx.Graph([("jc", "stadt"), ("jc", "mso"), ("awo", "stadt"), ("awo", "mso")])
    >>> nx.set_node_attributes(G, {"jc": "arbeitsmarkt", "awo": "wohlfahrt",
    ...     "stadt": "verwaltung", "mso": "mso"}, "sector")
    >>> t = missing_ties(G)
    >>> t[["actor_a", "actor_b", "n_common", "jaccard"]]
      actor_a actor_b  n_common  jaccard
    0     awo      jc         2      1.0
    1     mso   stadt         2      1.0
    >>> t.loc[0, "common"]
    ('mso', 'stadt')

    (``mso`` and ``stadt`` likewise share ``awo`` and ``jc``.)
    """
    check_graph(G, multigraph=False)
    min_common = _check_count(min_common, "min_common", 1)
    nodes = list(G.nodes)
    codes, _groups = group_codes(G, group)
    groups = _groups
    columns = [
        "rank",
        "actor_a",
        "actor_b",
        "group_a",
        "group_b",
        "n_common",
        "jaccard",
        "common",
        "common_names",
    ]
    n = len(nodes)
    u, v, _ = _edge_arrays(G, nodes)
    if n == 0 or len(u) == 0:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    A = sp.coo_matrix((np.ones(len(u)), (u, v)), shape=(n, n)).tocsr()
    A = ((A + A.T) > 0).astype(np.int64)
    common = sp.triu(A @ A, k=1).tocoo()
    keep = common.data >= min_common
    rows, cols, counts = common.row[keep], common.col[keep], common.data[keep]
    adjacent = np.asarray(A[rows, cols]).ravel() > 0 if len(rows) else np.zeros(0, dtype=bool)
    keep = ~adjacent & (codes[rows] != codes[cols])
    rows, cols, counts = rows[keep], cols[keep], counts[keep]
    if len(rows) == 0:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    degree = np.asarray(A.sum(axis=1)).ravel()
    jaccard = counts / (degree[rows] + degree[cols] - counts)
    # the pairs as the table shows them: actor_a before actor_b as strings, then the rows
    # best first (ties in the order of the pair enumeration), partners sorted as strings
    rank = string_ranks(nodes)
    swap = rank[cols] < rank[rows]
    first = np.where(swap, cols, rows)
    second = np.where(swap, rows, cols)
    order = np.lexsort(
        (np.arange(len(rows)), rank[second], rank[first], -jaccard, -counts.astype(np.int64))
    )
    first, second = first[order], second[order]
    counts, jaccard = counts[order], jaccard[order]
    partners, offsets = shared_partners(A, first, second, rank)
    node_array = np.empty(n, dtype=object)
    node_array[:] = nodes
    labels = node_array[partners].tolist()
    shown = np.array([str(G.nodes[x].get("name") or x) for x in nodes], dtype=object)
    shown_flat = shown[partners].tolist()
    bounds = offsets.tolist()
    out = pd.DataFrame(
        {
            "actor_a": [nodes[i] for i in first.tolist()],
            "actor_b": [nodes[j] for j in second.tolist()],
            "group_a": [groups[c] for c in codes[first].tolist()],
            "group_b": [groups[c] for c in codes[second].tolist()],
            "n_common": counts.astype(np.int64),
            "jaccard": jaccard.astype(float),
            "common": pd.Series(
                [tuple(labels[s:e]) for s, e in zip(bounds[:-1], bounds[1:], strict=True)],
                dtype=object,
            ),
            "common_names": [
                "; ".join(shown_flat[s:e]) for s, e in zip(bounds[:-1], bounds[1:], strict=True)
            ],
        }
    )
    out.insert(0, "rank", np.arange(1, len(out) + 1))
    out.attrs = {"group": group, "min_common": min_common}
    return out


# ---------------------------------------------------------------------------------------------
# suggest_ties
# ---------------------------------------------------------------------------------------------


@renamed(k="top")
def suggest_ties(
    city: City,
    G: nx.Graph,
    *,
    top: int = 10,
    group: str = "sector",
    min_common: int = 2,
    threshold: float = TEXT_THRESHOLD,
    seed: int = 0,
    closure: pd.DataFrame | None = None,
    community: pd.Series | Mapping[Any, Any] | None = None,
) -> pd.DataFrame:
    r"""Ranked cooperation suggestions, each with a one-line German reason.

    Three kinds of evidence propose a pair of actors without a tie in ``G``:

    * **resource match** — one actor's need card matches the other's offer card
      (:func:`unmet_needs` rules: same topic, else text similarity ≥ ``threshold``);
    * **cross-sector closure** — the two belong to different groups and share at least
      ``min_common`` partners (:func:`missing_ties`);
    * **community bridge** — the two lie in different Leiden communities
      (:func:`netzwerk.brokers.communities`); for every pair of communities of at least two
      actors, the best-connected member of each (most ties inside its community) is proposed,
      and the pair is flagged a bridge when the two communities have at most one tie between
      them so far.

    A pair's score adds the three:

    .. math::

        s = 2\,[\text{resource match}] + \frac{c}{c_{\max}} + [\text{bridge}],

    with :math:`c` the number of shared partners and :math:`c_{\max}` its maximum over the
    candidates: a concrete need met counts most, closure is graded, a bridge counts once.

    Parameters
    ----------
    city : City
        The city (resource cards, actor names).
    G : networkx.Graph
        The cooperation graph (e.g. :func:`netzwerk.graph.cooperation_graph`). Not modified.
    top : int, default 10
        Number of suggestions.
    group : str, default "sector"
        Node attribute for the cross-group condition of the closure evidence.
    min_common : int, default 2
        Shared partners needed for closure evidence.
    threshold : float, default :data:`TEXT_THRESHOLD`
        Text similarity for resource matches across topics.
    seed : int, default 0
        Seed of the Leiden communities.
    closure : pandas.DataFrame, optional
        The table of :func:`missing_ties` ``(G, group=group, min_common=min_common)`` when the
        caller has it already (the report does); computed here otherwise.
    community : pandas.Series or mapping, optional
        Community of every node, e.g. the ``community`` column of :func:`netzwerk.brokers.broker_table`
        ``(G, seed=seed)`` for an undirected ``G`` (the same Leiden call); computed here with
        :func:`netzwerk.brokers.communities` otherwise.

    Returns
    -------
    pandas.DataFrame
        At most ``top`` rows, best first: ``rank``, ``actor_a``, ``actor_b``, ``name_a``,
        ``name_b``, ``sector_a``, ``sector_b``, ``score``, ``resource_matches`` (number of
        matching need/offer card pairs, either direction), ``n_common``, ``bridge``,
        ``reason`` (German, one line). Empty when no candidate exists.

    Raises
    ------
    TypeError, ValueError
        For a graph or arguments of the wrong kind (see :func:`missing_ties`).

    See Also
    --------
    missing_ties : the closure evidence.
    unmet_needs : the Ressourcenbörse evidence.
    netzwerk.brokers.communities : the bridge evidence.

    Notes
    -----
    The score is a heuristic to order a short list for a meeting, not an estimate of how
    likely a tie is.

    References
    ----------
    .. [1] Burt, R. S. (2004). Structural holes and good ideas. *American Journal of Sociology*
       110(2), 349–399.
    .. [2] Liben-Nowell, D. & Kleinberg, J. (2007). The link-prediction problem for social
       networks. *JASIST* 58(7), 1019–1031.

    Examples
    --------
    ``mso`` looks for interpreters, which ``awo`` offers; they have never met.

    >>> import pandas as pd, networkx as nx
    >>> from netzwerk.io import City
    >>> city = City.from_frames(
    ...     actors=pd.DataFrame({"actor_id": ["mso", "awo", "stadt"],
    ...         "name": ["Kulturverein", "AWO", "Stadt"],
    ...         "sector": ["mso", "wohlfahrt", "verwaltung"], "level": ["kommune"] * 3}),
    ...     resources=pd.DataFrame({"resource_id": ["n1", "o1"], "actor_id": ["mso", "awo"],
    ...         "attribution": ["stated"] * 2, "kind": ["need", "offer"],
    ...         "topic": ["sprachmittlung"] * 2, "text": ["Sprachmittler", "Sprachmittlung"]}))
    >>> G = nx.Graph([("mso", "stadt"), ("awo", "stadt")])
    >>> nx.set_node_attributes(G, {"mso": "mso", "awo": "wohlfahrt", "stadt": "verwaltung"},
    ...                        "sector")
    >>> t = suggest_ties(city, G)
    >>> t.loc[0, "actor_a"], t.loc[0, "actor_b"], int(t.loc[0, "resource_matches"])
    ('awo', 'mso', 1)
    >>> print(t.loc[0, "reason"])
    AWO bietet „Sprachmittlung“ (Sprachmittlung), was Kulturverein sucht
    """
    from netzwerk.vocab import load_vocabulary

    check_graph(G, multigraph=False)
    k = _check_count(top, "top", 1)
    columns = [
        "rank", "actor_a", "actor_b", "name_a", "name_b", "sector_a", "sector_b",
        "score", "resource_matches", "n_common", "bridge", "reason",
    ]  # fmt: skip
    names = {
        a: str(n)
        for a, n in zip(
            city.actors["actor_id"].astype(str), city.actors["name"].astype(object), strict=True
        )
        if not is_missing(n)
    }
    names.update({n: str(G.nodes[n]["name"]) for n in G if G.nodes[n].get("name")})
    names.update({n: str(n) for n in G if n not in names})
    topics = load_vocabulary("topics").labels("de")
    parents = _parents(city)

    def key(a: Any, b: Any) -> tuple[Any, Any]:
        return (a, b) if str(a) <= str(b) else (b, a)

    def adjacent(a: Any, b: Any) -> bool:
        return G.has_edge(a, b) or (G.is_directed() and G.has_edge(b, a))

    # evidence other than closure (few pairs): resource matches and community bridges
    evidence: dict[tuple[Any, Any], dict[str, Any]] = {}

    def entry(a: Any, b: Any) -> dict[str, Any]:
        return evidence.setdefault(
            key(a, b), {"matches": [], "n_common": 0, "common": (), "bridge": None}
        )

    # resource matches between named actors without a tie
    matches = _resource_matches(city, threshold)
    for row in matches.itertuples(index=False):
        a = _node_for(row.need_actor, G, parents)
        b = _node_for(row.offer_actor, G, parents)
        if a is None or b is None or a == b or adjacent(a, b):
            continue
        entry(a, b)["matches"].append((b, a, row.offer, row.topic))
    n_matched = len(evidence)

    # cross-group closure: one row per pair, kept as columns (there can be 10^5 pairs)
    if closure is None:
        closure = missing_ties(G, group=group, min_common=min_common)
    elif not isinstance(closure, pd.DataFrame) or not {"actor_a", "actor_b"} <= set(closure):
        raise TypeError("closure must be the table of missing_ties(G, ...) or None")
    closure_a = closure["actor_a"].tolist()
    closure_b = closure["actor_b"].tolist()
    closure_n = closure["n_common"].to_numpy(dtype=np.int64) if len(closure) else np.zeros(0, int)
    closure_row = {}
    for i, pair in enumerate(zip(closure_a, closure_b, strict=True)):
        closure_row[pair] = i
        if pair in evidence:
            evidence[pair]["n_common"] = int(closure_n[i])
            evidence[pair]["common"] = closure["common"].iat[i]

    # community bridges
    if G.number_of_edges() > 0:
        H = G.to_undirected(as_view=True) if G.is_directed() else G
        if community is None:
            from netzwerk.brokers import communities

            community_of = communities(H, seed=seed).to_dict()
        else:
            community_of = {n: community[n] for n in H}
        members: dict[int, list[Any]] = {}
        for node, c in community_of.items():
            members.setdefault(int(c), []).append(node)
        inner = {
            n: sum(1 for m in H[n] if m != n and community_of[m] == community_of[n]) for n in H
        }
        between: dict[tuple[int, int], int] = {}
        for u, v in H.edges():
            cu, cv = int(community_of[u]), int(community_of[v])
            if cu != cv:
                between[(min(cu, cv), max(cu, cv))] = between.get((min(cu, cv), max(cu, cv)), 0) + 1
        big = sorted(c for c, m in members.items() if len(m) >= 2)
        hub = {c: max(members[c], key=lambda n: (inner[n], H.degree(n), str(n))) for c in big}
        for i, ca in enumerate(big):
            for cb in big[i + 1 :]:
                ties = between.get((ca, cb), 0)
                a, b = hub[ca], hub[cb]
                if ties > 1 or adjacent(a, b):
                    continue
                pair = key(a, b)
                e = entry(a, b)
                e["bridge"] = (ca, len(members[ca]), cb, len(members[cb]), ties)
                if pair in closure_row and not e["n_common"]:
                    e["n_common"] = int(closure_n[closure_row[pair]])
                    e["common"] = closure["common"].iat[closure_row[pair]]

    if not evidence and not len(closure):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    c_max = max(
        int(closure_n.max()) if len(closure_n) else 0,
        max((e["n_common"] for e in evidence.values()), default=0),
    )
    c_max = c_max or 1

    # every candidate's score, then the reasons for the best k only; ties in the score go by
    # the two ids as strings, then by the order the evidence was found (matches, closure,
    # bridges), as a stable sort of all candidates would give
    pairs = list(evidence)
    seq = list(range(n_matched)) + [
        n_matched + closure_row[pair] if pair in closure_row else n_matched + len(closure) + i
        for i, pair in enumerate(pairs[n_matched:])
    ]
    score = [
        2.0 * (len(e["matches"]) > 0) + e["n_common"] / c_max + 1.0 * (e["bridge"] is not None)
        for e in evidence.values()
    ]
    only_closure = np.array(
        [pair not in evidence for pair in zip(closure_a, closure_b, strict=True)], dtype=bool
    )
    candidates_a = [p[0] for p in pairs] + [
        a for a, keep in zip(closure_a, only_closure, strict=True) if keep
    ]
    candidates_b = [p[1] for p in pairs] + [
        b for b, keep in zip(closure_b, only_closure, strict=True) if keep
    ]
    all_score = np.concatenate([np.asarray(score, dtype=float), closure_n[only_closure] / c_max])
    all_seq = np.concatenate(
        [np.asarray(seq, dtype=np.int64), n_matched + np.flatnonzero(only_closure)]
    )
    # string ranks of the nodes, so that a and b compare on one scale
    node_rank = dict(zip(G, string_ranks(list(G)).tolist(), strict=True))
    rank_a = np.fromiter((node_rank[x] for x in candidates_a), np.int64, len(candidates_a))
    rank_b = np.fromiter((node_rank[x] for x in candidates_b), np.int64, len(candidates_b))
    best = np.lexsort((all_seq, rank_b, rank_a, -all_score))[:k]

    records = []
    for c in best.tolist():
        a, b = candidates_a[c], candidates_b[c]
        if (a, b) in evidence:
            e = evidence[(a, b)]
        else:
            i = closure_row[(a, b)]
            e = {
                "matches": [],
                "n_common": int(closure_n[i]),
                "common": closure["common"].iat[i],
                "bridge": None,
            }
        n_matches = len(e["matches"])
        score_c = float(all_score[c])
        reasons = []
        if n_matches:
            offerer, needer, offer, topic = e["matches"][0]
            text = _card_text(city, offer)
            reasons.append(
                f"{names[offerer]} bietet „{text}“ ({topics.get(topic, topic)}), "
                f"was {names[needer]} sucht"
                + (f" (und {n_matches - 1} weitere passende Karten)" if n_matches > 1 else "")
            )
        if e["n_common"]:
            shown = ", ".join(names.get(p, str(p)) for p in e["common"][:2])
            more = " u. a." if len(e["common"]) > 2 else ""
            reasons.append(
                f"beide arbeiten mit {e['n_common']} gemeinsamen Partnern ({shown}{more}) "
                "zusammen, aber nicht miteinander"
            )
        if e["bridge"] is not None:
            ca, na, cb, nb, ties = e["bridge"]
            now = "keine Verbindung" if ties == 0 else "nur eine Verbindung"
            reasons.append(
                f"verbindet Teilnetz {ca + 1} ({na} Akteure) und Teilnetz {cb + 1} "
                f"({nb} Akteure), zwischen denen es bisher {now} gibt"
            )
        reason = "; ".join(reasons)
        records.append(
            (
                a,
                b,
                names.get(a, str(a)),
                names.get(b, str(b)),
                G.nodes[a].get(group) if a in G else None,
                G.nodes[b].get(group) if b in G else None,
                score_c,
                n_matches,
                int(e["n_common"]),
                e["bridge"] is not None,
                reason if n_matches else reason[:1].upper() + reason[1:],
            )
        )
    out = _frame(records, columns[1:])
    out = out.reset_index(drop=True)
    out.insert(0, "rank", np.arange(1, len(out) + 1))
    out.attrs = {"top": k, "group": group, "min_common": min_common, "threshold": threshold}
    return out


def _card_text(city: City, resource_id: str) -> str:
    """The text of the resource card ``resource_id`` (shortened to 60 characters).

    Examples
    --------
    >>> import pandas as pd
    >>> from netzwerk.io import City
    >>> city = City.from_frames(resources=pd.DataFrame({"resource_id": ["o1"],
    ...     "attribution": ["stated"], "kind": ["offer"], "topic": ["ressourcen"],
    ...     "text": ["Räume"]}))
    >>> _card_text(city, "o1")
    'Räume'
    """
    hit = city.resources.loc[city.resources["resource_id"] == resource_id, "text"]
    if hit.empty or is_missing(hit.iloc[0]):
        return str(resource_id)
    text = " ".join(str(hit.iloc[0]).split())
    return text if len(text) <= 60 else text[:59] + "…"
