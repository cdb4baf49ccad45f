"""The Matrix client layer: login, sync, history gaps, sends — and nothing above it touches nio.

matrix-nio already retries 429 (honouring `retry_after_ms`) and connection errors; this layer
adds retries with backoff for 5xx answers, keeps the device and access token across restarts,
and turns nio's responses into plain values.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import sqlite3
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

import aiohttp
from nio import (
    Api,
    AsyncClient,
    AsyncClientConfig,
    ErrorResponse,
    JoinError,
    KeysQueryResponse,
    KeysUploadResponse,
    LocalProtocolError,
    LoginResponse,
    MegolmEvent,
    MessageDirection,
    RoomCreateResponse,
    RoomGetEventResponse,
    RoomGetStateResponse,
    RoomInfo,
    RoomMessagesResponse,
    RoomPreset,
    RoomSendResponse,
    SyncResponse,
    Timeline,
    UploadResponse,
    WhoamiResponse,
)
from nio.crypto.attachments import decrypt_attachment
from nio.events import Event
from nio.exceptions import EncryptionError
from nio.store import DefaultStore

from bot.backoff import Backoff
from bot.config import MatrixConfig
from bot.matrix.cross_signing import cross_signed_devices
from bot.matrix.events import UNSIGNED_DEVICE_TYPE
from bot.matrix.identity import (
    Examination,
    HomeserverApi,
    HomeserverTrouble,
    Identity,
    IdentityError,
    RecoveryKeySource,
    write_identity_problem,
)
from bot.matrix.power import power_level
from bot.metrics import Metrics
from commands.framework.context import Attachment
from domain.mentions import RoomPerson, could_highlight

log = logging.getLogger(__name__)

#: Permanent answers: retrying the same request will not help.
PERMANENT_ERRORS = frozenset(
    {"M_FORBIDDEN", "M_NOT_FOUND", "M_TOO_LARGE", "M_BAD_JSON", "M_NOT_JSON", "M_UNKNOWN_TOKEN"}
)
MAX_GAP_PAGES = 100

R = TypeVar("R")


class MatrixUnavailable(Exception):
    """The homeserver refused a request for good (e.g. the bot was kicked from the room)."""

    def __init__(self, what: str, errcode: str | None, message: str) -> None:
        super().__init__(f"{what}: {errcode} {message}")
        self.errcode = errcode


class LoginFailed(Exception):
    pass


@dataclass(frozen=True)
class SyncBatch:
    """What one sync brought, in raw event form, per joined room (oldest first)."""

    next_batch: str
    joined: dict[str, RoomTimeline]
    invited: dict[str, str | None]  # room id → inviter


@dataclass(frozen=True)
class RoomTimeline:
    events: list[dict[str, Any]]
    limited: bool
    prev_batch: str | None


class QuietStore(DefaultStore):  # type: ignore[misc]  # nio is untyped here
    """matrix-nio's default crypto store, without a database transaction after every sync.

    nio saves the set of rooms that became encrypted after each sync, also when that set is
    empty — almost always: a commit to the store's SQLite file on the event loop, twice per
    command answered (bench/RESULTS.md).
    """

    def save_encrypted_rooms(self, rooms: Any) -> None:
        if rooms:
            super().save_encrypted_rooms(rooms)


@dataclass
class KeysQueryWithIdentities(KeysQueryResponse):  # type: ignore[misc]  # nio is untyped here
    """nio's answer to /keys/query, with what nio drops: which devices their owner's
    cross-signing identity signed."""

    cross_signed: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, parsed_dict: dict[str, Any]) -> Any:
        response = super().from_dict(parsed_dict)
        if isinstance(response, KeysQueryWithIdentities):
            response.cross_signed = cross_signed_devices(parsed_dict)
        return response


class CrossSigningAwareClient(AsyncClient):  # type: ignore[misc]  # nio is untyped here
    """matrix-nio's client, which also keeps, per user, the devices their owner cross-signed
    (from the same /keys/query nio makes to learn the devices)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cross_signed: dict[str, set[str]] = {}

    async def keys_query(self) -> Any:
        users = self.users_for_key_query
        if not users:
            raise LocalProtocolError("No key query required.")
        method, path, data = Api.keys_query(self.access_token, users)
        response = await self._send(KeysQueryWithIdentities, method, path, data)
        if isinstance(response, KeysQueryWithIdentities):
            self.cross_signed.update(response.cross_signed)
        return response

    def take_room_state(self, room_id: str, state: list[dict[str, Any]]) -> None:
        """A room's whole state as `GET /rooms/{id}/state` returns it, taken in as nio takes
        in the state a full-state sync brings: its members with their names, whether it is
        encrypted (and then its members' devices to be learnt)."""
        events = [event for raw in state if (event := Event.parse_event(raw)) is not None]
        info = RoomInfo(timeline=Timeline([], False, None), state=events, ephemeral=[],
                        account_data=[])
        encrypted: set[str] = set()
        self._handle_joined_state(room_id, info, encrypted)
        self.encrypted_rooms.update(encrypted)
        if encrypted and self.store:
            self.store.save_encrypted_rooms(encrypted)
        room = self.rooms[room_id]
        if room.encrypted and self.olm is not None:
            self.olm.update_tracked_users(room)

    def device_by_curve_key(self, user_id: str, curve25519: str | None) -> Any:
        if curve25519 is None:
            return None
        return next((device for device in self.device_store.active_user_devices(user_id)
                     if device.curve25519 == curve25519), None)


