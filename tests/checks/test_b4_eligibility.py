from __future__ import annotations

from ketenkoppeling.checks import b4_eligibility as b4
from ketenkoppeling.store import Database
from tests.checks.helpers import found, region
from tests.factories import add_budget, benefit, deployment, spend, store

BSN = "111222333"
JUNE = ("2008-06-01", "2008-06-30")


def test_ww_client_charged_to_a_gemeente_budget(db: Database) -> None:
    region(
        db,
        benefit(BSN, "WW", "UWV", "2008-01-01"),
        spend("UWV", "F1", "R1", BSN, "10.00", ("GEM-0392-WD-2008", "100"), period=JUNE),
    )
    [finding] = found(db, b4.find)
    assert finding.rule == "B4"
    assert finding.severity == "error"
    assert finding.records == ["spend UWV/F1/R1"]
    assert "GEM-0392-WD-2008" in finding.message
    assert "WW (UWV)" in finding.message
    assert finding.details["alternatives"][0] == "UWV-RIB-WW-2008"
    assert finding.suggestion is not None and "UWV-RIB-WW-2008" in finding.suggestion


def test_nug_client_uwv_budget_is_wrong_gemeente_budget_is_fine(db: Database) -> None:
    region(
        db,
        spend("UWV", "F1", "R1", BSN, "10.00", ("UWV-RIB-WW-2008", "100"), period=JUNE),
        spend("GEM-0392", "F2", "T1", BSN, "10.00", ("GEM-0392-WD-2008", "100"), period=JUNE),
    )
    [finding] = found(db, b4.find)
    assert finding.records == ["spend UWV/F1/R1"]
    assert "geen uitkering (NUG)" in finding.message


def test_instrument_not_in_the_budgets_instruments(db: Database) -> None:
    region(
        db,
        benefit(BSN, "WW", "UWV", "2008-01-01"),
        deployment("UWV", "R1", BSN, "PPL", "2008-05-01"),
        deployment("UWV", "R2", BSN, "SCH", "2008-05-01"),
        spend("UWV", "F1", "R1", BSN, "10.00", ("UWV-RIB-WW-2008", "100"), period=JUNE),
        spend("UWV", "F2", "R2", BSN, "10.00", ("UWV-RIB-WW-2008", "100"), period=JUNE),
    )
    [finding] = found(db, b4.find)
    assert finding.records == ["spend UWV/F1/R1"]
    assert "Participatieplaats (PPL)" in finding.message
    assert finding.details["budgets"] == [
        {"budget": "UWV-RIB-WW-2008", "regime": False, "instrument": True}
    ]


def test_empty_instrument_list_allows_every_instrument(db: Database) -> None:
    region(
        db,
        deployment("GEM-0392", "T1", BSN, "PPL", "2008-05-01"),
        spend("GEM-0392", "F1", "T1", BSN, "10.00", ("GEM-0392-WD-2008", "100"), period=JUNE),
    )
    assert found(db, b4.find) == []


def test_a_budget_covering_one_regime_of_a_knip_is_allowed(db: Database) -> None:
    region(
        db,
        benefit(BSN, "WW", "UWV", "2008-01-01", "2008-06-10"),
        benefit(BSN, "WWB", "GEM-0392", "2008-06-11"),
        spend("UWV", "F1", "R1", BSN, "10.00", ("UWV-RIB-WW-2008", "100"), period=JUNE),
    )
    assert found(db, b4.find) == []  # B3's business, not B4's


def test_every_wrong_budget_of_a_line_in_one_finding(db: Database) -> None:
    region(
        db,
        benefit(BSN, "WWB", "GEM-0392", "2008-01-01"),
        spend(
            "UWV",
            "F1",
            "R1",
            BSN,
            "10.00",
            ("UWV-RIB-WW-2008", "50"),
            ("UWV-RIB-AG-2008", "50"),
            period=JUNE,
        ),
    )
    [finding] = found(db, b4.find)
    assert [b["budget"] for b in finding.details["budgets"]] == [
        "UWV-RIB-WW-2008",
        "UWV-RIB-AG-2008",
    ]


def test_unknown_budget_and_missing_deployment_do_not_crash(db: Database) -> None:
    region(
        db,
        benefit(BSN, "WW", "UWV", "2008-01-01"),
        spend("UWV", "F1", "NOPE", BSN, "10.00", ("ONBEKEND", "100"), period=JUNE),
    )
    assert found(db, b4.find) == []


def test_budget_year_of_alternatives(db: Database) -> None:
    region(db, benefit(BSN, "WW", "UWV", "2008-01-01"))
    with db.session() as s:
        add_budget(s, "GEM-0392-WD-2009", "GEM-0392", "WWB,NUG", year=2009)
        store(s, spend("UWV", "F1", "R1", BSN, "10.00", ("GEM-0392-WD-2009", "100"), period=JUNE))
    [finding] = found(db, b4.find)
    assert finding.details["alternatives"] == ["UWV-RIB-WW-2009"]
