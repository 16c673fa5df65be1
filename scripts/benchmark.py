#!/usr/bin/env python3
"""How build time, memory and output grow with the number of articles and points.

    python scripts/benchmark.py [--sizes 100,1000] [--points 50] [--only-generator] [--dense]
                                [--keep DIR] [--timeout S] [--seed N] [--no-big-paragraph]

For each pair of a size (articles) and a register size (points), scripts/corpus.py
writes a synthetic project that looks like real use, and each step below runs as its own
process, timed from outside, with its own peak memory:

- check s: `briefing check` (read, validate, link; no pages);
- generator s: the generator's whole part of a build, measured directly: check, render
  and write every page into an empty docs folder (generator.pipeline.check + generate,
  the two calls `briefing build` makes before the engine). Measured rather than taken as
  "build minus MkDocs": that difference subtracts two noisy timings of separate runs,
  and a change to the generator's code moves this figure alone;
- mkdocs s: MkDocs alone on the generated Markdown (`python -m mkdocs build --strict`);
- build s: `briefing build` from nothing (no generated pages, no site);
  generator share = generator CPU s / build CPU s;
- rebuild gen s / engine s: a rebuild with nothing changed, in the two steps `briefing
  build` runs, each its own process: the generator (pipeline.update_docs, with its cache)
  and the engine's part (pipeline.publish_site: no engine run when nothing changed since
  the last published build, MkDocs --dirty into a copy of the last site when pages did,
  else clean; then Pagefind and the swap); engine run: which of the three it made;
- add-one gen s / engine s / written: one new article (the next one of the same
  corpus, dated the corpus's last day: the newest, in the newest month, as a new article
  is in CI), then the same two steps; written: the files the generator wrote;
- add-old gen s / engine s / written: the same for one more article, at its planned date
  (any month of the year: a late article into an old month, which re-indexes the part of
  the search index's archive that holds that month);
- no-change build s, add-one build s: the same as one `briefing build` each (one more
  newest article for the second), wall, CPU and peak MB;
- CPU s: user + system CPU time of the step's process tree. On a shared machine wall
  time grows with other people's load; CPU time much less so, so compare those when the
  load average printed above the table is high;
- MB: peak resident memory of the step's process tree, from the rusage the kernel
  reports when the benchmark reaps the process (the largest single process: during a
  build the generator's process and MkDocs run at the same time, so the machine needs
  about generator MB + mkdocs MB);
- pages, page mean/median/max KB: the generated Markdown pages of the readers' site;
  to review: mentions in the review queue; json KB: api/briefing.json, and json KB per
  article: that divided by the articles (the export is data and grows with them);
  search KB: site/search/search_index.json (Material's small index of the point and list
  pages), raw and gzipped (level 6, as web servers do);
- index s: Pagefind alone on the site MkDocs built (generator.search_index.index_bundles, the
  step `briefing build` runs between the engine and publishing), every bundle indexed; index
  CPU share = index CPU s / build CPU s, index wall share = index s / build s (the build
  includes it; wall time also counts what the build waits for); the add-one engine step below
  indexes the add-one site as a build does, copying the bundles whose pages did not change
  from the last site;
- query KB: what one search in the header fetches, gzipped as a server sends it (scripts/
  search_query.py: Chromium types each of QUERIES into the box of a fresh page; Pagefind's
  script, its WebAssembly, the page list, the index chunks of the query's words and the
  first five results' texts); the median and the largest of the queries.

- desk s: `briefing build --desk` (the editors' desk, after the readers' build); desk
  pages: its HTML pages (the home and a review page per article with entries nobody
  settled); desk KB per article: all its HTML divided by the articles of the corpus;
  desk home KB: its home (the list of articles waiting); desk review max KB: its largest
  review page;

A second table gives the largest generated file of each kind (its folder and the shape
of its name: articles/*.md is an article's page, articles/<month>.md a month's list,
mentions/*/*.md the later parts of a point's page of all mentions) at each size, and the
ratio of the largest size's to the smallest's (same points): a page kind whose ratio
keeps growing with the articles is a list that is not cut into parts.

--dense writes the worst case for the review queue: every paragraph also names a keyword
of every point (scripts/corpus.py --dense).

--builds-only runs `briefing build` from nothing and then the rebuilds (no-change, add-one
and add-old, in two steps and as whole builds) and nothing else: the rows the incremental
targets need, at sizes where the other steps would take long (10,000 x 200).

--only-generator skips MkDocs (check and the generator step only; rebuild and add-one
then time the generator step), so that large sizes can be measured in reasonable time.
A step that exceeds --timeout is stopped and shown as "timeout"; the rest of its row is
skipped ("—"). Finally `briefing check` runs on a project whose one extra article is a
single paragraph of 2 MiB (stopped after --big-timeout seconds).

Compare rows of one run; absolute seconds vary between machines and with their load.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import corpus  # noqa: E402 - beside this script

BRIEFING = [sys.executable, "-m", "generator"]
# The generator's part of `briefing build`: the same two calls, without the engine.
GENERATE = """
import sys
from pathlib import Path
from generator.errors import InputError
from generator.pipeline import Project, update_docs
project = Project.at(Path.cwd())
try:
    _, report = update_docs(project)
