"""Synthetic cities of any size, always labelled synthetic.

:func:`generate_city` builds a fictitious municipality ("Beispielstadt") with the tables of the data
contract: organisations of every sector with departments, events with roles, aggregated referral
rows and a Ressourcenbörse. :func:`write_city` writes it as a city folder; ``netzwerk synth OUT
--seed S`` does both. The same arguments always give the same tables and byte-identical files.
The bundled example city ``data/beispielstadt/`` is ``netzwerk synth data/beispielstadt --seed 1``.

Every name is made up from word lists ("Beispielstadt", "Musterhausen", "Verein ... e.V."); the
metadata say ``synthetic: true`` and the title ends in "(synthetisch)".

Planted structure
-----------------
The generator plants four facts so that tests can check that measures find them. They hold by
construction, for every seed and size, and are recorded in ``city.meta["planted"]``:

``bridge``, ``bridged_actors``
    A group of migrant organisations (sector ``mso``) takes part only in the meetings of one
    series ("Arbeitskreis Migrantenvereine"), which the bridging organisation (an independent
    counselling centre, sector ``wohlfahrt``) organises and attends; the group's referrals go only
    to and from the group and the bridge. The bridge also sits in the "Kompetenzteam Integration",
    and every other event includes a member of that team, so the co-participation graph (events
    and referrals, with or without departments collapsed into their parent) is connected, the
    bridge is a cut point, and removing it leaves the group as one component of its own. Neither
    the bridge nor the group have a parent or departments. The bridge is also a busy referral
    partner (sending and receiving weights at the 90th percentile), which keeps it among the
    top brokers by weighted betweenness (checked on the bundled city, not by construction).
``gap_sectors``
    Two sectors (``religion`` and ``wohnen``, at least twelve actors each) never meet: no event has
    participants from both, no referral row runs between them, and neither has departments.
``unreachable_field``
    In one field (``gesundheit``) no referral row has a receiving actor of sector ``mso``
    (``to_id`` is never an MSO), although MSOs do send referrals in that field (whenever the
    city has referral rows at all).
``needs``
    Every need card is classified: ``unmet`` (no offer card of its topic exists), ``connected``
    (an offer of its topic is made by an actor tied to the needer: a shared event or a referral
    row in either direction) or ``unconnected`` (offers exist, none by a tied actor). The
    classification also holds with departments collapsed into their top organisation: a needer
    never belongs to the same organisation as an offerer of its topic, and "unconnected" needers
    are not tied to any department or parent of an offerer. Every card has an ``actor_id``
    except a few anonymous offers of topic ``sonstiges``, a topic no need card uses.

Realism: 1-3 organisers/hosts per event, few speakers, funders (state, federal, EU programmes) at
some events, many participants; recurring Gremium series with a stable core; sizes heavy-tailed:
a quarter of the other events are Arbeitstreffen of 2-4 organisations (bilateral meetings, case
conferences), most are Netzwerktreffen and workshops of 5-14, and only a few Fachtage and
conferences reach 30 organisations at 150 actors (up to 112 at 10,000); some dates known only
to the month or year; departments two levels deep in the city administration; aggregate actors
("rund 40 weitere Migrantenvereine") with ``size_estimate``; referral rows per year or per
quarter with a few empty counts (documented, not counted). Every event has ``status`` held.

The event layer (two actors tied when they attend an event together) is meant to look like a
town's integration network, not a hairball: its density should lie in :data:`TARGET_DENSITY`
(0.05-0.25). ``city.meta["structure"]`` and the description record what was measured: for the
bundled city (seed 1, 150 actors) density 0.176 (1,968 pairs), partners per actor median 18, mean
26.2, 90th percentile 52, at most 138 (the integration office), average clustering 0.82, event
sizes median 10 with 55 % of events at most 10 actors; at 1,000 actors (seed 3) density 0.022.
Before issue 14 the bundled city had density 0.70 (104 partners per actor on average).

Referrals follow working relationships, as Verweisberatung does: organisations send clients to
partners they know. Each relationship (sender, receiver) is drawn in a field chosen by the field's
popularity; the sender is drawn by its sector's referral activity. In 70 % of relationships the
receiver is one of the actors the sender meets at events (shares at least one event with), drawn
by its weight for that field (its sector's affinity for the field times its own size); the other
30 %, and those of a sender who meets nobody receiving in the field, are drawn from all actors by
the same weights. A relationship covers its first field plus a Poisson(1) number (at most three)
of further fields drawn by the receiving sector's affinity for them times their popularity, fields
drawn twice counting once (a Migrationsberatung sends to the Jobcenter in ``arbeit`` and
``soziales``); it lasts a geometric run of years (mean 2.5, cut at the last year) or, for senders
that report per quarter, of quarters, the same run in every field. The planted relationships of
the bridged group and of the MSOs sending in ``gesundheit`` have one field each and need not meet.
At 1,000 actors about 58 % of the sender-receiver pairs share an event (the sparser events of
issue 14 leave more senders without a partner receiving in the field) and half cover more than
one field; at 10,000 actors (seed 0) the 1,000,000 rows form about 101,000 pairs (9.9 rows per
pair) and the cooperation graph has about 153,000 ties (313,000 before issue 14), 94,000 of them
from events and 35,000 of those also from referrals.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from netzwerk._schema import ALL_TABLES, SURVEY_TABLES, TABLES
from netzwerk.io import City, write_datapackage

__all__ = ["TARGET_DENSITY", "generate_city", "write_city"]

# ---------------------------------------------------------------------------------------------
# Vocabulary codes used by the generator (tests check they exist in data/vocabulary).

SECTORS: tuple[str, ...] = (
    "verwaltung",
    "politik",
    "beirat",
    "arbeitsmarkt",
    "wohlfahrt",
    "mso",
    "religion",
    "zivilgesellschaft",
    "bildung",
    "wohnen",
    "wirtschaft",
    "gesundheit",
    "fachverband",
    "land_bund_eu",
)
FIELDS: tuple[str, ...] = (
    "aufenthalt",
    "arbeit",
    "deutscherwerb",
    "wohnen",
    "gesundheit",
    "bildung",
    "familie",
    "soziales",
    "teilhabe",
    "interkulturelle_oeffnung",
)
ROLES: tuple[str, ...] = ("organizer", "host", "funder", "chair", "speaker", "participant")

GAP_SECTORS: tuple[str, str] = ("religion", "wohnen")
UNREACHABLE_FIELD = "gesundheit"
UNMET_TOPICS: tuple[str, ...] = ("sprachmittlung", "kinderbetreuung")
ANONYMOUS_TOPIC = "sonstiges"
SOURCE_ID = "synth"
SOURCE_FILE = "README.txt"
HUB = "amt-integration"
BRIDGE = "beratungszentrum"

# Anchors for the default sizes: (150 actors, 60 events, 1,200 referral rows, 80 cards) and
# (10,000 actors, 3,000 events, 1,000,000 rows); in between and beyond, a power law.
_ANCHOR_SMALL, _ANCHOR_LARGE = 150, 10_000

# sector: share of generated actors, organiser, speaker, activity, referral-sending, host weight
_SECTOR_PARAMS: dict[str, tuple[float, float, float, float, float, float]] = {
    "verwaltung": (0.12, 3.0, 1.5, 2.0, 1.0, 1.0),
    "politik": (0.02, 0.3, 3.0, 1.0, 0.0, 0.0),
    "beirat": (0.02, 1.0, 1.0, 1.5, 0.0, 0.0),
    "arbeitsmarkt": (0.03, 1.0, 1.5, 2.0, 1.5, 0.5),
    "wohlfahrt": (0.15, 2.0, 1.0, 2.0, 2.0, 1.0),
    "mso": (0.20, 0.8, 0.8, 1.0, 0.8, 0.5),
    "religion": (0.07, 0.3, 0.3, 0.7, 0.3, 1.5),
    "zivilgesellschaft": (0.12, 0.8, 0.5, 1.0, 0.6, 1.0),
    "bildung": (0.08, 1.2, 1.5, 1.2, 0.8, 1.5),
    "wohnen": (0.06, 0.3, 0.5, 0.7, 0.4, 0.3),
    "wirtschaft": (0.04, 0.3, 0.5, 0.5, 0.1, 0.5),
    "gesundheit": (0.04, 0.5, 1.0, 0.8, 0.6, 0.3),
    "fachverband": (0.02, 0.3, 2.0, 0.6, 0.0, 0.0),
    "land_bund_eu": (0.03, 0.2, 1.0, 0.3, 0.0, 0.0),
}
_FUNDER_WEIGHT = {"land_bund_eu": 5.0, "wirtschaft": 0.3, "fachverband": 0.3}

# How likely each sector receives a referral in each field (order of FIELDS). MSOs never
# receive in UNREACHABLE_FIELD (planted); sectors with a zero row never receive.
_RECEIVE: dict[str, tuple[float, ...]] = {
    "verwaltung": (3, 0.5, 0.3, 1.5, 0.8, 0.5, 2, 2.5, 0.3, 1),
    "arbeitsmarkt": (0.3, 4, 1, 0.2, 0, 0.3, 0, 2, 0, 0.1),
    "wohlfahrt": (2, 1, 1, 1.5, 1, 0.5, 2, 2, 1, 0.5),
    "mso": (0.1, 0.1, 0.6, 0.05, 0, 0.3, 0.3, 0.1, 1, 0.3),
    "religion": (0, 0, 0.2, 0, 0, 0, 0.3, 0.2, 1, 0.1),
    "zivilgesellschaft": (0.1, 0.1, 0.8, 0.3, 0.1, 0.3, 0.5, 0.2, 2, 0.2),
    "bildung": (0, 1.5, 3, 0, 0, 3, 1, 0, 0.5, 0.3),
    "wohnen": (0, 0, 0, 4, 0, 0, 0, 0.2, 0.2, 0),
    "wirtschaft": (0, 2, 0.2, 0, 0, 0.3, 0, 0, 0, 0),
    "gesundheit": (0, 0, 0, 0, 5, 0, 0.5, 0, 0, 0),
}
_FIELD_POPULARITY = (0.14, 0.16, 0.14, 0.12, 0.10, 0.08, 0.08, 0.12, 0.05, 0.01)
# Referral relationships: the share drawn among the partners a sender meets at events, the mean
# number of further fields a relationship covers, and a first guess of rows per relationship.
_SHARE_MET = 0.7
_EXTRA_FIELDS = 1.0
_ROWS_PER_RELATIONSHIP = 6.0

# ---------------------------------------------------------------------------------------------
# Word lists. Every place and organisation is fictitious.

_DISTRICTS = (
    "Altstadt",
    "Nordend",
    "Südfeld",
    "Westhafen",
    "Oststadt",
    "Lindenhof",
    "Kirchberg",
    "Sonnenhang",
    "Brückenviertel",
    "Schlossgarten",
    "Wiesengrund",
    "Bahnhofsviertel",
    "Rosenhöhe",
    "Talaue",
    "Mühlbach",
    "Feldmark",
)
_TOWNS = (
    "Musterhausen",
    "Beispielsdorf",
    "Modellfeld",
    "Probstetten",
    "Vorlagenheim",
    "Platzhausen",
    "Exempelberg",
    "Musterbrück",
)
# Larger synthetic regions draw further municipalities from these syllables (Musterau, ...).
_TOWN_PREFIXES = (
    "Muster",
    "Beispiel",
    "Modell",
    "Vorlagen",
    "Platz",
    "Exempel",
    "Schema",
    "Entwurf",
)
_TOWN_SUFFIXES = (
    "hausen",
    "dorf",
    "feld",
    "stetten",
    "heim",
    "berg",
    "brück",
    "au",
    "bach",
    "rode",
)
_ORIGINS = (
    "Deutsch-Türkischer",
    "Deutsch-Syrischer",
    "Afghanischer",
    "Eritreischer",
    "Griechischer",
    "Italienischer",
    "Kurdischer",
    "Marokkanischer",
    "Polnischer",
    "Russischsprachiger",
    "Ukrainischer",
    "Vietnamesischer",
    "Afrikanischer",
    "Arabischer",
    "Bosnischer",
    "Kroatischer",
    "Iranischer",
    "Irakischer",
    "Somalischer",
    "Ghanaischer",
    "Tamilischer",
    "Spanischer",
    "Lateinamerikanischer",
    "Internationaler",
    "Interkultureller",
    "Jesidischer",
    "Albanischer",
    "Rumänischer",
)
_MSO_KINDS = (
    "Kulturverein",
    "Elternverein",
    "Frauenverein",
    "Jugendverein",
    "Sportverein",
    "Bildungsverein",
    "Freundeskreis",
    "Förderverein",
    "Studierendenverein",
    "Seniorenverein",
)
_SURNAMES = ("Mustermann", "Musterfrau", "Beispiel", "Platzhalter", "Exempel", "Vorlage")
_SAINTS = ("Anna", "Bonifatius", "Elisabeth", "Georg", "Josef", "Martin", "Michael", "Paulus")

# Names of generated actors per sector: (template, level). "{parent} – ..." marks a department of
# a random top organisation of the sector, level "@key" a department of the fixed actor ``key``;
# departments take their parent's level.
_TEMPLATES: dict[str, tuple[tuple[str, str], ...]] = {
    "verwaltung": (
        ("Stadtteilbüro Beispielstadt-{district}", "@" + "amt-integration"),
        ("Gemeindeverwaltung {town}", "kommune"),
        ("{parent} – Sozialamt", "kommune"),
        ("{parent} – Ordnungsamt", "kommune"),
        ("{parent} – Bürgeramt", "kommune"),
    ),
    "politik": (
        ("Bürgermeister der Gemeinde {town}", "kommune"),
        ("Ortsbeirat Beispielstadt-{district}", "kommune"),
    ),
    "beirat": (
        ("Integrationsbeirat {town}", "kommune"),
        ("Ausländerbeirat {town}", "kommune"),
    ),
    "arbeitsmarkt": (
        ("Jobcenter {town}", "kommune"),
        ("{parent} – Team Migration", "kommune"),
    ),
    "wohlfahrt": (
        ("Sozialwerk {place} e.V.", "kommune"),
        ("Evangelische Sozialstation {place}", "kommune"),
        ("Ortsverein Humanitäre Hilfe {place} e.V.", "kommune"),
        ("{parent} – Migrationsberatung für Erwachsene", "kommune"),
        ("{parent} – Jugendmigrationsdienst", "kommune"),
        ("{parent} – Flüchtlingsberatung", "kommune"),
        ("{parent} – Allgemeine Sozialberatung", "kommune"),
        ("{parent} – Familienzentrum", "kommune"),
        ("{parent} – Ehrenamtskoordination", "kommune"),
    ),
    "mso": (
        ("{origin} {mso_kind} {place} e.V.", "kommune"),
        ("Verein der {origin_gen} Gemeinschaft in {place} e.V.", "kommune"),
    ),
    "religion": (
        ("Evangelische Kirchengemeinde {place}", "kommune"),
        ("Katholische Pfarrei St. {saint} {place}", "kommune"),
        ("Moscheegemeinde {place} e.V.", "kommune"),
        ("Alevitische Gemeinde {place} e.V.", "kommune"),
        ("Freie evangelische Gemeinde {place}", "kommune"),
    ),
    "zivilgesellschaft": (
        ("Stadtteilverein Beispielstadt-{district} e.V.", "kommune"),
        ("Flüchtlingshilfe {place} e.V.", "kommune"),
        ("Initiative „Willkommen in {place}“", "kommune"),
        ("Bürgerhaus {place}", "kommune"),
        ("Sportverein {place} {year} e.V.", "kommune"),
        ("Nachbarschaftshilfe {place} e.V.", "kommune"),
        ("Lesepaten {place} e.V.", "kommune"),
    ),
    "bildung": (
        ("Grundschule {place}", "kommune"),
        ("Gesamtschule {place}", "kommune"),
        ("Berufsbildende Schule {place}", "kommune"),
        ("Familienbildungsstätte {place}", "kommune"),
        ("{parent} – Fachbereich Deutsch als Zweitsprache", "kommune"),
    ),
    "wohnen": (
        ("Wohnungsgenossenschaft {place} eG", "kommune"),
        ("Gemeinnützige Siedlungsgesellschaft {place} mbH", "kommune"),
        ("Hausverwaltung {surname} & Partner GmbH", "kommune"),
        ("Mieterverein {place} e.V.", "kommune"),
    ),
    "wirtschaft": (
        ("Pflegedienst {surname} GmbH", "kommune"),
        ("Logistik {surname} GmbH", "kommune"),
        ("Bäckerei {surname} {place}", "kommune"),
        ("Unternehmerverband {place} e.V.", "kommune"),
    ),
    "gesundheit": (
        ("Praxisgemeinschaft {place}", "kommune"),
        ("Pflegestützpunkt {place}", "kommune"),
        ("Rettungswache {place}", "kommune"),
        ("Suchtberatung {place}", "kommune"),
    ),
    "fachverband": (("Landesarbeitsgemeinschaft {topic} Beispielland e.V.", "land"),),
    "land_bund_eu": (
        ("Landesprogramm „{motto}“ (Beispielland)", "land"),
        ("Beispielprogramm des Bundes „{motto}“", "bund"),
    ),
}
_TOPIC_WORDS = (
    "Migration",
    "Sprachförderung",
    "Flüchtlingshilfe",
    "Interkulturelle Arbeit",
    "Gemeinwesenarbeit",
    "Jugendmigration",
)
_MOTTOS = (
    "Ankommen in Beispielstadt",
    "Vielfalt gestalten",
    "Arbeit und Ausbildung für Geflüchtete",
    "Gesundheit ohne Sprachbarrieren",
    "Wohnen für alle",
    "Bildung von Anfang an",
    "Engagement verbindet",
    "Zusammenhalt vor Ort",
    "Teilhabe im Quartier",
    "Interkulturelle Öffnung der Verwaltung",
)
_FORUM_TOPICS = (
    "Case-Management",
    "Sprachförderung",
    "Arbeitsmarktintegration",
    "Wohnraumversorgung",
    "Gesundheit und Migration",
    "Elternarbeit",
    "Ehrenamt in der Flüchtlingshilfe",
    "Interkulturelle Öffnung",
    "Antidiskriminierung",
    "Frühe Hilfen",
)

# Fixed actors: key, sector, level, name, parent key. ``HUB`` organises the Kompetenzteam;
# ``BRIDGE`` is the planted bridge (no parent, no departments).
_FIXED: tuple[tuple[str, str, str, str, str | None], ...] = (
    ("stadtverwaltung", "verwaltung", "kommune", "Stadtverwaltung Beispielstadt", None),
    (
        "dezernat-soziales",
        "verwaltung",
        "kommune",
        "Dezernat für Soziales, Jugend und Integration der Stadt Beispielstadt",
        "stadtverwaltung",
    ),
    (
        "dezernat-ordnung",
        "verwaltung",
        "kommune",
        "Dezernat für Ordnung und Bürgerdienste der Stadt Beispielstadt",
        "stadtverwaltung",
    ),
    (
        HUB,
        "verwaltung",
        "kommune",
        "Amt für Integration und Vielfalt Beispielstadt",
        "dezernat-soziales",
    ),
    ("sozialamt", "verwaltung", "kommune", "Sozialamt Beispielstadt", "dezernat-soziales"),
    ("jugendamt", "verwaltung", "kommune", "Jugendamt Beispielstadt", "dezernat-soziales"),
    (
        "auslaenderbehoerde",
        "verwaltung",
        "kommune",
        "Ausländerbehörde Beispielstadt",
        "dezernat-ordnung",
    ),
    ("kreisverwaltung", "verwaltung", "kreis", "Kreisverwaltung Beispielkreis", None),
    (
        "oberbuergermeisterin",
        "politik",
        "kommune",
        "Oberbürgermeisterin der Stadt Beispielstadt",
        None,
    ),
    ("sozialdezernent", "politik", "kommune", "Sozialdezernent der Stadt Beispielstadt", None),
    ("auslaenderbeirat", "beirat", "kommune", "Ausländerbeirat Beispielstadt", None),
    ("integrationsbeirat", "beirat", "kommune", "Integrationsbeirat Beispielstadt", None),
    ("jobcenter", "arbeitsmarkt", "kommune", "Jobcenter Beispielstadt", None),
    ("arbeitsagentur", "arbeitsmarkt", "kommune", "Agentur für Arbeit Beispielstadt", None),
    ("arbeiterhilfe", "wohlfahrt", "kommune", "Arbeiterhilfe Beispielstadt e.V.", None),
    (
        "sozialdienst-katholisch",
        "wohlfahrt",
        "kommune",
        "Katholischer Sozialdienst Beispielstadt e.V.",
        None,
    ),
    (
        "sozialwerk-evangelisch",
        "wohlfahrt",
        "kommune",
        "Evangelisches Sozialwerk Beispielstadt",
        None,
    ),
    ("hilfsverbund", "wohlfahrt", "kommune", "Paritätischer Hilfsverbund Beispielstadt", None),
    (
        "arbeiterhilfe-mbe",
        "wohlfahrt",
        "kommune",
        "Arbeiterhilfe Beispielstadt e.V. – Migrationsberatung für Erwachsene",
        "arbeiterhilfe",
    ),
    (BRIDGE, "wohlfahrt", "kommune", "Interkulturelles Beratungszentrum Beispielstadt e.V.", None),
    ("vhs", "bildung", "kommune", "Volkshochschule Beispielstadt", None),
    ("hochschule", "bildung", "land", "Hochschule Beispielstadt", None),
    (
        "hochschule-institut",
        "bildung",
        "land",
        "Hochschule Beispielstadt – Institut für Migrationsforschung",
        "hochschule",
    ),
    ("wohnungsbau", "wohnen", "kommune", "Beispielstädter Wohnungsbaugesellschaft mbH", None),
    ("ihk", "wirtschaft", "überregional", "Industrie- und Handelskammer Beispielregion", None),
    ("klinikum", "gesundheit", "kommune", "Klinikum Beispielstadt", None),
    ("psz", "gesundheit", "kommune", "Psychosoziales Zentrum für Geflüchtete Beispielstadt", None),
    (
        "fachverband",
        "fachverband",
        "überregional",
        "Fachverband Interkulturelle Arbeit Beispielland e.V.",
        None,
    ),
    (
        "ministerium",
        "land_bund_eu",
        "land",
        "Ministerium für Integration des Landes Beispielland",
        None,
    ),
    ("eu-fonds", "land_bund_eu", "eu", "Europäischer Beispielfonds für Integration", None),
)
# The Kompetenzteam's fixed core (never from the gap sectors).
_KT_CORE = (
    HUB,
    "sozialdezernent",
    "auslaenderbeirat",
    BRIDGE,
    "jobcenter",
    "auslaenderbehoerde",
    "arbeiterhilfe-mbe",
    "vhs",
)
_AGGREGATES = (
    ("mso", "rund {k} weitere Migrantenvereine in {place} (ohne Namensnennung)"),
    ("zivilgesellschaft", "Ehrenamtliche Sprachpatinnen und Sprachpaten in {place} (rund {k})"),
    ("bildung", "Kindertagesstätten in {place} (rund {k})"),
    ("wirtschaft", "Ausbildungsbetriebe in {place} (rund {k})"),
)

# Event kinds other than Gremium: share, smallest and largest size, whether the size scales
# with the city, probability of a host, of a chair, speakers (min, max), probability of a funder.
_KINDS: dict[str, tuple[float, int, int, bool, float, float, tuple[int, int], float]] = {
    "arbeitstreffen": (0.24, 2, 4, False, 0.5, 0.0, (0, 0), 0.0),
    "netzwerktreffen": (0.14, 5, 12, False, 0.3, 0.5, (0, 2), 0.1),
    "workshop": (0.12, 5, 14, False, 0.4, 0.2, (1, 2), 0.3),
    "forum": (0.07, 8, 18, True, 0.6, 0.6, (1, 3), 0.4),
    "fachtag": (0.05, 15, 30, True, 0.7, 0.5, (2, 6), 0.5),
    "konferenz": (0.02, 20, 30, True, 0.7, 0.8, (3, 8), 0.6),
    "befragung": (0.02, 6, 15, False, 0.0, 0.0, (0, 0), 0.3),
    "sonstiges": (0.04, 4, 12, False, 0.8, 0.0, (0, 1), 0.1),
}
_LARGE_KINDS = ("forum", "fachtag", "konferenz")
_MAX_EVENT_SIZE = 300
_SERIES_NAMES = (
    "Arbeitskreis Migration und Flucht Beispielstadt",
    "Lenkungsgruppe Integrationskonzept Beispielstadt",
    "Netzwerk Sprachförderung Beispielstadt",
    "Arbeitskreis Arbeitsmarktintegration Beispielstadt",
    "Steuerungsgruppe Gesundheit und Migration Beispielstadt",
    "Netzwerk Frühe Hilfen Beispielstadt",
    "Runder Tisch Beispielstadt-{district}",
    "Stadtteilkonferenz Beispielstadt-{district}",
)
_KT_SERIES = "Kompetenzteam Integration Beispielstadt"
_BRIDGE_SERIES = "Arbeitskreis Migrantenvereine im Interkulturellen Beratungszentrum Beispielstadt"

# Card texts per topic: (offers, needs).
_CARD_TEXTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "sprachmittlung": (
        ("Wir vermitteln Sprachmittlerinnen für Beratungsgespräche.",),
        (
            "Wir suchen Sprachmittler für Elterngespräche (Arabisch, Dari, Tigrinya).",
            "Suchen Dolmetscher für Arzttermine unserer Mitglieder.",
        ),
    ),
    "arbeitsmarkt": (
        (
            "Bewerbungstraining für Geflüchtete, jeden Dienstag.",
            "Wir bieten Praktikumsplätze in Pflege und Logistik.",
        ),
        (
            "Suchen Betriebe, die Praktika für Teilnehmende unserer Sprachkurse anbieten.",
            "Wir suchen Ansprechpartner für die Anerkennung ausländischer Abschlüsse.",
        ),
    ),
    "aufenthaltsrecht": (
        ("Offene Sprechstunde zum Aufenthaltsrecht im Stadtteil {district}.",),
        ("Suchen kompetente Beratung zu Aufenthaltsfragen für unsere Mitglieder.",),
    ),
    "kooperation": (
        (
            "Wir sind offen für gemeinsame Projekte im Stadtteil {district}.",
            "Biete Kooperation bei Veranstaltungen zur Interkulturellen Woche.",
        ),
        ("Suchen Partner für einen Projektantrag im Landesprogramm.",),
    ),
    "netzwerkwissen": (
        ("Wir kennen die Beratungsangebote im Stadtteil {district} und geben Kontakte weiter.",),
        ("Suchen eine Übersicht über Beratungsstellen und Ansprechpersonen.",),
    ),
    "beratung": (
        (
            "Migrationsberatung für Erwachsene, auch ohne Termin.",
            "Sozialberatung in mehreren Sprachen, montags und donnerstags.",
        ),
        ("Wir suchen eine Beratungsstelle, an die wir Ratsuchende verweisen können.",),
    ),
    "kinder_jugend": (
        ("Offener Jugendtreff im Stadtteil {district}, auch für neu zugewanderte Jugendliche.",),
        ("Suchen Freizeitangebote für Jugendliche aus unserer Gemeinde.",),
    ),
    "kinderbetreuung": (
        ("Kinderbetreuung während unserer Kurse.",),
        (
            "Suchen Kinderbetreuung während des Deutschkurses.",
            "Wir suchen Kitaplätze für neu zugezogene Familien.",
        ),
    ),
    "ehrenamt": (
        ("Wir vermitteln Ehrenamtliche in Patenschaften.",),
        ("Suchen Ehrenamtliche für Hausaufgabenhilfe.",),
    ),
    "nachbarschaft": (
        ("Mediation bei Nachbarschaftskonflikten im Stadtteil {district}.",),
        ("Suchen Unterstützung bei Konflikten in der Nachbarschaft.",),
    ),
    "wohnen": (
        (
            "Wir stellen Wohnungen für Familien mit Fluchtgeschichte zur Verfügung.",
            "Mieterberatung und Hilfe bei Wohnungsbewerbungen.",
        ),
        (
            "Wir suchen Wohnraum für Familien aus unserer Gemeinde.",
            "Suchen Kontakt zu Vermietern im Stadtteil {district}.",
        ),
    ),
    "kultur_begegnung": (
        ("Wir laden zum interkulturellen Fest im Stadtteil {district} ein.",),
        ("Suchen Kontakte zu Vereinen für ein gemeinsames Stadtteilfest.",),
    ),
    "ressourcen": (
        (
            "Wir stellen Räume für Veranstaltungen zur Verfügung.",
            "Verteiler für Öffentlichkeitsarbeit steht zur Verfügung.",
        ),
        (
            "Suchen Räume für Vereinstreffen am Wochenende.",
            "Suchen Unterstützung bei der Öffentlichkeitsarbeit.",
        ),
    ),
    "sonstiges": (
        (
            "Gebe gern Kontakte weiter – bitte melden.",
            "Biete Erfahrung aus früheren Projekten an.",
        ),
        ("Suche Austausch.",),
    ),
}
# Which sectors offer which topic (default: all service sectors). "wohnen" is offered only by
# the housing sector, which never meets the religious communities (planted gap).
_OFFER_SECTORS: dict[str, tuple[str, ...]] = {
    "wohnen": ("wohnen",),
    "arbeitsmarkt": ("arbeitsmarkt", "wirtschaft", "wohlfahrt", "bildung"),
    "aufenthaltsrecht": ("verwaltung", "wohlfahrt"),
    "beratung": ("wohlfahrt", "verwaltung", "mso"),
}
_SERVICE_SECTORS = ("verwaltung", "wohlfahrt", "mso", "zivilgesellschaft", "bildung", "religion")


# ---------------------------------------------------------------------------------------------
# Public API


def generate_city(
    *,
    n_actors: int = 150,
    n_events: int | None = None,
    n_referral_rows: int | None = None,
    n_cards: int | None = None,
    years: tuple[int, int] = (2016, 2024),
    seed: int = 0,
    name: str = "beispielstadt",
) -> City:
    """Generate a synthetic city with planted structure.

    Sizes not given scale with ``n_actors`` by a power law through two anchors,

    .. math::

        n(a) = n_{150} \\left(\\frac{a}{150}\\right)^{\\log(n_{10000}/n_{150})/\\log(10000/150)},

    with 60 and 3,000 events, 1,200 and 1,000,000 referral rows, 80 and 5,333 cards at 150 and
    10,000 actors. The largest events have 80 organisations at 150 actors and 300 at 10,000.

    Parameters
    ----------
    n_actors : int, default 150
        Number of actors (organisations, departments, bodies, aggregates); at least 80.
    n_events : int, optional
        Number of events (at least 12). Default: scaled from ``n_actors``.
    n_referral_rows : int, optional
        Number of aggregated referral rows (``from_id``, ``to_id``, ``field``, ``period``,
        ``count``); 0 for none. Default: scaled from ``n_actors``.
    n_cards : int, optional
        Number of Ressourcenbörse cards (at least 12). Default: scaled from ``n_actors``.
    years : (int, int), default (2016, 2024)
        First and last year of events and referral periods.
    seed : int, default 0
        Seed of the random generator; the same arguments give the same city.
    name : str, default "beispielstadt"
        Short name of the city (``meta["name"]``): lower-case letters, digits, ``-`` and ``_``.

    Returns
    -------
    City
        Tables typed as :func:`netzwerk.load_city` types them. ``meta`` has ``synthetic: True``,
        a title ending in "(synthetisch)", the generator's arguments (``meta["generator"]``) and
        the planted structure (``meta["planted"]``, see the module docstring).

    Raises
    ------
    TypeError
        If a size, the seed or ``years`` is not an integer (pair).
    ValueError
        If a size is below its minimum, ``years`` is reversed or ``name`` is not a slug.

    Notes
    -----
    Referral rows are drawn as relationships (sender, receiver, fields) that last a run of years
    or quarters, most of them between actors that meet at events (see "Realism" in the module
    docstring), fully vectorised; events are drawn one by one with weighted sampling without
    replacement (Efraimidis & Spirakis 2006). At 10,000 actors generation takes seconds.

    References
    ----------
    Efraimidis, P. S., & Spirakis, P. G. (2006). Weighted random sampling with a reservoir.
    *Information Processing Letters*, 97(5), 181-185.

    Examples
    --------
    >>> city = generate_city(n_actors=150, seed=1)
    >>> city.synthetic, city.meta["title"]
    (True, 'Beispielstadt (synthetisch)')
    >>> len(city.actors), len(city.events), len(city.referrals), len(city.resources)
    (150, 60, 1200, 80)
    >>> city.meta["planted"]["gap_sectors"]
    ['religion', 'wohnen']
    """
    n_actors = _check_int("n_actors", n_actors, minimum=80)
    default = _default_sizes(n_actors)
    n_events = default["events"] if n_events is None else _check_int("n_events", n_events, 12)
    n_referral_rows = (
        default["referrals"]
        if n_referral_rows is None
        else _check_int("n_referral_rows", n_referral_rows, 0)
    )
    n_cards = default["cards"] if n_cards is None else _check_int("n_cards", n_cards, 12)
    seed = _check_int("seed", seed, 0)
    y0, y1 = _check_years(years)
    if not isinstance(name, str) or not _is_slug(name):
        raise ValueError(
            f"name must be a slug of lower-case letters, digits, '-' or '_', got {name!r}"
        )

    rng_actors, rng_events, rng_referrals, rng_cards = (
        np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(4)
    )
    actors = _make_actors(rng_actors, n_actors)
    events, part = _make_events(rng_events, actors, n_events, y0, y1)
    refs = _make_referrals(rng_referrals, actors, part, n_referral_rows, y0, y1)
    cards, need_status = _make_cards(rng_cards, actors, part, refs, n_cards)

    ids = actors.ids
    planted = {
        "bridge": BRIDGE,
        "bridged_actors": sorted(ids[actors.group].tolist()),
        "bridge_series": _BRIDGE_SERIES,
        "gap_sectors": list(GAP_SECTORS),
        "unreachable_field": UNREACHABLE_FIELD,
        "unreachable_definition": (
            f"no referral row in field {UNREACHABLE_FIELD!r} has a to_id of sector 'mso'; "
            "MSOs do send referrals in that field"
        ),
        "needs": need_status,
        "needs_definition": (
            "unmet: no offer card of the topic; connected: an offer of the topic by an actor "
            "tied to the needer (shared event or referral row in either direction); "
            "unconnected: offers exist, none by a tied actor; also holds with departments "
            "collapsed into their top organisation"
        ),
        "unmet_topics": list(UNMET_TOPICS),
    }
    meta = _meta(
        name=name,
        seed=seed,
        structure=_event_layer_structure(part, n_actors),
        sizes={
            "n_actors": n_actors,
            "n_events": n_events,
            "n_referral_rows": n_referral_rows,
            "n_cards": n_cards,
        },
        years=(y0, y1),
        planted=planted,
    )
    frames = {
        "sources": pd.DataFrame(
            {
                "source_id": [SOURCE_ID],
                "file": [SOURCE_FILE],
                "title": [f"Synthetische Daten, erzeugt mit netzwerk.synth (Seed {seed})"],
                "publisher": ["netzwerk"],
                "note": ["Frei erfunden; keine realen Organisationen."],
            }
        ),
        "actors": actors.frame(),
        "events": events,
        "participation": _participation_frame(part, ids, events["event_id"].to_numpy()),
        "resources": cards,
    }
    city = City.from_frames(meta=meta, **frames)
    city.referrals = _referral_frame(refs, ids, y0)
    return city


def write_city(city: City, folder: str | Path) -> Path:
    """Write a city as a folder: UTF-8 CSV tables, ``sources/`` and ``datapackage.json``.

    Tables are written with ``,`` as separator, ``\\n`` line ends, booleans as ``true``/``false``
    and missing values as empty fields, so the same city always gives byte-identical files.
    For a synthetic city made by :func:`generate_city` the source file ``sources/README.txt``
    (how the data were generated, and the planted structure) is written too; for other cities
    the source files are copied from the folder the city was loaded from.

    Parameters
    ----------
    city : City
        The city to write; it is not modified.
    folder : str or Path
        Target folder; created if missing. Existing table files are overwritten.

    Returns
    -------
    Path
        The path of the written ``datapackage.json``.

    Raises
    ------
    TypeError
        If ``city`` is not a :class:`netzwerk.io.City`.

    Examples
    --------
    >>> import tempfile
    >>> city = generate_city(n_actors=80, n_events=12, n_referral_rows=50, n_cards=12)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = write_city(city, tmp)
    ...     sorted(p.name for p in out.parent.iterdir())
    ['actors.csv', 'datapackage.json', 'events.csv', 'participation.csv', 'referrals.csv',
     'resources.csv', 'sources', 'sources.csv']
    """
    if not isinstance(city, City):
        raise TypeError(f"city must be a netzwerk City, got {type(city).__name__}")
    folder = Path(folder)
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    for name in ALL_TABLES:
        if name in SURVEY_TABLES and getattr(city, name).empty:
            continue  # a city without a survey has no survey files
        _write_table(getattr(city, name), TABLES[name].column_names, folder / f"{name}.csv")
    if "generator" in city.meta and "planted" in city.meta:
        text = _readme_text(city.meta)
        (folder / "sources" / SOURCE_FILE).write_text(text, encoding="utf-8", newline="\n")
    elif city.path is not None:
        for file in city.sources["file"].dropna():
            src = Path(city.path) / "sources" / str(file)
            if src.exists() and src.resolve() != (folder / "sources" / str(file)).resolve():
                shutil.copyfile(src, folder / "sources" / str(file))
    meta = {k: v for k, v in city.meta.items() if k not in ("resources", "profile")}
    return write_datapackage(folder, meta)


# ---------------------------------------------------------------------------------------------
# Argument checks and sizes


def _check_int(argument: str, value: Any, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(f"{argument} must be an integer, got {value!r}")
    if value < minimum:
        raise ValueError(f"{argument} must be at least {minimum}, got {value}")
    return int(value)


def _check_years(years: Any) -> tuple[int, int]:
    if (
        not isinstance(years, tuple | list)
        or len(years) != 2
        or any(isinstance(y, bool) or not isinstance(y, int | np.integer) for y in years)
    ):
        raise TypeError(f"years must be a pair of integers (first, last), got {years!r}")
    y0, y1 = int(years[0]), int(years[1])
    if not 1900 <= y0 <= y1 <= 2100:
        raise ValueError(
            f"years must be (first, last) with 1900 <= first <= last <= 2100, got {years!r}"
        )
    return y0, y1


def _is_slug(text: str) -> bool:
    return re.fullmatch(r"[a-z0-9][a-z0-9_\-]*", text) is not None


def _scaled(n_actors: int, small: float, large: float) -> int:
    exponent = np.log(large / small) / np.log(_ANCHOR_LARGE / _ANCHOR_SMALL)
    return int(round(small * (n_actors / _ANCHOR_SMALL) ** exponent))


def _default_sizes(n_actors: int) -> dict[str, int]:
    return {
        "events": max(12, _scaled(n_actors, 60, 3_000)),
        "referrals": _scaled(n_actors, 1_200, 1_000_000),
        "cards": max(12, round(80 * n_actors / _ANCHOR_SMALL)),
    }


def _kind_share(kind: str, n_actors: int) -> float:
    """Share of an event kind; large events get rarer above 150 actors (in proportion)."""
    share = _KINDS[kind][0]
    if kind in _LARGE_KINDS and n_actors > _ANCHOR_SMALL:
        share *= _ANCHOR_SMALL / n_actors
    return share


def _size_scale(n_actors: int) -> float:
    """Factor on the largest event sizes: 1 at 150 actors, 300/80 at 10,000."""
    return max(1.0, (n_actors / _ANCHOR_SMALL) ** (np.log(300 / 80) / np.log(10_000 / 150)))


# ---------------------------------------------------------------------------------------------
# Actors


class _Actors:
    """Actor arrays used while generating (index = row in the actors table)."""

    def __init__(self, rows: list[dict[str, Any]], group: list[int]) -> None:
        n = len(rows)
        self.rows = rows
        self.ids = np.array([r["actor_id"] for r in rows], dtype=object)
        self.index = {a: i for i, a in enumerate(self.ids)}
        self.sector_code = np.array([SECTORS.index(r["sector"]) for r in rows])
        self.aggregate = np.array([r["aggregate"] for r in rows], dtype=bool)
        self.group = np.zeros(n, dtype=bool)
        self.group[group] = True
        parent = np.array([self.index.get(r["parent_id"], -1) for r in rows])
        root = np.arange(n)
        while True:  # follow parents up to the top organisation
            p = np.where(parent[root] >= 0, parent[root], root)
            if np.array_equal(p, root):
                break
            root = p
        self.root = root
        self.has_children = np.zeros(n, dtype=bool)
        self.has_children[parent[parent >= 0]] = True

    def sector_is(self, sector: str) -> np.ndarray:
        return self.sector_code == SECTORS.index(sector)

    def sector_weight(self, column: int) -> np.ndarray:
        values = np.array([_SECTOR_PARAMS[s][column] for s in SECTORS])
        return values[self.sector_code]

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "actor_id": self.ids,
                "name": [r["name"] for r in self.rows],
                "sector": [r["sector"] for r in self.rows],
                "level": [r["level"] for r in self.rows],
                "parent_id": [r["parent_id"] for r in self.rows],
                "aggregate": self.aggregate,
                "size_estimate": pd.array([r["size_estimate"] for r in self.rows], dtype="Int64"),
                "source_id": SOURCE_ID,
            }
        )


def _make_actors(rng: np.random.Generator, n: int) -> _Actors:
    n_group = int(np.clip(round(0.04 * n), 4, 40))
    n_agg = int(np.clip(round(n / 50), 2, 200))
    fixed_counts = {s: sum(1 for f in _FIXED if f[1] == s) for s in SECTORS}
    free = n - len(_FIXED) - n_group - n_agg
    shares = np.array([_SECTOR_PARAMS[s][0] for s in SECTORS])
    counts = dict(zip(SECTORS, _largest_remainder(shares, free), strict=True))
    for s in GAP_SECTORS:  # planted gap: both sectors reasonably large
        need = 12 - fixed_counts[s] - counts[s]
        while need > 0:
            donor = max(counts, key=lambda k: (counts[k], k) if k not in GAP_SECTORS else (-1, k))
            counts[donor] -= 1
            counts[s] += 1
            need -= 1

    towns = _towns(rng, n)
    rows: list[dict[str, Any]] = []
    used_names: set[str] = set()

    def add(actor_id, sector, level, name, parent=None, aggregate=False, size=None) -> None:
        name = _unique(name, used_names)
        rows.append(
            {
                "actor_id": actor_id,
                "name": name,
                "sector": sector,
                "level": level,
                "parent_id": parent,
                "aggregate": aggregate,
                "size_estimate": size,
            }
        )

    for key, sector, level, name, parent in _FIXED:
        add(key, sector, level, name, parent)
    width = max(3, len(str(n)))
    serial = dict.fromkeys(SECTORS, 0)

    def next_id(sector: str) -> str:
        serial[sector] += 1
        return f"{sector.replace('_', '-')}-{serial[sector]:0{width}d}"

    # Departments may hang below these roots (never below the bridge or the gap sectors).
    no_children = {BRIDGE, "stadtverwaltung", "dezernat-soziales", "dezernat-ordnung"}
    for sector in SECTORS:
        roots = [
            r["actor_id"]
            for r in rows
            if r["sector"] == sector and r["parent_id"] is None and r["actor_id"] not in no_children
        ]
        templates = _TEMPLATES[sector]
        by_id = {r["actor_id"]: r for r in rows}
        for _ in range(counts[sector]):
            for _attempt in range(10):  # prefer a name not used yet
                template, level = templates[rng.integers(len(templates))]
                parent = None
                if level.startswith("@"):
                    parent = level[1:]
                elif "{parent}" in template:
                    if not roots or sector in GAP_SECTORS:
                        template, level = next(t for t in templates if "{parent}" not in t[0])
                    else:
                        parent = roots[rng.integers(len(roots))]
                if parent is not None:
                    level = by_id[parent]["level"]
                    template = template.replace("{parent}", by_id[parent]["name"])
                name = _fill(template, rng, towns=towns)
                if name not in used_names:
                    break
            actor_id = next_id(sector)
            add(actor_id, sector, level, name, parent)
            by_id[actor_id] = rows[-1]
            if parent is None:
                roots.append(actor_id)

    group = []
    for _ in range(n_group):
        group.append(len(rows))
        add(
            next_id("mso"),
            "mso",
            "kommune",
            _fill("{origin} {mso_kind} {place} e.V.", rng, towns=towns),
        )
    for i in range(n_agg):
        sector, template = _AGGREGATES[i % len(_AGGREGATES)]
        k = int(rng.integers(10, 61))
        add(
            next_id(sector),
            sector,
            "kommune",
            _fill(template, rng, towns=towns, k=k),
            aggregate=True,
            size=k,
        )
    return _Actors(rows, group)


def _largest_remainder(shares: np.ndarray, total: int) -> list[int]:
    raw = shares / shares.sum() * total
    counts = np.floor(raw).astype(int)
    order = np.argsort(-(raw - counts), kind="stable")
    counts[order[: total - counts.sum()]] += 1
    return counts.tolist()


def _unique(name: str, used: set[str]) -> str:
    candidate, k = name, 1
    while candidate in used:
        k += 1
        candidate = f"{name} ({k})"
    used.add(candidate)
    return candidate


def _towns(rng: np.random.Generator, n_actors: int) -> tuple[str, ...]:
    """The region's municipalities besides Beispielstadt: more of them in larger regions."""
    k = int(np.clip(round(n_actors / 40), len(_TOWNS), len(_TOWN_PREFIXES) * len(_TOWN_SUFFIXES)))
    extra = [a + b for a in _TOWN_PREFIXES for b in _TOWN_SUFFIXES if a + b not in _TOWNS]
    return (*_TOWNS, *(extra[i] for i in rng.permutation(len(extra))))[:k]


