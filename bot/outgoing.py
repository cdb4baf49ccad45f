"""Shapes of the events the bot sends, and transaction ids derived from what they answer."""

from __future__ import annotations

import hashlib
from typing import Any

from i18n import Rendered


def transaction_id(cause_event_id: str, index: int) -> str:
    """A Matrix transaction id that is the same every time the bot answers the same event.

    The homeserver treats a repeated `PUT …/send/{type}/{txnId}` as the same request, so a reply
    re-sent after a crash is not shown twice.
    """
    digest = hashlib.sha256(f"{cause_event_id}\x00{index}".encode()).hexdigest()
    return f"kimbot.{digest[:48]}"


def notice(rendered: Rendered, *, reply_to: str | None = None,
           mention: str | None = None) -> dict[str, Any]:
    """An `m.notice` with plain and HTML bodies, optionally as a reply."""
    content: dict[str, Any] = {
        "msgtype": "m.notice",
        "body": rendered.plain,
        "format": "org.matrix.custom.html",
        "formatted_body": rendered.html,
        "m.mentions": {"user_ids": [mention]} if mention else {},
    }
    if reply_to is not None:
        content["m.relates_to"] = {"m.in_reply_to": {"event_id": reply_to}}
    return content
