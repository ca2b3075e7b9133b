"""The map as one offline HTML document: scripts, page, map_html, write_map, map_iframe."""

from __future__ import annotations

import html
import json
import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pyvis.network import Network

from netzwerk._escape import csp_meta, script_json
from netzwerk._map_page import PAGE_CSS as _PAGE_CSS
from netzwerk._map_page import map_scripts as _map_scripts
from netzwerk._map_page import vis_assets as _vis_assets
from netzwerk.plot._style import UNKNOWN_COLOR, _thousands
from netzwerk.plot._text import _TEXT, _t


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


def _script_json(value: Any) -> str:
    """JSON that can sit inside a ``<script>`` element (:func:`netzwerk._escape.script_json`)."""
    return script_json(_plain(value))


_HEX = re.compile(r"^#[0-9A-Fa-f]{3,8}$")


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

    See Also
    --------
    write_map
        The same document written to a file.
    map_iframe
        The same document in an iframe.

    Notes
    -----
    The page has a checkbox for the force simulation and an element ``#netzwerk-status`` that
    records, after the first drawing, the numbers of nodes and edges vis-network drew
    (``data-nodes``, ``data-edges``), the milliseconds since navigation (``data-drawn-ms``) and
    the number of resources the page fetched (``data-resources``, from Resource Timing);
    the browser test reads them. vis-network 9.1.2 shows string tooltips as text (``innerText``).

    Examples
    --------
    >>> import networkx as nx
    >>> from netzwerk.plot import network_map
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

    See Also
    --------
    network_map
        Builds the map.
    map_html
        The document as a string.

    Examples
    --------
    >>> import networkx as nx
    >>> from netzwerk.plot import network_map
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

    See Also
    --------
    map_html
        The document itself.
    write_map
        The document as a file.

    Examples
    --------
    >>> import networkx as nx
    >>> from netzwerk.plot import network_map
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
