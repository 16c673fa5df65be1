"""A frequent word in an index chunk of its own, so that its neighbours' searches do not fetch it.

Pagefind (generator/search_index.py) writes a bundle's words in alphabetical chunks: it adds
words to a chunk until their postings pass its size, then starts the next. A word that nearly
every page holds ("a", "and", "that") passes that size alone, so it closes a chunk that also
holds the rarer words just before it, and a search for any of those fetches the frequent
word's postings too: at 10,000 articles, 600000 fetched 313 KB of index for 64 results,
because its chunk ran from "27" to "a".

Here a bundle's large chunks are read back and each word whose postings are large gets a chunk
of its own, the words between them staying together; the bundle's page list (`.pf_meta`) then
lists the new chunks with the boundaries Pagefind itself draws (`chunk_bounds`, the rule of
Pagefind's `chunk_meta`: the shortest prefixes that tell two neighbouring chunks apart), so its
search finds each word where it is. Nothing else changes: the words, their postings and the
page list's other parts are written back byte for byte as they were read.

Both files are gzip of a signature and CBOR (cbor2 reads and writes them exactly as Pagefind
1.5 does; a word's entry is moved as the bytes Pagefind wrote). A bundle in another shape
(another signature, another layout) is left as it is. Splitting makes searches fetch less; a
search looks only in the chunk its word falls in, so a word's close kin (its first letters)
stay in its chunk: on the 32 queries measured at 10,000 x 200 and in test_search_index.py,
every search found the same results as before.
"""

from __future__ import annotations

import gzip
import hashlib
import io
from collections.abc import Sequence
from pathlib import Path

import cbor2

SIGNATURE = b"pagefind_dcd"
SPLIT_FROM = 40 * 1024  # bytes of a chunk file (gzip): a smaller chunk holds no word worth its own
ALONE_FROM = 24 * 1024  # bytes of one word's entry (CBOR, before gzip): such a word gets a chunk of its own
FAMILY = 3  # letters a word shares with a large word next to it, to stay in its chunk (split_entries)
_CHUNKS = 2  # the page list's field that lists the chunks: [from, to, name] each


def read_pagefind_file(path: Path) -> object | None:
    """A Pagefind index or page-list file's content, or None if it is not of the known shape."""
    try:
        data = gzip.decompress(path.read_bytes())
    except (OSError, EOFError):
        return None
    if not data.startswith(SIGNATURE):
        return None
    try:
        return cbor2.loads(data[len(SIGNATURE):])
    except (cbor2.CBORDecodeError, ValueError, TypeError):
        return None


def pagefind_bytes(content: object) -> bytes:
    """The file Pagefind reads for a content: the signature and its CBOR, gzipped as Pagefind gzips (level 6,
    no time stamp)."""
    return gzip.compress(SIGNATURE + cbor2.dumps(content), compresslevel=6, mtime=0)


def prefixes(left: str, right: str) -> tuple[str, str]:
    """The shortest prefixes of two neighbouring words that tell them apart (Pagefind's get_prefixes)."""
    common = 0
    for a, b in zip(right, left):
        if a != b:
            break
        common += 1
    return left[:common + 1], right[:common + 1]


def chunk_bounds(chunks: Sequence[tuple[str, str]], first_from: str | None = None,
                 last_to: str | None = None) -> list[tuple[str, str]]:
    """The from and to a page list gives each of a run of chunks, from each chunk's first and last word.

    Pagefind's own rule (its chunk_meta): a chunk's `to` is cut to the shortest prefix that tells its last
    word from the next chunk's first, unless that would fall below its `from`; the next chunk's `from` is
    always cut. `first_from` and `last_to` are the bounds of the one chunk a run of chunks replaces: its
    first word and last word, and so their cuts against the chunks either side of it, are the run's.
    """
    bounds = [[first, last] for first, last in chunks]
    if first_from is not None and bounds:
        bounds[0][0] = first_from
    for left, right in zip(bounds, bounds[1:]):
        cut_to, cut_from = prefixes(left[1], right[0])
        if cut_to >= left[0]:
            left[1] = cut_to
        right[0] = cut_from
    if last_to is not None and bounds and last_to >= bounds[-1][0]:  # else the last word whole, as Pagefind would
        bounds[-1][1] = last_to
    return [(first, last) for first, last in bounds]


def array_head(length: int) -> bytes:
    """The head of a CBOR array of `length` items (RFC 8949, major type 4, the shortest form)."""
    if length < 24:
        return bytes([0x80 + length])
    for marker, size in ((0x98, 1), (0x99, 2), (0x9A, 4), (0x9B, 8)):
        if length < 1 << (8 * size):
            return bytes([marker]) + length.to_bytes(size, "big")
    raise ValueError(length)


def array_length(data: bytes) -> tuple[int, int] | None:
    """The item count of the CBOR array `data` starts with and where its items start; None if it starts
    with something else (an array of unstated length included)."""
    if not data or not 0x80 <= data[0] <= 0x9B:
        return None
    if data[0] < 0x98:
        return data[0] - 0x80, 1
    width = 1 << (data[0] - 0x98)  # 0x98: one byte of length, 0x99: two, 0x9A: four, 0x9B: eight
    return int.from_bytes(data[1:1 + width], "big"), 1 + width


