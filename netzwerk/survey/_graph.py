"""The survey graph and its symmetrisation (the ``"survey"`` layer of the cooperation graph)."""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from netzwerk.io import City
from netzwerk.survey._validate import ITEMS, LEVEL_RANGE, TRUST_ITEMS, VALUE_ITEMS

__all__ = ["SYMMETRISATIONS", "survey_graph", "survey_waves", "symmetrise_survey"]

#: Rules that turn the directed reports into undirected ties (see :func:`symmetrise_survey`).
SYMMETRISATIONS: tuple[str, ...] = ("either", "confirmed")
#: Status of an undirected survey tie, by code.
_STATUS = np.array(["", "confirmed", "one-sided", "reconstructed"], dtype=object)


def _check_wave_args(min_level: Any) -> int:
    if isinstance(min_level, bool) or not isinstance(min_level, int | np.integer):
        raise TypeError(f"min_level must be a whole number 0–4, got {min_level!r}")
    low, high = LEVEL_RANGE
    if not low <= min_level <= high:
        raise ValueError(f"min_level must lie in {low}–{high}, got {min_level!r}")
    return int(min_level)


def _check_rule(rule: Any) -> str:
    if rule not in SYMMETRISATIONS:
        raise ValueError(f"rule must be one of {SYMMETRISATIONS}, got {rule!r}")
    return str(rule)


def survey_waves(city: City) -> list[str]:
    """The survey waves of a city, oldest first (numeric waves in numeric order).

    Parameters
    ----------
    city : City
        The city.

    Returns
    -------
    list of str
        Every wave named in ``survey_respondents`` or ``survey_ties``; empty without a survey.

    See Also
    --------
    survey_summary : One wave's figures.
    has_survey : Whether a city has a survey at all.

    Examples
    --------
    >>> import pandas as pd
    >>> city = City.from_frames(survey_respondents=pd.DataFrame(
    ...     {"wave": ["2025", "2024", "9"], "actor_id": ["a", "a", "a"]}))
    >>> survey_waves(city)
    ['9', '2024', '2025']
    """
    if not isinstance(city, City):
        raise TypeError(f"city must be a netzwerk City, got {type(city).__name__}")
    waves = pd.concat([city.survey_respondents["wave"], city.survey_ties["wave"]]).dropna()
    return sorted({str(w) for w in waves}, key=lambda w: (not w.isdigit(), w.zfill(12)))


def _resolve_wave(city: City, wave: Any) -> str | None:
    waves = survey_waves(city)
    if wave is None:
        return waves[-1] if waves else None
    wave = str(wave)
    if wave not in waves:
        raise ValueError(
            f"wave {wave!r} not in the survey of {city.name}; waves: {', '.join(waves) or 'none'}"
        )
    return wave


def _codes(ties: pd.DataFrame, actor_ids: pd.Index) -> tuple[np.ndarray, np.ndarray]:
    """Node codes of ``from_id`` and ``to_id``; DataError for ids that are not actors."""
    from netzwerk.io import DataError, Problem

    f_ids = ties["from_id"].astype(str).to_numpy(dtype=object)
    t_ids = ties["to_id"].astype(str).to_numpy(dtype=object)
    f, t = actor_ids.get_indexer(f_ids), actor_ids.get_indexer(t_ids)
    problems = [
        Problem("survey_ties", int(row) + 2, col, ids[k], "unbekannter Akteur", "error",
                "foreign_key", "unknown actor")
        for col, codes, ids in (("from_id", f, f_ids), ("to_id", t, t_ids))
        for k, row in zip(np.flatnonzero(codes < 0), ties.index[codes < 0], strict=True)
    ]  # fmt: skip
    if problems:
        raise DataError(problems)
    return f, t


def _wave_tables(city: City, wave: str | None, min_level: int) -> tuple[pd.DataFrame, set[str]]:
    """The wave's reports with ``level >= min_level`` and the set of responding actors."""
    ties, resp = city.survey_ties, city.survey_respondents
    if wave is None:
        return ties.iloc[:0], set()
    ties = ties.loc[(ties["wave"] == wave).fillna(False).to_numpy(dtype=bool)]
    ties = ties.loc[(ties["level"] >= min_level).fillna(False).to_numpy(dtype=bool)]
    yes = (resp["wave"] == wave).fillna(False) & resp["responded"].fillna(False)
    return ties, set(resp.loc[yes.to_numpy(dtype=bool), "actor_id"].astype(str))


