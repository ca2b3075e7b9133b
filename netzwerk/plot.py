"""Figures (seaborn/matplotlib, ``ax=None`` → Axes) and the offline interactive network map.

Every ``plot_*`` function draws on ``ax`` (a new figure when ``ax`` is None), returns the Axes and
never shows or saves anything; :func:`save_figure` writes PNG and SVG files byte for byte
reproducibly. All figures colour sectors with one colour-blind-safe palette
(:func:`sector_colors`), label in German by default (``lang="de"``, labels from the vocabularies)
and in English on request (``lang="en"``), mark synthetic data as "synthetisch" in the title, and
draw an explanatory note instead of failing when there is nothing to show.

:func:`network_map` builds the interactive map (a pyvis ``Network``); :func:`write_map` writes it as
one self-contained UTF-8 HTML file that loads nothing from any other host, and :func:`map_html` /
:func:`map_iframe` give the same document as a string for embedding in reports and notebooks.
"""

from __future__ import annotations

import functools
import html
import json
import math
import random
import re
import textwrap
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from pyvis.network import Network

from netzwerk._escape import csp_meta, script_json
from netzwerk.vocab import Vocabulary, load_vocabulary

__all__ = [
    "SECTOR_PALETTE",
    "UNKNOWN_COLOR",
    "NetworkMap",
    "map_html",
    "map_iframe",
    "network_layout",
    "network_map",
    "plot_brokerage_roles",
    "plot_brokers",
    "plot_ego",
    "plot_field_flows",
    "plot_network",
    "plot_resources",
    "plot_sector_gaps",
    "plot_timeline",
    "save_figure",
    "sector_colors",
    "write_map",
]

# --------------------------------------------------------------------------------------------
# Palette, labels, small helpers
# --------------------------------------------------------------------------------------------

#: Sector colours in the order of the sector vocabulary: the seven colours of Okabe & Ito (2008)
#: (black left out: it hides labels and edges), then Paul Tol's "muted" scheme (Tol 2021), both
#: designed to stay distinguishable with the common colour-vision deficiencies. Sectors beyond the
#: 16th (user extensions) reuse the colours cyclically.
SECTOR_PALETTE: tuple[str, ...] = (
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#F0E442",  # yellow
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#CC6677",  # rose
    "#332288",  # indigo
    "#DDCC77",  # sand
    "#117733",  # green
    "#88CCEE",  # cyan
    "#882255",  # wine
    "#44AA99",  # teal
    "#999933",  # olive
    "#AA4499",  # purple
)

#: Colour of actors whose sector is missing.
UNKNOWN_COLOR = "#BBBBBB"

# Paul Tol's "bright" scheme (+ dark grey) for categories that are not sectors (event kinds).
_KIND_PALETTE = (
    "#4477AA",
    "#EE6677",
    "#228833",
    "#CCBB44",
    "#66CCEE",
    "#AA3377",
    "#BBBBBB",
    "#555555",
)
# Gould–Fernandez roles, Paul Tol's "vibrant" scheme.
_ROLE_COLORS = {
    "coordinator": "#0077BB",
    "itinerant": "#33BBEE",
    "representative": "#009988",
    "gatekeeper": "#EE7733",
    "liaison": "#CC3311",
}
ROLES: tuple[str, ...] = tuple(_ROLE_COLORS)
_STATUS_COLORS = {"unmet": "#D55E00", "unconnected": "#E69F00", "connected": "#009E73"}
_OFFER_COLOR = "#0072B2"

_TEXT: dict[str, dict[str, str]] = {
    "de": {
        "empty": "Keine Daten für diese Abbildung vorhanden.",
        "synthetic": "synthetisch",
        "unknown": "unbekannt",
        "sector": "Sektor",
        "level": "Ebene",
        "aggregate": "Sammelakteur (mehrere Organisationen)",
        "aggregate_short": "Sammelakteur",
        "network": "Kooperationsnetz",
        "network_empty": "Das Netz hat keine Akteure.",
        "network_backbone": "Gezeigt: die {k} stärksten Verbindungen je Akteur ({shown} von "
        "{total} Verbindungen)",
        "network_backbone_1": "Gezeigt: die stärkste Verbindung je Akteur ({shown} von {total} "
        "Verbindungen)",
        "network_sizes": "Größe und Linienstärke",
        "tie_weight": "Gewicht",
        "gaps": "Verbindungsdichte zwischen Sektoren: beobachtet (erwartet)",
        "gaps_cbar": "beobachtet − erwartet",
        "gaps_same": "Verbindungsdichte zwischen Sektoren (erwartet überall {expected})",
        "gaps_note": "▼/▲ signifikant weniger/mehr Verbindungen als erwartet (p < {alpha})",
        "gaps_note_gap": "▼ Lücke: weniger Verbindungen als erwartet (Test mit Korrektur für "
        "viele Paare) · ▲ mehr als erwartet (p < {alpha})",
        "gaps_empty": "Keine Sektorpaare vorhanden.",
        "roles": "Vermittlungsrollen nach Gould & Fernandez",
        "roles_x": "Anzahl vermittelter Wege",
        "roles_empty": "Kein Akteur vermittelt zwischen anderen.",
        "coordinator": "Koordinator",
        "itinerant": "Berater",
        "representative": "Vertreter",
        "gatekeeper": "Türsteher",
        "liaison": "Verbindungsglied",
        "brokers": "Wichtigste Vermittler",
        "brokers_rank": "Rang (1 = wichtigster Vermittler), Intervall aus Stichproben",
        "brokers_empty": "Keine Vermittlerwerte vorhanden.",
        "cutpoint": "Schnittpunkt (ohne ihn zerfiele das Netz)",
        "flows": "Verweise nach Handlungsfeld und Sektor",
        "flows_to": "Sektor der empfangenden Organisation",
        "flows_from": "Sektor der verweisenden Organisation",
        "flows_field": "Handlungsfeld",
        "flows_cbar": "Anzahl Verweise",
        "flows_note_suppressed": "<{n}: weniger als {n} Verweise (nicht ausgewiesen)",
        "flows_note_uncounted": "?: Verweise belegt, aber nicht gezählt",
        "flows_note_secondary": ".: verdeckt, damit kleine Zahlen nicht aus den Summen folgen",
        "flows_empty": "Keine Verweise erfasst.",
        "timeline_kind": "Veranstaltungen nach Art",
        "timeline_sector": "Teilnahmen nach Sektor",
        "timeline_y_kind": "Anzahl Veranstaltungen",
        "timeline_y_sector": "Anzahl Teilnahmen (Akteur × Veranstaltung)",
        "timeline_empty": "Keine datierten Veranstaltungen vorhanden.",
        "timeline_imprecise": "{n} Veranstaltung(en) nur ungefähr datiert (dem Beginn des Zeitraums zugeordnet)",
        "kind": "Art",
        "resources": "Ressourcenbörse: Gesuche und Angebote nach Thema",
        "resources_x": "← Gesuche (Ich suche)   |   Angebote (Ich biete) →",
        "resources_empty": "Keine Karten der Ressourcenbörse vorhanden.",
        "unmet": "Gesuch ohne passendes Angebot",
        "unconnected": "Angebot vorhanden, keine Verbindung",
        "connected": "Angebot vorhanden, Akteure verbunden",
        "offers": "Angebote",
        "ego": "Ego-Netz",
        "ego_isolate": "Dieser Akteur hat keine Verbindungen.",
        "ego_box": "Vermittelte Wege",
        "map_physics": "Kräftesimulation (Knoten bewegen sich)",
        "map_legend": "Sektoren",
        "map_hint": "Mauszeiger über Punkte und Linien zeigt Einzelheiten. Zum Zoomen mit dem "
        "Mausrad erst in die Karte klicken (oder Strg + Mausrad); sonst rollt die Seite.",
        "map_search": "Akteur suchen",
        "map_search_none": "Kein Akteur mit diesem Namen.",
        "map_sector_all": "alle Sektoren",
        "map_sector_filter": "Sektor (mit direkten Partnern)",
        "map_strength": "Mindeststärke der Verbindung",
        "map_shown": "Gezeigt: {nodes} Akteure, {edges} Verbindungen",
        "map_cut": "Wegen der Größe zeigt die Karte nur die {shown} stärksten von {total} "
        "Verbindungen; alle {nodes} Akteure sind enthalten.",
        "map_active": "Zoom mit dem Mausrad an (Mauszeiger aus der Karte bewegen: aus)",
        "weight": "Gewicht",
        "weight_without_referrals": "Gewicht (ohne Verweise)",
        "referrals_hidden": "verdeckt (Datenschutz: kleine Zahl oder verdeckte Tabellenzelle)",
        "events": "Gemeinsame Veranstaltungen",
        "more": "… und {n} weitere",
        "referrals": "Verweise",
        "layers": "Grundlage",
        "layer_events": "gemeinsame Veranstaltungen",
        "layer_referrals": "Verweise",
        "layer_survey": "Netzwerkbefragung",
        "cutpoint_yes": "Schnittpunkt: ohne diesen Akteur zerfiele das Netz in getrennte Teile",
        "size_estimate": "geschätzte Zahl",
        "betweenness": "Vermittlungsposition (Betweenness)",
        "total": "Vermittelte Wege (Gould–Fernandez)",
        "constraint": "Constraint (Burt)",
        "effective_size": "Effektive Größe (Burt)",
        "community": "Gemeinschaft",
        "is_cutpoint": "Schnittpunkt",
        "participation_coefficient": "Partizipationskoeffizient",
        "degree": "Zahl der Partner",
        "yes": "ja",
        "no": "nein",
    },
    "en": {
        "empty": "No data for this figure.",
        "synthetic": "synthetic",
        "unknown": "unknown",
        "sector": "Sector",
        "level": "Level",
        "aggregate": "Aggregate actor (several organisations)",
        "aggregate_short": "Aggregate actor",
        "network": "Cooperation network",
        "network_empty": "The network has no actors.",
        "network_backbone": "Shown: the {k} strongest ties per actor ({shown} of {total} ties)",
        "network_backbone_1": "Shown: the strongest tie per actor ({shown} of {total} ties)",
        "network_sizes": "Size and line width",
        "tie_weight": "weight",
        "gaps": "Tie density between sectors: observed (expected)",
        "gaps_cbar": "observed − expected",
        "gaps_same": "Tie density between sectors (expected everywhere: {expected})",
        "gaps_note": "▼/▲ significantly fewer/more ties than expected (p < {alpha})",
        "gaps_note_gap": "▼ gap: fewer ties than expected (test corrected for many pairs) "
        "· ▲ more than expected (p < {alpha})",
        "gaps_empty": "No sector pairs.",
        "roles": "Brokerage roles (Gould & Fernandez)",
        "roles_x": "Number of brokered paths",
        "roles_empty": "No actor brokers between others.",
        "coordinator": "Coordinator",
        "itinerant": "Itinerant broker",
        "representative": "Representative",
        "gatekeeper": "Gatekeeper",
        "liaison": "Liaison",
        "brokers": "Main brokers",
        "brokers_rank": "Rank (1 = main broker), interval from resampling",
        "brokers_empty": "No broker values.",
        "cutpoint": "Cut point (holds the network together)",
        "flows": "Referrals by field of action and sector",
        "flows_to": "Sector of the receiving organisation",
        "flows_from": "Sector of the referring organisation",
        "flows_field": "Field of action",
        "flows_cbar": "Number of referrals",
        "flows_note_suppressed": "<{n}: fewer than {n} referrals (not shown)",
        "flows_note_uncounted": "?: referrals documented but not counted",
        "flows_note_secondary": ".: hidden so that small counts cannot be worked out from totals",
        "flows_empty": "No referrals recorded.",
        "timeline_kind": "Events by kind",
        "timeline_sector": "Participation by sector",
        "timeline_y_kind": "Number of events",
        "timeline_y_sector": "Participations (actor × event)",
        "timeline_empty": "No dated events.",
        "timeline_imprecise": "{n} event(s) dated only roughly (assigned to the start of the range)",
        "kind": "Kind",
        "resources": "Resource exchange: needs and offers by topic",
        "resources_x": "← Needs   |   Offers →",
        "resources_empty": "No resource exchange cards.",
        "unmet": "Need without matching offer",
        "unconnected": "Offer exists, actors not connected",
        "connected": "Offer exists, actors connected",
        "offers": "Offers",
        "ego": "Ego network",
        "ego_isolate": "This actor has no ties.",
        "ego_box": "Brokered paths",
        "map_physics": "Force simulation (nodes move)",
        "map_legend": "Sectors",
        "map_hint": "Hover over points and lines for details. Click into the map to zoom with the "
        "mouse wheel (or Ctrl + wheel); otherwise the page scrolls.",
        "map_search": "Find actor",
        "map_search_none": "No actor with this name.",
        "map_sector_all": "all sectors",
        "map_sector_filter": "Sector (with direct partners)",
        "map_strength": "Minimum tie strength",
        "map_shown": "Shown: {nodes} actors, {edges} ties",
        "map_cut": "Because of its size the map shows only the {shown} strongest of {total} "
        "ties; all {nodes} actors are included.",
        "map_active": "Wheel zoom on (move the pointer out of the map: off)",
        "weight": "Weight",
        "weight_without_referrals": "Weight (without referrals)",
        "referrals_hidden": "hidden (privacy: small count or hidden table cell)",
        "events": "Joint events",
        "more": "… and {n} more",
        "referrals": "Referrals",
        "layers": "Based on",
        "layer_events": "joint events",
        "layer_referrals": "referrals",
        "layer_survey": "network survey",
        "cutpoint_yes": "Cut point: without this actor the network would fall apart",
        "size_estimate": "estimated number",
        "betweenness": "Betweenness",
        "total": "Brokered paths (Gould–Fernandez)",
        "constraint": "Constraint (Burt)",
        "effective_size": "Effective size (Burt)",
        "community": "Community",
        "is_cutpoint": "Cut point",
        "participation_coefficient": "Participation coefficient",
        "degree": "Number of partners",
        "yes": "yes",
        "no": "no",
    },
}

