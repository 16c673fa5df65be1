"""api/briefing.json is written by orjson: the same bytes as the standard library's indented, sorted encoding
(a lone surrogate, which orjson refuses, as its JSON escape)."""

from __future__ import annotations

import json

from hypothesis import given, settings, strategies as st

from generator.export import export, export_bytes
from generator.pipeline import check
from generator.project import Project
from tests.helpers import ROOT

# what the export holds: text (any code point, control characters, quotes, backslashes,
# U+2028, lone surrogates), whole numbers, scores, booleans and null, in objects and lists
_LEAVES = (st.text() | st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
           | st.floats(min_value=0, max_value=1000, allow_nan=False).map(lambda x: round(x, 3))
           | st.sampled_from(["\u2028\u2029", "\ud800", "\x7f\x00\x1f", '"\\/', "🇺🇦 Київ"]))
_VALUES = st.recursive(_LEAVES, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                       max_leaves=30)


def _standard(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


@given(_VALUES)
@settings(max_examples=400, deadline=None)
def test_export_bytes_are_the_standard_encoding(data: object) -> None:
    assert export_bytes({"value": data}) == _standard({"value": data}).encode("utf-8", "backslashreplace")


def test_export_bytes_of_the_shipped_project() -> None:
    data = export(check(Project.at(ROOT)))
    assert export_bytes(data) == _standard(data).encode("utf-8")
