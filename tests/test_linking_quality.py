"""How well mention finding does what a careful reader does, measured on labelled paragraphs.

tests/cases/linking/paragraphs.yml holds paragraphs (the seed article's and wire-style
ones written for the purpose, with traps), each labelled with the register points it is
really about. Every paragraph is linked against the REAL register, and micro precision
and recall over (paragraph, point) pairs must both reach 0.9. Run with -s to see the table:

    python -m pytest tests/test_linking_quality.py -s -q
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
import yaml

from generator.articles import Article, Paragraph
from generator.linker import find_mentions
from generator.mentions import MENTION_THRESHOLD
from generator.readers import is_heading, read_article
from generator.register import Point, Register, load_register
from generator.scoring import DEFAULT_RULES, Rules
from generator.textmatch import normalise, term_pattern
from linking_eval import ALL, format_table
from linking_eval import evaluate as evaluate_articles

ROOT = Path(__file__).resolve().parent.parent
CASES_FILE = ROOT / "tests" / "cases" / "linking" / "paragraphs.yml"
REGISTER_FILE = ROOT / "briefings" / "register.yml"
SEED = "000_1be865c73713f27a"
TARGET = 0.9


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    heading: bool
    expected: frozenset[str]
    holdout: bool


def load_cases() -> list[Case]:
    raw = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))["cases"]
    cases = []
    for item in raw:
        text = " ".join(item["text"].split())
        if "seed" in item:  # as the reader sees it in the article
            seed = read_article(ROOT / "seeds" / f"{item['seed']['article']}.txt")
            heading = seed.paragraph(item["seed"]["paragraph"]).heading
        else:  # as the seed format defines a heading
            heading = item.get("heading", is_heading([text]))
        cases.append(Case(item["id"], text, heading, frozenset(item["points"]), item.get("set") == "holdout"))
    return cases


def as_article(case: Case) -> Article:
    return Article(id=case.id, path=f"cases/{case.id}", title=case.id, date=date(2025, 11, 26),
                   paragraphs=(Paragraph(1, case.text, case.heading),))


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def add(self, expected: bool, found: bool) -> None:
        self.tp += expected and found
        self.fp += found and not expected
        self.fn += expected and not found


@dataclass
class Evaluation:
    rows: dict[str, Tally] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def table(self) -> str:
        lines = [f"{'':24} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>10} {'recall':>8}"]
        for name, t in self.rows.items():
            lines.append(f"{name:24} {t.tp:4} {t.fp:4} {t.fn:4} {t.precision:10.2f} {t.recall:8.2f}")
        return "\n".join(lines)


def evaluate(register: Register, cases: list[Case], rules: Rules = DEFAULT_RULES) -> Evaluation:
    """Micro precision and recall over (paragraph, point) pairs: per point, held-out cases, total."""
    ev = Evaluation({p.id: Tally() for p in register.points})
    ev.rows["(held-out cases)"] = Tally()
    ev.rows["TOTAL"] = Tally()
    for case in cases:
        article = as_article(case)
        for point in register.points:
            mentions = find_mentions(point, article, rules)
            found, expected = bool(mentions), point.id in case.expected
            for row in [point.id, "TOTAL"] + (["(held-out cases)"] if case.holdout else []):
                ev.rows[row].add(expected, found)
            if found != expected:
                terms = ", ".join(mentions[0].terms) if mentions else ""
                kind = "false positive" if found else "missed"
                ev.errors.append(f"{kind:14} {point.id:16} {case.id:8} [{terms}] {case.text[:70]}")
    return ev


CASES = load_cases()
REGISTER, _ = load_register(REGISTER_FILE)


def test_fixture_is_well_formed():
    assert len(CASES) >= 60
    assert len({c.id for c in CASES}) == len(CASES), "case ids must be unique"
    point_ids = {p.id for p in REGISTER.points}
    for case in CASES:
        assert case.expected <= point_ids, f"{case.id}: unknown point ids {set(case.expected - point_ids)}"
    # every paragraph of the seed article, in order and word for word
    seed = read_article(ROOT / "seeds" / f"{SEED}.txt")
    seed_cases = [c for c in CASES if c.id.startswith("seed-p")]
    assert [c.id for c in seed_cases] == [f"seed-p{p.number}" for p in seed.paragraphs]
    for case, paragraph in zip(seed_cases, seed.paragraphs):
        assert case.text == " ".join(paragraph.text.split()), case.id


def test_precision_and_recall_on_labelled_paragraphs():
    ev = evaluate(REGISTER, CASES)
    print(f"\nMention finding on {len(CASES)} labelled paragraphs x {len(REGISTER.points)} points "
          f"(micro over (paragraph, point) pairs; MENTION_THRESHOLD = {MENTION_THRESHOLD:g}):")
    print(ev.table())
    if ev.errors:
        print("Disagreements with the labels:")
        print("\n".join("  " + e for e in ev.errors))
    total = ev.rows["TOTAL"]
    assert total.precision >= TARGET and total.recall >= TARGET, ev.table()


# --- term matching ----------------------------------------------------------------------


def matches(term: str, text: str) -> bool:
    return term_pattern(term).search(normalise(text).text) is not None


@pytest.mark.parametrize(("term", "text", "expected"), [
    # letter case
    ("NATO", "a nato summit", True),
    ("army", "THE ARMY SAID", True),
    ("Donbas", "the DONBAS region", True),
    # word boundaries
    ("army", "an armyworm outbreak", False),
    ("art", "the party", False),
    ("cap", "a capital city", False),
    ("NATO", "NATO-standard shells", True),
    ("Russian", "a Russian-language paper", True),
    ("cap", "(cap)", True),
    # plurals, possessives and inflections
    ("soldier", "600,000 soldiers", True),
    ("army", "both armies", True),
    ("army", "the army's size", True),
    ("territory", "key territories", True),
    ("fortified city", "fortified cities", True),
    ("limit", "limited to", True),
    ("limit", "limiting", True),
    ("reduce", "reduced", True),
    ("reduce", "reducing", True),
    ("cap", "capped at", True),
    ("admit", "never admitted", True),
    ("give away", "given away", True),
    ("hand over", "handed over", True),
    ("concession", "concessions", True),
    ("Ukraine", "Ukraine's army", True),
    ("Russia", "Russian", False),
    # spelling variants the editor lists, separators within a term
    ("Donbas", "Donbass", True),
    ("Donbass", "Donbass", True),
    ("Donbas", "Donbas's cities", True),
    ("non-paper", "a non paper", True),
    ("open door", "its open-door policy", True),
    ("belt of fortifications", "belt  of\nfortifications", True),
    ("28-point plan", "the 28 point plan", True),
    # numbers written differently
    ("600,000", "600,000 soldiers", True),
    ("600,000", "600 000 soldiers", True),
    ("600,000", "600\u00a0000 soldiers", True),
    ("600,000", "600k soldiers", True),
    ("600,000", "600K", True),
    ("600,000", "600.000 Soldaten", True),
    ("600,000", "600 thousand", True),
    ("600,000", "600000", True),
    ("600,000", "a 600,000-strong force", True),
    ("600 000", "600,000", True),
    ("2,000,000", "2 million", True),
    # ... but not as part of another number
    ("600,000", "1600,000", False),
    ("600,000", "1,600,000", False),
    ("600,000", "1 600 000", False),
    ("600,000", "600,000,000", False),
    ("600,000", "6000", False),
    ("600,000", "60,000", False),
    ("600,000", "$600 billion", False),
    ("600,000", "in 2022 600,000 fled", True),
])
def test_term_matching(term, text, expected):
    assert matches(term, text) is expected


def test_mention_records_the_words_that_matched():
    case = Case("t", "The army would be capped at 600 000, a cap Kyiv rejects.", False, frozenset(), False)
    (mention,) = find_mentions(next(p for p in REGISTER.points if p.id == "army-cap"), as_article(case))
    assert {"army", "600 000", "capped"} <= set(mention.terms)


# --- scoring ---------------------------------------------------------------------------

POINT = Point(id="army-cap", title="Army cap", status="open", aliases=["army cap"],
              keywords=["army", "600,000"], context=["limit", "size"], exclude=["Salvation Army"])


@pytest.mark.parametrize(("text", "heading", "expected"), [
    ("The army cap was discussed.", False, True),                # an alias alone
    ("The army would be limited.", False, True),                 # keyword + context word
    ("The army, the army and the army.", False, False),          # one keyword, however often
    ("An army of 600,000 soldiers.", False, False),              # two keywords, no context word
    ("A limit on the size of the order.", False, False),         # context words alone
    ("The Salvation Army set a limit on meals.", False, False),  # keyword inside an exclude phrase
    ("Army Size", True, True),                                   # heading: keyword + context
    ("Army", True, True),                                        # heading: a keyword announces the section
    ("The army.", False, False),
])
def test_scoring(text, heading, expected):
    case = Case("t", text, heading, frozenset(), False)
    assert bool(find_mentions(POINT, as_article(case))) is expected


def test_without_context_words_a_second_keyword_is_the_support():
    point = POINT.model_copy(update={"context": [], "aliases": []})
    assert find_mentions(point, as_article(Case("t", "An army of 600,000.", False, frozenset(), False)))
    assert not find_mentions(point, as_article(Case("t", "The army said.", False, frozenset(), False)))


# --- whole articles: the frozen set ------------------------------------------------------

FROZEN_RECALL = 0.95  # mentions and possible mentions together: nothing silently missed
FROZEN_PRECISION = 0.85  # mentions: the review queue is worth reading


def test_frozen_articles_meet_the_recall_and_precision_targets():
    """Both tiers on every set, per point, printed; the targets hold on the frozen set (never tuned on)."""
    rows, articles, _ = evaluate_articles()
    print("\n" + format_table(rows, articles))
    total = next(r for r in rows if r.set == "frozen" and r.point == ALL)
    assert total.either.recall >= FROZEN_RECALL, f"recall of mentions + possible mentions {total.either.recall:.2f}"
    assert total.paragraphs.precision >= FROZEN_PRECISION, f"precision of mentions {total.paragraphs.precision:.2f}"
