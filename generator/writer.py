"""Writing generated pages: only when bytes change; stale ones removed; hand-written ones untouched."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from generator.errors import InputError, Problem
from generator.files import write_atomically

MANIFEST = ".generated"

# Every generated Markdown page says so in its front matter. The manifest lists what the
# generator wrote; when it is lost (deleted, or a fresh checkout with old pages), the
# stamp still proves which pages are the generator's, so they are not taken for hand-written.
STAMP = "generated_by: briefing\n"
_FRONT = "---\n"


@dataclass(frozen=True)
class WriteReport:
    """What bringing the docs folder in line did; rendered and reused are filled in by pipeline.generate."""

    written: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int
    rendered: tuple[str, ...] = ()  # the pages made this run
    reused: tuple[str, ...] = ()  # the pages taken from the docs folder as the last run wrote them


def _atomic_write(path: Path, data: bytes) -> None:
    """A generated file, its folders made; not flushed to disk: the next build writes it again."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, data, durable=False)


def stamped(text: str) -> str:
    """The page as written: Markdown with front matter gets the generator's stamp as its first key."""
    return _FRONT + STAMP + text[len(_FRONT):] if text.startswith(_FRONT) else text


def unstamped(text: str) -> str:
    """The page as rendered, from the page as written: stamped's inverse."""
    return _FRONT + text[len(_FRONT + STAMP):] if text.startswith(_FRONT + STAMP) else text


def page_bytes(text: str) -> bytes:
    """The bytes write_pages writes for a rendered page."""
    return stamped(text).encode("utf-8")


def _is_ours(path: Path, data: bytes) -> bool:
    """A file the generator wrote, though the manifest does not list it: its stamp, or the very bytes."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False  # never opened: a FIFO would block
        with path.open("rb") as handle:
            head = handle.read(len(_FRONT) + len(STAMP))
        return head == (_FRONT + STAMP).encode("utf-8") or path.read_bytes() == data
    except OSError:
        return False


def _recovered_manifest(docs_dir: Path) -> set[str]:
    """The stamped pages in docs_dir: what the manifest listed, when the manifest is lost."""
    return {p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md")
            if p.is_file() and not p.is_symlink() and _is_ours(p, b"")}


def write_pages(docs_dir: Path, pages: dict[str, str]) -> WriteReport:
    """Bring docs_dir's generated files in line with pages; the manifest says which files are ours."""
    previous = read_manifest(docs_dir)
    if previous is None:
        previous = _recovered_manifest(docs_dir) if docs_dir.is_dir() else set()
    files = {rel: page_bytes(text) for rel, text in pages.items()}
    clashes = [p for p in sorted(files) if p not in previous and (docs_dir / p).exists()
               and not _is_ours(docs_dir / p, files[p])]
    if clashes:
        raise InputError([
            Problem(str(docs_dir / p), 1, 1, "generated page", "a hand-written file stands where a generated page goes",
                    "rename or move the hand-written file; the generator never overwrites it")
            for p in clashes
        ])
    written, unchanged = [], 0
    for rel, data in sorted(files.items()):
        target = docs_dir / rel
        if target.is_file() and target.read_bytes() == data:
            unchanged += 1
            continue
        _atomic_write(target, data)
        written.append(rel)
    removed = []
    for rel in sorted(previous - set(pages)):
        target = docs_dir / rel
        if target.is_file():
            target.unlink()
            removed.append(rel)
            _remove_empty_parents(target.parent, docs_dir)
    write_manifest(docs_dir, pages)
    return WriteReport(tuple(written), tuple(removed), unchanged)


def _remove_empty_parents(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


# The `.generated` list (MANIFEST): the pages the generator wrote into the docs folder, as
# paths relative to it, sorted, one a line. These two functions are the only ones that
# read and write it.


def read_manifest(docs_dir: Path) -> set[str] | None:
    """The pages the `.generated` list names; None when there is no list."""
    manifest = docs_dir / MANIFEST
    if not manifest.is_file():
        return None
    return set(manifest.read_text("utf-8").split("\n")) - {""}


def write_manifest(docs_dir: Path, pages: Iterable[str]) -> None:
    """List pages in `.generated`; the file is written only when its bytes change."""
    manifest = docs_dir / MANIFEST
    data = ("\n".join(sorted(pages)) + "\n").encode("utf-8")
    if not manifest.is_file() or manifest.read_bytes() != data:
        _atomic_write(manifest, data)


def generated_pages(docs_dir: Path) -> dict[str, str]:
    """The pages the `.generated` list names, read back as they were rendered (without the stamp)."""
    pages = {}
    for rel in sorted(read_manifest(docs_dir) or ()):
        file = docs_dir / rel
        if file.is_file():
            pages[rel] = unstamped(file.read_text("utf-8", errors="replace"))
    return pages
