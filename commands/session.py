"""The meeting itself in the room (`!termin beginnen` … `!termin beenden`): presence, the agenda
as it is dealt with, and what is recorded under each item — statements, actions, decisions by
consensus, polls. Only what a command records is stored; ordinary chat is not minuted.

Everything lives in the database (the session, who is here, the current item, the records), so
a session interrupted by a restart goes on where it stood.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

from commands.framework import CommandContext, CommandSet, Reply, Text, UserId
from commands.framework.converters import ParseContext, convert_user_id
from commands.framework.effects import Effects, Notice
from commands.items import create_item, due_of, owner_of
from commands.meeting_flow import agenda_text, local_end, local_start, where
from commands.meetings import find_meeting, find_occurrence
from commands.members import current_seats
from commands.minutes_decision import approve
from commands.minutes_flow import draft_state, post_draft, post_minutes_pdf
from commands.minutes_form import session_form
from commands.session_minutes import SessionMinutes, minutes_filename
from commands.signed_exports import post_signed
from domain.errors import UserError
from domain.roles import Access, Role
from domain.session import SessionPresence, fixed_labels, label_after, presence
from domain.voting import Outcome
from i18n import Message, Renderer, TimeRange, UserRef
from storage.models import (
    AgendaEntry,
    Group,
    ItemState,
    Meeting,
    MeetingSession,
    Occurrence,
    Poll,
)
from storage.unit_of_work import UnitOfWork

commands = CommandSet()

#: Who may record in any session besides the meeting's minute-taker.
RECORDING_ROLES = frozenset({Role.CHAIR, Role.COORDINATOR})
#: What `!undo` takes back (a poll is cancelled with `!abstimmung abbrechen`).
UNDOABLE = ("info", "action", "agreed")
#: The condition the recording commands check beyond the role (see `may_record`).
SCRIBE = "scribe"
#: ✋ (with any skin tone) on the start message: "I am here".
HAND = "✋"


# Start and end --------------------------------------------------------------------------


@commands.command("meeting start", de="termin beginnen", access=Access.PARTICIPANT,
                  condition=SCRIBE)
@commands.command("session start", de="sitzung beginnen", access=Access.PARTICIPANT,
                  help="meeting.start", listed=False, condition=SCRIBE)
async def meeting_start(ctx: CommandContext, number: int | None = None, *,
                        on: date | None = None) -> Reply:
    group = ctx.require_group()
    running = await ctx.uow.sessions.running(group)
    if running is not None:
        raise UserError("session.already", number=running.occurrence.meeting.number)
    occurrence = await _occurrence(ctx, group, number, on)
    meeting = occurrence.meeting
    _require_recorder(ctx, meeting)
    if await ctx.uow.sessions.of_occurrence(occurrence) is not None:
        raise UserError("session.held", number=meeting.number,
                        when=TimeRange(local_start(occurrence), local_end(occurrence)))
    agenda = list(await ctx.uow.meetings.agenda(occurrence))
    for entry, label in zip(agenda, fixed_labels(len(agenda)), strict=True):
        entry.label = label
    lines = [Message("session.started", title=meeting.title, number=meeting.number,
                     at=ctx.now().astimezone(ZoneInfo(group.timezone)).time(),
                     where=where(meeting)),
             Message("session.started.agenda", entries=_agenda_lines(agenda)
                     or [Message("session.agenda.empty")])]
    if meeting.online_url:
        lines.append(Message("session.started.online", url=meeting.online_url))
    lines.append(Message("session.started.how"))
    txn = await ctx.effects.post(group.room_id, Notice(ctx.render(*lines)))
    held = await ctx.uow.sessions.start(occurrence, by=ctx.sender, now=ctx.now(),
                                        start_txn_id=txn)
    if ctx.member is not None:
        await ctx.uow.sessions.arrive(held, ctx.sender, by=ctx.sender, now=ctx.now())
    state = await _presence(ctx.uow, group, held)
    held.quorate = state.quorate
    return Reply.of("session.opened", number=meeting.number, quorum=_quorum(state))


@commands.command("meeting end", de="termin beenden", access=Access.PARTICIPANT,
                  condition=SCRIBE)
@commands.command("session end", de="sitzung beenden", access=Access.PARTICIPANT,
                  help="meeting.end", listed=False, condition=SCRIBE)
async def meeting_end(ctx: CommandContext) -> Reply:
    group = ctx.require_group()
    held = await _running(ctx, group)
    _require_recorder(ctx, held.occurrence.meeting)
    held.ended_at = ctx.now()
    minutes = await SessionMinutes.gather(ctx.uow, group, held)
    filename = minutes_filename(ctx.renderer, held.occurrence)
    await post_signed(ctx, group, filename, "text/markdown; charset=utf-8",
                      minutes.markdown(ctx.renderer).encode("utf-8"))
    # The draft for the files: the form, marked as a draft; objections may be raised now.
    draft = await post_draft(ctx, group, held.occurrence)
    form = session_form(minutes, ctx.renderer, ctx.now(), await draft_state(ctx, draft))
    await post_minutes_pdf(ctx, group, filename, form)
    return Reply.of("session.ended", number=held.occurrence.meeting.number,
                    at=ctx.now().astimezone(ZoneInfo(group.timezone)).time(),
                    minutes=minutes.summary(), filename=filename)


@commands.command("meeting scribe", de="termin protokoll", access=Access.COORDINATOR)
async def meeting_scribe(ctx: CommandContext, meeting_or_user: str,
                         user: str | None = None) -> Reply:
    """`!termin protokoll @user` (the meeting in session, else the next one) or
    `!termin protokoll N @user`."""
    group = ctx.require_group()
    if user is None:
        meeting, who = await _current_meeting(ctx, group), meeting_or_user
    else:
        if not meeting_or_user.isdigit():
            raise UserError("arg.number.invalid", value=meeting_or_user, name="NR")
        meeting, who = await find_meeting(ctx, group, int(meeting_or_user)), user
    if who.strip().casefold() in ("-", "keine", "keiner", "none", "nobody"):
        meeting.scribe = None
        return Reply.of("session.scribe.cleared", number=meeting.number)
    user = await _member_id(ctx, group, who)
    meeting.scribe = user
    return Reply.of("session.scribe.set", number=meeting.number, user=UserRef(user))


async def _current_meeting(ctx: CommandContext, group: Group) -> Meeting:
    """The meeting in session, else the group's next one."""
    held = await ctx.uow.sessions.running(group)
    if held is not None:
        return held.occurrence.meeting
    upcoming = await ctx.uow.meetings.in_group(group, ctx.now() - timedelta(hours=12),
                                               ctx.now() + timedelta(days=3650))
    if not upcoming:
        raise UserError("session.scribe.no_meeting", p=ctx.prefix)
    return upcoming[0].meeting


