"""`briefing add PAGE.html` and `briefing add URL`: a web page becomes a Markdown article, or is refused with a reason."""

from __future__ import annotations

from datetime import date

import yaml
from hypothesis import given, settings, strategies as st

from generator.intake import Block, WebArticle, to_markdown
from generator.readers import read_markdown
from intake_support import CONSENT_WALL, PAGE, PARAGRAPHS, html, web_server


def _seeds(project) -> set[str]:
    return {p.name for p in (project / "seeds").iterdir()}


def _front_matter_and_body(path) -> tuple[dict, str]:
    _, front, body = path.read_text("utf-8").split("---\n", 2)
    return yaml.safe_load(front), body


def test_a_saved_page_becomes_one_article_with_its_metadata_and_only_its_text(project, tmp_path, run_main):
    page = tmp_path / "page.html"
    page.write_text(PAGE, "utf-8")
    before = _seeds(project)
    result = run_main(project, "add", str(page))
    assert result.code == 0, result.text
    (new,) = _seeds(project) - before
    assert new == "2025-12-02_envoys-meet-again-on-the-army-ceiling.md"
    meta, body = _front_matter_and_body(project / "seeds" / new)
    assert meta == {"title": "Envoys meet again on the army ceiling", "date": date(2025, 12, 2),
                    "outlet": "The Example Times", "author": "A Reporter",
                    "url": "https://example.org/world/2025/12/02/envoys-army-ceiling"}
    assert body.strip().split("\n\n") == PARAGRAPHS
    assert '"Envoys meet again on the army ceiling", 2025-12-02, by A Reporter, The Example Times' in result.out
    assert "touches army-cap: ¶2" in result.out
    assert run_main(project, "check").code == 0


def test_the_same_page_again_is_refused_naming_the_article_it_repeats(project, tmp_path, run_main):
    page = tmp_path / "page.html"
    page.write_text(PAGE, "utf-8")
    assert run_main(project, "add", str(page)).code == 0
    before = _seeds(project)
    again = run_main(project, "add", str(page))
    assert again.code == 1
    assert "the same article as seeds/2025-12-02_envoys-meet-again-on-the-army-ceiling.md" in again.err
    # the same text under another address (a syndicated copy) is the same article too
    moved = tmp_path / "copy.html"
    moved.write_text(PAGE.replace("example.org/world", "example.net/copy"), "utf-8")
    copy = run_main(project, "add", str(moved))
    assert copy.code == 1 and "the same article as seeds/2025-12-02_" in copy.err
    assert _seeds(project) == before


def test_a_page_without_a_date_is_refused_unless_the_date_is_given(project, tmp_path, run_main):
    undated = PAGE.replace('"datePublished":"2025-12-02T08:00:00Z",', "").replace("/2025/12/02", "")
    page = tmp_path / "undated.html"
    page.write_text(undated, "utf-8")
    before = _seeds(project)
    refused = run_main(project, "add", str(page))
    assert refused.code == 1
    assert f"{page}:1:1: page: no publication date found in the page (give it: --date YYYY-MM-DD)" in refused.err
    assert _seeds(project) == before
    given_date = run_main(project, "add", str(page), "--date", "2025-12-01")
    assert given_date.code == 0, given_date.text
    assert _seeds(project) - before == {"2025-12-01_envoys-meet-again-on-the-army-ceiling.md"}


def test_a_page_with_no_article_or_only_a_consent_wall_is_refused(project, tmp_path, run_main):
    empty, wall = tmp_path / "front.html", tmp_path / "wall.html"
    empty.write_text("<html><body><nav><a href='/a'>World</a></nav></body></html>", "utf-8")
    wall.write_text(CONSENT_WALL, "utf-8")
    before = _seeds(project)
    result = run_main(project, "add", str(empty), str(wall), "--date", "2025-12-01")
    assert result.code == 1
    assert f"{empty}:1:1: page: no article text found in the page" in result.err
    assert f"{wall}:1:1: page: only " in result.err and "a consent wall, a paywall's teaser" in result.err
    assert _seeds(project) == before


def test_one_refused_page_copies_nothing_of_the_others(project, tmp_path, run_main):
    good, wall = tmp_path / "good.html", tmp_path / "wall.html"
    good.write_text(PAGE, "utf-8")
    wall.write_text(CONSENT_WALL, "utf-8")
    before = _seeds(project)
    assert run_main(project, "add", str(good), str(wall)).code == 1
    assert _seeds(project) == before


def test_markup_in_a_page_stays_text_in_the_article(project, tmp_path, run_main):
    hostile = ("&lt;script&gt;alert(1)&lt;/script&gt; and [a link](javascript:alert(1)) with *stars* | pipes "
               "and {{ braces }} " + PARAGRAPHS[0])
    page = tmp_path / "page.html"
    page.write_text(PAGE.replace(PARAGRAPHS[0], hostile).replace("<p>The earlier", "<p># Not a heading: the earlier"),
                    "utf-8")
    assert run_main(project, "add", str(page)).code == 0
    (new,) = (project / "seeds").glob("2025-12-02_*.md")
    article = read_markdown(new.read_text("utf-8"), str(new))
    texts = [p.text for p in article.paragraphs]
    assert texts[0].startswith("<script>alert(1)</script> and [a link](javascript:alert(1)) with *stars*")
    assert texts[1].startswith("# Not a heading: the earlier") and not any(p.heading for p in article.paragraphs)


