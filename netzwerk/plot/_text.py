"""The words of the figures and the map in German and English; measures and roles from the glossary.

Figure-only phrases (titles, axis labels, notes) live in :data:`_TEXT`; the name of every
measure and role (``betweenness``, ``gatekeeper``, ``unmet``, ...) is taken from
:func:`netzwerk._terms.term`, so that the report text, its tables, the map tooltips and the
figures use one word for one concept.
"""

from __future__ import annotations

import functools
from typing import Any

from netzwerk._terms import term
from netzwerk.vocab import Vocabulary, load_vocabulary

_TEXT: dict[str, dict[str, str]] = {
    "de": {
        "empty": "Keine Daten für diese Abbildung vorhanden.",
        "synthetic": "synthetisch",
        "unknown": "unbekannt",
        "sector": "Sektor",
        "level": "Ebene",
        "aggregate": "Sammelakteur (mehrere Organisationen)",
        "aggregate_short": "Sammelakteur",
        "network": "Kooperationsnetz",
        "network_empty": "Das Netz hat keine Akteure.",
        "network_backbone": "Gezeigt: die {k} stärksten Verbindungen je Akteur ({shown} von "
        "{total} Verbindungen)",
        "network_backbone_1": "Gezeigt: die stärkste Verbindung je Akteur ({shown} von {total} "
        "Verbindungen)",
        "network_sizes": "Größe und Linienstärke",
        "gaps": "Verbindungsdichte zwischen Sektoren: beobachtet (erwartet)",
        "gaps_cbar": "beobachtet − erwartet",
        "gaps_same": "Verbindungsdichte zwischen Sektoren (erwartet überall {expected})",
        "gaps_note": "▼/▲ signifikant weniger/mehr Verbindungen als erwartet (p < {alpha})",
        "gaps_note_gap": "▼ Lücke: weniger Verbindungen als erwartet (Test mit Korrektur für "
        "viele Paare) · ▲ mehr als erwartet (p < {alpha})",
        "gaps_empty": "Keine Sektorpaare vorhanden.",
        "roles": "Vermittlungsrollen nach Gould & Fernandez",
        "roles_x": "Anzahl vermittelter Wege",
        "roles_empty": "Kein Akteur vermittelt zwischen anderen.",
        "brokers": "Wichtigste Vermittler",
        "brokers_rank": "Rang (1 = wichtigster Vermittler), Intervall aus Stichproben",
        "brokers_empty": "Keine Vermittlerwerte vorhanden.",
        "cutpoint": "Schnittpunkt (ohne ihn zerfiele das Netz)",
        "flows": "Verweise nach Handlungsfeld und Sektor",
        "flows_to": "Sektor der empfangenden Organisation",
        "flows_from": "Sektor der verweisenden Organisation",
        "flows_field": "Handlungsfeld",
        "flows_cbar": "Anzahl Verweise",
        "flows_note_suppressed": "<{n}: weniger als {n} Verweise (nicht ausgewiesen)",
        "flows_note_uncounted": "?: Verweise belegt, aber nicht gezählt",
        "flows_note_secondary": ".: verdeckt, damit kleine Zahlen nicht aus den Summen folgen",
        "flows_empty": "Keine Verweise erfasst.",
        "timeline_kind": "Veranstaltungen nach Art",
        "timeline_sector": "Teilnahmen nach Sektor",
        "timeline_y_kind": "Anzahl Veranstaltungen",
        "timeline_y_sector": "Anzahl Teilnahmen (Akteur × Veranstaltung)",
        "timeline_empty": "Keine datierten Veranstaltungen vorhanden.",
        "timeline_imprecise": "{n} Veranstaltung(en) nur ungefähr datiert (dem Beginn des Zeitraums zugeordnet)",
        "kind": "Art",
        "resources": "Ressourcenbörse: Gesuche und Angebote nach Thema",
        "resources_x": "← Gesuche (Ich suche)   |   Angebote (Ich biete) →",
        "resources_empty": "Keine Karten der Ressourcenbörse vorhanden.",
        "offers": "Angebote",
        "ego": "Ego-Netz",
        "ego_isolate": "Dieser Akteur hat keine Verbindungen.",
        "ego_box": "Vermittelte Wege",
        "map_physics": "Kräftesimulation (Knoten bewegen sich)",
        "map_legend": "Sektoren",
        "map_hint": "Mauszeiger über Punkte und Linien zeigt Einzelheiten. Zum Zoomen mit dem "
        "Mausrad erst in die Karte klicken (oder Strg + Mausrad); sonst rollt die Seite.",
        "map_search": "Akteur suchen",
        "map_search_none": "Kein Akteur mit diesem Namen.",
        "map_sector_all": "alle Sektoren",
        "map_sector_filter": "Sektor (mit direkten Partnern)",
        "map_strength": "Mindeststärke der Verbindung",
        "map_shown": "Gezeigt: {nodes} Akteure, {edges} Verbindungen",
        "map_cut": "Wegen der Größe zeigt die Karte nur die {shown} stärksten von {total} "
        "Verbindungen; alle {nodes} Akteure sind enthalten.",
        "map_active": "Zoom mit dem Mausrad an (Mauszeiger aus der Karte bewegen: aus)",
        "weight_without_referrals": "Gewicht (ohne Verweise)",
        "referrals_hidden": "verdeckt (Datenschutz: kleine Zahl oder verdeckte Tabellenzelle)",
        "events": "Gemeinsame Veranstaltungen",
        "more": "… und {n} weitere",
        "referrals": "Verweise",
        "layers": "Grundlage",
        "layer_events": "gemeinsame Veranstaltungen",
        "layer_referrals": "Verweise",
        "layer_survey": "Netzwerkbefragung",
        "cutpoint_yes": "Schnittpunkt: ohne diesen Akteur zerfiele das Netz in getrennte Teile",
        "size_estimate": "geschätzte Zahl",
        "yes": "ja",
        "no": "nein",
    },
    "en": {
        "empty": "No data for this figure.",
        "synthetic": "synthetic",
        "unknown": "unknown",
        "sector": "Sector",
        "level": "Level",
        "aggregate": "Aggregate actor (several organisations)",
        "aggregate_short": "Aggregate actor",
        "network": "Cooperation network",
        "network_empty": "The network has no actors.",
        "network_backbone": "Shown: the {k} strongest ties per actor ({shown} of {total} ties)",
        "network_backbone_1": "Shown: the strongest tie per actor ({shown} of {total} ties)",
        "network_sizes": "Size and line width",
        "gaps": "Tie density between sectors: observed (expected)",
        "gaps_cbar": "observed − expected",
        "gaps_same": "Tie density between sectors (expected everywhere: {expected})",
        "gaps_note": "▼/▲ significantly fewer/more ties than expected (p < {alpha})",
        "gaps_note_gap": "▼ gap: fewer ties than expected (test corrected for many pairs) "
        "· ▲ more than expected (p < {alpha})",
        "gaps_empty": "No sector pairs.",
        "roles": "Brokerage roles (Gould & Fernandez)",
        "roles_x": "Number of brokered paths",
        "roles_empty": "No actor brokers between others.",
        "brokers": "Main brokers",
        "brokers_rank": "Rank (1 = main broker), interval from resampling",
        "brokers_empty": "No broker values.",
        "cutpoint": "Cut point (holds the network together)",
        "flows": "Referrals by field of action and sector",
        "flows_to": "Sector of the receiving organisation",
        "flows_from": "Sector of the referring organisation",
        "flows_field": "Field of action",
        "flows_cbar": "Number of referrals",
        "flows_note_suppressed": "<{n}: fewer than {n} referrals (not shown)",
        "flows_note_uncounted": "?: referrals documented but not counted",
        "flows_note_secondary": ".: hidden so that small counts cannot be worked out from totals",
        "flows_empty": "No referrals recorded.",
        "timeline_kind": "Events by kind",
        "timeline_sector": "Participation by sector",
        "timeline_y_kind": "Number of events",
        "timeline_y_sector": "Participations (actor × event)",
        "timeline_empty": "No dated events.",
        "timeline_imprecise": "{n} event(s) dated only roughly (assigned to the start of the range)",
        "kind": "Kind",
        "resources": "Resource exchange: needs and offers by topic",
        "resources_x": "← Needs   |   Offers →",
        "resources_empty": "No resource exchange cards.",
        "offers": "Offers",
        "ego": "Ego network",
        "ego_isolate": "This actor has no ties.",
        "ego_box": "Brokered paths",
        "map_physics": "Force simulation (nodes move)",
        "map_legend": "Sectors",
        "map_hint": "Hover over points and lines for details. Click into the map to zoom with the "
        "mouse wheel (or Ctrl + wheel); otherwise the page scrolls.",
        "map_search": "Find actor",
        "map_search_none": "No actor with this name.",
        "map_sector_all": "all sectors",
        "map_sector_filter": "Sector (with direct partners)",
        "map_strength": "Minimum tie strength",
        "map_shown": "Shown: {nodes} actors, {edges} ties",
        "map_cut": "Because of its size the map shows only the {shown} strongest of {total} "
        "ties; all {nodes} actors are included.",
        "map_active": "Wheel zoom on (move the pointer out of the map: off)",
        "weight_without_referrals": "Weight (without referrals)",
        "referrals_hidden": "hidden (privacy: small count or hidden table cell)",
        "events": "Joint events",
        "more": "… and {n} more",
        "referrals": "Referrals",
        "layers": "Based on",
        "layer_events": "joint events",
        "layer_referrals": "referrals",
        "layer_survey": "network survey",
        "cutpoint_yes": "Cut point: without this actor the network would fall apart",
        "size_estimate": "estimated number",
        "yes": "yes",
        "no": "no",
    },
}

