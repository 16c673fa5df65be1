"""The command line in-process, without the site engine: check, triage, add, the usage boundary, the lock."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import select
import subprocess
import sys
import threading
import time

import pytest

from generator import commands
from generator.commands import main
from generator.commands.output import os_error_problem
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
    assert main(["frobnicate"]) == 2
    assert "briefing: error: argument COMMAND: invalid choice: 'frobnicate'" in capsys.readouterr().err


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


def test_site_config_problems_are_located_by_check_and_build_alike(here, capsys):
    (here / "mkdocs.yml").write_text("site_name: [unclosed\n", "utf-8")
    (here / "seeds" / "bad.txt").write_text("no date line\n", "utf-8")
    assert main(["check"]) == 1  # build refuses it: so does check, with every other problem
    err = capsys.readouterr().err
    assert "mkdocs.yml:2:1: site config: cannot be parsed" in err and "seeds/bad.txt:1:1: article:" in err
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


# --- tools that compose -------------------------------------------------------------------


def _with_closed_output(*args: str, cwd, stderr_too: bool = False) -> tuple[int, str]:
    """Run briefing with its output read by nobody: the pipe's reading end is closed before the first write."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "generator", *args], cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT if stderr_too else subprocess.PIPE)
    proc.stdout.close()  # `| head -0`: whatever is written next finds no reader
    err = proc.stderr.read().decode() if proc.stderr else ""
    return proc.wait(timeout=120), err


def test_output_read_by_nobody_ends_quietly_with_the_commands_own_status(project):
    (project / "seeds" / "2025-11-28_wire.txt").write_text(NEW_ARTICLE * 40, "utf-8")  # a queue longer than a pipe's buffer
    assert _with_closed_output("triage", cwd=project) == (0, "")
    assert _with_closed_output("triage", "--format", "json", cwd=project) == (0, "")
    assert _with_closed_output("schema", cwd=project) == (0, "")
    (project / "seeds" / "bad.txt").write_text("no date line\n", "utf-8")
    assert _with_closed_output("check", cwd=project, stderr_too=True) == (1, "")  # problems found: still 1


def _briefing(*args: str, cwd, **streams) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          text=True, timeout=120, **streams)


def test_no_output_stream_at_all_is_no_error(project):
    proc = _briefing("check", cwd=project, stderr=subprocess.PIPE, preexec_fn=lambda: os.close(1))  # `check >&-`
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_output_that_cannot_be_written_is_an_error_that_says_so(project):
    for fmt in ("text", "json"):
        with open("/dev/full", "w") as full:  # `check > file` on a full disk
            proc = _briefing("check", "--format", fmt, cwd=project, stdout=full, stderr=subprocess.PIPE)
        assert proc.returncode == 1, proc.stderr
        assert proc.stderr.splitlines()[-1] == ("briefing: error: the output could not be written: No space left on "
                                                "device (the disk is full; free some space on it)"), proc.stderr
        assert ":0:0:" not in proc.stderr and "Traceback" not in proc.stderr


