"""Meetings (`!meeting`, `!termin`): schedule, list, show, move, cancel, agenda, attendance."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Annotated
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from commands.framework import CommandContext, CommandSet, Reply, Text, UserId, Words
from commands.framework.converters import LONG_TEXT, Length
from commands.framework.effects import ImageMessage
from commands.invitation_flow import post_letter
from commands.meeting_flow import (
    agenda_text,
    announce,
    calendar_file,
    extend_series,
    forecast_message,
    local_end,
    local_start,
    seat_attendance,
    where,
)
from commands.minutes_flow import (
    move_approvals_off_cancelled,
    place_pending_approvals,
    with_minutes_status,
)
from domain.charts import StackedBars, stacked_bars
from domain.errors import UserError
from domain.ical import Method
from domain.itip import ACCOUNTED, MailOutcome
from domain.meetings import (
    AgendaAction,
    Repeat,
    RsvpAnswer,
    SeatAttendance,
    notice_shortfall,
    overlaps,
    rounded,
)
from domain.roles import Access, Role
from i18n import Message, TimeRange, UserRef
from storage.models import AgendaEntry, Group, Item, Meeting, Occurrence

commands = CommandSet()

DEFAULT_DURATION = timedelta(minutes=90)
MAX_DURATION = timedelta(hours=12)


@commands.command("meeting schedule", de="termin ansetzen", access=Access.COORDINATOR)
async def meeting_schedule(
    ctx: CommandContext,
    when: datetime,
    *,
    duration: timedelta = DEFAULT_DURATION,
    title: str | None = None,
    location: str | None = None,
    repeat: Repeat | None = None,
    until: date | None = None,
    agenda: Annotated[str, Length(LONG_TEXT)] | None = None,
    online: Annotated[str, Length(500)] | None = None,
) -> Reply:
    group = ctx.require_group()
    _check_times(ctx, when, duration)
    online_url = _video_link(ctx, online) if online is not None else None
    if until is not None and repeat is None:
        raise UserError("meeting.until_without_repeat")
    if until is not None and until < when.date():
        raise UserError("meeting.until_before_start", until=until)
    item_numbers = _numbers(agenda)
    items = [await _item(ctx, group, n) for n in item_numbers]
    meeting, first = await schedule_meeting(ctx, group, when, duration, title=title,
                                            location=location, repeat=repeat, until=until,
                                            items=items, online_url=online_url)
    reply = Reply.of("meeting.scheduled", number=meeting.number, title=meeting.title,
                     when=TimeRange(local_start(first), local_end(first)))
    return _with_notice_warning(ctx, group, reply, when)


async def schedule_meeting(
    ctx: CommandContext,
    group: Group,
    when: datetime,
    duration: timedelta,
    *,
    title: str | None = None,
    location: str | None = None,
    repeat: Repeat | None = None,
    until: date | None = None,
    items: Sequence[Item] = (),
    online_url: str | None = None,
) -> tuple[Meeting, Occurrence]:
    """Create the meeting, refuse a clash, take up what waits for it, send the invitation."""
    meeting = await ctx.uow.meetings.add(
        group,
        title=title or _fitting(ctx.renderer("meeting.default_title", group=group.name).plain),
        location=location,
        first_start=when,
        duration_minutes=int(duration.total_seconds() // 60),
        timezone=group.timezone,
        repeat=repeat,
        repeat_until=until,
        uid=f"{secrets.token_hex(16)}@kimbot",
        sequence=0,
        cancelled=False,
        materialized_until=when - timedelta(seconds=1),
        created_by=ctx.sender,
        created_at=ctx.now(),
        updated_at=ctx.now(),
        online_url=online_url,
    )
    await extend_series(ctx.uow, meeting, ctx.now())
    occurrences = await ctx.uow.meetings.occurrences(meeting)
    first = occurrences[0]
    for occurrence in occurrences:
        await _refuse_clash(ctx, group, occurrence, local_start(occurrence), meeting)
    for item in items:
        await ctx.uow.meetings.add_agenda(first, item.text, source="coordinator", by=ctx.sender,
                                          now=ctx.now(), item_id=item.id)
    await _take_up_pending(ctx, group, first)
    await place_pending_approvals(ctx.uow, ctx.renderer, group, by=ctx.sender, now=ctx.now())
    await _announce(ctx, first, "meeting.announcement", Method.REQUEST)
    ctx.effects.timers_changed()
    return meeting, first


async def _take_up_pending(ctx: CommandContext, group: Group, occurrence: Occurrence) -> None:
    """Put on the agenda what waits for the next meeting: failed written procedures and open
    items due by the meeting's day (marked as added automatically)."""
    for proposal in await ctx.uow.agenda.pending(group):
        await ctx.uow.meetings.add_agenda(occurrence, proposal.text, source=proposal.source,
                                          by=proposal.proposed_by, now=ctx.now())
        proposal.taken_up_by = occurrence.id
    on_agenda = {e.item_id for e in await ctx.uow.meetings.agenda(occurrence)}
    for item in await ctx.uow.items.due_by(group, local_start(occurrence).date()):
        if item.id not in on_agenda:
            await ctx.uow.meetings.add_agenda(occurrence, item.text, source="item-due",
                                              by=item.created_by, now=ctx.now(),
                                              item_id=item.id)


