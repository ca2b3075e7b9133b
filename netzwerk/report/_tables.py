"""The report's tables, labels and figure/table files: ``html_table``, actor/broker/source tables, ``save_table``, ``show_figure``, ``absent``."""

from __future__ import annotations

import html as _html
import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
import pandas as pd

from netzwerk._checks import renamed
from netzwerk._escape import md_text
from netzwerk._terms import anchor, explain, term, term_key

if TYPE_CHECKING:
    from netzwerk.io import City
from netzwerk._dates import _de


def _n(value: float, singular: str, plural: str) -> str:
    return f"{_de(value)} {singular if value == 1 else plural}"


def events_in_period(city: City, period: Any = None) -> pd.DataFrame:
    """The city's events that the graphs count for ``period``.

    Parameters
    ----------
    city : City
    period : int, str, tuple or None, optional
        As for :func:`netzwerk.graph.period_bounds` (midpoint rule); None: all events.

    Returns
    -------
    pandas.DataFrame
        The rows of ``city.events`` in the period.

    See Also
    --------
    netzwerk.graph.period_bounds : The days a period covers.
    """
    from netzwerk.graph import _in_period, period_bounds

    e = city.events
    bounds = period_bounds(period)
    if bounds is None or e.empty:
        return e
    return e.loc[_in_period(e["date_start"], e["date_end"], bounds)]


def _sector(code: Any) -> str:
    from netzwerk.vocab import label

    return label("sectors", str(code), "de")


#: German names of the weighting schemes of :func:`netzwerk.cooperation_graph`.
_WEIGHTINGS_DE = {
    "newman": "Newman (ein großes Treffen zählt pro Paar weniger als ein kleines)",
    "count": "Zahl der gemeinsamen Treffen (jedes Treffen zählt gleich)",
    "jaccard": "Jaccard (gemeinsame Treffen im Verhältnis zu allen Treffen der beiden)",
}


def weighting_label(code: str) -> str:
    """German description of a weighting scheme of :func:`netzwerk.cooperation_graph`.

    Parameters
    ----------
    code : str
        ``"newman"``, ``"count"`` or ``"jaccard"``; another value is returned quoted.

    Returns
    -------
    str

    See Also
    --------
    methods_markdown : Names the weighting in the methods.

    Examples
    --------
    >>> weighting_label("count")
    'Zahl der gemeinsamen Treffen (jedes Treffen zählt gleich)'
    >>> weighting_label("other")
    '„other“'
    """
    return _WEIGHTINGS_DE.get(str(code), f"„{code}“")


def city_label(city: City) -> str:
    """The place a report is about, for headings: ``city`` from ``datapackage.json``.

    Parameters
    ----------
    city : City

    Returns
    -------
    str
        ``meta["city"]``, else ``meta["title"]``, else the folder name.

    See Also
    --------
    title_markdown : The report's title.
    map_title : The map's title.

    Examples
    --------
    >>> from netzwerk.io import City
    >>> city_label(City.from_frames(meta={"name": "x", "city": "Stadt X"}))
    'Stadt X'
    """
    meta = city.meta or {}
    return str(meta.get("city") or meta.get("title") or city.name)


def _name(G: nx.Graph | None, node: Any) -> str:
    if G is not None and node in G:
        return str(G.nodes[node].get("name") or node)
    return str(node)


# Markdown sentences take every string from data through md_text (tables: html_table escapes).
def _md_name(G: nx.Graph | None, node: Any) -> str:
    return md_text(_name(G, node))


def _md_sector(code: Any) -> str:
    return md_text(_sector(code))


