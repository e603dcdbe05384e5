"""Reconciliation over all partners for a period (spec/accounting.md), to the cent:

    sum of all spend amounts = sum over partners of their ledgers − over-attribution + unattributed

The two correction terms are measured on the parts actually stored, line by line: a line whose
parts sum to more than its amount contributes ``parts − amount`` to over-attribution, one whose
parts sum to less contributes ``amount − parts`` to unattributed. For every line
``amount = parts − over + unattributed`` holds by construction, so the identity holds for any
data, also when half-up rounding of percentages that do not sum to 100 (rule B1) makes the parts
differ from the exact percentage of the amount. Lines whose percentages sum to exactly 100 have
parts summing to their amount (largest remainder) and contribute nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from ketenkoppeling.accounting.lines import (
    UNKNOWN_OWNER,
    Source,
    check_period,
    in_period,
    money,
    spend_key,
)
from ketenkoppeling.accounting.quarantine import QuarantinedSpend, quarantined_spend
from ketenkoppeling.accounting.rounding import bp_to_percentage
from ketenkoppeling.store.tables import (
    AttributionRow,
    BudgetRow,
    ImportBatchRow,
    SourceRecordRow,
    SpendLineRow,
)

FULL = 10000  # 100 % in hundredths of a percent


@dataclass(frozen=True)
class ReconLine:
    """One spend line paid in the period with what its attributions make of it."""

    spend_line_id: int
    spend_key: str
    pay_date: date
    amount_cents: int
    parts_cents: int
    percentage_bp: int  # sum of its percentages, hundredths of a percent
    parts_by_owner: dict[str, int]
    source: Source

    @property
    def over_cents(self) -> int:
        return max(0, self.parts_cents - self.amount_cents)

    @property
    def unattributed_cents(self) -> int:
        return max(0, self.amount_cents - self.parts_cents)

    @property
    def is_b1(self) -> bool:
        """Percentages not summing to 100 (rule B1)."""
        return self.percentage_bp != FULL


@dataclass
class Reconciliation:
    date_from: date
    date_to: date
    spend_total_cents: int
    spend_line_count: int
    partners: dict[str, int]  # ledger total per budget owner
    over_attributed_cents: int
    unattributed_cents: int
    b1_lines: list[ReconLine]  # the lines behind the two correction terms (and all B1 lines)
    lines: list[ReconLine] = field(default_factory=list)  # every line (with_lines)
    quarantined: QuarantinedSpend = field(default_factory=QuarantinedSpend)

    @property
    def ledgers_cents(self) -> int:
        return sum(self.partners.values())

    @property
    def holds(self) -> bool:
        return self.spend_total_cents == (
            self.ledgers_cents - self.over_attributed_cents + self.unattributed_cents
        )

    @property
    def closes(self) -> bool:
        """The identity holds and nothing is quarantined for the period."""
        return self.holds and self.quarantined.empty

    @property
    def over_lines(self) -> list[ReconLine]:
        return [line for line in self.b1_lines if line.over_cents]

    @property
    def unattributed_lines(self) -> list[ReconLine]:
        return [line for line in self.b1_lines if line.unattributed_cents]

    def lines_of_partner(self, partner: str) -> list[ReconLine]:
        """The spend lines behind one partner's term (needs ``with_lines``)."""
        return [line for line in self.lines if line.parts_by_owner.get(partner)]


def reconcile(
    session: Session, date_from: date, date_to: date, *, with_lines: bool = False
) -> Reconciliation:
    """The reconciliation identity for pay dates in ``[date_from, date_to]``."""
    check_period(date_from, date_to)
    period = in_period(date_from, date_to)

    per_line = (
        select(
            SpendLineRow.id.label("id"),
            SpendLineRow.amount_cents.label("amount"),
            func.coalesce(func.sum(AttributionRow.part_cents), 0).label("parts"),
            func.coalesce(func.sum(AttributionRow.percentage_bp), 0).label("pct"),
        )
        .select_from(SpendLineRow)
        .outerjoin(AttributionRow, AttributionRow.spend_line_id == SpendLineRow.id)
        .where(period)
        .group_by(SpendLineRow.id, SpendLineRow.amount_cents)
        .subquery()
    )
    diff = per_line.c.parts - per_line.c.amount
    totals = session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(per_line.c.amount), 0),
            func.coalesce(func.sum(case((diff > 0, diff), else_=0)), 0),
            func.coalesce(func.sum(case((diff < 0, -diff), else_=0)), 0),
        ).select_from(per_line)
    ).one()
    count, spend_total, over, unattributed = (int(v) for v in totals)

    partners: dict[str, int] = defaultdict(int)
    owner_query = (
        select(BudgetRow.owner, func.sum(AttributionRow.part_cents))
        .select_from(AttributionRow)
        .join(SpendLineRow, SpendLineRow.id == AttributionRow.spend_line_id)
        .outerjoin(BudgetRow, BudgetRow.code == AttributionRow.budget)
        .where(period)
        .group_by(BudgetRow.owner)
    )
    for owner, cents in session.execute(owner_query):
        partners[owner or UNKNOWN_OWNER] += int(cents or 0)

    b1_ids = select(per_line.c.id).where((per_line.c.pct != FULL) | (diff != 0))
    b1_lines = _lines(session, date_from, date_to, SpendLineRow.id.in_(b1_ids.scalar_subquery()))
    result = Reconciliation(
        date_from=date_from,
        date_to=date_to,
        spend_total_cents=spend_total,
        spend_line_count=count,
        partners=dict(sorted(partners.items())),
        over_attributed_cents=over,
        unattributed_cents=unattributed,
        b1_lines=b1_lines,
        quarantined=quarantined_spend(session, date_from, date_to),
    )
    if with_lines:
        result.lines = _lines(session, date_from, date_to, None)
    return result


