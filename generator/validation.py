"""Validation errors from the models, turned into located Problems with hints.

Shared by every YAML input that a pydantic model validates (the register, the front
matter of Markdown articles), so their messages read the same.
"""

from __future__ import annotations

import types
import typing
from typing import Annotated, Any, Callable

from pydantic import BaseModel
from rapidfuzz import process

from generator.errors import Problem
from generator.isodate import DATE_HINT
from generator.yamlsource import YamlDoc

Loc = tuple[Any, ...]


def did_you_mean(value: Any, choices: typing.Iterable[str]) -> str:
    """'did you mean 'x'?' for the closest choice, or '' when nothing is close."""
    choices = list(choices)
    if not isinstance(value, str) or not choices:
        return ""
    match = process.extractOne(value, choices, score_cutoff=60)
    return f"did you mean '{match[0]}'?" if match else ""


def hint_for(value: Any, choices: typing.Iterable[str], extra: str = "") -> str:
    """'did you mean ...? allowed: ...' for a value outside a vocabulary."""
    choices = list(choices)
    return " ".join(filter(None, [did_you_mean(value, choices), extra or "allowed: " + ", ".join(choices)]))


def _unwrap(annotation: Any) -> Any:
    """Strip Optional[...] and Annotated[...] down to the type that validates."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        else:
            return annotation


def model_at(loc: Loc, root: type[BaseModel]) -> type[BaseModel] | None:
    """The model class that validates the mapping found at loc."""
    current: Any = root
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(part) if isinstance(part, str) else None
            if field is None:
                return None
            current = field.annotation
        elif typing.get_origin(current) in (list, dict):
            current = typing.get_args(current)[-1]
        else:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def where_text(loc: Loc, data: Any, root_name: str = "register") -> str:
    """A readable location such as points.army-cap.history[0].status (root_name: the whole file)."""
    parts: list[str] = []
    node = data
    for part in loc:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and part < len(node) else None
            ident = item.get("id") if isinstance(item, dict) else None
            if isinstance(ident, str) and parts and parts[-1] == "points":
                parts[-1] = f"points.{ident}"
            else:
                parts.append(f"[{part}]")
            node = item
        else:
            parts.append(str(part))
            node = node.get(part) if isinstance(node, dict) else None
    text = ".".join(parts).replace(".[", "[")
    if root_name == "register":  # the register's keys read as paths of their own
        return text or root_name
    return f"{root_name}.{text}" if text else root_name


def describe(value: Any) -> str:
    """A value as an editor would recognise it in the file."""
    if value is None:
        return "nothing (the value is empty)"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    return repr(value)


_TYPE_NAMES = {
    "string_type": "text", "list_type": "a list", "dict_type": "a mapping", "model_type": "a mapping",
    "bool_type": "true or false", "bool_parsing": "true or false", "int_type": "a whole number",
    "int_parsing": "a whole number",
}

# message, hint and whether to point at the key instead of the value, for one kind of error
Explained = tuple[str, str, Loc | None]


def _extra(error: dict[str, Any], loc: Loc, root: type[BaseModel]) -> Explained:
    model = model_at(tuple(error["loc"])[:-1], root)
    allowed = [a for a in sorted(model.model_fields) if a != "path"] if model else []
    return f"unknown key '{loc[-1]}'", hint_for(str(loc[-1]), allowed), loc


def _missing(error: dict[str, Any], loc: Loc, root: type[BaseModel]) -> Explained:
    return f"missing required key '{loc[-1]}'", f"add '{loc[-1]}: ...' here", None


def _wrong_type(error: dict[str, Any], loc: Loc, root: type[BaseModel]) -> Explained:
    kind, value = error["type"], error.get("input")
    if kind == "string_type" and isinstance(value, (int, float)) and "keywords" in loc:
        hint = "quote numbers in lists: in [a, 600,000] YAML reads 600,000 as two items; write \"600,000\""
    elif kind == "string_type":
        hint = "put the value in quotes"
    elif kind == "list_type" and isinstance(value, str):
        hint = "write a list in brackets, e.g. [army, troops], or one item per line starting with '- '"
    else:
        hint = "see the register format in the README"
    return f"must be {_TYPE_NAMES[kind]}, not {describe(value)}", hint, None


def _invalid_key(error: dict[str, Any], loc: Loc, root: type[BaseModel]) -> Explained:
    value = error.get("input")
    return (f"a key must be text, not {describe(value)}",
            "write a name before the ':', in quotes if YAML would read it as a number, true/false or null",
            loc[:-1] + (value,))  # pydantic gives the key as text in loc


def _value_error(error: dict[str, Any], loc: Loc, root: type[BaseModel]) -> Explained:
    problem = error["ctx"]["error"]
    return str(problem), getattr(problem, "hint", DATE_HINT), None


_EXPLAIN: dict[str, Callable[[dict[str, Any], Loc, type[BaseModel]], Explained]] = {
    "extra_forbidden": _extra,
    "missing": _missing,
    "invalid_key": _invalid_key,
    "value_error": _value_error,
    "string_too_short": lambda e, loc, root: ("must not be empty", "write the text, or remove the key", None),
    "too_short": lambda e, loc, root: ("must not be empty", "list at least one item", None),
    "greater_than_equal": lambda e, loc, root: (f"must be at least {e['ctx']['ge']}, not {e.get('input')!r}",
                                                "paragraph numbers count from 1", None),
    **{kind: _wrong_type for kind in _TYPE_NAMES},
}


def explain(error: dict[str, Any], root: type[BaseModel], doc: YamlDoc, prefix: Loc, path: str,
            root_name: str = "register") -> Problem:
    """One pydantic error as a Problem at the key or value it concerns."""
    loc = prefix + tuple(error["loc"])
    handler = _EXPLAIN.get(error["type"])
    if handler is None:
        message, hint, key_loc = error["msg"], "see the register format in the README", None
    else:
        message, hint, key_loc = handler(error, loc, root)
    if key_loc is not None:
        line, col = doc.where(key_loc, key=True)
    elif error["type"] == "missing":
        line, col = doc.where(loc[:-1])
    else:
        line, col = doc.where(loc)
    return Problem(path, line, col, where_text(loc, doc.data, root_name), message, hint)
