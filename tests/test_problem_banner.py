"""The preview's banner: the problems as inert text over the last good pages."""

from generator.errors import Problem
from generator.problem_banner import BANNER_CLASS, NAV_STUBS, banner, with_banner, without_banner

EVIL = Problem("briefings/register.yml", 3, 5, "points.x", "unknown status '<script>alert(1)</script>'",
               "[click](javascript:alert(1)) | *bold*")


def test_banner_escapes_every_problem_and_stays_one_html_block():
    block = banner([EVIL, Problem("seeds/a.txt", 1, 1, "article", "no date")])
    assert block.startswith(f'<div class="{BANNER_CLASS}" role="alert"') and block.endswith("</div>\n\n")
    assert "\n" not in block.rstrip("\n")  # a blank line would end the HTML block and let Markdown in
    for raw in ("<script>", "](javascript", "*bold*", "|"):
        assert raw not in block
    assert block.count("<li>") == 2 and "2 problems in the input" in block


def test_with_banner_goes_after_front_matter_and_comes_off_again():
    pages = {"index.md": "---\ntitle: \"X\"\n---\n# X\n", "points/a.md": "# A\n", "api/briefing.json": "{}"}
    shown = with_banner(pages, [EVIL])
    assert shown["index.md"].startswith("---\ntitle: \"X\"\n---\n<div class=")
    assert shown["points/a.md"].startswith("<div class=") and shown["api/briefing.json"] == "{}"
    assert {p: without_banner(t) for p, t in shown.items()} == pages


def test_without_good_pages_the_banner_goes_on_stubs_of_the_navigation():
    shown = with_banner({}, [EVIL])
    assert set(shown) == set(NAV_STUBS)
    assert all(BANNER_CLASS in text for text in shown.values())
