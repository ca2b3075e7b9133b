"""The German sentences of the report's sections: title, overview, network, brokers, gaps, needs, fields, methods."""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import pandas as pd

from netzwerk import config
from netzwerk._checks import renamed
from netzwerk._escape import md_text
from netzwerk.graph import _event_status

if TYPE_CHECKING:
    from netzwerk.io import City
from netzwerk._dates import _date_text, _de, _span_sentence, period_de
from netzwerk.graph._structure import _network_figures
from netzwerk.report._tables import (
    _md_name,
    _md_sector,
    _n,
    _name,
    _names_de,
    events_in_period,
    weighting_label,
)


def title_markdown(city: City, *, period: Any = None) -> str:
    """The report's heading: title, place, programme and time span from ``datapackage.json``.

    Parameters
    ----------
    city : City
    period : optional
        The report's ``period`` parameter; when given, the heading says that the report covers
        only this period.

    Returns
    -------
    str
        Markdown.

    See Also
    --------
    overview_markdown : The section after the title.
    banner_html : The banner above it.

    Examples
    --------
    >>> from netzwerk.io import City
    >>> print(title_markdown(City.from_frames(meta={"name": "x", "title": "Stadt X"})))
    # Kooperationsnetz: Stadt X
    """
    meta = city.meta
    lines = [f"# Kooperationsnetz: {md_text(meta.get('title') or city.name)}"]
    facts = []
    if meta.get("land"):
        facts.append(f"**Land:** {md_text(meta['land'])}")
    if meta.get("programme"):
        facts.append(f"**Programm:** {md_text(meta['programme'])}")
    temporal = meta.get("temporal") or {}
    if temporal.get("start") and temporal.get("end"):
        span = _span_sentence(temporal["start"], temporal["end"], prefix=False)
        facts.append(f"**Zeitraum der Daten:** {md_text(span)}")
    elif temporal.get("start") or temporal.get("end"):
        facts.append(
            "**Zeitraum der Daten:** "
            + (f"ab {md_text(_date_text(temporal['start']))}" if temporal.get("start")
               else f"bis {md_text(_date_text(temporal['end']))}")
        )  # fmt: skip
    shown = period_de(period)
    if shown is not None:
        facts.append(
            f"**Dieser Bericht:** nur {md_text(shown)} (Parameter `period`); alle Zahlen, "
            "Tabellen und Abbildungen beziehen sich auf Treffen in diesem Zeitraum."
        )
    if facts:
        lines += ["", "  \n".join(facts)]
    return "\n".join(lines)