# Presence -------------------------------------------------------------------------------


@commands.command("here", de="anwesend", access=Access.PARTICIPANT)
async def here(ctx: CommandContext, user: UserId | None = None) -> Reply:
    group = ctx.require_group()
    held = await _running(ctx, group)
    person = await _person(ctx, group, held, user)
    arrived = await ctx.uow.sessions.arrive(held, person, by=ctx.sender, now=ctx.now())
    return await _presence_reply(ctx.uow, ctx, group, held, person,
                                 "session.here" if arrived else "session.here.already")


@commands.command("gone", de="abwesend", access=Access.PARTICIPANT)
async def gone(ctx: CommandContext, user: UserId | None = None) -> Reply:
    group = ctx.require_group()
    held = await _running(ctx, group)
    person = await _person(ctx, group, held, user)
    left = await ctx.uow.sessions.leave(held, person, ctx.now())
    return await _presence_reply(ctx.uow, ctx, group, held, person,
                                 "session.gone" if left else "session.gone.not_here")


async def presence_by_reaction(uow: UnitOfWork, effects: Effects, *, target_event_id: str,
                               key: str, user_id: str, at: datetime, prefix: str) -> bool:
    """✋ on a session's start message: the member is here. Said in the room only when it
    makes the meeting quorate (or not); True if it was such a hand."""
    if not key.startswith(HAND):
        return False
    held = await uow.sessions.by_start_event(target_event_id)
    if held is None or held.ended_at is not None:
        return False
    group = held.occurrence.meeting.group
    if await uow.members.active_member(group, user_id) is None:
        return False
    await uow.sessions.arrive(held, user_id, by=user_id, now=at)
    changed = await _quorum_change(uow, group, held, user_id, at)
    if changed is not None:
        renderer = Renderer(group.language, group.timezone, prefix)
        await effects.post(group.room_id, Notice(renderer.message(changed)))
    return True


# Through the agenda ------------------------------------------------------------------------


