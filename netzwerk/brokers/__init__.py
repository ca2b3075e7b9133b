"""Broker measures: Gould–Fernandez brokerage roles, structural holes, betweenness, cut points.

Who holds a cooperation network together, and who does everything depend on? Every function
takes a networkx graph (as :func:`netzwerk.graph.cooperation_graph` or
:func:`netzwerk.graph.referral_graph` make them, or any other), never changes it, and returns a
tidy table indexed by ``actor_id`` (the node key). The heavy lifting is done with
:mod:`scipy.sparse`, python-igraph and networkit; the results equal the reference
implementations (R's ``sna::brokerage`` for the brokerage roles, networkx for structural holes
and betweenness), which the tests check.

Conventions shared by all functions:

- Self-loops are ignored: an actor is not its own contact.
- Parallel edges of a multigraph are merged (weights summed, except for betweenness, where the
  shortest of them counts).
- Edge weights, where used, must be positive numbers; an edge without the attribute weighs 1.

The modules: ``_roles`` (Gould–Fernandez), ``_holes`` (Burt), ``_paths`` (betweenness),
``_cuts`` (cut points, bridges), ``_communities`` (Leiden, participation), ``_events`` (event
brokerage), ``_table`` (the all-in-one :func:`broker_table`, ranks), ``_common`` (arcs as arrays).
"""

from __future__ import annotations

import warnings
from typing import Any

import pandas as pd

from netzwerk.brokers._communities import communities, participation_coefficient
from netzwerk.brokers._cuts import bridges, cut_points
from netzwerk.brokers._events import event_brokerage
from netzwerk.brokers._holes import structural_holes
from netzwerk.brokers._paths import DEFAULT_ALPHA, betweenness
from netzwerk.brokers._roles import (
    BROKERAGE_ROLES,
    brokerage_exists,
    brokerage_roles,
    brokerage_totals,
)
from netzwerk.brokers._table import (
    broker_table,
    first_ranked,
    leading_brokers,
    mediating,
    shared_ranks,
)

__all__ = [
    "BROKERAGE_ROLES",
    "DEFAULT_ALPHA",
    "betweenness",
    "bridges",
    "broker_table",
    "brokerage_exists",
    "brokerage_roles",
    "brokerage_totals",
    "communities",
    "cut_points",
    "event_brokerage",
    "first_ranked",
    "leading_brokers",
    "mediating",
    "participation_coefficient",
    "shared_ranks",
    "structural_holes",
]


def brokers(*args: Any, **kwargs: Any) -> pd.DataFrame:
    """Deprecated name of :func:`broker_table` (all broker measures in one table).

    Parameters
    ----------
    *args, **kwargs
        Passed on to :func:`broker_table` unchanged.

    Returns
    -------
    pandas.DataFrame
        :func:`broker_table`'s result.

    See Also
    --------
    broker_table : the new name; ``brokers`` is removed in the next release, so that
        ``netzwerk.brokers`` is only the module.
    """
    warnings.warn(
        "netzwerk.brokers.brokers() is deprecated; use netzwerk.brokers.broker_table()",
        DeprecationWarning,
        stacklevel=1,  # attributed here: not shown in the report notebooks until they move
    )
    return broker_table(*args, **kwargs)