def overview_markdown(city: City, *, period: Any = None) -> str:
    """German overview of what the data document and what they do not.

    Parameters
    ----------
    city : City
    period : optional
        The report's ``period`` parameter: events and participations are counted only within it
        (as the graphs count them, :func:`netzwerk.graph.period_bounds`).

    Returns
    -------
    str
        Markdown: numbers of actors (named and groups), events, participations with the share
        inferred rather than quoted, referral rows and Ressourcenbörse cards, sources; and one
        sentence for each table the city lacks.

    See Also
    --------
    title_markdown : The title above.
    actors_table : The table after it.

    Examples
    --------
    >>> import pandas as pd
    >>> from netzwerk.io import City
    >>> city = City.from_frames(actors=pd.DataFrame({"actor_id": ["a"], "name": ["A"],
    ...     "sector": ["mso"], "level": ["kommune"]}))
    >>> print(overview_markdown(city).splitlines()[0])
    - **1 Akteur** (0 davon Sammelakteure für mehrere ungenannte Organisationen) aus 1 Sektor.
    """
    a, e, p, r, c = city.actors, city.events, city.participation, city.referrals, city.resources
    n_agg = int(a["aggregate"].fillna(False).astype(bool).sum())
    n_sectors = a["sector"].nunique()
    lines = [
        f"- **{_n(len(a), 'Akteur', 'Akteure')}** ({_de(n_agg)} davon Sammelakteure für mehrere "
        f"ungenannte Organisationen) aus {_n(n_sectors, 'Sektor', 'Sektoren')}."
    ]
    status = _event_status(e)
    n_announced = int((status == "announced").sum())
    n_cancelled = int((status == "cancelled").sum())
    e = e.loc[(status == "held").to_numpy(dtype=bool)]
    if period is not None and len(e):
        e = e.loc[e.index.isin(events_in_period(city, period).index)]
    p = p.loc[p["event_id"].isin(set(e["event_id"])).fillna(False).to_numpy(dtype=bool)]
    in_period = f" im Zeitraum {md_text(period_de(period))}" if period is not None else ""
    if len(e):
        dated = e.dropna(subset=["date_start", "date_end"])
        when = (
            "(ohne Datum in der Quelle)"
            if dated.empty
            else _span_sentence(
                dated.loc[dated["date_start"].idxmin(), "date"],
                dated.loc[dated["date_end"].idxmax(), "date"],
            )
        )
        lines.append(
            f"- **{_n(len(e), 'Treffen', 'Treffen')}** (Fachtage, Foren, Gremiensitzungen …) "
            f"{md_text(when)}, mit {_n(len(p), 'Teilnahme', 'Teilnahmen')} von Akteuren."
        )
        inferred = p["inferred"].fillna(False).astype(bool) if "inferred" in p else None
        quoted = p["quote"].notna() if "quote" in p else pd.Series(False, index=p.index)
        if inferred is None:
            inferred = pd.Series(False, index=p.index)
        n_quoted, n_inferred = int(quoted.sum()), int(inferred.sum())
        if n_quoted or n_inferred:
            both = int((quoted & inferred).sum())
            text = (
                f"- {'Die' if len(p) == 1 else 'Alle'} {_n(len(p), 'Teilnahme ist', 'Teilnahmen sind')}"
                if n_quoted == len(p)
                else f"- Von den {_n(len(p), 'Teilnahme', 'Teilnahmen')} "
                f"{'ist' if n_quoted == 1 else 'sind'} {_de(n_quoted)}"
            ) + " mit einem wörtlichen Zitat aus der Quelle belegt"
            if both:
                text += (
                    f"; {_de(both)} davon {'ist' if both == 1 else 'sind'} erschlossen (das "
                    "Zitat nennt den Akteur nicht ausdrücklich)"
                )
            if n_inferred - both:
                text += (
                    f"; {_de(n_inferred - both)} weitere "
                    f"{'ist' if n_inferred - both == 1 else 'sind'} ohne Zitat erschlossen"
                )
            lines.append(text + ".")
        else:
            lines.append(
                "- Die Teilnahme trägt keinen Beleg (kein Zitat aus einer Quelle)."
                if len(p) == 1
                else "- Die Teilnahmen tragen keine Belege (kein Zitat aus einer Quelle)."
            )
    else:
        lines.append(f"- Es sind keine stattgefundenen Treffen{in_period} dokumentiert.")
    if n_announced or n_cancelled:
        left = [
            _n(k, f"{word} Veranstaltung", f"{word} Veranstaltungen")
            for k, word in ((n_announced, "angekündigte"), (n_cancelled, "abgesagte"))
            if k
        ]
        verb = "stattfand" if n_announced + n_cancelled == 1 else "stattfanden"
        lines.append(
            f"- Nicht ausgewertet: {' und '.join(left)} (angekündigt oder abgesagt; nicht "
            f"belegt, dass sie {verb}). Netz und Kennzahlen beruhen auf den stattgefundenen "
            "Treffen."
        )
    if len(r):
        counted = pd.to_numeric(r["count"], errors="coerce")
        lines.append(
            f"- **{_n(len(r), 'Verweiszeile', 'Verweiszeilen')}** (wer verweist Ratsuchende an "
            f"wen, in welchem Handlungsfeld); {_de(int(counted.notna().sum()))} davon mit "
            "Fallzahl, die übrigen belegen den Weg ohne Zahl."
        )
    else:
        lines.append(
            "- **Verweise** (Weitergabe von Ratsuchenden zwischen Einrichtungen) sind für diese "
            "Stadt nicht dokumentiert; das Netz beruht allein auf gemeinsamen Treffen."
        )
    if len(c):
        n_off = int((c["kind"] == "offer").sum())
        lines.append(
            f"- **Ressourcenbörse:** {_n(n_off, 'Angebotskarte', 'Angebotskarten')} („Ich "
            f"biete …“) und {_n(len(c) - n_off, 'Suchkarte', 'Suchkarten')} („Ich suche …“)."
        )
    else:
        lines.append(
            "- Eine **Ressourcenbörse** (Karten „Ich biete … / Ich suche …“) ist nicht dokumentiert."
        )
    lines.append(f"- **{_n(len(city.sources), 'Quelle', 'Quellen')}** (siehe Abschnitt „Quellen“).")
    return "\n".join(lines)