def _lines(session: Session, date_from: date, date_to: date, condition: Any) -> list[ReconLine]:
    """Spend lines paid in the period (optionally only those matching ``condition``) with
    their parts per budget owner and their source."""
    period = in_period(date_from, date_to)
    owners: dict[int, dict[str, int]] = defaultdict(dict)
    pct: dict[int, int] = defaultdict(int)
    part_query = (
        select(
            AttributionRow.spend_line_id,
            BudgetRow.owner,
            func.sum(AttributionRow.part_cents),
            func.sum(AttributionRow.percentage_bp),
        )
        .join(SpendLineRow, SpendLineRow.id == AttributionRow.spend_line_id)
        .outerjoin(BudgetRow, BudgetRow.code == AttributionRow.budget)
        .where(period)
        .group_by(AttributionRow.spend_line_id, BudgetRow.owner)
    )
    if condition is not None:
        part_query = part_query.where(condition)
    for line_id, owner, cents, bp in session.execute(part_query):
        key = owner or UNKNOWN_OWNER
        owners[line_id][key] = owners[line_id].get(key, 0) + int(cents or 0)
        pct[line_id] += int(bp or 0)

    line_query = (
        select(
            SpendLineRow.id,
            SpendLineRow.partner,
            SpendLineRow.invoice_number,
            SpendLineRow.reference,
            SpendLineRow.pay_date,
            SpendLineRow.amount_cents,
            SpendLineRow.source_record_id,
            ImportBatchRow.file_name,
            SourceRecordRow.location,
        )
        .outerjoin(SourceRecordRow, SourceRecordRow.id == SpendLineRow.source_record_id)
        .outerjoin(ImportBatchRow, ImportBatchRow.id == SourceRecordRow.batch_id)
        .where(period)
        .order_by(
            SpendLineRow.pay_date,
            SpendLineRow.partner,
            SpendLineRow.invoice_number,
            SpendLineRow.reference,
        )
    )
    if condition is not None:
        line_query = line_query.where(condition)
    lines = []
    for (
        line_id,
        partner,
        invoice,
        reference,
        pay_date,
        amount,
        src,
        file_name,
        loc,
    ) in session.execute(line_query):
        by_owner = dict(sorted(owners.get(line_id, {}).items()))
        lines.append(
            ReconLine(
                spend_line_id=line_id,
                spend_key=spend_key(partner, invoice, reference),
                pay_date=pay_date,
                amount_cents=int(amount),
                parts_cents=sum(by_owner.values()),
                percentage_bp=pct.get(line_id, 0),
                parts_by_owner=by_owner,
                source=Source(src, file_name, loc),
            )
        )
    return lines


def reconcile_json(rec: Reconciliation) -> dict[str, Any]:
    """The ``reconcile --json`` shape of spec/cli.md (amounts always with 2 decimals), plus
    the B1 lines behind the correction terms."""
    return {
        "from": rec.date_from.isoformat(),
        "to": rec.date_to.isoformat(),
        "spend_total": money(rec.spend_total_cents),
        "partners": {code: money(cents) for code, cents in rec.partners.items()},
        "over_attributed": money(rec.over_attributed_cents),
        "unattributed": money(rec.unattributed_cents),
        "ledgers_total": money(rec.ledgers_cents),
        "holds": rec.holds,
        "quarantined": {code: money(c) for code, c in rec.quarantined.amounts.items()},
        "quarantined_unreadable": dict(rec.quarantined.unreadable),
        "closes": rec.closes,
        "quarantined_records": [
            {
                "partner": line.partner,
                "amount": money(line.amount_cents) if line.amount_cents is not None else None,
                "pay_date": line.pay_date.isoformat() if line.pay_date else None,
                "file": line.file,
                "batch": line.batch,
                "location": line.location,
                "reasons": list(line.reasons),
            }
            for line in rec.quarantined.lines
        ],
        "spend_lines": rec.spend_line_count,
        "b1_lines": [
            {
                "spend": line.spend_key,
                "amount": money(line.amount_cents),
                "attributed": money(line.parts_cents),
                "percentage": str(bp_to_percentage(line.percentage_bp)),
                "over_attributed": money(line.over_cents),
                "unattributed": money(line.unattributed_cents),
            }
            for line in rec.b1_lines
        ],
    }
