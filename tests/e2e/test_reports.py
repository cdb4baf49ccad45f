"""A coordinator's report submitted by replying to a file in the room — in an encrypted room,
where the bot must decrypt the message and the file — and read back by a member."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from nio.crypto.attachments import decrypt_attachment

from tests.e2e.conftest import start_bot
from tests.e2e.test_encryption import encrypted_room
from tests.support.members import Member
from tests.support.synapse import Homeserver

REPORT = b"Bericht des Jobcenters zur Sprachkursversorgung\n" * 400 + "äöü".encode()


async def test_a_report_replied_to_as_an_encrypted_file(
    homeserver: Homeserver, people: dict[str, Member], tmp_path: Path
) -> None:
    bot = start_bot(homeserver, tmp_path / "bot", "kimbot-reports")
    room = await encrypted_room(people, bot.user_id)
    anna, carla = people["anna"], people["carla"]
    await room.say("coord", "!einrichten Lenkungsgruppe")
    await room.say("coord", "!mitglied hinzufügen @anna:localhost org=Jobcenter")
    await room.say("coord", "!mitglied hinzufügen @carla:localhost org=Sozialamt")
    day = (datetime.now(ZoneInfo("Europe/Berlin")) + timedelta(days=10)).strftime("%d.%m.%Y")
    await room.say("coord", f"!termin ansetzen {day} 14:00")

    file_event = await anna.send_file(room.room_id, REPORT, "sprachkurse.txt", "text/plain",
                                      encrypted=True)
    command = await anna.reply(room.room_id, file_event,
                               '!bericht einreichen 1 "Sprachkursversorgung"')
    answer = await anna.reply_to(room.room_id, command, room.bot)
    assert "Bericht Nr. 1 (Jobcenter) ist als Anlage 1 zu Termin Nr. 1" in answer.body
    assert "TOP 1: Sprachkursversorgung (Anlage 1)" in answer.body
    listing = await room.say("carla", "!bericht liste")
    assert "Datei sprachkurse.txt" in listing

    shown = await room.say("carla", "!bericht zeigen 1")
    assert hashlib.sha256(REPORT).hexdigest() in shown
    posted = await carla.wait_for(room.room_id, lambda e: e.get("sender") == room.bot
                                  and e["content"].get("body") == "sprachkurse.txt")
    encrypted_file = posted[-1]["content"]["file"]
    data = decrypt_attachment(await carla.download(encrypted_file["url"]),
                              encrypted_file["key"]["k"], encrypted_file["hashes"]["sha256"],
                              encrypted_file["iv"])
    assert data == REPORT, "the file the bot posts again is the one that was submitted"

    shown = await room.say("carla", "!termin zeigen 1")
    assert "Sprachkursversorgung (Anlage 1)" in shown
    cited = await room.say("coord", "!beschluss erfassen Der Bericht wird angenommen. report=1")
    assert "Bezug: Bericht Nr. 1 „Sprachkursversorgung“ (Anlage 1)" in cited

    not_a_file = await anna.reply(room.room_id, command, '!bericht einreichen 1 "Falsch"')
    refused = await anna.reply_to(room.room_id, not_a_file, room.bot)
    assert "ist keine Datei" in refused.body

    broken = await anna.send_file(room.room_id, REPORT, "kaputt.txt", "text/plain",
                                  encrypted=True, damaged=True)
    on_broken = await anna.reply(room.room_id, broken, '!bericht einreichen 1 "Kaputt"')
    refused = await anna.reply_to(room.room_id, on_broken, room.bot)
    assert "Die Datei ist beschädigt" in refused.body, "a clear answer, no internal error"
    assert bot.process.stop() == 0
