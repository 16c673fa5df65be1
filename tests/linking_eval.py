"""Mention finding measured on whole labelled articles, each set apart.

tests/cases/linking/articles.yml labels every paragraph of the articles in
tests/cases/linking/articles/ with the register points it is really about, and names the
points each article is mainly about (`about`). This module links every article with
the generator's linker and the real register, all sets together as one corpus, and
reports, for each set:

- micro precision and recall over (paragraph, point) pairs, per point and in total;
- article-level recall of `about` points: an article finds a point when any of its
  paragraphs is a mention of it.

The frozen set is never used for tuning, so only the errors of the `tuning` and
`reviewed` sets can be listed:

    python tests/linking_eval.py             # the table
    python tests/linking_eval.py --errors    # plus the tuning sets' misses, possible mentions and false alarms
    python tests/linking_eval.py --rule common_support=off   # with one rule switched
    python tests/linking_eval.py --rule section=on           # ... or a retired one (tests/retired_rules.py)
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from generator.articles import Article
from generator.errors import InputError, Problem, Problems
from generator.mentions import MENTION_THRESHOLD, POSSIBLE_THRESHOLD, Mention
from generator.scoring import DEFAULT_RULES, Rules
from generator.readers import read_article
from generator.register import Register, load_register
from generator.yamlsource import YamlDoc, load_yaml
from retired_rules import RETIRED_RULES, Retired, RetiredRulesLinker

ROOT = Path(__file__).resolve().parent.parent
CASES_DIR = ROOT / "tests" / "cases" / "linking"
LABELS_FILE = CASES_DIR / "articles.yml"
ARTICLES_DIR = CASES_DIR / "articles"
REGISTER_FILE = ROOT / "briefings" / "register.yml"
SETS = ("tuning", "reviewed", "frozen")
TUNING_SETS = ("tuning", "reviewed")  # whose errors may be looked at
ALL = "all"

Pair = tuple[str, int, str]  # (article file stem, paragraph number, point id)


@dataclass(frozen=True)
class LabelledArticle:
    stem: str  # the file stem, as labelled; the Article's id is its slug
    style: str
    set: str
    batch: int  # which writing round it came from: 1 (tuning + first frozen set), 2, 3, ...
    about: frozenset[str]
    paragraphs: dict[int, frozenset[str]]  # every paragraph number -> points it is about
    article: Article

    def pairs(self) -> set[Pair]:
        return {(self.stem, number, point) for number, points in self.paragraphs.items() for point in points}


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def _point_list(value: object, where: tuple, doc: YamlDoc, problems: Problems, display: str, point_ids: set[str]) -> frozenset[str]:
    line, col = doc.where(where)
    if not isinstance(value, list):
        problems.add(display, line, col, "labels", f"expected a list of point ids, got {value!r}", "write e.g. [army-cap] or []")
        return frozenset()
    for index, item in enumerate(value):
        if item not in point_ids:
            line, col = doc.where(where + (index,))
            problems.add(display, line, col, "labels", f"'{item}' is not a point of the register",
                         f"use one of {', '.join(sorted(point_ids))}")
    return frozenset(item for item in value if item in point_ids)


def load_labelled(point_ids: set[str], labels_file: Path = LABELS_FILE,
                  articles_dir: Path = ARTICLES_DIR) -> list[LabelledArticle]:
    """Every labelled article, checked against its file: InputError listing every problem."""
    display = _display(labels_file)
    doc = load_yaml(labels_file.read_text(encoding="utf-8"), display, what="labels")
    problems = Problems()
    entries = doc.data.get("articles") if isinstance(doc.data, dict) else None
    if not isinstance(entries, list):
        raise InputError([Problem(display, 1, 1, "labels", "no 'articles:' list",
                                  "start the file with 'articles:' and one entry per article")])
    labelled: list[LabelledArticle] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        at = ("articles", index)
        line, col = doc.where(at)
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            problems.add(display, line, col, "labels", "an entry without an 'id'", "give the article's file stem, e.g. wire_1")
            continue
        stem = entry["id"]
        if stem in seen:
            problems.add(display, line, col, "labels", f"'{stem}' is labelled twice", "keep one entry per article")
            continue
        seen.add(stem)
        unknown = set(entry) - {"id", "style", "set", "batch", "about", "paragraphs"}
        for key in sorted(unknown):
            kl, kc = doc.where(at + (key,), key=True)
            problems.add(display, kl, kc, "labels", f"unknown key '{key}'", "use id, style, set, batch, about, paragraphs")
        file = articles_dir / f"{stem}.txt"
        if not file.is_file():
            problems.add(display, line, col, "labels", f"no article file {_display(file)}", "the id is the file stem")
            continue
        try:
            article = read_article(file, _display(file))
        except InputError as error:
            problems.extend(error.problems)
            continue
        if entry.get("set") not in SETS:
            sl, sc = doc.where(at + ("set",))
            problems.add(display, sl, sc, "labels", f"set must be one of {', '.join(SETS)}, got {entry.get('set')!r}")
        style = entry.get("style")
        if style != stem.split("_")[0]:
            sl, sc = doc.where(at + ("style",))
            problems.add(display, sl, sc, "labels", f"style {style!r} does not match the file name '{stem}'",
                         "files are named <style>_<n>.txt")
        about = _point_list(entry.get("about"), at + ("about",), doc, problems, display, point_ids)
        raw = entry.get("paragraphs")
        if not isinstance(raw, dict):
            problems.add(display, line, col, "labels", f"'{stem}' has no 'paragraphs:' mapping",
                         "map every paragraph number to its points")
            continue
        numbers = {p.number for p in article.paragraphs}
        paragraphs: dict[int, frozenset[str]] = {}
        for number, points in raw.items():
            kl, kc = doc.where(at + ("paragraphs", number), key=True)
            if number not in numbers:
                problems.add(display, kl, kc, "labels", f"'{stem}' has no paragraph {number!r}",
                             f"it has paragraphs 1 to {len(numbers)}, headings included")
                continue
            paragraphs[number] = _point_list(points, at + ("paragraphs", number), doc, problems, display, point_ids)
        missing = sorted(numbers - set(raw))
        if missing:
            problems.add(display, line, col, "labels", f"'{stem}': paragraphs {missing} are not labelled",
                         "label every paragraph, [] when it is about no point")
        for point in sorted(about - {p for ps in paragraphs.values() for p in ps}):
            al, ac = doc.where(at + ("about",))
            problems.add(display, al, ac, "labels", f"'{stem}' is about '{point}' but no paragraph is labelled with it")
        batch = entry.get("batch")
        if not isinstance(batch, int) or isinstance(batch, bool) or batch < 1:
            bl, bc = doc.where(at + ("batch",)) if "batch" in entry else (line, col)
            problems.add(display, bl, bc, "labels", f"batch must be a whole number from 1, got {batch!r}",
                         "write e.g. batch: 1")
            batch = 0
        labelled.append(LabelledArticle(stem, str(style), str(entry.get("set")), batch, about, paragraphs, article))
    for file in sorted(articles_dir.glob("*.txt")):
        if file.stem not in seen:
            problems.add(_display(file), 1, 1, "labels", f"'{file.stem}' has no entry in {display}", "label it or remove it")
    problems.raise_if_any()
    return labelled


def found_mentions(register: Register, articles: list[LabelledArticle],
                   rules: Rules = DEFAULT_RULES, retired: Retired = Retired()) -> dict[Pair, Mention]:
    """Every (paragraph, point) pair the rules report, with its mention or possible mention."""
    stems = {item.article.id: item.stem for item in articles}
    found = RetiredRulesLinker(list(register.points), rules, retired).link([item.article for item in articles])
    return {(stems[m.article.id], m.paragraph, m.point_id): m for ms in found.values() for m in ms}


def found_tiers(register: Register, articles: list[LabelledArticle], rules: Rules = DEFAULT_RULES,
                retired: Retired = Retired()) -> tuple[set[Pair], set[Pair]]:
    """The (paragraph, point) pairs the rules report as mentions, and as possible mentions."""
    found = found_mentions(register, articles, rules, retired)
    return ({p for p, m in found.items() if not m.possible}, {p for p, m in found.items() if m.possible})


def found_pairs(register: Register, articles: list[LabelledArticle]) -> set[Pair]:
    """The (paragraph, point) pairs the current rules report as mentions."""
    return found_tiers(register, articles)[0]


@dataclass(frozen=True)
class Score:
    labelled: int
    found: int
    correct: int

    @property
    def precision(self) -> float | None:
        return self.correct / self.found if self.found else None

    @property
    def recall(self) -> float | None:
        return self.correct / self.labelled if self.labelled else None


@dataclass(frozen=True)
class ArticleRecall:
    about: int  # (article, point) pairs labelled `about`
    found: int  # of those, how many have at least one mention of the point

    @property
    def recall(self) -> float | None:
        return self.found / self.about if self.about else None


@dataclass(frozen=True)
class Row:
    set: str
    point: str  # a point id, or ALL
    paragraphs: Score  # mentions
    articles: ArticleRecall
    either: Score | None = None  # mentions and possible mentions together


def measure(point_ids: list[str], articles: list[LabelledArticle], found: set[Pair],
            possible: frozenset[Pair] | set[Pair] = frozenset()) -> list[Row]:
    """Rows per set and point (then ALL) from the labels and the pairs found (mentions, possible). Pure."""
    rows = []
    for name in SETS:
        members = [a for a in articles if a.set == name]
        stems = {a.stem for a in members}
        truth = set().union(*(a.pairs() for a in members))
        got = {pair for pair in found if pair[0] in stems}
        hit_articles = {(stem, point) for stem, _, point in got}
        about = {(a.stem, point) for a in members for point in a.about}
        for point in [*point_ids, ALL]:
            def of_point(pairs: set, point: str = point) -> set:
                return pairs if point == ALL else {p for p in pairs if p[-1] == point}
            t, g, a = of_point(truth), of_point(got), of_point(about)
            e = of_point(got | {pair for pair in possible if pair[0] in stems})
            rows.append(Row(name, point, Score(len(t), len(g), len(t & g)),
                            ArticleRecall(len(a), len(a & hit_articles)), Score(len(t), len(e), len(t & e))))
    return rows


def _ratio(value: float | None) -> str:
    return "   -" if value is None else f"{value:.2f}"


def format_table(rows: list[Row], articles: list[LabelledArticle]) -> str:
    lines = [f"Mention finding on labelled articles (mentions: score >= {MENTION_THRESHOLD:g}; "
             f"possible mentions: score >= {POSSIBLE_THRESHOLD:g})"]
    for name in SETS:
        members = [a for a in articles if a.set == name]
        lines.append(f"{name}: {len(members)} articles, {sum(len(a.paragraphs) for a in members)} paragraphs")
    lines.append("")
    lines.append(f"{'':<25} {'(paragraph, point) pairs: mentions':<42}   {'+ possible mentions':<30}   "
                 f"{'articles: about points'}")
    lines.append(f"{'set':<7} {'point':<17} {'labelled':>8} {'found':>5} {'correct':>7} "
                 f"{'precision':>9} {'recall':>6}   {'found':>5} {'correct':>7} {'precision':>9} {'recall':>6}   "
                 f"{'about':>5} {'found':>5} {'recall':>6}")
    for row in rows:
        p, a, e = row.paragraphs, row.articles, row.either or row.paragraphs
        lines.append(f"{row.set:<7} {row.point:<17} {p.labelled:>8} {p.found:>5} {p.correct:>7} "
                     f"{_ratio(p.precision):>9} {_ratio(p.recall):>6}   {e.found:>5} {e.correct:>7} "
                     f"{_ratio(e.precision):>9} {_ratio(e.recall):>6}   {a.about:>5} {a.found:>5} {_ratio(a.recall):>6}")
        if row.point == ALL:
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def format_errors(articles: list[LabelledArticle], found: set[Pair], possible: set[Pair] = frozenset(),
                  reasons: dict[Pair, str] | None = None) -> str:
    """Misses, possible mentions and false alarms of the TUNING sets only, with the reason and the text."""
    lines = []
    for item in (a for a in articles if a.set in TUNING_SETS):
        truth = item.pairs()
        got = {p for p in found if p[0] == item.stem}
        maybe = {p for p in possible if p[0] == item.stem}
        for label, pairs in (("missed", truth - got - maybe), ("possible", truth & maybe),
                             ("false alarm", got - truth), ("wrong poss.", maybe - truth)):
            for pair in sorted(pairs):
                stem, number, point = pair
                reason = f" [{reasons[pair]}]" if reasons and pair in reasons else ""
                text = item.article.paragraph(number).text
                lines.append(f"{label:<11} {stem} p{number} {point}{reason}: {text[:160]}")
    return "\n".join(lines) + "\n"


def evaluate(register_file: Path = REGISTER_FILE, labels_file: Path = LABELS_FILE,
             articles_dir: Path = ARTICLES_DIR, rules: Rules = DEFAULT_RULES, retired: Retired = Retired(),
             ) -> tuple[list[Row], list[LabelledArticle], tuple[set[Pair], set[Pair]]]:
    register, _ = load_register(register_file, _display(register_file))
    articles = load_labelled({p.id for p in register.points}, labels_file, articles_dir)
    found, possible = found_tiers(register, articles, rules, retired)
    return measure([p.id for p in register.points], articles, found, possible), articles, (found, possible)


def _number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def _rules(names: list[str]) -> tuple[Rules, Retired]:
    """The default rules with the named ones switched: 'common_support=off', 'context_alone=1', 'section=on'."""
    changes, retired = {}, {}
    known = [*Rules.__dataclass_fields__, *RETIRED_RULES]
    for item in names:
        name, _, value = item.partition("=")
        if name not in known or not (value in ("on", "off") or (_number(value) and name not in RETIRED_RULES)):
            raise SystemExit(f"--rule {item}: expected NAME=on|off|N, NAME one of {', '.join(known)}")
        if name in RETIRED_RULES:
            retired[name] = value == "on"
        else:
            changes[name] = value == "on" if value in ("on", "off") else type(getattr(DEFAULT_RULES, name))(value)
    return replace(DEFAULT_RULES, **changes), Retired(**retired)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="also list the tuning sets' misses and false alarms")
    parser.add_argument("--rule", action="append", default=[], metavar="NAME=on|off",
                        help="switch one rule of generator.scoring.Rules, or a retired one of tests/retired_rules.py, "
                             "to measure its effect")
    options = parser.parse_args(argv)
    try:
        rules, retired = _rules(options.rule)
        rows, articles, (found, possible) = evaluate(rules=rules, retired=retired)
    except InputError as error:
        print(error, file=sys.stderr)
        return 1
    print(format_table(rows, articles), end="")
    if options.errors:
        register, _ = load_register(REGISTER_FILE, _display(REGISTER_FILE))
        # linked as the table links them, every set together; only the tuning sets' errors are shown
        reasons = {pair: m.reason for pair, m in found_mentions(register, articles, rules, retired).items()}
        print("\n" + format_errors(articles, found, possible, reasons), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
