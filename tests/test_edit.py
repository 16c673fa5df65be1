"""Register edits from the command line: only the intended lines change; a refused edit writes nothing."""

from __future__ import annotations

import difflib
import os
import stat
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.commands import main
from generator.commands.edit import edited_bytes
from generator.errors import InputError
from generator.register import parse_register
from generator.register.edit import dismiss, new_point, set_position, set_status
from helpers import ROOT, SEED

QUOTE = "there is talk of a higher new number"

# Comments everywhere, a point with its own status line, flow and block styles, odd quoting.
COMMENTED = f"""\
# yaml-language-server: $schema=register.schema.json
# The register.   Comments must survive, spacing and all.
title: 'Peace plan'   # single-quoted on purpose

parties:   # who negotiates
  - {{id: ukraine, name: Ukraine}}   # flow style
  - id: russia        # block style
    name: "Russia"

points:
  # the first point
  - id: army-cap
    title: Cap on the size of Ukraine's army
    status: open      # kept in step with the history
    keywords: [army, "600,000",
               troops]          # a flow list over two lines
    context: [cap, limit]
    positions:
      ukraine: {{stance: resists, text: "Asks for amendments."}}  # flow
    # newest entry first
    history:
      - date: 2025-11-26  # the day of the article
        status: open
        note: >-
          Still under discussion;
          a higher number is talked about.
        sources:
          - article: {SEED}
            quote: "{QUOTE}"   # verbatim

  - id: nato-membership
    title: Ukraine renouncing NATO membership
    aliases: ["NATO membership"]
    history: [{{date: 2025-11-26, status: open, note: Unacceptable., sources: [{{article: {SEED}, quote: this request is still unacceptable}}]}}]
# the end
"""


@pytest.fixture
def here(project, monkeypatch):
    monkeypatch.chdir(project)
    return project


def _register(project) -> str:
    return (project / "briefings" / "register.yml").read_text("utf-8")


def _changed(before: str, after: str) -> tuple[list[str], list[str]]:
    removed, added = [], []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


def test_status_on_a_commented_register_changes_only_the_entry_and_the_status_line(here):
    register = here / "briefings" / "register.yml"
    register.write_text(COMMENTED, "utf-8")
    assert main(["status", "army-cap", "deferred", "--date", "2025-12-01", "--note", "Parked: for the leaders.",
                 "--source", SEED, "--quote", "Kyiv is still requesting more amendments", "--sourcing", "named-official"]) == 0
    after = _register(here)
    removed, added = _changed(COMMENTED, after)
    assert removed == ["    status: open      # kept in step with the history"]
    assert added == ["    status: deferred      # kept in step with the history",
                     "      - date: 2025-12-01",
                     "        status: deferred",
                     "        sourcing: named-official",
                     "        note: 'Parked: for the leaders.'",
                     "        sources:",
                     f"          - article: {SEED}",
                     "            quote: Kyiv is still requesting more amendments"]
    # the entry went to the top of the history, under the comment that heads it
    assert after.index("# newest entry first\n    history:\n      - date: 2025-12-01") > 0
    register_, _ = parse_register(after, "r.yml")
    assert register_.points[0].current_status == "deferred"
    assert register_.points[0].history[0].sources[0].quote == "Kyiv is still requesting more amendments"


def test_status_into_a_flow_history_keeps_it_on_one_line(here):
    (here / "briefings" / "register.yml").write_text(COMMENTED, "utf-8")
    assert main(["status", "nato-membership", "agreed", "--date", "2025-12-03", "--note", "Done.",
                 "--source", SEED, "--quote", "this request is still unacceptable"]) == 0
    removed, added = _changed(COMMENTED, _register(here))
    assert len(removed) == len(added) == 1 and added[0].startswith("    history: [{date: 2025-12-03, status: agreed,")
    assert parse_register(_register(here), "r.yml")[0].points[1].current_status == "agreed"


def test_status_on_the_shipped_register_adds_only_the_entry(here):
    before = _register(here)
    assert main(["status", "army-cap", "deferred", "--date", "2025-12-01", "--note", "Parked.",
                 "--source", SEED, "--quote", QUOTE]) == 0
    removed, added = _changed(before, _register(here))
    assert removed == [] and len(added) == 6 and added[0] == "      - date: 2025-12-01"
    assert main(["check"]) == 0


