"""Repositories: the only code that builds queries. Each works inside the caller's session."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Select, Table, and_, bindparam, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import lazyload

from domain.group import GroupDefaults, GroupKind
from domain.roles import NEVER_VOTING, Notify, Role, votes_by_default
from storage.dialects import insert_new
from storage.loading import attach
from storage.models import (
    DirectRoom,
    Group,
    HandledEvent,
    KnownRoom,
    Member,
    OutboxMessage,
    SentReminder,
    SyncState,
)
from storage.prepared import prepared
from storage.queues import backlog


class GroupRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_room(self, room_id: str) -> Group | None:
        return await self.session.scalar(select(Group).where(Group.room_id == room_id))

    async def with_member(self, room_id: str, user_id: str) -> tuple[Group | None, Member | None]:
        """The room's group and `user_id`'s active membership in it, in one query: every
        command needs both before it can be checked."""
        row = (await self.session.execute(
            _group_with_member(), {"room_id": room_id, "user_id": user_id})).first()
        if row is None:
            return None, None
        group, member = row
        if member is None or not member.active:
            return group, None
        await _attach_principals(self.session, [member])
        return group, member

    async def by_id(self, group_id: int) -> Group | None:
        return await self.session.get(Group, group_id)

    async def all(self) -> Sequence[Group]:
        return (await self.session.scalars(select(Group).order_by(Group.id))).all()

    async def create(
        self,
        room_id: str,
        name: str,
        kind: GroupKind,
        *,
        created_by: str,
        now: datetime,
        defaults: GroupDefaults,
    ) -> Group:
        group = Group(
            room_id=room_id,
            name=name,
            kind=kind,
            timezone=defaults.timezone,
            language=defaults.language,
            quorum_percent=defaults.quorum_percent,
            majority_rule=defaults.majority_rule,
            notice_days=defaults.notice_days,
            circular_rule=defaults.circular_rule,
            circular_days=defaults.circular_days,
            created_by=created_by,
            created_at=now,
        )
        self.session.add(group)
        await self.session.flush()
        return group

    async def update(self, group: Group, changes: dict[str, Any]) -> None:
        for attribute, value in changes.items():
            setattr(group, attribute, value)
        await self.session.flush()


@prepared
def _group_with_member() -> Select[Group, Member]:
    return select(Group, Member).options(lazyload(Member.deputy_of)).outerjoin(Member, and_(
        Member.group_id == Group.id, Member.user_id == bindparam("user_id"),
    )).where(Group.room_id == bindparam("room_id"))


@prepared
def _active_members() -> Select[Member]:
    # Flat rows: the principals are among the same members (see `_attach_principals`);
    # the model's joined loading would read each row three times over (deputy_of, twice).
    return (select(Member).options(lazyload(Member.deputy_of))
            .where(Member.group_id == bindparam("group_id"), Member.removed_at.is_(None))
            .order_by(func.lower(Member.organisation), Member.deputy_rank, Member.user_id))


async def _attach_principals(session: AsyncSession, members: Sequence[Member]) -> None:
    """Set each member's `deputy_of` from `members` itself; a principal not among them (the
    sender's, or one removed outside the bot — `!mitglied entfernen` refuses a principal who
    has deputies) comes from the session, read if the session does not hold it yet."""
    by_id = {member.id: member for member in members}
    wanted = {m.deputy_of_id for m in members if m.deputy_of_id is not None}
    for principal_id in wanted - by_id.keys():
        principal = await session.get(Member, principal_id)
        assert principal is not None, "members.deputy_of_id references members.id"
        by_id[principal_id] = principal
    for member in members:
        principal = by_id[member.deputy_of_id] if member.deputy_of_id is not None else None
        attach([member], "deputy_of", principal)


class MemberRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def active(self, group: Group) -> Sequence[Member]:
        members = (await self.session.scalars(_active_members(), {"group_id": group.id})).all()
        await _attach_principals(self.session, members)
        return members

    async def active_elsewhere(self, user_id: str, group: Group) -> Sequence[Group]:
        """The other groups in which `user_id` is an active member."""
        query = (
            select(Group).join(Member, Member.group_id == Group.id)
            .where(Member.user_id == user_id, Member.removed_at.is_(None),
                   Group.id != group.id)
        )
        return (await self.session.scalars(query)).all()

    async def everyone(self, group: Group) -> Sequence[Member]:
        """Members past and present (for reports over time)."""
        query = select(Member).where(Member.group_id == group.id).order_by(Member.id)
        return (await self.session.scalars(query)).all()

    async def find(self, group: Group, user_id: str) -> Member | None:
        """The membership of `user_id`, active or removed."""
        return await self.session.scalar(
            select(Member).where(Member.group_id == group.id, Member.user_id == user_id)
        )

    async def active_member(self, group: Group, user_id: str) -> Member | None:
        member = await self.find(group, user_id)
        return member if member is not None and member.active else None

    async def display_names(self, group: Group, user_ids: Collection[str]) -> dict[str, str]:
        """The names of those of `user_ids` who are (or were) members and have one."""
        if not user_ids:
            return {}
        query = select(Member).where(
            Member.group_id == group.id, Member.user_id.in_(list(user_ids)),
            or_(Member.name.is_not(None), Member.matrix_name.is_not(None)),
        )
        return {m.user_id: m.display_name for m in (await self.session.scalars(query)).all()}

    async def set_matrix_name(self, group: Group, user_id: str, name: str | None) -> bool:
        """The member's Matrix display name changed (or was first seen); whether it did."""
        member = await self.find(group, user_id)
        if member is None or member.matrix_name == name:
            return False
        member.matrix_name = name
        await self.session.flush()
        return True

    async def by_email(self, group: Group, address: str) -> Member | None:
        """The active member whose stored email address is `address`, in any case."""
        query = select(Member).where(
            Member.group_id == group.id, Member.removed_at.is_(None),
            func.lower(Member.email) == address.lower(),
        ).order_by(Member.id).limit(1)
        return await self.session.scalar(query)

    async def seat_count(self, group: Group) -> int:
        """How many voting seats the group has: its active members who vote and stand in
        for no one. Counted in SQL after `domain.roles.may_vote` (a storage test keeps the
        two in step), so an answer to a poll need not load every member."""
        never, by_default = NEVER_VOTING, [r for r in Role if votes_by_default(r)]
        return int(await self.session.scalar(
            select(func.count(Member.id)).where(
                Member.group_id == group.id, Member.removed_at.is_(None),
                Member.deputy_of_id.is_(None), Member.role.not_in(never),
                or_(Member.voting.is_(True),
                    and_(Member.voting.is_(None), Member.role.in_(by_default))),
            )) or 0)

    async def deputies_of(self, member: Member) -> Sequence[Member]:
        query = (
            select(Member)
            .where(Member.deputy_of_id == member.id, Member.removed_at.is_(None))
            .order_by(Member.deputy_rank)
        )
        return (await self.session.scalars(query)).all()

    async def add(
        self,
        group: Group,
        user_id: str,
        *,
        organisation: str,
        role: Role,
        voting: bool | None,
        email: str | None,
        deputy_of: Member | None,
        deputy_rank: int,
        added_by: str,
        now: datetime,
        name: str | None = None,
        matrix_name: str | None = None,
        notify: Notify = Notify.MATRIX,
    ) -> Member:
        """Add a membership; a removed member's row is taken up again, keeping its id."""
        member = await self.find(group, user_id)
        if member is None:
            member = Member(group_id=group.id, user_id=user_id)
            self.session.add(member)
        member.organisation = organisation
        member.role = role
        member.voting = voting
        member.email = email
        member.name = name
        member.matrix_name = matrix_name
        member.notify = notify
        member.deputy_of = deputy_of
        member.deputy_rank = deputy_rank
        member.added_at = now
        member.added_by = added_by
        member.removed_at = None
        await self.session.flush()
        return member

    async def update(self, member: Member, changes: dict[str, Any]) -> None:
        for attribute, value in changes.items():
            setattr(member, attribute, value)
        await self.session.flush()

    async def remove(self, member: Member, now: datetime) -> None:
        member.removed_at = now
        await self.session.flush()


