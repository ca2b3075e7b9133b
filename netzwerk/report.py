"""Per-city reports: run the parameterised notebook with papermill, render HTML, check results.

A report is ``notebooks/city_report.ipynb`` executed for one city with papermill. The notebook
computes everything through netzwerk, saves figures (PNG and SVG), tables (CSV, referral counts
suppressed), the interactive map (``network.html``) and ``results.json`` (:func:`write_results`);
:func:`run_report` then renders ``report.html`` (German, code hidden, no request to another
host). :func:`reproduce` does this for every city, in parallel processes, and with ``check=True``
compares each new ``results.json`` with the committed reference (:func:`compare_results`).

Public functions (re-exported by ``netzwerk``):

* :func:`run_report`, :func:`reproduce` — run the notebook for one or all cities;
* :func:`write_results`, :func:`read_results`, :func:`compare_results`, :func:`key_figures`,
  :func:`input_hashes` — the ``results.json`` contract;
* :func:`notebook_parameters`, :func:`check_parameters`, :func:`parse_parameter_value` — the
  notebook's ``parameters`` cell;
* :func:`render_html`, :func:`external_references` — the offline HTML report.

The notebook helpers (German sentences and tables for one section, ``save_table``,
``banner_html`` …) are public in this module but not re-exported: the notebook defines no
functions, everything it needs lives here.

Where outputs go: ``figures/<city>/`` (:data:`netzwerk.config.FIGURES_DIR`, gitignored). The
committed reference results live in ``tests/reference/<city>/results.json``
(:data:`netzwerk.config.REFERENCE_DIR`), apart from the outputs, so a run never overwrites what
it is checked against.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import html as _html
import json
import math
import os
import platform
import re
import sys
import time
import uuid
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import networkx as nx
import numpy as np
import pandas as pd

from netzwerk import config
from netzwerk._escape import csp_meta, html_text, md_text
from netzwerk._flows import FieldFlows, field_flows
from netzwerk._terms import glossary_markdown, term
from netzwerk.graph import _event_status
from netzwerk.io import DataError, validate

if TYPE_CHECKING:
    from netzwerk.io import City

__all__ = [
    "glossary_markdown",
    "COMPARED_KEYS",
    "REL_TOL",
    "Difference",
    "check_parameters",
    "compare_results",
    "external_references",
    "input_hashes",
    "key_figures",
    "notebook_parameters",
    "parse_parameter_value",
    "read_results",
    "render_html",
    "reproduce",
    "run_report",
    "write_results",
]

#: The report notebook that :func:`run_report` executes.
REPORT_NOTEBOOK = config.NOTEBOOKS_DIR / "city_report.ipynb"
#: File name of the results of one run (in the output folder and in the reference folder).
RESULTS_FILE = "results.json"
#: Version of the layout of ``results.json``.
RESULTS_SCHEMA = 2
#: Schemas :func:`compare_results` reads: 1 (bare hex input hashes, absolute paths and the
#: interpreter's path under ``run``) is upgraded to 2 before comparing.
ACCEPTED_SCHEMAS: tuple[int, ...] = (1, 2)
#: Prefix of every input hash: the algorithm travels with the value.
HASH_PREFIX = "sha256:"
#: Top-level keys of ``results.json`` that :func:`compare_results` compares. ``run`` (time
#: stamp, interpreter, paths, duration) and ``netzwerk_version`` are recorded but not compared.
COMPARED_KEYS: tuple[str, ...] = ("schema", "city", "synthetic", "parameters", "inputs", "figures")
#: Relative tolerance for floats in :func:`compare_results` (integers, text, booleans: exact).
REL_TOL = 1e-9
#: Absolute tolerance for floats near zero in :func:`compare_results`.
ABS_TOL = 1e-12
#: Significant digits floats are rounded to in ``results.json``.
SIGNIFICANT_DIGITS = 12
#: Parameters that name places on this machine: recorded under ``run``, not compared.
PATH_PARAMETERS: tuple[str, ...] = ("data_dir", "out_dir")

_MISSING = "(fehlt)"

# ---------------------------------------------------------------------------------------------
# results.json: hashing, key figures, writing, reading, comparing
# ---------------------------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_hashes(city: City | str | Path) -> dict[str, str]:
    """SHA-256 of every input file of a city, keyed by its path relative to the city folder.

    Parameters
    ----------
    city : City, str or Path
        A loaded city (its ``path`` is used) or the path of a city folder or workbook.

    Returns
    -------
    dict of str to str
        ``{"actors.csv": "sha256:<64 hex digits>", "datapackage.json": ..., "sources/….txt":
        ...}``
        in sorted order: every file under the folder (tables, metadata, source texts, a
        ``vocabulary/`` extension), hidden files and ``__pycache__`` left out. For a workbook:
        the workbook, and ``datapackage.json`` and ``sources/`` beside it when present.

    Raises
    ------
    ValueError
        If the city has no path (built with ``City.from_frames``) or the path does not exist.

    Notes
    -----
    The hashes are of the bytes on disk: a checkout that converts line endings (git
    ``core.autocrlf`` on Windows) gives other hashes for the same data.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "actors.csv").write_bytes(b"abc")
    >>> input_hashes(folder)["actors.csv"][:23]  # sha256("abc")
    'sha256:ba7816bf8f01cfea'
    """
    path = getattr(city, "path", city)
    if path is None:
        raise ValueError("city has no path (built from frames?); expected a city loaded from disk")
    if not isinstance(path, str | Path):
        raise TypeError(f"city must be a City or a path, got {type(city).__name__}")
    path = Path(path)
    if not path.exists():
        raise ValueError(f"city path {str(path)!r} does not exist; expected a city folder")
    if path.is_file():
        files = [(path.name, path)]
        root = path.parent
        extra = [root / "datapackage.json", *sorted((root / "sources").rglob("*"))]
        files += [(p.relative_to(root).as_posix(), p) for p in extra if p.is_file()]
    else:
        files = [
            (p.relative_to(path).as_posix(), p)
            for p in path.rglob("*")
            if p.is_file()
            and not any(part.startswith(".") or part == "__pycache__" for part in p.parts[-8:])
        ]
    return {name: HASH_PREFIX + _sha256(p) for name, p in sorted(files)}


def _clean(value: Any) -> Any:
    """A JSON-ready, deterministic copy: floats rounded, NaN as None, tuples as lists."""
    if isinstance(value, Mapping):
        return {str(k): _clean(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return [_clean(v) for v in items]
    if isinstance(value, np.ndarray):
        return [_clean(v) for v in value.tolist()]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        value = float(value)
        if not math.isfinite(value):
            return None
        return float(f"{value:.{SIGNIFICANT_DIGITS}g}")
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, pd.Timestamp | _dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    return str(value)


def _degree_centralization(G: nx.Graph) -> float:
    n = G.number_of_nodes()
    if n < 3:
        return math.nan
    H = nx.Graph(G) if G.is_directed() else G
    degrees = [d for _, d in H.degree()]
    top = max(degrees)
    return sum(top - d for d in degrees) / ((n - 1) * (n - 2))


def _network_figures(G: nx.Graph) -> dict[str, Any]:
    H = nx.Graph(G.to_undirected() if G.is_directed() else G)
    H.remove_edges_from(list(nx.selfloop_edges(H)))
    n, m = H.number_of_nodes(), H.number_of_edges()
    components = sorted((len(c) for c in nx.connected_components(H)), reverse=True)
    return {
        "n_nodes": n,
        "n_ties": m,
        "n_isolates": sum(1 for _, d in H.degree() if d == 0),
        "density": 2 * m / (n * (n - 1)) if n > 1 else math.nan,
        "mean_degree": 2 * m / n if n else math.nan,
        "n_components": len(components),
        "largest_component": components[0] if components else 0,
        "degree_centralization": _degree_centralization(H),
        "total_weight": float(sum(w for *_, w in H.edges(data="weight", default=1.0))),
    }


def _top(frame: pd.DataFrame, column: str, top_n: int) -> list[dict[str, Any]]:
    """The ``top_n`` rows by ``column`` (ties broken by actor_id), as ``{actor_id, column}``."""
    values = pd.to_numeric(frame[column], errors="coerce").dropna()
    order = sorted(values.items(), key=lambda kv: (-kv[1], str(kv[0])))[:top_n]
    return [{"actor_id": str(k), column: float(v)} for k, v in order]


def _published_total(city: City, flows: FieldFlows | None) -> int | None:
    """Counted referrals in all: the grand total of the published table (None if it is hidden)."""
    if city.referrals.empty:
        return 0
    flows = field_flows(city) if flows is None else flows
    return None if flows.total_hidden else int(flows.counts.to_numpy().sum())


def key_figures(
    city: City,
    G: nx.Graph,
    *,
    broker_table: pd.DataFrame | None = None,
    gaps: pd.DataFrame | None = None,
    ei: pd.DataFrame | None = None,
    missing: pd.DataFrame | None = None,
    needs: pd.DataFrame | None = None,
    coverage: pd.DataFrame | None = None,
    suggestions: pd.DataFrame | None = None,
    stability: pd.DataFrame | None = None,
    flows: FieldFlows | None = None,
    survey: Mapping[str, Any] | None = None,
    top_n: int = 10,
) -> dict[str, Any]:
    r"""The key figures of a city's report: data, network, brokers, gaps, needs, fields.

    The network's density and Freeman degree centralisation are

    .. math::

        d = \frac{2m}{n(n-1)}, \qquad
        C_D = \frac{\sum_i (k_{\max} - k_i)}{(n-1)(n-2)},

    with :math:`n` actors, :math:`m` ties and degrees :math:`k_i` (0 = every actor has the same
    number of partners, 1 = a star: one actor holds the network together).

    Parameters
    ----------
    city : City
        The city.
    G : networkx.Graph
        Its cooperation graph (a directed graph is read as undirected).
    broker_table, gaps, ei, missing, needs, coverage, suggestions, stability : DataFrame, optional
        Results of :func:`netzwerk.brokers`, :func:`netzwerk.sector_gaps`,
        :func:`netzwerk.ei_index`, :func:`netzwerk.missing_ties`, :func:`netzwerk.unmet_needs`,
        :func:`netzwerk.field_coverage`, :func:`netzwerk.suggest_ties` and
        :func:`netzwerk.broker_stability`. A section whose table is not given is None.
    flows : FieldFlows, optional
        The report's field × sector referral table with its suppression pattern
        (:func:`field_flows`; default: computed with threshold 5). The number of counted
        referrals is its grand total, ``None`` where the pattern hides that total.
    survey : mapping, optional
        The survey block (:func:`netzwerk.survey.survey_figures`); the key ``survey`` is
        present only when it is given (a city with a network survey).
    top_n : int, default 10
        Number of top brokers and of missing ties listed.

    Returns
    -------
    dict
        ``data`` (numbers of actors by sector, aggregates, events and their first and last
        date, participations, referral rows and counted referrals, offer and need cards,
        sources), ``network`` (``n_nodes``, ``n_ties``, ``n_isolates``, ``density``,
        ``mean_degree``, ``n_components``, ``largest_component``, ``degree_centralization``,
        ``total_weight``), ``brokers`` (whether anyone stands between others, the actors
        sharing the strongest broker position, top actors by betweenness, by total brokerage,
        the cut points), ``gaps`` (pairs, significant gaps, network E-I and its expectation, missing
        ties), ``needs`` (need cards by status), ``fields`` (fields with referrals, fields no
        referral path reaches), ``suggestions`` (suggested pairs with score), ``stability``
        (stable brokers, mean and minimum Kendall's tau of the betweenness ranking). Values a degenerate graph cannot have (density of one actor)
        are NaN here and ``null`` in ``results.json``.

    Raises
    ------
    TypeError
        If ``G`` is not a networkx graph.
    ValueError
        If ``top_n`` is not a positive whole number.

    Examples
    --------
    A path a – b – c: 2 of 3 possible ties (density 2/3); degrees 1, 2, 1, so
    :math:`C_D = ((2-1) + 0 + (2-1)) / (2 \cdot 1) = 1`.

    >>> import pandas as pd
    >>> from netzwerk.io import City
    >>> city = City.from_frames(actors=pd.DataFrame({"actor_id": list("abc"),
    ...     "name": list("ABC"), "sector": ["mso", "mso", "wohlfahrt"], "level": ["kommune"] * 3}))
    >>> fig = key_figures(city, nx.path_graph(["a", "b", "c"]))
    >>> fig["network"]["density"], fig["network"]["degree_centralization"]
    (0.666..., 1.0)
    >>> fig["data"]["actors_by_sector"]
    {'mso': 2, 'wohlfahrt': 1}
    """
    if not isinstance(G, nx.Graph):
        raise TypeError(f"G must be a networkx graph, got {type(G).__name__}")
    if isinstance(top_n, bool) or not isinstance(top_n, int | np.integer) or top_n < 1:
        raise ValueError(f"top_n must be a whole number ≥ 1, got {top_n!r}")
    actors, events, refs, cards = city.actors, city.events, city.referrals, city.resources
    counted = pd.to_numeric(refs["count"], errors="coerce")
    dated = events.loc[events["date_start"].notna().to_numpy(dtype=bool)]  # an undated event
    data = {
        "n_actors": len(actors),
        "actors_by_sector": {str(k): int(v) for k, v in actors["sector"].value_counts().items()},
        "n_aggregate_actors": int(actors["aggregate"].fillna(False).astype(bool).sum()),
        "n_events": len(events),
        "first_event": None if dated.empty else str(dated["date_start"].min().date()),
        "last_event": None if dated.empty else str(dated["date_end"].max().date()),
        "n_participations": len(city.participation),
        "n_referral_rows": len(refs),
        "n_referral_rows_uncounted": int(counted.isna().sum()),
        "n_referrals_counted": _published_total(city, flows),
        "n_offers": int((cards["kind"] == "offer").sum()),
        "n_needs": int((cards["kind"] == "need").sum()),
        "n_sources": len(city.sources),
    }
    figures: dict[str, Any] = {"data": data, "network": _network_figures(G)}
    figures["brokers"] = None
    if broker_table is not None:
        from netzwerk.brokers import leading_brokers, mediating

        cut = broker_table.index[broker_table["is_cutpoint"].fillna(False).astype(bool)]
        figures["brokers"] = {
            # the report's claim: only actors that stand between others, shared ranks together
            "brokerage_exists": bool(mediating(broker_table).any()),
            "leading": [str(a) for a in leading_brokers(broker_table)],
            "top_betweenness": _top(broker_table, "betweenness", top_n),
            "top_brokerage": _top(broker_table, "total", top_n)
            if "total" in broker_table
            else None,
            "n_cutpoints": len(cut),
            "cutpoints": sorted(str(a) for a in cut),
        }
    figures["gaps"] = None
    if gaps is not None or ei is not None or missing is not None:
        section: dict[str, Any] = {}
        if gaps is not None:
            flagged = gaps[gaps["gap"].fillna(False).astype(bool)]
            section["n_pairs"] = len(gaps)
            section["n_gaps"] = len(flagged)
            section["gap_pairs"] = sorted(
                f"{a}|{b}" for a, b in zip(flagged.group_a, flagged.group_b, strict=True)
            )
        if ei is not None:
            net = ei[ei["level"] == "network"].iloc[0]
            section["ei_network"] = net["ei"]
            section["ei_expected"] = net["expected_ei"]
            section["ei_p_value"] = net["p_value"]
        if missing is not None:
            section["n_missing_ties"] = len(missing)
            section["top_missing_ties"] = [
                [str(r.actor_a), str(r.actor_b), int(r.n_common)]
                for r in missing.head(top_n).itertuples()
            ]
        figures["gaps"] = section
    figures["needs"] = None
    if needs is not None:
        statuses = ("unmet", "unconnected", "connected")
        figures["needs"] = {s: int((needs["status"] == s).sum()) for s in statuses}
    figures["fields"] = None
    if coverage is not None:
        used = coverage.groupby("field")["sent_links"].sum()
        figures["fields"] = {
            "n_fields_with_referrals": int((used > 0).sum()),
            "unreachable_fields": sorted(coverage.attrs.get("unreachable_fields", [])),
        }
    figures["suggestions"] = None
    if suggestions is not None:
        figures["suggestions"] = [
            {"actor_a": str(r.actor_a), "actor_b": str(r.actor_b), "score": float(r.score)}
            for r in suggestions.itertuples()
        ]
    figures["stability"] = None
    if stability is not None:
        tau = stability.attrs.get("kendall_tau", {}).get("betweenness", {})
        stable = stability.index[stability["stable_broker"].fillna(False).astype(bool)]
        figures["stability"] = {
            "stable_brokers": sorted(str(a) for a in stable),
            "kendall_tau_mean": tau.get("mean"),
            "kendall_tau_min": tau.get("min"),
        }
    if survey is not None:
        figures["survey"] = dict(survey)
    return figures


def write_results(
    out_dir: str | Path,
    city: City,
    parameters: Mapping[str, Any],
    *,
    figures: Mapping[str, Any],
    duration: float | None = None,
) -> Path:
    """Write ``results.json`` of one report run: key figures, input hashes, version, parameters.

    Parameters
    ----------
    out_dir : str or Path
        The output folder (created if missing).
    city : City
        The city (loaded from disk: its files are hashed, :func:`input_hashes`).
    parameters : mapping
        The notebook's parameters. ``data_dir`` and ``out_dir`` name places on this machine and
        are left out, so the file can be sent or committed as it is.
    figures : mapping
        Key figures, usually :func:`key_figures`; any JSON-able nesting of dicts, lists, numbers
        and text.
    duration : float, optional
        Seconds the run took (recorded under ``run``).

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    TypeError
        If ``parameters`` or ``figures`` is not a mapping.

    Notes
    -----
    The file is deterministic: keys sorted, floats rounded to 12 significant digits
    (:data:`SIGNIFICANT_DIGITS`), NaN and infinities written as ``null``, tuples as lists.
    It is portable (schema 2): no absolute path, input files named relative to the city
    folder with hashes as ``"sha256:<hex>"``, the interpreter only by version and the
    operating system only by name. What changes from run to run (time stamp, Python version,
    system, duration) sits under ``run``, which :func:`compare_results` leaves out, as it does
    ``netzwerk_version``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from netzwerk.io import _write_example_city, load_city
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> city = load_city(_write_example_city(tmp / "city"))
    >>> path = write_results(tmp / "out", city, {"seed": 0}, figures={"x": 1 / 3})
    >>> read_results(path)["figures"]
    {'x': 0.333333333333}
    """
    if not isinstance(parameters, Mapping):
        raise TypeError(f"parameters must be a mapping, got {type(parameters).__name__}")
    if not isinstance(figures, Mapping):
        raise TypeError(f"figures must be a mapping, got {type(figures).__name__}")
    from netzwerk import __version__

    compared = {k: v for k, v in parameters.items() if k not in PATH_PARAMETERS}
    results = {
        "schema": RESULTS_SCHEMA,
        "city": city.name,
        "synthetic": city.synthetic,
        "netzwerk_version": __version__,
        "parameters": compared,
        "inputs": input_hashes(city),
        "figures": figures,
        "run": {
            "timestamp": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
            "python": platform.python_version(),
            "platform": platform.system(),
            "duration_s": duration,
        },
    }
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / RESULTS_FILE
    text = json.dumps(_clean(results), indent=2, sort_keys=True, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def read_results(path: str | Path) -> dict[str, Any]:
    """Read a ``results.json`` (a file, or a folder that holds one).

    Parameters
    ----------
    path : str or Path
        The file or its folder.

    Returns
    -------
    dict

    Raises
    ------
    FileNotFoundError
        If there is no such file.
    ValueError
        If the file is not a JSON object.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "results.json"
    >>> _ = p.write_text('{"figures": {"n": 3}}')
    >>> read_results(p.parent)["figures"]["n"]
    3
    """
    path = Path(path)
    if path.is_dir():
        path = path / RESULTS_FILE
    if not path.is_file():
        raise FileNotFoundError(f"no results file at {str(path)!r}")
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{str(path)!r} must hold a JSON object, got {type(data).__name__}")
    return data


class Difference(NamedTuple):
    """One difference between a reference result and a new one (a flattened key)."""

    key: str
    reference: Any
    new: Any

    def __str__(self) -> str:
        return f"{self.key}: {_show(self.reference)} → {_show(self.new)}"


def _show(value: Any) -> str:
    if isinstance(value, str) and value != _MISSING:
        return json.dumps(value, ensure_ascii=False)
    if value is None:
        return "null"
    return str(value)


def _flatten(value: Any, prefix: str, out: dict[str, Any]) -> None:
    if isinstance(value, Mapping):
        if not value and prefix:
            out[prefix] = {}
        for k, v in value.items():
            _flatten(v, f"{prefix}.{k}" if prefix else str(k), out)
    elif isinstance(value, list):
        if not value:
            out[prefix] = []
        for i, v in enumerate(value):
            _flatten(v, f"{prefix}.{i}", out)
    else:
        out[prefix] = value


def _equal(a: Any, b: Any, rel_tol: float, abs_tol: float) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, float) or isinstance(b, float):
        if isinstance(a, int | float) and isinstance(b, int | float):
            return math.isclose(a, b, rel_tol=rel_tol, abs_tol=abs_tol)
        return False
    return type(a) is type(b) and a == b


def _upgrade(results: Mapping[str, Any]) -> dict[str, Any]:
    """A results file of an older schema in the current one (what :func:`compare_results` sees).

    Schema 1 wrote input hashes as bare hex digits; they gain the ``sha256:`` prefix. Its
    machine-specific ``run`` entries are not compared and stay as they are.
    """
    results = dict(results)
    schema = results.get("schema")
    if schema is not None and schema not in ACCEPTED_SCHEMAS:
        raise ValueError(
            f"results schema {schema!r} is not known; expected one of {ACCEPTED_SCHEMAS}"
        )
    if schema == 1:
        inputs = results.get("inputs") or {}
        results["inputs"] = {
            k: v if str(v).startswith(HASH_PREFIX) else HASH_PREFIX + str(v)
            for k, v in inputs.items()
        }
        results["schema"] = RESULTS_SCHEMA
    return results


def compare_results(
    reference: Mapping[str, Any],
    new: Mapping[str, Any],
    *,
    rel_tol: float = REL_TOL,
    abs_tol: float = ABS_TOL,
    keys: Iterable[str] = COMPARED_KEYS,
) -> list[Difference]:
    r"""Every difference between a reference ``results.json`` and a new one.

    Floats agree when

    .. math:: |a - b| \le \max(\text{rel\_tol} \cdot \max(|a|, |b|),\ \text{abs\_tol}),

    everything else (integers, text, booleans, null, the length of a list) must be equal.

    Parameters
    ----------
    reference, new : mapping
        Two results, as :func:`read_results` returns them.
    rel_tol : float, default 1e-9
        Relative tolerance for floats (:data:`REL_TOL`).
    abs_tol : float, default 1e-12
        Absolute tolerance for floats near zero (:data:`ABS_TOL`).
    keys : iterable of str
        Top-level keys compared (default :data:`COMPARED_KEYS`: everything but ``run`` and
        ``netzwerk_version``).

    Returns
    -------
    list of Difference
        Sorted by key; nested keys are joined with dots (``figures.network.density``, list
        items by position). A key present on one side only shows ``(fehlt)`` on the other.
        Empty when the results agree.

    Raises
    ------
    TypeError
        If ``reference`` or ``new`` is not a mapping.
    ValueError
        If a tolerance is negative, or a results file names a schema not in
        :data:`ACCEPTED_SCHEMAS`.

    Examples
    --------
    >>> ref = {"figures": {"density": 0.5, "n": 3}, "run": {"timestamp": "a"}}
    >>> new = {"figures": {"density": 0.5 + 1e-12, "n": 4}, "run": {"timestamp": "b"}}
    >>> [str(d) for d in compare_results(ref, new)]
    ['figures.n: 3 → 4']

    A reference of schema 1 (hashes without the algorithm) still checks against schema 2:

    >>> old = {"schema": 1, "inputs": {"actors.csv": "ab12"}}
    >>> compare_results(old, {"schema": 2, "inputs": {"actors.csv": "sha256:ab12"}})
    []
    """
    for name, value in (("reference", reference), ("new", new)):
        if not isinstance(value, Mapping):
            raise TypeError(f"{name} must be a mapping, got {type(value).__name__}")
    if rel_tol < 0 or abs_tol < 0:
        raise ValueError(f"tolerances must be ≥ 0, got rel_tol={rel_tol!r}, abs_tol={abs_tol!r}")
    keys = list(keys)
    reference, new = _upgrade(reference), _upgrade(new)
    flat_ref: dict[str, Any] = {}
    flat_new: dict[str, Any] = {}
    _flatten({k: reference[k] for k in keys if k in reference}, "", flat_ref)
    _flatten({k: new[k] for k in keys if k in new}, "", flat_new)
    differences = []
    for key in sorted(set(flat_ref) | set(flat_new)):
        a = flat_ref.get(key, _MISSING)
        b = flat_new.get(key, _MISSING)
        if a is _MISSING or b is _MISSING or not _equal(a, b, rel_tol, abs_tol):
            differences.append(Difference(key, a, b))
    return differences


# ---------------------------------------------------------------------------------------------
# Parameters
# ---------------------------------------------------------------------------------------------


def notebook_parameters(notebook: str | Path = REPORT_NOTEBOOK) -> dict[str, Any]:
    """The parameters a notebook declares in its cell tagged ``parameters``, with defaults.

    Parameters
    ----------
    notebook : str or Path
        The notebook (default ``notebooks/city_report.ipynb``).

    Returns
    -------
    dict
        Name → default value (the literal of the parameters cell, evaluated with
        :func:`parse_parameter_value` rules: ``None``, numbers, quoted text).

    Raises
    ------
    FileNotFoundError
        If the notebook does not exist.
    ValueError
        If it has no cell tagged ``parameters``.

    Examples
    --------
    >>> sorted(notebook_parameters())[:3]
    ['alpha', 'city', 'data_dir']
    """
    import ast

    import papermill

    path = Path(notebook)
    if not path.is_file():
        raise FileNotFoundError(f"notebook {str(path)!r} not found")
    declared = papermill.inspect_notebook(str(path))
    if not declared:
        raise ValueError(f"notebook {str(path)!r} has no cell tagged 'parameters'")
    out = {}
    for name, info in declared.items():
        try:
            out[name] = ast.literal_eval(info["default"])
        except (ValueError, SyntaxError):
            out[name] = info["default"]
    return out


def check_parameters(
    parameters: Mapping[str, Any], notebook: str | Path = REPORT_NOTEBOOK
) -> dict[str, Any]:
    """Check parameter names against the notebook's parameters cell; return the full set.

    Parameters
    ----------
    parameters : mapping
        Name → value, e.g. from ``-p NAME VALUE`` on the command line.
    notebook : str or Path
        The notebook (default ``notebooks/city_report.ipynb``).

    Returns
    -------
    dict
        The notebook's defaults, overridden by :data:`netzwerk.config.DEFAULT_PARAMETERS` where
        those name the same parameter, overridden by ``parameters``.

    Raises
    ------
    ValueError
        If a name is not declared in the notebook's parameters cell (the message lists the
        names that are), or a value is not allowed (``weighting`` and ``lang`` outside their
        choices, a count below its minimum, ``alpha`` outside (0, 1), a ``period`` that
        :func:`netzwerk.graph.period_bounds` cannot read); the message names the allowed
        values. Checked before any kernel starts.

    Examples
    --------
    >>> check_parameters({"seed": 3})["seed"]
    3
    >>> check_parameters({"seeed": 3})
    Traceback (most recent call last):
    ...
    ValueError: unknown parameter 'seeed' for city_report.ipynb; expected one of: alpha, ...
    >>> check_parameters({"weighting": "quatsch"})
    Traceback (most recent call last):
    ...
    ValueError: parameter weighting: 'quatsch' is not allowed; expected one of: count, newman, jaccard
    """
    if not isinstance(parameters, Mapping):
        raise TypeError(f"parameters must be a mapping, got {type(parameters).__name__}")
    declared = notebook_parameters(notebook)
    for name in parameters:
        if name not in declared:
            raise ValueError(
                f"unknown parameter {name!r} for {Path(notebook).name}; "
                f"expected one of: {', '.join(sorted(declared))}"
            )
    full = dict(declared)
    full.update({k: v for k, v in config.DEFAULT_PARAMETERS.items() if k in declared})
    full.update(parameters)
    for name in parameters:
        _check_parameter_value(name, full[name])
    return full


#: Allowed values of the report's choice parameters.
_CHOICES: dict[str, tuple[str, ...]] = {"lang": ("de", "en")}
#: Integer parameters and their smallest allowed value.
_MINIMA: dict[str, int] = {
    "n_permutations": 1,
    "n_resamples": 0,
    "seed": 0,
    "top_n": 1,
    "suppress_below": 0,
}


def _check_parameter_value(name: str, value: Any) -> None:
    """Raise a one-line ValueError naming ``name``, the bad ``value`` and what is allowed."""
    from netzwerk.graph import WEIGHTINGS, period_bounds

    choices = {**_CHOICES, "weighting": WEIGHTINGS}
    if name in choices and value not in choices[name]:
        raise ValueError(
            f"parameter {name}: {value!r} is not allowed; expected one of: "
            f"{', '.join(choices[name])}"
        )
    if name in _MINIMA and (
        isinstance(value, bool) or not isinstance(value, int) or value < _MINIMA[name]
    ):
        raise ValueError(
            f"parameter {name}: {value!r} is not allowed; expected a whole number "
            f">= {_MINIMA[name]}"
        )
    if name == "alpha" and (
        isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < 1
    ):
        raise ValueError(
            f"parameter alpha: {value!r} is not allowed; expected a number between 0 and 1"
        )
    if name == "period" and value is not None:
        try:
            period_bounds(value)
        except (TypeError, ValueError) as exc:
            raise ValueError(
                f"parameter period: {value!r} is not allowed; expected a year (2019), a "
                f"partial date ('2019-Q2', '2019-06') or None ({exc})"
            ) from None


def parse_parameter_value(text: str) -> Any:
    """Read a command-line parameter value as YAML-ish: null, boolean, integer, float or text.

    Parameters
    ----------
    text : str
        The value as typed.

    Returns
    -------
    None, bool, int, float or str
        ``none``/``null``/``~`` (any case) → None; ``true``/``false`` → bool; an integer
        literal → int; a float literal (``0.01``, ``1e-3``) → float; text in single or double
        quotes → the text inside (so ``"2020"`` stays text); anything else → the text.

    Raises
    ------
    TypeError
        If ``text`` is not a string.

    Examples
    --------
    >>> [parse_parameter_value(v) for v in ["500", "0.01", "None", "true", "newman", "'2020'"]]
    [500, 0.01, None, True, 'newman', '2020']
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    s = text.strip()
    if s.lower() in {"none", "null", "~"}:
        return None
    if s.lower() in {"true", "false"}:
        return s.lower() == "true"
    if len(s) >= 2 and s[0] == s[-1] and s[0] in "'\"":
        return s[1:-1]
    if re.fullmatch(r"[+-]?\d+", s):
        return int(s)
    if re.fullmatch(r"[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?", s):
        return float(s)
    return text


