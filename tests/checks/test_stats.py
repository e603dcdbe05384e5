"""Counting stored findings for the work queue's pictures: per rule and per age."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ketenkoppeling.checks.stats import (
    AGE_BUCKETS,
    age_bucket,
    age_counts,
    age_in_days,
    findings_by_age,
    findings_by_rule,
)
from ketenkoppeling.store import Database
from ketenkoppeling.store.tables import FindingRow

NOW = datetime(2026, 11, 30, 12, 0)


def _finding(n: int, rule: str, status: str, days_old: float) -> FindingRow:
    created = NOW - timedelta(days=days_old)
    return FindingRow(rule=rule, severity="error", fingerprint=f"fp-{n}", records=[],
                      message="m", status=status, content_hash="h", created_at=created,
                      updated_at=created)  # fmt: skip


@pytest.fixture
def findings(db: Database) -> Database:
    with db.session() as s:
        s.add_all(
            [
                _finding(1, "B6", "open", 0),
                _finding(2, "B6", "open", 7.9),  # 7 whole days: still the first week
                _finding(3, "D1", "open", 8),
                _finding(4, "D1", "open", 30.5),
                _finding(5, "B1", "open", 31),
                _finding(6, "B1", "open", 91),
                _finding(7, "B1", "resolved", 400),
                _finding(8, "D2", "accepted", 2),
            ]
        )
    return db


def test_by_rule_counts_open_findings_by_default(findings: Database) -> None:
    with findings.session() as s:
        assert findings_by_rule(s) == {"B1": 2, "B6": 2, "D1": 2}
        assert findings_by_rule(s, statuses=None) == {"B1": 3, "B6": 2, "D1": 2, "D2": 1}
        assert findings_by_rule(s, statuses=["accepted", "resolved"]) == {"B1": 1, "D2": 1}
        assert findings_by_rule(s, rules=["B6"]) == {"B6": 2}


def test_by_age_has_every_bucket(findings: Database) -> None:
    with findings.session() as s:
        assert findings_by_age(s, now=NOW) == {"0-7": 2, "8-30": 2, "31-90": 1, ">90": 1}
        assert findings_by_age(s, now=NOW, statuses=None) == {
            "0-7": 3, "8-30": 2, "31-90": 1, ">90": 2
        }  # fmt: skip
        assert findings_by_age(s, now=NOW, rules=["D1"]) == {
            "0-7": 0, "8-30": 2, "31-90": 0, ">90": 0
        }  # fmt: skip
        assert list(findings_by_age(s)) == [key for key, _, _ in AGE_BUCKETS]


def test_bucket_edges() -> None:
    assert [age_bucket(d) for d in (-1, 0, 7, 8, 30, 31, 90, 91, 5000)] == [
        "0-7", "0-7", "0-7", "8-30", "8-30", "31-90", "31-90", ">90", ">90"
    ]  # fmt: skip


def test_age_treats_naive_moments_as_utc() -> None:
    aware_now = datetime(2026, 11, 30, 0, 30, tzinfo=UTC)
    assert age_in_days(datetime(2026, 11, 20, 1, 0), aware_now) == 9


def test_age_counts_of_a_filtered_list() -> None:
    created = [NOW - timedelta(days=d) for d in (1, 1, 45, 120)]
    assert age_counts(created, now=NOW) == {"0-7": 2, "8-30": 0, "31-90": 1, ">90": 1}
    assert age_counts([], now=NOW) == {"0-7": 0, "8-30": 0, "31-90": 0, ">90": 0}
