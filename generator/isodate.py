"""Dates as the input writes them: YYYY-MM-DD, and real."""

from __future__ import annotations

import re
from datetime import date, timedelta

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATE_HINT = "write dates as YYYY-MM-DD, e.g. 2025-11-26"
REAL_DATE_HINT = "check the day and month"
# A date further ahead than this is a slip of the keys (2052 for 2025), not news: the register
# records what has happened and an article is dated when it appears. The week covers time
# zones and embargoed copy dated for its release.
DAYS_AHEAD = 7


class DateError(ValueError):
    """A value that is not an ISO date; the message says why, the hint how to fix it."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.hint = hint


def parse_iso_date(value: object) -> date:
    """The date written as YYYY-MM-DD; DateError if it is not one or not a real day."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise DateError(f"'{value}' is not a date", DATE_HINT)
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise DateError(f"'{value}' is not a real date ({exc})", REAL_DATE_HINT) from None


def today() -> date:
    """Today on this machine's clock: the one place the checks read it."""
    return date.today()


def not_far_ahead(day: date) -> date:
    """day itself, unless it lies more than DAYS_AHEAD days after today (DateError).

    The only check that reads the clock. What it accepts it accepts for good (a date
    only falls behind today), so a register or article that passed once, and the cache
    built from it, never turn bad with time.
    """
    now = today()
    if day > now + timedelta(days=DAYS_AHEAD):
        raise DateError(f"'{day.isoformat()}' is more than {DAYS_AHEAD} days after today ({now.isoformat()})",
                        "check the year and the month: the register records what has happened, and an article is "
                        "dated when it appears")
    return day
