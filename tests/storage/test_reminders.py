"""Reminders with a controlled clock: summer time, catch-up once, restarts, moves, cancels."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from bot.pipeline import EventPipeline, OutboxEffects
from bot.scheduler import DeadlineScheduler
from commands.reminder_flow import (
    PlannedReminder,
    ReminderKind,
    planned_reminders,
    send_reminder,
)
from storage import Database
from storage.models import OutboxMessage, OutgoingMail
from tests.storage.test_polls_and_decisions import group_with_seats
from tests.support.commands import Runner
from tests.support.statements import counting_statements


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


async def run_due(database: Database, now: datetime) -> list[str]:
    """What the scheduler does at `now` after (re)building from the database."""
    async with database.unit_of_work() as uow:
        planned = await planned_reminders(uow, now)
    sent = []
    for reminder in planned:
        async with database.unit_of_work() as uow:
            effects = OutboxEffects(uow, f"reminder:{reminder.key}", lambda: now)
            if await send_reminder(uow, effects, reminder, now, "!"):
                sent.append(reminder.key)
    return sent


async def occurrence_id(database: Database, number: int) -> int:
    async with database.unit_of_work() as uow:
        group = (await uow.groups.all())[0]
        meeting = await uow.meetings.by_number(group, number)
        assert meeting is not None
        return (await uow.meetings.occurrences(meeting))[0].id


async def bodies(database: Database, contains: str) -> list[OutboxMessage]:
    async with database.unit_of_work() as uow:
        rows = (await uow.session.scalars(select(OutboxMessage))).all()
    return [m for m in rows if contains in m.content.get("body", "")]


async def test_meeting_reminders_at_local_time_across_the_spring_change(
    database: Database,
) -> None:
    run = Runner(database)
    await group_with_seats(run)
    await run("@coord:x", "!termin ansetzen 29.3.2027 10:00")
    await run("@anna:x", "!zusage 1 ja")
    async with database.unit_of_work() as uow:
        planned = await planned_reminders(uow, utc(2027, 3, 15, 12))
    meeting = [p for p in planned if p.key.startswith("meeting:")]
    # 7 days before: 22 March 10:00 CET; 1 day before: 28 March 10:00 CEST (after the change).
    assert [p.at for p in meeting] == [utc(2027, 3, 22, 9), utc(2027, 3, 28, 8)]

    assert await run_due(database, utc(2027, 3, 22, 8, 59)) == []
    assert len(await run_due(database, utc(2027, 3, 22, 9, 0))) == 1
    assert await run_due(database, utc(2027, 3, 22, 9, 5)) == []  # a restart: still once
    [first] = await bodies(database, "Erinnerung (7 Tage vorher)")
    assert "Noch keine Antwort von @ben:x, @carla:x, @coord:x, @deniz:x, @emil:x." \
        in first.content["body"]
    assert "@anna:x" not in first.content["m.mentions"]["user_ids"]
    assert "nicht beschlussfähig" in first.content["body"]
    assert "@coord:x" in first.content["m.mentions"]["user_ids"]
    # The bot was down at 08:00 UTC on the 28th: caught up once, later that morning.
    assert len(await run_due(database, utc(2027, 3, 28, 11))) == 1
    assert await run_due(database, utc(2027, 3, 28, 12)) == []
    assert len(await bodies(database, "Erinnerung (1 Tag vorher)")) == 1


async def test_missed_reminders_of_a_meeting_that_has_begun_are_dropped(
    database: Database,
) -> None:
    run = Runner(database)
    await group_with_seats(run)
    await run("@coord:x", "!termin ansetzen 5.4.2027 10:00")
    assert await run_due(database, utc(2027, 4, 5, 8, 30)) == []  # it began at 08:00 UTC
    assert await bodies(database, "Erinnerung") == []


async def test_a_moved_meeting_is_reminded_at_its_new_time_and_a_cancelled_one_not(
    database: Database,
) -> None:
    run = Runner(database)
    await group_with_seats(run)
    await run("@coord:x", "!termin ansetzen 10.5.2027 10:00")
    await run("@coord:x", "!termin ansetzen 17.5.2027 10:00")
    await run("@coord:x", "!termin verlegen 1 12.5.2027 10:00")
    await run("@coord:x", "!termin absagen 2")
    # At the old 1-day time only the new 7-day reminder is due (late, once); none for no. 2.
    assert await run_due(database, utc(2027, 5, 9, 8, 30)) == [
        f"meeting:{await occurrence_id(database, 1)}:P7D:20270512T080000Z"
    ]
    assert await run_due(database, utc(2027, 5, 11, 8, 1)) == [
        f"meeting:{await occurrence_id(database, 1)}:P1D:20270512T080000Z"
    ]
    assert await run_due(database, utc(2027, 5, 16, 8, 1)) == []


async def test_an_overdue_item_reminds_its_owner_once_a_day(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    await run("@anna:x", "!punkt hinzufügen Bericht vorlegen org=Jobcenter due=1.3.2027")
    assert await run_due(database, utc(2027, 3, 1, 7, 59)) == []
    assert len(await run_due(database, utc(2027, 3, 1, 8, 0))) == 1  # 09:00 local
    assert await run_due(database, utc(2027, 3, 1, 15)) == []
    async with database.unit_of_work() as uow:  # today's went out: tomorrow's is planned
        [planned] = await planned_reminders(uow, utc(2027, 3, 1, 15))
    assert (planned.key.endswith(":2027-03-02"), planned.at) == (True, utc(2027, 3, 2, 8))
    assert len(await run_due(database, utc(2027, 3, 3, 10))) == 1  # missed the 2nd: one today
    assert await run_due(database, utc(2027, 3, 3, 18)) == []
    [due, overdue] = await bodies(database, "Punkt Nr. 1")
    assert "ist heute fällig" in due.content["body"]
    assert set(due.content["m.mentions"]["user_ids"]) == {"@anna:x", "@ben:x"}
    assert "überfällig" in overdue.content["body"]
    await run("@ben:x", "!punkt erledigt 1")
    assert await run_due(database, utc(2027, 3, 4, 10)) == []


async def test_status_shows_what_the_bot_is_doing(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    assert "Nächster Termin: keiner angesetzt." in await run("@anna:x", "!status")
    await run("@coord:x", "!gruppe ändern poll-nudge=1d")
    await run("@coord:x", "!termin ansetzen 3.12.2026 14:00")
    await run("@coord:x", '!poll "Frage?" deadline=3d')
    await run("@anna:x", "!punkt hinzufügen Morgen due=26.11.2026")
    status = await run("@anna:x", "!status")
    assert "Nächster Termin: Nr. 1 „Sitzung Lenkungsgruppe“, Donnerstag, 3. Dezember 2026" \
        in status
    assert "Laufende Abstimmungen (1):\n• Nr. 1: Frage? (bis Samstag, 28. November 2026" in status
    assert "Überfällige Punkte (0)" in status
    assert status[status.index("Geplante Erinnerungen"):].splitlines() == [
        "Geplante Erinnerungen (4):",
        "• Donnerstag, 26. November 2026, 09:00 Uhr: Erinnerung an Punkt Nr. 1",
        "• Donnerstag, 26. November 2026, 14:00 Uhr: Erinnerung an Termin Nr. 1",
        "• Freitag, 27. November 2026, 11:00 Uhr: Erinnerung an Abstimmung Nr. 1",
        "• Mittwoch, 2. Dezember 2026, 14:00 Uhr: Erinnerung an Termin Nr. 1",
    ]


async def test_status_names_the_next_five_reminders_and_counts_the_rest(
    database: Database,
) -> None:
    run = Runner(database)
    await group_with_seats(run)
    for day in range(1, 8):
        await run("@anna:x", f"!punkt hinzufügen Bericht {day} due={day}.12.2026")
    status = await run("@anna:x", "!status")
    assert status[status.index("Geplante Erinnerungen"):].splitlines() == [
        "Geplante Erinnerungen (7):",
        "• Dienstag, 1. Dezember 2026, 09:00 Uhr: Erinnerung an Punkt Nr. 1",
        "• Mittwoch, 2. Dezember 2026, 09:00 Uhr: Erinnerung an Punkt Nr. 2",
        "• Donnerstag, 3. Dezember 2026, 09:00 Uhr: Erinnerung an Punkt Nr. 3",
        "• Freitag, 4. Dezember 2026, 09:00 Uhr: Erinnerung an Punkt Nr. 4",
        "• Samstag, 5. Dezember 2026, 09:00 Uhr: Erinnerung an Punkt Nr. 5",
        "• … und 2 weitere",
    ]


async def test_status_names_the_ten_longest_overdue_items_and_counts_the_rest(
    database: Database,
) -> None:
    run = Runner(database)
    await group_with_seats(run)
    for day in range(12, 0, -1):  # No. 1 is due on 12 December, No. 12 on the 1st
        added = await run("@anna:x", f"!punkt hinzufügen Bericht {day} due={day}.12.2026")
        assert "Punkt Nr." in added, added
    await run("@anna:x", "!punkt hinzufügen Nicht überfällig due=30.12.2026")
    run.now = datetime(2026, 12, 20, 9, tzinfo=UTC)
    status = await run("@anna:x", "!status")
    section = status[status.index("Überfällige Punkte"):status.index("Geplante Erinnerungen")]
    lines = section.strip().splitlines()
    assert lines[0] == "Überfällige Punkte (12):"
    assert lines[1] == "• Nr. 12: Bericht 1 (fällig am Dienstag, 1. Dezember 2026)", lines[1]
    assert [line.split(":")[0] for line in lines[1:11]] == [
        f"• Nr. {n}" for n in range(12, 2, -1)]
    assert lines[11] == "• … und 2 weitere; alle: !punkt liste"
    assert "Nicht überfällig" not in status


async def test_reminders_across_the_autumn_change(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    await run("@coord:x", "!gruppe ändern reminders=2d,12h")
    await run("@coord:x", "!termin ansetzen 1.11.2027 10:00")  # Monday after the change
    async with database.unit_of_work() as uow:
        planned = await planned_reminders(uow, utc(2027, 10, 20))
    # 2 days before: Saturday 30 October 10:00 CEST; 12 hours before: Sunday 31st 22:00 CET.
    assert [p.at for p in planned] == [utc(2027, 10, 30, 8), utc(2027, 10, 31, 21)]


async def test_a_reminder_due_before_the_meeting_was_scheduled_is_never_sent(
    database: Database,
) -> None:
    """Scheduled one day and three minutes ahead, the bot stopped right after: back, it sends
    the 1-day reminder — not „7 Tage vorher“, whose moment had passed before the meeting
    existed."""
    run = Runner(database)
    await group_with_seats(run)
    run.now = utc(2026, 12, 2, 8, 57)
    await run("@coord:x", "!termin ansetzen 3.12.2026 10:00")  # 09:00 UTC
    async with database.unit_of_work() as uow:
        planned = await planned_reminders(uow, run.now)
    assert [p.at for p in planned if p.key.startswith("meeting:")] == [utc(2026, 12, 2, 9)]
    sent = await run_due(database, utc(2026, 12, 2, 9, 5))  # after a restart, late
    assert [key.split(":")[2] for key in sent] == ["P1D"]
    assert await run_due(database, utc(2026, 12, 2, 9, 10)) == []
    assert [m.content["body"].splitlines()[0] for m in await bodies(database, "Erinnerung")] == [
        "Erinnerung (1 Tag vorher): Sitzung Lenkungsgruppe (Termin Nr. 1)"]


async def test_a_meeting_moved_at_short_notice_is_reminded_only_from_then(
    database: Database,
) -> None:
    run = Runner(database)
    await group_with_seats(run)
    await run("@coord:x", "!termin ansetzen 20.1.2027 10:00")
    run.now = utc(2027, 1, 4, 8, 0)
    await run("@coord:x", "!termin verlegen 1 6.1.2027 10:00")  # two days ahead now
    sent = await run_due(database, utc(2027, 1, 5, 9, 30))
    assert [key.split(":")[2] for key in sent] == ["P1D"]


async def test_members_who_asked_for_it_get_the_reminders_by_email_too(
    database: Database,
) -> None:
    run = Runner(database)
    await group_with_seats(run)
    refused = await run("@coord:x", "!mitglied ändern @carla:x notify=email")
    assert "brauchen eine E-Mail-Adresse" in refused
    await run("@coord:x", "!mitglied ändern @carla:x email=carla@stadt.example notify=email "
                          'name="Carla Roth"')
    await run("@coord:x", "!mitglied ändern @anna:x email=anna@stadt.example")  # room only
    assert "Erinnerungen: im Raum und per E-Mail" in await run("@coord:x",
                                                               "!mitglied zeigen @carla:x")
    await run("@coord:x", "!termin ansetzen 3.12.2026 14:00")
    await run("@carla:x", "!punkt hinzufügen Zahlen liefern org=Sozialamt due=1.3.2027")
    await run_due(database, utc(2026, 11, 26, 14))  # seven days before
    await run_due(database, utc(2026, 12, 2, 14))  # a day before
    await run_due(database, utc(2027, 3, 1, 8))  # the item is due
    async with database.unit_of_work() as uow:
        mails = (await uow.session.scalars(
            select(OutgoingMail).where(OutgoingMail.method == "").order_by(OutgoingMail.id)
        )).all()
    assert [(m.recipient, m.subject) for m in mails] == [
        ("carla@stadt.example", "Erinnerung: Sitzung Lenkungsgruppe"),
        ("carla@stadt.example", "Erinnerung: Sitzung Lenkungsgruppe"),
        ("carla@stadt.example", "Erinnerung: offener Punkt Nr. 1"),
    ]
    [posted] = await bodies(database, "Erinnerung (1 Tag")
    assert mails[1].text.startswith(posted.content["body"])  # the same text as in the room
    assert "Carla Roth" in mails[1].text  # by name, as the room reads it
    assert mails[1].text.endswith("(notify=email).")
    # Clearing the address turns the email reminders off with it.
    cleared = await run("@coord:x", "!mitglied ändern @carla:x email=-")
    assert "Erinnerungen: im Raum" in cleared, cleared
    assert "Erinnerungen: im Raum\n" in await run("@coord:x", "!mitglied zeigen @carla:x")


async def groups_with_work(run: Runner, first: int, groups: int) -> None:
    """`groups` more groups, each with a meeting in a week and an item due in ten days."""
    for number in range(first, first + groups):
        room = f"!gruppe{number}:x"
        await run("@coord:x", f"!einrichten Gruppe-{number}", room)
        await run("@coord:x", "!termin ansetzen 2.12.2026 14:00", room)
        await run("@coord:x", "!punkt hinzufügen Bericht vorlegen due=5.12.2026", room)


async def planning_statements(database: Database) -> tuple[int, list[PlannedReminder]]:
    """How many SQL statements planning every group's reminders takes, and the plan."""
    with counting_statements(database) as count:
        async with database.unit_of_work() as uow:
            planned = await planned_reminders(uow, utc(2026, 11, 25, 11))
    return count.statements, planned


