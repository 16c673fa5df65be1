"""`briefing serve`: serves on 127.0.0.1, picks up register edits without a restart, survives bad input."""

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import lxml.html
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


class _Output:
    """Everything a process prints, collected by a thread (a pipe must be read as it fills)."""

    def __init__(self, proc: subprocess.Popen):
        self.lines: list[str] = []
        self.thread = threading.Thread(target=self._read, args=(proc,), daemon=True)
        self.thread.start()

    def _read(self, proc: subprocess.Popen) -> None:
        for line in proc.stdout:
            self.lines.append(line)

    @property
    def text(self) -> str:
        return "".join(self.lines)


def _serve(project) -> tuple[subprocess.Popen, _Output, int]:
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--port", str(port)], cwd=project, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return proc, _Output(proc), port


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_serve_starts_on_a_bad_register_and_recovers(project):
    register = project / "briefings" / "register.yml"
    good = register.read_text("utf-8")
    register.write_text(good.replace("title: Ukraine peace plan", "titel: Ukraine peace plan", 1), "utf-8")
    proc, output, port = _serve(project)
    try:
        home = f"http://127.0.0.1:{port}/"
        assert _wait_for(lambda: "briefing-problems" in _get(home)), f"no banner on the first page: {output.text}"
        assert "titel" in lxml.html.fromstring(_get(home)).find_class("briefing-problems")[0].text_content()
        register.write_text(good, "utf-8")
        point = f"http://127.0.0.1:{port}/points/nato-membership/"
        assert _wait_for(lambda: "Ukraine renouncing NATO membership" in _get(point), timeout=10), output.text
        assert "briefing-problems" not in _get(home) and proc.poll() is None
    finally:
        _stop(proc)


def test_serve_regenerates_on_register_change_and_survives_bad_input(project):
    proc, output, port = _serve(project)
    try:
        url = f"http://127.0.0.1:{port}/points/nato-membership/"
        assert _wait_for(lambda: "Ukraine renouncing NATO membership" in _get(url)), "serve did not come up"
        register = project / "briefings" / "register.yml"
        text = register.read_text("utf-8")
        register.write_text(text.replace("note: Ukraine still calls the request unacceptable.",
                                         "note: Kyiv repeats that the request is unacceptable."), "utf-8")
        assert _wait_for(lambda: "Kyiv repeats that the request" in _get(url), timeout=10), "edit not picked up"

        # a bad save: the preview stays up, with the problem (escaped) over the last good page
        bad = register.read_text("utf-8").replace("status: open", 'status: "<img src=x onerror=alert(1)>"', 1)
        register.write_text(bad, "utf-8")
        assert _wait_for(lambda: "briefing-problems" in _get(url), timeout=10), "no banner for the bad register"
        page = _get(url)
        shown = lxml.html.fromstring(page).find_class("briefing-problems")[0]
        assert "unknown status '<img src=x onerror=alert(1)>'" in shown.text_content()  # shown as text
        assert not shown.xpath(".//img") and "<img src=x" not in page
        assert "Kyiv repeats that the request" in page  # the last good version, under the banner
        assert proc.poll() is None, "serve died on a bad register"
        assert _wait_for(lambda: "unknown status '<img src=x onerror=alert(1)>'" in output.text, timeout=5), output.text

        # the next good save: the banner goes, the new text comes
        register.write_text(text.replace("note: Ukraine still calls the request unacceptable.",
                                         "note: Kyiv calls it unacceptable once more."), "utf-8")
        assert _wait_for(lambda: "once more" in _get(url) and "briefing-problems" not in _get(url), timeout=10), \
            "no recovery after the fix"
        assert proc.poll() is None
    finally:
        _stop(proc)
