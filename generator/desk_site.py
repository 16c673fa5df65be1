"""The editors' desk as a site of its own: `briefing build --desk` and `briefing serve --desk`.

The same pipeline as the readers' site up to the Briefing; then the desk's pages
(generator.desk) go into a docs folder of their own, a fresh temporary folder outside the
project, so the readers' docs folder never holds a review page and nothing in the project
(a file a pull request added, say) can become part of the desk. MkDocs builds it from a
config written beside mkdocs.yml for the run and removed afterwards (git-ignored): it
inherits everything (`INHERIT`) and sets only the docs folder, the title and the nav, so
theme, styles and checks stay those of the readers' site. The hand-written styles
(`assets/` of the readers' docs folder) are copied in, since extra_css names them: folders and
regular files only, never what a link leads to.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import yaml

from generator.desk import desk_pages
from generator.engine import build_site
from generator.errors import EngineError, Problem, UsageError
from generator.link import Briefing
from generator.pipeline import check
from generator.problem_banner import with_banner, without_banner
from generator.project import Project
from generator.publish import publish, scratch_site, site_dir_problem, unwritable_folder
from generator.search_index import index_site
from generator.site_config import SiteConfig, load_site_config
from generator.site_urls import HOME_PAGE
from generator.writer import WriteReport, generated_pages, write_pages

DESK_SITE = "desk-site"  # the default folder of the built desk (git-ignored)
DESK_NAME = "editors' desk"
ASSETS = "assets"  # the readers' hand-written styles and scripts, which mkdocs.yml names


def desk_config(config_name: str, docs_dir: Path, title: str | None) -> str:
    """The desk's config text: all of config_name, with the desk's docs folder, title and nav.

    title is the register's; None (a preview started on a register that does not load) names the desk alone.
    """
    name = f"{title}: {DESK_NAME}" if title else DESK_NAME.capitalize()
    return yaml.safe_dump({"INHERIT": config_name, "site_name": name, "docs_dir": str(docs_dir),
                           "site_url": None, "nav": [{"To review": HOME_PAGE}]}, sort_keys=False, allow_unicode=True)


def write_desk_docs(config: SiteConfig, briefing: Briefing, docs_dir: Path) -> WriteReport:
    """The desk's pages into docs_dir (its own folder), with the readers' hand-written assets beside them:
    their folders and regular files only (a link is not followed, since it could lead out of the project,
    and a named pipe, socket or device would stop the copy with an error)."""
    report = write_pages(docs_dir, desk_pages(briefing))
    assets = config.docs_dir / ASSETS
    if assets.is_dir() and not assets.is_symlink():
        shutil.copytree(assets, docs_dir / ASSETS, dirs_exist_ok=True, ignore=_not_plain)
    return report


def _not_plain(folder: str, names: list[str]) -> list[str]:
    """The entries of folder that are neither a plain folder nor a regular file: links, pipes, sockets, devices."""
    def plain(path: Path) -> bool:
        return not path.is_symlink() and (path.is_dir() or path.is_file())
    return [name for name in names if not plain(Path(folder, name))]


def update_desk_docs(project: Project, config: SiteConfig, docs_dir: Path) -> tuple[Briefing, WriteReport]:
    """The generator's part of `build --desk` and of every `serve --desk` update: check (with the
    project's cache), then the desk's pages into docs_dir. InputError listing every problem."""
    briefing = check(project)
    return briefing, write_desk_docs(config, briefing, docs_dir)


def show_desk_problems(docs_dir: Path, problems: list[Problem]) -> None:
    """The desk preview's answer to a bad input: its last good pages, each with the problems on top
    (a home page alone when there never was a good one)."""
    last_good = {rel: without_banner(text) if rel.endswith(".md") else text
                 for rel, text in generated_pages(docs_dir).items()}
    write_pages(docs_dir, with_banner(last_good or {HOME_PAGE: f"# {DESK_NAME.capitalize()}\n"}, problems))


@contextmanager
def desk_docs() -> Iterator[Path]:
    """A fresh docs folder for the desk, outside the project; removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="briefing-desk-") as folder:
        yield Path(folder)


@contextmanager
def desk_config_file(config: SiteConfig, docs_dir: Path, title: str | None) -> Iterator[Path]:
    """The desk's config beside mkdocs.yml (MkDocs resolves theme folders against the config's folder); removed afterwards."""
    handle, name = tempfile.mkstemp(prefix=".briefing-desk-", suffix=".yml", dir=config.path.parent)
    path = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(desk_config(config.path.name, docs_dir, title))
        yield path
    finally:
        path.unlink(missing_ok=True)


def build_desk(project: Project) -> Briefing:
    """check, the desk's pages, MkDocs into a scratch folder, its search index (Pagefind, there, before the
    swap: a failed index publishes nothing), atomic swap into project.site (the desk's folder)."""
    config = load_site_config(project)
    problem = site_dir_problem(project, config)
    if problem:
        raise UsageError(problem)
    locked = unwritable_folder(project.site)
    if locked is not None:
        raise PermissionError(13, "the build could not replace the desk: this folder is read-only", str(locked))
    with desk_docs() as docs:
        briefing, _ = update_desk_docs(project, config, docs)
        with desk_config_file(config, docs, briefing.register.title) as desk_config_path:
            with scratch_site(project.site) as scratch:
                result = build_site("mkdocs", project.root, desk_config_path, scratch)
                if not result.ok:
                    raise EngineError(result.output)
                index_site(scratch, project.display(project.site), reuse_from=project.site)  # the desk's own search
                publish(scratch, project.site)
    return briefing
