"""The tool reads, writes and deletes only inside the project, and never waits on a file.

Every file of a checkout is input from someone else, the tool's own bookkeeping included:
the `.generated` list, the scratch ledger, links and named pipes can all be committed.
One test per finding of issue 17 (items 1, 2 and 5), each run without the site engine
where it can be: a planted list or ledger removes nothing it should not, no link takes a
read or a write off the project, and a named pipe in place of any file the tool opens
(the cache, its key, the compiled templates, the lock, the ledger) does not block it.
Tests that could hang on a tool that opens a named pipe run it in a subprocess with a
timeout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import cache, publish
from generator.errors import InputError, Problem
from generator.lock import build_lock
from generator.pipeline import show_problems, update_docs
from generator.project import Project
from generator.site_config import load_site_config
from generator.writer import MANIFEST, read_manifest, write_pages
from helpers import ROOT, copy_project, run_briefing

HANG = 30  # seconds: a command that opens a named pipe waits for ever; these take one or two




@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """The rest of the machine, beside the project."""
    folder = tmp_path / "outside"
    (folder / "points").mkdir(parents=True)
    (folder / "points" / "already-there.md").write_text("not the project's\n")
    (folder / "victim.txt").write_text("keep me\n")
    return folder


def _state(folder: Path) -> dict[str, bytes | str]:
    return {str(p.relative_to(folder)): os.readlink(p) if p.is_symlink() else p.read_bytes() if p.is_file() else "dir"
            for p in sorted(folder.rglob("*"))}


def _python(code: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run code with the checkout's generator in a fresh process; TimeoutExpired fails the test (a hang)."""
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'tests'}", **(env or {})}
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=HANG)


# --- 1. bookkeeping: every entry a plain path inside what it describes ------------------


def test_a_planted_generated_list_deletes_nothing_outside_the_docs_folder(tmp_path, outside):
    docs = tmp_path / "project" / "briefings"
    docs.mkdir(parents=True)
    (tmp_path / "project" / "README.md").write_text("the project's README\n")
    (docs / MANIFEST).write_text("index.md\n../README.md\n../../outside/victim.txt\n"
                                 f"{outside / 'victim.txt'}\npoints/../../../outside/victim.txt\n")
    before = _state(tmp_path)
    with pytest.raises(InputError) as raised:
        write_pages(docs, {"index.md": "---\ntitle: Home\n---\nhome\n"})
    assert _state(tmp_path) == before, "the writer wrote or removed files"
    assert [p.line for p in raised.value.problems] == [2, 3, 4, 5]  # index.md, the first line, is a page
    assert str(raised.value.problems[0]).endswith(".generated:2:1: generated list: '../README.md' is not a plain path inside the docs folder "
                             "(the list names only pages the generator wrote into the docs folder; delete it, and the "
                             "pages' stamps tell the generator's pages from hand-written ones)")


def test_a_planted_generated_list_removes_only_what_the_generator_could_have_written(tmp_path):
    """Plain names inside the docs folder, but of the register, a hand-written page and a style: they stay."""
    docs = tmp_path / "briefings"
    kept = {"register.yml": "title: mine\n", "about.md": "---\ntitle: About\n---\nmine\n", "assets/site.css": "a {}\n"}
    stale = {"points/old.md": "---\ngenerated_by: briefing\ntitle: Old\n---\nold\n", "feeds/old.xml": "<feed/>\n"}
    for rel, text in {**kept, **stale}.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text)
    (docs / MANIFEST).write_text("".join(f"{rel}\n" for rel in sorted({**kept, **stale})))
    report = write_pages(docs, {"index.md": "---\ntitle: Home\n---\nhome\n", "feed.xml": "<feed/>\n"})
    assert report.removed == ("feeds/old.xml", "points/old.md")
    assert {rel: (docs / rel).read_text() for rel in kept} == kept


