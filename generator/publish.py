"""Publishing the built site: which folder a build may replace, scratch folders, the atomic swap, recovery.

The engine builds into a scratch folder beside the site; only a finished build replaces
the site, in one step where the system allows. Proof of ownership: the built site carries
SITE_MARKER, so a build replaces only a folder it published itself. Scratch folders are
listed, before they are made, in a ledger beside the site (.site.briefing-scratch): a copy
a user makes (cp -a site site.old-2025-11-27) is never in it, so recover() never takes it
for a leftover. The ledger lies outside the folders, so a site published at any moment
holds exactly the build.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import secrets
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from generator.errors import InputError, Problem
from generator.project import Project, shown_path
from generator.site_config import SiteConfig
from generator.textfile import open_regular, read_regular_bytes

SITE_MARKER = ".briefing-site"
SCRATCH_MARKER = ".briefing-scratch"
MARKER_TEXT = "built by briefing-generator; the next build replaces this folder\n"
SCRATCH_KINDS = ("new", "old", "trash")  # trash: an old site after the swap, being deleted
_TOKEN_BYTES = 4  # secrets.token_hex(4): the 8 hex digits of a scratch folder's name

# What MkDocs always writes. A site built before sites carried SITE_MARKER is accepted
# when it holds all of these (see README "The site folder"); an index.html alone is no proof.
MKDOCS_SIGNATURE = ("index.html", "sitemap.xml", "search/search_index.json")


def site_dir_problem(project: Project, config: SiteConfig) -> str:
    """Why the site folder may not be replaced by a build ('' when it may).

    A build swaps the whole folder for the new site and deletes the old one, so it must
    not be (or hold) the project or its inputs, lie inside them, or be a folder this tool
    did not build (proved by its marker, see is_marked_site).
    """
    site = project.site
    name = project.display(site)
    subject = f"--site-dir {name}" if project.site_given else f"the site folder {name}"
    inputs = {"the project folder": project.root, "the seeds folder": project.seeds, "the register": project.register,
              "the site config": config.path, "the docs folder": config.docs_dir}
    for what, path in inputs.items():
        if path.is_relative_to(site):
            return f"{subject} would replace {what} ({project.display(path)}) with the built site"
    for what in ("the seeds folder", "the docs folder"):
        if site.is_relative_to(inputs[what]):
            return f"{subject} lies inside {what}; build the site outside the inputs"
    blocker = next((p for p in site.parents if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        return f"{subject} cannot be made: {project.display(blocker)} is a file, not a folder"
    if site.is_symlink():
        return (f"{name} is a link; a build replaces the site folder and never follows a link there "
                f"(remove the link, or give --site-dir the folder itself)")
    if site.exists() and not site.is_dir():
        return f"{name} exists and is not a folder"
    if site.is_dir() and any(site.iterdir()) and not _built_here(site):
        return (f"{name} is not empty and holds no {SITE_MARKER} marker, so it is not a site this tool built; "
                f"a build would delete it (move it away, or choose another folder)")
    return ""


def _built_here(site: Path) -> bool:
    """The folder is a site this tool built: its marker, or a site of the version before markers."""
    return is_marked_site(site) or all((site / part).is_file() for part in MKDOCS_SIGNATURE)


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
    found = _unwritable_below(str(site))
    return Path(found) if found is not None else None


def _unwritable_below(folder: str) -> str | None:
    """The first folder, top-down in the order the system lists them, that the user cannot change (folder
    itself included; links to folders are not followed, and a folder that cannot be listed is passed, as
    os.walk does)."""
    if not os.access(folder, os.W_OK | os.X_OK):
        return folder
    try:
        with os.scandir(folder) as listing:
            subfolders = [entry.path for entry in listing if entry.is_dir(follow_symlinks=False)]
    except OSError:
        return None
    for subfolder in subfolders:
        if (found := _unwritable_below(subfolder)) is not None:
            return found
    return None


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
    with os.fdopen(open_regular(scratch_ledger(site), os.O_WRONLY | os.O_APPEND | os.O_CREAT), "ab") as ledger:
        ledger.write(name.encode("utf-8") + b"\n")
        ledger.flush()
        os.fsync(ledger.fileno())


def scratch_dir(site: Path, kind: str) -> Path:
    """A fresh folder beside site/ (same file system, so renames are atomic), listed in the ledger as ours."""
    site.parent.mkdir(parents=True, exist_ok=True)
    while True:
        folder = site.parent / f"{site.name}.{kind}-{secrets.token_hex(_TOKEN_BYTES)}"
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


@contextmanager
def scratch_site(site: Path, made: Path | None = None) -> Iterator[Path]:
    """A fresh scratch folder for one build, after what a killed build left is finished or undone (made: one
    this build made already, with scratch_dir after recover()).

    On leaving, the folder is removed unless it was published; the ledger is forgotten then, unless it
    still lists the old site's trash folder that a child is deleting (recover() removes what it leaves).
    """
    if made is None:
        recover(site)
    scratch = made or scratch_dir(site, "new")
    try:
        yield scratch
    finally:
        if scratch.exists():  # only ever the scratch folder this build made
            shutil.rmtree(scratch, ignore_errors=True)
        if not scratch.exists() and not scratch.with_name(scratch.name.replace(".new-", ".trash-", 1)).exists():
            forget_scratch(site)  # else the ledger still lists the trash folder being deleted, for recover()


def mark_site(folder: Path) -> None:
    """Mark a finished build as a site this tool published (the proof a later build asks for)."""
    (folder / SITE_MARKER).write_text(MARKER_TEXT, "utf-8")


def is_marked_site(folder: Path) -> bool:
    return not folder.is_symlink() and (folder / SITE_MARKER).is_file()


def _claimed(site: Path) -> list[str]:
    """The ledger's lines, each checked to be a scratch folder's name as scratch_dir makes them.

    InputError, located, for a ledger that is not a regular file or a line that is not such
    a name: the ledger is the only proof that a folder is the tool's, so a planted one must
    not make recover() remove a user's copy (site.old-2025-11-27) or a folder elsewhere.
    """
    ledger = scratch_ledger(site)
    try:
        data = read_regular_bytes(ledger)
    except FileNotFoundError:
        return []
    except OSError as exc:
        what = exc.strerror if exc.errno in (errno.ELOOP, errno.EINVAL) else f"cannot be read: {exc.strerror}"
        raise InputError([Problem(shown_path(ledger), 1, 1, "scratch ledger", what,
                                  "delete it; the build lists its scratch folders there in a plain file")]) from None
    lines = data.decode("utf-8", errors="replace").split("\n")
    problems = [Problem(shown_path(ledger), number, 1, "scratch ledger",
                        f"{line[:80]!r} is not the name of a scratch folder this tool makes beside {site.name}",
                        f"names are {site.name}.new-XXXXXXXX or {site.name}.old-XXXXXXXX; delete the ledger "
                        f"(its folders are then left alone) and build again")
                for number, line in enumerate(lines, 1) if line and not is_scratch_name(site, line)]
    if problems:
        raise InputError(problems)
    return [line for line in lines if line]


def is_scratch_name(site: Path, name: str) -> bool:
    """name is exactly a scratch folder's name as scratch_dir makes it beside site."""
    kinds = "|".join(SCRATCH_KINDS)
    return re.fullmatch(f"{re.escape(site.name)}\\.({kinds})-[0-9a-f]{{{2 * _TOKEN_BYTES}}}", name) is not None