def network_markdown(G: nx.Graph) -> str:
    """German sentences on the size, density, fragmentation and centralisation of the network.

    Parameters
    ----------
    G : networkx.Graph
        The cooperation graph.

    Returns
    -------
    str
        Markdown (see :func:`key_figures` for the definitions).

    See Also
    --------
    brokers_markdown : The next section.

    Examples
    --------
    >>> print(network_markdown(nx.path_graph(3)).splitlines()[0])
    Das Netz verbindet **3 Akteure** durch **2 Kooperationsbeziehungen**. ...
    """
    f = _network_figures(G)
    n, m = f["n_nodes"], f["n_ties"]
    lines = [
        f"Das Netz verbindet **{_n(n, 'Akteur', 'Akteure')}** durch "
        f"**{_n(m, 'Kooperationsbeziehung', 'Kooperationsbeziehungen')}**. "
        f"Die Dichte beträgt {_de(f['density'], 3)}: von allen möglichen Paaren von Akteuren "
        f"haben {_de(100 * f['density'] if n > 1 else math.nan, 1)} % miteinander zu tun. "
        f"Im Mittel hat ein Akteur {_de(f['mean_degree'], 1)} Partner."
    ]
    if f["n_components"] > 1:
        lines.append(
            f"Das Netz zerfällt in {_de(f['n_components'])} Teile; der größte umfasst "
            f"{_n(f['largest_component'], 'Akteur', 'Akteure')}, {_n(f['n_isolates'], 'Akteur ist', 'Akteure sind')} "
            "mit niemandem verbunden (z. B. Dachorganisationen ohne eigene belegte Teilnahme)."
        )
    elif n:
        lines.append("Alle Akteure hängen zusammen: von jedem führt ein Weg zu jedem anderen.")
    c = f["degree_centralization"]
    if math.isfinite(c):
        shape = (
            "stark auf wenige Akteure ausgerichtet"
            if c >= 0.5
            else "mäßig zentralisiert"
            if c >= 0.25
            else "eher gleichmäßig verteilt"
        )
        lines.append(
            f"Die Zentralisierung (Freeman, Grad) liegt bei {_de(c, 2)}: das Netz ist {shape} "
            "(0 = alle haben gleich viele Partner, 1 = ein Stern um einen einzigen Akteur)."
        )
    return "\n\n".join(lines)


def _connected_parts(G: nx.Graph | None, table: pd.DataFrame) -> tuple[int, int, int]:
    """Actors with at least one tie, connected parts among them, actors without a tie."""
    if G is not None:
        H = G.to_undirected(as_view=True) if G.is_directed() else G
        linked = [v for v in H if any(u != v for u in H[v])]
        parts = nx.number_connected_components(nx.Graph(H.subgraph(linked)))
        return len(linked), parts, H.number_of_nodes() - len(linked)
    if "degree" in table:
        linked = int((table["degree"] > 0).sum())
        return linked, 1 if linked else 0, len(table) - linked
    return len(table), 1, 0


