"""Hostile text in every input field is shown as text: no script, frame, handler or risky URL.

One project carries HTML, JavaScript, Markdown links, javascript:/data: URLs, attribute
lists and a `</title>` breakout in every text field of the register and in a seed (.txt)
and a Markdown (.md) article. Every built HTML page is parsed; the scripts it may hold are
exactly the ones a clean build of the shipped project holds (Material's own).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import urljoin

import lxml.etree
import lxml.html
import pytest
import yaml

from helpers import SEED, copy_project, run_briefing

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<iframe src=https://evil.example/frame></iframe>",
    "[x](javascript:alert(1))",
    "[y](data:text/html,<script>alert(2)</script>)",
    "{: onclick=alert(1)}",
    "</title><script>alert(3)</script>",
    '<a href="javascript:alert(4)">a</a>',
    "<svg onload=alert(5)>",
    "![i](javascript:alert(6))",
    "<javascript:alert(7)>",
    "&lt;script&gt;alert(8)&lt;/script&gt;",
    "<b onmouseover=alert(9)>bold</b>",
    "*em* _em_ `code` | a | b |",
]
HOSTILE = " ".join(PAYLOADS)
TXT_ID = "001_hostile"
MD_ID = "002_hostile"
NAMED_ID = "b-onmouseover-alert-1"  # from the file name "<b onmouseover=alert(1)>.txt"
URL = 'https://example.org/x?a="onmouseover="alert(1)&b=<script>'
pytestmark = pytest.mark.slow  # one real build of the hostile project

RISKY_SCHEMES = ("javascript:", "data:", "vbscript:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset", "background"}


def _txt_article() -> str:
    paragraphs = [f"date 2025-11-27 Lead on the army cap: {HOSTILE}."]
    paragraphs.append(PAYLOADS[0])  # a short line without final punctuation: a heading
    paragraphs += [f"The army cap, paragraph {i}: {p}." for i, p in enumerate(PAYLOADS)]
    paragraphs += ["# heading? " + HOSTILE, "1. list? " + HOSTILE, "- item? " + HOSTILE, "> quote? " + HOSTILE,
                   "    indented code? " + HOSTILE, "```\nfenced\n```", "<div>block</div>", "---"]
    return "\n\n".join(paragraphs) + "\n"


def _md_article() -> str:
    front = {"title": f"MD title {HOSTILE}", "date": "2025-11-28", "outlet": f"Outlet {HOSTILE}",
             "author": f"Author {HOSTILE}", "language": f"en {PAYLOADS[0]}", "url": URL}
    body = [f"# Heading {HOSTILE}", f"The army cap in Markdown: {HOSTILE}.",
            '<div onclick="alert(10)">Raw HTML block <script>alert(11)</script></div>',
            "<script>\nalert(12)\n</script>",
            "[link](javascript:alert(13)) ![img](data:image/svg+xml,<svg onload=alert(14)>)"]
    return "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=True) + "---\n" + "\n\n".join(body) + "\n"


def _register() -> str:
    def text(label: str) -> str:
        return f"{label} {HOSTILE}"

    register = {
        "title": text("Register title"),
        "parties": [{"id": "ukraine", "name": text("Ukraine")}, {"id": "russia", "name": text("Russia")}],
        "statuses": {
            "open": {"label": text("Open"), "description": text("Not agreed")},
            "agreed": {"label": text("Agreed"), "description": text("Agreed"), "closed": True},
        },
        "articles": {
            TXT_ID: {"title": text("TXT title"), "outlet": text("TXT outlet"), "author": text("TXT author"), "url": URL},
            NAMED_ID: {"title": text("Named title")},
        },
        "points": [
            {
                "id": "army-cap",
                "title": text("Army cap"),
                "summary": text("Summary"),
                "keywords": ["army", PAYLOADS[0], PAYLOADS[3]],
                "aliases": ["army cap", PAYLOADS[1]],
                "context": ["cap", PAYLOADS[5]],
                "exclude": [text("Exclude")],
                "positions": {"ukraine": {"stance": "resists", "text": text("Position")},
                              "russia": {"stance": "demands", "text": text("Position")}},
                "related": ["other"],
                "history": [
                    {"date": "2025-11-27", "status": "open", "note": text("Note"),
                     "sources": [{"article": TXT_ID, "quote": p} for p in PAYLOADS[:9]]},
                    {"date": "2025-11-28", "status": "agreed", "note": text("Later note"), "sourcing": "media-report",
                     "sources": [{"article": MD_ID, "quote": f"The army cap in Markdown: {PAYLOADS[0]}"}]},
                ],
                "dismissed": [{"article": SEED, "reason": text("Reason")}],
            },
            {"id": "other", "title": text("Other"), "status": "open", "keywords": ["cap"], "related": ["army-cap"]},
        ],
    }
    return "# hostile register\n" + yaml.safe_dump(register, allow_unicode=True, sort_keys=False, width=10_000)


def _script_signatures(site: Path) -> set[str]:
    """Every script of every page, as the site-absolute src or a hash of the inline text."""
    signatures = set()
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        doc = lxml.html.fromstring(page.read_bytes())
        for script in doc.iter("script"):
            src = script.get("src")
            if src is not None:
                signatures.add("src " + urljoin("https://site.invalid/" + rel, src))
            else:
                # the page's relative base ("../..", "..", ".") is the only per-page difference
                text = re.sub(r'"(?:\.\.(?:/\.\.)*|\.)(?=[/"])', '"BASE', script.text or "")
                signatures.add("inline " + hashlib.sha256(text.encode("utf-8")).hexdigest())
    return signatures


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    (root / "seeds" / f"{TXT_ID}.txt").write_text(_txt_article(), "utf-8")
    (root / "seeds" / f"{MD_ID}.md").write_text(_md_article(), "utf-8")
    (root / "seeds" / "<b onmouseover=alert(1)>.txt").write_text(
        f"date 2025-11-26 Named after a tag: {HOSTILE}.\n", "utf-8")
    (root / "briefings" / "register.yml").write_text(_register(), "utf-8")
    result = run_briefing("build", cwd=root)
    assert result.code == 0, result.text
    assert "Traceback" not in result.text
    return root


def _text(doc: lxml.html.HtmlElement) -> str:
    return " ".join(doc.text_content().split())


def test_every_page_is_inert(hostile_project, built_project):
    site = hostile_project / "site"
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 10
    for page in pages:
        rel = page.relative_to(site).as_posix()
        doc = lxml.html.fromstring(page.read_bytes())
        for tag in ("iframe", "frame", "object", "embed", "base", "meta[@http-equiv='refresh']"):
            assert not doc.xpath(f"//{tag}"), f"<{tag}> in {rel}"
        for element in doc.iter():
            if not isinstance(element.tag, str):
                continue
            for name, value in element.attrib.items():
                assert not name.lower().startswith("on"), f"{name}= on <{element.tag}> in {rel}"
                if name.lower() in URL_ATTRIBUTES:
                    cleaned = re.sub(r"[\x00-\x20]", "", value).lower()
                    assert not cleaned.startswith(RISKY_SCHEMES), f'{name}="{value}" in {rel}'
        title = doc.find(".//title")
        assert title is not None and len(title) == 0, f"markup inside <title> in {rel}"
    assert _script_signatures(site) == _script_signatures(built_project / "site")


def test_feed_and_export_are_well_formed(hostile_project):
    site = hostile_project / "site"
    feed = lxml.etree.parse(str(site / "feed.xml"))
    assert not feed.xpath("//*[local-name()='script']")
    import json

    data = json.loads((site / "api" / "briefing.json").read_text("utf-8"))
    assert HOSTILE in data["points"][0]["title"]


@pytest.mark.parametrize("article_id", [TXT_ID, MD_ID, NAMED_ID])
def test_hostile_text_is_visible_on_the_article_page(hostile_project, article_id):
    doc = lxml.html.fromstring((hostile_project / "site" / "articles" / article_id / "index.html").read_bytes())
    text = _text(doc)
    for payload in PAYLOADS:
        assert " ".join(payload.split()) in text, f"{payload!r} not shown on {article_id}"
    assert doc.get_element_by_id("p1") is not None


def test_every_paragraph_keeps_its_text(hostile_project):
    doc = lxml.html.fromstring((hostile_project / "site" / "articles" / TXT_ID / "index.html").read_bytes())
    raw = _txt_article().split("\n\n")
    raw[0] = raw[0].removeprefix("date 2025-11-27 ")
    for number, paragraph in enumerate(raw, start=1):
        element = doc.get_element_by_id(f"p{number}")
        for label in element.xpath(".//a[@class='bf-quote__label']"):  # names the point a quote supports
            label.drop_tree()
        assert " ".join(paragraph.split()) in _text(element), (number, paragraph)


def test_register_fields_are_visible_as_text(hostile_project):
    site = hostile_project / "site"
    point = _text(lxml.html.fromstring((site / "points" / "army-cap" / "index.html").read_bytes()))
    for label in ("Army cap", "Summary", "Position", "Note", "Later note", "Ukraine", "Agreed"):
        assert f"{label} {' '.join(HOSTILE.split())}" in point, label
    home = _text(lxml.html.fromstring((site / "index.html").read_bytes()))
    assert f"Register title {' '.join(HOSTILE.split())}" in home
    statuses = _text(lxml.html.fromstring((site / "statuses" / "index.html").read_bytes()))
    assert f"Not agreed {' '.join(HOSTILE.split())}" in statuses
    article = _text(lxml.html.fromstring((site / "articles" / TXT_ID / "index.html").read_bytes()))
    for label in ("TXT title", "TXT outlet", "TXT author"):
        assert f"{label} {' '.join(HOSTILE.split())}" in article, label
    md = _text(lxml.html.fromstring((site / "articles" / MD_ID / "index.html").read_bytes()))
    for label in ("MD title", "Outlet", "Author", "Heading"):
        assert f"{label} {' '.join(HOSTILE.split())}" in md, label
