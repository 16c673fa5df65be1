"""A hostile pull request, built the way the publishing workflow builds it.

Every file in the checkout is input from someone else, the tool's own bookkeeping
included: a contributor can commit `briefings/.generated`, the scratch ledger, links and
named pipes with `git add -f`. Each plant below is built as the workflow builds a pull
request (`briefing check --format github`, then `briefing build`), in a checkout that lies
beside a folder standing for the rest of the machine. Whatever the build answers, nothing
outside the checkout may change, and no value of the build's environment (in CI: its
secrets) may appear in the built site.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path
from typing import Callable

import pytest

from helpers import copy_project, run_briefing

SECRET = "s3cret-token-4f9c2a7e"  # stands for a CI secret in the build's environment
PROBLEM = r"^[^\n]+:[1-9]\d*:[1-9]\d*: "


def _tree(folder: Path) -> dict[str, tuple]:
    """Every entry below folder with its kind, bytes' digest, mode and modification time."""
    state = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        rel = str(path.relative_to(folder))
        if path.is_symlink():
            state[rel] = ("link", os.readlink(path))
        elif path.is_file():
            state[rel] = ("file", hashlib.sha256(path.read_bytes()).hexdigest(), info.st_mode, info.st_mtime_ns)
        else:
            state[rel] = ("dir", info.st_mode)
    return state


def _outside(base: Path) -> Path:
    """The rest of the machine: files a build must never read into the site, write or delete."""
    outside = base / "outside"
    (outside / "points").mkdir(parents=True)
    (outside / "points" / "already-there.md").write_text("---\ntitle: Planted\n---\nplanted page " + SECRET + "\n")
    (outside / "victim.txt").write_text("keep me\n")
    (outside / "secret.md").write_text("---\ntitle: Secret\n---\n" + SECRET + "\n")
    (outside / "register.yml").write_text("title: not the project's\n")
    (outside / "site").mkdir()
    (outside / "site" / "index.html").write_text("a site somebody else publishes\n")
    (outside / "site" / ".briefing-site").write_text("looks like a built site\n")
    (outside / "site.old-2025-11-27").mkdir()
    (outside / "site.old-2025-11-27" / "index.html").write_text("a copy\n")
    return outside


def _generated_list(root: Path, outside: Path) -> None:
    docs = root / "briefings"
    (docs / ".generated").write_text(
        "\n".join(["index.md", "../README.md", "../mkdocs.yml", "../../outside/victim.txt",
                   str(outside / "victim.txt"), "assets/../../seeds/000_1be865c73713f27a.txt",
                   "points/../../../outside/victim.txt"]) + "\n")
    (root / "README.md").write_text("the project's README\n")


def _scratch_ledger(root: Path, outside: Path) -> None:
    (root / ".site.briefing-scratch").write_text(
        "\n".join(["site.old-2025-11-27", "../outside/site.old-2025-11-27", str(outside / "site.old-2025-11-27"),
                   "site.new-design"]) + "\n")
    (root / "site.old-2025-11-27").mkdir()
    (root / "site.old-2025-11-27" / "index.html").write_text("an editor's copy of the site\n")
    (root / "site.new-design").mkdir()
    (root / "site.new-design" / "index.html").write_text("a design draft\n")


def _link_to_environ(root: Path, outside: Path) -> None:
    (root / "briefings" / "environ.txt").symlink_to("/proc/self/environ")


def _link_to_secret_page(root: Path, outside: Path) -> None:
    (root / "briefings" / "secret.md").symlink_to(outside / "secret.md")


def _linked_generated_folder(root: Path, outside: Path) -> None:
    (root / "briefings" / "points").symlink_to(outside / "points", target_is_directory=True)


def _linked_docs_asset_folder(root: Path, outside: Path) -> None:
    (root / "briefings" / "extra").symlink_to(outside, target_is_directory=True)


def _linked_register(root: Path, outside: Path) -> None:
    (root / "briefings" / "register.yml").unlink()
    (root / "briefings" / "register.yml").symlink_to(outside / "register.yml")