def banner_html(city: City) -> str:
    """The "Synthetische Daten" banner for the top of a synthetic city's report ('' otherwise).

    Parameters
    ----------
    city : City

    Returns
    -------
    str
        An HTML block (empty string for real data).

    See Also
    --------
    title_markdown : The title below the banner.

    Examples
    --------
    >>> from netzwerk.io import City
    >>> "Synthetische Daten" in banner_html(City.from_frames(meta={"synthetic": True}))
    True
    >>> banner_html(City.from_frames(meta={"synthetic": False}))
    ''
    """
    if not city.synthetic:
        return ""
    return (
        '<div style="border:3px solid #b00020;background:#fde8ec;color:#5c0011;'
        'padding:0.8em 1em;margin:0 0 1em 0;font-size:1.15em">'
        "<strong>Synthetische Daten – keine wirkliche Kommune.</strong> Diese Stadt ist "
        "erfunden: Akteure, Treffen, Verweise und Karten der Ressourcenbörse hat ein "
        "Zufallsgenerator (<code>netzwerk.synth</code>) erzeugt, um die Methode vorzuführen. "
        "Namen, die nach wirklichen Einrichtungen klingen, sind ausgedacht; keine Zahl und keine "
        "Aussage dieses Berichts gilt für eine wirkliche Stadt oder Organisation.</div>"
    )


def actors_table(city: City) -> pd.DataFrame:
    """Actors per sector, with German sector labels, for the overview.

    Parameters
    ----------
    city : City

    Returns
    -------
    pandas.DataFrame
        Columns ``Sektor``, ``Akteure``, ``davon Sammelakteure``; sorted by number, then label.

    See Also
    --------
    overview_markdown : The sentences above the table.
    html_table : Renders it.

    Examples
    --------
    >>> import pandas as pd
    >>> from netzwerk.io import City
    >>> city = City.from_frames(actors=pd.DataFrame({"actor_id": ["a", "b"],
    ...     "name": ["A", "B"], "sector": ["mso", "mso"], "level": ["kommune"] * 2}))
    >>> actors_table(city).to_dict("records")
    [{'Sektor': 'Migrantenorganisationen', 'Akteure': 2, 'davon Sammelakteure': 0}]
    """
    a = city.actors.assign(agg=city.actors["aggregate"].fillna(False).astype(bool))
    rows = [
        {"Sektor": _sector(s), "Akteure": len(g), "davon Sammelakteure": int(g["agg"].sum())}
        for s, g in a.groupby("sector", sort=True)
    ]
    frame = pd.DataFrame(rows, columns=["Sektor", "Akteure", "davon Sammelakteure"])
    return frame.sort_values(["Akteure", "Sektor"], ascending=[False, True], ignore_index=True)


def _names_de(names: Sequence[str]) -> str:
    """``A``, ``A und B``, ``A, B und C``: a German list of names."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " und " + names[-1]


def _rank_labels(values: pd.Series) -> list[str]:
    """Rank labels in ``values``' order: ``"1"``, or ``"1 (geteilt)"`` where several share it."""
    from netzwerk.brokers import shared_ranks

    ranks = shared_ranks(values)
    counts = ranks.value_counts()
    return [f"{r} (geteilt)" if counts[r] > 1 else str(r) for r in ranks]


