"""The publishing workflow (.github/workflows/publish.yml): linted by actionlint, and its own
`run:` steps run here in order, in a copy of the project, as the runner would run them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import lxml.etree
import pytest
import yaml

from helpers import ROOT, built_digest

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
FAKE_SITE_URL = "https://example.org/briefing/"
INPUT_PATHS = {"seeds/**", "briefings/**", "mkdocs.yml", "generator/**", "pyproject.toml", "overrides/**"}
# What the runner would put in place of each expression the run steps use, by event (a push,
# with Pages configured; a pull request, which skips the Pages step). An expression missing
# here fails the test instead of being guessed.
EXPRESSIONS = {"push": {"steps.pages.outputs.base_url": FAKE_SITE_URL},
               "pull_request": {"steps.pages.outputs.base_url": ""}}
# The conditions run steps may have, and whether each holds for an event. Another fails the test.
CONDITIONS = {"github.event_name == 'pull_request'": lambda event: event == "pull_request"}
# The run steps each event runs, in order.
RUN_STEPS = {"push": ["pip install .", "briefing check --format github", "briefing build"],
             "pull_request": ["pip install .", "briefing check --format github", "briefing build",
                              "briefing build --desk"]}
BIN = Path(sys.executable).parent  # actionlint and shellcheck come with the test extra, into this venv


def _workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text("utf-8"))


def _triggers(workflow: dict) -> dict:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` key as true


def _tool(name: str) -> str:
    path = shutil.which(name, path=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    assert path, f"{name} not found: install the test extra (pip install -e '.[test]')"
    return path


def _actionlint(workflow: Path, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run([_tool("actionlint"), "-no-color", "-oneline", "-verbose", str(workflow)],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


# --- static checks ------------------------------------------------------------------------


def test_actionlint_finds_nothing():
    _tool("shellcheck")  # without it actionlint silently skips the run: scripts
    result = _actionlint(WORKFLOW, ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'Rule "shellcheck" was disabled' not in result.stderr, result.stderr


def test_actionlint_catches_mistakes(tmp_path: Path):
    """The linter really reads this workflow: a typo in a step id, a job name and a shell line are reported."""
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    text = WORKFLOW.read_text("utf-8")
    broken = (text.replace("steps.pages.outputs.base_url", "steps.page.outputs.base_url")
                  .replace("needs: build", "needs: biuld")
                  .replace("run: briefing build", "run: briefing build $SITE_URL"))
    assert broken.count("\n") == text.count("\n") and broken != text
    (folder / "publish.yml").write_text(broken, "utf-8")
    result = _actionlint(folder / "publish.yml", tmp_path)
    assert result.returncode == 1
    assert 'property "page" is not defined' in result.stdout and 'needs job "biuld"' in result.stdout, result.stdout
    assert "SC2086" in result.stdout, result.stdout


def test_triggers_permissions_and_deployment():
    workflow = _workflow()
    on = _triggers(workflow)
    assert on["push"]["branches"] == ["main"]
    assert INPUT_PATHS <= set(on["push"]["paths"]) and set(on["pull_request"]["paths"]) == set(on["push"]["paths"])
    assert "workflow_dispatch" in on
    assert workflow["permissions"] == {"contents": "read"}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    uses = {s["uses"].split("@")[0]: s for s in build["steps"] if "uses" in s}
    assert uses["actions/setup-python"]["with"] == {"python-version": "3.11", "cache": "pip",
                                                      "cache-dependency-path": "pyproject.toml"}
    publish_only = "github.event_name != 'pull_request'"
    assert uses["actions/configure-pages"]["if"] == uses["actions/upload-pages-artifact"]["if"] == publish_only
    assert uses["actions/upload-pages-artifact"]["with"]["path"] == "site"
    artifacts = [s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert {s["with"]["name"]: s["with"]["path"] for s in artifacts} == {"site": "site", "desk": "desk-site"}
    assert all(s["if"] == "github.event_name == 'pull_request'" for s in artifacts)  # the desk is never deployed
    assert deploy["if"] == publish_only and deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages" and deploy["concurrency"]["group"] == "pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


# --- the run steps, for real --------------------------------------------------------------


def _expand(text: str, event: str) -> str:
    def value(match: re.Match) -> str:
        expression = match.group(1)
        if expression not in EXPRESSIONS[event]:
            pytest.fail(f"the workflow uses ${{{{ {expression} }}}}; say in EXPRESSIONS what the runner would give")
        return EXPRESSIONS[event][expression]
    return re.sub(r"\$\{\{\s*(.*?)\s*\}\}", value, text)


def _copy_repository(dest: Path) -> Path:
    """The files a checkout would have: tracked ones, plus new ones not yet committed (not ignored ones)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, text=True, check=True).stdout.split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    return dest


