"""What a rebuild's search index takes from the last build instead of doing again: the reading of a
built page that is the same file the last build read (read_pages), and a bundle of the last
published site whose inputs are unchanged (copy_bundle, as hard links).

Both read the last site and a record beside it as hostile input: a page is taken unread only
when the signed record (generator.build_record) names the same file, unwritten since; a
bundle only when it is folders and regular files and nothing else.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
from collections.abc import Mapping
from pathlib import Path

from generator.search_bundles import Page, page_of

BUNDLE_DIR = "pagefind"  # the bundles and their manifest, inside the site
INPUT_DIR = ".pagefind-input"  # the bundles' pages (their indexed part), in the scratch site while Pagefind reads them
OLD_DIR = ".pagefind-old"  # a pagefind/ folder already in the site (an engine run into a copy of the last site)

StatKey = tuple[int, int, int, int]  # a file's device, inode, size and modification time (ns)
KnownPages = Mapping[str, tuple[StatKey, Page]]


def read_pages(site: Path, known: KnownPages) -> dict[str, tuple[StatKey, Page]]:
    """Every built HTML file of the site (regular files only, never through a link), outside pagefind/, with
    its StatKey; a page whose StatKey is as in known (the signed record of the pages
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
