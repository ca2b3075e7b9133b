"""Figures of a network survey: partner scores (value × trust) and the ties by cooperation level."""

from __future__ import annotations

from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D

from netzwerk.plot._layout import _layout
from netzwerk.plot._style import (
    UNKNOWN_COLOR,
    _blank,
    _check_frame,
    _check_graph,
    _distinct_labels,
    _empty,
    _get_ax,
    _number_format,
    _renamed,
    _sector_color,
    _sector_handles,
    _title,
    house_style,
    sector_colors,
)
from netzwerk.plot._text import _check_lang, _labels
from netzwerk.survey._measures import MIN_RATERS
from netzwerk.survey._validate import LEVEL_RANGE, SCALE_RANGE

__all__ = ["plot_survey_levels", "plot_survey_scores"]

_TEXT = {
    "de": {
        "scores": "Nutzen und Vertrauen aus Sicht der Partner",
        "value": "Nutzen (Mittel der Bewertungen, 1–4)",
        "trust": "Vertrauen (Mittel der Bewertungen, 1–4)",
        "scores_empty": "Keine Organisation wurde von mindestens {k} anderen bewertet.",
        "mean": "Mittel",
        "levels": "Zusammenarbeit laut Befragung",
        "levels_empty": "Die Befragung nennt keine Verbindung.",
        "no_answer": "hat nicht geantwortet",
    },
    "en": {
        "scores": "Value and trust as seen by partners",
        "value": "Value (mean rating, 1–4)",
        "trust": "Trust (mean rating, 1–4)",
        "scores_empty": "No organisation was rated by at least {k} others.",
        "mean": "mean",
        "levels": "Cooperation reported in the survey",
        "levels_empty": "The survey names no tie.",
        "no_answer": "did not answer",
    },
}

#: Colours of cooperation levels 1–4 (light to dark, colour-blind safe: a single blue hue).
LEVEL_COLORS = {1: "#c6dbef", 2: "#6baed6", 3: "#2171b5", 4: "#08306b"}


