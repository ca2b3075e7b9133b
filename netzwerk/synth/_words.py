"""Word lists the generator invents names from: places, organisations, series, card texts."""

from __future__ import annotations

from netzwerk.synth._params import BRIDGE, HUB

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
