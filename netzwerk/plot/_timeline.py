"""Charts of the city's records: events over time and the resource exchange."""

from __future__ import annotations

from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from netzwerk.plot._style import (
    _KIND_PALETTE,
    _OFFER_COLOR,
    _STATUS_COLORS,
    UNKNOWN_COLOR,
    _as_list,
    _check_frame,
    _city_synthetic,
    _empty,
    _get_ax,
    _is_missing,
    _label,
    _ordered,
    _shorten,
    _title,
    house_style,
    sector_colors,
)
from netzwerk.plot._text import _check_lang, _t, _vocab

_FREQ = {"year": "Y", "quarter": "Q", "month": "M"}


def _period_label(period: pd.Period, freq: str) -> str:
    if freq == "year":
        return str(period.year)
    if freq == "quarter":
        return f"{period.year}-Q{period.quarter}"
    return f"{period.year}-{period.month:02d}"


@house_style
def plot_timeline(
    city: Any,
    *,
    ax: Axes | None = None,
    by: str = "kind",
    freq: str = "year",
    lang: str = "de",
    title: str | None = None,
) -> Axes:
    """Events over time by kind, or participation over time by sector, as stacked bars.

    Parameters
    ----------
    city : netzwerk.City
        Uses ``events`` (``date_start``/``date_end``, ``kind``) and, for ``by="sector"``,
        ``participation`` and ``actors``.
    ax : matplotlib.axes.Axes, optional
    by : {"kind", "sector"}, default "kind"
        ``"kind"`` counts events per period stacked by event kind; ``"sector"`` counts
        participations (distinct actor–event pairs, whatever the roles) stacked by the
        participant's sector.
    freq : {"year", "quarter", "month"}, default "year"
        Width of a bar. Every period from the first to the last event gets a bar position,
        so gaps in activity stay visible.
    lang : {"de", "en"}, default "de"
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        One bar segment per period and category (zero-height where none).

    Raises
    ------
    ValueError
        If ``by`` or ``freq`` is not one of the allowed values.

    See Also
    --------
    plot_resources
        The resource exchange of the same city.
    plot_field_flows
        The referrals of the same city.

    Notes
    -----
    An event dated less precisely than ``freq`` (e.g. only "2020" with ``freq="quarter"``) is
    counted in the period where its possible range starts; the figure says how many such events
    there are.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from netzwerk.io import City
    >>> city = City.from_frames(events=pd.DataFrame({"event_id": ["e1", "e2", "e3"],
    ...     "title": ["A", "B", "C"], "kind": ["fachtag", "gremium", "gremium"],
    ...     "date": ["2019-05-02", "2021-03", "2021"]}))
    >>> ax = plot_timeline(city)
    >>> [t.get_text() for t in ax.get_xticklabels()]  # 2020 kept as an empty year
    ['2019', '2020', '2021']
    >>> len(ax.patches)  # 3 years x 2 kinds
    6
    >>> plt.close(ax.figure)
    """
    lang = _check_lang(lang)
    if by not in ("kind", "sector"):
        raise ValueError(f"by must be 'kind' or 'sector', got {by!r}")
    if freq not in _FREQ:
        raise ValueError(f"freq must be one of {list(_FREQ)}, got {freq!r}")
    ax = _get_ax(ax, (9, 5))
    base = _t("timeline_kind" if by == "kind" else "timeline_sector", lang)
    heading = _title(base, _city_synthetic(city), lang, title)
    events = city.events[city.events["date_start"].notna()]
    if events.empty:
        return _empty(ax, _t("timeline_empty", lang), heading)
    code = _FREQ[freq]
    start = events["date_start"].dt.to_period(code)
    end = events["date_end"].dt.to_period(code)
    period_of = dict(zip(events["event_id"], start, strict=True))
    imprecise = int((start != end).sum())
    if by == "kind":
        frame = pd.DataFrame({"period": start.to_numpy(), "category": events["kind"].to_numpy()})
        vocab = "event_kinds"
    else:
        sector_of = dict(zip(city.actors["actor_id"], city.actors["sector"], strict=True))
        pairs = city.participation[["event_id", "actor_id"]].drop_duplicates()
        pairs = pairs[pairs["event_id"].isin(period_of)]
        frame = pd.DataFrame(
            {
                "period": [period_of[e] for e in pairs["event_id"]],
                "category": [sector_of.get(a, pd.NA) for a in pairs["actor_id"]],
            }
        )
        vocab = "sectors"
        if frame.empty:
            return _empty(ax, _t("timeline_empty", lang), heading)
    frame["category"] = frame["category"].map(lambda c: "__unknown__" if _is_missing(c) else c)
    periods = pd.period_range(start.min(), start.max(), freq=code)
    categories = _ordered(vocab, frame["category"])
    counts = (
        frame.groupby(["period", "category"]).size().unstack(fill_value=0)
        .reindex(index=periods, columns=categories, fill_value=0)
    )  # fmt: skip
    if by == "kind":
        palette = {c: _KIND_PALETTE[i % len(_KIND_PALETTE)] for i, c in enumerate(
            _vocab("event_kinds").codes)}  # fmt: skip
    else:
        palette = sector_colors(categories)
    x = np.arange(len(periods))
    bottom = np.zeros(len(periods))
    for category in categories:
        heights = counts[category].to_numpy(dtype=float)
        label = _t("unknown", lang) if category == "__unknown__" else _label(vocab, category, lang)
        ax.bar(x, heights, bottom=bottom, color=palette.get(category, UNKNOWN_COLOR),
               label=label, width=0.8)  # fmt: skip
        bottom += heights
    ax.set_xticks(x, [_period_label(p, freq) for p in periods],
                  rotation=0 if len(periods) <= 12 else 90)  # fmt: skip
    ax.set_ylabel(_t("timeline_y_kind" if by == "kind" else "timeline_y_sector", lang))
    ax.yaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    ax.legend(title=_t("kind" if by == "kind" else "sector", lang), fontsize=8,
              frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))  # fmt: skip
    if imprecise:
        ax.set_xlabel(_t("timeline_imprecise", lang, n=imprecise), fontsize=8)
    ax.set_title(heading)
    return ax