def _fill(
    template: str, rng: np.random.Generator, *, towns: Sequence[str] = _TOWNS, **given: Any
) -> str:
    def pick(options: Sequence[str]) -> str:
        return options[rng.integers(len(options))]

    values = {
        "district": lambda: pick(_DISTRICTS),
        "town": lambda: pick(towns),
        "place": lambda: (
            "Beispielstadt" + ("" if rng.random() < 0.25 else "-" + pick(_DISTRICTS))
            if rng.random() < 0.7
            else pick(towns)
        ),
        "origin": lambda: pick(_ORIGINS),
        "origin_gen": lambda: pick(_ORIGINS).removesuffix("er") + "en",
        "mso_kind": lambda: pick(_MSO_KINDS),
        "surname": lambda: pick(_SURNAMES),
        "saint": lambda: pick(_SAINTS),
        "topic": lambda: pick(_TOPIC_WORDS),
        "motto": lambda: pick(_MOTTOS),
        "year": lambda: str(int(rng.integers(1890, 1990))),
    }
    out = template
    for key, make in values.items():
        if "{" + key + "}" in out:
            out = out.replace("{" + key + "}", make())
    for key, value in given.items():
        out = out.replace("{" + key + "}", str(value))
    return out


# ---------------------------------------------------------------------------------------------
# Events and participation


