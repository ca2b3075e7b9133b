"""Running the report notebook: kernel, papermill, :func:`run_report`, :func:`reproduce`, city and output folders."""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netzwerk import config
from netzwerk._kernel import ReportKernel, drop_process_kernel, process_kernel, start_worker
from netzwerk.io import DataError, validate
from netzwerk.report._html import _warm_renderer, render_html
from netzwerk.report._params import REPORT_NOTEBOOK, check_parameters
from netzwerk.report._results import (
    _MISSING,
    RESULTS_FILE,
    Difference,
    compare_results,
    read_results,
)


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


#: A file the report notebook writes into its output folder: ``show_figure(ax, out, "name")``
#: (PNG and SVG) and ``save_table(table, out, "name")`` (CSV), as written in the notebook's code.
_OUTPUT_CALL = re.compile(
    r"""\b(show_figure|save_table)\(.*?\bout,\s*["']([\w-]+)["']\s*\)""", re.S
)


def _previous_outputs(notebook: str | Path, out: str | Path) -> list[Path]:
    """The figure and table files of an earlier run in ``out`` that this run writes anew.

    A run writes only what its report shows (a figure the report leaves out is not written);
    a file of that name from an earlier run, with other data or parameters, would then remain
    and could be copied as if it belonged to the report. :func:`run_report` removes them
    first. Other files in the folder are left alone.

    Parameters
    ----------
    notebook : str or Path
        The report notebook, whose code names its output files.
    out : str or Path
        The output folder.

    Returns
    -------
    list of Path
        The existing files among ``<name>.png``/``.svg`` of every ``show_figure`` and
        ``<name>.csv`` of every ``save_table`` in the notebook's code cells.
    """
    import json

    cells = json.loads(Path(notebook).read_text(encoding="utf-8")).get("cells", [])
    code = "\n".join("".join(c.get("source", "")) for c in cells if c.get("cell_type") == "code")
    names = set()
    for call, name in _OUTPUT_CALL.findall(code):
        names.update([f"{name}.png", f"{name}.svg"] if call == "show_figure" else [f"{name}.csv"])
    folder = Path(out)
    return sorted(folder / n for n in names if (folder / n).is_file())


def run_report(
    city: str,
    *,
    data_dir: str | Path | None = None,
    out_dir: str | Path | None = None,
    parameters: Mapping[str, Any] | None = None,
    notebook: str | Path = REPORT_NOTEBOOK,
    timeout: int = 600,
    html: bool = True,
    kernel: ReportKernel | None = None,
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
    kernel : ReportKernel, optional
        A kernel to run the notebook in, left running afterwards (:func:`reproduce` reuses
        one per worker). Default: a new kernel, started first and shut down at the end.

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

    See Also
    --------
    reproduce : Every city, in parallel, with a check.
    render_html : The HTML step.

    Notes
    -----
    The kernel is this interpreter (``sys.executable``), whatever kernel spec is installed,
    and on POSIX systems it talks over IPC sockets with a unique name, so parallel runs
    (:func:`reproduce`) cannot collide on TCP ports. It is started as soon as the parameters
    are checked and imports the report's libraries while this process checks the data
    (:mod:`netzwerk._kernel`). The executed notebook is written once, at the end (or
    at the failing cell), not after every cell.
    """
    from netzwerk import _imports

    params = dict(parameters or {})
    for name in ("city", "data_dir", "out_dir"):
        if name in params:
            raise ValueError(f"parameters must not set {name!r}; pass it as an argument")
    folder = _city_folder(city, data_dir)
    full = check_parameters(params, notebook)
    out = Path(out_dir) if out_dir is not None else config.FIGURES_DIR / city
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    own = kernel is None
    if kernel is None:  # start it now: it imports while the data are checked here
        kernel = ReportKernel(cwd=out)
    try:
        # invalid data: every problem with file, row and column, before anything runs
        problems = validate(folder)
        if any(p.severity == "error" for p in problems):
            raise DataError(problems)
        for stale in _previous_outputs(notebook, out):  # this run writes what its report shows
            stale.unlink()
        full.update(city=city, data_dir=str(folder.parent.resolve()), out_dir=str(out))
        executed = out / "city_report.ipynb"
        papermill = _imports.papermill()
        if html:
            _warm_renderer()  # while the kernel still imports
        kernel.prepare(out)
        papermill.execute_notebook(
            str(notebook),
            str(executed),
            parameters=full,
            kernel_name="python3",
            language="python",
            km=kernel.manager,
            progress_bar=False,
            cwd=str(out),
            execution_timeout=timeout,
            # one write at the end (and on an error, with the failing cell), not two per cell:
            # each write serialises and validates the whole notebook with all outputs so far
            request_save_on_cell_execute=False,
        )
        if own:
            kernel.stop()  # it winds down while the page is rendered
        if html:
            render_html(executed, out / "report.html", title=f"Netzwerkbericht {city}")
    finally:
        if own:
            kernel.shutdown()
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
        run_report(city, kernel=process_kernel(), **kwargs)
    except DataError as exc:  # invalid data: every problem on its own line
        return city, time.perf_counter() - start, str(exc).strip()
    except Exception as exc:  # report the failure of one city; the others go on
        drop_process_kernel()  # the next city gets a fresh kernel
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

    See Also
    --------
    reproduce : Runs them.
    city_folder : One city's folder.

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

    See Also
    --------
    run_report : One city.
    compare_results : The check.
    update_reference : Accept a wanted change.
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
        try:
            for name in names:
                finish(*_run_one(name, kwargs[name]))
        finally:
            drop_process_kernel()
    else:
        import multiprocessing
        import threading

        # Linux: fork, so a worker starts with the report's modules already imported (about
        # 1 s of CPU per worker, at the moment both kernels import theirs); only from a
        # process with one thread (forking a process whose other threads may hold locks is
        # unsafe). Elsewhere, or with threads running: spawn, a fresh interpreter.
        fork = sys.platform.startswith("linux") and threading.active_count() == 1
        context = multiprocessing.get_context("fork" if fork else "spawn")
        workers = min(jobs, len(names))
        with ProcessPoolExecutor(workers, mp_context=context, initializer=start_worker) as pool:
            # largest input first: the longest run starts at once, short ones fill the gaps
            order = sorted(names, key=lambda n: -_input_size(_city_folder(n, data_dir)))
            futures = [pool.submit(_run_one, name, kwargs[name]) for name in order]
            for future in as_completed(futures):
                finish(*future.result())
    return [outcomes[name] for name in names]


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

    See Also
    --------
    output_folder : Where the report goes.
    list_cities : Every bundled city.

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

    See Also
    --------
    city_folder : Where the data are.
    run_report : Writes into this folder.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> output_folder("x", pathlib.Path(tempfile.mkdtemp()) / "x").is_dir()
    True
    """
    out = Path(out_dir) if out_dir is not None else config.FIGURES_DIR / city
    out.mkdir(parents=True, exist_ok=True)
    return out
