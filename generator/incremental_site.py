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
The copy itself is generator.site_copy's (in a child process while the generator works,
when the build can tell early that the engine will run).
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Collection
from pathlib import Path

from generator.incremental import DocFile, Plan, output_path
from generator.publish import forget_scratch, recover, scratch_dir
from generator.site_copy import start_copy


def unchanged_outputs(docs: dict[str, DocFile], plan: Plan) -> set[str]:
    """The outputs MkDocs --dirty will not open: those of the docs files that are neither rendered nor removed."""
    again = set(plan.render) | set(plan.removed)
    return {output_path(rel) for rel in docs if rel not in again}


def outputs_to_remove(plan: Plan) -> set[str]:
    """The outputs prepare() removes: those of the pages rendered again and of the files gone (not worth copying)."""
    return {output_path(rel) for rel in (*plan.render, *plan.removed)}


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


class EarlyCopy:
    """The last site copied into a scratch folder by a child process while the generator works (site_copy).

    start() begins it, once; take() hands the finished copy to the engine step (None when there
    is none or the child failed: the engine step then copies in this process); discard() stops
    the child and removes a copy nobody took. The copy hard-links the outputs of the docs files
    the last build published (linked): prepare() removes those that are rendered again or gone
    before MkDocs runs, exactly as if they had never been linked.
    """

    def __init__(self, site: Path) -> None:
        self.site = site
        self.scratch: Path | None = None
        self.child: subprocess.Popen | None = None

    def start(self, linked: Collection[str]) -> None:
        if self.scratch is not None:
            return
        recover(self.site)
        self.scratch = scratch_dir(self.site, "new")
        self.child = start_copy(self.site, self.scratch, linked)

    def take(self) -> Path | None:
        """The finished copy, the caller's from now on (scratch_site(site, made=...)); None if there is none."""
        if self.child is None or self.child.wait() != 0:
            self.discard()
            return None
        scratch, self.scratch, self.child = self.scratch, None, None
        return scratch

    def discard(self) -> None:
        if self.child is not None:
            if self.child.poll() is None:
                self.child.kill()
            self.child.wait()
            self.child = None
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
            if not self.scratch.exists():
                forget_scratch(self.site)  # recover() at start() left the ledger listing this folder alone
            self.scratch = None
