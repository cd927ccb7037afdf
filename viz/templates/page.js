// The page's behaviour: draw the network, stop the physics once it has
// settled, filter by type and find by name. All data comes from the JSON
// block #graph-data and is only ever set as text, never as HTML.
"use strict";
(function () {
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.bangfuNetwork = network;  // for tests and for the curious

  function settled() {
    // physics that settles and then stops, so large pages stay usable
    network.setOptions({ physics: { enabled: false } });
    document.body.setAttribute("data-state", "stable");
  }
  network.once("stabilizationIterationsDone", settled);
  if (!data.options.physics || data.options.physics.enabled === false) { settled(); }
  network.on("afterDrawing", function () { document.body.setAttribute("data-drawn", "yes"); });

  // type filters: the legend's boxes hide and show classes
  var hidden = {};
  var boxes = document.querySelectorAll("#legend input[type=checkbox]");
  Array.prototype.forEach.call(boxes, function (box) {
    box.addEventListener("change", function () {
      hidden[box.value] = !box.checked;
      nodes.update(data.nodes.map(function (n) { return { id: n.id, hidden: !!hidden[n.group] }; }));
    });
  });

  // search: select and focus the nodes whose name contains the text
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
    found.textContent = hits.length ? hits.length + " 个匹配" : "没有匹配";
    network.selectNodes(hits);
    if (hits.length === 1) {
      network.focus(hits[0], { scale: 1.2, animation: true });
    } else if (hits.length) {
      network.fit({ nodes: hits, animation: true });
    }
  });
})();
