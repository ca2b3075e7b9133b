"""The offline map in a real browser: headless Chromium opens the file from disk.

Networking is cut off: every request would have to pass a "proxy" that is a local socket noting
the host each connection asks for (and answering none). Chromium itself asks Google's service
hosts (component updates, time, sign-in) even for a blank page and despite the flags below; those
are left out, every other host fails the test. The page also records in ``#netzwerk-status`` how
many nodes and edges vis-network drew and how many resources it fetched (Resource Timing);
Chromium's ``--dump-dom`` hands the DOM back after the page has run.

Skipped with a reason where no Chromium is installed (Debian package ``chromium``).
"""

from __future__ import annotations

import csv
import html
import json
import re
import shutil
import socket
import subprocess
import threading
from pathlib import Path

import networkx as nx
import pytest

from netzwerk import plot
from netzwerk._escape import script_hash

pytestmark = pytest.mark.browser


def _find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


CHROMIUM = _find_chromium()

if CHROMIUM is None:
    pytest.skip(
        "headless Chromium not found (install the Debian package 'chromium'); "
        "the map's browser tests need it",
        allow_module_level=True,
    )


# Hosts Chromium contacts on its own (checked with a blank page): not requests of the map.
BROWSER_SERVICE_HOSTS = re.compile(r"(^|\.)(google\.com|googleapis\.com|gstatic\.com|gvt1\.com)$")


class _Sink:
    """A local TCP socket that notes the target host of each proxy request, answering none."""

    def __init__(self) -> None:
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(16)
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.hosts: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.server.accept()
            except (TimeoutError, OSError):
                continue
            conn.settimeout(1.0)
            try:
                line = conn.recv(1024).split(b"\r\n", 1)[0].decode("latin-1")
            except OSError:
                line = ""
            conn.close()
            # "CONNECT host:443 HTTP/1.1" or "GET http://host/path HTTP/1.1"
            match = re.match(r"\S+ (?:\w+://)?([^/:\s]+)", line)
            self.hosts.append(match.group(1) if match else f"? {line!r}")

    @property
    def foreign(self) -> list[str]:
        """Hosts asked for that are not the browser's own service hosts."""
        return [h for h in self.hosts if not BROWSER_SERVICE_HOSTS.search(h)]

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.server.close()


@pytest.fixture
def sink():
    s = _Sink()
    yield s
    s.close()


def _dump_dom(page: Path, profile: Path, proxy_port: int, *, budget_ms: int = 8000) -> str:
    """Open ``page`` in headless Chromium with networking cut off; the DOM after running."""
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-extensions",
        "--disable-domain-reliability",
        "--disable-client-side-phishing-detection",
        "--no-pings",
        "--disable-features=NetworkTimeServiceQuerying,OptimizationHints,MediaRouter,Translate",
        "--no-first-run",
        "--no-default-browser-check",
        f"--user-data-dir={profile}",
        f"--proxy-server=127.0.0.1:{proxy_port}",
        "--proxy-bypass-list=<-loopback>",
        f"--virtual-time-budget={budget_ms}",
        "--dump-dom",
        page.resolve().as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _status(dom: str) -> dict[str, str]:
    match = re.search(r'<div id="netzwerk-status"([^>]*)>', dom)
    assert match, "status element missing from the dumped DOM"
    return dict(re.findall(r'data-([\w-]+)="([^"]*)"', match.group(1)))


def _graph(n: int = 40) -> nx.Graph:
    """A connected graph with sectors, an aggregate actor and a name carrying markup."""
    G = nx.connected_watts_strogatz_graph(n, 4, 0.2, seed=3)
    G = nx.relabel_nodes(G, {i: f"akteur-{i}" for i in G})
    sectors = ["verwaltung", "wohlfahrt", "mso", "arbeitsmarkt", "bildung"]
    for i, node in enumerate(G):
        G.nodes[node].update(
            name=f"Organisation {i}", sector=sectors[i % 5], level="kommune", aggregate=i == 7
        )
    for u, v in G.edges:
        G.edges[u, v].update(weight=1.0, n_events=1, events=["e1"])
    G.add_node(
        "evil",
        name='<script>window.__pwned=2</script><img src=x onerror="window.__pwned=1">',
        sector="mso",
        level="kommune",
        aggregate=False,
    )
    G.add_edge("evil", "akteur-0", weight=2.0, events=["e1"], n_events=1)
    return G


