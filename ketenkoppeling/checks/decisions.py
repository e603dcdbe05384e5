"""Decisions on findings as command objects: each can be done and undone.

A decision (take or assign, resolve, accept, reopen) names the version of every finding it
was made on. The change is written as ``UPDATE finding … WHERE id = ? AND version = ?``
(raising the version by one); when another user changed the finding meanwhile nothing is
written and :class:`DecisionConflict` says who changed it and when. Several findings are
decided in one transaction: one conflict and none is changed.

Every step, undo included, appends a finding event and an audit-log entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from ketenkoppeling.checks.review import STATUS_NL, FindingView, get_finding
from ketenkoppeling.store.database import Database
from ketenkoppeling.store.locks import short_write
from ketenkoppeling.store.tables import AuditLogRow, FindingEventRow, FindingRow

ACTION_NL = {
    "resolved": "oplossen",
    "accepted": "accepteren",
    "reopened": "heropenen",
    "assigned": "toewijzen",
    "unassigned": "toewijzing opheffen",
}


class DecisionConflict(ValueError):
    """The finding changed since the user saw it; nothing was written."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _when(at: datetime) -> str:
    return at.strftime("%d-%m-%Y %H:%M")


@dataclass(frozen=True)
class _State:
    status: str
    assignee: str | None
    assigned_at: datetime | None


def _conflict(session: Session, row: FindingRow) -> DecisionConflict:
    last = session.execute(
        select(FindingEventRow.user, FindingEventRow.at, FindingEventRow.action)
        .where(FindingEventRow.finding_id == row.id)
        .order_by(FindingEventRow.id.desc())
        .limit(1)
    ).first()
    now = f"nu {STATUS_NL.get(row.status, row.status)}"
    if row.assignee:
        now += f", toegewezen aan {row.assignee}"
    by = f" door {last.user} op {_when(last.at)}" if last is not None else ""
    return DecisionConflict(
        f"Signalering {row.id} is intussen gewijzigd{by} ({now}). Uw besluit is niet "
        "opgeslagen en er is niets overschreven; vernieuw de lijst en beslis opnieuw."
    )


def _load(session: Session, finding_id: int, seen: int) -> FindingRow:
    row = session.get(FindingRow, finding_id)
    if row is None:
        raise ValueError(f"Signalering {finding_id} bestaat niet.")
    if row.version != seen:
        raise _conflict(session, row)
    return row


