"""SITE_URL: the published address, validated by the generator and used by MkDocs through mkdocs.yml."""

from __future__ import annotations

import html
import re
import xml.sax.saxutils
from pathlib import Path
from urllib.parse import quote

import lxml.etree
import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import ROOT, run_briefing
from generator.errors import InputError
from generator.project import Project
from generator.commands import main
from generator.site_address import (SiteUrlError, engine_environment, normalise_site_url, published_url,
                                     site_url_from_env)
from generator.site_config import SiteConfig, load_site_config

SITE = "https://example.org/briefing/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.parametrize("value, expected", [
    ("https://example.org/briefing/", "https://example.org/briefing/"),
    ("https://example.org/briefing", "https://example.org/briefing/"),
    ("https://example.org", "https://example.org/"),
    ("http://127.0.0.1:8080/a/b", "http://127.0.0.1:8080/a/b/"),
    ("HTTPS://Example.org/Briefing", "https://example.org/Briefing/"),  # a host's case means nothing; a path's does
    ("https://example.org:/x", "https://example.org/x/"),
    ("https://[::1]:8080/x", "https://[::1]:8080/x/"),
    ("https://example.org/a%20b/(draft)/", "https://example.org/a%20b/(draft)/"),
    # an internationalised host in its IDNA (punycode) form, the path's other letters percent-encoded
    ("https://bücher.example/über/", "https://xn--bcher-kva.example/%C3%BCber/"),
    ("https://пример.рф", "https://xn--e1afmkfd.xn--p1ai/"),
    ("", None),
])
def test_normalised(value, expected):
    assert normalise_site_url(value) == expected


HOSTILE = ['https://example.org/"><script>alert(1)</script>/', "https://example.org/a b/", "https://example.org/<x>/",
           "javascript:alert(1)//https://x/", "https://exa\nmple.org/", "https://example.org/a\rb/",
           "https://example.org/it's/", "https://example.org/a&b/", "https://example.org/a`b/", "https://example.org/{x}/",
           "https://example.org/a|b/", "https://example.org/a^b/", "https://example.org\\@evil.example/",
           "https://example.org/%zz/", "https://example.org//evil.example/", "https://example.org/a/../b/",
           "https://example.org/./", "https://example.org/\u202egnp.exe/", "https://example.org/\u00a0/",
           "https://example.org/\u200b/", "https://example.org/\x1b[31m/", "https://exa_mple.org/",
           "https://-example.org/", "https://a..b/", "https://[::g]/", "https://example.org/\tx/"]


@pytest.mark.parametrize("value", [
    "ftp://example.org/", "example.org/briefing", "/briefing/", "https://", "https://exa mple.org/",
    "https://example.org/?page=1", "https://example.org/#top", "https://user:secret@example.org/",
    "https://example.org:99999/", "null", " ", "javascript:alert(1)", "https://example.org/?", *HOSTILE,
])
def test_refused(value):
    with pytest.raises(SiteUrlError) as caught:
        normalise_site_url(value)
    what, hint = caught.value.args
    assert what.startswith(f"SITE_URL {value!r} ") and "https://example.org/briefing/" in hint
    assert "\n" not in what + hint and "\r" not in what + hint  # one line, whatever the value holds


_URL_CHARS = st.characters(codec="utf-8", exclude_categories=("Cs",))


@settings(max_examples=400, deadline=None)
@given(host=st.text(_URL_CHARS, min_size=1, max_size=12) | st.sampled_from(["example.org", "bücher.example", "[::1]"]),
       path=st.text(_URL_CHARS, max_size=20), port=st.sampled_from(["", ":8080", ":"]),
       scheme=st.sampled_from(["https://", "http://", "HTTP://"]))
def test_an_accepted_address_is_safe_as_it_is_written_anywhere(scheme, host, port, path):
    """What passes is written by the engines unescaped: it must read the same escaped for HTML, XML and URLs."""
    try:
        address = normalise_site_url(f"{scheme}{host}{port}/{path}")
    except SiteUrlError:
        return
    assert address.isascii() and address.isprintable() and address.endswith("/"), address
    assert html.escape(address, quote=True) == address and xml.sax.saxutils.escape(address) == address, address
    assert quote(address, safe="/:@!$()*+,;=~%[]") == address, address
    assert normalise_site_url(address) == address  # normalised once and for all


