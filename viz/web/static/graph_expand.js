// The workbench's graph view: a click on a node says how many of its
// neighbours are not drawn and links to the same page with them added
// (?expand=ID, kept with the ones expanded before: the URL is a bookmark of
// what is drawn). Names are only ever set as text, never as HTML.
"use strict";
(function () {
  var net = window.bangfuNetwork;
  var data = JSON.parse(document.getElementById("expand-data").textContent);
  var panel = document.getElementById("expand-panel");
  var name = document.getElementById("expand-name");
  var count = document.getElementById("expand-count");
  var link = document.getElementById("expand-link");
  if (!net || !panel) { return; }
  var page = document.createElement("a");
  page.id = "expand-page";
  page.textContent = "打开详情页";
  link.parentNode.appendChild(document.createTextNode(" "));
  link.parentNode.appendChild(page);

  function show(id) {
    var node = net.body.data.nodes.get(id);
    if (!node || node.members) { panel.hidden = true; return; }  // a group opens itself
    var more = data.more[id] || 0;
    name.textContent = node.name;
    var url = new URL(window.location.href);
    url.hash = "";
    if (more > 0 && data.expanded.indexOf(id) < 0) {
      count.textContent = "还有 " + more + " 个相邻节点未画出。";
      url.searchParams.append("expand", id);
      link.href = url.pathname + url.search;
      link.hidden = false;
    } else {
      count.textContent = "相邻节点都已画出。";
      link.hidden = true;
    }
    page.hidden = !data.pages[id];
    if (data.pages[id]) { page.href = data.pages[id]; }
    panel.setAttribute("data-node", id);
    panel.hidden = false;
  }

  net.on("click", function (params) {
    if (params.nodes.length === 1) { show(params.nodes[0]); } else { panel.hidden = true; }
  });
  document.body.setAttribute("data-expand", "ready");
})();
