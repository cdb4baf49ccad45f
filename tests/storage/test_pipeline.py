"""A command that refuses or fails after it began to write leaves nothing behind — no row, no
queued message — and is still answered once (the pipeline rolls back and answers anew)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from itertools import count
from typing import Any

from sqlalchemy import func, select

from bot.handlers import CommandHandler, ordinary_talk, reads_sent
from bot.matrix.events import TextMessage
from bot.outbox import OutboxSender
from bot.pipeline import EventPipeline
from commands import build_command_tree
from commands.framework import CommandContext, CommandDispatcher, CommandSet, CommandTree, Reply
from commands.framework.effects import Notice
from domain.errors import UserError
from domain.group import GroupDefaults
from domain.roles import Access
from i18n import Rendered
from storage import Database
from storage.models import HandledEvent, Item, OutboxMessage
from tests.support.statements import counting_statements

ROOM = "!gruppe:x"
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

probes = CommandSet()


@probes.command("probe refuse", de="probe ablehnen", access=Access.EVERYONE)
async def refuse_after_writing(ctx: CommandContext) -> Reply:
    await _write_and_queue(ctx)
    raise UserError("file.not_a_file")


@probes.command("probe fail", de="probe scheitern", access=Access.EVERYONE)
async def fail_after_writing(ctx: CommandContext) -> Reply:
    await _write_and_queue(ctx)
    raise RuntimeError("a bug in a handler")


async def _write_and_queue(ctx: CommandContext) -> None:
    group = ctx.require_group()
    await ctx.uow.items.add(group, "darf nicht bleiben", by=ctx.sender, now=ctx.now())
    await ctx.effects.post(ctx.room_id, Notice(Rendered("darf nicht gesendet werden", "")))


class Homeserver:
    """The gateway's side the pipeline uses: it takes every message and gives it an id."""

    user_id = "@bot:x"

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    async def room_ready(self, room_id: str) -> bool:
        return True

    async def send(self, room_id: str, event_type: str, content: dict[str, Any],
                   txn_id: str) -> str:
        self.sent.append(content)
        return f"$sent{len(self.sent)}"

    async def power_level(self, room_id: str, user_id: str) -> int:
        return 100

    async def display_name(self, room_id: str, user_id: str) -> str | None:
        return None


class Bot:
    def __init__(self, database: Database) -> None:
        self.database = database
        self.homeserver = Homeserver()
        tree = CommandTree([*build_command_tree().specs, *probes.specs])
        dispatcher = CommandDispatcher(tree, prefix="!", defaults=GroupDefaults(),
                                       clock=lambda: NOW)
        gateway: Any = self.homeserver
        self.pipeline = EventPipeline(
            database, OutboxSender(database, gateway, lambda: NOW), lambda: NOW,
            handlers={TextMessage: CommandHandler(dispatcher, gateway)},
            ordinary=ordinary_talk(dispatcher), reads_sent=reads_sent,
        )
        self.ids = count()

    async def say(self, body: str, event_id: str | None = None) -> list[str]:
        """The bodies the bot sent for this command."""
        before = len(self.homeserver.sent)
        event = TextMessage(ROOM, event_id or f"$c{next(self.ids)}", "@coord:x", NOW, body=body)
        await self.pipeline.process([event], f"batch{next(self.ids)}")
        return [content["body"] for content in self.homeserver.sent[before:]]


async def test_a_refusal_after_writing_leaves_nothing_but_its_answer(database: Database) -> None:
    bot = Bot(database)
    await bot.say("!einrichten Lenkungsgruppe")

    refused = await bot.say("!probe ablehnen", event_id="$refused")
    assert refused == ["Die Nachricht, auf die Sie antworten, ist keine Datei (oder ich kann "
                       "sie nicht entschlüsseln)."]
    failed = await bot.say("!probe scheitern", event_id="$failed")
    assert len(failed) == 1 and "interner Fehler" in failed[0]

    async with database.unit_of_work() as uow:
        assert await uow.session.scalar(select(func.count(Item.id))) == 0
        queued = (await uow.session.scalars(select(OutboxMessage.content))).all()
        assert not any("darf nicht" in content["body"] for content in queued)
        assert await uow.journal.seen("$refused") and await uow.journal.seen("$failed")
    assert await bot.say("!probe ablehnen", event_id="$refused") == [], "answered once"


async def test_refusals_are_answered_and_the_next_command_goes_through(
    database: Database,
) -> None:
    bot = Bot(database)
    await bot.say("!einrichten Lenkungsgruppe")
    assert "Meinten Sie" in (await bot.say("!punkt hinzufügn Bericht"))[0]
    unknown = await bot.say("!termin teilnahme 7")
    assert "Termin Nr. 7 gibt es in dieser Gruppe nicht" in unknown[0]
    assert "Punkt Nr. 1 ist notiert" in (await bot.say("!punkt hinzufügen Bericht"))[0]


