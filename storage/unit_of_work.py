"""A unit of work: one transaction and the repositories that act inside it."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from storage.agenda import AgendaProposals
from storage.calendar_tokens import CalendarTokens
from storage.decisions import DecisionLog
from storage.inbound import InboundMailJournal
from storage.items import ItemRepository
from storage.letters import InvitationLetters
from storage.mail import MailQueue
from storage.meetings import MeetingRepository
from storage.minutes import MinutesVersions
from storage.people import People
from storage.polls import PollRepository
from storage.publication import PublishedData
from storage.reports import ReportRepository
from storage.repositories import (
    DirectRooms,
    EventJournal,
    GroupRepository,
    MemberRepository,
    Outbox,
    RoomRegistry,
    SentReminders,
    SyncPosition,
)
from storage.sessions import SessionRepository
from storage.web_tokens import WebTokens


class UnitOfWork:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.groups = GroupRepository(session)
        self.members = MemberRepository(session)
        self.journal = EventJournal(session)
        self.outbox = Outbox(session)
        self.rooms = RoomRegistry(session)
        self.sync = SyncPosition(session)
        self.polls = PollRepository(session)
        self.decisions = DecisionLog(session)
        self.direct_rooms = DirectRooms(session)
        self.agenda = AgendaProposals(session)
        self.items = ItemRepository(session)
        self.meetings = MeetingRepository(session)
        self.calendar_tokens = CalendarTokens(session)
        self.web_tokens = WebTokens(session)
        self.published = PublishedData(session)
        self.mail = MailQueue(session)
        self.letters = InvitationLetters(session)
        self.minutes = MinutesVersions(session)
        self.inbound_mail = InboundMailJournal(session)
        self.reminders = SentReminders(session)
        self.people = People(session)
        self.sessions = SessionRepository(session)
        self.reports = ReportRepository(session)
