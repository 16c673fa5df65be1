"""The project on disk: where its inputs and outputs are, how a path is shown to the editor,
and which of the project's own places a link leads away from it.

The first step: it reads no file (mkdocs.yml is read by site_config) and imports no later
step, only the shared helpers errors.py and textfile.py.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from generator.errors import InputError, Problem
from generator.textfile import file_kind, link_leads_away

_UNPRINTABLE = {c: f"\\x{c:02x}" for c in [*range(0x20), 0x7F]} | {0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t"}

LOCK_FILE = ".briefing.lock"
CACHE_DIR = ".briefing_cache"  # generator.cache keeps its file there


@dataclass(frozen=True)
class Project:
    root: Path
    seeds: Path
    register: Path
    site: Path  # its own name unresolved: a link there is refused (publish.site_dir_problem), never followed
    config_file: Path  # mkdocs.yml
    site_given: bool = False  # --site-dir on the command line (messages name the option only then)
    # the inputs as named, before links are followed: (what, path)
    named: tuple[tuple[str, Path], ...] = ()

    @classmethod
    def at(cls, root: Path, seeds: str | None = None, register: str | None = None, site: str | None = None) -> "Project":
        root = root.resolve()
        named_seeds, named_register = root / (seeds or "seeds"), root / (register or "briefings/register.yml")
        config_file = root / "mkdocs.yml"
        return cls(
            root=root,
            seeds=named_seeds.resolve(),
            register=named_register.resolve(),
            site=_site_path(root, root / (site or "site")),
            config_file=config_file,
            site_given=site is not None,
            named=(("seeds", named_seeds), ("register", named_register), ("site config", config_file)),
        )

    def display(self, path: Path) -> str:
        """A path as the editor would type it: relative to the project where possible.

        Control characters (a newline in a file name) are escaped, so that a
        `file:line:col:` message stays on one line.
        """
        return shown_path(path)

    @property
    def lock_file(self) -> Path:
        """The file whose lock lets one build (or edit, or preview update) at a time work on the project."""
        return self.root / LOCK_FILE

    @property
    def cache_dir(self) -> Path:
        """The folder of the generator's cache (generator.cache)."""
        return self.root / CACHE_DIR

    def refuse_links_away(self) -> None:
        """InputError, located, when a link takes one of the project's own places off the project.

        An input named inside the project (the seeds folder, the register, mkdocs.yml) may be a
        link only to the project's own visible files: a pull request can commit a link as
        easily as a file, and what it leads to would be read into the site, or written by an
        edit. The build lock and the cache folder are the tool's own and are never links (nor
        is the lock anything but a file; a cache folder of another kind only goes unused).
        Called before a command opens anything.
        """
        problems = [Problem(self.display(path), 1, 1, what, f"is a link that leads {away}",
                            "replace the link with the file or folder itself; the tool reads nothing through a link "
                            "that leaves the project") for what, path in self.named
                    if _inside(path, self.root) and (away := link_leads_away(path, self.root))]
        for what, path in (("build lock", self.lock_file), ("cache", self.cache_dir)):
            try:
                mode = os.lstat(path).st_mode
            except FileNotFoundError:
                continue
            if stat.S_ISLNK(mode) or (path == self.lock_file and not stat.S_ISREG(mode)):
                name = "a link" if stat.S_ISLNK(mode) else file_kind(mode)
                problems.append(Problem(self.display(path), 1, 1, what, f"is {name}, not the tool's own {what}",
                                        "delete it; the tool makes it again, a plain file or folder of its own"))
        if problems:
            raise InputError(problems)


def shown_path(path: Path) -> str:
    """A path as the editor would type it: relative to the current folder where it lies below it,
    control characters escaped (a `file:line:col:` message stays on one line).

    Called for every article of every build: an absolute path already in normal form below
    the current folder is cut at its prefix (what os.path.relpath gives it, without
    relpath's cost); anything else goes through relpath."""
    text, here = os.fspath(path), os.getcwd()
    if text.startswith(here + os.sep) and here != os.sep and "/." not in text and "//" not in text and not text.endswith(os.sep):
        return text[len(here) + 1:].translate(_UNPRINTABLE)
    try:
        relative = os.path.relpath(path, here)
    except ValueError:
        relative = text
    shown = text if relative.startswith("..") else relative
    return shown.translate(_UNPRINTABLE)


def _inside(path: Path, root: Path) -> bool:
    """path, as named (before links are followed), lies inside root."""
    return Path(os.path.normpath(path)).is_relative_to(root)


def _site_path(root: Path, named: Path) -> Path:
    """The site folder: inside the project, the folders above it resolved and its own name kept, so that a
    link planted there stays a link (and is refused); a folder the user names outside, resolved."""
    normal = Path(os.path.normpath(named))
    if not _inside(normal, root) or normal.name in ("", ".", ".."):
        return named.resolve()
    return normal.parent.resolve() / normal.name