def survey_graph(city: City, *, wave: Any = None, min_level: int = 1) -> nx.DiGraph:
    r"""The directed graph of a network survey: one arc per reported tie.

    An arc :math:`i \to j` says that organisation :math:`i` (a respondent) reported working with
    :math:`j` at cooperation level :math:`\ell_{ij} \ge` ``min_level``. Level 0 means "no
    cooperation" and is not an arc by default; ``min_level=2`` keeps only ties beyond mere
    awareness (cooperation, coordination, integration).

    Parameters
    ----------
    city : City
        The city, with ``survey_respondents`` and ``survey_ties``.
    wave : str or int, optional
        The survey wave; None = the latest (:func:`survey_waves`).
    min_level : int, default 1
        Lowest cooperation level that counts as a tie (0–4).

    Returns
    -------
    networkx.DiGraph
        Every actor as a node (attributes as in :func:`netzwerk.cooperation_graph`, plus
        ``responded``: answered in this wave). Arc attributes: ``level`` (0–4), ``weight``
        (= ``level``), ``frequency`` (code or None), the six items ``value_influence``,
        ``value_involvement``, ``value_resources``, ``trust_reliability``, ``trust_mission``,
        ``trust_openness`` (1–4 or None when not answered), ``value`` and ``trust`` (the mean of
        the answered value items and of the answered trust items, None if none), ``field``.
        ``G.graph`` holds ``kind="survey"``, ``city``, ``synthetic``, ``wave``, ``min_level``
        and ``respondents`` (sorted ids of the responding organisations).

    Raises
    ------
    ValueError
        If ``wave`` is not in the survey or ``min_level`` is outside 0–4.

    See Also
    --------
    symmetrise_survey : the undirected ties, with a rule for one-sided reports.
    netzwerk.cooperation_graph : ``layers=(…, "survey")`` adds the survey to events and
        referrals.

    Examples
    --------
    >>> import pandas as pd
    >>> city = City.from_frames(
    ...     actors=pd.DataFrame({"actor_id": ["a", "b", "c"], "name": ["A", "B", "C"],
    ...                          "sector": ["mso"] * 3, "level": ["kommune"] * 3}),
    ...     survey_respondents=pd.DataFrame({"wave": ["2024"] * 2, "actor_id": ["a", "b"],
    ...                                      "responded": [True, True]}),
    ...     survey_ties=pd.DataFrame({"wave": ["2024"] * 3, "from_id": ["a", "a", "b"],
    ...                               "to_id": ["b", "c", "a"], "level": [3, 0, 2],
    ...                               "value_influence": [4, None, 2],
    ...                               "value_involvement": [2, None, None]}))
    >>> G = survey_graph(city)
    >>> sorted(G.edges(data="level"))
    [('a', 'b', 3), ('b', 'a', 2)]
    >>> G["a"]["b"]["value"], G["b"]["a"]["value"], G["a"]["b"]["trust"]
    (3.0, 2.0, None)
    """
    from netzwerk.graph._fast import fill_edges_fast, gc_paused
    from netzwerk.graph._nodes import _actors, _node_attributes

    if not isinstance(city, City):
        raise TypeError(f"city must be a netzwerk City, got {type(city).__name__}")
    min_level = _check_wave_args(min_level)
    wave = _resolve_wave(city, wave)
    ties, responded = _wave_tables(city, wave, min_level)
    actors = _actors(city, None)
    G = nx.DiGraph(
        kind="survey",
        city=city.name,
        synthetic=city.synthetic,
        wave=wave,
        min_level=min_level,
        respondents=tuple(sorted(responded)),
    )
    nodes = _node_attributes(city, actors, collapse=None)
    for node, attrs in nodes:
        attrs["responded"] = node in responded
    G.add_nodes_from(nodes)
    f, t = _codes(ties, actors.ids)
    items = {c: ties[c].astype("Float64").to_numpy(dtype="float64", na_value=np.nan) for c in ITEMS}
    with warnings.catch_warnings():  # "mean of empty slice": no item answered → NaN
        warnings.simplefilter("ignore", category=RuntimeWarning)
        value = np.nanmean(np.column_stack([items[c] for c in VALUE_ITEMS]), axis=1)
        trust = np.nanmean(np.column_stack([items[c] for c in TRUST_ITEMS]), axis=1)

    def col(values: Iterable[Any]) -> list[Any]:
        return [None if v is None or v is pd.NA or v != v else v for v in values]

    level = ties["level"].astype(int).tolist()
    columns: dict[str, list[Any]] = {
        "level": level,
        "weight": level,
        "frequency": col(ties["frequency"].tolist()),
        **{c: col(int(x) if x == x else None for x in items[c]) for c in ITEMS},
        "value": col(value.tolist()),
        "trust": col(trust.tolist()),
        "field": col(ties["field"].tolist()),
    }
    keys = list(columns)
    with gc_paused():
        data = [dict(zip(keys, row, strict=True)) for row in zip(*columns.values(), strict=True)]
        order = np.lexsort((t, f))
        names = [str(x) for x in actors.node_ids]
        fill_edges_fast(G, f[order], t[order], names, [data[i] for i in order])
    return G


