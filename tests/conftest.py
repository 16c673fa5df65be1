"""Fixtures: a temporary copy of the project, and the default project built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import copy_project, run_briefing


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
