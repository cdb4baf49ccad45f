"""Coordinators' reports on the agenda, on both databases: submitted as a text or a file,
listed as the meeting's annexes, cited by decisions and polls, presented in a session."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

import vobject
from sqlalchemy import select

from commands.framework.context import Attachment
from storage import Database
from storage.models import OutboxMessage
from tests.storage.test_polls_and_decisions import group_with_seats
from tests.storage.test_sessions import files, meeting_today
from tests.support.commands import Runner
from tests.support.statements import counting_statements

PDF = Attachment("sprachkurse.pdf", "application/pdf", b"%PDF-1.7\n% Bericht\n" * 50)


async def outbox(database: Database) -> list[OutboxMessage]:
    async with database.unit_of_work() as uow:
        return list((await uow.session.scalars(select(OutboxMessage).order_by(
            OutboxMessage.id))).all())


async def test_reports_go_on_the_agenda_as_annexes(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    await run("@coord:x", "!termin ansetzen 3.12.2026 14:00 title=Lenkungsgruppe")
    await run("@coord:x", "!termin tagesordnung 1 add Begrüßung")
    submitted = await run("@anna:x", '!bericht einreichen 1 "Stand der Sprachkurse" Alle '
                                     "Kurse sind belegt.")
    assert "Bericht Nr. 1 (Jobcenter) ist als Anlage 1 zu Termin Nr. 1" in submitted
    assert "TOP 2: Stand der Sprachkurse (Anlage 1)" in submitted
    run.reply_to_file = PDF
    submitted = await run("@carla:x", '!bericht einreichen 1 "Bericht des Sozialamts" '
                                      "org=„Sozialamt der Stadt“")
    assert "Bericht Nr. 2 (Sozialamt der Stadt) ist als Anlage 2" in submitted

    shown = await run("@deniz:x", "!termin zeigen 1")
    assert "2. Stand der Sprachkurse (Anlage 1)" in shown
    assert "3. Bericht des Sozialamts (Anlage 2)" in shown
    listing = await run("@deniz:x", "!bericht liste")
    assert "• Nr. 2: Bericht des Sozialamts (Sozialamt der Stadt) – Anlage 2 zu Termin Nr. 1" \
        in listing and "Datei sprachkurse.pdf" in listing
    assert "Alle Kurse sind belegt." in await run("@deniz:x", "!bericht zeigen 1")
    again = await run("@deniz:x", "!bericht zeigen 2")
    assert hashlib.sha256(PDF.data).hexdigest() in again
    posted = [m for m in await outbox(database) if m.content.get("body") == "sprachkurse.pdf"]
    assert len(posted) == 1 and posted[0].attachment == PDF.data

    await run("@coord:x", "!termin verlegen 1 4.12.2026 14:00")  # a new invitation
    invitation = vobject.readOne(next(m.attachment.decode() for m in reversed(
        await outbox(database)) if m.attachment and m.content["body"].endswith(".ics")))
    assert "3. Bericht des Sozialamts (Anlage 2)" in invitation.vevent.description.value


async def test_wrong_submissions_are_refused(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    await run("@coord:x", "!termin ansetzen 3.12.2026 14:00")
    assert "Ein Bericht ist eine Datei oder ein Text" in await run(
        "@anna:x", '!bericht einreichen 1 "Ohne Inhalt"')
    run.reply_to_file = PDF
    assert "nicht beides" in await run("@anna:x", '!bericht einreichen 1 "Beides" Text')
    assert "Termin Nr. 9" in await run("@anna:x", '!bericht einreichen 9 "Falsch" Text')
    assert "Einen Bericht Nr. 4 gibt es" in await run("@anna:x", "!bericht zeigen 4")
    assert "Es sind noch keine Berichte eingereicht" in await run("@anna:x", "!bericht liste")


async def test_decisions_and_polls_cite_a_report_in_the_hashed_log(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    await run("@coord:x", "!termin ansetzen 3.12.2026 14:00")
    run.reply_to_file = PDF
    await run("@anna:x", '!bericht einreichen 1 "Sprachkurse"')
    recorded = await run("@coord:x", "!beschluss erfassen Der Bericht wird angenommen. report=1")
    assert "Bezug: Bericht Nr. 1 „Sprachkurse“ (Anlage 1)" in recorded
    assert "Einen Bericht Nr. 7 gibt es" in await run("@coord:x",
                                                     "!beschluss erfassen X report=7")
    await run("@coord:x", '!abstimmung "Wird der Bericht beauftragt?" report=1')
    for voter in ("@anna:x", "@carla:x", "@deniz:x"):
        await run(voter, "!vote 1 ja")
    shown = await run("@anna:x", "!beschluss zeigen 2026/002")
    assert "Bezug: Bericht Nr. 1 „Sprachkurse“ (Anlage 1)" in shown
    assert "unverändert (geprüfte Einträge: 2)" in await run("@anna:x", "!beschluss prüfen")
    await run("@anna:x", "!beschluss exportieren json")
    document = json.loads(next(m.attachment for m in reversed(await outbox(database))
                               if m.attachment and m.content["body"].endswith(".json")))
    cited = [entry["report"] for entry in document["entries"]]
    assert cited[0] == cited[1] == {
        "number": 1, "title": "Sprachkurse", "annex": 1, "organisation": "Jobcenter",
        "sha256": hashlib.sha256(PDF.data).hexdigest()}


async def test_a_report_presented_in_a_session_is_minuted_under_its_item(
    database: Database,
) -> None:
    run = Runner(database)
    await meeting_today(run)
    await run("@coord:x", "!termin beginnen")
    await run("@coord:x", "!weiter")
    submitted = await run("@anna:x", '!bericht einreichen 1 "Eilbericht" Kurz gesagt: gut.')
    assert "TOP 1a: Eilbericht (Anlage 1)" in submitted
    assert "Festhalten dürfen" in await run("@anna:x", "!bericht 1")
    assert "Bericht Nr. 1 (Anlage 1) unter TOP 1 vorgestellt" in await run("@coord:x",
                                                                           "!bericht 1")
    await run("@coord:x", "!termin beenden")
    minutes = (await files(database))[-1]
    assert "## TOP 1: Bericht der Geschäftsstelle\n- Bericht Nr. 1 (Anlage 1) vorgestellt: " \
        "Eilbericht (Jobcenter)\n" in minutes
    assert "## TOP 1a: Eilbericht (Anlage 1)\n- ohne Eintrag\n" in minutes


async def test_reports_go_after_their_groups_retention(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    await run("@coord:x", "!termin ansetzen 3.12.2026 14:00")
    run.reply_to_file = PDF
    await run("@anna:x", '!bericht einreichen 1 "Sprachkurse"')
    await run("@coord:x", "!beschluss erfassen Angenommen. report=1")
    assert "Aufbewahrung muss 0 (unbegrenzt) bis 36500 Tage sein" in await run(
        "@coord:x", "!gruppe ändern report-retention=99999")
    await run("@coord:x", "!gruppe ändern report-retention=30")
    assert "Berichte aufbewahren: 30 Tage nach der Sitzung" in await run("@anna:x", "!gruppe")

    async def expire(now: datetime) -> int:
        async with database.unit_of_work() as uow:
            return sum((await uow.reports.remove_expired_everywhere(now)).values())

    assert await expire(datetime(2027, 1, 1, tzinfo=UTC)) == 0  # 29 days after the meeting
    assert await expire(datetime(2027, 1, 3, tzinfo=UTC)) == 1
    assert await expire(datetime(2027, 1, 4, tzinfo=UTC)) == 0  # once
    shown = await run("@anna:x", "!bericht zeigen 1")
    assert "nach der Aufbewahrungsfrist der Gruppe entfernt" in shown
    assert hashlib.sha256(PDF.data).hexdigest() in shown
    async with database.unit_of_work() as uow:
        group = (await uow.groups.all())[0]
        report = await uow.reports.by_number(group, 1)
        assert report is not None and await uow.reports.with_content(report) is None
    assert "unverändert (geprüfte Einträge: 1)" in await run("@anna:x", "!beschluss prüfen")


async def test_the_retention_sweep_costs_the_same_queries_for_three_groups_as_for_thirty(
    database: Database,
) -> None:
    """The hourly sweep (and the one at every start) went through the groups one by one: a
    bot for a whole Land paid a query per group (issue #35)."""
    run = Runner(database)

    async def groups(first: int, count: int) -> None:
        for number in range(first, first + count):
            room = f"!gruppe{number}:x"
            await run("@coord:x", f"!einrichten Gruppe-{number}", room)
            await run("@coord:x", "!gruppe ändern report-retention=30", room)

    async def sweep() -> int:
        with counting_statements(database) as count:
            async with database.unit_of_work() as uow:
                await uow.reports.remove_expired_everywhere(datetime(2027, 1, 3, tzinfo=UTC))
        return count.statements

    await groups(0, 3)
    few = await sweep()
    await groups(3, 27)
    assert await sweep() == few
