"""The review queue for editors: mentions that no history entry cites and no editor dismissed."""

from __future__ import annotations

import json

from generator.briefing import Briefing
from generator.render import excerpt, plural
from generator.site_urls import article_url


def queue_records(briefing: Briefing) -> list[dict]:
    return [
        {
            "point": m.point_id,
            "article": m.article.id,
            "article_path": m.article.path,
            "paragraph": m.paragraph,
            "terms": list(m.terms),
            "score": m.score,
            "text": m.article.paragraph(m.paragraph).text,
            "url": article_url(m.article.id, m.paragraph),
        }
        for m in briefing.queue
    ]


def triage(briefing: Briefing, fmt: str) -> int:
    records = queue_records(briefing)
    if fmt == "json":
        print(json.dumps(records, ensure_ascii=False, indent=2))
        return 0
    if not records:
        print("Nothing to review: every mention is cited or dismissed.")
        return 0
    for r in records:
        print(f"{r['article_path']} ¶{r['paragraph']} -> {r['point']} (matched: {', '.join(r['terms'])})")
        print(f"    {excerpt(r['text'], 160)}")
    print(f"{plural(len(records), 'mention')} to review. Cite them in a history entry, "
          f"or dismiss them under the point: dismissed: [{{article: ID, paragraph: N, reason: ...}}]")
    return 0
