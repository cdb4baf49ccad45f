"""Cross-signing and secret storage as the Matrix spec defines them, without network.

An account's identity is three Ed25519 keys: the master key, which signs the other two; the
self-signing key, which signs the account's own devices; the user-signing key, which signs
other people's master keys. A device counts as its owner's when its keys carry a signature by
the self-signing key that the master key signed. The private keys are kept in the account's
secret storage: account data encrypted with AES-CTR-256 and authenticated with HMAC-SHA-256,
under a key derived (HKDF-SHA-256) from the recovery key, which people read in base58.

Client-server API, "Cross-signing" and "Secrets"; matrix-nio has none of it. The HTTP side is
in `bot.matrix.identity`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from typing import Any

import base58
from canonicaljson import encode_canonical_json
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

SECRET_STORAGE_ALGORITHM = "m.secret_storage.v1.aes-hmac-sha2"
MASTER, SELF_SIGNING, USER_SIGNING = "master", "self_signing", "user_signing"
USAGES = (MASTER, SELF_SIGNING, USER_SIGNING)
#: The account-data type each private key is stored under.
SECRET_NAMES = {usage: f"m.cross_signing.{usage}" for usage in USAGES}
#: The two bytes every recovery key starts with, and its length without them and the parity.
RECOVERY_KEY_PREFIX = b"\x8b\x01"
RECOVERY_KEY_BYTES = 32


class RecoveryKeyError(ValueError):
    """A recovery key that is not one: wrong characters, prefix, parity or length."""


class SecretStorageError(ValueError):
    """A stored secret that this key cannot open (wrong key, or the data was changed)."""


# -- encodings -------------------------------------------------------------------------------


def unpadded_b64(data: bytes) -> str:
    return base64.b64encode(data).decode().rstrip("=")


def b64decode(text: str) -> bytes:
    """Standard base64, with or without padding (clients write both)."""
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)


def canonical(obj: dict[str, Any]) -> bytes:
    """The bytes a signature covers: canonical JSON without `signatures` and `unsigned`."""
    return encode_canonical_json(
        {k: v for k, v in obj.items() if k not in ("signatures", "unsigned")}
    )


# -- keys and signatures ---------------------------------------------------------------------


@dataclass(frozen=True)
class SigningKey:
    """An Ed25519 key pair; `seed` is the 32-byte private key as the spec stores it."""

    seed: bytes

    @classmethod
    def generate(cls) -> SigningKey:
        return cls(secrets.token_bytes(32))

    @property
    def public(self) -> str:
        raw = Ed25519PrivateKey.from_private_bytes(self.seed).public_key().public_bytes(
            Encoding.Raw, PublicFormat.Raw)
        return unpadded_b64(raw)

    def sign(self, obj: dict[str, Any]) -> str:
        return unpadded_b64(Ed25519PrivateKey.from_private_bytes(self.seed).sign(canonical(obj)))

    def signed(self, obj: dict[str, Any], user_id: str) -> dict[str, Any]:
        """`obj` with this key's signature added beside the ones it has."""
        signatures = {user: dict(by) for user, by in obj.get("signatures", {}).items()}
        signatures.setdefault(user_id, {})[f"ed25519:{self.public}"] = self.sign(obj)
        return {**obj, "signatures": signatures}


def verify_signature(obj: dict[str, Any], user_id: str, public_key: str) -> bool:
    """Whether `obj` carries a valid signature of `user_id`'s Ed25519 key `public_key`."""
    try:
        signature = obj["signatures"][user_id][f"ed25519:{public_key}"]
        key = Ed25519PublicKey.from_public_bytes(b64decode(public_key))
        key.verify(b64decode(signature), canonical(obj))
    except (KeyError, TypeError, ValueError, InvalidSignature):
        return False
    return True


def cross_signing_public(obj: dict[str, Any] | None) -> str | None:
    """The one Ed25519 public key of a cross-signing key object (as /keys/query returns it)."""
    if not isinstance(obj, dict) or not isinstance(obj.get("keys"), dict):
        return None
    values = [v for k, v in obj["keys"].items() if str(k).startswith("ed25519:")]
    return values[0] if len(values) == 1 and isinstance(values[0], str) else None


