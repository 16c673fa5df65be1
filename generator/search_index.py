"""The readers' search index: Pagefind run on the site the engine built, before it is published.

Pagefind (the `pagefind[bin]` package: a binary in the wheel, no network) reads the built
HTML and writes a chunked index into the site's `pagefind/` folder, with the script the
header's search box loads (assets/search.js); a query fetches only the chunks its words
need. It reads the engine's output, so it works the same after MkDocs or Zensical.

The build runs it on the scratch folder, after the engine and before the atomic swap:
a failed or stopped index leaves the previous site published (SearchIndexError, exit 1).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from generator.errors import EngineError

BUNDLE_DIR = "pagefind"  # the index and Pagefind's scripts, inside the site
# Indexing 1,000 articles takes seconds; ten minutes means a hung process, and CI must not hang on it.
SEARCH_TIMEOUT_SECONDS = 600
# One index for the whole site, in English (the site's language): an article in Russian or Ukrainian
# is found from any page, by its words as written. Split by language, a reader searching from an
# English page would never see the Cyrillic articles.
INDEX_LANGUAGE = "en"
# Page furniture, not text: heading permalinks, paragraph numbers, the labels after quotes.
NOT_INDEXED = (".headerlink", ".bf-para__num", ".bf-quote__label")
INSTALL_HINT = "install it with pip install -e . (it needs the pagefind[bin] package)"
# Pagefind also writes its own ready-made search interfaces; the site uses its own box (assets/search.js)
UNUSED_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
                "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")


@dataclass(frozen=True)
class IndexResult:
    """What one Pagefind run did: ok or not, its output (for the error message), pages indexed, seconds."""

    ok: bool
    output: str
    pages: int = 0
    seconds: float = 0.0


class SearchIndexError(EngineError):
    """Pagefind could not index the built site; nothing was published."""


def pagefind_binary() -> Path | None:
    """The Pagefind executable: the one the pagefind-bin wheel ships, else one on PATH."""
    try:
        from pagefind_bin import get_executable  # the wheel's own lookup
    except ImportError:
        found = shutil.which("pagefind")
        return Path(found) if found else None
    try:
        return get_executable()
    except FileNotFoundError:
        return None


def command(binary: Path, site: Path) -> list[str]:
    """The Pagefind command line for a built site folder."""
    return [str(binary), "--site", str(site), "--output-subdir", BUNDLE_DIR, "--force-language", INDEX_LANGUAGE,
            "--exclude-selectors", ", ".join(NOT_INDEXED)]


_PAGES = re.compile(r"Indexed (\d+) pages?")
_COLOUR = re.compile(r"\x1b\[[0-9;]*m")


def run_pagefind(site: Path, timeout: float = SEARCH_TIMEOUT_SECONDS, binary: Path | None = None) -> IndexResult:
    """Index the built site in `site` (writing site/pagefind/)."""
    binary = binary or pagefind_binary()
    if binary is None:
        return IndexResult(False, f"Pagefind is not installed ({INSTALL_HINT})")
    started = time.monotonic()
    try:
        proc = subprocess.run(command(binary, site), capture_output=True, text=True, stdin=subprocess.DEVNULL,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return IndexResult(False, f"Pagefind did not finish within {timeout:g} seconds and was stopped")
    except OSError as exc:
        return IndexResult(False, f"Pagefind could not be started: {exc.strerror or exc} ({binary})")
    seconds = time.monotonic() - started
    output = _COLOUR.sub("", proc.stdout + proc.stderr).strip()
    pages = int(match.group(1)) if (match := _PAGES.search(output)) else 0
    if proc.returncode != 0:
        return IndexResult(False, f"Pagefind failed (exit status {proc.returncode}):\n{_tail(output)}", pages, seconds)
    if pages == 0:
        return IndexResult(False, f"Pagefind found no page to index\n{_tail(output)}",
                           pages, seconds)
    for name in UNUSED_FILES:
        (site / BUNDLE_DIR / name).unlink(missing_ok=True)
    return IndexResult(True, output, pages, seconds)


def _tail(output: str, lines: int = 20) -> str:
    """The end of Pagefind's output, where it says what went wrong."""
    return "\n".join(output.splitlines()[-lines:])


def index_site(site: Path, display: str, timeout: float = SEARCH_TIMEOUT_SECONDS) -> IndexResult:
    """Index a built site folder for the readers' search; SearchIndexError (located at display) if that fails."""
    result = run_pagefind(site, timeout)
    if not result.ok:
        first, _, rest = result.output.partition("\n")
        raise SearchIndexError(f"{display}:0:0: search index: {first}; the previous site is unchanged"
                               + (f"\n{rest}" if rest else ""))
    return result
