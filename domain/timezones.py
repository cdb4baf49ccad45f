"""VTIMEZONE components that every calendar client reads.

A zone with a regular yearly rule (Europe/Berlin: last Sunday of March and of October) is
written as two components with an RRULE each, the form Outlook, Thunderbird and the parsers we
test with understand; RDATE lists, as generic generators write them, are ignored by some
clients, which then show meetings an hour off after a change to summer time. A zone whose
changes follow no such rule falls back to icalendar's own generator.
"""

from __future__ import annotations

import calendar as month_calendar
import functools
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
#: How many years ahead a rule must hold to be written as a rule.
_CHECK_YEARS = 20


@dataclass(frozen=True)
class Change:
    """One change of a zone's UTC offset, as wall-clock time before it."""

    local: datetime  # naive, in the offset before the change
    offset_from: timedelta
    offset_to: timedelta
    name: str
    daylight: bool

    def rule(self) -> tuple[int, str]:
        """(month, BYDAY) such as (3, "-1SU") for the last Sunday of March."""
        day = self.local.day
        weekday = _WEEKDAYS[self.local.weekday()]
        last_day = month_calendar.monthrange(self.local.year, self.local.month)[1]
        if day + 7 > last_day:
            return self.local.month, f"-1{weekday}"
        return self.local.month, f"{(day - 1) // 7 + 1}{weekday}"


@functools.lru_cache(maxsize=1024)
def changes_in(zone: ZoneInfo, year: int) -> tuple[Change, ...]:
    """The zone's changes of offset in `year` — kept once worked out: checking that a rule
    holds for twenty years took about 100 ms per calendar otherwise, for every invitation."""
    found = []
    moment = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    offset = _offset(zone, moment)
    while moment < end:
        following = moment + timedelta(hours=6)
        if _offset(zone, following) != offset:
            instant = _first_change(zone, moment, following, offset)
            after = instant.astimezone(zone)
            found.append(Change(
                local=(instant + offset).replace(tzinfo=None),
                offset_from=offset,
                offset_to=_offset(zone, instant),
                name=after.tzname() or "",
                daylight=bool(after.dst()),
            ))
            offset = _offset(zone, instant)
        moment = following
    return tuple(found)


def _offset(zone: ZoneInfo, instant: datetime) -> timedelta:
    offset = instant.astimezone(zone).utcoffset()
    assert offset is not None
    return offset


def _first_change(zone: ZoneInfo, low: datetime, high: datetime, offset: timedelta) -> datetime:
    while high - low > timedelta(minutes=1):
        middle = low + (high - low) / 2
        if _offset(zone, middle) == offset:
            low = middle
        else:
            high = middle
    return high.replace(second=0, microsecond=0)


def vtimezone(name: str, first: date, last: date) -> Timezone:
    """A VTIMEZONE for `name` valid from `first` to `last`."""
    zone = ZoneInfo(name)
    year = first.year
    changes = changes_in(zone, year)
    component = Timezone()
    component.add("tzid", name)
    if not changes:
        offset = _offset(zone, datetime(year, 1, 1, tzinfo=UTC))
        standard = TimezoneStandard()
        standard.add("dtstart", datetime(1970, 1, 1))
        standard.add("tzoffsetfrom", offset)
        standard.add("tzoffsetto", offset)
        standard.add("tzname", datetime(year, 1, 1, tzinfo=zone).tzname() or name)
        component.add_component(standard)
        return component
    if not _rule_holds(zone, changes, year + 1, max(last.year, year + _CHECK_YEARS)):
        return Timezone.from_tzid(name, first_date=first, last_date=last)
    for change in changes:
        month, byday = change.rule()
        part = TimezoneDaylight() if change.daylight else TimezoneStandard()
        part.add("dtstart", _nth_weekday(1970, month, byday, change.local))
        part.add("rrule", vRecur({"FREQ": "YEARLY", "BYMONTH": month, "BYDAY": byday}))
        part.add("tzoffsetfrom", change.offset_from)
        part.add("tzoffsetto", change.offset_to)
        part.add("tzname", change.name)
        component.add_component(part)
    return component


def _rule_holds(zone: ZoneInfo, changes: tuple[Change, ...], start: int, end: int) -> bool:
    expected = [(c.rule(), c.local.time(), c.offset_to) for c in changes]
    for year in range(start, end + 1):
        actual = [(c.rule(), c.local.time(), c.offset_to) for c in changes_in(zone, year)]
        if actual != expected:
            return False
    return True


def _nth_weekday(year: int, month: int, byday: str, at: datetime) -> datetime:
    """The date BYDAY names in `year`/`month`, at the change's wall-clock time."""
    weekday = _WEEKDAYS.index(byday[-2:])
    n = int(byday[:-2])
    days = [
        day for day in range(1, month_calendar.monthrange(year, month)[1] + 1)
        if date(year, month, day).weekday() == weekday
    ]
    day = days[n] if n < 0 else days[n - 1]
    return datetime(year, month, day, at.hour, at.minute)
