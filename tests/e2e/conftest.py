"""End-to-end fixtures: one Synapse per session, the bot as a real process, real member clients."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.botprocess import BotProcess, write_bot_config
from tests.support.members import Member
from tests.support.synapse import Homeserver, free_port

PASSWORD = "test-password"
_room_names = itertools.count(1)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def homeserver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Homeserver]:
    server = Homeserver(tmp_path_factory.mktemp("synapse"))
    server.start()
    yield server
    server.stop()


@dataclass
class RunningBot:
    user_id: str
    process: BotProcess
    directory: Path
    http_port: int


def start_bot(homeserver: Homeserver, directory: Path, localpart: str,
              extra_config: str = "", trust: str = "tofu") -> RunningBot:
    user_id = homeserver.register(localpart, PASSWORD)
    port = free_port()
    config = write_bot_config(directory, homeserver, user_id, PASSWORD, http_port=port,
                              extra=extra_config, trust=trust)
    process = BotProcess(config, directory / "bot.log").start()
    running = RunningBot(user_id, process, directory, port)
    _STARTED.append(running)
    return running


#: Bots a test started for itself; stopped after it, also when it failed half-way.
_STARTED: list[RunningBot] = []


@pytest.fixture(autouse=True)
def _no_bot_left_running() -> Iterator[None]:
    yield
    while _STARTED:
        process = _STARTED.pop().process
        if process.running():
            process.kill()


@pytest.fixture(scope="session")
def bot(homeserver: Homeserver, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningBot]:
    """The bot most tests share; each test works in a room of its own."""
    running = start_bot(homeserver, tmp_path_factory.mktemp("bot"), "kimbot")
    _STARTED.remove(running)  # shared by the session's tests: stopped at its end
    yield running
    if running.process.running():
        assert running.process.stop() == 0


@pytest.fixture
async def people(homeserver: Homeserver) -> AsyncIterator[dict[str, Member]]:
    """Logged-in clients: a coordinator (room moderator), members and an outsider."""
    members = {}
    for name in ("coord", "anna", "ben", "carla", "eve"):
        user_id = homeserver.register(name, PASSWORD)
        members[name] = await Member(homeserver.url, user_id, PASSWORD).login()
    yield members
    for member in members.values():
        await member.close()


@dataclass
class Room:
    room_id: str
    bot: str
    people: dict[str, Member]

    async def say(self, who: str, body: str) -> str:
        """`who` sends a command; returns the plain text of the bot's reply."""
        reply = await self.people[who].command(self.room_id, body, self.bot)
        return reply.body


async def open_room(people: dict[str, Member], bot_user: str) -> Room:
    coord = people["coord"]
    others = [m.user_id for name, m in people.items() if name != "coord"]
    room_id = await coord.create_room([bot_user, *others], name=f"Gruppe {next(_room_names)}")
    for name, member in people.items():
        if name != "coord":
            await member.join(room_id)
    await coord.wait_for_join(room_id, bot_user)
    return Room(room_id, bot_user, people)


@pytest.fixture
async def room(people: dict[str, Member], bot: RunningBot) -> Room:
    """A fresh room with the shared bot and everyone in it, not yet set up."""
    return await open_room(people, bot.user_id)
