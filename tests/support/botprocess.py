"""The bot as a separate process, exactly as an operator runs it (`kimbot run -c …`)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tests.support.synapse import Homeserver, free_port


def write_bot_config(directory: Path, homeserver: Homeserver, user_id: str, password: str,
                     database_url: str | None = None, http_port: int | None = None,
                     extra: str = "", trust: str = "tofu",
                     homeserver_url: str | None = None,
                     poll_status_seconds: float = 1.0, data_dir: Path | None = None,
                     sync_timeout_ms: int = 5000) -> Path:
    """A config for the bot; `homeserver_url` puts something (a fault proxy) in between.
    A poll's status is edited every second at most (the product's default is 5): tests see
    an edit soon after the votes. A sync waits 5 s at most (the product's default is 30):
    a stopped test bot ends soon."""
    directory.mkdir(parents=True, exist_ok=True)
    port = http_port or free_port()
    lines = [
        "[matrix]",
        f'homeserver = "{homeserver_url or homeserver.url}"',
        f'user_id = "{user_id}"',
        f'password = "{password}"',
        f"sync_timeout_ms = {sync_timeout_ms}",
        f'trust = "{trust}"',
        "[bot]",
        f'data_dir = "{data_dir or directory / "data"}"',
        'log_level = "INFO"',
        f"poll_status_seconds = {poll_status_seconds}",
    ]
    lines += ["[http]", 'bind = "127.0.0.1"', f"port = {port}",
              f'public_url = "http://127.0.0.1:{port}"']
    if database_url:
        lines += ["[database]", f'url = "{database_url}"']
    path = directory / "config.toml"
    path.write_text("\n".join(lines) + "\n" + extra)
    return path


@dataclass
class BotProcess:
    config: Path
    log: Path
    process: subprocess.Popen[bytes] | None = None

    def start(self, fault: str | None = None, extra: tuple[str, ...] = ()) -> BotProcess:
        """Start the bot; `fault` is a plan for `bot.faults` (e.g. `after_send:2`); `extra`
        are more arguments of `kimbot run` (`--standby`)."""
        env = dict(os.environ)
        env.pop("KIMBOT_FAULT", None)
        if fault:
            env["KIMBOT_FAULT"] = fault
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "run", "-c", str(self.config), *extra],
            stdout=open(self.log, "ab"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
            env=env,
        )
        return self

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = 30) -> int:
        """SIGTERM, as a service manager stops it; returns the exit code."""
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=timeout)

    def kill(self) -> None:
        assert self.process is not None
        self.process.kill()
        self.process.wait(timeout=10)

    def wait_log(self, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.log.exists() and text in self.log.read_text(errors="replace"):
                return
            time.sleep(0.1)
        raise AssertionError(f"bot log never said {text!r}")
