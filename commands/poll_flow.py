"""The life of a decision poll after it is started: answers arrive, it closes, it is logged.

Used by the poll commands (`!vote`, `!poll close`), by the bot for clicks on a native poll, and
by the scheduler when a deadline passes. Every function works inside the caller's unit of work
and sends through its `Effects`, so a close is recorded and announced exactly once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from commands.decision_text import result_text
from commands.framework.context import Signer
from commands.framework.effects import Effects, Notice, PollEnd
from commands.items import due_of, open_mandate, owner_of
from commands.meeting_flow import put_on_next_agenda
from commands.members import current_seats, seat_holders
from commands.minutes_flow import approved_paper, settle_approval
from commands.signed_exports import Paperwork
from domain.seats import Seat
from domain.seats import seats as seats_of
from domain.voting import (
    ABSTAIN,
    NO,
    YES,
    Ballot,
    Outcome,
    PollMode,
    SeatVote,
    Tally,
    all_seats_voted,
    answer_counts,
    decide,
    leading_option,
    option_tally,
    quorum_reached,
    seat_for,
    unanimous,
    votes_by_seat,
)
from i18n import Rendered, Renderer
from storage.models import Decision, Group, MinutesVersion, Poll, PollState, Report
from storage.unit_of_work import UnitOfWork


class CloseReason(StrEnum):
    DEADLINE = "deadline"
    COMMAND = "command"
    ALL_VOTED = "all-voted"


class AnswerStatus(StrEnum):
    COUNTED = "counted"
    NOT_ELIGIBLE = "not-eligible"
    POLL_CLOSED = "poll-closed"
    SEAT_VOTED = "seat-voted"  # secret polls: the seat's one ballot is already in the box


@dataclass(frozen=True)
class AnswerResult:
    status: AnswerStatus
    seat: Seat | None = None
    closed: Decision | None = None
    #: For SEAT_VOTED: who cast the seat's ballot.
    voted_by: str | None = None


def renderer_for(group: Group, prefix: str) -> Renderer:
    return Renderer(group.language, group.timezone, prefix)


async def counted_votes(
    uow: UnitOfWork, poll: Poll, group_seats: list[Seat], closes_at: datetime | None
) -> list[SeatVote]:
    ballots = [
        Ballot(a.user_id, a.answer, a.sent_at) for a in await uow.polls.answers(poll)
    ]
    return votes_by_seat(group_seats, ballots, closes_at)


async def voted_seats(uow: UnitOfWork, poll: Poll, group_seats: list[Seat]) -> set[str]:
    """The principals of the seats that have voted so far (not how)."""
    if poll.secret:
        return await uow.polls.secret_seats(poll)
    return {vote.seat.principal for vote in await counted_votes(uow, poll, group_seats, None)}


async def record_answer(
    uow: UnitOfWork,
    effects: Effects,
    poll: Poll,
    *,
    user_id: str,
    answer: str,
    event_id: str,
    sent_at: datetime,
    prefix: str,
    now: datetime,
    signer: Signer | None,
) -> AnswerResult:
    """Store one person's answer (a click or `!vote`); close the poll if every seat voted.

    `answer` is an answer id of the poll, or "" for a withdrawn or unreadable answer.
    """
    seat = await _voter_seat(uow, poll, user_id, sent_at)
    if isinstance(seat, AnswerResult):
        return seat
    await uow.polls.add_answer(poll, user_id, answer, event_id, sent_at)
    if poll.mode is PollMode.FINDTIME:
        return AnswerResult(AnswerStatus.COUNTED, seat)  # closed by the coordinator
    effects.poll_status_changed(poll.id)
    every_seat_voted = False
    # Every seat needs an answer of its own: while fewer people answered than there are
    # seats, not all have voted — known without counting a thousand seats per answer.
    if await uow.polls.answering_people(poll) >= await uow.members.seat_count(poll.group):
        group_seats = await current_seats(uow, poll.group)
        votes = await counted_votes(uow, poll, group_seats, None)
        every_seat_voted = all_seats_voted(group_seats, votes)
    return await _counted(uow, effects, poll, seat, every_seat_voted, now, prefix, signer)


async def record_secret_ballot(
    uow: UnitOfWork,
    effects: Effects,
    poll: Poll,
    *,
    user_id: str,
    answer: str,
    sent_at: datetime,
    prefix: str,
    now: datetime,
    signer: Signer | None,
) -> AnswerResult:
    """Put one ballot of a secret poll in the box: the seat is marked as voted and the
    answer's counter goes up, and nothing connects the two. A seat votes once (by the
    principal, or by a deputy if the principal has not): a ballot in the box cannot be
    taken back, because nobody knows any longer which one it was."""
    seat = await _voter_seat(uow, poll, user_id, sent_at)
    if isinstance(seat, AnswerResult):
        return seat
    voted_by = await uow.polls.secret_voter(poll, seat.principal)
    if voted_by is not None:
        return AnswerResult(AnswerStatus.SEAT_VOTED, seat, voted_by=voted_by)
    await uow.polls.cast_secret(poll, seat.principal, user_id, answer)
    effects.poll_status_changed(poll.id)
    voted = await uow.polls.secret_seats(poll)
    every_seat_voted = False
    if len(voted) >= await uow.members.seat_count(poll.group):
        group_seats = await current_seats(uow, poll.group)
        every_seat_voted = all(s.principal in voted for s in group_seats)
    return await _counted(uow, effects, poll, seat, every_seat_voted, now, prefix, signer)


async def _voter_seat(
    uow: UnitOfWork, poll: Poll, user_id: str, sent_at: datetime
) -> Seat | AnswerResult:
    """The seat an answer counts for, or why it does not count. Only the people of that one
    seat are read (the principal and the deputies), however large the group."""
    if poll.state is not PollState.OPEN or (poll.deadline and sent_at > poll.deadline):
        return AnswerResult(AnswerStatus.POLL_CLOSED)
    member = await uow.members.active_member(poll.group, user_id)
    principal = member.deputy_of if member is not None and member.deputy_of else member
    if principal is None or not principal.active:
        return AnswerResult(AnswerStatus.NOT_ELIGIBLE)
    holders = [principal, *await uow.members.deputies_of(principal)]
    seat = seat_for(user_id, seats_of(seat_holders(holders)))
    if seat is None:
        return AnswerResult(AnswerStatus.NOT_ELIGIBLE)
    return seat


async def _counted(
    uow: UnitOfWork, effects: Effects, poll: Poll, seat: Seat, every_seat_voted: bool,
    now: datetime, prefix: str, signer: Signer | None,
) -> AnswerResult:
    """The answer counts; when it was the last seat's, the poll closes early."""
    if not every_seat_voted:
        return AnswerResult(AnswerStatus.COUNTED, seat)
    decision = await close_poll(
        uow, effects, poll, closes_at=now, closed_by=None, reason=CloseReason.ALL_VOTED,
        prefix=prefix, signer=signer,
    )
    return AnswerResult(AnswerStatus.COUNTED, seat, decision)


