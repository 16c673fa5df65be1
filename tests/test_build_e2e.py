"""End to end: `briefing build` on a temporary copy of the project, asserting on the built site."""

from __future__ import annotations

import pytest

import hashlib
import json
import re
from pathlib import Path

import lxml.html

from helpers import SEED, run_briefing, site_digest

pytestmark = pytest.mark.slow  # real builds

POINTS = ["army-cap", "donbas-territory", "nato-membership", "plan-origin"]

NEW_ARTICLE = """ date 2025-11-28 Negotiators in Geneva discussed raising the cap on Ukraine's army above 600,000 troops, officials said on Friday.

Kyiv's envoy said that giving up NATO membership was still off the table for Ukraine.

The weather in Geneva was mild.
"""


def _json(root: Path) -> dict:
    return json.loads((root / "site" / "api" / "briefing.json").read_text("utf-8"))


def _html(root: Path, rel: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((root / "site" / rel / "index.html").read_text("utf-8"))


def _set_register(root: Path, old: str, new: str, count: int = 1) -> None:
    path = root / "briefings" / "register.yml"
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), "utf-8")


# --- the default build -------------------------------------------------------------------


def test_pages_exist(built_project):
    site = built_project / "site"
    for rel in ["index.html", "statuses/index.html", "points/index.html", "articles/index.html",
                f"articles/{SEED}/index.html", "about/index.html", "feed.xml", "api/briefing.json"]:
        assert (site / rel).is_file(), rel
    for point in POINTS:
        assert (site / "points" / point / "index.html").is_file()
    assert not (site / "register.yml").exists()


def test_export_lists_everything_verified(built_project):
    data = _json(built_project)
    assert sorted(p["id"] for p in data["points"]) == POINTS
    for point in data["points"]:
        assert point["history"], point["id"]
        for entry in point["history"]:
            for source in entry["sources"]:
                assert source["verified"] is True
                page, anchor = source["url"].split("#")
                assert (built_project / "site" / page / "index.html").is_file()
                assert _html(built_project, page).get_element_by_id(anchor) is not None
    seed = next(a for a in data["articles"] if a["id"] == SEED)
    assert seed["date"] == "2025-11-26" and seed["url"] == f"articles/{SEED}/"
    assert sorted(seed["points"]) == POINTS


def test_home_shows_every_point_with_status_date_and_sources(built_project):
    home = _html(built_project, "")
    rows = home.xpath("//table[1]//tbody/tr")
    assert len(rows) == len(POINTS)
    text = home.text_content()
    for label in ("Open", "Narrowing"):
        assert label in text
    first = rows[0].text_content()
    assert "2025-11-26" in first and "Resists" in first


def test_point_page_history_links_to_paragraph(built_project):
    page = _html(built_project, "points/army-cap")
    links = [a.get("href") for a in page.xpath("//blockquote//a")]
    assert f"../../articles/{SEED}/#p8" in links
    assert "there is talk of a higher new number" in page.text_content()


def test_article_page_anchors_highlights_and_backlinks(built_project):
    page = _html(built_project, f"articles/{SEED}")
    assert [p.get("id") for p in page.xpath("//*[contains(concat(' ', @class, ' '), ' bf-para ')]")] == [f"p{i}" for i in range(1, 13)]
    marks = [m.text_content() for m in page.xpath("//mark[@class='bf-quote']")]
    assert "there is talk of a higher new number" in marks
    assert page.xpath("//*[@id='p8']//mark")
    hrefs = [a.get("href") for a in page.xpath("//a")]
    for point in POINTS:
        assert f"../../points/{point}/" in hrefs