#: Measures shown in map tooltips when present in ``measures`` (in this order).
_TOOLTIP_MEASURES = (
    "betweenness",
    "total",
    "constraint",
    "effective_size",
    "participation_coefficient",
    "is_cutpoint",
)
# (community numbers are only names for groups: not shown as a raw "Gemeinschaft: 0")


def _check_lang(lang: str) -> str:
    if lang not in _TEXT:
        raise ValueError(f"lang must be 'de' or 'en', got {lang!r}")
    return lang


def _t(key: str, lang: str, **fmt: Any) -> str:
    text = _TEXT[lang][key]
    return text.format(**fmt) if fmt else text


@functools.cache
def _vocab(name: str) -> Vocabulary:
    return load_vocabulary(name)


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(isinstance(value, float) and math.isnan(value))
    except TypeError:  # pragma: no cover - exotic types
        return False


def _truthy(value: Any) -> bool:
    """True for True/1/np.True_, False for missing values and everything else falsy."""
    if _is_missing(value):
        return False
    try:
        return bool(value)
    except (TypeError, ValueError):  # pragma: no cover - e.g. arrays
        return False


@functools.cache
def _labels(vocab: str, lang: str) -> dict[str, str]:
    return _vocab(vocab).labels(lang)


def _label(vocab: str, code: Any, lang: str) -> str:
    if _is_missing(code):
        return _t("unknown", lang)
    return _labels(vocab, lang).get(str(code), str(code))


def _ordered(vocab: str, codes: Iterable[Any]) -> list[str]:
    """Codes present, in vocabulary order, unknown codes sorted after them."""
    present = {str(c) for c in codes if not _is_missing(c)}
    known = [c for c in _vocab(vocab).codes if c in present]
    return known + sorted(present - set(known))


def sector_colors(sectors: Iterable[Any] | None = None) -> dict[str, str]:
    """Colour of each sector, the same in every figure and map.

    Sectors of the bundled vocabulary get :data:`SECTOR_PALETTE` in vocabulary order, so a sector
    has the same colour in every city. Codes outside the vocabulary (a city's extensions) follow
    in alphabetical order and take the next colours, cycling when the palette runs out.

    Parameters
    ----------
    sectors : iterable of str, optional
        The sector codes to colour. Default: all codes of the sector vocabulary. Missing values
        (None, NA) are ignored; draw them in :data:`UNKNOWN_COLOR`.

    Returns
    -------
    dict
        Sector code → hex colour, vocabulary order first.

    Notes
    -----
    The first seven colours are Okabe & Ito's colour-blind-safe set, the next nine Paul Tol's
    "muted" scheme. No palette keeps 14 or more classes apart for every reader; figures therefore
    also label sectors in legends, and :func:`plot_network` marks aggregate actors by shape.

    References
    ----------
    .. [1] Okabe, M. & Ito, K. (2008). Color Universal Design (CUD): How to make figures and
       presentations that are friendly to colorblind people.
    .. [2] Tol, P. (2021). Colour schemes. SRON technical note SRON/EPS/TN/09-002, issue 3.2.

    Examples
    --------
    >>> sector_colors(["mso", "verwaltung"])
    {'verwaltung': '#E69F00', 'mso': '#D55E00'}
    >>> sector_colors(["zzz_neu"])["zzz_neu"] == SECTOR_PALETTE[len(sector_colors()) % 16]
    True
    """
    codes = _vocab("sectors").codes
    mapping = {code: SECTOR_PALETTE[i % len(SECTOR_PALETTE)] for i, code in enumerate(codes)}
    if sectors is None:
        return mapping
    wanted = {str(s) for s in sectors if not _is_missing(s)}
    extra = sorted(wanted - set(codes))
    for j, code in enumerate(extra):
        mapping[code] = SECTOR_PALETTE[(len(codes) + j) % len(SECTOR_PALETTE)]
    return {code: mapping[code] for code in [*codes, *extra] if code in wanted}


def _sector_color(sector: Any, colors: Mapping[str, str]) -> str:
    if _is_missing(sector):
        return UNKNOWN_COLOR
    return colors.get(str(sector), UNKNOWN_COLOR)


def _fmt(value: Any, lang: str, digits: int = 2) -> str:
    """Number as text; German decimal comma for ``lang="de"``."""
    if _is_missing(value):
        return "–"
    if isinstance(value, bool | np.bool_):
        return _t("yes" if value else "no", lang)
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        if float(value).is_integer() and abs(value) < 1e15:
            return str(int(value))
        text = f"{float(value):.{digits}f}"
        return text.replace(".", ",") if lang == "de" else text
    return str(value)


def _title(base: str, synthetic: bool, lang: str, title: str | None = None) -> str:
    """The heading, marked synthetic where so, wrapped so a long one cannot widen the figure."""
    text = base if title is None else title
    text = f"{text} ({_t('synthetic', lang)})" if synthetic else text
    return textwrap.fill(text, width=80, break_long_words=False, break_on_hyphens=False)


def _get_ax(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    elif not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    return ax


def _empty(ax: Axes, message: str, title: str) -> Axes:
    """Explanatory note instead of a figure."""
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, wrap=True)
    ax.set_title(title)
    return ax


def _check_frame(frame: Any, name: str, columns: Iterable[str]) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing and frame.empty:
        # an empty table (e.g. pd.DataFrame()) is drawn as a note, whatever its columns
        return frame.assign(**{c: pd.Series(dtype=object) for c in missing})
    if missing:
        raise ValueError(
            f"{name} lacks column(s) {missing}; got {list(frame.columns)}, expected {list(columns)}"
        )
    return frame


def _check_graph(G: Any) -> nx.Graph:
    if not isinstance(G, nx.Graph):
        raise TypeError(f"G must be a networkx graph, got {type(G).__name__}")
    return G


