/* Reader-side behaviour of playbook pages: checklist ticks and reading progress kept in this
   browser (localStorage), and the one-step-at-a-time walk through a conversation script.
   No request leaves the page. Works with and without Material's instant navigation. */
(function () {
  "use strict";

  function store(key, value) {
    try {
      if (value === undefined) return JSON.parse(localStorage.getItem(key) || "null");
      localStorage.setItem(key, JSON.stringify(value));
    } catch (e) { return null; }
    return null;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }

  function checklist(root) {
    var key = "playbook:checklist:" + root.getAttribute("data-pb-key");
    var boxes = Array.prototype.slice.call(root.querySelectorAll(".task-list-item input[type=checkbox]"));
    var saved = store(key) || [];
    var bar = root.querySelector(".pb-progress progress");
    var text = root.querySelector(".pb-progress__text");
    var template = root.getAttribute("data-template") || "{done} / {total}";
    function update() {
      var done = boxes.filter(function (b) { return b.checked; }).length;
      if (bar) { bar.value = done; bar.max = boxes.length; }
      if (text) text.textContent = fill(template, { done: done, total: boxes.length });
    }
    boxes.forEach(function (box, i) {
      box.checked = saved.indexOf(i) !== -1;
      box.removeAttribute("disabled");
      box.setAttribute("data-pb-item", String(i));
      var label = box.closest("li");
      if (label) box.setAttribute("aria-label", label.textContent.trim().slice(0, 120));
      box.addEventListener("change", function () {
        var ticked = [];
        boxes.forEach(function (b, j) { if (b.checked) ticked.push(j); });
        store(key, ticked);
        update();
      });
    });
    // A reader taps the task, not only Material's small drawn box: the whole item ticks.
    root.addEventListener("click", function (event) {
      var item = event.target.closest && event.target.closest(".task-list-item");
      if (!item || event.target.closest("a, input, label, button")) return;
      var box = item.querySelector("input[type=checkbox]");
      if (!box) return;
      box.checked = !box.checked;
      box.dispatchEvent(new Event("change", { bubbles: true }));
    });
    var reset = root.querySelector(".pb-reset");
    if (reset) reset.addEventListener("click", function () {
      boxes.forEach(function (b) { b.checked = false; });
      store(key, []);
      update();
    });
    update();
  }

  function markRead(meta) {
    var id = meta.getAttribute("data-pb-id");
    if (id) store("playbook:read:" + id, meta.getAttribute("data-pb-version") || "1");
  }

  function path(root) {
    var links = Array.prototype.slice.call(root.querySelectorAll("a[data-pb-id]"));
    var done = 0;
    links.forEach(function (a) {
      var read = store("playbook:read:" + a.getAttribute("data-pb-id"));
      var item = a.closest("li");
      if (read && item) { item.classList.add("pb-read"); done += 1; }
    });
    var p = document.createElement("p");
    p.className = "pb-path-progress";
    p.setAttribute("aria-live", "polite");
    var bar = document.createElement("progress");
    bar.max = links.length; bar.value = done;
    p.appendChild(bar);
    p.appendChild(document.createTextNode(" " + fill(root.getAttribute("data-template") || "{done} / {total}", { done: done, total: links.length })));
    root.insertBefore(p, root.firstChild);
  }

  function script(root) {
    var steps = Array.prototype.slice.call(root.querySelectorAll(".pb-step"));
    if (!steps.length) return;
    var labels = (root.getAttribute("data-labels") || "Walk through|Show all|Next|Start again|End").split("|");
    var bar = document.createElement("div");
    bar.className = "pb-walk-controls";
    function button(text, cls) {
      var b = document.createElement("button");
      b.type = "button"; b.className = "md-button " + cls; b.textContent = text;
      return b;
    }
    var start = button(labels[0], "md-button--primary pb-walk-start");
    var all = button(labels[1], "pb-walk-all");
    var next = button(labels[2], "md-button--primary pb-walk-next");
    var again = button(labels[3], "pb-walk-restart");
    var end = document.createElement("p");
    end.className = "pb-walk-end"; end.textContent = labels[4];
    [all, next, again, end].forEach(function (el) { el.hidden = true; });
    [start, next, again, all, end].forEach(function (el) { bar.appendChild(el); });
    root.insertBefore(bar, root.firstChild);
    var current = -1;
    function show(index) {
      current = index;
      root.classList.add("pb-walking");
      steps.forEach(function (s, i) { s.hidden = i !== index; s.classList.toggle("pb-current", i === index); });
      start.hidden = true; all.hidden = false; again.hidden = false;
      var last = index >= steps.length - 1;
      next.hidden = last; end.hidden = !last;
      var heading = steps[index].querySelector("h3");
      if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus({ preventScroll: true }); }
      steps[index].scrollIntoView({ block: "nearest" });
    }
    function showAll() {
      current = -1;
      root.classList.remove("pb-walking");
      steps.forEach(function (s) { s.hidden = false; s.classList.remove("pb-current"); });
      start.hidden = false; all.hidden = true; next.hidden = true; again.hidden = true; end.hidden = true;
    }
    start.addEventListener("click", function () { show(0); });
    next.addEventListener("click", function () { show(Math.min(current + 1, steps.length - 1)); });
    again.addEventListener("click", function () { show(0); });
    all.addEventListener("click", showAll);
    root.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a.pb-goto");
      if (!link || current < 0) return;
      var target = steps.findIndex(function (s) { return s.getAttribute("data-step") === link.getAttribute("data-goto"); });
      if (target >= 0) { event.preventDefault(); show(target); }
    });
  }

  // Material re-runs a search on keyup only, so a word pasted with the mouse, or entered through
  // an input method (common for Hindi and Russian), never searched. Every input now counts.
  document.addEventListener("input", function (event) {
    var el = event.target;
    if (el && el.classList && el.classList.contains("md-search__input")) {
      el.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
    }
  }, true);

  // The search worker (search-worker.js) fetches excerpts for the best results only, and Material
  // counts what it was given; the worker says on a channel how many matched, and this says it too.
  if (typeof BroadcastChannel === "function" && typeof MutationObserver === "function") {
    var told = null;
    var note = function () {
      var meta = document.querySelector(".md-search-result__meta[data-pb-more]");
      var input = document.querySelector(".md-search__input");
      if (!meta || !input || !told || told.query !== input.value || told.total <= told.shown) return;
      var text = meta.getAttribute("data-pb-more").replace("{shown}", told.shown).replace("{total}", told.total);
      if (meta.textContent !== text) meta.textContent = text;
    };
    new BroadcastChannel("playbook-search").onmessage = function (event) { told = event.data; note(); };
    var watch = function () {
      var meta = document.querySelector(".md-search-result__meta[data-pb-more]");
      if (meta) new MutationObserver(note).observe(meta, { childList: true, characterData: true, subtree: true });
    };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch); else watch();
  }

  // Material rewrites a click on a link into another language using that language's sitemap.xml,
  // which MkDocs leaves empty without site_url, so readers landed on the other language's home
  // page, depending on which sitemap had loaded first. Our selector links already point to the
  // same page in the other language (partials/alternate.html): let the browser follow them.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.md-select__link[hreflang]");
    if (link) event.stopPropagation();
  }, true);

  // Pages built by Zensical search with Pagefind's own UI, in a dialog opened from the header
  // (partials/search.html says why). Its script and styles are in the first bundle of this
  // language's index and load when a reader first opens the dialog; the other bundles are merged.
  function searchDialog(box) {
    var dialog = box.querySelector(".pb-search__dialog");
    var texts = JSON.parse(box.getAttribute("data-pb-search") || "{}");
    var config = JSON.parse((document.getElementById("__config") || {}).textContent || "{}");
    var root = new URL((config.base || ".").replace(/\/?$/, "/"), location.href);
    var ready = null;
    if (!dialog || typeof dialog.showModal !== "function") return;
    function load(tag, attrs) {
      return new Promise(function (resolve, reject) {
        var el = document.createElement(tag);
        Object.keys(attrs).forEach(function (k) { el.setAttribute(k, attrs[k]); });
        el.onload = resolve; el.onerror = reject;
        document.head.appendChild(el);
      });
    }
    function start() {
      ready = ready || fetch(new URL("pagefind/bundles.json", root)).then(function (r) { return r.json(); })
        .then(function (manifest) {
          var bundles = manifest.bundles.map(function (b) { return new URL("pagefind/" + b, root).href; });
          return Promise.all([
            load("link", { rel: "stylesheet", href: bundles[0] + "pagefind-ui.css" }),
            load("script", { src: bundles[0] + "pagefind-ui.js" })
          ]).then(function () {
            return new window.PagefindUI({
              element: box.querySelector(".pb-search__ui"),
              bundlePath: bundles[0],
              mergeIndex: bundles.slice(1).map(function (b) { return { bundlePath: b }; }),
              baseUrl: root.pathname,
              showSubResults: true,
              showImages: false,
              resetStyles: false,
              excerptLength: 24,
              translations: texts,
              // The page's own title is not a section of it (as in search-worker.js).
              processResult: function (result) {
                result.sub_results = (result.sub_results || []).filter(function (sub) {
                  return sub.title !== result.meta.title && sub.url.indexOf("#") !== -1;
                });
                return result;
              }
            });
          });
        })
        .catch(function (err) { ready = null; console.warn("Search is not available on this page:", err); });
      return ready;
    }
    function open() {
      if (!dialog.open) dialog.showModal();
      start().then(function () {
        var input = box.querySelector(".pagefind-ui__search-input");
        if (input && dialog.open) input.focus();
      });
    }
    box.querySelector(".pb-search__button").addEventListener("click", open);
    box.querySelector(".pb-search__close").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("click", function (event) { if (event.target === dialog) dialog.close(); });
    // The header's magnifier (shown on narrow screens) is a label for Material's search toggle.
    var toggle = document.getElementById("__search");
    if (toggle) toggle.addEventListener("change", function () {
      if (toggle.checked) { toggle.checked = false; open(); }
    });
    document.addEventListener("keydown", function (event) {
      var typing = event.target.closest && event.target.closest("input, textarea, select, [contenteditable]");
      if ((event.key === "k" && (event.ctrlKey || event.metaKey)) || (event.key === "/" && !typing && !dialog.open)) {
        event.preventDefault();
        open();
      }
    });
    if (document.readyState === "complete") start(); else window.addEventListener("load", start);
  }

  document.querySelectorAll(".pb-search[data-pb-search]").forEach(searchDialog);

  function init() {
    document.querySelectorAll(".pb-checklist[data-pb-key]").forEach(checklist);
    document.querySelectorAll(".pb-meta[data-pb-id]").forEach(markRead);
    document.querySelectorAll(".pb-path[data-pb-path]").forEach(path);
    document.querySelectorAll(".pb-script").forEach(script);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
