"""The steps of the data flow (README "Architecture") wired together: read, validate, link, render, write, engine."""

from __future__ import annotations

from pathlib import Path

from generator.articles import Article
from generator.link import Briefing, link
from generator.cache import Cache, PageMemo, keyed, digest, intact, signature, tool_key
from generator.cache import load as load_cache, save as save_cache
from generator.engine import build_site, zensical_installed
from generator.errors import EngineError, InputError, Problem, UsageError
from generator.problem_banner import with_banner, without_banner
from generator.project import Project
from generator.publish import publish, scratch_site, site_dir_problem, unwritable_folder
from generator.readers import read_article
from generator.register import Register, load_register
from generator.render import render_pages
from generator.seeds import read_articles
from generator.site_address import engine_environment, published_url
from generator.site_config import SiteConfig, load_site_config
from generator.textfile import irregular_files
from generator.writer import MANIFEST, WriteReport, generated_pages, write_pages
from generator.yamlsource import YamlDoc


def check(project: Project, cache: Cache | None = None) -> Briefing:
    """Read, validate and link; InputError listing every problem.

    With a cache (generator.cache), unchanged articles are not parsed or scanned again,
    and unchanged inputs give the last Briefing back without linking. Without one, the
    project's cache is loaded and saved around the call.
    """
    if cache is None:
        cache = load_cache(project.root, tool_key())
        briefing = check(project, cache)
        if cache.dirty:
            save_cache(project.root, cache)
        return briefing
    inputs = _inputs(project)
    key = keyed(cache.tool, project.display(project.register), inputs)
    if cache.inputs == key and cache.briefing is not None:
        return cache.briefing
    briefing = _check(project, cache, dict(inputs[1]))
    cache.inputs, cache.briefing, cache.dirty = key, briefing, True
    return briefing


def _inputs(project: Project) -> tuple[str, list[tuple[str, str]]]:
    """The digest of the register and of every file in the seeds folder: what check reads."""
    try:  # regular files only: a named pipe would block, and check says what is wrong with it
        register = digest(project.register.read_bytes()) if project.register.is_file() else ""
    except OSError:
        register = ""
    files = sorted(project.seeds.iterdir()) if project.seeds.is_dir() else []
    return register, [(project.display(f), digest(f.read_bytes()) if f.is_file() else "") for f in files]


def _check(project: Project, cache: Cache, digests: dict[str, str]) -> Briefing:
    def reader(file: Path, display: str) -> Article:
        key = (display, digests.get(display) or digest(file.read_bytes()))
        if key not in cache.articles:
            cache.articles[key] = read_article(file, display)
        return cache.articles[key]

    articles, problems = read_articles(project, reader)
    try:
        register, doc = _register(project, cache)
    except InputError as exc:
        raise InputError(problems + exc.problems) from None
    if problems:
        raise InputError(problems)
    briefing = link(register, doc, articles, memo=cache.scans_for(list(register.points)))
    cache.keep_only([v.article for v in briefing.articles], {(d, digests.get(d, "")) for d in digests})
    return briefing


def _register(project: Project, cache: Cache) -> tuple[Register, YamlDoc]:
    display = project.display(project.register)
    try:
        key = keyed(display, digest(project.register.read_bytes())) if project.register.is_file() else ""
    except OSError:
        key = ""
    if key and cache.register and cache.register[0] == key:
        return cache.register[1]
    parsed = load_register(project.register, display)
    cache.register = (key, parsed) if key else None
    return parsed


