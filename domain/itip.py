"""Answers that come back from calendar programs by email (iTIP, RFC 5546, in iMIP mail,
RFC 6047): read what a mail says, nothing more. Whether to believe it and what it changes
is decided by `commands.mail_replies`.

Calendar programs write replies each their own way — Outlook inline as `text/calendar` in
base64 with a Windows zone name, Thunderbird inline and again as an `invite.ics`
attachment, Apple and Google with `mailto:` in any case — so every part that is a calendar
is read, in any transfer encoding and charset, and identical answers are counted once.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr
from enum import StrEnum

from icalendar import Calendar, Component

from domain.utc import as_utc

#: Larger mails are not read at all: a calendar reply is a few kilobytes, with its HTML and
#: attachments rarely more than a few hundred.
MAX_MAIL_BYTES = 2 * 1024 * 1024
#: A mail with more calendar parts or answers than this is not an answer but a bomb.
MAX_CALENDAR_PARTS = 8
MAX_ANSWERS = 64


class ReplyMethod(StrEnum):
    REPLY = "REPLY"
    COUNTER = "COUNTER"
    REFRESH = "REFRESH"


class ReplyStatus(StrEnum):
    """PARTSTAT of an answer (RFC 5545 §3.2.12), the ones that answer an invitation."""

    ACCEPTED = "ACCEPTED"
    DECLINED = "DECLINED"
    TENTATIVE = "TENTATIVE"
    DELEGATED = "DELEGATED"


class MailOutcome(StrEnum):
    """What became of a mail that came back (kept in the journal, counted per meeting)."""

    APPLIED = "applied"
    SUPERSEDED = "superseded"  # an answer given later (by DTSTAMP) already counts
    STALE = "stale"  # a reply to an older version of the invitation (SEQUENCE)
    CANCELLED = "cancelled"  # a reply to a meeting cancelled meanwhile
    COUNTER = "counter"
    REFRESH = "refresh"
    TOO_LARGE = "too_large"
    NO_CALENDAR = "no_calendar"
    NOT_AN_ANSWER = "not_an_answer"
    UNKNOWN_MEETING = "unknown_meeting"
    UNKNOWN_DATE = "unknown_date"
    UNKNOWN_ATTENDEE = "unknown_attendee"
    SENDER_MISMATCH = "sender_mismatch"
    NOT_SENT_THERE = "not_sent_there"
    UNAUTHENTICATED = "unauthenticated"


#: Outcomes that are someone's answer, taken or deliberately set aside; the rest are
#: shown to coordinators as „nicht zugeordnet“.
ACCOUNTED = frozenset({MailOutcome.APPLIED, MailOutcome.SUPERSEDED, MailOutcome.COUNTER,
                       MailOutcome.REFRESH, MailOutcome.STALE, MailOutcome.CANCELLED})

@dataclass(frozen=True)
class CalendarAnswer:
    """One attendee's answer to one meeting (or one date of a series) in a mail."""

    method: ReplyMethod
    uid: str
    attendee: str  # the email address, lower-case
    status: ReplyStatus | None  # None for REFRESH, or a PARTSTAT we do not act on
    sequence: int = 0
    stamp: datetime | None = None  # DTSTAMP, in UTC
    #: The date of a series answered: aware, or naive where the reply named a zone we do not
    #: know (then it is read in the meeting's zone).
    recurrence_id: datetime | None = None
    delegated_to: str | None = None
    comment: str | None = None
    #: For COUNTER: the time the attendee proposes instead.
    proposed_start: datetime | None = None
    proposed_end: datetime | None = None


@dataclass(frozen=True)
class InboundMail:
    """What the bot reads from a mail that came back."""

    key: str  # the Message-ID, or a hash of the mail where it has none
    sender: str  # the From address, lower-case ("" when there is none)
    answers: tuple[CalendarAnswer, ...]
    #: Domains for which the receiving server's Authentication-Results say dkim or spf=pass.
    authenticated_domains: frozenset[str]
    has_calendar: bool
    too_large: bool = False


def read_mail(raw: bytes) -> InboundMail:
    """Read a mail as it came in (LMTP DATA or an IMAP fetch). Never raises: what cannot be
    read is an `InboundMail` without answers."""
    if len(raw) > MAX_MAIL_BYTES:
        return InboundMail(_hash_key(raw), "", (), frozenset(), False, too_large=True)
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw)
        key = _message_key(message, raw)
        sender = _sender(message)
        domains = authenticated_domains(message.get_all("Authentication-Results") or [])
    except Exception:  # a header no parser expected: still not an answer, still no crash
        return InboundMail(_hash_key(raw), "", (), frozenset(), False)
    texts = list(_calendar_texts(message))
    answers: list[CalendarAnswer] = []
    for text in texts[:MAX_CALENDAR_PARTS]:
        for answer in _answers(text):
            if answer not in answers:
                answers.append(answer)
    return InboundMail(key, sender, tuple(answers[:MAX_ANSWERS]), domains, bool(texts))


def _hash_key(raw: bytes) -> str:
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def _message_key(message: EmailMessage, raw: bytes) -> str:
    message_id = " ".join(str(message.get("Message-ID", "")).split())
    if not message_id or len(message_id) > 400:
        return _hash_key(raw)
    return message_id