def _check_positive_int(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def _by_actor(frame: pd.DataFrame | None, name: str) -> pd.DataFrame | None:
    """A measures table indexed by actor_id (an ``actor_id`` column becomes the index)."""
    if frame is None:
        return None
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame or None, got {type(frame).__name__}")
    if "actor_id" in frame.columns:
        frame = frame.set_index("actor_id")
    return frame


def _node_name(G: nx.Graph | None, node: Any) -> str:
    if G is not None and node in G:
        name = G.nodes[node].get("name")
        if not _is_missing(name) and str(name):
            return str(name)
    return str(node)


def _shorten(text: str, width: int = 32) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _distinct_labels(texts: Iterable[str], width: int = 32) -> list[str]:
    """Shortened labels that stay distinct: where two shortened texts coincide, both keep their
    beginning and their end ("Ortsverein Humanitä…dt Nord"), and still equal ones get a number.

    >>> _distinct_labels(["Ortsverein Humanitäre Hilfe Modellstadt Nord",
    ...                   "Ortsverein Humanitäre Hilfe Modellstadt Süd", "Amt"], 20)
    ['Ortsverein…tadt Nord', 'Ortsverein…stadt Süd', 'Amt']
    """
    texts = [str(t) for t in texts]
    short = [_shorten(t, width) for t in texts]
    clash = {s for s in short if short.count(s) > 1}
    head = max(width // 2, 1)
    out = [
        f"{t[:head].rstrip()}…{t[-(width - head - 1) :]}" if s in clash and len(t) > width else s
        for t, s in zip(texts, short, strict=True)
    ]
    seen: dict[str, int] = {}
    for i, label in enumerate(out):
        if out.count(label) > 1:
            seen[label] = seen.get(label, 0) + 1
            out[i] = f"{label} ({seen[label]})"
    return out


def _number_format(lang: str) -> mpl.ticker.Formatter:
    """Tick labels as in the cells: decimal comma, thousands point, minus sign (``lang="de"``).

    >>> f = _number_format("de")
    >>> f(4500), f(-0.4), f(0.25), _number_format("en")(4500)
    ('4.500', '−0,4', '0,25', '4,500')
    """

    def fmt(x: float, _pos: Any = None) -> str:
        if float(x).is_integer() and abs(x) >= 1000:
            text = f"{int(x):,}"
            return (text.replace(",", ".") if lang == "de" else text).replace("-", "−")
        text = f"{x:.6g}"
        if lang == "de":
            text = text.replace(".", ",")
        return text.replace("-", "−")

    return mpl.ticker.FuncFormatter(fmt)


def save_figure(
    fig: Figure,
    path_without_suffix: str | Path,
    *,
    formats: Iterable[str] = ("png", "svg"),
    dpi: int = 200,
) -> list[Path]:
    """Write ``fig`` as PNG and SVG so that the same figure gives the same bytes every time.

    Metadata that would change between runs (creation date, software version) are fixed, SVG
    element ids are derived from a fixed salt (``svg.hashsalt``) and text is written as paths.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure (e.g. ``ax.figure``).
    path_without_suffix : str or Path
        Target path without suffix; ``.png``/``.svg`` are appended. Folders are created.
    formats : iterable of str, default ("png", "svg")
        Any of ``"png"``, ``"svg"``, ``"pdf"``.
    dpi : int, default 200
        Resolution of the PNG.

    Returns
    -------
    list of Path
        The files written, in the order of ``formats``.

    Raises
    ------
    TypeError
        If ``fig`` is not a matplotlib Figure.
    ValueError
        If a format is not one of ``png``, ``svg``, ``pdf``.

    Notes
    -----
    Byte identity holds for the same matplotlib and font versions; another matplotlib release
    may rasterise or write paths differently.

    Examples
    --------
    >>> import tempfile
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([0, 1], [0, 1])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     a = [p.read_bytes() for p in save_figure(fig, Path(tmp) / "a")]
    ...     b = [p.read_bytes() for p in save_figure(fig, Path(tmp) / "b")]
    >>> a == b
    True
    >>> plt.close(fig)
    """
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    metadata = {
        "png": {"Software": "netzwerk"},
        "svg": {"Creator": "netzwerk", "Date": None},
        "pdf": {"Creator": "netzwerk", "Producer": "netzwerk", "CreationDate": None},
    }
    base = Path(path_without_suffix)
    base.parent.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        if fmt not in metadata:
            raise ValueError(f"formats must contain only 'png', 'svg', 'pdf', got {fmt!r}")
        path = base.with_name(base.name + "." + fmt)
        with mpl.rc_context({"svg.hashsalt": "netzwerk", "svg.fonttype": "path"}):
            fig.savefig(path, format=fmt, dpi=dpi, metadata=metadata[fmt], bbox_inches="tight")
        written.append(path)
    return written


# --------------------------------------------------------------------------------------------
# Layout
# --------------------------------------------------------------------------------------------


def _layout(G: nx.Graph, seed: int, *, weight: str | None = "weight") -> dict[Any, np.ndarray]:
    """Seeded Fruchterman–Reingold layout (igraph), centred and scaled to [-1, 1].

    500 iterations; above 1,000 nodes 250 iterations with igraph's grid approximation of the
    repulsion, which keeps a 2,000-node layout to a few seconds.
    """
    import igraph as ig

    nodes = list(G.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: np.zeros(2)}
    index = {node: i for i, node in enumerate(nodes)}
    edges, weights = [], []
    for u, v, data in G.edges(data=True):
        if u == v:
            continue
        edges.append((index[u], index[v]))
        w = data.get(weight, 1.0) if weight else 1.0
        weights.append(float(w) if not _is_missing(w) and float(w) > 0 else 1.0)
    g = ig.Graph(n=n, edges=edges, directed=False)
    start = np.random.default_rng(seed).uniform(-1.0, 1.0, size=(n, 2)).tolist()
    # igraph draws from a module-level generator; lend it a seeded one and give the default back.
    ig.set_random_number_generator(random.Random(seed))
    try:
        coords = np.asarray(
            g.layout_fruchterman_reingold(
                weights=weights if edges else None,
                seed=start,
                niter=500 if n <= 1000 else 250,
                grid=n > 1000,
            ).coords,
            dtype=float,
        )
    finally:
        ig.set_random_number_generator(random)
    coords -= coords.mean(axis=0)
    span = np.abs(coords).max()
    if span > 0:
        coords /= span
    return {node: coords[i] for i, node in enumerate(nodes)}


def network_layout(G: nx.Graph, *, seed: int = 0) -> dict[Any, np.ndarray]:
    """The seeded node positions that :func:`plot_network` and :func:`network_map` draw.

    Both compute this layout when they get no ``pos``; a report that draws both passes the
    result of one call to each, so the layout (about 1.5 s at 1,000 actors) is computed once.

    Parameters
    ----------
    G : networkx.Graph
        The graph (tie ``weight`` pulls nodes together).
    seed : int, default 0
        Seed of the layout; the same seed gives the same positions.

    Returns
    -------
    dict
        Node → array ``[x, y]`` in [-1, 1] (Fruchterman–Reingold, igraph).

    Examples
    --------
    >>> G = nx.path_graph(3)
    >>> pos = network_layout(G, seed=1)
    >>> sorted(pos) == [0, 1, 2] and all(abs(c) <= 1 for xy in pos.values() for c in xy)
    True
    """
    return _layout(G, seed)


def _node_values(
    G: nx.Graph, measures: pd.DataFrame | None, size_by: str | None, name: str = "size_by"
) -> tuple[pd.Series, str]:
    """Per-node values for sizes and labels, and the name of what they are."""
    nodes = list(G.nodes)
    if size_by is None:
        size_by = "betweenness" if measures is not None and "betweenness" in measures else "degree"
    if measures is not None and size_by in measures.columns:
        values = pd.to_numeric(measures[size_by].reindex(nodes), errors="coerce")
    elif size_by == "degree":
        values = pd.Series(dict(G.degree()), dtype=float).reindex(nodes)
    elif nodes and all(size_by in G.nodes[n] for n in nodes):
        values = pd.to_numeric(pd.Series({n: G.nodes[n][size_by] for n in nodes}), errors="coerce")
    else:
        raise ValueError(
            f"{name}={size_by!r} is neither a column of measures nor 'degree' nor a node attribute"
        )
    return values.astype(float), size_by


def _scale(values: pd.Series, low: float, high: float) -> pd.Series:
    finite = values.dropna()
    if finite.empty:
        return pd.Series(low, index=values.index)
    vmin, vmax = float(finite.min()), float(finite.max())
    if vmax == vmin:
        return pd.Series((low + high) / 2, index=values.index).where(values.notna(), low)
    return (low + (values - vmin) / (vmax - vmin) * (high - low)).fillna(low)


def _top_nodes(values: pd.Series, k: int) -> list[Any]:
    ordered = sorted(
        (n for n in values.index if not pd.isna(values[n])), key=lambda n: (-values[n], str(n))
    )
    return ordered[:k]


# --------------------------------------------------------------------------------------------
# Static figures
# --------------------------------------------------------------------------------------------


def plot_network(
    G: nx.Graph,
    *,
    ax: Axes | None = None,
    measures: pd.DataFrame | None = None,
    size_by: str | None = None,
    label_top: int = 5,
    backbone: int | None = 3,
    seed: int = 0,
    pos: Mapping[Any, Any] | None = None,
    lang: str = "de",
    title: str | None = None,
) -> Axes:
    r"""Static map of the cooperation network: its strongest ties, sector colours, sizes, names.

    Nodes are placed by a seeded Fruchterman–Reingold layout, coloured by ``sector``
    (:func:`sector_colors`) and sized by ``size_by``. Only the backbone of strongest ties is
    drawn (``backbone``: each actor's strongest ties; the rule and how many ties it shows stand
    in the title), with line width by the tie's ``weight``. Up to ``label_top`` nodes with the
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
    label_top : int, default 5
        At most this many nodes are named (0 names none); fewer when their labels do not fit.
    backbone : int or None, default 3
        Draw a tie when it is among the ``backbone`` strongest ties (by ``weight``) of at least
        one of its two actors; None draws every tie. Measures are never affected: this only
        thins the drawing.
    seed : int, default 0
        Layout seed: the same seed gives the same positions.
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
        If ``size_by`` names nothing available, or ``lang``/``label_top``/``backbone`` is
        invalid.

    Notes
    -----
    Node area runs from 30 to 600 pt² between the smallest and the largest value, shrunk by
    :math:`\sqrt{150 / n}` above 150 nodes so that large networks stay readable (all nodes
    medium-sized when the values are equal; missing values smallest). An empty graph gives an
    Axes with a note.

    The backbone keeps every actor that has a tie connected to at least one partner (its own
    strongest tie is always drawn), see ``netzwerk._netplot``. Line width grows with the square
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
    >>> G = nx.Graph(synthetic=True)
    >>> G.add_node("a", name="Integrationsbüro", sector="verwaltung", aggregate=False)
    >>> G.add_node("b", name="Caritas", sector="wohlfahrt", aggregate=False)
    >>> G.add_node("c", name="Vereine", sector="mso", aggregate=True)
    >>> G.add_node("d", name="Jobcenter", sector="arbeitsmarkt", aggregate=False)
    >>> G.add_weighted_edges_from([("a", "b", 3.0), ("a", "c", 1.0), ("b", "c", 0.5),
    ...                            ("a", "d", 2.0)])
    >>> ax = plot_network(G, label_top=1, backbone=1)
    >>> print(ax.get_title())  # b-c is nobody's strongest tie
    Kooperationsnetz (synthetisch)
    Gezeigt: die stärkste Verbindung je Akteur (3 von 4 Verbindungen)
    >>> [t.get_text() for t in ax.texts]  # a has degree 3, the largest
    ['Integrationsbüro']
    >>> plt.close(ax.figure)
    """
    from netzwerk._netplot import backbone_edges, place_labels

    _check_graph(G)
    lang = _check_lang(lang)
    label_top = int(label_top) if label_top == 0 else _check_positive_int(label_top, "label_top")
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
    shown = backbone_edges(G, backbone)
    if pos is None:  # laid out on the drawn ties: the strongest ties decide where actors sit
        drawn = nx.Graph()
        drawn.add_nodes_from(G.nodes)
        top = max([_edge_weight(d) for _, _, d in shown] or [1.0]) or 1.0
        # attraction by the square root of the weight, so weak ties still hold their actors
        drawn.add_edges_from(
            (u, v, {"weight": 0.2 + math.sqrt(max(_edge_weight(d), 0.0) / top)})
            for u, v, d in shown
        )
        pos = _layout(drawn, seed)
    xy = {n: np.asarray(pos[n], dtype=float) for n in G.nodes}

    segments, widths = [], []
    weights = [_edge_weight(d) for _, _, d in shown]
    wmax = max(weights or [1.0]) or 1.0
    for (u, v, _), w in zip(shown, weights, strict=True):
        segments.append([xy[u], xy[v]])
        widths.append(_tie_width(w, wmax))
    if segments:
        ax.add_collection(
            LineCollection(segments, linewidths=widths, colors="#707070", alpha=0.55, zorder=1)
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
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markerfacecolor=color,
                markeredgecolor="white",
                markersize=8,
                label=_label("sectors", sector, lang),
            )
        )
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
    top = _top_nodes(values, label_top)
    items = [
        (n, _shorten(_node_name(G, n)), tuple(xy[n]), math.sqrt(float(sizes[n])) / 2) for n in top
    ]
    place_labels(ax, items, fontsize=8)
    return ax


def _count(n: int, lang: str) -> str:
    """A whole number with the thousands separator of ``lang`` (12.373 / 12,373)."""
    return f"{n:,}".replace(",", "." if lang == "de" else ",")


def _edge_weight(data: Mapping[str, Any]) -> float:
    w = data.get("weight", 1.0)
    return 1.0 if _is_missing(w) else float(w)


def _tie_width(weight: float, wmax: float) -> float:
    # square root: tie weights are skewed (referral counts), a linear scale leaves most hairlines
    return 0.3 + 3.0 * math.sqrt(max(weight, 0.0) / wmax)


def _nice(value: float, lang: str) -> str:
    """``value`` with two significant digits, as a legend example (0,011 / 51 / 1.200)."""
    if value == 0 or not math.isfinite(value):
        return _fmt(value, lang)
    if abs(value) >= 100:
        return _count(int(round(value, 1 - int(math.floor(math.log10(abs(value)))))), lang)
    text = f"{value:.2g}"
    return text.replace(".", ",") if lang == "de" else text


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


def _measure_label(measure: str, lang: str) -> str:
    names = {
        "de": {"degree": "Partner", "betweenness": "Betweenness", "total": "Vermittlungen"},
        "en": {"degree": "partners", "betweenness": "betweenness", "total": "brokerage"},
    }
    return names[lang].get(measure, measure)


def plot_sector_gaps(
    gaps: pd.DataFrame,
    *,
    ax: Axes | None = None,
    alpha: float = 0.05,
    lang: str = "de",
    synthetic: bool | None = None,
    title: str | None = None,
) -> Axes:
    """Heatmap of observed against expected tie density between sectors, with significance marks.

    Each cell shows the observed density of ties between two sectors and, in brackets, the
    density expected under the permutation null of :func:`netzwerk.sector_gaps`; the colour is
    the difference

    .. math:: d_{ab} - \\mathrm{E}[d_{ab}] = \\frac{T_{ab} - \\mathrm{E}[T_{ab}]}{P_{ab}},

    with :math:`T_{ab}` the ties (``observed``), :math:`\\mathrm{E}[T_{ab}]` their expected number
    (``expected``) and :math:`P_{ab}` the possible pairs (``possible``).

    blue where sectors are less connected than expected, red where more. A ▼ marks a gap:
    ``gap`` true where the table has that column (the decision of :func:`netzwerk.sector_gaps`,
    after its multiple-testing correction), otherwise ``p_low < alpha``. A ▲ marks significantly
    more ties than expected: ``q_high < alpha`` where present, otherwise ``p_high < alpha``.

    Parameters
    ----------
    gaps : pandas.DataFrame
        Output of :func:`netzwerk.sector_gaps`: ``group_a``, ``group_b``, ``possible``,
        ``observed``, ``expected`` (expected number of ties) and optionally ``gap``, ``p_low``,
        ``p_high``, ``q_high``. Pairs with ``possible == 0`` (within a group of one) get no cell.
        Undirected results list each pair
        once and are mirrored; directed results (both orders present) are shown as given, rows
        being ``group_a`` (sender).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.
    alpha : float, default 0.05
        Significance level of the marks.
    lang : {"de", "en"}, default "de"
    synthetic : bool, optional
        Mark the title "synthetisch"; default ``gaps.attrs.get("synthetic", False)``.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        With one annotated cell per pair of groups present (diagonal = within a group).

    Raises
    ------
    ValueError
        If a required column is missing or ``alpha`` is not in (0, 1).

    Examples
    --------
    >>> gaps = pd.DataFrame({"group_a": ["mso", "mso"], "group_b": ["mso", "verwaltung"],
    ...     "possible": [6, 8], "observed": [6, 2], "expected": [3.0, 4.0], "p_low": [0.9, 0.01],
    ...     "p_high": [0.2, 0.99]})
    >>> ax = plot_sector_gaps(gaps)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['Kommunalverwaltung', 'Migrantenorganisationen']
    >>> sorted(t.get_text() for t in ax.texts)  # every expected density is 0,50: said once
    ['0,25 ▼', '0,25 ▼', '1']
    >>> ax.get_title()
    'Verbindungsdichte zwischen Sektoren (erwartet überall 0,50)'
    >>> plt.close(ax.figure)
    """
    lang = _check_lang(lang)
    gaps = _check_frame(gaps, "gaps", ["group_a", "group_b", "possible", "observed", "expected"])
    if not 0 < float(alpha) < 1:
        raise ValueError(f"alpha must be between 0 and 1, got {alpha!r}")
    ax = _get_ax(ax, (8, 7))
    if synthetic is None:
        synthetic = bool(gaps.attrs.get("synthetic", False))
    heading = _title(_t("gaps", lang), synthetic, lang, title)
    if gaps.empty:
        return _empty(ax, _t("gaps_empty", lang), heading)
    groups = _ordered("sectors", pd.concat([gaps["group_a"], gaps["group_b"]]))
    where = {g: i for i, g in enumerate(groups)}
    n = len(groups)
    obs = np.full((n, n), np.nan)
    exp = np.full((n, n), np.nan)
    marks = np.full((n, n), "", dtype=object)
    pairs = {(str(a), str(b)) for a, b in zip(gaps["group_a"], gaps["group_b"], strict=True)}
    for row in gaps.itertuples(index=False):
        a, b = str(row.group_a), str(row.group_b)
        mark = ""
        if "gap" in gaps.columns:
            low = _truthy(row.gap)
        else:
            p_low = getattr(row, "p_low", np.nan)
            low = not _is_missing(p_low) and float(p_low) < alpha
        p_high = getattr(row, "q_high", getattr(row, "p_high", np.nan))
        if low:
            mark = " ▼"
        elif not _is_missing(p_high) and float(p_high) < alpha:
            mark = " ▲"
        cells = [(where[a], where[b])]
        if (b, a) not in pairs:
            cells.append((where[b], where[a]))
        for i, j in cells:
            possible = np.nan if _is_missing(row.possible) else float(row.possible)
            if not possible > 0:
                continue
            obs[i, j] = np.nan if _is_missing(row.observed) else float(row.observed) / possible
            exp[i, j] = np.nan if _is_missing(row.expected) else float(row.expected) / possible
            marks[i, j] = mark
    diff = obs - exp
    finite = diff[np.isfinite(diff)]
    limit = float(np.abs(finite).max()) if finite.size and np.abs(finite).max() > 0 else 1.0
    image = ax.imshow(diff, cmap="RdBu_r", vmin=-limit, vmax=limit, aspect="auto")
    bar = ax.figure.colorbar(image, ax=ax, label=_t("gaps_cbar", lang), shrink=0.8)
    bar.ax.yaxis.set_major_formatter(_number_format(lang))
    # one expected density for every pair (the usual case: a permutation of sector labels keeps
    # the overall density) is said once in the title, not repeated in every cell
    expected = {_fmt(e, lang) for e in exp[np.isfinite(exp)]}
    same_expected = len(expected) == 1
    for i in range(n):
        for j in range(n):
            if np.isnan(obs[i, j]):
                continue
            text = (
                f"{_fmt(obs[i, j], lang)}{marks[i, j]}"
                if same_expected
                else f"{_fmt(obs[i, j], lang)}\n({_fmt(exp[i, j], lang)}){marks[i, j]}"
            )
            strong = np.isfinite(diff[i, j]) and abs(diff[i, j]) > 0.6 * limit
            ax.text(
                j,
                i,
                text,
                ha="center",
                va="center",
                fontsize=7,
                color="white" if strong else "black",
            )
    labels = [_label("sectors", g, lang) for g in groups]
    ax.set_xticks(range(n), labels, rotation=45, ha="right")
    ax.set_yticks(range(n), labels)
    note = "gaps_note_gap" if "gap" in gaps.columns else "gaps_note"
    ax.set_xlabel(_t(note, lang, alpha=_fmt(float(alpha), lang)))
    if same_expected and title is None:
        heading = _title(_t("gaps_same", lang, expected=expected.pop()), synthetic, lang)
    ax.set_title(heading)
    return ax


def plot_brokerage_roles(
    roles: pd.DataFrame,
    *,
    ax: Axes | None = None,
    top: int = 15,
    names: Mapping[Any, str] | nx.Graph | None = None,
    lang: str = "de",
    synthetic: bool | None = None,
    title: str | None = None,
) -> Axes:
    """Stacked bars of the five Gould–Fernandez brokerage roles for the ``top`` actors.

    Actors are ordered by ``total`` (the number of brokered two-paths; the sum of the five roles
    when ``total`` is missing); actors that broker nothing are left out.

    Parameters
    ----------
    roles : pandas.DataFrame
        One row per actor, indexed by ``actor_id`` (or with an ``actor_id`` column), with
        ``coordinator``, ``itinerant``, ``representative``, ``gatekeeper``, ``liaison`` and
        optionally ``total`` and ``name`` (e.g. :func:`netzwerk.brokerage_roles`).
    ax : matplotlib.axes.Axes, optional
    top : int, default 15
        How many actors to show.
    names : mapping or networkx.Graph, optional
        actor_id → display name (a graph supplies its ``name`` node attribute); used when
        ``roles`` has no ``name`` column.
    lang : {"de", "en"}, default "de"
    synthetic : bool, optional
        Default ``roles.attrs.get("synthetic", False)``.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        Five bar segments per actor shown (zero-length where a role is absent).

    Raises
    ------
    ValueError
        If a role column is missing or ``top`` is not a positive integer.

    References
    ----------
    .. [1] Gould, R. V. & Fernandez, R. M. (1989). Structures of mediation: A formal approach
       to brokerage in transaction networks. Sociological Methodology 19, 89–126.

    Examples
    --------
    >>> roles = pd.DataFrame({"coordinator": [2, 0, 0], "itinerant": [0, 1, 0],
    ...     "representative": [1, 0, 0], "gatekeeper": [1, 0, 0], "liaison": [0, 0, 0]},
    ...     index=pd.Index(["a", "b", "c"], name="actor_id"))
    >>> ax = plot_brokerage_roles(roles)
    >>> [t.get_text() for t in ax.get_yticklabels()], len(ax.patches)  # c brokers nothing
    (['a', 'b'], 10)
    >>> plt.close(ax.figure)
    """
    lang = _check_lang(lang)
    top = _check_positive_int(top, "top")
    roles = _by_actor(roles, "roles")
    roles = _check_frame(roles, "roles", ROLES)
    ax = _get_ax(ax, (8, 0.5 + 0.4 * min(top, max(len(roles), 1)) + 1.5))
    if synthetic is None:
        synthetic = bool(roles.attrs.get("synthetic", False))
    heading = _title(_t("roles", lang), synthetic, lang, title)
    counts = roles[list(ROLES)].apply(pd.to_numeric, errors="coerce").fillna(0.0)
    total = (
        pd.to_numeric(roles["total"], errors="coerce").fillna(0.0)
        if "total" in roles.columns
        else counts.sum(axis=1)
    )
    chosen = _top_nodes(total[total > 0], top)
    if not chosen:
        return _empty(ax, _t("roles_empty", lang), heading)
    labels = []
    for actor in chosen:
        if "name" in roles.columns and not _is_missing(roles.at[actor, "name"]):
            labels.append(str(roles.at[actor, "name"]))
        elif isinstance(names, nx.Graph):
            labels.append(_node_name(names, actor))
        elif names is not None:
            labels.append(str(names.get(actor, actor)))
        else:
            labels.append(str(actor))
    labels = _distinct_labels(labels)
    y = np.arange(len(chosen))
    left = np.zeros(len(chosen))
    for role in ROLES:
        width = counts.loc[chosen, role].to_numpy(dtype=float)
        ax.barh(y, width, left=left, color=_ROLE_COLORS[role], label=_t(role, lang), height=0.7)
        left += width
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlabel(_t("roles_x", lang))
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(_number_format(lang))
    # outside the bars: a legend inside would cover the longest ones
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    ax.set_title(heading)
    return ax


# measure of the broker table → its name in broker_stability's columns (rank_<name>_low, …)
_STABILITY_MEASURE = {"total": "brokerage"}
_RANK_POINT = ("rank", "rank_median", "median_rank", "rank_mean", "mean_rank", "rank_observed")
_RANK_LOW = ("rank_low", "rank_lo", "rank_lower", "rank_min", "rank_q05", "rank_q025", "ci_low")
_RANK_HIGH = ("rank_high", "rank_hi", "rank_upper", "rank_max", "rank_q95", "rank_q975", "ci_high")


def _first_column(frame: pd.DataFrame, candidates: Iterable[str]) -> str | None:
    return next((c for c in candidates if c in frame.columns), None)


def plot_brokers(
    table: pd.DataFrame,
    *,
    stability: pd.DataFrame | None = None,
    ax: Axes | None = None,
    measure: str = "betweenness",
    top: int = 15,
    G: nx.Graph | None = None,
    lang: str = "de",
    synthetic: bool | None = None,
    title: str | None = None,
) -> Axes:
    """Ranked brokers: the ``top`` actors by ``measure``, or by rank with intervals.

    Without ``stability`` the figure is a dot plot of ``measure`` (default betweenness) for the
    ``top`` actors. With ``stability`` (from :func:`netzwerk.broker_stability`) it shows each
    actor's rank with its interval over the resamples, ordered by rank, so one sees which
    positions in the ranking are firm. Actors that are cut points (``is_cutpoint``) are drawn as
    diamonds; dots take the sector colour where ``table`` has ``sector`` or ``G`` is given.

    Parameters
    ----------
    table : pandas.DataFrame
        Broker table indexed by ``actor_id`` (or with an ``actor_id`` column), e.g.
        :func:`netzwerk.brokers`; needs ``measure`` unless ``stability`` is given.
    stability : pandas.DataFrame, optional
        One row per actor (index or column ``actor_id``) with a rank interval, e.g.
        :func:`netzwerk.gaps.broker_stability`, whose columns ``rank_<m>``, ``rank_<m>_low``,
        ``rank_<m>_high`` are used for ``measure`` (``m`` = ``betweenness``, or ``brokerage``
        for ``measure="total"``). Other tables are matched tolerantly: lower bound the first of
        ``rank_low``, ``rank_lo``, ``rank_lower``,
        ``rank_min``, ``rank_q05``, ``rank_q025``, ``ci_low``; upper bound ``rank_high``,
        ``rank_hi``, ``rank_upper``, ``rank_max``, ``rank_q95``, ``rank_q975``, ``ci_high``;
        point the first of ``rank``, ``rank_median``, ``median_rank``, ``rank_mean``,
        ``mean_rank``, ``rank_observed`` (the interval's midpoint when none exists).
    ax : matplotlib.axes.Axes, optional
    measure : str, default "betweenness"
    top : int, default 15
    G : networkx.Graph, optional
        Supplies names (``name``) and sectors (``sector``) where ``table`` lacks them.
    lang : {"de", "en"}, default "de"
    synthetic : bool, optional
        Default ``G.graph["synthetic"]`` or ``table.attrs["synthetic"]``.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If ``measure`` is missing from ``table`` (without ``stability``), or ``stability`` has no
        recognisable interval columns.

    Examples
    --------
    >>> table = pd.DataFrame({"betweenness": [0.0, 0.5, 1.0]},
    ...     index=pd.Index(["a", "b", "c"], name="actor_id"))
    >>> ax = plot_brokers(table, top=2)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['c', 'b']
    >>> stab = pd.DataFrame({"actor_id": ["a", "b", "c"], "rank": [3, 2, 1],
    ...     "rank_low": [2, 1, 1], "rank_high": [3, 3, 2]})
    >>> ax2 = plot_brokers(table, stability=stab)
    >>> [t.get_text() for t in ax2.get_yticklabels()]
    ['c', 'b', 'a']
    >>> plt.close("all")
    """
    lang = _check_lang(lang)
    top = _check_positive_int(top, "top")
    table = _by_actor(table, "table")
    stability = _by_actor(stability, "stability")
    ax = _get_ax(ax, (8, 0.5 + 0.4 * min(top, max(len(table), 1)) + 1.5))
    if synthetic is None:
        synthetic = bool(
            (G is not None and G.graph.get("synthetic", False)) or table.attrs.get("synthetic")
        )
    heading = _title(_t("brokers", lang), synthetic, lang, title)
    if stability is None:
        table = _check_frame(table, "table", [measure])
        values = pd.to_numeric(table[measure], errors="coerce")
        chosen = _top_nodes(values, top)
        point = values
        low = high = None
    else:
        stem = f"rank_{_STABILITY_MEASURE.get(measure, measure)}"
        low_names = (f"{stem}_low", *_RANK_LOW)
        high_names = (f"{stem}_high", *_RANK_HIGH)
        low_col = _first_column(stability, low_names)
        high_col = _first_column(stability, high_names)
        if low_col is None or high_col is None:
            raise ValueError(
                f"stability lacks rank interval columns; got {list(stability.columns)}, "
                f"expected one of {list(low_names)} and one of {list(high_names)}"
            )
        low = pd.to_numeric(stability[low_col], errors="coerce")
        high = pd.to_numeric(stability[high_col], errors="coerce")
        point_col = _first_column(stability, (stem, *_RANK_POINT))
        point = (
            pd.to_numeric(stability[point_col], errors="coerce") if point_col else (low + high) / 2
        )
        chosen = _top_nodes(-point, top)
    if not chosen:
        return _empty(ax, _t("brokers_empty", lang), heading)

    def attr(actor: Any, column: str) -> Any:
        for frame in (table, stability):
            if frame is not None and column in frame.columns and actor in frame.index:
                return frame.at[actor, column]
        if G is not None and actor in G:
            return G.nodes[actor].get(column)
        return None

    sectors = [attr(a, "sector") for a in chosen]
    colors = sector_colors(sectors)
    y = np.arange(len(chosen))
    x = np.array([float(point[a]) for a in chosen])
    if low is not None and high is not None:
        ax.hlines(
            y,
            [float(low[a]) for a in chosen],
            [float(high[a]) for a in chosen],
            color="#555555",
            linewidth=2,
            zorder=1,
        )
        ax.set_xlabel(_t("brokers_rank", lang))
    else:
        ax.hlines(y, 0, x, color="#BBBBBB", linewidth=1, zorder=1)
        ax.set_xlabel(_t(measure, lang) if measure in _TEXT[lang] else measure)
    cut = np.array([_truthy(attr(a, "is_cutpoint")) for a in chosen], dtype=bool)
    point_colors = np.array([_sector_color(s, colors) if colors else "#0072B2" for s in sectors])
    for mask, marker in ((~cut, "o"), (cut, "D")):
        if mask.any():
            ax.scatter(
                x[mask], y[mask], c=list(point_colors[mask]), marker=marker, s=60,
                edgecolors="black", linewidths=0.6, zorder=2,
            )  # fmt: skip
    handles = [Patch(color=c, label=_label("sectors", s, lang)) for s, c in colors.items()]
    if cut.any():
        handles.append(
            Line2D([], [], marker="D", linestyle="", color="white", markeredgecolor="black",
                   label=_t("cutpoint", lang))
        )  # fmt: skip
    if handles:
        ax.legend(
            handles=handles, fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0)
        )
    labels = []
    for actor in chosen:
        name = attr(actor, "name")
        labels.append(str(actor if _is_missing(name) or name is None else name))
    ax.set_yticks(y, _distinct_labels(labels))
    ax.xaxis.set_major_formatter(_number_format(lang))
    ax.invert_yaxis()
    ax.set_title(heading)
    return ax


