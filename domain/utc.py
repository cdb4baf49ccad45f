"""Moments kept in UTC: where a stored or exchanged time comes without its zone (SQLite's
columns, an iCalendar `DATE-TIME` ending in no zone), it is UTC."""

from __future__ import annotations

from datetime import UTC, datetime


def as_utc(moment: datetime) -> datetime:
    """`moment` in UTC; a naive one is taken to be UTC already, not local time."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
