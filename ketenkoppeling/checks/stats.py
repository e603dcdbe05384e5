"""Counts of stored findings for the pictures of the work queue: per rule, and per age
(days since the finding was first raised) in the buckets 0-7, 8-30, 31-90 and >90 days."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from ketenkoppeling.store.tables import FindingRow

#: (key, lowest age in days, highest age in days or None)
AGE_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("0-7", 0, 7),
    ("8-30", 8, 30),
    ("31-90", 31, 90),
    (">90", 91, None),
)
OPEN = ("open",)


def age_bucket(days: int) -> str:
    """The bucket of a finding ``days`` old (a negative age, from a clock that moved back,
    counts as new)."""
    for key, _low, high in AGE_BUCKETS:
        if high is None or days <= high:
            return key
    raise AssertionError("unreachable")  # pragma: no cover - the last bucket is open-ended


def age_in_days(created_at: datetime, now: datetime) -> int:
    """Whole days between two moments; a naive moment is UTC, as the store keeps it."""
    if created_at.tzinfo is None:
        created_at = created_at.replace(tzinfo=UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return (now - created_at).days


def _where(
    statuses: Iterable[str] | None, rules: Iterable[str] | None
) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    if statuses is not None:
        clauses.append(FindingRow.status.in_(list(statuses)))
    if rules is not None:
        clauses.append(FindingRow.rule.in_(list(rules)))
    return clauses


def findings_by_rule(
    session: Session, *, statuses: Iterable[str] | None = OPEN, rules: Iterable[str] | None = None
) -> dict[str, int]:
    """Number of findings per rule (``statuses=None``: every status), rules in order."""
    stmt = (
        select(FindingRow.rule, func.count(FindingRow.id))
        .where(*_where(statuses, rules))
        .group_by(FindingRow.rule)
        .order_by(FindingRow.rule)
    )
    return {rule: int(count) for rule, count in session.execute(stmt)}


def findings_by_age(
    session: Session,
    *,
    now: datetime | None = None,
    statuses: Iterable[str] | None = OPEN,
    rules: Iterable[str] | None = None,
) -> dict[str, int]:
    """Number of findings per age bucket, every bucket present (0 when empty), youngest
    first. The age counts from ``created_at``: when the finding was first raised."""
    stmt = select(FindingRow.created_at).where(*_where(statuses, rules))
    return age_counts(session.scalars(stmt), now=now)


def age_counts(created: Iterable[datetime], *, now: datetime | None = None) -> dict[str, int]:
    """Per age bucket the number of moments in ``created`` (e.g. the ``created_at`` of the
    findings a filtered queue shows), every bucket present, youngest first."""
    moment = now or datetime.now(UTC)
    counts = {key: 0 for key, _low, _high in AGE_BUCKETS}
    for created_at in created:
        counts[age_bucket(age_in_days(created_at, moment))] += 1
    return counts