def brokers_markdown(table: pd.DataFrame, G: nx.Graph | None = None) -> str:
    """German sentences on who brokers: the leading actors, the cut points, what they mean.

    A "stärkste Vermittlungsposition" is named only where someone stands between two actors
    that have no direct tie (:func:`netzwerk.brokers.brokerage_exists`), and only among those
    actors (:func:`netzwerk.brokers.leading_brokers`); actors sharing the first rank are named
    together. Where everyone is tied to everyone, the text says so and names who is most
    central by tie strength (weighted degree) instead, as such. The cut-point sentence and the
    Gould–Fernandez figure follow from the same ties, so they cannot contradict it: a cut
    point always stands between others, and an actor stands between others exactly when it
    has Gould–Fernandez brokerage.

    Parameters
    ----------
    table : pandas.DataFrame
        Result of :func:`netzwerk.broker_table`.
    G : networkx.Graph, optional
        For names, and for counting the connected parts.

    Returns
    -------
    str
        Markdown.

    See Also
    --------
    broker_display : The table below the sentences.
    netzwerk.brokers.leading_brokers : Who shares the first rank.

    Examples
    --------
    >>> t = pd.DataFrame({"betweenness": [0.0, 1.0], "is_cutpoint": [False, True],
    ...     "cut_off": [0, 1]}, index=pd.Index(["a", "b"], name="actor_id"))
    >>> "**b**" in brokers_markdown(t)
    True

    Everyone tied to everyone: no broker, however strong some ties are.

    >>> k = pd.DataFrame({"betweenness": [0.2, 0.0, 0.0], "mediates": [False] * 3,
    ...     "strength": [2.0, 1.0, 1.0], "is_cutpoint": [False] * 3, "cut_off": [0] * 3},
    ...     index=pd.Index(["o", "p", "q"], name="actor_id"))
    >>> text = brokers_markdown(k)
    >>> "Niemand steht zwischen anderen" in text, "Vermittlungsposition hat" in text
    (True, False)
    >>> "gewichteter Grad" in text and "**o** (2)" in text
    True
    """
    from netzwerk.brokers import DEFAULT_ALPHA, first_ranked, leading_brokers, mediating

    alpha = table.attrs.get("alpha", DEFAULT_ALPHA)
    lines = [
        "**Betweenness** misst, welcher Anteil der kürzesten Wege zwischen zwei anderen Akteuren "
        "über einen Akteur läuft (0 bis 1). Wer hohe Werte hat, bringt Akteure zusammen, die "
        "sonst nur über Umwege voneinander erfahren – und ist zugleich ein Engpass. Starke "
        f"Beziehungen verkürzen die Wege (Länge 1/Gewicht hoch {_de(alpha, 1)}, nach Opsahl "
        "u. a. 2010); als Vermittler zählt aber nur, wer zwischen zwei Akteuren steht, die "
        "nicht direkt miteinander verbunden sind."
    ]
    mediates = mediating(table)
    if len(table) and mediates.any():
        leading = leading_brokers(table)
        n_med = int(mediates.sum())
        between = (
            f"{_n(n_med, 'Akteur steht', 'Akteure stehen')} zwischen anderen, die nicht direkt "
            "verbunden sind."
        )
        if leading:
            value = _de(float(table.at[leading[0], "betweenness"]), 3)
            names = _names_de([f"**{_md_name(G, a)}**" for a in leading])
            if len(leading) == 1:
                lines.append(
                    f"{between} Die stärkste Vermittlungsposition hat {names} "
                    f"(Betweenness {value})."
                )
            else:
                lines.append(
                    f"{between} {names} teilen sich den ersten Rang, die stärkste "
                    f"Vermittlungsposition (Betweenness je {value})."
                )
        else:
            lines.append(
                f"{between} Gewichtet man die Beziehungen nach ihrer Stärke, laufen die "
                "kürzesten Wege aber an ihnen vorbei; eine Rangfolge der Vermittler ergibt "
                "sich daraus nicht."
            )
        weights_only = table.index[~mediates & (table["betweenness"].fillna(0) > 0)]
        if len(weights_only):
            lines.append(
                f"{_n(len(weights_only), 'Akteur hat', 'Akteure haben')} eine Betweenness über "
                "0 nur durch die Gewichte (ein Umweg über stärkere Beziehungen ist „kürzer“ als "
                "die direkte Verbindung zweier ihrer Partner); sie stehen zwischen niemandem "
                "und werden nicht als Vermittler gezählt."
            )
    else:
        linked, parts, alone = _connected_parts(G, table)
        where = (
            "sind direkt miteinander verbunden, jeder mit jedem"
            if parts <= 1
            else f"sind innerhalb jedes der {_de(parts)} Teile des Netzes direkt miteinander "
            "verbunden, jeder mit jedem"
        )
        text = (
            f"Niemand steht zwischen anderen: Alle {_n(linked, 'Akteur', 'Akteure')} mit einer "
            f"belegten Verbindung {where}"
        )
        if alone:
            text += f" ({_n(alone, 'Akteur hat', 'Akteure haben')} keine belegte Verbindung)"
        text += (
            ". Eine Rangfolge der Vermittler gibt es daher nicht – daran ändert auch die "
            "Gewichtung einzelner Beziehungen nichts."
        )
        lines.append(text)
        strength = table["strength"] if "strength" in table else None
        if strength is None and G is not None:
            strength = pd.Series(dict(G.degree(weight="weight")), dtype=float)
        top = first_ranked(strength) if strength is not None else []
        if top:
            names = _names_de([f"**{_md_name(G, a)}**" for a in top])
            value = _de(float(strength[top[0]]), 3)
            if len(top) == 1:
                lines.append(
                    f"Am stärksten eingebunden nach der Stärke der Beziehungen (gewichteter "
                    f"Grad: Summe der Beziehungsgewichte) ist {names} ({value}) – das ist keine "
                    "Vermittlungsposition, sondern die Summe seiner Kontakte."
                )
            else:
                lines.append(
                    f"Nach der Stärke der Beziehungen (gewichteter Grad: Summe der "
                    f"Beziehungsgewichte) teilen sich {names} den ersten Rang (je {value}) – "
                    "das ist keine Vermittlungsposition, sondern die Summe ihrer Kontakte."
                )
    cut = [a for a, is_cut in zip(table.index, table["is_cutpoint"], strict=True) if bool(is_cut)]
    if cut:
        names = ", ".join(
            f"{_md_name(G, a)} ({_de(int(table.at[a, 'cut_off']))})"
            if "cut_off" in table
            else _md_name(G, a)
            for a in sorted(cut, key=str)
        )
        lines.append(
            f"**Schnittpunkte** (ohne sie zerfiele das Netz; in Klammern, wie viele Akteure dann "
            f"abgeschnitten wären): {names}."
        )
    else:
        lines.append(
            "Es gibt keinen Schnittpunkt: kein einzelner Akteur hält Teile des Netzes allein zusammen."
        )
    return "\n\n".join(lines)


