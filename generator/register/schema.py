"""The register's JSON Schema, for editors: generated from the model that validates the register.

The model gives every key and type; the fixed vocabularies (stances, sourcing grades) become
enums, ids become slug patterns, and dates accept what YAML and editors make of them.

Statuses: a register may declare its own vocabulary under `statuses:`, which a schema cannot
read, so the default statuses are an enum only for a register that declares none (an
if/else on the `statuses` key); one that declares its own gets slugs. Party ids are the
register's own in every case, so positions are keyed by slugs; that they name a listed
party is for `briefing check` to say. The schema shipped beside the register
(briefings/register.schema.json) is the output of `briefing schema` and a test keeps it so.
"""

from __future__ import annotations

import json
from typing import Any

from generator.register.model import Register
from generator.vocabulary import DEFAULT_STATUSES, SLUG, SOURCING, STANCES, Term

SCHEMA_FILE = "register.schema.json"

# A date as YAML loaders give it (a date object: no JSON type) or as editors see it (a string).
# Not a number, not a list: `date: 2025` or a day-first date is wrong whatever the loader.
_DATE = {
    "description": "A date as YYYY-MM-DD, e.g. 2025-11-26",
    "pattern": r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$",
    "not": {"type": ["number", "boolean", "array", "object", "null"]},
}
_SLUG = {"type": "string", "pattern": SLUG.pattern}


def _enum(words: dict[str, Any], what: str) -> dict[str, Any]:
    meanings = [w.meaning if isinstance(w, Term) else str(w) for w in words.values()]
    return {"type": "string", "enum": list(words), "description": f"One of the {what}",
            "enumDescriptions": meanings}


def _walk_dates(node: Any) -> Any:
    """Every date of the model (format: date) as _DATE."""
    if isinstance(node, dict):
        if node.get("format") == "date":
            return dict(_DATE)
        return {k: _walk_dates(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_walk_dates(v) for v in node]
    return node


def _optional(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}], "default": None}


def register_schema() -> dict[str, Any]:
    schema = _walk_dates(Register.model_json_schema(mode="validation"))
    schema["properties"].pop("path", None)  # where the register was read from: not a key of the file
    defs = schema["$defs"]
    defs["Party"]["properties"]["id"] |= _SLUG
    defs["Point"]["properties"]["id"] |= _SLUG
    defs["Point"]["properties"]["related"]["items"] = dict(_SLUG)
    defs["Point"]["properties"]["positions"]["propertyNames"] = {"pattern": SLUG.pattern}
    defs["Position"]["properties"]["stance"] |= _enum(STANCES, "stances")
    defs["HistoryEntry"]["properties"]["sourcing"] = _optional(_enum(SOURCING, "sourcing grades"))
    schema["properties"]["statuses"]["propertyNames"] = {"pattern": SLUG.pattern}
    for model in ("Point", "HistoryEntry"):
        defs[model]["properties"]["status"]["description"] = (
            "A status of the register's vocabulary (the default one unless it declares `statuses:`)")
    statuses = _enum(DEFAULT_STATUSES, "default statuses")
    default_vocabulary = {"properties": {"points": {"items": {"properties": {
        "status": _optional(statuses),
        "history": {"items": {"properties": {"status": statuses}}},
    }}}}}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Briefing register",
            "description": "The register of disputed points (briefings/register.yml)",
            **schema, "if": {"required": ["statuses"]}, "then": {}, "else": default_vocabulary}


def schema_text() -> str:
    """The schema as shipped: stable key order, two-space indents, a final newline."""
    return json.dumps(register_schema(), indent=2, ensure_ascii=False) + "\n"
