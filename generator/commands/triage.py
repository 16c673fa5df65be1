"""The review queue for editors: mentions that no history entry cites and no editor dismissed,
then the possible mentions (below the threshold, ranked by score)."""

from __future__ import annotations

import json

from generator.link import Briefing
from generator.render import excerpt, plural

DISMISS_HINT = "dismissed: [{article: ID, paragraph: N, reason: ...}]"
# the fields of a mention's record (generator.mentions.RECORD_FIELDS), in this order
RECORD = ("tier", "point", "article", "article_path", "paragraph", "terms", "score", "reason", "text", "url")


def queue_records(briefing: Briefing) -> list[dict]:
    return [m.record(RECORD) for m in briefing.queue]


def possible_records(briefing: Briefing) -> list[dict]:
    return [m.record(RECORD) for m in briefing.possible_queue]


def _print_records(records: list[dict]) -> None:
    for r in records:
        print(f"{r['article_path']} ¶{r['paragraph']} -> {r['point']} (score {r['score']:g}: {r['reason']})")
        print(f"    {excerpt(r['text'], 160)}")


def triage(briefing: Briefing, fmt: str) -> int:
    records, possible = queue_records(briefing), possible_records(briefing)
    if fmt == "json":
        # one list, mentions first: "tier" tells a possible mention from a mention
        print(json.dumps(records + possible, ensure_ascii=False, indent=2))
        return 0
    if not records:
        print("Nothing to review: every mention is cited or dismissed.")
    _print_records(records)
    if records:
        print(f"{plural(len(records), 'mention')} to review. Cite them in a history entry, "
              f"or dismiss them under the point: {DISMISS_HINT}")
    if possible:
        print("\nPossible mentions (score below the threshold), highest first:")
        _print_records(possible)
        print(f"{plural(len(possible), 'possible mention')} to look at; dismiss them the same way.")
    return 0
