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
  let text = query.trim();
  if (!text) return { items: [] };
  const pagefind = await (engine ||= setup());
  let found = await pagefind.search(text);
  if (found && !found.results.length) {
    const respelt = await respell(text);
    if (respelt) { text = respelt; found = await pagefind.search(text); }
  }
  if (id !== latest || !found) return null;
  const ranked = await contentFirst(pagefind, text, found.results);
  if (id !== latest) return null;
  const best = ranked.slice(0, SHOWN);
  const datas = await Promise.all(best.map(r => r.data()));
  if (id !== latest) return null;
  const matched = terms(text);
  if (channel) channel.postMessage({ query, shown: best.length, total: found.results.length });
  return { items: datas.map((data, i) => group(data, best[i].score, matched)) };
}

/* -- Ranking and spelling (issue 18) ---------------------------------------------------------
 * Playbooks and content pages come before list pages (tags, roles, kinds): a list names every
 * playbook's title and summary, so it matches almost any word, often more times than the
 * playbook itself. The generated list pages carry the Pagefind filter `page:list`; the same query
 * filtered to them says which results are lists, and those go after the others, each group in
 * Pagefind's own order. */
async function contentFirst(pagefind, text, results) {
  if (!results.length) return results;
  const lists = await pagefind.search(text, { filters: { page: "list" } });
  if (!lists || !lists.results.length) return results;
  const listed = new Set(lists.results.map(r => r.id));
  return results.filter(r => !listed.has(r.id)).concat(results.filter(r => listed.has(r.id)));
}

/* A query that finds nothing is tried once more with each word that begins none of the site's
 * words replaced by the closest one it has: one edit away (a letter missing, extra, wrong or two
 * swapped), two for words of eight letters and more, the more frequent word first among equals.
 * Pagefind cannot list its words, so the build writes them (generator/vocabulary.py) to
 * pagefind/words.txt, fetched the first time a query finds nothing. */
let vocabulary = null;

async function respell(text) {
  try {
    vocabulary ||= fetch(new URL("pagefind/words.txt", ROOT)).then(r => (r.ok ? r.text() : "")).then(t => t.split("|").filter(Boolean));
    const words = await vocabulary;
    if (!words.length) return null;
    let changed = false;
    const out = text.toLowerCase().split(/\s+/).filter(Boolean).map(word => {
      if (word.length < 4 || words.some(w => w.startsWith(word))) return word;
      const best = closest(word, words);
      if (best) changed = true;
      return best || word;
    });
    return changed ? out.join(" ") : null;
  } catch (err) {
    vocabulary = null;
    return null;
  }
}

function closest(word, words) {
  const most = word.length >= 8 ? 2 : 1;
  for (let allowed = 1; allowed <= most; allowed++) {
    /* words are most frequent first: the first within reach is the best */
    for (const w of words) {
      if (Math.abs(w.length - word.length) <= allowed && distance(word, w, allowed) <= allowed) return w;
    }
  }
  return null;
}

function distance(a, b, limit) {
  /* Optimal string alignment (Levenshtein with adjacent swaps), giving up past `limit`. */
  let before = null, row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    let smallest = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + cost);
      if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
      next.push(d);
      if (d < smallest) smallest = d;
    }
    if (smallest > limit) return limit + 1;
    before = row; row = next;
  }
  return row[b.length];
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