@commands.command("next", de="weiter", access=Access.PARTICIPANT,
                  condition=SCRIBE)
async def next_item(ctx: CommandContext) -> Reply:
    group = ctx.require_group()
    held = await _recording(ctx, group, needs_item=False)
    agenda = list(await ctx.uow.meetings.agenda(held.occurrence))
    ids = [entry.id for entry in agenda]
    index = ids.index(held.current_entry_id) + 1 if held.current_entry_id in ids else 0
    if index >= len(agenda):
        raise UserError("session.agenda.end", p=ctx.prefix) if agenda else UserError(
            "session.agenda.none")
    held.current_entry_id = agenda[index].id
    return _now_at(agenda[index])


@commands.command("top", de="top", access=Access.PARTICIPANT,
                  condition=SCRIBE)
async def top(ctx: CommandContext, label: Annotated[str, Text()]) -> Reply:
    group = ctx.require_group()
    held = await _recording(ctx, group, needs_item=False)
    agenda = list(await ctx.uow.meetings.agenda(held.occurrence))
    wanted = re.sub(r"^top\s*", "", label.strip(), flags=re.IGNORECASE).casefold()
    entry = next((e for e in agenda if (e.label or "").casefold() == wanted), None)
    if entry is None:
        raise UserError("session.top.unknown", label=label,
                        labels=", ".join(e.label or "?" for e in agenda) or "–")
    held.current_entry_id = entry.id
    return _now_at(entry)


@commands.command("top add", de="top neu", access=Access.PARTICIPANT,
                  condition=SCRIBE)
async def top_add(ctx: CommandContext, text: Annotated[str, Text()]) -> Reply:
    group = ctx.require_group()
    held = await _recording(ctx, group, needs_item=False)
    entry = await add_during_session(ctx.uow, held, text, by=ctx.sender, now=ctx.now())
    return Reply.of("session.top.added", label=entry.label, text=entry.text)


async def add_during_session(uow: UnitOfWork, held: MeetingSession, text: str, *, by: str,
                             now: datetime, report_id: int | None = None) -> AgendaEntry:
    """An agenda item added while the session runs: right after the item under way (and any
    added after it already), numbered after it — „4a“, then „4b“."""
    agenda = list(await uow.meetings.agenda(held.occurrence))
    current = next((e for e in agenda if e.id == held.current_entry_id), None)
    label = label_after(current.label if current else None, (e.label or "" for e in agenda))
    after, base = current, _base(current.label if current else None)
    for entry in agenda[agenda.index(current) + 1 if current else 0:]:
        if entry.label and entry.label != base and _base(entry.label) == base:
            after = entry
        else:
            break
    held.occurrence.meeting.updated_at = now
    return await uow.sessions.insert_after(held.occurrence, after, text=text, label=label,
                                           by=by, now=now, report_id=report_id)


def _base(label: str | None) -> str:
    match = re.match(r"\d+", label or "")
    return match.group(0) if match else "0"


def _now_at(entry: AgendaEntry) -> Reply:
    return Reply.of("session.top.now", label=entry.label, text=entry.text)


# What is recorded --------------------------------------------------------------------------


@commands.command("info", de="notiz", access=Access.PARTICIPANT,
                  condition=SCRIBE)
async def info(ctx: CommandContext, text: Annotated[str, Text()]) -> Reply:
    group = ctx.require_group()
    held = await _recording(ctx, group)
    await ctx.uow.sessions.record(held, "info", author=ctx.sender, now=ctx.now(), text=text)
    return Reply.of("session.info.noted", label=await _current_label(ctx.uow, held))


#: A Matrix id at the end of an action's text names who does it (`!aufgabe Bericht @anna:x`).
_TRAILING_USER = re.compile(r"\s+(@[^\s:]+:\S+)$")


@commands.command("action", de="aufgabe", access=Access.PARTICIPANT,
                  condition=SCRIBE)
async def action(
    ctx: CommandContext,
    text: Annotated[str, Text()],
    *,
    owner: UserId | None = None,
    org: str | None = None,
    due: date | None = None,
) -> Reply:
    group = ctx.require_group()
    held = await _recording(ctx, group)
    found = _TRAILING_USER.search(text)
    if found is not None and owner is None:
        owner = convert_user_id(found.group(1), ParseContext(ctx.timezone))
        text = text[: found.start()].strip()
    item = await create_item(ctx, group, text, owner=owner, org=org, due=due)
    await ctx.uow.sessions.record(held, "action", author=ctx.sender, now=ctx.now(), text=text,
                                  item_id=item.id)
    return Reply.of("session.action.added", number=item.number, text=text,
                    owner=owner_of(item), due=due_of(item),
                    label=await _current_label(ctx.uow, held))


