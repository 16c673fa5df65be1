"""Problem output formats: text for people, GitHub workflow commands, JSON; and `briefing check --format`."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import SEED, run_briefing
from generator.errors import Problem
from generator.problem_formats import FORMATS, format_problems, github_command

PROBLEM = Problem("briefings/register.yml", 61, 17, "points.army-cap.history[0].status", "unknown status 'agred'",
                  "did you mean 'agreed'?")


@dataclass(frozen=True, order=True)
class Warning_(Problem):
    severity: str = "warning"


def runner_unescape(text: str, in_property: bool) -> str:
    """What the GitHub runner does to a command's values (ActionCommand.Unescape, '%25' last)."""
    pairs = [("%0D", "\r"), ("%0A", "\n")] + ([("%3A", ":"), ("%2C", ",")] if in_property else []) + [("%25", "%")]
    for escaped, plain in pairs:
        text = text.replace(escaped, plain)
    return text


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """Split a workflow command the way the runner does: `::name k=v,k=v::data`."""
    assert line.startswith("::")
    head, _, data = line[2:].partition("::")
    name, _, listed = head.partition(" ")
    properties = {}
    for item in listed.split(","):
        key, _, value = item.partition("=")
        properties[key] = runner_unescape(value, in_property=True)
    return name, properties, runner_unescape(data, in_property=False)


def test_text_is_the_familiar_line():
    assert format_problems([PROBLEM], "text") == (
        "briefings/register.yml:61:17: points.army-cap.history[0].status: unknown status 'agred' (did you mean 'agreed'?)")
    assert format_problems([PROBLEM, PROBLEM], "text").count("\n") == 1


def test_github_error_command():
    assert github_command(PROBLEM) == (
        "::error file=briefings/register.yml,line=61,col=17,title=points.army-cap.history[0].status"
        "::unknown status 'agred' (did you mean 'agreed'?)")


def test_github_escapes_data_and_properties():
    tricky = Problem("seeds/a,b:c.txt", 3, 4, "articles: a,b", "50% done\r\nnext line", "use 100%, not 50:50")
    line = github_command(tricky)
    assert "\n" not in line and "\r" not in line
    assert line == ("::error file=seeds/a%2Cb%3Ac.txt,line=3,col=4,title=articles%3A a%2Cb"
                    "::50%25 done%0D%0Anext line (use 100%25, not 50:50)")


def test_github_leaves_out_unknown_line_and_column():
    assert github_command(Problem("seeds", 0, 0, "seeds", "folder not found")) == "::error file=seeds,title=seeds::folder not found"
    assert github_command(Problem("mkdocs.yml", 2, 0, "", "x")) == "::error file=mkdocs.yml,line=2::x"


def test_warning_becomes_a_github_warning_and_says_so_in_json():
    warning = Warning_("briefings/register.yml", 5, 1, "keywords", "600 and 000 look like one number split in two", "quote it")
    assert github_command(warning).startswith("::warning file=briefings/register.yml,line=5,col=1,title=keywords::")
    assert [r["severity"] for r in json.loads(format_problems([warning, PROBLEM], "json"))] == ["warning", "error"]


printable = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@given(path=printable, where=printable, message=printable, hint=printable,
       line=st.integers(1, 10**6), column=st.integers(1, 500))
def test_github_round_trips_through_the_runners_unescaping(path, where, message, hint, line, column):
    problem = Problem(path, line, column, where, message, hint)
    name, properties, data = parse_command(github_command(problem))
    assert name == "error"
    if path:
        assert properties["file"] == path and properties["line"] == str(line) and properties["col"] == str(column)
    else:  # a refused command line: no file to point into
        assert not {"file", "line", "col"} & set(properties)
    assert properties.get("title", "") == where
    assert data == (f"{message} ({hint})" if hint else message)


def test_json_records():
    records = json.loads(format_problems([PROBLEM], "json"))
    assert records == [{"path": "briefings/register.yml", "line": 61, "column": 17,
                        "where": "points.army-cap.history[0].status", "message": "unknown status 'agred'",
                        "hint": "did you mean 'agreed'?", "severity": "error"}]
    assert json.loads(format_problems([], "json")) == []


def test_unknown_format_is_refused():
    assert FORMATS == ("text", "github", "json")
    with pytest.raises(ValueError, match="unknown problem format 'xml'"):
        format_problems([PROBLEM], "xml")


# --- briefing check --format ------------------------------------------------------------


def _break_register(project):
    path = project / "briefings" / "register.yml"
    text = path.read_text("utf-8")
    assert "status: open" in text
    path.write_text(text.replace("status: open", "status: opne", 1), "utf-8")


def test_check_github_format_prints_annotations_on_stdout(project):
    _break_register(project)
    result = run_briefing("check", "--format", "github", cwd=project)
    assert result.code == 1, result.text
    lines = result.out.splitlines()
    assert lines and all(l.startswith("::error file=briefings/register.yml,line=") for l in lines), result.out
    assert "unknown status 'opne'" in result.out
    assert "1 problem found" in result.err and "Traceback" not in result.text


def test_check_json_format(project):
    ok = run_briefing("check", "--format", "json", cwd=project)
    assert ok.code == 0, ok.text
    # the shipped seed names no outlet: a warning, which leaves the exit status 0
    assert [(r["path"], r["severity"]) for r in json.loads(ok.out)] == [(f"seeds/{SEED}.txt", "warning")]
    assert ok.err.startswith("ok: ")
    _break_register(project)
    bad = run_briefing("check", "--format", "json", cwd=project)
    assert bad.code == 1, bad.text
    records = json.loads(bad.out)
    assert [(r["path"], r["where"], r["severity"]) for r in records] == [
        ("briefings/register.yml", "points.army-cap.history[0].status", "error")]


def test_check_text_format_is_the_default(project):
    _break_register(project)
    default, text = run_briefing("check", cwd=project), run_briefing("check", "--format", "text", cwd=project)
    assert default.code == text.code == 1
    assert default.out == text.out == "" and default.err == text.err
    assert default.err.startswith("briefings/register.yml:")


def test_check_refuses_an_unknown_format(project):
    result = run_briefing("check", "--format", "xml", cwd=project)
    assert result.code == 2 and "invalid choice: 'xml'" in result.err


def test_one_problem_is_one_line_whatever_its_values_hold():
    tricky = Problem("seeds/a\nb.txt", 3, 4, "points.x\ny", "unknown status 'op\nen\x1b[2J\u2028\u202e'", "did you\rmean")
    assert format_problems([tricky], "text") == (
        "seeds/a\\nb.txt:3:4: points.x\\ny: unknown status 'op\\nen\\x1b[2J\\u2028\\u202e' (did you\\rmean)")
    assert tricky.as_warning().startswith("seeds/a\\nb.txt:3:4: warning: points.x\\ny: unknown status 'op\\nen")
    assert len(format_problems([tricky, tricky], "text").splitlines()) == 2
    assert json.loads(format_problems([tricky], "json"))[0]["message"] == tricky.message  # JSON keeps the value as found


@given(path=printable, where=printable, message=printable, hint=printable)
def test_a_problem_as_text_never_breaks_its_line(path, where, message, hint):
    problem = Problem(path, 1, 1, where, message, hint)
    assert len(str(problem).splitlines()) == 1 and len(problem.as_warning().splitlines()) == 1
