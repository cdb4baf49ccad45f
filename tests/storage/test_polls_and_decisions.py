"""Polls and the decision log through the commands, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, text

from bot.pipeline import OutboxEffects
from commands.members import current_seats
from commands.poll_flow import (
    AnswerStatus,
    CloseReason,
    close_poll,
    record_answer,
    tell_not_eligible_once,
)
from storage import Database
from storage.models import Decision, OutboxMessage, Poll
from tests.support.commands import NOW, ROOM, Runner


async def group_with_seats(run: Runner) -> None:
    await run("@coord:x", "!setup Lenkungsgruppe")
    await run("@coord:x", "!member add @anna:x org=Jobcenter")
    await run("@coord:x", "!member add @ben:x org=Jobcenter deputy-of=@anna:x")
    await run("@coord:x", "!member add @carla:x org=Sozialamt")
    await run("@coord:x", "!member add @deniz:x org=Caritasverband")
    await run("@coord:x", "!member add @emil:x org=BAMF role=advisor")


async def outbox(database: Database) -> list[OutboxMessage]:
    async with database.unit_of_work() as uow:
        return list((await uow.session.scalars(select(OutboxMessage))).all())


async def test_poll_counted_by_seat_closes_when_every_seat_voted(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    started = await run("@coord:x", '!abstimmung "Soll der Bericht beauftragt werden?"')
    assert "Abstimmung Nr. 1 läuft ohne Frist" in started
    assert "beschlussfähig ab 2 von 3 Stimmen" in started
    polls = [m for m in await outbox(database) if m.event_type.endswith("poll.start")]
    assert len(polls) == 1
    answers = polls[0].content["org.matrix.msc3381.poll.start"]["answers"]
    assert [a["org.matrix.msc1767.text"] for a in answers] == ["Ja", "Nein", "Enthaltung"]

    deputy = await run("@ben:x", "!vote 1 ja")
    assert "gezählt: Ja" in deputy and "Stellvertretung für @anna:x" in deputy
    assert "nicht stimmberechtigt" in await run("@emil:x", "!abstimmen 1 nein")
    assert "„vielleicht“ ist keine Antwort" in await run("@carla:x", "!vote 1 vielleicht")
    assert "gezählt: Nein" in await run("@anna:x", "!vote 1 2")  # the principal overrides
    await run("@carla:x", "!vote 1 ja")
    await run("@deniz:x", "!vote 1 Enthaltung")  # the last seat: the poll closes

    result = [m.content["body"] for m in await outbox(database) if m.event_type == "m.room.message"]
    assert any(
        "Beschluss 2026/001: abgelehnt — Ja 1, Nein 1, Enthaltung 1; 3 von 3 Stimmen vertreten; "
        "beschlussfähig." in body for body in result
    )
    assert "bereits beendet" in await run("@carla:x", "!vote 1 nein")
    shown = await run("@carla:x", "!beschluss zeigen 1")
    assert "Jobcenter: @anna:x – Nein" in shown and "@ben:x" not in shown
    assert "Sozialamt: @carla:x – Ja" in shown


async def test_decision_log_chain_finds_a_change_behind_the_bots_back(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    await run("@coord:x", "!beschluss erfassen Der Jahresbericht 2026 wird angenommen.")
    recorded = await run("@coord:x", "!decision record Berichtigung: 2025 corrects=2026/001")
    assert "Beschluss 2026/002" in recorded and "berichtigt Beschluss 2026/001" in recorded
    assert "unverändert (geprüfte Einträge: 2)" in await run("@anna:x", "!beschluss prüfen")
    listing = await run("@anna:x", "!decision list jahresbericht")
    assert "2026/001" in listing and "2026/002" not in listing

    await run("@coord:x", "!beschluss erfassen Die Sitzung am 3.12. findet online statt.")

    async def sql(statement: str) -> None:
        async with database.unit_of_work() as uow:
            await uow.session.execute(text(statement))

    await sql("UPDATE decisions SET text = 'Der Jahresbericht wird abgelehnt.' WHERE sequence = 1")
    assert "Beschluss 2026/001 wurde nachträglich verändert" in await run(
        "@anna:x", "!beschluss prüfen"
    )
    await sql("UPDATE decisions SET text = 'Der Jahresbericht 2026 wird angenommen.' "
              "WHERE sequence = 1")
    assert "unverändert (geprüfte Einträge: 3)" in await run("@anna:x", "!beschluss prüfen")
    await sql("DELETE FROM decisions WHERE sequence = 2")
    assert "Vor Beschluss 2026/003 wurde ein Eintrag verändert oder entfernt" in await run(
        "@anna:x", "!beschluss prüfen"
    )


async def test_deadline_counts_only_answers_sent_before_it(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    await run("@coord:x", '!poll "Frist?" deadline="1.12.2026 12:00" rule=unanimous')
    async with database.unit_of_work() as uow:
        poll = await uow.session.scalar(select(Poll))
        assert poll is not None and poll.deadline is not None
        deadline = poll.deadline
        effects = OutboxEffects(uow, "$answers", lambda: NOW)
        for user, answer, sent in [
            ("@anna:x", "yes", deadline - timedelta(hours=1)),
            ("@carla:x", "yes", deadline - timedelta(seconds=1)),
            ("@deniz:x", "no", deadline + timedelta(seconds=1)),  # too late
        ]:
            await record_answer(uow, effects, poll, user_id=user, answer=answer,
                                event_id=f"${user}", sent_at=sent, prefix="!", now=NOW,
                                signer=None)
        decision = await close_poll(uow, effects, poll, closes_at=deadline, closed_by=None,
                                    reason=CloseReason.DEADLINE, prefix="!", signer=None)
        assert decision.counting is not None
        assert (decision.counting["yes"], decision.counting["no"]) == (2, 0)
        assert decision.decided_at == deadline
    assert "einstimmig angenommen" in await run("@anna:x", "!decision show 2026/1")


async def test_a_click_without_a_seat_is_ignored_and_told_once(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    await run("@coord:x", '!poll "Q" "A" "B"')
    async with database.unit_of_work() as uow:
        poll = await uow.session.scalar(select(Poll))
        assert poll is not None and poll.answer_ids == ["o1", "o2"]
        effects = OutboxEffects(uow, "$clicks", lambda: NOW)
        for n, user in enumerate(["@eve:x", "@eve:x", "@emil:x"]):
            result = await record_answer(uow, effects, poll, user_id=user, answer="o1",
                                         event_id=f"$c{n}", sent_at=NOW, prefix="!", now=NOW,
                                         signer=None)
            assert result.status is AnswerStatus.NOT_ELIGIBLE
            await tell_not_eligible_once(uow, effects, poll, user, "!")
        assert await uow.polls.answers(poll) == []
    direct = [m for m in await outbox(database) if m.to_user is not None]
    assert [m.to_user for m in direct] == ["@eve:x", "@emil:x"]
    assert "kein Mitglied dieser Gruppe" in direct[0].content["body"]
    assert "Als beratendes Mitglied sind Sie nicht stimmberechtigt" in direct[1].content["body"]
    assert all(m.room_id is None for m in direct)


async def test_bad_poll_commands_change_nothing(database: Database) -> None:
    run = Runner(database)
    await run("@coord:x", "!setup Lenkungsgruppe")
    assert "keine stimmberechtigten Mitglieder" in await run("@coord:x", '!poll "Q"')
    await run("@coord:x", "!member add @anna:x org=Jobcenter")
    assert "mindestens zwei Optionen" in await run("@coord:x", '!poll "Q" "nur eine"')
    assert "doppelt" in await run("@coord:x", '!poll "Q" A a')
    past = await run("@coord:x", '!poll "Q" deadline="1.1.2020 10:00"')
    assert "liegt nicht in der Zukunft" in past
    assert "keine Frist" in await run("@coord:x", '!poll "Q" deadline=morgen')
    assert "Optionen gibt es dort nicht" in await run("@coord:x", '!poll "Q" "A" "B" mode=umlauf')
    assert "Rolle Vorsitz, Geschäftsstelle" in await run("@anna:x", '!poll "Q"')
    assert "gibt es in dieser Gruppe nicht" in await run("@coord:x", "!poll close 7")
    async with database.unit_of_work() as uow:
        assert (await uow.session.scalars(select(Poll))).all() == []
        assert (await uow.session.scalars(select(Decision))).all() == []


async def test_a_secret_ballot_cannot_be_linked_to_its_voter(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    announced = await run("@coord:x", '!abstimmung "Geheim?" geheim')
    assert "Abstimmung Nr. 1 läuft" in announced
    ballots = {m.to_user: m.content["body"] for m in await outbox(database) if m.to_user}
    assert set(ballots) == {"@anna:x", "@ben:x", "@carla:x", "@deniz:x"}
    assert "Stellvertretung für @anna:x" in ballots["@ben:x"]

    assert "Bitte stimmen Sie in Ihrer Direktnachricht" in await run("@carla:x", "!vote 1 ja")
    cast = await run("@carla:x", "!abstimmen 1 nein", room="!dm-carla:x")
    assert "Stimmzettel für die geheime Abstimmung Nr. 1" in cast and "Nein" not in cast
    assert "bereits abgestimmt" in await run("@carla:x", "!abstimmen 1 ja", room="!dm-carla:x")
    await run("@ben:x", "!abstimmen 1 ja", room="!dm-ben:x")  # the deputy first …
    taken = await run("@anna:x", "!abstimmen 1 nein", room="!dm-anna:x")
    assert "bereits @ben:x abgestimmt" in taken  # … so the seat's ballot is in the box
    assert "keine laufende" not in await run("@emil:x", "!abstimmen 1 ja", room="!dm-emil:x")
    closed = await run("@coord:x", "!poll close 1")
    assert "Beschluss 2026/001" in closed

    async with database.unit_of_work() as uow:
        assert (await uow.session.scalars(select(Poll))).one().secret
        assert (await uow.session.execute(text("SELECT count(*) FROM poll_answers"))).scalar() == 0
        decision = (await uow.session.scalars(select(Decision))).one()
        assert decision.votes is None
        assert decision.counting is not None
        assert (decision.counting["yes"], decision.counting["no"]) == (1, 1)
        voters = {"@anna:x", "@ben:x", "@carla:x", "@deniz:x"}
        choices = {"yes", "no", "abstain", "Ja", "Nein", "Enthaltung"}
        for name, stored in Decision.metadata.tables.items():
            for row in (await uow.session.execute(select(stored))).all():
                values = {str(v) for v in row}
                assert not (values & voters and values & choices), f"{name} links {row}"


async def test_a_written_procedure_with_an_objection_goes_to_the_next_meeting(
    database: Database,
) -> None:
    run = Runner(database)
    await group_with_seats(run)
    assert "Geändert" in await run("@coord:x", "!gruppe ändern circular-days=5")
    started = await run("@coord:x", '!abstimmung "Jahresbericht im Umlauf?" mode=umlauf')
    assert "Umlaufverfahren Nr. 1 läuft bis Montag, 30. November 2026, 11:00 Uhr" in started
    assert "Regel: Einstimmigkeit" in started
    poll_start = next(m for m in await outbox(database) if m.event_type.endswith("poll.start"))
    labels = [a["org.matrix.msc1767.text"]
              for a in poll_start.content["org.matrix.msc3381.poll.start"]["answers"]]
    assert labels == ["Zustimmung", "Widerspruch", "Enthaltung"]
    await run("@anna:x", "!abstimmen 1 zustimmung")
    await run("@carla:x", "!abstimmen 1 widerspruch")
    await run("@deniz:x", "!abstimmen 1 1")

    notices = [m.content["body"] for m in await outbox(database) if "ist beendet" in
               m.content.get("body", "")]
    assert len(notices) == 1
    assert "Beschluss 2026/001 (Umlaufverfahren): abgelehnt — Zustimmung 2, Widerspruch 1" \
        in notices[0]
    assert "steht auf der Tagesordnung der nächsten Sitzung" in notices[0]
    async with database.unit_of_work() as uow:
        group = await uow.groups.by_room(ROOM)
        assert group is not None
        assert [(p.text, p.source) for p in await uow.agenda.pending(group)] == [
            ("Jahresbericht im Umlauf?", "circular")
        ]


async def test_a_written_procedure_without_objection_is_adopted(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    await run("@coord:x", '!poll "Im Umlauf?" mode=circular')
    for member in ("@anna:x", "@carla:x"):
        await run(member, "!vote 1 consent")
    closed = await run("@coord:x", "!poll close 1")
    assert "Beschluss 2026/001" in closed
    shown = await run("@anna:x", "!beschluss zeigen 1")
    assert "(Umlaufverfahren): einstimmig angenommen — Zustimmung 2, Widerspruch 0, " \
        "Enthaltung 0; 2 von 3 Stimmen vertreten; beschlussfähig." in shown
    async with database.unit_of_work() as uow:
        group = await uow.groups.by_room(ROOM)
        assert group is not None and list(await uow.agenda.pending(group)) == []


async def test_a_long_log_lists_its_latest_entries_and_counts_all(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    for n in range(1, 26):
        topic = "Förderrichtlinie" if n % 5 == 0 else "Sprachkurse"
        await run("@coord:x", f"!decision record Beschluss {n} über {topic}")
    await run("@coord:x", "!setup Arbeitsgruppe", room="!ag:x")  # its log is counted apart
    for n in range(1, 4):
        await run("@coord:x", f"!decision record Beschluss {n} der AG", room="!ag:x")
    listing = await run("@anna:x", "!decision list")
    assert listing.splitlines()[0] == "Beschlüsse (25), neueste zuerst:"
    assert "Beschluss 25 " in listing and "Beschluss 6 " in listing
    assert "Beschluss 5 " not in listing, "only the latest 20"
    assert listing.index("Beschluss 25 ") < listing.index("Beschluss 24 "), "newest first"
    found = await run("@anna:x", "!decision list FÖRDERRICHTLINIE")
    assert [n for n in range(1, 26) if f"Beschluss {n} " in found] == [5, 10, 15, 20, 25]


async def test_the_seat_count_in_sql_agrees_with_the_seating_rules(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)  # anna (+ deputy ben), carla, deniz; emil advises
    await run("@coord:x", "!member add @fritz:x org=Jugendamt role=chair")
    await run("@coord:x", "!member add @gerda:x org=Gesundheitsamt role=guest voting=ja")
    await run("@coord:x", "!member add @hans:x org=Sozialamt voting=nein")
    await run("@coord:x", "!member add @ida:x org=Geschäftsstelle role=coordinator voting=ja")
    await run("@coord:x", "!member add @jo:x org=Jobcenter deputy-of=@carla:x")
    await run("@coord:x", "!member remove @deniz:x")
    async with database.unit_of_work() as uow:
        group = await uow.groups.by_room(ROOM)
        assert group is not None
        seated = {seat.principal for seat in await current_seats(uow, group)}
        assert seated == {"@anna:x", "@carla:x", "@fritz:x", "@ida:x"}
        assert await uow.members.seat_count(group) == len(seated)
