"""Escaping text from articles and the register before it reaches a page.

Input text is shown as text, never interpreted: HTML-significant characters become
entities, and so does every character that Python-Markdown or its extensions could
read as syntax. Entities are valid both in Markdown and inside raw HTML blocks, so one
escaper serves both contexts.
"""

from __future__ import annotations

import json
import re

from markupsafe import Markup

# & first: the other replacements produce entities that must not be escaped again
_ENTITIES = {c: f"&#{ord(c)};" for c in "\\`*_{}[]()<>|~^=!\"'#$:+"}
_PATTERN = re.compile("[" + re.escape("".join(_ENTITIES)) + "]")
_LEADING_NUMBER = re.compile(r"^( ?\d+)([.)])")
_LEADING_DASH = re.compile(r"^( ?)-")
_SPACE = re.compile(r"\s+")


def md_text(value: object) -> Markup:
    """Any value as inert inline text for a Markdown page (one line, no syntax).

    White space runs become one space (a line break would end a table row or a block);
    a single space at either edge is kept, so pieces can be joined.
    """
    text = _SPACE.sub(" ", str(value))
    text = text.replace("&", "&amp;")
    text = _PATTERN.sub(lambda m: _ENTITIES[m.group(0)], text)
    # a line that starts "1." or "-" would become a list; keep it text
    text = _LEADING_NUMBER.sub(lambda m: m.group(1) + f"&#{ord(m.group(2))};", text)
    text = _LEADING_DASH.sub(lambda m: m.group(1) + "&#45;", text)
    return Markup(text)


_TITLE_SAFE = str.maketrans({"<": "‹", ">": "›", "&": "＆", '"': "”", "'": "’", "`": "‘", "\\": "⧵"})


def plain_title(value: object) -> str:
    """A page title that stays inert wherever a theme prints it (even unescaped or striptagged)."""
    return " ".join(str(value).split()).translate(_TITLE_SAFE)


def yaml_string(value: object) -> Markup:
    """A double-quoted YAML scalar (JSON is valid YAML) for front matter."""
    return Markup(json.dumps(str(value)))
