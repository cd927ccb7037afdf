"""The workbench's graph view: the `bangfu viz` page of a view's
neighbourhood, which the reader can expand in place.

Clicking a node opens a small panel (static/graph_expand.js) saying how many
of its neighbours are not drawn, with a link 展开 to the same URL plus
``expand=ID``: the page is drawn again with the neighbourhood as before and
the neighbours of every node expanded so far, so the URL stays a bookmark of
what is on the screen.

The page is viz.page's own (its CSP admits only its inlined scripts and
styles, by hash); this module adds the panel, its data as a JSON block, and
the script and style sheet from /static, allowing 'self' for them alone.
"""
from __future__ import annotations

import json
import re
import tempfile
from html import escape, unescape
from pathlib import Path
from typing import Any
from urllib.parse import quote

import networkx as nx

from ontology.model import PLACE_CLASSES, UNIT_CLASSES
from ontology.vocab import C
from queries.embedded import EmbeddedStore
from queries.to_rdf import ID_NS
from viz.page import render
from viz.subgraph import Choice, graph_from_records, select
from viz.web.kept import PerGeneration

MAX_EXPAND = 30   # nodes expanded in one URL
MAX_NODES = 400   # nodes drawn: a page the browser lays out in a few seconds
META_CSP = re.compile(r'(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")')
PANEL = """<aside id="expand-panel" hidden>
<p><strong id="expand-name"></strong></p>
<p id="expand-count"></p>
<p><a id="expand-link" href="#">展开</a></p>
</aside>
<script type="application/json" id="expand-data">{data}</script>
<script src="/static/graph_expand.js"></script>
</body>"""

# the current generation and the one before a rebuild
_WHOLE: PerGeneration[nx.MultiDiGraph] = PerGeneration(keep=2)


def whole_graph(store: EmbeddedStore,
                records: list[dict[str, Any]] | None = None) -> nx.MultiDiGraph:
    """The store's graph, read once per generation (a generation never
    changes); ``records``: already read, by the warming (viz/web/warm.py)."""
    return _WHOLE.get(store, lambda: graph_from_records(
        records if records is not None else store.records()))


def expanded(store: EmbeddedStore, choice: Choice, expand: list[str]) -> nx.MultiDiGraph:
    """The chosen neighbourhood plus the neighbours of each node in ``expand``
    (ids of nodes already drawn; any other is ignored), each new node one hop
    beyond the node it was expanded from."""
    whole = whole_graph(store)
    base = select(whole, choice)
    hop = {n: d["hop"] for n, d in base.nodes(data=True)}
    for ident in expand[:MAX_EXPAND]:
        if ident not in hop:
            continue
        for other in nx.all_neighbors(whole, ident):
            hop.setdefault(other, hop[ident] + 1)
    out = whole.subgraph(hop).copy()
    for node, h in hop.items():
        out.nodes[node]["hop"] = h
    out.graph.update(base.graph)
    return out


def hidden_neighbours(whole: nx.MultiDiGraph, drawn: nx.MultiDiGraph) -> dict[str, int]:
    """For each node drawn, how many of its neighbours are not."""
    out = {}
    for node in drawn:
        count = sum(1 for other in set(nx.all_neighbors(whole, node)) if other not in drawn)
        if count:
            out[node] = count
    return out


def graph_page(store: EmbeddedStore, choice: Choice, expand: list[str]) -> tuple[str, str]:
    """The page's HTML and the Content-Security-Policy to send with it."""
    graph = expanded(store, choice, expand)
    done = [n for n in dict.fromkeys(expand[:MAX_EXPAND]) if n in graph]
    # what was expanded is drawn node by node, never folded back into a group
    kept = done + [o for n in done for o in nx.all_neighbors(graph, n)]
    with tempfile.TemporaryDirectory(prefix="bangfu-graph-") as folder:
        out = Path(folder) / "graph.html"
        render(graph, out, title=f"帮扶图谱：{choice.describe()}", narrower=choice.narrower(),
               max_nodes=MAX_NODES, keep=kept)
        html = out.read_text(encoding="utf-8")
    data = {"more": hidden_neighbours(whole_graph(store), graph), "expanded": done,
            "pages": _pages(graph)}
    return _with_panel(html, data)


def _pages(graph: nx.MultiDiGraph) -> dict[str, str]:
    """The workbench page of each unit, place and document drawn."""
    out = {}
    for node, d in graph.nodes(data=True):
        kind = ("unit" if d["cls"] in UNIT_CLASSES else "place" if d["cls"] in PLACE_CLASSES
                else "doc" if d["cls"] is C.Document else None)
        if kind:
            ident = quote(ID_NS + node, safe="")
            out[node] = f"/{kind}/{quote(d['name'], safe='')}" + (
                f"?id={ident}" if kind != "doc" else "")
    return out


def _with_panel(html: str, data: dict[str, Any]) -> tuple[str, str]:
    """The page with the panel, and its CSP allowing this server's script and
    style sheet ('self') beside the page's own hashes."""
    block = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
    head, sep, tail = html.rpartition("</body>")
    if not sep:
        raise ValueError("the graph page has no </body>")
    html = head + PANEL.format(data=block) + tail
    html = html.replace("</head>", '<link rel="stylesheet" href="/static/graph_expand.css">\n</head>', 1)
    m = META_CSP.search(html)
    if m is None:
        raise ValueError("the graph page carries no Content-Security-Policy")
    csp = unescape(m.group(2)).replace("script-src ", "script-src 'self' ", 1).replace(
        "style-src ", "style-src 'self' ", 1)
    return html[:m.start(2)] + escape(csp, quote=True) + html[m.end(2):], csp
