"""The suite keeps the user's folders apart: HOME and XDG_CACHE_HOME are temporary (tests/conftest.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import cache as cache_module
from helpers import copy_project, run_briefing


def test_the_suite_writes_the_signing_key_and_templates_into_a_temporary_folder(
        tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> None:
    base = tmp_path_factory.getbasetemp()
    home = Path.home()
    user_cache = Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache")
    assert base in home.parents and base in user_cache.parents, (home, user_cache)
    assert cache_module._user_dir() == user_cache / "briefing"
    result = run_briefing("check", cwd=copy_project(tmp_path / "project"))  # a command the tests run
    assert result.code == 0, result.text
    assert (user_cache / "briefing" / "cache-key").is_file()
