"""Fixtures shared by all test layers.

Storage tests run on SQLite and on PostgreSQL. The PostgreSQL server is taken from
KIMBOT_TEST_POSTGRES_URL (default: postgresql+asyncpg://postgres@127.0.0.1:5432/test); each
test gets a database of its own, created and dropped around it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from storage import Database

POSTGRES_URL = os.environ.get(
    "KIMBOT_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)


def _dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'kimbot.db'}"
        return
    name = f"kimbot_test_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(_dsn(POSTGRES_URL))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    db = Database(database_url)
    await db.migrate()
    yield db
    await db.dispose()
