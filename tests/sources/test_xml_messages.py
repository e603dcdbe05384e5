"""Dutch messages from structured errors (sources/xml_messages.py), never libxml2's English."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from ketenkoppeling.importing import import_file
from ketenkoppeling.sources import xml_errors
from ketenkoppeling.sources.base import SourceRefused
from ketenkoppeling.sources.xml import PARSER_OPTIONS, iter_xml_records, syntax_refusal
from ketenkoppeling.sources.xml_errors import SchemaDocs, schema_problems
from ketenkoppeling.sources.xml_messages import GENERIC_SYNTAX, SYNTAX_TEXTS, syntax_text
from ketenkoppeling.store import Database
from tests.sources.test_xml import XSD, batch, besteding, ketenbericht, summary, uitstroom, write

XSD_TEXT = """<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:simpleType name="Kort">
    <xs:restriction base="xs:string"><xs:length value="3"/></xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="Aantal">
    <xs:annotation><xs:documentation>een aantal van 1 tot 10</xs:documentation></xs:annotation>
    <xs:restriction base="xs:integer">
      <xs:minInclusive value="1"/><xs:maxInclusive value="10"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:element name="Lijst">
    <xs:complexType><xs:sequence>
      <xs:element ref="R" maxOccurs="unbounded"/>
    </xs:sequence></xs:complexType>
  </xs:element>
  <xs:element name="R">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="Code" type="Kort"/>
        <xs:element name="Aantal" type="Aantal" minOccurs="0"/>
        <xs:element name="Prijs" minOccurs="0">
          <xs:simpleType>
            <xs:restriction base="xs:decimal">
              <xs:fractionDigits value="1"/><xs:totalDigits value="4"/>
              <xs:maxExclusive value="500"/>
            </xs:restriction>
          </xs:simpleType>
        </xs:element>
        <xs:element name="Postcode" minOccurs="0">
          <xs:simpleType>
            <xs:restriction base="xs:string"><xs:pattern value="[0-9]{4}[A-Z]{2}"/></xs:restriction>
          </xs:simpleType>
        </xs:element>
        <xs:element name="Datum" type="xs:date" minOccurs="0"/>
      </xs:sequence>
      <xs:attribute name="n" type="xs:int" use="required"/>
      <xs:attribute name="soort">
        <xs:simpleType>
          <xs:restriction base="xs:string">
            <xs:enumeration value="x"/><xs:enumeration value="y"/>
          </xs:restriction>
        </xs:simpleType>
      </xs:attribute>
    </xs:complexType>
  </xs:element>
