"""`check` refuses every input that `build` refuses, and says the same thing, at the same place.

Each plant below is an input that `build` could not publish: a point id too long to name its
page's file, an article file whose name spelled in Latin letters grows past the longest file
name, a SITE_URL that is no safe address, an unreadable mkdocs.yml or one that reads the build's
environment into the site, a named pipe in the docs folder, a date decades ahead. `check` (in-process, fast) and `build` (the real command, slow)
must both exit 1 with the same located line; before, `check` passed several of them and
`build` failed on the file system, naming a temporary file.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Callable

import pytest

from generator.commands import main
from generator.isodate import DAYS_AHEAD
from generator.vocabulary import MAX_ID_CHARS
from helpers import SEED, run_briefing

REGISTER = "briefings/register.yml"


def _replace(root: Path, rel: str, old: str, new: str, count: int = 1) -> str:
    path = root / rel
    text = path.read_text("utf-8")
    assert old in text, old
    text = text.replace(old, new, count)
    path.write_text(text, "utf-8")
    return text


def _position(text: str, needle: str) -> str:
    offset = text.index(needle)
    return f"{text.count(chr(10), 0, offset) + 1}:{offset - text.rfind(chr(10), 0, offset)}"


def _long_point_id(root: Path) -> str:
    long_id = "a" * 301
    _replace(root, REGISTER, "related: [army-cap, plan-origin]", f"related: [{long_id}, plan-origin]")
    text = _replace(root, REGISTER, "- id: army-cap", f"- id: {long_id}")
    return (rf"{REGISTER}:{_position(text, long_id + chr(10))}: points\.a{{301}}\.id: point id 'a{{40}}\.\.\.' is 301 "
            rf"characters long; at most {MAX_ID_CHARS} \(")


def _long_party_id(root: Path) -> str:
    text = (root / REGISTER).read_text("utf-8")
    party = re.search(r"- \{id: ([a-z-]+), name:", text).group(1)
    long_id = party + "-" + "x" * 260
    text = _replace(root, REGISTER, f"{{id: {party}, name:", f"{{id: {long_id}, name:")
    text = _replace(root, REGISTER, f"      {party}:", f"      {long_id}:", count=-1)
    return rf"{REGISTER}:{_position(text, long_id)}: parties\[\d\]\.id: party id '.{{40}}\.\.\.' is {len(long_id)} characters"


def _transliterated_name(root: Path) -> str:
    name = "щ" * 125 + ".txt"  # 254 bytes as written; as an id, 'shch' 125 times: 500 characters
    (root / "seeds" / name).write_text(" date 2025-11-26 Kyiv asks for amendments.\n", "utf-8")
    return rf"seeds/{name}:1:1: article: the file name gives the id '(shch){{10}}\.\.\.', 500 characters long; at most"


def _site_url(root: Path) -> str:
    os.environ["SITE_URL"] = 'https://example.org/"><script>alert(1)</script>/'
    return r"mkdocs\.yml:\d+:\d+: site_url: SITE_URL 'https://example\.org/\"><script>alert\(1\)</script>/' has '\"' in its path"


def _unparsable_config(root: Path) -> str:
    (root / "mkdocs.yml").write_text("site_name: [unclosed\n", "utf-8")
    return r"mkdocs\.yml:2:1: site config: cannot be parsed"


def _secret_in_config(root: Path) -> str:
    os.environ["BRIEFING_TEST_SECRET"] = "s3cret-token-4f9c2a7e"  # in CI: a secret of the build's environment
    config = root / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^site_description: .*$", "site_description: !ENV [BRIEFING_TEST_SECRET, none]",
                             config.read_text("utf-8")), "utf-8")
    return r"mkdocs\.yml:\d+:19: site config: site_description reads the build's environment \(!ENV\)"


def _fifo_in_docs(root: Path) -> str:
    os.mkfifo(root / "briefings" / "notes.md")
    return r"briefings/notes\.md:1:1: docs folder: is a named pipe \(FIFO\), which the site engine cannot read"


def _history_in_2099(root: Path) -> str:
    text = _replace(root, REGISTER, "date: 2025-11-26", "date: 2099-11-26")
    return (rf"{REGISTER}:{_position(text, '2099-11-26')}: points\.[a-z-]+\.history\[\d\]\.date: '2099-11-26' is more than "
            rf"{DAYS_AHEAD} days after today \(\d{{4}}-\d\d-\d\d\) \(check the year")


def _article_in_2099(root: Path) -> str:
    _replace(root, f"seeds/{SEED}.txt", "date 2025-11-26", "date 2099-11-26")
    return rf"seeds/{SEED}\.txt:1:7: article: '2099-11-26' is more than {DAYS_AHEAD} days after today"


def _front_matter_in_2099(root: Path) -> str:
    (root / "seeds" / "2099-01-01_wire.md").write_text("---\ntitle: Ahead\ndate: 2099-01-01\n---\nText.\n", "utf-8")
    return r"seeds/2099-01-01_wire\.md:3:7: front matter\.date: '2099-01-01' is more than"


PLANTS: dict[str, Callable[[Path], str]] = {
    "point-id-of-301-characters": _long_point_id,
    "party-id-too-long-for-a-file-name": _long_party_id,
    "article-name-too-long-once-transliterated": _transliterated_name,
    "site-url-with-markup": _site_url,
    "mkdocs-yml-unparsable": _unparsable_config,
    "mkdocs-yml-reads-a-secret": _secret_in_config,
    "named-pipe-in-the-docs-folder": _fifo_in_docs,
    "history-entry-in-2099": _history_in_2099,
    "article-dated-2099": _article_in_2099,
    "front-matter-dated-2099": _front_matter_in_2099,
}


@pytest.fixture
def planted(request, project: Path, monkeypatch) -> tuple[Path, str]:
    """The project with one plant; the located line both commands must print (a regex)."""
    monkeypatch.chdir(project)
    monkeypatch.setenv("SITE_URL", "")  # a plant may set it (or another variable); monkeypatch puts them back
    monkeypatch.setenv("BRIEFING_TEST_SECRET", "")
    return project, PLANTS[request.param](project)


@pytest.mark.parametrize("planted", sorted(PLANTS), indirect=True)
def test_check_refuses_it_with_a_located_line(planted, capsys):
    _, expected = planted
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert re.search(f"^{expected}", err, re.M), err
    assert "file system" not in err and "Traceback" not in err


@pytest.mark.slow
@pytest.mark.parametrize("planted", sorted(PLANTS), indirect=True)
def test_build_refuses_it_with_the_same_line(planted):
    root, expected = planted
    result = run_briefing("build", cwd=root, env={name: os.environ[name] for name in ("SITE_URL", "BRIEFING_TEST_SECRET")})
    assert result.code == 1, result.text
    assert re.search(f"^{expected}", result.err, re.M), result.err
    assert not (root / "site").exists()
