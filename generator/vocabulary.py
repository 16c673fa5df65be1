"""The words the register and the pages share, and the limits on input, defined once.

Statuses (the default vocabulary a register may replace), stances, sourcing grades, the
icons that keep status badges readable without colour, reserved ids and size limits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Lowercase slugs: letters a-z, digits, single hyphens. Ids of points, parties, statuses.
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Point and article pages live beside their section's list page (points/index.md,
# articles/index.md): an item with one of these ids would take its place.
RESERVED_IDS = frozenset({"index"})


@dataclass(frozen=True)
class Term:
    """One word of a vocabulary: its label on pages and what it means."""

    label: str
    meaning: str


@dataclass(frozen=True)
class StatusTerm(Term):
    closed: bool = False


DEFAULT_STATUSES: dict[str, StatusTerm] = {
    "open": StatusTerm("Open", "No agreement; positions far apart"),
    "narrowing": StatusTerm("Narrowing", "Progress reported; gap closing"),
    "agreed": StatusTerm("Agreed", "Text or principle agreed", closed=True),
    "deferred": StatusTerm("Deferred", "Parked for a later stage or for leaders"),
    "dropped": StatusTerm("Dropped", "Removed from the draft", closed=True),
}

# A status outside this table (a register's own vocabulary) gets FALLBACK_ICON.
STATUS_ICONS = {"open": "○", "narrowing": "◐", "agreed": "✓", "deferred": "‖", "dropped": "✕"}
FALLBACK_ICON = "•"

STANCES: dict[str, Term] = {
    "proposes": Term("Proposes", "Put the idea forward"),
    "demands": Term("Demands", "Makes it a condition"),
    "supports": Term("Supports", "Backs it"),
    "accepts": Term("Accepts", "Agrees to it, perhaps reluctantly"),
    "open-to": Term("Open to", "Willing to discuss it"),
    "undecided": Term("Undecided", "Has not said"),
    "resists": Term("Resists", "Pushes back, asks for changes"),
    "rejects": Term("Rejects", "Refuses it"),
}

SOURCING: dict[str, Term] = {
    "primary-document": Term("Primary document", "The text of the plan or an official statement"),
    "named-official": Term("Named official", "An official speaking on the record"),
    "several-sources": Term("Several sources", "Two or more independent sources agree"),
    "anonymous-official": Term("Anonymous official", "An official speaking without being named"),
    "media-report": Term("Media report", "A report that names no source"),
}

# Limits on input: far above real use, low enough that a mistake cannot exhaust memory.
MAX_ARTICLE_BYTES = 2 * 1024 * 1024
MAX_REGISTER_BYTES = 1024 * 1024
MAX_YAML_DEPTH = 32  # the register nests about 8 deep; far deeper is an attack on the recursive composer
HEADING_MAX_CHARS = 80  # a longer one-line paragraph is text, not a section heading
# An id names files: its pages (<id>.md), feeds (<id>.xml) and the site's folders. Most file
# systems allow a name of at most 255 bytes, and ids are ASCII, so the longest name must fit.
MAX_ID_CHARS = 255 - len(".xml")

# Languages written right to left (primary subtags, BCP 47): the article text gets dir="rtl".
RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "ps", "sd", "ug", "ur", "yi"})

# What a page says where the record is silent, instead of a bare dash.
NOT_RECORDED = "not recorded"
# Where a party has no position on a point: the register records none, which claims nothing about the party.
NO_POSITION = "no position recorded"

# Meta descriptions of list pages, and of a point that has no summary of its own.
PAGE_DESCRIPTIONS = {
    "point": "Where the disputed point stands, who holds which position, and on what evidence: ",  # + its title
    "points": "Every disputed point of the briefing: its status, since when, and how well it is sourced.",
    "articles": "Every article the briefing quotes or links, newest first, with its outlet and the points it touches.",
}


def pick(count: int, one: str, many: str) -> str:
    """The form of a phrase that agrees with count."""
    return one if count == 1 else many


def plural(count: int, one: str, many: str | None = None) -> str:
    """'1 article', '2 articles': the count and the noun that agrees with it."""
    return f"{count} {pick(count, one, many or one + 's')}"


def possessive(name: str) -> str:
    """A name with the possessive ending: "Ukraine's", and for a name ending in s the apostrophe alone
    ("United States'"), as for a plural."""
    name = name.rstrip()
    return f"{name}'" if name[-1:].lower() == "s" else f"{name}'s"
