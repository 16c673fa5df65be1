"""The generator's cache: what an unchanged input need not cost again, keyed by content hashes.

The folder .briefing_cache/ in the project (git-ignored) holds, in files split by how often
each part changes (generator.cache_files: an added article rewrites the index, one shard of
articles and the Briefing; a build with nothing changed reads the index and the Briefing):

- parsed articles, keyed by the file's path as shown and the SHA-256 of its bytes;
- each article's scan for mentions (generator.linker.mentions_by_point), valid for one
  set of terms: the points' ids, aliases, keywords, context and exclude words, in order,
  and the rules. How common a word is in the corpus is applied after the scans, so an
  added article changes other articles' mentions correctly without scanning them again;
- the parsed register, keyed by its bytes;
- the digest of each seed file with its size and modification time: a file whose size and
  time are as when it was hashed is not read again (file_digests);
- the last Briefing, keyed by the bytes of every input check reads;
- the pages written last (size and modification time of each), keyed by that Briefing,
  docs_dir and site_url: a build with no change renders nothing and writes nothing;
- for each page that may be given back unrendered (generator.render.memo_inputs: article
  pages, the review queue's month pages, a point's page of all mentions), the key of its
  inputs and the digest of the bytes written: when both are as last time, the page is
  read from the docs folder instead of rendered (reusable_pages);
- the compiled templates (Jinja2's bytecode cache, which checks each against its source)
  are kept in the user's cache folder, not beside it (see below).

All of it is keyed by the tool too (generator.tool_key): the generator's sources and
templates, the versions of the distributions it imports and Python's. A cache that
cannot be read, holds something unexpected, or was written by another tool is ignored
and rebuilt, never an error (a shard or Briefing file that is not the one the index lists:
that part only); each file is written atomically (generator.files), the index last, and a
cache that cannot be written is only a slower next build. Only regular files are opened: a
named pipe or a link in place of a cache file is ignored, never read.

Pickle runs code when it loads, and a project folder can hold files from anyone (a pull
request can add a file under .briefing_cache/ as easily as an article). So each cache file
is signed (HMAC-SHA256) with a key that lives outside the project, in the user's cache
folder ($XDG_CACHE_HOME/briefing/cache-key, mode 0600), and is unpickled only when the
signature holds; it is also read only when the current user owns it and nobody else may
write it. For the same reason the compiled templates (Jinja2 bytecode, which is code
too) are kept in the user's cache folder, not in the project. Without a usable key (no
writable home, say) there is simply no cache.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
import stat
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemBytecodeCache
from jinja2.bccache import Bucket

from generator import cache_files as files
from generator import tool_key as tool
from generator.articles import Article
from generator.link import Briefing
from generator.linker import ArticleMemo
from generator.register import Point
from generator.scoring import DEFAULT_RULES, Rules
from generator.textfile import open_regular, read_regular_bytes

CACHE_DIR = ".briefing_cache"  # no "-": scratch folders beside the site are told apart by "name.kind-*"
CACHE_FILE = files.INDEX_FILE  # the index; the other files are named in generator.cache_files
FORMAT = 5  # raise when the layout of Cache changes

Signature = tuple[int, int]  # a written page's size and modification time (ns)
Stamp = tuple[int, int, str]  # a file's size, modification time (ns) and the digest of its bytes
RACY_NS = 2_000_000_000  # a file modified this close to when it was hashed may change again within one time tick


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def keyed(*parts: object) -> str:
    return digest(repr(parts).encode("utf-8"))


def tool_key() -> str:
    """What turns the same input into other output (generator.tool_key), and this cache's format."""
    return tool.tool_key(FORMAT, _user_dir() / "tool-distributions.json")


def terms_key(points: list[Point], rules: Rules = DEFAULT_RULES) -> str:
    """What an article's scan for mentions depends on besides the article."""
    return keyed([(p.id, p.aliases, p.keywords, p.context, p.exclude) for p in points], rules)


