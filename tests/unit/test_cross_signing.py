"""Cross-signing and secret storage without a homeserver: the recovery key, the encryption of
secrets and the signatures, checked against matrix-js-sdk's own output (the vectors below were
made by matrix-js-sdk 36.2: `encodeRecoveryKey`, `encryptAESSecretStorageItem`,
`calculateKeyCheck`) and against properties."""

from __future__ import annotations

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.matrix.cross_signing import (
    CrossSigningKeys,
    PublishedIdentity,
    RecoveryKeyError,
    SecretStorageError,
    SigningKey,
    b64decode,
    cross_signed_devices,
    decode_recovery_key,
    decrypt_secret,
    encode_recovery_key,
    encrypt_secret,
    key_description,
    key_matches,
    open_private_keys,
    seal_private_keys,
    verify_signature,
)

#: Bytes 1, 8, 15, … (i * 7 + 1), the key of matrix-js-sdk's vectors.
JS_KEY = bytes((i * 7 + 1) % 256 for i in range(32))
JS_RECOVERY_KEY = "EsT1 HT7u 2D8e RJ5J Xpm5 QiQG RLzx hTZJ mA5Y F4nN CHD4 4593"
JS_IV = "AAECAwQFBgcICQoLDA0ODw=="
JS_SECRET = {"iv": JS_IV, "ciphertext": "u2rLm6pwH+TIh5iwFUNBcvyQsj4=",
             "mac": "4KYyrGdPVMw4G+Gz4nncYd9DEZDe9DuVrGdUWL8SQ9Y="}
JS_KEY_CHECK_MAC = "tNnZ7RWFV912Ab7nGv8Dhl3SGkSM7/BSzBDz4lRDOeQ="


def test_the_recovery_key_is_written_as_element_writes_it() -> None:
    assert encode_recovery_key(JS_KEY) == JS_RECOVERY_KEY
    assert decode_recovery_key(JS_RECOVERY_KEY) == JS_KEY


def test_a_recovery_key_is_read_with_any_spacing() -> None:
    compact = JS_RECOVERY_KEY.replace(" ", "")
    assert decode_recovery_key(f"  {compact[:20]}\n{compact[20:]}\n") == JS_KEY


@pytest.mark.parametrize(("text", "reason"), [
    ("EsT1 HT7u 2D8e RJ5J Xpm5 QiQG RLzx hTZJ mA5Y F4nN CHD4 4594", "check byte"),
    ("EsT1 HT7u 2D8e RJ5J Xpm5 QiQG RLzx hTZJ mA5Y F4nN CHD4", "length"),
    ("EsT1 HT7u 2D8e RJ5J Xpm5 QiQG RLzx hTZJ mA5Y F4nN CHD4 459O", "base58"),
    ("", "length"),
])
def test_a_mistyped_recovery_key_is_refused_saying_why(text: str, reason: str) -> None:
    with pytest.raises(RecoveryKeyError, match=reason):
        decode_recovery_key(text)


@given(st.binary(min_size=32, max_size=32))
def test_every_key_survives_its_written_form(key: bytes) -> None:
    assert decode_recovery_key(encode_recovery_key(key)) == key


def test_a_secret_encrypted_by_matrix_js_sdk_is_read_and_written_alike() -> None:
    assert decrypt_secret(JS_KEY, "m.cross_signing.master", JS_SECRET) == \
        b"a secret of kimbot's"
    assert encrypt_secret(JS_KEY, "m.cross_signing.master", b"a secret of kimbot's",
                          iv=b64decode(JS_IV)) == JS_SECRET


def test_the_key_check_matches_matrix_js_sdk() -> None:
    description = {"algorithm": "m.secret_storage.v1.aes-hmac-sha2", "iv": JS_IV,
                   "mac": JS_KEY_CHECK_MAC}
    assert key_matches(JS_KEY, description)
    assert not key_matches(bytes(32), description)
    assert not key_matches(JS_KEY, {**description, "algorithm": "m.secret_storage.v2"})
    assert not key_matches(JS_KEY, {"algorithm": "m.secret_storage.v1.aes-hmac-sha2"})


