"""The mail side of `kimbot doctor`, where configured: the SMTP server the invitations go out
through (reached, TLS as configured, the login taken), the LMTP listener replies come in on,
and the IMAP mailbox the bot reads (login, folder)."""

from __future__ import annotations

import asyncio
import contextlib
import ssl

import aioimaplib
import aiosmtplib

from bot.config import Config, ImapConfig, MailInConfig, SmtpConfig
from bot.doctor.findings import Finding, guarded

TIMEOUT = 15


async def examine(config: Config) -> list[Finding]:
    findings = []
    if config.smtp is not None:
        findings.append(await guarded("smtp", "check [smtp] host and port, and that the "
                                      "server runs", lambda: _smtp(config.smtp)))
    if config.mail_in is not None:
        findings.append(await guarded("lmtp", "check [mail_in] bind and port, and that the "
                                      "bot runs", lambda: _lmtp(config.mail_in)))
    if config.imap is not None:
        findings.append(await guarded("imap", "check [imap] host, port and tls",
                                      lambda: _imap(config.imap)))
    return findings


async def _smtp(smtp: SmtpConfig | None) -> Finding:
    assert smtp is not None
    where = f"{smtp.host}:{smtp.port}"
    client = aiosmtplib.SMTP(hostname=smtp.host, port=smtp.port, start_tls=smtp.starttls,
                             timeout=TIMEOUT)
    try:
        await client.connect()
    except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
        return Finding("smtp", False, f"{where}: {type(error).__name__}: {error}",
                       "check [smtp] host, port and starttls, and that the server runs")
    try:
        if smtp.username:
            try:
                await client.login(smtp.username, smtp.password or "")
            except aiosmtplib.SMTPAuthenticationError as error:
                return Finding("smtp", False, f"{where}: the login as {smtp.username} was "
                               f"refused ({error.code})", "check [smtp] username and password "
                               "(or KIMBOT_SMTP_PASSWORD)")
        tls = "STARTTLS" if smtp.starttls else "no TLS"
        login = f", logged in as {smtp.username}" if smtp.username else ", no login"
        return Finding("smtp", True, f"{where} ({tls}{login})")
    finally:
        try:
            await client.quit()
        except (aiosmtplib.SMTPException, OSError, TimeoutError):
            client.close()


async def _lmtp(mail_in: MailInConfig | None) -> Finding:
    """The bot's own listener: it greets as an LMTP server does."""
    assert mail_in is not None
    where = f"{mail_in.bind}:{mail_in.port}"
    reader, writer = await asyncio.wait_for(
        asyncio.open_connection(mail_in.bind, mail_in.port), TIMEOUT)
    try:
        greeting = (await asyncio.wait_for(reader.readline(), TIMEOUT)).decode(errors="replace")
        writer.write(b"QUIT\r\n")
        await writer.drain()
    finally:
        writer.close()
    if not greeting.startswith("220"):
        return Finding("lmtp", False, f"{where} greets with {greeting.strip()!r}",
                       "another program listens there: set [mail_in] port")
    return Finding("lmtp", True, f"{where} listening")


async def _imap(imap: ImapConfig | None) -> Finding:
    assert imap is not None
    where = f"{imap.host}:{imap.port}"
    client: aioimaplib.IMAP4 = (
        aioimaplib.IMAP4_SSL(imap.host, imap.port, ssl_context=ssl.create_default_context(),
                             timeout=TIMEOUT)
        if imap.tls else aioimaplib.IMAP4(imap.host, imap.port, timeout=TIMEOUT))
    await client.wait_hello_from_server()
    try:
        login = await client.login(imap.user, imap.password)
        if login.result != "OK":
            return Finding("imap", False, f"{where}: the login as {imap.user} was refused",
                           "check [imap] user and password (or KIMBOT_IMAP_PASSWORD)")
        folder = await client.examine(f'"{imap.folder}"')
        if folder.result != "OK":
            return Finding("imap", False, f"{where}: folder {imap.folder} cannot be opened",
                           "check [imap] folder")
        return Finding("imap", True, f"{where}, logged in as {imap.user}, folder {imap.folder}")
    finally:
        with contextlib.suppress(aioimaplib.AioImapException, OSError, TimeoutError):
            await asyncio.wait_for(client.logout(), TIMEOUT)
