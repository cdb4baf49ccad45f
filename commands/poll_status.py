"""A running poll in the room: its status message, and the nudge before the deadline.

The status message is posted with the poll and edited in place as seats vote — seats voted of
all, quorum reached or how many seats it still needs, the organisations still missing, the time
left, and the interim tally where the group chose it; when the poll ends it shows the result.
`!poll show N` shows the same text. An edit is queued only when the text changed, with a
revision number of its own, inside the caller's unit of work: a restart continues editing the
same message, and nothing is sent twice.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from commands.decision_text import result_text
from commands.framework.converters import ParseContext, convert_duration
from commands.framework.effects import Effects, Notice
from commands.members import current_seats
from commands.poll_flow import counted_votes, renderer_for
from domain.poll_status import (
    OrganisationGap,
    TimeLeft,
    TimeUnit,
    missing_seats,
    nudge_at,
    progress,
    time_left,
)
from domain.reminders import offset_code
from domain.seats import Seat
from domain.voting import PollMode, answer_counts
from i18n import Message, Rendered, Renderer, UserRef
from storage.models import Group, Poll, PollState
from storage.unit_of_work import UnitOfWork


def has_status(poll: Poll) -> bool:
    """Decision polls have a status message; date finding shows its own running tally."""
    return poll.mode is not PollMode.FINDTIME


async def status_text(uow: UnitOfWork, renderer: Renderer, poll: Poll, now: datetime) -> Rendered:
    """The poll's status as the room sees it now."""
    kind = "secret" if poll.secret else "circular" if poll.mode is PollMode.CIRCULAR else ""
    heading = renderer(f"poll.status.heading{'.' if kind else ''}{kind}", number=poll.number,
                       question=poll.question)
    if poll.state is PollState.CLOSED:
        decision = await uow.decisions.by_poll(poll.id)
        assert decision is not None, "a closed poll has its decision"
        return Rendered.join([heading, renderer("poll.status.closed",
                                                result=result_text(renderer, decision))])
    if poll.state is PollState.CANCELLED:
        return Rendered.join([heading, renderer("poll.status.cancelled")])
    group_seats = await current_seats(uow, poll.group)
    if poll.secret:
        voted = await uow.polls.secret_seats(poll)
        answers: list[str] = []
    else:
        votes = await counted_votes(uow, poll, group_seats, None)
        voted = {vote.seat.principal for vote in votes}
        answers = [vote.answer for vote in votes]
    state = progress(group_seats, voted, poll.quorum_percent)
    lines = [
        heading,
        renderer("poll.status.voted", voted=state.voted, seats=state.seats),
        _quorum_line(renderer, state.still_needed, state.needed),
    ]
    if not poll.secret:
        lines.append(_missing_line(renderer, state.missing))
    if poll.group.live_tally and not poll.secret:
        counts = answer_counts(answers, poll.answer_ids)
        lines.append(renderer("poll.status.tally", counts=Rendered.join(
            (renderer("decision.count", label=poll.label(a), n=n) for a, n in counts.items()),
            ", ", ", ")))
    lines.append(_deadline_line(renderer, poll, now))
    return Rendered.join(lines)


def _quorum_line(renderer: Renderer, still_needed: int, needed: int) -> Rendered:
    if still_needed == 0:
        return renderer("poll.status.quorate", needed=needed)
    key = "poll.status.quorum_missing.one" if still_needed == 1 else "poll.status.quorum_missing"
    return renderer(key, missing=still_needed, needed=needed)


#: Organisations named in the status at most; beyond, how many more (a status for a very
#: large group stays short enough to be edited often).
MAX_LISTED = 40