def _city_synthetic(city: Any) -> bool:
    return bool(getattr(city, "meta", {}).get("synthetic", False))


def plot_field_flows(
    city: Any,
    *,
    ax: Axes | None = None,
    direction: str = "to",
    suppress_below: int | None = None,
    flows: Any = None,
    lang: str = "de",
    title: str | None = None,
) -> Axes:
    """Referral counts by Handlungsfeld (rows) and sector (columns) as an annotated heatmap.

    Each cell sums the ``count`` of all referral rows in that field whose receiving
    (``direction="to"``) or referring (``direction="from"``) organisation belongs to that sector.
    The table and its suppression pattern are the ones the report publishes as CSV
    (:func:`netzwerk.report.field_flows`), so the figure hides exactly what the table hides.

    Parameters
    ----------
    city : netzwerk.City
        Its ``referrals`` and ``actors`` tables are used.
    ax : matplotlib.axes.Axes, optional
    direction : {"to", "from"}, default "to"
        Sector of the receiving or of the referring organisation.
    suppress_below : int, optional
        Small-cell suppression as in the CSV table (:func:`netzwerk.privacy.suppression_pattern`
        with totals): a count below this shows ``<N``, a count hidden to protect it
        (complementary suppression) shows ``.``. Hidden cells are drawn in a neutral hatched grey
        and left out of the colour scale, so their size cannot be read from the colour either.
        None shows every count. Ignored when ``flows`` is given.
    flows : netzwerk.report.FieldFlows, optional
        The table and pattern computed once for the report (:func:`netzwerk.report.field_flows`);
        by default computed here from ``city``, ``direction`` and ``suppress_below``.
    lang : {"de", "en"}, default "de"
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        One annotated cell per (field, sector) with referral rows.

    Raises
    ------
    ValueError
        If ``direction`` is not "to"/"from" or ``suppress_below`` is not a positive integer.

    Notes
    -----
    Aggregation rule: suppression applies to the displayed cells after summing over referral
    rows (periods, pairs of organisations); a cell is never split back into rows. Empty counts
    (referrals documented but not counted) add nothing; a cell that has only such rows shows
    "?". Row and column totals are not drawn but are published in the CSV, which is why the
    complementary pattern applies here too. Referrals from or to actors missing in ``actors``
    count under "unbekannt".

    Examples
    --------
    >>> from netzwerk.io import City
    >>> city = City.from_frames(
    ...     actors=pd.DataFrame({"actor_id": ["a", "b", "c"], "name": ["A", "B", "C"],
    ...         "sector": ["verwaltung", "wohlfahrt", "wohlfahrt"], "level": ["kommune"] * 3}),
    ...     referrals=pd.DataFrame({"from_id": ["a", "a", "b"], "to_id": ["b", "c", "a"],
    ...         "field": ["arbeit", "arbeit", "wohnen"], "period": ["2020"] * 3,
    ...         "count": ["2", "5", "1"]}))
    >>> ax = plot_field_flows(city, suppress_below=3)

    arbeit→wohlfahrt 2+5 = 7, wohnen→verwaltung 1 (< 3); with the totals of the CSV the 7
    would give the 1 away (row total 1 … column totals 7 and 1, grand total 8), so it is hidden
    as well:

    >>> sorted(t.get_text() for t in ax.texts)
    ['.', '<3']
    >>> plt.close(ax.figure)
    """
    from netzwerk._flows import field_flows

    lang = _check_lang(lang)
    if direction not in ("to", "from"):
        raise ValueError(f"direction must be 'to' or 'from', got {direction!r}")
    if suppress_below is not None:
        suppress_below = _check_positive_int(suppress_below, "suppress_below")
    ax = _get_ax(ax, (9, 6))
    heading = _title(_t("flows", lang), _city_synthetic(city), lang, title)
    if city.referrals.empty:
        return _empty(ax, _t("flows_empty", lang), heading)
    if flows is None:
        flows = field_flows(city, direction=direction, threshold=suppress_below)
    threshold = flows.threshold
    # the figure's order is the vocabularies'; the cells are looked up by code
    fields = _ordered("fields", flows.counts.index)
    sectors = _ordered("sectors", flows.counts.columns)
    counts = flows.counts.reindex(index=fields, columns=sectors)
    has_rows = flows.has_rows.reindex(index=fields, columns=sectors)
    uncounted = flows.uncounted.reindex(index=fields, columns=sectors)
    pattern = flows.pattern.reindex(index=fields, columns=sectors)
    shown = counts.to_numpy(dtype=float).copy()
    texts = np.full(shown.shape, "", dtype=object)
    hidden = pattern.to_numpy() != ""
    for i in range(len(fields)):
        for j in range(len(sectors)):
            if not has_rows.iat[i, j]:
                shown[i, j] = np.nan
            elif pattern.iat[i, j] == "primary":
                texts[i, j] = f"<{threshold}"
            elif pattern.iat[i, j] == "secondary":
                texts[i, j] = "."
            elif uncounted.iat[i, j]:
                texts[i, j] = "?"
            else:
                texts[i, j] = _fmt(float(shown[i, j]), lang)
    # hidden cells are not part of the colour scale: neither their colour nor vmax tells
    display = np.where(hidden, np.nan, shown)
    ax.set_facecolor("white")
    vmax = np.nanmax(display) if np.isfinite(display).any() else 1.0
    image = ax.imshow(np.ma.masked_invalid(display), cmap="Blues", vmin=0, vmax=max(vmax, 1.0))
    bar = ax.figure.colorbar(image, ax=ax, label=_t("flows_cbar", lang), shrink=0.8)
    bar.ax.yaxis.set_major_formatter(_number_format(lang))
    for i in range(len(fields)):
        for j in range(len(sectors)):
            if hidden[i, j] and has_rows.iat[i, j]:
                ax.add_patch(
                    mpl.patches.Rectangle(
                        (j - 0.5, i - 0.5), 1, 1, facecolor="#E6E6E6", edgecolor="#9A9A9A",
                        hatch="///", linewidth=0, zorder=1,
                    )
                )  # fmt: skip
            if texts[i, j]:
                dark = not hidden[i, j] and shown[i, j] > 0.6 * max(vmax, 1.0)
                ax.text(j, i, texts[i, j], ha="center", va="center", fontsize=8, zorder=2,
                        color="white" if dark else "black")  # fmt: skip
    unknown = _t("unknown", lang)
    ax.set_xticks(
        range(len(sectors)),
        [unknown if s == "__unknown__" else _label("sectors", s, lang) for s in sectors],
        rotation=45,
        ha="right",
    )
    ax.set_yticks(
        range(len(fields)),
        [unknown if f == "__unknown__" else _label("fields", f, lang) for f in fields],
    )
    notes = [_t("flows_to" if flows.direction == "to" else "flows_from", lang)]
    if any(t.startswith("<") for t in texts.ravel()):
        notes.append(_t("flows_note_suppressed", lang, n=threshold))
    if any(t == "." for t in texts.ravel()):
        notes.append(_t("flows_note_secondary", lang))
    if any(t == "?" for t in texts.ravel()):
        notes.append(_t("flows_note_uncounted", lang))
    ax.set_xlabel("\n".join(notes))
    ax.set_ylabel(_t("flows_field", lang))
    ax.set_title(heading)
    return ax


