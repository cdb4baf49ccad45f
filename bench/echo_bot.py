"""The baseline bot: matrix-nio's callback loop answering every command with a notice.

    python -m bench.echo_bot HOMESERVER USER_ID PASSWORD [ANSWERS_DIR]

It answers „ok“; or, for a command `!echo NAME` whose file `ANSWERS_DIR/NAME.json` exists,
with that content (kimbot's own answer to a command, captured by the benchmark), so the
homeserver and the member's client carry the same event for both bots.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from nio import AsyncClient, InviteMemberEvent, MatrixRoom, RoomMessageText

#: Printed once the first sync is done: from then on commands are answered.
READY = "ready"


def answer_for(body: str, answers: Path | None) -> dict[str, Any]:
    words = body.split()
    if answers is not None and len(words) == 2 and words[0] == "!echo":
        path = answers / f"{words[1]}.json"
        if path.exists():
            return dict(json.loads(path.read_text()))
    return {"msgtype": "m.notice", "body": "ok"}


async def main(homeserver: str, user_id: str, password: str, answers: Path | None) -> None:
    client = AsyncClient(homeserver, user_id)
    await client.login(password)

    async def answer(room: MatrixRoom, event: RoomMessageText) -> None:
        if event.sender == client.user_id or not event.body.startswith("!"):
            return
        content = answer_for(event.body, answers)
        content["m.relates_to"] = {"m.in_reply_to": {"event_id": event.event_id}}
        await client.room_send(room.room_id, "m.room.message", content)

    async def join(room: MatrixRoom, event: InviteMemberEvent) -> None:
        if event.state_key == client.user_id:
            await client.join(room.room_id)

    first = await client.sync(timeout=0, full_state=True)  # history is not answered
    for room_id in getattr(getattr(first, "rooms", None), "invite", {}):
        await client.join(room_id)
    print(READY, flush=True)  # the benchmarks time a start by it
    client.add_event_callback(answer, RoomMessageText)
    client.add_event_callback(join, InviteMemberEvent)
    try:
        await client.sync_forever(timeout=30000)
    finally:
        await client.close()


if __name__ == "__main__":
    homeserver, user_id, password = sys.argv[1:4]
    asyncio.run(main(homeserver, user_id, password,
                     Path(sys.argv[4]) if len(sys.argv) > 4 else None))
