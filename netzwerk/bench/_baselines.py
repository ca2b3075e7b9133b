"""The baselines: what a user would otherwise run (networkx, pandas, igraph, R sna)."""

from __future__ import annotations

import shutil
import subprocess
from typing import Any

import numpy as np

from netzwerk.bench._common import _Unavailable
from netzwerk.bench._context import _Context, _incremental, _sample, _sampled

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
