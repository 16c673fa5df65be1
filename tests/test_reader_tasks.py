"""Reader tasks on the analyst project (tests/cases/projects/analyst/), in Chromium: what a reader reads off
the pages (dates, counts, lists, citations, feed links) checked against the register's YAML and the articles'
files, recomputed here without the generator's helpers.

The project holds history given out of date order, entries that keep a status, positions without a date,
articles without an outlet, and quotes that linking alone would not find (its README says which)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest
import yaml

from browser_support import ServedSite, browser_type_launch_args, network  # noqa: F401 - fixtures by name
from helpers import overlay_project, run_briefing

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DANGLING = {"a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "and", "or"}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = overlay_project(tmp_path_factory.mktemp("analyst") / "project", "analyst")
    result = run_briefing("build", cwd=root)
    assert result.code == 0, result.text
    return root


@pytest.fixture(scope="module")
def served(project: Path) -> Iterator[ServedSite]:
    site = ServedSite(project / "site")
    yield site
    site.close()


@pytest.fixture(scope="module")
def register(project: Path) -> dict:
    return yaml.safe_load((project / "briefings" / "register.yml").read_text(encoding="utf-8"))


# --- the oracle: the register and the articles, read as an analyst would -----------------------------------

def chronological(point: dict) -> list[dict]:
    """History oldest first: by date; of two on one date, the one higher in the file is the newer."""
    return [e for _, e in sorted(enumerate(point.get("history") or []), key=lambda p: (str(p[1]["date"]), -p[0]))]


def since_and_updated(point: dict) -> tuple[str | None, str | None]:
    """The date of the last status change and the date of the newest entry."""
    entries = chronological(point)
    if not entries:
        return None, None
    since = None
    for entry in reversed(entries):
        if entry["status"] != entries[-1]["status"]:
            break
        since = str(entry["date"])
    return since, str(entries[-1]["date"])


def happened(before: str | None, after: str, labels: dict[str, str]) -> str:
    if before is None:
        return f"recorded as {labels[after]}"
    return f"Update: still {labels[after]}" if before == after else f"{labels[before]} → {labels[after]}"


def articles(project: Path, register: dict) -> dict[str, dict]:
    """Every article: title, date, outlet, url, paragraphs; the register's articles: entries win."""
    out = {}
    for path in sorted((project / "seeds").iterdir()):
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".md":
            _, front, body = text.split("---\n", 2)
            meta = yaml.safe_load(front)
            paragraphs = [" ".join(p.split()) for p in body.strip().split("\n\n")]
        else:
            first, rest = text.split("\n", 1)
            match = re.match(r"\s*date (\d{4}-\d{2}-\d{2}) (.*)", first)
            paragraphs = [match.group(2).strip()] + [" ".join(p.split()) for p in rest.strip().split("\n\n")]
            meta = {"date": match.group(1), "title": paragraphs[0].rstrip(".")}  # each lead here is one sentence
        meta.update((register.get("articles") or {}).get(path.stem, {}))
        out[path.stem] = {**meta, "date": str(meta["date"]), "paragraphs": paragraphs}
    return out


def paragraph_of(article: dict, quote: str) -> int:
    norm = " ".join(quote.split()).lower()
    return next(i for i, p in enumerate(article["paragraphs"], 1) if norm in p.lower())


def quoted(point: dict) -> list[dict]:
    """Every source of the point's history and positions."""
    sources = [s for e in point.get("history") or [] for s in e.get("sources") or []]
    return sources + [s for pos in (point.get("positions") or {}).values() for s in pos.get("sources") or []]


def position_date(position: dict, arts: dict[str, dict]) -> str | None:
    if position.get("since"):
        return str(position["since"])
    return max((arts[s["article"]]["date"] for s in position.get("sources") or []), default=None)


# --- reading the pages -------------------------------------------------------------------------------------

# the text of elements without the status badges' icons (aria-hidden; the label says the same)
WITHOUT_ICONS = ("els => els.map(e => { const c = e.cloneNode(true); "
                 "c.querySelectorAll('.bf-status__icon').forEach(i => i.remove()); return c.textContent; })")


def words(text: str) -> str:
    return " ".join(text.split())


def open_page(page, served: ServedSite, path: str):
    response = page.goto(served.url(path))
    assert response is None or response.ok, path  # None: only the fragment changed
    return page


# --- 1. dates that mean what they say ----------------------------------------------------------------------

