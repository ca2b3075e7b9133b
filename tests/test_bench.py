"""Tests for netzwerk.bench: a smoke run of every stage at a tiny size, and the bookkeeping.

The benchmark itself is not timed here (no timed assertions); the smoke test only checks that
every stage and baseline produces a row with a positive time.
"""

from __future__ import annotations

import math
import pickle
import shutil
import time
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

import netzwerk.gaps
from netzwerk import bench
from netzwerk.cli import main

# The report stage runs a whole notebook (over a minute); it is covered by tests/test_report.py.
SMOKE_STAGES = [s for s in bench.STAGES if s != "report"]


@pytest.fixture(scope="module")
def smoke_work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("bench")


@pytest.fixture(scope="module")
def smoke(smoke_work: Path) -> pd.DataFrame:
    # Baselines are checked separately on a small graph: networkx's weighted structural holes
    # need about a minute per node of the dense synthetic city.
    return bench.run_benchmark(
        [100],
        seed=3,
        stages=SMOKE_STAGES,
        baselines=False,
        workdir=smoke_work,
        isolate=False,
        progress=False,
    )


def test_every_stage_has_a_row_with_a_positive_time(smoke: pd.DataFrame) -> None:
    assert smoke["stage"].tolist() == SMOKE_STAGES
    assert (smoke["status"] == "ok").all(), smoke[smoke["status"] != "ok"][["stage", "note"]]
    assert (smoke["time_s"] > 0).all()
    assert (smoke["peak_mb"] > 0).all()


def test_every_baseline_gives_a_time(smoke: pd.DataFrame, smoke_work: Path, tmp_path: Path) -> None:
    # the city of the smoke run, and a small graph instead of its dense cooperation graph
    shutil.copy(smoke_work / "n100" / "city.pickle", tmp_path / "city.pickle")
    G = nx.karate_club_graph()
    for node, club in G.nodes(data="club"):
        G.nodes[node]["sector"] = "mso" if club == "Mr. Hi" else "kommune"
    (tmp_path / "graph.pickle").write_bytes(pickle.dumps(G))
    options = {"seed": 0, "budget": 30.0, "jobs": 1, "map_max_edges": 0}
    for stage, spec in bench.STAGES.items():
        for variant in spec.baselines:
            result = bench._run_job(
                variant, 100, tmp_path, options=options, timeout=60, isolate=False
            )
            # sna needs R; without it the row says so instead of failing
            assert result["status"] in ("ok", "unavailable"), (stage, variant, result)
            if result["status"] == "ok":
                assert result["seconds"] > 0, (stage, variant)
                assert not result["extrapolated"], (stage, variant)  # within the budget


def test_table_lists_every_row(smoke: pd.DataFrame) -> None:
    text = bench.format_table(smoke)
    lines = text.splitlines()
    assert lines[0].split()[:3] == ["Stufe", "Akteure", "Zeit"]
    for stage in SMOKE_STAGES:
        assert any(line.startswith(stage + " ") for line in lines)
    assert len([line for line in lines if line.split()[0] in bench.STAGES]) == len(smoke)


def test_json_is_plain(smoke: pd.DataFrame) -> None:
    import json

    data = json.loads(json.dumps(bench._to_json(smoke)))
    assert data["parameters"]["sizes"] == [100]
    assert len(data["rows"]) == len(smoke)
    assert data["machine"]["nproc"] >= 1


