"""The steps of DESIGN.md wired together: read, validate, link, render, write, engine."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from generator.briefing import Briefing, link
from generator.engine import forget_scratch, publish, recover, run_engine, scratch_dir, unwritable_folder
from generator.errors import EngineError, InputError, Problem, UsageError
from generator.project import Project
from generator.register import load_register
from generator.render import render_pages
from generator.seeds import read_articles
from generator.site_address import published_url
from generator.textfile import irregular_files
from generator.writer import WriteReport, write_pages
from generator.zensical_engine import run_zensical


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


def generate(project: Project, briefing: Briefing, site_url: str | None = None) -> WriteReport:
    """Render the pages and bring the docs folder in line with them."""
    return write_pages(project.docs_dir, render_pages(briefing, site_url))


ENGINES = ("mkdocs", "zensical")
ZENSICAL_TIMEOUT = 900  # seconds; Zensical is young, and a hung build must not hang CI forever


def zensical_installed() -> bool:
    return importlib.util.find_spec("zensical") is not None


def _run(engine: str, project: Project, out_dir: Path) -> tuple[bool, str]:
    if engine == "zensical":
        return run_zensical(project.root, project.config, out_dir, ZENSICAL_TIMEOUT)
    result = run_engine(project.root, project.config, out_dir)
    return result.ok, result.output


def build(project: Project, engine: str = "mkdocs") -> tuple[Briefing, WriteReport]:
    """check, generate, engine into a scratch folder, atomic swap. Old site stays on any failure."""
    problem = project.site_dir_problem()
    if problem:
        raise UsageError(problem)
    if engine == "zensical" and not zensical_installed():
        raise UsageError("--engine zensical: Zensical is not installed; install it with "
                         "pip install -e '.[zensical]' (or use the default engine, MkDocs)")
    locked = unwritable_folder(project.site)
    if locked is not None:
        raise PermissionError(13, "the build could not replace the site: this folder is read-only", str(locked))
    site_url = published_url(project.config, project.display(project.config))  # before any work: MkDocs reads it too
    briefing = check(project)
    odd = [Problem(project.display(path), 1, 1, "docs folder", f"is {kind}, which the site engine cannot read",
                   "remove it from the docs folder") for path, kind in irregular_files(project.docs_dir)]
    if odd:
        raise InputError(odd)
    report = generate(project, briefing, site_url)
    recover(project.site)
    scratch = scratch_dir(project.site, "new")
    try:
        ok, output = _run(engine, project, scratch)
        if not ok:
            raise EngineError(output)
        publish(scratch, project.site)
    finally:
        if scratch.exists():  # only ever the scratch folder this build made
            shutil.rmtree(scratch, ignore_errors=True)
        if not scratch.exists():
            forget_scratch(project.site)
    return briefing, report
