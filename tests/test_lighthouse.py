"""Lighthouse (the pinned npm package, Debian's Chromium) scores the built site 100 for
accessibility, best practices and SEO, on mobile and desktop. Two pages keep it short; run
scripts/lighthouse.py on a built site for every page."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCRIPT = ROOT / "scripts" / "lighthouse.py"
# A point page, and the overview with the search's results open (which holds the overview itself); the how page
# and the other page kinds are scored by scripts/lighthouse.py and checked by axe in tests/test_reading_browser.py
PAGES = ["points/nato-membership/", "?q=NATO"]


def test_lighthouse_scores_100_on_mobile_and_desktop(built_project: Path):
    if not (ROOT / "node_modules" / ".bin" / "lighthouse").exists():
        pytest.fail("node_modules/.bin/lighthouse is missing: run `bash .ci/install-browser` first", pytrace=False)
    done = subprocess.run([sys.executable, str(SCRIPT), str(built_project / "site"), *PAGES],
                          capture_output=True, text=True, timeout=600)
    print(done.stdout)
    assert done.returncode == 0, done.stdout + done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("| /")]
    assert len(rows) == len(PAGES) * 2, done.stdout
