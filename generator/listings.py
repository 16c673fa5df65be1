"""Listings that stay small: the articles and the review queue split by calendar month. Pure.

No page lists every article or every mention: articles/index.md and review.md list the
months (with counts), and each month has a page of its own (generator.site_urls).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from generator.briefing import ArticleView, Briefing
from generator.mentions import Mention
from generator.timeline import MONTHS


@dataclass(frozen=True)
class MonthList:
    key: str  # YYYY-MM
    label: str  # "November 2025"
    articles: tuple[ArticleView, ...] = ()  # newest first
    queue: tuple[Mention, ...] = ()  # mentions to review, newest article first
    possible: tuple[Mention, ...] = ()  # possible mentions to review, highest score first


def month_key(day: date) -> str:
    return f"{day:%Y-%m}"


def month_label(key: str) -> str:
    return f"{MONTHS[int(key[5:]) - 1]} {key[:4]}"


def _grouped(items: list, day) -> dict[str, list]:
    groups: dict[str, list] = {}
    for item in items:
        groups.setdefault(month_key(day(item)), []).append(item)
    return groups


def article_months(briefing: Briefing) -> list[MonthList]:
    """The months that have articles, newest first, each with its articles."""
    groups = _grouped(list(briefing.articles), lambda view: view.article.date)
    return [MonthList(key, month_label(key), articles=tuple(views)) for key, views in sorted(groups.items(), reverse=True)]


def review_months(briefing: Briefing) -> list[MonthList]:
    """The months whose articles have mentions or possible mentions to review, newest first."""
    queue = _grouped(briefing.queue, lambda m: m.article.date)
    possible = _grouped(briefing.possible_queue, lambda m: m.article.date)
    return [MonthList(key, month_label(key), queue=tuple(queue.get(key, ())), possible=tuple(possible.get(key, ())))
            for key in sorted(queue.keys() | possible.keys(), reverse=True)]
