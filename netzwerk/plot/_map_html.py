"""The map as one offline HTML document: scripts, page, map_html, write_map, map_iframe."""

from __future__ import annotations

import functools
import html
import json
import math
import re
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pyvis.network import Network

from netzwerk._escape import csp_meta, script_json
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