@pytest.mark.parametrize("args, expected", [
    (["army-cap", "agred"], "unknown status 'agred' (did you mean 'agreed'?"),
    (["army-cp", "open"], "points: unknown point 'army-cp' (did you mean 'army-cap'?"),
    (["army-cap", "open", "--quote", "words that are not in the article at all"], "is not in article"),
    (["army-cap", "open", "--source", "no-such-article"], "no article 'no-such-article'"),
    (["army-cap", "open", "--sourcing", "rumour"], "unknown sourcing 'rumour'"),
    (["army-cap", "narrowing", "--date", "2025-11-01"], "would not be the latest"),
])
def test_a_refused_status_edit_writes_nothing_and_exits_1_with_file_line(here, capsys, args, expected):
    register = here / "briefings" / "register.yml"
    register.write_text(COMMENTED, "utf-8")
    os.chmod(register, 0o640)
    before = register.read_bytes()
    options = {"--date": "2025-12-02", "--note": "x", "--source": SEED, "--quote": QUOTE}
    extra = args[2:]
    for i in range(0, len(extra), 2):
        options[extra[i]] = extra[i + 1]
    argv = ["status", *args[:2]] + [x for pair in options.items() for x in pair]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert expected in err
    first = err.splitlines()[0]
    assert first.startswith("briefings/register.yml:") and first.split(":")[1].isdigit(), first
    assert "Traceback" not in err
    assert register.read_bytes() == before
    assert stat.S_IMODE(register.stat().st_mode) == 0o640
    assert not [p for p in register.parent.iterdir() if p.name.startswith(".register")]


def test_a_misquote_is_located_where_the_entry_would_go():
    edit = set_status(COMMENTED, "r.yml", "army-cap", "open", __import__("datetime").date(2025, 12, 2), "x", SEED, "not there")
    from generator.errors import Problem
    line = edit.text.splitlines().index("            quote: not there") + 1
    located = edit.locate(Problem("r.yml", line, 20, "points.army-cap.history[0].sources[0]", "not found"))
    assert located.line == COMMENTED.splitlines().index("      - date: 2025-11-26  # the day of the article") + 1
    assert located.column == 7 and located.where.endswith("(in the new text)")
    after = edit.locate(Problem("r.yml", line + 10, 3, "", "later"))
    assert after.line == line + 10 - 6 and after.column == 3


def test_position_replaces_in_flow_style_and_adds_with_sources(here):
    register = here / "briefings" / "register.yml"
    register.write_text(COMMENTED, "utf-8")
    assert main(["position", "army-cap", "ukraine", "accepts", "--text", "Accepts 800,000."]) == 0
    removed, added = _changed(COMMENTED, _register(here))
    assert removed == ['      ukraine: {stance: resists, text: "Asks for amendments."}  # flow']
    assert added == ["      ukraine: {stance: accepts, text: 'Accepts 800,000.'}  # flow"]
    assert main(["position", "army-cap", "russia", "demands", "--text", "Wants a cap.", "--since", "2025-11-20",
                 "--source", SEED, "--quote", QUOTE]) == 0
    point = parse_register(_register(here), "r.yml")[0].points[0]
    assert point.positions["russia"].since.isoformat() == "2025-11-20"
    assert point.positions["russia"].sources[0].quote == QUOTE
    assert list(point.positions) == ["ukraine", "russia"]


def test_position_checks_party_and_stance(here, capsys):
    before = _register(here)
    assert main(["position", "army-cap", "rusia", "rejects", "--text", "x"]) == 1
    assert "unknown party 'rusia' (did you mean 'russia'?" in capsys.readouterr().err
    assert main(["position", "army-cap", "russia", "reject", "--text", "x"]) == 1
    assert "unknown stance 'reject' (did you mean 'rejects'?" in capsys.readouterr().err
    assert main(["position", "army-cap", "russia", "rejects", "--text", "x", "--source", SEED]) == 1
    assert "needs both the article and the quote" in capsys.readouterr().err
    assert main(["position", "army-cap", "russia", "rejects", "--text", ""]) == 1
    err = capsys.readouterr().err
    assert "briefings/register.yml:" in err and "(in the new text)" in err and "Traceback" not in err
    assert _register(here) == before


def test_position_without_positions_adds_the_key_before_related():
    text = COMMENTED.replace('    positions:\n      ukraine: {stance: resists, text: "Asks for amendments."}  # flow\n', "")
    edit = set_position(text, "r.yml", "army-cap", "russia", "rejects", "No.")
    removed, added = _changed(text, edit.text)
    assert removed == [] and added == ["    positions:", "      russia: {stance: rejects, text: No.}"]
    assert edit.text.index("positions:") < edit.text.index("# newest entry first")


