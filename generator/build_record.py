"""The record of the last published build: what the site was built from, kept beside the generator's cache.

`.briefing_cache/last-build.json` holds the setup's key (mkdocs.yml, the theme folder's
files, the engine, the site's address, the versions of MkDocs, Material, Pagefind and the
generator), each file of the docs folder (size, time, digest, whether Material's search
indexes it) and a listing of the site folder as the build left it (every file's path,
size and modification time, in whole seconds: a copy restored by CI keeps those). The
decision what to build from it is generator.incremental's.

A checkout can hold any file, so the record is hostile input: it is signed with the
user's key (generator.cache.signed, as the cache is), read only as a regular file, and
taken only when every field has its exact shape; else there is no record and the build
is clean. A record that is ours but does not match the site folder (a site copied,
edited or replaced since) also means a clean build.

Beside it, `last-site-pages.json` (signed the same way) keeps what the search index read of
each built page (generator.search_index.read_pages): its device, inode, size and time in
nanoseconds, and its digest and what the split needs. A page of the next build's scratch
folder that is the same file (hard-linked from the last site, not written since) is not
read again; any other page, or a record that is not ours or not whole, is read.
"""

from __future__ import annotations

import json
import os
import sys
import time
from importlib import metadata
from collections.abc import Mapping
from pathlib import Path

from generator.cache import CACHE_DIR, digest, keyed, signed, tool_key, verified
from generator.files import write_atomically
from generator.incremental import BuildRecord, DocFile, generated, searched
from generator.project import Project
from generator.search_bundles import Page
from generator.search_reuse import StatKey
from generator.site_config import SiteConfig
from generator.textfile import folder_entries, read_regular_bytes

RECORD_FILE = "last-build.json"
PAGES_FILE = "last-site-pages.json"  # the search index's reading of the last site's pages (load_read_pages)
SETTLED_NS = 2_000_000_000
FORMAT = 3
# What renders and indexes the site besides the generator (tool_key covers the generator and what it imports).
ENGINE_DISTRIBUTIONS = ("mkdocs", "mkdocs-material", "mkdocs-material-extensions", "pymdown-extensions",
                        "markdown", "jinja2", "pagefind", "pagefind-bin", "zensical")


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""


def _files(folder: Path | None) -> list[tuple[str, str]]:
    """Every file below folder, by relative path, with the digest of its bytes (the theme folder: a few files)."""
    if folder is None or not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            found.append((path.relative_to(folder).as_posix(), digest(path.read_bytes())))
    return found


def setup_key(project: Project, config: SiteConfig, engine: str, site_url: str | None) -> str:
    """Everything but the docs folder that makes the engine's output what it is; a change means a clean build."""
    versions = [(name, _version(name)) for name in ENGINE_DISTRIBUTIONS]
    return keyed(FORMAT, engine, site_url, config.text, config.directory_urls, _files(config.theme_dir),
                 str(config.docs_dir.relative_to(project.root)), versions, tool_key(), sys.version)


def scan_docs(docs_dir: Path, previous: dict[str, DocFile]) -> dict[str, DocFile]:
    """Every file of the docs folder MkDocs reads (hidden ones it never does); a file whose size and time are
    as in previous is not read again."""
    found: dict[str, DocFile] = {}
    _scan_folder(str(docs_dir), "", previous, found)
    return dict(sorted(found.items()))


def _scan_folder(folder: str, prefix: str, previous: dict[str, DocFile], found: dict[str, DocFile]) -> None:
    """scan_docs of one folder and the visible folders below it (a link to a folder is not followed, as
    os.walk does not; one that cannot be listed adds nothing)."""
    for entry in folder_entries(folder):
        if entry.name.startswith("."):
            continue
        rel = prefix + entry.name
        if entry.is_dir(follow_symlinks=False):
            if not entry.is_symlink():
                _scan_folder(entry.path, rel + "/", previous, found)
        elif not (entry.is_symlink() and entry.is_dir()):
            found[rel] = _scanned(entry, rel, previous.get(rel))


def _scanned(entry: os.DirEntry, rel: str, old: DocFile | None) -> DocFile:
    """One file of the docs folder; one that cannot be read counts as changed (the engine says what is wrong)."""
    try:
        info = entry.stat()
        if old is not None and (old.size, old.mtime_ns) == (info.st_size, info.st_mtime_ns):
            return old
        path = Path(entry.path)
        data = read_regular_bytes(path) if not entry.is_symlink() else path.read_bytes()
    except OSError:
        return DocFile(-1, -1, "", True)
    return DocFile(len(data), info.st_mtime_ns, digest(data), searched(rel, data), generated(rel, data))


def site_listing(site: Path) -> str:
    """The key of the site folder as it is: every file's path, size and modification time (whole seconds)."""
    entries: list[tuple[str, int, int]] = []
    if site.is_dir() and not site.is_symlink():
        _list_files(str(site), "", entries)
    return keyed(entries)


