"""What the pages say must be true: dates of the last status change and of the newest entry, entries that keep
a status, quoted paragraphs as mentions, citations readers recognise, feeds only where there are entries.
Pure (no engine): a small register and articles linked in memory, its pages rendered."""

from __future__ import annotations

import json

import feedparser
import lxml.html

from generator.link import Briefing, link
from generator.markup import short_title, site_name, source_name
from generator.readers import read_markdown, read_seed_text
from generator.register import parse_register
from generator.render import render_pages

WIRE = " date 2025-11-20 Talks opened in Geneva.\n\nThe ceiling on troops stays at 600,000.\n\nNothing else was said.\n"
WEB = "---\ntitle: Kremlin rejects the plan\ndate: 2025-11-26\nurl: https://www.news-example.org/x\n---\nThe Kremlin rejected it.\n"

# history out of date order; two entries on 2025-11-26 (the one higher in the file is the newer); an update
REGISTER = """\
title: T
parties: [{id: ukraine, name: Ukraine}, {id: russia, name: Russia}]
points:
  - id: army-cap
    title: Army cap
    keywords: [army]
    positions:
      ukraine: {stance: rejects, text: No cap., sources: [{article: wire, quote: Nothing else was said}]}
      russia: {stance: demands, text: A cap.}
    history:
      - {date: 2025-11-28, status: narrowing, note: still narrowing, sources: [{article: web, quote: The Kremlin rejected it}]}
      - {date: 2025-11-20, status: open, note: first, sources: [{article: wire, quote: Talks opened in Geneva}]}
      - {date: 2025-11-26, status: narrowing, note: newer of the day, sources: [{article: web, quote: rejected it}]}
      - {date: 2025-11-26, status: open, note: older of the day, sources: [{article: web, quote: The Kremlin}]}
"""


def _briefing(register: str = REGISTER) -> Briefing:
    articles = [read_seed_text(WIRE, "seeds/wire.txt"), read_markdown(WEB, "seeds/web.md")]
    reg, doc = parse_register(register, "briefings/register.yml")
    return link(reg, doc, articles)


def test_since_is_the_last_status_change_updated_the_newest_entry_one_date_by_file_order():
    view = _briefing().point("army-cap")
    assert [(s.date.isoformat(), s.entry.entry.note, s.kind, s.anchor) for s in view.steps] == [
        ("2025-11-28", "still narrowing", "update", "h-2025-11-28"),
        ("2025-11-26", "newer of the day", "change", "h-2025-11-26-2"),
        ("2025-11-26", "older of the day", "update", "h-2025-11-26"),
        ("2025-11-20", "first", "first", "h-2025-11-20"),
    ]
    assert (view.status, view.since.isoformat(), view.updated.isoformat()) == ("narrowing", "2025-11-26", "2025-11-28")
    exported = json.loads(render_pages(_briefing())["api/briefing.json"])["points"][0]
    assert (exported["status_since"], exported["updated"], exported["last_changed"]) == (
        "2025-11-26", "2025-11-28", "2025-11-28")
    assert [(h["before"], h["change"], h["url"]) for h in exported["history"]][:2] == [
        ("narrowing", "update", "points/army-cap/#h-2025-11-28"), ("open", "change", "points/army-cap/#h-2025-11-26-2")]


def test_pages_print_the_change_date_as_since_and_the_update_as_an_update():
    pages = render_pages(_briefing())
    point = lxml.html.fromstring(pages["points/army-cap.md"])
    assert " ".join(point.xpath("//p[@class='bf-meta']")[0].text_content().split()).startswith(
        "◐ Narrowing since 2025-11-26 · updated 2025-11-28")
    headings = [" ".join(h.text_content().split()) for h in point.xpath("//h3[starts-with(@id, 'h-')]")]
    assert headings[0] == "2025-11-28: Update: still ◐ Narrowing" and headings[1] == "2025-11-26: ○ Open → ◐ Narrowing"
    assert "| 2025-11-26 | 2025-11-28 |" in pages["points/index.md"]
    assert "since <time datetime=\"2025-11-26\">" in pages["index.md"] and "updated <time datetime=\"2025-11-28\">" in pages["index.md"]


