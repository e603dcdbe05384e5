"""Quarantined spend (spec/accounting.md): spend records that were read but quarantined are
money the accounts do not hold yet. Per registering partner: the sum of those whose amount and
pay date can be read and whose pay date falls in the period, and the number of those whose
amount or pay date cannot be read (counted in every period), with the records behind them.
Reprocessing a record (after a fix) takes it out of the quarantine and into the identity.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from ketenkoppeling.store.tables import ImportBatchRow, SourceRecordRow

MAX_LISTED = 10_000  # records listed behind the figures (the sums count them all)


@dataclass(frozen=True)
class QuarantinedLine:
    source_record_id: int
    partner: str
    amount_cents: int | None  # None: cannot be read
    pay_date: date | None  # None: cannot be read
    file: str
    batch: int
    location: str
    reasons: tuple[str, ...]

    @property
    def readable(self) -> bool:
        return self.amount_cents is not None and self.pay_date is not None


@dataclass
class QuarantinedSpend:
    amounts: dict[str, int] = field(default_factory=dict)  # partner → cents, in the period
    unreadable: dict[str, int] = field(default_factory=dict)  # partner → records
    lines: list[QuarantinedLine] = field(default_factory=list)

    @property
    def total_cents(self) -> int:
        return sum(self.amounts.values())

    @property
    def unreadable_count(self) -> int:
        return sum(self.unreadable.values())

    @property
    def empty(self) -> bool:
        return not any(self.amounts.values()) and not self.unreadable_count

    def of_partner(self, partner: str) -> QuarantinedSpend:
        return QuarantinedSpend(
            {partner: self.amounts[partner]} if partner in self.amounts else {},
            {partner: self.unreadable[partner]} if partner in self.unreadable else {},
            [line for line in self.lines if line.partner == partner],
        )


def quarantined_spend(
    session: Session, date_from: date, date_to: date, *, partner: str | None = None
) -> QuarantinedSpend:
    """The quarantined spend of the period (see the module docstring), of every registering
    partner or of one."""
    rec = SourceRecordRow
    readable = and_(rec.spend_amount_cents.is_not(None), rec.spend_pay_date.is_not(None))
    condition = and_(
        rec.status == "quarantined",
        rec.spend_partner.is_not(None),
        or_(~readable, rec.spend_pay_date.between(date_from, date_to)),
    )
    if partner is not None:
        condition = and_(condition, rec.spend_partner == partner)
    query = (
        select(
            rec.id, rec.spend_partner, rec.spend_amount_cents, rec.spend_pay_date,
            ImportBatchRow.file_name, rec.batch_id, rec.location, rec.errors,
        )
        .join(ImportBatchRow, ImportBatchRow.id == rec.batch_id)
        .where(condition)
        .order_by(rec.spend_partner, rec.spend_pay_date, rec.id)
    )  # fmt: skip
    amounts: dict[str, int] = defaultdict(int)
    unreadable: dict[str, int] = defaultdict(int)
    lines: list[QuarantinedLine] = []
    for row in session.execute(query):
        line = QuarantinedLine(
            row.id, row.spend_partner, row.spend_amount_cents, row.spend_pay_date,
            row.file_name, row.batch_id, row.location,
            tuple(e["message"] for e in row.errors or [] if e.get("level") != "note"),
        )  # fmt: skip
        if line.readable:
            amounts[line.partner] += line.amount_cents or 0
        else:
            unreadable[line.partner] += 1
        if len(lines) < MAX_LISTED:
            lines.append(line)
    return QuarantinedSpend(dict(sorted(amounts.items())), dict(sorted(unreadable.items())), lines)
