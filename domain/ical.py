"""iCalendar (RFC 5545) and iTIP (RFC 5546) rendering of meetings.

Plain values in, bytes out: invitations (`METHOD:REQUEST`), cancellations (`METHOD:CANCEL`) and
subscription feeds (no method). Times are written with the group's `TZID` and a `VTIMEZONE`
that covers the events, so every client shows the same local time on either side of a change
to or from summer time.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from icalendar import vRecur

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
    #: A video conference's address (RFC 7986 CONFERENCE), and how calendars label it.
    conference: str | None = None
    conference_label: str = ""
    created: datetime | None = None
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class EventBlock:
    """Events written out once, to be put into calendars until they change (a feed keeps one
    block per meeting). Only DTSTAMP is left open: it is the calendar's, set when assembled."""

    pieces: tuple[bytes, ...]  # the text between the DTSTAMP values, encoded
    first: date | None = None  # the events' earliest start and latest end, for the VTIMEZONE
    last: date | None = None
    zones: frozenset[str] = frozenset()
    open_ended: bool = False  # a series among them, which may run for decades


def event_block(events: Sequence[CalendarEvent],
                attendee_lines: dict[Attendee, str] | None = None) -> EventBlock:
    """`events` written out; `attendee_lines` shares the ATTENDEE lines between blocks."""
    if not events:
        return EventBlock((b"",))
    lines = attendee_lines if attendee_lines is not None else {}
    text = "".join(_event(event, lines) for event in events)
    return EventBlock(
        tuple(text.encode("utf-8").split(_DTSTAMP.encode("ascii"))),
        min(e.start for e in events).date(),
        max(e.end for e in events).date(),
        frozenset(_zone_name(e.start) for e in events),
        any(e.rrule for e in events),
    )


def assemble_calendar(
    blocks: Sequence[EventBlock],
    *,
    stamp: datetime,
    method: Method | None = None,
    name: str | None = None,
    refresh: timedelta | None = None,
) -> bytes:
    lines = ["BEGIN:VCALENDAR", f"PRODID:{PRODID}", "VERSION:2.0", "CALSCALE:GREGORIAN"]
    if method is not None:
        lines.append(f"METHOD:{method.value}")
    if name is not None:
        lines.append(f"X-WR-CALNAME:{_text(name)}")
        lines.append(f"NAME:{_text(name)}")
    if refresh is not None:
        lines.append(f"REFRESH-INTERVAL;VALUE=DURATION:{_duration(refresh)}")
        lines.append(f"X-PUBLISHED-TTL:{_duration(refresh)}")
    head = [_fold("\r\n".join(lines) + "\r\n")]
    spans = [block for block in blocks if block.first is not None and block.last is not None]
    if spans:
        first = min(b.first for b in spans if b.first) - timedelta(days=366)
        # A series without an end may run for decades: its zone must cover them all.
        horizon = 30 if any(b.open_ended for b in spans) else 2
        last = max(b.last for b in spans if b.last) + timedelta(days=366 * horizon)
        for zone in sorted(frozenset().union(*(b.zones for b in spans))):
            # Whole years: every calendar of the same years shares one VTIMEZONE text.
            head.append(_vtimezone(zone, date(first.year, 1, 1), date(last.year, 12, 31)))
    dtstamp = _utc(stamp).encode("ascii")
    body = ["".join(head).encode("utf-8")]
    body += [dtstamp.join(block.pieces) for block in blocks]
    body.append(b"END:VCALENDAR\r\n")
    return b"".join(body)


def render_calendar(
    events: Sequence[CalendarEvent],
    *,
    stamp: datetime,
    method: Method | None = None,
    name: str | None = None,
    refresh: timedelta | None = None,
) -> bytes:
    return assemble_calendar([event_block(events)], stamp=stamp, method=method, name=name,
                             refresh=refresh)


def _zone_name(moment: datetime) -> str:
    zone = moment.tzinfo
    if not isinstance(zone, ZoneInfo):
        raise ValueError("calendar times must carry a ZoneInfo zone")
    return zone.key


# -- writing content lines (RFC 5545 §3.1) --------------------------------------------------
#
# Written here rather than through icalendar's component tree: a feed of a thousand meetings
# with forty attendees each is 40,000 ATTENDEE lines, and building and serialising objects for
# each took seconds; the lines below take milliseconds (bench/RESULTS.md). icalendar still
# writes the VTIMEZONE and normalises RRULEs, and every output is read back by an independent
# parser in the tests.


#: Where DTSTAMP's value goes: no text value can hold it (control characters are dropped).
_DTSTAMP = "\x00DTSTAMP\x00"


