"""Material's search plugin's index (`site/search/search_index.json`) after an incremental engine run.

MkDocs `--dirty` renders only some pages, and the plugin writes its index from those alone. Rather
than render every page the plugin indexes (the point and list pages: about 75 at 10,000 articles,
most of them unchanged by one new article), an incremental build renders the pages that changed and
writes the index itself: each indexed page's entries from this run where it was rendered, from the
last site's index where it was not, in the order a clean build gives them (MkDocs's walk of the docs
folder), serialised as the plugin serialises them. When the last site's index cannot be read, or
lacks a page that would not be rendered, every indexed page is rendered as before (`narrowed`).

The published site is the last build's output (its listing is in the signed build record), but its
index is still read as untrusted JSON: any other shape means the old way.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any

from generator.incremental import DocFile, Plan, output_path
from generator.textfile import read_regular_bytes

INDEX = "search/search_index.json"
INDEX_LIMIT = 512 * 2**20  # far above any index this generator's sites give (a few MB at 10,000 articles)
Entries = dict[str, list[dict[str, Any]]]


def location(rel: str) -> str:
    """Where the plugin's entries of a docs page point: its URL from the site's root ('' for the home page)."""
    path = output_path(rel)
    return path[:-len("index.html")] if path.endswith("index.html") else path


def walk_order(rel: str) -> tuple:
    """The order MkDocs finds docs files in (mkdocs.structure.files.get_files: os.walk, each folder's files
    before its folders, `index` and `README` first, then by name), and so the order of the plugin's entries."""
    *folders, name = rel.split("/")
    return (*((1, folder) for folder in folders), (0, os.path.splitext(name)[0] not in ("index", "README"), name))


def read_index(path: Path) -> dict[str, Any] | None:
    """A search_index.json of the plugin's shape (config, and docs entries each with a location), or None."""
    try:
        data = read_regular_bytes(path)
    except OSError:
        return None
    if len(data) > INDEX_LIMIT:
        return None
    try:
        index = json.loads(data)
    except (ValueError, RecursionError):
        return None
    if not (isinstance(index, dict) and isinstance(index.get("config"), dict) and isinstance(index.get("docs"), list)):
        return None
    if not all(isinstance(entry, dict) and isinstance(entry.get("location"), str) for entry in index["docs"]):
        return None
    return index


def entries_by_page(index: dict[str, Any]) -> Entries:
    """The index's entries grouped by the page they belong to (a page's entry, then its sections' `#anchor` ones)."""
    pages: Entries = {}
    for entry in index["docs"]:
        pages.setdefault(entry["location"].partition("#")[0], []).append(entry)
    return pages


def narrowed(plan: Plan, last: dict[str, Any] | None, docs: dict[str, DocFile]) -> Plan:
    """An incremental plan that renders only the changed pages and the hand-written ones (whose links only a
    rendered page has checked), the index then written from the last one, if that index holds every indexed
    page left unrendered; the plan as it is otherwise."""
    if last is None or not plan.render:
        return plan
    changed = set(plan.changed)
    render = tuple(rel for rel in plan.render if rel in changed or not docs[rel].generated)
    known = entries_by_page(last)
    if any(location(rel) not in known for rel, file in docs.items() if file.searched and rel not in render):
        return plan
    return dataclasses.replace(plan, render=render, search_from_last=True)


def merged(last: dict[str, Any], run: dict[str, Any], docs: dict[str, DocFile], rendered: set[str]) -> bytes:
    """The index a clean build would write: rendered pages' entries from this run, the others' from the last."""
    old, new = entries_by_page(last), entries_by_page(run)
    entries: list[dict[str, Any]] = []
    for rel in sorted((rel for rel, file in docs.items() if file.searched), key=walk_order):
        entries += (new if rel in rendered else old).get(location(rel), [])
    data = {"config": run["config"], "docs": entries}
    return json.dumps(data, separators=(",", ":"), default=str).encode("utf-8")  # as the plugin writes it


def write_merged_index(scratch: Path, site: Path, docs: dict[str, DocFile], plan: Plan) -> bool:
    """After an incremental run of a narrowed plan: the scratch site's index made whole from the published
    site's; False (nothing written) if either index is unreadable, when the caller must not publish."""
    last, run = read_index(site / INDEX), read_index(scratch / INDEX)
    if last is None or run is None:
        return False
    target = scratch / INDEX
    target.unlink()  # a copy of the published file, or the engine's: never written through to the last site
    target.write_bytes(merged(last, run, docs, set(plan.render)))
    return True
