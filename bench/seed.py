"""Data for the benchmarks: a steering group as it looks after years of work.

The group and its members are made with the bot's own commands (through the dispatcher, as the
bot runs them); meetings, answers, agenda entries, items and decisions in bulk, straight into the
tables — a command per row would take longer than the measurements themselves.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, insert, select

from domain.decision_log import GENESIS, entry_hash
from domain.feeds import token_hash
from domain.meetings import RsvpAnswer
from domain.voting import Outcome
from storage import Database
from storage.models import (
    AgendaEntry,
    Decision,
    Group,
    Item,
    ItemState,
    Meeting,
    Member,
    Occurrence,
    OutboxMessage,
    RsvpRecord,
)
from tests.support.commands import Runner

ROOM = "!benchmark:localhost"
COORDINATOR = "@koordination:localhost"
#: Ten years back from here: meetings run from START on, one per week.
START = datetime(2017, 1, 5, 13, 0, tzinfo=UTC)


@dataclass(frozen=True)
class SeededGroup:
    group_id: int
    members: list[str]
    personal_token: str
    group_token: str


class Commands:
    """Commands as the bot runs them, outside Matrix (`tests.support.commands.Runner`; replies
    go to the outbox table); a refused command is an error here."""

    def __init__(self, database: Database, now: datetime) -> None:
        self.runner = Runner(database, now=now, room=ROOM, moderator=COORDINATOR, signing=False)

    async def __call__(self, sender: str, body: str, room: str = ROOM) -> str:
        outcome = await self.runner.outcome(sender, body, room)
        if not outcome.succeeded:
            raise RuntimeError(f"{body}: {outcome.reply.plain}")
        return outcome.reply.plain


def member_id(index: int, deputy: bool = False) -> str:
    return f"@{'vertretung' if deputy else 'mitglied'}{index:03d}:localhost"


async def seed_group(database: Database, *, seats: int, now: datetime,
                     room: str = ROOM) -> SeededGroup:
    """A steering group with `seats` voting members, each with one deputy (2 × seats people
    besides the coordinator), and one member's feed links."""
    run = Commands(database, now)
    await run(COORDINATOR, "!einrichten Benchmark-Lenkungsgruppe", room)
    for index in range(seats):
        org = f'org="Organisation {index:03d}"'
        await run(COORDINATOR, f"!mitglied hinzufügen {member_id(index)} {org} role=member "
                  f"email=m{index:03d}@stadt.example", room)
        await run(COORDINATOR, f"!mitglied hinzufügen {member_id(index, True)} {org} "
                  f"deputy-of={member_id(index)}", room)
    personal, shared = f"bench-personal-{room}", f"bench-group-{room}"
    async with database.unit_of_work() as uow:
        group = await uow.groups.by_room(room)
        assert group is not None
        for token, is_personal in ((personal, True), (shared, False)):
            await uow.calendar_tokens.issue(group, member_id(0), token_hash(token),
                                            personal=is_personal, now=now)
        members = [m.user_id for m in await uow.members.active(group)]
        return SeededGroup(group.id, members, personal, shared)


async def seed_meetings(database: Database, group: SeededGroup, meetings: int, *,
                        answered: float = 0.7, agenda: int = 3, seed: int = 10,
                        start: datetime = START, every: timedelta = timedelta(weeks=1)) -> None:
    """`meetings` single meetings `every` week (by default) apart from `start`, every member
    invited, `answered` of them with an answer, `agenda` entries each."""
    chance = random.Random(seed)
    answers = list(RsvpAnswer)
    async with database.unit_of_work() as uow:
        session = uow.session
        first = await session.scalar(
            select(Meeting.number).where(Meeting.group_id == group.group_id)
            .order_by(Meeting.number.desc()).limit(1))
        number = int(first or 0)
        zone = (await session.get(Group, group.group_id)).timezone  # type: ignore[union-attr]
        rows = []
        for index in range(meetings):
            begins = start + every * index
            number += 1
            rows.append({
                "group_id": group.group_id, "number": number,
                "title": f"Lenkungsgruppe, Sitzung {number}", "location": "Rathaus, Raum 101",
                "first_start": begins, "duration_minutes": 90, "timezone": zone,
                "uid": f"bench-{group.group_id}-{number}@kimbot", "sequence": 0,
                "cancelled": False, "materialized_until": begins + timedelta(days=1),
                "created_by": COORDINATOR, "created_at": begins - timedelta(days=14),
                "updated_at": begins - timedelta(days=1),
            })
        await session.execute(insert(Meeting), rows)
        ids = (await session.execute(
            select(Meeting.id, Meeting.first_start).where(Meeting.group_id == group.group_id)
            .order_by(Meeting.number.desc()).limit(meetings))).all()
        await session.execute(insert(Occurrence), [
            {"meeting_id": meeting_id, "original_start": start, "starts_at": start,
             "cancelled": False, "changed": False, "scheduled_at": start - timedelta(days=14)}
             for meeting_id, start in ids])
        occurrences = (await session.execute(
            select(Occurrence.id, Occurrence.starts_at).join(Meeting)
            .where(Meeting.group_id == group.group_id))).all()
        known = set((await session.scalars(select(AgendaEntry.occurrence_id))).all())
        fresh = [(oid, start) for oid, start in occurrences if oid not in known]
        await session.execute(insert(AgendaEntry), [
            {"occurrence_id": oid, "position": position + 1,
             "text": f"Bericht der koordinierenden Stelle {position + 1}", "source": "coordinator",
             "added_by": COORDINATOR, "added_at": start - timedelta(days=10)}
            for oid, start in fresh for position in range(agenda)])
        rsvps = [
            {"occurrence_id": oid, "user_id": user, "answer": chance.choice(answers),
             "event_id": f"$rsvp-{oid}-{user}", "answered_at": start - timedelta(days=3),
             "withdrawn": False}
            for oid, start in fresh for user in group.members if chance.random() < answered]
        for batch in range(0, len(rsvps), 5000):
            await session.execute(insert(RsvpRecord), rsvps[batch:batch + 5000])


