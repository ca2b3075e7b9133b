"""The report package's pieces outside the notebook: suppression of key figures, dates, network
structure, broker and gap summaries, the comparison heatmap and the notebook's sentences."""

from __future__ import annotations

import networkx as nx
import pandas as pd

import netzwerk
from netzwerk import report
from netzwerk.io import City

ACTORS = pd.DataFrame(
    {
        "actor_id": ["a", "b", "c"],
        "name": ["A", "B", "C"],
        "sector": ["verwaltung", "wohlfahrt", "mso"],
        "level": ["kommune"] * 3,
    }
)


def _referral_city(counts: list[int]) -> City:
    n = len(counts)
    referrals = pd.DataFrame(
        {
            "from_id": ["a"] * n,
            "to_id": ["b", "c"][:n],
            "field": ["arbeit"] * n,
            "period": ["2020"] * n,
            "count": [str(c) for c in counts],
        }
    )
    return City.from_frames(meta={"name": "x"}, actors=ACTORS, referrals=referrals)


def test_total_weight_follows_the_referral_suppression():
    # 3 referrals in all: below 5, the report hides the total (n_referrals_counted None), so
    # the summed tie weights (3.0) must not publish it either
    city = _referral_city([3])
    G = netzwerk.cooperation_graph(city)
    assert sum(w for *_, w in G.edges(data="weight")) == 3.0
    fig = report.key_figures(city, G)
    assert fig["data"]["n_referrals_counted"] is None
    assert fig["network"]["total_weight"] is None
    assert fig["network"]["n_ties"] == 1  # the other figures stay


def test_total_weight_shown_when_the_referral_total_is_shown():
    # 20 + 30 = 50 referrals: every cell and the total are at least 5, nothing is hidden
    city = _referral_city([20, 30])
    fig = report.key_figures(city, netzwerk.cooperation_graph(city))
    assert fig["data"]["n_referrals_counted"] == 50
    assert fig["network"]["total_weight"] == 50.0


def test_total_weight_of_an_events_only_graph_is_not_touched():
    # ties without referral weight: a hidden referral total says nothing about their sum
    city = _referral_city([3])
    G = nx.Graph()
    G.add_edge("a", "b", weight=0.5)
    fig = report.key_figures(city, G)
    assert fig["data"]["n_referrals_counted"] is None
    assert fig["network"]["total_weight"] == 0.5
