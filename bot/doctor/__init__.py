"""`kimbot doctor`: what is wrong with an installation, one line a check, with how to fix it.

It reads and never writes: it runs beside the bot (it uses the bot's stored session, asks the
homeserver, the database and the mail servers, and changes nothing). No secret is printed.
Exit 0 only when every check is ok.

The checks, in the order an operator would look: the installation (`installation`: config,
the running instance, database, disk, signing certificate, the public URL), Matrix (`matrix`:
homeserver and its clock, login and password, cross-signing, the groups' rooms), mail
(`mail`: SMTP, LMTP, IMAP where configured).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

from bot.clock import utc_now
from bot.config import Config
from bot.doctor import installation, mail, matrix
from bot.doctor.findings import Finding
from commands.framework.context import Clock

__all__ = ["Finding", "examine", "run"]


async def examine(config: Config, clock: Clock = utc_now) -> AsyncIterator[Finding]:
    yield Finding("config", True, "valid")
    yield await installation.instance(config)
    database = await installation.database(config)
    yield database
    yield installation.disk(config)
    yield installation.signing_certificate(config, clock)
    async for finding in matrix.examine(config, clock, database_ok=database.ok):
        yield finding
    yield await installation.public_url(config)
    for finding in await mail.examine(config):
        yield finding


async def run(config: Config, say: Callable[[str], None], clock: Clock = utc_now) -> int:
    problems = 0
    async for finding in examine(config, clock):
        say(finding.line())
        problems += not finding.ok
    return 1 if problems else 0
