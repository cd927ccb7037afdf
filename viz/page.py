"""A subgraph as one self-contained, interactive HTML page.

pyvis builds the network (nodes, edges, options); the page around it is our
own template, because pyvis's template links Bootstrap and vis-network from a CDN and
writes its heading, select menu and link tooltips as raw HTML. vis-network's
JavaScript and CSS are inlined from the copy pyvis ships, so the page works
offline; a Content-Security-Policy that admits only the page's own inline
scripts and styles (by hash) forbids every request to any host.

Pages above ``GROUP_ABOVE`` nodes start with group nodes (viz/groups.py);
the view opens centred on the focal entity at a zoom where labels read.
"""
from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx
from jinja2 import Environment, FileSystemLoader, select_autoescape

from ontology.errors import QueryError
from ontology.vocab import C
from viz.groups import Group, closed_at_load, collapse, vis_nodes
from viz.style import font_colour, node_style, relation_label
from viz.subgraph import Choice, choose, display_name, documents_of, evidence_of

MAX_NODES = 1500  # above this the browser struggles; the page says what it left out
LABEL_LINE = 9    # characters per label line: long names wrap onto two lines
LABEL_CHARS = 18  # longer names are cut on the canvas; the tooltip has them whole
NODE_FONT, EDGE_FONT = 16, 14  # sizes in canvas units; pixels at zoom 1
LEGIBLE_PX = 12   # the initial zoom never draws a node label smaller than this
TEMPLATES = Path(__file__).parent / "templates"
SOURCE_MAP = re.compile(r"^\s*//# sourceMappingURL=.*$", re.M)
FONT = '"Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", sans-serif'


@dataclass(frozen=True)
class PageSummary:
    """What a page shows and what it had to leave out."""

    path: Path
    nodes: int
    edges: int
    omitted_nodes: int = 0
    omitted: dict[str, int] = field(default_factory=dict)
    groups: int = 0   # group nodes drawn at load (groups inside them not counted) ...
    grouped: int = 0  # ... in place of this many nodes, until the reader expands them

    @property
    def drawn(self) -> int:
        """Nodes on the canvas when the page opens."""
        return self.nodes - self.grouped + self.groups


def write_page(store_dir: Path, choice: Choice, out: Path,
               max_nodes: int = MAX_NODES) -> PageSummary:
    """Choose the subgraph and write its page: what ``bangfu viz`` does."""
    graph = choose(store_dir, choice)
    return render(graph, out, title=f"帮扶图谱：{choice.describe()}",
                  narrower=choice.narrower(), max_nodes=max_nodes)


def render(graph: nx.MultiDiGraph, out: Path, *, title: str, narrower: str = "",
           max_nodes: int = MAX_NODES, keep: Iterable[str] = ()) -> PageSummary:
    """Write the graph's page to ``out`` (a .html file) and say what it shows;
    the nodes in ``keep`` (and the focal ones) are never drawn inside a group."""
    if out.suffix.lower() not in (".html", ".htm"):
        raise QueryError(f"the page must be written to a .html file, not {out.name!r}")
    if max_nodes < 1:
        raise QueryError("--max-nodes must be at least 1")
    nearest = _nearest(graph, max_nodes)
    shown = graph.subgraph(nearest)
    left_out = Counter(node_style(graph.nodes[n]["cls"]).label for n in graph if n not in nearest)
    groups = collapse(shown, keep=keep)
    html = page_html(shown, title=title, summary=_summary(graph, shown), omitted=left_out,
                     narrower=narrower, groups=groups)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return PageSummary(out, shown.number_of_nodes(), shown.number_of_edges(),
                       sum(left_out.values()), dict(left_out), *closed_at_load(groups))