def test_a_generated_list_entry_through_a_link_is_refused(tmp_path, outside):
    docs = tmp_path / "briefings"
    docs.mkdir()
    (docs / "old").symlink_to(outside / "points", target_is_directory=True)
    (docs / MANIFEST).write_text("old/already-there.md\n")
    with pytest.raises(InputError, match=r"\.generated:1:1: generated list: 'old/already-there.md' leads through a link \(old\)"):
        write_pages(docs, {})
    assert (outside / "points" / "already-there.md").exists()


def test_a_generated_list_that_is_a_link_or_a_pipe_is_not_read(tmp_path, outside):
    docs = tmp_path / "briefings"
    docs.mkdir()
    (docs / MANIFEST).symlink_to(outside / "victim.txt")
    with pytest.raises(InputError, match=r"\.generated:1:1: generated list: is a link"):
        read_manifest(docs)
    (docs / MANIFEST).unlink()
    os.mkfifo(docs / MANIFEST)
    with pytest.raises(InputError, match=r"\.generated:1:1: generated list: is a named pipe \(FIFO\)"):
        read_manifest(docs)


def test_a_page_is_never_written_through_a_link(tmp_path, outside):
    docs = tmp_path / "briefings"
    docs.mkdir()
    (docs / "points").symlink_to(outside / "points", target_is_directory=True)
    before = _state(outside)
    with pytest.raises(InputError, match=r"briefings/points:1:1: generated page: is a link where the generator writes a page"):
        write_pages(docs, {"index.md": "home\n", "points/army-cap.md": "a point\n"})
    assert _state(outside) == before
    assert not (docs / "index.md").exists(), "written before the refusal"


def test_the_preview_banner_is_never_written_outside(tmp_path, outside):
    """serve shows a bad input's problems on the last good pages, those the list names: never on a path outside."""
    root = copy_project(tmp_path / "project")
    (root / "briefings" / MANIFEST).write_text("index.md\n../../outside/victim.txt\n")
    config = load_site_config(Project.at(root))
    before = _state(outside)
    with pytest.raises(InputError, match="generated list"):
        show_problems(config, [Problem("briefings/register.yml", 1, 1, "register", "broken")])
    assert _state(outside) == before


def test_the_preview_banner_never_lands_on_a_hand_written_page(tmp_path):
    root = copy_project(tmp_path / "project")
    hand_written = [root / "briefings" / "about.md", root / "briefings" / "register.yml"]
    before = [path.read_bytes() for path in hand_written]
    (root / "briefings" / MANIFEST).write_text("about.md\nregister.yml\n")
    show_problems(load_site_config(Project.at(root)), [Problem("briefings/register.yml", 1, 1, "register", "broken")])
    assert [path.read_bytes() for path in hand_written] == before


def test_a_planted_ledger_never_removes_a_users_copy(tmp_path, outside):
    site = tmp_path / "site"
    site.mkdir()
    (outside / "site.old-1").mkdir()
    names = ["site.old-2025-11-27", "site.new-design", "site.old-0123abcd/../site.new-design", "../outside/site.old-1",
             str(outside / "site.old-1"), "site.old-0123ABCD", "site.new-0123abcd0"]
    for name in names[:2]:
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text("a copy\n")
    publish.scratch_ledger(site).write_text("\n".join(names) + "\n")
    with pytest.raises(InputError) as raised:
        publish.recover(site)
    assert [p.line for p in raised.value.problems] == list(range(1, len(names) + 1))
    assert str(raised.value.problems[0]).endswith(
        ".site.briefing-scratch:1:1: scratch ledger: 'site.old-2025-11-27' is not the name of a scratch folder this tool "
        "makes beside site (names are site.new-XXXXXXXX or site.old-XXXXXXXX; delete the ledger (its folders are then "
        "left alone) and build again)")
    assert (tmp_path / "site.old-2025-11-27" / "index.html").exists() and (tmp_path / "site.new-design").exists()
    assert (outside / "site.old-1").is_dir()


