"""Builds publish atomically and one at a time.

A build killed (SIGKILL, the whole process group, as a CI runner cancelling a job does) at
any moment leaves site/ exactly as the previous complete site or the new complete one,
never missing or mixed; the next build succeeds and removes the scratch folders
(site.new-*, site.old-*). Two builds started at once both succeed: the second waits on the
project's lock and says so.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import ROOT, built_digest as site_digest, copy_project, old_site_deleted, run_briefing, seeded_random
from generator import publish

KILLS = 8


def _change_register(root: Path) -> None:
    """A change every page shows (the register title is the home page's heading)."""
    path = root / "briefings" / "register.yml"
    text, count = re.subn(r"^title: .*$", "title: Disputed points, second edition", path.read_text("utf-8"), count=1, flags=re.M)
    assert count == 1
    path.write_text(text, "utf-8")


def _scratch(root: Path, wait: float = 30) -> list[str]:
    """The scratch folders beside the site, once a child deleting the last old site (site.trash-*) is done."""
    old_site_deleted(root, wait)
    return sorted(p.name for p in root.glob("site.*"))


def _start_build(root: Path) -> subprocess.Popen:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "generator", "build"], cwd=root, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)  # its own process group, MkDocs included


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict:
    """A built project (the old site), the digests of the old and new sites, and how long a build takes."""
    base = copy_project(tmp_path_factory.mktemp("atomic") / "base")
    assert run_briefing("build", cwd=base).code == 0
    new = tmp_path_factory.mktemp("atomic") / "new"
    shutil.copytree(base, new, symlinks=True)
    _change_register(new)
    started = time.monotonic()
    result = run_briefing("build", cwd=new)
    duration = time.monotonic() - started
    assert result.code == 0, result.text
    old_digest, new_digest = site_digest(base / "site"), site_digest(new / "site")
    assert old_digest != new_digest
    return {"base": base, "old": old_digest, "new": new_digest, "duration": duration}


@pytest.mark.slow
@pytest.mark.parametrize("slot", range(KILLS))
def test_killed_build_leaves_old_or_new_site(slot, sites, tmp_path):
    # one random moment in each of KILLS equal slots spanning the build, a little beyond its end
    rng, seed = seeded_random(f"kill slot {slot}")
    span = sites["duration"] * 1.1
    delay = span * (slot + rng.random()) / KILLS
    root = tmp_path / "project"
    shutil.copytree(sites["base"], root, symlinks=True)
    _change_register(root)

    proc = _start_build(root)
    time.sleep(delay)
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass  # it had finished
    proc.communicate()

    site = root / "site"
    assert site.is_dir(), f"site/ missing after a kill at {delay:.2f}s (TEST_SEED={seed})"
    digest = site_digest(site)
    assert digest in (sites["old"], sites["new"]), f"mixed site after a kill at {delay:.2f}s (exit {proc.returncode}, TEST_SEED={seed})"

    result = run_briefing("build", cwd=root)
    assert result.code == 0, result.text
    assert site_digest(site) == sites["new"]
    assert _scratch(root) == [], f"scratch folders left after a kill at {delay:.2f}s (TEST_SEED={seed})"


@pytest.mark.slow
def test_build_killed_near_the_swap_leaves_old_or_new_site(sites, tmp_path):
    """Killed as soon as MkDocs has written its last file: the swap is moments away."""
    root = tmp_path / "project"
    shutil.copytree(sites["base"], root, symlinks=True)
    _change_register(root)
    proc = _start_build(root)
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline:
        if any((scratch / "sitemap.xml.gz").exists() for scratch in root.glob("site.new-*")):
            break
        time.sleep(0.001)
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.communicate()
    assert site_digest(root / "site") in (sites["old"], sites["new"])
    assert run_briefing("build", cwd=root).code == 0
    assert site_digest(root / "site") == sites["new"]
    assert _scratch(root) == []