def test_from_env():
    assert site_url_from_env({}) is None
    assert site_url_from_env({"SITE_URL": ""}) is None
    assert site_url_from_env({"SITE_URL": "https://example.org/x", "OTHER": "y"}) == "https://example.org/x/"


@pytest.fixture
def config_of(tmp_path: Path, monkeypatch):
    """mkdocs.yml with the given text, loaded as a command run in its folder loads it."""
    monkeypatch.chdir(tmp_path)

    def load(text: str) -> SiteConfig:
        (tmp_path / "mkdocs.yml").write_text(text, "utf-8")
        return load_site_config(Project.at(tmp_path))
    return load


def test_location_points_at_site_url_in_the_shipped_config():
    lines = (ROOT / "mkdocs.yml").read_text("utf-8").splitlines()
    number = next(i for i, l in enumerate(lines, 1) if l.startswith("site_url:"))
    setting = load_site_config(Project.at(ROOT)).site_url
    assert (setting.line, setting.column) == (number, lines[number - 1].index("!ENV") + 1)
    assert "SITE_URL" in lines[number - 1]
    assert setting.text == "" and not setting.is_text  # an !ENV tag: MkDocs works the value out


def test_bad_value_is_a_located_problem(config_of):
    config = config_of("site_name: x\nsite_url: !ENV [SITE_URL, null]\n")
    with pytest.raises(InputError) as caught:
        published_url(config, {"SITE_URL": "ftp://example.org/"})
    [problem] = caught.value.problems
    assert str(problem).startswith("mkdocs.yml:2:11: site_url: SITE_URL 'ftp://example.org/' is not an http(s) address (")
    assert "unset SITE_URL" in problem.hint
    assert published_url(config, {}) is None


def test_bad_value_without_a_site_url_setting_is_located_at_the_file(config_of):
    config = config_of("site_name: x\n")
    assert config.site_url is None
    with pytest.raises(InputError) as caught:
        published_url(config, {"SITE_URL": "example.org"})
    assert str(caught.value.problems[0]).startswith("mkdocs.yml:0:0: site_url: SITE_URL 'example.org' is not")


@pytest.mark.parametrize("text", ["https://example.org/b", "https://example.org/b/"])
def test_a_literal_site_url_wins_over_the_environment(config_of, text):
    config = config_of(f"site_name: x\nsite_url: {text}\n")
    assert published_url(config, {"SITE_URL": "https://elsewhere.org/"}) == "https://example.org/b/"
    assert published_url(config, {"SITE_URL": "not an address"}) == "https://example.org/b/"  # MkDocs ignores it too


@pytest.mark.parametrize("value", ["", "null", "~", "''", "[a, b]"])
def test_an_empty_site_url_leaves_the_address_to_the_environment(config_of, value):
    config = config_of(f"site_name: x\nsite_url: {value}\n")
    assert published_url(config, {}) is None
    assert published_url(config, {"SITE_URL": "https://example.org"}) == "https://example.org/"


@pytest.mark.parametrize("value", ["5", "'  '", "ftp://example.org/", "'https://example.org/\"><script>'",
                                   "'https://example.org/a b/'", "'https://example.org/<x>/'", "https://exa_mple.org/"])
def test_a_literal_site_url_that_is_no_plain_address_is_located(config_of, value):
    config = config_of(f"site_name: x\nsite_url: {value}\n")
    with pytest.raises(InputError) as caught:
        published_url(config, {})
    assert str(caught.value.problems[0]).startswith("mkdocs.yml:2:11: site config: site_url '")
    assert "is not a plain http(s) address" in str(caught.value.problems[0])


