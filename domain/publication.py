"""What a group publishes on the web, as plain data: read once per change from the database
(`commands.publication`), then written out as OParl objects (`web.oparl`) and as pages
(`web.pages`) without touching the database again.

The privacy rules live where this data is made, so nothing downstream can show more: people
are named only where the group publishes names, and never once removed or erased; secret polls
appear as their decision's tally; a group that publishes nothing is not read at all.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from domain.group import GroupKind, Language, Publication
from domain.voting import Outcome


class MeetingState(StrEnum):
    SCHEDULED = "scheduled"  # terminiert
    RUNNING = "running"  # läuft (a session is open in the room)
    HELD = "held"  # durchgeführt
    CANCELLED = "cancelled"  # abgesagt


def public_key(*parts: object) -> str:
    """A stable identifier for something that has no number of its own (a person, an
    organisation, a place), which says nothing about it."""
    text = "\x1f".join(str(part) for part in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class PublishedPerson:
    key: str
    name: str
    created: datetime
    modified: datetime


@dataclass(frozen=True)
class PublishedMembership:
    id: int
    group_id: int
    organisation: str
    role: str  # in the group's language
    voting: bool
    start: date
    end: date | None
    created: datetime
    modified: datetime
    #: The person's key; None where names are not published or the person is gone.
    person: str | None = None


@dataclass(frozen=True)
class PublishedFile:
    """A file the web server hands out: generated (an invitation, minutes) or submitted (a
    report). `source` is its bytes, or how to make them — an invitation is written when it is
    first needed, in the web server's worker thread, not while the record is read."""

    key: str
    name: str
    filename: str
    mimetype: str
    source: bytes | Callable[[], bytes]
    day: date
    created: datetime
    modified: datetime
    meeting_id: int | None = None
    agenda_item_id: int | None = None
    paper: str | None = None

    @functools.cached_property
    def content(self) -> bytes:
        return self.source if isinstance(self.source, bytes) else self.source()

    @functools.cached_property
    def sha512(self) -> str:
        return hashlib.sha512(self.content).hexdigest()


@dataclass(frozen=True)
class PublishedReport:
    id: int
    group_id: int
    meeting_id: int
    number: int
    annex: int
    title: str
    organisation: str
    submitted: datetime
    #: Its file or text; None once the retention period removed it.
    file: PublishedFile | None


@dataclass(frozen=True)
class PublishedDecision:
    id: int
    group_id: int
    number: str
    text: str
    outcome: Outcome
    outcome_label: str
    #: „Beschluss 2026/007: mehrheitlich angenommen — Ja 7, Nein 2 …“ for a decision by poll;
    #: "" for one recorded as taken.
    result: str
    decided: datetime
    hash: str
    corrects: str | None = None  # the number of the entry this one corrects
    corrected_by: tuple[str, ...] = ()
    meeting_id: int | None = None
    agenda_item_id: int | None = None
    report_id: int | None = None


@dataclass(frozen=True)
class PublishedAgendaItem:
    id: int
    meeting_id: int
    label: str
    order: int
    name: str
    created: datetime
    modified: datetime
    report_id: int | None = None
    decisions: tuple[int, ...] = ()


@dataclass(frozen=True)
class PublishedMeeting:
    id: int
    group_id: int
    number: int
    title: str
    start: datetime
    end: datetime
    state: MeetingState
    state_label: str
    created: datetime
    modified: datetime
    location: str | None = None
    #: The video link: only where the group publishes for its members.
    online_url: str | None = None
    online: bool = False
    agenda: tuple[PublishedAgendaItem, ...] = ()
    #: Organisations present (recorded in the room) with how many of their people.
    present: tuple[tuple[str, int], ...] = ()
    invitation: PublishedFile | None = None
    minutes: PublishedFile | None = None

    @functools.cached_property
    def location_key(self) -> str | None:
        return public_key("location", self.location) if self.location else None


@dataclass(frozen=True)
class PublishedGroup:
    id: int
    name: str
    kind: GroupKind
    kind_label: str
    language: Language
    timezone: str
    publish: Publication
    names: bool
    created: datetime
    modified: datetime
    memberships: tuple[PublishedMembership, ...] = ()
    meetings: tuple[PublishedMeeting, ...] = ()
    decisions: tuple[PublishedDecision, ...] = ()
    reports: tuple[PublishedReport, ...] = ()
    #: How to write the group's calendar, without attendees, for subscribing.
    write_calendar: Callable[[], bytes] = bytes

    @functools.cached_property
    def calendar(self) -> bytes:
        return self.write_calendar()

    @property
    def organisations(self) -> list[str]:
        return sorted({m.organisation for m in self.memberships})


@dataclass(frozen=True)
class PublishedRecord:
    """Everything one reader may see: the groups their link opens, read at one moment."""

    groups: tuple[PublishedGroup, ...]
    people: Mapping[str, PublishedPerson] = field(default_factory=dict)

    def group(self, group_id: int) -> PublishedGroup | None:
        return next((g for g in self.groups if g.id == group_id), None)

    @property
    def meetings(self) -> Iterable[PublishedMeeting]:
        return (m for g in self.groups for m in g.meetings)

    @property
    def memberships(self) -> Iterable[PublishedMembership]:
        return (m for g in self.groups for m in g.memberships)

    @property
    def decisions(self) -> Iterable[PublishedDecision]:
        return (d for g in self.groups for d in g.decisions)

    @property
    def reports(self) -> Iterable[PublishedReport]:
        return (r for g in self.groups for r in g.reports)

    @property
    def files(self) -> Iterable[PublishedFile]:
        for meeting in self.meetings:
            if meeting.invitation is not None:
                yield meeting.invitation
            if meeting.minutes is not None:
                yield meeting.minutes
        for report in self.reports:
            if report.file is not None:
                yield report.file

    @property
    def organisations(self) -> list[str]:
        """The member organisations of all groups shown, each once."""
        return sorted({m.organisation for m in self.memberships})
