"""Edits of the register from the command line, as text in and text out.

A round-trip YAML library (ruamel.yaml) composes the register into nodes that know where
they start and end; each edit is a splice of new text at those places, and the new text is
written by the same library, so it is quoted correctly. Every line the edit does not touch
keeps its bytes: comments, key order, quoting, flow style and line breaks inside lists.

The register must be valid before an edit; the names an edit uses (point, status, party,
stance, sourcing) are checked here with did-you-mean hints. The caller validates the
result like a build does, and Edit.locate() maps its problems back to the file as it is.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from ruamel.yaml import YAML, YAMLError
from ruamel.yaml.comments import CommentedSeq
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import InputError, Problem
from generator.register import Point, Register, parse_register
from generator.textfile import line_col
from generator.validation import hint_for, where_text
from generator.vocabulary import SLUG, SOURCING, STANCES
from generator.yamlsource import YamlDoc

POINT_KEYS = list(Point.model_fields)  # the order new keys of a point are written in


@dataclass(frozen=True)
class Splice:
    start: int  # offsets into the original text
    end: int
    text: str


@dataclass(frozen=True)
class Edit:
    """The register text and the splices that change it."""

    original: str
    splices: tuple[Splice, ...]
    path: str

    @property
    def text(self) -> str:
        out, at = [], 0
        for s in sorted(self.splices, key=lambda s: s.start):
            out += [self.original[at:s.start], s.text]
            at = s.end
        return "".join(out + [self.original[at:]])

    def locate(self, problem: Problem) -> Problem:
        """A problem found in the edited text, placed in the original (new text: where it would go)."""
        if problem.path != self.path or problem.line < 1:
            return problem
        new = self.text
        starts = [0] + [i + 1 for i, c in enumerate(new) if c == "\n"]
        offset = starts[min(problem.line, len(starts)) - 1] + max(problem.column - 1, 0)
        shift = 0
        for s in sorted(self.splices, key=lambda s: s.start):
            new_start = s.start + shift
            if offset < new_start:
                break
            if offset < new_start + len(s.text):
                line, column = line_col(self.original, s.start)
                body = s.text.lstrip("\n")
                column += len(body) - len(body.lstrip(" ")) if column == 1 else 0  # where the new lines' text starts
                where = f"{problem.where} (in the new text)" if problem.where else "the new text"
                return Problem(problem.path, line, column, where, problem.message, problem.hint)
            shift += len(s.text) - (s.end - s.start)
        line, column = line_col(self.original, max(0, min(offset - shift, len(self.original))))
        return Problem(problem.path, line, column, problem.where, problem.message, problem.hint)


# ---- rendering new text with the round-trip library -------------------------------------


def _styled(value: Any) -> Any:
    """Lists of plain values in flow style ([a, b]), as the register writes keywords."""
    if isinstance(value, dict):
        return {k: _styled(v) for k, v in value.items()}
    if isinstance(value, list):
        if all(not isinstance(v, (dict, list)) for v in value):
            seq = CommentedSeq(value)
            seq.fa.set_flow_style()
            return seq
        return [_styled(v) for v in value]
    return value


def _dump(value: Any, flow: bool, offset: int = 2) -> str:
    yaml = YAML()
    yaml.width = 1 << 20  # never fold a long line: a folded flow list would be a layout change
    yaml.default_flow_style = flow
    yaml.indent(mapping=2, sequence=offset + 2, offset=offset)
    stream = io.StringIO()
    yaml.dump(value if flow else _styled(value), stream)
    text = stream.getvalue()
    return text.removesuffix("...\n").rstrip("\n")


def _inline(value: Any) -> str:
    """A value on one line: a scalar, or a flow list or mapping."""
    return _dump(value, flow=True)


def _block(value: Any, column: int, offset: int) -> str:
    """A block list or mapping whose lines start at column, newline-terminated."""
    lines = _dump(value, flow=False, offset=offset).split("\n")
    common = min(len(l) - len(l.lstrip(" ")) for l in lines if l.strip())
    return "".join(" " * column + l[common:] + "\n" for l in lines)


# ---- finding places in the composed register ---------------------------------------------


def _child(node: Node, key: str) -> tuple[ScalarNode, Node] | None:
    if isinstance(node, MappingNode):
        for k, v in node.value:
            if isinstance(k, ScalarNode) and k.value == key:
                return k, v
    return None


def _last_end(node: Node) -> int:
    """Where the node's text ends (a block collection ends with its last child)."""
    if isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        return _last_end(last[1] if isinstance(node, MappingNode) else last)
    return node.end_mark.index


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _above_comments(text: str, at: int) -> int:
    """The start of the comment lines right above the line at `at` (they belong to it)."""
    while at > 0:
        previous = _line_start(text, at - 1)
        if not text[previous:at].lstrip().startswith("#"):
            return at
        at = previous
    return at


