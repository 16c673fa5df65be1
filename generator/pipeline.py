"""The steps of DESIGN.md wired together, with the file I/O at the edges."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.articles import Article
from generator.engine import publish, recover, run_engine, scratch_dir
from generator.errors import InputError, Problem
from generator.linking import Briefing, link
from generator.readers import READERS, read_article
from generator.register import RESERVED_IDS, load_register
from generator.render import render_pages
from generator.writer import WriteReport, write_pages


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


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for docs_dir only; tags meant for MkDocs are ignored here."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_docs_dir(config: Path, display: str) -> str:
    try:
        data = yaml.load(config.read_text("utf-8"), Loader=_ConfigLoader)  # noqa: S506 - safe loader subclass
    except FileNotFoundError:
        raise InputError([Problem(display, 0, 0, "site config", "not found", "run briefing from the project folder, where mkdocs.yml is")]) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise InputError([Problem(display, line, col, "site config", f"cannot be parsed: {exc}", "fix the YAML syntax")]) from None
    return str((data or {}).get("docs_dir", "docs"))


def article_id_problem(article: Article, display: str, taken: dict[str, str]) -> Problem | None:
    """Why an article's id cannot be used (empty, reserved, or taken by the file named in `taken`)."""
    if not article.id:
        return Problem(display, 1, 1, "article", "the file name gives an empty id",
                       "name the file with letters or digits, e.g. 2025-11-27_reuters.txt")
    if article.id in RESERVED_IDS:
        return Problem(display, 1, 1, "article", f"id '{article.id}' is reserved: its page would replace the list of articles",
                       "rename the file, e.g. to 2025-11-27_index.txt")
    if article.id in taken:
        return Problem(display, 1, 1, "article", f"id '{article.id}' is already taken by {taken[article.id]}",
                       "file names must differ after lower-casing and turning punctuation into hyphens; rename one")
    return None


def read_articles(project: Project) -> tuple[list[Article], list[Problem]]:
    """Every article in the seeds folder, and every problem with them."""
    articles: list[Article] = []
    problems: list[Problem] = []
    if not project.seeds.is_dir():
        return [], [Problem(project.display(project.seeds), 0, 0, "seeds", "folder not found", "create it and put the articles there")]
    first_file: dict[str, str] = {}
    for file in sorted(project.seeds.iterdir()):
        display = project.display(file)
        if file.name.startswith(".") or file.is_dir():
            continue
        if file.suffix.lower() not in READERS:
            problems.append(Problem(display, 1, 1, "article", f"no reader for '{file.suffix or file.name}' files",
                                    f"articles are {' or '.join(sorted(READERS))} files; move other files out of the seeds folder"))
            continue
        try:
            article = read_article(file, display)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        problem = article_id_problem(article, display, first_file)
        if problem:
            problems.append(problem)
        else:
            first_file[article.id] = display
            articles.append(article)
    return articles, problems


def check(project: Project) -> Briefing:
    """Read, validate and link; InputError listing every problem."""
    articles, problems = read_articles(project)
    try:
        register, doc = load_register(project.register, project.display(project.register))
    except InputError as exc:
        raise InputError(problems + exc.problems) from None
    if problems:
        raise InputError(problems)
    return link(register, doc, articles)


def generate(project: Project, briefing: Briefing) -> WriteReport:
    """Render the pages and bring the docs folder in line with them."""
    return write_pages(project.docs_dir, render_pages(briefing))


def build(project: Project) -> tuple[Briefing, WriteReport]:
    """check, generate, engine into a scratch folder, atomic swap. Old site stays on any failure."""
    problem = project.site_dir_problem()
    if problem:
        raise UsageError(problem)
    briefing = check(project)
    report = generate(project, briefing)
    recover(project.site)
    scratch = scratch_dir(project.site, "new")
    try:
        result = run_engine(project.root, project.config, scratch)
        if not result.ok:
            raise EngineError(result.output)
        publish(scratch, project.site)
    finally:
        if scratch.exists():
            import shutil

            shutil.rmtree(scratch, ignore_errors=True)
    return briefing, report


class UsageError(Exception):
    """The command line asks for something the tool refuses to do (exit 2)."""


class EngineError(Exception):
    """MkDocs refused to build (a bug in the generated pages or the site config)."""
