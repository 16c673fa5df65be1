"""The benchmark and its synthetic corpus: realistic input that the real tool accepts, one sane table."""

from __future__ import annotations

import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from generator.linker import find_mentions
from generator.pipeline import Project, check
from generator.readers import read_article
from generator.register import load_register
from generator.textmatch import normalise, term_pattern

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import corpus  # noqa: E402

BENCHMARK = ROOT / "scripts" / "benchmark.py"


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_benchmark_help_needs_no_test_tools() -> None:
    # pytest made unimportable: the script must not reach for the test suite's helpers
    code = ("import runpy, sys; sys.modules['pytest'] = None; sys.argv = ['benchmark.py', '--help']; "
            f"runpy.run_path({str(BENCHMARK)!r}, run_name='__main__')")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "--only-generator" in result.stdout and "--keep" in result.stdout


def test_corpus_is_deterministic(tmp_path: Path) -> None:
    first = corpus.make_project(tmp_path / "a", articles=25, points=30, seed=3)
    again = corpus.make_project(tmp_path / "b", articles=25, points=30, seed=3)
    other = corpus.make_project(tmp_path / "c", articles=25, points=30, seed=4)
    assert tree(first) == tree(again)
    assert tree(first) != tree(other)
    # article i depends on (seed, points, i) only: a bigger corpus holds the smaller one
    bigger = corpus.make_project(tmp_path / "d", articles=40, points=30, seed=3)
    assert set(tree(first / "seeds").items()) <= set(tree(bigger / "seeds").items())


def test_corpus_passes_check_and_looks_like_real_use(tmp_path: Path) -> None:
    project = corpus.make_project(tmp_path / "p", articles=60, points=40, seed=1)
    assert (project / "mkdocs.yml").is_file() and (project / "briefings" / "about.md").is_file()
    briefing = check(Project.at(project))  # raises InputError on any problem, quotes included
    assert len(briefing.points) == 40 and len(briefing.articles) == 60

    files = sorted((project / "seeds").iterdir())
    assert 0 < sum(f.suffix == ".md" for f in files) < len(files)
    texts = [f.read_text("utf-8") for f in files]
    joined = "".join(texts)
    for mark in ("“", "”", "’", "—", "…", "\u00a0"):
        assert mark in joined, mark
    assert any("\u0400" <= c <= "\u04ff" for c in joined)
    articles = [read_article(f) for f in files]
    months = {a.date.month for a in articles}
    assert len(months) >= 10
    for article in articles:
        body = [p for p in article.paragraphs if not p.heading]
        assert 5 <= len(body) <= 14, article.path
        for paragraph in body:
            assert 40 <= len(paragraph.text.split()) <= 90, (article.path, paragraph.number)
    assert sum(p.heading for a in articles for p in a.paragraphs) > 10
    md = [a for a in articles if a.path.endswith(".md")]
    assert all(a.outlet and a.author and a.url for a in md)

    register, _ = load_register(project / "briefings" / "register.yml")
    assert any("," in k and k.replace(",", "").isdigit() for p in register.points for k in p.keywords)
    assert sum(" " in a for p in register.points for a in p.aliases) > 40
    assert all(3 <= len(p.positions) <= 4 and 1 <= len(p.history) <= 4 for p in register.points)

    # mentions: each article is about 1-3 points, and the review queue fills
    touched = Counter(article_id for p in briefing.points for article_id in {m.article.id for m in p.mentions})
    spread = Counter(touched[a.article.id] for a in briefing.articles)
    assert spread[0] == 0
    assert sum(n for k, n in spread.items() if 1 <= k <= 3) >= 0.85 * len(articles), spread
    assert briefing.queue


def test_a_dense_corpus_holds_every_points_keywords_in_every_paragraph(tmp_path: Path) -> None:
    plain = corpus.make_project(tmp_path / "plain", articles=12, points=50, seed=1)
    dense = corpus.make_project(tmp_path / "dense", articles=12, points=50, seed=1, dense=True)
    briefing = check(Project.at(dense))  # still a project the tool accepts, quotes included
    keywords = [[term_pattern(k) for k in p.point.keywords] for p in briefing.points]
    for article in briefing.articles:
        for paragraph in (p for p in article.article.paragraphs if not p.heading):
            text = normalise(paragraph.text).text
            assert all(any(k.search(text) for k in point) for point in keywords), (article.article.id, paragraph.number)
    assert (plain / "briefings" / "register.yml").read_bytes() == (dense / "briefings" / "register.yml").read_bytes()
    assert corpus.add_article(dense, 12, dense=True).read_text("utf-8").count(corpus.DENSE_OPENING) >= 5


def test_the_benchmarks_new_article_is_the_newest_of_the_corpus(tmp_path: Path) -> None:
    project = corpus.make_project(tmp_path / "p", articles=40, points=10, seed=1)
    newest = corpus.add_article(project, 40, points=10, day=corpus.NEWEST_DAY)
    briefing = check(Project.at(project))
    days = {Path(a.article.path).name: a.article.date for a in briefing.articles}
    added = days.pop(newest.name)
    assert added == corpus.NEWEST_DAY and all(day <= added for day in days.values()), (added, max(days.values()))
    assert newest.name.startswith(corpus.NEWEST_DAY.isoformat() + "_") and newest.name.endswith("_00040" + newest.suffix)


