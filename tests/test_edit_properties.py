"""Property: any register x any edit gives the register before plus exactly the edit, and a diff of added text.

Random registers mix block and flow styles, comments (also inside flow collections), blank
lines, block scalars (|, |-, |+, >, >-) whose lines look like comments, quoted and plain
values over several lines, lists indented 0, 2 or 4 columns under their key, `!!str` tags,
`---` and `...` markers, LF, CRLF, CR and mixed line ends, a BOM, a missing final line end.
Random edits (status, position, new-point, dismiss) carry values YAML 1.1 reads as
something else (yes, No, on, ~, 1:20), numbers, spaces at either end, quotes, colons, '#',
line breaks and other scripts.

After each edit: the register as the loader reads it equals the one before plus the edit;
the file, compared line by line with each line's end, has only added text (whole lines,
or inside one line of a flow collection), except the point's `status:` value (status) and
a replaced position's lines (position); a file with one kind of line end keeps it; the BOM
stays. The run is seeded (TEST_SEED, a fixed one by default) and a failure names its seed
and example; EDIT_EXAMPLES sets how many examples run (a longer search: EDIT_EXAMPLES=5000).
"""

from __future__ import annotations

import copy
import difflib
import math
import os
import random
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from generator.commands.edit import edited_bytes
from generator.errors import InputError
from generator.register import parse_register
from generator.register.edit import dismiss, new_point, set_position, set_status
from generator.textfile import decode_text

SEED = int(os.environ.get("TEST_SEED") or 20251202)
EXAMPLES = int(os.environ.get("EDIT_EXAMPLES") or 150)

WORDS = ["army", "cap", "Donbas", "troops", "NATO", "talks", "plan", "zone", "600,000", "Kyiv", "ceiling"]
SPECIAL = ["yes", "No", "on", "OFF", "y", "~", "null", "Null", "true", "False", "1:20", "0o7", "0x1F", "012", "1e3",
           "1_000", ".inf", "-.5", ".NaN", "42", "2025-12-01", "2025-12-01 10:00:00", "12:30:00", "=", "<<", "'",
           '"', "'quoted'", 'say "no"', "a: b", "a:b", "a #b", "#c", "- x", "? y", ": z", "[x]", "{y}", "x, y", "@z",
           "`t", "%p", "!t", "&a", "*b", "|", ">", "...", "---", "Переговоры", "中文", "😀", "é", "\\", "a\\nb",
           "tab\there", "line\nbreak", "cr\r\nlf", "para\u2029graph", "\ufeffbom"]
STATUSES = ["open", "narrowing", "agreed", "deferred", "dropped"]
STANCES = ["proposes", "demands", "supports", "accepts", "open-to", "undecided", "resists", "rejects"]
SOURCING = ["primary-document", "named-official", "several-sources", "anonymous-official", "media-report"]
TEXT_KEYS = {"title", "name", "summary", "note", "text", "reason", "quote"}  # a value over lines changes no name
COMMENTS = ["# a comment", "#tight", "# key: value", "# - item", "# |", "#"]


def _text(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.45:
        value = rng.choice(SPECIAL)
    elif r < 0.75:
        value = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4)))
    else:
        value = rng.choice(SPECIAL) + rng.choice([" ", ": ", " # ", ", ", "\n", "\t", "-"]) + rng.choice(SPECIAL + WORDS)
    return (" " if rng.random() < 0.1 else "") + value + (" " if rng.random() < 0.1 else "")


def _term(rng: random.Random) -> str:
    value = _text(rng)
    return value if any(c.isalnum() for c in value) else value + " x"


def _day(rng: random.Random) -> date:
    return date(2025, 11, 1) + timedelta(days=rng.randint(0, 40))


# ---- a register as data, then as text in random styles -----------------------------------