# ---------------------------------------------------------------------------------------------
# Kernel: the caller's interpreter, IPC transport
# ---------------------------------------------------------------------------------------------


def _kernel_manager_class() -> type:
    """A kernel manager that runs this interpreter and, on POSIX, talks over IPC sockets.

    The kernel spec is this process's ``sys.executable`` (so a ``.venv`` runs its own
    interpreter, whatever ``python3`` kernel spec is installed). Parallel runs with TCP can
    collide on ports (jupyter_client picks free ports, then the kernel binds them; two kernels
    started at once may pick the same one: papermill issue #511); IPC sockets under a unique,
    per-kernel name cannot.
    """
    from jupyter_client.kernelspec import KernelSpec
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.paths import jupyter_runtime_dir

    class _NetzwerkKernelManager(AsyncKernelManager):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            if os.name == "posix":
                kernel_id = str(uuid.uuid4())
                runtime = Path(jupyter_runtime_dir())
                runtime.mkdir(parents=True, exist_ok=True)
                kwargs.setdefault("transport", "ipc")
                kwargs.setdefault("kernel_id", kernel_id)
                kwargs.setdefault("connection_file", str(runtime / f"kernel-{kernel_id}.json"))
            super().__init__(*args, **kwargs)

        @property
        def kernel_spec(self) -> KernelSpec:
            return KernelSpec(
                argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                display_name=f"Python ({sys.executable})",
                language="python",
                resource_dir="",
                metadata={},
            )

    return _NetzwerkKernelManager


