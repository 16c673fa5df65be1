"""Safe YAML loading that remembers where every key and value came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from generator.errors import InputError, Problem
from generator.textfile import CONTROL_CHARS, line_col
from generator.vocabulary import MAX_YAML_DEPTH

Path_ = tuple[Any, ...]

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null",
}
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


@dataclass
class YamlDoc:
    """Plain data plus (line, column) of every value and every mapping key, 1-based."""

    data: Any
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: Path_, key: bool = False) -> tuple[int, int]:
        """Position of the value (or key) at path, else of its nearest ancestor."""
        path = tuple(path)
        if key and path in self.keys:
            return self.keys[path]
        while path:
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (1, 1))


class _Walker:
    def __init__(self, loader: yaml.SafeLoader, path: str, line_offset: int, what: str):
        self.loader, self.path, self.offset, self.what = loader, path, line_offset, what
        self.doc = YamlDoc(None)
        self.seen: set[int] = set()

    def pos(self, mark: yaml.Mark) -> tuple[int, int]:
        return mark.line + 1 + self.offset, mark.column + 1

    def fail(self, node: yaml.Node, message: str, hint: str) -> InputError:
        line, col = self.pos(node.start_mark)
        return InputError([Problem(self.path, line, col, self.what, message, hint)])

    def walk(self, node: yaml.Node, path: Path_) -> Any:
        if id(node) in self.seen:
            raise self.fail(node, "this value (an &anchor) is reused through a YAML alias (*name); aliases are not supported", "write the value out in full wherever it is needed")
        self.seen.add(id(node))
        self.doc.values[path] = self.pos(node.start_mark)
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                raise self.fail(node, f"unsupported YAML tag '{node.tag}'", "remove the '!' tag; only plain text, lists and mappings are allowed")
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self.fail(key_node, "a mapping key must be plain text", "write 'name: value'")
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise self.fail(key_node, "YAML merge keys (<<) are not supported", "write the keys out in full")
                key = self.scalar(key_node)
                if key in result:
                    first = self.doc.keys[path + (key,)]
                    raise self.fail(key_node, f"duplicate key '{key}' (first at line {first[0]})", "keep one of the two; YAML would silently drop the first")
                self.doc.keys[path + (key,)] = self.pos(key_node.start_mark)
                result[key] = self.walk(value_node, path + (key,))
            return result
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                raise self.fail(node, f"unsupported YAML tag '{node.tag}'", "remove the '!' tag; only plain text, lists and mappings are allowed")
            return [self.walk(item, path + (index,)) for index, item in enumerate(node.value)]
        return self.scalar(node)

    def scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag == _TIMESTAMP:
            return node.value  # validated as a date later, with a proper message
        if node.tag not in _SCALAR_TAGS:
            raise self.fail(node, f"unsupported YAML tag '{node.tag}'", "remove the '!' tag; only plain values are allowed")
        value = self.loader.construct_object(node, deep=True)
        if isinstance(value, str) and (bad := CONTROL_CHARS.search(value)):
            raise self.fail(node, f"the text contains a control character U+{ord(bad.group()):04X}, which cannot be shown",
                            "remove the escape (such as \\x0b or \\u0007) from the quoted text")
        return value


def _check_depth(text: str, path: str, line_offset: int, what: str) -> None:
    """Refuse deeply nested lists and mappings before composing them (the composer recurses)."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                mark = event.start_mark
                raise InputError([Problem(path, mark.line + 1 + line_offset, mark.column + 1, what,
                                          f"lists and mappings are nested more than {MAX_YAML_DEPTH} deep",
                                          "flatten the structure; the format never nests this deep")])
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def load_yaml(text: str, path: str, line_offset: int = 0, what: str = "yaml") -> YamlDoc:
    """Parse one YAML document with safe constructors only; InputError on any problem."""
    loader = None
    try:
        _check_depth(text, path, line_offset, what)
        loader = yaml.SafeLoader(text)
        node = loader.get_single_node()
        if node is None:
            return YamlDoc(None, {(): (1 + line_offset, 1)})
        walker = _Walker(loader, path, line_offset, what)
        walker.doc.data = walker.walk(node, ())
        return walker.doc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1 + line_offset, mark.column + 1) if mark else (1 + line_offset, 1)
        message = " ".join(filter(None, [exc.context, exc.problem])).strip() or "invalid YAML"
        hint = _yaml_hint(message)
        start = exc.context_mark
        if start is not None and mark is not None and start.line != mark.line and (exc.context or "").startswith("while "):
            began = f"line {start.line + 1 + line_offset}, column {start.column + 1}"
            if "block" in exc.context and "expected <block end>" in message:
                hint = (f"line {line} is indented differently from the lines before it: the keys of one mapping, "
                        f"and the '-' of one list, start in the same column (the enclosing block began at {began})")
            else:
                what_started = exc.context.removeprefix("while ").removeprefix("parsing ").removeprefix("scanning ").removeprefix("a ")
                hint += f"; the {what_started} began at {began}"
        raise InputError([Problem(path, line, col, what, f"YAML syntax error: {message}", hint)]) from None
    except yaml.reader.ReaderError as exc:
        line, col = line_col(text, exc.position)
        line += line_offset
        raise InputError([Problem(path, line, col, what, f"character U+{exc.character:04X} is not allowed in YAML",
                                  "delete it")]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(path, 1 + line_offset, 1, what, f"YAML error: {exc}", "check the file's syntax")]) from None
    finally:
        if loader is not None:
            loader.dispose()


def _yaml_hint(message: str) -> str:
    if "expected a single document" in message:
        return "a line '---' starts a second YAML document; the file must hold one, so remove it"
    if "tab" in message or "'\\t'" in message:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in message:
        return "a ':' inside a value needs quotes around the whole value"
    if ("expected <block end>" in message or "did not find expected" in message
            or "expected ',' or ']'" in message or "expected ',' or '}'" in message):
        return "check the indentation and that every '[', '{' and quote is closed"
    if "found character" in message and "cannot start any token" in message:
        return "put the value in quotes"
    return "check the indentation, colons and quotes around this place"