@_renamed(label_top="top")
def _label_boxes(
    ax: Axes, x: np.ndarray, y: np.ndarray, labels: list[str], *, fontsize: float, offset: float
) -> list[tuple[float, float, float, float, bool]]:
    """Estimated boxes (x0, y0, x1, y1 in data units, left) of labels set beside each point.

    A label sits to the right of and just above its point, or to the left where it would run
    past the axes (``left`` True). The width counts 0.6 em per character (DejaVu Sans averages
    a little less), the height 1.2 em; the axes' limits must be set. Enough to keep two labels
    apart without drawing the figure.
    """
    fig = ax.figure
    box = ax.get_position()
    width_in, height_in = box.width * fig.get_figwidth(), box.height * fig.get_figheight()
    (x_lo, x_hi), (y_lo, y_hi) = ax.get_xlim(), ax.get_ylim()
    per_pt_x = (x_hi - x_lo) / (width_in * 72)
    per_pt_y = (y_hi - y_lo) / (height_in * 72)
    out = []
    for xi, yi, label in zip(x, y, labels, strict=True):
        width = 0.6 * fontsize * len(label) * per_pt_x
        y0 = yi + offset * per_pt_y
        y1 = y0 + 1.2 * fontsize * per_pt_y
        x0 = xi + offset * per_pt_x
        if x0 + width <= x_hi:
            out.append((x0, y0, x0 + width, y1, False))
        else:
            out.append((xi - offset * per_pt_x - width, y0, xi - offset * per_pt_x, y1, True))
    return out


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@house_style
def plot_survey_scores(
    scores: pd.DataFrame,
    *,
    ax: Axes | None = None,
    min_raters: int = MIN_RATERS,
    top: int | None = 12,
    lang: str = "de",
    synthetic: bool = False,
    title: str | None = None,
) -> Axes:
    """Value × trust of each rated actor, labelled, coloured by sector.

    Only actors with at least ``min_raters`` raters and a score are drawn; the figure never
    shows a suppressed score, even when it is given the full :func:`partner_scores` table.
    Dashed lines mark the mean of the shown actors. Bottom right: valued but little trusted.

    Parameters
    ----------
    scores : pandas.DataFrame
        :func:`netzwerk.survey.published_scores` (or :func:`partner_scores`): columns
        ``value``, ``trust``, ``n_raters``, optionally ``name`` and ``sector``.
    ax : matplotlib.axes.Axes, optional
    min_raters : int, default 3
        Fewest raters for a point.
    top : int or None, default 12
        How many points get a name (``label_top``: deprecated old name): those farthest from
        the mean (the striking ones, such as valued but little trusted actors); None = all.
    lang : {"de", "en"}, default "de"
    synthetic : bool, default False
        Mark the title as synthetic data.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        One point per shown actor, a label for the ``top`` most striking.

    See Also
    --------
    netzwerk.survey.partner_scores : The scores drawn, suppressed where too few rate.
    plot_survey_levels : The surveyed ties themselves.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> s = pd.DataFrame({"name": ["A", "B"], "sector": ["mso", "mso"], "n_raters": [3, 2],
    ...                   "value": [3.5, 2.0], "trust": [1.5, 3.0]})
    >>> ax = plot_survey_scores(s)
    >>> [t.get_text() for t in ax.texts]  # B has two raters: not drawn
    ['A']
    >>> plt.close(ax.figure)
    """
    lang = _check_lang(lang)
    scores = _check_frame(scores, "scores", ("value", "trust", "n_raters"))
    ax = _get_ax(ax, (9.5, 6.5))
    t = _TEXT[lang]
    heading = _title(t["scores"], synthetic, lang, title)
    n = pd.to_numeric(scores["n_raters"], errors="coerce").fillna(0)
    shown = scores.loc[(n >= min_raters) & scores["value"].notna() & scores["trust"].notna()]
    if shown.empty:
        return _empty(ax, t["scores_empty"].format(k=min_raters), heading)
    colors = sector_colors(shown["sector"]) if "sector" in shown else {}
    point_colors = [
        _sector_color(s, colors) if "sector" in shown else UNKNOWN_COLOR
        for s in shown.get("sector", [None] * len(shown))
    ]
    x = shown["value"].to_numpy(dtype=float)
    y = shown["trust"].to_numpy(dtype=float)
    ax.scatter(x, y, c=point_colors, s=60, edgecolor="black", linewidth=0.5, zorder=3)
    names = shown["name"] if "name" in shown else pd.Series(shown.index, index=shown.index)
    distance = np.hypot(x - x.mean(), y - y.mean())
    low, high = SCALE_RANGE
    ax.set_xlim(low - 0.1, high + 0.3)
    ax.set_ylim(low - 0.1, high + 0.2)
    labels = _distinct_labels([str(name) for name in names], 28)
    # most striking first; a label whose box would overlap a placed one is left out
    boxes = _label_boxes(ax, x, y, labels, fontsize=7, offset=4)
    labelled: list[int] = []
    for i in np.argsort(-distance, kind="stable"):
        if top is not None and len(labelled) >= top:
            break
        if not any(_overlap(boxes[i], boxes[j]) for j in labelled):
            labelled.append(int(i))
    for i in sorted(labelled):
        left = boxes[i][4]
        ax.annotate(
            labels[i], (x[i], y[i]), xytext=(-4 if left else 4, 4), textcoords="offset points",
            fontsize=7, ha="right" if left else "left",
        )  # fmt: skip
    ax.xaxis.set_major_formatter(_number_format(lang))
    ax.yaxis.set_major_formatter(_number_format(lang))
    ax.axvline(x.mean(), color="grey", linestyle="--", linewidth=0.8)
    ax.axhline(y.mean(), color="grey", linestyle="--", linewidth=0.8)
    ax.set_xlabel(t["value"])
    ax.set_ylabel(t["trust"])
    if colors:
        handles = _sector_handles(colors, colors, lang, edgecolor="black", markersize=6.0)
        ax.legend(
            handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=7, frameon=False
        )
    ax.set_title(heading)
    return ax


