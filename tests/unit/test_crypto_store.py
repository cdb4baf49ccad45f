"""The bot notices a missing or corrupted crypto store before it reuses a device."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest

from bot.config import MatrixConfig
from bot.matrix.gateway import MatrixGateway

CONFIG = MatrixConfig(homeserver="http://127.0.0.1:1", user_id="@kimbot:test", password="x")


async def test_a_healthy_store_is_used(tmp_path: Path) -> None:
    gateway = MatrixGateway(CONFIG, tmp_path)
    with sqlite3.connect(gateway.store / "@kimbot:test_DEVICE.db") as db:
        db.execute("CREATE TABLE accounts (id INTEGER)")
    assert gateway._crypto_store_usable("DEVICE")
    await gateway.close()


async def test_a_missing_store_means_a_new_device(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    gateway = MatrixGateway(CONFIG, tmp_path)
    with caplog.at_level(logging.ERROR):
        assert not gateway._crypto_store_usable("DEVICE")
    assert "crypto store of device DEVICE is missing" in caplog.text
    await gateway.close()


async def test_a_corrupted_store_is_moved_aside(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    gateway = MatrixGateway(CONFIG, tmp_path)
    store_file = gateway.store / "@kimbot:test_DEVICE.db"
    store_file.write_bytes(b"this is not a database" * 100)
    with caplog.at_level(logging.ERROR):
        assert not gateway._crypto_store_usable("DEVICE")
    assert "is corrupted" in caplog.text and "NEW device" in caplog.text
    assert not store_file.exists()
    assert list(gateway.store.glob("*.corrupt-*"))
    await gateway.close()
