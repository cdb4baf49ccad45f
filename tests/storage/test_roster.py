"""The roster as a file, on both databases: CSV and vCard in, preview first, line-exact errors,
one transaction on confirmation; CSV and vCard out."""

from __future__ import annotations

import vobject
from sqlalchemy import select

from commands.framework.context import Attachment
from storage import Database
from storage.models import OutboxMessage
from tests.storage.test_polls_and_decisions import group_with_seats
from tests.support.commands import Runner

GOOD = (
    "\ufeffMatrix-ID;Organisation;Rolle;E-Mail;Name;Vertretung für\n"
    "@fatma:x;AWO;Mitglied;fatma@awo.example;Fatma Yılmaz;\n"
    "@gero:x;AWO;Mitglied;;Gero Groß;@fatma:x\n"
    "@carla:x;Sozialamt der Stadt;Mitglied;;;\n"
    "@deniz:x;Caritasverband;mitglied;;;\n"
)


def csv_file(text: str, name: str = "mitglieder.csv") -> Attachment:
    return Attachment(name, "text/csv", text.encode("utf-8"))


async def roster(run: Runner) -> list[tuple[str, str, str | None]]:
    return sorted(await run.members())


async def test_a_bad_line_is_named_and_nothing_changes(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    before = await roster(run)
    run.reply_to_file = csv_file(GOOD.replace("@gero:x;", "gero;").replace(
        "Caritasverband;mitglied", "Caritasverband;Präsident"))
    preview = await run("@coord:x", "!mitglied importieren")
    assert "Vorschau für „mitglieder.csv“: 1 neu, 1 geändert, 0 unverändert, 2 fehlerhaft." \
        in preview
    assert "• Zeile 3: „gero“ ist keine Matrix-ID (so: @name:server)." in preview
    assert "• Zeile 5: „Präsident“ ist keine Rolle" in preview
    assert "Es wurde nichts geändert" in preview
    assert "Es liegt keine geprüfte Datei vor" in await run("@coord:x",
                                                           "!mitglied importieren bestätigen")
    assert await roster(run) == before


async def test_a_good_file_is_previewed_then_applied(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    run.reply_to_file = csv_file(GOOD)
    preview = await run("@coord:x", "!mitglied importieren")
    assert "2 neu, 1 geändert, 1 unverändert, 0 fehlerhaft" in preview
    assert "• Zeile 2: neu @fatma:x (AWO, Mitglied)" in preview
    assert "• Zeile 4: @carla:x – geändert: Organisation" in preview
    assert "Übernehmen: !mitglied importieren bestätigen" in preview
    assert "@fatma:x" not in str(await roster(run)), "a preview changes nothing"
    applied = await run("@coord:x", "!mitglied importieren bestätigen")
    assert "Übernommen aus „mitglieder.csv“: 2 neu, 1 geändert." in applied
    members = await roster(run)
    assert ("@fatma:x", "AWO", None) in members and ("@gero:x", "AWO", "@fatma:x") in members
    assert ("@carla:x", "Sozialamt der Stadt", None) in members
    shown = await run("@coord:x", "!mitglied zeigen @fatma:x")
    assert "Fatma Yılmaz" in shown and "fatma@awo.example" in shown
    assert "Es liegt keine geprüfte Datei vor" in await run("@coord:x",
                                                           "!mitglied importieren bestätigen")


async def test_vcards_are_read_and_the_roster_goes_out_again(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    cards = (
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Hanna Hoff\r\nORG:Jobcenter\r\n"
        "IMPP:matrix:u/hanna:x\r\nEMAIL:hanna@jobcenter.example\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ida Ilgen\r\nN:Ilgen;Ida;;;\r\nORG:Stadtbibliothek\r\n"
        "URL:https://matrix.to/#/@ida:x\r\nROLE:beratend\r\nEND:VCARD\r\n")
    run.reply_to_file = Attachment("kontakte.vcf", "text/vcard", cards.encode())
    preview = await run("@coord:x", "!mitglied importieren")
    assert "2 neu, 0 geändert, 0 unverändert, 0 fehlerhaft" in preview
    assert "neu @ida:x (Stadtbibliothek, beratendes Mitglied)" in preview
    await run("@coord:x", "!mitglied importieren bestätigen")

    assert "Die Mitgliederliste (" in await run("@coord:x", "!mitglied exportieren csv")
    await run("@coord:x", "!mitglied exportieren vcf")
    async with database.unit_of_work() as uow:
        files = {m.content["body"]: m.attachment for m in (await uow.session.scalars(
            select(OutboxMessage))).all() if m.attachment}
    exported = files["mitglieder.csv"]
    assert exported is not None and exported.startswith("\ufeff".encode())
    assert "@hanna:x;Jobcenter;Mitglied;hanna@jobcenter.example;Hanna Hoff;" in \
        exported.decode("utf-8-sig")
    run.reply_to_file = Attachment("mitglieder.csv", "text/csv", exported)
    again = await run("@coord:x", "!mitglied importieren")
    assert "0 neu, 0 geändert" in again and "entspricht der Datei schon" in again
    vcf = files["mitglieder.vcf"]
    assert vcf is not None
    read = {card.fn.value: card for card in vobject.readComponents(vcf.decode())}
    assert read["Ida Ilgen"].org.value == ["Stadtbibliothek"]
    assert read["Ida Ilgen"].role.value == "advisor"


async def test_import_needs_a_readable_file(database: Database) -> None:
    run = Runner(database)
    await group_with_seats(run)
    assert "Bitte antworten Sie mit !mitglied importieren auf die Datei" in await run(
        "@coord:x", "!mitglied importieren")
    run.reply_to_file = csv_file("Name;E-Mail\nA;a@b.de\n", "liste.csv")
    assert "In „liste.csv“ fehlen die Spalten" in await run("@coord:x", "!mitglied importieren")
    run.reply_to_file = Attachment("alt.csv", "text/csv", "Matrix-ID;Organisation\n@ä:x;Ö\n"
                                   .encode("latin-1"))
    assert "nicht in UTF-8 gespeichert" in await run("@coord:x", "!mitglied importieren")
