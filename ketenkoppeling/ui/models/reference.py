"""Reference data (partners, budgets, regimes, instruments, providers): loading and columns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication
from sqlalchemy import select
from sqlalchemy.orm import Session

from ketenkoppeling.store.tables import (
    BudgetRow,
    InstrumentRow,
    PartnerRow,
    ProviderRow,
    RegimeRow,
)
from ketenkoppeling.ui.formatting import format_cents, format_date
from ketenkoppeling.ui.models.table import Column, attr


@dataclass
class ReferenceData:
    partners: list[Any] = field(default_factory=list)
    budgets: list[Any] = field(default_factory=list)
    regimes: list[Any] = field(default_factory=list)
    instruments: list[Any] = field(default_factory=list)
    providers: list[Any] = field(default_factory=list)


def load_reference(session: Session) -> ReferenceData:
    """Everything as plain rows (named tuples), ready to hand to the GUI thread."""

    def rows(table: Any, order: Any) -> list[Any]:
        columns = [c for c in table.__table__.columns]
        return list(session.execute(select(*columns).order_by(order)).all())

    return ReferenceData(
        partners=rows(PartnerRow, PartnerRow.code),
        budgets=rows(BudgetRow, BudgetRow.code),
        regimes=rows(RegimeRow, RegimeRow.code),
        instruments=rows(InstrumentRow, InstrumentRow.code),
        providers=rows(ProviderRow, ProviderRow.code),
    )


def partner_kind_text(kind: str | None) -> str:
    texts = {
        "uwv": QCoreApplication.translate("ReferenceModel", "UWV"),
        "cwi": QCoreApplication.translate("ReferenceModel", "CWI"),
        "werkbedrijf": QCoreApplication.translate("ReferenceModel", "WERKbedrijf"),
        "gemeente": QCoreApplication.translate("ReferenceModel", "Municipality"),
        "intergemeentelijk": QCoreApplication.translate(
            "ReferenceModel", "Intermunicipal department"
        ),
    }
    return texts.get((kind or "").lower(), kind or "")


def executor_text(kind: str | None) -> str:
    if not kind or kind == "-":
        return "–"
    return partner_kind_text(kind)


def code_list(value: str | None) -> str:
    """``WW,WIA`` as ``WW, WIA``."""
    return ", ".join(part.strip() for part in (value or "").split(",") if part.strip())


def instruments_text(value: str | None) -> str:
    text = code_list(value)
    return text or QCoreApplication.translate("ReferenceModel", "all")


def partner_columns() -> list[Column]:
    tr = QCoreApplication.translate
    return [
        Column(tr("ReferenceModel", "Code"), attr("code")),
        Column(tr("ReferenceModel", "Name"), attr("name")),
        Column(tr("ReferenceModel", "Kind"), attr("kind"), partner_kind_text),
        Column(tr("ReferenceModel", "Valid from"), attr("valid_from"), format_date),
        Column(tr("ReferenceModel", "Valid until"), attr("valid_to"), format_date),
    ]


def budget_columns() -> list[Column]:
    tr = QCoreApplication.translate
    return [
        Column(tr("ReferenceModel", "Code"), attr("code")),
        Column(tr("ReferenceModel", "Description"), attr("label")),
        Column(tr("ReferenceModel", "Owner"), attr("owner")),
        Column(tr("ReferenceModel", "Year"), attr("year"), right=True),
        Column(tr("ReferenceModel", "Amount"), attr("amount_cents"), format_cents, right=True),
        Column(tr("ReferenceModel", "Regimes"), attr("regimes"), code_list),
        Column(tr("ReferenceModel", "Instruments"), attr("instruments"), instruments_text),
    ]


def regime_columns() -> list[Column]:
    tr = QCoreApplication.translate
    return [
        Column(tr("ReferenceModel", "Code"), attr("code")),
        Column(tr("ReferenceModel", "Description"), attr("description")),
        Column(tr("ReferenceModel", "Executed by"), attr("executor_kind"), executor_text),
    ]


def instrument_columns() -> list[Column]:
    tr = QCoreApplication.translate
    return [
        Column(tr("ReferenceModel", "Code"), attr("code")),
        Column(tr("ReferenceModel", "Description"), attr("description")),
    ]


def provider_columns() -> list[Column]:
    tr = QCoreApplication.translate
    return [
        Column(tr("ReferenceModel", "Code"), attr("code")),
        Column(tr("ReferenceModel", "Name"), attr("name")),
    ]
