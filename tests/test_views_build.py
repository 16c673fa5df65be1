"""The views across points in real MkDocs builds (--strict): the shipped project and the ten-point project."""

from __future__ import annotations

import csv
import io
import json
import re

import feedparser
import lxml.html
import pytest

from generator.export import JSON_FIELDS
from generator.tables import TABLES
from helpers import overlay_project, run_briefing

pytestmark = pytest.mark.slow

VIEW_PAGES = ["changes", "timeline", "positions", "parties", "data", "print", "status/open", "status/narrowing"]


def test_shipped_project_has_the_view_pages_feeds_and_data(built_project):
    site = built_project / "site"
    data = json.loads((site / "api" / "briefing.json").read_text("utf-8"))
    for page in VIEW_PAGES + [f"parties/{p['id']}" for p in data["parties"]]:
        assert (site / page / "index.html").is_file(), page
    for point in data["points"]:
        feed = feedparser.parse((site / "feeds" / "points" / f"{point['id']}.xml").read_bytes())
        assert not feed.bozo and len(feed.entries) == len(point["history"])
    for name in ("points", "positions", "history"):
        rows = list(csv.DictReader(io.StringIO((site / "api" / f"{name}.csv").read_text("utf-8"), newline="")))
        assert rows, name
    # the shipped register has history on one date: the page says so instead of drawing a chart
    changes = (site / "changes" / "index.html").read_text("utf-8")
    assert "<svg class=\"bf-chart__svg\"" not in changes and "one date only" in changes
    # every shipped position quotes its source, and the matrix links it
    assert all(p["sources"] for point in data["points"] for p in point["positions"].values())
    matrix = lxml.html.fromstring((site / "positions" / "index.html").read_bytes())
    assert len(matrix.xpath("//table//a[starts-with(text(), '¶')]")) == sum(len(p["positions"]) for p in data["points"])


def test_data_page_shows_every_field_name_as_written(built_project):
    page = lxml.html.fromstring((built_project / "site" / "data" / "index.html").read_bytes())
    shown = [c.text_content() for c in page.xpath("//table//td[1]/code")]
    assert shown == [name for name, _ in JSON_FIELDS] + [c.name for t in TABLES for c in t.columns]


def test_feeds_are_advertised_in_head(built_project):
    site = built_project / "site"
    point = lxml.html.fromstring((site / "points" / "army-cap" / "index.html").read_bytes())
    hrefs = point.xpath("//head/link[@rel='alternate'][@type='application/atom+xml']/@href")
    assert hrefs == ["../../feed.xml", "../../feeds/points/army-cap.xml"]
    home = lxml.html.fromstring((site / "index.html").read_bytes())
    assert home.xpath("//head/link[@type='application/atom+xml']/@href") == ["feed.xml"]
    # the theme fetches sitemap.xml beside every alternate link: it must be there (no 404 in the console)
    for href in hrefs:
        assert (site / "points" / "army-cap" / href).resolve().with_name("sitemap.xml").is_file(), href


def test_ten_point_project_builds_strict_with_chart_and_absolute_links(tmp_path):
    root = overlay_project(tmp_path / "project", "ten-points")
    result = run_briefing("build", cwd=root, env={"SITE_URL": "https://briefing.example.org/plan/"})
    assert result.code == 0, result.text
    site = root / "site"
    changes = lxml.html.fromstring((site / "changes" / "index.html").read_bytes())
    svg = changes.xpath("//figure[@class='bf-chart']/*[local-name()='svg']")
    assert len(svg) == 1 and svg[0].get("role") == "img"
    assert changes.xpath("//table//th[text()='Date']")
    print_page = lxml.html.fromstring((site / "print" / "index.html").read_bytes())
    links = print_page.xpath("//section[@class='bf-print']//a/@href")
    assert links and all(h.startswith("https://briefing.example.org/plan/") for h in links)
    feed = feedparser.parse((site / "feeds" / "points" / "army-cap.xml").read_bytes())
    # each entry links to its own history entry on the point's page, which has that anchor
    assert [e.link.split("#")[0] for e in feed.entries] == ["https://briefing.example.org/plan/points/army-cap/"] * 3
    army = lxml.html.fromstring((site / "points" / "army-cap" / "index.html").read_bytes())
    assert [e.link.split("#")[1] for e in feed.entries] == army.xpath("//h3[starts-with(@id, 'h-')]/@id")
    party = (site / "parties" / "european-union" / "index.html").read_text("utf-8")
    assert re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="../../feeds/parties/european-union.xml"', party)
