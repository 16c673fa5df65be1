"""The tool's part of every cache key: whatever turns the same input into other output.

That is the generator's own sources and templates, Python's version, and the version of
every installed distribution the generator's modules import, together with the
distributions those require (feedgen writes its XML with lxml, python-slugify
transliterates with text-unidecode): a new version of any of them may change a page, so
it makes the cache start again.

Which distributions those are is derived, not kept by hand: the imports of every module of
the package (read with ast), each mapped to the installed distribution that provides it,
then their requirements, recursively. Deriving costs about 0.1 s (parsing the modules,
reading the installed distributions' file lists), so the list of names is kept in a memo
file, valid while the sources and the installed distributions (the names of their
metadata folders, which carry the versions) stay the same. The versions themselves are
read anew every time.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
import sys
from importlib import metadata
from pathlib import Path

import generator
from generator.files import write_atomically

PACKAGE = Path(generator.__file__).parent
_REQUIREMENT_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def tool_key(salt: object, memo: Path | None = None) -> str:
    """The key of this generator: salt (the cache's format), its sources, Python, the distributions it imports."""
    files = sorted(p for p in PACKAGE.rglob("*") if p.is_file() and p.suffix in (".py", ".j2"))
    sources = {str(p.relative_to(PACKAGE)): p.read_bytes() for p in files}
    digests = [(name, _digest(data)) for name, data in sources.items()]
    names = _memoised(memo, repr(digests), lambda: imported_distributions(sources))
    versions = [(name, _version(name)) for name in names]
    return _digest(repr((salt, sys.version, digests, versions)).encode("utf-8"))


def imported_names(sources: dict[str, bytes]) -> set[str]:
    """The top-level names the modules import, less the standard library and the package itself."""
    names: set[str] = set()
    for name, text in sources.items():
        if not name.endswith(".py"):
            continue
        for node in ast.walk(ast.parse(text, name)):
            if isinstance(node, ast.Import):
                names |= {alias.name.partition(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.partition(".")[0])
    return names - set(sys.stdlib_module_names) - {PACKAGE.name}


def imported_distributions(sources: dict[str, bytes]) -> list[str]:
    """The installed distributions that provide what the sources import, and those they require: normalised names."""
    wanted = imported_names(sources)
    found: set[str] = set()
    for dist in metadata.distributions():
        provided = _top_level(dist) & wanted
        if provided:
            found.add(_normalised(dist.metadata["Name"]))
            wanted -= provided
            if not wanted:
                break
    return sorted(_with_requirements(found))


def _top_level(dist: metadata.Distribution) -> set[str]:
    """The names a distribution can be imported by: as it declares them, else as its file list shows."""
    declared = dist.read_text("top_level.txt")
    if declared is not None:
        return set(declared.split())
    record = dist.read_text("RECORD") or ""
    return {re.split(r"[/,]", line, maxsplit=1)[0].removesuffix(".py") for line in record.splitlines()}


def _with_requirements(names: set[str]) -> set[str]:
    """names and every installed distribution they require, recursively (optional extras left out)."""
    done: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in done:
            continue
        try:
            requirements = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        done.add(name)
        todo += [_normalised(m.group(1)) for r in requirements
                 if "extra ==" not in r and (m := _REQUIREMENT_NAME.match(r))]
    return done


def _normalised(name: str) -> str:
    """A distribution's name as packaging compares them: 'Ruamel_YAML' -> 'ruamel-yaml'."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def installed() -> list[str]:
    """The metadata folders of every installed distribution on the path ('snowballstemmer-3.1.1.dist-info', ...)."""
    found = []
    for entry in sys.path:
        try:
            found += sorted(p.name for p in Path(entry or ".").iterdir() if p.suffix in (".dist-info", ".egg-info"))
        except OSError:
            continue
    return found


def _memoised(memo: Path | None, sources: str, derive) -> list[str]:
    """derive(), or the names it gave for the same sources and installed distributions; memo: a JSON file."""
    key = _digest(repr((sources, installed())).encode("utf-8"))
    if memo is not None:
        try:
            kept = json.loads(memo.read_bytes()) if memo.is_file() else {}
            if kept.get("key") == key and isinstance(kept.get("distributions"), list):
                return [str(name) for name in kept["distributions"]]
        except (OSError, ValueError, AttributeError):
            pass
    names = derive()
    if memo is not None:
        try:
            memo.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            write_atomically(memo, json.dumps({"key": key, "distributions": names}).encode("utf-8"), durable=False)
        except OSError:
            pass  # only slower next time
    return names
