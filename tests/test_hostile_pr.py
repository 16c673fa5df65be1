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
import shutil
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


def _generated_list_names_inputs(root: Path, outside: Path) -> None:
    """Plain names inside the docs folder, of files the generator never wrote: the register lives there too."""
    (root / "briefings" / ".generated").write_text("index.md\nregister.yml\nabout.md\nassets/briefing.css\n")


def _generated_list_is_a_link(root: Path, outside: Path) -> None:
    (root / "briefings" / ".generated").symlink_to(outside / "victim.txt")


def _generated_list_through_a_link(root: Path, outside: Path) -> None:
    """Plain paths inside the docs folder, but one of them leads through a planted link to a folder outside."""
    (root / "briefings" / "old").symlink_to(outside / "points", target_is_directory=True)
    (root / "briefings" / ".generated").write_text("index.md\nold/already-there.md\n")


def _scratch_ledger(root: Path, outside: Path) -> None:
    (root / ".site.briefing-scratch").write_text(
        "\n".join(["site.old-2025-11-27", "../outside/site.old-2025-11-27", str(outside / "site.old-2025-11-27"),
                   "site.new-design"]) + "\n")
    (root / "site.old-2025-11-27").mkdir()
    (root / "site.old-2025-11-27" / "index.html").write_text("an editor's copy of the site\n")
    (root / "site.new-design").mkdir()
    (root / "site.new-design" / "index.html").write_text("a design draft\n")


def _scratch_ledger_is_a_link(root: Path, outside: Path) -> None:
    (root / ".site.briefing-scratch").symlink_to(outside / "ledger-made-by-the-build")


def _link_to_environ(root: Path, outside: Path) -> None:
    (root / "briefings" / "environ.txt").symlink_to("/proc/self/environ")


def _link_to_secret_page(root: Path, outside: Path) -> None:
    (root / "briefings" / "secret.md").symlink_to(outside / "secret.md")


def _link_into_git(root: Path, outside: Path) -> None:
    """A link to a file inside the checkout, but hidden: .git/config holds the token actions/checkout persists."""
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text('[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic ' + SECRET + "\n")
    (root / "briefings" / "git-config.txt").symlink_to("../.git/config")


def _linked_generated_folder(root: Path, outside: Path) -> None:
    (root / "briefings" / "points").symlink_to(outside / "points", target_is_directory=True)


def _linked_docs_asset_folder(root: Path, outside: Path) -> None:
    (root / "briefings" / "extra").symlink_to(outside, target_is_directory=True)


def _docs_link_loops(root: Path, outside: Path) -> None:
    (root / "briefings" / "loop").symlink_to(".", target_is_directory=True)


def _theme_link_to_environ(root: Path, outside: Path) -> None:
    """The theme's folder (custom_dir): the engine copies every file in it that is not a template into the site."""
    (root / "overrides" / "environ.txt").symlink_to("/proc/self/environ")


def _linked_register(root: Path, outside: Path) -> None:
    """A link to a register outside the project, and a valid one: only the link can stop it."""
    register = root / "briefings" / "register.yml"
    text = register.read_text("utf-8")
    (outside / "register.yml").write_text(text.replace("title: ", f"title: {SECRET} ", 1), "utf-8")
    register.unlink()
    register.symlink_to(outside / "register.yml")


def _linked_seeds_folder(root: Path, outside: Path) -> None:
    shutil.move(root / "seeds", outside / "seeds")
    (outside / "seeds" / "2025-11-30_leak.txt").write_text(f" date 2025-11-30 The army cap was {SECRET}.\n")
    (root / "seeds").symlink_to(outside / "seeds", target_is_directory=True)


def _linked_site_config(root: Path, outside: Path) -> None:
    text = (root / "mkdocs.yml").read_text("utf-8")
    (outside / "mkdocs.yml").write_text(text.replace("site_name: ", f"site_name: {SECRET} ", 1), "utf-8")
    (root / "mkdocs.yml").unlink()
    (root / "mkdocs.yml").symlink_to(outside / "mkdocs.yml")


def _linked_lock(root: Path, outside: Path) -> None:
    (root / ".briefing.lock").symlink_to(outside / "lock-made-by-the-build")


def _fifo_lock(root: Path, outside: Path) -> None:
    os.mkfifo(root / ".briefing.lock")


def _linked_cache(root: Path, outside: Path) -> None:
    (root / ".briefing_cache").symlink_to(outside, target_is_directory=True)


def _linked_cache_file(root: Path, outside: Path) -> None:
    (root / ".briefing_cache").mkdir()
    (root / ".briefing_cache" / "generator.pickle").symlink_to(outside / "victim.txt")


def _linked_site(root: Path, outside: Path) -> None:
    (root / "site").symlink_to(outside / "site", target_is_directory=True)


def _linked_seed(root: Path, outside: Path) -> None:
    (root / "seeds" / "leak.txt").symlink_to(outside / "secret.md")


def _seed_link_to_a_hidden_file(root: Path, outside: Path) -> None:
    """A seed in the right format, in a hidden file of the checkout (.env: a developer's secrets)."""
    (root / ".env").write_text(f" date 2025-11-30 TOKEN={SECRET}\n")
    (root / "seeds" / "2025-11-30_env.txt").symlink_to("../.env")


