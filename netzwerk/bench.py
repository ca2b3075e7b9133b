"""Benchmarks of every stage against the reference libraries (``netzwerk bench``).

``netzwerk bench --sizes 1000,3000,10000`` generates synthetic cities with
:func:`netzwerk.synth.generate_city` (the generator of the example city; at 10,000 actors about
3,000 events with up to 300 participants and 1,000,000 referral rows), then times each stage of
the analysis and, in the same run, what a user would otherwise use:

=================  ==========================================  ===================================
stage              netzwerk                                    baseline
=================  ==========================================  ===================================
generate           ``generate_city`` + ``write_city``          –
load               ``load_city`` (reads and validates)         –
cooperation_graph  ``cooperation_graph(city)``                 networkx ``weighted_projected_graph``
referral_graph     ``referral_graph(city)``                    pandas ``groupby`` + networkx
brokerage_roles    ``brokerage_roles(G, "sector")``            R ``sna::brokerage``
structural_holes   ``structural_holes(G, weight="weight")``    networkx ``effective_size`` +
                                                               ``constraint``
betweenness        ``betweenness(G, weight="weight")``         networkx ``betweenness_centrality``,
                                                               igraph ``Graph.betweenness``
brokers            ``brokers(G)`` (exact weighted betweenness) –
sector_gaps        ``sector_gaps(G)``, 1,000 permutations      –
unmet_needs        ``unmet_needs(city, G)``                    –
field_coverage     ``field_coverage(city)``                    –
map                ``network_map`` + ``write_map``             –
report             ``run_report`` (papermill + HTML)           –
pipeline           load → graphs → brokers → gaps → needs →    –
                   fields in one process (peak memory)
=================  ==========================================  ===================================

Every measurement runs in a fresh Python process, so that one stage's memory cannot hide in
another's. Time is wall time of the call alone (imports and reading the inputs are excluded);
memory is the process's peak resident set size (``ru_maxrss``, including the interpreter, the
libraries and the stage's inputs such as the loaded city and the graph, and any child process,
e.g. the notebook kernel of the report). The growth of the peak during the call is kept in the
JSON output as ``rss_growth_mb``.

A baseline first runs on a small sample (betweenness from a few sources, structural holes and
the projection for a few nodes); when the linear extrapolation to the whole graph exceeds the
budget, it runs on the largest sample the budget allows and its time is extrapolated linearly
(marked "extrapoliert"). ``sna::brokerage`` cannot be sampled; it runs with a time limit of two
budgets and is otherwise reported as a lower bound.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import importlib
import json
import math
import os
import pickle
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "REPORT_SIZE",
    "STAGES",
    "format_table",
    "machine_info",
    "plot_scaling",
    "report_cell_times",
    "report_pipeline_ratio",
    "run_benchmark",
    "scaling_exponents",
]


@dataclass(frozen=True)
class _Stage:
    label: str  # German label for the table
    baselines: tuple[str, ...] = ()


#: Stages in the order they run, with their baselines.
STAGES: dict[str, _Stage] = {
    "generate": _Stage("Erzeugen + Schreiben"),
    "load": _Stage("Laden + Prüfen"),
    "cooperation_graph": _Stage(
        "Kooperationsgraph", ("networkx_projection", "networkx_fill", "networkx_fill_attributes")
    ),
    "referral_graph": _Stage("Verweisgraph", ("pandas_networkx",)),
    "brokerage_roles": _Stage("Brokerage-Rollen", ("sna_brokerage",)),
    "structural_holes": _Stage("Strukturelle Löcher", ("networkx_structural_holes",)),
    "betweenness": _Stage("Betweenness (exakt, gewichtet)", ("networkx_betweenness", "igraph")),
    "brokers": _Stage("brokers() gesamt"),
    "sector_gaps": _Stage("Sektorlücken (1.000 Perm.)"),
    "unmet_needs": _Stage("Offene Bedarfe"),
    "field_coverage": _Stage("Handlungsfelder"),
    "map": _Stage("Netzwerkkarte (HTML)"),
    "report": _Stage("Stadtbericht"),
    "pipeline": _Stage("Gesamte Analyse (ein Prozess)"),
}

_BASELINE_LABELS: dict[str, str] = {
    "networkx_projection": "networkx weighted_projected_graph",
    "networkx_fill": "nur fertige Kanten in networkx einfügen",
    "networkx_fill_attributes": "fertige Kanten mit allen Attributen in networkx einfügen",
    "pandas_networkx": "pandas groupby + networkx",
    "sna_brokerage": "R sna::brokerage",
    "networkx_structural_holes": "networkx effective_size + constraint",
    "networkx_betweenness": "networkx betweenness_centrality",
    "igraph": "igraph betweenness",
}

_STATUS_DE = {
    "ok": "ok",
    "unavailable": "nicht verfügbar",
    "error": "Fehler",
    "timeout": "Zeitlimit",
    "skipped": "übersprungen",
}

#: Size (actors) at which the full city report runs by default: a large municipality.
REPORT_SIZE = 1000

#: Default largest number of ties drawn on the map (the strongest); 0 draws all.
MAP_MAX_EDGES = 100_000

_COLUMNS = [
    "stage",
    "size",
    "status",
    "time_s",
    "cpu_s",
    "peak_mb",
    "baseline",
    "baseline_status",
    "baseline_time_s",
    "baseline_peak_mb",
    "ratio",
    "extrapolated",
    "note",
]


class _Unavailable(Exception):
    """A module or function the stage needs does not exist (yet)."""


# ---------------------------------------------------------------------------------------------
# Machine


def _read_text(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _version(module: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(module)
    except PackageNotFoundError:
        return None


def machine_info() -> dict[str, Any]:
    """Describe the machine and software the benchmark runs on.

    Returns
    -------
    dict
        ``nproc`` (usable cores), ``cpu`` (model name from ``/proc/cpuinfo`` where there is
        one), ``ram_gb`` (total memory), ``os``, ``python`` and ``versions`` (netzwerk, numpy,
        scipy, pandas, networkx, python-igraph, networkit, leidenalg, pyvis, papermill; ``None``
        when not installed) and ``r`` (the R and sna versions, or ``None`` without ``Rscript``).

    Notes
    -----
    Reads ``/proc/cpuinfo`` and ``/proc/meminfo`` on Linux; elsewhere ``cpu`` falls back to
    :func:`platform.processor` and ``ram_gb`` is ``None``.

    Examples
    --------
    >>> info = machine_info()
    >>> info["nproc"] >= 1, "networkx" in info["versions"]
    (True, True)
    """
    cpu = platform.processor() or None
    for line in _read_text("/proc/cpuinfo").splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    ram_gb = None
    for line in _read_text("/proc/meminfo").splitlines():
        if line.startswith("MemTotal:"):
            ram_gb = round(int(line.split()[1]) / 1024**2, 1)
            break
    nproc = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    packages = (
        "netzwerk",
        "numpy",
        "scipy",
        "pandas",
        "networkx",
        "igraph",
        "networkit",
        "leidenalg",
    )
    versions = {name: _version(name) for name in (*packages, "pyvis", "papermill")}
    return {
        "nproc": nproc,
        "cpu": cpu,
        "ram_gb": ram_gb,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "versions": versions,
        "r": _r_versions(),
    }


@functools.lru_cache(maxsize=1)
def _r_versions() -> dict[str, str] | None:
    if shutil.which("Rscript") is None:
        return None
    code = (
        'cat(paste(R.version$major, R.version$minor, sep="."), '
        'tryCatch(as.character(packageVersion("sna")), error=function(e) "none"), sep="\\n")'
    )
    try:
        out = subprocess.run(
            ["Rscript", "-e", code], capture_output=True, text=True, timeout=60, check=True
        ).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return None
    if len(out) < 2:
        return None
    return {"R": out[0], "sna": None if out[1] == "none" else out[1]}


# ---------------------------------------------------------------------------------------------
# Worker: one stage (or one baseline) in one fresh process


def _maxrss_mb() -> float:
    """Peak resident set size of this process and its reaped children, in MB (Linux: KiB)."""
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / scale


def _cpu_seconds() -> float:
    """User + system CPU time of this process (all threads) and its reaped children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _function(module: str, name: str) -> Callable[..., Any]:
    try:
        mod = importlib.import_module(module)
    except ImportError as exc:
        raise _Unavailable(f"{module} nicht verfügbar ({exc})") from exc
    fn = getattr(mod, name, None)
    if not callable(fn):
        raise _Unavailable(f"{module}.{name} nicht verfügbar")
    return fn


