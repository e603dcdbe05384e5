"""The whole sample region through the pipeline: the counts of expected.json."""

from __future__ import annotations

from sqlalchemy import func, select

from ketenkoppeling.importing import import_files, quarantined_records
from ketenkoppeling.store import Database
from ketenkoppeling.store.tables import (
    DeploymentRow,
    HistoryRow,
    ImportBatchRow,
    SourceRecordRow,
    SpendLineRow,
)
from tests.importing.conftest import SAMPLES, expected


def _import_all(db: Database) -> list:
    order = expected()["import_order"][1:]
    return import_files(db, [SAMPLES / name for name in order])


def test_sample_region_counts(ref_db: Database) -> None:
    results = _import_all(ref_db)
    assert [r.status for r in results] == ["imported"] * len(results)
    counts = expected()["counts"]
    xml = sum(r.quarantined for r in results if r.file.endswith(".xml"))
    assert xml == counts["quarantined_rows"]["xml"]
    by_file = {r.file: r for r in results}
    for name, n in counts["quarantined_rows"].items():
        if name != "xml":
            assert by_file[name].quarantined == n, name
    others = [r for r in results if not r.file.endswith(".xml") and r.file != "trajecten-iasz.xlsx"]
    assert all(r.quarantined == 0 for r in others)
    with ref_db.session() as s:
        assert s.scalar(select(func.count()).select_from(DeploymentRow)) == counts["deployments"]
        assert s.scalar(select(func.count()).select_from(SpendLineRow)) == counts["spend_lines"]
    for r in results:  # every record read ends up exactly once
        assert r.read == r.new + r.unchanged + r.replaced + r.quarantined


def test_every_stored_row_has_provenance(ref_db: Database) -> None:
    _import_all(ref_db)
    with ref_db.session() as s:
        missing = s.scalar(
            select(func.count())
            .select_from(SpendLineRow)
            .where(SpendLineRow.source_record_id.is_(None))
        )
        assert missing == 0
        line = s.scalars(select(SpendLineRow).limit(1)).one()
        source = s.get(SourceRecordRow, line.source_record_id)
        assert source is not None
        batch = s.get(ImportBatchRow, source.batch_id)
        assert batch is not None and batch.mapping_name and batch.content_hash
        assert source.location


def test_reimport_changes_nothing(ref_db: Database) -> None:
    first = _import_all(ref_db)
    with ref_db.session() as s:
        before = (
            s.scalar(select(func.count()).select_from(SourceRecordRow)),
            s.scalar(select(func.count()).select_from(HistoryRow)),
        )
    again = _import_all(ref_db)
    assert [r.status for r in again] == ["already-imported"] * len(again)
    assert [r.batch for r in again] == [r.batch for r in first]
    with ref_db.session() as s:
        after = (
            s.scalar(select(func.count()).select_from(SourceRecordRow)),
            s.scalar(select(func.count()).select_from(HistoryRow)),
        )
    assert before == after


def test_quarantined_records_are_listed_with_reasons(ref_db: Database) -> None:
    results = _import_all(ref_db)
    iasz = next(r for r in results if r.file == "trajecten-iasz.xlsx")
    with ref_db.session() as s:
        records = quarantined_records(s, iasz.batch)
    assert len(records) == 1
    record = records[0]
    assert record.location.startswith("blad Trajecten, rij ")
    assert any("elfproef" in e["message"] for e in record.errors)
    assert record.data and "BSN" in record.data
