"""Reviewing findings: list them, resolve or accept one with a reason, and find the open
findings that touch given spend lines or budgets (the reservations of a ledger).

Every step appends a finding event and an audit-log entry; nothing is rewritten.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, insert, select
from sqlalchemy.orm import Session

from ketenkoppeling.checks.base import budget_record, spend_record
from ketenkoppeling.store.database import Database, current_user
from ketenkoppeling.store.tables import AuditLogRow, FindingEventRow, FindingRow

STATUSES = ("open", "resolved", "accepted", "closed")
STATUS_FILTERS = (*STATUSES, "all")
STATUS_NL = {
    "open": "open",
    "resolved": "opgelost",
    "accepted": "geaccepteerd",
    "closed": "gesloten",
}


@dataclass(frozen=True)
class FindingView:
    """A stored finding as the interface and the command line show it."""

    id: int
    rule: str
    severity: str
    status: str
    records: list[str]
    message: str
    suggestion: str | None
    details: dict[str, Any] | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class FindingEvent:
    """One step in a finding's history."""

    at: datetime
    user: str
    action: str  # opened | updated | closed | reopened | resolved | accepted
    status: str
    reason: str | None


_VIEW_COLUMNS = (
    FindingRow.id,
    FindingRow.rule,
    FindingRow.severity,
    FindingRow.status,
    FindingRow.records,
    FindingRow.message,
    FindingRow.suggestion,
    FindingRow.details,
    FindingRow.created_at,
    FindingRow.updated_at,
)


def _views(session: Session, stmt: Select[Any]) -> list[FindingView]:
    return [FindingView(**row._mapping) for row in session.connection().execute(stmt)]


def finding_json(view: FindingView) -> dict[str, Any]:
    """The shape of spec/cli.md (``check --json`` / ``findings --json``), plus ``details``."""
    return {
        "id": view.id,
        "rule": view.rule,
        "severity": view.severity,
        "status": view.status,
        "records": list(view.records),
        "message": view.message,
        "suggestion": view.suggestion,
        "details": view.details,
    }


def list_findings(session: Session, status: str = "open") -> list[FindingView]:
    """Findings with ``status`` (open, resolved, accepted, closed, or all), by id."""
    if status not in STATUS_FILTERS:
        raise ValueError(f"onbekende status '{status}': kies uit {', '.join(STATUS_FILTERS)}")
    stmt = select(*_VIEW_COLUMNS).order_by(FindingRow.id)
    if status != "all":
        stmt = stmt.where(FindingRow.status == status)
    return _views(session, stmt)


def get_finding(session: Session, finding_id: int) -> FindingView | None:
    found = _views(session, select(*_VIEW_COLUMNS).where(FindingRow.id == finding_id))
    return found[0] if found else None


def finding_history(session: Session, finding_id: int) -> list[FindingEvent]:
    stmt = (
        select(FindingEventRow)
        .where(FindingEventRow.finding_id == finding_id)
        .order_by(FindingEventRow.id)
    )
    return [FindingEvent(e.at, e.user, e.action, e.status, e.reason) for e in session.scalars(stmt)]


def resolve(db: Database, finding_id: int, reason: str, user: str | None = None) -> FindingView:
    """Mark an open finding resolved: the correction has been made (``reason`` says which)."""
    return _decide(db, finding_id, reason, user, status="resolved", action="finding.resolve")


def accept(db: Database, finding_id: int, reason: str, user: str | None = None) -> FindingView:
    """Accept an open finding as it is, for ``reason``."""
    return _decide(db, finding_id, reason, user, status="accepted", action="finding.accept")


def _decide(
    db: Database, finding_id: int, reason: str, user: str | None, *, status: str, action: str
) -> FindingView:
    text = (reason or "").strip()
    if not text:
        raise ValueError(
            f"Geef een reden op: zonder reden kan een signalering niet worden {STATUS_NL[status]}."
        )
    who = user or current_user()
    now = datetime.now(UTC).replace(tzinfo=None)
    with db.session() as session:
        row = session.get(FindingRow, finding_id, with_for_update=True)
        if row is None:
            raise ValueError(f"Signalering {finding_id} bestaat niet.")
        if row.status != "open":
            raise ValueError(
                f"Signalering {finding_id} is {STATUS_NL.get(row.status, row.status)}; alleen "
                f"een open signalering kan worden {STATUS_NL[status]}."
            )
        row.status = status
        row.updated_at = now
        session.execute(
            insert(FindingEventRow).values(
                finding_id=finding_id,
                at=now,
                user=who,
                action=status,
                status=status,
                reason=text,
            )
        )
        session.execute(
            insert(AuditLogRow).values(
                at=now,
                user=who,
                action=action,
                subject=f"signalering {finding_id}",
                detail={"finding": finding_id, "rule": row.rule, "reason": text},
            )
        )
        session.flush()
        view = get_finding(session, finding_id)
        assert view is not None
        return view


def findings_touching(
    session: Session, spend_keys: Iterable[str] | None, budgets: Iterable[str] | None
) -> list[int]:
    """Ids of the open findings whose records include one of the spend lines (keys
    ``<partner>/<invoice>/<reference>``, with or without the ``spend `` prefix) or budgets."""
    wanted: set[str] = set()
    for key in spend_keys or ():
        wanted.add(key if key.startswith("spend ") else spend_record(key))
    for code in budgets or ():
        wanted.add(code if code.startswith("budget ") else budget_record(code))
    if not wanted:
        return []
    stmt = (
        select(FindingRow.id, FindingRow.records)
        .where(FindingRow.status == "open", FindingRow.rule.like("B%"))
        .order_by(FindingRow.id)
    )
    return [
        finding_id
        for finding_id, records in session.execute(stmt)
        if not wanted.isdisjoint(records)
    ]