# Text a page may hold: markup characters, heading marks, front matter fences, Cyrillic, quotes.
_PIECES = st.sampled_from(["#", "##", "# ", "---", "<script>", "</p>", "[x](javascript:alert(1))", "*", "_", "|",
                           "`", "{{", "}}", ">", "-", "1.", "Переговоры", "“", "’", "—", "&amp;", "\\", ":", " ",
                           "word", "600,000", "C#"])
_TEXT = st.lists(_PIECES, min_size=1, max_size=12).map(lambda parts: " ".join("".join(parts).split()))
_BLOCKS = st.lists(st.tuples(_TEXT, st.booleans()), min_size=1, max_size=6).map(
    lambda items: tuple(Block(text, heading) for text, heading in items if text))


@settings(max_examples=300, deadline=None)
@given(blocks=_BLOCKS, title=_TEXT, outlet=_TEXT)
def test_what_is_written_reads_back_as_the_same_text(blocks, title, outlet):
    if not blocks or not title:
        return
    article = WebArticle(title, date(2025, 12, 2), outlet or None, None, "https://example.org/a", blocks)
    read = read_markdown(to_markdown(article), "seeds/x.md")
    assert [p.text for p in read.paragraphs] == [b.text for b in blocks]
    headings = [b.heading and not b.text.startswith("#") and not b.text.endswith("#") for b in blocks]
    assert [p.heading for p in read.paragraphs] == headings
    assert (read.title, read.date, read.outlet, read.url) == (title, date(2025, 12, 2), outlet or None, article.url)


def test_an_address_is_fetched_from_a_local_server_when_private_addresses_are_allowed(project, run_main):
    with web_server({"/story": html(PAGE)}) as (base, requests):
        refused = run_main(project, "add", f"{base}/story")
        assert refused.code == 1
        assert f"{base}/story:0:0: fetch: '127.0.0.1' is a private, loopback or reserved address" in refused.err
        assert requests == []  # refused before connecting
        result = run_main(project, "add", f"{base}/story", "--allow-private")
    assert result.code == 0, result.text
    assert requests[0]["User-Agent"].startswith("briefing-generator/")
    assert (project / "seeds" / "2025-12-02_envoys-meet-again-on-the-army-ceiling.md").is_file()


def test_what_a_fetch_refuses_is_one_line_each(project, run_main):
    answers = {
        "/loop": html("", 302, Location="/loop"),
        "/file": html("", 302, Location="file:///etc/passwd"),
        "/json": (200, {"Content-Type": "application/json"}, b"{}"),
        "/gone": html("gone", 410),
        "/wall": html(CONSENT_WALL),
    }
    with web_server(answers) as (base, _):
        items = [f"{base}{path}" for path in answers] + ["ftp://example.org/a", "file:///etc/passwd"]
        result = run_main(project, "add", *items, "--allow-private", "--date", "2025-12-01")
    assert result.code == 1
    lines = result.err.strip().split("\n")
    assert len(lines) == len(items) + 1, result.err
    expected = ["more than 5 redirects", "'file:///etc/passwd' is not an http or https address",
                "the server sent 'application/json'", "HTTP 410", "words of article text: a consent wall",
                "'ftp://example.org/a' is not an http", "'file:///etc/passwd' is not an http or https address"]
    for item, what in zip(items, expected):
        assert any(line.startswith(f"{item}:") and what in line for line in lines), (item, what, result.err)


def test_a_closed_port_is_a_network_error_on_one_line(project, run_main):
    with web_server({}) as (base, _):
        pass  # the server is gone: its port is closed
    result = run_main(project, "add", f"{base}/story", "--allow-private")
    assert result.code == 1
    assert result.err.startswith(f"{base}/story:0:0: fetch: ") and "Connection refused" in result.err


def test_two_pages_saved_under_the_same_name_become_two_articles_with_their_own_ids(project, tmp_path, run_main):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "page.html").write_text(PAGE, "utf-8")
    other = PAGE.replace("envoys-army-ceiling", "second").replace("Negotiators met for a second day", "Envoys met again")
    (tmp_path / "b" / "page.html").write_text(other.replace("Envoys meet again on the army ceiling", "Army ceiling talks"),
                                              "utf-8")
    result = run_main(project, "add", str(tmp_path / "a" / "page.html"), str(tmp_path / "b" / "page.html"))
    assert result.code == 0, result.text
    assert {"2025-12-02_envoys-meet-again-on-the-army-ceiling.md", "2025-12-02_army-ceiling-talks.md"} <= _seeds(project)


def test_an_article_that_would_not_pass_check_is_not_written(project, tmp_path, run_main):
    page = tmp_path / "page.html"
    page.write_text(PAGE, "utf-8")
    before = _seeds(project)
    result = run_main(project, "add", str(page), "--date", "2099-12-02")  # a slip of the keys: check refuses it
    assert result.code == 1
    assert result.err.startswith(f"{page}:1:1: front matter.date: the article made of it: '2099-12-02' is more than 7 days")
    assert "nothing was copied" in result.err
    assert _seeds(project) == before
