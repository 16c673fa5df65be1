"""pre-commit: the hook this repository offers (.pre-commit-hooks.yaml) and the one it uses
(.pre-commit-config.yaml), validated by pre-commit's own schema and run by pre-commit for real."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pre_commit.clientlib import load_config, load_manifest

from helpers import ROOT, copy_project

MATCHED = ["seeds/000_1be865c73713f27a.txt", "seeds/2025-11-28_reuters.md", "briefings/register.yml", "mkdocs.yml"]
NOT_MATCHED = ["briefings/about.md", "briefings/register.yml.orig", "generator/cli.py", "README.md",
               "old/seeds/a.txt", "site/index.html"]


def _manifest_hook() -> dict:
    [hook] = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    return hook


def _local_hook() -> dict:
    config = load_config(str(ROOT / ".pre-commit-config.yaml"))
    [repo] = config["repos"]
    assert repo["repo"] == "local"
    [hook] = repo["hooks"]
    return hook


def test_manifest_offers_briefing_check():
    hook = _manifest_hook()
    assert (hook["id"], hook["entry"], hook["language"], hook["pass_filenames"]) == (
        "briefing-check", "briefing check", "python", False)
    files = re.compile(hook["files"])
    assert [f for f in MATCHED if not files.search(f)] == []
    assert [f for f in NOT_MATCHED if files.search(f)] == []


def test_config_runs_the_same_hook_locally():
    local, offered = _local_hook(), _manifest_hook()
    for key in ("id", "name", "entry", "pass_filenames", "files"):
        assert local[key] == offered[key], key
    # the project's own environment has `briefing`; pre-commit >= 4.4 calls `system` `unsupported`
    assert local["language"] in ("system", "unsupported")


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def _pre_commit(*args: str, cwd: Path, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A git repository holding a copy of the project and this repository's pre-commit config."""
    root = copy_project(tmp_path / "repo")
    (root / ".pre-commit-config.yaml").write_bytes((ROOT / ".pre-commit-config.yaml").read_bytes())
    _git("init", "-q", cwd=root)
    _git("add", ".", cwd=root)
    return root


def test_hook_runs_and_fails_on_a_bad_register(repository: Path, tmp_path: Path):
    home = tmp_path / "pre-commit-home"
    ok = _pre_commit("run", "briefing-check", "--all-files", cwd=repository, home=home)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert re.search(r"^briefing check\.+Passed$", ok.stdout, re.M), ok.stdout

    register = repository / "briefings" / "register.yml"
    register.write_text(register.read_text("utf-8").replace("status: open", "status: opne", 1), "utf-8")
    _git("add", ".", cwd=repository)
    bad = _pre_commit("run", "briefing-check", "--all-files", cwd=repository, home=home)
    assert bad.returncode == 1
    assert re.search(r"^briefing check\.+Failed$", bad.stdout, re.M), bad.stdout
    assert re.search(r"^briefings/register\.yml:\d+:\d+: .*unknown status 'opne'", bad.stdout, re.M), bad.stdout

    # a change to a hand-written page does not run the check
    skipped = _pre_commit("run", "briefing-check", "--files", "briefings/about.md", cwd=repository, home=home)
    assert skipped.returncode == 0 and re.search(r"^briefing check\.+\(no files to check\)Skipped$", skipped.stdout, re.M), skipped.stdout