def _runner_venv(dest: Path) -> Path:
    """A fresh venv standing in for the runner's Python, so that `pip install .` installs the project
    for real (not editable, package data included) without touching this test's own venv.

    Offline: the project's dependencies are already in this venv, so a .pth line makes them visible
    there, pip may not use an index, and the build runs without isolation (an isolated build would
    fetch setuptools and wheel from the index; this venv has them from the test extra).
    """
    subprocess.run([sys.executable, "-m", "venv", str(dest)], check=True, capture_output=True, timeout=300)
    site_packages = Path(subprocess.run([dest / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                        check=True, capture_output=True, text=True).stdout.strip())
    (site_packages / "test-venv-packages.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", "utf-8")
    return dest


def _run_steps(job: dict, event: str) -> list[tuple[str, dict[str, str]]]:
    """The job's run: steps that the event runs, in order, each with the environment the workflow gives it."""
    steps = []
    for step in job["steps"]:
        if "run" not in step:
            continue  # uses: steps are the runner's business (checkout, Python, Pages, artifacts)
        if "if" in step:
            assert step["if"] in CONDITIONS, f"run step {step['run']!r}: say in CONDITIONS when {step['if']!r} holds"
            if not CONDITIONS[step["if"]](event):
                continue
        assert step.get("shell", "bash") == "bash" and "working-directory" not in step, step
        env = {name: _expand(str(value), event) for scope in (job.get("env"), step.get("env")) if scope
               for name, value in scope.items()}
        steps.append((_expand(step["run"], event), env))
    return steps


def _runner_env(workflow: dict, venv: Path) -> dict[str, str]:
    base = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV", "SITE_URL")}
    base.update({**(workflow.get("env") or {}), "CI": "true", "GITHUB_ACTIONS": "true",
                 "PATH": f"{venv / 'bin'}{os.pathsep}{base.get('PATH', '')}", "VIRTUAL_ENV": str(venv),
                 "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1",
                 "PIP_NO_BUILD_ISOLATION": "0"})  # pip reads "0" here as --no-build-isolation
    return base


def _run_job(steps: list[tuple[str, dict[str, str]]], project: Path, venv: Path, base: dict[str, str],
             scripts: Path) -> dict[str, str]:
    """Run the steps in the checkout as the runner would; each step's output, by its command."""
    outputs = {}
    for number, (run, env) in enumerate(steps, 1):
        script = scripts / f"step-{number}.sh"
        script.write_text(run + "\n", "utf-8")
        # the runner's default for run: steps on Linux is `bash -e {0}`
        result = subprocess.run(["bash", "-e", str(script)], cwd=project, env={**base, **env},
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, f"step {number} `{run}` exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
        if run == "pip install .":
            assert (venv / "bin" / "briefing").is_file(), "pip install . did not install the briefing command"
        if run.startswith("briefing check"):
            # warnings (e.g. an article without an outlet) come as ::warning annotations; no ::error
            assert "::error" not in result.stdout and "\nok: " in "\n" + result.stdout, result.stdout
        outputs[run] = result.stdout
    return outputs


@pytest.mark.slow
@pytest.mark.parametrize("event", ["push", "pull_request"])
def test_build_job_run_steps_succeed_in_a_copy_of_the_project(tmp_path: Path, event: str):
    workflow = _workflow()
    steps = _run_steps(workflow["jobs"]["build"], event)
    commands = [run for run, _ in steps]
    assert commands == RUN_STEPS[event], commands
    project = _copy_repository(tmp_path / "checkout")
    venv = _runner_venv(tmp_path / "runner-python")
    _run_job(steps, project, venv, _runner_env(workflow, venv), tmp_path)
    site = project / "site"
    assert (site / "index.html").is_file() and (site / "api" / "briefing.json").is_file()
    # the installed package, not the source tree, built the site: templates came with it
    installed = list((venv / "lib").glob("python*/site-packages/generator/templates/*.j2"))
    assert installed, "the installed package has no templates"
    locs = [e.text for e in lxml.etree.parse(str(site / "sitemap.xml")).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    if event == "push":
        assert FAKE_SITE_URL in locs and all(l.startswith(FAKE_SITE_URL) for l in locs), locs
        assert not (project / "desk-site").exists()  # the desk is built for pull requests only
    else:  # no address: links stay relative; the desk beside the site, and none of it in the site
        assert not any(FAKE_SITE_URL in l for l in locs), locs
        assert "editors' desk" in (project / "desk-site" / "index.html").read_text("utf-8")
        assert not (site / "review").exists()


# --- two pushes: the second builds on what the first left ---------------------------------

CACHED = {"site", ".briefing_cache", "~/.cache/briefing"}  # what actions/cache keeps between runs


def _restore(previous: Path, checkout: Path) -> None:
    """What actions/cache puts back into a fresh checkout: the folders as they were, files' times kept
    (~/.cache/briefing, the signing key, is the session's own folder here and stays where it is)."""
    for name in CACHED - {"~/.cache/briefing"}:
        shutil.copytree(previous / name, checkout / name, symlinks=True)


@pytest.mark.slow
def test_a_second_push_with_one_more_article_builds_incrementally_and_equals_a_clean_build(tmp_path: Path):
    workflow = _workflow()
    cache = [s for s in workflow["jobs"]["build"]["steps"] if s.get("uses", "").startswith("actions/cache@")]
    assert len(cache) == 1 and set(cache[0]["with"]["path"].split()) == CACHED, cache
    assert "github.ref_name" in cache[0]["with"]["key"] and "hashFiles('generator/**'" in cache[0]["with"]["key"]
    steps = _run_steps(workflow["jobs"]["build"], "push")
    venv = _runner_venv(tmp_path / "runner-python")
    base = _runner_env(workflow, venv)
    first = _copy_repository(tmp_path / "first")
    _run_job(steps, first, venv, base, tmp_path)
    article = "---\ntitle: Envoys meet again\ndate: 2025-11-27\noutlet: Wire\n---\nThe army cap and Donbas were discussed.\n"
    second = _copy_repository(tmp_path / "second")
    (second / "seeds" / "2025-11-27_wire.md").write_text(article, "utf-8")
    _restore(first, second)
    out = _run_job(steps, second, venv, base, tmp_path)["briefing build"]
    assert "rendered only what changed" in out, out
    clean = _copy_repository(tmp_path / "clean")
    (clean / "seeds" / "2025-11-27_wire.md").write_text(article, "utf-8")
    out = _run_job(steps, clean, venv, base, tmp_path)["briefing build"]
    assert "rendered only what changed" not in out, out
    assert (second / "site" / "articles" / "2025-11-27_wire" / "index.html").is_file()
    assert built_digest(second / "site") == built_digest(clean / "site")
