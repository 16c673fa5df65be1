"""The scheduled fetch (.github/workflows/scheduled-fetch.yml): linted by actionlint, and its `run:` steps run here in order
with a feed on 127.0.0.1, a bare repository as origin, and a stand-in for the `gh` command line (GitHub's API is
not reachable from the tests: the stand-in records what it is asked and answers that no pull request is open)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import yaml

from helpers import ROOT
from intake_support import PAGE, html, web_server
from test_workflow import _actionlint, _copy_repository, _runner_venv, _tool

WORKFLOW = ROOT / ".github" / "workflows" / "scheduled-fetch.yml"
CHANGED = "steps.fetch.outputs.changed == 'true'"
GH = """#!/bin/sh
echo "$*" >> "$GH_LOG"
case "$1 $2" in "pr list") echo "${GH_OPEN:-0}";; esac
"""


def _workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text("utf-8"))


def test_actionlint_finds_nothing_in_the_fetch_workflow():
    _tool("shellcheck")
    result = _actionlint(WORKFLOW, ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_hourly_and_by_hand_with_the_default_token_only():
    workflow = _workflow()
    on = workflow.get("on", workflow.get(True))
    assert [s["cron"] for s in on["schedule"]] == ["17 * * * *"] and "workflow_dispatch" in on
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["fetch"]["permissions"] == {"contents": "write", "pull-requests": "write"}
    text = WORKFLOW.read_text("utf-8")
    assert "secrets." not in text and "${{ github.token }}" in text


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


def _checkout(tmp_path: Path, feed: str) -> tuple[Path, Path]:
    """A copy of the project listing the feed, committed on main and pushed to a bare origin, as checkout leaves it."""
    project = _copy_repository(tmp_path / "checkout")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + f"\nextra:\n  feeds:\n    - {feed}\n", "utf-8")
    origin = tmp_path / "origin.git"
    _git("init", "-q", "--bare", "-b", "main", str(origin), cwd=tmp_path)
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"],
                 ["remote", "add", "origin", str(origin)], ["push", "-q", "origin", "main"]):
        _git(*args, cwd=project)
    return project, origin


def _run_job(project: Path, tmp_path: Path, env: dict[str, str]) -> list[str]:
    """Run the job's run: steps as the runner would (bash -e, GITHUB_OUTPUT, step conditions); the commands run."""
    job = _workflow()["jobs"]["fetch"]
    output = tmp_path / "github-output"
    output.write_text("", "utf-8")
    ran = []
    for number, step in enumerate(s for s in job["steps"] if "run" in s):
        outputs = dict(line.split("=", 1) for line in output.read_text("utf-8").split("\n") if "=" in line)
        if "if" in step:
            assert step["if"] == CHANGED, step["if"]
            if outputs.get("changed") != "true":
                continue
        run = step["run"].replace("briefing fetch", "briefing fetch --allow-private")  # the feed is on 127.0.0.1
        step_env = {k: str(v).replace("${{ github.token }}", "token") for k, v in {**job["env"], **step.get("env", {})}.items()}
        script = tmp_path / f"step-{number}.sh"
        script.write_text(run + "\n", "utf-8")
        result = subprocess.run(["bash", "-e", str(script)], cwd=project, env={**env, **step_env, "GITHUB_OUTPUT": str(output)},
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, f"`{run}` exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
        ran.append(run.split("\n")[0])
    return ran


@pytest.mark.slow
def test_fetch_job_opens_one_pull_request_with_the_new_article_and_the_triage(tmp_path: Path):
    answers = {"/army": html(PAGE)}
    with web_server(answers) as (base, _):
        feed = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>World</title><link>{base}/</link>'
                f"<description>d</description><item><title>a</title><link>{base}/army</link></item></channel></rss>")
        answers["/feed.xml"] = (200, {"Content-Type": "application/rss+xml"}, feed.encode())  # now that its address is known
        project, origin = _checkout(tmp_path, f"{base}/feed.xml")
        venv, tools = _runner_venv(tmp_path / "runner-python"), tmp_path / "tools"
        tools.mkdir()
        (tools / "gh").write_text(GH, "utf-8")
        (tools / "gh").chmod(0o755)
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
        env.update({"PATH": f"{tools}{os.pathsep}{venv / 'bin'}{os.pathsep}{env['PATH']}", "VIRTUAL_ENV": str(venv),
                    "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_BUILD_ISOLATION": "0",
                    "GITHUB_REF_NAME": "main", "GH_LOG": str(tmp_path / "gh.log"), "CI": "true"})
        first = _run_job(project, tmp_path, env)
        assert len(first) == 5, first  # everything ran: the article is new
        pushed = _git("log", "--format=%s", "--name-only", "briefing/fetch", cwd=origin)
        assert "New articles from the feeds" in pushed and "seeds/2025-12-02_envoys-meet-again-on-the-army-ceiling.md" in pushed
        assert "fetched.txt" in pushed
        gh = (tmp_path / "gh.log").read_text("utf-8").split("\n")
        assert gh[1] == "pr create --base main --head briefing/fetch --title New articles from the feeds --body-file pr-body.md"
        body = (project / "pr-body.md").read_text("utf-8")
        assert "fetched 1 feed: 1 added" in body and "## Triage" in body and "army-cap" in body
        # the next hour: a fresh checkout of main continues the open pull request's branch and finds nothing new
        (tmp_path / "gh.log").unlink()
        again = tmp_path / "again"
        again.mkdir()
        _git("clone", "-q", str(origin), str(again / "checkout"), cwd=tmp_path)
        second = _run_job(again / "checkout", again, env)
        assert len(second) == 3, second  # no commit, no pull request
        assert "0 added" in (again / "checkout" / "fetch-summary.txt").read_text("utf-8")
        assert not (tmp_path / "gh.log").exists()
