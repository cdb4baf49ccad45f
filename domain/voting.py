"""Counting a poll under the group's rules of procedure (Geschäftsordnung).

Pure functions: who counts for which seat, whether the vote is quorate, and whether the
majority rule is met. Nothing here knows Matrix, the database or the clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.group import MajorityRule
from domain.seats import Seat

#: Answer ids of a Ja / Nein / Enthaltung poll (stable across languages; labels are rendered).
YES, NO, ABSTAIN = "yes", "no", "abstain"
YES_NO_ABSTAIN = (YES, NO, ABSTAIN)


class PollMode(StrEnum):
    OPEN = "open"  # in the room, as a native poll
    CIRCULAR = "circular"  # Umlaufverfahren: in writing between meetings
    FINDTIME = "findtime"  # date finding: several answers, no decision


POLL_MODE_ALIASES = {"offen": PollMode.OPEN, "umlauf": PollMode.CIRCULAR,
                     "umlaufverfahren": PollMode.CIRCULAR}


class Outcome(StrEnum):
    ADOPTED = "adopted"  # angenommen
    REJECTED = "rejected"  # abgelehnt
    NOT_DECIDED = "not-decided"  # nicht beschlossen: not quorate


@dataclass(frozen=True)
class Ballot:
    """One person's answer to a poll, as sent (the last one before closing counts)."""

    user_id: str
    answer: str
    sent_at: datetime


@dataclass(frozen=True)
class SeatVote:
    """The vote that counts for one seat, and who cast it."""

    seat: Seat
    voter: str
    answer: str

    @property
    def by_deputy(self) -> bool:
        return self.voter != self.seat.principal


def votes_by_seat(
    seats: Sequence[Seat], ballots: Iterable[Ballot], closes_at: datetime | None = None
) -> list[SeatVote]:
    """The vote of each seat: the principal's last answer, else the first deputy's who answered.

    Answers sent after `closes_at` do not count; answers from people who hold no seat
    and stand in for none are ignored. A seat nobody answered for has no entry.
    """
    last: dict[str, Ballot] = {}
    for ballot in sorted(ballots, key=lambda b: b.sent_at):
        if closes_at is not None and ballot.sent_at > closes_at:
            continue
        last[ballot.user_id] = ballot
    counted = []
    for seat in seats:
        for person in (seat.principal, *seat.deputies):
            if person in last and last[person].answer:  # an empty answer was withdrawn
                counted.append(SeatVote(seat, person, last[person].answer))
                break
    return counted


def seat_for(user_id: str, seats: Iterable[Seat]) -> Seat | None:
    """The seat `user_id` holds or stands in for, if any."""
    for seat in seats:
        if user_id == seat.principal or user_id in seat.deputies:
            return seat
    return None


@dataclass(frozen=True)
class Tally:
    """Ja, Nein and Enthaltung counted per seat, out of all voting seats."""

    yes: int
    no: int
    abstain: int
    seats: int

    @property
    def represented(self) -> int:
        """Seats that took part; abstentions count toward quorum."""
        return self.yes + self.no + self.abstain

    @classmethod
    def of(cls, answers: Iterable[str], seats: int) -> Tally:
        answers = list(answers)
        return cls(answers.count(YES), answers.count(NO), answers.count(ABSTAIN), seats)


def quorum_reached(represented: int, seats: int, quorum_percent: int) -> bool:
    """Beschlussfähig: *more than* `quorum_percent` per cent of the voting seats take part."""
    return seats > 0 and represented * 100 > seats * quorum_percent


def seats_needed_for_quorum(seats: int, quorum_percent: int) -> int:
    """The fewest seats that make a vote or meeting quorate (more than `quorum_percent` %)."""
    return seats * quorum_percent // 100 + 1


def majority_reached(rule: MajorityRule, tally: Tally) -> bool:
    """Whether the Ja votes carry the question under `rule` (quorum is checked apart)."""
    yes, no = tally.yes, tally.no
    if rule is MajorityRule.SIMPLE:
        return yes > no  # a tie rejects
    if rule is MajorityRule.ABSOLUTE:
        return yes * 2 > tally.seats
    if rule is MajorityRule.TWO_THIRDS:
        return yes > 0 and yes * 3 >= (yes + no) * 2
    return yes > 0 and no == 0  # unanimous: abstentions do not break it


def decide(rule: MajorityRule, tally: Tally, quorum_percent: int) -> Outcome:
    if not quorum_reached(tally.represented, tally.seats, quorum_percent):
        return Outcome.NOT_DECIDED
    return Outcome.ADOPTED if majority_reached(rule, tally) else Outcome.REJECTED


def unanimous(tally: Tally) -> bool:
    """„einstimmig“ in the minutes: Ja from everyone who did not abstain."""
    return tally.yes > 0 and tally.no == 0


def option_tally(answers: Iterable[str], option: str, seats: int) -> Tally:
    """A poll with its own options, read as a yes/no question about `option`: votes for it are
    Ja, votes for any other option Nein. So every rule applies unchanged."""
    answers = list(answers)
    yes = answers.count(option)
    return Tally(yes=yes, no=len(answers) - yes, abstain=0, seats=seats)


def leading_option(answers: Iterable[str], options: Sequence[str]) -> str | None:
    """The option with the most votes, or None when nobody voted or the lead is tied."""
    counts = {option: 0 for option in options}
    for answer in answers:
        if answer in counts:
            counts[answer] += 1
    ranked = sorted(counts.items(), key=lambda item: item[1], reverse=True)
    if not ranked or ranked[0][1] == 0 or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def all_seats_voted(seats: Sequence[Seat], votes: Sequence[SeatVote]) -> bool:
    return bool(seats) and len(votes) == len(seats)


def answer_counts(answers: Iterable[str], options: Sequence[str]) -> Mapping[str, int]:
    counts = {option: 0 for option in options}
    for answer in answers:
        if answer in counts:
            counts[answer] += 1
    return counts