class MatrixGateway:
    def __init__(self, config: MatrixConfig, data_dir: Path,
                 metrics: Metrics | None = None) -> None:
        self.config = config
        self.data_dir = data_dir
        self.metrics = metrics or Metrics()
        self.session_file = data_dir / "session.json"
        self.store = data_dir / "crypto"
        self.store.mkdir(parents=True, exist_ok=True)
        self.known_devices: set[tuple[str, str]] = set()
        #: Rooms whose whole state nio holds. A start syncs on from the stored position
        #: without every room's state — in a thousand rooms that costs as much as a first
        #: sync —, and a room's state is read when the bot first has to know it (to send,
        #: to name a member); from then on the syncs keep it current.
        self.rooms_with_state: set[str] = set()
        #: Direct-message rooms this process opened that no sync has shown yet: messages wait
        #: for the sync (by then the member has usually joined, and is notified of them).
        self.opened_unseen: set[str] = set()
        #: The bot's own identity as the last start found it (None: not looked at).
        self.identity: Examination | None = None
        self._identity_retry: asyncio.Task[None] | None = None
        self.client = CrossSigningAwareClient(
            config.homeserver,
            config.user_id,
            store_path=str(self.store),
            config=AsyncClientConfig(
                encryption_enabled=config.encryption,
                store=QuietStore,
                store_sync_tokens=False,
                max_timeout_retry_wait_time=15,
                request_timeout=config.sync_timeout_ms / 1000 + 30,
            ),
        )

    @property
    def user_id(self) -> str:
        return str(self.client.user_id)

    async def close(self) -> None:
        if self._identity_retry is not None:
            self._identity_retry.cancel()
        await self.client.close()

    # -- login -------------------------------------------------------------------------------

    async def login(self) -> None:
        """Log in once per data directory, afterwards reuse the same device and token; then
        make sure the device is signed by the account's cross-signing identity."""
        await self._login()
        if self.client.olm is None:
            return
        await self.ensure_identity()

    async def ensure_identity(self) -> None:
        """Publish the device's keys if they are not yet, then let `bot.matrix.identity` make or
        check the identity. Trouble is logged, and kept for `kimbot doctor` (it may name a
        URL where a person must approve); the bot works on without a signed device, and where
        the homeserver had trouble, tries again in the background."""
        if not await self._check_identity():
            self._identity_retry = asyncio.create_task(self._check_identity_later())

    async def _check_identity_later(self) -> None:
        backoff = Backoff(first=10, longest=3600)
        while True:
            await asyncio.sleep(backoff.next())
            if await self._check_identity():
                return

    async def _check_identity(self) -> bool:
        """Whether the identity's state is known now (good or bad), not hidden by trouble."""
        problem, known = None, True
        try:
            if self.client.should_upload_keys:
                await self._retrying("keys upload", self.client.keys_upload, KeysUploadResponse)
            self.identity = await self.own_identity().ensure()
        except (IdentityError, MatrixUnavailable) as error:
            self.identity, problem = None, str(error)
            known = not isinstance(error, HomeserverTrouble)
        else:
            if not self.identity.cross_signed:
                problem = self.identity.status.value + (
                    f" ({self.identity.detail})" if self.identity.detail else "")
        if problem is not None:
            log.error("the bot's device is not cross-signed: %s. Members whose client accepts "
                      "only cross-signed devices (Element's default from 2026) cannot read "
                      "the bot in encrypted rooms; `kimbot doctor` tells how to fix it%s",
                      problem, "" if known else ". Trying again later")
        write_identity_problem(self.data_dir, problem)
        self.metrics.device_cross_signed.set(0 if problem is not None else 1)
        return known

    def own_identity(self) -> Identity:
        return Identity(
            HomeserverApi(self.config.homeserver, str(self.client.access_token)),
            self.user_id, str(self.client.device_id),
            RecoveryKeySource.of(self.config, self.data_dir), password=self.config.password)

    async def _login(self) -> None:
        if self.config.access_token:
            await self._login_with_token(self.config.access_token)
            return
        session = self._load_session()
        if session is not None and not self._crypto_store_usable(session["device_id"]):
            session = None  # a new device, with new keys, rather than a broken one
        if session is not None:
            self.client.restore_login(
                session["user_id"], session["device_id"], session["access_token"]
            )
            whoami = await self.client.whoami()
            if isinstance(whoami, WhoamiResponse):
                log.info("resumed session on device %s", session["device_id"])
                return
            log.warning("stored session no longer valid (%s); logging in again", whoami)
        await self._login_with_password(session["device_id"] if session else None)

    async def _login_with_token(self, token: str) -> None:
        self.client.access_token = token
        whoami = await self.client.whoami()
        if not isinstance(whoami, WhoamiResponse):
            raise LoginFailed(f"access token rejected: {whoami}")
        self.client.restore_login(whoami.user_id, whoami.device_id or "", token)

    async def _login_with_password(self, device_id: str | None) -> None:
        assert self.config.password is not None
        if device_id:
            self.client.device_id = device_id  # nio sends it, so the device stays the same
        response = await self.client.login(
            self.config.password, device_name=self.config.device_name
        )
        if not isinstance(response, LoginResponse):
            raise LoginFailed(f"login as {self.config.user_id} failed: {response}")
        self._save_session(response.user_id, response.device_id, response.access_token)
        log.info("logged in as %s on device %s", response.user_id, response.device_id)

    async def resume_stored_login(self) -> None:
        """For commands run with the bot stopped: the bot's own login (stored session or
        access token), checked, without logging in anew."""
        if self.config.access_token:
            await self._login_with_token(self.config.access_token)
            return
        self._restore_stored_session()
        whoami = await self.client.whoami()
        if not isinstance(whoami, WhoamiResponse):
            raise LoginFailed(f"the stored session is no longer valid ({whoami}): start the "
                              "bot once, it logs in again")

    def verify_device(self, user_id: str, device_id: str) -> bool:
        """Mark a member's device as verified in the bot's store (for `trust = "verified"`),
        offline: the device must be one the bot has seen. False if it is unknown."""
        if self.config.access_token:
            raise LoginFailed("no stored session: start the bot once before verifying devices")
        self._restore_stored_session()
        device = self.client.device_store.active_user_devices(user_id)
        found = next((d for d in device if d.id == device_id), None)
        if found is None:
            return False
        self.client.verify_device(found)
        return True

    def _restore_stored_session(self) -> None:
        """The device and token of the stored session, for commands run with the bot
        stopped (nothing is asked of the homeserver)."""
        session = self._load_session()
        if session is None:
            raise LoginFailed("no stored session: start the bot once first")
        self.client.restore_login(session["user_id"], session["device_id"],
                                  session["access_token"])

    def _crypto_store_usable(self, device_id: str) -> bool:
        """Whether the device's keys are still there to be used. Without them the device
        cannot be continued: its old keys are on the homeserver and in members' clients."""
        if not self.config.encryption:
            return True
        store_file = self.store / f"{self.config.user_id}_{device_id}.db"
        problem = None
        if not store_file.exists():
            problem = "is missing"
        else:
            try:
                with sqlite3.connect(store_file) as check:
                    check.execute("SELECT count(*) FROM sqlite_master").fetchone()
                    if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                        problem = "is corrupted"
            except sqlite3.DatabaseError:
                problem = "is corrupted"
        if problem is None:
            return True
        if store_file.exists():
            store_file.replace(store_file.with_suffix(f".corrupt-{int(time.time())}"))
        log.error(
            "the crypto store of device %s %s (%s): logging in as a NEW device. Members will "
            "see a new, unverified device of the bot; messages the old device was sent cannot "
            "be read by the new one.", device_id, problem, store_file,
        )
        return False

    def _load_session(self) -> dict[str, str] | None:
        try:
            session = json.loads(self.session_file.read_text())
        except (FileNotFoundError, json.JSONDecodeError):
            return None
        if session.get("user_id") != self.config.user_id or session.get(
            "homeserver"
        ) != self.config.homeserver:
            return None
        return dict(session)

    def _save_session(self, user_id: str, device_id: str, access_token: str) -> None:
        record = {
            "homeserver": self.config.homeserver,
            "user_id": user_id,
            "device_id": device_id,
            "access_token": access_token,
        }
        temporary = self.session_file.with_suffix(".tmp")
        temporary.write_text(json.dumps(record))
        os.chmod(temporary, 0o600)
        temporary.replace(self.session_file)

    # -- reading -----------------------------------------------------------------------------

    async def sync(self, since: str | None, *, timeout_ms: int, full_state: bool,
                   fresh: str | None = None) -> SyncBatch:
        """The events since `since`. `fresh`, unique to the asking process, makes sure the
        answer is made now: Synapse answers a /sync it was asked in the last two minutes
        (same position, same parameters) from its response cache, so a bot started again
        from the position an earlier start left would be handed that start's old answer,
        and take itself to be caught up while answers sent in between still wait."""
        sync_filter = SYNC_FILTER if fresh is None else {**SYNC_FILTER, FRESH_FIELD: fresh}
        response = await self._retrying(
            "sync",
            lambda: self.client.sync(
                timeout=timeout_ms, since=since, full_state=full_state, sync_filter=sync_filter
            ),
            SyncResponse,
        )
        if since is None or full_state:
            self.rooms_with_state.update(response.rooms.join)
        self.rooms_with_state.difference_update(response.rooms.leave)
        await self._maintain_keys()
        await self._learn_senders(
            [event for info in response.rooms.join.values() for event in info.timeline.events])
        joined = {
            room_id: RoomTimeline(
                events=[self._as_read(event) for event in info.timeline.events],
                limited=bool(info.timeline.limited),
                prev_batch=info.timeline.prev_batch,
            )
            for room_id, info in response.rooms.join.items()
        }
        invited = {
            room_id: _inviter(info.invite_state, self.user_id)
            for room_id, info in response.rooms.invite.items()
        }
        return SyncBatch(next_batch=response.next_batch, joined=joined, invited=invited)

    async def _learn_senders(self, events: list[Any]) -> None:
        """Under `trust = "cross-signed"`: before events are judged by their device, learn
        the devices and identities of senders the bot does not know yet (nio asks for the
        room's members after each start and for changed ones after each sync, but a failed
        question would leave them unknown) — with retries, so a homeserver's trouble delays
        the events instead of turning them away."""
        if self.config.trust != "cross-signed" or self.client.olm is None:
            return
        unknown = {event.sender for event in events if getattr(event, "decrypted", False) and (
            event.sender not in self.client.cross_signed
            or self.client.device_by_curve_key(event.sender, event.sender_key) is None)}
        if unknown:
            self.client.olm.users_for_key_query.update(unknown)
            await self._retrying("keys query", self.client.keys_query, KeysQueryResponse)

    def _as_read(self, event: Any) -> dict[str, Any]:
        """The event as the bot reads it. Under `trust = "cross-signed"` a message decrypted
        from a device its owner has not cross-signed is replaced by a marker of that device
        (same id, sender and time): it counts for nothing, and its owner is told."""
        source: dict[str, Any] = event.source
        if self.config.trust != "cross-signed" or not getattr(event, "decrypted", False):
            return source
        device = self.client.device_by_curve_key(event.sender, event.sender_key)
        if device is not None and device.id in self.client.cross_signed.get(event.sender, ()):
            return source
        return {"type": UNSIGNED_DEVICE_TYPE, "event_id": source.get("event_id"),
                "sender": event.sender, "origin_server_ts": source.get("origin_server_ts"),
                "content": {"device_id": device.id if device is not None else "?"}}

    async def _maintain_keys(self) -> None:
        """What nio's sync_forever does between syncs: publish our keys, learn the members'
        devices, open sessions with them, send pending key shares."""
        if self.client.olm is None:
            return
        try:
            if self.client.should_upload_keys:
                await self.client.keys_upload()
            if self.client.should_query_keys:
                await self.client.keys_query()
                self._log_new_devices()
            if self.client.should_claim_keys:
                await self.client.keys_claim(self.client.get_users_for_key_claiming())
            await self.client.send_to_device_messages()
        except Exception:
            log.warning("key maintenance failed; trying again after the next sync",
                        exc_info=True)

    def _log_new_devices(self) -> None:
        for user_id, devices in self.client.device_store.items():
            for device_id, device in devices.items():
                if (user_id, device_id) in self.known_devices or device.deleted:
                    continue
                self.known_devices.add((user_id, device_id))
                if self.config.trust == "tofu":
                    log.info("trusting device %s of %s on first use", device_id, user_id)

    async def prepare_room(self, room_id: str) -> None:
        """Make sure nio holds the room's whole state (its members and their names, whether
        it is encrypted): read once, when the bot first has to know it."""
        if room_id in self.rooms_with_state:
            return
        response = await self._retrying(
            "state", lambda: self.client.room_get_state(room_id), RoomGetStateResponse)
        self._take_state(room_id, list(response.events))

    def _take_state(self, room_id: str, state: list[dict[str, Any]]) -> None:
        self.client.take_room_state(room_id, state)
        self.rooms_with_state.add(room_id)

    async def room_ready(self, room_id: str) -> bool:
        """Whether a message can be sent to the room now: an encrypting client must know the
        room's state (its members, its encryption), read now if it was not known yet — except
        for a direct-message room just opened, which waits for the sync that shows it.
        Raises `MatrixUnavailable` where the homeserver refuses (the bot left the room)."""
        if self.client.olm is None:
            return True
        if room_id in self.opened_unseen:
            if room_id not in self.client.rooms:
                return False
            self.opened_unseen.discard(room_id)
        await self.prepare_room(room_id)
        return True

    async def room_encrypted(self, room_id: str) -> bool:
        await self.prepare_room(room_id)
        room = self.client.rooms.get(room_id)
        return bool(room and room.encrypted)

    async def fetch_gap(self, room_id: str, prev_batch: str, since: str) -> list[dict[str, Any]]:
        """The events between the previous sync (`since`) and a limited timeline, oldest first."""
        collected: list[dict[str, Any]] = []
        start = prev_batch
        for _ in range(MAX_GAP_PAGES):
            page = await self._retrying(
                "messages",
                lambda start=start: self.client.room_messages(  # type: ignore[misc]
                    room_id, start=start, end=since, direction=MessageDirection.back, limit=100
                ),
                RoomMessagesResponse,
            )
            await self._learn_senders(page.chunk)
            collected.extend(self._as_read(event) for event in page.chunk)
            if not page.chunk or not page.end or page.end == start:
                break
            start = page.end
        else:
            log.warning("gap in %s longer than %d pages; older events skipped", room_id,
                        MAX_GAP_PAGES)
        collected.reverse()
        return collected

    def names_someone(self, room_id: str, text: str) -> bool:
        """Whether `text` could highlight someone in the room by the legacy mention rules, as
        far as the room's state (kept by nio from sync) tells; yes for a room whose state
        is not known yet (an empty `m.mentions` is the safe answer)."""
        room = self.client.rooms.get(room_id)
        if room is None or room_id not in self.rooms_with_state:
            return True
        people = (RoomPerson(user.user_id, user.display_name) for user in room.users.values())
        return could_highlight(text, people, sender=self.user_id)

    async def display_name(self, room_id: str, user_id: str) -> str | None:
        """The member's display name as the room's state (kept by nio from sync) has it."""
        await self.prepare_room(room_id)
        room = self.client.rooms.get(room_id)
        user = room.users.get(user_id) if room is not None else None
        return user.display_name if user is not None else None

    async def file_of_event(self, room_id: str, event_id: str) -> Attachment | None:
        """The file a message carries (`m.file`, `m.image`, …), downloaded — and decrypted,
        in an encrypted room; None when the event is no file message (or cannot be read)."""
        response = await self.client.room_get_event(room_id, event_id)
        if not isinstance(response, RoomGetEventResponse):
            return None
        event = response.event
        if isinstance(event, MegolmEvent):
            try:
                event = self.client.decrypt_event(event)
            except Exception:  # no key for it: the bot cannot read this message
                log.warning("could not decrypt the file message %s", event_id)
                return None
        content = event.source.get("content", {})
        if content.get("msgtype") not in FILE_MSGTYPES:
            return None
        info = content.get("info") or {}
        if isinstance(info.get("size"), int) and info["size"] > MAX_FILE_BYTES:
            raise FileTooLarge(info["size"])
        encrypted = content.get("file")
        url = encrypted.get("url") if isinstance(encrypted, dict) else content.get("url")
        if not isinstance(url, str) or not url.startswith("mxc://"):
            return None
        data = await self._download(url)
        if isinstance(encrypted, dict):
            try:
                data = decrypt_attachment(data, encrypted["key"]["k"],
                                          encrypted["hashes"]["sha256"], encrypted["iv"])
            except (EncryptionError, KeyError, TypeError, ValueError) as error:
                # The sender's upload broke off, or the message names other keys.
                raise DamagedFile(str(error)) from None
        filename = content.get("filename") or content.get("body") or "datei"
        return Attachment(str(filename), str(info.get("mimetype") or
                                             "application/octet-stream"), data)

    async def _download(self, mxc: str) -> bytes:
        """Authenticated media (client API v1, what current homeservers require), else the
        older media API."""
        server, media_id = mxc.removeprefix("mxc://").split("/", 1)
        url = (f"{self.config.homeserver}/_matrix/client/v1/media/download/"
               f"{quote(server)}/{quote(media_id)}")
        headers = {"Authorization": f"Bearer {self.client.access_token}"}
        timeout = aiohttp.ClientTimeout(total=60)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            async with session.get(url, headers=headers) as response:
                if response.status == 200:
                    return await _read_limited(response)
            fallback = f"{self.config.homeserver}/_matrix/media/v3/download/{quote(server)}/" \
                f"{quote(media_id)}"
            async with session.get(fallback, headers=headers) as response:
                if response.status != 200:
                    raise MatrixUnavailable("download", str(response.status),
                                            await response.text())
                return await _read_limited(response)

    async def power_level(self, room_id: str, user_id: str) -> int:
        response = await self._retrying(
            "state", lambda: self.client.room_get_state(room_id), RoomGetStateResponse
        )
        if room_id not in self.rooms_with_state:
            self._take_state(room_id, list(response.events))
        return power_level(user_id, list(response.events))

    # -- writing -----------------------------------------------------------------------------

    async def send(
        self, room_id: str, event_type: str, content: dict[str, Any], txn_id: str
    ) -> str:
        """Send an event; the same `txn_id` sent twice shows one event. Returns its id.

        In an encrypted room nio encrypts it and shares the room key first: with every device
        of the room's members (trust on first use), or under `trust = "verified"` only with
        devices verified in the bot's store (the others are blacklisted).
        """
        encrypted = self.client.olm is not None and await self.room_encrypted(room_id)
        if self.config.trust == "verified" and encrypted:
            self._exclude_unverified(room_id)
        if self.config.trust == "cross-signed" and encrypted:
            await self._share_only_with_cross_signed(room_id)
        response = await self._retrying(
            "send",
            lambda: self.client.room_send(
                room_id, event_type, content, tx_id=txn_id, ignore_unverified_devices=True
            ),
            RoomSendResponse,
        )
        return str(response.event_id)

    async def _share_only_with_cross_signed(self, room_id: str) -> None:
        """Room keys only for devices their owner cross-signed (as Element does in its
        "exclude insecure devices" mode): the others are blacklisted in nio's store, and taken
        off the list once signed. New devices are looked up first, so none slips through."""
        if self.client.should_query_keys:
            await self.client.keys_query()
        room = self.client.rooms[room_id]
        for user_id in room.users:
            signed = self.client.cross_signed.get(user_id, set())
            for device in self.client.device_store.active_user_devices(user_id):
                if device.id in signed and device.blacklisted:
                    self.client.unblacklist_device(device)
                    log.info("sharing keys again with device %s of %s (now cross-signed)",
                             device.id, user_id)
                elif device.id not in signed and not device.blacklisted:
                    self.client.blacklist_device(device)
                    log.info("not sharing keys with device %s of %s: not cross-signed by its "
                             "owner", device.id, user_id)

    def _exclude_unverified(self, room_id: str) -> None:
        room = self.client.rooms[room_id]
        for user_id in room.users:
            for device in self.client.device_store.active_user_devices(user_id):
                if not device.verified and not device.blacklisted:
                    self.client.blacklist_device(device)
                    log.info("not sharing keys with unverified device %s of %s", device.id,
                             user_id)

    async def create_direct_room(self, user_id: str) -> str:
        """A new private room with `user_id`, marked as a direct chat for their client, and
        encrypted when the bot encrypts."""
        initial_state = (
            [{"type": "m.room.encryption", "state_key": "",
              "content": {"algorithm": "m.megolm.v1.aes-sha2"}}]
            if self.config.encryption else []
        )
        response = await self._retrying(
            "create direct room",
            lambda: self.client.room_create(
                is_direct=True, invite=[user_id], preset=RoomPreset.trusted_private_chat,
                initial_state=initial_state,
            ),
            RoomCreateResponse,
        )
        self.opened_unseen.add(str(response.room_id))
        return str(response.room_id)

    async def upload(
        self, data: bytes, mimetype: str, filename: str, *, encrypt: bool = False
    ) -> tuple[str, dict[str, Any] | None]:
        """Upload a file to the media repository; its mxc:// URI and, when encrypted for an
        encrypted room, the keys a client needs to decrypt it."""
        keys: dict[str, Any] | None = None

        async def call() -> Any:
            nonlocal keys
            response, keys = await self.client.upload(
                io.BytesIO(data), content_type="application/octet-stream" if encrypt
                else mimetype, filename=filename, filesize=len(data), encrypt=encrypt,
            )
            return response

        response = await self._retrying("upload", call, UploadResponse)
        return str(response.content_uri), keys

    async def join(self, room_id: str) -> bool:
        response = await self.client.join(room_id)
        if isinstance(response, JoinError):
            log.warning("could not join %s: %s", room_id, response.message)
            return False
        return True

    async def _retrying(
        self, what: str, call: Callable[[], Awaitable[Any]], expected: type[R]
    ) -> R:
        backoff = Backoff()
        while True:
            response = await call()
            if isinstance(response, expected):
                return response
            errcode = getattr(response, "status_code", None)
            message = getattr(response, "message", str(response))
            self.metrics.homeserver_errors.labels(what).inc()
            if errcode in PERMANENT_ERRORS or _client_error(response):
                raise MatrixUnavailable(what, errcode, message)
            self.metrics.homeserver_retries.inc()
            delay = backoff.next()
            log.warning("%s failed (%s %s); retrying in %.0f s", what, errcode, message, delay)
            await asyncio.sleep(delay)


