"""The search index in bundles (generator/search_bundles.py, pure) and their reuse by a rebuild
(generator/search_index.py, on tiny sites with the real Pagefind): which bundle a page goes to, the
digest, the manifest read back as hostile input, and a bundle copied only when its pages are unchanged."""

from __future__ import annotations

import gzip
import json
import os
import time
from pathlib import Path

import pytest

from generator.search_bundles import (
    ARCHIVE, RECENT, Page, bundle_digest, indexed_part, manifest_bytes, page_of, period_of, read_manifest, split,
)
from generator.search_index import (
    BUNDLE_DIR, INPUT_DIR, OLD_DIR, PART_CHUNK_POSITIONS, index_at_once, index_bundles, index_site, pagefind_binary,
    recompress_meta,
)


def _html(body: str, *, article: str | None = None, marked: bool = True) -> str:
    fields = (f'<span data-pagefind-filter="kind:article"></span><span data-pagefind-sort="date:{article}"></span>'
              if article else "")
    main = f"<main data-pagefind-body>{fields}{body}</main>" if marked else f"<main>{body}</main>"
    return f'<html lang="en"><body>{main}</body></html>'


def _site(root: Path, pages: dict[str, str]) -> Path:
    for rel, text in pages.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")
    return root


PAGES = {
    "index.html": _html("<h1>Overview</h1><p>Points of the plan.</p>"),
    "points/army-cap/index.html": _html("<h1>Army cap</h1><p>Six hundred thousand.</p>"),
    "articles/index.html": _html("<h1>Articles</h1>", marked=False),
    "articles/old/index.html": _html("<h1>Old</h1><p>Quokkaland.</p>", article="2025-10-02"),
    "articles/new/index.html": _html("<h1>New</h1><p>Wombatfjord.</p>", article="2025-11-27"),
}
OLD = f"{ARCHIVE}-2025-10-01"  # the archive's one part, named by its first period


def test_a_period_is_a_third_of_a_month_named_by_its_first_day():
    assert [period_of("2025-12", day) for day in (1, 10, 11, 20, 21, 30, 31)] == [
        "2025-12-01", "2025-12-01", "2025-12-11", "2025-12-11", "2025-12-21", "2025-12-21", "2025-12-21"]
    assert period_of("2024-02", 29) == "2024-02-21"
    html = _html("x", article="2025-11-27").encode()
    assert page_of("a.html", html).period == "2025-11-21"
    assert page_of("a.html", _html("x").encode()).period is None  # not an article


def test_pages_split_into_recent_and_the_archive_by_the_newest_period():
    pages = [page_of(rel, text.encode()) for rel, text in PAGES.items()]
    bundles = split(pages)
    assert list(bundles) == [RECENT, OLD]
    assert [p.path for p in bundles[RECENT]] == ["articles/new/index.html", "index.html", "points/army-cap/index.html"]
    assert [p.path for p in bundles[OLD]] == ["articles/old/index.html"]  # the unmarked list page: in none


def test_one_period_of_articles_is_one_bundle_and_unmarked_sites_are_indexed_whole():
    one_period = [page_of("a.html", _html("x", article="2025-11-01").encode()), page_of("b.html", _html("y").encode())]
    assert list(split(one_period)) == [RECENT]
    unmarked = [page_of("a.html", _html("x", marked=False).encode())]
    assert [p.path for p in split(unmarked)[RECENT]] == ["a.html"]


