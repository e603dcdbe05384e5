"""Findings: loading (through the checks service, or straight from the store while that
service is not there) and their columns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle
from sqlalchemy import select
from sqlalchemy.orm import Session

from ketenkoppeling.store.tables import FindingEventRow, FindingRow
from ketenkoppeling.ui import engine
from ketenkoppeling.ui.formatting import format_date, mask_numbers
from ketenkoppeling.ui.models.records import RecordView, lookup_all, record_label
from ketenkoppeling.ui.models.table import Column, attr

STATUSES = ("open", "resolved", "accepted", "closed", "all")


@dataclass
class FindingItem:
    id: int
    rule: str
    severity: str
    status: str
    records: list[str]
    message: str
    suggestion: str | None


@dataclass
class FindingDetail:
    finding_id: int
    records: list[RecordView] = field(default_factory=list)
    events: list[Any] = field(default_factory=list)


def _item(view: Any) -> FindingItem:
    return FindingItem(
        id=int(view.id),
        rule=str(view.rule),
        severity=str(view.severity),
        status=str(view.status),
        records=list(view.records or []),
        message=str(view.message or ""),
        suggestion=view.suggestion,
    )


def load_findings(session: Session, status: str) -> list[FindingItem]:
    """Findings with ``status`` ('all' for every one), by the review service when present."""
    list_findings = engine.function(engine.CHECKS_REVIEW, "list_findings")
    if list_findings is not None:
        return [_item(v) for v in list_findings(session, status)]
    query = select(FindingRow).order_by(FindingRow.id)
    if status != "all":
        query = query.where(FindingRow.status == status)
    return [_item(row) for row in session.scalars(query)]


def load_detail(session: Session, finding: FindingItem) -> FindingDetail:
    events = list(
        session.execute(
            select(
                FindingEventRow.at,
                FindingEventRow.user,
                FindingEventRow.action,
                FindingEventRow.status,
                FindingEventRow.reason,
            )
            .where(FindingEventRow.finding_id == finding.id)
            .order_by(FindingEventRow.at, FindingEventRow.id)
        ).all()
    )
    return FindingDetail(finding.id, lookup_all(session, finding.records), events)


def rule_name(rule: str) -> str:
    tr = QCoreApplication.translate
    names = {
        "D1": tr("FindingModel", "Deployment registered more than once"),
        "D2": tr("FindingModel", "Possible identity error"),
        "B1": tr("FindingModel", "Attribution does not add up"),
        "B2": tr("FindingModel", "Double declaration"),
        "B3": tr("FindingModel", "Budget of a partner not responsible"),
        "B4": tr("FindingModel", "Budget not allowed for regime or instrument"),
        "B5": tr("FindingModel", "Outside the budget year"),
        "B6": tr("FindingModel", "Budget overrun"),
        "B7": tr("FindingModel", "Unlinked spend"),
    }
    return names.get(rule, rule)


def severity_text(severity: str) -> str:
    tr = QCoreApplication.translate
    texts = {"error": tr("FindingModel", "Error"), "warning": tr("FindingModel", "Warning")}
    return texts.get(severity, severity)


def status_text(status: str) -> str:
    tr = QCoreApplication.translate
    texts = {
        "open": tr("FindingModel", "Open"),
        "resolved": tr("FindingModel", "Resolved"),
        "accepted": tr("FindingModel", "Accepted"),
        "closed": tr("FindingModel", "Closed"),
        "all": tr("FindingModel", "All"),
    }
    return texts.get(status, status)


def action_text(action: str) -> str:
    tr = QCoreApplication.translate
    texts = {
        "opened": tr("FindingModel", "opened"),
        "closed": tr("FindingModel", "closed (cause gone)"),
        "reopened": tr("FindingModel", "reopened"),
        "resolved": tr("FindingModel", "resolved"),
        "accepted": tr("FindingModel", "accepted"),
    }
    return texts.get(action, action)


def severity_icon(finding: FindingItem) -> QIcon | None:
    style = QApplication.style()
    if style is None:
        return None
    pixmap = (
        QStyle.StandardPixmap.SP_MessageBoxCritical
        if finding.severity == "error"
        else QStyle.StandardPixmap.SP_MessageBoxWarning
    )
    return style.standardIcon(pixmap)


def records_text(records: list[str]) -> str:
    return mask_numbers(", ".join(record_label(r) for r in records))


def finding_columns() -> list[Column]:
    tr = QCoreApplication.translate
    return [
        Column(tr("FindingModel", "No."), attr("id"), right=True),
        Column(tr("FindingModel", "Rule"), attr("rule"), tooltip=lambda f: rule_name(f.rule)),
        Column(tr("FindingModel", "Kind"), lambda f: rule_name(f.rule)),
        Column(tr("FindingModel", "Severity"), attr("severity"), severity_text,
               icon=severity_icon),
        Column(tr("FindingModel", "Status"), attr("status"), status_text),
        Column(tr("FindingModel", "Records"), attr("records"), records_text,
               tooltip=lambda f: "\n".join(mask_numbers(record_label(r)) for r in f.records)),
        Column(tr("FindingModel", "Explanation"), attr("message"), mask_numbers,
               tooltip=lambda f: mask_numbers(f.message)),
    ]  # fmt: skip


def event_columns() -> list[Column]:
    tr = QCoreApplication.translate
    return [
        Column(tr("FindingModel", "When"), attr("at"), format_date),
        Column(tr("FindingModel", "Who"), attr("user")),
        Column(tr("FindingModel", "What"), attr("action"), action_text),
        Column(tr("FindingModel", "Reason"), attr("reason"), lambda r: mask_numbers(r or "")),
    ]
