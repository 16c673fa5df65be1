"""Frequent words in index chunks of their own (generator/search_chunks.py): Pagefind's own chunk
boundaries reproduced, every word's entry kept byte for byte, and files of another shape left alone.
Searching a split bundle in Chromium is tested in test_search_index.py."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import cbor2
import pytest

from generator.search_chunks import (
    SIGNATURE, array_head, array_length, chunk_bounds, chunk_entries, prefixes, read_pagefind_file, split_bundle,
    split_entries,
)
from generator.search_index import run_pagefind


def _page(number: int) -> str:
    # "the" on every page, many times; each page also has rare words of its own, two of them sorting just before "the"
    words = " ".join(["the"] * 40 + [f"tesla{number} thaw{number}"] + [f"word{number}x{i}" for i in range(40)])
    return f'<html lang="en"><body><main data-pagefind-body><h1>Page {number}</h1><p>{words}</p></main></body></html>'


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real Pagefind bundle of 60 pages, in small chunks (Pagefind's own setting for their size)."""
    root = tmp_path_factory.mktemp("chunks")
    for number in range(60):
        (root / "site" / f"p{number}").mkdir(parents=True)
        (root / "site" / f"p{number}" / "index.html").write_text(_page(number), "utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE", "400")
        result = run_pagefind(root / "site", output=root / "bundle")
    assert result.ok, result.output
    return root / "bundle"


def _words(bundle: Path) -> tuple[list, dict[str, object]]:
    """A bundle's page list and every word's entry, read from the chunks the page list names."""
    (meta_path,) = bundle.glob("*.pf_meta")
    meta = read_pagefind_file(meta_path)
    entries = {}
    for _, _, name in meta[2]:
        for entry in read_pagefind_file(bundle / "index" / f"{name}.pf_index")[0]:
            assert entry[0] not in entries
            entries[entry[0]] = entry
    return meta, entries


def test_prefixes_and_bounds_as_pagefind_draws_them():
    assert prefixes("apple", "apricot") == ("app", "apr")
    assert prefixes("cataraman", "yacht") == ("c", "y")
    # Pagefind's own example: "apple" is not cut to "app", which would fall below its chunk's start
    assert chunk_bounds([("apple", "apple"), ("apricot", "banana"), ("peach", "peach")]) == [
        ("apple", "apple"), ("apr", "b"), ("p", "peach")]
    # a chunk replaced by a run of chunks keeps its outer bounds
    assert chunk_bounds([("tesla1", "thaw9"), ("the", "the")], "te", "the") == [("te", "tha"), ("the", "the")]
    # ... unless the last one's cut falls below its new start: then its last word whole, as Pagefind does
    assert chunk_bounds([("tesla1", "thaw9"), ("the", "the")], "te", "t") == [("te", "tha"), ("the", "the")]


def test_the_bounds_of_a_real_bundle_are_redrawn_exactly(bundle):
    meta, _ = _words(bundle)
    firsts_and_lasts = []
    for _, _, name in meta[2]:
        words = read_pagefind_file(bundle / "index" / f"{name}.pf_index")[0]
        firsts_and_lasts.append((words[0][0], words[-1][0]))
    assert len(firsts_and_lasts) > 10
    assert chunk_bounds(firsts_and_lasts) == [(first, last) for first, last, _ in meta[2]]


@pytest.mark.parametrize("length", [0, 1, 23, 24, 255, 256, 65535, 65536, 2**32])
def test_array_heads_are_cbors_own(length):
    head = array_head(length)
    if length < 70000:
        assert cbor2.dumps([0] * length).startswith(head)
    assert array_length(head + b"\x00") == (length, len(head))


def test_a_chunk_reads_as_its_entries_bytes_or_not_at_all():
    entries = [["alpha", [[1, [2, 3], []]], []], ["beta", [[0, [7], []]], []]]
    raw = SIGNATURE + cbor2.dumps([entries])
    read = chunk_entries(raw)
    assert [word for word, _ in read] == ["alpha", "beta"]
    assert [cbor2.loads(encoded) for _, encoded in read] == entries
    assert chunk_entries(raw[:-1]) is None  # cut short
    assert chunk_entries(raw + b"\x00") is None  # something after the entries
    assert chunk_entries(b"other_signat" + raw[12:]) is None
    assert chunk_entries(SIGNATURE + cbor2.dumps([entries, 1])) is None  # another layout
    assert chunk_entries(SIGNATURE + cbor2.dumps([[["a", 1], 5]])) is None  # an entry that is not [word, ...]
    assert chunk_entries(SIGNATURE + b"\x81\x9f\xff") is None  # an array of unstated length