def test_the_ledger_names_exactly_what_scratch_dir_makes(tmp_path):
    site = tmp_path / "site"
    made = [publish.scratch_dir(site, kind) for kind in publish.SCRATCH_KINDS]
    assert all(publish.is_scratch_name(site, folder.name) for folder in made)
    publish.recover(site)  # the tool's own entries: removed, without a problem
    assert not any(folder.exists() for folder in made) and not publish.scratch_ledger(site).exists()


def test_a_ledger_that_is_a_link_is_neither_followed_nor_written_through(tmp_path, outside):
    site = tmp_path / "site"
    publish.scratch_ledger(site).symlink_to(outside / "ledger")
    with pytest.raises(InputError, match=r"\.site\.briefing-scratch:1:1: scratch ledger: is a link"):
        publish.recover(site)
    with pytest.raises(OSError):
        publish.scratch_dir(site, "new")
    assert not (outside / "ledger").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("site.")] == []


# --- 2. links: nothing outside the project read into the site or written through a link --


def _valid_register_outside(root: Path, outside: Path) -> Path:
    register = root / "briefings" / "register.yml"
    (outside / "register.yml").write_text(register.read_text("utf-8").replace("title: ", "title: Planted ", 1), "utf-8")
    register.unlink()
    register.symlink_to(outside / "register.yml")
    return outside / "register.yml"


def test_a_register_that_links_outside_is_refused(run_main, tmp_path, outside):
    root = copy_project(tmp_path / "project")
    _valid_register_outside(root, outside)
    result = run_main(root, "check")
    assert result.code == 1, result.text
    assert result.err.startswith("briefings/register.yml:1:1: register: is a link that leads outside the project "
                                 "(replace the link with the file or folder itself; the tool reads nothing through "
                                 "a link that leaves the project)\n")


def test_an_edit_never_writes_a_register_outside(run_main, tmp_path, outside):
    root = copy_project(tmp_path / "project")
    planted = _valid_register_outside(root, outside)
    before = planted.read_bytes()
    result = run_main(root, "new-point", "energy-sanctions", "--title", "Sanctions on energy")
    assert result.code == 1 and "register: is a link that leads outside the project" in result.err
    assert planted.read_bytes() == before


def test_a_link_inside_the_project_is_still_an_input(run_main, tmp_path):
    root = copy_project(tmp_path / "project")
    (root / "data").mkdir()
    (root / "briefings" / "register.yml").rename(root / "data" / "register.yml")
    (root / "briefings" / "register.yml").symlink_to("../data/register.yml")
    (root / "seeds" / "000_1be865c73713f27a.txt").rename(root / "data" / "article.txt")
    (root / "seeds" / "000_1be865c73713f27a.txt").symlink_to("../data/article.txt")
    result = run_main(root, "check")
    assert result.code == 0, result.text


@pytest.mark.parametrize("name,target,message", [
    ("seeds", "seeds", "seeds:1:1: seeds: is a link that leads outside the project"),
    ("mkdocs.yml", "mkdocs.yml", "mkdocs.yml:1:1: site config: is a link that leads outside the project"),
])
def test_an_input_folder_or_config_that_links_outside_is_refused(run_main, tmp_path, outside, name, target, message):
    root = copy_project(tmp_path / "project")
    (root / name).rename(outside / target)
    (root / name).symlink_to(outside / target)
    for command in ("check", "build"):
        result = run_main(root, command)
        assert result.code == 1 and result.err.startswith(message), result.text
    assert not (root / "site").exists()


def test_a_seed_that_links_into_a_hidden_file_is_not_read(run_main, tmp_path):
    root = copy_project(tmp_path / "project")
    (root / ".env").write_text(" date 2025-11-30 TOKEN=s3cret\n")
    (root / "seeds" / "2025-11-30_env.txt").symlink_to("../.env")
    result = run_main(root, "check")
    assert result.code == 1
    assert ("seeds/2025-11-30_env.txt:1:1: article: is a link that leads to a hidden file or folder of the project, "
            "not an article file") in result.err


