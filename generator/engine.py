"""The site engine: MkDocs into a temporary folder, then an atomic swap into site/.

The generator never imports MkDocs: the engine runs as a subprocess, so another engine
that reads mkdocs.yml can take its place. One build at a time per project (build_lock).
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import glob
import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

# MkDocs 1.6 is the last 1.x release; Material prints an end-of-life banner about
# MkDocs 2 unless this is set. The banner is noise in CI logs, not a problem with the site.
ENGINE_ENV = {"NO_MKDOCS_2_WARNING": "1"}

# A build of the sample project takes seconds; a MkDocs that runs this long is stuck
# (a plugin waiting on the network, a FIFO among the docs), and CI must not hang on it.
ENGINE_TIMEOUT_SECONDS = 600

# Proof of ownership. The built site carries SITE_MARKER, so a build replaces only a
# folder it published itself. A scratch folder carries SCRATCH_MARKER holding its own
# name: a copy a user makes (cp -a site site.old-2025-11-27) keeps the site marker but
# not a matching scratch marker, so recover() never takes it for a leftover.
SITE_MARKER = ".briefing-site"
SCRATCH_MARKER = ".briefing-scratch"
MARKER_TEXT = "built by briefing-generator; the next build replaces this folder\n"


@dataclass(frozen=True)
class EngineResult:
    ok: bool
    output: str


def run_engine(project: Path, config: Path, out_dir: Path) -> EngineResult:
    """Build the site with MkDocs --strict into out_dir."""
    env = {**os.environ, **ENGINE_ENV}
    # no -q: MkDocs counts warnings for --strict only when they are logged
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
               "-f", str(config), "-d", str(out_dir)]
    try:
        proc = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, timeout=ENGINE_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        return EngineResult(False, f"MkDocs did not finish within {ENGINE_TIMEOUT_SECONDS} seconds and was stopped")
    lines = (proc.stdout + proc.stderr).splitlines()
    return EngineResult(proc.returncode == 0, "\n".join(l for l in lines if not l.startswith("INFO")).strip())


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    if ctypes.get_errno() in (errno.EINVAL, errno.ENOSYS, errno.EXDEV, errno.ENOTSUP):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(a))


def published_mode() -> int:
    """The mode of a normal published folder under the current umask (0o755 with the usual 022)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o777 & ~mask


def scratch_dir(site: Path, kind: str) -> Path:
    """A fresh folder beside site/ (same file system, so renames are atomic), marked as ours."""
    site.parent.mkdir(parents=True, exist_ok=True)
    # mkdtemp makes 0700; the published site must be readable by the web server's user
    folder = Path(tempfile.mkdtemp(prefix=f"{site.name}.{kind}-", dir=site.parent))
    folder.chmod(published_mode())
    (folder / SCRATCH_MARKER).write_text(folder.name + "\n", "utf-8")
    return folder


def mark_site(folder: Path) -> None:
    """Mark a finished build as a site this tool published (the proof a later build asks for)."""
    (folder / SITE_MARKER).write_text(MARKER_TEXT, "utf-8")


def is_marked_site(folder: Path) -> bool:
    return not folder.is_symlink() and (folder / SITE_MARKER).is_file()


def is_scratch(folder: Path) -> bool:
    """A folder this tool made as scratch: a real folder whose marker names the folder itself."""
    marker = folder / SCRATCH_MARKER
    if folder.is_symlink() or not folder.is_dir() or marker.is_symlink() or not marker.is_file():
        return False
    try:
        return marker.read_text("utf-8").strip() == folder.name
    except (OSError, UnicodeDecodeError):
        return False


def _scratch_folders(site: Path, kind: str) -> list[Path]:
    return sorted(p for p in site.parent.glob(f"{glob.escape(site.name)}.{kind}-*") if is_scratch(p))


def recover(site: Path) -> None:
    """Finish or undo a swap that a killed build left half done; drop scratch folders this tool made.

    Only folders carrying a scratch marker that names them are touched: a name pattern is
    no proof, and a user's site.old-2025-11-27 stays where it is.
    """
    olds = _scratch_folders(site, "old")
    if not site.exists() and olds:
        os.rename(olds[-1], site)
        (site / SCRATCH_MARKER).unlink(missing_ok=True)
        olds = olds[:-1]
    for leftover in olds + _scratch_folders(site, "new"):
        shutil.rmtree(leftover)


def publish(new: Path, site: Path) -> None:
    """Make new the site: atomically where the system allows, else in two renames that recover() can finish."""
    mark_site(new)
    if not site.exists():
        os.rename(new, site)
        (site / SCRATCH_MARKER).unlink()
        return
    # the old site is marked as scratch under the name it will have, so that a build killed
    # mid-swap leaves nothing recover() cannot prove to be its own
    (site / SCRATCH_MARKER).write_text(new.name + "\n", "utf-8")
    if _exchange(new, site):
        shutil.rmtree(new)  # new now holds the old site; an error here is reported, not hidden
    else:
        old = new.with_name(new.name.replace(".new-", ".old-", 1))  # the name only: the folders above may hold ".new-" too
        (site / SCRATCH_MARKER).write_text(old.name + "\n", "utf-8")
        os.rename(site, old)
        os.rename(new, site)
        shutil.rmtree(old)
    # the scratch marker goes last: a build killed before this point leaves a folder recover() knows
    (site / SCRATCH_MARKER).unlink(missing_ok=True)


def unwritable_folder(site: Path) -> Path | None:
    """The first folder of the site (or the folder it lies in) that a build could not change, or None.

    Checked before the build: afterwards the old site could be neither removed nor replaced,
    and a half-removed copy would be left beside the new one.
    """
    parent = next(p for p in site.parents if p.exists())  # folders still to be made are made by the build
    if not os.access(parent, os.W_OK | os.X_OK):
        return parent
    if not site.is_dir():
        return None
    for folder, subfolders, _files in os.walk(site):
        if not os.access(folder, os.W_OK | os.X_OK):
            return Path(folder)
    return None


@contextmanager
def build_lock(lock_file: Path, project_name: str) -> Iterator[None]:
    """One build at a time per project: a second one waits for the first (and says so)."""
    with open(lock_file, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"another build is running in {project_name} (lock {lock_file.name}); waiting for it to finish", file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
