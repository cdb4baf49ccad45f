"""Commands through the dispatcher on both databases: effects, refusals, and rollbacks."""

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
from domain.group import GroupDefaults, Language
from storage import Database

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
ROOM = "!room:x"


class Moderators:
    """The room as the tests' commands see it: @coord:x moderates it."""

    def __init__(self, file: Attachment | None = None) -> None:
        self.file = file

    async def power_level(self, user_id: str) -> int:
        return 100 if user_id == "@coord:x" else 0

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
    """Commands as the bot runs them, on a clock the test moves (`runner.now = …`)."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.now = NOW
        self.dispatcher = CommandDispatcher(build_command_tree(), prefix="!",
                                            defaults=GroupDefaults(), clock=lambda: self.now,
                                            signer=signer_for_tests())
        self.ids = count()
        #: The file the next command replies to (the bot reads it from the room).
        self.reply_to_file: Attachment | None = None

    async def __call__(self, sender: str, body: str, room: str = ROOM) -> str:
        event_id = f"$e{next(self.ids)}"
        invocation = CommandInvocation(room, event_id, sender, body)
        moderators = Moderators(self.reply_to_file)
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
        return outcome.reply.plain

    async def members(self) -> list[tuple[str, str, str | None]]:
        async with self.database.unit_of_work() as uow:
            group = await uow.groups.by_room(ROOM)
            assert group is not None
            return [(m.user_id, m.organisation, m.deputy_of.user_id if m.deputy_of else None)
                    for m in await uow.members.active(group)]


async def test_setup_and_members_with_deputies(database: Database) -> None:
    run = Runner(database)
    assert "eingerichtet" in await run("@coord:x", "!setup „Lenkungsgruppe KIM“")
    await run("@coord:x", '!member add @anna:x org="Jobcenter" role=member')
    reply = await run("@coord:x", "!mitglied hinzufügen @ben:x org=Jobcenter deputy-of=@anna:x")
    assert "@ben:x vertritt @anna:x (Stellvertretung Nr. 1)" in reply
    assert sorted(await run.members()) == [
        ("@anna:x", "Jobcenter", None),
        ("@ben:x", "Jobcenter", "@anna:x"),
        ("@coord:x", "Kommunales Integrationszentrum", None),
    ]


async def test_refused_and_failed_commands_change_nothing(database: Database) -> None:
    run = Runner(database)
    await run("@coord:x", "!setup Lenkungsgruppe")
    await run("@coord:x", "!member add @anna:x org=Jobcenter")
    before = await run.members()
    refused = await run("@anna:x", "!member add @eve:x org=Sozialamt")
    assert "Vorsitz, Geschäftsstelle" in refused and "Ihre Rolle: Mitglied" in refused
    outsider = await run("@eve:x", "!member remove @anna:x")
    assert "Mitgliedern der Gruppe vorbehalten" in outsider
    bad = await run("@coord:x", "!member add @eve:x org=Sozialamt deputy-of=@nobody:x")
    assert "@nobody:x ist kein Mitglied" in bad
    last = await run("@coord:x", "!member set @coord:x role=member")
    assert "letzte Person" in last
    assert await run.members() == before


async def test_language_switch_changes_every_reply(database: Database) -> None:
    run = Runner(database)
    await run("@coord:x", "!setup Steering")
    assert (await run("@coord:x", "!group set language=en")).startswith("Changed:")
    assert "Members of “Steering”" in await run("@coord:x", "!member list")
    assert "Did you mean !member?" in await run("@coord:x", "!membr")
    async with database.unit_of_work() as uow:
        group = await uow.groups.by_room(ROOM)
        assert group is not None and group.language is Language.EN


async def test_deputies_are_listed_right_after_their_principal(database: Database) -> None:
    run = Runner(database)
    await run("@coord:x", "!setup Lenkungsgruppe")
    await run("@coord:x", "!member add @zoe:x org=Jobcenter")
    await run("@coord:x", "!member add @bea:x org=Jobcenter deputy-of=@zoe:x")
    await run("@coord:x", "!member add @aaron:x org=Jobcenter deputy-of=@zoe:x")
    await run("@coord:x", "!member add @max:x org=Jobcenter role=advisor")
    listing = await run("@coord:x", "!member list")
    rows = [line for line in listing.splitlines() if line.startswith("• Jobcenter")]
    assert [row.split()[2] for row in rows] == ["@max:x", "@zoe:x", "@bea:x", "@aaron:x"]
