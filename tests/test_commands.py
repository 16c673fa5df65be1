"""The command line in-process, without the site engine: check, triage, add, the usage boundary, the lock."""

from __future__ import annotations

import json
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
    assert "seeds/2025-11-28_wire.txt (2025-11-28)" in text and "-> army-cap: mention" in text
    assert "1 article to review, oldest waiting since 2025-11-28" in text
    assert main(["triage", "--format", "json"]) == 0
    (article,) = json.loads(capsys.readouterr().out)
    assert article["article"] == "2025-11-28_wire"
    assert {(r["point"], p["paragraph"]) for p in article["paragraphs"] for r in p["points"]} >= {
        ("army-cap", 1), ("donbas-territory", 2)}
    assert all(p["url"] == f"articles/2025-11-28_wire/#p{p['paragraph']}" for p in article["paragraphs"])


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
    assert "another build is running in p (lock .briefing.lock); waiting" in capsys.readouterr().err


def _hold(lock, order):
    with build_lock(lock, "p"):
        order.append("second in")


def test_module_entry_point_prints_help():
    proc = subprocess.run([sys.executable, "-m", "generator", "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "build" in proc.stdout and "triage" in proc.stdout