_FREQ = {"year": "Y", "quarter": "Q", "month": "M"}


def _period_label(period: pd.Period, freq: str) -> str:
    if freq == "year":
        return str(period.year)
    if freq == "quarter":
        return f"{period.year}-Q{period.quarter}"
    return f"{period.year}-{period.month:02d}"


def plot_timeline(
    city: Any,
    *,
    ax: Axes | None = None,
    by: str = "kind",
    freq: str = "year",
    lang: str = "de",
    title: str | None = None,
) -> Axes:
    """Events over time by kind, or participation over time by sector, as stacked bars.

    Parameters
    ----------
    city : netzwerk.City
        Uses ``events`` (``date_start``/``date_end``, ``kind``) and, for ``by="sector"``,
        ``participation`` and ``actors``.
    ax : matplotlib.axes.Axes, optional
    by : {"kind", "sector"}, default "kind"
        ``"kind"`` counts events per period stacked by event kind; ``"sector"`` counts
        participations (distinct actor–event pairs, whatever the roles) stacked by the
        participant's sector.
    freq : {"year", "quarter", "month"}, default "year"
        Width of a bar. Every period from the first to the last event gets a bar position,
        so gaps in activity stay visible.
    lang : {"de", "en"}, default "de"
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        One bar segment per period and category (zero-height where none).

    Raises
    ------
    ValueError
        If ``by`` or ``freq`` is not one of the allowed values.

    Notes
    -----
    An event dated less precisely than ``freq`` (e.g. only "2020" with ``freq="quarter"``) is
    counted in the period where its possible range starts; the figure says how many such events
    there are.

    Examples
    --------
    >>> from netzwerk.io import City
    >>> city = City.from_frames(events=pd.DataFrame({"event_id": ["e1", "e2", "e3"],
    ...     "title": ["A", "B", "C"], "kind": ["fachtag", "gremium", "gremium"],
    ...     "date": ["2019-05-02", "2021-03", "2021"]}))
    >>> ax = plot_timeline(city)
    >>> [t.get_text() for t in ax.get_xticklabels()]  # 2020 kept as an empty year
    ['2019', '2020', '2021']
    >>> len(ax.patches)  # 3 years x 2 kinds
    6
    >>> plt.close(ax.figure)
    """
    lang = _check_lang(lang)
    if by not in ("kind", "sector"):
        raise ValueError(f"by must be 'kind' or 'sector', got {by!r}")
    if freq not in _FREQ:
        raise ValueError(f"freq must be one of {list(_FREQ)}, got {freq!r}")
    ax = _get_ax(ax, (9, 5))
    base = _t("timeline_kind" if by == "kind" else "timeline_sector", lang)
    heading = _title(base, _city_synthetic(city), lang, title)
    events = city.events[city.events["date_start"].notna()]
    if events.empty:
        return _empty(ax, _t("timeline_empty", lang), heading)
    code = _FREQ[freq]
    start = events["date_start"].dt.to_period(code)
    end = events["date_end"].dt.to_period(code)
    period_of = dict(zip(events["event_id"], start, strict=True))
    imprecise = int((start != end).sum())
    if by == "kind":
        frame = pd.DataFrame({"period": start.to_numpy(), "category": events["kind"].to_numpy()})
        vocab = "event_kinds"
    else:
        sector_of = dict(zip(city.actors["actor_id"], city.actors["sector"], strict=True))
        pairs = city.participation[["event_id", "actor_id"]].drop_duplicates()
        pairs = pairs[pairs["event_id"].isin(period_of)]
        frame = pd.DataFrame(
            {
                "period": [period_of[e] for e in pairs["event_id"]],
                "category": [sector_of.get(a, pd.NA) for a in pairs["actor_id"]],
            }
        )
        vocab = "sectors"
        if frame.empty:
            return _empty(ax, _t("timeline_empty", lang), heading)
    frame["category"] = frame["category"].map(lambda c: "__unknown__" if _is_missing(c) else c)
    periods = pd.period_range(start.min(), start.max(), freq=code)
    categories = _ordered(vocab, frame["category"])
    counts = (
        frame.groupby(["period", "category"]).size().unstack(fill_value=0)
        .reindex(index=periods, columns=categories, fill_value=0)
    )  # fmt: skip
    if by == "kind":
        palette = {c: _KIND_PALETTE[i % len(_KIND_PALETTE)] for i, c in enumerate(
            _vocab("event_kinds").codes)}  # fmt: skip
    else:
        palette = sector_colors(categories)
    x = np.arange(len(periods))
    bottom = np.zeros(len(periods))
    for category in categories:
        heights = counts[category].to_numpy(dtype=float)
        label = _t("unknown", lang) if category == "__unknown__" else _label(vocab, category, lang)
        ax.bar(x, heights, bottom=bottom, color=palette.get(category, UNKNOWN_COLOR),
               label=label, width=0.8)  # fmt: skip
        bottom += heights
    ax.set_xticks(x, [_period_label(p, freq) for p in periods],
                  rotation=0 if len(periods) <= 12 else 90)  # fmt: skip
    ax.set_ylabel(_t("timeline_y_kind" if by == "kind" else "timeline_y_sector", lang))
    ax.yaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    ax.legend(title=_t("kind" if by == "kind" else "sector", lang), fontsize=8,
              frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))  # fmt: skip
    if imprecise:
        ax.set_xlabel(_t("timeline_imprecise", lang, n=imprecise), fontsize=8)
    ax.set_title(heading)
    return ax