def gaps_markdown(
    gaps: pd.DataFrame, ei: pd.DataFrame | None = None, *, alpha: float = 0.05
) -> str:
    """German sentences on the gaps between sectors and the E-I index.

    Parameters
    ----------
    gaps : pandas.DataFrame
        Result of :func:`netzwerk.sector_gaps`.
    ei : pandas.DataFrame, optional
        Result of :func:`netzwerk.ei_index`.
    alpha : float, default 0.05
        Significance level used for ``gaps``.

    Returns
    -------
    str
        Markdown.

    See Also
    --------
    gap_analysis : The gaps and E-I table.
    netzwerk.sector_gaps : The measure.

    Examples
    --------
    >>> g = pd.DataFrame({"group_a": ["mso"], "group_b": ["wohlfahrt"], "gap": [True]})
    >>> "Migrantenorganisationen – Wohlfahrtsverbände" in gaps_markdown(g)
    True
    """
    flagged = gaps[gaps["gap"].fillna(False).astype(bool)]
    lines = []
    if len(flagged):
        pairs = "; ".join(
            f"{_md_sector(a)} – {_md_sector(b)}"
            for a, b in zip(flagged.group_a, flagged.group_b, strict=True)
        )
        lines.append(
            f"Zwischen diesen Sektoren gibt es deutlich weniger Kooperation, als bei zufälliger "
            f"Verteilung der Sektoren auf die Akteure zu erwarten wäre (Signifikanzniveau "
            f"{_de(alpha, 2)}, für viele Vergleiche korrigiert): **{pairs}**."
        )
    else:
        lines.append(
            "Kein Sektorpaar ist signifikant schwächer verbunden, als der Zufall erwarten ließe. "
            "Bei kleinen Netzen heißt das oft nur, dass die Daten für einen Nachweis nicht "
            "reichen – nicht, dass es keine Lücke gibt."
        )
    if ei is not None and len(ei):
        net = ei[ei["level"] == "network"].iloc[0]
        if pd.notna(net["ei"]):
            lines.append(
                f"Der **E-I-Index** des Netzes ist {_de(float(net['ei']), 2)} (erwartet "
                f"{_de(float(net['expected_ei']), 2)}): −1 hieße, alle Beziehungen bleiben "
                "innerhalb eines Sektors, +1, alle verbinden verschiedene Sektoren."
            )
    return "\n\n".join(lines)


