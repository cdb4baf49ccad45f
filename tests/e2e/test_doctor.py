"""`kimbot doctor` on a running installation — Synapse, the bot with a group in its room, SMTP
(aiosmtpd with a login), the bot's LMTP listener, an IMAP mailbox (Dovecot, where installed):
all ok and exit 0; then each fault alone, as an operator would cause it — a wrong password, the
homeserver down, the database down, a bad SMTP port, an expired signing certificate, a skewed
clock — is named in its own FAIL line with its fix, and the exit code is 1. No secret is
printed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from cryptography.x509.oid import NameOID

from bot import doctor
from bot.config import load_config
from tests.e2e.conftest import PASSWORD, open_room, start_bot
from tests.e2e.test_mail import Inbox
from tests.e2e.test_polls import kimbot
from tests.support.dovecot import Dovecot, find_dovecot
from tests.support.members import Member
from tests.support.synapse import Homeserver, free_port

SMTP_USER, SMTP_PASSWORD = "kimbot", "smtp-geheim"


def _authenticate(server: object, session: object, envelope: object, mechanism: str,
                  data: object) -> AuthResult:
    accepted = isinstance(data, LoginPassword) and \
        (data.login, data.password) == (SMTP_USER.encode(), SMTP_PASSWORD.encode())
    return AuthResult(success=accepted)


@pytest.fixture
def smtp_server() -> Iterator[int]:
    port = free_port()
    controller = Controller(Inbox(), hostname="127.0.0.1", port=port,
                            authenticator=_authenticate, auth_require_tls=False)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


@pytest.fixture
def mailbox() -> Iterator[Dovecot | None]:
    program = find_dovecot()
    if program is None:
        print("IMAP check skipped: Dovecot is not installed (apt-get install dovecot-imapd)")
        yield None
        return
    server = Dovecot.create(program).start()
    try:
        yield server
    finally:
        server.stop()


def expired_pkcs12(path: Path) -> Path:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Stadt Beispiel, Signatur")])
    now = datetime.now(UTC)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - timedelta(days=400))
                   .not_valid_after(now - timedelta(days=35)).sign(key, hashes.SHA256()))
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"signatur", key, certificate, None, BestAvailableEncryption(b"pkcs-geheim")))
    return path


def changed(config: Path, name: str, section: str, key: str, value: str) -> Path:
    """A copy of the config with one key of one section set (added where it is missing)."""
    lines, current, done = [], "", False
    for line in config.read_text().splitlines():
        if line.startswith("["):
            if current == section and not done:
                lines.append(f"{key} = {value}")
                done = True
            current = line.strip("[]")
        elif current == section and line.startswith(f"{key} = "):
            line, done = f"{key} = {value}", True
        lines.append(line)
    if not done:
        lines += [] if current == section else [f"[{section}]"]
        lines.append(f"{key} = {value}")
    path = config.parent / f"{name}.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


def lines_of(output: str) -> dict[str, str]:
    return {line[6:].split(":")[0]: line for line in output.splitlines()}


async def test_doctor_on_a_healthy_installation_and_with_each_fault(
    homeserver: Homeserver, people: dict[str, Member], tmp_path: Path, smtp_server: int,
    mailbox: Dovecot | None
) -> None:
    lmtp_port = free_port()
    extra = ("[smtp]\nhost = \"127.0.0.1\"\n"
             f"port = {smtp_server}\nstarttls = false\nfrom = \"kim@stadt.example\"\n"
             f"username = \"{SMTP_USER}\"\npassword = \"{SMTP_PASSWORD}\"\n"
             f"[mail_in]\nport = {lmtp_port}\n")
    if mailbox is not None:
        extra += (f"[imap]\nhost = \"127.0.0.1\"\nport = {mailbox.port}\ntls = false\n"
                  f"user = \"{mailbox.user}\"\npassword = \"{mailbox.password}\"\n")
    bot = start_bot(homeserver, tmp_path / "bot", "kimbot-doctor", extra_config=extra)
    room = await open_room(people, bot.user_id)
    assert "ist eingerichtet" in await room.say("coord", "!einrichten Lenkungsgruppe")
    config = bot.directory / "config.toml"

    code, output = await kimbot("doctor", "-c", str(config))
    assert code == 0, output
    found = lines_of(output)
    expected = ["config", "instance", "database", "disk", "signing certificate", "homeserver",
                "clock", "login", "password", "recovery key", "device cross-signed", "rooms",
                "public url", "smtp", "lmtp"] + (["imap"] if mailbox else [])
    assert list(found) == expected, output
    assert all(line.startswith("ok    ") for line in found.values()), output
    assert f"pid {bot.process.process.pid}" in found["instance"]
    assert "all 1 rooms of its groups joined" in found["rooms"]
    assert "(the process there is active" in found["public url"]
    assert f"logged in as {SMTP_USER}" in found["smtp"]
    for secret in (PASSWORD, SMTP_PASSWORD, *([mailbox.password] if mailbox else [])):
        assert secret not in output, "no secret is printed"

    faults = {
        "password": changed(config, "wrong-password", "matrix", "password", '"falsch"'),
        "homeserver": changed(config, "homeserver-down", "matrix", "homeserver",
                              f'"http://127.0.0.1:{free_port()}"'),
        "database": changed(config, "database-down", "database", "url",
                            f'"postgresql+asyncpg://kimbot@127.0.0.1:{free_port()}/kimbot"'),
        "smtp": changed(config, "smtp-port", "smtp", "port", str(free_port())),
        "signing certificate": _with_expired_certificate(config, tmp_path),
    }
    for fault, faulty in faults.items():
        code, output = await kimbot("doctor", "-c", str(faulty))
        failed = [line for line in output.splitlines() if line.startswith("FAIL")]
        assert code == 1, (fault, output)
        assert lines_of(output)[fault].startswith(f"FAIL  {fault}: "), (fault, output)
        assert " — fix: " in lines_of(output)[fault]
        # The fault shows where it is; a dead homeserver or database also hides what
        # stands behind it, but nothing unrelated fails.
        others = {line[6:].split(":")[0] for line in failed} - {fault}
        assert others <= {"homeserver": set(), "database": {"instance"}}.get(fault, set()), \
            (fault, output)
    assert "expired on" in lines_of((await kimbot(
        "doctor", "-c", str(faults["signing certificate"])))[1])["signing certificate"]

    # A clock 20 s ahead of the homeserver's (the doctor's clock is injected).
    said: list[str] = []
    ahead = await doctor.run(load_config(config), said.append,
                             clock=lambda: datetime.now(UTC) + timedelta(seconds=20))
    clock_line = lines_of("\n".join(said))["clock"]
    assert ahead == 1 and clock_line.startswith("FAIL  clock: ") and "ahead of" in clock_line
    assert [line for line in said if line.startswith("FAIL")] == [clock_line]
    assert bot.process.stop() == 0


def _with_expired_certificate(config: Path, tmp_path: Path) -> Path:
    bundle = expired_pkcs12(tmp_path / "expired.p12")
    path = config.parent / "expired-certificate.toml"
    path.write_text(config.read_text() + f'[signing]\npkcs12 = "{bundle}"\n'
                    'passphrase = "pkcs-geheim"\n')
    return path