def test_map_draws_every_node_and_edge_without_network(tmp_path, sink):
    G = _graph()
    page = plot.write_map(plot.network_map(G, seed=0), tmp_path / "map.html")
    status = _status(_dump_dom(page, tmp_path / "profile", sink.port))
    assert status["state"] == "drawn"
    assert int(status["nodes"]) == G.number_of_nodes() == 41
    assert int(status["edges"]) == G.number_of_edges()
    assert status["resources"] == "0", "the page fetched resources"
    assert sink.foreign == [], f"requests to other hosts: {sink.foreign}"


# Hovers over the node "evil" with a synthetic mouse event, waits for vis-network's tooltip and
# writes what it contains into the status element, then clicks the physics checkbox. Appended to
# a copy of the page only (its hash added to the page's Content-Security-Policy).
_HOVER = """
(function () {
  var net = window.netzwerkMap, status = document.getElementById("netzwerk-status");
  var canvas = document.querySelector("#netzwerk-map canvas");
  function hover() {
    var p = net.canvasToDOM(net.getPositions(["evil"]).evil);
    var box = canvas.getBoundingClientRect();
    canvas.dispatchEvent(new MouseEvent("mousemove", {
      clientX: box.left + p.x, clientY: box.top + p.y, bubbles: true}));
    setTimeout(function () {
      var tip = document.querySelector("div.vis-tooltip");
      status.setAttribute("data-tip-text", tip ? tip.innerText : "");
      status.setAttribute("data-tip-elements", tip ? String(tip.querySelectorAll("*").length -
        tip.querySelectorAll("br").length) : "-1");
      status.setAttribute("data-tip-visible", tip ? tip.style.visibility : "");
      status.setAttribute("data-pwned", String(window.__pwned || 0));
      var before = net.physics.options.enabled;
      document.getElementById("netzwerk-physics").click();
      status.setAttribute("data-physics", before + "," + net.physics.options.enabled);
    }, 1500);
  }
  setTimeout(hover, 300);
}());
"""


def _with_script(page: str, body: str) -> str:
    """``page`` with one more inline script at the end, allowed by its hash in the CSP."""
    assert page.count("script-src ") == 1, "the page has no Content-Security-Policy"
    page = page.replace("script-src ", f"script-src {script_hash(body)} ", 1)
    return page.replace("</body>", f"<script>{body}</script>\n</body>", 1)


def test_tooltip_shows_markup_in_a_name_as_text(tmp_path, sink):
    G = _graph()
    html_text = plot.map_html(plot.network_map(G, seed=0))
    page = tmp_path / "hover.html"
    page.write_text(_with_script(html_text, _HOVER), encoding="utf-8")
    dom = _dump_dom(page, tmp_path / "profile", sink.port)
    status = _status(dom)
    assert status["pwned"] == "0", "markup from a name was executed"
    assert status["tip-visible"] == "visible", "no tooltip appeared over the node"
    assert status["tip-elements"] == "0", "the tooltip contains elements made from a name"
    # the dumped attribute is HTML-escaped once: the tooltip shows the characters themselves
    assert status["tip-text"].startswith("&lt;script&gt;window.__pwned=2&lt;/script&gt;&lt;img")
    assert status["physics"] == "false,true", "the checkbox does not switch the simulation on"
    assert sink.foreign == [], f"requests to other hosts: {sink.foreign}"


# ---------------------------------------------------------------------------------------------
# Script injection (issue #22.1): a city whose every text field holds known payloads
# ---------------------------------------------------------------------------------------------

