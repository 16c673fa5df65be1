"""The generator cache's files in .briefing_cache/, each signed with the user's key (generator.cache).

The cache is split by how often its parts change, so that a build saves only what changed
and a build with nothing changed loads only what it needs:

- generator.pickle, the index: the tool's key, the register, the keys of the last inputs
  and pages, the seed files' stamps, and the signature of every other file below as it
  was written (a file whose signature is not the one listed is not loaded);
- briefing.pickle: the last Briefing (loaded only when the inputs are those it was made from);
- articles-NN.pickle: the parsed articles and their scans for mentions, in SHARDS shards by
  the article file's path (an added or edited article changes one shard; loaded only when
  something must be linked again).

Every file is read only as a regular file (never through a link, never a named pipe) that
the current user owns and nobody else may write, and unpickled only when its HMAC-SHA256
signature with the user's key holds: a file planted in the project is never unpickled.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import stat
import zlib
from pathlib import Path
from typing import Any

from generator.articles import Article
from generator.files import write_atomically
from generator.link import Briefing
from generator.linker import ArticleMemo
from generator.textfile import read_regular_bytes

INDEX_FILE = "generator.pickle"
BRIEFING_FILE = "briefing.pickle"
SHARDS = 64


def _keyed(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def shard_file(number: int) -> str:
    return f"articles-{number:02d}.pickle"


def shard_of(shown: str) -> int:
    """The shard of an article file, by its path as shown: an edited article stays in its shard."""
    return zlib.crc32(shown.encode("utf-8", "surrogatepass")) % SHARDS


def sign(key: bytes, data: bytes) -> bytes:
    return hmac.new(key, data, hashlib.sha256).digest()


def trusted(path: Path) -> bool:
    info = path.stat()
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def regular(path: Path, follow: bool = True) -> bool:
    """path is a regular file (a named pipe would block a read; a device never ends); follow: through a link."""
    try:
        return stat.S_ISREG((path.stat() if follow else path.lstat()).st_mode)
    except OSError:
        return False


def read_part(folder: Path, name: str, key: bytes, expected: bytes | None = None) -> object | None:
    """One file of the cache unpickled, or None: not a regular file of this user's, not signed with key,
    not the one the index lists (expected: its signature), or not readable."""
    path = folder / name
    try:
        if not regular(path, follow=False) or not trusted(path):
            return None
        data = read_regular_bytes(path)  # never through a link, never a named pipe
        signature, payload = data[:32], data[32:]
        if not hmac.compare_digest(signature, sign(key, payload)):
            return None  # not written by this user's generator: never unpickled
        if expected is not None and not hmac.compare_digest(signature, expected):
            return None  # this user's, but not the one the index was saved with
        return pickle.loads(payload)  # noqa: S301 - signed with the user's key, see generator.cache
    except Exception:  # noqa: BLE001 - a cache file that cannot be read is rebuilt, whatever went wrong
        return None


def write_part(folder: Path, name: str, key: bytes, value: object) -> bytes:
    """Pickle value into one file of the cache, atomically and signed; its signature (for the index)."""
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    signature = sign(key, payload)
    write_atomically(folder / name, signature + payload, durable=False)  # made again by the next build
    return signature


def remove_part(folder: Path, name: str) -> None:
    try:
        (folder / name).unlink(missing_ok=True)
    except OSError:
        pass


class Store:
    """The cache's files as the index lists them (generator.cache_files): what is read on demand."""

    def __init__(self, folder: Path, key: bytes, index: dict[str, Any]) -> None:
        self.folder, self.key = folder, key
        self.scans_key: str = index["scans_key"]
        self.briefing: bytes = index["briefing"]  # its file's signature; b"" for none
        self.shards: dict[int, tuple[str, bytes]] = dict(index["shards"])  # shard -> (its contents' key, signature)

    def load_briefing(self) -> Briefing | None:
        value = read_part(self.folder, BRIEFING_FILE, self.key, self.briefing)
        if not isinstance(value, Briefing):
            self.briefing, value = b"", None
        return value

    def load_articles(self) -> tuple[dict[tuple[str, str], Article], tuple[str, ArticleMemo]]:
        """Every shard's articles and scans; a shard that is not as listed is forgotten (its articles read again)."""
        articles, memo = {}, {}
        for number, (_, expected) in list(self.shards.items()):
            part = read_part(self.folder, shard_file(number), self.key, expected)
            try:
                rows, scans = part  # type: ignore[misc]
                articles.update(rows)
                memo.update(scans)
            except Exception:  # noqa: BLE001 - not what save wrote
                del self.shards[number]
        return articles, (self.scans_key, memo)


def _scanned_as(row: tuple[Article, object]) -> tuple:
    """What tells a scan's article apart from another of the same file (whose bytes the shard's rows key):
    the metadata the register may give it."""
    a = row[0]
    return a.path, a.id, a.title, a.date, a.outlet, a.url, a.author, a.language


def save_shards(folder: Path, key: bytes, articles: dict[tuple[str, str], Article], scans: tuple[str, ArticleMemo],
                store: Store) -> dict[int, tuple[str, bytes]]:
    """Each shard's articles and scans (a scan in the shard of its article's file: the scans' articles may be
    copies, titled from the register); only shards whose contents changed are written again."""
    scans_key, memo = scans
    parts: dict[int, tuple[list, list]] = {}
    for file_key, article in articles.items():
        parts.setdefault(shard_of(file_key[0]), ([], []))[0].append((file_key, article))
    for article, scan in memo.items():
        parts.setdefault(shard_of(article.path), ([], []))[1].append((article, scan))
    shards = {}
    for number, (rows, scanned) in sorted(parts.items()):
        rows.sort(key=lambda row: row[0])
        contents = _keyed(scans_key, [row[0] for row in rows], sorted(map(_scanned_as, scanned)))
        old = store.shards.get(number)
        if old is not None and old[0] == contents:
            shards[number] = old
            continue
        shards[number] = (contents, write_part(folder, shard_file(number), key, (rows, scanned)))
    for number in set(store.shards) - set(shards):
        remove_part(folder, shard_file(number))
    return shards
