"""The steps of the data flow (README "Architecture") wired together: read, validate, link, render, write, engine."""

from __future__ import annotations

import dataclasses
import gc
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.articles import Article
from generator.link import Briefing, link
from generator.cache import Cache, keyed, digest, file_digests, intact, page_keys, reusable_pages, signature, template_cache, tool_key
from generator.cache import load as load_cache, save as save_cache
from generator.build_record import (forget_record, load_read_pages, load_record, save_read_pages, save_record, scan_docs,
                                    setup_key, site_listing)
from generator.incremental import INCREMENTAL, NOTHING, BuildRecord, DocFile, Plan, output_path, plan_build, published_docs
from generator.incremental_site import EarlyCopy, outputs_to_remove, prepare, unchanged_outputs
from generator.engine import build_site, zensical_installed
from generator.errors import EngineError, InputError, Problem, UsageError
from generator.problem_banner import with_banner, without_banner
from generator.project import Project
from generator.publish import publish, scratch_site, site_dir_problem, unwritable_folder
from generator.readers import read_article
from generator.register import Register, load_register
from generator.render import contents, memo_inputs, render_pages
from generator.search_index import index_site
from generator.search_plugin_index import INDEX as SEARCH_PLUGIN_INDEX, narrowed, read_index, write_merged_index
from generator.seeds import read_articles
from generator.site_copy import copy_last_site
from generator.site_address import engine_environment, published_url
from generator.site_config import SiteConfig, load_site_config
from generator.textfile import irregular_files
from generator.writer import MANIFEST, WriteReport, generated_pages, page_bytes, write_pages
from generator.yamlsource import YamlDoc


def check(project: Project, cache: Cache | None = None, on_change: Callable[[], None] | None = None) -> Briefing:
    """Read, validate and link; InputError listing every problem.

    With a cache (generator.cache), unchanged articles are not parsed or scanned again,
    and unchanged inputs give the last Briefing back without linking. Without one, the
    project's cache is loaded and saved around the call. on_change is called before the
    work when the inputs are not those of the cached Briefing.
    """
    if cache is None:
        cache = load_cache(project.root, tool_key())
        briefing = check(project, cache)
        if cache.dirty:
            save_cache(project.root, cache)
        return briefing
    inputs = _inputs(project, cache)
    key = keyed(cache.tool, project.display(project.register), inputs)
    if cache.inputs == key and cache.briefing is not None:
        return cache.briefing
    if on_change is not None:
        on_change()
    briefing = _check(project, cache, dict(inputs[1]))
    cache.inputs, cache.briefing, cache.dirty = key, briefing, True
    return briefing


def _inputs(project: Project, cache: Cache) -> tuple[str, list[tuple[str, str]]]:
    """The digest of the register and of every file in the seeds folder: what check reads.

    A seed file whose size and time are as when the cache hashed it is not read again
    (cache.file_digests); the cache keeps the new stamps, saved with whatever else
    changed (new stamps alone are not worth writing the cache: a build with no change
    writes nothing).
    """
    try:  # regular files only: a named pipe would block, and check says what is wrong with it
        register = digest(project.register.read_bytes()) if project.register.is_file() else ""
    except OSError:
        register = ""
    files = [project.seeds / name for name in sorted(os.listdir(project.seeds))] if project.seeds.is_dir() else []
    seeds, stamps = file_digests([(project.display(f), f) for f in files], cache.stamps)
    cache.stamps = stamps
    return register, seeds


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
    """Render the pages and bring the docs folder in line with them; the report names the pages rendered and reused.

    With the cache that made the briefing: nothing is rendered or written when the
    inputs, docs_dir and site_url are as at the last generate and its pages are intact;
    else the pages whose inputs are unchanged (render.memo_inputs) and whose files hold
    the bytes written last are read back instead of rendered.
    """
    if cache is None or cache.briefing is not briefing:
        pages = render_pages(briefing, site_url)
        return dataclasses.replace(write_pages(docs_dir, pages), rendered=tuple(sorted(pages)))
    key = keyed(cache.inputs, str(docs_dir.resolve()), site_url)
    if cache.output == key and intact(docs_dir, cache.written):
        return WriteReport((), (), len(cache.written) - 1)
    made = contents(briefing)
    article_keys = {article.id: "\0".join(file) for file, article in cache.articles.items()}
    salt = keyed(cache.tool, cache.register and cache.register[0], site_url)
    keys = page_keys(salt, memo_inputs(briefing, article_keys, made))
    found = reusable_pages(docs_dir, keys, cache.pages, cache.written, cache.written_at)
    # a page found unchanged is taken as the bytes its file holds (b"" when it was known by its stat and not
    # read), which write_pages leaves as they are: not decoded and unstamped into text for nothing (0.5 s
    # for the 10,000 article pages of an add-one)
    pages = render_pages(briefing, site_url, found, template_cache(), made)
    cache.output = ""  # until the pages are written
    report = write_pages(docs_dir, pages, found)
    cache.written_at = time.time_ns()  # before the signatures are taken: a file written after it is never trusted
    cache.written = {rel: sig for rel in [*pages, MANIFEST] if (sig := signature(docs_dir / rel))}
    cache.pages = {page: (k, cache.pages[page][1] if page in found else digest(page_bytes(pages[page])))
                   for page, k in keys.items()}
    cache.output, cache.dirty = key, True
    return dataclasses.replace(report, rendered=tuple(sorted(set(pages) - set(found))), reused=tuple(sorted(found)))