def _end_of(text: str, node: Node) -> int:
    """The start of the line after the node, before any blank lines that follow it."""
    end = _last_end(node)
    if end < len(text) and not (end > 0 and text[end - 1] == "\n"):  # a block scalar ends at a line start
        newline = text.find("\n", end)
        end = len(text) if newline < 0 else newline + 1
    while end > node.start_mark.index:  # a block scalar takes in the blank lines after it
        previous = _line_start(text, end - 1)
        if text[previous:end].strip():
            break
        end = previous
    return end


# ---- splices -----------------------------------------------------------------------------


def _newline_before(text: str, at: int) -> str:
    return "\n" if at == len(text) and text and not text.endswith("\n") else ""


def _seq_offset(seq: SequenceNode, parent_column: int) -> int:
    return max(0, seq.start_mark.column - parent_column)


def prepend_item(text: str, seq: Node, item: Any, parent_column: int) -> Splice:
    """A new first item of a list."""
    if not isinstance(seq, SequenceNode):
        raise TypeError("not a list")
    if seq.flow_style:
        if not seq.value:
            return Splice(seq.start_mark.index, seq.end_mark.index, "[" + _inline(item) + "]")
        return Splice(seq.value[0].start_mark.index, seq.value[0].start_mark.index, _inline(item) + ", ")
    at = _line_start(text, seq.start_mark.index)
    return Splice(at, at, _block([item], seq.start_mark.column, _seq_offset(seq, parent_column)))


def append_item(text: str, seq: Node, item: Any, parent_column: int, spaced: bool = False) -> Splice:
    """A new last item of a list; spaced: a blank line before it, as between the items there."""
    if not isinstance(seq, SequenceNode):
        raise TypeError("not a list")
    if seq.flow_style:
        if not seq.value:
            return Splice(seq.start_mark.index, seq.end_mark.index, "[" + _inline(item) + "]")
        end = _last_end(seq.value[-1])
        return Splice(end, end, ", " + _inline(item))
    at = _end_of(text, seq)
    block = _block([item], seq.start_mark.column, _seq_offset(seq, parent_column))
    return Splice(at, at, _newline_before(text, at) + ("\n" if spaced else "") + block)


def add_key(text: str, mapping: MappingNode, key: str, rendered: str, order: list[str]) -> Splice:
    """A new key of a block mapping, before the first key that follows it in order (else last).

    rendered: the value as it follows 'key:' (' value' on the line, or '\\n' and indented lines).
    """
    column = mapping.value[0][0].start_mark.column
    later = order[order.index(key) + 1:] if key in order else []
    for k, _ in mapping.value:
        if k.value in later:
            at = _above_comments(text, _line_start(text, k.start_mark.index))
            return Splice(at, at, " " * column + f"{key}:{rendered}\n")
    at = _end_of(text, mapping)
    return Splice(at, at, _newline_before(text, at) + " " * column + f"{key}:{rendered}\n")


