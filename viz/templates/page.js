// The page's behaviour: draw the network, stop the physics once it has
// settled, open centred on the focal entity at a zoom where labels read,
// expand group nodes on a click, filter by type and find by name. All data
// comes from the JSON block #graph-data and is only ever set as text, never
// as HTML.
"use strict";
(function () {
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var COL = 170, ROW = 56;  // a member's cell when a group opens (two-line labels)

  // group nodes: a node inside a closed group is drawn as that group; groups
  // nest, and a node inside closed groups is drawn as the outermost of them
  var groupOf = {}, groupById = {}, expanded = {}, nameOf = {};
  data.groups.forEach(function (g) {
    groupById[g.id] = g;
    g.nodes.forEach(function (m) { groupOf[m] = g.id; });  // the innermost group
  });
  data.nodes.forEach(function (n) { nameOf[n.id] = n.name; });
  function drawnAs(id) {
    var out = id, g = groupById[id] ? groupById[id].parent : groupOf[id];
    for (; g; g = groupById[g].parent) { if (!expanded[g]) { out = g; } }
    return out;
  }
  var hidden = {};  // classes the legend hides

  function visibleNodes() {
    var out = data.nodes.filter(function (n) { return drawnAs(n.id) === n.id; });
    data.groups.forEach(function (g) { if (!expanded[g.id] && drawnAs(g.id) === g.id) { out.push(g); } });
    return out.map(function (n) { return Object.assign({}, n, { hidden: !!hidden[n.group] }); });
  }

  // an edge to a member of a collapsed group is drawn to the group, one per
  // relation and direction, counted ("所属辖区 ×18")
  function visibleEdges() {
    var merged = {}, out = [];
    data.edges.forEach(function (e) {
      var from = drawnAs(e.from), to = drawnAs(e.to);
      if (from === e.from && to === e.to) { out.push(e); return; }
      if (from === to) { return; }  // between members of one group
      var key = "merged\n" + from + "\n" + to + "\n" + e.label;
      if (!merged[key]) {
        merged[key] = { id: key, from: from, to: to, relation: e.label, pairs: [] };
        out.push(merged[key]);
      }
      merged[key].pairs.push(nameOf[e.from] + " → " + nameOf[e.to]);
    });
    Object.keys(merged).forEach(function (key) {
      var m = merged[key], n = m.pairs.length;
      m.label = n > 1 ? m.relation + " ×" + n : m.relation;
      m.title = m.relation + "（" + n + " 条）\n" + m.pairs.slice(0, 12).join("\n") +
        (n > 12 ? "\n…" : "");
      m.width = Math.min(1 + Math.log(n), 4);
    });
    return out;
  }

  var nodes = new vis.DataSet(visibleNodes());
  var edges = new vis.DataSet(visibleEdges());
  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.bangfuNetwork = network;  // for tests and for the curious

  // the first view: centred on the focal entity, as much of the graph as fits
  // without drawing a node label smaller than the legible size
  function initialView() {
    var positions = network.getPositions(), ids = Object.keys(positions);
    if (!ids.length) { return; }
    network.fit({ animation: false });
    var centre = network.getViewPosition(), scale = network.getScale();
    var focal = nodes.get({ filter: function (n) { return n.focal; } });
    if (focal.length === 1) {
      centre = positions[focal[0].id];
      var box = container.getBoundingClientRect(), dx = 1, dy = 1;
      ids.forEach(function (id) {  // the farthest node either way, with room for its label
        dx = Math.max(dx, Math.abs(positions[id].x - centre.x) + 90);
        dy = Math.max(dy, Math.abs(positions[id].y - centre.y) + 40);
      });
      scale = Math.min(box.width / 2 / dx, box.height / 2 / dy, 1.2);
    }
    network.moveTo({ position: centre, scale: Math.max(scale, data.minScale) });
  }

  function settled() {
    // physics that settles and then stops, so large pages stay usable
    network.setOptions({ physics: { enabled: false } });
    initialView();
    // stable once the first view is on the canvas, not merely asked for
    network.once("afterDrawing", function () { document.body.setAttribute("data-state", "stable"); });
    network.redraw();
  }
  network.once("stabilizationIterationsDone", settled);
  if (!data.options.physics || data.options.physics.enabled === false) { settled(); }
  network.on("afterDrawing", function () { document.body.setAttribute("data-drawn", "yes"); });

  // members take a block of cells where the group was, or as near it as the
  // block covers the fewest other nodes, so opening a group hides nothing
  function cells(count, at, skip, COL, ROW) {
    var cols = Math.max(1, Math.ceil(Math.sqrt(count * ROW / COL))), rows = Math.ceil(count / cols);
    var w = cols * COL, h = rows * ROW, step = Math.max(w, h) / 2, others = [];
    var positions = network.getPositions();
    Object.keys(positions).forEach(function (id) { if (!skip[id]) { others.push(positions[id]); } });
    var best = null;
    for (var ring = 0; ring <= 6; ring++) {
      for (var k = 0; k < (ring ? 16 : 1); k++) {
        var angle = k * Math.PI / 8, cx = at.x + Math.cos(angle) * ring * step,
          cy = at.y + Math.sin(angle) * ring * step;
        var covered = others.filter(function (p) {
          return Math.abs(p.x - cx) < w / 2 + COL / 2 && Math.abs(p.y - cy) < h / 2 + ROW / 2;
        }).length;
        var score = covered * 1e6 + ring;
        if (!best || score < best.score) { best = { score: score, x: cx, y: cy }; }
      }
    }
    var out = [];
    for (var i = 0; i < count; i++) {
      out.push({ x: best.x + (i % cols - (cols - 1) / 2) * COL,
                 y: best.y + (Math.floor(i / cols) - (rows - 1) / 2) * ROW });
    }
    return out;
  }

  // open a group where it is drawn: its nodes, and the groups inside it, take
  // its place; a group inside a closed one opens that one first
  function expand(id) {
    var group = groupById[id];
    if (!group || expanded[id]) { return; }
    if (group.parent && !expanded[group.parent]) { expand(group.parent); }
    expanded[id] = true;
    var members = visibleNodes().filter(function (n) { return nodes.get(n.id) === null; });
    var at = network.getPosition(id), skip = {};
    skip[id] = true;
    members.forEach(function (n) { skip[n.id] = true; });
    var spots = cells(members.length, at, skip, COL, ROW);
    nodes.add(members.map(function (n, i) { return Object.assign(n, spots[i]); }));
    // shapes with the label inside (documents, boxes) can outgrow a cell:
    // measured once drawn, the block is laid out again with cells that fit
    network.redraw();
    var col = COL, row = ROW;
    members.forEach(function (n) {
      var b = network.getBoundingBox(n.id);
      col = Math.max(col, b.right - b.left + 24);
      row = Math.max(row, b.bottom - b.top + 16);
    });
    if (col > COL || row > ROW) {
      spots = cells(members.length, at, skip, col, row);
      nodes.update(members.map(function (n, i) { return { id: n.id, x: spots[i].x, y: spots[i].y }; }));
    }
    var want = visibleEdges(), keep = {};
    want.forEach(function (e) { keep[e.id] = true; });
    edges.remove(edges.getIds().filter(function (e) { return !keep[e]; }));
    edges.update(want);
    nodes.remove(id);
    // bring the opened block into view when it lies beyond the edge
    var box = container.getBoundingClientRect(), outside = spots.some(function (p) {
      var d = network.canvasToDOM(p);
      return d.x < 0 || d.y < 0 || d.x > box.width || d.y > box.height;
    });
    if (outside) {
      var mid = spots.reduce(function (m, p) { return { x: m.x + p.x / spots.length, y: m.y + p.y / spots.length }; },
                             { x: 0, y: 0 });
      network.once("animationFinished", opened);
      network.moveTo({ position: mid, scale: network.getScale(), animation: { duration: 400 } });
    } else {
      opened();
    }
  }
  function opened() {  // how many groups are open, once the view has come to rest
    document.body.setAttribute("data-expanded", Object.keys(expanded).length);
  }
  network.on("click", function (params) {
    if (params.nodes.length === 1 && groupById[params.nodes[0]]) { expand(params.nodes[0]); }
  });

  // type filters: the legend's boxes hide and show classes, groups with them
  var boxes = document.querySelectorAll("#legend input[type=checkbox]");
  Array.prototype.forEach.call(boxes, function (box) {
    box.addEventListener("change", function () {
      hidden[box.value] = !box.checked;
      nodes.update(nodes.get().map(function (n) { return { id: n.id, hidden: !!hidden[n.group] }; }));
    });
  });

  // search: select and focus the nodes whose name contains the text,
  // opening the groups they are in
  var form = document.getElementById("search");
  var input = document.getElementById("q");
  var found = document.getElementById("found");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { network.unselectAll(); found.textContent = ""; return; }
    var hits = data.nodes.filter(function (n) {
      return !hidden[n.group] && (n.name.indexOf(text) >= 0 || n.aliases.some(function (a) {
        return a.indexOf(text) >= 0;
      }));
    }).map(function (n) { return n.id; });
    hits.forEach(function (id) { if (groupOf[id]) { expand(groupOf[id]); } });
    found.textContent = hits.length ? hits.length + " 个匹配" : "没有匹配";
    network.selectNodes(hits);
    if (hits.length === 1) {
      network.focus(hits[0], { scale: 1.2, animation: true });
    } else if (hits.length) {
      network.fit({ nodes: hits, animation: true });
    }
  });
})();
