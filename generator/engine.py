"""The site engine: MkDocs into a temporary folder, then an atomic swap into site/.

The generator never imports MkDocs: the engine runs as a subprocess, so another engine
that reads mkdocs.yml can take its place. One build at a time per project (build_lock).
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import secrets
import shutil
import subprocess
import sys
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
# folder it published itself. Scratch folders are listed, before they are made, in a
# ledger beside the site (.site.briefing-scratch): a copy a user makes (cp -a site
# site.old-2025-11-27) is never in it, so recover() never takes it for a leftover. The
# ledger lies outside the folders, so a site published at any moment holds exactly the build.
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


def scratch_ledger(site: Path) -> Path:
    """The list of scratch folders this tool made beside the site, one name a line."""
    return site.parent / f".{site.name}{SCRATCH_MARKER}"


def _claim(site: Path, name: str) -> None:
    """Enter a scratch folder's name in the ledger before the folder exists: no moment leaves an unlisted one."""
    with open(scratch_ledger(site), "a", encoding="utf-8") as ledger:
        ledger.write(name + "\n")
        ledger.flush()
        os.fsync(ledger.fileno())


def scratch_dir(site: Path, kind: str) -> Path:
    """A fresh folder beside site/ (same file system, so renames are atomic), listed in the ledger as ours."""
    site.parent.mkdir(parents=True, exist_ok=True)
    while True:
        folder = site.parent / f"{site.name}.{kind}-{secrets.token_hex(4)}"
        _claim(site, folder.name)
        try:
            # the published site must be readable by the web server's user (mkdtemp would make 0700)
            folder.mkdir(mode=published_mode())
        except FileExistsError:
            continue
        folder.chmod(published_mode())  # mkdir's mode is cut by the umask already; chmod states it plainly
        return folder


def forget_scratch(site: Path) -> None:
    """The build is over and its scratch folder gone (published or removed): the ledger has nothing left to list."""
    scratch_ledger(site).unlink(missing_ok=True)


def mark_site(folder: Path) -> None:
    """Mark a finished build as a site this tool published (the proof a later build asks for)."""
    (folder / SITE_MARKER).write_text(MARKER_TEXT, "utf-8")


def is_marked_site(folder: Path) -> bool:
    return not folder.is_symlink() and (folder / SITE_MARKER).is_file()


def _claimed(site: Path) -> list[str]:
    try:
        return scratch_ledger(site).read_text("utf-8").split()
    except FileNotFoundError:
        return []


def _scratch_folders(site: Path, kind: str) -> list[Path]:
    """The ledger's folders of one kind that still exist: real folders, not links, named as the tool names them."""
    prefix = f"{site.name}.{kind}-"
    found = [site.parent / name for name in _claimed(site) if name.startswith(prefix) and "/" not in name]
    return sorted(p for p in found if p.is_dir() and not p.is_symlink())


def recover(site: Path) -> None:
    """Finish or undo a swap that a killed build left half done; drop scratch folders this tool made.

    Only folders listed in the ledger are touched: a name pattern is no proof, and a user's
    site.old-2025-11-27 (even a copy of a built site) stays where it is.
    """
    olds = _scratch_folders(site, "old")
    if not site.exists() and olds:
        os.rename(olds[-1], site)
        olds = olds[:-1]
    for leftover in olds + _scratch_folders(site, "new"):
        shutil.rmtree(leftover)
    scratch_ledger(site).unlink(missing_ok=True)


def publish(new: Path, site: Path) -> None:
    """Make new the site: atomically where the system allows, else in two renames that recover() can finish."""
    mark_site(new)
    if not site.exists():
        os.rename(new, site)
    elif _exchange(new, site):
        shutil.rmtree(new)  # new now holds the old site; an error here is reported, not hidden
    else:
        old = new.with_name(new.name.replace(".new-", ".old-", 1))  # the name only: the folders above may hold ".new-" too
        _claim(site, old.name)
        os.rename(site, old)
        os.rename(new, site)
        shutil.rmtree(old)


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