def test_new_point_and_dismiss(here, capsys):
    before = _register(here)
    assert main(["new-point", "energy-sanctions", "--title", "Lifting sanctions on Russian energy"]) == 0
    removed, added = _changed(before, _register(here))
    assert removed == [] and added == ["", "  - id: energy-sanctions", "    title: Lifting sanctions on Russian energy",
                                       "    status: open", "    keywords: [energy, sanctions]"]
    assert main(["new-point", "energy-sanctions", "--title", "Again"]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["dismiss", "army-cap", SEED, "--paragraph", "3", "--reason", "About the oil price cap."]) == 0
    point = parse_register(_register(here), "r.yml")[0].points[1]
    assert point.dismissed[0].paragraph == 3 and point.dismissed[0].reason == "About the oil price cap."
    assert main(["dismiss", "army-cap", "no-such-article", "--reason", "x"]) == 1
    assert "no article 'no-such-article'" in capsys.readouterr().err
    assert main(["check"]) == 0


def test_new_point_on_an_unspaced_register_has_no_blank_line():
    text = "title: T\nparties:\n  - {id: a, name: A}\npoints:\n- id: x\n  title: X\n  status: open\n  keywords: [x]\n"
    edit = new_point(text, "r.yml", "y", "Y")
    assert edit.text == text + "- id: y\n  title: Y\n  status: open\n  keywords: [y]\n"


def test_edit_keeps_crlf_line_ends(here):
    register = here / "briefings" / "register.yml"
    register.write_bytes(COMMENTED.replace("\n", "\r\n").encode("utf-8"))
    assert main(["dismiss", "army-cap", SEED, "--reason", "Not about the army."]) == 0
    data = register.read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n") and b"Not about the army." in data


_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Co", "Cn")), min_size=1, max_size=40) \
    .filter(lambda s: s.strip() == s and s)  # pydantic keeps edges; the register's text fields are trimmed by editors


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(note=_TEXT, quote=_TEXT)
def test_any_note_and_quote_come_back_as_written_and_only_the_entry_is_added(note, quote):
    edit = set_status(COMMENTED, "r.yml", "army-cap", "narrowing", __import__("datetime").date(2025, 12, 1), note, SEED, quote)
    removed, added = _changed(COMMENTED, edit.text)
    assert removed == ["    status: open      # kept in step with the history"], (note, quote)
    assert len(added) >= 6 and added[0] == "    status: narrowing      # kept in step with the history"
    entry = parse_register(edit.text, "r.yml")[0].points[0].history[0]
    assert (entry.note, entry.sources[0].quote) == (note, quote)


# ---- findings of the adversarial trial: each edit adds exactly what was asked -------------

def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def _added_only(before: bytes, after: bytes) -> list[bytes]:
    """The lines the edit added; fails if any line of before changed or went (its line end included)."""
    matcher = difflib.SequenceMatcher(None, _lines(before), _lines(after), autojunk=False)
    added = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        assert op in ("equal", "insert"), (op, _lines(before)[i1:i2], _lines(after)[j1:j2])
        added += _lines(after)[j1:j2] if op == "insert" else []
    return added


HASH_LINES = f"""\
title: T
parties:
  - {{id: ukraine, name: Ukraine}}
  - {{id: russia, name: Russia}}
points:
  - id: army-cap
    title: Cap on the army
    status: open
    keywords: [army]
    summary: |
      The cap is discussed.
      # this line is text, not a comment
      # and so is this one
    history:
      - date: 2025-11-26
        status: open
        note: Open.
        sources:
          - article: {SEED}
            quote: "{QUOTE}"
  - id: nato-membership
    title: NATO
    aliases: ["NATO membership"]
    status: open
    summary: "Kyiv's bid, in the
      # words of the plan, is off the table"
    history: [{{date: 2025-11-26, status: open, note: Unacceptable.}}]
"""


def test_new_text_never_goes_into_a_block_scalar_or_a_quoted_value_whose_lines_start_with_hash(here):
    register = here / "briefings" / "register.yml"
    register.write_text(HASH_LINES, "utf-8")
    before = parse_register(HASH_LINES, "r.yml")[0].points
    assert main(["position", "army-cap", "russia", "demands", "--text", "A cap of 600,000."]) == 0
    assert main(["position", "nato-membership", "russia", "demands", "--text", "No NATO."]) == 0
    after = register.read_bytes()
    assert _added_only(HASH_LINES.encode(), after) == [
        b"    positions:\n", b"      russia: {stance: demands, text: 'A cap of 600,000.'}\n",
        b"    positions:\n", b"      russia: {stance: demands, text: No NATO.}\n"]
    points = parse_register(after.decode(), "r.yml")[0].points
    assert points[0].summary == before[0].summary == (
        "The cap is discussed.\n# this line is text, not a comment\n# and so is this one\n")
    assert points[1].summary == before[1].summary == "Kyiv's bid, in the # words of the plan, is off the table"
    assert after.index(b"# and so is this one\n    positions:") > 0