def page_html(graph: nx.MultiDiGraph, *, title: str, summary: str,
              omitted: Counter[str] | None = None, narrower: str = "",
              groups: list[Group] | None = None) -> str:
    """The page's HTML. Every text from the documents goes in escaped: the
    template autoescapes, the data is JSON that cannot close its script
    element, and the page's script sets it as text only."""
    groups = collapse(graph) if groups is None else groups
    net = network(graph)
    nodes, edges, _, _, _, _ = net.get_network_data()
    classes = Counter(graph.nodes[n]["cls"] for n in graph)
    relations = Counter(d["rel"] for _, _, d in graph.edges(data=True))
    vis_js, vis_css = _vis_assets()
    page_js = (TEMPLATES / "page.js").read_text(encoding="utf-8")
    page_css = (TEMPLATES / "page.css").read_text(encoding="utf-8") + _swatch_css(classes)
    for asset in (vis_js, page_js, vis_css, page_css):
        if "</script" in asset.lower() or "</style" in asset.lower():
            raise ValueError("an inlined asset would close its own element")
    omitted = omitted or Counter()
    return _template().render(
        title=title, summary=summary, narrower=narrower,
        omitted=[{"label": k, "count": v} for k, v in omitted.most_common()],
        omitted_total=sum(omitted.values()), shown=graph.number_of_nodes(),
        names=sorted({n["name"] for n in nodes}),
        legend=[{"cls": c.value, "label": node_style(c).label, "shape": node_style(c).shape,
                 "count": k} for c, k in sorted(classes.items(), key=lambda x: (-x[1], x[0]))],
        relations=[{"rel": r.value, "label": relation_label(r), "count": k}
                   for r, k in relations.most_common()],
        groups=groups, closed=closed_at_load(groups),
        example=max(groups, key=lambda g: len(g.members)).label if groups else "",
        data={"nodes": nodes, "edges": edges, "groups": vis_nodes(graph, groups),
              "options": options(graph, classes, _drawn(graph, groups)),
              "minScale": LEGIBLE_PX / NODE_FONT},
        csp=_csp(scripts=[vis_js, page_js], styles=[vis_css, page_css]),
        # our own and vis-network's code, inserted verbatim (|safe) so the CSP hashes match
        vis_js=vis_js, vis_css=vis_css, page_js=page_js, page_css=page_css)


def network(graph: nx.MultiDiGraph) -> Any:
    """The pyvis Network of the graph: styled nodes, labelled edges, tooltips as text."""
    from pyvis.network import Network  # pyvis stays behind this module
    net = Network(directed=True, cdn_resources="in_line")
    solo = _solo(graph)
    for node, data in graph.nodes(data=True):
        style = node_style(data["cls"])
        name = display_name(graph, node)
        seed = data.get("hop") == 0
        # the focal entity stands out (larger, bold, dark border) and is pinned at the centre
        focal = {"x": 0, "y": 0, "fixed": True} if seed and solo else {}
        font = {"color": font_colour(style.shape), **({"size": 22, "bold": True} if seed else {})}
        net.add_node(node, label=_wrap(name), title=_node_tooltip(graph, node, name),
                     group=data["cls"].value, shape=style.shape, size=30 if seed else 14,
                     name=name, aliases=list(data["aliases"]), font=font,
                     borderWidth=5 if seed else 1, focal=bool(seed), **focal)
    for src, dst, key, data in graph.edges(keys=True, data=True):
        net.add_edge(src, dst, id=key, label=relation_label(data["rel"]),
                     title=_edge_tooltip(graph, src, dst, data))
    return net


def options(graph: nx.MultiDiGraph, classes: Counter[C], drawn: int | None = None) -> dict[str, Any]:
    """vis-network options: groups per class, and physics that settles and stops;
    ``drawn`` is how many nodes the page opens with (groups collapsed).
    A dict, not pyvis's set_options, which strips every space from the JSON."""
    size = graph.number_of_nodes() if drawn is None else drawn
    large = size > 300
    return {
        "groups": {c.value: {"color": {"background": node_style(c).colour, "border": "#555555"},
                             "shape": node_style(c).shape} for c in classes},
        "nodes": {"font": {"face": FONT, "size": NODE_FONT}, "margin": 6},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                  "color": {"color": "#9aa0a6", "highlight": "#333333", "hover": "#333333"},
                  "font": {"face": FONT, "size": EDGE_FONT, "color": "#444444", "strokeWidth": 3,
                           "align": "middle"},
                  # straight edges cost nothing in the physics; curves part parallel edges
                  "smooth": False if large else {"enabled": True, "type": "continuous"}},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": large,
                        "navigationButtons": False, "keyboard": False},
        # the improved (Kamada-Kawai) layout moves even a pinned node: a lone focal
        # entity would end up at the edge of its graph, not amid it
        "layout": {"improvedLayout": size <= 150 and not _solo(graph), "randomSeed": 7},
        "physics": {"enabled": size > 0, "solver": "forceAtlas2Based",
                    # small pages spread out so labels below shapes overlap less
                    "forceAtlas2Based": {"gravitationalConstant": -80 if large else -120,
                                         "springLength": 110 if large else 140,
                                         "avoidOverlap": 0.3 if large else 0.8},
                    "minVelocity": 2, "timestep": 0.5,
                    "stabilization": {"enabled": True, "iterations": 250 if large else 600,
                                      "updateInterval": 50, "fit": True}},
    }


