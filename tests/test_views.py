"""Views across points: positions with evidence, feeds, chart, CSV, timeline, matrix, print. Pure (no engine).

Most tests use tests/cases/projects/ten-points (ten points, four parties, three dates over
two months); every expected number is recomputed here from the register's YAML, not taken
from the generator's own helpers.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import lxml.html
import pytest
import yaml

from generator.link import Briefing, link
from generator.errors import InputError
from generator.escape import md_text
from generator.export import JSON_FIELDS, export
from generator.pipeline import check
from generator.project import Project
from generator.readers import read_seed_text
from generator.register import parse_register
from generator.render import render_pages
from generator.tables import TABLES
from generator.vocabulary import STANCES
from helpers import CASES, overlay_project, run_briefing

SITE = "https://briefing.example.org/plan/"
CASE = CASES / "projects" / "ten-points"


@pytest.fixture(scope="module")
def ten(tmp_path_factory) -> tuple[Path, Briefing]:
    root = overlay_project(tmp_path_factory.mktemp("ten") / "project", "ten-points")
    return root, check(Project.at(root))


@pytest.fixture(scope="module")
def raw() -> dict:
    """The ten-point register as plain YAML data, to recompute what the pages should say."""
    return yaml.safe_load((CASE / "briefings" / "register.yml").read_text("utf-8"))


@pytest.fixture(scope="module")
def pages(ten) -> dict[str, str]:
    return render_pages(ten[1])


@pytest.fixture(scope="module")
def absolute_pages(ten) -> dict[str, str]:
    return render_pages(ten[1], SITE)


def _status_on(point: dict, day: str) -> str | None:
    """The point's status on a day: its latest entry dated that day or earlier (later in the file wins a tie)."""
    dated = [(str(e["date"]), i, e["status"]) for i, e in enumerate(point.get("history", [])) if str(e["date"]) <= day]
    return max(dated)[2] if dated else None


# --- feeds -----------------------------------------------------------------------------

def test_point_feed_has_one_entry_per_history_entry_with_its_date_and_link(absolute_pages, raw):
    point = next(p for p in raw["points"] if p["id"] == "army-cap")
    assert len(point["history"]) == 3
    feed = feedparser.parse(absolute_pages["feeds/points/army-cap.xml"])
    assert not feed.bozo, feed.bozo_exception
    assert [e.updated[:10] for e in feed.entries] == sorted((str(h["date"]) for h in point["history"]), reverse=True)
    # each entry links to its own entry on the point's page
    assert [e.link for e in feed.entries] == [SITE + "points/army-cap/#h-" + str(h["date"])
                                              for h in sorted(point["history"], key=lambda h: str(h["date"]), reverse=True)]
    assert len({e.id for e in feed.entries}) == 3


def test_every_feed_parses_with_unique_stable_ids_and_data_dates(ten, pages, absolute_pages, raw):
    feeds = [p for p in pages if p.endswith(".xml") and not p.endswith("sitemap.xml")]
    # a feed only where there are entries: a point with history, a party with a dated position
    dated_parties = {party for p in raw["points"] for party, pos in (p.get("positions") or {}).items()
                     if pos.get("since") or pos.get("sources")}
    assert len(feeds) == 1 + sum(1 for p in raw["points"] if p.get("history")) + len(dated_parties)
    dates = {str(h["date"]) for p in raw["points"] for h in p["history"]}
    dates |= {str(pos["since"]) for p in raw["points"] for pos in (p.get("positions") or {}).values() if pos.get("since")}
    for path in feeds:
        feed = feedparser.parse(pages[path])
        assert not feed.bozo, (path, feed.bozo_exception)
        assert len({e.id for e in feed.entries}) == len(feed.entries), path
        assert feed.feed.updated[:10] in dates, path
        assert feedparser.parse(absolute_pages[path]).entries[0].id == feed.entries[0].id if feed.entries else True
    assert render_pages(ten[1]) == pages  # no clock: the same input gives the same bytes


