"""The editors' desk: review by article, `briefing reviewed`, progress and the waiting limit."""

from __future__ import annotations

import html
import json
import re
import shlex
from datetime import date

import pytest

from generator.commands import main
from generator.desk import desk_pages
from generator.errors import InputError
from generator.pipeline import check
from generator.project import Project
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


TWO_POINTS = (" date 2025-11-28 The army would be capped at 800,000 troops, and Ukraine would not join NATO under "
              "the new draft.\n\nNATO membership stays off the table, the draft says.\n")
_COMMAND = re.compile(r'<pre class="bf-command"><code>(.*?)</code></pre>', re.S)


def _desk_commands(project, article_id: str) -> list[list[str]]:
    """The command lines an article's desk page offers, as the shell would split them once copied."""
    page = desk_pages(check(Project.at(project)))[f"review/{article_id}.md"]
    return [shlex.split(html.unescape(text)) for text in _COMMAND.findall(page)]


def test_the_dismiss_command_the_desk_prints_for_a_paragraph_of_two_points_runs(here, capsys):
    (here / "seeds" / "2025-11-28_wire.txt").write_text(TWO_POINTS, "utf-8")
    dismissals = [c for c in _desk_commands(here, "2025-11-28_wire") if c[:2] == ["briefing", "dismiss"]]
    first = dismissals[0]
    assert first[2:4] == ["army-cap", "nato-membership"] and "--paragraph" in first, first
    assert main(first[1:]) == 0, capsys.readouterr().err
    assert "army-cap, nato-membership: dismissed 2025-11-28_wire paragraph 1" in capsys.readouterr().out
    register, _ = parse_register((here / "briefings" / "register.yml").read_text("utf-8"), "r.yml")
    assert [(d.article, d.paragraph, d.reason) for p in register.points for d in p.dismissed] == [
        ("2025-11-28_wire", 1, "REASON")] * 2
    assert [c[2:4] for c in _desk_commands(here, "2025-11-28_wire") if c[1] == "dismiss"] == [
        ["nato-membership", "2025-11-28_wire"]]  # paragraph 1 is settled: only paragraph 2 is left
    before = (here / "briefings" / "register.yml").read_bytes()
    assert main(first[1:]) == 1  # the same again: refused, nothing written
    assert "paragraph 1 of article '2025-11-28_wire' is already dismissed" in capsys.readouterr().err
    assert (here / "briefings" / "register.yml").read_bytes() == before


@pytest.mark.parametrize("dismissed", ["", "    dismissed:\n      - {article: other, reason: Elsewhere}\n",
                                       "    dismissed: [{article: other, reason: Elsewhere}]\n",
                                       "    dismissed: []\n"])
def test_dismiss_of_several_points_and_paragraphs_is_one_edit(dismissed):
    text = REGISTER.replace("ARTICLES\n", "").replace("    keywords: [army]\n", "    keywords: [army]\n" + dismissed)
    text += "  - id: nato\n    title: NATO\n    status: open\n    keywords: [NATO]\n"
    edit = register_edit.dismiss(text, "r.yml", ["army-cap", "nato", "army-cap"], "wire", [3, 5, 3], "Not about it")
    register, _ = parse_register(edit.text, "r.yml")
    added = {p.id: [(d.article, d.paragraph, d.reason) for d in p.dismissed if d.article == "wire"]
             for p in register.points}
    assert added == {"army-cap": [("wire", 3, "Not about it"), ("wire", 5, "Not about it")],
                     "nato": [("wire", 3, "Not about it"), ("wire", 5, "Not about it")]}
    assert len(register.points[0].dismissed) == len(added["army-cap"]) + ("other" in dismissed)
    assert len(edit.splices) == 2  # one place per point, its paragraphs together


def test_one_dismissal_already_there_refuses_the_whole_command():
    text = REGISTER.replace("ARTICLES\n", "").replace(
        "    keywords: [army]\n", "    keywords: [army]\n    dismissed: [{article: wire, paragraph: 5, reason: Done}]\n")
    with pytest.raises(InputError) as refused:
        register_edit.dismiss(text, "r.yml", ["army-cap"], "wire", [3, 5], "Again")
    assert "paragraph 5 of article 'wire' is already dismissed" in str(refused.value.problems[0])


def test_the_desk_copies_the_readers_assets_but_no_link_or_pipe(here, tmp_path):
    import os

    from generator.desk_site import write_desk_docs
    from generator.site_config import load_site_config

    assets = here / "briefings" / "assets"
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the desk", "utf-8")
    (assets / "leak.css").symlink_to(secret)
    (assets / "outside").symlink_to(tmp_path, target_is_directory=True)
    os.mkfifo(assets / "pipe.css")
    project = Project.at(here)
    docs = tmp_path / "desk-docs"
    write_desk_docs(load_site_config(project), check(project), docs)  # a pipe would stop the copy
    copied = {str(p.relative_to(docs / "assets")) for p in (docs / "assets").rglob("*")}
    assert copied and not copied & {"leak.css", "outside", "pipe.css"}, copied
    assert {str(p.relative_to(assets)) for p in assets.rglob("*") if p.is_file() and not p.is_symlink()} <= copied
    assert "not for the desk" not in "".join(p.read_text("utf-8", "replace") for p in docs.rglob("*") if p.is_file())


def test_the_desk_shows_each_waiting_articles_language(here):
    (here / "seeds" / "2025-11-29_agency.txt").write_text(
        " date 2025-11-29 Переговоры продолжаются: армия Украины может сократиться до 600 тысяч.\n", "utf-8")
    pages = desk_pages(check(Project.at(here)))
    home = pages["index.md"]
    assert "| Article | Date | Language |" in home
    rows = {line.split("<code>")[1].split("</code>")[0]: line for line in home.splitlines() if "<code>2025" in line}
    assert "| en |" in rows["2025-11-28&#95;wire"] and "| ru |" in rows["2025-11-29&#95;agency"]
    assert "language ru ·" in pages["review/2025-11-29_agency.md"]
    assert '<blockquote lang="ru" dir="ltr"><p>Переговоры продолжаются' in pages["review/2025-11-29_agency.md"]
