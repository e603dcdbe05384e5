"""Columns and loading for the Verantwoording place (ledger, reconciliation, settlement)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ketenkoppeling import reports
from ketenkoppeling.store.tables import AttributionRow, BudgetRow, FindingRow, PartnerRow
from ketenkoppeling.ui import engine
from ketenkoppeling.ui.formatting import (
    dutch_position,
    format_cents,
    format_date,
    format_percentage_bp,
    mask_bsn,
    mask_numbers,
)
from ketenkoppeling.ui.models.table import Column, attr


@dataclass(frozen=True)
class Figure:
    """One line of a breakdown: a key (regime, instrument, month, …) and its amount."""

    key: str
    label: str
    cents: int
    share_bp: int | None = None


@dataclass(frozen=True)
class Choices:
    partners: list[tuple[str, str]]
    years: list[int]
    busiest: str | None = None  # the partner with the most attributed spend: shown first


def busiest_partner(session: Session) -> str | None:
    """The budget owner with the most attributed spend (over all years), or None."""
    total = func.sum(AttributionRow.part_cents)
    row = session.execute(
        select(BudgetRow.owner, total)
        .join(AttributionRow, AttributionRow.budget == BudgetRow.code)
        .group_by(BudgetRow.owner)
        .order_by(total.desc(), BudgetRow.owner)
        .limit(1)
    ).first()
    return row[0] if row is not None and row[1] else None


def load_choices(session: Session) -> Choices:
    partners = [
        (code, name)
        for code, name in session.execute(
            select(PartnerRow.code, PartnerRow.name).order_by(PartnerRow.code)
        )
    ]
    years = [y for (y,) in session.execute(select(BudgetRow.year).distinct()) if y is not None]
    return Choices(partners, sorted(years), busiest_partner(session))


def reservations_for(session: Session) -> Any:
    """The ledger's reservations (see ketenkoppeling.reports)."""
    return reports.reservations_for(session)


def describe_findings(session: Session, ids: Any) -> dict[int, str]:
    """Finding id → 'rule: explanation', for the reservations sheet of the workbook."""
    return reports.describe_findings(session, list(ids))


def findings_text(session: Session, ids: list[int]) -> dict[int, Any]:
    if not ids:
        return {}
    rows = session.execute(
        select(FindingRow.id, FindingRow.rule, FindingRow.message, FindingRow.records).where(
            FindingRow.id.in_(ids)
        )
    ).all()
    return {row.id: row for row in rows}


@dataclass
class Report:
    ledger: Any
    findings: dict[int, Any]
    names: dict[str, dict[str, str]]  # kind (regime, instrument, provider, …) → code → name


def code_names(session: Session) -> dict[str, dict[str, str]]:
    context_for = engine.function("ketenkoppeling.accounting.workbook", "report_context")
    if context_for is None:
        return {}
    return dict(context_for(session, "").names)


def build_report(session: Session, partner: str, date_from: date, date_to: date) -> Report:
    ledger_module = engine.module(engine.LEDGER)
    assert ledger_module is not None
    ledger = ledger_module.build_ledger(
        session, partner, date_from, date_to, reservations_for(session), with_lines=True
    )
    return Report(ledger, findings_text(session, list(ledger.reservations)), code_names(session))


def figures(values: dict[str, int], labels: dict[str, str] | None = None) -> list[Figure]:
    total = sum(values.values())
    return [
        Figure(
            key,
            (labels or {}).get(key, ""),
            cents,
            round(cents * 10000 / total) if total else None,
        )
        for key, cents in values.items()
    ]


def month_label(key: str) -> str:
    """``2008-07`` as ``07-2008``."""
    year, _, month = key.partition("-")
    return f"{month}-{year}" if month else key


def _share(bp: int | None) -> str:
    return "" if bp is None else f"{bp / 100:.1f} %".replace(".", ",")


def budget_columns() -> list[Column]:
    tr = QCoreApplication.translate
    return [
        Column(tr("AccountingModel", "Budget"), attr("code"), tooltip=attr("label")),
        Column(tr("AccountingModel", "Year"), attr("year"), right=True),
        Column(tr("AccountingModel", "Budget amount"), attr("amount_cents"), format_cents,
               right=True),
        Column(tr("AccountingModel", "Attributed in period"), attr("attributed_cents"),
               format_cents, right=True),
        Column(tr("AccountingModel", "Attributed in year"), attr("attributed_year_cents"),
               format_cents, right=True),
        Column(tr("AccountingModel", "Remaining"), attr("remaining_cents"), format_cents,
               right=True),
        Column(tr("AccountingModel", "Description"), attr("label")),
    ]  # fmt: skip


