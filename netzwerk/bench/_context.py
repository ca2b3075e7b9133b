"""A stage's timing context: peak memory, CPU time, cached inputs, sampled timing."""

from __future__ import annotations

import importlib
import math
import pickle
import resource
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from netzwerk.bench._common import _Unavailable

# ---------------------------------------------------------------------------------------------
# Worker: one stage (or one baseline) in one fresh process


def _maxrss_mb() -> float:
    """Peak resident set size of this process and its reaped children, in MB (Linux: KiB)."""
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / scale


def _cpu_seconds() -> float:
    """User + system CPU time of this process (all threads) and its reaped children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _function(module: str, name: str) -> Callable[..., Any]:
    try:
        mod = importlib.import_module(module)
    except ImportError as exc:
        raise _Unavailable(f"{module} nicht verfügbar ({exc})") from exc
    fn = getattr(mod, name, None)
    if not callable(fn):
        raise _Unavailable(f"{module}.{name} nicht verfügbar")
    return fn


class _Context:
    """Inputs of a stage, made on first use and cached as files in the size's work folder."""

    def __init__(self, job: dict[str, Any]) -> None:
        self.job = job
        self.size: int = job["size"]
        self.seed: int = job["seed"]
        self.budget: float = job["budget"]
        self.work = Path(job["work"])
        self.name = f"bench-{self.size}"
        self.folder = self.work / self.name
        self.rss_before: float | None = None
        self.seconds = 0.0
        self.cpu_seconds = 0.0

    # timing --------------------------------------------------------------------------------

    def time(self, fn: Callable[[], Any]) -> Any:
        """Call ``fn`` and add its wall time; the first call records the peak RSS before."""
        if self.rss_before is None:
            self.rss_before = _maxrss_mb()
        cpu = _cpu_seconds()
        start = time.perf_counter()
        value = fn()
        self.seconds += time.perf_counter() - start
        self.cpu_seconds += _cpu_seconds() - cpu
        return value

    # inputs --------------------------------------------------------------------------------

    def generate(self) -> Any:
        generate_city = _function("netzwerk.synth", "generate_city")
        return generate_city(n_actors=self.size, seed=self.seed, name=self.name)

    def ensure_folder(self) -> Path:
        if not (self.folder / "datapackage.json").is_file():
            write_city = _function("netzwerk.synth", "write_city")
            write_city(self.generate(), self.folder)
        return self.folder

    def _cached(self, file: str, build: Any) -> Any:
        """The pickled value in ``file`` under the work folder, built and saved on first use."""
        path = self.work / file
        if path.is_file():
            with path.open("rb") as fh:
                return pickle.load(fh)
        value = build()
        self.save(value, file)
        return value

    def city(self) -> Any:
        return self._cached(
            "city.pickle", lambda: _function("netzwerk.io", "load_city")(self.ensure_folder())
        )

    def graph(self) -> Any:
        return self._cached(
            "graph.pickle", lambda: _function("netzwerk.graph", "cooperation_graph")(self.city())
        )

    def save(self, value: Any, file: str) -> None:
        tmp = self.work / (file + ".tmp")
        with tmp.open("wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(self.work / file)


def _sampled(
    ctx: _Context, n: int, run: Callable[[int], Any], *, pilot: int, unit: str
) -> dict[str, Any]:
    """Time ``run(s)`` (work proportional to ``s`` of ``n`` units) within the budget.

    A pilot with ``pilot`` units estimates the full time; if it fits in the budget the full
    run is timed, otherwise the largest sample that fits in half the budget, extrapolated.
    """
    pilot = max(1, min(n, pilot))
    ctx.time(lambda: run(pilot))
    if pilot == n:
        return {"extrapolated": False}
    pilot_seconds, pilot_cpu = ctx.seconds, ctx.cpu_seconds
    estimate = pilot_seconds * n / pilot
    ctx.seconds = ctx.cpu_seconds = 0.0
    if estimate <= ctx.budget:
        ctx.time(lambda: run(n))
        return {"extrapolated": False}
    s = int(min(n, max(pilot, math.floor(pilot * 0.5 * ctx.budget / max(pilot_seconds, 1e-9)))))
    if s == pilot:
        ctx.seconds, ctx.cpu_seconds = pilot_seconds, pilot_cpu
    else:
        ctx.time(lambda: run(s))
    return _extrapolated(ctx, s, n, unit)


def _extrapolated(ctx: _Context, done: int, n: int, unit: str) -> dict[str, Any]:
    """Scale the time measured for ``done`` of ``n`` units linearly to all ``n``."""
    if done == n:
        return {"extrapolated": False}
    measured = ctx.seconds
    ctx.seconds *= n / done
    ctx.cpu_seconds *= n / done
    return {
        "extrapolated": True,
        "sample": [done, n],
        "note": f"extrapoliert: {_n(done)} von {_n(n)} {unit}, gemessen {measured:.1f} s",
    }


def _n(count: int) -> str:
    """A count with German thousands separators: 1.000.000."""
    return f"{count:,}".replace(",", ".")


def _incremental(
    ctx: _Context, items: Sequence[Any], run_one: Callable[[Any], Any], *, unit: str
) -> dict[str, Any]:
    """Time ``run_one`` on the items in random order until done or half the budget is spent.

    For measures computed node by node (networkx's structural holes): the time for all
    ``n`` items is extrapolated linearly from the ``s`` done, :math:`t \\cdot n / s`.
    """
    order = np.random.default_rng(ctx.seed).permutation(len(items))
    done = 0
    for i in order:
        ctx.time(lambda i=i: run_one(items[i]))
        done += 1
        if ctx.seconds >= ctx.budget / 2:
            break
    return _extrapolated(ctx, done, len(items), unit)


def _sample(n: int, s: int, seed: int) -> np.ndarray:
    return np.sort(np.random.default_rng(seed).choice(n, size=s, replace=False))


def _no_warnings(fn: Callable[[], Any]) -> Callable[[], Any]:
    def call() -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fn()

    return call
