"""The participation report against what the test did, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from storage import Database
from storage.models import OutboxMessage
from tests.storage.test_polls_and_decisions import group_with_seats
from tests.support.commands import Runner


async def test_participation_per_organisation(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    await run("@coord:x", "!termin ansetzen 26.11.2026 10:00")
    await run("@coord:x", "!termin ansetzen 27.11.2026 10:00")
    await run("@coord:x", "!termin ansetzen 10.12.2026 10:00")  # after the report's end
    working = "!ag:x"
    await run("@coord:x", '!setup "AG Sprache" kind=working', room=working)
    await run("@coord:x", "!member add @anna:x org=Jobcenter", room=working)
    await run("@coord:x", "!meeting schedule 26.11.2026 14:00", room=working)
    await run("@anna:x", "!zusage 1 nein")
    await run("@deniz:x", "!zusage 1 nein")
    await run("@carla:x", "!zusage 2 ja")
    run.now = datetime(2026, 11, 26, 11, 0, tzinfo=UTC)
    await run("@coord:x", "!termin anwesend 1 @ben:x @carla:x")
    run.now = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
    report = await run("@anna:x", "!bericht beteiligung 1.11.2026 30.11.2026")
    assert "Beteiligung vom Sonntag, 1. November 2026 bis Montag, 30. November 2026" in report
    # Only Ben, Anna's deputy, came to the first meeting.
    assert ("• Jobcenter: eingeladen 2, teilgenommen 1 (davon 1 durch Vertretung), abgesagt 0, "
            "ohne Antwort 1, zugesagt und nicht da 0") in report
    assert ("• Sozialamt: eingeladen 2, teilgenommen 2, abgesagt 0, ohne Antwort 0") in report
    assert ("• Caritasverband: eingeladen 2, teilgenommen 0, abgesagt 1, ohne Antwort 1") \
        in report
    assert "• BAMF: eingeladen 2, teilgenommen 0" in report
    assert "AG Sprache (Arbeitsgruppe):\n• Jobcenter: eingeladen 1, teilgenommen 0" in report
    assert "Lenkungsgruppe" not in await run("@anna:x", "!bericht beteiligung", room=working)

    async with database.unit_of_work() as uow:
        files = {m.content["body"]: m.attachment for m in
                 (await uow.session.scalars(select(OutboxMessage))).all() if m.attachment}
    table = files["beteiligung-2026-11-01-2026-11-30.md"].decode()
    assert "| Organisation | eingeladen | teilgenommen | abgesagt | ohne Antwort | " \
        "zugesagt, nicht da | teilgenommen durch Vertretung |" in table
    assert "| Jobcenter | 2 | 1 | 0 | 1 | 0 | 1 |" in table
    csv_text = files["beteiligung-2026-11-01-2026-11-30.csv"].decode("utf-8-sig")
    assert "Lenkungsgruppe;Sozialamt;2;2;0;0;0;0" in csv_text
    assert "Lenkungsgruppe;Jobcenter;2;1;0;1;0;1" in csv_text
    async with database.unit_of_work() as uow:
        images = [m for m in (await uow.session.scalars(select(OutboxMessage))).all()
                  if m.content.get("msgtype") == "m.image"]
    chart = next(m for m in images
                 if m.content["filename"] == "beteiligung-2026-11-01-2026-11-30.png")
    assert chart.content["info"]["mimetype"] == "image/png"
    assert chart.content["info"]["w"] == 800 and chart.content["info"]["h"] > 200
    assert chart.attachment is not None and chart.attachment.startswith(b"\x89PNG")
    # The alt text says what the picture shows.
    assert chart.content["body"].startswith("Balkendiagramm „Beteiligung der Organisationen“")
    assert "Jobcenter: persönlich teilgenommen 0, teilgenommen durch Vertretung 1, abgesagt 0, " \
        "ohne Antwort 1, zugesagt, nicht da 0" in chart.content["body"]
    assert "verkehrt herum" in await run("@anna:x", "!report participation 1.12.2026 1.11.2026")


async def test_the_forecast_as_a_chart(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    await run("@coord:x", "!termin ansetzen 3.12.2026 14:00")
    await run("@anna:x", "!zusage 1 nein")
    await run("@ben:x", "!zusage 1 ja")  # stands in for anna
    await run("@carla:x", "!zusage 1 vielleicht")
    assert "m.image" not in str([m.content for m in await _outbox(database)])
    await run("@coord:x", "!termin teilnahme 1 chart=ja")
    chart = next(m for m in await _outbox(database) if m.content.get("msgtype") == "m.image")
    assert chart.content["filename"] == "zusagen-1.png" and chart.attachment is not None
    assert chart.content["body"] == (
        "Balkendiagramm „Zusagen zu Termin Nr. 1“, Donnerstag, 3. Dezember 2026, "
        "14:00–15:30 Uhr: kommt 0, Vertretung kommt 1, vielleicht 1, abgesagt 0, "
        "keine Antwort 1.")


async def _outbox(database: Database) -> list[OutboxMessage]:
    async with database.unit_of_work() as uow:
        return list((await uow.session.scalars(select(OutboxMessage))).all())
