"""The ``results.json`` contract: input hashes, key figures, writing, reading, comparing, references.

A run's key figures (:func:`key_figures`) go with the input hashes and the parameters into
``results.json`` (:func:`write_results`); :func:`compare_results` checks a run against the
committed reference in ``tests/reference/<city>/`` and :func:`update_reference` replaces it.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import math
import platform
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import networkx as nx
import numpy as np
import pandas as pd

from netzwerk import config
from netzwerk._flows import FieldFlows, field_flows

if TYPE_CHECKING:
    from netzwerk.io import City
from netzwerk._checks import renamed
from netzwerk.graph._structure import _network_figures

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

    See Also
    --------
    write_results : Records these hashes.
    compare_results : Reports a changed input.

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


def _carries_referrals(G: nx.Graph) -> bool:
    """Whether a tie's weight includes referral counts (the referral layer of the graph)."""
    return any(w for *_, w in G.edges(data="weight_referrals", default=0))


@renamed(top_n="top")
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
    robustness: pd.DataFrame | None = None,
    top: int = 10,
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
        Results of :func:`netzwerk.broker_table`, :func:`netzwerk.sector_gaps`,
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
    robustness : pandas.DataFrame, optional
        :func:`netzwerk.gaps.broker_robustness`; ``robustness`` holds
        :func:`robustness_figures` of it (None when not given).
    top : int, default 10
        Number of top brokers and of missing ties listed (``top_n``: deprecated old name).

    Returns
    -------
    dict
        ``data`` (numbers of actors by sector, aggregates, events and their first and last
        date, participations, referral rows and counted referrals, offer and need cards,
        sources), ``network`` (``n_nodes``, ``n_ties``, ``n_isolates``, ``density``,
        ``mean_degree``, ``n_components``, ``largest_component``, ``degree_centralization``,
        ``total_weight``; None when the ties carry referral counts and the referral total is
        hidden, the same suppression as ``n_referrals_counted``), ``brokers`` (whether anyone stands between others, the actors
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
        If ``top`` is not a positive whole number.

    See Also
    --------
    write_results : Writes these figures to ``results.json``.
    robustness_figures : The ``robustness`` block.

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
    if isinstance(top, bool) or not isinstance(top, int | np.integer) or top < 1:
        raise ValueError(f"top must be a whole number ≥ 1, got {top!r}")
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
    network = _network_figures(G)
    if data["n_referrals_counted"] is None and _carries_referrals(G):
        # the summed tie weights would give away the referral total the report hides
        network["total_weight"] = None
    figures: dict[str, Any] = {"data": data, "network": network}
    figures["brokers"] = None
    if broker_table is not None:
        from netzwerk.brokers import leading_brokers, mediating

        cut = broker_table.index[broker_table["is_cutpoint"].fillna(False).astype(bool)]
        figures["brokers"] = {
            # the report's claim: only actors that stand between others, shared ranks together
            "brokerage_exists": bool(mediating(broker_table).any()),
            "leading": [str(a) for a in leading_brokers(broker_table)],
            "top_betweenness": _top(broker_table, "betweenness", top),
            "top_brokerage": _top(broker_table, "total", top) if "total" in broker_table else None,
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
                for r in missing.head(top).itertuples()
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
    figures["robustness"] = None if robustness is None else robustness_figures(robustness)
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

    See Also
    --------
    key_figures : The ``figures`` block.
    read_results : Reads the file back.
    compare_results : Checks it against a reference.

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

    See Also
    --------
    write_results : Writes the file.
    compare_results : Compares two results.

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

    See Also
    --------
    read_results : Reads one side.
    update_reference : Replaces the reference after a wanted change.

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

    See Also
    --------
    compare_results : What a new reference settles.
    reproduce : Runs every city first.
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

    See Also
    --------
    netzwerk.gaps.broker_robustness : The table summarised here.
    key_figures : Puts the block into ``results.json``.

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
