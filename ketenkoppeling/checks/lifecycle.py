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
from array import array
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from typing import cast as typed

from sqlalchemy import (
    JSON,
    ColumnElement,
    Table,
    Text,
    bindparam,
    cast,
    func,
    select,
    update,
)
from sqlalchemy.orm import Session

from ketenkoppeling.checks.base import Candidate
from ketenkoppeling.checks.spill import CandidateSpill, Spilled
from ketenkoppeling.store.bulk import insert_rows, next_ids
from ketenkoppeling.store.tables import FindingEventRow, FindingRow

REASON_GONE = "oorzaak verdwenen"
REASON_BACK = "oorzaak opnieuw aanwezig"
REASON_CHANGED = "betrokken records gewijzigd"
REASON_UPDATED = "melding bijgewerkt naar de huidige gegevens"
FINDINGS = typed(Table, FindingRow.__table__)
EVENTS = typed(Table, FindingEventRow.__table__)


SYNC_CHUNK = 2_000  # candidates (and stored findings) compared and written at a time


@dataclass
class SyncResult:
    opened: int = 0
    closed: int = 0
    reopened: int = 0
    updated: int = 0
    unchanged: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # per rule: findings found now
    ids: array[int] = field(default_factory=lambda: array("q"))  # found now, in found order
    open_ids: array[int] = field(default_factory=lambda: array("q"))  # of those, the open ones


def _content(candidate: Spilled) -> dict[str, Any]:
    """The columns a candidate sets; ``records`` and ``details`` as JSON text (written as
    they are: see ``_json_text``)."""
    return {
        "severity": candidate.severity,
        "records": candidate.records_text,
        "message": candidate.message,
        "suggestion": candidate.suggestion,
        "details": candidate.details_text,
        "content_hash": candidate.content_hash,
    }


JSON_COLUMNS = ("records", "details")


def _json_text(session: Session, name: str) -> ColumnElement[Any]:
    """A bound JSON column value given as its JSON text (``json.dumps`` of the value, the
    text the column type would write): stored as it is, not parsed and serialised again.
    PostgreSQL is told the text is JSON; SQLite keeps JSON as text."""
    value = bindparam(name, type_=Text)
    if session.get_bind().dialect.name == "sqlite":
        return value
    return cast(value, JSON)


def _same_json(stored_text: str | None, value_text: str) -> bool:
    """Whether a stored JSON column holds the value of ``value_text``: by its text first
    (what this module wrote), by its parsed value when the text differs (another writer's
    spelling)."""
    if stored_text == value_text:
        return True
    return (json.loads(stored_text) if stored_text is not None else None) == json.loads(value_text)