async def test_talk_among_members_costs_no_transaction_and_a_command_among_it_is_answered(
    database: Database,
) -> None:
    """In a thousand rooms most of what the bot reads is members talking: passed by, no
    journal entry each (issue #35); a command in the same batch is answered once, and the
    position moves past the whole batch."""
    bot = Bot(database)
    await bot.say("!einrichten Lenkungsgruppe")
    talk = [TextMessage(ROOM, f"$talk{n}", "@anna:x", NOW, body=body)
            for n, body in enumerate(["Guten Morgen!", "! nur ein Ausruf", "Danke, bis dann"])]
    # A day's talk in many rooms arrives in one batch: passed by in one pass (filtering it by
    # comparing every event with every other took minutes at this size).
    talk += [TextMessage(ROOM, f"$more{n}", "@ben:x", NOW, body=f"Rückmeldung {n}")
             for n in range(20_000)]
    command = TextMessage(ROOM, "$command", "@coord:x", NOW, body="!punkt hinzufügen Bericht")
    before = len(bot.homeserver.sent)
    for _ in range(2):  # the same batch read twice (after a crash): nothing doubled
        await bot.pipeline.process([talk[0], command, *talk[1:]], "after-talk")
    assert [c["body"] for c in bot.homeserver.sent[before:]] == [
        "Punkt Nr. 1 ist notiert: Bericht (niemand zugewiesen, ohne Frist)."]
    async with database.unit_of_work() as uow:
        journaled = set((await uow.session.scalars(select(HandledEvent.event_id))).all())
        assert "$command" in journaled
        assert not journaled & {event.event_id for event in talk}
        assert await uow.sync.get() == "after-talk"


class SlowHomeserver(Homeserver):
    """Holds every send until the test lets it through."""

    def __init__(self) -> None:
        super().__init__()
        self.open = asyncio.Event()

        self.sent_to: list[tuple[str, str, dict[str, Any]]] = []

    async def send(self, room_id: str, event_type: str, content: dict[str, Any],
                   txn_id: str) -> str:
        await self.open.wait()
        self.sent_to.append((room_id, event_type, content))
        return await super().send(room_id, event_type, content, txn_id)


async def test_while_an_answer_travels_commands_in_other_rooms_are_handled_in_order(
    database: Database,
) -> None:
    """After a day offline, the next room's command is handled while the last answer is on
    its way (issue #35: the catch-up costs the longer of the two, not their sum). A command
    in the same room waits: it may need what was just sent (closing a poll ends its start
    event). The answers leave in the order of the commands, all before the batch is done."""
    bot = Bot(database)
    await bot.say("!einrichten Lenkungsgruppe")
    await bot.say("!mitglied hinzufügen @anna:x org=Jobcenter")
    other = "!andere:x"
    await bot.pipeline.process([TextMessage(other, "$setup", "@coord:x", NOW,
                                            body="!einrichten AG Sprache")], "set-up")
    slow = SlowHomeserver()
    bot.pipeline.outbox.gateway = slow  # type: ignore[assignment]
    day = [TextMessage(ROOM, "$poll", "@coord:x", NOW, body="!abstimmung „Bericht annehmen?“"),
           TextMessage(other, "$item", "@coord:x", NOW, body="!punkt hinzufügen Bericht"),
           TextMessage(ROOM, "$close", "@coord:x", NOW, body="!abstimmung schließen 1")]
    batch = asyncio.create_task(bot.pipeline.process(day, "after-the-day"))

    async def handled() -> list[str]:
        async with database.unit_of_work() as uow:
            return [event.event_id for event in day if await uow.journal.seen(event.event_id)]

    for _ in range(200):
        if await handled() == ["$poll", "$item"]:
            break
        await asyncio.sleep(0.01)
    assert await handled() == ["$poll", "$item"], \
        "the other room's command is handled while the answer travels, the close waits"
    await asyncio.sleep(0.2)
    assert await handled() == ["$poll", "$item"], "the poll is closed before it was sent"
    assert slow.sent == [] and not batch.done()

    slow.open.set()
    assert await batch is True
    rooms = [room for room, _, _ in slow.sent_to]
    kinds = [content.get("msgtype") or event_type for _, event_type, content in slow.sent_to]
    assert rooms[:2] == [ROOM, ROOM] and other in rooms and rooms[-1] == ROOM, rooms
    ends = [content for _, event_type, content in slow.sent_to
            if event_type == "org.matrix.msc3381.poll.end"]
    start = next(index for index, kind in enumerate(kinds)
                 if kind == "org.matrix.msc3381.poll.start")
    assert len(ends) == 1 and ends[0]["m.relates_to"]["event_id"] == f"$sent{start + 1}", \
        "the poll's end refers to its start"
    assert "Punkt Nr. 1 ist notiert: Bericht" in slow.sent[rooms.index(other)]["body"]
    async with database.unit_of_work() as uow:
        assert await uow.session.scalar(select(func.count(OutboxMessage.id))
                                        .where(OutboxMessage.sent_at.is_(None))) == 0


async def test_an_idle_bot_writes_nothing(
    database: Database,
) -> None:
    """Idle, a sync comes back empty twice a minute in every process: storing its position
    was the one write of an idle bot (issue #35). A restart from the older position reads
    the same nothing."""
    bot = Bot(database)
    await bot.say("!einrichten Lenkungsgruppe", event_id="$setup")
    async with database.unit_of_work() as uow:
        stored = await uow.sync.get()
    bot.pipeline.clock = lambda: NOW + timedelta(hours=1)  # an idle hour later
    with counting_statements(database) as count:
        for number in range(10):
            assert await bot.pipeline.process([], f"empty{number}") is True
    assert count.statements == 0
    async with database.unit_of_work() as uow:
        assert await uow.sync.get() == stored
