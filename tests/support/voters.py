"""Many voters at once: registered Synapse users who send what Element sends straight over the
client-server API (raw HTTP — a thousand full clients would measure the clients), and who are
written into the bot's database as voting members beside it, as `!mitglied hinzufügen` would
(a thousand commands would measure the commands). Used by the vote benchmark and the burst
tests."""

from __future__ import annotations

import asyncio
import itertools
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import aiohttp

from domain.roles import Role
from storage import Database
from tests.support.synapse import Homeserver

PASSWORD = "voter-password"
#: Voters sending at the same time.
SENDERS = 16
TXN = itertools.count()


@dataclass(frozen=True)
class Voter:
    user_id: str
    token: str


def register_voters(server: Homeserver, count: int, prefix: str = "stimme") -> list[Voter]:
    """`count` new users (`stimme0000`, …), eight registered at a time."""

    def one(index: int) -> Voter:
        user_id, token = server.register_with_token(f"{prefix}{index:04d}", PASSWORD)
        assert token is not None
        return Voter(user_id, token)

    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(one, range(count)))


async def each(voters: list[Voter], work: Any) -> None:
    """Run `work(session, voter, index)` for every voter, SENDERS at a time."""
    queue: asyncio.Queue[tuple[int, Voter]] = asyncio.Queue()
    for item in enumerate(voters):
        queue.put_nowait(item)

    async def sender(session: aiohttp.ClientSession) -> None:
        while not queue.empty():
            index, voter = queue.get_nowait()
            await work(session, voter, index)

    async with aiohttp.ClientSession() as session:
        await asyncio.gather(*(sender(session) for _ in range(SENDERS)))


async def request(session: aiohttp.ClientSession, method: str, url: str, voter: Voter,
                  body: dict[str, Any]) -> None:
    headers = {"Authorization": f"Bearer {voter.token}"}
    for _ in range(10):
        async with session.request(method, url, json=body, headers=headers) as response:
            if response.status == 200:
                return
            if response.status == 429:
                await asyncio.sleep(0.5)
                continue
            raise AssertionError(f"{method} {url}: {response.status} {await response.text()}")


async def seed_members(database_url: str, room_id: str, voters: list[Voter]) -> None:
    """The voters as voting members of the group, one organisation each."""
    database = Database(database_url)
    now = datetime.now(UTC)
    try:
        async with database.unit_of_work() as uow:
            group = await uow.groups.by_room(room_id)
            assert group is not None, "the group is set up by !einrichten first"
            for index, voter in enumerate(voters):
                await uow.members.add(
                    group, voter.user_id, organisation=f"Organisation {index:04d}",
                    role=Role.MEMBER, voting=None, email=None, deputy_of=None, deputy_rank=0,
                    added_by="@bench:localhost", now=now)
    finally:
        await database.dispose()


async def click(session: aiohttp.ClientSession, homeserver: str, room_id: str, voter: Voter,
                poll_event_id: str, answer_id: str) -> None:
    """One click on a native poll, as Element sends it."""
    content = {"m.relates_to": {"rel_type": "m.reference", "event_id": poll_event_id},
               "org.matrix.msc3381.poll.response": {"answers": [answer_id]}}
    await request(session, "PUT", f"{homeserver}/_matrix/client/v3/rooms/{quote(room_id)}/send/"
                  f"org.matrix.msc3381.poll.response/v{next(TXN)}", voter, content)


async def join_all(homeserver: str, room_id: str, voters: list[Voter]) -> None:
    async def join(session: aiohttp.ClientSession, voter: Voter, _: int) -> None:
        await request(session, "POST", f"{homeserver}/_matrix/client/v3/join/{quote(room_id)}",
                      voter, {})

    await each(voters, join)
