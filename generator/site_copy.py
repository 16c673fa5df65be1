"""The last published site copied into a scratch folder: here, or in a child process while the generator works.

An incremental engine run starts from a copy of the last site (generator.incremental_site).
At 10,000 articles that copy is 11,000 folders and 20,000 files (0.8 s, most of it mkdir),
and it needs nothing of what the generator makes but the list of files it may hard-link.
So a build whose inputs changed starts it in a child process as soon as it knows
(pipeline.EarlyCopy), and the generator's work hides it; the engine step then only
removes what it renders again (incremental_site.prepare).

Only stdlib is imported here: the child runs this module isolated (python -I -S, with
nothing but this package's own folder on its path), so that no file of the project it
runs in is ever imported.
"""

from __future__ import annotations

import errno
import itertools
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Collection
from pathlib import Path

# Made again by every build: not worth copying (Pagefind's bundle is indexed afresh from the built pages).
NOT_COPIED = ("pagefind",)
_PARENT_CHECK = 256  # entries copied between two looks at whether the build that started the child is still there


class ParentGone(Exception):
    """The build that started the copying child has ended: the child stops (recover() removes the folder)."""


def copy_last_site(site: Path, scratch: Path, linked: Collection[str] = frozenset(),
                   left_out: Collection[str] = frozenset(), parent: int | None = None) -> None:
    """Fill the (empty) scratch folder with the published site: the outputs in linked as hard links, every other
    file copied with its time, links copied as links; Pagefind's bundle and the files in left_out (outputs
    prepare() would remove again) left out. parent: the build's process id, when a child copies (it stops
    with ParentGone once that process is gone)."""
    _copy_folder(str(site), str(scratch), "", linked, left_out, _orphan_check(parent))


def _orphan_check(parent: int | None) -> Callable[[], None]:
    """Called once per entry copied: ParentGone, every _PARENT_CHECK entries, once parent is no longer this
    process's parent (nothing when there is no parent to watch)."""
    if parent is None:
        return lambda: None
    entries = itertools.count(1)

    def check() -> None:
        if next(entries) % _PARENT_CHECK == 0 and os.getppid() != parent:
            raise ParentGone()
    return check


def _copy_folder(source: str, target: str, prefix: str, linked: Collection[str], left_out: Collection[str],
                 check: Callable[[], None]) -> None:
    with os.scandir(source) as found:
        entries = sorted(found, key=lambda entry: entry.name)
    for entry in entries:
        check()
        rel = prefix + entry.name
        into = os.path.join(target, entry.name)
        if not prefix and entry.name in NOT_COPIED:
            continue
        if entry.is_dir(follow_symlinks=False):
            os.mkdir(into)
            _copy_folder(entry.path, into, rel + "/", linked, left_out, check)
        elif rel in left_out:
            continue
        elif entry.is_symlink():
            os.symlink(os.readlink(entry.path), into)
        else:
            _copy(entry.path, into, rel in linked and entry.is_file(follow_symlinks=False))


def _copy(source: str, target: str, link: bool) -> None:
    if link:
        try:
            os.link(source, target, follow_symlinks=False)
            return
        except OSError as exc:
            if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
                raise
    shutil.copy2(source, target, follow_symlinks=False)


# The child: isolated, this package's folder alone added to its path; the linked paths on stdin, NUL-separated.
_CHILD = ("import sys; sys.path.insert(0, sys.argv[1]); "
          "from generator.site_copy import child_main; sys.exit(child_main(sys.argv[2:]))")


def start_copy(site: Path, scratch: Path, linked: Collection[str]) -> subprocess.Popen | None:
    """Start a child copying site into scratch (copy_last_site with these linked outputs); None when it could not
    be started. It is in the build's process group, so a Ctrl-C at the terminal stops it too."""
    package_root = str(Path(__file__).resolve().parent.parent)
    try:
        child = subprocess.Popen([sys.executable, "-I", "-S", "-c", _CHILD, package_root, str(site), str(scratch),
                                  str(os.getpid())], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
    except OSError:
        return None
    try:
        child.stdin.write(b"\0".join(os.fsencode(rel) for rel in linked))
        child.stdin.close()
    except OSError:  # it ended before reading its list
        child.kill()
        child.wait()
        return None
    return child


def child_main(argv: list[str]) -> int:
    """The child's whole work: exit 0 when the copy is complete, 1 otherwise (the build then copies itself)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)  # a Ctrl-C ends it at once; the build removes what it left
    site, scratch, parent = argv[0], argv[1], int(argv[2])
    linked = {os.fsdecode(rel) for rel in sys.stdin.buffer.read().split(b"\0") if rel}
    try:
        copy_last_site(Path(site), Path(scratch), linked, parent=parent)
    except (OSError, ParentGone):
        return 1
    return 0
