"""Helpers shared by the tests: the project's paths, a temporary copy of it, running the real command line."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = "000_1be865c73713f27a"


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


def copy_project(dest: Path) -> Path:
    """A copy of the project's inputs (config, register, hand-written pages, seeds) without built output."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "seeds", dest / "seeds")
    (dest / "briefings").mkdir()
    shutil.copy2(ROOT / "briefings" / "register.yml", dest / "briefings" / "register.yml")
    shutil.copy2(ROOT / "briefings" / "about.md", dest / "briefings" / "about.md")
    shutil.copytree(ROOT / "briefings" / "assets", dest / "briefings" / "assets")
    if (ROOT / "overrides").is_dir():
        shutil.copytree(ROOT / "overrides", dest / "overrides")
    return dest


CASES = ROOT / "tests" / "cases"


def overlay_project(dest: Path, case: str) -> Path:
    """A copy of the project whose register and seeds are those of tests/cases/projects/<case>/."""
    root = copy_project(dest)
    overlay = CASES / "projects" / case
    shutil.rmtree(root / "seeds")
    shutil.copytree(overlay / "seeds", root / "seeds")
    shutil.copy2(overlay / "briefings" / "register.yml", root / "briefings" / "register.yml")
    return root


def run_briefing(*args: str, cwd: Path, timeout: float = 300, env: dict[str, str] | None = None) -> Run:
    """Run `python -m generator ARGS` in cwd, as an editor or CI would (env: extra variables)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT), **(env or {})}
    proc = subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)
    return Run(proc.returncode, proc.stdout, proc.stderr)


def site_digest(site: Path) -> dict[str, bytes]:
    """Every file of a built site, by relative path, to compare sites byte for byte."""
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def built_digest(site: Path) -> dict[str, bytes]:
    """site_digest for comparing two builds of the same input: Pagefind's bundle (site/pagefind/) is
    not the same bytes from one run to the next (it numbers pages in the order its parallel
    indexing reaches them, and its file names are digests of that), so it counts only as
    there or not; every other file byte for byte."""
    files = {rel: data for rel, data in site_digest(site).items() if not rel.startswith("pagefind/")}
    files["pagefind/"] = b"indexed" if (site / "pagefind" / "bundles.json").is_file() else b""
    return files


def seeded_random(name: str) -> tuple[random.Random, int]:
    """A random generator and its seed: TEST_SEED from the environment, else a fresh one.

    Put the seed in every assertion message; TEST_SEED=<seed> replays a failure.
    """
    seed = int(os.environ.get("TEST_SEED") or random.SystemRandom().randrange(2**32))
    print(f"{name}: TEST_SEED={seed}")
    return random.Random(seed), seed


def old_site_deleted(root: Path, wait: float = 30) -> None:
    """Wait (at most `wait` seconds) until the child process a build starts to delete the old site
    (site.trash-*, beside the new one) is done: it outlives the build by a second or two."""
    deadline = time.monotonic() + wait
    while any(root.glob("site.trash-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
