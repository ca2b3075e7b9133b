"""The report's robustness checks of the broker ranking, started early and computed in the background.

The two checks (:func:`netzwerk.gaps.broker_stability`, the jackknife over events, and
:func:`netzwerk.gaps.broker_robustness`, other weightings) recompute betweenness many times:
most of a large city's report time. They need only the city and the broker table, so the
report starts them right after the broker table (:func:`start_broker_checks`) and collects
them in their own sections (:meth:`BrokerChecks.stability`, :meth:`BrokerChecks.robustness`).
Meanwhile the notebook draws its figures and map on one processor core while the checks use
the other (betweenness runs outside Python's interpreter lock).

The numbers do not depend on this: each betweenness runs in one thread, in the same order of
additions, whether in the background or not (``background=False`` computes at once; the tests
compare both).
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from netzwerk.io import City

__all__ = ["BrokerChecks", "start_broker_checks"]


class _Threads(Executor):
    """Threads for the checks' resamples: one always, the others only while the report waits.

    While the notebook draws figures it needs one processor core; one thread computes the
    resamples on another. Once the notebook waits for a check (:meth:`open`), every core
    computes. Tasks run in the order submitted; ``map`` returns results in that order.
    """

    def __init__(self, workers: int) -> None:
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._gate = threading.Event()
        for i in range(max(workers, 1)):
            threading.Thread(
                target=self._work, args=(i > 0,), name=f"netzwerk-checks-{i}", daemon=True
            ).start()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        self._queue.put((future, fn, args, kwargs))
        return future

    def open(self) -> None:
        """Let every thread compute (the report is waiting)."""
        self._gate.set()

    def close(self) -> None:
        """Back to one computing thread (a new report is drawing)."""
        self._gate.clear()

    def _work(self, gated: bool) -> None:
        while True:
            if gated:
                self._gate.wait()
            future, fn, args, kwargs = self._queue.get()
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn(*args, **kwargs))
            except BaseException as exc:  # handed to whoever waits for the result
                future.set_exception(exc)


#: Per process: the thread that runs the checks one after the other, and their resamples' threads.
_RUNNER: ThreadPoolExecutor | None = None
_THREADS: _Threads | None = None


def _pools() -> tuple[ThreadPoolExecutor, _Threads]:
    global _RUNNER, _THREADS
    if _RUNNER is None or _THREADS is None:
        _RUNNER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="netzwerk-checks")
        _THREADS = _Threads(os.cpu_count() or 1)
    return _RUNNER, _THREADS


class BrokerChecks:
    """The pending results of :func:`start_broker_checks`.

    :meth:`stability` and :meth:`robustness` wait for their check and return its table (or
    None where the report has nothing to check); an error in a check is raised there.
    """

    def __init__(
        self,
        stability: Future[Any] | None,
        robustness: Future[Any] | None,
        threads: _Threads | None = None,
    ) -> None:
        self._stability = stability
        self._robustness = robustness
        self._threads = threads

    def _wait(self, future: Future[Any] | None) -> Any:
        if future is None:
            return None
        if self._threads is not None:
            self._threads.open()  # the report waits: every core computes
        return future.result()

    def stability(self) -> pd.DataFrame | None:
        """The table of :func:`netzwerk.gaps.broker_stability`, or None (no ties or no events)."""
        return self._wait(self._stability)

    def robustness(self) -> pd.DataFrame | None:
        """The table of :func:`netzwerk.gaps.broker_robustness`, or None (no ties)."""
        return self._wait(self._robustness)


def _done(value: Any) -> Future[Any]:
    future: Future[Any] = Future()
    future.set_result(value)
    return future


def start_broker_checks(
    city: City,
    broker_table: pd.DataFrame | None,
    *,
    weighting: str = "newman",
    period: Any = None,
    n_resamples: int = 20,
    seed: int = 0,
    top: int = 10,
    background: bool = True,
) -> BrokerChecks:
    """Start the report's two robustness checks of the broker ranking.

    * the jackknife over events: :func:`netzwerk.gaps.broker_stability` with
      ``method="jackknife"``, ``n_resamples`` events left out one at a time, the graph built
      by :func:`netzwerk.cooperation_graph` with ``weighting`` and ``period``;
    * other weightings: :func:`netzwerk.gaps.broker_robustness` (``weighting`` and one other
      event weighting, the default and equal role weights).

    Both take the full network's values from ``broker_table`` instead of computing them again.
    In the background their resamples run in one thread while the notebook goes on, and in one
    thread per processor core once it waits for a result (:meth:`BrokerChecks.stability`).

    Parameters
    ----------
    city : netzwerk.City
        The city of the report.
    broker_table : pandas.DataFrame or None
        :func:`netzwerk.broker_table` of the report's network (``group="sector"``, the default
        ``alpha``); None when the network has no ties (then there is nothing to check).
    weighting, period
        The report's event weighting and period (:func:`netzwerk.cooperation_graph`).
    n_resamples : int, default 20
        Events left out (every event once when there are at most this many).
    seed : int, default 0
        Seed of the draw of left-out events.
    top : int, default 10
        Length of the top lists compared.
    background : bool, default True
        Compute in a background thread and return at once; False: compute before returning.

    Returns
    -------
    BrokerChecks
        ``.stability()`` (None without ties or without events) and ``.robustness()`` (None
        without ties) wait for the results.

    See Also
    --------
    netzwerk.gaps.broker_stability, netzwerk.gaps.broker_robustness : The checks.

    Examples
    --------
    >>> import netzwerk
    >>> city = netzwerk.load_city(netzwerk.config.DATA_DIR / "beispielstadt")
    >>> table = netzwerk.broker_table(netzwerk.cooperation_graph(city))
    >>> checks = start_broker_checks(city, table, n_resamples=3)  # returns at once
    >>> checks.stability().attrs["n_resamples"], len(checks.robustness())
    (3, 4)
    >>> now = start_broker_checks(city, table, n_resamples=3, background=False)
    >>> now.stability().equals(checks.stability()), now.robustness().equals(checks.robustness())
    (True, True)
    """
    import netzwerk

    if broker_table is None:
        return BrokerChecks(None, None)
    runner, threads = _pools() if background else (None, None)
    if threads is not None:
        threads.close()  # one thread while the figures are drawn

    def stability() -> pd.DataFrame | None:
        if city.events.empty:
            return None
        return netzwerk.broker_stability(
            city,
            build=netzwerk.cooperation_graph,
            n_resamples=n_resamples,
            method="jackknife",
            seed=seed,
            top=top,
            graph_options={"weighting": weighting, "period": period},
            measures=broker_table,
            n_jobs=-1,
            executor=threads,
        )

    def robustness() -> pd.DataFrame:
        return netzwerk.broker_robustness(
            city,
            build=netzwerk.cooperation_graph,
            weighting=weighting,
            period=period,
            top=top,
            measures=broker_table,
            n_jobs=-1,
            executor=threads,
        )

    if runner is None:
        return BrokerChecks(_done(stability()), _done(robustness()))
    return BrokerChecks(runner.submit(stability), runner.submit(robustness), threads)
