from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from ketenkoppeling.store import Database
from ketenkoppeling.store.tables import AttributionRow, HistoryRow, SpendLineRow
from ketenkoppeling.store.upsert import Outcome
from tests.factories import client, deployment, spend, store


def test_new_unchanged_replaced_keeps_history(any_db: Database) -> None:
    line = spend("UWV", "F1", "R1", "111222333", "100.00", ("B1", "33.33"), ("B2", "66.67"))
    with any_db.session() as s:
        assert store(s, line, deployment("UWV", "R1", "111222333", "SCH", "2008-06-01")) == [
            Outcome.NEW,
            Outcome.NEW,
        ]
    with any_db.session() as s:
        assert store(s, line) == [Outcome.UNCHANGED]
    corrected = spend("UWV", "F1", "R1", "111222333", "200.00", ("B1", "100"))
    with any_db.session() as s:
        assert store(s, corrected) == [Outcome.REPLACED]
    with any_db.session() as s:
        assert s.scalar(select(func.count()).select_from(SpendLineRow)) == 1
        assert s.scalar(select(SpendLineRow.amount_cents)) == 20000
        parts = s.execute(select(AttributionRow.budget, AttributionRow.part_cents)).all()
        assert parts == [("B1", 20000)]
        history = s.scalars(select(HistoryRow)).one()
        assert history.key == "UWV/F1/R1"
        assert history.data["amount_cents"] == 10000
        assert [a["part_cents"] for a in history.data["attributions"]] == [3333, 6667]


def test_same_key_twice_in_one_write(db: Database) -> None:
    a = deployment("GEM-0392", "T1", "111222333", "WF", "2008-01-01")
    b = deployment("GEM-0392", "T1", "111222333", "WF", "2008-01-02")
    with db.session() as s:
        assert store(s, a, a, b) == [Outcome.NEW, Outcome.UNCHANGED, Outcome.REPLACED]


def test_client_fields_are_merged_not_erased(db: Database) -> None:
    with db.session() as s:
        store(s, client("111222333", surname="de Vries", postcode="2011AB"))
    with db.session() as s:
        assert store(s, client("111222333", surname="de Vries")) == [Outcome.UNCHANGED]
        assert store(s, client("111222333", initials="J.")) == [Outcome.REPLACED]


def test_amounts_are_exact(db: Database) -> None:
    with db.session() as s:
        store(s, spend("UWV", "F1", "R1", "111222333", "0.01", ("B1", "50"), ("B2", "50")))
        parts = s.scalars(select(AttributionRow.part_cents).order_by(AttributionRow.seq)).all()
        assert parts == [1, 0]
        assert Decimal(s.scalar(select(SpendLineRow.amount_cents)) or 0) == 1
