/* Reading paths: the links of a path keep the reader's role in the address (?path=<role>), and
   a playbook reached that way shows, at its end, its place in that path and what to read next
   (the blocks paths.py writes, hidden until the reader's path is known). The last path a reader
   followed is remembered in this browser, so a detour through search keeps it. */
(function () {
  "use strict";

  var KEY = "playbook:path";

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
      if (mine) block.querySelectorAll("a.pb-next__link").forEach(function (a) { keepPath(a, wanted); });
    });
  }

  window.pbReader.onEachPage(init);
})();
