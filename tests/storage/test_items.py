"""Open items and mandates from decisions, on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import select

from storage import Database
from storage.models import Item, ItemState
from tests.storage.test_polls_and_decisions import group_with_seats
from tests.support.commands import Runner


async def items(database: Database) -> list[tuple[int, str, str | None, str | None, str]]:
    async with database.unit_of_work() as uow:
        rows = (await uow.session.scalars(select(Item).order_by(Item.number))).all()
        return [(i.number, i.text, i.owner_user, i.owner_org, i.state.value) for i in rows]


async def test_an_item_through_its_life(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    added = await run("@anna:x", "!punkt hinzufügen Bericht vorlegen org=Jobcenter due=15.1.2027")
    assert "Punkt Nr. 1 ist notiert: Bericht vorlegen (Jobcenter, fällig am Freitag, " \
        "15. Januar 2027)" in added
    assert "Nr. 2" in await run("@carla:x", "!item add Raum buchen")
    assert "ist jetzt bei @carla:x" in await run("@coord:x", "!punkt zuweisen 2 @carla:x")
    await run("@carla:x", "!punkt notiz 2 Raum 101 ist reserviert")
    listing = await run("@deniz:x", "!punkt liste")
    assert "Nr. 1: Bericht vorlegen – Jobcenter" in listing and "Nr. 2: Raum buchen" in listing
    assert "liegt bei Jobcenter" in await run("@deniz:x", "!punkt erledigt 1")
    assert "ist erledigt" in await run("@ben:x", "!punkt erledigt 1")  # same organisation
    assert "bereits erledigt" in await run("@anna:x", "!item done 1")
    assert "gestrichen" in await run("@coord:x", "!punkt streichen 2")
    shown = await run("@anna:x", "!punkt zeigen 2")
    assert "weist zu an @carla:x" in shown and "Notiz von @carla:x: Raum 101" in shown
    assert "gestrichen (@coord:x)" in shown
    assert "Keine Punkte (offene)" in await run("@anna:x", "!punkt liste")
    assert "Nr. 1" in await run("@anna:x", "!punkt liste erledigt")
    assert await items(database) == [
        (1, "Bericht vorlegen", None, "Jobcenter", "done"),
        (2, "Raum buchen", "@carla:x", None, "dropped"),
    ]


async def test_bad_item_commands_change_nothing(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    await run("@anna:x", "!item add Etwas tun")
    before = await items(database)
    assert "in der Vergangenheit" in await run("@anna:x", "!item add X due=1.1.2020")
    assert "@zoe:x ist kein Mitglied" in await run("@anna:x", "!item add X owner=@zoe:x")
    assert "nur eines angeben" in await run("@anna:x", "!item add X owner=@anna:x org=Amt")
    assert "keine Nummer" in await run("@anna:x", "!item done eins")
    assert "gibt es in dieser Gruppe nicht" in await run("@coord:x", "!item drop 9")
    assert "Rolle Vorsitz, Geschäftsstelle" in await run("@anna:x", "!item drop 1")
    assert "vorbehalten" in await run("@eve:x", "!item add Fremd")
    assert await items(database) == before


async def test_decisions_hand_on_mandates(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    recorded = await run(
        "@coord:x", "!beschluss erfassen Der Sprachkursbericht wird beauftragt. org=Jobcenter "
        "due=31.3.2027"
    )
    assert "Auftrag: Punkt Nr. 1 (Jobcenter, fällig am Mittwoch, 31. März 2027)" in recorded
    await run("@coord:x", '!poll "Raumkonzept beschließen?" then="Raumkonzept umsetzen" '
                          "assign=@carla:x")
    await run("@coord:x", '!poll "Abgelehnter Antrag?" then="Nie umsetzen" assign=@anna:x')
    for member in ("@anna:x", "@carla:x", "@deniz:x"):
        await run(member, "!vote 1 ja")
        await run(member, "!vote 2 nein")
    assert await items(database) == [
        (1, "Der Sprachkursbericht wird beauftragt.", None, "Jobcenter", ItemState.OPEN.value),
        (2, "Raumkonzept umsetzen", "@carla:x", None, ItemState.OPEN.value),
    ]
    shown = await run("@anna:x", "!beschluss zeigen 2")
    assert "Auftrag: Punkt Nr. 2 (@carla:x, offen)" in shown
    assert "Auftrag aus Beschluss 2026/002" in await run("@anna:x", "!punkt zeigen 2")


async def test_timed_jobs_are_replanned_only_for_items_with_a_due_date(
    database: Database,
) -> None:
    """Re-planning reads every deadline: an item without a due date has no reminder, so
    adding, assigning or closing it leaves the timed jobs alone; one with a date does not."""
    run = Runner(database)
    await group_with_seats(run)
    replanned = []
    for command in ("!punkt hinzufügen Raum buchen", "!punkt zuweisen 1 @carla:x",
                    "!punkt erledigt 1", "!punkt hinzufügen Bericht vorlegen due=15.1.2027",
                    "!punkt zuweisen 2 @carla:x", "!punkt frist 2 20.1.2027",
                    "!punkt hinzufügen Saal buchen", "!punkt frist 3 22.1.2027",
                    "!punkt streichen 2"):
        await run("@coord:x", command)
        replanned.append(run.effects.timers_dirty)
    assert replanned == [False, False, False, True, True, True, False, True, True]