@renamed(top_n="top")
def broker_display(
    table: pd.DataFrame,
    G: nx.Graph | None = None,
    *,
    top: int = 10,
) -> pd.DataFrame:
    """The top brokers as a German table for the report, shared ranks marked as such.

    Parameters
    ----------
    table : pandas.DataFrame
        Result of :func:`netzwerk.brokers.broker_table` (indexed by ``actor_id``).
    G : networkx.Graph, optional
        For the actors' names.
    top : int, default 10
        How many actors are listed (``top_n``: deprecated old name).

    Returns
    -------
    pandas.DataFrame
        The ``top`` actors by betweenness (ties by ``actor_id``) among those that stand
        between others (:func:`netzwerk.brokers.mediating`: on a shortest path between two
        actors without a direct tie), with columns ``Rang`` (``"1"``, or ``"1 (geteilt)"``
        where several actors share the rank), ``Akteur``, ``Sektor``, ``Partner``,
        ``Vermittlungsposition (Betweenness)``, ``Vermittelte Wege (Gould–Fernandez)``,
        ``Schnittpunkt``, ``Constraint (Burt)`` (the terms of :mod:`netzwerk._terms`, explained
        in the report's "Begriffe" section). Empty when nobody stands between others: a list of actors whose
        betweenness comes from the weights alone would rank nothing.

    See Also
    --------
    brokers_markdown : The sentences about the same table.
    netzwerk.brokers.mediating : Who stands between others.

    Examples
    --------
    >>> t = pd.DataFrame({"group": ["mso", "mso"], "degree": [1, 2], "betweenness": [0.0, 1.0],
    ...     "total": [0, 2], "is_cutpoint": [False, True], "constraint": [1.0, 0.5]},
    ...     index=pd.Index(["a", "b"], name="actor_id"))
    >>> broker_display(t, top=1)[["Rang", "Akteur"]].values.tolist()
    [['1', 'b']]
    """
    from netzwerk.brokers import mediating

    shown = table[mediating(table)]
    between = dict(zip(shown.index, shown["betweenness"].astype(float), strict=True))
    order = sorted(shown.index, key=lambda a: (-between[a], str(a)))
    leaders = shown.loc[order[:top]]
    out = pd.DataFrame(
        {
            "Rang": _rank_labels(shown.loc[order, "betweenness"])[:top],
            "Akteur": [_name(G, a) for a in leaders.index],
            "Sektor": [_sector(s) for s in leaders["group"]],
            "Partner": leaders["degree"].to_numpy(),
            term("betweenness"): leaders["betweenness"].round(3).to_numpy(),
            term("total"): leaders["total"].to_numpy() if "total" in leaders else np.nan,
            term("is_cutpoint"): [
                "ja" if x else "nein" for x in leaders["is_cutpoint"].fillna(False)
            ],
            term("constraint"): leaders["constraint"].round(3).to_numpy()
            if "constraint" in leaders
            else np.nan,
        }
    )
    return out


@renamed(top_n="top")
def missing_display(
    missing: pd.DataFrame,
    G: nx.Graph | None = None,
    *,
    top: int = 10,
) -> pd.DataFrame:
    """The best candidates for a new cross-sector tie as a German table.

    Parameters
    ----------
    missing : pandas.DataFrame
        Result of :func:`netzwerk.missing_ties`.
    G : networkx.Graph, optional
        For names.
    top : int, default 10
        How many pairs are listed (``top_n``: deprecated old name).

    Returns
    -------
    pandas.DataFrame
        Columns ``Akteur A``, ``Sektor A``, ``Akteur B``, ``Sektor B``,
        ``gemeinsame Partner``.

    See Also
    --------
    missing_note : The sentence below the table.
    netzwerk.missing_ties : The pairs shown.

    Examples
    --------
    >>> m = pd.DataFrame({"actor_a": ["a"], "actor_b": ["b"], "group_a": ["mso"],
    ...     "group_b": ["mso"], "n_common": [2]})
    >>> missing_display(m)["gemeinsame Partner"].tolist()
    [2]
    """
    head = missing.head(top)
    return pd.DataFrame(
        {
            "Akteur A": [_name(G, a) for a in head["actor_a"]],
            "Sektor A": [_sector(s) for s in head["group_a"]],
            "Akteur B": [_name(G, b) for b in head["actor_b"]],
            "Sektor B": [_sector(s) for s in head["group_b"]],
            "gemeinsame Partner": head["n_common"].to_numpy(),
        }
    )


def sources_table(city: City) -> pd.DataFrame:
    """The city's sources for the report: title, publisher, date and address as plain text.

    Parameters
    ----------
    city : City

    Returns
    -------
    pandas.DataFrame
        Columns ``Kurzname``, ``Titel``, ``Herausgeber``, ``Datum``, ``Fundstelle`` (the URL as
        text, not a link, so the report loads nothing).

    See Also
    --------
    html_table : Renders it.

    Examples
    --------
    >>> from netzwerk.io import City
    >>> s = pd.DataFrame({"source_id": ["q"], "file": ["q.txt"], "title": ["T"],
    ...     "url": ["https://example.org"]})
    >>> sources_table(City.from_frames(sources=s))["Fundstelle"].tolist()
    ['https://example.org']
    """
    s = city.sources
    get = lambda col: s[col].fillna("").astype(str).to_numpy() if col in s else ""  # noqa: E731
    return pd.DataFrame(
        {
            "Kurzname": get("source_id"),
            "Titel": get("title"),
            "Herausgeber": get("publisher"),
            "Datum": get("date"),
            "Fundstelle": get("url"),
        }
    )


