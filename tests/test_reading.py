"""How the pages read: words that claim only what the register records, the status chart as a
picture that reads on its own, the overview's one list of developments, the page on how the
briefing works, and the one-page briefing's notes. Pure (no engine), on the analyst project
(tests/cases/projects/analyst: history out of order, entries that keep a status, points without
positions); every expected value is recomputed here from the register's YAML."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from generator.chart import LABEL_WIDTH, UNRECORDED, WIDTH, Column, bar_width, labelled, status_series, svg, x_positions
from generator.escape import md_text
from generator.link import Briefing
from generator.pipeline import check
from generator.project import Project
from generator.render import render_pages
from generator.vocabulary import possessive
from helpers import CASES, overlay_project

CASE = CASES / "projects" / "analyst"


@pytest.fixture(scope="module")
def analyst(tmp_path_factory) -> tuple[Path, Briefing]:
    root = overlay_project(tmp_path_factory.mktemp("analyst") / "project", "analyst")
    return root, check(Project.at(root))


@pytest.fixture(scope="module")
def raw() -> dict:
    return yaml.safe_load((CASE / "briefings" / "register.yml").read_text("utf-8"))


@pytest.fixture(scope="module")
def pages(analyst) -> dict[str, str]:
    """Every generated file as text (the JSON export is made as bytes)."""
    return {path: made.decode("utf-8") if isinstance(made, bytes) else made
            for path, made in render_pages(analyst[1]).items()}


# --- words -------------------------------------------------------------------------------

@pytest.mark.parametrize("name, expected", [
    ("United States", "United States'"), ("Ukraine", "Ukraine's"), ("Russia", "Russia's"),
    ("European Union", "European Union's"), ("Philippines", "Philippines'"), ("NATO", "NATO's"),
    ("ANTILLES", "ANTILLES'"), ("Ukraine ", "Ukraine's"),
])
def test_possessive_follows_the_rule(name, expected):
    assert possessive(name) == expected


def test_party_page_says_what_is_recorded_in_good_english(pages, raw):
    page = pages["parties/united-states.md"]
    assert md_text("United States' positions") in page and md_text("States's") not in page
    silent = [p for p in raw["points"] if "united-states" not in p.get("positions", {})]
    assert silent and "No position recorded on: " in page and "stated" not in page


def test_no_page_claims_a_stated_position(pages):
    assert not [path for path, text in pages.items() if re.search("(?i)no stated position", text)]


def test_one_page_briefing_lists_recorded_positions_only(pages, raw):
    page = pages["print.md"]
    names = {p["id"]: p["name"] for p in raw["parties"]}
    recorded = sum(len(p.get("positions", {})) for p in raw["points"])
    assert sum(page.count(f"{name}: <strong>") for name in names.values()) == recorded
    without = sum(1 for p in raw["points"] if not p.get("positions"))
    assert page.count("No position recorded for any party.") == without > 0
    # each recorded position's text (cut at a word boundary when long) is printed beside its stance
    for point in raw["points"]:
        for position in point.get("positions", {}).values():
            text = " ".join(position["text"].split())
            shown = text if len(text) <= 90 else text[:90].rsplit(" ", 1)[0]
            assert md_text(shown) in page


# --- the overview -------------------------------------------------------------------------

def test_overview_marks_status_changes_and_updates_in_one_list(pages, raw):
    home = pages["index.md"]
    section = home.split("## Latest developments", 1)[1]
    lines = re.findall(r"^- <time datetime=\"(\d{4}-\d\d-\d\d)\">.*$", section, re.M)
    entries = sorted(((str(h["date"]), p) for p in raw["points"] for h in p["history"]), key=lambda e: e[0], reverse=True)
    assert lines == [day for day, _ in entries][:len(lines)] and len(lines) == min(10, len(entries))
    items = re.findall(r"^- .*$", section, re.M)
    # army-cap on 2025-12-10 and elections on 2025-12-08 keep their status: updates, not changes
    kept = [line for line in items if "Update: still" in line]
    assert {re.search(r"\]\(points/([\w-]+)\.md(?:#[\w-]+)?\)", line)[1] for line in kept} == {"army-cap", "elections"}
    assert all("**Status change:**" in line for line in items if line not in kept)


def test_point_page_has_no_empty_related_section(pages, raw):
    for point in raw["points"]:
        page = pages[f"points/{point['id']}.md"]
        assert ("## Related points" in page) == bool(point.get("related")), point["id"]
        assert "None." not in page


def test_how_page_explains_statuses_sourcing_and_corrections(pages, raw):
    page = pages["how.md"]
    assert "template: how.html" in page  # the theme adds the corrections contact from mkdocs.yml's extra
    for heading in ("## Statuses", "## Sourcing levels", "## How evidence is checked", "## Reporting a correction"):
        assert heading in page
    from generator.vocabulary import DEFAULT_STATUSES, SOURCING
    for status in DEFAULT_STATUSES.values():
        assert md_text(status.meaning) in page
    for level in SOURCING.values():
        assert f"| {md_text(level.label)} | {md_text(level.meaning)} |" in page


# --- the chart ------------------------------------------------------------------------------

def _chart(pages) -> str:
    return re.search(r"<svg.*?</svg>", pages["changes.md"]).group(0)


def test_chart_axis_is_proportional_to_time():
    days = [date(2025, 11, 20), date(2025, 11, 21), date(2025, 12, 3)]
    xs = x_positions(days, 10, 260)
    assert xs[0] == 10 and xs[-1] == 270
    assert xs[1] - xs[0] == pytest.approx((xs[2] - xs[0]) / 13)
    assert bar_width(xs) <= (xs[1] - xs[0])  # close dates: narrower columns that never overlap
    assert labelled(xs) == [0, 2]  # no room for the second date's label beside the first


def test_labels_never_overlap_and_keep_the_ends():
    xs = [0, 30, 80, 160, 170, 240, 300]
    chosen = labelled(xs)
    assert chosen[0] == 0 and chosen[-1] == len(xs) - 1
    assert all(xs[b] - xs[a] >= LABEL_WIDTH for a, b in zip(chosen, chosen[1:]))


def test_chart_has_a_legend_patterns_and_keeps_unrecorded_points_apart(pages, analyst, raw):
    chart = _chart(pages)
    labels = [s.label for s in analyst[1].register.statuses.values()]
    legend = re.findall(r'<text x="[\d.]+" y="[\d.]+" font-size="12" fill="currentColor">([^<]+)</text>', chart)
    assert legend == [*labels, UNRECORDED]
    # each status its own pattern, named fills: not shades of the text colour, so dark mode shows the same
    patterns = re.findall(r'<pattern id="bf-fill-([\w-]+)"', chart)
    assert patterns == list(analyst[1].register.statuses)
    assert "fill-opacity=\"0." not in chart.replace('fill="#000" fill-opacity=".45"', "")
    # every column is as tall as the register has points: the outlined rest is "not yet recorded"
    columns = status_series(analyst[1].register)
    assert all(c.total + c.unrecorded == len(raw["points"]) for c in columns)
    first = min(str(h["date"]) for p in raw["points"] for h in p["history"])
    started = sum(1 for p in raw["points"] if any(str(h["date"]) == first for h in p["history"]))
    assert columns[0].unrecorded == len(raw["points"]) - started > 0
    assert f"<title>{UNRECORDED}: {columns[0].unrecorded}</title>" in chart
    # drawn at 340 px with 12 px text: on a 375 px phone it is shown at its own size
    assert f'width="{WIDTH}"' in chart and set(re.findall(r'font-size="(\d+)"', chart)) == {"12"}


def test_chart_dates_under_the_axis_are_the_registers_days(pages, raw):
    days = sorted({str(h["date"]) for p in raw["points"] for h in p["history"]})
    shown = re.findall(r'class="bf-chart__date">([\d-]+)</text>', _chart(pages))
    assert shown[0] == days[0] and shown[-1] == days[-1] and set(shown) <= set(days)


def test_a_single_column_sits_in_the_middle():
    chart = svg([Column(date(2025, 1, 1), {"open": 2}, 1)], {"open": "Open"}, "t", "d")
    assert "<title>Open: 2</title>" in chart and f"<title>{UNRECORDED}: 1</title>" in chart