@commands.command("agreed", de="beschlossen", access=Access.PARTICIPANT,
                  condition=SCRIBE)
async def agreed(ctx: CommandContext, text: Annotated[str, Text()]) -> Reply:
    group = ctx.require_group()
    held = await _recording(ctx, group)
    # Under the TOP that approves earlier minutes, agreeing approves them.
    draft = (await ctx.uow.minutes.by_agenda_entry(held.current_entry_id)
             if held.current_entry_id is not None else None)
    if draft is not None and draft.approved_at is None:
        entry = await approve(ctx, group, draft, text)
    else:
        entry = await ctx.uow.decisions.append(
            group, text=text, decided_at=ctx.now(),
            year=ctx.now().astimezone(ZoneInfo(group.timezone)).year, outcome=Outcome.ADOPTED,
            recorded_by=await ctx.uow.people.pseudonym(ctx.sender))
    await ctx.uow.sessions.record(held, "agreed", author=ctx.sender, now=ctx.now(), text=text,
                                  decision_id=entry.id)
    reply = Reply.of("session.agreed", number=entry.number, text=text,
                     label=await _current_label(ctx.uow, held))
    if draft is not None and draft.decision_id == entry.id:
        reply = reply.then("minutes.approve.done", number=draft.occurrence.meeting.number,
                           decision=entry.number, filename=draft.filename)
    return reply


@commands.command("undo", de="rückgängig", access=Access.PARTICIPANT,
                  condition=SCRIBE)
async def undo(ctx: CommandContext) -> Reply:
    group = ctx.require_group()
    held = await _recording(ctx, group)
    record = await ctx.uow.sessions.last_record(held, UNDOABLE)
    label = await _current_label(ctx.uow, held)
    if record is None:
        raise UserError("session.undo.nothing", label=label)
    if record.author != ctx.sender and ctx.role not in RECORDING_ROLES:
        raise UserError("session.undo.not_yours", author=UserRef(record.author))
    record.undone_at = ctx.now()
    if record.kind == "action" and record.item_id is not None:
        item = await ctx.uow.items.get(record.item_id)
        if item is not None and item.state is ItemState.OPEN:
            item.state = ItemState.DROPPED
            item.closed_at = ctx.now()
            await ctx.uow.items.record(item, "dropped", None, by=ctx.sender, now=ctx.now())
            ctx.effects.timers_changed()
    if record.kind == "agreed" and record.decision_id is not None:
        # The log is never changed: a correction says the entry was recorded by mistake.
        wrong = await ctx.uow.decisions.get(record.decision_id)
        assert wrong is not None
        await ctx.uow.decisions.append(
            group, text=ctx.renderer("session.undo.correction", number=wrong.number).plain,
            decided_at=ctx.now(), year=ctx.now().astimezone(ZoneInfo(group.timezone)).year,
            outcome=Outcome.ADOPTED, recorded_by=await ctx.uow.people.pseudonym(ctx.sender),
            corrects=wrong)
    return Reply.of(f"session.undone.{record.kind}", label=label, text=record.text or "")


async def note_poll(uow: UnitOfWork, group: Group, poll: Poll, *, by: str,
                    now: datetime) -> None:
    """A poll started while a session runs is held under the item being dealt with; a yes/no
    poll under the TOP that approves earlier minutes asks the group to approve them."""
    held = await uow.sessions.running(group)
    if held is None:
        return
    await uow.sessions.record(held, "poll", author=by, now=now, poll_id=poll.id)
    draft = (await uow.minutes.by_agenda_entry(held.current_entry_id)
             if held.current_entry_id is not None else None)
    if draft is not None and draft.approved_at is None and poll.yes_no:
        draft.poll_id = poll.id


# Helpers ----------------------------------------------------------------------------------


def may_record(ctx: CommandContext, meeting: Meeting) -> bool:
    return ctx.role in RECORDING_ROLES or (meeting.scribe is not None
                                           and ctx.sender == meeting.scribe)


def _require_recorder(ctx: CommandContext, meeting: Meeting) -> None:
    if not may_record(ctx, meeting):
        raise UserError("session.may_not_record", number=meeting.number, p=ctx.prefix)