def test_large_words_stand_alone_and_the_rest_stays_together():
    entries = [("a", b"x" * 10), ("b", b"x" * 100), ("c", b"x" * 10), ("d", b"x" * 10), ("e", b"x" * 100)]
    runs = split_entries(entries, alone_from=50)
    assert [[word for word, _ in run] for run in runs] == [["a"], ["b"], ["c", "d"], ["e"]]
    assert split_entries(entries, alone_from=1000) == [entries]
    # the words next to a large word that share its first three letters stay with it, large or not
    kin = [("ukiyo", b"x"), ("ukr", b"x"), ("ukrain", b"x" * 100), ("ukraine", b"x" * 100), ("ukrainian", b"x"),
           ("ulster", b"x"), ("the", b"x" * 100), ("their", b"x")]
    assert [[word for word, _ in run] for run in split_entries(kin, alone_from=50)] == [
        ["ukiyo"], ["ukr", "ukrain", "ukraine", "ukrainian"], ["ulster"], ["the", "their"]]


def test_splitting_keeps_every_word_and_gives_the_frequent_one_a_chunk_of_its_own(bundle, tmp_path):
    copy = shutil.copytree(bundle, tmp_path / "bundle")
    meta, entries = _words(copy)
    (the_chunk,) = [name for first, last, name in meta[2] if first <= "the" <= last or "the".startswith(last)]
    assert len(read_pagefind_file(copy / "index" / f"{the_chunk}.pf_index")[0]) > 1  # shared, as Pagefind made it
    alone_from = len(cbor2.dumps(entries["the"]))
    added = split_bundle(copy, split_from=0, alone_from=alone_from)
    new_meta, new_entries = _words(copy)
    assert added == len(new_meta[2]) - len(meta[2]) > 0
    assert new_entries == entries  # every word, with its postings as they were
    assert [part for i, part in enumerate(new_meta) if i != 2] == [part for i, part in enumerate(meta) if i != 2]
    alone = [name for _, _, name in new_meta[2]
             if [e[0] for e in read_pagefind_file(copy / "index" / f"{name}.pf_index")[0]] == ["the"]]
    assert len(alone) == 1
    # the files on disk are exactly those the page list names: each replaced chunk is removed
    assert sorted(p.stem for p in (copy / "index").iterdir()) == sorted(name for _, _, name in new_meta[2])
    # the bounds are those Pagefind would draw for these chunks
    firsts_and_lasts = [(read_pagefind_file(copy / "index" / f"{n}.pf_index")[0][0][0],
                         read_pagefind_file(copy / "index" / f"{n}.pf_index")[0][-1][0]) for _, _, n in new_meta[2]]
    assert chunk_bounds(firsts_and_lasts) == [(first, last) for first, last, _ in new_meta[2]]
    assert split_bundle(copy, split_from=0, alone_from=alone_from) == 0  # done once, nothing more to split


def test_small_chunks_and_files_of_another_shape_are_left_as_they_are(bundle, tmp_path):
    copy = shutil.copytree(bundle, tmp_path / "bundle")
    before = {p.relative_to(copy): p.read_bytes() for p in copy.rglob("*") if p.is_file()}
    assert split_bundle(copy) == 0  # no chunk of a 60-page bundle is large
    (meta_path,) = copy.glob("*.pf_meta")
    meta = read_pagefind_file(meta_path)
    for _, _, name in meta[2]:  # every chunk damaged: none can be split
        path = copy / "index" / f"{name}.pf_index"
        path.write_bytes(gzip.compress(gzip.decompress(path.read_bytes())[:-3]))
    damaged = {p.relative_to(copy): p.read_bytes() for p in copy.rglob("*") if p.is_file()}
    assert split_bundle(copy, split_from=0, alone_from=1) == 0
    assert {p.relative_to(copy): p.read_bytes() for p in copy.rglob("*") if p.is_file()} == damaged
    meta_path.write_bytes(b"not gzip")
    assert split_bundle(copy, split_from=0, alone_from=1) == 0
    assert before.keys() == damaged.keys()
