"""`briefing add`: check new article files, then copy them into the seeds folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from generator.articles import Article
from generator.errors import InputError, Problem
from generator.linker import find_mentions
from generator.project import Project
from generator.register import load_register
from generator.seeds import admit_article, read_articles


def add_articles(project: Project, files: list[Path]) -> int:
    """All or nothing: every file is checked before any is copied; nothing is overwritten."""
    existing, _ = read_articles(project)
    taken = {a.id: a.path for a in existing}
    problems: list[Problem] = []
    accepted: list[tuple[Path, Path, Article]] = []
    for file in files:
        display = project.display(file.resolve()) if file.exists() else str(file)
        if not file.is_file():
            problems.append(Problem(display, 0, 0, "article", "file not found", "check the path"))
            continue
        target = project.seeds / file.name
        if target.exists():
            problems.append(Problem(display, 1, 1, "article", f"{project.display(target)} already exists",
                                    "rename the new file; existing articles are never overwritten"))
        elif article := admit_article(file, display, taken, problems):
            accepted.append((file, target, article))
    if problems:
        raise InputError(problems)
    register = None
    if project.register.exists():
        try:
            register, _ = load_register(project.register, project.display(project.register))
        except InputError:
            register = None  # the register is checked by build/check; adding does not depend on it
    project.seeds.mkdir(parents=True, exist_ok=True)
    for source, target, article in accepted:
        _copy_new(source, target)
        print(f"added {project.display(target)}: {article.date.isoformat()} \"{article.title}\" ({len(article.paragraphs)} paragraphs)")
        if register is None:
            continue
        for point in register.points:
            mentions = find_mentions(point, article)
            if mentions:
                where = ", ".join(f"¶{m.paragraph}" for m in mentions)
                print(f"    touches {point.id}: {where}")
    print("run 'briefing build' to publish, and 'briefing triage' to see what to review")
    return 0


def _copy_new(source: Path, target: Path) -> None:
    """Copy without ever replacing a file that appeared meanwhile."""
    tmp = target.with_name(f".{target.name}.adding")
    shutil.copyfile(source, tmp)
    try:
        os.link(tmp, target)  # fails if target exists
    finally:
        tmp.unlink()
