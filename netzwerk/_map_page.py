"""The map page's fixed parts: the vendored vis-network script and style, the page's own style and script.

They are read without matplotlib, pandas or pyvis: the report's Content-Security-Policy lists
the hashes of the two inline scripts (:func:`map_scripts`), and rendering a report should not
import the figures' libraries. :mod:`netzwerk.plot._map_html` builds the page around them.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

# Header comment of the vendored script (replaced by the licence text, which has no web address).
_HEADER = re.compile(r"\A\s*/\*\*.*?\*/", re.DOTALL)


@functools.lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str, str]:
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


PAGE_CSS = """
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


PAGE_SCRIPT = """
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


def map_scripts() -> tuple[str, str]:
    """The exact bodies of the map page's two inline scripts (vis-network, the page's own).

    :func:`map_html` lists their hashes in its Content-Security-Policy, and a report that embeds
    the map (``srcdoc`` frames inherit the policy of their page) lists them too.

    Returns
    -------
    tuple of str

    Examples
    --------
    >>> vis, page = map_scripts()
    >>> "vis.Network" in page, len(vis) > 100_000
    (True, True)
    """
    return f"\n{vis_assets()[0]}\n", PAGE_SCRIPT