def _symmetrise_arrays(
    f: np.ndarray, t: np.ndarray, level: np.ndarray, responded: np.ndarray, rule: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Undirected ties from arcs ``f → t`` (node codes) with ``level``; see symmetrise_survey.

    Returns ``(u, v, weight, status, level_uv, level_vu)`` for the pairs ``u < v`` that are
    ties under ``rule``; ``status`` codes 1 confirmed, 2 one-sided, 3 reconstructed, and the
    directed levels are 0 where the arc is missing.
    """
    keep = f != t
    f, t, level = f[keep], t[keep], level[keep].astype(np.int64)
    u, v = np.minimum(f, t), np.maximum(f, t)
    n = int(max(u.max(initial=-1), v.max(initial=-1))) + 1
    keys, inverse = np.unique(u.astype(np.int64) * n + v, return_inverse=True)
    forward = f < t  # the report of u about v
    level_uv = np.zeros(len(keys), dtype=np.int64)
    level_vu = np.zeros(len(keys), dtype=np.int64)
    np.maximum.at(level_uv, inverse[forward], level[forward])
    np.maximum.at(level_vu, inverse[~forward], level[~forward])
    pu, pv = keys // max(n, 1), keys % max(n, 1)
    both = (level_uv > 0) & (level_vu > 0)
    # one report; the other side answered (and did not name the partner) or did not answer
    other_answered = np.where(level_uv > 0, responded[pv], responded[pu])
    status = np.where(both, 1, np.where(other_answered, 2, 3))
    if rule == "confirmed":
        weight = np.where(both, np.minimum(level_uv, level_vu), np.maximum(level_uv, level_vu))
        ok = status != 2
    else:
        weight = np.maximum(level_uv, level_vu)
        ok = np.ones(len(keys), dtype=bool)
    ok &= weight > 0  # reports of level 0 ("no cooperation", with min_level=0) are no tie
    return pu[ok], pv[ok], weight[ok], status[ok], level_uv[ok], level_vu[ok]


def symmetrise_survey(G: nx.DiGraph, *, rule: str = "either") -> nx.Graph:
    r"""Undirected survey ties from the directed reports of :func:`survey_graph`.

    For a pair :math:`\{i, j\}` with reported levels :math:`\ell_{ij}` and :math:`\ell_{ji}`
    (0 when not reported or below ``min_level``):

    * both named each other → ``survey="confirmed"``; weight
      :math:`\max(\ell_{ij}, \ell_{ji})` under ``"either"``, :math:`\min(\ell_{ij}, \ell_{ji})`
      under ``"confirmed"`` (the union and intersection rules of symmetrisation);
    * only :math:`i` named :math:`j` and :math:`j` **answered** the survey →
      ``survey="one-sided"``; a tie of weight :math:`\ell_{ij}` under ``"either"``, no tie
      under ``"confirmed"`` (:math:`j` had the roster in front of it and did not name
      :math:`i`);
    * only :math:`i` named :math:`j` and :math:`j` did **not** answer →
      ``survey="reconstructed"``; the respondent's report stands, weight :math:`\ell_{ij}`,
      under both rules. This is the reconstruction of non-respondents' ties from the reports
      of respondents (Stork & Richards [1]_; Huisman [2]_ finds it the best of the simple
      procedures for undirected relations): without it, every non-respondent would appear
      isolated, and the network's density would fall with the response rate.

    Pairs where neither answered carry no information and are no tie.

    Parameters
    ----------
    G : networkx.DiGraph
        A survey graph (:func:`survey_graph`), with node attribute ``responded``.
    rule : {"either", "confirmed"}
        How to treat a pair in which both answered but only one named the other.

    Returns
    -------
    networkx.Graph
        The nodes of ``G`` with their attributes; edge attributes ``weight`` (the level above),
        ``level`` (= ``weight``), ``survey`` (``"confirmed"``, ``"one-sided"``,
        ``"reconstructed"``) and ``levels`` (a dict ``{actor: level it reported}``, only the
        actors that reported). ``G.graph`` is copied and gets ``symmetrisation=rule``.

    See Also
    --------
    survey_summary : Response and confirmation of the same wave.
    netzwerk.graph.cooperation_graph : The survey as a layer of the cooperation graph.

    References
    ----------
    .. [1] Stork, D., & Richards, W. D. (1992). Nonrespondents in communication network
       studies: Problems and possibilities. Group & Organization Management, 17(2), 193–209.
    .. [2] Huisman, M. (2009). Imputation of missing network data: Some simple procedures.
       Journal of Social Structure, 10(1), 1–29.

    Examples
    --------
    ``a`` and ``b`` answered, ``c`` did not; ``a`` names ``b`` (level 3) and ``c`` (2), ``b``
    names ``a`` (1) and nobody else.

    >>> import networkx as nx
    >>> D = nx.DiGraph([("a", "b", {"level": 3}), ("a", "c", {"level": 2}),
    ...                 ("b", "a", {"level": 1})])
    >>> nx.set_node_attributes(D, {"a": True, "b": True, "c": False}, "responded")
    >>> S = symmetrise_survey(D)
    >>> sorted((u, v, d["weight"], d["survey"]) for u, v, d in S.edges(data=True))
    [('a', 'b', 3, 'confirmed'), ('a', 'c', 2, 'reconstructed')]
    >>> symmetrise_survey(D, rule="confirmed")["a"]["b"]["weight"]
    1
    """
    if not isinstance(G, nx.DiGraph):
        raise TypeError(f"G must be a networkx DiGraph from survey_graph, got {type(G).__name__}")
    rule = _check_rule(rule)
    nodes = list(G.nodes)
    code = {n: k for k, n in enumerate(nodes)}
    responded = np.array([bool(G.nodes[n].get("responded", True)) for n in nodes], dtype=bool)
    arcs = np.array(
        [(code[a], code[b], int(d.get("level", 1))) for a, b, d in G.edges(data=True)],
        dtype=np.int64,
    ).reshape(-1, 3)
    f, t, lv = arcs[:, 0], arcs[:, 1], arcs[:, 2]
    u, v, w, status, l_uv, l_vu = _symmetrise_arrays(f, t, lv, responded, rule)
    S = nx.Graph(**G.graph, symmetrisation=rule)
    S.add_nodes_from(G.nodes(data=True))
    for a, b, wt, s, x, y in zip(u, v, w, status, l_uv, l_vu, strict=True):
        levels = {nodes[a]: int(x)} if x else {}
        if y:
            levels[nodes[b]] = int(y)
        S.add_edge(
            nodes[a], nodes[b], weight=int(wt), level=int(wt), survey=_STATUS[s], levels=levels
        )
    return S


def _survey_layer(
    city: City,
    actor_ids: pd.Index,
    root: np.ndarray,
    n_nodes: int,
    *,
    rule: str,
    wave: Any,
    min_level: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pair keys ``u * n_nodes + v`` (node codes, u < v), weights and status codes.

    Used by :func:`netzwerk.cooperation_graph` for its ``"survey"`` layer: the ties of
    :func:`symmetrise_survey`, mapped onto the graph's nodes (departments collapsed into their
    organisation keep the highest weight and the best status: confirmed, reconstructed,
    one-sided).
    """
    rule = _check_rule(rule)
    min_level = _check_wave_args(min_level)
    ties, responded = _wave_tables(city, _resolve_wave(city, wave), min_level)
    f, t = _codes(ties, actor_ids)
    answered = actor_ids.isin(list(responded))
    u, v, w, status, _, _ = _symmetrise_arrays(f, t, ties["level"].to_numpy(int), answered, rule)
    ru, rv = root[u], root[v]
    keep = ru != rv
    a, b = np.minimum(ru, rv)[keep], np.maximum(ru, rv)[keep]
    keys, inverse = np.unique(a.astype(np.int64) * n_nodes + b, return_inverse=True)
    weight = np.zeros(len(keys))
    np.maximum.at(weight, inverse, w[keep].astype(float))
    rank = np.array([0, 3, 1, 2])[status[keep]]  # confirmed > reconstructed > one-sided
    best = np.zeros(len(keys), dtype=np.int64)
    np.maximum.at(best, inverse, rank)
    return keys, weight, np.array([0, 2, 3, 1])[best]
