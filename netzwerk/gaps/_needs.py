"""Unmet needs of a Ressourcenbörse: need cards matched with offer cards and ties."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
import pandas as pd

from netzwerk._checks import check_graph, is_missing
from netzwerk.gaps._common import _builder, _frame
from netzwerk.gaps._text import TEXT_THRESHOLD, text_similarity

if TYPE_CHECKING:
    from netzwerk.io import City


def _resource_matches(city: City, threshold: float) -> pd.DataFrame:
    """One row per (need, offer) that match, with how they match and the text similarity."""
    columns = ["need", "offer", "need_actor", "offer_actor", "topic", "by", "similarity"]
    cards = city.resources.reset_index(drop=True)
    if cards.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    similarity = text_similarity([str(t) if not is_missing(t) else "" for t in cards["text"]])
    kind = cards["kind"].astype(object).to_numpy()
    topic = cards["topic"].astype(object).to_numpy()
    actor = [None if is_missing(a) else str(a) for a in cards["actor_id"].astype(object)]
    ids = cards["resource_id"].astype(object).to_numpy()
    needs = np.flatnonzero(kind == "need")
    offers = np.flatnonzero(kind == "offer")
    records = []
    for i in needs:
        for j in offers:
            if actor[i] is not None and actor[i] == actor[j]:
                continue  # an actor does not meet its own need
            same_topic = topic[i] == topic[j] and topic[i] != "sonstiges"
            score = float(similarity[i, j])
            if same_topic or score >= threshold:
                by = "topic" if same_topic else "text"
                records.append((ids[i], ids[j], actor[i], actor[j], topic[j], by, score))
    if not records:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    return _frame(records, columns)


def _node_for(actor_id: str | None, G: nx.Graph, parents: dict[str, str | None]) -> Any:
    """The node of ``G`` that stands for ``actor_id`` (itself, or its organisation if collapsed)."""
    seen = set()
    while actor_id is not None and actor_id not in seen:
        if actor_id in G:
            return actor_id
        seen.add(actor_id)
        actor_id = parents.get(actor_id)
    return None


def _parents(city: City) -> dict[str, str | None]:
    return {
        str(a): (None if is_missing(p) else str(p))
        for a, p in zip(
            city.actors["actor_id"].astype(object),
            city.actors["parent_id"].astype(object),
            strict=True,
        )
    }


def unmet_needs(
    city: City, G: nx.Graph | None = None, *, threshold: float = TEXT_THRESHOLD
) -> pd.DataFrame:
    r"""Need cards of the Ressourcenbörse, their matching offers, and whether the two actors meet.

    A need card and an offer card match when they carry the same topic of the ``topics``
    vocabulary (except ``sonstiges``), or else when their texts are similar: cosine similarity
    of TF-IDF character n-gram vectors (:func:`text_similarity`) of at least ``threshold``. An
    offer by the same actor as the need does not count. Each need then gets a status:

    ``unmet``
        No offer card matches: nobody at the Börse offers it.
    ``unconnected``
        An offer matches, but the need's actor has no tie in ``G`` to any actor of a matching
        offer (also when every matching offer is anonymous). An *anonymous* need (no
        ``actor_id``) with a matching offer is always ``unconnected``: a tie to an unnamed
        card cannot be seen; the column ``anonymous`` marks these cards.
    ``connected``
        The need's actor already has a tie to the actor of a matching offer.

    Parameters
    ----------
    city : City
        The city; its ``resources`` table holds the cards.
    G : networkx.Graph
        The cooperation graph that defines a tie (e.g. :func:`netzwerk.graph.cooperation_graph`
        of the city). If its nodes are organisations (``collapse="organisation"``), a
        department's card counts for its organisation. Leaving it out is deprecated (for one
        release the city's cooperation graph is built, with a ``DeprecationWarning``).
    threshold : float, default 0.3 (:data:`TEXT_THRESHOLD`)
        Smallest text similarity for a match across topics. Chosen on short German cards:
        cards about the same thing score 0.3–0.75 ("Sprachmittler für Arabisch" / "Sprachmittlung
        Arabisch, Dari" 0.72, "Kontakte zu Jugendlichen im Stadtteil" / "Angebote für Kinder und
        Jugendliche" 0.33); cards that share only a word ending ("Sprachmittlung" /
        "Vermittlung von Ehrenamtlichen") about 0.25, unrelated cards below 0.1.

    Returns
    -------
    pandas.DataFrame
        One row per need card, in table order: ``resource_id``, ``actor_id`` (None if
        anonymous), ``anonymous``, ``topic``, ``text``, ``status``, ``offers`` (tuple of the
        matching offer cards' ids, best first: same topic first, then by text similarity),
        ``offer_actors`` (tuple of their named actors), ``connected_to`` (those already tied to
        the need's actor), ``n_offers``, ``best_similarity`` (highest text similarity to any
        offer card, NaN without offers at the Börse). Empty (with these columns) when the city
        has no need cards.

    Raises
    ------
    ValueError
        If ``threshold`` is not in [0, 1].

    See Also
    --------
    text_similarity : how card texts are compared.
    suggest_ties : turns unconnected matches into suggestions.

    Notes
    -----
    A ``connected`` need may still be unmet in practice (the two actors know each other but have
    not taken the step); an ``unconnected`` one is a concrete suggestion: introduce the two.

    Examples
    --------
    ``mso`` needs interpreting; ``awo`` offers it and already works with ``mso``. An
    anonymous card looks for rooms, which nobody offers.

    >>> import pandas as pd, networkx as nx
    >>> from netzwerk.io import City
    >>> city = City.from_frames(
    ...     actors=pd.DataFrame({"actor_id": ["mso", "awo"], "name": ["MSO", "AWO"],
    ...         "sector": ["mso", "wohlfahrt"], "level": ["kommune", "kommune"]}),
    ...     resources=pd.DataFrame({"resource_id": ["n1", "n2", "o1"],
    ...         "actor_id": ["mso", "", "awo"], "attribution": ["stated"] * 3,
    ...         "kind": ["need", "need", "offer"],
    ...         "topic": ["sprachmittlung", "ressourcen", "sprachmittlung"],
    ...         "text": ["Sprachmittler Arabisch", "Räume für Treffen", "Sprachmittlung"]}))
    >>> G = nx.Graph([("mso", "awo")])
    >>> unmet_needs(city, G)[["resource_id", "actor_id", "status", "offers"]]
      resource_id actor_id     status offers
    0          n1      mso  connected  (o1,)
    1          n2     None      unmet     ()
    """
    if isinstance(threshold, bool) or not isinstance(threshold, int | float):
        raise ValueError(f"threshold must be a number in [0, 1], got {threshold!r}")
    if not 0 <= threshold <= 1:
        raise ValueError(f"threshold must be a number in [0, 1], got {threshold!r}")
    columns = [
        "resource_id", "actor_id", "anonymous", "topic", "text", "status",
        "offers", "offer_actors", "connected_to", "n_offers", "best_similarity",
    ]  # fmt: skip
    cards = city.resources.reset_index(drop=True)
    need_rows = cards[cards["kind"] == "need"]
    if need_rows.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    if G is None:
        G = _builder(None, "unmet_needs", "G (the cooperation graph)")(city)
    else:
        check_graph(G, multigraph=False)
    parents = _parents(city)
    matches = _resource_matches(city, float(threshold))
    similarity = text_similarity([str(t) if not is_missing(t) else "" for t in cards["text"]])
    is_offer = (cards["kind"] == "offer").to_numpy()
    records = []
    by_need = dict(tuple(matches.groupby("need", sort=False))) if len(matches) else {}
    for i, card in need_rows.iterrows():
        need_id = card["resource_id"]
        actor = None if is_missing(card["actor_id"]) else str(card["actor_id"])
        mine = by_need.get(need_id, matches.iloc[:0])
        if len(mine):
            mine = mine.assign(_topic=(mine["by"] == "topic").astype(int)).sort_values(
                ["_topic", "similarity", "offer"], ascending=[False, False, True], kind="stable"
            )
        offers = tuple(mine["offer"]) if len(mine) else ()
        offer_actors = tuple(dict.fromkeys(a for a in mine["offer_actor"] if not is_missing(a)))
        node = _node_for(actor, G, parents)
        connected = tuple(
            a
            for a in offer_actors
            if node is not None
            and (other := _node_for(a, G, parents)) is not None
            and other != node
            and (G.has_edge(node, other) or (G.is_directed() and G.has_edge(other, node)))
        )
        if not offers:
            status = "unmet"
        elif connected:
            status = "connected"
        else:
            status = "unconnected"
        best = float(similarity[i, is_offer].max()) if is_offer.any() else np.nan
        records.append(
            (
                need_id,
                actor,
                actor is None,
                card["topic"],
                card["text"],
                status,
                offers,
                offer_actors,
                connected,
                len(offers),
                best,
            )
        )
    out = _frame(records, columns)
    out.attrs = {"threshold": float(threshold)}
    return out