def test_since_is_the_last_status_change_and_updated_the_newest_entry_everywhere(page, served, register, project):
    expected = {p["id"]: since_and_updated(p) for p in register["points"]}
    assert expected["army-cap"] == ("2025-11-26", "2025-12-10")  # the project's case: a "still narrowing" entry
    assert expected["elections"] == ("2025-12-03", "2025-12-08")
    open_page(page, served, "")
    for row in page.locator("table.bf-overview tbody tr").all():
        point_id = row.locator("a.bf-overview__title").get_attribute("href").rstrip("/").split("/")[-1]
        dates = [words(d) for d in row.locator(".bf-overview__date").all_inner_texts()]
        since, updated = expected[point_id]
        assert dates == [f"since {since}"] + ([f"updated {updated}"] if updated != since else []), point_id
    open_page(page, served, "points/")
    for row in page.locator("article table tbody tr").all():
        cells = [words(c) for c in row.locator("td").all_inner_texts()]
        point_id = row.locator("a").first.get_attribute("href").rstrip("/").split("/")[-1]
        assert (cells[2], cells[3]) == expected[point_id], point_id
    for point in register["points"]:
        since, updated = expected[point["id"]]
        open_page(page, served, f"points/{point['id']}/")
        assert words(page.locator("p.bf-meta").inner_text()).split(" · ")[:2] == [
            f"{page.locator('p.bf-meta .bf-status').inner_text().strip()} since {since}", f"updated {updated}"]
    statuses = {p["history"] and chronological(p)[-1]["status"] for p in register["points"]}
    for status in statuses:
        open_page(page, served, f"status/{status}/")
        for row in page.locator("article table tbody tr").all():
            point_id = row.locator("a").first.get_attribute("href").rstrip("/").split("/")[-1]
            cells = [words(c) for c in row.locator("td").all_inner_texts()]
            assert tuple(cells[1:3]) == expected[point_id], (status, point_id)
    exported = page.request.get(served.url("api/briefing.json")).json()
    for point in exported["points"]:
        assert (point["status_since"], point["updated"]) == expected[point["id"]], point["id"]
        feed = feedparser.parse((project / "site" / "feeds" / "points" / f"{point['id']}.xml").read_bytes())
        assert feed.feed.updated[:10] == expected[point["id"]][1]


def test_history_entries_read_as_changes_or_updates_in_file_order_for_one_date(page, served, register):
    labels = {"open": "Open", "narrowing": "Narrowing", "agreed": "Agreed", "deferred": "Deferred", "dropped": "Dropped"}
    for point in register["points"]:
        entries = chronological(point)
        before, shown = None, []
        for entry in entries:
            shown.append(f"{entry['date']}: {happened(before, entry['status'], labels)}")
            before = entry["status"]
        open_page(page, served, f"points/{point['id']}/")
        headings = [words(h) for h in page.locator("article h3[id^='h-']").evaluate_all(WITHOUT_ICONS)]
        assert headings == list(reversed(shown)), point["id"]
    open_page(page, served, "points/army-cap/")
    assert words(page.locator("#h-2025-12-10").evaluate_all(WITHOUT_ICONS)[0]).endswith("Update: still Narrowing")


# --- 2. pages that agree -----------------------------------------------------------------------------------

def test_every_quoted_article_is_a_mention_and_the_count_is_the_list(page, served, register, project):
    arts = articles(project, register)
    for point in register["points"]:
        quoted_articles = {s["article"] for s in quoted(point)}
        open_page(page, served, f"points/{point['id']}/")
        section = page.locator("article")
        listed = {a.rstrip("/").split("/")[-1]
                  for a in section.locator("table:below(h2#mentions-in-articles) tbody tr td:first-child a")
                  .evaluate_all("els => els.map(e => e.getAttribute('href'))")}
        count_line = words(page.locator("p:has-text('mention this point'), p:has-text('mentions this point')").first.inner_text())
        count = int(count_line.split()[0])
        assert count == len(listed), (point["id"], count_line, listed)
        assert quoted_articles <= listed, (point["id"], quoted_articles - listed)
        for source in quoted(point):
            number = paragraph_of(arts[source["article"]], source["quote"])
            row = section.locator(f"tr:has(a[href$='articles/{source['article']}/'])").first
            assert f"¶{number} cited" in words(row.inner_text()), (point["id"], source)


def test_an_article_page_lists_every_point_that_quotes_it(page, served, register):
    quoting: dict[str, set[str]] = {}
    for point in register["points"]:
        for source in quoted(point):
            quoting.setdefault(source["article"], set()).add(point["id"])
    assert quoting["2025-12-10-kyiv-ledger"] >= {"amnesty", "donbas-territory"}
    for article_id, point_ids in quoting.items():
        open_page(page, served, f"articles/{article_id}/")
        touched = {h.rstrip("/").split("/")[-1] for h in page.locator("h2#points-touched + ul a")
                   .evaluate_all("els => els.map(e => e.getAttribute('href'))")}
        cited_by = {h.rstrip("/").split("/")[-1] for h in page.locator("h2#cited-by + ul > li > a:first-child")
                    .evaluate_all("els => els.map(e => e.getAttribute('href'))")}
        assert point_ids <= touched and point_ids == cited_by, article_id
        assert "touches no point" not in page.locator("article").inner_text()


