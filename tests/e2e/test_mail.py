"""Invitations by email (iMIP) through a real SMTP server (aiosmtpd), which is down at first."""

from __future__ import annotations

import asyncio
import email
import io
import re
from datetime import datetime, timedelta
from email.message import Message
from pathlib import Path
from zoneinfo import ZoneInfo

import pypdf
import vobject
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from tests.e2e.conftest import open_room, start_bot
from tests.support.members import Member
from tests.support.synapse import Homeserver, free_port

BERLIN = ZoneInfo("Europe/Berlin")


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        self.messages.append(email.message_from_bytes(content))
        return "250 OK"


async def test_invitations_reach_members_by_mail_once_the_server_is_up(
    homeserver: Homeserver, people: dict[str, Member], tmp_path: Path
) -> None:
    port = free_port()
    smtp = (f'[smtp]\nhost = "127.0.0.1"\nport = {port}\nfrom = "kimbot@stadt.example"\n'
            "starttls = false\nretry_seconds = 1\n")
    bot = start_bot(homeserver, tmp_path / "bot", "kimbot-mail", extra_config=smtp)
    room = await open_room(people, bot.user_id)
    await room.say("coord", "!einrichten Lenkungsgruppe")
    await room.say("coord", "!mitglied hinzufügen @anna:localhost org=Jobcenter "
                            "email=anna@stadt.example")
    await room.say("coord", "!mitglied hinzufügen @carla:localhost org=Sozialamt")
    day = (datetime.now(BERLIN) + timedelta(days=9)).strftime("%d.%m.%Y")
    await room.say("coord", f'!termin ansetzen {day} 14:00 title="Sitzung: Haushalt, Ü-Mittel"')

    await asyncio.sleep(2)  # the mail server is down: the bot keeps working and says so
    shown = await room.say("coord", "!termin zeigen 1")
    assert "E-Mail-Einladungen: 0 zugestellt, 1 ausstehend." in shown
    assert "an anna@stadt.example:" in shown and "wird wiederholt" in shown

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        for _ in range(120):
            if inbox.messages:
                break
            await asyncio.sleep(0.25)
        [mail] = inbox.messages
    finally:
        controller.stop()
    assert mail["To"] == "anna@stadt.example" and mail["From"] == "kimbot@stadt.example"
    assert "Einladung: Sitzung: Haushalt, Ü-Mittel" in str(email.header.make_header(
        email.header.decode_header(mail["Subject"])))
    # The invitation for people and for their calendar, and beside it the Einladung (PDF).
    assert mail.get_content_type() == "multipart/mixed"
    alternative, letter = mail.get_payload()
    assert alternative.get_content_type() == "multipart/alternative"
    assert letter.get_content_type() == "application/pdf"
    assert re.fullmatch(r"einladung-1-\d{4}-\d{2}-\d{2}\.pdf", letter.get_filename())
    letter_text = " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(
        io.BytesIO(letter.get_payload(decode=True))).pages).split())
    assert "Einladung zur Sitzung Nr. 1 der Lenkungsgruppe: Sitzung: Haushalt, Ü-Mittel" \
        in letter_text
    assert "Fristgerecht eingeladen am" in letter_text
    text_part, calendar_part = alternative.get_payload()
    assert text_part.get_content_type() == "text/plain"
    assert calendar_part.get_content_type() == "text/calendar"
    assert calendar_part.get_param("method") == "REQUEST"
    payload = calendar_part.get_payload(decode=True)
    invitation = vobject.readOne(payload.decode("utf-8"))
    assert invitation.method.value == "REQUEST"
    assert invitation.vevent.summary.value == "Sitzung: Haushalt, Ü-Mittel"
    assert invitation.vevent.organizer.value == "mailto:kimbot@stadt.example"
    assert "E-Mail-Einladungen: 1 zugestellt, 0 ausstehend." in await room.say(
        "coord", "!termin zeigen 1")
    assert bot.process.stop() == 0
