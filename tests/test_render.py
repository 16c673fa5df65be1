"""Rendering: escaping, page set, determinism."""

import json
import re
import os
import subprocess
import sys

import markdown
import pytest

from generator.link import link
from generator.escape import md_text, plain_title
from generator.readers import read_seed_text
from generator.register import parse_register
from generator.render import render_pages
from helpers import ROOT

HOSTILE = [
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "![i](data:image/png;base64,AAAA)",
    "<img src=x onerror=alert(2)>",
    "text {: onclick=alert(3) }",
    "*bold* _it_ `code` | pipe | ~~del~~",
    "1. not a list",
    "- not a bullet",
    "# not a heading",
    "&amp; &lt;b&gt; entities stay text",
    "<https://autolink.example>",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_md_text_renders_as_the_same_text(text):
    html = markdown.markdown(f"Before {md_text(text)}", extensions=["tables", "toc"])
    assert html.startswith("<p>Before ") and html.endswith("</p>")
    import lxml.html

    shown = lxml.html.fromstring(html).text_content()
    assert shown == f"Before {text}"
    assert "<script" not in html and "<img" not in html and "href" not in html and "<code" not in html


@pytest.mark.parametrize("text", HOSTILE)
def test_md_text_at_line_start_is_still_text(text):
    html = markdown.markdown(str(md_text(text)), extensions=["tables", "toc"])
    import lxml.html

    assert lxml.html.fromstring(html).text_content() == text


def test_plain_title_cannot_break_out_of_title_element():
    title = plain_title("</title><script>alert(1)</script> & 'x'")
    assert not set("<>&'\"") & set(title)


def _briefing(lead="Talks on the army cap resumed."):
    article = read_seed_text(f" date 2025-11-27 {lead}\n\nThe cap is 600,000.\n", "seeds/wire.txt")
    register, doc = parse_register(
        "title: T <b>\nparties: [{id: ukraine, name: Ukraine}]\npoints:\n"
        "  - id: army-cap\n    title: Army cap\n    keywords: [army]\n    history:\n"
        "      - {date: 2025-11-27, status: open, note: n, sources: [{article: wire, quote: 'The cap is 600,000'}]}\n",
        "briefings/register.yml",
    )
    return link(register, doc, [article])


def test_page_set():
    pages = render_pages(_briefing())
    statuses = [f"status/{s}.md" for s in ("agreed", "deferred", "dropped", "narrowing", "open")]
    assert sorted(pages) == sorted([
        "api/briefing.json", "api/history.csv", "api/points.csv", "api/positions.csv", "articles/2025-11.md", "articles/index.md",
        "articles/wire.md", "changes.md", "data.md", "feed.xml",  # no feed for a party without a dated position
        "feeds/points/army-cap.xml", "feeds/parties/sitemap.xml", "feeds/points/sitemap.xml", "index.md", "parties/index.md", "parties/ukraine.md", "points/army-cap.md",
        "points/index.md", "positions.md", "print.md", "statuses.md", "timeline.md", "timeline/2025-11.md",
        *statuses])


RENDER_DIGEST = """
import hashlib, sys
from pathlib import Path
from generator.pipeline import check
from generator.project import Project
from generator.render import render_pages
pages = render_pages(check(Project.at(Path(sys.argv[1]))))
print(hashlib.sha256(repr(sorted(pages.items())).encode()).hexdigest(), len(pages))
"""


def test_rendering_is_deterministic_across_processes(project):
    """Same inputs, same bytes, whatever the hash seed of the process (set and dict order)."""
    (project / "seeds" / "2025-11-28_wire.txt").write_text(
        " date 2025-11-28 Negotiators discussed a cap on the army of 600,000 troops and NATO membership.\n\n"
        "Territory in Donbas\n\nRussia demands the rest of Donbas; Ukraine refuses to cede territory.\n", "utf-8")
    digests = set()
    for hash_seed in ("1", "2", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(ROOT)}
        proc = subprocess.run([sys.executable, "-c", RENDER_DIGEST, str(project)], env=env, cwd=project,
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        digests.add(proc.stdout)
    assert len(digests) == 1, digests


def test_article_page_anchors_and_highlight():
    page = render_pages(_briefing())["articles/wire.md"]
    assert '<p class="bf-para" id="p2">' in page
    assert '<mark class="bf-quote">The cap is 600,000</mark>' in page
    point = render_pages(_briefing())["points/army-cap.md"]
    assert "(../articles/wire.md#p2)" in point


def test_front_matter_title_is_inert():
    pages = render_pages(_briefing(lead="</title><script>alert(1)</script> Army talks."))
    front = pages["articles/wire.md"].split("---")[1]
    assert "<" not in front and ">" not in front
    assert "&#60;/title&#62;&#60;script&#62;" in pages["articles/wire.md"]


def test_export_contract():
    data = json.loads(render_pages(_briefing())["api/briefing.json"])
    point = data["points"][0]
    assert point["url"] == "points/army-cap/" and point["last_changed"] == "2025-11-27"
    source = point["history"][0]["sources"][0]
    assert source == {**source, "article": "wire", "verified": True, "url": "articles/wire/#p2", "paragraph": 2}
    assert data["articles"][0]["points"] == ["army-cap"]
    assert data["title"] == "T <b>"


def test_only_point_names_are_marked_never_inside_excluded_phrases():
    """Aliases name the point and are bold; keywords and context words are not marked at all."""
    article = read_seed_text(" date 2025-11-27 The army cap was discussed; the army grew while the Salvation Army Cap "
                             "collected food.\n", "seeds/wire.txt")
    register, doc = parse_register(
        "title: T\nparties: [{id: ukraine, name: Ukraine}]\npoints:\n"
        "  - id: army-cap\n    title: Army cap\n    aliases: [army cap]\n    keywords: [army]\n    context: [grow]\n"
        "    exclude: [Salvation Army Cap]\n    status: open\n",
        "briefings/register.yml",
    )
    page = render_pages(link(register, doc, [article]))["articles/wire.md"]
    assert re.findall(r'<strong class="bf-term">(.*?)</strong>', page) == ["army cap"]
    assert "the army grew while the Salvation Army Cap collected" in page


def _imports(module: str) -> set[str]:
    """The generator modules a module of the package imports (absolute imports, as the package writes them)."""
    import ast

    path = ROOT / (module.replace(".", "/") + ".py")
    if not path.is_file():
        path = ROOT / module.replace(".", "/") / "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_bytes())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator"):
            found |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("generator")}
    return {m for m in found if (ROOT / (m.replace(".", "/") + ".py")).is_file() or (ROOT / m.replace(".", "/")).is_dir()}


