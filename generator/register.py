"""The register of disputed points: the one model of its keys, loading and validation.

Every key the register accepts is declared here. Loading collects every problem and
reports each as path:line:col with a hint; nothing is published from a bad register.
"""

from __future__ import annotations

import re
import types
import typing
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from rapidfuzz import process
from slugify import slugify

from generator.errors import Problem, Problems
from generator.textfile import decode_text
from generator.urls import check_url
from generator.yamlsource import YamlDoc, load_yaml

MAX_REGISTER_BYTES = 1024 * 1024
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Point and article pages live beside their section's list page (points/index.md,
# articles/index.md): an item with one of these ids would take its place.
RESERVED_IDS = frozenset({"index"})

STANCES = {
    "proposes": "Proposes",
    "demands": "Demands",
    "supports": "Supports",
    "accepts": "Accepts",
    "open-to": "Open to",
    "undecided": "Undecided",
    "resists": "Resists",
    "rejects": "Rejects",
}

SOURCING = {
    "primary-document": "Primary document",
    "named-official": "Named official",
    "several-sources": "Several sources",
    "anonymous-official": "Anonymous official",
    "media-report": "Media report",
}


def _iso_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise ValueError(f"'{value}' is not a date")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"'{value}' is not a real date ({exc})") from None


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Text = Annotated[str, Field(min_length=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class Party(_Model):
    id: str
    name: Text


class Status(_Model):
    label: Text
    description: Text
    closed: bool = False


DEFAULT_STATUSES: dict[str, Status] = {
    "open": Status(label="Open", description="No agreement; positions far apart"),
    "narrowing": Status(label="Narrowing", description="Progress reported; gap closing"),
    "agreed": Status(label="Agreed", description="Text or principle agreed", closed=True),
    "deferred": Status(label="Deferred", description="Parked for a later stage or for leaders"),
    "dropped": Status(label="Dropped", description="Removed from the draft", closed=True),
}


class ArticleMeta(_Model):
    """Metadata for an article whose file lacks it."""

    title: Text | None = None
    outlet: Text | None = None
    url: Text | None = None
    author: Text | None = None


class Position(_Model):
    stance: str
    text: Text


class Source(_Model):
    article: str
    quote: Text


class HistoryEntry(_Model):
    date: IsoDate
    status: str
    note: Text
    sourcing: str | None = None
    sources: list[Source] = Field(default_factory=list)


class Dismissal(_Model):
    """A mention an editor has read and decided not to cite."""

    article: str
    paragraph: int | None = Field(default=None, ge=1)  # none: the whole article
    reason: Text


class Point(_Model):
    id: str
    title: Text
    status: str | None = None
    summary: Text | None = None
    # Terms that find the point in article paragraphs (see generator.linking.find_mentions):
    # an alias names the point and is enough alone; a keyword names what the point is about
    # and counts only together with a context word (what is at issue); an exclude phrase
    # hides the terms inside it ("Salvation Army").
    keywords: list[Text] = Field(default_factory=list)
    aliases: list[Text] = Field(default_factory=list)
    context: list[Text] = Field(default_factory=list)
    exclude: list[Text] = Field(default_factory=list)
    positions: dict[str, Position] = Field(default_factory=dict)
    related: list[str] = Field(default_factory=list)
    history: list[HistoryEntry] = Field(default_factory=list)
    dismissed: list[Dismissal] = Field(default_factory=list)

    @property
    def latest(self) -> HistoryEntry | None:
        """The latest dated history entry (the later one in the file wins a tie)."""
        if not self.history:
            return None
        return max(enumerate(self.history), key=lambda pair: (pair[1].date, pair[0]))[1]

    @property
    def current_status(self) -> str:
        return self.status or (self.latest.status if self.latest else "")


class Register(_Model):
    title: Text
    parties: list[Party] = Field(min_length=1)
    statuses: dict[str, Status] = Field(default_factory=lambda: dict(DEFAULT_STATUSES))
    articles: dict[str, ArticleMeta] = Field(default_factory=dict)
    points: list[Point] = Field(default_factory=list)
    path: str = Field(default="briefings/register.yml", exclude=True)

    def party(self, party_id: str) -> Party:
        return next(p for p in self.parties if p.id == party_id)


class _Top(Register):
    """The register with points kept raw, so each point is validated on its own."""

    points: list[Any] = Field(default_factory=list)  # type: ignore[assignment]


# --- locating and explaining problems -------------------------------------------------


def did_you_mean(value: Any, choices: typing.Iterable[str]) -> str:
    """'did you mean 'x'?' for the closest choice, or '' when nothing is close."""
    choices = list(choices)
    if not isinstance(value, str) or not choices:
        return ""
    match = process.extractOne(value, choices, score_cutoff=60)
    return f"did you mean '{match[0]}'?" if match else ""


def _allowed(hint_list: typing.Iterable[str]) -> str:
    return "allowed: " + ", ".join(hint_list)


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


def _model_at(loc: tuple[Any, ...], root: type[BaseModel]) -> type[BaseModel] | None:
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


def hint_for(value: Any, choices: typing.Iterable[str], extra: str = "") -> str:
    """'did you mean ...? allowed: ...' for a value outside a vocabulary."""
    choices = list(choices)
    return " ".join(filter(None, [did_you_mean(value, choices), extra or _allowed(choices)]))


def _where(loc: tuple[Any, ...], data: Any) -> str:
    """A readable location such as points.army-cap.history[0].status."""
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
    return text or "register"


_TYPE_NAMES = {
    "string_type": "text", "list_type": "a list", "dict_type": "a mapping", "model_type": "a mapping",
    "bool_type": "true or false", "bool_parsing": "true or false", "int_type": "a whole number",
    "int_parsing": "a whole number",
}


def _explain(error: dict[str, Any], root: type[BaseModel], doc: YamlDoc, prefix: tuple[Any, ...]) -> Problem:
    loc = prefix + tuple(error["loc"])
    kind = error["type"]
    where = _where(loc, doc.data)
    value = error.get("input")
    line, col = doc.where(loc)
    hint = ""
    if kind == "extra_forbidden":
        line, col = doc.where(loc, key=True)
        model = _model_at(tuple(error["loc"])[:-1], root)
        allowed = sorted(model.model_fields) if model else []
        allowed = [a for a in allowed if a != "path"]
        message = f"unknown key '{loc[-1]}'"
        hint = hint_for(str(loc[-1]), allowed)
    elif kind == "missing":
        line, col = doc.where(loc[:-1])
        message = f"missing required key '{loc[-1]}'"
        hint = f"add '{loc[-1]}: ...' here"
    elif kind in _TYPE_NAMES:
        message = f"must be {_TYPE_NAMES[kind]}, not {_describe(value)}"
        if kind == "string_type" and isinstance(value, (int, float)) and "keywords" in loc:
            hint = "quote numbers in lists: in [a, 600,000] YAML reads 600,000 as two items; write \"600,000\""
        elif kind == "string_type":
            hint = "put the value in quotes"
        elif kind == "list_type" and isinstance(value, str):
            hint = "write a list in brackets, e.g. [army, troops], or one item per line starting with '- '"
        else:
            hint = "see the register format in the README"
    elif kind == "invalid_key":
        line, col = doc.where(loc[:-1] + (value,), key=True)  # pydantic gives the key as text in loc
        message = f"a key must be text, not {_describe(value)}"
        hint = "write a name before the ':', in quotes if YAML would read it as a number, true/false or null"
    elif kind == "string_too_short":
        message = "must not be empty"
        hint = "write the text, or remove the key"
    elif kind == "too_short":
        message = "must not be empty"
        hint = "list at least one item"
    elif kind == "greater_than_equal":
        message = f"must be at least {error['ctx']['ge']}, not {value!r}"
        hint = "paragraph numbers count from 1"
    elif kind == "value_error":
        message = str(error["ctx"]["error"])
        hint = "check the day and month" if "not a real date" in message else "write dates as YYYY-MM-DD, e.g. 2025-11-26"
    else:
        message = error["msg"]
        hint = "see the register format in the README"
    return Problem(doc_path(doc), line, col, where, message, hint)


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (the value is empty)"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    return repr(value)


def doc_path(doc: YamlDoc) -> str:
    return getattr(doc, "source", "briefings/register.yml")


# --- loading --------------------------------------------------------------------------


def load_register(file: Path, display: str | None = None) -> tuple[Register, YamlDoc]:
    """Read, parse and validate the register; InputError listing every problem found."""
    display = display or str(file)
    text = decode_text(file, display, MAX_REGISTER_BYTES, "register")
    return parse_register(text, display)


def parse_register(text: str, display: str) -> tuple[Register, YamlDoc]:
    doc = load_yaml(text, display, what="register")
    doc.source = display  # type: ignore[attr-defined]
    problems = Problems()
    if not isinstance(doc.data, dict):
        problems.add(display, 1, 1, "register", "the register must be a mapping with title, parties and points", "see the example in the README")
        problems.raise_if_any()
    try:
        top = _Top.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend([_explain(e, Register, doc, ()) for e in exc.errors() if e["loc"][:1] != ("points",) or len(e["loc"]) == 1])
        top = None
    points: list[tuple[int, Point]] = []
    raw_points = doc.data.get("points") if isinstance(doc.data.get("points"), list) else []
    for index, raw in enumerate(raw_points):
        try:
            points.append((index, Point.model_validate(raw)))
        except ValidationError as exc:
            problems.extend([_explain(e, Point, doc, ("points", index)) for e in exc.errors()])
    if top is None:
        problems.raise_if_any()
    assert top is not None
    register = Register.model_construct(**{**top.__dict__, "points": [p for _, p in points], "path": display})
    problems.extend(check_register(register, [i for i, _ in points], doc))
    problems.raise_if_any()
    return register, doc


def check_register(register: Register, indexes: list[int], doc: YamlDoc) -> list[Problem]:
    """Rules that span keys: ids, references, vocabularies and status agreement."""
    out: list[Problem] = []
    path = register.path

    def add(loc: tuple[Any, ...], message: str, hint: str, key: bool = False) -> None:
        line, col = doc.where(loc, key=key)
        out.append(Problem(path, line, col, _where(loc, doc.data), message, hint))

    def check_slug(loc: tuple[Any, ...], value: str, what: str, key: bool = False) -> bool:
        if SLUG.match(value):
            return True
        suggestion = slugify(value) or "a-short-name"
        add(loc, f"{what} id '{value}' is not a lowercase slug", f"use letters a-z, digits and single hyphens, e.g. '{suggestion}'", key)
        return False

    party_ids: set[str] = set()
    for i, party in enumerate(register.parties):
        check_slug(("parties", i, "id"), party.id, "party")
        if party.id in party_ids:
            add(("parties", i, "id"), f"duplicate party id '{party.id}'", "give each party its own id")
        party_ids.add(party.id)
    for status_id in register.statuses:
        check_slug(("statuses", status_id), status_id, "status", key=True)
    for article_id in register.articles:
        meta = register.articles[article_id]
        if meta.url and check_url(meta.url):
            add(("articles", article_id, "url"), f"url '{meta.url}' is not allowed", check_url(meta.url))

    raw_points = doc.data.get("points") or []
    point_ids = [p["id"] for p in raw_points if isinstance(p, dict) and isinstance(p.get("id"), str)]
    seen: set[str] = set()
    for index, point in zip(indexes, register.points):
        base = ("points", index)
        if check_slug(base + ("id",), point.id, "point") and point.id in RESERVED_IDS:
            add(base + ("id",), f"point id '{point.id}' is reserved: its page would replace the list of points",
                f"choose another id, e.g. '{point.id}-point'")
        if point.id in seen:
            add(base + ("id",), f"duplicate point id '{point.id}'", "give each point its own id")
        seen.add(point.id)
        for party_id, position in point.positions.items():
            if party_id not in party_ids:
                add(base + ("positions", party_id), f"unknown party '{party_id}'",
                    hint_for(party_id, sorted(party_ids)), key=True)
            if position.stance not in STANCES:
                add(base + ("positions", party_id, "stance"), f"unknown stance '{position.stance}'",
                    hint_for(position.stance, STANCES))
        for j, related in enumerate(point.related):
            if related == point.id:
                add(base + ("related", j), "a point cannot be related to itself", "remove it from 'related'")
            elif related not in point_ids:
                add(base + ("related", j), f"unknown point '{related}'",
                    hint_for(related, point_ids, "'related' lists ids of other points"))
        for j, entry in enumerate(point.history):
            if entry.status not in register.statuses:
                add(base + ("history", j, "status"), f"unknown status '{entry.status}'", _status_hint(entry.status, register))
            if entry.sourcing is not None and entry.sourcing not in SOURCING:
                add(base + ("history", j, "sourcing"), f"unknown sourcing '{entry.sourcing}'",
                    hint_for(entry.sourcing, SOURCING))
        if point.status is not None and point.status not in register.statuses:
            add(base + ("status",), f"unknown status '{point.status}'", _status_hint(point.status, register))
        elif point.status is None and not point.history:
            add(base, "no status and no history", "add 'status: open' or a dated history entry")
        elif point.status is not None and point.latest and point.latest.status != point.status:
            add(base + ("status",), f"status '{point.status}' disagrees with the latest history entry "
                f"({point.latest.date.isoformat()}: '{point.latest.status}')",
                "change the status, or add a newer history entry with the new status")
        if not point.keywords and not point.aliases:
            add(base, "no keywords", "list words that identify the point in articles, e.g. keywords: [army, troops]")
    return out


def _status_hint(value: str, register: Register) -> str:
    return hint_for(value, register.statuses)
