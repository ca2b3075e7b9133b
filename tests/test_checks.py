"""Tests for netzwerk._checks: the one graph check, missing value test and group coding.

Expected values are worked by hand from the definitions in the docstrings.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from netzwerk._checks import check_graph, group_codes, is_missing


def test_check_graph_accepts_and_returns_the_graph():
    G = nx.Graph([(1, 2)])
    assert check_graph(G) is G
    D = nx.DiGraph([(1, 2)])
    assert check_graph(D, directed=True) is D
    M = nx.MultiGraph([(1, 2), (1, 2)])
    assert check_graph(M) is M  # multigraphs pass unless refused


def test_check_graph_messages_name_the_argument_and_the_value():
    with pytest.raises(TypeError, match="^G must be a networkx graph, got dict$"):
        check_graph({})
    with pytest.raises(TypeError, match="^H must be a networkx Graph or DiGraph, got list$"):
        check_graph([], name="H", multigraph=False)
    with pytest.raises(TypeError, match="G is a MultiDiGraph; expected a simple Graph"):
        check_graph(nx.MultiDiGraph(), multigraph=False)
    with pytest.raises(ValueError, match="G must be directed, got a Graph"):
        check_graph(nx.Graph(), directed=True)
    with pytest.raises(ValueError, match="G must be undirected, got a DiGraph"):
        check_graph(nx.DiGraph(), directed=False)


@pytest.mark.parametrize("bad", [0, -1.5, math.nan, math.inf, "2", True])
def test_check_graph_weights(bad):
    G = nx.Graph()
    G.add_edge("a", "b", weight=2)
    G.add_edge("b", "c")  # no attribute: weighs 1, fine
    assert check_graph(G, weight="weight") is G
    G.add_edge("c", "d", weight=bad)
    with pytest.raises(ValueError, match=r"edge \('c', 'd'\) has weight="):
        check_graph(G, weight="weight")
    assert check_graph(G) is G  # weights are checked only when asked


def test_check_graph_covers_the_three_old_variants():
    # brokers and plot: any networkx graph, multigraphs included (plot returned G);
    # gaps: simple graphs only. Both messages contain "networkx", as the old ones did.
    M = nx.MultiGraph([(0, 1)])
    assert check_graph(M) is M
    with pytest.raises(TypeError, match="MultiGraph"):
        check_graph(M, multigraph=False)


def test_is_missing():
    assert [is_missing(v) for v in (None, pd.NA, pd.NaT, math.nan, np.float64("nan"))] == [True] * 5
    assert not any(is_missing(v) for v in ("", 0, 0.0, "nan", False, [None], np.int64(0)))


def test_group_codes_sorted_by_text_in_node_order():
    G = nx.Graph()
    G.add_nodes_from(
        [("x", {"sector": "wohlfahrt"}), ("y", {"sector": "mso"}), ("z", {"sector": "bildung"})]
    )
    G.add_node("w", sector="mso")
    codes, groups = group_codes(G, "sector")
    # sorted: bildung 0, mso 1, wohlfahrt 2; nodes in G's order x, y, z, w
    assert groups == ["bildung", "mso", "wohlfahrt"]
    assert codes.tolist() == [2, 1, 0, 1] and codes.dtype == np.int64
    # a mapping gives the same; numbers sort by their text (10 before 2), as gaps always did
    codes, groups = group_codes(G, {"x": 2, "y": 10, "z": 1, "w": 2})
    assert groups == [1, 10, 2] and codes.tolist() == [2, 1, 0, 2]
    # the order does not depend on the node order
    H = nx.Graph()
    H.add_nodes_from(reversed(list(G.nodes(data=True))))
    assert group_codes(H, "sector")[1] == ["bildung", "mso", "wohlfahrt"]


def test_group_codes_of_an_empty_graph():
    codes, groups = group_codes(nx.Graph(), "sector")
    assert codes.tolist() == [] and groups == []


def test_group_codes_refuses_missing_groups():
    G = nx.Graph()
    G.add_node(1, sector="mso")
    G.add_node(2)
    with pytest.raises(ValueError, match="node 2 has no attribute 'sector'"):
        group_codes(G, "sector")
    G.nodes[2]["sector"] = math.nan
    with pytest.raises(ValueError, match="node 2 has no attribute 'sector'"):
        group_codes(G, "sector")
    with pytest.raises(ValueError, match="no group for node 2"):
        group_codes(G, {1: "a"})
    with pytest.raises(TypeError, match="group must be a node attribute name or a mapping"):
        group_codes(G, 3)
