"""The editors' desk: the review queue by article, with what to do about each paragraph. Pure.

An editor's unit of work is an article: read it once, record what matters, move on. The
desk lists every article that has mentions or possible mentions nobody has settled (cited,
dismissed), each once, with its paragraphs and every point each touches, strongest first,
and the command lines that settle them. `briefing reviewed ARTICLE` records that the article
was read: its entries stay on the desk, marked reviewed, but no longer wait.

The desk is a site of its own (generator.desk_site builds it from these pages); nothing
here reaches the readers' site. `briefing triage` and `briefing check --max-waiting-days`
read the same lists.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

from generator import site_urls
from generator.articles import Article
from generator.errors import Problem
from generator.link import Briefing
from generator.markup import badge, text_attributes
from generator.mentions import Mention
from generator.render import Pages, make_environment
from generator.vocabulary import plural

QUOTE_WORDS = 30  # a prefilled quote: the paragraph's first sentence, at most this many words
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class DeskParagraph:
    """One paragraph of an article with every point it touches (mentions and possible mentions), strongest first."""

    number: int
    text: str
    mentions: tuple[Mention, ...]

    @property
    def point_ids(self) -> list[str]:
        return [m.point_id for m in self.mentions]


@dataclass(frozen=True)
class DeskArticle:
    """An article with entries nobody has settled: waiting for an editor, or recorded as reviewed."""

    article: Article
    paragraphs: tuple[DeskParagraph, ...]  # reading order
    reviewed: date | None = None
    review_note: str | None = None

    @property
    def waiting(self) -> bool:
        return self.reviewed is None

    @property
    def mentions(self) -> int:
        return sum(1 for p in self.paragraphs for m in p.mentions if not m.possible)

    @property
    def possible(self) -> int:
        return sum(1 for p in self.paragraphs for m in p.mentions if m.possible)


@dataclass(frozen=True)
class Progress:
    """How far the desk is from clear: the articles waiting, and the oldest one's date."""

    waiting: int
    oldest: date | None

    @property
    def text(self) -> str:
        if not self.waiting or self.oldest is None:
            return "Nothing to review: every article with mentions is cited, dismissed or reviewed."
        return f"{plural(self.waiting, 'article')} to review, oldest waiting since {self.oldest.isoformat()}"


def desk_articles(briefing: Briefing) -> list[DeskArticle]:
    """Every article with unsettled entries: the waiting ones oldest first, then the reviewed ones, newest review first."""
    open_entries: dict[str, list[Mention]] = {}
    for view in briefing.points:
        for m in (*view.mentions, *view.possible):
            if not m.settled:
                open_entries.setdefault(m.article.id, []).append(m)
    order = {view.id: n for n, view in enumerate(briefing.points)}
    desk = []
    for view in briefing.articles:
        found = open_entries.get(view.article.id)
        if found:
            meta = briefing.register.articles.get(view.article.id)
            desk.append(DeskArticle(view.article, _paragraphs(view.article, found, order),
                                    meta.reviewed if meta else None, meta.review_note if meta else None))
    waiting = sorted((d for d in desk if d.waiting), key=lambda d: (d.article.date, d.article.id))
    reviewed = sorted((d for d in desk if not d.waiting), key=lambda d: (d.reviewed, d.article.date), reverse=True)
    return waiting + reviewed


def _paragraphs(article: Article, found: list[Mention], order: dict[str, int]) -> tuple[DeskParagraph, ...]:
    by_number: dict[int, list[Mention]] = {}
    for m in found:
        by_number.setdefault(m.paragraph, []).append(m)
    return tuple(DeskParagraph(n, article.paragraph(n).text,
                               tuple(sorted(ms, key=lambda m: (-m.score, order[m.point_id]))))
                 for n, ms in sorted(by_number.items()))


def progress(desk: list[DeskArticle]) -> Progress:
    waiting = [d for d in desk if d.waiting]
    return Progress(len(waiting), min((d.article.date for d in waiting), default=None))


