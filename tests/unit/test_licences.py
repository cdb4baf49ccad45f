"""kimbot is EUPL-1.2; everything it runs with must be compatible (read from the installed
packages, so a new dependency with an unknown or incompatible licence fails `make test`)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.support.licences import PackageLicence, check, runtime_packages

ROOT = Path(__file__).resolve().parents[2]


def test_every_runtime_dependency_has_a_compatible_licence() -> None:
    licences = check()
    names = {found.package.lower() for found in licences}
    assert {"matrix-nio", "sqlalchemy", "aiohttp", "vodozemac"} <= names
    bad = [f"{found.package} {found.version}: {found.licence or 'unknown'} ({found.source})"
           for found in licences if not found.compatible]
    assert bad == []


def test_test_tools_are_not_counted_as_what_kimbot_runs_with() -> None:
    assert "pytest" not in runtime_packages() and "hypothesis" not in runtime_packages()


def test_what_counts_as_compatible() -> None:
    def verdict(expression: str | None) -> bool:
        return PackageLicence("x", "1", expression, "test").compatible

    assert verdict("MIT") and verdict("Apache-2.0 AND MIT") and verdict("GPL-3.0-only")
    assert verdict("MIT OR Proprietary")
    assert not verdict("MIT AND Proprietary") and not verdict("Proprietary")
    assert not verdict(None) and not verdict("SSPL-1.0")


def test_the_licence_is_the_eupl_and_says_so() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2\nEUPL © the European Union")
    assert "Appendix" in text and len(text) > 13_000
    assert 'license = "EUPL-1.2"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_kimbot_says_its_version() -> None:
    declared = re.search(r'^version = "([^"]+)"',
                         (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.M)
    assert declared is not None
    shown = subprocess.run([sys.executable, "-m", "bot", "--version"], capture_output=True,
                           text=True, check=True).stdout.strip()
    assert shown == f"kimbot {declared.group(1)}"
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{declared.group(1)}]" in changelog, "every release has its changelog entry"