def test_a_literal_site_url_with_an_internationalised_host_is_refused_with_its_idna_form(config_of):
    """MkDocs writes a literal as it is written: the generator cannot hand it the IDNA form, so the editor writes it."""
    config = config_of("site_name: x\nsite_url: https://bücher.example/über/\n")
    with pytest.raises(InputError) as caught:
        published_url(config, {})
    [problem] = caught.value.problems
    assert (problem.line, problem.column) == (2, 11)
    assert "write it as https://xn--bcher-kva.example/%C3%BCber/" in problem.hint


def test_the_engine_gets_site_url_as_it_was_checked():
    assert engine_environment({"SITE_URL": "https://bücher.example/x", "PATH": "/bin"}) == {
        "SITE_URL": "https://xn--bcher-kva.example/x/", "PATH": "/bin"}
    assert engine_environment({"SITE_URL": "", "PATH": "/bin"}) == {"SITE_URL": "", "PATH": "/bin"}  # MkDocs: no address
    assert engine_environment({"PATH": "/bin"}) == {"PATH": "/bin"}
    # never handed on: a build has refused it already; a preview shows the problem and serves without it
    assert engine_environment({"SITE_URL": 'https://example.org/"><script>/', "PATH": "/bin"}) == {"PATH": "/bin"}


@pytest.mark.parametrize("value", HOSTILE[:6] + ["example.org/briefing"])
def test_check_refuses_a_bad_site_url_as_build_does(project: Path, monkeypatch, capsys, value):
    monkeypatch.chdir(project)
    monkeypatch.setenv("SITE_URL", value)
    assert main(["check"]) == 1
    lines = capsys.readouterr().err.splitlines()
    shipped = load_site_config(Project.at(project)).site_url
    assert lines[0].startswith(f"mkdocs.yml:{shipped.line}:{shipped.column}: site_url: SITE_URL {value!r} "), lines
    assert lines[1:] == ["1 problem found; fix them before building."]  # one line, whatever the value holds


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


@pytest.mark.slow
def test_an_internationalised_host_is_written_in_its_idna_form_everywhere(project: Path, monkeypatch):
    """The sitemap and canonical links (MkDocs, from the environment) and the feeds (the generator) agree."""
    monkeypatch.setenv("SITE_URL", "https://bücher.example/über")
    result = run_briefing("build", cwd=project)
    assert result.code == 0, result.text
    site, address = project / "site", "https://xn--bcher-kva.example/%C3%BCber/"
    locs = _locs(site)
    assert locs and all(loc.startswith(address) for loc in locs), locs
    assert _canonical(site, "articles/000_1be865c73713f27a") == [f"{address}articles/000_1be865c73713f27a/"]
    links = [l.get("href") for l in lxml.etree.parse(str(site / "feed.xml")).getroot().iter(f"{ATOM}link")]
    assert links and all(l.startswith(address) for l in links), links
    assert not [p for p in site.rglob("*") if p.is_file() and "bücher".encode() in p.read_bytes()]


@pytest.mark.parametrize("text, where", [
    ("site_description: !ENV GITHUB_TOKEN\n", "site_description"),
    ("extra:\n  analytics:\n    - !ENV [ANALYTICS_KEY, none]\n", "extra.analytics[0]"),
    ("site_url: !ENV [HOME, null]\n", "site_url"),
    ("site_url: !ENV [SITE_URL, 'https://example.org/\"><x>/']\n", "site_url"),  # a default the generator never sees
])
def test_no_setting_but_site_url_reads_the_environment(config_of, text, where):
    """MkDocs writes what !ENV reads into the site: in CI, a pull request could publish the build's secrets."""
    with pytest.raises(InputError) as caught:
        config_of(f"site_name: x\n{text}")
    [problem] = caught.value.problems
    assert str(problem).startswith(f"mkdocs.yml:{problem.line}:{problem.column}: site config: {where} reads the build's environment")
    assert problem.line >= 2 and "site_url: !ENV [SITE_URL, null]" in problem.hint


@pytest.mark.parametrize("value", ["!ENV [SITE_URL, null]", "!ENV SITE_URL", "!ENV [SITE_URL]", "!ENV [SITE_URL, ~]"])
def test_site_url_may_read_site_url(config_of, value):
    assert config_of(f"site_name: x\nsite_url: {value}\n").site_url.text == ""
