"""When reminders are due. Pure functions of the target time, the group's zone and now.

A reminder "1 day before" a meeting at 10:00 is at 10:00 local time the day before, on either
side of a change to or from summer time: offsets are taken from the wall-clock time in the
group's zone, and the result is given its offset *at that moment*, never today's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.errors import UserError

DEFAULT_MEETING_OFFSETS = (timedelta(days=7), timedelta(days=1))
#: Overdue items remind their owner once a day, at this local time.
ITEM_REMINDER_TIME = time(9, 0)
MAX_OFFSETS = 5


def before(start: datetime, offset: timedelta) -> datetime:
    """`offset` before the aware `start`, counted in local wall-clock time."""
    zone = start.tzinfo
    assert isinstance(zone, ZoneInfo)
    local = start.replace(tzinfo=None) - offset
    return _aware(local, zone)


def _aware(local: datetime, zone: ZoneInfo) -> datetime:
    """A wall-clock time in `zone`; one that does not exist (skipped in spring) moves on by
    the size of the gap, as a clock on the wall would show it."""
    moment = local.replace(tzinfo=zone)
    round_trip = moment.astimezone(ZoneInfo("UTC")).astimezone(zone).replace(tzinfo=None)
    if round_trip != local:
        return moment.replace(fold=1).astimezone(ZoneInfo("UTC")).astimezone(zone)
    return moment


def offset_code(offset: timedelta) -> str:
    """An ISO 8601 duration for ids and keys: P7D, PT2H, PT30M, PT45S."""
    seconds = int(offset.total_seconds())
    days, seconds = divmod(seconds, 86400)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    clock = "".join(f"{n}{unit}" for n, unit in ((hours, "H"), (minutes, "M"), (seconds, "S"))
                    if n)
    return "P" + (f"{days}D" if days else "") + (f"T{clock}" if clock else "")


def parse_offsets(raw: str, parse_one: Callable[[str], timedelta]) -> tuple[timedelta, ...]:
    """`7d,1d` → (7 days, 1 day); `parse_one` turns one word into a timedelta or raises."""
    words = [w.strip() for w in raw.replace(";", ",").split(",") if w.strip()]
    if not words or len(words) > MAX_OFFSETS:
        raise UserError("reminders.invalid", value=raw, max=MAX_OFFSETS)
    offsets = tuple(parse_one(w) for w in words)
    return tuple(sorted(set(offsets), reverse=True))


def format_offsets(offsets: Sequence[timedelta]) -> str:
    return ",".join(_short(o) for o in offsets)


def _short(offset: timedelta) -> str:
    seconds = int(offset.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


@dataclass(frozen=True)
class MeetingReminder:
    key: str
    at: datetime
    offset: timedelta


def meeting_reminders(
    occurrence_id: int, start: datetime, offsets: Sequence[timedelta]
) -> list[MeetingReminder]:
    """One reminder per offset; the key names the start, so a moved meeting is reminded
    anew and a cancelled one not at all."""
    stamp = start.astimezone(ZoneInfo("UTC")).strftime("%Y%m%dT%H%M%SZ")
    return [
        MeetingReminder(f"meeting:{occurrence_id}:{offset_code(o)}:{stamp}", before(start, o), o)
        for o in offsets
    ]


def ever_due(reminder_at: datetime, scheduled_at: datetime) -> bool:
    """A reminder whose moment passed before the date was scheduled (or moved) to its start —
    "7 days before" a meeting set up for tomorrow — is never due."""
    return reminder_at >= scheduled_at


def still_useful(reminder_at: datetime, scheduled_at: datetime, meeting_start: datetime,
                 now: datetime) -> bool:
    """A reminder is due from its moment; missed, it is sent late only while the meeting has
    not begun — and never if its moment lay before the date was scheduled."""
    return ever_due(reminder_at, scheduled_at) and reminder_at <= now < meeting_start


@dataclass(frozen=True)
class ItemReminder:
    key: str
    at: datetime


def item_reminder(item_id: int, due: date, zone: ZoneInfo, now: datetime) -> ItemReminder:
    """The next reminder for an open item: on its due day at 09:00, then every day it is
    overdue — once a day at most (the key is the local day)."""
    today = now.astimezone(zone).date()
    day = max(due, today)
    at = _aware(datetime.combine(day, ITEM_REMINDER_TIME), zone)
    return ItemReminder(f"item:{item_id}:{day.isoformat()}", at)


def next_item_reminder(item_id: int, due: date, zone: ZoneInfo, now: datetime) -> ItemReminder:
    """The first reminder strictly after now (for scheduling)."""
    current = item_reminder(item_id, due, zone, now)
    if current.at > now:
        return current
    tomorrow = current.at.astimezone(zone).date() + timedelta(days=1)
    return ItemReminder(f"item:{item_id}:{tomorrow.isoformat()}",
                        _aware(datetime.combine(tomorrow, ITEM_REMINDER_TIME), zone))
