"""Benchmarks that issue #4 names on a fixed graph, with pytest-benchmark.

In the normal test run (``--benchmark-disable`` in ``pyproject.toml``) each benchmarked call
runs once as an ordinary test and its result is checked. To time it, side by side with R's
``sna::brokerage`` where ``Rscript`` and the sna package are installed::

    python -m pytest tests/test_benchmarks.py --benchmark-enable

pytest-benchmark prints netzwerk's times; sna's time (measured inside R with
``system.time``, best of three) is printed beside them and stored in the benchmark's
``extra_info`` (``--benchmark-json``). Nothing here asserts a time.

The stage-by-stage benchmark on synthetic cities is ``netzwerk bench`` (see the README).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from netzwerk.brokers import BROKERAGE_ROLES, brokerage_roles

N_NODES, N_ARCS, N_GROUPS, SEED = 5_000, 50_000, 8, 2024

_SNA_TIMING = r"""
suppressPackageStartupMessages(library(sna))
args <- commandArgs(trailingOnly = TRUE)
arcs <- as.matrix(read.csv(args[1]))
groups <- read.csv(args[2])$group
el <- cbind(arcs + 1, 1)
attr(el, "n") <- length(groups)
best <- Inf
for (i in 1:3) best <- min(best, system.time(b <- brokerage(el, groups))[["elapsed"]])
write.csv(b$raw.nli, args[3], row.names = FALSE)
cat(sprintf("%.6f\n", best))
"""


@pytest.fixture(scope="module")
def issue_graph() -> tuple[nx.DiGraph, dict[int, int]]:
    """A seeded random directed graph: 5,000 nodes, 50,000 distinct arcs, 8 groups."""
    rng = np.random.default_rng(SEED)
    keys = np.empty(0, dtype=np.int64)
    while keys.size < N_ARCS:
        s, t = rng.integers(0, N_NODES, (2, 2 * N_ARCS))
        fresh = (s * N_NODES + t)[s != t]
        keys = np.concatenate([keys, fresh])
        _, first = np.unique(keys, return_index=True)
        keys = keys[np.sort(first)]  # distinct arcs in order of drawing
    keys = keys[:N_ARCS]
    G = nx.DiGraph()
    G.add_nodes_from(range(N_NODES))
    G.add_edges_from(zip((keys // N_NODES).tolist(), (keys % N_NODES).tolist(), strict=True))
    groups = rng.integers(0, N_GROUPS, N_NODES)
    return G, {node: int(g) for node, g in enumerate(groups)}


def _open_two_paths(G: nx.DiGraph) -> np.ndarray:
    """Per node v: ordered pairs a -> v -> c with a != c and no arc a -> c (plain Python)."""
    succ = {v: set(G.successors(v)) for v in G}
    total = np.zeros(G.number_of_nodes(), dtype=np.int64)
    for v in G:
        for a in G.predecessors(v):
            total[v] += sum(1 for c in succ[v] if c != a and c not in succ[a])
    return total


def _sna_seconds(G: nx.DiGraph, group: dict[int, int], work: Path) -> tuple[float, pd.DataFrame]:
    arcs = pd.DataFrame(list(G.edges()), columns=["source", "target"])
    arcs.to_csv(work / "arcs.csv", index=False)
    pd.DataFrame({"group": [group[v] for v in G]}).to_csv(work / "groups.csv", index=False)
    (work / "sna.R").write_text(_SNA_TIMING, encoding="utf-8")
    out = subprocess.run(
        ["Rscript", str(work / "sna.R"), str(work / "arcs.csv"), str(work / "groups.csv"),
         str(work / "raw.csv")],
        capture_output=True, text=True, check=True, timeout=600,
    )  # fmt: skip
    return float(out.stdout.split()[-1]), pd.read_csv(work / "raw.csv")


def _sna_available() -> bool:
    if shutil.which("Rscript") is None:
        return False
    probe = subprocess.run(
        ["Rscript", "-e", "quit(status = !requireNamespace('sna', quietly = TRUE))"],
        capture_output=True,
    )
    return probe.returncode == 0


def test_brokerage_roles_on_the_issue_graph(benchmark, issue_graph, tmp_path):
    G, group = issue_graph
    assert (G.number_of_nodes(), G.number_of_edges()) == (N_NODES, N_ARCS)
    roles = benchmark(brokerage_roles, G, group)
    # the total is every open two-path through a node, counted here independently
    np.testing.assert_array_equal(roles["total"].to_numpy(), _open_two_paths(G))
    parts = roles[list(BROKERAGE_ROLES[:-1])].sum(axis=1)
    np.testing.assert_array_equal(parts.to_numpy(), roles["total"].to_numpy())
    if benchmark.disabled or not _sna_available():
        return  # timing the baseline only when benchmarking, and only where R and sna are
    seconds, raw = _sna_seconds(G, group, tmp_path)
    benchmark.extra_info["sna_brokerage_seconds"] = seconds
    print(f"\nsna::brokerage (R, best of 3): {seconds:.3f} s")
    # the same raw counts as the reference implementation
    np.testing.assert_array_equal(raw.to_numpy(), roles[list(BROKERAGE_ROLES)].to_numpy())
