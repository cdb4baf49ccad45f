"""What happens around a meeting: its occurrences, its calendar file, its announcements and
the answers to them. Used by the meeting and attendance commands and by the bot for reactions.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from commands.framework.context import CalendarSettings
from commands.framework.effects import Effects, FileMessage, Notice
from commands.members import seat_holders
from domain.ical import (
    Attendee,
    CalendarEvent,
    Method,
    PartStat,
    attendee_role,
    calendar_address,
    render_calendar,
)
from domain.meetings import (
    Forecast,
    RsvpAnswer,
    SeatAttendance,
    Series,
    attendance_by_seat,
    deputies_to_ask,
    forecast,
)
from domain.seats import Seat
from domain.seats import seats as seats_of
from i18n import Message, Rendered, Renderer, UserRef
from storage.models import AgendaEntry, Group, Meeting, Member, Occurrence
from storage.unit_of_work import UnitOfWork

#: How far ahead the dates of a series exist as rows (answers, agenda, reminders need them).
SERIES_HORIZON = timedelta(days=400)

PARTSTATS = {RsvpAnswer.YES: PartStat.ACCEPTED, RsvpAnswer.NO: PartStat.DECLINED,
             RsvpAnswer.MAYBE: PartStat.TENTATIVE}


def series_of(meeting: Meeting) -> Series:
    zone = ZoneInfo(meeting.timezone)
    return Series(
        meeting.first_start.astimezone(zone), timedelta(minutes=meeting.duration_minutes),
        meeting.repeat, meeting.repeat_until,
    )


def local_start(occurrence: Occurrence) -> datetime:
    return occurrence.starts_at.astimezone(ZoneInfo(occurrence.meeting.timezone))


def local_end(occurrence: Occurrence) -> datetime:
    return local_start(occurrence) + timedelta(minutes=occurrence.meeting.duration_minutes)


async def extend_series(uow: UnitOfWork, meeting: Meeting, now: datetime) -> None:
    """Add the dates of a meeting up to the horizon (a series may run for years).

    Dates exist as rows for the half-open window [created, materialized_until). The window
    moves only when a new date enters it: reading a meeting must not write to it (a write is
    also a change every calendar feed would have to be prepared anew for).
    """
    until = max(now + SERIES_HORIZON, meeting.first_start + timedelta(days=1))
    if meeting.materialized_until >= until:
        return
    starts = list(series_of(meeting).starts(meeting.materialized_until, until))
    if not starts:
        return
    for start in starts:
        await uow.meetings.add_occurrence(meeting, start, now)
    meeting.materialized_until = until


@dataclass(frozen=True)
class Invitees:
    members: list[Member]
    deputies: set[str]


async def invitees(uow: UnitOfWork, group: Group) -> Invitees:
    members = list(await uow.members.active(group))
    return Invitees(members, {m.user_id for m in members if m.deputy_of is not None})


async def calendar_file(
    uow: UnitOfWork,
    meeting: Meeting,
    settings: CalendarSettings,
    renderer: Renderer,
    *,
    method: Method | None,
    now: datetime,
    only: Occurrence | None = None,
) -> bytes:
    """The meeting as iCalendar: the series with its rule, cancelled dates as EXDATE, moved
    dates as their own VEVENT with RECURRENCE-ID — or just `only` (a single date's change)."""
    events = await calendar_events(uow, meeting, settings, renderer, only=only)
    return render_calendar(events, stamp=now, method=method)


@dataclass(frozen=True)
class CalendarData:
    """What calendars show of meetings, read beforehand in a few queries: who is invited,
    each meeting's dates, the answers per date, and the agenda of each meeting's next date."""

    people: Invitees
    dates: Mapping[int, list[Occurrence]]
    answers: Mapping[int, Mapping[str, RsvpAnswer]]
    agendas: Mapping[int, Sequence[AgendaEntry]]

    @functools.cached_property
    def invitations(self) -> list[tuple[str, dict[PartStat, Attendee]]]:
        """Each invited person as an attendee with each possible answer, made once: a
        calendar of many meetings lists the same people again and again."""
        return [
            (m.user_id, {
                partstat: Attendee(calendar_address(m.user_id, m.email), m.display_name,
                                   attendee_role(m.role, m.user_id in self.people.deputies),
                                   partstat)
                for partstat in PartStat
            })
            for m in self.people.members
        ]


async def calendar_data(
    uow: UnitOfWork, group: Group, *, meeting_ids: Collection[int] | None = None,
    with_attendees: bool = True, only_person: str | None = None,
) -> CalendarData:
    """The calendar data of all the group's meetings, or of those in `meeting_ids`; with
    `only_person`, of that one attendee (a personal calendar reads no one else's answers)."""
    people = await invitees(uow, group) if with_attendees else Invitees([], set())
    if only_person is not None:
        people = Invitees([m for m in people.members if m.user_id == only_person],
                          people.deputies & {only_person})
    dates = await uow.meetings.dates_by_meeting(group, meeting_ids)
    answers = await uow.meetings.answers_by_date(
        group, meeting_ids, people=None if only_person is None else (only_person,)
    ) if with_attendees else {}
    upcoming = [o.id for o in (_next(d) for d in dates.values()) if o is not None]
    return CalendarData(people, dates, answers, await uow.meetings.agendas(upcoming))


def agenda_text(entry: AgendaEntry) -> Message | str:
    """An agenda item as listings show it: with its annex when it is a report („… (Anlage 2)“)."""
    if entry.report is not None:
        return Message("agenda.with_annex", text=entry.text, annex=entry.report.annex)
    return entry.text


def where(meeting: Meeting) -> Message | str:
    """Where a meeting takes place, as messages show it: the room, and the video link of a
    hybrid or online meeting."""
    if meeting.online_url is None:
        return meeting.location or "–"
    if meeting.location is None:
        return Message("meeting.where.online", url=meeting.online_url)
    return Message("meeting.where.hybrid", location=meeting.location, url=meeting.online_url)


async def calendar_events(
    uow: UnitOfWork,
    meeting: Meeting,
    settings: CalendarSettings,
    renderer: Renderer,
    *,
    only: Occurrence | None = None,
) -> list[CalendarEvent]:
    """One meeting as calendar events (for its invitation, update or cancellation)."""
    data = await calendar_data(uow, meeting.group, meeting_ids=(meeting.id,))
    return meeting_events(meeting, data, settings, renderer, only=only)


def meeting_events(
    meeting: Meeting,
    data: CalendarData,
    settings: CalendarSettings,
    renderer: Renderer,
    *,
    only: Occurrence | None = None,
    partstat_for: str | None = None,
) -> list[CalendarEvent]:
    """A meeting as calendar events: a single date, or a series with its rule, cancelled dates
    as EXDATE and changed dates as their own events — or just `only`. With `partstat_for`,
    that person is the only attendee (a personal calendar)."""
    occurrences = data.dates.get(meeting.id, [])
    description = _description(data, occurrences, renderer)

    def attendees(occurrence: Occurrence | None) -> tuple[Attendee, ...]:
        answers = data.answers.get(occurrence.id, {}) if occurrence else {}
        return tuple(
            variants[PARTSTATS.get(answers.get(user_id), PartStat.NEEDS_ACTION)]  # type: ignore[arg-type]
            for user_id, variants in data.invitations
            if partstat_for is None or user_id == partstat_for
        )

    zone = ZoneInfo(meeting.timezone)

    def event(occurrence: Occurrence | None, **changes: object) -> CalendarEvent:
        start = (occurrence.starts_at if occurrence else meeting.first_start).astimezone(zone)
        fields: dict[str, object] = {
            "uid": meeting.uid,
            "sequence": meeting.sequence,
            "start": start,
            "end": start + timedelta(minutes=meeting.duration_minutes),
            "summary": meeting.title,
            "description": description,
            # An online meeting's place is its link (calendars show LOCATION first).
            "location": meeting.location or meeting.online_url,
            "url": meeting.online_url,
            "conference": meeting.online_url,
            "conference_label": renderer("meeting.ics.conference").plain,
            "cancelled": meeting.cancelled,
            "organizer": settings.organizer,
            "organizer_name": settings.organizer_name,
            "created": meeting.created_at,
        }
        fields.update(changes)
        return CalendarEvent(**fields)  # type: ignore[arg-type]

    first = occurrences[0] if occurrences else None
    if meeting.repeat is None:
        return [event(first, attendees=attendees(first),
                      cancelled=meeting.cancelled or bool(first and first.cancelled))]
    changed = [o for o in occurrences if o.changed]
    if only is not None:
        changed = [only]
    master = event(
        None,
        rrule=series_of(meeting).rrule_text(),
        exdates=tuple(o.original_start.astimezone(zone) for o in occurrences
                      if o.cancelled and o.changed),
        attendees=attendees(_next(occurrences)),
    )
    overrides = [
        event(o, recurrence_id=o.original_start.astimezone(zone), attendees=attendees(o),
              cancelled=meeting.cancelled or o.cancelled)
        for o in changed
    ]
    return overrides if only is not None else [master, *overrides]


def _next(occurrences: list[Occurrence]) -> Occurrence | None:
    live = [o for o in occurrences if not o.cancelled]
    return live[0] if live else None


def _description(data: CalendarData, occurrences: list[Occurrence],
                 renderer: Renderer) -> str:
    upcoming = _next(occurrences)
    agenda = data.agendas.get(upcoming.id, []) if upcoming is not None else []
    if not agenda:
        return ""
    lines = [renderer("meeting.ics.agenda").plain]
    lines += [f"{entry.label or entry.position}. "
              f"{_plain(renderer, agenda_text(entry))}" for entry in agenda]
    return "\n".join(lines)


def _plain(renderer: Renderer, text: Message | str) -> str:
    return renderer.message(text).plain if isinstance(text, Message) else text


async def announce(
    uow: UnitOfWork,
    effects: Effects,
    occurrence: Occurrence,
    text: Rendered,
    ics: bytes,
    *,
    method: Method,
    subject: str,
    mail: bool,
    now: datetime,
    letter_id: int | None = None,
) -> None:
    """Post the announcement and its .ics in the room (reactions to either are answers), and
    queue the same invitation by email for members with an address (iMIP, RFC 6047), with the
    Einladung (`letter_id`) attached."""
    meeting = occurrence.meeting
    room = meeting.group.room_id
    notice = await effects.post(room, Notice(text))
    await uow.meetings.remember_message(notice, occurrence)
    filename = f"termin-{meeting.number}.ics"
    mimetype = f"text/calendar; charset=utf-8; method={method.value}"
    attachment = await effects.post(room, FileMessage(filename, mimetype, ics))
    await uow.meetings.remember_message(attachment, occurrence)
    if not mail:
        return
    members = await uow.members.active(meeting.group)
    await uow.mail.queue_to({f"{notice}:{m.email}": m.email for m in members if m.email},
                            subject, text.plain, now, calendar=ics, method=method.value,
                            meeting_id=meeting.id, letter_id=letter_id)


async def seat_attendance(
    uow: UnitOfWork, occurrence: Occurrence, members: Sequence[Member] | None = None,
    answers: dict[str, RsvpAnswer] | None = None,
) -> tuple[list[Seat], dict[str, RsvpAnswer], list[SeatAttendance], Forecast]:
    """Seats, answers, who comes for each seat, and the forecast; `members` (the group's
    active members) and `answers` where the caller has read them already."""
    group = occurrence.meeting.group
    if members is None:
        members = await uow.members.active(group)
    seats = seats_of(seat_holders(members))
    if answers is None:
        answers = await uow.meetings.answers(occurrence)
    attendance = attendance_by_seat(seats, answers)
    return seats, answers, attendance, forecast(attendance, len(seats), group.quorum_percent)


async def ask_deputies(
    uow: UnitOfWork, effects: Effects, occurrence: Occurrence, principal: str, renderer: Renderer
) -> list[str]:
    """A principal declined: ask their deputies who have not answered, once each. Only that
    seat's people and answers are read, however large the group."""
    member = await uow.members.active_member(occurrence.meeting.group, principal)
    if member is None or member.deputy_of is not None:
        return []
    holders = [member, *await uow.members.deputies_of(member)]
    seat = next((s for s in seats_of(seat_holders(holders)) if s.principal == principal), None)
    if seat is None or not seat.deputies:
        return []
    answers = await uow.meetings.answers(occurrence, people=(principal, *seat.deputies))
    asked = [d for d in deputies_to_ask(seat, answers)
             if await uow.meetings.ask_deputy_once(occurrence, d)]
    if asked:
        meeting = occurrence.meeting
        names = {h.user_id: h.display_name for h in holders}
        text = renderer(
            "meeting.deputy.asked", deputies=[UserRef(d, names.get(d)) for d in asked],
            principal=UserRef(principal, member.display_name), number=meeting.number,
            title=meeting.title,
            start=local_start(occurrence),
        )
        await effects.post(meeting.group.room_id, Notice(text, tuple(asked)))
    return asked


def forecast_message(result: Forecast) -> Message:
    key = "meeting.forecast.quorate" if result.quorate else "meeting.forecast.not_quorate"
    return Message(key, confirmed=result.confirmed, seats=result.seats, needed=result.needed)


async def next_occurrence(uow: UnitOfWork, group: Group, now: datetime) -> Occurrence | None:
    return await uow.meetings.first_in_group(group, now, now + SERIES_HORIZON)


async def put_on_next_agenda(
    uow: UnitOfWork, group: Group, text: str, *, source: str, by: str, now: datetime,
    item_id: int | None = None, due_by: date | None = None,
) -> Occurrence | None:
    """Put a matter on the agenda of the group's next meeting, if one is scheduled (and, for
    an item, if it falls due by that meeting's day). Returns that meeting's date."""
    occurrence = await next_occurrence(uow, group, now)
    if occurrence is None:
        return None
    if due_by is not None and due_by > local_start(occurrence).date():
        return None
    agenda = await uow.meetings.agenda(occurrence)
    if item_id is not None and any(entry.item_id == item_id for entry in agenda):
        return occurrence
    await uow.meetings.add_agenda(occurrence, text, source=source, by=by, now=now,
                                  item_id=item_id)
    occurrence.meeting.updated_at = now
    return occurrence
