"""The register of disputed points: schema (model), cross-key rules (rules), and loading.

Loading collects every problem and reports each as path:line:col with a hint; nothing
is published from a bad register.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from generator.errors import Problems
from generator.register.model import (ArticleMeta, Dismissal, HistoryEntry, Party, Point, Position, Register,
                                      RegisterTop, Source, Status)
from generator.register.rules import check_register
from generator.textfile import decode_text
from generator.validation import explain
from generator.vocabulary import MAX_REGISTER_BYTES
from generator.yamlsource import YamlDoc, load_yaml

__all__ = ["ArticleMeta", "Dismissal", "HistoryEntry", "Party", "Point", "Position", "Register", "Source", "Status",
           "load_register", "parse_register"]


def load_register(file: Path, display: str | None = None) -> tuple[Register, YamlDoc]:
    """Read, parse and validate the register; InputError listing every problem found."""
    display = display or str(file)
    text = decode_text(file, display, MAX_REGISTER_BYTES, "register")
    return parse_register(text, display)


def parse_register(text: str, display: str) -> tuple[Register, YamlDoc]:
    """Validate the register text: the top level, then each point on its own, then the rules."""
    doc = load_yaml(text, display, what="register")
    problems = Problems()
    if not isinstance(doc.data, dict):
        problems.add(display, 1, 1, "register", "the register must be a mapping with title, parties and points", "see the example in the README")
        problems.raise_if_any()
    top = None
    try:
        top = RegisterTop.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend([explain(e, Register, doc, (), display) for e in exc.errors()
                         if e["loc"][:1] != ("points",) or len(e["loc"]) == 1])
    points: list[tuple[int, Point]] = []
    raw_points = doc.data.get("points") if isinstance(doc.data.get("points"), list) else []
    for index, raw in enumerate(raw_points):
        try:
            points.append((index, Point.model_validate(raw)))
        except ValidationError as exc:
            problems.extend([explain(e, Point, doc, ("points", index), display) for e in exc.errors()])
    if top is None:
        problems.raise_if_any()
    assert top is not None
    register = Register.model_construct(**{**top.__dict__, "points": [p for _, p in points], "path": display})
    problems.extend(check_register(register, [i for i, _ in points], doc))
    problems.raise_if_any()
    return register, doc
