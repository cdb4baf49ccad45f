"""`kimbot doctor`: what is wrong with an installation, one line a check, with how to fix it.

It reads and never writes: it may run beside the bot (it uses the bot's stored session, asks
the homeserver and the database, and changes nothing). Exit 0 only when every check is ok.
"""

from __future__ import annotations

import json
import stat
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import aiohttp
from sqlalchemy.engine import make_url

from bot.config import Config
from bot.identity import (
    HomeserverApi,
    Identity,
    IdentityError,
    RecoveryKeySource,
    Status,
    read_identity_problem,
)


@dataclass(frozen=True)
class Finding:
    check: str
    ok: bool
    detail: str
    fix: str = ""

    def line(self) -> str:
        if self.ok:
            return f"ok    {self.check}: {self.detail}"
        fix = f" — fix: {self.fix}" if self.fix else ""
        return f"FAIL  {self.check}: {self.detail}{fix}"


#: What an identity's state means for the operator, and what to do about it.
IDENTITY_FIXES = {
    Status.NO_IDENTITY: "start the bot once: it makes its identity and signs its device",
    Status.NO_RECOVERY_KEY: (
        "the account's identity was set up elsewhere (e.g. in Element): put its recovery key "
        "in the file named by [matrix] recovery_key_file (or KIMBOT_MATRIX_RECOVERY_KEY) and "
        "restart; or, bot stopped, `kimbot reset-identity --yes` makes a new one (members see "
        "it as changed)"),
    Status.WRONG_RECOVERY_KEY: (
        "the key in [matrix] recovery_key_file (or KIMBOT_MATRIX_RECOVERY_KEY) is not this "
        "account's: put the right one there; the identity is left as it is"),
    Status.SECRETS_UNUSABLE: (
        "the account's secret storage does not hold its identity's keys: with the bot "
        "stopped, `kimbot reset-identity --yes` makes a new identity"),
    Status.UNSIGNED: "restart the bot: it signs its device at every start",
}


async def examine(config: Config) -> AsyncIterator[Finding]:
    yield Finding("config", True, "valid")
    yield await _database(config)
    versions = await _homeserver(config)
    yield versions
    if not versions.ok:
        return
    login = await _login(config)
    yield login.finding
    if login.access_token is None or login.device_id is None:
        return
    if config.matrix.encryption:
        for finding in await _identity(config, login.access_token, login.device_id):
            yield finding


async def run(config: Config, say: Callable[[str], None]) -> int:
    problems = 0
    async for finding in examine(config):
        say(finding.line())
        problems += not finding.ok
    return 1 if problems else 0


async def _guarded(check: str, fix: str, work: Callable[[], Awaitable[Finding]]) -> Finding:
    try:
        return await work()
    except Exception as error:  # the operator gets the reason in one line, not a traceback
        return Finding(check, False, f"{type(error).__name__}: {error}".rstrip(": "), fix)


async def _database(config: Config) -> Finding:
    from storage import Database
    from storage.database import head_revision

    async def work() -> Finding:
        missing = _missing_sqlite_file(config.database.url)
        if missing is not None:  # opening it would create it
            return Finding("database", False, f"{missing} does not exist",
                           "kimbot migrate (or start the bot: it creates it)")
        database = Database(config.database.url)
        try:
            current = await database.current_revision()
        finally:
            await database.dispose()
        head = head_revision()
        if current != head:
            return Finding("database", False, f"schema at {current or 'nothing'}, the code "
                           f"needs {head}", "kimbot migrate (or start the bot: it migrates)")
        return Finding("database", True, f"reachable, schema current ({head})")

    return await _guarded("database", "check [database] url and that the server runs", work)


def _missing_sqlite_file(database_url: str) -> str | None:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).exists():
        return url.database
    return None


