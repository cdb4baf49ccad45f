"""A PostgreSQL cluster of the tests' own, in a temporary directory, that a test may stop
and start under the running bot — the machine's shared server is left alone.

`initdb` refuses to run as root; run as root (as CI is), the cluster belongs to the
`postgres` account and its commands run through `runuser`. As anyone else it belongs to
the caller. Where no PostgreSQL server programs are installed, `find_binaries` says so and
the test is skipped with that reason."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.support.synapse import free_port


def find_binaries() -> Path | None:
    """The newest installed `…/postgresql/N/bin` with `initdb` and `pg_ctl`, if any."""
    versions = [p.parent for p in Path("/usr/lib/postgresql").glob("*/bin/initdb")
                if (p.parent / "pg_ctl").exists() and p.parent.parent.name.isdigit()]
    if versions:
        return max(versions, key=lambda p: int(p.parent.name))
    on_path = shutil.which("initdb")
    return Path(on_path).resolve().parent if on_path and shutil.which("pg_ctl") else None


@dataclass
class PostgresCluster:
    binaries: Path
    directory: Path
    port: int
    owner: str | None  # the account the server runs as when we are root

    @classmethod
    def create(cls, binaries: Path) -> PostgresCluster:
        owner = "postgres" if os.geteuid() == 0 else None
        directory = Path(tempfile.mkdtemp(prefix="kimbot-pg-"))
        if owner:
            entry = pwd.getpwnam(owner)
            os.chown(directory, entry.pw_uid, entry.pw_gid)
        cluster = cls(binaries, directory, free_port(), owner)
        cluster._run("initdb", "-D", str(directory / "data"), "-A", "trust", "-U", "postgres",
                     "--no-sync", "-E", "UTF8", "--locale=C")
        return cluster

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 "
                   f"-c unix_socket_directories={self.directory} -c fsync=off")
        self._run("pg_ctl", "-D", str(self.directory / "data"), "-o", options,
                  "-l", str(self.directory / "server.log"), "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        """`fast` as a service manager's restart does; `immediate` as a crash."""
        self._run("pg_ctl", "-D", str(self.directory / "data"), "-m", mode, "-w", "stop")

    def remove(self) -> None:
        if (self.directory / "data" / "postmaster.pid").exists():
            self.stop("immediate")
        shutil.rmtree(self.directory, ignore_errors=True)

    def _run(self, program: str, *arguments: str) -> None:
        command = [str(self.binaries / program), *arguments]
        if self.owner:
            command = ["runuser", "-u", self.owner, "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)
