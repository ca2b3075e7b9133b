"""The fast core of the broker jackknife (netzwerk/gaps/_jackknife.py) against the slow path.

The slow path is what broker_stability did per resample: rebuild the cooperation graph of the
city without one event, betweenness, and the ``total`` column of the full Gould-Fernandez
role table. The fast core must give the same numbers, bit for bit.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from netzwerk.brokers import betweenness, brokerage_roles
from netzwerk.gaps._jackknife import jackknife_measures, total_brokerage
from netzwerk.gaps._stability import _resampled_city
from netzwerk.graph import cooperation_graph
from netzwerk.io import load_city

DATA = Path(__file__).parents[1] / "data"
FIXTURE = Path(__file__).parent / "fixtures" / "gaps"


def test_total_brokerage_by_hand():
    # a star with centre c and leaves x, y, z plus the tie x - y: c brokers the ordered pairs
    # (x,z), (z,x), (y,z), (z,y) = 3*2 - 2*1 = 4; x and y broker nothing (their other
    # neighbours are tied to each other or absent)
    G = nx.Graph([("c", "x"), ("c", "y"), ("c", "z"), ("x", "y")])
    assert total_brokerage(G).tolist() == [4.0, 0.0, 0.0, 0.0]
    # directed path a -> b -> c, plus the reciprocal c -> b: b brokers (a, c) only
    D = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "b")])
    assert total_brokerage(D).tolist() == [0.0, 1.0, 0.0]


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_total_brokerage_equals_role_table(directed, seed):
    G = nx.gnp_random_graph(40, 0.15, seed=seed, directed=directed)
    rng = np.random.default_rng(seed)
    nx.set_node_attributes(G, {v: "abc"[rng.integers(3)] for v in G}, "sector")
    expected = brokerage_roles(G, "sector")["total"].to_numpy(dtype=float)
    np.testing.assert_array_equal(total_brokerage(G), expected)


def slow_path(city, left_out, nodes, options, alpha):
    """What broker_stability computed per resample before the fast core (its measures())."""
    event_ids = city.events["event_id"].astype(str).to_numpy()
    between, total = [], []
    for event in left_out:
        H = cooperation_graph(_resampled_city(city, event_ids[event_ids != event]), **options)
        bw = betweenness(H, weight="weight", alpha=alpha)
        tot = brokerage_roles(H, "sector")["total"]
        bw = bw.where(tot.reindex(bw.index).fillna(0) > 0, 0.0)
        between.append(bw.reindex(nodes).fillna(0.0).to_numpy())
        total.append(tot.astype(float).reindex(nodes).fillna(0.0))
    return np.array(between), np.array(total)


@pytest.mark.parametrize(
    ("folder", "options"),
    [
        (FIXTURE, {}),
        (DATA / "beispielstadt", {}),
        (DATA / "beispielstadt", {"weighting": "count"}),
        (DATA / "kreis-offenbach", {"weighting": "jaccard"}),
    ],
)
def test_jackknife_measures_equal_rebuilding_the_graph(folder, options):
    city = load_city(folder)
    nodes = list(cooperation_graph(city, **options))
    left_out = city.events["event_id"].astype(str).tolist()[:12]
    alpha = 0.5  # the default of broker_stability (DEFAULT_ALPHA)
    slow_b, slow_t = slow_path(city, left_out, nodes, options, alpha)
    for n_jobs in (1, 2):
        fast_b, fast_t = jackknife_measures(
            city,
            left_out,
            nodes=nodes,
            build=cooperation_graph,
            graph_options=options,
            alpha=alpha,
            n_jobs=n_jobs,
        )
        np.testing.assert_array_equal(fast_b, slow_b)
        np.testing.assert_array_equal(fast_t, slow_t)


# --- the report's shortcuts: the full network's broker table, other executors ----------------


def _frames_equal(a, b) -> None:
    import pandas as pd

    pd.testing.assert_frame_equal(a, b)
    assert a.attrs.keys() == b.attrs.keys()
    for key in a.attrs:
        assert repr(a.attrs[key]) == repr(b.attrs[key]), key  # NaN taus compare as text


@pytest.mark.parametrize(
    ("folder", "options"),
    [(FIXTURE, {}), (DATA / "beispielstadt", {}), (DATA / "beispielstadt", {"weighting": "count"})],
)
def test_checks_with_the_broker_table_equal_computing_it(folder, options):
    from concurrent.futures import ThreadPoolExecutor

    from netzwerk.brokers import broker_table
    from netzwerk.gaps import broker_robustness, broker_stability

    city = load_city(folder)
    table = broker_table(cooperation_graph(city, **options))
    kwargs = {"build": cooperation_graph, "n_resamples": 12, "top": 5, "graph_options": options}
    plain = broker_stability(city, **kwargs)
    with ThreadPoolExecutor(max_workers=3) as pool:  # any executor: results in submit order
        _frames_equal(broker_stability(city, measures=table, **kwargs), plain)
        _frames_equal(broker_stability(city, executor=pool, **kwargs), plain)
        weighting = {"weighting": options.get("weighting", "newman")}
        plain = broker_robustness(city, build=cooperation_graph, top=5, **weighting)
        for extra in ({"measures": table}, {"n_jobs": 2}, {"executor": pool, "measures": table}):
            _frames_equal(broker_robustness(city, build=cooperation_graph, top=5, **weighting, **extra), plain)  # fmt: skip


def test_checks_refuse_a_broker_table_of_another_graph_or_alpha():
    from netzwerk.brokers import broker_table
    from netzwerk.gaps import broker_robustness, broker_stability

    city = load_city(FIXTURE)
    G = cooperation_graph(city)
    with pytest.raises(ValueError, match="alpha=1.0, but broker_stability ranks with alpha=0.5"):
        broker_stability(city, build=cooperation_graph, measures=broker_table(G, alpha=1.0))
    fewer = broker_table(G.subgraph(list(G)[:-1]).copy())
    with pytest.raises(ValueError, match="one row per actor"):
        broker_robustness(city, build=cooperation_graph, measures=fewer)
    with pytest.raises(ValueError, match=r"lacks the column\(s\) \['mediates', 'total'\]"):
        broker_stability(city, build=cooperation_graph, measures=broker_table(G)[["betweenness"]])
    with pytest.raises(TypeError, match="broker table"):
        broker_robustness(city, build=cooperation_graph, measures={"betweenness": 1})
