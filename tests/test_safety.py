"""The build touches only what it made, never hangs on an input, and turns every system error into a message.

The file-system cases run as an unprivileged user (root ignores permissions): through
`setpriv` as nobody, on a project copied into a world-writable temporary folder.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

import pytest

from generator import engine, publish
from generator.project import Project
from generator.quotes import FORMAT_CHARS
from generator.site_config import load_site_config
from generator.writer import MANIFEST, STAMP, write_pages
from helpers import ROOT, copy_project, old_site_deleted, run_briefing, site_digest





def _marked_site(path: Path, label: str) -> Path:
    (path / "sub").mkdir(parents=True)
    (path / "index.html").write_text(label, "utf-8")
    (path / "sub" / "page.html").write_text(label, "utf-8")
    publish.mark_site(path)
    return path


def _no_traceback(result) -> None:
    assert "Traceback" not in result.text, result.text


# --- only what it made ------------------------------------------------------------------


def test_recover_keeps_copies_a_user_made_beside_the_site(tmp_path):
    site = _marked_site(tmp_path / "site", "current")
    for name in ("site.old-2025-11-27", "site.new-design"):
        shutil.copytree(site, tmp_path / name)  # cp -a site ...: it even carries the site marker
    leftover = publish.scratch_dir(site, "new")  # a scratch folder a killed build left
    publish.recover(site)
    assert not leftover.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "site.new-design", "site.old-2025-11-27"]


def test_recover_does_not_take_a_users_copy_for_the_site_when_site_is_missing(tmp_path):
    _marked_site(tmp_path / "site.old-2025-11-27", "mine")
    publish.recover(tmp_path / "site")
    assert not (tmp_path / "site").exists()
    assert (tmp_path / "site.old-2025-11-27" / "index.html").read_text("utf-8") == "mine"


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_published_site_has_the_modes_of_a_published_folder(tmp_path, monkeypatch, exchange):
    if not exchange:
        monkeypatch.setattr(publish, "_exchange", lambda a, b: False)
    old_mask = os.umask(0o022)
    try:
        site = tmp_path / "site"
        for _ in range(2):  # the first publish renames, the second swaps
            new = publish.scratch_dir(site, "new")
            (new / "index.html").write_text("x", "utf-8")
            publish.publish(new, site)
            assert stat.S_IMODE(site.stat().st_mode) == 0o755
            assert stat.S_IMODE((site / "index.html").stat().st_mode) == 0o644
            assert (site / publish.SITE_MARKER).is_file()
            assert sorted(p.name for p in site.iterdir()) == [publish.SITE_MARKER, "index.html"]
    finally:
        os.umask(old_mask)
    publish.forget_scratch(site)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_folder_with_an_index_html_is_no_built_site(run_main, tmp_path):
    root = copy_project(tmp_path / "project")
    (tmp_path / "w" / "photos").mkdir(parents=True)
    (tmp_path / "w" / "index.html").write_text("hi\n")
    (tmp_path / "w" / "photos" / "a.jpg").write_text("x\n")
    result = run_main(root, "build", "--site-dir", str(tmp_path / "w"))
    _no_traceback(result)
    assert result.code == 2
    assert f"{tmp_path / 'w'} is not empty and holds no .briefing-site marker" in result.err
    assert (tmp_path / "w" / "photos" / "a.jpg").read_text() == "x\n"


def test_a_site_built_before_markers_is_recognised_by_what_mkdocs_writes(tmp_path):
    project = Project.at(copy_project(tmp_path / "project"))
    for part in ("index.html", "sitemap.xml", "search/search_index.json"):
        (project.site / part).parent.mkdir(parents=True, exist_ok=True)
        (project.site / part).write_text("x")
    assert publish.site_dir_problem(project, load_site_config(project)) == ""
    (project.site / "sitemap.xml").unlink()
    assert "holds no .briefing-site marker" in publish.site_dir_problem(project, load_site_config(project))
    assert "--site-dir" not in publish.site_dir_problem(project, load_site_config(project))  # nobody gave the option


def test_a_lost_manifest_is_recovered_from_the_pages_stamps(tmp_path):
    pages = {"index.md": "---\ntitle: Home\n---\nhome\n", "points/x.md": "---\ntitle: X\n---\nx\n"}
    write_pages(tmp_path, pages)
    assert (tmp_path / "index.md").read_text("utf-8").startswith("---\n" + STAMP)
    (tmp_path / MANIFEST).unlink()
    (tmp_path / "about.md").write_text("---\ntitle: About\n---\nmine\n")
    changed = {"index.md": "---\ntitle: Home\n---\nnew home\n"}  # a changed page, a stale one, a hand-written one
    report = write_pages(tmp_path, changed)
    assert report.written == ("index.md",) and report.removed == ("points/x.md",)
    assert (tmp_path / "about.md").read_text() == "---\ntitle: About\n---\nmine\n"
    assert (tmp_path / MANIFEST).read_text() == "index.md\n"


def test_a_hand_written_page_without_the_stamp_is_still_refused(tmp_path):
    write_pages(tmp_path, {"index.md": "---\ntitle: Home\n---\nhome\n"})
    (tmp_path / MANIFEST).unlink()
    (tmp_path / "points.md").write_text("---\ntitle: Mine\n---\n")
    with pytest.raises(Exception, match="hand-written file stands where a generated page goes"):
        write_pages(tmp_path, {"index.md": "---\ntitle: Home\n---\nhome\n", "points.md": "---\ntitle: P\n---\n"})


@pytest.mark.parametrize("config,message", [
    ("", "mkdocs.yml:1:1: site config: file is empty"),
    ("- a\n- b\n", "mkdocs.yml:1:1: site config: is not a mapping of settings"),
    ("site_name: x\ndocs_dir: 5\n", "mkdocs.yml:2:11: site config: docs_dir must be the path of a folder"),
    ("site_name: x\ndocs_dir: [a]\n", "mkdocs.yml:2:11: site config: docs_dir must be the path of a folder"),
    ("site_name: x\ndocs_dir: seeds\n", "mkdocs.yml:2:11: site config: docs_dir 'seeds' overlaps the seeds folder"),
    ("site_name: x\ndocs_dir: seeds/x\n", "mkdocs.yml:2:11: site config: docs_dir 'seeds/x' overlaps the seeds folder"),
    ("site_name: x\ndocs_dir: .\n", "mkdocs.yml:2:11: site config: docs_dir '.' is the project folder"),
    ("site_name: x\ndocs_dir: ..\n", "mkdocs.yml:2:11: site config: docs_dir '..' lies outside the project"),
    ("site_name: x\ndocs_dir: README.md\n", "mkdocs.yml:2:11: site config: docs_dir 'README.md' is a file, not a folder"),
    ("site_name: x\ndocs_dir: .git\n", "mkdocs.yml:2:11: site config: docs_dir '.git' is a hidden folder (the site would "
                                       "publish what it holds; .git holds a checkout's credentials)"),
    ("site_name: x\ntheme:\n  name: material\n  custom_dir: ../x\n",
     "mkdocs.yml:4:15: site config: theme custom_dir '../x' lies outside the project"),
], ids=["empty", "list", "number", "list-value", "seeds", "inside-seeds", "root", "parent", "file", "hidden", "theme-outside"])
def test_docs_dir_is_checked_before_anything_is_written(run_main, tmp_path, config, message):
    root = copy_project(tmp_path / "project")
    (root / "README.md").write_text("readme\n")
    (root / "mkdocs.yml").write_text(config)
    before = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    result = run_main(root, "build")
    _no_traceback(result)
    assert result.code == 1 and message in result.err, result.text
    after = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.name != ".briefing.lock")
    assert after == before, "the build wrote files"


def test_mkdocs_yml_that_is_a_folder(run_main, tmp_path):
    root = copy_project(tmp_path / "project")
    (root / "mkdocs.yml").unlink()
    (root / "mkdocs.yml").mkdir()
    result = run_main(root, "build")
    _no_traceback(result)
    assert result.code == 1 and "mkdocs.yml:0:0: site config: is a folder, not a text file" in result.err
    assert "not found" not in result.err


def test_the_format_characters_are_exactly_unicode_category_cf():
    everything = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    found = {m.group() for m in FORMAT_CHARS.finditer(everything)}
    assert found == {c for c in everything if unicodedata.category(c) == "Cf"}


# --- regular files only -----------------------------------------------------------------


FIFO_PROBLEM = "seeds/pipe.txt:1:1: article: is a named pipe (FIFO), not an article file"


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_fifo_in_the_seeds_is_reported_not_opened(tmp_path, command):
    root = copy_project(tmp_path / "project")
    os.mkfifo(root / "seeds" / "pipe.txt")
    result = run_briefing(command, cwd=root, timeout=60)
    _no_traceback(result)
    assert result.code == 1
    assert FIFO_PROBLEM in result.err


@pytest.mark.slow
def test_a_fifo_in_the_seeds_does_not_hang_the_preview(tmp_path):
    """The preview reports the FIFO (without opening it) and keeps running, as for any bad input."""
    root = copy_project(tmp_path / "project")
    os.mkfifo(root / "seeds" / "pipe.txt")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--port", str(_free_port())], cwd=root, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        lines: list[str] = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any(FIFO_PROBLEM in line for line in lines):
            line = proc.stderr.readline()
            if not line and proc.poll() is not None:
                break
            lines.append(line)
        assert any(FIFO_PROBLEM in line for line in lines), "".join(lines)
        assert proc.poll() is None, "the preview stopped: " + "".join(lines)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    assert "Traceback" not in "".join(lines) + err


def test_other_non_regular_seeds_are_reported(run_main, tmp_path):
    root = copy_project(tmp_path / "project")
    outside = tmp_path / "secret.txt"
    outside.write_text(" date 2025-11-26 secret\n")
    (root / "seeds" / "link.txt").symlink_to(outside)
    (root / "seeds" / "dangling.txt").symlink_to(tmp_path / "nowhere")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(root / "seeds" / "sock.txt"))
        result = run_main(root, "check")
    _no_traceback(result)
    assert result.code == 1
    assert "seeds/link.txt:1:1: article: is a link to a file outside the project" in result.err
    assert "seeds/dangling.txt:1:1: article: is a link that leads nowhere" in result.err
    assert "seeds/sock.txt:1:1: article: is a socket" in result.err


def test_a_fifo_as_the_register_or_site_config_is_not_opened(tmp_path):
    root = copy_project(tmp_path / "project")
    (root / "briefings" / "register.yml").unlink()
    os.mkfifo(root / "briefings" / "register.yml")
    result = run_briefing("check", cwd=root, timeout=60)
    assert result.code == 1 and "briefings/register.yml:0:0: register: is a named pipe (FIFO)" in result.err
    (root / "mkdocs.yml").unlink()
    os.mkfifo(root / "mkdocs.yml")
    result = run_briefing("build", cwd=root, timeout=60)
    _no_traceback(result)
    assert result.code == 1 and "mkdocs.yml:0:0: site config: is a named pipe (FIFO)" in result.err


def test_a_fifo_in_the_docs_folder_stops_the_build_before_the_engine(tmp_path):
    root = copy_project(tmp_path / "project")
    os.mkfifo(root / "briefings" / "notes.md")
    os.mkfifo(root / "briefings" / "index.md")  # where a generated page goes, and no manifest yet
    result = run_briefing("build", cwd=root, timeout=60)
    _no_traceback(result)
    assert result.code == 1, result.text
    assert "briefings/notes.md:1:1: docs folder: is a named pipe (FIFO), which the site engine cannot read" in result.err
    assert not (root / "site").exists()


# --- messages that point the right way --------------------------------------------------


def test_a_folder_given_as_the_register_is_not_said_to_be_missing(run_main, tmp_path):
    root = copy_project(tmp_path / "project")
    result = run_main(root, "check", "--register", "briefings")
    _no_traceback(result)
    assert result.code == 1 and "briefings:0:0: register: is a folder, not a text file" in result.err
    assert "not found" not in result.err


def test_a_file_given_as_the_seeds_folder_is_not_said_to_be_missing(run_main, tmp_path):
    root = copy_project(tmp_path / "project")
    result = run_main(root, "check", "--seeds", "mkdocs.yml")
    assert result.code == 1 and "mkdocs.yml:0:0: seeds: is a file, not a folder" in result.err
    assert "not found" not in result.err


@pytest.mark.parametrize("encoding,name", [("utf-16", "UTF-16LE"), ("utf-16-be", "UTF-16BE"), ("utf-32", "UTF-32LE")])
def test_utf16_and_utf32_files_are_named_with_an_iconv_hint(run_main, tmp_path, encoding, name):
    root = copy_project(tmp_path / "project")
    register = root / "briefings" / "register.yml"
    register.write_bytes(register.read_text("utf-8").encode(encoding))
    result = run_main(root, "check")
    assert result.code == 1
    assert f"register: the file is encoded as {name}, not UTF-8 (convert it, e.g. iconv -f {name} -t UTF-8" in result.err


def test_a_file_name_with_a_newline_stays_on_one_line(run_main, tmp_path):
    root = copy_project(tmp_path / "project")
    (root / "seeds" / "bad\nname.txt").write_text(" date 2025-13-45 text\n")
    result = run_main(root, "check")
    _no_traceback(result)
    assert result.code == 1
    line = next(l for l in result.err.splitlines() if "bad" in l)
    assert line.startswith("seeds/bad\\nname.txt:1:")


def test_site_dir_below_a_file(run_main, tmp_path):
    root = copy_project(tmp_path / "project")
    (root / "README.md").write_text("readme\n")
    result = run_main(root, "build", "--site-dir", "README.md/x")
    _no_traceback(result)
    assert result.code == 2
    assert "--site-dir README.md/x cannot be made: README.md is a file, not a folder" in result.err


# --- serve: the address is checked before anything is built ---------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("args,code,message", [
    (["--port", "70000"], 2, "port 70000 is not a port number (1 to 65535)"),
    (["--port", "0"], 2, "port 0 is not a port number"),
    (["--host", "192.0.2.1"], 2, "address '192.0.2.1' is not one of this machine's"),
    (["--host", "no-such-host.invalid"], 2, "address 'no-such-host.invalid' is not known"),
])
def test_serve_refuses_an_address_it_cannot_listen_on(run_main, tmp_path, args, code, message):
    root = copy_project(tmp_path / "project")
    result = run_main(root, "serve", *args)
    _no_traceback(result)
    assert result.code == code and message in result.err, result.text
    assert not (root / "briefings" / MANIFEST).exists(), "pages were generated"


def test_serve_on_a_busy_port_says_so(run_main, tmp_path):
    root = copy_project(tmp_path / "project")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_main(root, "serve", "--port", str(port))
    _no_traceback(result)
    assert result.code == 1
    assert f"127.0.0.1:{port}: port {port} is already in use (another program uses this port" in result.err


# --- Ctrl-C ---------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.3, 0.6, 1.0, 2.0])
def test_ctrl_c_in_the_first_moments_of_a_build_exits_130_and_leaves_nothing(tmp_path, delay):
    """Delays from the moment the interpreter is started: the interpreter's own start-up
    (before any of the tool's code runs) is the one window where Python's default applies."""
    root = copy_project(tmp_path / "project")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "generator", "build"], cwd=root, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert "Traceback" not in err, err
    assert proc.returncode in (0, 130), (proc.returncode, err)  # 0: it finished before the signal came
    if proc.returncode == 130:
        assert len(err.strip().splitlines()) <= 1, err
    old_site_deleted(root)
    assert not [p.name for p in root.iterdir() if p.name.startswith("site.")], "scratch folders left behind"


def _sigint_disposition(pid: int) -> str:
    """How the process takes SIGINT now, read from /proc: caught, ignored or the system's default."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    bit = 1 << (signal.SIGINT - 1)
    return "caught" if int(fields["SigCgt"], 16) & bit else "ignored" if int(fields["SigIgn"], 16) & bit else "default"


def test_ctrl_c_once_the_command_has_finished_keeps_its_status(tmp_path):
    """The interpreter's shutdown, after the command's last line: a Ctrl-C there neither kills
    the process (status -2) nor changes the status the command ended with."""
    root = copy_project(tmp_path / "project")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "generator", "check"], cwd=root, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen = []
    try:
        while proc.poll() is None:
            state = _sigint_disposition(proc.pid)
            if seen and seen[-1] == "caught" and state != "caught":  # the command has returned
                proc.send_signal(signal.SIGINT)
                break
            if not seen or seen[-1] != state:
                seen.append(state)
            time.sleep(0.0005)
    except (FileNotFoundError, ProcessLookupError):  # it ended between two looks
        pass
    out, err = proc.communicate(timeout=60)
    assert "caught" in seen, seen  # the command ran with its own handler
    assert proc.returncode == 0, (proc.returncode, err)
    assert "Traceback" not in err, err