async def tell_not_eligible_once(
    uow: UnitOfWork, effects: Effects, poll: Poll, user_id: str, prefix: str
) -> None:
    """A click from someone without a seat: ignored, and they are told why, once per poll."""
    if not await uow.polls.refuse_once(poll, user_id):
        return
    group = poll.group
    member = await uow.members.active_member(group, user_id)
    key = "poll.refused.not_voting" if member is not None else "poll.refused.not_member"
    text = renderer_for(group, prefix)(
        key, number=poll.number, question=poll.question, group=group.name,
        role=member.role if member else None,
    )
    await effects.direct(user_id, Notice(text))


async def close_poll(
    uow: UnitOfWork,
    effects: Effects,
    poll: Poll,
    *,
    closes_at: datetime,
    closed_by: str | None,
    reason: CloseReason,
    prefix: str,
    signer: Signer | None,
) -> Decision:
    """Count, decide, log and announce. Answers sent after `closes_at` do not count. A poll
    on approving minutes that is adopted makes their approved version (signed by `signer`)."""
    group = poll.group
    group_seats = await current_seats(uow, group)
    if poll.secret:
        counts = await uow.polls.secret_counts(poll)
        answers = [answer for answer, n in counts.items() for _ in range(n)]
        votes: list[SeatVote] = []
    else:
        votes = await counted_votes(uow, poll, group_seats, closes_at)
        answers = [vote.answer for vote in votes]
    counting = _counting(poll, len(group_seats), answers, reason)
    outcome = Outcome(counting["outcome"])
    poll.state = PollState.CLOSED
    poll.closed_at = closes_at
    poll.closed_by = closed_by
    renderer = renderer_for(group, prefix)
    year = closes_at.astimezone(ZoneInfo(group.timezone)).year
    minutes = await uow.minutes.by_poll(poll.id)
    document, number = None, None
    if minutes is not None and minutes.approved_at is None and outcome is Outcome.ADOPTED:
        number = await uow.decisions.next_number(group, year)
        document = await approved_paper(Paperwork(uow, effects, signer, renderer, closes_at),
                                        group, minutes, number)
    decision = await uow.decisions.append(
        group,
        text=poll.question,
        decided_at=closes_at,
        year=year,
        outcome=outcome,
        recorded_by=await uow.people.pseudonym(closed_by) if closed_by else "kimbot",
        poll_id=poll.id,
        counting=counting,
        votes=None if poll.secret else await _vote_records(uow, poll, votes),
        report=await _citation(uow, poll),
        document=document,
    )
    result = result_text(renderer, decision)
    start_event = await uow.polls.start_event_id(poll)
    if start_event is not None and not poll.secret:  # a secret poll is no native poll
        await effects.post(group.room_id, PollEnd(start_event, result))
    heading = renderer("poll.ended", number=poll.number, question=poll.question)
    parts = [heading, result]
    if minutes is not None:
        minutes.poll_id = None
        parts.append(_minutes_outcome(renderer, minutes, decision, number))
    elif poll.mode is PollMode.CIRCULAR and outcome is not Outcome.ADOPTED:
        # A written procedure that failed goes to the meeting (SPEC: Umlaufverfahren): the
        # next one scheduled, or the next one to be scheduled.
        by = closed_by or poll.created_by
        meeting = await put_on_next_agenda(uow, group, poll.question, source="circular",
                                           by=by, now=closes_at)
        if meeting is None:
            await uow.agenda.propose(group, poll.question, source="circular", proposed_by=by,
                                     now=closes_at, poll_id=poll.id)
        parts.append(renderer("poll.circular.to_agenda"))
    if outcome is Outcome.ADOPTED and poll.then_text:
        item = await open_mandate(
            uow, group, decision, poll.then_text, owner_user=poll.then_owner_user,
            owner_org=poll.then_owner_org, due=poll.then_due, by=poll.created_by, now=closes_at,
        )
        parts.append(renderer("decision.mandate", item=item.number, owner=owner_of(item),
                              due=due_of(item)))
    await effects.post(group.room_id, Notice(Rendered.join(parts)))
    effects.timers_changed()
    effects.poll_status_changed(poll.id)  # the status message shows the result
    return decision


