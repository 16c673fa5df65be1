"""`briefing add`: check new article files (or web pages made into articles), then copy them into the seeds folder."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path

from generator.articles import Article
from generator.commands.add_web import Known, WebOptions, found_line, is_web_source, made_problem, prepare_page
from generator.errors import InputError, Problem
from generator.linker import mentions_by_point
from generator.project import Project
from generator.register import load_register
from generator.seeds import admit_article, read_articles
from generator.textfile import file_kind


def add_articles(project: Project, items: list[str], options: WebOptions | None = None) -> int:
    """All or nothing: every file, page or address is checked before any article is copied; nothing is overwritten.

    Article files (.txt, .md) are copied as they are; a saved page (.html) or an http(s)
    address becomes a Markdown article (generator/commands/add_web.py).
    """
    existing, _ = read_articles(project)
    taken = {a.id: a.path for a in existing}
    problems: list[Problem] = []
    accepted: list[tuple[Path, Path, Article, str]] = []
    known = Known.of(existing)
    with tempfile.TemporaryDirectory(prefix="briefing-add-") as scratch:
        for item in items:
            if is_web_source(item):
                try:
                    file, display, page = prepare_page(project, item, Path(scratch), known, options or WebOptions(), taken)
                except InputError as exc:
                    problems.extend(exc.problems)
                    continue
                found = f"{display}: {found_line(page)}"
            else:
                file, found = Path(item), ""
                display = project.display(file.resolve()) if file.exists() else str(file)
                if problem := _not_an_article_file(file, display):
                    problems.append(problem)
                    continue
            if (target := project.seeds / file.name).exists():
                problems.append(Problem(display, 1, 1, "article", f"{project.display(target)} already exists",
                                        "rename the new file; existing articles are never overwritten"))
            elif article := _admit(project, file, display, bool(found), taken, problems):
                accepted.append((file, target, article, found))
        if problems:
            raise InputError(problems)
        _copy_and_report(project, existing, accepted)
    return 0


def _admit(project: Project, file: Path, display: str, made: bool, taken: dict[str, str],
           problems: list[Problem]) -> Article | None:
    """admit_article; an article made from a page is read under its name in the seeds folder (that gives its id),
    and its problems are reported at the page."""
    if not made:
        return admit_article(file, display, taken, problems)
    found: list[Problem] = []
    article = admit_article(file, project.display(project.seeds / file.name), taken, found)
    problems += [made_problem(p, display) for p in found]
    return article


def _copy_and_report(project: Project, existing: list[Article], accepted: list[tuple[Path, Path, Article, str]]) -> None:
    touched = touched_points(project, existing, [article for _, _, article, _ in accepted])
    project.seeds.mkdir(parents=True, exist_ok=True)
    for source, target, article, found in accepted:
        copy_new(source, target)
        if found:
            print(found)
        print(f"added {project.display(target)}: {article.date.isoformat()} \"{article.title}\" ({len(article.paragraphs)} paragraphs)")
        for point_id, paragraphs in touched.get(article.id, {}).items():
            print(f"    touches {point_id}: {', '.join(f'¶{n}' for n in paragraphs)}")
    print("run 'briefing build' to publish, and 'briefing triage' to see what to review")


def touched_points(project: Project, existing: list[Article], new: list[Article]) -> dict[str, dict[str, list[int]]]:
    """Per new article, the points it mentions (in register order) and where, as the build will link them.

    The build links every article against the whole corpus (how common a word is counts),
    so the new articles are linked together with the existing ones. Without a register
    that loads, nothing is known: the register is checked by build and check.
    """
    try:
        register, _ = load_register(project.register, project.display(project.register))
    except InputError:
        return {}
    ids = {article.id for article in new}
    touched: dict[str, dict[str, list[int]]] = {}
    for point_id, mentions in mentions_by_point(list(register.points), [*existing, *new]).items():
        for mention in mentions:
            if mention.article.id in ids and not mention.possible:
                touched.setdefault(mention.article.id, {}).setdefault(point_id, []).append(mention.paragraph)
    return touched


def _not_an_article_file(file: Path, display: str) -> Problem | None:
    """Why file cannot be an article (not found, a folder, a named pipe...), or None for a regular file."""
    try:
        mode = file.stat().st_mode
    except OSError:
        return Problem(display, 0, 0, "article", "file not found", "check the path")
    if stat.S_ISDIR(mode):
        return Problem(display, 1, 1, "article", "is a folder, not an article file",
                       f"give the article files in it, e.g. briefing add {display.rstrip('/')}/*.txt")
    if not stat.S_ISREG(mode):
        return Problem(display, 1, 1, "article", f"is {file_kind(mode)}, not an article file",
                       "give a .txt or .md article file; it was not opened")
    return None


def copy_new(source: Path, target: Path) -> None:
    """Copy without ever replacing a file that appeared meanwhile.

    The copy is made under a temporary name beside target; an error while making it (a
    full disk, a read-only seeds folder) names target, the file the user asked for.
    """
    tmp = target.with_name(f".{target.name}.adding")
    try:
        shutil.copyfile(source, tmp)
        os.link(tmp, target)  # fails if target exists
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror or str(exc), str(target)) from None
    finally:
        tmp.unlink(missing_ok=True)
