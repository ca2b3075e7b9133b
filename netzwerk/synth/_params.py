"""The generator's parameters: vocabulary codes, planted facts, sector and event weights, sizes."""

from __future__ import annotations

import re
from typing import Any

import numpy as np

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
