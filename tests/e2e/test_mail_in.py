"""Calendar replies coming back by mail, end to end: the bot mails the invitation through a
real SMTP server (aiosmtpd), a member's calendar answers it, and the answer reaches the bot
over a real LMTP connection (smtplib) — or from a real IMAP mailbox (Dovecot, where
installed; the server's folder separator is ".", so the configured "kimbot/verarbeitet" is
"kimbot.verarbeitet" there) — and shows in the room."""

from __future__ import annotations

import asyncio
import imaplib
import smtplib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import vobject
from aiosmtpd.controller import Controller

from tests.e2e.conftest import RunningBot, open_room, start_bot
from tests.e2e.test_mail import BERLIN, Inbox
from tests.support.dovecot import Dovecot, find_dovecot
from tests.support.itip_mail import google, outlook
from tests.support.members import Member
from tests.support.synapse import Homeserver, free_port

ORGANIZER = "kimbot@stadt.example"
ANNA = "anna.weber@jobcenter.example"


def lmtp_deliver(port: int, raw: bytes) -> None:
    """What the site's MTA does: one LMTP transaction for the organizer address."""
    with smtplib.LMTP("127.0.0.1", port, timeout=60) as client:
        refused = client.sendmail("anna.weber@jobcenter.example", [ORGANIZER], raw)
        assert refused == {}, refused


async def delivered_through_a_kill(bot: RunningBot, port: int, raw: bytes, fault: str) -> bool:
    """Restart the bot with a fault point, deliver as an MTA does (again after a failure,
    restarting the bot that died); whether it died on the way."""
    assert bot.process.stop() == 0
    bot.process.start(fault=fault)
    await asyncio.sleep(3)  # logged in and listening again
    died = False
    for _ in range(40):
        try:
            await asyncio.to_thread(lmtp_deliver, port, raw)
            return died
        except (smtplib.SMTPException, OSError):
            died = True  # the MTA keeps the mail and tries again
            if not bot.process.running():
                bot.process.start()
            await asyncio.sleep(1)
    raise AssertionError("never delivered")


async def invitation_uid(inbox: Inbox) -> str:
    for _ in range(240):
        if inbox.messages:
            break
        await asyncio.sleep(0.25)
    [mail] = inbox.messages
    calendar = next(p for p in mail.walk() if p.get_content_type() == "text/calendar")
    invitation = vobject.readOne(calendar.get_payload(decode=True).decode())
    assert invitation.vevent.organizer.value == f"mailto:{ORGANIZER}"
    return str(invitation.vevent.uid.value)


async def test_a_reply_over_lmtp_answers_once_even_when_the_bot_dies_before_saying_so(
    homeserver: Homeserver, people: dict[str, Member], tmp_path: Path
) -> None:
    smtp_port, lmtp_port = free_port(), free_port()
    config = (f'[smtp]\nhost = "127.0.0.1"\nport = {smtp_port}\nfrom = "{ORGANIZER}"\n'
              "starttls = false\nretry_seconds = 1\n"
              f'[mail_in]\nbind = "127.0.0.1"\nport = {lmtp_port}\n')
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    bot: RunningBot = start_bot(homeserver, tmp_path / "bot", "kimbot-lmtp", extra_config=config)
    try:
        room = await open_room(people, bot.user_id)
        await room.say("coord", "!einrichten Lenkungsgruppe")
        await room.say("coord", f"!mitglied hinzufügen @anna:localhost org=Jobcenter email={ANNA}")
        await room.say("coord", "!mitglied hinzufügen @carla:localhost org=Sozialamt")
        day = datetime.now(BERLIN) + timedelta(days=9)
        await room.say("coord", f"!termin ansetzen {day:%d.%m.%Y} 14:00")
        uid = await invitation_uid(inbox)

        accepted = outlook(uid=uid, attendee=ANNA, name="Dr. Anna Weber", partstat="ACCEPTED",
                           stamp=datetime.now(UTC), organizer=ORGANIZER,
                           comment="Ich komme um 14:30.", message_id="<zusage-1@jobcenter>")
        await asyncio.to_thread(lmtp_deliver, lmtp_port, accepted)
        coord = room.people["coord"]
        told = await coord.wait_for(room.room_id, lambda e: "über den Kalender zugesagt"
                                    in e.get("content", {}).get("body", ""))
        assert told[-1]["content"]["body"].startswith(
            "@anna:localhost (Jobcenter) hat über den Kalender zugesagt: Termin Nr. 1")
        attendance = await room.say("coord", "!termin teilnahme 1")
        assert "Jobcenter: @anna:localhost – Zusage („Ich komme um 14:30.“)" in attendance

        # The same mail again (an MTA that did not hear the 250): nothing changes.
        await asyncio.to_thread(lmtp_deliver, lmtp_port, accepted)
        forged = outlook(uid=uid, attendee=ANNA, name="X", partstat="DECLINED",
                         stamp=datetime.now(UTC), organizer=ORGANIZER,
                         sender="mallory@evil.example", message_id="<gefaelscht@evil>")
        await asyncio.to_thread(lmtp_deliver, lmtp_port, forged)
        shown = await room.say("coord", "!termin zeigen 1")
        assert "Antworten per E-Mail: 1 übernommen." in shown
        assert "1 Antworten per E-Mail nicht zugeordnet." in shown

        # Killed after reading the mail, before anything was stored; then killed after the
        # commit, before the room line went out and before the 250. Each time the MTA
        # delivers again after the restart: the answer counts once, its line comes once.
        for fault, partstat, said in (("mail_received:1", "TENTATIVE", "mit Vorbehalt"),
                                      ("after_commit:1", "DECLINED", "abgesagt")):
            mail = outlook(uid=uid, attendee=ANNA, name="Dr. Anna Weber", partstat=partstat,
                           stamp=datetime.now(UTC), organizer=ORGANIZER,
                           message_id=f"<{partstat.lower()}-2@jobcenter>")
            assert await delivered_through_a_kill(bot, lmtp_port, mail, fault)
            await room.say("coord", "!hilfe")  # caught up
            await coord.wait_for(room.room_id, lambda e, said=said: f"über den Kalender {said}"
                                 in e.get("content", {}).get("body", ""))
            await asyncio.sleep(2)
            await coord.sync()
            lines = [e for e in coord.events(room.room_id, "m.room.message", bot.user_id)
                     if f"über den Kalender {said}" in e["content"].get("body", "")]
            assert len(lines) == 1, (fault, lines)
        attendance = await room.say("coord", "!termin teilnahme 1")
        assert "Jobcenter: @anna:localhost – Absage" in attendance
        assert "Antworten per E-Mail: 3 übernommen." in await room.say("coord",
                                                                      "!termin zeigen 1")
        assert bot.process.stop() == 0
    finally:
        if bot.process.running():
            bot.process.kill()
        smtp.stop()