def _sender(message: EmailMessage) -> str:
    addresses = getaddresses([str(value) for value in message.get_all("From") or []])
    if len(addresses) != 1:
        return ""  # none, or several: no one in particular
    return addresses[0][1].strip().lower()


_AUTH_RESULT = re.compile(r"\b(dkim|spf)\s*=\s*pass\b([^;]*)", re.IGNORECASE)
_AUTH_DOMAIN = re.compile(
    r"\b(?:header\.d|header\.i|smtp\.mailfrom|smtp\.from)\s*=\s*\"?([^\s;\"]+)", re.IGNORECASE
)


def authenticated_domains(headers: list[str]) -> frozenset[str]:
    """The domains an `Authentication-Results` header (RFC 8601) says passed DKIM or SPF.
    Only the receiving site's own server adds the header it trusts; a site that wants this
    check has its MTA remove such headers from outside first (as Postfix and Exim can)."""
    domains = set()
    for header in headers:
        for match in _AUTH_RESULT.finditer(str(header)):
            for found in _AUTH_DOMAIN.finditer(match.group(2)):
                value = found.group(1).strip().lower()
                domains.add(value.rpartition("@")[2])
    return frozenset(domains)


def _calendar_texts(message: Message) -> Iterator[str]:
    for part in message.walk():
        if part.is_multipart():
            continue
        content_type = part.get_content_type()
        filename = (part.get_filename() or "").lower()
        if content_type not in ("text/calendar", "application/ics") and not (
            filename.endswith(".ics") or filename.endswith(".vcs")
        ):
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes) or len(payload) > MAX_MAIL_BYTES:
            continue
        yield _decode(payload, part.get_content_charset())


def _decode(payload: bytes, charset: str | None) -> str:
    for candidate in (charset, "utf-8"):
        if candidate:
            try:
                return payload.decode(candidate)
            except (LookupError, UnicodeDecodeError):
                continue
    return payload.decode("latin-1")  # every byte is a character: never fails


def _answers(text: str) -> Iterator[CalendarAnswer]:
    try:
        calendars = Calendar.from_ical(text, multiple=True)
    except Exception:  # icalendar raises many kinds on broken input
        return
    for calendar in calendars:
        try:
            method = ReplyMethod(str(calendar.get("METHOD", "")).strip().upper())
        except ValueError:
            continue  # a REQUEST forwarded back, a PUBLISH: not an answer
        for event in calendar.walk("VEVENT"):
            try:
                yield from _event_answers(method, event)
            except Exception:
                continue  # one broken event does not spoil the others


def _event_answers(method: ReplyMethod, event: Component) -> Iterator[CalendarAnswer]:
    uid = str(event.get("UID", "")).strip()
    if not uid:
        return
    attendees = event.get("ATTENDEE")
    if attendees is None:
        return
    if not isinstance(attendees, list):
        attendees = [attendees]
    comments = event.get("COMMENT")
    if comments is not None and not isinstance(comments, list):
        comments = [comments]
    comment = " ".join(" ".join(str(c).split()) for c in comments or []) or None
    common = {
        "method": method,
        "uid": uid,
        "sequence": _sequence(event),
        "stamp": _utc(_decoded(event, "DTSTAMP")),
        "recurrence_id": _moment(_decoded(event, "RECURRENCE-ID")),
        "comment": comment[:2000] if comment else None,
    }
    if method is ReplyMethod.COUNTER:
        common["proposed_start"] = _moment(_decoded(event, "DTSTART"))
        common["proposed_end"] = _moment(_decoded(event, "DTEND"))
    for attendee in attendees[:MAX_ANSWERS]:
        address = _address(str(attendee)) or _address(str(attendee.params.get("EMAIL", "")))
        if not address:
            continue
        status = _status(attendee.params.get("PARTSTAT"))
        delegated = _address(str(attendee.params.get("DELEGATED-TO", "")))
        yield CalendarAnswer(attendee=address, status=status, delegated_to=delegated,
                             **common)  # type: ignore[arg-type]


def _address(value: str) -> str | None:
    """`mailto:` in any case, quoted or not, with or without a display name around it."""
    value = value.strip().strip('"').strip()
    if value.lower().startswith("mailto:"):
        value = value[len("mailto:"):]
    elif ":" in value:
        return None  # urn:uuid:…, matrix:…: not an email address
    address = parseaddr(value)[1].strip().lower()
    return address if "@" in address and len(address) <= 254 else None


def _status(value: object) -> ReplyStatus | None:
    try:
        return ReplyStatus(str(value).strip().upper()) if value is not None else None
    except ValueError:
        return None


def _sequence(event: Component) -> int:
    try:
        return max(0, min(int(str(event.get("SEQUENCE", 0)).strip()), 2**31 - 1))
    except ValueError:
        return 0


def _decoded(event: Component, name: str) -> object:
    try:
        return event.decoded(name) if name in event else None
    except Exception:
        return None


def _moment(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())  # an all-day date: naive, the meeting's zone
    return None


def _utc(value: object) -> datetime | None:
    moment = _moment(value)
    if moment is None:
        return None
    return as_utc(moment)
