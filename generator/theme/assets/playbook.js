/* Reader-side behaviour of playbook pages: checklist ticks and what the reader has read (which
   version of each playbook), kept in this browser (localStorage) and nowhere else, and the review
   notice shown on the day a page falls due. No request leaves the page. Works with and without
   Material's instant navigation. (The walk through a conversation script is walkthrough.js; a
   published release's version selector and older-release notice are versions.js.) */
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

  // Run `init` on every page a reader opens: once, or on each page Material's instant navigation
  // swaps in.
  function onEachPage(init) {
    if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
      window.document$.subscribe(init);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", init);
    } else {
      init();
    }
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }

  // ---- Checklist ticks, kept per playbook and task, whatever its version --------------------
  // A tick belongs to a task, not to a version of the page: ticks are stored per playbook
  // (playbook:ticks:<id>) with each ticked task's identity (its key, and its text and place in
  // each language the reader saw it in), and matched to the tasks of the page the reader opens,
  // in this order (each stored tick is used once):
  //   1. the task's `key` (the checklist's YAML may name a task; a translation inherits it);
  //   2. the same text (the task moved, or a task was added before it);
  //   3. the same place (phase and position) with similar text: a reworded task (a typo fixed,
  //      a word changed);
  //   4. very similar text anywhere: reworded and moved;
  //   5. a tick never seen in this page's language: the task at the same place (a translation
  //      lists the source's tasks in the source's order).
  // A task whose text and place are both new matches nothing and starts unticked. Two tasks
  // with different keys never match each other. Similarity is the Dice coefficient of the two
  // texts' letter pairs: 0.6 at the same place, 0.8 elsewhere.
  var TICKS = "playbook:ticks:";
  var OLD_TICKS = "playbook:checklist:";  // before: per id@version, positions only

  function normal(text) { return String(text || "").toLowerCase().replace(/\s+/g, " ").trim(); }

  function pairs(text) {
    var out = {};
    for (var i = 0; i < text.length - 1; i += 1) {
      var pair = text.substr(i, 2);
      out[pair] = (out[pair] || 0) + 1;
    }
    return out;
  }

  function similarity(a, b) {
    if (a === b) return 1;
    if (!a || !b || a.length < 2 || b.length < 2) return 0;
    var pa = pairs(a), pb = pairs(b), shared = 0, total = 0, k;
    for (k in pa) { total += pa[k]; if (pb[k]) shared += Math.min(pa[k], pb[k]); }
    for (k in pb) total += pb[k];
    return (2 * shared) / total;
  }

  function identity(box, i, lang) {
    var item = box.closest("li");
    var task = item && item.querySelector(".pb-task");
    return {
      k: task ? task.getAttribute("data-pb-item") || "" : "",
      p: task ? task.getAttribute("data-pb-pos") || String(i) : String(i),
      t: normal(task ? task.textContent : item ? item.textContent : ""),
      l: lang
    };
  }

  function has(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); }

  var RULES = [
    function (s, it) { return s.k && it.k && s.k === it.k; },
    function (s, it) { return has(s.t, it.l) && s.t[it.l] === it.t; },
    function (s, it) { return has(s.t, it.l) && s.p[it.l] === it.p && similarity(s.t[it.l], it.t) >= 0.6; },
    function (s, it) { return has(s.t, it.l) && similarity(s.t[it.l], it.t) >= 0.8; },
    function (s, it) {
      return !has(s.t, it.l) && Object.keys(s.p).some(function (l) { return s.p[l] === it.p; });
    }
  ];

  // Which stored tick stands for each of `items` (index -> tick), and the ticks left over.
  function matchTicks(ticked, items) {
    var chosen = {}, used = {};
    RULES.forEach(function (rule) {
      ticked.forEach(function (saved, si) {
        if (used[si]) return;
        for (var i = 0; i < items.length; i += 1) {
          var item = items[i];
          if (chosen[i] || (saved.k && item.k && saved.k !== item.k)) continue;
          if (rule(saved, item)) { chosen[i] = saved; used[si] = true; return; }
        }
      });
    });
    return { chosen: chosen, left: ticked.filter(function (s, si) { return !used[si]; }) };
  }

  // A stored tick for a task as this page shows it, keeping what other languages' pages said.
  function tickOf(item, before) {
    var tick = { k: item.k || (before && before.k) || "", p: {}, t: {} };
    if (before) {
      Object.keys(before.p || {}).forEach(function (l) { tick.p[l] = before.p[l]; });
      Object.keys(before.t || {}).forEach(function (l) { tick.t[l] = before.t[l]; });
    }
    tick.p[item.l] = item.p;
    tick.t[item.l] = item.t;
    return tick;
  }

  function readTicks(value) {
    if (!value || !Array.isArray(value.ticked)) return null;
    return value.ticked.filter(function (s) { return s && typeof s.p === "object" && typeof s.t === "object"; });
  }

  // Once per playbook: ticks stored by the former scheme (a list of positions per id@version)
  // become ticks of the tasks at those positions: those of the version on the page if the
  // reader ticked that one, else those of the newest version they ticked. The old entries stay
  // for pages of older releases, which still read them.
  function migrated(root, id, items) {
    var prefix = OLD_TICKS + id + "@";
    var keys = [];
    try {
      for (var i = 0; i < localStorage.length; i += 1) {
        var key = localStorage.key(i);
        if (key && key.indexOf(prefix) === 0) keys.push(key);
      }
    } catch (e) { return []; }
    if (!keys.length) return [];
    var exact = OLD_TICKS + root.getAttribute("data-pb-key");
    keys.sort(function (a, b) { return older(a.slice(prefix.length), b.slice(prefix.length)) ? 1 : -1; });
    var chosen = keys.indexOf(exact) >= 0 ? exact : keys[0];
    var positions = store(chosen) || [];
    return positions.filter(function (n) { return items[n]; }).map(function (n) { return tickOf(items[n]); });
  }

  function checklist(root) {
    var id = root.getAttribute("data-pb-id") || String(root.getAttribute("data-pb-key") || "").split("@")[0];
    var key = TICKS + id;
    var lang = document.documentElement.getAttribute("lang") || "";
    var boxes = Array.prototype.slice.call(root.querySelectorAll(".task-list-item input[type=checkbox]"));
    var items = boxes.map(function (box, i) { return identity(box, i, lang); });
    var ticked = readTicks(store(key));
    var matched = matchTicks(ticked || migrated(root, id, items), items);
    var bar = root.querySelector(".pb-progress progress");
    var text = root.querySelector(".pb-progress__text");
    var template = root.getAttribute("data-template") || "{done} / {total}";
    function update() {
      var done = boxes.filter(function (b) { return b.checked; }).length;
      if (bar) { bar.value = done; bar.max = boxes.length; }
      if (text) text.textContent = fill(template, { done: done, total: boxes.length });
    }
    function save() {
      var now = [];
      items.forEach(function (item, i) { if (boxes[i].checked) now.push(tickOf(item, matched.chosen[i])); });
      // Ticks of tasks this page does not have (another release's) are kept for that release.
      store(key, { v: 1, ticked: now.concat(matched.left) });
    }
    boxes.forEach(function (box, i) {
      box.checked = !!matched.chosen[i];
      box.removeAttribute("disabled");
      box.setAttribute("data-pb-item", String(i));
      var label = box.closest("li");
      if (label) box.setAttribute("aria-label", label.textContent.trim().slice(0, 120));
      box.addEventListener("change", function () { save(); update(); });
    });
    if (ticked || matched.left.length || Object.keys(matched.chosen).length) save();  // now in this page's words
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
      matched.left = [];
      store(key, { v: 1, ticked: [] });
      update();
    });
    update();
  }

  // ---- What a reader has read: playbook:read:<id> = the version they last opened ------------
  function semver(v) {
    var m = /^(\d+)\.(\d+)\.(\d+)/.exec(String(v || ""));
    return m ? [+m[1], +m[2], +m[3]] : [0, 0, 0];
  }

  function older(a, b) {  // whether version a comes before version b
    var x = semver(a), y = semver(b);
    for (var i = 0; i < 3; i += 1) if (x[i] !== y[i]) return x[i] < y[i];
    return false;
  }

  function readVersion(id) {
    var value = store("playbook:read:" + id);
    return typeof value === "string" ? value : null;
  }

  // Changelog entries of a list (data-pb-since on each version) newer than `read`: shown, and
  // the others hidden (role paths) or left as they are (pages that list them anyway).
  function newerEntries(scope, read) {
    return Array.prototype.slice.call(scope.querySelectorAll("[data-pb-since]")).filter(function (el) {
      return older(read, el.getAttribute("data-pb-since"));
    });
  }

  function changedSince(meta, read, version) {
    if (meta.parentNode.querySelector(".pb-changed-notice")) return;
    var box = document.createElement("div");
    box.className = "admonition note pb-changed-notice";
    box.setAttribute("role", "status");
    var title = document.createElement("p");
    title.className = "admonition-title";
    title.textContent = meta.getAttribute("data-changed-title") || "Changed since you last read it";
    var text = document.createElement("p");
    text.textContent = fill(meta.getAttribute("data-changed-text") || "{read} → {version}", { read: read, version: version });
    box.appendChild(title);
    box.appendChild(text);
    var log = document.querySelector(".pb-changelog");
    var list = document.createElement("ul");
    newerEntries(log || document.createElement("div"), read).forEach(function (el) {
      var item = el.closest("li");
      if (item) list.appendChild(item.cloneNode(true));
    });
    if (list.children.length) box.appendChild(list);
    meta.parentNode.insertBefore(box, meta);
    pageLanguage(box);
  }

  function markRead(meta) {
    var id = meta.getAttribute("data-pb-id");
    if (!id) return;
    var version = meta.getAttribute("data-pb-version") || "1";
    var read = readVersion(id);
    if (read && older(read, version)) changedSince(meta, read, version);
    store("playbook:read:" + id, version);
  }

  // A link to a playbook (data-pb-id, data-pb-version) the reader read at an older version:
  // a badge saying so, and the changelog notes since (role paths keep them hidden until then).
  function markChanged(link, template) {
    var item = link.closest("li");
    var read = readVersion(link.getAttribute("data-pb-id"));
    if (!item || !read || !older(read, link.getAttribute("data-pb-version"))) return false;
    if (item.classList.contains("pb-changed")) return true;
    item.classList.add("pb-changed");
    var badge = document.createElement("span");
    badge.className = "pb-changed-badge";
    badge.textContent = fill(template || "{version}", { version: read });
    link.insertAdjacentElement("afterend", badge);
    pageLanguage(badge);
    var since = item.querySelector(".pb-since");
    if (since) {
      since.hidden = false;
      since.querySelectorAll("[data-pb-since]").forEach(function (el) { el.hidden = true; });
      newerEntries(since, read).forEach(function (el) { el.hidden = false; });
    } else {
      newerEntries(item, read).forEach(function (el) {
        var entry = el.closest("li");
        if (entry && entry !== item) entry.classList.add("pb-new");
      });
    }
    return true;
  }

  function forgetButton(button, after) {
    button.addEventListener("click", function () {
      try {
        var keys = [];
        for (var i = 0; i < localStorage.length; i += 1) {
          var key = localStorage.key(i);
          if (key && key.indexOf("playbook:read:") === 0) keys.push(key);
        }
        keys.forEach(function (key) { localStorage.removeItem(key); });
      } catch (e) { /* storage disabled: nothing was kept */ }
      document.querySelectorAll(".pb-changed-badge").forEach(function (b) { b.remove(); });
      document.querySelectorAll(".pb-changed, .pb-read").forEach(function (li) { li.classList.remove("pb-changed", "pb-read"); });
      document.querySelectorAll(".pb-since").forEach(function (s) { s.hidden = true; });
      document.querySelectorAll(".pb-new").forEach(function (li) { li.classList.remove("pb-new"); });
      var done = button.getAttribute("data-done");
      if (done) {
        var note = document.createElement("span");
        note.className = "pb-forgotten";
        note.setAttribute("role", "status");
        note.textContent = done;
        button.replaceWith(note);
        pageLanguage(note);
      }
      if (after) after();
    });
  }

  function path(root) {
    var links = Array.prototype.slice.call(root.querySelectorAll("a[data-pb-id]"));
    var p = document.createElement("p");
    p.className = "pb-path-progress";
    p.setAttribute("aria-live", "polite");
    var bar = document.createElement("progress");
    var label = document.createTextNode("");
    function count() {
      var done = links.filter(function (a) { return readVersion(a.getAttribute("data-pb-id")); }).length;
      bar.max = links.length; bar.value = done;
      label.textContent = " " + fill(root.getAttribute("data-template") || "{done} / {total}", { done: done, total: links.length });
    }
    links.forEach(function (a) {
      var item = a.closest("li");
      if (item && readVersion(a.getAttribute("data-pb-id"))) item.classList.add("pb-read");
      markChanged(a, root.getAttribute("data-changed-template"));
    });
    p.appendChild(bar);
    p.appendChild(label);
    count();
    if (root.getAttribute("data-forget") && links.some(function (a) { return readVersion(a.getAttribute("data-pb-id")); })) {
      var forget = document.createElement("button");
      forget.type = "button";
      forget.className = "md-button pb-forget";
      forget.textContent = " " + root.getAttribute("data-forget");
      forget.setAttribute("data-done", root.getAttribute("data-done") || "");
      p.appendChild(document.createTextNode(" "));
      p.appendChild(forget);
      forgetButton(forget, count);
    }
    root.insertBefore(p, root.firstChild);
    pageLanguage(p);
  }

  function changesPage(root) {
    root.querySelectorAll("a[data-pb-id]").forEach(function (a) {
      markChanged(a, root.getAttribute("data-changed-template"));
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

  // A page knows the day its review falls due (data-pb-due, written by the build). When the
  // reader's own date is past it, the overdue notice the build left hidden is shown, and the
  // "due on" note goes: the page turns overdue on the day, not at the next rebuild.
  function localToday() {
    var d = new Date();
    var two = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }

  function reviewDue(notice) {
    var due = notice.getAttribute("data-pb-due");
    if (!notice.hidden || !/^\d{4}-\d{2}-\d{2}$/.test(due || "") || localToday() <= due) return;
    notice.hidden = false;
    document.querySelectorAll(".pb-due").forEach(function (note) { note.hidden = true; });
  }
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
    document.querySelectorAll(".pb-changes").forEach(changesPage);
    document.querySelectorAll(".pb-changes-tools .pb-forget").forEach(function (b) { forgetButton(b); });
    document.querySelectorAll(".pb-overdue[data-pb-due]").forEach(reviewDue);
  }

  // For the scripts loaded after this one (walkthrough.js, paths.js, print.js, versions.js).
  window.pbReader = { fill: fill, pageLanguage: pageLanguage, onEachPage: onEachPage };
  onEachPage(init);
})();
