"""`briefing serve --desk`: the desk previewed on 127.0.0.1 by the route of `build --desk`, following
register edits, surviving a bad save, and leaving nothing behind in the project when stopped."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest

from helpers import ROOT
from test_desk import TWO_POINTS
from test_serve import _Output, _free_port, _get, _stop, _wait_for

pytestmark = pytest.mark.slow  # MkDocs serving for real

REVIEW = "review/2025-11-28_wire/"


def _serve_desk(project: Path) -> tuple[subprocess.Popen, _Output, int]:
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--desk", "--port", str(port)], cwd=project,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return proc, _Output(proc), port


def _briefing(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=project, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)


def _commands(page: str) -> list[str]:
    return [pre.text_content() for pre in lxml.html.fromstring(page).find_class("bf-command")]


def test_serve_desk_previews_the_desk_and_follows_the_register(project):
    (project / "seeds" / "2025-11-28_wire.txt").write_text(TWO_POINTS, "utf-8")
    proc, output, port = _serve_desk(project)
    base = f"http://127.0.0.1:{port}/"
    try:
        assert _wait_for(lambda: "1 article to review, oldest waiting since 2025-11-28" in _get(base)), output.text
        home = lxml.html.fromstring(_get(base))
        assert "editors' desk" in home.findtext(".//title").lower() and REVIEW in [a.get("href") for a in home.iter("a")]
        dismiss = next(c for c in _commands(_get(base + REVIEW)) if c.startswith("briefing dismiss army-cap"))
        done = _briefing(project, *shlex.split(dismiss)[1:])  # the line as printed, as a shell reads it
        assert done.returncode == 0, done.stderr
        assert _wait_for(lambda: not any(c.startswith("briefing dismiss army-cap") for c in _commands(_get(base + REVIEW))),
                         timeout=10), "the dismissal did not reach the desk"

        register = project / "briefings" / "register.yml"
        good = register.read_text("utf-8")
        register.write_text(good.replace("title: Ukraine peace plan", "titel: Ukraine peace plan", 1), "utf-8")
        assert _wait_for(lambda: "briefing-problems" in _get(base + REVIEW), timeout=10), "no banner for a bad save"
        assert "titel" in lxml.html.fromstring(_get(base)).find_class("briefing-problems")[0].text_content()
        register.write_text(good, "utf-8")
        assert _wait_for(lambda: "briefing-problems" not in _get(base), timeout=10), "no recovery after the fix"
        assert proc.poll() is None
    finally:
        _stop(proc)
    assert proc.returncode is not None
    docs = re.search(r"Watching paths for changes: '([^']+)'", output.text)
    assert docs and not Path(docs.group(1)).exists(), output.text  # the desk's temporary docs folder is gone
    assert not list(project.glob(".briefing-desk-*.yml")), "the desk's config was left in the project"
    assert not (project / "briefings" / "review").exists() and not (project / "briefings" / "index.md").exists()
