"""What a careless or hostile client can put into a room: messages without a body or with a
number for one, 64 KB of text, poll answers with ids the poll does not have or for another
room's poll, reactions to events that do not exist, edits and redactions of commands, what
ignored and banned users send. Each changes nothing and crashes nothing; the next command is
answered as always. (What Synapse
refuses to send at all is read by `bot.matrix.events.parse_event` in tests/unit/test_events.py.)"""

from __future__ import annotations

import asyncio
from urllib.parse import quote

from nio import RoomBanResponse

from tests.e2e.conftest import PASSWORD, Room, open_room
from tests.e2e.test_polls import POLL_START, set_up, start_poll
from tests.support.rawclient import RawClient
from tests.support.synapse import Homeserver

POLL_RESPONSE = "org.matrix.msc3381.poll.response"


def response(poll_id: str, *answers: object) -> dict[str, object]:
    return {"m.relates_to": {"rel_type": "m.reference", "event_id": poll_id},
            POLL_RESPONSE: {"answers": list(answers)}}


async def test_malformed_events_change_nothing_and_crash_nothing(room: Room) -> None:
    await set_up(room, eve_votes=True)
    anna = room.people["anna"]
    poll_id, answers = await start_poll(room, '!abstimmung "Robust?" deadline=1h')
    other = await open_room(room.people, room.bot)
    await other.say("coord", "!einrichten Andere Gruppe")
    await other.say("coord", "!mitglied hinzufügen @carla:localhost org=Sozialamt")
    other_poll, other_answers = await start_poll(other, '!abstimmung "Anderswo?" deadline=1h')
    await room.say("anna", "!punkt hinzufügen Bestehender Punkt")
    before = await room.say("coord", "!abstimmung zeigen 1")
    items_before = await room.say("coord", "!punkt liste")

    command = await anna.send(room.room_id, "!punkt hinzufügen Original")
    await room.say("coord", "!punkt liste")  # the original is handled by now
    hostile = [
        ("m.room.message", {"msgtype": "m.text"}),  # no body
        ("m.room.message", {"msgtype": "m.text", "body": 12345}),
        ("m.room.message", {"msgtype": "m.text", "body": ["!hilfe"]}),
        ("m.room.message", {"body": "!punkt hinzufügen Ohne msgtype"}),
        ("m.room.message", {"msgtype": "m.text", "body": "!punkt hinzufügen Bearbeitet",
                            "m.new_content": {"msgtype": "m.text",
                                              "body": "!punkt hinzufügen Bearbeitet"},
                            "m.relates_to": {"rel_type": "m.replace", "event_id": command}}),
        (POLL_RESPONSE, response(poll_id, "keine-solche-antwort")),
        (POLL_RESPONSE, response(poll_id, 7, None, {"id": "x"})),
        (POLL_RESPONSE, {"m.relates_to": {"rel_type": "m.reference"}, POLL_RESPONSE: {}}),
        (POLL_RESPONSE, response(other_poll, other_answers["Ja"])),  # another room's poll
        (POLL_RESPONSE, response("$gibt-es-nicht", answers["Ja"])),
        ("m.reaction", {"m.relates_to": {"rel_type": "m.annotation",
                                         "event_id": "$gibt-es-nicht", "key": "✅"}}),
        ("m.reaction", {"m.relates_to": {"rel_type": "m.annotation", "event_id": poll_id}}),
        ("m.reaction", {"m.relates_to": "kaputt"}),
        (POLL_START, {"kaputt": True}),
    ]
    delivered = 0
    for event_type, content in hostile:
        try:
            await anna.send_event(room.room_id, event_type, content)
            delivered += 1
        except AssertionError:
            # Synapse itself refuses some (no body, a relation to an unknown event or
            # across rooms); another server might not, so tests/unit/test_events.py reads
            # those shapes too.
            pass
    assert delivered >= 5
    long_body = "!punkt hinzufügen " + "Ä" * 32_000  # about 64 KB in UTF-8
    await anna.send(room.room_id, long_body)
    await anna.redact(room.room_id, command)  # redacting a command undoes nothing

    # The bot is alive and answers as before; nothing of the above was counted or stored.
    assert await room.say("coord", "!abstimmung zeigen 1") == before
    items = await room.say("coord", "!punkt liste")
    assert "Original" in items and "Bearbeitet" not in items and "Ohne msgtype" not in items
    assert items.count("\n") - items_before.count("\n") in (1, 2), items
    assert "Abstimmung Nr. 1" in await other.say("coord", "!abstimmung zeigen 1")
    await asyncio.sleep(1)
    await anna.sync()
    long_replies = [e for e in anna.events(room.room_id, "m.room.message", room.bot)
                    if len(e["content"].get("body", "")) > 60_000]
    assert long_replies == [], "an answer to 64 KB is not itself 64 KB"


async def test_ignored_and_banned_users_are_not_heard(room: Room, homeserver: Homeserver) -> None:
    """An operator makes the bot deaf to someone with the bot account's ignore list (any
    client logged in as the bot sets it; the homeserver then leaves that person's events out
    of the bot's syncs); a moderator bans someone from the room. Neither's commands or votes
    count, and the bot goes on as before."""
    await set_up(room, eve_votes=True)
    poll_id, answers = await start_poll(room, '!abstimmung "Gehört?" deadline=1h')
    before = await room.say("coord", "!abstimmung zeigen 1")
    eve, carla = room.people["eve"], room.people["carla"]
    operator = await logged_in(homeserver, room.bot)
    ignore_list = f"/user/{quote(room.bot)}/account_data/m.ignored_user_list"
    await operator.request("PUT", ignore_list, {"ignored_users": {eve.user_id: {}}})
    try:
        await eve.send(room.room_id, "!punkt hinzufügen Von einer Ignorierten")
        await eve.send_event(room.room_id, POLL_RESPONSE, response(poll_id, answers["Ja"]))
        banned = await room.people["coord"].client.room_ban(room.room_id, carla.user_id,
                                                            reason="Test")
        assert isinstance(banned, RoomBanResponse), banned
        # Straight to the homeserver (her own client has dropped the room): it refuses.
        carla_raw = RawClient(homeserver.url, carla.user_id, carla.client.access_token)
        try:
            await carla_raw.say(room.room_id, "!punkt hinzufügen Von einer Gebannten")
            refusal = ""
        except AssertionError as error:
            refusal = str(error)
        finally:
            await carla_raw.close()
        assert " 403 " in refusal, refusal

        assert await room.say("coord", "!abstimmung zeigen 1") == before
        items = await room.say("coord", "!punkt liste")
        assert "Ignorierten" not in items and "Gebannten" not in items
        assert "Mitglieder" in await room.say("anna", "!mitglied liste")
    finally:
        await operator.request("PUT", ignore_list, {"ignored_users": {}})
        await operator.request("POST", "/logout", {})
        await operator.close()


async def logged_in(homeserver: Homeserver, user_id: str) -> RawClient:
    """A second session of `user_id` (its own device; logging out removes only that one)."""
    anonymous = RawClient(homeserver.url, user_id, "")
    try:
        login = await anonymous.request("POST", "/login", {
            "type": "m.login.password", "password": PASSWORD,
            "identifier": {"type": "m.id.user", "user": user_id}})
    finally:
        await anonymous.close()
    return RawClient(homeserver.url, user_id, str(login["access_token"]))
