"""Field coverage: referrals per Handlungsfeld and sector, fields the entry actors miss."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import networkx as nx
import pandas as pd

from netzwerk._flows import _period_rows
from netzwerk.gaps._common import _frame

if TYPE_CHECKING:
    from netzwerk.io import City


# ---------------------------------------------------------------------------------------------
# field_coverage
# ---------------------------------------------------------------------------------------------

#: Sectors whose actors are entry points for clients by default (welfare associations, MSO).
ENTRY_SECTORS: tuple[str, ...] = ("wohlfahrt", "mso")
_COUNSELLING = re.compile(r"beratung|berater|beratungsstelle|migrationsdienst", re.IGNORECASE)


def _default_entry(city: City) -> set[str]:
    actors = city.actors
    entry = set(actors.loc[actors["sector"].isin(ENTRY_SECTORS), "actor_id"].astype(str))
    names = actors["name"].astype(object).fillna("").astype(str)
    entry |= set(actors.loc[names.str.contains(_COUNSELLING).to_numpy(), "actor_id"].astype(str))
    cards = city.resources
    if len(cards):
        counselling = cards[(cards["kind"] == "offer") & (cards["topic"] == "beratung")]
        entry |= {str(a) for a in counselling["actor_id"].dropna()}
    return entry


def _resolve_entry(city: City, entry: Iterable[str] | None) -> set[str]:
    if entry is None:
        return _default_entry(city)
    if isinstance(entry, str):
        entry = [entry]
    ids = set(city.actors["actor_id"].astype(str))
    sectors = set(city.actors["sector"].dropna().astype(str))
    resolved: set[str] = set()
    for item in entry:
        item = str(item)
        if item in ids:
            resolved.add(item)
        elif item in sectors:
            resolved |= set(city.actors.loc[city.actors["sector"] == item, "actor_id"].astype(str))
        else:
            raise ValueError(
                f"entry contains {item!r}, which is neither an actor_id nor a sector of the city"
            )
    return resolved


def _fields_of(city: City) -> list[str]:
    from netzwerk.vocab import load_vocabulary

    extra = city.path / "vocabulary" if city.path is not None else None
    codes = list(load_vocabulary("fields", extra).codes)
    for f in city.referrals["field"].dropna().astype(str):
        if f not in codes:
            codes.append(f)
    return codes


def field_coverage(
    city: City, *, entry: Iterable[str] | None = None, period: Any = None
) -> pd.DataFrame:
    r"""Referrals per Handlungsfeld and sector, and the fields no referral path leads into.

    A client who comes to an entry actor (a counselling service, a welfare association, a
    migrant organisation) can reach field :math:`f` if a chain of referrals leads from an entry
    actor to a referral in :math:`f`:

    .. math::

        f \text{ reachable} \iff \exists\, (i \to j, f) \in \text{referrals}:\;
        i \in R, \qquad R = S \cup \{\, i : S \leadsto i \,\},

    where :math:`S` is the set of entry actors and :math:`S \leadsto i` a directed path of
    referrals of any field. A referral in :math:`f` whose sender no client can reach from
    :math:`S` does not make :math:`f` reachable.

    Parameters
    ----------
    city : City
        The city; its ``referrals`` table is used (rows from an actor to itself are ignored;
        rows without a count count as documented links with no number).
    entry : iterable of str, optional
        Entry actors: actor_ids and/or sector codes (a sector stands for all its actors; a
        string that is both is read as an actor_id). Default: the actors of the sectors
        :data:`ENTRY_SECTORS` (``wohlfahrt``, ``mso``), actors whose name contains "Beratung"
        or "Berater", and actors with an offer card of topic ``beratung``.
    period : int, str, (start, end) or None
        Only the referral rows of this period (the graphs' midpoint rule,
        :func:`netzwerk.graph.period_bounds`); None = all rows.

    Returns
    -------
    pandas.DataFrame
        One row per field (the ``fields`` vocabulary, then any other field in the referrals)
        × sector (sectors of the city's actors, sorted):

        ``field``, ``field_label``, ``sector``, ``n_actors``
            The field (code and German label), the sector and its number of actors.
        ``sent_links``, ``sent``
            Referral rows from the sector's actors in the field, and the sum of their counts.
        ``received_links``, ``received``
            The same for rows to the sector's actors.
        ``never_refers``
            True if the sector has actors and none of them refers in the field.
        ``reached``
            True if a referral in the field from a reachable actor (:math:`R`) goes to an actor
            of the sector.
        ``field_reachable``
            True if the field is reachable (definition above); the same on every row of a field.

        ``attrs["entry"]`` lists the entry actors, ``attrs["unreachable_fields"]`` the fields
        with ``field_reachable`` False, and ``attrs["unreached"]`` the (field, sector) pairs of
        reachable fields where no referral path ends at any actor of the sector (e.g. clients
        are referred in Gesundheit, but never to a migrant organisation). Without any referral
        rows every field is unreachable.

    Raises
    ------
    ValueError
        If an ``entry`` item is neither an actor_id nor a sector of the city.

    See Also
    --------
    unmet_needs : needs no offer answers.
    netzwerk.graph.referral_graph : the referrals as a graph.

    Examples
    --------
    The welfare association refers to the Jobcenter (Arbeit), which refers on to the housing
    company (Wohnen). Nobody refers in Gesundheit, so it is unreachable.

    >>> import pandas as pd
    >>> from netzwerk.io import City
    >>> city = City.from_frames(
    ...     actors=pd.DataFrame({"actor_id": ["awo", "jc", "wbg"], "name": ["AWO", "JC", "WBG"],
    ...         "sector": ["wohlfahrt", "arbeitsmarkt", "wohnen"], "level": ["kommune"] * 3}),
    ...     referrals=pd.DataFrame({"from_id": ["awo", "jc"], "to_id": ["jc", "wbg"],
    ...         "field": ["arbeit", "wohnen"], "period": ["2020", "2020"], "count": ["12", ""]}))
    >>> t = field_coverage(city)
    >>> t.loc[t.field == "arbeit", ["sector", "sent", "received", "never_refers", "reached"]]
             sector  sent  received  never_refers  reached
    3  arbeitsmarkt     0        12          True     True
    4     wohlfahrt    12         0         False    False
    5        wohnen     0         0          True    False
    >>> "gesundheit" in t.attrs["unreachable_fields"], "wohnen" in t.attrs["unreachable_fields"]
    (True, False)
    """
    from netzwerk.vocab import load_vocabulary

    starts = _resolve_entry(city, entry)
    fields = _fields_of(city)
    labels = load_vocabulary(
        "fields", city.path / "vocabulary" if city.path is not None else None
    ).labels("de")
    actors = city.actors
    sector_of = dict(
        zip(actors["actor_id"].astype(str), actors["sector"].astype(object), strict=True)
    )
    sectors = sorted({str(s) for s in actors["sector"].dropna()})
    size = actors["sector"].astype(object).value_counts()

    ref = _period_rows(city, period)
    ref = ref[ref["from_id"].notna() & ref["to_id"].notna() & (ref["from_id"] != ref["to_id"])]
    frm = ref["from_id"].astype(str).to_numpy()
    to = ref["to_id"].astype(str).to_numpy()
    fld = ref["field"].astype(str).to_numpy()
    cnt = ref["count"].astype("Float64").fillna(0).to_numpy(dtype=float)

    arcs = nx.DiGraph()
    arcs.add_edges_from(zip(frm, to, strict=True))
    # one search from all entry actors at once (a search per entry actor is quadratic)
    stack = [s for s in starts if s in arcs]
    reachable = set(starts)
    while stack:
        for v in arcs.successors(stack.pop()):
            if v not in reachable:
                reachable.add(v)
                stack.append(v)
    from_reachable = pd.Series(frm).isin(reachable).to_numpy()
    sec_from = pd.Series(frm).map(sector_of).to_numpy(dtype=object)
    sec_to = pd.Series(to).map(sector_of).to_numpy(dtype=object)

    records = []
    unreachable = []
    for f in fields:
        in_f = fld == f
        field_ok = bool((in_f & from_reachable).any())
        if not field_ok:
            unreachable.append(f)
        for s in sectors:
            out_rows = in_f & (sec_from == s)
            in_rows = in_f & (sec_to == s)
            n_actors = int(size.get(s, 0))
            records.append(
                (
                    f,
                    labels.get(f, f),
                    s,
                    n_actors,
                    int(out_rows.sum()),
                    int(round(cnt[out_rows].sum())),
                    int(in_rows.sum()),
                    int(round(cnt[in_rows].sum())),
                    n_actors > 0 and not out_rows.any(),
                    bool((in_rows & from_reachable).any()),
                    field_ok,
                )
            )
    columns = [
        "field", "field_label", "sector", "n_actors", "sent_links", "sent",
        "received_links", "received", "never_refers", "reached", "field_reachable",
    ]  # fmt: skip
    out = _frame(records, columns)
    unreached = [
        (f, s)
        for f, s, n_actors, reached in zip(
            out["field"], out["sector"], out["n_actors"], out["reached"], strict=True
        )
        if n_actors > 0 and not reached and f not in unreachable
    ]
    out.attrs = {
        "entry": sorted(starts),
        "unreachable_fields": unreachable,
        "unreached": unreached,
    }
    return out
