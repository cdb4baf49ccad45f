"""Pseudonyms, and everything the bot holds about one person: export and erasure (GDPR)."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import String, cast, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    AgendaEntry,
    AgendaProposal,
    Base,
    CalendarToken,
    Decision,
    DeputyRequest,
    DirectRoom,
    Group,
    Item,
    ItemEvent,
    Meeting,
    MeetingSession,
    Member,
    OutboxMessage,
    OutgoingMail,
    Person,
    Poll,
    PollAnswer,
    PollRefusal,
    Presence,
    Report,
    RosterImport,
    RsvpRecord,
    SecretVoter,
    SentReminder,
    SessionPresence,
    SessionRecord,
    WebToken,
)

PREFIX = "p-"

#: Every column that may hold a person's Matrix id, by table: what export and erasure visit.
USER_COLUMNS: tuple[tuple[type[Base], str], ...] = (
    (Group, "created_by"),
    (Member, "user_id"),
    (Member, "added_by"),
    (Poll, "created_by"),
    (Poll, "closed_by"),
    (Poll, "then_owner_user"),
    (PollAnswer, "user_id"),
    (SecretVoter, "voter"),
    (SecretVoter, "seat"),
    (Item, "owner_user"),
    (Item, "created_by"),
    (ItemEvent, "by"),
    (Meeting, "created_by"),
    (AgendaEntry, "added_by"),
    (AgendaProposal, "proposed_by"),
    (RsvpRecord, "user_id"),
    (Presence, "user_id"),
    (Presence, "recorded_by"),
    (Meeting, "scribe"),
    (MeetingSession, "started_by"),
    (SessionPresence, "user_id"),
    (SessionPresence, "recorded_by"),
    (SessionRecord, "author"),
    (Report, "submitted_by"),
    (RosterImport, "read_by"),
)


#: People looked up per statement: well below every driver's limit of bound parameters.
_LOOKUP_BATCH = 1000


def is_pseudonym(value: str) -> bool:
    return value.startswith(PREFIX)


class People:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def pseudonym(self, user_id: str) -> str:
        """The person's pseudonym, made on first use."""
        return (await self.pseudonyms((user_id,)))[user_id]

    async def pseudonyms(self, user_ids: Iterable[str]) -> dict[str, str]:
        """Each person's pseudonym, made on first use: one query per thousand people and one
        insert for all new ones (a poll of a thousand seats names two thousand people)."""
        wanted = sorted(set(user_ids))
        found: dict[str, str] = {}
        for start in range(0, len(wanted), _LOOKUP_BATCH):
            rows = await self.session.execute(
                select(Person.user_id, Person.pseudonym)
                .where(Person.user_id.in_(wanted[start:start + _LOOKUP_BATCH])))
            found.update((user_id, pseudonym) for user_id, pseudonym in rows if user_id)
        new = [Person(pseudonym=PREFIX + secrets.token_hex(6), user_id=user_id)
               for user_id in wanted if user_id not in found]
        if new:
            self.session.add_all(new)
            await self.session.flush()
            found.update((person.user_id, person.pseudonym) for person in new if person.user_id)
        return found

    async def resolve(self, pseudonyms: Iterable[str]) -> dict[str, str | None]:
        """Pseudonym → Matrix id, or None for a person whose data was erased."""
        wanted = {p for p in pseudonyms if is_pseudonym(p)}
        if not wanted:
            return {}
        rows = await self.session.execute(
            select(Person.pseudonym, Person.user_id).where(Person.pseudonym.in_(wanted))
        )
        return {pseudonym: user_id for pseudonym, user_id in rows.all()}

    async def export(self, user_id: str) -> dict[str, Any]:
        """Every row that names the person, table by table (for `kimbot export-member`)."""
        found: dict[str, list[dict[str, Any]]] = {}
        pseudonym = await self.session.scalar(
            select(Person.pseudonym).where(Person.user_id == user_id)
        )
        for model, column in USER_COLUMNS:
            rows = (await self.session.scalars(
                select(model).where(getattr(model, column) == user_id)
            )).all()
            for row in rows:
                found.setdefault(model.__tablename__, []).append(_as_dict(row))
        for model, column in ((CalendarToken, "user_id"), (DirectRoom, "user_id")):
            rows = (await self.session.scalars(
                select(model).where(getattr(model, column) == user_id)
            )).all()
            for row in rows:
                record = _as_dict(row)
                record.pop("token_hash", None)
                found.setdefault(model.__tablename__, []).append(record)
        emails = [m["email"] for m in found.get("members", []) if m.get("email")]
        if emails:
            mails = (await self.session.scalars(
                select(OutgoingMail).where(OutgoingMail.recipient.in_(emails))
            )).all()
            found["outgoing_mail"] = [
                {k: v for k, v in _as_dict(m).items() if k not in ("calendar", "text")}
                for m in mails
            ]
        if pseudonym is not None:
            # The decision log names people by pseudonym: the entries she recorded or voted in.
            entries = (await self.session.scalars(select(Decision).where(or_(
                Decision.recorded_by == pseudonym,
                cast(Decision.votes, String).contains(pseudonym),
            )).order_by(Decision.id))).all()
            if entries:
                found["decisions"] = [
                    {"number": entry.number, "text": entry.text,
                     "recorded": entry.recorded_by == pseudonym,
                     "votes": [vote for vote in entry.votes or ()
                               if vote.get("voter") == pseudonym]}
                    for entry in entries
                ]
        return {"user_id": user_id, "pseudonym": pseudonym, "records": found}

    async def purge(self, user_id: str, now: datetime) -> str:
        """Erase the person's data: their id becomes their pseudonym everywhere, their email,
        names, feed links, direct room, queued mails and refusal notes go; the decision log, which
        names them only by pseudonym, is untouched."""
        pseudonym = await self.pseudonym(user_id)
        emails = list((await self.session.scalars(
            select(Member.email).where(Member.user_id == user_id, Member.email.is_not(None))
        )).all())
        names = [n for row in (await self.session.execute(
            select(Member.name, Member.matrix_name).where(Member.user_id == user_id)
        )).all() for n in row if n]
        for model, column in USER_COLUMNS:
            await self.session.execute(
                update(model).where(getattr(model, column) == user_id)
                .values({column: pseudonym})
            )
        await self.session.execute(
            update(Member).where(Member.user_id == pseudonym)
            .values(email=None, name=None, matrix_name=None)
        )
        for model, column in ((CalendarToken, "user_id"), (WebToken, "user_id"),
                              (DirectRoom, "user_id"),
                              (PollRefusal, "user_id"), (DeputyRequest, "user_id")):
            await self.session.execute(delete(model).where(getattr(model, column) == user_id))
        if emails:
            await self.session.execute(
                delete(OutgoingMail).where(OutgoingMail.recipient.in_(emails))
            )
        await self.session.execute(
            delete(SentReminder).where(SentReminder.key.contains(user_id))
        )
        # A roster file waiting for its confirmation may name the person: it goes.
        await self.session.execute(
            delete(RosterImport).where(cast(RosterImport.lines, String).contains(user_id)))
        traces = [user_id, *(email for email in emails if email), *names]
        outbox = (await self.session.scalars(select(OutboxMessage))).all()
        for message in outbox:
            if message.to_user == user_id:
                message.to_user = None if message.sent_at else pseudonym
            if message.sent_at is None:
                continue
            if any(trace in str(message.content) for trace in traces):
                message.content = {"scrubbed": True}
            if message.attachment and any(t.encode() in message.attachment for t in traces):
                message.attachment = None
        person = await self.session.get(Person, pseudonym)
        assert person is not None
        person.user_id = None
        person.purged_at = now
        await self.session.flush()
        return pseudonym


def _as_dict(row: Base) -> dict[str, Any]:
    values = {}
    for column in row.__table__.columns:
        value = getattr(row, column.key)
        if isinstance(value, bytes):
            continue
        values[column.key] = value.isoformat() if isinstance(value, datetime) else value
    return values
