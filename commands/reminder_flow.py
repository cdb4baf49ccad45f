"""Reminders of meetings, of items due, and nudges before poll deadlines: which are due, and
sending one — exactly once, also after a restart.

The database is the truth: `planned_reminders` reads what should be reminded from the meetings
and items as they are now, leaving out what was sent (the `sent_reminders` table). `send_reminder`
checks again inside its own transaction, so a reminder for a meeting that was moved, cancelled
or has begun meanwhile is dropped, and the sent mark commits with the message.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from commands.framework.converters import ParseContext, convert_duration
from commands.framework.effects import Effects, Notice
from commands.meeting_flow import (
    forecast_message,
    local_end,
    local_start,
    seat_attendance,
    where,
)
from commands.poll_status import planned_nudges, send_nudge
from domain.reminders import (
    ever_due,
    item_reminder,
    meeting_reminders,
    next_item_reminder,
    parse_offsets,
    still_useful,
)
from domain.roles import Notify, Role
from i18n import Message, Rendered, Renderer, TimeRange, UserRef
from storage.loading import attach
from storage.models import Group, Item, ItemState, Member, Occurrence, Poll
from storage.unit_of_work import UnitOfWork

#: How far ahead reminders are planned (further ones are planned at a later rebuild).
PLANNING_HORIZON = timedelta(days=45)


class ReminderKind(StrEnum):
    MEETING = "meeting"
    ITEM = "item"
    #: The seats that have not voted, before a poll's deadline (`poll-nudge`).
    POLL = "poll"


@dataclass(frozen=True)
class PlannedReminder:
    key: str
    at: datetime
    kind: ReminderKind
    #: The occurrence, item or poll (its row id).
    target_id: int
    #: The number the group knows the meeting, item or poll by (for `!status`).
    number: int


@dataclass(frozen=True)
class _Candidate:
    """A reminder that may be planned; `instead`, an item's next reminder, is planned if
    this one (today's, due already) went out."""

    reminder: PlannedReminder
    instead: PlannedReminder | None = None


def group_offsets(group: Group) -> tuple[timedelta, ...]:
    return parse_offsets(group.reminders, lambda word: convert_duration(word, ParseContext()))


async def planned_reminders(uow: UnitOfWork, now: datetime) -> list[PlannedReminder]:
    """Every reminder of every group not sent yet that is due or will be within the horizon,
    by time. The meetings, items and polls of all groups are read in one query each: a
    re-planning costs what lies within the horizon, not a round of queries per group."""
    groups = {group.id: group for group in await uow.groups.all()}
    reach = max((max(group_offsets(group), default=timedelta(0))
                 for group in groups.values()), default=timedelta(0))
    occurrences: dict[int, list[Occurrence]] = defaultdict(list)
    for occurrence in await uow.meetings.starting_between(now, now + PLANNING_HORIZON + reach):
        occurrences[occurrence.meeting.group_id].append(occurrence)
    items: dict[int, list[Item]] = defaultdict(list)
    for item in await uow.items.open_with_due():
        items[item.group_id].append(item)
    polls: dict[int, list[Poll]] = defaultdict(list)
    for poll in await uow.polls.open():
        polls[poll.group_id].append(poll)
    candidates: list[_Candidate] = []
    for group_id in sorted(occurrences.keys() | items.keys() | polls.keys()):
        group = groups[group_id]
        attach((o.meeting for o in occurrences[group_id]), "group", group)
        candidates += await _candidates(uow, group, now, items[group_id], polls[group_id],
                                        occurrences[group_id])
    return await _unsent(uow, candidates, now)


async def group_reminders(
    uow: UnitOfWork, group: Group, now: datetime, open_items: Sequence[Item] | None = None,
    open_polls: Sequence[Poll] | None = None,
) -> list[PlannedReminder]:
    """The same for one group; `open_items`, `open_polls`: its open items and polls, where
    the caller has read them already."""
    return await _unsent(uow, await _candidates(uow, group, now, open_items, open_polls),
                         now)


async def _candidates(
    uow: UnitOfWork, group: Group, now: datetime, open_items: Sequence[Item] | None,
    open_polls: Sequence[Poll] | None, occurrences: Sequence[Occurrence] | None = None,
) -> list[_Candidate]:
    """A group's reminders within the horizon, sent or not. `occurrences`: its meetings'
    dates from now to at least its reach beyond the horizon, where the caller read them."""
    candidates: list[_Candidate] = []
    offsets = group_offsets(group)
    reach = max(offsets, default=timedelta(0))
    if occurrences is None:
        occurrences = await uow.meetings.in_group(group, now, now + PLANNING_HORIZON + reach)
    for occurrence in occurrences:
        start = local_start(occurrence)
        for reminder in meeting_reminders(occurrence.id, start, offsets):
            if not ever_due(reminder.at, occurrence.scheduled_at):
                continue
            if reminder.at <= now + PLANNING_HORIZON and not (
                reminder.at <= now
                and not still_useful(reminder.at, occurrence.scheduled_at, start, now)
            ):
                candidates.append(_Candidate(PlannedReminder(
                    reminder.key, reminder.at, ReminderKind.MEETING, occurrence.id,
                    occurrence.meeting.number)))
    zone = ZoneInfo(group.timezone)
    if open_items is None:
        open_items = await uow.items.listing(group, (ItemState.OPEN,), history=False)
    for item in open_items:
        if item.due is None:
            continue
        current = item_reminder(item.id, item.due, zone, now)
        instead = None
        if current.at <= now:  # today's is due: if it went out already, tomorrow's is next
            following = next_item_reminder(item.id, item.due, zone, now)
            instead = PlannedReminder(following.key, following.at, ReminderKind.ITEM, item.id,
                                      item.number)
        candidates.append(_Candidate(
            PlannedReminder(current.key, current.at, ReminderKind.ITEM, item.id, item.number),
            instead))
    for nudge in await planned_nudges(uow, group, now, now + PLANNING_HORIZON, open_polls):
        candidates.append(_Candidate(PlannedReminder(
            nudge.key, nudge.at, ReminderKind.POLL, nudge.poll_id, nudge.poll_number)))
    return candidates


async def _unsent(uow: UnitOfWork, candidates: list[_Candidate],
                  now: datetime) -> list[PlannedReminder]:
    """What is left to send, by time. Only a reminder whose time has come can have gone out
    (`send_reminder` sends none early, and checks again before it sends), so only those are
    looked up, in one query; an item's next reminder (`instead`) lies ahead by definition."""
    sent = await uow.reminders.sent_among([c.reminder.key for c in candidates
                                           if c.reminder.at <= now])
    unsent = []
    for candidate in candidates:
        reminder = candidate.reminder
        if reminder.key in sent and candidate.instead is not None:
            reminder = candidate.instead
        if reminder.key not in sent:
            unsent.append(reminder)
    return sorted(unsent, key=lambda p: (p.at, p.key))


async def send_reminder(
    uow: UnitOfWork, effects: Effects, planned: PlannedReminder, now: datetime, prefix: str
) -> bool:
    """Send one reminder if it is still due and not sent; True if it was sent."""
    if planned.at > now or await uow.reminders.sent(planned.key):
        return False
    if planned.kind is ReminderKind.MEETING:
        sent = await _meeting_reminder(uow, effects, planned, now, prefix)
    elif planned.kind is ReminderKind.POLL:
        sent = await send_nudge(uow, effects, planned.key, planned.target_id, now, prefix)
    else:
        sent = await _item_reminder(uow, effects, planned, now, prefix)
    if sent:
        await uow.reminders.mark(planned.key, now)
    return sent


async def _meeting_reminder(
    uow: UnitOfWork, effects: Effects, planned: PlannedReminder, now: datetime, prefix: str
) -> bool:
    occurrence = await uow.session.get(Occurrence, planned.target_id)
    if occurrence is None or occurrence.cancelled or occurrence.meeting.cancelled:
        return False
    start = local_start(occurrence)
    group = occurrence.meeting.group
    matching = [r for r in meeting_reminders(occurrence.id, start, group_offsets(group))
                if r.key == planned.key]
    if not matching or not still_useful(matching[0].at, occurrence.scheduled_at, start, now):
        return False  # moved, reconfigured, or the meeting has begun: this one is void
    renderer = Renderer(group.language, group.timezone, prefix)
    members = await uow.members.active(group)
    renderer.names = {m.user_id: m.display_name for m in members}
    _, answers, _, result = await seat_attendance(uow, occurrence, members)
    silent = sorted(m.user_id for m in members if m.user_id not in answers)
    meeting = occurrence.meeting
    lines = [
        Message("reminder.meeting", number=meeting.number, title=meeting.title,
                when=TimeRange(start, local_end(occurrence)), offset=matching[0].offset,
                location=where(meeting)),
        forecast_message(result),
    ]
    mentions = list(silent)
    if silent:
        lines.append(Message("reminder.meeting.silent", users=[UserRef(u) for u in silent],
                             number=meeting.number))
    if not result.quorate:
        coordinators = [m.user_id for m in members if m.role in (Role.CHAIR, Role.COORDINATOR)]
        lines.append(Message("reminder.meeting.not_quorate",
                             users=[UserRef(u) for u in coordinators]))
        mentions += [c for c in coordinators if c not in mentions]
    text = Rendered.join(renderer.message(line) for line in lines)
    await effects.post(group.room_id, Notice(text, tuple(mentions)))
    subject = renderer("reminder.mail.subject", title=meeting.title).plain
    await _by_email(uow, members, planned.key, subject, text, renderer, group, now)
    return True


async def _item_reminder(
    uow: UnitOfWork, effects: Effects, planned: PlannedReminder, now: datetime, prefix: str
) -> bool:
    item = await uow.session.get(Item, planned.target_id)
    if item is None or item.state is not ItemState.OPEN or item.due is None:
        return False
    group = await uow.session.get(Group, item.group_id)
    assert group is not None
    zone = ZoneInfo(group.timezone)
    if item_reminder(item.id, item.due, zone, now).key != planned.key:
        return False  # the due date changed, or the day passed: a newer one is planned
    members = await uow.members.active(group)
    if item.owner_user:
        owners = [item.owner_user]
    elif item.owner_org:
        owners = [m.user_id for m in members if m.organisation == item.owner_org]
    else:
        owners = [m.user_id for m in members if m.role in (Role.CHAIR, Role.COORDINATOR)]
    renderer = Renderer(group.language, group.timezone, prefix)
    renderer.names = {m.user_id: m.display_name for m in members}
    overdue = item.due < now.astimezone(zone).date()
    text = renderer("reminder.item.overdue" if overdue else "reminder.item.due",
                    number=item.number, text=item.text, due=item.due,
                    users=[UserRef(u) for u in owners])
    await effects.post(group.room_id, Notice(text, tuple(owners)))
    subject = renderer("reminder.mail.item_subject", number=item.number).plain
    await _by_email(uow, [m for m in members if m.user_id in owners], planned.key, subject,
                    text, renderer, group, now)
    return True


async def _by_email(
    uow: UnitOfWork, members: Sequence[Member], key: str, subject: str, text: Rendered,
    renderer: Renderer, group: Group, now: datetime,
) -> None:
    """The reminder, as posted in the room, by email to those members who asked for it
    (`notify=email`). Queued in the reminder's transaction: sent once, like the post."""
    body = text.plain + renderer("reminder.mail.footer", group=group.name).plain
    await uow.mail.queue_to({f"reminder:{key}:{m.email}": m.email for m in members
                             if m.notify is Notify.EMAIL and m.email}, subject, body, now)
