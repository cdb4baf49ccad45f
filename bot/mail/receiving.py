"""Mail coming back to the organizer address: over LMTP from the site's MTA (as Mailman 3
receives mail), or read from a mailbox over IMAP. Both end in `MailReplies.receive`: one mail,
one unit of work, journaled by its Message-ID.

Exactly once: LMTP answers 250 only after the transaction committed (an MTA that saw no
answer delivers again and the journal says "seen"); IMAP moves a message to the processed
folder only after its transaction committed (a bot killed in between reads it again, finds
it journaled, and moves it).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
from collections.abc import Callable
from typing import Any

import aioimaplib
from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import Envelope, Session

from bot.backoff import Backoff, stopped_within, wait_after_trouble
from bot.config import ImapConfig
from bot.faults import fault_point
from bot.pipeline import DATABASE_TROUBLE, EventPipeline, OutboxEffects
from commands.framework.context import Clock
from commands.mail_replies import MailInSettings, handle_mail
from domain.itip import MAX_MAIL_BYTES, MailOutcome, read_mail
from storage import UnitOfWork

log = logging.getLogger(__name__)


class MailReplies:
    """The one way a mail that came back is handled."""

    def __init__(self, pipeline: EventPipeline, settings: MailInSettings, clock: Clock,
                 on_mail_queued: Callable[[], None] | None = None) -> None:
        self.pipeline = pipeline
        self.settings = settings
        self.clock = clock
        self.on_mail_queued = on_mail_queued

    async def receive(self, raw: bytes, via: str) -> MailOutcome | None:
        """Apply one mail; None if it had been handled before. Database trouble is raised:
        the caller tells its side to try again later."""
        mail = read_mail(raw)
        fault_point("mail_received")  # the reliability suite's: received, nothing stored yet
        outcome: list[MailOutcome | None] = []

        async def work(uow: UnitOfWork, effects: OutboxEffects) -> None:
            outcome.append(await handle_mail(uow, effects, mail, via=via, now=self.clock(),
                                             settings=self.settings))

        await self.pipeline.run_once(f"mail:{mail.key}", work)
        if outcome[0] is MailOutcome.REFRESH and self.on_mail_queued is not None:
            self.on_mail_queued()
        return outcome[0]


class LmtpHandler:
    """aiosmtpd's handler: DATA is answered once the mail is handled and committed."""

    def __init__(self, replies: MailReplies) -> None:
        self.replies = replies

    async def handle_DATA(self, server: Any, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        recipients = max(1, len(envelope.rcpt_tos))
        try:
            await self.replies.receive(raw, "lmtp")
        except DATABASE_TROUBLE as error:
            log.warning("mail over LMTP: database unreachable (%s); the MTA will try again",
                        type(error).__name__)
            return "\r\n".join(["451 4.3.0 Bitte später erneut versuchen"] * recipients)
        except Exception:
            # A mail no rule expected: logged, and accepted — bouncing it would only confuse
            # the member whose calendar sent it.
            log.exception("mail over LMTP could not be handled")
        # LMTP answers DATA once per recipient.
        return "\r\n".join(["250 2.0.0 OK"] * recipients)


class LmtpServer:
    def __init__(self, replies: MailReplies, bind: str, port: int) -> None:
        self.handler = LmtpHandler(replies)
        self.bind = bind
        self.port = port
        self._server: asyncio.Server | None = None

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(
            lambda: LMTP(self.handler, data_size_limit=MAX_MAIL_BYTES, enable_SMTPUTF8=True,
                         hostname="kimbot", ident="kimbot LMTP"),
            self.bind, self.port,
        )
        log.info("LMTP listening on %s:%d", self.bind, self.port)

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()


#: How long one IDLE waits before it is renewed (servers drop it after 30 minutes).
IDLE_SECONDS = 25 * 60


class ImapReader:
    """Reads the replies from a mailbox: every message in the folder is handled, then moved
    to the processed folder; then it waits (IDLE, or a poll) for the next."""

    def __init__(self, replies: MailReplies, config: ImapConfig) -> None:
        self.replies = replies
        self.config = config
        self._processed = config.processed_folder

    async def run(self, stop: asyncio.Event) -> None:
        backoff = Backoff(longest=300)
        while not stop.is_set():
            client: aioimaplib.IMAP4 | None = None
            try:
                client = await self._connect()
                backoff.reset()
                while not stop.is_set():
                    await self._read_folder(client)
                    await self._wait(client, stop)
            except DATABASE_TROUBLE as error:
                if await wait_after_trouble(backoff, stop, "IMAP: database unreachable", error):
                    break
            except Exception as error:  # the server away, a dropped connection, a refusal
                if await wait_after_trouble(backoff, stop, f"IMAP: {error}", error):
                    break
            finally:
                if client is not None:
                    await _logout(client)

    async def _connect(self) -> aioimaplib.IMAP4:
        config = self.config
        if config.tls:
            client: aioimaplib.IMAP4 = aioimaplib.IMAP4_SSL(
                config.host, config.port, ssl_context=ssl.create_default_context(), timeout=30)
        else:
            client = aioimaplib.IMAP4(config.host, config.port, timeout=30)
        await client.wait_hello_from_server()
        _ok(await client.login(config.user, config.password), "LOGIN")
        # The config writes folders with "/"; the server may separate them with ".".
        delimiter = await _hierarchy_delimiter(client)
        self._processed = config.processed_folder.replace("/", delimiter)
        await client.create(_quoted(self._processed))  # fails harmlessly if it exists
        _ok(await client.select(_quoted(config.folder.replace("/", delimiter))), "SELECT")
        return client

    async def _read_folder(self, client: aioimaplib.IMAP4) -> None:
        found = await client.uid_search("ALL")
        _ok(found, "SEARCH")
        # The UIDs are the line of digits; the server may push "N EXISTS" lines around it.
        uids = [uid for line in found.lines[:-1]
                if (words := bytes(line).decode(errors="replace").split())
                and all(word.isdigit() for word in words) for uid in words]
        for uid in uids:
            fetched = await client.uid("fetch", uid, "(BODY.PEEK[])")
            _ok(fetched, "FETCH")
            raw = _message_bytes(fetched.lines)
            if raw is None:
                continue
            await self.replies.receive(raw, "imap")
            await self._move(client, uid)

    async def _move(self, client: aioimaplib.IMAP4, uid: str) -> None:
        target = _quoted(self._processed)
        if client.has_capability("MOVE"):
            _ok(await client.uid("move", uid, target), "MOVE")
            return
        _ok(await client.uid("copy", uid, target), "COPY")
        _ok(await client.uid("store", uid, "+FLAGS.SILENT", r"(\Deleted)"), "STORE")
        _ok(await client.expunge(), "EXPUNGE")

    async def _wait(self, client: aioimaplib.IMAP4, stop: asyncio.Event) -> None:
        if not client.has_capability("IDLE"):
            await stopped_within(stop, self.config.poll_seconds)
            return
        idle = await client.idle_start(timeout=IDLE_SECONDS)
        stopping = asyncio.ensure_future(stop.wait())
        pushed = asyncio.ensure_future(client.wait_server_push(timeout=IDLE_SECONDS))
        try:
            await asyncio.wait({stopping, pushed}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopping.cancel()
            if not pushed.done():
                client.stop_wait_server_push()
            pushed.cancel()
            client.idle_done()
            await asyncio.wait_for(idle, 30)


async def _hierarchy_delimiter(client: aioimaplib.IMAP4) -> str:
    """The server's separator of folder names (`LIST "" ""`, RFC 3501 §6.3.8)."""
    answer = await client.list('""', '""')
    for line in answer.lines:
        text = bytes(line).decode(errors="replace")
        if text.startswith("(") or text.startswith("LIST") or ' "' in text:
            parts = text.split('"')
            if len(parts) >= 3 and len(parts[1]) == 1:
                return parts[1]
    return "/"


def _ok(response: Any, command: str) -> None:
    if response.result != "OK":
        raise ConnectionError(f"{command}: {response.result} {response.lines[-1:]}")


def _quoted(mailbox: str) -> str:
    return '"' + mailbox.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _message_bytes(lines: list[Any]) -> bytes | None:
    """The message in a FETCH answer: aioimaplib gives a literal as a bytearray, the
    protocol lines around it as bytes."""
    for line in lines:
        if isinstance(line, bytearray):
            return bytes(line)
    return None


async def _logout(client: aioimaplib.IMAP4) -> None:
    with contextlib.suppress(Exception):  # the connection is gone either way
        await asyncio.wait_for(client.logout(), 10)