class EventJournal:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def seen(self, event_id: str) -> bool:
        found = await self.session.scalar(
            select(HandledEvent.id).where(HandledEvent.event_id == event_id)
        )
        return found is not None

    async def claim(
        self, event_id: str, room_id: str, kind: str, sent_at: datetime, now: datetime
    ) -> bool:
        """Record the event as handled unless it already is; True when it is new.

        One statement instead of a look-up and an insert: it runs for every event, while the
        member waits for the reply. Inside the event's transaction, so a rollback forgets it.
        """
        result = await bookkeeping(
            self.session, insert_new(self.session, HandledEvent),
            {"event_id": event_id, "room_id": room_id, "kind": kind, "sent_at": sent_at,
             "handled_at": now},
        )
        return bool(getattr(result, "rowcount", 0))

    async def in_room(self, room_id: str) -> Sequence[HandledEvent]:
        query = select(HandledEvent).where(HandledEvent.room_id == room_id)
        return (await self.session.scalars(query.order_by(HandledEvent.id))).all()

    async def prune(self, handled_before: datetime) -> int:
        """Forget handled events old enough that no sync can deliver them again."""
        result = await self.session.execute(
            delete(HandledEvent).where(HandledEvent.handled_at < handled_before)
        )
        return int(getattr(result, "rowcount", 0) or 0)


