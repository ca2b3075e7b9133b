"""The cooperation graph and the two-mode (actors × events) graph it projects."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import networkx as nx
import numpy as np
import scipy.sparse as sp

from netzwerk.graph._events import _event_weights, _incidence, _pair_events, _resolve_role_weights
from netzwerk.graph._fast import fill_edges_fast, gc_paused
from netzwerk.graph._nodes import _actors, _node_attributes, _none, _unique
from netzwerk.graph._periods import (
    DEFAULT_STATUSES,
    Period,
    _check_statuses,
    _period_record,
    period_bounds,
)
from netzwerk.graph._referral import _check_uncounted_weight, _referral_rows
from netzwerk.io import City, DataError, Problem

#: Weighting schemes of the event layer of :func:`cooperation_graph`.
WEIGHTINGS: tuple[str, ...] = ("count", "newman", "jaccard")
#: Layers of :func:`cooperation_graph` (``"survey"``: :mod:`netzwerk.survey`, not by default).
LAYERS: tuple[str, ...] = ("events", "referrals", "survey")


_EVENT_SIZES = ("actors", "documented")


def two_mode_graph(
    city: City,
    *,
    period: Period = None,
    role_weights: Mapping[str, float] | str | None = None,
    statuses: str | Iterable[str] = DEFAULT_STATUSES,
) -> nx.Graph:
    r"""Actors and events as a bipartite (two-mode) graph.

    The incidence of actor :math:`a` and event :math:`e` is

    .. math::

       B_{ae} = \begin{cases} w(r_{ae}) & \text{if } a \text{ took part in } e
       \text{ (main role } r_{ae}\text{)},\\ 0 & \text{otherwise,} \end{cases}

    with :math:`w` the role weights: the matrix every projection in :func:`cooperation_graph`
    starts from (Breiger 1974).

    Parameters
    ----------
    city : City
        The city.
    period : int, str, (start, end) or None
        Keep only events of this period (midpoint rule, see :func:`period_bounds`).
    role_weights : mapping, "equal" or None
        Weight of each role (None: :func:`default_role_weights`), used to pick an edge's main
        ``role`` and stored as its ``weight``.
    statuses : str or iterable of {"held", "announced", "cancelled"}
        Events of these statuses (``events.status``; empty = ``"held"``). Default: only events
        that took place. ``statuses=("held", "announced")`` adds announced ones, e.g. to see the
        network a programme plans.

    Returns
    -------
    networkx.Graph
        Actor nodes (key ``actor_id``, ``bipartite=0``, attributes ``name``, ``sector``,
        ``level``, ``aggregate``, ``size_estimate``, ``parent_id``, ``city``) — every actor, also
        those at no event — and event nodes (key ``event_id``, ``bipartite=1``, attributes
        ``title``, ``event_kind``, ``date``, ``series``, ``n_participants``). One edge per actor at
        an event with ``role`` (the role of highest weight if the actor had several), ``roles``
        (all its roles there, highest weight first) and ``weight`` (the weight of ``role``).
        ``G.graph`` holds ``city``, ``synthetic``, ``period``, ``role_weights`` and
        ``statuses``.

    Raises
    ------
    netzwerk.DataError
        If an event id equals an actor id (they share one node namespace), or participation
        refers to unknown actors or events.
    ValueError
        If a role has no weight.

    See Also
    --------
    cooperation_graph : Its one-mode projection onto the actors.
    default_role_weights : The role weights stored on the edges.

    Notes
    -----
    This is the affiliation network of Borgatti & Everett (1997) from which
    :func:`cooperation_graph` projects the event layer.

    References
    ----------
    .. [1] Borgatti, S. P., & Everett, M. G. (1997). Network analysis of 2-mode data. Social
       Networks, 19(3), 243–269.
    .. [2] Breiger, R. L. (1974). The duality of persons and groups. Social Forces, 53(2),
       181–190.

    Examples
    --------
    >>> import pandas as pd
    >>> from netzwerk.io import City
    >>> city = City.from_frames(
    ...     actors=pd.DataFrame({"actor_id": ["amt", "awo"], "name": ["Amt", "AWO"],
    ...                          "sector": ["verwaltung", "wohlfahrt"],
    ...                          "level": ["kommune", "kommune"]}),
    ...     events=pd.DataFrame({"event_id": ["fachtag"], "title": ["Fachtag"],
    ...                          "kind": ["fachtag"], "date": ["2019-05"]}),
    ...     participation=pd.DataFrame({"event_id": ["fachtag"] * 3,
    ...                                 "actor_id": ["amt", "amt", "awo"],
    ...                                 "role": ["speaker", "organizer", "participant"]}))
    >>> G = two_mode_graph(city)
    >>> G.edges["amt", "fachtag"]["role"], G.edges["amt", "fachtag"]["roles"]
    ('organizer', ('organizer', 'speaker'))
    >>> G.nodes["fachtag"]["bipartite"], G.edges["awo", "fachtag"]["weight"]
    (1, 0.3)
    """
    weights = _resolve_role_weights(role_weights, city)
    bounds = period_bounds(period)
    statuses = _check_statuses(statuses)
    actors = _actors(city, None)
    inc = _incidence(city, actors.ids, weights, bounds, statuses)  # validates ids and roles
    clash = sorted(set(actors.ids) & set(city.events["event_id"].dropna()))
    if clash:
        raise DataError(
            [Problem("events", None, "event_id", c, "gleich einer actor_id") for c in clash]
        )
    G = nx.Graph(
        city=city.name,
        synthetic=city.synthetic,
        period=_period_record(bounds),
        role_weights=weights,
        statuses=statuses,
    )
    for node, attrs in _node_attributes(city, actors, collapse=None):
        G.add_node(node, bipartite=0, **attrs)
    ev = inc.events
    for row in zip(
        ev["event_id"],
        ev["title"],
        ev["kind"],
        ev["date"],
        ev["series"],
        ev["n_participants"],
        strict=True,
    ):
        G.add_node(
            str(row[0]),
            bipartite=1,
            title=_none(row[1]),
            event_kind=_none(row[2]),
            date=_none(row[3]),
            series=_none(row[4]),
            n_participants=_none(row[5]),
        )
    part = city.participation
    part = part.loc[part["event_id"].isin(set(inc.event_ids)).fillna(False).to_numpy(dtype=bool)]
    rank = part["role"].map(weights).astype(float)
    part = part.assign(_w=rank).sort_values(
        ["actor_id", "event_id", "_w", "role"], ascending=[True, True, False, True]
    )
    actor = part["actor_id"].to_numpy(dtype=object)
    event = part["event_id"].to_numpy(dtype=object)
    role = part["role"].to_numpy(dtype=object).tolist()
    new_pair = np.r_[True, (actor[1:] != actor[:-1]) | (event[1:] != event[:-1])]
    starts = np.flatnonzero(new_pair[: len(role)])
    ends = np.r_[starts[1:], len(role)][: len(starts)].tolist()
    edges = []
    for s, e in zip(starts.tolist(), ends, strict=True):
        roles = tuple(dict.fromkeys(role[s:e]))
        edges.append(
            (actor[s], event[s], {"role": roles[0], "roles": roles, "weight": weights[roles[0]]})
        )
    G.add_edges_from(edges)
    return G


def cooperation_graph(
    city: City,
    *,
    weighting: str = "newman",
    role_weights: Mapping[str, float] | str | None = None,
    period: Period = None,
    layers: Iterable[str] = ("events", "referrals"),
    collapse: str | None = None,
    include_aggregates: bool = True,
    min_weight: float = 0,
    layer_weights: Mapping[str, float] | None = None,
    uncounted_weight: float = 1,
    event_size: str = "actors",
    field: str | Iterable[str] | None = None,
    survey_rule: str = "either",
    survey_wave: str | int | None = None,
    statuses: str | Iterable[str] = DEFAULT_STATUSES,
) -> nx.Graph:
    r"""The undirected, weighted cooperation graph of a city's actors.

    Two actors are tied if they met at an event (event layer) or referred clients to each other
    (referral layer). The tie's ``weight`` is

    .. math::

        w_{ij} = \lambda_E \, w^E_{ij} + \lambda_R \, w^R_{ij},

    with the layer weights :math:`\lambda` (``layer_weights``, default 1 each: the layers'
    weights are added as they are). With :math:`r_{ik}` the role weight of actor :math:`i` at
    event :math:`k` (its highest-weight role there; 0 if absent), :math:`n_k` the size of event
    :math:`k` and :math:`E_i` the set of events of :math:`i`, the event layer is

    .. math::

        w^E_{ij} =
        \begin{cases}
        \sum_k r_{ik} r_{jk} & \text{count} \\
        \sum_{k:\,n_k>1} \dfrac{r_{ik} r_{jk}}{n_k - 1} & \text{newman} \\
        \dfrac{\sum_k r_{ik} r_{jk}}{|E_i \cup E_j|} & \text{jaccard}
        \end{cases}

    i.e. :math:`B W B^\top` off the diagonal, for the sparse actors × events matrix
    :math:`B = (r_{ik})` and :math:`W = I` (count) or
    :math:`W = \operatorname{diag}(1/(n_k-1))` (newman). The referral layer is

    .. math::

        w^R_{ij} = \sum_{\text{rows } i\to j \text{ and } j\to i} c_\text{row},

    summing the rows' ``count`` where the pair has at least one counted row (in either
    direction); only a pair documented without any count weighs ``uncounted_weight`` per row.
    With ``"survey"`` in ``layers``, :math:`\lambda_S \, w^S_{ij}` is added, :math:`w^S_{ij}`
    the cooperation level (1–4) of the symmetrised survey tie
    (:func:`netzwerk.survey.symmetrise_survey`).

    Parameters
    ----------
    city : City
        The city.
    weighting : {"newman", "count", "jaccard"}
        Event-layer scheme (formulas above).
    role_weights : mapping, "equal" or None
        Weight of each participation role. None: :func:`default_role_weights` (organizer, host,
        funder, chair 1.0; speaker 0.6; participant 0.3). A mapping overrides the defaults for the
        roles it names. ``"equal"`` gives every role 1.0 — the plain, unweighted schemes.
    period : int, str, (start, end) or None
        Use only events and referral rows of this period (midpoint rule of
        :func:`period_bounds`).
    layers : iterable of {"events", "referrals", "survey"}
        Layers to include; the survey layer (the city's network survey) only when asked for.
    statuses : str or iterable of {"held", "announced", "cancelled"}
        Events of these statuses (``events.status``; empty = ``"held"``). Default: only events
        that took place. ``statuses=("held", "announced")`` adds announced ones, e.g. to see the
        network a programme plans.
    collapse : None or "organisation"
        ``"organisation"``: merge every department into its top-level organisation (following
        ``parent_id`` recursively). Tie weights between departments are summed, ties inside an
        organisation are dropped; the node keeps the organisation's attributes and lists the
        merged ``departments``.
    include_aggregates : bool
        False removes aggregate actors (groups of unnamed organisations) and their ties. They
        are removed after the projection: they still count towards the size of the events they
        attended.
    min_weight : float
        Drop ties whose ``weight`` is below this. Ties of weight 0 (possible when a role weight
        or a referral count is 0) are always dropped.
    layer_weights : mapping, optional
        :math:`\lambda_E`, :math:`\lambda_R` by layer name; missing layers weigh 1.
    uncounted_weight : float
        Weight of a referral row whose source documents the referral but gives no count.
    event_size : {"actors", "documented"}
        :math:`n_k` for ``"newman"``: the number of actors recorded at the event, or the larger
        of that and the documented ``n_participants``.
    field : str or iterable of str, optional
        Use only referral rows of these fields (Handlungsfelder).
    survey_rule : {"either", "confirmed"}
        Survey layer: a pair where both answered but only one named the other is a tie
        (``"either"``) or not (``"confirmed"``); a report about a non-respondent stands under
        both rules (:func:`netzwerk.survey.symmetrise_survey`).
    survey_wave : str or int, optional
        Survey layer: the wave; None = the latest.

    Returns
    -------
    networkx.Graph
        One node per actor (per organisation when collapsed), isolates included, keyed by
        ``actor_id``, with ``name``, ``sector``, ``level``, ``aggregate``, ``size_estimate``,
        ``parent_id``, ``city`` (and ``departments`` when collapsed). Edge attributes:

        ``weight``
            :math:`w_{ij}` above.
        ``weight_events``, ``weight_referrals``
            :math:`w^E_{ij}`, :math:`w^R_{ij}` (before the layer weights).
        ``n_events``, ``events``
            Number and sorted tuple of the ids of the events both attended.
        ``n_referrals``
            Referrals counted in both directions (rows without a count add nothing here).
        ``n_referral_rows``, ``referrals_counted``
            Referral rows behind the tie; ``referrals_counted`` is False when none of them has
            a count (only then does ``uncounted_weight`` enter ``weight_referrals``).
        ``layers``
            Tuple of the layers in which the tie has positive weight.
        ``weight_survey``, ``survey``
            Only with the survey layer: :math:`w^S_{ij}` and the tie's survey status
            (``"confirmed"``, ``"one-sided"``, ``"reconstructed"``; None without a survey tie).

        ``G.graph`` holds ``city``, ``synthetic`` and every parameter (resolved) so reports can
        state them.

    Raises
    ------
    ValueError
        For an unknown ``weighting``, ``layers``, ``collapse`` or ``event_size``, a negative or
        non-finite weight, or a role without weight.
    TypeError
        For arguments of the wrong type.
    netzwerk.DataError
        If participation or referrals name unknown actors or events, ids repeat, or ``parent_id``
        points to an unknown actor or runs in a circle.

    See Also
    --------
    two_mode_graph : The actors × events graph this projects.
    referral_graph : The referral layer as a directed graph, per field.
    tie_evidence : The rows behind one tie.
    period_bounds : The period rule.
    netzwerk.survey.symmetrise_survey : The survey layer's ties.

    Notes
    -----
    **Projection.** Turning the actor–event (two-mode) network into an actor network follows
    Borgatti & Everett [1]_ and Opsahl [3]_. ``"count"`` counts shared events (with equal role
    weights this is networkx's ``weighted_projected_graph``). ``"newman"`` (default) is
    Newman's [2]_ collaboration weight: each event spreads one unit of tie strength per
    participant over the :math:`n_k - 1` others, so sharing an 80-organisation forum creates a
    far weaker tie than a meeting of three (networkx's
    ``collaboration_weighted_projected_graph``). ``"jaccard"`` divides by the number of events
    either actor attended, so that frequent attenders are not tied strongly to everyone
    (networkx's ``overlap_weighted_projected_graph(jaccard=True)``).

    **Roles.** A pair's contribution from one event is the *product* of the two actors' role
    weights: two organisers 1.0, organiser and participant 0.3, two participants 0.09. An actor
    with several roles at one event counts once, with its highest role weight. The role weights
    and this product rule are our documented convention (no published standard weights exist);
    with ``role_weights="equal"`` the three schemes are exactly the published ones. For
    ``"jaccard"`` the numerator is role-weighted while the union counts events, so values stay
    in [0, 1].

    **Event size.** :math:`n_k` counts the actors recorded at event :math:`k` (aggregates and
    departments count once each); events with :math:`n_k \le 1` contribute nothing to
    ``"newman"``.

    **Referrals.** Referral relations are directed (see :func:`referral_graph`); here the
    counts of both directions, over all fields (or ``field``), are summed. Where the pair has no
    counted row at all, each row documenting the relation without a number counts
    ``uncounted_weight`` and the tie is flagged with ``referrals_counted=False``; uncounted rows
    of a pair that has counts add nothing, so the weight stays the number of referrals. A referral from an actor to itself is ignored. Referral counts
    and event weights are on different scales; inspect ``weight_events`` and
    ``weight_referrals`` or set ``layer_weights`` when one layer should not dominate.

    **Collapse.** With ``collapse="organisation"`` the weights of all department pairs are
    summed (for ``"jaccard"`` the sum can exceed 1); ``n_events``/``events`` count distinct
    events. Event sizes stay those of the uncollapsed data.

    References
    ----------
    .. [1] Borgatti, S. P., & Everett, M. G. (1997). Network analysis of 2-mode data. Social
       Networks, 19(3), 243–269.
    .. [2] Newman, M. E. J. (2001). Scientific collaboration networks. II. Shortest paths,
       weighted networks, and centrality. Physical Review E, 64, 016132.
    .. [3] Opsahl, T. (2013). Triadic closure in two-mode networks: Redefining the global and
       local clustering coefficients. Social Networks, 35(2), 159–167.

    Examples
    --------
    Three actors; ``amt`` organises both events, ``awo`` speaks at one and sits in the audience
    of the other, ``mso`` is in the audience once.

    >>> import pandas as pd
    >>> from netzwerk.io import City
    >>> city = City.from_frames(
    ...     actors=pd.DataFrame({"actor_id": ["amt", "awo", "mso"], "name": ["Amt", "AWO", "MSO"],
    ...                          "sector": ["verwaltung", "wohlfahrt", "mso"],
    ...                          "level": ["kommune"] * 3}),
    ...     events=pd.DataFrame({"event_id": ["e1", "e2"], "title": ["Forum", "Treffen"],
    ...                          "kind": ["forum", "gremium"], "date": ["2019-03", "2020-05-04"]}),
    ...     participation=pd.DataFrame({
    ...         "event_id": ["e1", "e1", "e1", "e2", "e2"],
    ...         "actor_id": ["amt", "awo", "mso", "amt", "awo"],
    ...         "role": ["organizer", "participant", "participant", "organizer", "speaker"]}))
    >>> G = cooperation_graph(city)

    ``e1`` has 3 actors (1/(3−1) = 0.5), ``e2`` has 2 (1/1): amt–awo = 1·0.3·0.5 + 1·0.6·1 =
    0.75, amt–mso = 1·0.3·0.5 = 0.15, awo–mso = 0.3·0.3·0.5 = 0.045.

    >>> round(G["amt"]["awo"]["weight"], 3), round(G["amt"]["mso"]["weight"], 3)
    (0.75, 0.15)
    >>> round(G["awo"]["mso"]["weight"], 3), G["amt"]["awo"]["events"]
    (0.045, ('e1', 'e2'))
    >>> G2019 = cooperation_graph(city, weighting="count", role_weights="equal", period=2019)
    >>> sorted(G2019.edges(data="weight"))
    [('amt', 'awo', 1.0), ('amt', 'mso', 1.0), ('awo', 'mso', 1.0)]

    Referral layer: awo → amt counted 3 plus an uncounted row weighs 3 (the count); amt → mso
    documented only without a count weighs ``uncounted_weight`` = 1.

    >>> city.referrals = pd.DataFrame({"from_id": ["awo", "awo", "amt"],
    ...     "to_id": ["amt", "amt", "mso"], "field": ["arbeit", "wohnen", "arbeit"],
    ...     "period": ["2019"] * 3, "count": [3, None, None]})
    >>> R = cooperation_graph(city, layers="referrals")
    >>> R["amt"]["awo"]["weight"], R["amt"]["awo"]["referrals_counted"]
    (3.0, True)
    >>> R["amt"]["mso"]["weight"], R["amt"]["mso"]["referrals_counted"]
    (1.0, False)
    """
    if weighting not in WEIGHTINGS:
        raise ValueError(f"weighting must be one of {WEIGHTINGS}, got {weighting!r}")
    if event_size not in _EVENT_SIZES:
        raise ValueError(f"event_size must be one of {_EVENT_SIZES}, got {event_size!r}")
    if isinstance(layers, str):
        layers = (layers,)
    layers = tuple(layers)
    bad = [layer for layer in layers if layer not in LAYERS]
    if bad or not layers:
        raise ValueError(f"layers must be a non-empty subset of {LAYERS}, got {layers!r}")
    lw = {layer: 1.0 for layer in LAYERS}
    for layer, value in dict(layer_weights or {}).items():
        if layer not in LAYERS:
            raise ValueError(f"layer_weights has unknown layer {layer!r}; expected {LAYERS}")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"layer_weights[{layer!r}] must be a number, got {value!r}")
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"layer_weights[{layer!r}] must be finite and >= 0, got {value!r}")
        lw[layer] = float(value)
    if isinstance(min_weight, bool) or not isinstance(min_weight, int | float):
        raise TypeError(f"min_weight must be a number, got {min_weight!r}")
    if not isinstance(include_aggregates, bool | np.bool_):
        raise TypeError(f"include_aggregates must be True or False, got {include_aggregates!r}")
    uw = _check_uncounted_weight(uncounted_weight)
    weights = _resolve_role_weights(role_weights, city)
    bounds = period_bounds(period)
    statuses = _check_statuses(statuses)
    actors = _actors(city, collapse)
    n_nodes = len(actors.node_ids)
    collapse_matrix = None
    if collapse is not None:
        collapse_matrix = sp.csr_array(
            (np.ones(len(actors.root)), (actors.root, np.arange(len(actors.root)))),
            shape=(n_nodes, len(actors.root)),
        )

    empty_i = np.zeros(0, dtype=np.int64)
    ev_keys, ev_starts, ev_events = empty_i, empty_i, empty_i
    ev_w = np.zeros(0)
    event_ids = np.zeros(0, dtype=object)
    if "events" in layers:
        inc = _incidence(city, actors.ids, weights, bounds, statuses)
        event_ids = inc.event_ids
        ev_keys, ev_starts, ev_events = _pair_events(inc.binary, actors.root, n_nodes)
        w_row, w_col, w_val = _event_weights(
            inc, weighting=weighting, event_size=event_size, collapse_matrix=collapse_matrix
        )
        m_keys = w_row.astype(np.int64) * n_nodes + w_col
        order = np.argsort(m_keys, kind="stable")
        m_keys, m_vals = m_keys[order], w_val[order]
        pos = np.searchsorted(m_keys, ev_keys)
        pos_c = np.minimum(pos, max(len(m_keys) - 1, 0))
        hit = (pos < len(m_keys)) & (m_keys[pos_c] == ev_keys) if len(m_keys) else pos < 0
        ev_w = np.where(hit, m_vals[pos_c] if len(m_keys) else 0.0, 0.0)

    ref_keys = empty_i
    ref_count = ref_rows = ref_uncounted = np.zeros(0)
    if "referrals" in layers:
        ref, f, t = _referral_rows(city, actors.ids, field=field, bounds=bounds)
        u, v = actors.root[f], actors.root[t]
        keep = u != v
        count = ref["count"].to_numpy(dtype="float64", na_value=np.nan)[keep]
        u, v = u[keep], v[keep]
        keys = np.minimum(u, v).astype(np.int64) * n_nodes + np.maximum(u, v)
        ref_keys, inverse = np.unique(keys, return_inverse=True)
        uncounted = np.isnan(count)
        ref_count = np.bincount(inverse, weights=np.where(uncounted, 0.0, count))
        ref_uncounted = np.bincount(inverse, weights=uncounted.astype(float))
        ref_rows = np.bincount(inverse).astype(float)

    sv_keys, sv_weight, sv_status = empty_i, np.zeros(0), empty_i
    if "survey" in layers:
        from netzwerk.survey._graph import _survey_layer

        sv_keys, sv_weight, sv_status = _survey_layer(
            city, actors.ids, actors.root, n_nodes, rule=survey_rule, wave=survey_wave, min_level=1
        )

    keys = _unique(np.concatenate([ev_keys, ref_keys, sv_keys]))
    n_edges = len(keys)
    w_events = np.zeros(n_edges)
    n_events = np.zeros(n_edges, dtype=np.int64)
    ev_start = np.zeros(n_edges, dtype=np.int64)
    ev_end = np.zeros(n_edges, dtype=np.int64)
    if len(ev_keys):
        at = np.searchsorted(keys, ev_keys)
        w_events[at] = ev_w
        ends = np.r_[ev_starts[1:], len(ev_events)]
        n_events[at] = ends - ev_starts
        ev_start[at], ev_end[at] = ev_starts, ends
    n_ref = np.zeros(n_edges)
    n_rows = np.zeros(n_edges, dtype=np.int64)
    n_unc = np.zeros(n_edges)
    if len(ref_keys):
        at = np.searchsorted(keys, ref_keys)
        n_ref[at], n_rows[at], n_unc[at] = ref_count, ref_rows, ref_uncounted
    # counts where the pair has any counted row; uncounted_weight only for uncounted-only pairs
    w_ref = np.where(n_unc < n_rows, n_ref, uw * n_unc)
    w_sv = np.zeros(n_edges)
    s_sv = np.zeros(n_edges, dtype=np.int64)
    if len(sv_keys):
        at = np.searchsorted(keys, sv_keys)
        w_sv[at], s_sv[at] = sv_weight, sv_status
    weight = lw["events"] * w_events + lw["referrals"] * w_ref + lw["survey"] * w_sv
    u = keys // n_nodes if n_nodes else keys
    v = keys % n_nodes if n_nodes else keys
    keep = (weight > 0) & (weight >= min_weight)
    if not include_aggregates:
        keep &= ~actors.aggregate[u] & ~actors.aggregate[v]
    idx = np.flatnonzero(keep)

    G = nx.Graph(
        kind="cooperation",
        city=city.name,
        synthetic=city.synthetic,
        weighting=weighting,
        role_weights=weights,
        role_combination="product",
        period=_period_record(bounds),
        period_rule="midpoint",
        statuses=statuses,
        layers=layers,
        layer_weights={k: w for k, w in lw.items() if k != "survey" or k in layers},
        collapse=collapse,
        include_aggregates=bool(include_aggregates),
        min_weight=min_weight,
        uncounted_weight=uw,
        event_size=event_size,
        field=field if field is None or isinstance(field, str) else tuple(field),
    )
    if "survey" in layers:
        G.graph.update(survey_rule=survey_rule, survey_wave=survey_wave)
    with gc_paused():  # one attribute dict per node, as for the ties below
        nodes = _node_attributes(city, actors, collapse=collapse)
        if not include_aggregates:
            nodes = [nd for nd, agg in zip(nodes, actors.aggregate, strict=True) if not agg]
        G.add_nodes_from(nodes)

    names = [str(x) for x in actors.node_ids]
    # a layer is listed when the tie has positive weight in it (zero counts, zero role weights
    # leave rows behind the tie but no tie in that layer)
    layer_code = (w_events[idx] > 0).astype(np.int64) + 2 * (w_ref[idx] > 0) + 4 * (w_sv[idx] > 0)
    layer_tags = np.empty(8, dtype=object)
    layer_tags[:] = [
        tuple(name for bit, name in enumerate(LAYERS) if code >> bit & 1) for code in range(8)
    ]
    with gc_paused():
        # slicing one tuple of all pair-event ids gives each edge its own sorted tuple
        ev_tuple = tuple(event_ids[ev_events].tolist()) if len(ev_events) else ()
        data = [
            {
                "weight": wt,
                "weight_events": we,
                "weight_referrals": wr,
                "n_events": ne,
                "events": ev_tuple[s:e],
                "n_referrals": nr,
                "n_referral_rows": rows,
                "referrals_counted": counted,
                "layers": tags,
            }
            for wt, we, wr, ne, s, e, nr, rows, counted, tags in zip(
                weight[idx].tolist(),
                w_events[idx].tolist(),
                w_ref[idx].tolist(),
                n_events[idx].tolist(),
                ev_start[idx].tolist(),
                ev_end[idx].tolist(),
                n_ref[idx].astype(np.int64).tolist(),
                n_rows[idx].tolist(),
                (n_unc[idx] < n_rows[idx]).tolist(),
                layer_tags[layer_code].tolist(),
                strict=True,
            )
        ]
        if "survey" in layers:
            status = np.array([None, "confirmed", "one-sided", "reconstructed"], dtype=object)
            for d, ws, ss in zip(data, w_sv[idx].tolist(), status[s_sv[idx]], strict=True):
                d["weight_survey"], d["survey"] = ws, ss
        fill_edges_fast(G, u[idx], v[idx], names, data)
    return G
