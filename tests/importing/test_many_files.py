"""A run of many small files (issue 10): what is worked out once per run (the compiled mapping,
the import lock, the detection's reading) behaves as it did per file, and every file is still a
transaction of its own."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from ketenkoppeling import importing
from ketenkoppeling.importing import (
    FileResult,
    ImportProgress,
    compiled_mapping,
    import_file,
    import_files,
)
from ketenkoppeling.mapping.detect import detect, file_problem
from ketenkoppeling.mapping.loader import load_mappings
from ketenkoppeling.mapping_store import available_mappings, current_version, save_version
from ketenkoppeling.store import Database
from ketenkoppeling.store.locks import IMPORT_LOCK, exclusive, holder
from ketenkoppeling.store.tables import (
    AuditLogRow,
    DeploymentRow,
    ImportBatchRow,
    SourceRecordRow,
)

SUWI = "suwinet-gsd-dossier-reintegratie"
SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
KB = "urn:nl:werk-en-inkomen:ketenbericht:v1"
GSD = "http://bkwi.nl/SuwiML/Diensten/GSDDossierReintegratie/v0200"


def _bsn(n: int) -> str:
    """A valid BSN (the 11-check) from ``n``."""
    base = f"{n % 10**8:08d}"
    total = sum(w * int(d) for w, d in zip(range(9, 1, -1), base, strict=True))
    return base + str(total % 11) if total % 11 < 10 else _bsn(n + 1)


def _response(n: int, *, header: str = "", instrument: str = "Jobcoach") -> str:
    """A small SuwiML response: one client (BSN by ``n``) with two provisions."""
    bsn = _bsn(10_000_000 + n)
    provisions = "".join(
        f"<ReIntegratievoorziening><Registratienr>R-{n}-{i}</Registratienr>"
        "<DatBReIntegratievoorziening>20080101</DatBReIntegratievoorziening>"
        "<DatEReIntegratievoorziening>20080630</DatEReIntegratievoorziening>"
        f"<OmsReIntegratievoorziening>{instrument}</OmsReIntegratievoorziening>"
        "</ReIntegratievoorziening>\n"
        for i in range(2)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<soap:Envelope xmlns:soap="{SOAP}">{header}'
        f'<soap:Body>\n<gsd:GSDDossierReintegratieResponse xmlns:gsd="{GSD}">\n'
        f"<ClientSuwi><Burgerservicenr>{bsn}</Burgerservicenr>"
        "<Geboortedat>19710412</Geboortedat>"
        "<SignificantDeelVanDeAchternaam>Berg</SignificantDeelVanDeAchternaam>"
        "<Voorletters>J</Voorletters>\n<Bron><CdPartijSuwi>0392</CdPartijSuwi></Bron>\n"
        f"{provisions}</ClientSuwi>\n</gsd:GSDDossierReintegratieResponse></soap:Body>"
        "</soap:Envelope>\n"
    )


def _files(folder: Path, count: int, start: int = 0, **kwargs: Any) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(start, start + count):
        path = folder / f"antwoord-{n:03d}.xml"
        path.write_text(_response(n, **kwargs), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture
def readers(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Every XmlReader the importer builds (a fresh compile cache for the test)."""
    built: list[Any] = []
    real = importing.XmlReader

    def counting(*args: Any, **kwargs: Any) -> Any:
        reader = real(*args, **kwargs)
        built.append(reader)
        return reader

    monkeypatch.setattr(importing, "XmlReader", counting)
    monkeypatch.setattr(importing, "_compiled", type(importing._compiled)())
    yield built


def test_the_mapping_is_compiled_once_for_a_run(
    ref_db: Database, tmp_path: Path, readers: list[Any]
) -> None:
    results = import_files(ref_db, _files(tmp_path, 5))
    assert [r.status for r in results] == ["imported"] * 5
    assert [(r.read, r.new, r.quarantined) for r in results] == [(2, 2, 0)] * 5
    assert len(readers) == 1
    # a next run with the same mapping (loaded again: another object, the same content)
    import_files(ref_db, _files(tmp_path / "meer", 3, start=10))
    assert len(readers) == 1


