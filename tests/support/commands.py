"""Commands as the bot runs them, outside Matrix: through the dispatcher, in a unit of work,
with a handler that refused or failed rolled back whole and answered in a new unit of work
(what the pipeline's `WorkUndone` does). The storage tests run their commands through it, the
benchmarks seed their groups with it."""

from __future__ import annotations

import functools
import tempfile
from datetime import UTC, datetime
from itertools import count
from pathlib import Path

from bot.pipeline import OutboxEffects
from bot.signing import ExportSigner, load_or_create
from commands import build_command_tree
from commands.framework import CommandDispatcher, CommandInvocation, CommandUndone
from commands.framework.context import Attachment
from commands.framework.dispatcher import CommandOutcome
from domain.group import GroupDefaults
from storage import Database

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
ROOM = "!room:x"
COORDINATOR = "@coord:x"


class Moderators:
    """The room as the commands see it: `moderator` moderates it; `file` is the file the
    command replies to, if any (the bot reads it from the room)."""

    def __init__(self, moderator: str = COORDINATOR, file: Attachment | None = None) -> None:
        self.moderator = moderator
        self.file = file

    async def power_level(self, user_id: str) -> int:
        return 100 if user_id == self.moderator else 0

    async def display_name(self, user_id: str) -> str | None:
        return None

    async def replied_file(self) -> Attachment | None:
        return self.file


@functools.cache
def signer_for_tests() -> ExportSigner:
    """The key the tests' exports are signed with: made once per test run, as the bot makes
    its own at first start."""
    return load_or_create(Path(tempfile.mkdtemp(prefix="kimbot-signing-")))


class Runner:
    """Commands as the bot runs them, on a clock the caller moves (`runner.now = …`).
    `signing=False` leaves out the export signer (no command that signs can run then)."""

    def __init__(self, database: Database, *, now: datetime = NOW, room: str = ROOM,
                 moderator: str = COORDINATOR, signing: bool = True) -> None:
        self.database = database
        self.now = now
        self.room = room
        self.moderator = moderator
        self.dispatcher = CommandDispatcher(build_command_tree(), prefix="!",
                                            defaults=GroupDefaults(), clock=lambda: self.now,
                                            signer=signer_for_tests() if signing else None)
        self.ids = count()
        #: The file the next command replies to (the bot reads it from the room).
        self.reply_to_file: Attachment | None = None

    async def outcome(self, sender: str, body: str, room: str | None = None) -> CommandOutcome:
        event_id = f"$e{next(self.ids)}"
        invocation = CommandInvocation(room or self.room, event_id, sender, body)
        moderators = Moderators(self.moderator, self.reply_to_file)
        try:
            async with self.database.unit_of_work() as uow:
                #: What the last command caused besides its reply (for tests that look).
                self.effects = OutboxEffects(uow, event_id, lambda: self.now)
                outcome = await self.dispatcher.dispatch(invocation, uow, moderators,
                                                         self.effects)
        except CommandUndone as undone:  # rolled back; answered in a new transaction
            async with self.database.unit_of_work() as uow:
                self.effects = OutboxEffects(uow, event_id, lambda: self.now)
                outcome = await self.dispatcher.answer_undone(invocation, undone, uow,
                                                              moderators, self.effects)
        self.reply_to_file = None
        return outcome

    async def __call__(self, sender: str, body: str, room: str | None = None) -> str:
        """The answer's plain text, refusals included."""
        return (await self.outcome(sender, body, room)).reply.plain

    async def members(self) -> list[tuple[str, str, str | None]]:
        async with self.database.unit_of_work() as uow:
            group = await uow.groups.by_room(self.room)
            assert group is not None
            return [(m.user_id, m.organisation, m.deputy_of.user_id if m.deputy_of else None)
                    for m in await uow.members.active(group)]
