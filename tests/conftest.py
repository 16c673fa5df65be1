"""Fixtures: the user's folders kept apart, a temporary copy of the project, the default project built once per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.commands import main
from helpers import Run, copy_project, run_briefing


@pytest.fixture(scope="session", autouse=True)
def user_folders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """HOME and XDG_CACHE_HOME in a temporary folder for the whole session.

    Set in os.environ, so every command the tests run gets them too (helpers.run_briefing
    passes the environment on): the suite never writes the cache's signing key, compiled
    templates or anything else into the real user's folders.
    """
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(home))
        patch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
        yield home


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh, unbuilt copy of the project."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default project, built once per test session. Do not modify it."""
    root = copy_project(tmp_path_factory.mktemp("built") / "project")
    result = run_briefing("build", cwd=root)
    assert result.code == 0, result.text
    return root


@pytest.fixture
def run_main(monkeypatch, capsys):
    """The command line run in this process (no interpreter start-up): for cases that cannot hang."""
    def run(root: Path, *args: str) -> Run:
        monkeypatch.chdir(root)
        code = main(list(args))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)
    return run