def test_article_and_point_pages_read_well(built_project):
    """Provenance, quote labels, merged citations, language, sourcing and descriptions in the built pages."""
    article = _html(built_project, f"articles/{SEED}")
    provenance = [dd.text_content() for dd in article.xpath("//dl[@class='bf-provenance']/dd")]
    # what is known, then in one line what is not
    assert provenance == ["2025-11-26", "en"]
    assert [p.text_content() for p in article.xpath("//p[@class='bf-provenance__gaps']")] == [
        "Not recorded: outlet, author, original link."]
    text = article.xpath("//div[@class='bf-text']")[0]
    assert (text.get("lang"), text.get("dir")) == ("en", "ltr")
    assert len(text.xpath(".//a[@class='bf-para__num']")) == 12  # sized as touch targets by the site's CSS
    labels = {a.get("href") for a in article.xpath("//p/a[@class='bf-quote__label']")}
    assert labels == {f"../../points/{point}/" for point in POINTS}
    cited_by = [" ".join(li.text_content().split()) for li in article.xpath("//h2[@id='cited-by']/following-sibling::ul[1]/li")]
    # the four history entries that quote the article, then the positions whose sources quote it
    entries = [item for item in cited_by if ", position of " not in item]
    assert len(entries) == 4 and all(not re.search(r"(¶\d+), \1\b", item) for item in cited_by), cited_by
    assert cited_by[:4] == entries and len(cited_by) > 4
    assert len(article.xpath("//strong[@class='bf-term']")) < 5  # point names only, not every keyword
    point = _html(built_project, "points/army-cap")
    meta = point.xpath("//p[@class='bf-meta']")[0].text_content()
    assert "2 quotes from 1 article, outlet not recorded" in meta
    descriptions = {rel: _html(built_project, rel).xpath("//meta[@name='description']/@content")
                    for rel in ["points/army-cap", "points/nato-membership", f"articles/{SEED}", "points", "articles"]}
    assert all(len(d) == 1 for d in descriptions.values()), descriptions
    assert len({d[0] for d in descriptions.values()}) == len(descriptions), descriptions
    assert descriptions["points/army-cap"][0].startswith("The 28-point plan caps Ukraine")


def test_search_index_has_points_and_seed_text(built_project):
    """Material's index holds the point and list pages, for machines; readers search Pagefind's, which holds every page."""
    index = json.loads((built_project / "site" / "search" / "search_index.json").read_text("utf-8"))
    docs = index["docs"]
    nato = [d for d in docs if "NATO" in d["title"] + d["text"] and d["location"].startswith("points/")]
    assert any(d["location"].startswith("points/nato-membership/") for d in nato)
    titles = " ".join(d["title"] for d in docs)
    assert "Cap on the size of Ukraine" in titles
    assert not any(d["location"].startswith("articles/") and d["location"] != "articles/" for d in docs)
    boosted = {d["location"]: d.get("boost") for d in docs}
    assert boosted.get("points/donbas-territory/", 1) > 1
    pagefind = built_project / "site" / "pagefind"
    assert [b["name"] for b in json.loads((pagefind / "bundles.json").read_text("utf-8"))["bundles"]] == ["recent"]
    entry = json.loads((pagefind / "recent" / "pagefind-entry.json").read_text("utf-8"))
    assert entry["languages"]["en"]["page_count"] >= 20 and list(entry["languages"]) == ["en"]
    seed = (built_project / "site" / "articles" / SEED / "index.html").read_text("utf-8")
    assert "data-pagefind-body" in seed and "belt of fortifications" in seed


def test_no_external_assets(built_project):
    for page in (built_project / "site").rglob("*.html"):
        tree = lxml.html.fromstring(page.read_text("utf-8"))
        for element in tree.xpath("//script[@src] | //link[@href] | //img[@src]"):
            url = element.get("src") or element.get("href")
            assert not re.match(r"^(https?:)?//", url), f"{page}: {url}"


# --- editing -----------------------------------------------------------------------------


