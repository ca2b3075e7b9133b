"""The German sentences on how far the broker findings hold: other weightings, one event less."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import networkx as nx
import pandas as pd

from netzwerk._dates import _de
from netzwerk._escape import md_text
from netzwerk.report._tables import _md_name, _names_de, weighting_label

if TYPE_CHECKING:
    from netzwerk.io import City

_ROLE_WEIGHTS_DE = {"default": "nach Rolle (1 / 0,6 / 0,3)", "equal": "alle gleich"}


def robustness_markdown(robustness: pd.DataFrame, G: nx.Graph | None = None) -> str:
    """German sentences and a table: which broker findings survive other weightings.

    Parameters
    ----------
    robustness : pandas.DataFrame
        Result of :func:`netzwerk.gaps.broker_robustness` (event weightings × role weights).
    G : networkx.Graph, optional
        For the actors' names.

    Returns
    -------
    str
        Markdown: one row per weighting (who holds the first rank, how many of the top
        brokers stay, Spearman's rank correlation with the report's ranking), then what holds
        in all of them.

    See Also
    --------
    robustness_figures : The same table for ``results.json``.
    netzwerk.gaps.broker_robustness : The measure.

    Examples
    --------
    >>> t = pd.DataFrame({"weighting": ["newman", "count"], "role_weights": ["default"] * 2,
    ...     "reference": [True, False], "brokerage_exists": [False, False],
    ...     "leading": [(), ()], "top": [(), ()], "overlap": [float("nan")] * 2,
    ...     "spearman": [float("nan")] * 2, "k": [0, 0]})
    >>> print(robustness_markdown(t)[:60])
    Niemand steht zwischen anderen – bei jeder geprüften Gewicht
    """
    if not len(robustness) or not robustness["brokerage_exists"].any():
        return (
            "Niemand steht zwischen anderen – bei jeder geprüften Gewichtung der Treffen und "
            "der Rollen (auch wenn alle Rollen gleich zählen). Dieser Befund hängt an den "
            "Verbindungen selbst, nicht an den Gewichten; eine Rangfolge der Vermittler, die "
            "man vergleichen könnte, gibt es nicht."
        )
    rows = [
        "| Gewichtung der Treffen | Rollen | erster Rang | von den wichtigsten Vermittlern "
        "gleich | Rangkorrelation (Spearman) |",
        "|---|---|---|---|---|",
    ]
    for r in robustness.itertuples():
        first = _names_de([_md_name(G, a) for a in r.leading]) or "–"
        if len(r.leading) > 1:
            first += " (geteilt)"
        same = ("–" if not r.k else f"{_de(round(r.overlap * r.k))} von {_de(r.k)}") + (
            " (Bericht)" if r.reference else ""
        )
        rho = f"{r.spearman:.2f}".replace(".", ",") if math.isfinite(r.spearman) else "–"
        rows.append(
            f"| {weighting_label(r.weighting).split(' (')[0]} | "
            f"{_ROLE_WEIGHTS_DE.get(r.role_weights, r.role_weights)} | {first} | {same} | {rho} |"
        )
    lines = [
        "Die Rangfolge der Vermittler wird mit jeder Kombination zweier Gewichtungen der Treffen "
        "und zweier Rollengewichte neu berechnet (Rollen nach ihrem Gewicht oder alle gleich):",
        "\n".join(rows),
    ]
    leading = robustness.attrs.get("leading_everywhere", [])
    survivors = robustness.attrs.get("survivors", [])
    n_top = int(robustness.loc[robustness["reference"], "k"].iloc[0])
    if leading:
        names = _names_de([f"**{_md_name(G, a)}**" for a in leading])
        verb = "hält" if len(leading) == 1 else "teilen sich"
        lines.append(f"In allen Varianten {verb} {names} den ersten Rang.")
    else:
        lines.append(
            "Wer den ersten Rang hält, hängt an der Gewichtung: die Aussage „X vermittelt am "
            "stärksten“ ist nicht belastbar."
        )
    if survivors and n_top > 1:
        names = _names_de([_md_name(G, a) for a in survivors])
        lines.append(
            f"In allen Varianten unter den {_de(n_top)} wichtigsten Vermittlern: {names}"
            + ("" if names.endswith(".") else ".")
        )
    else:
        lines.append("Kein Akteur ist in allen Varianten unter den wichtigsten Vermittlern.")
    lines.append(
        "Ob überhaupt jemand zwischen anderen steht und wer **Schnittpunkt** ist, hängt nicht "
        "an den Gewichten, nur an den belegten Verbindungen"
        + (
            "; diese Befunde gelten in jeder Variante."
            if robustness.attrs.get("cutpoints_unchanged", True)
            else "."
        )
    )
    return "\n\n".join(lines)


def stability_markdown(stability: pd.DataFrame, city: City | None = None) -> str:
    """German sentences on how firm the broker ranking is when single events are missing.

    Parameters
    ----------
    stability : pandas.DataFrame
        Result of :func:`netzwerk.broker_stability` (jackknife).
    city : City, optional
        For the titles of the events a broker depends on.

    Returns
    -------
    str
        Markdown: the stable brokers, Kendall's tau of the betweenness ranking, and the top
        actors whose place depends on a single event.

    See Also
    --------
    stability_figure : The ranks for the figure.
    netzwerk.broker_stability : The measure.

    Examples
    --------
    >>> st = pd.DataFrame({"name": ["A", "B"], "stable_broker": [True, False],
    ...     "depends_on": [(), ("e1",)]}, index=["a", "b"])
    >>> st.attrs["kendall_tau"] = {"betweenness": {"mean": 0.9, "min": 0.5}}
    >>> print(stability_markdown(st).splitlines()[0])
    **Stabile Vermittler** (in mindestens 90 % der Neuberechnungen unter den ersten): A.
    """
    stable = [
        md_text(name)
        for name, is_stable in zip(stability["name"], stability["stable_broker"], strict=True)
        if bool(is_stable)
    ]
    lines = [
        "**Stabile Vermittler** (in mindestens 90 % der Neuberechnungen unter den ersten): "
        + (", ".join(stable) if stable else "keine")
        + "."
    ]
    tau = stability.attrs.get("kendall_tau", {}).get("betweenness", {})
    if tau and tau.get("mean") is not None and math.isfinite(tau["mean"]):
        lines.append(
            f"Lässt man jeweils ein Treffen weg, stimmt die Rangfolge nach Betweenness im Mittel "
            f"mit τ = {_de(tau['mean'], 2)} (schlechtester Fall {_de(tau['min'], 2)}) mit der "
            "vollständigen überein (Kendall; 1 = gleiche Reihenfolge)."
        )
    else:
        lines.append(
            "Eine Rangkorrelation lässt sich nicht berechnen (zu wenige Treffen oder keine "
            "Unterschiede zwischen den Akteuren)."
        )
    if "depends_on" in stability:
        titles = {}
        if city is not None:
            titles = dict(zip(city.events["event_id"], city.events["title"], strict=True))
        fragile = [
            f"{md_text(stability.at[a, 'name'])} "
            f"(ohne „{', '.join(md_text(titles.get(e, e)) for e in deps)}“)"
            for a, deps in stability["depends_on"].items()
            if isinstance(deps, tuple | list) and len(deps)
        ]
        if fragile:
            lines.append(
                "Diese Vermittler verlieren ihren Platz, wenn ein einziges Treffen fehlt – die "
                "Aussage hängt an diesem Beleg: " + "; ".join(fragile) + "."
            )
    return "\n\n".join(lines)


def stability_figure(stability: pd.DataFrame, *, top: int = 10) -> tuple[pd.DataFrame, str]:
    """The actors and the title for the figure of rank intervals: brokers only, ties named.

    Parameters
    ----------
    stability : pandas.DataFrame
        Result of :func:`netzwerk.broker_stability`.
    top : int, default 10
        The ranks the figure shows (:func:`netzwerk.plot_brokers` with ``top``): only ranks
        shared within them are named in the title.

    Returns
    -------
    (pandas.DataFrame, str)
        The rows with a betweenness above 0 (an actor that stands between no one is no broker
        and gets no rank in the figure), and a German title that names the shared ranks among
        the first ``top``, e.g. "Wichtigste Vermittler – Rang 1 teilen sich 2 Akteure". No rows:
        nobody stands between others, and the report draws no figure.

    See Also
    --------
    stability_markdown : The text above the figure.
    netzwerk.plot_brokers : Draws the ranks.

    Examples
    --------
    >>> st = pd.DataFrame({"betweenness": [0.2, 0.2, 0.1, 0.0],
    ...     "rank_betweenness": [1, 1, 3, 4]}, index=list("abcd"))
    >>> rows, title = stability_figure(st)
    >>> list(rows.index), title
    (['a', 'b', 'c'], 'Wichtigste Vermittler – Rang 1 teilen sich 2 Akteure')
    >>> stability_figure(st.assign(rank_betweenness=[1, 2, 3, 3], betweenness=[3, 2, 1, 1]),
    ...                  top=2)[1]  # rank 3 is not shown
    'Wichtigste Vermittler'
    """
    rows = stability[pd.to_numeric(stability["betweenness"], errors="coerce").fillna(0) > 0]
    counts = rows["rank_betweenness"].value_counts().sort_index()
    shared = [f"Rang {_de(int(r))} teilen sich {_de(int(n))} Akteure" for r, n in counts.items()
              if n > 1 and r <= top]  # fmt: skip
    title = "Wichtigste Vermittler" + (" – " + "; ".join(shared) if shared else "")
    return rows, title


def stability_caption() -> str:
    """The sentence under the stability figure (what its bars show).

    Returns
    -------
    str

    See Also
    --------
    stability_figure : The ranks the figure shows.
    stability_markdown : The section's text above the figure.
    """
    return "Die Abbildung zeigt für jeden Vermittler die Spanne seiner Ränge."
