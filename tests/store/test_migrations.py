from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from ketenkoppeling.store import Database, open_database
from ketenkoppeling.store.migrate import current_revision, head_revision, upgrade_to_head
from ketenkoppeling.store.tables import Base, PartnerRow


def test_second_start_finds_the_same_database_and_migrates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "eerste.sqlite"
    first = open_database(str(path))
    with first.session() as s:
        s.add(PartnerRow(code="UWV", name="UWV", kind="uwv"))
    first.dispose()
    assert oct(path.stat().st_mode & 0o777) == "0o600"  # BSNs: readable by its user only
    second = open_database(str(path))
    assert current_revision(second.engine) == head_revision()
    assert upgrade_to_head(second.engine) is False
    with second.session() as s:
        assert s.get(PartnerRow, "UWV") is not None
    second.dispose()


def test_migrations_build_exactly_the_tables_of_the_model(any_db: Database) -> None:
    with any_db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