def _missing_line(renderer: Renderer, missing: tuple[OrganisationGap, ...]) -> Rendered:
    if not missing:
        return renderer("poll.status.all_voted")
    parts = []
    for gap in missing[:MAX_LISTED]:
        if gap.seats == 1:
            parts.append(renderer("poll.status.org", org=gap.organisation))
        else:
            parts.append(renderer("poll.status.org.seats", org=gap.organisation,
                                  missing=gap.missing, seats=gap.seats))
    if len(missing) > MAX_LISTED:
        parts.append(renderer("poll.status.more", n=len(missing) - MAX_LISTED))
    return renderer("poll.status.missing", orgs=Rendered.join(parts, ", ", ", "))


def _deadline_line(renderer: Renderer, poll: Poll, now: datetime) -> Rendered:
    if poll.deadline is None:
        return renderer("poll.status.no_deadline", number=poll.number)
    return renderer("poll.status.deadline", deadline=poll.deadline,
                    left=left_message(time_left(now, poll.deadline)))


def left_message(left: TimeLeft) -> Message:
    """„noch 3 Tage“, „noch 1 Stunde“, „noch 25 Minuten“, …"""
    singular = left.amount == 1 and left.unit in (TimeUnit.HOURS, TimeUnit.MINUTES)
    return Message(f"poll.left.{left.unit.value}{'.one' if singular else ''}", n=left.amount)


def digest(text: Rendered) -> str:
    return hashlib.sha256(f"{text.plain}\x00{text.html}".encode()).hexdigest()[:40]


async def post_status(uow: UnitOfWork, effects: Effects, poll: Poll, now: datetime,
                      prefix: str) -> None:
    """Post the status message of a poll that has just started."""
    text = await status_text(uow, renderer_for(poll.group, prefix), poll, now)
    poll.status_txn_id = await effects.post(poll.group.room_id, Notice(text))
    poll.status_digest = digest(text)


async def refresh_status(uow: UnitOfWork, effects: Effects, poll: Poll, now: datetime,
                         prefix: str) -> bool:
    """Queue an edit of the poll's status message if its text changed; True if one was."""
    if poll.status_txn_id is None:
        return False
    original = await uow.polls.status_event_id(poll)
    if original is None:
        return False  # not sent yet: the next change or refresh edits it
    text = await status_text(uow, renderer_for(poll.group, prefix), poll, now)
    fingerprint = digest(text)
    if fingerprint == poll.status_digest:
        return False
    poll.status_revision += 1
    poll.status_digest = fingerprint
    await effects.edit(poll.group.room_id, original, text, poll.status_revision)
    return True


#: Polls ended this recently get their status looked at after a start.
STATUS_CATCH_UP = timedelta(days=7)


async def statuses_to_look_at(uow: UnitOfWork, now: datetime) -> list[int]:
    """After a start: the open polls (their time left moved on while the bot was down) and
    those ended lately (one closed just before a kill may still show its last running state).
    Each is edited only if its text changed."""
    polls = [*await uow.polls.open(), *await uow.polls.ended_since(now - STATUS_CATCH_UP)]
    return [poll.id for poll in polls if has_status(poll)]


def status_changes_at(poll: Poll, now: datetime) -> datetime | None:
    """When the status of an open poll changes without a vote (its time left), if ever."""
    if poll.state is not PollState.OPEN or poll.deadline is None or not has_status(poll):
        return None
    return time_left(now, poll.deadline).changes_at


# Nudges ------------------------------------------------------------------------------------


def nudge_lead(group: Group) -> timedelta | None:
    """How long before a deadline the group's seats are nudged; None when it does not nudge."""
    if not group.poll_nudge:
        return None
    return convert_duration(group.poll_nudge, ParseContext())


@dataclass(frozen=True)
class PlannedNudge:
    key: str
    at: datetime
    poll_id: int
    poll_number: int


