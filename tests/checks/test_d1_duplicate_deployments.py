from __future__ import annotations

from datetime import date, timedelta

from ketenkoppeling.checks import d1_duplicate_deployments as d1
from ketenkoppeling.checks.base import CheckSettings
from ketenkoppeling.store import Database
from tests.checks.helpers import add, found, records_of, region
from tests.factories import deployment

BSN = "111222333"
OTHER = "123456782"


def test_across_partners_is_an_error_with_the_whole_cluster(db: Database) -> None:
    region(
        db,
        deployment("UWV", "UWV-1", BSN, "SCH", "2008-06-02", provider="RIB-0007"),
        deployment("GEM-0392", "TRJ-42", BSN, "SCH", "2008-06-05"),  # provider missing
    )
    [finding] = found(db, d1.find)
    assert finding.rule == "D1"
    assert finding.severity == "error"
    assert finding.records == ["deployment GEM-0392/TRJ-42", "deployment UWV/UWV-1"]
    assert "Scholing (SCH)" in finding.message
    assert "02-06-2008" in finding.message and "05-06-2008" in finding.message
    assert "Stap Verder" in finding.message
    assert finding.suggestion


def test_within_one_partner_is_a_warning(db: Database) -> None:
    region(
        db,
        deployment("UWV", "UWV-1", BSN, "SCH", "2008-06-02"),
        deployment("UWV", "UWV-2", BSN, "SCH", "2008-06-02"),
    )
    [finding] = found(db, d1.find)
    assert finding.severity == "warning"
    assert "UWV" in finding.message


def test_fourteen_days_apart_is_a_duplicate_fifteen_is_not(db: Database) -> None:
    region(
        db,
        deployment("UWV", "A", BSN, "SCH", "2008-06-01"),
        deployment("GEM-0392", "B", BSN, "SCH", "2008-06-15"),  # 14 days
        deployment("UWV", "C", OTHER, "SCH", "2008-06-01"),
        deployment("GEM-0392", "D", OTHER, "SCH", "2008-06-16"),  # 15 days
    )
    assert records_of(found(db, d1.find)) == [["deployment GEM-0392/B", "deployment UWV/A"]]


def test_same_day_other_instrument_is_not_a_duplicate(db: Database) -> None:
    region(
        db,
        deployment("UWV", "A", BSN, "SCH", "2008-06-01"),
        deployment("GEM-0392", "B", BSN, "JC", "2008-06-01"),
    )
    assert found(db, d1.find) == []


def test_different_providers_are_not_duplicates(db: Database) -> None:
    region(
        db,
        deployment("UWV", "A", BSN, "SCH", "2008-06-01", provider="RIB-0007"),
        deployment("GEM-0392", "B", BSN, "SCH", "2008-06-03", provider="RIB-0008"),
    )
    assert found(db, d1.find) == []


def test_other_client_is_not_a_duplicate(db: Database) -> None:
    region(
        db,
        deployment("UWV", "A", BSN, "SCH", "2008-06-01"),
        deployment("GEM-0392", "B", OTHER, "SCH", "2008-06-01"),
    )
    assert found(db, d1.find) == []


def test_chained_pairs_form_one_cluster_of_three(db: Database) -> None:
    # A-B 10 days, B-C 10 days, A-C 20 days: one cluster through B
    region(
        db,
        deployment("UWV", "A", BSN, "SCH", "2008-06-01"),
        deployment("GEM-0392", "B", BSN, "SCH", "2008-06-11"),
        deployment("IASZ", "C", BSN, "SCH", "2008-06-21"),
    )
    [finding] = found(db, d1.find)
    assert finding.records == ["deployment GEM-0392/B", "deployment IASZ/C", "deployment UWV/A"]
    assert finding.identity == "GEM-0392/B|IASZ/C|UWV/A"
    assert finding.details["partners"] == ["GEM-0392", "IASZ", "UWV"]


def test_a_missing_provider_links_two_providers_into_one_cluster(db: Database) -> None:
    region(
        db,
        deployment("UWV", "A", BSN, "SCH", "2008-06-01", provider="RIB-0007"),
        deployment("GEM-0392", "B", BSN, "SCH", "2008-06-02"),
        deployment("GEM-0392", "C", BSN, "SCH", "2008-06-03", provider="RIB-0008"),
    )
    assert [len(c.records) for c in found(db, d1.find)] == [3]


def test_two_separate_clusters_in_one_block(db: Database) -> None:
    region(
        db,
        deployment("UWV", "A", BSN, "SCH", "2008-01-01"),
        deployment("GEM-0392", "B", BSN, "SCH", "2008-01-05"),
        deployment("UWV", "C", BSN, "SCH", "2008-06-01"),
        deployment("UWV", "D", BSN, "SCH", "2008-06-02"),
    )
    assert records_of(found(db, d1.find)) == [
        ["deployment GEM-0392/B", "deployment UWV/A"],
        ["deployment UWV/C", "deployment UWV/D"],
    ]


def test_the_same_key_imported_again_is_no_duplicate(db: Database) -> None:
    first = deployment("UWV", "A", BSN, "SCH", "2008-06-01")
    region(db, first)
    add(db, first)
    add(db, deployment("UWV", "A", BSN, "SCH", "2008-06-03"))  # a correction
    assert found(db, d1.find) == []


def test_the_window_is_configurable(db: Database) -> None:
    region(
        db,
        deployment("UWV", "A", BSN, "SCH", "2008-06-01"),
        deployment("GEM-0392", "B", BSN, "SCH", "2008-06-21"),
    )
    assert found(db, d1.find) == []
    assert len(found(db, d1.find, CheckSettings(d1_max_days=20))) == 1


def test_content_hash_follows_the_records(db: Database) -> None:
    region(
        db,
        deployment("UWV", "A", BSN, "SCH", "2008-06-01"),
        deployment("GEM-0392", "B", BSN, "SCH", "2008-06-02"),
    )
    [before] = found(db, d1.find)
    add(db, deployment("GEM-0392", "B", BSN, "SCH", "2008-06-02", werkcoach="m.bakker"))
    [after] = found(db, d1.find)
    assert after.fingerprint == before.fingerprint
    assert after.content_hash != before.content_hash


def test_clusters_in_a_block_compare_within_the_window_only() -> None:
    start = date(2000, 1, 1)
    block = [
        d1.Dep("UWV", str(i), BSN, "SCH", None, start + timedelta(days=15 * i), "h")
        for i in range(1000)
    ]
    assert d1.clusters(block, 14) == []
    assert [len(c) for c in d1.clusters(block, 15)] == [1000]