async def _homeserver(config: Config) -> Finding:
    async def work() -> Finding:
        timeout = aiohttp.ClientTimeout(total=15)
        async with aiohttp.ClientSession(timeout=timeout) as session, session.get(
                f"{config.matrix.homeserver}/_matrix/client/versions") as response:
            body = await response.json(content_type=None)
        versions = body.get("versions", []) if isinstance(body, dict) else []
        if response.status != 200 or not versions:
            return Finding("homeserver", False, f"{config.matrix.homeserver} answered "
                           f"{response.status} without versions",
                           "check [matrix] homeserver: the client-server URL")
        return Finding("homeserver", True, f"{config.matrix.homeserver}, spec versions "
                       f"{versions[0]} … {versions[-1]}")

    return await _guarded("homeserver", "check [matrix] homeserver and the network", work)


@dataclass(frozen=True)
class _Login:
    finding: Finding
    access_token: str | None = None
    device_id: str | None = None


async def _login(config: Config) -> _Login:
    token = config.matrix.access_token
    if token is None:
        session = _stored_session(config.bot.data_dir / "session.json", config)
        if session is None:
            return _Login(Finding("login", False, "the bot has not logged in yet (no "
                                  "session in the data directory)", "start the bot once"))
        token = session
    api = HomeserverApi(config.matrix.homeserver, token)
    try:
        status, body = await api.request("GET", "/account/whoami")
    except IdentityError as error:
        return _Login(Finding("login", False, str(error), "check the homeserver"))
    if status != 200:
        return _Login(Finding("login", False, f"the homeserver refused the bot's access token "
                              f"({body.get('errcode')})", "start the bot: it logs in again "
                              "with its password (with an access token: set a valid one)"))
    if body.get("user_id") != config.matrix.user_id:
        return _Login(Finding("login", False, f"the token belongs to {body.get('user_id')}",
                              "set the bot's own access token"))
    device = body.get("device_id")
    return _Login(Finding("login", True, f"{config.matrix.user_id} on device {device}"), token,
                  device if isinstance(device, str) else None)


def _stored_session(path: Path, config: Config) -> str | None:
    try:
        session = json.loads(path.read_text())
    except (OSError, json.JSONDecodeError):
        return None
    if session.get("user_id") != config.matrix.user_id or \
            session.get("homeserver") != config.matrix.homeserver:
        return None
    token = session.get("access_token")
    return token if isinstance(token, str) else None


async def _identity(config: Config, token: str, device_id: str) -> list[Finding]:
    source = RecoveryKeySource.of(config.matrix, config.bot.data_dir)
    findings = [_recovery_key_file(source)]
    identity = Identity(HomeserverApi(config.matrix.homeserver, token), config.matrix.user_id,
                        device_id, source)
    try:
        found = await identity.examine()
    except IdentityError as error:
        return [*findings, Finding("device cross-signed", False, str(error),
                                   "check [matrix] recovery_key_file and the homeserver")]
    if found.cross_signed:
        master = found.published.master or ""
        return [*findings, Finding("device cross-signed", True, f"device {device_id} signed "
                                   f"by the account's identity (master key {master[:12]}…)")]
    detail = found.status.value + (f" ({found.detail})" if found.detail else "")
    fix = IDENTITY_FIXES[found.status]
    last = read_identity_problem(config.bot.data_dir)
    if last is not None and last != detail:
        fix = f"{fix} (the last start said: {last})"
    return [*findings, Finding("device cross-signed", False, f"no: {detail}", fix)]


def _recovery_key_file(source: RecoveryKeySource) -> Finding:
    check = "recovery key"
    if source.given:
        return Finding(check, True, "given in KIMBOT_MATRIX_RECOVERY_KEY")
    if not source.path.exists():
        return Finding(check, False, f"recovery_key_file {source.path} does not exist",
                       "the bot writes it when it makes its identity; for an identity set up "
                       "elsewhere, put its recovery key there")
    mode = source.path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        return Finding(check, False, f"recovery_key_file {source.path} can be read by others "
                       f"(mode {stat.S_IMODE(mode):o})", f"chmod 600 {source.path}")
    return Finding(check, True, f"recovery_key_file {source.path} (mode 600); keep a copy "
                   "offline")
