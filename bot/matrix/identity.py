"""The bot's own cross-signing identity on the homeserver: made once, kept by a recovery key,
checked at every start, never replaced without `kimbot reset-identity`.

Element (and the Matrix spec since MSC4153) shares room keys only with devices their owner has
cross-signed, and refuses messages from others. So the bot's device must carry the signature of
the account's self-signing key. The private keys live in the account's secret storage, opened
by the recovery key in `[matrix] recovery_key_file` (or `KIMBOT_MATRIX_RECOVERY_KEY`): a device
that replaces a lost one is signed by the same identity, and members see nothing change.

The keys and their encryption are in `bot.matrix.cross_signing`; this module talks to the
homeserver.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import aiohttp

from bot.backoff import Backoff
from bot.config import RECOVERY_KEY_ENVIRONMENT, MatrixConfig
from bot.faults import fault_point
from bot.matrix.cross_signing import (
    CrossSigningKeys,
    PublishedIdentity,
    RecoveryKeyError,
    SecretStorageError,
    decode_recovery_key,
    encode_recovery_key,
    key_description,
    key_matches,
    new_key_id,
    open_private_keys,
    seal_private_keys,
)

log = logging.getLogger(__name__)

DEFAULT_KEY_TYPE = "m.secret_storage.default_key"
#: The UIA stage of the Matrix Authentication Service: a person approves the reset in a browser.
BROWSER_APPROVAL_STAGE = "org.matrix.cross_signing_reset"
#: How often a request is tried when the homeserver has trouble, before the start goes on
#: without the identity (the next start tries again).
ATTEMPTS = 5


class IdentityError(Exception):
    """The identity cannot be used or made; the message says why and what to do."""


class HomeserverTrouble(IdentityError):
    """The homeserver did not answer in time (down, overloaded): nothing is known yet."""


class ApprovalNeeded(IdentityError):
    """Only a person can allow the upload, in a browser (MAS): the message names the URL."""

    def __init__(self, url: str | None) -> None:
        where = url or "the account page of the homeserver's authentication service"
        super().__init__(
            "the homeserver lets the bot's cross-signing keys be replaced only after a person "
            f"approves it in a browser: sign in as the bot's account at {where}, approve "
            "„reset identity“, then within ten minutes start kimbot again (or run "
            "`kimbot reset-identity --yes`)")
        self.url = url


class Status(enum.Enum):
    CROSS_SIGNED = "device cross-signed"
    NO_IDENTITY = "no cross-signing identity yet"
    NO_RECOVERY_KEY = "identity set up elsewhere, recovery key not given"
    WRONG_RECOVERY_KEY = "recovery key does not fit the account's secret storage"
    SECRETS_UNUSABLE = "secret storage does not hold this identity's keys"
    UNSIGNED = "device not signed yet"


@dataclass(frozen=True)
class Examination:
    """What the homeserver holds of the bot's identity, and whether the bot can use it."""

    status: Status
    published: PublishedIdentity
    device_keys: dict[str, Any] | None
    keys: CrossSigningKeys | None = None
    key_id: str | None = None
    detail: str = ""

    @property
    def cross_signed(self) -> bool:
        return self.status is Status.CROSS_SIGNED


# -- the recovery key: where it lives ---------------------------------------------------------


@dataclass(frozen=True)
class RecoveryKeySource:
    """The recovery key, given (from the environment) or in a file; the file is written where
    there is none yet and the bot makes a new identity."""

    path: Path
    given: str | None = None

    @classmethod
    def of(cls, config: MatrixConfig, data_dir: Path) -> RecoveryKeySource:
        return cls(config.recovery_key_file or data_dir / "recovery-key", config.recovery_key)

    def read(self) -> bytes | None:
        text, origin = self.given, RECOVERY_KEY_ENVIRONMENT
        if not text:
            try:
                text = self.path.read_text(encoding="utf-8")
            except FileNotFoundError:
                return None
            origin = str(self.path)
            if self.path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
                log.warning("the recovery key file %s can be read by others than the bot's "
                            "user: chmod 600 %s", self.path, self.path)
        lines = [line for line in text.splitlines() if line.strip()
                 and not line.lstrip().startswith("#")]
        try:
            return decode_recovery_key(" ".join(lines))
        except RecoveryKeyError as error:
            raise IdentityError(f"{origin} holds no valid recovery key: {error}") from None

    def write(self, key: bytes) -> None:
        """A new key, mode 0600, never over an existing file."""
        if self.given:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(f"{encode_recovery_key(key)}\n")
            file.flush()
            os.fsync(file.fileno())
        log.warning("kimbot's recovery key was written to %s: keep a copy offline (it is the "
                    "only way to keep the bot's identity when its data is lost)", self.path)