def overdue(desk: list[DeskArticle], today: date, max_days: int) -> list[DeskArticle]:
    """The waiting articles dated more than max_days before today, oldest first."""
    return [d for d in desk if d.waiting and (today - d.article.date).days > max_days]


def waiting_problems(briefing: Briefing, today: date, max_days: int) -> list[Problem]:
    """A warning for each article that has waited for review longer than max_days (`briefing check --max-waiting-days`)."""
    return [Problem(d.article.path, 1, 1, "", f"article '{d.article.id}' has waited for review since "
                    f"{d.article.date.isoformat()}, {(today - d.article.date).days} days (more than {max_days})",
                    f"read it on the desk (briefing build --desk), then: {reviewed_command(d.article)}")
            for d in overdue(desk_articles(briefing), today, max_days)]


def prefilled_quote(text: str) -> str:
    """Words of the paragraph to quote as they stand: its first sentence, at most QUOTE_WORDS words."""
    first = _SENTENCE_END.split(" ".join(text.split()), maxsplit=1)[0]
    return " ".join(first.split()[:QUOTE_WORDS])


def status_command(briefing: Briefing, article: Article, paragraph: DeskParagraph) -> str:
    """`briefing status` for the paragraph's strongest point, the article and a quote filled in; STATUS and NOTE to edit."""
    point = paragraph.mentions[0].point_id
    return shlex.join(["briefing", "status", point, briefing.point(point).status, "--date", article.date.isoformat(),
                       "--note", "NOTE", "--source", article.id, "--quote", prefilled_quote(paragraph.text)])


def dismiss_command(article: Article, paragraph: DeskParagraph) -> str:
    """`briefing dismiss` of every point the paragraph touches; REASON to edit."""
    return shlex.join(["briefing", "dismiss", *paragraph.point_ids, article.id,
                       "--paragraph", str(paragraph.number), "--reason", "REASON"])


def reviewed_command(article: Article) -> str:
    return shlex.join(["briefing", "reviewed", article.id])


def triage_records(briefing: Briefing, desk: list[DeskArticle]) -> list[dict[str, object]]:
    """The waiting articles as `briefing triage --format json` prints them: article, paragraphs, points."""
    return [{"article": d.article.id, "path": d.article.path, "date": d.article.date.isoformat(),
             "title": d.article.title,
             "paragraphs": [{"paragraph": p.number, "url": site_urls.article_url(d.article.id, p.number),
                             "text": p.text,
                             "points": [{"point": m.point_id, "tier": "possible" if m.possible else "mention",
                                         "score": m.score, "reason": m.reason, "terms": list(m.terms)}
                                        for m in p.mentions]}
                            for p in d.paragraphs]}
            for d in desk if d.waiting]


def _command(text: str) -> Markup:
    """A command line shown as code in raw HTML: escaped once, here, and left alone by the environment."""
    return Markup("<pre class=\"bf-command\"><code>{}</code></pre>").format(escape(text))


def desk_pages(briefing: Briefing) -> dict[str, str]:
    """The desk's pages, keyed by path under its own docs folder: its home and a page per article."""
    desk = desk_articles(briefing)
    shared = dict(register=briefing.register, briefing=briefing, urls=site_urls)
    pages = Pages(make_environment(), shared, {})
    pages.render("desk_home.md.j2", site_urls.HOME_PAGE, progress=progress(desk),
                 waiting=[d for d in desk if d.waiting], reviewed=[d for d in desk if not d.waiting])
    for item in desk:
        article = item.article
        commands = {p.number: (_command(status_command(briefing, article, p)), _command(dismiss_command(article, p)))
                    for p in item.paragraphs}
        pages.render("desk_article.md.j2", site_urls.desk_article_page(article.id), item=item, commands=commands,
                     reviewed_command=_command(reviewed_command(article)), badge=lambda s: badge(briefing, s),
                     text_attributes=text_attributes(article))
    return pages.texts
