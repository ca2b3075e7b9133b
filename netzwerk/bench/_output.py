"""The results as a fixed-width table, scaling exponents, a figure and JSON."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from netzwerk.bench._common import _STATUS_DE, STAGES
from netzwerk.bench._run import _format_mb, _format_seconds

# ---------------------------------------------------------------------------------------------
# Output


def format_table(rows: pd.DataFrame, *, lang: str = "de") -> str:
    """The benchmark table as fixed-width text.

    Parameters
    ----------
    rows : pandas.DataFrame
        As :func:`run_benchmark` returns it (or read back from its JSON).
    lang : {"de", "en"}, default "de"
        Language of the headers and status words.

    Returns
    -------
    str
        One line per row: stage, size, wall time, CPU time (user + system, of the process
        and its children; close to the wall time of a single-threaded stage on an idle
        machine), peak memory, baseline, baseline time, ratio
        (baseline time / netzwerk time) and note. A baseline time extrapolated from a sample
        carries ``*``; one that hit its time limit is shown as a lower bound (``≥``).

    Raises
    ------
    ValueError
        If ``lang`` is neither ``"de"`` nor ``"en"``.

    See Also
    --------
    run_benchmark : Makes the rows.
    scaling_exponents : Slopes per stage.

    Examples
    --------
    >>> rows = pd.DataFrame([{"stage": "betweenness", "size": 1000, "status": "ok",
    ...     "time_s": 2.0, "cpu_s": 1.9, "peak_mb": 300.0,
    ...     "baseline": "networkx betweenness_centrality",
    ...     "baseline_status": "ok", "baseline_time_s": 50.0, "baseline_peak_mb": 280.0,
    ...     "ratio": 25.0, "extrapolated": True, "note": None}])
    >>> print(format_table(rows, lang="en"))  # doctest: +NORMALIZE_WHITESPACE
    stage        actors  time    CPU     peak memory  baseline                         baseline time  ratio  note
    betweenness    1000  2.00 s  1.90 s  300 MB       networkx betweenness_centrality  50.0 s*        25×
    * extrapolated from a sample
    """
    if lang not in ("de", "en"):
        raise ValueError(f"lang must be 'de' or 'en', got {lang!r}")
    de = lang == "de"
    header = (
        ["Stufe", "Akteure", "Zeit", "CPU", "Spitzenspeicher", "Vergleich", "Vergleichszeit",
         "Faktor", "Hinweis"]
        if de
        else ["stage", "actors", "time", "CPU", "peak memory", "baseline", "baseline time",
              "ratio", "note"]
    )  # fmt: skip
    lines = []
    for row in rows.to_dict("records"):
        status = row.get("status")
        if status == "ok":
            own = _format_seconds(row.get("time_s"))
        else:
            own = _STATUS_DE.get(status, status) if de else str(status)
        base = row.get("baseline")
        base_time = ratio = ""
        if isinstance(base, str):
            bstatus = row.get("baseline_status")
            if bstatus in ("ok", "timeout") and _present(row.get("baseline_time_s")):
                base_time = _format_seconds(row["baseline_time_s"])
                if row.get("extrapolated"):
                    base_time += "*"
                if bstatus == "timeout":
                    base_time = "≥ " + base_time
            else:
                base_time = _STATUS_DE.get(bstatus, bstatus) if de else str(bstatus)
            if _present(row.get("ratio")):
                value = row["ratio"]
                ratio = f"{value:.0f}×" if value >= 10 else f"{value:.1f}×"
                if bstatus == "timeout":
                    ratio = "≥ " + ratio
        lines.append(
            [
                str(row["stage"]),
                f"{int(row['size'])}",
                own,
                _format_seconds(row.get("cpu_s")) if status == "ok" else "–",
                _format_mb(row.get("peak_mb")),
                base if isinstance(base, str) else "–",
                base_time or "–",
                ratio or "–",
                str(row["note"]) if _present(row.get("note")) else "",
            ]
        )
    widths = [max(len(h), *(len(line[i]) for line in lines)) if lines else len(h)
              for i, h in enumerate(header)]  # fmt: skip
    right = {1, 2, 3}
    out = []
    for line in [header, *lines]:
        cells = [c.rjust(w) if i in right and line is not header else c.ljust(w)
                 for i, (c, w) in enumerate(zip(line, widths, strict=True))]  # fmt: skip
        out.append("  ".join(cells).rstrip())
    if any(rows.get("extrapolated", pd.Series(dtype=bool)).fillna(False)):
        out.append(
            "* aus einer Stichprobe linear hochgerechnet" if de else "* extrapolated from a sample"
        )
    return "\n".join(out)


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def _series(rows: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Time per size for each curve: netzwerk stages, and baselines as ``stage · baseline``."""
    curves: dict[str, pd.DataFrame] = {}
    ok = rows[rows["status"] == "ok"]
    for stage, part in ok.drop_duplicates(["stage", "size"]).groupby("stage", sort=False):
        curves[str(stage)] = pd.DataFrame(
            {"size": part["size"].to_numpy(), "time_s": part["time_s"].to_numpy(),
             "extrapolated": False}
        )  # fmt: skip
    if "baseline" in rows:
        base = rows[rows["baseline"].notna() & (rows["baseline_status"] == "ok")]
        for (stage, name), part in base.groupby(["stage", "baseline"], sort=False):
            curves[f"{stage} · {name}"] = pd.DataFrame(
                {"size": part["size"].to_numpy(), "time_s": part["baseline_time_s"].to_numpy(),
                 "extrapolated": part["extrapolated"].fillna(False).to_numpy(dtype=bool)}
            )  # fmt: skip
    return curves


