"""Typed room events: the only shapes of Matrix events the rest of the bot sees.

`parse_event` turns a raw event (the JSON a homeserver sends, after decryption) into one of
these values or None. Poll answers are read in both the unstable (MSC3381) and the stable form.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

POLL_RESPONSE_TYPES = ("org.matrix.msc3381.poll.response", "m.poll.response")
VARIATION_SELECTOR = "\ufe0f"


@dataclass(frozen=True)
class RoomEvent:
    room_id: str
    event_id: str
    sender: str
    timestamp: datetime

    @property
    def kind(self) -> str:
        return _KINDS[type(self)]


@dataclass(frozen=True)
class TextMessage(RoomEvent):
    body: str
    #: The event this message replies to, if any.
    reply_to: str | None = None


@dataclass(frozen=True)
class Reaction(RoomEvent):
    target_event_id: str
    #: The reaction key with any emoji variation selector removed (✅ and ✅️ are one answer).
    key: str


@dataclass(frozen=True)
class Redaction(RoomEvent):
    redacts: str


@dataclass(frozen=True)
class PollResponse(RoomEvent):
    poll_event_id: str
    answer_ids: tuple[str, ...]


@dataclass(frozen=True)
class MembershipChange(RoomEvent):
    user_id: str
    membership: str
    display_name: str | None = None


@dataclass(frozen=True)
class Undecryptable(RoomEvent):
    pass


@dataclass(frozen=True)
class FromUnsignedDevice(RoomEvent):
    """A message (command, vote, answer) sent from a device its owner has not cross-signed,
    under `trust = "cross-signed"`: it does not count."""

    device_id: str


_KINDS: dict[type[RoomEvent], str] = {
    TextMessage: "message",
    Reaction: "reaction",
    Redaction: "redaction",
    PollResponse: "poll_response",
    MembershipChange: "membership",
    Undecryptable: "undecryptable",
    FromUnsignedDevice: "unsigned_device",
}

#: The type the Matrix gateway gives an event it read from a device that does not count
#: (`bot.matrix.gateway`); the event id, sender and time stay the original's.
UNSIGNED_DEVICE_TYPE = "org.kimbot.from_unsigned_device"


#: What every room event has: room id, event id, sender, server timestamp.
_Envelope = tuple[str, str, str, datetime]


def parse_event(room_id: str, raw: dict[str, Any]) -> RoomEvent | None:
    """The typed form of a raw room event, or None for events the bot does not read."""
    event_id = raw.get("event_id")
    sender = raw.get("sender")
    if not isinstance(event_id, str) or not isinstance(sender, str):
        return None
    content = raw.get("content")
    if not isinstance(content, dict):
        content = {}
    base: _Envelope = (room_id, event_id, sender, _timestamp(raw.get("origin_server_ts")))
    event_type = raw.get("type")
    relation = content.get("m.relates_to")
    relates: dict[str, Any] = relation if isinstance(relation, dict) else {}
    if event_type == "m.room.message":
        body = content.get("body")
        # Notices are what bots send; answering them invites loops between bots.
        if not isinstance(body, str) or content.get("msgtype") != "m.text":
            return None
        if relates.get("rel_type") == "m.replace":
            return None  # edits are not commands; the original was handled
        in_reply_to = relates.get("m.in_reply_to")
        reply_to = in_reply_to.get("event_id") if isinstance(in_reply_to, dict) else None
        return TextMessage(*base, body=body, reply_to=reply_to)
    if event_type == "m.reaction":
        target, key = relates.get("event_id"), relates.get("key")
        if relates.get("rel_type") == "m.annotation" and isinstance(target, str) and isinstance(
            key, str
        ):
            return Reaction(*base, target_event_id=target, key=key.replace(VARIATION_SELECTOR, ""))
        return None
    if event_type == "m.room.redaction":
        redacts = raw.get("redacts") or content.get("redacts")
        return Redaction(*base, redacts=redacts) if isinstance(redacts, str) else None
    if event_type in POLL_RESPONSE_TYPES:
        return _poll_response(base, content, relates)
    if event_type == "m.room.member":
        state_key, membership = raw.get("state_key"), content.get("membership")
        if isinstance(state_key, str) and isinstance(membership, str):
            name = content.get("displayname")
            return MembershipChange(*base, user_id=state_key, membership=membership,
                                    display_name=name if isinstance(name, str) else None)
        return None
    if event_type == "m.room.encrypted":
        return Undecryptable(*base)
    if event_type == UNSIGNED_DEVICE_TYPE:
        device = content.get("device_id")
        return FromUnsignedDevice(*base, device_id=device if isinstance(device, str) else "?")
    return None


def _poll_response(
    base: _Envelope, content: dict[str, Any], relates: dict[str, Any]
) -> PollResponse | None:
    poll = relates.get("event_id")
    if relates.get("rel_type") != "m.reference" or not isinstance(poll, str):
        return None
    unstable = content.get("org.matrix.msc3381.poll.response")
    answers: Any = None
    if isinstance(unstable, dict):
        answers = unstable.get("answers")
    if answers is None:
        answers = content.get("m.selections")
    if not isinstance(answers, list):
        return None
    return PollResponse(
        *base, poll_event_id=poll, answer_ids=tuple(a for a in answers if isinstance(a, str))
    )


def _timestamp(value: Any) -> datetime:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value / 1000, tz=UTC)
    return datetime.fromtimestamp(0, tz=UTC)