#: Message types that carry a file.
FILE_MSGTYPES = ("m.file", "m.image", "m.video", "m.audio")
#: The largest file the bot reads back from the room (a report: a PDF, a slide deck).
MAX_FILE_BYTES = 20 * 1024 * 1024


class DamagedFile(Exception):
    """An encrypted file that does not decrypt to what its message's digest says."""


class FileTooLarge(Exception):
    def __init__(self, size: int) -> None:
        super().__init__(f"{size} bytes")
        self.size = size


async def _read_limited(response: aiohttp.ClientResponse) -> bytes:
    """The whole body, refused beyond `MAX_FILE_BYTES`. (`content.read(n)` returns what has
    arrived so far, up to n bytes — not the whole body: a file read that way was cut short
    now and then, and an encrypted one then failed its digest.)"""
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.content.iter_chunked(64 * 1024):
        size += len(chunk)
        if size > MAX_FILE_BYTES:
            raise FileTooLarge(size)
        chunks.append(chunk)
    return b"".join(chunks)


def _client_error(response: Any) -> bool:
    """A 4xx answer other than 429 is the request's fault, not the server's state."""
    transport = getattr(response, "transport_response", None)
    status = getattr(transport, "status", None)
    return isinstance(response, ErrorResponse) and isinstance(status, int) and (
        400 <= status < 500 and status != 429
    )


def _inviter(invite_state: list[Any], own_user_id: str) -> str | None:
    for event in invite_state:
        if getattr(event, "state_key", None) == own_user_id and getattr(event, "sender", None):
            return str(event.sender)
    return None


#: Up to 100 timeline events per room and sync (Synapse's cap); presence is not needed.
#: A field of the bot's own in the sync filter (homeservers ignore fields they do not know;
#: Synapse's filter schema allows them), which keeps a start's catch-up request apart from
#: every earlier one in the homeserver's response cache.
FRESH_FIELD = "org.kimbot.catch_up"
SYNC_FILTER: dict[str, Any] = {
    "presence": {"types": []},
    "room": {"timeline": {"limit": 100}, "ephemeral": {"types": []}},
}
