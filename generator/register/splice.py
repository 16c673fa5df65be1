"""Where new text may go in the register, and the edit that puts it there.

The register is composed into PyYAML nodes (the reader that loads it), which know where
each value starts and ends. An edit is a list of splices of new text at such places; every
line it does not touch keeps its bytes: comments, key order, quoting, flow style, blank
lines and line ends.

New lines go between values, never into one: not into a block scalar (`|`, `>`, whose
lines may start with '#' and still be text, and whose kept blank lines are text too), not
into a quoted value that spans lines, not into a flow collection. Comment lines directly
above a key, no deeper than it, belong to that key; comment lines indented deeper than the
key that follows a value belong to the value: new text goes above the first and below the
second.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterator

from yaml import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import Problem
from generator.register.yamlwriter import Flow, block, inline, inline_pair
from generator.textfile import line_col

_LINE_END = re.compile(r"\r\n|\r|\n")  # the line ends a file may have, as the reader turns them into LF


@dataclass(frozen=True)
class Splice:
    start: int  # offsets into the original text
    end: int
    text: str


@dataclass(frozen=True)
class Edit:
    """The register text (LF line ends) and the splices that change it."""

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

    def with_line_ends(self, raw: str) -> str:
        """The edited text in the file's own line ends: raw is the original with them (CRLF, CR, LF, mixed).

        Each original line keeps its end; new lines take the end of the lines around them
        (the line above and the line below), or the file's most common one where those two differ.
        """
        if _LINE_END.sub("\n", raw) != self.original:
            raise ValueError("raw is not the original text with other line ends")
        ends = _LINE_END.findall(raw)

        def kept(start: int, end: int) -> str:
            parts = self.original[start:end].split("\n")
            first = self.original.count("\n", 0, start)
            return "".join(part + ends[first + i] for i, part in enumerate(parts[:-1])) + parts[-1]

        out, at = [], 0
        for s in sorted(self.splices, key=lambda s: s.start):
            out.append(kept(at, s.start))
            previous = next((piece[-1] for piece in reversed(out) if piece), "")
            out.append(_new_lines(s, self.original, ends, previous, kept(s.end, s.end + 1)))
            at = s.end
        return "".join(out + [kept(at, len(self.original))])

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


def _new_lines(splice: Splice, original: str, ends: list[str], before: str, after: str) -> str:
    """The splice's text with the line end of the lines around it (or the commonest), for a file with `ends`.

    A CR end before an LF end would read as one CRLF end, two lines becoming one: where the
    chosen end would do that, the next choice is taken (the commonest, then either of the
    two around, then CRLF, which never does).
    """
    line = original.count("\n", 0, splice.start)
    around = []
    if line > 0 and original[splice.start - 1] == "\n":
        around.append(ends[line - 1])  # the line above the new lines
    below = line + original.count("\n", splice.start, splice.end)
    if below < len(ends):
        around.append(ends[below])  # the line the splice ends in
    commonest = Counter(ends).most_common(1)[0][0] if ends else "\n"
    for end in (around[0] if len(set(around)) == 1 else commonest, commonest, *around, "\r\n"):
        text = splice.text.replace("\n", end)
        if not (before == "\r" and text.startswith("\n")) and not (text.endswith("\r") and after.startswith("\n")):
            break
    return text


# ---- the text and the places in it -------------------------------------------------------


def child(node: Node, key: str) -> tuple[ScalarNode, Node] | None:
    """The key and value nodes of `key` in a mapping node, or None."""
    if isinstance(node, MappingNode):
        for k, v in node.value:
            if isinstance(k, ScalarNode) and k.value == key:
                return k, v
    return None


def _is_block(node: Node) -> bool:
    return isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style and bool(node.value)


def _last_leaf(node: Node) -> Node:
    """The node whose text ends a block collection (its last value), else the node itself."""
    while _is_block(node):
        last = node.value[-1]
        node = last[1] if isinstance(node, MappingNode) else last
    return node


def _multiline_values(text: str, node: Node) -> Iterator[Node]:
    """Every value that spans lines: block scalars, quoted or plain text going on, flow collections."""
    if _is_block(node):
        for item in node.value:
            for part in item if isinstance(node, MappingNode) else (item,):
                yield from _multiline_values(text, part)
    elif "\n" in text[node.start_mark.index:node.end_mark.index]:
        yield node


class NoRoom(Exception):
    """The text cannot take the new text where it must go without changing a value there."""

    def __init__(self, index: int, message: str, hint: str):
        super().__init__(message)
        self.index, self.message, self.hint = index, message, hint


@dataclass(frozen=True)
class Layout:
    """The register text and the values in it that span lines (no new line may go into them)."""

    text: str
    values: tuple[tuple[int, int], ...]
    kept_ends: frozenset[int]  # where block scalars end whose blank lines at the end are text (|+, >+)
    open_end: int | None  # the start of a block scalar that ends the file without a line end

    @classmethod
    def of(cls, text: str, root: Node) -> Layout:
        nodes = list(_multiline_values(text, root))
        blocks = [n for n in nodes if isinstance(n, ScalarNode) and n.style in ("|", ">")]
        open_end = next((n.start_mark.index for n in blocks if n.end_mark.index == len(text)
                         and not text.endswith("\n")), None)
        return cls(text, tuple((n.start_mark.index, n.end_mark.index) for n in nodes),
                   frozenset(n.end_mark.index for n in blocks if _keeps_blank_lines(text, n)), open_end)

    def inside_value(self, at: int) -> bool:
        return any(start < at < end for start, end in self.values)

    def line_start(self, index: int) -> int:
        return self.text.rfind("\n", 0, index) + 1

    def next_line(self, index: int) -> int:
        newline = self.text.find("\n", index)
        return len(self.text) if newline < 0 else newline + 1

    def column(self, index: int) -> int:
        return index - self.line_start(index)

    def _indent(self, at: int) -> int:
        line = self.text[at:self.next_line(at)]
        return len(line) - len(line.lstrip(" "))

    def _comment_at(self, at: int) -> bool:
        return self.text[at:self.next_line(at)].lstrip(" ").startswith("#") and not self.inside_value(at)

    def above_comments(self, at: int) -> int:
        """The start of the comment lines right above the line at `at` that belong to it: those indented
        no deeper than it (a deeper one belongs to the value above)."""
        column = self._indent(at)
        while at > 0 and self._comment_at(above := self.line_start(at - 1)) and self._indent(above) <= column:
            at = above
        return at

    def end_of(self, node: Node, column: int | None = None) -> int:
        """The start of the line after a block node, before the blank lines that follow it.

        Blank lines a block scalar keeps (`|+`) are its text and stay above; with column, the
        comment lines indented deeper than column that follow the node stay above too.
        """
        leaf = _last_leaf(node)
        end = leaf.end_mark.index
        if isinstance(leaf, ScalarNode) and leaf.style in ("|", ">"):  # a block scalar ends at a line start
            if end not in self.kept_ends:
                while end > leaf.start_mark.index and not self.text[self.line_start(end - 1):end].strip():
                    end = self.line_start(end - 1)
        elif end < len(self.text):
            end = self.next_line(end)
        while column is not None and end < len(self.text) and self._comment_at(end) and self._indent(end) > column:
            end = self.next_line(end)
        return end

    def lines_before(self, at: int, blank: bool = False) -> str:
        """What new lines at `at` start with: a line end where the file ends without one, and a blank
        line if asked, unless a block scalar ends there whose blank lines at the end are its text."""
        if at == len(self.text) and self.text and not self.text.endswith("\n"):
            if self.open_end is not None:
                raise NoRoom(self.open_end, "this block scalar ends the file without a line end, so a line "
                             "added after it would add a line end to its text", "end the file with a line end")
            return "\n" + ("\n" if blank else "")
        return "\n" if blank and at not in self.kept_ends else ""


def _keeps_blank_lines(text: str, scalar: ScalarNode) -> bool:
    header = re.match(r"[|>][0-9+-]*", text[scalar.start_mark.index:])
    return header is not None and "+" in header.group()


# ---- splices -----------------------------------------------------------------------------


def _item_text(layout: Layout, seq: SequenceNode, items: list[Any], offset: int) -> str:
    """New items of a block list, in flow style if every item there is ({...})."""
    flow = bool(seq.value) and all(getattr(v, "flow_style", False) for v in seq.value)
    return block([Flow(item) if flow else item for item in items], layout.column(seq.start_mark.index), offset)


def prepend_item(layout: Layout, seq: Node, item: Any, offset: int) -> Splice:
    """A new first item of a list (in a block list: below the comment lines above the first item)."""
    if not isinstance(seq, SequenceNode):
        raise TypeError("not a list")
    if seq.flow_style:
        if not seq.value:
            return Splice(seq.start_mark.index + 1, seq.start_mark.index + 1, inline(item))
        return Splice(seq.value[0].start_mark.index, seq.value[0].start_mark.index, inline(item) + ", ")
    at = layout.line_start(seq.start_mark.index)
    return Splice(at, at, _item_text(layout, seq, [item], offset))


def append_item(layout: Layout, seq: Node, item: Any, offset: int, spaced: bool = False) -> Splice:
    """A new last item of a list; spaced: a blank line before it, as between the items there."""
    return append_items(layout, seq, [item], offset, spaced)


def append_items(layout: Layout, seq: Node, items: list[Any], offset: int, spaced: bool = False) -> Splice:
    """New last items of a list, in order, in one splice; spaced: a blank line before the first."""
    if not isinstance(seq, SequenceNode):
        raise TypeError("not a list")
    if seq.flow_style:
        text = ", ".join(inline(item) for item in items)
        if not seq.value:
            return Splice(seq.start_mark.index + 1, seq.start_mark.index + 1, text)
        end = seq.value[-1].end_mark.index
        return Splice(end, end, ", " + text)
    at = layout.end_of(seq, layout.column(seq.start_mark.index))
    return Splice(at, at, layout.lines_before(at, spaced) + _item_text(layout, seq, items, offset))


def add_key(layout: Layout, mapping: MappingNode, key: str, value: Any, order: list[str], offset: int) -> Splice:
    """A new key of a mapping, before the first key that follows it in order (else last).

    A value wrapped in Flow is written {...} or [...] after the key even in a block mapping.
    """
    later = order[order.index(key) + 1:] if key in order else []
    follower = next((k for k, _ in mapping.value if k.value in later), None)
    if mapping.flow_style:
        if follower is not None:
            return Splice(follower.start_mark.index, follower.start_mark.index, inline_pair(key, value) + ", ")
        if not mapping.value:
            return Splice(mapping.start_mark.index + 1, mapping.start_mark.index + 1, inline_pair(key, value))
        end = mapping.value[-1][1].end_mark.index
        return Splice(end, end, ", " + inline_pair(key, value))
    column = layout.column(mapping.value[0][0].start_mark.index)
    lines = block({key: value}, column, offset)
    if follower is not None:
        start = layout.line_start(follower.start_mark.index)
        if not layout.text[start:follower.start_mark.index].strip(" "):  # not the first key, after a '- '
            at = layout.above_comments(start)
            return Splice(at, at, lines)
    at = layout.end_of(mapping, column)
    return Splice(at, at, layout.lines_before(at) + lines)


def replace_value(layout: Layout, node: Node, value: Any, offset: int) -> Splice:
    """A value in place of another, in the old one's style (flow stays flow, block stays block)."""
    if isinstance(node, ScalarNode) or node.flow_style:
        end = node.end_mark.index
        if isinstance(node, ScalarNode) and node.style in ("|", ">"):  # keep the line end after its text
            end = node.start_mark.index + len(layout.text[node.start_mark.index:end].rstrip())
        return Splice(node.start_mark.index, end, inline(value))
    at = layout.line_start(node.start_mark.index)
    return Splice(at, layout.end_of(node), block(value, layout.column(node.start_mark.index), offset))
