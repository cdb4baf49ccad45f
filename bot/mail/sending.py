"""Delivering the mail queue through the configured SMTP server, with retries.

A mail server that is down does not stop the bot: a failed mail is tried again later (the
wait doubles, up to an hour) for three days; coordinators see failures in `!meeting show`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta

import aiosmtplib

from bot.backoff import Backoff
from bot.config import SmtpConfig
from bot.pipeline import DATABASE_TROUBLE
from commands.framework.context import Clock
from domain.imip import invitation_mail
from storage import Database

log = logging.getLogger(__name__)

GIVE_UP_AFTER = timedelta(days=3)
MAX_WAIT = timedelta(hours=1)
#: How often the queue is looked at when nothing is due sooner.
IDLE = 5.0


class Mailer:
    def __init__(self, database: Database, config: SmtpConfig, clock: Clock) -> None:
        self.database = database
        self.config = config
        self.clock = clock
        self._wake = asyncio.Event()

    def wake(self) -> None:
        """Something may have been queued: look now rather than at the next round."""
        self._wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        database_backoff = Backoff(first=IDLE)
        while not stop.is_set():
            self._wake.clear()
            wait = IDLE
            try:
                await self.flush()
                database_backoff.reset()
            except DATABASE_TROUBLE as error:
                # Mail already sent but not yet recorded goes out again later with the same
                # Message-ID (see `invitation_mail`); nothing queued is lost.
                wait = database_backoff.next()
                log.warning("mail queue: database unreachable (%s); again in %.0f s",
                            type(error).__name__, wait)
            except Exception:
                log.exception("mail queue: unexpected error; trying again")
            waiters = {asyncio.ensure_future(stop.wait()), asyncio.ensure_future(self._wake.wait())}
            with contextlib.suppress(TimeoutError):
                await asyncio.wait(waiters, timeout=wait, return_when=asyncio.FIRST_COMPLETED)
            for waiter in waiters:
                waiter.cancel()

    async def flush(self) -> None:
        async with self.database.unit_of_work() as uow:
            due = list(await uow.mail.due(self.clock()))
        letters: dict[int, tuple[str, bytes]] = {}
        for mail in due:
            if mail.letter_id is not None and mail.letter_id not in letters:
                async with self.database.unit_of_work() as uow:
                    letter = await uow.letters.pdf(mail.letter_id)
                if letter is not None:
                    letters[mail.letter_id] = (letter.filename, letter.pdf)
            message = invitation_mail(
                sender=self.config.from_address, recipient=mail.recipient,
                subject=mail.subject, text=mail.text, calendar=mail.calendar,
                method=mail.method, sent_at=self.clock(),
                queued_as=f"kimbot.mail.{mail.id}.{mail.created_at:%Y%m%d%H%M%S}",
                attachment=letters.get(mail.letter_id) if mail.letter_id else None,
            )
            try:
                await aiosmtplib.send(
                    message, hostname=self.config.host, port=self.config.port,
                    username=self.config.username, password=self.config.password,
                    start_tls=self.config.starttls, timeout=30,
                )
            except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
                await self._failed(mail.id, mail.attempts, error)
                continue
            async with self.database.unit_of_work() as uow:
                await uow.mail.delivered(mail.id, self.clock())
            log.info("mail %d delivered", mail.id)

    async def _failed(self, mail_id: int, attempts: int, error: Exception) -> None:
        now = self.clock()
        wait = min(timedelta(seconds=self.config.retry_seconds * 2 ** attempts), MAX_WAIT)
        async with self.database.unit_of_work() as uow:
            mail = await uow.mail.attempt_failed(
                mail_id, f"{type(error).__name__}: {error}", retry_at=now + wait,
                give_up=False,
            )
            if mail is not None and now - mail.created_at > GIVE_UP_AFTER:
                mail.failed = True
        # The log names the mail, not the address or the text.
        log.warning("mail %d not delivered (%s); next try in %s", mail_id,
                    type(error).__name__, wait)