def _as_list(value: Any) -> list[str]:
    """Ids from a list/tuple/set/array or a ``;``/``,``-separated string."""
    if value is None or (not isinstance(value, str) and not np.iterable(value)):
        return [] if _is_missing(value) else [str(value)]
    if isinstance(value, str):
        return [p.strip() for p in re.split(r"[;,]", value) if p.strip()]
    items = [str(v) for v in value if not _is_missing(v)]
    return sorted(items) if isinstance(value, set | frozenset) else items


def plot_resources(
    matches: pd.DataFrame,
    *,
    ax: Axes | None = None,
    city: Any = None,
    lang: str = "de",
    synthetic: bool | None = None,
    title: str | None = None,
) -> Axes:
    """Needs and offers of the Ressourcenbörse per topic, needs split by their status.

    A butterfly chart: to the left of zero the need cards of each topic, stacked by status
    (``unmet``: no offer on the topic; ``unconnected``: offers exist but no tie links the
    actors; ``connected``); to the right the offer cards of the topic.

    Parameters
    ----------
    matches : pandas.DataFrame
        Output of :func:`netzwerk.unmet_needs`: ``topic``, ``status`` and ``offers`` (ids of
        matching offer cards, as a list or a ``;``-separated string).
    ax : matplotlib.axes.Axes, optional
    city : netzwerk.City, optional
        When given, offers are all offer cards of ``city.resources`` per topic; otherwise the
        distinct offer ids named in ``matches`` (offers that match some need).
    lang : {"de", "en"}, default "de"
    synthetic : bool, optional
        Default ``city.meta["synthetic"]`` or ``matches.attrs["synthetic"]``.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        Four bars per topic (three statuses and offers; zero-length where none).

    Raises
    ------
    ValueError
        If a column is missing or a status is not ``unmet``, ``unconnected``, ``connected``.

    Examples
    --------
    >>> matches = pd.DataFrame({"resource_id": ["n1", "n2", "n3"], "actor_id": ["a", "b", None],
    ...     "topic": ["wohnen", "wohnen", "ehrenamt"],
    ...     "status": ["unmet", "connected", "unconnected"], "offers": [[], ["o1"], ["o2", "o3"]]})
    >>> ax = plot_resources(matches)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['Ehrenamt und Engagement', 'Wohnen']
    >>> len(ax.patches)  # 2 topics x (3 statuses + offers)
    8
    >>> plt.close(ax.figure)
    """
    lang = _check_lang(lang)
    matches = _check_frame(matches, "matches", ["topic", "status"])
    bad = sorted(set(matches["status"].dropna().astype(str)) - set(_STATUS_COLORS))
    if bad:
        raise ValueError(
            f"matches['status'] has value(s) {bad}; expected unmet, unconnected, connected"
        )
    ax = _get_ax(ax, (9, 6))
    if synthetic is None:
        synthetic = _city_synthetic(city) or bool(matches.attrs.get("synthetic", False))
    heading = _title(_t("resources", lang), synthetic, lang, title)
    offers: dict[str, set[str]] = {}
    if city is not None:
        cards = city.resources[city.resources["kind"] == "offer"]
        for topic, rid in zip(cards["topic"], cards["resource_id"], strict=True):
            offers.setdefault(str(topic), set()).add(str(rid))
    elif "offers" in matches.columns:
        for topic, ids in zip(matches["topic"], matches["offers"], strict=True):
            offers.setdefault(str(topic), set()).update(_as_list(ids))
    topics = _ordered("topics", [*matches["topic"], *[t for t, ids in offers.items() if ids]])
    if not topics:
        return _empty(ax, _t("resources_empty", lang), heading)
    counts = (
        matches.assign(topic=matches["topic"].astype(str), status=matches["status"].astype(str))
        .groupby(["topic", "status"]).size().unstack(fill_value=0)
        .reindex(index=topics, columns=list(_STATUS_COLORS), fill_value=0)
    )  # fmt: skip
    y = np.arange(len(topics))
    left = np.zeros(len(topics))
    for status, color in _STATUS_COLORS.items():
        width = counts[status].to_numpy(dtype=float)
        ax.barh(y, -width, left=-left, color=color, label=_t(status, lang), height=0.7)
        left += width
    ax.barh(y, [len(offers.get(t, ())) for t in topics], color=_OFFER_COLOR,
            label=_t("offers", lang), height=0.7)  # fmt: skip
    ax.axvline(0, color="black", linewidth=0.8)
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _: f"{abs(v):g}"))
    ax.set_yticks(y, [_shorten(_label("topics", t, lang), 40) for t in topics])
    ax.invert_yaxis()
    ax.set_xlabel(_t("resources_x", lang))
    ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.set_title(heading)
    return ax


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

    References
    ----------
    .. [1] Gould, R. V. & Fernandez, R. M. (1989). Structures of mediation. Sociological
       Methodology 19, 89–126.

    Examples
    --------
    Ego ``e`` (verwaltung) ties a (verwaltung), b (mso), c (mso); b–c are tied. Ordered pairs
    without a direct tie: (a, b), (b, a), (a, c), (c, a): a→e→b is representative, b→e→a
    gatekeeper, likewise for c, so 2 + 2.

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