@pytest.fixture(params=["idle", "plain"])
def dovecot(request: pytest.FixtureRequest) -> Iterator[Dovecot]:
    """Dovecot as it is (IDLE, MOVE), and as a plainer server without either."""
    program = find_dovecot()
    if program is None:
        pytest.skip("skipped: Dovecot is not installed (Debian: apt-get install dovecot-imapd; "
                    ".ci/run installs it), so there is no IMAP server to read replies from")
    server = Dovecot.create(program, plain=request.param == "plain").start()
    try:
        yield server
    finally:
        server.stop()


def imap_mailbox(server: Dovecot) -> imaplib.IMAP4:
    client = imaplib.IMAP4("127.0.0.1", server.port)
    client.login(server.user, server.password)
    return client


def append(server: Dovecot, raw: bytes) -> None:
    client = imap_mailbox(server)
    try:
        assert client.append("INBOX", None, None, raw)[0] == "OK"
    finally:
        client.logout()


def count(server: Dovecot, folder: str) -> int:
    client = imap_mailbox(server)
    try:
        status, data = client.select(f'"{folder}"', readonly=True)
        assert status == "OK", data
        return int(data[0])
    finally:
        client.logout()


async def test_replies_read_from_an_imap_mailbox_once_and_moved_away(
    homeserver: Homeserver, people: dict[str, Member], tmp_path: Path, dovecot: Dovecot
) -> None:
    smtp_port = free_port()
    # With IDLE, a look only every ten minutes: an answer within seconds is IDLE at work.
    poll = 2 if dovecot.plain else 600
    config = (f'[smtp]\nhost = "127.0.0.1"\nport = {smtp_port}\nfrom = "{ORGANIZER}"\n'
              "starttls = false\nretry_seconds = 1\n"
              f'[imap]\nhost = "127.0.0.1"\nport = {dovecot.port}\ntls = false\n'
              f'user = "{dovecot.user}"\npassword = "{dovecot.password}"\n'
              f"poll_seconds = {poll}\n")
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    bot = start_bot(homeserver, tmp_path / "bot", "kimbot-imap", extra_config=config)
    try:
        room = await open_room(people, bot.user_id)
        await room.say("coord", "!einrichten Lenkungsgruppe")
        await room.say("coord", f"!mitglied hinzufügen @anna:localhost org=Jobcenter email={ANNA}")
        day = datetime.now(BERLIN) + timedelta(days=9)
        await room.say("coord", f"!termin ansetzen {day:%d.%m.%Y} 14:00")
        uid = await invitation_uid(inbox)
        await asyncio.sleep(2)  # the bot is waiting in IDLE by now

        tentative = google(uid=uid, attendee=ANNA, name="Dr. Anna Weber", partstat="TENTATIVE",
                           stamp=datetime.now(UTC), organizer=ORGANIZER,
                           message_id="<vorbehalt-1@google.com>")
        await asyncio.to_thread(append, dovecot, tentative)
        coord = room.people["coord"]
        await coord.wait_for(room.room_id, lambda e: "über den Kalender mit Vorbehalt"
                             in e.get("content", {}).get("body", ""), within=30)
        assert "Jobcenter: @anna:localhost – vielleicht" in await room.say(
            "coord", "!termin teilnahme 1")
        # The same mail once more (a forwarding rule, a second copy): moved, not applied.
        await asyncio.to_thread(append, dovecot, tentative)
        for _ in range(60):
            if await asyncio.to_thread(count, dovecot, "kimbot.verarbeitet") == 2:
                break
            await asyncio.sleep(0.5)
        assert await asyncio.to_thread(count, dovecot, "kimbot.verarbeitet") == 2
        assert await asyncio.to_thread(count, dovecot, "INBOX") == 0
        await coord.sync()
        lines = [e for e in coord.events(room.room_id, "m.room.message", bot.user_id)
                 if "mit Vorbehalt" in e["content"].get("body", "")]
        assert len(lines) == 1
        assert "Antworten per E-Mail: 1 übernommen." in await room.say("coord", "!termin zeigen 1")
        assert bot.process.stop() == 0
    finally:
        if bot.process.running():
            bot.process.kill()
        smtp.stop()