def test_a_problem_quoting_a_line_break_stays_one_line(here, capsys):
    register = here / "briefings" / "register.yml"
    register.write_text(register.read_text("utf-8").replace("status: narrowing", 'status: "narr\\nowing\\u2028x"', 1), "utf-8")
    assert main(["check"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2 and "unknown status 'narr\\nowing\\u2028x'" in lines[0], lines
    assert lines[1] == "1 problem found; fix them before building."


def test_check_json_carries_a_refused_command_line_on_stdout(here, capsys):
    assert main(["check", "--format", "json", "--no-such-option"]) == 2
    out, err = capsys.readouterr()
    [record] = json.loads(out)
    assert record["where"] == "command line" and "unrecognized arguments: --no-such-option" in record["message"]
    assert record["severity"] == "error" and err == ""
    assert main(["check", "--format=github", "--seeds"]) == 2
    out, err = capsys.readouterr()
    assert out.startswith("::error title=command line::") and "expected one argument" in out and err == ""
    assert main(["check", "--no-such-option"]) == 2  # as text: argparse's usage line and message, on stderr
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("usage: briefing") and "briefing: error: unrecognized arguments" in err
    assert main(["check", "--format", "json", "--seeds"]) == 2  # a subcommand's own parser refuses this one
    assert json.loads(capsys.readouterr().out)[0]["message"] == "argument --seeds: expected one argument"


def test_check_json_carries_a_system_error_on_stdout(here, capsys, monkeypatch):
    def unreadable(project):
        raise PermissionError(errno.EACCES, "Permission denied", str(here / "seeds"))
    monkeypatch.setattr(commands, "check_project", unreadable)
    assert main(["check", "--format", "json"]) == 1
    out, err = capsys.readouterr()
    assert json.loads(out) == [{"path": "seeds", "line": 0, "column": 0, "where": "file system", "message": "Permission denied",
                                "hint": "check the permissions of this file or folder, and which user runs the build",
                                "severity": "error"}]
    assert err == ""
    assert main(["check"]) == 1
    assert capsys.readouterr().err.startswith("seeds:0:0: file system: Permission denied (check the permissions")


def test_check_warns_about_the_same_article_under_a_second_name(here, capsys):
    (here / "seeds" / "2025-11-26_copy.txt").write_bytes((here / "seeds" / f"{SEED}.txt").read_bytes())
    assert main(["check"]) == 0
    err = capsys.readouterr().err
    assert (f"seeds/2025-11-26_copy.txt:1:1: warning: article '2025-11-26_copy' has the same text as seeds/{SEED}.txt "
            "(remove one of the two files") in err


# --- messages that name the user's file and place -----------------------------------------


def test_add_of_a_folder_says_it_is_a_folder(here, tmp_path, capsys):
    (tmp_path / "downloads").mkdir()
    os.mkfifo(tmp_path / "pipe.txt")
    assert main(["add", str(tmp_path / "downloads"), str(tmp_path / "pipe.txt"), str(tmp_path / "missing.txt")]) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path}/downloads:1:1: article: is a folder, not an article file (give the article files in it, e.g. " \
           f"briefing add {tmp_path}/downloads/*.txt)" in err
    assert f"{tmp_path}/pipe.txt:1:1: article: is a named pipe (FIFO), not an article file" in err
    assert f"{tmp_path}/missing.txt:0:0: article: file not found" in err
    assert sorted(p.name for p in (here / "seeds").iterdir()) == [f"{SEED}.txt"]


def _os_error(code: int, *names: str) -> OSError:
    """The error as the system gives it: no file, one (open, mkdir), or two (rename, link: from, to)."""
    if len(names) == 2:
        return OSError(code, os.strerror(code), names[0], None, names[1])  # the fourth is Windows' error code
    return OSError(code, os.strerror(code), *names)


def test_a_temporary_file_is_never_named_the_folder_is(here):
    project = Project.at(here)
    (here / "briefings" / "points").mkdir()
    problem = os_error_problem(_os_error(errno.EROFS, str(here / "briefings" / "points" / ".tmp-k2j4x9aa")), project)
    assert str(problem) == ("briefings/points/:0:0: file system: Read-only file system: nothing can be made in this folder "
                            "(the file system is read-only; build in a writable folder)")
    replaced = _os_error(errno.EACCES, str(here / "briefings" / ".tmp-x"), str(here / "briefings" / "index.md"))
    assert str(os_error_problem(replaced, project)).startswith(
        "briefings/:0:0: file system: Permission denied: nothing can be made in this folder (check this folder's permissions")
    made = os_error_problem(_os_error(errno.EACCES, str(here / "briefings" / "api" / "briefing.json")), project)
    assert made.path == "briefings/"  # a folder the build makes: the one above it, which exists


def test_a_full_disk_names_the_folder_being_written_never_dot(here):
    project = Project.at(here)
    page = here / "briefings" / "index.md"
    page.write_text("x", "utf-8")
    assert os_error_problem(_os_error(errno.ENOSPC, str(page)), project).path == "briefings/"
    assert os_error_problem(_os_error(errno.ENOSPC, str(here / "seeds" / ".a.txt.adding")), project).path == "seeds/"
    nameless = os_error_problem(_os_error(errno.ENOSPC), project)  # a write to an open file names nothing
    assert str(nameless) == f"{here}/:0:0: file system: No space left on device (the disk is full; free some space on it)"
    assert os_error_problem(OSError(errno.EBADF, "Bad file descriptor", 3), project).path == f"{here}/"  # nor does a number
    too_long = here / "briefings" / f"{'a' * 300}.md"
    assert os_error_problem(_os_error(errno.ENAMETOOLONG, str(here / "x.tmp"), str(too_long)), project).path == \
        f"briefings/{'a' * 300}.md"  # the name is what to fix


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


def test_an_edit_leaves_a_write_protected_register_alone(here, capsys):
    register = here / "briefings" / "register.yml"
    before = register.read_bytes()
    register.chmod(0o444)
    assert main(["dismiss", "army-cap", SEED, "--reason", "Not about the army."]) == 1
    assert register.read_bytes() == before and (register.stat().st_mode & 0o777) == 0o444
    assert "briefings/register.yml:1:1: register: is write-protected" in capsys.readouterr().err
