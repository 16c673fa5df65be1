"""The scratch folder of an incremental build: the last site copied in, made ready for MkDocs `--dirty`.

MkDocs `--dirty` renders a page (and copies a file) when its output is missing or older
than its source. Here each output is set accordingly, after generator.incremental's
plan, so that the run does not depend on when files were written (a checkout in CI, the
generator writing a page with the same bytes): the output of every page to render and of
every changed file is removed, and every other output gets its source's time. Outputs of
removed pages and files are removed, and folders left empty by that too.

The last site is copied, never hard-linked: MkDocs writes its outputs in place (the
sitemap, 404.html, the search index, a copied file), and through a link it would change
the published site before the swap.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from generator.incremental import DocFile, Plan, output_path

# Made again by every build: not worth copying (Pagefind's bundle is indexed afresh from the built pages).
NOT_COPIED = ("pagefind",)


def copy_last_site(site: Path, scratch: Path) -> None:
    """Copy the published site into the (empty) scratch folder, files' times kept, links copied as links."""
    for entry in sorted(os.scandir(site), key=lambda e: e.name):
        if entry.name in NOT_COPIED:
            continue
        target = scratch / entry.name
        if entry.is_dir(follow_symlinks=False):
            shutil.copytree(entry.path, target, symlinks=True)
        else:
            shutil.copy2(entry.path, target, follow_symlinks=False)


def prepare(scratch: Path, docs_dir: Path, docs: dict[str, DocFile], plan: Plan) -> None:
    """Make the copy hold exactly what MkDocs `--dirty` must not redo, and nothing of what is gone."""
    again = set(plan.render)
    for rel in (*plan.render, *plan.removed):
        _remove(scratch, output_path(rel))
    for rel, file in docs.items():
        if rel in again:
            continue
        out = scratch / output_path(rel)
        if out.is_file() and not out.is_symlink():
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
