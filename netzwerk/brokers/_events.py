"""Event brokerage: who brings actors of different sectors together at events."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

# event brokerage


def event_brokerage(
    city: Any, *, group: str = "sector", exclude_referrals: bool = True
) -> pd.DataFrame:
    r"""Cross-group actor pairs that only one event brings together.

    For each event, the pairs of actors of different groups (sectors by default) that were both
    present at that event and at no other: the ties that nothing else in the data provides. An
    event with many such pairs is where otherwise separate parts of the field meet ("which
    Fachtag created ties nothing else provides").

    .. math::

       \text{pairs}(e) = \{\{a, b\} : g_a \ne g_b,\ E(a) \cap E(b) = \{e\}\},

    where :math:`E(a)` is the set of events :math:`a` took part in (in any role).

    Parameters
    ----------
    city : netzwerk.City
        A city with ``participation`` and ``actors`` (and ``events``, ``referrals``) tables.
    group : str, optional
        Column of the actors table that defines the groups (default ``"sector"``).
    exclude_referrals : bool, optional
        Drop pairs that also refer clients to each other (a referral in either direction in the
        ``referrals`` table), since the referral connects them too. Default True.

    Returns
    -------
    pandas.DataFrame
        One row per event and pair with columns ``event_id``, ``title``, ``actor_a``,
        ``actor_b`` (``actor_a < actor_b``), ``group_a``, ``group_b``; sorted by event, then
        pair. Empty (with these columns) when there are none. Actors without a group value are
        not counted as cross-group. ``attrs`` holds the parameters.

    Raises
    ------
    TypeError
        If ``city`` has no ``participation`` or ``actors`` table.
    ValueError
        If ``group`` is not a column of the actors table.

    See Also
    --------
    brokerage_roles : Gould–Fernandez brokerage on the graph of ties.

    Notes
    -----
    Works on the participation table directly (one actor in several roles at one event counts
    once), not on a weighted graph, so no weighting scheme can hide a pair.

    References
    ----------
    .. [1] Breiger, R. L. (1974). The duality of persons and groups. Social Forces, 53(2),
       181–190.
    .. [2] Burt, R. S. (2005). Brokerage and Closure: An Introduction to Social Capital.
       Oxford University Press.

    Examples
    --------
    Actors a (mso), b (kommune), c (kommune); a and b meet only at the Fachtag ``f``, a and c at
    ``f`` and at the forum ``g``, b and c are of the same sector:

    >>> import pandas as pd
    >>> from netzwerk.io import City
    >>> city = City.from_frames(
    ...     actors=pd.DataFrame({"actor_id": ["a", "b", "c"], "name": ["A", "B", "C"],
    ...                          "sector": ["mso", "kommune", "kommune"],
    ...                          "level": ["kommune"] * 3}),
    ...     events=pd.DataFrame({"event_id": ["f", "g"], "title": ["Fachtag", "Forum"],
    ...                          "kind": ["fachtag", "forum"], "date": ["2020", "2021"]}),
    ...     participation=pd.DataFrame({"event_id": ["f", "f", "f", "g", "g"],
    ...                                 "actor_id": ["a", "b", "c", "a", "c"],
    ...                                 "role": ["participant"] * 5}))
    >>> event_brokerage(city)[["event_id", "actor_a", "actor_b"]]
      event_id actor_a actor_b
    0        f       a       b
    """
    for table in ("participation", "actors"):
        if not isinstance(getattr(city, table, None), pd.DataFrame):
            raise TypeError(f"city must be a netzwerk.City with a {table!r} table")
    actors = city.actors
    if group not in actors.columns:
        raise ValueError(
            f"group: {group!r} is not a column of the actors table; "
            f"expected one of {list(actors.columns)}"
        )
    columns = ["event_id", "title", "actor_a", "actor_b", "group_a", "group_b"]
    present = city.participation[["event_id", "actor_id"]].dropna().drop_duplicates()
    pairs = present.merge(present, on="event_id", suffixes=("_a", "_b"))
    pairs = pairs[pairs["actor_id_a"] < pairs["actor_id_b"]]
    n_events = pairs.groupby(["actor_id_a", "actor_id_b"], sort=False)["event_id"].transform("size")
    pairs = pairs[n_events == 1].rename(columns={"actor_id_a": "actor_a", "actor_id_b": "actor_b"})
    groups = actors.set_index("actor_id")[group]
    pairs = pairs.assign(
        group_a=pairs["actor_a"].map(groups).astype(object),
        group_b=pairs["actor_b"].map(groups).astype(object),
    )
    known = pairs["group_a"].notna() & pairs["group_b"].notna()
    pairs = pairs[known & (pairs["group_a"] != pairs["group_b"])]
    referrals = getattr(city, "referrals", None)
    if exclude_referrals and isinstance(referrals, pd.DataFrame) and len(referrals):
        ref = referrals[["from_id", "to_id"]].dropna().astype(str)
        linked = set(zip(ref["from_id"], ref["to_id"], strict=True))
        linked |= {(b, a) for a, b in linked}
        keep = [
            (a, b) not in linked for a, b in zip(pairs["actor_a"], pairs["actor_b"], strict=True)
        ]
        pairs = pairs[np.asarray(keep, dtype=bool)]
    events = getattr(city, "events", None)
    if isinstance(events, pd.DataFrame) and "title" in events.columns:
        titles = events.drop_duplicates("event_id").set_index("event_id")["title"]
        pairs = pairs.assign(title=pairs["event_id"].map(titles))
    else:
        pairs = pairs.assign(title=pd.NA)
    result = pairs[columns].sort_values(["event_id", "actor_a", "actor_b"]).reset_index(drop=True)
    result.attrs.update({"group": group, "exclude_referrals": exclude_referrals})
    return result


# --------------------------------------------------------------------------------------------
