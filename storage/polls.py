"""Queries for decision polls and their answers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, bindparam, case, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Group,
    OutboxMessage,
    Poll,
    PollAnswer,
    PollRefusal,
    PollState,
    SecretTally,
    SecretVoter,
)
from storage.prepared import prepared


class PollRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, group: Group, **fields: Any) -> Poll:
        number = await self.session.scalar(
            select(func.coalesce(func.max(Poll.number), 0) + 1).where(Poll.group_id == group.id)
        )
        poll = Poll(group=group, number=int(number or 1), state=PollState.OPEN, **fields)
        self.session.add(poll)
        await self.session.flush()
        if poll.secret:
            # Every answer's counter exists before the first ballot, in the answers' order:
            # which counter came first would otherwise tell the first voter's answer.
            self.session.add_all(SecretTally(poll_id=poll.id, answer=answer_id, count=0)
                                 for answer_id, _ in poll.options)
            await self.session.flush()
        return poll

    async def get(self, poll_id: int) -> Poll | None:
        return await self.session.get(Poll, poll_id)

    async def by_number(self, group: Group, number: int) -> Poll | None:
        return await self.session.scalar(
            select(Poll).where(Poll.group_id == group.id, Poll.number == number)
        )

    async def by_start_event(self, event_id: str) -> Poll | None:
        """The poll whose start event has this id (the id the homeserver gave when sent)."""
        return await self.session.scalar(
            select(Poll)
            .join(OutboxMessage, OutboxMessage.txn_id == Poll.start_txn_id)
            .where(OutboxMessage.sent_event_id == event_id)
        )

    async def start_event_id(self, poll: Poll) -> str | None:
        return await self.session.scalar(
            select(OutboxMessage.sent_event_id).where(OutboxMessage.txn_id == poll.start_txn_id)
        )

    async def status_event_id(self, poll: Poll) -> str | None:
        """The event id of the poll's status message, once it has been sent."""
        if poll.status_txn_id is None:
            return None
        return await self.session.scalar(
            select(OutboxMessage.sent_event_id).where(OutboxMessage.txn_id == poll.status_txn_id)
        )

    async def open(self, group: Group | None = None) -> Sequence[Poll]:
        if group is None:
            query = select(Poll).where(Poll.state == PollState.OPEN).order_by(Poll.id)
            return (await self.session.scalars(query)).all()
        return (await self.session.scalars(_open_in_group(), {"group_id": group.id})).all()

    async def ended_since(self, since: datetime) -> Sequence[Poll]:
        """Polls with a status message that were closed or cancelled since then."""
        query = select(Poll).where(Poll.state != PollState.OPEN, Poll.closed_at >= since,
                                   Poll.status_txn_id.is_not(None))
        return (await self.session.scalars(query.order_by(Poll.id))).all()

    async def recent(self, group: Group, limit: int = 10) -> Sequence[Poll]:
        query = select(Poll).where(Poll.group_id == group.id).order_by(Poll.number.desc())
        return (await self.session.scalars(query.limit(limit))).all()

    async def add_answer(
        self, poll: Poll, user_id: str, answer: str, event_id: str, sent_at: datetime
    ) -> None:
        existing = await self.session.scalar(
            select(PollAnswer.id).where(PollAnswer.event_id == event_id)
        )
        if existing is None:
            self.session.add(
                PollAnswer(
                    poll_id=poll.id,
                    user_id=user_id,
                    answer=answer,
                    event_id=event_id,
                    sent_at=sent_at,
                )
            )
            await self.session.flush()

    async def answering_people(self, poll: Poll) -> int:
        """How many different people have answered the poll so far."""
        return int(await self.session.scalar(
            select(func.count(func.distinct(PollAnswer.user_id)))
            .where(PollAnswer.poll_id == poll.id)) or 0)

    async def answers(self, poll: Poll) -> Sequence[PollAnswer]:
        query = select(PollAnswer).where(PollAnswer.poll_id == poll.id)
        return (await self.session.scalars(query.order_by(PollAnswer.sent_at, PollAnswer.id))).all()

    async def refuse_once(self, poll: Poll, user_id: str) -> bool:
        """Note that `user_id` was told their answer does not count; False if told before."""
        told = await self.session.scalar(
            select(PollRefusal.id).where(
                PollRefusal.poll_id == poll.id, PollRefusal.user_id == user_id
            )
        )
        if told is not None:
            return False
        self.session.add(PollRefusal(poll_id=poll.id, user_id=user_id))
        await self.session.flush()
        return True

    async def secret_voter(self, poll: Poll, seat: str) -> str | None:
        """Who cast the ballot of `seat` in a secret poll, if anyone did."""
        row = await self.session.get(SecretVoter, (poll.id, seat))
        return row.voter if row else None

    async def cast_secret(self, poll: Poll, seat: str, voter: str, answer: str) -> None:
        """Note that `seat` voted, and add one to `answer`'s counter — two unrelated rows.

        Every counter of the poll is rewritten, not only the answer's: a row's version (its
        PostgreSQL `xmin`, its place on disk) then says only that some ballot was cast, never
        which counter the voter's transaction touched."""
        self.session.add(SecretVoter(poll_id=poll.id, seat=seat, voter=voter))
        counter = await self.session.scalar(select(SecretTally.answer).where(
            SecretTally.poll_id == poll.id, SecretTally.answer == answer))
        if counter is None:  # a poll started before the counters were made in advance
            self.session.add(SecretTally(poll_id=poll.id, answer=answer, count=0))
        await self.session.flush()
        await self.session.execute(
            update(SecretTally).where(SecretTally.poll_id == poll.id)
            .values(count=SecretTally.count + case((SecretTally.answer == answer, 1), else_=0))
            .execution_options(synchronize_session=False))

    async def secret_seats(self, poll: Poll) -> set[str]:
        query = select(SecretVoter.seat).where(SecretVoter.poll_id == poll.id)
        return set((await self.session.scalars(query)).all())

    async def secret_counts(self, poll: Poll) -> dict[str, int]:
        query = select(SecretTally.answer, SecretTally.count).where(SecretTally.poll_id == poll.id)
        return {answer: count for answer, count in (await self.session.execute(query)).all()}


@prepared
def _open_in_group() -> Select[Poll]:
    return (select(Poll).where(Poll.state == PollState.OPEN,
                               Poll.group_id == bindparam("group_id")).order_by(Poll.id))
