"""The referral layer: referral rows of a period and field, and the directed ``referral_graph``."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from netzwerk.graph._fast import fill_edges_fast, gc_paused
from netzwerk.graph._nodes import _actors, _node_attributes
from netzwerk.graph._periods import Period, _in_period, _period_record, period_bounds
from netzwerk.io import City, DataError, Problem


def _text(value: Any) -> str:
    return "" if pd.isna(value) else str(value)


def _referral_rows(
    city: City, actor_ids: pd.Index, *, field: Any, bounds: Any
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    ref = city.referrals
    if field is not None:
        fields = [field] if isinstance(field, str) else list(field)
        if not all(isinstance(f, str) for f in fields):
            raise TypeError(f"field must be a field code or a list of codes, got {field!r}")
        ref = ref.loc[ref["field"].isin(fields).fillna(False).to_numpy(dtype=bool)]
    if bounds is not None:
        ref = ref.loc[_in_period(ref["period_start"], ref["period_end"], bounds)]
    # looked up as they are (a million rows at 10,000 actors: no copy as Python strings);
    # a missing id finds no actor either
    f = actor_ids.get_indexer(ref["from_id"])
    t = actor_ids.get_indexer(ref["to_id"])
    problems = [
        Problem("referrals", int(r) + 2, col, _text(ref[col].iloc[r]), "unbekannter Akteur")
        for col, codes in (("from_id", f), ("to_id", t))
        for r in np.flatnonzero(codes < 0)
    ]
    if problems:
        raise DataError(problems)
    return ref, f, t


def _check_uncounted_weight(uncounted_weight: Any) -> float:
    if isinstance(uncounted_weight, bool) or not isinstance(uncounted_weight, int | float):
        raise TypeError(f"uncounted_weight must be a number, got {uncounted_weight!r}")
    if not math.isfinite(uncounted_weight) or uncounted_weight < 0:
        raise ValueError(f"uncounted_weight must be finite and >= 0, got {uncounted_weight!r}")
    return float(uncounted_weight)


def referral_graph(
    city: City,
    *,
    field: str | Iterable[str] | None = None,
    period: Period = None,
    collapse: str | None = None,
    include_aggregates: bool = True,
    uncounted_weight: float = 1,
) -> nx.DiGraph:
    r"""The directed referral graph: who refers clients to whom, per field.

    The arc :math:`i \to j` has

    .. math::

        w_{ij} = \sum_{\text{rows } i\to j} c_\text{row},

    with :math:`c` the row's ``count``, over the rows that have one. Only a pair whose rows all
    document referrals without a number (``counted=False``) gets
    :math:`w_{ij} = u \cdot n_{ij}`, ``uncounted_weight`` :math:`u` per row; a pair with 3
    counted referrals and an uncounted row weighs 3, not 4.

    Parameters
    ----------
    city : City
        The city.
    field : str or iterable of str, optional
        Keep only these fields (Handlungsfelder); None keeps all.
    period : int, str, (start, end) or None
        Keep only referral rows of this period (midpoint rule of :func:`period_bounds`: a count
        for ``"2019-Q4"`` belongs to 2019; a count for ``"2019"`` does not belong to the first
        half of 2019).
    collapse : None or "organisation"
        Merge departments into their organisation (see :func:`cooperation_graph`); referrals
        inside an organisation are dropped.
    include_aggregates : bool
        False removes aggregate actors and their arcs.
    uncounted_weight : float
        Weight of a row without a count, used only for pairs without any counted row.

    Returns
    -------
    networkx.DiGraph
        One node per actor (attributes as in :func:`cooperation_graph`), isolates included.
        Arc attributes: ``weight`` (:math:`w_{ij}`), ``count`` (sum of the known counts),
        ``counted`` (True if at least one row has a count), ``n_rows``, ``n_uncounted_rows``,
        ``fields`` (dict field → weight in that field, summing to ``weight``; a field with only
        uncounted rows of a counted pair shows 0.0) and, only on arcs with ``counted=False``,
        ``uncounted_weight`` (equal to ``weight``). ``G.graph`` holds the parameters.

    Raises
    ------
    netzwerk.DataError
        If a row names an unknown actor.
    ValueError, TypeError
        For invalid arguments.

    See Also
    --------
    cooperation_graph : The referral layer, undirected, beside the event layer.
    period_bounds : The period rule.

    Notes
    -----
    A referral from an actor to itself is ignored. Rows of different periods for the same pair
    and field are summed; use ``period`` to separate them.

    References
    ----------
    .. [1] Provan, K. G., & Milward, H. B. (1995). A preliminary theory of interorganizational
       network effectiveness: A comparative study of four community mental health systems.
       Administrative Science Quarterly, 40(1), 1–33.
    .. [2] Wasserman, S., & Faust, K. (1994). Social Network Analysis: Methods and
       Applications. Cambridge University Press.

    Examples
    --------
    >>> import pandas as pd
    >>> from netzwerk.io import City
    >>> city = City.from_frames(
    ...     actors=pd.DataFrame({"actor_id": ["jc", "awo"], "name": ["Jobcenter", "AWO"],
    ...                          "sector": ["arbeitsmarkt", "wohlfahrt"],
    ...                          "level": ["kommune", "kommune"]}),
    ...     referrals=pd.DataFrame({"from_id": ["awo", "awo", "jc"], "to_id": ["jc", "jc", "awo"],
    ...                             "field": ["arbeit", "wohnen", "arbeit"],
    ...                             "period": ["2019", "2019", "2019"], "count": ["12", "", "3"]}))
    >>> R = referral_graph(city)

    awo → jc has a counted row (12) and an uncounted one: the weight is the count, 12.

    >>> arc = R["awo"]["jc"]
    >>> arc["weight"], arc["count"], arc["counted"], arc["fields"], "uncounted_weight" in arc
    (12.0, 12, True, {'arbeit': 12.0, 'wohnen': 0.0}, False)
    >>> referral_graph(city, field="arbeit")["jc"]["awo"]["weight"]
    3.0

    In the field "wohnen" alone awo → jc is documented without any count: one row, weight
    ``uncounted_weight`` = 1.

    >>> only = referral_graph(city, field="wohnen")["awo"]["jc"]
    >>> only["weight"], only["uncounted_weight"], only["counted"]
    (1.0, 1.0, False)
    """
    uw = _check_uncounted_weight(uncounted_weight)
    if not isinstance(include_aggregates, bool | np.bool_):
        raise TypeError(f"include_aggregates must be True or False, got {include_aggregates!r}")
    bounds = period_bounds(period)
    actors = _actors(city, collapse)
    ref, f, t = _referral_rows(city, actors.ids, field=field, bounds=bounds)
    G = nx.DiGraph(
        kind="referral",
        city=city.name,
        synthetic=city.synthetic,
        field=field if field is None or isinstance(field, str) else tuple(field),
        period=_period_record(bounds),
        period_rule="midpoint",
        collapse=collapse,
        include_aggregates=bool(include_aggregates),
        uncounted_weight=uw,
    )
    nodes = _node_attributes(city, actors, collapse=collapse)
    if not include_aggregates:
        nodes = [nd for nd, agg in zip(nodes, actors.aggregate, strict=True) if not agg]
    G.add_nodes_from(nodes)
    u, v = actors.root[f], actors.root[t]
    count = ref["count"].to_numpy(dtype="float64", na_value=np.nan)
    keep = u != v
    if not include_aggregates:
        keep &= ~actors.aggregate[u] & ~actors.aggregate[v]
    if not keep.any():
        return G
    rows = pd.DataFrame(
        {
            "u": u[keep],
            "v": v[keep],
            "field": ref["field"].astype("string").fillna("").to_numpy(dtype=object)[keep],
            "count": np.nan_to_num(count[keep], nan=0.0),
            "uncounted": np.isnan(count[keep]).astype(int),
        }
    )
    # a pair with any counted row weighs its counts; only an uncounted-only pair gets uw per row
    any_counted = (1 - rows["uncounted"]).groupby([rows["u"], rows["v"]]).transform("max")
    rows["weight"] = np.where(any_counted > 0, rows["count"], uw * rows["uncounted"])
    per_field = rows.groupby(["u", "v", "field"], sort=True)["weight"].sum()
    total = rows.groupby(["u", "v"], sort=True).agg(
        weight=("weight", "sum"),
        count=("count", "sum"),
        uncounted=("uncounted", "sum"),
        n_rows=("weight", "size"),
    )
    names = [str(x) for x in actors.node_ids]
    with gc_paused():
        fields: dict[tuple[int, int], dict[str, float]] = {}
        for (a, b, fld), w in zip(per_field.index.tolist(), per_field.tolist(), strict=True):
            fields.setdefault((a, b), {})[fld] = w
        data = [
            {
                "weight": w,
                "count": int(c),
                "counted": unc < n,
                "n_rows": n,
                "n_uncounted_rows": unc,
                "fields": fields[(a, b)],
            }
            | ({} if unc < n else {"uncounted_weight": w})
            for (a, b), w, c, unc, n in zip(
                total.index.tolist(),
                total["weight"].tolist(),
                total["count"].tolist(),
                total["uncounted"].tolist(),
                total["n_rows"].tolist(),
                strict=True,
            )
        ]
        fill_edges_fast(
            G,
            total.index.get_level_values(0).to_numpy(),
            total.index.get_level_values(1).to_numpy(),
            names,
            data,
        )
    return G
