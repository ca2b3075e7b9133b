"""Fixed costs of a report: heavy optional imports are avoided, and nothing changes for that.

Each check runs in a fresh interpreter (``sys.modules`` of the test process already holds
everything).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import numpy as np
import pytest

from netzwerk.gaps._stability import kendall_tau_b


def _run(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_networkit_is_imported_without_seaborn_and_keeps_the_style():
    pytest.importorskip("networkit")
    out = _run(
        """
        import sys
        import matplotlib as mpl
        before = dict(mpl.rcParams)
        from netzwerk.brokers._paths import _networkit
        nk = _networkit()
        changed = sorted(k for k, v in mpl.rcParams.items() if before[k] != v)
        print(nk is not None, "seaborn" in sys.modules, "scipy.stats" in sys.modules, changed)
        import seaborn  # still importable afterwards
        print(seaborn.__name__)
        """
    )
    assert out.splitlines() == ["True False False []", "seaborn"]


def test_papermill_is_imported_without_the_iri_grammars():
    pytest.importorskip("papermill")
    out = _run(
        """
        import sys
        from netzwerk import _imports
        pm = _imports.papermill()
        print(pm.__name__, "rfc3987_syntax" in sys.modules, sys.modules.get("rfc3987_syntax", 0))
        """
    )
    assert out == "papermill False 0"


def test_checking_a_city_imports_no_plotting():
    out = _run(
        """
        import sys
        from netzwerk import config
        from netzwerk.io import validate
        problems = validate(config.DATA_DIR / "offenbach")
        print(len([p for p in problems if p.severity == "error"]), "matplotlib" in sys.modules)
        from netzwerk.survey import plot_survey_levels  # the figures load on first use
        print(plot_survey_levels.__module__, "matplotlib" in sys.modules)
        """
    )
    assert out.splitlines() == ["0 False", "netzwerk.survey._plot True"]


def test_a_report_kernel_imports_neither_seaborn_nor_scipy_stats(tmp_path):
    """The report's measures (broker table, stability, robustness) on a bundled city."""
    out = _run(
        f"""
        import sys
        import netzwerk
        from netzwerk import config
        city = netzwerk.load_city(config.DATA_DIR / "offenbach")
        G = netzwerk.cooperation_graph(city)
        table = netzwerk.broker_table(G, group="sector")
        netzwerk.broker_stability(city, build=netzwerk.cooperation_graph, n_resamples=3)
        ax = netzwerk.plot_brokers(table, G=G)
        netzwerk.plot.save_figure(ax.figure, {str(tmp_path / "b")!r})
        print("seaborn" in sys.modules, "scipy.stats" in sys.modules)
        """
    )
    assert out == "False False"


def test_figures_have_the_house_style_whatever_ran_before():
    """The grid behind bars comes from netzwerk's style, not from importing networkit first."""
    out = _run(
        """
        import matplotlib as mpl
        import pandas as pd
        import netzwerk
        table = pd.DataFrame(
            {"name": ["a", "b"], "sector": ["verwaltung", "mso"], "betweenness": [0.5, 0.2]},
            index=pd.Index(["a", "b"], name="actor_id"),
        )
        ax = netzwerk.plot_brokers(table, measure="betweenness")
        print(ax.xaxis._major_tick_kw.get("gridOn"), mpl.rcParams["axes.grid"])
        """
    )
    assert out == "True False"


@pytest.mark.parametrize("n", [2, 3, 5, 10, 25])
def test_kendall_tau_b_equals_scipy(n):
    stats = pytest.importorskip("scipy.stats")
    rng = np.random.default_rng(n)
    for _ in range(100):
        x = rng.integers(0, 4, n).astype(float)
        y = rng.integers(0, 4, n).astype(float)
        ours, theirs = kendall_tau_b(x, y), stats.kendalltau(x, y).statistic
        assert (np.isnan(ours) and np.isnan(theirs)) or ours == pytest.approx(theirs, abs=1e-12)


def test_kendall_tau_b_by_hand():
    # (1, 2, 3) against (1, 3, 2): two concordant pairs, one discordant, no ties: 1/3
    assert kendall_tau_b(np.array([1, 2, 3]), np.array([1, 3, 2])) == pytest.approx(1 / 3)
    # a tie in x: C = 2, D = 0, pairs untied in x 2, in y 3 → 2 / sqrt(6)
    assert kendall_tau_b(np.array([1, 1, 2]), np.array([1, 2, 3])) == pytest.approx(2 / 6**0.5)
    assert np.isnan(kendall_tau_b(np.array([1, 1]), np.array([1, 2])))
    with pytest.raises(ValueError, match="equally long"):
        kendall_tau_b(np.array([1, 2]), np.array([1]))
