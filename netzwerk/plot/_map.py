"""The interactive network map (network_map): nodes, ties, tooltips, the pyvis Network."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import networkx as nx
import pandas as pd
from pyvis.network import Network

from netzwerk._dates import date_de
from netzwerk.plot._layout import _layout
from netzwerk.plot._map_html import _plain, map_html, map_iframe, write_map
from netzwerk.plot._style import (
    UNKNOWN_COLOR,
    _as_list,
    _by_actor,
    _check_graph,
    _check_positive_int,
    _city_synthetic,
    _fmt,
    _is_missing,
    _label,
    _node_name,
    _node_values,
    _renamed,
    _scale,
    _sector_color,
    _shorten,
    _title,
    _top_nodes,
    _truthy,
    sector_colors,
)
from netzwerk.plot._text import _TEXT, _TOOLTIP_MEASURES, _check_lang, _t


class NetworkMap(Network):
    """A pyvis ``Network`` that writes and displays itself offline.

    Made by :func:`network_map`. Besides pyvis' own attributes it keeps ``legend`` (list of
    (label, colour)), ``legend_aggregate`` (whether aggregate actors are drawn), ``map_title``,
    ``lang``, ``synthetic``, ``edge_cut`` ((shown, total) ties) and ``sectors`` ((code, label)
    for the sector filter). ``write_html``/``save_graph``
    write the self-contained document of :func:`write_map` instead of pyvis' template (which loads
    scripts from the internet), and in Jupyter the map shows inline through an ``iframe``.
    """

    legend: list[tuple[str, str]]
    legend_aggregate: bool
    map_title: str
    lang: str
    synthetic: bool
    edge_cut: tuple[int, int]
    sectors: list[tuple[str, str]]

    def generate_html(self, name: str = "index.html", local: bool = True, notebook: bool = False):
        """The offline document (:func:`map_html`); the arguments are ignored."""
        self.html = map_html(self)
        return self.html

    def write_html(self, name, local: bool = True, notebook: bool = False, open_browser=False):
        """Write the offline document to ``name`` (see :func:`write_map`)."""
        write_map(self, name)

    def save_graph(self, name):
        """Write the offline document to ``name`` (see :func:`write_map`)."""
        write_map(self, name)

    def _repr_html_(self) -> str:
        return map_iframe(self)


@_renamed(label_top="top")
def network_map(
    G: nx.Graph,
    *,
    measures: pd.DataFrame | None = None,
    seed: int = 0,
    lang: str = "de",
    physics: bool = False,
    size_by: str | None = None,
    top: int | None = None,
    city: Any = None,
    max_events: int = 8,
    pos: Mapping[Any, Any] | None = None,
    height: str = "720px",
    title: str | None = None,
    flows: Any = None,
    suppress_below: int | None = 5,
    max_edges: int | None = 3000,
) -> NetworkMap:
    """Interactive map of the network as a pyvis ``Network``; write it with :func:`write_map`.

    Positions are precomputed by the seeded layout of :func:`plot_network` and stored on the
    nodes, so the map opens at once and looks the same every time; the force simulation is off
    unless ``physics=True`` (the page has a checkbox to switch it). Nodes are coloured by sector
    (:func:`sector_colors`), sized by ``size_by``, and aggregate actors are squares. Hovering
    shows plain-text tooltips: for a node its name, sector, level and the key measures present
    in ``measures``; for a tie its weight, the events behind it and the referral count.

    Parameters
    ----------
    G : networkx.Graph
        Graph as :func:`netzwerk.cooperation_graph` returns it (edge attributes ``weight``,
        ``n_events``, ``events``, ``n_referrals``, ``layers`` are shown where present). Directed
        graphs get arrows.
    measures : pandas.DataFrame, optional
        Per-actor measures indexed by ``actor_id`` (e.g. :func:`netzwerk.brokers`); shown in
        tooltips: betweenness, total, constraint, effective_size, participation_coefficient,
        community, is_cutpoint (where present).
    seed : int, default 0
        Layout seed; the same graph and seed give a byte-identical file.
    lang : {"de", "en"}, default "de"
    physics : bool, default False
        Start with the force simulation running.
    size_by : str, optional
        As in :func:`plot_network`.
    top : int, optional
        Name only the ``top`` largest nodes on the canvas (all show names in tooltips).
        Default: all nodes up to 200, otherwise the 100 largest.
    city : netzwerk.City, optional
        Used to show event titles and dates instead of event ids in edge tooltips.
    max_events : int, default 8
        Events listed per edge tooltip; the rest are counted.
    pos : mapping, optional
        Precomputed positions node → (x, y) in [-1, 1]; overrides the layout.
    height : str, default "720px"
        Height of the drawing area.
    title : str, optional
        Page title; default "Kooperationsnetz" (plus the city's name and "synthetisch" where
        known).
    flows : netzwerk.report.FieldFlows, optional
        The report's field × sector referral table and its suppression pattern
        (:func:`netzwerk.report.field_flows`); default: computed from ``city`` with
        ``suppress_below``.
    suppress_below : int or None, default 5
        Referral counts of a tie are shown only when they are at least this and none of the
        tie's referral rows falls into a cell the published table hides; otherwise the tooltip
        says "verdeckt" and the tie's weight and width leave the referrals out (so no width
        encodes a hidden count, and the widths are scaled over what is shown). Without
        ``city`` (or ``flows``) every referral count is hidden. None shows all counts.
    max_edges : int or None, default 3000
        At most this many ties go into the map: the strongest (by the weight shown), every node
        is kept, and the page states the cut ("die 3.000 stärksten von 12.000 Verbindungen").
        None keeps all ties. Ties are always listed strongest first.

    Returns
    -------
    NetworkMap
        A subclass of ``pyvis.network.Network``; ``nodes``/``edges`` hold the vis-network data.

    Raises
    ------
    TypeError
        If ``G`` is not a networkx graph.
    ValueError
        If ``lang`` or ``size_by`` is invalid, or two nodes have the same text id.

    See Also
    --------
    write_map
        Writes the map as one offline HTML file.
    map_iframe
        The map for a notebook or report.
    plot_network
        The static figure of the same network.

    Notes
    -----
    The page (:func:`map_html`) has a search box (centres and selects an actor), a sector
    filter (the sector's actors and their direct partners) and a slider for the minimum tie
    strength; the mouse wheel zooms only after a click into the map or with Ctrl, otherwise it
    scrolls the page. Nodes carry ``name`` and ``sector`` (code), edges ``strength`` for these
    controls; ``net.edge_cut`` is ``(shown, total)`` ties.

    Edges are added directly to ``net.edges`` rather than through ``Network.add_edge``, which
    checks every existing edge and so needs quadratic time on large graphs. Node ids are the
    text of the networkx node keys.

    Examples
    --------
    >>> G = nx.Graph(synthetic=True)
    >>> G.add_node("a", name="Caritas <Stadtteil>", sector="wohlfahrt", level="kommune")
    >>> G.add_node("b", name="Jobcenter", sector="arbeitsmarkt", level="kommune")
    >>> G.add_edge("a", "b", weight=1.3, n_events=2, events=["e1", "e2"])
    >>> net = network_map(G)
    >>> net.num_nodes(), net.num_edges(), net.map_title
    (2, 1, 'Kooperationsnetz (synthetisch)')
    >>> print(net.edges[0]["title"])
    Caritas <Stadtteil> – Jobcenter
    Gewicht: 1,30
    Gemeinsame Veranstaltungen: 2
    · e1
    · e2
    >>> network_map(nx.complete_graph(5), max_edges=4).edge_cut
    (4, 10)
    """
    _check_graph(G)
    lang = _check_lang(lang)
    if top is not None and top != 0:
        top = _check_positive_int(top, "top")
    max_events = int(max_events)
    if max_edges is not None:
        max_edges = _check_positive_int(max_edges, "max_edges")
    measures = _by_actor(measures, "measures")
    nodes = list(G.nodes)
    ids = [str(n) for n in nodes]
    if len(set(ids)) != len(ids):
        raise ValueError("G has nodes whose text ids coincide (e.g. 1 and '1'); rename them")
    synthetic = bool(G.graph.get("synthetic", False)) or _city_synthetic(city)
    default_title = _t("network", lang)
    city_name = G.graph.get("city") or (getattr(city, "meta", {}) or {}).get("title")
    if city_name:
        default_title = f"{default_title}: {city_name}"
    map_title = _title(default_title, synthetic, lang, title)

    net = NetworkMap(height=height, width="100%", directed=G.is_directed(), heading="")
    net.lang, net.synthetic, net.map_title = lang, synthetic, map_title
    net.legend_aggregate = False
    net.edge_cut = (0, 0)
    net.sectors = []
    if not nodes:
        net.legend = []
        net.options = _map_options(physics, 0, 0, seed)
        return net
    values, size_name = _node_values(G, measures, size_by)
    sizes = _scale(values, 8.0, 40.0)
    if pos is None:
        pos = _layout(G, seed)
    spread = 60.0 * math.sqrt(len(nodes)) + 150.0
    if top is None:
        top = len(nodes) if len(nodes) <= 200 else 100
    labelled = set(_top_nodes(values, top)) if top else set()
    colors = sector_colors(G.nodes[n].get("sector") for n in nodes)
    show = [c for c in _TOOLTIP_MEASURES if measures is not None and c in measures.columns]
    # the tooltip values as plain dicts, read once (a column taken per node copies the table's
    # attrs into a new Series each time: seconds at 1,000 actors)
    tooltip = {c: measures[c].to_dict() for c in show} if measures is not None else {}
    for node, node_id in zip(nodes, ids, strict=True):
        data = G.nodes[node]
        name = _node_name(G, node)
        lines = [
            name,
            f"{_t('sector', lang)}: {_label('sectors', data.get('sector'), lang)}",
        ]
        if not _is_missing(data.get("level")) and data.get("level") is not None:
            lines.append(f"{_t('level', lang)}: {_label('levels', data.get('level'), lang)}")
        aggregate = _truthy(data.get("aggregate"))
        if aggregate:
            extra = data.get("size_estimate")
            note = (
                f" ({_t('size_estimate', lang)}: {extra})"
                if not _is_missing(extra) and extra is not None
                else ""
            )
            lines.append(_t("aggregate", lang) + note)
        if size_name == "degree" and "degree" not in show:
            lines.append(f"{_t('degree', lang)}: {G.degree(node)}")
        for column in show:
            value = tooltip[column].get(node, None)
            if column == "is_cutpoint":
                if _truthy(_plain(value)):
                    lines.append(_t("cutpoint_yes", lang))
                continue
            lines.append(f"{_t(column, lang)}: {_fmt(_plain(value), lang, 3)}")
        color = _sector_color(data.get("sector"), colors)
        x, y = (float(c) for c in pos[node])
        net.nodes.append(
            {
                "id": node_id,
                "name": name,
                "sector": None if _is_missing(data.get("sector")) else str(data.get("sector")),
                "label": _shorten(name, 40) if node in labelled else "",
                "title": "\n".join(lines),
                "shape": "square" if aggregate else "dot",
                "size": round(float(sizes[node]), 2),
                "color": {"background": color, "border": "#000000" if aggregate else "#ffffff",
                          "highlight": {"background": color, "border": "#000000"}},
                "borderWidth": 2 if aggregate else 1,
                "shapeProperties": {"borderDashes": [4, 3] if aggregate else False},
                "x": round(x * spread, 1),
                "y": round(-y * spread, 1),
            }
        )  # fmt: skip
        net.node_ids.append(node_id)
        net.node_map[node_id] = net.nodes[-1]
    event_text = _event_labels(city)
    secret = _hidden_referrals(G, city, flows, suppress_below)
    referral_layer = float((G.graph.get("layer_weights") or {}).get("referrals", 1.0))
    shown_weights = []
    for u, v, d in G.edges(data=True):
        w = d.get("weight", 1.0)
        w = 1.0 if _is_missing(w) else float(w)
        if secret(u, v, d):
            w -= referral_layer * float(d.get("weight_referrals") or 0.0)
        shown_weights.append(max(w, 0.0))
    wmax = max(shown_weights or [1.0]) or 1.0
    # strongest ties first (stable: ties keep the graph's order), cut at max_edges
    order = sorted(range(len(shown_weights)), key=lambda i: -shown_weights[i])
    if max_edges is not None:
        order = order[:max_edges]
    all_edges = list(G.edges(data=True))
    net.edge_cut = (len(order), len(all_edges))
    for i in order:
        (u, v, d), w = all_edges[i], shown_weights[i]
        hide = secret(u, v, d)
        lines = [f"{_node_name(G, u)} {'→' if G.is_directed() else '–'} {_node_name(G, v)}"]
        label = _t("weight_without_referrals" if hide else "weight", lang)
        lines.append(f"{label}: {_fmt(w, lang)}")
        events = _as_list(d.get("events"))
        n_events = d.get("n_events", len(events) if events else None)
        if not _is_missing(n_events) and n_events is not None and (events or n_events):
            lines.append(f"{_t('events', lang)}: {_fmt(_plain(n_events), lang)}")
            lines += [f"· {event_text.get(e, e)}" for e in events[:max_events]]
            if len(events) > max_events:
                lines.append(_t("more", lang, n=len(events) - max_events))
        n_ref = d.get("n_referrals")
        if hide:
            lines.append(f"{_t('referrals', lang)}: {_t('referrals_hidden', lang)}")
        elif not _is_missing(n_ref) and n_ref:
            lines.append(f"{_t('referrals', lang)}: {_fmt(_plain(n_ref), lang)}")
        layers = _as_list(d.get("layers"))
        if len(layers) > 1:  # a single layer is already said by the lines above
            words = [_TEXT[lang].get(f"layer_{x}", x) for x in layers]
            lines.append(f"{_t('layers', lang)}: {', '.join(words)}")
        edge = {
            "id": f"e{len(net.edges)}",
            "from": str(u),
            "to": str(v),
            "title": "\n".join(lines),
            "width": round(0.5 + 5.5 * w / wmax, 2),
            "strength": round(w, 4),
        }
        if G.is_directed():
            edge["arrows"] = "to"
        net.edges.append(edge)
    present = [s for s in colors]
    net.legend = [(_label("sectors", s, lang), colors[s]) for s in present]
    net.sectors = [(s, _label("sectors", s, lang)) for s in present]
    if any(_is_missing(G.nodes[n].get("sector")) for n in nodes):
        net.legend.append((_t("unknown", lang), UNKNOWN_COLOR))
    net.legend_aggregate = any(_truthy(G.nodes[n].get("aggregate")) for n in nodes)
    net.options = _map_options(physics, len(nodes), len(net.edges), seed)
    return net


def _hidden_referrals(G: nx.Graph, city: Any, flows: Any, suppress_below: int | None):
    """``secret(u, v, data)``: whether a tie's referral counts must not reach the reader.

    Hidden: a count below the threshold, or a tie with a referral row in a cell the published
    field × sector table hides (its count would add an equation on that cell). Ties without
    counted referrals have nothing to hide.
    """
    from netzwerk._flows import field_flows

    def has_counts(d: Mapping[str, Any]) -> bool:
        n = d.get("n_referrals")
        return not _is_missing(n) and bool(n)

    if flows is None and suppress_below is None:
        return lambda u, v, d: False
    if (flows is None and (city is None or city.referrals.empty)) or G.graph.get("collapse"):
        # rows cannot be matched to the ties (no city, or departments merged): hide all counts
        return lambda u, v, d: has_counts(d)
    if flows is None:
        flows = field_flows(city, threshold=_check_positive_int(suppress_below, "suppress_below"))
    if flows.threshold is None:
        return lambda u, v, d: False
    # the rows the table counts (the same period as the network); one in a hidden cell blocks
    # its tie
    refs, in_hidden = flows.hidden_rows(city)
    blocked = {
        frozenset((str(a), str(b)))
        for a, b in zip(refs["from_id"][in_hidden], refs["to_id"][in_hidden], strict=True)
    }
    threshold = flows.threshold

    def secret(u: Any, v: Any, d: Mapping[str, Any]) -> bool:
        if not has_counts(d):
            return False
        return float(d["n_referrals"]) < threshold or frozenset((str(u), str(v))) in blocked

    return secret


def _event_labels(city: Any) -> dict[str, str]:
    if city is None or city.events.empty:
        return {}
    labels = {}
    for row in city.events.itertuples(index=False):
        date = "" if _is_missing(row.date) else f"{date_de(row.date)} "
        labels[str(row.event_id)] = f"{date}{row.title}"
    return labels


def _map_options(physics: bool, n_nodes: int, n_edges: int, seed: int) -> dict[str, Any]:
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": int(seed)},
        "physics": {
            "enabled": bool(physics),
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -4000, "springLength": 140, "damping": 0.4},
            "stabilization": {"enabled": False},
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": n_edges > 3000,
            "hideEdgesOnZoom": n_edges > 3000,
        },
        "edges": {
            "smooth": False,
            "color": {"color": "#9a9a9a", "highlight": "#333333", "hover": "#333333"},
        },
        "nodes": {"font": {"size": 14, "face": "sans-serif", "strokeWidth": 3}},
    }
