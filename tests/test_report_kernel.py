"""The report's fixed costs (issue #15.5): warm, reused kernels, the parameter cell, the renderer.

A kernel reused by :func:`netzwerk.report.reproduce` must give every further city the state a
fresh kernel has; a report run in a reused kernel must write the same tables and key figures
as one run in a fresh kernel; nothing of the kernel's shutdown reaches the terminal.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from netzwerk import _kernel, report
from netzwerk.report._html import _warm_renderer, render_html

DATA = Path(__file__).parents[1] / "data"


def _ask(kernel: _kernel.ReportKernel, expression: str) -> str:
    """Evaluate ``expression`` in the kernel (as a user expression) and return its text."""
    client = kernel._client
    msg_id = client.execute("", silent=True, user_expressions={"x": expression})
    while True:
        reply = client.get_shell_msg(timeout=30)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    value = reply["content"]["user_expressions"]["x"]
    assert value["status"] == "ok", value
    return value["data"]["text/plain"]


def test_a_reused_kernel_is_reset_to_the_state_after_the_imports(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    kernel = _kernel.ReportKernel(cwd=first)
    try:
        kernel.prepare(first)
        # the imports are done before the first cell
        assert _ask(kernel, "'networkit' in __import__('sys').modules") == "True"
        assert _ask(kernel, "'netzwerk.plot' in __import__('sys').modules") == "True"
        baseline = {
            e: _ask(kernel, e)
            for e in (
                "len(__import__('warnings').filters)",
                "__import__('matplotlib').rcParams['font.size']",
            )
        }
        # a report changes the namespace, warning filters, matplotlib settings, folder
        client = kernel._client
        client.execute(
            "import warnings, matplotlib as mpl, matplotlib.pyplot as plt, os\n"
            "city_data = 'left over'\n"
            "warnings.simplefilter('ignore')\n"
            "mpl.rcParams['font.size'] = 31\n"
            "plt.figure()\n"
            "os.chdir('/')\n",
            silent=True,
        )
        kernel.prepare(second)
        assert _ask(kernel, "'city_data' in globals()") == "False"
        for expression, value in baseline.items():
            assert _ask(kernel, expression) == value, expression
        assert _ask(kernel, "len(__import__('matplotlib.pyplot').pyplot.get_fignums())") == "0"
        assert _ask(kernel, "__import__('os').getcwd()") == repr(str(second))
        assert _ask(kernel, "get_ipython().execution_count") == "1"
        assert kernel.alive()
    finally:
        kernel.shutdown()
    assert not kernel.alive()


def test_notebook_parameters_read_as_papermill_reads_them():
    import papermill

    declared = papermill.inspect_notebook(str(report.REPORT_NOTEBOOK))
    ours = report.notebook_parameters()
    assert list(ours) == list(declared)
    for name, info in declared.items():
        default = info["default"]
        assert repr(ours[name]) == default or json.dumps(ours[name]) == default, name


def test_notebook_parameters_errors(tmp_path):
    nb = {"cells": [{"cell_type": "code", "metadata": {}, "source": ["x = 1\n"]}]}
    path = tmp_path / "n.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    with pytest.raises(ValueError, match="no cell tagged 'parameters'"):
        report.notebook_parameters(path)
    with pytest.raises(FileNotFoundError):
        report.notebook_parameters(tmp_path / "missing.ipynb")


def test_rendering_after_the_warm_up_writes_the_same_page(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("# Bericht\n\n*kursiv* und [Quelle](https://x.org)")]
    )
    nbformat.write(nb, tmp_path / "r.ipynb")
    cold = render_html(tmp_path / "r.ipynb", tmp_path / "a.html", title="T").read_bytes()
    _warm_renderer()
    warm = render_html(tmp_path / "r.ipynb", tmp_path / "b.html", title="T").read_bytes()
    assert cold == warm


def _outputs(folder: Path) -> dict[str, bytes | dict]:
    """The tables and the key figures of a report folder (run metadata left out)."""
    found: dict[str, bytes | dict] = {p.name: p.read_bytes() for p in folder.glob("*.csv")}
    found["figures"] = report.read_results(folder)["figures"]
    return found


@pytest.mark.slow
def test_a_city_in_a_reused_kernel_gives_what_a_fresh_kernel_gives(tmp_path, capfd):
    # offenbach after magdeburg in one kernel (reproduce with one job), then offenbach alone
    reused = tmp_path / "reused"
    runs = report.reproduce(
        ["magdeburg", "offenbach"], out_root=reused, jobs=1, progress=False, data_dir=DATA
    )
    assert [r.error for r in runs] == [None, None]
    fresh = report.run_report("offenbach", data_dir=DATA, out_dir=tmp_path / "fresh")
    assert _outputs(reused / "offenbach") == _outputs(fresh)
    assert _kernel._PROCESS_KERNEL is None  # reproduce shut its kernel down
    printed = capfd.readouterr()
    assert "KeyboardInterrupt" not in printed.err + printed.out


def test_report_kernel_uses_this_interpreter():
    spec = _kernel.kernel_manager_class()(kernel_name="python3").kernel_spec
    assert spec.argv[0] == sys.executable


def test_files_of_an_earlier_run_are_removed_before_the_next(tmp_path):
    from netzwerk.report._run import _previous_outputs

    for name in ("vermittler_stabilitaet.png", "vermittler_stabilitaet.svg", "vorschlaege.csv"):
        (tmp_path / name).write_text("earlier run", encoding="utf-8")
    (tmp_path / "meine_notizen.csv").write_text("the user's own file", encoding="utf-8")
    (tmp_path / "netzwerk.pdf").write_text("not a report output", encoding="utf-8")
    found = [p.name for p in _previous_outputs(report.REPORT_NOTEBOOK, tmp_path)]
    assert found == ["vermittler_stabilitaet.png", "vermittler_stabilitaet.svg", "vorschlaege.csv"]
