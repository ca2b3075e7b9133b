"""The fast core of the broker-ranking jackknife: only what the robustness table reports.

:func:`netzwerk.gaps.broker_stability` ranks the actors again for every resampled event list,
by betweenness (tie length :math:`1/w`) and by total Gould–Fernandez brokerage. The slow path
builds the cooperation graph of the resampled city and runs the full
:func:`netzwerk.brokers.brokerage_roles` (five roles, expected values and z-scores) only to read
its ``total`` column. Here, per resample:

* the graph of the city without the left-out event is built by the caller's builder (the
  report passes :func:`netzwerk.graph.cooperation_graph`: the weighting rules exist once, in
  ``graph.py``; at 1,000 actors this is about 5 % of a resample's time), and its ties are read
  once as index arrays;
* betweenness comes from :func:`netzwerk.brokers.betweenness`, one thread per resample, and
  ``n_jobs`` resamples run at once in threads (networkit and igraph compute without holding
  the interpreter lock). One thread per betweenness keeps its sums in one order: networkit's
  multi-threaded betweenness adds the threads' shares in varying order, which moves values in
  the last bits and could split actors that tie exactly;
* total brokerage needs no roles: in an undirected graph, node :math:`j` brokers every ordered
  pair of distinct neighbours that are not tied themselves,

  .. math::

      \\mathrm{total}_j = d_j (d_j - 1) - 2 t_j,

  with :math:`d_j` the degree and :math:`t_j` the ties among :math:`j`'s neighbours
  (triangles at :math:`j`: :math:`t = \\tfrac12 \\operatorname{diag}(A^3)`, one sparse product
  :math:`A \\odot A^2`). A directed graph uses
  :math:`\\mathrm{total}_j = d^-_j d^+_j - (A^2)_{jj} - \\sum_i A_{ij} (A A^\\top)_{ij}`
  (two-paths :math:`i \\to j \\to k`, minus :math:`i = k`, minus those with an arc
  :math:`i \\to k`). Both are whole numbers, equal to ``brokerage_roles(G, group)["total"]``.

The results are the same numbers as the slow path (the tests check both against each other).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

if TYPE_CHECKING:
    from netzwerk.io import City

__all__: list[str] = []


def total_brokerage(G: nx.Graph) -> np.ndarray:
    """Total Gould–Fernandez brokerage per node (graph order), without the five roles.

    Examples
    --------
    A path a – b – c: ``b`` brokers (a, c) and (c, a).

    >>> total_brokerage(nx.path_graph("abc")).tolist()
    [0.0, 2.0, 0.0]
    >>> total_brokerage(nx.complete_graph(4)).tolist()  # everyone is tied: nothing to broker
    [0.0, 0.0, 0.0, 0.0]
    """
    n = G.number_of_nodes()
    if n == 0:
        return np.zeros(0)
    position = {node: i for i, node in enumerate(G)}
    pairs = [(position[a], position[b]) for a, b in G.edges() if a != b]
    s = np.fromiter((p[0] for p in pairs), np.int64, len(pairs))
    t = np.fromiter((p[1] for p in pairs), np.int64, len(pairs))
    if G.is_directed():
        A = sp.csr_array((np.ones(len(s)), (s, t)), shape=(n, n))
        A.sum_duplicates()
        A.data[:] = 1.0
        outdeg = np.asarray(A.sum(axis=1)).ravel()
        indeg = np.asarray(A.sum(axis=0)).ravel()
        reciprocal = np.asarray((A @ A).diagonal()).ravel()
        closed = np.asarray(A.multiply(A @ A.T).sum(axis=0)).ravel()
        return indeg * outdeg - reciprocal - closed
    both_s, both_t = np.concatenate([s, t]), np.concatenate([t, s])
    A = sp.csr_array((np.ones(len(both_s)), (both_s, both_t)), shape=(n, n))
    A.sum_duplicates()
    A.data[:] = 1.0
    degree = np.asarray(A.sum(axis=1)).ravel()
    triangles = np.asarray(A.multiply(A @ A).sum(axis=1)).ravel() / 2
    return degree * (degree - 1) - 2 * triangles


def _without(city: City, left_out: str) -> City:
    """The city without one event (and its participation rows); referrals are kept."""
    import dataclasses

    keep_e = city.events["event_id"].astype(str) != left_out
    keep_p = city.participation["event_id"].astype(str) != left_out
    return dataclasses.replace(
        city, events=city.events.loc[keep_e], participation=city.participation.loc[keep_p]
    )


def jackknife_measures(
    city: City,
    left_out: Sequence[str],
    *,
    nodes: Sequence[Any],
    build: Callable[..., nx.Graph],
    graph_options: dict[str, Any] | None = None,
    alpha: float = 1.0,
    n_jobs: int | None = None,
    executor: Executor | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Betweenness and total brokerage of ``nodes`` with each event of ``left_out`` removed.

    Parameters
    ----------
    city : City
        The city.
    left_out : sequence of str
        One event id per resample.
    nodes : sequence
        The node order of the result (the full graph's nodes); a node missing from a resampled
        graph gets 0.
    build : callable
        The graph builder, ``build(city, **graph_options)`` (e.g.
        :func:`netzwerk.graph.cooperation_graph`).
    graph_options : dict, optional
        Keyword arguments of ``build``.
    alpha : float, default 1
        Tuning parameter of the betweenness (:func:`netzwerk.brokers.betweenness`).
    n_jobs : int, optional
        Resamples computed at once (threads; -1: one per core). None or 1: one at a time.
    executor : concurrent.futures.Executor, optional
        Runs the resamples instead (``executor.map``), e.g. the report's background threads
        (:func:`netzwerk.report.start_broker_checks`); ``n_jobs`` is then not used.

    Returns
    -------
    betweenness, brokerage : numpy.ndarray
        Shape ``(len(left_out), len(nodes))``. As in :func:`netzwerk.gaps.broker_stability`,
        an actor without an open two-path (total brokerage 0) stands between no one and gets
        betweenness 0.
    """
    from concurrent.futures import ThreadPoolExecutor

    from netzwerk.brokers import betweenness
    from netzwerk.brokers._paths import _jobs

    options = dict(graph_options or {})
    index = pd.Index(list(nodes))
    between = np.zeros((len(left_out), len(index)))
    brokerage = np.zeros((len(left_out), len(index)))

    def one(r: int) -> None:
        H = build(_without(city, str(left_out[r])), **options)
        if not H.number_of_nodes():
            return
        where = index.get_indexer(list(H))
        known = where >= 0
        bw = betweenness(H, weight="weight", alpha=alpha, n_jobs=1).to_numpy(dtype=float)
        total = total_brokerage(H)
        bw = np.where(total > 0, bw, 0.0)
        between[r, where[known]] = bw[known]
        brokerage[r, where[known]] = total[known]

    jobs = min(_jobs(n_jobs), max(len(left_out), 1))
    if executor is not None:
        list(executor.map(one, range(len(left_out))))
    elif jobs == 1:
        for r in range(len(left_out)):
            one(r)
    else:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            list(pool.map(one, range(len(left_out))))
    return between, brokerage
