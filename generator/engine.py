"""The site engines, MkDocs and Zensical: every engine command line, and running them.

The generator never imports an engine: each runs as a subprocess that reads mkdocs.yml,
so either can build the site and Zensical stays an optional install. A build runs with
the engine's timeout (ENGINE_TIMEOUT_SECONDS, the one place for them) and gives an
EngineResult, whichever engine ran; the preview's server runs until it is stopped.
Publishing the folder a build made is publish.py's job.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Mapping

import yaml

ENGINES = ("mkdocs", "zensical")
_NAMES = {"mkdocs": "MkDocs", "zensical": "Zensical"}

# A build of the sample project takes seconds; an engine that runs this long is stuck (a
# plugin waiting on the network, a FIFO among the docs), and CI must not hang on it.
# Zensical is young and gets more room.
ENGINE_TIMEOUT_SECONDS = {"mkdocs": 600, "zensical": 900}

# MkDocs 1.6 is the last 1.x release; Material prints an end-of-life banner about
# MkDocs 2 unless this is set. The banner is noise in CI logs, not a problem with the site.
ENGINE_ENV = {"NO_MKDOCS_2_WARNING": "1",
              # the engine runs with the project as its folder: without this, a `mkdocs/` folder
              # planted in a checkout would be imported in place of the installed MkDocs
              "PYTHONSAFEPATH": "1"}

# Zensical colours its messages whatever NO_COLOR says
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass(frozen=True)
class EngineResult:
    """How an engine's build ended: whether it succeeded, and its messages worth showing."""

    ok: bool
    output: str


def zensical_installed() -> bool:
    return importlib.util.find_spec("zensical") is not None


# --- the command lines ----------------------------------------------------------------------


def _python(module: str, *args: str) -> list[str]:
    return [sys.executable, "-m", module, *args]


def mkdocs_build_command(config: Path, out_dir: Path) -> list[str]:
    # no -q: MkDocs counts warnings for --strict only when they are logged
    return _python("mkdocs", "build", "--strict", "--clean", "-f", str(config), "-d", str(out_dir))


def mkdocs_dirty_command(config: Path, out_dir: Path) -> list[str]:
    """An incremental build into a copy of the last site: MkDocs renders only pages whose output is older than
    their source (generator.incremental decides which, by setting those times). --dirty itself logs a warning,
    so --strict would always stop it: the warnings are counted here instead (dirty_warnings)."""
    return _python("mkdocs", "build", "--no-strict", "--dirty", "-f", str(config), "-d", str(out_dir))


def mkdocs_serve_command(config: Path, host: str, port: int) -> list[str]:
    # no --strict: a warning must not stop a preview (`briefing build` stays strict)
    return _python("mkdocs", "serve", "-f", str(config), "-a", f"{host}:{port}", "--livereload", "--no-strict")


def zensical_build_command(inheriting_config: Path) -> list[str]:
    """Zensical has no option for the output folder: the config it is given names it (zensical_config)."""
    return _python("zensical", "build", "--strict", "--clean", "-f", str(inheriting_config))


# --- running them ---------------------------------------------------------------------------


def build_site(engine: str, project_root: Path, config: Path, out_dir: Path,
               env: Mapping[str, str] | None = None, dirty: bool = False) -> EngineResult:
    """Build the site of config (an mkdocs.yml) with the engine, strictly, into out_dir.

    env: the engine's environment (default: this process's), e.g. with SITE_URL as the
    generator checked it (site_address.engine_environment). dirty: MkDocs only, into a
    copy of the last site (mkdocs_dirty_command); any warning fails it as --strict would.
    """
    if engine == "zensical":
        return _zensical(project_root, config, out_dir, env)
    if dirty:
        result = _run(engine, mkdocs_dirty_command(config, out_dir), project_root, _without_info, env)
        output = dirty_warnings(result.output)
        return EngineResult(result.ok and not output, output or result.output)
    return _run(engine, mkdocs_build_command(config, out_dir), project_root, _without_info, env)


def serve_site(project_root: Path, config: Path, host: str, port: int,
               env: Mapping[str, str] | None = None) -> subprocess.Popen:
    """MkDocs serving the site with live reload on host:port, until the caller stops it."""
    return subprocess.Popen(mkdocs_serve_command(config, host, port), cwd=project_root,
                            env={**(os.environ if env is None else env), **ENGINE_ENV})


def _run(engine: str, command: list[str], cwd: Path, tidy: Callable[[str], str],
         env: Mapping[str, str] | None = None) -> EngineResult:
    timeout = ENGINE_TIMEOUT_SECONDS[engine]
    try:
        proc = subprocess.run(command, cwd=cwd, env={**(os.environ if env is None else env), **ENGINE_ENV},
                              capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, timeout=timeout)
    except subprocess.TimeoutExpired:
        return EngineResult(False, f"{_NAMES[engine]} did not finish within {timeout:g} seconds and was stopped")
    return EngineResult(proc.returncode == 0, tidy(proc.stdout + proc.stderr))


_DIRTY_WARNING = "A 'dirty' build is being performed"


def dirty_warnings(text: str) -> str:
    """MkDocs' messages of a --dirty build (INFO lines dropped) but its warning about --dirty itself."""
    return "\n".join(line for line in text.splitlines() if _DIRTY_WARNING not in line).strip()


def _without_info(text: str) -> str:
    """MkDocs' messages without its INFO lines: what is left is a warning or an error."""
    return "\n".join(line for line in text.splitlines() if not line.startswith("INFO")).strip()


# --- Zensical ---------------------------------------------------------------------------------
# It reads mkdocs.yml but has no option for the output folder, so it is given a small config
# beside mkdocs.yml that inherits everything (`INHERIT`) and sets only `site_dir`. That config
# must lie in the same folder, because Zensical resolves docs_dir, custom_dir and site_dir
# against the folder of the config it is given, and refuses a site_dir outside that folder.
# Zensical keeps a cache in .cache/ beside the config (it ignores itself in git).


def _zensical(project_root: Path, config: Path, out_dir: Path, env: Mapping[str, str] | None = None) -> EngineResult:
    """`zensical build --strict` into out_dir, which Zensical empties first and which must lie inside config's folder."""
    config, out_dir = config.resolve(), out_dir.resolve()
    if not out_dir.is_relative_to(config.parent) or out_dir == config.parent:
        return EngineResult(False, f"zensical writes the site only inside {config.parent}; {out_dir} is not")
    with _inheriting_config(config, out_dir) as inheriting:
        return _run("zensical", zensical_build_command(inheriting), project_root, clean_output, env)


def zensical_config(config_name: str, out_dir: Path) -> str:
    """The config text: all of config_name, with the site written to out_dir."""
    return yaml.safe_dump({"INHERIT": config_name, "site_dir": str(out_dir)}, sort_keys=False)


@contextmanager
def _inheriting_config(config: Path, out_dir: Path) -> Iterator[Path]:
    """A config beside config that inherits it and sends the site to out_dir; removed afterwards."""
    handle, name = tempfile.mkstemp(prefix=".zensical-", suffix=".yml", dir=config.parent)
    inheriting = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(zensical_config(config.name, out_dir))
        yield inheriting
    finally:
        inheriting.unlink(missing_ok=True)


def clean_output(text: str) -> str:
    """Zensical's messages without colour codes and without the Python traceback it prints when --strict aborts."""
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
