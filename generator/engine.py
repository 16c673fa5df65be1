"""The site engine: MkDocs into a temporary folder, then an atomic swap into site/.

The generator never imports MkDocs: the engine runs as a subprocess, so another engine
that reads mkdocs.yml can take its place. One build at a time per project (build_lock).
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
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
    proc = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
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


def scratch_dir(site: Path, kind: str) -> Path:
    """A fresh folder beside site/ (same file system, so renames are atomic)."""
    site.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{site.name}.{kind}-", dir=site.parent))


def recover(site: Path) -> None:
    """Finish or undo a swap that a killed build left half done; drop stale scratch folders."""
    olds = sorted(site.parent.glob(f"{site.name}.old-*"))
    if not site.exists() and olds:
        os.rename(olds[-1], site)
        olds = olds[:-1]
    for leftover in olds + sorted(site.parent.glob(f"{site.name}.new-*")):
        shutil.rmtree(leftover, ignore_errors=True)


def publish(new: Path, site: Path) -> None:
    """Make new the site: atomically where the system allows, else in two renames that recover() can finish."""
    if not site.exists():
        os.rename(new, site)
        return
    if _exchange(new, site):
        shutil.rmtree(new, ignore_errors=True)  # new now holds the old site
        return
    old = new.with_name(new.name.replace(".new-", ".old-", 1))  # the name only: the folders above may hold ".new-" too
    os.rename(site, old)
    os.rename(new, site)
    shutil.rmtree(old, ignore_errors=True)


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
