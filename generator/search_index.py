"""The readers' search index: Pagefind run on the site the engine built, before it is published.

Pagefind (the `pagefind[bin]` package: a binary in the wheel, no network) reads the built
HTML and writes chunked indexes into the site's `pagefind/` folder: one bundle per part of
the site (generator/search_bundles.py: `recent` and the archive's parts), each a complete Pagefind
bundle that the header's search box (assets/search.js) merges at query time; a query
fetches only the chunks its words need. It reads the engine's output, so it works the same
after MkDocs or Zensical.

Given the last published site (`reuse_from`), a bundle whose input pages are all unchanged
(its digest in that site's `pagefind/bundles.json`) is copied from there instead of
indexed again (generator/search_reuse.py); everything else, and every bundle of a clean build,
is indexed: one Pagefind process a bundle, two small ones at once, an archive part alone.
Each bundle's frequent words then get index chunks of their own (generator/search_chunks.py),
so that rarer words do not fetch them.

The build runs it on the scratch folder, after the engine and before the atomic swap:
a failed or stopped index leaves the previous site published (SearchIndexError, exit 1).
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from zopfli.gzip import compress as zopfli_gzip

from generator.errors import EngineError
from generator.files import write_atomically
from generator.search_chunks import split_bundle
from generator.search_bundles import (ARCHIVE, MANIFEST, MANIFEST_LIMIT, Page, bundle_digest, indexed_part,
                                      manifest_bytes, read_manifest, split)
from generator.search_reuse import BUNDLE_DIR, INPUT_DIR, OLD_DIR, KnownPages, StatKey, copy_bundle, read_pages
from generator.textfile import read_regular_bytes

# Indexing 1,000 articles takes seconds; ten minutes means a hung process, and CI must not hang on it.
SEARCH_TIMEOUT_SECONDS = 600
# One index for the whole site, in English (the site's language): an article in Russian or Ukrainian
# is found from any page, by its words as written. Split by language, a reader searching from an
# English page would never see the Cyrillic articles.
INDEX_LANGUAGE = "en"
# Page furniture, not text: heading permalinks, paragraph numbers, the labels after quotes.
NOT_INDEXED = (".headerlink", ".bf-para__num", ".bf-quote__label")
INSTALL_HINT = "install it with pip install -e . (it needs the pagefind[bin] package)"
# Word positions in an index chunk of an archive part: 5,000 instead of Pagefind's 20,000 (its setting
# PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE; a Pagefind without it makes larger chunks, nothing else). A query fetches
# one chunk per word from every bundle, so the parts' smaller chunks together weigh about what one archive's
# chunk did: at 10,000 x 200, four parts with chunks of 20,000 took the median query from 240 to 312 KB; with
# chunks of 5,000, to 270 KB, every query finding the same results.
PART_CHUNK_POSITIONS = 5000
# What Pagefind is given of each page, and what is done to its bundle after: change it when
# search_bundles.indexed_part, search_chunks.split_bundle or recompress_meta changes, so that no bundle
# made another way is reused.
PAGES_GIVEN = f"indexed_part 1; frequent words alone 1; meta zopfli 1; part chunks {PART_CHUNK_POSITIONS}"
# Pagefind also writes its own ready-made search interfaces, and a web worker's script: the site uses its
# own box (assets/search.js), which runs Pagefind on the page itself (noWorker)
UNUSED_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
                "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js", "pagefind-worker.js")
# Pages indexed at once: Pagefind keeps about 1.2 cores busy and holds about 0.3 MB a page while it runs, so
# small bundles share the machine's cores, and an archive part (up to search_bundles.PART_PAGES) runs alone.
CONCURRENT_PAGES = 3000
# Zopfli's passes over the page list: 5 gives within 0.1% of 15, in a fifth less time.
ZOPFLI_ITERATIONS = 5
# A page list smaller than this (gzipped, about 2,000 pages) is left as Pagefind wrote it: Zopfli costs
# at least 0.07 s of CPU a file, and at 1,000 articles would save 1 KB a query for 0.24 s (8% of indexing).
RECOMPRESS_FROM = 20 * 1024


@dataclass(frozen=True)
class IndexResult:
    """What indexing did: ok or not, Pagefind's output (for the error message), pages, seconds, and the
    bundles indexed and copied from the last site."""

    ok: bool
    output: str
    pages: int = 0
    seconds: float = 0.0
    indexed: tuple[str, ...] = ()
    reused: tuple[str, ...] = ()
    read: dict[str, tuple[StatKey, Page]] = field(default_factory=dict)  # the pages of the site, as read_pages


class SearchIndexError(EngineError):
    """Pagefind could not index the built site; nothing was published."""


def pagefind_binary() -> Path | None:
    """The Pagefind executable: the one the pagefind-bin wheel ships, else one on PATH."""
    try:
        from pagefind_bin import get_executable  # the wheel's own lookup
    except ImportError:
        found = shutil.which("pagefind")
        return Path(found) if found else None
    try:
        return get_executable()
    except FileNotFoundError:
        return None


def command(binary: Path, site: Path, output: Path | None = None) -> list[str]:
    """The Pagefind command line for a folder of built pages, writing its bundle to output (default site/pagefind)."""
    return [str(binary), "--site", str(site), "--output-path", str(output or site / BUNDLE_DIR),
            "--force-language", INDEX_LANGUAGE, "--exclude-selectors", ", ".join(NOT_INDEXED)]


_PAGES = re.compile(r"Indexed (\d+) pages?")
_COLOUR = re.compile(r"\x1b\[[0-9;]*m")


def run_pagefind(site: Path, timeout: float = SEARCH_TIMEOUT_SECONDS, binary: Path | None = None,
                 output: Path | None = None) -> IndexResult:
    """Index the built pages in `site` into one bundle (output, default site/pagefind/)."""
    binary = binary or pagefind_binary()
    if binary is None:
        return IndexResult(False, f"Pagefind is not installed ({INSTALL_HINT})")
    return finish_pagefind(start_pagefind(binary, site, output), timeout)


@dataclass
class Running:
    """A Pagefind process started (or the reason it could not be), with its output file and bundle folder."""

    process: subprocess.Popen | None
    log: IO[bytes] | None
    bundle: Path
    started: float
    failure: str = ""


def start_pagefind(binary: Path, site: Path, output: Path | None = None, env: dict[str, str] | None = None) -> Running:
    """Start Pagefind on a folder of built pages; its output goes to a file (a pipe nobody reads yet could
    stop it while another bundle's Pagefind is waited on)."""
    bundle, started = output or site / BUNDLE_DIR, time.monotonic()
    log = tempfile.TemporaryFile()
    try:
        process = subprocess.Popen(command(binary, site, output), stdin=subprocess.DEVNULL, stdout=log,
                                   stderr=subprocess.STDOUT, env=env)
    except OSError as exc:
        log.close()
        return Running(None, None, bundle, started, f"Pagefind could not be started: {exc.strerror or exc} ({binary})")
    return Running(process, log, bundle, started)


def finish_pagefind(run: Running, timeout: float) -> IndexResult:
    """Wait for a Pagefind process (stopped after timeout seconds from its start), then tidy its bundle."""
    if run.process is None or run.log is None:
        return IndexResult(False, run.failure)
    with run.log:
        try:
            run.process.wait(timeout=max(timeout - (time.monotonic() - run.started), 0.001))
        except subprocess.TimeoutExpired:
            run.process.kill()
            run.process.wait()
            return IndexResult(False, f"Pagefind did not finish within {timeout:g} seconds and was stopped")
        run.log.seek(0)
        text = _COLOUR.sub("", run.log.read().decode("utf-8", errors="replace")).strip()
    seconds = time.monotonic() - run.started
    pages = int(match.group(1)) if (match := _PAGES.search(text)) else 0
    if run.process.returncode != 0:
        return IndexResult(False, f"Pagefind failed (exit status {run.process.returncode}):\n{_tail(text)}", pages, seconds)
    if pages == 0:
        return IndexResult(False, f"Pagefind found no page to index\n{_tail(text)}", pages, seconds)
    for name in UNUSED_FILES:
        run.bundle.joinpath(name).unlink(missing_ok=True)
    split_bundle(run.bundle)
    for meta in run.bundle.glob("*.pf_meta"):
        recompress_meta(meta)
    return IndexResult(True, text, pages, time.monotonic() - run.started)


def recompress_meta(meta: Path, smallest: int = RECOMPRESS_FROM) -> None:
    """Gzip a bundle's page list (its .pf_meta file) again with Zopfli, which Pagefind reads as any gzip,
    if it is at least `smallest` bytes.

    Every search fetches the page list of every bundle whole: at 10,000 articles 93 KB as Pagefind
    writes it (one hash and word count per page), 79 KB after Zopfli, for 0.4 s of CPU. The index
    chunks, a few per query but hundreds per bundle, gain 5% for the same time each, and are left.
    """
    packed = meta.read_bytes()
    if len(packed) < smallest:
        return
    try:
        data = gzip.decompress(packed)
    except (OSError, EOFError):  # not gzip: a Pagefind that writes another format; left as it is
        return
    meta.write_bytes(zopfli_gzip(data, numiterations=ZOPFLI_ITERATIONS))


def _tail(output: str, lines: int = 20) -> str:
    """The end of Pagefind's output, where it says what went wrong."""
    return "\n".join(output.splitlines()[-lines:])


def recipe(binary: Path) -> str:
    """How a bundle is made: Pagefind's version, its command line's options and what it is given of each page
    ('' if the version is unknown: then nothing is reused)."""
    try:
        proc = subprocess.run([str(binary), "--version"], capture_output=True, text=True, stdin=subprocess.DEVNULL,
                              timeout=30)
    except (OSError, subprocess.SubprocessError):
        return ""
    version = proc.stdout.strip()
    options = " ".join(command(Path("pagefind"), Path("."))[1:])
    return f"{version}\0{options}\0{PAGES_GIVEN}" if proc.returncode == 0 and version else ""


def last_digests(bundles: Path | None) -> dict[str, str]:
    """The bundles of the last published site (its pagefind/ folder) that may be copied: name -> digest."""
    if bundles is None or bundles.is_symlink():
        return {}
    try:
        data = read_regular_bytes(bundles / MANIFEST)
    except OSError:
        return {}
    return read_manifest(data[:MANIFEST_LIMIT + 1])


def index_at_once(binary: Path, site: Path, bundles: dict[str, list[Page]], timeout: float,
                  concurrent_pages: int = CONCURRENT_PAGES) -> dict[str, IndexResult]:
    """Pagefind on each bundle's pages, one process a bundle, as many at once as keep the pages being indexed
    within concurrent_pages (one always runs). Each bundle's pages (their indexed part) are written into a
    folder of the scratch site, the largest bundle first, and its Pagefind started as soon as they are
    and there is room (the next bundle's pages are written while it runs); the folders are removed at the
    end. At the first failure the others are stopped and not started. Results in bundle order."""
    inputs, started, runs = site / INPUT_DIR, time.monotonic(), {}
    done: dict[str, IndexResult] = {}
    deadline = started + timeout
    shutil.rmtree(inputs, ignore_errors=True)
    try:
        for name, pages in sorted(bundles.items(), key=lambda item: -len(item[1])):
            for page in pages:
                target = inputs / name / page.path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(indexed_part((site / page.path).read_bytes()))

            def room(wanted: int = len(pages)) -> bool:
                busy = sum(len(bundles[other]) for other in runs if other not in done)
                return busy == 0 or busy + wanted <= concurrent_pages

            if not _collect(runs, done, deadline, room):
                break
            runs[name] = start_pagefind(binary, inputs / name, site / BUNDLE_DIR / name, _pagefind_env(name))
        else:
            _collect(runs, done, deadline, lambda: len(done) == len(runs))
        return {name: done[name] for name in bundles if name in done}
    finally:
        for run in runs.values():  # stopped, when another failed or this step itself did
            if run.process is not None and run.process.poll() is None:
                run.process.kill()
                run.process.wait()
        shutil.rmtree(inputs, ignore_errors=True)


def _pagefind_env(name: str) -> dict[str, str] | None:
    """Pagefind's environment for a bundle: an archive part's smaller index chunks; else the build's own."""
    if name.startswith(f"{ARCHIVE}-"):
        return {**os.environ, "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": str(PART_CHUNK_POSITIONS)}
    return None


def _collect(runs: dict[str, Running], done: dict[str, IndexResult], deadline: float,
             enough: Callable[[], bool]) -> bool:
    """Wait for the Pagefind processes as they end, their results into done, until enough() holds; False at
    the first that failed or at the deadline (index_at_once then stops the others)."""
    while True:
        for name, run in runs.items():
            ended = run.process is None or run.process.poll() is not None
            if name not in done and (ended or time.monotonic() >= deadline):
                done[name] = finish_pagefind(run, deadline - run.started)
                if not done[name].ok:
                    return False
        if enough():
            return True
        time.sleep(0.02)


def _set_aside(site: Path, reuse_from: Path | None) -> Path | None:
    """Move a pagefind/ folder already in the site out of the way; the folder of bundles to copy from."""
    aside = site / OLD_DIR
    shutil.rmtree(aside, ignore_errors=True)
    if (site / BUNDLE_DIR).is_dir() and not (site / BUNDLE_DIR).is_symlink():
        (site / BUNDLE_DIR).rename(aside)
    else:
        (site / BUNDLE_DIR).unlink(missing_ok=True)
    if reuse_from is None:
        return None
    return aside if reuse_from.resolve() == site.resolve() else reuse_from / BUNDLE_DIR


def index_bundles(site: Path, timeout: float = SEARCH_TIMEOUT_SECONDS, reuse_from: Path | None = None,
                  binary: Path | None = None, known: KnownPages | None = None) -> IndexResult:
    """Index the built site in `site` as bundles plus their manifest, copying unchanged bundles from reuse_from;
    pages as in known are not read again (read_pages)."""
    binary = binary or pagefind_binary()
    if binary is None:
        return IndexResult(False, f"Pagefind is not installed ({INSTALL_HINT})")
    started = time.monotonic()
    read = read_pages(site, known or {})
    bundles = split(page for _, page in read.values())
    if not bundles:
        return IndexResult(False, "Pagefind found no page to index")
    how = recipe(binary)
    source = _set_aside(site, reuse_from)
    try:
        last = last_digests(source) if how else {}
        written, reused, to_index = {}, [], {}
        for name, pages in bundles.items():
            digest = bundle_digest(how, pages) if how else "0" * 64
            if last.get(name) == digest and copy_bundle(source / name, site / BUNDLE_DIR / name):
                reused.append(name)
            else:
                to_index[name] = pages
            written[name] = (len(pages), digest)
        results = index_at_once(binary, site, to_index, timeout - (time.monotonic() - started)) if to_index else {}
        if failed := next((result for result in results.values() if not result.ok), None):
            return failed
    finally:
        shutil.rmtree(site / OLD_DIR, ignore_errors=True)
    write_atomically(site / BUNDLE_DIR / MANIFEST, manifest_bytes(written), durable=False)
    count = sum(pages for pages, _ in written.values())
    outputs = "\n".join(f"{name}: {result.output}" for name, result in results.items())
    return IndexResult(True, outputs, count, time.monotonic() - started, tuple(results), tuple(reused), read)


def index_site(site: Path, display: str, timeout: float = SEARCH_TIMEOUT_SECONDS,
               reuse_from: Path | None = None, known: KnownPages | None = None) -> IndexResult:
    """Index a built site folder for the readers' search, reusing the unchanged bundles of the last published
    site (reuse_from, if given) and the pages read by the last build (known); SearchIndexError (located at
    display) if that fails."""
    result = index_bundles(site, timeout, reuse_from, known=known)
    if not result.ok:
        first, _, rest = result.output.partition("\n")
        raise SearchIndexError(f"{display}:0:0: search index: {first}; the previous site is unchanged"
                               + (f"\n{rest}" if rest else ""))
    return result
