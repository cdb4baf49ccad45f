"""The Beschlussbuch as PDF, read back by independent readers (pypdf for the text, PDFium for
the picture): every entry, hash and umlaut is there, on every page the group and the head."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pypdfium2
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from sqlalchemy import select, text

from bot.signing import load_or_create
from storage import Database
from storage.models import Decision, OutboxMessage
from tests.storage.test_cli import kimbot, write_config
from tests.storage.test_polls_and_decisions import group_with_seats
from tests.storage.test_sessions import meeting_today
from tests.support.commands import Runner, signer_for_tests
from tests.support.pdf_layout import layout, problems

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


async def test_signed_exports_and_verify_export(
    database: Database, database_url: str, tmp_path: Path
) -> None:
    """The PDF's PAdES signature validates with pyHanko's validator; `kimbot verify-export`
    passes it and a CSV with its `.p7s`, and fails — naming why — on a changed byte, a changed
    CSV, and a log changed behind the bot's back."""
    config = write_config(tmp_path, database_url)
    signer = load_or_create(tmp_path / "data" / "signing")  # as the bot makes it at start
    run = Runner(database)
    run.dispatcher.signer = signer
    await group_with_seats(run)
    await run("@coord:x", "!beschluss erfassen Der Bericht wird angenommen.")
    await run("@coord:x", "!beschluss erfassen Die Geschäftsordnung gilt weiter.")
    reply = await run("@anna:x", "!beschluss exportieren pdf")
    assert f"Die PDF-Datei ist signiert (Zertifikat {signer.fingerprint})" in reply
    await run("@anna:x", "!beschluss exportieren csv")
    files = {**await pdfs(database), **await attachments(database, (".csv", ".p7s"))}
    pdf = next(data for name, data in files.items() if name.endswith(".pdf"))

    embedded = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    status = await async_validate_pdf_signature(embedded[0], ValidationContext(
        trust_roots=[signer.certificate], allow_fetching=False))
    assert status.intact and status.valid and status.trusted
    assert "PAdES" in str(embedded[0].sig_object["/SubFilter"]) or \
        "ETSI" in str(embedded[0].sig_object["/SubFilter"])

    book = tmp_path / "beschlussbuch.pdf"
    book.write_bytes(pdf)
    code, output = await kimbot(config, "verify-export", str(book))
    assert code == 0 and "signature valid" in output and "2 decisions match the log" in output
    csv_name = next(name for name in files if name.endswith(".csv"))
    table = tmp_path / csv_name
    table.write_bytes(files[csv_name])
    (tmp_path / f"{csv_name}.p7s").write_bytes(files[f"{csv_name}.p7s"])
    code, output = await kimbot(config, "verify-export", str(table))
    assert code == 0 and "2 decisions match the log" in output, output

    changed = bytearray(pdf)
    changed[changed.index(b"Beschlussbuch") + 3] ^= 1  # in the (plain) XMP title
    book.write_bytes(bytes(changed))
    code, output = await kimbot(config, "verify-export", str(book))
    assert code == 1 and "signature: the PDF was changed after it was signed" in output
    table.write_bytes(files[csv_name].replace(b"angenommen", b"abgelehnt!"))
    code, output = await kimbot(config, "verify-export", str(table))
    assert code == 1 and "signature: the file was changed after it was signed" in output

    book.write_bytes(pdf)
    async with database.unit_of_work() as uow:
        await uow.session.execute(text(
            "UPDATE decisions SET text = 'Der Bericht wird abgelehnt.' WHERE sequence = 1"))
    code, output = await kimbot(config, "verify-export", str(book))
    assert code == 1 and "the decision log in the database is broken at 2026/001" in output


async def attachments(database: Database, suffixes: tuple[str, ...]) -> dict[str, bytes]:
    async with database.unit_of_work() as uow:
        return {m.content["body"]: m.attachment for m in
                (await uow.session.scalars(select(OutboxMessage))).all()
                if m.attachment and m.content["body"].endswith(suffixes)}


async def test_the_minutes_as_a_signed_pdf(database: Database) -> None:
    run = Runner(database)
    await meeting_today(run)
    await run("@coord:x", "!termin beginnen")
    await run("@anna:x", "!anwesend")
    await run("@coord:x", "!weiter")
    await run("@coord:x", "!notiz Der Bericht (Entwurf) liegt allen vor – ohne Änderungen.")
    await run("@coord:x", "!beschlossen Der Bericht wird angenommen.")
    await run("@coord:x", "!termin beenden")
    assert any(name.endswith(".md.p7s") for name in await attachments(database, (".p7s",))), \
        "the Markdown minutes come with their signature"
    reply = await run("@coord:x", "!termin niederschrift 1 pdf")
    assert "niederschrift-1-2026-11-25.pdf" in reply
    data = (await pdfs(database))["niederschrift-1-2026-11-25.pdf"]
    assert signer_for_tests().check_pdf(data).valid
    text = " ".join(" ".join(page.extract_text() for page in
                             pypdf.PdfReader(io.BytesIO(data)).pages).split())
    # The form: the head block, attendance per organisation, each TOP with what was
    # recorded under it, the decision in its box, the lines to sign.
    assert "Niederschrift über die Sitzung Nr. 1 der Lenkungsgruppe" in text
    assert "Sitzung Nr. 1: Lenkungsgruppe November" in text
    assert "Datum Mittwoch, 25. November 2026" in text
    assert "TOP 1: Bericht der Geschäftsstelle" in text
    assert "Der Bericht (Entwurf) liegt allen vor – ohne Änderungen." in text
    assert "Beschluss 2026/001 Der Bericht wird angenommen. Einvernehmlich festgestellt, " \
        "ohne Abstimmung." in text
    assert "Jobcenter @anna:x Mitglied anwesend" in text
    assert "Vorsitz Schriftführung" in text
    assert problems(data) == []
    start = next(w for w in layout(data)[0].words if w.text == "Beginn")
    assert any(w.text == "Uhr" and abs(w.top - start.top) < 2 for w in layout(data)[0].words)


async def test_the_group_says_which_certificate_signs(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    shown = await run("@anna:x", "!gruppe")
    assert f"Exporte sind signiert mit dem Zertifikat {signer_for_tests().fingerprint}." in shown


def test_the_pdfs_declare_pdf_a_2b() -> None:
    """What PDF/A-2b asks of the file that can be seen without a validator: the XMP metadata
    naming the part and conformance, an output intent, every font embedded."""
    from domain.pdf import BookEntry, BookHeader, decision_book

    data = decision_book(BookHeader("Beschlussbuch – G", "Jahr 2026", "Kopf", "Seite {n}",
                                    "Erstellt", "SHA-256"),
                         [BookEntry("2026/001", "Beschluss 2026/001", "Text äöü", "angenommen",
                                    "ab" * 32)])
    reader = pypdf.PdfReader(io.BytesIO(data))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"<pdfaid:part>2</pdfaid:part>" in xmp and b"<pdfaid:conformance>B" in xmp
    assert reader.trailer["/Root"]["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"
    fonts = reader.pages[0]["/Resources"]["/Font"]
    for font in fonts.values():
        descendant = font.get_object()["/DescendantFonts"][0].get_object()
        assert "/FontFile2" in descendant["/FontDescriptor"].get_object()