# -- what the last start found, for `kimbot doctor` -------------------------------------------

IDENTITY_PROBLEM_FILE = "identity-problem.txt"


def write_identity_problem(data_dir: Path, problem: str | None) -> None:
    path = data_dir / IDENTITY_PROBLEM_FILE
    if problem is None:
        path.unlink(missing_ok=True)
    else:
        path.write_text(problem + "\n", encoding="utf-8")


def read_identity_problem(data_dir: Path) -> str | None:
    try:
        return (data_dir / IDENTITY_PROBLEM_FILE).read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None


# -- the homeserver ---------------------------------------------------------------------------


class HomeserverApi:
    """The few client-server requests cross-signing needs (matrix-nio has none of them),
    tried again with backoff on connection trouble, 429 and 5xx."""

    def __init__(self, homeserver: str, access_token: str,
                 backoff: Backoff | None = None) -> None:
        self.homeserver = homeserver.rstrip("/")
        self.access_token = access_token
        self.backoff = backoff or Backoff(first=0.5, longest=8)

    async def request(self, method: str, path: str,
                      body: dict[str, Any] | None = None) -> tuple[int, dict[str, Any]]:
        """Status and JSON object; 4xx answers are returned, not raised (UIA answers 401)."""
        status, data = await self.fetch(method, path, body)
        return status, data if isinstance(data, dict) else {}

    async def fetch(self, method: str, path: str,
                    body: dict[str, Any] | None = None) -> tuple[int, Any]:
        """Status and JSON body as it came (a room's state is a list)."""
        url = f"{self.homeserver}/_matrix/client/v3{path}"
        headers = {"Authorization": f"Bearer {self.access_token}"}
        timeout = aiohttp.ClientTimeout(total=60)
        for attempt in range(ATTEMPTS):
            try:
                async with aiohttp.ClientSession(timeout=timeout) as session, \
                        session.request(method, url, json=body, headers=headers) as response:
                    status = response.status
                    data = await response.json(content_type=None) \
                        if response.content_length != 0 else {}
                if status != 429 and status < 500:
                    return status, data
                trouble = f"{status} {data.get('errcode') if isinstance(data, dict) else ''}"
            except (aiohttp.ClientError, TimeoutError, ValueError) as error:
                trouble = type(error).__name__
            if attempt + 1 < ATTEMPTS:
                delay = self.backoff.next()
                log.warning("%s %s failed (%s); trying again in %.1f s", method, path,
                            trouble, delay)
                await asyncio.sleep(delay)
        raise HomeserverTrouble(f"{method} {path}: the homeserver did not answer ({trouble})")

    async def checked(self, method: str, path: str,
                      body: dict[str, Any] | None = None) -> dict[str, Any]:
        status, data = await self.request(method, path, body)
        if status >= 400:
            raise IdentityError(f"{method} {path}: {status} {data.get('errcode')} "
                                f"{data.get('error', '')}".rstrip())
        return data

    async def query_keys(self, user_ids: list[str]) -> dict[str, Any]:
        return await self.checked("POST", "/keys/query",
                                  {"device_keys": {user: [] for user in user_ids}})

    async def account_data(self, user_id: str, kind: str) -> dict[str, Any] | None:
        status, data = await self.request(
            "GET", f"/user/{quote(user_id)}/account_data/{quote(kind)}")
        if status == 404:
            return None
        if status >= 400:
            raise IdentityError(f"account data {kind}: {status} {data.get('errcode')}")
        return data

    async def put_account_data(self, user_id: str, kind: str, content: dict[str, Any]) -> None:
        await self.checked("PUT", f"/user/{quote(user_id)}/account_data/{quote(kind)}",
                           content)


