"""The table schemas of a city folder: one source of truth for the loader, the validator,
``datapackage.json`` and the spreadsheet template.

Types: ``string``, ``integer`` (whole numbers written without separators or decimals;
non-negative where ``minimum`` is 0), ``boolean`` (true/false, wahr/falsch, ja/nein, yes/no, 1/0,
x; any case; empty = false), ``date`` (``YYYY-MM-DD``, ``DD.MM.YYYY``, ``YYYY-MM``, ``MM.YYYY``,
``YYYY``), ``period`` (a date as above or a quarter ``YYYY-Qn``). ``netzwerk.io`` checks and types
the values; ``netzwerk.io.write_datapackage`` turns these schemas into Frictionless descriptors.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__: list[str] = []


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "string"
    required: bool = False  # a value must be present in every row
    vocab: str | None = None  # name of a controlled vocabulary
    foreign: tuple[str, str] | None = None  # (table, column)
    minimum: int | None = None
    pattern: str | None = None
    description: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    optional: bool = False  # a city may lack the file; the table is then empty
    description: str = ""

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required_columns(self) -> list[str]:
        """Columns that must exist in the file (those with required values)."""
        return [c.name for c in self.columns if c.required]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


SLUG = r"^[a-z0-9][a-z0-9_\-]*$"

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "sources",
            (
                Column("source_id", required=True, pattern=SLUG, description="Kurzname der Quelle"),
                Column("file", required=True, description="Dateiname unter sources/"),
                Column("title", required=True, description="Titel des Dokuments"),
                Column("publisher", description="Herausgeber"),
                Column("date", "date", description="Datum des Dokuments"),
                Column("url", description="Fundstelle, falls bekannt"),
                Column("note", description="Anmerkung"),
            ),
            key=("source_id",),
        ),
        Table(
            "actors",
            (
                Column("actor_id", required=True, pattern=SLUG, description="Eindeutiger Kurzname"),
                Column("name", required=True, description="Name der Organisation"),
                Column("sector", required=True, vocab="sectors", description="Sektor"),
                Column("level", required=True, vocab="levels", description="Ebene"),
                Column(
                    "parent_id",
                    foreign=("actors", "actor_id"),
                    description="Übergeordnete Organisation (bei Abteilungen)",
                ),
                Column(
                    "aggregate",
                    "boolean",
                    description="true, wenn die Zeile mehrere ungenannte Organisationen vertritt",
                ),
                Column("size_estimate", "integer", minimum=0, description="Geschätzte Anzahl"),
                Column("source_id", foreign=("sources", "source_id"), description="Beleg"),
                Column("note", description="Anmerkung"),
            ),
            key=("actor_id",),
        ),
        Table(
            "events",
            (
                Column("event_id", required=True, pattern=SLUG),
                Column("title", required=True),
                Column("kind", required=True, vocab="event_kinds"),
                Column(
                    "date",
                    "date",
                    description="Datum in der Genauigkeit der Quelle; leer, wenn die Quelle "
                    "keines nennt",
                ),
                Column(
                    "status",
                    vocab="event_statuses",
                    description="held (stattgefunden; leer = held), announced (angekündigt), "
                    "cancelled (abgesagt)",
                ),
                Column("series"),
                Column("venue_id", foreign=("actors", "actor_id")),
                Column(
                    "n_participants",
                    "integer",
                    minimum=0,
                    description="Dokumentierte Teilnehmerzahl",
                ),
                Column("source_id", foreign=("sources", "source_id")),
                Column("note"),
            ),
            key=("event_id",),
        ),
        Table(
            "participation",
            (
                Column("event_id", required=True, foreign=("events", "event_id")),
                Column("actor_id", required=True, foreign=("actors", "actor_id")),
                Column("role", required=True, vocab="roles"),
                Column("source_id", foreign=("sources", "source_id")),
                Column("quote", description="Wörtliches Zitat aus der Quelle"),
                Column("inferred", "boolean", description="true, wenn erschlossen statt belegt"),
                Column("note"),
            ),
            key=("event_id", "actor_id", "role"),
        ),
        Table(
            "referrals",
            (
                Column("from_id", required=True, foreign=("actors", "actor_id")),
                Column("to_id", required=True, foreign=("actors", "actor_id")),
                Column("field", required=True, vocab="fields"),
                Column("period", "period", required=True),
                Column(
                    "count",
                    "integer",
                    minimum=0,
                    description="Anzahl; leer = belegt, nicht gezählt",
                ),
                Column("source_id", foreign=("sources", "source_id")),
                Column("quote"),
                Column("inferred", "boolean"),
                Column("note"),
            ),
            key=("from_id", "to_id", "field", "period"),
            optional=True,
        ),
        Table(
            "resources",
            (
                Column("resource_id", required=True, pattern=SLUG),
                Column("actor_id", foreign=("actors", "actor_id")),
                Column("attribution", required=True, vocab="attributions"),
                Column("kind", required=True, vocab="resource_kinds"),
                Column("topic", required=True, vocab="topics"),
                Column("text", required=True),
                Column("event_id", foreign=("events", "event_id")),
                Column("source_id", foreign=("sources", "source_id")),
                Column("quote"),
                Column("note"),
            ),
            key=("resource_id",),
            optional=True,
        ),
        Table(
            "survey_respondents",
            (
                Column("wave", required=True, description="Befragungswelle, z. B. 2024"),
                Column(
                    "actor_id",
                    required=True,
                    foreign=("actors", "actor_id"),
                    description="Befragte Organisation",
                ),
                Column(
                    "responded",
                    "boolean",
                    description="true, wenn die Organisation geantwortet hat",
                ),
                Column("date", "date", description="Datum der Antwort"),
                Column("note"),
            ),
            key=("wave", "actor_id"),
            optional=True,
            description="Netzwerkbefragung: eine befragte Organisation in einer Welle",
        ),
        Table(
            "survey_ties",
            (
                Column("wave", required=True, description="Befragungswelle"),
                Column(
                    "from_id",
                    required=True,
                    foreign=("actors", "actor_id"),
                    description="Antwortende Organisation",
                ),
                Column(
                    "to_id",
                    required=True,
                    foreign=("actors", "actor_id"),
                    description="Genannte Partnerorganisation",
                ),
                Column(
                    "level",
                    "integer",
                    required=True,
                    minimum=0,
                    description="Stufe der Zusammenarbeit 0–4 (Vokabular cooperation_levels)",
                ),
                Column("frequency", vocab="frequencies", description="Häufigkeit des Kontakts"),
                *(
                    Column(
                        item, "integer", minimum=0, description=f"{text} (1–4, leer = keine Angabe)"
                    )
                    for item, text in (
                        ("value_influence", "Wert: Einfluss"),
                        ("value_involvement", "Wert: Engagement"),
                        ("value_resources", "Wert: Ressourcen"),
                        ("trust_reliability", "Vertrauen: Verlässlichkeit"),
                        ("trust_mission", "Vertrauen: gemeinsames Anliegen"),
                        ("trust_openness", "Vertrauen: Offenheit"),
                    )
                ),
                Column("field", vocab="fields", description="Handlungsfeld der Zusammenarbeit"),
                Column("note"),
            ),
            key=("wave", "from_id", "to_id"),
            optional=True,
            description="Netzwerkbefragung: eine Angabe einer Organisation über einen Partner",
        ),
    )
}

#: Order in which tables are loaded and checked (referenced tables first).
TABLE_ORDER: tuple[str, ...] = (
    "sources",
    "actors",
    "events",
    "participation",
    "referrals",
    "resources",
)

#: The optional tables of a network survey (``netzwerk.survey``); a city without a survey has
#: neither file, and writers skip them when they are empty.
SURVEY_TABLES: tuple[str, ...] = ("survey_respondents", "survey_ties")

#: Every table a city may have, in load order: the loader, the checks, ``City.from_frames`` and
#: ``datapackage.json`` cover these; the data-entry template covers :data:`TABLE_ORDER`.
ALL_TABLES: tuple[str, ...] = TABLE_ORDER + SURVEY_TABLES

#: Sheets of the workbook ``netzwerk template`` writes that hold no data (the instructions and
#: the hidden drop-down lists): a workbook loader skips them without a warning.
TEMPLATE_SHEETS: tuple[str, ...] = ("Anleitung", "listen")

#: Per-city metadata keys in datapackage.json (besides the Frictionless ones).
META_KEYS: tuple[str, ...] = (
    "name",
    "title",
    "city",
    "land",
    "programme",
    "temporal",
    "licenses",
    "synthetic",
    "description",
)