def _header(column: Any) -> str:
    """A header cell's attributes and text: a glossary term links to its explanation.

    >>> _header("Akteur")
    '>Akteur'
    >>> cell = _header(term("constraint"))
    >>> cell.startswith(' title="Wie sehr'), cell.endswith('<a href="#begriff-constraint">Constraint (Burt)</a>')
    (True, True)
    """
    text = _html.escape(str(column))
    key = term_key(str(column))
    if key is None:
        return f">{text}"
    return f' title="{_html.escape(explain(key))}"><a href="#{anchor(key)}">{text}</a>'


def html_table(frame: pd.DataFrame, *, digits: int = 3) -> str:
    """A table for the report as HTML: German numbers, text left and numbers right aligned.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table (not modified); its index is not shown.
    digits : int, default 3
        Decimal places of non-integer numbers.

    Returns
    -------
    str
        An HTML ``<table>``: decimal comma and point grouping (``1.234,567``), ``ja``/``nein``
        for booleans, ``–`` for missing values, cell text escaped.

    Raises
    ------
    TypeError
        If ``frame`` is not a DataFrame.

    See Also
    --------
    save_table : Writes the same table as CSV.

    Examples
    --------
    >>> t = pd.DataFrame({"Akteur": ["A & B"], "Wert": [0.1234], "n": [1200], "x": [None]})
    >>> page = html_table(t)
    >>> '<td style="text-align:right">0,123</td>' in page, "1.200" in page
    (True, True)
    >>> "A &amp; B" in page, '<td style="text-align:left">–</td>' in page
    (True, True)
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    numeric = [
        pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
        for c in frame.columns
    ]

    def cell(value: Any) -> str:
        if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            return "–"
        if isinstance(value, bool | np.bool_):
            return "ja" if value else "nein"
        if isinstance(value, int | float | np.integer | np.floating):
            return _de(value, digits)
        return _html.escape(str(value))

    def align(is_number: bool) -> str:
        return ' style="text-align:right"' if is_number else ' style="text-align:left"'

    head = "".join(
        f"<th{align(n)}{_header(c)}</th>" for c, n in zip(frame.columns, numeric, strict=True)
    )
    body = "".join(
        "<tr>"
        + "".join(f"<td{align(n)}>{cell(v)}</td>" for v, n in zip(row, numeric, strict=True))
        + "</tr>\n"
        for row in frame.itertuples(index=False, name=None)
    )
    return (
        f'<table class="dataframe"><thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody></table>'
    )


def show_figure(figure: Any, out_dir: str | Path, name: str, *, dpi: int = 200) -> Any:
    """Save a figure as PNG and SVG, close it, and return the PNG for display in the notebook.

    Drawing a figure is the slow part of the report: showing the saved PNG instead of letting
    the notebook draw the figure once more saves one rendering per figure.

    Parameters
    ----------
    figure : matplotlib Figure or Axes
        The figure (or an Axes on it).
    out_dir : str or Path
        Folder for ``<name>.png`` and ``<name>.svg`` (:func:`netzwerk.save_figure`).
    name : str
        File name without suffix.
    dpi : int, default 200
        Resolution of the PNG; it is shown at the size of a 100 dpi rendering.

    Returns
    -------
    IPython.display.Image
        The PNG, embedded (the HTML report needs no file beside it), with the figure's title
        as its text alternative (``alt``).

    Raises
    ------
    TypeError
        If ``figure`` is neither a Figure nor an Axes.

    See Also
    --------
    save_table : The same for tables.

    Examples
    --------
    >>> import tempfile, matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(2, 1))
    >>> image = show_figure(ax, tempfile.mkdtemp(), "f", dpi=200)
    >>> pixels = int.from_bytes(image.data[16:20], "big")  # PNG width
    >>> image.width == round(pixels / 2), plt.fignum_exists(fig.number)
    (True, False)
    """
    import matplotlib.pyplot as plt
    from IPython.display import Image
    from matplotlib.figure import Figure

    from netzwerk.plot import save_figure

    fig = figure if isinstance(figure, Figure) else getattr(figure, "figure", None)
    if not isinstance(fig, Figure):
        raise TypeError(f"figure must be a matplotlib Figure or Axes, got {type(figure).__name__}")
    png = save_figure(fig, Path(out_dir) / name, formats=("png", "svg"), dpi=dpi)[0]
    # the figure's own (German) title is the image's text for screen readers and the report
    titles = [fig.get_suptitle()] + [ax.get_title() for ax in fig.axes]
    alt = next((" ".join(t.split()) for t in titles if t and t.strip()), "Abbildung")
    plt.close(fig)
    data = png.read_bytes()
    width = int.from_bytes(data[16:20], "big")  # PNG IHDR: width in pixels
    return Image(data=data, format="png", width=round(width * 100 / dpi), metadata={"alt": alt})


def absent(what: str) -> str:
    """One German sentence for a section whose data or measure a city lacks.

    Parameters
    ----------
    what : str
        One of ``"referrals"``, ``"resources"``, ``"events"``, ``"ties"``, ``"brokerage"``
        (nobody brokers), ``"referral_counts"`` (referrals without counts), ``"one_event"``
        (robustness cannot be checked), ``"no_ranked_brokers"`` (no rank intervals to draw),
        ``"missing_ties"`` (no cross-sector pair with shared
        partners), ``"suggestions"`` (no suggested tie).

    Returns
    -------
    str

    Raises
    ------
    ValueError
        If ``what`` is none of these.

    See Also
    --------
    note_markdown : A warning of the measures shown as a note.

    Examples
    --------
    >>> absent("resources")
    'Für diese Stadt ist keine Ressourcenbörse dokumentiert; dieser Abschnitt entfällt.'
    """
    sentences = {
        "referrals": "Für diese Stadt sind keine Verweise dokumentiert; dieser Abschnitt entfällt.",
        "resources": "Für diese Stadt ist keine Ressourcenbörse dokumentiert; dieser Abschnitt entfällt.",
        "events": "Für diese Stadt sind keine Treffen dokumentiert; es gibt kein Kooperationsnetz.",
        "ties": "Das Netz hat keine Kooperationsbeziehungen; dieser Abschnitt entfällt.",
        "brokerage": (
            "Kein Akteur vermittelt im Sinne von Gould und Fernandez: Wer mit zwei Akteuren "
            "verbunden ist, die selbst nicht direkt verbunden sind, kommt in diesen Daten nicht "
            "vor (etwa weil alle Akteure an denselben Treffen teilnahmen). Die Abbildung der "
            "Vermittlungsrollen entfällt."
        ),
        "referral_counts": (
            "Für keinen Verweis ist eine Fallzahl dokumentiert, nur dass es ihn gibt; eine "
            "Abbildung der Fallzahlen entfällt."
        ),
        "missing_ties": (
            "Es gibt kein Paar aus verschiedenen Sektoren ohne Verbindung, das zwei oder mehr "
            "gemeinsame Partner hat."
        ),
        "suggestions": "Die Daten ergeben keinen begründeten Vorschlag für eine neue Kooperation.",
        "no_ranked_brokers": (
            "Kein Akteur steht zwischen zwei anderen, die nicht selbst verbunden sind; es gibt "
            "daher keine Rangfolge von Vermittlern, deren Spanne eine Abbildung zeigen könnte."
        ),
        "one_event": (
            "Es ist nur ein Treffen dokumentiert. Ob die Rangfolge der Vermittler an einem "
            "einzelnen Treffen hängt, lässt sich daher nicht prüfen: Alles, was dieser Bericht "
            "über Vermittler sagt, beruht auf diesem einen Treffen."
        ),
    }
    if what not in sentences:
        raise ValueError(f"absent: unknown section {what!r}; one of {sorted(sentences)}")
    return sentences[what]


def suggestions_display(suggestions: pd.DataFrame) -> pd.DataFrame:
    """The suggested new ties as a German table: the two actors and the reason.

    Parameters
    ----------
    suggestions : pandas.DataFrame
        Result of :func:`netzwerk.suggest_ties` (columns ``name_a``, ``name_b``, ``reason``).

    Returns
    -------
    pandas.DataFrame
        Columns ``Akteur A``, ``Akteur B``, ``Begründung``, in the order of ``suggestions``.

    See Also
    --------
    netzwerk.suggest_ties : The suggestions and their reasons.
    missing_display : The pairs with shared partners but no tie.

    Examples
    --------
    >>> s = pd.DataFrame({"name_a": ["A"], "name_b": ["B"], "reason": ["gemeinsame Partner"],
    ...     "score": [0.5]})
    >>> suggestions_display(s).columns.tolist()
    ['Akteur A', 'Akteur B', 'Begründung']
    """
    return suggestions[["name_a", "name_b", "reason"]].rename(
        columns={"name_a": "Akteur A", "name_b": "Akteur B", "reason": "Begründung"}
    )


def map_title(city: City) -> str:
    """The title of the city's interactive map: ``Kooperationsnetz: <city>``.

    Parameters
    ----------
    city : City

    Returns
    -------
    str

    See Also
    --------
    city_label : The city's name as the report writes it.
    netzwerk.network_map : The map this titles.
    """
    return f"Kooperationsnetz: {city_label(city)}"


def save_table(
    frame: pd.DataFrame,
    out_dir: str | Path,
    name: str,
    *,
    counts: bool = False,
    suppress_below: int = 5,
) -> Path:
    """Write a result table as CSV (UTF-8); count tables with small counts suppressed.

    Text that a spreadsheet program would run as a formula (``=…``, ``+…``, ``-…``, ``@…``)
    gets a leading apostrophe (:func:`netzwerk.privacy.csv_safe`); numbers stay numbers.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table (not modified).
    out_dir : str or Path
        Folder (created if missing).
    name : str
        File name without ``.csv``.
    counts : bool, default False
        The table holds referral counts (rows × columns): publish it through
        :func:`netzwerk.privacy.suppress_counts` (``"<5"``, secondary suppression, totals).
    suppress_below : int, default 5
        The threshold for ``counts``.

    Returns
    -------
    Path

    Raises
    ------
    TypeError
        If ``frame`` is not a DataFrame.

    See Also
    --------
    show_figure : The same for figures.
    netzwerk.privacy.suppress_counts : The suppression of counts.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> save_table(pd.DataFrame({"a": [1]}), tmp, "t").read_text()
    'a\\n1\\n'
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    table = frame
    from netzwerk.privacy import csv_safe, suppress_counts

    if counts:
        table = suppress_counts(frame, threshold=suppress_below)
    path = out / f"{name}.csv"
    index = not isinstance(table.index, pd.RangeIndex)
    # text that starts with = + - @ would run as a formula in a spreadsheet program
    csv_safe(table).to_csv(path, index=index, encoding="utf-8", lineterminator="\n")
    return path


