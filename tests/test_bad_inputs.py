"""The catalogue of bad (and tricky but good) inputs in tests/cases/inputs/, run as real builds.

Each case is a YAML file ``tests/cases/inputs/NAME.yml``, or a folder
``tests/cases/inputs/NAME/`` holding ``case.yml`` plus a ``files/`` tree that is copied
over the project verbatim (the way to ship binary files as they are). ``case.yml`` reads:

    about: one line saying what the case is about
    files:                       # project-relative path -> how to change that file
      briefings/register.yml:
        text: |                  # replace the file with this UTF-8 text, or
        patch:                   # replace text in the current file (each 'find' must occur)
          - {find: "status: open", replace: "status: opne", count: 1}
        base64: ...              # or raw bytes as base64, or
        hex: ...                 # as hex (white space ignored), or
        repeat: {text: "x ", bytes: 2097153, prefix: " date 2025-11-26 "}   # generated
        encoding: latin-1        # with 'text': encode it this way instead of UTF-8
        newline: "\\r\\n"          # with 'text' or 'patch': write these line ends
        bom: true                # with 'text': start with a UTF-8 byte order mark
        delete: true             # remove the file
    args: [--site-dir, seeds]    # extra command line arguments for `briefing build`
    expect:
      exit: 1                    # the exit code of `briefing build`
      message: 'regex'           # searched (MULTILINE) in stdout + stderr
      hint: 'fragment'           # must appear in the output as it is (placeholders allowed)
      output_absent: [...]       # fragments that must not appear in the output
      absent_files: [pwned]      # project files that must not exist afterwards
      pages:                     # for exit 0: checks on built pages
        points/x/index.html:
          html: [...]            # fragments of the page's HTML source
          text: [...]            # fragments of its visible text (white space normalised)
          absent: [...]          # fragments its HTML source must not contain
      html_absent: [...]         # fragments no built HTML page may contain (exit 0)

In ``message``, ``{pos:TEXT}`` becomes ``LINE:COLUMN`` of the first occurrence of TEXT in
the final register, ``{pos@PATH:TEXT}`` the same in another changed file, and
``{line:TEXT}`` / ``{line@PATH:TEXT}`` just the line. So a case pins the exact position
of a problem without hard-coding the line numbers of the shipped register.

Each case runs on a copy of a project whose site was already built once. Whatever the
outcome, the output holds no traceback; a failed build (exit 1) leaves site/ byte for byte
as it was and reports every problem as ``file:line:col:`` with line and column from 1; a
refused command line (exit 2) leaves every file of the project as it was.
"""

from __future__ import annotations

import base64
import collections
import re
import shutil
from pathlib import Path

import lxml.html
import pytest
import yaml

from helpers import old_site_deleted, run_briefing, site_digest

CASES = Path(__file__).resolve().parent / "cases" / "inputs"
REGISTER = "briefings/register.yml"
_PROBLEM_LINE = re.compile(r"^[^\n]+?:[1-9]\d*:[1-9]\d*: \S")
_SUMMARY_LINE = re.compile(r"^\d+ problems? found; ")
_PLACEHOLDER = re.compile(r"\{(pos|line)(?:@([^:}]+))?:([^}]+)\}")


def load_cases() -> list[tuple[str, dict, Path | None]]:
    """(name, case, folder of verbatim files or None) for every case, sorted by name."""
    cases = []
    for entry in sorted(CASES.iterdir()):
        file = entry / "case.yml" if entry.is_dir() else entry
        if entry.is_file() and entry.suffix != ".yml":
            continue
        try:
            spec = yaml.safe_load(file.read_text("utf-8"))
        except yaml.YAMLError as exc:
            raise AssertionError(f"{file}: {exc}") from None
        folder = entry / "files" if (entry / "files").is_dir() else None
        cases.append((entry.stem if entry.is_file() else entry.name, spec, folder))
    return cases


ALL_CASES = load_cases()


