"""The cache's files: an added article rewrites one shard of articles, a build with nothing changed reads
no shard, and a shard or Briefing file that is forged, garbled or not the one the index lists is refused
(never unpickled) and its part made again."""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

import pytest

from generator import cache as cache_module, cache_files
from generator.pipeline import Project, update_docs
from generator.project import shown_path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import corpus  # noqa: E402
from test_cache import ARTICLES, POINTS, _Planted, copy_built, corpus_built, docs, fresh  # noqa: E402


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corpus_built(tmp_path_factory, "shards", seed=3)


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Path:
    return copy_built(built, tmp_path)


def _times(project: Path) -> dict[str, int]:
    folder = project / cache_module.CACHE_DIR
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}


def _shards(project: Path) -> list[Path]:
    return sorted((project / cache_module.CACHE_DIR).glob("articles-*.pickle"))


def test_an_added_article_rewrites_one_shard(project: Path) -> None:
    before = _times(project)
    assert len(_shards(project)) > 5
    new = corpus.add_article(project, index=ARTICLES, points=POINTS, seed=3)
    update_docs(Project.at(project))
    after = _times(project)
    changed = {name for name in after if before.get(name) != after[name]}
    assert changed == {cache_files.INDEX_FILE, cache_files.BRIEFING_FILE,
                       cache_files.shard_file(cache_files.shard_of(shown_path(new)))}


def test_no_change_reads_the_index_and_the_briefing_only(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    read = []
    real = cache_files.read_part
    monkeypatch.setattr(cache_files, "read_part", lambda folder, name, *rest: read.append(name) or real(folder, name, *rest))
    briefing, report = update_docs(Project.at(project))
    assert report.written == () and len(briefing.articles) == ARTICLES
    assert read == [cache_files.INDEX_FILE, cache_files.BRIEFING_FILE]


@pytest.mark.parametrize("damage", ["garbled", "forged", "planted", "another's"])
def test_a_bad_shard_is_refused_and_its_articles_read_again(project: Path, tmp_path: Path, damage: str) -> None:
    shard = _shards(project)[0]
    marker = tmp_path / "code-ran"
    data = shard.read_bytes()
    bad = {"garbled": data[:32] + b"\x80\x05garbage",  # this user's signature over other bytes
           "forged": b"\0" * 32 + pickle.dumps(_Planted(marker)),
           "planted": pickle.dumps(_Planted(marker)),
           "another's": _signed_other_shard(project, shard)}[damage]
    shard.write_bytes(bad)
    corpus.add_article(project, index=ARTICLES, points=POINTS, seed=3)
    update_docs(Project.at(project))
    assert not marker.exists(), "a cache file from the project ran code"
    assert docs(project) == fresh(project, tmp_path)
    cache = cache_module.load(project, cache_module.tool_key())
    assert len(cache.articles) == ARTICLES + 1 and cache.briefing is not None  # made again


def _signed_other_shard(project: Path, shard: Path) -> bytes:
    """Another shard's file, signed with this user's key: valid, but not the one the index lists for this shard."""
    return next(p for p in _shards(project) if p != shard).read_bytes()


def test_a_bad_briefing_file_is_refused_and_the_briefing_made_again(project: Path, tmp_path: Path) -> None:
    marker = tmp_path / "code-ran"
    (project / cache_module.CACHE_DIR / cache_files.BRIEFING_FILE).write_bytes(b"\0" * 32 + pickle.dumps(_Planted(marker)))
    briefing, _ = update_docs(Project.at(project))
    assert not marker.exists() and len(briefing.articles) == ARTICLES
    assert docs(project) == fresh(project, tmp_path)
    assert cache_module.load(project, cache_module.tool_key()).briefing is not None
