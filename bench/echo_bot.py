"""The baseline bot: matrix-nio's callback loop answering every command with a notice.

    python -m bench.echo_bot HOMESERVER USER_ID PASSWORD
"""

from __future__ import annotations

import asyncio
import sys

from nio import AsyncClient, InviteMemberEvent, MatrixRoom, RoomMessageText


async def main(homeserver: str, user_id: str, password: str) -> None:
    client = AsyncClient(homeserver, user_id)
    await client.login(password)

    async def answer(room: MatrixRoom, event: RoomMessageText) -> None:
        if event.sender == client.user_id or not event.body.startswith("!"):
            return
        await client.room_send(
            room.room_id, "m.room.message",
            {"msgtype": "m.notice", "body": "ok",
             "m.relates_to": {"m.in_reply_to": {"event_id": event.event_id}}},
        )

    async def join(room: MatrixRoom, event: InviteMemberEvent) -> None:
        if event.state_key == client.user_id:
            await client.join(room.room_id)

    first = await client.sync(timeout=0, full_state=True)  # history is not answered
    for room_id in getattr(getattr(first, "rooms", None), "invite", {}):
        await client.join(room_id)
    client.add_event_callback(answer, RoomMessageText)
    client.add_event_callback(join, InviteMemberEvent)
    try:
        await client.sync_forever(timeout=30000)
    finally:
        await client.close()


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:4]))