PAYLOADS = [
    "</script><script>alert('A2')</script>",
    "<script>alert('A7')</script>",
    "…</title><script>alert('A11')</script>",
    "<b>bold</b>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "[klick](javascript:alert('md'))",
    "<svg onload=alert('svg')>",
    "**fett** _kursiv_ `code` ![bild](x)",
    "$x<script>alert('math')</script>$",
    "<a href='javascript:alert(2)'>link</a> <https://example.org>",
    "```mermaid\n</pre><script>alert('mm')</script>",
]


def _write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _payload_city(folder: Path) -> Path:
    """Eight actors, five events, referrals and cards; every text field is a payload.

    a0–a1–a2 meet at e0, a2–a3 at e1, a3–a4–a5 at e2, a5–a6 at e3, a6–a7 at e4: a6 is a cut
    point (only it ties a7 in), so a name reaches the list "Schnittpunkte".
    """
    p = PAYLOADS
    folder.mkdir(parents=True)
    sectors = ["verwaltung", "wohlfahrt", "mso", "arbeitsmarkt", "bildung", "wohnen", "religion"]
    actors = [
        {"actor_id": f"a{i}", "name": f"{p[i]} {i}", "sector": sectors[i % 7], "level": "kommune",
         "source_id": "q", "note": p[(i + 3) % 12]}
        for i in range(8)
    ]  # fmt: skip
    groups = [["a0", "a1", "a2"], ["a2", "a3"], ["a3", "a4", "a5"], ["a5", "a6"], ["a6", "a7"]]
    events = [
        {"event_id": f"e{k}", "title": p[(k + 8) % 12], "kind": "fachtag", "date": f"2021-0{k + 1}",
         "source_id": "q", "note": p[(k + 5) % 12]}
        for k in range(len(groups))
    ]  # fmt: skip
    participation = [
        {"event_id": f"e{k}", "actor_id": a, "role": "participant" if j else "organizer",
         "source_id": "q", "quote": p[(k + j) % 12].replace("\n", " ")}
        for k, group in enumerate(groups)
        for j, a in enumerate(group)
    ]  # fmt: skip
    links = [("a0", "a1", "arbeit", "12"), ("a0", "a3", "arbeit", "3"), ("a2", "a4", "wohnen", "9"),
             ("a1", "a5", "wohnen", "2"), ("a5", "a0", "deutscherwerb", "")]  # fmt: skip
    referrals = [
        {"from_id": f, "to_id": t, "field": fld, "period": "2021", "count": n, "source_id": "q",
         "note": p[i]}
        for i, (f, t, fld, n) in enumerate(links)
    ]  # fmt: skip
    resources = [
        {"resource_id": f"r{i}", "actor_id": f"a{i}", "attribution": "stated",
         "kind": "need" if i % 2 else "offer", "topic": "wohnen", "text": p[i], "source_id": "q",
         "note": p[i + 2]}
        for i in range(4)
    ]  # fmt: skip
    sources = [{"source_id": "q", "file": "quelle.txt", "title": p[2], "publisher": p[3],
                "date": "2021", "url": "javascript:alert('url')", "note": p[4]}]  # fmt: skip
    for name, rows in [
        ("actors", actors),
        ("events", events),
        ("participation", participation),
        ("referrals", referrals),
        ("resources", resources),
        ("sources", sources),
    ]:
        _write_csv(folder / f"{name}.csv", rows)  # fmt: skip
    (folder / "sources").mkdir()
    quotes = "\n".join(x.replace("\n", " ") for x in p) + "\n"
    (folder / "sources" / "quelle.txt").write_text(quotes, encoding="utf-8")
    meta = {"name": folder.name, "title": p[2], "city": p[0], "land": p[3], "programme": p[6],
            "description": p[1], "temporal": {"start": p[4], "end": "2021"}, "synthetic": False}  # fmt: skip
    (folder / "datapackage.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")
    return folder


