"""The Matrix side of `kimbot doctor`: the homeserver and its clock, the bot's login and
password, its device's cross-signing, and the rooms of its groups."""

from __future__ import annotations

import json
import stat
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import aiohttp

from bot.config import Config
from bot.doctor.findings import Finding, guarded
from bot.matrix.identity import (
    HomeserverApi,
    Identity,
    IdentityError,
    RecoveryKeySource,
    Status,
    read_identity_problem,
)
from bot.matrix.power import power_level
from commands.framework.context import Clock

#: How far the bot's clock may be from the homeserver's: deadlines and reminders are the
#: bot's, the events' times the homeserver's.
CLOCK_TOLERANCE = timedelta(seconds=5)
#: What the bot posts in its groups' rooms: answers, and polls.
POSTED_EVENT_TYPES = ("m.room.message", "org.matrix.msc3381.poll.start")


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


async def examine(config: Config, clock: Clock, *, database_ok: bool
                  ) -> AsyncIterator[Finding]:
    reached = await _homeserver(config, clock)
    yield reached.finding
    if reached.clock is not None:
        yield reached.clock
    if not reached.finding.ok:
        return
    login = await _login(config)
    yield login.finding
    if login.access_token is None or login.device_id is None:
        return
    if config.matrix.password is not None:
        yield await guarded("password", "check the homeserver",
                            lambda: _password(config, login.access_token or ""))
    if config.matrix.encryption:
        for finding in await _identity(config, login.access_token, login.device_id):
            yield finding
    if database_ok:
        yield await guarded("rooms", "check the homeserver and [database] url",
                            lambda: _rooms(config, login.access_token or ""))


@dataclass(frozen=True)
class _Reached:
    finding: Finding
    clock: Finding | None = None


async def _homeserver(config: Config, clock: Clock) -> _Reached:
    url = f"{config.matrix.homeserver}/_matrix/client/versions"
    try:
        timeout = aiohttp.ClientTimeout(total=15)
        async with aiohttp.ClientSession(timeout=timeout) as session, session.get(
                url) as response:
            body = await response.json(content_type=None)
            date = response.headers.get("Date")
    except Exception as error:  # unreachable, refused, not HTTP: said in one line
        return _Reached(Finding("homeserver", False,
                                f"{type(error).__name__}: {error}".rstrip(": "),
                                "check [matrix] homeserver and the network"))
    versions = body.get("versions", []) if isinstance(body, dict) else []
    if response.status != 200 or not versions:
        return _Reached(Finding("homeserver", False, f"{config.matrix.homeserver} answered "
                                f"{response.status} without versions",
                                "check [matrix] homeserver: the client-server URL"))
    return _Reached(Finding("homeserver", True, f"{config.matrix.homeserver}, spec versions "
                            f"{versions[0]} … {versions[-1]}"), _clock(date, clock))


def _clock(date: str | None, clock: Clock) -> Finding:
    if date is None:
        return Finding("clock", False, "the homeserver sent no Date header to compare with",
                       "check a proxy in front of the homeserver")
    theirs: datetime = parsedate_to_datetime(date)
    # The header counts whole seconds: half a second either way is its rounding.
    skew = (clock() - theirs).total_seconds() - 0.5
    if abs(skew) > CLOCK_TOLERANCE.total_seconds():
        ahead = "ahead of" if skew > 0 else "behind"
        return Finding("clock", False, f"{abs(skew):.0f} s {ahead} the homeserver's",
                       "keep the clocks in time (chrony or systemd-timesyncd on both hosts)")
    return Finding("clock", True, f"within {CLOCK_TOLERANCE.total_seconds():.0f} s of the "
                   "homeserver's")


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


async def _password(config: Config, token: str) -> Finding:
    """Whether the homeserver takes `[matrix] password` — the bot needs it to log in again —
    asked without logging in: a request that deletes no devices, which the homeserver still
    authenticates interactively (user-interactive auth, the password stage)."""
    api = HomeserverApi(config.matrix.homeserver, token)
    status, body = await api.request("POST", "/delete_devices", {"devices": []})
    if status == 200:
        return Finding("password", True, "not checked: the homeserver asked for none")
    stages = {stage for flow in body.get("flows", []) for stage in flow.get("stages", [])}
    if status != 401 or "m.login.password" not in stages:
        return Finding("password", True, "not checked: the homeserver authenticates without "
                       "a password stage (login delegated, e.g. to MAS)")
    status, body = await api.request("POST", "/delete_devices", {"devices": [], "auth": {
        "type": "m.login.password", "session": body.get("session"),
        "identifier": {"type": "m.id.user", "user": config.matrix.user_id},
        "password": config.matrix.password}})
    if status == 200:
        return Finding("password", True, "accepted by the homeserver")
    return Finding("password", False, f"the homeserver refused [matrix] password "
                   f"({body.get('errcode', status)})",
                   "set the bot account's password in [matrix] password (or "
                   "KIMBOT_MATRIX_PASSWORD): the bot needs it to log in again")


async def _rooms(config: Config, token: str) -> Finding:
    """Every group's room joined, and the bot allowed to post its answers and polls there."""
    from storage import Database

    database = Database(config.database.url)
    try:
        async with database.unit_of_work() as uow:
            rooms = {group.room_id: group.name for group in await uow.groups.all()}
    finally:
        await database.dispose()
    api = HomeserverApi(config.matrix.homeserver, token)
    status, body = await api.request("GET", "/joined_rooms")
    if status != 200:
        return Finding("rooms", False, f"the homeserver did not list the joined rooms "
                       f"({body.get('errcode', status)})", "check the homeserver")
    joined = set(body.get("joined_rooms", []))
    problems = [f"{name} ({room_id}): not joined" for room_id, name in rooms.items()
                if room_id not in joined]
    for room_id, name in rooms.items():
        if room_id not in joined:
            continue
        status, state = await api.fetch("GET", f"/rooms/{quote(room_id, safe='')}/state")
        if status != 200 or not isinstance(state, list):
            problems.append(f"{name} ({room_id}): its state could not be read")
            continue
        mute = _cannot_post(config.matrix.user_id, state)
        if mute:
            problems.append(f"{name} ({room_id}): may not post {', '.join(mute)}")
    if problems:
        return Finding("rooms", False, "; ".join(problems),
                       "invite the bot again, or give it the power level to post (a "
                       "moderator: Room settings → Roles & Permissions)")
    return Finding("rooms", True, f"all {len(rooms)} rooms of its groups joined, posting "
                   "allowed (kimbot neither redacts nor pins: it needs no other power)")


def _cannot_post(user_id: str, state: list[dict[str, Any]]) -> list[str]:
    levels: dict[str, Any] = next((e.get("content", {}) for e in state
                   if e.get("type") == "m.room.power_levels"), {})
    mine = power_level(user_id, state)
    needed = {kind: levels.get("events", {}).get(kind, levels.get("events_default", 0))
              for kind in POSTED_EVENT_TYPES}
    return [kind for kind, level in needed.items() if isinstance(level, int) and mine < level]
