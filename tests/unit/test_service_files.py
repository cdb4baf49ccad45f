"""The files an IT department runs kimbot with: the systemd unit (checked by systemd itself
where it is installed) and the compose file."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

CONTRIB = Path(__file__).resolve().parents[2] / "contrib"


def unit_settings() -> dict[str, list[str]]:
    settings: dict[str, list[str]] = {}
    for line in (CONTRIB / "kimbot.service").read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith(("#", ";")):
            key, _, value = line.partition("=")
            settings.setdefault(key.strip(), []).append(value.strip())
    return settings


def test_the_unit_runs_the_bot_hardened_as_its_own_user() -> None:
    settings = unit_settings()
    assert settings["User"] == ["kimbot"] and settings["ProtectSystem"] == ["strict"]
    assert settings["NoNewPrivileges"] == ["true"]
    assert settings["ReadWritePaths"] == ["/var/lib/kimbot"]
    assert settings["ExecStart"][0].endswith("kimbot run --config /etc/kimbot/config.toml")


def test_systemd_accepts_the_unit(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed here: the unit was not verified")
    # The unit names the bot where the README installs it; here it is this interpreter's.
    kimbot = Path(sys.executable).with_name("kimbot")
    unit = tmp_path / "kimbot.service"
    unit.write_text((CONTRIB / "kimbot.service").read_text(encoding="utf-8")
                    .replace("/opt/kimbot/bin/kimbot", str(kimbot)), encoding="utf-8")
    result = subprocess.run([analyze, "verify", str(unit)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "kimbot.service" not in result.stderr, result.stderr  # no warnings about it


def test_the_compose_file_runs_kimbot_with_postgresql() -> None:
    compose = yaml.safe_load((CONTRIB / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert services["kimbot"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "./config.toml:/config/config.toml:ro" in services["kimbot"]["volumes"]
    assert services["synapse"]["profiles"] == ["try"]
    assert set(compose["volumes"]) == {"postgres-data", "kimbot-data", "synapse-data"}


def test_the_image_copies_every_package_the_bot_is_built_from() -> None:
    """The Dockerfile copies the sources one package at a time: a package added to the
    project (as `web/` was) and not to the image makes an image that cannot start."""
    root = CONTRIB.parent
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    packages = {pattern.rstrip("*") for pattern in
                project["tool"]["setuptools"]["packages"]["find"]["include"]}
    copied = {line.split()[1].rstrip("/") for line in
              (root / "Dockerfile").read_text(encoding="utf-8").splitlines()
              if line.startswith("COPY ")}
    assert packages <= copied, f"not in the image: {sorted(packages - copied)}"
    assert all((root / package / "__init__.py").exists() for package in packages)