def _content(spec: dict, current: bytes | None) -> bytes:
    newline = spec.get("newline")
    if "text" in spec:
        text = spec["text"]
        if newline:
            text = text.replace("\n", newline)
        data = text.encode(spec.get("encoding", "utf-8"))
        return (b"\xef\xbb\xbf" + data) if spec.get("bom") else data
    if "patch" in spec:
        assert current is not None, "a patch needs an existing file"
        text = current.decode("utf-8")
        for change in spec["patch"]:
            assert change["find"] in text, f"patch target not found: {change['find']!r}"
            text = text.replace(change["find"], change["replace"], change.get("count", 1))
        if newline:
            text = text.replace("\n", newline)
        return text.encode("utf-8")
    if "base64" in spec:
        return base64.b64decode(spec["base64"])
    if "hex" in spec:
        return bytes.fromhex("".join(spec["hex"].split()))
    if "repeat" in spec:
        rep = spec["repeat"]
        prefix = rep.get("prefix", "").encode("utf-8")
        unit = rep["text"].encode("utf-8")
        body = unit * ((rep["bytes"] - len(prefix)) // len(unit) + 1)
        return (prefix + body)[: rep["bytes"]]
    raise AssertionError(f"no content in {spec}")


def apply_case(root: Path, case: dict, folder: Path | None) -> dict[str, bytes]:
    """Change the project as the case says; the final bytes of every changed file."""
    final: dict[str, bytes] = {}
    if folder is not None:
        for source in sorted(folder.rglob("*")):
            if source.is_file():
                rel = source.relative_to(folder).as_posix()
                (root / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, root / rel)
                final[rel] = source.read_bytes()
    for rel, spec in (case.get("files") or {}).items():
        target = (root / rel).resolve()
        assert target.is_relative_to(root.resolve()), f"{rel} lies outside the project"
        if spec.get("delete"):
            target.unlink()
            continue
        data = _content(spec, target.read_bytes() if target.exists() else None)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        final[rel] = data
    if REGISTER not in final:
        final[REGISTER] = (root / REGISTER).read_bytes()
    return final


def expand(pattern: str, files: dict[str, bytes]) -> str:
    """Replace {pos:TEXT} and {line:TEXT} placeholders with positions in the changed files."""

    def position(match: re.Match[str]) -> str:
        kind, rel, needle = match.group(1), match.group(2) or REGISTER, match.group(3)
        text = files[rel].decode("utf-8", errors="replace").removeprefix("\ufeff").replace("\r\n", "\n")
        offset = text.find(needle)
        assert offset >= 0, f"placeholder text {needle!r} not in {rel}"
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        return f"{line}:{column}" if kind == "pos" else str(line)

    return _PLACEHOLDER.sub(position, pattern)


def _project_digest(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != ".briefing.lock"}


@pytest.fixture(scope="module")
def built_digest(built_project: Path) -> dict[str, bytes]:
    return site_digest(built_project / "site")


@pytest.mark.slow
@pytest.mark.parametrize("name,case,folder", ALL_CASES, ids=[c[0] for c in ALL_CASES])
def test_bad_input(name, case, folder, built_project, built_digest, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(built_project, root, symlinks=True)
    files = apply_case(root, case, folder)
    expect = case["expect"]
    before = _project_digest(root)

    result = run_briefing("build", *case.get("args", []), cwd=root)
    output = result.text

    assert "Traceback" not in output, output
    assert result.code == expect["exit"], f"{case['about']}\nexit {result.code}\n{output}"
    pattern = expand(expect["message"], files)
    assert re.search(pattern, output, re.M), f"{case['about']}\nmessage /{pattern}/ not in:\n{output}"
    if "hint" in expect:
        hint = expand(expect["hint"], files)
        assert hint in output, f"hint {hint!r} not in:\n{output}"
    for fragment in expect.get("output_absent", []):
        assert fragment not in output, f"{fragment!r} in:\n{output}"
    for rel in expect.get("absent_files", []):
        assert not (root / rel).exists(), rel

    site = root / "site"
    old_site_deleted(root)
    assert not [p for p in root.glob("*.*-*") if p.is_dir()], "scratch folders left behind"
    if result.code == 2:
        assert _project_digest(root) == before, "a refused command changed the project"
    elif result.code == 1:
        for line in result.err.splitlines():
            assert _PROBLEM_LINE.match(line) or _SUMMARY_LINE.match(line), f"unlocated problem: {line}"
        assert site_digest(site) == built_digest, "a failed build changed the published site"
    else:
        assert (site / "index.html").is_file()
        for rel, checks in (expect.get("pages") or {}).items():
            html = (site / rel).read_text("utf-8")
            text = " ".join(lxml.html.fromstring(html).text_content().split())
            for fragment in checks.get("html", []):
                assert fragment in html, f"{fragment!r} not in the HTML of {rel}"
            for fragment in checks.get("text", []):
                assert " ".join(fragment.split()) in text, f"{fragment!r} not in the text of {rel}"
            for fragment in checks.get("absent", []):
                assert fragment not in html, f"{fragment!r} in {rel}"
        if expect.get("html_absent"):
            for page in site.rglob("*.html"):
                html = page.read_text("utf-8")
                for fragment in expect["html_absent"]:
                    assert fragment not in html, f"{fragment!r} in {page.relative_to(site)}"


def test_catalogue_summary(capsys):
    """The catalogue is big enough and every case is well formed; prints cases per outcome."""
    assert len(ALL_CASES) >= 45
    counts: collections.Counter[int] = collections.Counter()
    for name, case, folder in ALL_CASES:
        assert set(case) <= {"about", "files", "args", "expect"}, name
        assert case.get("about"), name
        assert case.get("files") or case.get("args") or folder, name
        assert {"exit", "message"} <= set(case["expect"]), name
        re.compile(_PLACEHOLDER.sub("0", case["expect"]["message"]))
        counts[case["expect"]["exit"]] += 1
    table = "\n".join(f"  exit {code}: {count:3d} cases" for code, count in sorted(counts.items()))
    with capsys.disabled():
        print(f"\nbad-input catalogue: {len(ALL_CASES)} cases\n{table}")
