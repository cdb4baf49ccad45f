"""The roster from files in the room: a CSV with a bad line (named, nothing changed), the same
file corrected and confirmed, and a vCard — as a coordinator's client sends them."""

from __future__ import annotations

from tests.e2e.conftest import Room

BAD = ("Matrix-ID;Organisation;Rolle;Vertretung für\n"
       "@anna:localhost;Jobcenter;Mitglied;\n"
       "ben;Jobcenter;Mitglied;@anna:localhost\n")
CARD = ("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Carla Conrad\r\nORG:Sozialamt\r\n"
        "IMPP:matrix:u/carla:localhost\r\nEND:VCARD\r\n")


async def import_file(room: Room, data: bytes, filename: str, mimetype: str) -> str:
    coord = room.people["coord"]
    file_event = await coord.send_file(room.room_id, data, filename, mimetype)
    command = await coord.reply(room.room_id, file_event, "!mitglied importieren")
    return (await coord.reply_to(room.room_id, command, room.bot)).body


async def test_a_roster_imported_from_files(room: Room) -> None:
    await room.say("coord", "!einrichten Lenkungsgruppe")
    preview = await import_file(room, BAD.encode(), "liste.csv", "text/csv")
    assert "• Zeile 3: „ben“ ist keine Matrix-ID" in preview and "1 fehlerhaft" in preview
    assert "Es liegt keine geprüfte Datei vor" in await room.say(
        "coord", "!mitglied importieren bestätigen")
    assert "@anna:localhost" not in await room.say("coord", "!mitglied liste")

    good = BAD.replace("\nben;", "\n@ben:localhost;")
    preview = await import_file(room, good.encode(), "liste.csv", "text/csv")
    assert "2 neu, 0 geändert, 0 unverändert, 0 fehlerhaft" in preview
    applied = await room.say("coord", "!mitglied importieren bestätigen")
    assert "Übernommen aus „liste.csv“: 2 neu, 0 geändert." in applied

    preview = await import_file(room, CARD.encode(), "carla.vcf", "text/vcard")
    assert "1 neu" in preview and "neu @carla:localhost (Sozialamt, Mitglied)" in preview
    await room.say("coord", "!mitglied importieren bestätigen")
    listing = await room.say("anna", "!mitglied liste")
    assert "@ben:localhost" in listing and "Carla Conrad" in listing
    shown = await room.say("anna", "!mitglied zeigen @ben:localhost")
    assert "@anna:localhost" in shown  # ben stands in for anna