def test_a_changed_mapping_is_compiled_anew(
    ref_db: Database, tmp_path: Path, readers: list[Any]
) -> None:
    import_files(ref_db, _files(tmp_path / "a", 2, instrument="Scholing/opleiding"))
    assert len(readers) == 1
    shipped = current_version(ref_db, SUWI)
    assert shipped is not None
    # "Scholing/opleiding" now means Work First: a new version in the database
    save_version(
        ref_db,
        shipped.text.replace('to="SCH"', 'to="WF"'),
        comment="scholing is work first",
        expected=shipped.version,
    )
    results = import_files(
        ref_db, _files(tmp_path / "b", 2, start=5, instrument="Scholing/opleiding")
    )
    assert [r.mapping_version for r in results] == ["2", "2"]
    assert len(readers) == 2
    with ref_db.session() as s:
        found = s.execute(select(DeploymentRow.reference, DeploymentRow.instrument))
        instruments = {reference: instrument for reference, instrument in found}
    assert instruments["R-0-0"] == "SCH" and instruments["R-5-0"] == "WF"


def test_the_same_name_and_version_with_other_content_is_compiled_anew(
    ref_db: Database, tmp_path: Path
) -> None:
    mapping = available_mappings(ref_db)[SUWI]
    first = compiled_mapping(mapping)
    assert compiled_mapping(mapping) is first
    assert compiled_mapping(replace(mapping)) is first  # equal: kept
    changed = replace(mapping, description="anders")
    assert compiled_mapping(changed) is not first
    assert compiled_mapping(changed).mapping is changed


