"""What a careless or hostile client can put into a room: messages without a body or with a
number for one, 64 KB of text, poll answers with ids the poll does not have or for another
room's poll, reactions to events that do not exist, edits and redactions of commands. Each
changes nothing and crashes nothing; the next command is answered as always. (What Synapse
refuses to send at all is read by `bot.events.parse_event` in tests/unit/test_events.py.)"""

from __future__ import annotations

import asyncio

from tests.e2e.conftest import Room, open_room
from tests.e2e.test_polls import POLL_START, set_up, start_poll

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
