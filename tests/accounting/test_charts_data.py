"""The series behind the ledger's charts: budget use against the amount, spend per month
and its running total (figures of tests/accounting/conftest.py)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import update

from ketenkoppeling.accounting.charts_data import (
    BudgetUse,
    MonthSpend,
    budget_use,
    cumulative,
    months_between,
    spend_per_month,
)
from ketenkoppeling.accounting.ledger import build_ledger
from ketenkoppeling.store import Database
from ketenkoppeling.store.tables import BudgetRow
from tests.accounting.conftest import H2, YEAR


def test_budget_use_weighs_the_budget_year_against_the_amount(region: Database) -> None:
    with region.session() as s:
        s.execute(
            update(BudgetRow).where(BudgetRow.code == "UWV-RIB-AG-2008").values(amount_cents=20000)
        )
    with region.session() as s:
        uses = budget_use(build_ledger(s, "UWV", *H2))
    # UWV-RIB-WW-2008: pay dates in 2008 sum to 1750.00 although only 550.00 falls in H2
    assert [u.as_tuple() for u in uses] == [
        ("UWV-RIB-AG-2008", 20000, 33333),
        ("UWV-RIB-WW-2008", 10000000, 175000),
    ]
    over, fine = uses
    assert over.overrun and over.overrun_cents == 13333
    assert not fine.overrun and fine.overrun_cents == 0
    assert over.label and over.year == 2008


def test_overrun_is_strictly_more_than_the_amount() -> None:
    assert not BudgetUse("X", "x", 2008, 100, 100).overrun
    assert BudgetUse("X", "x", 2008, 100, 101).overrun_cents == 1


def test_every_month_of_the_period_with_a_running_total(region: Database) -> None:
    with region.session() as s:
        ledger = build_ledger(s, "UWV", *H2)
    months = spend_per_month(ledger)
    assert [m.month for m in months] == ["2008-07", "2008-08", "2008-09", "2008-10",
                                         "2008-11", "2008-12"]  # fmt: skip
    assert [m.cents for m in months] == [45000, 0, 33333, 10000, 0, 0]
    assert [m.cumulative_cents for m in months] == [45000, 45000, 78333, 88333, 88333, 88333]
    assert months[-1].cumulative_cents == ledger.total_cents


def test_the_whole_year_ends_at_the_ledgers_total(region: Database) -> None:
    with region.session() as s:
        ledger = build_ledger(s, "GEM-0392", *YEAR)
    months = spend_per_month(ledger)
    assert len(months) == 12
    assert months[-1].cumulative_cents == ledger.total_cents == sum(ledger.by_month.values())


def test_months_between_crosses_the_year() -> None:
    assert months_between(date(2008, 11, 30), date(2009, 2, 1)) == [
        "2008-11", "2008-12", "2009-01", "2009-02"
    ]  # fmt: skip
    assert months_between(date(2008, 5, 1), date(2008, 5, 31)) == ["2008-05"]


def test_cumulative_sorts_by_month() -> None:
    assert cumulative([("2008-02", 5), ("2008-01", 7)]) == [
        MonthSpend("2008-01", 7, 7),
        MonthSpend("2008-02", 5, 12),
    ]