def test_the_archive_is_cut_into_parts_of_whole_periods_named_by_their_first():
    sizes = {"2025-01-01": 3, "2025-01-11": 2, "2025-01-21": 6, "2025-02-01": 1, "2025-02-11": 2, "2025-02-21": 4}
    pages = [Page(f"articles/{period}-{i}/index.html", "0" * 64, True, period)
             for period, count in sizes.items() for i in range(count)] + [Page("index.html", "0" * 64, True, None)]
    bundles = split(pages, part_pages=5)
    # 2025-02-21 is the newest period: in recent; 2025-01-21 is larger than a part: alone
    assert {name: len(members) for name, members in bundles.items()} == {
        RECENT: 5, f"{ARCHIVE}-2025-01-01": 5, f"{ARCHIVE}-2025-01-21": 6, f"{ARCHIVE}-2025-02-01": 3}
    assert all(members == sorted(members, key=lambda p: p.path) for members in bundles.values())
    # another article of the newest period: only recent changes
    same = split(pages + [Page("articles/2025-02-28-x/index.html", "0" * 64, True, "2025-02-21")], part_pages=5)
    assert all(same[name] == bundles[name] for name in bundles if name != RECENT) and len(same[RECENT]) == 6
    # a new period: the period before it joins the newest part (or starts one); the older parts stay as they were
    later = split(pages + [Page("articles/2025-03-01-0/index.html", "0" * 64, True, "2025-03-01")], part_pages=5)
    assert {name: len(members) for name, members in later.items()} == {
        RECENT: 2, f"{ARCHIVE}-2025-01-01": 5, f"{ARCHIVE}-2025-01-21": 6, f"{ARCHIVE}-2025-02-01": 3,
        f"{ARCHIVE}-2025-02-21": 4}
    assert all(later[name] == bundles[name] for name in bundles if name != RECENT)


def test_the_digest_changes_with_a_page_its_path_a_removal_and_the_recipe():
    pages = [Page("a.html", "1" * 64, True, None), Page("b.html", "2" * 64, True, None)]
    digest = bundle_digest("pagefind 1.5.2", pages)
    assert bundle_digest("pagefind 1.5.2", list(reversed(pages))) == digest
    assert bundle_digest("pagefind 1.5.3", pages) != digest
    assert bundle_digest("pagefind 1.5.2", pages[:1]) != digest
    assert bundle_digest("pagefind 1.5.2", [pages[0], Page("c.html", "2" * 64, True, None)]) != digest
    assert bundle_digest("pagefind 1.5.2", [pages[0], Page("b.html", "3" * 64, True, None)]) != digest


def test_a_manifest_reads_back_only_as_written():
    written = manifest_bytes({RECENT: (3, "a" * 64), OLD: (1, "b" * 64)})
    assert read_manifest(written) == {RECENT: "a" * 64, OLD: "b" * 64}
    good = json.loads(written)
    hostile = [
        None, b"", b"\xff\xfe", b"[]", b"{}", b"null", b"[" * 100_000, b" " * 70_000 + written,
        json.dumps({**good, "format": 2}).encode(), json.dumps({**good, "extra": 1}).encode(),
        json.dumps({**good, "bundles": {}}).encode(),
        json.dumps({**good, "bundles": [{"name": "../x", "pages": 1, "digest": "a" * 64}]}).encode(),
        json.dumps({**good, "bundles": [{"name": "recent", "pages": -1, "digest": "a" * 64}]}).encode(),
        json.dumps({**good, "bundles": [{"name": "recent", "pages": True, "digest": "a" * 64}]}).encode(),
        json.dumps({**good, "bundles": [{"name": "recent", "pages": 1, "digest": "A" * 64}]}).encode(),
        json.dumps({**good, "bundles": [{"name": "recent", "pages": 1, "digest": "a" * 64, "x": 1}]}).encode(),
        json.dumps({**good, "bundles": [good["bundles"][0], good["bundles"][0]]}).encode(),
    ]
    assert [read_manifest(data) for data in hostile] == [{}] * len(hostile)


def _mtimes(site: Path) -> dict[str, int]:
    return {name: (site / BUNDLE_DIR / name / "pagefind-entry.json").stat().st_mtime_ns for name in (RECENT, OLD)}


def test_a_rebuild_copies_the_unchanged_bundle_and_indexes_the_changed_one(tmp_path):
    last = _site(tmp_path / "last", PAGES)
    first = index_site(last, "site")
    assert first.indexed == (RECENT, OLD) and first.reused == () and first.pages == 4
    changed = dict(PAGES, **{"articles/newer/index.html": _html("<h1>Newer</h1>", article="2025-11-28")})
    site = _site(tmp_path / "site", changed)
    again = index_site(site, "site", reuse_from=last)
    assert again.indexed == (RECENT,) and again.reused == (OLD,) and again.pages == 5
    assert _mtimes(site)[OLD] == _mtimes(last)[OLD]  # copied as it was
    assert not (site / INPUT_DIR).exists() and not (site / OLD_DIR).exists()
    clean = index_site(_site(tmp_path / "clean", changed), "site")  # no last site: every bundle indexed
    assert clean.indexed == (RECENT, OLD) and clean.reused == ()


