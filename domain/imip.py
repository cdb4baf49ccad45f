"""Invitations by email (iMIP, RFC 6047): a readable text part and the calendar part."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid


def invitation_mail(
    *,
    sender: str,
    recipient: str,
    subject: str,
    text: str,
    calendar: bytes,
    method: str,
    sent_at: datetime,
    queued_as: str | None = None,
    attachment: tuple[str, bytes] | None = None,
) -> EmailMessage:
    """`multipart/alternative`: text/plain for people, `text/calendar; method=…` for their
    calendar program (which shows accept/decline buttons for a REQUEST). Without `calendar`,
    just the text.

    `attachment` (filename, PDF) goes beside them: the Einladung of an invitation.

    `queued_as` names the queued mail: its Message-ID is then the same however often it is
    sent, so a mail sent again because its delivery could not be recorded (the database
    away at that moment) is recognised as the same one by mail servers and programs."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = recipient
    # A title typed with line breaks must not become headers of their own.
    message["Subject"] = " ".join(subject.split())
    message["Date"] = format_datetime(sent_at)
    domain = sender.rpartition("@")[2] or None
    message["Message-ID"] = (f"<{queued_as}@{domain or 'kimbot.invalid'}>" if queued_as
                             else make_msgid(domain=domain))
    message.set_content(text)
    if calendar:  # else a plain message (a reminder by email)
        message.add_alternative(
            calendar.decode("utf-8"), subtype="calendar", params={"method": method}
        )
    if attachment is not None:  # the Einladung: multipart/mixed around the alternative
        filename, data = attachment
        message.add_attachment(data, maintype="application", subtype="pdf", filename=filename)
    return message
