"""The editors' desk: review by article, `briefing reviewed`, progress and the waiting limit."""

from __future__ import annotations

import json
from datetime import date

import pytest

from generator.commands import main
from generator.register import edit as register_edit
from generator.register import parse_register
from helpers import SEED

NEW_ARTICLE = (" date 2025-11-28 The army would be capped at 800,000 under the new draft.\n\n"
               "Ukraine would not join NATO, the draft says, and NATO membership stays off the table.\n")
REGISTER = """title: T
parties: [{id: ukraine, name: Ukraine}]
ARTICLES
points:
  - id: army-cap
    title: Army cap
    status: open
    keywords: [army]
"""


@pytest.fixture
def here(project, monkeypatch):
    monkeypatch.chdir(project)
    (project / "seeds" / "2025-11-28_wire.txt").write_text(NEW_ARTICLE, "utf-8")
    return project


def _waiting(capsys) -> list[str]:
    assert main(["triage", "--format", "json"]) == 0
    return [a["article"] for a in json.loads(capsys.readouterr().out)]


def test_reviewed_takes_the_article_out_of_the_queue_and_keeps_it_on_the_desk(here, capsys):
    assert _waiting(capsys) == ["2025-11-28_wire"]
    assert main(["reviewed", "2025-11-28_wire", "--date", "2025-12-01", "--note", "Nothing new"]) == 0
    assert "reviewed 2025-11-28_wire" in capsys.readouterr().out
    text = (here / "briefings" / "register.yml").read_text("utf-8")
    assert "  2025-11-28_wire: {reviewed: 2025-12-01, review_note: Nothing new}\n" in text
    assert _waiting(capsys) == []
    assert main(["triage"]) == 0
    assert "Nothing to review" in capsys.readouterr().out
    from generator.desk import desk_pages
    from generator.pipeline import check
    from generator.project import Project
    pages = desk_pages(check(Project.at(here)))
    assert "## Reviewed" in pages["index.md"] and "**Reviewed 2025-12-01**: Nothing new." in pages["review/2025-11-28_wire.md"]


def test_reviewed_of_an_unknown_article_is_located_and_changes_nothing(here, capsys):
    before = (here / "briefings" / "register.yml").read_bytes()
    assert main(["reviewed", "2025-11-28_wire", "2025-11-28_wir"]) == 1
    err = capsys.readouterr().err
    assert "no article '2025-11-28_wir' in the seeds" in err and "did you mean '2025-11-28_wire'" in err
    assert (here / "briefings" / "register.yml").read_bytes() == before


@pytest.mark.parametrize(("articles", "expected"), [
    ("", "articles:\n  wire:\n    reviewed: 2025-12-01\n"),
    ("articles:\n  wire:\n    title: Wire\n", "articles:\n  wire:\n    title: Wire\n    reviewed: 2025-12-01\n"),
    ("articles:\n  wire: {title: Wire}\n", "articles:\n  wire: {title: Wire, reviewed: 2025-12-01}\n"),
    ("articles:\n  wire:\n    reviewed: 2025-11-30\n", "articles:\n  wire:\n    reviewed: 2025-12-01\n"),
    ("articles:\n  other: {title: O}\n", "articles:\n  other: {title: O}\n  wire: {reviewed: 2025-12-01}\n"),
])
def test_reviewed_is_an_edit_that_keeps_the_registers_style(articles, expected):
    text = REGISTER.replace("ARTICLES\n", articles)
    new = register_edit.reviewed(text, "r.yml", ["wire"], date(2025, 12, 1)).text
    assert expected in new
    register, _ = parse_register(new, "r.yml")
    assert register.articles["wire"].reviewed == date(2025, 12, 1)


def test_triage_and_the_desk_say_how_many_articles_wait_and_since_when(here, capsys):
    (here / "seeds" / "2025-11-20_older.txt").write_text(NEW_ARTICLE.replace("2025-11-28", "2025-11-20"), "utf-8")
    assert _waiting(capsys) == ["2025-11-20_older", "2025-11-28_wire"]  # oldest first
    assert main(["triage"]) == 0
    assert "2 articles to review, oldest waiting since 2025-11-20" in capsys.readouterr().out


def test_check_warns_of_articles_waiting_too_long_and_fails_with_strict(here, capsys):
    assert main(["check", "--max-waiting-days", "100000"]) == 0
    assert "waiting" not in capsys.readouterr().err
    assert main(["check", "--max-waiting-days", "3"]) == 0
    err = capsys.readouterr().err
    assert "seeds/2025-11-28_wire.txt:1:1: warning: article '2025-11-28_wire' has waited for review since 2025-11-28" in err
    assert main(["check", "--max-waiting-days", "3", "--strict"]) == 1
    assert main(["reviewed", "2025-11-28_wire"]) == 0
    capsys.readouterr()
    assert main(["check", "--max-waiting-days", "3", "--strict"]) == 0


def test_the_seed_article_is_cited_so_the_shipped_desk_is_clear(project, monkeypatch, capsys):
    monkeypatch.chdir(project)
    assert _waiting(capsys) == [] and SEED
