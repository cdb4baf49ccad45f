"""Minutes of a meeting, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from storage import Database
from storage.models import OutboxMessage
from tests.storage.test_polls_and_decisions import group_with_seats
from tests.support.commands import Runner


async def test_minutes_read_as_a_niederschrift(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    await run("@anna:x", "!punkt hinzufügen Alter Punkt")
    await run("@coord:x", '!termin ansetzen 26.11.2026 10:00 title="Lenkungsgruppe November" '
                          'location="Rathaus"')
    await run("@coord:x", "!termin tagesordnung 1 hinzufügen Bericht des Integrationszentrums")
    await run("@anna:x", "!zusage 1 nein")
    await run("@carla:x", "!zusage 1 ja")
    run.now = datetime(2026, 11, 26, 10, 30, tzinfo=UTC)  # during the meeting
    await run("@coord:x", "!termin anwesend 1 @ben:x @carla:x @coord:x")
    await run("@coord:x", "!beschluss erfassen Der Bericht wird zur Kenntnis genommen.")
    await run("@carla:x", "!punkt hinzufügen Neuer Auftrag")
    await run("@coord:x", "!punkt erledigt 1")
    summary = await run("@coord:x", "!termin niederschrift 1")
    assert "3 anwesend, 1 Beschlüsse, 1 neue und 1 erledigte Punkte" in summary

    async with database.unit_of_work() as uow:
        files = [m for m in (await uow.session.scalars(select(OutboxMessage))).all()
                 if m.content.get("body", "").endswith(".md")]
    [minutes_file] = files
    assert minutes_file.content["body"] == "niederschrift-1-2026-11-26.md"
    text = minutes_file.attachment.decode()
    assert text.startswith("# Niederschrift: Lenkungsgruppe November\n")
    assert "Lenkungsgruppe · Donnerstag, 26. November 2026, 10:00–11:30 Uhr · Ort: Rathaus" in text
    present = text.split("## Anwesend")[1].split("## Abwesend")[0]
    assert "- Jobcenter: @ben:x (in Vertretung für @anna:x)" in present
    assert "- Sozialamt: @carla:x (Mitglied)" in present
    absent = text.split("## Abwesend")[1].split("## Tagesordnung")[0]
    assert "- Jobcenter: @anna:x (entschuldigt)" in absent
    assert "- Caritasverband: @deniz:x (nicht entschuldigt)" in absent
    assert "1. Bericht des Integrationszentrums" in text
    assert "Beschluss 2026/001: Der Bericht wird zur Kenntnis genommen." in text
    assert "- neu: Nr. 2 – Neuer Auftrag" in text and "- erledigt: Nr. 1 – Alter Punkt" in text
