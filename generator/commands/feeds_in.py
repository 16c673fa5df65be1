"""`briefing fetch`: the feeds listed in mkdocs.yml (`extra: feeds:`) read, their new items added as articles.

Each item's page is fetched and made into an article as by `briefing add URL`
(generator/commands/add_web.py); it is added when it touches at least one point (every
item with --all). Every item taken or turned away is remembered in `fetched.txt` beside
mkdocs.yml, by address and by a digest of its text, so no item is fetched or added twice;
a failed fetch is not remembered and is tried again next time. The file is committed with
the articles; it is read as hostile input (a plain file, every line an address or a digest).
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import feedparser
import yaml

from generator.articles import Article
from generator.commands.add import copy_new, touched_points
from generator.commands.add_web import Known, WebOptions, found_line, prepare_page, same_url_key
from generator.errors import InputError, Problem, input_error
from generator.fetch import FEED_TYPES, FetchError, fetch
from generator.intake import text_key
from generator.project import Project
from generator.readers import read_article
from generator.safe_urls import check_url
from generator.seeds import read_articles
from generator.site_config import read_settings
from generator.textfile import decode_text

SEEN_FILE = "fetched.txt"
MAX_SEEN_BYTES = 4 * 1024 * 1024
_DIGEST = re.compile(r"sha256:[0-9a-f]{64}")
_HEADER = "# Items `briefing fetch` has taken or turned away: their addresses and text digests. Keep it committed.\n"


@dataclass
class Tally:
    added: int = 0
    no_point: int = 0
    seen: int = 0
    refused: int = 0
    failed: int = 0
    lines: list[str] = field(default_factory=list)  # what was added
    problems: list[str] = field(default_factory=list)  # what went wrong, one line each


def feed_urls(project: Project) -> list[str]:
    """The addresses under `extra: feeds:` in mkdocs.yml; InputError, located, for anything but http(s) addresses."""
    display = project.display(project.config_file)
    extra = _value(read_settings(project), "extra")
    feeds = _value(extra, "feeds") if isinstance(extra, yaml.MappingNode) else None
    if feeds is None:
        return []
    if not isinstance(feeds, yaml.SequenceNode):
        raise input_error(display, feeds.start_mark.line + 1, feeds.start_mark.column + 1, "extra.feeds",
                          "must be a list of feed addresses", "write e.g. feeds: [https://example.org/world/rss.xml]")
    urls = []
    for node in feeds.value:
        url = node.value if isinstance(node, yaml.ScalarNode) else ""
        if hint := check_url(url) if url else "give an http:// or https:// address":
            raise input_error(display, node.start_mark.line + 1, node.start_mark.column + 1, "extra.feeds",
                              f"'{url}' is not a feed address", hint)
        urls.append(url)
    return urls


def _value(mapping: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(mapping, yaml.MappingNode):
        return None
    return next((v for k, v in mapping.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)


def load_seen(project: Project) -> Known:
    """The addresses and text digests in fetched.txt; InputError, located, for a line that is neither."""
    file = project.root / SEEN_FILE
    if not file.exists() and not file.is_symlink():
        return Known()
    display = project.display(file)
    if file.is_symlink():
        raise input_error(display, 1, 1, "fetched items", "is a link", "replace it with the file itself")
    known = Known()
    for number, line in enumerate(decode_text(file, display, MAX_SEEN_BYTES, "fetched items").split("\n"), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if _DIGEST.fullmatch(line):
            known.texts[line.removeprefix("sha256:")] = f"{display}:{number}"
        elif not check_url(line) and " " not in line:
            known.urls[same_url_key(line)] = f"{display}:{number}"
        else:
            raise input_error(display, number, 1, "fetched items", "neither an http(s) address nor a sha256: digest",
                              "each line is an address or 'sha256:' and 64 hex digits; remove the line")
    return known


def save_seen(project: Project, lines: list[str]) -> None:
    """Append the new lines to fetched.txt (made with its header when missing), replacing the file atomically."""
    file = project.root / SEEN_FILE
    old = file.read_text("utf-8") if file.is_file() and not file.is_symlink() else _HEADER
    fd, tmp = tempfile.mkstemp(prefix=f".{SEEN_FILE}.", dir=project.root)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(old.rstrip("\n") + "\n" + "".join(f"{line}\n" for line in lines))
    os.chmod(tmp, 0o644)
    os.replace(tmp, file)


def fetch_feeds(project: Project, add_all: bool = False, allow_private: bool = False) -> int:
    """Read every feed, add its new items, remember them, print a summary. Exit 0; 1 when no feed could be read."""
    feeds = feed_urls(project)
    if not feeds:
        raise InputError([Problem(project.display(project.config_file), 0, 0, "extra.feeds", "no feeds are listed",
                                  "list them in mkdocs.yml: extra: {feeds: [https://example.org/world/rss.xml]}")])
    known, tally, remember = load_seen(project), Tally(), []
    existing, _ = read_articles(project)
    for article in existing:
        known.remember(article.url, [p.text for p in article.paragraphs], article.path)
    with tempfile.TemporaryDirectory(prefix="briefing-fetch-") as scratch:
        for feed in feeds:
            for link, when in _items(feed, allow_private, tally):
                if same_url_key(link) in known.urls:
                    tally.seen += 1
                    continue
                options = WebOptions(allow_private=allow_private, fallback_date=when)
                remember += _take(project, link, Path(scratch), known, options, existing, add_all, tally)
    if remember:
        save_seen(project, remember)
    for line in tally.problems:
        print(line, file=sys.stderr)
    for line in tally.lines:
        print(line)
    print(f"fetched {len(feeds)} feed{'s' if len(feeds) != 1 else ''}: {tally.added} added, {tally.no_point} touching "
          f"no point, {tally.seen} seen before, {tally.refused} refused, {tally.failed} failed")
    return 1 if tally.failed and not (tally.added or tally.no_point or tally.seen or tally.refused) else 0


def _items(feed: str, allow_private: bool, tally: Tally) -> list[tuple[str, date | None]]:
    """The feed's items: (address, date), in the feed's order; a feed that cannot be read is a failure line."""
    try:
        fetched = fetch(feed, accept=FEED_TYPES, allow_private=allow_private)
    except FetchError as exc:
        tally.failed += 1
        tally.problems.append(f"{feed}: fetch: {exc}")
        return []
    parsed = feedparser.parse(fetched.body, response_headers={"content-location": fetched.url})
    if not parsed.entries and parsed.bozo:
        tally.failed += 1
        tally.problems.append(f"{feed}: feed: not an RSS or Atom feed ({parsed.bozo_exception})")
        return []
    items = []
    for entry in parsed.entries:
        link = (entry.get("link") or "").strip()
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        if link and not check_url(link):
            items.append((link, date(*stamp[:3]) if stamp else None))
    return items


def _take(project: Project, link: str, scratch: Path, known: Known, options: WebOptions, existing: list[Article],
          add_all: bool, tally: Tally) -> list[str]:
    """Fetch one item and add it when it touches a point (or always, with add_all); the lines to remember."""
    taken = {a.id: a.path for a in existing}
    try:
        file, _, page = prepare_page(project, link, scratch, known, options, taken)
        article = read_article(file, project.display(project.seeds / file.name))
    except InputError as exc:
        problem = exc.problems[0]
        if problem.message.startswith("the same article as"):
            tally.seen += 1
            return [link]
        tally.problems.append(str(problem))
        if problem.where == "fetch":  # the network: try again next time
            tally.failed += 1
            return []
        tally.refused += 1
        return [link]
    touched = touched_points(project, existing, [article]).get(article.id, {})
    digest = f"sha256:{text_key([b.text for b in page.blocks])}"
    remember = [link] + ([page.url] if page.url and page.url != link else []) + [digest]
    if not touched and not add_all:
        tally.no_point += 1
        return remember
    target = project.seeds / file.name
    project.seeds.mkdir(parents=True, exist_ok=True)
    copy_new(file, target)
    existing.append(article)
    tally.added += 1
    tally.lines.append(f"{found_line(page)}\nadded {project.display(target)}" +
                       "".join(f"\n    touches {point}: {', '.join(f'¶{n}' for n in ns)}" for point, ns in touched.items()))
    return remember