@pytest.mark.parametrize("plant,message", [
    (lambda root, out: (root / "briefings" / "environ.txt").symlink_to("/proc/self/environ"),
     "briefings/environ.txt:1:1: docs folder: is a link that leads outside the project; the site would publish what "
     "it leads to (remove the link; copy into the docs folder what the site should publish)"),
    (lambda root, out: (root / "briefings" / "points").symlink_to(out / "points", target_is_directory=True),
     "briefings/points:1:1: docs folder: is a link that leads outside the project"),
    (lambda root, out: (root / "briefings" / "loop").symlink_to(".", target_is_directory=True),
     "briefings/loop:1:1: docs folder: is a link to a folder; the generator never writes through a link, and the site "
     "engine would walk it (copy the folder in instead)"),
    (lambda root, out: (root / "briefings" / "assets" / "git.txt").symlink_to("../../.git/config"),
     "briefings/assets/git.txt:1:1: docs folder: is a link that leads to a hidden file or folder of the project"),
    (lambda root, out: (root / "overrides" / "environ.txt").symlink_to("/proc/self/environ"),
     "overrides/environ.txt:1:1: theme folder: is a link that leads outside the project"),
], ids=["proc-environ", "generated-folder", "loop", "git-config", "theme-folder"])
def test_a_docs_folder_link_off_the_project_stops_the_build_before_anything_is_written(tmp_path, outside, monkeypatch,
                                                                                        plant, message):
    root = copy_project(tmp_path / "project")
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("[credentials]\n")
    plant(root, outside)
    monkeypatch.chdir(root)
    before = _state(outside)
    with pytest.raises(InputError) as raised:
        update_docs(Project.at(root))
    assert [str(p) for p in raised.value.problems] and str(raised.value.problems[0]).startswith(message)
    assert _state(outside) == before
    assert not (root / "briefings" / MANIFEST).exists(), "pages were written"


def test_a_docs_folder_link_to_a_visible_file_of_the_project_is_accepted(tmp_path, monkeypatch):
    root = copy_project(tmp_path / "project")
    (root / "briefings" / "assets" / "logo.svg").symlink_to("../../overrides/main.html")
    monkeypatch.chdir(root)
    _, report = update_docs(Project.at(root))
    assert report.written


def test_a_theme_folder_outside_the_project_is_refused(run_main, tmp_path, outside):
    root = copy_project(tmp_path / "project")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("custom_dir: overrides", f"custom_dir: {outside}"), "utf-8")
    result = run_main(root, "build")
    assert result.code == 1
    assert f"mkdocs.yml:19:15: site config: theme custom_dir '{outside}' lies outside the project" in result.err


@pytest.mark.parametrize("name,kind", [(".briefing.lock", "build lock"), (".briefing_cache", "cache")])
def test_the_lock_and_the_cache_folder_are_never_links(run_main, tmp_path, outside, name, kind):
    root = copy_project(tmp_path / "project")
    (root / name).symlink_to(outside / "made-by-the-tool")
    for command in ("check", "build", "triage"):
        result = run_main(root, command)
        assert result.code == 1, result.text
        assert result.err.startswith(f"{name}:1:1: {kind}: is a link, not the tool's own {kind}"), result.err
    assert not (outside / "made-by-the-tool").exists()


def test_the_lock_is_never_made_through_a_link(tmp_path, outside):
    lock = tmp_path / ".briefing.lock"
    lock.symlink_to(outside / "lock")
    with pytest.raises(OSError, match="is a link"):
        with build_lock(lock, "p"):
            pass
    assert not (outside / "lock").exists()


def test_the_cache_is_never_written_through_a_link(tmp_path, outside):
    (tmp_path / cache.CACHE_DIR).symlink_to(outside, target_is_directory=True)
    before = _state(outside)
    cache.save(tmp_path, cache.Cache(cache.tool_key(), dirty=True))
    assert _state(outside) == before
    assert Project.at(tmp_path).cache_dir == tmp_path / cache.CACHE_DIR


