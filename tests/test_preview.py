"""The preview's updates take the build's route (pipeline.update_docs): the cache, the site's
address and the docs-folder checks; the preview adds only its banner. In-process, without
MkDocs' server (test_serve.py runs the real one)."""

from __future__ import annotations

import os
from pathlib import Path

from generator.commands.serve import _Preview
from generator.pipeline import update_docs
from generator.problem_banner import BANNER_CLASS
from generator.project import Project
from generator.site_config import load_site_config
from generator.writer import STAMP
from helpers import copy_project


def _docs(root: Path) -> dict[str, bytes]:
    docs = root / "briefings"
    return {str(p.relative_to(docs)): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}


def _update(root: Path) -> None:
    """One preview update, as a save in the seeds or the register sets off."""
    project = Project.at(root)
    _Preview(project, load_site_config(project)).regenerate()


def _break_register(root: Path) -> None:
    register = root / "briefings" / "register.yml"
    register.write_text(register.read_text("utf-8").replace("title: Ukraine peace plan", "titel: Ukraine peace plan", 1))


def test_the_preview_writes_the_pages_a_build_writes(tmp_path, monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://example.org/briefing/")  # feeds and the print page use the address
    built, previewed = copy_project(tmp_path / "built"), copy_project(tmp_path / "previewed")
    monkeypatch.chdir(built)
    update_docs(Project.at(built))
    monkeypatch.chdir(previewed)
    _update(previewed)
    assert _docs(previewed) == _docs(built)
    assert b"https://example.org/briefing/" in _docs(previewed)["feed.xml"]
    assert (previewed / ".briefing_cache").is_dir(), "the preview did not use the cache"


def test_the_preview_reports_a_bad_site_address_as_a_build_does(project, monkeypatch, capsys):
    monkeypatch.setenv("SITE_URL", "example.org/briefing")
    monkeypatch.chdir(project)
    _update(project)
    err = capsys.readouterr().err
    assert "mkdocs.yml:10:11: site_url: SITE_URL 'example.org/briefing' is not an http(s) address" in err
    assert BANNER_CLASS in (project / "briefings" / "index.md").read_text("utf-8")


def test_the_preview_reports_a_fifo_in_the_docs_folder(project, monkeypatch, capsys):
    os.mkfifo(project / "briefings" / "notes.md")  # MkDocs' server would wait on it for good
    monkeypatch.chdir(project)
    _update(project)
    err = capsys.readouterr().err
    assert "briefings/notes.md:1:1: docs folder: is a named pipe (FIFO), which the site engine cannot read" in err


def test_the_banner_goes_over_the_last_good_pages_stamped_once(project, monkeypatch, capsys):
    monkeypatch.chdir(project)
    update_docs(Project.at(project))  # a build's pages: the last good version
    good = (project / "briefings" / "index.md").read_text("utf-8")
    _break_register(project)
    for _ in range(2):  # a second bad save takes the first banner off before it puts its own on
        _update(project)
        shown = (project / "briefings" / "index.md").read_text("utf-8")
        assert shown.count(STAMP) == 1, shown[:200]
        assert shown.count(BANNER_CLASS) == 1 and "titel" in shown
        front, body = good.split("\n---\n", 1)
        assert shown.startswith(front + "\n---\n") and shown.endswith(body)
