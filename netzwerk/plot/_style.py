"""Shared look and helpers of the figures: sector colours, German number format, checks, figure saving."""

from __future__ import annotations

import functools
import math
import re
import textwrap
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from netzwerk._checks import check_graph as _check_graph  # noqa: F401  (the one graph check)
from netzwerk._checks import is_missing as _is_missing
from netzwerk._checks import renamed as _renamed  # noqa: F401  (the one renamed-keyword rule)  # the one missing-value rule
from netzwerk.plot._text import _labels, _t, _vocab

#: Sector colours in the order of the sector vocabulary: the seven colours of Okabe & Ito (2008)
#: (black left out: it hides labels and edges), then Paul Tol's "muted" scheme (Tol 2021), both
#: designed to stay distinguishable with the common colour-vision deficiencies. Sectors beyond the
#: 16th (user extensions) reuse the colours cyclically.
SECTOR_PALETTE: tuple[str, ...] = (
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#F0E442",  # yellow
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#CC6677",  # rose
    "#332288",  # indigo
    "#DDCC77",  # sand
    "#117733",  # green
    "#88CCEE",  # cyan
    "#882255",  # wine
    "#44AA99",  # teal
    "#999933",  # olive
    "#AA4499",  # purple
)


#: The house style of every figure: light grey frame and grid behind the data, dark grey text,
#: white edges between bars, no tick marks (the grid carries the values). Applied around each
#: plotting function and each save (:func:`house_style`), never to the process: a figure looks
#: the same whichever netzwerk function ran before it, and the user's own figures keep their
#: style. (The reports had this look before as a side effect: networkit imported seaborn, whose
#: ``set_style("whitegrid")`` changed matplotlib's global settings on import.)
HOUSE_RC: dict[str, Any] = {
    "axes.axisbelow": True,
    "axes.edgecolor": ".8",
    "axes.grid": True,
    "axes.labelcolor": ".15",
    "grid.color": ".8",
    "lines.solid_capstyle": "round",
    "patch.edgecolor": "w",
    "patch.force_edgecolor": True,
    "text.color": ".15",
    "xtick.bottom": False,
    "xtick.color": ".15",
    "ytick.color": ".15",
    "ytick.left": False,
}


def house_style(func: Callable[..., Any]) -> Callable[..., Any]:
    """Run a plotting function with :data:`HOUSE_RC` in effect (the one place it is applied)."""

    @functools.wraps(func)
    def styled(*args: Any, **kwargs: Any) -> Any:
        with mpl.rc_context(HOUSE_RC):
            return func(*args, **kwargs)

    return styled


#: Colour of actors whose sector is missing.
UNKNOWN_COLOR = "#BBBBBB"


# Paul Tol's "bright" scheme (+ dark grey) for categories that are not sectors (event kinds).
_KIND_PALETTE = (
    "#4477AA",
    "#EE6677",
    "#228833",
    "#CCBB44",
    "#66CCEE",
    "#AA3377",
    "#BBBBBB",
    "#555555",
)


# Gould–Fernandez roles, Paul Tol's "vibrant" scheme.
_ROLE_COLORS = {
    "coordinator": "#0077BB",
    "itinerant": "#33BBEE",
    "representative": "#009988",
    "gatekeeper": "#EE7733",
    "liaison": "#CC3311",
}


ROLES: tuple[str, ...] = tuple(_ROLE_COLORS)


_STATUS_COLORS = {"unmet": "#D55E00", "unconnected": "#E69F00", "connected": "#009E73"}


_OFFER_COLOR = "#0072B2"


def _truthy(value: Any) -> bool:
    """True for True/1/np.True_, False for missing values and everything else falsy."""
    if _is_missing(value):
        return False
    try:
        return bool(value)
    except (TypeError, ValueError):  # pragma: no cover - e.g. arrays
        return False


def _label(vocab: str, code: Any, lang: str) -> str:
    if _is_missing(code):
        return _t("unknown", lang)
    return _labels(vocab, lang).get(str(code), str(code))


def _ordered(vocab: str, codes: Iterable[Any]) -> list[str]:
    """Codes present, in vocabulary order, unknown codes sorted after them."""
    present = {str(c) for c in codes if not _is_missing(c)}
    known = [c for c in _vocab(vocab).codes if c in present]
    return known + sorted(present - set(known))


