"""mkdocs.yml is read once per run: the build loads a SiteConfig at its start and hands it down."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from generator import pipeline
from generator.commands import main
from generator.engine import EngineResult
from generator.search_index import IndexResult

_recording: list[str] | None = None  # the files opened while a test records, else None
_hooked = False


def _audit(event: str, args: tuple) -> None:
    if event == "open" and _recording is not None and args and isinstance(args[0], (str, bytes, os.PathLike)):
        _recording.append(os.path.abspath(os.fsdecode(args[0])))


@pytest.fixture
def opened():
    """The paths this process opens (builtin open and os.open alike) until the test ends.

    An audit hook stays for the life of the process, so it is added once and records only
    while a test asks; the engine runs in a subprocess of its own, whose opens do not count.
    """
    global _recording, _hooked
    if not _hooked:
        sys.addaudithook(_audit)
        _hooked = True
    _recording = []
    try:
        yield _recording
    finally:
        _recording = None


def _build(root: Path, monkeypatch, capsys, *args: str) -> int:
    monkeypatch.chdir(root)
    code = main(["build", *args])
    assert code == 0, capsys.readouterr()
    return code


def test_a_build_opens_mkdocs_yml_once(project: Path, monkeypatch, capsys, opened):
    monkeypatch.setattr(pipeline, "build_site", lambda *args: EngineResult(True, ""))  # the engine's own read is its business
    monkeypatch.setattr(pipeline, "index_site", lambda *args, **kwargs: IndexResult(True, ""))  # nothing built to index
    _build(project, monkeypatch, capsys)
    assert opened.count(str(project / "mkdocs.yml")) == 1, [p for p in opened if p.endswith("mkdocs.yml")]


def test_a_build_with_an_address_opens_mkdocs_yml_once(project: Path, monkeypatch, capsys, opened):
    monkeypatch.setattr(pipeline, "build_site", lambda *args: EngineResult(True, ""))
    monkeypatch.setattr(pipeline, "index_site", lambda *args, **kwargs: IndexResult(True, ""))
    monkeypatch.setenv("SITE_URL", "https://example.org/briefing/")
    _build(project, monkeypatch, capsys, "--site-dir", "out")
    assert opened.count(str(project / "mkdocs.yml")) == 1


@pytest.mark.slow
def test_a_real_build_opens_mkdocs_yml_once_in_the_generator(project: Path, monkeypatch, capsys, opened):
    _build(project, monkeypatch, capsys)
    assert opened.count(str(project / "mkdocs.yml")) == 1
    assert (project / "site" / "index.html").is_file()