# --- as an unprivileged user ---------------------------------------------------------------


def _setpriv() -> list[str] | None:
    if os.geteuid() != 0:
        return []  # already unprivileged: permissions apply as they are
    tool = shutil.which("setpriv")
    if tool is None:
        return None
    probe = subprocess.run([tool, "--reuid=nobody", "--regid=nogroup", "--clear-groups", sys.executable, "-c", "0"],
                           capture_output=True)
    return [tool, "--reuid=nobody", "--regid=nogroup", "--clear-groups"] if probe.returncode == 0 else None


AS_USER = _setpriv()


def _unprivileged_project() -> Path:
    """A project owned by nobody in a world-writable folder, with a site the tool built (marked)."""
    base = Path(tempfile.mkdtemp(prefix="briefing-safety-", dir="/tmp"))
    base.chmod(0o777)
    root = copy_project(base / "project")
    _marked_site(root / "site", "published")
    if os.geteuid() == 0:
        for path in [base, *base.rglob("*")]:
            os.chown(path, 65534, 65534, follow_symlinks=False)
    return root


def _break_site(root: Path) -> str:
    for folder in [root / "site", *(root / "site").rglob("*")]:
        if folder.is_dir():
            folder.chmod(0o555)
    return "site:0:0: file system: the build could not replace the site: this folder is read-only"