def chunk_entries(raw: bytes) -> list[tuple[str, bytes]] | None:
    """A chunk's words with each one's entry as it is encoded (a chunk is a CBOR array holding one array of
    entries, each [word, pages, variants]); None if the chunk is not of that shape."""
    if not raw.startswith(SIGNATURE + array_head(1)):
        return None
    body = raw[len(SIGNATURE) + 1:]
    head = array_length(body)
    if head is None:
        return None
    count, start = head
    stream = io.BytesIO(body)
    stream.seek(start)
    decoder = cbor2.CBORDecoder(stream)
    entries = []
    try:
        for _ in range(count):
            begin = stream.tell()
            entry = decoder.decode()
            if not (isinstance(entry, list) and entry and isinstance(entry[0], str)):
                return None
            entries.append((entry[0], body[begin:stream.tell()]))
    except (cbor2.CBORDecodeError, ValueError, TypeError, EOFError):
        return None
    return entries if stream.tell() == len(body) else None


def split_entries(entries: list[tuple[str, bytes]], alone_from: int = ALONE_FROM,
                  family: int = FAMILY) -> list[list[tuple[str, bytes]]]:
    """A chunk's word entries in runs: each large word in a run of its own, the words between large words
    together. A word that shares its first `family` letters with a large word next to it stays in the
    large word's run: a search for those letters ("ukr") looks only in the chunk its letters fall in,
    and finds there what it found in Pagefind's chunk (ukrain, ukraine, ukrainian)."""
    runs: list[list[tuple[str, bytes]]] = []
    current: list[tuple[str, bytes]] = []  # the words since the last large word's run
    kin_of: str | None = None  # the first letters of the large word the last run holds, while its kin follow
    for entry in entries:
        word, encoded = entry
        if kin_of is not None and word[:family] == kin_of:
            runs[-1].append(entry)
            continue
        kin_of = None
        if len(encoded) < alone_from:
            current.append(entry)
            continue
        cut = len(current)
        while cut and current[cut - 1][0][:family] == word[:family]:
            cut -= 1
        if cut:
            runs.append(current[:cut])
        runs.append(current[cut:] + [entry])
        current, kin_of = [], word[:family]
    if current:
        runs.append(current)
    return runs


def chunk_bytes(run: list[tuple[str, bytes]]) -> bytes:
    """The chunk file for a run of entries, gzipped as Pagefind gzips (level 6, no time stamp)."""
    raw = SIGNATURE + array_head(1) + array_head(len(run)) + b"".join(encoded for _, encoded in run)
    return gzip.compress(raw, compresslevel=6, mtime=0)


def _name(language: str, data: bytes, taken: set[str]) -> str:
    """A chunk file name as Pagefind makes them (language, underscore, the start of a hash), not yet taken."""
    digest = hashlib.sha256(data).hexdigest()
    length = 7
    while f"{language}_{digest[:length]}" in taken and length < len(digest):
        length += 1
    return f"{language}_{digest[:length]}"


def _valid_page_list(meta: object) -> bool:
    return (isinstance(meta, list) and len(meta) > _CHUNKS and isinstance(meta[_CHUNKS], list)
            and all(isinstance(c, list) and len(c) == 3 and all(isinstance(part, str) for part in c)
                    for c in meta[_CHUNKS]))


def _read_chunk(path: Path) -> list[tuple[str, bytes]] | None:
    try:
        return chunk_entries(gzip.decompress(path.read_bytes()))
    except (OSError, EOFError):
        return None


def split_bundle(bundle: Path, split_from: int = SPLIT_FROM, alone_from: int = ALONE_FROM) -> int:
    """Give each large word of a bundle's large chunks a chunk of its own; the number of chunks added.

    The page list is written last, after every new chunk, and an old chunk removed only after it: a bundle
    stopped half way still finds every word. A page list or chunk of another shape leaves the bundle as it is.
    """
    index = bundle / "index"
    added = 0
    for meta_path in sorted(bundle.glob("*.pf_meta")):
        meta = read_pagefind_file(meta_path)
        if not _valid_page_list(meta):
            continue
        listed: list[list[str]] = meta[_CHUNKS]
        taken = {name for _, _, name in listed}
        new_list: list[list[str]] = []
        replaced: list[Path] = []
        for from_, to, name in listed:
            path = index / f"{name}.pf_index"
            try:
                large = path.stat().st_size >= split_from
            except OSError:
                large = False
            entries = _read_chunk(path) if large else None
            runs = split_entries(entries, alone_from) if entries else []
            if len(runs) < 2:
                new_list.append([from_, to, name])
                continue
            language = name.rsplit("_", 1)[0]
            bounds = chunk_bounds([(run[0][0], run[-1][0]) for run in runs], from_, to)
            for run, (run_from, run_to) in zip(runs, bounds):
                data = chunk_bytes(run)
                run_name = _name(language, data, taken)
                taken.add(run_name)
                (index / f"{run_name}.pf_index").write_bytes(data)
                new_list.append([run_from, run_to, run_name])
            replaced.append(path)
            added += len(runs) - 1
        if not replaced:
            continue
        meta[_CHUNKS] = new_list
        meta_path.write_bytes(pagefind_bytes(meta))
        for path in replaced:
            path.unlink(missing_ok=True)
    return added
