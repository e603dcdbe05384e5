from __future__ import annotations

from ketenkoppeling.checks import b1_attribution_sum as b1
from ketenkoppeling.store import Database
from tests.checks.helpers import found, region
from tests.factories import spend

BSN = "111222333"


def test_less_than_100_percent_is_partly_unattributed(db: Database) -> None:
    region(db, spend("UWV", "F1", "R1", BSN, "2214.52", ("UWV-RIB-WW-2008", "90")))
    [finding] = found(db, b1.find)
    assert finding.rule == "B1"
    assert finding.severity == "error"
    assert finding.records == ["spend UWV/F1/R1"]
    assert "90,00 %" in finding.message
    assert "€ 221,45" in finding.message  # not attributed
    assert finding.details["total_percentage"] == "90.00"
    assert finding.suggestion is not None and "10,00 %" in finding.suggestion


def test_more_than_100_percent_is_charged_twice(db: Database) -> None:
    region(
        db,
        spend(
            "UWV", "F1", "R1", BSN, "1000.00", ("UWV-RIB-WW-2008", "70"), ("GEM-0392-WD-2008", "50")
        ),
    )
    [finding] = found(db, b1.find)
    assert "120,00 %" in finding.message
    assert "€ 200,00 te veel" in finding.message
    assert "UWV-RIB-WW-2008 70,00 %, GEM-0392-WD-2008 50,00 %" in finding.message


def test_exactly_100_percent_is_fine(db: Database) -> None:
    region(
        db,
        spend(
            "UWV",
            "F1",
            "R1",
            BSN,
            "100.00",
            ("UWV-RIB-WW-2008", "33.33"),
            ("GEM-0392-WD-2008", "66.67"),
        ),
        spend("UWV", "F2", "R1", BSN, "100.00", ("UWV-RIB-WW-2008", "100")),
    )
    assert found(db, b1.find) == []


def test_a_line_without_attribution_is_wholly_unattributed(db: Database) -> None:
    region(db, spend("UWV", "F1", "R1", BSN, "100.00"))
    [finding] = found(db, b1.find)
    assert "geen enkel budget" in finding.message
    assert finding.details["total_percentage"] == "0.00"
