"""Meetings through the commands, on SQLite and PostgreSQL; calendar files read by vobject."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import vobject
from sqlalchemy import select

from commands import build_command_tree
from commands.framework import CommandDispatcher
from commands.framework.context import CalendarSettings
from domain.group import GroupDefaults
from storage import Database
from storage.models import OutboxMessage
from tests.storage.test_polls_and_decisions import group_with_seats
from tests.storage.test_reminders import run_due
from tests.support.commands import Runner

BERLIN = ZoneInfo("Europe/Berlin")


async def sent(database: Database) -> list[OutboxMessage]:
    async with database.unit_of_work() as uow:
        return list((await uow.session.scalars(select(OutboxMessage).order_by(
            OutboxMessage.id))).all())


async def calendars(database: Database) -> list[vobject.base.Component]:
    return [vobject.readOne(m.attachment.decode()) for m in await sent(database)
            if m.attachment is not None and m.content["body"].endswith(".ics")]


async def test_schedule_answer_move_cancel(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    scheduled = await run("@coord:x", '!termin ansetzen 3.12.2026 14:00 location="Rathaus, '
                                      'Raum 101; 2. OG" title="Lenkungsgruppe Dezember"')
    assert "Termin Nr. 1 „Lenkungsgruppe Dezember“ ist angesetzt: Donnerstag, 3. Dezember " \
        "2026, 14:00–15:30 Uhr" in scheduled
    assert "Ladungsfrist" not in scheduled
    announcement = next(m for m in await sent(database) if "Einladung:" in m.content["body"])
    assert "Ort: Rathaus, Raum 101; 2. OG" in announcement.content["body"]
    invitation = (await calendars(database))[-1]
    assert invitation.method.value == "REQUEST"
    vevent = invitation.vevent
    assert vevent.dtstart.value.astimezone(UTC) == datetime(2026, 12, 3, 13, 0, tzinfo=UTC)
    assert vevent.location.value == "Rathaus, Raum 101; 2. OG"
    roles = {a.value: a.params["ROLE"][0] for a in vevent.attendee_list}
    assert roles["matrix:u/anna:x"] == "REQ-PARTICIPANT"
    assert roles["matrix:u/ben:x"] == "OPT-PARTICIPANT"
    assert roles["matrix:u/emil:x"] == "OPT-PARTICIPANT"
    uid = vevent.uid.value

    assert "Zusage" in await run("@anna:x", "!zusage 1 ja")
    reply = await run("@carla:x", "!rsvp 1 yes")
    assert "2 von 3 Stimmen zugesagt — beschlussfähig ab 2." in reply
    declined = await run("@anna:x", "!zusage 1 nein")  # replaces her yes; ben is asked
    assert "nicht beschlussfähig" in declined
    asks = [m for m in await sent(database) if "Können Sie den Sitz vertreten" in
            m.content["body"]]
    assert len(asks) == 1 and asks[0].content["m.mentions"] == {"user_ids": ["@ben:x"]}
    await run("@ben:x", "!zusage 1 ja")
    attendance = await run("@coord:x", "!termin teilnahme 1")
    assert "Jobcenter: @anna:x – Absage; vertreten durch @ben:x" in attendance
    assert "Caritasverband: @deniz:x – keine Antwort" in attendance
    assert "BAMF: @emil:x (beratendes Mitglied) – keine Antwort" in attendance
    assert "2 von 3 Stimmen zugesagt — beschlussfähig ab 2." in attendance

    moved = await run("@coord:x", "!termin verlegen 1 4.12.2026 10:00")
    assert "verlegt auf Freitag, 4. Dezember 2026, 10:00–11:30 Uhr" in moved
    update = (await calendars(database))[-1]
    assert update.vevent.uid.value == uid and update.vevent.sequence.value == "1"
    assert update.vevent.dtstart.value.astimezone(UTC) == datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
    partstats = {a.value: a.params["PARTSTAT"][0] for a in update.vevent.attendee_list}
    assert partstats["matrix:u/ben:x"] == "ACCEPTED" and partstats["matrix:u/anna:x"] == "DECLINED"

    assert "abgesagt" in await run("@coord:x", "!termin absagen 1 Krankheit")
    cancel = (await calendars(database))[-1]
    assert cancel.method.value == "CANCEL" and cancel.vevent.status.value == "CANCELLED"
    assert cancel.vevent.uid.value == uid and cancel.vevent.sequence.value == "2"
    assert "ist abgesagt" in await run("@anna:x", "!zusage 1 ja")


async def test_notice_period_clash_and_bad_input(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    late = await run("@coord:x", "!meeting schedule 2026-11-30 09:00")
    assert "Die Ladungsfrist von 7 Tagen ist um 2 Tage unterschritten" in late
    late_agenda = await run("@coord:x", "!meeting agenda 1 add Haushalt")
    assert "innerhalb der Ladungsfrist von 7 Tagen (um 2 Tage zu spät)" in late_agenda
    clash = await run("@coord:x", "!meeting schedule 30.11.2026 10:00")
    assert "schon Termin Nr. 1" in clash
    assert "nicht in der Zukunft" in await run("@coord:x", "!termin ansetzen 1.11.2026 10:00")
    assert "fehlt die Uhrzeit" in await run("@coord:x", "!termin ansetzen 1.12.2026")
    assert "keine Dauer" in await run("@coord:x", "!termin ansetzen 1.12.2026 10:00 duration=lang")
    assert "gibt es in dieser Gruppe nicht" in await run("@coord:x", "!termin absagen 9")
    assert "Rolle Vorsitz, Geschäftsstelle" in await run("@anna:x", "!termin absagen 1")
    assert "ist nicht möglich" in await run("@anna:x", "!zusage 1 klar")
    listing = await run("@anna:x", "!termin liste")
    assert listing.count("• Nr.") == 1


async def test_a_series_moves_and_cancels_single_dates(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    await run("@coord:x", "!termin ansetzen 10.12.2026 14:00 repeat=wöchentlich until=28.1.2027")
    listing = await run("@anna:x", "!termin liste")
    assert listing.count("• Nr. 1") == 8
    assert "Serie" in await run("@coord:x", "!termin verlegen 1 18.12.2026 10:00")
    await run("@coord:x", "!termin verlegen 1 18.12.2026 10:00 on=17.12.2026")
    await run("@coord:x", "!termin absagen 1 Feiertag on=31.12.2026")
    series = (await calendars(database))[-2]
    master, moved = series.vevent_list
    assert master.rrule.value == "FREQ=WEEKLY;UNTIL=20270128T225959Z"
    assert moved.recurrence_id.value.astimezone(BERLIN) == datetime(2026, 12, 17, 14, 0,
                                                                    tzinfo=BERLIN)
    assert moved.dtstart.value.astimezone(BERLIN).hour == 10
    single_cancel = (await calendars(database))[-1]
    assert single_cancel.method.value == "CANCEL"
    assert single_cancel.vevent.recurrence_id.value.astimezone(BERLIN).day == 31
    listing = await run("@anna:x", "!termin liste")
    assert "Donnerstag, 31. Dezember 2026, 14:00–15:30 Uhr – ABGESAGT" in listing
    assert "Freitag, 18. Dezember 2026, 10:00–11:30 Uhr" in listing


async def test_what_waits_for_the_next_meeting_goes_on_its_agenda(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    await run("@coord:x", '!poll "Im Umlauf?" mode=umlauf')
    await run("@anna:x", "!vote 1 widerspruch")
    await run("@coord:x", "!poll close 1")
    await run("@anna:x", "!punkt hinzufügen Bericht vorlegen due=1.12.2026")
    await run("@anna:x", "!punkt hinzufügen Später due=1.3.2027")
    await run("@anna:x", "!punkt hinzufügen Raumfrage")
    await run("@coord:x", "!termin ansetzen 3.12.2026 14:00 agenda=3")
    agenda = await run("@anna:x", "!termin tagesordnung 1")
    assert "1. Raumfrage\n" in agenda + "\n"
    assert "2. Im Umlauf? (automatisch: Umlaufverfahren nicht zustande gekommen)" in agenda
    assert "3. Bericht vorlegen (automatisch: offener Punkt wird fällig)" in agenda
    assert "Später" not in agenda
    added = await run("@carla:x", "!termin tagesordnung 1 hinzufügen Sprachkurse")
    assert "4. Sprachkurse" in added and "Ladungsfrist" not in added  # 8 days ahead
    await run("@coord:x", "!termin ansetzen 10.12.2026 14:00")
    assert "Im Umlauf?" not in await run("@anna:x", "!termin tagesordnung 2")


async def test_matters_arising_join_the_agenda_of_a_scheduled_meeting(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    await run("@coord:x", "!termin ansetzen 3.12.2026 14:00")
    await run("@anna:x", "!punkt hinzufügen Bericht vorlegen due=2.12.2026")
    await run("@anna:x", "!punkt hinzufügen Nach der Sitzung due=4.12.2026")
    await run("@coord:x", "!beschluss erfassen Konzept beauftragt org=Jobcenter due=3.12.2026")
    await run("@coord:x", '!poll "Im Umlauf?" mode=umlauf')
    await run("@carla:x", "!vote 1 widerspruch")
    await run("@coord:x", "!poll close 1")
    await run("@coord:x", "!punkt frist 2 1.12.2026")  # now due before the meeting as well
    agenda = await run("@anna:x", "!termin tagesordnung 1")
    assert "1. Bericht vorlegen (automatisch: offener Punkt wird fällig)" in agenda
    assert "2. Konzept beauftragt (automatisch: offener Punkt wird fällig)" in agenda
    assert "3. Im Umlauf? (automatisch: Umlaufverfahren nicht zustande gekommen)" in agenda
    assert "4. Nach der Sitzung (automatisch: offener Punkt wird fällig)" in agenda
    assert agenda.count("Bericht vorlegen") == 1


async def test_a_series_without_end_keeps_getting_dates(database: Database) -> None:
    from datetime import timedelta

    from commands.meeting_flow import SERIES_HORIZON, extend_series

    run = Runner(database)
    await group_with_seats(run)
    await run("@coord:x", "!termin ansetzen 3.12.2026 14:00 repeat=monthly")
    later = datetime(2028, 6, 1, tzinfo=UTC)
    async with database.unit_of_work() as uow:
        for meeting in await uow.meetings.series_to_extend(later + SERIES_HORIZON):
            await extend_series(uow, meeting, later)
    async with database.unit_of_work() as uow:
        group = (await uow.groups.all())[0]
        meeting = await uow.meetings.by_number(group, 1)
        assert meeting is not None
        starts = [o.starts_at for o in await uow.meetings.occurrences(meeting)]
    assert starts[-1] >= later + SERIES_HORIZON - timedelta(days=31)
    assert len(starts) == len(set(starts))  # no date twice
    assert {s.astimezone(BERLIN).hour for s in starts} == {14}


async def test_a_meeting_of_a_group_with_a_long_name_gets_a_title_that_fits(
    database: Database,
) -> None:
    """The default title is „Sitzung“ and the group's name, which may itself be 200 long."""
    run = Runner(database)
    await group_with_seats(run)
    await run("@coord:x", "!gruppe ändern name=" + "L" * 200)
    assert "ist angesetzt" in await run("@coord:x", "!termin ansetzen 3.12.2026 14:00")
    async with database.unit_of_work() as uow:
        group = (await uow.groups.all())[0]
        meeting = await uow.meetings.by_number(group, 1)
        assert meeting is not None and len(meeting.title) == 200
        assert meeting.title.startswith("Sitzung LLL") and meeting.title.endswith("…")


