"""Settlement between partners (verrekening, spec/accounting.md).

For every attributed part whose budget owner differs from the spend line's payer, the owner
owes the payer that part. Per ordered pair (debtor = budget owner, creditor = payer) with a
non-zero gross: the gross amount, and the net ``gross(debtor→creditor) −
gross(creditor→debtor)``, which appears on both entries of a pair with opposite signs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ketenkoppeling.accounting.lines import (
    AttributedPart,
    attributed_parts,
    check_period,
    in_period,
    money,
)
from ketenkoppeling.store.tables import AttributionRow, BudgetRow, SpendLineRow


@dataclass
class SettlementPair:
    debtor: str  # the budget owner
    creditor: str  # the payer
    gross_cents: int
    reverse_cents: int  # gross(creditor→debtor)
    lines: list[AttributedPart] = field(default_factory=list)

    @property
    def net_cents(self) -> int:
        return self.gross_cents - self.reverse_cents


@dataclass
class Settlement:
    date_from: date
    date_to: date
    pairs: list[SettlementPair]
    lines_loaded: bool = False

    def pair(self, debtor: str, creditor: str) -> SettlementPair | None:
        for p in self.pairs:
            if p.debtor == debtor and p.creditor == creditor:
                return p
        return None

    @property
    def gross_total_cents(self) -> int:
        return sum(p.gross_cents for p in self.pairs)


def settle(
    session: Session, date_from: date, date_to: date, *, with_lines: bool = True
) -> Settlement:
    """The settlement statement for pay dates in ``[date_from, date_to]``."""
    check_period(date_from, date_to)
    query = (
        select(BudgetRow.owner, SpendLineRow.payer, func.sum(AttributionRow.part_cents))
        .select_from(AttributionRow)
        .join(SpendLineRow, SpendLineRow.id == AttributionRow.spend_line_id)
        .join(BudgetRow, BudgetRow.code == AttributionRow.budget)
        .where(in_period(date_from, date_to), BudgetRow.owner != SpendLineRow.payer)
        .group_by(BudgetRow.owner, SpendLineRow.payer)
    )
    gross: dict[tuple[str, str], int] = {
        (owner, payer): int(cents or 0) for owner, payer, cents in session.execute(query)
    }
    pairs = [
        SettlementPair(debtor, creditor, cents, gross.get((creditor, debtor), 0))
        for (debtor, creditor), cents in sorted(gross.items())
        if cents != 0
    ]
    result = Settlement(date_from, date_to, pairs)
    if with_lines:
        by_pair: dict[tuple[str, str], list[AttributedPart]] = defaultdict(list)
        for line in attributed_parts(session, date_from, date_to, settle_only=True):
            by_pair[(line.owner, line.payer)].append(line)
        for p in pairs:
            p.lines = by_pair.get((p.debtor, p.creditor), [])
        result.lines_loaded = True
    return result


def settle_json(settlement: Settlement) -> dict[str, Any]:
    """The ``settle --json`` shape of spec/cli.md, plus the spend keys behind each pair."""
    return {
        "from": settlement.date_from.isoformat(),
        "to": settlement.date_to.isoformat(),
        "pairs": [
            {
                "debtor": p.debtor,
                "creditor": p.creditor,
                "gross": money(p.gross_cents),
                "net": money(p.net_cents),
                "reverse_gross": money(p.reverse_cents),
                **({"spend": sorted({x.spend_key for x in p.lines})} if p.lines else {}),
            }
            for p in settlement.pairs
        ],
    }