def _solo(graph: nx.MultiDiGraph) -> bool:
    """Whether the page has one focal entity (pinned at the centre)."""
    return sum(1 for _, d in graph.nodes(data=True) if d.get("hop") == 0) == 1


def _drawn(graph: nx.MultiDiGraph, groups: list[Group]) -> int:
    top, hidden = closed_at_load(groups)
    return graph.number_of_nodes() - hidden + top


def _nearest(graph: nx.MultiDiGraph, most: int) -> set[str]:
    """The ``most`` nodes nearest the seeds, the best connected first."""
    if graph.number_of_nodes() <= most:
        return set(graph)
    order = sorted(graph, key=lambda n: (graph.nodes[n].get("hop", 0), -graph.degree(n), n))
    return set(order[:most])


def _summary(whole: nx.MultiDiGraph, shown: nx.MultiDiGraph) -> str:
    docs = sorted({d["prov"]["document"] for _, _, d in whole.edges(data=True) if d["prov"]})
    text = f"节点 {shown.number_of_nodes()} 个，关系 {shown.number_of_edges()} 条"
    if shown.number_of_nodes() < whole.number_of_nodes():
        text += f"（共 {whole.number_of_nodes()} 个节点、{whole.number_of_edges()} 条关系）"
    if docs:
        text += "；出处：" + "、".join(docs[:6]) + (" 等" if len(docs) > 6 else "")
    return text + "。悬停看出处，滚轮缩放，拖动移动。"


def _node_tooltip(graph: nx.MultiDiGraph, node: str, name: str) -> str:
    data = graph.nodes[node]
    lines = [name, f"类型：{node_style(data['cls']).label}"]
    if data["aliases"]:
        lines.append("别名：" + "、".join(data["aliases"]))
    docs = documents_of(graph, node)
    if docs:
        lines.append("文件：" + "、".join(docs))
    lines += [_quote(p) for p in evidence_of(graph, node)]
    return "\n".join(lines)


def _edge_tooltip(graph: nx.MultiDiGraph, src: str, dst: str, data: dict[str, Any]) -> str:
    lines = [f"{relation_label(data['rel'])}（{data['rel'].value}）",
             f"{display_name(graph, src)} → {display_name(graph, dst)}"]
    written = data["props"].get("unitText")
    if written:
        lines.append(f"原文单位：{written}")
    if data["prov"]:
        lines.append(_quote(data["prov"]))
    return "\n".join(lines)


def _quote(prov: dict[str, Any]) -> str:
    where = prov["document"] + (f" § {prov['section']}" if prov.get("section") else "")
    quote = prov["quote"] if len(prov["quote"]) <= 300 else prov["quote"][:300] + "…"
    return f"「{quote}」\n—— {where}"


def _wrap(text: str) -> str:
    """A label of at most two short lines: narrow labels overlap less."""
    if len(text) > LABEL_CHARS:
        text = text[:LABEL_CHARS - 1] + "…"
    if len(text) <= LABEL_LINE + 1:
        return text
    half = (len(text) + 1) // 2
    return text[:half] + "\n" + text[half:]


def _swatch_css(classes: Counter[C]) -> str:
    # class names and colours come from the vocabulary and style.py, never from documents
    return "\n" + "\n".join(f".c-{c.value} {{ background: {node_style(c).colour}; }}"
                            for c in sorted(classes))


def _csp(scripts: list[str], styles: list[str]) -> str:
    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"
    return ("default-src 'none'; "
            f"script-src {' '.join(digest(s) for s in scripts)}; "
            f"style-src {' '.join(digest(s) for s in styles)}; "
            "img-src data:; font-src data:; base-uri 'none'; form-action 'none'")


@cache
def _vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS as pyvis ships them (pyvis/templates/lib/vis-*)."""
    import pyvis
    lib = Path(pyvis.__file__).parent / "templates" / "lib"
    folders = sorted(lib.glob("vis-*"), key=lambda p: [int(x) for x in p.name[4:].split(".")])
    if not folders:
        raise FileNotFoundError(f"pyvis ships no vis-network under {lib}")
    newest = folders[-1]
    js = (newest / "vis-network.min.js").read_text(encoding="utf-8")
    # the source-map comment points at a file the page does not carry
    js = SOURCE_MAP.sub("", js)
    return js, (newest / "vis-network.css").read_text(encoding="utf-8")


@cache
def _template() -> Any:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    return env.get_template("page.html")