YAML_11_WORDS = ["yes", "No", "on", "OFF", "y", "~", "null", "1:20", "0o7", "0x1F", "1e3", ".inf", "2025-12-01",
                 "12:30:00", "=", "<<", " leading", "trailing ", "'quoted'", 'say "no"', "a: b", "a #b", "#c", "- x",
                 "[x]", "{y}", "@z", "%p", "!t", "&a", "*b", "|", ">", "...", "---", "Переговоры", "line\nbreak"]


@pytest.mark.parametrize("word", YAML_11_WORDS)
def test_any_text_is_stored_as_that_text(word):
    text = set_status(COMMENTED, "r.yml", "army-cap", "deferred", date(2025, 12, 1), word, SEED, word).text
    text = set_position(text, "r.yml", "army-cap", "russia", "demands", word, None, SEED, word).text
    text = dismiss(text, "r.yml", "army-cap", SEED, None, word).text
    text = new_point(text, "r.yml", "energy-sanctions", word, None, [f"{word} sanctions"]).text
    army, _, energy = parse_register(text, "r.yml")[0].points
    assert (army.history[0].note, army.history[0].sources[0].quote, army.positions["russia"].text,
            army.positions["russia"].sources[0].quote, army.dismissed[-1].reason) == (word,) * 5
    assert (energy.title, energy.keywords) == (word, [f"{word} sanctions"])


def test_words_yaml_1_1_reads_as_booleans_or_numbers_pass_through_the_commands(here):
    assert main(["status", "army-cap", "deferred", "--date", "2025-12-01", "--note", "yes",
                 "--source", SEED, "--quote", QUOTE]) == 0
    assert main(["position", "army-cap", "russia", "demands", "--text", "No"]) == 0
    assert main(["dismiss", "army-cap", SEED, "--reason", "1:20"]) == 0
    assert main(["new-point", "energy-sanctions", "--title", "on", "--keyword", "off"]) == 0
    points = parse_register(_register(here), "r.yml")[0].points
    assert (points[1].history[0].note, points[1].positions["russia"].text, points[1].dismissed[0].reason) == (
        "yes", "No", "1:20")
    assert (points[-1].title, points[-1].keywords) == ("on", ["off"])


FLOW_POINTS = f"""\
title: T
parties: [{{id: ukraine, name: Ukraine}}, {{id: russia, name: Russia}}]
points:
  - {{id: army-cap, title: Cap on the army, status: open, keywords: [army], history: [{{date: 2025-11-26, status: open, note: Open., sources: [{{article: {SEED}, quote: "{QUOTE}"}}]}}]}}
  - {{id: nato-membership, title: NATO,   # a flow point over lines
      aliases: ["NATO membership"], positions: {{ukraine: {{stance: rejects, text: No.}}}},
      history: [{{date: 2025-11-26, status: open, note: Unacceptable.}}]}}
"""


def _is_insertion(old: str, new: str) -> bool:
    """Whether new is old with one piece of text inserted."""
    extra, prefix = len(new) - len(old), len(os.path.commonprefix([old, new]))
    return extra >= 0 and new[:prefix] + new[prefix + extra:] == old