# --- 4. citations readers recognise ------------------------------------------------------------------------

def test_citations_name_outlet_or_site_or_a_short_title_with_date_and_paragraph(page, served, register, project):
    arts = articles(project, register)
    for point in register["points"]:
        open_page(page, served, f"points/{point['id']}/")
        shown = [words(t) for t in page.locator("article blockquote a").all_inner_texts()]
        for entry in point.get("history") or []:
            for source in entry.get("sources") or []:
                art = arts[source["article"]]
                number = paragraph_of(art, source["quote"])
                tail = f", {art['date']}, ¶{number}"
                if art.get("outlet"):
                    assert art["outlet"] + tail in shown, (point["id"], source)
                elif art.get("url"):
                    host = urlsplit(art["url"]).hostname.removeprefix("www.")
                    assert host + tail in shown, (point["id"], source)
                else:
                    name = next(s[:-len(tail)] for s in shown if s.endswith(tail))
                    name_words = name.split()
                    assert art["title"].split()[:len(name_words)] == name_words and len(name_words) <= 8, name
                    assert "…" not in name and name_words[-1].lower() not in DANGLING, name


def test_article_titles_in_full_and_provenance_says_what_is_not_recorded(page, served, register, project):
    for article_id, art in articles(project, register).items():
        open_page(page, served, f"articles/{article_id}/")
        assert words(page.locator("article h1").inner_text()).rstrip("¶").strip() == art["title"]
        assert page.title().startswith(art["title"].replace("'", "’"))
        missing = [name for name, key in (("outlet", "outlet"), ("author", "author"), ("original link", "url"))
                   if not art.get(key)]
        gaps = page.locator("p.bf-provenance__gaps")
        if missing:
            assert words(gaps.inner_text()) == f"Not recorded: {', '.join(missing)}."
        else:
            assert gaps.count() == 0
        assert "not recorded" not in page.locator("dl.bf-provenance").inner_text()


# --- 5. feeds readers find and use -------------------------------------------------------------------------

def test_a_visible_subscribe_link_where_there_is_a_feed_and_none_advertised_without_entries(page, served, register,
                                                                                            project):
    arts = articles(project, register)
    dated_parties = {party for p in register["points"] for party, pos in (p.get("positions") or {}).items()
                     if position_date(pos, arts)}
    pages = [""] + [f"points/{p['id']}/" for p in register["points"]] + [f"parties/{p['id']}/" for p in register["parties"]]
    for path in pages:
        open_page(page, served, path)
        link = page.get_by_role("link", name="Subscribe (Atom feed)")
        alternates = page.locator("link[rel=alternate][type='application/atom+xml']").evaluate_all(
            "els => els.map(e => e.href)")
        party = path.startswith("parties/") and path.split("/")[1]
        if party and party not in dated_parties:
            assert link.count() == 0 and len(alternates) == 1, path  # the site feed alone
            continue
        assert link.is_visible(), path
        href = urljoin(page.url, link.get_attribute("href"))
        assert href in alternates, path
        feed = feedparser.parse(page.request.get(href).body())
        assert not feed.bozo and feed.entries, path
        for alternate in alternates:
            assert page.request.get(alternate).ok, (path, alternate)


def test_feed_entries_link_to_their_own_history_entry_and_say_what_happened(page, served, register, project):
    labels = {"open": "Open", "narrowing": "Narrowing", "agreed": "Agreed", "deferred": "Deferred", "dropped": "Dropped"}
    for point in register["points"]:
        feed = feedparser.parse((project / "site" / "feeds" / "points" / f"{point['id']}.xml").read_bytes())
        entries = chronological(point)
        befores = [None] + [e["status"] for e in entries[:-1]]
        expected = [happened(b, e["status"], labels) for b, e in zip(befores, entries)]
        assert [e.title for e in feed.entries] == [t[0].upper() + t[1:] for t in reversed(expected)], point["id"]
        for entry in feed.entries:
            target = urljoin(served.url(f"feeds/points/{point['id']}.xml"), entry.link)
            assert urlsplit(target).fragment.startswith("h-" + entry.updated[:10]), entry.link
            open_page(page, served, target.removeprefix(served.url()))
            heading = page.locator(f"#{urlsplit(target).fragment}")
            assert heading.is_visible() and entry.updated[:10] in heading.inner_text()
    party_feeds = {p.stem: feedparser.parse(p.read_bytes()) for p in (project / "site" / "feeds" / "parties").glob("*.xml")
                   if p.stem != "sitemap"}
    arts = articles(project, register)
    for party, feed in party_feeds.items():
        dates = [position_date(pos, arts) for p in register["points"]
                 for pid, pos in (p.get("positions") or {}).items() if pid == party]
        assert feed.feed.updated[:10] == max(d for d in dates if d), party
        assert date.fromisoformat(feed.feed.updated[:10]).year > 1970
