"""shown_path's short cut for a path below the current folder gives what os.path.relpath gives."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import given, settings, strategies as st

from generator.project import _UNPRINTABLE, shown_path

_SEGMENT = st.sampled_from(["a", "seeds", ".", "..", "", ".hidden", "x\ny", "ü", "a b", "..."])


def _by_relpath(path: str | Path) -> str:
    """The rule as os.path.relpath states it: relative to the current folder where it lies below it."""
    relative = os.path.relpath(path, Path.cwd())
    return (str(path) if relative.startswith("..") else relative).translate(_UNPRINTABLE)


@given(st.lists(_SEGMENT, max_size=5), st.sampled_from(["here", "root", "relative", "sibling"]), st.booleans())
@settings(max_examples=300, deadline=None)
def test_shown_path_is_relpath(segments: list[str], start: str, as_path: bool) -> None:
    here = os.getcwd()
    base = {"here": here, "root": "/", "relative": "", "sibling": here + "-other"}[start]
    text = "/".join([base, *segments]) if base else "/".join(segments) or "."
    path = Path(text) if as_path else text
    assert shown_path(path) == _by_relpath(path)


def test_a_seed_below_the_current_folder_is_shown_from_it(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "seeds").mkdir()
    monkeypatch.chdir(tmp_path)
    assert shown_path(tmp_path / "seeds" / "a.txt") == "seeds/a.txt"
    assert shown_path(Path(tmp_path.parent, "x.txt")) == str(Path(tmp_path.parent, "x.txt"))
