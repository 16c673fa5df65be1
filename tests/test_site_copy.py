"""The last site copied into a scratch folder (generator/site_copy.py), in a child process while the generator
works (incremental_site.EarlyCopy): the same copy as in the build's own process, a child that stops with the
build, and an incremental build that starts from it instead of copying again."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import pipeline
from generator.incremental_site import EarlyCopy
from generator.project import Project
from generator.publish import scratch_ledger
from generator.site_copy import ParentGone, copy_last_site, start_copy
from helpers import built_digest, copy_project, old_site_deleted, run_briefing


def _site(root: Path) -> Path:
    files = {"index.html": "home", "sitemap.xml": "<urlset/>", "articles/a/index.html": "A",
             "articles/b/index.html": "B", "assets/app.css": "body{}", "pagefind/bundles.json": "{}",
             "articles/pagefind/kept.html": "only the top pagefind/ is left out"}
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")
    os.symlink("articles/a/index.html", root / "latest.html")
    os.utime(root / "assets" / "app.css", ns=(1_000_000_000, 1_000_000_000))
    return root


def _listing(root: Path) -> dict[str, tuple]:
    found = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            found[rel] = ("link", os.readlink(path))
        elif path.is_dir():
            found[rel] = ("folder",)
        else:
            found[rel] = ("file", path.read_bytes(), path.stat().st_mtime_ns)
    return found


LINKED = {"articles/a/index.html", "articles/b/index.html", "index.html"}


def test_the_child_copies_the_site_as_the_build_itself_would(tmp_path: Path):
    site = _site(tmp_path / "site")
    here, there = tmp_path / "here", tmp_path / "there"
    here.mkdir(), there.mkdir()
    copy_last_site(site, here, LINKED)
    child = start_copy(site, there, LINKED)
    assert child is not None and child.wait(30) == 0
    assert _listing(there) == _listing(here)
    assert "pagefind" not in _listing(there) and "articles/pagefind/kept.html" in _listing(there)
    for rel in _listing(there):
        if (there / rel).is_file() and not (there / rel).is_symlink():
            same = (there / rel).stat().st_ino == (site / rel).stat().st_ino
            assert same == (rel in LINKED), rel  # hard links only where the engine never writes


def test_the_child_stops_once_the_build_that_started_it_is_gone(tmp_path: Path):
    site = tmp_path / "site"
    for n in range(300):
        (site / f"p{n:03d}").mkdir(parents=True)
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    with pytest.raises(ParentGone):
        copy_last_site(site, tmp_path / "a", parent=os.getppid() + 1_000_000)  # not this process's parent
    copy_last_site(site, tmp_path / "b", parent=os.getppid())
    assert len(list((tmp_path / "b").iterdir())) == 300


def test_a_copy_nobody_takes_is_removed_with_its_ledger_and_a_failed_one_is_not_taken(tmp_path: Path):
    site = _site(tmp_path / "site")
    early = EarlyCopy(site)
    early.start(LINKED)
    scratch = early.scratch
    assert scratch is not None and scratch_ledger(site).read_text().split() == [scratch.name]
    early.discard()
    assert not scratch.exists() and not scratch_ledger(site).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    os.mkfifo(site / "articles" / "pipe")  # a copy of a named pipe fails: so does the child
    broken = EarlyCopy(site)
    broken.start(LINKED)
    assert broken.take() is None  # the engine step then copies in its own process (and says what is wrong)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.slow
def test_an_incremental_build_starts_from_the_copy_made_while_the_generator_worked(tmp_path: Path, monkeypatch):
    root = copy_project(tmp_path / "project")
    assert run_briefing("build", cwd=root).code == 0
    old_site_deleted(root)
    (root / "seeds" / "2025-11-27_wire.md").write_text(
        "---\ntitle: Envoys met\ndate: 2025-11-27\noutlet: Wire\n---\nEnvoys met on the army cap and Donbas.\n",
        "utf-8")

    def copied_again(*args, **kwargs):
        raise AssertionError("the engine step copied the last site although a copy was made")

    monkeypatch.setattr(pipeline, "copy_last_site", copied_again)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    _, report = pipeline.build(Project.at(root))
    assert report.engine_run == "incremental"
    old_site_deleted(root)
    assert sorted(p.name for p in root.iterdir() if p.name.startswith("site")) == ["site"]
    clean = copy_project(tmp_path / "clean")
    (clean / "seeds" / "2025-11-27_wire.md").write_bytes((root / "seeds" / "2025-11-27_wire.md").read_bytes())
    assert run_briefing("build", cwd=clean).code == 0
    assert built_digest(root / "site") == built_digest(clean / "site")


@pytest.mark.slow
def test_a_copy_not_needed_is_gone_before_a_clean_run_makes_its_own_and_after_a_build_with_nothing_to_publish(
        tmp_path: Path, monkeypatch):
    root = copy_project(tmp_path / "project")
    assert run_briefing("build", cwd=root).code == 0
    old_site_deleted(root)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    (root / "seeds" / "2025-11-27_wire.md").write_text(
        "---\ntitle: Envoys met\ndate: 2025-11-27\noutlet: Wire\n---\nEnvoys met on the army cap.\n", "utf-8")
    about = root / "briefings" / "about.md"  # written by hand: a change means a clean run
    about.write_text(about.read_text("utf-8") + "\nOne more line.\n", "utf-8")
    found_at_start = []
    real_scratch_site = pipeline.scratch_site

    def scratch_site(site, made=None):
        found_at_start.append(sorted(p.name for p in site.parent.glob(f"{site.name}.new-*")))
        return real_scratch_site(site, made)

    monkeypatch.setattr(pipeline, "scratch_site", scratch_site)
    _, report = pipeline.build(Project.at(root))
    assert report.engine_run == "clean" and found_at_start == [[]]  # the copy begun early was removed first
    old_site_deleted(root)
    assert sorted(p.name for p in root.iterdir() if p.name.startswith("site")) == ["site"]
    register = root / "briefings" / "register.yml"
    register.write_text(register.read_text("utf-8") + "# a comment, which no page shows\n", "utf-8")
    _, report = pipeline.build(Project.at(root))  # the inputs changed (a copy begun), no page did
    assert report.engine_run == "nothing"
    assert sorted(p.name for p in root.iterdir() if p.name.startswith("site")) == ["site"]
