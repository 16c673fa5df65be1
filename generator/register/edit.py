"""Edits of the register from the command line, as text in and text out.

Each edit checks the names it uses (point, status, party, stance, sourcing) with
did-you-mean hints, then splices exactly the asked content into the text
(generator.register.splice), in the style of the place it goes: a block point gets block
lines, a flow point (`- {id: ..., ...}`) gets flow text. The register must be valid before
an edit; the caller validates the result like a build does, and Edit.locate() maps its
problems back to the file as it is.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable, Sequence

import yaml
from yaml import MappingNode, Node, SequenceNode

from generator.errors import InputError, Problem
from generator.register import Point, Register, parse_register
from generator.register.splice import (Edit, Layout, NoRoom, Splice, add_key, append_item, append_items, child,
                                       prepend_item, replace_value)
from generator.register.yamlwriter import Flow
from generator.textfile import line_col
from generator.validation import hint_for, where_text
from generator.vocabulary import SLUG, SOURCING, STANCES
from generator.yamlsource import YamlDoc

POINT_KEYS = list(Point.model_fields)  # the order new keys of a point are written in


@dataclass(frozen=True)
class ParsedRegister:
    """The register as validated (for names and places) and as composed nodes (for the splices)."""

    text: str
    path: str
    register: Register
    doc: YamlDoc
    root: MappingNode
    layout: Layout

    @classmethod
    def parse(cls, text: str, path: str) -> ParsedRegister:
        register, doc = parse_register(text, path)
        root = yaml.compose(text, Loader=yaml.SafeLoader)  # the reader that just loaded it: it composes
        return cls(text, path, register, doc, root, Layout.of(text, root))

    @property
    def offset(self) -> int:
        """How far the register indents the '-' of a list under its key (`points:` tells), for new lists."""
        points = child(self.root, "points")
        if points and isinstance(points[1], SequenceNode) and not points[1].flow_style:
            key, dash = points[0].start_mark.index, points[1].start_mark.index
            return max(0, self.layout.column(dash) - self.layout.column(key))
        return 2

    def problem(self, loc: tuple, message: str, hint: str, key: bool = False) -> InputError:
        line, column = self.doc.where(loc, key=key)
        return InputError([Problem(self.path, line, column, where_text(loc, self.doc.data), message, hint)])

    def point(self, point_id: str) -> tuple[int, MappingNode]:
        ids = [p.id for p in self.register.points]
        if point_id not in ids:
            raise self.problem(("points",), f"unknown point '{point_id}'", hint_for(point_id, ids), key=True)
        index = ids.index(point_id)
        points = child(self.root, "points")
        assert points is not None
        return index, points[1].value[index]

    def edit(self, *splices: Splice) -> Edit:
        return Edit(self.text, splices, self.path)


def _located(make: Callable[..., Edit]) -> Callable[..., Edit]:
    """An edit that finds no room for its text is refused with the place that has none."""
    @functools.wraps(make)
    def edit(text: str, path: str, *args: Any, **kwargs: Any) -> Edit:
        try:
            return make(text, path, *args, **kwargs)
        except NoRoom as exc:
            line, column = line_col(text, exc.index)
            raise InputError([Problem(path, line, column, "register", exc.message, exc.hint)]) from None
    return edit


def _check_word(reg: ParsedRegister, loc: tuple, what: str, value: str, allowed: Any) -> None:
    if value not in allowed:
        raise reg.problem(loc, f"unknown {what} '{value}'", hint_for(value, list(allowed)))


def _sources(article: str | None, quote: str | None) -> list[dict[str, str | None]]:
    return [{"article": article, "quote": quote}] if article or quote else []


def _check_date(reg: ParsedRegister, index: int, day: date) -> None:
    """A new entry goes at the top, so it is the latest unless an entry is dated later (same day: it wins)."""
    point = reg.register.points[index]
    latest = point.latest
    if latest and day < latest.date:
        raise reg.problem(("points", index, "history", point.history.index(latest), "date"),
                          f"an entry dated {day.isoformat()} would not be the latest: "
                          f"{latest.date.isoformat()} ({latest.status}) stays the point's status",
                          "give the date of the change; an older event goes into the history by hand")


@_located
def set_status(text: str, path: str, point_id: str, status: str, day: date, note: str,
               article: str, quote: str, sourcing: str | None = None) -> Edit:
    """A new history entry at the top of the point's history; its `status:` (if it has one) set too."""
    reg = ParsedRegister.parse(text, path)
    index, node = reg.point(point_id)
    _check_word(reg, ("points", index), "status", status, reg.register.statuses)
    if sourcing is not None:
        _check_word(reg, ("points", index), "sourcing", sourcing, SOURCING)
    _check_date(reg, index, day)
    entry: dict[str, Any] = {"date": day, "status": status}
    if sourcing:
        entry["sourcing"] = sourcing
    entry |= {"note": note, "sources": _sources(article, quote)}
    history = child(node, "history")
    splices = [prepend_item(reg.layout, history[1], entry, reg.offset) if history
               else add_key(reg.layout, node, "history", [entry], POINT_KEYS, reg.offset)]
    if found := child(node, "status"):
        splices.append(replace_value(reg.layout, found[1], status, reg.offset))
    return reg.edit(*splices)