def published_brokers(table: pd.DataFrame, G: nx.Graph) -> pd.DataFrame:
    """The broker table as it may leave the report: without tie sums that add referral counts.

    ``strength`` (an actor's weighted degree) adds the referral counts of its ties. An actor with
    one referral partner would then give that pair's count away, and with it a cell the field ×
    sector table suppresses (``<5`` or ``.``). Where any tie of ``G`` carries referral weight the
    column is left out; a graph of events alone keeps it.

    Parameters
    ----------
    table : pandas.DataFrame
        The table of :func:`netzwerk.brokers.broker_table` (not modified).
    G : networkx.Graph
        The graph the table was computed on.

    Returns
    -------
    pandas.DataFrame

    See Also
    --------
    save_table : writes the table as CSV.
    netzwerk.privacy.suppress_counts : the suppression rule of the count tables.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", weight=3.0, weight_referrals=3.0)
    >>> table = pd.DataFrame({"betweenness": [0.0, 0.0], "strength": [3.0, 3.0]}, index=["a", "b"])
    >>> list(published_brokers(table, G).columns)
    ['betweenness']
    """
    carries_referrals = any(d.get("weight_referrals") for _, _, d in G.edges(data=True))
    if carries_referrals and "strength" in table.columns:
        return table.drop(columns="strength")
    return table