def test_entries_on_one_day_with_one_status_keep_distinct_ids():
    history = ("[{date: 2025-11-27, status: open, note: first, sources: [{article: wire, quote: 'The cap is 600,000'}]},"
               " {date: 2025-11-27, status: open, note: second, sources: [{article: wire, quote: 'Kyiv said'}]}]")
    feed = feedparser.parse(render_pages(_small_briefing(history))["feeds/points/army-cap.xml"])
    assert len(feed.entries) == 2 and len({e.id for e in feed.entries}) == 2


def test_relative_feed_links_resolve_to_the_point_page(pages):
    feed_url = "https://any.example/site/feeds/points/army-cap.xml"
    feed = feedparser.parse(pages["feeds/points/army-cap.xml"])
    assert {urljoin(feed_url, e.link).split("#")[0] for e in feed.entries} == {"https://any.example/site/points/army-cap/"}


def test_party_feed_lists_its_dated_positions(absolute_pages, raw):
    expected = sorted(((str(pos["since"]), p["id"]) for p in raw["points"]  # ties keep register order
                       for party, pos in p.get("positions", {}).items() if party == "russia"), key=lambda x: x[0], reverse=True)
    feed = feedparser.parse(absolute_pages["feeds/parties/russia.xml"])
    assert [(e.updated[:10], e.link.rstrip("/").rsplit("/", 1)[1]) for e in feed.entries] == expected


def test_pages_with_a_feed_name_it_in_front_matter(pages):
    assert "\nfeed: feeds/points/army-cap.xml\n" in pages["points/army-cap.md"]
    assert "\nfeed: feeds/parties/ukraine.xml\n" in pages["parties/ukraine.md"]


# --- chart ---------------------------------------------------------------------------------

def _markdown_table(page: str, header_start: str) -> list[list[str]]:
    lines = page.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(header_start))
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append([c.strip() for c in line.strip("|").split("|")])
    return [rows[0]] + rows[2:]


def test_chart_numbers_are_the_register_replayed_day_by_day(pages, raw):
    statuses = ["open", "narrowing", "agreed", "deferred", "dropped"]
    days = sorted({str(h["date"]) for p in raw["points"] for h in p["history"]})
    expected = []
    for day in days:
        counts = Counter(_status_on(p, day) for p in raw["points"])
        expected.append([day] + [str(counts[s]) for s in statuses] + [str(sum(counts[s] for s in statuses))])
    table = _markdown_table(pages["changes.md"], "| Date | Open")
    assert table[1:] == expected
    svg = re.search(r"<svg.*?</svg>", pages["changes.md"]).group(0)
    assert "<title" in svg and "<desc" in svg and 'role="img"' in svg and "<script" not in svg
    labels = {"open": "Open", "narrowing": "Narrowing", "agreed": "Agreed", "deferred": "Deferred", "dropped": "Dropped"}
    segments = re.findall(r"<title>(\w+): (\d+)</title>", svg)
    assert segments == [(labels[s], n) for row in expected for s, n in zip(statuses, row[1:6]) if n != "0"]


def test_one_date_only_says_so_instead_of_an_empty_chart():
    briefing = _small_briefing("[{date: 2025-11-27, status: open, note: n, sources: [{article: wire, quote: 'The cap is 600,000'}]}]")
    page = render_pages(briefing)["changes.md"]
    assert "<svg" not in page
    assert "one date only (2025-11-27)" in page


# --- CSV -------------------------------------------------------------------------------------

def _rows(pages: dict[str, str], path: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(pages[path], newline="")))


