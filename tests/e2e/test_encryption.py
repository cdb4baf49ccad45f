"""Encrypted rooms: the bot works where the group's room is end-to-end encrypted."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import vobject
from nio.crypto.attachments import decrypt_attachment

from tests.e2e.conftest import Room, RunningBot, start_bot
from tests.e2e.test_poll_status import shown_when, status_event
from tests.e2e.test_polls import kimbot
from tests.support.members import Member
from tests.support.rawclient import RawClient
from tests.support.synapse import Homeserver

BERLIN = ZoneInfo("Europe/Berlin")
POLL_START = "org.matrix.msc3381.poll.start"


async def encrypted_room(people: dict[str, Member], bot: str) -> Room:
    coord = people["coord"]
    others = [m.user_id for name, m in people.items() if name != "coord"]
    room_id = await coord.create_room([bot, *others], name="Verschlüsselt", encrypted=True)
    for name, member in people.items():
        if name != "coord":
            await member.join(room_id)
    await coord.wait_for_join(room_id, bot)
    return Room(room_id, bot, people)


def device_of(bot: RunningBot) -> str:
    return str(json.loads((bot.directory / "data" / "session.json").read_text())["device_id"])


async def test_the_group_works_in_an_encrypted_room(
    homeserver: Homeserver, people: dict[str, Member], tmp_path: Path
) -> None:
    bot = start_bot(homeserver, tmp_path / "bot", "kimbot-e2ee")
    room = await encrypted_room(people, bot.user_id)
    anna, carla = people["anna"], people["carla"]
    assert "ist eingerichtet" in await room.say("coord", "!einrichten Lenkungsgruppe")
    raw = room.people["coord"].timeline[room.room_id]
    assert not any(e.get("type") == "m.room.encrypted" for e in raw), "all decrypted"
    await room.say("coord", "!mitglied hinzufügen @anna:localhost org=Jobcenter")
    await room.say("coord", "!mitglied hinzufügen @carla:localhost org=Sozialamt")

    # A poll, voted by clicking (encrypted answers) and closed.
    await room.say("coord", '!abstimmung "Verschlüsselt beschließen?"')
    poll = (await anna.wait_for(room.room_id, lambda e: e.get("type") == POLL_START))[-1]
    ids = {a["org.matrix.msc1767.text"]: a["id"] for a in poll["content"][POLL_START]["answers"]}
    await anna.answer_poll(room.room_id, poll["event_id"], ids["Ja"])
    await carla.answer_poll(room.room_id, poll["event_id"], ids["Ja"])
    result = await anna.wait_for(room.room_id, lambda e: "ist beendet" in e.get(
        "content", {}).get("body", ""))
    assert "einstimmig angenommen — Ja 2, Nein 0, Enthaltung 0" in result[0]["content"]["body"]
    # The status message was edited into the result; the edits are encrypted, their relation
    # to the message they edit is not (so the homeserver and clients can bundle them).
    status = await status_event(anna, room)
    await shown_when(anna, room.room_id, status, "Abgeschlossen: Beschluss")
    reader = RawClient(homeserver.url, anna.user_id, anna.client.access_token)
    try:
        edits = [e for e in await reader.history(room.room_id)
                 if e.get("content", {}).get("m.relates_to", {}).get("rel_type") == "m.replace"]
    finally:
        await reader.close()
    assert edits and all(e["type"] == "m.room.encrypted" for e in edits)
    assert {e["content"]["m.relates_to"]["event_id"] for e in edits} == {status}

    # An invitation whose .ics is an encrypted file the member decrypts.
    day = (datetime.now(BERLIN) + timedelta(days=10)).strftime("%d.%m.%Y")
    await room.say("coord", f"!termin ansetzen {day} 14:00")
    files = await anna.wait_for(room.room_id, lambda e: e.get("content", {}).get(
        "msgtype") == "m.file")
    encrypted_file = files[-1]["content"]["file"]
    assert "url" not in files[-1]["content"]
    ciphertext = await anna.download(encrypted_file["url"])
    assert b"BEGIN:VCALENDAR" not in ciphertext
    plain = decrypt_attachment(ciphertext, encrypted_file["key"]["k"],
                               encrypted_file["hashes"]["sha256"], encrypted_file["iv"])
    assert vobject.readOne(plain.decode()).method.value == "REQUEST"

    # A direct message exchanged: feed links arrive in an encrypted direct chat.
    await room.say("anna", "!kalender")
    links = (await anna.direct_messages(bot.user_id))[-1]["content"]["body"]
    assert "/calendar/" in links

    log = bot.process.log.read_text()
    assert f"trusting device {anna.client.device_id} of @anna:localhost on first use" in log
    assert "Verschlüsselt beschließen" not in log and "!kalender" not in log

    # A restart keeps the device: members keep reading without a new key exchange.
    device = device_of(bot)
    assert bot.process.stop() == 0
    bot.process.start()
    assert "Lenkungsgruppe" in await room.say("anna", "!gruppe")
    assert device_of(bot) == device

    # A lost store: the bot says so, becomes a new device, and keeps working.
    assert bot.process.stop() == 0
    shutil.rmtree(bot.directory / "data" / "crypto")
    bot.process.start()
    # A message encrypted for the old device only cannot be read: the sender is told once,
    # and sends again, now for the new device too.
    first = await room.say("carla", "!gruppe")
    if "Lenkungsgruppe" not in first:
        assert "konnte ich nicht lesen" in first
        await carla.sync(timeout_ms=1000)
        assert "Lenkungsgruppe" in await room.say("carla", "!gruppe")
    assert device_of(bot) != device
    assert "crypto store of device" in bot.process.log.read_text()
    assert bot.process.stop() == 0


async def test_with_verified_trust_only_verified_devices_can_read_the_bot(
    homeserver: Homeserver, people: dict[str, Member], tmp_path: Path
) -> None:
    bot = start_bot(homeserver, tmp_path / "bot", "kimbot-strict", trust="verified")
    room = await encrypted_room(people, bot.user_id)
    coord = people["coord"]
    await coord.send(room.room_id, "!einrichten Lenkungsgruppe")
    unreadable = await coord.wait_for(room.room_id, lambda e: e.get("sender") == bot.user_id
                                      and e.get("type") == "m.room.encrypted")
    assert unreadable, "the coordinator's unverified device got no key"
    assert bot.process.stop() == 0
    code, output = await kimbot("verify-device", "@coord:localhost",
                                str(coord.client.device_id), "-c",
                                str(bot.directory / "config.toml"))
    assert code == 0 and "verified" in output
    assert (await kimbot("verify-device", "@coord:localhost", "NOSUCHDEVICE", "-c",
                         str(bot.directory / "config.toml")))[0] == 1
    bot.process.start()
    assert "Lenkungsgruppe" in await room.say("coord", "!gruppe")
    assert "not sharing keys with unverified device" in bot.process.log.read_text()
    assert bot.process.stop() == 0