@commands.command("meeting list", de="termin liste", access=Access.PARTICIPANT)
async def meeting_list(ctx: CommandContext) -> Reply:
    group = ctx.require_group()
    for meeting in await ctx.uow.meetings.all_meetings(group):
        await extend_series(ctx.uow, meeting, ctx.now())
    upcoming = await ctx.uow.meetings.in_group(
        group, ctx.now() - timedelta(hours=12), ctx.now() + timedelta(days=400), cancelled=True
    )
    upcoming = [o for o in upcoming if local_end(o) > ctx.now()][:10]
    if not upcoming:
        return Reply.of("meeting.list.none")
    return Reply.of("meeting.list", rows=[_row(o) for o in upcoming])


def _row(occurrence: Occurrence) -> Message:
    meeting = occurrence.meeting
    key = "meeting.list.row.cancelled" if occurrence.cancelled else "meeting.list.row"
    return Message(key, number=meeting.number, title=meeting.title,
                   when=TimeRange(local_start(occurrence), local_end(occurrence)),
                   location=where(meeting))


@commands.command("meeting show", de="termin zeigen", access=Access.PARTICIPANT)
async def meeting_show(ctx: CommandContext, number: int, *, on: date | None = None) -> Reply:
    group = ctx.require_group()
    meeting = await find_meeting(ctx, group, number)
    occurrence = await find_occurrence(ctx, meeting, on)
    agenda = await ctx.uow.meetings.agenda(occurrence)
    _, _, _, result = await seat_attendance(ctx.uow, occurrence)
    reply = Reply.of(
        "meeting.show", number=meeting.number, title=meeting.title,
        when=TimeRange(local_start(occurrence), local_end(occurrence)),
        location=where(meeting),
        state=Message("meeting.state.cancelled" if occurrence.cancelled
                      else "meeting.state.planned"),
        repeat=Message(f"meeting.repeat.{meeting.repeat.value}") if meeting.repeat
        else Message("meeting.repeat.none"),
    )
    reply = reply.then("meeting.agenda", entries=_agenda_lines(agenda))
    reply = reply.then(forecast_message(result).key, **forecast_message(result).params)
    reply = await with_minutes_status(ctx, occurrence, reply)
    return await _with_mail_status(ctx, meeting, reply)


async def _with_mail_answers(ctx: CommandContext, meeting: Meeting, reply: Reply) -> Reply:
    """What became of the answers that came back by email for this meeting."""
    outcomes = await ctx.uow.inbound_mail.outcomes_for_meeting(meeting.id)
    if not outcomes:
        return reply
    taken = outcomes[MailOutcome.APPLIED] + outcomes[MailOutcome.SUPERSEDED]
    reply = reply.then("meeting.mail.answers", applied=taken)
    if outcomes[MailOutcome.STALE]:
        reply = reply.then("meeting.mail.stale", n=outcomes[MailOutcome.STALE])
    unassigned = sum(n for outcome, n in outcomes.items() if outcome not in ACCOUNTED)
    if unassigned:
        reply = reply.then("meeting.mail.unassigned", n=unassigned)
    return reply


