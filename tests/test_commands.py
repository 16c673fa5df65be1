"""The command line in-process, without the site engine: check, triage, add, the usage boundary, the lock."""

from __future__ import annotations

import fcntl
import json
import os
import select
import subprocess
import sys
import threading
import time

import pytest

from generator.commands import main
from generator.lock import build_lock
from generator.pipeline import check, generate
from generator.project import Project
from generator.site_config import load_site_config
from generator.seeds import read_articles
from generator.writer import MANIFEST
from helpers import ROOT, SEED

NEW_ARTICLE = (" date 2025-11-28 Negotiators discussed a cap on the size of the army, at 800,000 troops.\n\n"
               "Kyiv still refuses to cede territory in Donbas.\n")


@pytest.fixture
def here(project, monkeypatch):
    """Run commands from the project folder, as an editor would."""
    monkeypatch.chdir(project)
    return project


def test_check_reports_counts(here, capsys):
    assert main(["check"]) == 0
    assert capsys.readouterr().out.startswith("ok: 4 points, 1 articles, 6 verified quotes, 0 mentions to review")


def test_check_lists_every_problem_and_exits_1(here, capsys):
    register = here / "briefings" / "register.yml"
    register.write_text(register.read_text("utf-8").replace("status: narrowing", "status: narowing", 1), "utf-8")
    (here / "seeds" / "bad.txt").write_text("no date line\n", "utf-8")
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert "seeds/bad.txt:1:1: article: the first line must start with 'date YYYY-MM-DD'" in err
    assert "briefings/register.yml:" in err and "unknown status 'narowing' (did you mean 'narrowing'?" in err
    assert err.rstrip().endswith("2 problems found; fix them before building.")


def test_usage_errors_exit_2_and_touch_nothing(here, capsys):
    (here / "elsewhere").mkdir()
    (here / "elsewhere" / "photo.jpg").write_text("x")
    assert main(["build", "--site-dir", "elsewhere"]) == 2
    assert "is not empty and holds no .briefing-site marker" in capsys.readouterr().err
    assert main(["build", "--site-dir", "seeds"]) == 2
    assert (here / "elsewhere" / "photo.jpg").exists() and not (here / "briefings" / "index.md").exists()
    with pytest.raises(SystemExit) as usage:
        main(["frobnicate"])
    assert usage.value.code == 2


def test_triage_lists_a_new_mention_as_text_and_json(here, capsys):
    (here / "seeds" / "2025-11-28_wire.txt").write_text(NEW_ARTICLE, "utf-8")
    assert main(["triage"]) == 0
    text = capsys.readouterr().out
    assert "seeds/2025-11-28_wire.txt ¶1 -> army-cap" in text and "to review." in text
    assert main(["triage", "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert {(r["point"], r["paragraph"]) for r in records} >= {("army-cap", 1), ("donbas-territory", 2)}
    assert all(r["url"] == f"articles/2025-11-28_wire/#p{r['paragraph']}" for r in records)


def test_add_copies_a_new_article_and_names_the_points_it_touches(here, tmp_path, capsys):
    new = tmp_path / "2025-11-28_wire.txt"
    new.write_text(NEW_ARTICLE, "utf-8")
    assert main(["add", str(new)]) == 0
    out = capsys.readouterr().out
    assert "touches army-cap: ¶1" in out and "touches donbas-territory: ¶2" in out
    assert (here / "seeds" / new.name).read_bytes() == new.read_bytes()
    assert main(["add", str(new)]) == 1  # never overwrites
    assert "already exists" in capsys.readouterr().err


def test_generate_writes_pages_and_their_manifest(here):
    project = Project.at(here)
    report = generate(project, check(project), load_site_config(project).docs_dir)
    assert "index.md" in report.written and f"articles/{SEED}.md" in report.written
    manifest = (here / "briefings" / MANIFEST).read_text("utf-8").split()
    assert sorted(manifest) == sorted(report.written)
    assert generate(project, check(project), load_site_config(project).docs_dir).written == ()


def test_seeds_folder_skips_hidden_files_and_reports_other_formats(here):
    (here / "seeds" / ".draft.txt").write_text("not read")
    (here / "seeds" / "notes.docx").write_bytes(b"PK")
    articles, problems = read_articles(Project.at(here))
    assert [a.id for a in articles] == [SEED]
    assert [str(p) for p in problems] == [
        "seeds/notes.docx:1:1: article: no reader for '.docx' files (articles are .md or .txt files; move other files out of the seeds folder)"]


def test_site_config_problems_are_located(here, capsys):
    (here / "mkdocs.yml").write_text("site_name: [unclosed\n", "utf-8")
    assert main(["check"]) == 0  # check does not need the site config
    assert main(["build"]) == 1
    assert "mkdocs.yml:2:1: site config: cannot be parsed" in capsys.readouterr().err


def test_build_lock_makes_the_second_holder_wait(tmp_path, capsys):
    lock = tmp_path / ".briefing.lock"
    order: list[str] = []
    with build_lock(lock, "p"):
        worker = threading.Thread(target=lambda: _hold(lock, order))
        worker.start()
        time.sleep(0.2)
        order.append("first done")
    worker.join(5)
    assert order == ["first done", "second in"]
    assert "waiting for another build of p to finish (lock .briefing.lock)" in capsys.readouterr().err


def _hold(lock, order):
    with build_lock(lock, "p"):
        order.append("second in")


def test_module_entry_point_prints_help():
    proc = subprocess.run([sys.executable, "-m", "generator", "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "build" in proc.stdout and "triage" in proc.stdout


def test_an_edit_waiting_on_the_lock_says_what_waits_for_what(tmp_path, capsys):
    lock = tmp_path / ".briefing.lock"
    with build_lock(lock, "p"):
        worker = threading.Thread(target=_edit_under_the_lock, args=(lock,))
        worker.start()
        time.sleep(0.2)
    worker.join(5)
    assert "the edit waits for the build of p to finish (lock .briefing.lock)" in capsys.readouterr().err


def _edit_under_the_lock(lock):
    with build_lock(lock, "p", waiter="edit"):
        pass


@pytest.mark.xfail(strict=True, reason="generator/commands/edit.py is to call build_lock(..., waiter='edit')")
def test_the_edit_command_says_it_waits_for_the_build(project):
    with open(project / ".briefing.lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        proc = subprocess.Popen([sys.executable, "-m", "generator", "dismiss", "army-cap", SEED, "--reason", "x"],
                                cwd=project, env={**os.environ, "PYTHONPATH": str(ROOT)}, stderr=subprocess.PIPE, text=True)
        ready, _, _ = select.select([proc.stderr], [], [], 60)
        line = proc.stderr.readline() if ready else ""
        fcntl.flock(held, fcntl.LOCK_UN)
    proc.communicate(timeout=60)
    assert line.startswith(f"the edit waits for the build of {project} to finish"), line
