"""A file-level setting anywhere in an XML file (sources/xml_settings.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ketenkoppeling.sources.base import SourceRefused
from ketenkoppeling.sources.xml_settings import first_xpath_value
from tests.sources.test_xml_lookahead import NAMESPACES, RECORD, bsn, suwinet, write

BODY = "/soap:Envelope/soap:Body/gsd:GSDDossierReintegratieResponse"


@pytest.mark.parametrize(
    "xpath",
    [
        "../Bron/CdPartijSuwi",  # relative to the first record
        f"{BODY}/ClientSuwi/Bron/CdPartijSuwi",
        "//Bron/CdPartijSuwi",
        "//Bron/CdPartijSuwi/text()",
        "string(//Bron/CdPartijSuwi)",
        "normalize-space(ancestor::ClientSuwi/Bron)",
    ],
)
def test_the_source_after_3000_provisions_is_found(tmp_path: Path, xpath: str) -> None:
    path = write(tmp_path, suwinet(3000))
    assert first_xpath_value(path, xpath, NAMESPACES, record_paths=[RECORD]) == "0392"


def test_nothing_found_is_none(tmp_path: Path) -> None:
    path = write(tmp_path, suwinet(10, bron="none"))
    for xpath in ("../Bron/CdPartijSuwi", "//Bron", "string(//Bron)"):
        assert first_xpath_value(path, xpath, NAMESPACES, record_paths=[RECORD]) is None


def test_records_but_the_first_are_dropped_and_the_rest_is_kept(tmp_path: Path) -> None:
    path = write(tmp_path, suwinet(3000, clients=2))

    def value(xpath: str) -> str | None:
        return first_xpath_value(path, xpath, NAMESPACES, record_paths=[RECORD])

    assert value("count(//ReIntegratievoorziening)") == "1"
    assert value("count(//Bron)") == "2"
    assert value("concat(//ClientSuwi[2]/Burgerservicenr, '/', ../Voorletters)") == f"{bsn(2)}/JP"
    assert value("Registratienr") == "R-100001"  # the first record itself


def test_the_first_match_in_document_order(tmp_path: Path) -> None:
    text = suwinet(3, clients=2).replace("0392", "0473", 1)
    path = write(tmp_path, text)
    assert first_xpath_value(path, "//Bron/CdPartijSuwi", NAMESPACES, record_paths=[RECORD]) == (
        "0473"
    )
    nested = write(tmp_path, "<a><X>buiten<X>binnen</X></X></a>", "genest.xml")
    assert first_xpath_value(nested, "//X", {}, record_paths=["/a/r"]) == "buiten"


def test_an_attribute(tmp_path: Path) -> None:
    path = write(tmp_path, suwinet(5).replace("<Bron>", '<Bron code="x7">'))
    assert first_xpath_value(path, "//Bron/@code", NAMESPACES, record_paths=[RECORD]) == "x7"


def test_a_plain_path_stops_at_its_first_complete_match(tmp_path: Path) -> None:
    text = suwinet(5)
    broken = write(tmp_path, text[: text.index("</ClientSuwi>")])  # cut after the Bron
    assert first_xpath_value(broken, "//Bron/CdPartijSuwi", NAMESPACES, record_paths=[RECORD]) == (
        "0392"
    )
    with pytest.raises(SourceRefused, match="geen goed gevormde XML"):  # read to the end
        first_xpath_value(broken, "string(//Bron/CdPartijSuwi)", NAMESPACES, record_paths=[RECORD])


def test_a_doctype_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, '<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY e "x">]>\n<a>&e;</a>')
    with pytest.raises(SourceRefused, match="DTD"):
        first_xpath_value(path, "//a", {}, record_paths=["/a/b"])


def test_a_bad_xpath_is_a_value_error(tmp_path: Path) -> None:
    path = write(tmp_path, suwinet(1))
    with pytest.raises(ValueError, match="ongeldig XPath"):
        first_xpath_value(path, "//[", NAMESPACES, record_paths=[RECORD])
