"""Alembic environment: migrations run on a connection that kimbot hands in.

`storage.database.Database.migrate` opens an async connection and runs the upgrade through
`run_sync`, passing the connection in `config.attributes` (Alembic's cookbook recipe for
sharing a connection). `render_as_batch` lets SQLite alter tables by copying them.
"""

from __future__ import annotations

from alembic import context

from storage.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `kimbot migrate`, which supplies the connection")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
