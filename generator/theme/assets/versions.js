/* A published release's version selector and older-release notice (see generator/versions.py).
   Each page says which release it belongs to and which language folder it is in; mike's
   versions.json at the branch root lists the releases. Switching opens the same page in the other
   release, else that release's home in the same language, else its home. Requests go to the
   site's own files only: versions.json, and the pages a switch may lead to (asked with HEAD). */
(function () {
  "use strict";

  var fill = window.pbReader.fill; // playbook.js, loaded first

  function releaseInfo() {
    var el = document.getElementById("__config");
    var cfg;
    try { cfg = el ? JSON.parse(el.textContent) : null; } catch (e) { cfg = null; }
    var v = cfg && cfg.version;
    if (!v || v.provider !== "playbook" || !v.release) return null;
    var languageRoot = new URL(String(cfg.base || ".").replace(/\/*$/, "/"), location.href);
    var prefix = v.lang_prefix || "";
    var depth = prefix.split("/").filter(Boolean).length;
    var versionRoot = new URL(new Array(depth + 1).join("../") || "./", languageRoot);
    var here = location.pathname;
    return {
      release: String(v.release),
      prefix: prefix,
      alias: v["default"] || "latest",
      branchRoot: new URL("../", versionRoot),
      page: here.indexOf(languageRoot.pathname) === 0 ? here.slice(languageRoot.pathname.length) : "",
      label: (cfg.translations || {})["select.version"] || "Select version"
    };
  }

  // The same page in another release, else that release's home in this language, else its home.
  function addresses(info, version) {
    var root = new URL(encodeURIComponent(version) + "/", info.branchRoot);
    var home = new URL(info.prefix, root);
    return [new URL(info.page, home).href + location.hash, home.href, root.href];
  }

  function goTo(info, version) {
    var candidates = addresses(info, version);
    (function next(i) {
      if (i === candidates.length - 1 || typeof fetch !== "function") { location.href = candidates[i]; return; }
      fetch(candidates[i], { method: "HEAD", cache: "no-store" }).then(function (response) {
        if (response.ok) location.href = candidates[i]; else next(i + 1);
      }, function () { location.href = candidates[i]; });
    })(0);
  }

  function element(tag, cls, text) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function withAliases(el, entry) {
    (entry.aliases || []).forEach(function (alias) { el.appendChild(element("span", "md-version__alias", alias)); });
    return el;
  }

  function drawSelector(info, versions) {
    var topic = document.querySelector(".md-header__topic");
    if (!topic) return;
    var drawn = topic.querySelector(".pb-version");  // instant navigation keeps the header: redraw for this page
    if (drawn) drawn.remove();
    var current = versions.filter(function (v) { return v.version === info.release; })[0];
    var box = element("div", "md-version pb-version");
    var button = element("button", "md-version__current", current ? current.title : info.release);
    button.setAttribute("aria-label", info.label);
    if (current) withAliases(button, current);
    var list = element("ul", "md-version__list");
    versions.forEach(function (entry) {
      var item = element("li", "md-version__item");
      var link = withAliases(element("a", "md-version__link", entry.title), entry);
      link.href = addresses(info, entry.version)[0];
      link.setAttribute("data-pb-release", entry.version);
      if (entry === current) link.setAttribute("aria-current", "true");
      item.appendChild(link);
      list.appendChild(item);
    });
    box.appendChild(button);
    box.appendChild(list);
    topic.appendChild(box);
  }

  function showOutdated(info, versions) {
    var newest = versions[0];
    if (!newest || newest.version === info.release) return;
    var target = (newest.aliases || []).indexOf(info.alias) >= 0 ? info.alias : newest.version;
    document.querySelectorAll("[data-md-component=outdated]").forEach(function (banner) {
      var link = banner.querySelector(".pb-outdated__link");
      if (link) {
        link.textContent = fill(link.getAttribute("data-template") || "{latest}", { latest: newest.title });
        link.href = addresses(info, target)[0];
        link.setAttribute("data-pb-release", target);
      }
      banner.hidden = false;
    });
  }

  var released = null;  // versions.json, asked once per page load
  function releases() {
    var info = releaseInfo();
    if (!info || typeof fetch !== "function") return;
    released = released || fetch(new URL("versions.json", info.branchRoot).href).then(function (r) {
      return r.ok ? r.json() : [];
    }).catch(function () { return []; });
    released.then(function (all) {
      var versions = (Array.isArray(all) ? all : []).filter(function (v) {
        return v && v.version && !(v.properties && v.properties.hidden);
      });
      if (!versions.length) return;
      drawSelector(info, versions);
      showOutdated(info, versions);
    });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-pb-release]");
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    var info = releaseInfo();
    if (!info) return;
    event.preventDefault();
    event.stopPropagation();  // Material's instant navigation would not check the page exists
    goTo(info, link.getAttribute("data-pb-release"));
  }, true);

  window.pbReader.onEachPage(releases); // playbook.js, loaded first
})();
