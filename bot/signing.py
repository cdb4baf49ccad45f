"""Signatures on the bot's exports: PDFs carry an embedded PAdES signature, every other export
a detached CMS signature (`.p7s`) — made and checked with pyHanko.

The key and certificate come from the city's PKI as a PKCS#12 file (`[signing] pkcs12`), or the
bot makes its own at first start: an ECDSA P-256 key and a self-signed certificate in
`data_dir/signing/` (its fingerprint is in the log and in `!gruppe`). A self-signed signature
proves that the file is what this bot wrote and has not changed since; who the bot is, the
operator vouches for (say the fingerprint in the README of the filing system).
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from asn1crypto import cms
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

if TYPE_CHECKING:
    from pyhanko.sign import signers
    from pyhanko_certvalidator import ValidationContext

log = logging.getLogger(__name__)

FIELD = "kimbot"


@dataclass(frozen=True)
class SignatureCheck:
    valid: bool
    #: What is wrong, for people (None when valid).
    problem: str | None = None


class ExportSigner:
    """Signs with one key; checks against its certificate.

    pyHanko is loaded at the first signature or check, not when the bot starts: a bot that
    exports nothing that day does not pay its import (about 0.2 s and some MB)."""

    def __init__(self, certificate: asn1_x509.Certificate,
                 load: Callable[[], signers.SimpleSigner]) -> None:
        self.certificate = certificate
        self._load = load
        self._signer: signers.SimpleSigner | None = None

    @property
    def signer(self) -> signers.SimpleSigner:
        if self._signer is None:
            self._signer = self._load()
        return self._signer

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the certificate, as `AB:CD:…` (what people compare)."""
        digest = hashlib.sha256(self.certificate.dump()).hexdigest().upper()
        return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))

    def sign_pdf(self, data: bytes) -> bytes:
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import signers
        from pyhanko.sign.fields import SigFieldSpec, SigSeedSubFilter

        writer = IncrementalPdfFileWriter(io.BytesIO(data))
        meta = signers.PdfSignatureMetadata(field_name=FIELD, subfilter=SigSeedSubFilter.PADES,
                                            md_algorithm="sha256")
        out = signers.PdfSigner(meta, signer=self.signer,
                                new_field_spec=SigFieldSpec(FIELD)).sign_pdf(writer)
        return bytes(out.getbuffer())

    def sign_detached(self, data: bytes) -> bytes:
        """A detached CMS signature (DER) for a file that is not a PDF."""
        signature = _run_async(self.signer.async_sign_general_data(data, "sha256",
                                                                   detached=True))
        assert isinstance(signature, cms.ContentInfo)
        return bytes(signature.dump())

    def check_pdf(self, data: bytes) -> SignatureCheck:
        from pyhanko.pdf_utils.reader import PdfFileReader
        from pyhanko.sign.validation import async_validate_pdf_signature

        try:
            reader = PdfFileReader(io.BytesIO(data))
            embedded = reader.embedded_signatures
        except Exception as error:  # not a PDF pyHanko can read
            return SignatureCheck(False, f"not a readable PDF ({type(error).__name__})")
        if not embedded:
            return SignatureCheck(False, "the PDF is not signed")
        status: Any = _run_async(async_validate_pdf_signature(embedded[0], self._context()))
        if not status.intact:
            return SignatureCheck(False, "the PDF was changed after it was signed")
        if not status.valid or not status.trusted:
            return SignatureCheck(False, "the signature is not by this bot's certificate")
        if status.coverage is None or status.coverage.name != "ENTIRE_FILE":
            return SignatureCheck(False, "the PDF has content after its signature")
        return SignatureCheck(True)

    def check_detached(self, data: bytes, signature: bytes) -> SignatureCheck:
        from pyhanko.sign.validation import async_validate_detached_cms

        try:
            signed = cms.ContentInfo.load(signature)["content"]
            status: Any = _run_async(async_validate_detached_cms(
                data, signed, signer_validation_context=self._context()))
        except Exception as error:
            return SignatureCheck(False, f"the signature file cannot be read "
                                         f"({type(error).__name__})")
        if not status.intact:
            return SignatureCheck(False, "the file was changed after it was signed")
        if not status.valid or not status.trusted:
            return SignatureCheck(False, "the signature is not by this bot's certificate")
        return SignatureCheck(True)

    def _context(self) -> ValidationContext:
        from pyhanko_certvalidator import ValidationContext

        return ValidationContext(trust_roots=[self.certificate], allow_fetching=False)


def load_or_create(directory: Path, pkcs12: Path | None = None,
                   passphrase: str | None = None, name: str = "kimbot") -> ExportSigner:
    """The city's PKCS#12, or the bot's own key and certificate (made once, kept)."""
    if pkcs12 is not None:
        from pyhanko.sign import signers

        # The city's file is read at once, so a wrong passphrase stops the start.
        loaded = signers.SimpleSigner.load_pkcs12(  # type: ignore[no-untyped-call]
            str(pkcs12), passphrase=passphrase.encode() if passphrase else None)
        if loaded is None:
            raise ValueError(f"{pkcs12}: cannot read the key and certificate")
        return ExportSigner(loaded.signing_cert, lambda: loaded)
    key_file, cert_file = directory / "key.pem", directory / "cert.pem"
    if not key_file.exists() or not cert_file.exists():
        _create(directory, key_file, cert_file, name)
    try:
        certificate = asn1_x509.Certificate.load(
            x509.load_pem_x509_certificate(cert_file.read_bytes()).public_bytes(
                serialization.Encoding.DER))
        serialization.load_pem_private_key(key_file.read_bytes(), password=None)
    except ValueError as error:
        raise ValueError(f"{directory}: cannot read the signing key and certificate") from error

    def load() -> signers.SimpleSigner:
        from pyhanko.sign import signers

        signer: signers.SimpleSigner | None = signers.SimpleSigner.load(  # type: ignore[no-untyped-call]
            str(key_file), str(cert_file))
        if signer is None:
            raise ValueError(f"{directory}: cannot read the signing key and certificate")
        return signer

    return ExportSigner(certificate, load)


def _create(directory: Path, key_file: Path, cert_file: Path, name: str) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, "kimbot")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True,
                                     key_encipherment=False, data_encipherment=False,
                                     key_agreement=False, key_cert_sign=True, crl_sign=False,
                                     encipher_only=False, decipher_only=False), critical=True)
        .sign(key, hashes.SHA256()))
    temporary = key_file.with_suffix(".tmp")
    temporary.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                            serialization.PrivateFormat.PKCS8,
                                            serialization.NoEncryption()))
    temporary.chmod(0o600)
    temporary.replace(key_file)
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    log.info("made a signing key and self-signed certificate in %s", directory)


def _in_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _run_async(coroutine: object) -> object:
    """Run a pyHanko coroutine from synchronous code, also when a loop runs (then in a thread:
    the callers are synchronous by design, the signing being CPU work)."""
    if not _in_loop():
        return asyncio.run(coroutine)  # type: ignore[arg-type]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()  # type: ignore[arg-type]