def _event(source: CalendarEvent, attendee_lines: dict[Attendee, str]) -> str:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{_text(source.uid)}",
        f"DTSTAMP:{_DTSTAMP}",
        f"SEQUENCE:{source.sequence}",
        f"DTSTART{_local(source.start)}",
        f"DTEND{_local(source.end)}",
        f"SUMMARY:{_text(source.summary)}",
    ]
    if source.description:
        lines.append(f"DESCRIPTION:{_text(source.description)}")
    if source.location:
        lines.append(f"LOCATION:{_text(source.location)}")
    if source.url:
        lines.append(f"URL:{_uri(source.url)}")
    if source.conference:
        label = f";LABEL={_parameter(source.conference_label)}" if source.conference_label else ""
        lines.append(f"CONFERENCE;VALUE=URI;FEATURE=VIDEO{label}:{_uri(source.conference)}")
    if source.created:
        lines.append(f"CREATED:{_utc(source.created)}")
    lines.append("STATUS:CANCELLED" if source.cancelled else "STATUS:CONFIRMED")
    lines.append("TRANSP:OPAQUE")
    if source.rrule and source.recurrence_id is None:
        lines.append(f"RRULE:{_rrule(source.rrule)}")
        lines.extend(f"EXDATE{_local(excluded)}" for excluded in source.exdates)
    if source.recurrence_id is not None:
        lines.append(f"RECURRENCE-ID{_local(source.recurrence_id)}")
    if source.organizer:
        name = f";CN={_parameter(source.organizer_name)}" if source.organizer_name else ""
        lines.append(f"ORGANIZER{name}:{_uri(source.organizer)}")
    text = _fold("\r\n".join(lines) + "\r\n")
    parts = [text]
    for person in source.attendees:
        line = attendee_lines.get(person)
        if line is None:
            line = attendee_lines[person] = _attendee(person)
        parts.append(line)
    extra = [f"{key.upper()}:{_text(value)}" for key, value in source.extra.items()]
    if extra:
        parts.append(_fold("\r\n".join(extra) + "\r\n"))
    parts.append("END:VEVENT\r\n")
    return "".join(parts)


def _attendee(person: Attendee) -> str:
    return _fold(
        f"ATTENDEE;CN={_parameter(person.name)};CUTYPE=INDIVIDUAL"
        f";PARTSTAT={person.partstat.value};ROLE={_parameter(person.role)}"
        f";RSVP={'TRUE' if person.rsvp else 'FALSE'}:{_uri(person.address)}\r\n"
    )


#: Control characters have no place in a content line (HTAB aside); a line break in a text
#: value is written as the two characters \n instead.
_CONTROLS = dict.fromkeys([*range(0x00, 0x09), *range(0x0A, 0x20), 0x7F])
_TEXT_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"})


def _text(value: str) -> str:
    """A TEXT value: backslash, semicolon, comma and line breaks escaped (§3.3.11), so no
    user's text can end a property or start another one."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.translate(_TEXT_ESCAPES).translate(_CONTROLS)


def _parameter(value: str) -> str:
    """A parameter value (§3.2): quoted where it holds `:`, `;` or `,`; a double quote, which
    no parameter value may hold, becomes a single one."""
    value = value.replace('"', "'").translate(_CONTROLS)
    if any(character in value for character in ":;,"):
        return f'"{value}"'
    return value


def _uri(value: str) -> str:
    return value.translate(_CONTROLS)


def _local(moment: datetime) -> str:
    """`;TZID=…:YYYYMMDDTHHMMSS` in the moment's own zone."""
    return f";TZID={_zone_name(moment)}:{moment.strftime('%Y%m%dT%H%M%S')}"


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _duration(span: timedelta) -> str:
    """A DURATION (§3.3.6) such as PT30M or P1D."""
    seconds = int(span.total_seconds())
    sign = "-" if seconds < 0 else ""
    days, rest = divmod(abs(seconds), 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{sign}P{days}D" if days else f"{sign}P"
    if hours or minutes or seconds or not days:
        text += "T" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
        text += f"{seconds}S" if seconds or not (hours or minutes) else ""
    return text


def _fold(lines: str) -> str:
    """Fold CRLF-ended content lines at 75 octets (§3.1), never inside a UTF-8 character."""
    if all(len(line) <= 75 for line in lines.split("\r\n")) and lines.isascii():
        return lines
    folded = []
    for line in lines.split("\r\n")[:-1]:
        data = line.encode("utf-8")
        if len(data) <= 75:
            folded.append(line)
            continue
        chunks, start, width = [], 0, 75
        while start < len(data):
            end = min(start + width, len(data))
            while end < len(data) and data[end] & 0xC0 == 0x80:
                end -= 1  # not inside a multi-byte character
            chunks.append(data[start:end].decode("utf-8"))
            start, width = end, 74
        folded.append("\r\n ".join(chunks))
    return "\r\n".join(folded) + "\r\n"


@functools.lru_cache(maxsize=64)
def _vtimezone(zone: str, first: date, last: date) -> str:
    return bytes(vtimezone(zone, first, last).to_ical()).decode("utf-8")


@functools.lru_cache(maxsize=256)
def _rrule(rule: str) -> str:
    return bytes(vRecur.from_ical(rule).to_ical()).decode("ascii")
