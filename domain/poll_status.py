"""What a running poll's status shows, and when it changes by itself.

Pure functions: how far the seats are (voted, quorum, the organisations still missing), how much
time is left in the coarse steps a room message can show without being edited every minute, and
when a group's nudge before the deadline is due. Nothing here knows Matrix or the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from domain.seats import Seat
from domain.voting import seats_needed_for_quorum


@dataclass(frozen=True)
class OrganisationGap:
    """An organisation with seats that have not voted: `missing` of its `seats`."""

    organisation: str
    missing: int
    seats: int


@dataclass(frozen=True)
class PollProgress:
    """How far a poll is, by seat: a deputy's vote completes the seat it stands in for."""

    voted: int
    seats: int
    #: The fewest seats that make the vote quorate.
    needed: int
    missing: tuple[OrganisationGap, ...]

    @property
    def quorate(self) -> bool:
        return self.seats > 0 and self.voted >= self.needed

    @property
    def still_needed(self) -> int:
        """Seats that must still vote before the vote is quorate (0 once it is)."""
        return max(0, self.needed - self.voted)


def progress(seats: Sequence[Seat], voted: Iterable[str], quorum_percent: int) -> PollProgress:
    """The progress of a poll whose seats with these principals have voted.

    Organisations are listed by name; one with several seats shows how many are missing.
    """
    voted_principals = set(voted)
    total: dict[str, int] = {}
    missing: dict[str, int] = {}
    for seat in seats:
        total[seat.organisation] = total.get(seat.organisation, 0) + 1
        if seat.principal not in voted_principals:
            missing[seat.organisation] = missing.get(seat.organisation, 0) + 1
    voted_count = sum(1 for seat in seats if seat.principal in voted_principals)
    gaps = tuple(
        OrganisationGap(org, n, total[org])
        for org, n in sorted(missing.items(), key=lambda item: (item[0].casefold(), item[0]))
    )
    return PollProgress(voted_count, len(seats), seats_needed_for_quorum(len(seats),
                                                                         quorum_percent), gaps)


def missing_seats(seats: Sequence[Seat], voted: Iterable[str]) -> list[Seat]:
    """The seats that have not voted, in the group's order."""
    voted_principals = set(voted)
    return [seat for seat in seats if seat.principal not in voted_principals]


class TimeUnit(StrEnum):
    DAYS = "days"
    HOURS = "hours"
    MINUTES = "minutes"
    #: The deadline has passed (the poll is being closed).
    PASSED = "passed"


#: Minutes are shown in steps of this many (whole minutes in the last such step).
MINUTE_STEP = 5
_DAY = timedelta(days=1)
_HOUR = timedelta(hours=1)
_STEP = timedelta(minutes=MINUTE_STEP)
_MINUTE = timedelta(minutes=1)
#: (unit, step, shown in that unit when more than this is left); the last takes the rest.
_STEPS = ((TimeUnit.DAYS, _DAY, 2 * _DAY), (TimeUnit.HOURS, _HOUR, _HOUR),
          (TimeUnit.MINUTES, _STEP, _STEP), (TimeUnit.MINUTES, _MINUTE, timedelta(0)))


@dataclass(frozen=True)
class TimeLeft:
    """Time left, rounded up to what the status shows — as people say "ends in 3 days" —:
    whole days beyond two days, whole hours beyond one hour, steps of five minutes beyond five
    minutes, then whole minutes.
    `changes_at` is when the shown value next changes (None once the deadline has passed),
    so the status is edited only then: a week-long poll a few dozen times, not every minute."""

    unit: TimeUnit
    amount: int
    changes_at: datetime | None


def time_left(now: datetime, deadline: datetime) -> TimeLeft:
    left = deadline - now
    if left <= timedelta(0):
        return TimeLeft(TimeUnit.PASSED, 0, None)
    for unit, size, beyond in _STEPS:
        if left > beyond:
            steps = -(-left // size)  # rounded up
            # The shown value drops when no more than one step less is left.
            changes_at = deadline - (steps - 1) * size
            shown = steps * size // _MINUTE if unit is TimeUnit.MINUTES else steps
            return TimeLeft(unit, shown, changes_at)
    raise AssertionError("unreachable: the last step takes any time left")


def nudge_at(deadline: datetime, lead: timedelta, started_at: datetime) -> datetime | None:
    """When the seats that have not voted are reminded: `lead` before the deadline — unless
    the poll was started later than that (a poll open for two hours is not nudged "24 hours
    before"), then never."""
    at = deadline - lead
    return at if at > started_at else None
