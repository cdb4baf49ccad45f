"""Persistence: SQLAlchemy models, repositories (the only code that writes SQL), migrations."""

from storage.database import Database
from storage.unit_of_work import UnitOfWork

__all__ = ["Database", "UnitOfWork"]
