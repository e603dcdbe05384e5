from __future__ import annotations

from sqlalchemy import func, select

from ketenkoppeling.demo_region import is_empty, load_demo_region
from ketenkoppeling.store import Database
from ketenkoppeling.store.tables import DeploymentRow, FindingRow


def test_first_start_fills_an_empty_database(db: Database) -> None:
    assert is_empty(db)
    messages: list[str] = []
    imported = load_demo_region(db, clients=40, seed=2, progress=messages.append)
    assert imported > 5
    assert not is_empty(db)
    assert messages and messages[-1].startswith("Controles")
    with db.session() as s:
        assert (s.scalar(select(func.count()).select_from(DeploymentRow)) or 0) > 20
        assert (s.scalar(select(func.count()).select_from(FindingRow)) or 0) > 0
