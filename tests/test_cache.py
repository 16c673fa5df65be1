"""The generator cache: a rebuild costs what changed, and its output is what a fresh run gives."""

from __future__ import annotations

import os
import pickle
import shutil
import sys
import threading
import time
from pathlib import Path

import pytest

import generator.link
from generator import cache as cache_module, render
from generator.articles import article_id
from generator.pipeline import Project, update_docs
from generator.site_urls import article_page

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import corpus  # noqa: E402

ARTICLES, POINTS = 30, 12


def docs(project: Path) -> dict[str, bytes]:
    folder = project / "briefings"
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def fresh(project: Path, tmp_path: Path) -> dict[str, bytes]:
    """The docs folder a run without any cache makes from the same inputs."""
    copy = tmp_path / "fresh"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns(cache_module.CACHE_DIR))
    for rel in docs(copy):  # generated pages go; the hand-written ones stay
        if rel in (project / "briefings" / ".generated").read_text("utf-8").split("\n"):
            (copy / "briefings" / rel).unlink()
    update_docs(Project.at(copy))
    return docs(copy)


def corpus_built(factory: pytest.TempPathFactory, name: str, seed: int) -> Path:
    """A synthetic project of ARTICLES x POINTS whose docs (and cache) one generator step made."""
    project = corpus.make_project(factory.mktemp(name) / "p", articles=ARTICLES, points=POINTS, seed=seed)
    update_docs(Project.at(project))
    return project


def copy_built(built: Path, tmp_path: Path) -> Path:
    """A copy of a built project, its cache brought up to date for the copy's place."""
    copy = tmp_path / "p"
    shutil.copytree(built, copy)
    update_docs(Project.at(copy))  # articles are known by their paths: a moved project parses them again
    return copy


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corpus_built(tmp_path_factory, "cache", seed=2)


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Path:
    return copy_built(built, tmp_path)


def test_no_change_links_nothing_and_writes_nothing(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = docs(project)
    cache_file = project / cache_module.CACHE_DIR / cache_module.CACHE_FILE
    stamp = cache_file.stat().st_mtime_ns

    def no_linking(*args, **kwargs):
        raise AssertionError("linked although nothing changed")

    monkeypatch.setattr(generator.link, "link", no_linking)
    monkeypatch.setattr("generator.pipeline.link", no_linking)
    briefing, report = update_docs(Project.at(project))
    assert report.written == () and report.removed == ()
    assert len(briefing.articles) == ARTICLES
    assert docs(project) == before
    assert cache_file.stat().st_mtime_ns == stamp  # not even the cache is written again


def test_add_one_gives_what_a_fresh_run_gives_and_writes_only_changed_pages(project: Path, tmp_path: Path) -> None:
    before = docs(project)
    corpus.add_article(project, index=ARTICLES, points=POINTS, seed=2)
    _, report = update_docs(Project.at(project))
    after = docs(project)
    assert after == fresh(project, tmp_path)  # pages read back from the docs folder included
    assert len(report.reused) > ARTICLES // 2
    changed = {rel for rel in after if before.get(rel) != after[rel]}
    assert set(report.written) == changed - {".generated"}  # the manifest names the new page
    assert any(rel.startswith("articles/2") for rel in changed)
    assert len(changed) < len(after) // 4


def memoised(rel: str) -> bool:
    """A page the cache may give back unrendered: an article's page, a point's page of all mentions, a month of the
    timeline or of the article list."""
    kind, _, name = rel.partition("/")
    return kind in ("mentions", "timeline") or (kind == "articles" and name != "index.md")


def test_add_one_renders_only_the_new_article_page_and_the_pages_that_list_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "POINT_MENTIONS", 2)  # points mentioned in more articles get a page of all mentions
    project = corpus.make_project(tmp_path / "p", articles=ARTICLES, points=POINTS, seed=2)
    update_docs(Project.at(project))
    new = article_id(corpus.add_article(project, index=ARTICLES, points=POINTS, seed=2).stem)
    _, report = update_docs(Project.at(project))
    folder = project / "briefings"
    pages = [rel for rel in docs(project) if memoised(rel)]
    listing = {rel for rel in pages if f"articles/{new}.md" in (folder / rel).read_text("utf-8") and rel != article_page(new)}
    assert any(rel.startswith("mentions/") for rel in listing)
    assert {rel for rel in report.rendered if memoised(rel)} == {article_page(new)} | listing
    assert set(report.reused) == set(pages) - {article_page(new)} - listing
    assert len(report.reused) > 3 * len(listing)


def test_a_memoised_page_changed_by_hand_is_rendered_again(project: Path) -> None:
    rel = next(rel for rel in docs(project) if memoised(rel) and rel.startswith("articles/"))
    page = project / "briefings" / rel
    expected = page.read_bytes()
    page.write_bytes(expected.replace(b"## Text", b"## Edited text"))
    _, report = update_docs(Project.at(project))
    assert rel in report.rendered and rel not in report.reused
    assert report.written == (rel,) and page.read_bytes() == expected