def test_missing_function_gives_unavailable_row(
    tmp_path: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delattr(netzwerk.gaps, "sector_gaps")
    rows = bench.run_benchmark(
        [100], stages=["sector_gaps"], workdir=tmp_path, isolate=False, progress=False
    )
    assert rows["status"].tolist() == ["unavailable"]
    assert "nicht verfügbar" in rows["note"][0]
    assert "nicht verfügbar" in bench.format_table(rows)


def test_scaling_exponent_by_hand() -> None:
    # 2 s at 1,000 and 20 s at 10,000 actors: log(20/2) / log(10000/1000) = 1.
    # The baseline 10 s -> 1000 s: log(100) / log(10) = 2, and it was extrapolated.
    rows = pd.DataFrame(
        {
            "stage": ["betweenness", "betweenness", "load"],
            "size": [1000, 10000, 1000],
            "status": "ok",
            "time_s": [2.0, 20.0, 1.0],
            "baseline": ["networkx", "networkx", None],
            "baseline_status": ["ok", "ok", None],
            "baseline_time_s": [10.0, 1000.0, None],
            "extrapolated": [False, True, False],
        }
    )
    fit = bench.scaling_exponents(rows)
    assert fit.loc["betweenness", "exponent"] == pytest.approx(1.0)
    assert fit.loc["betweenness · networkx", "exponent"] == pytest.approx(2.0)
    assert bool(fit.loc["betweenness · networkx", "extrapolated"])
    assert math.isnan(fit.loc["load", "exponent"])  # one size: no slope


def test_incremental_extrapolates_within_budget() -> None:
    ctx = bench._Context(
        {"size": 100, "seed": 0, "budget": 0.2, "work": ".", "jobs": 1, "map_max_edges": 0}
    )
    info = bench._incremental(ctx, list(range(50)), lambda _: time.sleep(0.02), unit="Knoten")
    done, n = info["sample"]
    assert info["extrapolated"] and n == 50 and done < 50
    # stopped as soon as half the budget was spent, then scaled by n / done
    assert ctx.seconds * done / n >= 0.1
    assert ctx.seconds >= 0.02 * 50


def test_sampled_runs_all_when_the_estimate_fits() -> None:
    ctx = bench._Context(
        {"size": 100, "seed": 0, "budget": 60, "work": ".", "jobs": 1, "map_max_edges": 0}
    )
    calls = []
    info = bench._sampled(ctx, 40, calls.append, pilot=4, unit="Quellen")
    assert calls == [4, 40] and not info["extrapolated"]


def test_format_table_marks_timeouts_and_extrapolation() -> None:
    rows = pd.DataFrame(
        [
            {"stage": "brokerage_roles", "size": 1000, "status": "ok", "time_s": 2.0,
             "peak_mb": 500.0, "baseline": "R sna::brokerage", "baseline_status": "timeout",
             "baseline_time_s": 300.0, "ratio": 150.0, "extrapolated": False, "note": None},
            {"stage": "betweenness", "size": 1000, "status": "error", "time_s": None,
             "peak_mb": None, "baseline": "igraph betweenness", "baseline_status": "ok",
             "baseline_time_s": 5.0, "ratio": None, "extrapolated": True, "note": "x"},
        ]
    )  # fmt: skip
    lines = bench.format_table(rows).splitlines()
    assert "≥ 300 s" in lines[1] and "≥ 150×" in lines[1]
    assert "Fehler" in lines[2] and "5.00 s*" in lines[2]
    assert lines[-1].startswith("* ")


@pytest.mark.parametrize(
    ("sizes", "stages", "budget", "error"),
    [
        ([], None, 60, ValueError),
        ([50], None, 60, ValueError),
        (["1000"], None, 60, TypeError),
        ([100], ["nope"], 60, ValueError),
        ([100], None, 0, ValueError),
    ],
)
def test_bad_arguments(sizes: list, stages: list | None, budget: float, error: type) -> None:
    with pytest.raises(error):
        bench.run_benchmark(sizes, stages=stages, baseline_budget=budget, progress=False)


@pytest.mark.parametrize(
    "argv", [["--sizes", "x"], ["--sizes", ""], ["--stages", "nope"], ["--sizes", "10"]]
)
def test_cli_wrong_usage_exits_2(argv: list[str], capsys: pytest.CaptureFixture) -> None:
    assert main(["bench", *argv]) == 2
    assert "netzwerk bench:" in capsys.readouterr().err


def test_json_carries_the_report_pipeline_ratio(smoke: pd.DataFrame) -> None:
    # the smoke run has no report stage: no ratio, but the key is there for readers
    assert bench._to_json(smoke)["report_pipeline_ratio"] == {}
    rows = pd.DataFrame(
        {
            "stage": ["pipeline", "report", "pipeline", "report"],
            "size": [1000, 1000, 3000, 3000],
            "status": ["ok", "ok", "ok", "error"],
            "time_s": [4.0, 10.0, 9.0, None],
        }
    )
    # 10 / 4 by hand; the failed report at 3,000 gives no ratio
    assert bench.report_pipeline_ratio(rows) == {1000: 2.5}


def test_bench_uses_the_fast_fill_by_its_name():
    # issue 16: bench reaches the networkx-internals fill only through fill_edges_fast
    import inspect

    from netzwerk.bench import _baselines

    source = inspect.getsource(_baselines)
    assert "from netzwerk.graph._fast import fill_edges_fast, gc_paused" in source
    assert "_fill_edges" not in source and "_gc_paused" not in source


def test_python_m_netzwerk_bench_help() -> None:
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "netzwerk.bench", "--help"], capture_output=True, text=True
    )
    assert out.returncode == 0 and "--sizes" in out.stdout
