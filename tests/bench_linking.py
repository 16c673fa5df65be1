"""Linking time on a synthetic corpus: many articles x many points, and one huge paragraph.

    python tests/bench_linking.py                    # 1,000 articles x 50 points, and 2 MiB
    python tests/bench_linking.py --articles 100 --points 20
    python tests/bench_linking.py --old-rules --register old-register.yml   # a baseline

The corpus is random but seeded: articles of 5 to 14 paragraphs of 40 to 90 words, with
Unicode punctuation and headings, drawing on the points' terms at realistic rates so that
linking finds mentions. Points are the shipped register's four, then variations of them
with other place names and numbers.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import fields
from datetime import date
from pathlib import Path

from generator.articles import Article, Paragraph
from generator.linker import mentions_by_point
from generator.register import Point, load_register
from generator.scoring import DEFAULT_RULES, Rules

ROOT = Path(__file__).resolve().parent.parent
FILLER = ("the officials said talks would continue next week while diplomats in Geneva and Washington "
          "weighed the proposals and analysts cautioned that any agreement remained distant as "
          "fighting went on along the front and leaders traded statements about guarantees").split()
PLACES = ["Kherson", "Zaporizhzhia", "Odesa", "Kharkiv", "Sumy", "Mykolaiv", "Crimea", "Chernihiv",
          "Poltava", "Dnipro", "Izium", "Bakhmut", "Avdiivka"]
PUNCT = ["“", "”", "—", "’", ",", ".", "…"]


def make_points(count: int, register_file: Path = ROOT / "briefings" / "register.yml") -> list[Point]:
    register, _ = load_register(register_file)
    base = list(register.points)
    points = []
    for index in range(count):
        model = base[index % len(base)]
        if index < len(base):
            points.append(model)
            continue
        place = PLACES[index % len(PLACES)]
        number = f"{(index * 37) % 900 + 100},000"
        points.append(model.model_copy(update={
            "id": f"{model.id}-{index}",
            "aliases": [f"{a} {place}" for a in model.aliases[:3]],
            "keywords": [*model.keywords[:5], place, number],
            "history": [], "dismissed": [],
        }))
    return points


def make_articles(count: int, points: list[Point], rng: random.Random) -> list[Article]:
    vocabulary = [t for p in points for t in [*p.keywords, *p.context, *p.aliases]]
    articles = []
    for number in range(count):
        paragraphs = []
        for index in range(rng.randint(5, 14)):
            if index and rng.random() < 0.1:
                paragraphs.append(Paragraph(index + 1, rng.choice(vocabulary).title(), True))
                continue
            words = []
            for _ in range(rng.randint(40, 90)):
                words.append(rng.choice(vocabulary) if rng.random() < 0.015 else rng.choice(FILLER))
                if rng.random() < 0.08:
                    words[-1] += rng.choice(PUNCT)
            paragraphs.append(Paragraph(index + 1, " ".join(words), False))
        articles.append(Article(id=f"a{number:05d}", path=f"seeds/a{number:05d}.txt", title=f"Article {number}",
                                date=date(2025, 11, 1 + number % 28), paragraphs=tuple(paragraphs)))
    return articles


def link_all(points: list[Point], articles: list[Article], old_rules: bool = False) -> int:
    """How many mentions the linker finds; the one call being timed."""
    found = mentions_by_point(points, articles, OLD_RULES if old_rules else DEFAULT_RULES)
    return sum(len([m for m in ms if not m.possible]) for ms in found.values())


# every generalising rule off: the mentions the linker found before it had possible mentions
OLD_RULES = Rules(**{f.name: False for f in fields(Rules) if f.type in ("bool", bool)}, context_alone=0)


def timed(points: list[Point], articles: list[Article], old_rules: bool = False) -> tuple[float, float, int]:
    """Wall and processor seconds of one linking run, and the mentions it found."""
    wall, cpu = time.perf_counter(), time.process_time()
    found = link_all(points, articles, old_rules)
    return time.perf_counter() - wall, time.process_time() - cpu, found


def huge_article(points: list[Point], rng: random.Random, size: int = 2 * 1024 * 1024) -> Article:
    """One paragraph of about size bytes, dense with terms (and their exclusions)."""
    vocabulary = [t for p in points for t in [*p.keywords, *p.context, *p.aliases, *p.exclude]]
    words, length = [], 0
    while length < size:
        word = rng.choice(vocabulary) if rng.random() < 0.2 else rng.choice(FILLER)
        words.append(word)
        length += len(word.encode("utf-8")) + 1
    return Article(id="huge", path="seeds/huge.txt", title="Huge", date=date(2025, 11, 1),
                   paragraphs=(Paragraph(1, " ".join(words), False),))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--points", type=int, default=50)
    parser.add_argument("--skip-huge", action="store_true")
    parser.add_argument("--old-rules", action="store_true",
                        help="score with every generalising rule off (the mentions found before possible mentions)")
    parser.add_argument("--register", type=Path, default=ROOT / "briefings" / "register.yml",
                        help="the register whose points (and their variations) are linked")
    parser.add_argument("--corpus-register", type=Path, default=None,
                        help="draw the articles' words from this register's points instead (the same corpus for two registers)")
    options = parser.parse_args(argv)
    rng = random.Random(2025)
    points = make_points(options.points, options.register)
    corpus_points = make_points(options.points, options.corpus_register) if options.corpus_register else points
    articles = make_articles(options.articles, corpus_points, rng)
    wall, cpu, found = timed(points, articles, options.old_rules)
    print(f"linking {options.articles} articles x {options.points} points: {wall:.2f} s ({cpu:.2f} s CPU), "
          f"{found} mentions")
    if not options.skip_huge:
        huge = huge_article(corpus_points[:4], rng)
        wall, cpu, found = timed(points[:4], [huge], options.old_rules)
        print(f"linking one 2 MiB paragraph x 4 points: {wall:.2f} s ({cpu:.2f} s CPU), {found} mentions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