def _wsample(
    rng: np.random.Generator, weights: np.ndarray, k: int, allowed: np.ndarray
) -> np.ndarray:
    """``k`` indices drawn without replacement with probability proportional to ``weights``."""
    candidates = np.flatnonzero(allowed & (weights > 0))
    if k <= 0 or candidates.size == 0:
        return np.empty(0, dtype=int)
    if k >= candidates.size:
        return rng.permutation(candidates)
    keys = rng.exponential(size=candidates.size) / weights[candidates]
    chosen = np.argpartition(keys, k - 1)[:k]
    return candidates[chosen[np.argsort(keys[chosen], kind="stable")]]


def _make_events(
    rng: np.random.Generator, actors: _Actors, n_events: int, y0: int, y1: int
) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    n = len(actors.ids)
    scale = _size_scale(n)
    lognormal = rng.lognormal(0.0, 0.8, size=n)
    activity = actors.sector_weight(3) * lognormal
    organiser = actors.sector_weight(1) * lognormal
    speaker = actors.sector_weight(2) * np.sqrt(lognormal)
    host = actors.sector_weight(5) * lognormal
    funder = np.array([_FUNDER_WEIGHT.get(SECTORS[c], 0.0) for c in actors.sector_code])
    funder[actors.index["stadtverwaltung"]] = 1.0
    for w in (organiser, speaker, host, funder):
        w[actors.aggregate] = 0.0
    activity[actors.index[HUB]] *= 5  # the integration office is everywhere
    # the counselling centre that bridges the MSOs is busy elsewhere too (a top broker)
    activity[actors.index[BRIDGE]] *= 4
    general = ~actors.group  # the bridged MSOs take part only in their own series
    excluded = {s: actors.sector_is(s) for s in GAP_SECTORS}
    neither_gap = ~excluded[GAP_SECTORS[0]] & ~excluded[GAP_SECTORS[1]]
    # the two gap sectors are active elsewhere, so that never meeting is a significant gap
    # (in a sparse town, two quiet sectors of eight could miss each other by chance)
    activity[~neither_gap] *= 1.5

    n_bridge = int(np.clip(round(0.06 * n_events), 3, 40))
    n_gremium = max(3, round(0.42 * n_events) - n_bridge)
    n_other = n_events - n_bridge - n_gremium
    kinds = list(_KINDS)
    kind_counts = dict(
        zip(
            kinds,
            _largest_remainder(np.array([_kind_share(k, n) for k in kinds]), n_other),
            strict=True,
        )
    )
    for k in ("fachtag", "konferenz"):  # every city has at least one of each
        if kind_counts[k] == 0 and n_other >= 2:
            donor = max(kind_counts, key=lambda x: kind_counts[x])
            kind_counts[donor] -= 1
            kind_counts[k] += 1

    ev: list[dict[str, Any]] = []  # title, kind, series, date parts, excluded sector
    members: list[np.ndarray] = []
    role_of: list[np.ndarray] = []

    def add_event(title, kind, series, day, precision, roster, roles, n_part=None):
        year, month, dom = int(day.year), int(day.month), int(day.day)
        if precision == "day":
            text = f"{year:04d}-{month:02d}-{dom:02d}"
        elif precision == "month":
            text = f"{year:04d}-{month:02d}"
        else:
            text = f"{year:04d}"
        host_idx = roster[roles == ROLES.index("host")]
        ev.append(
            {
                "title": title,
                "kind": kind,
                "date": text,
                "series": series,
                "venue_id": actors.ids[host_idx[0]] if host_idx.size else None,
                "n_participants": n_part,
                # sort by the first day the (partial) date can mean, as date_start does
                "_sort": (
                    year,
                    month if precision != "year" else 1,
                    dom if precision == "day" else 1,
                    title,
                ),
            }
        )
        members.append(np.asarray(roster, dtype=int))
        role_of.append(np.asarray(roles, dtype=np.int8))

    days = pd.date_range(f"{y0}-01-01", f"{y1}-12-31", freq="D")

    def random_day() -> pd.Timestamp:
        return days[rng.integers(len(days))]

    def series_days(k: int) -> list[pd.Timestamp]:
        span = max(1, min(len(days), int(rng.integers(2, 6)) * 365, k * 120))
        start = int(rng.integers(0, len(days) - span + 1)) if span < len(days) else 0
        step = span / k
        out = []
        for i in range(k):
            j = start + int(i * step + rng.integers(0, max(1, int(step * 0.3)) + 1))
            out.append(days[min(j, len(days) - 1)])
        return sorted(out)

    # -- the planted bridge series: the bridge and the bridged MSOs only
    bridge = actors.index[BRIDGE]
    group_idx = np.flatnonzero(actors.group)
    for i, day in enumerate(series_days(n_bridge)):
        if i == 0:
            attendees = group_idx
        else:
            attendees = group_idx[rng.random(group_idx.size) < 0.6]
            if attendees.size < 2:
                attendees = rng.choice(group_idx, size=2, replace=False)
        roster = np.concatenate([[bridge], attendees])
        roles = np.full(roster.size, ROLES.index("participant"))
        roles[0] = ROLES.index("organizer")
        if attendees.size > 2 and rng.random() < 0.3:
            roles[1] = ROLES.index("speaker")
        add_event(
            f"{_BRIDGE_SERIES} – {i + 1}. Sitzung",
            "gremium",
            _BRIDGE_SERIES,
            day,
            "day",
            roster,
            roles,
        )

    # -- Gremium series; the first is the Kompetenzteam, whose members link everything
    n_series = max(2, int(np.ceil(n_gremium / 20)))
    per_series = _largest_remainder(np.ones(n_series), n_gremium)
    kt_core = np.array([actors.index[a] for a in _KT_CORE])
    kt_allowed = general & neither_gap & ~actors.aggregate
    used_series: set[str] = {_KT_SERIES}
    for s in range(n_series):
        if s == 0:
            series = _KT_SERIES
            allowed = kt_allowed
            extra = _wsample(
                rng, activity, int(rng.integers(4, 8)), allowed & ~np.isin(np.arange(n), kt_core)
            )
            core = np.concatenate([kt_core, extra])
        else:
            series = _unique(
                _fill(_SERIES_NAMES[rng.integers(len(_SERIES_NAMES))], rng), used_series
            )
            gap = GAP_SECTORS[rng.integers(2)]
            allowed = general & ~excluded[gap] & ~actors.aggregate
            size = int(rng.integers(7, 15) * scale**0.25)
            chair = _wsample(rng, organiser, 1, allowed)
            core = np.concatenate(
                [chair, _wsample(rng, activity, size - 1, allowed & ~np.isin(np.arange(n), chair))]
            )
        for i, day in enumerate(series_days(max(1, per_series[s]))):
            if i == 0:
                attendees = core
            else:
                keep = rng.random(core.size) < 0.8
                keep[:2] = True
                attendees = core[keep]
                guests = _wsample(
                    rng,
                    activity,
                    int(rng.poisson(1.0)),
                    allowed & ~np.isin(np.arange(n), attendees),
                )
                attendees = np.concatenate([attendees, guests])
            roles = np.full(attendees.size, ROLES.index("participant"))
            roles[0] = ROLES.index("organizer")
            roles[1] = ROLES.index("chair")
            n_spk = min(int(rng.integers(0, 3)), attendees.size - 2)
            if n_spk:
                roles[attendees.size - n_spk :] = ROLES.index("speaker")
            add_event(
                f"{series} – {i + 1}. Sitzung", "gremium", series, day, "day", attendees, roles
            )

    # -- other events
    kt_set = np.zeros(n, dtype=bool)
    kt_set[kt_core] = True
    kt_set[bridge] = False  # an event with only the bridge would hang on the bridge alone
    first_of_kind: set[str] = set()
    n_open = 0
    for kind in kinds:
        _share, lo, hi, scalable, p_host, p_chair, (s_lo, s_hi), p_fund = _KINDS[kind]
        if scalable:
            # the top size grows with the city, the typical size hardly (see _kind_share too)
            lo, hi = int(round(lo * scale**0.25)), min(_MAX_EVENT_SIZE, int(round(hi * scale)))
        for _ in range(kind_counts[kind]):
            gap = GAP_SECTORS[rng.integers(2)]
            if n_open < 2:  # both kinds of event exist, so every actor fits one
                gap = GAP_SECTORS[n_open]
            n_open += 1
            allowed = general & ~excluded[gap]
            if kind not in _LARGE_KINDS:
                allowed = allowed & ~actors.aggregate
            if kind not in first_of_kind and kind in ("konferenz", "fachtag"):
                size = hi  # the largest event of its kind reaches the top size
                first_of_kind.add(kind)
            else:
                # larger cities: the size distribution grows a longer, thinner tail, so the
                # cooperation graph stays sparse (about 300,000 ties at 10,000 actors)
                size = lo + int(round((hi - lo) * rng.beta(1.2, 3.0 * scale**1.5)))
            size = min(size, int(allowed.sum()))
            taken = np.zeros(n, dtype=bool)
            parts: list[np.ndarray] = []
            roles: list[np.ndarray] = []

            def take(weights, k, role, allowed=allowed, taken=taken, parts=parts, roles=roles):
                chosen = _wsample(rng, weights, k, allowed & ~taken)
                taken[chosen] = True
                parts.append(chosen)
                roles.append(np.full(chosen.size, ROLES.index(role)))

            # a small meeting has one organiser and at least one other actor
            take(organiser, min(int(rng.choice([1, 1, 1, 2, 2, 3])), max(1, size - 1)), "organizer")
            if rng.random() < p_host:
                take(host, 1, "host")
            if rng.random() < p_chair:
                take(organiser, 1, "chair")
            take(speaker, int(rng.integers(s_lo, s_hi + 1)) if s_hi else 0, "speaker")
            if rng.random() < p_fund:
                take(funder, int(rng.choice([1, 1, 2])), "funder")
            if not taken[kt_set].any():  # link every event to the Kompetenzteam
                chosen = _wsample(rng, activity, 1, kt_set & allowed & ~taken)
                taken[chosen] = True
                parts.append(chosen)
                roles.append(np.full(chosen.size, ROLES.index("participant")))
            take(activity, size - int(taken.sum()), "participant")
            roster, role_codes = np.concatenate(parts), np.concatenate(roles)
            day = random_day()
            u = rng.random()
            precision = "month" if u < 0.12 else ("year" if u < 0.17 else "day")
            title = _event_title(kind, rng, day.year)
            n_part = None
            if kind in _LARGE_KINDS and rng.random() < 0.7:
                n_part = int(round(roster.size * rng.uniform(1.3, 2.5)))
            add_event(title, kind, None, day, precision, roster, role_codes, n_part)
            ev[-1]["_gap"] = gap
            ev[-1]["_cap"] = max(hi, roster.size)

    # -- every actor takes part somewhere: add those left out as participants
    attended = np.zeros(n, dtype=bool)
    for m in members:
        attended[m] = True
    open_events = [i for i, e in enumerate(ev) if "_gap" in e]
    sizes = np.array([members[i].size for i in open_events], dtype=float)
    open_gap = np.array([GAP_SECTORS.index(ev[i]["_gap"]) for i in open_events])
    open_large = np.array([ev[i]["kind"] in _LARGE_KINDS for i in open_events])
    open_cap = np.array([ev[i]["_cap"] for i in open_events])  # never above the kind's top size
    for a in np.flatnonzero(~attended & general):
        ok = np.ones(len(open_events), dtype=bool)
        for g, sector in enumerate(GAP_SECTORS):
            if excluded[sector][a]:
                ok &= open_gap != g
        if actors.aggregate[a] and (ok & open_large).any():
            ok &= open_large
        # weight by size (flatter in large cities, so big events do not absorb everyone)
        w = np.where(ok & (sizes < open_cap), sizes ** (1 / scale), 0.0)
        if w.sum() == 0:
            w = np.where(ok, sizes ** (1 / scale), 0.0)
        k = int(np.searchsorted(np.cumsum(w), rng.random() * w.sum(), side="right"))
        j = open_events[k]
        members[j] = np.append(members[j], a)
        sizes[k] += 1
        role_of[j] = np.append(role_of[j], ROLES.index("participant"))

    # chronological event ids
    order = sorted(range(len(ev)), key=lambda i: ev[i]["_sort"])
    number = 0
    for i in order:
        if "{n}" in ev[i]["title"]:
            number += 1
            ev[i]["title"] = ev[i]["title"].replace("{n}", str(number))
    width = max(3, len(str(len(ev))))
    events = pd.DataFrame(
        {
            "event_id": [f"ev-{k + 1:0{width}d}" for k in range(len(ev))],
            "title": [ev[i]["title"] for i in order],
            "kind": [ev[i]["kind"] for i in order],
            "date": [ev[i]["date"] for i in order],
            "status": "held",
            "series": [ev[i]["series"] for i in order],
            "venue_id": [ev[i]["venue_id"] for i in order],
            "n_participants": pd.array([ev[i]["n_participants"] for i in order], dtype="Int64"),
            "source_id": SOURCE_ID,
        }
    )
    position = np.empty(len(ev), dtype=int)
    position[order] = np.arange(len(ev))
    part = {
        "event": np.concatenate([np.full(m.size, position[i]) for i, m in enumerate(members)]),
        "actor": np.concatenate(members),
        "role": np.concatenate(role_of),
    }
    sort = np.lexsort((part["role"], part["actor"], part["event"]))
    return events, {k: v[sort] for k, v in part.items()}


