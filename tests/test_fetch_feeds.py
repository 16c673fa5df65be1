"""`briefing fetch`: the feeds listed in mkdocs.yml, served from 127.0.0.1 inside the test, become articles once."""

from __future__ import annotations

import pytest

from intake_support import PAGE, html, web_server

SECOND = (PAGE.replace("envoys-army-ceiling", "troop-numbers")
          .replace("Envoys meet again on the army ceiling", "Troop numbers still divide the delegations")
          .replace("Negotiators met for a second day on Tuesday", "Delegates ended a third round on Wednesday")
          .replace("2025-12-02T08:00:00Z", "2025-12-03T08:00:00Z"))
SPORT = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Cup final goes to extra time | The Example Times</title>
<meta property="og:site_name" content="The Example Times"></head><body><main><article><h1>Cup final goes to extra time</h1>
<p>The home side won the cup final on Saturday after extra time, with a header from the captain in the last minute.</p>
<p>The visitors had led for most of the second half, and their coach said the players had given everything.</p>
<p>More than forty thousand supporters filled the stadium, the largest crowd of the season.</p>
</article></main></body></html>"""


def _rss(base: str, paths: list[str]) -> bytes:
    items = "".join(f"<item><title>Story {n}</title><link>{base}{path}</link>"
                    f"<pubDate>Tue, 02 Dec 2025 08:00:00 GMT</pubDate></item>" for n, path in enumerate(paths))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>World</title><link>{base}/</link>'
            f"<description>World news</description>{items}</channel></rss>").encode()


@pytest.fixture
def feed_project(project):
    """The project with a feed of three stories (two about the army cap, one about football) on a local server."""
    answers = {"/army": html(PAGE), "/troops": html(SECOND), "/sport": html(SPORT)}
    with web_server(answers) as (base, requests):
        answers["/feed.xml"] = (200, {"Content-Type": "application/rss+xml"}, _rss(base, ["/army", "/troops", "/sport"]))
        config = project / "mkdocs.yml"
        config.write_text(config.read_text("utf-8") + f"\nextra:\n  feeds:\n    - {base}/feed.xml\n", "utf-8")
        yield project, requests


def _seeds(project) -> set[str]:
    return {p.name for p in (project / "seeds").iterdir()}


def test_fetch_twice_on_the_same_feed_adds_nothing_the_second_time(feed_project, run_main):
    project, requests = feed_project
    before = _seeds(project)
    first = run_main(project, "fetch", "--allow-private")
    assert first.code == 0, first.text
    assert _seeds(project) - before == {"2025-12-02_envoys-meet-again-on-the-army-ceiling.md",
                                        "2025-12-03_troop-numbers-still-divide-the-delegations.md"}
    assert "fetched 1 feed: 2 added, 1 touching no point, 0 seen before, 0 refused, 0 failed" in first.out
    assert "touches army-cap" in first.out
    remembered = (project / "fetched.txt").read_text("utf-8")
    assert f"/sport\n" in remembered and remembered.count("sha256:") == 3
    after_first = _seeds(project)
    fetched_pages = len(requests)
    second = run_main(project, "fetch", "--allow-private")
    assert second.code == 0, second.text
    assert "fetched 1 feed: 0 added, 0 touching no point, 3 seen before, 0 refused, 0 failed" in second.out
    assert _seeds(project) == after_first
    assert len(requests) == fetched_pages + 1  # the feed only: no item was fetched again
    assert run_main(project, "check").code == 0


def test_fetch_all_adds_items_that_touch_no_point_too(feed_project, run_main):
    project, _ = feed_project
    result = run_main(project, "fetch", "--allow-private", "--all")
    assert result.code == 0, result.text
    assert "3 added, 0 touching no point" in result.out
    assert "2025-12-02_cup-final-goes-to-extra-time.md" in _seeds(project)  # dated by the feed: the page gives none


def test_feeds_from_private_addresses_are_refused_by_default(feed_project, run_main):
    project, requests = feed_project
    result = run_main(project, "fetch")
    assert result.code == 1
    assert "private, loopback or reserved address" in result.err and requests == []


def test_a_planted_line_in_the_fetched_list_is_a_located_problem(feed_project, run_main):
    project, requests = feed_project
    (project / "fetched.txt").write_text("# items\nhttps://example.org/a\nfile:///etc/passwd\n", "utf-8")
    result = run_main(project, "fetch", "--allow-private")
    assert result.code == 1
    assert result.err.startswith("fetched.txt:3:1: fetched items: neither an http(s) address nor a sha256: digest")
    assert requests == []


def test_a_feed_that_is_not_an_address_is_a_located_problem(project, run_main):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "\nextra:\n  feeds:\n    - file:///etc/passwd\n", "utf-8")
    result = run_main(project, "fetch")
    assert result.code == 1 and "mkdocs.yml:" in result.err and "'file:///etc/passwd' is not a feed address" in result.err
