"""One stage or baseline in one fresh process: the runner table, worker, launcher."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from netzwerk.bench._baselines import (
    _baseline_igraph,
    _baseline_networkx_betweenness,
    _baseline_networkx_fill,
    _baseline_networkx_fill_attributes,
    _baseline_networkx_projection,
    _baseline_networkx_structural_holes,
    _baseline_pandas_networkx,
    _baseline_sna_brokerage,
)
from netzwerk.bench._common import _Unavailable
from netzwerk.bench._context import _Context, _maxrss_mb
from netzwerk.bench._report import _stage_report
from netzwerk.bench._stages import (
    _stage_betweenness,
    _stage_brokerage_roles,
    _stage_brokers,
    _stage_cooperation_graph,
    _stage_field_coverage,
    _stage_generate,
    _stage_load,
    _stage_map,
    _stage_pipeline,
    _stage_referral_graph,
    _stage_sector_gaps,
    _stage_structural_holes,
    _stage_unmet_needs,
)

_RUNNERS: dict[str, Callable[[_Context], dict[str, Any]]] = {
    "generate": _stage_generate,
    "load": _stage_load,
    "cooperation_graph": _stage_cooperation_graph,
    "referral_graph": _stage_referral_graph,
    "brokerage_roles": _stage_brokerage_roles,
    "structural_holes": _stage_structural_holes,
    "betweenness": _stage_betweenness,
    "brokers": _stage_brokers,
    "sector_gaps": _stage_sector_gaps,
    "unmet_needs": _stage_unmet_needs,
    "field_coverage": _stage_field_coverage,
    "map": _stage_map,
    "report": _stage_report,
    "pipeline": _stage_pipeline,
    "networkx_projection": _baseline_networkx_projection,
    "networkx_fill": _baseline_networkx_fill,
    "networkx_fill_attributes": _baseline_networkx_fill_attributes,
    "pandas_networkx": _baseline_pandas_networkx,
    "sna_brokerage": _baseline_sna_brokerage,
    "networkx_structural_holes": _baseline_networkx_structural_holes,
    "networkx_betweenness": _baseline_networkx_betweenness,
    "igraph": _baseline_igraph,
}


def _worker(job_file: str) -> int:
    """Run one job (written by :func:`_run_job`) and write its result beside it."""
    job = json.loads(Path(job_file).read_text(encoding="utf-8"))
    ctx = _Context(job)
    result: dict[str, Any] = {"status": "ok", "note": None, "extrapolated": False}
    try:
        result.update(_RUNNERS[job["variant"]](ctx))
    except _Unavailable as exc:
        result.update(status="unavailable", note=str(exc))
    except Exception as exc:  # a failing stage is a row of the table, not a crash
        result.update(status="error", note=f"{type(exc).__name__}: {str(exc)[:200]}")
    peak = _maxrss_mb()
    if result["status"] == "ok":
        result.setdefault("seconds", ctx.seconds)
        result.setdefault("cpu_s", ctx.cpu_seconds)
        result.setdefault("peak_mb", peak)
        result["rss_growth_mb"] = max(0.0, result["peak_mb"] - (ctx.rss_before or 0.0))
    else:
        result.setdefault("seconds", None)
        result.setdefault("peak_mb", None)
    Path(job["result"]).write_text(json.dumps(result), encoding="utf-8")
    return 0


# ---------------------------------------------------------------------------------------------
# Orchestration


def _run_job(
    variant: str,
    size: int,
    work: Path,
    *,
    options: dict[str, Any],
    timeout: float,
    isolate: bool = True,
) -> dict[str, Any]:
    job_file = work / f"job-{variant}.json"
    result_file = work / f"result-{variant}.json"
    result_file.unlink(missing_ok=True)
    job = {"variant": variant, "size": size, "work": str(work), "result": str(result_file)}
    job.update(options)
    job_file.write_text(json.dumps(job), encoding="utf-8")
    code = "import sys; from netzwerk.bench._process import _worker; sys.exit(_worker(sys.argv[1]))"
    load_before = _loadavg()
    start = time.perf_counter()
    if not isolate:
        _worker(str(job_file))
        result = json.loads(result_file.read_text(encoding="utf-8"))
        result["wall_s"] = time.perf_counter() - start
        return result
    try:
        proc = subprocess.run(
            [sys.executable, "-c", code, str(job_file)],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return {"status": "timeout", "seconds": None, "peak_mb": None,
                "note": f"Prozess nach {timeout:.0f} s abgebrochen"}  # fmt: skip
    if not result_file.is_file():
        tail = (proc.stderr or "").strip().splitlines()[-1:] or [f"Exit-Status {proc.returncode}"]
        return {"status": "error", "seconds": None, "peak_mb": None,
                "note": f"Prozess abgestürzt: {tail[0][:200]}"}  # fmt: skip
    result = json.loads(result_file.read_text(encoding="utf-8"))
    result["wall_s"] = time.perf_counter() - start
    # other work on the machine stretches wall times; keep the 1-minute load to judge them
    result["loadavg"] = [load_before, _loadavg()]
    return result


def _loadavg() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None
