"""What the browser tests share: Debian's Chromium for Playwright, built sites served on
127.0.0.1, every other host blocked and recorded, the palette switch, and axe-core.

Test modules import the fixtures they use from here (pytest finds fixtures by name in the
module that uses them)."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from helpers import ROOT

CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
INSTALL_HINT = "run `bash .ci/install-browser` first (it installs Debian's chromium and axe-core)"

# Flags that keep Chromium from phoning home: on a closed network its background
# connections fail noisily, and a test of "nothing leaves 127.0.0.1" must not see them.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--metrics-recording-only",
]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature fixed by the base class
        pass


class ServedSite:
    """A built site served over HTTP on 127.0.0.1, on a free port."""

    def __init__(self, root: Path) -> None:
        self.root = root
        handler = functools.partial(QuietHandler, directory=str(root))
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.origin = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def url(self, path: str = "") -> str:
        return f"{self.origin}/{path}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: {INSTALL_HINT}", pytrace=False)
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def axe_source() -> Path:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: {INSTALL_HINT}", pytrace=False)
    return AXE


@pytest.fixture(scope="session")
def site(built_project: Path) -> Iterator[ServedSite]:
    """The default project's site."""
    served = ServedSite(built_project / "site")
    yield served
    served.close()


class Network:
    """Requests the page tried to make: allowed ones (to 127.0.0.1) and blocked ones (anywhere else)."""

    def __init__(self) -> None:
        self.blocked: list[str] = []
        self.failed: list[str] = []
        self.loaded: list[str] = []


@pytest.fixture
def network(context) -> Network:
    """Block every request that does not go to 127.0.0.1, and record what was asked for."""
    record = Network()

    def route(route, request):
        if urlsplit(request.url).hostname == "127.0.0.1":
            record.loaded.append(request.url)
            route.continue_()
        else:
            record.blocked.append(request.url)
            route.abort("internetdisconnected")

    context.route("**/*", route)
    context.on("requestfailed", lambda request: record.failed.append(f"{request.url}: {request.failure}"))
    return record


# a phone-sized context for the tests marked with it (pytest-playwright's marker)
PHONE = pytest.mark.browser_context_args(viewport={"width": 375, "height": 740}, device_scale_factor=2,
                                         is_mobile=True, has_touch=True)


def switch_scheme(page, to: str) -> None:
    """Click the header's palette toggle until the page uses scheme `to` (default/slate)."""
    body = page.locator("body")
    if body.get_attribute("data-md-color-scheme") != to:
        page.locator("form[data-md-component='palette'] label.md-header__button:visible").click()
    page.wait_for_function(f"document.body.dataset.mdColorScheme === '{to}'")


def axe_violations(page, axe_source: Path) -> list[str]:
    page.add_script_tag(path=str(axe_source))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


def search_results(page, query: str, timeout: float = 15_000, typed: bool = True) -> list[str]:
    """Open the header's search by its shortcut, type query as a reader would (or, typed=False, paste it
    at once: for tests that run many queries), and return the links of the results shown (each result's
    main link, in order)."""
    box = page.locator("[data-bf-search] input[type=search]")
    if not box.evaluate("el => el === document.activeElement"):
        page.locator("body").press("/")
    box.fill("")
    if typed:
        box.press_sequentially(query, delay=15)
    else:
        box.fill(query)
    page.wait_for_function(
        "(q) => document.querySelector('[data-bf-status]').textContent.includes('“' + q + '”')",
        arg=query.strip(), timeout=timeout)
    links = page.locator("[data-bf-results] > li > a")
    return [links.nth(i).get_attribute("href") for i in range(links.count())]


# A JavaScript function clipped(el) for page.evaluate: the class (or tag) of the nearest ancestor whose
# overflow clips el sideways, or null.
CLIPPED_JS = """
  const clipped = (el) => {
    const r = el.getBoundingClientRect();
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
      const b = a.getBoundingClientRect();
      if (r.left < b.left - 1 || r.right > b.right + 1) return a.className || a.tagName;
    }
    return null;
  };
"""
