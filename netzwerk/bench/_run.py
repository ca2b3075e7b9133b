"""Running a benchmark: option checks, every size and stage, progress, result rows."""

from __future__ import annotations

import math
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from netzwerk.bench._common import (
    _BASELINE_LABELS,
    _COLUMNS,
    _STATUS_DE,
    MAP_MAX_EDGES,
    REPORT_SIZE,
    STAGES,
)
from netzwerk.bench._machine import machine_info
from netzwerk.bench._process import _run_job
from netzwerk.bench._report import report_pipeline_ratio


def _format_seconds(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if value >= 100:
        return f"{value:.0f} s"
    if value >= 10:
        return f"{value:.1f} s"
    return f"{value:.2f} s"


def _format_mb(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:,.0f} MB".replace(",", ".")


def _progress_line(size: int, stage: str, variant: str, result: dict[str, Any]) -> str:
    name = stage if variant == stage else f"{stage} · {_BASELINE_LABELS[variant]}"
    status = result["status"]
    if status == "ok" or status == "timeout" and result.get("seconds"):
        text = f"{_format_seconds(result['seconds']):>9}  {_format_mb(result.get('peak_mb')):>9}"
        if status == "timeout":
            text = "≥" + text.lstrip()
    else:
        text = _STATUS_DE.get(status, status)
    note = f"  ({result['note']})" if result.get("note") else ""
    return f"[{size:>6}] {name:<58} {text}{note}"


def _parse_list(text: str, name: str, cast: Callable[[str], Any]) -> list[Any]:
    items = [t.strip() for t in str(text).split(",") if t.strip()]
    if not items:
        raise ValueError(f"{name} must be a comma-separated list, got {text!r}")
    try:
        return [cast(t) for t in items]
    except ValueError:
        raise ValueError(f"{name} must be a comma-separated list, got {text!r}") from None


def _check_options(
    sizes: Iterable[int], stages: Iterable[str] | None, baseline_budget: float
) -> tuple[list[int], list[str]]:
    size_list = list(sizes)
    if not size_list:
        raise ValueError("sizes must hold at least one number of actors, got none")
    for size in size_list:
        if isinstance(size, bool) or not isinstance(size, int | np.integer):
            raise TypeError(f"sizes must be integers, got {size!r}")
        if size < 80:
            raise ValueError(
                f"sizes must be at least 80 actors (the generator's minimum), got {size}"
            )
    stage_list = list(STAGES) if stages is None else list(stages)
    unknown = [s for s in stage_list if s not in STAGES]
    if unknown:
        raise ValueError(f"stages: unknown {unknown!r}; expected some of {list(STAGES)}")
    if not isinstance(baseline_budget, int | float) or not baseline_budget > 0:
        raise ValueError(
            f"baseline_budget must be a positive number of seconds, got {baseline_budget!r}"
        )
    return [int(s) for s in size_list], [s for s in STAGES if s in stage_list]


def run_benchmark(
    sizes: Sequence[int] = (1000, 3000, 10000),
    *,
    seed: int = 0,
    stages: Iterable[str] | None = None,
    baselines: bool = True,
    baseline_budget: float = 60.0,
    report_sizes: Iterable[int] | None = None,
    map_max_edges: int = MAP_MAX_EDGES,
    jobs: int = 1,
    workdir: str | Path | None = None,
    stage_timeout: float = 3600.0,
    isolate: bool = True,
    progress: bool | Callable[[str], Any] = True,
) -> pd.DataFrame:
    """Time every stage on synthetic cities of the given sizes, beside the reference libraries.

    Each stage and each baseline runs in a fresh Python process (see the module docstring for
    what is measured). For every size, a city is generated with
    :func:`netzwerk.synth.generate_city` and written to a work folder; later stages reuse the
    loaded city and the cooperation graph from there.

    The speed-up in ``ratio`` is

    .. math::

       \\text{ratio} = t_\\text{baseline} / t_\\text{netzwerk},

    so 20 means netzwerk is twenty times faster.

    Parameters
    ----------
    sizes : sequence of int, default (1000, 3000, 10000)
        Numbers of actors (at least 80 each).
    seed : int, default 0
        Seed of the generated cities, the permutations, the layouts and the baseline samples.
    stages : iterable of str, optional
        Names from :data:`STAGES`; default all. They always run in the order of ``STAGES``.
    baselines : bool, default True
        Also time the baselines.
    baseline_budget : float, default 60
        Seconds a baseline may take before it is run on a sample and extrapolated.
    report_sizes : iterable of int, optional
        Sizes at which the full city report is made (it is slow); default
        :data:`REPORT_SIZE` (1,000 actors, a large city) when it is among ``sizes``, else the
        smallest size. The report's row carries the time of every notebook cell (``cells`` in
        the runs of the JSON output) and, where the ``pipeline`` stage ran at the same size,
        ``attrs["report_pipeline_ratio"]`` gives report time / pipeline time per size.
    map_max_edges : int, default 100000
        The map draws only the strongest this many ties (all nodes); 0 draws all.
    jobs : int, default 1
        ``n_jobs`` passed to betweenness and ``brokers``.
    workdir : str or Path, optional
        Folder for the generated cities and intermediate files, kept afterwards. Default: a
        temporary folder, removed at the end.
    stage_timeout : float, default 3600
        Seconds after which a stage's process is stopped (its row says "Zeitlimit").
    isolate : bool, default True
        Run every measurement in a fresh process. False runs them in this process (quicker
        to start, for smoke tests; peak memory then only grows and time limits do not apply).
    progress : bool or callable, default True
        Print one line per finished measurement to stderr, or pass each line to a callable.

    Returns
    -------
    pandas.DataFrame
        One row per stage, size and baseline (a stage without baseline has one row with
        ``baseline`` None): ``stage``, ``size``, ``status`` (``ok``, ``unavailable``,
        ``error``, ``timeout``), ``time_s``, ``peak_mb``, ``baseline``, ``baseline_status``,
        ``baseline_time_s``, ``baseline_peak_mb``, ``ratio``, ``extrapolated`` (the baseline
        time is extrapolated from a sample) and ``note``. ``attrs`` holds ``machine``
        (:func:`machine_info`), ``parameters`` and ``runs`` (every raw measurement, including
        ``rss_growth_mb``).

    Raises
    ------
    TypeError
        If a size is not an integer.
    ValueError
        If ``sizes`` is empty or holds a size below 80, a stage is unknown or the budget is
        not positive.

    See Also
    --------
    format_table : The rows as text.
    scaling_exponents : Slopes per stage.
    plot_scaling : The rows as curves.
    machine_info : The machine the run describes.

    Notes
    -----
    A stage whose module or function does not exist gives a row with status ``unavailable``
    ("nicht verfügbar"), a failing stage one with ``error``; the run goes on. Times are single
    runs (no repetition), which is enough for the orders of magnitude compared here; at small
    sizes expect a few percent of noise.

    Examples
    --------
    >>> rows = run_benchmark([100], stages=["generate", "load"], isolate=False, progress=False)
    >>> rows[["stage", "size", "status"]].to_numpy().tolist()
    [['generate', 100, 'ok'], ['load', 100, 'ok']]
    >>> bool((rows["time_s"] > 0).all() and (rows["peak_mb"] > 0).all())
    True
    """
    size_list, stage_list = _check_options(sizes, stages, baseline_budget)
    if report_sizes is None:
        report_at = {REPORT_SIZE} if REPORT_SIZE in size_list else {min(size_list)}
    else:
        report_at = {int(s) for s in report_sizes}
    if callable(progress):
        say = progress
    elif progress:

        def say(line: str) -> None:
            print(line, file=sys.stderr, flush=True)
    else:

        def say(line: str) -> None:
            return None

    options = {
        "seed": int(seed),
        "budget": float(baseline_budget),
        "jobs": int(jobs),
        "map_max_edges": int(map_max_edges),
    }
    root = (
        Path(workdir) if workdir is not None else Path(tempfile.mkdtemp(prefix="netzwerk-bench-"))
    )
    rows: list[dict[str, Any]] = []
    runs: list[dict[str, Any]] = []
    try:
        for size in size_list:
            work = root / f"n{size}"
            work.mkdir(parents=True, exist_ok=True)
            for stage in stage_list:
                if stage == "report" and size not in report_at:
                    continue
                result = _run_job(
                    stage, size, work, options=options, timeout=stage_timeout, isolate=isolate
                )
                runs.append({"stage": stage, "variant": stage, "size": size, **result})
                say(_progress_line(size, stage, stage, result))
                base_results = []
                for variant in STAGES[stage].baselines if baselines else ():
                    limit = baseline_budget * 8 + 600
                    base = _run_job(
                        variant, size, work, options=options, timeout=limit, isolate=isolate
                    )
                    runs.append({"stage": stage, "variant": variant, "size": size, **base})
                    say(_progress_line(size, stage, variant, base))
                    base_results.append((variant, base))
                rows.extend(_rows(stage, size, result, base_results))
    finally:
        if workdir is None:
            shutil.rmtree(root, ignore_errors=True)
    table = pd.DataFrame(rows, columns=_COLUMNS)
    table.attrs["machine"] = machine_info()
    table.attrs["parameters"] = {
        "sizes": size_list,
        "stages": stage_list,
        "baselines": bool(baselines),
        "report_sizes": sorted(report_at),
        "isolate": bool(isolate),
        **options,
    }
    table.attrs["runs"] = runs
    table.attrs["report_pipeline_ratio"] = report_pipeline_ratio(table)
    return table


def _rows(
    stage: str, size: int, result: dict[str, Any], bases: list[tuple[str, dict[str, Any]]]
) -> list[dict[str, Any]]:
    own = {
        "stage": stage,
        "size": size,
        "status": result["status"],
        "time_s": result.get("seconds") if result["status"] == "ok" else None,
        "cpu_s": result.get("cpu_s") if result["status"] == "ok" else None,
        "peak_mb": result.get("peak_mb"),
    }
    if not bases:
        return [{**own, "baseline": None, "extrapolated": False, "note": result.get("note")}]
    rows = []
    for variant, base in bases:
        base_time = base.get("seconds")
        ratio = None
        if own["time_s"] and base_time:
            ratio = base_time / own["time_s"]
        notes = [n for n in (result.get("note"), base.get("note")) if n]
        rows.append(
            {
                **own,
                "baseline": _BASELINE_LABELS[variant],
                "baseline_status": base["status"],
                "baseline_time_s": base_time,
                "baseline_peak_mb": base.get("peak_mb"),
                "ratio": ratio,
                "extrapolated": bool(base.get("extrapolated", False)),
                "note": "; ".join(notes) or None,
            }
        )
    return rows