class Outbox:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def enqueue(
        self,
        txn_id: str,
        room_id: str | None,
        event_type: str,
        content: dict[str, Any],
        now: datetime,
        *,
        to_user: str | None = None,
        attachment: bytes | None = None,
        scrub: bool = False,
    ) -> None:
        # A message already queued under the same transaction id is the same message.
        await bookkeeping(
            self.session, insert_new(self.session, OutboxMessage),
            {"txn_id": txn_id, "room_id": room_id, "to_user": to_user, "event_type": event_type,
             "content": content, "attachment": attachment, "scrub": scrub, "created_at": now,
             "attempts": 0, "failed": False},
        )

    async def drop_pending(self) -> int:
        """Give up every message not sent yet (after a restore: they may have gone out after
        the backup was taken); how many."""
        result = await self.session.execute(
            update(OutboxMessage).where(OutboxMessage.sent_at.is_(None),
                                        OutboxMessage.failed.is_(False))
            .values(failed=True).execution_options(synchronize_session=False))
        return int(getattr(result, "rowcount", 0) or 0)

    async def backlog(self) -> tuple[int, datetime | None]:
        """How many messages wait to be sent, and since when the oldest does."""
        return await backlog(self.session, OutboxMessage)

    async def pending(self) -> Sequence[OutboxMessage]:
        query = select(OutboxMessage).where(
            OutboxMessage.sent_at.is_(None), OutboxMessage.failed.is_(False)
        )
        return (await self.session.scalars(query.order_by(OutboxMessage.id))).all()

    async def by_txn(self, txn_id: str) -> OutboxMessage | None:
        return await self.session.scalar(
            select(OutboxMessage).where(OutboxMessage.txn_id == txn_id)
        )

    async def mark_sent_many(self, sent: Sequence[tuple[str, str, datetime]]) -> None:
        """Mark messages as sent: (transaction id, event id, when) each, in two statements
        however many; uploaded files are dropped, secrets wiped."""
        if not sent:
            return
        await bookkeeping(self.session, _MARK_SENT, [
            {"txn": txn_id, "event": event_id, "at": at} for txn_id, event_id, at in sent])
        await bookkeeping(self.session, _SCRUB_SENT, [{"txn": txn_id} for txn_id, _, _ in sent])

    async def mark_attempt(self, txn_id: str, *, give_up: bool) -> None:
        message = await self.by_txn(txn_id)
        if message is not None:
            message.attempts += 1
            message.failed = give_up
            await self.session.flush()


