"""Mapping versions in the database (team mappings) and the workbench's preview."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from ketenkoppeling import mapping_store
from ketenkoppeling.importing import ImportCancelled
from ketenkoppeling.mapping.loader import MappingError
from ketenkoppeling.preview import PreviewCounts, preview_counts, preview_records
from ketenkoppeling.store import Database
from ketenkoppeling.store.tables import AuditLogRow
from tests.importing.test_reprocess import REASON, UWV, add_entry, uwv_with_new_product


def test_versions_are_saved_listed_compared_and_restored(ref_db: Database) -> None:
    shipped = mapping_store.current_version(ref_db, UWV)
    assert shipped is not None and shipped.origin == mapping_store.SHIPPED_ORIGIN
    fixed = add_entry(shipped.text, "Werkervaringsplaats", "PP")
    two = mapping_store.save_version(ref_db, fixed, comment="WEP", user="anne", expected="1")
    assert (two.version, two.author, two.origin) == ("2", "anne", "database")
    assert mapping_store.available_mappings(ref_db)[UWV].version == "2"

    # a colleague who opened version 1 cannot overwrite version 2
    with pytest.raises(mapping_store.MappingConflict, match="versie 2 door anne"):
        mapping_store.save_version(ref_db, shipped.text, comment="oud", user="bert", expected="1")

    versions = mapping_store.list_versions(ref_db, UWV)
    assert [(v.version, v.comment) for v in versions][1:] == [("2", "WEP")]
    diff = mapping_store.diff_versions(versions[0], versions[1])
    assert '+          <entry from="Werkervaringsplaats" to="PP"/>' in diff
    assert (
        '-<mapping xmlns="urn:ketenkoppeling:mapping:v1" name="uwv' not in diff or "version" in diff
    )

    three = mapping_store.restore_version(ref_db, UWV, "1", comment="", user="anne")
    assert three.version == "3" and "Werkervaringsplaats" not in three.text
    assert mapping_store.available_mappings(ref_db)[UWV].version == "3"
    with ref_db.session() as s:
        saves = s.scalars(select(AuditLogRow).where(AuditLogRow.action == "mapping-save")).all()
        assert [(a.user, a.detail["version"]) for a in saves] == [("anne", 2), ("anne", 3)]


def test_an_invalid_mapping_is_not_saved(ref_db: Database) -> None:
    shipped = mapping_store.current_version(ref_db, UWV)
    assert shipped is not None
    broken = shipped.text.replace('<source format="xlsx"', '<source format="pdf"')
    with pytest.raises(MappingError, match="regel"):
        mapping_store.save_version(ref_db, broken, comment="kapot")
    assert len(mapping_store.list_versions(ref_db, UWV)) == 1


def test_export_and_import_a_mapping_file(ref_db: Database, tmp_path: Path) -> None:
    out = mapping_store.export_mapping(ref_db, UWV, tmp_path / "uwv.xml")
    saved = mapping_store.import_mapping_file(ref_db, out, user="anne")
    assert saved.version == "2" and "ingelezen uit uwv.xml" in saved.comment


def test_preview_records_and_counts_compared_with_the_saved_version(
    ref_db: Database, samples: Path, tmp_path: Path
) -> None:
    path = uwv_with_new_product(samples, tmp_path)
    saved = mapping_store.available_mappings(ref_db)[UWV]
    first = preview_records(ref_db, saved, path, limit=3)
    assert [r.status for r in first] == ["quarantined", "quarantined", "stored"]
    assert first[0].errors[0]["message"] == REASON
    assert ("deployment", "instrument", "ZORG") in first[2].values

    before = preview_counts(ref_db, saved, path)
    assert (before.read, before.stored, before.quarantined) == (19, 16, 3)
    assert before.reasons == {REASON: 3}
    text = mapping_store.current_version(ref_db, UWV).text  # type: ignore[union-attr]
    edited = mapping_store.mapping_from_text(add_entry(text, "Werkervaringsplaats", "PP"))
    after = preview_counts(ref_db, edited, path)
    assert (after.stored, after.quarantined) == (19, 0)
    assert after.compare(before) == "3 meer opgeslagen, 3 minder in quarantaine"
    assert after.compare(after) == "geen verschil met de opgeslagen versie"
    assert PreviewCounts(stored=1).compare(PreviewCounts(stored=3)) == "2 minder opgeslagen"
    with pytest.raises(ImportCancelled):
        preview_counts(ref_db, edited, path, cancel=lambda: True)


def test_two_colleagues_saving_at_once_on_any_database(any_db: Database) -> None:
    """On a shared database: the second save from the same version is told, not lost."""
    start = mapping_store.current_version(any_db, UWV)
    assert start is not None
    mine = add_entry(start.text, "Werkervaringsplaats", "PP")
    theirs = add_entry(start.text, "Werkstage", "SCH")
    first = mapping_store.save_version(any_db, mine, comment="a", user="anne", expected="1")
    with pytest.raises(mapping_store.MappingConflict):
        mapping_store.save_version(any_db, theirs, comment="b", user="bert", expected="1")
    assert mapping_store.current_version(any_db, UWV) == first
    assert mapping_store.available_mappings(any_db)[UWV].version == "2"
