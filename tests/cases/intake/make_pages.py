"""Writes the intake fixtures: twenty newsroom-style pages (pages/*.html) and what each should yield (expected.json).

Run from this folder: python make_pages.py. Ten stories (articles.py), each in two of five layouts:
  jsonld     metadata in JSON-LD; cookie banner, navigation, advertisements between paragraphs, related stories
  opengraph  metadata in OpenGraph meta tags; newsletter box and "Read more" links inside the article, share buttons
  visible    no metadata in the markup: title, date and outlet only in the visible text; a comment thread
  comments   <time datetime> and og:site_name; comments, a "most read" list, a consent dialog
  divsoup    no <article> or <main>: nested divs; JSON-LD @graph; sponsored blocks, a live-coverage box
"""

from __future__ import annotations

import json
from datetime import date
from html import escape
from pathlib import Path

from articles import OUTLETS, STORIES

LAYOUTS = ["jsonld", "opengraph", "visible", "comments", "divsoup"]
HOSTS = ["example-times.test", "meridian.test", "ledger.test", "capitalwire.test", "courier.test"]
RELATED = ["Markets steady as investors weigh central bank signals", "Storm leaves thousands without power in the north",
           "City council approves new budget after long debate"]
COMMENTS = ["This is the first sensible proposal I have read in months, whatever people say.",
            "Nobody asked the people who actually live there what they want.", "Great reporting, thank you."]


def _body(story: dict, between: str = "", every: int = 2) -> str:
    out = []
    for n, text in enumerate(story["paragraphs"], 1):
        if text.startswith("## "):
            out.append(f"<h2>{escape(text[3:])}</h2>")
        else:
            out.append(f"<p>{escape(text)}</p>")
        if between and n % every == 0 and n < len(story["paragraphs"]):
            out.append(between)
    return "\n".join(out)


def _long_date(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d.day} {d.strftime('%B')} {d.year}"


def jsonld(story: dict, outlet: str, url: str) -> str:
    meta = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": story["title"],
            "datePublished": f"{story['date']}T08:00:00Z", "author": {"@type": "Person", "name": story["author"]},
            "publisher": {"@type": "Organization", "name": outlet}, "mainEntityOfPage": url}
    related = "".join(f"<li><a href='/r{n}'>{escape(t)}</a><p>{escape(t)}: the latest.</p></li>" for n, t in enumerate(RELATED))
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(story['title'])} | {outlet}</title>
<link rel="canonical" href="{url}"><script type="application/ld+json">{json.dumps(meta)}</script></head><body>
<div class="cookie-banner"><p>We use cookies to improve your experience. Accept all to continue reading.</p><button>Accept all</button></div>
<header><a class="logo" href="/">{outlet}</a><nav><ul><li><a href="/world">World</a></li><li><a href="/politics">Politics</a></li>
<li><a href="/business">Business</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<main><article><h1>{escape(story['title'])}</h1><p class="byline">By {story['author']}</p>
{_body(story, '<div class="ad"><span>Advertisement</span></div>')}
</article>
<section class="related"><h2>Related stories</h2><ul>{related}</ul></section></main>
<footer><p>&copy; 2025 {outlet}. All rights reserved.</p><p><a href="/privacy">Privacy</a> <a href="/terms">Terms</a></p></footer>
</body></html>"""


def opengraph(story: dict, outlet: str, url: str) -> str:
    newsletter = ('<div class="newsletter"><h3>Get the morning email</h3><p>Sign up for our newsletter and get the day\'s '
                  'top stories in your inbox every morning.</p><form><input type="email"><button>Sign up</button></form></div>')
    more = f'<p class="read-more"><strong>Read more:</strong> <a href="/x">{escape(RELATED[0])}</a></p>'
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(story['title'])} — {outlet}</title>
<meta property="og:type" content="article"><meta property="og:title" content="{escape(story['title'])}">
<meta property="og:site_name" content="{outlet}"><meta property="og:url" content="{url}">
<meta property="article:published_time" content="{story['date']}T06:30:00+00:00"><meta name="author" content="{story['author']}">
</head><body><header><div class="masthead"><a href="/">{outlet}</a></div><nav><a href="/news">News</a> <a href="/world">World</a>
<a href="/opinion">Opinion</a> <a href="/culture">Culture</a></nav></header>
<article class="story"><header><h1>{escape(story['title'])}</h1><div class="share"><a href="#">Share on X</a>
<a href="#">Share on Facebook</a><button>Copy link</button></div></header>
<div class="story-content">{_body(story, more + newsletter, every=3)}</div>
<ul class="tags"><li><a href="/t/ukraine">Ukraine</a></li><li><a href="/t/diplomacy">Diplomacy</a></li></ul></article>
<footer><p>{outlet} is published by Meridian Media Ltd.</p><p><a href="/contact">Contact us</a></p></footer></body></html>"""