def replace_value(text: str, node: Node, value: Any, offset: int = 2) -> Splice:
    """A value in place of another, in the old one's style (flow stays flow)."""
    if isinstance(node, ScalarNode) or getattr(node, "flow_style", False):
        return Splice(node.start_mark.index, node.end_mark.index, _inline(value))
    at = _line_start(text, node.start_mark.index)
    return Splice(at, _end_of(text, node), _block(value, node.start_mark.column, offset))


# ---- the edits ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedRegister:
    """The register as parsed (for names and places) and as composed (for the splices)."""

    text: str
    path: str
    register: Register
    doc: YamlDoc
    root: MappingNode

    @classmethod
    def parse(cls, text: str, path: str) -> ParsedRegister:
        register, doc = parse_register(text, path)
        try:
            root = YAML().compose(text)
        except YAMLError as exc:  # the loaders differ at the edges of YAML; never a traceback
            raise InputError([Problem(path, 1, 1, "register", f"the round-trip YAML reader refuses the file: {exc}",
                                      "edit this change by hand")]) from None
        return cls(text, path, register, doc, root)

    def problem(self, loc: tuple, message: str, hint: str, key: bool = False) -> InputError:
        line, column = self.doc.where(loc, key=key)
        return InputError([Problem(self.path, line, column, where_text(loc, self.doc.data), message, hint)])

    def point(self, point_id: str) -> tuple[int, MappingNode]:
        ids = [p.id for p in self.register.points]
        if point_id not in ids:
            raise self.problem(("points",), f"unknown point '{point_id}'", hint_for(point_id, ids), key=True)
        index = ids.index(point_id)
        points = _child(self.root, "points")
        assert points is not None
        return index, points[1].value[index]

    def edit(self, *splices: Splice) -> Edit:
        return Edit(self.text, splices, self.path)


def _check_word(reg: ParsedRegister, loc: tuple, what: str, value: str, allowed: Any) -> None:
    if value not in allowed:
        raise reg.problem(loc, f"unknown {what} '{value}'", hint_for(value, list(allowed)))


def _sources(article: str | None, quote: str | None) -> list[dict[str, str]]:
    return [{"article": article, "quote": quote}] if article or quote else []


def set_status(text: str, path: str, point_id: str, status: str, day: date, note: str,
               article: str, quote: str, sourcing: str | None = None) -> Edit:
    """A new history entry at the top of the point's history; its `status:` (if it has one) set too."""
    reg = ParsedRegister.parse(text, path)
    index, node = reg.point(point_id)
    loc = ("points", index)
    _check_word(reg, loc, "status", status, reg.register.statuses)
    if sourcing is not None:
        _check_word(reg, loc, "sourcing", sourcing, SOURCING)
    latest = reg.register.points[index].latest
    if latest and (day < latest.date or (day == latest.date and status != latest.status)):
        raise reg.problem(loc + ("history", reg.register.points[index].history.index(latest), "date"),
                          f"an entry dated {day.isoformat()} would not be the latest: "
                          f"{latest.date.isoformat()} ({latest.status}) stays the point's status",
                          "give the date of the change; an older event goes into the history by hand")
    entry: dict[str, Any] = {"date": day, "status": status}
    if sourcing:
        entry["sourcing"] = sourcing
    entry |= {"note": note, "sources": _sources(article, quote)}
    splices = []
    column = node.value[0][0].start_mark.column
    history = _child(node, "history")
    if history and isinstance(history[1], SequenceNode):
        splices.append(prepend_item(text, history[1], entry, column))
    else:
        splices.append(add_key(text, node, "history", "\n" + _block([entry], column + 2, 2), POINT_KEYS))
    if found := _child(node, "status"):
        splices.append(replace_value(text, found[1], status))
    return reg.edit(*splices)


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
    column = node.value[0][0].start_mark.column
    positions = _child(node, "positions")
    if positions is None:
        return reg.edit(add_key(text, node, "positions", f"\n{' ' * (column + 2)}{party}: {_inline(value)}", POINT_KEYS))
    mapping = positions[1]
    if not isinstance(mapping, MappingNode):
        raise reg.problem(loc + ("positions",), "positions is not a mapping", "write party: {stance: ..., text: ...}")
    if existing := _child(mapping, party):
        return reg.edit(replace_value(text, existing[1], value))
    if mapping.flow_style:
        if not mapping.value:
            return reg.edit(Splice(mapping.start_mark.index, mapping.end_mark.index, _inline({party: value})))
        end = _last_end(mapping.value[-1][1])
        return reg.edit(Splice(end, end, f", {party}: {_inline(value)}"))
    flow = all(getattr(v, "flow_style", False) for _, v in mapping.value)
    rendered = f" {_inline(value)}" if flow else "\n" + _block(value, mapping.value[0][0].start_mark.column + 2, 2)
    return reg.edit(add_key(text, mapping, party, rendered, []))


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
    points = _child(reg.root, "points")
    if points is None or not isinstance(points[1], SequenceNode):
        at = len(text)
        block = _block([point], 2, 2)
        return reg.edit(Splice(at, at, _newline_before(text, at) + "\npoints:\n" + block))
    seq = points[1]
    spaced = len(seq.value) >= 2 and _blank_before(text, seq.value[1])
    return reg.edit(append_item(text, seq, point, points[0].start_mark.column, spaced))


