"""A member's client as plain HTTP on the client-server API: many of them at once cost little,
and what the room holds is read back page by page (`/messages`), not from a sync that may
leave events out. Retries on 429 (as told), on 5xx and on a lost connection, like a real
client."""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import aiohttp

_TXN = itertools.count()


@dataclass
class RawClient:
    homeserver: str
    user_id: str
    token: str
    session: aiohttp.ClientSession | None = field(default=None, repr=False)

    async def request(self, method: str, path: str, body: dict[str, Any] | None = None,
                      params: dict[str, str] | None = None) -> dict[str, Any]:
        if self.session is None:
            self.session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
        headers = {"Authorization": f"Bearer {self.token}"}
        url = f"{self.homeserver}/_matrix/client/v3{path}"
        for attempt in range(60):
            try:
                async with self.session.request(method, url, json=body, params=params,
                                                headers=headers) as response:
                    data: dict[str, Any] = await response.json(content_type=None)
                    if response.status == 200:
                        return data
                    if response.status == 429:
                        await asyncio.sleep(data.get("retry_after_ms", 500) / 1000)
                        continue
                    if response.status < 500:
                        raise AssertionError(f"{method} {path}: {response.status} {data}")
            except (TimeoutError, aiohttp.ClientConnectionError):
                pass
            await asyncio.sleep(min(0.2 * (attempt + 1), 2))
        raise AssertionError(f"{method} {path}: no answer")

    async def close(self) -> None:
        if self.session is not None:
            await self.session.close()

    async def create_room(self, invite: list[str], name: str) -> str:
        data = await self.request("POST", "/createRoom", {
            "preset": "public_chat", "invite": invite, "name": name})
        return str(data["room_id"])

    async def join(self, room_id: str) -> None:
        await self.request("POST", f"/join/{quote(room_id)}", {})

    async def send(self, room_id: str, event_type: str, content: dict[str, Any]) -> str:
        # One transaction id per message, kept across retries: the homeserver sends it once.
        txn = f"raw{next(_TXN)}"
        data = await self.request(
            "PUT", f"/rooms/{quote(room_id)}/send/{event_type}/{txn}", content)
        return str(data["event_id"])

    async def say(self, room_id: str, body: str) -> str:
        return await self.send(room_id, "m.room.message", {"msgtype": "m.text", "body": body})

    async def redact(self, room_id: str, event_id: str) -> None:
        await self.request("PUT", f"/rooms/{quote(room_id)}/redact/{quote(event_id)}/"
                           f"red{next(_TXN)}", {})

    async def joined(self, room_id: str) -> set[str]:
        data = await self.request("GET", f"/rooms/{quote(room_id)}/joined_members")
        return set(data.get("joined", {}))

    async def history(self, room_id: str) -> list[dict[str, Any]]:
        """Every event of the room, oldest first."""
        events: list[dict[str, Any]] = []
        start: str | None = None
        while True:
            params = {"dir": "b", "limit": "500"}
            if start:
                params["from"] = start
            page = await self.request("GET", f"/rooms/{quote(room_id)}/messages", params=params)
            events += page.get("chunk", [])
            start = page.get("end")
            if not page.get("chunk") or not start:
                return list(reversed(events))
