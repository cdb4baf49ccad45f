"""Secrets for calendar feed addresses: random tokens, kept only as their hash."""

from __future__ import annotations

import hashlib
import secrets

#: 32 random bytes: 256 bits, well above the 128 a guess must not find.
TOKEN_BYTES = 32


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def feed_url(base: str, token: str) -> str:
    return f"{base.rstrip('/')}/calendar/{token}.ics"