# Runs first in the page (allowed by its hash): replaces the dialogs by a recorder, notes CSP
# violations, and after loading writes what it found as JSON into a <pre> for --dump-dom.
_PROBE = r"""
(function () {
  "use strict";
  var dialogs = [], violations = [];
  function record(kind) { return function (m) { dialogs.push(kind + ":" + String(m)); }; }
  window.alert = record("alert"); window.confirm = record("confirm");
  window.prompt = record("prompt"); window.print = record("print");
  document.addEventListener("securitypolicyviolation", function (e) {
    violations.push(e.violatedDirective + " " + e.blockedURI);
  });
  function count(selector) { return document.querySelectorAll(selector).length; }
  function texts(selector) {
    return Array.prototype.map.call(document.querySelectorAll(selector),
      function (e) { return e.textContent; });
  }
  window.addEventListener("load", function () {
    setTimeout(function () {
      var out = {
        dialogs: dialogs,
        violations: violations,
        scripts_with_alert: Array.prototype.filter.call(document.scripts, function (s) {
          return s.type !== "application/json" && /alert\(['0-9]/.test(s.textContent); }).length,
        markup: texts("b, strong, em, code").filter(function (t) {
          return /^(bold|fett|kursiv|code)$/.test(t); }),
        handlers: count("[onerror], [onload], [onclick], [onmouseover], [onfocus]"),
        images: count("img[src='x'], img[alt='bild'], svg[onload]"),
        links: count("a[href]:not([href^=\"#begriff-\"])"),  // glossary links are ours
        mermaid: count(".jp-Mermaid, pre.mermaid"),
        h1: texts("h1"),
        text: document.body.innerText
      };
      var pre = document.createElement("pre");
      pre.id = "netzwerk-probe";
      pre.textContent = JSON.stringify(out);
      document.body.appendChild(pre);
    }, 800);
  });
}());
"""

_POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')


def _probed(page: str, *, extra: str = "") -> str:
    """``page`` with the probe as its first script (hash added to the page's own policy)."""
    policy = _POLICY.search(page)
    assert policy and policy.start() < page.index("<title"), "no policy at the top of <head>"
    meta = policy.group(0).replace("script-src ", f"script-src {script_hash(_PROBE)} ", 1)
    page = page[: policy.start()] + meta + f"<script>{_PROBE}</script>" + page[policy.end() :]
    return page.replace("</body>", extra + "</body>", 1)


def _probe(page: str, tmp_path: Path, port: int, **kwargs: str) -> dict:
    target = tmp_path / "probe.html"
    target.write_text(_probed(page, **kwargs), encoding="utf-8")
    dom = _dump_dom(target, tmp_path / "profile", port)
    found = re.search(r'<pre id="netzwerk-probe">(.*?)</pre>', dom, re.DOTALL)
    assert found, "the probe did not run"
    return json.loads(html.unescape(found.group(1)))


def _assert_inert(result: dict) -> None:
    assert result["dialogs"] == [], f"a dialog fired: {result['dialogs']}"
    # the policy would block an injected script or handler and report it: none was even tried
    assert result["violations"] == [], result["violations"]
    assert result["scripts_with_alert"] == 0, "a payload became a <script> element"
    assert result["markup"] == [], "a payload became markup"
    assert result["handlers"] == 0 and result["images"] == 0 and result["mermaid"] == 0


@pytest.fixture(scope="module")
def payload_report(tmp_path_factory):
    from netzwerk import report

    data = tmp_path_factory.mktemp("payload-data")
    _payload_city(data / "payload")
    out = tmp_path_factory.mktemp("payload-report")
    parameters = {"n_permutations": 50, "n_resamples": 3}  # few permutations: a quick run
    return report.run_report("payload", data_dir=data, out_dir=out, parameters=parameters)


