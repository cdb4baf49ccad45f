"""The bot's signing key: made once and kept, or taken from the city's PKCS#12 file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from cryptography.x509.oid import NameOID

from bot.signing import load_or_create


def test_the_bot_makes_its_key_once_and_keeps_it(tmp_path: Path) -> None:
    first = load_or_create(tmp_path / "signing")
    again = load_or_create(tmp_path / "signing")
    assert first.fingerprint == again.fingerprint and len(first.fingerprint) == 95
    assert oct((tmp_path / "signing" / "key.pem").stat().st_mode)[-3:] == "600"
    signature = first.sign_detached(b"Nummer;Datum\n2026/001;3.12.2026\n")
    assert again.check_detached(b"Nummer;Datum\n2026/001;3.12.2026\n", signature).valid
    other = load_or_create(tmp_path / "other")
    assert not other.check_detached(b"Nummer;Datum\n2026/001;3.12.2026\n", signature).valid


def test_a_pkcs12_file_from_the_citys_pki(tmp_path: Path) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Stadt Musterstadt – KIM")])
    now = datetime.now(UTC)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - timedelta(days=1))
                   .not_valid_after(now + timedelta(days=30))
                   .sign(key, hashes.SHA256()))
    bundle = tmp_path / "kim.p12"
    bundle.write_bytes(pkcs12.serialize_key_and_certificates(
        b"kim", key, certificate, None, BestAvailableEncryption(b"geheim")))
    signer = load_or_create(tmp_path / "unused", bundle, "geheim")
    assert not (tmp_path / "unused").exists(), "with a PKCS#12 file the bot makes no key"
    signature = signer.sign_detached(b"Beschluss")
    assert signer.check_detached(b"Beschluss", signature).valid
    assert "Musterstadt" in signer.certificate.subject.human_friendly