def uia_auth(challenge: dict[str, Any], user_id: str,
             password: str | None) -> dict[str, Any]:
    """The `auth` that answers a user-interactive-auth challenge (a 401's body): the password
    stage where a flow offers it and the bot has a password; ApprovalNeeded where the only way
    is a person in a browser (MAS); IdentityError otherwise, naming what the server offers."""
    flows = [flow.get("stages", []) for flow in challenge.get("flows", [])
             if isinstance(flow, dict)]
    session = challenge.get("session")
    if password is not None and ["m.login.password"] in flows:
        auth: dict[str, Any] = {"type": "m.login.password",
                                "identifier": {"type": "m.id.user", "user": user_id},
                                "password": password}
        if session:
            auth["session"] = session
        return auth
    if any(BROWSER_APPROVAL_STAGE in stages for stages in flows):
        params = (challenge.get("params") or {}).get(BROWSER_APPROVAL_STAGE) or {}
        raise ApprovalNeeded(params.get("url") if isinstance(params, dict) else None)
    if ["m.login.password"] in flows:
        raise IdentityError(
            "the homeserver asks for the bot account's password to publish its cross-signing "
            "keys: set [matrix] password (or KIMBOT_MATRIX_PASSWORD)")
    offered = ", ".join("+".join(stages) for stages in flows) or "nothing"
    raise IdentityError(f"the homeserver asks for an authentication kimbot cannot give "
                        f"({offered})")


# -- what the homeserver holds ----------------------------------------------------------------