def test_every_edit_works_on_a_flow_style_point(here):
    (here / "briefings" / "register.yml").write_text(FLOW_POINTS, "utf-8")
    steps = [  # the command, what its line must then hold, whether that line only gained text
        (["status", "army-cap", "agreed", "--date", "2025-12-01", "--note", "Done.", "--source", SEED, "--quote", QUOTE],
         "status: agreed, keywords: [army], history: [{date: 2025-12-01, status: agreed, note: Done., sources: "
         f"[{{article: {SEED}, quote: {QUOTE}}}]}}, {{date: 2025-11-26", False),
        (["position", "army-cap", "russia", "demands", "--text", "A cap."],
         "keywords: [army], positions: {russia: {stance: demands, text: A cap.}}, history: [", True),
        (["position", "nato-membership", "ukraine", "resists", "--text", "Not now."],
         "positions: {ukraine: {stance: resists, text: Not now.}},", False),
        (["position", "nato-membership", "russia", "demands", "--text", "Never."],
         "positions: {ukraine: {stance: resists, text: Not now.}, russia: {stance: demands, text: Never.}},", True),
        (["dismiss", "nato-membership", SEED, "--reason", "Elsewhere."],
         f"note: Unacceptable.}}], dismissed: [{{article: {SEED}, reason: Elsewhere.}}]}}", True),
        (["status", "nato-membership", "agreed", "--date", "2025-12-02", "--note", "Agreed.", "--source", SEED,
          "--quote", "this request is still unacceptable"],
         f"history: [{{date: 2025-12-02, status: agreed, note: Agreed., sources: [{{article: {SEED}", True),
    ]
    for argv, holds, inserted in steps:
        before = _register(here)
        assert main(argv) == 0, argv
        removed, added = _changed(before, _register(here))
        assert len(removed) == len(added) == 1 and holds in added[0], (argv, removed, added)
        assert _is_insertion(removed[0], added[0]) == inserted, (argv, removed, added)
    points = parse_register(_register(here), "r.yml")[0].points
    assert points[0].current_status == "agreed" and points[0].positions["russia"].text == "A cap."
    assert points[1].current_status == "agreed" and list(points[1].positions) == ["ukraine", "russia"]
    assert points[1].positions["ukraine"].text == "Not now." and points[1].dismissed[0].reason == "Elsewhere."


def test_a_second_status_change_on_the_same_day_goes_on_top_and_wins(here, capsys):
    for status in ("deferred", "narrowing"):
        assert main(["status", "army-cap", status, "--date", "2025-12-01", "--note", f"Now {status}.",
                     "--source", SEED, "--quote", QUOTE]) == 0
    point = parse_register(_register(here), "r.yml")[0].points[1]
    assert [e.status for e in point.history[:2]] == ["narrowing", "deferred"]
    assert point.current_status == "narrowing" and point.latest == point.history[0]
    before = _register(here)
    assert main(["status", "army-cap", "open", "--date", "2025-11-30", "--note", "x", "--source", SEED,
                 "--quote", QUOTE]) == 1
    assert "an entry dated 2025-11-30 would not be the latest: 2025-12-01 (narrowing)" in capsys.readouterr().err
    assert _register(here) == before


def _line_ends(lines: list[str], army: str, quote: str, blank: str, nato: str, rest: str) -> list[str]:
    """Line ends for COMMENTED's lines: army-cap's lines, its last line (the quote), the blank line after it,
    the last line of nato-membership, and the rest."""
    first, gap = lines.index("  - id: army-cap"), lines.index("  - id: nato-membership") - 1
    special = {gap - 1: quote, gap: blank, len(lines) - 2: nato}
    return [special.get(i, army if first <= i < gap else rest) for i in range(len(lines))]


@pytest.mark.parametrize("ends, dismissed, new_point", [
    (("\r",) * 5, "\r", "\r"),  # CR only stays CR only
    (("\n", "\n", "\n", "\r\n", "\r\n"), "\n", "\r\n"),  # new lines take the end of the lines around them
    (("\r\n", "\n", "\r", "\r\n", "\r\n"), "\r\n", "\r\n"),  # where those differ, the file's commonest
    (("\n", "\n", "\n", "\r", "\n"), "\n", "\r"),  # a lone CR and then a new blank LF line would read as one CRLF
], ids=["CR", "CRLF-with-an-LF-point", "LF-above-CR-below", "LF-with-one-CR"])
def test_each_line_keeps_its_line_end_and_new_lines_take_those_around_them(here, ends, dismissed, new_point):
    register = here / "briefings" / "register.yml"
    lines = COMMENTED.split("\n")[:-1]
    before = "".join(line + end for line, end in zip(lines, _line_ends(lines, *ends))).encode()
    register.write_bytes(b"\xef\xbb\xbf" + before)
    assert main(["dismiss", "army-cap", SEED, "--reason", "Not about the army."]) == 0
    assert main(["new-point", "energy-sanctions", "--title", "Energy sanctions"]) == 0
    after = register.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf")
    assert _added_only(before, after[3:]) == [line.encode() for line in [
        f"    dismissed: [{{article: {SEED}, reason: Not about the army.}}]{dismissed}", new_point,
        f"  - id: energy-sanctions{new_point}", f"    title: Energy sanctions{new_point}",
        f"    status: open{new_point}", f"    keywords: [energy, sanctions]{new_point}"]]


