"""Where the bot's recovery key lives: written once with mode 0600, read back in Element's
form, a readable file warned about, a damaged one refused clearly."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from bot.matrix.cross_signing import encode_recovery_key
from bot.matrix.identity import IdentityError, RecoveryKeySource

KEY = bytes(range(32))


def test_a_new_key_is_written_for_the_owner_only_and_read_back(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    source = RecoveryKeySource(tmp_path / "keys" / "recovery-key")
    assert source.read() is None
    with caplog.at_level(logging.WARNING):
        source.write(KEY)
    assert (tmp_path / "keys" / "recovery-key").stat().st_mode & 0o777 == 0o600
    assert "keep a copy offline" in caplog.text
    assert source.read() == KEY
    with pytest.raises(FileExistsError):
        source.write(bytes(32))  # never over an existing key
    assert source.read() == KEY


def test_a_key_as_element_shows_it_with_a_comment_is_read(tmp_path: Path) -> None:
    path = tmp_path / "recovery-key"
    text = encode_recovery_key(KEY)
    path.write_text(f"# from Element, 7.12.2026\n{text[:30]}\n{text[30:]}\n")
    path.chmod(0o600)
    assert RecoveryKeySource(path).read() == KEY


def test_a_file_others_can_read_is_warned_about(tmp_path: Path,
                                                caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "recovery-key"
    path.write_text(encode_recovery_key(KEY))
    os.chmod(path, 0o644)
    with caplog.at_level(logging.WARNING):
        assert RecoveryKeySource(path).read() == KEY
    assert f"chmod 600 {path}" in caplog.text


def test_a_damaged_key_is_refused_naming_where_it_is(tmp_path: Path) -> None:
    path = tmp_path / "recovery-key"
    path.write_text(encode_recovery_key(KEY)[:-1] + "z")
    path.chmod(0o600)
    with pytest.raises(IdentityError, match=f"{path} holds no valid recovery key"):
        RecoveryKeySource(path).read()


def test_a_key_from_the_environment_wins_and_nothing_is_written(tmp_path: Path) -> None:
    path = tmp_path / "recovery-key"
    source = RecoveryKeySource(path, given=encode_recovery_key(KEY))
    assert source.read() == KEY
    source.write(bytes(32))
    assert not path.exists()
    with pytest.raises(IdentityError, match="KIMBOT_MATRIX_RECOVERY_KEY holds no valid"):
        RecoveryKeySource(path, given="nonsense").read()
