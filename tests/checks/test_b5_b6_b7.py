from __future__ import annotations

from ketenkoppeling.checks import b5_budget_year as b5
from ketenkoppeling.checks import b6_overrun as b6
from ketenkoppeling.checks import b7_unlinked as b7
from ketenkoppeling.store import Database
from tests.checks.helpers import add, found, records_of, region
from tests.factories import add_budget, deployment, spend

BSN = "111222333"
WW = ("UWV-RIB-WW-2008", "100")


# --- B5 ------------------------------------------------------------------------------------


def test_paid_outside_the_budget_year_is_a_warning(db: Database) -> None:
    region(
        db,
        spend("UWV", "F1", "R1", BSN, "10.00", WW, pay="2009-01-08"),
        spend("UWV", "F2", "R1", BSN, "10.00", WW, pay="2008-12-31"),
        spend("UWV", "F3", "R1", BSN, "10.00", WW, pay="2008-01-01"),
    )
    [finding] = found(db, b5.find)
    assert finding.rule == "B5"
    assert finding.severity == "warning"
    assert finding.records == ["spend UWV/F1/R1"]
    assert "08-01-2009" in finding.message and "budgetjaar 2008" in finding.message
    # the same owner's budget of 2009 for the same regime
    assert finding.suggestion is not None and "UWV-RIB-WW-2009" in finding.suggestion


def test_b5_one_finding_per_line_naming_each_budget(db: Database) -> None:
    region(
        db,
        spend(
            "UWV",
            "F1",
            "R1",
            BSN,
            "10.00",
            ("UWV-RIB-WW-2008", "50"),
            ("GEM-0392-WD-2008", "50"),
            pay="2007-12-31",
        ),
    )
    [finding] = found(db, b5.find)
    assert [b["budget"] for b in finding.details["budgets"]] == [
        "UWV-RIB-WW-2008",
        "GEM-0392-WD-2008",
    ]
    assert "een budget van 2007" in (finding.suggestion or "")


# --- B6 ------------------------------------------------------------------------------------


def test_overrun_one_finding_per_budget_naming_the_excess(db: Database) -> None:
    region(db)
    with db.session() as s:
        add_budget(s, "KLEIN-2008", "UWV", "WW", amount="1000.00")
    add(
        db,
        spend("UWV", "F1", "R1", BSN, "600.00", ("KLEIN-2008", "100")),
        spend("UWV", "F2", "R1", BSN, "800.00", ("KLEIN-2008", "50"), ("UWV-RIB-WW-2008", "50")),
        spend("UWV", "F3", "R1", BSN, "500.50", ("KLEIN-2008", "100")),
    )
    [finding] = found(db, b6.find)
    assert finding.rule == "B6"
    assert finding.records == ["budget KLEIN-2008"]
    assert "€ 1.500,50 toegerekend" in finding.message
    assert "De overschrijding is € 500,50" in finding.message
    assert finding.details == {
        "amount": "1000.00",
        "attributed": "1500.50",
        "excess": "500.50",
        "lines": 3,
    }


def test_exactly_the_budget_is_no_overrun(db: Database) -> None:
    region(db)
    with db.session() as s:
        add_budget(s, "KLEIN-2008", "UWV", "WW", amount="1000.00")
    add(db, spend("UWV", "F1", "R1", BSN, "1000.00", ("KLEIN-2008", "100")))
    assert found(db, b6.find) == []


# --- B7 ------------------------------------------------------------------------------------


def test_unlinked_spend(db: Database) -> None:
    region(
        db,
        deployment("UWV", "R1", BSN, "SCH", "2008-05-01"),
        deployment("GEM-0392", "R2", BSN, "SCH", "2008-05-01"),
        spend("UWV", "F1", "R1", BSN, "10.00", WW),  # linked
        spend("UWV", "F2", "R9", BSN, "10.00", WW),  # no such deployment
        spend("UWV", "F3", "R2", BSN, "10.00", WW),  # R2 is GEM-0392's, not UWV's
        spend("UWV", "F4", "R1", "123456782", "10.00", WW),  # other BSN
    )
    findings = found(db, b7.find)
    assert records_of(findings) == [
        ["spend UWV/F2/R9"],
        ["spend UWV/F3/R2"],
        ["spend UWV/F4/R1"],
    ]
    by_key = {f.identity: f for f in findings}
    assert by_key["UWV/F4/R1"].details == {"deployment": "UWV/R1", "reason": "ander BSN"}
    assert "BSN 123456782" in by_key["UWV/F4/R1"].message
    assert by_key["UWV/F2/R9"].details["reason"] == "geen inzet"
    assert all(f.severity == "error" for f in findings)