def _linked_lock(root: Path, outside: Path) -> None:
    (root / ".briefing.lock").symlink_to(outside / "lock-made-by-the-build")


def _linked_cache(root: Path, outside: Path) -> None:
    (root / ".briefing_cache").symlink_to(outside, target_is_directory=True)


def _linked_site(root: Path, outside: Path) -> None:
    (root / "site").symlink_to(outside / "site", target_is_directory=True)


def _linked_seed(root: Path, outside: Path) -> None:
    (root / "seeds" / "leak.txt").symlink_to(outside / "secret.md")


def _fifo_cache(root: Path, outside: Path) -> None:
    (root / ".briefing_cache").mkdir()
    os.mkfifo(root / ".briefing_cache" / "generator.pickle")


PLANTS: dict[str, Callable[[Path, Path], None]] = {
    "generated-list-leads-outside": _generated_list,
    "scratch-ledger-names-copies": _scratch_ledger,
    "docs-link-to-proc-environ": _link_to_environ,
    "docs-link-to-a-page-outside": _link_to_secret_page,
    "generated-folder-is-a-link": _linked_generated_folder,
    "docs-folder-link-outside": _linked_docs_asset_folder,
    "register-is-a-link-outside": _linked_register,
    "lock-is-a-link-outside": _linked_lock,
    "cache-is-a-link-outside": _linked_cache,
    "site-is-a-link-outside": _linked_site,
    "seed-is-a-link-outside": _linked_seed,
    "cache-file-is-a-fifo": _fifo_cache,
}


def _site_text(site: Path) -> str:
    if not site.is_dir() or site.is_symlink():
        return ""
    return "\n".join(p.read_bytes().decode("utf-8", "replace") for p in site.rglob("*") if p.is_file())


def _run(plant: str, *args: str, cwd: Path, env: dict[str, str]):
    try:
        return run_briefing(*args, cwd=cwd, env=env, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{plant}: briefing {args[0]} hung (stopped after 60 s)")


@pytest.mark.slow
@pytest.mark.parametrize("plant", sorted(PLANTS))
def test_a_hostile_pull_request_changes_nothing_outside(plant, tmp_path):
    outside = _outside(tmp_path)
    root = copy_project(tmp_path / "checkout")
    PLANTS[plant](root, outside)
    before = _tree(outside)
    project_files = {rel: state for rel, state in _tree(root).items()
                     if rel in ("README.md", "mkdocs.yml") or rel.startswith(("seeds/", "site.old-", "site.new-design"))}
    env = {"SITE_URL": "", "BRIEFING_TEST_SECRET": SECRET, "GITHUB_TOKEN": SECRET}

    check = _run(plant, "check", "--format", "github", cwd=root, env=env)
    build = _run(plant, "build", cwd=root, env=env)

    for run in (check, build):
        assert "Traceback" not in run.text, run.text
        assert run.code in (0, 1, 2), f"exit {run.code}: {run.text}"  # 2: a site folder refused
    assert _tree(outside) == before, f"{plant}: the build changed files outside the checkout\n{build.text}"
    kept = {rel: state for rel, state in _tree(root).items() if rel in project_files}
    assert kept == project_files, f"{plant}: the build changed or deleted project files it did not make\n{build.text}"
    assert SECRET not in _site_text(root / "site"), f"{plant}: the environment leaked into the site"
    assert "HOME=" not in _site_text(root / "site") and "PATH=" not in _site_text(root / "site")


@pytest.mark.slow
@pytest.mark.parametrize("value", ['https://example.org/"><script>alert(1)</script>/',
                                   "https://example.org/a b/", "https://example.org/<x>/",
                                   "javascript:alert(1)//https://x/", "https://exa\nmple.org/"])
def test_a_hostile_site_url_is_refused_by_check_and_build(value, tmp_path):
    root = copy_project(tmp_path / "checkout")
    for command in (("check",), ("build",)):
        run = run_briefing(*command, cwd=root, env={"SITE_URL": value}, timeout=300)
        assert run.code == 1, f"{command}: exit {run.code}: {run.text}"
        assert "SITE_URL" in run.text and "Traceback" not in run.text
    assert not (root / "site").exists()
