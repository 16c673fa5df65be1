"""Material's search index after an incremental run: unchanged indexed pages are not rendered again, and the
index is written from the last site's as a clean build would write it."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import get_files

from generator.incremental import INCREMENTAL, DocFile, Plan
from generator.search_plugin_index import location, merged, narrowed, read_index, walk_order
from helpers import built_digest, run_briefing


def _doc(searched: bool = True, generated: bool = True) -> DocFile:
    return DocFile(1, 1, "d", searched, generated)


DOCS = {"index.md": _doc(), "about.md": _doc(generated=False), "points/index.md": _doc(), "points/a.md": _doc(),
        "points/b.md": _doc(), "articles/x.md": _doc(searched=False), "feed.xml": _doc(searched=False)}


def _index(*pages: str, text: str = "old") -> dict:
    docs = []
    for page in pages:
        docs += [{"location": page, "title": page, "text": text}, {"location": f"{page}#h", "title": "h", "text": text}]
    return {"config": {"lang": ["en"]}, "docs": docs}


def test_pages_in_the_order_mkdocs_finds_them(tmp_path: Path):
    names = ["index.md", "zeta.md", "about.md", "b/index.md", "b/a.md", "a/z.md", "a/c/index.md",
             "a/README.md", "a/b.md", "a.md", "B/x.md", "a-b/y.md", "a_b/y.md", "index/x.md"]
    for name in names:
        (tmp_path / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / name).write_text("# x\n", "utf-8")
    config = MkDocsConfig()
    config.load_dict({"site_name": "x", "docs_dir": str(tmp_path / "docs"), "site_dir": str(tmp_path / "site")})
    assert config.validate() == ([], [])
    mkdocs_order = [f.src_uri for f in get_files(config).documentation_pages()]
    assert sorted(names, key=walk_order) == mkdocs_order


def test_where_the_entries_of_a_page_point():
    assert [location(rel) for rel in ("index.md", "about.md", "points/index.md", "points/a.md", "README.md")] == \
        ["", "about/", "points/", "points/a/", ""]


@pytest.mark.parametrize("data", [b"", b"not json", b"[]", b'{"docs": []}', b'{"config": {}, "docs": {}}',
                                  b'{"config": {}, "docs": [1]}', b'{"config": {}, "docs": [{"location": 1}]}',
                                  b'{"config": [], "docs": []}', b"[" * 100_000])
def test_an_index_of_another_shape_is_not_read(tmp_path: Path, data: bytes):
    path = tmp_path / "search_index.json"
    path.write_bytes(data)
    assert read_index(path) is None


def test_an_index_behind_a_link_or_a_pipe_is_not_read(tmp_path: Path):
    real = tmp_path / "real.json"
    real.write_text(json.dumps(_index("")), "utf-8")
    assert read_index(real) is not None
    (tmp_path / "link.json").symlink_to(real)
    os.mkfifo(tmp_path / "pipe.json")
    assert read_index(tmp_path / "link.json") is None and read_index(tmp_path / "pipe.json") is None
    assert read_index(tmp_path / "missing.json") is None


def test_only_changed_and_hand_written_pages_are_rendered_when_the_last_index_holds_the_others():
    plan = Plan(INCREMENTAL, "", tuple(sorted(rel for rel, f in DOCS.items() if f.searched)), (), ("points/a.md",))
    last = _index("", "about/", "points/", "points/a/", "points/b/")
    narrow = narrowed(plan, last, DOCS)
    assert narrow.render == ("about.md", "points/a.md") and narrow.search_from_last
    assert narrowed(plan, None, DOCS) == plan  # no readable index: every indexed page rendered, as the plugin needs
    assert narrowed(plan, _index("", "about/", "points/", "points/a/"), DOCS) == plan  # points/b/ missing from it
    new_page = Plan(INCREMENTAL, "", plan.render, (), ("points/a.md", "points/b.md"))
    assert narrowed(new_page, _index("", "about/", "points/"), DOCS).render == ("about.md", "points/a.md", "points/b.md")


def test_the_index_holds_each_page_from_the_run_that_rendered_it_in_mkdocs_order():
    last = _index("", "about/", "points/", "points/a/", "points/b/", "points/gone/")
    run = _index("points/b/", "about/", text="new")
    run["config"] = {"lang": ["en"], "separator": "x"}
    data = json.loads(merged(last, run, DOCS, {"about.md", "points/b.md"}))
    assert data["config"] == run["config"]
    assert [(e["location"], e["text"]) for e in data["docs"]] == [
        ("", "old"), ("#h", "old"), ("about/", "new"), ("about/#h", "new"), ("points/", "old"), ("points/#h", "old"),
        ("points/a/", "old"), ("points/a/#h", "old"), ("points/b/", "new"), ("points/b/#h", "new")]
    assert merged(last, run, DOCS, {"about.md"}).startswith(b'{"config":{"lang":["en"],"separator":"x"},"docs":[{')


@pytest.mark.slow
def test_an_added_article_renders_the_pages_it_changed_and_the_index_equals_a_clean_builds(project: Path,
                                                                                        tmp_path: Path):
    assert run_briefing("build", cwd=project).code == 0
    site = project / "site"
    before = {path.relative_to(site): path.stat().st_ino for path in site.glob("points/*/index.html")}
    (project / "seeds" / "2025-11-27_wire.md").write_text(
        "---\ntitle: Envoys meet again\ndate: 2025-11-27\n---\n\nEnvoys met in Geneva to talk about the cap on Ukraine's army.\n", "utf-8")
    result = run_briefing("build", cwd=project)
    assert result.code == 0 and "rendered only what changed" in result.out, result.text
    after = {path.relative_to(site): path.stat().st_ino for path in site.glob("points/*/index.html")}
    kept = [rel for rel, inode in before.items() if after.get(rel) == inode]
    assert kept and len(kept) < len(before)  # pages the article does not touch are the published files themselves
    clean = tmp_path / "clean"
    shutil.copytree(project, clean, ignore=shutil.ignore_patterns("site", "site.*", ".briefing_cache"))
    assert run_briefing("build", cwd=clean).code == 0
    assert (site / "search" / "search_index.json").read_bytes() == \
        (clean / "site" / "search" / "search_index.json").read_bytes()
    assert built_digest(site) == built_digest(clean / "site")
