"""The generator's cache: what an unchanged input need not cost again, keyed by content hashes.

One file, .briefing_cache/generator.pickle in the project (git-ignored), holds:

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
and rebuilt, never an error; it is written atomically (generator.files), and a cache that
cannot be written is only a slower next build. Only regular files are opened: a named
pipe or a link in place of the cache file is ignored, never read.

Pickle runs code when it loads, and a project folder can hold files from anyone (a pull
request can add a file under .briefing_cache/ as easily as an article). So the cache file
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
import secrets
import pickle
import stat
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemBytecodeCache
from jinja2.bccache import Bucket

from generator import tool_key as tool
from generator.articles import Article
from generator.files import write_atomically
from generator.link import Briefing
from generator.linker import ArticleMemo
from generator.scoring import DEFAULT_RULES, Rules
from generator.register import Point
from generator.textfile import open_regular, read_regular_bytes

CACHE_DIR = ".briefing_cache"  # no "-": scratch folders beside the site are told apart by "name.kind-*"
CACHE_FILE = "generator.pickle"
FORMAT = 3  # raise when the layout of Cache changes

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


@dataclass
class Cache:
    tool: str = ""
    articles: dict[tuple[str, str], Article] = field(default_factory=dict)
    register: tuple[str, Any] | None = None  # (key, (Register, YamlDoc))
    scans: tuple[str, ArticleMemo] = ("", {})
    inputs: str = ""  # the key of the inputs the briefing was made from
    briefing: Briefing | None = None
    output: str = ""  # the key of the pages written last
    written: dict[str, Signature] = field(default_factory=dict)
    pages: dict[str, tuple[str, str]] = field(default_factory=dict)  # page -> (inputs key, digest of the bytes written)
    stamps: dict[str, Stamp] = field(default_factory=dict)  # seed file as shown -> its last Stamp (file_digests)
    dirty: bool = False  # changed since loaded: worth saving

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


def _path(root: Path) -> Path:
    return root / CACHE_DIR / CACHE_FILE


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


def _sign(key: bytes, data: bytes) -> bytes:
    return hmac.new(key, data, hashlib.sha256).digest()


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


def _trusted(path: Path) -> bool:
    info = path.stat()
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _regular(path: Path, follow: bool = True) -> bool:
    """path is a regular file (a named pipe would block a read; a device never ends); follow: through a link."""
    try:
        return stat.S_ISREG((path.stat() if follow else path.lstat()).st_mode)
    except OSError:
        return False


def load(root: Path, tool: str) -> Cache:
    """The project's cache, or an empty one when there is none that this tool can use."""
    path = _path(root)
    key = _signing_key()
    try:
        if key is None or not _regular(path, follow=False) or not _trusted(path):
            return Cache(tool)
        data = read_regular_bytes(path)  # never through a link, never a named pipe
        signature, payload = data[:32], data[32:]
        if not hmac.compare_digest(signature, _sign(key, payload)):
            return Cache(tool)  # not written by this user's generator: never unpickled
        cache = pickle.loads(payload)  # noqa: S301 - signed with the user's key, see the module's docstring
    except Exception:  # noqa: BLE001 - a cache that cannot be read is rebuilt, whatever went wrong
        return Cache(tool)
    if not isinstance(cache, Cache) or cache.tool != tool:
        return Cache(tool)
    cache.dirty = False
    return cache


def save(root: Path, cache: Cache) -> None:
    """Write the cache atomically; a cache that cannot be written only makes the next build slower."""
    path = _path(root)
    key = _signing_key()
    if key is None:
        return
    try:
        payload = pickle.dumps(cache, protocol=pickle.HIGHEST_PROTOCOL)
        if path.parent.is_symlink():
            return  # never written through a link (Project.refuse_links_away reports it)
        path.parent.mkdir(exist_ok=True)
        write_atomically(path, _sign(key, payload) + payload, durable=False)  # made again by the next build
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


def reusable_pages(docs_dir: Path, keys: dict[str, str], previous: dict[str, tuple[str, str]]) -> dict[str, bytes]:
    """The pages whose inputs are as when they were last written and whose file still holds those very bytes.

    previous: page -> (inputs key, digest of the bytes written) of the last run. Only
    regular files are read: a named pipe would block, and a link is not what was written.
    """
    found = {}
    for page, key in keys.items():
        old = previous.get(page)
        path = docs_dir / page
        if old is None or old[0] != key or not _regular(path, follow=False):
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
