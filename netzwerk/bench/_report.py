"""The report stage: a full city report, the time of each notebook cell, its ratio."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from netzwerk.bench._context import _Context, _function, _no_warnings


def _stage_report(ctx: _Context) -> dict[str, Any]:
    run_report = _function("netzwerk.report", "run_report")
    ctx.ensure_folder()
    out = ctx.work / "report"
    ctx.time(
        _no_warnings(
            lambda: run_report(
                ctx.name,
                data_dir=ctx.work,
                out_dir=out,
                parameters={"seed": ctx.seed},
                timeout=max(600, int(ctx.budget * 20)),
            )
        )
    )
    cells = report_cell_times(out / "city_report.ipynb")
    slowest = sorted(cells, key=lambda c: -c["seconds"])[:3]
    note = "langsamste Zellen: " + ", ".join(f"{c['cell']} ({c['seconds']:.1f} s)" for c in slowest)
    return {"cells": cells, "note": note}


def report_cell_times(notebook: str | Path) -> list[dict[str, Any]]:
    """Time of every code cell of an executed notebook, as papermill recorded it.

    Parameters
    ----------
    notebook : str or Path
        A notebook executed by papermill (e.g. ``figures/<city>/city_report.ipynb``).

    Returns
    -------
    list of dict
        One entry per code cell in notebook order: ``index`` (position among all cells),
        ``cell`` (the first line of its code, shortened to 60 characters), ``seconds``
        (``metadata.papermill.duration``; 0 where papermill recorded none).

    See Also
    --------
    report_pipeline_ratio : The report's time against the pipeline's.
    netzwerk.report.run_report : Runs the notebook.

    Examples
    --------
    >>> import json, tempfile
    >>> nb = {"cells": [{"cell_type": "markdown", "source": "# T", "metadata": {}},
    ...     {"cell_type": "code", "source": ["G = graph()\\n", "x = 1"],
    ...      "metadata": {"papermill": {"duration": 1.5}}}]}
    >>> path = Path(tempfile.mkdtemp()) / "nb.ipynb"
    >>> _ = path.write_text(json.dumps(nb), encoding="utf-8")
    >>> report_cell_times(path)
    [{'index': 1, 'cell': 'G = graph()', 'seconds': 1.5}]
    """
    cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
    out = []
    for i, cell in enumerate(cells):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else str(source)
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        first = next(
            (line for line in lines if not line.startswith("#")), lines[0] if lines else ""
        )
        duration = (cell.get("metadata", {}).get("papermill", {}) or {}).get("duration")
        out.append({"index": i, "cell": first[:60], "seconds": float(duration or 0.0)})
    return out


def report_pipeline_ratio(rows: pd.DataFrame) -> dict[int, float]:
    """Report time divided by pipeline time, per size where both stages ran in the run.

    The report presents what the ``pipeline`` stage computes; the ratio is its overhead
    (notebook kernel, figures, map, HTML, robustness resamples and the permutation null with
    the report's 5,000 permutations instead of 1,000).

    See Also
    --------
    run_benchmark : Makes the rows.
    report_cell_times : Where the report's time goes.

    Examples
    --------
    >>> rows = pd.DataFrame({"stage": ["report", "pipeline", "report"], "size": [1000, 1000, 80],
    ...     "status": ["ok"] * 3, "time_s": [12.0, 3.0, 5.0]})
    >>> report_pipeline_ratio(rows)
    {1000: 4.0}
    """
    ok = rows[(rows["status"] == "ok") & rows["time_s"].notna()]
    times = ok.drop_duplicates(["stage", "size"]).set_index(["stage", "size"])["time_s"]
    out = {}
    for stage, size in times.index:
        if stage == "report" and ("pipeline", size) in times.index:
            out[int(size)] = float(times[("report", size)] / times[("pipeline", size)])
    return out
