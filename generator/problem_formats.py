"""Problems as text for people, as GitHub workflow commands, or as JSON for other tools.

Pure: problems in, one string out. The caller decides where it is printed.
"""

from __future__ import annotations

import json
from typing import Iterable, Protocol

FORMATS = ("text", "github", "json")


class ProblemLike(Protocol):
    path: str
    line: int
    column: int
    where: str
    message: str
    hint: str


def severity(problem: ProblemLike) -> str:
    """'error' unless the problem says otherwise: an error stops the build; a 'warning' (a position
    without a source, an article without an outlet) is reported and the build goes on."""
    return getattr(problem, "severity", "error")


def format_problems(problems: Iterable[ProblemLike], fmt: str) -> str:
    """All problems in one format, one problem per line for text and github; '' when there are none (text, github)."""
    problems = list(problems)
    if fmt == "text":
        return "\n".join(str(p) for p in problems)
    if fmt == "github":
        return "\n".join(github_command(p) for p in problems)
    if fmt == "json":
        return json.dumps([problem_record(p) for p in problems], ensure_ascii=False, indent=2)
    raise ValueError(f"unknown problem format {fmt!r}; choose one of {', '.join(FORMATS)}")


def problem_record(problem: ProblemLike) -> dict:
    return {"path": problem.path, "line": problem.line, "column": problem.column, "where": problem.where,
            "message": problem.message, "hint": problem.hint, "severity": severity(problem)}


# The escaping of GitHub's own toolkit (actions/toolkit, core/src/command.ts): the runner
# decodes these sequences, so a message keeps its '%' and line breaks and a property value
# cannot end the property list early. Libraries that offer it print the command themselves
# instead of returning it, which this pure module cannot use.
def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_command(problem: ProblemLike) -> str:
    """`::error file=PATH,line=L,col=C,title=WHERE::MESSAGE (hint)`; file, line and col only when known (a
    refused command line names no file)."""
    properties = [("file", problem.path)] if problem.path else []
    if problem.path and problem.line > 0:
        properties.append(("line", str(problem.line)))
        if problem.column > 0:
            properties.append(("col", str(problem.column)))
    if problem.where:
        properties.append(("title", problem.where))
    command = "warning" if severity(problem) == "warning" else "error"
    listed = ",".join(f"{name}={escape_property(value)}" for name, value in properties)
    message = f"{problem.message} ({problem.hint})" if problem.hint else problem.message
    return f"::{command} {listed}::{escape_data(message)}"