def scaling_exponents(rows: pd.DataFrame) -> pd.DataFrame:
    """Fit :math:`t = c\\,n^b` to time against actors for every stage and baseline.

    The exponent is the least-squares slope on the log-log scale,

    .. math::

       b = \\frac{\\sum_i (x_i - \\bar x)(y_i - \\bar y)}{\\sum_i (x_i - \\bar x)^2},
       \\qquad x_i = \\log n_i,\\; y_i = \\log t_i .

    Parameters
    ----------
    rows : pandas.DataFrame
        As :func:`run_benchmark` returns it (columns ``stage``, ``size``, ``status``,
        ``time_s`` and, for baselines, ``baseline``, ``baseline_status``,
        ``baseline_time_s``, ``extrapolated``).

    Returns
    -------
    pandas.DataFrame
        Indexed by curve (the stage, or ``"<stage> · <baseline>"``), columns ``exponent``,
        ``n_sizes`` and ``extrapolated`` (some baseline time in the fit is extrapolated).
        The exponent is NaN for a curve with fewer than two sizes.

    See Also
    --------
    run_benchmark : Makes the rows.
    plot_scaling : The same rows as curves.

    Notes
    -----
    Only rows with status ``ok`` count. Exponent 1 means the time grows in proportion to the
    number of actors, 2 with its square. With three sizes the fit is rough, and times below
    about 0.1 s are dominated by constant overheads, which pulls the exponent down.

    Examples
    --------
    Times 1, 4 and 16 s at 1,000, 2,000 and 4,000 actors grow with the square:

    >>> rows = pd.DataFrame({"stage": ["x", "x", "x"], "size": [1000, 2000, 4000],
    ...                      "status": "ok", "time_s": [1.0, 4.0, 16.0]})
    >>> round(float(scaling_exponents(rows).loc["x", "exponent"]), 6)
    2.0
    """
    records = []
    for name, curve in _series(rows).items():
        curve = curve[curve["time_s"] > 0]
        exponent = float("nan")
        if curve["size"].nunique() >= 2:
            x = np.log(curve["size"].to_numpy(dtype=float))
            y = np.log(curve["time_s"].to_numpy(dtype=float))
            exponent = float(np.polyfit(x, y, 1)[0])
        records.append(
            {
                "curve": name,
                "exponent": exponent,
                "n_sizes": int(curve["size"].nunique()),
                "extrapolated": bool(curve["extrapolated"].any()),
            }
        )
    return pd.DataFrame(
        records, columns=["curve", "exponent", "n_sizes", "extrapolated"]
    ).set_index("curve")


def plot_scaling(rows: pd.DataFrame, *, ax: Any = None, baselines: bool = True) -> Any:
    """Log-log plot of time against actors per stage, with the fitted exponent in the legend.

    Parameters
    ----------
    rows : pandas.DataFrame
        As :func:`run_benchmark` returns it.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; default a new figure.
    baselines : bool, default True
        Also draw the baselines (dashed, in the colour of their stage; hollow markers where
        the time is extrapolated).

    Returns
    -------
    matplotlib.axes.Axes

    See Also
    --------
    scaling_exponents : The slopes of these curves.
    run_benchmark : Makes the rows.

    Examples
    --------
    >>> rows = pd.DataFrame({"stage": ["x", "x"], "size": [1000, 2000], "status": "ok",
    ...                      "time_s": [1.0, 2.0]})
    >>> ax = plot_scaling(rows)
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['x (n^1.00)']
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(10, 6.5))
    exponents = scaling_exponents(rows)
    stages = [s for s in STAGES if s in set(rows["stage"])] + sorted(
        set(rows["stage"]) - set(STAGES)
    )
    cmap = plt.get_cmap("tab20")
    colors = {stage: cmap(i % 20) for i, stage in enumerate(stages)}
    for name, curve in _series(rows).items():
        stage, _, base = name.partition(" · ")
        if base and not baselines:
            continue
        curve = curve.sort_values("size")
        b = exponents.loc[name, "exponent"]
        label = f"{name} (n^{b:.2f})" if not math.isnan(b) else name
        style = {"color": colors.get(stage, "black"), "linestyle": "--" if base else "-"}
        ax.plot(curve["size"], curve["time_s"], label=label, **style)
        for extrapolated, part in curve.groupby("extrapolated"):
            ax.plot(part["size"], part["time_s"], linestyle="none", marker="s" if base else "o",
                    markerfacecolor="white" if extrapolated else style["color"],
                    color=style["color"])  # fmt: skip
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("Akteure")
    ax.set_ylabel("Zeit [s]")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize="x-small", loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return ax


def _to_json(rows: pd.DataFrame) -> dict[str, Any]:
    def clean(value: Any) -> Any:
        if isinstance(value, float) and math.isnan(value):
            return None
        if isinstance(value, np.generic):
            return clean(value.item())
        return value

    return {
        "machine": rows.attrs.get("machine"),
        "parameters": rows.attrs.get("parameters"),
        "rows": [{k: clean(v) for k, v in r.items()} for r in rows.to_dict("records")],
        "exponents": {
            k: clean(v) for k, v in scaling_exponents(rows)["exponent"].to_dict().items()
        },
        "runs": rows.attrs.get("runs"),
        "report_pipeline_ratio": {
            str(k): v for k, v in (rows.attrs.get("report_pipeline_ratio") or {}).items()
        },
    }