def update_docs(project: Project, config: SiteConfig | None = None,
                on_change: Callable[[], None] | None = None) -> tuple[Briefing, WriteReport]:
    """The generator's whole part of a build, and of every preview update: the site's address,
    check and generate with the project's cache, the docs folder checked for what the engine must not read.

    config is mkdocs.yml as the command read it (read here when the caller has not); on_change as check's.
    """
    config = config or load_site_config(project)
    site_url = published_url(config)  # before any work: MkDocs reads it too
    with collector_paused():
        cache = load_cache(project.root, tool_key())
        briefing = check(project, cache, on_change)
        odd = docs_folder_problems(project, config)
        if odd:
            raise InputError(odd)
        report = generate(project, briefing, config.docs_dir, site_url, cache)
        if cache.dirty:
            save_cache(project.root, cache)
    return briefing, report


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off for one generator step (or a whole build), as it was again afterwards.

    The step makes millions of objects that live to its end (the cache's articles, scans and
    pages, then the briefing's views) and hardly any cycles: each collection walks all of
    them again for nothing (at 10,000 articles, a quarter of an add-one step's CPU time;
    reference counting still frees what the step drops). On the way out the objects made in
    the step are moved to the oldest generation (gc.freeze, then gc.unfreeze) before the
    collector is turned back on: else its first young collection would walk all of them
    (half a second at 10,000 articles) to find what is still alive.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.freeze()
            gc.enable()
            gc.unfreeze()


def docs_folder_problems(project: Project, config: SiteConfig) -> list[Problem]:
    """What in the docs folder (and the theme's folder, whose files the engine copies too) must not reach the engine.

    Checked before anything is written: what the engine cannot read (a FIFO would stop it
    for good), and links that lead off the project's own visible files (the site would
    publish what they lead to: /proc/self/environ, a file of .git) or to a folder (the
    generator never writes through one, and the engine would walk a loop for ever).
    """
    problems = []
    for folder, where in ((config.docs_dir, "docs folder"), (config.theme_dir, "theme folder")):
        if folder is None or not folder.is_dir():
            continue
        for path, kind in irregular_files(folder, project.root):
            why, hint = _unpublishable_because(kind, where)
            problems.append(Problem(project.display(path), 1, 1, where, f"is {kind}{why}", hint))
    return problems


def _unpublishable_because(kind: str, where: str) -> tuple[str, str]:
    """What an entry of this kind (irregular_files) would do to the site, and what to do about it."""
    if kind == "a link to a folder":
        return "; the generator never writes through a link, and the site engine would walk it", "copy the folder in instead"
    if kind.startswith("a link that leads ") and kind != "a link that leads nowhere":
        return "; the site would publish what it leads to", f"remove the link; copy into the {where} what the site should publish"
    return ", which the site engine cannot read", f"remove it from the {where}"


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

    The engine runs only on what changed since the last published build (generator.incremental):
    not at all when nothing did (report.engine_run is then "nothing"), on the changed pages
    in a copy of the last site, or clean. mkdocs.yml is read here, once, and handed to every
    step that needs it.
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
    early = EarlyCopy(project.site)  # begun only if the generator finds its inputs changed (_begin_copy)
    # the collector stays paused for the engine's part too: the generator's objects are alive until the build
    # returns, and a full collection in the engine's part would walk all of them (0.4 s at 10,000 articles)
    with collector_paused():
        try:
            briefing, report = update_docs(project, config, on_change=lambda: _begin_copy(early, project, config, engine))
            return briefing, dataclasses.replace(report, engine_run=publish_site(project, config, engine, early))
        finally:
            early.discard()


def _begin_copy(early: EarlyCopy, project: Project, config: SiteConfig, engine: str) -> None:
    """Begin the copy of the last site an incremental engine run would start from (incremental_site.EarlyCopy),
    when the last build's record promises one: not when there is none, or it is of another engine, setup or
    version (a clean build). Called once the generator finds its inputs changed, so that a build with nothing
    changed does not read the record twice."""
    if engine != "mkdocs" or not config.directory_urls:
        return  # plan_build never plans an incremental run for these
    last = load_record(project)
    if last is not None and last.setup == setup_key(project, config, engine, published_url(config)):
        early.start({output_path(rel) for rel in last.docs})


def publish_site(project: Project, config: SiteConfig, engine: str = "mkdocs", early: EarlyCopy | None = None) -> str:
    """The engine's part of a build, after the generator's: the engine run generator.incremental decides on
    ("nothing", "incremental" or "clean"; returned), the search index, the swap, the record of this build.
    early: a copy of the last site begun while the generator worked, taken for an incremental run."""
    last = load_record(project)
    setup = setup_key(project, config, engine, published_url(config))
    docs = scan_docs(config.docs_dir, last.docs if last else {})
    if engine == "mkdocs":
        docs = published_docs(docs, config.exclude_docs)
    plan = plan_build(last, setup, docs, site_listing(project.site) if last else "",
                      engine == "mkdocs" and config.directory_urls)
    if plan.kind == INCREMENTAL:  # the unchanged pages Material's search indexes are not rendered again
        plan = narrowed(plan, read_index(project.site / SEARCH_PLUGIN_INDEX), docs)
    if early is not None and plan.kind != INCREMENTAL:
        early.discard()  # before a clean run's own scratch folder: its recover() would remove this one under the child
    if plan.kind != NOTHING:
        copied = early.take() if early is not None and plan.kind == INCREMENTAL else None
        _engine_and_publish(project, config, engine, plan, docs, copied)
        save_record(project, BuildRecord(setup, site_listing(project.site), docs))
    return plan.kind


def _engine_and_publish(project: Project, config: SiteConfig, engine: str, plan: Plan,
                        docs: dict[str, DocFile], copied: Path | None = None) -> None:
    """The engine into a scratch folder (a copy of the last site for an incremental run: copied, when one was
    made already), the search index, the swap."""
    with scratch_site(project.site, made=copied) as scratch:
        incremental = plan.kind == INCREMENTAL
        if incremental:
            if copied is None:
                copy_last_site(project.site, scratch, unchanged_outputs(docs, plan), outputs_to_remove(plan))
            prepare(scratch, config.docs_dir, docs, plan)
        # SITE_URL as checked; the last argument is build_site's dirty: MkDocs --dirty into the copy
        result = build_site(engine, project.root, config.path, scratch, engine_environment(), incremental)
        if not result.ok:
            raise EngineError(result.output)
        if plan.search_from_last and not write_merged_index(scratch, project.site, docs, plan):
            raise EngineError(f"{SEARCH_PLUGIN_INDEX}: the engine's search index of this run or of the last site "
                              "could not be read; delete site/ to build it afresh")
        # readers' search: bundles unchanged since the published site are linked, pages read by the last build
        # (hard-linked, unchanged) not read again; a failed index publishes nothing
        known = load_read_pages(project) if incremental else {}
        index = index_site(scratch, project.display(project.site), reuse_from=project.site, known=known)
        forget_record(project)  # from here until the new record is saved, the site is not what the record says
        publish(scratch, project.site, background=True)  # the old site deleted by a child: no wait for it
        save_read_pages(project, index.read)
