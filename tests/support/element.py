"""A member on Element's own client stack: matrix-js-sdk with its Rust crypto, in Node.

Element shares room keys only with devices their owner cross-signed, and refuses messages from
other devices, once "exclude insecure devices" is on (MSC4153; Element's default from 2026).
`ElementMember` runs `element_member/member.mjs` — matrix-js-sdk in
`OnlySignedDevicesIsolationMode` — and talks to it one JSON line at a time, so a test can do
what such a member does: send, see what arrives decrypted, vote in a poll as Element's Poll
model shows it, set up an identity with a recovery key.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent / "element_member"
SCRIPT = HERE / "member.mjs"
MODULES = HERE / "node_modules" / "matrix-js-sdk"


def unavailable() -> str | None:
    """Why an Element member cannot run here (for the skip message), or None."""
    if shutil.which("node") is None:
        return "Node.js is not installed: the tests with Element's client stack were skipped"
    if not MODULES.exists():
        return ("matrix-js-sdk is not installed (make test runs npm ci in "
                "tests/support/element_member): the tests with Element's client stack were "
                "skipped")
    return None


class ElementMember:
    def __init__(self, log_file: Path) -> None:
        self.log_file = log_file
        self.process: asyncio.subprocess.Process | None = None
        self.events: list[dict[str, Any]] = []
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._reader: asyncio.Task[None] | None = None
        self._changed = asyncio.Event()
        self.user_id = ""
        self.device_id = ""
        self.access_token = ""

    async def start(self) -> ElementMember:
        with self.log_file.open("ab") as log:  # the child keeps its own copy
            self.process = await asyncio.create_subprocess_exec(
                "node", str(SCRIPT), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=log, limit=16 * 1024 * 1024, cwd=HERE)
        self._reader = asyncio.create_task(self._read())
        return self

    async def login(self, homeserver: str, user: str, password: str, *,
                    isolation: str = "only-signed", cross_sign: bool = True) -> ElementMember:
        answer = await self.call("login", homeserver=homeserver, user=user, password=password,
                                 isolation=isolation, cross_sign=cross_sign)
        self.user_id, self.device_id = answer["user_id"], answer["device_id"]
        self.access_token = answer["access_token"]
        return self

    async def call(self, op: str, within: float = 60, **arguments: Any) -> dict[str, Any]:
        assert self.process is not None and self.process.stdin is not None
        request_id = next(self._ids)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting[request_id] = future
        line = json.dumps({"id": request_id, "op": op, **arguments}) + "\n"
        self.process.stdin.write(line.encode())
        await self.process.stdin.drain()
        answer = await asyncio.wait_for(future, within)
        if not answer.get("ok"):
            raise RuntimeError(f"{op} failed in the Element member: {answer.get('error')}")
        return answer

    async def _read(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        async for line in self.process.stdout:
            message = json.loads(line)
            if "event" in message:
                self.events.append(message["event"])
                self._changed.set()
            elif message.get("id") in self._waiting:
                self._waiting.pop(message["id"]).set_result(message)

    async def wait_for(self, predicate: Callable[[dict[str, Any]], bool],
                       within: float = 30, after: int = 0) -> dict[str, Any]:
        """The first event the predicate accepts, among those reported from position `after`
        on (each as last reported: a decryption tried again replaces the failure)."""
        deadline = asyncio.get_running_loop().time() + within
        while True:
            for event in self._latest(after):
                if predicate(event):
                    return event
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise TimeoutError("no such event arrived; last events: "
                                   + json.dumps(self._latest(after)[-5:], ensure_ascii=False))
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), remaining)

    def _latest(self, after: int = 0) -> list[dict[str, Any]]:
        by_id: dict[str, dict[str, Any]] = {}
        for event in self.events[after:]:
            by_id[event["event_id"]] = event
        return list(by_id.values())

    def from_sender(self, room_id: str, sender: str) -> list[dict[str, Any]]:
        return [e for e in self._latest() if e["room_id"] == room_id and e["sender"] == sender]

    async def command(self, room_id: str, body: str, bot: str, within: float = 30) -> str:
        """Send a command; the body of the bot's reply to it, decrypted. A message of the bot
        that cannot be decrypted fails the call, saying why."""
        start = len(self.events)
        sent = (await self.call("send", room_id=room_id, body=body))["event_id"]

        def answer(event: dict[str, Any]) -> bool:
            if event["sender"] != bot or event["room_id"] != room_id:
                return False
            relates = event["content"].get("m.relates_to") or {}
            return event["failure"] is not None or \
                (relates.get("m.in_reply_to") or {}).get("event_id") == sent

        reply = await self.wait_for(answer, within, after=start)
        if reply["failure"] is not None:
            raise AssertionError(f"the bot's answer could not be decrypted: {reply['failure']}")
        return str(reply["content"].get("body", ""))

    async def close(self) -> None:
        if self.process is None:
            return
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            await asyncio.wait_for(self.process.wait(), 10)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()
        if self._reader is not None:
            self._reader.cancel()
