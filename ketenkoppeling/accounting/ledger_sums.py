"""The ledger's figures summed in the database, in two passes over the partner's parts.

Every figure of a ledger is a sum of attributed parts grouped by something: by budget,
regime, instrument, provider and month of payment, or by client. The first pass groups the
partner's parts by all five of the small dimensions at once (a few thousand groups at most,
whatever the number of parts) and each breakdown is added up from those groups; the second
groups them by client. The regime of a part is looked up in SQL too (a correlated subquery
on the client's benefit periods, the rule of ``model.responsibility.period_on``), so no
per-part object is made and no benefit period is loaded.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from ketenkoppeling.accounting.lines import NO_PROVIDER, UNKNOWN_INSTRUMENT, AnySelect, regime_at
from ketenkoppeling.store.tables import (
    AttributionRow,
    BudgetRow,
    DeploymentRow,
    OutflowRow,
    SpendLineRow,
)

OUTFLOW_TO_WORK = "WERK"

#: a client's sums: (BSN, cents, number of parts, first WERK outflow)
ClientSum = tuple[str, int, int, date | None]


def owned_parts(query: AnySelect, partner: str, date_from: date, date_to: date) -> AnySelect:
    """``query`` over the attributed parts of spend lines paid in the period whose budget
    ``partner`` owns."""
    return (
        query.select_from(AttributionRow)
        .join(SpendLineRow, SpendLineRow.id == AttributionRow.spend_line_id)
        .join(BudgetRow, BudgetRow.code == AttributionRow.budget)
        .where(BudgetRow.owner == partner, SpendLineRow.pay_date.between(date_from, date_to))
    )


@dataclass
class Breakdown:
    """The sums (cents) and the numbers of parts per key of every small dimension."""

    cents: dict[str, dict[str, int]] = field(default_factory=dict)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, dimension: str, key: str, cents: int, count: int) -> None:
        sums = self.cents.setdefault(dimension, defaultdict(int))
        numbers = self.counts.setdefault(dimension, defaultdict(int))
        sums[key] += cents
        numbers[key] += count

    def sorted(self, dimension: str) -> dict[str, int]:
        return dict(sorted(self.cents.get(dimension, {}).items()))

    def sorted_counts(self, dimension: str) -> dict[str, int]:
        return dict(sorted(self.counts.get(dimension, {}).items()))


SMALL_DIMENSIONS = ("budget", "instrument", "provider", "month", "regime")


def breakdown(session: Session, partner: str, date_from: date, date_to: date) -> Breakdown:
    """The partner's parts in the period summed by budget, instrument, provider, month of
    payment and regime, in one grouped query."""
    pay = SpendLineRow.pay_date
    month = (extract("year", pay) * 100 + extract("month", pay)).label("month")
    regime = regime_at(SpendLineRow.bsn, SpendLineRow.period_from).label("regime")
    query = owned_parts(
        select(
            AttributionRow.budget,
            DeploymentRow.instrument,
            SpendLineRow.provider,
            month,
            regime,
            func.sum(AttributionRow.part_cents),
            func.count(),
        ),
        partner,
        date_from,
        date_to,
    ).outerjoin(
        DeploymentRow,
        (DeploymentRow.partner == SpendLineRow.partner)
        & (DeploymentRow.reference == SpendLineRow.reference),
    )
    query = query.group_by(
        AttributionRow.budget, DeploymentRow.instrument, SpendLineRow.provider, month, regime
    )
    result = Breakdown()
    for budget, instrument, provider, yyyymm, regime_code, cents, count in session.execute(query):
        cents, count = int(cents or 0), int(count)
        yyyymm = int(yyyymm)
        result.add("budget", budget, cents, count)
        result.add("instrument", instrument or UNKNOWN_INSTRUMENT, cents, count)
        result.add("provider", provider or NO_PROVIDER, cents, count)
        result.add("month", f"{yyyymm // 100:04d}-{yyyymm % 100:02d}", cents, count)
        result.add("regime", regime_code, cents, count)
    return result


def per_client(
    session: Session, partner: str, date_from: date, date_to: date
) -> Iterator[ClientSum]:
    """(BSN, cents, number of parts, first WERK outflow) of every client of the partner's
    parts in the period, by BSN."""
    first_to_work = (
        select(func.min(OutflowRow.date))
        .where(OutflowRow.bsn == SpendLineRow.bsn, OutflowRow.reason == OUTFLOW_TO_WORK)
        .correlate(SpendLineRow)
        .scalar_subquery()
    )
    query = owned_parts(
        select(
            SpendLineRow.bsn,
            func.sum(AttributionRow.part_cents),
            func.count(),
            first_to_work,
        ),
        partner,
        date_from,
        date_to,
    )
    query = query.group_by(SpendLineRow.bsn).order_by(SpendLineRow.bsn)
    for bsn, cents, count, outflow in session.execute(query):
        yield bsn, int(cents or 0), int(count), outflow
