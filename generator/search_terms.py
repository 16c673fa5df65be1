"""What the site's search index holds beyond the words a page shows. Pure.

Pagefind (generator/search_index.py) indexes the built pages' text. Three things are added
to it here, as HTML attributes the templates place (README "Search"):

- **index-only words**: the other ways of writing a number a paragraph holds ("600,000"
  also as 600k and 600 thousand; "600 000" also as 600,000, which Pagefind reads as 600000)
  and the register's other spellings of a term the paragraph uses (Donbas also as Donbass,
  when the register lists both). They sit in an attribute that Pagefind indexes at the end
  of the paragraph (`data-pagefind-index-attrs`) and that no browser shows;
- **a point's terms**: its aliases and keywords with their spellings and number forms, as
  searchable metadata of its page (`data-pagefind-meta`), which ranks the point first;
- **filters and sort keys** (`data-pagefind-filter`, `data-pagefind-sort`): kind, point,
  status, outlet, language and month, and the date articles sort by.

Every value is escaped with escape.md_text, so text from articles and the register stays
inert inside the attributes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from generator.escape import md_text
from generator.link import ArticleView, Briefing, PointView
from generator.register import Point, Register
from generator.vocabulary import NOT_RECORDED

# numbers worth writing another way: 600k / 1.5 million, 600,000 / 600 000 / 600.000, 600000
# (a plain number of four digits is left alone: it is mostly a year)
_NUMBER = re.compile(
    r"(?<![\w.,])(?:"
    r"(?P<scaled>\d+(?:\.\d+)?)\s?(?P<unit>k|thousand|m|mn|million)(?!\w)"
    r"|(?P<grouped>\d{1,3}(?:[,\u00a0\u202f .]\d{3})+)(?![\d]|[.,]\d)"
    r"|(?P<plain>\d{5,})(?!\w)"
    r")", re.IGNORECASE)
_UNITS = {"k": 1000, "thousand": 1000, "m": 1_000_000, "mn": 1_000_000, "million": 1_000_000}
_SPACE_OR_HYPHEN = re.compile(r"[\s\-]+")
_NOT_LETTER = re.compile(r"[\W_]+")
_REPEAT = re.compile(r"(.)\1+")
INDEX_ATTRIBUTE = "data-index-words"  # where a paragraph's index-only words are kept


def number_forms(value: int) -> list[str]:
    """Other ways to write a whole number of at least 1,000, as readers search for it."""
    if value < 1000:
        return []
    forms = [f"{value:,}"]  # Pagefind reads 600,000 as 600000, and as 600 and 000
    if value % 1_000_000 == 0:
        forms += [f"{value // 1_000_000}m", f"{value // 1_000_000} million"]
    elif value >= 1_000_000 and value % 100_000 == 0:
        forms += [f"{value / 1_000_000:g}m", f"{value / 1_000_000:g} million"]
    if value % 1000 == 0 and value < 1_000_000_000:
        forms += [f"{value // 1000}k", f"{value // 1000} thousand"]
    return forms


def numbers_in(text: str) -> list[int]:
    """The whole numbers of 1,000 and more that text writes, however it writes them."""
    values = []
    for match in _NUMBER.finditer(text):
        if match["scaled"]:
            value = round(float(match["scaled"]) * _UNITS[match["unit"].lower()])
        else:
            value = int(re.sub(r"\D", "", match["grouped"] or match["plain"]))
        values.append(value)
    return values


def spelling_key(term: str) -> str:
    """What two spellings of one term share: letters and digits only, lower case, z as s,
    doubled letters single (Donbas = Donbass, demilitarised = demilitarized, front line = frontline)."""
    squashed = _NOT_LETTER.sub("", term.lower()).replace("z", "s")
    return _REPEAT.sub(r"\1", squashed)


def spelling_groups(points: Iterable[Point]) -> list[tuple[str, ...]]:
    """The register's terms written more than one way, each group in the register's order."""
    groups: dict[str, dict[str, str]] = defaultdict(dict)
    for point in points:
        for term in (*point.aliases, *point.keywords, *point.context):
            if spelling_key(term):
                groups[spelling_key(term)].setdefault(term.lower(), term)
    return [tuple(group.values()) for group in groups.values() if len(group) > 1]


def _term_regex(term: str) -> str:
    return r"[\s\-]+".join(re.escape(part) for part in _SPACE_OR_HYPHEN.split(term.strip()))


def page_fields(filters: Mapping[str, str | Sequence[str]] | None = None, meta: Mapping[str, str] | None = None,
                sort: Mapping[str, str] | None = None) -> Markup:
    """One block of empty elements carrying a page's filters, metadata and sort keys for Pagefind.

    Each value gets its own element (an attribute holds one inline value); empty values are left out.
    """
    spans = []
    for kind, fields in (("filter", filters), ("meta", meta), ("sort", sort)):
        for key, values in (fields or {}).items():
            for value in [values] if isinstance(values, str) else values:
                if value:
                    spans.append(f'<span data-pagefind-{kind}="{md_text(key)}:{md_text(value)}"></span>')
    return Markup('<div class="bf-search-fields">' + "".join(spans) + "</div>") if spans else Markup("")


@dataclass(frozen=True)
class SearchTerms:
    """The register's spellings, ready to find in paragraphs; one per register."""

    spellings: Mapping[str, tuple[str, ...]]  # spelling_key -> the register's ways of writing the term
    pattern: re.Pattern[str] | None  # any of them, as a whole word

    @classmethod
    def of(cls, register: Register) -> SearchTerms:
        return cls.of_points(register.points)

    @classmethod
    def of_points(cls, points: Iterable[Point]) -> SearchTerms:
        groups = spelling_groups(points)
        terms = sorted({t for group in groups for t in group}, key=lambda t: (-len(t), t))
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(_term_regex(t) for t in terms) + r")(?!\w)",
                             re.IGNORECASE) if terms else None
        return cls({spelling_key(group[0]): group for group in groups}, pattern)

    def _spellings(self, found: str) -> tuple[str, ...]:
        return self.spellings.get(spelling_key(found), ())

    def variants(self, text: str) -> list[str]:
        """The words a search should also find text by: other spellings and number forms not already in it."""
        lowered = " ".join(text.lower().split())
        found: dict[str, None] = {}
        for match in self.pattern.finditer(text) if self.pattern else ():
            found.update(dict.fromkeys(self._spellings(match.group())))
        for value in numbers_in(text):
            found.update(dict.fromkeys(number_forms(value)))
        return [v for v in found if not re.search(r"(?<!\w)" + _term_regex(v.lower()) + r"(?!\w)", lowered)]

    def index_words(self, text: str) -> Markup:
        """An empty element whose attribute Pagefind indexes in place: the paragraph's variants, or nothing."""
        words = self.variants(text)
        if not words:
            return Markup("")
        return Markup(f'<span data-pagefind-index-attrs="{INDEX_ATTRIBUTE}" {INDEX_ATTRIBUTE}="{md_text(" ".join(words))}"></span>')

    def point_terms(self, point: Point) -> list[str]:
        """What finds a point's page besides its text: its aliases and keywords, their spellings and number forms."""
        terms: dict[str, None] = dict.fromkeys((*point.aliases, *point.keywords))
        for term in list(terms):
            terms.update(dict.fromkeys(self._spellings(term)))
            for value in numbers_in(term):
                terms.update(dict.fromkeys(number_forms(value)))
        return list(terms)

    def point_fields(self, view: PointView, register: Register) -> Markup:
        """A point page's kind, point and status filters, its terms (searchable metadata) and last change."""
        changed = view.last_changed.isoformat() if view.last_changed else ""
        status = register.statuses[view.status].label if view.status in register.statuses else view.status
        return page_fields(filters={"kind": "point", "point": view.point.title, "status": status},
                           meta={"terms": ", ".join(self.point_terms(view.point)), "date": changed},
                           sort={"date": changed})

    @staticmethod
    def article_fields(view: ArticleView, briefing: Briefing) -> Markup:
        """An article page's kind, points, outlet, language and month filters; its date to show and sort by."""
        article = view.article
        day = article.date.isoformat()
        return page_fields(filters={"kind": "article", "point": [briefing.point(p).point.title for p in view.point_ids],
                                    "outlet": article.outlet or NOT_RECORDED, "language": article.language,
                                    "date": day[:7]},
                           meta={"date": day, "outlet": article.outlet or ""}, sort={"date": day})

    @staticmethod
    def party_fields() -> Markup:
        return page_fields(filters={"kind": "party"})