KEEP = f"""\
title: T
parties:
  - {{id: ukraine, name: Ukraine}}
points:
  - id: army-cap
    title: Cap on the army
    keywords: [army]
    history:
      - date: 2025-11-26
        status: open
        note: Open.
        sources:
          - article: {SEED}
            quote: "{QUOTE}"
    summary: |+
      Two blank lines end this summary, and they are part of it.


  - id: nato-membership
    title: NATO
    aliases: ["NATO membership"]
    status: open
    summary: >+
      Folded, kept.

"""


def test_blank_lines_a_block_scalar_keeps_stay_in_it(here):
    register = here / "briefings" / "register.yml"
    register.write_text(KEEP, "utf-8")
    assert main(["dismiss", "army-cap", SEED, "--reason", "Elsewhere."]) == 0
    assert main(["position", "nato-membership", "ukraine", "rejects", "--text", "No."]) == 0
    _added_only(KEEP.encode(), register.read_bytes())
    points = parse_register(_register(here), "r.yml")[0].points
    assert points[0].summary == "Two blank lines end this summary, and they are part of it.\n\n\n"
    assert points[1].summary == "Folded, kept.\n\n"
    assert points[0].dismissed[0].reason == "Elsewhere." and points[1].positions["ukraine"].text == "No."


@pytest.mark.parametrize("first, second, message", [
    (["--paragraph", "3"], ["--paragraph", "3"], f"paragraph 3 of article '{SEED}' is already dismissed"),
    ([], [], f"article '{SEED}' is already dismissed"),
    ([], ["--paragraph", "5"], f"paragraph 5 of article '{SEED}' is already dismissed (the whole article is)"),
])
def test_a_dismissal_that_is_already_there_is_refused_where_it_is(here, capsys, first, second, message):
    register = here / "briefings" / "register.yml"
    assert main(["dismiss", "army-cap", SEED, *first, "--reason", "Not about the cap."]) == 0
    before = register.read_bytes()
    line = _register(here).splitlines().index(next(l for l in _register(here).splitlines() if l.startswith("    dismissed:"))) + 1
    capsys.readouterr()
    assert main(["dismiss", "army-cap", SEED, *second, "--reason", "Again."]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"briefings/register.yml:{line}:") and message in err, err
    assert register.read_bytes() == before


def test_a_register_saved_by_someone_else_during_the_edit_is_not_written_over():
    edit = new_point(COMMENTED, "briefings/register.yml", "energy-sanctions", "Energy sanctions")
    assert edited_bytes(COMMENTED.replace("\n", "\r\n").encode(), edit).decode() == edit.text.replace("\n", "\r\n")
    saved = COMMENTED.replace("Peace plan", "Peace plan, saved meanwhile").encode()
    with pytest.raises(InputError) as refused:
        edited_bytes(saved, edit)
    assert str(refused.value.problems[0]).startswith("briefings/register.yml:1:1: register: the file changed while")


COMMENTED_OUT = f"""\
title: T
parties:
  - {{id: ukraine, name: Ukraine}}
  - {{id: russia, name: Russia}}
points:
  - id: army-cap
    title: Cap on the army
    status: open
    keywords:
      - army
      # - troops        (left out: too many other senses)
    # the newest entry first
    history:
      - date: 2025-11-26
        status: open
        note: Open.
        sources:
          - article: {SEED}
            quote: "{QUOTE}"
          # - article: another-one
          #   quote: a second source, to be checked
  # the next point
  - id: nato-membership
    title: NATO
    aliases: ["NATO membership"]
    status: open
"""


def test_comment_lines_indented_under_a_value_stay_with_it_and_those_above_a_key_with_the_key():
    edit = set_position(COMMENTED_OUT, "r.yml", "army-cap", "russia", "demands", "A cap.")
    assert "# - troops        (left out: too many other senses)\n    positions:\n" in edit.text
    assert "      russia: {stance: demands, text: A cap.}\n    # the newest entry first\n    history:" in edit.text
    edit = dismiss(COMMENTED_OUT, "r.yml", "army-cap", SEED, 2, "Elsewhere.")
    assert f"#   quote: a second source, to be checked\n    dismissed: [{{article: {SEED}, paragraph: 2, " \
           "reason: Elsewhere.}]\n  # the next point\n" in edit.text
    for text in (edit.text, set_position(COMMENTED_OUT, "r.yml", "army-cap", "russia", "demands", "A cap.").text):
        assert _added_only(COMMENTED_OUT.encode(), text.encode())
