"""The banner the live preview puts on its pages while the input has problems. Pure.

The pages stay the last good ones (or stubs, when there never was a good one), each with
the problems on top, so an editor sees at once, in the browser they are looking at, that
their last save was not taken and why. Every problem is escaped: it quotes the input.
"""

from __future__ import annotations

from generator.errors import Problem
from generator.escape import md_text

BANNER_CLASS = "briefing-problems"
# the pages the site's navigation names: a stub of each when there is no good version yet
NAV_STUBS = {"index.md": "Overview", "points/index.md": "Points", "articles/index.md": "Articles",
             "statuses.md": "Statuses"}
_STYLE = "border:2px solid #c62828;border-radius:4px;padding:0.4em 1em;margin:0 0 1.5em"


def banner(problems: list[Problem]) -> str:
    """A raw HTML block (no blank line inside it, so Markdown leaves it whole) listing the problems."""
    count = len(problems)
    head = (f"{count} problem{'s' if count != 1 else ''} in the input: this preview shows the last good "
            "version until they are fixed")
    items = "".join(f"<li><code>{md_text(p)}</code></li>" for p in problems)
    return f'<div class="{BANNER_CLASS}" role="alert" style="{_STYLE}"><p><strong>{head}</strong></p><ul>{items}</ul></div>\n\n'


def without_banner(text: str) -> str:
    """A page as it was before with_banner() (for pages a stopped preview left on disk)."""
    front, body = _split_front_matter(text)
    if body.startswith(f'<div class="{BANNER_CLASS}"'):
        body = body.split("\n\n", 1)[1] if "\n\n" in body else ""
    return front + body


def _split_front_matter(text: str) -> tuple[str, str]:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end >= 0:
            return text[:end + 5], text[end + 5:]
    return "", text


def with_banner(pages: dict[str, str], problems: list[Problem]) -> dict[str, str]:
    """The pages with the banner on top of every Markdown page (after its front matter); stubs if none."""
    pages = pages or {path: f"# {title}\n" for path, title in NAV_STUBS.items()}
    out = {}
    for path, text in pages.items():
        if path.endswith(".md"):
            front, body = _split_front_matter(text)
            text = front + banner(problems) + body
        out[path] = text
    return out