def _minutes_outcome(renderer: Renderer, minutes: MinutesVersion, decision: Decision,
                     number: str | None) -> Rendered:
    """Minutes approved by the poll; or, not approved, still waiting at the next meeting."""
    meeting = minutes.occurrence.meeting.number
    if number is None:
        return renderer("minutes.poll.not_approved", number=meeting)
    settle_approval(minutes, decision, number)
    return renderer("minutes.approve.done", number=meeting, decision=decision.number,
                    filename=minutes.filename)


async def _citation(uow: UnitOfWork, poll: Poll) -> dict[str, Any] | None:
    """The report the poll's question is about, as its decision records it."""
    if poll.report_id is None:
        return None
    report = await uow.session.get(Report, poll.report_id)
    return report.citation() if report is not None else None


async def cancel_poll(
    uow: UnitOfWork, effects: Effects, poll: Poll, *, by: str, prefix: str, now: datetime
) -> None:
    poll.state = PollState.CANCELLED
    poll.closed_at = now
    poll.closed_by = by
    start_event = await uow.polls.start_event_id(poll)
    if start_event is not None and not poll.secret:
        fallback = renderer_for(poll.group, prefix)("poll.cancelled.fallback", number=poll.number)
        await effects.post(poll.group.room_id, PollEnd(start_event, fallback))
    effects.timers_changed()
    effects.poll_status_changed(poll.id)


def _counting(
    poll: Poll, seat_count: int, answers: list[str], reason: CloseReason
) -> dict[str, Any]:
    if poll.yes_no:
        tally = Tally.of(answers, seat_count)
        winner = None
    else:
        winner = leading_option(answers, poll.answer_ids)
        tally = option_tally(answers, winner or "", seat_count)
    outcome = decide(poll.rule, tally, poll.quorum_percent)
    if not poll.yes_no and winner is None and outcome is Outcome.ADOPTED:
        outcome = Outcome.REJECTED  # a tie for the lead decides nothing
    return {
        "poll": poll.number,
        "mode": poll.mode.value,
        "secret": poll.secret,
        "rule": poll.rule.value,
        "quorum_percent": poll.quorum_percent,
        "seats": seat_count,
        "represented": len(answers),
        "quorate": quorum_reached(len(answers), seat_count, poll.quorum_percent),
        "counts": [
            [poll.label(answer_id), count]
            for answer_id, count in answer_counts(answers, poll.answer_ids).items()
        ],
        "yes": tally.yes,
        "no": tally.no,
        "abstain": tally.abstain,
        "winner": poll.label(winner) if winner else None,
        "unanimous": unanimous(tally),
        "outcome": outcome.value,
        "closed": reason.value,
    }


async def _vote_records(uow: UnitOfWork, poll: Poll,
                        votes: Sequence[SeatVote]) -> list[dict[str, str]]:
    """Who voted how, with people named by pseudonym, so erasing a person's data later does
    not touch the hashed entry."""
    named = await uow.people.pseudonyms(
        person for vote in votes for person in (vote.seat.principal, vote.voter))
    return [{"seat": named[vote.seat.principal], "organisation": vote.seat.organisation,
             "voter": named[vote.voter], "answer": poll.label(vote.answer)} for vote in votes]


def yes_no_answers(renderer: Renderer, circular: bool = False) -> tuple[tuple[str, str], ...]:
    """Ja / Nein / Enthaltung; in a written procedure Zustimmung / Widerspruch / Enthaltung."""
    kind = "circular" if circular else "open"
    return tuple(
        (answer, renderer(f"poll.answer.{kind}.{answer}").plain) for answer in (YES, NO, ABSTAIN)
    )



def poll_answer(poll: Poll, answer_ids: Sequence[str]) -> str:
    """What a click says, as stored: one answer id, or for date finding every chosen slot
    ("s1,s3"); "" (withdrawn) when nothing valid was chosen."""
    if poll.mode is PollMode.FINDTIME:
        valid = {a for a in answer_ids if a in poll.answer_ids}
        return ",".join(sorted(valid, key=poll.answer_ids.index))
    first = answer_ids[0] if answer_ids else ""
    return first if first in poll.answer_ids else ""
