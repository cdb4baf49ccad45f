"""Reply latency: how long a member waits for the bot's answer to a command.

Measured against a baseline taken in the same run, on the same homeserver: a bare matrix-nio
bot that answers every message with a notice (the floor any Matrix bot stands on). kimbot does
more per command — a database transaction with the journal, the outbox and the sync position,
the command's own queries — and this benchmark shows what that costs.

    make bench                       # or: .venv/bin/python -m bench.reply_latency [ROUNDS]

Prints p50/p95 for both and their ratio; exits 1 when kimbot's p50 exceeds the target ratio
(KIMBOT_BENCH_MAX_RATIO, default 2) times the baseline's.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from nio import AsyncClient, MatrixRoom, RoomMessageText, RoomSendResponse

from tests.support.botprocess import BotProcess, write_bot_config
from tests.support.members import Member
from tests.support.synapse import Homeserver

PASSWORD = "bench-password"


class EchoBot:
    """The baseline: matrix-nio's callback loop answering with an m.notice in reply."""

    def __init__(self, homeserver: str, user_id: str) -> None:
        self.client = AsyncClient(homeserver, user_id)
        self.task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        await self.client.login(PASSWORD)
        await self.client.sync(timeout=0, full_state=True)
        self.client.add_event_callback(self.answer, RoomMessageText)
        self.task = asyncio.create_task(self.client.sync_forever(timeout=30000))

    async def answer(self, room: MatrixRoom, event: RoomMessageText) -> None:
        if event.sender == self.client.user_id or not event.body.startswith("!"):
            return
        response = await self.client.room_send(
            room.room_id, "m.room.message",
            {"msgtype": "m.notice", "body": "ok",
             "m.relates_to": {"m.in_reply_to": {"event_id": event.event_id}}},
        )
        assert isinstance(response, RoomSendResponse)

    async def stop(self) -> None:
        if self.task:
            self.task.cancel()
        await self.client.close()


async def measure(member: Member, room_id: str, bot: str, command: str,
                  rounds: int) -> list[float]:
    for _ in range(3):  # warm up
        await member.command(room_id, command, bot)
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        await member.command(room_id, command, bot)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def summary(timings: list[float]) -> tuple[float, float]:
    ordered = sorted(timings)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]


async def run(rounds: int, directory: Path) -> int:
    server = Homeserver(directory / "synapse")
    server.start()
    try:
        echo_user = server.register("echo", PASSWORD)
        bot_user = server.register("kimbot", PASSWORD)
        member = await Member(server.url, server.register("coord", PASSWORD), PASSWORD).login()
        echo = EchoBot(server.url, echo_user)
        await echo.start()
        bot = BotProcess(write_bot_config(directory / "bot", server, bot_user, PASSWORD),
                         directory / "bot.log").start()
        try:
            echo_room = await member.create_room([echo_user])
            await echo.client.join(echo_room)
            await member.wait_for_join(echo_room, echo_user, within=60)
            kim_room = await member.create_room([bot_user])
            await member.wait_for_join(kim_room, bot_user, within=60)
            await member.command(kim_room, "!einrichten Benchmark", bot_user)
            baseline = summary(await measure(member, echo_room, echo_user, "!ping", rounds))
            kimbot = summary(await measure(member, kim_room, bot_user, "!gruppe", rounds))
        finally:
            bot.stop()
            await echo.stop()
            await member.close()
    finally:
        server.stop()
    ratio = kimbot[0] / baseline[0]
    limit = float(os.environ.get("KIMBOT_BENCH_MAX_RATIO", "2"))
    print(f"reply latency over {rounds} commands (ms)")
    print(f"  baseline (bare matrix-nio bot): p50 {baseline[0]:7.1f}  p95 {baseline[1]:7.1f}")
    print(f"  kimbot (!gruppe):               p50 {kimbot[0]:7.1f}  p95 {kimbot[1]:7.1f}")
    print(f"  ratio p50: {ratio:.2f} (target at most {limit:.1f})")
    return 0 if ratio <= limit else 1


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    with tempfile.TemporaryDirectory(prefix="kimbot-bench-") as directory:
        sys.exit(asyncio.run(run(rounds, Path(directory))))


if __name__ == "__main__":
    main()
