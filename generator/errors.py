"""Every error the tool reports on purpose: bad input (Problem, InputError), usage, the engine."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

# What would break a message's line or change how it reads: control characters (C0, DEL,
# C1), the Unicode line and paragraph separators, and bidirectional overrides and isolates.
_UNSEEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def one_line(text: str) -> str:
    """text with those characters escaped as Python writes them (\\n, \\x1b, \\u2028): one line, as written."""
    return _UNSEEN.sub(lambda m: _NAMED.get(m.group(), m.group().encode("unicode_escape").decode("ascii")), text)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located as precisely as we can.

    Its fields hold the text as found (a value quoted from the input may hold a line
    break); as a line (str) every field is made one_line, so one problem is one line.
    """

    path: str
    line: int = 0
    column: int = 0
    where: str = ""
    message: str = ""
    hint: str = ""
    severity: str = "error"  # or "warning": reported, but the input is still used

    def __str__(self) -> str:
        return self._line("")

    def as_warning(self) -> str:
        """The same line marked as a warning: file:line:col: warning: where: what (hint)."""
        return self._line(" warning:")

    def _line(self, mark: str) -> str:
        where = f" {one_line(self.where)}:" if self.where else ""
        hint = f" ({one_line(self.hint)})" if self.hint else ""
        return f"{one_line(self.path)}:{self.line}:{self.column}:{mark}{where} {one_line(self.message)}{hint}"


class InputError(Exception):
    """Raised when the input is bad; carries every problem found (exit 1)."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


def input_error(path: str, line: int, column: int, where: str, message: str, hint: str = "") -> InputError:
    """An InputError holding one problem."""
    return InputError([Problem(path, line, column, where, message, hint)])


@dataclass
class Problems:
    """Collects problems so that one run reports all of them."""

    items: list[Problem] = field(default_factory=list)

    def add(self, path: str | Path, line: int, column: int, where: str, message: str, hint: str = "") -> None:
        self.items.append(Problem(str(path), line, column, where, message, hint))

    def extend(self, problems: list[Problem]) -> None:
        self.items.extend(problems)

    def raise_if_any(self) -> None:
        if self.items:
            raise InputError(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)


class UsageError(Exception):
    """The command line asks for something the tool refuses to do (exit 2)."""


class EngineError(Exception):
    """The site engine refused to build (a bug in the generated pages or the site config)."""