@_located
def set_position(text: str, path: str, point_id: str, party: str, stance: str, position_text: str,
                 since: date | None = None, article: str | None = None, quote: str | None = None) -> Edit:
    """The party's position on the point, added or replaced (in the style of the others)."""
    reg = ParsedRegister.parse(text, path)
    index, node = reg.point(point_id)
    loc = ("points", index)
    _check_word(reg, loc, "party", party, [p.id for p in reg.register.parties])
    _check_word(reg, loc, "stance", stance, STANCES)
    value: dict[str, Any] = {"stance": stance, "text": position_text}
    if since:
        value["since"] = since
    if bool(article) != bool(quote):
        raise reg.problem(loc, "a position's source needs both the article and the quote",
                          "give --source ARTICLE and --quote TEXT together, or neither")
    if sources := _sources(article, quote):
        value["sources"] = sources
    positions = child(node, "positions")
    if positions is None:
        return reg.edit(add_key(reg.layout, node, "positions", {party: Flow(value)}, POINT_KEYS, reg.offset))
    mapping = positions[1]
    if not isinstance(mapping, MappingNode):
        raise reg.problem(loc + ("positions",), "positions is not a mapping", "write party: {stance: ..., text: ...}")
    if existing := child(mapping, party):
        return reg.edit(replace_value(reg.layout, existing[1], value, reg.offset))
    flow = all(getattr(v, "flow_style", False) for _, v in mapping.value)
    return reg.edit(add_key(reg.layout, mapping, party, Flow(value) if flow else value, [], reg.offset))


@_located
def new_point(text: str, path: str, point_id: str, title: str, status: str | None = None,
              keywords: list[str] | None = None) -> Edit:
    """A point skeleton at the end of the points: id, title, status, and keywords to find it by."""
    reg = ParsedRegister.parse(text, path)
    if not SLUG.match(point_id):
        raise reg.problem(("points",), f"point id '{point_id}' is not a lowercase slug",
                          "use letters a-z, digits and single hyphens", key=True)
    if point_id in [p.id for p in reg.register.points]:
        raise reg.problem(("points",), f"point '{point_id}' already exists", "choose another id", key=True)
    status = status or next(iter(reg.register.statuses))
    _check_word(reg, ("points",), "status", status, reg.register.statuses)
    point = {"id": point_id, "title": title, "status": status, "keywords": keywords or point_id.split("-")}
    points = child(reg.root, "points")
    if points is None:
        return reg.edit(add_key(reg.layout, reg.root, "points", [point], [], reg.offset))
    seq = points[1]
    spaced = isinstance(seq, SequenceNode) and len(seq.value) >= 2 and _blank_before(reg.layout, seq.value[1])
    return reg.edit(append_item(reg.layout, seq, point, reg.offset, spaced))


