"""How well `briefing add PAGE.html` extracts articles, measured on the fixtures in tests/cases/intake/.

python tests/intake_eval.py prints the table per layout: article paragraphs kept, saved paragraphs that
are boilerplate, and title, date and outlet found right. tests/test_intake_quality.py holds the thresholds.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from generator.intake import extract

CASES = Path(__file__).parent / "cases" / "intake"
FIELDS = ("title", "date", "outlet")


@dataclass
class Score:
    pages: int = 0
    expected: int = 0  # article paragraphs (headings included) on the pages
    kept: int = 0  # of those, found in the saved text
    saved: int = 0  # paragraphs saved
    boilerplate: int = 0  # of those, not a paragraph of the article
    right: dict[str, int] | None = None
    misses: list[str] | None = None

    def add(self, other: "Score") -> None:
        self.pages += other.pages
        self.expected += other.expected
        self.kept += other.kept
        self.saved += other.saved
        self.boilerplate += other.boilerplate
        for field in FIELDS:
            self.right[field] += other.right[field]
        self.misses += other.misses


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def score_page(path: Path, labels: dict) -> Score:
    name = path.name
    article = extract(path.read_bytes())
    saved = [_norm(b.text) for b in article.blocks]
    expected = [_norm(p) for p in labels["paragraphs"]]
    found = {"title": article.title, "date": article.date.isoformat() if article.date else None, "outlet": article.outlet}
    right = {field: int(found[field] == labels[field]) for field in FIELDS}
    misses = [f"{name}: {field} {found[field]!r}, expected {labels[field]!r}" for field in FIELDS if not right[field]]
    misses += [f"{name}: lost {p[:60]!r}" for p in expected if p not in saved]
    misses += [f"{name}: boilerplate {p[:60]!r}" for p in saved if p not in expected]
    return Score(1, len(expected), sum(p in saved for p in expected), len(saved), sum(p not in expected for p in saved),
                 right, misses)


def measure(labels_file: str = "expected.json", folder: str = "pages") -> dict[str, Score]:
    """The scores per layout, and over all pages under 'all'.

    expected.json and pages/: the twenty pages (make_pages.py); heldout.json and heldout/: five
    pages of other layouts and languages, labelled before they were first run, never tuned on.
    """
    labels = json.loads((CASES / labels_file).read_text("utf-8"))
    scores: dict[str, Score] = {}
    for name, label in sorted(labels.items()):
        page = score_page(CASES / folder / name, label)
        for key in (label["layout"], "all"):
            scores.setdefault(key, Score(right=dict.fromkeys(FIELDS, 0), misses=[])).add(page)
    return scores


def table(scores: dict[str, Score]) -> str:
    rows = ["| layout | pages | paragraphs kept | boilerplate saved | title | date | outlet |", "|---|---|---|---|---|---|---|"]
    for layout, s in scores.items():
        fields = " | ".join(f"{s.right[f]}/{s.pages}" for f in FIELDS)
        rows.append(f"| {layout} | {s.pages} | {s.kept}/{s.expected} | {s.boilerplate}/{s.saved} | {fields} |")
    return "\n".join(rows)


if __name__ == "__main__":
    for labels_file, folder in (("expected.json", "pages"), ("heldout.json", "heldout")):
        result = measure(labels_file, folder)
        print(f"{folder}/\n{table(result)}")
        print("\n".join(result["all"].misses) + "\n")
