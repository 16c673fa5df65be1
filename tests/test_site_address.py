"""SITE_URL: the published address, validated by the generator and used by MkDocs through mkdocs.yml."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.etree
import lxml.html
import pytest

from helpers import ROOT, run_briefing
from generator.errors import InputError
from generator.site_address import (SiteUrlError, normalise_site_url, read_site_url, site_url_from_env,
                                site_url_location)

SITE = "https://example.org/briefing/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.parametrize("value, expected", [
    ("https://example.org/briefing/", "https://example.org/briefing/"),
    ("https://example.org/briefing", "https://example.org/briefing/"),
    ("https://example.org", "https://example.org/"),
    ("http://127.0.0.1:8080/a/b", "http://127.0.0.1:8080/a/b/"),
    ("HTTPS://Example.org/Briefing", "https://Example.org/Briefing/"),
    ("", None),
])
def test_normalised(value, expected):
    assert normalise_site_url(value) == expected


@pytest.mark.parametrize("value", [
    "ftp://example.org/", "example.org/briefing", "/briefing/", "https://", "https://exa mple.org/",
    "https://example.org/?page=1", "https://example.org/#top", "https://user:secret@example.org/",
    "https://example.org:99999/", "null", " ", "javascript:alert(1)",
])
def test_refused(value):
    with pytest.raises(SiteUrlError) as caught:
        normalise_site_url(value)
    what, hint = caught.value.args
    assert what.startswith(f"SITE_URL {value!r} ") and "https://example.org/briefing/" in hint


def test_from_env():
    assert site_url_from_env({}) is None
    assert site_url_from_env({"SITE_URL": ""}) is None
    assert site_url_from_env({"SITE_URL": "https://example.org/x", "OTHER": "y"}) == "https://example.org/x/"


def test_location_points_at_site_url_in_the_shipped_config():
    text = (ROOT / "mkdocs.yml").read_text("utf-8")
    lines = text.splitlines()
    number = next(i for i, l in enumerate(lines, 1) if l.startswith("site_url:"))
    line, column = site_url_location(text)
    assert (line, column) == (number, lines[number - 1].index("!ENV") + 1)
    assert "SITE_URL" in lines[number - 1]
    assert site_url_location("site_name: x\n") == (0, 0)
    assert site_url_location("site_name: [x\n") == (0, 0)


def test_bad_value_is_a_located_problem(tmp_path: Path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nsite_url: !ENV [SITE_URL, null]\n", "utf-8")
    with pytest.raises(InputError) as caught:
        read_site_url(config, "mkdocs.yml", {"SITE_URL": "ftp://example.org/"})
    [problem] = caught.value.problems
    assert str(problem).startswith("mkdocs.yml:2:11: site_url: SITE_URL 'ftp://example.org/' is not an http(s) address (")
    assert "unset SITE_URL" in problem.hint
    assert read_site_url(config, "mkdocs.yml", {}) is None


def test_build_refuses_a_bad_site_url_before_any_work(project: Path, monkeypatch):
    monkeypatch.setenv("SITE_URL", "example.org/briefing")
    result = run_briefing("build", cwd=project)
    assert result.code == 1, result.text
    first = result.err.splitlines()[0]
    assert re.fullmatch(r"mkdocs\.yml:\d+:\d+: site_url: SITE_URL 'example\.org/briefing' is not an http\(s\) address \(.+\)", first), first
    assert "Traceback" not in result.text
    assert not (project / "site").exists() and not (project / "briefings" / "index.md").exists()


def _locs(site: Path) -> list[str]:
    return [e.text for e in lxml.etree.parse(str(site / "sitemap.xml")).iter(f"{SITEMAP}loc")]


def _canonical(site: Path, rel: str) -> list[str]:
    return lxml.html.parse(str(site / rel / "index.html")).getroot().xpath("//link[@rel='canonical']/@href")


@pytest.mark.slow
def test_site_url_makes_sitemap_canonical_links_and_feed_absolute(project: Path, monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://example.org/briefing")  # no final slash: normalised by both
    result = run_briefing("build", cwd=project)
    assert result.code == 0, result.text
    site = project / "site"
    pages = sorted(str(p.parent.relative_to(site)) for p in site.rglob("index.html"))
    locs = _locs(site)
    assert sorted(locs) == sorted(SITE if p == "." else f"{SITE}{p}/" for p in pages)
    assert _canonical(site, "articles/000_1be865c73713f27a") == [f"{SITE}articles/000_1be865c73713f27a/"]
    feed = lxml.etree.parse(str(site / "feed.xml")).getroot()
    links = [l.get("href") for l in feed.iter(f"{ATOM}link")]
    assert links and all(l.startswith(SITE) for l in links), links
    assert feed.find(f"{ATOM}id").text == "urn:briefing:feed"  # the same wherever the site is published


@pytest.mark.slow
def test_without_site_url_links_stay_relative(built_project: Path):
    site = built_project / "site"
    assert _locs(site) == []
    assert _canonical(site, "articles/000_1be865c73713f27a") == []
    feed = (site / "feed.xml").read_text("utf-8")
    assert "https://example.org" not in feed and 'href="points/' in feed