async def _with_mail_status(ctx: CommandContext, meeting: Meeting, reply: Reply) -> Reply:
    reply = await _with_mail_answers(ctx, meeting, reply)
    mails = await ctx.uow.mail.for_meeting(meeting.id)
    if not mails:
        return reply
    sent = sum(1 for m in mails if m.sent_at is not None)
    failing = [m for m in mails if m.sent_at is None and m.last_error]
    reply = reply.then("meeting.mail.status", sent=sent, waiting=len(mails) - sent)
    for mail in failing:
        reply = reply.then("meeting.mail.failure", recipient=mail.recipient,
                           error=mail.last_error, attempts=mail.attempts,
                           state=Message("meeting.mail.given_up" if mail.failed
                                         else "meeting.mail.retrying"))
    return reply


def _agenda_lines(entries: Sequence[AgendaEntry]) -> list[Message]:
    if not entries:
        return [Message("meeting.agenda.empty")]
    return [
        Message("meeting.agenda.entry.auto" if e.source not in ("coordinator", "member",
                                                                "session", "report")
                else "meeting.agenda.entry", position=e.label or e.position, text=agenda_text(e),
                source=Message(f"meeting.agenda.source.{e.source}"))
        for e in entries
    ]


@commands.command("meeting move", de="termin verlegen", access=Access.COORDINATOR)
async def meeting_move(
    ctx: CommandContext, number: int, when: datetime, *, on: date | None = None
) -> Reply:
    group = ctx.require_group()
    meeting = await find_meeting(ctx, group, number)
    if meeting.repeat is not None and on is None:
        raise UserError("meeting.series.needs_on", number=meeting.number)
    occurrence = await find_occurrence(ctx, meeting, on)
    if occurrence.cancelled:
        raise UserError("meeting.cancelled", number=meeting.number)
    duration = timedelta(minutes=meeting.duration_minutes)
    _check_times(ctx, when, duration)
    await _refuse_clash(ctx, group, occurrence, when, meeting)
    before = TimeRange(local_start(occurrence), local_end(occurrence))
    occurrence.starts_at = when
    occurrence.scheduled_at = ctx.now()
    occurrence.changed = meeting.repeat is not None
    meeting.sequence += 1
    meeting.updated_at = ctx.now()
    await _announce(ctx, occurrence, "meeting.moved", Method.REQUEST, before=before)
    ctx.effects.timers_changed()
    reply = Reply.of("meeting.move.done", number=meeting.number,
                     when=TimeRange(local_start(occurrence), local_end(occurrence)))
    return _with_notice_warning(ctx, group, reply, when)


@commands.command("meeting cancel", de="termin absagen", access=Access.COORDINATOR)
async def meeting_cancel(
    ctx: CommandContext, number: int, reason: Annotated[str, Text()] | None = None, *,
    on: date | None = None,
) -> Reply:
    group = ctx.require_group()
    meeting = await find_meeting(ctx, group, number)
    if meeting.cancelled:
        raise UserError("meeting.cancelled", number=meeting.number)
    occurrence = await find_occurrence(ctx, meeting, on)
    meeting.sequence += 1
    meeting.updated_at = ctx.now()
    whole = meeting.repeat is None or on is None
    if whole:
        meeting.cancelled = True
        meeting.cancel_reason = reason
        for each in await ctx.uow.meetings.occurrences(meeting):
            if each.starts_at >= ctx.now():
                each.cancelled = True
    else:
        if occurrence.cancelled:
            raise UserError("meeting.cancelled", number=meeting.number)
        occurrence.cancelled = True
        occurrence.changed = True
    await _announce(ctx, occurrence, "meeting.cancelled.announcement", Method.CANCEL,
                    reason=reason or "–", only=None if whole else occurrence)
    await move_approvals_off_cancelled(ctx.uow, ctx.renderer, group, by=ctx.sender,
                                       now=ctx.now())
    ctx.effects.timers_changed()
    return Reply.of("meeting.cancel.done", number=meeting.number,
                    when=TimeRange(local_start(occurrence), local_end(occurrence)))


