"""Readers: seed text and Markdown articles become Articles."""

from datetime import date
from pathlib import Path

import pytest

from generator.articles import article_id, derive_title
from generator.errors import InputError
from generator.readers import read_article, read_markdown, read_seed_text

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_1be865c73713f27a.txt"


def test_seed_article_paragraphs_and_headings():
    article = read_article(SEED, "seeds/000_1be865c73713f27a.txt")
    assert article.id == "000_1be865c73713f27a"
    assert article.date == date(2025, 11, 26)
    assert len(article.paragraphs) == 12
    headings = [p.number for p in article.paragraphs if p.heading]
    assert headings == [2, 5, 7, 10]
    assert article.paragraph(7).text == "Reduction of Army Size"
    assert article.paragraph(8).text.startswith("The second contentious point")
    assert article.paragraph(1).text.startswith("A senior Ukrainian source")
    # the lead's first sentence in full: "U.S. President" does not end it
    assert article.title == article.paragraph(1).text.rstrip(".")


@pytest.mark.parametrize(
    "text, paragraphs",
    [
        (" date 2025-11-26 Lead.\n\nSecond.", ["Lead.", "Second."]),
        ("date 2025-11-26 Lead\nwraps here.\n\n\n\nHeading Here\n\nBody.", ["Lead wraps here.", "Heading Here", "Body."]),
        ("date 2025-11-26\nLead on the next line.\n\nMore.", ["Lead on the next line.", "More."]),
    ],
)
def test_seed_format_paragraph_split(text, paragraphs):
    article = read_seed_text(text, "seeds/x.txt")
    assert [p.text for p in article.paragraphs] == paragraphs


@pytest.mark.parametrize(
    "line, is_heading",
    [("Reduction of Army Size", True), ("A sentence.", False), ("Is it?", False), ("Quoted “end”", False)],
)
def test_heading_detection(line, is_heading):
    article = read_seed_text(f"date 2025-11-26 Lead.\n\n{line}\n\nBody.", "seeds/x.txt")
    assert article.paragraph(2).heading is is_heading


@pytest.mark.parametrize(
    "text, where, fragment",
    [
        ("2025-11-26 Lead.", "seeds/x.txt:1:1:", "date YYYY-MM-DD"),
        ("date 2025-02-30 Lead.", "seeds/x.txt:1:6:", "not a real date"),
        ("date 26.11.2025 Lead.", "seeds/x.txt:1:6:", "YYYY-MM-DD"),
        ("date 2025-11-26", "seeds/x.txt:1:1:", "no text"),
    ],
)
def test_seed_format_errors(text, where, fragment):
    with pytest.raises(InputError) as caught:
        read_seed_text(text, "seeds/x.txt")
    message = str(caught.value)
    assert message.startswith(where) and fragment in message


def test_markdown_article_front_matter():
    text = "---\ntitle: Talks resume\ndate: 2025-11-28\noutlet: Wire\nurl: https://example.org/a\n---\n# Heading\n\nFirst *para*.\n\n<b>raw</b> text.\n"
    article = read_markdown(text, "seeds/talks.md")
    assert (article.title, article.outlet, article.url, article.date) == ("Talks resume", "Wire", "https://example.org/a", date(2025, 11, 28))
    assert [(p.text, p.heading) for p in article.paragraphs] == [("Heading", True), ("First *para*.", False), ("<b>raw</b> text.", False)]


@pytest.mark.parametrize(
    "text, where, fragment",
    [
        ("no front matter\n", "seeds/a.md:1:1:", "front matter"),
        ("---\ntitle: T\n---\nBody.\n", "seeds/a.md:2:1:", "'date'"),
        ("---\ntitle: T\ndate: 2025-11-31\n---\nBody.\n", "seeds/a.md:3:7:", "not a real date"),
        ("---\ntitle: T\ndate: 2025-11-26\nauthr: X\n---\nBody.\n", "seeds/a.md:4:1:", "front matter.authr: unknown key 'authr'"),
        ("---\ntitle: T\ndate: 2025-11-26\nurl: javascript:alert(1)\n---\nBody.\n", "seeds/a.md:4:6:", "not allowed"),
        ("---\ntitle: [T\ndate: 2025-11-26\n---\nBody.\n", "seeds/a.md:", "YAML syntax error"),
    ],
)
def test_markdown_errors(text, where, fragment):
    with pytest.raises(InputError) as caught:
        read_markdown(text, "seeds/a.md")
    message = str(caught.value)
    assert message.startswith(where), message
    assert fragment in message


def test_file_encodings(tmp_path):
    bom = tmp_path / "bom.txt"
    bom.write_bytes("\ufeff date 2025-11-26 Lead.\r\n\r\nSecond.\r\n".encode("utf-8"))
    article = read_article(bom)
    assert [p.text for p in article.paragraphs] == ["Lead.", "Second."]
    latin = tmp_path / "latin.txt"
    latin.write_bytes(" date 2025-11-26 Caf\xe9.\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"latin.txt:1:21: article: not valid UTF-8"):
        read_article(latin, "latin.txt")


@pytest.mark.parametrize(
    "stem, expected",
    [("000_1be865c73713f27a", "000_1be865c73713f27a"), ("Мирний план", "mirnii-plan"), ("../etc/passwd", "etc-passwd"), ("Talks: Day 2!", "talks-day-2")],
)
def test_article_ids_are_url_safe(stem, expected):
    assert article_id(stem) == expected


def test_derived_title_is_the_first_sentence_in_full_cut_only_when_it_never_ends():
    long_sentence = "Officials said " + "very " * 60 + "long. Second sentence."
    assert derive_title(long_sentence) == long_sentence.split(". ")[0]
    endless = "Officials said " + "very " * 200 + "long"
    title = derive_title(endless)
    assert title.endswith("…") and len(title) <= 401 and not title[:-1].endswith(" ")
    assert derive_title("Short lead. Then more.") == "Short lead"
    assert derive_title("Talks with the U.S. team and J. Smith went on. Then more.") == "Talks with the U.S. team and J. Smith went on"
