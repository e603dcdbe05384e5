from __future__ import annotations

from ketenkoppeling.checks import b2_double_declaration as b2
from ketenkoppeling.store import Database
from tests.checks.helpers import found, records_of, region
from tests.factories import spend

BSN = "111222333"
WW = ("UWV-RIB-WW-2008", "100")
WD = ("GEM-0392-WD-2008", "100")


def test_same_invoice_across_partners_without_providers(db: Database) -> None:
    region(
        db,
        spend("UWV", "INT-10", "UWV-TRJ-16", BSN, "2948.94", WW),
        spend("GEM-0392", "INT-10", "HLM-TRJ-38", BSN, "2948.94", WD),
    )
    [finding] = found(db, b2.find)
    assert finding.rule == "B2"
    assert finding.severity == "error"
    assert finding.records == ["spend GEM-0392/INT-10/HLM-TRJ-38", "spend UWV/INT-10/UWV-TRJ-16"]
    assert "UWV-RIB-WW-2008" in finding.message and "GEM-0392-WD-2008" in finding.message
    assert "verschillende partners" in finding.message.lower()
    assert [line["budgets"] for line in finding.details["lines"]] == [
        ["GEM-0392-WD-2008"],
        ["UWV-RIB-WW-2008"],
    ]


def test_same_provider_on_both_sides(db: Database) -> None:
    region(
        db,
        spend("UWV", "F1", "R1", BSN, "10.00", WW, provider="RIB-0007"),
        spend("GEM-0392", "F1", "T1", BSN, "10.00", WD, provider="RIB-0007"),
    )
    [finding] = found(db, b2.find)
    assert "van RIB-0007" in finding.message


def test_different_providers_are_different_invoices(db: Database) -> None:
    region(
        db,
        spend("UWV", "F1", "R1", BSN, "10.00", WW, provider="RIB-0007"),
        spend("GEM-0392", "F1", "T1", BSN, "10.00", WD, provider="RIB-0008"),
    )
    assert found(db, b2.find) == []


def test_provider_on_one_side_only(db: Database) -> None:
    region(
        db,
        spend("UWV", "F1", "R1", BSN, "10.00", WW, provider="RIB-0007"),
        spend("GEM-0392", "F1", "T1", BSN, "10.00", WD),
    )
    assert len(found(db, b2.find)) == 1


def test_a_line_without_provider_belongs_to_each_providers_finding(db: Database) -> None:
    region(
        db,
        spend("UWV", "F1", "R1", BSN, "10.00", WW, provider="RIB-0007"),
        spend("GEM-0392", "F1", "T1", BSN, "10.00", WD, provider="RIB-0008"),
        spend("IASZ", "F1", "I1", BSN, "10.00", ("IASZ-WD-2008", "100")),
    )
    findings = found(db, b2.find)
    assert records_of(findings) == [
        ["spend GEM-0392/F1/T1", "spend IASZ/F1/I1"],
        ["spend IASZ/F1/I1", "spend UWV/F1/R1"],
    ]
    assert len({f.fingerprint for f in findings}) == 2


def test_other_bsn_or_invoice_is_no_double_declaration(db: Database) -> None:
    region(
        db,
        spend("UWV", "F1", "R1", BSN, "10.00", WW),
        spend("GEM-0392", "F1", "T1", "123456782", "10.00", WD),
        spend("GEM-0392", "F2", "T1", BSN, "10.00", WD),
    )
    assert found(db, b2.find) == []


def test_within_one_partner_under_two_references(db: Database) -> None:
    region(
        db,
        spend("UWV", "F1", "R1", BSN, "10.00", WW),
        spend("UWV", "F1", "R2", BSN, "10.00", WW),
    )
    [finding] = found(db, b2.find)
    assert "verschillende inzetreferenties" in finding.message