# ---------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------

_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
"""

#: Attributes and CSS constructs that make a browser fetch something.
_FETCH = re.compile(
    r"""(?:\b(?:src|href|srcset|action|poster|data|formaction|background|xlink:href)\s*=\s*
        ["']?\s*(?:https?:)?//([^\s"'<>/]+))
      | (?:url\(\s*["']?\s*(?:https?:)?//([^\s"'<>/)]+))
      | (?:@import\s+["']\s*(?:https?:)?//([^\s"'<>/]+))""",
    re.IGNORECASE | re.VERBOSE,
)
_SRCDOC = re.compile(r"""srcdoc\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)


def external_references(html: str) -> list[str]:
    """Every reference in an HTML document that would make a browser contact another host.

    Looks for ``src``, ``href``, ``srcset``, ``action``, ``poster``, ``data``, ``background``
    and ``xlink:href`` attributes and CSS ``url(…)`` and ``@import`` that point to
    ``http://``, ``https://`` or ``//`` addresses, also inside ``<iframe srcdoc="…">``
    documents (after HTML-unescaping). URLs in plain text, in comments of inline style sheets
    and XML namespaces (``xmlns="http://www.w3.org/…"``) fetch nothing and are not listed.

    Parameters
    ----------
    html : str
        The document.

    Returns
    -------
    list of str
        The matching snippets, in document order; empty when the page works offline.

    Raises
    ------
    TypeError
        If ``html`` is not a string.

    Examples
    --------
    >>> external_references('<a href="https://example.org">x</a> https://plain.text')
    ['href="https://example.org']
    >>> external_references('<iframe srcdoc="&lt;script src=&quot;//cdn.x/y.js&quot;&gt;">')
    ['src="//cdn.x']
    >>> external_references('<svg xmlns="http://www.w3.org/2000/svg"></svg>')
    []
    """
    if not isinstance(html, str):
        raise TypeError(f"html must be a string, got {type(html).__name__}")
    documents = [html] + [_html.unescape(m.group(2)) for m in _SRCDOC.finditer(html)]
    found = []
    for doc in documents:
        for m in _FETCH.finditer(doc):
            found.append(m.group(0).strip())
    return found


def _strip_style_comments(html: str) -> str:
    """Drop ``/* … */`` comments inside ``<style>`` elements (nbconvert's CSS cites URLs there)."""

    def strip(match: re.Match[str]) -> str:
        return re.sub(r"/\*.*?\*/", "", match.group(0), flags=re.DOTALL)

    return re.sub(r"<style[^>]*>.*?</style>", strip, html, flags=re.DOTALL | re.IGNORECASE)


def _strip_external_hrefs(html: str) -> str:
    """Turn links to other hosts into plain text that keeps the address readable."""
    pattern = re.compile(
        r"""<a\b[^>]*\bhref\s*=\s*["']\s*((?:https?:)?//[^"']*)["'][^>]*>(.*?)</a>""",
        re.IGNORECASE | re.DOTALL,
    )

    def plain(match: re.Match[str]) -> str:
        url, text = match.group(1), match.group(2)
        shown = text if _html.unescape(text).strip() == _html.unescape(url) else f"{text} ({url})"
        return f"<span class='netzwerk-link'>{shown}</span>"

    return pattern.sub(plain, html)


def _safe_exporter() -> type:
    """nbconvert's HTML exporter with Markdown rendered as text where it holds raw HTML.

    nbconvert passes HTML inside Markdown (cells and ``text/markdown`` outputs) through
    unchanged and writes the code of a ``mermaid`` block raw; here both are escaped, so markup
    that reached a Markdown string shows as text. The report's own Markdown uses no raw HTML.
    """
    import jinja2
    from nbconvert import HTMLExporter
    from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

    class _Renderer(IPythonRenderer):
        def block_mermaidjs(self, code: str) -> str:
            return f"<pre><code>{html_text(code)}</code></pre>"

    class _Exporter(HTMLExporter):
        @jinja2.pass_context
        def markdown2html(self, context: Any, source: str) -> str:
            renderer = _Renderer(
                escape=True,
                attachments=context.get("cell", {}).get("attachments", {}),
                embed_images=self.embed_images,
                path=context.get("resources", {}).get("metadata", {}).get("path", ""),
                anchor_link_text=self.anchor_link_text,
                exclude_anchor_links=self.exclude_anchor_links,
                **self.lexer_options,
            )
            return MarkdownWithMath(renderer=renderer).render(source)

    return _Exporter


def _add_policy(page: str) -> str:
    """Put the Content-Security-Policy first into ``<head>``: only the map's scripts may run.

    nbconvert's template (with require.js, MathJax, mermaid and widgets left out) has no
    script of its own; the embedded map's ``srcdoc`` document inherits this policy, so its two
    scripts are listed by hash (:func:`netzwerk._escape.csp_meta`).
    """
    from netzwerk.plot import _map_scripts

    head = re.search(r"<head[^>]*>", page, flags=re.IGNORECASE)
    if head is None:  # pragma: no cover - nbconvert's templates always have a head
        raise RuntimeError("rendered report has no <head>")
    meta = csp_meta(_map_scripts())
    return page[: head.end()] + "\n" + meta + page[head.end() :]


#: Tag of a Markdown cell that belongs to the code cell after it: the report shows it only when
#: that cell displays something (a section for optional data, such as the network survey).
OPTIONAL_SECTION_TAG = "optional-section"


def _optional_sections(cells: list[Any]) -> list[Any]:
    """The cells without each tagged Markdown cell whose following code cell showed nothing."""
    kept = []
    for i, cell in enumerate(cells):
        tagged = OPTIONAL_SECTION_TAG in cell.get("metadata", {}).get("tags", [])
        after = cells[i + 1] if i + 1 < len(cells) else None
        if tagged and cell.get("cell_type") == "markdown" and not (after and after.get("outputs")):
            continue
        kept.append(cell)
    return kept


def render_html(
    notebook: str | Path,
    html_path: str | Path,
    *,
    title: str | None = None,
) -> Path:
    """Render an executed report notebook as offline German HTML with the code hidden.

    Parameters
    ----------
    notebook : str or Path
        The executed notebook.
    html_path : str or Path
        The HTML file to write.
    title : str, optional
        Page title (default: the notebook's file name).

    Returns
    -------
    Path
        ``html_path``.

    Raises
    ------
    FileNotFoundError
        If the notebook does not exist.
    RuntimeError
        If the page would still contact another host (:func:`external_references`).

    Notes
    -----
    nbconvert's ``lab`` template with input cells and prompts excluded, ``lang="de"``, and the
    blocks that load require.js, MathJax, mermaid and the widget manager from a CDN left
    empty. Comments of the inline style sheets (which cite URLs) are removed and links to
    other hosts become plain text, so nothing in the file refers to another host.

    Examples
    --------
    >>> import tempfile, pathlib, nbformat
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
    ...     "Siehe [Quelle](https://example.org)")])
    >>> nbformat.write(nb, tmp / "r.ipynb")
    >>> page = render_html(tmp / "r.ipynb", tmp / "r.html").read_text(encoding="utf-8")
    >>> "https://example.org" in page, external_references(page)
    (True, [])
    """
    import jinja2
    import nbformat

    path = Path(notebook)
    if not path.is_file():
        raise FileNotFoundError(f"notebook {str(path)!r} not found")
    nb = nbformat.read(path, as_version=4)
    nb.cells = _optional_sections(nb.cells)
    exporter = _safe_exporter()(
        extra_loaders=[jinja2.DictLoader({"netzwerk_report.html.j2": _TEMPLATE})],
        template_file="netzwerk_report.html.j2",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
        mathjax_url="",
        require_js_url="",
        jquery_url="",
        mermaid_js_url="",
        mermaid_layout_elk_js_url="",
        language_code="de",
    )
    name = html_text(title or path.stem)  # the template puts it into <title> unescaped
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": name}})
    body = _strip_external_hrefs(_strip_style_comments(body))
    body = _add_policy(body)
    leftovers = external_references(body)
    if leftovers:
        raise RuntimeError(f"report {str(path)!r} refers to other hosts: {leftovers[:3]}")
    out = Path(html_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(body, encoding="utf-8")
    return out


# ---------------------------------------------------------------------------------------------
# Running the notebook
# ---------------------------------------------------------------------------------------------


def _city_folder(city: str, data_dir: str | Path | None) -> Path:
    if not isinstance(city, str) or not city:
        raise ValueError(f"city must be the name of a city folder, got {city!r}")
    folder = Path(data_dir) if data_dir is not None else config.DATA_DIR
    path = folder / city
    if not (path / "datapackage.json").is_file() and not path.is_file():
        raise ValueError(
            f"city {city!r} not found in {str(folder)!r}; expected a folder with datapackage.json"
        )
    return path


def run_report(
    city: str,
    *,
    data_dir: str | Path | None = None,
    out_dir: str | Path | None = None,
    parameters: Mapping[str, Any] | None = None,
    notebook: str | Path = REPORT_NOTEBOOK,
    timeout: int = 600,
    html: bool = True,
) -> Path:
    """Run the report notebook for one city with papermill and render ``report.html``.

    Parameters
    ----------
    city : str
        Name of the city folder under ``data_dir``.
    data_dir : str or Path, optional
        Folder with the city folders (default :data:`netzwerk.config.DATA_DIR`).
    out_dir : str or Path, optional
        Output folder (default ``figures/<city>/``, :data:`netzwerk.config.FIGURES_DIR`).
    parameters : mapping, optional
        Notebook parameters that differ from the defaults (:func:`check_parameters`).
    notebook : str or Path
        The notebook (default ``notebooks/city_report.ipynb``).
    timeout : int, default 600
        Seconds a single cell may run.
    html : bool, default True
        Render ``report.html``.

    Returns
    -------
    Path
        The output folder, holding the executed ``city_report.ipynb``, ``report.html``,
        ``network.html``, ``results.json``, figures (``.png``, ``.svg``) and tables (``.csv``).

    Raises
    ------
    ValueError
        If the city does not exist or a parameter is unknown (or is ``city``, ``data_dir`` or
        ``out_dir``, which are arguments here).
    papermill.PapermillExecutionError
        If a cell fails; the executed notebook in the output folder shows where.

    Notes
    -----
    The kernel is this interpreter (``sys.executable``), whatever kernel spec is installed,
    and on POSIX systems it talks over IPC sockets with a unique name, so parallel runs
    (:func:`reproduce`) cannot collide on TCP ports.
    """
    import papermill

    params = dict(parameters or {})
    for name in ("city", "data_dir", "out_dir"):
        if name in params:
            raise ValueError(f"parameters must not set {name!r}; pass it as an argument")
    folder = _city_folder(city, data_dir)
    # invalid data: every problem with file, row and column, before a kernel is started
    problems = validate(folder)
    if any(p.severity == "error" for p in problems):
        raise DataError(problems)
    out = Path(out_dir) if out_dir is not None else config.FIGURES_DIR / city
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    full = check_parameters(params, notebook)
    full.update(city=city, data_dir=str(folder.parent.resolve()), out_dir=str(out))
    executed = out / "city_report.ipynb"
    papermill.execute_notebook(
        str(notebook),
        str(executed),
        parameters=full,
        kernel_name="python3",
        language="python",
        kernel_manager_class=_kernel_manager_class(),
        progress_bar=False,
        cwd=str(out),
        execution_timeout=timeout,
    )
    if html:
        render_html(executed, out / "report.html", title=f"Netzwerkbericht {city}")
    return out


@dataclass
class CityRun:
    """Outcome of one city in :func:`reproduce`."""

    city: str
    ok: bool
    seconds: float
    out_dir: Path | None = None
    error: str | None = None
    differences: list[Difference] = field(default_factory=list)

    def lines(self) -> list[str]:
        """Text lines for the terminal: the city's status and every difference."""
        if self.error:
            return [f"{self.city}: Fehler: {self.error}"]
        return [f"{self.city}: {d}" for d in self.differences]


def _run_one(city: str, kwargs: dict[str, Any]) -> tuple[str, float, str | None]:
    start = time.perf_counter()
    try:
        run_report(city, **kwargs)
    except DataError as exc:  # invalid data: every problem on its own line
        return city, time.perf_counter() - start, str(exc).strip()
    except Exception as exc:  # report the failure of one city; the others go on
        message = str(exc).strip().splitlines()
        return city, time.perf_counter() - start, f"{type(exc).__name__}: {' '.join(message)[:500]}"
    return city, time.perf_counter() - start, None


def _input_size(path: Path) -> int:
    """Bytes of a city's tables (a rough measure of how long its report takes)."""
    files = [path] if path.is_file() else [*path.glob("*.csv"), *path.glob("*.xlsx")]
    return sum(p.stat().st_size for p in files)


def list_cities(data_dir: str | Path | None = None) -> list[str]:
    """The city folders in a data folder: every subfolder with a ``datapackage.json``.

    Parameters
    ----------
    data_dir : str or Path, optional
        Default :data:`netzwerk.config.DATA_DIR`.

    Returns
    -------
    list of str
        Sorted folder names.

    Examples
    --------
    >>> "offenbach" in list_cities()
    True
    """
    folder = Path(data_dir) if data_dir is not None else config.DATA_DIR
    return sorted(p.parent.name for p in folder.glob("*/datapackage.json"))


def reproduce(
    cities: Sequence[str] | None = None,
    *,
    data_dir: str | Path | None = None,
    out_root: str | Path | None = None,
    jobs: int = 1,
    check: bool = False,
    reference_dir: str | Path | None = None,
    parameters: Mapping[str, Any] | None = None,
    progress: bool = True,
) -> list[CityRun]:
    """Run the report for several cities in parallel processes; optionally check the results.

    Parameters
    ----------
    cities : sequence of str, optional
        City folder names; default every city in ``data_dir`` (:func:`list_cities`).
    data_dir : str or Path, optional
        Default :data:`netzwerk.config.DATA_DIR`.
    out_root : str or Path, optional
        Outputs go to ``out_root/<city>/`` (default :data:`netzwerk.config.FIGURES_DIR`).
    jobs : int, default 1
        Worker processes (each runs one notebook kernel at a time).
    check : bool, default False
        Compare each ``results.json`` with ``reference_dir/<city>/results.json``
        (:func:`compare_results`, tolerance :data:`REL_TOL` for floats, exact otherwise).
    reference_dir : str or Path, optional
        Default :data:`netzwerk.config.REFERENCE_DIR`.
    parameters : mapping, optional
        Notebook parameters for every city (checked before anything runs).
    progress : bool, default True
        Print one line per city as it finishes (to stderr).

    Returns
    -------
    list of CityRun
        In the order of ``cities``; ``ok`` is False when the run failed or, with ``check``,
        any difference was found (or no reference exists).

    Raises
    ------
    ValueError
        If a city does not exist, a parameter is unknown or ``jobs < 1``.
    """
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a whole number ≥ 1, got {jobs!r}")
    names = list(cities) if cities else list_cities(data_dir)
    for name in names:
        _city_folder(name, data_dir)
    params = dict(parameters or {})
    check_parameters(params)
    root = Path(out_root) if out_root is not None else config.FIGURES_DIR
    refs = Path(reference_dir) if reference_dir is not None else config.REFERENCE_DIR
    kwargs = {
        name: {"data_dir": data_dir, "out_dir": root / name, "parameters": params} for name in names
    }
    outcomes: dict[str, CityRun] = {}

    def finish(name: str, seconds: float, error: str | None) -> None:
        run = CityRun(name, error is None, seconds, root / name, error)
        if error is None and check:
            ref_file = refs / name / RESULTS_FILE
            new = read_results(root / name)
            if ref_file.is_file():
                run.differences = compare_results(read_results(ref_file), new)
            else:
                run.differences = [Difference(str(ref_file), _MISSING, "results.json")]
            run.ok = not run.differences
        outcomes[name] = run
        if progress:
            mark = "ok" if run.ok else "FEHLER"
            done = len(outcomes)
            print(f"[{done}/{len(names)}] {name}: {mark} ({seconds:.1f} s)", file=sys.stderr)
            for line in run.lines():
                print(line, file=sys.stderr)

    if jobs == 1 or len(names) == 1:
        for name in names:
            finish(*_run_one(name, kwargs[name]))
    else:
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=min(jobs, len(names)), mp_context=context) as pool:
            # largest input first: the longest run starts at once, short ones fill the gaps
            order = sorted(names, key=lambda n: -_input_size(_city_folder(n, data_dir)))
            futures = [pool.submit(_run_one, name, kwargs[name]) for name in order]
            for future in as_completed(futures):
                finish(*future.result())
    return [outcomes[name] for name in names]


def update_reference(
    cities: Sequence[str],
    *,
    out_root: str | Path | None = None,
    reference_dir: str | Path | None = None,
) -> list[Path]:
    """Copy the compared part of each city's new ``results.json`` into the reference folder.

    Parameters
    ----------
    cities : sequence of str
        City names whose ``out_root/<city>/results.json`` exists.
    out_root : str or Path, optional
        Default :data:`netzwerk.config.FIGURES_DIR`.
    reference_dir : str or Path, optional
        Default :data:`netzwerk.config.REFERENCE_DIR`.

    Returns
    -------
    list of Path
        The reference files written (without the ``run`` section: no time stamps in git).
    """
    root = Path(out_root) if out_root is not None else config.FIGURES_DIR
    refs = Path(reference_dir) if reference_dir is not None else config.REFERENCE_DIR
    written = []
    for name in cities:
        results = read_results(root / name)
        kept = {k: v for k, v in results.items() if k != "run"}
        target = refs / name / RESULTS_FILE
        target.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(kept, indent=2, sort_keys=True, ensure_ascii=False)
        target.write_text(text + "\n", encoding="utf-8")
        written.append(target)
    return written


# ---------------------------------------------------------------------------------------------
# Notebook helpers: folders, tables, German sentences (public here, not re-exported)
# ---------------------------------------------------------------------------------------------


def city_folder(city: str, data_dir: str | Path | None = None) -> Path:
    """The folder of a city: ``data_dir/city`` (default data folder when ``data_dir`` is None).

    Parameters
    ----------
    city : str
        Name of the city folder.
    data_dir : str or Path, optional
        Default :data:`netzwerk.config.DATA_DIR`.

    Returns
    -------
    Path

    Raises
    ------
    ValueError
        If there is no city of that name (no ``datapackage.json``).

    Examples
    --------
    >>> city_folder("hagen").name
    'hagen'
    """
    return _city_folder(city, data_dir)


def output_folder(city: str, out_dir: str | Path | None = None) -> Path:
    """The output folder of a report (``figures/<city>/`` by default), created if missing.

    Parameters
    ----------
    city : str
        The city's name.
    out_dir : str or Path, optional
        Explicit folder; default :data:`netzwerk.config.FIGURES_DIR` ``/ city``.

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, pathlib
    >>> output_folder("x", pathlib.Path(tempfile.mkdtemp()) / "x").is_dir()
    True
    """
    out = Path(out_dir) if out_dir is not None else config.FIGURES_DIR / city
    out.mkdir(parents=True, exist_ok=True)
    return out


def available(name: str) -> bool:
    """Whether netzwerk provides a measure of this name yet (``netzwerk.<name>`` exists).

    Parameters
    ----------
    name : str
        E.g. ``"broker_stability"``.

    Returns
    -------
    bool

    Examples
    --------
    >>> available("cooperation_graph"), available("no_such_measure")
    (True, False)
    """
    import netzwerk

    return callable(getattr(netzwerk, name, None))


def _n(value: float, singular: str, plural: str) -> str:
    return f"{_de(value)} {singular if value == 1 else plural}"


def _de(value: Any, digits: int = 2) -> str:
    """A number in German notation (decimal comma, thin grouping)."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, int | np.integer) or float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}".replace(",", ".")
    return f"{float(value):,.{digits}f}".replace(",", "X").replace(".", ",").replace("X", ".")


_MONTHS_DE = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)  # fmt: skip
_PRECISION = {"day": 0, "month": 1, "quarter": 2, "year": 3}


def _precise(value: Any) -> tuple[str, pd.Timestamp]:
    """``(precision, first day)`` of an ISO or partial date (``2020-03-05`` … ``2020``)."""
    from netzwerk.io import parse_partial_date

    iso, start, _ = parse_partial_date(str(value))
    if "Q" in iso:
        return "quarter", start
    return ("year", "month", "day")[iso.count("-")], start


def _coarsen(start: pd.Timestamp, precision: str) -> str:
    if precision == "day":
        return f"{start:%d.%m.%Y}"
    if precision == "month":
        return f"{_MONTHS_DE[start.month - 1]} {start.year}"
    if precision == "quarter":
        return f"{(start.month + 2) // 3}. Quartal {start.year}"
    return f"{start.year}"


def date_de(value: Any) -> str:
    """A full or partial ISO date in German at its own precision.

    Examples
    --------
    >>> [date_de(v) for v in ["2020-03-05", "2020-03", "2021-Q2", "2014"]]
    ['05.03.2020', 'März 2020', '2. Quartal 2021', '2014']
    """
    precision, start = _precise(value)
    return _coarsen(start, precision)


def _date_text(value: Any) -> str:
    """:func:`date_de`, or the text as written when it is no date (free-text ``temporal``)."""
    try:
        return date_de(value)
    except ValueError:
        return str(value)


def span_de(start: Any, end: Any) -> tuple[str, str | None]:
    """A date range in German: both ends at the coarser of their precisions, collapsed if equal.

    Returns
    -------
    tuple
        ``(first, last)``; ``last`` is None when both ends read the same.

    Examples
    --------
    >>> span_de("2020-03-05", "2020-03-05")
    ('05.03.2020', None)
    >>> span_de("2014", "2014-05-22")
    ('2014', None)
    >>> span_de("2019-06", "2022")
    ('2019', '2022')
    >>> span_de("2016-01-05", "2016-03-01")
    ('05.01.2016', '01.03.2016')
    """
    (p1, s1), (p2, s2) = _precise(start), _precise(end)
    precision = max(p1, p2, key=_PRECISION.__getitem__)
    first, last = _coarsen(s1, precision), _coarsen(s2, precision)
    return first, None if first == last else last


def _span_sentence(start: Any, end: Any, *, prefix: bool = True) -> str:
    """``am 05.03.2020`` / ``im Jahr 2025`` / ``zwischen 2016 und 2024`` (``prefix=False``:
    ``05.03.2020`` / ``2016 bis 2024``). A text that is no date (``temporal`` in
    ``datapackage.json`` is free text, validation only warns) is shown as written."""
    try:
        first, last = span_de(start, end)
    except ValueError:
        first, last = str(start), (None if str(start) == str(end) else str(end))
    if last is not None:
        return f"zwischen {first} und {last}" if prefix else f"{first} bis {last}"
    if not prefix:
        return first
    if first[:1].isdigit() and "." in first and "Quartal" not in first:
        return f"am {first}"
    return f"im Jahr {first}" if first.isdigit() else f"im {first}"


def period_de(period: Any) -> str | None:
    """The ``period`` parameter as German text (None when there is none).

    Examples
    --------
    >>> period_de(2023), period_de("2019-Q2"), period_de(("2019", "2020-06")), period_de(None)
    ('2023', '2. Quartal 2019', '2019 bis 2020', None)
    """
    if period is None:
        return None
    if isinstance(period, tuple | list):
        lo, hi = period
        if lo is None or hi is None:
            return f"ab {date_de(lo)}" if hi is None else f"bis {date_de(hi)}"
        return _span_sentence(lo, hi, prefix=False)
    if isinstance(period, pd.Timestamp):
        return f"{period:%d.%m.%Y}"
    return date_de(period)


def events_in_period(city: City, period: Any = None) -> pd.DataFrame:
    """The city's events that the graphs count for ``period`` (see
    :func:`netzwerk.graph.period_bounds`; all events when ``period`` is None)."""
    from netzwerk.graph import _in_period, period_bounds

    e = city.events
    bounds = period_bounds(period)
    if bounds is None or e.empty:
        return e
    return e.loc[_in_period(e["date_start"], e["date_end"], bounds)]


def _sector(code: Any) -> str:
    from netzwerk.vocab import label

    return label("sectors", str(code), "de")


#: German names of the weighting schemes of :func:`netzwerk.cooperation_graph`.
_WEIGHTINGS_DE = {
    "newman": "Newman (ein großes Treffen zählt pro Paar weniger als ein kleines)",
    "count": "Zahl der gemeinsamen Treffen (jedes Treffen zählt gleich)",
    "jaccard": "Jaccard (gemeinsame Treffen im Verhältnis zu allen Treffen der beiden)",
}


def weighting_label(code: str) -> str:
    """German description of a weighting scheme of :func:`netzwerk.cooperation_graph`.

    Parameters
    ----------
    code : str
        ``"newman"``, ``"count"`` or ``"jaccard"``; another value is returned quoted.

    Returns
    -------
    str

    Examples
    --------
    >>> weighting_label("count")
    'Zahl der gemeinsamen Treffen (jedes Treffen zählt gleich)'
    >>> weighting_label("other")
    '„other“'
    """
    return _WEIGHTINGS_DE.get(str(code), f"„{code}“")


def city_label(city: City) -> str:
    """The place a report is about, for headings: ``city`` from ``datapackage.json``.

    Parameters
    ----------
    city : City

    Returns
    -------
    str
        ``meta["city"]``, else ``meta["title"]``, else the folder name.

    Examples
    --------
    >>> from netzwerk.io import City
    >>> city_label(City.from_frames(meta={"name": "x", "city": "Stadt X"}))
    'Stadt X'
    """
    meta = city.meta or {}
    return str(meta.get("city") or meta.get("title") or city.name)


def _name(G: nx.Graph | None, node: Any) -> str:
    if G is not None and node in G:
        return str(G.nodes[node].get("name") or node)
    return str(node)


# Markdown sentences take every string from data through md_text (tables: html_table escapes).
def _md_name(G: nx.Graph | None, node: Any) -> str:
    return md_text(_name(G, node))


def _md_sector(code: Any) -> str:
    return md_text(_sector(code))


def banner_html(city: City) -> str:
    """The "Synthetische Daten" banner for the top of a synthetic city's report ('' otherwise).

    Parameters
    ----------
    city : City

    Returns
    -------
    str
        An HTML block (empty string for real data).

    Examples
    --------
    >>> from netzwerk.io import City
    >>> "Synthetische Daten" in banner_html(City.from_frames(meta={"synthetic": True}))
    True
    >>> banner_html(City.from_frames(meta={"synthetic": False}))
    ''
    """
    if not city.synthetic:
        return ""
    return (
        '<div style="border:3px solid #b00020;background:#fde8ec;color:#5c0011;'
        'padding:0.8em 1em;margin:0 0 1em 0;font-size:1.15em">'
        "<strong>Synthetische Daten – keine wirkliche Kommune.</strong> Diese Stadt ist "
        "erfunden: Akteure, Treffen, Verweise und Karten der Ressourcenbörse hat ein "
        "Zufallsgenerator (<code>netzwerk.synth</code>) erzeugt, um die Methode vorzuführen. "
        "Namen, die nach wirklichen Einrichtungen klingen, sind ausgedacht; keine Zahl und keine "
        "Aussage dieses Berichts gilt für eine wirkliche Stadt oder Organisation.</div>"
    )


def title_markdown(city: City, *, period: Any = None) -> str:
    """The report's heading: title, place, programme and time span from ``datapackage.json``.

    Parameters
    ----------
    city : City
    period : optional
        The report's ``period`` parameter; when given, the heading says that the report covers
        only this period.

    Returns
    -------
    str
        Markdown.

    Examples
    --------
    >>> from netzwerk.io import City
    >>> print(title_markdown(City.from_frames(meta={"name": "x", "title": "Stadt X"})))
    # Kooperationsnetz: Stadt X
    """
    meta = city.meta
    lines = [f"# Kooperationsnetz: {md_text(meta.get('title') or city.name)}"]
    facts = []
    if meta.get("land"):
        facts.append(f"**Land:** {md_text(meta['land'])}")
    if meta.get("programme"):
        facts.append(f"**Programm:** {md_text(meta['programme'])}")
    temporal = meta.get("temporal") or {}
    if temporal.get("start") and temporal.get("end"):
        span = _span_sentence(temporal["start"], temporal["end"], prefix=False)
        facts.append(f"**Zeitraum der Daten:** {md_text(span)}")
    elif temporal.get("start") or temporal.get("end"):
        facts.append(
            "**Zeitraum der Daten:** "
            + (f"ab {md_text(_date_text(temporal['start']))}" if temporal.get("start")
               else f"bis {md_text(_date_text(temporal['end']))}")
        )  # fmt: skip
    shown = period_de(period)
    if shown is not None:
        facts.append(
            f"**Dieser Bericht:** nur {md_text(shown)} (Parameter `period`); alle Zahlen, "
            "Tabellen und Abbildungen beziehen sich auf Treffen in diesem Zeitraum."
        )
    if facts:
        lines += ["", "  \n".join(facts)]
    return "\n".join(lines)


def overview_markdown(city: City, *, period: Any = None) -> str:
    """German overview of what the data document and what they do not.

    Parameters
    ----------
    city : City
    period : optional
        The report's ``period`` parameter: events and participations are counted only within it
        (as the graphs count them, :func:`netzwerk.graph.period_bounds`).

    Returns
    -------
    str
        Markdown: numbers of actors (named and groups), events, participations with the share
        inferred rather than quoted, referral rows and Ressourcenbörse cards, sources; and one
        sentence for each table the city lacks.

    Examples
    --------
    >>> import pandas as pd
    >>> from netzwerk.io import City
    >>> city = City.from_frames(actors=pd.DataFrame({"actor_id": ["a"], "name": ["A"],
    ...     "sector": ["mso"], "level": ["kommune"]}))
    >>> print(overview_markdown(city).splitlines()[0])
    - **1 Akteur** (0 davon Sammelakteure für mehrere ungenannte Organisationen) aus 1 Sektor.
    """
    a, e, p, r, c = city.actors, city.events, city.participation, city.referrals, city.resources
    n_agg = int(a["aggregate"].fillna(False).astype(bool).sum())
    n_sectors = a["sector"].nunique()
    lines = [
        f"- **{_n(len(a), 'Akteur', 'Akteure')}** ({_de(n_agg)} davon Sammelakteure für mehrere "
        f"ungenannte Organisationen) aus {_n(n_sectors, 'Sektor', 'Sektoren')}."
    ]
    status = _event_status(e)
    n_announced = int((status == "announced").sum())
    n_cancelled = int((status == "cancelled").sum())
    e = e.loc[(status == "held").to_numpy(dtype=bool)]
    if period is not None and len(e):
        e = e.loc[e.index.isin(events_in_period(city, period).index)]
    p = p.loc[p["event_id"].isin(set(e["event_id"])).fillna(False).to_numpy(dtype=bool)]
    in_period = f" im Zeitraum {md_text(period_de(period))}" if period is not None else ""
    if len(e):
        dated = e.dropna(subset=["date_start", "date_end"])
        when = (
            "(ohne Datum in der Quelle)"
            if dated.empty
            else _span_sentence(
                dated.loc[dated["date_start"].idxmin(), "date"],
                dated.loc[dated["date_end"].idxmax(), "date"],
            )
        )
        lines.append(
            f"- **{_n(len(e), 'Treffen', 'Treffen')}** (Fachtage, Foren, Gremiensitzungen …) "
            f"{md_text(when)}, mit {_n(len(p), 'Teilnahme', 'Teilnahmen')} von Akteuren."
        )
        inferred = p["inferred"].fillna(False).astype(bool) if "inferred" in p else None
        quoted = p["quote"].notna() if "quote" in p else pd.Series(False, index=p.index)
        if inferred is None:
            inferred = pd.Series(False, index=p.index)
        n_quoted, n_inferred = int(quoted.sum()), int(inferred.sum())
        if n_quoted or n_inferred:
            both = int((quoted & inferred).sum())
            text = (
                f"- {'Die' if len(p) == 1 else 'Alle'} {_n(len(p), 'Teilnahme ist', 'Teilnahmen sind')}"
                if n_quoted == len(p)
                else f"- Von den {_n(len(p), 'Teilnahme', 'Teilnahmen')} "
                f"{'ist' if n_quoted == 1 else 'sind'} {_de(n_quoted)}"
            ) + " mit einem wörtlichen Zitat aus der Quelle belegt"
            if both:
                text += (
                    f"; {_de(both)} davon {'ist' if both == 1 else 'sind'} erschlossen (das "
                    "Zitat nennt den Akteur nicht ausdrücklich)"
                )
            if n_inferred - both:
                text += (
                    f"; {_de(n_inferred - both)} weitere "
                    f"{'ist' if n_inferred - both == 1 else 'sind'} ohne Zitat erschlossen"
                )
            lines.append(text + ".")
        else:
            lines.append(
                "- Die Teilnahme trägt keinen Beleg (kein Zitat aus einer Quelle)."
                if len(p) == 1
                else "- Die Teilnahmen tragen keine Belege (kein Zitat aus einer Quelle)."
            )
    else:
        lines.append(f"- Es sind keine stattgefundenen Treffen{in_period} dokumentiert.")
    if n_announced or n_cancelled:
        left = [
            _n(k, f"{word} Veranstaltung", f"{word} Veranstaltungen")
            for k, word in ((n_announced, "angekündigte"), (n_cancelled, "abgesagte"))
            if k
        ]
        verb = "stattfand" if n_announced + n_cancelled == 1 else "stattfanden"
        lines.append(
            f"- Nicht ausgewertet: {' und '.join(left)} (angekündigt oder abgesagt; nicht "
            f"belegt, dass sie {verb}). Netz und Kennzahlen beruhen auf den stattgefundenen "
            "Treffen."
        )
    if len(r):
        counted = pd.to_numeric(r["count"], errors="coerce")
        lines.append(
            f"- **{_n(len(r), 'Verweiszeile', 'Verweiszeilen')}** (wer verweist Ratsuchende an "
            f"wen, in welchem Handlungsfeld); {_de(int(counted.notna().sum()))} davon mit "
            "Fallzahl, die übrigen belegen den Weg ohne Zahl."
        )
    else:
        lines.append(
            "- **Verweise** (Weitergabe von Ratsuchenden zwischen Einrichtungen) sind für diese "
            "Stadt nicht dokumentiert; das Netz beruht allein auf gemeinsamen Treffen."
        )
    if len(c):
        n_off = int((c["kind"] == "offer").sum())
        lines.append(
            f"- **Ressourcenbörse:** {_n(n_off, 'Angebotskarte', 'Angebotskarten')} („Ich "
            f"biete …“) und {_n(len(c) - n_off, 'Suchkarte', 'Suchkarten')} („Ich suche …“)."
        )
    else:
        lines.append(
            "- Eine **Ressourcenbörse** (Karten „Ich biete … / Ich suche …“) ist nicht dokumentiert."
        )
    lines.append(f"- **{_n(len(city.sources), 'Quelle', 'Quellen')}** (siehe Abschnitt „Quellen“).")
    return "\n".join(lines)


def actors_table(city: City) -> pd.DataFrame:
    """Actors per sector, with German sector labels, for the overview.

    Parameters
    ----------
    city : City

    Returns
    -------
    pandas.DataFrame
        Columns ``Sektor``, ``Akteure``, ``davon Sammelakteure``; sorted by number, then label.

    Examples
    --------
    >>> import pandas as pd
    >>> from netzwerk.io import City
    >>> city = City.from_frames(actors=pd.DataFrame({"actor_id": ["a", "b"],
    ...     "name": ["A", "B"], "sector": ["mso", "mso"], "level": ["kommune"] * 2}))
    >>> actors_table(city).to_dict("records")
    [{'Sektor': 'Migrantenorganisationen', 'Akteure': 2, 'davon Sammelakteure': 0}]
    """
    a = city.actors.assign(agg=city.actors["aggregate"].fillna(False).astype(bool))
    rows = [
        {"Sektor": _sector(s), "Akteure": len(g), "davon Sammelakteure": int(g["agg"].sum())}
        for s, g in a.groupby("sector", sort=True)
    ]
    frame = pd.DataFrame(rows, columns=["Sektor", "Akteure", "davon Sammelakteure"])
    return frame.sort_values(["Akteure", "Sektor"], ascending=[False, True], ignore_index=True)


def network_markdown(G: nx.Graph) -> str:
    """German sentences on the size, density, fragmentation and centralisation of the network.

    Parameters
    ----------
    G : networkx.Graph
        The cooperation graph.

    Returns
    -------
    str
        Markdown (see :func:`key_figures` for the definitions).

    Examples
    --------
    >>> print(network_markdown(nx.path_graph(3)).splitlines()[0])
    Das Netz verbindet **3 Akteure** durch **2 Kooperationsbeziehungen**. ...
    """
    f = _network_figures(G)
    n, m = f["n_nodes"], f["n_ties"]
    lines = [
        f"Das Netz verbindet **{_n(n, 'Akteur', 'Akteure')}** durch "
        f"**{_n(m, 'Kooperationsbeziehung', 'Kooperationsbeziehungen')}**. "
        f"Die Dichte beträgt {_de(f['density'], 3)}: von allen möglichen Paaren von Akteuren "
        f"haben {_de(100 * f['density'] if n > 1 else math.nan, 1)} % miteinander zu tun. "
        f"Im Mittel hat ein Akteur {_de(f['mean_degree'], 1)} Partner."
    ]
    if f["n_components"] > 1:
        lines.append(
            f"Das Netz zerfällt in {_de(f['n_components'])} Teile; der größte umfasst "
            f"{_n(f['largest_component'], 'Akteur', 'Akteure')}, {_n(f['n_isolates'], 'Akteur ist', 'Akteure sind')} "
            "mit niemandem verbunden (z. B. Dachorganisationen ohne eigene belegte Teilnahme)."
        )
    elif n:
        lines.append("Alle Akteure hängen zusammen: von jedem führt ein Weg zu jedem anderen.")
    c = f["degree_centralization"]
    if math.isfinite(c):
        shape = (
            "stark auf wenige Akteure ausgerichtet"
            if c >= 0.5
            else "mäßig zentralisiert"
            if c >= 0.25
            else "eher gleichmäßig verteilt"
        )
        lines.append(
            f"Die Zentralisierung (Freeman, Grad) liegt bei {_de(c, 2)}: das Netz ist {shape} "
            "(0 = alle haben gleich viele Partner, 1 = ein Stern um einen einzigen Akteur)."
        )
    return "\n\n".join(lines)


def _names_de(names: Sequence[str]) -> str:
    """``A``, ``A und B``, ``A, B und C``: a German list of names."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " und " + names[-1]


def _rank_labels(values: pd.Series) -> list[str]:
    """Rank labels in ``values``' order: ``"1"``, or ``"1 (geteilt)"`` where several share it."""
    from netzwerk.brokers import shared_ranks

    ranks = shared_ranks(values)
    counts = ranks.value_counts()
    return [f"{r} (geteilt)" if counts[r] > 1 else str(r) for r in ranks]


def broker_display(
    table: pd.DataFrame, G: nx.Graph | None = None, *, top_n: int = 10
) -> pd.DataFrame:
    """The top brokers as a German table for the report, shared ranks marked as such.

    Parameters
    ----------
    table : pandas.DataFrame
        Result of :func:`netzwerk.brokers` (indexed by ``actor_id``).
    G : networkx.Graph, optional
        For the actors' names.
    top_n : int, default 10

    Returns
    -------
    pandas.DataFrame
        The ``top_n`` actors by betweenness (ties by ``actor_id``) among those that stand
        between others (:func:`netzwerk.brokers.mediating`: on a shortest path between two
        actors without a direct tie), with columns ``Rang`` (``"1"``, or ``"1 (geteilt)"``
        where several actors share the rank), ``Akteur``, ``Sektor``, ``Partner``,
        ``Vermittlungsposition (Betweenness)``, ``Vermittelte Wege (Gould–Fernandez)``,
        ``Schnittpunkt``, ``Constraint (Burt)`` (the terms of :mod:`netzwerk._terms`, explained
        in the report's "Begriffe" section). Empty when nobody stands between others: a list of actors whose
        betweenness comes from the weights alone would rank nothing.

    Examples
    --------
    >>> t = pd.DataFrame({"group": ["mso", "mso"], "degree": [1, 2], "betweenness": [0.0, 1.0],
    ...     "total": [0, 2], "is_cutpoint": [False, True], "constraint": [1.0, 0.5]},
    ...     index=pd.Index(["a", "b"], name="actor_id"))
    >>> broker_display(t, top_n=1)[["Rang", "Akteur"]].values.tolist()
    [['1', 'b']]
    """
    from netzwerk.brokers import mediating

    shown = table[mediating(table)]
    order = sorted(shown.index, key=lambda a: (-float(shown.at[a, "betweenness"]), str(a)))
    top = shown.loc[order[:top_n]]
    out = pd.DataFrame(
        {
            "Rang": _rank_labels(shown.loc[order, "betweenness"])[:top_n],
            "Akteur": [_name(G, a) for a in top.index],
            "Sektor": [_sector(s) for s in top["group"]],
            "Partner": top["degree"].to_numpy(),
            term("betweenness"): top["betweenness"].round(3).to_numpy(),
            term("total"): top["total"].to_numpy() if "total" in top else np.nan,
            term("is_cutpoint"): ["ja" if x else "nein" for x in top["is_cutpoint"].fillna(False)],
            term("constraint"): top["constraint"].round(3).to_numpy()
            if "constraint" in top
            else np.nan,
        }
    )
    return out


def _connected_parts(G: nx.Graph | None, table: pd.DataFrame) -> tuple[int, int, int]:
    """Actors with at least one tie, connected parts among them, actors without a tie."""
    if G is not None:
        H = G.to_undirected(as_view=True) if G.is_directed() else G
        linked = [v for v in H if any(u != v for u in H[v])]
        parts = nx.number_connected_components(nx.Graph(H.subgraph(linked)))
        return len(linked), parts, H.number_of_nodes() - len(linked)
    if "degree" in table:
        linked = int((table["degree"] > 0).sum())
        return linked, 1 if linked else 0, len(table) - linked
    return len(table), 1, 0


def brokers_markdown(table: pd.DataFrame, G: nx.Graph | None = None) -> str:
    """German sentences on who brokers: the leading actors, the cut points, what they mean.

    A "stärkste Vermittlungsposition" is named only where someone stands between two actors
    that have no direct tie (:func:`netzwerk.brokers.brokerage_exists`), and only among those
    actors (:func:`netzwerk.brokers.leading_brokers`); actors sharing the first rank are named
    together. Where everyone is tied to everyone, the text says so and names who is most
    central by tie strength (weighted degree) instead, as such. The cut-point sentence and the
    Gould–Fernandez figure follow from the same ties, so they cannot contradict it: a cut
    point always stands between others, and an actor stands between others exactly when it
    has Gould–Fernandez brokerage.

    Parameters
    ----------
    table : pandas.DataFrame
        Result of :func:`netzwerk.brokers`.
    G : networkx.Graph, optional
        For names, and for counting the connected parts.

    Returns
    -------
    str
        Markdown.

    Examples
    --------
    >>> t = pd.DataFrame({"betweenness": [0.0, 1.0], "is_cutpoint": [False, True],
    ...     "cut_off": [0, 1]}, index=pd.Index(["a", "b"], name="actor_id"))
    >>> "**b**" in brokers_markdown(t)
    True

    Everyone tied to everyone: no broker, however strong some ties are.

    >>> k = pd.DataFrame({"betweenness": [0.2, 0.0, 0.0], "mediates": [False] * 3,
    ...     "strength": [2.0, 1.0, 1.0], "is_cutpoint": [False] * 3, "cut_off": [0] * 3},
    ...     index=pd.Index(["o", "p", "q"], name="actor_id"))
    >>> text = brokers_markdown(k)
    >>> "Niemand steht zwischen anderen" in text, "Vermittlungsposition hat" in text
    (True, False)
    >>> "gewichteter Grad" in text and "**o** (2)" in text
    True
    """
    from netzwerk.brokers import DEFAULT_ALPHA, first_ranked, leading_brokers, mediating

    alpha = table.attrs.get("alpha", DEFAULT_ALPHA)
    lines = [
        "**Betweenness** misst, welcher Anteil der kürzesten Wege zwischen zwei anderen Akteuren "
        "über einen Akteur läuft (0 bis 1). Wer hohe Werte hat, bringt Akteure zusammen, die "
        "sonst nur über Umwege voneinander erfahren – und ist zugleich ein Engpass. Starke "
        f"Beziehungen verkürzen die Wege (Länge 1/Gewicht hoch {_de(alpha, 1)}, nach Opsahl "
        "u. a. 2010); als Vermittler zählt aber nur, wer zwischen zwei Akteuren steht, die "
        "nicht direkt miteinander verbunden sind."
    ]
    mediates = mediating(table)
    if len(table) and mediates.any():
        leading = leading_brokers(table)
        n_med = int(mediates.sum())
        between = (
            f"{_n(n_med, 'Akteur steht', 'Akteure stehen')} zwischen anderen, die nicht direkt "
            "verbunden sind."
        )
        if leading:
            value = _de(float(table.at[leading[0], "betweenness"]), 3)
            names = _names_de([f"**{_md_name(G, a)}**" for a in leading])
            if len(leading) == 1:
                lines.append(
                    f"{between} Die stärkste Vermittlungsposition hat {names} "
                    f"(Betweenness {value})."
                )
            else:
                lines.append(
                    f"{between} {names} teilen sich den ersten Rang, die stärkste "
                    f"Vermittlungsposition (Betweenness je {value})."
                )
        else:
            lines.append(
                f"{between} Gewichtet man die Beziehungen nach ihrer Stärke, laufen die "
                "kürzesten Wege aber an ihnen vorbei; eine Rangfolge der Vermittler ergibt "
                "sich daraus nicht."
            )
        weights_only = table.index[~mediates & (table["betweenness"].fillna(0) > 0)]
        if len(weights_only):
            lines.append(
                f"{_n(len(weights_only), 'Akteur hat', 'Akteure haben')} eine Betweenness über "
                "0 nur durch die Gewichte (ein Umweg über stärkere Beziehungen ist „kürzer“ als "
                "die direkte Verbindung zweier ihrer Partner); sie stehen zwischen niemandem "
                "und werden nicht als Vermittler gezählt."
            )
    else:
        linked, parts, alone = _connected_parts(G, table)
        where = (
            "sind direkt miteinander verbunden, jeder mit jedem"
            if parts <= 1
            else f"sind innerhalb jedes der {_de(parts)} Teile des Netzes direkt miteinander "
            "verbunden, jeder mit jedem"
        )
        text = (
            f"Niemand steht zwischen anderen: Alle {_n(linked, 'Akteur', 'Akteure')} mit einer "
            f"belegten Verbindung {where}"
        )
        if alone:
            text += f" ({_n(alone, 'Akteur hat', 'Akteure haben')} keine belegte Verbindung)"
        text += (
            ". Eine Rangfolge der Vermittler gibt es daher nicht – daran ändert auch die "
            "Gewichtung einzelner Beziehungen nichts."
        )
        lines.append(text)
        strength = table["strength"] if "strength" in table else None
        if strength is None and G is not None:
            strength = pd.Series(dict(G.degree(weight="weight")), dtype=float)
        top = first_ranked(strength) if strength is not None else []
        if top:
            names = _names_de([f"**{_md_name(G, a)}**" for a in top])
            value = _de(float(strength[top[0]]), 3)
            if len(top) == 1:
                lines.append(
                    f"Am stärksten eingebunden nach der Stärke der Beziehungen (gewichteter "
                    f"Grad: Summe der Beziehungsgewichte) ist {names} ({value}) – das ist keine "
                    "Vermittlungsposition, sondern die Summe seiner Kontakte."
                )
            else:
                lines.append(
                    f"Nach der Stärke der Beziehungen (gewichteter Grad: Summe der "
                    f"Beziehungsgewichte) teilen sich {names} den ersten Rang (je {value}) – "
                    "das ist keine Vermittlungsposition, sondern die Summe ihrer Kontakte."
                )
    cut = [a for a in table.index if bool(table.at[a, "is_cutpoint"])]
    if cut:
        names = ", ".join(
            f"{_md_name(G, a)} ({_de(int(table.at[a, 'cut_off']))})"
            if "cut_off" in table
            else _md_name(G, a)
            for a in sorted(cut, key=str)
        )
        lines.append(
            f"**Schnittpunkte** (ohne sie zerfiele das Netz; in Klammern, wie viele Akteure dann "
            f"abgeschnitten wären): {names}."
        )
    else:
        lines.append(
            "Es gibt keinen Schnittpunkt: kein einzelner Akteur hält Teile des Netzes allein zusammen."
        )
    return "\n\n".join(lines)


def gaps_markdown(
    gaps: pd.DataFrame, ei: pd.DataFrame | None = None, *, alpha: float = 0.05
) -> str:
    """German sentences on the gaps between sectors and the E-I index.

    Parameters
    ----------
    gaps : pandas.DataFrame
        Result of :func:`netzwerk.sector_gaps`.
    ei : pandas.DataFrame, optional
        Result of :func:`netzwerk.ei_index`.
    alpha : float, default 0.05
        Significance level used for ``gaps``.

    Returns
    -------
    str
        Markdown.

    Examples
    --------
    >>> g = pd.DataFrame({"group_a": ["mso"], "group_b": ["wohlfahrt"], "gap": [True]})
    >>> "Migrantenorganisationen – Wohlfahrtsverbände" in gaps_markdown(g)
    True
    """
    flagged = gaps[gaps["gap"].fillna(False).astype(bool)]
    lines = []
    if len(flagged):
        pairs = "; ".join(
            f"{_md_sector(a)} – {_md_sector(b)}"
            for a, b in zip(flagged.group_a, flagged.group_b, strict=True)
        )
        lines.append(
            f"Zwischen diesen Sektoren gibt es deutlich weniger Kooperation, als bei zufälliger "
            f"Verteilung der Sektoren auf die Akteure zu erwarten wäre (Signifikanzniveau "
            f"{_de(alpha, 2)}, für viele Vergleiche korrigiert): **{pairs}**."
        )
    else:
        lines.append(
            "Kein Sektorpaar ist signifikant schwächer verbunden, als der Zufall erwarten ließe. "
            "Bei kleinen Netzen heißt das oft nur, dass die Daten für einen Nachweis nicht "
            "reichen – nicht, dass es keine Lücke gibt."
        )
    if ei is not None and len(ei):
        net = ei[ei["level"] == "network"].iloc[0]
        if pd.notna(net["ei"]):
            lines.append(
                f"Der **E-I-Index** des Netzes ist {_de(float(net['ei']), 2)} (erwartet "
                f"{_de(float(net['expected_ei']), 2)}): −1 hieße, alle Beziehungen bleiben "
                "innerhalb eines Sektors, +1, alle verbinden verschiedene Sektoren."
            )
    return "\n\n".join(lines)


def missing_display(
    missing: pd.DataFrame, G: nx.Graph | None = None, *, top_n: int = 10
) -> pd.DataFrame:
    """The best candidates for a new cross-sector tie as a German table.

    Parameters
    ----------
    missing : pandas.DataFrame
        Result of :func:`netzwerk.missing_ties`.
    G : networkx.Graph, optional
        For names.
    top_n : int, default 10

    Returns
    -------
    pandas.DataFrame
        Columns ``Akteur A``, ``Sektor A``, ``Akteur B``, ``Sektor B``,
        ``gemeinsame Partner``.

    Examples
    --------
    >>> m = pd.DataFrame({"actor_a": ["a"], "actor_b": ["b"], "group_a": ["mso"],
    ...     "group_b": ["mso"], "n_common": [2]})
    >>> missing_display(m)["gemeinsame Partner"].tolist()
    [2]
    """
    top = missing.head(top_n)
    return pd.DataFrame(
        {
            "Akteur A": [_name(G, a) for a in top["actor_a"]],
            "Sektor A": [_sector(s) for s in top["group_a"]],
            "Akteur B": [_name(G, b) for b in top["actor_b"]],
            "Sektor B": [_sector(s) for s in top["group_b"]],
            "gemeinsame Partner": top["n_common"].to_numpy(),
        }
    )


def missing_note(missing: pd.DataFrame, *, top_n: int = 10) -> str:
    """German sentence on how many of the candidate pairs the CSV table holds ('' if all shown).

    Parameters
    ----------
    missing : pandas.DataFrame
        Result of :func:`netzwerk.missing_ties`.
    top_n : int, default 10
        Rows shown in the report; the CSV holds ``10 * top_n``.

    Returns
    -------
    str
        Markdown, or an empty string when the report shows every pair.

    Examples
    --------
    >>> missing_note(pd.DataFrame({"n_common": range(1500)}), top_n=10)
    'Die Tabelle `fehlende_verbindungen.csv` enthält die besten 100 von 1.500 solchen Paaren.'
    >>> missing_note(pd.DataFrame({"n_common": [2]}))
    ''
    """
    if len(missing) <= top_n:
        return ""
    return (
        f"Die Tabelle `fehlende_verbindungen.csv` enthält die besten "
        f"{_de(min(len(missing), 10 * top_n))} von {_de(len(missing))} solchen Paaren."
    )


def needs_markdown(needs: pd.DataFrame) -> str:
    """German sentences on the need cards of the Ressourcenbörse by status.

    Parameters
    ----------
    needs : pandas.DataFrame
        Result of :func:`netzwerk.unmet_needs`.

    Returns
    -------
    str
        Markdown.

    Examples
    --------
    >>> print(needs_markdown(pd.DataFrame({"status": ["unmet", "connected", "connected"]})))
    Von 3 Suchkarten findet 1 kein passendes Angebot ...
    """
    counts = {s: int((needs["status"] == s).sum()) for s in ("unmet", "unconnected", "connected")}
    return (
        f"Von {_n(len(needs), 'Suchkarte', 'Suchkarten')} findet {_de(counts['unmet'])} kein "
        f"passendes Angebot auf der Börse (**ungedeckt**); für {_de(counts['unconnected'])} gibt "
        "es ein Angebot, aber keine bestehende Kooperation zwischen Suchenden und Anbietenden "
        f"(**unverbunden** – hier lohnt ein Kontakt); {_de(counts['connected'])} sind schon "
        "über eine Kooperation verbunden. Anonyme Karten gelten als unverbunden, weil ihre "
        "Verfasser nicht bekannt sind."
    )


def fields_markdown(coverage: pd.DataFrame) -> str:
    """German sentences on referrals per Handlungsfeld: fields used and fields out of reach.

    Parameters
    ----------
    coverage : pandas.DataFrame
        Result of :func:`netzwerk.field_coverage`.

    Returns
    -------
    str
        Markdown.

    Examples
    --------
    >>> c = pd.DataFrame({"field": ["arbeit", "wohnen"], "sent_links": [2, 0]})
    >>> c.attrs["unreachable_fields"] = ["wohnen"]
    >>> "Wohnen" in fields_markdown(c)
    True
    """
    from netzwerk.vocab import label

    used = coverage.groupby("field", sort=False)["sent_links"].sum()
    used_codes = {f for f, n in used.items() if n > 0}
    used_fields = [md_text(label("fields", f, "de")) for f in used.index if f in used_codes]
    unreachable = list(coverage.attrs.get("unreachable_fields", []))
    lines = [
        f"Verweise sind in {_n(len(used_fields), 'Handlungsfeld', 'Handlungsfeldern')} "
        f"dokumentiert{': ' + ', '.join(used_fields) if used_fields else ''}."
    ]
    cut_off = [md_text(label("fields", f, "de")) for f in unreachable if f in used_codes]
    blank = [md_text(label("fields", f, "de")) for f in unreachable if f not in used_codes]
    if cut_off:
        lines.append(
            "In diesen Handlungsfeldern gibt es Verweise, aber keiner führt von einer "
            "Anlaufstelle (Beratung, Wohlfahrt, Migrantenorganisationen) dorthin: "
            f"{', '.join(cut_off)}."
        )
    if blank:
        lines.append(
            f"In diesen Handlungsfeldern ist gar kein Verweis dokumentiert: {', '.join(blank)}. "
            "Wo Verweise nicht erhoben wurden, sagt das nichts über die Praxis, sondern über "
            "die Datenlage."
        )
    return "\n\n".join(lines)


def ranking_overlap(
    first: pd.DataFrame, second: pd.DataFrame, *, column: str = "betweenness", top_n: int = 10
) -> dict[str, float]:
    r"""How far two broker rankings agree: shared top actors and Spearman's rank correlation.

    .. math::

        \text{overlap} = \frac{|T_1 \cap T_2|}{k}, \qquad
        \rho = \operatorname{corr}(\operatorname{rank}(x_1), \operatorname{rank}(x_2)),

    with :math:`T_i` the (at most ``top_n``) actors with the highest *positive* values of
    ranking :math:`i` (ties by ``actor_id``), :math:`k = \max(|T_1|, |T_2|)`, and :math:`\rho`
    over the actors in both tables (average ranks for ties). Actors with value 0 broker
    nothing and are no "top broker" in either ranking: where only three actors have a
    positive betweenness, :math:`k` is at most 3, not ``top_n``. The computation is
    :func:`netzwerk.gaps.broker_robustness`'s (``netzwerk._robustness.ranking_agreement``).

    Parameters
    ----------
    first, second : pandas.DataFrame
        Broker tables indexed by ``actor_id`` with ``column``.
    column : str, default "betweenness"
    top_n : int, default 10
        Largest :math:`k`.

    Returns
    -------
    dict
        ``overlap`` (0–1; NaN when no actor has a positive value in either ranking),
        ``spearman`` (NaN when a ranking is constant), ``k``.

    Examples
    --------
    >>> a = pd.DataFrame({"betweenness": [3.0, 2.0, 1.0]}, index=list("xyz"))
    >>> b = pd.DataFrame({"betweenness": [1.0, 2.0, 3.0]}, index=list("xyz"))
    >>> ranking_overlap(a, b, top_n=1)
    {'overlap': 0.0, 'spearman': -1.0, 'k': 1}

    Only actors that broker something count as top brokers (here two, not ``top_n`` = 10):

    >>> c = pd.DataFrame({"betweenness": [0.5, 0.25, 0.0]}, index=list("xyz"))
    >>> ranking_overlap(c, c.iloc[[1, 0, 2]])
    {'overlap': 1.0, 'spearman': 1.0, 'k': 2}
    """
    from netzwerk._robustness import ranking_agreement

    return ranking_agreement(first[column], second[column], top_n=top_n)


_ROLE_WEIGHTS_DE = {"default": "nach Rolle (1 / 0,6 / 0,3)", "equal": "alle gleich"}


def robustness_markdown(robustness: pd.DataFrame, G: nx.Graph | None = None) -> str:
    """German sentences and a table: which broker findings survive other weightings.

    Parameters
    ----------
    robustness : pandas.DataFrame
        Result of :func:`netzwerk.gaps.broker_robustness` (event weightings × role weights).
    G : networkx.Graph, optional
        For the actors' names.

    Returns
    -------
    str
        Markdown: one row per weighting (who holds the first rank, how many of the top
        brokers stay, Spearman's rank correlation with the report's ranking), then what holds
        in all of them.

    Examples
    --------
    >>> t = pd.DataFrame({"weighting": ["newman", "count"], "role_weights": ["default"] * 2,
    ...     "reference": [True, False], "brokerage_exists": [False, False],
    ...     "leading": [(), ()], "top": [(), ()], "overlap": [float("nan")] * 2,
    ...     "spearman": [float("nan")] * 2, "k": [0, 0]})
    >>> print(robustness_markdown(t)[:60])
    Niemand steht zwischen anderen – bei jeder geprüften Gewicht
    """
    if not len(robustness) or not robustness["brokerage_exists"].any():
        return (
            "Niemand steht zwischen anderen – bei jeder geprüften Gewichtung der Treffen und "
            "der Rollen (auch wenn alle Rollen gleich zählen). Dieser Befund hängt an den "
            "Verbindungen selbst, nicht an den Gewichten; eine Rangfolge der Vermittler, die "
            "man vergleichen könnte, gibt es nicht."
        )
    rows = [
        "| Gewichtung der Treffen | Rollen | erster Rang | von den wichtigsten Vermittlern "
        "gleich | Rangkorrelation (Spearman) |",
        "|---|---|---|---|---|",
    ]
    for r in robustness.itertuples():
        first = _names_de([_md_name(G, a) for a in r.leading]) or "–"
        if len(r.leading) > 1:
            first += " (geteilt)"
        same = ("–" if not r.k else f"{_de(round(r.overlap * r.k))} von {_de(r.k)}") + (
            " (Bericht)" if r.reference else ""
        )
        rho = f"{r.spearman:.2f}".replace(".", ",") if math.isfinite(r.spearman) else "–"
        rows.append(
            f"| {weighting_label(r.weighting).split(' (')[0]} | "
            f"{_ROLE_WEIGHTS_DE.get(r.role_weights, r.role_weights)} | {first} | {same} | {rho} |"
        )
    lines = [
        "Die Rangfolge der Vermittler wird mit jeder Kombination zweier Gewichtungen der Treffen "
        "und zweier Rollengewichte neu berechnet (Rollen nach ihrem Gewicht oder alle gleich):",
        "\n".join(rows),
    ]
    leading = robustness.attrs.get("leading_everywhere", [])
    survivors = robustness.attrs.get("survivors", [])
    n_top = int(robustness.loc[robustness["reference"], "k"].iloc[0])
    if leading:
        names = _names_de([f"**{_md_name(G, a)}**" for a in leading])
        verb = "hält" if len(leading) == 1 else "teilen sich"
        lines.append(f"In allen Varianten {verb} {names} den ersten Rang.")
    else:
        lines.append(
            "Wer den ersten Rang hält, hängt an der Gewichtung: die Aussage „X vermittelt am "
            "stärksten“ ist nicht belastbar."
        )
    if survivors and n_top > 1:
        names = _names_de([_md_name(G, a) for a in survivors])
        lines.append(
            f"In allen Varianten unter den {_de(n_top)} wichtigsten Vermittlern: {names}"
            + ("" if names.endswith(".") else ".")
        )
    else:
        lines.append("Kein Akteur ist in allen Varianten unter den wichtigsten Vermittlern.")
    lines.append(
        "Ob überhaupt jemand zwischen anderen steht und wer **Schnittpunkt** ist, hängt nicht "
        "an den Gewichten, nur an den belegten Verbindungen"
        + (
            "; diese Befunde gelten in jeder Variante."
            if robustness.attrs.get("cutpoints_unchanged", True)
            else "."
        )
    )
    return "\n\n".join(lines)


def robustness_figures(robustness: pd.DataFrame) -> dict[str, Any]:
    """The key figures of :func:`netzwerk.gaps.broker_robustness` for ``results.json``.

    Parameters
    ----------
    robustness : pandas.DataFrame
        Result of :func:`netzwerk.gaps.broker_robustness`.

    Returns
    -------
    dict
        ``variants`` (one record per weighting: ``weighting``, ``role_weights``,
        ``brokerage_exists``, ``leading``, ``overlap``, ``spearman``, ``k``),
        ``leading_everywhere``, ``survivors``, ``cutpoints_unchanged`` and ``alpha``.

    Examples
    --------
    >>> t = pd.DataFrame({"weighting": ["newman"], "role_weights": ["default"],
    ...     "reference": [True], "brokerage_exists": [True], "leading": [("a",)],
    ...     "top": [("a",)], "overlap": [1.0], "spearman": [1.0], "k": [1]})
    >>> t.attrs = {"leading_everywhere": ["a"], "survivors": ["a"], "alpha": 0.5}
    >>> robustness_figures(t)["variants"][0]["leading"]
    ['a']
    """
    keep = ["weighting", "role_weights", "brokerage_exists", "leading", "overlap", "spearman", "k"]
    variants = [
        {k: list(v) if isinstance(v, tuple) else v for k, v in row.items()}
        for row in robustness[keep].to_dict("records")
    ]
    attrs = robustness.attrs
    return {
        "variants": variants,
        "leading_everywhere": [str(a) for a in attrs.get("leading_everywhere", [])],
        "survivors": [str(a) for a in attrs.get("survivors", [])],
        "cutpoints_unchanged": attrs.get("cutpoints_unchanged"),
        "alpha": attrs.get("alpha"),
    }


def methods_markdown(parameters: Mapping[str, Any]) -> str:
    """German description of the methods and limits, with the parameters of this run.

    Parameters
    ----------
    parameters : mapping
        The notebook's parameters.

    Returns
    -------
    str
        Markdown.

    Examples
    --------
    >>> "1.000 Permutationen" in methods_markdown({"n_permutations": 1000, "seed": 0})
    True
    """
    from netzwerk.brokers import DEFAULT_ALPHA

    p = dict(config.DEFAULT_PARAMETERS) | dict(parameters)
    period = p.get("period")
    return "\n".join(
        [
            "- **Kooperationsnetz:** Zwei Akteure sind verbunden, wenn sie an einem Treffen "
            "teilnahmen oder einander Ratsuchende verwiesen. Ausrichtende, Gastgebende, "
            "Fördernde und Moderierende zählen voll, Vortragende 0,6, Teilnehmende 0,3; "
            f"Gewichtung der Treffen: {weighting_label(p.get('weighting'))}"
            f"{'; Newman 2001' if p.get('weighting') == 'newman' else ''}.",
            "- **Zeitraum:** "
            + ("alle dokumentierten Daten" if period is None else md_text(period_de(period)))
            + ".",
            *(
                [
                    "- **Sprache:** Die Abbildungen sind englisch beschriftet (Parameter "
                    "`lang` = en); der Text dieses Berichts bleibt deutsch."
                ]
                if p.get("lang") == "en"
                else []
            ),
            "- **Vermittler:** Betweenness (Freeman 1977), Vermittlungsrollen nach Gould & "
            "Fernandez (1989), strukturelle Löcher nach Burt (1992), Schnittpunkte. Die "
            "Gewichte verkürzen in der Betweenness die Wege über starke Beziehungen (Länge "
            f"(1/Gewicht) hoch {_de(DEFAULT_ALPHA, 1)}: zwei Schritte sind erst kürzer als "
            "eine direkte Beziehung, wenn beide viermal so stark sind), damit die "
            "Rollengewichte keine Vermittler erfinden; nachzulesen bei Opsahl, Agneessens & "
            "Skvoretz (2010), *Social Networks* 32, 245–251. Als Vermittler gilt nur, wer "
            "zwischen zwei nicht direkt verbundenen Akteuren steht.",
            f"- **Lücken:** Dichte zwischen Sektoren gegen {_de(p.get('n_permutations'))} "
            f"Permutationen der Sektorzugehörigkeit (Zufallsstartwert {p.get('seed')}), "
            f"Signifikanzniveau {_de(p.get('alpha'), 2)} mit Benjamini-Hochberg-Korrektur; "
            "E-I-Index nach Krackhardt & Stern (1988).",
            f"- **Datenschutz:** Verweiszahlen unter {p.get('suppress_below')} werden in Tabellen "
            "als „<{0}“ gezeigt, damit keine Einzelfälle erkennbar werden.".format(
                p.get("suppress_below")
            ),
            "- **Grenzen:** Das Netz zeigt nur, was in den Quellen steht. Wer nicht genannt "
            "wird, fehlt; Kontakte außerhalb dokumentierter Treffen und Verweise fehlen ganz. "
            "Sammelakteure (z. B. „rund 33 Vereine“) stehen für mehrere Organisationen und "
            "erscheinen dadurch zentraler als jede einzelne. Eine fehlende Verbindung ist eine "
            "Frage an die Praxis, kein Befund über sie.",
        ]
    )


def sources_table(city: City) -> pd.DataFrame:
    """The city's sources for the report: title, publisher, date and address as plain text.

    Parameters
    ----------
    city : City

    Returns
    -------
    pandas.DataFrame
        Columns ``Kurzname``, ``Titel``, ``Herausgeber``, ``Datum``, ``Fundstelle`` (the URL as
        text, not a link, so the report loads nothing).

    Examples
    --------
    >>> from netzwerk.io import City
    >>> s = pd.DataFrame({"source_id": ["q"], "file": ["q.txt"], "title": ["T"],
    ...     "url": ["https://example.org"]})
    >>> sources_table(City.from_frames(sources=s))["Fundstelle"].tolist()
    ['https://example.org']
    """
    s = city.sources
    get = lambda col: s[col].fillna("").astype(str).to_numpy() if col in s else ""  # noqa: E731
    return pd.DataFrame(
        {
            "Kurzname": get("source_id"),
            "Titel": get("title"),
            "Herausgeber": get("publisher"),
            "Datum": get("date"),
            "Fundstelle": get("url"),
        }
    )


def html_table(frame: pd.DataFrame, *, digits: int = 3) -> str:
    """A table for the report as HTML: German numbers, text left and numbers right aligned.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table (not modified); its index is not shown.
    digits : int, default 3
        Decimal places of non-integer numbers.

    Returns
    -------
    str
        An HTML ``<table>``: decimal comma and point grouping (``1.234,567``), ``ja``/``nein``
        for booleans, ``–`` for missing values, cell text escaped.

    Raises
    ------
    TypeError
        If ``frame`` is not a DataFrame.

    Examples
    --------
    >>> t = pd.DataFrame({"Akteur": ["A & B"], "Wert": [0.1234], "n": [1200], "x": [None]})
    >>> page = html_table(t)
    >>> '<td style="text-align:right">0,123</td>' in page, "1.200" in page
    (True, True)
    >>> "A &amp; B" in page, '<td style="text-align:left">–</td>' in page
    (True, True)
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    numeric = [
        pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
        for c in frame.columns
    ]

    def cell(value: Any) -> str:
        if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            return "–"
        if isinstance(value, bool | np.bool_):
            return "ja" if value else "nein"
        if isinstance(value, int | float | np.integer | np.floating):
            return _de(value, digits)
        return _html.escape(str(value))

    def align(is_number: bool) -> str:
        return ' style="text-align:right"' if is_number else ' style="text-align:left"'

    head = "".join(
        f"<th{align(n)}>{_html.escape(str(c))}</th>"
        for c, n in zip(frame.columns, numeric, strict=True)
    )
    body = "".join(
        "<tr>"
        + "".join(f"<td{align(n)}>{cell(v)}</td>" for v, n in zip(row, numeric, strict=True))
        + "</tr>\n"
        for row in frame.itertuples(index=False, name=None)
    )
    return (
        f'<table class="dataframe"><thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody></table>'
    )


_PERMUTATION_WARNING = re.compile(
    r"n_permutations=(\d+) is too few for (\d+) pairs of groups at alpha=([0-9.eE-]+).*"
    r"use at least (\d+)"
)


def _german_note(message: str) -> str:
    """A warning of the measures as a German sentence for the report."""
    found = _PERMUTATION_WARNING.search(message)
    if found:
        n, family, alpha, needed = found.groups()
        return (
            f"Mit {_de(int(n))} Permutationen kann bei {_de(int(family))} Sektorpaaren und einem "
            f"Signifikanzniveau von {_de(float(alpha), 2)} kein Paar als Lücke erkannt werden "
            "(nach der Korrektur für viele Vergleiche ist der kleinste erreichbare p-Wert zu "
            f"groß); dafür wären mindestens {_de(int(needed))} Permutationen nötig (Parameter "
            "`n_permutations`). Dass hier keine Lücke steht, sagt dann nichts."
        )
    return f"Die Auswertung meldet (englisch): „{md_text(message)}“"


def gap_analysis(
    G: nx.Graph, *, n_permutations: int, seed: int = 0, alpha: float = 0.05
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Sector gaps and E-I index for the report, with their warnings as German sentences.

    Parameters
    ----------
    G : networkx.Graph
        The cooperation graph (node attribute ``sector``).
    n_permutations : int
        Permutations of :func:`netzwerk.sector_gaps` and :func:`netzwerk.ei_index`.
    seed : int, default 0
    alpha : float, default 0.05
        Significance level for ``gap``.

    Returns
    -------
    gaps : pandas.DataFrame
        :func:`netzwerk.sector_gaps` (same arguments, same numbers).
    ei : pandas.DataFrame
        :func:`netzwerk.ei_index`.
    notes : list of str
        Every distinct ``UserWarning`` or ``RuntimeWarning`` the two raised, as a German
        sentence (e.g. too few permutations to flag any pair), sorted; other warnings are
        dropped.

    Examples
    --------
    Twelve actors in three sectors of four; 10 permutations cannot flag any of the 6 pairs at
    0.05 (the smallest p-value is 1/11):

    >>> G = nx.cycle_graph(12)
    >>> nx.set_node_attributes(G, {i: "abc"[i % 3] for i in G}, "sector")
    >>> gaps, ei, notes = gap_analysis(G, n_permutations=10, seed=1)
    >>> len(gaps), notes[0][:45]
    (6, 'Mit 10 Permutationen kann bei 6 Sektorpaaren ')
    """
    import warnings

    from netzwerk.gaps import _gaps_and_ei

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # one pass over the permutations for both tables (the same labelings, same numbers)
        gaps, ei = _gaps_and_ei(G, n_permutations=n_permutations, seed=seed, alpha=alpha)
    notes = sorted(
        {
            _german_note(str(w.message))
            for w in caught
            if issubclass(w.category, UserWarning | RuntimeWarning)
        }
    )
    return gaps, ei, notes


def show_figure(figure: Any, out_dir: str | Path, name: str, *, dpi: int = 200) -> Any:
    """Save a figure as PNG and SVG, close it, and return the PNG for display in the notebook.

    Drawing a figure is the slow part of the report: showing the saved PNG instead of letting
    the notebook draw the figure once more saves one rendering per figure.

    Parameters
    ----------
    figure : matplotlib Figure or Axes
        The figure (or an Axes on it).
    out_dir : str or Path
        Folder for ``<name>.png`` and ``<name>.svg`` (:func:`netzwerk.save_figure`).
    name : str
        File name without suffix.
    dpi : int, default 200
        Resolution of the PNG; it is shown at the size of a 100 dpi rendering.

    Returns
    -------
    IPython.display.Image
        The PNG, embedded (the HTML report needs no file beside it).

    Raises
    ------
    TypeError
        If ``figure`` is neither a Figure nor an Axes.

    Examples
    --------
    >>> import tempfile, matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(2, 1))
    >>> image = show_figure(ax, tempfile.mkdtemp(), "f", dpi=200)
    >>> pixels = int.from_bytes(image.data[16:20], "big")  # PNG width
    >>> image.width == round(pixels / 2), plt.fignum_exists(fig.number)
    (True, False)
    """
    import matplotlib.pyplot as plt
    from IPython.display import Image
    from matplotlib.figure import Figure

    from netzwerk.plot import save_figure

    fig = figure if isinstance(figure, Figure) else getattr(figure, "figure", None)
    if not isinstance(fig, Figure):
        raise TypeError(f"figure must be a matplotlib Figure or Axes, got {type(figure).__name__}")
    png = save_figure(fig, Path(out_dir) / name, formats=("png", "svg"), dpi=dpi)[0]
    plt.close(fig)
    data = png.read_bytes()
    width = int.from_bytes(data[16:20], "big")  # PNG IHDR: width in pixels
    return Image(data=data, format="png", width=round(width * 100 / dpi))


def absent(what: str) -> str:
    """One German sentence for a section whose data or measure a city lacks.

    Parameters
    ----------
    what : str
        One of ``"referrals"``, ``"resources"``, ``"events"``, ``"ties"``, ``"brokerage"``
        (nobody brokers), ``"referral_counts"`` (referrals without counts), ``"one_event"``
        (robustness cannot be checked), or the name of a netzwerk function that is not
        available yet.

    Returns
    -------
    str

    Examples
    --------
    >>> absent("resources")
    'Für diese Stadt ist keine Ressourcenbörse dokumentiert; dieser Abschnitt entfällt.'
    """
    sentences = {
        "referrals": "Für diese Stadt sind keine Verweise dokumentiert; dieser Abschnitt entfällt.",
        "resources": "Für diese Stadt ist keine Ressourcenbörse dokumentiert; dieser Abschnitt entfällt.",
        "events": "Für diese Stadt sind keine Treffen dokumentiert; es gibt kein Kooperationsnetz.",
        "ties": "Das Netz hat keine Kooperationsbeziehungen; dieser Abschnitt entfällt.",
        "brokerage": (
            "Kein Akteur vermittelt im Sinne von Gould und Fernandez: Wer mit zwei Akteuren "
            "verbunden ist, die selbst nicht direkt verbunden sind, kommt in diesen Daten nicht "
            "vor (etwa weil alle Akteure an denselben Treffen teilnahmen). Die Abbildung der "
            "Vermittlungsrollen entfällt."
        ),
        "referral_counts": (
            "Für keinen Verweis ist eine Fallzahl dokumentiert, nur dass es ihn gibt; eine "
            "Abbildung der Fallzahlen entfällt."
        ),
        "one_event": (
            "Es ist nur ein Treffen dokumentiert. Ob die Rangfolge der Vermittler an einem "
            "einzelnen Treffen hängt, lässt sich daher nicht prüfen: Alles, was dieser Bericht "
            "über Vermittler sagt, beruht auf diesem einen Treffen."
        ),
    }
    return sentences.get(
        what,
        f"Diese Auswertung („{what}“) ist in dieser Version von netzwerk noch nicht verfügbar.",
    )


def save_table(
    frame: pd.DataFrame,
    out_dir: str | Path,
    name: str,
    *,
    counts: bool = False,
    suppress_below: int = 5,
) -> Path:
    """Write a result table as CSV (UTF-8); count tables with small counts suppressed.

    Text that a spreadsheet program would run as a formula (``=…``, ``+…``, ``-…``, ``@…``)
    gets a leading apostrophe (:func:`netzwerk.privacy.csv_safe`); numbers stay numbers.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table (not modified).
    out_dir : str or Path
        Folder (created if missing).
    name : str
        File name without ``.csv``.
    counts : bool, default False
        The table holds referral counts (rows × columns): publish it through
        :func:`netzwerk.privacy.suppress_counts` (``"<5"``, secondary suppression, totals).
    suppress_below : int, default 5
        The threshold for ``counts``.

    Returns
    -------
    Path

    Raises
    ------
    TypeError
        If ``frame`` is not a DataFrame.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> save_table(pd.DataFrame({"a": [1]}), tmp, "t").read_text()
    'a\\n1\\n'
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    table = frame
    from netzwerk.privacy import csv_safe, suppress_counts

    if counts:
        table = suppress_counts(frame, threshold=suppress_below)
    path = out / f"{name}.csv"
    index = not isinstance(table.index, pd.RangeIndex)
    # text that starts with = + - @ would run as a formula in a spreadsheet program
    csv_safe(table).to_csv(path, index=index, encoding="utf-8", lineterminator="\n")
    return path


def field_counts(city: City, *, direction: str = "to") -> pd.DataFrame:
    """Referral counts by Handlungsfeld (rows) and sector (columns), unsuppressed.

    Parameters
    ----------
    city : City
    direction : {"to", "from"}, default "to"
        Sector of the receiving or the referring actor.

    Returns
    -------
    pandas.DataFrame
        Index: German field labels; columns: German sector labels; values: summed counts
        (rows without a count add nothing). The one computation is :func:`field_flows`; publish
        its ``published()`` table, which carries the suppression pattern every output uses.

    Raises
    ------
    ValueError
        If ``direction`` is not "to" or "from".

    Examples
    --------
    >>> from netzwerk.io import City
    >>> a = pd.DataFrame({"actor_id": ["a", "b"], "name": ["A", "B"],
    ...     "sector": ["mso", "wohlfahrt"], "level": ["kommune"] * 2})
    >>> r = pd.DataFrame({"from_id": ["a"], "to_id": ["b"], "field": ["arbeit"],
    ...     "period": ["2020"], "count": [7]})
    >>> field_counts(City.from_frames(actors=a, referrals=r)).to_dict()
    {'Wohlfahrtsverbände': {'Arbeit': 7}}
    """
    return field_flows(city, direction=direction, threshold=None).labelled()


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------


def _parameter_pairs(pairs: Sequence[Sequence[str]] | None) -> dict[str, Any]:
    return {name: parse_parameter_value(value) for name, value in pairs or []}


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        metavar=("NAME", "VALUE"),
        help="Notebook-Parameter / notebook parameter (z. B. -p n_permutations 500); "
        "VALUE: null, true/false, Zahl oder Text",
    )
    parser.add_argument(
        "--data-dir", type=Path, default=None, help=f"Datenordner (Standard: {config.DATA_DIR})"
    )


def _cli_report_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("city", metavar="CITY", help="Stadtordner unter data/ oder Pfad dorthin")
    parser.add_argument(
        "--out", type=Path, default=None, help="Ausgabeordner (Standard: figures/<Stadt>/)"
    )
    _add_common(parser)


def _resolve_city(city: str, data_dir: Path | None) -> tuple[str, Path | None]:
    path = Path(city)
    if data_dir is None and (path / "datapackage.json").is_file():
        return path.resolve().name, path.resolve().parent
    return city, data_dir


def _usage_error(message: str) -> int:
    print(f"netzwerk: {message}", file=sys.stderr)
    return 2


def _cli_report(args: argparse.Namespace) -> int:
    city, data_dir = _resolve_city(args.city, args.data_dir)
    try:
        params = _parameter_pairs(args.parameter)
        check_parameters(params)
        _city_folder(city, data_dir)
    except ValueError as exc:
        return _usage_error(str(exc))
    start = time.perf_counter()
    try:
        out = run_report(city, data_dir=data_dir, out_dir=args.out, parameters=params)
    except Exception as exc:
        print(f"{city}: Fehler: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print(f"{city}: {out} ({time.perf_counter() - start:.1f} s)")
    return 0


def _cli_reproduce_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "cities", nargs="*", metavar="CITY", help="Städte (Standard: alle Ordner in data/)"
    )
    parser.add_argument(
        "-j", "--jobs", type=int, default=1, help="parallele Prozesse / worker processes"
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help=(
            "mit den Referenzergebnissen in tests/reference/ vergleichen (Gleitkommazahlen "
            f"relativ {REL_TOL:g}, sonst exakt); Exit 1 bei jeder Abweichung"
        ),
    )
    parser.add_argument(
        "--out", type=Path, default=None, help="Ausgabeordner für alle Städte (Standard: figures/)"
    )
    parser.add_argument(
        "--reference", type=Path, default=None, help="Referenzordner (Standard: tests/reference/)"
    )
    parser.add_argument(
        "--update-reference",
        action="store_true",
        help="die neuen Ergebnisse als Referenz übernehmen (nach Prüfung der Abweichungen)",
    )
    _add_common(parser)


def _cli_reproduce(args: argparse.Namespace) -> int:
    try:
        params = _parameter_pairs(args.parameter)
        runs = None
        names = list(args.cities) or list_cities(args.data_dir)
        if not names:
            return _usage_error(f"no cities found in {args.data_dir or config.DATA_DIR}")
        if args.jobs < 1:
            return _usage_error(f"--jobs must be ≥ 1, got {args.jobs}")
        check_parameters(params)
        for name in names:
            _city_folder(name, args.data_dir)
    except ValueError as exc:
        return _usage_error(str(exc))
    start = time.perf_counter()
    runs = reproduce(
        names,
        data_dir=args.data_dir,
        out_root=args.out,
        jobs=args.jobs,
        check=args.check,
        reference_dir=args.reference,
        parameters=params,
        progress=True,
    )
    failed = [r for r in runs if not r.ok]
    for run in runs:
        for line in run.lines():
            print(line)
    if args.update_reference:
        done = [r.city for r in runs if r.error is None]
        for path in update_reference(done, out_root=args.out, reference_dir=args.reference):
            print(f"Referenz geschrieben / reference written: {path}")
    seconds = time.perf_counter() - start
    status = "Prüfung" if args.check else "Lauf"
    print(
        f"{len(runs) - len(failed)}/{len(runs)} Städte ok ({status}, {seconds:.1f} s)"
        + (f"; fehlgeschlagen: {', '.join(r.city for r in failed)}" if failed else "")
    )
    return 1 if failed and not args.update_reference else 0


def stability_markdown(stability: pd.DataFrame, city: City | None = None) -> str:
    """German sentences on how firm the broker ranking is when single events are missing.

    Parameters
    ----------
    stability : pandas.DataFrame
        Result of :func:`netzwerk.broker_stability` (jackknife).
    city : City, optional
        For the titles of the events a broker depends on.

    Returns
    -------
    str
        Markdown: the stable brokers, Kendall's tau of the betweenness ranking, and the top
        actors whose place depends on a single event.

    Examples
    --------
    >>> st = pd.DataFrame({"name": ["A", "B"], "stable_broker": [True, False],
    ...     "depends_on": [(), ("e1",)]}, index=["a", "b"])
    >>> st.attrs["kendall_tau"] = {"betweenness": {"mean": 0.9, "min": 0.5}}
    >>> print(stability_markdown(st).splitlines()[0])
    **Stabile Vermittler** (in mindestens 90 % der Neuberechnungen unter den ersten): A.
    """
    stable = [
        md_text(stability.at[a, "name"])
        for a in stability.index
        if bool(stability.at[a, "stable_broker"])
    ]
    lines = [
        "**Stabile Vermittler** (in mindestens 90 % der Neuberechnungen unter den ersten): "
        + (", ".join(stable) if stable else "keine")
        + "."
    ]
    tau = stability.attrs.get("kendall_tau", {}).get("betweenness", {})
    if tau and tau.get("mean") is not None and math.isfinite(tau["mean"]):
        lines.append(
            f"Lässt man jeweils ein Treffen weg, stimmt die Rangfolge nach Betweenness im Mittel "
            f"mit τ = {_de(tau['mean'], 2)} (schlechtester Fall {_de(tau['min'], 2)}) mit der "
            "vollständigen überein (Kendall; 1 = gleiche Reihenfolge)."
        )
    else:
        lines.append(
            "Eine Rangkorrelation lässt sich nicht berechnen (zu wenige Treffen oder keine "
            "Unterschiede zwischen den Akteuren)."
        )
    if "depends_on" in stability:
        titles = {}
        if city is not None:
            titles = dict(zip(city.events["event_id"], city.events["title"], strict=True))
        fragile = [
            f"{md_text(stability.at[a, 'name'])} "
            f"(ohne „{', '.join(md_text(titles.get(e, e)) for e in deps)}“)"
            for a, deps in stability["depends_on"].items()
            if isinstance(deps, tuple | list) and len(deps)
        ]
        if fragile:
            lines.append(
                "Diese Vermittler verlieren ihren Platz, wenn ein einziges Treffen fehlt – die "
                "Aussage hängt an diesem Beleg: " + "; ".join(fragile) + "."
            )
    return "\n\n".join(lines)


def stability_figure(stability: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The actors and the title for the figure of rank intervals: brokers only, ties named.

    Parameters
    ----------
    stability : pandas.DataFrame
        Result of :func:`netzwerk.broker_stability`.

    Returns
    -------
    (pandas.DataFrame, str)
        The rows with a betweenness above 0 (an actor that stands between no one is no broker
        and gets no rank in the figure), and a German title that names shared ranks, e.g.
        "Wichtigste Vermittler – Rang 1 teilen sich 2 Akteure".

    Examples
    --------
    >>> st = pd.DataFrame({"betweenness": [0.2, 0.2, 0.1, 0.0],
    ...     "rank_betweenness": [1, 1, 3, 4]}, index=list("abcd"))
    >>> rows, title = stability_figure(st)
    >>> list(rows.index), title
    (['a', 'b', 'c'], 'Wichtigste Vermittler – Rang 1 teilen sich 2 Akteure')
    """
    rows = stability[pd.to_numeric(stability["betweenness"], errors="coerce").fillna(0) > 0]
    counts = rows["rank_betweenness"].value_counts().sort_index()
    shared = [f"Rang {_de(int(r))} teilen sich {_de(int(n))} Akteure" for r, n in counts.items()
              if n > 1]  # fmt: skip
    title = "Wichtigste Vermittler" + (" – " + "; ".join(shared) if shared else "")
    return rows, title


def brokerage_by_sector(broker_table: pd.DataFrame) -> pd.Series:
    r"""Share of all brokered two-paths that each sector's actors broker.

    .. math:: s_g = \frac{\sum_{i \in g} \text{total}_i}{\sum_i \text{total}_i}

    Parameters
    ----------
    broker_table : pandas.DataFrame
        Result of :func:`netzwerk.brokers` (columns ``group`` and ``total``).

    Returns
    -------
    pandas.Series
        Indexed by sector code (sorted), values summing to 1; all NaN when nobody brokers.

    Examples
    --------
    >>> t = pd.DataFrame({"group": ["mso", "mso", "wohlfahrt"], "total": [1, 2, 1]})
    >>> brokerage_by_sector(t).to_dict()
    {'mso': 0.75, 'wohlfahrt': 0.25}
    """
    sums = broker_table.groupby("group", sort=True)["total"].sum().astype(float)
    total = sums.sum()
    return sums / total if total > 0 else sums * math.nan


def comparison_row(
    city: City,
    G: nx.Graph,
    *,
    broker_table: pd.DataFrame | None = None,
    n_permutations: int = 200,
    seed: int = 0,
) -> dict[str, Any]:
    """One row of the city comparison: size, density, centralisation, E-I, gaps, top broker.

    Parameters
    ----------
    city : City
    G : networkx.Graph
        Its cooperation graph.
    broker_table : pandas.DataFrame, optional
        ``netzwerk.brokers.brokers(G)``, for the top broker.
    n_permutations : int, default 200
        For :func:`netzwerk.sector_gaps` and :func:`netzwerk.ei_index`.
    seed : int, default 0

    Returns
    -------
    dict
        ``Stadt``, ``synthetisch``, ``Akteure``, ``Treffen``, ``Beziehungen``, ``Dichte``,
        ``Zentralisierung``, ``E-I``, ``E-I erwartet``, ``Lücken`` (significant sector gaps),
        ``stärkster Vermittler`` (all actors sharing the first rank, "A und B"; "niemand
        vermittelt" where nobody stands between others,
        :func:`netzwerk.brokers.leading_brokers`; None without a broker table). Without ties
        the measures are NaN and ``Lücken`` is 0.

    Examples
    --------
    >>> from netzwerk.io import City
    >>> a = pd.DataFrame({"actor_id": ["a", "b"], "name": ["A", "B"],
    ...     "sector": ["mso", "wohlfahrt"], "level": ["kommune"] * 2})
    >>> G = nx.Graph([("a", "b")])
    >>> nx.set_node_attributes(G, {"a": "mso", "b": "wohlfahrt"}, "sector")
    >>> row = comparison_row(City.from_frames(meta={"name": "x"}, actors=a), G)
    >>> row["Beziehungen"], row["Dichte"], row["E-I"]
    (1, 1.0, 1.0)
    """
    import warnings

    from netzwerk.gaps import ei_index, sector_gaps

    net = _network_figures(G)
    ei = expected = math.nan
    n_gaps = 0
    if net["n_ties"]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            gaps = sector_gaps(G, n_permutations=n_permutations, seed=seed)
            table = ei_index(G, n_permutations=n_permutations, seed=seed)
        n_gaps = int(gaps["gap"].fillna(False).astype(bool).sum())
        row = table[table["level"] == "network"].iloc[0]
        ei, expected = float(row["ei"]), float(row["expected_ei"])
    top = None
    if broker_table is not None and len(broker_table):
        from netzwerk.brokers import leading_brokers

        # only actors that stand between others; several sharing the first rank are named
        leading = leading_brokers(broker_table)
        top = _names_de([_name(G, a) for a in leading]) or "niemand vermittelt"
    return {
        "Stadt": str(city.meta.get("city") or city.name),
        "synthetisch": city.synthetic,
        "Akteure": len(city.actors),
        "Treffen": len(city.events),
        "Beziehungen": net["n_ties"],
        "Dichte": net["density"],
        "Zentralisierung": net["degree_centralization"],
        "E-I": ei,
        "E-I erwartet": expected,
        "Lücken": n_gaps,
        "stärkster Vermittler": top,
    }
