"""Shared fixtures: a fresh database per test (SQLite, and PostgreSQL when one is reachable)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("KETENKOPPELING_USER", "testgebruiker")
# unexpected errors in tests are logged here, not in the user's own log folder
os.environ.setdefault(
    "KETENKOPPELING_LOG_DIR",
    os.path.join(tempfile.gettempdir(), f"ketenkoppeling-test-log-{os.getpid()}"),
)

from ketenkoppeling.store import Database, open_database

PG_ENV = "KETENKOPPELING_TEST_PG"
SAMPLES = Path(__file__).parent / "data" / "samples"
_TEMPLATE: dict[str, Path] = {}


def _postgres_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(
            f"geen PostgreSQL: zet {PG_ENV}=postgresql+psycopg://user:pw@host/db om de "
            "winkeltests ook tegen PostgreSQL te draaien (.ci/run doet dat)"
        )
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    except Exception as exc:
        pytest.skip(f"PostgreSQL op {PG_ENV} is niet bereikbaar: {exc}")
    finally:
        engine.dispose()
    return url


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """A fresh, migrated SQLite database (copied from a template migrated once per run)."""
    if "sqlite" not in _TEMPLATE:
        template = tmp_path.parent / "template.sqlite"
        open_database(str(template)).dispose()
        _TEMPLATE["sqlite"] = template
    target = tmp_path / "test.sqlite"
    shutil.copy(_TEMPLATE["sqlite"], target)
    database = open_database(str(target))
    yield database
    database.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A fresh database on SQLite and on PostgreSQL (skipped when none is reachable)."""
    url = str(tmp_path / "any.sqlite") if request.param == "sqlite" else _postgres_url()
    database = open_database(url)
    yield database
    database.dispose()


@pytest.fixture
def samples() -> Path:
    """Copies of ../shared/samples kept in tests/data/samples."""
    return SAMPLES


@pytest.fixture
def ref_db(db: Database) -> Database:
    """A database with the sample region's reference data."""
    from ketenkoppeling.reference import load_reference_workbook

    load_reference_workbook(db, SAMPLES / "referentie.xlsx")
    return db