def test_a_page_known_by_its_stat_is_not_read_unless_it_was_written_just_before(tmp_path: Path) -> None:
    docs_dir, racy = tmp_path / "docs", cache_module.RACY_NS
    docs_dir.mkdir()
    old, new, edited, linked = (docs_dir / f"{name}.md" for name in ("old", "new", "edited", "linked"))
    for page in (old, new, edited):
        page.write_bytes(b"as written")
    now = time.time_ns()
    os.utime(old, ns=(now - 2 * racy, now - 2 * racy))  # written long before its signature was taken
    os.utime(edited, ns=(now - 2 * racy, now - 2 * racy))
    written = {p.name: cache_module.signature(p) for p in (old, new, edited)}
    linked.symlink_to(old)
    written["linked.md"] = written["old.md"]
    edited.write_bytes(b"by hand!!!")  # the same size, a new modification time
    keys = dict.fromkeys(written, "k")
    previous = dict.fromkeys(written, ("k", cache_module.digest(b"as written")))
    found = cache_module.reusable_pages(docs_dir, keys, previous, written, now)
    # the old page by its stat alone; the new one read (it may change again within the clock's tick);
    # the edited one read and found changed; the link never
    assert found == {"old.md": b"", "new.md": b"as written"}
    assert cache_module.reusable_pages(docs_dir, keys, previous) == {"old.md": b"as written", "new.md": b"as written"}


def test_edits_to_an_article_and_to_the_terms_give_what_a_fresh_run_gives(project: Path, tmp_path: Path) -> None:
    register = project / "briefings" / "register.yml"
    uncited = [p for p in sorted((project / "seeds").iterdir()) if p.stem not in register.read_text("utf-8")]
    uncited[0].write_text(uncited[0].read_text("utf-8").replace(".", ". Ceasefire talks resumed.", 2), "utf-8")
    uncited[1].unlink()
    update_docs(Project.at(project))
    assert docs(project) == fresh(project, tmp_path)
    register.write_text(register.read_text("utf-8").replace("keywords: [", "keywords: [talks, ", 1), "utf-8")
    update_docs(Project.at(project))
    assert docs(project) == fresh(project, tmp_path)


def test_a_page_changed_by_hand_is_written_again(project: Path) -> None:
    page = project / "briefings" / "points" / "index.md"
    expected = page.read_bytes()
    page.write_text("edited", "utf-8")
    _, report = update_docs(Project.at(project))
    assert report.written == ("points/index.md",)
    assert page.read_bytes() == expected


@pytest.mark.parametrize("damage", [b"not a pickle", b"\x80\x05garbage"])
def test_a_damaged_cache_is_ignored_and_rebuilt(project: Path, tmp_path: Path, damage: bytes) -> None:
    cache_file = project / cache_module.CACHE_DIR / cache_module.CACHE_FILE
    cache_file.write_bytes(damage)
    corpus.add_article(project, index=ARTICLES, points=POINTS, seed=2)
    update_docs(Project.at(project))
    assert docs(project) == fresh(project, tmp_path)
    assert cache_module.load(project, cache_module.tool_key()).briefing is not None


class _Planted:
    """What a hostile pull request could add as a cache: unpickling it would create the marker file."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def test_a_planted_unsigned_cache_is_never_unpickled(project: Path, tmp_path: Path) -> None:
    marker = tmp_path / "code-ran"
    payload = pickle.dumps(_Planted(marker))
    cache_file = project / cache_module.CACHE_DIR / cache_module.CACHE_FILE
    for planted in (payload, b"\0" * 32 + payload):  # bare, and behind a made-up signature
        cache_file.write_bytes(planted)
        assert cache_module.load(project, cache_module.tool_key()).briefing is None
        update_docs(Project.at(project))
        assert not marker.exists(), "a cache file from the project ran code"


def test_a_cache_others_may_write_is_not_loaded(project: Path) -> None:
    cache_file = project / cache_module.CACHE_DIR / cache_module.CACHE_FILE
    assert cache_module.load(project, cache_module.tool_key()).briefing is not None
    os.chmod(cache_file, 0o666)
    assert cache_module.load(project, cache_module.tool_key()).briefing is None


def test_an_unwritable_cache_folder_is_only_slower(project: Path) -> None:
    shutil.rmtree(project / cache_module.CACHE_DIR)
    (project / cache_module.CACHE_DIR).write_text("a file where the folder goes", "utf-8")
    briefing, _ = update_docs(Project.at(project))
    assert len(briefing.articles) == ARTICLES


def _finishes(job, fifo: Path, seconds: float = 20) -> bool:
    """Whether job() returns within seconds; a job blocked on opening the named pipe is released after."""
    thread = threading.Thread(target=job, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        open(fifo, "wb").close()  # the blocked reader opens, reads nothing and goes on
        thread.join()
        return False
    return True


def test_a_named_pipe_in_place_of_the_cache_file_is_not_opened(project: Path) -> None:
    cache_file = project / cache_module.CACHE_DIR / cache_module.CACHE_FILE
    cache_file.unlink()
    os.mkfifo(cache_file, 0o600)
    assert _finishes(lambda: cache_module.load(project, cache_module.tool_key()), cache_file)
    update_docs(Project.at(project))
    assert cache_file.is_file()  # replaced by a cache


def test_a_named_pipe_in_place_of_the_signing_key_is_not_opened(project: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user"))
    key = tmp_path / "user" / "briefing" / "cache-key"
    key.parent.mkdir(parents=True)
    os.mkfifo(key, 0o600)
    assert _finishes(lambda: cache_module.load(project, cache_module.tool_key()), key)


def _stamped_run(project: Path) -> None:
    """A run whose seed files are all older than the cache's racy window, so that their stamps are kept."""
    old = os.stat(project / "seeds").st_mtime_ns - 10 * cache_module.RACY_NS
    for seed in (project / "seeds").iterdir():
        os.utime(seed, ns=(old, old))
    (project / "briefings" / "register.yml").write_text(
        (project / "briefings" / "register.yml").read_text("utf-8") + "\n", "utf-8")  # something to save
    update_docs(Project.at(project))


