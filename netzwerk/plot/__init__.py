"""Figures (seaborn/matplotlib, ``ax=None`` → Axes) and the offline interactive network map.

Every ``plot_*`` function draws on ``ax`` (a new figure when ``ax`` is None), returns the Axes and
never shows or saves anything; :func:`save_figure` writes PNG and SVG files byte for byte
reproducibly. All figures colour sectors with one colour-blind-safe palette
(:func:`sector_colors`), label in German by default (``lang="de"``, labels from the vocabularies)
and in English on request (``lang="en"``), mark synthetic data as "synthetisch" in the title, and
draw an explanatory note instead of failing when there is nothing to show.

:func:`network_map` builds the interactive map (a pyvis ``Network``); :func:`write_map` writes it as
one self-contained UTF-8 HTML file that loads nothing from any other host, and :func:`map_html` /
:func:`map_iframe` give the same document as a string for embedding in reports and notebooks.

Layout of the package (one concept per module): ``_text`` the words (measure and role names from
:mod:`netzwerk._terms`), ``_style`` colours, number formats, checks and :func:`save_figure`,
``_layout`` the seeded node positions, ``_network`` the network and ego figures, ``_charts`` the
charts of the measures, ``_timeline`` events over time and the resource exchange, ``_map`` the
interactive map, ``_map_html`` its offline HTML document.
"""

from __future__ import annotations

from netzwerk.plot._charts import (
    plot_brokerage_roles,
    plot_brokers,
    plot_field_flows,
    plot_sector_gaps,
)
from netzwerk.plot._compare import plot_brokerage_shares
from netzwerk.plot._layout import _layout, network_layout
from netzwerk.plot._map import Network, NetworkMap, network_map
from netzwerk.plot._map_html import _map_scripts, map_html, map_iframe, write_map
from netzwerk.plot._network import _ego_brokerage, plot_ego, plot_network
from netzwerk.plot._style import (
    ROLES,
    SECTOR_PALETTE,
    UNKNOWN_COLOR,
    _check_frame,
    _check_graph,
    _empty,
    _fmt,
    _get_ax,
    _is_missing,
    _sector_color,
    _shorten,
    _title,
    save_figure,
    sector_colors,
)
from netzwerk.plot._text import _TEXT, _check_lang, _labels, _t
from netzwerk.plot._timeline import plot_resources, plot_timeline

__all__ = [
    "SECTOR_PALETTE",
    "UNKNOWN_COLOR",
    "NetworkMap",
    "map_html",
    "map_iframe",
    "network_layout",
    "network_map",
    "plot_brokerage_roles",
    "plot_brokerage_shares",
    "plot_brokers",
    "plot_ego",
    "plot_field_flows",
    "plot_network",
    "plot_resources",
    "plot_sector_gaps",
    "plot_timeline",
    "save_figure",
    "sector_colors",
    "write_map",
]

# Private names that other modules and tests import from ``netzwerk.plot`` (kept reachable):
# report uses _map_scripts; survey._plot the checks and drawing helpers; tests _shorten, _fmt,
# _ego_brokerage.
_COMPAT = (
    ROLES, Network, _layout, _map_scripts, _ego_brokerage, _check_frame, _check_graph, _empty, _fmt,
    _get_ax, _is_missing, _sector_color, _shorten, _title, _TEXT, _check_lang, _labels, _t,
)  # fmt: skip
