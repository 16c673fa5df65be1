"""The scratch folder of an incremental build: the last site copied in, made ready for MkDocs `--dirty`.

MkDocs `--dirty` renders a page (and copies a file) when its output is missing or older
than its source. Here each output is set accordingly, after generator.incremental's
plan, so that the run does not depend on when files were written (a checkout in CI, the
generator writing a page with the same bytes): the output of every page to render and of
every changed file is removed, and every other output gets its source's time. Outputs of
removed pages and files are removed, and folders left empty by that too.

MkDocs writes its outputs in place (the sitemap, 404.html, the search index, a copied
file, a page it renders): through a hard link it would change the published site before
the swap. So only the outputs that a --dirty run never opens are hard links to the last
site's files: those of the pages and files that are not rendered or copied again, which
MkDocs skips by their times alone (the times are set here before it runs, and a time is
all a link shares that may change: the bytes stay the published ones). Everything else is
copied, and where a link cannot be made (another file system) the file is copied too. The
outputs that would be removed again at once (pages to render, files gone) are not copied.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
from collections.abc import Collection
from pathlib import Path

from generator.incremental import DocFile, Plan, output_path

# Made again by every build: not worth copying (Pagefind's bundle is indexed afresh from the built pages).
NOT_COPIED = ("pagefind",)


def unchanged_outputs(docs: dict[str, DocFile], plan: Plan) -> set[str]:
    """The outputs MkDocs --dirty will not open: those of the docs files that are neither rendered nor removed."""
    again = set(plan.render) | set(plan.removed)
    return {output_path(rel) for rel in docs if rel not in again}


def outputs_to_remove(plan: Plan) -> set[str]:
    """The outputs prepare() removes: those of the pages rendered again and of the files gone (not worth copying)."""
    return {output_path(rel) for rel in (*plan.render, *plan.removed)}


def copy_last_site(site: Path, scratch: Path, linked: Collection[str] = frozenset(),
                   left_out: Collection[str] = frozenset()) -> None:
    """Fill the (empty) scratch folder with the published site: the outputs in linked as hard links, every other
    file copied with its time, links copied as links; Pagefind's bundle and the files in left_out (outputs
    prepare() would remove again) left out."""
    _copy_folder(str(site), str(scratch), "", linked, left_out)


def _copy_folder(source: str, target: str, prefix: str, linked: Collection[str], left_out: Collection[str]) -> None:
    with os.scandir(source) as found:
        entries = sorted(found, key=lambda entry: entry.name)
    for entry in entries:
        rel = prefix + entry.name
        into = os.path.join(target, entry.name)
        if not prefix and entry.name in NOT_COPIED:
            continue
        if entry.is_dir(follow_symlinks=False):
            os.mkdir(into)
            _copy_folder(entry.path, into, rel + "/", linked, left_out)
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


def prepare(scratch: Path, docs_dir: Path, docs: dict[str, DocFile], plan: Plan) -> None:
    """Make the copy hold exactly what MkDocs `--dirty` must not redo, and nothing of what is gone."""
    again = set(plan.render)
    for rel in (*plan.render, *plan.removed):
        _remove(scratch, output_path(rel))
    folder = str(scratch)
    for rel, file in docs.items():
        if rel in again:
            continue
        out = os.path.join(folder, output_path(rel))
        try:
            info = os.lstat(out)
        except FileNotFoundError:
            continue  # MkDocs makes it
        if stat.S_ISREG(info.st_mode) and info.st_mtime_ns < file.mtime_ns:
            os.utime(out, ns=(file.mtime_ns, file.mtime_ns))  # as old as its source: not modified, to MkDocs
    for rel in plan.removed:
        _prune(scratch, Path(output_path(rel)).parent)


def _remove(scratch: Path, rel: str) -> None:
    path = scratch / rel
    if path.is_symlink() or path.is_file():
        path.unlink()


def _prune(scratch: Path, folder: Path) -> None:
    """Remove folder (relative to scratch) and the folders above it while they are empty."""
    while folder.parts:
        path = scratch / folder
        try:
            path.rmdir()
        except OSError:
            return
        folder = folder.parent
