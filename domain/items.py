"""Open items (offene Punkte): which ones a listing shows, when one is overdue, and in what
order the Beschlusskontrolle lists the mandates decisions gave."""

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


def followup_key(due: date | None, today: date, decision: str,
                 number: int) -> tuple[int, date, str, int]:
    """The Beschlusskontrolle's order: overdue mandates first, then by due date (without one
    last), then by decision and item number."""
    return (0 if is_overdue(due, today) else 1, due or date.max, decision, number)
