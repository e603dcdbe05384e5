"""The findings work queue: every finding with its owner, age and partners; filters over
rule, severity, status, partner and assignee; named views saved per user; the colleagues a
finding can be given to; and whether a check has ever run.

Decisions on findings (take, assign, resolve, accept, reopen, undo) are in
:mod:`ketenkoppeling.checks.decisions`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from sqlalchemy import Text, cast, delete, select
from sqlalchemy.orm import Session

from ketenkoppeling.checks.review import VIEW_COLUMNS, FindingView, list_findings
from ketenkoppeling.store.database import Database
from ketenkoppeling.store.tables import AuditLogRow, FindingEventRow, FindingRow, FindingViewRow

T = TypeVar("T")
NOBODY = ""  # in an assignee filter: findings nobody works on
# seconds a loop keeps Python's lock before it lets other threads run: the window asks for the
# lock for every call Qt makes into Python while it repaints, and waits for it each time
# (bench_ui_tables: 0.5 ms gave sorts of the findings queue 90-110 ms stalls, 0.2 ms 30-60 ms)
PACE = 0.0002
FILTER_KEYS = ("rules", "severities", "statuses", "partners", "assignees")


@dataclass(frozen=True)
class QueueFilter:
    """What the queue shows; an empty tuple lets everything through."""

    rules: tuple[str, ...] = ()
    severities: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ("open",)
    partners: tuple[str, ...] = ()
    assignees: tuple[str, ...] = ()  # NOBODY: unassigned

    def matches(self, item: QueueItem) -> bool:
        return (
            (not self.rules or item.rule in self.rules)
            and (not self.severities or item.severity in self.severities)
            and (not self.statuses or item.status in self.statuses)
            and (not self.partners or not self.partners_set.isdisjoint(item.partners))
            and (not self.assignees or (item.assignee or NOBODY) in self.assignees)
        )

    @property
    def partners_set(self) -> frozenset[str]:
        return frozenset(self.partners)

    def to_json(self) -> dict[str, list[str]]:
        return {key: list(getattr(self, key)) for key in FILTER_KEYS}

    @classmethod
    def from_json(cls, data: Any) -> QueueFilter:
        """From a saved view; unknown keys are ignored, a missing key lets everything in."""
        if not isinstance(data, dict):
            return cls(statuses=())
        values: dict[str, tuple[str, ...]] = {}
        for key in FILTER_KEYS:
            raw = data.get(key, [])
            if isinstance(raw, str):
                raw = [raw]
            values[key] = tuple(str(v) for v in raw or [] if v is not None)
        return cls(**values)


@dataclass(frozen=True)
class QueueItem:
    """A finding as the queue shows it."""

    id: int
    rule: str
    severity: str
    status: str
    records: tuple[str, ...]
    message: str
    suggestion: str | None
    details: dict[str, Any] | None
    created_at: datetime
    updated_at: datetime
    assignee: str | None
    assigned_at: datetime | None
    version: int
    partners: tuple[str, ...]
    age_days: int  # days since the finding was first found


@dataclass(frozen=True)
class SavedView:
    name: str
    filter: QueueFilter
    created_at: datetime


@dataclass(frozen=True)
class QueueEvent:
    """A line of the audit trail of the queue."""

    finding_id: int
    at: datetime
    user: str
    action: str
    status: str
    reason: str | None


def finding_partners(
    records: Iterable[str], details: dict[str, Any] | None = None
) -> tuple[str, ...]:
    """The partners a finding concerns: of its deployments and spend lines
    (``deployment UWV/…``, ``spend GEM/…``) and a ``partner`` in its details."""
    found: list[str] = []
    for record in records:
        kind, _, key = record.partition(" ")
        if kind in ("deployment", "spend") and "/" in key:
            found.append(key.split("/", 1)[0])
    for name in ("partner", "partners"):
        value = (details or {}).get(name)
        for partner in [value] if isinstance(value, str) else value or []:
            if isinstance(partner, str):
                found.append(partner)
    return tuple(sorted(set(found)))


def age_in_days(created_at: datetime, today: date | None = None) -> int:
    today = today or datetime.now(UTC).date()
    return max(0, (today - created_at.date()).days)


def queue_item(view: FindingView, today: date | None = None) -> QueueItem:
    return QueueItem(
        id=view.id,
        rule=view.rule,
        severity=view.severity,
        status=view.status,
        records=tuple(view.records or ()),
        message=view.message,
        suggestion=view.suggestion,
        details=view.details,
        created_at=view.created_at,
        updated_at=view.updated_at,
        assignee=view.assignee,
        assigned_at=view.assigned_at,
        version=view.version,
        partners=finding_partners(view.records or (), view.details),
        age_days=age_in_days(view.created_at, today),
    )


def load_queue(session: Session, *, today: date | None = None) -> list[QueueItem]:
    """Every finding, whatever its status, by id."""
    return [queue_item(v, today) for v in list_findings(session, "all")]


def filter_queue(items: Sequence[QueueItem], queue_filter: QueueFilter) -> list[QueueItem]:
    return [item for item in items if queue_filter.matches(item)]


# --- the queue as plain tuples ------------------------------------------------------------------
#
# A window over a region holds hundreds of thousands of findings. As objects with attributes
# each one is scanned by every full pass of Python's cycle collector (a single call that holds
# the interpreter lock, so the window stalls for it); a tuple of plain values (numbers, texts,
# moments) is left out of those passes from the first young pass that sees it, so a full pass
# costs the same whatever the length of the queue, and loading the queue does not bring one
# about. (A tuple inside the tuple could keep it in for a pass or two: the records and the
# partners are kept as JSON texts.) The window keeps its queue in this form and makes a
# :class:`QueueItem` only of a row it shows or works on.


class Overtaken(Exception):
    """Work that is no longer wanted (a newer request replaced it)."""


def paced(
    items: Iterable[T], *, every: float = PACE, stop: Callable[[], bool] | None = None
) -> Iterator[T]:
    """``items``, letting other threads run about every ``every`` seconds; when ``stop()``
    says so at such a moment, :class:`Overtaken` is raised.

    A thread that loops over a long queue in Python keeps the interpreter lock; another
    thread that asks for it waits up to the switch interval (5 ms) every time, and the window
    asks for it very often: for every virtual method Qt calls on an object of a Python class
    (each cell it paints, each event). Sleeping for no time hands the lock over at once."""
    clock = time.perf_counter
    last = clock()
    for count, item in enumerate(items, 1):
        if not count & 15 and clock() - last >= every:
            time.sleep(0)
            if stop is not None and stop():
                raise Overtaken
            last = clock()
        yield item


#: The fields of a row, in order: those of :class:`QueueItem` without ``details``; the
#: records and the partners as JSON texts (lists of texts; :func:`texts_of` reads them).
ROW_FIELDS = (
    "id", "rule", "severity", "status", "records", "message", "suggestion", "created_at",
    "updated_at", "assignee", "assigned_at", "version", "partners", "age_days",
)  # fmt: skip
FIELD = {name: position for position, name in enumerate(ROW_FIELDS)}
QueueRow = tuple[Any, ...]  # ROW_FIELDS in order


def load_queue_rows(session: Session, *, today: date | None = None) -> list[QueueRow]:
    """Every finding, whatever its status, by id, as a row of :data:`ROW_FIELDS`."""
    today = today or datetime.now(UTC).date()
    # a finding's columns, its records as their JSON text (kept so in the row)
    columns = (cast(c, Text) if c is FindingRow.records else c for c in VIEW_COLUMNS)
    stmt = select(*columns).order_by(FindingRow.id)
    rows: list[QueueRow] = []
    partner_texts: dict[tuple[str, ...], str] = {}  # a few sets of partners, many findings
    for found in paced(session.connection().execute(stmt)):
        (id_, rule, severity, status, records, message, suggestion, details, created_at,
         updated_at, assignee, assigned_at, version) = found  # fmt: skip
        named = json.loads(records) if records else None
        if not isinstance(named, list):
            records, named = "[]", []
        partners = finding_partners(named, details)
        partners_text = partner_texts.get(partners)
        if partners_text is None:
            partners_text = partner_texts[partners] = json.dumps(list(partners))
        rows.append(
            (id_, rule, severity, status, records, message, suggestion, created_at, updated_at,
             assignee, assigned_at, version, partners_text, age_in_days(created_at, today))
        )  # fmt: skip
    return rows


def texts_of(text: str) -> tuple[str, ...]:
    """The records or the partners of a row (a JSON list of texts) as a tuple."""
    return tuple(json.loads(text)) if text else ()


def item_of(row: QueueRow) -> QueueItem:
    """The :class:`QueueItem` of a row (without ``details``, which the row leaves out)."""
    (id_, rule, severity, status, records, message, suggestion, created_at, updated_at,
     assignee, assigned_at, version, partners, age_days) = row  # fmt: skip
    return QueueItem(
        id=id_,
        rule=rule,
        severity=severity,
        status=status,
        records=texts_of(records),
        message=message,
        suggestion=suggestion,
        details=None,
        created_at=created_at,
        updated_at=updated_at,
        assignee=assignee,
        assigned_at=assigned_at,
        version=version,
        partners=texts_of(partners),
        age_days=age_days,
    )


def row_of(item: QueueItem) -> QueueRow:
    values = [getattr(item, name) for name in ROW_FIELDS]
    for name in ("records", "partners"):
        values[FIELD[name]] = json.dumps(list(values[FIELD[name]]))
    return tuple(values)


def row_filter(queue_filter: QueueFilter) -> Callable[[QueueRow], bool]:
    """What :meth:`QueueFilter.matches` says of an item, for rows."""
    rules, severities = frozenset(queue_filter.rules), frozenset(queue_filter.severities)
    statuses, partners = frozenset(queue_filter.statuses), frozenset(queue_filter.partners)
    assignees = frozenset(queue_filter.assignees)

    def matches(row: QueueRow) -> bool:
        return (
            (not rules or row[1] in rules)
            and (not severities or row[2] in severities)
            and (not statuses or row[3] in statuses)
            and (not partners or not partners.isdisjoint(texts_of(row[12])))
            and (not assignees or (row[9] or NOBODY) in assignees)
        )

    return matches


def filter_rows(
    rows: Sequence[QueueRow], queue_filter: QueueFilter, *, stop: Callable[[], bool] | None = None
) -> list[QueueRow]:
    """The rows ``queue_filter`` lets through (see :func:`paced` for ``stop``)."""
    matches = row_filter(queue_filter)
    return [row for row in paced(rows, stop=stop) if matches(row)]


def count_text(shown: int, total: int, *, checked: bool = True) -> str:
    """ "12 van 57 signaleringen"; before any check: that none has run yet."""
    if not checked:
        return "nog geen controle uitgevoerd — Controle › Uitvoeren"
    noun = "signalering" if total == 1 else "signaleringen"
    return f"{shown} {noun}" if shown == total else f"{shown} van {total} {noun}"


def check_has_run(session: Session) -> bool:
    """Whether the checks ran at least once on this database."""
    ran = session.scalar(select(AuditLogRow.id).where(AuditLogRow.action == "check.run").limit(1))
    return ran is not None or session.scalar(select(FindingRow.id).limit(1)) is not None


def colleagues(session: Session, *, include: Iterable[str] = ()) -> list[str]:
    """The users a finding can be given to: everyone in the audit log, everyone a finding is
    assigned to, and ``include`` (the user themself)."""
    names = set(session.scalars(select(AuditLogRow.user).distinct()))
    names.update(session.scalars(select(FindingRow.assignee).distinct()))
    names.update(include)
    return sorted({n.strip() for n in names if n and n.strip()}, key=str.casefold)


# --- saved views ------------------------------------------------------------------------------


def list_views(session: Session, owner: str) -> list[SavedView]:
    """The views ``owner`` saved, by name."""
    rows = session.scalars(
        select(FindingViewRow).where(FindingViewRow.owner == owner).order_by(FindingViewRow.name)
    )
    return [SavedView(r.name, QueueFilter.from_json(r.filters), r.created_at) for r in rows]


def save_view(db: Database, owner: str, name: str, queue_filter: QueueFilter) -> SavedView:
    """Save (or overwrite) the view ``name`` of ``owner``."""
    text = (name or "").strip()
    if not text:
        raise ValueError("Geef de weergave een naam.")
    if len(text) > 200:
        raise ValueError("De naam van een weergave is te lang (hoogstens 200 tekens).")
    now = datetime.now(UTC).replace(tzinfo=None)
    with db.session() as session:
        row = session.scalar(
            select(FindingViewRow).where(FindingViewRow.owner == owner, FindingViewRow.name == text)
        )
        if row is None:
            row = FindingViewRow(owner=owner, name=text, filters={}, created_at=now)
            session.add(row)
        row.filters = queue_filter.to_json()
        row.created_at = now
        return SavedView(text, queue_filter, now)


def delete_view(db: Database, owner: str, name: str) -> bool:
    with db.session() as session:
        result = session.execute(
            delete(FindingViewRow).where(FindingViewRow.owner == owner, FindingViewRow.name == name)
        )
        return bool(getattr(result, "rowcount", 0))


# --- the audit trail --------------------------------------------------------------------------


def queue_events(session: Session, finding_ids: Iterable[int] | None = None) -> list[QueueEvent]:
    """The history of the findings (all when ``finding_ids`` is None), oldest first."""
    stmt = select(
        FindingEventRow.finding_id,
        FindingEventRow.at,
        FindingEventRow.user,
        FindingEventRow.action,
        FindingEventRow.status,
        FindingEventRow.reason,
    ).order_by(FindingEventRow.at, FindingEventRow.id)
    wanted = None if finding_ids is None else set(finding_ids)
    return [
        QueueEvent(*row)
        for row in session.execute(stmt)
        if wanted is None or row.finding_id in wanted
    ]
