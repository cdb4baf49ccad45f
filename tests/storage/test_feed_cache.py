"""Prepared calendar feeds, on SQLite and PostgreSQL: served from memory while nothing a
calendar shows has changed, prepared afresh after any change that it shows, never past a
revoked link."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import vobject
from sqlalchemy import event

from bot.http.feeds import FeedCache
from commands.framework.context import CalendarSettings
from domain.feeds import token_hash
from storage import Database
from tests.storage.test_polls_and_decisions import group_with_seats
from tests.support.commands import ROOM, Runner

PERSONAL, SHARED = "persönlich-" + "a" * 40, "gemeinsam-" + "b" * 40


@contextmanager
def statements(database: Database) -> Iterator[list[str]]:
    """Every SQL statement sent to the database inside the block."""
    seen: list[str] = []

    def record(*args: object) -> None:
        seen.append(str(args[2]))

    event.listen(database.engine.sync_engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(database.engine.sync_engine, "before_cursor_execute", record)


async def group_with_feeds(database: Database) -> tuple[Runner, FeedCache]:
    run = Runner(database)
    await group_with_seats(run)
    await run("@coord:x", "!termin ansetzen 3.12.2026 14:00 title=Lenkungsgruppe")
    async with database.unit_of_work() as uow:
        group = await uow.groups.by_room(ROOM)
        assert group is not None
        for token, personal in ((PERSONAL, True), (SHARED, False)):
            await uow.calendar_tokens.issue(group, "@anna:x", token_hash(token),
                                            personal=personal, now=run.now)
    cache = FeedCache(database, CalendarSettings(), "!", lambda: run.now)
    return run, cache


async def test_an_unchanged_feed_is_served_without_a_query(database: Database) -> None:
    _, cache = await group_with_feeds(database)
    first = await cache.feed(PERSONAL)
    assert first is not None
    with statements(database) as sent:
        again = await cache.feed(PERSONAL)
        shared = await cache.feed(SHARED)
    assert again is first, "the same prepared bytes, not a new rendering"
    assert shared is not None and len(sent) > 0, "a feed asked for the first time is read"
    with statements(database) as sent:
        assert await cache.feed(SHARED) is shared
        assert await cache.feed(PERSONAL) is first
    assert sent == []
    assert gzip.decompress(first.gzipped) == first.body
    calendar = vobject.readOne(first.body.decode())
    assert calendar.vevent.summary.value == "Lenkungsgruppe"


async def test_an_answer_prepares_the_feed_anew(database: Database) -> None:
    run, cache = await group_with_feeds(database)
    before = await cache.feed(PERSONAL)
    assert before is not None
    await run("@anna:x", "!zusage 1 ja")
    after = await cache.feed(PERSONAL)
    assert after is not None and after.etag != before.etag
    [me] = vobject.readOne(after.body.decode()).vevent.attendee_list
    assert me.params["PARTSTAT"] == ["ACCEPTED"]


async def test_work_a_calendar_does_not_show_keeps_the_prepared_feed(
    database: Database,
) -> None:
    run, cache = await group_with_feeds(database)
    before = await cache.feed(SHARED)
    await run("@anna:x", "!hilfe")  # journal, outbox: nothing a calendar shows
    run.now += timedelta(minutes=5)  # the bot's clock moves between commands
    await run("@anna:x", "!termin teilnahme 1")  # reading a meeting writes nothing
    await run("@anna:x", "!termin zeigen 1")
    assert await cache.feed(SHARED) is before
    await run("@coord:x", "!gruppe ändern feed-attendees=nein")
    after = await cache.feed(SHARED)
    assert after is not None and b"ATTENDEE" not in after.body


async def test_a_revoked_link_opens_nothing_at_once(database: Database) -> None:
    run, cache = await group_with_feeds(database)
    assert await cache.feed(PERSONAL) is not None
    await run("@anna:x", "!kalender widerrufen")
    assert await cache.feed(PERSONAL) is None
    assert await cache.feed("unknown-token") is None


async def test_a_rolled_back_change_leaves_the_counter(database: Database) -> None:
    await group_with_feeds(database)
    version = database.calendar_changes.version
    try:
        async with database.unit_of_work() as uow:
            group = await uow.groups.by_room(ROOM)
            assert group is not None
            await uow.groups.update(group, {"name": "Umbenannt"})
            raise RuntimeError("abandoned")
    except RuntimeError:
        pass
    assert database.calendar_changes.version == version


async def fresh(database: Database, run: Runner, token: str) -> bytes:
    """The feed as a cache that never saw it renders it: every meeting written anew."""
    prepared = await FeedCache(database, CalendarSettings(), "!", lambda: run.now).feed(token)
    assert prepared is not None
    return prepared.body


async def test_a_feed_written_meeting_by_meeting_equals_one_written_whole(
    database: Database,
) -> None:
    run, cache = await group_with_feeds(database)
    await run("@coord:x", "!termin ansetzen 10.12.2026 14:00 repeat=wöchentlich until=28.1.2027")
    await run("@coord:x", "!termin ansetzen 5.1.2027 9:00 title=Klausur")
    steps = [
        ("@anna:x", "!zusage 1 ja"),
        ("@carla:x", "!zusage 2 nein"),
        ("@anna:x", "!zusage 1 nein"),
        ("@coord:x", "!termin verlegen 2 18.12.2026 10:00 on=17.12.2026"),
        ("@coord:x", "!termin absagen 2 Feiertag on=31.12.2026"),
        ("@carla:x", "!termin tagesordnung 3 hinzufügen Sprachkurse"),
        ("@coord:x", "!termin ansetzen 1.2.2027 9:00 title=Neu"),
        ("@coord:x", "!termin absagen 3 Krankheit"),
        ("@coord:x", "!mitglied hinzufügen @fritz:x org=Diakonie"),
        ("@coord:x", "!termin ansetzen 1.3.2027 9:00 repeat=monatlich"),
    ]
    for token in (SHARED, PERSONAL):
        assert await cache.feed(token) is not None
    for sender, command in steps:
        await run(sender, command)
        for token in (SHARED, PERSONAL):
            prepared = await cache.feed(token)
            assert prepared is not None
            assert prepared.body == await fresh(database, run, token), (command, token)
    run.now += timedelta(days=500)  # the monthly series gains dates as time passes
    shared = await cache.feed(SHARED)
    assert shared is not None and shared.body == await fresh(database, run, SHARED)
    vobject.readOne(shared.body.decode())


async def test_an_answer_writes_out_only_its_meeting(database: Database) -> None:
    run, cache = await group_with_feeds(database)
    await run("@coord:x", "!termin ansetzen 5.1.2027 9:00 title=Klausur")
    before = await cache.feed(SHARED)
    assert before is not None
    await run("@anna:x", "!zusage 2 ja")
    after = await cache.feed(SHARED)
    assert after is not None and after.etag != before.etag
    first, second = (after.blocks.blocks[meeting_id][1] for meeting_id in sorted(
        after.blocks.blocks))
    assert first is before.blocks.blocks[min(before.blocks.blocks)][1], "kept as it was"
    assert second is not before.blocks.blocks[max(before.blocks.blocks)][1], "written anew"
    assert b"PARTSTAT=ACCEPTED" in b"".join(second.pieces)
