"""Charts of the measures: sector gaps, brokerage roles, broker ranks, referral flows."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import matplotlib as mpl
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from netzwerk.plot._style import (
    _ROLE_COLORS,
    ROLES,
    _by_actor,
    _check_frame,
    _check_positive_int,
    _city_synthetic,
    _distinct_labels,
    _empty,
    _fmt,
    _get_ax,
    _is_missing,
    _label,
    _node_name,
    _number_format,
    _ordered,
    _sector_color,
    _thousands,
    _title,
    _top_nodes,
    _truthy,
    house_style,
    sector_colors,
)
from netzwerk.plot._text import _TEXT, _check_lang, _t


@house_style
def plot_sector_gaps(
    gaps: pd.DataFrame,
    *,
    ax: Axes | None = None,
    alpha: float = 0.05,
    lang: str = "de",
    synthetic: bool | None = None,
    title: str | None = None,
) -> Axes:
    """Heatmap of observed against expected tie density between sectors, with significance marks.

    Each cell shows the observed density of ties between two sectors and, in brackets, the
    density expected under the permutation null of :func:`netzwerk.sector_gaps`; the colour is
    the difference

    .. math:: d_{ab} - \\mathrm{E}[d_{ab}] = \\frac{T_{ab} - \\mathrm{E}[T_{ab}]}{P_{ab}},

    with :math:`T_{ab}` the ties (``observed``), :math:`\\mathrm{E}[T_{ab}]` their expected number
    (``expected``) and :math:`P_{ab}` the possible pairs (``possible``).

    blue where sectors are less connected than expected, red where more. A ▼ marks a gap:
    ``gap`` true where the table has that column (the decision of :func:`netzwerk.sector_gaps`,
    after its multiple-testing correction), otherwise ``p_low < alpha``. A ▲ marks significantly
    more ties than expected: ``q_high < alpha`` where present, otherwise ``p_high < alpha``.

    Parameters
    ----------
    gaps : pandas.DataFrame
        Output of :func:`netzwerk.sector_gaps`: ``group_a``, ``group_b``, ``possible``,
        ``observed``, ``expected`` (expected number of ties) and optionally ``gap``, ``p_low``,
        ``p_high``, ``q_high``. Pairs with ``possible == 0`` (within a group of one) get no cell.
        Undirected results list each pair
        once and are mirrored; directed results (both orders present) are shown as given, rows
        being ``group_a`` (sender).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.
    alpha : float, default 0.05
        Significance level of the marks.
    lang : {"de", "en"}, default "de"
    synthetic : bool, optional
        Mark the title "synthetisch"; default ``gaps.attrs.get("synthetic", False)``.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        With one annotated cell per pair of groups present (diagonal = within a group).

    Raises
    ------
    ValueError
        If a required column is missing or ``alpha`` is not in (0, 1).

    See Also
    --------
    netzwerk.gaps.sector_gaps
        Computes the table drawn here.
    plot_field_flows
        Referrals between sectors by field.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> gaps = pd.DataFrame({"group_a": ["mso", "mso"], "group_b": ["mso", "verwaltung"],
    ...     "possible": [6, 8], "observed": [6, 2], "expected": [3.0, 4.0], "p_low": [0.9, 0.01],
    ...     "p_high": [0.2, 0.99]})
    >>> ax = plot_sector_gaps(gaps)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['Kommunalverwaltung', 'Migrantenorganisationen']
    >>> sorted(t.get_text() for t in ax.texts)  # every expected density is 0,50: said once
    ['0,25 ▼', '0,25 ▼', '1']
    >>> ax.get_title()
    'Verbindungsdichte zwischen Sektoren (erwartet überall 0,50)'
    >>> plt.close(ax.figure)
    """
    lang = _check_lang(lang)
    gaps = _check_frame(gaps, "gaps", ["group_a", "group_b", "possible", "observed", "expected"])
    if not 0 < float(alpha) < 1:
        raise ValueError(f"alpha must be between 0 and 1, got {alpha!r}")
    ax = _get_ax(ax, (8, 7))
    if synthetic is None:
        synthetic = bool(gaps.attrs.get("synthetic", False))
    heading = _title(_t("gaps", lang), synthetic, lang, title)
    if gaps.empty:
        return _empty(ax, _t("gaps_empty", lang), heading)
    groups = _ordered("sectors", pd.concat([gaps["group_a"], gaps["group_b"]]))
    where = {g: i for i, g in enumerate(groups)}
    n = len(groups)
    obs = np.full((n, n), np.nan)
    exp = np.full((n, n), np.nan)
    marks = np.full((n, n), "", dtype=object)
    pairs = {(str(a), str(b)) for a, b in zip(gaps["group_a"], gaps["group_b"], strict=True)}
    for row in gaps.itertuples(index=False):
        a, b = str(row.group_a), str(row.group_b)
        mark = ""
        if "gap" in gaps.columns:
            low = _truthy(row.gap)
        else:
            p_low = getattr(row, "p_low", np.nan)
            low = not _is_missing(p_low) and float(p_low) < alpha
        p_high = getattr(row, "q_high", getattr(row, "p_high", np.nan))
        if low:
            mark = " ▼"
        elif not _is_missing(p_high) and float(p_high) < alpha:
            mark = " ▲"
        cells = [(where[a], where[b])]
        if (b, a) not in pairs:
            cells.append((where[b], where[a]))
        for i, j in cells:
            possible = np.nan if _is_missing(row.possible) else float(row.possible)
            if not possible > 0:
                continue
            obs[i, j] = np.nan if _is_missing(row.observed) else float(row.observed) / possible
            exp[i, j] = np.nan if _is_missing(row.expected) else float(row.expected) / possible
            marks[i, j] = mark
    diff = obs - exp
    finite = diff[np.isfinite(diff)]
    limit = float(np.abs(finite).max()) if finite.size and np.abs(finite).max() > 0 else 1.0
    image = ax.imshow(diff, cmap="RdBu_r", vmin=-limit, vmax=limit, aspect="auto")
    ax.grid(False)  # the house grid would cross every cell through its value
    bar = ax.figure.colorbar(image, ax=ax, label=_t("gaps_cbar", lang), shrink=0.8)
    bar.ax.yaxis.set_major_formatter(_number_format(lang))
    # one expected density for every pair (the usual case: a permutation of sector labels keeps
    # the overall density) is said once in the title, not repeated in every cell
    expected = {_fmt(e, lang) for e in exp[np.isfinite(exp)]}
    same_expected = len(expected) == 1
    for i in range(n):
        for j in range(n):
            if np.isnan(obs[i, j]):
                continue
            text = (
                f"{_fmt(obs[i, j], lang)}{marks[i, j]}"
                if same_expected
                else f"{_fmt(obs[i, j], lang)}\n({_fmt(exp[i, j], lang)}){marks[i, j]}"
            )
            strong = np.isfinite(diff[i, j]) and abs(diff[i, j]) > 0.6 * limit
            ax.text(
                j,
                i,
                text,
                ha="center",
                va="center",
                fontsize=7,
                color="white" if strong else "black",
            )
    labels = [_label("sectors", g, lang) for g in groups]
    ax.set_xticks(range(n), labels, rotation=45, ha="right")
    ax.set_yticks(range(n), labels)
    note = "gaps_note_gap" if "gap" in gaps.columns else "gaps_note"
    ax.set_xlabel(_t(note, lang, alpha=_fmt(float(alpha), lang)))
    if same_expected and title is None:
        heading = _title(_t("gaps_same", lang, expected=expected.pop()), synthetic, lang)
    ax.set_title(heading)
    return ax


@house_style
def plot_brokerage_roles(
    roles: pd.DataFrame,
    *,
    ax: Axes | None = None,
    top: int = 15,
    names: Mapping[Any, str] | nx.Graph | None = None,
    lang: str = "de",
    synthetic: bool | None = None,
    title: str | None = None,
) -> Axes:
    """Stacked bars of the five Gould–Fernandez brokerage roles for the ``top`` actors.

    Actors are ordered by ``total`` (the number of brokered two-paths; the sum of the five roles
    when ``total`` is missing); actors that broker nothing are left out.

    Parameters
    ----------
    roles : pandas.DataFrame
        One row per actor, indexed by ``actor_id`` (or with an ``actor_id`` column), with
        ``coordinator``, ``itinerant``, ``representative``, ``gatekeeper``, ``liaison`` and
        optionally ``total`` and ``name`` (e.g. :func:`netzwerk.brokerage_roles`).
    ax : matplotlib.axes.Axes, optional
    top : int, default 15
        How many actors to show.
    names : mapping or networkx.Graph, optional
        actor_id → display name (a graph supplies its ``name`` node attribute); used when
        ``roles`` has no ``name`` column.
    lang : {"de", "en"}, default "de"
    synthetic : bool, optional
        Default ``roles.attrs.get("synthetic", False)``.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        Five bar segments per actor shown (zero-length where a role is absent).

    Raises
    ------
    ValueError
        If a role column is missing or ``top`` is not a positive integer.

    See Also
    --------
    netzwerk.brokers.brokerage_roles
        Computes the counts drawn here.
    plot_brokers
        The broker ranking with its uncertainty.
    plot_ego
        The roles one actor holds.

    References
    ----------
    .. [1] Gould, R. V. & Fernandez, R. M. (1989). Structures of mediation: A formal approach
       to brokerage in transaction networks. Sociological Methodology 19, 89–126.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> roles = pd.DataFrame({"coordinator": [2, 0, 0], "itinerant": [0, 1, 0],
    ...     "representative": [1, 0, 0], "gatekeeper": [1, 0, 0], "liaison": [0, 0, 0]},
    ...     index=pd.Index(["a", "b", "c"], name="actor_id"))
    >>> ax = plot_brokerage_roles(roles)
    >>> [t.get_text() for t in ax.get_yticklabels()], len(ax.patches)  # c brokers nothing
    (['a', 'b'], 10)
    >>> plt.close(ax.figure)
    """
    lang = _check_lang(lang)
    top = _check_positive_int(top, "top")
    roles = _by_actor(roles, "roles")
    roles = _check_frame(roles, "roles", ROLES)
    ax = _get_ax(ax, (8, 0.5 + 0.4 * min(top, max(len(roles), 1)) + 1.5))
    if synthetic is None:
        synthetic = bool(roles.attrs.get("synthetic", False))
    heading = _title(_t("roles", lang), synthetic, lang, title)
    counts = roles[list(ROLES)].apply(pd.to_numeric, errors="coerce").fillna(0.0)
    total = (
        pd.to_numeric(roles["total"], errors="coerce").fillna(0.0)
        if "total" in roles.columns
        else counts.sum(axis=1)
    )
    chosen = _top_nodes(total[total > 0], top)
    if not chosen:
        return _empty(ax, _t("roles_empty", lang), heading)
    labels = []
    for actor in chosen:
        if "name" in roles.columns and not _is_missing(roles.at[actor, "name"]):
            labels.append(str(roles.at[actor, "name"]))
        elif isinstance(names, nx.Graph):
            labels.append(_node_name(names, actor))
        elif names is not None:
            labels.append(str(names.get(actor, actor)))
        else:
            labels.append(str(actor))
    labels = _distinct_labels(labels)
    y = np.arange(len(chosen))
    left = np.zeros(len(chosen))
    for role in ROLES:
        width = counts.loc[chosen, role].to_numpy(dtype=float)
        ax.barh(y, width, left=left, color=_ROLE_COLORS[role], label=_t(role, lang), height=0.7)
        left += width
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlabel(_t("roles_x", lang))
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(_number_format(lang))
    # outside the bars: a legend inside would cover the longest ones
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    ax.set_title(heading)
    return ax


# measure of the broker table → its name in broker_stability's columns (rank_<name>_low, …)
_STABILITY_MEASURE = {"total": "brokerage"}


_RANK_POINT = ("rank", "rank_median", "median_rank", "rank_mean", "mean_rank", "rank_observed")


_RANK_LOW = ("rank_low", "rank_lo", "rank_lower", "rank_min", "rank_q05", "rank_q025", "ci_low")


_RANK_HIGH = ("rank_high", "rank_hi", "rank_upper", "rank_max", "rank_q95", "rank_q975", "ci_high")


def _first_column(frame: pd.DataFrame, candidates: Iterable[str]) -> str | None:
    return next((c for c in candidates if c in frame.columns), None)


@house_style
def plot_brokers(
    table: pd.DataFrame,
    *,
    stability: pd.DataFrame | None = None,
    ax: Axes | None = None,
    measure: str = "betweenness",
    top: int = 15,
    G: nx.Graph | None = None,
    lang: str = "de",
    synthetic: bool | None = None,
    title: str | None = None,
) -> Axes:
    """Ranked brokers: the ``top`` actors by ``measure``, or by rank with intervals.

    Without ``stability`` the figure is a dot plot of ``measure`` (default betweenness) for the
    ``top`` actors. With ``stability`` (from :func:`netzwerk.broker_stability`) it shows each
    actor's rank with its interval over the resamples, ordered by rank, so one sees which
    positions in the ranking are firm. Actors that are cut points (``is_cutpoint``) are drawn as
    diamonds; dots take the sector colour where ``table`` has ``sector`` or ``G`` is given.

    Parameters
    ----------
    table : pandas.DataFrame
        Broker table indexed by ``actor_id`` (or with an ``actor_id`` column), e.g.
        :func:`netzwerk.brokers`; needs ``measure`` unless ``stability`` is given.
    stability : pandas.DataFrame, optional
        One row per actor (index or column ``actor_id``) with a rank interval, e.g.
        :func:`netzwerk.gaps.broker_stability`, whose columns ``rank_<m>``, ``rank_<m>_low``,
        ``rank_<m>_high`` are used for ``measure`` (``m`` = ``betweenness``, or ``brokerage``
        for ``measure="total"``). Other tables are matched tolerantly: lower bound the first of
        ``rank_low``, ``rank_lo``, ``rank_lower``,
        ``rank_min``, ``rank_q05``, ``rank_q025``, ``ci_low``; upper bound ``rank_high``,
        ``rank_hi``, ``rank_upper``, ``rank_max``, ``rank_q95``, ``rank_q975``, ``ci_high``;
        point the first of ``rank``, ``rank_median``, ``median_rank``, ``rank_mean``,
        ``mean_rank``, ``rank_observed`` (the interval's midpoint when none exists).
    ax : matplotlib.axes.Axes, optional
    measure : str, default "betweenness"
    top : int, default 15
    G : networkx.Graph, optional
        Supplies names (``name``) and sectors (``sector``) where ``table`` lacks them.
    lang : {"de", "en"}, default "de"
    synthetic : bool, optional
        Default ``G.graph["synthetic"]`` or ``table.attrs["synthetic"]``.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If ``measure`` is missing from ``table`` (without ``stability``), or ``stability`` has no
        recognisable interval columns.

    See Also
    --------
    plot_brokerage_roles
        What the brokers broker, by role.
    plot_network
        Where the brokers sit in the network.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> table = pd.DataFrame({"betweenness": [0.0, 0.5, 1.0]},
    ...     index=pd.Index(["a", "b", "c"], name="actor_id"))
    >>> ax = plot_brokers(table, top=2)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['c', 'b']
    >>> stab = pd.DataFrame({"actor_id": ["a", "b", "c"], "rank": [3, 2, 1],
    ...     "rank_low": [2, 1, 1], "rank_high": [3, 3, 2]})
    >>> ax2 = plot_brokers(table, stability=stab)
    >>> [t.get_text() for t in ax2.get_yticklabels()]
    ['c', 'b', 'a']
    >>> plt.close("all")
    """
    lang = _check_lang(lang)
    top = _check_positive_int(top, "top")
    table = _by_actor(table, "table")
    stability = _by_actor(stability, "stability")
    ax = _get_ax(ax, (8, 0.5 + 0.4 * min(top, max(len(table), 1)) + 1.5))
    if synthetic is None:
        synthetic = bool(
            (G is not None and G.graph.get("synthetic", False)) or table.attrs.get("synthetic")
        )
    heading = _title(_t("brokers", lang), synthetic, lang, title)
    if stability is None:
        table = _check_frame(table, "table", [measure])
        values = pd.to_numeric(table[measure], errors="coerce")
        chosen = _top_nodes(values, top)
        point = values
        low = high = None
    else:
        stem = f"rank_{_STABILITY_MEASURE.get(measure, measure)}"
        low_names = (f"{stem}_low", *_RANK_LOW)
        high_names = (f"{stem}_high", *_RANK_HIGH)
        low_col = _first_column(stability, low_names)
        high_col = _first_column(stability, high_names)
        if low_col is None or high_col is None:
            raise ValueError(
                f"stability lacks rank interval columns; got {list(stability.columns)}, "
                f"expected one of {list(low_names)} and one of {list(high_names)}"
            )
        low = pd.to_numeric(stability[low_col], errors="coerce")
        high = pd.to_numeric(stability[high_col], errors="coerce")
        point_col = _first_column(stability, (stem, *_RANK_POINT))
        point = (
            pd.to_numeric(stability[point_col], errors="coerce") if point_col else (low + high) / 2
        )
        chosen = _top_nodes(-point, top)
    if not chosen:
        return _empty(ax, _t("brokers_empty", lang), heading)

    def attr(actor: Any, column: str) -> Any:
        for frame in (table, stability):
            if frame is not None and column in frame.columns and actor in frame.index:
                return frame.at[actor, column]
        if G is not None and actor in G:
            return G.nodes[actor].get(column)
        return None

    sectors = [attr(a, "sector") for a in chosen]
    colors = sector_colors(sectors)
    y = np.arange(len(chosen))
    x = np.array([float(point[a]) for a in chosen])
    if low is not None and high is not None:
        ax.hlines(
            y,
            [float(low[a]) for a in chosen],
            [float(high[a]) for a in chosen],
            color="#555555",
            linewidth=2,
            zorder=1,
        )
        ax.set_xlabel(_t("brokers_rank", lang))
    else:
        ax.hlines(y, 0, x, color="#BBBBBB", linewidth=1, zorder=1)
        ax.set_xlabel(_t(measure, lang) if measure in _TEXT[lang] else measure)
    cut = np.array([_truthy(attr(a, "is_cutpoint")) for a in chosen], dtype=bool)
    point_colors = np.array([_sector_color(s, colors) if colors else "#0072B2" for s in sectors])
    for mask, marker in ((~cut, "o"), (cut, "D")):
        if mask.any():
            ax.scatter(
                x[mask], y[mask], c=list(point_colors[mask]), marker=marker, s=60,
                edgecolors="black", linewidths=0.6, zorder=2,
            )  # fmt: skip
    handles = [Patch(color=c, label=_label("sectors", s, lang)) for s, c in colors.items()]
    if cut.any():
        handles.append(
            Line2D([], [], marker="D", linestyle="", color="white", markeredgecolor="black",
                   label=_t("cutpoint", lang))
        )  # fmt: skip
    if handles:
        ax.legend(
            handles=handles, fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0)
        )
    labels = []
    for actor in chosen:
        name = attr(actor, "name")
        labels.append(str(actor if _is_missing(name) or name is None else name))
    ax.set_yticks(y, _distinct_labels(labels))
    ax.xaxis.set_major_formatter(_number_format(lang))
    ax.invert_yaxis()
    ax.set_title(heading)
    return ax


@house_style
def plot_field_flows(
    city: Any,
    *,
    ax: Axes | None = None,
    direction: str = "to",
    suppress_below: int | None = None,
    flows: Any = None,
    lang: str = "de",
    title: str | None = None,
) -> Axes:
    """Referral counts by Handlungsfeld (rows) and sector (columns) as an annotated heatmap.

    Each cell sums the ``count`` of all referral rows in that field whose receiving
    (``direction="to"``) or referring (``direction="from"``) organisation belongs to that sector.
    The table and its suppression pattern are the ones the report publishes as CSV
    (:func:`netzwerk.report.field_flows`), so the figure hides exactly what the table hides.

    Parameters
    ----------
    city : netzwerk.City
        Its ``referrals`` and ``actors`` tables are used.
    ax : matplotlib.axes.Axes, optional
    direction : {"to", "from"}, default "to"
        Sector of the receiving or of the referring organisation.
    suppress_below : int, optional
        Small-cell suppression as in the CSV table (:func:`netzwerk.privacy.suppression_pattern`
        with totals): a count below this shows ``<N``, a count hidden to protect it
        (complementary suppression) shows ``.``. Hidden cells are drawn in a neutral hatched grey
        and left out of the colour scale, so their size cannot be read from the colour either.
        None shows every count. Ignored when ``flows`` is given.
    flows : netzwerk.report.FieldFlows, optional
        The table and pattern computed once for the report (:func:`netzwerk.report.field_flows`);
        by default computed here from ``city``, ``direction`` and ``suppress_below``.
    lang : {"de", "en"}, default "de"
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        One annotated cell per (field, sector) with referral rows.

    Raises
    ------
    ValueError
        If ``direction`` is not "to"/"from" or ``suppress_below`` is not a positive integer.

    See Also
    --------
    plot_sector_gaps
        Ties between sectors, observed and expected.
    netzwerk.privacy
        The suppression of small counts.

    Notes
    -----
    Aggregation rule: suppression applies to the displayed cells after summing over referral
    rows (periods, pairs of organisations); a cell is never split back into rows. Empty counts
    (referrals documented but not counted) add nothing; a cell that has only such rows shows
    "?". Row and column totals are not drawn but are published in the CSV, which is why the
    complementary pattern applies here too. Referrals from or to actors missing in ``actors``
    count under "unbekannt".

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from netzwerk.io import City
    >>> city = City.from_frames(
    ...     actors=pd.DataFrame({"actor_id": ["a", "b", "c"], "name": ["A", "B", "C"],
    ...         "sector": ["verwaltung", "wohlfahrt", "wohlfahrt"], "level": ["kommune"] * 3}),
    ...     referrals=pd.DataFrame({"from_id": ["a", "a", "b"], "to_id": ["b", "c", "a"],
    ...         "field": ["arbeit", "arbeit", "wohnen"], "period": ["2020"] * 3,
    ...         "count": ["2", "5", "1"]}))
    >>> ax = plot_field_flows(city, suppress_below=3)

    arbeit→wohlfahrt 2+5 = 7, wohnen→verwaltung 1 (< 3); with the totals of the CSV the 7
    would give the 1 away (row total 1 … column totals 7 and 1, grand total 8), so it is hidden
    as well:

    >>> sorted(t.get_text() for t in ax.texts)
    ['.', '<3']
    >>> plt.close(ax.figure)
    """
    from netzwerk._flows import field_flows

    lang = _check_lang(lang)
    if direction not in ("to", "from"):
        raise ValueError(f"direction must be 'to' or 'from', got {direction!r}")
    if suppress_below is not None:
        suppress_below = _check_positive_int(suppress_below, "suppress_below")
    ax = _get_ax(ax, (9, 6))
    heading = _title(_t("flows", lang), _city_synthetic(city), lang, title)
    if city.referrals.empty:
        return _empty(ax, _t("flows_empty", lang), heading)
    if flows is None:
        flows = field_flows(city, direction=direction, threshold=suppress_below)
    threshold = flows.threshold
    # the figure's order is the vocabularies'; the cells are looked up by code
    fields = _ordered("fields", flows.counts.index)
    sectors = _ordered("sectors", flows.counts.columns)
    counts = flows.counts.reindex(index=fields, columns=sectors)
    has_rows = flows.has_rows.reindex(index=fields, columns=sectors)
    uncounted = flows.uncounted.reindex(index=fields, columns=sectors)
    pattern = flows.pattern.reindex(index=fields, columns=sectors)
    shown = counts.to_numpy(dtype=float).copy()
    texts = np.full(shown.shape, "", dtype=object)
    hidden = pattern.to_numpy() != ""
    for i in range(len(fields)):
        for j in range(len(sectors)):
            if not has_rows.iat[i, j]:
                shown[i, j] = np.nan
            elif pattern.iat[i, j] == "primary":
                texts[i, j] = f"<{threshold}"
            elif pattern.iat[i, j] == "secondary":
                texts[i, j] = "."
            elif uncounted.iat[i, j]:
                texts[i, j] = "?"
            else:  # a count: with a thousands point, as on the colour bar (4.105)
                value = float(shown[i, j])
                texts[i, j] = (
                    _thousands(int(value), lang) if value.is_integer() else _fmt(value, lang)
                )
    # hidden cells are not part of the colour scale: neither their colour nor vmax tells
    display = np.where(hidden, np.nan, shown)
    ax.set_facecolor("white")
    vmax = np.nanmax(display) if np.isfinite(display).any() else 1.0
    image = ax.imshow(np.ma.masked_invalid(display), cmap="Blues", vmin=0, vmax=max(vmax, 1.0))
    ax.grid(False)  # the house grid would cross every cell through its value
    bar = ax.figure.colorbar(image, ax=ax, label=_t("flows_cbar", lang), shrink=0.8)
    bar.ax.yaxis.set_major_formatter(_number_format(lang))
    for i in range(len(fields)):
        for j in range(len(sectors)):
            if hidden[i, j] and has_rows.iat[i, j]:
                ax.add_patch(
                    mpl.patches.Rectangle(
                        (j - 0.5, i - 0.5), 1, 1, facecolor="#E6E6E6", edgecolor="#9A9A9A",
                        hatch="///", linewidth=0, zorder=1,
                    )
                )  # fmt: skip
            if texts[i, j]:
                dark = not hidden[i, j] and shown[i, j] > 0.6 * max(vmax, 1.0)
                ax.text(j, i, texts[i, j], ha="center", va="center", fontsize=8, zorder=2,
                        color="white" if dark else "black")  # fmt: skip
    unknown = _t("unknown", lang)
    ax.set_xticks(
        range(len(sectors)),
        [unknown if s == "__unknown__" else _label("sectors", s, lang) for s in sectors],
        rotation=45,
        ha="right",
    )
    ax.set_yticks(
        range(len(fields)),
        [unknown if f == "__unknown__" else _label("fields", f, lang) for f in fields],
    )
    notes = [_t("flows_to" if flows.direction == "to" else "flows_from", lang)]
    if any(t.startswith("<") for t in texts.ravel()):
        notes.append(_t("flows_note_suppressed", lang, n=threshold))
    if any(t == "." for t in texts.ravel()):
        notes.append(_t("flows_note_secondary", lang))
    if any(t == "?" for t in texts.ravel()):
        notes.append(_t("flows_note_uncounted", lang))
    ax.set_xlabel("\n".join(notes))
    ax.set_ylabel(_t("flows_field", lang))
    ax.set_title(heading)
    return ax
