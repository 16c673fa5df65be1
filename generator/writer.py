"""Writing generated pages: only when bytes change; stale ones removed; hand-written ones untouched."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from generator.errors import InputError, Problem
from generator.files import write_atomically
from generator.project import shown_path
from generator.textfile import CONTROL_CHARS, open_regular, read_regular_bytes

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
    engine_run: str = ""  # filled in by pipeline.build: "clean", "incremental" or "nothing" (generator.incremental)


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


def page_bytes(text: str | bytes) -> bytes:
    """The bytes write_pages writes for a rendered page (a file made as bytes is written as it is)."""
    return text if isinstance(text, bytes) else stamped(text).encode("utf-8")


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


def write_pages(docs_dir: Path, pages: Mapping[str, str | bytes],
                read_back: Mapping[str, bytes] | None = None) -> WriteReport:
    """Bring docs_dir's generated files in line with pages; the manifest says which files are ours.

    read_back: pages of docs_dir known unchanged in this run (a regular file each, generator.cache.reusable_pages),
    with the bytes read, or b"" for one known by its stat: they are not read nor written again.
    """
    previous = read_manifest(docs_dir)
    refuse_links_on_the_way(docs_dir, pages)
    if previous is None:
        previous = _recovered_manifest(docs_dir) if docs_dir.is_dir() else set()
    read_back = read_back or {}
    files = {rel: read_back[rel] if rel in read_back else page_bytes(text) for rel, text in pages.items()}
    clashes = [p for p in sorted(files) if p not in previous and p not in read_back and (docs_dir / p).exists()
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
        if rel in read_back or _holds(target, data):
            unchanged += 1
            continue
        _atomic_write(target, data)
        written.append(rel)
    removed = []
    kinds = {Path(rel).suffix for rel in pages}
    for rel in sorted(previous - set(pages)):
        target = docs_dir / rel
        if _removable(target, kinds):  # read_manifest checked the path: inside the docs folder, no link on the way
            target.unlink()
            removed.append(rel)
            _remove_empty_parents(target.parent, docs_dir)
    write_manifest(docs_dir, pages)
    return WriteReport(tuple(written), tuple(removed), unchanged)


def _holds(path: Path, data: bytes) -> bool:
    """The file at path holds exactly data (read only when its size is data's: the export is tens of MB)."""
    try:
        return path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _remove_empty_parents(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


# The `.generated` list (MANIFEST): the pages the generator wrote into the docs folder, as
# paths relative to it, sorted, one a line. These two functions are the only ones that
# read and write it. The list is input like any other file of a checkout (a pull request
# can commit it with `git add -f`): it names what a build removes, so every entry must be a
# plain path inside the docs folder, reached without a link.


def read_manifest(docs_dir: Path) -> set[str] | None:
    """The pages the `.generated` list names; None when there is no list.

    InputError, located, before anything is written or removed: a list that is not a
    regular file (a link is not followed), or an entry that is not a plain relative path
    inside the docs folder (no `..`, no absolute path) or that leads through a link.
    """
    manifest = docs_dir / MANIFEST
    try:
        data = read_regular_bytes(manifest)
    except FileNotFoundError:
        return None
    except OSError as exc:
        problem = Problem(shown_path(manifest), 1, 1, "generated list", exc.strerror or str(exc), _MANIFEST_HINT)
        raise InputError([problem]) from None
    entries = data.decode("utf-8", errors="replace").split("\n")
    problems = [Problem(shown_path(manifest), number, 1, "generated list", f"{entry[:80]!r} {why}", _MANIFEST_HINT)
                for number, entry in enumerate(entries, 1) if entry and (why := _entry_problem(docs_dir, entry))]
    if problems:
        raise InputError(problems)
    return set(entries) - {""}


_MANIFEST_HINT = ("the list names only pages the generator wrote into the docs folder; delete it, and the "
                  "pages' stamps tell the generator's pages from hand-written ones")


def _entry_problem(docs_dir: Path, entry: str) -> str:
    """Why an entry of the list cannot name a page the generator wrote ('' when it can)."""
    parts = entry.split("/")
    if entry.startswith("/") or any(part in ("", ".", "..") for part in parts) or CONTROL_CHARS.search(entry):
        return "is not a plain path inside the docs folder"
    link = link_on_the_way(docs_dir, entry)
    return f"leads through a link ({link})" if link else ""


def link_on_the_way(docs_dir: Path, page: str) -> str:
    """The first part of a page's path below docs_dir that is a link, the page itself included; '' when none."""
    path = docs_dir
    for part in page.split("/"):
        path = path / part
        try:
            if stat.S_ISLNK(os.lstat(path).st_mode):
                return path.relative_to(docs_dir).as_posix()
        except (FileNotFoundError, NotADirectoryError):
            return ""  # what does not exist yet is made by the writer, as a folder or file of its own
    return ""


def _link_itself(docs_dir: Path, page: str) -> str:
    """page, when the page itself is a link (its folder being none: link_on_the_way's last step); else ''."""
    try:
        return page if stat.S_ISLNK(os.lstat(docs_dir / page).st_mode) else ""
    except (FileNotFoundError, NotADirectoryError):
        return ""


def refuse_links_on_the_way(docs_dir: Path, pages: Iterable[str]) -> None:
    """InputError, located, when a link stands where a page goes or on its way: pages are never written through one."""
    folders: dict[str, str] = {}  # a page's folder -> the link on its way ('' for none), looked up once per folder
    links = set()
    for page in pages:
        folder = page.rpartition("/")[0]
        if folder not in folders:
            folders[folder] = link_on_the_way(docs_dir, folder) if folder else ""
        links.add(folders[folder] or _link_itself(docs_dir, page))
    links.discard("")
    problems = [Problem(shown_path(docs_dir / link), 1, 1, "generated page",
                        "is a link where the generator writes a page; it never writes through a link",
                        "remove the link; put hand-written files in folders of their own") for link in sorted(links)]
    if problems:
        raise InputError(problems)


def write_manifest(docs_dir: Path, pages: Iterable[str]) -> None:
    """List pages in `.generated`; the file is written only when its bytes change (replaced whole, never through a link)."""
    manifest = docs_dir / MANIFEST
    data = ("\n".join(sorted(pages)) + "\n").encode("utf-8")
    try:
        unchanged = read_regular_bytes(manifest) == data
    except OSError:
        unchanged = False
    if not unchanged:
        _atomic_write(manifest, data)


def generated_pages(docs_dir: Path) -> dict[str, str]:
    """The pages the `.generated` list names, read back as they were rendered (without the stamp).

    A Markdown page without the stamp is no page of the generator's, whatever the list says:
    it is left out, so the preview never puts its banner on a hand-written page.
    """
    pages = {}
    for rel in sorted(read_manifest(docs_dir) or ()):
        try:
            text = read_regular_bytes(docs_dir / rel).decode("utf-8", errors="replace")
        except OSError:
            continue
        if rel.endswith(".md") and not text.startswith(_FRONT + STAMP):
            continue
        pages[rel] = unstamped(text)
    return pages


def _removable(path: Path, kinds: set[str]) -> bool:
    """A stale file the list names, and one the generator could have written: removed. Never a link.

    A planted list can name any file in the docs folder, the register and hand-written pages
    included, so a Markdown page is removed only when it carries the stamp (every page the
    generator renders has front matter, so every one carries it), and another file only
    when it is of a kind the generator writes (`kinds`: the suffixes of the pages it writes
    now, such as .xml, .json, .csv).
    """
    try:
        with os.fdopen(open_regular(path), "rb") as handle:
            head = handle.read(len(_FRONT + STAMP)).decode("utf-8", errors="replace")
    except OSError:
        return False
    return head == _FRONT + STAMP if path.suffix == ".md" else path.suffix in kinds