def test_status_change_shows_after_rebuild_and_output_is_deterministic(project):
    assert run_briefing("build", cwd=project).code == 0

    def generated():
        files = sorted(p for p in (project / "briefings").rglob("*") if p.suffix in (".md", ".json", ".xml"))
        return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}

    first = generated()
    assert run_briefing("build", cwd=project).code == 0
    assert generated() == first
    _set_register(project, "      - date: 2025-11-26\n        status: open\n        sourcing: anonymous-official\n        note: Ukraine still",
                  "      - date: 2025-11-27\n        status: narrowing\n        note: Talks moved on.\n        sources:\n"
                  "          - {article: 000_1be865c73713f27a, quote: the source stated that this request}\n"
                  "      - date: 2025-11-26\n        status: open\n        sourcing: anonymous-official\n        note: Ukraine still")
    result = run_briefing("build", cwd=project)
    assert result.code == 0, result.text
    nato = next(p for p in _json(project)["points"] if p["id"] == "nato-membership")
    assert (nato["status"], nato["last_changed"]) == ("narrowing", "2025-11-27")
    assert "Narrowing" in _html(project, "points/nato-membership").text_content()


def test_typo_in_status_fails_with_location_and_keeps_site(project):
    assert run_briefing("build", cwd=project).code == 0
    before = site_digest(project / "site")
    _set_register(project, "status: open", "status: agred")
    result = run_briefing("build", cwd=project)
    assert result.code == 1
    assert re.search(r"briefings/register\.yml:\d+:\d+: .*unknown status 'agred'.*did you mean 'agreed'", result.err)
    assert "Traceback" not in result.text
    assert site_digest(project / "site") == before


def test_misquote_names_point_article_and_quote(project):
    _set_register(project, "quote: there is talk of a higher new number", "quote: there is talk of a lower new number")
    result = run_briefing("build", cwd=project)
    assert result.code == 1
    assert "points.army-cap.history[0].sources[0]" in result.err
    assert "lower new number" in result.err and SEED in result.err
    assert "#p8" in result.err and "there is talk of a higher new number" in result.err
    assert not (project / "site").exists()


def test_hostile_article_is_shown_as_text(project):
    (project / "seeds" / "zz_hostile.txt").write_text(
        " date 2025-11-27 </title><script>alert(1)</script> Lead about NATO with [x](javascript:alert(1)) inside.\n\n"
        "Second <img src=x onerror=alert(2)> paragraph about the army.\n", "utf-8")
    result = run_briefing("build", cwd=project)
    assert result.code == 0, result.text
    for page in (project / "site").rglob("*.html"):
        html = page.read_text("utf-8")
        assert "<script>alert" not in html and 'href="javascript:' not in html and "onerror=" not in html
    article = _html(project, "articles/zz_hostile")
    assert "<script>alert(1)</script>" in article.get_element_by_id("p1").text_content()
    assert "[x](javascript:alert(1))" in article.get_element_by_id("p1").text_content()
    assert "‹/title›" in article.findtext(".//title")


def test_new_article_is_linked_queued_then_cited_or_dismissed(project):
    (project / "seeds" / "2025-11-28_wire.txt").write_text(NEW_ARTICLE, "utf-8")
    assert run_briefing("build", cwd=project).code == 0
    data = _json(project)
    mentions = {p["id"]: [(m["article"], m["paragraph"]) for m in p["mentions"] if m["article"] == "2025-11-28_wire"] for p in data["points"]}
    assert ("2025-11-28_wire", 1) in mentions["army-cap"] and ("2025-11-28_wire", 2) in mentions["nato-membership"]
    assert (project / "site" / "articles" / "2025-11-28_wire" / "index.html").is_file()
    triage = run_briefing("triage", "--format", "json", cwd=project)
    queued = {(r["point"], p["paragraph"]) for a in json.loads(triage.out) for p in a["paragraphs"] for r in p["points"]}
    assert {("army-cap", 1), ("nato-membership", 2)} <= queued

    _set_register(project, "            quote: this request is still unacceptable\n",
                  "            quote: this request is still unacceptable\n"
                  "          - article: 2025-11-28_wire\n            quote: giving up NATO membership was still off the table\n")
    _set_register(project, "    keywords: [army,", "    dismissed:\n      - {article: 2025-11-28_wire, reason: Restates the known figure}\n    keywords: [army,")
    assert run_briefing("build", cwd=project).code == 0
    triage = run_briefing("triage", "--format", "json", cwd=project)
    queued = {(r["point"], a["article"]) for a in json.loads(triage.out) for p in a["paragraphs"] for r in p["points"]}
    assert ("army-cap", "2025-11-28_wire") not in queued and ("nato-membership", "2025-11-28_wire") not in queued
    text = run_briefing("triage", cwd=project).out
    assert "Nothing to review" in text or "2025-11-28_wire" not in text


