"""Zensical, the successor of Material for MkDocs, as an alternative site engine.

It reads mkdocs.yml but has no option for the output folder, so it is given a small config
beside mkdocs.yml that inherits everything (`INHERIT`) and sets only `site_dir`. That config
must lie in the same folder, because Zensical resolves docs_dir, custom_dir and site_dir
against the folder of the config it is given, and refuses a site_dir outside that folder.
It runs as a subprocess, like MkDocs, so it stays an optional install.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

# Zensical colours its messages whatever NO_COLOR says
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def zensical_config(config_name: str, out_dir: Path) -> str:
    """The config text: all of config_name, with the site written to out_dir."""
    return yaml.safe_dump({"INHERIT": config_name, "site_dir": str(out_dir)}, sort_keys=False)


def clean_output(text: str) -> str:
    """Messages without colour codes and without the Python traceback Zensical prints when --strict aborts."""
    lines, skipping = [], False
    for line in _ANSI.sub("", text).splitlines():
        if line.startswith("Traceback (most recent call last):"):
            skipping = True
            continue
        if skipping and (line.startswith(" ") or not line.strip()):
            continue
        skipping = False
        lines.append(line)
    return "\n".join(lines).strip()


def run_zensical(project_root: Path, config: Path, out_dir: Path, timeout: float) -> tuple[bool, str]:
    """Build the site of config (an mkdocs.yml) with `zensical build --strict` into out_dir.

    out_dir is emptied first by Zensical and must lie inside the config's folder. Returns
    (ok, messages). Zensical keeps a cache in .cache/ beside the config (it ignores itself in git).
    """
    config, out_dir = config.resolve(), out_dir.resolve()
    if not out_dir.is_relative_to(config.parent) or out_dir == config.parent:
        return False, f"zensical writes the site only inside {config.parent}; {out_dir} is not"
    handle, name = tempfile.mkstemp(prefix=".zensical-", suffix=".yml", dir=config.parent)
    inherit = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(zensical_config(config.name, out_dir))
        command = [sys.executable, "-m", "zensical", "build", "--strict", "--clean", "-f", str(inherit)]
        try:
            proc = subprocess.run(command, cwd=project_root, capture_output=True, text=True, timeout=timeout,
                                  stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            return False, f"zensical did not finish within {timeout:g} s"
        return proc.returncode == 0, clean_output(proc.stdout + proc.stderr)
    finally:
        inherit.unlink(missing_ok=True)
