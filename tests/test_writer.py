"""Writing generated pages: write-if-changed, stale removal, hand-written pages protected."""

import os
from pathlib import Path

import pytest

from generator.errors import InputError
from generator.writer import MANIFEST, STAMP, page_bytes, refuse_links_on_the_way, unstamped, write_pages


def test_writes_only_changed_files_and_removes_stale_ones(tmp_path):
    a, x, y = ("---\ntitle: A\n---\na\n", "---\ntitle: X\n---\nx\n", "---\ntitle: Y\n---\ny\n")  # pages carry the stamp
    first = write_pages(tmp_path, {"index.md": a, "points/x.md": x, "points/y.md": y})
    assert first.written == ("index.md", "points/x.md", "points/y.md")
    stamp = (tmp_path / "index.md").stat().st_mtime_ns
    second = write_pages(tmp_path, {"index.md": a, "points/x.md": x + "2"})
    assert second.written == ("points/x.md",) and second.removed == ("points/y.md",) and second.unchanged == 1
    assert (tmp_path / "index.md").stat().st_mtime_ns == stamp
    assert (tmp_path / MANIFEST).read_text() == "index.md\npoints/x.md\n"
    write_pages(tmp_path, {"index.md": a})
    assert not (tmp_path / "points").exists()  # emptied folders go too


def test_never_overwrites_or_removes_hand_written_files(tmp_path):
    (tmp_path / "about.md").write_text("mine")
    (tmp_path / "points").mkdir()
    (tmp_path / "points" / "x.md").write_text("hand-written")
    with pytest.raises(InputError, match=r"points/x.md:1:1: generated page: a hand-written file stands where a generated page goes"):
        write_pages(tmp_path, {"points/x.md": "generated"})
    assert (tmp_path / "points" / "x.md").read_text() == "hand-written"
    write_pages(tmp_path, {"index.md": "a"})
    write_pages(tmp_path, {})
    assert (tmp_path / "about.md").read_text() == "mine"


@pytest.mark.parametrize("text", ["---\ntitle: T\n---\n# T\n", "no front matter\n", "", "---\n"])
def test_a_written_page_gives_back_the_rendered_one(tmp_path, text):
    write_pages(tmp_path, {"page.md": text})
    written = (tmp_path / "page.md").read_bytes()
    assert written == page_bytes(text)
    assert written.startswith(b"---\n" + STAMP.encode()) == text.startswith("---\n")
    assert unstamped(written.decode("utf-8")) == text


def test_a_link_as_a_page_or_on_its_way_is_refused_whichever_page_of_its_folder_comes_first(tmp_path: Path) -> None:
    docs, outside = tmp_path / "docs", tmp_path / "outside"
    (docs / "articles").mkdir(parents=True)
    outside.mkdir()
    (docs / "articles" / "b.md").symlink_to(outside / "b.md")  # the page itself, in a folder of plain pages
    (docs / "points").symlink_to(outside, target_is_directory=True)  # a folder on the way
    pages = ["articles/a.md", "articles/b.md", "articles/c.md", "points/x.md", "points/y.md", "index.md"]
    for order in (pages, pages[::-1]):
        with pytest.raises(InputError) as caught:
            refuse_links_on_the_way(docs, order)
        assert sorted(p.path for p in caught.value.problems) == [os.fspath(docs / "articles" / "b.md"), os.fspath(docs / "points")]
    refuse_links_on_the_way(docs, ["articles/a.md", "new/z.md", "index.md"])  # nothing in the way