@renamed(top_n="top")
def missing_note(missing: pd.DataFrame, *, top: int = 10) -> str:
    """German sentence on how many of the candidate pairs the CSV table holds ('' if all shown).

    Parameters
    ----------
    missing : pandas.DataFrame
        Result of :func:`netzwerk.missing_ties`.
    top : int, default 10
        Rows shown in the report; the CSV holds ``10 * top``. ``top_n`` is the deprecated
        old name.

    Returns
    -------
    str
        Markdown, or an empty string when the report shows every pair.

    See Also
    --------
    missing_display : The table above the note.

    Examples
    --------
    >>> missing_note(pd.DataFrame({"n_common": range(1500)}), top=10)
    'Die Tabelle `fehlende_verbindungen.csv` enthält die besten 100 von 1.500 solchen Paaren.'
    >>> missing_note(pd.DataFrame({"n_common": [2]}))
    ''
    """
    if len(missing) <= top:
        return ""
    return (
        f"Die Tabelle `fehlende_verbindungen.csv` enthält die besten "
        f"{_de(min(len(missing), 10 * top))} von {_de(len(missing))} solchen Paaren."
    )


def needs_markdown(needs: pd.DataFrame) -> str:
    """German sentences on the need cards of the Ressourcenbörse by status.

    Parameters
    ----------
    needs : pandas.DataFrame
        Result of :func:`netzwerk.unmet_needs`.

    Returns
    -------
    str
        Markdown.

    See Also
    --------
    netzwerk.unmet_needs : The table described.

    Examples
    --------
    >>> print(needs_markdown(pd.DataFrame({"status": ["unmet", "connected", "connected"]})))
    Von 3 Suchkarten findet 1 kein passendes Angebot ...
    """
    counts = {s: int((needs["status"] == s).sum()) for s in ("unmet", "unconnected", "connected")}
    return (
        f"Von {_n(len(needs), 'Suchkarte', 'Suchkarten')} findet {_de(counts['unmet'])} kein "
        f"passendes Angebot auf der Börse (**ungedeckt**); für {_de(counts['unconnected'])} gibt "
        "es ein Angebot, aber keine bestehende Kooperation zwischen Suchenden und Anbietenden "
        f"(**unverbunden** – hier lohnt ein Kontakt); {_de(counts['connected'])} sind schon "
        "über eine Kooperation verbunden. Anonyme Karten gelten als unverbunden, weil ihre "
        "Verfasser nicht bekannt sind."
    )


def fields_markdown(coverage: pd.DataFrame) -> str:
    """German sentences on referrals per Handlungsfeld: fields used and fields out of reach.

    Parameters
    ----------
    coverage : pandas.DataFrame
        Result of :func:`netzwerk.field_coverage`.

    Returns
    -------
    str
        Markdown.

    See Also
    --------
    netzwerk.field_coverage : The table described.
    field_flows : The referral counts.

    Examples
    --------
    >>> c = pd.DataFrame({"field": ["arbeit", "wohnen"], "sent_links": [2, 0]})
    >>> c.attrs["unreachable_fields"] = ["wohnen"]
    >>> "Wohnen" in fields_markdown(c)
    True
    """
    from netzwerk.vocab import label

    used = coverage.groupby("field", sort=False)["sent_links"].sum()
    used_codes = {f for f, n in used.items() if n > 0}
    used_fields = [md_text(label("fields", f, "de")) for f in used.index if f in used_codes]
    unreachable = list(coverage.attrs.get("unreachable_fields", []))
    lines = [
        f"Verweise sind in {_n(len(used_fields), 'Handlungsfeld', 'Handlungsfeldern')} "
        f"dokumentiert{': ' + ', '.join(used_fields) if used_fields else ''}."
    ]
    cut_off = [md_text(label("fields", f, "de")) for f in unreachable if f in used_codes]
    blank = [md_text(label("fields", f, "de")) for f in unreachable if f not in used_codes]
    if cut_off:
        lines.append(
            "In diesen Handlungsfeldern gibt es Verweise, aber keiner führt von einer "
            "Anlaufstelle (Beratung, Wohlfahrt, Migrantenorganisationen) dorthin: "
            f"{', '.join(cut_off)}."
        )
    if blank:
        lines.append(
            f"In diesen Handlungsfeldern ist gar kein Verweis dokumentiert: {', '.join(blank)}. "
            "Wo Verweise nicht erhoben wurden, sagt das nichts über die Praxis, sondern über "
            "die Datenlage."
        )
    return "\n\n".join(lines)