def test_a_secret_under_another_name_or_key_or_changed_does_not_open() -> None:
    key = os.urandom(32)
    sealed = encrypt_secret(key, "m.cross_signing.master", b"seed")
    with pytest.raises(SecretStorageError):
        decrypt_secret(key, "m.cross_signing.self_signing", sealed)
    with pytest.raises(SecretStorageError):
        decrypt_secret(os.urandom(32), "m.cross_signing.master", sealed)
    changed = {**sealed, "ciphertext": "AAAA" + sealed["ciphertext"][4:]}
    with pytest.raises(SecretStorageError):
        decrypt_secret(key, "m.cross_signing.master", changed)


def test_the_new_iv_keeps_bit_63_clear() -> None:
    for _ in range(50):
        iv = b64decode(encrypt_secret(os.urandom(32), "x", b"y")["iv"])
        assert iv[8] & 0x80 == 0


def test_private_keys_come_back_from_secret_storage() -> None:
    keys, storage_key = CrossSigningKeys.generate(), os.urandom(32)
    stored = seal_private_keys(keys, storage_key, "kid")
    assert set(stored) == {"m.cross_signing.master", "m.cross_signing.self_signing",
                           "m.cross_signing.user_signing"}
    assert open_private_keys(storage_key, "kid", stored) == keys
    assert key_matches(storage_key, key_description(storage_key))
    with pytest.raises(SecretStorageError, match="not stored under key other"):
        open_private_keys(storage_key, "other", stored)
    with pytest.raises(SecretStorageError, match="user_signing"):
        open_private_keys(storage_key, "kid", {**stored, "m.cross_signing.user_signing": None})


USER = "@kimbot:example.org"


def device(user_id: str = USER, device_id: str = "KIMBOTDEV") -> dict[str, object]:
    device_key = SigningKey.generate()
    return device_key.signed({
        "user_id": user_id, "device_id": device_id,
        "algorithms": ["m.olm.v1.curve25519-aes-sha2", "m.megolm.v1.aes-sha2"],
        "keys": {f"ed25519:{device_id}": device_key.public,
                 f"curve25519:{device_id}": "c" * 43},
    }, user_id)


def query_answer(keys: CrossSigningKeys, devices: dict[str, dict[str, object]]
                 ) -> dict[str, object]:
    public = keys.public_objects(USER)
    return {"device_keys": {USER: devices},
            "master_keys": {USER: public["master_key"]},
            "self_signing_keys": {USER: public["self_signing_key"]}}


def test_a_device_signed_by_the_self_signing_key_counts_as_cross_signed() -> None:
    keys = CrossSigningKeys.generate()
    signed = keys.self_signing.signed({**device(), "unsigned": {"device_display_name": "x"}},
                                      USER)
    unsigned = device(device_id="OTHER")
    answer = query_answer(keys, {"KIMBOTDEV": signed, "OTHER": unsigned})
    assert cross_signed_devices(answer) == {USER: {"KIMBOTDEV"}}
    assert PublishedIdentity.from_query(USER, answer).signs_device(signed)


def test_a_signature_by_a_self_signing_key_the_master_did_not_sign_does_not_count() -> None:
    keys, impostor = CrossSigningKeys.generate(), CrossSigningKeys.generate()
    answer = query_answer(keys, {"KIMBOTDEV": impostor.self_signing.signed(device(), USER)})
    assert cross_signed_devices(answer) == {USER: set()}
    # The impostor's self-signing key published without the master's signature:
    forged = impostor.public_objects(USER)["self_signing_key"]
    answer["self_signing_keys"] = {USER: forged}
    assert PublishedIdentity.from_query(USER, answer).valid_self_signing is None


def test_a_changed_device_loses_its_signature() -> None:
    keys = CrossSigningKeys.generate()
    signed = keys.self_signing.signed(device(), USER)
    assert verify_signature(signed, USER, keys.self_signing.public)
    changed = {**signed, "algorithms": ["m.olm.v1.curve25519-aes-sha2"]}
    assert not verify_signature(changed, USER, keys.self_signing.public)
    assert not verify_signature(signed, "@someone:else", keys.self_signing.public)
