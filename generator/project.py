"""The project on disk: where its inputs and outputs are, and which docs folder the generator may write."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from generator.errors import input_error
from generator.site_config import read_docs_dir

_UNPRINTABLE = {c: f"\\x{c:02x}" for c in [*range(0x20), 0x7F]} | {0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t"}


@dataclass(frozen=True)
class Project:
    root: Path
    seeds: Path
    register: Path
    site: Path
    config: Path
    site_given: bool = False  # --site-dir on the command line (messages name the option only then)

    @classmethod
    def at(cls, root: Path, seeds: str | None = None, register: str | None = None, site: str | None = None) -> "Project":
        root = root.resolve()
        return cls(
            root=root,
            seeds=(root / (seeds or "seeds")).resolve(),
            register=(root / (register or "briefings/register.yml")).resolve(),
            site=(root / (site or "site")).resolve(),
            config=root / "mkdocs.yml",
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
    def docs_dir(self) -> Path:
        """The docs folder of mkdocs.yml, checked before anything is written into it."""
        display = self.display(self.config)
        value, line, col = read_docs_dir(self.config, display)
        docs = (self.root / value).resolve()
        problem = self._docs_dir_problem(docs)
        if problem:
            raise input_error(display, line, col, "site config", f"docs_dir '{value}' {problem}",
                              "the generated pages need a folder of their own, e.g. docs_dir: briefings")
        return docs

    def _docs_dir_problem(self, docs: Path) -> str:
        if docs == self.root:
            return "is the project folder"
        if not docs.is_relative_to(self.root):
            return "lies outside the project"
        if docs.is_relative_to(self.seeds) or self.seeds.is_relative_to(docs):
            return "overlaps the seeds folder"
        if docs.exists() and not docs.is_dir():
            return "is a file, not a folder"
        return ""

    @property
    def lock_file(self) -> Path:
        return self.root / ".briefing.lock"
