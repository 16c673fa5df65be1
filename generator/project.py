"""The project on disk: where its inputs and outputs are, and which site folder a build may replace."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from generator.site_config import read_docs_dir


@dataclass(frozen=True)
class Project:
    root: Path
    seeds: Path
    register: Path
    site: Path
    config: Path

    @classmethod
    def at(cls, root: Path, seeds: str | None = None, register: str | None = None, site: str | None = None) -> "Project":
        root = root.resolve()
        return cls(
            root=root,
            seeds=(root / (seeds or "seeds")).resolve(),
            register=(root / (register or "briefings/register.yml")).resolve(),
            site=(root / (site or "site")).resolve(),
            config=root / "mkdocs.yml",
        )

    def display(self, path: Path) -> str:
        """A path as the editor would type it: relative to the project where possible."""
        try:
            relative = os.path.relpath(path, Path.cwd())
        except ValueError:
            return str(path)
        return str(path) if relative.startswith("..") else relative

    @property
    def docs_dir(self) -> Path:
        return self.root / read_docs_dir(self.config, self.display(self.config))

    @property
    def lock_file(self) -> Path:
        return self.root / ".briefing.lock"

    def site_dir_problem(self) -> str:
        """Why the site folder may not be replaced by a build ('' when it may).

        A build swaps the whole folder for the new site and deletes the old one, so it must
        not be (or hold) the project or its inputs, lie inside them, or be some other folder.
        """
        site = self.site
        name = self.display(site)
        inputs = {"the project folder": self.root, "the seeds folder": self.seeds, "the register": self.register,
                  "the site config": self.config, "the docs folder": self.docs_dir.resolve()}
        for what, path in inputs.items():
            if path.is_relative_to(site):
                return f"--site-dir {name} would replace {what} ({self.display(path)}) with the built site"
        for what in ("the seeds folder", "the docs folder"):
            if site.is_relative_to(inputs[what]):
                return f"--site-dir {name} lies inside {what}; build the site outside the inputs"
        if site.exists() and not site.is_dir():
            return f"{name} exists and is not a folder"
        if site.is_dir() and any(site.iterdir()) and not (site / "index.html").is_file():
            return f"{name} is not empty and holds no index.html, so it is not a built site; a build would delete it"
        return ""