def _blank_before(text: str, node: Node) -> bool:
    start = _line_start(text, node.start_mark.index)
    return start >= 2 and text[_line_start(text, start - 1):start - 1].strip() == ""


def dismiss(text: str, path: str, point_id: str, article: str, paragraph: int | None, reason: str) -> Edit:
    """A dismissal from the review queue, added at the end of the point's `dismissed:`."""
    reg = ParsedRegister.parse(text, path)
    _, node = reg.point(point_id)
    item: dict[str, Any] = {"article": article}
    if paragraph is not None:
        item["paragraph"] = paragraph
    item["reason"] = reason
    column = node.value[0][0].start_mark.column
    dismissed = _child(node, "dismissed")
    if dismissed and isinstance(dismissed[1], SequenceNode):
        return reg.edit(append_item(text, dismissed[1], item, column))
    return reg.edit(add_key(text, node, "dismissed", f" [{_inline(item)}]", POINT_KEYS))


def reviewed(text: str, path: str, article_ids: list[str], day: date, note: str | None = None) -> Edit:
    """Articles recorded as read: `reviewed:` (and `review_note:`) under each one's `articles:` entry, added or set."""
    reg = ParsedRegister.parse(text, path)
    value: dict[str, Any] = {"reviewed": day} | ({"review_note": note} if note else {})
    found = _child(reg.root, "articles")
    if found is None:
        block = _block({a: value for a in dict.fromkeys(article_ids)}, 2, 2)
        return reg.edit(add_key(text, reg.root, "articles", "\n" + block, list(Register.model_fields)))
    if not isinstance(found[1], MappingNode):
        raise reg.problem(("articles",), "articles is not a mapping", "write articles: {ID: {title: ...}} or remove it")
    splices = []
    for article_id in dict.fromkeys(article_ids):
        entry = _child(found[1], article_id)
        if entry is None:
            splices.append(add_key(text, found[1], article_id, f" {_inline(value)}", []))
        elif not isinstance(entry[1], MappingNode) or entry[1].flow_style:
            old = reg.register.articles[article_id].model_dump(exclude_none=True) if entry[1].value else {}
            splices.append(replace_value(text, entry[1], old | value))
        else:
            for key, item in value.items():
                old_value = _child(entry[1], key)
                splices.append(replace_value(text, old_value[1], item) if old_value
                               else add_key(text, entry[1], key, f" {_inline(item)}", []))
    return reg.edit(*splices)