async def _running(ctx: CommandContext, group: Group) -> MeetingSession:
    held = await ctx.uow.sessions.running(group)
    if held is None:
        raise UserError("session.none", p=ctx.prefix)
    return held


async def _recording(ctx: CommandContext, group: Group, *, needs_item: bool = True
                     ) -> MeetingSession:
    """The running session, for someone who may record in it, at an agenda item."""
    held = await _running(ctx, group)
    _require_recorder(ctx, held.occurrence.meeting)
    if needs_item and held.current_entry_id is None:
        raise UserError("session.no_item", p=ctx.prefix)
    return held


async def recording_session(ctx: CommandContext, group: Group) -> tuple[MeetingSession, str]:
    """For commands of other groups that record under the current item (`!bericht R`): the
    running session, checked as for `!notiz`, and the current item's number."""
    held = await _recording(ctx, group)
    return held, await _current_label(ctx.uow, held)


async def _current_label(uow: UnitOfWork, held: MeetingSession) -> str:
    for entry in await uow.meetings.agenda(held.occurrence):
        if entry.id == held.current_entry_id:
            return entry.label or "?"
    return "?"


async def _occurrence(ctx: CommandContext, group: Group, number: int | None,
                      on: date | None) -> Occurrence:
    """Meeting N's date (`on`, else its next), or without N the group's meeting of today."""
    if number is not None:
        return await find_occurrence(ctx, await find_meeting(ctx, group, number), on)
    zone = ZoneInfo(group.timezone)
    day = on or ctx.now().astimezone(zone).date()
    start = datetime.combine(day, datetime.min.time(), zone)
    today = list(await ctx.uow.meetings.in_group(group, start, start + timedelta(days=1)))
    if not today:
        raise UserError("session.none_today", day=day, p=ctx.prefix)
    # Of several the same day: the first that has not ended yet.
    return next((o for o in today if local_end(o) > ctx.now()), today[-1])


async def _member_id(ctx: CommandContext, group: Group, raw: str) -> str:
    user = convert_user_id(raw, ParseContext(ctx.timezone))
    if await ctx.uow.members.active_member(group, user) is None:
        raise UserError("member.unknown", user=UserRef(user), prefix=ctx.prefix)
    return user


async def _person(ctx: CommandContext, group: Group, held: MeetingSession,
                  user: str | None) -> str:
    """Who arrives or leaves: the sender, or someone a recorder names."""
    person = user or ctx.sender
    if person != ctx.sender:
        _require_recorder(ctx, held.occurrence.meeting)
    if await ctx.uow.members.active_member(group, person) is None:
        raise UserError("session.not_member", user=UserRef(person))
    return person


async def _presence(uow: UnitOfWork, group: Group, held: MeetingSession) -> SessionPresence:
    return presence(await current_seats(uow, group), await uow.sessions.present(held),
                    group.quorum_percent)


def _quorum(state: SessionPresence) -> Message:
    key = "session.quorate" if state.quorate else "session.not_quorate"
    return Message(key, present=state.present_seats, seats=state.seats, needed=state.needed)


async def _quorum_change(uow: UnitOfWork, group: Group, held: MeetingSession, by: str,
                         at: datetime) -> Message | None:
    """When presence makes the meeting quorate or not any more: noted for the minutes (under
    the item being dealt with) and returned to be said."""
    state = await _presence(uow, group, held)
    if state.quorate == held.quorate:
        return None
    held.quorate = state.quorate
    await uow.sessions.record(held, "quorum", author=by, now=at,
                              text=f"{int(state.quorate)}:{state.present_seats}:{state.seats}")
    return Message("session.quorum_changed", quorum=_quorum(state))


async def _presence_reply(uow: UnitOfWork, ctx: CommandContext, group: Group,
                          held: MeetingSession, person: str, key: str) -> Reply:
    await _quorum_change(uow, group, held, ctx.sender, ctx.now())
    state = await _presence(uow, group, held)
    reply = Reply.of(key, user=UserRef(person))
    if person in state.standing_in:
        reply = reply.then("session.standing_in", principal=UserRef(state.standing_in[person]))
    return reply.then("session.quorum_line", quorum=_quorum(state))


def _agenda_lines(agenda: list[AgendaEntry]) -> list[Message]:
    return [Message("session.agenda.line", label=entry.label, text=agenda_text(entry))
            for entry in agenda]
