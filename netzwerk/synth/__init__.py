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

Where each part lives: ``_params`` (codes, planted facts, weights, sizes), ``_words`` (the word
lists every name comes from), ``_actors``, ``_events``, ``_referrals`` and ``_cards`` (one
generator each), ``_generate`` (:func:`generate_city`), ``_write`` (metadata, README,
:func:`write_city`) and ``_cli`` (``netzwerk synth``).
"""

from __future__ import annotations

from netzwerk.synth._cli import _cli_synth as _cli_synth
from netzwerk.synth._cli import _cli_synth_arguments as _cli_synth_arguments
from netzwerk.synth._generate import generate_city
from netzwerk.synth._params import FIELDS as FIELDS
from netzwerk.synth._params import ROLES as ROLES
from netzwerk.synth._params import SECTORS as SECTORS
from netzwerk.synth._params import _default_sizes as _default_sizes
from netzwerk.synth._params import _size_scale as _size_scale
from netzwerk.synth._write import TARGET_DENSITY, write_city
from netzwerk.synth._write import _write_table as _write_table

__all__ = ["TARGET_DENSITY", "generate_city", "write_city"]
