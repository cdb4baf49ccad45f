"""Answers from calendar programs that come back by email (LMTP or IMAP, both end here).

A reply counts as the member's answer — exactly as a ✅ / ❌ / ❔ in the room would — only
when it names one of the group's meetings, comes from the address the bot holds for that
member, that address is the one the invitation went to, and (where the operator asks for
it) the receiving mail server vouches for the sender's domain. Everything else is journaled
with what became of it, and no content.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from commands.attendance import record_rsvp
from commands.framework.context import CalendarSettings
from commands.framework.effects import Effects, Notice
from commands.meeting_flow import calendar_file, local_end, local_start
from domain.ical import Method
from domain.itip import (
    CalendarAnswer,
    InboundMail,
    MailOutcome,
    ReplyMethod,
    ReplyStatus,
)
from domain.meetings import RsvpAnswer
from i18n import Code, Message, Renderer, TimeRange, UserRef
from storage.models import Meeting, Member, Occurrence
from storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


ANSWERS = {ReplyStatus.ACCEPTED: RsvpAnswer.YES, ReplyStatus.DECLINED: RsvpAnswer.NO,
           ReplyStatus.TENTATIVE: RsvpAnswer.MAYBE, ReplyStatus.DELEGATED: RsvpAnswer.NO}


@dataclass(frozen=True)
class MailInSettings:
    """How far inbound mail is trusted, and how answers are shown."""

    #: Apply only mail whose Authentication-Results say DKIM or SPF passed for the sender.
    require_authentication: bool = False
    prefix: str = "!"
    calendar: CalendarSettings = field(default_factory=CalendarSettings)


async def handle_mail(
    uow: UnitOfWork, effects: Effects, mail: InboundMail, *, via: str, now: datetime,
    settings: MailInSettings,
) -> MailOutcome | None:
    """Apply what a mail (read by `domain.itip.read_mail`) says; None if it was handled
    before."""
    if await uow.inbound_mail.seen(mail.key):
        return None
    outcome, meeting = await _apply_mail(uow, effects, mail, now, settings)
    await uow.inbound_mail.record(mail.key, via=via, outcome=outcome.value,
                                  meeting_id=meeting.id if meeting else None, now=now)
    # The log names the outcome and the meeting — not the sender, not the content.
    log.info("mail via %s: %s%s", via, outcome.value,
             f" (meeting {meeting.id})" if meeting else "")
    return outcome


async def _apply_mail(
    uow: UnitOfWork, effects: Effects, mail: InboundMail, now: datetime,
    settings: MailInSettings,
) -> tuple[MailOutcome, Meeting | None]:
    if mail.too_large:
        return MailOutcome.TOO_LARGE, None
    if not mail.has_calendar:
        return MailOutcome.NO_CALENDAR, None
    if not mail.answers:
        return MailOutcome.NOT_AN_ANSWER, None
    results = [await _apply_answer(uow, effects, mail, answer, now, settings)
               for answer in mail.answers]
    # One mail, one outcome: an applied answer first, else the first that names a meeting.
    applied = [r for r in results if r[0] is MailOutcome.APPLIED]
    named = [r for r in results if r[1] is not None]
    return (applied or named or results)[0]


async def _apply_answer(
    uow: UnitOfWork, effects: Effects, mail: InboundMail, answer: CalendarAnswer,
    now: datetime, settings: MailInSettings,
) -> tuple[MailOutcome, Meeting | None]:
    meeting = await uow.meetings.by_uid(answer.uid)
    if meeting is None:
        return MailOutcome.UNKNOWN_MEETING, None
    member = await uow.members.by_email(meeting.group, answer.attendee)
    if member is None:
        return MailOutcome.UNKNOWN_ATTENDEE, meeting
    distrust = await _distrust(uow, mail, answer, meeting, settings)
    if distrust is not None:
        return distrust, meeting
    if answer.method is ReplyMethod.REFRESH:
        await _send_invitation_again(uow, meeting, member, mail.key, now, settings)
        return MailOutcome.REFRESH, meeting
    if meeting.cancelled:
        return MailOutcome.CANCELLED, meeting
    if answer.sequence < meeting.sequence:
        return MailOutcome.STALE, meeting
    dates = await _dates_answered(uow, meeting, answer, now)
    if dates is None:
        return MailOutcome.UNKNOWN_DATE, meeting
    renderer = Renderer(meeting.group.language, meeting.group.timezone, settings.prefix)
    if answer.method is ReplyMethod.COUNTER:
        await _show_counter_proposal(effects, meeting, member, dates, answer, renderer)
        return MailOutcome.COUNTER, meeting
    rsvp = ANSWERS.get(answer.status) if answer.status else None
    if rsvp is None:
        return MailOutcome.NOT_AN_ANSWER, meeting
    return await _take_answer(uow, effects, mail.key, answer, rsvp, member, dates, now,
                              renderer), meeting


async def _distrust(
    uow: UnitOfWork, mail: InboundMail, answer: CalendarAnswer, meeting: Meeting,
    settings: MailInSettings,
) -> MailOutcome | None:
    """Why a reply that names a member cannot be believed, if it cannot: it must come from
    the member's own address, the address the invitation went to, and — where the operator
    asks for it — a domain the receiving server vouches for."""
    if mail.sender != answer.attendee:
        return MailOutcome.SENDER_MISMATCH
    if not await uow.inbound_mail.was_sent_to(meeting.id, answer.attendee):
        return MailOutcome.NOT_SENT_THERE
    domain = answer.attendee.rpartition("@")[2]
    if settings.require_authentication and domain not in mail.authenticated_domains:
        return MailOutcome.UNAUTHENTICATED
    return None


async def _take_answer(
    uow: UnitOfWork, effects: Effects, key: str, answer: CalendarAnswer, rsvp: RsvpAnswer,
    member: Member, dates: list[Occurrence], now: datetime, renderer: Renderer,
) -> MailOutcome:
    """The answer for each date, unless a later one counts there already; one line to the
    room (unless the group keeps it quiet)."""
    # The latest answer counts, by when it was given — never later than it arrived.
    at = min(answer.stamp or now, now)
    applied = []
    for occurrence in dates:
        current = await uow.meetings.latest_answer(occurrence, member.user_id)
        if current is not None and current.answered_at > at:
            continue
        await record_rsvp(uow, effects, occurrence, member.user_id, rsvp,
                          _answer_id(key, answer, occurrence), at, renderer,
                          via="email", comment=answer.comment)
        applied.append(occurrence)
    if not applied:
        return MailOutcome.SUPERSEDED
    group = applied[0].meeting.group
    if group.announce_mail_replies:
        await effects.post(group.room_id, Notice(renderer(
            f"mail.reply.{rsvp.value}", user=UserRef(member.user_id, member.display_name),
            org=member.organisation, number=applied[0].meeting.number,
            when=TimeRange(local_start(applied[0]), local_end(applied[0])),
            more=Message("mail.reply.more_dates", n=len(applied) - 1) if len(applied) > 1
            else "",
        )))
    return MailOutcome.APPLIED


async def _dates_answered(
    uow: UnitOfWork, meeting: Meeting, answer: CalendarAnswer, now: datetime
) -> list[Occurrence] | None:
    """The dates a reply answers: the one its RECURRENCE-ID names; for a whole series, every
    date still to come; for a single meeting, its date. None if it names no date of ours."""
    occurrences = [o for o in await uow.meetings.occurrences(meeting) if not o.cancelled]
    if answer.recurrence_id is not None:
        named = answer.recurrence_id
        if named.tzinfo is None:
            named = named.replace(tzinfo=ZoneInfo(meeting.timezone))
        found = [o for o in occurrences if o.original_start == named]
        return found or None
    if meeting.repeat is None:
        return occurrences[:1] or None
    coming = [o for o in occurrences if o.starts_at >= now]
    return coming or None


def _answer_id(key: str, answer: CalendarAnswer, occurrence: Occurrence) -> str:
    """A stable id for the answer one mail gives for one date (the journal of answers is
    keyed by event id; a mail has none)."""
    digest = hashlib.sha256(f"{key}\0{answer.uid}\0{answer.attendee}".encode()).hexdigest()
    return f"mail:{digest[:40]}:{occurrence.id}"


async def _show_counter_proposal(
    effects: Effects, meeting: Meeting, member: Member, dates: list[Occurrence],
    answer: CalendarAnswer, renderer: Renderer,
) -> None:
    """A proposal of another time goes to the room, with the command that would accept it."""
    if answer.proposed_start is None:
        return
    zone = ZoneInfo(meeting.timezone)
    start = answer.proposed_start
    start = start.replace(tzinfo=zone) if start.tzinfo is None else start.astimezone(zone)
    on = f" on={local_start(dates[0]):%d.%m.%Y}" if meeting.repeat is not None else ""
    command = (f"{renderer.prefix}{renderer('mail.counter.command').plain} "
               f"{meeting.number} {start:%d.%m.%Y %H:%M}{on}")
    await effects.post(meeting.group.room_id, Notice(renderer(
        "mail.counter", user=UserRef(member.user_id, member.display_name),
        org=member.organisation,
        number=meeting.number, when=TimeRange(local_start(dates[0]), local_end(dates[0])),
        proposed=start, command=Code(command), comment=answer.comment or "",
    )))


async def _send_invitation_again(
    uow: UnitOfWork, meeting: Meeting, member: Member, key: str, now: datetime,
    settings: MailInSettings,
) -> None:
    """REFRESH: the attendee's calendar lost the meeting and asks for it again."""
    assert member.email is not None  # found by it
    renderer = Renderer(meeting.group.language, meeting.group.timezone, settings.prefix)
    ics = await calendar_file(uow, meeting, settings.calendar, renderer,
                              method=Method.REQUEST, now=now)
    occurrences = [o for o in await uow.meetings.occurrences(meeting) if not o.cancelled]
    when = TimeRange(local_start(occurrences[0]), local_end(occurrences[0])) \
        if occurrences else None
    subject = renderer("meeting.announcement.subject", title=meeting.title, when=when).plain
    text = renderer("mail.refresh.text", title=meeting.title, number=meeting.number).plain
    await uow.mail.queue(f"refresh:{key}:{member.email}", member.email, subject, text, now,
                         calendar=ics, method=Method.REQUEST.value, meeting_id=meeting.id)
