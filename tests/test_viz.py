"""Subgraphs and interactive pages: the choice, the page's safety and
self-containment, and the page as headless Chromium draws it."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest

import browser
from conftest import DOC, ROOT
from ontology.errors import AmbiguousName, QueryError
from ontology.vocab import C, R
from queries.api import build
from queries.embedded import EmbeddedStore
from viz import page
from viz.style import COLOURS, class_label, node_style, relation_label
from viz.subgraph import Choice, choose, graph_from_records, select

ARTIFACTS = ROOT / "tests" / "artifacts"
SCRIPT = '<script>alert(1)</script>'
HANDLER = '"onmouseover="alert(2)'
EVIL = "洪山区<script>alert（1）</script>局"  # the loaders write brackets full-width
# A document whose unit names try to break out of every place a name goes.
HOSTILE = f"""洪山区乡村振兴局关于印发2024年结对帮扶工作要点的通知

一、强化产业合作
1．推动开展产销对接。组织企业参加消费帮扶活动。（责任单位：区{SCRIPT}局、区{HANDLER}办、区乡村振兴局）
2．做好就业帮扶。（牵头单位：区人社局；配合单位：区财政局）
3．=cmd|' /C calc'!A0。（责任单位：区财政局）
4．@SUM(1+1)做好帮扶。（责任单位：区民政局）
5．-2+3加强对接。（责任单位：区教育局）
"""
READY = ("document.body && document.body.getAttribute('data-state') === 'stable'"
         " && document.body.getAttribute('data-drawn') === 'yes'")


@pytest.fixture(scope="session")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "evil.txt").write_text(HOSTILE, encoding="utf-8")
    store = folder / "store"
    build([folder], store)
    return store


@pytest.fixture(scope="session")
def whole(store: Path) -> nx.MultiDiGraph:
    return graph_from_records(EmbeddedStore(store).records())


# -- style ----------------------------------------------------------------

def test_every_class_has_a_colour_a_shape_and_a_chinese_label() -> None:
    assert set(COLOURS) == set(C)
    for cls in C:
        style = node_style(cls)
        assert re.fullmatch(r"#[0-9a-f]{6}", style.colour) and style.shape
        assert re.search(r"[\u4e00-\u9fff]", class_label(cls)), cls
    assert node_style(C.GovernmentDepartment).shape == "box"
    assert node_style(C.Village).shape == "dot"


def test_relations_read_as_the_chinese_of_the_ontology() -> None:
    assert [relation_label(r) for r in (R.leads, R.responsibleFor, R.cooperatesOn, R.stationedIn,
                                        R.pairedWith, R.locatedIn, R.partOf)] == \
        ["牵头", "责任", "配合", "派驻", "结对", "位于", "隶属"]


# -- choosing a subgraph ------------------------------------------------------

def test_radius_is_every_node_within_the_hops_and_every_edge_among_them(
        whole: nx.MultiDiGraph) -> None:
    sub = select(whole, Choice(unit="洪山区乡村振兴局", hops=2))
    seed = next(n for n, d in sub.nodes(data=True) if d["hop"] == 0)
    distance = nx.single_source_shortest_path_length(whole.to_undirected(as_view=True), seed, 2)
    assert set(sub) == set(distance)
    assert {n: d["hop"] for n, d in sub.nodes(data=True)} == distance
    among = [e for e in whole.edges(keys=True) if e[0] in distance and e[1] in distance]
    assert sorted(sub.edges(keys=True)) == sorted(among)


def test_alias_id_and_name_choose_the_same_unit(whole: nx.MultiDiGraph) -> None:
    by_name = select(whole, Choice(unit="洪山区乡村振兴局", hops=0))
    by_alias = select(whole, Choice(unit="区乡村振兴局", hops=0))
    assert list(by_name) == list(by_alias) == list(select(whole, Choice(unit=list(by_name)[0], hops=0)))


def test_ambiguous_and_unknown_names_are_errors_that_list_candidates(
        whole: nx.MultiDiGraph) -> None:
    with pytest.raises(AmbiguousName) as err:
        select(whole, Choice(place="竹园村"))
    assert "三店街道" in str(err.value) and "长轩岭街道" in str(err.value)
    with pytest.raises(QueryError):
        select(whole, Choice(unit="没有这个局"))
    with pytest.raises(QueryError):
        select(whole, Choice())


def test_a_document_alone_is_what_it_states(whole: nx.MultiDiGraph) -> None:
    sub = select(whole, Choice(doc=DOC["000"]))
    assert sub.number_of_edges() > 100
    for _, _, d in sub.edges(data=True):
        assert d["prov"] is None or d["prov"]["document"] == DOC["000"]
    stated = {n for n, d in whole.nodes(data=True) if d["prov"] and d["prov"]["document"] == DOC["000"]}
    assert stated <= set(sub)
    # beside a unit, the document limits the unit's neighbourhood to its facts
    narrowed = select(whole, Choice(unit="洪山区乡村振兴局", doc=DOC["000"], hops=2))
    assert set(narrowed) <= set(sub)


def test_a_query_chooses_the_entities_its_rows_name(store: Path, ask) -> None:
    rows = ask("duties", unit="区乡村振兴局")
    sub = choose(store, Choice(query="duties", params={"unit": "区乡村振兴局"}))
    names = {d["name"] for _, d in sub.nodes(data=True)}
    assert {r["title"] for r in rows} <= names
    assert "洪山区乡村振兴局" in names  # the parameter, resolved to its entity
    assert all(d["hop"] == 0 for _, d in sub.nodes(data=True))


# -- the page as written ------------------------------------------------------

def written(tmp_path: Path, graph: nx.MultiDiGraph, **kw: object) -> str:
    out = tmp_path / "page.html"
    page.render(graph, out, title="帮扶图谱：测试", **kw)
    return out.read_text(encoding="utf-8")


def test_the_page_names_no_resource_outside_itself(tmp_path: Path, whole: nx.MultiDiGraph,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    html = written(tmp_path, select(whole, Choice(unit="洪山区乡村振兴局", hops=2)))
    assert not (tmp_path / "lib").exists()  # pyvis's own writer would copy a lib/ here
    # vis-network's bundled code names URLs in its licence header, an SVG namespace
    # and error messages; none is loaded. Everything else on the page names none.
    vis_js, vis_css = page._vis_assets()
    assert vis_js in html and vis_css in html
    ours = html.replace(vis_js, "").replace(vis_css, "")
    assert not re.search(r"https?:|//[a-z0-9.-]+\.[a-z]{2,}/", ours, re.I)
    assert "sourceMappingURL" not in html
    css = "".join(re.findall(r"<style>(.*?)</style>", html, re.S))
    assert vis_css in css and not re.search(r"@import|url\(\s*(?!['\"]?data:)", css, re.I)
    tags = Tags()
    tags.feed(html)
    assert not tags.loading, tags.loading  # no element that would load anything
    # and the browser is told to refuse any request and any script but the page's own
    assert tags.csp.startswith("default-src 'none'; script-src 'sha256-")


def test_above_the_cap_the_page_says_what_it_left_out(tmp_path: Path, whole: nx.MultiDiGraph) -> None:
    graph = select(whole, Choice(place="洪山区", hops=3))
    summary = page.render(graph, tmp_path / "p.html", title="t", narrower="用 --hops 2", max_nodes=100)
    html = (tmp_path / "p.html").read_text(encoding="utf-8")
    assert summary.nodes == 100 and summary.omitted_nodes == graph.number_of_nodes() - 100
    assert f"省略了 {summary.omitted_nodes} 个节点" in html and "用 --hops 2" in html
    shown = set(_ids(html))
    assert len(shown) == 100 and sum(summary.omitted.values()) == summary.omitted_nodes
    left = Counter(node_style(graph.nodes[n]["cls"]).label for n in graph if n not in shown)
    assert dict(left) == summary.omitted
    # the nearest are kept: no node left out is nearer the seed than one shown
    assert max(graph.nodes[n]["hop"] for n in shown) <= \
        min(graph.nodes[n]["hop"] for n in graph if n not in shown)


class Tags(HTMLParser):
    """Every attribute through which an element could load something."""

    LOADING = {"src", "href", "action", "formaction", "srcset", "poster", "data", "background",
               "manifest", "ping", "xlink:href"}

    def __init__(self) -> None:
        super().__init__()
        self.loading: list[tuple[str, str, str | None]] = []
        self.csp = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta" and ("http-equiv", "Content-Security-Policy") in attrs:
            self.csp = dict(attrs)["content"] or ""
        for name, value in attrs:
            if name in self.LOADING or "://" in (value or "") or tag in ("link", "iframe", "img"):
                self.loading.append((tag, name, value))


def _ids(html: str) -> list[str]:
    import json
    data = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', html, re.S)
    return [n["id"] for n in json.loads(data.group(1))["nodes"]]


def test_document_text_is_escaped_everywhere_it_goes(tmp_path: Path, hostile_store: Path) -> None:
    out = tmp_path / "evil.html"
    page.write_page(hostile_store, Choice(unit=EVIL, hops=2), out)
    html = out.read_text(encoding="utf-8").replace(page._vis_assets()[0], "")  # it names "<script>"
    assert html.count("<script") == 3  # the data block, vis-network and the page's own
    assert "alert(1)</script>" not in html and "alert（1）</script>" not in html
    assert 'onmouseover="' not in html and "onmouseover=&#34;" in html
    assert "&lt;script&gt;alert（1）&lt;/script&gt;" in html  # heading and name list


# -- the page in a real browser -----------------------------------------------

NOT_BLANK = """(() => {
  const canvas = document.querySelector('#network canvas');
  const ctx = canvas.getContext('2d');
  const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0; const colours = new Set();
  for (let i = 0; i < px.length; i += 4) {
    if (px[i + 3] > 0) { painted++; colours.add(px[i] << 16 | px[i + 1] << 8 | px[i + 2]); }
  }
  return {painted, colours: [...colours].map(c => '#' + c.toString(16).padStart(6, '0')),
          width: canvas.width, height: canvas.height};
})()"""


def test_done_when_a_unit_page_draws_offline_with_a_legend(tmp_path: Path, store: Path,
                                                          chromium: browser.Browser) -> None:
    out = tmp_path / "p.html"
    env = dict(os.environ, BANGFU_STORE=str(store))
    run = subprocess.run([sys.executable, "-c", "import cli; cli.run()", "viz", "--unit",
                          "洪山区乡村振兴局", "--hops", "2", "-o", str(out)],
                         capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr
    chromium.open(out)
    chromium.wait_for(READY)
    # the page opens zoomed in on the unit; every colour check needs the whole graph in view
    chromium.evaluate("bangfuNetwork.fit({animation: false}); bangfuNetwork.redraw()")
    canvas = chromium.evaluate(NOT_BLANK)
    assert canvas["painted"] > 0.02 * canvas["width"] * canvas["height"]
    graph = choose(store, Choice(unit="洪山区乡村振兴局", hops=2))
    classes = Counter(d["cls"] for _, d in graph.nodes(data=True))
    # every class with a few nodes shows in its colour (one or two may hide behind others)
    assert {c for c, k in classes.items() if k >= 3 and not drawn(node_style(c).colour, canvas)} == set()
    legend = chromium.evaluate("[...document.querySelectorAll('#legend label')].map(l => l.textContent)")
    assert len(legend) == len(classes) and any("政府部门" in t for t in legend)
    assert chromium.evaluate(IN_GROUPS) == graph.number_of_nodes()  # drawn, or inside a group
    assert chromium.evaluate("bangfuNetwork.physics.options.enabled") is False  # settled, stopped
    chromium.screenshot(ARTIFACTS / "viz_unit_hops2.png")
    chromium.evaluate("bangfuNetwork.focus(bangfuNetwork.body.data.nodes.getIds().find("
                      "i => bangfuNetwork.body.data.nodes.get(i).name === '洪山区乡村振兴局'),"
                      " {scale: 1.0})")
    chromium.screenshot(ARTIFACTS / "viz_unit_hops2_zoomed.png")
    assert chromium.log.errors() == []
    assert chromium.log.outside_requests() == []
    assert chromium.log.requests == [out.resolve().as_uri()]


IN_GROUPS = ("bangfuNetwork.body.data.nodes.get()"
             ".reduce((k, n) => k + (n.members ? n.members.length : 1), 0)")


def drawn(colour: str, canvas: dict) -> bool:
    """Whether the canvas has pixels of this colour (antialiasing aside)."""
    want = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return any(all(abs(int(c[i:i + 2], 16) - w) <= 3 for i, w in zip((1, 3, 5), want, strict=True))
               for c in canvas["colours"])


def test_hovering_shows_evidence_and_nothing_from_a_document_executes(
        tmp_path: Path, hostile_store: Path, chromium: browser.Browser) -> None:
    out = tmp_path / "evil.html"
    page.write_page(hostile_store, Choice(doc="evil.txt"), out)
    chromium.open(out)
    chromium.wait_for(READY)
    evil = EVIL
    x, y = chromium.evaluate(f"""(() => {{
      const n = bangfuNetwork, ids = n.body.data.nodes.getIds();
      const id = ids.find(i => n.body.data.nodes.get(i).name === {evil!r});
      const p = n.canvasToDOM(n.getPosition(id));
      const r = document.getElementById('network').getBoundingClientRect();
      return [p.x + r.left, p.y + r.top]; }})()""")
    chromium.mouse_move(x + 2, y + 2)
    chromium.mouse_move(x, y)
    tooltip = chromium.wait_for("(() => { const t = document.querySelector('div.vis-tooltip');"
                                " return t && t.style.visibility !== 'hidden' && t.innerText; })()", 15)
    assert evil in tooltip and "类型：政府部门" in tooltip and "evil.txt" in tooltip
    assert "（责任单位：区<script>alert(1)</script>局" in tooltip  # the quoted evidence, as text
    # set as text: its only elements are the line breaks innerText makes
    assert set(chromium.evaluate("[...document.querySelector('div.vis-tooltip').children]"
                                 ".map(c => c.tagName)")) == {"BR"}
    chromium.screenshot(ARTIFACTS / "viz_hostile_tooltip.png")
    assert chromium.log.dialogs == []
    assert chromium.evaluate("document.scripts.length") == 3
    assert chromium.evaluate("document.querySelectorAll('[onmouseover]').length") == 0
    options = chromium.evaluate("[...document.querySelectorAll('#names option')].map(o => o.value)")
    assert evil in options and '洪山区"onmouseover="alert（2）办' in options
    assert chromium.log.errors() == [] and chromium.log.outside_requests() == []


def test_a_large_page_settles_then_stops(tmp_path: Path, store: Path,
                                         chromium: browser.Browser) -> None:
    out = tmp_path / "big.html"
    summary = page.write_page(store, Choice(doc=DOC["002"]), out)
    assert summary.nodes > 1000 and summary.omitted_nodes == 0
    chromium.open(out)
    chromium.wait_for(READY, timeout=120)
    assert chromium.evaluate("bangfuNetwork.physics.options.enabled") is False
    assert chromium.evaluate("bangfuNetwork.body.data.nodes.length") == summary.drawn
    assert chromium.evaluate(IN_GROUPS) == summary.nodes
    # the type filter hides a class and the search box finds a name
    chromium.evaluate(f"(() => {{ const b = document.querySelector('#legend input[value={C.Task}]');"
                      " b.checked = false; b.dispatchEvent(new Event('change')); })()")
    hidden = chromium.evaluate(IN_GROUPS.replace("get()", "get({filter: n => n.hidden})"))
    assert hidden == sum(1 for n in summary_classes(store, DOC["002"]) if n is C.Task)
    chromium.evaluate("document.getElementById('q').value = '武汉市委办公厅';"
                      "document.getElementById('search').requestSubmit()")
    assert chromium.wait_for("document.getElementById('found').textContent") == "1 个匹配"
    chromium.screenshot(ARTIFACTS / "viz_large_document.png")
    assert chromium.log.errors() == [] and chromium.log.outside_requests() == []


def summary_classes(store: Path, doc: str) -> list[C]:
    return [d["cls"] for _, d in choose(store, Choice(doc=doc)).nodes(data=True)]
