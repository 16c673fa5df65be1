"""Every error the tool reports on purpose: bad input (Problem, InputError), usage, the engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located as precisely as we can."""

    path: str
    line: int = 0
    column: int = 0
    where: str = ""
    message: str = ""
    hint: str = ""
    severity: str = "error"  # or "warning": reported, but the input is still used

    def __str__(self) -> str:
        location = f"{self.path}:{self.line}:{self.column}:"
        where = f" {self.where}:" if self.where else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{location}{where} {self.message}{hint}"

    def as_warning(self) -> str:
        """The same line marked as a warning: file:line:col: warning: where: what (hint)."""
        location = f"{self.path}:{self.line}:{self.column}:"
        return str(self).replace(location, f"{location} warning:", 1)


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
