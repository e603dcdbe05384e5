"""B6 — budget overrun (error, one finding per budget): the attributed amounts charged to a
budget exceed its amount; the finding names the excess. A GROUP BY in SQL.

The finding's content is the budget itself (amount, regimes, instruments, year): an accepted
overrun stays accepted while the budget is unchanged, even when the excess grows — the
message of an open finding follows the current excess.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ketenkoppeling.checks.base import (
    Candidate,
    CheckSettings,
    budget_record,
    cents_text,
    content_hash,
    fmt_cents,
    rows,
)
from ketenkoppeling.checks.reference import load_reference
from ketenkoppeling.store.tables import AttributionRow, BudgetRow

RULE = "B6"


def find(session: Session, settings: CheckSettings) -> Iterator[Candidate]:
    ref = load_reference(session)
    b, a = BudgetRow, AttributionRow
    attributed = func.sum(a.part_cents)
    stmt = (
        select(b.code, attributed, func.count(func.distinct(a.spend_line_id)))
        .join(a, a.budget == b.code)
        .group_by(b.code, b.amount_cents)
        .having(attributed > b.amount_cents)
        .order_by(b.code)
    )
    for code, total, lines in rows(session, stmt):
        budget = ref.budgets[code]
        total = int(total)
        excess = total - budget.amount_cents
        yield Candidate(
            rule=RULE,
            severity="error",
            identity=code,
            records=[budget_record(code)],
            message=(
                f"Budget {code} ({budget.label}) van {budget.owner} is overschreden: er is "
                f"{fmt_cents(total)} toegerekend uit {lines} bestedingen, terwijl het budget "
                f"{fmt_cents(budget.amount_cents)} is. De overschrijding is {fmt_cents(excess)}."
            ),
            suggestion=(
                "Reken een deel van de bestedingen toe aan een ander budget, of laat het "
                "budgetbedrag in de referentiegegevens aanpassen als het budget is verhoogd."
            ),
            details={
                "amount": cents_text(budget.amount_cents),
                "attributed": cents_text(total),
                "excess": cents_text(excess),
                "lines": lines,
            },
            content_hash=content_hash(budget.hash_parts),
        )