def _blank_before(layout: Layout, node: Node) -> bool:
    start = layout.line_start(node.start_mark.index)
    return start >= 2 and layout.text[layout.line_start(start - 1):start - 1].strip() == ""


def _check_not_dismissed(reg: ParsedRegister, index: int, article: str, paragraph: int | None) -> None:
    """A dismissal already there (or one of the whole article, which covers the paragraph) is refused."""
    for j, done in enumerate(reg.register.points[index].dismissed):
        if done.article != article or done.paragraph not in (None, paragraph):
            continue
        what = f"paragraph {paragraph} of article '{article}'" if paragraph is not None else f"article '{article}'"
        whole = " (the whole article is)" if done.paragraph is None and paragraph is not None else ""
        raise reg.problem(("points", index, "dismissed", j), f"{what} is already dismissed{whole}",
                          "nothing to add; to change the reason, edit this entry")


@_located
def dismiss(text: str, path: str, point_ids: str | Sequence[str], article: str,
            paragraphs: int | Sequence[int] | None, reason: str) -> Edit:
    """Dismissals from the review queue, one edit: for each point (one id or several), each paragraph
    (one number, several, or None for the whole article), added at the end of the point's `dismissed:`.

    Repeated ids and numbers count once; one dismissal that is already there refuses them all.
    """
    reg = ParsedRegister.parse(text, path)
    points = list(dict.fromkeys([point_ids] if isinstance(point_ids, str) else point_ids))
    numbers: list[int | None] = ([paragraphs] if isinstance(paragraphs, int) or paragraphs is None
                                 else list(dict.fromkeys(paragraphs)) or [None])
    splices = []
    for point_id in points:
        index, node = reg.point(point_id)
        for number in numbers:
            _check_not_dismissed(reg, index, article, number)
        items = [{"article": article} | ({"paragraph": n} if n is not None else {}) | {"reason": reason}
                 for n in numbers]
        dismissed = child(node, "dismissed")
        splices.append(append_items(reg.layout, dismissed[1], items, reg.offset) if dismissed
                       else add_key(reg.layout, node, "dismissed", Flow(items), POINT_KEYS, reg.offset))
    return reg.edit(*splices)


@_located
def reviewed(text: str, path: str, article_ids: list[str], day: date, note: str | None = None) -> Edit:
    """Articles recorded as read: `reviewed:` (and `review_note:`) under each one's `articles:` entry, added or set."""
    reg = ParsedRegister.parse(text, path)
    value: dict[str, Any] = {"reviewed": day} | ({"review_note": note} if note else {})
    ids = list(dict.fromkeys(article_ids))
    found = child(reg.root, "articles")
    if found is None:
        return reg.edit(add_key(reg.layout, reg.root, "articles", {a: value for a in ids},
                                list(Register.model_fields), reg.offset))
    if not isinstance(found[1], MappingNode):
        raise reg.problem(("articles",), "articles is not a mapping", "write articles: {ID: {title: ...}} or remove it")
    return reg.edit(*[splice for article_id in ids for splice in _reviewed_entry(reg, found[1], article_id, value)])


def _reviewed_entry(reg: ParsedRegister, articles: MappingNode, article_id: str, value: dict[str, Any]) -> list[Splice]:
    entry = child(articles, article_id)
    if entry is None:
        return [add_key(reg.layout, articles, article_id, Flow(value), [], reg.offset)]
    if not isinstance(entry[1], MappingNode) or entry[1].flow_style:
        old = reg.register.articles[article_id].model_dump(exclude_none=True) if entry[1].value else {}
        return [replace_value(reg.layout, entry[1], old | value, reg.offset)]
    splices = []
    for key, item in value.items():
        old_value = child(entry[1], key)
        splices.append(replace_value(reg.layout, old_value[1], item, reg.offset) if old_value
                       else add_key(reg.layout, entry[1], key, item, [], reg.offset))
    return splices
