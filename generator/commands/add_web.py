"""`briefing add PAGE.html` and `briefing add URL`: a web page made into a Markdown article for the seeds folder.

The page is read (or fetched), its article extracted (generator/intake.py), refused when
it is no article (too little text), has no date, or repeats an article the project has;
otherwise the Markdown is written into a scratch folder and handed to `briefing add`'s
own checks (generator/commands/add.py), which copy it into the seeds folder only when
everything given passes.
"""

from __future__ import annotations

import stat
import dataclasses
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from generator.articles import Article, article_id, derive_title
from generator.errors import InputError, Problem
from generator.fetch import MAX_BYTES, FetchError, fetch
from generator.intake import STUB_MAX_WORDS, WebArticle, extract, file_name, text_key, to_markdown, with_date
from generator.project import Project
from generator.readers import read_markdown
from generator.textfile import file_kind

PAGE_SUFFIXES = (".html", ".htm", ".xhtml")


@dataclass
class WebOptions:
    """What the command line says about web pages: their date (it wins over the page's), private addresses allowed,
    and a date for a page that gives none (a feed item's)."""

    date: date | None = None
    allow_private: bool = False
    fallback_date: date | None = None


@dataclass
class Known:
    """The articles a new one must not repeat: by canonical address and by text (with the file that has it)."""

    urls: dict[str, str] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, articles: list[Article]) -> "Known":
        known = cls()
        for article in articles:
            known.remember(article.url, [p.text for p in article.paragraphs], article.path)
        return known

    def remember(self, url: str | None, paragraphs: list[str], where: str) -> None:
        if url:
            self.urls.setdefault(same_url_key(url), where)
        self.texts.setdefault(text_key(paragraphs), where)


def same_url_key(url: str) -> str:
    """An address as compared for duplicates: scheme and host lower-cased, no fragment, no final '/'."""
    parts = urlsplit(url.strip())
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{parts.path.rstrip('/')}{query}"


def is_web_source(item: str) -> bool:
    """An address (only http and https ones are fetched), or a saved page (.html, .htm, .xhtml)."""
    return is_address(item) or Path(item).suffix.lower() in PAGE_SUFFIXES


def is_address(item: str) -> bool:
    """Whether item is written as an address (scheme://...), not a file name."""
    return "://" in item or item.lower().startswith(("http:", "https:"))


def prepare_page(project: Project, item: str, scratch: Path, known: Known, options: WebOptions,
                 taken: dict[str, str]) -> tuple[Path, str, WebArticle]:
    """The page's article written as Markdown into scratch: (that file, the page as named, what was found).

    InputError, located at the page, when it yields no article the project can take.
    """
    display = item if is_address(item) else project.display(Path(item).resolve())
    page, url = _page(item, display, options)
    article = with_date(extract(page, url), options.date)
    if article.date is None:
        article = with_date(article, options.fallback_date)
    if not article.title and article.blocks:
        article = replace(article, title=derive_title(article.blocks[0].text))
    _refuse_unusable(article, display)
    duplicate = known.urls.get(same_url_key(article.url)) if article.url else None
    duplicate = duplicate or known.texts.get(text_key([b.text for b in article.blocks]))
    if duplicate:
        raise _problem(display, f"the same article as {duplicate}" + (f" ({article.url})" if article.url else ""),
                       "it is in the seeds folder already; nothing to add")
    name = _free_name(project, file_name(article), taken)
    text = to_markdown(article)
    _check_round_trip(text, article, display)
    file = scratch / name
    file.write_text(text, encoding="utf-8")
    known.remember(article.url, [b.text for b in article.blocks], display)
    return file, display, article


def _page(item: str, display: str, options: WebOptions) -> tuple[bytes, str | None]:
    """The page's bytes and the address it came from (None for a saved file)."""
    if is_address(item):
        try:
            fetched = fetch(item, allow_private=options.allow_private)
        except FetchError as exc:
            raise _problem(display, str(exc), exc.hint, what="fetch", line=0) from None
        return fetched.body, fetched.url
    path = Path(item)
    try:
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            raise _problem(display, f"is {file_kind(mode)}, not a saved page", "give the page's .html file; it was not opened")
        if path.stat().st_size > MAX_BYTES:
            raise _problem(display, f"the page is larger than {MAX_BYTES:,} bytes", "save the page without its media")
        return path.read_bytes(), None
    except OSError as exc:
        raise _problem(display, exc.strerror or "cannot be read", "check the path", line=0) from None


def _refuse_unusable(article: WebArticle, display: str) -> None:
    if not article.blocks:
        raise _problem(display, "no article text found in the page",
                       "give the page of one article, not a front page or a list of stories")
    if article.words < STUB_MAX_WORDS:
        raise _problem(display, f"only {article.words} words of article text: a consent wall, a paywall's teaser "
                       "or not an article", "open the page in a browser, get the whole article shown, save it and "
                       "give the saved file")
    if article.date is None:
        raise _problem(display, "no publication date found in the page", "give it: --date YYYY-MM-DD")


def _free_name(project: Project, name: str, taken: dict[str, str]) -> str:
    """name, or name with -2, -3... when a file or an article id in the seeds folder has it."""
    stem, n = name.removesuffix(".md"), 1
    candidate = name
    while (project.seeds / candidate).exists() or article_id(Path(candidate).stem) in taken:
        n += 1
        candidate = f"{stem}-{n}.md"
    return candidate


def _check_round_trip(text: str, article: WebArticle, display: str) -> None:
    """The written Markdown reads back as the page's text, paragraph for paragraph, headings as headings."""
    try:
        read = read_markdown(text, display)
    except InputError as exc:  # as check would refuse it (a date far ahead); its lines are the Markdown's, not the page's
        raise InputError([made_problem(p, display) for p in exc.problems]) from None
    if [(p.text, p.heading) for p in read.paragraphs] != [(b.text, b.heading) for b in article.blocks]:
        raise _problem(display, "the page's text would not read back as it is",
                       "report this page; save the article as Markdown by hand meanwhile")


def made_problem(problem: Problem, display: str) -> Problem:
    """A problem of the article made of a page, reported at the page."""
    return dataclasses.replace(problem, path=display, line=1, column=1, message=f"the article made of it: {problem.message}")


def found_line(article: WebArticle) -> str:
    """What the page gave, for the editor: title, date, author, outlet, address, text."""
    headings = sum(b.heading for b in article.blocks)
    parts = [f'"{article.title}"', article.date.isoformat() if article.date else "no date",
             f"by {article.author}" if article.author else "no author", article.outlet or "no outlet",
             article.url or "no address"]
    return f"found {', '.join(parts)}; {len(article.blocks) - headings} paragraphs, {headings} headings"


def _problem(display: str, message: str, hint: str, what: str = "page", line: int = 1) -> InputError:
    return InputError([Problem(display, line, 1 if line else 0, what, message, hint)])
