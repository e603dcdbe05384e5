"""The per-partner ledger (verantwoording) of spec/accounting.md.

For partner P and period [from, to] (by pay date): every attributed part of every spend line
whose budget is owned by P. The figures are summed in the database in two grouped passes
(:mod:`.ledger_sums`; the regime is looked up in SQL too), so a ledger over millions of parts
makes no object per part. The attributed parts themselves are loaded only when asked for
(``with_lines``: the workbook, the window), so every figure can be traced to its spend lines
and their source records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ketenkoppeling.accounting.ledger_keys import LedgerSpendKeys
from ketenkoppeling.accounting.ledger_sums import SMALL_DIMENSIONS, breakdown, per_client
from ketenkoppeling.accounting.lines import (
    AttributedPart,
    attributed_parts,
    check_period,
    in_period,
    money,
)
from ketenkoppeling.accounting.quarantine import QuarantinedSpend, quarantined_spend
from ketenkoppeling.store.tables import (
    AttributionRow,
    BudgetRow,
    PartnerRow,
    SpendLineRow,
)

#: Gets the spend keys ('P/I/R') and budget codes of a ledger, returns the ids of the open
#: findings touching them (wired by the caller to the checks package).
Reservations = Callable[[Any, set[str]], list[int]]
"""The open findings touching a ledger: given its spend keys (a set, or a
:class:`LedgerSpendKeys` to ask about a few) and its budgets."""

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
    # the number of attributed parts behind each figure: dimension → key → parts
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

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


def build_ledger(
    session: Session,
    partner: str,
    date_from: date,
    date_to: date,
    reservations: Reservations | None = None,
    *,
    with_lines: bool = True,
) -> Ledger:
    """The ledger of ``partner`` for pay dates in ``[date_from, date_to]``. The figures are
    summed in the database (:mod:`.ledger_sums`); ``with_lines`` loads the attributed parts
    behind them too (the workbook's sheet Regels, the window's drill-down)."""
    check_period(date_from, date_to)
    partner_row = session.get(PartnerRow, partner)
    sums = breakdown(session, partner, date_from, date_to)
    per_budget = sums.sorted("budget")
    budgets = _budget_figures(session, partner, date_from, date_to, per_budget)
    clients: list[ClientFigures] = []
    per_client_count: dict[str, int] = {}
    for bsn, cents, count, outflow in sorted(per_client(session, partner, date_from, date_to)):
        clients.append(ClientFigures(bsn, cents, outflow))
        per_client_count[bsn] = count
    counts = {dim: sums.sorted_counts(dim) for dim in SMALL_DIMENSIONS}
    counts["client"] = per_client_count

    ledger = Ledger(
        partner=partner,
        partner_name=partner_row.name if partner_row else partner,
        date_from=date_from,
        date_to=date_to,
        total_cents=sum(per_budget.values()),
        budgets=budgets,
        by_regime=sums.sorted("regime"),
        by_instrument=sums.sorted("instrument"),
        by_provider=sums.sorted("provider"),
        by_month=sums.sorted("month"),
        clients=clients,
        counts=counts,
    )
    if with_lines:
        ledger.lines = attributed_parts(
            session, date_from, date_to, owner=partner, with_regime=True
        )
        ledger.lines_loaded = True
    ledger.quarantined = quarantined_spend(session, date_from, date_to, partner=partner)
    if reservations is not None:
        keys: set[str] | LedgerSpendKeys = (
            ledger.spend_keys
            if with_lines
            else LedgerSpendKeys(session, partner, date_from, date_to)
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
        if (date_from, date_to) == (date(year, 1, 1), date(year, 12, 31)):
            # the period is the budget's year: its parts in the year are those of the period
            year_sums.update({code: per_budget.get(code, 0) for code in codes})
            continue
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