class Cache:
    """What the last build knew. The articles with their scans, and the last Briefing, are read from
    their files (generator.cache_files) only when first asked for: a build with nothing changed needs
    the Briefing and not the articles, a build with a changed input the articles and not the old Briefing."""

    def __init__(self, tool: str = "", dirty: bool = False, store: "files.Store | None" = None) -> None:
        self.tool = tool
        self.register: tuple[str, Any] | None = None  # (key, (Register, YamlDoc))
        self.inputs = ""  # the key of the inputs the briefing was made from
        self.output = ""  # the key of the pages written last
        self.written: dict[str, Signature] = {}
        self.written_at = 0  # when written's signatures were taken (ns): reusable_pages trusts those old enough
        self.pages: dict[str, tuple[str, str]] = {}  # page -> (inputs key, digest of the bytes written)
        self.stamps: dict[str, Stamp] = {}  # seed file as shown -> its last Stamp (file_digests)
        self.dirty = dirty  # changed since loaded: worth saving
        self._store = store
        self._briefing: Briefing | None = None
        self._articles: dict[tuple[str, str], Article] | None = None if store else {}
        self._scans: tuple[str, ArticleMemo] = (store.scans_key if store else "", {})

    @property
    def briefing(self) -> Briefing | None:
        if self._briefing is None and self._store is not None and self._store.briefing:
            self._briefing = self._store.load_briefing()
        return self._briefing

    @briefing.setter
    def briefing(self, value: Briefing | None) -> None:
        self._briefing = value
        if self._store is not None:
            self._store.briefing = b""  # the one in its file is not this one

    @property
    def articles(self) -> dict[tuple[str, str], Article]:
        if self._articles is None:
            self._articles, self._scans = self._store.load_articles() if self._store else ({}, ("", {}))
        return self._articles

    @articles.setter
    def articles(self, value: dict[tuple[str, str], Article]) -> None:
        self._articles = value

    @property
    def scans(self) -> tuple[str, ArticleMemo]:
        _ = self.articles  # loaded with them
        return self._scans

    @scans.setter
    def scans(self, value: tuple[str, ArticleMemo]) -> None:
        _ = self.articles
        self._scans = value

    def scans_for(self, points: list[Point], rules: Rules = DEFAULT_RULES) -> ArticleMemo:
        key = terms_key(points, rules)
        if self.scans[0] != key:
            self.scans = (key, {})
        return self.scans[1]

    def keep_only(self, articles: list[Article], keys: set[tuple[str, str]]) -> None:
        """Forget the articles (and scans) that are no longer in the seeds folder."""
        self.articles = {k: a for k, a in self.articles.items() if k in keys}
        wanted = set(articles)
        self.scans = (self.scans[0], {a: s for a, s in self.scans[1].items() if a in wanted})


def _user_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "briefing"


def _signing_key() -> bytes | None:
    """The user's key for signing caches, made on first use; None when there is no place for it."""
    path = _user_dir() / "cache-key"
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(secrets.token_bytes(32))
        if not _regular(path) or not _trusted(path) or path.stat().st_mode & (stat.S_IRGRP | stat.S_IROTH):
            return None
        key = read_regular_bytes(path)  # a named pipe there would block the build
    except OSError:
        return None
    return key if len(key) == 32 else None


_sign, _regular, _trusted = files.sign, files.regular, files.trusted


@lru_cache(maxsize=4)
def _bytecode_cache(folder: str) -> FileSystemBytecodeCache:
    return _RegularBytecodeCache(folder)


def template_cache() -> FileSystemBytecodeCache | None:
    """Where compiled templates are kept between runs: the user's cache folder (bytecode is code: never
    read from the project). Jinja2 checks each against its source, and ignores a damaged one.
    One object per folder, so that a process reuses its template environment (generator.render)."""
    folder = _user_dir() / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        usable = _trusted(folder)
    except OSError:
        return None
    return _bytecode_cache(str(folder)) if usable and not folder.is_symlink() else None


class _RegularBytecodeCache(FileSystemBytecodeCache):
    """Jinja2's bytecode cache, opening only regular files: a named pipe in the folder would block the build."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            handle = os.fdopen(open_regular(Path(self._get_cache_filename(bucket))), "rb")
        except OSError:
            return
        with handle:
            bucket.load_bytecode(handle)


def _folder(root: Path) -> Path:
    return root / CACHE_DIR


def load(root: Path, tool: str) -> Cache:
    """The project's cache, or an empty one when there is none that this tool can use."""
    key = _signing_key()
    if key is None:
        return Cache(tool)
    index = files.read_part(_folder(root), files.INDEX_FILE, key)
    if not isinstance(index, dict) or index.get("format") != FORMAT or index.get("tool") != tool:
        return Cache(tool)
    try:
        cache = Cache(tool, store=files.Store(_folder(root), key, index))
        for name in ("register", "inputs", "output", "written", "written_at", "pages", "stamps"):
            setattr(cache, name, index[name])
    except (KeyError, TypeError, ValueError):
        return Cache(tool)
    return cache


