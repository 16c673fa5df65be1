"""`briefing add` names the points an article touches exactly as the build will list them."""

from __future__ import annotations

import re

import pytest

from generator.commands import main
from generator.export import export
from generator.pipeline import check
from generator.project import Project

# Moscow is a context word of plan-origin; in every paragraph of these articles it is
# common in the corpus (more than 10% of 100 paragraphs or more), so it supports no keyword.
FILLER = "\n\n".join(f"Officials in Moscow said the talks would go on, round {n}." for n in range(12))
NEW_ARTICLE = (" date 2025-12-02 Officials said the document reflected the view from Moscow.\n\n"
               "Negotiators discussed a cap on the size of the army.\n")


@pytest.fixture
def corpus(project, monkeypatch):
    monkeypatch.chdir(project)
    for n in range(9):
        (project / "seeds" / f"2025-11-{10 + n}_filler.txt").write_text(f" date 2025-11-{10 + n} {FILLER}\n", "utf-8")
    return project


def _touched(out: str) -> list[str]:
    return re.findall(r"^    touches ([a-z0-9-]+): ", out, re.MULTILINE)


def test_add_prints_the_points_the_build_lists_for_the_article(corpus, tmp_path, capsys):
    new = tmp_path / "2025-12-02_wire.txt"
    new.write_text(NEW_ARTICLE, "utf-8")
    assert main(["add", str(new)]) == 0
    printed = _touched(capsys.readouterr().out)
    exported = export(check(Project.at(corpus)))
    (listed,) = [a["points"] for a in exported["articles"] if a["id"] == "2025-12-02_wire"]
    assert printed == listed == ["army-cap"]
    # the case that tells them apart: linked alone, "document ... Moscow" would be a mention of plan-origin
    origin = next(p for p in exported["points"] if p["id"] == "plan-origin")
    assert {"article": "2025-12-02_wire", "paragraph": 1, "score": 1.0, "dismissed": False,
            "reason": "keyword 'document', words common in the corpus"} in origin["possible_mentions"]
