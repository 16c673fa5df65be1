"""The register's schema: every key it accepts, with its type, declared once."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from generator.isodate import not_far_ahead, parse_iso_date
from generator.vocabulary import DEFAULT_STATUSES

IsoDate = Annotated[date, BeforeValidator(parse_iso_date), AfterValidator(not_far_ahead)]
Text = Annotated[str, Field(min_length=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class Party(_Model):
    id: str
    name: Text


class Status(_Model):
    label: Text
    description: Text
    closed: bool = False


class ArticleMeta(_Model):
    """Metadata for an article whose file lacks it."""

    title: Text | None = None
    outlet: Text | None = None
    url: Text | None = None
    author: Text | None = None
    reviewed: IsoDate | None = None  # an editor read the article: its mentions leave the review queue
    review_note: Text | None = None


class Source(_Model):
    article: str
    quote: Text


class Position(_Model):
    stance: str
    text: Text
    since: IsoDate | None = None  # when the party took this stance, as the sources date it
    sources: list[Source] = Field(default_factory=list)  # verified like history sources


class HistoryEntry(_Model):
    date: IsoDate
    status: str
    note: Text
    sourcing: str | None = None
    sources: list[Source] = Field(default_factory=list)


class Dismissal(_Model):
    """A mention an editor has read and decided not to cite."""

    article: str
    paragraph: int | None = Field(default=None, ge=1)  # none: the whole article
    reason: Text


class Point(_Model):
    id: str
    title: Text
    status: str | None = None
    summary: Text | None = None
    # Terms that find the point in article paragraphs (see generator.scoring): an alias
    # names the point and is enough alone; a keyword names what the point is about and
    # counts only together with a context word (what is at issue); an exclude phrase
    # hides the terms inside it ("Salvation Army").
    keywords: list[Text] = Field(default_factory=list)
    aliases: list[Text] = Field(default_factory=list)
    context: list[Text] = Field(default_factory=list)
    exclude: list[Text] = Field(default_factory=list)
    positions: dict[str, Position] = Field(default_factory=dict)
    related: list[str] = Field(default_factory=list)
    history: list[HistoryEntry] = Field(default_factory=list)
    dismissed: list[Dismissal] = Field(default_factory=list)

    @property
    def latest(self) -> HistoryEntry | None:
        """The latest dated history entry.

        New entries go at the top of the history (the register's header says so), so of two
        entries with the same date the one higher in the file is the newer.
        """
        if not self.history:
            return None
        return max(enumerate(self.history), key=lambda pair: (pair[1].date, -pair[0]))[1]

    @property
    def current_status(self) -> str:
        return self.status or (self.latest.status if self.latest else "")


def _default_statuses() -> dict[str, Status]:
    return {k: Status(label=t.label, description=t.meaning, closed=t.closed) for k, t in DEFAULT_STATUSES.items()}


class Register(_Model):
    title: Text
    parties: list[Party] = Field(min_length=1)
    statuses: dict[str, Status] = Field(default_factory=_default_statuses)
    articles: dict[str, ArticleMeta] = Field(default_factory=dict)
    points: list[Point] = Field(default_factory=list)
    path: str = Field(default="briefings/register.yml", exclude=True)

    def party(self, party_id: str) -> Party:
        return next(p for p in self.parties if p.id == party_id)


class RegisterTop(Register):
    """The register with points kept raw, so each point is validated on its own."""

    points: list[Any] = Field(default_factory=list)  # type: ignore[assignment]
