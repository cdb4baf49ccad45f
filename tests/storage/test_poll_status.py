"""A running poll's status message and the nudge before its deadline, on both databases, with
a clock the test moves."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from bot.pipeline import OutboxEffects
from commands.poll_flow import record_answer
from commands.poll_status import refresh_status, status_changes_at, statuses_to_look_at
from storage import Database
from storage.models import OutboxMessage, Poll
from tests.storage.test_polls_and_decisions import group_with_seats
from tests.storage.test_reminders import run_due
from tests.support.commands import NOW, Runner

STATUS = "Abstimmung Nr. 1: Soll der Bericht beauftragt werden?"


async def messages(database: Database) -> list[OutboxMessage]:
    async with database.unit_of_work() as uow:
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        return list((await uow.session.scalars(query)).all())


async def deliver(database: Database) -> None:
    """What the outbox does after the homeserver took the messages: each gets an event id."""
    async with database.unit_of_work() as uow:
        pending = await uow.outbox.pending()
        await uow.outbox.mark_sent_many([(m.txn_id, f"$ev-{m.txn_id}", NOW) for m in pending])


async def refresh(run: Runner, number: int = 1) -> dict[str, Any] | None:
    """Bring poll `number`'s status up to date as the bot's status editor does; the edit's
    content, or None when the text had not changed."""
    async with run.database.unit_of_work() as uow:
        group = (await uow.groups.all())[0]
        poll = await uow.polls.by_number(group, number)
        assert poll is not None
        effects = OutboxEffects(uow, f"poll:{poll.id}:status", lambda: run.now)
        edited = await refresh_status(uow, effects, poll, run.now, "!")
    await deliver(run.database)
    return effects.messages[-1].content if edited else None


async def status_message(database: Database) -> OutboxMessage:
    async with database.unit_of_work() as uow:
        poll = (await uow.session.scalars(select(Poll))).one()
        found = await uow.outbox.by_txn(poll.status_txn_id or "")
    assert found is not None
    return found


def shown(edit: dict[str, Any]) -> str:
    """What a client with edits shows: the new content's body."""
    body = edit["m.new_content"]["body"]
    assert isinstance(body, str)
    return body


async def test_the_status_is_posted_with_the_poll_and_edited_as_seats_vote(
    database: Database,
) -> None:
    run = Runner(database)
    await group_with_seats(run)
    await run("@coord:x", '!abstimmung "Soll der Bericht beauftragt werden?" deadline=3d')
    status = await status_message(database)
    assert status.content["body"].splitlines() == [
        STATUS,
        "Abgestimmt haben 0 von 3 Sitzen.",
        "Beschlussfähig ab 2 Sitzen: es fehlen noch 2 Sitze.",
        "Noch nicht abgestimmt: Caritasverband, Jobcenter, Sozialamt",
        "Frist: Samstag, 28. November 2026, 11:00 Uhr (noch 3 Tage)",
    ]
    assert "<b>Abstimmung Nr. 1:</b>" in status.content["formatted_body"]
    await deliver(database)
    assert await refresh(run) is None  # nothing changed: no edit

    await run("@ben:x", "!vote 1 ja")  # the deputy completes Jobcenter's seat
    edit = await refresh(run)
    assert edit is not None
    assert edit["m.relates_to"] == {"rel_type": "m.replace",
                                    "event_id": f"$ev-{status.txn_id}"}
    assert edit["body"].startswith("* ") and edit["formatted_body"].startswith("* ")
    assert "Abgestimmt haben 1 von 3 Sitzen." in shown(edit)
    assert "es fehlt noch 1 Sitz" in shown(edit)
    assert "Noch nicht abgestimmt: Caritasverband, Sozialamt" in shown(edit)
    assert "Ja" not in shown(edit).replace("Jobcenter", "")  # no tally without live-tally

    assert "nicht stimmberechtigt" in await run("@emil:x", "!vote 1 nein")
    assert await refresh(run) is None  # an advisor's vote changes nothing
    await run("@anna:x", "!vote 1 nein")  # the principal overrides the deputy: same seat
    assert await refresh(run) is None

    await run("@carla:x", "!vote 1 ja")
    edit = await refresh(run)
    assert edit is not None and "Beschlussfähig (ab 2 Sitzen): ja." in shown(edit)
    assert "Noch nicht abgestimmt: Caritasverband" in shown(edit)

    await run("@coord:x", "!abstimmung schließen 1")
    edit = await refresh(run)
    assert edit is not None
    assert shown(edit).splitlines() == [
        STATUS,
        "Abgeschlossen: Beschluss 2026/001: abgelehnt — Ja 1, Nein 1, Enthaltung 0; 2 von 3 "
        "Stimmen vertreten; beschlussfähig.",
    ]
    # Every edit refers to the original, never to an edit, and each has its own transaction.
    edits = [m for m in await messages(database) if "m.new_content" in m.content]
    assert len(edits) == 3
    assert {m.content["m.relates_to"]["event_id"] for m in edits} == {f"$ev-{status.txn_id}"}
    assert len({m.txn_id for m in edits}) == 3


