"""Real Matrix clients (matrix-nio) acting as the group's members in end-to-end tests.

A member sends what a person's client sends and reads what a person would read: the bot's
notices in the room, found by the event they reply to.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import aiohttp
from nio import (
    AsyncClient,
    AsyncClientConfig,
    JoinResponse,
    LoginResponse,
    RoomCreateResponse,
    RoomRedactResponse,
    RoomSendResponse,
    SyncResponse,
)
from nio.crypto.attachments import encrypt_attachment

FILTER = {"presence": {"types": []}, "room": {"timeline": {"limit": 100}}}


@dataclass(frozen=True)
class BotReply:
    event_id: str
    body: str
    html: str
    content: dict[str, Any]


class Member:
    """A person's client: it encrypts and decrypts as Element does (matrix-nio with e2e)."""

    def __init__(self, homeserver: str, user_id: str, password: str) -> None:
        self.user_id = user_id
        self.password = password
        self.store = tempfile.mkdtemp(prefix="member-store-")
        self.client = AsyncClient(
            homeserver, user_id, store_path=self.store,
            config=AsyncClientConfig(encryption_enabled=True, store_sync_tokens=False),
        )
        self.since: str | None = None
        self.timeline: dict[str, list[dict[str, Any]]] = {}
        self._txn = 0

    async def login(self) -> Member:
        response = await self.client.login(self.password, device_name="test-client")
        assert isinstance(response, LoginResponse), response
        await self.sync(timeout_ms=0)
        return self

    async def close(self) -> None:
        # Logging out deletes the device, so the bot does not keep sharing keys with it.
        await self.client.logout()
        await self.client.close()
        shutil.rmtree(self.store, ignore_errors=True)

    async def sync(self, timeout_ms: int = 500) -> None:
        response = await self.client.sync(timeout=timeout_ms, since=self.since, sync_filter=FILTER)
        assert isinstance(response, SyncResponse), response
        self.since = response.next_batch
        if self.client.should_upload_keys:
            await self.client.keys_upload()
        if self.client.should_query_keys:
            await self.client.keys_query()
        if self.client.should_claim_keys:
            await self.client.keys_claim(self.client.get_users_for_key_claiming())
        await self.client.send_to_device_messages()
        for room_id, info in response.rooms.join.items():
            self.timeline.setdefault(room_id, []).extend(e.source for e in info.timeline.events)
        for room_id in response.rooms.invite:
            await self.client.join(room_id)

    async def create_room(self, invite: list[str], name: str = "Testgruppe",
                          encrypted: bool = False) -> str:
        """A private room, end-to-end encrypted if asked (as Element creates them)."""
        state = [{"type": "m.room.encryption", "state_key": "",
                  "content": {"algorithm": "m.megolm.v1.aes-sha2"}}] if encrypted else []
        response = await self.client.room_create(name=name, invite=invite, initial_state=state)
        assert isinstance(response, RoomCreateResponse), response
        return str(response.room_id)

    async def invite(self, room_id: str, user_id: str) -> None:
        await self.client.room_invite(room_id, user_id)

    async def join(self, room_id: str) -> None:
        response = await self.client.join(room_id)
        assert isinstance(response, JoinResponse), response

    async def send(self, room_id: str, body: str) -> str:
        return await self.send_event(room_id, "m.room.message", {"msgtype": "m.text", "body": body})

    async def send_event(self, room_id: str, event_type: str, content: dict[str, Any]) -> str:
        for _ in range(20):  # an encrypting client must have seen the room in a sync
            if room_id in self.client.rooms:
                break
            await self.sync(timeout_ms=200)
        self._txn += 1
        response = await self.client.room_send(
            room_id, event_type, content, tx_id=f"{self.user_id}-{time.time_ns()}-{self._txn}",
            ignore_unverified_devices=True,
        )
        assert isinstance(response, RoomSendResponse), response
        return str(response.event_id)

    async def send_file(self, room_id: str, data: bytes, filename: str, mimetype: str,
                        *, encrypted: bool = False, damaged: bool = False) -> str:
        """Upload a file and post it, as Element does (encrypted for an encrypted room).
        `damaged`: the message's digest does not match what was uploaded (as after an upload
        that broke off)."""
        content: dict[str, Any] = {"msgtype": "m.file", "body": filename, "filename": filename,
                                   "info": {"mimetype": mimetype, "size": len(data)}}
        if encrypted:
            # Encrypted here, once, so that an upload tried again sends the same bytes.
            ciphertext, keys = encrypt_attachment(data)
            if damaged:
                keys["hashes"]["sha256"] = keys["hashes"]["sha256"][::-1]
            uri = await self._upload(ciphertext, "application/octet-stream", filename)
            content["file"] = {**keys, "url": uri}
        else:
            content["url"] = await self._upload(data, mimetype, filename)
        return await self.send_event(room_id, "m.room.message", content)

    async def _upload(self, data: bytes, content_type: str, filename: str) -> str:
        url = f"{self.client.homeserver}/_matrix/media/v3/upload?filename={quote(filename)}"
        headers = {"Authorization": f"Bearer {self.client.access_token}",
                   "Content-Type": content_type}
        for attempt in range(5):
            try:
                async with aiohttp.ClientSession() as session, session.post(
                        url, data=data, headers=headers) as response:
                    if response.status == 200:
                        return str((await response.json())["content_uri"])
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.5 * (attempt + 1))
        raise AssertionError(f"could not upload {filename}")

    async def reply(self, room_id: str, event_id: str, body: str) -> str:
        """A text message in reply to another (as a client's "Reply" sends it)."""
        return await self.send_event(room_id, "m.room.message", {
            "msgtype": "m.text", "body": body,
            "m.relates_to": {"m.in_reply_to": {"event_id": event_id}}})

    async def answer_poll(
        self, room_id: str, poll_event_id: str, *answer_ids: str, stable: bool = False
    ) -> str:
        """Click a native poll, as Element does (unstable form) or in the stable form."""
        relation = {"rel_type": "m.reference", "event_id": poll_event_id}
        if stable:
            content = {"m.relates_to": relation, "m.selections": list(answer_ids)}
            return await self.send_event(room_id, "m.poll.response", content)
        content = {
            "m.relates_to": relation,
            "org.matrix.msc3381.poll.response": {"answers": list(answer_ids)},
        }
        return await self.send_event(room_id, "org.matrix.msc3381.poll.response", content)

    def events(self, room_id: str, event_type: str, sender: str | None = None
               ) -> list[dict[str, Any]]:
        return [
            e for e in self.timeline.get(room_id, [])
            if e.get("type") == event_type and (sender is None or e.get("sender") == sender)
        ]

    def edits_of(self, room_id: str, event_id: str) -> list[dict[str, Any]]:
        """The edits (`m.replace`) of a message by its own sender, in the order received —
        edits by anyone else are not shown by clients, so they are not edits here either."""
        original = next((e for e in self.timeline.get(room_id, [])
                         if e.get("event_id") == event_id), None)
        if original is None:
            return []
        return [
            e for e in self.timeline.get(room_id, [])
            if e.get("sender") == original.get("sender")
            and e.get("content", {}).get("m.relates_to", {}).get("rel_type") == "m.replace"
            and e["content"]["m.relates_to"].get("event_id") == event_id
            and "m.new_content" in e["content"]
        ]

    async def edits_on_server(self, room_id: str, event_id: str) -> list[dict[str, Any]]:
        """Every edit of a message as the homeserver holds them (the relations API): a
        sync that was cut short in a burst may have left some out of the timeline."""
        url = (f"{self.client.homeserver}/_matrix/client/v1/rooms/{quote(room_id)}/relations/"
               f"{quote(event_id)}/m.replace")
        headers = {"Authorization": f"Bearer {self.client.access_token}"}
        found: list[dict[str, Any]] = []
        params = {"limit": "100"}
        async with aiohttp.ClientSession() as session:
            while True:
                async with session.get(url, headers=headers, params=params) as response:
                    assert response.status == 200, await response.text()
                    page = await response.json()
                found += page.get("chunk", [])
                if not page.get("next_batch"):
                    return found
                params = {"limit": "100", "from": page["next_batch"]}

    async def notify_for_bots(self) -> None:
        """Turn on notifications for messages from bots, as Element's setting does (it turns
        off the default push rule that keeps notices silent)."""
        url = (f"{self.client.homeserver}/_matrix/client/v3/pushrules/global/override/"
               ".m.rule.suppress_notices/enabled")
        headers = {"Authorization": f"Bearer {self.client.access_token}"}
        async with aiohttp.ClientSession() as session, session.put(
            url, headers=headers, json={"enabled": False}
        ) as response:
            assert response.status == 200, await response.text()

    async def notifications(self) -> dict[str, bool]:
        """What the member's devices were notified of, as the homeserver's push rules decided
        (the notifications API): event id → whether it was highlighted as meant for them."""
        url = f"{self.client.homeserver}/_matrix/client/v3/notifications"
        headers = {"Authorization": f"Bearer {self.client.access_token}"}
        async with aiohttp.ClientSession() as session, session.get(url, headers=headers) as r:
            assert r.status == 200, await r.text()
            found = (await r.json())["notifications"]
        return {n["event"]["event_id"]: any(
            isinstance(a, dict) and a.get("set_tweak") == "highlight" and a.get("value", True)
            for a in n["actions"]) for n in found}

    def shown(self, room_id: str, event_id: str) -> str:
        """What a client shows for a message: the body of its latest edit, else its own."""
        edits = self.edits_of(room_id, event_id)
        if edits:
            return str(edits[-1]["content"]["m.new_content"]["body"])
        original = next(e for e in self.timeline.get(room_id, []) if e.get("event_id") == event_id)
        return str(original["content"]["body"])

    async def react(self, room_id: str, event_id: str, key: str) -> str:
        content = {"m.relates_to": {"rel_type": "m.annotation", "event_id": event_id,
                                    "key": key}}
        return await self.send_event(room_id, "m.reaction", content)

    async def redact(self, room_id: str, event_id: str) -> None:
        response = await self.client.room_redact(room_id, event_id)
        assert isinstance(response, RoomRedactResponse), response

    async def download(self, mxc: str) -> bytes:
        """Fetch a file as current clients do: authenticated media (spec v1.11)."""
        server, media_id = mxc.removeprefix("mxc://").split("/", 1)
        url = f"{self.client.homeserver}/_matrix/client/v1/media/download/{server}/{media_id}"
        headers = {"Authorization": f"Bearer {self.client.access_token}"}
        async with aiohttp.ClientSession() as session, session.get(url, headers=headers) as r:
            assert r.status == 200, await r.text()
            return await r.read()

    async def command(self, room_id: str, body: str, bot: str, within: float = 30) -> BotReply:
        """Send a command and wait for the bot's reply to it."""
        event_id = await self.send(room_id, body)
        return await self.reply_to(room_id, event_id, bot, within)

    async def reply_to(
        self, room_id: str, event_id: str, bot: str, within: float = 30
    ) -> BotReply:
        replies = await self.wait_for(
            room_id, lambda e: _is_reply(e, event_id, bot), within=within
        )
        raw = replies[0]
        content = raw["content"]
        return BotReply(raw["event_id"], content["body"], content.get("formatted_body", ""),
                        content)

    def replies_to(self, room_id: str, event_id: str, bot: str) -> list[dict[str, Any]]:
        return [e for e in self.timeline.get(room_id, []) if _is_reply(e, event_id, bot)]

    async def wait_for(self, room_id: str, predicate: Any, within: float = 30,
                       count: int = 1) -> list[dict[str, Any]]:
        deadline = asyncio.get_running_loop().time() + within
        while True:
            found = [e for e in self.timeline.get(room_id, []) if predicate(e)]
            if len(found) >= count:
                return found
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"{self.user_id}: timed out waiting in {room_id}")
            await self.sync(timeout_ms=500)

    async def direct_messages(self, bot: str, within: float = 30,
                              count: int = 1) -> list[dict[str, Any]]:
        """Messages from `bot` in any room the bot opened with this member alone."""
        deadline = asyncio.get_running_loop().time() + within
        while True:
            found = [
                e for room_id, events in self.timeline.items()
                if self.is_direct(room_id, bot)
                for e in events
                if e.get("sender") == bot and e.get("type") == "m.room.message"
            ]
            if len(found) >= count:
                return found
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"{self.user_id}: no direct message from {bot}")
            await self.sync(timeout_ms=500)

    async def direct_room(self, bot: str, within: float = 30) -> str:
        """The room in which `bot` writes to this member alone."""
        await self.direct_messages(bot, within)
        return next(
            room_id for room_id, events in self.timeline.items()
            if self.is_direct(room_id, bot) and any(e.get("sender") == bot for e in events)
        )

    def is_direct(self, room_id: str, bot: str) -> bool:
        room = self.client.rooms.get(room_id)
        return room is not None and set(room.users) <= {self.user_id, bot}

    async def wait_for_join(self, room_id: str, user_id: str, within: float = 30) -> None:
        await self.wait_for(
            room_id,
            lambda e: e.get("type") == "m.room.member"
            and e.get("state_key") == user_id
            and e.get("content", {}).get("membership") == "join",
            within=within,
        )


def _is_reply(event: dict[str, Any], event_id: str, bot: str) -> bool:
    content = event.get("content", {})
    relates = content.get("m.relates_to", {}) if isinstance(content, dict) else {}
    return (
        event.get("sender") == bot
        and event.get("type") == "m.room.message"
        and relates.get("m.in_reply_to", {}).get("event_id") == event_id
    )
