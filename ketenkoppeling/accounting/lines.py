"""The attributed parts behind every accounting figure, with their source (lineage).

One query shape serves the ledger, the reconciliation and the settlement: attribution →
spend line → budget (its owner), the deployment it belongs to (its instrument) and the source
record and import batch it came from (file name and position). Every figure in a report can
be traced to these rows, and through them to the file and the place in the file.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, literal, or_, select
from sqlalchemy.orm import Session

from ketenkoppeling.model.money import cents_to_decimal, format_money
from ketenkoppeling.model.responsibility import NO_BENEFIT
from ketenkoppeling.store.tables import (
    AttributionRow,
    BenefitPeriodRow,
    BudgetRow,
    DeploymentRow,
    ImportBatchRow,
    SourceRecordRow,
    SpendLineRow,
)

#: A SELECT of any columns (SQLAlchemy 2.1 types rows with a TypeVarTuple).
AnySelect = Select[*tuple[Any, ...]]

UNKNOWN_INSTRUMENT = "(onbekend)"
NO_PROVIDER = "(geen)"
UNKNOWN_OWNER = "(onbekend)"


def money(cents: int) -> str:
    """An amount in cents as the JSON string of spec/cli.md (``"1234.56"``)."""
    return format_money(cents_to_decimal(cents))


def spend_key(partner: str, invoice_number: str, reference: str) -> str:
    """The key of a spend line: ``<partner>/<invoice number>/<reference>``."""
    return f"{partner}/{invoice_number}/{reference}"


@dataclass(frozen=True)
class Source:
    """Where a stored record came from: the file and the position in it."""

    source_record_id: int | None
    file_name: str | None
    location: str | None

    def describe(self) -> str:
        if self.source_record_id is None:
            return "(geen bron vastgelegd)"
        return f"{self.file_name or '?'}, {self.location or '?'}"


@dataclass(frozen=True)
class AttributedPart:
    """One attribution of one spend line to one budget, with everything a report groups by."""

    attribution_id: int
    spend_line_id: int
    spend_key: str
    registering_partner: str
    invoice_number: str
    reference: str
    bsn: str
    payer: str
    provider: str | None
    pay_date: date
    period_from: date
    period_to: date
    amount_cents: int
    seq: int
    budget: str
    owner: str
    percentage_bp: int
    part_cents: int
    instrument: str | None
    source: Source
    regime: str = ""  # filled in by the ledger (benefit periods are looked up in bulk)

    @property
    def month(self) -> str:
        return self.pay_date.strftime("%Y-%m")

    @property
    def provider_label(self) -> str:
        return self.provider or NO_PROVIDER

    @property
    def instrument_label(self) -> str:
        return self.instrument or UNKNOWN_INSTRUMENT


def _deployment_join() -> Any:
    return and_(
        DeploymentRow.partner == SpendLineRow.partner,
        DeploymentRow.reference == SpendLineRow.reference,
    )


def regime_at(bsn: Any, day: Any) -> ColumnElement[str]:
    """The client's regime on ``day`` in SQL: of the benefit periods covering the day the one
    that started last (equal starts: the one stored last), ``NUG`` when none does — the rule
    of ``model.responsibility.period_on`` over the periods in stored order."""
    covering = (
        select(BenefitPeriodRow.regime)
        .where(
            BenefitPeriodRow.bsn == bsn,
            BenefitPeriodRow.start <= day,
            or_(BenefitPeriodRow.end.is_(None), BenefitPeriodRow.end >= day),
        )
        .order_by(BenefitPeriodRow.start.desc(), BenefitPeriodRow.id.desc())
        .limit(1)
        .correlate(SpendLineRow)
        .scalar_subquery()
    )
    return func.coalesce(covering, literal(NO_BENEFIT))


def parts_query(*, with_regime: bool = False) -> AnySelect:
    """attribution ⋈ spend line ⟕ budget ⟕ deployment ⟕ source record ⟕ import batch;
    ``with_regime``: with the client's regime at the start of the service period as the last
    column (see :func:`regime_at`)."""
    regime = [regime_at(SpendLineRow.bsn, SpendLineRow.period_from)] if with_regime else []
    return (
        select(
            AttributionRow.id,
            AttributionRow.spend_line_id,
            SpendLineRow.partner,
            SpendLineRow.invoice_number,
            SpendLineRow.reference,
            SpendLineRow.bsn,
            SpendLineRow.payer,
            SpendLineRow.provider,
            SpendLineRow.pay_date,
            SpendLineRow.period_from,
            SpendLineRow.period_to,
            SpendLineRow.amount_cents,
            AttributionRow.seq,
            AttributionRow.budget,
            BudgetRow.owner,
            AttributionRow.percentage_bp,
            AttributionRow.part_cents,
            DeploymentRow.instrument,
            SpendLineRow.source_record_id,
            ImportBatchRow.file_name,
            SourceRecordRow.location,
            *regime,
        )
        .select_from(AttributionRow)
        .join(SpendLineRow, SpendLineRow.id == AttributionRow.spend_line_id)
        .outerjoin(BudgetRow, BudgetRow.code == AttributionRow.budget)
        .outerjoin(DeploymentRow, _deployment_join())
        .outerjoin(SourceRecordRow, SourceRecordRow.id == SpendLineRow.source_record_id)
        .outerjoin(ImportBatchRow, ImportBatchRow.id == SourceRecordRow.batch_id)
    )


def check_period(date_from: date, date_to: date) -> None:
    """Raise ValueError when ``[date_from, date_to]`` ends before it begins."""
    if date_to < date_from:
        raise ValueError(
            f"de periode eindigt ({date_to:%d-%m-%Y}) vóór ze begint ({date_from:%d-%m-%Y})"
        )


def in_period(date_from: date, date_to: date) -> Any:
    """Spend lines paid in ``[date_from, date_to]`` (both inclusive)."""
    return SpendLineRow.pay_date.between(date_from, date_to)


def attributed_parts(
    session: Session,
    date_from: date,
    date_to: date,
    *,
    owner: str | None = None,
    budgets: Iterable[str] | None = None,
    settle_only: bool = False,
    with_regime: bool = False,
) -> list[AttributedPart]:
    """The attributed parts of spend lines paid in ``[date_from, date_to]``.

    ``owner``: only budgets owned by that partner; ``budgets``: only those budget codes;
    ``settle_only``: only parts whose budget owner differs from the line's payer;
    ``with_regime``: with each part's regime filled in (else it is empty).
    Ordered by pay date, spend key and attribution order (reproducible).
    """
    query = parts_query(with_regime=with_regime).where(in_period(date_from, date_to))
    if owner is not None:
        query = query.where(BudgetRow.owner == owner)
    if budgets is not None:
        query = query.where(AttributionRow.budget.in_(sorted(set(budgets))))
    if settle_only:
        query = query.where(BudgetRow.owner.is_not(None), BudgetRow.owner != SpendLineRow.payer)
    query = query.order_by(
        SpendLineRow.pay_date,
        SpendLineRow.partner,
        SpendLineRow.invoice_number,
        SpendLineRow.reference,
        AttributionRow.seq,
    )
    rows = session.execute(query)
    with collection_paused():
        return [_part(row) for row in rows]


@contextmanager
def collection_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while many objects are made at once (it would
    otherwise scan the growing list again and again, doubling the time); nothing made here
    forms a cycle, and the collector runs again afterwards as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _part(row: Sequence[Any]) -> AttributedPart:
    (
        attribution_id,
        line_id,
        partner,
        invoice,
        reference,
        bsn,
        payer,
        provider,
        pay_date,
        period_from,
        period_to,
        amount,
        seq,
        budget,
        owner,
        percentage_bp,
        part,
        instrument,
        source_id,
        file_name,
        location,
        *regime,
    ) = row
    return AttributedPart(
        attribution_id=attribution_id,
        spend_line_id=line_id,
        spend_key=spend_key(partner, invoice, reference),
        registering_partner=partner,
        invoice_number=invoice,
        reference=reference,
        bsn=bsn,
        payer=payer,
        provider=provider,
        pay_date=pay_date,
        period_from=period_from,
        period_to=period_to,
        amount_cents=int(amount),
        seq=seq,
        budget=budget,
        owner=owner or UNKNOWN_OWNER,
        percentage_bp=int(percentage_bp),
        part_cents=int(part),
        instrument=instrument,
        source=Source(source_id, file_name, location),
        regime=regime[0] if regime else "",
    )