# --------------------------------------------------------------------------------------------
# The interactive map
# --------------------------------------------------------------------------------------------


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


def _plain(value: Any) -> Any:
    """JSON-safe copy: NaN → None, numpy scalars → Python, tuples → lists."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def network_map(
    G: nx.Graph,
    *,
    measures: pd.DataFrame | None = None,
    seed: int = 0,
    lang: str = "de",
    physics: bool = False,
    size_by: str | None = None,
    label_top: int | None = None,
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
    label_top : int, optional
        Name only the ``label_top`` largest nodes on the canvas (all show names in tooltips).
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
    if label_top is not None and label_top != 0:
        label_top = _check_positive_int(label_top, "label_top")
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
    if label_top is None:
        label_top = len(nodes) if len(nodes) <= 200 else 100
    labelled = set(_top_nodes(values, label_top)) if label_top else set()
    colors = sector_colors(G.nodes[n].get("sector") for n in nodes)
    show = [c for c in _TOOLTIP_MEASURES if measures is not None and c in measures.columns]
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
            value = measures[column].get(node, None) if node in measures.index else None
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
    from netzwerk._flows import UNKNOWN, field_flows

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
    sector_of = dict(zip(city.actors["actor_id"], city.actors["sector"], strict=True))
    key = "to_id" if flows.direction == "to" else "from_id"
    blocked: set[frozenset] = set()
    refs = city.referrals
    for a, b, fld, who in zip(
        refs["from_id"], refs["to_id"], refs["field"], refs[key], strict=True
    ):
        sector = sector_of.get(who)
        cell = (
            UNKNOWN if _is_missing(fld) else str(fld),
            UNKNOWN if _is_missing(sector) else str(sector),
        )
        if flows.hidden(*cell):
            blocked.add(frozenset((str(a), str(b))))
    threshold = flows.threshold

    def secret(u: Any, v: Any, d: Mapping[str, Any]) -> bool:
        if not has_counts(d):
            return False
        return float(d["n_referrals"]) < threshold or frozenset((str(u), str(v))) in blocked

    return secret


def _thousands(n: int, lang: str) -> str:
    """Whole number with thousands separators: 12.345 (de), 12,345 (en)."""
    text = f"{int(n):,}"
    return text.replace(",", ".") if lang == "de" else text


def _german_date(value: Any) -> str:
    """ISO date text as Germans write it: 2024-03-05 → 05.03.2024, 2024-03 → 03.2024.

    >>> _german_date("2024-03-05"), _german_date("2024-03"), _german_date("2024")
    ('05.03.2024', '03.2024', '2024')
    """
    text = str(value).strip()[:10]
    parts = text.split("-")
    if len(parts) in (2, 3) and all(p.isdigit() for p in parts):
        return ".".join(reversed(parts))
    return text


def _event_labels(city: Any) -> dict[str, str]:
    if city is None or city.events.empty:
        return {}
    labels = {}
    for row in city.events.itertuples(index=False):
        date = "" if _is_missing(row.date) else f"{_german_date(row.date)} "
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


# Header comment of the vendored script (replaced by the licence text, which has no web address).
_HEADER = re.compile(r"\A\s*/\*\*.*?\*/", re.DOTALL)


@functools.lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str, str]:
    folder = resources.files("netzwerk") / "_assets"
    script = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    css = (folder / "vis-network.css").read_text(encoding="utf-8")
    licence = (folder / "LICENSE-vis-network.txt").read_text(encoding="utf-8")
    script = _HEADER.sub("", script, count=1)
    # Inside the script, "://" only occurs in string literals (an XML namespace, licence and
    # error texts); ":\/\/" is the same string in JavaScript but no longer reads as an address.
    script = script.replace("://", ":\\/\\/").replace("<script", "\\x3cscript")
    if "</script" in script.lower() or "<!--" in script:  # pragma: no cover - asset check
        raise RuntimeError("vendored vis-network.min.js cannot be inlined safely")
    if "</style" in css.lower() or "://" in css:  # pragma: no cover - asset check
        raise RuntimeError("vendored vis-network.css cannot be inlined safely")
    header = "/*! " + licence.replace("*/", "* /").strip() + "\n*/\n"
    return header + script, css, licence


def _script_json(value: Any) -> str:
    """JSON that can sit inside a ``<script>`` element (:func:`netzwerk._escape.script_json`)."""
    return script_json(_plain(value))


def _map_scripts() -> tuple[str, str]:
    """The exact bodies of the map page's two inline scripts (vis-network, the page's own).

    :func:`map_html` lists their hashes in its Content-Security-Policy, and a report that embeds
    the map (``srcdoc`` frames inherit the policy of their page) lists them too.

    Returns
    -------
    tuple of str

    Examples
    --------
    >>> vis, page = _map_scripts()
    >>> "vis.Network" in page, len(vis) > 100_000
    (True, True)
    """
    return f"\n{_vis_assets()[0]}\n", _PAGE_SCRIPT


_HEX = re.compile(r"^#[0-9A-Fa-f]{3,8}$")

_PAGE_CSS = """
html, body { margin: 0; padding: 0; font-family: sans-serif; background: #ffffff; color: #222; }
#netzwerk-head { padding: 6px 12px; border-bottom: 1px solid #ddd; }
#netzwerk-head h1 { font-size: 17px; margin: 2px 0 4px 0; }
#netzwerk-head .hint { font-size: 12px; color: #555; }
#netzwerk-legend { list-style: none; margin: 4px 0; padding: 0; font-size: 12px; }
#netzwerk-legend li { display: inline-block; margin: 0 12px 2px 0; }
#netzwerk-legend .swatch { display: inline-block; width: 11px; height: 11px;
  border-radius: 6px; margin-right: 4px; vertical-align: -1px; border: 1px solid #888; }
#netzwerk-legend .aggregate { border-radius: 0; border: 1px dashed #000; background: #fff; }
#netzwerk-map { width: 100%; border: 0; }
div.vis-tooltip { white-space: pre-wrap; max-width: 420px; font-size: 12px; }
#netzwerk-controls { font-size: 13px; margin: 4px 0; }
#netzwerk-controls label { margin-right: 14px; white-space: nowrap; }
#netzwerk-controls input[type=search] { width: 16em; }
#netzwerk-cut { font-size: 12px; color: #8a3b00; margin: 2px 0; }
#netzwerk-shown { font-size: 12px; color: #555; margin-left: 6px; }
#netzwerk-map.active { outline: 2px solid #0072B2; outline-offset: -2px; }
"""

_PAGE_SCRIPT = """
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("netzwerk-data").textContent);
  var text = JSON.parse(document.getElementById("netzwerk-text").textContent);
  var container = document.getElementById("netzwerk-map");
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  data.options.interaction = data.options.interaction || {};
  data.options.interaction.zoomView = false;
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
  window.netzwerkMap = network;
  var status = document.getElementById("netzwerk-status");
  var shown = document.getElementById("netzwerk-shown");
  function count() {
    var n = network.body.nodeIndices.length, e = network.body.edgeIndices.length;
    status.setAttribute("data-visible-nodes", String(n));
    status.setAttribute("data-visible-edges", String(e));
    shown.textContent = text.shown.replace("{nodes}", n.toLocaleString(text.locale))
      .replace("{edges}", e.toLocaleString(text.locale));
  }
  network.once("afterDrawing", function () {
    status.setAttribute("data-nodes", String(network.body.nodeIndices.length));
    status.setAttribute("data-edges", String(network.body.edgeIndices.length));
    status.setAttribute("data-drawn-ms", String(Math.round(performance.now())));
    status.setAttribute("data-resources",
      String(performance.getEntriesByType("resource").length));
    status.setAttribute("data-state", "drawn");
    count();
  });

  // The wheel scrolls the page until the reader clicks into the map (or holds Ctrl):
  // vis-network only takes the wheel (and prevents scrolling) while zoomView is on.
  var active = false;
  function activate(on) {
    active = on;
    container.classList.toggle("active", on);
    container.title = on ? text.active : "";
    status.setAttribute("data-zoom", on ? "on" : "off");
  }
  status.setAttribute("data-zoom", "off");
  container.addEventListener("mousedown", function () { activate(true); });
  container.addEventListener("mouseleave", function () { activate(false); });
  container.addEventListener("wheel", function (event) {
    network.interactionHandler.options.zoomView = active || event.ctrlKey;
  }, true);

  var toggle = document.getElementById("netzwerk-physics");
  toggle.checked = Boolean(data.options.physics && data.options.physics.enabled);
  toggle.addEventListener("change", function () {
    network.setOptions({physics: {enabled: toggle.checked}});
  });

  // Filters: a sector (its actors and their direct partners) and a minimum tie strength.
  var sector = document.getElementById("netzwerk-sector");
  var strength = document.getElementById("netzwerk-strength");
  var strengthValue = document.getElementById("netzwerk-strength-value");
  function filter() {
    var minimum = Number(strength.value), wanted = sector.value, keep = {};
    strengthValue.textContent = minimum.toLocaleString(text.locale,
      {minimumFractionDigits: 1, maximumFractionDigits: 1});
    var edgeUpdates = data.edges.map(function (e) {
      var ok = e.strength >= minimum;
      if (ok && wanted) {
        var a = nodes.get(e.from), b = nodes.get(e.to);
        ok = (a && a.sector === wanted) || (b && b.sector === wanted);
      }
      if (ok) { keep[e.from] = true; keep[e.to] = true; }
      return {id: e.id, hidden: !ok};
    });
    var nodeUpdates = data.nodes.map(function (n) {
      return {id: n.id, hidden: Boolean(wanted) && n.sector !== wanted && !keep[n.id]};
    });
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
    count();
  }
  sector.addEventListener("change", filter);
  strength.addEventListener("input", filter);

  // Search: centre on the first actor whose name contains the text, and select it.
  var search = document.getElementById("netzwerk-search");
  var names = document.getElementById("netzwerk-names");
  var found = document.getElementById("netzwerk-found");
  data.nodes.forEach(function (n) {
    var option = document.createElement("option");
    option.value = n.name;
    names.appendChild(option);
  });
  function find() {
    var query = search.value.trim().toLocaleLowerCase(text.locale);
    if (!query) { found.textContent = ""; return; }
    var exact = null, partial = null;
    data.nodes.forEach(function (n) {
      var name = String(n.name).toLocaleLowerCase(text.locale);
      if (name === query && exact === null) { exact = n; }
      if (name.indexOf(query) >= 0 && partial === null) { partial = n; }
    });
    var hit = exact || partial;
    if (!hit) {
      found.textContent = text.none;
      status.setAttribute("data-found", "");
      return;
    }
    found.textContent = "";
    if (nodes.get(hit.id).hidden) {
      sector.value = "";
      strength.value = strength.min;
      filter();
    }
    network.selectNodes([hit.id]);
    network.focus(hit.id, {scale: Math.max(network.getScale(), 1.2), animation: false});
    status.setAttribute("data-found", hit.id);
  }
  search.addEventListener("change", find);
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { find(); }
  });
}());
"""


def map_html(net: Network) -> str:
    """The map as one self-contained HTML document (a string).

    vis-network's script and style are inlined, the data sit in a JSON block, and nothing is
    loaded from any host: the page works offline and from an archive. All text from the data
    (names, titles, tooltips) reaches the page only as JSON read with ``JSON.parse`` and is shown
    by vis-network as plain text, or is HTML-escaped (title, legend), so markup in a data file
    cannot run.

    Parameters
    ----------
    net : pyvis.network.Network
        Usually from :func:`network_map`; a plain pyvis network works too (no legend then).

    Returns
    -------
    str
        The HTML document. The same network gives the same string.

    Raises
    ------
    TypeError
        If ``net`` is not a pyvis ``Network``.

    Notes
    -----
    The page has a checkbox for the force simulation and an element ``#netzwerk-status`` that
    records, after the first drawing, the numbers of nodes and edges vis-network drew
    (``data-nodes``, ``data-edges``), the milliseconds since navigation (``data-drawn-ms``) and
    the number of resources the page fetched (``data-resources``, from Resource Timing);
    the browser test reads them. vis-network 9.1.2 shows string tooltips as text (``innerText``).

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_node("x", name="<script>alert(1)</script>", sector="mso")
    >>> page = map_html(network_map(G))
    >>> "<script>alert" in page, "\\\\u003cscript\\\\u003ealert" in page
    (False, True)
    """
    if not isinstance(net, Network):
        raise TypeError(f"net must be a pyvis Network, got {type(net).__name__}")
    _, css, _ = _vis_assets()
    vis_script, page_script = _map_scripts()
    lang = getattr(net, "lang", "de")
    lang = lang if lang in _TEXT else "de"
    title = getattr(net, "map_title", None) or net.heading or _t("network", lang)
    options = net.options if isinstance(net.options, dict) else json.loads(net.options.to_json())
    data = {"nodes": net.nodes, "edges": net.edges, "options": options}
    legend = []
    for label, color in getattr(net, "legend", []) or []:
        color = color if _HEX.match(str(color)) else UNKNOWN_COLOR
        legend.append(
            f'<li><span class="swatch" style="background:{color}"></span>'
            f"{html.escape(str(label))}</li>"
        )
    if getattr(net, "legend_aggregate", False):
        legend.append(
            f'<li><span class="swatch aggregate"></span>{html.escape(_t("aggregate", lang))}</li>'
        )
    height = str(net.height) if re.fullmatch(r"\d+(px|vh|%)", str(net.height)) else "720px"
    locale = "de-DE" if lang == "de" else "en-GB"
    page_text = {
        "locale": locale,
        "shown": _t("map_shown", lang, nodes="{nodes}", edges="{edges}"),
        "none": _t("map_search_none", lang),
        "active": _t("map_active", lang),
    }
    strengths = [float(e.get("strength", 0) or 0) for e in net.edges]
    top = math.ceil(max(strengths or [1.0]) * 10) / 10 or 1.0
    step = max(round(top / 50, 2), 0.01)
    options = "".join(
        f'<option value="{html.escape(code)}">{html.escape(label)}</option>'
        for code, label in getattr(net, "sectors", []) or []
    )
    cut = ""
    shown_edges, total_edges = getattr(net, "edge_cut", (0, 0))
    if shown_edges < total_edges:
        cut = _t(
            "map_cut",
            lang,
            shown=_thousands(shown_edges, lang),
            total=_thousands(total_edges, lang),
            nodes=_thousands(len(net.nodes), lang),
        )
    controls = (
        '<div id="netzwerk-controls">'
        f'<label>{html.escape(_t("map_search", lang))}: <input type="search" '
        'id="netzwerk-search" list="netzwerk-names" autocomplete="off"></label>'
        '<datalist id="netzwerk-names"></datalist><span id="netzwerk-found"></span> '
        f'<label>{html.escape(_t("map_sector_filter", lang))}: <select id="netzwerk-sector">'
        f'<option value="">{html.escape(_t("map_sector_all", lang))}</option>{options}'
        "</select></label>"
        f'<label>{html.escape(_t("map_strength", lang))}: <input type="range" '
        f'id="netzwerk-strength" min="0" max="{top}" step="{step}" value="0"> '
        '<span id="netzwerk-strength-value">0</span></label>'
        '<span id="netzwerk-shown"></span></div>'
    )
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        csp_meta(_map_scripts()),
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title>",
        f"<style>\n{css}\n</style>",
        f"<style>{_PAGE_CSS}#netzwerk-map {{ height: {height}; }}\n</style>",
        "</head>",
        "<body>",
        '<div id="netzwerk-head">',
        f"<h1>{html.escape(title)}</h1>",
        f'<label><input type="checkbox" id="netzwerk-physics"> {html.escape(_t("map_physics", lang))}</label>',
        f'<ul id="netzwerk-legend" aria-label="{html.escape(_t("map_legend", lang))}">'
        + "".join(legend)
        + "</ul>",
        controls,
        f'<div id="netzwerk-cut">{html.escape(cut)}</div>' if cut else "",
        f'<div class="hint">{html.escape(_t("map_hint", lang))}</div>',
        "</div>",
        '<div id="netzwerk-map"></div>',
        '<div id="netzwerk-status" hidden data-state="loading"></div>',
        f'<script type="application/json" id="netzwerk-data">{_script_json(data)}</script>',
        f'<script type="application/json" id="netzwerk-text">{_script_json(page_text)}</script>',
        f"<script>{vis_script}</script>",
        f"<script>{page_script}</script>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts)


def write_map(net: Network, path: str | Path) -> Path:
    """Write the map as one self-contained UTF-8 HTML file (see :func:`map_html`).

    Parameters
    ----------
    net : pyvis.network.Network
        Usually from :func:`network_map`.
    path : str or Path
        The file to write (``.html``); folders are created.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    TypeError
        If ``net`` is not a pyvis ``Network``.

    Examples
    --------
    >>> import tempfile
    >>> G = nx.path_graph(3)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     first = write_map(network_map(G, seed=1), Path(tmp) / "a.html").read_bytes()
    ...     second = write_map(network_map(G, seed=1), Path(tmp) / "b.html").read_bytes()
    >>> first == second, b"https://" in first
    (True, False)
    """
    text = map_html(net)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    return path


def map_iframe(net: Network, *, height: str = "780px") -> str:
    """The map as an ``<iframe srcdoc=…>`` element for notebooks and HTML reports.

    The whole document goes into the attribute, HTML-escaped (``&``, ``<``, ``>``, ``"``, ``'``),
    so it works inside an exported report without a separate file. The frame is sandboxed: its
    scripts run, but it cannot reach the surrounding page.

    Parameters
    ----------
    net : pyvis.network.Network
    height : str, default "780px"
        CSS height of the frame.

    Returns
    -------
    str

    Raises
    ------
    TypeError
        If ``net`` is not a pyvis ``Network``.
    ValueError
        If ``height`` is not a CSS length in px, vh or %.

    Examples
    --------
    >>> net = network_map(nx.path_graph(2))
    >>> document = map_iframe(net).split('"')[1]  # the attribute holds no raw quote
    >>> document[:21], html.unescape(document) == map_html(net)
    ('&lt;!DOCTYPE html&gt;', True)
    """
    if not re.fullmatch(r"\d+(px|vh|%)", str(height)):
        raise ValueError(f"height must be a CSS length like '780px', got {height!r}")
    document = html.escape(map_html(net), quote=True)
    return (
        f'<iframe srcdoc="{document}" sandbox="allow-scripts" '
        f'style="width: 100%; height: {height}; border: 1px solid #ddd;" '
        f'title="{html.escape(getattr(net, "map_title", "") or "")}"></iframe>'
    )
