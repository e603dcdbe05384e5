"""The store: SQLAlchemy tables, the database and its migrations."""

from ketenkoppeling.store.database import Database, default_database_url, open_database

__all__ = ["Database", "default_database_url", "open_database"]
