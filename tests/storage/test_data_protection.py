"""GDPR: everything about one person can be exported and erased; the log stays intact."""

from __future__ import annotations

from sqlalchemy import select, text

from storage import Database
from storage.models import Base, Person
from tests.storage.test_polls_and_decisions import group_with_seats
from tests.support.commands import Runner


async def rows_naming(database: Database, needle: str) -> list[str]:
    found = []
    async with database.unit_of_work() as uow:
        for name, table in Base.metadata.tables.items():
            for row in (await uow.session.execute(select(table))).all():
                if any(needle in str(value) for value in row):
                    found.append(f"{name}: {row}")
    return found


#: Tables whose rows name a person without being data about them: the outbox (messages the bot
#: sent to the room, which the room holds anyway) and the journal of handled events.
UNLISTED = {"outbox", "handled_events", "people"}  # people: the export's "pseudonym"


async def test_export_then_erase_a_person(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    await run("@coord:x", "!member set @anna:x email=anna@stadt.example role=chair "
                          'name="Dr. Anna Weber"')
    await run("@coord:x", '!poll "Offen?"')
    for member in ("@anna:x", "@carla:x", "@deniz:x"):
        await run(member, "!vote 1 ja")
    await run("@anna:x", "!beschluss erfassen Von Anna eingetragen.")
    await run("@anna:x", "!punkt hinzufügen Annas Punkt owner=@anna:x")
    await run("@coord:x", "!termin ansetzen 3.12.2026 14:00")
    await run("@anna:x", "!zusage 1 ja")
    await run("@anna:x", "!kalender")

    async with database.unit_of_work() as uow:
        exported = await uow.people.export("@anna:x")
    records = exported["records"]
    # Every row that names her — by Matrix ID or email address — is in the export. (The
    # outbox is the bot's own mail queue of messages to the room, not data about her; the
    # decision log names her by pseudonym; both are listed in the export's notes.)
    naming = [*await rows_naming(database, "@anna:x"),
              *await rows_naming(database, "anna@stadt.example"),
              *await rows_naming(database, "Dr. Anna Weber"),
              *await rows_naming(database, exported["pseudonym"])]
    per_table: dict[str, int] = {}
    for row in set(naming):
        per_table[row.split(":")[0]] = per_table.get(row.split(":")[0], 0) + 1
    for table, count in per_table.items():
        if table in UNLISTED:
            continue
        assert len(records.get(table, [])) >= count, (table, count, records.get(table))
    assert records["members"][0]["email"] == "anna@stadt.example"
    assert records["members"][0]["name"] == "Dr. Anna Weber"
    assert records["poll_answers"][0]["answer"] == "yes"
    assert {r["text"] for r in records["items"]} == {"Annas Punkt"}
    assert [(d["number"], d["recorded"]) for d in records["decisions"]] == [
        ("2026/001", False), ("2026/002", True)]
    assert records["decisions"][0]["votes"][0]["answer"] == "Ja"
    assert records["rsvps"][0]["answer"] == "yes"
    assert len(records["calendar_tokens"]) == 2
    assert all("token_hash" not in t for t in records["calendar_tokens"])

    assert "Stellvertretungen" in await run("@coord:x", "!member remove @anna:x purge=yes")
    await run("@coord:x", "!member remove @ben:x")
    async with database.unit_of_work() as uow:  # as if the bot had sent everything
        await uow.session.execute(text("UPDATE outbox SET sent_at = created_at"))
    erased = await run("@coord:x", "!mitglied entfernen @anna:x purge=ja")
    assert "Daten sind gelöscht" in erased and "@anna:x" not in erased

    assert await rows_naming(database, "@anna:x") == []
    assert await rows_naming(database, "anna@stadt.example") == []
    assert await rows_naming(database, "Anna Weber") == []
    assert "unverändert (geprüfte Einträge: 2)" in await run("@carla:x", "!beschluss prüfen")
    shown = await run("@carla:x", "!beschluss zeigen 1")
    assert "Jobcenter: gelöschte Person (p-" in shown
    assert "Sozialamt: @carla:x – Ja" in shown
    assert "Eingetragen von gelöschte Person" in await run("@carla:x", "!beschluss zeigen 2")
    async with database.unit_of_work() as uow:
        assert (await uow.people.export("@anna:x"))["records"] == {}


async def test_a_person_still_active_elsewhere_is_not_erased(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    await run("@coord:x", "!setup AG", room="!ag:x")
    await run("@coord:x", "!member add @deniz:x org=Caritasverband", room="!ag:x")
    refused = await run("@coord:x", "!member remove @deniz:x purge=yes")
    assert "noch Mitglied in: AG" in refused
    assert await rows_naming(database, "@deniz:x") != []


async def test_pseudonyms_are_made_once_per_person_however_many_are_asked_for(
    database: Database,
) -> None:
    """A poll of a thousand seats names two thousand people in its log entry: their
    pseudonyms are looked up in batches and the new ones made in one go — each person still
    has exactly one, the same every time."""
    people = [f"@person{n:04d}:x" for n in range(2500)]
    async with database.unit_of_work() as uow:
        anna = await uow.people.pseudonym("@person0007:x")
    async with database.unit_of_work() as uow:
        first = await uow.people.pseudonyms([*people, *people[:10]])
    async with database.unit_of_work() as uow:
        again = await uow.people.pseudonyms(reversed(people))
        rows = (await uow.session.execute(select(Person.user_id))).scalars().all()
    assert first == again and set(first) == set(people)
    assert first["@person0007:x"] == anna, "an existing pseudonym is kept"
    assert len(set(first.values())) == len(people)
    assert sorted(rows) == sorted(people), "one row per person"