def test_csv_rows_are_recomputed_from_the_register(pages, raw):
    points = _rows(pages, "api/points.csv")
    assert [(r["id"], r["title"], r["status"], r["last_changed"], r["quotes"]) for r in points] == [
        (p["id"], p["title"], p.get("status") or _status_on(p, "9999"), max(str(h["date"]) for h in p["history"]),
         str(sum(len(h.get("sources", [])) for h in p["history"]))) for p in raw["points"]]
    positions = _rows(pages, "api/positions.csv")
    party_order = [p["id"] for p in raw["parties"]]
    assert [(r["point"], r["party"], r["stance"], r["text"], r["since"], r["sources"]) for r in positions] == [
        (p["id"], party, pos["stance"], pos["text"], str(pos.get("since") or ""), str(len(pos.get("sources", []))))
        for p in raw["points"] for party in party_order if (pos := p.get("positions", {}).get(party))]
    history = _rows(pages, "api/history.csv")
    assert sorted((r["point"], r["date"], r["status"], r["note"], r["sources"]) for r in history) == sorted(
        (p["id"], str(h["date"]), h["status"], h["note"], str(len(h["sources"]))) for p in raw["points"] for h in p["history"])


def test_csv_headers_are_the_documented_columns(pages):
    for table in TABLES:
        header = next(csv.reader(io.StringIO(pages[table.path])))
        assert header == [c.name for c in table.columns]
        for column in table.columns:
            assert f"| <code>{md_text(column.name)}</code> | {md_text(column.meaning)} |" in pages["data.md"]


def test_csv_cell_that_looks_like_a_formula_is_kept_as_text():
    briefing = _small_briefing("[{date: 2025-11-27, status: open, note: '=HYPERLINK(\"http://x\")', "
                               "sources: [{article: wire, quote: 'The cap is 600,000'}]}]")
    row = _rows(render_pages(briefing), "api/history.csv")[0]
    assert row["note"] == "'=HYPERLINK(\"http://x\")"


# --- JSON and the Data page ----------------------------------------------------------------------

def _keys(value, prefix: str = "") -> set[str]:
    if isinstance(value, dict):
        return set().union(*(_keys(v, f"{prefix}.{k}" if prefix else k) for k, v in value.items())) if value else {prefix}
    if isinstance(value, list):
        return set().union(*(_keys(v, prefix + "[]") for v in value)) if value else {prefix + "[]"}
    return {prefix}


def _documented(key: str, briefing: Briefing) -> str:
    """A key of the export as the Data page names it: ids as <party>/<status>, sources as source.*."""
    parties = "|".join(re.escape(p.id) for p in briefing.register.parties)
    key = re.sub(rf"^points\[\]\.positions\.({parties})\.", "points[].positions.<party>.", key)
    key = re.sub(r"^statuses\.[a-z0-9-]+\.", "statuses.<status>.", key)
    return re.sub(r"^.*\.sources\[\]\.", "source.", key)


def test_every_json_field_is_documented_and_every_documented_field_exists(ten):
    briefing = ten[1]
    actual = {_documented(k, briefing) for k in _keys(export(briefing))}
    documented = {name for name, _ in JSON_FIELDS}
    containers = {"points[].positions.<party>.sources[]", "points[].history[].sources[]"}
    assert actual - documented == set()
    assert documented - containers - actual == set()


def test_export_carries_position_since_and_verified_sources(ten, raw):
    data = export(ten[1])
    point = next(p for p in data["points"] if p["id"] == "army-cap")
    source = next(p for p in raw["points"] if p["id"] == "army-cap")
    for party, position in source["positions"].items():
        out = point["positions"][party]
        assert out["since"] == (str(position["since"]) if "since" in position else None)
        assert [s["quote"] for s in out["sources"]] == [s["quote"] for s in position.get("sources", [])]
        assert all(s["verified"] and s["url"].startswith(f"articles/{s['article']}/#p") for s in out["sources"])


# --- positions: evidence and warnings ----------------------------------------------------------------

def _small_briefing(history: str, positions: str = "") -> Briefing:
    article = read_seed_text(" date 2025-11-27 Talks on the army cap resumed.\n\nThe cap is 600,000, Kyiv said.\n", "seeds/wire.txt")
    register, doc = parse_register(
        "title: T\nparties: [{id: ukraine, name: Ukraine}, {id: russia, name: Russia}]\npoints:\n"
        "  - id: army-cap\n    title: Army cap\n    keywords: [army]\n"
        f"    positions:\n{positions or '      ukraine: {stance: resists, text: No.}'}\n"
        f"    history: {history}\n",
        "briefings/register.yml")
    return link(register, doc, [article])


