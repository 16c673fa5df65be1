/* The header's search: Pagefind's index of every page (built by `briefing build`; see the
   README, "Search"). The box is overrides/partials/search.html; this script loads Pagefind
   from the site itself on the first search, shows each result with the passage that matched
   and a link to its paragraph (#pN) or section, and offers filters and a date order.

   Keyboard: / or s (or f) opens the search from anywhere on the page (on a phone too: the
   header's search button is the theme's label), Escape closes it, Arrow Down moves from the
   box into the results, Arrow Up and Down move between them.
   Everything a result shows comes from the index as text (textContent), never as HTML. */
(function () {
  "use strict";
  const root = document.querySelector("[data-bf-search]");
  const script = document.currentScript;
  if (!root || !script) return;
  const siteRoot = new URL("../", script.src);  // this file is assets/search.js
  const bundle = new URL("pagefind/", siteRoot);
  // Each result shown costs a request for its text (about 2 KB): the first five come with the
  // search, ten more with each "Show more results".
  const FIRST_PAGE = 5;
  const PAGE_SIZE = 10;
  // A search runs once typing pauses, and not for one letter: Pagefind's own debouncedSearch
  // fetches the index chunk of every prefix typed ("a", "ar", "arm"...), and the chunk of a
  // one-letter word such as "a" holds most of the pages (hundreds of KB at 10,000 articles).
  const PAUSE_MS = 200;
  const SHORTEST = 2;  // characters typed before the search runs by itself (Enter runs any)
  const PASSAGES = 3;  // per result: the best passage and two more
  const WINDOW = 28;  // words of a passage
  const RANKING = {metaWeights: {title: 8.0, terms: 6.0, date: 0.0, outlet: 0.0}};
  const FILTERS = [["kind", "Kind"], ["point", "Point"], ["status", "Status"], ["outlet", "Outlet"],
                   ["language", "Language"], ["date", "Month"]];
  const KINDS = {point: "Point", article: "Article", party: "Party"};
  const SHORTCUTS = new Set(["/", "s", "f"]);

  const toggle = document.getElementById("__search");
  const form = root.querySelector("form");
  const input = root.querySelector("input[type=search]");
  const reset = root.querySelector("button[type=reset]");
  const output = root.querySelector(".md-search__output");
  const status = root.querySelector("[data-bf-status]");
  const list = root.querySelector("[data-bf-results]");
  const more = root.querySelector("[data-bf-more]");
  const refine = root.querySelector("[data-bf-refine]");
  const fields = root.querySelector("[data-bf-fields]");
  const order = root.querySelector("[data-bf-sort]");

  let loading = null;  // the Pagefind module, once asked for
  let results = none();  // the current search's results, taken a few at a time (their texts loaded then)
  let shown = 0;
  let generation = 0;  // each search's number: an older search's answer is dropped
  let quiet = false;  // the box takes the focus back without opening
  let pending = 0;  // the timer of a search waiting for typing to pause

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // The index is a few Pagefind bundles (pagefind/bundles.json lists them: see generator/search_bundles.py),
  // merged here into one search; each bundle's pages carry the filter "bundle", so that a search in date
  // order can be asked of each bundle alone and the answers merged by date (Pagefind's merge orders by
  // score, which a sorted search sets to the page's place in its own bundle).
  let bundles = [];

  function pagefind() {
    if (!loading) {
      loading = (async () => {
        const listed = await (await fetch(new URL("bundles.json", bundle))).json();
        bundles = listed.bundles.map((entry) => String(entry.name)).filter((name) => /^[a-z][a-z0-9-]*$/.test(name));
        if (!bundles.length) throw new Error("no search bundle");
        const path = (name) => new URL(`${name}/`, bundle).href;
        const module = await import(new URL("pagefind.js", path(bundles[0])).href);
        // noWorker: Pagefind searches on the page itself, not in a web worker of its own, whose script would
        // be one more download (12 KB gzipped) for every reader's first search.
        await module.options({bundlePath: path(bundles[0]), baseUrl: siteRoot.pathname, ranking: RANKING,
                              mergeFilter: {bundle: bundles[0]}, noWorker: true});
        await module.init();
        for (const name of bundles.slice(1)) {
          await module.mergeIndex(path(name), {baseUrl: siteRoot.pathname, ranking: RANKING, mergeFilter: {bundle: name}});
        }
        return module;
      })();
      loading.catch(() => { loading = null; });
    }
    return loading;
  }

  // --- opening and closing ----------------------------------------------------------

  function isOpen() { return !output.hidden; }

  function setToggle(on) {  // the theme's toggle: its styles open the box; its script locks the page's scroll on a phone
    if (!toggle || toggle.checked === on) return;
    toggle.checked = on;
    toggle.dispatchEvent(new Event("change"));
  }

  function open() {
    output.hidden = false;
    setToggle(true);
    pagefind().catch(() => {});  // start loading while the reader types
  }

  function close(focusBox) {  // focusBox: give the focus back to the box (Escape), which stays closed
    output.hidden = true;
    setToggle(false);
    if (focusBox && input.offsetParent) {
      quiet = true;
      input.focus();
    }
  }

  function editable(target) {  // where a key types text: a shortcut there is a letter
    if (!(target instanceof HTMLElement)) return false;
    if (target.isContentEditable || target.tagName === "TEXTAREA" || target.tagName === "SELECT") return true;
    return target.tagName === "INPUT" && !/^(checkbox|radio|button|submit|reset|range|color|file|image)$/.test(target.type);
  }

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && isOpen()) {
      close(root.contains(document.activeElement));
      event.preventDefault();
      return;
    }
    if (!SHORTCUTS.has(event.key) || event.ctrlKey || event.metaKey || event.altKey || editable(event.target)) return;
    event.preventDefault();
    open();
    input.focus();
    input.select();
  });
  if (toggle) toggle.addEventListener("change", () => {  // the header's search button (a label) and the overlay
    if (toggle.checked && !isOpen()) { open(); input.focus(); } else if (!toggle.checked && isOpen()) { close(false); }
  });
  input.addEventListener("focus", () => { if (!quiet) open(); quiet = false; });
  root.addEventListener("focusout", (event) => {
    if (event.relatedTarget && !root.contains(event.relatedTarget)) close(false);
  });
  window.addEventListener("hashchange", () => close(false));  // a result on this very page was chosen
  form.addEventListener("submit", (event) => { event.preventDefault(); search(); });
  form.addEventListener("reset", () => setTimeout(() => { search(); input.focus(); }));
  input.addEventListener("input", whenTypingPauses);
  order.addEventListener("change", search);
  refine.addEventListener("toggle", () => { if (refine.open) showFilters(); });

  // On a phone the header's search button is the theme's label for its toggle, and a label takes
  // no focus: Tab reaches it now, and Enter or Space opens the search (a label may not take a
  // button role, so axe says; its name says what it does).
  for (const button of document.querySelectorAll("label.md-header__button[for='__search']")) {
    button.tabIndex = 0;
    if (!button.getAttribute("aria-label")) button.setAttribute("aria-label", "Search");
    button.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      open();
      input.focus();
    });
  }

  // --- moving through the results by keyboard ------------------------------------------

  function links() { return Array.from(list.querySelectorAll("a")); }

  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" && links().length) { event.preventDefault(); links()[0].focus(); }
  });
  list.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const all = links();
    const at = all.indexOf(document.activeElement);
    event.preventDefault();
    if (event.key === "ArrowUp" && at <= 0) { input.focus(); return; }
    all[Math.min(all.length - 1, at + (event.key === "ArrowDown" ? 1 : -1))].focus();
  });

  // --- filters and order ---------------------------------------------------------------

  function label(key, value) {
    if (key === "kind") return KINDS[value] || value;
    if (key === "date" && /^\d{4}-\d{2}$/.test(value)) {
      const [year, month] = value.split("-").map(Number);
      return new Date(Date.UTC(year, month - 1, 1)).toLocaleDateString("en", {month: "long", year: "numeric", timeZone: "UTC"});
    }
    if (key === "language") {
      try { return new Intl.DisplayNames(["en"], {type: "language"}).of(value) || value; } catch (e) { return value; }
    }
    return value;
  }

  async function showFilters() {
    if (fields.querySelector("[data-bf-filter]")) return;
    let available;
    try { available = await (await pagefind()).filters(); } catch (e) { return; }
    for (const [key, name] of FILTERS) {
      const values = Object.entries(available[key] || {});
      if (!values.length) continue;
      values.sort(([a], [b]) => (key === "date" ? b.localeCompare(a) : label(key, a).localeCompare(label(key, b))));
      const field = element("label", "bf-search__field");
      const select = element("select");
      select.dataset.bfFilter = key;
      select.append(element("option", "", "Any"));
      select.firstChild.value = "";
      for (const [value, count] of values) {
        const option = element("option", "", `${label(key, value)} (${count})`);
        option.value = value;
        select.append(option);
      }
      select.addEventListener("change", search);
      field.append(element("span", "", name), select);
      fields.append(field);
    }
  }

  function chosenFilters() {
    const chosen = {};
    for (const select of fields.querySelectorAll("[data-bf-filter]")) {
      if (select.value) chosen[select.dataset.bfFilter] = select.value;
    }
    return chosen;
  }

  // --- searching ------------------------------------------------------------------------

  function whenTypingPauses() {
    clearTimeout(pending);
    ++generation;  // an answer to what was typed before is no longer wanted
    reset.hidden = !input.value;
    const length = input.value.trim().length;
    if (length > 0) open();
    if (length > 0 && length < SHORTEST && !Object.keys(chosenFilters()).length) {
      list.replaceChildren();
      more.hidden = true;
      status.textContent = "Keep typing, or press Enter to search";
      return;
    }
    pending = setTimeout(search, PAUSE_MS);
  }

  function none() { return {total: 0, take: async () => []}; }

  function inOrder(found) {  // results as Pagefind ordered them
    let next = 0;
    return {
      total: found.length,
      take: (count) => { const batch = found.slice(next, next + count); next += batch.length; return Promise.all(batch.map((r) => r.data())); },
    };
  }

  function byDate(lists, newestFirst) {  // each bundle's results, in date order, merged by date (each page's meta.date)
    const at = lists.map(() => 0);
    const heads = lists.map(() => null);
    const head = async (k) => {
      if (heads[k] === null && at[k] < lists[k].length) heads[k] = await lists[k][at[k]].data();
      return heads[k];
    };
    return {
      total: lists.reduce((sum, list) => sum + list.length, 0),
      take: async (count) => {
        const taken = [];
        while (taken.length < count) {
          const pages = await Promise.all(lists.map((_, k) => head(k)));
          let best = -1;
          pages.forEach((page, k) => {
            if (!page) return;
            const date = page.meta.date || "", bestDate = best < 0 ? null : pages[best].meta.date || "";
            if (best < 0 || (newestFirst ? date > bestDate : date < bestDate)) best = k;
          });
          if (best < 0) break;
          taken.push(pages[best]);
          heads[best] = null;
          at[best] += 1;
        }
        return taken;
      },
    };
  }

  async function find(term, filters, sort) {
    const module = await pagefind();
    if (!sort) return inOrder((await module.search(term || null, {filters})).results);
    const lists = await Promise.all(bundles.map(
      (name) => module.search(term || null, {filters: {...filters, bundle: name}, sort}).then((found) => found.results)));
    return byDate(lists, sort.date === "desc");
  }

  async function search() {
    clearTimeout(pending);
    const term = input.value.trim();
    const filters = chosenFilters();
    const sort = order.value ? {date: order.value} : undefined;
    const mine = ++generation;
    reset.hidden = !input.value;
    if (!term && !Object.keys(filters).length) {
      results = none();
      list.replaceChildren();
      more.hidden = true;
      status.textContent = "Type a name, a place or a number";
      return;
    }
    open();
    let found;
    try {
      found = await find(term, filters, sort);
    } catch (e) {
      status.textContent = "Search is not available: its index did not load (it is made by briefing build, and read over http)";
      return;
    }
    if (mine !== generation) return;  // a newer search is on its way
    results = found;
    shown = 0;
    list.replaceChildren();
    await showMore(mine, FIRST_PAGE);
    if (mine !== generation) return;
    const what = term ? ` for “${term}”` : "";
    const ordered = sort ? `, ${order.value === "asc" ? "oldest" : "newest"} first` : "";
    status.textContent = results.total === 0 ? `No results${what}`
      : `${results.total} ${results.total === 1 ? "result" : "results"}${what}${ordered}`;
  }

  async function showMore(mine, size = PAGE_SIZE) {
    const source = results;
    const data = await source.take(size);
    if (mine !== generation) return;
    for (const page of data) list.append(resultItem(page));
    shown += data.length;
    more.hidden = shown >= source.total;
  }

  more.addEventListener("click", async () => {
    const first = shown;
    await showMore(generation);
    const next = list.children[first];
    if (next) next.querySelector("a").focus();
  });

  // --- one result: its best passages ------------------------------------------------------

  function passages(page) {
    const words = page.content.split(/\s+/);
    const anchors = (page.anchors || [])
      .filter((a) => /^p\d+$/.test(a.id) || /^h[2-6]$/.test(a.element))  // the h1 is the page itself
      .sort((a, b) => a.location - b.location);
    const scores = new Map();  // anchor index (-1: before the first) -> score
    const weighted = page.weighted_locations || page.locations.map((location) => ({location, balanced_score: 1}));
    for (const {location, balanced_score: score} of weighted) {
      let at = -1;
      while (at + 1 < anchors.length && anchors[at + 1].location <= location) at += 1;
      scores.set(at, (scores.get(at) || 0) + (score || 1));
    }
    if (!scores.size) scores.set(-1, 0);  // found by the page's terms or title: its start
    const hits = new Set(page.locations);
    return [...scores.entries()].sort((a, b) => b[1] - a[1]).slice(0, PASSAGES).map(([at]) => {
      const anchor = anchors[at];
      const start = anchor ? anchor.location : 0;
      const end = at + 1 < anchors.length ? anchors[at + 1].location : words.length;
      const firstHit = page.locations.find((l) => l >= start && l < end);
      const from = Math.max(start, (firstHit === undefined ? start : firstHit) - 8);
      const to = Math.min(end, from + WINDOW);
      return {
        url: anchor ? `${page.url}#${anchor.id}` : page.url,
        label: anchor ? (/^p\d+$/.test(anchor.id) ? `¶${anchor.id.slice(1)}` : anchor.text) : "",
        words: words.slice(from, to).map((word, i) => [word, hits.has(from + i)]),
        cut: [from > start, to < end],
      };
    });
  }

  function excerpt(passage) {
    const paragraph = element("p", "bf-search__excerpt");
    if (passage.label) paragraph.append(element("span", "bf-search__where", passage.label), " ");
    if (passage.cut[0]) paragraph.append("… ");
    passage.words.forEach(([word, hit], i) => {
      paragraph.append(hit ? element("mark", "", word) : word, i + 1 < passage.words.length ? " " : "");
    });
    if (passage.cut[1]) paragraph.append(" …");
    return paragraph;
  }

  function describe(page) {
    const filters = page.filters || {};
    const kind = (filters.kind || [])[0];
    const parts = [KINDS[kind] || "Page"];
    if (kind === "point" && filters.status) parts.push(filters.status[0]);
    if (page.meta.outlet) parts.push(page.meta.outlet);
    if (page.meta.date) parts.push(page.meta.date);
    return parts.join(" · ");
  }

  function onThisSite(url) {  // a result's address, only if it leads into this site (the index is data, not trusted code)
    try {
      const resolved = new URL(url, window.location.href);
      return resolved.origin === window.location.origin ? resolved.href : "#";
    } catch (e) { return "#"; }
  }

  function resultItem(page) {
    const [best, ...others] = passages(page);
    const item = element("li", "md-search-result__item");
    const link = element("a", "md-search-result__link");
    link.href = onThisSite(best.url);
    const body = element("div", "md-search-result__article md-typeset");
    body.append(element("span", "bf-search__title", page.meta.title || page.url),
                element("span", "bf-search__kind", describe(page)), excerpt(best));
    link.append(body);
    item.append(link);
    if (others.length) {
      const also = element("ul", "bf-search__passages");
      for (const passage of others) {
        const li = element("li");
        const a = element("a", "bf-search__passage");
        a.href = onThisSite(passage.url);
        a.append(excerpt(passage));
        li.append(a);
        also.append(li);
      }
      item.append(also);
    }
    return item;
  }

  // a search given in the address (?q=...) runs when the page opens
  const asked = new URLSearchParams(window.location.search).get("q");
  if (asked) {
    input.value = asked;
    open();
    search();
  }
})();
