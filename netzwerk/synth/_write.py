"""Metadata, the README source file and writing a city folder (``write_city``)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from netzwerk._schema import ALL_TABLES, SURVEY_TABLES, TABLES
from netzwerk.io import City, write_datapackage
from netzwerk.synth._params import SOURCE_FILE

# ---------------------------------------------------------------------------------------------
# Metadata, README and writing


#: Target range of the event layer's density (issue 14): a realistic town, not a hairball.
TARGET_DENSITY: tuple[float, float] = (0.05, 0.25)
#: Above this many actors the clustering coefficient is not computed for the description.
_CLUSTERING_MAX_ACTORS = 2_000


def _event_layer_structure(part: dict[str, np.ndarray], n_actors: int) -> dict[str, Any]:
    """Density, degree distribution and clustering of the event layer (shared events).

    The event layer is the co-participation graph (two actors are tied when they attend an
    event together), i.e. ``cooperation_graph(city, layers=("events",))`` without weights.
    """
    import networkx as nx

    n_events = int(part["event"].max()) + 1 if part["event"].size else 0
    B = sp.csr_array(
        (np.ones(part["actor"].size), (part["actor"], part["event"])), shape=(n_actors, n_events)
    )
    B.data[:] = 1.0
    C = sp.triu(B @ B.T, k=1).tocoo()  # one entry per tied pair
    ties = int(C.nnz)
    degree = np.bincount(C.row, minlength=n_actors) + np.bincount(C.col, minlength=n_actors)
    sizes = np.bincount(part["event"], minlength=n_events)
    out: dict[str, Any] = {
        "target_density": list(TARGET_DENSITY),
        "density": round(2 * ties / (n_actors * (n_actors - 1)), 4),
        "ties": ties,
        "degree_median": float(np.median(degree)),
        "degree_mean": round(float(degree.mean()), 1),
        "degree_p90": round(float(np.percentile(degree, 90)), 1),
        "degree_max": int(degree.max()),
        "event_size_median": float(np.median(sizes)),
        "event_size_max": int(sizes.max()),
        "share_events_up_to_10": round(float((sizes <= 10).mean()), 2),
        "clustering": None,
    }
    if n_actors <= _CLUSTERING_MAX_ACTORS:
        G = nx.Graph()
        G.add_nodes_from(range(n_actors))
        G.add_edges_from(zip(C.row.tolist(), C.col.tolist(), strict=True))
        out["clustering"] = round(nx.average_clustering(G), 2)
    return out


def _de_number(value: float, digits: int = 0) -> str:
    text = f"{value:,.{digits}f}"
    return text.replace(",", "X").replace(".", ",").replace("X", ".")


def _structure_text(st: dict[str, Any]) -> str:
    lo, hi = st["target_density"]
    clustering = (
        f"mittlerer Clusterkoeffizient {_de_number(st['clustering'], 2)}"
        if st["clustering"] is not None
        else "Clusterkoeffizient nicht berechnet (über 2.000 Akteure)"
    )
    return (
        f"Ereignisschicht (gemeinsame Veranstaltungen): Zieldichte bei 150 Akteuren "
        f"{_de_number(lo, 2)}–"
        f"{_de_number(hi, 2)}, gemessen {_de_number(st['density'], 3)} "
        f"({_de_number(st['ties'])} Paare); Partner je Akteur: Median "
        f"{_de_number(st['degree_median'])}, Mittel {_de_number(st['degree_mean'], 1)}, "
        f"90. Perzentil {_de_number(st['degree_p90'])}, höchstens {_de_number(st['degree_max'])} "
        f"(rechtsschief: wenige sehr gut vernetzte Akteure); {clustering}. Veranstaltungen: "
        f"Median {_de_number(st['event_size_median'], 1)} Akteure, "
        f"{_de_number(100 * st['share_events_up_to_10'])} % mit höchstens 10 "
        f"(Arbeitstreffen, Arbeitskreise), die größte mit {_de_number(st['event_size_max'])}."
    )


def _meta(
    *,
    name: str,
    seed: int,
    sizes: dict[str, int],
    years: tuple[int, int],
    planted: dict[str, Any],
    structure: dict[str, Any],
) -> dict[str, Any]:
    title = "Beispielstadt" if name == "beispielstadt" else f"Beispielstadt – {name}"
    args = ", ".join(f"{k}={v}" for k, v in sizes.items())
    return {
        "name": name,
        "title": f"{title} (synthetisch)",
        "description": (
            "Synthetische, frei erfundene Stadt: alle Organisationen, Veranstaltungen, Verweise "
            "und Karten sind mit netzwerk.synth.generate_city erzeugt "
            f"(seed={seed}, {args}, years={years[0]}–{years[1]}); erneutes Erzeugen mit "
            f"'netzwerk synth OUT --seed {seed}' ergibt identische Dateien. Die Daten enthalten "
            "bewusst eingebaute Strukturen (siehe 'planted'). "
            f"{_structure_text(structure)} "
            "Synthetic data: every name is invented; not a real city."
        ),
        "city": "Beispielstadt",
        "land": "Beispielland (fiktiv)",
        "programme": "Landesprogramm „Integration vor Ort“ (fiktiv)",
        "temporal": {"start": str(years[0]), "end": str(years[1])},
        "licenses": [
            {
                "name": "CC0-1.0",
                "title": "Creative Commons Zero v1.0 Universal",
                "path": "https://creativecommons.org/publicdomain/zero/1.0/",
            }
        ],
        "synthetic": True,
        "generator": {
            "module": "netzwerk.synth",
            "function": "generate_city",
            "seed": seed,
            **sizes,
            "years": list(years),
        },
        "planted": planted,
        "structure": structure,
    }


def _readme_text(meta: dict[str, Any]) -> str:
    gen, planted = meta["generator"], meta["planted"]
    needs = planted["needs"]
    return "\n".join(
        [
            f"{meta.get('title', 'Synthetische Stadt')}",
            "",
            "Diese Daten sind synthetisch. Sie wurden von netzwerk.synth.generate_city erzeugt",
            "und beschreiben keine reale Stadt; alle Namen sind erfunden.",
            "This folder holds synthetic data generated by netzwerk.synth.generate_city;",
            "it describes no real city and every name is invented.",
            "",
            "Erzeugt mit / generated with:",
            f"  netzwerk synth OUT --seed {gen['seed']} --actors {gen['n_actors']} "
            f"--events {gen['n_events']} --referrals {gen['n_referral_rows']} "
            f"--cards {gen['n_cards']}",
            f"  Zeitraum / years: {gen['years'][0]}-{gen['years'][1]}",
            "",
            "Eingebaute Strukturen / planted structure (datapackage.json, 'planted'):",
            f"  Brücke / bridge: {planted['bridge']} verbindet allein "
            f"{len(planted['bridged_actors'])} Migrantenorganisationen mit dem übrigen Netz.",
            f"  Sektorlücke / gap: {' und '.join(planted['gap_sectors'])} haben keine "
            "gemeinsame Veranstaltung und keinen Verweis.",
            f"  Handlungsfeld / field: {planted['unreachable_definition']}.",
            f"  Bedarfe / needs: {len(needs['connected'])} verbunden (connected), "
            f"{len(needs['unconnected'])} unverbunden (unconnected), {len(needs['unmet'])} "
            "ohne Angebot (unmet).",
            "",
        ]
    )


def _write_table(frame: pd.DataFrame, columns: list[str], path: Path) -> None:
    out = pd.DataFrame(index=frame.index)
    for column in columns:
        values = frame[column] if column in frame.columns else pd.Series(pd.NA, index=frame.index)
        if pd.api.types.is_bool_dtype(values.dtype):
            flags = values.fillna(False).to_numpy(dtype=bool)
            values = pd.Series(np.where(flags, "true", "false"), index=frame.index)
        out[column] = values
    out.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def write_city(city: City, folder: str | Path) -> Path:
    """Write a city as a folder: UTF-8 CSV tables, ``sources/`` and ``datapackage.json``.

    Tables are written with ``,`` as separator, ``\\n`` line ends, booleans as ``true``/``false``
    and missing values as empty fields, so the same city always gives byte-identical files.
    For a synthetic city made by :func:`generate_city` the source file ``sources/README.txt``
    (how the data were generated, and the planted structure) is written too; for other cities
    the source files are copied from the folder the city was loaded from.

    Parameters
    ----------
    city : City
        The city to write; it is not modified.
    folder : str or Path
        Target folder; created if missing. Existing table files are overwritten.

    Returns
    -------
    Path
        The path of the written ``datapackage.json``.

    Raises
    ------
    TypeError
        If ``city`` is not a :class:`netzwerk.io.City`.

    See Also
    --------
    generate_city : Make a synthetic city.
    netzwerk.io.write_datapackage : Writes the ``datapackage.json``.
    netzwerk.io.load_city : Read the folder back.

    Examples
    --------
    >>> import tempfile
    >>> from netzwerk.synth import generate_city
    >>> city = generate_city(n_actors=80, n_events=12, n_referral_rows=50, n_cards=12)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = write_city(city, tmp)
    ...     sorted(p.name for p in out.parent.iterdir())
    ['actors.csv', 'datapackage.json', 'events.csv', 'participation.csv', 'referrals.csv',
     'resources.csv', 'sources', 'sources.csv']
    """
    if not isinstance(city, City):
        raise TypeError(f"city must be a netzwerk City, got {type(city).__name__}")
    folder = Path(folder)
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    for name in ALL_TABLES:
        if name in SURVEY_TABLES and getattr(city, name).empty:
            continue  # a city without a survey has no survey files
        _write_table(getattr(city, name), TABLES[name].column_names, folder / f"{name}.csv")
    if "generator" in city.meta and "planted" in city.meta:
        text = _readme_text(city.meta)
        (folder / "sources" / SOURCE_FILE).write_text(text, encoding="utf-8", newline="\n")
    elif city.path is not None:
        for file in city.sources["file"].dropna():
            src = Path(city.path) / "sources" / str(file)
            if src.exists() and src.resolve() != (folder / "sources" / str(file)).resolve():
                shutil.copyfile(src, folder / "sources" / str(file))
    meta = {k: v for k, v in city.meta.items() if k not in ("resources", "profile")}
    return write_datapackage(folder, meta)
