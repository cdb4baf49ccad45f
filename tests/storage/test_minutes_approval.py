"""Minutes the group approves, on both databases: a draft from the end of the session (marked
on every page), objections, the approval first on the next meeting's agenda with them, approval
by `!beschlossen` under that TOP or by `!niederschrift genehmigen`, the final version signed,
named in the log entry by its digest, and kept."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta
from pathlib import Path

import pypdf
from sqlalchemy import select

from bot.pipeline import OutboxEffects
from bot.signing import load_or_create
from commands.poll_flow import CloseReason, close_poll
from storage import Database
from storage.models import Decision, MinutesVersion, OutboxMessage, Poll, PollState
from tests.storage.test_cli import kimbot, write_config
from tests.storage.test_records_pdf import attachments
from tests.storage.test_sessions import meeting_today
from tests.support.commands import NOW, Runner, signer_for_tests
from tests.support.pdf_layout import layout, problems


def text_of(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in
                             pypdf.PdfReader(io.BytesIO(data)).pages).split())


async def held_and_ended(run: Runner) -> None:
    await meeting_today(run)
    run.now = NOW + timedelta(minutes=30)
    await run("@coord:x", "!sitzung beginnen")
    await run("@anna:x", "!anwesend")
    await run("@carla:x", "!anwesend")
    await run("@coord:x", "!weiter")
    await run("@coord:x", "!notiz Frau Czerny berichtet über die Sprachkurse.")
    await run("@coord:x", "!beschlossen Der Bericht wird zur Kenntnis genommen.")
    run.now = NOW + timedelta(hours=2)
    await run("@coord:x", "!sitzung beenden")


async def test_from_draft_through_objection_to_approval_in_the_next_session(
        database: Database) -> None:
    run = Runner(database)
    await held_and_ended(run)
    # The session's end posts the draft: the form, „ENTWURF“ on every page.
    draft_pdf = (await attachments(database, (".pdf",)))["niederschrift-1-2026-11-25.pdf"]
    pages = layout(draft_pdf)
    assert all("ENTWURF" in {w.text for w in page.words} for page in pages)
    assert "Einwendungen bis Mittwoch, 9. Dezember 2026" in text_of(draft_pdf)
    assert problems(draft_pdf) == []
    shown = await run("@anna:x", "!termin zeigen 1")
    assert "Niederschrift: Entwurf vom Mittwoch, 25. November 2026, Einwendungen bis " \
        "Mittwoch, 9. Dezember 2026; Einwendungen: 0" in shown

    # An objection, listed under the draft.
    objected = await run("@anna:x", '!niederschrift einwand 1 "Unter TOP 1 fehlt der Hinweis '
                                    'auf die Kinderbetreuung."')
    assert "Ihre Einwendung zur Niederschrift der Sitzung Nr. 1 ist eingetragen" in objected
    assert "„Unter TOP 1 fehlt der Hinweis auf die Kinderbetreuung.“" in await run(
        "@carla:x", "!termin zeigen 1")
    await run("@coord:x", "!termin niederschrift 1 pdf")
    listed = text_of((await attachments(database, (".pdf",)))["niederschrift-1-2026-11-25.pdf"])
    assert "Einwendungen gegen den Entwurf" in listed
    assert "Unter TOP 1 fehlt der Hinweis auf die Kinderbetreuung." in listed

    # The next meeting: the approval is its first TOP, with the objection.
    run.now = NOW + timedelta(days=1)
    await run("@coord:x", "!termin ansetzen 10.12.2026 14:00")
    await run("@coord:x", "!termin tagesordnung 2 hinzufügen Haushalt 2028")
    agenda = await run("@anna:x", "!termin tagesordnung 2")
    lines = [line for line in agenda.splitlines() if line.strip()]
    assert "1. Genehmigung der Niederschrift der Sitzung Nr. 1 vom Mittwoch, 25. November " \
        "2026 – Einwendungen:" in lines[1]
    assert "Unter TOP 1 fehlt" in lines[1] and "Haushalt 2028" in lines[2]
    letter = text_of((await attachments(database, (".pdf",)))["einladung-2-2026-12-10.pdf"])
    assert "Genehmigung der Niederschrift der Sitzung Nr. 1" in letter

    # Approved in that session, by agreeing under the TOP.
    run.now = NOW + timedelta(days=15, hours=3)  # 10 December, 14:00 in Berlin
    await run("@coord:x", "!sitzung beginnen")
    await run("@anna:x", "!anwesend")
    await run("@coord:x", "!weiter")
    agreed = await run("@coord:x", "!beschlossen Die Niederschrift wird mit der Ergänzung "
                                   "zu TOP 1 genehmigt.")
    assert "Die Niederschrift der Sitzung Nr. 1 ist genehmigt (Beschluss 2026/002)" in agreed
    final = (await attachments(database, (".pdf",)))["niederschrift-1-2026-11-25.pdf"]
    assert signer_for_tests().check_pdf(final).valid
    final_text = text_of(final)
    assert "ENTWURF" not in final_text
    assert "Genehmigt am Donnerstag, 10. Dezember 2026 (Beschluss 2026/002)" in final_text
    async with database.unit_of_work() as uow:
        decision = await uow.session.scalar(select(Decision).where(Decision.sequence == 2))
        kept = await uow.minutes.with_pdf(
            (await uow.session.scalar(select(MinutesVersion.id))) or 0)
    assert decision is not None and kept is not None
    assert decision.text == "Die Niederschrift wird mit der Ergänzung zu TOP 1 genehmigt."
    assert decision.document is not None
    assert decision.document["sha256"] == hashlib.sha256(final).hexdigest() == kept.sha256
    assert kept.pdf == final
    assert "Niederschrift: genehmigt am Donnerstag, 10. Dezember 2026 (Beschluss 2026/002)" \
        in await run("@anna:x", "!termin zeigen 1")
    assert "bereits genehmigt" in await run("@anna:x", "!niederschrift einwand 1 Zu spät.")
    # Asked for again: the approved version as kept, not a new one.
    await run("@coord:x", "!termin niederschrift 1 pdf")
    assert (await attachments(database, (".pdf",)))["niederschrift-1-2026-11-25.pdf"] == final


async def test_approval_by_command_and_what_is_refused(
        database: Database, database_url: str, tmp_path: Path) -> None:
    config = write_config(tmp_path, database_url)
    run = Runner(database)
    run.dispatcher.signer = load_or_create(tmp_path / "data" / "signing")  # as the bot's own
    await meeting_today(run)
    assert "noch keinen Entwurf" in await run("@anna:x", "!niederschrift einwand 1 Fehlt.")
    assert "noch keinen Entwurf" in await run("@coord:x", "!niederschrift genehmigen 1")
    await held_and_ended_again(run)
    assert "dürfen nur" in await run("@anna:x", "!niederschrift genehmigen 1")
    done = await run("@coord:x", "!niederschrift genehmigen 1")
    assert "Die Niederschrift der Sitzung Nr. 1 ist genehmigt (Beschluss 2026/002). Die " \
        "genehmigte Fassung steht in der Datei niederschrift-1-2026-11-25.pdf." in done
    async with database.unit_of_work() as uow:
        decision = await uow.session.scalar(select(Decision).where(Decision.sequence == 2))
    assert decision is not None
    assert decision.text == "Die Niederschrift der Sitzung Nr. 1 vom Mittwoch, 25. November " \
        "2026 wird genehmigt."
    assert "bereits genehmigt (Beschluss 2026/002)" in await run(
        "@coord:x", "!niederschrift genehmigen 1")
    # `kimbot verify-export` names the decision whose log entry holds the file's digest.
    approved = tmp_path / "niederschrift-1-2026-11-25.pdf"
    approved.write_bytes((await attachments(database, (".pdf",)))[approved.name])
    code, output = await kimbot(config, "verify-export", str(approved))
    assert code == 0 and "signature valid" in output, output
    assert "approved by decision 2026/002 (the log holds its SHA-256" in output
    assert "1 bis 90 Tage" in await run("@coord:x", "!gruppe ändern minutes-objection-days=0")
    assert "Geändert" in await run("@coord:x", "!gruppe ändern minutes-objection-days=21")
    assert "Einwendungsfrist für Niederschriften: 21 Tage" in await run("@anna:x", "!gruppe")


async def held_and_ended_again(run: Runner) -> None:
    run.now = NOW + timedelta(minutes=30)
    await run("@coord:x", "!sitzung beginnen")
    await run("@anna:x", "!anwesend")
    await run("@coord:x", "!weiter")
    await run("@coord:x", "!beschlossen Der Bericht wird zur Kenntnis genommen.")
    run.now = NOW + timedelta(hours=2)
    await run("@coord:x", "!sitzung beenden")


async def test_minutes_of_a_meeting_not_yet_begun_are_no_draft(database: Database) -> None:
    run = Runner(database)
    await meeting_today(run)  # at 11:30; it is 11:00
    await run("@coord:x", "!termin niederschrift 1 pdf")
    early = text_of((await attachments(database, (".pdf",)))["niederschrift-1-2026-11-25.pdf"])
    assert "ENTWURF – die Sitzung hat noch nicht begonnen" in early
    assert "noch keinen Entwurf" in await run("@anna:x", "!niederschrift einwand 1 Zu früh.")


async def test_a_cancelled_meeting_hands_the_approval_on_and_the_final_notes_objections(
        database: Database) -> None:
    run = Runner(database)
    await held_and_ended(run)
    await run("@anna:x", '!niederschrift einwand 1 "TOP 1 ergänzen."')
    run.now = NOW + timedelta(days=1)
    await run("@coord:x", "!termin ansetzen 10.12.2026 14:00")
    await run("@coord:x", "!termin ansetzen 17.12.2026 14:00")
    assert "Genehmigung der Niederschrift" in await run("@anna:x", "!termin tagesordnung 2")
    assert "Genehmigung" not in await run("@anna:x", "!termin tagesordnung 3")
    await run("@coord:x", "!termin absagen 2 Krankheit")
    assert "Genehmigung der Niederschrift der Sitzung Nr. 1" in await run(
        "@anna:x", "!termin tagesordnung 3")

    await run("@coord:x", "!niederschrift genehmigen 1")
    final = text_of((await attachments(database, (".pdf",)))["niederschrift-1-2026-11-25.pdf"])
    assert "ENTWURF" not in final
    assert "Einwendungen gegen den Entwurf (vor der Genehmigung gehört)" in final
    assert "TOP 1 ergänzen." in final


async def room_texts(database: Database) -> list[str]:
    """What the bot posted in the room, as members read it."""
    async with database.unit_of_work() as uow:
        return [m.content.get("body", "") for m in
                (await uow.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
                .all() if m.to_user is None and not m.attachment]


async def test_approval_by_a_poll_in_the_room(database: Database) -> None:
    run = Runner(database)
    await held_and_ended(run)
    await run("@anna:x", '!niederschrift einwand 1 "TOP 1 ergänzen."')
    assert "dürfen nur" in await run("@anna:x", "!niederschrift abstimmung 1")
    assert "Terminfindung" in await run("@coord:x", "!niederschrift abstimmung 1 mode=findtime")
    started = await run("@coord:x", "!niederschrift abstimmung 1")
    assert "Abstimmung Nr. 1" in started
    assert "Abgestimmt wird über die Genehmigung der Niederschrift der Sitzung Nr. 1 " \
        "(Einwendungen zum Entwurf: 1)" in started
    assert "läuft bereits die Abstimmung Nr. 1" in await run(
        "@coord:x", "!niederschrift abstimmung 1")
    for voter in ("@anna:x", "@carla:x", "@deniz:x"):
        await run(voter, "!abstimmen 1 ja")
    # The last seat's vote closed the poll and approved the minutes, signed, as kept.
    said = "\n".join(await room_texts(database))
    assert "Die Niederschrift der Sitzung Nr. 1 ist genehmigt (Beschluss 2026/002)" in said
    final = (await attachments(database, (".pdf",)))["niederschrift-1-2026-11-25.pdf"]
    assert signer_for_tests().check_pdf(final).valid
    final_text = text_of(final)
    assert "ENTWURF" not in final_text
    assert "Genehmigt am Mittwoch, 25. November 2026 (Beschluss 2026/002)" in final_text
    assert "TOP 1 ergänzen." in final_text
    async with database.unit_of_work() as uow:
        decision = await uow.session.scalar(select(Decision).where(Decision.sequence == 2))
        minutes = await uow.session.scalar(select(MinutesVersion))
    assert decision is not None and minutes is not None
    assert decision.counting is not None and decision.counting["yes"] == 3
    assert decision.document is not None
    assert decision.document["sha256"] == hashlib.sha256(final).hexdigest() == minutes.sha256
    assert minutes.decision_id == decision.id and minutes.poll_id is None
    assert "Niederschrift: genehmigt am Mittwoch, 25. November 2026 (Beschluss 2026/002)" \
        in await run("@anna:x", "!termin zeigen 1")


async def test_approval_in_writing_that_fails_stays_on_the_next_agenda(
        database: Database) -> None:
    run = Runner(database)
    await held_and_ended(run)
    run.now = NOW + timedelta(days=1)
    await run("@coord:x", "!termin ansetzen 10.12.2026 14:00")
    started = await run("@coord:x", "!niederschrift abstimmung 1 mode=umlauf")
    assert "Umlaufverfahren" in started
    await run("@anna:x", "!abstimmen 1 widerspruch")
    async with database.unit_of_work() as uow:
        poll = await uow.session.scalar(select(Poll))
        assert poll is not None and poll.deadline is not None
        effects = OutboxEffects(uow, "$deadline", lambda: run.now)
        # As the scheduler closes it when its deadline passes.
        decision = await close_poll(uow, effects, poll, closes_at=poll.deadline,
                                    closed_by=None, reason=CloseReason.DEADLINE, prefix="!",
                                    signer=signer_for_tests())
    assert decision.document is None
    said = "\n".join(await room_texts(database))
    assert "ist damit nicht genehmigt; ihre Genehmigung bleibt auf der Tagesordnung" in said
    agenda = await run("@anna:x", "!termin tagesordnung 2")
    assert agenda.count("Genehmigung der Niederschrift der Sitzung Nr. 1") == 1
    assert "wird genehmigt" not in agenda  # the question is not put on it a second time
    shown = await run("@anna:x", "!termin zeigen 1")
    assert "Niederschrift: Entwurf vom" in shown
    # Approved by hand afterwards, with no poll left to cancel.
    assert "ist genehmigt (Beschluss 2026/003)" in await run(
        "@coord:x", "!niederschrift genehmigen 1")


async def test_approving_by_hand_cancels_the_poll_asking_the_same(database: Database) -> None:
    run = Runner(database)
    await held_and_ended(run)
    await run("@coord:x", "!niederschrift abstimmung 1")
    await run("@anna:x", "!abstimmen 1 ja")
    assert "ist genehmigt (Beschluss 2026/002)" in await run(
        "@coord:x", "!niederschrift genehmigen 1")
    async with database.unit_of_work() as uow:
        poll = await uow.session.scalar(select(Poll))
        decisions = (await uow.session.scalars(select(Decision))).all()
    assert poll is not None and poll.state is PollState.CANCELLED
    assert len(decisions) == 2  # the session's decision and the approval: not a third
    assert "Abstimmung Nr. 1 ist bereits beendet." in await run("@carla:x", "!abstimmen 1 ja")


async def test_a_poll_under_the_approval_top_approves_the_minutes(database: Database) -> None:
    run = Runner(database)
    await held_and_ended(run)
    run.now = NOW + timedelta(days=1)
    await run("@coord:x", "!termin ansetzen 10.12.2026 14:00")
    run.now = NOW + timedelta(days=15, hours=3)
    await run("@coord:x", "!sitzung beginnen")
    await run("@coord:x", "!weiter")  # TOP 1: the approval
    await run("@coord:x", '!abstimmung "Die Niederschrift der Sitzung Nr. 1 wird genehmigt."')
    for voter in ("@anna:x", "@carla:x", "@deniz:x"):
        await run(voter, "!abstimmen 1 ja")
    assert "Niederschrift: genehmigt am Donnerstag, 10. Dezember 2026 (Beschluss 2026/002)" \
        in await run("@anna:x", "!termin zeigen 1")


async def test_a_correction_after_approval_is_a_new_version(
        database: Database, database_url: str, tmp_path: Path) -> None:
    config = write_config(tmp_path, database_url)
    run = Runner(database)
    run.dispatcher.signer = load_or_create(tmp_path / "data" / "signing")
    await held_and_ended(run)
    assert "noch nicht genehmigt" in await run(
        "@coord:x", '!niederschrift berichtigen 1 "Frau Czerny war anwesend."')
    await run("@coord:x", "!niederschrift genehmigen 1")
    first = (await attachments(database, (".pdf",)))["niederschrift-1-2026-11-25.pdf"]
    assert "dürfen nur" in await run("@anna:x", '!niederschrift berichtigen 1 "X"')
    run.now = NOW + timedelta(days=2)
    corrected = await run("@coord:x", '!niederschrift berichtigen 1 "Unter TOP 1 berichtete '
                                      'Frau Czerny, nicht Herr Berg."')
    assert "Die Berichtigung ist als Fassung 2 der Niederschrift der Sitzung Nr. 1 angelegt" \
        in corrected
    assert "niederschrift-1-2026-11-25_Fassung-2.pdf" in corrected
    draft = text_of((await attachments(database, (".pdf",)))[
        "niederschrift-1-2026-11-25_Fassung-2.pdf"])
    assert "ENTWURF" in draft
    assert "Berichtigt Fassung 1, genehmigt am Mittwoch, 25. November 2026 (Beschluss " \
        "2026/002): Unter TOP 1 berichtete Frau Czerny, nicht Herr Berg." in draft
    # Version 1 stays as approved, kept and published, until version 2 is approved.
    async with database.unit_of_work() as uow:
        versions = (await uow.session.scalars(
            select(MinutesVersion).order_by(MinutesVersion.version))).all()
        assert [v.version for v in versions] == [1, 2]
        assert versions[1].corrects_id == versions[0].id
        kept = await uow.minutes.with_pdf(versions[0].id)
        assert kept is not None and kept.pdf == first
        published = await uow.minutes.approved([versions[0].occurrence_id])
        assert published[versions[0].occurrence_id].version == 1
    assert "Einwendungen: 0" in await run("@anna:x", "!termin zeigen 1")

    run.now = NOW + timedelta(days=3)
    await run("@coord:x", "!niederschrift genehmigen 1")
    final = (await attachments(database, (".pdf",)))["niederschrift-1-2026-11-25_Fassung-2.pdf"]
    final_text = text_of(final)
    assert "ENTWURF" not in final_text
    assert "Genehmigt am Samstag, 28. November 2026 (Beschluss 2026/003)" in final_text
    assert "Fassung 2 (Berichtigung)" in final_text
    async with database.unit_of_work() as uow:
        decision = await uow.session.scalar(select(Decision).where(Decision.sequence == 3))
        published = await uow.minutes.approved([versions[0].occurrence_id])
    assert decision is not None and decision.document is not None
    assert decision.text == "Die berichtigte Niederschrift (Fassung 2) der Sitzung Nr. 1 vom " \
        "Mittwoch, 25. November 2026 wird genehmigt."
    assert decision.document["corrects"] == {"version": 1,
                                             "sha256": hashlib.sha256(first).hexdigest()}
    assert published[versions[0].occurrence_id].version == 2
    # Both versions verify against the log, each naming the decision that approved it.
    for name, data, number in (("v1.pdf", first, "2026/002"), ("v2.pdf", final, "2026/003")):
        path = tmp_path / name
        path.write_bytes(data)
        code, output = await kimbot(config, "verify-export", str(path))
        assert code == 0 and f"approved by decision {number}" in output, output
