"""Reviewing findings: list them, resolve or accept one with a reason, and find the open
findings that touch given spend lines or budgets (the reservations of a ledger).

Every step appends a finding event and an audit-log entry; nothing is rewritten.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from ketenkoppeling.checks.base import budget_record, spend_record
from ketenkoppeling.store.database import Database, current_user
from ketenkoppeling.store.tables import FindingEventRow, FindingRow

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
    assignee: str | None = None  # who works on it
    assigned_at: datetime | None = None
    version: int = 1  # raised by every change (optimistic locking)


@dataclass(frozen=True)
class FindingEvent:
    """One step in a finding's history."""

    at: datetime
    user: str
    action: str  # opened | updated | closed | reopened | resolved | accepted | assigned | ...
    status: str
    reason: str | None


#: the columns a finding is read with (the fields of :class:`FindingView`, in order)
VIEW_COLUMNS = (
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
    FindingRow.assignee,
    FindingRow.assigned_at,
    FindingRow.version,
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
    stmt = select(*VIEW_COLUMNS).order_by(FindingRow.id)
    if status != "all":
        stmt = stmt.where(FindingRow.status == status)
    return _views(session, stmt)


def get_finding(session: Session, finding_id: int) -> FindingView | None:
    found = _views(session, select(*VIEW_COLUMNS).where(FindingRow.id == finding_id))
    return found[0] if found else None


def finding_history(session: Session, finding_id: int) -> list[FindingEvent]:
    stmt = (
        select(FindingEventRow)
        .where(FindingEventRow.finding_id == finding_id)
        .order_by(FindingEventRow.id)
    )
    return [FindingEvent(e.at, e.user, e.action, e.status, e.reason) for e in session.scalars(stmt)]


def resolve(
    db: Database, finding_id: int, reason: str, user: str | None = None, version: int | None = None
) -> FindingView:
    """Mark an open finding resolved: the correction has been made (``reason`` says which).

    ``version``: the version the user saw; a finding changed since is refused
    (:class:`ketenkoppeling.checks.decisions.DecisionConflict`)."""
    return _decide(db, finding_id, reason, user, version, status="resolved")


def accept(
    db: Database, finding_id: int, reason: str, user: str | None = None, version: int | None = None
) -> FindingView:
    """Accept an open finding as it is, for ``reason``."""
    return _decide(db, finding_id, reason, user, version, status="accepted")


def _decide(
    db: Database,
    finding_id: int,
    reason: str,
    user: str | None,
    version: int | None,
    *,
    status: str,
) -> FindingView:
    from ketenkoppeling.checks.decisions import Decide

    with db.session() as session:
        seen = version
        if seen is None:
            row = session.get(FindingRow, finding_id)
            if row is None:
                raise ValueError(f"Signalering {finding_id} bestaat niet.")
            seen = row.version
    command = Decide({finding_id: seen}, status, reason, user or current_user())
    return command.do(db)[0]


@runtime_checkable
class SpendKeys(Protocol):
    """The spend lines of something large (a ledger over a region), asked about a few keys
    at a time instead of being listed whole."""

    def among(self, keys: set[str]) -> set[str]:
        """Those of ``keys`` (``<partner>/<invoice>/<reference>``) that belong to it."""
        ...


def findings_touching(
    session: Session,
    spend_keys: Iterable[str] | SpendKeys | None,
    budgets: Iterable[str] | None,
) -> list[int]:
    """Ids of the open findings whose records include one of the spend lines (keys
    ``<partner>/<invoice>/<reference>``, with or without the ``spend `` prefix) or budgets.
    ``spend_keys`` may also be a :class:`SpendKeys`: then only the spend lines the open
    findings name are looked up in it."""
    stmt = (
        select(FindingRow.id, FindingRow.records)
        .where(FindingRow.status == "open", FindingRow.rule.like("B%"))
        .order_by(FindingRow.id)
    )
    budget_records = {
        code if code.startswith("budget ") else budget_record(code) for code in budgets or ()
    }
    if isinstance(spend_keys, SpendKeys):
        # one pass over the open findings: the spend lines they name (a few hundred thousand
        # in a region) are looked up in the ledger's (millions), never listed whole
        naming: dict[str, list[int]] = {}
        touching: set[int] = set()
        for finding_id, records in session.execute(stmt.execution_options(yield_per=5000)):
            for record in records:
                if record.startswith("spend "):
                    naming.setdefault(record[len("spend ") :], []).append(finding_id)
                elif record in budget_records:
                    touching.add(finding_id)
        for key in spend_keys.among(set(naming)):
            touching.update(naming[key])
        return sorted(touching)
    wanted = set(budget_records)
    for key in spend_keys or ():
        wanted.add(key if key.startswith("spend ") else spend_record(key))
    if not wanted:
        return []
    return [
        finding_id
        for finding_id, records in session.execute(stmt.execution_options(yield_per=5000))
        if not wanted.isdisjoint(records)
    ]
