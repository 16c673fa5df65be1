"""Limits that keep an input publishable, at their edges: how far ahead a date may lie, how long an
id may be, and the same article under two names. Pure: no command runs, the clock is fixed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from generator import isodate
from generator.articles import Article, Paragraph
from generator.errors import InputError
from generator.link import same_text_warnings
from generator.readers import read_article, read_seed_text
from generator.register import parse_register
from generator.vocabulary import MAX_ID_CHARS
from helpers import ROOT

TODAY = date(2025, 12, 1)
REGISTER = (ROOT / "briefings" / "register.yml").read_text("utf-8")


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(isodate, "today", lambda: TODAY)


def _dated(days: int) -> str:
    return (TODAY + timedelta(days=days)).isoformat()


@pytest.mark.parametrize("days", [-3650, 0, isodate.DAYS_AHEAD])
def test_a_date_up_to_a_week_ahead_is_taken(days):
    assert read_seed_text(f" date {_dated(days)} Lead.\n", "seeds/a.txt").date.isoformat() == _dated(days)
    parse_register(REGISTER.replace("date: 2025-11-26", f"date: {_dated(days)}", 1), "register.yml")


@pytest.mark.parametrize("days", [isodate.DAYS_AHEAD + 1, 365 * 74])
def test_a_date_further_ahead_is_refused_where_it_is_written(days):
    with pytest.raises(InputError) as seed:
        read_seed_text(f" date {_dated(days)} Lead.\n", "seeds/a.txt")
    assert str(seed.value.problems[0]).startswith(
        f"seeds/a.txt:1:7: article: '{_dated(days)}' is more than 7 days after today (2025-12-01) (check the year")
    text = REGISTER.replace("date: 2025-11-26", f"date: {_dated(days)}", 1)
    with pytest.raises(InputError) as register:
        parse_register(text, "register.yml")
    [problem] = register.value.problems
    offset = text.index(_dated(days))
    assert (problem.line, problem.column) == (text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset))
    assert problem.where.endswith(".date") and "is more than 7 days after today" in problem.message


def test_since_and_front_matter_dates_are_held_to_the_same_limit(tmp_path: Path):
    article = tmp_path / "ahead.md"
    article.write_text(f"---\ntitle: T\ndate: {_dated(30)}\n---\nText.\n", "utf-8")
    with pytest.raises(InputError) as caught:
        read_article(article, "seeds/ahead.md")
    assert str(caught.value.problems[0]).startswith("seeds/ahead.md:3:7: front matter.date: ")
    text = REGISTER.replace("since: 2025-11-26", f"since: {_dated(30)}", 1)
    with pytest.raises(InputError) as caught:
        parse_register(text, "register.yml")
    assert caught.value.problems[0].where.endswith(".since")


@pytest.mark.parametrize("length, refused", [(MAX_ID_CHARS, False), (MAX_ID_CHARS + 1, True)])
def test_a_point_id_must_fit_its_feeds_file_name(length, refused):
    long_id = "p" * length
    assert len(f"{long_id}.xml".encode()) == 255 + refused  # the longest name made from a point id
    text = REGISTER.replace("- id: army-cap", f"- id: {long_id}").replace("[army-cap", f"[{long_id}")
    if not refused:
        parse_register(text, "register.yml")
        return
    with pytest.raises(InputError) as caught:
        parse_register(text, "register.yml")
    assert [p.message for p in caught.value.problems] == [
        f"point id '{'p' * 40}...' is {length} characters long; at most {MAX_ID_CHARS}"]


def test_a_status_id_must_fit_too():
    long_id = "s" * (MAX_ID_CHARS + 1)
    text = REGISTER.replace("title:", f"statuses:\n  {long_id}: {{label: L, description: D}}\ntitle:", 1)
    with pytest.raises(InputError) as caught:
        parse_register(text, "register.yml")
    assert any(p.message.startswith("status id 'sss") and "at most" in p.message for p in caught.value.problems)


@pytest.mark.parametrize("stem, refused", [("a" * MAX_ID_CHARS, False), ("щ" * 64, True)])
def test_an_article_id_must_fit_its_pages_file_name(tmp_path: Path, stem, refused):
    """A Cyrillic file name of 132 bytes becomes an id of 256 Latin letters: "щ" is "shch"."""
    file = tmp_path / f"{stem}.txt"
    file.write_text(" date 2025-11-26 Lead.\n", "utf-8")
    if not refused:
        assert read_article(file).id == stem
        return
    with pytest.raises(InputError) as caught:
        read_article(file, f"seeds/{file.name}")
    assert str(caught.value.problems[0]).startswith(f"seeds/{file.name}:1:1: article: the file name gives the id 'shchshch")


def _article(path: str, text: str, outlet: str | None = None) -> Article:
    return Article(id=Path(path).stem, path=path, title="t", date=TODAY, paragraphs=(Paragraph(1, text),), outlet=outlet)


def test_the_same_text_under_a_second_name_is_a_warning_at_the_second_file():
    first, copy = _article("seeds/a.txt", "Kyiv asks for amendments."), _article("seeds/b.md", "Kyiv asks for amendments.")
    [warning] = same_text_warnings([copy, first, _article("seeds/c.txt", "Other text.")])
    assert str(warning) == ("seeds/b.md:1:1: article 'b' has the same text as seeds/a.txt (remove one of the two files; "
                            "if two outlets ran the same text, give each its outlet)")
    assert same_text_warnings([first, replace(copy, paragraphs=(Paragraph(1, "Kyiv asks for more."),))]) == []


def test_two_outlets_running_the_same_wire_copy_is_no_warning():
    wire = "Kyiv asks for amendments, the agency reported."
    assert same_text_warnings([_article("seeds/a.txt", wire, "Reuters via Kyiv Post"), _article("seeds/b.txt", wire, "Yahoo")]) == []
    assert len(same_text_warnings([_article("seeds/a.txt", wire, "Yahoo"), _article("seeds/b.txt", wire, "Yahoo")])) == 1
    assert len(same_text_warnings([_article("seeds/a.txt", wire, "Yahoo"), _article("seeds/b.txt", wire)])) == 1
