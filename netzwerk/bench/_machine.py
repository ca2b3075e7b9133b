"""The machine a benchmark ran on: CPU, memory, Python, library and R versions."""

from __future__ import annotations

import functools
import os
import platform
import shutil
import subprocess
from pathlib import Path
from typing import Any

# ---------------------------------------------------------------------------------------------
# Machine


def _read_text(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _version(module: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(module)
    except PackageNotFoundError:
        return None


def machine_info() -> dict[str, Any]:
    """Describe the machine and software the benchmark runs on.

    Returns
    -------
    dict
        ``nproc`` (usable cores), ``cpu`` (model name from ``/proc/cpuinfo`` where there is
        one), ``ram_gb`` (total memory), ``os``, ``python`` and ``versions`` (netzwerk, numpy,
        scipy, pandas, networkx, python-igraph, networkit, leidenalg, pyvis, papermill; ``None``
        when not installed) and ``r`` (the R and sna versions, or ``None`` without ``Rscript``).

    See Also
    --------
    run_benchmark : Stores this in ``rows.attrs['machine']``.

    Notes
    -----
    Reads ``/proc/cpuinfo`` and ``/proc/meminfo`` on Linux; elsewhere ``cpu`` falls back to
    :func:`platform.processor` and ``ram_gb`` is ``None``.

    Examples
    --------
    >>> info = machine_info()
    >>> info["nproc"] >= 1, "networkx" in info["versions"]
    (True, True)
    """
    cpu = platform.processor() or None
    for line in _read_text("/proc/cpuinfo").splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    ram_gb = None
    for line in _read_text("/proc/meminfo").splitlines():
        if line.startswith("MemTotal:"):
            ram_gb = round(int(line.split()[1]) / 1024**2, 1)
            break
    nproc = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    packages = (
        "netzwerk",
        "numpy",
        "scipy",
        "pandas",
        "networkx",
        "igraph",
        "networkit",
        "leidenalg",
    )
    versions = {name: _version(name) for name in (*packages, "pyvis", "papermill")}
    return {
        "nproc": nproc,
        "cpu": cpu,
        "ram_gb": ram_gb,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "versions": versions,
        "r": _r_versions(),
    }


@functools.lru_cache(maxsize=1)
def _r_versions() -> dict[str, str] | None:
    if shutil.which("Rscript") is None:
        return None
    code = (
        'cat(paste(R.version$major, R.version$minor, sep="."), '
        'tryCatch(as.character(packageVersion("sna")), error=function(e) "none"), sep="\\n")'
    )
    try:
        out = subprocess.run(
            ["Rscript", "-e", code], capture_output=True, text=True, timeout=60, check=True
        ).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return None
    if len(out) < 2:
        return None
    return {"R": out[0], "sna": None if out[1] == "none" else out[1]}
