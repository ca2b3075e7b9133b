"""Cooperation graphs from events and referrals (two-mode graph, projection, referral layer).

The graphs every measure and report reads are built here, and the choices that shape them are
explicit parameters stored in ``G.graph``:

* :func:`two_mode_graph` — actors and events as a bipartite graph (edge attribute ``role``).
* :func:`cooperation_graph` — the undirected, weighted one-mode projection of the event layer
  (role- and size-aware), plus the referral layer, optionally per period, with departments
  collapsed into their organisation and aggregate actors kept or removed.
* :func:`referral_graph` — the directed referral graph with per-field counts.
* :func:`tie_evidence` — the rows of the data behind one tie ("why are these two connected?").
* :func:`compare_graphs` — ties gained, lost and kept between two graphs, per pair of sectors.
* :func:`period_bounds` — the period rule shared by all of them.

Construction is vectorised: the event layer is the sparse product
:math:`B\\,W\\,B^\\top` of an actors × events incidence matrix of role weights, and the
per-tie event lists come from a numpy pair–event table; no Python loop runs over pairs of actors.

Where each part lives: ``_periods`` (the period rule, event statuses), ``_nodes`` (actors,
departments, node attributes), ``_events`` (role weights and the event-layer matrices),
``_cooperation`` (:func:`cooperation_graph`, :func:`two_mode_graph`), ``_referral``
(:func:`referral_graph`), ``_evidence`` (:func:`tie_evidence`, :func:`compare_graphs`) and
``_fast`` (:func:`~netzwerk.graph._fast.fill_edges_fast`, the one place that writes into
networkx's internal dicts).
"""

from __future__ import annotations

from netzwerk.graph._cooperation import LAYERS, WEIGHTINGS, cooperation_graph, two_mode_graph
from netzwerk.graph._events import default_role_weights
from netzwerk.graph._evidence import compare_graphs, tie_evidence
from netzwerk.graph._fast import fill_edges_fast, gc_paused
from netzwerk.graph._nodes import _actors as _actors
from netzwerk.graph._nodes import _node_attributes as _node_attributes
from netzwerk.graph._periods import DEFAULT_STATUSES, EVENT_STATUSES, period_bounds
from netzwerk.graph._periods import _event_status as _event_status
from netzwerk.graph._periods import _in_period as _in_period
from netzwerk.graph._referral import referral_graph

__all__ = [
    "DEFAULT_STATUSES",
    "EVENT_STATUSES",
    "LAYERS",
    "WEIGHTINGS",
    "compare_graphs",
    "cooperation_graph",
    "default_role_weights",
    "period_bounds",
    "referral_graph",
    "tie_evidence",
    "two_mode_graph",
]

# Kept importable for other modules (report: _event_status, _in_period; survey: _actors,
# _node_attributes) and the fast fill's old private names (to be removed after the merge).
_fill_edges = fill_edges_fast
_gc_paused = gc_paused