def methods_markdown(parameters: Mapping[str, Any]) -> str:
    """German description of the methods and limits, with the parameters of this run.

    Parameters
    ----------
    parameters : mapping
        The notebook's parameters.

    Returns
    -------
    str
        Markdown.

    See Also
    --------
    weighting_label : The weighting's German name.

    Examples
    --------
    >>> "1.000 Permutationen" in methods_markdown({"n_permutations": 1000, "seed": 0})
    True
    """
    from netzwerk.brokers import DEFAULT_ALPHA

    p = dict(config.DEFAULT_PARAMETERS) | dict(parameters)
    period = p.get("period")
    return "\n".join(
        [
            "- **Kooperationsnetz:** Zwei Akteure sind verbunden, wenn sie an einem Treffen "
            "teilnahmen oder einander Ratsuchende verwiesen. Ausrichtende, Gastgebende, "
            "Fördernde und Moderierende zählen voll, Vortragende 0,6, Teilnehmende 0,3; "
            f"Gewichtung der Treffen: {weighting_label(p.get('weighting'))}"
            f"{'; Newman 2001' if p.get('weighting') == 'newman' else ''}.",
            "- **Zeitraum:** "
            + ("alle dokumentierten Daten" if period is None else md_text(period_de(period)))
            + ".",
            *(
                [
                    "- **Sprache:** Die Abbildungen sind englisch beschriftet (Parameter "
                    "`lang` = en); der Text dieses Berichts bleibt deutsch."
                ]
                if p.get("lang") == "en"
                else []
            ),
            "- **Vermittler:** Betweenness (Freeman 1977), Vermittlungsrollen nach Gould & "
            "Fernandez (1989), strukturelle Löcher nach Burt (1992), Schnittpunkte. Die "
            "Gewichte verkürzen in der Betweenness die Wege über starke Beziehungen (Länge "
            f"(1/Gewicht) hoch {_de(DEFAULT_ALPHA, 1)}: zwei Schritte sind erst kürzer als "
            "eine direkte Beziehung, wenn beide viermal so stark sind), damit die "
            "Rollengewichte keine Vermittler erfinden; nachzulesen bei Opsahl, Agneessens & "
            "Skvoretz (2010), *Social Networks* 32, 245–251. Als Vermittler gilt nur, wer "
            "zwischen zwei nicht direkt verbundenen Akteuren steht.",
            f"- **Lücken:** Dichte zwischen Sektoren gegen {_de(p.get('n_permutations'))} "
            f"Permutationen der Sektorzugehörigkeit (Zufallsstartwert {p.get('seed')}), "
            f"Signifikanzniveau {_de(p.get('alpha'), 2)} mit Benjamini-Hochberg-Korrektur; "
            "E-I-Index nach Krackhardt & Stern (1988).",
            f"- **Datenschutz:** Verweiszahlen unter {p.get('suppress_below')} werden in Tabellen "
            "als „<{0}“ gezeigt, damit keine Einzelfälle erkennbar werden.".format(
                p.get("suppress_below")
            ),
            "- **Grenzen:** Das Netz zeigt nur, was in den Quellen steht. Wer nicht genannt "
            "wird, fehlt; Kontakte außerhalb dokumentierter Treffen und Verweise fehlen ganz. "
            "Sammelakteure (z. B. „rund 33 Vereine“) stehen für mehrere Organisationen und "
            "erscheinen dadurch zentraler als jede einzelne. Eine fehlende Verbindung ist eine "
            "Frage an die Praxis, kein Befund über sie.",
        ]
    )


