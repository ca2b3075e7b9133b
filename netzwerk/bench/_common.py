"""What every part of the benchmark shares: the stage table, labels, row columns."""

from __future__ import annotations

from dataclasses import dataclass


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
    "brokers": _Stage("broker_table() gesamt"),
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