class Identity:
    """The bot's identity as one device of the account sees it."""

    def __init__(self, api: HomeserverApi, user_id: str, device_id: str,
                 recovery_key: RecoveryKeySource, password: str | None = None) -> None:
        self.api = api
        self.user_id = user_id
        self.device_id = device_id
        self.recovery_key = recovery_key
        self.password = password

    async def examine(self) -> Examination:
        """Read-only: the published identity, whether this device carries its signature, and
        whether the recovery key opens the private keys."""
        response = await self.api.query_keys([self.user_id])
        published = PublishedIdentity.from_query(self.user_id, response)
        device = ((response.get("device_keys") or {}).get(self.user_id) or {}).get(
            self.device_id)
        if published.master is None:
            return Examination(Status.NO_IDENTITY, published, device)
        key = self.recovery_key.read()
        if key is None:
            status = Status.CROSS_SIGNED if published.signs_device(device) \
                else Status.NO_RECOVERY_KEY
            return Examination(status, published, device)
        opened = await self._open(key, published, device)
        if opened.status is Status.UNSIGNED and published.signs_device(device):
            return Examination(Status.CROSS_SIGNED, published, device, opened.keys,
                               opened.key_id)
        return opened

    async def _open(self, key: bytes, published: PublishedIdentity,
                    device: dict[str, Any] | None) -> Examination:
        default = await self.api.account_data(self.user_id, DEFAULT_KEY_TYPE) or {}
        key_id = default.get("key")
        description = await self.api.account_data(
            self.user_id, f"m.secret_storage.key.{key_id}") if isinstance(key_id, str) else None
        if not isinstance(key_id, str) or description is None:
            return Examination(Status.SECRETS_UNUSABLE, published, device,
                               detail="the account has no secret storage")
        if not key_matches(key, description):
            return Examination(Status.WRONG_RECOVERY_KEY, published, device)
        names = ("m.cross_signing.master", "m.cross_signing.self_signing",
                 "m.cross_signing.user_signing")
        # Asked at once: this runs at every start, before the first reply.
        stored = dict(zip(names, await asyncio.gather(
            *(self.api.account_data(self.user_id, name) for name in names)), strict=True))
        try:
            keys = open_private_keys(key, key_id, stored)
        except SecretStorageError as error:
            return Examination(Status.SECRETS_UNUSABLE, published, device, detail=str(error))
        if keys.master.public != published.master or \
                keys.self_signing.public != published.valid_self_signing:
            return Examination(Status.SECRETS_UNUSABLE, published, device,
                               detail="the stored keys are not the published identity's")
        return Examination(Status.UNSIGNED, published, device, keys, key_id)

    # -- acting ----------------------------------------------------------------------------

    async def ensure(self) -> Examination:
        """At start: make the identity if the account has none, sign this device if it is
        not signed; leave an identity the bot cannot open alone, and say why."""
        found = await self.examine()
        if found.status is Status.NO_IDENTITY:
            return await self.create(replacing=False)
        if found.status is Status.UNSIGNED and found.keys is not None:
            await self.sign_device(found.keys, found.device_keys)
            log.info("device %s signed by the bot's cross-signing identity", self.device_id)
            return await self.examine()
        return found

    async def create(self, *, replacing: bool) -> Examination:
        """A new identity, its private keys in secret storage under the recovery key (a new
        one, written first, where there is none), this device signed. A first identity's
        secrets are stored before its public keys are published: a start that dies in between
        makes them anew, never leaves an identity whose keys are lost. `replacing` one needs
        the homeserver's consent (UIA), so there the keys are published first and the old
        secrets kept until it is given; members see a replaced identity as changed."""
        key = self.recovery_key.read()
        if key is None:
            key = os.urandom(32)
            self.recovery_key.write(key)
        keys = CrossSigningKeys.generate()
        key_id = await self._storage_key_id(key)
        if replacing:  # the homeserver may refuse: the old identity's secrets stay till then
            await self._upload_public(keys)
        for kind, content in seal_private_keys(keys, key, key_id).items():
            await self.api.put_account_data(self.user_id, kind, content)
        await self.api.put_account_data(self.user_id, DEFAULT_KEY_TYPE, {"key": key_id})
        fault_point("identity_stored")
        if not replacing:
            await self._upload_public(keys)
        fault_point("identity_published")
        response = await self.api.query_keys([self.user_id])
        device = ((response.get("device_keys") or {}).get(self.user_id) or {}).get(
            self.device_id)
        await self.sign_device(keys, device)
        log.warning("kimbot made %s cross-signing identity and signed its device %s",
                    "a NEW" if replacing else "its", self.device_id)
        return await self.examine()

    async def _storage_key_id(self, key: bytes) -> str:
        """The id of the secret storage key `key` is: the account's default where it fits,
        else a new one."""
        default = await self.api.account_data(self.user_id, DEFAULT_KEY_TYPE) or {}
        key_id = default.get("key")
        if isinstance(key_id, str):
            description = await self.api.account_data(self.user_id,
                                                      f"m.secret_storage.key.{key_id}")
            if description is not None and key_matches(key, description):
                return key_id
        key_id = new_key_id()
        await self.api.put_account_data(self.user_id, f"m.secret_storage.key.{key_id}",
                                        key_description(key))
        return key_id

    async def _upload_public(self, keys: CrossSigningKeys) -> None:
        body = keys.public_objects(self.user_id)
        status, answer = await self.api.request("POST", "/keys/device_signing/upload", body)
        if status == 401:
            auth = uia_auth(answer, self.user_id, self.password)
            status, answer = await self.api.request("POST", "/keys/device_signing/upload",
                                                    {**body, "auth": auth})
            if status == 401:
                raise IdentityError("the homeserver did not accept the bot account's password "
                                    f"({answer.get('errcode')} {answer.get('error', '')})")
        if status >= 400:
            raise IdentityError(f"publishing the cross-signing keys failed: {status} "
                                f"{answer.get('errcode')} {answer.get('error', '')}".rstrip())

    async def sign_device(self, keys: CrossSigningKeys,
                          device_keys: dict[str, Any] | None) -> None:
        if device_keys is None:
            raise IdentityError(f"the homeserver has no keys of device {self.device_id} yet")
        unsigned = {k: v for k, v in device_keys.items() if k != "unsigned"}
        signed = keys.self_signing.signed(unsigned, self.user_id)
        answer = await self.api.checked("POST", "/keys/signatures/upload",
                                        {self.user_id: {self.device_id: signed}})
        failures = answer.get("failures") or {}
        if failures:
            raise IdentityError(f"the homeserver refused the device's signature: {failures}")
