"""Benchmark of issue #17: import and partner_scores for 1,000 respondents × 1,000 partners.

In the normal test run (``--benchmark-disable``) each benchmarked call runs once, on 100 × 100
answers, as an ordinary test whose result is checked. To time the issue's size (1,000,000
answer rows; target under 20 s and 2 GB)::

    python -m pytest tests/test_survey_benchmarks.py --benchmark-enable -p no:randomly

Nothing here asserts a time. Peak memory is measured outside pytest (see the README).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from netzwerk.io import load_city, write_datapackage
from netzwerk.survey import import_survey, partner_scores
from netzwerk.survey._validate import ITEMS

SEED = 17


def survey_city(folder: Path, n: int) -> tuple[Path, Path]:
    """A city of ``n`` actors and a long answer table in which every actor rates every other.

    Returns the city folder and the answer CSV (``respondent_id``, ``partner_id``, level,
    frequency, the six items): ``n · (n − 1)`` rows.
    """
    rng = np.random.default_rng(SEED)
    folder.mkdir(parents=True)
    ids = np.array([f"org-{k:04d}" for k in range(n)], dtype=object)
    pd.DataFrame(
        {"actor_id": ids, "name": [f"Organisation {k}" for k in range(n)],
         "sector": "zivilgesellschaft", "level": "kommune"}
    ).to_csv(folder / "actors.csv", index=False)  # fmt: skip
    for table, header in (
        ("sources", "source_id,file,title"),
        ("events", "event_id,title,kind,date"),
        ("participation", "event_id,actor_id,role"),
    ):
        (folder / f"{table}.csv").write_text(header + "\n", encoding="utf-8")
    write_datapackage(folder, {"name": "bench", "synthetic": True})
    f = np.repeat(np.arange(n), n)
    t = np.tile(np.arange(n), n)
    keep = f != t
    m = int(keep.sum())
    frame = pd.DataFrame(
        {
            "respondent_id": ids[f[keep]],
            "partner_id": ids[t[keep]],
            "level": rng.integers(0, 5, m),
            "frequency": rng.choice(["jaehrlich", "monatlich", ""], m),
            **{c: rng.integers(1, 5, m) for c in ITEMS},
        }
    )
    answers = folder.parent / "answers.csv"
    frame.to_csv(answers, index=False)
    return folder, answers


@pytest.fixture(scope="module")
def size(request) -> int:
    return 1000 if request.config.getoption("benchmark_enable") else 100


def test_import_survey_benchmark(benchmark, tmp_path, size):
    folder, answers = survey_city(tmp_path / "city", size)
    result = benchmark.pedantic(
        import_survey, args=(answers, folder), kwargs={"wave": "2024"}, rounds=1, iterations=1
    )
    assert len(result.ties) == size * (size - 1)
    assert result.respondents["responded"].all()
    meta = json.loads((folder / "datapackage.json").read_text())
    assert "survey_ties" in {r["name"] for r in meta["resources"]}


def test_partner_scores_benchmark(benchmark, tmp_path, size):
    folder, answers = survey_city(tmp_path / "city", size)
    import_survey(answers, folder, wave="2024")
    city = load_city(folder)
    scores = benchmark.pedantic(partner_scores, args=(city,), rounds=3, iterations=1)
    # n_raters counted independently from the answer file: rows of level >= 1 per partner
    raw = pd.read_csv(answers)
    named = raw[raw["level"] >= 1]
    expected = named.groupby("partner_id").size()
    assert len(scores) == size
    assert scores["n_raters"].to_dict() == expected.to_dict()
    # value of one partner: the mean over its raters of each rater's mean of the three items
    first = named[named["partner_id"] == "org-0000"]
    value = first[["value_influence", "value_involvement", "value_resources"]].mean(axis=1)
    assert scores.loc["org-0000", "value"] == pytest.approx(value.mean())