def generate(project: Project, briefing: Briefing, docs_dir: Path, site_url: str | None = None,
             cache: Cache | None = None) -> WriteReport:
    """Render the pages and bring the docs folder in line with them.

    With the cache that made the briefing: nothing is rendered or written when the
    inputs, docs_dir and site_url are as at the last generate and its pages are intact,
    and unchanged article pages are not rendered again.
    """
    if cache is None or cache.briefing is not briefing:
        return write_pages(docs_dir, render_pages(briefing, site_url))
    key = keyed(cache.inputs, str(docs_dir.resolve()), site_url)
    if cache.output == key and intact(docs_dir, cache.written):
        return WriteReport((), (), len(cache.written) - 1)
    digests = {article.id: "\0".join(key) for key, article in cache.articles.items()}
    memo = PageMemo(docs_dir, cache.article_pages, keyed(cache.tool, cache.register and cache.register[0], site_url),
                    project.root, digests)
    pages = render_pages(briefing, site_url, memo)
    cache.output = ""  # until the pages are written
    report = write_pages(docs_dir, pages)
    cache.written = {rel: sig for rel in [*pages, MANIFEST] if (sig := signature(docs_dir / rel))}
    cache.output, cache.article_pages, cache.dirty = key, memo.current, True
    return report


def update_docs(project: Project, config: SiteConfig | None = None) -> tuple[Briefing, WriteReport]:
    """The generator's whole part of a build, and of every preview update: the site's address,
    check and generate with the project's cache, the docs folder checked for what the engine cannot read.

    config is mkdocs.yml as the command read it (read here when the caller has not).
    """
    config = config or load_site_config(project)
    site_url = published_url(config)  # before any work: MkDocs reads it too
    cache = load_cache(project.root, tool_key())
    briefing = check(project, cache)
    odd = docs_folder_problems(project, config)
    if odd:
        raise InputError(odd)
    report = generate(project, briefing, config.docs_dir, site_url, cache)
    if cache.dirty:
        save_cache(project.root, cache)
    return briefing, report


def docs_folder_problems(project: Project, config: SiteConfig) -> list[Problem]:
    """What in the docs folder the site engine cannot read (a named pipe, a socket, a device): a problem each."""
    return [Problem(project.display(path), 1, 1, "docs folder", f"is {kind}, which the site engine cannot read",
                    "remove it from the docs folder") for path, kind in irregular_files(config.docs_dir)]


def check_project(project: Project) -> Briefing:
    """What `briefing check` runs: everything a build checks before it writes anything, every problem at once.

    mkdocs.yml (the docs folder, a literal site_url), the site's address (SITE_URL), the
    docs folder, then the articles and the register: an input `build` refuses, `check`
    refuses too. The site engine does not run.
    """
    problems: list[Problem] = []
    try:
        config = load_site_config(project)
        published_url(config)
        problems += docs_folder_problems(project, config)
    except InputError as exc:
        problems += exc.problems
    try:
        briefing = check(project)
    except InputError as exc:
        raise InputError(problems + exc.problems) from None
    if problems:
        raise InputError(problems)
    return briefing


def show_problems(config: SiteConfig, problems: list[Problem]) -> None:
    """The preview's answer to a bad input: the last good pages in the docs folder, each with the problems on top.

    The last good pages are those the `.generated` list names (a banner a previous bad
    input put on them taken off); stubs of the site's sections when there are none.
    """
    last_good = {rel: without_banner(text) if rel.endswith(".md") else text
                 for rel, text in generated_pages(config.docs_dir).items()}
    write_pages(config.docs_dir, with_banner(last_good, problems))


def build(project: Project, engine: str = "mkdocs") -> tuple[Briefing, WriteReport]:
    """check, generate, engine into a scratch folder, atomic swap. Old site stays on any failure.

    mkdocs.yml is read here, once, and handed to every step that needs it.
    """
    config = load_site_config(project)
    problem = site_dir_problem(project, config)
    if problem:
        raise UsageError(problem)
    if engine == "zensical" and not zensical_installed():
        raise UsageError("--engine zensical: Zensical is not installed; install it with "
                         "pip install -e '.[zensical]' (or use the default engine, MkDocs)")
    locked = unwritable_folder(project.site)
    if locked is not None:
        raise PermissionError(13, "the build could not replace the site: this folder is read-only", str(locked))
    briefing, report = update_docs(project, config)
    with scratch_site(project.site) as scratch:
        result = build_site(engine, project.root, config.path, scratch, engine_environment())  # SITE_URL as checked
        if not result.ok:
            raise EngineError(result.output)
        publish(scratch, project.site)
    return briefing, report