class _Context:
    """Inputs of a stage, made on first use and cached as files in the size's work folder."""

    def __init__(self, job: dict[str, Any]) -> None:
        self.job = job
        self.size: int = job["size"]
        self.seed: int = job["seed"]
        self.budget: float = job["budget"]
        self.work = Path(job["work"])
        self.name = f"bench-{self.size}"
        self.folder = self.work / self.name
        self.rss_before: float | None = None
        self.seconds = 0.0
        self.cpu_seconds = 0.0

    # timing --------------------------------------------------------------------------------

    def time(self, fn: Callable[[], Any]) -> Any:
        """Call ``fn`` and add its wall time; the first call records the peak RSS before."""
        if self.rss_before is None:
            self.rss_before = _maxrss_mb()
        cpu = _cpu_seconds()
        start = time.perf_counter()
        value = fn()
        self.seconds += time.perf_counter() - start
        self.cpu_seconds += _cpu_seconds() - cpu
        return value

    # inputs --------------------------------------------------------------------------------

    def generate(self) -> Any:
        generate_city = _function("netzwerk.synth", "generate_city")
        return generate_city(n_actors=self.size, seed=self.seed, name=self.name)

    def ensure_folder(self) -> Path:
        if not (self.folder / "datapackage.json").is_file():
            write_city = _function("netzwerk.synth", "write_city")
            write_city(self.generate(), self.folder)
        return self.folder

    def _cached(self, file: str, build: Any) -> Any:
        """The pickled value in ``file`` under the work folder, built and saved on first use."""
        path = self.work / file
        if path.is_file():
            with path.open("rb") as fh:
                return pickle.load(fh)
        value = build()
        self.save(value, file)
        return value

    def city(self) -> Any:
        return self._cached(
            "city.pickle", lambda: _function("netzwerk.io", "load_city")(self.ensure_folder())
        )

    def graph(self) -> Any:
        return self._cached(
            "graph.pickle", lambda: _function("netzwerk.graph", "cooperation_graph")(self.city())
        )

    def save(self, value: Any, file: str) -> None:
        tmp = self.work / (file + ".tmp")
        with tmp.open("wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(self.work / file)


def _sampled(
    ctx: _Context, n: int, run: Callable[[int], Any], *, pilot: int, unit: str
) -> dict[str, Any]:
    """Time ``run(s)`` (work proportional to ``s`` of ``n`` units) within the budget.

    A pilot with ``pilot`` units estimates the full time; if it fits in the budget the full
    run is timed, otherwise the largest sample that fits in half the budget, extrapolated.
    """
    pilot = max(1, min(n, pilot))
    ctx.time(lambda: run(pilot))
    if pilot == n:
        return {"extrapolated": False}
    pilot_seconds, pilot_cpu = ctx.seconds, ctx.cpu_seconds
    estimate = pilot_seconds * n / pilot
    ctx.seconds = ctx.cpu_seconds = 0.0
    if estimate <= ctx.budget:
        ctx.time(lambda: run(n))
        return {"extrapolated": False}
    s = int(min(n, max(pilot, math.floor(pilot * 0.5 * ctx.budget / max(pilot_seconds, 1e-9)))))
    if s == pilot:
        ctx.seconds, ctx.cpu_seconds = pilot_seconds, pilot_cpu
    else:
        ctx.time(lambda: run(s))
    if s == n:
        return {"extrapolated": False}
    measured = ctx.seconds
    ctx.seconds *= n / s
    ctx.cpu_seconds *= n / s
    return {
        "extrapolated": True,
        "sample": [s, n],
        "note": f"extrapoliert: {_n(s)} von {_n(n)} {unit}, gemessen {measured:.1f} s",
    }


def _n(count: int) -> str:
    """A count with German thousands separators: 1.000.000."""
    return f"{count:,}".replace(",", ".")


def _incremental(
    ctx: _Context, items: Sequence[Any], run_one: Callable[[Any], Any], *, unit: str
) -> dict[str, Any]:
    """Time ``run_one`` on the items in random order until done or half the budget is spent.

    For measures computed node by node (networkx's structural holes): the time for all
    ``n`` items is extrapolated linearly from the ``s`` done, :math:`t \\cdot n / s`.
    """
    order = np.random.default_rng(ctx.seed).permutation(len(items))
    done = 0
    for i in order:
        ctx.time(lambda i=i: run_one(items[i]))
        done += 1
        if ctx.seconds >= ctx.budget / 2:
            break
    n = len(items)
    if done == n:
        return {"extrapolated": False}
    measured = ctx.seconds
    ctx.seconds *= n / done
    ctx.cpu_seconds *= n / done
    return {
        "extrapolated": True,
        "sample": [done, n],
        "note": f"extrapoliert: {done} von {_n(n)} {unit}, gemessen {measured:.1f} s",
    }


def _sample(n: int, s: int, seed: int) -> np.ndarray:
    return np.sort(np.random.default_rng(seed).choice(n, size=s, replace=False))


def _no_warnings(fn: Callable[[], Any]) -> Callable[[], Any]:
    def call() -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fn()

    return call


# netzwerk stages -----------------------------------------------------------------------------


def _stage_generate(ctx: _Context) -> dict[str, Any]:
    write_city = _function("netzwerk.synth", "write_city")
    generate_city = _function("netzwerk.synth", "generate_city")
    if ctx.folder.exists():
        shutil.rmtree(ctx.folder)
    city = ctx.time(lambda: generate_city(n_actors=ctx.size, seed=ctx.seed, name=ctx.name))
    ctx.time(lambda: write_city(city, ctx.folder))
    return {
        "note": (
            f"{_n(len(city.actors))} Akteure, {_n(len(city.events))} Veranstaltungen, "
            f"{_n(len(city.participation))} Teilnahmen, {_n(len(city.referrals))} Verweiszeilen"
        )
    }


def _stage_load(ctx: _Context) -> dict[str, Any]:
    load_city = _function("netzwerk.io", "load_city")
    folder = ctx.ensure_folder()
    city = ctx.time(lambda: load_city(folder))
    ctx.save(city, "city.pickle")
    return {}


def _stage_cooperation_graph(ctx: _Context) -> dict[str, Any]:
    cooperation_graph = _function("netzwerk.graph", "cooperation_graph")
    city = ctx.city()
    G = ctx.time(lambda: cooperation_graph(city))
    ctx.save(G, "graph.pickle")
    return {"note": f"{_n(G.number_of_nodes())} Knoten, {_n(G.number_of_edges())} Kanten"}


def _stage_referral_graph(ctx: _Context) -> dict[str, Any]:
    referral_graph = _function("netzwerk.graph", "referral_graph")
    city = ctx.city()
    R = ctx.time(lambda: referral_graph(city))
    return {"note": f"{_n(R.number_of_edges())} Kanten"}


def _stage_brokerage_roles(ctx: _Context) -> dict[str, Any]:
    brokerage_roles = _function("netzwerk.brokers", "brokerage_roles")
    G = ctx.graph()
    ctx.time(lambda: brokerage_roles(G, "sector"))
    return {}


def _stage_structural_holes(ctx: _Context) -> dict[str, Any]:
    structural_holes = _function("netzwerk.brokers", "structural_holes")
    G = ctx.graph()
    ctx.time(lambda: structural_holes(G, weight="weight"))
    return {}


def _stage_betweenness(ctx: _Context) -> dict[str, Any]:
    betweenness = _function("netzwerk.brokers", "betweenness")
    G = ctx.graph()
    jobs = ctx.job["jobs"]
    ctx.time(lambda: betweenness(G, weight="weight", n_jobs=jobs))
    return {"note": f"n_jobs={jobs}"}


def _stage_brokers(ctx: _Context) -> dict[str, Any]:
    brokers = _function("netzwerk.brokers", "brokers")
    G = ctx.graph()
    jobs = ctx.job["jobs"]
    ctx.time(_no_warnings(lambda: brokers(G, group="sector", weight="weight", n_jobs=jobs)))
    return {"note": f"n_jobs={jobs}"}


def _stage_sector_gaps(ctx: _Context) -> dict[str, Any]:
    sector_gaps = _function("netzwerk.gaps", "sector_gaps")
    G = ctx.graph()
    ctx.time(_no_warnings(lambda: sector_gaps(G, n_permutations=1000, seed=ctx.seed)))
    return {}


def _stage_unmet_needs(ctx: _Context) -> dict[str, Any]:
    unmet_needs = _function("netzwerk.gaps", "unmet_needs")
    city, G = ctx.city(), ctx.graph()
    ctx.time(_no_warnings(lambda: unmet_needs(city, G)))
    return {}


def _stage_field_coverage(ctx: _Context) -> dict[str, Any]:
    field_coverage = _function("netzwerk.gaps", "field_coverage")
    city = ctx.city()
    ctx.time(_no_warnings(lambda: field_coverage(city)))
    return {}


def _strongest(G: Any, max_edges: int) -> Any:
    """``G`` with all nodes but only its ``max_edges`` strongest ties (ties broken by order)."""
    edges = list(G.edges(data="weight", default=1.0))
    order = np.argsort(-np.asarray([w for _, _, w in edges], dtype=float), kind="stable")
    H = G.__class__()
    H.graph.update(G.graph)
    H.add_nodes_from(G.nodes(data=True))
    H.add_edges_from(
        (edges[i][0], edges[i][1], G.edges[edges[i][0], edges[i][1]]) for i in order[:max_edges]
    )
    return H


def _stage_map(ctx: _Context) -> dict[str, Any]:
    network_map = _function("netzwerk.plot", "network_map")
    write_map = _function("netzwerk.plot", "write_map")
    city, G = ctx.city(), ctx.graph()
    cap = ctx.job["map_max_edges"]
    note = ""
    if cap and G.number_of_edges() > cap:
        note = f"stärkste {_n(cap)} von {_n(G.number_of_edges())} Kanten"
        G = _strongest(G, cap)
    out = ctx.work / "map.html"
    ctx.time(lambda: write_map(network_map(G, city=city, seed=ctx.seed), out))
    size = out.stat().st_size / 1e6
    return {"note": (note + "; " if note else "") + f"{size:.0f} MB HTML"}


def _stage_report(ctx: _Context) -> dict[str, Any]:
    run_report = _function("netzwerk.report", "run_report")
    ctx.ensure_folder()
    out = ctx.work / "report"
    ctx.time(
        _no_warnings(
            lambda: run_report(
                ctx.name,
                data_dir=ctx.work,
                out_dir=out,
                parameters={"seed": ctx.seed},
                timeout=max(600, int(ctx.budget * 20)),
            )
        )
    )
    cells = report_cell_times(out / "city_report.ipynb")
    slowest = sorted(cells, key=lambda c: -c["seconds"])[:3]
    note = "langsamste Zellen: " + ", ".join(f"{c['cell']} ({c['seconds']:.1f} s)" for c in slowest)
    return {"cells": cells, "note": note}


def report_cell_times(notebook: str | Path) -> list[dict[str, Any]]:
    """Time of every code cell of an executed notebook, as papermill recorded it.

    Parameters
    ----------
    notebook : str or Path
        A notebook executed by papermill (e.g. ``figures/<city>/city_report.ipynb``).

    Returns
    -------
    list of dict
        One entry per code cell in notebook order: ``index`` (position among all cells),
        ``cell`` (the first line of its code, shortened to 60 characters), ``seconds``
        (``metadata.papermill.duration``; 0 where papermill recorded none).

    Examples
    --------
    >>> import json, tempfile
    >>> nb = {"cells": [{"cell_type": "markdown", "source": "# T", "metadata": {}},
    ...     {"cell_type": "code", "source": ["G = graph()\\n", "x = 1"],
    ...      "metadata": {"papermill": {"duration": 1.5}}}]}
    >>> path = Path(tempfile.mkdtemp()) / "nb.ipynb"
    >>> _ = path.write_text(json.dumps(nb), encoding="utf-8")
    >>> report_cell_times(path)
    [{'index': 1, 'cell': 'G = graph()', 'seconds': 1.5}]
    """
    cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
    out = []
    for i, cell in enumerate(cells):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else str(source)
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        first = next(
            (line for line in lines if not line.startswith("#")), lines[0] if lines else ""
        )
        duration = (cell.get("metadata", {}).get("papermill", {}) or {}).get("duration")
        out.append({"index": i, "cell": first[:60], "seconds": float(duration or 0.0)})
    return out


def _stage_pipeline(ctx: _Context) -> dict[str, Any]:
    load_city = _function("netzwerk.io", "load_city")
    cooperation_graph = _function("netzwerk.graph", "cooperation_graph")
    referral_graph = _function("netzwerk.graph", "referral_graph")
    brokers = _function("netzwerk.brokers", "brokers")
    sector_gaps = _function("netzwerk.gaps", "sector_gaps")
    unmet_needs = _function("netzwerk.gaps", "unmet_needs")
    field_coverage = _function("netzwerk.gaps", "field_coverage")
    folder = ctx.ensure_folder()
    jobs = ctx.job["jobs"]

    def run() -> list[Any]:
        city = load_city(folder)
        G = cooperation_graph(city)
        return [
            city,
            G,
            referral_graph(city),
            brokers(G, group="sector", weight="weight", n_jobs=jobs),
            sector_gaps(G, n_permutations=1000, seed=ctx.seed),
            unmet_needs(city, G),
            field_coverage(city),
        ]

    ctx.time(_no_warnings(run))
    return {"note": "Speicher = Spitze des ganzen Laufs"}


# baselines -----------------------------------------------------------------------------------


def _baseline_networkx_projection(ctx: _Context) -> dict[str, Any]:
    import networkx as nx
    from networkx.algorithms import bipartite

    city = ctx.city()
    actors = city.actors["actor_id"].astype(str).tolist()
    B = nx.Graph()
    B.add_nodes_from(actors, bipartite=0)
    events = ("event:" + city.participation["event_id"].astype(str)).tolist()
    B.add_nodes_from(set(events), bipartite=1)
    B.add_edges_from(zip(city.participation["actor_id"].astype(str).tolist(), events, strict=True))

    def run(s: int) -> None:
        nodes = (
            actors if s == len(actors) else [actors[i] for i in _sample(len(actors), s, ctx.seed)]
        )
        bipartite.weighted_projected_graph(B, nodes)

    info = _sampled(ctx, len(actors), run, pilot=max(20, len(actors) // 100), unit="Akteuren")
    info["note"] = "; ".join(
        x for x in ("nur Veranstaltungsebene, Gewicht = Anzahl", info.get("note")) if x
    )
    return info


def _baseline_networkx_fill(ctx: _Context) -> dict[str, Any]:
    """The floor under any construction that returns a networkx graph: only storing the ties.

    The finished ties of the cooperation graph (node pairs and weights, prepared untimed) go
    into a fresh graph the fastest way netzwerk knows, one ``{"weight": w}`` dict per tie. No
    construction with more attributes per tie can be faster; the projection's time divided
    by this one bounds how many times faster than networkx a graph-returning build can be.
    """
    import networkx as nx

    from netzwerk.graph._fast import fill_edges_fast, gc_paused

    G = ctx.graph()
    names = list(G)
    pos = {node: i for i, node in enumerate(names)}
    u = np.fromiter((pos[a] for a, _ in G.edges()), np.int64, G.number_of_edges())
    v = np.fromiter((pos[b] for _, b in G.edges()), np.int64, G.number_of_edges())
    weights = [w for _, _, w in G.edges(data="weight")]

    def run() -> Any:
        with gc_paused():  # as cooperation_graph fills its ties
            H = nx.Graph()
            H.add_nodes_from(names)
            fill_edges_fast(H, u, v, names, [{"weight": w} for w in weights])
        return H

    ctx.time(run)
    return {"note": "Untergrenze: nur Speichern der Kanten mit Gewicht, ohne jede Berechnung"}


def _baseline_networkx_fill_attributes(ctx: _Context) -> dict[str, Any]:
    """The floor for a graph with the cooperation graph's attributes: storing them, nothing else.

    As :func:`_baseline_networkx_fill`, but every tie gets a dict with the same nine attributes
    as in :func:`netzwerk.graph.cooperation_graph` (``weight``, ``weight_events``,
    ``weight_referrals``, ``n_events``, ``events``, ``n_referrals``, ``n_referral_rows``,
    ``referrals_counted``, ``layers``), made inside the timed call from column lists prepared
    untimed (the event-id tuples too). What ``cooperation_graph`` takes beyond this is the
    computation of the ties themselves.
    """
    import networkx as nx

    from netzwerk.graph._fast import fill_edges_fast, gc_paused

    G = ctx.graph()
    names = list(G)
    pos = {node: i for i, node in enumerate(names)}
    u = np.fromiter((pos[a] for a, _ in G.edges()), np.int64, G.number_of_edges())
    v = np.fromiter((pos[b] for _, b in G.edges()), np.int64, G.number_of_edges())
    keys = (
        "weight", "weight_events", "weight_referrals", "n_events", "events", "n_referrals",
        "n_referral_rows", "referrals_counted", "layers",
    )  # fmt: skip
    columns = [[d.get(k) for _, _, d in G.edges(data=True)] for k in keys]

    def run() -> Any:
        with gc_paused():  # as cooperation_graph fills its ties
            H = nx.Graph()
            H.add_nodes_from(names)
            data = [dict(zip(keys, values, strict=True)) for values in zip(*columns, strict=True)]
            fill_edges_fast(H, u, v, names, data)
        return H

    ctx.time(run)
    return {"note": "Untergrenze: nur Speichern der Kanten mit allen neun Attributen"}


def _baseline_pandas_networkx(ctx: _Context) -> dict[str, Any]:
    import networkx as nx

    referrals = ctx.city().referrals

    def run() -> Any:
        table = (
            referrals.groupby(["from_id", "to_id"], observed=True, sort=False)["count"]
            .sum()
            .reset_index()
        )
        return nx.from_pandas_edgelist(
            table, "from_id", "to_id", edge_attr="count", create_using=nx.DiGraph
        )

    ctx.time(run)
    return {"note": "ohne Handlungsfelder je Kante"}


def _baseline_networkx_structural_holes(ctx: _Context) -> dict[str, Any]:
    import networkx as nx

    G = ctx.graph()
    nodes = list(G)

    def run_one(node: Any) -> None:
        nx.effective_size(G, [node], weight="weight")
        nx.constraint(G, [node], weight="weight")

    # networkx loops over the nodes anyway; one node at a time lets the budget stop it
    return _incremental(ctx, nodes, run_one, unit="Knoten")


def _distance_graph(G: Any) -> Any:
    """Copy of ``G``'s ties with ``distance = 1/weight`` (the tie length netzwerk uses)."""
    import networkx as nx

    H = nx.Graph()
    H.add_nodes_from(G)
    H.add_edges_from(
        (u, v, {"distance": 1.0 / w}) for u, v, w in G.edges(data="weight", default=1.0)
    )
    return H


def _baseline_networkx_betweenness(ctx: _Context) -> dict[str, Any]:
    import networkx as nx

    H = _distance_graph(ctx.graph())
    n = H.number_of_nodes()

    def run(s: int) -> None:
        nx.betweenness_centrality(H, k=None if s == n else s, weight="distance", seed=ctx.seed)

    return _sampled(ctx, n, run, pilot=2, unit="Quellen")


def _baseline_igraph(ctx: _Context) -> dict[str, Any]:
    try:
        import igraph as ig
    except ImportError as exc:
        raise _Unavailable("python-igraph nicht installiert") from exc
    G = ctx.graph()
    index = {node: i for i, node in enumerate(G)}
    edges, lengths = [], []
    for u, v, w in G.edges(data="weight", default=1.0):
        edges.append((index[u], index[v]))
        lengths.append(1.0 / w)
    g = ig.Graph(n=len(index), edges=edges, directed=False)
    g.es["distance"] = lengths
    n = g.vcount()

    def run(s: int) -> None:
        sources = None if s == n else _sample(n, s, ctx.seed).tolist()
        g.betweenness(directed=False, weights="distance", sources=sources)

    return _sampled(ctx, n, run, pilot=max(2, n // 200), unit="Quellen")


_SNA_SCRIPT = r"""
suppressPackageStartupMessages(library(sna))
args <- commandArgs(trailingOnly = TRUE)
n <- as.integer(args[3])
arcs <- matrix(scan(args[1], what = integer(), quiet = TRUE), ncol = 2, byrow = TRUE)
el <- cbind(arcs, 1)
attr(el, "n") <- n
cl <- scan(args[2], what = integer(), quiet = TRUE)
invisible(gc())
st <- system.time(b <- brokerage(el, cl))
hwm <- grep("^VmHWM", readLines("/proc/self/status"), value = TRUE)
kb <- as.numeric(gsub("[^0-9]", "", hwm))
cpu <- st[["user.self"]] + st[["sys.self"]]
cat(sprintf("%.6f %.6f %.1f\n", st[["elapsed"]], cpu, kb / 1024))
"""


def _baseline_sna_brokerage(ctx: _Context) -> dict[str, Any]:
    if shutil.which("Rscript") is None:
        raise _Unavailable("Rscript nicht installiert")
    G = ctx.graph()
    index = {node: i + 1 for i, node in enumerate(G)}  # R counts from 1
    arcs = []
    for u, v in G.edges():
        if u == v:
            continue
        arcs.append((index[u], index[v]))
        if not G.is_directed():  # sna's convention: an undirected tie is a pair of arcs
            arcs.append((index[v], index[u]))
    sectors = [G.nodes[node].get("sector") for node in G]
    codes = {s: i + 1 for i, s in enumerate(sorted({str(s) for s in sectors}))}
    work = ctx.work
    (work / "sna_arcs.txt").write_text("\n".join(f"{a} {b}" for a, b in arcs) + "\n")
    (work / "sna_groups.txt").write_text("\n".join(str(codes[str(s)]) for s in sectors) + "\n")
    (work / "sna.R").write_text(_SNA_SCRIPT)
    limit = ctx.budget * 2
    try:
        out = subprocess.run(
            ["Rscript", str(work / "sna.R"), str(work / "sna_arcs.txt"),
             str(work / "sna_groups.txt"), str(len(index))],
            capture_output=True, text=True, timeout=limit + 120, check=True,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return {"status": "timeout", "seconds": limit, "note": f"abgebrochen nach {limit:.0f} s"}
    except subprocess.CalledProcessError as exc:
        raise RuntimeError(f"Rscript: {exc.stderr.strip().splitlines()[-1:]}") from exc
    seconds, cpu, peak = (float(x) for x in out.stdout.split()[-3:])
    ctx.seconds, ctx.cpu_seconds = seconds, cpu
    ctx.rss_before = 0.0
    return {"peak_mb": peak, "note": "Zeit in R gemessen (system.time), Speicher = VmHWM von R"}


_RUNNERS: dict[str, Callable[[_Context], dict[str, Any]]] = {
    "generate": _stage_generate,
    "load": _stage_load,
    "cooperation_graph": _stage_cooperation_graph,
    "referral_graph": _stage_referral_graph,
    "brokerage_roles": _stage_brokerage_roles,
    "structural_holes": _stage_structural_holes,
    "betweenness": _stage_betweenness,
    "brokers": _stage_brokers,
    "sector_gaps": _stage_sector_gaps,
    "unmet_needs": _stage_unmet_needs,
    "field_coverage": _stage_field_coverage,
    "map": _stage_map,
    "report": _stage_report,
    "pipeline": _stage_pipeline,
    "networkx_projection": _baseline_networkx_projection,
    "networkx_fill": _baseline_networkx_fill,
    "networkx_fill_attributes": _baseline_networkx_fill_attributes,
    "pandas_networkx": _baseline_pandas_networkx,
    "sna_brokerage": _baseline_sna_brokerage,
    "networkx_structural_holes": _baseline_networkx_structural_holes,
    "networkx_betweenness": _baseline_networkx_betweenness,
    "igraph": _baseline_igraph,
}


def _worker(job_file: str) -> int:
    """Run one job (written by :func:`_run_job`) and write its result beside it."""
    job = json.loads(Path(job_file).read_text(encoding="utf-8"))
    ctx = _Context(job)
    result: dict[str, Any] = {"status": "ok", "note": None, "extrapolated": False}
    try:
        result.update(_RUNNERS[job["variant"]](ctx))
    except _Unavailable as exc:
        result.update(status="unavailable", note=str(exc))
    except Exception as exc:  # a failing stage is a row of the table, not a crash
        result.update(status="error", note=f"{type(exc).__name__}: {str(exc)[:200]}")
    peak = _maxrss_mb()
    if result["status"] == "ok":
        result.setdefault("seconds", ctx.seconds)
        result.setdefault("cpu_s", ctx.cpu_seconds)
        result.setdefault("peak_mb", peak)
        result["rss_growth_mb"] = max(0.0, result["peak_mb"] - (ctx.rss_before or 0.0))
    else:
        result.setdefault("seconds", None)
        result.setdefault("peak_mb", None)
    Path(job["result"]).write_text(json.dumps(result), encoding="utf-8")
    return 0


# ---------------------------------------------------------------------------------------------
# Orchestration


def _run_job(
    variant: str,
    size: int,
    work: Path,
    *,
    options: dict[str, Any],
    timeout: float,
    isolate: bool = True,
) -> dict[str, Any]:
    job_file = work / f"job-{variant}.json"
    result_file = work / f"result-{variant}.json"
    result_file.unlink(missing_ok=True)
    job = {"variant": variant, "size": size, "work": str(work), "result": str(result_file)}
    job.update(options)
    job_file.write_text(json.dumps(job), encoding="utf-8")
    code = "import sys; from netzwerk.bench import _worker; sys.exit(_worker(sys.argv[1]))"
    load_before = _loadavg()
    start = time.perf_counter()
    if not isolate:
        _worker(str(job_file))
        result = json.loads(result_file.read_text(encoding="utf-8"))
        result["wall_s"] = time.perf_counter() - start
        return result
    try:
        proc = subprocess.run(
            [sys.executable, "-c", code, str(job_file)],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return {"status": "timeout", "seconds": None, "peak_mb": None,
                "note": f"Prozess nach {timeout:.0f} s abgebrochen"}  # fmt: skip
    if not result_file.is_file():
        tail = (proc.stderr or "").strip().splitlines()[-1:] or [f"Exit-Status {proc.returncode}"]
        return {"status": "error", "seconds": None, "peak_mb": None,
                "note": f"Prozess abgestürzt: {tail[0][:200]}"}  # fmt: skip
    result = json.loads(result_file.read_text(encoding="utf-8"))
    result["wall_s"] = time.perf_counter() - start
    # other work on the machine stretches wall times; keep the 1-minute load to judge them
    result["loadavg"] = [load_before, _loadavg()]
    return result


def _loadavg() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


def _format_seconds(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if value >= 100:
        return f"{value:.0f} s"
    if value >= 10:
        return f"{value:.1f} s"
    return f"{value:.2f} s"


def _format_mb(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:,.0f} MB".replace(",", ".")


def _progress_line(size: int, stage: str, variant: str, result: dict[str, Any]) -> str:
    name = stage if variant == stage else f"{stage} · {_BASELINE_LABELS[variant]}"
    status = result["status"]
    if status == "ok" or status == "timeout" and result.get("seconds"):
        text = f"{_format_seconds(result['seconds']):>9}  {_format_mb(result.get('peak_mb')):>9}"
        if status == "timeout":
            text = "≥" + text.lstrip()
    else:
        text = _STATUS_DE.get(status, status)
    note = f"  ({result['note']})" if result.get("note") else ""
    return f"[{size:>6}] {name:<58} {text}{note}"


def _parse_list(text: str, name: str, cast: Callable[[str], Any]) -> list[Any]:
    items = [t.strip() for t in str(text).split(",") if t.strip()]
    if not items:
        raise ValueError(f"{name} must be a comma-separated list, got {text!r}")
    try:
        return [cast(t) for t in items]
    except ValueError:
        raise ValueError(f"{name} must be a comma-separated list, got {text!r}") from None


def _check_options(
    sizes: Iterable[int], stages: Iterable[str] | None, baseline_budget: float
) -> tuple[list[int], list[str]]:
    size_list = list(sizes)
    if not size_list:
        raise ValueError("sizes must hold at least one number of actors, got none")
    for size in size_list:
        if isinstance(size, bool) or not isinstance(size, int | np.integer):
            raise TypeError(f"sizes must be integers, got {size!r}")
        if size < 80:
            raise ValueError(
                f"sizes must be at least 80 actors (the generator's minimum), got {size}"
            )
    stage_list = list(STAGES) if stages is None else list(stages)
    unknown = [s for s in stage_list if s not in STAGES]
    if unknown:
        raise ValueError(f"stages: unknown {unknown!r}; expected some of {list(STAGES)}")
    if not isinstance(baseline_budget, int | float) or not baseline_budget > 0:
        raise ValueError(
            f"baseline_budget must be a positive number of seconds, got {baseline_budget!r}"
        )
    return [int(s) for s in size_list], [s for s in STAGES if s in stage_list]


def run_benchmark(
    sizes: Sequence[int] = (1000, 3000, 10000),
    *,
    seed: int = 0,
    stages: Iterable[str] | None = None,
    baselines: bool = True,
    baseline_budget: float = 60.0,
    report_sizes: Iterable[int] | None = None,
    map_max_edges: int = MAP_MAX_EDGES,
    jobs: int = 1,
    workdir: str | Path | None = None,
    stage_timeout: float = 3600.0,
    isolate: bool = True,
    progress: bool | Callable[[str], Any] = True,
) -> pd.DataFrame:
    """Time every stage on synthetic cities of the given sizes, beside the reference libraries.

    Each stage and each baseline runs in a fresh Python process (see the module docstring for
    what is measured). For every size, a city is generated with
    :func:`netzwerk.synth.generate_city` and written to a work folder; later stages reuse the
    loaded city and the cooperation graph from there.

    The speed-up in ``ratio`` is

    .. math::

       \\text{ratio} = t_\\text{baseline} / t_\\text{netzwerk},

    so 20 means netzwerk is twenty times faster.

    Parameters
    ----------
    sizes : sequence of int, default (1000, 3000, 10000)
        Numbers of actors (at least 80 each).
    seed : int, default 0
        Seed of the generated cities, the permutations, the layouts and the baseline samples.
    stages : iterable of str, optional
        Names from :data:`STAGES`; default all. They always run in the order of ``STAGES``.
    baselines : bool, default True
        Also time the baselines.
    baseline_budget : float, default 60
        Seconds a baseline may take before it is run on a sample and extrapolated.
    report_sizes : iterable of int, optional
        Sizes at which the full city report is made (it is slow); default
        :data:`REPORT_SIZE` (1,000 actors, a large city) when it is among ``sizes``, else the
        smallest size. The report's row carries the time of every notebook cell (``cells`` in
        the runs of the JSON output) and, where the ``pipeline`` stage ran at the same size,
        ``attrs["report_pipeline_ratio"]`` gives report time / pipeline time per size.
    map_max_edges : int, default 100000
        The map draws only the strongest this many ties (all nodes); 0 draws all.
    jobs : int, default 1
        ``n_jobs`` passed to betweenness and ``brokers``.
    workdir : str or Path, optional
        Folder for the generated cities and intermediate files, kept afterwards. Default: a
        temporary folder, removed at the end.
    stage_timeout : float, default 3600
        Seconds after which a stage's process is stopped (its row says "Zeitlimit").
    isolate : bool, default True
        Run every measurement in a fresh process. False runs them in this process (quicker
        to start, for smoke tests; peak memory then only grows and time limits do not apply).
    progress : bool or callable, default True
        Print one line per finished measurement to stderr, or pass each line to a callable.

    Returns
    -------
    pandas.DataFrame
        One row per stage, size and baseline (a stage without baseline has one row with
        ``baseline`` None): ``stage``, ``size``, ``status`` (``ok``, ``unavailable``,
        ``error``, ``timeout``), ``time_s``, ``peak_mb``, ``baseline``, ``baseline_status``,
        ``baseline_time_s``, ``baseline_peak_mb``, ``ratio``, ``extrapolated`` (the baseline
        time is extrapolated from a sample) and ``note``. ``attrs`` holds ``machine``
        (:func:`machine_info`), ``parameters`` and ``runs`` (every raw measurement, including
        ``rss_growth_mb``).

    Raises
    ------
    TypeError
        If a size is not an integer.
    ValueError
        If ``sizes`` is empty or holds a size below 80, a stage is unknown or the budget is
        not positive.

    Notes
    -----
    A stage whose module or function does not exist gives a row with status ``unavailable``
    ("nicht verfügbar"), a failing stage one with ``error``; the run goes on. Times are single
    runs (no repetition), which is enough for the orders of magnitude compared here; at small
    sizes expect a few percent of noise.

    Examples
    --------
    >>> rows = run_benchmark([100], stages=["generate", "load"], isolate=False, progress=False)
    >>> rows[["stage", "size", "status"]].to_numpy().tolist()
    [['generate', 100, 'ok'], ['load', 100, 'ok']]
    >>> bool((rows["time_s"] > 0).all() and (rows["peak_mb"] > 0).all())
    True
    """
    size_list, stage_list = _check_options(sizes, stages, baseline_budget)
    if report_sizes is None:
        report_at = {REPORT_SIZE} if REPORT_SIZE in size_list else {min(size_list)}
    else:
        report_at = {int(s) for s in report_sizes}
    if callable(progress):
        say = progress
    elif progress:

        def say(line: str) -> None:
            print(line, file=sys.stderr, flush=True)
    else:

        def say(line: str) -> None:
            return None

    options = {
        "seed": int(seed),
        "budget": float(baseline_budget),
        "jobs": int(jobs),
        "map_max_edges": int(map_max_edges),
    }
    root = (
        Path(workdir) if workdir is not None else Path(tempfile.mkdtemp(prefix="netzwerk-bench-"))
    )
    rows: list[dict[str, Any]] = []
    runs: list[dict[str, Any]] = []
    try:
        for size in size_list:
            work = root / f"n{size}"
            work.mkdir(parents=True, exist_ok=True)
            for stage in stage_list:
                if stage == "report" and size not in report_at:
                    continue
                result = _run_job(
                    stage, size, work, options=options, timeout=stage_timeout, isolate=isolate
                )
                runs.append({"stage": stage, "variant": stage, "size": size, **result})
                say(_progress_line(size, stage, stage, result))
                base_results = []
                for variant in STAGES[stage].baselines if baselines else ():
                    limit = baseline_budget * 8 + 600
                    base = _run_job(
                        variant, size, work, options=options, timeout=limit, isolate=isolate
                    )
                    runs.append({"stage": stage, "variant": variant, "size": size, **base})
                    say(_progress_line(size, stage, variant, base))
                    base_results.append((variant, base))
                rows.extend(_rows(stage, size, result, base_results))
    finally:
        if workdir is None:
            shutil.rmtree(root, ignore_errors=True)
    table = pd.DataFrame(rows, columns=_COLUMNS)
    table.attrs["machine"] = machine_info()
    table.attrs["parameters"] = {
        "sizes": size_list,
        "stages": stage_list,
        "baselines": bool(baselines),
        "report_sizes": sorted(report_at),
        "isolate": bool(isolate),
        **options,
    }
    table.attrs["runs"] = runs
    table.attrs["report_pipeline_ratio"] = report_pipeline_ratio(table)
    return table


def report_pipeline_ratio(rows: pd.DataFrame) -> dict[int, float]:
    """Report time divided by pipeline time, per size where both stages ran in the run.

    The report presents what the ``pipeline`` stage computes; the ratio is its overhead
    (notebook kernel, figures, map, HTML, robustness resamples and the permutation null with
    the report's 5,000 permutations instead of 1,000).

    Examples
    --------
    >>> rows = pd.DataFrame({"stage": ["report", "pipeline", "report"], "size": [1000, 1000, 80],
    ...     "status": ["ok"] * 3, "time_s": [12.0, 3.0, 5.0]})
    >>> report_pipeline_ratio(rows)
    {1000: 4.0}
    """
    ok = rows[(rows["status"] == "ok") & rows["time_s"].notna()]
    times = ok.drop_duplicates(["stage", "size"]).set_index(["stage", "size"])["time_s"]
    out = {}
    for stage, size in times.index:
        if stage == "report" and ("pipeline", size) in times.index:
            out[int(size)] = float(times[("report", size)] / times[("pipeline", size)])
    return out


def _rows(
    stage: str, size: int, result: dict[str, Any], bases: list[tuple[str, dict[str, Any]]]
) -> list[dict[str, Any]]:
    own = {
        "stage": stage,
        "size": size,
        "status": result["status"],
        "time_s": result.get("seconds") if result["status"] == "ok" else None,
        "cpu_s": result.get("cpu_s") if result["status"] == "ok" else None,
        "peak_mb": result.get("peak_mb"),
    }
    if not bases:
        return [{**own, "baseline": None, "extrapolated": False, "note": result.get("note")}]
    rows = []
    for variant, base in bases:
        base_time = base.get("seconds")
        ratio = None
        if own["time_s"] and base_time:
            ratio = base_time / own["time_s"]
        notes = [n for n in (result.get("note"), base.get("note")) if n]
        rows.append(
            {
                **own,
                "baseline": _BASELINE_LABELS[variant],
                "baseline_status": base["status"],
                "baseline_time_s": base_time,
                "baseline_peak_mb": base.get("peak_mb"),
                "ratio": ratio,
                "extrapolated": bool(base.get("extrapolated", False)),
                "note": "; ".join(notes) or None,
            }
        )
    return rows


# ---------------------------------------------------------------------------------------------
# Output


def format_table(rows: pd.DataFrame, *, lang: str = "de") -> str:
    """The benchmark table as fixed-width text.

    Parameters
    ----------
    rows : pandas.DataFrame
        As :func:`run_benchmark` returns it (or read back from its JSON).
    lang : {"de", "en"}, default "de"
        Language of the headers and status words.

    Returns
    -------
    str
        One line per row: stage, size, wall time, CPU time (user + system, of the process
        and its children; close to the wall time of a single-threaded stage on an idle
        machine), peak memory, baseline, baseline time, ratio
        (baseline time / netzwerk time) and note. A baseline time extrapolated from a sample
        carries ``*``; one that hit its time limit is shown as a lower bound (``≥``).

    Raises
    ------
    ValueError
        If ``lang`` is neither ``"de"`` nor ``"en"``.

    Examples
    --------
    >>> rows = pd.DataFrame([{"stage": "betweenness", "size": 1000, "status": "ok",
    ...     "time_s": 2.0, "cpu_s": 1.9, "peak_mb": 300.0,
    ...     "baseline": "networkx betweenness_centrality",
    ...     "baseline_status": "ok", "baseline_time_s": 50.0, "baseline_peak_mb": 280.0,
    ...     "ratio": 25.0, "extrapolated": True, "note": None}])
    >>> print(format_table(rows, lang="en"))  # doctest: +NORMALIZE_WHITESPACE
    stage        actors  time    CPU     peak memory  baseline                         baseline time  ratio  note
    betweenness    1000  2.00 s  1.90 s  300 MB       networkx betweenness_centrality  50.0 s*        25×
    * extrapolated from a sample
    """
    if lang not in ("de", "en"):
        raise ValueError(f"lang must be 'de' or 'en', got {lang!r}")
    de = lang == "de"
    header = (
        ["Stufe", "Akteure", "Zeit", "CPU", "Spitzenspeicher", "Vergleich", "Vergleichszeit",
         "Faktor", "Hinweis"]
        if de
        else ["stage", "actors", "time", "CPU", "peak memory", "baseline", "baseline time",
              "ratio", "note"]
    )  # fmt: skip
    lines = []
    for row in rows.to_dict("records"):
        status = row.get("status")
        if status == "ok":
            own = _format_seconds(row.get("time_s"))
        else:
            own = _STATUS_DE.get(status, status) if de else str(status)
        base = row.get("baseline")
        base_time = ratio = ""
        if isinstance(base, str):
            bstatus = row.get("baseline_status")
            if bstatus in ("ok", "timeout") and _present(row.get("baseline_time_s")):
                base_time = _format_seconds(row["baseline_time_s"])
                if row.get("extrapolated"):
                    base_time += "*"
                if bstatus == "timeout":
                    base_time = "≥ " + base_time
            else:
                base_time = _STATUS_DE.get(bstatus, bstatus) if de else str(bstatus)
            if _present(row.get("ratio")):
                value = row["ratio"]
                ratio = f"{value:.0f}×" if value >= 10 else f"{value:.1f}×"
                if bstatus == "timeout":
                    ratio = "≥ " + ratio
        lines.append(
            [
                str(row["stage"]),
                f"{int(row['size'])}",
                own,
                _format_seconds(row.get("cpu_s")) if status == "ok" else "–",
                _format_mb(row.get("peak_mb")),
                base if isinstance(base, str) else "–",
                base_time or "–",
                ratio or "–",
                str(row["note"]) if _present(row.get("note")) else "",
            ]
        )
    widths = [max(len(h), *(len(line[i]) for line in lines)) if lines else len(h)
              for i, h in enumerate(header)]  # fmt: skip
    right = {1, 2, 3}
    out = []
    for line in [header, *lines]:
        cells = [c.rjust(w) if i in right and line is not header else c.ljust(w)
                 for i, (c, w) in enumerate(zip(line, widths, strict=True))]  # fmt: skip
        out.append("  ".join(cells).rstrip())
    if any(rows.get("extrapolated", pd.Series(dtype=bool)).fillna(False)):
        out.append(
            "* aus einer Stichprobe linear hochgerechnet" if de else "* extrapolated from a sample"
        )
    return "\n".join(out)


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def _series(rows: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Time per size for each curve: netzwerk stages, and baselines as ``stage · baseline``."""
    curves: dict[str, pd.DataFrame] = {}
    ok = rows[rows["status"] == "ok"]
    for stage, part in ok.drop_duplicates(["stage", "size"]).groupby("stage", sort=False):
        curves[str(stage)] = pd.DataFrame(
            {"size": part["size"].to_numpy(), "time_s": part["time_s"].to_numpy(),
             "extrapolated": False}
        )  # fmt: skip
    if "baseline" in rows:
        base = rows[rows["baseline"].notna() & (rows["baseline_status"] == "ok")]
        for (stage, name), part in base.groupby(["stage", "baseline"], sort=False):
            curves[f"{stage} · {name}"] = pd.DataFrame(
                {"size": part["size"].to_numpy(), "time_s": part["baseline_time_s"].to_numpy(),
                 "extrapolated": part["extrapolated"].fillna(False).to_numpy(dtype=bool)}
            )  # fmt: skip
    return curves


def scaling_exponents(rows: pd.DataFrame) -> pd.DataFrame:
    """Fit :math:`t = c\\,n^b` to time against actors for every stage and baseline.

    The exponent is the least-squares slope on the log-log scale,

    .. math::

       b = \\frac{\\sum_i (x_i - \\bar x)(y_i - \\bar y)}{\\sum_i (x_i - \\bar x)^2},
       \\qquad x_i = \\log n_i,\\; y_i = \\log t_i .

    Parameters
    ----------
    rows : pandas.DataFrame
        As :func:`run_benchmark` returns it (columns ``stage``, ``size``, ``status``,
        ``time_s`` and, for baselines, ``baseline``, ``baseline_status``,
        ``baseline_time_s``, ``extrapolated``).

    Returns
    -------
    pandas.DataFrame
        Indexed by curve (the stage, or ``"<stage> · <baseline>"``), columns ``exponent``,
        ``n_sizes`` and ``extrapolated`` (some baseline time in the fit is extrapolated).
        The exponent is NaN for a curve with fewer than two sizes.

    Notes
    -----
    Only rows with status ``ok`` count. Exponent 1 means the time grows in proportion to the
    number of actors, 2 with its square. With three sizes the fit is rough, and times below
    about 0.1 s are dominated by constant overheads, which pulls the exponent down.

    Examples
    --------
    Times 1, 4 and 16 s at 1,000, 2,000 and 4,000 actors grow with the square:

    >>> rows = pd.DataFrame({"stage": ["x", "x", "x"], "size": [1000, 2000, 4000],
    ...                      "status": "ok", "time_s": [1.0, 4.0, 16.0]})
    >>> round(float(scaling_exponents(rows).loc["x", "exponent"]), 6)
    2.0
    """
    records = []
    for name, curve in _series(rows).items():
        curve = curve[curve["time_s"] > 0]
        exponent = float("nan")
        if curve["size"].nunique() >= 2:
            x = np.log(curve["size"].to_numpy(dtype=float))
            y = np.log(curve["time_s"].to_numpy(dtype=float))
            exponent = float(np.polyfit(x, y, 1)[0])
        records.append(
            {
                "curve": name,
                "exponent": exponent,
                "n_sizes": int(curve["size"].nunique()),
                "extrapolated": bool(curve["extrapolated"].any()),
            }
        )
    return pd.DataFrame(
        records, columns=["curve", "exponent", "n_sizes", "extrapolated"]
    ).set_index("curve")


def plot_scaling(rows: pd.DataFrame, *, ax: Any = None, baselines: bool = True) -> Any:
    """Log-log plot of time against actors per stage, with the fitted exponent in the legend.

    Parameters
    ----------
    rows : pandas.DataFrame
        As :func:`run_benchmark` returns it.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; default a new figure.
    baselines : bool, default True
        Also draw the baselines (dashed, in the colour of their stage; hollow markers where
        the time is extrapolated).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> rows = pd.DataFrame({"stage": ["x", "x"], "size": [1000, 2000], "status": "ok",
    ...                      "time_s": [1.0, 2.0]})
    >>> ax = plot_scaling(rows)
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['x (n^1.00)']
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(10, 6.5))
    exponents = scaling_exponents(rows)
    stages = [s for s in STAGES if s in set(rows["stage"])] + sorted(
        set(rows["stage"]) - set(STAGES)
    )
    cmap = plt.get_cmap("tab20")
    colors = {stage: cmap(i % 20) for i, stage in enumerate(stages)}
    for name, curve in _series(rows).items():
        stage, _, base = name.partition(" · ")
        if base and not baselines:
            continue
        curve = curve.sort_values("size")
        b = exponents.loc[name, "exponent"]
        label = f"{name} (n^{b:.2f})" if not math.isnan(b) else name
        style = {"color": colors.get(stage, "black"), "linestyle": "--" if base else "-"}
        ax.plot(curve["size"], curve["time_s"], label=label, **style)
        for extrapolated, part in curve.groupby("extrapolated"):
            ax.plot(part["size"], part["time_s"], linestyle="none", marker="s" if base else "o",
                    markerfacecolor="white" if extrapolated else style["color"],
                    color=style["color"])  # fmt: skip
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("Akteure")
    ax.set_ylabel("Zeit [s]")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize="x-small", loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return ax


def _to_json(rows: pd.DataFrame) -> dict[str, Any]:
    def clean(value: Any) -> Any:
        if isinstance(value, float) and math.isnan(value):
            return None
        if isinstance(value, np.generic):
            return clean(value.item())
        return value

    return {
        "machine": rows.attrs.get("machine"),
        "parameters": rows.attrs.get("parameters"),
        "rows": [{k: clean(v) for k, v in r.items()} for r in rows.to_dict("records")],
        "exponents": {
            k: clean(v) for k, v in scaling_exponents(rows)["exponent"].to_dict().items()
        },
        "runs": rows.attrs.get("runs"),
        "report_pipeline_ratio": {
            str(k): v for k, v in (rows.attrs.get("report_pipeline_ratio") or {}).items()
        },
    }


# ---------------------------------------------------------------------------------------------
# Command line


def _scaling_figure(rows: pd.DataFrame, path: str | Path) -> None:
    """Two panels: all netzwerk stages; the compared stages with their baselines."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(15, 6.5), constrained_layout=True)
    plot_scaling(rows, ax=left, baselines=False)
    left.set_title("netzwerk, alle Stufen")
    plot_scaling(rows[rows["baseline"].notna()], ax=right)
    right.set_title("netzwerk (durchgezogen) und Vergleich (gestrichelt, hohl = hochgerechnet)")
    for ax in (left, right):
        ax.legend(fontsize="x-small", loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2)
    fig.savefig(path, dpi=150, bbox_inches="tight")
    plt.close(fig)


def _cli_bench_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sizes", default="1000,3000,10000",
        help="Anzahl der Akteure, kommagetrennt / numbers of actors (default 1000,3000,10000)",
    )  # fmt: skip
    parser.add_argument("--seed", type=int, default=0, help="Zufallsstartwert / seed (default 0)")
    parser.add_argument(
        "--stages", default=None,
        help=f"Auswahl der Stufen, kommagetrennt / stages to run: {','.join(STAGES)}",
    )  # fmt: skip
    parser.add_argument(
        "--json", metavar="OUT", default=None, help="Ergebnisse als JSON / write JSON"
    )
    parser.add_argument(
        "--plot", metavar="PNG", default=None,
        help="Skalierungskurve als Bild / write the scaling figure",
    )  # fmt: skip
    parser.add_argument(
        "--baseline-budget", type=float, default=60.0, metavar="SEKUNDEN",
        help="Zeitbudget je Vergleich, sonst Stichprobe + Hochrechnung / "
        "seconds per baseline before sampling (default 60)",
    )  # fmt: skip
    parser.add_argument(
        "--no-baselines", action="store_true", help="ohne Vergleiche / no baselines"
    )
    parser.add_argument(
        "--report-sizes", default=None,
        help="Größen mit vollem Stadtbericht / sizes with a full report "
        "(default: 1000 if among the sizes, else the smallest)",
    )  # fmt: skip
    parser.add_argument(
        "--map-max-edges", type=int, default=MAP_MAX_EDGES,
        help=f"Karte mit den stärksten N Kanten, 0 = alle / map ties cap (default {MAP_MAX_EDGES})",
    )  # fmt: skip
    parser.add_argument(
        "--jobs", type=int, default=1, help="n_jobs für Betweenness / for betweenness (default 1)"
    )
    parser.add_argument(
        "--workdir", default=None, help="Arbeitsordner behalten / keep the work folder here"
    )
    parser.add_argument("--lang", choices=("de", "en"), default="de")


def _cli_bench(args: argparse.Namespace) -> int:
    try:
        sizes = _parse_list(args.sizes, "--sizes", int)
        stages = None if args.stages is None else _parse_list(args.stages, "--stages", str)
        report_sizes = (
            None
            if args.report_sizes is None
            else _parse_list(args.report_sizes, "--report-sizes", int)
        )
        _check_options(sizes, stages, args.baseline_budget)
    except (TypeError, ValueError) as exc:
        print(f"netzwerk bench: {exc}", file=sys.stderr)
        return 2
    rows = run_benchmark(
        sizes,
        seed=args.seed,
        stages=stages,
        baselines=not args.no_baselines,
        baseline_budget=args.baseline_budget,
        report_sizes=report_sizes,
        map_max_edges=args.map_max_edges,
        jobs=args.jobs,
        workdir=args.workdir,
    )
    print(format_table(rows, lang=args.lang))
    machine = rows.attrs["machine"]
    print(
        f"\n{machine['nproc']} Kerne, {machine['cpu']}, {machine['ram_gb']} GB RAM, "
        f"Python {machine['python']}"
    )
    if args.json:
        Path(args.json).write_text(
            json.dumps(_to_json(rows), indent=2, ensure_ascii=False), encoding="utf-8"
        )
    if args.plot:
        _scaling_figure(rows, args.plot)
    failed = rows["status"].isin(["error", "timeout"]).any()
    return 1 if failed else 0


def _main() -> None:  # pragma: no cover - convenience for ``python -m netzwerk.bench``
    from netzwerk.cli import main

    sys.exit(main(["bench", *sys.argv[1:]]))


if __name__ == "__main__":  # pragma: no cover
    with contextlib.suppress(KeyboardInterrupt):
        _main()
