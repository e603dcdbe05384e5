"""The per-partner ledger (verantwoording) of spec/accounting.md.

For partner P and period [from, to] (by pay date): every attributed part of every spend line
whose budget is owned by P. The figures are summed in SQL (``SUM(part_cents) … GROUP BY``);
only the regime needs the client's benefit periods, which are loaded in one query for all
clients of the ledger. The attributed parts themselves are loaded too (``with_lines``), so
every figure can be traced to its spend lines and their source records.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ketenkoppeling.accounting.lines import (
    NO_PROVIDER,
    UNKNOWN_INSTRUMENT,
    AnySelect,
    AttributedPart,
    attributed_parts,
    check_period,
    in_period,
    money,
    spend_key,
)
from ketenkoppeling.accounting.quarantine import QuarantinedSpend, quarantined_spend
from ketenkoppeling.model import BenefitPeriod
from ketenkoppeling.model.responsibility import regime_on
from ketenkoppeling.store.tables import (
    AttributionRow,
    BenefitPeriodRow,
    BudgetRow,
    DeploymentRow,
    OutflowRow,
    PartnerRow,
    SpendLineRow,
)

#: Gets the spend keys ('P/I/R') and budget codes of a ledger, returns the ids of the open
#: findings touching them (wired by the caller to the checks package).
Reservations = Callable[[set[str], set[str]], list[int]]

OUTFLOW_TO_WORK = "WERK"
DIMENSIONS = ("budget", "regime", "instrument", "provider", "month", "client")


@dataclass(frozen=True)
class BudgetFigures:
    code: str
    label: str
    year: int
    amount_cents: int
    attributed_cents: int  # pay dates in the ledger's period
    attributed_year_cents: int  # pay dates in the budget's year

    @property
    def remaining_cents(self) -> int:
        return self.amount_cents - self.attributed_year_cents


@dataclass(frozen=True)
class ClientFigures:
    bsn: str
    invested_cents: int
    outflow_to_work: date | None  # the first WERK outflow known for this BSN


@dataclass
class Ledger:
    partner: str
    partner_name: str
    date_from: date
    date_to: date
    total_cents: int
    budgets: list[BudgetFigures]
    by_regime: dict[str, int]
    by_instrument: dict[str, int]
    by_provider: dict[str, int]
    by_month: dict[str, int]
    clients: list[ClientFigures]
    reservations: list[int] = field(default_factory=list)
    lines: list[AttributedPart] = field(default_factory=list)
    # spend the partner registered that is still in quarantine: also a reservation
    quarantined: QuarantinedSpend = field(default_factory=QuarantinedSpend)
    lines_loaded: bool = False

    @property
    def clients_to_work(self) -> list[ClientFigures]:
        return [c for c in self.clients if c.outflow_to_work is not None]

    @property
    def cost_per_client_to_work_cents(self) -> int | None:
        """Invested in clients with a WERK outflow ÷ their number, half-up to the cent."""
        leaving = self.clients_to_work
        if not leaving:
            return None
        invested = sum(c.invested_cents for c in leaving)
        return int((Decimal(invested) / len(leaving)).quantize(Decimal(1), rounding=ROUND_HALF_UP))

    @property
    def spend_keys(self) -> set[str]:
        return {line.spend_key for line in self.lines}

    def lines_behind(self, dimension: str, key: str) -> list[AttributedPart]:
        """The attributed parts behind one figure: ``dimension`` is one of ``DIMENSIONS``
        (``budget`` gives the parts behind the budget's 'attributed in the period')."""
        if not self.lines_loaded:
            raise ValueError("de verantwoording is zonder regels opgebouwd")
        if dimension not in DIMENSIONS:
            raise ValueError(f"onbekende uitsplitsing '{dimension}'")
        return [line for line in self.lines if dimension_value(line, dimension) == key]


def dimension_value(line: AttributedPart, dimension: str) -> str:
    if dimension == "budget":
        return line.budget
    if dimension == "regime":
        return line.regime
    if dimension == "instrument":
        return line.instrument_label
    if dimension == "provider":
        return line.provider_label
    if dimension == "month":
        return line.month
    return line.bsn


# --- building --------------------------------------------------------------------------------


def _owned(query: AnySelect, partner: str, date_from: date, date_to: date) -> AnySelect:
    return (
        query.select_from(AttributionRow)
        .join(SpendLineRow, SpendLineRow.id == AttributionRow.spend_line_id)
        .join(BudgetRow, BudgetRow.code == AttributionRow.budget)
        .where(BudgetRow.owner == partner, in_period(date_from, date_to))
    )


def _sums(
    session: Session, partner: str, date_from: date, date_to: date, *columns: Any
) -> list[tuple[Any, ...]]:
    """``SUM(part_cents)`` of the partner's parts in the period, grouped by ``columns``;
    each row is (*group values, cents)."""
    query = _owned(
        select(*columns, func.sum(AttributionRow.part_cents)), partner, date_from, date_to
    )
    if columns:
        query = query.group_by(*columns)
    return [(*row[:-1], int(row[-1] or 0)) for row in session.execute(query)]


def _sorted(mapping: dict[str, int]) -> dict[str, int]:
    return dict(sorted(mapping.items()))


def build_ledger(
    session: Session,
    partner: str,
    date_from: date,
    date_to: date,
    reservations: Reservations | None = None,
    *,
    with_lines: bool = True,
) -> Ledger:
    """The ledger of ``partner`` for pay dates in ``[date_from, date_to]``."""
    check_period(date_from, date_to)
    partner_row = session.get(PartnerRow, partner)
    total = sum(c for (c,) in _sums(session, partner, date_from, date_to))
    per_budget = dict(_sums(session, partner, date_from, date_to, AttributionRow.budget))
    budgets = _budget_figures(session, partner, date_from, date_to, per_budget)

    by_instrument: dict[str, int] = defaultdict(int)
    query = _owned(
        select(DeploymentRow.instrument, func.sum(AttributionRow.part_cents)),
        partner,
        date_from,
        date_to,
    ).outerjoin(
        DeploymentRow,
        (DeploymentRow.partner == SpendLineRow.partner)
        & (DeploymentRow.reference == SpendLineRow.reference),
    )
    for instrument, cents in session.execute(query.group_by(DeploymentRow.instrument)):
        by_instrument[instrument or UNKNOWN_INSTRUMENT] += int(cents or 0)

    by_provider: dict[str, int] = defaultdict(int)
    for provider, cents in _sums(session, partner, date_from, date_to, SpendLineRow.provider):
        by_provider[provider or NO_PROVIDER] += cents

    by_month: dict[str, int] = defaultdict(int)
    for pay_date, cents in _sums(session, partner, date_from, date_to, SpendLineRow.pay_date):
        by_month[pay_date.strftime("%Y-%m")] += cents

    bsns = _owned(select(SpendLineRow.bsn), partner, date_from, date_to).distinct()
    periods = _benefit_periods(session, bsns)
    by_regime: dict[str, int] = defaultdict(int)
    for bsn, start, cents in _sums(
        session, partner, date_from, date_to, SpendLineRow.bsn, SpendLineRow.period_from
    ):
        by_regime[regime_on(periods.get(bsn, []), start)] += cents

    outflows = _first_outflow_to_work(session, bsns)
    clients = [
        ClientFigures(bsn, cents, outflows.get(bsn))
        for bsn, cents in sorted(_sums(session, partner, date_from, date_to, SpendLineRow.bsn))
    ]

    ledger = Ledger(
        partner=partner,
        partner_name=partner_row.name if partner_row else partner,
        date_from=date_from,
        date_to=date_to,
        total_cents=total,
        budgets=budgets,
        by_regime=_sorted(by_regime),
        by_instrument=_sorted(by_instrument),
        by_provider=_sorted(by_provider),
        by_month=_sorted(by_month),
        clients=clients,
    )
    if with_lines:
        ledger.lines = [
            dataclasses.replace(line, regime=regime_on(periods.get(line.bsn, []), line.period_from))
            for line in attributed_parts(session, date_from, date_to, owner=partner)
        ]
        ledger.lines_loaded = True
    ledger.quarantined = quarantined_spend(session, date_from, date_to, partner=partner)
    if reservations is not None:
        keys = (
            ledger.spend_keys if with_lines else _spend_keys(session, partner, date_from, date_to)
        )
        found = reservations(keys, {b.code for b in budgets})
        ledger.reservations = sorted(set(found))
    return ledger


def _budget_figures(
    session: Session, partner: str, date_from: date, date_to: date, per_budget: dict[str, int]
) -> list[BudgetFigures]:
    """The partner's budgets of the years the period touches, and any other budget of the
    partner charged in the period; with 'attributed in the budget's whole year'."""
    rows = session.scalars(
        select(BudgetRow).where(
            BudgetRow.owner == partner,
            BudgetRow.year.between(date_from.year, date_to.year) | BudgetRow.code.in_(per_budget),
        )
    ).all()
    by_year: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        by_year[row.year].append(row.code)
    year_sums: dict[str, int] = {}
    for year, codes in by_year.items():
        query = (
            select(AttributionRow.budget, func.sum(AttributionRow.part_cents))
            .join(SpendLineRow, SpendLineRow.id == AttributionRow.spend_line_id)
            .where(
                AttributionRow.budget.in_(codes),
                in_period(date(year, 1, 1), date(year, 12, 31)),
            )
            .group_by(AttributionRow.budget)
        )
        year_sums.update({code: int(cents or 0) for code, cents in session.execute(query)})
    return [
        BudgetFigures(
            code=row.code,
            label=row.label,
            year=row.year,
            amount_cents=row.amount_cents,
            attributed_cents=per_budget.get(row.code, 0),
            attributed_year_cents=year_sums.get(row.code, 0),
        )
        for row in sorted(rows, key=lambda r: r.code)
    ]


def _benefit_periods(session: Session, bsns: AnySelect) -> dict[str, list[BenefitPeriod]]:
    """All benefit periods of the clients selected by ``bsns``, in one query."""
    periods: dict[str, list[BenefitPeriod]] = defaultdict(list)
    query = (
        select(
            BenefitPeriodRow.bsn,
            BenefitPeriodRow.regime,
            BenefitPeriodRow.executor,
            BenefitPeriodRow.start,
            BenefitPeriodRow.end,
        )
        .where(BenefitPeriodRow.bsn.in_(bsns.scalar_subquery()))
        .order_by(BenefitPeriodRow.bsn, BenefitPeriodRow.start, BenefitPeriodRow.id)
    )
    for bsn, regime, executor, start, end in session.execute(query):
        periods[bsn].append(BenefitPeriod(bsn, regime, executor, start, end))
    return periods


def _first_outflow_to_work(session: Session, bsns: AnySelect) -> dict[str, date]:
    query = (
        select(OutflowRow.bsn, func.min(OutflowRow.date))
        .where(OutflowRow.reason == OUTFLOW_TO_WORK, OutflowRow.bsn.in_(bsns.scalar_subquery()))
        .group_by(OutflowRow.bsn)
    )
    return {bsn: when for bsn, when in session.execute(query)}


def _spend_keys(session: Session, partner: str, date_from: date, date_to: date) -> set[str]:
    query = _owned(
        select(SpendLineRow.partner, SpendLineRow.invoice_number, SpendLineRow.reference),
        partner,
        date_from,
        date_to,
    ).distinct()
    return {spend_key(*row) for row in session.execute(query)}


def ledger_partners(session: Session, date_from: date, date_to: date) -> list[str]:
    """The partners owning a budget charged by a spend line paid in the period."""
    query = (
        select(BudgetRow.owner)
        .join(AttributionRow, AttributionRow.budget == BudgetRow.code)
        .join(SpendLineRow, SpendLineRow.id == AttributionRow.spend_line_id)
        .where(in_period(date_from, date_to))
        .distinct()
        .order_by(BudgetRow.owner)
    )
    return list(session.scalars(query))


# --- JSON ------------------------------------------------------------------------------------


def _money_map(mapping: dict[str, int]) -> dict[str, str]:
    return {k: money(v) for k, v in mapping.items()}


def ledger_json(ledger: Ledger) -> dict[str, Any]:
    """The ``report --json`` shape of spec/cli.md, with extra keys for the other breakdowns."""
    cost = ledger.cost_per_client_to_work_cents
    return {
        "partner": ledger.partner,
        "from": ledger.date_from.isoformat(),
        "to": ledger.date_to.isoformat(),
        "total": money(ledger.total_cents),
        "budgets": [
            {
                "code": b.code,
                "amount": money(b.amount_cents),
                "attributed": money(b.attributed_cents),
                "attributed_year": money(b.attributed_year_cents),
                "remaining": money(b.remaining_cents),
            }
            for b in ledger.budgets
        ],
        "by_regime": _money_map(ledger.by_regime),
        "by_instrument": _money_map(ledger.by_instrument),
        "clients": len(ledger.clients),
        "reservations": list(ledger.reservations),
        "quarantined": money(ledger.quarantined.total_cents),
        "quarantined_unreadable": ledger.quarantined.unreadable_count,
        "quarantined_records": len(ledger.quarantined.lines),
        "partner_name": ledger.partner_name,
        "by_provider": _money_map(ledger.by_provider),
        "by_month": _money_map(ledger.by_month),
        "per_client": [
            {
                "bsn": c.bsn,
                "invested": money(c.invested_cents),
                "outflow_to_work": c.outflow_to_work.isoformat() if c.outflow_to_work else None,
            }
            for c in ledger.clients
        ],
        "clients_to_work": len(ledger.clients_to_work),
        "cost_per_client_to_work": money(cost) if cost is not None else None,
    }


def total_of(lines: Iterable[AttributedPart]) -> int:
    return sum(line.part_cents for line in lines)
