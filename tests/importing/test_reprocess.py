"""Reprocessing the quarantine after a mapping change, reading a file again, and the refusal
of a mapping that yields no record (spec/cli.md, issue 8)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from ketenkoppeling import mapping_store
from ketenkoppeling.importing import import_file, import_files
from ketenkoppeling.reprocessing import quarantine_summary, reprocess
from ketenkoppeling.store import Database
from ketenkoppeling.store.tables import (
    AuditLogRow,
    DeploymentRow,
    ImportBatchRow,
    SourceRecordRow,
)
from tests.importing.test_suwiml import ENVELOPE

UWV = "uwv-reintegratie-export"
REASON = "onbekend instrument 'Werkervaringsplaats'"


def uwv_with_new_product(samples: Path, tmp_path: Path, rows: tuple[int, ...] = (2, 3, 5)) -> Path:
    """The sample UWV export with a product name the shipped mapping does not know."""
    wb = openpyxl.load_workbook(samples / "uwv-reintegratie-export.xlsx")
    ws = wb["Export"]
    for row in rows:
        ws.cell(row=row, column=6, value="Werkervaringsplaats")
    path = tmp_path / "uwv-export-nieuw-product.xlsx"
    wb.save(path)
    return path


def add_entry(text: str, value: str, code: str) -> str:
    entry = '<entry from="Work First traject" to="WF"/>'
    assert entry in text
    return text.replace(entry, f'{entry}\n          <entry from="{value}" to="{code}"/>')


def status_counts(db: Database, batch: int) -> dict[str, int]:
    with db.session() as s:
        rows = s.execute(
            select(SourceRecordRow.status, func.count())
            .where(SourceRecordRow.batch_id == batch)
            .group_by(SourceRecordRow.status)
        ).all()
    return {status: n for status, n in rows}


def invariant(result: object) -> bool:
    r = result
    return r.read == r.new + r.unchanged + r.replaced + r.quarantined  # type: ignore[attr-defined]


def test_quarantine_fixed_by_a_new_mapping_version_and_reprocessed(
    ref_db: Database, samples: Path, tmp_path: Path
) -> None:
    path = uwv_with_new_product(samples, tmp_path)
    first = import_file(ref_db, path)
    assert first.status == "imported" and first.quarantined == 3, first.message
    error = next(e for e in first.errors if e["message"] == REASON)
    assert (error["target"], error["value"], error["lookup"]) == (
        "deployment.instrument", "Werkervaringsplaats", "instrument",
    )  # fmt: skip
    summary = quarantine_summary(ref_db)
    assert [(g.batch, g.reason, g.count) for g in summary] == [(first.batch, REASON, 3)]

    # without a fix the records stay quarantined, in a run of their own
    still = reprocess(ref_db)
    assert [(r.status, r.read, r.quarantined) for r in still] == [("reprocessed", 3, 3)]
    assert still[0].reprocessed_batch == first.batch and invariant(still[0])
    assert status_counts(ref_db, first.batch or 0)["reprocessed"] == 3
    assert [g.batch for g in quarantine_summary(ref_db)] == [still[0].batch]

    current = mapping_store.current_version(ref_db, UWV)
    assert current is not None and current.version == "1"
    saved = mapping_store.save_version(
        ref_db, add_entry(current.text, "Werkervaringsplaats", "PP"),
        comment="Werkervaringsplaats is een proefplaatsing", user="beheerder", expected="1",
    )  # fmt: skip
    assert saved.version == "2"

    preview = reprocess(ref_db, dry_run=True)
    assert [(r.status, r.batch, r.read, r.quarantined) for r in preview] == [
        ("reprocessed", None, 3, 0)
    ]
    with ref_db.session() as s:
        assert s.scalar(select(func.count()).select_from(DeploymentRow).where(
            DeploymentRow.instrument == "PP")) == 0  # fmt: skip
    assert len(quarantine_summary(ref_db)) == 1  # a dry run changes nothing

    done = reprocess(ref_db, reason=REASON, user="beheerder")
    assert len(done) == 1
    run = done[0]
    assert (run.status, run.read, run.quarantined, run.mapping_version) == (
        "reprocessed", 3, 0, "2",
    )  # fmt: skip
    assert invariant(run) and run.new + run.replaced + run.unchanged == 3
    assert run.to_json()["reprocessed_batch"] == still[0].batch
    assert quarantine_summary(ref_db) == []
    with ref_db.session() as s:
        batch = s.get(ImportBatchRow, run.batch)
        assert batch is not None
        assert (batch.status, batch.reprocessed_batch, batch.mapping_version) == (
            "reprocessed", still[0].batch, "2",
        )  # fmt: skip
        assert (batch.records_read, batch.records_quarantined) == (3, 0)
        products = s.scalars(
            select(DeploymentRow.instrument)
            .join(SourceRecordRow, SourceRecordRow.id == DeploymentRow.source_record_id)
            .where(SourceRecordRow.batch_id == run.batch)
        ).all()
        assert set(products) == {"PP"}
        actions = s.scalars(select(AuditLogRow.action)).all()
        assert "mapping-save" in actions and actions.count("reprocess") == 2


def test_reprocess_a_batch_that_has_no_quarantine_is_refused(
    ref_db: Database, samples: Path
) -> None:
    result = import_file(ref_db, samples / "uitkeringsperioden-gemeenten.csv")
    assert result.status == "imported" and result.quarantined == 0
    from ketenkoppeling.sources.base import SourceRefused

    with pytest.raises(SourceRefused, match="geen records in quarantaine"):
        reprocess(ref_db, batch=result.batch)
    with pytest.raises(SourceRefused, match="bestaat niet"):
        reprocess(ref_db, batch=999)


def test_a_file_is_read_again_when_the_mapping_version_changed(
    ref_db: Database, samples: Path, tmp_path: Path
) -> None:
    path = uwv_with_new_product(samples, tmp_path)
    first = import_file(ref_db, path)
    again = import_file(ref_db, path)
    assert again.status == "already-imported" and again.batch == first.batch
    assert "--again" in (again.message or "")

    forced = import_file(ref_db, path, again=True)
    assert forced.status == "imported" and forced.new == 0 and forced.quarantined == 3
    assert forced.unchanged == forced.read - 3 and invariant(forced)

    current = mapping_store.current_version(ref_db, UWV)
    assert current is not None
    mapping_store.save_version(
        ref_db, add_entry(current.text, "Werkervaringsplaats", "PP"), comment="fix"
    )
    reread = import_files(ref_db, [path])[0]
    assert (reread.status, reread.mapping_version, reread.quarantined) == ("imported", "2", 0)
    assert invariant(reread)
    # the earlier readings' quarantine is superseded by the new reading
    assert quarantine_summary(ref_db) == []
    assert import_file(ref_db, path).status == "already-imported"


def test_a_mapping_that_yields_no_record_refuses_the_file(ref_db: Database, samples: Path) -> None:
    result = import_file(
        ref_db, samples / "haarlem-2008.xml", mapping="suwinet-gsd-dossier-reintegratie"
    )
    assert result.status == "rejected"
    assert "geen enkel record" in (result.message or "")
    with ref_db.session() as s:
        assert s.scalar(select(func.count()).select_from(ImportBatchRow)) == 0
    # so the right mapping can still read it
    assert import_file(ref_db, samples / "haarlem-2008.xml").status == "imported"


def test_xml_records_reprocess_with_their_ancestors(ref_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "suwi.xml"
    path.write_text(ENVELOPE.format(bsn="111222333", ref="SUWI-9"), encoding="utf-8")
    first = import_file(ref_db, path)
    assert (first.read, first.quarantined) == (2, 1)
    error = next(e for e in first.errors if "Onbekend ding" in e["message"])
    assert error["target"] == "deployment.instrument"
    current = mapping_store.current_version(ref_db, "suwinet-gsd-dossier-reintegratie")
    assert current is not None
    fixed = current.text.replace(
        '<entry from="Jobcoach" to="JC"/>',
        '<entry from="Jobcoach" to="JC"/>\n          <entry from="Onbekend ding" to="ZORG"/>',
    )
    mapping_store.save_version(ref_db, fixed, comment="Onbekend ding is zorg")
    run = reprocess(ref_db)[0]
    assert (run.read, run.quarantined, run.new) == (1, 0, 1), run.errors
    with ref_db.session() as s:
        dep = s.scalars(select(DeploymentRow).where(DeploymentRow.reference == "SUWI-9-2")).one()
        # fields taken from the ancestors of the record: the client's BSN and the Suwi party
        assert (dep.bsn, dep.partner, dep.instrument) == ("111222333", "GEM-0392", "ZORG")
