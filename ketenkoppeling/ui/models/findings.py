"""Findings: the queue as the page loads it (its rows, colleagues, saved views) and its columns.

The page holds the queue as plain tuples (:func:`ketenkoppeling.checks.queue.load_queue_rows`;
see :mod:`ketenkoppeling.ui.models.findings_queue`): the columns read those tuples."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle
from sqlalchemy import select
from sqlalchemy.orm import Session

from ketenkoppeling.checks.queue import (
    FIELD,
    QueueItem,
    QueueRow,
    SavedView,
    check_has_run,
    colleagues,
    list_views,
    load_queue,
    load_queue_rows,
    paced,
    texts_of,
)
from ketenkoppeling.store.tables import FindingEventRow
from ketenkoppeling.ui.formatting import format_date, mask_numbers
from ketenkoppeling.ui.models.findings_queue import row_getter
from ketenkoppeling.ui.models.records import RecordView, lookup_all, record_label
from ketenkoppeling.ui.models.table import Column, attr

STATUSES = ("open", "resolved", "accepted", "closed", "all")
SEVERITIES = ("error", "warning")
RULES = ("D1", "D2", "B1", "B2", "B3", "B4", "B5", "B6", "B7")

FindingItem = QueueItem  # a finding as the queue shows it
PARTNERS, RECORDS = FIELD["partners"], FIELD["records"]


@dataclass
class FindingDetail:
    finding_id: int
    records: list[RecordView] = field(default_factory=list)
    events: list[Any] = field(default_factory=list)


@dataclass
class QueueState:
    """Everything the queue shows, read in one go in the worker."""

    items: list[QueueRow]  # every finding, as a row of ROW_FIELDS
    checked: bool  # a check ran at least once
    colleagues: list[str]
    views: list[SavedView]
    partners: list[str] = field(default_factory=list)  # those the findings concern


def load_findings(session: Session, status: str) -> list[FindingItem]:
    """Findings with ``status`` ('all' for every one)."""
    items = load_queue(session)
    return items if status == "all" else [i for i in items if i.status == status]


def load_state(session: Session, user: str) -> QueueState:
    rows = load_queue_rows(session)
    sets = {row[PARTNERS] for row in paced(rows)}  # a few texts, each of many findings
    partners = sorted({partner for text in sets for partner in texts_of(text)})
    return QueueState(
        items=rows,
        checked=check_has_run(session),
        colleagues=colleagues(session, include=[user]),
        views=list_views(session, user),
        partners=partners,
    )


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
    return FindingDetail(finding.id, lookup_all(session, list(finding.records)), events)


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
        "updated": tr("FindingModel", "updated"),
        "assigned": tr("FindingModel", "assigned"),
        "unassigned": tr("FindingModel", "assignment removed"),
        "undone": tr("FindingModel", "undone"),
    }
    return texts.get(action, action)


def age_text(days: int) -> str:
    tr = QCoreApplication.translate
    return tr("FindingModel", "today") if days == 0 else tr("FindingModel", "%n day(s)", "", days)


_ICONS: dict[tuple[int, bool], QIcon] = {}  # (the style, an error): made once, not per cell


def severity_icon(row: QueueRow) -> QIcon | None:
    style = QApplication.style()
    if style is None:
        return None
    error = row[FIELD["severity"]] == "error"
    icon = _ICONS.get((id(style), error))
    if icon is None:
        pixmap = (
            QStyle.StandardPixmap.SP_MessageBoxCritical
            if error
            else QStyle.StandardPixmap.SP_MessageBoxWarning
        )
        icon = _ICONS[(id(style), error)] = style.standardIcon(pixmap)
    return icon


def records_text(records: list[str]) -> str:
    return mask_numbers(", ".join(record_label(r) for r in records))


def finding_columns() -> list[Column]:
    """The queue's columns, over queue rows (tuples of ROW_FIELDS)."""
    tr = QCoreApplication.translate
    rule, created = row_getter("rule"), row_getter("created_at")
    message = row_getter("message")

    def records(row: QueueRow) -> tuple[str, ...]:
        return texts_of(row[RECORDS])

    names = {code: rule_name(code) for code in RULES}  # translated once, not once a row

    def kind(row: QueueRow) -> str:
        code = rule(row)
        return names.get(code) or rule_name(code)

    return [
        Column(tr("FindingModel", "No."), row_getter("id"), right=True),
        Column(tr("FindingModel", "Rule"), rule, tooltip=kind),
        Column(tr("FindingModel", "Kind"), kind),
        Column(tr("FindingModel", "Severity"), row_getter("severity"), severity_text,
               icon=severity_icon),
        Column(tr("FindingModel", "Status"), row_getter("status"), status_text),
        Column(tr("FindingModel", "Assigned to"), row_getter("assignee"), lambda a: a or ""),
        Column(tr("FindingModel", "Age"), row_getter("age_days"), age_text, right=True,
               tooltip=lambda f: format_date(created(f))),
        Column(tr("FindingModel", "Records"), records, records_text,
               tooltip=lambda f: "\n".join(mask_numbers(record_label(r)) for r in records(f))),
        Column(tr("FindingModel", "Explanation"), message, mask_numbers,
               tooltip=lambda f: mask_numbers(message(f))),
    ]  # fmt: skip


def event_columns() -> list[Column]:
    tr = QCoreApplication.translate
    return [
        Column(tr("FindingModel", "When"), attr("at"), format_date),
        Column(tr("FindingModel", "Who"), attr("user")),
        Column(tr("FindingModel", "What"), attr("action"), action_text),
        Column(tr("FindingModel", "Reason"), attr("reason"), lambda r: mask_numbers(r or "")),
    ]