@pytest.mark.slow
def test_two_builds_at_once_both_succeed(sites, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(sites["base"], root, symlinks=True)
    _change_register(root)
    procs = [_start_build(root), _start_build(root)]
    outputs = [proc.communicate(timeout=120) for proc in procs]
    for proc, (out, err) in zip(procs, outputs):
        assert proc.returncode == 0, out + err
        assert "Traceback" not in err
    # both start within milliseconds and take the lock before anything else, while a
    # build holds it for a second or more: exactly one of them must have waited
    waited = [err for _, err in outputs if "waiting for another build of" in err]
    assert len(waited) == 1, outputs
    assert site_digest(root / "site") == sites["new"]
    assert _scratch(root) == []


@pytest.mark.slow
def test_build_waits_while_the_lock_is_held_and_says_so(sites, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(sites["base"], root, symlinks=True)
    _change_register(root)
    with open(root / ".briefing.lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        proc = _start_build(root)
        ready, _, _ = select.select([proc.stderr], [], [], 60)
        assert ready, "no message from a build waiting on the lock"
        line = proc.stderr.readline()
        assert line.startswith(f"waiting for another build of {root} to finish"), line
        time.sleep(0.5)
        assert proc.poll() is None, "the build did not wait"
        assert site_digest(root / "site") == sites["old"]
        fcntl.flock(lock, fcntl.LOCK_UN)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, out + err
    assert site_digest(root / "site") == sites["new"]


# --- the states a build killed in the middle of a swap can leave, and recover() -----------


def _tree(path: Path, label: str) -> Path:
    (path / "sub").mkdir(parents=True)
    (path / "index.html").write_text(label, "utf-8")
    (path / "sub" / "page.html").write_text(label, "utf-8")
    return path


def _scratch_tree(path: Path, label: str) -> Path:
    """A scratch folder as the tool leaves it: listed in the ledger beside the site."""
    _tree(path, label)
    with open(publish.scratch_ledger(path.parent / "site"), "a", encoding="utf-8") as ledger:
        ledger.write(path.name + "\n")
    return path


def test_recover_undoes_a_swap_killed_between_its_two_renames(tmp_path):
    site = tmp_path / "site"
    _scratch_tree(tmp_path / "site.old-0000abcd", "old")
    _scratch_tree(tmp_path / "site.new-0000def0", "new")
    publish.recover(site)
    assert (site / "index.html").read_text("utf-8") == "old"
    assert _scratch(tmp_path) == []


def test_recover_removes_what_a_finished_swap_left(tmp_path):
    site = _tree(tmp_path / "site", "new")
    _scratch_tree(tmp_path / "site.old-0000abcd", "old")
    _scratch_tree(tmp_path / "site.new-0000def0", "half")  # an engine run killed half way
    publish.recover(site)
    assert (site / "index.html").read_text("utf-8") == "new"
    assert _scratch(tmp_path) == []


def test_recover_never_takes_a_trash_folder_for_the_site_and_removes_it(tmp_path):
    site = tmp_path / "site"
    _scratch_tree(tmp_path / "site.trash-0000abcd", "old site, half deleted")
    publish.recover(site)
    assert not site.exists()
    assert _scratch(tmp_path, wait=0) == [] and not publish.scratch_ledger(site).exists()


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_the_old_site_is_deleted_by_a_child_while_the_new_one_is_published(tmp_path, monkeypatch, exchange):
    if not exchange:
        monkeypatch.setattr(publish, "_exchange", lambda a, b: False)
    site = _tree(tmp_path / "site", "old")
    children = []
    monkeypatch.setattr(publish, "discard", lambda folder: children.append(folder) or object())
    new = _tree(publish.scratch_dir(site, "new"), "new")
    publish.publish(new, site, background=True)
    assert (site / "index.html").read_text("utf-8") == "new"
    [trash] = children  # handed over whole, listed in the ledger until the next build
    assert trash.name == new.name.replace(".new-", ".trash-") and (trash / "index.html").read_text("utf-8") == "old"
    assert trash.name in publish.scratch_ledger(site).read_text("utf-8").split()
    monkeypatch.undo()
    child = publish.discard(trash)
    assert child.wait(timeout=30) == 0 and not trash.exists()


def test_a_trash_folder_being_deleted_keeps_its_ledger_line_until_recover(tmp_path):
    site = _tree(tmp_path / "site", "old")
    with publish.scratch_site(site) as scratch:
        _tree(scratch, "new")
        publish.publish(scratch, site, background=True)
        trash = scratch.with_name(scratch.name.replace(".new-", ".trash-"))
        (trash / "sub" / "extra").mkdir(parents=True)  # whether or not the child has finished
    assert not trash.exists() or trash.name in publish.scratch_ledger(site).read_text("utf-8")
    publish.recover(site)  # the next build: what the child left is removed, even as it deletes it too
    assert _scratch(tmp_path) == [] and (site / "index.html").read_text("utf-8") == "new"


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_publish_replaces_the_site_whole(tmp_path, monkeypatch, exchange):
    if not exchange:
        monkeypatch.setattr(publish, "_exchange", lambda a, b: False)
    parent = tmp_path / "x.new-y"  # a folder above whose name looks like a scratch folder
    site = _tree(parent / "site", "old")
    new = _tree(publish.scratch_dir(site, "new"), "new")
    publish.publish(new, site)
    assert (site / "index.html").read_text("utf-8") == "new"
    assert (site / "sub" / "page.html").read_text("utf-8") == "new"
    assert _scratch(parent) == []
