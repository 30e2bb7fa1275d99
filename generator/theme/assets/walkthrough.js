/* A conversation script, one step at a time, for a reader in a live call.
   Each step is at #step-<id> of its page (the format's contract): opening that address starts
   the walk-through at that step, and every step shown puts its address in the history, so a
   colleague can be sent to step 6 and the browser's back button goes back one step. Previous and
   next are at the bottom of the screen, in reach of a thumb; the arrow keys do the same.
   Nothing here runs on a printable path (.pb-print-item): a printout shows every step. */
(function () {
  "use strict";

  var PREFIX = "#step-";

  var fill = window.pbReader.fill; // playbook.js, loaded first

  var pageLanguage = window.pbReader.pageLanguage; // controls in the page's language, also in an untranslated script

  function button(text, cls) {
    var b = document.createElement("button");
    b.type = "button"; b.className = "md-button " + cls; b.textContent = text;
    return b;
  }

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  function walkthrough(root) {
    var steps = Array.prototype.slice.call(root.querySelectorAll(".pb-step"));
    if (!steps.length || root.getAttribute("data-pb-walk") === "on") return null;
    root.setAttribute("data-pb-walk", "on");
    var ids = steps.map(function (s) { return s.getAttribute("data-step"); });
    var labels = (root.getAttribute("data-labels") || "").split("|");
    function label(i, fallback) { return labels[i] || fallback; }

    var top = document.createElement("div");
    top.className = "pb-walk-controls";
    var start = button(label(0, "Walk through"), "md-button--primary pb-walk-start");
    var all = button(label(1, "Show all"), "pb-walk-all");
    var again = button(label(3, "Start again"), "pb-walk-restart");
    [all, again].forEach(function (el) { el.hidden = true; });
    [start, all, again].forEach(function (el) { top.appendChild(el); });
    root.insertBefore(top, root.firstChild);
    pageLanguage(top);

    var nav = document.createElement("div");
    nav.className = "pb-walk-nav";
    nav.hidden = true;
    var prev = button("← " + label(5, "Previous"), "pb-walk-prev");
    var next = button(label(2, "Next") + " →", "md-button--primary pb-walk-next");
    var count = document.createElement("span");
    count.className = "pb-walk-count";
    count.setAttribute("aria-live", "polite");
    var end = document.createElement("p");
    end.className = "pb-walk-end"; end.textContent = label(4, "End"); end.hidden = true;
    var keys = document.createElement("p");
    keys.className = "pb-walk-keys"; keys.textContent = label(7, "");
    [prev, count, next].forEach(function (el) { nav.appendChild(el); });
    root.appendChild(end);
    root.appendChild(nav);
    if (keys.textContent) { keys.hidden = true; root.appendChild(keys); }
    [end, nav, keys].forEach(pageLanguage);

    var current = -1;

    function address(index) { return PREFIX + encodeURIComponent(ids[index]); }

    function show(index, history_) {
      if (index < 0 || index >= steps.length) return;
      var moved = index !== current;
      current = index;
      root.classList.add("pb-walking");
      steps.forEach(function (s, i) { s.hidden = i !== index; s.classList.toggle("pb-current", i === index); });
      start.hidden = true; all.hidden = false; again.hidden = false; nav.hidden = false; keys.hidden = false;
      prev.disabled = index === 0;
      var last = index === steps.length - 1;
      next.disabled = last;
      end.hidden = !last;
      count.textContent = fill(label(6, "Step {n} of {total}"), { n: index + 1, total: steps.length });
      if (history_ === "push" && location.hash !== address(index)) {
        history.pushState({ pbStep: ids[index] }, "", address(index));
      } else if (history_ === "replace") {
        history.replaceState({ pbStep: ids[index] }, "", address(index));
      }
      if (!moved && history_ === "none") return;
      var heading = steps[index].querySelector("h2, h3");
      if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus({ preventScroll: true }); }
      var box = steps[index].getBoundingClientRect();
      if (box.top < 64 || box.top > window.innerHeight * 0.6) {
        window.scrollTo(0, window.scrollY + box.top - 80); // below Material's fixed header
      }
    }

    function showAll(clearAddress) {
      current = -1;
      root.classList.remove("pb-walking");
      steps.forEach(function (s) { s.hidden = false; s.classList.remove("pb-current"); });
      start.hidden = false; all.hidden = true; again.hidden = true; nav.hidden = true; end.hidden = true;
      keys.hidden = true;
      if (clearAddress && location.hash.indexOf(PREFIX) === 0) {
        history.pushState({ pbAll: true }, "", location.pathname + location.search);
      }
    }

    function fromAddress() {
      if (location.hash.indexOf(PREFIX) !== 0) return -1;
      return ids.indexOf(decodeURIComponent(location.hash.slice(PREFIX.length)));
    }

    start.addEventListener("click", function () { show(0, "push"); });
    again.addEventListener("click", function () { show(0, "push"); });
    all.addEventListener("click", function () { showAll(true); });
    prev.addEventListener("click", function () { show(current - 1, "push"); });
    next.addEventListener("click", function () { show(current + 1, "push"); });
    root.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a.pb-goto");
      if (!link) return;
      var target = ids.indexOf(link.getAttribute("data-goto"));
      if (target >= 0) { event.preventDefault(); show(target, "push"); }
    });

    return {
      // The address changed. Back and forward to a step shown by the walk-through walk again;
      // while walking, a link in the table of contents shows its step; otherwise a link to a
      // step only scrolls to it, as any link to a section does.
      follow: function (event) {
        var index = fromAddress();
        var walked = event && event.type === "popstate" && event.state && event.state.pbStep;
        // A step reached by a link while walking is marked as walked, so back returns to it walking.
        if (index >= 0 && (walked || current >= 0)) show(index, walked ? "none" : "replace");
        else if (current >= 0 && !location.hash) showAll(false);
      },
      key: function (event) {
        if (current < 0 || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
        if (typing(event.target) || document.querySelector(".md-search__input:focus")) return;
        if (event.key === "ArrowRight" && current < steps.length - 1) { event.preventDefault(); show(current + 1, "push"); }
        if (event.key === "ArrowLeft" && current > 0) { event.preventDefault(); show(current - 1, "push"); }
      },
      open: function () {
        var index = fromAddress();
        if (index >= 0) show(index, "replace");
      }
    };
  }

  var walks = [];
  function follow(event) { walks.forEach(function (w) { w.follow(event); }); }
  window.addEventListener("popstate", follow);
  window.addEventListener("hashchange", follow);
  document.addEventListener("keydown", function (event) { walks.forEach(function (w) { w.key(event); }); });

  function init() {
    walks = [];
    document.querySelectorAll(".pb-script").forEach(function (root) {
      if (root.closest(".pb-print-item")) return;
      var walk = walkthrough(root);
      if (walk) { walks.push(walk); walk.open(); }
    });
  }

  window.pbReader.onEachPage(init);
})();
