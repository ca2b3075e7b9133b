"""One term and one plain explanation per measure and role, in German and English.

The report text, its tables, the figures and the map use the same word for the same concept;
that word lives here once. :func:`term` gives the word (for table headers, legends, tooltips),
:func:`explain` one or two plain sentences on what the number counts and what a high and a low
value mean for cooperation in the city, :func:`glossary_markdown` the report's "Begriffe"
section built from both.

Examples
--------
>>> term("gatekeeper")
'Türsteher'
>>> term("gatekeeper", "en")
'Gatekeeper'
>>> "Vermittlungsposition" in term("betweenness")
True
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["GLOSSARY_KEYS", "explain", "glossary_markdown", "term"]

# key → lang → (term, explanation). Explanations: what is counted, then high vs. low.
_TERMS: dict[str, dict[str, tuple[str, str]]] = {
    "betweenness": {
        "de": (
            "Vermittlungsposition (Betweenness)",
            "Anteil der kürzesten Wege zwischen zwei anderen Akteuren, die über diesen Akteur "
            "laufen (0 bis 1). Hoch: viele Kontakte zwischen anderen gehen über ihn – er kann "
            "verbinden, ist aber auch ein Engpass; 0: niemand ist auf ihn als Zwischenstation "
            "angewiesen.",
        ),
        "en": (
            "Betweenness",
            "Share of shortest paths between two other actors that pass through this actor "
            "(0 to 1). High: many contacts between others run through it – it can connect, but "
            "is also a bottleneck; 0: nobody depends on it as a go-between.",
        ),
    },
    "total": {
        "de": (
            "Vermittelte Wege (Gould–Fernandez)",
            "Zahl der Wege A – Akteur – B, bei denen A und B selbst nicht verbunden sind; "
            "aufgeteilt nach den fünf Vermittlungsrollen je nach Sektor von A, Akteur und B. "
            "Hoch: der Akteur bringt viele sonst getrennte Partner zusammen; 0: er vermittelt "
            "nirgends.",
        ),
        "en": (
            "Brokered paths (Gould–Fernandez)",
            "Number of paths A – actor – B where A and B have no tie of their own, split into "
            "the five brokerage roles by the sectors of A, the actor and B. High: the actor "
            "brings many otherwise separate partners together; 0: it brokers nowhere.",
        ),
    },
    "coordinator": {
        "de": (
            "Koordinator",
            "Vermittelt innerhalb des eigenen Sektors (A, Akteur und B im selben Sektor). "
            "Viele solche Wege: der Sektor hält über diesen Akteur zusammen.",
        ),
        "en": (
            "Coordinator",
            "Brokers within its own sector (A, actor and B in the same sector). Many such "
            "paths: the sector holds together through this actor.",
        ),
    },
    "itinerant": {
        "de": (
            "Berater",
            "Vermittelt zwischen zwei Akteuren eines anderen Sektors als dem eigenen "
            "(A und B im selben Sektor, der Akteur von außen). Viele solche Wege: ein Sektor "
            "findet intern über einen Außenstehenden zusammen.",
        ),
        "en": (
            "Itinerant broker",
            "Brokers between two actors of one other sector (A and B in the same sector, the "
            "actor from outside). Many such paths: a sector connects internally through an "
            "outsider.",
        ),
    },
    "representative": {
        "de": (
            "Vertreter",
            "Gibt aus dem eigenen Sektor nach außen weiter (A im Sektor des Akteurs, B in "
            "einem anderen). Viele solche Wege: der Akteur spricht für seinen Sektor gegenüber "
            "anderen.",
        ),
        "en": (
            "Representative",
            "Passes from its own sector outwards (A in the actor's sector, B in another). Many "
            "such paths: the actor speaks for its sector to others.",
        ),
    },
    "gatekeeper": {
        "de": (
            "Türsteher",
            "Nimmt von außen in den eigenen Sektor auf (A in einem anderen Sektor, B im Sektor "
            "des Akteurs). Viele solche Wege: wer von außen in diesen Sektor will, kommt über "
            "diesen Akteur.",
        ),
        "en": (
            "Gatekeeper",
            "Lets outsiders into its own sector (A in another sector, B in the actor's sector). "
            "Many such paths: whoever wants to reach this sector from outside comes through "
            "this actor.",
        ),
    },
    "liaison": {
        "de": (
            "Verbindungsglied",
            "Vermittelt zwischen zwei Sektoren, denen er beide nicht angehört (A, Akteur und B "
            "in drei verschiedenen Sektoren). Viele solche Wege: der Akteur verbindet Bereiche, "
            "die sonst nicht miteinander sprechen.",
        ),
        "en": (
            "Liaison",
            "Brokers between two sectors it belongs to neither of (A, actor and B in three "
            "different sectors). Many such paths: the actor links areas that otherwise do not "
            "talk to each other.",
        ),
    },
    "is_cutpoint": {
        "de": (
            "Schnittpunkt",
            "Ein Akteur, ohne den das Netz in getrennte Teile zerfiele. Ein Schnittpunkt ist "
            "unverzichtbar für den Zusammenhalt – und ein Risiko, wenn er wegfällt.",
        ),
        "en": (
            "Cut point",
            "An actor without which the network would fall apart into separate parts. A cut "
            "point is indispensable for cohesion – and a risk if it drops out.",
        ),
    },
    "constraint": {
        "de": (
            "Constraint (Burt)",
            "Wie sehr die Kontakte eines Akteurs untereinander verbunden sind und an wenigen "
            "Partnern hängen (etwa 0 bis 1). Niedrig: viele voneinander unabhängige Partner, "
            "gute Vermittlungschancen; hoch: alle Partner kennen sich, wenig Spielraum.",
        ),
        "en": (
            "Constraint (Burt)",
            "How strongly an actor's contacts are tied to each other and concentrated on few "
            "partners (about 0 to 1). Low: many independent partners, good brokerage "
            "opportunities; high: all partners know each other, little room.",
        ),
    },
    "effective_size": {
        "de": (
            "Effektive Größe (Burt)",
            "Zahl der Partner, abzüglich dessen, was die Partner untereinander schon verbindet. "
            "Hoch: der Akteur erreicht viele verschiedene Kreise; nahe 1: die Partner bilden "
            "eine geschlossene Gruppe.",
        ),
        "en": (
            "Effective size (Burt)",
            "Number of partners minus what the partners already share among themselves. High: "
            "the actor reaches many different circles; near 1: the partners form one closed "
            "group.",
        ),
    },
    "participation_coefficient": {
        "de": (
            "Partizipationskoeffizient",
            "Wie gleichmäßig sich die Verbindungen eines Akteurs auf die Gemeinschaften des "
            "Netzes verteilen (0 bis unter 1). Hoch: der Akteur arbeitet mit vielen Gruppen "
            "zusammen; 0: alle Verbindungen bleiben in seiner eigenen Gruppe.",
        ),
        "en": (
            "Participation coefficient",
            "How evenly an actor's ties spread over the network's communities (0 to below 1). "
            "High: the actor works with many groups; 0: all its ties stay within its own "
            "group.",
        ),
    },
    "community": {
        "de": (
            "Gemeinschaft",
            "Eine Gruppe von Akteuren, die untereinander deutlich enger verbunden sind als mit "
            "dem Rest (aus den Daten berechnet, nicht vorgegeben). Die Nummer ist nur ein Name "
            "für die Gruppe.",
        ),
        "en": (
            "Community",
            "A group of actors much more closely tied to each other than to the rest (computed "
            "from the data, not given). The number is only a name for the group.",
        ),
    },
    "degree": {
        "de": (
            "Zahl der Partner",
            "Mit wie vielen anderen Akteuren ein Akteur direkt verbunden ist. Hoch: viele "
            "Kontakte – das allein ist noch keine Vermittlungsposition.",
        ),
        "en": (
            "Number of partners",
            "How many other actors an actor is directly tied to. High: many contacts – which "
            "by itself is not yet a brokerage position.",
        ),
    },
    "density": {
        "de": (
            "Dichte",
            "Anteil der möglichen Paare, die tatsächlich verbunden sind (0 bis 1). Hoch: fast "
            "jeder arbeitet mit jedem; niedrig: Kontakte laufen über wenige Wege.",
        ),
        "en": (
            "Density",
            "Share of possible pairs that are actually tied (0 to 1). High: almost everyone "
            "works with everyone; low: contacts run through few paths.",
        ),
    },
    "centralization": {
        "de": (
            "Zentralisierung",
            "Wie stark sich die Verbindungen auf einen Akteur konzentrieren (0 bis 1). 1: ein "
            "Stern um einen Mittelpunkt; 0: alle sind gleich gut verbunden.",
        ),
        "en": (
            "Centralisation",
            "How strongly ties concentrate on one actor (0 to 1). 1: a star around one centre; "
            "0: everyone is equally well connected.",
        ),
    },
    "ei_index": {
        "de": (
            "E-I-Index",
            "(Verbindungen nach außen − Verbindungen nach innen) / alle Verbindungen, bezogen "
            "auf die Sektoren (−1 bis +1). Nahe +1: die Akteure arbeiten vor allem über "
            "Sektorgrenzen hinweg; nahe −1: jeder Sektor bleibt unter sich.",
        ),
        "en": (
            "E-I index",
            "(external ties − internal ties) / all ties, with respect to sectors (−1 to +1). "
            "Near +1: actors work mostly across sector lines; near −1: each sector keeps to "
            "itself.",
        ),
    },
    "gap": {
        "de": (
            "Lücke",
            "Ein Paar von Sektoren mit deutlich weniger Verbindungen, als bei zufälliger "
            "Verteilung derselben Zahl von Verbindungen zu erwarten wäre. Eine Lücke zeigt, "
            "wo Zusammenarbeit fehlt.",
        ),
        "en": (
            "Gap",
            "A pair of sectors with clearly fewer ties than a random spread of the same number "
            "of ties would give. A gap shows where cooperation is missing.",
        ),
    },
    "p_low": {
        "de": (
            "p-Wert für zu wenige Verbindungen (p_low)",
            "Anteil der zufälligen Vergleichsnetze mit ebenso wenigen oder weniger Verbindungen "
            "zwischen zwei Sektoren. Klein (etwa unter 0,05): die Lücke ist kaum Zufall; groß: "
            "so wenige Verbindungen kommen auch zufällig vor.",
        ),
        "en": (
            "p-value for too few ties (p_low)",
            "Share of random comparison networks with as few or fewer ties between two "
            "sectors. Small (about below 0.05): the gap is hardly chance; large: so few ties "
            "also occur by chance.",
        ),
    },
    "kendall_tau": {
        "de": (
            "Kendalls τ",
            "Wie gut zwei Rangfolgen übereinstimmen (−1 bis 1). 1: gleiche Reihenfolge, die "
            "Rangliste der Vermittler ist stabil; nahe 0: die Reihenfolge hängt vom Zufall der "
            "Daten ab.",
        ),
        "en": (
            "Kendall's τ",
            "How well two rankings agree (−1 to 1). 1: same order, the broker ranking is "
            "stable; near 0: the order depends on chance in the data.",
        ),
    },
    "spearman": {
        "de": (
            "Rangkorrelation (Spearman)",
            "Wie gut zwei Rangfolgen übereinstimmen (−1 bis 1). Nahe 1: eine andere "
            "Gewichtung ändert an der Rangliste wenig; niedrig: das Ergebnis hängt an der "
            "gewählten Gewichtung.",
        ),
        "en": (
            "Rank correlation (Spearman)",
            "How well two rankings agree (−1 to 1). Near 1: another weighting changes little "
            "in the ranking; low: the result depends on the chosen weighting.",
        ),
    },
    "weight": {
        "de": (
            "Gewicht",
            "Stärke einer Verbindung: gemeinsame Veranstaltungen (kleine und gemeinsam "
            "organisierte zählen mehr) und Verweise. Hoch: enge, wiederholte Zusammenarbeit.",
        ),
        "en": (
            "Weight",
            "Strength of a tie: joint events (small and co-organised ones count more) and "
            "referrals. High: close, repeated cooperation.",
        ),
    },
    "unmet": {
        "de": (
            "Gesuch ohne passendes Angebot",
            "Zu diesem Gesuch der Ressourcenbörse gibt es kein Angebot zum selben Thema. Hier "
            "fehlt etwas in der Stadt, nicht nur ein Kontakt.",
        ),
        "en": (
            "Need without matching offer",
            "No offer on the same topic answers this need card. Something is missing in the "
            "city, not only a contact.",
        ),
    },
    "unconnected": {
        "de": (
            "Angebot vorhanden, keine Verbindung",
            "Ein passendes Angebot gibt es, aber die Suchenden und die Anbietenden sind im Netz "
            "nicht verbunden. Hier kann ein Kontakt helfen.",
        ),
        "en": (
            "Offer exists, actors not connected",
            "A matching offer exists, but the seeking and the offering actors have no tie. A "
            "contact can help here.",
        ),
    },
    "connected": {
        "de": (
            "Angebot vorhanden, Akteure verbunden",
            "Ein passendes Angebot gibt es und die Beteiligten kennen sich schon. Hier fehlt "
            "kein Kontakt.",
        ),
        "en": (
            "Offer exists, actors connected",
            "A matching offer exists and the actors already know each other. No contact is "
            "missing.",
        ),
    },
}

#: Keys in the order the report's "Begriffe" section lists them.
GLOSSARY_KEYS: tuple[str, ...] = tuple(_TERMS)

_HEADING = {"de": "Begriffe", "en": "Terms"}


def _entry(key: str, lang: str) -> tuple[str, str]:
    if lang not in ("de", "en"):
        raise ValueError(f"lang must be 'de' or 'en', got {lang!r}")
    try:
        return _TERMS[key][lang]
    except KeyError:
        raise KeyError(f"no term {key!r}; known: {', '.join(sorted(_TERMS))}") from None


def term(key: str, lang: str = "de") -> str:
    """The one word used for ``key`` in text, tables, figures and the map.

    Parameters
    ----------
    key : str
        A measure or role, e.g. ``"betweenness"``, ``"gatekeeper"``, ``"ei_index"``, ``"unmet"``.
    lang : {"de", "en"}

    Returns
    -------
    str

    Raises
    ------
    KeyError
        For an unknown key (the message lists the known ones).
    ValueError
        For a language other than ``"de"`` or ``"en"``.
    """
    return _entry(key, lang)[0]


def explain(key: str, lang: str = "de") -> str:
    """One or two plain sentences: what ``key`` counts and what high and low values mean.

    Parameters
    ----------
    key : str
        As for :func:`term`.
    lang : {"de", "en"}

    Returns
    -------
    str
    """
    return _entry(key, lang)[1]


def term_key(word: str, lang: str = "de") -> str | None:
    """The key whose word is ``word`` (a table header, a legend entry), or None.

    Parameters
    ----------
    word : str
        A word as :func:`term` gives it, e.g. ``"Constraint (Burt)"``.
    lang : {"de", "en"}

    Returns
    -------
    str or None

    Examples
    --------
    >>> term_key(term("constraint")), term_key("Akteur")
    ('constraint', None)
    """
    for key, words in _TERMS.items():
        if words[lang][0] == word:
            return key
    return None


def anchor(key: str) -> str:
    """The id of ``key``'s entry in the report's glossary (table headers link to it).

    >>> anchor("constraint")
    'begriff-constraint'
    """
    _entry(key, "de")  # an unknown key is an error here too
    return f"begriff-{key}"


def glossary_html(keys: Iterable[str] | None = None, *, lang: str = "de") -> str:
    """The report's "Begriffe" section as HTML, one entry per term with an id to link to.

    The same content as :func:`glossary_markdown`; HTML because a Markdown cell of the report
    cannot carry ids (raw HTML in Markdown is escaped, by design).

    Parameters
    ----------
    keys : iterable of str, optional
        Terms to list, in this order; default all (:data:`GLOSSARY_KEYS`).
    lang : {"de", "en"}

    Returns
    -------
    str
        A level-2 heading and a list; every text escaped with :func:`netzwerk._escape.html_text`.

    See Also
    --------
    glossary_markdown : The same as Markdown.
    anchor : The id of one entry.

    Examples
    --------
    >>> page = glossary_html(["density"])
    >>> page.splitlines()[0]
    '<h2 id="begriffe">Begriffe</h2>'
    >>> '<li id="begriff-density"><strong>Dichte:</strong>' in page
    True
    """
    from netzwerk._escape import html_text

    heading = _HEADING.get(lang, "Begriffe")
    items = []
    for key in GLOSSARY_KEYS if keys is None else keys:
        word, text = _entry(key, lang)
        items.append(
            f'<li id="{anchor(key)}"><strong>{html_text(word)}:</strong> {html_text(text)}</li>'
        )
    return "\n".join([f'<h2 id="begriffe">{html_text(heading)}</h2>', "<ul>", *items, "</ul>"])


def glossary_markdown(keys: Iterable[str] | None = None, *, lang: str = "de") -> str:
    """The report's "Begriffe" section: a heading, then one bold term and its explanation each.

    Parameters
    ----------
    keys : iterable of str, optional
        Terms to list, in this order; default all (:data:`GLOSSARY_KEYS`).
    lang : {"de", "en"}

    Returns
    -------
    str
        Markdown (a level-2 heading, then a bullet list; the text is escaped with
        :func:`netzwerk._escape.md_text`).

    See Also
    --------
    term : One term's word in the wanted language.
    netzwerk.report.methods_markdown : The report's section on methods.

    Examples
    --------
    >>> text = glossary_markdown(["density"])
    >>> text.splitlines()[0]
    '## Begriffe'
    >>> "**Dichte:**" in text
    True
    """
    from netzwerk._escape import md_text

    lines = [f"## {_HEADING.get(lang, 'Begriffe')}", ""]
    for key in GLOSSARY_KEYS if keys is None else keys:
        word, text = _entry(key, lang)
        lines.append(f"- **{md_text(word)}:** {md_text(text)}")
    return "\n".join(lines)
