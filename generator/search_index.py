"""The readers' search index: Pagefind run on the site the engine built, before it is published.

Pagefind (the `pagefind[bin]` package: a binary in the wheel, no network) reads the built
HTML and writes chunked indexes into the site's `pagefind/` folder: one bundle per part of
the site (generator/search_bundles.py: `recent` and `archive`), each a complete Pagefind
bundle that the header's search box (assets/search.js) merges at query time; a query
fetches only the chunks its words need. It reads the engine's output, so it works the same
after MkDocs or Zensical.

Given the last published site (`reuse_from`), a bundle whose input pages are all unchanged
(its digest in that site's `pagefind/bundles.json`) is copied from there instead of
indexed again; everything else, and every bundle of a clean build, is indexed.

The build runs it on the scratch folder, after the engine and before the atomic swap:
a failed or stopped index leaves the previous site published (SearchIndexError, exit 1).
"""

from __future__ import annotations

import errno
import gzip
import os
import re
import shutil
import stat
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from zopfli.gzip import compress as zopfli_gzip

from generator.errors import EngineError
from generator.files import write_atomically
from generator.search_bundles import (MANIFEST, MANIFEST_LIMIT, Page, bundle_digest, indexed_part, manifest_bytes, page_of,
                                      read_manifest, split)
from generator.textfile import read_regular_bytes

BUNDLE_DIR = "pagefind"  # the bundles and their manifest, inside the site
INPUT_DIR = ".pagefind-input"  # one bundle's pages (their indexed part), in the scratch site while Pagefind reads them
OLD_DIR = ".pagefind-old"  # a pagefind/ folder already in the site (an engine run into a copy of the last site)
# Indexing 1,000 articles takes seconds; ten minutes means a hung process, and CI must not hang on it.
SEARCH_TIMEOUT_SECONDS = 600
# One index for the whole site, in English (the site's language): an article in Russian or Ukrainian
# is found from any page, by its words as written. Split by language, a reader searching from an
# English page would never see the Cyrillic articles.
INDEX_LANGUAGE = "en"
# Page furniture, not text: heading permalinks, paragraph numbers, the labels after quotes.
NOT_INDEXED = (".headerlink", ".bf-para__num", ".bf-quote__label")
INSTALL_HINT = "install it with pip install -e . (it needs the pagefind[bin] package)"
# What Pagefind is given of each page, and what is done to its bundle after: change it when
# search_bundles.indexed_part or recompress_meta changes, so that no bundle made another way is reused.
PAGES_GIVEN = "indexed_part 1; meta zopfli 1"
# Pagefind also writes its own ready-made search interfaces, and a web worker's script: the site uses its
# own box (assets/search.js), which runs Pagefind on the page itself (noWorker)
UNUSED_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
                "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js", "pagefind-worker.js")
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
    started = time.monotonic()
    try:
        proc = subprocess.run(command(binary, site, output), capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, timeout=max(timeout, 0.001))
    except subprocess.TimeoutExpired:
        return IndexResult(False, f"Pagefind did not finish within {timeout:g} seconds and was stopped")
    except OSError as exc:
        return IndexResult(False, f"Pagefind could not be started: {exc.strerror or exc} ({binary})")
    seconds = time.monotonic() - started
    text = _COLOUR.sub("", proc.stdout + proc.stderr).strip()
    pages = int(match.group(1)) if (match := _PAGES.search(text)) else 0
    if proc.returncode != 0:
        return IndexResult(False, f"Pagefind failed (exit status {proc.returncode}):\n{_tail(text)}", pages, seconds)
    if pages == 0:
        return IndexResult(False, f"Pagefind found no page to index\n{_tail(text)}", pages, seconds)
    bundle = output or site / BUNDLE_DIR
    for name in UNUSED_FILES:
        bundle.joinpath(name).unlink(missing_ok=True)
    for meta in bundle.glob("*.pf_meta"):
        recompress_meta(meta)
    return IndexResult(True, text, pages, time.monotonic() - started)


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


StatKey = tuple[int, int, int, int]  # a file's device, inode, size and modification time (ns)
KnownPages = Mapping[str, tuple[StatKey, Page]]


def site_pages(site: Path) -> list[Page]:
    """Every built HTML file of the site (regular files only, never through a link), outside pagefind/."""
    return [page for _, page in read_pages(site, {}).values()]


