"""Benchmarks of every stage against the reference libraries (``netzwerk bench``).

``netzwerk bench --sizes 1000,3000,10000`` generates synthetic cities with
:func:`netzwerk.synth.generate_city` (the generator of the example city; at 10,000 actors about
3,000 events with up to 300 participants and 1,000,000 referral rows), then times each stage of
the analysis and, in the same run, what a user would otherwise use:

=================  ==========================================  ===================================
stage              netzwerk                                    baseline
=================  ==========================================  ===================================
generate           ``generate_city`` + ``write_city``          –
load               ``load_city`` (reads and validates)         –
cooperation_graph  ``cooperation_graph(city)``                 networkx ``weighted_projected_graph``
referral_graph     ``referral_graph(city)``                    pandas ``groupby`` + networkx
brokerage_roles    ``brokerage_roles(G, "sector")``            R ``sna::brokerage``
structural_holes   ``structural_holes(G, weight="weight")``    networkx ``effective_size`` +
                                                               ``constraint``
betweenness        ``betweenness(G, weight="weight")``         networkx ``betweenness_centrality``,
                                                               igraph ``Graph.betweenness``
brokers            ``brokers(G)`` (exact weighted betweenness) –
sector_gaps        ``sector_gaps(G)``, 1,000 permutations      –
unmet_needs        ``unmet_needs(city, G)``                    –
field_coverage     ``field_coverage(city)``                    –
map                ``network_map`` + ``write_map``             –
report             ``run_report`` (papermill + HTML)           –
pipeline           load → graphs → brokers → gaps → needs →    –
                   fields in one process (peak memory)
=================  ==========================================  ===================================

Every measurement runs in a fresh Python process, so that one stage's memory cannot hide in
another's. Time is wall time of the call alone (imports and reading the inputs are excluded);
memory is the process's peak resident set size (``ru_maxrss``, including the interpreter, the
libraries and the stage's inputs such as the loaded city and the graph, and any child process,
e.g. the notebook kernel of the report). The growth of the peak during the call is kept in the
JSON output as ``rss_growth_mb``.

A baseline first runs on a small sample (betweenness from a few sources, structural holes and
the projection for a few nodes); when the linear extrapolation to the whole graph exceeds the
budget, it runs on the largest sample the budget allows and its time is extrapolated linearly
(marked "extrapoliert"). ``sna::brokerage`` cannot be sampled; it runs with a time limit of two
budgets and is otherwise reported as a lower bound.

Where each part lives: ``_common`` (the stage table), ``_machine`` (machine info), ``_context``
(timing inside a worker), ``_stages``, ``_report`` and ``_baselines`` (what is timed),
``_process`` (one job in a fresh process), ``_run`` (:func:`run_benchmark`), ``_output``
(table, exponents, figure, JSON) and ``_cli`` (``netzwerk bench``).
"""

from __future__ import annotations

from netzwerk.bench._cli import _cli_bench as _cli_bench
from netzwerk.bench._cli import _cli_bench_arguments as _cli_bench_arguments
from netzwerk.bench._common import REPORT_SIZE, STAGES
from netzwerk.bench._context import _Context as _Context
from netzwerk.bench._context import _incremental as _incremental
from netzwerk.bench._context import _sampled as _sampled
from netzwerk.bench._machine import machine_info
from netzwerk.bench._output import _to_json as _to_json
from netzwerk.bench._output import format_table, plot_scaling, scaling_exponents
from netzwerk.bench._process import _run_job as _run_job
from netzwerk.bench._process import _worker as _worker
from netzwerk.bench._report import report_cell_times, report_pipeline_ratio
from netzwerk.bench._run import run_benchmark

__all__ = [
    "REPORT_SIZE",
    "STAGES",
    "format_table",
    "machine_info",
    "plot_scaling",
    "report_cell_times",
    "report_pipeline_ratio",
    "run_benchmark",
    "scaling_exponents",
]