</xs:schema>
"""


def read(tmp_path: Path, *records: str) -> list[list[tuple[int, str, str | None, str]]]:
    xsd = tmp_path / "test.xsd"
    xsd.write_text(XSD_TEXT, encoding="utf-8")
    path = write(tmp_path, "<Lijst>\n" + "\n".join(records) + "\n</Lijst>\n", "lijst.xml")
    out = []
    for rec in iter_xml_records(path, {"R": "/Lijst/R"}, {}, schema=xsd):
        out.append(
            [(loc.line or 0, loc.xpath or "", field, msg) for loc, field, msg in rec.problems]
        )
    return out


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ('<R n="1"><Code>ab</Code></R>',
         ("/Lijst/R[1]/Code", "Code", "Code: waarde 'ab' heeft 2 tekens, precies 3 vereist")),
        ('<R n="1"><Code>abc</Code><Aantal>0</Aantal></R>',
         ("/Lijst/R[1]/Aantal", "Aantal",
          "Aantal: waarde '0' voldoet niet aan het formaat (een aantal van 1 tot 10):"
          " moet ten minste 1 zijn")),
        ('<R n="1"><Code>abc</Code><Aantal>11</Aantal></R>',
         ("/Lijst/R[1]/Aantal", "Aantal",
          "Aantal: waarde '11' voldoet niet aan het formaat (een aantal van 1 tot 10):"
          " mag ten hoogste 10 zijn")),
        ('<R n="1"><Code>abc</Code><Aantal>twee</Aantal></R>',
         ("/Lijst/R[1]/Aantal", "Aantal",
          "Aantal: waarde 'twee' voldoet niet aan het formaat (een aantal van 1 tot 10):"
          " geen geheel getal")),
        ('<R n="1"><Code>abc</Code><Prijs>12.25</Prijs></R>',
         ("/Lijst/R[1]/Prijs", "Prijs",
          "Prijs: waarde '12.25' voldoet niet aan het formaat: ten hoogste 1 decimalen")),
        ('<R n="1"><Code>abc</Code><Prijs>499.9</Prijs></R>', None),
        ('<R n="1"><Code>abc</Code><Prijs>500</Prijs></R>',
         ("/Lijst/R[1]/Prijs", "Prijs",
          "Prijs: waarde '500' voldoet niet aan het formaat: moet kleiner zijn dan 500")),
        ('<R n="1"><Code>abc</Code><Postcode>2011 AB</Postcode></R>',
         ("/Lijst/R[1]/Postcode", "Postcode",
          "Postcode: waarde '2011 AB' voldoet niet aan het formaat: moet passen bij het patroon"
          " '[0-9]{4}[A-Z]{2}'")),
        ('<R n="1"><Code>abc</Code><Datum>2008-13-01</Datum></R>',
         ("/Lijst/R[1]/Datum", "Datum",
          "Datum: waarde '2008-13-01' voldoet niet aan het formaat (een datum JJJJ-MM-DD):"
          " geen geldige datum")),
        ('<R n="1" soort="z"><Code>abc</Code></R>',
         ("/Lijst/R[1]/@soort", "soort",
          "soort: waarde 'z' is niet toegestaan (toegestaan: x, y)")),
        ('<R n="een"><Code>abc</Code></R>',
         ("/Lijst/R[1]/@n", "n",
          "n: waarde 'een' voldoet niet aan het formaat (een geheel getal): geen geheel getal")),
        ('<R><Code>abc</Code></R>', ("/Lijst/R[1]/@n", "n", "n: verplicht attribuut ontbreekt")),
        ('<R n="1" extra="2"><Code>abc</Code></R>',
         ("/Lijst/R[1]/@extra", "extra", "extra: attribuut is hier niet toegestaan")),
        ('<R n="1"><Aantal>1</Aantal></R>',
         ("/Lijst/R[1]/Aantal", "Aantal",
          "Aantal: element wordt hier niet verwacht (verwacht: Code)")),
        ('<R n="1"></R>', ("/Lijst/R[1]", "Code", "Code: verplicht element ontbreekt in R")),
        ('<R n="1"><Code>abc</Code><Datum>2008-01-01</Datum><Extra/></R>',
         ("/Lijst/R[1]/Extra", "Extra", "Extra: element wordt hier niet verwacht")),
        ('<R n="1"><Code>a<b/>c</Code></R>',
         ("/Lijst/R[1]/Code", "Code", "Code: mag geen elementen bevatten")),
        ('<R n="1">los<Code>abc</Code></R>',
         ("/Lijst/R[1]", "R", "R: bevat tekst waar alleen elementen horen")),
    ],
)  # fmt: skip
def test_schema_problems_name_element_facet_and_expected_value(
    tmp_path: Path, record: str, expected: tuple[str, str, str] | None
) -> None:
    [problems] = read(tmp_path, record)
    if expected is None:
        assert problems == []
        return
    assert [(xpath, field, message) for _, xpath, field, message in problems] == [expected]
    assert problems[0][0] == 2


def test_a_repeated_child_is_named_by_its_position(tmp_path: Path) -> None:
    records = ['<R n="1"><Code>abc</Code></R>', '<R n="2">\n<Code>abc</Code>\n<Code>def</Code></R>']
    assert read(tmp_path, *records)[1] == [
        (5, "/Lijst/R[2]/Code[2]", "Code", "Code: element wordt hier niet verwacht")
    ]


def test_the_reader_never_translates_english_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def english(*_: Any) -> Any:
        raise AssertionError("the reader parsed libxml2's English text")

    monkeypatch.setattr(xml_errors, "translate_schema_error", english)
    message = besteding("x", bedrag="0.00", pct="150").replace(">UWV<", "><")
    [rec] = summary(ketenbericht(write(tmp_path, batch(message))))
    assert [msg for _, _, _, msg in rec["problems"]] == [
        "Betaler: mag niet leeg zijn",
        "Bedrag: waarde '0.00' voldoet niet aan het formaat (meer dan 0, precies 2 decimalen):"
        " moet groter zijn dan 0",
        "Percentage: waarde '150' voldoet niet aan het formaat (meer dan 0 en ten hoogste 100,"
        " ten hoogste 2 decimalen): mag ten hoogste 100 zijn",
    ]


def test_without_xmlschema_each_failing_node_gets_a_generic_dutch_problem() -> None:
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    root = etree.fromstring(batch(uitstroom("a", reden="PENSIOEN")).split("\n", 1)[1].encode())
    elem = root[1][0]
    location = xml_errors.Location(line=5, xpath="/Berichtenbatch/Berichten/Uitstroom[1]")
    problems = schema_problems(schema, SchemaDocs(), elem, location)  # no XSD file: no xmlschema
    assert [(loc.xpath, field, msg) for loc, field, msg in problems] == [
        ("/Berichtenbatch/Berichten/Uitstroom[1]/Reden", "Reden", "Reden: voldoet niet aan het XSD")
    ]


# --- syntax errors ---------------------------------------------------------------------------

BROKEN = [
    (b"<a>\n<b></c></a>", "regel 2, kolom 8", "ERR_TAG_NAME_MISMATCH"),
    (b"<a>&UWV;</a>", "regel 1, kolom 9", "ERR_UNDECLARED_ENTITY"),
    (b'<a x="&a;"/>', "regel 1, kolom 10", "ERR_UNDECLARED_ENTITY"),
    ('<?xml version="1.0" encoding="UTF-8"?><a>D\xe9</a>'.encode("latin-1"), "regel 1",
     "ERR_INVALID_ENCODING"),
    (b"<a/><b/>", "regel 1, kolom 5", "ERR_DOCUMENT_END"),
    (b"<a><b>", "regel 1, kolom 7", "ERR_TAG_NOT_FINISHED"),
    (b"<a>\x01</a>", "regel 1, kolom 4", "ERR_INVALID_CHAR"),
    (b"<a>\x00</a>", "regel 1, kolom 4", "ERR_INVALID_CHAR"),
    (b'<a x="1" x="2"/>', "regel 1, kolom 15", "ERR_ATTRIBUTE_REDEFINED"),
    (b"<a x/>", "regel 1, kolom 5", "ERR_ATTRIBUTE_WITHOUT_VALUE"),
    (b'<a x="<"/>', "regel 1, kolom 7", "ERR_LT_IN_ATTRIBUTE"),
    (b"<a>a & b</a>", "regel 1, kolom 7", "ERR_NAME_REQUIRED"),
    (b"<a>&amp b</a>", "regel 1, kolom 8", "ERR_ENTITYREF_SEMICOL_MISSING"),
    (b"<p:a/>", "regel 1, kolom 5", "NS_ERR_UNDEFINED_NAMESPACE"),
    (b"<a><![CDATA[x</a>", "regel 1, kolom 18", "ERR_CDATA_NOT_FINISHED"),
    (b"<a><!-- x -- y --></a>", "regel 1, kolom 11", "ERR_HYPHEN_IN_COMMENT"),
    (b"<a>" + b"x" * (10_000_001) + b"</a>", "regel 1", "ERR_RESOURCE_LIMIT"),
]  # fmt: skip


def refusal(data: bytes) -> tuple[SourceRefused, str]:
    try:
        for _ in etree.iterparse(io.BytesIO(data), events=("start", "end"), **PARSER_OPTIONS):
            pass
    except etree.XMLSyntaxError as exc:
        english = str(exc.msg or "").split(",")[0]
        return syntax_refusal(exc, True, 64), english
    raise AssertionError("parsed")


@pytest.mark.parametrize(("data", "where", "code"), BROKEN)
def test_syntax_errors_in_dutch_by_error_code(data: bytes, where: str, code: str) -> None:
    error, english = refusal(data)
    assert error.message.startswith(f"het bestand is geen goed gevormde XML ({where}")
    assert error.message.endswith(f"): {SYNTAX_TEXTS[code]}")
    assert english and english not in error.message


def test_an_unknown_error_code_gets_a_generic_dutch_text() -> None:
    assert syntax_text("ERR_NOT_YET_KNOWN") == GENERIC_SYNTAX == "het XML is hier niet goed gevormd"
    assert syntax_text(None) == GENERIC_SYNTAX


def test_a_refused_batch_names_the_line_in_dutch(tmp_path: Path) -> None:
    text = batch(besteding("a"), uitstroom("b").replace("</kb:Reden>", "</kb:Rede>"))
    with pytest.raises(SourceRefused) as info:
        for _ in ketenbericht(write(tmp_path, text)):
            pass
    assert info.value.message == (
        f"het bestand is geen goed gevormde XML (regel 6, kolom {info.value.column}):"
        " de eindtag hoort niet bij de begintag die nog openstaat"
    )


SAMPLES = Path(__file__).parent.parent / "data" / "samples"


def test_a_year_too_large_for_xmlschema_quarantines_its_message(
    ref_db: Database, tmp_path: Path
) -> None:
    data = (SAMPLES / "uwv-2008-batch1.xml").read_bytes()
    data = re.sub(rb"<kb:PeriodeTot>[^<]*<", b"<kb:PeriodeTot>2000000000008-07-08<", data, count=1)
    data = re.sub(rb"<kb:Bedrag>[^<]*<", b"<kb:Bedrag>twaalf<", data, count=1)
    path = tmp_path / "uwv-2008-jaar.xml"
    path.write_bytes(data)
    result = import_file(ref_db, path)  # raised OverflowError("year overflow")
    assert result.status == "imported"
    assert result.quarantined >= 1