def test_stale_pages_removed_and_hand_written_pages_untouched(project):
    extra = project / "seeds" / "2025-11-28_wire.txt"
    extra.write_text(NEW_ARTICLE, "utf-8")
    assert run_briefing("build", cwd=project).code == 0
    assert (project / "briefings" / "articles" / "2025-11-28_wire.md").exists()
    about = (project / "briefings" / "about.md").read_bytes()
    extra.unlink()
    assert run_briefing("build", cwd=project).code == 0
    assert not (project / "briefings" / "articles" / "2025-11-28_wire.md").exists()
    assert not (project / "site" / "articles" / "2025-11-28_wire").exists()
    assert (project / "briefings" / "about.md").read_bytes() == about


def test_add_refuses_file_without_date_line(project, tmp_path):
    bad = tmp_path / "no_date.txt"
    bad.write_text("Talks resumed in Geneva.\n\nMore text.\n", "utf-8")
    before = sorted(p.name for p in (project / "seeds").iterdir())
    result = run_briefing("add", str(bad), cwd=project)
    assert result.code == 1
    assert f"{bad}:1:1:" in result.err and "date YYYY-MM-DD" in result.err
    assert sorted(p.name for p in (project / "seeds").iterdir()) == before


def test_add_copies_and_reports_points(project, tmp_path):
    new = tmp_path / "2025-11-28_wire.txt"
    new.write_text(NEW_ARTICLE, "utf-8")
    result = run_briefing("add", str(new), cwd=project)
    assert result.code == 0, result.text
    assert (project / "seeds" / new.name).read_bytes() == new.read_bytes()
    assert "touches army-cap" in result.out and "touches nato-membership" in result.out
    again = run_briefing("add", str(new), cwd=project)
    assert again.code == 1 and "already exists" in again.err


def test_add_is_all_or_nothing_and_refuses_reserved_or_empty_ids(project, tmp_path):
    good = tmp_path / "2025-11-28_wire.txt"
    good.write_text(NEW_ARTICLE, "utf-8")
    reserved = tmp_path / "INDEX.txt"
    reserved.write_text(NEW_ARTICLE, "utf-8")
    empty = tmp_path / "---.txt"
    empty.write_text(NEW_ARTICLE, "utf-8")
    before = sorted(p.name for p in (project / "seeds").iterdir())
    result = run_briefing("add", str(good), str(reserved), str(empty), cwd=project)
    assert result.code == 1
    assert f"{reserved}:1:1: article: id 'index' is reserved" in result.err
    assert f"{empty}:1:1: article: the file name gives an empty id" in result.err
    assert "Traceback" not in result.text
    assert sorted(p.name for p in (project / "seeds").iterdir()) == before


def test_check_and_usage_exit_codes(project):
    ok = run_briefing("check", cwd=project)
    assert ok.code == 0 and "4 points" in ok.out
    assert run_briefing("frobnicate", cwd=project).code == 2
    assert not (project / "site").exists()


def test_engine_failure_keeps_previous_site(project):
    """A broken paragraph anchor fails MkDocs --strict; the old site stays and no scratch folder is left."""
    assert run_briefing("build", cwd=project).code == 0
    before = site_digest(project / "site")
    (project / "briefings" / "about.md").write_text(f"# About\n\nSee [a missing paragraph](articles/{SEED}.md#p999).\n", "utf-8")
    result = run_briefing("build", cwd=project)
    assert result.code == 1
    assert "mkdocs.yml" in result.err and "p999" in result.err and "Traceback" not in result.err
    assert site_digest(project / "site") == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith("site")) == ["site"]
