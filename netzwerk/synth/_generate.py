"""``generate_city``: one seed, four generators, one synthetic city."""

from __future__ import annotations

import numpy as np
import pandas as pd

from netzwerk.io import City
from netzwerk.synth._actors import _make_actors
from netzwerk.synth._cards import _make_cards
from netzwerk.synth._events import _make_events, _participation_frame
from netzwerk.synth._params import (
    BRIDGE,
    GAP_SECTORS,
    SOURCE_FILE,
    SOURCE_ID,
    UNMET_TOPICS,
    UNREACHABLE_FIELD,
    _check_int,
    _check_years,
    _default_sizes,
    _is_slug,
)
from netzwerk.synth._referrals import _make_referrals, _referral_frame
from netzwerk.synth._words import _BRIDGE_SERIES
from netzwerk.synth._write import _event_layer_structure, _meta

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

    See Also
    --------
    write_city : Write the city as a folder.
    netzwerk.survey.synthetic_survey : Add a synthetic network survey.
    netzwerk.io.load_city : Read a city folder back.

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