def test_a_seed_whose_size_and_time_are_unchanged_is_not_read_again(project: Path) -> None:
    _stamped_run(project)
    seed = sorted((project / "seeds").glob("*.txt"))[0]
    info = seed.stat()
    text = seed.read_text("utf-8")
    swapped = text.replace("the", "THE", 1)  # same size: only reading the file tells them apart
    assert swapped != text and len(swapped.encode()) == info.st_size
    seed.write_text(swapped, "utf-8")
    os.utime(seed, ns=(info.st_atime_ns, info.st_mtime_ns))
    briefing, report = update_docs(Project.at(project))
    assert report.written == ()  # the digest of the unchanged stamp: the file was not read
    os.utime(seed, ns=(info.st_atime_ns, info.st_mtime_ns + 1))  # the edit as an editor makes it: a new time
    briefing, report = update_docs(Project.at(project))
    assert article_page(seed.stem) in report.written


def test_a_seed_just_written_is_hashed_again_on_the_next_run(project: Path) -> None:
    _stamped_run(project)
    seed = sorted((project / "seeds").glob("*.txt"))[0]
    text = seed.read_text("utf-8")
    seed.write_text(text.replace("the", "THE", 1), "utf-8")  # now: within the racy window
    update_docs(Project.at(project))
    info = seed.stat()
    seed.write_text(text, "utf-8")  # back, same size, and given the same time: a stamp would hide it
    os.utime(seed, ns=(info.st_atime_ns, info.st_mtime_ns))
    briefing, report = update_docs(Project.at(project))
    assert article_page(seed.stem) in report.written


def test_the_generator_step_pauses_the_cycle_collector_and_gives_it_back(project: Path) -> None:
    import gc

    from generator.errors import InputError
    from generator.pipeline import collector_paused

    seen = []
    with collector_paused():
        seen.append(gc.isenabled())
    assert seen == [False] and gc.isenabled()
    (project / "briefings" / "register.yml").write_text("points: [\n", "utf-8")  # a bad input: the step stops
    with pytest.raises(InputError):
        update_docs(Project.at(project))
    assert gc.isenabled()  # on again after a failed step (a preview keeps running)
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # left off when it was off
    finally:
        gc.enable()


def test_the_objects_of_the_generator_step_are_not_walked_by_the_first_collection_after_it() -> None:
    import gc

    from generator.pipeline import collector_paused

    class Marker:
        pass

    with collector_paused():
        made = [Marker() for _ in range(200_000)]  # far more than one young collection's threshold
    young = gc.get_count()[0]
    assert young < gc.get_threshold()[0]  # no young collection pending over all of them
    assert any(o is made[0] for o in gc.get_objects(generation=2))  # moved to the oldest generation
    assert gc.get_freeze_count() == 0 and gc.isenabled()


def test_an_edited_article_renders_its_months_of_the_timeline_and_of_the_article_list_again(project: Path, tmp_path: Path) -> None:
    seed = sorted((project / "seeds").iterdir())[3]
    months = {f"timeline/{seed.name[:7]}.md", f"articles/{seed.name[:7]}.md"}
    text = seed.read_text("utf-8")
    head, lead = text.split("date ", 1)[1].split(" ", 1)
    seed.write_text(f" date {head} Renamed {lead}", "utf-8")  # the lead, and so the title the months' lists show
    _, report = update_docs(Project.at(project))
    assert months <= set(report.rendered) & set(report.written) and not months & set(report.reused)
    assert docs(project) == fresh(project, tmp_path)
    _, again = update_docs(Project.at(project))
    assert again.written == ()