@commands.command("meeting agenda", de="termin tagesordnung", access=Access.CONTRIBUTOR)
async def meeting_agenda(
    ctx: CommandContext,
    number: int,
    action: AgendaAction | None = None,
    text: Annotated[str, Text()] | None = None,
    *,
    item: int | None = None,
    on: date | None = None,
) -> Reply:
    group = ctx.require_group()
    meeting = await find_meeting(ctx, group, number)
    occurrence = await find_occurrence(ctx, meeting, on)
    if action is None:
        if text is not None or item is not None:
            raise UserError("meeting.agenda.say_add", number=meeting.number)
        agenda = await ctx.uow.meetings.agenda(occurrence)
        return Reply.of("meeting.agenda.of", number=meeting.number,
                        when=TimeRange(local_start(occurrence), local_end(occurrence)),
                        entries=_agenda_lines(agenda))
    if (text is None) == (item is None):
        raise UserError("meeting.agenda.text_or_item")
    linked = await _item(ctx, group, item) if item is not None else None
    source = "coordinator" if ctx.role in _COORDINATING else "member"
    entry = await ctx.uow.meetings.add_agenda(
        occurrence, linked.text if linked else (text or ""), source=source, by=ctx.sender,
        now=ctx.now(), item_id=linked.id if linked else None,
    )
    meeting.updated_at = ctx.now()
    if not occurrence.cancelled and occurrence.starts_at > ctx.now():
        await post_letter(ctx, occurrence)  # the Einladung with the agenda as it is now
    reply = Reply.of("meeting.agenda.added", number=meeting.number,
                     position=entry.label or entry.position,
                     text=entry.text)
    return _with_notice_warning(ctx, group, reply, occurrence.starts_at, agenda=True)


@commands.command("meeting attendance", de="termin teilnahme", access=Access.PARTICIPANT)
async def meeting_attendance(
    ctx: CommandContext, number: int, *, on: date | None = None, chart: bool = False
) -> Reply:
    group = ctx.require_group()
    meeting = await find_meeting(ctx, group, number)
    occurrence = await find_occurrence(ctx, meeting, on)
    members = await ctx.uow.members.active(group)
    current = await ctx.uow.meetings.current_answers(occurrence)  # answers and comments
    comments = {user: r.comment for user, r in current.items() if r.comment}
    seats, answers, attendance, result = await seat_attendance(
        ctx.uow, occurrence, members, {user: r.answer for user, r in current.items()})
    names = {m.user_id: m.display_name for m in members}

    def person(user_id: str) -> UserRef:
        return UserRef(user_id, names.get(user_id, user_id))

    def comment(user_id: str) -> Message | str:
        text = comments.get(user_id)
        return Message("meeting.attendance.comment", comment=text) if text else ""

    rows = []
    for seat_attendance_row in attendance:
        seat = seat_attendance_row.seat
        principal_answer = answers.get(seat.principal)
        rows.append(Message(
            "meeting.attendance.seat", org=seat.organisation, user=person(seat.principal),
            answer=Message(f"meeting.answer.{principal_answer.value}") if principal_answer
            else Message("meeting.answer.none"),
            comment=comment(seat.principal),
            deputy=Message("meeting.attendance.deputy", user=person(seat_attendance_row.coming))
            if seat_attendance_row.coming and seat_attendance_row.coming != seat.principal
            else "",
        ))
    seated = {p for s in seats for p in (s.principal, *s.deputies)}
    others = [
        Message("meeting.attendance.other", user=person(m.user_id), org=m.organisation,
                role=m.role,
                answer=Message(f"meeting.answer.{answers[m.user_id].value}")
                if m.user_id in answers else Message("meeting.answer.none"),
                comment=comment(m.user_id))
        for m in members if m.user_id not in seated
    ]
    reply = Reply.of("meeting.attendance", number=meeting.number,
                     when=TimeRange(local_start(occurrence), local_end(occurrence)),
                     seats=rows or [Message("meeting.attendance.no_seats")])
    if others:
        reply = reply.then("meeting.attendance.others", rows=others)
    message = forecast_message(result)
    if chart:
        await _forecast_chart(ctx, group, meeting.number, occurrence, attendance, answers)
    return reply.then(message.key, **message.params)