def test_each_file_of_a_run_is_stored_whole_or_not_at_all(
    ref_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = _files(tmp_path, 4)
    files[1].write_text(_response(1).replace("</ClientSuwi>", "</Client>"), encoding="utf-8")
    real = importing.RecordWriter.write
    calls = {"n": 0}

    def failing(self: Any, items: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 3:  # the fourth file (the second was refused before storing)
            raise RuntimeError("stroomstoring")
        return real(self, items)

    monkeypatch.setattr(importing.RecordWriter, "write", failing)
    with pytest.raises(RuntimeError):
        import_files(ref_db, files)
    with ref_db.session() as s:
        batches = s.scalars(select(ImportBatchRow).order_by(ImportBatchRow.id)).all()
        assert [b.file_name for b in batches] == [files[0].name, files[2].name]
        for batch in batches:
            stored = s.scalar(select(func.count()).where(SourceRecordRow.batch_id == batch.id))
            assert batch.status == "imported" and batch.records_read == stored == 2
        assert s.scalar(select(func.count()).select_from(DeploymentRow)) == 4
        audited = s.scalars(select(AuditLogRow.subject).where(AuditLogRow.action == "import"))
        assert sorted(audited) == [files[0].name, files[2].name]
    # the run let go of the import lock although it stopped halfway
    assert holder(ref_db, IMPORT_LOCK) is None
    with exclusive(ref_db, IMPORT_LOCK, user="ander", timeout=1):
        pass


def test_a_refused_file_in_a_run_leaves_the_others(ref_db: Database, tmp_path: Path) -> None:
    files = _files(tmp_path, 3)
    # broken after its first record: refused whole, nothing of it stored
    files[1].write_text(_response(1).replace("</ClientSuwi>", "</Client>"), encoding="utf-8")
    results = import_files(ref_db, files)
    assert [r.status for r in results] == ["imported", "rejected", "imported"]
    assert results[1].batch is None and results[1].read == 0
    with ref_db.session() as s:
        assert s.scalar(select(func.count()).select_from(ImportBatchRow)) == 2
        assert s.scalar(select(func.count()).select_from(SourceRecordRow)) == 4


def test_batch_row_and_audit_entry_of_each_file(ref_db: Database, tmp_path: Path) -> None:
    files = _files(tmp_path, 2)
    files.append(tmp_path / "nog-eens.xml")
    files[2].write_text(_response(0, instrument="Onbekend"), encoding="utf-8")  # quarantine
    results = import_files(ref_db, files, user="anna")
    with ref_db.session() as s:
        for result in results:
            batch = s.get(ImportBatchRow, result.batch)
            assert batch is not None
            assert (batch.status, batch.user, batch.mapping_name, batch.mapping_version) == (
                "imported", "anna", SUWI, "1",
            )  # fmt: skip
            assert batch.finished_at is not None and batch.finished_at >= batch.started_at
            counts = (
                batch.records_read, batch.records_new, batch.records_unchanged,
                batch.records_replaced, batch.records_quarantined,
            )  # fmt: skip
            assert counts == (
                result.read,
                result.new,
                result.unchanged,
                result.replaced,
                result.quarantined,
            )
            assert result.read == result.new + result.unchanged + result.replaced + (
                result.quarantined
            )
            assert batch.settings == {} and batch.partner is None
            entry = s.scalars(
                select(AuditLogRow).where(AuditLogRow.subject == batch.file_name)
            ).one()
            assert (entry.user, entry.action, entry.at) == ("anna", "import", batch.finished_at)
            assert entry.detail == {
                "batch": batch.id, "mapping": f"{SUWI} (versie 1)", "read": result.read,
                "new": result.new, "unchanged": result.unchanged, "replaced": result.replaced,
                "quarantined": result.quarantined,
            }  # fmt: skip
            positions = s.execute(
                select(SourceRecordRow.seq, SourceRecordRow.line, SourceRecordRow.xpath)
                .where(SourceRecordRow.batch_id == batch.id)
                .order_by(SourceRecordRow.seq)
            ).all()
            assert [p.seq for p in positions] == [1, 2]
            for p in positions:
                assert p.line is not None
                assert (p.xpath or "").endswith(f"/ClientSuwi/ReIntegratievoorziening[{p.seq}]")
    assert [r.quarantined for r in results] == [0, 0, 2]


def test_the_import_lock_is_taken_once_for_the_run(
    ref_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken: list[str] = []
    real = importing.exclusive

    def counting(db: Database, name: str, **kwargs: Any) -> AbstractContextManager[None]:
        taken.append(kwargs.get("task") or name)
        return real(db, name, **kwargs)

    monkeypatch.setattr(importing, "exclusive", counting)
    seen: list[str | None] = []

    def progress(report: ImportProgress) -> None:
        found = holder(ref_db, IMPORT_LOCK)
        seen.append(found.task if found is not None else None)

    files = _files(tmp_path, 3)
    results = import_files(ref_db, files, progress=progress)
    assert [r.status for r in results] == ["imported"] * 3
    assert taken == [f"inlezen van {files[0].name} en nog 2 bestanden"]
    assert set(seen) == {taken[0]}  # held while the files were read
    assert holder(ref_db, IMPORT_LOCK) is None
    # one file: named alone, as before
    import_files(ref_db, _files(tmp_path / "een", 1, start=7))
    assert taken[1] == "inlezen van antwoord-007.xml"
    # a file of its own takes the lock of its own, as before
    import_file(ref_db, _files(tmp_path / "los", 1, start=8)[0])
    assert taken[2] == "inlezen van antwoord-008.xml"


def test_a_second_run_waits_for_the_whole_first_and_finds_its_files_imported(
    ref_db: Database, tmp_path: Path
) -> None:
    files = _files(tmp_path, 3)
    told: list[str] = []
    with exclusive(ref_db, IMPORT_LOCK, user="bram", task="inlezen van x.xml en nog 2 bestanden"):
        outcome: list[list[FileResult]] = []
        worker = threading.Thread(
            target=lambda: outcome.append(import_files(ref_db, files, waiting=told.append))
        )
        worker.start()
        worker.join(0.5)
        assert worker.is_alive()  # waits its turn
    worker.join(10)
    assert len(told) == 1, told
    assert told[0].startswith("inlezen van x.xml en nog 2 bestanden loopt al bij bram sinds ")
    assert [r.status for r in outcome[0]] == ["imported"] * 3
    again = import_files(ref_db, files)
    assert [r.status for r in again] == ["already-imported"] * 3


@pytest.mark.parametrize(
    "text",
    [
        _response(1),
        _response(1, header="<soap:Header>" + "<h>x</h>" * 10 + "</soap:Header>"),
        f'<soap:Envelope xmlns:soap="{SOAP}"><soap:Body/><x/></soap:Envelope>',
        f'<soap:Envelope xmlns:soap="{SOAP}"><soap:Body>',
        f'<?xml version="1.0"?><!-- c --><soap:Envelope xmlns:soap="{SOAP}"/>',
        f'<kb:Berichtenbatch xmlns:kb="{KB}"><a/></kb:Berichtenbatch>',
        f'<gsd:GSDDossierReintegratieResponse xmlns:gsd="{GSD}"/>',
        "<Onbekend><a/><b/></Onbekend>",
    ],
)
def test_detection_finds_what_detect_finds(tmp_path: Path, text: str) -> None:
    path = tmp_path / "bestand.xml"
    path.write_text(text, encoding="utf-8")
    assert file_problem(path) is None  # what the importer checks first
    mappings = load_mappings()
    found, attempts = importing._detect_readable(path, mappings)
    expected, expected_attempts = detect(path, mappings)
    assert (found.name if found else None) == (expected.name if expected else None)
    if found is None:
        assert attempts == expected_attempts


def test_detection_of_the_samples(samples: Path) -> None:
    mappings = load_mappings()
    for path in sorted(samples.iterdir()):
        if path.suffix in (".xml", ".csv", ".xlsx") and path.name != "referentie.xlsx":
            found, _ = importing._detect_readable(path, mappings)
            expected, _ = detect(path, mappings)
            assert found is expected, path.name
