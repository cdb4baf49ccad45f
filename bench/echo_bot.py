"""The baseline bot: matrix-nio's callback loop answering every command with a notice.

    python -m bench.echo_bot HOMESERVER USER_ID PASSWORD [--answers DIR] [--since-file FILE]
                             [--prefix P]

It answers every message that starts with its prefix (`!`) with „ok“; or, for `!echo NAME`
whose file `DIR/NAME.json` exists, with that content (kimbot's own answer to a command,
captured by the benchmark), so the homeserver and the member's client carry the same event for
both bots. In a room it shares with kimbot it is given another prefix, so that each bot
answers only its own commands.

Without a since file every start begins with a full first sync and history is not answered.
With one, the bot keeps its sync position there and a start catches up from it, answering what
came meanwhile — also what a limited timeline left out, read back page by page, as any bot
that misses nothing must (those after the rest of their room).
"""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path
from typing import Any

from nio import (
    AsyncClient,
    InviteMemberEvent,
    MatrixRoom,
    MessageDirection,
    RoomMessagesResponse,
    RoomMessageText,
    SyncResponse,
)

#: Printed once the first sync is done (and, catching up, what it brought answered).
READY = "ready"
#: Printed with the command's event id after each answer.
ANSWERED = "answered"
#: Catching up, up to 100 events per room and sync, as kimbot asks for.
CATCH_UP_FILTER = {"room": {"timeline": {"limit": 100}}}


def answer_for(body: str, answers: Path | None, prefix: str = "!") -> dict[str, Any]:
    words = body.split()
    if answers is not None and len(words) == 2 and words[0] == f"{prefix}echo":
        path = answers / f"{words[1]}.json"
        if path.exists():
            return dict(json.loads(path.read_text()))
    return {"msgtype": "m.notice", "body": "ok"}


async def gap(client: AsyncClient, room_id: str, start: str,
              since: str) -> list[RoomMessageText]:
    """The messages between the sync position and a limited timeline, oldest first."""
    found: list[RoomMessageText] = []
    while True:
        page = await client.room_messages(room_id, start=start, end=since,
                                          direction=MessageDirection.back, limit=100)
        if not isinstance(page, RoomMessagesResponse):
            break
        found += [event for event in page.chunk if isinstance(event, RoomMessageText)]
        if not page.chunk or not page.end or page.end == start:
            break
        start = page.end
    return list(reversed(found))


async def main(homeserver: str, user_id: str, password: str, answers: Path | None,
               since_file: Path | None, prefix: str) -> None:
    client = AsyncClient(homeserver, user_id)
    await client.login(password)

    async def answer(room: MatrixRoom, event: RoomMessageText) -> None:
        if event.sender == client.user_id or not event.body.startswith(prefix):
            return
        content = answer_for(event.body, answers, prefix)
        content["m.relates_to"] = {"m.in_reply_to": {"event_id": event.event_id}}
        await client.room_send(room.room_id, "m.room.message", content)
        print(f"{ANSWERED} {event.event_id}", flush=True)

    async def join(room: MatrixRoom, event: InviteMemberEvent) -> None:
        if event.state_key == client.user_id:
            await client.join(room.room_id)

    async def keep_position(response: SyncResponse) -> None:
        if since_file is not None:
            since_file.write_text(response.next_batch)

    since = since_file.read_text() if since_file is not None and since_file.exists() else None
    if since is None:
        first = await client.sync(timeout=0, full_state=True)  # history is not answered
        client.add_event_callback(answer, RoomMessageText)
    else:  # catching up: what came since is answered, the gaps of limited timelines too
        client.add_event_callback(answer, RoomMessageText)
        first = await client.sync(timeout=0, since=since, sync_filter=CATCH_UP_FILTER)
        if isinstance(first, SyncResponse):
            for room_id, info in first.rooms.join.items():
                if info.timeline.limited and info.timeline.prev_batch:
                    for event in await gap(client, room_id, info.timeline.prev_batch, since):
                        await answer(client.rooms[room_id], event)
    for room_id in getattr(getattr(first, "rooms", None), "invite", {}):
        await client.join(room_id)
    if isinstance(first, SyncResponse):
        await keep_position(first)
    print(READY, flush=True)  # the benchmarks time a start by it
    client.add_event_callback(join, InviteMemberEvent)
    client.add_response_callback(keep_position, SyncResponse)
    try:
        await client.sync_forever(timeout=30000)
    finally:
        await client.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.echo_bot")
    parser.add_argument("homeserver")
    parser.add_argument("user_id")
    parser.add_argument("password")
    parser.add_argument("--answers", type=Path)
    parser.add_argument("--since-file", type=Path)
    parser.add_argument("--prefix", default="!")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.homeserver, arguments.user_id, arguments.password,
                     arguments.answers, arguments.since_file, arguments.prefix))
