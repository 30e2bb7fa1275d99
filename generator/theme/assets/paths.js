/* Reading paths: the links of a path keep the reader's role in the address (?path=<role>), and
   a playbook reached that way shows, at its end, its place in that path and what to read next
   (the blocks paths.py writes, hidden until the reader's path is known). The last path a reader
   followed is remembered in this browser, so a detour through search keeps it. The block's
   "3 of 12 in your path" is counted here from paths.json (each path's playbook ids, in order,
   next to this script), so that a playbook added to a path changes one small file rather than
   the page of every playbook after it. */
(function () {
  "use strict";

  var KEY = "playbook:path";
  var script = document.currentScript;
  var PATHS = new URL("paths.json", script && script.src ? script.src : location.href).href;
  var paths = null;  // the fetch of paths.json, once per page load of the site

  function placeIn(block) {
    var here = block.getAttribute("data-pb-here");
    var rid = block.getAttribute("data-pb-path");
    var place = block.querySelector(".pb-next__place");
    if (!place) return;
    if (!paths) {
      paths = fetch(PATHS, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : {}; })
        .catch(function () { return {}; });
    }
    paths.then(function (all) {
      var path = Object.prototype.hasOwnProperty.call(all, rid) ? all[rid] : [];
      var n = path.indexOf(here) + 1;
      if (n < 1) return;
      place.textContent = window.pbReader.fill(place.getAttribute("data-pb-pattern") || "", { n: n, total: path.length });
      var bar = block.querySelector(".pb-next__bar progress");
      if (bar) { bar.max = path.length; bar.value = n; }
    });
  }

  function remember(value) {
    try {
      if (value === undefined) return localStorage.getItem(KEY);
      localStorage.setItem(KEY, value);
    } catch (e) { return null; }
    return null;
  }

  function keepPath(link, rid) {
    var href = link.getAttribute("href");
    if (!href || href.charAt(0) === "#") return;
    var url = new URL(href, location.href);
    if (url.origin !== location.origin) return;
    url.searchParams.set("path", rid);
    link.setAttribute("href", url.pathname + url.search + url.hash);
  }

  function init() {
    document.querySelectorAll(".pb-path[data-pb-path], .pb-start[data-pb-path]").forEach(function (list) {
      var rid = list.getAttribute("data-pb-path");
      list.querySelectorAll("a[href]").forEach(function (a) { keepPath(a, rid); });
    });
    var blocks = document.querySelectorAll(".pb-next[data-pb-path]");
    if (!blocks.length) return;
    var wanted = new URLSearchParams(location.search).get("path");
    if (wanted) remember(wanted); else wanted = remember();
    blocks.forEach(function (block) {
      var mine = block.getAttribute("data-pb-path") === wanted;
      block.hidden = !mine;
      if (!mine) return;
      block.querySelectorAll("a.pb-next__link").forEach(function (a) { keepPath(a, wanted); });
      placeIn(block);
    });
  }

  window.pbReader.onEachPage(init);
})();