@house_style
def plot_survey_levels(
    G: nx.Graph,
    *,
    ax: Axes | None = None,
    seed: int = 0,
    lang: str = "de",
    synthetic: bool = False,
    title: str | None = None,
) -> Axes:
    """The survey ties, each line coloured by its cooperation level (1 awareness … 4 integration).

    Parameters
    ----------
    G : networkx.Graph
        Symmetrised survey ties (:func:`netzwerk.survey.symmetrise_survey`): edge attribute
        ``level``, node attributes ``sector``, ``responded``, ``name``.
    ax : matplotlib.axes.Axes, optional
    seed : int, default 0
        Layout seed.
    lang : {"de", "en"}, default "de"
    synthetic : bool, default False
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        One collection of lines per cooperation level, weakest first, then the nodes (the last
        collection); organisations that did not answer are drawn hollow.

    See Also
    --------
    netzwerk.survey.symmetrise_survey : The survey graph drawn here.
    netzwerk.plot.plot_network : The cooperation graph from events and referrals.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from matplotlib.colors import to_hex
    >>> G = nx.Graph([("a", "b", {"level": 4}), ("b", "c", {"level": 1})])
    >>> nx.set_node_attributes(G, {"a": True, "b": True, "c": False}, "responded")
    >>> ax = plot_survey_levels(G)
    >>> [(len(c.get_segments()), to_hex(c.get_color()[0])) for c in ax.collections[:-1]]
    [(1, '#c6dbef'), (1, '#08306b')]
    >>> plt.close(ax.figure)
    """
    lang = _check_lang(lang)
    G = _check_graph(G)
    t = _TEXT[lang]
    ax = _get_ax(ax, (9, 7.5))
    heading = _title(t["levels"], synthetic, lang, title)
    if not G.number_of_edges():
        return _empty(ax, t["levels_empty"], heading)
    H = G.subgraph([n for n in G if G.degree(n)])
    pos = _layout(H, seed, weight="level")
    # one collection of lines per level, the weakest drawn first (one artist per tie would take
    # seconds to draw at a few hundred ties)
    by_level: dict[int, list[Any]] = {}
    for u, v, d in H.edges(data=True):
        by_level.setdefault(int(d.get("level", 1)), []).append([pos[u], pos[v]])
    for level in sorted(by_level):
        ax.add_collection(
            LineCollection(
                by_level[level], colors=LEVEL_COLORS.get(level, UNKNOWN_COLOR),
                linewidths=0.3 + 0.5 * level, alpha=0.7, zorder=1, capstyle="projecting",
                joinstyle="round",
            ),
            autolim=True,
        )  # fmt: skip
    nodes = list(H)
    colors = sector_colors(H.nodes[n].get("sector") for n in nodes)
    fill = [
        _sector_color(H.nodes[n].get("sector"), colors) if H.nodes[n].get("responded") else "white"
        for n in nodes
    ]
    edge = [_sector_color(H.nodes[n].get("sector"), colors) for n in nodes]
    xy = np.array([pos[n] for n in nodes])
    ax.scatter(xy[:, 0], xy[:, 1], c=fill, edgecolors=edge, linewidths=1.5, s=70, zorder=2)
    level_names = _labels("cooperation_levels", lang)
    handles = [
        Line2D([], [], color=c, linewidth=0.6 + 0.6 * k, label=f"{k} {level_names.get(str(k), k)}")
        for k, c in LEVEL_COLORS.items()
        if LEVEL_RANGE[0] < k <= LEVEL_RANGE[1]
    ]
    handles.append(
        Line2D([], [], marker="o", linestyle="", markerfacecolor="white",
               markeredgecolor="grey", label=t["no_answer"])
    )  # fmt: skip
    ax.legend(handles=handles, loc="lower left", fontsize=7, frameon=False)
    _blank(ax)
    ax.set_title(heading)
    return ax
