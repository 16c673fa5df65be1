"""Rebuilds after the last published site: no engine when nothing changed, MkDocs --dirty into a copy of the
last site when pages changed, a clean build on any doubt; always the bytes a clean build of the same input gives."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
from pathlib import Path

import pytest

from generator.build_record import (PAGES_FILE, RECORD_FILE, load_read_pages, load_record, save_read_pages, save_record,
                                    scan_docs)
from generator.cache import CACHE_DIR
from generator.incremental import CLEAN, INCREMENTAL, NOTHING, BuildRecord, DocFile, output_path, plan_build, published_docs, searched
from generator.project import Project
from generator.search_reuse import read_pages
from helpers import SEED, built_digest, run_briefing

EXCLUDED = b"---\ngenerated_by: briefing\ntitle: x\nsearch:\n  exclude: true  # why\n---\n# x\n"
SEARCHED = b"---\ngenerated_by: briefing\ntitle: x\n---\n# x\n"


def _doc(digest: str, searched_: bool = False, generated: bool = True) -> DocFile:
    return DocFile(1, 1, digest, searched_, generated)


LAST = BuildRecord("setup", "site", {"a.md": _doc("1"), "b.md": _doc("2"), "index.md": _doc("3", True)})


# --- the decision (pure) ------------------------------------------------------------------


def test_no_record_a_changed_setup_or_a_changed_site_folder_mean_a_clean_build():
    docs = dict(LAST.docs)
    assert plan_build(None, "setup", docs, "site", True).kind == CLEAN
    assert plan_build(LAST, "other setup", docs, "site", True).kind == CLEAN
    assert plan_build(LAST, "setup", docs, "site edited by hand", True).kind == CLEAN


def test_nothing_changed_means_no_engine_run():
    assert plan_build(LAST, "setup", dict(LAST.docs), "site", True).kind == NOTHING
    assert plan_build(LAST, "setup", dict(LAST.docs), "site", False).kind == NOTHING  # Zensical's site too


def test_changed_pages_are_rendered_with_every_page_the_search_plugin_indexes_and_removed_ones_are_named():
    docs = {"a.md": _doc("1 edited"), "c.md": _doc("4"), "index.md": _doc("3", True)}
    plan = plan_build(LAST, "setup", docs, "site", True)
    assert plan.kind == INCREMENTAL
    assert plan.render == ("a.md", "c.md", "index.md") and plan.removed == ("b.md",)
    assert plan_build(LAST, "setup", docs, "site", False).kind == CLEAN  # no incremental engine: clean


def test_a_changed_or_removed_hand_written_page_means_a_clean_build():
    last = BuildRecord("setup", "site", {**LAST.docs, "about.md": _doc("5", True, generated=False)})
    edited = {**last.docs, "about.md": _doc("5 edited", True, generated=False)}
    assert plan_build(last, "setup", edited, "site", True).kind == CLEAN
    removed = {rel: f for rel, f in last.docs.items() if rel != "about.md"}
    assert plan_build(last, "setup", removed, "site", True).kind == CLEAN
    unchanged = {**last.docs, "a.md": _doc("1 edited")}
    plan = plan_build(last, "setup", unchanged, "site", True)
    assert plan.kind == INCREMENTAL and "about.md" in plan.render  # rendered, so its links are checked
    assets = {**last.docs, "assets/x.css": _doc("6", generated=False)}
    assert plan_build(last, "setup", assets, "site", True).kind == INCREMENTAL  # a file, not a page: copied


def test_files_mkdocs_excludes_never_make_the_engine_run():
    docs = {**LAST.docs, "register.yml": _doc("7", generated=False), "notes/x.yml": _doc("8", generated=False)}
    patterns = "/register.yml\n/register.schema.json\nnotes/\n"
    assert published_docs(docs, patterns) == LAST.docs
    assert published_docs(docs, "") == docs
    assert published_docs(docs, "# a comment\n") == docs
    last = BuildRecord("setup", "site", docs)
    commented = {**docs, "register.yml": _doc("7 with a comment", generated=False)}
    assert plan_build(last, "setup", commented, "site", True).kind == INCREMENTAL  # as the engine would see it...
    assert plan_build(BuildRecord("setup", "site", published_docs(docs, patterns)), "setup",
                      published_docs(commented, patterns), "site", True).kind == NOTHING  # ...and as it does


def test_what_material_search_indexes_and_where_mkdocs_publishes_a_page():
    assert not searched("articles/x.md", EXCLUDED)
    assert searched("points/x.md", SEARCHED)
    assert searched("about.md", b"---\ntitle: About\nsearch:\n  exclude: true\n---\n")  # hand-written: always rendered
    assert not searched("feed.xml", b"<feed/>")
    assert output_path("index.md") == "index.html" and output_path("points/index.md") == "points/index.html"
    assert output_path("points/army-cap.md") == "points/army-cap/index.html"
    assert output_path("assets/briefing.css") == "assets/briefing.css"


# --- the record: hostile input ------------------------------------------------------------


def test_a_record_is_read_back_only_as_this_user_signed_it(tmp_path: Path):
    (tmp_path / "site").mkdir()
    project = Project.at(tmp_path)
    record = BuildRecord("setup", "site", {"index.md": DocFile(3, 4, "d", True, True)})
    save_record(project, record)
    assert load_record(project) == record
    path = tmp_path / CACHE_DIR / RECORD_FILE
    signed = path.read_bytes()
    payload = json.loads(signed[32:])
    path.write_bytes(json.dumps(payload).encode())  # planted: the same record without the signature
    assert load_record(project) is None
    path.write_bytes(signed[:32] + signed[32:].replace(b'"setup"', b'"setUp"'))  # tampered after signing
    assert load_record(project) is None
    path.write_bytes(b"\xff" * 40)
    assert load_record(project) is None
    assert load_record(Project.at(tmp_path, site="elsewhere")) is None  # another site folder


def _pages(site: Path) -> dict[str, str]:
    for rel, text in {"index.html": "<p>home</p>", "articles/a/index.html": "<p>aaaa</p>"}.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text, "utf-8")
        os.utime(site / rel, ns=(1_000_000_000, 1_000_000_000))  # written long ago: settled
    return {rel: page.sha256 for rel, (_, page) in read_pages(site, {}).items()}


def test_the_pages_read_are_trusted_only_as_this_user_signed_them(tmp_path: Path):
    project = Project.at(tmp_path)
    truth = _pages(project.site)
    save_read_pages(project, read_pages(project.site, {}))
    assert {rel: page.sha256 for rel, (_, page) in load_read_pages(project).items()} == truth
    path = tmp_path / CACHE_DIR / PAGES_FILE
    signed = path.read_bytes()
    forged = signed[32:].replace(truth["index.html"].encode(), b"0" * 64)
    path.write_bytes(forged)  # planted: a digest of the attacker's choosing, unsigned
    assert load_read_pages(project) == {}
    path.write_bytes(signed[:32] + forged)  # changed after signing
    assert load_read_pages(project) == {}
    path.write_bytes(signed[:32] + signed[32:].replace(b"[", b"[[", 1))
    assert load_read_pages(project) == {}
    assert load_read_pages(Project.at(tmp_path, site="elsewhere")) == {}  # another site folder


def test_a_page_is_read_again_unless_it_is_the_same_file_unwritten_since(tmp_path: Path):
    site = tmp_path / "site"
    _pages(site)
    known = read_pages(site, {})
    lied = {rel: (key, dataclasses.replace(page, sha256="0" * 64)) for rel, (key, page) in known.items()}
    assert {rel: p.sha256 for rel, (_, p) in read_pages(site, lied).items()} == {rel: "0" * 64 for rel in known}
    (site / "index.html").write_text("<p>HOME</p>", "utf-8")  # edited in place, the same size
    page = site / "articles" / "a" / "index.html"
    shutil.copy2(page, tmp_path / "copy")  # a copy, with the page's size and time, put in its place
    os.replace(tmp_path / "copy", page)
    again = read_pages(site, lied)
    assert again["index.html"][1].sha256 != "0" * 64 != again["articles/a/index.html"][1].sha256
    assert again == read_pages(site, {})


def test_pages_written_within_two_seconds_are_not_recorded(tmp_path: Path):
    project = Project.at(tmp_path)
    _pages(project.site)
    (project.site / "index.html").write_text("<p>now</p>", "utf-8")
    save_read_pages(project, read_pages(project.site, {}))
    assert sorted(load_read_pages(project)) == ["articles/a/index.html"]


def test_the_docs_folder_is_read_again_only_where_size_or_time_changed(tmp_path: Path):
    (tmp_path / "a.md").write_bytes(SEARCHED)
    (tmp_path / ".generated").write_text("a.md\n")
    first = scan_docs(tmp_path, {})
    assert list(first) == ["a.md"] and first["a.md"].searched  # hidden files: MkDocs never reads them
    assert first["a.md"].generated
    planted = {"a.md": DocFile(first["a.md"].size, first["a.md"].mtime_ns, "planted", False, True)}
    assert scan_docs(tmp_path, planted) == planted  # same size and time: taken as recorded
    os.utime(tmp_path / "a.md", ns=(1, 1))
    assert scan_docs(tmp_path, planted)["a.md"].digest == first["a.md"].digest


# --- real builds --------------------------------------------------------------------------


def _clean_build(root: Path, dest: Path) -> Path:
    """The same inputs built in a fresh copy, with no site, record or cache: the reference."""
    shutil.copytree(root, dest, ignore=shutil.ignore_patterns("site", "site.*", ".site.*", CACHE_DIR))
    result = run_briefing("build", cwd=dest)
    assert result.code == 0, result.text
    return dest / "site"


def _times(site: Path) -> dict[str, int]:
    return {str(p.relative_to(site)): p.stat().st_mtime_ns for p in site.rglob("*")}


def _article(root: Path, name: str, text: str) -> None:
    (root / "seeds" / f"{name}.md").write_text(
        f"---\ntitle: {text}\ndate: 2025-11-27\noutlet: Wire\n---\n{text} Donbas and the army cap were discussed.\n\n"
        f"Talks on NATO membership continue.\n", "utf-8")


@pytest.mark.slow
def test_nothing_changed_the_engine_does_not_run_and_the_site_is_untouched(project: Path):
    assert run_briefing("build", cwd=project).code == 0
    before = _times(project / "site")
    inode = (project / "site").stat().st_ino
    again = run_briefing("build", cwd=project)
    assert again.code == 0, again.text
    assert "site/ is up to date" in again.out and "did not run" in again.out and "built" not in again.out
    assert _times(project / "site") == before and (project / "site").stat().st_ino == inode
    register = project / "briefings" / "register.yml"
    register.write_text(register.read_text("utf-8") + "# a comment, which no page shows\n", "utf-8")
    commented = run_briefing("build", cwd=project)  # mkdocs.yml's exclude_docs: the engine never reads the register
    assert commented.code == 0 and "did not run" in commented.out, commented.text
    assert _times(project / "site") == before and (project / "site").stat().st_ino == inode


@pytest.mark.slow
@pytest.mark.parametrize("plant", ["garbled", "unsigned", "site edited"])
def test_a_planted_or_garbled_record_or_an_edited_site_means_a_clean_build(project: Path, tmp_path: Path, plant: str):
    assert run_briefing("build", cwd=project).code == 0
    record = project / CACHE_DIR / RECORD_FILE
    if plant == "garbled":
        record.write_bytes(record.read_bytes()[:-10])
    elif plant == "unsigned":
        record.write_bytes(record.read_bytes()[32:])
    else:
        (project / "site" / "index.html").write_text("defaced", "utf-8")
    rebuilt = run_briefing("build", cwd=project)
    assert rebuilt.code == 0 and rebuilt.out.startswith("built site/"), rebuilt.text
    assert built_digest(project / "site") == built_digest(_clean_build(project, tmp_path / "clean"))


@pytest.mark.slow
def test_an_added_then_removed_article_gives_a_clean_builds_bytes_without_rendering_the_others(project: Path,
                                                                                               tmp_path: Path):
    assert run_briefing("build", cwd=project).code == 0
    seed_page = project / "site" / "articles" / SEED / "index.html"
    seed_time = seed_page.stat().st_mtime_ns
    # every published file hard-linked aside: a build that wrote into one of them in place would show there
    aside = tmp_path / "published"
    published = {}
    for path in (project / "site").rglob("*"):
        if path.is_file() and not path.is_symlink():
            rel = path.relative_to(project / "site")
            (aside / rel).parent.mkdir(parents=True, exist_ok=True)
            os.link(path, aside / rel)
            published[rel] = path.read_bytes()
    _article(project, "2025-11-27_wire", "Envoys met in Geneva.")
    assert run_briefing("build", cwd=project).code == 0
    assert (project / "site" / "articles" / "2025-11-27_wire" / "index.html").is_file()
    assert [rel for rel, data in published.items() if (aside / rel).read_bytes() != data] == []
    assert seed_page.stat().st_mtime_ns <= seed_time  # not rendered again: its Markdown did not change
    assert built_digest(project / "site") == built_digest(_clean_build(project, tmp_path / "added"))
    (project / "seeds" / "2025-11-27_wire.md").unlink()
    assert run_briefing("build", cwd=project).code == 0
    assert not (project / "site" / "articles" / "2025-11-27_wire").exists()
    assert built_digest(project / "site") == built_digest(_clean_build(project, tmp_path / "removed"))