def _same_view(old: Any, candidate: Spilled) -> bool:
    """Whether what the user sees of a stored finding equals the candidate's content."""
    return (
        old.severity == candidate.severity
        and old.message == candidate.message
        and old.suggestion == candidate.suggestion
        and _same_json(old.records_text, candidate.records_text)
        and _same_json(old.details_text, candidate.details_text)
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

    def flush(self, session: Session) -> None:
        """Write what was gathered (updates first, then their events) and start afresh."""
        if self.updates:
            _bulk_update(session, self.updates)
        if self.events:
            insert_rows(session.connection(), EVENTS, self.events)
        self.updates = []
        self.events = []


def _stored(session: Session, fingerprints: Sequence[str]) -> dict[str, Any]:
    """The stored findings with these fingerprints, by fingerprint."""
    f = FINDINGS.c
    stmt = select(
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
    ).where(f.fingerprint.in_(fingerprints))
    return {row.fingerprint: row for row in session.connection().execute(stmt)}


def sync(
    session: Session,
    candidates: Iterable[Candidate],
    *,
    rules: Collection[str],
    user: str,
    now: datetime,
    chunk: int | None = None,
) -> SyncResult:
    """Bring the stored findings of ``rules`` in step with ``candidates`` (all of them)."""
    with CandidateSpill() as spill:
        spill.extend(candidates)
        return sync_spilled(session, spill, rules=rules, user=user, now=now, chunk=chunk)


def sync_spilled(
    session: Session,
    spill: CandidateSpill,
    *,
    rules: Collection[str],
    user: str,
    now: datetime,
    chunk: int | None = None,
) -> SyncResult:
    """Bring the stored findings of ``rules`` in step with the candidates in ``spill``.

    Neither the candidates nor the stored findings are ever all in memory: the candidates are
    compared ``chunk`` at a time with the stored findings of their fingerprints, and the
    stored open findings ``chunk`` at a time with the fingerprints found. The new findings are
    inserted in found order (their ids follow it); the events are written in the order of a
    single pass: first those of changed findings (in found order), then of the findings
    closed (by id), then of the new ones."""
    chunk = chunk or SYNC_CHUNK
    result = SyncResult()
    ids, open_ids = result.ids, result.open_ids
    opened: array[int] = array("q")  # the new findings, their events written last
    writes = _Writes(user, now)
    conn = session.connection()
    before = conn.execute(select(func.max(FINDINGS.c.id))).scalar() or 0
    for candidates in spill.chunks(chunk):
        stored = _stored(session, [c.fingerprint for c in candidates])
        new: list[tuple[int, int, Spilled]] = []  # (place in ids, in open_ids, candidate)
        for candidate in candidates:
            result.counts[candidate.rule] = result.counts.get(candidate.rule, 0) + 1
            old = stored.get(candidate.fingerprint)
            if old is None:
                new.append((len(ids), len(open_ids), candidate))
                ids.append(0)  # filled in when inserted
                open_ids.append(0)
                result.opened += 1
                continue
            ids.append(old.id)
            if old.status == "open":
                open_ids.append(old.id)
                if not _same_view(old, candidate):
                    writes.update(old.id, _content(candidate))
                    writes.event(old.id, "updated", "open", REASON_UPDATED)
                    result.updated += 1
                else:
                    if old.content_hash != candidate.content_hash:
                        writes.update(old.id, {"content_hash": candidate.content_hash})
                    result.unchanged += 1
            elif old.status == "closed" or old.content_hash != candidate.content_hash:
                open_ids.append(old.id)
                reason = REASON_BACK if old.status == "closed" else REASON_CHANGED
                writes.update(old.id, {**_content(candidate), "status": "open"})
                writes.event(old.id, "reopened", "open", reason)
                result.reopened += 1
            else:  # resolved or accepted, records unchanged
                result.unchanged += 1
        if new:
            _insert(session, new, ids, open_ids, now)
            opened.extend(ids[place] for place, _open_place, _c in new)
        writes.flush(session)

    result.closed = _close_gone(session, spill, rules, writes, chunk, before)
    for start in range(0, len(opened), chunk):
        for finding_id in opened[start : start + chunk]:
            writes.event(finding_id, "opened", "open", None)
        writes.flush(session)
    return result


def _insert(
    session: Session,
    new: list[tuple[int, int, Spilled]],
    ids: array[int],
    open_ids: array[int],
    now: datetime,
) -> None:
    """Insert the new findings (in found order, so their ids follow it) and put their ids in
    their places."""
    rows = [
        {
            "rule": c.rule,
            "fingerprint": c.fingerprint,
            **_content(c),
            "status": "open",
            "created_at": now,
            "updated_at": now,
        }
        for _place, _open_place, c in new
    ]
    # ids handed out in found order, rows written through the driver (store/bulk.py); the
    # write transaction holds the database's write lock (runner: BEGIN IMMEDIATE / table lock)
    connection = session.connection()
    new_ids = next_ids(connection, FINDINGS, len(rows))
    for row, finding_id in zip(rows, new_ids, strict=True):
        row["id"] = finding_id
    insert_rows(connection, FINDINGS, rows, verbatim=JSON_COLUMNS)
    for (place, open_place, _candidate), finding_id in zip(new, new_ids, strict=True):
        ids[place] = open_ids[open_place] = finding_id


def _close_gone(
    session: Session,
    spill: CandidateSpill,
    rules: Collection[str],
    writes: _Writes,
    chunk: int,
    before: int,
) -> int:
    """Close the open findings of ``rules`` that no candidate names any more (of those stored
    before this run: ids up to ``before``); by id, ``chunk`` at a time. Returns how many."""
    f = FINDINGS.c
    closed = 0
    last = 0
    while True:
        page = list(
            session.connection().execute(
                select(f.id, f.fingerprint)
                .where(f.status == "open", f.rule.in_(sorted(rules)), f.id > last, f.id <= before)
                .order_by(f.id)
                .limit(chunk)
            )
        )
        if not page:
            return closed
        last = page[-1][0]
        found = spill.known([fp for _id, fp in page])
        for finding_id, fp in page:
            if fp not in found:
                writes.update(finding_id, {"status": "closed"})
                writes.event(finding_id, "closed", "closed", REASON_GONE)
                closed += 1
        writes.flush(session)


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
            .values(
                {
                    **{
                        c: _json_text(session, c) if c in JSON_COLUMNS else bindparam(c)
                        for c in columns
                    },
                    "version": table.c.version + 1,
                }
            )
        )
        session.connection().execute(stmt, rows)