def _event_title(kind: str, rng: np.random.Generator, year: int) -> str:
    pick = lambda options: options[rng.integers(len(options))]  # noqa: E731
    if kind == "fachtag":
        return f"Fachtag „{pick(_MOTTOS)}“, Beispielstadt {year}"
    if kind == "konferenz":
        return "{n}. Integrationskonferenz Beispielstadt"  # numbered once sorted by date
    if kind == "forum":
        return f"Praxisforum {pick(_FORUM_TOPICS)} in Beispielstadt"
    if kind == "workshop":
        return f"Workshop {pick(_FORUM_TOPICS)} (Beispielstadt)"
    if kind == "netzwerktreffen":
        topic = pick(("Sprachförderung", "Flüchtlingshilfe", "Quartier"))
        return f"Netzwerktreffen {topic} Beispielstadt-{pick(_DISTRICTS)}"
    if kind == "befragung":
        return f"Bestandsaufnahme Integrationsangebote Beispielstadt {year}"
    return f"Interkulturelles Fest Beispielstadt-{pick(_DISTRICTS)} {year}"


def _participation_frame(
    part: dict[str, np.ndarray], ids: np.ndarray, event_ids: np.ndarray
) -> pd.DataFrame:
    roles = np.array(ROLES, dtype=object)
    return pd.DataFrame(
        {
            "event_id": event_ids[part["event"]],
            "actor_id": ids[part["actor"]],
            "role": roles[part["role"]],
            "source_id": SOURCE_ID,
        }
    )


