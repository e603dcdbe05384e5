"""The findings lifecycle through run_checks, and review (resolve/accept) with its audit."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from ketenkoppeling.checks import lines
from ketenkoppeling.checks.review import (
    accept,
    finding_history,
    finding_json,
    findings_touching,
    list_findings,
    resolve,
)
from ketenkoppeling.checks.runner import CheckCancelled, run_checks
from ketenkoppeling.store import Database
from ketenkoppeling.store.tables import AuditLogRow, FindingEventRow, FindingRow
from tests.checks.helpers import add, region
from tests.factories import add_budget, benefit, client, deployment, spend, store

BSN = "111222333"
WW = ("UWV-RIB-WW-2008", "100")


def _events(db: Database) -> list[tuple[int, str, str, str | None]]:
    with db.session() as s:
        rows = s.execute(
            select(
                FindingEventRow.finding_id,
                FindingEventRow.action,
                FindingEventRow.status,
                FindingEventRow.reason,
            ).order_by(FindingEventRow.id)
        )
        return [(r[0], r[1], r[2], r[3]) for r in rows]


def _by_rule(db: Database, rule: str, status: str = "all") -> list[Any]:
    with db.session() as s:
        return [f for f in list_findings(s, status) if f.rule == rule]


def _sample(db: Database) -> None:
    region(
        db,
        benefit(BSN, "WW", "UWV", "2008-01-01"),
        deployment("UWV", "R1", BSN, "SCH", "2008-05-01"),
        deployment("GEM-0392", "T1", BSN, "SCH", "2008-05-03"),  # D1 with UWV/R1
        spend("UWV", "F1", "R1", BSN, "100.00", WW),
        spend("UWV", "F2", "R9", BSN, "100.00", WW),  # B7
    )


def test_running_twice_keeps_ids_and_writes_no_events(db: Database) -> None:
    _sample(db)
    first = run_checks(db, user="tester")
    assert first.counts["D1"] == 1 and first.counts["B7"] == 1
    assert first.opened == len(first.findings) == 2
    events = _events(db)
    assert [e[1] for e in events] == ["opened", "opened"]

    second = run_checks(db, user="tester")
    assert second.opened == second.closed == second.reopened == second.updated == 0
    assert second.unchanged == 2
    assert [f.id for f in second.findings] == [f.id for f in first.findings]
    assert _events(db) == events
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(FindingRow)) == 2


def test_fixed_data_closes_the_finding_and_its_return_reopens_it(db: Database) -> None:
    _sample(db)
    run_checks(db)
    [b7] = _by_rule(db, "B7")
    add(db, deployment("UWV", "R9", BSN, "JC", "2008-01-01"))  # the missing deployment
    summary = run_checks(db)
    assert summary.closed == 1
    assert summary.counts["B7"] == 0
    [closed] = _by_rule(db, "B7")
    assert closed.id == b7.id and closed.status == "closed"
    assert _events(db)[-1] == (b7.id, "closed", "closed", "oorzaak verdwenen")

    add(db, deployment("UWV", "R9", "123456782", "JC", "2008-01-01"))  # now another BSN
    summary = run_checks(db)
    assert summary.reopened == 1
    [back] = _by_rule(db, "B7")
    assert back.id == b7.id and back.status == "open"
    assert back.details["reason"] == "ander BSN"
    assert _events(db)[-1] == (b7.id, "reopened", "open", "oorzaak opnieuw aanwezig")


def test_resolved_stays_resolved_until_its_records_change(db: Database) -> None:
    _sample(db)
    run_checks(db)
    [b7] = _by_rule(db, "B7")
    resolved = resolve(db, b7.id, "Inzet wordt nagemeld door UWV", user="anna")
    assert resolved.status == "resolved"

    summary = run_checks(db)
    assert summary.reopened == 0
    assert [f.status for f in _by_rule(db, "B7")] == ["resolved"]
    assert [f.status for f in summary.findings if f.rule == "B7"] == ["resolved"]

    add(db, spend("UWV", "F2", "R9", BSN, "150.00", WW))  # the line is corrected
    summary = run_checks(db)
    assert summary.reopened == 1
    [again] = _by_rule(db, "B7")
    assert again.status == "open" and again.id == b7.id
    assert "€ 150,00" in again.message
    with db.session() as s:
        history = finding_history(s, b7.id)
    assert [(e.action, e.status, e.reason) for e in history] == [
        ("opened", "open", None),
        ("resolved", "resolved", "Inzet wordt nagemeld door UWV"),
        ("reopened", "open", "betrokken records gewijzigd"),
    ]
    assert history[1].user == "anna"


def test_accepted_stays_accepted_and_is_audited(db: Database) -> None:
    _sample(db)
    run_checks(db)
    [d1] = _by_rule(db, "D1")
    accept(db, d1.id, "Twee echte trajecten: scholing bij beide partners", user="bert")
    run_checks(db)
    [after] = _by_rule(db, "D1")
    assert after.status == "accepted"
    with db.session() as s:
        audit = s.scalars(select(AuditLogRow).where(AuditLogRow.action == "finding.accept")).one()
        assert audit.user == "bert"
        assert audit.detail is not None and audit.detail["reason"].startswith("Twee echte")
        assert (
            s.scalar(
                select(func.count())
                .select_from(AuditLogRow)
                .where(AuditLogRow.action == "check.run")
            )
            == 2
        )


def test_an_accepted_finding_whose_cause_is_gone_keeps_its_status(db: Database) -> None:
    _sample(db)
    run_checks(db)
    [b7] = _by_rule(db, "B7")
    accept(db, b7.id, "bekend", user="bert")
    add(db, deployment("UWV", "R9", BSN, "JC", "2008-01-01"))
    summary = run_checks(db)
    assert summary.closed == 0
    assert [f.status for f in _by_rule(db, "B7")] == ["accepted"]


@pytest.mark.parametrize(("decide", "status"), [(resolve, "resolved"), (accept, "accepted")])
def test_a_reason_is_required_and_only_open_findings_are_decided(
    db: Database, decide: Any, status: str
) -> None:
    _sample(db)
    run_checks(db)
    [b7] = _by_rule(db, "B7")
    for reason in ("", "   "):
        with pytest.raises(ValueError, match="reden"):
            decide(db, b7.id, reason, user="anna")
    decide(db, b7.id, "gecorrigeerd", user="anna")
    with pytest.raises(ValueError, match="alleen een open signalering"):
        decide(db, b7.id, "nog eens", user="anna")
    with pytest.raises(ValueError, match="bestaat niet"):
        decide(db, 9999, "reden", user="anna")
    # the failed attempts left no trace
    assert [e[1] for e in _events(db) if e[0] == b7.id] == ["opened", status]


def test_open_finding_follows_the_data_with_an_updated_event(db: Database) -> None:
    _sample(db)
    run_checks(db)
    [d1] = _by_rule(db, "D1")
    add(db, deployment("GEM-0392", "T1", BSN, "SCH", "2008-05-04"))  # start corrected
    summary = run_checks(db)
    assert summary.updated == 1 and summary.opened == 0
    [after] = _by_rule(db, "D1")
    assert after.id == d1.id and "04-05-2008" in after.message
    assert _events(db)[-1][:2] == (d1.id, "updated")


def test_a_growing_cluster_is_a_new_finding_and_the_old_one_closes(db: Database) -> None:
    _sample(db)
    run_checks(db)
    add(db, deployment("IASZ", "I1", BSN, "SCH", "2008-05-10"))
    summary = run_checks(db)
    assert (summary.opened, summary.closed) == (1, 1)
    [now] = [f for f in summary.findings if f.rule == "D1"]
    assert len(now.records) == 3


def test_finding_json_has_the_cli_shape(db: Database) -> None:
    _sample(db)
    summary = run_checks(db)
    data = finding_json(summary.findings[0])
    assert {"id", "rule", "severity", "status", "records", "message", "suggestion"} <= set(data)
    assert data["status"] == "open"
    assert isinstance(data["records"], list)


def test_list_findings_by_status(db: Database) -> None:
    _sample(db)
    run_checks(db)
    with db.session() as s:
        ids = [f.id for f in list_findings(s)]
    resolve(db, ids[0], "opgelost", user="anna")
    with db.session() as s:
        assert [f.id for f in list_findings(s, "open")] == ids[1:]
        assert [f.id for f in list_findings(s, "resolved")] == ids[:1]
        assert list_findings(s, "accepted") == []
        assert [f.id for f in list_findings(s, "all")] == ids
        with pytest.raises(ValueError, match="onbekende status"):
            list_findings(s, "weg")


def test_findings_touching_spend_lines_and_budgets(db: Database) -> None:
    region(db)
    with db.session() as s:
        add_budget(s, "KLEIN-2008", "UWV", "WW", amount="10.00")
    add(
        db,
        deployment("UWV", "R1", BSN, "SCH", "2008-05-01"),
        spend("UWV", "F1", "R1", BSN, "100.00", ("KLEIN-2008", "100")),  # B6 on KLEIN
        spend("UWV", "F2", "R9", BSN, "100.00", WW),  # B7
    )
    summary = run_checks(db)
    by_rule = {f.rule: f.id for f in summary.findings}
    with db.session() as s:
        assert findings_touching(s, {"UWV/F2/R9"}, None) == sorted(
            f.id for f in summary.findings if "spend UWV/F2/R9" in f.records
        )
        assert by_rule["B7"] in findings_touching(s, {"spend UWV/F2/R9"}, set())
        assert findings_touching(s, None, {"KLEIN-2008"}) == [by_rule["B6"]]
        assert findings_touching(s, set(), set()) == []
    resolve(db, by_rule["B6"], "budget verhoogd", user="anna")
    with db.session() as s:
        assert findings_touching(s, None, {"KLEIN-2008"}) == []


def test_cancel_leaves_the_findings_as_they_were(db: Database) -> None:
    _sample(db)
    calls: list[tuple[str, int, int]] = []
    with pytest.raises(CheckCancelled):
        run_checks(db, progress=lambda *a: calls.append(a), cancel=lambda: len(calls) >= 3)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(FindingRow)) == 0
        assert s.scalar(select(func.count()).select_from(AuditLogRow)) == 0


def test_cancel_during_the_spend_line_pass(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lines, "HEARTBEAT", 1)
    _sample(db)
    labels: list[str] = []
    with pytest.raises(CheckCancelled):
        run_checks(
            db,
            progress=lambda label, *_: labels.append(label),
            cancel=lambda: any(label.endswith("(1 bestedingen)") for label in labels),
        )
    assert labels[-1].startswith("B3: ") and labels[-1].endswith("(1 bestedingen)")
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(FindingRow)) == 0


def test_progress_reports_every_rule(db: Database) -> None:
    _sample(db)
    calls: list[tuple[str, int, int]] = []
    run_checks(db, progress=lambda *a: calls.append(a))
    assert calls[0] == ("D1: dubbele registratie van een inzet", 0, 9)
    assert calls[-1] == ("klaar", 9, 9)
    assert [c[1] for c in calls] == list(range(10))
    assert any(label.startswith("B3: ") and "; B4: " in label for label, _, _ in calls)


def test_every_rule_runs_on_any_database(any_db: Database) -> None:
    region(
        any_db,
        benefit(BSN, "WW", "UWV", "2008-01-01", "2008-06-10"),
        benefit(BSN, "WWB", "GEM-0392", "2008-06-11"),
        deployment("UWV", "R1", BSN, "PPL", "2008-05-01"),
        deployment("GEM-0392", "T1", BSN, "PPL", "2008-05-03"),
        spend("UWV", "F1", "R1", BSN, "100.00", ("UWV-RIB-WW-2008", "90")),
        spend("GEM-0392", "F1", "T1", BSN, "100.00", ("GEM-0392-WD-2008", "100")),
        spend("UWV", "F2", "R9", BSN, "100.00", WW, pay="2009-02-01"),
    )
    with any_db.session() as s:
        add_budget(s, "KLEIN-2008", "UWV", "WW", amount="10.00")
        store(
            s,
            client(BSN, birth_date=date(1970, 1, 1), surname="de Vries"),
            client("123456782", birth_date=date(1970, 1, 1), surname="Vries"),
            spend("UWV", "F3", "R1", BSN, "100.00", ("KLEIN-2008", "100")),
            # a client without benefit, charged to UWV: the gemeente that registered the
            # client's deployment is looked up while the spend lines are being streamed
            deployment("GEM-0473", "T9", "123456782", "SCH", "2008-05-03"),
            deployment("UWV", "R9", "123456782", "SCH", "2008-01-01"),
            spend("UWV", "F9", "R9", "123456782", "100.00", WW),
        )
    summary = run_checks(any_db)
    assert {rule for rule, n in summary.counts.items() if n} == {
        "D1", "D2", "B1", "B2", "B3", "B4", "B5", "B6", "B7",
    }  # fmt: skip
    nug = next(f for f in summary.findings if f.rule == "B3" and "spend UWV/F9/R9" in f.records)
    assert nug.suggestion == "Verdeel naar dagen: GEM-0473-WD-2008 100,00 %"
    again = run_checks(any_db)
    assert again.unchanged == len(summary.findings) and again.opened == again.updated == 0
