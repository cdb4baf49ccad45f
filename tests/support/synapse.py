"""A throwaway Synapse homeserver on 127.0.0.1, for the end-to-end tests and `make demo`.

One per test session: a temporary directory, a free port, SQLite, registration by shared secret,
rate limits raised so a burst of test messages is not throttled.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SERVER_NAME = "localhost"
REPO = Path(__file__).resolve().parents[2]

_GENEROUS = {"per_second": 10000, "burst_count": 100000}


def synapse_python() -> str:
    """The Python that has Synapse installed: $KIMBOT_SYNAPSE_PYTHON, else .venv-synapse."""
    configured = os.environ.get("KIMBOT_SYNAPSE_PYTHON")
    if configured:
        return configured
    candidate = REPO / ".venv-synapse" / "bin" / "python"
    if candidate.exists():
        return str(candidate)
    raise RuntimeError(
        "Synapse is not installed: run `make test` (it creates .venv-synapse), "
        "or point KIMBOT_SYNAPSE_PYTHON at a Python that has matrix-synapse"
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Homeserver:
    directory: Path
    port: int = field(default_factory=free_port)
    shared_secret: str = field(default_factory=lambda: secrets.token_hex(16))
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def write_config(self) -> Path:
        d = self.directory
        d.mkdir(parents=True, exist_ok=True)
        (d / "log.yaml").write_text(
            "version: 1\n"
            "formatters: {plain: {format: '%(asctime)s %(levelname)s %(name)s: %(message)s'}}\n"
            "handlers: {file: {class: logging.FileHandler, formatter: plain, "
            f"filename: '{d / 'homeserver.log'}'}}}}\n"
            "root: {level: WARNING, handlers: [file]}\n"
            "disable_existing_loggers: false\n"
        )
        config: dict[str, Any] = {
            "server_name": SERVER_NAME,
            "pid_file": str(d / "homeserver.pid"),
            "listeners": [
                {
                    "port": self.port,
                    "bind_addresses": ["127.0.0.1"],
                    "type": "http",
                    "tls": False,
                    "x_forwarded": False,
                    "resources": [{"names": ["client"], "compress": False}],
                }
            ],
            "database": {"name": "sqlite3", "args": {"database": str(d / "homeserver.db")}},
            "log_config": str(d / "log.yaml"),
            "media_store_path": str(d / "media"),
            "signing_key_path": str(d / "signing.key"),
            "registration_shared_secret": self.shared_secret,
            "macaroon_secret_key": secrets.token_hex(16),
            "form_secret": secrets.token_hex(16),
            "report_stats": False,
            "trusted_key_servers": [],
            "suppress_key_server_warning": True,
            "bcrypt_rounds": 4,
            "enable_registration": False,
            "presence": {"enabled": False},
            "url_preview_enabled": False,
            "enable_metrics": False,
            "rc_message": _GENEROUS,
            "rc_login": {"address": _GENEROUS, "account": _GENEROUS, "failed_attempts": _GENEROUS},
            "rc_registration": _GENEROUS,
            "rc_joins": {"local": _GENEROUS, "remote": _GENEROUS},
            "rc_joins_per_room": _GENEROUS,
            "rc_invites": {"per_room": _GENEROUS, "per_user": _GENEROUS, "per_issuer": _GENEROUS},
            "rc_admin_redaction": _GENEROUS,
            "rc_room_creation": _GENEROUS,
            "rc_presence": {"per_user": _GENEROUS},
            "rc_delayed_event_mgmt": _GENEROUS,
            "filter_timeline_limit": 100,
        }
        path = d / "homeserver.yaml"
        path.write_text(json.dumps(config, indent=2))  # JSON is YAML
        return path

    def start(self, timeout: float = 60) -> None:
        path = self.write_config()
        python = synapse_python()
        if not (self.directory / "signing.key").exists():
            subprocess.run(
                [python, "-m", "synapse.app.homeserver", "-c", str(path), "--generate-keys"],
                check=True,
                capture_output=True,
            )
        self.process = subprocess.Popen(
            [python, "-m", "synapse.app.homeserver", "-c", str(path)],
            stdout=open(self.directory / "stdout.log", "ab"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Synapse exited; see {self.directory}/stdout.log")
            try:
                with urllib.request.urlopen(f"{self.url}/_matrix/client/versions", timeout=2):
                    return
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.2)
        raise RuntimeError("Synapse did not start in time")

    def stop(self) -> None:
        if self.process is not None:
            terminate(self.process)

    def register(self, localpart: str, password: str, admin: bool = False) -> str:
        """Create a user through the shared-secret admin API; returns the user id."""
        return self.register_with_token(localpart, password, admin)[0]

    def register_with_token(self, localpart: str, password: str,
                            admin: bool = False) -> tuple[str, str | None]:
        """Create a user; returns the user id and an access token (None if the user existed)."""
        endpoint = f"{self.url}/_synapse/admin/v1/register"
        nonce = _get_json(endpoint)["nonce"]
        mac = hmac.new(self.shared_secret.encode(), digestmod=hashlib.sha1)
        mac.update(b"\x00".join([nonce.encode(), localpart.encode(), password.encode(),
                                 b"admin" if admin else b"notadmin"]))
        body = {
            "nonce": nonce,
            "username": localpart,
            "password": password,
            "admin": admin,
            "mac": mac.hexdigest(),
        }
        try:
            token = _post_json(endpoint, body).get("access_token")
        except urllib.error.HTTPError as error:
            if error.code != 400 or b"M_USER_IN_USE" not in error.read():
                raise
            token = None
        return f"@{localpart}:{SERVER_NAME}", token

    def remove_files(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)


def terminate(process: subprocess.Popen[bytes], timeout: float = 20) -> None:
    """SIGTERM, as a service manager stops a server; SIGKILL if it has not ended in time."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def _post_json(url: str, body: dict[str, Any]) -> Any:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


if __name__ == "__main__":  # a quick manual check: python -m tests.support.synapse DIR
    server = Homeserver(Path(sys.argv[1]))
    server.start()
    print(server.url)
