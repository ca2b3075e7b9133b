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

import re
import shutil
import socket
import subprocess
import threading
from pathlib import Path

import networkx as nx
import pytest

from netzwerk import plot

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
# a copy of the page only.
_HOVER = """
<script>
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
</script>
"""


def test_tooltip_shows_markup_in_a_name_as_text(tmp_path, sink):
    G = _graph()
    html_text = plot.map_html(plot.network_map(G, seed=0))
    page = tmp_path / "hover.html"
    page.write_text(html_text.replace("</body>", _HOVER + "</body>"), encoding="utf-8")
    dom = _dump_dom(page, tmp_path / "profile", sink.port)
    status = _status(dom)
    assert status["pwned"] == "0", "markup from a name was executed"
    assert status["tip-visible"] == "visible", "no tooltip appeared over the node"
    assert status["tip-elements"] == "0", "the tooltip contains elements made from a name"
    # the dumped attribute is HTML-escaped once: the tooltip shows the characters themselves
    assert status["tip-text"].startswith("&lt;script&gt;window.__pwned=2&lt;/script&gt;&lt;img")
    assert status["physics"] == "false,true", "the checkbox does not switch the simulation on"
    assert sink.foreign == [], f"requests to other hosts: {sink.foreign}"
