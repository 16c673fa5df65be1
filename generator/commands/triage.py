"""`briefing triage`: the review queue by article, as the editors' desk shows it.

Text: how many articles wait and since when, then each waiting article (oldest first) with
its paragraphs and the points each touches, strongest first, with score and reason.
JSON (`--format json`): a list of the waiting articles, each with its paragraphs, each with
its points (generator.desk.triage_records); articles recorded as reviewed are not listed.
"""

from __future__ import annotations

import json

from generator.desk import desk_articles, progress, reviewed_command, triage_records
from generator.link import Briefing
from generator.render import excerpt


def triage(briefing: Briefing, fmt: str) -> int:
    desk = desk_articles(briefing)
    if fmt == "json":
        print(json.dumps(triage_records(briefing, desk), ensure_ascii=False, indent=2))
        return 0
    waiting = [d for d in desk if d.waiting]
    for item in waiting:
        print(f"{item.article.path} ({item.article.date.isoformat()}): {item.article.title}")
        for paragraph in item.paragraphs:
            print(f"  ¶{paragraph.number}: {excerpt(paragraph.text, 120)}")
            for m in paragraph.mentions:
                tier = "possible mention" if m.possible else "mention"
                print(f"    -> {m.point_id}: {tier}, score {m.score:g}: {m.reason}")
        print(f"  read it? {reviewed_command(item.article)}")
    print(progress(desk).text)
    if waiting:
        print("Cite a paragraph in a history entry (briefing status), dismiss it (briefing dismiss), "
              "or record the article as read (briefing reviewed); `briefing build --desk` shows the same as pages.")
    return 0