def _fifo_cache(root: Path, outside: Path) -> None:
    (root / ".briefing_cache").mkdir()
    os.mkfifo(root / ".briefing_cache" / "generator.pickle")


# plant -> (what it plants, exit of build, what build says: the located problem or the refusal)
def _planted_engine(root: Path, outside: Path) -> None:
    """A `mkdocs` package in the checkout: the engine runs with the project as its folder."""
    (root / "mkdocs").mkdir()
    (root / "mkdocs" / "__init__.py").write_text("")
    (root / "mkdocs" / "__main__.py").write_text(f"open({str(outside / 'pwned')!r}, 'w').write('ran')\n")


def _hooks(root: Path, outside: Path) -> None:
    (root / "hook.py").write_text(f"open({str(outside / 'pwned')!r}, 'w').write('ran')\n")
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("hooks:\n  - hook.py\n")


def _python_tag(root: Path, outside: Path) -> None:
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write(f"extra:\n  x: !!python/object/apply:os.mkdir [{str(outside / 'pwned')!r}]\n")


PLANTS: dict[str, tuple[Callable[[Path, Path], None], int, str]] = {
    "generated-list-leads-outside": (_generated_list, 1,
                                     "briefings/.generated:2:1: generated list: '../README.md' is not a plain path"),
    "generated-list-names-inputs": (_generated_list_names_inputs, 0, "built site/"),
    "generated-list-is-a-link": (_generated_list_is_a_link, 1,
                                 "briefings/.generated:1:1: docs folder: is a link that leads outside the project"),
    "generated-list-through-a-link": (_generated_list_through_a_link, 1, "briefings/old:1:1: docs folder: is a link"),
    "scratch-ledger-names-copies": (_scratch_ledger, 1, ".site.briefing-scratch:1:1: scratch ledger: 'site.old-2025-11-27'"),
    "scratch-ledger-is-a-link": (_scratch_ledger_is_a_link, 1, ".site.briefing-scratch:1:1: scratch ledger: is a link"),
    "docs-link-to-proc-environ": (_link_to_environ, 1,
                                  "briefings/environ.txt:1:1: docs folder: is a link that leads outside the project"),
    "docs-link-to-a-page-outside": (_link_to_secret_page, 1,
                                    "briefings/secret.md:1:1: docs folder: is a link that leads outside the project"),
    "docs-link-into-git": (_link_into_git, 1,
                           "briefings/git-config.txt:1:1: docs folder: is a link that leads to a hidden file or folder"),
    "generated-folder-is-a-link": (_linked_generated_folder, 1, "briefings/points:1:1: docs folder: is a link"),
    "docs-folder-link-outside": (_linked_docs_asset_folder, 1, "briefings/extra:1:1: docs folder: is a link"),
    "docs-folder-link-loops": (_docs_link_loops, 1, "briefings/loop:1:1: docs folder: is a link to a folder"),
    "theme-link-to-proc-environ": (_theme_link_to_environ, 1,
                                   "overrides/environ.txt:1:1: theme folder: is a link that leads outside the project"),
    "register-is-a-link-outside": (_linked_register, 1,
                                   "briefings/register.yml:1:1: register: is a link that leads outside the project"),
    "seeds-folder-is-a-link-outside": (_linked_seeds_folder, 1, "seeds:1:1: seeds: is a link that leads outside the project"),
    "site-config-is-a-link-outside": (_linked_site_config, 1,
                                      "mkdocs.yml:1:1: site config: is a link that leads outside the project"),
    "lock-is-a-link-outside": (_linked_lock, 1, ".briefing.lock:1:1: build lock: is a link"),
    "lock-is-a-fifo": (_fifo_lock, 1, ".briefing.lock:1:1: build lock: is a named pipe (FIFO)"),
    "cache-is-a-link-outside": (_linked_cache, 1, ".briefing_cache:1:1: cache: is a link"),
    "cache-file-is-a-link-outside": (_linked_cache_file, 0, "built site/"),
    "site-is-a-link-outside": (_linked_site, 2, "site is a link"),
    "seed-is-a-link-outside": (_linked_seed, 1, "seeds/leak.txt:1:1: article: is a link to a file outside the project"),
    "seed-is-a-link-to-a-hidden-file": (_seed_link_to_a_hidden_file, 1,
                                        "seeds/2025-11-30_env.txt:1:1: article: is a link that leads to a hidden file"),
    "cache-file-is-a-fifo": (_fifo_cache, 0, "built site/"),
    "engine-package-in-the-checkout": (_planted_engine, 0, "built site/"),
    "site-config-hooks": (_hooks, 1, "mkdocs.yml:"),
    "site-config-python-tag": (_python_tag, 1, "mkdocs.yml:"),
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
    make, code, says = PLANTS[plant]
    make(root, outside)
    before = _tree(outside)
    project_files = {rel: state for rel, state in _tree(root).items()
                     if rel in ("README.md", "mkdocs.yml", ".git/config", ".env", "briefings/register.yml") or rel.startswith(
                         ("seeds/", "site.old-", "site.new-design", "briefings/about.md", "briefings/assets/"))}
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
    assert (build.code, says in build.text) == (code, True), f"{plant}: expected exit {code} and {says!r}\n{build.text}"
    if code == 1:  # refused, with the problem located: nothing of the build was published
        assert not (root / "site").exists() or plant.startswith("site-"), build.text


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
