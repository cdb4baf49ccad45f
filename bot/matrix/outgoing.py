"""Shapes of the events the bot sends, and transaction ids derived from what they answer."""

from __future__ import annotations

import hashlib
from typing import Any

from commands.framework.effects import (
    FileMessage,
    ImageMessage,
    Notice,
    Outgoing,
    PollEnd,
    PollStart,
)
from i18n import Rendered


def transaction_id(cause_event_id: str, index: int) -> str:
    """A Matrix transaction id that is the same every time the bot answers the same event.

    The homeserver treats a repeated `PUT …/send/{type}/{txnId}` as the same request, so a reply
    re-sent after a crash is not shown twice.
    """
    digest = hashlib.sha256(f"{cause_event_id}\x00{index}".encode()).hexdigest()
    return f"kimbot.{digest[:48]}"


#: Room events may be 64 KiB at most, and an encrypted one grows by a third in base64: text
#: beyond this (a listing of a very large group) is cut rather than refused by the homeserver.
TEXT_BUDGET = 40_000


def fit(rendered: Rendered, budget: int = TEXT_BUDGET) -> Rendered:
    """The text as it fits into one event: without its HTML form if both together are too
    large; if the plain text alone is, its listing is cut short at a line end, marked with
    „…“, and its last line — where replies sum up (the forecast, the count) — is kept."""
    plain, markup = rendered.plain, rendered.html
    if len(plain.encode()) + len(markup.encode()) <= budget:
        return rendered
    if len(plain.encode()) <= budget:
        return Rendered(plain, "")
    head, _, last = plain.rpartition("\n")
    if not head or len(last.encode()) > budget // 4:
        head, last = plain, ""
    room = budget - len(last.encode()) - 8
    cut = head.encode()[:room].decode("utf-8", errors="ignore")
    cut = cut[: cut.rfind("\n")] if "\n" in cut else cut
    return Rendered(f"{cut}\n…" + (f"\n{last}" if last else ""), "")


def text_message(
    rendered: Rendered,
    *,
    reply_to: str | None = None,
    mentions: tuple[str, ...] = (),
    names_someone: bool = True,
) -> dict[str, Any]:
    """A message with plain and HTML bodies, optionally as a reply.

    It is an `m.notice`, the bot's own kind of message, unless it mentions people: then an
    `m.text`, because the default push rule for notices (`.m.rule.suppress_notices`) comes
    before the mention rules, so a notice that names someone notifies no one. A message that
    mentions no one carries an empty `m.mentions` when its text `names_someone` in the room
    (`domain.mentions.could_highlight`), so that names and user ids in a listing do not
    highlight anyone by the legacy rules (for members who turned notifications for bots on);
    a text that names no one goes without, since the homeserver charges for the field."""
    users = list(mentions)
    rendered = fit(rendered)
    content: dict[str, Any] = {
        "msgtype": "m.text" if users else "m.notice",
        "body": rendered.plain,
    }
    if users or names_someone:
        content["m.mentions"] = {"user_ids": users} if users else {}
    if rendered.html:
        content["format"] = "org.matrix.custom.html"
        content["formatted_body"] = rendered.html
    if reply_to is not None:
        content["m.relates_to"] = {"m.in_reply_to": {"event_id": reply_to}}
    return content


def edit(original_event_id: str, rendered: Rendered) -> dict[str, Any]:
    """An edit of an earlier notice, as Element shows it: the whole new content in
    `m.new_content`, and a fallback marked with „* “ for clients that do not know edits.
    The text is there twice, so each copy gets half the room an event has."""
    new_content = text_message(fit(rendered, TEXT_BUDGET // 2))
    content: dict[str, Any] = {
        "msgtype": "m.notice",
        "body": f"* {new_content['body']}",
        "m.new_content": new_content,
        "m.mentions": {},
        "m.relates_to": {"rel_type": "m.replace", "event_id": original_event_id},
    }
    if "formatted_body" in new_content:
        content["format"] = new_content["format"]
        content["formatted_body"] = f"* {new_content['formatted_body']}"
    return content


POLL_START = "org.matrix.msc3381.poll.start"
POLL_END = "org.matrix.msc3381.poll.end"
#: Undisclosed: clients show no running tally. Element would count every click, outsiders' and
#: deputies' alike; only the bot knows who holds a seat, so only its result is shown.
POLL_KIND = "org.matrix.msc3381.poll.undisclosed"
DISCLOSED = "org.matrix.msc3381.poll.disclosed"
TEXT = "org.matrix.msc1767.text"


def poll_start(message: PollStart) -> dict[str, Any]:
    """A native poll in the unstable MSC3381 form that Element and matrix-js-sdk render."""
    return {
        POLL_START: {
            "kind": DISCLOSED if message.disclosed else POLL_KIND,
            "max_selections": message.max_selections,
            "question": {TEXT: message.question, "body": message.question, "msgtype": "m.text"},
            "answers": [{"id": answer_id, TEXT: label} for answer_id, label in message.answers],
        },
        TEXT: message.fallback.plain,
        "body": message.fallback.plain,
    }


def poll_end(message: PollEnd) -> dict[str, Any]:
    return {
        "m.relates_to": {"rel_type": "m.reference", "event_id": message.poll_event_id},
        POLL_END: {},
        TEXT: message.fallback.plain,
        "body": message.fallback.plain,
    }


def file_message(message: FileMessage) -> dict[str, Any]:
    """An `m.file`; the sender puts the uploaded file's `url` in before sending."""
    return {
        "msgtype": "m.file",
        "body": message.filename,
        "filename": message.filename,
        "info": {"mimetype": message.mimetype, "size": len(message.data)},
    }


def image_message(message: ImageMessage) -> dict[str, Any]:
    """An `m.image`; its body is the alt text (MSC2530: with `filename` given, clients take the
    body as the image's caption)."""
    return {
        "msgtype": "m.image",
        "body": message.alt,
        "filename": message.filename,
        "info": {"mimetype": message.mimetype, "size": len(message.data), "w": message.width,
                 "h": message.height},
    }


def legacy_body(message: Outgoing) -> str:
    """The text of `content.body`, which the legacy mention rules read, before it is cut to
    fit: a name anywhere in it could highlight someone."""
    match message:
        case Notice():
            return message.text.plain
        case PollStart() | PollEnd():
            return message.fallback.plain
        case FileMessage():
            return message.filename
        case ImageMessage():
            return message.alt


def matrix_event(
    message: Outgoing, names_someone: bool = True
) -> tuple[str, dict[str, Any], bytes | None]:
    """The Matrix event type and content for a handler's outgoing message, and a file to
    upload first, if any. `names_someone`: whether `legacy_body(message)` names someone in
    the room; if so, the event carries an empty `m.mentions` (see `text_message`) — a poll
    whose question names a member would otherwise highlight her, since a poll is no notice."""
    match message:
        case Notice():
            content = text_message(message.text, mentions=message.mentions,
                                   names_someone=names_someone)
            return "m.room.message", content, None
        case PollStart():
            return POLL_START, _quiet(poll_start(message), names_someone), None
        case PollEnd():
            return POLL_END, _quiet(poll_end(message), names_someone), None
        case FileMessage():
            return "m.room.message", _quiet(file_message(message), names_someone), message.data
        case ImageMessage():
            return "m.room.message", _quiet(image_message(message), names_someone), message.data


def _quiet(content: dict[str, Any], names_someone: bool) -> dict[str, Any]:
    if names_someone:
        content["m.mentions"] = {}
    return content