def nudge_for(poll: Poll) -> PlannedNudge | None:
    """The nudge an open poll with a deadline gets under its group's setting now. The key
    names the lead and the deadline, so a changed setting plans anew."""
    lead = nudge_lead(poll.group)
    if lead is None or poll.deadline is None or poll.state is not PollState.OPEN:
        return None
    if not has_status(poll):
        return None
    at = nudge_at(poll.deadline, lead, poll.created_at)
    if at is None:
        return None
    stamp = poll.deadline.astimezone(ZoneInfo("UTC")).strftime("%Y%m%dT%H%M%SZ")
    return PlannedNudge(f"poll:{poll.id}:nudge:{offset_code(lead)}:{stamp}", at, poll.id,
                        poll.number)


async def planned_nudges(uow: UnitOfWork, group: Group, now: datetime, until: datetime,
                         open_polls: Sequence[Poll] | None = None) -> list[PlannedNudge]:
    """The nudges of the group's open polls due by `until` (sent or not: the caller leaves
    out what was sent). One missed while the bot was down is still due before the deadline.
    `open_polls`: the group's open polls, where the caller has read them already."""
    planned = []
    if open_polls is None:
        open_polls = await uow.polls.open(group)
    for poll in open_polls:
        nudge = nudge_for(poll)
        if nudge is not None and nudge.at <= until and poll.deadline is not None \
                and now < poll.deadline:
            planned.append(nudge)
    return planned


async def send_nudge(uow: UnitOfWork, effects: Effects, key: str, poll_id: int, now: datetime,
                     prefix: str) -> bool:
    """Remind the seats of the poll that have not voted (a deputy's vote counts for its seat);
    True if the nudge is done (also when every seat had voted), False if it is void."""
    poll = await uow.polls.get(poll_id)
    if poll is None:
        return False
    nudge = nudge_for(poll)
    if nudge is None or nudge.key != key or poll.deadline is None or now >= poll.deadline:
        return False  # closed, setting changed, deadline moved: this one is void
    group_seats = await current_seats(uow, poll.group)
    if poll.secret:
        voted = await uow.polls.secret_seats(poll)
    else:
        voted = {v.seat.principal for v in await counted_votes(uow, poll, group_seats, None)}
    missing = missing_seats(group_seats, voted)
    if not missing:
        return True
    renderer = renderer_for(poll.group, prefix)
    renderer.names = {m.user_id: m.display_name for m in await uow.members.active(poll.group)}
    left = left_message(time_left(now, poll.deadline))
    if poll.secret:
        await _nudge_secretly(effects, renderer, poll, missing, left)
    else:
        await _nudge_in_room(effects, renderer, poll, missing, left)
    return True


async def _nudge_in_room(effects: Effects, renderer: Renderer, poll: Poll,
                         missing: list[Seat], left: Message) -> None:
    rows = [
        renderer("poll.nudge.seat.deputies", org=seat.organisation,
                 user=UserRef(seat.principal), deputies=[UserRef(d) for d in seat.deputies])
        if seat.deputies else
        renderer("poll.nudge.seat", org=seat.organisation, user=UserRef(seat.principal))
        for seat in missing
    ]
    text = renderer("poll.nudge", number=poll.number, question=poll.question,
                    deadline=poll.deadline, left=left, seats=Rendered.join(rows),
                    example=poll.options[0][1].lower())
    people = tuple(person for seat in missing for person in (seat.principal, *seat.deputies))
    await effects.post(poll.group.room_id, Notice(text, mentions=people))


async def _nudge_secretly(effects: Effects, renderer: Renderer, poll: Poll,
                          missing: list[Seat], left: Message) -> None:
    """A secret poll's room shows nobody's vote, so nobody is named there: each person of a
    seat that has not voted is reminded by direct message."""
    for seat in missing:
        for person in (seat.principal, *seat.deputies):
            lines = [renderer("poll.nudge.secret", number=poll.number, group=poll.group.name,
                              question=poll.question, deadline=poll.deadline, left=left,
                              example=poll.options[0][1].lower())]
            if person != seat.principal:
                lines.append(renderer("poll.secret.deputy", principal=UserRef(seat.principal)))
            await effects.direct(person, Notice(Rendered.join(lines), mentions=(person,)))
