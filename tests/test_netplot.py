"""plot_network's backbone, legends and labels (netzwerk.plot._backbone), issue 14."""

from __future__ import annotations

import itertools

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import networkx as nx
import pytest

from netzwerk import plot
from netzwerk._terms import term
from netzwerk.plot._backbone import backbone_edges


def _star_with_rim() -> nx.Graph:
    # hub h tied to six spokes (weights 6..1); spokes tied in a ring with weight 0.1
    G = nx.Graph()
    for i in range(6):
        G.add_node(f"s{i}", name=f"Verein {i}", sector="mso", aggregate=False)
        G.add_edge("h", f"s{i}", weight=6.0 - i)
    for i in range(6):
        G.add_edge(f"s{i}", f"s{(i + 1) % 6}", weight=0.1)
    G.nodes["h"].update(name="Integrationsbüro", sector="verwaltung", aggregate=False)
    return G


def test_backbone_keeps_each_actors_strongest_ties():
    G = _star_with_rim()
    # k=1: each spoke's strongest tie is to the hub (weight >= 1 > 0.1): the six spokes only
    assert sorted(tuple(sorted((u, v))) for u, v, _ in backbone_edges(G, 1)) == [
        ("h", f"s{i}") for i in range(6)
    ]
    # k=3: each spoke adds its two rim ties (0.1 each): all 12 ties
    assert len(backbone_edges(G, 3)) == 12
    assert len(backbone_edges(G, None)) == 12


def test_plot_network_draws_the_backbone_and_says_so():
    G = _star_with_rim()
    ax = plot.plot_network(G, backbone=1, top=0)
    lines = [c for c in ax.collections if isinstance(c, matplotlib.collections.LineCollection)]
    assert len(lines[0].get_segments()) == 6
    assert ax.get_title().splitlines()[1] == (
        "Gezeigt: die stärkste Verbindung je Akteur (6 von 12 Verbindungen)"
    )
    sizes = next(a for a in ax.artists + ax.get_children() if getattr(a, "get_gid", None)
                 and a.get_gid() == "network_sizes")  # fmt: skip
    labels = [t.get_text() for t in sizes.get_texts()]
    # node size: degree 3 (spokes) to 6 (hub) -> examples 3, 4,5, 6; width: weights 1..6 of
    # the drawn hub ties -> 1, 3,5, 6
    # the words are the glossary's, as in the report and the map
    assert labels == [
        "Zahl der Partner 3", "Zahl der Partner 4,5", "Zahl der Partner 6",
        "Gewicht 1", "Gewicht 3,5", "Gewicht 6",
    ]  # fmt: skip
    assert labels[0] == f"{term('degree')} 3" and labels[3] == f"{term('weight')} 1"
    plt.close("all")
    with pytest.raises(ValueError, match="backbone"):
        plot.plot_network(G, backbone=0)


@pytest.mark.parametrize("figsize", [(5, 4), (9, 3)])
def test_labels_never_overlap_and_drop_what_does_not_fit(figsize):
    # 60 nodes crowded on a small figure: asking for 60 labels places fewer, none overlapping;
    # a wide figure (9 x 3) shrinks the equal-aspect axes at draw time (the Kreis Offenbach bug)
    G = nx.random_geometric_graph(60, 0.3, seed=1)
    for n in G.nodes:
        G.nodes[n].update(name=f"Organisation mit langem Namen {n}", sector="mso")
    fig, ax = plt.subplots(figsize=figsize)
    plot.plot_network(G, ax=ax, top=60, seed=0)
    fig.canvas.draw()  # measured as drawn (the equal aspect is applied at draw time)
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    assert 0 < len(boxes) < 60
    assert not any(a.overlaps(b) for a, b in itertools.combinations(boxes, 2))
    axes_box = ax.get_window_extent(renderer)
    assert all(axes_box.contains(b.x0, b.y0) and axes_box.contains(b.x1, b.y1) for b in boxes)
    plt.close(fig)


def test_svg_draws_the_ties_as_one_image_and_nodes_and_labels_as_vectors(tmp_path):
    # issue 15: thousands of vector tie lines made the SVG slow; the ties become one raster image
    G = nx.random_geometric_graph(80, 0.25, seed=2)
    for n in G.nodes:
        G.nodes[n].update(name=f"Akteur {n}", sector="mso" if n % 2 else "verwaltung")
    ax = plot.plot_network(G, backbone=None, top=3)
    ties = [c for c in ax.collections if isinstance(c, matplotlib.collections.LineCollection)]
    assert len(ties) == 1 and ties[0].get_rasterized()
    assert not any(c.get_rasterized() for c in ax.collections if c is not ties[0])
    (svg,) = plot.save_figure(ax.figure, tmp_path / "net", formats=("svg",))
    text = svg.read_text(encoding="utf-8")
    assert text.count("<image") == 1  # the ties
    # 80 nodes in two sectors: vector markers (one <use> per node), labels as paths
    assert text.count("<use") >= 80
    (png,) = plot.save_figure(ax.figure, tmp_path / "net", formats=("png",))
    assert png.read_bytes()[:4] == b"\x89PNG"
    plt.close("all")


def test_label_top_still_works_for_one_release_with_a_warning():
    G = _star_with_rim()
    with pytest.warns(DeprecationWarning, match=r"plot_network\(label_top=...\) is deprecated"):
        ax = plot.plot_network(G, label_top=1)
    assert [t.get_text() for t in ax.texts] == ["Integrationsbüro"]  # the hub, degree 6
    with pytest.raises(TypeError, match="both 'label_top' and 'top'"):
        plot.plot_network(G, label_top=1, top=2)
    with pytest.warns(DeprecationWarning, match=r"network_map\(label_top=...\)"):
        net = plot.network_map(G, label_top=1)
    assert [n["label"] for n in net.nodes if n.get("label")] == ["Integrationsbüro"]
    plt.close("all")
