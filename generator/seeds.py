"""The seeds folder: every article file in it read, and the ids they take checked."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Callable

from generator.articles import Article
from generator.errors import InputError, Problem
from generator.project import Project
from generator.readers import READERS, read_article
from generator.site_urls import is_month_key
from generator.textfile import file_kind, link_leads_away
from generator.vocabulary import RESERVED_IDS

Reader = Callable[[Path, str], Article]


def article_id_problem(article: Article, display: str, taken: dict[str, str]) -> Problem | None:
    """Why an article's id cannot be used (empty, reserved, or taken by the file named in `taken`)."""
    if not article.id:
        return Problem(display, 1, 1, "article", "the file name gives an empty id",
                       "name the file with letters or digits, e.g. 2025-11-27_reuters.txt")
    if article.id in RESERVED_IDS:
        return Problem(display, 1, 1, "article", f"id '{article.id}' is reserved: its page would replace the list of articles",
                       "rename the file, e.g. to 2025-11-27_index.txt")
    if is_month_key(article.id):
        return Problem(display, 1, 1, "article", f"id '{article.id}' is reserved: its page would replace the list of that month's articles",
                       f"rename the file, e.g. to {article.id}-01_notes.txt")
    if article.id in taken:
        return Problem(display, 1, 1, "article", f"id '{article.id}' is already taken by {taken[article.id]}",
                       "file names must differ after lower-casing and turning punctuation into hyphens; rename one")
    return None


def read_articles(project: Project, reader: Reader = read_article) -> tuple[list[Article], list[Problem]]:
    """Every article in the seeds folder, and every problem with them; reader(file, display) reads one."""
    if project.seeds.exists() and not project.seeds.is_dir():
        return [], [Problem(project.display(project.seeds), 0, 0, "seeds", "is a file, not a folder",
                            "give the folder that holds the articles, e.g. --seeds seeds")]
    if not project.seeds.is_dir():
        return [], [Problem(project.display(project.seeds), 0, 0, "seeds", "folder not found", "create it and put the articles there")]
    articles: list[Article] = []
    problems: list[Problem] = []
    first_file: dict[str, str] = {}
    for file in sorted(project.seeds.iterdir()):
        display = project.display(file)
        if file.name.startswith("."):
            continue
        kind = _not_a_regular_file(file, project.root)
        if kind == "a folder":
            continue
        if kind:
            problems.append(Problem(display, 1, 1, "article", f"is {kind}, not an article file",
                                    "the seeds folder holds article files only; move it out, it was not opened"))
            continue
        if file.suffix.lower() not in READERS:
            problems.append(Problem(display, 1, 1, "article", f"no reader for '{file.suffix or file.name}' files",
                                    f"articles are {' or '.join(sorted(READERS))} files; move other files out of the seeds folder"))
            continue
        article = admit_article(file, display, first_file, problems, reader)
        if article is not None:
            articles.append(article)
    return articles, problems


def admit_article(file: Path, display: str, taken: dict[str, str], problems: list[Problem],
                  reader: Reader = read_article) -> Article | None:
    """Read one article and claim its id in `taken`; None (and its problems added) when it cannot be used."""
    try:
        article = reader(file, display)
    except InputError as exc:
        problems.extend(exc.problems)
        return None
    if problem := article_id_problem(article, display, taken):
        problems.append(problem)
        return None
    taken[article.id] = display
    return article


def _not_a_regular_file(file: Path, root: Path) -> str:
    """'' for a regular file (or a link to one of the project's own visible files), else what it is. Never opens it."""
    try:
        mode = os.lstat(file).st_mode
        if stat.S_ISLNK(mode):
            target = file.resolve(strict=True)
            away = link_leads_away(file, root)  # outside, or into .git and the like
            if away:
                return "a link to a file outside the project" if away == "outside the project" else f"a link that leads {away}"
            mode = os.stat(target).st_mode
    except (OSError, RuntimeError):  # a broken link or a loop of links
        return "a link that leads nowhere"
    return "" if stat.S_ISREG(mode) else file_kind(mode)
