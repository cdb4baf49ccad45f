"""Commands through the dispatcher on both databases: effects, refusals, and rollbacks."""

from domain.group import Language
from storage import Database
from tests.support.commands import ROOM, Runner


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
