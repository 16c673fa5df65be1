"""`briefing serve`: serves on 127.0.0.1 and picks up register edits without a restart."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from helpers import ROOT

pytestmark = pytest.mark.slow  # real builds


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def _wait_for(predicate, timeout: float = 40.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def test_serve_regenerates_on_register_change(project):
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--port", str(port)], cwd=project, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = f"http://127.0.0.1:{port}/points/nato-membership/"
        assert _wait_for(lambda: "Ukraine renouncing NATO membership" in _get(url)), "serve did not come up"
        register = project / "briefings" / "register.yml"
        text = register.read_text("utf-8")
        register.write_text(text.replace("note: Ukraine still calls the request unacceptable.",
                                         "note: Kyiv repeats that the request is unacceptable."), "utf-8")
        assert _wait_for(lambda: "Kyiv repeats that the request" in _get(url)), "edit not picked up"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
