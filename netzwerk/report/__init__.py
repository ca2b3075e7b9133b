"""Per-city reports: run the parameterised notebook, render offline HTML, check ``results.json``.

A report is ``notebooks/city_report.ipynb`` executed for one city with papermill. The notebook
computes everything through netzwerk and shows it through the helpers here; it saves figures,
tables (referral counts suppressed), the map and ``results.json``; :func:`run_report` renders
``report.html`` (German, code hidden, no request to another host). :func:`reproduce` does this
for every city and with ``check=True`` compares each ``results.json`` with the committed
reference (:func:`compare_results`).

Where to look:

* ``_results`` — input hashes, :func:`key_figures`, ``results.json`` write/read/compare,
  :func:`update_reference`;
* ``_params`` — the notebook's ``parameters`` cell, checking and parsing values;
* ``_run`` — :func:`run_report`, :func:`reproduce`, city and output folders (the kernels:
  :mod:`netzwerk._kernel`);
* ``_html`` — :func:`render_html`, the Content-Security-Policy, :func:`external_references`;
* ``_tables`` — the tables, labels and files the notebook shows and writes;
* ``_text`` — the German sentences of each section; ``_text_robustness`` those on robustness
  and stability;
* ``_background`` — :func:`start_broker_checks`: the robustness checks, computed while the
  figures are drawn;
* ``_cli`` — the ``netzwerk report`` and ``netzwerk reproduce`` subcommands.

Outputs go to ``figures/<city>/`` (:data:`netzwerk.config.FIGURES_DIR`); the references live in
``tests/reference/<city>/results.json`` (:data:`netzwerk.config.REFERENCE_DIR`).
"""

from __future__ import annotations

from netzwerk._dates import (
    date_de,
    period_de,
    span_de,
)
from netzwerk._flows import FieldFlows, field_counts, field_flows
from netzwerk._terms import glossary_html, glossary_markdown
from netzwerk.brokers._summary import brokerage_by_sector, ranking_overlap
from netzwerk.gaps._summary import gap_analysis
from netzwerk.report._background import BrokerChecks, start_broker_checks
from netzwerk.report._html import OPTIONAL_SECTION_TAG, external_references, render_html
from netzwerk.report._params import (
    REPORT_NOTEBOOK,
    check_parameters,
    notebook_parameters,
    parse_parameter_value,
)
from netzwerk.report._results import (
    ABS_TOL,
    ACCEPTED_SCHEMAS,
    COMPARED_KEYS,
    HASH_PREFIX,
    PATH_PARAMETERS,
    REL_TOL,
    RESULTS_FILE,
    RESULTS_SCHEMA,
    SIGNIFICANT_DIGITS,
    Difference,
    compare_results,
    input_hashes,
    key_figures,
    read_results,
    robustness_figures,
    update_reference,
    write_results,
)
from netzwerk.report._run import (
    CityRun,
    city_folder,
    list_cities,
    output_folder,
    reproduce,
    run_report,
)
from netzwerk.report._tables import (
    absent,
    actors_table,
    banner_html,
    broker_display,
    city_label,
    events_in_period,
    html_table,
    map_title,
    missing_display,
    published_brokers,
    save_table,
    show_figure,
    sources_table,
    suggestions_display,
    weighting_label,
)
from netzwerk.report._text import (
    brokers_markdown,
    comparison_row,
    fields_markdown,
    footer_markdown,
    gaps_markdown,
    methods_markdown,
    missing_note,
    needs_markdown,
    network_markdown,
    note_markdown,
    overview_markdown,
    title_markdown,
)
from netzwerk.report._text_robustness import (
    robustness_markdown,
    stability_caption,
    stability_figure,
    stability_markdown,
)

__all__ = [
    # results.json (_results)
    "ABS_TOL",
    "ACCEPTED_SCHEMAS",
    "COMPARED_KEYS",
    "HASH_PREFIX",
    "PATH_PARAMETERS",
    "REL_TOL",
    "RESULTS_FILE",
    "RESULTS_SCHEMA",
    "SIGNIFICANT_DIGITS",
    "Difference",
    "compare_results",
    "input_hashes",
    "key_figures",
    "read_results",
    "robustness_figures",
    "update_reference",
    "write_results",
    # parameters (_params)
    "REPORT_NOTEBOOK",
    "check_parameters",
    "notebook_parameters",
    "parse_parameter_value",
    # running (_run)
    "CityRun",
    "city_folder",
    "list_cities",
    "output_folder",
    "reproduce",
    "run_report",
    # robustness checks in the background (_background)
    "BrokerChecks",
    "start_broker_checks",
    # HTML (_html)
    "OPTIONAL_SECTION_TAG",
    "external_references",
    "render_html",
    # notebook tables and files (_tables)
    "absent",
    "actors_table",
    "banner_html",
    "broker_display",
    "city_label",
    "events_in_period",
    "html_table",
    "map_title",
    "missing_display",
    "save_table",
    "published_brokers",
    "show_figure",
    "sources_table",
    "suggestions_display",
    "weighting_label",
    # notebook sentences (_text)
    "brokers_markdown",
    "comparison_row",
    "fields_markdown",
    "footer_markdown",
    "gaps_markdown",
    "glossary_html",
    "glossary_markdown",
    "methods_markdown",
    "missing_note",
    "needs_markdown",
    "network_markdown",
    "note_markdown",
    "overview_markdown",
    "robustness_markdown",
    "stability_caption",
    "stability_figure",
    "stability_markdown",
    "title_markdown",
    # analysis and formats the notebook calls (defined outside the report layer)
    "FieldFlows",
    "brokerage_by_sector",
    "date_de",
    "field_counts",
    "field_flows",
    "gap_analysis",
    "period_de",
    "ranking_overlap",
    "span_de",
]