async def test_answers_that_count_mark_the_status_changed_and_others_do_not(
    database: Database,
) -> None:
    run = Runner(database)
    await group_with_seats(run)
    await run("@coord:x", '!abstimmung "Frage?"')
    async with database.unit_of_work() as uow:
        poll = (await uow.session.scalars(select(Poll))).one()
        for sender, expected in (("@eve:x", set()), ("@emil:x", set()),
                                 ("@ben:x", {poll.id})):
            effects = OutboxEffects(uow, f"$click-{sender}", lambda: NOW)
            await record_answer(uow, effects, poll, user_id=sender, answer="yes",
                                event_id=f"$click-{sender}", sent_at=NOW, prefix="!", now=NOW,
                                signer=None)
            assert effects.polls_changed == expected, sender


async def test_a_secret_poll_shows_only_how_many_seats_voted(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    await run("@coord:x", "!gruppe ändern live-tally=ja")
    await run("@coord:x", '!abstimmung "Geheim?" geheim deadline=2h')
    await deliver(database)
    await run("@carla:x", "!abstimmen 1 nein", room="!dm-carla:x")
    edit = await refresh(run)
    assert edit is not None
    assert shown(edit).splitlines() == [
        "Geheime Abstimmung Nr. 1: Geheim?",
        "Abgestimmt haben 1 von 3 Sitzen.",
        "Beschlussfähig ab 2 Sitzen: es fehlt noch 1 Sitz.",
        "Frist: Mittwoch, 25. November 2026, 13:00 Uhr (noch 2 Stunden)",
    ]
    shown_poll = await run("@anna:x", "!abstimmung zeigen 1")
    assert "Abgestimmt haben 1 von 3 Sitzen." in shown_poll
    assert "Sozialamt" not in shown_poll and "Zwischenstand" not in shown_poll


async def test_the_interim_tally_only_where_the_group_chose_it(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    await run("@coord:x", '!abstimmung "Frage?"')
    await deliver(database)
    await run("@carla:x", "!vote 1 nein")
    edit = await refresh(run)
    assert edit is not None and "Zwischenstand" not in shown(edit)
    assert "Zwischenstand" not in await run("@anna:x", "!abstimmung zeigen 1")

    changed = await run("@coord:x", "!gruppe ändern live-tally=ja")
    assert "Zwischenstand laufender Abstimmungen zeigen: ja" in changed
    edit = await refresh(run)
    assert edit is not None
    assert "Zwischenstand: Ja 0, Nein 1, Enthaltung 0" in shown(edit)
    assert "Zwischenstand: Ja 0, Nein 1, Enthaltung 0" in await run("@anna:x",
                                                                       "!abstimmung zeigen 1")
    assert "Ohne Frist; sie endet mit !abstimmung schließen 1." in shown(edit)


async def test_the_time_left_is_refreshed_when_it_changes(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    await run("@coord:x", '!abstimmung "Frage?" deadline=3d')
    await deliver(database)
    async with database.unit_of_work() as uow:
        poll = (await uow.session.scalars(select(Poll))).one()
        changes_at = status_changes_at(poll, NOW)
    assert changes_at == NOW + timedelta(days=1)  # 3 days left, then 48 hours
    run.now = changes_at - timedelta(seconds=1)
    assert await refresh(run) is None
    run.now = changes_at
    edit = await refresh(run)
    assert edit is not None and "(noch 48 Stunden)" in shown(edit)
    run.now = NOW + timedelta(days=2, hours=1, minutes=30)
    edit = await refresh(run)
    assert edit is not None and "(noch 23 Stunden)" in shown(edit)
    run.now = NOW + timedelta(days=3, minutes=-12)
    edit = await refresh(run)
    assert edit is not None and "(noch 15 Minuten)" in shown(edit)


async def test_poll_show_gives_the_status_of_any_poll(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    await run("@coord:x", '!abstimmung "Frage?" deadline=3d')
    await run("@ben:x", "!vote 1 ja")
    shown_poll = await run("@deniz:x", "!abstimmung zeigen 1")
    assert shown_poll.splitlines() == [
        "Abstimmung Nr. 1: Frage?",
        "Abgestimmt haben 1 von 3 Sitzen.",
        "Beschlussfähig ab 2 Sitzen: es fehlt noch 1 Sitz.",
        "Noch nicht abgestimmt: Caritasverband, Sozialamt",
        "Frist: Samstag, 28. November 2026, 11:00 Uhr (noch 3 Tage)",
        "Optionen: Ja, Nein, Enthaltung · Regel: einfache Mehrheit · beschlussfähig mit mehr "
        "als 50 % der Sitze",
    ]
    await run("@coord:x", "!abstimmung schließen 1")
    assert "Beendet am" in await run("@deniz:x", "!abstimmung zeigen 1")


async def test_group_settings_for_running_polls(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    shown_group = await run("@anna:x", "!gruppe")
    assert "Erinnerung an fehlende Stimmen: aus" in shown_group
    assert "Zwischenstand laufender Abstimmungen zeigen: nein" in shown_group
    assert "„morgen“ ist keine Dauer" in await run("@coord:x", "!gruppe ändern poll-nudge=morgen")
    assert "höchstens 30 Tage" in await run("@coord:x", "!gruppe ändern poll-nudge=40d")
    assert "Vorsitz, Geschäftsstelle" in await run("@anna:x", "!gruppe ändern poll-nudge=1d")
    assert "Erinnerung an fehlende Stimmen: aus" in await run("@anna:x", "!gruppe")
    assert "Erinnerung vor Abstimmungsfristen: 1d" in await run("@coord:x",
                                                                "!gruppe ändern poll-nudge=24h")
    assert "Erinnerung an fehlende Stimmen: 1 Tag vor der Frist" in await run("@anna:x",
                                                                             "!gruppe")
    assert "Erinnerung vor Abstimmungsfristen: aus" in await run("@coord:x",
                                                                 "!gruppe ändern poll-nudge=aus")


async def test_a_nudge_reminds_once_only_the_seats_that_have_not_voted(
    database: Database,
) -> None:
    run = Runner(database)
    await group_with_seats(run)
    await run("@coord:x", "!gruppe ändern poll-nudge=24h")
    await run("@coord:x", '!abstimmung "Frage?" deadline=3d')
    await run("@ben:x", "!vote 1 ja")  # the deputy votes for Jobcenter's seat
    assert await run_due(database, NOW + timedelta(days=1)) == []
    nudge_time = NOW + timedelta(days=2)
    sent = await run_due(database, nudge_time)
    assert len(sent) == 1 and sent[0].startswith("poll:")
    nudges = [m for m in await messages(database) if m.content.get("body", "")
              .startswith("Erinnerung: Abstimmung Nr. 1")]
    assert len(nudges) == 1
    body = nudges[0].content["body"]
    assert "endet am Samstag, 28. November 2026, 11:00 Uhr (noch 24 Stunden)" in body
    assert "• Caritasverband: @deniz:x" in body and "• Sozialamt: @carla:x" in body
    assert "Jobcenter" not in body
    assert sorted(nudges[0].content["m.mentions"]["user_ids"]) == ["@carla:x", "@deniz:x"]
    # Once: not again later, not after a restart (the scheduler rebuilds from the database).
    assert await run_due(database, nudge_time + timedelta(hours=5)) == []


async def test_a_nudge_names_the_deputies_of_a_seat_and_mentions_them(
    database: Database,
) -> None:
    run = Runner(database)
    await group_with_seats(run)
    await run("@coord:x", "!gruppe ändern poll-nudge=1h")
    await run("@coord:x", '!abstimmung "Frage?" deadline=5h')
    await run("@carla:x", "!vote 1 ja")
    await run_due(database, NOW + timedelta(hours=4))
    nudge = next(m for m in await messages(database)
             if m.content.get("body", "").startswith("Erinnerung"))
    assert "• Jobcenter: @anna:x (Vertretung: @ben:x)" in nudge.content["body"]
    assert sorted(nudge.content["m.mentions"]["user_ids"]) == ["@anna:x", "@ben:x", "@deniz:x"]


async def test_a_secret_poll_is_nudged_by_direct_message(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    await run("@coord:x", "!gruppe ändern poll-nudge=1d")
    await run("@coord:x", '!abstimmung "Geheim?" geheim deadline=2d')
    await run("@carla:x", "!abstimmen 1 nein", room="!dm-carla:x")
    await run_due(database, NOW + timedelta(days=1, minutes=5))
    nudges = [m for m in await messages(database)
              if m.content.get("body", "").startswith("Erinnerung")]
    assert sorted(m.to_user or "" for m in nudges) == ["@anna:x", "@ben:x", "@deniz:x"]
    assert all(m.room_id is None for m in nudges)  # nobody named in the room
    ben = next(m for m in nudges if m.to_user == "@ben:x")
    assert "Stellvertretung für @anna:x" in ben.content["body"]


async def test_no_nudge_for_a_poll_shorter_than_the_lead_or_after_its_deadline(
    database: Database,
) -> None:
    run = Runner(database)
    await group_with_seats(run)
    await run("@coord:x", "!gruppe ändern poll-nudge=24h")
    await run("@coord:x", '!abstimmung "Kurz?" deadline=2h')
    await run("@coord:x", '!abstimmung "Lang?" deadline=3d')
    assert await run_due(database, NOW + timedelta(hours=1)) == []
    # The bot was down over the nudge's moment and the deadline: nothing late and useless.
    assert await run_due(database, NOW + timedelta(days=3, minutes=1)) == []


async def test_a_member_added_during_the_poll_is_a_seat_in_its_status(
    database: Database,
) -> None:
    run = Runner(database)
    await group_with_seats(run)
    await run("@coord:x", '!abstimmung "Frage?"')
    await deliver(database)
    await run("@coord:x", "!mitglied hinzufügen @fatma:x org=AWO")
    assert run.effects.polls_changed == {1}  # the bot edits the status after the commit
    edit = await refresh(run)
    assert edit is not None and "Abgestimmt haben 0 von 4 Sitzen." in shown(edit)
    assert "Noch nicht abgestimmt: AWO, Caritasverband, Jobcenter, Sozialamt" in shown(edit)


async def test_a_written_procedure_has_its_own_heading(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    await run("@coord:x", '!abstimmung "Umlauf?" mode=umlauf')
    status = await status_message(database)
    assert status.content["body"].startswith("Umlaufverfahren Nr. 1: Umlauf?\n")
    assert "(noch 7 Tage)" in status.content["body"]


async def test_a_status_names_forty_organisations_and_counts_the_rest(
    database: Database,
) -> None:
    run = Runner(database)
    await run("@coord:x", "!setup Große Runde")
    for n in range(45):
        await run("@coord:x", f"!member add @m{n}:x org=O{n:02d}")
    await run("@coord:x", '!abstimmung "Frage?"')
    body = (await status_message(database)).content["body"]
    assert "Noch nicht abgestimmt: O00, O01," in body
    assert "O39, und 5 weitere" in body and "O40" not in body


async def test_after_a_start_recently_ended_polls_are_looked_at_too(database: Database) -> None:
    """A poll closed just before a kill may not have had its status edited into the result:
    after the start it is looked at again (and edited only if its text changed)."""
    run = Runner(database)
    await group_with_seats(run)
    await run("@coord:x", '!abstimmung "Offen?"')
    await run("@coord:x", '!abstimmung "Eben geschlossen?"')
    await run("@coord:x", '!abstimmung "Lange her?"')
    await run("@coord:x", "!abstimmung schließen 3")
    run.now = NOW + timedelta(days=8)
    await run("@coord:x", "!abstimmung schließen 2")
    await deliver(database)
    async with database.unit_of_work() as uow:
        looked_at = await statuses_to_look_at(uow, run.now)
    assert looked_at == [1, 2]
    edit = await refresh(run, 2)
    assert edit is not None and "Abgeschlossen: Beschluss" in shown(edit)
    assert await refresh(run, 2) is None
