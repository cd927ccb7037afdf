"""The workbench's graph view expands in place (issue #15): a click on a node
with neighbours not drawn offers 展开, which draws the page again with them
added and every node drawn before kept — in a real Chromium, under the
page's CSP (no inline script but the page's own, by hash)."""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest

import browser
from conftest import CORPUS
from test_serve import get, go, serving

UNIT = "洪山区乡村振兴局"
READY = ("document.body && document.body.getAttribute('data-state') === 'stable'"
         " && document.body.getAttribute('data-drawn') === 'yes'"
         " && document.body.getAttribute('data-expand') === 'ready'")
# the nodes on the canvas, a group standing for its members
DRAWN = "bangfuNetwork.body.data.nodes.get().flatMap(n => n.members ? n.members : [n.id])"
SHOWN = "bangfuNetwork.body.data.nodes.getIds()"


@pytest.fixture(scope="module")
def server(store: Path) -> str:
    with serving(store, CORPUS) as base:
        yield base


def expand_data(body: str) -> dict:
    block = re.search(r'<script type="application/json" id="expand-data">(.*?)</script>', body, re.S)
    assert block, "the page carries the panel's data"
    return json.loads(block.group(1))


def test_the_page_allows_only_its_own_scripts_and_this_server(server: str) -> None:
    status, headers, body = get(server + f"/graph/unit/{quote(UNIT, safe='')}")
    assert status == 200
    csp = headers["content-security-policy"]
    assert "script-src 'self' 'sha256-" in csp and "unsafe-inline" not in csp
    assert "default-src 'none'" in csp and "&#39;" not in csp
    data = expand_data(body)
    assert data["more"] and all(isinstance(n, int) and n > 0 for n in data["more"].values())
    assert data["expanded"] == []
    # an id the page does not draw expands nothing
    assert expand_data(get(server + f"/graph/unit/{quote(UNIT, safe='')}?expand=nowhere")[2]) \
        == data


def test_clicking_a_node_expands_it_in_place(server: str, tmp_path: Path,
                                             chromium: browser.Browser) -> None:
    url = server + f"/graph/unit/{quote(UNIT, safe='')}"
    go(chromium, url)
    chromium.wait_for(READY)
    before = set(chromium.evaluate(DRAWN))
    more = json.loads(chromium.evaluate("document.getElementById('expand-data').textContent"))["more"]
    shown = set(chromium.evaluate(SHOWN))
    target = max((i for i in more if i in shown), key=lambda i: more[i])
    chromium.evaluate(f"bangfuNetwork.focus({target!r}, {{scale: 1.0, animation: false}})")
    x, y = chromium.evaluate(f"""(() => {{
      const n = bangfuNetwork, p = n.canvasToDOM(n.getPosition({target!r}));
      const r = document.getElementById('network').getBoundingClientRect();
      return [p.x + r.left, p.y + r.top]; }})()""")
    for kind in ("mousePressed", "mouseReleased"):
        chromium.call("Input.dispatchMouseEvent", session=True, type=kind, x=x, y=y,
                      button="left", clickCount=1)
    chromium.wait_for("!document.getElementById('expand-panel').hidden")
    assert chromium.evaluate("document.getElementById('expand-panel').dataset.node") == target
    assert f"还有 {more[target]} 个相邻节点未画出" in chromium.evaluate(
        "document.getElementById('expand-count').textContent")
    chromium.screenshot(tmp_path / "graph_panel.png")
    href = chromium.evaluate("document.getElementById('expand-link').href")
    assert "expand=" in href
    chromium.evaluate("document.getElementById('expand-link').click()")
    chromium.wait_for(f"location.href === {href!r} && document.readyState === 'complete'")
    chromium.wait_for(READY)
    after = set(chromium.evaluate(DRAWN))
    # every node drawn before is still there, and the new neighbours with them
    assert before <= after and len(after) >= len(before) + more[target]
    data = json.loads(chromium.evaluate("document.getElementById('expand-data').textContent"))
    assert data["expanded"] == [target] and target not in data["more"]
    chromium.screenshot(tmp_path / "graph_expanded.png")
    assert chromium.log.errors() == [] and chromium.log.dialogs == []
    assert all(u.startswith(server) or u.startswith("data:") for u in chromium.log.requests)
