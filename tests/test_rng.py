"""netzwerk._rng: seeded generators, and igraph's global generator given back as it was (#16)."""

from __future__ import annotations

import random

import igraph as ig
import networkx as nx
import numpy as np
import pytest

from netzwerk import plot
from netzwerk._rng import igraph_seeded, rng


def _draws_from(generator: random.Random) -> bool:
    """Whether igraph draws from ``generator``: reseeding it must repeat igraph's draws."""
    generator.seed(7)
    first = ig.Graph.Ring(4).layout_random().coords
    generator.seed(7)
    second = ig.Graph.Ring(4).layout_random().coords
    return first == second


def test_rng_is_numpys_seeded_default_generator():
    assert rng(5).integers(0, 1000, size=4).tolist() == (
        np.random.default_rng(5).integers(0, 1000, size=4).tolist()
    )
    assert rng().random() == np.random.default_rng(0).random()
    for bad in (None, 1.5, True, np.random.default_rng(0)):
        with pytest.raises(TypeError, match="seed must be an integer"):
            rng(bad)


def test_a_custom_igraph_generator_set_before_is_restored():
    custom = random.Random(123)
    ig.set_random_number_generator(custom)
    try:
        assert _draws_from(custom)
        plot.network_layout(nx.karate_club_graph(), seed=2)
        assert _draws_from(custom)  # before #16: igraph drew from the random module here
        with pytest.raises(RuntimeError), igraph_seeded(1):
            raise RuntimeError("the block fails")
        assert _draws_from(custom)
    finally:
        ig.set_random_number_generator(random)
    assert not _draws_from(custom)


def test_within_the_block_igraph_draws_from_the_lent_generator():
    with igraph_seeded(4) as lent:
        assert _draws_from(lent)
    with igraph_seeded(4):
        a = ig.Graph.Ring(6).layout_random().coords
    with igraph_seeded(4):
        b = ig.Graph.Ring(6).layout_random().coords
    assert a == b


def _old_layout(G: nx.Graph, seed: int) -> dict:
    """The layout as plot.py computed it before #16 (igraph with random.Random(seed) lent)."""
    nodes = list(G.nodes)
    index = {node: i for i, node in enumerate(nodes)}
    edges = [(index[u], index[v]) for u, v in G.edges() if u != v]
    weights = [float(d.get("weight", 1.0)) for u, v, d in G.edges(data=True) if u != v]
    g = ig.Graph(n=len(nodes), edges=edges, directed=False)
    start = np.random.default_rng(seed).uniform(-1.0, 1.0, size=(len(nodes), 2)).tolist()
    ig.set_random_number_generator(random.Random(seed))
    try:
        coords = np.asarray(
            g.layout_fruchterman_reingold(weights=weights, seed=start, niter=500).coords, float
        )
    finally:
        ig.set_random_number_generator(random)
    coords -= coords.mean(axis=0)
    coords /= np.abs(coords).max()
    return {node: coords[i] for i, node in enumerate(nodes)}


@pytest.mark.parametrize("seed", [0, 3])
def test_layouts_stay_bit_identical(seed):
    G = nx.les_miserables_graph()
    new = plot.network_layout(G, seed=seed)
    old = _old_layout(G, seed)
    assert list(new) == list(old)
    assert all(np.array_equal(new[n], old[n]) for n in G)
    # and the generator set before does not leak into the layout
    ig.set_random_number_generator(random.Random(99))
    try:
        again = plot.network_layout(G, seed=seed)
    finally:
        ig.set_random_number_generator(random)
    assert all(np.array_equal(again[n], old[n]) for n in G)


def test_a_large_layout_uses_the_grid_from_spread_start_positions():
    # above 1,000 nodes: 250 grid iterations from starts spread over ±sqrt(n), igraph's own
    # scale (from [-1, 1] every node fell into one grid cell: 10,000 nodes took two minutes)
    G = nx.random_regular_graph(4, 1200, seed=1)
    pos = plot.network_layout(G, seed=5)
    nodes = list(G)
    index = {node: i for i, node in enumerate(nodes)}
    g = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in G.edges()])
    start = np.random.default_rng(5).uniform(-1.0, 1.0, size=(len(nodes), 2)) * np.sqrt(1200)
    ig.set_random_number_generator(random.Random(5))
    try:
        coords = np.asarray(
            g.layout_fruchterman_reingold(
                weights=[1.0] * G.number_of_edges(), seed=start.tolist(), niter=250, grid=True
            ).coords,
            float,
        )
    finally:
        ig.set_random_number_generator(random)
    coords -= coords.mean(axis=0)
    coords /= np.abs(coords).max()
    assert all(np.array_equal(pos[n], coords[index[n]]) for n in G)
    assert plot.network_layout(G, seed=5).keys() == pos.keys()
    assert np.std([p[0] for p in pos.values()]) > 0.1  # spread out, not collapsed
