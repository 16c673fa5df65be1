"""With the site's address known (SITE_URL, or a literal `site_url` in mkdocs.yml) the build
still succeeds, every page names its canonical address, and the sitemap lists every page at
its full address."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree, html

from helpers import copy_project, run_briefing

pytestmark = pytest.mark.slow

SITE_URL = "https://example.org/briefing/"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(scope="module", params=["SITE_URL", "literal"])
def addressed_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("site-url") / "project")
    env = {"SITE_URL": SITE_URL}
    if request.param == "literal":  # the address written into mkdocs.yml instead of the environment
        config = root / "mkdocs.yml"
        lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
        assert sum(line.startswith("site_url:") for line in lines) == 1
        config.write_text("".join(f"site_url: {SITE_URL}\n" if line.startswith("site_url:") else line for line in lines),
                          encoding="utf-8")
        env = {"SITE_URL": ""}
    result = run_briefing("build", cwd=root, env=env)
    assert result.code == 0, result.text
    return root / "site"


def page_address(site: Path, page: Path) -> str:
    folder = page.parent.relative_to(site).as_posix()
    return SITE_URL + ("" if folder == "." else folder + "/")


def test_every_page_has_its_canonical_link(addressed_site: Path):
    pages = [p for p in addressed_site.rglob("index.html") if "search" not in p.parts]
    assert len(pages) > 5
    for page in pages:
        canonical = html.parse(str(page)).xpath("//head/link[@rel='canonical']/@href")
        assert canonical == [page_address(addressed_site, page)], page


def test_the_sitemap_lists_every_page(addressed_site: Path):
    listed = set(etree.parse(str(addressed_site / "sitemap.xml")).xpath("//s:url/s:loc/text()", namespaces=SITEMAP_NS))
    pages = {page_address(addressed_site, p) for p in addressed_site.rglob("index.html") if "search" not in p.parts}
    assert pages <= listed, sorted(pages - listed)
    assert SITE_URL + "points/army-cap/" in listed