def figure_columns(header: str, *, month: bool = False) -> list[Column]:
    tr = QCoreApplication.translate
    key_text = month_label if month else str
    columns = [
        Column(header, attr("key"), key_text),
        Column(tr("AccountingModel", "Amount"), attr("cents"), format_cents, right=True),
        Column(tr("AccountingModel", "Share"), attr("share_bp"), _share, right=True),
    ]
    if not month:
        columns.append(Column(tr("AccountingModel", "Description"), attr("label")))
    return columns


def client_columns() -> list[Column]:
    tr = QCoreApplication.translate
    return [
        Column(tr("AccountingModel", "BSN"), attr("bsn"), mask_bsn),
        Column(tr("AccountingModel", "Invested"), attr("invested_cents"), format_cents,
               right=True),
        Column(tr("AccountingModel", "Left for work on"), attr("outflow_to_work"), format_date),
    ]  # fmt: skip


def line_columns() -> list[Column]:
    tr = QCoreApplication.translate
    return [
        Column(tr("AccountingModel", "Spend line"), attr("spend_key")),
        Column(tr("AccountingModel", "BSN"), attr("bsn"), mask_bsn),
        Column(tr("AccountingModel", "Pay date"), attr("pay_date"), format_date),
        Column(tr("AccountingModel", "Budget"), attr("budget")),
        Column(tr("AccountingModel", "Percentage"), attr("percentage_bp"), format_percentage_bp,
               right=True),
        Column(tr("AccountingModel", "Attributed"), attr("part_cents"), format_cents, right=True),
        Column(tr("AccountingModel", "Line amount"), attr("amount_cents"), format_cents,
               right=True),
        Column(tr("AccountingModel", "Payer"), attr("payer")),
        Column(tr("AccountingModel", "Source"), source_text, tooltip=source_text),
    ]  # fmt: skip


def reservation_columns() -> list[Column]:
    tr = QCoreApplication.translate
    return [
        Column(tr("AccountingModel", "Finding"), attr("id"), right=True),
        Column(tr("AccountingModel", "Rule"), attr("rule")),
        Column(
            tr("AccountingModel", "Explanation"),
            attr("message"),
            mask_numbers,
            tooltip=lambda r: mask_numbers(r.message),
        ),
    ]


def pair_columns() -> list[Column]:
    tr = QCoreApplication.translate
    return [
        Column(tr("AccountingModel", "Owes (budget owner)"), attr("debtor")),
        Column(tr("AccountingModel", "To (payer)"), attr("creditor")),
        Column(tr("AccountingModel", "Gross"), attr("gross_cents"), format_cents, right=True),
        Column(tr("AccountingModel", "Other way"), attr("reverse_cents"), format_cents,
               right=True),
        Column(tr("AccountingModel", "Net"), attr("net_cents"), format_cents, right=True),
        Column(tr("AccountingModel", "Lines"), lambda p: len(p.lines), right=True),
    ]  # fmt: skip


def partner_total_columns() -> list[Column]:
    tr = QCoreApplication.translate
    return [
        Column(tr("AccountingModel", "Partner"), attr("key")),
        Column(tr("AccountingModel", "Ledger total"), attr("cents"), format_cents, right=True),
        Column(tr("AccountingModel", "Name"), attr("label")),
    ]


def recon_line_columns() -> list[Column]:
    tr = QCoreApplication.translate
    return [
        Column(tr("AccountingModel", "Spend line"), attr("spend_key")),
        Column(tr("AccountingModel", "Pay date"), attr("pay_date"), format_date),
        Column(tr("AccountingModel", "Amount"), attr("amount_cents"), format_cents, right=True),
        Column(tr("AccountingModel", "Percentages"), attr("percentage_bp"), format_percentage_bp,
               right=True),
        Column(tr("AccountingModel", "Attributed"), attr("parts_cents"), format_cents,
               right=True),
        Column(tr("AccountingModel", "Source"), source_text, tooltip=source_text),
    ]  # fmt: skip


def reconcile_period(session: Session, date_from: date, date_to: date) -> Any:
    module = engine.module(engine.RECONCILE)
    assert module is not None
    return module.reconcile(session, date_from, date_to, with_lines=False)


def settle_period(session: Session, date_from: date, date_to: date) -> Any:
    module = engine.module(engine.SETTLE)
    assert module is not None
    return module.settle(session, date_from, date_to, with_lines=True)


def partner_names(session: Session) -> dict[str, str]:
    return dict(session.execute(select(PartnerRow.code, PartnerRow.name)).all())


def source_text(line: Any) -> str:
    """A line's source file and position as the window reads it (``…, regel 288, /…``)."""
    source = line.source
    if getattr(source, "source_record_id", None) is None:
        return str(source.describe())
    return f"{source.file_name or '?'}, {dutch_position(source.location) or '?'}"