def read_pages(site: Path, known: KnownPages) -> dict[str, tuple[StatKey, Page]]:
    """site_pages, each with its StatKey; a page whose StatKey is as in known (the signed record of the pages
    the last build read: the same file, hard-linked from the last site and not written since) is taken
    from there without reading it."""
    found: dict[str, tuple[StatKey, Page]] = {}
    _read_folder(str(site), "", known, found)
    return found


def _read_folder(folder: str, prefix: str, known: KnownPages, found: dict[str, tuple[StatKey, Page]]) -> None:
    with os.scandir(folder) as entries:
        for entry in entries:
            rel = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                if prefix or entry.name not in (BUNDLE_DIR, INPUT_DIR, OLD_DIR):
                    _read_folder(entry.path, rel + "/", known, found)
            elif entry.name.endswith(".html") and entry.is_file(follow_symlinks=False):
                info = entry.stat(follow_symlinks=False)
                key = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
                last = known.get(rel)
                found[rel] = last if last is not None and last[0] == key else (key, page_of(rel, _read(entry.path)))


def _read(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


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


def copy_bundle(source: Path, target: Path) -> bool:
    """Put a bundle of the last site into target, if it is a folder of folders and regular files only (no link,
    no other kind of file) holding Pagefind's entry file; False, with nothing left behind, otherwise.

    Its files are hard links to the published ones (copies where a link cannot be made): no build writes
    a published bundle's files in place (Pagefind writes a bundle it indexes into a new folder, and an
    engine run's copy of the last site leaves pagefind/ out), so the published bytes stay as they are.
    """
    try:
        if not stat.S_ISDIR(source.lstat().st_mode) or not stat.S_ISREG((source / "pagefind-entry.json").lstat().st_mode):
            return False
        folders, files = [], []
        if not _bundle_entries(str(source), "", folders, files):
            return False
        target.mkdir(parents=True)
        for rel in folders:
            os.mkdir(os.path.join(target, rel))
        for rel in files:
            _link_or_copy(os.path.join(source, rel), os.path.join(target, rel))
    except OSError:
        shutil.rmtree(target, ignore_errors=True)
        return False
    return True


def _bundle_entries(folder: str, prefix: str, folders: list[str], files: list[str]) -> bool:
    """Collect a bundle's folders and files (paths below it, parents first); False at anything else."""
    with os.scandir(folder) as found:
        for entry in found:
            if entry.is_dir(follow_symlinks=False):
                folders.append(prefix + entry.name)
                if not _bundle_entries(entry.path, f"{prefix}{entry.name}/", folders, files):
                    return False
            elif entry.is_file(follow_symlinks=False):
                files.append(prefix + entry.name)
            else:
                return False
    return True


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError as exc:
        if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
            raise
        shutil.copy2(source, target, follow_symlinks=False)


def index_bundle(binary: Path, site: Path, name: str, pages: list[Page], timeout: float) -> IndexResult:
    """Pagefind on one bundle's pages, their indexed part written into a folder of the scratch site, then removed."""
    inputs = site / INPUT_DIR
    shutil.rmtree(inputs, ignore_errors=True)
    try:
        for page in pages:
            target = inputs / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(indexed_part((site / page.path).read_bytes()))
        return run_pagefind(inputs, timeout, binary, site / BUNDLE_DIR / name)
    finally:
        shutil.rmtree(inputs, ignore_errors=True)


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
        written, indexed, reused, outputs = {}, [], [], []
        for name, pages in bundles.items():
            digest = bundle_digest(how, pages) if how else "0" * 64
            if last.get(name) == digest and copy_bundle(source / name, site / BUNDLE_DIR / name):
                reused.append(name)
            else:
                result = index_bundle(binary, site, name, pages, timeout - (time.monotonic() - started))
                if not result.ok:
                    return result
                indexed.append(name)
                outputs.append(f"{name}: {result.output}")
            written[name] = (len(pages), digest)
    finally:
        shutil.rmtree(site / OLD_DIR, ignore_errors=True)
    write_atomically(site / BUNDLE_DIR / MANIFEST, manifest_bytes(written), durable=False)
    count = sum(pages for pages, _ in written.values())
    return IndexResult(True, "\n".join(outputs), count, time.monotonic() - started, tuple(indexed), tuple(reused), read)


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
