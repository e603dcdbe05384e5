"""Which XPaths leave their record (sources/xml_context.py) and Mapping.context_xpaths()."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from ketenkoppeling.mapping.loader import SHIPPED, load_mappings, parse_mapping
from ketenkoppeling.sources.xml_context import ContextCheck, Reach, leaves_record, reach, within


@pytest.mark.parametrize(
    ("xpath", "expected"),
    [
        ("kb:BSN", Reach()),
        ("kb:Klant/kb:BSN", Reach()),
        ("@berichtId", Reach()),
        ("text()", Reach()),
        (".//kb:Bedrag", Reach()),
        ("kb:Toerekening/../kb:Bedrag", Reach()),
        ("a//b/../..", Reach()),
        ("kb:X/following-sibling::kb:Y", Reach()),
        ("kb:T[../kb:Q = 1]", Reach()),  # the predicate looks at the record itself
        ("kb:X[@a='/b']", Reach()),  # a slash in a string is no path
        ("../Bron/CdPartijSuwi", Reach(1)),
        ("../../kb:Stuurgegevens/kb:Verzender", Reach(2)),
        ("../following-sibling::X", Reach(2)),
        ("following-sibling::X", Reach(1)),
        ("self::node()/..", Reach(1)),
        ("kb:T[../../kb:Q = 1]", Reach(1)),
        ("X | ../Y", Reach(1)),
        ("/kb:Berichtenbatch/kb:Stuurgegevens/kb:Verzender", Reach(1)),
        ("following::X", Reach(1)),
        ("preceding::X", Reach(1)),
        ("ancestor::Client/BSN", Reach(1, ("ancestor::Client",))),
        ("string(../../X)", Reach(2)),
        ("concat(../A, B)", Reach(1)),
        ("concat(A, B)", Reach()),
        ("string(/a/b)", Reach(1)),
    ],
)
def test_reach(xpath: str, expected: Reach) -> None:
    assert reach(xpath) == expected
    assert leaves_record(xpath) == expected.leaves


def test_within_combines_an_attribution_with_its_field() -> None:
    assert within("kb:Toerekening", "kb:Budget") == "kb:Toerekening/kb:Budget"
    assert within("kb:Toerekening", "../../kb:X") == "kb:Toerekening/../../kb:X"
    assert within("a | b", "../c") == "(a | b)/../c"
    assert within("kb:T", "/a/b") == "/a/b"
    assert within("kb:T", "x | ../y") == "kb:T/x | kb:T/../y"
    assert within("kb:T", "string(../x)") is None
    assert not leaves_record(within("kb:Toerekening", "../kb:Bedrag") or "")
    assert leaves_record(within("kb:Toerekening", "../../kb:X") or "")


def test_the_check_waits_as_far_up_as_a_missing_xpath_climbs() -> None:
    root = etree.fromstring(
        "<A><Dossier><Klant><Zaak><Nr>1</Nr></Zaak><BSN>9</BSN></Klant></Dossier></A>"
    )
    zaak = root.find("Dossier/Klant/Zaak")
    check = ContextCheck(["../BSN", "Nr", "../../Bron", "ancestor::Dossier/Bron"], {})
    assert len(check.checks) == 3  # Nr stays inside the record
    assert check.missing_levels(zaak) == 2  # Dossier is two levels up; Bron is missing there
    assert ContextCheck(["../BSN", "../Nr"], {}).missing_levels(zaak) == 1
    assert ContextCheck(["../BSN"], {}).missing_levels(zaak) == 0
    assert ContextCheck(["count(../BSN)", "string(../BSN)"], {}).missing_levels(zaak) == 0
    assert ContextCheck(["ancestor::A/Bron"], {}).missing_levels(zaak) == 3


def test_the_suwinet_mapping_names_what_it_needs_from_outside_its_records() -> None:
    mappings = load_mappings([SHIPPED])
    assert mappings["suwinet-gsd-dossier-reintegratie"].context_xpaths() == (
        "../Burgerservicenr",
        "../Geboortedat",
        "../Voorvoegsel",
        "../SignificantDeelVanDeAchternaam",
        "../Voorletters",
        "../Bron/CdPartijSuwi",
    )
    for name in ("ketenbericht-v1", "uwv-reintegratie-export", "gemeente-trajectenoverzicht"):
        assert mappings[name].context_xpaths() == ()  # read as fast as ever


def test_attribution_paths_are_combined(tmp_path: Path) -> None:
    text = (SHIPPED / "ketenbericht-v1.xml").read_text(encoding="utf-8")
    text = text.replace('xpath="kb:Budget"', 'xpath="../../../kb:Stuurgegevens/kb:BatchId"')
    text = text.replace('xpath="kb:Percentage"', 'xpath="../kb:Bedrag"')
    path = tmp_path / "ketenbericht-v1.xml"
    path.write_text(text, encoding="utf-8")
    assert parse_mapping(path).context_xpaths() == (
        "kb:Toerekening/../../../kb:Stuurgegevens/kb:BatchId",
    )
