/* Material's search worker, answered by Pagefind.
 *
 * Material's search box talks to a web worker with four messages (SETUP 0, READY 1, QUERY 2,
 * RESULT 3; see Material's integrations/search/worker). This worker speaks that protocol, so
 * Material keeps drawing the box, the keyboard navigation and the result list, while the index is
 * Pagefind's: per language, in chunks fetched per query word, in one or more bundles that are
 * merged here (generator/search.py says why there are bundles). The site root is two folders up
 * from this file (assets/playbook/), so it works under any base URL and inside mike versions.
 */
"use strict";

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
const SHOWN = 20;                 /* results whose excerpt is fetched and shown */
const ROOT = new URL("../../", self.location.href);
const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("playbook-search") : null;

let engine = null;
let latest = 0;

async function setup() {
  const manifest = await (await fetch(new URL("pagefind/bundles.json", ROOT))).json();
  const [first, ...others] = manifest.bundles.map(b => new URL(`pagefind/${b}`, ROOT).href);
  const pagefind = await import(`${first}pagefind.js`);
  await pagefind.options({ excerptLength: 24 });
  await pagefind.init();
  await Promise.all(others.map(url => pagefind.mergeIndex(url)));
  return pagefind;
}

function escapeHTML(text) {
  return String(text).replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
}

function relative(url) {
  /* Pagefind's URLs start at the language site's root; Material resolves them against its base. */
  return url.replace(/^\//, "");
}

function terms(query) {
  const found = {};
  for (const word of query.toLowerCase().split(/[\s"]+/).filter(Boolean)) found[word] = true;
  return found;
}

function weight(sub) {
  return (sub.weighted_locations || []).reduce((sum, l) => sum + (l.weight || 1), 0) || (sub.locations || []).length;
}

function inLanguage(html, lang) {
  /* An untranslated page's text (emit marks it data-pagefind-meta="lang:en") keeps its language. */
  return lang ? `<span lang="${escapeHTML(lang)}">${html}</span>` : html;
}

function group(data, score, matched) {
  /* Material shows the sections scored like their page, folds the others into "N more on this
   * page", and shows the page's own excerpt when no section is shown: so the section where the
   * words weigh most is shown (as lunr did), unless that is the text before the first heading. */
  const page = relative(data.url);
  const lang = data.meta.lang || "";
  const items = [{
    location: page,
    title: inLanguage(escapeHTML(data.meta.title || page), lang),
    text: inLanguage(data.excerpt || "", lang),
    score,
    terms: matched
  }];
  const subs = [...(data.sub_results || [])].sort((a, b) => weight(b) - weight(a));
  subs.forEach((sub, rank) => {
    const location = relative(sub.url);
    /* The text before the first heading, and the page's own title, are the page itself. */
    if (!location.includes("#") || location === page || sub.title === data.meta.title) return;
    items.push({
      location,
      title: inLanguage(escapeHTML(sub.title), lang),
      text: inLanguage(sub.excerpt || "", lang),
      score: rank === 0 ? score : score / (2 + rank),
      terms: matched
    });
  });
  return items;
}

async function search(query, id) {
  const text = query.trim();
  if (!text) return { items: [] };
  const pagefind = await (engine ||= setup());
  const found = await pagefind.search(text);
  if (id !== latest || !found) return null;
  const best = found.results.slice(0, SHOWN);
  const datas = await Promise.all(best.map(r => r.data()));
  if (id !== latest) return null;
  const matched = terms(text);
  if (channel) channel.postMessage({ query, shown: best.length, total: found.results.length });
  return { items: datas.map((data, i) => group(data, best[i].score, matched)) };
}

addEventListener("message", async ev => {
  const message = ev.data;
  if (message.type === SETUP) {
    try {
      await (engine ||= setup());
    } catch (err) {
      engine = null;
      console.warn("Search is not available on this page:", err);
    }
    postMessage({ type: READY });
  } else if (message.type === QUERY) {
    const id = ++latest;
    try {
      const data = await search(message.data, id);
      if (data) postMessage({ type: RESULT, data });
    } catch (err) {
      engine = null;
      console.warn("Search failed:", err);
      if (id === latest) postMessage({ type: RESULT, data: { items: [] } });
    }
  }
});
