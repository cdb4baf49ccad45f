"""`kimbot backup FILE` and `kimbot restore FILE`: everything the bot needs to go on, in one
archive — the database (SQLite: a consistent copy taken while the bot runs, through SQLite's
online backup; PostgreSQL: `pg_dump`, see `POSTGRES_HINT`), the device's crypto store (also
SQLite) and the session (device id and access token).

A restore puts the archive back with the bot stopped, and sets the bot up so that it never
answers twice: what was sent in the rooms before the restore is history to it (what happened
between the backup and the restore is not answered again — its effects on the database are
lost with the restore), and messages that were still waiting in the backup are dropped (they
may have gone out after it). The device stays the same.
"""

from __future__ import annotations

import io
import json
import sqlite3
import tarfile
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.config import Config

FORMAT = "kimbot-backup-1"
POSTGRES_HINT = (
    "The database is PostgreSQL: back it up with pg_dump, e.g.\n"
    "  pg_dump --format=custom --file=kimbot.pgdump 'postgresql://USER@HOST/DBNAME'\n"
    "and restore it with pg_restore --clean into the same database, bot stopped."
)


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class BackupReport:
    files: list[str]
    database_included: bool


def sqlite_path(config: Config) -> Path | None:
    """The SQLite database file, or None for PostgreSQL."""
    url = config.database.url
    if not url.startswith("sqlite"):
        return None
    return Path(url.split(":///", 1)[1])


def create_backup(config: Config, target: Path, now: datetime | None = None) -> BackupReport:
    """Write the archive; safe while the bot runs (each SQLite file is copied consistently)."""
    data_dir = config.bot.data_dir
    members: dict[str, bytes] = {}
    database = sqlite_path(config)
    if database is not None:
        if not database.exists():
            raise BackupError(f"{database}: no database there")
        members["database/kimbot.db"] = _sqlite_copy(database)
    crypto = data_dir / "crypto"
    for store in sorted(crypto.glob("*.db")) if crypto.is_dir() else []:
        members[f"crypto/{store.name}"] = _sqlite_copy(store)
    session = data_dir / "session.json"
    if session.exists():
        members["session.json"] = session.read_bytes()
    manifest = {"format": FORMAT, "created": (now or datetime.now(UTC)).isoformat(),
                "database": "sqlite" if database is not None else "postgresql",
                "files": sorted(members)}
    members["manifest.json"] = json.dumps(manifest, indent=2).encode()
    temporary = target.with_name(target.name + ".tmp")
    with tarfile.open(temporary, "w:gz") as archive:
        for name, data in sorted(members.items()):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o600
            archive.addfile(info, io.BytesIO(data))
    temporary.replace(target)
    target.chmod(0o600)  # the session's access token is in it
    return BackupReport(sorted(members), database is not None)


def _sqlite_copy(path: Path) -> bytes:
    """A consistent copy of a live SQLite database (its WAL included), as bytes."""
    with tempfile.TemporaryDirectory() as directory:
        copy = Path(directory) / "copy.db"
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        destination = sqlite3.connect(copy)
        try:
            source.backup(destination)
        finally:
            destination.close()
            source.close()
        return copy.read_bytes()


def restore_backup(config: Config, source: Path) -> list[str]:
    """Put the archive back (bot stopped) and prepare the next start; the files restored."""
    if _bot_answers(config):
        raise BackupError("the bot is running (its /healthz answers): stop it first")
    with tarfile.open(source, "r:gz") as archive:
        members = {member.name: member for member in archive.getmembers()}
        manifest = json.loads(_read(archive, members, "manifest.json"))
        if manifest.get("format") != FORMAT:
            raise BackupError(f"{source}: not a kimbot backup")
        database = sqlite_path(config)
        if manifest["database"] == "sqlite" and database is None:
            raise BackupError("the backup holds a SQLite database, but the config names "
                              "PostgreSQL")
        data_dir = config.bot.data_dir
        data_dir.mkdir(parents=True, exist_ok=True)
        restored = []
        for name in manifest["files"]:
            data = _read(archive, members, name)
            if name == "database/kimbot.db":
                assert database is not None
                _replace_sqlite(database, data)
            elif name.startswith("crypto/") and "/" not in name.removeprefix("crypto/"):
                (data_dir / "crypto").mkdir(exist_ok=True)
                _replace_sqlite(data_dir / name, data)
            elif name == "session.json":
                _write_private(data_dir / "session.json", data)
            else:
                continue
            restored.append(name)
    return restored


def _read(archive: tarfile.TarFile, members: dict[str, tarfile.TarInfo], name: str) -> bytes:
    member = members.get(name)
    extracted = archive.extractfile(member) if member is not None and member.isfile() else None
    if extracted is None:
        raise BackupError(f"the backup lacks {name}")
    return extracted.read()


def _replace_sqlite(path: Path, data: bytes) -> None:
    """The file replaced whole; its WAL and shared memory, which belong to the old one, go."""
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    _write_private(path, data)


def _write_private(path: Path, data: bytes) -> None:
    temporary = path.with_name(path.name + ".restoring")
    temporary.write_bytes(data)
    temporary.chmod(0o600)
    temporary.replace(path)


async def start_from_the_present(config: Config, now: datetime | None = None) -> int:
    """From now on the bot answers only what is sent after this moment: it reads on from the
    sync position in the backup, but treats what was sent before now as history (as it treats
    a room's past when it joins). What waited in the outbox at the time of the backup is not
    sent again, nor a reminder that fell due since: each may have happened after the backup
    was taken, and must not happen twice. Returns the messages dropped."""
    from commands.reminder_flow import planned_reminders
    from storage import Database

    moment = now or datetime.now(UTC)
    database = Database(config.database.url)
    try:
        await database.migrate()
        async with database.unit_of_work() as uow:
            await uow.rooms.answer_only_after(moment)
            for reminder in await planned_reminders(uow, moment):
                if reminder.at <= moment:
                    await uow.reminders.mark(reminder.key, moment)
            return await uow.outbox.drop_pending()
    finally:
        await database.dispose()


def _bot_answers(config: Config) -> bool:
    url = f"http://{config.http.bind}:{config.http.port}/healthz"
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True  # 503: running, but unwell
    except OSError:
        return False

