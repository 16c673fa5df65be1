"""The labelled article set and its measurement (tests/linking_eval.py) hold together.

These tests check the labels and the arithmetic, not how well the rules score: the scores
are measured by `python tests/linking_eval.py`, and the frozen set must not steer tuning.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from generator.articles import Article, Paragraph
from generator.errors import InputError
from generator.register import load_register
from linking_eval import (
    ALL, ARTICLES_DIR, REGISTER_FILE, ROOT, SETS, TUNING_SETS, LabelledArticle, format_table, load_labelled, measure,
)

POINTS = {"donbas-territory", "army-cap", "nato-membership", "plan-origin"}
FROZEN_PAIRS_PER_POINT = 8  # labelled (paragraph, point) pairs: fewer cannot tell 0.95 from 0.85


@pytest.fixture(scope="module")
def point_ids() -> set[str]:
    register, _ = load_register(REGISTER_FILE)
    return {p.id for p in register.points}


def test_every_paragraph_of_every_article_is_labelled(point_ids):
    articles = load_labelled(point_ids)  # raises, naming file:line:col, on any gap or stray number
    assert len(articles) == len(list(ARTICLES_DIR.glob("*.txt")))
    for item in articles:
        assert sorted(item.paragraphs) == [p.number for p in item.article.paragraphs]


def test_the_split_is_by_article_and_balanced_across_styles(point_ids):
    articles = load_labelled(point_ids)
    first = [a for a in articles if a.batch == 1]  # one seeded shuffle split them, style by style
    per_style = Counter((a.style, a.set) for a in first)
    for style in {a.style for a in first}:
        counts = [per_style[(style, name)] for name in TUNING_SETS]
        assert min(counts) >= 1 and max(counts) - min(counts) <= 1, (style, counts)
    # later batches were written whole for a frozen set: the newest is the frozen one
    newest = max(a.batch for a in articles)
    frozen = [a for a in articles if a.set == "frozen"]
    assert frozen == [a for a in articles if a.batch == newest]
    assert all(a.set == "reviewed" for a in articles if 1 < a.batch < newest)
    assert len(frozen) >= 15 and len({a.style for a in frozen}) >= 6
    labelled = Counter(point for a in frozen for _, _, point in a.pairs())
    assert min(labelled[point] for point in point_ids) >= FROZEN_PAIRS_PER_POINT, labelled


def _write_case(tmp_path: Path, labels: str) -> tuple[Path, Path]:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "wire_1.txt").write_text(
        " date 2025-12-01 Lead about the army cap.\n\nMiddle heading\n\nA closing paragraph.\n", encoding="utf-8")
    labels_file = tmp_path / "articles.yml"
    labels_file.write_text(labels, encoding="utf-8")
    return labels_file, articles


GOOD_ENTRY = """articles:
  - id: wire_1
    style: wire
    set: tuning
    batch: 1
    about: [army-cap]
    paragraphs:
      1: [army-cap]
      2: []
"""


def test_a_label_for_a_paragraph_the_article_lacks_is_refused_with_its_line(tmp_path):
    labels_file, articles = _write_case(tmp_path, GOOD_ENTRY + "      3: []\n      4: [army-cap]\n")
    with pytest.raises(InputError) as caught:
        load_labelled(POINTS, labels_file, articles)
    assert f"{labels_file}:11:7: labels: 'wire_1' has no paragraph 4" in str(caught.value)


def test_unlabelled_paragraphs_and_unknown_points_are_refused(tmp_path):
    labels_file, articles = _write_case(tmp_path, GOOD_ENTRY.replace("2: []", "2: [army-size]"))
    with pytest.raises(InputError) as caught:
        load_labelled(POINTS, labels_file, articles)
    message = str(caught.value)
    assert "'army-size' is not a point of the register" in message
    assert "'wire_1': paragraphs [3] are not labelled" in message


def _item(stem: str, set_: str, about: set[str], labels: dict[int, set[str]]) -> LabelledArticle:
    paragraphs = tuple(Paragraph(n, f"paragraph {n}") for n in sorted(labels))
    article = Article(id=stem, path=stem, title=stem, date=date(2025, 12, 1), paragraphs=paragraphs)
    return LabelledArticle(stem, "wire", set_, 1, frozenset(about), {n: frozenset(p) for n, p in labels.items()}, article)


def test_precision_recall_and_article_recall_are_counted_per_set_and_point():
    articles = [
        _item("a", "tuning", {"army-cap", "plan-origin"}, {1: {"army-cap"}, 2: {"army-cap", "plan-origin"}, 3: set()}),
        _item("b", "frozen", {"army-cap"}, {1: {"army-cap"}, 2: set()}),
    ]
    found = {("a", 1, "army-cap"), ("a", 3, "army-cap"), ("a", 3, "plan-origin"), ("b", 2, "plan-origin")}
    rows = {(r.set, r.point): r for r in measure(["army-cap", "plan-origin"], articles, found)}

    army = rows[("tuning", "army-cap")]
    assert (army.paragraphs.labelled, army.paragraphs.found, army.paragraphs.correct) == (2, 2, 1)
    assert (army.articles.about, army.articles.found) == (1, 1)
    origin = rows[("tuning", "plan-origin")]
    assert (origin.paragraphs.precision, origin.paragraphs.recall) == (0.0, 0.0)
    assert (origin.articles.about, origin.articles.found) == (1, 1)  # found, if in the wrong paragraph
    total = rows[("tuning", ALL)]
    assert (total.paragraphs.labelled, total.paragraphs.found, total.paragraphs.correct) == (3, 3, 1)

    frozen = rows[("frozen", "army-cap")]
    assert (frozen.paragraphs.found, frozen.paragraphs.recall) == (0, 0.0)
    assert frozen.paragraphs.precision is None  # nothing found: undefined, not perfect
    assert (frozen.articles.about, frozen.articles.found) == (1, 0)
    assert rows[("frozen", "plan-origin")].paragraphs.precision == 0.0
    assert "frozen  army-cap" in format_table(list(rows.values()), articles)


def _script(*args: str) -> subprocess.CompletedProcess:
    """python tests/linking_eval.py ARGS, measuring this checkout's generator whatever is installed."""
    return subprocess.run([sys.executable, "tests/linking_eval.py", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_runs_as_a_script_and_prints_both_sets():
    run = _script()
    assert run.returncode == 0, run.stderr
    for name in SETS:
        assert f"\n{name:<7} {ALL:<17}" in run.stdout


def test_possible_mentions_count_only_towards_the_recall_of_both_tiers():
    articles = [_item("a", "tuning", {"army-cap"}, {1: {"army-cap"}, 2: {"army-cap"}, 3: set()})]
    rows = {(r.set, r.point): r for r in measure(["army-cap"], articles, {("a", 1, "army-cap")},
                                                 {("a", 2, "army-cap"), ("a", 3, "army-cap")})}
    army = rows[("tuning", "army-cap")]
    assert (army.paragraphs.found, army.paragraphs.correct, army.paragraphs.precision) == (1, 1, 1.0)
    assert (army.either.found, army.either.correct, army.either.recall) == (3, 2, 1.0)
    assert "+ possible mentions" in format_table(list(rows.values()), articles)


def test_a_rule_can_be_switched_from_the_command_line():
    run = _script("--rule", "context_alone=0")
    assert run.returncode == 0, run.stderr
    assert _script("--rule", "section=on").returncode == 0  # a retired rule, measured by the evaluation alone
    bad = _script("--rule", "nosuch=on")
    assert bad.returncode != 0 and "expected NAME=on|off|N" in bad.stderr