def test_a_quoted_paragraph_is_a_mention_whatever_linking_found():
    briefing = _briefing()
    army = briefing.point("army-cap")
    # "Talks opened in Geneva" and the position's "Nothing else was said" carry no word of the point
    assert {(m.article.id, m.paragraph) for m in army.mentions} == {("wire", 1), ("wire", 3), ("web", 1)}
    assert all(m.cited and not m.possible for m in army.mentions)
    assert [m.record(("tier",))["tier"] for m in army.mentions if m.article.id == "wire"] == ["cited", "cited"]
    wire = next(v for v in briefing.articles if v.article.id == "wire")
    assert wire.point_ids == ("army-cap",) and [p for p, _ in wire.quoted_by] == ["army-cap"]
    pages = render_pages(briefing)
    assert "2 articles mention this point" in pages["points/army-cap.md"]
    exported = json.loads(pages["api/briefing.json"])
    assert {(m["article"], m["paragraph"], m["tier"], m["cited"]) for m in exported["points"][0]["mentions"]} == {
        ("wire", 1, "cited", True), ("wire", 3, "cited", True), ("web", 1, "cited", True)}
    assert next(a for a in exported["articles"] if a["id"] == "wire")["points"] == ["army-cap"]


def test_citations_name_outlet_else_site_else_whole_words_of_the_title():
    briefing = _briefing()
    web = next(v.article for v in briefing.articles if v.article.id == "web")
    assert source_name(web) == "news-example.org"
    assert site_name("https://news.example/a") == "news.example" and site_name(None) is None
    lead = "A senior Ukrainian source familiar with the negotiations said on Wednesday that the talks stalled"
    assert short_title(lead) == "A senior Ukrainian source familiar with the negotiations"
    assert short_title("Talks opened in Geneva") == "Talks opened in Geneva"
    # eight words at most, never ending on "and to the"
    assert short_title("Officials close to the president and to the head of the delegation met") == (
        "Officials close to the president")
    page = render_pages(briefing)["points/army-cap.md"]
    assert "news-example.org, 2025-11-26, ¶1" in lxml.html.fromstring(page).text_content()


def test_feeds_only_with_entries_titled_by_what_happened_and_anchored():
    no_dates = REGISTER.replace("      ukraine: {stance: rejects, text: No cap., sources: [{article: wire, quote: Nothing else was said}]}\n", "")
    pages = render_pages(_briefing(no_dates))
    # Russia's only position has no date: no feed, no <head> link, no subscribe link
    assert "feeds/parties/russia.xml" not in pages and "feeds/parties/ukraine.xml" not in pages
    assert "feed:" not in pages["parties/russia.md"].split("---")[1] and "Subscribe" not in pages["parties/russia.md"]
    pages = render_pages(_briefing())
    party = feedparser.parse(pages["feeds/parties/ukraine.xml"])
    assert party.feed.updated[:10] == "2025-11-20"
    assert "feed: feeds/parties/ukraine.xml" in pages["parties/ukraine.md"] and "Subscribe (Atom feed)" in pages["parties/ukraine.md"]
    point = feedparser.parse(pages["feeds/points/army-cap.xml"])
    assert [(e.title, e.link) for e in point.entries] == [
        ("Update: still Narrowing", "../../points/army-cap/#h-2025-11-28"),
        ("Open → Narrowing", "../../points/army-cap/#h-2025-11-26-2"),
        ("Update: still Open", "../../points/army-cap/#h-2025-11-26"),
        ("Recorded as Open", "../../points/army-cap/#h-2025-11-20"),
    ]
    assert feedparser.parse(pages["feed.xml"]).entries[0].title == "Army cap: Update: still Narrowing"
    assert "Subscribe (Atom feed)" in pages["index.md"] and "Subscribe (Atom feed)" in pages["points/army-cap.md"]


def test_feed_entry_ids_stay_when_a_newer_entry_of_the_same_day_goes_on_top():
    before = {e.title: e.id for e in feedparser.parse(render_pages(_briefing())["feeds/points/army-cap.xml"]).entries}
    newer = REGISTER.replace("    history:\n", "    history:\n      - {date: 2025-11-28, status: agreed, note: agreed, "
                             "sources: [{article: web, quote: The Kremlin rejected it}]}\n")
    after = feedparser.parse(render_pages(_briefing(newer))["feeds/points/army-cap.xml"]).entries
    assert after[0].title == "Narrowing → Agreed" and after[0].link.endswith("#h-2025-11-28-2")
    kept = {e.id for e in after[1:]}
    assert set(before.values()) == kept