@dataclass(frozen=True)
class CrossSigningKeys:
    """The three private keys of an identity."""

    master: SigningKey
    self_signing: SigningKey
    user_signing: SigningKey

    @classmethod
    def generate(cls) -> CrossSigningKeys:
        return cls(SigningKey.generate(), SigningKey.generate(), SigningKey.generate())

    def by_usage(self) -> dict[str, SigningKey]:
        return {MASTER: self.master, SELF_SIGNING: self.self_signing,
                USER_SIGNING: self.user_signing}

    def public_objects(self, user_id: str) -> dict[str, dict[str, Any]]:
        """The body of `POST /keys/device_signing/upload` (without `auth`): the master key,
        and the other two signed by it."""
        def key_object(usage: str, key: SigningKey) -> dict[str, Any]:
            return {"user_id": user_id, "usage": [usage],
                    "keys": {f"ed25519:{key.public}": key.public}}

        return {
            "master_key": key_object(MASTER, self.master),
            "self_signing_key": self.master.signed(
                key_object(SELF_SIGNING, self.self_signing), user_id),
            "user_signing_key": self.master.signed(
                key_object(USER_SIGNING, self.user_signing), user_id),
        }


@dataclass(frozen=True)
class PublishedIdentity:
    """An account's public cross-signing keys, as /keys/query reports them."""

    user_id: str
    master: str | None
    self_signing: str | None
    self_signing_object: dict[str, Any] | None

    @classmethod
    def from_query(cls, user_id: str, response: dict[str, Any]) -> PublishedIdentity:
        master_obj = (response.get("master_keys") or {}).get(user_id)
        ssk_obj = (response.get("self_signing_keys") or {}).get(user_id)
        return cls(user_id, cross_signing_public(master_obj), cross_signing_public(ssk_obj),
                   ssk_obj if isinstance(ssk_obj, dict) else None)

    @property
    def valid_self_signing(self) -> str | None:
        """The self-signing key, if the master key signed it."""
        if self.master is None or self.self_signing is None or self.self_signing_object is None:
            return None
        if not verify_signature(self.self_signing_object, self.user_id, self.master):
            return None
        return self.self_signing

    def signs_device(self, device_keys: dict[str, Any] | None) -> bool:
        """Whether the device's keys carry the signature of this identity's (valid)
        self-signing key: the device is cross-signed by its owner."""
        ssk = self.valid_self_signing
        if ssk is None or not isinstance(device_keys, dict):
            return False
        if device_keys.get("user_id") != self.user_id:
            return False
        return verify_signature(device_keys, self.user_id, ssk)


def cross_signed_devices(response: dict[str, Any]) -> dict[str, set[str]]:
    """Per user in a /keys/query response, the device ids their own identity signed."""
    found: dict[str, set[str]] = {}
    for user_id, devices in (response.get("device_keys") or {}).items():
        if not isinstance(devices, dict):
            continue
        identity = PublishedIdentity.from_query(user_id, response)
        found[user_id] = {device_id for device_id, keys in devices.items()
                          if identity.signs_device(keys)}
    return found


# -- the recovery key ------------------------------------------------------------------------


def encode_recovery_key(key: bytes) -> str:
    """The form people see: base58 of prefix, key and parity byte, in groups of four."""
    if len(key) != RECOVERY_KEY_BYTES:
        raise RecoveryKeyError(f"a recovery key has {RECOVERY_KEY_BYTES} bytes, not {len(key)}")
    data = RECOVERY_KEY_PREFIX + key
    parity = 0
    for byte in data:
        parity ^= byte
    text = base58.b58encode(data + bytes([parity])).decode()
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


def decode_recovery_key(text: str) -> bytes:
    """The 32 bytes of a recovery key as Element shows it (spaces and line breaks allowed)."""
    compact = "".join(text.split())
    try:
        data = base58.b58decode(compact)
    except ValueError:
        raise RecoveryKeyError("it holds characters that are not base58") from None
    if len(data) != len(RECOVERY_KEY_PREFIX) + RECOVERY_KEY_BYTES + 1:
        raise RecoveryKeyError("it has the wrong length")
    if not data.startswith(RECOVERY_KEY_PREFIX):
        raise RecoveryKeyError("it does not start as a recovery key does")
    parity = 0
    for byte in data:
        parity ^= byte
    if parity != 0:
        raise RecoveryKeyError("its check byte does not match (a character is wrong)")
    return data[len(RECOVERY_KEY_PREFIX):-1]


# -- secret storage --------------------------------------------------------------------------


def _derived_keys(key: bytes, name: str) -> tuple[bytes, bytes]:
    okm = HKDF(algorithm=hashes.SHA256(), length=64, salt=bytes(32),
               info=name.encode()).derive(key)
    return okm[:32], okm[32:]