# ---------------------------------------------------------------------------------------------
# Referrals (vectorised)


def _make_referrals(
    rng: np.random.Generator,
    actors: _Actors,
    part: dict[str, np.ndarray],
    n_rows: int,
    y0: int,
    y1: int,
) -> dict[str, np.ndarray]:
    """Referral rows as integer arrays: from, to, field, period code, count (-1 = empty).

    Period code ``p`` < ``ny`` is the year ``y0 + p``; ``p >= ny`` is quarter
    ``(p - ny) % 4 + 1`` of year ``y0 + (p - ny) // 4``. ``part`` is the participation
    (arrays ``event``, ``actor``): most relationships run between actors that meet at events.
    """
    n = len(actors.ids)
    ny = y1 - y0 + 1
    n_fields = len(FIELDS)
    f_unreach = FIELDS.index(UNREACHABLE_FIELD)
    gap_a, gap_b = (SECTORS.index(s) for s in GAP_SECTORS)
    bridge = actors.index[BRIDGE]
    group_idx = np.flatnonzero(actors.group)
    eligible = ~actors.aggregate & ~actors.group
    send_w = actors.sector_weight(4) * rng.lognormal(0.0, 1.0, size=n) * eligible
    recv_base = rng.lognormal(0.0, 1.0, size=n) * eligible
    # the planted bridge, an independent counselling centre, is a busy referral partner too
    # (90th percentile of the welfare organisations' sending and of all receiving weights), so
    # it stays among the top brokers by weighted betweenness once referrals follow event ties
    welfare = actors.sector_is("wohlfahrt") & eligible
    send_w[bridge] = np.quantile(send_w[welfare], 0.9)
    recv_base[bridge] = np.quantile(recv_base[eligible], 0.9)
    affinity = np.array([_RECEIVE.get(s, (0.0,) * n_fields) for s in SECTORS], dtype=float)
    recv_w = affinity[actors.sector_code] * recv_base[:, None]  # actors x fields
    quarterly = rng.random(n) < 0.3  # these senders report per quarter
    send_cdf = np.cumsum(send_w)
    recv_cdf = np.cumsum(recv_w, axis=0)
    field_p = np.array(_FIELD_POPULARITY) / np.sum(_FIELD_POPULARITY)
    # further fields of a relationship: by the receiving sector's affinity and field popularity
    extra_cdf = np.cumsum(affinity * field_p, axis=1)
    extra_cdf /= np.where(extra_cdf[:, -1:] > 0, extra_cdf[:, -1:], 1.0)

    # who meets whom: actors x actors (shared events), and per field the running sum of the
    # receivers' weights along each sender's row, to draw a partner the sender meets
    n_ev = int(part["event"].max(initial=-1)) + 1
    incidence = sp.csr_matrix(
        (np.ones(part["actor"].size), (part["event"], part["actor"])), shape=(n_ev, n)
    )
    meets = (incidence.T @ incidence).tocsr()
    meets.setdiag(0)
    meets.eliminate_zeros()
    meets.sort_indices()
    met_ptr, met_idx = meets.indptr, meets.indices
    met_cum = np.cumsum(recv_w[met_idx].T, axis=1)  # fields x ties, one running sum per field

    def draw(cdf: np.ndarray, size: int) -> np.ndarray:
        return np.minimum(np.searchsorted(cdf, rng.random(size) * cdf[-1], side="right"), n - 1)

    def draw_met(frm: np.ndarray, fld: np.ndarray) -> np.ndarray:
        """A partner each sender meets at events, by receiving weight in the field; -1 if none."""
        lo, hi = met_ptr[frm], met_ptr[frm + 1]
        to = np.full(frm.size, -1)
        u = rng.random(frm.size)
        for f in range(n_fields):
            sel = np.flatnonzero((fld == f) & (hi > lo))
            cum = met_cum[f]
            base = np.where(lo[sel] > 0, cum[np.maximum(lo[sel] - 1, 0)], 0.0)
            span = cum[hi[sel] - 1] - base
            pos = np.searchsorted(cum, base + u[sel] * span, side="right")
            pos = np.clip(pos, lo[sel], hi[sel] - 1)
            to[sel] = np.where(span > 0, met_idx[pos], -1)
        return to

    # explicit relationships first: the bridged group with the bridge, and MSOs sending in the
    # unreachable field (so that "no MSO receives" is not just "no MSO takes part")
    exp_from, exp_to, exp_field = [], [], []
    health = np.flatnonzero(recv_w[:, f_unreach] > 0)
    msos = np.flatnonzero(actors.sector_is("mso") & eligible)
    for m in msos[: max(3, msos.size // 10)]:  # first, so that even a few rows include them
        exp_from.append(m)
        exp_to.append(health[rng.integers(health.size)])
        exp_field.append(f_unreach)
    for g in group_idx:
        exp_from += [g, bridge, g]
        exp_to += [bridge, g, group_idx[(np.searchsorted(group_idx, g) + 1) % group_idx.size]]
        exp_field += [
            FIELDS.index(rng.choice(["aufenthalt", "soziales", "arbeit"])),
            FIELDS.index(rng.choice(["deutscherwerb", "teilhabe", "familie"])),
            FIELDS.index("teilhabe"),
        ]
    batches = [(np.array(exp_from), np.array(exp_to), np.array(exp_field))]

    keys_all = np.empty(0, dtype=np.int64)
    cols: dict[str, list[np.ndarray]] = {
        name: [np.empty(0, dtype=np.int64)] for name in ("from", "to", "field", "period")
    }
    total = 0
    rows_per_relationship = _ROWS_PER_RELATIONSHIP  # first guess, then measured per batch
    for _attempt in range(60):
        if total >= n_rows:
            break
        explicit = bool(batches)
        if explicit:
            frm, to, fld = batches.pop()
        else:
            m = max(64, int(1.05 * (n_rows - total) / rows_per_relationship))
            fld = rng.choice(n_fields, size=m, p=field_p)
            frm = draw(send_cdf, m)
            to = np.empty(m, dtype=int)
            for f in range(n_fields):
                sel = fld == f
                to[sel] = draw(recv_cdf[:, f], int(sel.sum()))
            met = rng.random(m) < _SHARE_MET
            to_met = draw_met(frm[met], fld[met])
            # a sender who meets nobody receiving in the field keeps the partner drawn as above
            to[met] = np.where(to_met >= 0, to_met, to[met])
            sec_f, sec_t = actors.sector_code[frm], actors.sector_code[to]
            ok = (
                (frm != to)
                & (send_w[frm] > 0)
                & (recv_w[to, fld] > 0)
                & ~((sec_f == gap_a) & (sec_t == gap_b))
                & ~((sec_f == gap_b) & (sec_t == gap_a))
            )
            frm, to, fld = frm[ok], to[ok], fld[ok]
        # each relationship runs for a stretch of years (or quarters)
        k = frm.size
        q = quarterly[frm]
        start_year = rng.integers(0, ny, size=k)
        run_years = np.minimum(1 + rng.geometric(0.4, size=k) - 1, ny - start_year)
        run_years = np.maximum(run_years, 1)
        start = np.where(q, start_year * 4 + rng.integers(0, 4, size=k), start_year)
        length = np.where(q, np.maximum(1, run_years * 4 - rng.integers(0, 4, size=k)), run_years)
        length = np.minimum(length, np.where(q, 4 * ny, ny) - start)
        # ... and covers its field plus 0-3 further ones in which the receiver takes referrals
        # (a field drawn twice counts once)
        n_extra = 0 if explicit else np.minimum(rng.poisson(_EXTRA_FIELDS, size=k), 3)
        extra = np.repeat(np.arange(k), n_extra)
        cdf = extra_cdf[actors.sector_code[to[extra]]]
        extra_fld = (rng.random(extra.size)[:, None] >= cdf).sum(axis=1)
        keep = recv_w[to[extra], np.minimum(extra_fld, n_fields - 1)] > 0
        which = np.concatenate([np.arange(k), extra[keep]])
        fld = np.concatenate([fld, extra_fld[keep]])
        # rows stay grouped by relationship, so cutting the last batch to n_rows drops whole
        # relationships (all their fields), not further fields only
        grouped = np.argsort(which, kind="stable")
        which, fld = which[grouped], fld[grouped]
        frm, to, q, start, length = frm[which], to[which], q[which], start[which], length[which]
        rel = np.repeat(np.arange(which.size), length)
        offset = np.arange(rel.size) - np.repeat(np.cumsum(length) - length, length)
        p = start[rel] + offset
        period = np.where(q[rel], ny + p, p)
        f_rows, t_rows, fl_rows = frm[rel], to[rel], fld[rel]
        keys = ((f_rows.astype(np.int64) * n + t_rows) * n_fields + fl_rows) * (5 * ny) + period
        merged = np.concatenate([keys_all, keys])
        _, first = np.unique(merged, return_index=True)
        fresh = np.zeros(merged.size, dtype=bool)
        fresh[first] = True
        new = fresh[keys_all.size :]
        keys_all = np.concatenate([keys_all, keys[new]])
        for name, values in zip(cols, (f_rows, t_rows, fl_rows, period), strict=True):
            cols[name].append(values[new])
        total += int(new.sum())
        if not explicit and new.any():
            rows_per_relationship = max(0.5, int(new.sum()) / m)
    if total < n_rows:
        raise ValueError(
            f"n_referral_rows={n_rows} is more than this city's actors can plausibly have; "
            "use more actors or fewer referral rows"
        )
    out = {name: np.concatenate(values)[:n_rows] for name, values in cols.items()}
    period = out.pop("period")
    out["year"] = np.where(period >= ny, (period - ny) // 4, period)  # offset from y0
    out["quarter"] = np.where(period >= ny, (period - ny) % 4 + 1, 0)  # 0 = whole year
    rate = rng.lognormal(0.3, 0.9, size=n_rows)
    rate = np.where(out["quarter"] > 0, rate / 4, rate)
    count = 1 + rng.poisson(rate)
    count[rng.random(n_rows) < 0.03] = -1  # documented but not counted
    out["count"] = count
    order = np.lexsort((out["field"], out["to"], out["from"], out["quarter"], out["year"]))
    return {k: v[order] for k, v in out.items()}


def _referral_frame(refs: dict[str, np.ndarray], ids: np.ndarray, y0: int) -> pd.DataFrame:
    """The referrals table, typed as the loader types it (vectorised; no per-row parsing)."""
    year = refs["year"].astype(np.int64) + y0
    quarter = refs["quarter"].astype(np.int64)
    n = year.size
    # label per distinct (year, quarter): few distinct values, so build them once
    code = year * 5 + quarter
    uniq, inverse = np.unique(code, return_inverse=True)
    u_year, u_quarter = uniq // 5, uniq % 5
    labels = np.array(
        [f"{y}-Q{q}" if q else f"{y}" for y, q in zip(u_year, u_quarter, strict=True)],
        dtype=object,
    )
    first_month = np.where(u_quarter > 0, 3 * u_quarter - 2, 1)
    last_month = np.where(u_quarter > 0, 3 * u_quarter, 12)
    u_start = pd.to_datetime(
        pd.DataFrame({"year": u_year, "month": first_month, "day": 1})
    ).to_numpy(dtype="datetime64[ns]")
    u_end = (
        pd.to_datetime(pd.DataFrame({"year": u_year, "month": last_month, "day": 1}))
        + pd.offsets.MonthEnd(0)
    ).to_numpy(dtype="datetime64[ns]")
    count = pd.array(refs["count"], dtype="Int64")
    count[refs["count"] < 0] = pd.NA
    fields = np.array(FIELDS, dtype=object)
    return pd.DataFrame(
        {
            "from_id": pd.array(ids[refs["from"]], dtype="string"),
            "to_id": pd.array(ids[refs["to"]], dtype="string"),
            "field": pd.array(fields[refs["field"]], dtype="string"),
            "period": pd.array(labels[inverse], dtype="string"),
            "count": count,
            "source_id": pd.array(np.full(n, SOURCE_ID, dtype=object), dtype="string"),
            "quote": pd.array(np.full(n, pd.NA, dtype=object), dtype="string"),
            "inferred": pd.array(np.zeros(n, dtype=bool), dtype="boolean"),
            "note": pd.array(np.full(n, pd.NA, dtype=object), dtype="string"),
            "period_start": u_start[inverse],
            "period_end": u_end[inverse],
        }
    )


# ---------------------------------------------------------------------------------------------
# Ressourcenbörse


def _make_cards(
    rng: np.random.Generator,
    actors: _Actors,
    part: dict[str, np.ndarray],
    refs: dict[str, np.ndarray],
    n_cards: int,
) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    n = len(actors.ids)
    n_ev = int(part["event"].max(initial=-1)) + 1
    incidence = sp.csr_matrix(
        (np.ones(part["actor"].size), (part["event"], part["actor"])), shape=(n_ev, n)
    )
    referral = sp.csr_matrix((np.ones(refs["from"].size), (refs["from"], refs["to"])), shape=(n, n))
    referral = (referral + referral.T).tocsr()

    def tied(mask: np.ndarray) -> np.ndarray:
        """Actors sharing an event or a referral row with any actor in ``mask`` (or in it)."""
        v = mask.astype(float)
        return (incidence.T @ (incidence @ v) + referral @ v > 0) | mask

    activity = actors.sector_weight(3) * rng.lognormal(0.0, 0.8, size=n)
    n_anonymous = max(1, round(0.04 * n_cards))
    n_needs = max(6, round(0.45 * n_cards))
    n_offers = n_cards - n_needs - n_anonymous
    offerable = [t for t in _CARD_TEXTS if t not in UNMET_TOPICS and t != ANONYMOUS_TOPIC]
    can_offer = ~actors.aggregate & ~actors.group
    can_offer[actors.index[BRIDGE]] = False  # so the bridged group never has a tied offerer
    cards: list[dict[str, Any]] = []

    def text(topic: str, kind: str) -> str:
        options = _CARD_TEXTS[topic][0 if kind == "offer" else 1]
        return _fill(options[rng.integers(len(options))], rng)

    offerers: dict[str, list[int]] = {t: [] for t in offerable}
    for _ in range(n_offers):
        topic = offerable[rng.integers(len(offerable))]
        sectors = _OFFER_SECTORS.get(topic, _SERVICE_SECTORS)
        allowed = can_offer & np.isin(actors.sector_code, [SECTORS.index(s) for s in sectors])
        a = int(_wsample(rng, activity, 1, allowed)[0])
        offerers[topic].append(a)
        cards.append({"actor": a, "kind": "offer", "topic": topic})
    for _ in range(n_anonymous):
        cards.append({"actor": -1, "kind": "offer", "topic": ANONYMOUS_TOPIC})

    may_need = ~actors.aggregate & ~np.isin(
        actors.sector_code, [SECTORS.index("politik"), SECTORS.index("land_bund_eu")]
    )
    candidates: dict[str, dict[str, np.ndarray]] = {"connected": {}, "unconnected": {}}
    for topic, who in offerers.items():
        if not who:
            continue
        offer_mask = np.zeros(n, dtype=bool)
        offer_mask[who] = True
        family = np.isin(actors.root, actors.root[who])
        conn = tied(offer_mask) & ~family & may_need
        forbidden = np.zeros(n, dtype=bool)
        forbidden[actors.root[tied(family)]] = True
        unconn = ~forbidden[actors.root] & may_need
        for status, cand in (("connected", conn), ("unconnected", unconn)):
            if cand.any():
                candidates[status][topic] = np.flatnonzero(cand)

    n_unmet = max(2, round(0.2 * n_needs))
    n_unconnected = max(2, round(0.3 * n_needs))
    targets = ["unmet"] * n_unmet + ["unconnected"] * n_unconnected
    targets += ["connected"] * (n_needs - len(targets))
    status_of: list[str] = []
    pool = np.flatnonzero(may_need)
    for status in targets:
        if status != "unmet" and not candidates[status]:
            status = "unmet"  # cannot happen with the planted group; kept for safety
        if status == "unmet":
            topic = UNMET_TOPICS[rng.integers(len(UNMET_TOPICS))]
            a = int(pool[rng.integers(pool.size)])
        else:
            topics = sorted(candidates[status])
            topic = topics[rng.integers(len(topics))]
            who = candidates[status][topic]
            a = int(who[rng.integers(who.size)])
        cards.append({"actor": a, "kind": "need", "topic": topic})
        status_of.append(status)

    order = rng.permutation(len(cards))
    width = max(3, len(str(len(cards))))
    rows = []
    need_status: dict[str, list[str]] = {"connected": [], "unconnected": [], "unmet": []}
    statuses = dict(zip(range(n_offers + n_anonymous, len(cards)), status_of, strict=True))
    for k, i in enumerate(order):
        card = cards[i]
        resource_id = f"karte-{k + 1:0{width}d}"
        anonymous = card["actor"] < 0
        rows.append(
            {
                "resource_id": resource_id,
                "actor_id": None if anonymous else actors.ids[card["actor"]],
                "attribution": "unknown"
                if anonymous
                else ("inferred" if rng.random() < 0.15 else "stated"),
                "kind": card["kind"],
                "topic": card["topic"],
                "text": text(card["topic"], card["kind"]),
                "source_id": SOURCE_ID,
            }
        )
        if card["kind"] == "need":
            need_status[statuses[int(i)]].append(resource_id)
    return pd.DataFrame(rows), {k: sorted(v) for k, v in need_status.items()}


# ---------------------------------------------------------------------------------------------
# Metadata, README and writing


#: Target range of the event layer's density (issue 14): a realistic town, not a hairball.
TARGET_DENSITY: tuple[float, float] = (0.05, 0.25)
#: Above this many actors the clustering coefficient is not computed for the description.
_CLUSTERING_MAX_ACTORS = 2_000


def _event_layer_structure(part: dict[str, np.ndarray], n_actors: int) -> dict[str, Any]:
    """Density, degree distribution and clustering of the event layer (shared events).

    The event layer is the co-participation graph (two actors are tied when they attend an
    event together), i.e. ``cooperation_graph(city, layers=("events",))`` without weights.
    """
    import networkx as nx

    n_events = int(part["event"].max()) + 1 if part["event"].size else 0
    B = sp.csr_array(
        (np.ones(part["actor"].size), (part["actor"], part["event"])), shape=(n_actors, n_events)
    )
    B.data[:] = 1.0
    C = sp.triu(B @ B.T, k=1).tocoo()  # one entry per tied pair
    ties = int(C.nnz)
    degree = np.bincount(C.row, minlength=n_actors) + np.bincount(C.col, minlength=n_actors)
    sizes = np.bincount(part["event"], minlength=n_events)
    out: dict[str, Any] = {
        "target_density": list(TARGET_DENSITY),
        "density": round(2 * ties / (n_actors * (n_actors - 1)), 4),
        "ties": ties,
        "degree_median": float(np.median(degree)),
        "degree_mean": round(float(degree.mean()), 1),
        "degree_p90": round(float(np.percentile(degree, 90)), 1),
        "degree_max": int(degree.max()),
        "event_size_median": float(np.median(sizes)),
        "event_size_max": int(sizes.max()),
        "share_events_up_to_10": round(float((sizes <= 10).mean()), 2),
        "clustering": None,
    }
    if n_actors <= _CLUSTERING_MAX_ACTORS:
        G = nx.Graph()
        G.add_nodes_from(range(n_actors))
        G.add_edges_from(zip(C.row.tolist(), C.col.tolist(), strict=True))
        out["clustering"] = round(nx.average_clustering(G), 2)
    return out


def _de_number(value: float, digits: int = 0) -> str:
    text = f"{value:,.{digits}f}"
    return text.replace(",", "X").replace(".", ",").replace("X", ".")


def _structure_text(st: dict[str, Any]) -> str:
    lo, hi = st["target_density"]
    clustering = (
        f"mittlerer Clusterkoeffizient {_de_number(st['clustering'], 2)}"
        if st["clustering"] is not None
        else "Clusterkoeffizient nicht berechnet (über 2.000 Akteure)"
    )
    return (
        f"Ereignisschicht (gemeinsame Veranstaltungen): Zieldichte bei 150 Akteuren "
        f"{_de_number(lo, 2)}–"
        f"{_de_number(hi, 2)}, gemessen {_de_number(st['density'], 3)} "
        f"({_de_number(st['ties'])} Paare); Partner je Akteur: Median "
        f"{_de_number(st['degree_median'])}, Mittel {_de_number(st['degree_mean'], 1)}, "
        f"90. Perzentil {_de_number(st['degree_p90'])}, höchstens {_de_number(st['degree_max'])} "
        f"(rechtsschief: wenige sehr gut vernetzte Akteure); {clustering}. Veranstaltungen: "
        f"Median {_de_number(st['event_size_median'], 1)} Akteure, "
        f"{_de_number(100 * st['share_events_up_to_10'])} % mit höchstens 10 "
        f"(Arbeitstreffen, Arbeitskreise), die größte mit {_de_number(st['event_size_max'])}."
    )


def _meta(
    *,
    name: str,
    seed: int,
    sizes: dict[str, int],
    years: tuple[int, int],
    planted: dict[str, Any],
    structure: dict[str, Any],
) -> dict[str, Any]:
    title = "Beispielstadt" if name == "beispielstadt" else f"Beispielstadt – {name}"
    args = ", ".join(f"{k}={v}" for k, v in sizes.items())
    return {
        "name": name,
        "title": f"{title} (synthetisch)",
        "description": (
            "Synthetische, frei erfundene Stadt: alle Organisationen, Veranstaltungen, Verweise "
            "und Karten sind mit netzwerk.synth.generate_city erzeugt "
            f"(seed={seed}, {args}, years={years[0]}–{years[1]}); erneutes Erzeugen mit "
            f"'netzwerk synth OUT --seed {seed}' ergibt identische Dateien. Die Daten enthalten "
            "bewusst eingebaute Strukturen (siehe 'planted'). "
            f"{_structure_text(structure)} "
            "Synthetic data: every name is invented; not a real city."
        ),
        "city": "Beispielstadt",
        "land": "Beispielland (fiktiv)",
        "programme": "Landesprogramm „Integration vor Ort“ (fiktiv)",
        "temporal": {"start": str(years[0]), "end": str(years[1])},
        "licenses": [
            {
                "name": "CC0-1.0",
                "title": "Creative Commons Zero v1.0 Universal",
                "path": "https://creativecommons.org/publicdomain/zero/1.0/",
            }
        ],
        "synthetic": True,
        "generator": {
            "module": "netzwerk.synth",
            "function": "generate_city",
            "seed": seed,
            **sizes,
            "years": list(years),
        },
        "planted": planted,
        "structure": structure,
    }


def _readme_text(meta: dict[str, Any]) -> str:
    gen, planted = meta["generator"], meta["planted"]
    needs = planted["needs"]
    return "\n".join(
        [
            f"{meta.get('title', 'Synthetische Stadt')}",
            "",
            "Diese Daten sind synthetisch. Sie wurden von netzwerk.synth.generate_city erzeugt",
            "und beschreiben keine reale Stadt; alle Namen sind erfunden.",
            "This folder holds synthetic data generated by netzwerk.synth.generate_city;",
            "it describes no real city and every name is invented.",
            "",
            "Erzeugt mit / generated with:",
            f"  netzwerk synth OUT --seed {gen['seed']} --actors {gen['n_actors']} "
            f"--events {gen['n_events']} --referrals {gen['n_referral_rows']} "
            f"--cards {gen['n_cards']}",
            f"  Zeitraum / years: {gen['years'][0]}-{gen['years'][1]}",
            "",
            "Eingebaute Strukturen / planted structure (datapackage.json, 'planted'):",
            f"  Brücke / bridge: {planted['bridge']} verbindet allein "
            f"{len(planted['bridged_actors'])} Migrantenorganisationen mit dem übrigen Netz.",
            f"  Sektorlücke / gap: {' und '.join(planted['gap_sectors'])} haben keine "
            "gemeinsame Veranstaltung und keinen Verweis.",
            f"  Handlungsfeld / field: {planted['unreachable_definition']}.",
            f"  Bedarfe / needs: {len(needs['connected'])} verbunden (connected), "
            f"{len(needs['unconnected'])} unverbunden (unconnected), {len(needs['unmet'])} "
            "ohne Angebot (unmet).",
            "",
        ]
    )


def _write_table(frame: pd.DataFrame, columns: list[str], path: Path) -> None:
    out = pd.DataFrame(index=frame.index)
    for column in columns:
        values = frame[column] if column in frame.columns else pd.Series(pd.NA, index=frame.index)
        if pd.api.types.is_bool_dtype(values.dtype):
            flags = values.fillna(False).to_numpy(dtype=bool)
            values = pd.Series(np.where(flags, "true", "false"), index=frame.index)
        out[column] = values
    out.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def _cli_synth_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", metavar="OUT", help="Zielordner / output folder")
    parser.add_argument("--seed", type=int, default=0, help="Startwert / random seed (0)")
    parser.add_argument("--actors", type=int, default=150, help="Anzahl Akteure (150)")
    parser.add_argument("--events", type=int, default=None, help="Anzahl Veranstaltungen")
    parser.add_argument("--referrals", type=int, default=None, help="Anzahl Verweiszeilen")
    parser.add_argument("--cards", type=int, default=None, help="Anzahl Karten der Börse")
    parser.add_argument("--name", default=None, help="Kurzname der Stadt (Standard: beispielstadt)")


def _cli_synth(args: argparse.Namespace) -> int:
    out = Path(args.out)
    existing = out / "datapackage.json"
    if existing.exists():
        try:
            synthetic = bool(json.loads(existing.read_text(encoding="utf-8")).get("synthetic"))
        except (ValueError, OSError):
            synthetic = False
        if not synthetic:
            print(
                f"netzwerk synth: {existing} ist keine synthetische Stadt; nicht überschrieben / "
                "not a synthetic city, refusing to overwrite",
                file=sys.stderr,
            )
            return 1
    t0 = time.perf_counter()
    print(f"Erzeuge synthetische Stadt / generating ({args.actors} Akteure) …", file=sys.stderr)
    try:
        city = generate_city(
            n_actors=args.actors,
            n_events=args.events,
            n_referral_rows=args.referrals,
            n_cards=args.cards,
            seed=args.seed,
            name=args.name or "beispielstadt",
        )
    except (TypeError, ValueError) as error:
        print(f"netzwerk synth: {error}", file=sys.stderr)
        return 2
    write_city(city, out)
    total = int(city.referrals["count"].sum())
    print(
        f"{city.name}: {len(city.actors)} Akteure, {len(city.events)} Veranstaltungen, "
        f"{len(city.participation)} Teilnahmen, {len(city.referrals)} Verweiszeilen "
        f"(Summe {total}), {len(city.resources)} Karten – synthetisch, Seed {args.seed} "
        f"→ {out} ({time.perf_counter() - t0:.1f} s)"
    )
    return 0
