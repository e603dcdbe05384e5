"""The mapper's fast reading of plain child paths gives what the XPath gives, also when a step
has several same-named elements, a step is missing, or the namespace is a default one."""

from __future__ import annotations

from lxml import etree

from ketenkoppeling.mapping.apply import Mapper
from ketenkoppeling.mapping.reference import ReferenceSet
from ketenkoppeling.mapping.spec import FieldSpec, Mapping, SourceSpec, ValueSource
from ketenkoppeling.mapping.transforms import TransformContext
from ketenkoppeling.sources.base import Location, RawRecord

NS = "urn:test"
DOC = f"""<r xmlns:t="{NS}" xmlns="{NS}"><t:A><t:B>1</t:B></t:A><t:A><t:C>2</t:C><t:B>3</t:B></t:A>
<t:D><t:E>4</t:E><t:E>5</t:E></t:D><t:F/></r>"""


def _value(xpath: str, namespaces: dict[str, str]) -> object:
    mapping = Mapping("m", "1", "m", SourceSpec("xml"), (), namespaces=namespaces)
    mapper = Mapper(mapping, {}, TransformContext(ReferenceSet()))
    element = etree.fromstring(DOC)
    record = RawRecord(Location(line=1, xpath="/r"), element=element)
    spec = FieldSpec("x", ValueSource(xpath=xpath))
    fast = mapper.map_field(spec, record, element).value
    found = element.xpath(xpath, namespaces=namespaces)
    expected = found[0].text if found else None
    assert fast == expected, xpath
    return fast


def test_plain_paths_read_as_xpath_does() -> None:
    ns = {"t": NS}
    assert _value("t:A/t:B", ns) == "1"
    assert _value("t:A/t:C", ns) == "2"  # only in the second A
    assert _value("t:D/t:E", ns) == "4"
    assert _value("t:F", ns) is None
    assert _value("t:G/t:B", ns) is None
    assert _value("t:A/t:Z", ns) is None


def test_a_record_read_twice_is_indexed_afresh() -> None:
    mapping = Mapping("m", "1", "m", SourceSpec("xml"), (), namespaces={"t": NS})
    mapper = Mapper(mapping, {}, TransformContext(ReferenceSet()))
    spec = FieldSpec("x", ValueSource(xpath="t:A/t:B"))
    for text in ("1", "9"):
        element = etree.fromstring(DOC.replace(">1<", f">{text}<"))
        record = RawRecord(Location(line=1), element=element)
        assert mapper.map_field(spec, record, element).value == text