def _break_config(root: Path) -> str:
    (root / "mkdocs.yml").chmod(0)
    return "mkdocs.yml:0:0: site config: cannot be read: Permission denied"


def _break_seeds(root: Path) -> str:
    (root / "seeds").chmod(0)
    return "seeds:0:0: file system: Permission denied (check the permissions"


def _break_project(root: Path) -> str:
    root.chmod(0o555)
    return f"{root}/:0:0: file system: Permission denied: nothing can be made in this folder"  # not the lock's name


def _break_docs(root: Path) -> str:
    (root / "briefings").chmod(0o555)
    return "briefings/"


BREAKS = {"read-only-site": _break_site, "unreadable-config": _break_config, "unreadable-seeds": _break_seeds,
          "read-only-project": _break_project, "read-only-docs": _break_docs}


@pytest.mark.skipif(AS_USER is None, reason="needs a non-root user: running as root and setpriv cannot switch to nobody")
@pytest.mark.parametrize("name", sorted(BREAKS))
def test_file_system_errors_as_an_unprivileged_user(name):
    root = _unprivileged_project()
    try:
        message = BREAKS[name](root)
        before = site_digest(root / "site")
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1", "HOME": str(root.parent)}
        proc = subprocess.run([*AS_USER, sys.executable, "-m", "generator", "build"], cwd=root, env=env,
                              capture_output=True, text=True, timeout=120)
        assert "Traceback" not in proc.stderr, proc.stderr
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert message in proc.stderr, proc.stderr
        lines = [l for l in proc.stderr.splitlines() if l.strip()]
        assert all(":0:0: " in l or ":1:1: " in l or "problem" in l for l in lines), proc.stderr
        assert site_digest(root / "site") == before
        old_site_deleted(root)
        assert not [p for p in root.iterdir() if p.name.startswith("site.")], "scratch folders left behind"
    finally:
        for path in [root, *root.rglob("*")]:
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o755)
        shutil.rmtree(root.parent)


