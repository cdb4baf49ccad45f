"""Open items (offene Punkte): which ones a listing shows, and when one is overdue."""

from __future__ import annotations

from datetime import date
from enum import StrEnum


class ItemFilter(StrEnum):
    OPEN = "open"
    DONE = "done"
    ALL = "all"


ITEM_FILTER_ALIASES = {"offen": ItemFilter.OPEN, "erledigt": ItemFilter.DONE,
                       "alle": ItemFilter.ALL}


def is_overdue(due: date | None, today: date) -> bool:
    """Overdue from the day after its due date (due today is not yet late)."""
    return due is not None and due < today
