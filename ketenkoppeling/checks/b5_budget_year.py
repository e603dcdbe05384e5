"""B5 — outside the budget year (warning): the pay date is not in the budget's year.

Set-based: the year comparison is done in SQL; one finding per spend line, naming every
budget of another year it charges.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from itertools import groupby
from typing import NamedTuple

from sqlalchemy import extract, select
from sqlalchemy.orm import Session

from ketenkoppeling.checks.base import (
    Candidate,
    CheckSettings,
    content_hash,
    fmt_date,
    join_nl,
    spend_candidate,
    spend_key,
    stream,
)
from ketenkoppeling.checks.reference import BudgetInfo, Reference, load_reference
from ketenkoppeling.store.tables import AttributionRow, BudgetRow, SpendLineRow

RULE = "B5"


class Row(NamedTuple):
    id: int
    partner: str
    invoice_number: str
    reference: str
    pay_date: date
    content_hash: str
    budget: str

    @property
    def key(self) -> str:
        return spend_key(self.partner, self.invoice_number, self.reference)


def find(session: Session, settings: CheckSettings) -> Iterator[Candidate]:
    ref = load_reference(session)
    s, a, b = SpendLineRow, AttributionRow, BudgetRow
    stmt = (
        select(s.id, s.partner, s.invoice_number, s.reference, s.pay_date, s.content_hash, a.budget)
        .select_from(a)
        .join(b, b.code == a.budget)
        .join(s, s.id == a.spend_line_id)
        .where(extract("year", s.pay_date) != b.year)
        .order_by(s.id, a.seq)
    )
    rows = (Row(*row) for row in stream(session, stmt))
    for _line_id, line_rows in groupby(rows, key=lambda r: r.id):
        found = list(line_rows)
        budgets = list(
            dict.fromkeys(ref.budgets[r.budget] for r in found if r.budget in ref.budgets)
        )
        if budgets:
            yield _candidate(found[0], budgets, ref)


def same_budget_in_year(budget: BudgetInfo, year: int, ref: Reference) -> BudgetInfo | None:
    """The budget of the same owner for ``year`` with the same regimes (or, failing that, one
    that shares a regime)."""
    own = sorted(
        (b for b in ref.budgets.values() if b.owner == budget.owner and b.year == year),
        key=lambda b: (b.regimes != budget.regimes, b.code),
    )
    return next((b for b in own if b.covers_any(budget.regimes)), None)


def _candidate(line: Row, budgets: list[BudgetInfo], ref: Reference) -> Candidate:
    year = line.pay_date.year
    named = join_nl([f"{b.code} (budgetjaar {b.year})" for b in budgets])
    message = (
        f"Besteding {line.key} is betaald op {fmt_date(line.pay_date)}, in {year}, maar is "
        f"toegerekend aan {named}: de betaling valt buiten het budgetjaar."
    )
    replacements = [r for r in (same_budget_in_year(b, year, ref) for b in budgets) if r]
    if replacements:
        suggestion = (
            f"Reken de besteding toe aan {join_nl([r.code for r in replacements])} "
            f"(budgetjaar {year}) of controleer de betaaldatum."
        )
    else:
        suggestion = (
            f"Reken de besteding toe aan een budget van {year} of controleer de betaaldatum."
        )
    return spend_candidate(
        RULE,
        "warning",
        line.key,
        message=message,
        suggestion=suggestion,
        details={
            "pay_date": line.pay_date.isoformat(),
            "budgets": [{"budget": b.code, "year": b.year} for b in budgets],
            "replacements": [r.code for r in replacements],
        },
        content_hash=content_hash([line.content_hash, *(b.hash_parts for b in budgets)]),
    )