async def test_an_online_meeting_carries_its_video_link_everywhere(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    link = "https://meet.stadt-beispiel.de/lenkungsgruppe-dezember"
    scheduled = await run("@coord:x", f"!termin ansetzen 3.12.2026 14:00 online={link} "
                                      'location="Rathaus, Raum 101"')
    assert "ist angesetzt" in scheduled
    announcement = next(m for m in await sent(database) if "Einladung:" in m.content["body"])
    assert f"Ort: Rathaus, Raum 101 und online – Videokonferenz: {link}" in \
        announcement.content["body"]
    vevent = (await calendars(database))[-1].vevent
    assert vevent.location.value == "Rathaus, Raum 101"
    assert vevent.url.value == link
    conference = vevent.contents["conference"][0]
    assert conference.value == link
    assert conference.params["VALUE"] == ["URI"] and conference.params["FEATURE"] == ["VIDEO"]
    assert conference.params["LABEL"] == ["Videokonferenz"]
    shown = await run("@anna:x", "!termin zeigen 1")
    assert f"Videokonferenz: {link}" in shown
    await run_due(database, datetime(2026, 12, 2, 13, 0, tzinfo=UTC))  # a day before
    reminder = next(m for m in await sent(database) if m.content["body"].startswith(
        "Erinnerung (1 Tag vorher)"))
    assert f"Videokonferenz: {link}" in reminder.content["body"]

    await run("@coord:x", f"!termin ansetzen 10.12.2026 14:00 online={link}-2")
    vevent = (await calendars(database))[-1].vevent
    assert vevent.location.value == f"{link}-2"  # online only: the link is the place


async def test_a_video_link_must_be_one(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    refused = await run("@coord:x", "!termin ansetzen 3.12.2026 14:00 online=ftp://x")
    assert "„ftp://x“ ist kein Link zu einer Videokonferenz" in refused
    refused = await run("@coord:x", "!termin ansetzen 3.12.2026 14:00 online=ja")
    assert "kein Videodienst eingerichtet" in refused
    assert "Es sind keine Termine angesetzt" in await run("@anna:x", "!termin liste")

    run.dispatcher = CommandDispatcher(
        build_command_tree(), prefix="!", defaults=GroupDefaults(), clock=lambda: run.now,
        calendar=CalendarSettings(video_service="https://jitsi.stadt-beispiel.de/"))
    await run("@coord:x", "!termin ansetzen 3.12.2026 14:00 online=ja")
    link = (await calendars(database))[-1].vevent.url.value
    assert link.startswith("https://jitsi.stadt-beispiel.de/kimbot-") and len(link) > 45