#: Measures and roles whose word in figures and map is the glossary's (:mod:`netzwerk._terms`).
_TERM_KEYS: tuple[str, ...] = (
    "betweenness",
    "total",
    "constraint",
    "effective_size",
    "participation_coefficient",
    "community",
    "is_cutpoint",
    "degree",
    "weight",
    "coordinator",
    "itinerant",
    "representative",
    "gatekeeper",
    "liaison",
    "unmet",
    "unconnected",
    "connected",
)
for _lang, _words in _TEXT.items():
    _words.update({key: term(key, _lang) for key in _TERM_KEYS})
    _words["tie_weight"] = term("weight", _lang)  # the line-width legend: "Gewicht 2,5"
del _lang, _words


#: Measures shown in map tooltips when present in ``measures`` (in this order).
_TOOLTIP_MEASURES = (
    "betweenness",
    "total",
    "constraint",
    "effective_size",
    "participation_coefficient",
    "is_cutpoint",
)
# (community numbers are only names for groups: not shown as a raw "Gemeinschaft: 0")


def _check_lang(lang: str) -> str:
    if lang not in _TEXT:
        raise ValueError(f"lang must be 'de' or 'en', got {lang!r}")
    return lang


def _t(key: str, lang: str, **fmt: Any) -> str:
    text = _TEXT[lang][key]
    return text.format(**fmt) if fmt else text


@functools.cache
def _vocab(name: str) -> Vocabulary:
    return load_vocabulary(name)


@functools.cache
def _labels(vocab: str, lang: str) -> dict[str, str]:
    return _vocab(vocab).labels(lang)


def _measure_label(measure: str, lang: str) -> str:
    """The word for ``measure`` in a legend: the glossary's, or the column name itself."""
    return _TEXT[lang][measure] if measure in _TERM_KEYS else measure
