from pathlib import Path

import pytest

from bot.config import ConfigError, load_config
from domain.group import Language

MINIMAL = """
[matrix]
homeserver = "https://matrix.example.org"
user_id = "@kimbot:example.org"
password = "secret"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


def test_minimal_config_gets_the_documented_defaults(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, MINIMAL), environ={})
    assert config.bot.command_prefix == "!"
    assert config.bot.language is Language.DE
    assert config.bot.timezone == "Europe/Berlin"
    assert config.bot.data_dir == tmp_path / "data"
    assert config.database.url == f"sqlite+aiosqlite:///{tmp_path / 'data' / 'kimbot.db'}"
    assert config.http.port == 8080
    assert config.smtp is None


def test_example_config_is_valid() -> None:
    example = Path(__file__).resolve().parents[2] / "config.example.toml"
    config = load_config(example, environ={})
    assert config.matrix.homeserver == "https://matrix.example.org"
    assert config.smtp is not None and config.smtp.port == 587


def test_secrets_from_the_environment(tmp_path: Path) -> None:
    text = MINIMAL.replace('password = "secret"\n', "")
    config = load_config(write(tmp_path, text), environ={"KIMBOT_MATRIX_ACCESS_TOKEN": "tok"})
    assert config.matrix.access_token == "tok"
    assert config.matrix.password is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('homeserver = "https://matrix.example.org"', 'homeserver = "matrix.example.org"'),
         "[matrix] homeserver: expected a URL starting with http:// or https://"),
        (('user_id = "@kimbot:example.org"', 'user_id = "kimbot"'),
         "[matrix] user_id: expected a Matrix user id"),
        (('password = "secret"', ""), "[matrix] password or access_token"),
        (('password = "secret"', 'password = "s"\nsync_timeout = 5'),
         "[matrix] sync_timeout: unknown setting"),
        (("[matrix]", "[bot]\nlanguage = \"fr\"\n[matrix]"),
         "[bot] language: expected 'de' or 'en', got 'fr'"),
        (("[matrix]", "[http]\nport = 99999\n[matrix]"), "[http] port: expected a port number"),
        (("[matrix]", "[database]\nurl = \"mysql://x\"\n[matrix]"), "[database] url: expected"),
        (("[matrix]", "[smtp]\nhost = \"mail\"\n[matrix]"), "[smtp] from: setting missing"),
        (("[matrix]", "[matrx]\n[matrix]"), "[matrx]: unknown section"),
    ],
)
def test_errors_name_file_setting_and_expectation(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    path = write(tmp_path, MINIMAL.replace(*change))
    with pytest.raises(ConfigError) as error:
        load_config(path, environ={})
    assert str(error.value).startswith(str(path))
    assert message in str(error.value)


def test_not_toml(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(write(tmp_path, "[matrix\n"), environ={})


def test_mail_coming_back_by_lmtp_and_imap(tmp_path: Path) -> None:
    text = MINIMAL + (
        '[mail_in]\nport = 2424\nrequire_authentication_results = true\n'
        '[imap]\nhost = "127.0.0.1"\ntls = false\nuser = "kimbot@stadt.example"\n'
    )
    config = load_config(write(tmp_path, text), environ={"KIMBOT_IMAP_PASSWORD": "geheim"})
    assert config.mail_in is not None
    assert (config.mail_in.bind, config.mail_in.port) == ("127.0.0.1", 2424)
    assert config.mail_in.require_authentication_results
    assert config.imap is not None
    assert (config.imap.port, config.imap.password) == (143, "geheim")  # no TLS: port 143
    assert (config.imap.folder, config.imap.processed_folder) == ("INBOX", "kimbot/verarbeitet")
    assert load_config(write(tmp_path, MINIMAL), environ={}).imap is None


def test_an_imap_mailbox_needs_its_password(tmp_path: Path) -> None:
    text = MINIMAL + '[imap]\nhost = "mail.example.org"\nuser = "kimbot@example.org"\n'
    with pytest.raises(ConfigError, match=r"\[imap\] password: setting missing"):
        load_config(write(tmp_path, text), environ={})


def test_the_recovery_key_file_defaults_into_the_data_directory(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, MINIMAL), environ={})
    assert config.matrix.recovery_key_file == tmp_path / "data" / "recovery-key"
    assert config.matrix.recovery_key is None
    elsewhere = load_config(write(tmp_path, MINIMAL + 'recovery_key_file = "../keys/kimbot"\n'),
                            environ={"KIMBOT_MATRIX_RECOVERY_KEY": "EsT1 HT7u"})
    assert elsewhere.matrix.recovery_key_file == (tmp_path / "../keys/kimbot").resolve()
    assert elsewhere.matrix.recovery_key == "EsT1 HT7u"
    assert "EsT1" not in repr(elsewhere.matrix), "the key stays out of reprs and logs"


def test_cross_signed_trust_is_a_trust_mode(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, MINIMAL + 'trust = "cross-signed"\n'), environ={})
    assert config.matrix.trust == "cross-signed"
    with pytest.raises(ConfigError, match='"tofu", "cross-signed" or "verified"'):
        load_config(write(tmp_path, MINIMAL + 'trust = "signed"\n'), environ={})
