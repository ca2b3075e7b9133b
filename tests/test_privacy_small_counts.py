"""Cross-output suppression check (issue #13.2) on a synthetic city with many small counts.

The Beispielstadt has few small cells. The city here is ``netzwerk.synth`` at 80 actors and 100
referral rows with every count divided by three (rounded up): most field × sector cells are
below the threshold, rows and columns need several complementary suppressions, some rows and
columns have exactly one small cell (so a line total alone would give it away). The real
report runs on it, and every number it shows about referral counts is gathered:

* the CSV table with its totals and the figure's cell labels (SVG),
* the map (``network.html`` and the copy inside the executed notebook): the referral count in a
  tooltip, and each tie's weight, from which a reader who knows the event layer subtracts it,
* ``vermittler.csv``: each actor's ``strength`` (weighted degree) is the sum of its ties'
  weights, so minus the event layer the sum of its referral counts,
* ``results.json``: the counted total and the network's ``total_weight`` (all tie weights).

The reader is strong: it knows the event layer (events are no secret) and which pairs refer in
which field and sector, and each primary cell's smallest and largest value over all tables
that agree with everything shown is found by linear programming (``_determined_cells`` of
``test_privacy``). No cell may be pinned down.

Two channels leaked before issue #13 was closed and are tested here: the actors' ``strength``
in ``vermittler.csv`` (an actor with a single referral partner gave that pair's count away; the
report now leaves the column out where ties carry referrals, ``report.published_brokers``) and
``total_weight`` where the table hides the grand total (now null). A weight sum is read either
way the report may compute it: over all counted referrals or over the shown ones only. Not modelled: measures that
depend on the weights non-linearly (weighted betweenness, Burt's constraint and effective size
in ``vermittler.csv`` and the map's node tooltips).
"""

from __future__ import annotations

import html
import json
import math
import re
from pathlib import Path

import pandas as pd
import pytest
from test_privacy import _determined_cells, _outputs, _referral_cells

THRESHOLD = 5
CITY = "kleinstadt"


def _small_count_city(folder: Path) -> Path:
    """Write the small-count city (synthetic, labelled so) to ``folder / CITY``."""
    from netzwerk.synth import generate_city, write_city

    city = generate_city(
        n_actors=80, n_events=12, n_referral_rows=100, n_cards=12, seed=0, name=CITY
    )
    count = city.referrals["count"]
    small = (count + 2) // 3  # ceil(count / 3); empty counts stay empty
    city.referrals["count"] = small.astype("Int64")
    assert city.meta["synthetic"] is True and city.meta["title"].endswith("(synthetisch)")
    write_city(city, folder / CITY)
    return folder / CITY


@pytest.fixture(scope="module")
def small_report(tmp_path_factory):
    from netzwerk import report

    data = tmp_path_factory.mktemp("small-counts-data")
    city_dir = _small_count_city(data)
    out = tmp_path_factory.mktemp("small-counts-report")
    parameters = {"n_permutations": 20, "n_resamples": 2}  # the counts do not depend on them
    report.run_report(CITY, data_dir=data, out_dir=out, parameters=parameters, html=False)
    return out, city_dir


def _event_layer(city_dir: Path):
    """Per tie (pair of actors): the weight that is not counted referrals, as the reader knows
    it (event layer plus ``uncounted_weight`` of pairs documented without any count), and the
    pairs with counted referrals."""
    from netzwerk import cooperation_graph, load_city

    G = cooperation_graph(load_city(city_dir))  # the report's defaults
    known, counted = {}, set()
    for u, v, d in G.edges(data=True):
        pair = frozenset((u, v))
        w = float(d.get("weight_events") or 0.0)
        if d.get("referrals_counted"):
            counted.add(pair)
        else:
            w += float(d.get("weight_referrals") or 0.0)
        known[pair] = w
    return known, counted


def _whole(value: float, tolerance: float, what: str) -> int:
    assert abs(value - round(value)) <= tolerance, f"{what}: {value} is no whole count"
    return round(value)


def _sum_over(source, rest, pairs, shown, cells):
    """The equation a weight sum gives: ``rest`` (the sum minus the event layer) is the
    referrals of all counted ``pairs`` (weights as computed) or only of those whose counts
    are shown (weights as published); whichever it is, the reader knows the rule."""
    truth = cells.groupby("pair")["count"].sum()
    full = int(sum(truth.get(p, 0) for p in pairs))
    part = int(sum(truth.get(p, 0) for p in pairs if p in shown))
    if rest == full:
        return (source, frozenset(pairs), rest)
    assert rest == part, f"{source}: {rest} is neither all referrals ({full}) nor shown ({part})"
    return (source, frozenset(p for p in pairs if p in shown), rest)


def _map_data(page: str) -> dict:
    match = re.search(r'id="netzwerk-data">(.*?)</script>', page, re.DOTALL)
    return json.loads(match.group(1))


