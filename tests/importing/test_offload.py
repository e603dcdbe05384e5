"""A large file is read and mapped in a second process while the first stores
(sources/offload.py): the outcome is exactly that of reading in one process — the same counts,
rows, quarantine with positions and provenance — and a refusal, a cancel or a failure in the
reading process leaves nothing behind."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from ketenkoppeling.importing import import_file, import_files
from ketenkoppeling.reference import load_reference_workbook
from ketenkoppeling.store import Database, open_database
from ketenkoppeling.store.tables import (
    AttributionRow,
    ClientRow,
    DeploymentRow,
    ImportBatchRow,
    SourceRecordRow,
    SpendLineRow,
)

FILES = [
    "uwv-2008-batch1.xml", "uwv-2008-batch2.xml", "haarlem-2008.xml", "trajecten-hlm.xlsx",
    "facturen-rib-0002.csv", "uitkeringsperioden-gemeenten.csv",
]  # fmt: skip


def _snapshot(db: Database) -> dict[str, Any]:
    with db.session() as s:
        return {
            "sources": [
                (r.seq, r.location, r.status, r.errors, r.data, r.spend_amount_cents)
                for r in s.scalars(select(SourceRecordRow).order_by(SourceRecordRow.id))
            ],
            "clients": s.execute(select(ClientRow.bsn, ClientRow.content_hash)).all(),
            "deployments": s.execute(
                select(DeploymentRow.partner, DeploymentRow.reference, DeploymentRow.content_hash)
            ).all(),
            "spend": s.execute(
                select(
                    SpendLineRow.invoice_number,
                    SpendLineRow.amount_cents,
                    SpendLineRow.content_hash,
                ).order_by(SpendLineRow.id)
            ).all(),
            "parts": s.execute(
                select(AttributionRow.budget, AttributionRow.part_cents).order_by(AttributionRow.id)
            ).all(),
            "batches": s.execute(
                select(
                    ImportBatchRow.records_read,
                    ImportBatchRow.records_new,
                    ImportBatchRow.records_quarantined,
                    ImportBatchRow.partner,
                    ImportBatchRow.settings,
                ).order_by(ImportBatchRow.id)
            ).all(),
        }


def _fresh(tmp_path: Path, name: str, samples: Path) -> Database:
    db = open_database(str(tmp_path / f"{name}.sqlite"))
    load_reference_workbook(db, samples / "referentie.xlsx")
    return db


def test_a_second_process_stores_exactly_what_one_process_stores(
    tmp_path: Path, samples: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = _fresh(tmp_path, "here", samples)
    monkeypatch.setenv("KETENKOPPELING_OFFLOAD_BYTES", str(1 << 40))
    one = [r.to_json() for r in import_files(here, [samples / f for f in FILES])]
    there = _fresh(tmp_path, "there", samples)
    monkeypatch.setenv("KETENKOPPELING_OFFLOAD_BYTES", "0")
    two = [r.to_json() for r in import_files(there, [samples / f for f in FILES])]
    for a, b in zip(one, two, strict=True):
        a.pop("batch"), b.pop("batch")
    assert one == two
    assert _snapshot(here) == _snapshot(there)


def test_a_refusal_in_the_reading_process_reaches_the_user(
    ref_db: Database, tmp_path: Path, samples: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KETENKOPPELING_OFFLOAD_BYTES", "0")
    broken = tmp_path / "afgebroken.xml"
    text = (samples / "uwv-2008-batch1.xml").read_text(encoding="utf-8")
    broken.write_text(text[: len(text) // 2], encoding="utf-8")  # cut off halfway
    result = import_file(ref_db, broken)
    assert result.status == "rejected"
    assert result.message and "regel" in result.message
    with ref_db.session() as s:
        assert s.scalars(select(SourceRecordRow)).first() is None


def test_cancel_stops_the_reading_process_and_stores_nothing(
    ref_db: Database, samples: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KETENKOPPELING_OFFLOAD_BYTES", "0")
    asked = {"n": 0}

    def cancel() -> bool:
        asked["n"] += 1
        return asked["n"] > 1  # not at the start: once the reading process runs

    result = import_file(ref_db, samples / "uwv-2008-batch1.xml", cancel=cancel)
    assert result.status == "cancelled"
    with ref_db.session() as s:
        assert s.scalars(select(ImportBatchRow)).first() is None