#: How a seat stands for a meeting, as the forecast chart shows it.
FORECAST_SERIES = ("self", "deputy", "maybe", "no", "none")


async def _forecast_chart(ctx: CommandContext, group: Group, number: int,
                          occurrence: Occurrence, attendance: Sequence[SeatAttendance],
                          answers: Mapping[str, RsvpAnswer]) -> None:
    counts = dict.fromkeys(FORECAST_SERIES, 0)
    for row in attendance:
        if row.coming == row.seat.principal:
            counts["self"] += 1
        elif row.coming:
            counts["deputy"] += 1
        else:
            answer = answers.get(row.seat.principal)
            counts["maybe" if answer is RsvpAnswer.MAYBE else "no" if answer is RsvpAnswer.NO
                   else "none"] += 1
    renderer = ctx.renderer
    names = tuple(renderer(f"meeting.chart.{name}").plain for name in FORECAST_SERIES)
    when = renderer.time_range(TimeRange(local_start(occurrence), local_end(occurrence)))
    bars = StackedBars(renderer("meeting.chart.title", number=number).plain, when, names,
                       ((renderer("meeting.chart.row").plain,
                         tuple(counts[name] for name in FORECAST_SERIES)),),
                       renderer("meeting.chart.axis").plain)
    png = await asyncio.to_thread(stacked_bars, bars)
    alt = renderer("meeting.chart.alt", title=bars.title, when=when, counts=", ".join(
        f"{name} {counts[key]}" for name, key in zip(names, FORECAST_SERIES, strict=True))
    ).plain
    await ctx.effects.post(group.room_id, ImageMessage(
        f"{renderer('meeting.chart.filename').plain}-{number}.png", png.data, png.width,
        png.height, alt))


@commands.command("meeting present", de="termin anwesend", access=Access.COORDINATOR)
async def meeting_present(
    ctx: CommandContext, number: int, people: Annotated[tuple[UserId, ...], Words()] = (),
    *, on: date | None = None,
) -> Reply:
    group = ctx.require_group()
    if not people:
        raise UserError("arg.missing", name="@user")
    meeting = await find_meeting(ctx, group, number)
    occurrence = await find_occurrence(ctx, meeting, on)
    for person in people:
        if await ctx.uow.members.find(group, person) is None:
            raise UserError("member.unknown", user=UserRef(person))
    for person in people:
        await ctx.uow.meetings.record_presence(occurrence, person, ctx.sender, ctx.now())
    present = await ctx.uow.meetings.present(occurrence)
    return Reply.of("meeting.present.done", number=meeting.number, count=len(present),
                    people=[UserRef(p) for p in sorted(present)])


_COORDINATING = frozenset({Role.CHAIR, Role.COORDINATOR})


def _check_times(ctx: CommandContext, when: datetime, duration: timedelta) -> None:
    if when <= ctx.now():
        raise UserError("meeting.in_past", when=when)
    if duration > MAX_DURATION:
        raise UserError("meeting.too_long", duration=duration)


async def _refuse_clash(
    ctx: CommandContext, group: Group, occurrence: Occurrence, start: datetime, meeting: Meeting
) -> None:
    end = start + timedelta(minutes=meeting.duration_minutes)
    nearby = await ctx.uow.meetings.in_group(group, start - timedelta(hours=24), end)
    for other in nearby:
        if other.id == occurrence.id:
            continue
        if overlaps(start, end, local_start(other), local_end(other)):
            raise UserError("meeting.clash", number=other.meeting.number,
                            title=other.meeting.title,
                            when=TimeRange(local_start(other), local_end(other)))


def _with_notice_warning(
    ctx: CommandContext, group: Group, reply: Reply, start: datetime, *, agenda: bool = False
) -> Reply:
    shortfall = notice_shortfall(start, ctx.now(), group.notice_days)
    if shortfall is None:
        return reply
    key = "meeting.notice.late_agenda" if agenda else "meeting.notice.late"
    return reply.then(key, days=group.notice_days, by=rounded(shortfall))


