"""Persistence: SQLAlchemy models, repositories (the only code that writes SQL), migrations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from storage.database import Database
    from storage.unit_of_work import UnitOfWork

__all__ = ["Database", "UnitOfWork"]


def __getattr__(name: str) -> Any:
    # Loaded on first use, so that a module of the package that needs no SQLAlchemy
    # (`storage.audit`, behind `kimbot verify-log`) can be imported without it.
    if name == "Database":
        from storage.database import Database

        return Database
    if name == "UnitOfWork":
        from storage.unit_of_work import UnitOfWork

        return UnitOfWork
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
