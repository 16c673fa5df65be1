"""Zensical as the site engine: the shipped project builds with it, with the same pages and
the same anchors as with MkDocs. Zensical is optional (pip install -e '.[zensical]')."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest

from generator import engine, pipeline
from generator.commands import main
from helpers import ROOT, copy_project, run_briefing, site_digest
from generator.engine import EngineResult, build_site, clean_output, zensical_config

HAS_ZENSICAL = importlib.util.find_spec("zensical") is not None
needs_zensical = pytest.mark.skipif(not HAS_ZENSICAL, reason="zensical is not installed: it is optional (pip install -e '.[zensical]')")
PARAGRAPH = re.compile(r"p\d+")


def test_config_inherits_everything_but_the_output_folder():
    assert zensical_config("mkdocs.yml", Path("/srv/p/out dir")) == "INHERIT: mkdocs.yml\nsite_dir: /srv/p/out dir\n"


def test_output_loses_colours_and_the_strict_traceback():
    raw = ("Build started\n\x1b[33mWarning:\x1b[0m anchor does not exist\n    \x1b[38;5;246m╭─[ about.md:17:38 ]\x1b[0m\n"
           "1 issue found\nTraceback (most recent call last):\n  File \"zensical/main.py\", line 81, in execute_build\n"
           "    build(os.path.abspath(config_file), kwargs)\nRuntimeError: Aborted because --strict flag is set\n")
    assert clean_output(raw) == ("Build started\nWarning: anchor does not exist\n    ╭─[ about.md:17:38 ]\n1 issue found\n"
                                 "RuntimeError: Aborted because --strict flag is set")


def test_output_folder_outside_the_project_is_refused(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    result = build_site("zensical", project, project / "mkdocs.yml", tmp_path / "elsewhere")
    assert not result.ok and "only inside" in result.output
    assert not (tmp_path / "elsewhere").exists() and not list(project.glob(".zensical-*"))


@needs_zensical
def test_zensical_is_stopped_after_its_timeout(tmp_path: Path, monkeypatch):
    project = copy_project(tmp_path / "project")
    monkeypatch.setitem(engine.ENGINE_TIMEOUT_SECONDS, "zensical", 0.2)  # the one table of timeouts, both engines
    result = build_site("zensical", project, project / "mkdocs.yml", project / "out")
    assert result == EngineResult(False, "Zensical did not finish within 0.2 seconds and was stopped")
    assert not list(project.glob(".zensical-*")), "the inheriting config was left behind"


def _ids(page: Path) -> list[str]:
    """Ids that come from the pages' content; theme internals (`__skip`, `__toc`, ...) start with '__'."""
    return [i for i in lxml.html.parse(str(page)).getroot().xpath("//@id") if not i.startswith("__")]


def _pages(site: Path) -> set[str]:
    return {str(p.relative_to(site)) for p in site.rglob("*.html")}


@pytest.fixture(scope="module")
def both_sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """The shipped project built by `briefing build` (MkDocs), then by Zensical from the same pages."""
    project = copy_project(tmp_path_factory.mktemp("zensical") / "project")
    result = run_briefing("build", cwd=project)
    assert result.code == 0, result.text
    zensical = run_briefing("build", "--engine", "zensical", "--site-dir", "site-zensical", cwd=project)
    assert zensical.code == 0, zensical.text
    assert zensical.out.startswith("built site-zensical/:"), zensical.text
    assert not list(project.glob(".zensical-*")), "the inheriting config was left behind"
    return project / "site", project / "site-zensical", zensical.text


@needs_zensical
@pytest.mark.slow
def test_same_pages(both_sites):
    mkdocs, zensical, output = both_sites
    assert _pages(mkdocs) == _pages(zensical)
    assert (zensical / "api" / "briefing.json").read_bytes() == (mkdocs / "api" / "briefing.json").read_bytes()
    assert (zensical / "feed.xml").read_bytes() == (mkdocs / "feed.xml").read_bytes()
    assert not (zensical / "register.yml").exists()  # exclude_docs is honoured


@needs_zensical
@pytest.mark.slow
def test_same_paragraph_anchors_and_heading_ids(both_sites):
    mkdocs, zensical, _ = both_sites
    ids = [a["id"] for a in json.loads((mkdocs / "api" / "briefing.json").read_text("utf-8"))["articles"]]
    articles = [Path("articles", article_id, "index.html") for article_id in ids]  # not the month lists beside them
    assert articles
    for page in articles:
        anchors = [i for i in _ids(mkdocs / page) if PARAGRAPH.fullmatch(i)]
        assert anchors == [f"p{n}" for n in range(1, len(anchors) + 1)] and anchors, page
        assert [i for i in _ids(zensical / page) if PARAGRAPH.fullmatch(i)] == anchors, page
    for page in sorted(_pages(mkdocs)):
        assert _ids(zensical / page) == _ids(mkdocs / page), page


