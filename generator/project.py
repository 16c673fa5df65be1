"""The project on disk: where its inputs and outputs are, and which site folder a build may replace."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from generator.engine import SITE_MARKER, is_marked_site
from generator.errors import input_error
from generator.site_config import read_docs_dir

# What MkDocs always writes. A site built before sites carried SITE_MARKER is accepted
# when it holds all of these (see README "The site folder"); an index.html alone is no proof.
MKDOCS_SIGNATURE = ("index.html", "sitemap.xml", "search/search_index.json")

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

    def site_dir_problem(self) -> str:
        """Why the site folder may not be replaced by a build ('' when it may).

        A build swaps the whole folder for the new site and deletes the old one, so it must
        not be (or hold) the project or its inputs, lie inside them, or be a folder this tool
        did not build (proved by its marker, see is_marked_site).
        """
        site = self.site
        name = self.display(site)
        subject = f"--site-dir {name}" if self.site_given else f"the site folder {name}"
        inputs = {"the project folder": self.root, "the seeds folder": self.seeds, "the register": self.register,
                  "the site config": self.config, "the docs folder": self.docs_dir}
        for what, path in inputs.items():
            if path.is_relative_to(site):
                return f"{subject} would replace {what} ({self.display(path)}) with the built site"
        for what in ("the seeds folder", "the docs folder"):
            if site.is_relative_to(inputs[what]):
                return f"{subject} lies inside {what}; build the site outside the inputs"
        blocker = next((p for p in site.parents if p.exists() and not p.is_dir()), None)
        if blocker is not None:
            return f"{subject} cannot be made: {self.display(blocker)} is a file, not a folder"
        if site.is_symlink() or (site.exists() and not site.is_dir()):
            return f"{name} exists and is not a folder"
        if site.is_dir() and any(site.iterdir()) and not self._built_here(site):
            return (f"{name} is not empty and holds no {SITE_MARKER} marker, so it is not a site this tool built; "
                    f"a build would delete it (move it away, or choose another folder)")
        return ""

    @staticmethod
    def _built_here(site: Path) -> bool:
        """The folder is a site this tool built: its marker, or a site of the version before markers."""
        return is_marked_site(site) or all((site / part).is_file() for part in MKDOCS_SIGNATURE)