@pytest.mark.slow
def test_payload_report_shows_every_payload_as_text(payload_report, tmp_path, sink):
    page = (payload_report / "report.html").read_text(encoding="utf-8")
    result = _probe(page, tmp_path, sink.port)
    _assert_inert(result)
    assert result["links"] == 0, "a payload became a link"
    # the page heading, the cut-point list, the stability text and the tables show the payloads
    # character for character
    assert result["h1"][0] == f"Kooperationsnetz: {PAYLOADS[2]}"
    text = result["text"]
    assert f"Land: {PAYLOADS[3]}" in text and f"Programm: {PAYLOADS[6]}" in text
    assert "Schnittpunkte (ohne sie zerfiele" in text
    cut_list = text.split("Schnittpunkte (ohne sie zerfiele", 1)[1].split("\n", 1)[0]
    assert f"{PAYLOADS[6]} 6 (1)" in cut_list  # a6 cuts off a7
    for i in range(7):  # actor names in the broker table (a7, a leaf, brokers nothing)
        assert f"{PAYLOADS[i]} {i}" in text, PAYLOADS[i]
    assert sink.foreign == [], f"requests to other hosts: {sink.foreign}"


@pytest.mark.slow
def test_payload_map_shows_every_payload_as_text(payload_report, tmp_path, sink):
    page = (payload_report / "network.html").read_text(encoding="utf-8")
    result = _probe(page, tmp_path, sink.port)
    _assert_inert(result)
    assert result["h1"] == [f"Kooperationsnetz: {PAYLOADS[0]}"]
    assert "script-src 'sha256-" in page and "'unsafe-inline'" not in page.split("style-src")[0]


def test_policy_blocks_a_script_that_escaping_missed(tmp_path, sink):
    # second line of defence: a script element the escaping let through does not run
    page = plot.map_html(plot.network_map(_graph(), seed=0))
    injected = "<script>alert('missed')</script><img src=x onerror=\"alert('handler')\">"
    result = _probe(page, tmp_path, sink.port, extra=injected)
    assert result["dialogs"] == []
    assert any("script-src" in v for v in result["violations"]), result["violations"]


# ---------------------------------------------------------------------------------------------
# Reading the map inside a page (issue #18.1): wheel, search, filters
# ---------------------------------------------------------------------------------------------

# Synthetic wheel events over the canvas: a page scrolls on a wheel event unless a handler calls
# preventDefault (untrusted events never scroll, so the test reads defaultPrevented, which is
# what decides it for a real wheel, and vis-network's scale). Then a click (mousedown) into the
# map, the wheel again, leaving the map, and Ctrl + wheel outside the clicked state.
_WHEEL = """
(function () {
  var net = window.netzwerkMap, status = document.getElementById("netzwerk-status");
  var map = document.getElementById("netzwerk-map");
  var canvas = document.querySelector("#netzwerk-map canvas");
  function wheel(ctrl) {
    var box = canvas.getBoundingClientRect(), before = net.getScale();
    var event = new WheelEvent("wheel", {deltaY: -120, ctrlKey: ctrl, bubbles: true,
      cancelable: true, clientX: box.left + box.width / 2, clientY: box.top + box.height / 2});
    canvas.dispatchEvent(event);
    return (event.defaultPrevented ? "prevented" : "scrolls") + "/" +
      (net.getScale() !== before ? "zoomed" : "same");
  }
  setTimeout(function () {
    var steps = [wheel(false)];
    canvas.dispatchEvent(new MouseEvent("mousedown", {bubbles: true}));
    steps.push(wheel(false));
    map.dispatchEvent(new MouseEvent("mouseleave"));
    steps.push(wheel(false));
    steps.push(wheel(true));
    status.setAttribute("data-wheel", steps.join(","));
  }, 300);
}());
"""