def _notebook_maps(notebook: Path) -> list[dict]:
    """The map data embedded in the executed notebook's outputs (the iframe's srcdoc)."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    maps = []
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            text = "".join(output.get("data", {}).get("text/html", ""))
            if "netzwerk-data" in text:
                maps.append(_map_data(html.unescape(text)))
    return maps


def _notebook_table_headers(notebook: Path) -> set[str]:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    headers = set()
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            text = "".join(output.get("data", {}).get("text/html", ""))
            if "netzwerk-data" not in text:
                headers |= {html.unescape(h) for h in re.findall(r"<th[^>]*>(.*?)</th>", text)}
    return headers


def _weight_equations(folder: Path, city_dir: Path, maps: list[dict]):
    """Linear equations on the counted referrals of sets of pairs: (source, pairs, total) from
    the map's tie weights, the actors' strengths and results.json's total weight."""
    known, counted = _event_layer(city_dir)
    cells = _referral_cells(city_dir)
    cells = cells[cells["count"].notna()]
    equations, shown = [], set()
    # map ties: weight (4 decimals) minus what the reader knows = the referrals it contains
    for data in maps:
        for edge in data["edges"]:
            pair = frozenset((edge["from"], edge["to"]))
            rest = _whole(edge["strength"] - known[pair], 1e-3, f"map tie {sorted(pair)}")
            if pair in counted and "verdeckt" not in edge["title"]:
                shown.add(pair)
            if pair in counted and (rest or "verdeckt" not in edge["title"]):
                equations.append(("map", frozenset([pair]), rest))
            else:
                assert rest == 0, f"map tie {sorted(pair)} carries weight nobody accounts for"
    # vermittler.csv: strength = sum of the actor's tie weights
    table = pd.read_csv(folder / "vermittler.csv", dtype={"actor_id": str})
    strengths = table["strength"] if "strength" in table else []  # a left-out column tells nothing
    for actor, strength in zip(table["actor_id"], strengths, strict=False):
        pairs = [p for p in known if actor in p]
        rest = _whole(strength - sum(known[p] for p in pairs), 1e-6, f"strength of {actor}")
        mine = [p for p in pairs if p in counted]
        if mine:
            equations.append(_sum_over("strength", rest, mine, shown, cells))
        else:
            assert rest == 0, f"strength of {actor} carries weight nobody accounts for"
    # results.json: the network's total weight (12 significant digits)
    results = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    total_weight = results["figures"]["network"]["total_weight"]
    if total_weight is not None:  # null: left out, nothing to learn
        rest = _whole(total_weight - sum(known.values()), 1e-6, "total_weight")
        equations.append(_sum_over("total_weight", rest, counted, shown, cells))
    return equations


def _check(folder: Path, city_dir: Path, *, sources=("map", "total_weight"), figure=None):
    """Primary cells pinned down by the tables, the figure, the map's counts, results.json's
    total and the weight equations of ``sources``."""
    csv_table, svg_figure, pairs, cells, total = _outputs(folder, city_dir)
    figure = svg_figure if figure is None else figure
    maps = [_map_data((folder / "network.html").read_text(encoding="utf-8"))]
    maps += _notebook_maps(folder / "city_report.ipynb")
    assert len(maps) == 2, "the notebook shows the map"
    assert maps[1]["edges"] == maps[0]["edges"], "the notebook's map is the published one"
    extra = [(p, n) for s, p, n in _weight_equations(folder, city_dir, maps) if s in sources]
    return _determined_cells(
        csv_table, figure, pairs, cells, THRESHOLD, total, pair_equations=extra
    )


# ---------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_city_has_many_small_counts(small_report):
    folder, city_dir = small_report
    meta = json.loads((city_dir / "datapackage.json").read_text(encoding="utf-8"))
    assert meta["synthetic"] is True and "(synthetisch)" in meta["title"]
    results = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    assert results["synthetic"] is True
    refs = pd.read_csv(city_dir / "referrals.csv", dtype=str, keep_default_na=False)
    assert not (refs["from_id"] == refs["to_id"]).any()  # the reader model has no self-loops
    table = pd.read_csv(
        folder / "verweise_nach_handlungsfeld.csv", index_col=0, dtype=str, keep_default_na=False
    )
    body = table.drop(index="Summe", columns="Summe")
    small, hidden = body == f"<{THRESHOLD}", body == "."
    assert small.to_numpy().sum() >= 8  # many cells below the threshold
    assert hidden.to_numpy().sum() >= 15  # and more hidden to protect them
    assert (hidden.sum(axis=1) >= 2).sum() >= 5 and (hidden.sum(axis=0) >= 2).sum() >= 3
    assert (small.sum(axis=1) == 1).any()  # a row with exactly one small cell
    # a column with one small cell: its total minus the shown cells would give it away
    one = [c for c in body.columns if small[c].sum() == 1]
    assert one and all(hidden[c].any() or table.at["Summe", c] == "." for c in one)


