"""iCalendar (RFC 5545) and iTIP (RFC 5546) rendering of meetings.

Plain values in, bytes out: invitations (`METHOD:REQUEST`), cancellations (`METHOD:CANCEL`) and
subscription feeds (no method). Times are written with the group's `TZID` and a `VTIMEZONE`
that covers the events, so every client shows the same local time on either side of a change
to or from summer time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vRecur

from domain.roles import Role
from domain.timezones import vtimezone

PRODID = "-//kimbot//Kommunales Integrationsmanagement//DE"


class Method(StrEnum):
    REQUEST = "REQUEST"
    CANCEL = "CANCEL"


class PartStat(StrEnum):
    NEEDS_ACTION = "NEEDS-ACTION"
    ACCEPTED = "ACCEPTED"
    DECLINED = "DECLINED"
    TENTATIVE = "TENTATIVE"


def attendee_role(role: Role, is_deputy: bool) -> str:
    """The iCalendar ROLE after the member's role in the group."""
    if role is Role.CHAIR:
        return "CHAIR"
    if role is Role.GUEST:
        return "NON-PARTICIPANT"
    if role is Role.ADVISOR or is_deputy:
        return "OPT-PARTICIPANT"
    return "REQ-PARTICIPANT"


def calendar_address(user_id: str, email: str | None) -> str:
    """`mailto:` where the member has an email address, else their Matrix URI (RFC 9420's
    `matrix:` scheme), so every attendee has an address."""
    if email:
        return f"mailto:{email}"
    return f"matrix:u/{user_id.removeprefix('@')}"


@dataclass(frozen=True)
class Attendee:
    address: str
    name: str
    role: str
    partstat: PartStat = PartStat.NEEDS_ACTION
    rsvp: bool = True


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    sequence: int
    start: datetime  # aware, in the group's zone
    end: datetime
    summary: str
    description: str = ""
    location: str | None = None
    cancelled: bool = False
    rrule: str | None = None
    exdates: tuple[datetime, ...] = ()
    #: For one changed occurrence of a series: the start it had in the series.
    recurrence_id: datetime | None = None
    attendees: tuple[Attendee, ...] = ()
    organizer: str | None = None
    organizer_name: str | None = None
    url: str | None = None
    created: datetime | None = None
    extra: dict[str, str] = field(default_factory=dict)


def render_calendar(
    events: Sequence[CalendarEvent],
    *,
    stamp: datetime,
    method: Method | None = None,
    name: str | None = None,
    refresh: timedelta | None = None,
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method is not None:
        calendar.add("method", method.value)
    if name is not None:
        calendar.add("x-wr-calname", name)
        calendar.add("name", name)
    if refresh is not None:
        calendar.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", refresh)
    if events:
        first = min(e.start for e in events).date() - timedelta(days=366)
        # A series without an end may run for decades: its zone must cover them all.
        horizon = 30 if any(e.rrule for e in events) else 2
        last = max(e.end for e in events).date() + timedelta(days=366 * horizon)
        for zone in sorted({_zone_name(e.start) for e in events}):
            calendar.add_component(vtimezone(zone, first, last))
    for event in events:
        calendar.add_component(_event(event, stamp))
    return bytes(calendar.to_ical())


def _zone_name(moment: datetime) -> str:
    zone = moment.tzinfo
    if not isinstance(zone, ZoneInfo):
        raise ValueError("calendar times must carry a ZoneInfo zone")
    return zone.key


def _event(source: CalendarEvent, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", source.uid)
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("sequence", source.sequence)
    event.add("dtstart", source.start)
    event.add("dtend", source.end)
    event.add("summary", source.summary)
    if source.description:
        event.add("description", source.description)
    if source.location:
        event.add("location", source.location)
    if source.url:
        event.add("url", source.url)
    if source.created:
        event.add("created", source.created.astimezone(UTC))
    event.add("status", "CANCELLED" if source.cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    if source.rrule and source.recurrence_id is None:
        event.add("rrule", vRecur.from_ical(source.rrule))
        for excluded in source.exdates:
            event.add("exdate", excluded)
    if source.recurrence_id is not None:
        event.add("recurrence-id", source.recurrence_id)
    if source.organizer:
        organizer = vCalAddress(source.organizer)
        if source.organizer_name:
            organizer.params["CN"] = source.organizer_name
        event.add("organizer", organizer)
    for person in source.attendees:
        address = vCalAddress(person.address)
        address.params["CN"] = person.name
        address.params["ROLE"] = person.role
        address.params["PARTSTAT"] = person.partstat.value
        address.params["RSVP"] = "TRUE" if person.rsvp else "FALSE"
        address.params["CUTYPE"] = "INDIVIDUAL"
        event.add("attendee", address, encode=False)
    for key, value in source.extra.items():
        event.add(key, value)
    return event
