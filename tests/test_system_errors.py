"""The system's errors name the folder the user knows: a read-only or full folder, never a temporary
file the tool was making in it, never `.:0:0`.

Real file systems: a read-only folder as an unprivileged user (setpriv, as tests/test_safety.py
does), a read-only mount and a full disk (a small tmpfs). Each runs only where the machine
allows it (root for the mounts) and is skipped elsewhere.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Iterator

import pytest

from helpers import ROOT, copy_project, run_briefing

SYSTEM_LINE = re.compile(r"^(?P<path>[^\n]+?):0:0: file system: (?P<what>[^\n]+)$", re.M)


def _can_mount() -> bool:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    probe = Path(tempfile.mkdtemp(prefix="briefing-mount-probe-"))
    try:
        if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)], capture_output=True).returncode:
            return False
        subprocess.run(["umount", str(probe)], check=True)
        return True
    finally:
        probe.rmdir()


def _setpriv() -> list[str] | None:
    if os.geteuid() != 0:
        return []
    tool = shutil.which("setpriv")
    if tool is None:
        return None
    command = [tool, "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
    return command if subprocess.run([*command, sys.executable, "-c", "0"], capture_output=True).returncode == 0 else None


CAN_MOUNT = _can_mount()
AS_USER = _setpriv()
needs_mount = pytest.mark.skipif(not CAN_MOUNT, reason="mounting a tmpfs needs root")


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    """An empty 1 MiB file system of its own (tmpfs), unmounted afterwards."""
    mount = tmp_path / "disk"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=True)


def _fill(folder: Path, leave: int) -> None:
    """Fill the file system of folder until about `leave` bytes are free."""
    free = shutil.disk_usage(folder).free
    (folder / "filler").write_bytes(b"\0" * max(free - leave, 0))


def _system_lines(text: str) -> list[re.Match[str]]:
    lines = list(SYSTEM_LINE.finditer(text))
    assert lines, text
    return lines


def _assert_names_a_folder(text: str, folder: str) -> None:
    [line] = _system_lines(text)
    assert line["path"] == folder, text
    assert ".tmp-" not in text and ".adding" not in text and not text.startswith(".:0:0"), text


@needs_mount
def test_a_full_disk_in_add_names_the_seeds_folder(disk: Path, tmp_path: Path):
    root = copy_project(disk / "project")
    article = tmp_path / "2025-11-28_long.txt"
    article.write_text(" date 2025-11-28 " + "Kyiv asks for amendments to the army cap. " * 4000 + "\n", "utf-8")
    _fill(disk, leave=16 * 1024)
    result = run_briefing("add", str(article), cwd=root)
    assert result.code == 1, result.text
    _assert_names_a_folder(result.err, "seeds/")
    assert "No space left on device" in result.err and "Traceback" not in result.text
    assert sorted(p.name for p in (root / "seeds").iterdir()) == ["000_1be865c73713f27a.txt"]


@needs_mount
def test_a_full_disk_in_build_names_a_folder_of_the_project(disk: Path):
    root = copy_project(disk / "project")
    _fill(disk, leave=48 * 1024)  # room for the lock and a few pages, not for all of them
    result = run_briefing("build", cwd=root)
    assert result.code == 1, result.text
    [line] = _system_lines(result.err)
    assert line["what"].startswith("No space left on device"), result.err
    assert line["path"].endswith("/") and line["path"] != "./", result.err  # a folder, named
    assert (root / line["path"]).resolve().is_relative_to(root.resolve()), result.err  # shown relative to the project
    assert ".tmp-" not in result.err and "Traceback" not in result.text


@pytest.mark.slow
@needs_mount
def test_a_read_only_file_system_names_the_docs_folder(tmp_path: Path):
    root = copy_project(tmp_path / "project")
    assert run_briefing("build", cwd=root).code == 0
    register = root / "briefings" / "register.yml"
    register.write_text(register.read_text("utf-8").replace("Cap on the size", "A cap on the size", 1), "utf-8")
    docs = root / "briefings"
    subprocess.run(["mount", "--bind", str(docs), str(docs)], check=True)
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(docs)], check=True)
        result = run_briefing("build", cwd=root)
    finally:
        subprocess.run(["umount", "-l", str(docs)], check=True)
    assert result.code == 1, result.text
    [line] = _system_lines(result.err)
    assert re.fullmatch(r"briefings/([a-z]+/)?", line["path"]), result.err
    assert line["what"] == ("Read-only file system: nothing can be made in this folder "
                            "(the file system is read-only; build in a writable folder)"), result.err


@pytest.mark.slow
@pytest.mark.skipif(AS_USER is None, reason="needs a non-root user: running as root and setpriv cannot switch to nobody")
def test_a_read_only_docs_folder_is_named_not_the_temporary_file(tmp_path: Path):
    base = Path(tempfile.mkdtemp(prefix="briefing-read-only-", dir="/tmp"))
    try:
        base.chmod(0o777)
        root = copy_project(base / "project")
        assert run_briefing("build", cwd=root).code == 0
        register = root / "briefings" / "register.yml"
        register.write_text(register.read_text("utf-8").replace("Cap on the size", "A cap on the size", 1), "utf-8")
        if os.geteuid() == 0:
            for path in [base, *base.rglob("*")]:
                os.chown(path, 65534, 65534, follow_symlinks=False)
        for folder in [root / "briefings", *(root / "briefings").rglob("*")]:
            if folder.is_dir():
                folder.chmod(0o555)
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1", "HOME": str(base)}
        proc = subprocess.run([*AS_USER, sys.executable, "-m", "generator", "build"], cwd=root, env=env,
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 1, proc.stdout + proc.stderr
        [line] = _system_lines(proc.stderr)
        # the folder, or the generated file in it that could not be replaced: never a temporary file
        assert re.fullmatch(r"briefings/([a-z]+/)?([a-z_.-]+\.(json|md|xml|csv))?", line["path"]), proc.stderr
        assert line["what"].startswith("Permission denied"), proc.stderr
        assert ".tmp-" not in proc.stderr
    finally:
        for path in [base, *base.rglob("*")]:
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o755)
        shutil.rmtree(base)