def _numbers(raw: str | None) -> list[int]:
    if raw is None:
        return []
    parts = [p.strip() for p in raw.replace(";", ",").split(",") if p.strip()]
    if not parts or not all(p.isdigit() for p in parts):
        raise UserError("meeting.agenda.numbers", value=raw)
    return [int(p) for p in parts]


async def _item(ctx: CommandContext, group: Group, number: int) -> Item:
    found = await ctx.uow.items.by_number(group, number)
    if found is None:
        raise UserError("item.unknown", number=number)
    return found


async def find_meeting(ctx: CommandContext, group: Group, number: int) -> Meeting:
    meeting = await ctx.uow.meetings.by_number(group, number)
    if meeting is None:
        raise UserError("meeting.unknown", number=number)
    await extend_series(ctx.uow, meeting, ctx.now())
    return meeting


async def find_occurrence(ctx: CommandContext, meeting: Meeting, on: date | None) -> Occurrence:
    """The date `on` of the meeting, else its next date (or its last, when all are past)."""
    occurrences = list(await ctx.uow.meetings.occurrences(meeting))
    zone = ZoneInfo(meeting.timezone)
    if on is not None:
        for occurrence in occurrences:
            if on in (occurrence.starts_at.astimezone(zone).date(),
                      occurrence.original_start.astimezone(zone).date()):
                return occurrence
        raise UserError("meeting.no_date", number=meeting.number, on=on)
    upcoming = [o for o in occurrences if local_end(o) > ctx.now() and not o.cancelled]
    return upcoming[0] if upcoming else occurrences[-1]


async def _announce(
    ctx: CommandContext, occurrence: Occurrence, key: str, method: Method, *,
    only: Occurrence | None = None, **params: object,
) -> None:
    meeting = occurrence.meeting
    agenda = await ctx.uow.meetings.agenda(occurrence)
    text = ctx.render(Message(
        key, number=meeting.number, title=meeting.title,
        when=TimeRange(local_start(occurrence), local_end(occurrence)),
        location=where(meeting), agenda=_agenda_lines(agenda),
        repeat=Message(f"meeting.repeat.{meeting.repeat.value}") if meeting.repeat
        else Message("meeting.repeat.none"),
        **params,
    ))
    ics = await calendar_file(ctx.uow, meeting, ctx.calendar, ctx.renderer, method=method,
                              now=ctx.now(), only=only)
    subject = ctx.renderer(f"{key}.subject", title=meeting.title,
                           when=TimeRange(local_start(occurrence), local_end(occurrence))).plain
    # An invitation (or a new date) comes with its Einladung: posted, kept, and mailed.
    letter = await post_letter(ctx, occurrence) if method is Method.REQUEST else None
    await announce(ctx.uow, ctx.effects, occurrence, text, ics, method=method, subject=subject,
                   mail=ctx.calendar.mail, now=ctx.now(),
                   letter_id=letter.id if letter is not None else None)


#: Words that ask for a link of the configured video service instead of giving one.
VIDEO_SERVICE_WORDS = {"yes", "ja", "video", "jitsi", "bbb"}


def _video_link(ctx: CommandContext, raw: str) -> str:
    """`online=URL` as given (http or https), or `online=ja`: a new room of the city's video
    service (`[bot] video_service`), named so that nobody guesses it."""
    text = raw.strip()
    if text.casefold() in VIDEO_SERVICE_WORDS:
        if not ctx.calendar.video_service:
            raise UserError("meeting.online.no_service")
        return f"{ctx.calendar.video_service.rstrip('/')}/kimbot-{secrets.token_urlsafe(12)}"
    parsed = urlsplit(text)
    if parsed.scheme not in ("https", "http") or not parsed.netloc or any(
            c.isspace() for c in text):
        raise UserError("meeting.online.invalid", value=raw)
    return text


#: A meeting's title is kept in 200 characters.
TITLE_LENGTH = 200


def _fitting(title: str) -> str:
    """A made-up title (from a group's name of up to 200 characters) cut to fit."""
    return title if len(title) <= TITLE_LENGTH else title[: TITLE_LENGTH - 1] + "…"