def comparison_row(
    city: City,
    G: nx.Graph,
    *,
    broker_table: pd.DataFrame | None = None,
    n_permutations: int = 200,
    seed: int = 0,
) -> dict[str, Any]:
    """One row of the city comparison: size, density, centralisation, E-I, gaps, top broker.

    Parameters
    ----------
    city : City
    G : networkx.Graph
        Its cooperation graph.
    broker_table : pandas.DataFrame, optional
        ``netzwerk.brokers.brokers(G)``, for the top broker.
    n_permutations : int, default 200
        For :func:`netzwerk.sector_gaps` and :func:`netzwerk.ei_index`.
    seed : int, default 0

    Returns
    -------
    dict
        ``Stadt``, ``synthetisch``, ``Akteure``, ``Treffen``, ``Beziehungen``, ``Dichte``,
        ``Zentralisierung``, ``E-I``, ``E-I erwartet``, ``Lücken`` (significant sector gaps),
        ``stärkster Vermittler`` (all actors sharing the first rank, "A und B"; "niemand
        vermittelt" where nobody stands between others,
        :func:`netzwerk.brokers.leading_brokers`; None without a broker table). Without ties
        the measures are NaN and ``Lücken`` is 0.

    See Also
    --------
    netzwerk.report.brokerage_by_sector : The other comparison table.

    Examples
    --------
    >>> from netzwerk.io import City
    >>> a = pd.DataFrame({"actor_id": ["a", "b"], "name": ["A", "B"],
    ...     "sector": ["mso", "wohlfahrt"], "level": ["kommune"] * 2})
    >>> G = nx.Graph([("a", "b")])
    >>> nx.set_node_attributes(G, {"a": "mso", "b": "wohlfahrt"}, "sector")
    >>> row = comparison_row(City.from_frames(meta={"name": "x"}, actors=a), G)
    >>> row["Beziehungen"], row["Dichte"], row["E-I"]
    (1, 1.0, 1.0)
    """
    import warnings

    from netzwerk.gaps import ei_index, sector_gaps

    net = _network_figures(G)
    ei = expected = math.nan
    n_gaps = 0
    if net["n_ties"]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            gaps = sector_gaps(G, n_permutations=n_permutations, seed=seed)
            table = ei_index(G, n_permutations=n_permutations, seed=seed)
        n_gaps = int(gaps["gap"].fillna(False).astype(bool).sum())
        row = table[table["level"] == "network"].iloc[0]
        ei, expected = float(row["ei"]), float(row["expected_ei"])
    top = None
    if broker_table is not None and len(broker_table):
        from netzwerk.brokers import leading_brokers

        # only actors that stand between others; several sharing the first rank are named
        leading = leading_brokers(broker_table)
        top = _names_de([_name(G, a) for a in leading]) or "niemand vermittelt"
    return {
        "Stadt": str(city.meta.get("city") or city.name),
        "synthetisch": city.synthetic,
        "Akteure": len(city.actors),
        "Treffen": len(city.events),
        "Beziehungen": net["n_ties"],
        "Dichte": net["density"],
        "Zentralisierung": net["degree_centralization"],
        "E-I": ei,
        "E-I erwartet": expected,
        "Lücken": n_gaps,
        "stärkster Vermittler": top,
    }


def note_markdown(note: str) -> str:
    """A note of the measures (e.g. of :func:`gap_analysis`) as the report shows it.

    Parameters
    ----------
    note : str
        A German sentence, already Markdown-safe (the ``notes`` of :func:`gap_analysis`).

    Returns
    -------
    str
        ``*Hinweis:* <note>``.

    See Also
    --------
    gap_analysis : Where the notes come from.

    Examples
    --------
    >>> note_markdown("Zu wenige Permutationen.")
    '*Hinweis:* Zu wenige Permutationen.'
    """
    return f"*Hinweis:* {note}"


def footer_markdown(results_path: str | Path) -> str:
    """The report's last line: the netzwerk version and where the key figures are.

    Parameters
    ----------
    results_path : str or Path
        The ``results.json`` the run wrote (:func:`write_results`); only its name is shown.

    Returns
    -------
    str

    See Also
    --------
    write_results : Writes the file named here.

    Examples
    --------
    >>> footer_markdown("/tmp/x/results.json").endswith("liegen im selben Ordner.*")
    True
    """
    from netzwerk import __version__

    return (
        f"*Erzeugt mit netzwerk {__version__}. Kennzahlen, Prüfsummen der Eingabedaten und "
        f"Parameter stehen in `{Path(results_path).name}`; Abbildungen (PNG, SVG) und Tabellen "
        "(CSV) liegen im selben Ordner.*"
    )