def _scratch_folders(site: Path, kind: str) -> list[Path]:
    """The ledger's folders of one kind that still exist: real folders, not links."""
    found = [site.parent / name for name in _claimed(site) if name.startswith(f"{site.name}.{kind}-")]
    return sorted(p for p in found if p.is_dir() and not p.is_symlink())


def recover(site: Path) -> None:
    """Finish or undo a swap that a killed build left half done; drop scratch folders this tool made.

    Only folders listed in the ledger, by names exactly as scratch_dir makes them, are
    touched: a name pattern is no proof, and a user's site.old-2025-11-27 (even a copy of a
    built site, even named in a planted ledger) stays where it is.
    """
    olds = _scratch_folders(site, "old")
    if not site.exists() and olds:
        os.rename(olds[-1], site)
        olds = olds[:-1]
    for leftover in olds + _scratch_folders(site, "new"):
        shutil.rmtree(leftover)
    for trash in _scratch_folders(site, "trash"):  # a child of the last build may still be deleting it
        shutil.rmtree(trash, onerror=_gone_already)
    scratch_ledger(site).unlink(missing_ok=True)


def _gone_already(function, path, info) -> None:
    """rmtree's onerror: what another process deleted first is no error; anything else is."""
    if not isinstance(info[1], FileNotFoundError):
        raise info[1]


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


def publish(new: Path, site: Path, background: bool = False) -> None:
    """Make new the site: atomically where the system allows, else in two renames that recover() can finish.

    The old site is then renamed to a trash folder (listed in the ledger, never taken back for the site by
    recover()) and deleted: here, or with background in a child process of its own, so that the build
    need not wait for it (at 10,000 articles, 20,000 files and 11,000 folders: more than a second).
    """
    mark_site(new)
    if not site.exists():
        os.rename(new, site)
        return
    trash = new.with_name(new.name.replace(".new-", ".trash-", 1))  # the name only: folders above may hold ".new-"
    _claim(site, trash.name)
    if _exchange(new, site):
        os.rename(new, trash)  # new now holds the old site
    else:
        old = new.with_name(new.name.replace(".new-", ".old-", 1))
        _claim(site, old.name)
        os.rename(site, old)
        os.rename(new, site)
        os.rename(old, trash)
    if not background or discard(trash) is None:
        shutil.rmtree(trash)  # an error here is reported, not hidden


# The child that deletes a trash folder: isolated (-I: no PYTHON* variables, no user or current folder on
# the path, so a checkout's shutil.py is never imported), its errors only leave the folder to recover().
_DELETE = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"


def discard(folder: Path) -> subprocess.Popen | None:
    """Delete a folder in a child process, in a session of its own (it outlives the build, and a job's
    cancellation of the build's process group); None when no child could be started."""
    try:
        return subprocess.Popen([sys.executable, "-I", "-S", "-c", _DELETE, str(folder)], stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError:
        return None