def test_a_site_folder_that_is_a_link_is_refused(run_main, tmp_path, outside):
    root = copy_project(tmp_path / "project")
    (outside / "site").mkdir()
    (outside / "site" / ".briefing-site").write_text("looks like a built site\n")
    (root / "site").symlink_to(outside / "site", target_is_directory=True)
    result = run_main(root, "build")
    assert result.code == 2
    assert "briefing build: error: site is a link; a build replaces the site folder and never follows a link" in result.err
    assert [p.name for p in (outside / "site").iterdir()] == [".briefing-site"]


@pytest.mark.parametrize("path,away", [
    ("briefings/in.md", ""), ("briefings/out.md", "outside the project"), ("briefings/git", "to a hidden file or folder of the project"),
    ("briefings/loop", "round in a loop"), (".hidden/x", ""),
])
def test_where_a_link_leads(tmp_path, path, away):
    from generator.textfile import link_leads_away

    root = tmp_path / "project"
    (root / "briefings").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / ".hidden").mkdir()
    (root / "briefings" / "in.md").symlink_to("../README.md")
    (root / "briefings" / "out.md").symlink_to(tmp_path / "x")
    (root / "briefings" / "git").symlink_to("../.git")
    (root / "briefings" / "loop").symlink_to("loop")
    (root / ".hidden" / "x").write_text("named as it is: not judged\n")
    assert link_leads_away(root / path, root) == away


# --- 5. nothing hangs: the tool's own files are opened only as regular files ------------


def _fifo(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    os.mkfifo(path)


def test_a_fifo_as_the_cache_file_does_not_block_check(tmp_path):
    root = copy_project(tmp_path / "project")
    _fifo(root / cache.CACHE_DIR / cache.CACHE_FILE)
    result = run_briefing("check", cwd=root, timeout=HANG)
    assert result.code == 0, result.text


def test_a_fifo_as_the_cache_key_does_not_block_check(tmp_path):
    root = copy_project(tmp_path / "project")
    home = tmp_path / "xdg"
    _fifo(home / "briefing" / "cache-key")
    (home / "briefing" / "cache-key").chmod(0o600)  # as the key is made: private, so only its kind stops the read
    (home / "briefing").chmod(0o700)
    result = run_briefing("check", cwd=root, timeout=HANG, env={"XDG_CACHE_HOME": str(home)})
    assert result.code == 0, result.text


def test_a_fifo_among_the_compiled_templates_does_not_block_rendering(tmp_path):
    """Every compiled template of a first run replaced by a named pipe: the next run renders without waiting."""
    root = copy_project(tmp_path / "project")
    env = {"XDG_CACHE_HOME": str(tmp_path / "xdg")}
    render = "from pathlib import Path; from generator.pipeline import update_docs; from generator.project import Project; " \
             "update_docs(Project.at(Path.cwd()))"
    assert _python(render, root, env).returncode == 0
    compiled = sorted((tmp_path / "xdg" / "briefing" / "templates").glob("__jinja2_*.cache"))
    assert compiled
    for file in compiled:
        _fifo(file)
    shutil.rmtree(root / cache.CACHE_DIR)  # so that every page is rendered again
    (root / "briefings" / MANIFEST).unlink()
    run = _python(render, root, env)
    assert run.returncode == 0, run.stderr


def test_a_fifo_as_the_lock_is_refused_not_waited_on(tmp_path):
    root = copy_project(tmp_path / "project")
    _fifo(root / ".briefing.lock")
    result = run_briefing("status", "army-cap", "open", "--date", "2099-01-01", "--note", "n", "--source", "x",
                          "--quote", "q", cwd=root, timeout=HANG)
    assert result.code == 1
    assert result.err.startswith(".briefing.lock:1:1: build lock: is a named pipe (FIFO), not the tool's own build lock")


def test_a_fifo_as_the_ledger_is_refused_not_waited_on(tmp_path):
    _fifo(tmp_path / ".site.briefing-scratch")
    run = _python("from pathlib import Path; from generator import publish; publish.recover(Path.cwd() / 'site')", tmp_path)
    assert run.returncode == 1 and "scratch ledger: is a named pipe (FIFO)" in run.stderr, run.stderr
