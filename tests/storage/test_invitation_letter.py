"""The Einladung on both databases: written by itself when a date is scheduled, moved or its
agenda extended, on request with `!termin einladung`; a signed PDF that says whether the
Ladungsfrist is kept, kept as sent, read back by pypdf and pdfplumber."""

from __future__ import annotations

import io

import pypdf
from sqlalchemy import select

from storage import Database
from storage.models import InvitationLetter
from tests.storage.test_polls_and_decisions import group_with_seats
from tests.storage.test_records_pdf import attachments
from tests.support.commands import Runner, signer_for_tests
from tests.support.pdf_layout import layout, problems


def text_of(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in
                             pypdf.PdfReader(io.BytesIO(data)).pages).split())


async def letters(database: Database) -> list[InvitationLetter]:
    async with database.unit_of_work() as uow:
        return list((await uow.session.scalars(
            select(InvitationLetter).order_by(InvitationLetter.id))).all())


async def test_scheduling_writes_the_einladung(database: Database) -> None:
    run = Runner(database)  # Wednesday, 25 November 2026, 11:00
    await group_with_seats(run)
    await run("@coord:x", '!termin ansetzen 3.12.2026 14:00 title="Haushalt 2027" '
                          'location="Rathaus, Raum 214" online=https://meet.example/kim')
    files = await attachments(database, (".pdf",))
    data = files["einladung-1-2026-12-03.pdf"]
    assert signer_for_tests().check_pdf(data).valid
    text = text_of(data)
    assert "Einladung zur Sitzung Nr. 1 der Lenkungsgruppe: Haushalt 2027" in text
    assert "Datum Donnerstag, 3. Dezember 2026" in text
    assert "Uhrzeit 14:00 bis 15:30 Uhr" in text  # ninety minutes unless said otherwise
    assert "Ort Rathaus, Raum 214" in text and "Online https://meet.example/kim" in text
    assert "Die Tagesordnung folgt." in text
    assert "!zusage 1 ja, nein oder vielleicht" in text
    assert "Fristgerecht eingeladen am Mittwoch, 25. November 2026 (Ladungsfrist: 7 Tage)." \
        in text
    assert problems(data) == []
    [kept] = await letters(database)
    assert kept.filename == "einladung-1-2026-12-03.pdf"

    # The agenda extended: the Einladung again, with it.
    await run("@coord:x", "!termin tagesordnung 1 hinzufügen Sprachkurse für Geflüchtete")
    assert len(await letters(database)) == 2
    newest = await attachments(database, (".pdf",))
    text = text_of(newest["einladung-1-2026-12-03.pdf"])
    assert "Sprachkurse für Geflüchtete" in text and "Die Tagesordnung folgt." not in text

    # On request, naming the file and the notice.
    reply = await run("@coord:x", "!termin einladung 1")
    assert "steht in der Datei einladung-1-2026-12-03.pdf" in reply
    assert "Fristgerecht eingeladen am Mittwoch, 25. November 2026" in reply
    assert "dürfen nur" in await run("@anna:x", "!termin einladung 1")
    assert len(await letters(database)) == 3


async def test_a_short_notice_is_said_in_the_einladung(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    await run("@coord:x", "!termin ansetzen 28.11.2026 10:00")
    text = text_of((await attachments(database, (".pdf",)))["einladung-1-2026-11-28.pdf"])
    assert "Eingeladen am Mittwoch, 25. November 2026: Die Ladungsfrist von 7 Tagen ist um " \
        "4 Tage unterschritten." in text
    # Moved to a date within the period: the new Einladung says so, from the day it moved.
    run.now = run.now.replace(day=26)
    await run("@coord:x", "!termin verlegen 1 10.12.2026 10:00")
    text = text_of((await attachments(database, (".pdf",)))["einladung-1-2026-12-10.pdf"])
    assert "Fristgerecht eingeladen am Donnerstag, 26. November 2026" in text
    page = layout((await attachments(database, (".pdf",)))["einladung-1-2026-12-10.pdf"])[0]
    assert "Einladung" in {word.text for word in page.words}