@pytest.mark.slow
def test_the_engine_is_stopped_after_its_timeout(tmp_path, monkeypatch):
    root = copy_project(tmp_path / "project")
    monkeypatch.setitem(engine.ENGINE_TIMEOUT_SECONDS, "mkdocs", 0.2)
    started = time.monotonic()
    result = engine.build_site("mkdocs", root, root / "mkdocs.yml", tmp_path / "out")
    assert not result.ok and result.output == "MkDocs did not finish within 0.2 seconds and was stopped"
    assert time.monotonic() - started < 10


# --- real builds ----------------------------------------------------------------------------


@pytest.mark.slow
def test_real_build_keeps_user_copies_and_publishes_readable_site(built_project, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(built_project, root, symlinks=True)
    for name in ("site.old-2025-11-27", "site.new-design"):
        shutil.copytree(root / "site", root / name)
    mine = site_digest(root / "site.old-2025-11-27")
    (root / "briefings" / MANIFEST).unlink()  # the manifest lost: the next build recovers
    result = run_briefing("build", cwd=root)
    assert result.code == 0, result.text
    assert "hand-written" not in result.text
    assert site_digest(root / "site.old-2025-11-27") == mine
    assert (root / "site.new-design" / "index.html").is_file()
    assert (root / "briefings" / MANIFEST).is_file()
    assert stat.S_IMODE((root / "site").stat().st_mode) == 0o777 & ~_umask()
    assert (root / "site" / publish.SITE_MARKER).is_file()


@pytest.mark.slow
def test_a_seed_file_name_near_the_limit_builds(project):
    name = "2025-11-26_" + "a" * 240 + ".txt"  # 255 bytes: the longest name most file systems allow
    shutil.copy(project / "seeds" / "000_1be865c73713f27a.txt", project / "seeds" / name)
    result = run_briefing("build", cwd=project)
    _no_traceback(result)
    assert result.code == 0, result.text


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
