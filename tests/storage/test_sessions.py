"""A meeting held in the room, through the commands, on both databases, with a moved clock."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.pipeline import OutboxEffects
from commands.session import presence_by_reaction
from storage import Database
from storage.models import OutboxMessage
from tests.storage.test_poll_status import deliver
from tests.storage.test_polls_and_decisions import group_with_seats
from tests.support.commands import NOW, Runner


async def files(database: Database) -> list[str]:
    async with database.unit_of_work() as uow:
        rows = (await uow.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all()
    return [m.attachment.decode() for m in rows
            if m.attachment is not None and m.content["body"].endswith(".md")]


async def posted(database: Database, starting: str) -> list[OutboxMessage]:
    async with database.unit_of_work() as uow:
        rows = (await uow.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all()
    return [m for m in rows if m.content.get("body", "").startswith(starting)]


async def meeting_today(run: Runner) -> None:
    """Meeting 1 today at 11:30 (Berlin), two items on its agenda."""
    await group_with_seats(run)
    await run("@coord:x", '!termin ansetzen 25.11.2026 11:30 title="Lenkungsgruppe November"')
    await run("@coord:x", "!termin tagesordnung 1 add Bericht der Geschäftsstelle")
    await run("@coord:x", "!termin tagesordnung 1 add Haushalt 2027")


async def test_a_session_from_start_to_minutes(database: Database) -> None:
    run = Runner(database)
    await meeting_today(run)
    run.now = NOW + timedelta(minutes=30)  # 11:30 in Berlin
    opened = await run("@coord:x", "!sitzung beginnen")
    assert "Sitzung zu Termin Nr. 1 läuft" in opened
    assert "Nicht beschlussfähig: 0 von 3 Sitzen vertreten (nötig 2)" in opened
    start = (await posted(database, "Die Sitzung „Lenkungsgruppe November“"))[0]
    assert start.content["body"].splitlines()[1:4] == [
        "Tagesordnung:", "TOP 1: Bericht der Geschäftsstelle", "TOP 2: Haushalt 2027"]

    assert "Nicht beschlussfähig: 1 von 3" in await run("@anna:x", "!anwesend")
    here = await run("@carla:x", "!anwesend")
    assert "Beschlussfähig: 2 von 3 Sitzen vertreten (nötig 2)" in here
    assert "Festhalten dürfen" in await run("@emil:x", "!weiter")
    assert "„x“ ist keine Nummer" in await run("@coord:x", "!termin protokoll x @emil:x")
    # Without a number: the meeting in session.
    assert "@emil:x führt das Protokoll für Termin Nr. 1" in await run(
        "@coord:x", "!termin protokoll @emil:x")
    assert "Bitte zuerst einen TOP aufrufen" in await run("@emil:x", "!notiz Etwas")
    assert "TOP 1: Bericht der Geschäftsstelle" in await run("@emil:x", "!weiter")
    run.now += timedelta(minutes=10)
    assert "Für TOP 1 festgehalten" in await run("@emil:x",
                                                  "!notiz Der Bericht liegt allen vor.")
    action = await run("@emil:x", "!aufgabe Zahlen nachreichen @carla:x due=15.1.2027")
    assert "Aufgabe Nr. 1 unter TOP 1: Zahlen nachreichen — zuständig: @carla:x" in action
    assert "Nr. 1" in await run("@carla:x", "!punkt liste")
    assert "Aufgenommen als TOP 1a: Eilantrag Sprachkurse" in await run(
        "@emil:x", "!top neu Eilantrag Sprachkurse")
    assert "Aufgenommen als TOP 1b: Verschiedenes" in await run("@emil:x",
                                                               "!top neu Verschiedenes")
    assert "TOP 1a: Eilantrag Sprachkurse" in await run("@emil:x", "!top 1a")
    agreed = await run("@emil:x", "!beschlossen Die Sprachkurse werden verlängert.")
    assert "Beschluss 2026/001 unter TOP 1a (einvernehmlich)" in agreed
    await run("@coord:x", '!abstimmung "Soll der Träger beauftragt werden?"')
    await run("@anna:x", "!vote 1 ja")
    await run("@carla:x", "!vote 1 ja")
    await run("@coord:x", "!abstimmung schließen 1")
    assert "Einen TOP „7“ gibt es nicht. Die Tagesordnung hat: 1, 1a, 1b, 2" in await run(
        "@emil:x", "!top 7")
    assert "TOP 2: Haushalt 2027" in await run("@emil:x", "!top TOP 2")
    await run("@emil:x", "!notiz Falsch notiert")
    assert "Zurückgenommen (TOP 2): Falsch notiert" in await run("@emil:x", "!rückgängig")
    assert "nichts festgehalten" in await run("@emil:x", "!rückgängig")
    run.now += timedelta(minutes=20)
    left = await run("@anna:x", "!abwesend")
    assert "Nicht beschlussfähig: 1 von 3" in left
    deputy = await run("@ben:x", "!anwesend")
    assert "In Vertretung für @anna:x" in deputy and "Beschlussfähig: 2 von 3" in deputy
    run.now += timedelta(minutes=30)
    ended = await run("@emil:x", "!sitzung beenden")
    assert "um 12:30 Uhr geschlossen" in ended
    assert "Zurzeit läuft keine Sitzung" in await run("@emil:x", "!weiter")

    minutes = (await files(database))[-1]
    assert minutes.splitlines() == [
        "# Niederschrift: Lenkungsgruppe November",
        "",
        "Lenkungsgruppe · Termin Nr. 1 · Mittwoch, 25. November 2026 · Ort: –",
        "Beginn: 11:30 Uhr · Ende: 12:30 Uhr",
        "Protokoll: @emil:x",
        "",
        "## Anwesend",
        "- Jobcenter: @anna:x (Mitglied), bis 12:00 Uhr",
        "- Jobcenter: @ben:x (in Vertretung für @anna:x), ab 12:00 Uhr",
        "- Kommunales Integrationszentrum: @coord:x (Geschäftsstelle)",
        "- Sozialamt: @carla:x (Mitglied)",
        "",
        "## Abwesend",
        "- BAMF: @emil:x (nicht entschuldigt)",
        "- Caritasverband: @deniz:x (nicht entschuldigt)",
        "",
        "## Vor Eintritt in die Tagesordnung",
        "- Um 11:30 Uhr festgestellt: beschlussfähig (2 von 3 Sitzen vertreten).",
        "",
        "## TOP 1: Bericht der Geschäftsstelle",
        "- Festgehalten: Der Bericht liegt allen vor.",
        "- Aufgabe Nr. 1: Zahlen nachreichen (zuständig: @carla:x; fällig am Freitag, 15. Januar "
        "2027)",
        "",
        "## TOP 1a: Eilantrag Sprachkurse",
        "- Beschluss 2026/001 (einvernehmlich): Die Sprachkurse werden verlängert.",
        "- Abstimmung Nr. 1 „Soll der Träger beauftragt werden?“: Beschluss 2026/002: "
        "einstimmig angenommen — Ja 2, Nein 0, Enthaltung 0; 2 von 3 Stimmen vertreten; "
        "beschlussfähig.",
        "",
        "## TOP 1b: Verschiedenes",
        "- ohne Eintrag",
        "",
        "## TOP 2: Haushalt 2027",
        "- Um 12:00 Uhr festgestellt: nicht beschlussfähig (1 von 3 Sitzen vertreten).",
        "- Um 12:00 Uhr festgestellt: beschlussfähig (2 von 3 Sitzen vertreten).",
        "",
        "Die Sitzung wurde um 12:30 Uhr geschlossen.",
    ]
    # The minutes of the meeting are the session's from now on.
    again = await run("@coord:x", "!termin niederschrift 1")
    assert "Niederschrift der Sitzung zu Termin Nr. 1" in again
    assert (await files(database))[-1] == minutes


async def test_wrong_session_commands_are_refused_and_change_nothing(
    database: Database,
) -> None:
    run = Runner(database)
    await group_with_seats(run)
    assert "Für Mittwoch, 25. November 2026 ist kein Termin angesetzt" in await run(
        "@coord:x", "!termin beginnen")
    assert "Zurzeit läuft keine Sitzung" in await run("@anna:x", "!anwesend")
    await run("@coord:x", "!termin ansetzen 25.11.2026 11:30")
    assert "Festhalten dürfen" in await run("@anna:x", "!termin beginnen 1")
    assert "läuft" in await run("@coord:x", "!termin beginnen 1")
    assert "läuft noch; erst schließen" in await run("@coord:x", "!termin beginnen 1")
    assert "Mitgliedern der Gruppe vorbehalten" in await run("@eve:x", "!anwesend")
    assert "Festhalten dürfen" in await run("@anna:x", "!anwesend @carla:x")
    assert "@carla:x ist anwesend" in await run("@coord:x", "!anwesend @carla:x")
    assert "Die Tagesordnung ist leer" in await run("@coord:x", "!weiter")
    assert "Aufgenommen als TOP 0a: Eilt" in await run("@coord:x", "!top neu Eilt")
    await run("@coord:x", "!weiter")
    await run("@coord:x", "!notiz Von der Geschäftsstelle")
    await run("@coord:x", "!termin protokoll 1 @anna:x")
    assert "zurücknehmen können das nur @coord:x" in await run("@anna:x", "!rückgängig")
    assert "Das war der letzte TOP" in await run("@anna:x", "!weiter")
    await run("@coord:x", "!termin beenden")
    assert "hat schon stattgefunden" in await run("@coord:x", "!termin beginnen 1")


async def test_an_agreed_decision_taken_back_is_corrected_in_the_log(database: Database) -> None:
    run = Runner(database)
    await meeting_today(run)
    await run("@coord:x", "!termin beginnen")
    await run("@coord:x", "!weiter")
    await run("@coord:x", "!beschlossen Versehentlich")
    assert "im Beschlussbuch steht dazu eine Berichtigung" in await run("@coord:x",
                                                                        "!rückgängig")
    listing = await run("@anna:x", "!beschluss liste")
    assert "2026/002" in listing and "Berichtigung: Beschluss 2026/001 wurde irrtümlich" \
        in listing
    assert "unverändert (geprüfte Einträge: 2)" in await run("@anna:x", "!beschluss prüfen")
    await run("@coord:x", "!aufgabe Doch nicht")
    await run("@coord:x", "!rückgängig")
    assert "Stand: gestrichen" in await run("@anna:x", "!punkt zeigen 1")
    await run("@coord:x", "!termin beenden")
    minutes = (await files(database))[-1]
    assert "Versehentlich" not in minutes and "Doch nicht" not in minutes


async def test_a_raised_hand_on_the_start_message_is_presence(database: Database) -> None:
    run = Runner(database)
    await meeting_today(run)
    await run("@coord:x", "!termin beginnen")
    await deliver(database)
    start = (await posted(database, "Die Sitzung"))[0]
    hands = 0
    for user in ("@anna:x", "@carla:x", "@eve:x"):
        async with database.unit_of_work() as uow:
            effects = OutboxEffects(uow, f"$hand-{user}", lambda: run.now)
            hands += await presence_by_reaction(
                uow, effects, target_event_id=f"$ev-{start.txn_id}", key="✋🏽", user_id=user,
                at=run.now, prefix="!")
    assert hands == 2  # the outsider's hand counts for nothing
    said = await posted(database, "Festgestellt: Beschlussfähig: 2 von 3")
    assert len(said) == 1, "said once: when the meeting became quorate"
    shown = await run("@deniz:x", "!anwesend")
    assert "Beschlussfähig: 3 von 3" in shown