async def member_count(database: Database, group: SeededGroup) -> int:
    async with database.unit_of_work() as uow:
        return len((await uow.session.scalars(
            select(Member.id).where(Member.group_id == group.group_id,
                                    Member.removed_at.is_(None)))).all())


async def seed_items(database: Database, group: SeededGroup, count: int, *,
                     seed: int = 11, first: int = 0, total: int | None = None,
                     start: datetime = START, every: timedelta = timedelta(hours=17),
                     still_open: int = 40, due_in: timedelta = timedelta(days=30)) -> None:
    """Items `first` … `first + count - 1` of `total` (default: `count`), one every 17 hours
    (by default) from `start`, each due `due_in` after it was made, most of them done long ago;
    the last `still_open` of the total still open."""
    chance = random.Random(seed + first)
    total = count if total is None else total
    async with database.unit_of_work() as uow:
        rows = []
        for index in range(first, first + count):
            created = start + every * index
            open_now = index >= total - still_open
            rows.append({
                "group_id": group.group_id, "number": index + 1,
                "text": f"Bericht {index + 1} zur Integrationsarbeit vorlegen",
                "owner_user": chance.choice(group.members), "owner_org": None,
                "due": (created + due_in).date(),
                "state": ItemState.OPEN if open_now else ItemState.DONE,
                "decision_id": None, "created_by": COORDINATOR, "created_at": created,
                "closed_at": None if open_now else created + timedelta(days=20),
            })
        await uow.session.execute(insert(Item), rows)


async def seed_decisions(database: Database, group_id: int, count: int, *,
                         first: int = 0) -> None:
    """Entries `first` … `first + count - 1` of a group's decision log, chained as the bot
    chains them (so that `kimbot verify-log` has a real chain to check), each year numbered
    on from what the log holds."""
    async with database.unit_of_work() as uow:
        previous = await uow.session.scalar(
            select(Decision.hash).where(Decision.group_id == group_id)
            .order_by(Decision.id.desc()).limit(1)) or GENESIS
        per_year: dict[int, int] = dict((await uow.session.execute(
            select(Decision.year, func.max(Decision.sequence))
            .where(Decision.group_id == group_id).group_by(Decision.year))).tuples().all())
        rows = []
        for index in range(first, first + count):
            decided = START + timedelta(hours=43 * index)
            year = decided.year
            per_year[year] = per_year.get(year, 0) + 1
            entry = Decision(
                group_id=group_id, year=year, sequence=per_year[year],
                text=f"Die Lenkungsgruppe beschließt Maßnahme {index + 1}.",
                decided_at=decided, outcome=Outcome.ADOPTED, poll_id=None,
                counting={"yes": 12, "no": 2, "abstain": 1, "seats": 20, "rule": "simple"},
                votes=None, corrects_id=None, recorded_by=COORDINATOR,
                previous_hash=previous, hash="")
            entry.hash = entry_hash(entry.hashed_content(None), previous)
            previous = entry.hash
            rows.append({column: getattr(entry, column) for column in (
                "group_id", "year", "sequence", "text", "decided_at", "outcome", "poll_id",
                "counting", "votes", "corrects_id", "recorded_by", "previous_hash", "hash")})
        for batch in range(0, len(rows), 2000):
            await uow.session.execute(insert(Decision), rows[batch:batch + 2000])


async def forget_outbox(database: Database) -> None:
    """Seeding commands leave their replies in the outbox; no one is waiting for them."""
    async with database.unit_of_work() as uow:
        await uow.session.execute(delete(OutboxMessage))


async def vacuum_as_autovacuum_would(database: Database) -> None:
    """On PostgreSQL, the state autovacuum keeps a database in that grew over years: its
    planner statistics current and its visibility map set. Right after a bulk seed there are
    neither, and the planner would guess at tables it has never looked at. (SQLite keeps no
    statistics unless told to, and the bot does not tell it: it is measured as it comes.)"""
    if database.is_sqlite:
        return
    async with database.engine.connect() as connection:
        autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
        await autocommit.exec_driver_sql("VACUUM ANALYZE")
