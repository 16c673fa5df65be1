#!/usr/bin/env python3
"""Build-time and size benchmark: synthetic projects of growing size, one table.

    python scripts/benchmark.py [--sizes 10,100,300] [--words 800]

Each size is a copy of the project with that many extra wire-style articles of about
--words words. For each, it times `briefing check` and `briefing build` (cold: no site/,
no generated pages; then warm: nothing changed), and reports the peak memory of the
build, the size of the site and of its search index. Compare ratios between rows of one
run, not absolute seconds between machines.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from conftest import copy_project  # noqa: E402

SENTENCES = [
    "Negotiators met again in Geneva on {day}, officials said.",
    "The cap on Ukraine's army at 600,000 troops remained the main sticking point.",
    "A senior diplomat said NATO membership was not on the table for now.",
    "Talks on the Donbas region and its belt of fortified cities continued.",
    "The weather in the city was mild and the mood among delegates cautious.",
    "Analysts said the economic package would take months to negotiate.",
    "Officials declined to comment on the wording of the latest draft.",
    "Energy infrastructure and prisoner exchanges were also discussed.",
]


def make_article(index: int, words: int, rng: random.Random) -> str:
    paragraphs, count = [], 0
    while count < words:
        paragraph = " ".join(rng.choice(SENTENCES).format(day=f"day {index}") for _ in range(4))
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    return f" date 2025-{1 + index % 12:02d}-{1 + index % 28:02d} " + "\n\n".join(paragraphs) + "\n"


def run(args: list[str], cwd: Path) -> tuple[float, int]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"briefing {' '.join(args)} failed:\n{proc.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before)


def size_of(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,100,300")
    parser.add_argument("--words", type=int, default=800)
    options = parser.parse_args()
    rng = random.Random(7)
    rows = []
    for size in [int(s) for s in options.sizes.split(",")]:
        with tempfile.TemporaryDirectory() as tmp:
            project = copy_project(Path(tmp) / "project")
            for i in range(size):
                (project / "seeds" / f"bench_{i:05d}.txt").write_text(make_article(i, options.words, rng), "utf-8")
            check_s, _ = run(["check"], project)
            cold_s, peak_kb = run(["build"], project)
            warm_s, _ = run(["build"], project)
            site = project / "site"
            rows.append((size + 1, check_s, cold_s, warm_s, peak_kb / 1024, size_of(site) / 2**20,
                         (site / "search" / "search_index.json").stat().st_size / 2**20))
    header = ("articles", "check s", "build s", "rebuild s", "peak MB", "site MB", "index MB")
    print(" | ".join(f"{h:>9}" for h in header))
    print("-|-".join("-" * 9 for _ in header))
    for row in rows:
        print(" | ".join(f"{v:>9}" if isinstance(v, int) else f"{v:>9.2f}" for v in row))
    base = rows[0]
    for row in rows[1:]:
        per_article = (row[2] - base[2]) / (row[0] - base[0])
        print(f"{row[0]} articles: build {row[2] / base[2]:.1f}x the {base[0]}-article build; {per_article * 1000:.0f} ms per extra article")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
