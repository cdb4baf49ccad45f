"""Finding a date through to a scheduled meeting, on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import select

from storage import Database
from storage.models import Meeting, OutboxMessage
from tests.storage.test_polls_and_decisions import group_with_seats
from tests.support.commands import Runner


async def test_the_slot_most_seats_can_attend_is_scheduled(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    started = await run("@coord:x", '!termin finden 7.12.2026 9:00 "3.12.2026 14:00" '
                                    '4.12.2026 10:00 title="Klausur" duration=3h')
    assert "Terminfindung Nr. 1 mit 3 Terminen läuft" in started
    async with database.unit_of_work() as uow:
        poll_start = next(m for m in (await uow.session.scalars(select(OutboxMessage))).all()
                          if m.event_type.endswith("poll.start"))
    content = poll_start.content["org.matrix.msc3381.poll.start"]
    assert content["max_selections"] == 3
    assert content["kind"] == "org.matrix.msc3381.poll.disclosed"
    labels = [a["org.matrix.msc1767.text"] for a in content["answers"]]
    assert labels[0] == "Donnerstag, 3. Dezember 2026, 14:00–17:00 Uhr"  # sorted by time

    await run("@anna:x", "!abstimmen 1 1,2")
    await run("@ben:x", "!abstimmen 1 3")   # the deputy: anna's answer counts for the seat
    await run("@carla:x", "!abstimmen 1 2")
    await run("@deniz:x", "!abstimmen 1 1")
    assert "ist eine Terminfindung" in await run("@coord:x", "!poll close 1")
    closed = await run("@coord:x", "!termin finden schließen 1")
    # Slots 1 and 2 have two seats each: the earlier one wins.
    assert "Am besten passt Donnerstag, 3. Dezember 2026, 14:00–17:00 Uhr (2 von 3 Sitzen)" \
        in closed
    assert "Termin Nr. 1" in closed
    async with database.unit_of_work() as uow:
        meeting = (await uow.session.scalars(select(Meeting))).one()
        assert (meeting.title, meeting.duration_minutes) == ("Klausur", 180)
    assert "bereits beendet" in await run("@coord:x", "!termin finden schließen 1")


async def test_bad_date_finding(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    assert "mindestens zwei Termine" in await run("@coord:x", "!termin finden 3.12.2026 14:00")
    assert "nicht in der Zukunft" in await run(
        "@coord:x", "!termin finden 3.12.2026 14:00 1.1.2020 10:00")
    assert "doppelt" in await run("@coord:x", "!termin finden 3.12.2026 14:00 3.12.2026 14:00")
    assert "fehlt die Uhrzeit" in await run("@coord:x", "!termin finden 3.12.2026 4.12.2026")
    await run("@coord:x", "!termin finden 3.12.2026 14:00 4.12.2026 10:00")
    assert "Für keinen" in await run("@coord:x", "!termin finden schließen 1")
