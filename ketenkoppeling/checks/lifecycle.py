"""Keeping stored findings in step with what the rules find now.

A candidate is matched with a stored finding by fingerprint (rule + identity):
- new fingerprint → a new finding, status open, event ``opened``;
- an open finding found again → its message, records, suggestion and details follow the
  current data (event ``updated`` only when what the user sees changed);
- an open finding no longer found → ``closed`` (reason "oorzaak verdwenen");
- a closed finding found again → ``reopened``;
- a resolved or accepted finding stays so while the content of its records is unchanged;
  when that changed it is reopened (reason "betrokken records gewijzigd"). One that is no
  longer found keeps its status: it was a user's decision, and its history says why.
Running twice on the same data writes nothing the second time. History (finding_event) is
only ever appended to.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from typing import cast as typed

from sqlalchemy import Table, Text, bindparam, cast, insert, select, update
from sqlalchemy.orm import Session

from ketenkoppeling.checks.base import Candidate
from ketenkoppeling.checks.review import FindingView
from ketenkoppeling.store.tables import FindingEventRow, FindingRow

REASON_GONE = "oorzaak verdwenen"
REASON_BACK = "oorzaak opnieuw aanwezig"
REASON_CHANGED = "betrokken records gewijzigd"
REASON_UPDATED = "melding bijgewerkt naar de huidige gegevens"
FINDINGS = typed(Table, FindingRow.__table__)
EVENTS = typed(Table, FindingEventRow.__table__)


@dataclass
class SyncResult:
    opened: int = 0
    closed: int = 0
    reopened: int = 0
    updated: int = 0
    unchanged: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # per rule: findings found now
    findings: list[FindingView] = field(default_factory=list)  # found now, in found order


def _content(candidate: Candidate) -> dict[str, Any]:
    return {
        "severity": candidate.severity,
        "records": list(candidate.records),
        "message": candidate.message,
        "suggestion": candidate.suggestion,
        "details": candidate.details,
        "content_hash": candidate.content_hash,
    }


def _same_json(stored_text: str | None, value: Any, value_text: str) -> bool:
    """Whether a stored JSON column holds ``value``: by its text first (what this module
    wrote), by its parsed value when the text differs (another writer's spelling)."""
    if stored_text == value_text:
        return True
    return (json.loads(stored_text) if stored_text is not None else None) == value


def _same_view(old: Any, candidate: Candidate) -> bool:
    """Whether what the user sees of a stored finding equals the candidate's content."""
    return (
        old.severity == candidate.severity
        and old.message == candidate.message
        and old.suggestion == candidate.suggestion
        and _same_json(old.records_text, candidate.records, json.dumps(candidate.records))
        and _same_json(old.details_text, candidate.details, json.dumps(candidate.details))
    )


def _stored_view(old: Any) -> FindingView:
    return FindingView(
        id=old.id,
        rule=old.rule,
        severity=old.severity,
        status=old.status,
        records=json.loads(old.records_text) if old.records_text else [],
        message=old.message,
        suggestion=old.suggestion,
        details=json.loads(old.details_text) if old.details_text else None,
        created_at=old.created_at,
        updated_at=old.updated_at,
    )


class _Writes:
    def __init__(self, user: str, now: datetime) -> None:
        self.user = user
        self.now = now
        self.updates: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []

    def update(self, finding_id: int, values: dict[str, Any]) -> None:
        self.updates.append({"_id": finding_id, **values, "updated_at": self.now})

    def event(self, finding_id: int, action: str, status: str, reason: str | None) -> None:
        self.events.append(
            {
                "finding_id": finding_id,
                "at": self.now,
                "user": self.user,
                "action": action,
                "status": status,
                "reason": reason,
            }
        )


def _view(
    finding_id: int,
    rule: str,
    status: str,
    content: Mapping[Any, Any],
    created: datetime,
    updated: datetime,
) -> FindingView:
    return FindingView(
        id=finding_id,
        rule=rule,
        severity=content["severity"],
        status=status,
        records=list(content["records"]),
        message=content["message"],
        suggestion=content["suggestion"],
        details=content["details"],
        created_at=created,
        updated_at=updated,
    )


def sync(
    session: Session,
    candidates: Iterable[Candidate],
    *,
    rules: Collection[str],
    user: str,
    now: datetime,
) -> SyncResult:
    """Bring the stored findings of ``rules`` in step with ``candidates`` (all of them)."""
    table = FINDINGS
    conn = session.connection()
    f = table.c
    stored = {
        row.fingerprint: row
        for row in conn.execute(
            select(
                f.id,
                f.fingerprint,
                f.rule,
                f.status,
                f.severity,
                cast(f.records, Text).label("records_text"),
                f.message,
                f.suggestion,
                cast(f.details, Text).label("details_text"),
                f.content_hash,
                f.created_at,
                f.updated_at,
            )
        )
    }
    result = SyncResult()
    writes = _Writes(user, now)
    new_rows: list[dict[str, Any]] = []
    views: dict[str, FindingView | None] = {}  # None: new, id not known yet

    for candidate in candidates:
        fp = candidate.fingerprint
        if fp in views:
            continue  # a rule named the same problem twice: one finding
        result.counts[candidate.rule] = result.counts.get(candidate.rule, 0) + 1
        content = _content(candidate)
        old = stored.get(fp)
        if old is None:
            new_rows.append(
                {
                    "rule": candidate.rule,
                    "fingerprint": fp,
                    **content,
                    "status": "open",
                    "created_at": now,
                    "updated_at": now,
                }
            )
            views[fp] = None
            result.opened += 1
        elif old.status == "open":
            if not _same_view(old, candidate):
                writes.update(old.id, content)
                writes.event(old.id, "updated", "open", REASON_UPDATED)
                views[fp] = _view(old.id, old.rule, "open", content, old.created_at, now)
                result.updated += 1
            else:
                if old.content_hash != candidate.content_hash:
                    writes.update(old.id, {"content_hash": candidate.content_hash})
                views[fp] = _view(old.id, old.rule, "open", content, old.created_at, old.updated_at)
                result.unchanged += 1
        elif old.status == "closed" or old.content_hash != candidate.content_hash:
            reason = REASON_BACK if old.status == "closed" else REASON_CHANGED
            writes.update(old.id, {**content, "status": "open"})
            writes.event(old.id, "reopened", "open", reason)
            views[fp] = _view(old.id, old.rule, "open", content, old.created_at, now)
            result.reopened += 1
        else:  # resolved or accepted, records unchanged
            views[fp] = _stored_view(old)
            result.unchanged += 1

    for fp, old in stored.items():
        if old.rule in rules and old.status == "open" and fp not in views:
            writes.update(old.id, {"status": "closed"})
            writes.event(old.id, "closed", "closed", REASON_GONE)
            result.closed += 1

    if new_rows:
        inserted = conn.execute(insert(table).returning(f.id, f.fingerprint), new_rows)
        by_fp = {row["fingerprint"]: row for row in new_rows}
        for finding_id, fp in inserted:
            row = by_fp[fp]
            views[fp] = _view(finding_id, row["rule"], "open", row, now, now)
            writes.event(finding_id, "opened", "open", None)
    _bulk_update(session, writes.updates)
    if writes.events:
        conn.execute(insert(EVENTS), writes.events)
    result.findings = [v for v in views.values() if v is not None]
    return result


def _bulk_update(session: Session, updates: list[dict[str, Any]]) -> None:
    """Update by primary key, one executemany per set of columns."""
    table = FINDINGS
    by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for values in updates:
        by_columns.setdefault(tuple(sorted(k for k in values if k != "_id")), []).append(values)
    for columns, rows in by_columns.items():
        stmt = (
            update(table)
            .where(table.c.id == bindparam("_id"))
            # a changed finding gets a new version: a decision taken on the old one is refused
            .values({**{c: bindparam(c) for c in columns}, "version": table.c.version + 1})
        )
        session.connection().execute(stmt, rows)