@pytest.mark.slow
def test_no_suppressed_count_is_determined_by_the_outputs(small_report):
    folder, city_dir = small_report
    csv_table, figure, _, _, _ = _outputs(folder, city_dir)
    for cell, text in figure.items():  # the figure hides exactly what the table hides
        if text != "?":
            assert text == csv_table.at[cell], cell
    # the map hides the counts of ties with a referral row in a hidden cell
    page = (folder / "network.html").read_text(encoding="utf-8")
    assert "Verweise: verdeckt" in page
    assert _check(folder, city_dir) == []
    # the notebook's tables show no weight or referral column beyond what is modelled here
    headers = _notebook_table_headers(folder / "city_report.ipynb")
    assert not [h for h in headers if re.search(r"Verweis|Gewicht|Stärke|strength", h)]


@pytest.mark.slow
def test_actor_strengths_determine_no_suppressed_cell(small_report):
    folder, city_dir = small_report
    assert _check(folder, city_dir, sources=("map", "total_weight", "strength")) == []


@pytest.mark.slow
def test_the_check_catches_a_planted_leak(small_report):
    # The figure as before #13.2 (every count >= 5 printed, also in "." cells) must be caught:
    # a small count then follows from a line total.
    folder, city_dir = small_report
    csv_table, _, _, cells, _ = _outputs(folder, city_dir)
    sums = cells.groupby(["field", "sector"])["count"].sum()
    old_figure = {cell: str(int(n)) for cell, n in sums.items() if n >= THRESHOLD}
    assert any(csv_table.at[c] == "." for c in old_figure)
    found = _check(folder, city_dir, sources=(), figure=old_figure)
    pinned = [(f, s) for f, s, lo, hi in found if math.isclose(lo, hi, abs_tol=1e-6)]
    assert any(0 < sums[c] < THRESHOLD for c in pinned)
    for f, s, lo, _ in found:
        if (f, s) in pinned:
            assert round(lo) == sums[(f, s)]  # the leak recovers the true hidden count


@pytest.fixture(scope="module")
def hidden_total(tmp_path_factory):
    """The small-count city with every count empty but one row of count 2: the table's only
    count is below 5, and so are its row, column and grand total."""
    from netzwerk import cooperation_graph, load_city
    from netzwerk.report import field_flows, key_figures
    from netzwerk.synth import generate_city, write_city

    tmp = tmp_path_factory.mktemp("hidden-total")
    city = generate_city(n_actors=80, n_events=12, n_referral_rows=100, n_cards=12, seed=0)
    refs = city.referrals
    first = refs.index[refs["count"].notna()][0]
    refs["count"] = pd.array([pd.NA] * len(refs), dtype="Int64")
    refs.loc[first, "count"] = 2
    assert city.meta["synthetic"] is True
    city_dir = tmp / CITY
    write_city(city, city_dir)
    city = load_city(city_dir)
    flows = field_flows(city, threshold=THRESHOLD)
    figures = key_figures(city, cooperation_graph(city), flows=flows)
    flows.published().to_csv(tmp / "verweise.csv")
    csv_table = pd.read_csv(tmp / "verweise.csv", index_col=0, dtype=str, keep_default_na=False)
    cells = _referral_cells(city_dir)
    known, counted = _event_layer(city_dir)
    cells = cells[cells["count"].notna()]
    total_weight = figures["network"]["total_weight"]
    if total_weight is None or (isinstance(total_weight, float) and math.isnan(total_weight)):
        return csv_table, cells, figures, None  # left out: nothing to learn
    rest = _whole(total_weight - sum(known.values()), 1e-6, "total")
    _, pairs, rest = _sum_over("total_weight", rest, counted, set(), cells)  # the map shows none
    return csv_table, cells, figures, (pairs, rest)


def test_a_hidden_grand_total_is_hidden_in_the_table_and_results(hidden_total):
    csv_table, cells, figures, _ = hidden_total
    assert figures["data"]["n_referrals_counted"] is None  # results.json leaves it out
    assert csv_table.at["Summe", "Summe"] == f"<{THRESHOLD}"
    assert (csv_table == f"<{THRESHOLD}").to_numpy().sum() == 4  # cell, row, column, grand
    # without total_weight nothing pins the cell: it can be anything from 1 to 4
    assert _determined_cells(csv_table, {}, {}, cells, THRESHOLD, None) == []


def test_total_weight_keeps_a_hidden_grand_total_hidden(hidden_total):
    csv_table, cells, _, equation = hidden_total
    extra = [] if equation is None else [equation]
    assert _determined_cells(csv_table, {}, {}, cells, THRESHOLD, None, extra) == []