def save(root: Path, cache: Cache) -> None:
    """Write what changed of the cache, atomically, the index last; a cache that cannot be written only makes
    the next build slower."""
    folder, key = _folder(root), _signing_key()
    if key is None:
        return
    try:
        if folder.is_symlink():
            return  # never written through a link (Project.refuse_links_away reports it)
        folder.mkdir(exist_ok=True)
        store = cache._store or files.Store(folder, key, {"scans_key": "", "briefing": b"", "shards": {}})
        shards = files.save_shards(folder, key, cache.articles, cache._scans, store) if cache._articles is not None else store.shards
        briefing = store.briefing
        if not briefing and cache._briefing is not None:
            briefing = files.write_part(folder, files.BRIEFING_FILE, key, cache._briefing)
        index = {"format": FORMAT, "tool": cache.tool, "scans_key": cache._scans[0], "briefing": briefing, "shards": shards,
                 **{name: getattr(cache, name)
                    for name in ("register", "inputs", "output", "written", "written_at", "pages", "stamps")}}
        files.write_part(folder, files.INDEX_FILE, key, index)
        cache.dirty = False
    except (OSError, pickle.PicklingError, RecursionError):
        pass


def signature(path: Path) -> Signature | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def file_digests(files: list[tuple[str, Path]], stamps: dict[str, Stamp]) -> tuple[list[tuple[str, str]], dict[str, Stamp]]:
    """The digest of each regular file's bytes ("" for anything else), and the stamps to keep for the next run.

    A file whose size and modification time are those of its stamp is not read: its digest
    is the stamp's (as git and the build record trust a file's stat). A stamp is kept only
    for a file last modified RACY_NS before it was hashed, so that an edit within the same
    tick of the clock, of the same size, is still seen.
    """
    digests, kept = [], {}
    for shown, path in files:
        value, stamp = _digest_of(path, stamps.get(shown))
        digests.append((shown, value))
        if stamp is not None:
            kept[shown] = stamp
    return digests, kept


def _digest_of(path: Path, old: Stamp | None) -> tuple[str, Stamp | None]:
    """A file's digest (old's when its size and time match) and its stamp, if one may be kept; ("", None) if not a regular file."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return "", None
        if old and old[:2] == (info.st_size, info.st_mtime_ns):
            return old[2], old
        hashed_at = time.time_ns()
        value = digest(path.read_bytes())
    except OSError:
        return "", None
    return value, (info.st_size, info.st_mtime_ns, value) if hashed_at - info.st_mtime_ns >= RACY_NS else None


def intact(docs_dir: Path, written: dict[str, Signature]) -> bool:
    """Every page written last is still there as it was written."""
    return bool(written) and all(signature(docs_dir / rel) == sig for rel, sig in written.items())


def page_keys(salt: str, inputs: dict[str, object]) -> dict[str, str]:
    """The key of each page's inputs (generator.render.memo_inputs); salt: what every page is made from."""
    return {page: keyed(salt, made_from) for page, made_from in inputs.items()}


def reusable_pages(docs_dir: Path, keys: dict[str, str], previous: dict[str, tuple[str, str]],
                   written: dict[str, Signature] | None = None, written_at: int = 0) -> dict[str, bytes]:
    """The pages whose inputs are as when they were last written and whose file still holds those very bytes:
    each with the bytes read, or b"" when its file was known unchanged without reading it.

    previous: page -> (inputs key, digest of the bytes written) of the last run. A file whose
    size and modification time are those written recorded at written_at is not read, when it had
    been modified RACY_NS or more before then (as git trusts a file's stat; a file written just
    before its signature was taken may change again within the same tick of the clock, and is
    read). Only regular files are read, never through a link: a named pipe would block, and a
    link is not what was written.
    """
    found, written = {}, written or {}
    for page, key in keys.items():
        old = previous.get(page)
        if old is None or old[0] != key:
            continue
        path = docs_dir / page
        try:
            info = os.lstat(path)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode):
            continue
        sig = written.get(page)
        if sig is not None and sig == (info.st_size, info.st_mtime_ns) and written_at - sig[1] >= RACY_NS:
            found[page] = b""
            continue
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if digest(data) == old[1]:
            found[page] = data
    return found


def signed(data: bytes) -> bytes | None:
    """data with this user's signature in front (as the cache file is signed); None without a usable key."""
    key = _signing_key()
    return None if key is None else _sign(key, data) + data


def verified(data: bytes) -> bytes | None:
    """What signed() signed, when this user's key signed it; else None (written by someone else, or damaged)."""
    key = _signing_key()
    if key is None or len(data) < 32 or not hmac.compare_digest(data[:32], _sign(key, data[32:])):
        return None
    return data[32:]
