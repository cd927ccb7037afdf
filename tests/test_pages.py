"""Pages a person can read (issue #12, item 7): the focal entity stands out and
is centred; colours follow the entity's type as the legend names it. Checked
in headless Chromium; screenshots are kept under the test's tmp dir."""
from __future__ import annotations

from pathlib import Path

import browser
from ontology.vocab import C
from viz import page
from viz.style import class_label, node_style
from viz.subgraph import Choice, choose

READY = ("document.body && document.body.getAttribute('data-state') === 'stable'"
         " && document.body.getAttribute('data-drawn') === 'yes'")


def test_a_local_government_is_not_named_or_coloured_as_a_street() -> None:
    assert class_label(C.LocalAuthority) != class_label(C.Street)
    assert "街道" not in class_label(C.LocalAuthority)
    assert node_style(C.LocalAuthority).label == class_label(C.LocalAuthority)


def test_the_legend_does_not_name_two_types_alike(store: Path, tmp_path: Path) -> None:
    graph = choose(store, Choice(unit="区市场监管局", hops=2))
    html = page.page_html(graph, title="t", summary="s")
    assert "街道（乡镇）" not in html
    hongshan = [d["cls"] for _, d in graph.nodes(data=True) if d["name"] == "洪山区"]
    assert C.LocalAuthority in hongshan and class_label(C.LocalAuthority) == "地方政府"


def test_the_focal_entity_is_larger_and_pinned_at_the_centre(store: Path) -> None:
    graph = choose(store, Choice(unit="区市场监管局", hops=2))
    nodes, _, _, _, _, _ = page.network(graph).get_network_data()
    focal = [n for n in nodes if n.get("focal")]
    assert [n["name"] for n in focal] == ["洪山区市场监督管理局"]
    assert focal[0]["x"] == 0 and focal[0]["y"] == 0 and focal[0]["fixed"]
    assert focal[0]["size"] > max(n["size"] for n in nodes if not n.get("focal"))
    assert focal[0]["font"]["bold"]


def test_in_chromium_the_focal_unit_is_drawn_at_the_centre(store: Path, tmp_path: Path,
                                                          chromium: browser.Browser) -> None:
    out = tmp_path / "hub.html"
    page.write_page(store, Choice(unit="区市场监管局", hops=2), out)
    chromium.open(out)
    chromium.wait_for(READY)
    where = chromium.evaluate("""(() => {
      const n = bangfuNetwork, ids = n.body.data.nodes.getIds();
      const id = ids.find(i => n.body.data.nodes.get(i).focal);
      const p = n.canvasToDOM(n.getPosition(id));
      const r = document.getElementById('network').getBoundingClientRect();
      return {x: p.x / r.width, y: p.y / r.height}; })()""")
    assert abs(where["x"] - 0.5) < 0.15 and abs(where["y"] - 0.5) < 0.15
    chromium.screenshot(tmp_path / "hub.png")  # the artefact: tmp dir of this test
    assert (tmp_path / "hub.png").stat().st_size > 0
    assert chromium.log.errors() == []
