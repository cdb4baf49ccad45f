"""The installation's side of `kimbot doctor`: the running instance, the database, the data
directory's disk, the signing certificate, and the public URL as the bot itself reaches it."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import aiohttp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from sqlalchemy.engine import make_url

from bot.config import Config
from bot.doctor.findings import Finding, guarded
from bot.instance import running_instance
from commands.framework.context import Clock

#: Below this much free space the data directory's disk is a problem (the crypto store, the
#: SQLite database, backups written beside them).
MIN_FREE_BYTES = 1 << 30
#: A signing certificate that ends sooner than this is a problem to solve now.
CERTIFICATE_WARNING_DAYS = 30


async def instance(config: Config) -> Finding:
    """Whether a kimbot process runs on this data, and which (the locks say, untouched)."""
    async def work() -> Finding:
        holder = await running_instance(config.bot.data_dir, config.database.url)
        if holder is None:
            return Finding("instance", False, "no kimbot process runs on this data",
                           "start it (systemctl start kimbot, or the container)")
        return Finding("instance", True, f"running: {holder}")

    return await guarded("instance", "check [database] url and the data directory", work)


async def database(config: Config) -> Finding:
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

    return await guarded("database", "check [database] url and that the server runs", work)


def _missing_sqlite_file(database_url: str) -> str | None:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).exists():
        return url.database
    return None


def disk(config: Config) -> Finding:
    directory = config.bot.data_dir
    if not directory.exists():
        return Finding("disk", False, f"data directory {directory} does not exist",
                       "start the bot once, or check [bot] data_dir")
    usage = shutil.disk_usage(directory)
    free = f"{usage.free / (1 << 30):.1f} GiB free of {usage.total / (1 << 30):.1f} GiB"
    if usage.free < MIN_FREE_BYTES:
        return Finding("disk", False, f"data directory {directory}: only {free}",
                       "make room on that disk, or move [bot] data_dir")
    return Finding("disk", True, f"data directory {directory}: {free}")


def signing_certificate(config: Config, clock: Clock) -> Finding:
    """The certificate exports are signed with: valid now, and for how long."""
    check = "signing certificate"
    try:
        certificate = _certificate(config)
    except (OSError, ValueError) as error:
        return Finding(check, False, str(error), "check [signing] pkcs12 and its passphrase")
    if certificate is None:
        return Finding(check, False, "none yet (the bot makes its own at first start)",
                       "start the bot once, or set [signing] pkcs12")
    validity = certificate["tbs_certificate"]["validity"]
    begins: datetime = validity["not_before"].native
    ends: datetime = validity["not_after"].native
    subject = certificate.subject.human_friendly
    now = clock()
    if now < begins:
        return Finding(check, False, f"{subject}: valid only from {begins:%Y-%m-%d}",
                       "check the clock, or the certificate's dates")
    if now >= ends:
        return Finding(check, False, f"{subject}: expired on {ends:%Y-%m-%d}",
                       "put a current certificate in [signing] pkcs12 (without one, delete "
                       "data_dir/signing: the bot makes a new one; earlier exports stay "
                       "verifiable with the old certificate kept aside)")
    days = (ends - now).days
    if days < CERTIFICATE_WARNING_DAYS:
        return Finding(check, False, f"{subject}: ends in {days} days ({ends:%Y-%m-%d})",
                       "renew it now and put it in [signing] pkcs12")
    return Finding(check, True, f"{subject}: valid until {ends:%Y-%m-%d} ({days} days)")


def _certificate(config: Config) -> asn1_x509.Certificate | None:
    if config.signing.pkcs12 is not None:
        from cryptography.hazmat.primitives.serialization import pkcs12

        passphrase = config.signing.passphrase.encode() if config.signing.passphrase else None
        loaded = pkcs12.load_pkcs12(config.signing.pkcs12.read_bytes(), passphrase)
        if loaded.cert is None:
            raise ValueError(f"{config.signing.pkcs12}: holds no certificate")
        der = loaded.cert.certificate.public_bytes(serialization.Encoding.DER)
        return asn1_x509.Certificate.load(der)
    own = config.bot.data_dir / "signing" / "cert.pem"
    if not own.exists():
        return None
    der = x509.load_pem_x509_certificate(own.read_bytes()).public_bytes(
        serialization.Encoding.DER)
    return asn1_x509.Certificate.load(der)


async def public_url(config: Config) -> Finding:
    """`[http] public_url` as the bot reaches it: the feeds' and the web's links point there."""
    url = f"{config.http.public_url}/healthz"

    async def work() -> Finding:
        timeout = aiohttp.ClientTimeout(total=10)
        async with aiohttp.ClientSession(timeout=timeout) as session, session.get(
                url) as response:
            if response.status == 404:
                return Finding("public url", False, f"{url} answered 404: not kimbot there",
                               "check [http] public_url and the reverse proxy's routes")
            state = await response.json(content_type=None)
        role = state.get("role", "?") if isinstance(state, dict) else "?"
        return Finding("public url", True, f"{config.http.public_url} reached (the process "
                       f"there is {role}, HTTP {response.status})")

    return await guarded("public url", "check [http] public_url, the reverse proxy and that "
                         "the bot runs", work)

