"""Writing generated pages: only when bytes change; stale ones removed; hand-written ones untouched."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.errors import InputError, Problem

MANIFEST = ".generated"


@dataclass(frozen=True)
class WriteReport:
    written: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def write_pages(docs_dir: Path, pages: dict[str, str]) -> WriteReport:
    """Bring docs_dir's generated files in line with pages; the manifest says which files are ours."""
    manifest = docs_dir / MANIFEST
    previous = set(manifest.read_text("utf-8").split("\n")) - {""} if manifest.exists() else set()
    clashes = [p for p in sorted(pages) if p not in previous and (docs_dir / p).exists()]
    if clashes:
        raise InputError([
            Problem(str(docs_dir / p), 1, 1, "generated page", "a hand-written file stands where a generated page goes",
                    "rename or move the hand-written file; the generator never overwrites it")
            for p in clashes
        ])
    written, unchanged = [], 0
    for rel, text in sorted(pages.items()):
        target = docs_dir / rel
        data = text.encode("utf-8")
        if target.exists() and target.read_bytes() == data:
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
    new_manifest = ("\n".join(sorted(pages)) + "\n").encode("utf-8")
    if not manifest.exists() or manifest.read_bytes() != new_manifest:
        _atomic_write(manifest, new_manifest)
    return WriteReport(tuple(written), tuple(removed), unchanged)


def _remove_empty_parents(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
