"""Listings that stay small: the articles and the timeline split by calendar month, long lists in parts. Pure.

No page lists every article or event: articles/index.md and
timeline.md list the months (with counts), and each month has a page of its own
(generator.site_urls), or several of at most PAGE_ROWS rows each when a month holds more.
A point's page of all its mentions is cut the same way, into parts counted from the oldest
(parts_from_oldest), so that a new article changes the part it lands in and no other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from generator.link import ArticleView, Briefing
from generator.timeline import MONTHS, Event

PAGE_ROWS = 200  # rows of one kind on a month's page: a page stays about the size of an article's


@dataclass(frozen=True)
class MonthList:
    key: str  # YYYY-MM, and YYYY-MM-part-N for the month's page N (from 2)
    label: str  # "November 2025", "November 2025, part 2 of 3"
    articles: tuple[ArticleView, ...] = ()  # newest first
    events: tuple[Event, ...] = ()  # timeline events, newest first


def month_key(day: date) -> str:
    return f"{day:%Y-%m}"


def month_label(key: str) -> str:
    return f"{MONTHS[int(key[5:]) - 1]} {key[:4]}"


def _grouped(items: list, day) -> dict[str, list]:
    groups: dict[str, list] = {}
    for item in items:
        groups.setdefault(month_key(day(item)), []).append(item)
    return groups


def _parts(key: str, **lists: list) -> list[MonthList]:
    """One month's lists on pages of at most PAGE_ROWS rows of each kind."""
    count = max(1, *((len(items) + PAGE_ROWS - 1) // PAGE_ROWS for items in lists.values()))
    return [MonthList(key if n == 0 else f"{key}-part-{n + 1}",
                      month_label(key) + (f", part {n + 1} of {count}" if count > 1 else ""),
                      **{name: tuple(items[n * PAGE_ROWS:(n + 1) * PAGE_ROWS]) for name, items in lists.items()})
            for n in range(count)]


def article_months(briefing: Briefing) -> list[MonthList]:
    """The months that have articles, newest first, each with its articles."""
    groups = _grouped(list(briefing.articles), lambda view: view.article.date)
    return [part for key, views in sorted(groups.items(), reverse=True) for part in _parts(key, articles=views)]


def timeline_months(items: list[Event]) -> list[MonthList]:
    """The months that have dated events, newest first, each with its events in the order given."""
    groups = _grouped(items, lambda event: event.date)
    return [part for key, group in sorted(groups.items(), reverse=True) for part in _parts(key, events=group)]


@dataclass(frozen=True)
class Part:
    """One page of a long list: its rows, which part it is, and the paths of all the list's parts (part 1 first)."""

    number: int  # 1 for the list's first page, which keeps the list's own URL
    pages: tuple[str, ...]  # the path of every part, part 1 first
    rows: tuple = ()  # empty for a month's part: its MonthList holds its rows

    @property
    def page(self) -> str:
        return self.pages[self.number - 1]

    @property
    def count(self) -> int:
        return len(self.pages)

    @property
    def newer(self) -> str | None:
        return self.pages[self.number - 2] if self.number > 1 else None

    @property
    def older(self) -> str | None:
        return self.pages[self.number] if self.number < self.count else None


def parts_from_oldest(rows: list, page: Callable[[int], str]) -> list[Part]:
    """rows (newest first) on parts of at most PAGE_ROWS, counted out from the oldest; page(n) is part n's path.

    Part 1 shows the newest rows, what remains after whole parts of PAGE_ROWS were counted
    from the oldest (1 to PAGE_ROWS rows): a new row at the top changes part 1 only, until
    part 1 is full and the next new row opens a part (every part's list of parts then
    changes). A list of no rows is one empty part.
    """
    count = max(1, (len(rows) + PAGE_ROWS - 1) // PAGE_ROWS)
    first = len(rows) - (count - 1) * PAGE_ROWS
    pages = tuple(page(n) for n in range(1, count + 1))
    bounds = [0] + [first + k * PAGE_ROWS for k in range(count)]
    return [Part(n + 1, pages, tuple(rows[bounds[n]:bounds[n + 1]])) for n in range(count)]


def month_parts(months: list[MonthList], page: Callable[[str], str]) -> dict[str, Part]:
    """Each month page's place among the parts of its month (page(key) is a part's path), by its key."""
    paths: dict[str, list[str]] = {}
    for month in months:
        paths.setdefault(month.key[:7], []).append(page(month.key))
    return {m.key: Part(paths[m.key[:7]].index(page(m.key)) + 1, tuple(paths[m.key[:7]])) for m in months}
