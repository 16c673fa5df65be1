"""New YAML text for the register, written the way the register's reader reads it back.

The register is read by PyYAML (YAML 1.1), so new text is written by PyYAML too: the two
share one resolver, and a string that would read back as something else (yes, No, on, ~,
null, 1:20, 2025-12-01, =, <<, a leading or trailing space) is quoted. Text with a line
break is written double-quoted on one line, with escapes; no line is ever folded. Block
text (a list item, a key with its value) uses the register's own indentation: two spaces
for a mapping, `offset` spaces before the '-' of a list under a key.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from typing import Any

import yaml

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_LINE_BREAKS = re.compile("[\n\r\x85\u2028\u2029]")  # what YAML 1.1 counts as a line break


@dataclass(frozen=True)
class Flow:
    """A mapping or list to be written in flow style ({...} or [...]) inside block text."""

    value: Any


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar(_STR, value, style='"' if _LINE_BREAKS.search(value) else None)


def _flow(dumper: yaml.SafeDumper, value: Flow) -> yaml.Node:
    if isinstance(value.value, dict):
        return dumper.represent_mapping(_MAP, value.value, flow_style=True)
    return dumper.represent_sequence(_SEQ, value.value, flow_style=True)


class _InlineWriter(yaml.SafeDumper):
    """PyYAML's safe writer; text with line breaks double-quoted."""


_InlineWriter.add_representer(str, _text)
_InlineWriter.add_representer(Flow, _flow)


class _BlockWriter(_InlineWriter):
    """Mappings and lists of mappings in block style, lists of plain values in flow style ([a, b])."""

    def __init__(self, stream: Any, offset: int = 2, **options: Any):
        super().__init__(stream, **options)
        self.offset = offset

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        if indentless and not flow:  # a block list under a key: its '-' goes `offset` columns in
            self.indents.append(self.indent)
            self.indent = (self.indent or 0) + self.offset
            return
        super().increase_indent(flow, indentless)


def _block_mapping(dumper: yaml.SafeDumper, value: dict) -> yaml.Node:
    return dumper.represent_mapping(_MAP, value, flow_style=False)


def _block_list(dumper: yaml.SafeDumper, value: list) -> yaml.Node:
    plain = all(not isinstance(item, (dict, list, Flow)) for item in value)
    return dumper.represent_sequence(_SEQ, value, flow_style=plain)


_BlockWriter.add_representer(dict, _block_mapping)
_BlockWriter.add_representer(list, _block_list)


def _dump(value: Any, writer: Any, flow: bool) -> str:
    text = yaml.dump(value, Dumper=writer, default_flow_style=flow, sort_keys=False, allow_unicode=True,
                     width=math.inf)
    return text.removesuffix("\n...\n").removesuffix("\n")  # a plain value alone ends its document


def inline(value: Any) -> str:
    """A value on one line: a scalar, or a flow list or mapping."""
    return _dump(value.value if isinstance(value, Flow) else value, _InlineWriter, flow=True)


def inline_pair(key: str, value: Any) -> str:
    """'key: value' on one line, as it stands in a flow mapping."""
    return inline({key: value})[1:-1]


def block(value: dict | list, column: int, offset: int) -> str:
    """A block mapping or list whose lines start at column, each line newline-terminated."""
    text = _dump(value, functools.partial(_BlockWriter, offset=offset), flow=False)
    return "".join(" " * column + line + "\n" for line in text.split("\n"))
