"""The static network figure (plot_network) and one actor's ego network (plot_ego)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from netzwerk.plot._backbone import backbone_edges, place_labels
from netzwerk.plot._layout import _layout
from netzwerk.plot._style import (
    ROLES,
    _by_actor,
    _check_graph,
    _check_positive_int,
    _count,
    _edge_weight,
    _empty,
    _get_ax,
    _is_missing,
    _label,
    _nice,
    _node_name,
    _node_values,
    _renamed,
    _scale,
    _sector_color,
    _sector_handles,
    _shorten,
    _title,
    _top_nodes,
    _truthy,
    house_style,
    sector_colors,
)
from netzwerk.plot._text import _check_lang, _measure_label, _t, _vocab


@_renamed(label_top="top")
@house_style
def plot_network(
    G: nx.Graph,
    *,
    ax: Axes | None = None,
    measures: pd.DataFrame | None = None,
    size_by: str | None = None,
    top: int = 5,
    backbone: int | None = 3,
    seed: int = 0,
    weight: str | None = "weight",
    pos: Mapping[Any, Any] | None = None,
    lang: str = "de",
    title: str | None = None,
) -> Axes:
    r"""Static map of the cooperation network: its strongest ties, sector colours, sizes, names.

    Nodes are placed by a seeded Fruchterman–Reingold layout, coloured by ``sector``
    (:func:`sector_colors`) and sized by ``size_by``. Only the backbone of strongest ties is
    drawn (``backbone``: each actor's strongest ties; the rule and how many ties it shows stand
    in the title), with line width by the tie's ``weight``. Up to ``top`` nodes with the
    largest values are named, placed so that no two labels overlap; a label that does not fit is
    left out. Aggregate actors (``aggregate`` true: a row standing for several unnamed
    organisations) are drawn as squares with a dashed black border. Legends explain colours,
    node size (three example values of ``size_by``) and line width (three example weights).

    Parameters
    ----------
    G : networkx.Graph
        A graph as :func:`netzwerk.cooperation_graph` returns it (node attributes ``name``,
        ``sector``, ``aggregate``; edge attribute ``weight``). Directed graphs are drawn without
        arrows.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.
    measures : pandas.DataFrame, optional
        Per-actor measures indexed by ``actor_id`` (e.g. :func:`netzwerk.brokers`).
    size_by : str, optional
        Column of ``measures``, ``"degree"`` or a numeric node attribute. Default:
        ``"betweenness"`` when ``measures`` has it, otherwise ``"degree"``.
    top : int, default 5
        At most this many nodes are named (0 names none); fewer when their labels do not fit.
        (Called ``label_top`` before; the old name still works, with a DeprecationWarning.)
    backbone : int or None, default 3
        Draw a tie when it is among the ``backbone`` strongest ties (by ``weight``) of at least
        one of its two actors; None draws every tie. Measures are never affected: this only
        thins the drawing.
    seed : int, default 0
        Layout seed: the same seed gives the same positions.
    weight : str or None, default "weight"
        Edge attribute for tie strength (backbone, line width, layout attraction); None draws
        every tie alike.
    pos : mapping, optional
        Precomputed positions node → (x, y); overrides the layout.
    lang : {"de", "en"}, default "de"
        Language of labels.
    title : str, optional
        Title instead of the default; "(synthetisch)" is appended for synthetic graphs.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    TypeError
        If ``G`` is not a networkx graph or ``ax`` not an Axes.
    ValueError
        If ``size_by`` names nothing available, or ``lang``/``top``/``backbone`` is
        invalid.

    See Also
    --------
    network_layout
        The positions, to compute once for figure and map.
    network_map
        The same network, interactive.
    plot_ego
        One actor and its partners.
    save_figure
        Writes the figure reproducibly.

    Notes
    -----
    Node area runs from 30 to 600 pt² between the smallest and the largest value, shrunk by
    :math:`\sqrt{150 / n}` above 150 nodes so that large networks stay readable (all nodes
    medium-sized when the values are equal; missing values smallest). An empty graph gives an
    Axes with a note.

    The backbone keeps every actor that has a tie connected to at least one partner (its own
    strongest tie is always drawn), see ``netzwerk.plot._backbone``. Line width grows with the square
    root of the weight (0.3 to 3.3 pt). The layout is computed on the drawn ties: igraph's
    Fruchterman–Reingold with edge weights as attraction, started from positions drawn with
    ``seed`` (500 iterations; 250 with the grid approximation above 1,000 nodes), the layout
    :func:`network_map` uses on all ties.

    References
    ----------
    .. [1] Fruchterman, T. M. J. & Reingold, E. M. (1991). Graph drawing by force-directed
       placement. Software: Practice and Experience 21(11), 1129–1164.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> G = nx.Graph(synthetic=True)
    >>> G.add_node("a", name="Integrationsbüro", sector="verwaltung", aggregate=False)
    >>> G.add_node("b", name="Caritas", sector="wohlfahrt", aggregate=False)
    >>> G.add_node("c", name="Vereine", sector="mso", aggregate=True)
    >>> G.add_node("d", name="Jobcenter", sector="arbeitsmarkt", aggregate=False)
    >>> G.add_weighted_edges_from([("a", "b", 3.0), ("a", "c", 1.0), ("b", "c", 0.5),
    ...                            ("a", "d", 2.0)])
    >>> ax = plot_network(G, top=1, backbone=1)
    >>> print(ax.get_title())  # b-c is nobody's strongest tie
    Kooperationsnetz (synthetisch)
    Gezeigt: die stärkste Verbindung je Akteur (3 von 4 Verbindungen)
    >>> [t.get_text() for t in ax.texts]  # a has degree 3, the largest
    ['Integrationsbüro']
    >>> plt.close(ax.figure)
    """
    _check_graph(G)
    lang = _check_lang(lang)
    top = int(top) if top == 0 else _check_positive_int(top, "top")
    if backbone is not None:
        backbone = _check_positive_int(backbone, "backbone")
    measures = _by_actor(measures, "measures")
    ax = _get_ax(ax, (9, 7))
    heading = _title(_t("network", lang), bool(G.graph.get("synthetic", False)), lang, title)
    if G.number_of_nodes() == 0:
        return _empty(ax, _t("network_empty", lang), heading)
    values, measure = _node_values(G, measures, size_by)
    shrink = min(1.0, math.sqrt(150 / G.number_of_nodes()))
    sizes = _scale(values, 30.0 * shrink, 600.0 * shrink)
    n_ties = sum(1 for u, v in G.edges() if u != v)
    shown = backbone_edges(G, backbone, weight=weight) if weight else backbone_edges(G, backbone)
    if pos is None:  # laid out on the drawn ties: the strongest ties decide where actors sit
        drawn = nx.Graph()
        drawn.add_nodes_from(G.nodes)
        strongest = max([_edge_weight(d, weight) for _, _, d in shown] or [1.0]) or 1.0
        # attraction by the square root of the weight, so weak ties still hold their actors
        drawn.add_edges_from(
            (u, v, {"weight": 0.2 + math.sqrt(max(_edge_weight(d, weight), 0.0) / strongest)})
            for u, v, d in shown
        )
        pos = _layout(drawn, seed)
    xy = {n: np.asarray(pos[n], dtype=float) for n in G.nodes}

    segments, widths = [], []
    weights = [_edge_weight(d, weight) for _, _, d in shown]
    wmax = max(weights or [1.0]) or 1.0
    for (u, v, _), w in zip(shown, weights, strict=True):
        segments.append([xy[u], xy[v]])
        widths.append(_tie_width(w, wmax))
    if segments:
        # ties as one raster image in SVG/PDF (nodes and labels stay vector): thousands of
        # vector lines make the SVG large and slow to write and to open
        ax.add_collection(
            LineCollection(
                segments,
                linewidths=widths,
                colors="#707070",
                alpha=0.55,
                zorder=1,
                rasterized=True,
            )
        )
    if len(shown) < n_ties:
        heading += "\n" + _t(
            "network_backbone" if backbone > 1 else "network_backbone_1",
            lang,
            k=backbone,
            shown=_count(len(shown), lang),
            total=_count(n_ties, lang),
        )

    sectors = [G.nodes[n].get("sector") for n in G.nodes]
    colors = sector_colors(sectors)
    handles = []
    for sector in [*colors, None]:
        members = [
            n
            for n in G.nodes
            if (None if _is_missing(G.nodes[n].get("sector")) else str(G.nodes[n]["sector"]))
            == sector
        ]
        if not members:
            continue
        color = _sector_color(sector, colors)
        plain = [n for n in members if not _truthy(G.nodes[n].get("aggregate"))]
        grouped = [n for n in members if n not in set(plain)]
        for group, marker, edge, style in (
            (plain, "o", "white", "solid"),
            (grouped, "s", "black", "dashed"),
        ):
            if group:
                ax.scatter(
                    [xy[n][0] for n in group],
                    [xy[n][1] for n in group],
                    s=[sizes[n] for n in group],
                    c=color,
                    marker=marker,
                    edgecolors=edge,
                    linewidths=0.8 if shrink < 1 else 1.0,
                    linestyles=style,
                    zorder=2,
                )
        handles += _sector_handles([sector], colors, lang)
    if any(_truthy(G.nodes[n].get("aggregate")) for n in G.nodes):
        handles.append(
            Line2D(
                [],
                [],
                marker="s",
                linestyle="",
                markerfacecolor="white",
                markeredgecolor="black",
                markersize=8,
                label=_t("aggregate", lang),
            )
        )
    # size and width first (kept as an artist), so that ax.get_legend() is the sector legend
    _size_and_width_legend(ax, values, sizes, measure, weights, wmax, lang)
    ax.legend(
        handles=handles,
        title=_t("sector", lang),
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        frameon=False,
        fontsize=8,
        title_fontsize=9,
    )
    ax.set_aspect("equal")
    ax.autoscale_view()
    ax.margins(0.08)
    ax.set_axis_off()
    ax.set_title(heading)
    named = _top_nodes(values, top)
    items = [
        (n, _shorten(_node_name(G, n)), tuple(xy[n]), math.sqrt(float(sizes[n])) / 2) for n in named
    ]
    place_labels(ax, items, fontsize=8)
    return ax


def _tie_width(weight: float, wmax: float) -> float:
    # square root: tie weights are skewed (referral counts), a linear scale leaves most hairlines
    return 0.3 + 3.0 * math.sqrt(max(weight, 0.0) / wmax)


def _size_and_width_legend(
    ax: Axes,
    values: pd.Series,
    sizes: pd.Series,
    measure: str,
    weights: list[float],
    wmax: float,
    lang: str,
) -> None:
    """Legend below the sector legend: node size (3 example values) and tie width (3 weights)."""
    handles: list[Any] = []
    finite = values.dropna()
    if len(finite) and finite.max() > finite.min():
        lo, hi = float(finite.min()), float(finite.max())
        smin, smax = float(sizes.min()), float(sizes.max())
        for v in (lo, (lo + hi) / 2, hi):
            area = smin + (v - lo) / (hi - lo) * (smax - smin)
            handles.append(
                Line2D(
                    [], [], marker="o", linestyle="", markerfacecolor="#bbbbbb",
                    markeredgecolor="#555555", markersize=math.sqrt(area),
                    label=f"{_measure_label(measure, lang)} {_nice(v, lang)}",
                )
            )  # fmt: skip
    if weights and max(weights) > min(weights):
        lo_w, hi_w = min(weights), max(weights)
        for w in (lo_w, (lo_w + hi_w) / 2, hi_w):
            handles.append(
                Line2D(
                    [], [], color="#707070", linewidth=_tie_width(w, wmax),
                    label=f"{_t('tie_weight', lang)} {_nice(w, lang)}",
                )
            )  # fmt: skip
    if handles:
        legend = ax.legend(
            handles=handles,
            title=_t("network_sizes", lang),
            loc="lower left",
            bbox_to_anchor=(1.0, 0.0),
            frameon=False,
            fontsize=8,
            title_fontsize=9,
            labelspacing=1.1,
            borderpad=0.8,
        )
        legend.set_gid("network_sizes")
        ax.add_artist(legend)


def _ego_brokerage(G: nx.Graph, actor: Any, group: str) -> dict[str, int]:
    """Gould–Fernandez two-paths through ``actor`` (ordered pairs; no direct tie source→target)."""
    counts = dict.fromkeys(ROLES, 0)
    directed = G.is_directed()
    sources = list(G.predecessors(actor)) if directed else list(G.neighbors(actor))
    targets = list(G.successors(actor)) if directed else list(G.neighbors(actor))
    g_ego = G.nodes[actor].get(group)
    for a in sources:
        for b in targets:
            if a == b or a == actor or b == actor or G.has_edge(a, b):
                continue
            g_a, g_b = G.nodes[a].get(group), G.nodes[b].get(group)
            if g_a == g_ego and g_b == g_ego:
                counts["coordinator"] += 1
            elif g_a == g_b:
                counts["itinerant"] += 1
            elif g_a == g_ego:
                counts["representative"] += 1
            elif g_b == g_ego:
                counts["gatekeeper"] += 1
            else:
                counts["liaison"] += 1
    return counts


@house_style
def plot_ego(
    G: nx.Graph,
    actor: Any,
    *,
    ax: Axes | None = None,
    group: str = "sector",
    lang: str = "de",
    title: str | None = None,
) -> Axes:
    """One actor's ego network and the brokerage positions it holds.

    The actor sits in the centre, its neighbours on a circle grouped by sector; grey lines are
    ties among the neighbours. A box lists the two-paths the actor brokers by Gould–Fernandez
    role: for every ordered pair (a, b) of neighbours with a → actor → b and no tie a → b,

    - coordinator: a, actor and b in one group;
    - itinerant: a and b in one group, the actor in another;
    - representative: a in the actor's group, b in another;
    - gatekeeper: b in the actor's group, a in another;
    - liaison: all three in different groups.

    Parameters
    ----------
    G : networkx.Graph
        Cooperation graph (undirected: each tie counts in both directions) or a directed graph.
    actor : hashable
        The actor_id of the ego.
    ax : matplotlib.axes.Axes, optional
    group : str, default "sector"
        Node attribute defining the groups.
    lang : {"de", "en"}, default "de"
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If ``actor`` is not a node of ``G``.

    See Also
    --------
    plot_network
        The whole network.
    plot_brokerage_roles
        The roles of many actors.

    References
    ----------
    .. [1] Gould, R. V. & Fernandez, R. M. (1989). Structures of mediation. Sociological
       Methodology 19, 89–126.

    Examples
    --------
    Ego ``e`` (verwaltung) ties a (verwaltung), b (mso), c (mso); b–c are tied. Ordered pairs
    without a direct tie: (a, b), (b, a), (a, c), (c, a): a→e→b is representative, b→e→a
    gatekeeper, likewise for c, so 2 + 2.

    >>> import matplotlib.pyplot as plt
    >>> G = nx.Graph()
    >>> G.add_nodes_from([("e", {"sector": "verwaltung"}), ("a", {"sector": "verwaltung"}),
    ...     ("b", {"sector": "mso"}), ("c", {"sector": "mso"})])
    >>> G.add_edges_from([("e", "a"), ("e", "b"), ("e", "c"), ("b", "c")])
    >>> ax = plot_ego(G, "e", lang="en")
    >>> print(ax.texts[-1].get_text())
    Brokered paths
    Coordinator: 0
    Itinerant broker: 0
    Representative: 2
    Gatekeeper: 2
    Liaison: 0
    >>> plt.close(ax.figure)
    """
    _check_graph(G)
    lang = _check_lang(lang)
    if actor not in G:
        raise ValueError(f"actor {actor!r} is not a node of G")
    ax = _get_ax(ax, (8, 7))
    name = _node_name(G, actor)
    heading = _title(f"{_t('ego', lang)}: {name}", bool(G.graph.get("synthetic")), lang, title)
    undirected = G.to_undirected(as_view=True) if G.is_directed() else G
    neighbours = [n for n in undirected.neighbors(actor) if n != actor]
    order = {c: i for i, c in enumerate(_vocab("sectors").codes)}
    neighbours.sort(
        key=lambda n: (
            order.get(str(G.nodes[n].get("sector")), len(order)),
            str(G.nodes[n].get("sector")),
            _node_name(G, n),
            str(n),
        )
    )
    angles = np.linspace(0, 2 * np.pi, num=len(neighbours), endpoint=False) + np.pi / 2
    xy = {actor: np.zeros(2)}
    xy.update(
        {n: np.array([np.cos(a), np.sin(a)]) for n, a in zip(neighbours, angles, strict=True)}
    )
    among = [[xy[u], xy[v]] for u, v in undirected.subgraph(neighbours).edges() if u != v]
    spokes = [[xy[actor], xy[n]] for n in neighbours]
    if among:
        ax.add_collection(LineCollection(among, colors="#BBBBBB", linewidths=1.0, zorder=1))
    if spokes:
        ax.add_collection(LineCollection(spokes, colors="#444444", linewidths=1.4, zorder=1))
    nodes = [actor, *neighbours]
    colors = sector_colors(G.nodes[n].get("sector") for n in nodes)
    ax.scatter(
        [xy[n][0] for n in nodes],
        [xy[n][1] for n in nodes],
        s=[400, *([120] * len(neighbours))],
        c=[_sector_color(G.nodes[n].get("sector"), colors) for n in nodes],
        edgecolors=["black", *(["white"] * len(neighbours))],
        linewidths=[2.0, *([1.0] * len(neighbours))],
        zorder=2,
    )
    for n in neighbours if len(neighbours) <= 30 else []:
        ha = "left" if xy[n][0] >= 0 else "right"
        ax.annotate(_shorten(_node_name(G, n), 28), xy[n], xytext=(6 if ha == "left" else -6, 0),
                    textcoords="offset points", ha=ha, va="center", fontsize=8)  # fmt: skip
    handles = [Patch(color=c, label=_label("sectors", s, lang)) for s, c in colors.items()]
    if handles:
        ax.legend(handles=handles, fontsize=8, frameon=False, loc="upper left",
                  bbox_to_anchor=(1.0, 1.0), title=_t("sector", lang))  # fmt: skip
    if not neighbours:
        ax.text(0.5, 0.25, _t("ego_isolate", lang), ha="center", transform=ax.transAxes)
    counts = _ego_brokerage(G, actor, group)
    box = "\n".join([_t("ego_box", lang), *[f"{_t(r, lang)}: {counts[r]}" for r in ROLES]])
    ax.text(0.0, 0.0, box, transform=ax.transAxes, fontsize=8, va="bottom", ha="left",
            bbox={"boxstyle": "round", "fc": "white", "ec": "#999999"})  # fmt: skip
    ax.set_xlim(-1.6, 1.6)
    ax.set_ylim(-1.4, 1.4)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title(heading)
    return ax
