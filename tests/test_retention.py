"""Retention (issue 11): personal data of clients whose records all ended before the cut-off is
removed, the BSN pseudonymised everywhere, while every accounting figure stays the same."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from ketenkoppeling.accounting.ledger import build_ledger, ledger_json, ledger_partners
from ketenkoppeling.accounting.reconcile import reconcile, reconcile_json
from ketenkoppeling.accounting.settle import settle, settle_json
from ketenkoppeling.checks.decisions import Decide
from ketenkoppeling.checks.runner import run_checks
from ketenkoppeling.cli import main
from ketenkoppeling.importing import import_files
from ketenkoppeling.model.bsn import is_valid_bsn
from ketenkoppeling.reference import load_reference_workbook
from ketenkoppeling.retention import (
    PSEUDONYM,
    SETTING,
    RetentionRefused,
    apply_retention,
    cutoff_date,
    expired_bsns,
    retention_period,
    set_retention_period,
)
from ketenkoppeling.store import Database, open_database
from ketenkoppeling.store.tables import (
    AuditLogRow,
    BenefitPeriodRow,
    ClientRow,
    DeploymentRow,
    FindingEventRow,
    FindingRow,
    HistoryRow,
    OutflowRow,
    SourceRecordRow,
    SpendLineRow,
)
from tests.factories import add_region, benefit, client, deployment, outflow, spend, store

SAMPLES = Path(__file__).parent / "data" / "samples"
EXPECTED: dict[str, Any] = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))
TODAY = date(2026, 11, 30)
PERIODS = [(date(2008, 1, 1), date(2008, 12, 31)), (date(2008, 7, 1), date(2008, 12, 31))]


def _load_samples(db: Database) -> None:
    order = EXPECTED["import_order"]
    load_reference_workbook(db, SAMPLES / order[0])
    results = import_files(db, [SAMPLES / name for name in order[1:]])
    assert [r.status for r in results] == ["imported"] * len(results)


def _no_bsn(value: Any) -> Any:
    """Figures without the client keys (the BSN becomes a pseudonym; the money does not move)."""
    if isinstance(value, dict):
        return {k: _no_bsn(v) for k, v in value.items() if k not in ("bsn", "bsns", "clients")}
    if isinstance(value, list):
        return sorted((_no_bsn(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    return value


def _figures(db: Database) -> dict[str, Any]:
    out: dict[str, Any] = {}
    with db.session() as s:
        for start, end in PERIODS:
            key = f"{start}/{end}"
            out[f"reconcile {key}"] = reconcile_json(reconcile(s, start, end))
            out[f"settle {key}"] = _no_bsn(settle_json(settle(s, start, end)))
            for partner in ledger_partners(s, start, end):
                ledger = ledger_json(build_ledger(s, partner, start, end))
                out[f"ledger {partner} {key}"] = _no_bsn(ledger)
                out[f"total {partner} {key}"] = ledger["total"]
    return out


def _snapshot(db: Database) -> dict[str, Any]:
    with db.session() as s:
        return {
            table.__tablename__: sorted(
                json.dumps(
                    {c.name: getattr(r, c.name) for c in table.__table__.columns},
                    default=str,
                    sort_keys=True,
                )
                for r in s.scalars(select(table))
            )
            for table in (
                ClientRow,
                DeploymentRow,
                SpendLineRow,
                BenefitPeriodRow,
                OutflowRow,
                SourceRecordRow,
                HistoryRow,
                FindingRow,
                AuditLogRow,
            )
        }


def test_samples_keep_every_figure_and_lose_personal_data(any_db: Database) -> None:
    _load_samples(any_db)
    run_checks(any_db)
    before = _figures(any_db)
    snapshot = _snapshot(any_db)
    with any_db.session() as s:
        bsns = expired_bsns(s, cutoff_date(10, TODAY))
        all_bsns = {b for (b,) in s.execute(select(ClientRow.bsn))}
        clients = list(s.scalars(select(ClientRow)))
        names = {c.surname for c in clients if c.bsn in bsns and c.surname} - {
            c.surname for c in clients if c.bsn not in bsns
        }  # names of the expired clients that no current client bears
        audit = s.scalar(select(func.count()).select_from(AuditLogRow))
    assert bsns and bsns <= all_bsns

    dry = apply_retention(any_db, 10, dry_run=True, today=TODAY)
    assert dry.clients == len(bsns) and dry.spend_lines > 0 and dry.deployments > 0
    assert _snapshot(any_db) == snapshot  # a dry run changes nothing

    done = apply_retention(any_db, 10, today=TODAY)
    assert done.to_json() | {"dry_run": True} == dry.to_json()
    assert _figures(any_db) == before  # every ledger, reconciliation and settlement figure

    with any_db.session() as s:
        left = {b for (b,) in s.execute(select(ClientRow.bsn))}
        assert not (left & bsns)
        for table in (DeploymentRow, SpendLineRow, BenefitPeriodRow, OutflowRow):
            stored = {b for (b,) in s.execute(select(table.bsn))}
            assert not (stored & bsns), table.__tablename__
        for row in s.scalars(select(ClientRow).where(ClientRow.bsn.in_(left - all_bsns))):
            assert PSEUDONYM.fullmatch(row.bsn) and not is_valid_bsn(row.bsn)
            assert (row.surname, row.initials, row.birth_date, row.postcode) == (None,) * 4
            assert row.surname_key is None
        text = json.dumps(
            [[f.records, f.message, f.suggestion, f.details] for f in s.scalars(select(FindingRow))]
            + [h.data for h in s.scalars(select(HistoryRow))]
            + [r.data for r in s.scalars(select(SourceRecordRow))],
            default=str,
        )
        assert not [b for b in bsns if b in text]
        assert names and not [n for n in names if n in text]  # quarantined records scrubbed
        entries = s.scalars(select(AuditLogRow).order_by(AuditLogRow.id)).all()
        assert len(entries) == audit + 1  # the audit log keeps its entries, and gains one
        assert entries[-1].action == "retention"
        assert entries[-1].detail and entries[-1].detail["clients"] == len(bsns)
        assert not [b for b in bsns if b in json.dumps(entries[-1].detail)]

    after = _snapshot(any_db)
    again = apply_retention(any_db, 10, today=TODAY)
    assert again.clients == 0
    assert _snapshot(any_db) == after  # idempotent: nothing changes the second time
    assert _figures(any_db) == before


def test_only_clients_whose_every_record_ended_before_the_cutoff(any_db: Database) -> None:
    old, open_ended, recent, paid_late = "111222333", "123456782", "100000009", "100000010"
    with any_db.session() as s:
        add_region(s)
        store(
            s,
            client(old, surname="Jansen", initials="J.", birth_date=date(1970, 2, 1)),
            client(open_ended, surname="Pietersen"),
            client(recent, surname="Klaassen"),
            client(paid_late, surname="Dekker"),
            deployment("UWV", "R1", old, "WF", "2008-01-01", end="2008-06-30"),
            spend("UWV", "F1", "R1", old, "100.00", ("UWV-RIB-WW-2008", "100")),
            benefit(old, "WW", "UWV", "2007-01-01", "2008-12-31"),
            outflow(old, "2009-01-01"),
            deployment("UWV", "R2", open_ended, "WF", "2008-01-01"),
            deployment("UWV", "R3", recent, "WF", "2008-01-01", end="2008-06-30"),
            benefit(recent, "WW", "UWV", "2008-01-01", "2020-01-01"),
            spend(
                "UWV", "F2", "R4", paid_late, "50.00", ("UWV-RIB-WW-2008", "100"), pay="2019-05-01"
            ),
        )
    result = apply_retention(any_db, 10, today=TODAY)  # cut-off 2016-11-30
    assert (result.clients, result.deployments, result.spend_lines) == (1, 1, 1)
    assert (result.benefit_periods, result.outflows) == (1, 1)
    with any_db.session() as s:
        clients = {r.bsn: r for r in s.scalars(select(ClientRow))}
        assert {open_ended, recent, paid_late} < set(clients) and old not in clients
        (pseudonym,) = set(clients) - {open_ended, recent, paid_late}
        assert clients[pseudonym].surname is None and clients[recent].surname == "Klaassen"
        for table in (DeploymentRow, SpendLineRow, BenefitPeriodRow, OutflowRow):
            assert s.scalar(select(table.bsn).where(table.bsn == pseudonym)) == pseudonym
        amount = s.scalar(select(SpendLineRow.amount_cents).where(SpendLineRow.bsn == pseudonym))
        assert amount == 10000
    # shorter periods: the later clients expire in turn, the open-ended one never
    assert apply_retention(any_db, 8, today=TODAY).clients == 0
    assert apply_retention(any_db, 7, today=TODAY).clients == 1  # paid in 2019
    assert apply_retention(any_db, 6, today=TODAY).clients == 1  # benefit ended in 2020
    with any_db.session() as s:
        assert set(s.scalars(select(ClientRow.bsn))) & {open_ended, recent, paid_late} == {
            open_ended
        }


def test_pseudonyms_are_distinct_and_never_a_bsn(db: Database) -> None:
    bsns = [f"{n:09d}" for n in range(100000001, 100000041)]
    with db.session() as s:
        add_region(s)
        for i, bsn in enumerate(bsns):
            store(
                s,
                client(bsn),
                deployment("UWV", f"R{i}", bsn, "WF", "2008-01-01", end="2008-02-01"),
            )
    assert apply_retention(db, 3, today=TODAY).clients == len(bsns)
    with db.session() as s:
        stored = list(s.scalars(select(ClientRow.bsn)))
        assert len(set(stored)) == len(bsns)
        assert all(PSEUDONYM.fullmatch(b) and len(b) == 9 for b in stored)
        assert set(s.scalars(select(DeploymentRow.bsn))) == set(stored)


def test_period_must_be_a_year_or_more(db: Database) -> None:
    with pytest.raises(RetentionRefused):
        apply_retention(db, 0)
    assert cutoff_date(2, date(2024, 2, 29)) == date(2022, 2, 28)


def test_cli_dry_run_then_for_real(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(tmp_path / "cli.sqlite")
    assert main(["reference", str(SAMPLES / "referentie.xlsx"), "--db", path]) == 0
    files = [str(SAMPLES / name) for name in EXPECTED["import_order"][1:]]
    assert main(["import", *files, "--db", path]) == 0
    capsys.readouterr()

    assert main(["retention", "--older-than", "10", "--dry-run", "--db", path]) == 0
    out = capsys.readouterr().out
    assert "Proefrun" in out and "zouden worden" in out

    assert main(["retention", "--older-than", "10", "--db", path, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["clients"] > 0 and data["dry_run"] is False

    assert main(["retention", "--older-than", "10", "--db", path, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["clients"] == 0

    assert main(["retention", "--older-than", "0", "--db", path]) == 3
    assert "minstens 1 jaar" in capsys.readouterr().err


# --- the period as a setting; decisions kept; the work done in the database -------------------


def test_the_period_is_a_stored_setting_that_the_argument_overrides(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(tmp_path / "setting.sqlite")
    db = open_database(path)
    with db.session() as s:
        add_region(s)
        store(
            s,
            client("111222333", surname="Jansen"),
            deployment("UWV", "R1", "111222333", "WF", "2008-01-01", end="2008-06-30"),
        )
    # nothing set and nothing given: refused, with what to do
    assert main(["retention", "--dry-run", "--db", path]) == 3
    assert "geen bewaartermijn ingesteld" in capsys.readouterr().err
    with db.session() as s:
        assert retention_period(s) is None

    set_retention_period(db, 30, user="fb")
    set_retention_period(db, 30, user="fb")  # unchanged: not stored again
    with db.session() as s:
        assert retention_period(s) == 30
        entries = s.scalars(select(AuditLogRow).where(AuditLogRow.action == SETTING)).all()
        assert [(e.user, e.detail) for e in entries] == [("fb", {"years": 30})]
    assert main(["retention", "--json", "--dry-run", "--db", path]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["clients"] == 0  # 30 years: the client of 2008 is kept
    assert date.fromisoformat(data["cutoff"]).year == date.today().year - 30

    # the argument overrides the setting (and does not change it)
    assert main(["retention", "--older-than", "10", "--json", "--db", path]) == 0
    assert json.loads(capsys.readouterr().out)["clients"] == 1
    with db.session() as s:
        assert retention_period(s) == 30

    with pytest.raises(RetentionRefused, match="minstens 1 jaar"):
        set_retention_period(db, 0)
    with pytest.raises(RetentionRefused, match="hoogstens 100 jaar"):
        set_retention_period(db, 101)
    set_retention_period(db, None, user="fb")
    with db.session() as s:
        assert retention_period(s) is None
    db.dispose()


def test_a_decision_on_a_finding_survives_pseudonymisation(any_db: Database) -> None:
    """B2 names its problem by invoice, BSN and provider: after the BSN became a pseudonym the
    next check finds the same finding (same id, status, decision), not a new open one."""
    old = "111222333"
    with any_db.session() as s:
        add_region(s)
        store(
            s,
            client(old, surname="Jansen", initials="J.", birth_date=date(1970, 2, 1)),
            deployment("UWV", "R1", old, "WF", "2008-01-01", end="2008-06-30"),
            deployment("UWV", "R2", old, "WF", "2008-01-01", end="2008-06-30"),
            spend("UWV", "F1", "R1", old, "100.00", ("UWV-RIB-WW-2008", "100")),
            spend("UWV", "F1", "R2", old, "100.00", ("UWV-RIB-WW-2008", "100")),
        )
    run_checks(any_db, user="anna")
    with any_db.session() as s:
        found = {f.id: (f.rule, f.fingerprint) for f in s.scalars(select(FindingRow))}
        b2 = s.scalars(select(FindingRow).where(FindingRow.rule == "B2")).one()
        versions = {f.id: f.version for f in s.scalars(select(FindingRow))}
    Decide(versions, "accepted", "bewust twee keer geboekt", "anna").do(any_db)

    assert apply_retention(any_db, 10, today=TODAY).clients == 1
    again = run_checks(any_db, user="anna")
    assert (again.opened, again.closed, again.reopened) == (0, 0, 0)
    with any_db.session() as s:
        after = {f.id: f for f in s.scalars(select(FindingRow))}
        assert set(after) == set(found)  # no finding closed, none new
        assert all(f.status == "accepted" for f in after.values())
        assert after[b2.id].fingerprint != b2.fingerprint  # now of the pseudonym
        assert old not in json.dumps([after[b2.id].records, after[b2.id].message])
        events = s.scalars(
            select(FindingEventRow.action).where(FindingEventRow.finding_id == b2.id)
        ).all()
        assert events == ["opened", "accepted"]


def test_expired_clients_are_found_in_one_query(db: Database) -> None:
    """The retention works in the database (a grouped query, set-based updates), not by
    loading every record: the model tables are read by no query that returns them row by row."""
    from sqlalchemy import event

    bsns = [f"{n:09d}" for n in range(100000001, 100000201)]
    with db.session() as s:
        add_region(s)
        for i, bsn in enumerate(bsns):
            store(
                s,
                client(bsn),
                deployment("UWV", f"R{i}", bsn, "WF", "2008-01-01", end="2008-02-01"),
            )
    statements: list[str] = []
    event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    assert apply_retention(db, 3, today=TODAY).clients == len(bsns)
    # one UPDATE per table for all 200 clients, not one per client
    updates = [q for q in statements if q.lstrip().upper().startswith("UPDATE DEPLOYMENT")]
    assert len(updates) == 1
    with db.session() as s:
        assert not set(s.scalars(select(DeploymentRow.bsn))) & set(bsns)


def test_the_period_is_set_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`retention --set-period N` stores the period for everyone (audited); 0 clears it; a
    period the engine refuses exits 3 with its Dutch reason."""
    url = str(tmp_path / "periode.sqlite")
    open_database(url).dispose()
    assert main(["retention", "--set-period", "7", "--db", url, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"retention_period": 7}
    db = open_database(url)
    with db.session() as session:
        assert retention_period(session) == 7
    assert main(["retention", "--set-period", "0", "--db", url]) == 0
    assert "Geen bewaartermijn" in capsys.readouterr().out
    with db.session() as session:
        assert retention_period(session) is None
    assert main(["retention", "--set-period", "500", "--db", url]) == 3
    assert "hoogstens" in capsys.readouterr().err