async def test_planning_costs_the_same_queries_for_three_groups_as_for_sixty(
    database: Database,
) -> None:
    """A bot for a whole Land re-plans after every change that moves a deadline: a round of
    queries per group (the old way) grew with every group it serves (issue #35)."""
    run = Runner(database)
    await groups_with_work(run, 0, 3)
    few, planned = await planning_statements(database)
    assert len(planned) == 3 * 3  # per group: 7 days and 1 day before, the item's day
    await groups_with_work(run, 3, 57)  # 60 groups
    many, planned = await planning_statements(database)
    assert len(planned) == 60 * 3
    assert {p.kind for p in planned} == {ReminderKind.MEETING, ReminderKind.ITEM}
    assert many == few, f"{few} statements for 3 groups, {many} for 60"


async def test_a_plan_of_many_jobs_wakes_the_scheduler_once(database: Database) -> None:
    """A running APScheduler wakes itself through the event loop's self-pipe for every job
    added: a plan of a few hundred jobs filled that pipe, and a SIGTERM arriving meanwhile
    could not be written to it — the bot did not stop (issue #35). Paused while planning, it
    is woken once."""
    run = Runner(database)
    await groups_with_work(run, 0, 60)
    now = utc(2026, 11, 25, 11)
    pipeline = EventPipeline(database, None, lambda: now, {})  # type: ignore[arg-type]
    scheduler = DeadlineScheduler(database, pipeline, lambda: now, "!")
    scheduler.scheduler.start()
    loop = asyncio.get_running_loop()
    wakeups = 0
    original = loop.call_soon_threadsafe

    def counted(*args: Any, **kwargs: Any) -> Any:
        nonlocal wakeups
        wakeups += 1
        return original(*args, **kwargs)

    loop.call_soon_threadsafe = counted  # type: ignore[method-assign]
    try:
        await scheduler.rebuild()
        planned = [job.id for job in scheduler.scheduler.get_jobs()]
    finally:
        del loop.call_soon_threadsafe
        await scheduler.shutdown()
    assert len([job for job in planned if job.startswith("reminder:")]) == 60 * 3
    assert wakeups <= 2, f"{wakeups} wake-ups through the loop's self-pipe"