def _list_files(folder: str, prefix: str, entries: list[tuple[str, int, int]]) -> None:
    """Append (path below the site, size, whole seconds) of every file under folder, as os.walk orders them:
    a folder's files by name, then its subfolders by name (a link to a folder counts as a file, not followed)."""
    try:
        with os.scandir(folder) as found:
            items = sorted(found, key=lambda entry: entry.name)
    except OSError:
        return  # as os.walk: a folder that cannot be listed adds nothing (the swap would fail on it first)
    subfolders = []
    for entry in items:
        if entry.is_dir(follow_symlinks=False):
            subfolders.append(entry)
        else:
            info = entry.stat(follow_symlinks=False)
            entries.append((prefix + entry.name, info.st_size, int(info.st_mtime)))
    for entry in subfolders:
        _list_files(entry.path, f"{prefix}{entry.name}/", entries)


def _path(project: Project) -> Path:
    return project.root / CACHE_DIR / RECORD_FILE


def load_record(project: Project) -> BuildRecord | None:
    """The record of the last build of this site folder, when it is ours and whole; else None (build clean)."""
    try:
        data = verified(read_regular_bytes(_path(project)))
        if data is None:
            return None
        raw = json.loads(data)
        if raw["format"] != FORMAT or raw["site_dir"] != _site_name(project):
            return None
        docs = {rel: DocFile(*entry) for rel, entry in raw["docs"].items() if type(entry) is list and len(entry) == 5}
        if len(docs) != len(raw["docs"]):
            return None
        record = BuildRecord(raw["setup"], raw["site"], docs)
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    return record if _well_formed(record) else None


def _well_formed(record: BuildRecord) -> bool:
    fields = [(record.setup, str), (record.site, str)]
    for rel, file in record.docs.items():
        fields += [(rel, str), (file.size, int), (file.mtime_ns, int), (file.digest, str), (file.searched, bool),
                   (file.generated, bool)]
    return all(type(value) is kind for value, kind in fields)


def save_record(project: Project, record: BuildRecord) -> None:
    """Write the record atomically, signed; a record that cannot be written only makes the next build clean."""
    data = json.dumps({"format": FORMAT, "site_dir": _site_name(project), "setup": record.setup, "site": record.site,
                       "docs": {rel: [f.size, f.mtime_ns, f.digest, f.searched, f.generated] for rel, f in record.docs.items()}},
                      sort_keys=True).encode("utf-8")
    _write_signed(_path(project), data)


def _write_signed(path: Path, data: bytes) -> None:
    payload = signed(data)
    if payload is None or path.parent.is_symlink():
        return
    try:
        path.parent.mkdir(exist_ok=True)
        write_atomically(path, payload, durable=False)
    except OSError:
        pass


def load_read_pages(project: Project) -> dict[str, tuple[StatKey, Page]]:
    """The pages the last build read for its search index (search_index.read_pages), when the record is ours
    and whole; else {} (every page is read)."""
    try:
        data = verified(read_regular_bytes(project.root / CACHE_DIR / PAGES_FILE))
        raw = json.loads(data) if data is not None else None
        if raw is None or raw["format"] != FORMAT or raw["site_dir"] != _site_name(project):
            return {}
        return {rel: _read_page(rel, entry) for rel, entry in raw["pages"].items()}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}


def _read_page(rel: str, entry: list) -> tuple[StatKey, Page]:
    device, inode, size, mtime_ns, sha256, body, period = entry
    if not (all(type(n) is int for n in (device, inode, size, mtime_ns)) and type(sha256) is str
            and type(body) is bool and (period is None or type(period) is str)):
        raise ValueError(rel)
    return (device, inode, size, mtime_ns), Page(rel, sha256, body, period)


def save_read_pages(project: Project, read: Mapping[str, tuple[StatKey, Page]]) -> None:
    """Record the pages read (signed, as the record is), but those written less than SETTLED_NS before now:
    a later write within the same tick of a coarse clock would keep their time, so they are read again."""
    now_ns = time.time_ns()
    pages = {rel: [*key, page.sha256, page.body, page.period] for rel, (key, page) in read.items()
             if key[3] <= now_ns - SETTLED_NS}
    data = json.dumps({"format": FORMAT, "site_dir": _site_name(project), "pages": pages}).encode("utf-8")
    _write_signed(project.root / CACHE_DIR / PAGES_FILE, data)


def forget_record(project: Project) -> None:
    """The site is about to change in a way the record cannot describe."""
    try:
        _path(project).unlink(missing_ok=True)
    except OSError:
        pass


def _site_name(project: Project) -> str:
    site = project.site
    return site.relative_to(project.root).as_posix() if site.is_relative_to(project.root) else str(site)
