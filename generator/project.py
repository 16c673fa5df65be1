"""The project on disk: where its inputs and outputs are, and how a path is shown to the editor.

The first step: it reads nothing (mkdocs.yml is read by site_config) and imports no later step.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

_UNPRINTABLE = {c: f"\\x{c:02x}" for c in [*range(0x20), 0x7F]} | {0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t"}


@dataclass(frozen=True)
class Project:
    root: Path
    seeds: Path
    register: Path
    site: Path
    config_file: Path  # mkdocs.yml
    site_given: bool = False  # --site-dir on the command line (messages name the option only then)

    @classmethod
    def at(cls, root: Path, seeds: str | None = None, register: str | None = None, site: str | None = None) -> "Project":
        root = root.resolve()
        return cls(
            root=root,
            seeds=(root / (seeds or "seeds")).resolve(),
            register=(root / (register or "briefings/register.yml")).resolve(),
            site=(root / (site or "site")).resolve(),
            config_file=root / "mkdocs.yml",
            site_given=site is not None,
        )

    def display(self, path: Path) -> str:
        """A path as the editor would type it: relative to the project where possible.

        Control characters (a newline in a file name) are escaped, so that a
        `file:line:col:` message stays on one line.
        """
        try:
            relative = os.path.relpath(path, Path.cwd())
        except ValueError:
            relative = str(path)
        shown = str(path) if relative.startswith("..") else relative
        return shown.translate(_UNPRINTABLE)

    @property
    def lock_file(self) -> Path:
        """The file whose lock lets one build (or edit, or preview update) at a time work on the project."""
        return self.root / ".briefing.lock"
