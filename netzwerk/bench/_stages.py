"""The netzwerk stages, one function each (the report stage is in ``_report``)."""

from __future__ import annotations

import shutil
from typing import Any

import numpy as np

from netzwerk.bench._context import _Context, _function, _n, _no_warnings

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
    brokers = _function("netzwerk.brokers", "broker_table")
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


def _stage_pipeline(ctx: _Context) -> dict[str, Any]:
    load_city = _function("netzwerk.io", "load_city")
    cooperation_graph = _function("netzwerk.graph", "cooperation_graph")
    referral_graph = _function("netzwerk.graph", "referral_graph")
    brokers = _function("netzwerk.brokers", "broker_table")
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