def _point(rng: random.Random, point_id: str, parties: list[str]) -> dict[str, Any]:
    history = [{"date": _day(rng), "status": rng.choice(STATUSES), "note": _text(rng),
                **({"sourcing": rng.choice(SOURCING)} if rng.random() < 0.3 else {}),
                "sources": [{"article": rng.choice(WORDS).lower(), "quote": _text(rng)}] * rng.randint(0, 2)}
               for _ in range(rng.randint(0, 3))]
    point: dict[str, Any] = {"id": point_id, "title": _text(rng)}
    if not history or rng.random() < 0.5:
        latest = max(enumerate(history), key=lambda p: (p[1]["date"], -p[0]))[1] if history else None
        point["status"] = latest["status"] if latest else rng.choice(STATUSES)
    if rng.random() < 0.8:
        point["summary"] = _text(rng)
    point["keywords"] = [_term(rng) for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.5:
        point["positions"] = {party: {"stance": rng.choice(STANCES), "text": _text(rng)}
                              for party in rng.sample(parties, rng.randint(1, len(parties)))}
    if history:
        point["history"] = history
    if rng.random() < 0.4:
        point["dismissed"] = [{"article": rng.choice(WORDS).lower(), "paragraph": i + 1, "reason": _text(rng)}
                              for i in range(rng.randint(1, 2))]
    keys = list(point)
    if rng.random() < 0.15:
        rng.shuffle(keys)
    elif "summary" in keys and rng.random() < 0.8:  # a text value right above a key that edits add text before
        keys.remove("summary")
        keys.insert(keys.index("history") if "history" in keys and rng.random() < 0.8 else len(keys), "summary")
    return {k: point[k] for k in keys}


def _register(rng: random.Random) -> dict[str, Any]:
    parties = ["ukraine", "russia", "united-states", "no"][:rng.randint(1, 4)]
    points = [_point(rng, f"point-{i}", parties) for i in range(rng.choice([0, 1, 2, 2, 3]))]
    return {"title": _text(rng), "parties": [{"id": p, "name": _text(rng)} for p in parties],
            **({"points": points} if points or rng.random() < 0.5 else {})}


class Styler:
    """Writes data as YAML text in random styles, with comments and blank lines."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def comment(self, indent: int) -> str:
        return " " * max(0, indent + self.rng.choice([-2, 0, 0, 2])) + self.rng.choice(COMMENTS)

    def scalar(self, value: Any, flow: bool) -> str:
        if isinstance(value, (date, int)):
            return str(value)
        style = '"' if re.search("[\n\r\u2029\ufeff\t]", value) else self.rng.choice([None, None, "'", '"'])
        text = yaml.safe_dump([value] if flow else value, default_flow_style=flow, default_style=style,
                              allow_unicode=True, width=math.inf)
        tag = "!!str " if self.chance(0.03) else ""
        return tag + (text[1:-2] if flow else text.removesuffix("\n...\n").removesuffix("\n"))

    def multiline(self, indent: int) -> list[str]:
        """A text value over several lines: a block scalar, or quoted or plain text going on."""
        pad, words = " " * (indent + self.rng.choice([2, 4])), " ".join(self.rng.sample(WORDS, 2))
        kind = self.rng.choice(["block", "block", "block", "quoted", "quoted", "plain"])
        if kind == "quoted":
            return [f'"{words}', f"{pad}{words}", f'{pad}# not a comment, inside the quotes"']
        if kind == "plain":
            return [words, f"{pad}{words}"]
        lines = [words] + [self.rng.choice([f"# {words}", words, "", f"  {words}", "#"]) for _ in range(self.rng.randint(0, 3))]
        lines += [f"# {words}"] * self.chance(0.7) + [""] * self.rng.choice([0, 0, 0, 1, 2])
        header = self.rng.choice("|>") + self.rng.choice(["", "-", "+", "+"])
        return [header] + [pad + line if line else " " * self.rng.randint(0, len(pad)) for line in lines]

    def flow(self, value: Any, indent: int, multiline: bool) -> str:
        pad = "\n" + " " * (indent + 2)
        sep = (lambda: ("," + (" " + self.rng.choice(COMMENTS) if self.chance(0.3) else "") + pad)) if multiline \
            else (lambda: ", ")
        if isinstance(value, dict):
            parts = [f"{self.scalar(k, True)}: {self.flow(v, indent, False)}" for k, v in value.items()]
            return "{" + "".join(p + sep() for p in parts[:-1]) + (parts[-1] if parts else "") + "}"
        if isinstance(value, list):
            parts = [self.flow(v, indent, False) for v in value]
            return "[" + "".join(p + sep() for p in parts[:-1]) + (parts[-1] if parts else "") + "]"
        return self.scalar(value, True)

    def mapping(self, value: dict, indent: int, first: str | None = None) -> list[str]:
        lines: list[str] = []
        for i, (key, item) in enumerate(value.items()):
            if i and self.chance(0.12):
                lines.append(self.comment(indent))
            if i and self.chance(0.08):
                lines.append("")
            head = (first if i == 0 and first is not None else " " * indent) + self.scalar(key, False)
            lines += self.pair(head, item, indent, key)
        return lines

    def pair(self, head: str, value: Any, indent: int, key: str = "") -> list[str]:
        tail = (" " + self.rng.choice(COMMENTS)) if self.chance(0.15) else ""
        if key in TEXT_KEYS and self.chance(0.8 if key == "summary" else 0.3):
            first, *rest = self.multiline(indent)
            return [f"{head}: {first}", *rest]
        if not isinstance(value, (dict, list)) or not value or self.chance(0.3):
            return [f"{head}: {self.flow(value, indent, isinstance(value, (dict, list)) and self.chance(0.3))}{tail}"]
        lines = [f"{head}:{tail}"]
        if isinstance(value, dict):
            return lines + self.mapping(value, indent + self.rng.choice([2, 4]))
        return lines + self.sequence(value, indent + self.rng.choice([0, 2, 2, 4]))

    def sequence(self, items: list, indent: int, spaced: bool = False) -> list[str]:
        lines: list[str] = []
        for item in items:
            if spaced and lines:
                lines.append("")
            if self.chance(0.12):
                lines.append(self.comment(indent))
            if isinstance(item, dict) and not self.chance(0.25):
                lines += self.mapping(item, indent + 2, first=" " * indent + "- ")
            else:
                lines.append(" " * indent + "- " + self.flow(item, indent, isinstance(item, dict) and self.chance(0.2)))
        return lines

    def register(self, data: dict) -> str:
        lines = [self.rng.choice(COMMENTS)] * self.rng.randint(0, 2) + ["---"] * self.chance(0.1)
        for key, value in data.items():
            if key == "points" and value and not self.chance(0.15):
                lines.append("points:" + ((" " + self.rng.choice(COMMENTS)) if self.chance(0.2) else ""))
                lines += self.sequence(value, self.rng.choice([0, 2, 2, 4]), spaced=self.chance(0.5))
            else:
                lines += self.pair(key, value, 0, key)
            if self.chance(0.3):
                lines.append("")
        return "\n".join(lines + ["..."] * self.chance(0.1)) + ("\n" if self.chance(0.85) else "")


def _line_ends(rng: random.Random, text: str) -> str:
    kinds = rng.choice([["\n"], ["\n"], ["\r\n"], ["\r"], ["\n", "\r\n"], ["\r\n", "\r", "\n"]])
    lines = text.split("\n")
    return "".join(line + rng.choice(kinds) for line in lines[:-1]) + lines[-1]


# ---- random edits and what each must add -------------------------------------------------


def _pick_point(rng: random.Random, data: dict) -> tuple[int, dict]:
    index = rng.randrange(len(data["points"]))
    return index, data["points"][index]


def _status_edit(rng: random.Random, data: dict) -> tuple[tuple, dict]:
    index, point = _pick_point(rng, data)
    days = [date.fromisoformat(e["date"]) for e in point.get("history", [])]
    day = max(days) + timedelta(days=rng.choice([0, 0, 1, 9])) if days else _day(rng)
    status, note, article, quote = rng.choice(STATUSES), _text(rng), rng.choice(WORDS).lower(), _text(rng)
    sourcing = rng.choice([None, None, *SOURCING])
    entry = {"date": day.isoformat(), "status": status, **({"sourcing": sourcing} if sourcing else {}),
             "note": note, "sources": [{"article": article, "quote": quote}]}
    point.setdefault("history", []).insert(0, entry)
    if "status" in point:
        point["status"] = status
    return (set_status, point["id"], status, day, note, article, quote, sourcing), {"status": index}


def _position_edit(rng: random.Random, data: dict) -> tuple[tuple, dict]:
    without = [i for i, p in enumerate(data["points"]) if "positions" not in p]
    if without and rng.random() < 0.7:  # more often a new key, placed before the keys that follow it
        index = rng.choice(without)
        point = data["points"][index]
    else:
        index, point = _pick_point(rng, data)
    party = rng.choice([p["id"] for p in data["parties"]])
    replaced = party in point.get("positions", {})
    stance, text = rng.choice(STANCES), _text(rng)
    since = _day(rng) if rng.random() < 0.3 else None
    article, quote = (rng.choice(WORDS).lower(), _text(rng)) if rng.random() < 0.3 else (None, None)
    point.setdefault("positions", {})[party] = {
        "stance": stance, "text": text, **({"since": since.isoformat()} if since else {}),
        **({"sources": [{"article": article, "quote": quote}]} if article else {})}
    return (set_position, point["id"], party, stance, text, since, article, quote), \
        {"position": (index, party)} if replaced else {}


def _new_point_edit(rng: random.Random, data: dict) -> tuple[tuple, dict]:
    point_id = "new-" + "-".join(rng.sample(["energy", "sanctions", "yes", "no", "on", "null", "1", "x"], 2))
    title = _text(rng)
    status = rng.choice([None, *STATUSES])
    keywords = [_term(rng) for _ in range(rng.randint(1, 3))] if rng.random() < 0.6 else None
    data.setdefault("points", []).append({"id": point_id, "title": title, "status": status or "open",
                                          "keywords": keywords or point_id.split("-")})
    return (new_point, point_id, title, status, keywords), {}


def _dismiss_edit(rng: random.Random, data: dict) -> tuple[tuple, dict]:
    index, point = _pick_point(rng, data)
    article = rng.choice(WORDS).lower()
    paragraph = rng.choice([None, 1, 2, 3])
    reason = _text(rng)
    done = point.setdefault("dismissed", [])
    duplicate = any(d["article"] == article and d.get("paragraph") in (None, paragraph) for d in done)
    done.append({"article": article, **({"paragraph": paragraph} if paragraph else {}), "reason": reason})
    return (dismiss, point["id"], article, paragraph, reason), {"refused": True} if duplicate else {}


EDITS = [_status_edit, _position_edit, _position_edit, _new_point_edit, _dismiss_edit]


# ---- what may differ between the files ---------------------------------------------------


def _lines(text: str) -> list[str]:
    return [line for line in re.split(r"(?<=\n)|(?<=\r)(?!\n)", text) if line]


def _node(root: yaml.Node, *path: Any) -> yaml.Node:
    for step in path:
        if isinstance(step, int):
            root = root.value[step]
        else:
            root = next(v for k, v in root.value if k.value == step)
    return root


def _region(lf: str, node: yaml.Node) -> tuple[int, int]:
    """The text of a value: a scalar or flow collection itself, a block mapping's whole lines."""
    start, end = node.start_mark.index, node.end_mark.index
    if isinstance(node, yaml.MappingNode) and not node.flow_style:
        leaf = node
        while isinstance(leaf, yaml.CollectionNode) and not leaf.flow_style and leaf.value:
            leaf = leaf.value[-1][1] if isinstance(leaf, yaml.MappingNode) else leaf.value[-1]
        start, end = lf.rfind("\n", 0, start) + 1, leaf.end_mark.index
        end = end if end == 0 or lf[end - 1] == "\n" else (lf.find("\n", end) + 1 or len(lf))
    return start, end


def _masked(raw: str, regions: list[tuple[int, int]]) -> str:
    """raw (any line ends) with each region (offsets into its LF form) replaced by a mark."""
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", raw)]
    lf = re.sub(r"\r\n|\r", "\n", raw)

    def at(index: int) -> int:
        line = lf.count("\n", 0, index)
        return starts[line] + index - (lf.rfind("\n", 0, index) + 1)
    for start, end in sorted(regions, reverse=True):
        raw = raw[:at(start)] + "\x00" + raw[at(end):]
    return raw


def _is_insertion(old: str, new: str) -> bool:
    extra = len(new) - len(old)
    prefix = len(os.path.commonprefix([old, new]))
    return extra >= 0 and new[:prefix] + new[prefix + extra:] == old


def _check_diff(before: str, after: str, why: str) -> None:
    """after is before with added text only: whole lines, or text inside one line; every line end kept."""
    old, new = _lines(before), _lines(after)
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal" or op == "insert":
            continue
        assert op == "replace" and _is_insertion("".join(old[i1:i2]), "".join(new[j1:j2])), \
            f"{why}: {op} {old[i1:i2]!r} -> {new[j1:j2]!r}"


def _regions(lf: str, places: dict) -> list[tuple[int, int]]:
    """The text the edit may replace: the point's status value, or the replaced position."""
    if "status" in places:
        point = _node(yaml.compose(lf, Loader=yaml.SafeLoader), "points", places["status"])
        return [_region(lf, _node(point, "status"))] if "status" in [k.value for k, _ in point.value] else []
    if "position" in places:
        index, party = places["position"]
        return [_region(lf, _node(yaml.compose(lf, Loader=yaml.SafeLoader), "points", index, "positions", party))]
    return []


def _one_example(rng: random.Random, file: Path, why: str) -> None:
    lf = Styler(rng).register(_register(rng))
    raw = _line_ends(rng, lf)
    bom = "\ufeff" if rng.random() < 0.2 else ""
    file.write_bytes((bom + raw).encode("utf-8"))
    text = decode_text(file, "r.yml", 1 << 20, "register")
    expected = copy.deepcopy(parse_register(text, "r.yml")[1].data)  # the generator writes valid registers
    edits = EDITS if expected.get("points") else [_new_point_edit]
    (make, *args), places = rng.choice(edits)(rng, expected)
    why += f" {make.__name__}{tuple(args)!r}\n--- register ---\n{raw}"
    try:
        edit = make(text, "r.yml", *args)
    except InputError as exc:
        no_room = "ends the file without a line end" in str(exc) and not re.search(r"[\r\n]$", raw)
        assert places.get("refused") or no_room, f"{why}: refused: {exc}"
        return
    assert not places.get("refused"), f"{why}: a duplicate dismissal was accepted"
    after = edited_bytes(file.read_bytes(), edit).decode("utf-8")
    assert after.startswith(bom) and not after[len(bom):].startswith("\ufeff"), why
    after_lf = re.sub(r"\r\n|\r", "\n", after[len(bom):])
    assert parse_register(after_lf, "r.yml")[1].data == expected, f"{why}\n--- after ---\n{after_lf}"
    _check_diff(_masked(raw, _regions(text, places)), _masked(after[len(bom):], _regions(after_lf, places)), why)
    kinds = set(re.findall(r"\r\n|\r|\n", raw))
    if len(kinds) == 1:
        assert set(re.findall(r"\r\n|\r|\n", after)) == kinds, f"{why}: line ends changed"


def test_any_edit_of_any_register_adds_exactly_the_edit(tmp_path):
    print(f"test_any_edit_of_any_register_adds_exactly_the_edit: TEST_SEED={SEED}")
    file = tmp_path / "register.yml"
    for example in range(EXAMPLES):
        _one_example(random.Random(f"{SEED}-{example}"), file, f"TEST_SEED={SEED} example {example}:")
