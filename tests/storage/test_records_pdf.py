"""The Beschlussbuch as PDF, read back by independent readers (pypdf for the text, PDFium for
the picture): every entry, hash and umlaut is there, on every page the group and the head."""

from __future__ import annotations

import io

import pypdf
import pypdfium2
from sqlalchemy import select

from storage import Database
from storage.models import Decision, OutboxMessage
from tests.storage.test_commands_on_database import Runner
from tests.storage.test_polls_and_decisions import group_with_seats

LONG = ("Die Lenkungsgruppe beauftragt das Kommunale Integrationszentrum, für „Sprachkurse "
        "für Geflüchtete“ – einschließlich Kinderbetreuung – bis zum Jahresende Träger zu "
        "gewinnen; die Übernahme der Kosten prüft das Sozialamt. ") * 4


async def pdfs(database: Database) -> dict[str, bytes]:
    async with database.unit_of_work() as uow:
        return {m.content["body"]: m.attachment for m in
                (await uow.session.scalars(select(OutboxMessage))).all()
                if m.attachment and m.content["body"].endswith(".pdf")}


async def test_the_decision_book_as_pdf(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    for n in range(12):
        await run("@coord:x", f"!beschluss erfassen Beschluss Nr. {n}: {LONG}")
    await run("@coord:x", "!beschluss erfassen Berichtigung: Jörg statt Jürgen corrects=2026/003")
    await run("@coord:x", '!abstimmung "Wird die Übernahme beschlossen?"')
    for voter in ("@ben:x", "@carla:x", "@deniz:x"):
        await run(voter, "!vote 1 ja")
    reply = await run("@anna:x", "!beschluss exportieren pdf 2026")
    assert "Die 14 Beschlüsse stehen in der Datei beschluesse-2026-2026-11-25.pdf" in reply
    data = (await pdfs(database))["beschluesse-2026-2026-11-25.pdf"]
    assert data.startswith(b"%PDF-")

    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) > 3, "long texts run across pages"
    pages = [page.extract_text() for page in reader.pages]
    text = " ".join(" ".join(pages).split())  # lines wrapped as the page width wants
    async with database.unit_of_work() as uow:
        entries = (await uow.session.scalars(select(Decision).order_by(Decision.id))).all()
    head = entries[-1].hash
    for page in pages:
        assert "Beschlussbuch – Lenkungsgruppe" in page and head in page.replace("\n", "")
        assert "Jahr 2026" in page
    for entry in entries:
        assert f"Beschluss {entry.number} vom" in text and entry.hash in text
    assert "für Sprachkurse für Geflüchtete – einschließlich Kinderbetreuung" in text
    assert "Jörg statt Jürgen" in text and "Berichtigt Beschluss 2026/003" in text
    assert "Jobcenter: @ben:x – Ja" in text  # who voted how, for an open vote
    assert "einstimmig angenommen — Ja 3, Nein 0, Enthaltung 0" in text
    assert f"Seite 1 von {len(reader.pages)}" in pages[0]

    page = pypdfium2.PdfDocument(data)[0]
    image = page.render(scale=1).to_pil().convert("L")
    assert image.size[0] > 500 and image.getextrema()[0] < 100, "page 1 is not blank"

    assert "Im Jahr 2025 gibt es keine Beschlüsse" in await run(
        "@anna:x", "!beschluss exportieren pdf 2025")