HISTORY = "[{date: 2025-11-27, status: open, note: n, sources: [{article: wire, quote: 'The cap is 600,000'}]}]"


def test_position_misquote_is_a_located_error_with_the_closest_passage():
    positions = ("      ukraine:\n        stance: resists\n        text: No.\n        sources:\n"
                 "          - {article: wire, quote: 'The cap is 700,000, Kyiv said'}")
    with pytest.raises(InputError) as info:
        _small_briefing(HISTORY, positions)
    [problem] = info.value.problems
    assert (problem.path, problem.line, problem.column) == ("briefings/register.yml", 12, 36)  # the quote's value
    assert problem.where == "points.army-cap.positions.ukraine.sources[0]"
    assert "is not in article 'wire'" in problem.message and "The cap is 600,000, Kyiv said" in problem.hint


def test_position_source_naming_a_missing_article_is_an_error():
    positions = "      russia: {stance: demands, text: All., sources: [{article: wirr, quote: cap}]}"
    with pytest.raises(InputError) as info:
        _small_briefing(HISTORY, positions)
    assert "no article 'wirr'" in str(info.value) and "did you mean 'wire'" in str(info.value)


def test_sourced_position_is_verified_and_dated_by_since_or_its_article():
    positions = ("      ukraine: {stance: resists, text: No., sources: [{article: wire, quote: 'Kyiv said'}]}\n"
                 "      russia: {stance: demands, text: All., since: 2025-11-01, sources: [{article: wire, quote: 'the army cap'}]}")
    view = _small_briefing(HISTORY, positions).points[0]
    ukraine, russia = view.stance("ukraine"), view.stance("russia")
    assert (ukraine.citations[0].paragraph, str(ukraine.date)) == (2, "2025-11-27")
    assert (russia.citations[0].paragraph, str(russia.date)) == (1, "2025-11-01")


def test_unsourced_positions_are_warnings_with_their_location(ten, raw):
    briefing = ten[1]
    expected = {(p["id"], party) for p in raw["points"] for party, pos in p.get("positions", {}).items() if not pos.get("sources")}
    assert expected == {("prisoner-exchange", "united-states")}
    [warning] = briefing.warnings
    assert warning.where == "points.prisoner-exchange.positions.united-states"
    lines = (CASE / "briefings" / "register.yml").read_text("utf-8").split("\n")
    assert lines[warning.line - 1].strip() == "united-states:" and warning.column == lines[warning.line - 1].index("u") + 1


def test_check_prints_warnings_and_still_exits_zero(ten):
    result = run_briefing("check", cwd=ten[0])
    assert result.code == 0, result.text
    [line] = [l for l in result.err.splitlines() if "warning:" in l]
    assert re.match(r"^briefings/register\.yml:\d+:7: warning: points\.prisoner-exchange\.positions\.united-states: "
                    r"position has no source \(", line), line


# --- timeline, matrix, party, status, print -------------------------------------------------------------

def test_timeline_lists_every_event_on_its_month_page_newest_first(pages, raw):
    index = pages["timeline.md"]
    months = re.findall(r"^\| \[([^]]+)\]\((timeline/\d{4}-\d{2}\.md)\) \| (\d+) \|$", index, re.M)
    assert [m[0] for m in months] == ["December 2025", "November 2025"]
    lines = [line for _, page, _ in months for line in re.findall(r"^- \*\*.*$", pages[page], re.M)]
    history = sum(len(p["history"]) for p in raw["points"])
    positions = sum(1 for p in raw["points"] for pos in p["positions"].values() if pos.get("since") or pos.get("sources"))
    articles = len(list((CASE / "seeds").glob("*.txt")))
    assert len(lines) == sum(int(m[2]) for m in months) == history + positions + articles
    assert f"{len(lines)} events in all" in index
    dates = [re.match(r"- \*\*(\d{4}-\d\d-\d\d)\*\*", line)[1] for line in lines]
    assert dates == sorted(dates, reverse=True)
    # each event links to its point (or, for an article, the article), and a sourced one to its paragraph
    assert all("](../points/" in line or "New article: [" in line for line in lines)
    assert sum("](../articles/" in line and "#p" in line for line in lines) >= history
    # the index opens with the newest events, linked from where it lives
    recent = re.findall(r"^- \*\*.*$", index, re.M)
    assert recent == [line.replace("../", "") for line in lines[:len(recent)]] and 0 < len(recent) <= 30