class RoomRegistry:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def known_since(self) -> dict[str, datetime]:
        """Known rooms and when the bot joined each."""
        rows = (await self.session.execute(select(KnownRoom.room_id, KnownRoom.joined_at))).all()
        return {room_id: joined_at for room_id, joined_at in rows}

    async def answer_only_after(self, moment: datetime) -> None:
        """Events of every known room sent before `moment` are history from now on (after a
        restore: the bot answered them before, from the state the restore replaced)."""
        await self.session.execute(update(KnownRoom).values(joined_at=moment))

    async def mark_known(self, room_id: str, joined_at: datetime) -> None:
        if await self.session.get(KnownRoom, room_id) is None:
            self.session.add(KnownRoom(room_id=room_id, joined_at=joined_at))
            await self.session.flush()


_OUTBOX = cast(Table, OutboxMessage.__table__)
_MARK_SENT = (
    update(_OUTBOX).where(_OUTBOX.c.txn_id == bindparam("txn"))
    .values(sent_at=bindparam("at"), sent_event_id=bindparam("event"),
            attempts=_OUTBOX.c.attempts + 1, attachment=None)
)
_SCRUB_SENT = (
    update(_OUTBOX).where(_OUTBOX.c.txn_id == bindparam("txn"), _OUTBOX.c.scrub.is_(True))
    .values(content={"scrubbed": True})
)

_SYNC_STATE = cast(Table, SyncState.__table__)
_MOVE_SYNC_POSITION = (
    update(_SYNC_STATE).where(_SYNC_STATE.c.id == 1)
    .values(next_batch=bindparam("next_batch"), updated_at=bindparam("updated_at"))
)

#: The tables written with every event, while the member waits for the answer.
BOOKKEEPING_TABLES = frozenset({"handled_events", "outbox", "sync_state"})


async def bookkeeping(session: AsyncSession, statement: Any, parameters: Any) -> Any:
    """Run a Core statement on a `BOOKKEEPING_TABLES` table on the transaction's connection,
    past the session's ORM layer (its execution events, the caches' change listeners): no
    cache shows these tables, and a cold process — a command after minutes of quiet — spends
    several times longer in that layer than in SQLite itself."""
    assert statement.table.name in BOOKKEEPING_TABLES, statement.table.name
    connection = await session.connection()
    return await connection.execute(statement, parameters)


class SyncPosition:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self) -> str | None:
        state = await self.session.get(SyncState, 1)
        return state.next_batch if state else None

    async def set(self, next_batch: str, now: datetime) -> None:
        # One UPDATE in the common case: this runs with every batch of events.
        result = await bookkeeping(
            self.session, _MOVE_SYNC_POSITION, {"next_batch": next_batch, "updated_at": now}
        )
        if not getattr(result, "rowcount", 0):
            self.session.add(SyncState(id=1, next_batch=next_batch, updated_at=now))
            await self.session.flush()


class DirectRooms:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: str) -> str | None:
        room = await self.session.get(DirectRoom, user_id)
        return room.room_id if room else None

    async def forget(self, user_id: str, room_id: str) -> bool:
        """The person left the direct-message room: the next message opens a new one."""
        room = await self.session.get(DirectRoom, user_id)
        if room is None or room.room_id != room_id:
            return False
        await self.session.delete(room)
        await self.session.flush()
        return True

    async def remember(self, user_id: str, room_id: str) -> None:
        room = await self.session.get(DirectRoom, user_id)
        if room is None:
            self.session.add(DirectRoom(user_id=user_id, room_id=room_id))
        else:
            room.room_id = room_id
        await self.session.flush()


class SentReminders:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def sent(self, key: str) -> bool:
        return await self.session.get(SentReminder, key) is not None

    async def sent_among(self, keys: Sequence[str]) -> set[str]:
        """Which of these reminders went out already (one query per 500 keys)."""
        found: set[str] = set()
        for start in range(0, len(keys), 500):
            found.update((await self.session.scalars(select(SentReminder.key).where(
                SentReminder.key.in_(keys[start:start + 500])))).all())
        return found

    async def mark(self, key: str, now: datetime) -> None:
        self.session.add(SentReminder(key=key, sent_at=now))
        await self.session.flush()