except InputError as exc:
    print("\\n".join(map(str, exc.problems)), file=sys.stderr)
    raise SystemExit(1)
print(f"{len(report.written)} written, {len(report.removed)} removed, {report.unchanged} unchanged")
"""
GENERATOR = [sys.executable, "-c", GENERATE]
# The engine's part of `briefing build`, after the generator's: the engine run the last build's record allows
# (none, MkDocs --dirty into a copy of the last site, or clean), Pagefind, the swap (pipeline.publish_site).
PUBLISH = [sys.executable, "-c", "from pathlib import Path; from generator.pipeline import Project, publish_site; "
           "from generator.site_config import load_site_config; p = Project.at(Path.cwd()); "
           "print(publish_site(p, load_site_config(p)))"]
# Pagefind alone on a built site (argv[1]), as `briefing build` runs it
# (argv[2], if given: the last site, whose unchanged bundles are copied, as a rebuild does)
INDEX = [sys.executable, "-c", "import sys; from pathlib import Path; from generator.search_index import index_bundles; "
         "r = index_bundles(Path(sys.argv[1]), reuse_from=Path(sys.argv[2]) if sys.argv[2:] else None); "
         "print('indexed', r.indexed, 'copied', r.reused, r.output[-300:]); raise SystemExit(0 if r.ok else 1)"]
# typical searches: a word on most pages, a point's words, a number, a town, a name on few pages
QUERIES = ["Ukraine", "army cap", "600000", "Kramatorsk", "Donbass", "NATO"]
MISSING = "—"

COLUMNS = ["articles", "points", "check s", "check CPU s", "generator s", "generator CPU s", "mkdocs s",
           "mkdocs CPU s", "build s", "build CPU s", "generator share", "rebuild gen s", "rebuild engine s",
           "add-one gen s", "add-one engine s", "add-one written",
           "rebuild gen CPU s", "rebuild engine CPU s", "rebuild engine run", "add-one gen CPU s", "add-one engine CPU s",
           "add-one engine run", "add-old gen s", "add-old engine s", "add-old written", "add-old gen CPU s",
           "add-old engine CPU s", "add-old engine run", "no-change build s", "no-change build CPU s", "no-change build MB", "add-one build s",
           "add-one build CPU s", "add-one build MB", "check MB", "generator MB", "mkdocs MB", "build MB",
           "pages", "page mean KB", "page median KB", "page max KB", "to review", "json KB", "json KB per article", "search KB",
           "search gz KB", "index s", "index CPU s", "index MB", "index CPU share", "index wall share",
           "query KB median", "query KB max",
           "desk s", "desk CPU s", "desk MB", "desk pages", "desk KB per article", "desk home KB", "desk review max KB"]


@dataclass(frozen=True)
class Step:
    seconds: float
    cpu_seconds: float
    peak_mb: float
    code: int | None  # None: stopped at the timeout
    out: str
    err: str

    @property
    def ok(self) -> bool:
        return self.code == 0

    def cell(self) -> str:
        return "timeout" if self.code is None else seconds(self.seconds) if self.ok else "FAIL"


def run(command: list[str], cwd: Path, timeout: float | None = None) -> Step:
    """Run command in cwd; wall time, peak RSS of its process tree, exit code (None on timeout).

    os.wait4 gives the rusage of this one child, whose ru_maxrss already covers the
    children it waited for (MkDocs under `briefing build`): one figure per run, unlike
    RUSAGE_CHILDREN of the benchmark itself, which is a maximum over every run so far.
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                start_new_session=True)
        timed_out = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if timeout is not None and time.perf_counter() - start > timeout:
                os.killpg(proc.pid, signal.SIGKILL)  # the step and whatever it started
                pid, status, usage = os.wait4(proc.pid, 0)
                timed_out = True
                break
            time.sleep(0.01)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
        out.seek(0)
        err.seek(0)
        rss_unit = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
        return Step(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * rss_unit / 2**20, None if timed_out else proc.returncode,
                    out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


def seconds(value: float) -> str:
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def kb(size: float) -> str:
    return f"{size / 1024:.1f}"


def docs_dir(project: Path) -> Path:
    match = re.search(r"^docs_dir:\s*(\S+)", (project / "mkdocs.yml").read_text("utf-8"), re.M)
    return project / (match.group(1) if match else "docs")


def generated(project: Path) -> list[str]:
    """The generator's files, from its manifest, relative to the docs folder."""
    manifest = docs_dir(project) / ".generated"
    return manifest.read_text("utf-8").split() if manifest.is_file() else []


def page_kind(name: str) -> str:
    """A generated file's kind: its top folder and the shape of its name (articles/<month>.md, mentions/*/*.md)."""
    folders = name.split("/")
    if len(folders) == 1:
        return name
    stem, _, suffix = folders[-1].rpartition(".")
    shape = "<month>" if re.fullmatch(r"\d{4}-\d{2}(-part-\d+)?", stem) else stem if stem == "index" else "*"
    return "/".join([folders[0]] + ["*"] * (len(folders) - 2) + [f"{shape}.{suffix}"])


def largest_by_kind(project: Path) -> dict[str, int]:
    """The bytes of the largest generated file of each kind."""
    docs = docs_dir(project)
    largest: dict[str, int] = {}
    for name in generated(project):
        if (docs / name).is_file():
            kind = page_kind(name)
            largest[kind] = max(largest.get(kind, 0), (docs / name).stat().st_size)
    return largest


def kinds_table(rows: list[Row]) -> str:
    """KB of the largest file of each kind at each size, and the ratio of the largest size's to the smallest's."""
    lines = []
    for points in dict.fromkeys(r.cells["points"] for r in rows):
        group = [r for r in rows if r.cells["points"] == points and r.kinds]
        if not group:
            continue
        kinds = sorted({k for r in group for k in r.kinds})
        title = (f"Largest file of each kind, KB, {points} points "
                 f"(ratio: {group[-1].cells['articles']} articles / {group[0].cells['articles']})")
        lines += ["", title, "",
                  "| kind | " + " | ".join(f"{r.cells['articles']} articles" for r in group) + " | ratio |",
                  "|---|" + "---:|" * (len(group) + 1)]
        for kind in kinds:
            small, big = group[0].kinds.get(kind), group[-1].kinds.get(kind)
            ratio = f"{big / small:.2f}" if small and big else MISSING
            lines.append(f"| {kind} | " + " | ".join(kb(r.kinds[kind]) if kind in r.kinds else MISSING for r in group)
                         + f" | {ratio} |")
    return "\n".join(lines[1:])


def page_sizes(project: Path, articles: int) -> dict[str, str]:
    """Sizes of what the generator wrote, from its manifest of generated files."""
    docs = docs_dir(project)
    names = generated(project)
    pages = [(docs / n).stat().st_size for n in names if n.endswith(".md") and (docs / n).is_file()]
    export = docs / "api" / "briefing.json"
    return {
        "pages": str(len(pages)),
        "page mean KB": kb(statistics.mean(pages)) if pages else MISSING,
        "page median KB": kb(statistics.median(pages)) if pages else MISSING,
        "page max KB": kb(max(pages)) if pages else MISSING,
        "json KB": kb(export.stat().st_size) if export.is_file() else MISSING,
        "json KB per article": f"{export.stat().st_size / articles / 1024:.2f}" if export.is_file() else MISSING,
    }


def desk_sizes(desk: Path, articles: int) -> dict[str, str]:
    """The built desk's HTML pages (not MkDocs' 404 page): how many, per article of the corpus, its home, the largest review page."""
    home = desk / "index.html"
    reviews = [p.stat().st_size for p in (desk / "review").rglob("*.html")] if (desk / "review").is_dir() else []
    if not home.is_file():
        return {}
    total = home.stat().st_size + sum(reviews)
    return {"desk pages": f"{1 + len(reviews):,}", "desk KB per article": kb(total / articles),
            "desk home KB": kb(home.stat().st_size), "desk review max KB": kb(max(reviews)) if reviews else MISSING}


def search_sizes(site: Path) -> dict[str, str]:
    index = site / "search" / "search_index.json"
    if not index.is_file():
        return {}
    data = index.read_bytes()
    return {"search KB": kb(len(data)), "search gz KB": kb(len(gzip.compress(data, compresslevel=6)))}


def query_sizes(site: Path) -> dict[str, str]:
    """Median and largest KB (gzipped) one search fetches, over QUERIES; nothing if Chromium is not there."""
    import search_query
    if not Path(search_query.CHROMIUM).exists():
        return {}
    sent = sorted(cost.sent for cost in search_query.measure(site, QUERIES))
    return {"query KB median": kb(sent[len(sent) // 2]), "query KB max": kb(sent[-1])}


def log(label: str, what: str, step: Step) -> None:
    outcome = f"timeout after {step.seconds:.0f}" if step.code is None else step.cell()
    print(f"[{label}] {what}: {outcome} s, CPU {step.cpu_seconds:.1f} s, {step.peak_mb:.0f} MB", file=sys.stderr, flush=True)
    if step.code not in (0, None):
        print("\n".join((step.out + step.err).strip().splitlines()[-15:]), file=sys.stderr)


class Row:
    """One row of the table; steps stop at the first that fails or times out."""

    def __init__(self, label: str, articles: int, points: int) -> None:
        self.label = label
        self.cells = {c: MISSING for c in COLUMNS}
        self.cells.update(articles=f"{articles:,}", points=str(points))
        self.stopped = False
        self.failed = False
        self.kinds: dict[str, int] = {}  # the largest generated file of each kind, bytes (largest_by_kind)

    def step(self, name: str, command: list[str], cwd: Path, timeout: float | None, mb_column: str | None = None) -> Step | None:
        if self.stopped:
            return None
        result = run(command, cwd, timeout)
        log(self.label, name, result)
        self.cells[name] = result.cell()
        if mb_column:
            self.cells[mb_column] = f"{result.peak_mb:.0f}"
            self.cells[name.replace(" s", " CPU s")] = seconds(result.cpu_seconds) if result.ok else result.cell()
        if not result.ok:
            self.stopped = True
            self.failed = result.code is not None
            return None
        return result


def measure(workdir: Path, articles: int, points: int, options: argparse.Namespace) -> Row:
    label = f"{articles} articles x {points} points"
    base = workdir / f"a{articles}-p{points}"
    project = corpus.make_project(base / "project", articles=articles, points=points, seed=options.seed,
                                  dense=options.dense)
    row = Row(label, articles, points)
    timeout = options.timeout
    if options.builds_only:
        if row.step("build s", BRIEFING + ["build"], project, timeout, "build MB"):
            row.cells.update(page_sizes(project, articles))
            row.kinds = largest_by_kind(project)
            row.cells.update(search_sizes(project / "site"))
            row.cells.update(query_sizes(project / "site"))
        rebuilds(row, project, articles, points, options, engine=True)
        return row
    generated = base / "generator"  # a copy for the generator step and MkDocs alone
    shutil.copytree(project, generated)

    checked = row.step("check s", BRIEFING + ["check"], project, timeout, "check MB")
    if checked:
        found = re.search(r"(\d+) mentions to review", checked.out)
        row.cells["to review"] = found.group(1) if found else "?"
    gen = row.step("generator s", GENERATOR, generated, timeout, "generator MB")
    if gen:
        row.cells.update(page_sizes(generated, articles))
        row.kinds = largest_by_kind(generated)
    if options.only_generator:
        rebuilds(row, generated, articles, points, options, engine=False)
        return row

    out = base / "mkdocs-site"
    row.step("mkdocs s", [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", str(out)],
             generated, timeout, "mkdocs MB")
    index = row.step("index s", INDEX + [str(out)], ROOT, timeout, "index MB")
    build = row.step("build s", BRIEFING + ["build"], project, timeout, "build MB")
    if build and gen:
        row.cells["generator share"] = f"{100 * gen.cpu_seconds / build.cpu_seconds:.0f}%"
        row.cells.update(search_sizes(project / "site"))
        row.cells.update(query_sizes(project / "site"))
    if build and index:
        row.cells["index CPU share"] = f"{100 * index.cpu_seconds / build.cpu_seconds:.0f}%"
        row.cells["index wall share"] = f"{100 * index.seconds / build.seconds:.0f}%"
    if row.step("desk s", BRIEFING + ["build", "--desk"], project, timeout, "desk MB"):
        row.cells.update(desk_sizes(project / "desk-site", articles))
    rebuilds(row, project, articles, points, options, engine=True)
    return row


def rebuilds(row: Row, project: Path, articles: int, points: int, options: argparse.Namespace, engine: bool) -> None:
    """No change, then one new article: the generator's part and the engine's, each timed on its own, then
    the same again as one `briefing build` (one more new article).

    The two steps are what `briefing build` runs: pipeline.update_docs (it prints how many
    files it wrote), then pipeline.publish_site (it prints which engine run it made: nothing,
    incremental or clean), each in its own process.
    """
    steps = (("rebuild", None, None), ("add-one", articles, corpus.NEWEST_DAY), ("add-old", articles + 1, None))
    for name, new_article, day in steps:
        if new_article is not None and not row.stopped:
            corpus.add_article(project, index=new_article, points=points, seed=options.seed, dense=options.dense, day=day)
        gen = row.step(f"{name} gen s", GENERATOR, project, options.timeout)
        if gen:
            row.cells[f"{name} gen CPU s"] = seconds(gen.cpu_seconds)
        if gen and name != "rebuild":
            row.cells[f"{name} written"] = gen.out.split(" written", 1)[0].strip()
        if engine:
            done = row.step(f"{name} engine s", PUBLISH, project, options.timeout)
            if done:
                row.cells[f"{name} engine CPU s"] = seconds(done.cpu_seconds)
                row.cells[f"{name} engine run"] = done.out.strip().splitlines()[-1] if done.out.strip() else "?"
    if engine:
        row.step("no-change build s", BRIEFING + ["build"], project, options.timeout, "no-change build MB")
        if not row.stopped:
            corpus.add_article(project, index=articles + 2, points=points, seed=options.seed, dense=options.dense,
                               day=corpus.NEWEST_DAY)
        row.step("add-one build s", BRIEFING + ["build"], project, options.timeout, "add-one build MB")


def big_paragraph(workdir: Path, articles: int, points: int, options: argparse.Namespace) -> str:
    """`briefing check` on a project whose one extra article is a single 2 MiB paragraph."""
    project = corpus.make_project(workdir / "big-paragraph", articles=articles, points=points, seed=options.seed)
    path = corpus.big_paragraph_article(project, points=points, seed=options.seed)
    step = run(BRIEFING + ["check"], project, options.big_timeout)
    what = f"`briefing check`, {articles} articles + 1 whose text is one paragraph of {path.stat().st_size:,} bytes, {points} points"
    if step.code is None:
        return (f"{what}: timeout (stopped after {options.big_timeout:.0f} s, CPU {step.cpu_seconds:.1f} s), "
                f"{step.peak_mb:.0f} MB")
    result = "ok" if step.ok else f"exit {step.code}: " + (step.err.strip().splitlines() or [""])[0][:200]
    return f"{what}: {seconds(step.seconds)} s, CPU {seconds(step.cpu_seconds)} s, {step.peak_mb:.0f} MB ({result})"


def _value(row: Row | None, column: str) -> float | None:
    try:
        return float(row.cells[column].rstrip("%").replace(",", "")) if row else None
    except ValueError:
        return None


def _find(rows: list[Row], articles: int, points: int | None = None) -> Row | None:
    return next((r for r in rows if r.cells["articles"] == f"{articles:,}"
                 and (points is None or r.cells["points"] == str(points))), None)


def _verdict(name: str, value: float | None, limit: float, unit: str = "") -> str:
    if value is None:
        return f"- {name}: not measured in this run"
    return f"- {name}: {value:g}{unit} (target under {limit:g}{unit}): {'met' if value <= limit else 'MISSED'}"


def _ratio(rows: list[Row], points: str) -> float | None:
    small = next((r for r in rows if r.cells["articles"] == "100" and r.cells["points"] == points), None)
    big = next((r for r in rows if r.cells["articles"] == "10,000" and r.cells["points"] == points), None)
    mean_small, mean_big = _value(small, "page mean KB"), _value(big, "page mean KB")
    return round(mean_big / mean_small, 2) if mean_small and mean_big else None


def targets(rows: list[Row]) -> list[str]:
    """The targets, from the rows of this run (a row that was not run says so); at 10,000 the worst row counts."""
    big = [r for r in rows if r.cells["articles"] == "10,000"]
    ratios = [v for p in dict.fromkeys(r.cells["points"] for r in rows) if (v := _ratio(rows, p)) is not None]
    peaks = [v for r in big for c in ("check MB", "generator MB", "mkdocs MB", "build MB") if (v := _value(r, c)) is not None]
    builds = [v for r in big if r.cells["points"] == "200"
              for c in ("build MB", "no-change build MB", "add-one build MB") if (v := _value(r, c)) is not None]
    search = [v for r in big if (v := _value(r, "search gz KB")) is not None]
    query = [v for r in big if (v := _value(r, "query KB max")) is not None]
    index = [v for r in rows if (v := _value(r, "index CPU share")) is not None]
    wall = [v for r in rows if (v := _value(r, "index wall share")) is not None]
    desk = [v for r in rows if (v := _value(r, "desk KB per article")) is not None]
    review = [v for r in rows if (v := _value(r, "desk review max KB")) is not None]
    one = _find(rows, 1000, 50) or _find(rows, 1000)
    big50 = _find(rows, 10_000, 50)
    add_one, clean = _value(big50, "add-one build s"), _value(big50, "build s")
    return [
        "Targets:",
        _verdict("generator share of the build, 1,000 x 50", _value(_find(rows, 1000, 50), "generator share"), 5, "%"),
        _verdict("generator, 10,000 x 200", _value(_find(rows, 10_000, 200), "generator s"), 10, " s"),
        _verdict("no-change rebuild, generator, 1,000", _value(one, "rebuild gen s"), 1, " s"),
        _verdict("add-one rebuild, generator, 1,000", _value(one, "add-one gen s"), 1, " s")
        + (f"; {one.cells['add-one written']} files written" if one else ""),
        _verdict("nothing changed, `briefing build`, 10,000 x 50", _value(big50, "no-change build s"), 2, " s"),
        _verdict("add-one, `briefing build`, 10,000 x 50", add_one, 10, " s"),
        _verdict("add-one, share of a clean build, 10,000 x 50",
                 round(100 * add_one / clean) if add_one and clean else None, 10, "%"),
        _verdict("nothing changed, `briefing build`, 1,000 x 50", _value(one, "no-change build s"), 2, " s"),
        _verdict("bytes per page, 10,000 / 100 (same points)", max(ratios) if ratios else None, 1.2, "x"),
        _verdict("peak memory of a step, 10,000", max(peaks) if peaks else None, 2048, " MB"),
        _verdict("peak memory of a build (clean, no-change and add-one), 10,000 x 200",
                 max(builds) if builds else None, 1024, " MB"),
        _verdict("search index gzipped, 10,000", max(search) if search else None, 5120, " KB"),
        _verdict("one search query, gzipped, 10,000 (largest)", max(query) if query else None, 300, " KB"),
        _verdict("search indexing share of a clean build's CPU time (largest)", max(index) if index else None, 15, "%"),
        _verdict("search indexing share of a clean build's wall time (largest)", max(wall) if wall else None, 15, "%"),
        _verdict("desk HTML per article (largest)", max(desk) if desk else None, 25, " KB"),
        _verdict("desk's largest review page (one article)", max(review) if review else None, 25, " KB"),
    ]


def table(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "|".join("---:" for _ in COLUMNS) + "|"]
    lines += ["| " + " | ".join(row.cells[c] for c in COLUMNS) + " |" for row in rows]
    return "\n".join(lines)


def numbers(text: str) -> list[int]:
    try:
        values = [int(v.replace("_", "")) for v in text.split(",") if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a comma-separated list of whole numbers") from None
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError(f"'{text}': give one or more numbers, each at least 1")
    return values


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=numbers, default=[100, 1000], help="numbers of articles (default 100,1000)")
    parser.add_argument("--points", type=numbers, default=[50], help="numbers of register points (default 50)")
    parser.add_argument("--only-generator", action="store_true", help="skip MkDocs: check and the generator step only")
    parser.add_argument("--builds-only", action="store_true",
                        help="only `briefing build` from nothing, then the rebuilds (no check, generator, MkDocs, "
                             "index or desk step of their own)")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="write the projects into DIR and keep them")
    parser.add_argument("--timeout", type=float, metavar="S", help="stop a step after S seconds (default: none)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--dense", action="store_true", help="every paragraph names a keyword of every point (a worst case)")
    parser.add_argument("--no-big-paragraph", action="store_true", help="skip the check on a 2 MiB paragraph")
    parser.add_argument("--big-timeout", type=float, default=120, metavar="S", help="limit for that check (default 120)")
    options = parser.parse_args(argv)
    if options.keep and options.keep.exists() and any(options.keep.iterdir()):
        parser.error(f"--keep {options.keep}: the folder is not empty")

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    dense = "; dense: every paragraph holds every point's keywords" if options.dense else ""
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load:.2f} at start; "
          f"seed {options.seed}{'; generator only (no MkDocs)' if options.only_generator else ''}"
          f"{'; builds only' if options.builds_only else ''}{dense}", flush=True)
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as scratch:
        workdir = options.keep or Path(scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        rows = [measure(workdir, size, points, options) for points in options.points for size in options.sizes]
        print()
        print(table(rows))
        print()
        if kinds_table(rows):
            print(kinds_table(rows))
            print()
        print("\n".join(targets(rows)))
        if not options.no_big_paragraph:
            print()
            print(big_paragraph(workdir, min(options.sizes), options.points[0], options))
        if hasattr(os, "getloadavg"):
            print(f"\nload average {os.getloadavg()[0]:.2f} at the end")
    return 1 if any(row.failed for row in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
