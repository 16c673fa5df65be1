"""Dates as the input writes them: YYYY-MM-DD, and real."""

from __future__ import annotations

import re
from datetime import date

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATE_HINT = "write dates as YYYY-MM-DD, e.g. 2025-11-26"
REAL_DATE_HINT = "check the day and month"


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
