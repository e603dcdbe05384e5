"""The series behind the ledger's pictures (no Qt): per budget its use against its amount,
and the spend per month with its running total.

The window's charts (``ui/charts.py``) and the workbook's sheet "Grafieken"
(``workbook_charts.py``) draw the same series, so a picture and a table never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ketenkoppeling.accounting.ledger import Ledger


@dataclass(frozen=True)
class BudgetUse:
    """One budget: its amount and what is attributed to it in the budget's own year (the
    figure the remaining amount and rule B6 weigh against the amount)."""

    code: str
    label: str
    year: int
    amount_cents: int
    used_cents: int

    @property
    def overrun_cents(self) -> int:
        return max(self.used_cents - self.amount_cents, 0)

    @property
    def overrun(self) -> bool:
        return self.used_cents > self.amount_cents

    def as_tuple(self) -> tuple[str, int, int]:
        """``(code, amount_cents, used_cents)``: the shape ``BudgetUseChart`` takes."""
        return (self.code, self.amount_cents, self.used_cents)


@dataclass(frozen=True)
class MonthSpend:
    month: str  # YYYY-MM
    cents: int  # attributed with a pay date in this month
    cumulative_cents: int  # this month and every earlier month of the period


def budget_use(ledger: Ledger) -> list[BudgetUse]:
    """Every budget of the ledger, in the ledger's order (by code)."""
    return [
        BudgetUse(b.code, b.label, b.year, b.amount_cents, b.attributed_year_cents)
        for b in ledger.budgets
    ]


def months_between(date_from: date, date_to: date) -> list[str]:
    """``YYYY-MM`` of every month that ``[date_from, date_to]`` touches, oldest first."""
    months: list[str] = []
    year, month = date_from.year, date_from.month
    while (year, month) <= (date_to.year, date_to.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def cumulative(months: Iterable[tuple[str, int]]) -> list[MonthSpend]:
    """The running total of ``(month, cents)`` pairs, in month order."""
    total = 0
    result: list[MonthSpend] = []
    for month, cents in sorted(months):
        total += cents
        result.append(MonthSpend(month, cents, total))
    return result


def spend_per_month(ledger: Ledger) -> list[MonthSpend]:
    """Every month of the ledger's period (a month without spend counts € 0, so the running
    total has a point for each month) with its spend and the running total; the last
    running total is the ledger's total."""
    per_month = dict.fromkeys(months_between(ledger.date_from, ledger.date_to), 0)
    for month, cents in ledger.by_month.items():
        per_month[month] = per_month.get(month, 0) + cents
    return cumulative(per_month.items())
