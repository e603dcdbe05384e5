"""Recognising a file's layout (mapping/detect.py), and naming what was found when none fits."""

from __future__ import annotations

from pathlib import Path

import pytest

from ketenkoppeling.mapping.detect import describe_root, detect, document_root
from ketenkoppeling.mapping.loader import SHIPPED, load_mappings
from ketenkoppeling.mapping.spec import Mapping

SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
GSD = "http://bkwi.nl/SuwiML/Diensten/GSDDossierReintegratie/v0200"
UNKNOWN = "http://bkwi.nl/SuwiML/Diensten/OnbekendeDienst/v0100"
KB = "urn:nl:werk-en-inkomen:ketenbericht:v1"


@pytest.fixture(scope="module")
def shipped() -> dict[str, Mapping]:
    return load_mappings([SHIPPED])


def envelope(inner: str, soap: str = SOAP11, header: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<soap:Envelope xmlns:soap="{soap}">\n'
        f"{header}<soap:Body>\n{inner}\n</soap:Body>\n</soap:Envelope>\n"
    )


def write(tmp_path: Path, text: str, name: str = "antwoord.xml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("soap", [SOAP11, SOAP12])
def test_an_unknown_soap_response_is_named_by_the_root_inside_the_envelope(
    tmp_path: Path, shipped: dict[str, Mapping], soap: str
) -> None:
    inner = f'<o:OnbekendResponse xmlns:o="{UNKNOWN}"><Iets>1</Iets></o:OnbekendResponse>'
    path = write(tmp_path, envelope(inner, soap))
    found, attempts = detect(path, shipped)
    assert found is None
    xml_attempts = [
        a for a in attempts if a.mapping in ("ketenbericht-v1", "suwinet-gsd-dossier-reintegratie")
    ]
    assert len(xml_attempts) == 2
    for attempt in xml_attempts:
        assert f"hoofdelement {{{UNKNOWN}}}OnbekendResponse in een SOAP-envelop" in attempt.reason
        assert "Envelope" not in attempt.reason
    assert document_root(path) == (f"{{{UNKNOWN}}}OnbekendResponse", True)


def test_an_unknown_plain_document_is_named_by_its_root(
    tmp_path: Path, shipped: dict[str, Mapping]
) -> None:
    path = write(tmp_path, '<?xml version="1.0"?>\n<Overzicht xmlns="urn:iets"><a/></Overzicht>')
    found, attempts = detect(path, shipped)
    assert found is None
    reasons = {a.mapping: a.reason for a in attempts}
    assert reasons["ketenbericht-v1"] == (
        f"hoofdelement {{{KB}}}Berichtenbatch niet gevonden (gevonden: hoofdelement"
        " {urn:iets}Overzicht)"
    )


def test_a_known_response_is_recognised_even_after_a_long_soap_header(
    tmp_path: Path, shipped: dict[str, Mapping]
) -> None:
    header = "<soap:Header>" + "<x:Item xmlns:x='urn:x'><x:Sub/></x:Item>" * 50 + "</soap:Header>\n"
    inner = (
        f'<gsd:GSDDossierReintegratieResponse xmlns:gsd="{GSD}"><ClientSuwi/>'
        "</gsd:GSDDossierReintegratieResponse>"
    )
    for name, head in (("kort.xml", ""), ("lang.xml", header)):
        found, attempts = detect(write(tmp_path, envelope(inner, header=head), name), shipped)
        assert found is not None and found.name == "suwinet-gsd-dossier-reintegratie", attempts


def test_an_empty_body_or_unreadable_xml(tmp_path: Path) -> None:
    empty = write(tmp_path, envelope(""), "leeg.xml")
    assert document_root(empty) == (f"{{{SOAP11}}}Envelope", False)
    assert describe_root(empty) == f"hoofdelement {{{SOAP11}}}Envelope"
    broken = write(tmp_path, "dit is geen xml", "kapot.xml")
    assert document_root(broken) is None
    assert describe_root(broken) == "geen leesbare XML"


def test_a_ketenbericht_batch_is_still_recognised(shipped: dict[str, Mapping]) -> None:
    samples = Path(__file__).parents[1] / "data" / "samples"
    found, _ = detect(samples / "uwv-2008-batch1.xml", shipped)
    assert found is not None and found.name == "ketenbericht-v1"
    assert document_root(samples / "uwv-2008-batch1.xml") == (f"{{{KB}}}Berichtenbatch", False)