@needs_zensical
@pytest.mark.slow
def test_strict_build_fails_on_a_citation_to_a_missing_paragraph(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    assert run_briefing("build", cwd=project).code == 0
    about = project / "briefings" / "about.md"
    about.write_text(about.read_text("utf-8") + "\n[gone](articles/000_1be865c73713f27a.md#p999)\n", "utf-8")
    before = site_digest(project / "site")
    result = run_briefing("build", "--engine", "zensical", cwd=project)
    assert result.code == 1, result.text
    assert "site engine: zensical failed; the previous site is unchanged" in result.err
    assert "anchor does not exist" in result.err and "about.md:" in result.err and "Traceback" not in result.text
    assert site_digest(project / "site") == before


def test_engine_zensical_not_installed_is_a_usage_error(project, monkeypatch, capsys):
    monkeypatch.chdir(project)
    monkeypatch.setattr(pipeline, "zensical_installed", lambda: False)  # it is optional: a machine may lack it
    assert main(["build", "--engine", "zensical"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("briefing build: error: --engine zensical: Zensical is not installed; install it with "
                          "pip install -e '.[zensical]'")
    assert not (project / "site").exists() and not (project / "briefings" / "index.md").exists()


def _can_unshare_network() -> bool:
    return shutil.which("unshare") is not None and subprocess.run(
        ["unshare", "-n", "true"], capture_output=True).returncode == 0


@needs_zensical
@pytest.mark.slow
@pytest.mark.skipif(not _can_unshare_network(), reason="needs `unshare -n` (root or user namespaces) to cut the network")
def test_builds_without_network(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    assert run_briefing("build", cwd=project).code == 0
    code = ("import sys; from pathlib import Path; from generator.engine import build_site; "
            "p = Path(sys.argv[1]); r = build_site('zensical', p, p / 'mkdocs.yml', p / 'out'); "
            "print(r.output); sys.exit(0 if r.ok else 1)")
    proc = subprocess.run(["unshare", "-n", sys.executable, "-c", code, str(project)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (project / "out" / "index.html").is_file()


@needs_zensical
@pytest.mark.slow
def test_hostile_input_stays_inert(tmp_path: Path):
    """The injection project (tests/test_injection.py) built by Zensical's own templates: no markup
    inside <title>, no handler, frame or risky URL, and only the scripts a clean Zensical build has."""
    import test_injection as hostile

    clean = copy_project(tmp_path / "clean")
    assert run_briefing("build", cwd=clean).code == 0
    result = build_site("zensical", clean, clean / "mkdocs.yml", clean / "site-zensical")
    assert result.ok, result.output
    root = copy_project(tmp_path / "hostile")
    (root / "seeds" / f"{hostile.TXT_ID}.txt").write_text(hostile._txt_article(), "utf-8")
    (root / "seeds" / f"{hostile.MD_ID}.md").write_text(hostile._md_article(), "utf-8")
    (root / "seeds" / "<b onmouseover=alert(1)>.txt").write_text(
        f"date 2025-11-26 Named after a tag: {hostile.HOSTILE}.\n", "utf-8")
    (root / "briefings" / "register.yml").write_text(hostile._register(), "utf-8")
    result = run_briefing("build", cwd=root)
    assert result.code == 0, result.text
    result = build_site("zensical", root, root / "mkdocs.yml", root / "site-zensical")
    assert result.ok, result.output
    site = root / "site-zensical"
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        doc = lxml.html.fromstring(page.read_bytes())
        assert not doc.xpath("//iframe | //frame | //object | //embed | //base"), rel
        title = doc.find(".//title")
        assert title is not None and len(title) == 0, f"markup inside <title> in {rel}"
        for element in doc.iter():
            if isinstance(element.tag, str):
                for name, value in element.attrib.items():
                    assert not name.lower().startswith("on"), f"{name}= on <{element.tag}> in {rel}"
                    if name.lower() in hostile.URL_ATTRIBUTES:
                        assert not re.sub(r"[\x00-\x20]", "", value).lower().startswith(hostile.RISKY_SCHEMES), rel
    article = lxml.html.fromstring((site / "articles" / hostile.TXT_ID / "index.html").read_bytes())
    assert " ".join(hostile.PAYLOADS[6].split()) in " ".join(article.text_content().split())  # </title><script> shown as text
    assert hostile._script_signatures(site) == hostile._script_signatures(clean / "site-zensical")