@house_style
def plot_resources(
    matches: pd.DataFrame,
    *,
    ax: Axes | None = None,
    city: Any = None,
    lang: str = "de",
    synthetic: bool | None = None,
    title: str | None = None,
) -> Axes:
    """Needs and offers of the Ressourcenbörse per topic, needs split by their status.

    A butterfly chart: to the left of zero the need cards of each topic, stacked by status
    (``unmet``: no offer on the topic; ``unconnected``: offers exist but no tie links the
    actors; ``connected``); to the right the offer cards of the topic.

    Parameters
    ----------
    matches : pandas.DataFrame
        Output of :func:`netzwerk.unmet_needs`: ``topic``, ``status`` and ``offers`` (ids of
        matching offer cards, as a list or a ``;``-separated string).
    ax : matplotlib.axes.Axes, optional
    city : netzwerk.City, optional
        When given, offers are all offer cards of ``city.resources`` per topic; otherwise the
        distinct offer ids named in ``matches`` (offers that match some need).
    lang : {"de", "en"}, default "de"
    synthetic : bool, optional
        Default ``city.meta["synthetic"]`` or ``matches.attrs["synthetic"]``.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        Four bars per topic (three statuses and offers; zero-length where none).

    Raises
    ------
    ValueError
        If a column is missing or a status is not ``unmet``, ``unconnected``, ``connected``.

    See Also
    --------
    plot_timeline
        The events of the same city.
    network_map
        Who is connected to whom.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> matches = pd.DataFrame({"resource_id": ["n1", "n2", "n3"], "actor_id": ["a", "b", None],
    ...     "topic": ["wohnen", "wohnen", "ehrenamt"],
    ...     "status": ["unmet", "connected", "unconnected"], "offers": [[], ["o1"], ["o2", "o3"]]})
    >>> ax = plot_resources(matches)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['Ehrenamt und Engagement', 'Wohnen']
    >>> len(ax.patches)  # 2 topics x (3 statuses + offers)
    8
    >>> plt.close(ax.figure)
    """
    lang = _check_lang(lang)
    matches = _check_frame(matches, "matches", ["topic", "status"])
    bad = sorted(set(matches["status"].dropna().astype(str)) - set(_STATUS_COLORS))
    if bad:
        raise ValueError(
            f"matches['status'] has value(s) {bad}; expected unmet, unconnected, connected"
        )
    ax = _get_ax(ax, (9, 6))
    if synthetic is None:
        synthetic = _city_synthetic(city) or bool(matches.attrs.get("synthetic", False))
    heading = _title(_t("resources", lang), synthetic, lang, title)
    offers: dict[str, set[str]] = {}
    if city is not None:
        cards = city.resources[city.resources["kind"] == "offer"]
        for topic, rid in zip(cards["topic"], cards["resource_id"], strict=True):
            offers.setdefault(str(topic), set()).add(str(rid))
    elif "offers" in matches.columns:
        for topic, ids in zip(matches["topic"], matches["offers"], strict=True):
            offers.setdefault(str(topic), set()).update(_as_list(ids))
    topics = _ordered("topics", [*matches["topic"], *[t for t, ids in offers.items() if ids]])
    if not topics:
        return _empty(ax, _t("resources_empty", lang), heading)
    counts = (
        matches.assign(topic=matches["topic"].astype(str), status=matches["status"].astype(str))
        .groupby(["topic", "status"]).size().unstack(fill_value=0)
        .reindex(index=topics, columns=list(_STATUS_COLORS), fill_value=0)
    )  # fmt: skip
    y = np.arange(len(topics))
    left = np.zeros(len(topics))
    for status, color in _STATUS_COLORS.items():
        width = counts[status].to_numpy(dtype=float)
        ax.barh(y, -width, left=-left, color=color, label=_t(status, lang), height=0.7)
        left += width
    ax.barh(y, [len(offers.get(t, ())) for t in topics], color=_OFFER_COLOR,
            label=_t("offers", lang), height=0.7)  # fmt: skip
    ax.axvline(0, color="black", linewidth=0.8)
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _: f"{abs(v):g}"))
    ax.set_yticks(y, [_shorten(_label("topics", t, lang), 40) for t in topics])
    ax.invert_yaxis()
    ax.set_xlabel(_t("resources_x", lang))
    ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.set_title(heading)
    return ax
