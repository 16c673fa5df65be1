"""Which engine run a build needs: none, an incremental one, or a clean one (pure).

The decision compares the record of the last published build (generator.build_record)
with this build's inputs: the setup (mkdocs.yml, the theme folder, the engine and the
versions of everything that renders the site), the files of the docs folder, and the
site folder as the last build left it. Any doubt means a clean build.

An incremental run is MkDocs `--dirty` into a copy of the last site: it renders the
pages whose output is missing or older than their source. Which pages those are is
decided here, not by modification times (a fresh checkout in CI has new times on
every page): the pages whose bytes changed, and every page Material's search plugin
indexes (its `search/search_index.json` is written from the pages rendered in the run,
so each of them is rendered every time; generated pages that say `search: exclude` are
left out), and every page the generator did not write (a hand-written page may link to
any page, and only a rendered page has its links checked: a target that is gone fails the
run). A changed or removed hand-written page means a clean build: MkDocs checks a link's
#anchor only against pages rendered in the same run, and the generator's own pages link
only to anchors it made. Each page's HTML holds the
navigation, which lists the section pages under the labels mkdocs.yml gives them, so
a changed page changes no other page's HTML beyond what the generator rewrote.
"""

from __future__ import annotations

from dataclasses import dataclass

import pathspec

CLEAN, INCREMENTAL, NOTHING = "clean", "incremental", "nothing"

# A generated page that Material's search plugin leaves out says so in its front matter, in these words.
STAMPED = b"---\ngenerated_by: briefing\n"
SEARCH_EXCLUDED = b"\nsearch:\n  exclude: true"
MARKDOWN = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")  # what MkDocs renders as a page (utils.markdown_extensions)


@dataclass(frozen=True)
class DocFile:
    """One file of the docs folder as a build saw it: size and time (to know it unchanged without reading it),
    the digest of its bytes, whether Material's search plugin indexes it, and whether it is a page the
    generator wrote (its stamp) or one written by hand."""

    size: int
    mtime_ns: int
    digest: str
    searched: bool
    generated: bool = False


@dataclass(frozen=True)
class BuildRecord:
    """What the published site was built from: the setup's key, the docs folder's files, the site folder's listing."""

    setup: str
    site: str
    docs: dict[str, DocFile]


@dataclass(frozen=True)
class Plan:
    """The engine run a build needs, why, and for an incremental one the pages to render and those to remove."""

    kind: str
    reason: str
    render: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()  # of render, the files whose bytes changed (the rest: pages rendered for their links or the index)
    search_from_last: bool = False  # Material's index written from the last site's (generator.search_plugin_index)


def searched(rel: str, data: bytes) -> bool:
    """Material's search plugin indexes this docs file: a Markdown page, unless a generated one excludes itself."""
    if not rel.endswith(MARKDOWN):
        return False
    if not data.startswith(STAMPED):
        return True
    end = data.find(b"\n---\n", len(STAMPED) - 1)
    return SEARCH_EXCLUDED not in data[:end if end >= 0 else 0]


def generated(rel: str, data: bytes) -> bool:
    """A Markdown page the generator wrote: its front matter starts with the generator's stamp."""
    return rel.endswith(MARKDOWN) and data.startswith(STAMPED)


def plan_build(last: BuildRecord | None, setup: str, docs: dict[str, DocFile], site: str,
               incremental_engine: bool) -> Plan:
    """Decide the engine run: nothing when nothing changed, an incremental run when pages changed, else clean.

    site: the listing of the site folder as it is now (build_record.site_listing);
    incremental_engine: the engine and config allow a `--dirty` run (MkDocs with directory URLs).
    """
    if last is None:
        return Plan(CLEAN, "no record of the last build")
    if last.setup != setup:
        return Plan(CLEAN, "the site config, theme, engine or a version changed since the last build")
    if last.site != site:
        return Plan(CLEAN, "the site folder is not as the last build left it")
    changed = sorted(rel for rel, file in docs.items() if rel not in last.docs or last.docs[rel].digest != file.digest)
    removed = tuple(sorted(set(last.docs) - set(docs)))
    if not changed and not removed:
        return Plan(NOTHING, "no page, asset, theme or config changed since the last build")
    if not incremental_engine:
        return Plan(CLEAN, "the engine has no incremental build")
    if any(rel.endswith(MARKDOWN) and not (docs.get(rel) or last.docs[rel]).generated for rel in (*changed, *removed)):
        return Plan(CLEAN, "a page written by hand changed")  # its links may lead anywhere: all are checked
    always = [rel for rel, file in docs.items() if file.searched]
    return Plan(INCREMENTAL, f"{len(changed)} files changed, {len(removed)} removed",
                tuple(sorted(set(changed) | set(always))), removed, tuple(changed))


def published_docs(docs: dict[str, DocFile], exclude_docs: str) -> dict[str, DocFile]:
    """The docs files MkDocs reads: without those its exclude_docs patterns leave out (gitignore rules, read
    as MkDocs reads them), such as the register, so that an edit of those alone does not make the engine run."""
    if not exclude_docs.strip():
        return docs
    excluded = pathspec.GitIgnoreSpec.from_lines(exclude_docs.splitlines())
    return {rel: file for rel, file in docs.items() if not excluded.match_file(rel)}


def output_path(rel: str) -> str:
    """Where MkDocs publishes a docs file with directory URLs: a/b.md -> a/b/index.html, a/index.md -> a/index.html."""
    if not rel.endswith(MARKDOWN):
        return rel
    folder, _, name = rel.rpartition("/")  # string work: called for every docs file, twice a build
    dot = name.rfind(".")
    stem = name[:dot] if 0 < dot < len(name) - 1 else name  # as PurePosixPath(name).stem
    page = "index.html" if stem in ("index", "README") else f"{stem}/index.html"
    return f"{folder}/{page}" if folder else page