def sector_colors(sectors: Iterable[Any] | None = None) -> dict[str, str]:
    """Colour of each sector, the same in every figure and map.

    Sectors of the bundled vocabulary get :data:`SECTOR_PALETTE` in vocabulary order, so a sector
    has the same colour in every city. Codes outside the vocabulary (a city's extensions) follow
    in alphabetical order and take the next colours, cycling when the palette runs out.

    Parameters
    ----------
    sectors : iterable of str, optional
        The sector codes to colour. Default: all codes of the sector vocabulary. Missing values
        (None, NA) are ignored; draw them in :data:`UNKNOWN_COLOR`.

    Returns
    -------
    dict
        Sector code → hex colour, vocabulary order first.

    See Also
    --------
    plot_network
        Colours actors by sector.
    network_map
        The same colours in the interactive map.

    Notes
    -----
    The first seven colours are Okabe & Ito's colour-blind-safe set, the next nine Paul Tol's
    "muted" scheme. No palette keeps 14 or more classes apart for every reader; figures therefore
    also label sectors in legends, and :func:`plot_network` marks aggregate actors by shape.

    References
    ----------
    .. [1] Okabe, M. & Ito, K. (2008). Color Universal Design (CUD): How to make figures and
       presentations that are friendly to colorblind people.
    .. [2] Tol, P. (2021). Colour schemes. SRON technical note SRON/EPS/TN/09-002, issue 3.2.

    Examples
    --------
    >>> sector_colors(["mso", "verwaltung"])
    {'verwaltung': '#E69F00', 'mso': '#D55E00'}
    >>> sector_colors(["zzz_neu"])["zzz_neu"] == SECTOR_PALETTE[len(sector_colors()) % 16]
    True
    """
    codes = _vocab("sectors").codes
    mapping = {code: SECTOR_PALETTE[i % len(SECTOR_PALETTE)] for i, code in enumerate(codes)}
    if sectors is None:
        return mapping
    wanted = {str(s) for s in sectors if not _is_missing(s)}
    extra = sorted(wanted - set(codes))
    for j, code in enumerate(extra):
        mapping[code] = SECTOR_PALETTE[(len(codes) + j) % len(SECTOR_PALETTE)]
    return {code: mapping[code] for code in [*codes, *extra] if code in wanted}


def _sector_color(sector: Any, colors: Mapping[str, str]) -> str:
    if _is_missing(sector):
        return UNKNOWN_COLOR
    return colors.get(str(sector), UNKNOWN_COLOR)


def _fmt(value: Any, lang: str, digits: int = 2) -> str:
    """Number as text; German decimal comma for ``lang="de"``."""
    if _is_missing(value):
        return "–"
    if isinstance(value, bool | np.bool_):
        return _t("yes" if value else "no", lang)
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        if float(value).is_integer() and abs(value) < 1e15:
            return str(int(value))
        text = f"{float(value):.{digits}f}"
        return text.replace(".", ",") if lang == "de" else text
    return str(value)


def _title(base: str, synthetic: bool, lang: str, title: str | None = None) -> str:
    """The heading, marked synthetic where so, wrapped so a long one cannot widen the figure."""
    text = base if title is None else title
    text = f"{text} ({_t('synthetic', lang)})" if synthetic else text
    return textwrap.fill(text, width=80, break_long_words=False, break_on_hyphens=False)


def _get_ax(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    elif not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    return ax


def _blank(ax: Axes) -> Axes:
    """No ticks and no frame (for drawings without axes of their own)."""
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    return ax


def _sector_handles(
    sectors: Iterable[Any],
    colors: Mapping[str, str],
    lang: str,
    *,
    edgecolor: str = "white",
    markersize: float = 8.0,
) -> list[Line2D]:
    """Legend entries, one dot per sector in its colour (a missing sector: "unbekannt")."""
    return [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markerfacecolor=_sector_color(sector, colors),
            markeredgecolor=edgecolor,
            markersize=markersize,
            label=_label("sectors", sector, lang),
        )
        for sector in sectors
    ]


def _empty(ax: Axes, message: str, title: str) -> Axes:
    """Explanatory note instead of a figure."""
    _blank(ax)
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, wrap=True)
    ax.set_title(title)
    return ax


def _check_frame(frame: Any, name: str, columns: Iterable[str]) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing and frame.empty:
        # an empty table (e.g. pd.DataFrame()) is drawn as a note, whatever its columns
        return frame.assign(**{c: pd.Series(dtype=object) for c in missing})
    if missing:
        raise ValueError(
            f"{name} lacks column(s) {missing}; got {list(frame.columns)}, expected {list(columns)}"
        )
    return frame


