"""Lighthouse scores of a built site: accessibility, best practices and SEO, on mobile and desktop.

    python scripts/lighthouse.py site/ "" points/army-cap/ --form-factor mobile desktop

Serves the site on 127.0.0.1 (a free port), runs the pinned npm `lighthouse` (npm ci) with
Debian's Chromium (CHROME_PATH, default /usr/bin/chromium) for every page and form factor,
prints a table of scores and every audit that lost points, and exits 1 unless every score
is 100. Chromium resolves no host but 127.0.0.1, so nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("accessibility", "best-practices", "seo")
FORM_FACTORS = ("mobile", "desktop")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --host-resolver-rules='MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'"


@dataclass(frozen=True)
class Score:
    page: str
    form_factor: str
    scores: dict[str, int]
    lost: tuple[str, ...]  # audits that cost points: "category: audit id (title)"

    @property
    def perfect(self) -> bool:
        return all(v == 100 for v in self.scores.values())


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature fixed by the base class
        pass


def serve(site: Path) -> http.server.ThreadingHTTPServer:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def read_report(report: dict, page: str, form_factor: str) -> Score:
    """Scores (0-100) and the weighted audits that failed, from a Lighthouse JSON report."""
    scores, lost = {}, []
    for key in CATEGORIES:
        category = report["categories"][key]
        scores[key] = round((category["score"] or 0) * 100)
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                lost.append(f"{key}: {ref['id']} ({audit['title']})")
    return Score(page, form_factor, scores, tuple(lost))


def run_lighthouse(url: str, form_factor: str, out: Path) -> dict:
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"]
    if form_factor == "desktop":
        command.append("--preset=desktop")  # mobile is Lighthouse's default
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=180)
    if done.returncode != 0 or not out.exists():
        raise RuntimeError(f"lighthouse failed on {url} ({form_factor}): {done.stderr.strip()[-500:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def measure(site: Path, pages: list[str], form_factors: list[str]) -> list[Score]:
    server = serve(site)
    origin = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with tempfile.TemporaryDirectory() as scratch:
            return [
                read_report(run_lighthouse(origin + page, ff, Path(scratch) / f"{i}-{ff}.json"), page, ff)
                for i, page in enumerate(pages) for ff in form_factors
            ]
    finally:
        server.shutdown()
        server.server_close()


def table(results: list[Score]) -> str:
    head = ["page", "form factor", *CATEGORIES]
    rows = [[f"/{r.page}", r.form_factor, *(str(r.scores[c]) for c in CATEGORIES)] for r in results]
    widths = [max(len(row[i]) for row in [head, *rows]) for i in range(len(head))]
    line = lambda cells: "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"  # noqa: E731
    lines = [line(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)]
    lines += [f"  /{r.page} ({r.form_factor}) {lost}" for r in results for lost in r.lost]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the built site folder")
    parser.add_argument("pages", nargs="*", default=[""], help="paths under the site root ('' is the home page)")
    parser.add_argument("--form-factor", nargs="+", choices=FORM_FACTORS, default=list(FORM_FACTORS))
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        print(f"{LIGHTHOUSE} is missing: run `npm ci` (or bash .ci/install-browser)", file=sys.stderr)
        return 1
    if not (args.site / "index.html").is_file():
        print(f"{args.site}: no index.html here (build the site first)", file=sys.stderr)
        return 1
    try:
        results = measure(args.site, args.pages, args.form_factor)
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        print(error, file=sys.stderr)
        return 1
    print(table(results))
    return 0 if all(r.perfect for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