def encrypt_secret(key: bytes, name: str, secret: bytes,
                   iv: bytes | None = None) -> dict[str, str]:
    """`secret` encrypted for account data `name`: {"iv", "ciphertext", "mac"}."""
    aes_key, mac_key = _derived_keys(key, name)
    if iv is None:
        fresh = bytearray(os.urandom(16))
        fresh[8] &= 0x7F  # the spec clears bit 63, so the counter cannot wrap in other clients
        iv = bytes(fresh)
    encryptor = Cipher(algorithms.AES(aes_key), modes.CTR(iv)).encryptor()
    ciphertext = encryptor.update(secret) + encryptor.finalize()
    mac = hmac.new(mac_key, ciphertext, hashlib.sha256).digest()
    return {"iv": base64.b64encode(iv).decode(),
            "ciphertext": base64.b64encode(ciphertext).decode(),
            "mac": base64.b64encode(mac).decode()}


def decrypt_secret(key: bytes, name: str, encrypted: dict[str, Any]) -> bytes:
    try:
        iv = b64decode(encrypted["iv"])
        ciphertext = b64decode(encrypted["ciphertext"])
        mac = b64decode(encrypted["mac"])
    except (KeyError, TypeError, ValueError):
        raise SecretStorageError(f"{name}: not an encrypted secret") from None
    aes_key, mac_key = _derived_keys(key, name)
    if not hmac.compare_digest(hmac.new(mac_key, ciphertext, hashlib.sha256).digest(), mac):
        raise SecretStorageError(f"{name}: this key does not open it")
    decryptor = Cipher(algorithms.AES(aes_key), modes.CTR(iv)).decryptor()
    return decryptor.update(ciphertext) + decryptor.finalize()


def key_description(key: bytes, name: str = "kimbot") -> dict[str, Any]:
    """The content of `m.secret_storage.key.<id>`: with the check (zeros encrypted under the
    empty name) by which clients tell whether a recovery key is the right one."""
    check = encrypt_secret(key, "", bytes(32))
    return {"algorithm": SECRET_STORAGE_ALGORITHM, "name": name,
            "iv": check["iv"], "mac": check["mac"]}


def key_matches(key: bytes, description: dict[str, Any]) -> bool:
    """Whether `key` is the one `description` (a `m.secret_storage.key.<id>`) was made for."""
    if description.get("algorithm") != SECRET_STORAGE_ALGORITHM:
        return False
    iv, mac = description.get("iv"), description.get("mac")
    if not isinstance(iv, str) or not isinstance(mac, str):
        return False
    try:
        expected = b64decode(mac)
        computed = b64decode(encrypt_secret(key, "", bytes(32), iv=b64decode(iv))["mac"])
    except ValueError:
        return False
    return hmac.compare_digest(expected, computed)


def new_key_id() -> str:
    return secrets.token_urlsafe(24)[:32]


def seal_private_keys(keys: CrossSigningKeys, storage_key: bytes,
                      key_id: str) -> dict[str, dict[str, Any]]:
    """The account data holding the three private keys, per account-data type."""
    return {
        SECRET_NAMES[usage]: {"encrypted": {key_id: encrypt_secret(
            storage_key, SECRET_NAMES[usage], unpadded_b64(key.seed).encode())}}
        for usage, key in keys.by_usage().items()
    }


def open_private_keys(storage_key: bytes, key_id: str,
                      account_data: dict[str, dict[str, Any] | None]) -> CrossSigningKeys:
    """The three private keys from their account data (by type); SecretStorageError names
    the first that is missing or does not open."""
    seeds: dict[str, SigningKey] = {}
    for usage in USAGES:
        name = SECRET_NAMES[usage]
        content = account_data.get(name) or {}
        encrypted = (content.get("encrypted") or {}).get(key_id)
        if not isinstance(encrypted, dict):
            raise SecretStorageError(f"{name}: not stored under key {key_id}")
        try:
            seed = b64decode(decrypt_secret(storage_key, name, encrypted).decode())
        except (UnicodeDecodeError, ValueError) as error:
            raise SecretStorageError(f"{name}: {error}") from None
        if len(seed) != 32:
            raise SecretStorageError(f"{name}: not an Ed25519 key")
        seeds[usage] = SigningKey(seed)
    return CrossSigningKeys(seeds[MASTER], seeds[SELF_SIGNING], seeds[USER_SIGNING])
