"""Meetings as plain values: when they take place, whether they clash, the notice period, and
the attendance forecast per seat. Nothing here knows Matrix, the database or the clock.

Times of a series are computed in the group's zone, so a meeting "every Thursday at 14:00"
stays at 14:00 local time on either side of a change to or from summer time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from dateutil.rrule import MONTHLY, WEEKLY, rrule

from domain.seats import Seat
from domain.voting import seats_needed_for_quorum


class Repeat(StrEnum):
    WEEKLY = "weekly"
    MONTHLY = "monthly"


REPEAT_ALIASES = {"wöchentlich": Repeat.WEEKLY, "woechentlich": Repeat.WEEKLY,
                  "monatlich": Repeat.MONTHLY}


class AgendaAction(StrEnum):
    ADD = "add"


AGENDA_ACTION_ALIASES = {"hinzufügen": AgendaAction.ADD, "neu": AgendaAction.ADD}


class RsvpAnswer(StrEnum):
    YES = "yes"
    NO = "no"
    MAYBE = "maybe"


RSVP_ALIASES = {"ja": RsvpAnswer.YES, "zusage": RsvpAnswer.YES, "nein": RsvpAnswer.NO,
                "absage": RsvpAnswer.NO, "vielleicht": RsvpAnswer.MAYBE}

#: Reactions that answer an invitation (the variation selector is already stripped).
RSVP_REACTIONS = {"✅": RsvpAnswer.YES, "❌": RsvpAnswer.NO, "❔": RsvpAnswer.MAYBE,
                  "❓": RsvpAnswer.MAYBE}


@dataclass(frozen=True)
class Series:
    """A meeting and, if it repeats, its rule; `start` is aware, in the group's zone."""

    start: datetime
    duration: timedelta
    repeat: Repeat | None = None
    until: date | None = None

    def rrule_text(self) -> str | None:
        """The RFC 5545 RRULE value, e.g. `FREQ=WEEKLY;UNTIL=20270630T215959Z`."""
        if self.repeat is None:
            return None
        rule = f"FREQ={self.repeat.value.upper()}"
        if self.until is not None:
            return f"{rule};UNTIL={_until_utc(self.until, self.start).strftime('%Y%m%dT%H%M%SZ')}"
        return rule

    def starts(self, after: datetime, before: datetime) -> list[datetime]:
        """Start times (in the series' zone) of occurrences starting in [after, before)."""
        if self.repeat is None:
            return [self.start] if after <= self.start < before else []
        zone = self.start.tzinfo
        assert isinstance(zone, ZoneInfo)
        # Wall-clock recurrence: expand in local time, then attach the zone to each date.
        local = rrule(
            WEEKLY if self.repeat is Repeat.WEEKLY else MONTHLY,
            dtstart=self.start.replace(tzinfo=None),
            until=_until_local(self.until) if self.until else None,
        )
        window_from = after.astimezone(zone).replace(tzinfo=None) - timedelta(days=1)
        window_to = before.astimezone(zone).replace(tzinfo=None) + timedelta(days=1)
        return [
            moment.replace(tzinfo=zone)
            for moment in local.between(window_from, window_to, inc=True)
            if after <= moment.replace(tzinfo=zone) < before
        ]


def _until_local(until: date) -> datetime:
    return datetime(until.year, until.month, until.day, 23, 59, 59)


def _until_utc(until: date, start: datetime) -> datetime:
    zone = start.tzinfo
    return _until_local(until).replace(tzinfo=zone).astimezone(ZoneInfo("UTC"))


def overlaps(start: datetime, end: datetime, other_start: datetime, other_end: datetime) -> bool:
    return start < other_end and other_start < end


def rounded(span: timedelta) -> timedelta:
    """A span in the unit a person would say: days, else hours, else minutes."""
    if span >= timedelta(days=1):
        return timedelta(days=round(span / timedelta(days=1)))
    if span >= timedelta(hours=1):
        return timedelta(hours=round(span / timedelta(hours=1)))
    return timedelta(minutes=max(1, round(span / timedelta(minutes=1))))


def notice_shortfall(start: datetime, now: datetime, notice_days: int) -> timedelta | None:
    """How much later than the notice period (Ladungsfrist) an invitation is sent, if it is."""
    lead = start - now
    required = timedelta(days=notice_days)
    return required - lead if lead < required else None


@dataclass(frozen=True)
class SeatAttendance:
    seat: Seat
    #: Who comes for the seat (principal or a deputy), if anyone said yes.
    coming: str | None
    #: The principal's own answer, if any.
    principal_answer: RsvpAnswer | None


def attendance_by_seat(
    seats: Sequence[Seat], answers: Mapping[str, RsvpAnswer]
) -> list[SeatAttendance]:
    """Per seat: the principal if they said yes, else the first deputy who said yes."""
    result = []
    for seat in seats:
        coming = next(
            (p for p in (seat.principal, *seat.deputies) if answers.get(p) is RsvpAnswer.YES),
            None,
        )
        result.append(SeatAttendance(seat, coming, answers.get(seat.principal)))
    return result


def deputies_to_ask(seat: Seat, answers: Mapping[str, RsvpAnswer]) -> list[str]:
    """When the principal declines, the deputies who have not answered are asked."""
    if answers.get(seat.principal) is not RsvpAnswer.NO:
        return []
    return [d for d in seat.deputies if d not in answers]


@dataclass(frozen=True)
class Forecast:
    confirmed: int
    seats: int
    needed: int

    @property
    def quorate(self) -> bool:
        return self.confirmed >= self.needed


def forecast(attendance: Iterable[SeatAttendance], seat_count: int,
             quorum_percent: int) -> Forecast:
    """„7 von 12 Stimmen zugesagt — beschlussfähig ab 7“."""
    confirmed = sum(1 for a in attendance if a.coming is not None)
    return Forecast(confirmed, seat_count, seats_needed_for_quorum(seat_count, quorum_percent))


def best_slot(slots: Sequence[datetime], available: Sequence[int], now: datetime) -> int | None:
    """The index of the slot most seats can attend; ties go to the earliest. Slots already
    past are out; None when no seat can attend any slot still ahead."""
    candidates = [i for i, slot in enumerate(slots) if slot > now and available[i] > 0]
    if not candidates:
        return None
    return min(candidates, key=lambda i: (-available[i], slots[i]))
