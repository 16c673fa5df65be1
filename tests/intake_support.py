"""For the intake tests: a newsroom-style page, and a local web server on 127.0.0.1 that serves given answers."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Envoys meet again on the army ceiling | The Example Times</title>
<link rel="canonical" href="https://example.org/world/2025/12/02/envoys-army-ceiling">
<meta property="og:site_name" content="The Example Times"><meta property="og:title" content="Envoys meet again on the army ceiling">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"Envoys meet again on the army ceiling","datePublished":"2025-12-02T08:00:00Z",
"author":{"@type":"Person","name":"A. Reporter"},"publisher":{"@type":"Organization","name":"The Example Times"}}</script>
</head><body><div class="cookies"><p>We use cookies. Accept all to continue reading.</p><button>Accept</button></div>
<header><a href="/">The Example Times</a><nav><a href="/world">World</a> <a href="/sport">Sport</a></nav></header>
<main><article><h1>Envoys meet again on the army ceiling</h1><p class="byline">By A. Reporter</p>
<p>Negotiators met for a second day on Tuesday to discuss how large Ukraine's armed forces may be after a settlement, officials on both sides said.</p>
<p>The earlier draft set a ceiling of 600,000 troops; a higher number is now under discussion, according to two people familiar with the talks.</p>
<div class="ad">Advertisement</div>
<p>Neither delegation would say when a final text could be ready, and the question of territory in the east remains open.</p>
</article></main>
<aside><h2>Sign up for our newsletter</h2><p>Get the morning briefing in your inbox every day.</p></aside>
<section class="related"><h2>More stories</h2><p>Markets steady as investors weigh central bank signals.</p></section>
<footer><p>&copy; 2025 The Example Times. All rights reserved.</p></footer></body></html>
"""

PARAGRAPHS = [
    "Negotiators met for a second day on Tuesday to discuss how large Ukraine's armed forces may be after a "
    "settlement, officials on both sides said.",
    "The earlier draft set a ceiling of 600,000 troops; a higher number is now under discussion, according to two "
    "people familiar with the talks.",
    "Neither delegation would say when a final text could be ready, and the question of territory in the east "
    "remains open.",
]

CONSENT_WALL = """<!doctype html><html><head><title>Before you continue</title>
<meta property="og:site_name" content="The Example Times"></head><body><main><article>
<h1>Before you continue</h1><p>We and our partners use cookies to measure and improve the site.</p>
<p>Accept all to continue reading.</p><button>Accept all</button><button>Manage</button></article></main></body></html>
"""

Answer = tuple[int, dict[str, str], bytes]


@contextmanager
def web_server(answers: dict[str, Answer]) -> Iterator[tuple[str, list[dict[str, str]]]]:
    """Serve answers by path on 127.0.0.1 (a free port) for the duration; yields the base address and the
    headers of every request received."""
    seen: list[dict[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            seen.append(dict(self.headers))
            status, headers, body = answers.get(self.path, (404, {"Content-Type": "text/plain"}, b"not found"))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def html(body: str | bytes, status: int = 200, **headers: str) -> Answer:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return status, {"Content-Type": "text/html; charset=utf-8", **headers}, data
