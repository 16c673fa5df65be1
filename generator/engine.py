"""The site engine: MkDocs, run as a subprocess, builds the site into a given folder.

The generator never imports MkDocs: the engine runs as a subprocess, so another engine
that reads mkdocs.yml can take its place. Publishing the folder is publish.py's job.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# MkDocs 1.6 is the last 1.x release; Material prints an end-of-life banner about
# MkDocs 2 unless this is set. The banner is noise in CI logs, not a problem with the site.
ENGINE_ENV = {"NO_MKDOCS_2_WARNING": "1"}

# A build of the sample project takes seconds; a MkDocs that runs this long is stuck
# (a plugin waiting on the network, a FIFO among the docs), and CI must not hang on it.
ENGINE_TIMEOUT_SECONDS = 600


@dataclass(frozen=True)
class EngineResult:
    ok: bool
    output: str


def run_engine(project: Path, config: Path, out_dir: Path) -> EngineResult:
    """Build the site with MkDocs --strict into out_dir."""
    env = {**os.environ, **ENGINE_ENV}
    # no -q: MkDocs counts warnings for --strict only when they are logged
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
               "-f", str(config), "-d", str(out_dir)]
    try:
        proc = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, timeout=ENGINE_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        return EngineResult(False, f"MkDocs did not finish within {ENGINE_TIMEOUT_SECONDS} seconds and was stopped")
    lines = (proc.stdout + proc.stderr).splitlines()
    return EngineResult(proc.returncode == 0, "\n".join(l for l in lines if not l.startswith("INFO")).strip())
