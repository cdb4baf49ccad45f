"""A Dovecot IMAP server of the tests' own (Debian's `dovecot-imapd`), in a temporary
directory on a free port: one mailbox, plain login on loopback, Maildir.

Run as root (as CI is), Dovecot's own accounts (`dovecot`, `dovenull`) do its work and the
mail belongs to `nobody`; run as anyone else, everything runs as that user. Without the
program, `find_dovecot` says so and the test is skipped with that reason.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.support.synapse import free_port


def find_dovecot() -> Path | None:
    found = shutil.which("dovecot") or shutil.which("dovecot", path="/usr/sbin:/sbin")
    return Path(found) if found else None


@dataclass
class Dovecot:
    program: Path
    directory: Path
    port: int
    user: str = "kimbot@stadt.example"
    password: str = "postfach-geheim"
    #: An older or plainer server: no IDLE and no MOVE (the bot polls and copies instead).
    plain: bool = False
    process: subprocess.Popen[bytes] | None = None

    @classmethod
    def create(cls, program: Path, *, plain: bool = False) -> Dovecot:
        directory = Path(tempfile.mkdtemp(prefix="kimbot-dovecot-"))
        server = cls(program, directory, free_port(), plain=plain)
        server._write_config()
        return server

    def start(self) -> Dovecot:
        self.process = subprocess.Popen(
            [str(self.program), "-F", "-c", str(self.directory / "dovecot.conf")],
            stdout=subprocess.DEVNULL, stderr=open(self.directory / "stderr.log", "wb"),  # noqa: SIM115
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("dovecot did not start: " + self.log())
            try:
                import socket
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("dovecot did not listen: " + self.log())

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.directory, ignore_errors=True)

    def log(self) -> str:
        parts = [p.read_text(errors="replace") for p in
                 (self.directory / "dovecot.log", self.directory / "stderr.log") if p.exists()]
        return "\n".join(parts)[-4000:]

    def _write_config(self) -> None:
        root = os.geteuid() == 0
        if root:
            mail_owner = pwd.getpwnam("nobody")
            internal, login = "dovecot", "dovenull"
        else:
            mail_owner = pwd.getpwuid(os.geteuid())
            internal = login = mail_owner.pw_name
        mail = self.directory / "mail"
        mail.mkdir()
        os.chmod(self.directory, 0o755)
        if root:
            os.chown(mail, mail_owner.pw_uid, mail_owner.pw_gid)
        (self.directory / "users").write_text(
            f"{self.user}:{{PLAIN}}{self.password}:{mail_owner.pw_uid}:{mail_owner.pw_gid}::"
            f"{mail}/{self.user}\n")
        (self.directory / "dovecot.conf").write_text(f"""\
base_dir = {self.directory}/run
state_dir = {self.directory}/state
log_path = {self.directory}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal}
default_login_user = {login}
first_valid_uid = {min(mail_owner.pw_uid, 500)}
mail_location = maildir:~/Maildir
mail_plugins =
protocol imap {{
  mail_max_userip_connections = 50
  {"imap_capability = IMAP4rev1 SASL-IR LITERAL+ ENABLE UIDPLUS" if self.plain else ""}
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {self.directory}/users
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {self.directory}/users
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
""")