def test_rendering_reaches_no_module_of_the_io_edge():
    reached, todo = set(), ["generator.render"]
    while todo:
        module = todo.pop()
        if module not in reached:
            reached.add(module)
            todo += _imports(module)
    assert not reached & {"generator.cache", "generator.writer", "generator.pipeline", "generator.files", "generator.engine"}


_OPENED: list[str] = []
_WATCHING: list[bool] = []


def _audit(event: str, args: tuple) -> None:
    if _WATCHING and event in ("open", "os.listdir", "os.scandir"):
        _OPENED.append(f"{event} {args[0]}")


def test_rendering_opens_no_file():
    briefing = _briefing()
    render_pages(briefing)  # the templates are read once per process, with the first render
    sys.addaudithook(_audit)
    _WATCHING.append(True)
    try:
        render_pages(_briefing(lead="Other talks on the army cap."), "https://example.org/b/")
    finally:
        _WATCHING.clear()
    assert _OPENED == []


def test_status_changes_counts_and_events_are_computed_once_per_render(monkeypatch):
    from collections import Counter

    from generator import render, timeline
    from generator.link import Briefing

    calls = Counter()

    def counted(name, real):
        return lambda *args: calls.update([name]) or real(*args)

    monkeypatch.setattr(render, "status_changes", counted("changes", render.status_changes))
    monkeypatch.setattr(timeline, "events", counted("events", timeline.events))
    monkeypatch.setattr(render, "events", timeline.events)
    monkeypatch.setattr(Briefing, "status_counts", counted("counts", Briefing.status_counts))
    render_pages(_briefing())
    assert calls == {"changes": 1, "events": 1, "counts": 1}