def test_matrix_has_every_cell_and_says_when_there_is_no_position(pages, raw):
    page = pages["positions.md"]
    table = lxml.html.fromstring(re.search(r"<table class=\"bf-overview bf-matrix\">.*?</table>", page, re.S)[0])
    names = {p["id"]: p["name"] for p in raw["parties"]}
    assert [th.text_content() for th in table.xpath("thead/tr/th")] == ["Point", *names.values()]
    # served URLs from positions/ (raw HTML is not rewritten by MkDocs), each stance labelled with its party
    assert table.xpath("thead//a/@href") == [f"../parties/{p}/" for p in names]
    rows = table.xpath("tbody/tr")
    assert [r.xpath("th/a/@href")[0] for r in rows] == [f"../points/{p['id']}/" for p in raw["points"]]
    for row, point in zip(rows, raw["points"]):
        cells = row.xpath("td")
        assert [td.get("data-label") for td in cells] == list(names.values())
        for td, party in zip(cells, names):
            position = point["positions"].get(party)
            text = td.text_content()
            if position is None:
                assert text == "no stated position"
                continue
            assert td.xpath("string(.//strong)") == STANCES[position["stance"]].label
            links = td.xpath(".//a/@href")
            assert len(links) == (1 if position.get("sources") else 0), text
            assert all(re.fullmatch(r"\.\./articles/[\w-]+/#p\d+", href) for href in links)
            if position.get("since"):
                assert f"since {position['since']}" in text
    empty = sum(1 for p in raw["points"] for party in raw["parties"] if party["id"] not in p["positions"])
    assert page.count("no stated position") == empty > 0


def test_party_page_lists_its_positions_newest_first(pages, raw):
    rows = _markdown_table(pages["parties/ukraine.md"], "| Date |")[1:]
    expected = sorted((str(pos.get("since")) for p in raw["points"] for party, pos in p["positions"].items() if party == "ukraine"),
                      reverse=True)
    assert [r[0] for r in rows] == expected


def test_status_pages_list_the_points_in_that_status(pages, raw):
    for status in ("open", "narrowing", "agreed", "deferred", "dropped"):
        titles = [p["title"].replace("'", "&#39;") for p in raw["points"] if _status_on(p, "9999") == status]
        page = pages[f"status/{status}.md"]
        assert page.count("\n| [") == len(titles) and all(f"[{t}]" in page for t in titles)


def test_print_page_has_every_point_party_and_an_as_of_date(absolute_pages, raw):
    page = absolute_pages["print.md"]
    for point in raw["points"]:
        assert point["title"].replace("'", "&#39;") in page
    for party in raw["parties"]:
        assert page.count(f"{party['name']}: ") == len(raw["points"])
    assert "As of 2025-12-03" in page
    hrefs = re.findall(r'href="([^"]+)"', page)
    assert hrefs and all(h.startswith(SITE) for h in hrefs)


def test_home_opens_with_the_latest_changes_and_links_the_views(pages):
    home = pages["index.md"]
    assert home.index("## Latest changes") < home.index("## Disputed points")
    for target in ("changes.md", "timeline.md", "positions.md", "parties/index.md", "print.md", "data.md", "status/open.md"):
        assert f"]({target})" in home