def _write(
    session: Session,
    row: FindingRow,
    seen: int,
    values: dict[str, Any],
    *,
    user: str,
    now: datetime,
    event: str,
    reason: str | None,
    audit: str,
    detail: dict[str, Any],
) -> int:
    """Change one finding if it still has version ``seen``; the new version."""
    result = session.execute(
        update(FindingRow)
        .where(FindingRow.id == row.id, FindingRow.version == seen)
        .values(**values, updated_at=now, version=FindingRow.version + 1)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:  # changed between our read and our write
        session.expire(row)
        raise _conflict(session, row)
    session.expire(row)
    status = values.get("status", row.status)
    session.execute(
        insert(FindingEventRow).values(
            finding_id=row.id, at=now, user=user, action=event, status=status, reason=reason
        )
    )
    session.execute(
        insert(AuditLogRow).values(
            at=now,
            user=user,
            action=audit,
            subject=f"signalering {row.id}",
            detail={"finding": row.id, "rule": row.rule, **detail},
        )
    )
    return seen + 1


def _reason(reason: str | None, status: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise ValueError(
            f"Geef een reden op: zonder reden kan een signalering niet worden {STATUS_NL[status]}."
        )
    return text


@dataclass
class Command:
    """A decision on one or more findings (``versions``: finding id → the version seen)."""

    versions: dict[int, int]
    user: str
    before: dict[int, _State] = field(default_factory=dict, init=False)
    after: dict[int, int] = field(default_factory=dict, init=False)  # version after do()
    done: bool = field(default=False, init=False)

    @property
    def action(self) -> str:  # the finding-event action
        raise NotImplementedError

    @property
    def description(self) -> str:
        """Dutch, e.g. "3 signaleringen oplossen"."""
        n = len(self.versions)
        what = f"signalering {next(iter(self.versions))}" if n == 1 else f"{n} signaleringen"
        return f"{what} {ACTION_NL.get(self.action, self.action)}"

    def _apply(self, session: Session, row: FindingRow, seen: int, now: datetime) -> int:
        raise NotImplementedError

    def do(self, db: Database) -> list[FindingView]:
        """Make the decision on every finding, or on none (conflict or refusal)."""
        if self.done:
            raise ValueError("Dit besluit is al uitgevoerd.")
        before: dict[int, _State] = {}
        after: dict[int, int] = {}

        def work() -> list[FindingView | None]:
            now = _now()
            with db.session() as session:
                for finding_id, seen in self.versions.items():
                    row = _load(session, finding_id, seen)
                    before[finding_id] = _State(row.status, row.assignee, row.assigned_at)
                    after[finding_id] = self._apply(session, row, seen, now)
                return [get_finding(session, i) for i in self.versions]

        views = short_write(db, work, user=self.user, task=self.description)
        self.before, self.after, self.done = before, after, True
        return [v for v in views if v is not None]

    def undo(self, db: Database) -> list[FindingView]:
        """Put every finding back as it was before :meth:`do`; refused (nothing written)
        when one of them was changed since."""
        if not self.done:
            raise ValueError("Dit besluit is niet uitgevoerd; er is niets ongedaan te maken.")
        task = f"{self.description} ongedaan maken"
        views = short_write(db, lambda: self._undo(db), user=self.user, task=task)
        self.done = False
        return [v for v in views if v is not None]

    def _undo(self, db: Database) -> list[FindingView | None]:
        now = _now()
        with db.session() as session:
            for finding_id, seen in self.after.items():
                row = _load(session, finding_id, seen)
                old = self.before[finding_id]
                _write(
                    session,
                    row,
                    seen,
                    {"status": old.status, "assignee": old.assignee,
                     "assigned_at": old.assigned_at},
                    user=self.user,
                    now=now,
                    event="undone",
                    reason=f"ongedaan gemaakt: {self.description}",
                    audit="finding.undo",
                    detail={"undone": self.action, "status": old.status},
                )  # fmt: skip
            return [get_finding(session, i) for i in self.after]


class Decide(Command):
    """Resolve (``status="resolved"``) or accept (``"accepted"``) open findings with one reason."""

    def __init__(self, versions: dict[int, int], status: str, reason: str, user: str) -> None:
        if status not in ("resolved", "accepted"):
            raise ValueError(f"onbekend besluit '{status}'")
        super().__init__(dict(versions), user)
        self.status = status
        self.reason = _reason(reason, status)

    @property
    def action(self) -> str:
        return self.status

    def _apply(self, session: Session, row: FindingRow, seen: int, now: datetime) -> int:
        if row.status != "open":
            raise ValueError(
                f"Signalering {row.id} is {STATUS_NL.get(row.status, row.status)}; alleen "
                f"een open signalering kan worden {STATUS_NL[self.status]}."
            )
        verb = "resolve" if self.status == "resolved" else "accept"
        return _write(
            session,
            row,
            seen,
            {"status": self.status},
            user=self.user,
            now=now,
            event=self.status,
            reason=self.reason,
            audit=f"finding.{verb}",
            detail={"reason": self.reason},
        )


class Reopen(Command):
    """Open a resolved or accepted finding again, with a reason."""

    def __init__(self, versions: dict[int, int], reason: str, user: str) -> None:
        super().__init__(dict(versions), user)
        text = (reason or "").strip()
        if not text:
            raise ValueError(
                "Geef een reden op: zonder reden kan een signalering niet worden heropend."
            )
        self.reason = text

    @property
    def action(self) -> str:
        return "reopened"

    def _apply(self, session: Session, row: FindingRow, seen: int, now: datetime) -> int:
        if row.status not in ("resolved", "accepted"):
            raise ValueError(
                f"Signalering {row.id} is {STATUS_NL.get(row.status, row.status)}; alleen een "
                "opgeloste of geaccepteerde signalering kan worden heropend."
            )
        return _write(
            session,
            row,
            seen,
            {"status": "open"},
            user=self.user,
            now=now,
            event="reopened",
            reason=self.reason,
            audit="finding.reopen",
            detail={"reason": self.reason, "was": row.status},
        )


class Assign(Command):
    """Give findings to ``assignee`` (the user themself: taking them); None: to nobody."""

    def __init__(self, versions: dict[int, int], assignee: str | None, user: str) -> None:
        super().__init__(dict(versions), user)
        self.assignee: str | None = (assignee or "").strip() or None

    @property
    def action(self) -> str:
        return "assigned" if self.assignee else "unassigned"

    def _apply(self, session: Session, row: FindingRow, seen: int, now: datetime) -> int:
        if self.assignee:
            reason = (
                "in behandeling genomen"
                if self.assignee == self.user
                else f"toegewezen aan {self.assignee}"
            )
        else:
            reason = f"toewijzing aan {row.assignee or 'niemand'} opgeheven"
        return _write(
            session,
            row,
            seen,
            {"assignee": self.assignee, "assigned_at": now if self.assignee else None},
            user=self.user,
            now=now,
            event=self.action,
            reason=reason,
            audit="finding.assign",
            detail={"assignee": self.assignee, "was": row.assignee},
        )


class DecisionHistory:
    """The decisions made in this session, newest last: what Ctrl+Z undoes."""

    def __init__(self, limit: int = 50) -> None:
        self._done: list[Command] = []
        self._limit = limit

    def push(self, command: Command) -> None:
        if command.done:
            self._done.append(command)
            del self._done[: -self._limit]

    def last(self) -> Command | None:
        return self._done[-1] if self._done else None

    def can_undo(self) -> bool:
        return bool(self._done)

    def forget(self, command: Command) -> None:
        if command in self._done:
            self._done.remove(command)

    def do(self, command: Command, db: Database) -> list[FindingView]:
        views = command.do(db)
        self.push(command)
        return views

    def undo(self, db: Database) -> list[FindingView]:
        """Undo the last decision. A conflict drops it: it can never be undone any more."""
        command = self.last()
        if command is None:
            raise ValueError("Er is geen besluit om ongedaan te maken.")
        try:
            views = command.undo(db)
        except DecisionConflict:
            self.forget(command)
            raise
        self.forget(command)
        return views
