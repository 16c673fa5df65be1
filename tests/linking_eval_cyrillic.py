"""Mention finding measured on Ukrainian and Russian articles, per language and set.

tests/cases/linking/cyrillic/labels.yml names, for every article in
tests/cases/linking/cyrillic/articles/, the points it is mainly about and the points it
merely mentions. Every article is linked, all of them as one corpus, with the register
beside the labels (the shipped one plus Ukrainian and Russian terms), and for each
language and set (tuning | test) this reports, over (article, point) pairs:

- recall of the `about` points: found as a mention, and found as a mention or possible mention;
- the same over `about` plus `mentions`;
- precision of mentions: a point found as a mention in an article is right when the
  article is labelled with it (about or mentions).

    python tests/linking_eval_cyrillic.py            # the table
    python tests/linking_eval_cyrillic.py --errors   # plus the tuning set's misses and false alarms
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.linker import mentions_by_point
from generator.readers import read_article
from generator.register import load_register

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases" / "linking" / "cyrillic"
LANGUAGES = ("uk", "ru")
SETS = ("tuning", "test")

Pair = tuple[str, str]  # (article stem, point id)


@dataclass(frozen=True)
class Labelled:
    stem: str
    language: str
    set: str
    about: frozenset[str]
    mentions: frozenset[str]


@dataclass(frozen=True)
class Figures:
    articles: int
    about: int
    recall_mentions: float | None  # of the about points, found as mentions
    recall_both: float | None  # of the about points, found as mentions or possible mentions
    recall_all_both: float | None  # of about + mentions, found as either
    found: int  # (article, point) pairs found as mentions
    precision: float | None  # of those, labelled


def load_labels(cases: Path = CASES) -> list[Labelled]:
    raw = yaml.safe_load((cases / "labels.yml").read_text(encoding="utf-8"))["articles"]
    return [Labelled(e["id"], e["language"], e["set"], frozenset(e["about"]), frozenset(e["mentions"])) for e in raw]


def link(cases: Path = CASES) -> tuple[list[Labelled], set[Pair], set[Pair]]:
    """The labels, and the (article, point) pairs found as mentions and as possible mentions only."""
    labels = load_labels(cases)
    register, _ = load_register(cases / "register.yml", str(cases / "register.yml"))
    articles = {item.stem: read_article(cases / "articles" / f"{item.stem}.txt") for item in labels}
    stems = {article.id: stem for stem, article in articles.items()}
    found = mentions_by_point(list(register.points), list(articles.values()))
    mentions = {(stems[m.article.id], m.point_id) for ms in found.values() for m in ms if not m.possible}
    possible = {(stems[m.article.id], m.point_id) for ms in found.values() for m in ms if m.possible} - mentions
    return labels, mentions, possible


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def figures(labels: list[Labelled], mentions: set[Pair], possible: set[Pair]) -> Figures:
    stems = {item.stem for item in labels}
    about = {(item.stem, p) for item in labels for p in item.about}
    labelled = about | {(item.stem, p) for item in labels for p in item.mentions}
    got = {pair for pair in mentions if pair[0] in stems}
    either = got | {pair for pair in possible if pair[0] in stems}
    return Figures(len(labels), len(about), _ratio(len(about & got), len(about)),
                   _ratio(len(about & either), len(about)), _ratio(len(labelled & either), len(labelled)),
                   len(got), _ratio(len(got & labelled), len(got)))


def table(labels: list[Labelled], mentions: set[Pair], possible: set[Pair]) -> dict[tuple[str, str], Figures]:
    """Figures per (language, set), each language's set 'all' included."""
    rows = {}
    for language in LANGUAGES:
        for name in (*SETS, "all"):
            members = [i for i in labels if i.language == language and name in (i.set, "all")]
            rows[(language, name)] = figures(members, mentions, possible)
    return rows


def _show(value: float | None) -> str:
    return "   -" if value is None else f"{value:.2f}"


def format_table(rows: dict[tuple[str, str], Figures]) -> str:
    lines = ["Ukrainian and Russian articles: (article, point) pairs",
             f"{'language':<8} {'set':<7} {'articles':>8} {'about':>5}   {'recall: mentions':>16} {'+ possible':>10}"
             f"   {'about+mentions: + possible':>26}   {'mentions found':>14} {'precision':>9}"]
    for (language, name), f in rows.items():
        lines.append(f"{language:<8} {name:<7} {f.articles:>8} {f.about:>5}   {_show(f.recall_mentions):>16} "
                     f"{_show(f.recall_both):>10}   {_show(f.recall_all_both):>26}   {f.found:>14} {_show(f.precision):>9}")
    return "\n".join(lines) + "\n"


def errors(labels: list[Labelled], mentions: set[Pair], possible: set[Pair]) -> str:
    """The tuning set's misses (of about points), possible-only finds and false alarms."""
    lines = []
    for item in (i for i in labels if i.set == "tuning"):
        for point in sorted(item.about):
            if (item.stem, point) not in mentions:
                kind = "possible" if (item.stem, point) in possible else "missed"
                lines.append(f"{kind:<11} {item.stem} {point}")
        for stem, point in sorted(p for p in mentions if p[0] == item.stem):
            if point not in item.about | item.mentions:
                lines.append(f"{'false alarm':<11} {stem} {point}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="also list the tuning set's misses and false alarms")
    options = parser.parse_args(argv)
    labels, mentions, possible = link()
    print(format_table(table(labels, mentions, possible)), end="")
    if options.errors:
        print("\n" + errors(labels, mentions, possible), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