def visible(story: dict, outlet: str, url: str) -> str:
    comments = "".join(f'<div class="comment"><p class="who">reader{n}</p><p>{escape(c)}</p></div>' for n, c in enumerate(COMMENTS))
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>{escape(story['title'])}</title></head><body>
<div id="top"><div class="logo">{outlet}</div><div class="menu"><a href="/">Home</a> | <a href="/news">News</a> | <a href="/about">About</a></div></div>
<div id="content"><h1>{escape(story['title'])}</h1>
<p class="meta">By {story['author']} | Published {_long_date(story['date'])}</p>
{_body(story)}
<div id="comments"><h3>{len(COMMENTS)} comments</h3>{comments}<p><a href="/login">Log in to comment</a></p></div></div>
<div id="footer"><p>&copy; 2025 {outlet}</p></div></body></html>"""


def comments(story: dict, outlet: str, url: str) -> str:
    thread = "".join(f'<li class="comment"><span class="user">user{n}</span><p>{escape(c)}</p><a href="#">Reply</a></li>'
                     for n, c in enumerate(COMMENTS))
    most = "".join(f"<li><a href='/m{n}'>{escape(t)}</a></li>" for n, t in enumerate(RELATED))
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(story['title'])}</title>
<meta property="og:site_name" content="{outlet}"><link rel="canonical" href="{url}"></head><body>
<nav class="top"><a href="/">{outlet}</a> <a href="/latest">Latest</a> <a href="/europe">Europe</a> <a href="/economy">Economy</a></nav>
<main><article><h1>{escape(story['title'])}</h1>
<div class="byline">{story['author']} · <time datetime="{story['date']}T10:00:00+00:00">{_long_date(story['date'])}</time></div>
{_body(story)}</article>
<section class="comments"><h2>Comments</h2><ol>{thread}</ol></section>
<aside class="most-read"><h2>Most read</h2><ol>{most}</ol></aside></main>
<div class="consent" role="dialog"><p>This site uses cookies. By continuing you agree to our use of cookies.</p><button>OK</button></div>
<footer><p>&copy; {outlet}</p></footer></body></html>"""


def divsoup(story: dict, outlet: str, url: str) -> str:
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "@id": url, "name": f"{story['title']} - {outlet}"},
        {"@type": "NewsArticle", "headline": story["title"], "datePublished": story["date"],
         "author": [{"@type": "Person", "name": story["author"]}],
         "publisher": {"@type": "NewsMediaOrganization", "name": outlet}}]}
    sponsored = '<div class="sponsored"><p>Sponsored: Find the best mortgage rates today</p></div><div class="ad-slot">Advertisement</div>'
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(story['title'])} - {outlet}</title>
<script type="application/ld+json">{json.dumps(graph)}</script><link rel="canonical" href="{url}"></head><body>
<div class="wrapper"><div class="site-header"><div class="brand"><a href="/">{outlet}</a></div>
<div class="nav-links"><a href="/home">Home</a> <a href="/uk">UK</a> <a href="/world">World</a> <a href="/live">Live</a></div></div>
<div class="container"><div class="col-main"><div class="headline"><h1>{escape(story['title'])}</h1></div>
<div class="story-meta"><span>{story['author']}</span></div>
<div class="story-body"><div class="text">{_body(story, sponsored)}</div></div>
<div class="live-box"><p>Follow our live coverage of the talks for the latest updates.</p></div></div>
<div class="col-side"><div class="widget"><h4>Trending</h4><p>{escape(RELATED[1])}</p><p>{escape(RELATED[2])}</p></div></div></div>
<div class="site-footer"><p>&copy; 2025 {outlet} Ltd. Registered in England.</p></div></div></body></html>"""


def main() -> None:
    here = Path(__file__).parent
    (here / "pages").mkdir(exist_ok=True)
    expected = {}
    for i, story in enumerate(STORIES):
        for layout_index in (i % 5, (i + 2) % 5):
            layout, outlet, host = LAYOUTS[layout_index], OUTLETS[layout_index], HOSTS[layout_index]
            url = f"https://{host}/2025/{story['slug']}"
            name = f"{layout}_{story['slug']}.html"
            (here / "pages" / name).write_text(globals()[layout](story, outlet, url) + "\n", "utf-8")
            expected[name] = {"layout": layout, "title": story["title"], "date": story["date"], "outlet": outlet,
                              "paragraphs": [p.removeprefix("## ") for p in story["paragraphs"]]}
    (here / "expected.json").write_text(json.dumps(expected, indent=1, ensure_ascii=False) + "\n", "utf-8")


if __name__ == "__main__":
    main()
