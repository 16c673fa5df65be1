"""The cache's tool key covers whatever changes output: every distribution the generator imports, and Python."""

from __future__ import annotations

import ast
import functools
import re
import sys
from importlib import metadata
from pathlib import Path

import pytest

from generator import cache as cache_module

PACKAGE = Path(cache_module.__file__).parent


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@functools.cache
def distributions_imported() -> frozenset[str]:
    """Read here independently of the generator: every installed distribution a module of the package imports."""
    names = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_bytes())):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names.add(node.module.split(".")[0])
    providers = metadata.packages_distributions()
    return frozenset(_normalised(d) for name in names - {"generator"} for d in providers.get(name, []))


def _bumped(monkeypatch: pytest.MonkeyPatch, distribution: str) -> None:
    """Pretend that another version of one distribution is installed."""
    real = metadata.version
    monkeypatch.setattr(metadata, "version",
                        lambda name: "999.0" if _normalised(name) == distribution else real(name))


def test_the_distributions_found_are_those_the_sources_import() -> None:
    imported = distributions_imported()
    assert {"snowballstemmer", "jinja2", "pyyaml", "feedgen"} <= imported, imported


@pytest.mark.parametrize("distribution", sorted(distributions_imported() | {"lxml", "text-unidecode"}))
def test_a_new_version_of_an_imported_distribution_changes_the_key(monkeypatch: pytest.MonkeyPatch,
                                                                   distribution: str) -> None:
    """snowballstemmer among them (after its upgrade a cached rebuild once published a mention a clean
    build did not), and what they require: feedgen writes with lxml, python-slugify transliterates with text-unidecode."""
    before = cache_module.tool_key()
    _bumped(monkeypatch, distribution)
    assert cache_module.tool_key() != before, f"{distribution}'s version is not in the cache key"


def test_another_python_changes_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    before = cache_module.tool_key()
    monkeypatch.setattr(sys, "version", sys.version + " (another build)")
    assert cache_module.tool_key() != before


def test_an_unrelated_distribution_leaves_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    before = cache_module.tool_key()
    _bumped(monkeypatch, "pytest")  # the tests' tool, not the generator's
    assert cache_module.tool_key() == before


def test_the_key_is_the_same_with_and_without_its_memo(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The derived list is kept in the user's cache folder; a damaged memo is derived again."""
    kept = cache_module.tool_key()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_module.tool_key() == kept  # derived afresh
    memo = tmp_path / "briefing" / "tool-distributions.json"
    assert "snowballstemmer" in memo.read_text("utf-8")
    assert cache_module.tool_key() == kept  # from the memo
    memo.write_text('{"key": 1, "distributions": "nonsense"', "utf-8")
    assert cache_module.tool_key() == kept