def _check_positive_int(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def _by_actor(frame: pd.DataFrame | None, name: str) -> pd.DataFrame | None:
    """A measures table indexed by actor_id (an ``actor_id`` column becomes the index)."""
    if frame is None:
        return None
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame or None, got {type(frame).__name__}")
    if "actor_id" in frame.columns:
        frame = frame.set_index("actor_id")
    return frame


def _node_name(G: nx.Graph | None, node: Any) -> str:
    if G is not None and node in G:
        name = G.nodes[node].get("name")
        if not _is_missing(name) and str(name):
            return str(name)
    return str(node)


def _shorten(text: str, width: int = 32) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _distinct_labels(texts: Iterable[str], width: int = 32) -> list[str]:
    """Shortened labels that stay distinct: where two shortened texts coincide, both keep their
    beginning and their end ("Ortsverein Humanitä…dt Nord"), and still equal ones get a number.

    >>> _distinct_labels(["Ortsverein Humanitäre Hilfe Modellstadt Nord",
    ...                   "Ortsverein Humanitäre Hilfe Modellstadt Süd", "Amt"], 20)
    ['Ortsverein…tadt Nord', 'Ortsverein…stadt Süd', 'Amt']
    """
    texts = [str(t) for t in texts]
    short = [_shorten(t, width) for t in texts]
    clash = {s for s in short if short.count(s) > 1}
    head = max(width // 2, 1)
    out = [
        f"{t[:head].rstrip()}…{t[-(width - head - 1) :]}" if s in clash and len(t) > width else s
        for t, s in zip(texts, short, strict=True)
    ]
    seen: dict[str, int] = {}
    for i, label in enumerate(out):
        if out.count(label) > 1:
            seen[label] = seen.get(label, 0) + 1
            out[i] = f"{label} ({seen[label]})"
    return out


def _number_format(lang: str) -> mpl.ticker.Formatter:
    """Tick labels as in the cells: decimal comma, thousands point, minus sign (``lang="de"``).

    >>> f = _number_format("de")
    >>> f(4500), f(-0.4), f(0.25), _number_format("en")(4500)
    ('4.500', '−0,4', '0,25', '4,500')
    """

    def fmt(x: float, _pos: Any = None) -> str:
        if float(x).is_integer() and abs(x) >= 1000:
            text = f"{int(x):,}"
            return (text.replace(",", ".") if lang == "de" else text).replace("-", "−")
        text = f"{x:.6g}"
        if lang == "de":
            text = text.replace(".", ",")
        return text.replace("-", "−")

    return mpl.ticker.FuncFormatter(fmt)


def save_figure(
    fig: Figure,
    path_without_suffix: str | Path,
    *,
    formats: Iterable[str] = ("png", "svg"),
    dpi: int = 200,
    raster_dpi: int = 150,
) -> list[Path]:
    """Write ``fig`` as PNG and SVG so that the same figure gives the same bytes every time.

    Metadata that would change between runs (creation date, software version) are fixed, SVG
    element ids are derived from a fixed salt (``svg.hashsalt``) and text is written as paths.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure (e.g. ``ax.figure``).
    path_without_suffix : str or Path
        Target path without suffix; ``.png``/``.svg`` are appended. Folders are created.
    formats : iterable of str, default ("png", "svg")
        Any of ``"png"``, ``"svg"``, ``"pdf"``.
    dpi : int, default 200
        Resolution of the PNG.
    raster_dpi : int, default 150
        Resolution of the parts of an SVG or PDF drawn as an image (the tie lines of
        :func:`plot_network`, heatmap cells); everything else there stays vector.

    Returns
    -------
    list of Path
        The files written, in the order of ``formats``.

    Raises
    ------
    TypeError
        If ``fig`` is not a matplotlib Figure.
    ValueError
        If a format is not one of ``png``, ``svg``, ``pdf``.

    Notes
    -----
    Byte identity holds for the same matplotlib and font versions; another matplotlib release
    may rasterise or write paths differently.

    See Also
    --------
    plot_network : the figure with most to write (its ties are one raster image in SVG).

    Examples
    --------
    >>> import tempfile
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([0, 1], [0, 1])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     a = [p.read_bytes() for p in save_figure(fig, Path(tmp) / "a")]
    ...     b = [p.read_bytes() for p in save_figure(fig, Path(tmp) / "b")]
    >>> a == b
    True
    >>> plt.close(fig)
    """
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    metadata = {
        "png": {"Software": "netzwerk"},
        "svg": {"Creator": "netzwerk", "Date": None},
        "pdf": {"Creator": "netzwerk", "Producer": "netzwerk", "CreationDate": None},
    }
    formats = list(formats)
    for fmt in formats:
        if fmt not in metadata:
            raise ValueError(f"formats must contain only 'png', 'svg', 'pdf', got {fmt!r}")
    base = Path(path_without_suffix)
    base.parent.mkdir(parents=True, exist_ok=True)
    written = []
    settings = {**HOUSE_RC, "svg.hashsalt": "netzwerk", "svg.fonttype": "path"}
    with mpl.rc_context(settings):
        box = _tight_box(fig, dpi)  # once for all formats: each "tight" save lays out twice
        for fmt in formats:
            path = base.with_name(base.name + "." + fmt)
            resolution = dpi if fmt == "png" else raster_dpi
            extra = {"pil_kwargs": {"compress_level": 3}} if fmt == "png" else {}  # as small,
            fig.savefig(  # and a third faster to write than zlib's default level 6
                path, format=fmt, dpi=resolution, metadata=metadata[fmt], bbox_inches=box, **extra
            )
            written.append(path)
    return written


def _tight_box(fig: Figure, dpi: float) -> mpl.transforms.Bbox:
    """What ``bbox_inches="tight"`` crops to (in inches, padded), measured once at ``dpi``.

    ``savefig(..., bbox_inches="tight")`` draws the figure once without output to measure it
    and then draws it, for every file. Measured once here (text extents at the PNG's
    resolution), the box serves every format, and the measuring needs no draw: every artist
    the figures use (axes, ticks, titles, legends also at ``loc="best"``, annotations) lays
    itself out when asked for its extent. The bundled cities' figures are pixel for pixel
    those of the draw-then-measure way.
    """
    old = fig.dpi
    try:
        fig.dpi = dpi
        box = fig.get_tightbbox()
    finally:
        fig.dpi = old
    pad = mpl.rcParams["savefig.pad_inches"]
    return box.padded(pad, pad)


def _node_values(
    G: nx.Graph, measures: pd.DataFrame | None, size_by: str | None, name: str = "size_by"
) -> tuple[pd.Series, str]:
    """Per-node values for sizes and labels, and the name of what they are."""
    nodes = list(G.nodes)
    if size_by is None:
        size_by = "betweenness" if measures is not None and "betweenness" in measures else "degree"
    if measures is not None and size_by in measures.columns:
        values = pd.to_numeric(measures[size_by].reindex(nodes), errors="coerce")
    elif size_by == "degree":
        values = pd.Series(dict(G.degree()), dtype=float).reindex(nodes)
    elif nodes and all(size_by in G.nodes[n] for n in nodes):
        values = pd.to_numeric(pd.Series({n: G.nodes[n][size_by] for n in nodes}), errors="coerce")
    else:
        raise ValueError(
            f"{name}={size_by!r} is neither a column of measures nor 'degree' nor a node attribute"
        )
    return values.astype(float), size_by


def _scale(values: pd.Series, low: float, high: float) -> pd.Series:
    finite = values.dropna()
    if finite.empty:
        return pd.Series(low, index=values.index)
    vmin, vmax = float(finite.min()), float(finite.max())
    if vmax == vmin:
        return pd.Series((low + high) / 2, index=values.index).where(values.notna(), low)
    return (low + (values - vmin) / (vmax - vmin) * (high - low)).fillna(low)


def _top_nodes(values: pd.Series, k: int) -> list[Any]:
    ordered = sorted(
        (n for n in values.index if not pd.isna(values[n])), key=lambda n: (-values[n], str(n))
    )
    return ordered[:k]


def _count(n: int, lang: str) -> str:
    """A whole number with the thousands separator of ``lang`` (12.373 / 12,373)."""
    return f"{n:,}".replace(",", "." if lang == "de" else ",")


def _edge_weight(data: Mapping[str, Any], weight: str | None = "weight") -> float:
    """The tie's weight (1 when ``weight`` is None or the value is missing)."""
    if weight is None:
        return 1.0
    w = data.get(weight, 1.0)
    return 1.0 if _is_missing(w) else float(w)


def _nice(value: float, lang: str) -> str:
    """``value`` with two significant digits, as a legend example (0,011 / 51 / 1.200)."""
    if value == 0 or not math.isfinite(value):
        return _fmt(value, lang)
    if abs(value) >= 100:
        return _count(int(round(value, 1 - int(math.floor(math.log10(abs(value)))))), lang)
    text = f"{value:.2g}"
    return text.replace(".", ",") if lang == "de" else text


def _city_synthetic(city: Any) -> bool:
    return bool(getattr(city, "meta", {}).get("synthetic", False))


def _as_list(value: Any) -> list[str]:
    """Ids from a list/tuple/set/array or a ``;``/``,``-separated string."""
    if value is None or (not isinstance(value, str) and not np.iterable(value)):
        return [] if _is_missing(value) else [str(value)]
    if isinstance(value, str):
        return [p.strip() for p in re.split(r"[;,]", value) if p.strip()]
    items = [str(v) for v in value if not _is_missing(v)]
    return sorted(items) if isinstance(value, set | frozenset) else items


def _thousands(n: int, lang: str) -> str:
    """Whole number with thousands separators: 12.345 (de), 12,345 (en)."""
    text = f"{int(n):,}"
    return text.replace(",", ".") if lang == "de" else text