def test_wheel_scrolls_the_page_until_the_map_is_clicked(tmp_path, sink):
    html_text = plot.map_html(plot.network_map(_graph(), seed=0))
    page = tmp_path / "wheel.html"
    page.write_text(_with_script(html_text, _WHEEL), encoding="utf-8")
    status = _status(_dump_dom(page, tmp_path / "profile", sink.port))
    assert status["wheel"].split(",") == [
        "scrolls/same",  # before any click: the page gets the wheel, the map keeps its scale
        "prevented/zoomed",  # after a click into the map: the map zooms
        "scrolls/same",  # the pointer left the map: the page scrolls again
        "prevented/zoomed",  # Ctrl + wheel zooms without a click
    ]


# Types a name into the search box and presses Enter; records what was found, which node is
# selected and whether the view centre moved to that node.
_SEARCH = """
(function () {
  var net = window.netzwerkMap, status = document.getElementById("netzwerk-status");
  setTimeout(function () {
    var box = document.getElementById("netzwerk-search");
    box.value = "organisation 17";
    box.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", bubbles: true}));
    var centre = net.getViewPosition(), p = net.getPositions(["akteur-17"])["akteur-17"];
    status.setAttribute("data-selected", net.getSelectedNodes().join(","));
    status.setAttribute("data-centred", String(Math.abs(centre.x - p.x) < 1 &&
      Math.abs(centre.y - p.y) < 1));
    box.value = "gibt es nicht";
    box.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", bubbles: true}));
    status.setAttribute("data-none", document.getElementById("netzwerk-found").textContent);
  }, 300);
}());
"""


def test_search_centres_and_selects_an_actor(tmp_path, sink):
    html_text = plot.map_html(plot.network_map(_graph(), seed=0))
    page = tmp_path / "search.html"
    page.write_text(_with_script(html_text, _SEARCH), encoding="utf-8")
    status = _status(_dump_dom(page, tmp_path / "profile", sink.port))
    # "Organisation 17" is node akteur-17 (names are "Organisation {i}"), case ignored
    assert status["selected"] == "akteur-17"
    assert status["centred"] == "true"
    assert status["none"] == "Kein Akteur mit diesem Namen."


# Sets the sector filter, then the minimum strength, and records the drawn counts each time.
_FILTER = """
(function () {
  var status = document.getElementById("netzwerk-status");
  setTimeout(function () {
    var counts = [];
    function note() {
      counts.push(status.getAttribute("data-visible-nodes") + "/" +
        status.getAttribute("data-visible-edges"));
    }
    note();
    var sector = document.getElementById("netzwerk-sector");
    sector.value = "mso";
    sector.dispatchEvent(new Event("change"));
    note();
    sector.value = "";
    sector.dispatchEvent(new Event("change"));
    var strength = document.getElementById("netzwerk-strength");
    strength.value = "1.5";
    strength.dispatchEvent(new Event("input"));
    note();
    status.setAttribute("data-counts", counts.join(","));
    status.setAttribute("data-shown", document.getElementById("netzwerk-shown").textContent);
  }, 300);
}());
"""


def test_filters_change_the_drawn_counts(tmp_path, sink):
    G = nx.Graph()
    sectors = {"a": "mso", "b": "mso", "c": "verwaltung", "d": "verwaltung", "e": "bildung"}
    for node, sector in sectors.items():
        G.add_node(node, name=f"Akteur {node.upper()}", sector=sector)
    G.add_edge("a", "b", weight=1.0)
    G.add_edge("b", "c", weight=2.0)
    G.add_edge("c", "d", weight=1.0)
    G.add_edge("d", "e", weight=3.0)
    html_text = plot.map_html(plot.network_map(G, seed=0))
    page = tmp_path / "filter.html"
    page.write_text(_with_script(html_text, _FILTER), encoding="utf-8")
    status = _status(_dump_dom(page, tmp_path / "profile", sink.port))
    # by hand: all 5/4; MSO (a, b) with direct partners: a, b, c and ties a-b, b-c -> 3/2;
    # all sectors, strength >= 1.5: ties b-c (2) and d-e (3), every node stays -> 5/2
    assert status["counts"].split(",") == ["5/4", "3/2", "5/2"]
    assert status["shown"] == "Gezeigt: 5 Akteure, 2 Verbindungen"