def test_stray_keywords_and_filler_do_not_make_mentions() -> None:
    plans = corpus.plan_points(200, 1)
    points = {p.id: p for p in check_points(plans)}
    rng = random.Random(0)
    for plan in plans:
        point = points[plan.id]
        for template in plan.stray:
            text = corpus._fill(template, rng, plan.values)
            assert not find_mentions(point, article_of(text)), (plan.id, text)
        for template in plan.sentences:
            text = corpus._fill(template, rng, plan.values)
            assert find_mentions(point, article_of(text)), (plan.id, text)
    # filler names no term of any point, except inside a phrase the point excludes ("Army Secretary")
    text = normalise(" ".join(corpus.filler_sentence(rng) for _ in range(1000))).text
    for point in points.values():
        hidden = [m.span() for t in point.exclude for m in term_pattern(t).finditer(text)]
        for term in point.aliases + point.keywords + point.context:
            for match in term_pattern(term).finditer(text):
                assert any(s <= match.start() and match.end() <= e for s, e in hidden), (term, text[match.start() - 80:match.end() + 80])


def check_points(plans: list[corpus.PointPlan]):
    from generator.register import Point

    return [Point(id=p.id, title=p.title, status="open", aliases=p.aliases, keywords=p.keywords,
                  context=p.context, exclude=p.exclude) for p in plans]


def article_of(text: str):
    from datetime import date

    from generator.articles import Article, Paragraph

    return Article("a", "seeds/a.txt", "A", date(2025, 1, 1), (Paragraph(1, text),))


def test_big_paragraph_article_is_one_paragraph_at_the_size_limit(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    path = corpus.big_paragraph_article(tmp_path, points=50, seed=1)
    data = path.read_bytes()
    assert corpus.MAX_ARTICLE_BYTES - 1024 < len(data) <= corpus.MAX_ARTICLE_BYTES
    article = read_article(path)
    assert len(article.paragraphs) == 1


@pytest.mark.slow
def test_benchmark_table_at_100_articles_and_50_points() -> None:
    result = subprocess.run([sys.executable, str(BENCHMARK), "--sizes", "100", "--points", "50", "--no-big-paragraph"],
                            capture_output=True, text=True, timeout=900, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    first = result.stdout[result.stdout.index("| articles"):].split("\n\n", 1)[0]
    lines = [l for l in first.splitlines() if l.startswith("|")]
    assert len(lines) == 3, result.stdout
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    cells = dict(zip(header, (c.strip() for c in lines[2].strip("|").split("|"))))
    for column in ("articles", "points", "check s", "check CPU s", "generator s", "generator CPU s", "mkdocs s",
                   "mkdocs CPU s", "build s", "build CPU s", "generator share",
                   "rebuild gen s", "rebuild engine s", "add-one gen s", "add-one engine s", "add-one written",
                   "add-old gen s", "add-old engine s", "add-old written", "check MB", "build MB", "pages", "page mean KB", "page median KB", "page max KB",
                   "to review", "json KB", "search KB", "search gz KB", "desk s", "desk CPU s", "desk MB", "desk pages",
                   "desk KB per article", "desk home KB", "desk review max KB"):
        assert column in cells, column
    assert cells["articles"] == "100" and cells["points"] == "50"
    for column in ("check s", "check CPU s", "generator s", "generator CPU s", "mkdocs s", "mkdocs CPU s", "build s",
                   "build CPU s", "rebuild gen s", "rebuild engine s", "add-one gen s", "add-one engine s",
                   "add-old gen s", "add-old engine s"):
        assert 0 < float(cells[column]) < 600, (column, cells[column])  # a number: the step passed
    # a build runs the generator and MkDocs: its CPU time is about theirs added up
    parts = float(cells["generator CPU s"]) + float(cells["mkdocs CPU s"])
    assert 0.7 * parts < float(cells["build CPU s"]) < 1.3 * parts, cells
    assert 0 < int(cells["generator share"].rstrip("%")) < 100
    assert 20 < float(cells["check MB"]) < 4000 and 20 < float(cells["build MB"]) < 4000
    assert int(cells["pages"]) > 100  # 100 article pages, 50 point pages and the list pages
    assert 0 < float(cells["page median KB"]) <= float(cells["page max KB"])
    assert 0 < float(cells["page mean KB"]) <= float(cells["page max KB"])
    # one new article: its page, the lists it joins, the points it touches; not every page
    assert 0 < int(cells["add-one written"]) < int(cells["pages"]) // 4, cells
    assert "Targets:" in result.stdout and "bytes per page, 10,000 / 100 (same points): not measured in this run" in result.stdout
    assert int(cells["to review"]) > 0  # the review queue is on the desk now (build --desk), not in the docs folder
    # the desk: its home and a page per article waiting (at most one per article), each bigger than nothing
    assert 1 < int(cells["desk pages"]) <= 101 and 0 < float(cells["desk s"]) < 600, cells
    assert 0 < float(cells["desk KB per article"]) <= (float(cells["desk home KB"]) + 100 * float(cells["desk review max KB"])) / 100
    assert "desk HTML per article (largest): " in result.stdout
    assert 0 < float(cells["search gz KB"]) < float(cells["search KB"])
    assert float(cells["json KB"]) > 0
    assert abs(float(cells["json KB per article"]) * 100 - float(cells["json KB"])) < 1
    assert "| mentions/*.md |" in result.stdout or "| articles/<month>.md |" in result.stdout  # the kinds table


def test_the_benchmark_names_each_kind_of_page_by_its_folder_and_shape() -> None:
    import benchmark
    assert [benchmark.page_kind(n) for n in ("index.md", "articles/index.md", "articles/2025-11.md",
                                             "articles/2025-11-part-2.md", "articles/2025-11-03_bbc_1.md",
                                             "mentions/army-cap.md", "mentions/army-cap/part-2.md", "api/briefing.json")] == [
        "index.md", "articles/index.md", "articles/<month>.md", "articles/<month>.md", "articles/*.md",
        "mentions/*.md", "mentions/*/*.md", "api/*.json"]
