"""Tests for netzwerk.synth: determinism, sizes, realism, the planted structure, the CLI.

The planted facts are checked directly on the tables with networkx and pandas (graphs built here,
independently of netzwerk.graph/brokers/gaps), for the bundled city and for other seeds/sizes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from netzwerk import vocab
from netzwerk.cli import main
from netzwerk.graph import cooperation_graph
from netzwerk.io import City, load_city, validate
from netzwerk.synth import (
    FIELDS,
    ROLES,
    SECTORS,
    TARGET_DENSITY,
    _default_sizes,
    _size_scale,
    generate_city,
    write_city,
)

FICTITIOUS = re.compile(r"Beispiel|Muster|Modell|Vorlage|Platz|Exempel|Schema|Entwurf|Probst")


@pytest.fixture(scope="module")
def bundled() -> City:
    """The bundled example city as generated (seed 1, default sizes)."""
    return generate_city(seed=1)


@pytest.fixture(scope="module")
def mid() -> City:
    """A mid-size city: 1,000 actors, 351 events, 25,038 referral rows (default sizes)."""
    return generate_city(n_actors=1000, seed=3)


# The planted structure must hold for every seed and size; three cities keep the suite fast.
@pytest.fixture(
    scope="module",
    params=[
        {"seed": 1},
        {"seed": 2},
        {"seed": 7, "n_actors": 400},
        {"seed": 11, "n_actors": 80, "n_events": 12, "n_referral_rows": 40, "n_cards": 12},
    ],
    ids=["seed1", "seed2", "400-actors", "tiny"],
)
def city(request) -> City:
    return generate_city(**request.param)


# ---------------------------------------------------------------------------------------------
# helpers: ties computed from the tables


def _roots(city: City) -> dict[str, str]:
    parent = dict(zip(city.actors["actor_id"], city.actors["parent_id"], strict=True))
    roots = {}
    for actor in parent:
        a = actor
        while not pd.isna(parent[a]):
            a = parent[a]
        roots[actor] = a
    return roots


def _tie_graph(city: City, *, collapse: bool = False) -> nx.Graph:
    """Actors linked by a shared event or a referral row (either direction)."""
    roots = _roots(city)
    key = (lambda a: roots[a]) if collapse else (lambda a: a)
    G = nx.Graph()
    G.add_nodes_from({key(a) for a in city.actors["actor_id"]})
    for _, group in city.participation.groupby("event_id"):
        members = sorted({key(a) for a in group["actor_id"]})
        G.add_edges_from((u, v) for i, u in enumerate(members) for v in members[i + 1 :])
    for u, v in zip(city.referrals["from_id"], city.referrals["to_id"], strict=True):
        if key(u) != key(v):
            G.add_edge(key(u), key(v))
    return G


def _need_status(city: City, *, collapse: bool = False) -> dict[str, str]:
    """Classify every need card from the tables (definition of meta['planted']['needs'])."""
    roots = _roots(city)
    key = (lambda a: roots[a]) if collapse else (lambda a: a)
    G = _tie_graph(city, collapse=collapse)
    cards = city.resources
    offers = cards[(cards["kind"] == "offer") & cards["actor_id"].notna()]
    anonymous = cards[(cards["kind"] == "offer") & cards["actor_id"].isna()]
    status = {}
    for _, need in cards[cards["kind"] == "need"].iterrows():
        same = offers[offers["topic"] == need["topic"]]
        if len(same) == 0 and need["topic"] not in set(anonymous["topic"]):
            status[need["resource_id"]] = "unmet"
            continue
        me = key(need["actor_id"])
        tied = any(key(o) != me and G.has_edge(me, key(o)) for o in same["actor_id"])
        status[need["resource_id"]] = "connected" if tied else "unconnected"
    return status


# ---------------------------------------------------------------------------------------------
# determinism and the bundled city


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    a = write_city(generate_city(seed=5, n_actors=120), tmp_path / "a").parent
    b = write_city(generate_city(seed=5, n_actors=120), tmp_path / "b").parent
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert len(files) == 8  # six tables, datapackage.json, sources/README.txt
    assert files == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    for f in files:
        assert (a / f).read_bytes() == (b / f).read_bytes(), f


def test_different_seeds_differ(bundled: City) -> None:
    other = generate_city(seed=2)
    assert not bundled.actors["name"].equals(other.actors["name"])
    assert not bundled.participation.equals(other.participation)
    assert not bundled.referrals[["from_id", "to_id"]].equals(other.referrals[["from_id", "to_id"]])


def test_bundled_city_is_reproducible(tmp_path: Path, data_dir: Path) -> None:
    folder = data_dir / "beispielstadt"
    meta = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    args = {k: v for k, v in meta["generator"].items() if k not in ("module", "function")}
    args["years"] = tuple(args["years"])
    assert args["seed"] == 1
    assert "seed=1" in meta["description"]
    out = write_city(generate_city(**args, name=meta["name"]), tmp_path / "city").parent
    if meta.get("synthetic_survey"):  # the second step of the recipe: netzwerk survey synth
        from netzwerk.survey import synthetic_survey, write_survey_tables

        write_survey_tables(synthetic_survey(load_city(out), seed=meta["survey_seed"]), out)
        assert f"netzwerk survey synth OUT --seed {meta['survey_seed']}" in meta["description"]
    files = sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    for f in files:
        assert (out / f).read_bytes() == (folder / f).read_bytes(), f


def test_bundled_city_loads_and_validates(data_dir: Path) -> None:
    folder = data_dir / "beispielstadt"
    problems = validate(folder)
    assert [str(p) for p in problems if p.severity == "error"] == []
    city = load_city(folder)
    assert city.synthetic and city.name == "beispielstadt"
    assert len(city.actors) == 150 and len(city.referrals) == 1200


def test_bundled_city_passes_frictionless(data_dir: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(data_dir / "beispielstadt" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_written_city_loads_to_equal_tables(bundled: City, tmp_path: Path) -> None:
    write_city(bundled, tmp_path)
    loaded = load_city(tmp_path)
    for name in ("sources", "actors", "events", "participation", "referrals", "resources"):
        pd.testing.assert_frame_equal(getattr(loaded, name), getattr(bundled, name), obj=name)


def test_generated_tables_are_typed_like_from_frames(bundled: City) -> None:
    # the referrals table is built without the loader (speed); it must equal the loader's typing
    plain = bundled.referrals.drop(columns=["period_start", "period_end"]).astype(object)
    plain = plain.where(plain.notna(), "")
    retyped = City.from_frames(referrals=plain.astype(str)).referrals
    pd.testing.assert_frame_equal(retyped, bundled.referrals)


def test_write_city_does_not_modify_the_city(tmp_path: Path) -> None:
    city = generate_city(seed=4, n_actors=100)
    before = {n: getattr(city, n).copy() for n in ("actors", "referrals", "resources")}
    meta = json.dumps(city.meta, sort_keys=True)
    write_city(city, tmp_path)
    for n, frame in before.items():
        pd.testing.assert_frame_equal(getattr(city, n), frame)
    assert json.dumps(city.meta, sort_keys=True) == meta


# ---------------------------------------------------------------------------------------------
# metadata, labels and evidence


def test_labelled_synthetic_everywhere(bundled: City) -> None:
    meta = bundled.meta
    assert meta["synthetic"] is True
    assert meta["title"].endswith("(synthetisch)")
    assert "Synthetische" in meta["description"] and "Synthetic" in meta["description"]
    assert list(bundled.sources["source_id"]) == ["synth"]
    assert list(bundled.sources["file"]) == ["README.txt"]
    for name in ("actors", "events", "participation", "referrals", "resources"):
        assert set(getattr(bundled, name)["source_id"]) == {"synth"}, name
    for name in ("participation", "referrals", "resources"):
        assert getattr(bundled, name)["quote"].isna().all(), name


def test_names_are_fictitious(city: City) -> None:
    assert city.actors["name"].str.contains(FICTITIOUS).all()
    assert city.events["title"].str.contains(FICTITIOUS).all()
    assert city.resources["text"].str.len().gt(10).all()


def test_codes_come_from_the_vocabularies(bundled: City) -> None:
    assert set(SECTORS) == set(vocab.load_vocabulary("sectors").codes) - {"gemischt"}
    assert set(FIELDS) <= set(vocab.load_vocabulary("fields").codes)
    assert set(ROLES) == set(vocab.load_vocabulary("roles").codes)
    checks = {
        ("actors", "level"): "levels",
        ("events", "kind"): "event_kinds",
        ("resources", "topic"): "topics",
        ("resources", "attribution"): "attributions",
    }
    for (table, column), name in checks.items():
        assert set(getattr(bundled, table)[column]) <= set(vocab.load_vocabulary(name).codes)


# ---------------------------------------------------------------------------------------------
# sizes and realism


def test_default_sizes_at_150_actors(bundled: City) -> None:
    assert len(bundled.actors) == 150
    assert len(bundled.events) == 60
    assert len(bundled.referrals) == 1200
    assert len(bundled.resources) == 80
    offers = (bundled.resources["kind"] == "offer").sum()
    assert 30 <= offers <= 50  # roughly half the cards are offers
    assert set(bundled.actors["sector"]) == set(SECTORS)  # all sectors present


def test_default_sizes_scale_to_the_benchmark_city() -> None:
    # anchors: 150 actors -> 60 events, 1,200 rows; 10,000 -> 3,000 events, 1,000,000 rows
    assert _default_sizes(150) == {"events": 60, "referrals": 1200, "cards": 80}
    big = _default_sizes(10_000)
    assert big["events"] == 3000
    assert abs(big["referrals"] - 1_000_000) <= 1_000
    # the largest events: 80 at 150 actors, 300 at 10,000
    assert _size_scale(150) == 1.0
    assert round(80 * _size_scale(10_000)) == 300


def test_event_sizes_and_roles(bundled: City) -> None:
    size = bundled.participation.groupby("event_id").size()
    kind = bundled.events.set_index("event_id")["kind"]
    assert size.median() <= 10  # most meetings are small (issue 14: was 14)
    assert (size[kind[kind == "arbeitstreffen"].index] <= 4).all()  # bilateral meetings
    assert 15 <= size[kind[kind == "fachtag"].index].max() <= 30  # a few large Fachtage
    assert size.max() == 30
    roles = bundled.participation.groupby("event_id")["role"]
    organisers = roles.apply(lambda r: r.isin(["organizer", "host"]).sum())
    assert organisers.between(1, 4).all()
    speakers = roles.apply(lambda r: (r == "speaker").sum())
    assert (speakers <= 8).all()
    assert roles.apply(lambda r: (r == "funder").any()).sum() >= 3
    share_participant = (bundled.participation["role"] == "participant").mean()
    assert share_participant > 0.6  # bilateral meetings are mostly organisers (was > 0.7)
    assert not bundled.participation.duplicated(["event_id", "actor_id"]).any()


def test_event_layer_is_sparse_and_heavy_tailed(bundled: City) -> None:
    # issue 14: the event layer of the bundled city has a density in TARGET_DENSITY (it was
    # 0.70); computed independently with networkx on the unweighted co-participation graph
    G = cooperation_graph(bundled, layers=("events",))
    lo, hi = TARGET_DENSITY
    assert lo <= nx.density(G) <= hi
    st = bundled.meta["structure"]
    assert st["density"] == pytest.approx(nx.density(G), abs=5e-5)
    assert st["ties"] == G.number_of_edges()
    degree = pd.Series(dict(G.degree()))
    assert st["degree_median"] == degree.median() and st["degree_max"] == degree.max()
    assert degree.mean() > degree.median()  # right-skewed: a few actors with many partners
    assert degree.max() > 4 * degree.median()
    assert st["clustering"] == pytest.approx(nx.average_clustering(G), abs=0.005)
    assert (
        f"gemessen {str(round(st['density'], 3)).replace('.', ',')}" in bundled.meta["description"]
    )


def test_event_sizes_grow_with_the_city(mid: City) -> None:
    size = mid.participation.groupby("event_id").size()
    assert 30 < size.max() <= 112  # the top size grows: 30 at 150 actors, 112 at 10,000


def test_series_dates_and_years(bundled: City) -> None:
    events = bundled.events
    series = events["series"].value_counts()
    assert (series >= 3).sum() >= 3  # recurring Gremium meetings (incl. the bridge's series)
    assert events.loc[events["series"].notna(), "kind"].eq("gremium").all()
    length = events["date"].str.len()
    assert (length == 7).any() and (length == 4).any()  # "2018-05" and "2017"
    assert (length == 10).mean() > 0.7
    assert events["date_start"].dt.year.between(2016, 2024).all()
    assert events["event_id"].is_unique
    assert events["date_start"].is_monotonic_increasing


def test_departments_and_aggregates(bundled: City) -> None:
    actors = bundled.actors.set_index("actor_id")
    parent = actors["parent_id"].dropna()
    depth2 = [a for a, p in parent.items() if p in parent.index]
    assert depth2  # a department of a department (Stadtverwaltung > Dezernat > Amt)
    assert (actors.loc[parent.index, "sector"].to_numpy() == actors.loc[parent, "sector"]).all()
    agg = actors[actors["aggregate"]]
    assert len(agg) >= 3
    assert agg["size_estimate"].notna().all() and (agg["size_estimate"] >= 10).all()
    assert actors.loc[~actors["aggregate"], "size_estimate"].isna().all()


def test_referrals_fields_years_and_counts(bundled: City) -> None:
    r = bundled.referrals
    per_field = r.groupby("field")["count"].sum()
    assert (per_field >= 50).sum() >= 5  # at least five fields with real volume
    assert r["period_start"].dt.year.nunique() == 9
    assert 1000 <= r["count"].sum() <= 20_000  # thousands in total
    assert r["count"].isna().sum() > 0  # documented but not counted
    assert (r["count"].dropna() >= 1).all()
    assert r["period"].str.contains("-Q").any() and (~r["period"].str.contains("-Q")).any()
    assert not r.duplicated(["from_id", "to_id", "field", "period"]).any()
    assert (r["from_id"] != r["to_id"]).all()
    # a sender reports either per year or per quarter, never both
    quarterly = r["period"].str.contains("-Q").groupby(r["from_id"]).nunique()
    assert (quarterly == 1).all()


def test_referrals_run_between_actors_that_meet(mid: City) -> None:
    # 70 % of relationships are drawn among the partners the sender meets at events (the rest,
    # and senders who meet nobody receiving in the field, from all actors). Computed on this
    # city: 58.3 % of its 3,314 sender-receiver pairs share an event, against 2.2 % of all
    # ordered actor pairs (with the denser events before issue 14: 70.4 % against 9.3 %); the
    # generator before the rule (receivers drawn regardless of events) gave 16.7 %.
    p, r = mid.participation, mid.referrals
    both = p.merge(p, on="event_id")
    meet = set(zip(both["actor_id_x"], both["actor_id_y"], strict=True))
    n = len(mid.actors)
    density = (len(meet) - n) / (n * (n - 1))  # every actor takes part, so n self-pairs
    pairs = r[["from_id", "to_id"]].drop_duplicates()
    share = pd.Series([pair in meet for pair in zip(pairs["from_id"], pairs["to_id"], strict=True)])
    assert len(pairs) == 3314
    assert share.mean() == pytest.approx(0.5827, abs=5e-5)
    assert density == pytest.approx(0.0220, abs=5e-5)
    assert share.mean() > 0.5 and share.mean() > 20 * density


def test_referral_relationships_cover_several_fields_and_last(mid: City) -> None:
    # a relationship covers its field plus Poisson(1) further ones (computed on this city: 55.1 % of
    # (sender, receiver, period) have rows in more than one field; before the rule: 0.9 %) and
    # lasts a run of periods (7.6 rows per pair; before: 3.5)
    r = mid.referrals
    fields = r.groupby(["from_id", "to_id", "period"])["field"].agg(frozenset)
    assert (fields.map(len) > 1).mean() == pytest.approx(0.5514, abs=5e-5)
    assert r.groupby(["from_id", "to_id"]).size().mean() == pytest.approx(7.5552, abs=5e-5)
    # welfare organisations that send clients to a Jobcenter in arbeit and soziales at once
    sector = mid.actors.set_index("actor_id")["sector"]
    from_sector = fields.index.get_level_values("from_id").map(sector)
    to_sector = fields.index.get_level_values("to_id").map(sector)
    work_and_social = fields.map(lambda f: {"arbeit", "soziales"} <= f)
    welfare_to_jobcenter = (from_sector == "wohlfahrt") & (to_sector == "arbeitsmarkt")
    assert int((work_and_social & welfare_to_jobcenter).sum()) == 78


def test_every_actor_takes_part(city: City) -> None:
    assert set(city.actors["actor_id"]) == set(city.participation["actor_id"])
    assert set(city.events["event_id"]) == set(city.participation["event_id"])


# ---------------------------------------------------------------------------------------------
# planted structure


def test_planted_bridge_is_the_only_path(city: City) -> None:
    planted = city.meta["planted"]
    bridge, group = planted["bridge"], set(planted["bridged_actors"])
    sector = city.actors.set_index("actor_id")["sector"]
    assert len(group) >= 4 and (sector[list(group)] == "mso").all()
    for collapse in (False, True):
        G = _tie_graph(city, collapse=collapse)
        assert nx.is_connected(G)
        assert bridge in set(nx.articulation_points(G))
        H = G.copy()
        H.remove_node(bridge)
        components = list(nx.connected_components(H))
        assert group in components  # the group is a component of its own, and connected
        assert len(components) == 2
    # neither the bridge nor the group have a parent or departments
    actors = city.actors.set_index("actor_id")
    assert actors.loc[[bridge, *group], "parent_id"].isna().all()
    assert not set(actors["parent_id"].dropna()) & (group | {bridge})


def test_planted_bridge_events(bundled: City) -> None:
    planted = bundled.meta["planted"]
    group = set(planted["bridged_actors"])
    p = bundled.participation
    group_events = set(p.loc[p["actor_id"].isin(group), "event_id"])
    with_bridge = set(p.loc[p["actor_id"] == planted["bridge"], "event_id"])
    assert group_events <= with_bridge  # the MSOs meet only where the bridge is
    series = bundled.events.set_index("event_id").loc[sorted(group_events), "series"]
    assert set(series) == {planted["bridge_series"]}


def test_planted_sector_gap(city: City) -> None:
    a, b = city.meta["planted"]["gap_sectors"]
    sector = city.actors.set_index("actor_id")["sector"]
    assert (sector == a).sum() >= 8 and (sector == b).sum() >= 8
    p = city.participation.assign(sector=city.participation["actor_id"].map(sector))
    sectors_per_event = p.groupby("event_id")["sector"].agg(set)
    assert not sectors_per_event.map(lambda s: a in s and b in s).any()
    r = city.referrals
    pair = {
        frozenset((sector[f], sector[t])) for f, t in zip(r["from_id"], r["to_id"], strict=True)
    }
    assert frozenset((a, b)) not in pair
    assert city.actors.loc[city.actors["sector"].isin([a, b]), "parent_id"].isna().all()


def test_planted_unreachable_field(city: City) -> None:
    field = city.meta["planted"]["unreachable_field"]
    sector = city.actors.set_index("actor_id")["sector"]
    r = city.referrals[city.referrals["field"] == field]
    assert len(r) > 0
    assert not (r["to_id"].map(sector) == "mso").any()
    assert (r["from_id"].map(sector) == "mso").any()  # MSOs refer out, nobody refers to them
    # in every other field with rows, MSOs do receive referrals (the gap is specific)
    others = city.referrals[city.referrals["field"] != field]
    if len(others) > 500:
        received = others[others["to_id"].map(sector) == "mso"]["field"].nunique()
        assert received >= 2


def test_planted_needs(city: City) -> None:
    planted = city.meta["planted"]["needs"]
    assert all(len(planted[s]) >= 1 for s in ("connected", "unconnected", "unmet"))
    expected = {rid: status for status, ids in planted.items() for rid in ids}
    needs = city.resources[city.resources["kind"] == "need"]
    assert set(expected) == set(needs["resource_id"])
    assert _need_status(city) == expected
    assert _need_status(city, collapse=True) == expected
    assert needs["actor_id"].notna().all()


def test_planted_need_on_a_hand_checked_card(bundled: City) -> None:
    # one unconnected need of the bundled city, checked step by step
    cards = bundled.resources.set_index("resource_id")
    rid = bundled.meta["planted"]["needs"]["unconnected"][0]
    need = cards.loc[rid]
    offers = cards[(cards["kind"] == "offer") & (cards["topic"] == need["topic"])]
    assert len(offers) >= 1  # an offer exists ...
    G = _tie_graph(bundled)
    assert not any(G.has_edge(need["actor_id"], o) for o in offers["actor_id"])  # ... untied
    unmet = bundled.meta["planted"]["needs"]["unmet"][0]
    topic = cards.loc[unmet, "topic"]
    assert not ((cards["kind"] == "offer") & (cards["topic"] == topic)).any()


# ---------------------------------------------------------------------------------------------
# arguments and the command line


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"n_actors": 10}, ValueError, "n_actors must be at least 80, got 10"),
        ({"n_actors": "150"}, TypeError, "n_actors must be an integer"),
        ({"n_actors": True}, TypeError, "n_actors must be an integer"),
        ({"n_events": 3}, ValueError, "n_events must be at least 12"),
        ({"n_referral_rows": -1}, ValueError, "n_referral_rows must be at least 0"),
        ({"seed": 1.5}, TypeError, "seed must be an integer"),
        ({"years": (2024, 2016)}, ValueError, "years must be (first, last)"),
        ({"years": 2020}, TypeError, "years must be a pair"),
        ({"name": "Beispiel Stadt"}, ValueError, "name must be a slug"),
    ],
)
def test_bad_arguments(kwargs: dict, error: type, message: str) -> None:
    with pytest.raises(error, match=re.escape(message)):
        generate_city(**kwargs)


def test_no_referrals_and_short_span() -> None:
    city = generate_city(n_actors=90, n_referral_rows=0, years=(2020, 2021), seed=3)
    assert len(city.referrals) == 0
    assert city.events["date_start"].dt.year.between(2020, 2021).all()
    assert [p for p in validate(city) if p.severity == "error"] == []


def test_write_city_rejects_non_city(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="city must be a netzwerk City"):
        write_city({"actors": None}, tmp_path)


def test_cli_synth(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "stadt"
    args = ["synth", str(out), "--seed", "3", "--actors", "100", "--events", "20"]
    assert main([*args, "--referrals", "300", "--cards", "20", "--name", "klein"]) == 0
    summary = capsys.readouterr().out
    assert "100 Akteure, 20 Veranstaltungen" in summary and "300 Verweiszeilen" in summary
    city = load_city(out)
    assert city.name == "klein" and city.meta["title"] == "Beispielstadt – klein (synthetisch)"
    assert len(city.resources) == 20
    first = (out / "referrals.csv").read_bytes()
    assert main([*args, "--referrals", "300", "--cards", "20", "--name", "klein"]) == 0
    assert (out / "referrals.csv").read_bytes() == first


def test_cli_synth_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["synth", str(tmp_path / "x"), "--actors", "5"]) == 2
    assert "n_actors must be at least 80" in capsys.readouterr().err
    real = tmp_path / "real"
    real.mkdir()
    (real / "datapackage.json").write_text('{"name": "real", "synthetic": false}')
    assert main(["synth", str(real)]) == 1
    assert "keine synthetische Stadt" in capsys.readouterr().err
    assert not (real / "actors.csv").exists()


def test_names_other_modules_import_stay_reachable():
    # survey/_synth imports _write_table; the tests above import the codes and size helpers
    import netzwerk.synth as synth
    from netzwerk.synth import _params, _write

    assert synth._write_table is _write._write_table
    assert synth.SECTORS is _params.SECTORS and synth._default_sizes is _params._default_sizes
    assert callable(synth._cli_synth) and callable(synth._cli_synth_arguments)
