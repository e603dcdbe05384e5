"""Withdrawing an import batch (issue 9): rows removed or restored from history, audited."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from ketenkoppeling.checks.runner import run_checks
from ketenkoppeling.importing import import_file
from ketenkoppeling.reference import load_reference_workbook
from ketenkoppeling.store import Database
from ketenkoppeling.store.tables import (
    AttributionRow,
    AuditLogRow,
    ClientRow,
    DeploymentRow,
    FindingRow,
    HistoryRow,
    ImportBatchRow,
    SourceRecordRow,
    SpendLineRow,
)
from ketenkoppeling.withdrawal import WithdrawRefused, withdraw_batch
from tests.importing.test_layouts import ROW, trajecten

SAMPLES = Path(__file__).parent / "data" / "samples"


@pytest.fixture
def region(any_db: Database) -> Database:
    load_reference_workbook(any_db, SAMPLES / "referentie.xlsx")
    return any_db


def _row(**changes: object) -> list[object]:
    columns = {"reference": 8, "invoice": 9, "amount": 13, "surname": 1, "provider": 5}
    row = list(ROW)
    for name, value in changes.items():
        row[columns[name]] = value
    return row


def _count(db: Database, table: type) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(table)) or 0


def _state(db: Database) -> dict[str, object]:
    A = AttributionRow
    with db.session() as s:
        return {
            "amounts": s.scalars(select(SpendLineRow.amount_cents).order_by(SpendLineRow.id)).all(),
            "parts": s.execute(
                select(A.budget, A.percentage_bp, A.part_cents).order_by(A.spend_line_id, A.seq)
            ).all(),
            "providers": s.scalars(select(DeploymentRow.provider).order_by(DeploymentRow.id)).all(),
            "surnames": s.scalars(select(ClientRow.surname).order_by(ClientRow.bsn)).all(),
            "sources": s.execute(
                select(SourceRecordRow.batch_id)
                .join(SpendLineRow, SpendLineRow.source_record_id == SourceRecordRow.id)
                .order_by(SpendLineRow.id)
            ).scalars().all(),
        }  # fmt: skip


def test_withdrawing_a_first_import_removes_its_rows(region: Database, tmp_path: Path) -> None:
    first = import_file(region, trajecten(tmp_path / "a.xlsx", [ROW, _row(reference="HLM-T-2")]))
    assert first.status == "imported" and first.new == 2
    assert _count(region, DeploymentRow) == 2 and _count(region, AttributionRow) == 2

    preview = withdraw_batch(region, first.batch or 0, dry_run=True, user="anna")
    assert preview.dry_run and preview.entities["deployment"].removed == 2
    assert preview.entities["spend_line"].removed == 2
    assert _count(region, DeploymentRow) == 2  # a dry run stores nothing
    with region.session() as s:
        assert s.get(ImportBatchRow, first.batch).withdrawn_at is None

    done = withdraw_batch(region, first.batch or 0, user="anna")
    assert (done.removed, done.restored, done.records) == (5, 0, 2)  # 2+2 + the client
    for table in (DeploymentRow, SpendLineRow, AttributionRow, ClientRow):
        assert _count(region, table) == 0, table
    with region.session() as s:
        batch = s.get(ImportBatchRow, first.batch)
        assert batch is not None
        assert (batch.status, batch.withdrawn_by) == ("withdrawn", "anna")
        assert batch.withdrawn_at is not None
        statuses = set(s.scalars(select(SourceRecordRow.status)))
        assert statuses == {"withdrawn"}  # provenance stays
        audit = s.scalars(select(AuditLogRow).where(AuditLogRow.action == "withdraw")).one()
        assert audit.user == "anna" and audit.detail and audit.detail["batch"] == first.batch


def test_withdrawing_a_correction_brings_the_earlier_versions_back(
    region: Database, tmp_path: Path
) -> None:
    import_file(region, trajecten(tmp_path / "a.xlsx", [ROW, _row(reference="HLM-T-2")]))
    before = _state(region)
    history_before = _count(region, HistoryRow)
    corrected = [_row(amount="€ 2.000,00", provider="rib-0002", surname="Vries, K. de"),
                 _row(reference="HLM-T-2"), _row(reference="HLM-T-3", invoice="F-3")]  # fmt: skip
    fix = import_file(region, trajecten(tmp_path / "b.xlsx", corrected))
    assert (fix.replaced, fix.new, fix.unchanged) == (1, 1, 1), fix.to_json()
    after_fix = _state(region)
    assert after_fix["amounts"] != before["amounts"] and after_fix["parts"] != before["parts"]
    assert after_fix["providers"] != before["providers"]

    result = withdraw_batch(region, fix.batch or 0)
    assert result.entities["spend_line"].restored == 1
    assert result.entities["spend_line"].removed == 1  # F-3 was new
    assert result.entities["deployment"].restored == 1
    assert result.entities["client"].restored == 1
    assert _state(region) == before  # amounts, attributions, provider, name and lineage
    assert _count(region, HistoryRow) == history_before


def test_a_later_correction_stands_when_an_earlier_batch_is_withdrawn(
    region: Database, tmp_path: Path
) -> None:
    first = import_file(region, trajecten(tmp_path / "a.xlsx", [ROW]))
    second = import_file(
        region, trajecten(tmp_path / "b.xlsx", [_row(amount="€ 2.000,00", invoice="F-1")])
    )
    assert second.replaced == 1
    third = import_file(region, trajecten(tmp_path / "c.xlsx", [_row(amount="€ 3.000,00")]))
    assert third.replaced == 1
    # the middle version goes; the first stays as history of the third, which stays current
    result = withdraw_batch(region, second.batch or 0)
    assert result.entities["spend_line"].corrected_later == 1
    assert result.removed == 0 and result.restored == 0
    assert _state(region)["amounts"] == [300000]
    with region.session() as s:
        first_source = s.scalars(
            select(SourceRecordRow.id).where(SourceRecordRow.batch_id == first.batch)
        ).one()
        third_source = s.scalars(
            select(SourceRecordRow.id).where(SourceRecordRow.batch_id == third.batch)
        ).one()
        chain = s.execute(
            select(HistoryRow.source_record_id, HistoryRow.replaced_by_record_id).where(
                HistoryRow.entity == "spend_line"
            )
        ).all()
    assert chain == [(first_source, third_source)]
    # withdrawing the third now restores the first version
    withdraw_batch(region, third.batch or 0)
    assert _state(region)["amounts"] == [123456] and _state(region)["sources"] == [first.batch]


def test_quarantine_leaves_and_refusals(region: Database, tmp_path: Path) -> None:
    bad = _row(reference="HLM-T-9")
    bad[0] = "123456789"  # fails the elfproef
    first = import_file(region, trajecten(tmp_path / "a.xlsx", [ROW, bad]))
    assert first.quarantined == 1
    result = withdraw_batch(region, first.batch or 0)
    assert (result.records, result.quarantined) == (2, 1)
    with region.session() as s:
        left = s.scalar(
            select(func.count())
            .select_from(SourceRecordRow)
            .where(SourceRecordRow.status == "quarantined")
        )
    assert left == 0
    with pytest.raises(WithdrawRefused, match="al ingetrokken"):
        withdraw_batch(region, first.batch or 0)
    with pytest.raises(WithdrawRefused, match="bestaat niet"):
        withdraw_batch(region, 999)


def test_reprocessing_runs_go_with_their_batch(region: Database, tmp_path: Path) -> None:
    from ketenkoppeling.reprocessing import reprocess

    unknown = _row(reference="HLM-T-8")
    unknown[14] = "GEM-0392-XX-2008"  # an unknown budget: quarantined, then reprocessed
    first = import_file(region, trajecten(tmp_path / "a.xlsx", [ROW, unknown]))
    assert first.quarantined == 1
    runs = reprocess(region, batch=first.batch)
    assert runs and runs[0].batch is not None
    with pytest.raises(WithdrawRefused, match=f"herverwerking van batch {first.batch}"):
        withdraw_batch(region, runs[0].batch)
    result = withdraw_batch(region, first.batch or 0)
    assert result.batches == [first.batch, runs[0].batch]
    assert _count(region, DeploymentRow) == 0


def test_a_withdrawn_file_can_be_imported_again(region: Database, tmp_path: Path) -> None:
    path = trajecten(tmp_path / "a.xlsx", [ROW])
    first = import_file(region, path)
    assert import_file(region, path).status == "already-imported"
    withdraw_batch(region, first.batch or 0)
    again = import_file(region, path)
    assert (again.status, again.new) == ("imported", 1)
    assert again.batch != first.batch and _count(region, SpendLineRow) == 1


def test_findings_follow_at_the_next_check(region: Database, tmp_path: Path) -> None:
    import_file(region, trajecten(tmp_path / "a.xlsx", [ROW]))
    duplicate = _row(reference="HLM-T-2", invoice="F-1")  # the same invoice line twice
    mistake = import_file(region, trajecten(tmp_path / "b.xlsx", [duplicate]))
    run_checks(region)
    with region.session() as s:
        involved = [
            f.rule
            for f in s.scalars(select(FindingRow).where(FindingRow.status == "open"))
            if any("HLM-T-2" in r for r in f.records)
        ]
    assert involved, "the mistaken batch should raise a finding"
    withdraw_batch(region, mistake.batch or 0)
    run_checks(region)
    with region.session() as s:
        still = [
            f.rule
            for f in s.scalars(select(FindingRow).where(FindingRow.status == "open"))
            if any("HLM-T-2" in r for r in f.records)
        ]
    assert still == []


def _quarantined(db: Database) -> list[int]:
    with db.session() as s:
        return list(
            s.scalars(
                select(SourceRecordRow.batch_id).where(SourceRecordRow.status == "quarantined")
            )
        )


def test_withdrawing_a_second_reading_gives_the_first_its_quarantine_back(
    region: Database, tmp_path: Path
) -> None:
    bad = _row(reference="HLM-T-9")
    bad[0] = "123456789"  # fails the elfproef
    path = trajecten(tmp_path / "a.xlsx", [ROW, bad])
    first = import_file(region, path)
    second = import_file(region, path, again=True)
    assert (second.unchanged, second.quarantined) == (1, 1)
    assert _quarantined(region) == [second.batch]  # the second reading superseded the first
    result = withdraw_batch(region, second.batch or 0)
    assert result.quarantine_restored == 1 and result.removed == 0
    assert _quarantined(region) == [first.batch]
    assert _count(region, SpendLineRow) == 1  # the first reading's records stand


def test_the_first_of_two_readings_of_a_file_is_refused(region: Database, tmp_path: Path) -> None:
    path = trajecten(tmp_path / "a.xlsx", [ROW])
    first = import_file(region, path)
    second = import_file(region, path, again=True)
    message = f"later opnieuw ingelezen als batch {second.batch}.*trek eerst batch {second.batch}"
    with pytest.raises(WithdrawRefused, match=message):
        withdraw_batch(region, first.batch or 0)
    withdraw_batch(region, second.batch or 0)
    withdraw_batch(region, first.batch or 0)  # now it can go
    assert _count(region, SpendLineRow) == 0