def test_an_engine_run_into_a_copy_of_the_last_site_reuses_its_own_bundles(tmp_path):
    site = _site(tmp_path / "site", PAGES)
    index_site(site, "site")
    (site / "points" / "army-cap" / "index.html").write_text(_html("<h1>Army cap</h1><p>Changed.</p>"), "utf-8")
    again = index_site(site, "site", reuse_from=site)
    assert again.indexed == (RECENT,) and again.reused == (OLD,)
    assert sorted(os.listdir(site / BUNDLE_DIR)) == [OLD, "bundles.json", RECENT]
    assert not (site / OLD_DIR).exists()


def _files(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {path.relative_to(folder).as_posix(): (path.stat().st_ino, path.read_bytes())
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_a_reused_bundle_is_linked_to_the_last_sites_files_which_keep_their_bytes(tmp_path):
    last = _site(tmp_path / "last", PAGES)
    index_site(last, "site")
    before = _files(last / BUNDLE_DIR)
    changed = dict(PAGES, **{"articles/newer/index.html": _html("<h1>Newer</h1>", article="2025-11-27")})
    site = _site(tmp_path / "site", changed)
    assert index_site(site, "site", reuse_from=last).reused == (OLD,)
    linked = _files(site / BUNDLE_DIR / OLD)
    assert linked and {rel: ino for rel, (ino, _) in linked.items()} == {
        rel.removeprefix(f"{OLD}/"): ino for rel, (ino, _) in before.items() if rel.startswith(f"{OLD}/")}
    assert _files(last / BUNDLE_DIR) == before  # the published bundles, recent included, as they were


def _wrapped_pagefind(tmp_path: Path, before: str) -> Path:
    """The real Pagefind behind a shell script that runs `before` first (not for --version)."""
    script = tmp_path / "pagefind"
    script.write_text(f'#!/bin/sh\n[ "$1" = --version ] || {{ {before}; }}\nexec "{pagefind_binary()}" "$@"\n', "utf-8")
    script.chmod(0o755)
    return script


def test_the_bundles_of_a_clean_build_are_indexed_at_once(tmp_path):
    log = tmp_path / "runs.log"
    binary = _wrapped_pagefind(tmp_path, f'echo start >> "{log}"; sleep 1; echo end >> "{log}"')
    result = index_bundles(_site(tmp_path / "site", PAGES), binary=binary)
    assert result.ok and result.indexed == (RECENT, OLD), result.output
    assert log.read_text("utf-8").split() == ["start", "start", "end", "end"]  # the second began before the first ended


def test_bundles_too_large_to_index_together_are_indexed_one_after_the_other(tmp_path):
    log = tmp_path / "runs.log"
    binary = _wrapped_pagefind(tmp_path, f'echo start >> "{log}"; sleep 1; echo end >> "{log}"')
    site = _site(tmp_path / "site", PAGES)
    results = index_at_once(binary, site, split(page_of(rel, text.encode()) for rel, text in PAGES.items()),
                            timeout=60, concurrent_pages=3)  # recent's 3 pages leave no room for the part's 1
    assert list(results) == [RECENT, OLD] and all(result.ok for result in results.values())
    assert log.read_text("utf-8").split() == ["start", "end", "start", "end"]


def test_an_archive_part_is_indexed_in_smaller_chunks(tmp_path):
    log = tmp_path / "runs.log"
    binary = _wrapped_pagefind(tmp_path, f'echo "${{PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE:-default}} $4" >> "{log}"')
    assert index_bundles(_site(tmp_path / "site", PAGES), binary=binary).ok
    assert sorted(log.read_text("utf-8").splitlines()) == sorted([
        f"{PART_CHUNK_POSITIONS} {tmp_path}/site/pagefind/{OLD}", f"default {tmp_path}/site/pagefind/{RECENT}"])


def test_one_bundle_failing_stops_the_others_and_publishes_nothing(tmp_path):
    binary = _wrapped_pagefind(tmp_path, 'case "$*" in *archive*) echo "Error: no" >&2; exit 3;; *) sleep 30;; esac')
    site = _site(tmp_path / "site", PAGES)
    started = time.monotonic()
    result = index_bundles(site, binary=binary)
    assert not result.ok and result.output.startswith("Pagefind failed (exit status 3):")
    assert time.monotonic() - started < 20  # recent's Pagefind was stopped, not waited for
    assert not (site / INPUT_DIR).exists() and not (site / BUNDLE_DIR / "bundles.json").exists()


@pytest.mark.parametrize("plant", ["manifest", "link", "fifo", "missing-entry", "no-manifest"])
def test_a_damaged_last_site_means_indexing_again(tmp_path, plant):
    last = _site(tmp_path / "last", PAGES)
    index_site(last, "site")
    archive = last / BUNDLE_DIR / OLD
    if plant == "manifest":
        (last / BUNDLE_DIR / "bundles.json").write_text('{"format": 1, "bundles": "all"}', "utf-8")
    elif plant == "link":
        (archive / "planted").symlink_to("/etc/passwd")
    elif plant == "fifo":
        os.mkfifo(archive / "planted")
    elif plant == "missing-entry":
        (archive / "pagefind-entry.json").unlink()
    else:
        (last / BUNDLE_DIR / "bundles.json").unlink()
    site = _site(tmp_path / "site", PAGES)
    again = index_site(site, "site", reuse_from=last)
    if plant in ("manifest", "no-manifest"):  # nothing is known of the last bundles
        assert again.indexed == (RECENT, OLD) and again.reused == ()
    else:  # only the damaged bundle is indexed again
        assert again.indexed == (OLD,) and again.reused == (RECENT,)
    assert not os.path.lexists(site / BUNDLE_DIR / OLD / "planted")


def test_pagefind_is_given_the_marked_content_of_a_themed_page_and_any_other_page_whole():
    themed = (b'<!doctype html>\n<html lang="ru" class="no-js"><head><title>A &amp; B</title><script>x</script></head>'
              b'<body><header>Site <nav>menu</nav></header><article><div data-pagefind-body><h1>A</h1><p>Text</p></div>'
              b"</article><footer>Made with</footer></body></html>")
    part = indexed_part(themed)
    assert part.startswith(b'<!doctype html>\n<html lang="ru" class="no-js"><head><meta charset="utf-8"><title>A &amp; B')
    assert b"<div data-pagefind-body><h1>A</h1><p>Text</p></div>" in part
    assert not any(word in part for word in (b"menu", b"Made with", b"<script>", b"<header>"))
    for other in (themed.replace(b"</article>", b""), themed.replace(b" data-pagefind-body", b""),
                  themed.replace(b"<p>Text</p>", b"<p>Text</p><div data-pagefind-body>again</div>"), b"plain text"):
        assert indexed_part(other) == other


def test_each_bundle_keeps_only_what_the_box_loads_and_a_page_list_pagefind_reads(tmp_path):
    site = _site(tmp_path / "site", PAGES)
    index_site(site, "site")
    for name in (RECENT, OLD):
        files = sorted(p.name for p in (site / BUNDLE_DIR / name).iterdir() if p.is_file())
        assert "pagefind-worker.js" not in files and "pagefind-ui.js" not in files  # the box runs Pagefind on the page
        (meta,) = (site / BUNDLE_DIR / name).glob("*.pf_meta")
        data = gzip.decompress(meta.read_bytes())
        assert data.startswith(b"pagefind_dcd")  # still what Pagefind reads


def test_a_page_list_recompressed_is_smaller_and_reads_back_the_same(tmp_path):
    # a page list as Pagefind writes it: one short hash and word count per page, gzipped at level 6
    data = b"pagefind_dcd" + b"".join(b"\x82jen_%07x\x19\x02%c" % (i * 2654435761 % 2**28, i % 256) for i in range(3000))
    meta = tmp_path / "pagefind.en_0.pf_meta"
    meta.write_bytes(gzip.compress(data, compresslevel=6))
    before = meta.read_bytes()
    recompress_meta(meta, smallest=len(before) + 1)  # too small to be worth Zopfli's time: left as it is
    assert meta.read_bytes() == before
    recompress_meta(meta, smallest=0)
    assert gzip.decompress(meta.read_bytes()) == data
    assert meta.stat().st_size < 0.95 * len(before)
    other = tmp_path / "other.pf_meta"  # not gzip: left as it is
    other.write_bytes(b"not gzip")
    recompress_meta(other, smallest=0)
    assert other.read_bytes() == b"not gzip"
