"""Property: after any sequence of edits (an article added, edited, removed or renamed; the register edited),
each built as a rebuild of the last site (incremental where it can be), the site is what a clean build of
the same input gives, file for file (Pagefind's bundle, whose bytes vary between runs, counted as there or not;
both builds run on the same day, so the sitemap's dates agree)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cache import CACHE_DIR
from helpers import built_digest, copy_project, run_briefing

SENTENCES = ["Envoys met in Geneva to discuss the Donbas and the fortified cities.",
             "A cap on the army of 600,000 troops was discussed again.",
             "Kyiv repeated that NATO membership stays its goal.",
             "The talks covered prisoner exchanges and grain exports.",
             "Officials said the Russian document was the basis of the plan."]
SUMMARY = "      Some progress is reported, but nothing is decided.\n"

operation = st.one_of(
    st.tuples(st.just("add"), st.integers(0, 99), st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3)),
    st.tuples(st.just("edit"), st.integers(0, 99), st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3)),
    st.tuples(st.just("remove"), st.integers(0, 99), st.just([])),
    st.tuples(st.just("rename"), st.integers(0, 99), st.just([])),
    st.tuples(st.just("register"), st.integers(0, 99), st.just([])),
)


def _write(path: Path, day: int, sentences: list[str]) -> None:
    path.write_text(f"---\ntitle: {sentences[0]}\ndate: 2025-11-{day:02d}\noutlet: Wire\n---\n"
                    + "\n\n".join(sentences) + "\n", "utf-8")


def _apply(root: Path, op: tuple[str, int, list[str]], counter: list[int]) -> None:
    kind, pick, sentences = op
    added = sorted((root / "seeds").glob("wire-*.md"))
    if kind == "add" or (kind in ("edit", "remove", "rename") and not added):
        counter[0] += 1
        _write(root / "seeds" / f"wire-{counter[0]:03d}.md", 1 + pick % 28, sentences or SENTENCES[:1])
    elif kind == "edit":
        _write(added[pick % len(added)], 1 + pick % 28, sentences)
    elif kind == "remove":
        added[pick % len(added)].unlink()
    elif kind == "rename":
        counter[0] += 1
        added[pick % len(added)].rename(root / "seeds" / f"wire-{counter[0]:03d}.md")
    else:
        register = root / "briefings" / "register.yml"
        text = register.read_text("utf-8")
        register.write_text(text.replace(SUMMARY, f"      Some progress is reported ({pick}), but nothing is decided.\n", 1)
                            if SUMMARY in text else text.replace("(", "(again ", 1), "utf-8")


@pytest.mark.slow
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(operation, min_size=1, max_size=3))
def test_rebuilds_after_any_edits_equal_a_clean_build(tmp_path_factory: pytest.TempPathFactory, ops):
    work = tmp_path_factory.mktemp("incremental")
    root = copy_project(work / "project")
    assert run_briefing("build", cwd=root).code == 0
    counter = [0]
    for op in ops:
        _apply(root, op, counter)
        result = run_briefing("build", cwd=root)
        assert result.code == 0, (op, result.text)
    clean = work / "clean"
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns("site", "site.*", ".site.*", CACHE_DIR))
    assert run_briefing("build", cwd=clean).code == 0
    rebuilt, reference = built_digest(root / "site"), built_digest(clean / "site")
    assert sorted(rebuilt) == sorted(reference), ops
    assert [rel for rel in reference if rebuilt[rel] != reference[rel]] == [], ops
