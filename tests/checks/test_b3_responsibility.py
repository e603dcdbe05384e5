from __future__ import annotations

from typing import Any

from ketenkoppeling.checks import b3_responsibility as b3
from ketenkoppeling.store import Database
from tests.checks.helpers import add, found, region
from tests.factories import benefit, deployment, spend

BSN = "111222333"
JUNE = ("2008-06-01", "2008-06-30")
KNIP = (
    benefit(BSN, "WW", "UWV", "2008-01-01", "2008-06-10"),
    benefit(BSN, "WWB", "GEM-0392", "2008-06-11"),
)


def line(*attributions: tuple[str, str], **kw: Any) -> Any:
    kw.setdefault("period", JUNE)
    return spend("UWV", "F1", "R1", BSN, "3000.00", *attributions, **kw)


def test_knip_charged_wholly_to_uwv_suggests_the_split_by_days(db: Database) -> None:
    region(db, *KNIP, line(("UWV-RIB-WW-2008", "100")))
    [finding] = found(db, b3.find)
    assert finding.rule == "B3"
    assert finding.severity == "error"
    assert finding.records == ["spend UWV/F1/R1"]
    assert finding.suggestion == (
        "Verdeel naar dagen: UWV-RIB-WW-2008 33,33 %, GEM-0392-WD-2008 66,67 %"
    )
    assert finding.details["split"] == [
        {"budget": "UWV-RIB-WW-2008", "owner": "UWV", "percentage": "33.33"},
        {"budget": "GEM-0392-WD-2008", "owner": "GEM-0392", "percentage": "66.67"},
    ]
    assert finding.details["knip"] is True
    assert "knip" in finding.message
    assert "01-06-2008 t/m 10-06-2008 UWV (WW)" in finding.message
    assert "11-06-2008 t/m 30-06-2008 GEM-0392 (WWB)" in finding.message
    assert "10 van de 30 dagen" in finding.message


def test_knip_charged_by_days_is_fine(db: Database) -> None:
    region(
        db,
        *KNIP,
        line(("UWV-RIB-WW-2008", "33.33"), ("GEM-0392-WD-2008", "66.67")),
        spend(
            "GEM-0392",
            "F2",
            "T1",
            BSN,
            "100.00",
            ("UWV-RIB-WW-2008", "33"),  # within 1 percentage point
            ("GEM-0392-WD-2008", "67"),
            period=JUNE,
        ),
    )
    assert found(db, b3.find) == []


def test_knip_with_a_share_more_than_one_point_off(db: Database) -> None:
    region(db, *KNIP, line(("UWV-RIB-WW-2008", "50"), ("GEM-0392-WD-2008", "50")))
    [finding] = found(db, b3.find)
    owners = {o["owner"]: o for o in finding.details["owners"]}
    assert owners["UWV"]["expected"] == "33.33"
    assert owners["GEM-0392"]["expected"] == "66.67"


def test_without_knip_a_partly_responsible_owner_is_not_judged(db: Database) -> None:
    region(
        db,
        benefit(BSN, "WW", "UWV", "2008-01-01"),
        # WERKBEDRIJF starts on 1 July: responsible on 15 of the 31 days, charged 40 %
        line(
            ("UWV-RIB-WW-2008", "60"), ("WB-RIB-WW-2008", "40"), period=("2008-06-16", "2008-07-16")
        ),
    )
    assert found(db, b3.find) == []


def test_charged_owner_responsible_on_no_day(db: Database) -> None:
    region(db, benefit(BSN, "WWB", "GEM-0392", "2008-01-01"), line(("GEM-0473-WD-2008", "100")))
    [finding] = found(db, b3.find)
    assert "GEM-0473 was op geen enkele dag" in finding.message
    assert finding.suggestion == "Verdeel naar dagen: GEM-0392-WD-2008 100,00 %"


def test_werkbedrijf_budget_for_a_ww_client_after_1_july_2008(db: Database) -> None:
    region(
        db,
        benefit(BSN, "WW", "UWV", "2008-01-01"),
        line(("WB-RIB-WW-2008", "100"), period=("2008-07-01", "2008-07-31")),
    )
    assert found(db, b3.find) == []


def test_werkbedrijf_budget_before_it_existed(db: Database) -> None:
    region(db, benefit(BSN, "WW", "UWV", "2008-01-01"), line(("WB-RIB-WW-2008", "100")))
    [finding] = found(db, b3.find)
    assert "WERKBEDRIJF was op geen enkele dag" in finding.message
    assert finding.suggestion == "Verdeel naar dagen: UWV-RIB-WW-2008 100,00 %"


def test_werkbedrijf_across_a_knip_after_its_start(db: Database) -> None:
    region(
        db,
        benefit(BSN, "WW", "UWV", "2008-01-01", "2008-07-10"),
        benefit(BSN, "WWB", "GEM-0392", "2008-07-11"),
        line(("WB-RIB-WW-2008", "100"), period=("2008-07-01", "2008-07-30")),
    )
    [finding] = found(db, b3.find)
    assert finding.suggestion == (
        "Verdeel naar dagen: WB-RIB-WW-2008 33,33 %, GEM-0392-WD-2008 66,67 %"
    )


def test_nug_client_charged_to_a_gemeente_nug_budget_is_fine(db: Database) -> None:
    region(db, line(("GEM-0392-WD-2008", "100")))
    assert found(db, b3.find) == []


def test_nug_client_charged_to_a_uwv_budget(db: Database) -> None:
    region(
        db,
        deployment("GEM-0473", "T1", BSN, "SCH", "2008-05-01"),
        line(("UWV-RIB-WW-2008", "100")),
    )
    [finding] = found(db, b3.find)
    assert "geen uitkering, NUG" in finding.message
    assert "UWV was op geen enkele dag" in finding.message
    # the gemeente that registered the client's deployment bears the NUG days
    assert finding.suggestion == "Verdeel naar dagen: GEM-0473-WD-2008 100,00 %"


def test_knip_from_benefit_to_no_benefit(db: Database) -> None:
    region(
        db,
        benefit(BSN, "WW", "UWV", "2008-01-01", "2008-06-20"),
        spend("GEM-0392", "F1", "T1", BSN, "300.00", ("UWV-RIB-WW-2008", "100"), period=JUNE),
    )
    [finding] = found(db, b3.find)
    assert finding.suggestion == (
        "Verdeel naar dagen: UWV-RIB-WW-2008 66,67 %, GEM-0392-WD-2008 33,33 %"
    )


def test_overlapping_periods_the_latest_start_counts(db: Database) -> None:
    region(
        db,
        benefit(BSN, "WW", "UWV", "2008-01-01", "2008-12-31"),
        benefit(BSN, "WWB", "GEM-0392", "2008-06-16"),
        line(("UWV-RIB-WW-2008", "50"), ("GEM-0392-WD-2008", "50")),
    )
    assert found(db, b3.find) == []  # 15 of 30 days each


def test_unknown_budget_is_skipped(db: Database) -> None:
    region(db, *KNIP, line(("ONBEKEND-2008", "100")))
    assert found(db, b3.find) == []


def test_content_hash_follows_benefit_periods(db: Database) -> None:
    region(db, *KNIP, line(("UWV-RIB-WW-2008", "100")))
    [before] = found(db, b3.find)
    add(db, benefit(BSN, "WW", "UWV", "2008-01-01", "2008-06-12"))  # the end date corrected
    [after] = found(db, b3.find)
    assert after.fingerprint == before.fingerprint
    assert after.content_hash != before.content_hash
