"""Whole-network structure figures: size, density, components, degree centralisation."""

from __future__ import annotations

import math
from typing import Any

import networkx as nx


def _degree_centralization(G: nx.Graph) -> float:
    r"""Freeman's degree centralisation, :math:`\sum_i (d_{max} - d_i) / ((n-1)(n-2))` (NaN below 3 nodes)."""
    n = G.number_of_nodes()
    if n < 3:
        return math.nan
    H = nx.Graph(G) if G.is_directed() else G
    degrees = [d for _, d in H.degree()]
    top = max(degrees)
    return sum(top - d for d in degrees) / ((n - 1) * (n - 2))


def _network_figures(G: nx.Graph) -> dict[str, Any]:
    """Size, isolates, density, mean degree, components, centralisation and summed tie weight.

    Directed graphs are read as undirected, self-loops dropped; a tie without ``weight``
    counts 1. Values an empty or one-node graph cannot have are NaN.
    """
    H = nx.Graph(G.to_undirected() if G.is_directed() else G)
    H.remove_edges_from(list(nx.selfloop_edges(H)))
    n, m = H.number_of_nodes(), H.number_of_edges()
    components = sorted((len(c) for c in nx.connected_components(H)), reverse=True)
    return {
        "n_nodes": n,
        "n_ties": m,
        "n_isolates": sum(1 for _, d in H.degree() if d == 0),
        "density": 2 * m / (n * (n - 1)) if n > 1 else math.nan,
        "mean_degree": 2 * m / n if n else math.nan,
        "n_components": len(components),
        "largest_component": components[0] if components else 0,
        "degree_centralization": _degree_centralization(H),
        "total_weight": float(sum(w for *_, w in H.edges(data="weight", default=1.0))),
    }
