/* Reader-side behaviour of playbook pages: checklist ticks and reading progress kept in this
   browser (localStorage); the walk through a conversation script is walkthrough.js.
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

  // Controls drawn here speak the page's language, also inside an untranslated playbook's text
  // (a block marked lang="en" on an Italian page): screen readers pronounce them accordingly.
  function pageLanguage(el) {
    var lang = document.documentElement.getAttribute("lang");
    var around = el.parentElement && el.parentElement.closest("[lang]");
    if (lang && around && around !== document.documentElement && around.getAttribute("lang") !== lang) {
      el.setAttribute("lang", lang);
    }
    return el;
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
    root.querySelectorAll(".pb-progress, .pb-note").forEach(pageLanguage);
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
    pageLanguage(p);
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

  function init() {
    document.querySelectorAll(".pb-checklist[data-pb-key]").forEach(checklist);
    document.querySelectorAll(".pb-meta[data-pb-id]").forEach(markRead);
    document.querySelectorAll(".pb-path[data-pb-path]").forEach(path);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
