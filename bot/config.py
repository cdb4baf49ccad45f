"""The configuration file (TOML), validated once at start.

Every setting is declared below with its type and default; `config.example.toml` documents the
same settings. An error names the file, the setting and what was expected, e.g.
`config.toml: [matrix] homeserver: expected a URL starting with http:// or https://, got 'foo'`.
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from zoneinfo import available_timezones

from domain.group import Language

#: Secrets that may come from the environment instead of the file.
ENVIRONMENT_SECRETS = {
    ("matrix", "password"): "KIMBOT_MATRIX_PASSWORD",
    ("matrix", "access_token"): "KIMBOT_MATRIX_ACCESS_TOKEN",
    ("smtp", "password"): "KIMBOT_SMTP_PASSWORD",
    ("imap", "password"): "KIMBOT_IMAP_PASSWORD",
    ("metrics", "token"): "KIMBOT_METRICS_TOKEN",
    ("signing", "passphrase"): "KIMBOT_SIGNING_PASSPHRASE",
}


#: The recovery key of the bot's cross-signing identity, instead of `recovery_key_file`.
RECOVERY_KEY_ENVIRONMENT = "KIMBOT_MATRIX_RECOVERY_KEY"
TRUST_MODES = ("tofu", "cross-signed", "verified")


class ConfigError(Exception):
    pass


@dataclass(frozen=True)
class MatrixConfig:
    homeserver: str
    user_id: str
    password: str | None = None
    access_token: str | None = None
    device_name: str = "kimbot"
    #: Join rooms only when invited by users of these servers; empty means any server.
    allowed_servers: tuple[str, ...] = ()
    sync_timeout_ms: int = 30_000
    #: End-to-end encryption (matrix-nio's [e2e] store in data_dir/crypto).
    encryption: bool = True
    #: Whose devices get the room keys and count: "tofu" (every device of the room's members,
    #: trusted on first use and logged), "cross-signed" (only devices their owner cross-signed)
    #: or "verified" (only devices verified in the bot's store).
    trust: str = "tofu"
    #: Where the recovery key of the bot's cross-signing identity lives (written at the first
    #: start if there is none); default data_dir/recovery-key.
    recovery_key_file: Path | None = None
    #: The recovery key itself, from KIMBOT_MATRIX_RECOVERY_KEY (then no file is read).
    recovery_key: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class BotConfig:
    command_prefix: str = "!"
    data_dir: Path = Path("./data")
    language: Language = Language.DE
    timezone: str = "Europe/Berlin"
    log_level: str = "INFO"
    #: "text" for people, "json" (one object per line) for a log collector.
    log_format: str = "text"
    #: The shortest time between two edits of a running poll's status message.
    poll_status_seconds: float = 5.0
    #: The city's video service (Jitsi, BigBlueButton …): `online=ja` makes a room there.
    video_service: str | None = None


@dataclass(frozen=True)
class DatabaseConfig:
    url: str


@dataclass(frozen=True)
class HttpConfig:
    bind: str = "127.0.0.1"
    port: int = 8080
    public_url: str = "http://127.0.0.1:8080"
    #: Reverse proxies whose `X-Forwarded-For` names the client (for slowing down guessers).
    trusted_proxies: tuple[str, ...] = ()


@dataclass(frozen=True)
class SigningConfig:
    """The key exports are signed with: the city's PKCS#12 file, or (without one) a key and
    self-signed certificate the bot makes in `data_dir/signing` at first start."""

    pkcs12: Path | None = None
    passphrase: str | None = None


@dataclass(frozen=True)
class MetricsConfig:
    """`GET /metrics` for Prometheus: off unless enabled; behind a bearer token if one is set;
    on a listener of its own if `port` is set (else on the HTTP server of the feeds)."""

    enabled: bool = False
    token: str | None = None
    bind: str = "127.0.0.1"
    port: int | None = None


@dataclass(frozen=True)
class WebConfig:
    """The body the published record belongs to (OParl's `Body`): the operator's
    municipality."""

    body_name: str = "Kommunales Integrationsmanagement"
    body_short_name: str | None = None
    ags: str | None = None  # Amtlicher Gemeindeschlüssel
    website: str | None = None
    contact_email: str | None = None
    contact_name: str | None = None


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int = 587
    from_address: str = ""
    username: str | None = None
    password: str | None = None
    starttls: bool = True
    #: First wait before sending a failed mail again; it doubles up to an hour.
    retry_seconds: int = 60


@dataclass(frozen=True)
class MailInConfig:
    """Mail for the organizer address handed to the bot by the site's MTA over LMTP."""

    bind: str = "127.0.0.1"
    port: int = 8024
    #: Apply only mail whose Authentication-Results say dkim or spf=pass for the sender.
    require_authentication_results: bool = False


@dataclass(frozen=True)
class ImapConfig:
    """A mailbox the bot reads the replies from (IDLE where the server offers it)."""

    host: str
    user: str
    password: str
    port: int = 993
    tls: bool = True
    folder: str = "INBOX"
    processed_folder: str = "kimbot/verarbeitet"
    #: How often the folder is looked at where the server offers no IDLE.
    poll_seconds: int = 60


@dataclass(frozen=True)
class Config:
    matrix: MatrixConfig
    bot: BotConfig = field(default_factory=BotConfig)
    database: DatabaseConfig = field(
        default_factory=lambda: DatabaseConfig("sqlite+aiosqlite:///./data/kimbot.db")
    )
    http: HttpConfig = field(default_factory=HttpConfig)
    smtp: SmtpConfig | None = None
    mail_in: MailInConfig | None = None
    imap: ImapConfig | None = None
    metrics: MetricsConfig = field(default_factory=MetricsConfig)
    signing: SigningConfig = field(default_factory=SigningConfig)
    web: WebConfig = field(default_factory=WebConfig)


def load_config(path: Path, environ: Mapping[str, str] | None = None) -> Config:
    environ = os.environ if environ is None else environ
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found (copy config.example.toml)") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    return parse_config(raw, environ, str(path), base=path.parent)


def parse_config(
    raw: dict[str, Any], environ: Mapping[str, str], source: str, base: Path
) -> Config:
    reader = _Reader(raw, environ, source)
    reader.only_sections({"matrix", "bot", "database", "http", "smtp", "mail_in", "imap",
                          "metrics", "signing", "web"})

    matrix = reader.section("matrix", required=True)
    homeserver = matrix.get("homeserver", _url, required=True)
    user_id = matrix.get("user_id", _user_id, required=True)
    password = matrix.get("password", _text)
    access_token = matrix.get("access_token", _text)
    if password is None and access_token is None:
        raise ConfigError(
            f"{source}: [matrix] password or access_token: one is needed (or set "
            "KIMBOT_MATRIX_PASSWORD / KIMBOT_MATRIX_ACCESS_TOKEN)"
        )
    matrix_config = MatrixConfig(
        homeserver=homeserver.rstrip("/"),
        user_id=user_id,
        password=password,
        access_token=access_token,
        device_name=matrix.get("device_name", _text) or "kimbot",
        allowed_servers=tuple(matrix.get("allowed_servers", _server_list) or ()),
        sync_timeout_ms=matrix.get("sync_timeout_ms", _positive_int) or 30_000,
        encryption=matrix.get("encryption", _bool, default=True),
        trust=matrix.get("trust", _trust) or "tofu",
        recovery_key=environ.get(RECOVERY_KEY_ENVIRONMENT) or None,
    )
    recovery_key_file = matrix.get("recovery_key_file", _text)
    matrix.no_others()

    bot = reader.section("bot")
    data_dir = _resolve(base, bot.get("data_dir", _text) or "./data")
    bot_config = BotConfig(
        command_prefix=bot.get("command_prefix", _prefix) or "!",
        data_dir=data_dir,
        language=bot.get("language", _language) or Language.DE,
        timezone=bot.get("timezone", _timezone) or "Europe/Berlin",
        log_level=bot.get("log_level", _log_level) or "INFO",
        log_format=bot.get("log_format", _log_format) or "text",
        poll_status_seconds=bot.get("poll_status_seconds", _seconds) or 5.0,
        video_service=bot.get("video_service", _url),
    )
    bot.no_others()
    matrix_config = replace(matrix_config, recovery_key_file=_resolve(
        base, recovery_key_file) if recovery_key_file else data_dir / "recovery-key")

    database = reader.section("database")
    url = database.get("url", _database_url) or f"sqlite+aiosqlite:///{data_dir / 'kimbot.db'}"
    database.no_others()

    http = reader.section("http")
    http_config = HttpConfig(
        bind=http.get("bind", _text) or "127.0.0.1",
        port=http.get("port", _port) or 8080,
        public_url=(http.get("public_url", _url) or "http://127.0.0.1:8080").rstrip("/"),
        trusted_proxies=tuple(http.get("trusted_proxies", _address_list) or ()),
    )
    http.no_others()

    smtp_config = None
    if "smtp" in raw:
        smtp = reader.section("smtp")
        smtp_config = SmtpConfig(
            host=smtp.get("host", _text, required=True),
            port=smtp.get("port", _port) or 587,
            from_address=smtp.get("from", _email, required=True),
            username=smtp.get("username", _text),
            password=smtp.get("password", _text),
            starttls=smtp.get("starttls", _bool, default=True),
            retry_seconds=smtp.get("retry_seconds", _positive_int) or 60,
        )
        smtp.no_others()

    mail_in_config = None
    if "mail_in" in raw:
        mail_in = reader.section("mail_in")
        mail_in_config = MailInConfig(
            bind=mail_in.get("bind", _text) or "127.0.0.1",
            port=mail_in.get("port", _port) or 8024,
            require_authentication_results=mail_in.get(
                "require_authentication_results", _bool, default=False),
        )
        mail_in.no_others()

    imap_config = None
    if "imap" in raw:
        imap = reader.section("imap")
        tls = imap.get("tls", _bool, default=True)
        imap_config = ImapConfig(
            host=imap.get("host", _text, required=True),
            port=imap.get("port", _port) or (993 if tls else 143),
            tls=tls,
            user=imap.get("user", _text, required=True),
            password=imap.get("password", _text, required=True),
            folder=imap.get("folder", _text) or "INBOX",
            processed_folder=imap.get("processed_folder", _text) or "kimbot/verarbeitet",
            poll_seconds=imap.get("poll_seconds", _positive_int) or 60,
        )
        imap.no_others()

    metrics = reader.section("metrics")
    metrics_config = MetricsConfig(
        enabled=metrics.get("enabled", _bool, default=False),
        token=metrics.get("token", _text),
        bind=metrics.get("bind", _text) or "127.0.0.1",
        port=metrics.get("port", _port),
    )
    metrics.no_others()

    signing = reader.section("signing")
    pkcs12 = signing.get("pkcs12", _text)
    signing_config = SigningConfig(
        pkcs12=_resolve(base, pkcs12) if pkcs12 else None,
        passphrase=signing.get("passphrase", _text),
    )
    signing.no_others()

    web = reader.section("web")
    web_config = WebConfig(
        body_name=web.get("body_name", _text) or WebConfig.body_name,
        body_short_name=web.get("body_short_name", _text),
        ags=web.get("ags", _text),
        website=web.get("website", _url),
        contact_email=web.get("contact_email", _email),
        contact_name=web.get("contact_name", _text),
    )
    web.no_others()

    return Config(
        matrix=matrix_config,
        bot=bot_config,
        database=DatabaseConfig(url),
        http=http_config,
        smtp=smtp_config,
        mail_in=mail_in_config,
        imap=imap_config,
        metrics=metrics_config,
        signing=signing_config,
        web=web_config,
    )


def _resolve(base: Path, value: str) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else (base / path).resolve()


Validator = Callable[[Any], Any]


class _Reader:
    def __init__(self, raw: dict[str, Any], environ: Mapping[str, str], source: str) -> None:
        self.raw = raw
        self.environ = environ
        self.source = source

    def only_sections(self, allowed: set[str]) -> None:
        for name in self.raw:
            if name not in allowed:
                known = ", ".join(sorted(allowed))
                raise ConfigError(f"{self.source}: [{name}]: unknown section (known: {known})")

    def section(self, name: str, required: bool = False) -> _Section:
        value = self.raw.get(name)
        if value is None:
            if required:
                raise ConfigError(f"{self.source}: [{name}]: section missing")
            value = {}
        if not isinstance(value, dict):
            raise ConfigError(f"{self.source}: [{name}]: expected a table")
        return _Section(self, name, value)


class _Section:
    def __init__(self, reader: _Reader, name: str, values: dict[str, Any]) -> None:
        self.reader = reader
        self.name = name
        self.values = values
        self.read: set[str] = set()

    def get(
        self, key: str, validate: Validator, *, required: bool = False, default: Any = None
    ) -> Any:
        self.read.add(key)
        env_name = ENVIRONMENT_SECRETS.get((self.name, key))
        value = self.values.get(key)
        if env_name and self.reader.environ.get(env_name):
            value = self.reader.environ[env_name]
        if value is None:
            if required:
                raise ConfigError(f"{self.reader.source}: [{self.name}] {key}: setting missing")
            return default
        try:
            return validate(value)
        except ValueError as error:
            raise ConfigError(
                f"{self.reader.source}: [{self.name}] {key}: expected {error}, got {value!r}"
            ) from None

    def no_others(self) -> None:
        unknown = set(self.values) - self.read
        if unknown:
            raise ConfigError(
                f"{self.reader.source}: [{self.name}] {sorted(unknown)[0]}: unknown setting "
                f"(known: {', '.join(sorted(self.read))})"
            )


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("a non-empty string")
    return value.strip()


def _url(value: Any) -> str:
    text = _text(value)
    if not text.startswith(("http://", "https://")):
        raise ValueError("a URL starting with http:// or https://")
    return text


def _user_id(value: Any) -> str:
    text = _text(value)
    if not text.startswith("@") or ":" not in text:
        raise ValueError("a Matrix user id like @kimbot:example.org")
    return text


def _email(value: Any) -> str:
    text = _text(value)
    if "@" not in text:
        raise ValueError("an email address")
    return text


def _prefix(value: Any) -> str:
    if not isinstance(value, str) or not value or any(c.isspace() or c.isalnum() for c in value):
        raise ValueError("one or more punctuation characters such as '!'")
    return value


def _language(value: Any) -> Language:
    try:
        return Language(value)
    except ValueError:
        raise ValueError("'de' or 'en'") from None


def _timezone(value: Any) -> str:
    text = _text(value)
    if text not in available_timezones():
        raise ValueError("an IANA time zone such as 'Europe/Berlin'")
    return text


def _log_level(value: Any) -> str:
    text = _text(value).upper()
    if text not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
        raise ValueError("one of DEBUG, INFO, WARNING, ERROR")
    return text


def _log_format(value: Any) -> str:
    if value not in ("text", "json"):
        raise ValueError('"text" or "json"')
    return str(value)


def _trust(value: Any) -> str:
    if value not in TRUST_MODES:
        raise ValueError('"tofu", "cross-signed" or "verified"')
    return str(value)


def _positive_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError("a positive whole number")
    return value


def _seconds(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 3600:
        raise ValueError("a number of seconds between 0 and 3600, such as 5 or 0.5")
    return float(value)


def _port(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 65535:
        raise ValueError("a port number between 1 and 65535")
    return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("true or false")
    return value


def _server_list(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValueError("a list of server names such as [\"example.org\"]")
    return value


def _address_list(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("a list of IP addresses such as [\"127.0.0.1\"]")
    try:
        return [str(ipaddress.ip_address(v.strip())) for v in value]
    except ValueError:
        raise ValueError("a list of IP addresses such as [\"127.0.0.1\"]") from None


def _database_url(value: Any) -> str:
    text = _text(value)
    if not text.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
        raise ValueError("a URL starting with sqlite+aiosqlite:// or postgresql+asyncpg://")
    return text
