"""The streaming XML reader (sources/xml.py) and the Ketenbericht v1 XSD."""

from __future__ import annotations

import shutil
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from ketenkoppeling.locations import SCHEMAS
from ketenkoppeling.sources import xml as xml_source
from ketenkoppeling.sources.base import RawRecord, SourceRefused
from ketenkoppeling.sources.xml import (
    iter_xml_records,
    load_schema,
    parse_record_path,
    secure_iterparse,
)

NS = "urn:nl:werk-en-inkomen:ketenbericht:v1"
NAMESPACES = {"kb": NS}
XSD = SCHEMAS / "ketenbericht-v1.xsd"
SAMPLES = Path(__file__).parents[1] / "data" / "samples"
KINDS = ("InzetInstrument", "Uitkeringsperiode", "Besteding", "Uitstroom")
RECORDS = {kind: f"/kb:Berichtenbatch/kb:Berichten/kb:{kind}" for kind in KINDS}
HEADER = "/kb:Berichtenbatch/kb:Stuurgegevens"
BERICHTEN = "/kb:Berichtenbatch/kb:Berichten"


# --- building documents ---------------------------------------------------------------------


def inzet(bid: str, achternaam: str = "de Vries", p: str = "kb:") -> str:
    return (
        f'<{p}InzetInstrument berichtId="{bid}"><{p}Referentie>UWV-TRJ-1</{p}Referentie>'
        f"<{p}Klant><{p}BSN>111222333</{p}BSN><{p}Geboortedatum>1971-04-23</{p}Geboortedatum>"
        f"<{p}Achternaam>{achternaam}</{p}Achternaam></{p}Klant><{p}Instrument>SCH</{p}Instrument>"
        f"<{p}Startdatum>2008-06-02</{p}Startdatum></{p}InzetInstrument>"
    )


def periode(bid: str, p: str = "kb:") -> str:
    return (
        f'<{p}Uitkeringsperiode berichtId="{bid}"><{p}BSN>111222333</{p}BSN>'
        f"<{p}Regeling>WW</{p}Regeling><{p}Uitvoerder>UWV</{p}Uitvoerder>"
        f"<{p}Ingangsdatum>2008-03-01</{p}Ingangsdatum></{p}Uitkeringsperiode>"
    )


def besteding(
    bid: str, bedrag: str = "1250.00", pct: str = "100", p: str = "kb:", extra: str = ""
) -> str:
    return (
        f'<{p}Besteding berichtId="{bid}"><{p}Factuurnummer>F1</{p}Factuurnummer>'
        f"<{p}Referentie>UWV-TRJ-1</{p}Referentie><{p}BSN>111222333</{p}BSN>"
        f"<{p}Betaler>UWV</{p}Betaler><{p}Betaaldatum>2008-07-15</{p}Betaaldatum>"
        f"<{p}PeriodeVan>2008-06-02</{p}PeriodeVan><{p}PeriodeTot>2008-06-30</{p}PeriodeTot>"
        f"<{p}Bedrag>{bedrag}</{p}Bedrag><{p}Toerekening><{p}Budget>B1</{p}Budget>"
        f"<{p}Percentage>{pct}</{p}Percentage></{p}Toerekening>{extra}</{p}Besteding>"
    )


def uitstroom(bid: str, reden: str = "WERK", p: str = "kb:") -> str:
    return (
        f'<{p}Uitstroom berichtId="{bid}"><{p}BSN>111222333</{p}BSN>'
        f"<{p}Datum>2008-09-01</{p}Datum><{p}Reden>{reden}</{p}Reden></{p}Uitstroom>"
    )


def batch(
    *messages: str,
    prefix: str | None = "kb",
    aanmaakmoment: str = "2008-07-01T09:15:00+02:00",
    decl: str = '<?xml version="1.0" encoding="UTF-8"?>\n',
) -> str:
    """A Berichtenbatch, one message per line (messages must use the same prefix)."""
    p = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns:{prefix}="{NS}"' if prefix else f'xmlns="{NS}"'
    return (
        f'{decl}<{p}Berichtenbatch {xmlns} versie="1.0">\n'
        f"<{p}Stuurgegevens><{p}BatchId>UWV-2008-000017</{p}BatchId>"
        f"<{p}Verzender>UWV</{p}Verzender><{p}Ontvanger>KETEN</{p}Ontvanger>"
        f"<{p}Aanmaakmoment>{aanmaakmoment}</{p}Aanmaakmoment></{p}Stuurgegevens>\n"
        f"<{p}Berichten>\n" + "".join(f"{m}\n" for m in messages) + f"</{p}Berichten>\n"
        f"</{p}Berichtenbatch>\n"
    )


def write(tmp_path: Path, content: str | bytes, name: str = "batch.xml") -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def ketenbericht(path: Path, **options: Any) -> Iterator[RawRecord]:
    """Read a Ketenbericht file the way the product does."""
    kwargs: dict[str, Any] = {
        "root": "kb:Berichtenbatch",
        "schema": XSD,
        "header": HEADER,
        "unique_attribute": "berichtId",
    }
    kwargs.update(options)
    return iter_xml_records(path, RECORDS, NAMESPACES, **kwargs)


def summary(records: Iterator[RawRecord]) -> list[dict[str, Any]]:
    """What the consumer sees of each record while it is current (elements are cleared later)."""
    out = []
    for rec in records:
        out.append(
            {
                "kind": rec.kind,
                "line": rec.location.line,
                "xpath": rec.location.xpath,
                "id": rec.element.get("berichtId"),
                "verzender": rec.element.xpath(
                    "string(../../kb:Stuurgegevens/kb:Verzender)", namespaces=NAMESPACES
                ),
                "problems": [(loc.line, loc.xpath, field, msg) for loc, field, msg in rec.problems],
                "element": rec.element,
            }
        )
    return out


def refused(path: Path, **options: Any) -> SourceRefused:
    with pytest.raises(SourceRefused) as info:
        for _ in ketenbericht(path, **options):
            pass
    return info.value


# --- the XSD ---------------------------------------------------------------------------------


def test_the_xsd_accepts_the_spec_example_and_declares_messages_globally() -> None:
    schema, _ = load_schema(XSD)
    doc = etree.fromstring(
        batch(inzet("1"), periode("2"), besteding("3"), uitstroom("4")).split("\n", 1)[1].encode()
    )
    assert schema.validate(doc), schema.error_log
    for kind in ("Stuurgegevens", *KINDS):  # each can be validated as a document of its own
        element = doc.find(f".//{{{NS}}}{kind}")
        assert element is not None and schema.validate(element), (kind, schema.error_log)
    assert load_schema(XSD) is load_schema(XSD)  # compiled once


@pytest.mark.parametrize(
    ("value", "valid"),
    [("1250.00", True), ("0.01", True), ("+7.50", True), ("0.00", False), ("-12.50", False),
     ("12.5", False), ("12.500", False), ("12", False), ("12,50", False), ("", False)],
)  # fmt: skip
def test_bedrag_is_positive_with_exactly_two_decimals(value: str, valid: bool) -> None:
    schema, _ = load_schema(XSD)
    element = etree.fromstring(
        besteding("1", bedrag=value).replace("<kb:Besteding ", f'<kb:Besteding xmlns:kb="{NS}" ')
    )
    assert schema.validate(element) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [("100", True), ("100.00", True), ("0.01", True), ("33.33", True), ("12.5", True),
     ("0", False), ("0.00", False), ("100.01", False), ("12.345", False), ("-5", False)],
)  # fmt: skip
def test_percentage_is_in_0_100_with_at_most_two_decimals(value: str, valid: bool) -> None:
    schema, _ = load_schema(XSD)
    element = etree.fromstring(
        besteding("1", pct=value).replace("<kb:Besteding ", f'<kb:Besteding xmlns:kb="{NS}" ')
    )
    assert schema.validate(element) is valid


# --- reading ---------------------------------------------------------------------------------


def test_reads_every_message_with_kind_line_and_positional_xpath(tmp_path: Path) -> None:
    path = write(
        tmp_path, batch(inzet("1"), besteding("2"), periode("3"), besteding("4"), uitstroom("5"))
    )
    got = summary(ketenbericht(path))
    assert [(r["kind"], r["line"], r["xpath"], r["id"]) for r in got] == [
        ("InzetInstrument", 5, "/Berichtenbatch/Berichten/InzetInstrument[1]", "1"),
        ("Besteding", 6, "/Berichtenbatch/Berichten/Besteding[1]", "2"),
        ("Uitkeringsperiode", 7, "/Berichtenbatch/Berichten/Uitkeringsperiode[1]", "3"),
        ("Besteding", 8, "/Berichtenbatch/Berichten/Besteding[2]", "4"),
        ("Uitstroom", 9, "/Berichtenbatch/Berichten/Uitstroom[1]", "5"),
    ]
    assert all(r["problems"] == [] for r in got)
    assert {r["verzender"] for r in got} == {"UWV"}  # Stuurgegevens stays reachable


def test_index_counts_same_named_siblings(tmp_path: Path) -> None:
    messages = [besteding(f"b{i}") if i % 3 else uitstroom(f"u{i}") for i in range(1, 70)]
    got = summary(ketenbericht(write(tmp_path, batch(*messages))))
    assert got[-1]["xpath"] == "/Berichtenbatch/Berichten/Uitstroom[23]"
    assert got[-2]["xpath"] == "/Berichtenbatch/Berichten/Besteding[46]"
    assert [r["line"] for r in got] == list(range(5, 5 + 69))


def test_line_numbers_beyond_65535(tmp_path: Path) -> None:
    filler = "<!-- regel -->\n" * 70_000
    text = batch(besteding("1"), besteding("2")).replace(
        "<kb:Berichten>\n", "<kb:Berichten>\n" + filler
    )
    got = summary(ketenbericht(write(tmp_path, text)))
    assert [r["line"] for r in got] == [70_005, 70_006]


@pytest.mark.parametrize("prefix", ["kb", "x", None])
def test_any_prefix_or_a_default_namespace(tmp_path: Path, prefix: str | None) -> None:
    p = f"{prefix}:" if prefix else ""
    text = batch(inzet("1", p=p), besteding("2", "-1.00", p=p), prefix=prefix)
    got = summary(ketenbericht(write(tmp_path, text)))
    assert [(r["kind"], r["xpath"]) for r in got] == [
        ("InzetInstrument", "/Berichtenbatch/Berichten/InzetInstrument[1]"),
        ("Besteding", "/Berichtenbatch/Berichten/Besteding[1]"),
    ]
    assert got[1]["problems"] == [
        (6, "/Berichtenbatch/Berichten/Besteding[1]/Bedrag", "Bedrag",
         "Bedrag: waarde '-1.00' voldoet niet aan het formaat (meer dan 0, precies 2 decimalen)"),
    ]  # fmt: skip
    assert {r["verzender"] for r in got} == {"UWV"}


def test_iso_8859_1_as_declared(tmp_path: Path) -> None:
    text = batch(
        inzet("1", achternaam="Désiré-Müller"), decl='<?xml version="1.0" encoding="ISO-8859-1"?>\n'
    )
    path = write(tmp_path, text.encode("iso-8859-1"))
    names = [r.element.findtext(f"{{{NS}}}Klant/{{{NS}}}Achternaam") for r in ketenbericht(path)]
    assert names == ["Désiré-Müller"]


@pytest.mark.parametrize("decl", ['<?xml version="1.0" encoding="UTF-8"?>\n', ""])
def test_utf8_with_bom_with_or_without_declaration(tmp_path: Path, decl: str) -> None:
    path = write(
        tmp_path, b"\xef\xbb\xbf" + batch(inzet("1", achternaam="Çelik"), decl=decl).encode()
    )
    names = [r.element.findtext(f"{{{NS}}}Klant/{{{NS}}}Achternaam") for r in ketenbericht(path)]
    assert names == ["Çelik"]


def test_comments_and_processing_instructions_anywhere(tmp_path: Path) -> None:
    text = batch(
        "<!-- voor -->" + besteding("1").replace("<kb:Bedrag>", "<!-- x --><?pi y?><kb:Bedrag>"),
        "<?verwerk dit?>" + uitstroom("2"),
        decl='<?xml version="1.0"?>\n<!-- kop -->\n<?xml-stylesheet href="a.xsl"?>\n',
    ).replace("</kb:Berichtenbatch>", "<!-- eind --></kb:Berichtenbatch><!-- na -->")
    got = summary(ketenbericht(write(tmp_path, text)))
    assert [(r["id"], r["problems"]) for r in got] == [("1", []), ("2", [])]


def test_predefined_and_character_references_are_expanded(tmp_path: Path) -> None:
    text = batch(inzet("1", achternaam="Jansen &amp; Zn &#233;&#x20AC;"))
    names = [
        r.element.findtext(f"{{{NS}}}Klant/{{{NS}}}Achternaam")
        for r in ketenbericht(write(tmp_path, text))
    ]
    assert names == ["Jansen & Zn é€"]


def test_utf16_and_windows_1252_as_declared(tmp_path: Path) -> None:
    for encoding, declared in (("utf-16", "UTF-16"), ("cp1252", "windows-1252")):
        text = batch(
            inzet("1", achternaam="Müller"), decl=f'<?xml version="1.0" encoding="{declared}"?>\n'
        )
        path = write(tmp_path, text.encode(encoding), f"{encoding}.xml")
        assert [
            r.element.findtext(f"{{{NS}}}Klant/{{{NS}}}Achternaam") for r in ketenbericht(path)
        ] == ["Müller"]


def test_a_comment_mentioning_doctype_is_no_dtd(tmp_path: Path) -> None:
    text = batch(uitstroom("1"), decl='<?xml version="1.0"?>\n<!-- geen <!DOCTYPE x> hier -->\n')
    assert [r["id"] for r in summary(ketenbericht(write(tmp_path, text)))] == ["1"]


# --- problems per message ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "field", "xpath_tail", "text"),
    [
        (besteding("x", pct="0"), "Percentage", "/Besteding[2]/Toerekening/Percentage",
         "Percentage: waarde '0' voldoet niet aan het formaat (meer dan 0 en ten hoogste 100,"
         " ten hoogste 2 decimalen)"),
        (besteding("x", bedrag="12,50"), "Bedrag", "/Besteding[2]/Bedrag",
         "Bedrag: waarde '12,50' voldoet niet aan het formaat (meer dan 0, precies 2 decimalen)"),
        (besteding("x", extra="<kb:Toerekening><kb:Budget>B2</kb:Budget><kb:Percentage>100.5"
                              "</kb:Percentage></kb:Toerekening>"),
         "Percentage", "/Besteding[2]/Toerekening[2]/Percentage", "Percentage: waarde '100.5'"),
        (uitstroom("x", reden="PENSIOEN"), "Reden", "/Uitstroom[1]/Reden",
         "Reden: waarde 'PENSIOEN' is niet toegestaan (toegestaan: WERK, ANDERS)"),
        (uitstroom("x").replace("2008-09-01", "2008-02-30"), "Datum", "/Uitstroom[1]/Datum",
         "Datum: waarde '2008-02-30' voldoet niet aan het formaat (een datum JJJJ-MM-DD)"),
        (uitstroom("x").replace("111222333", ""), "BSN", "/Uitstroom[1]/BSN",
         "BSN: mag niet leeg zijn"),
        (periode("x").replace(">WW<", f">{'W' * 41}<"), "Regeling",
         "/Uitkeringsperiode[1]/Regeling",
         "Regeling: waarde 'WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW' is te lang (41 tekens,"
         " ten hoogste 40)"),
        (besteding("x").replace("<kb:Bedrag>1250.00</kb:Bedrag>", ""), "Toerekening",
         "/Besteding[2]/Toerekening",
         "Toerekening: element wordt hier niet verwacht (verwacht: Bedrag)"),
        (besteding("x").replace("<kb:Toerekening><kb:Budget>B1</kb:Budget><kb:Percentage>100"
                                "</kb:Percentage></kb:Toerekening>", ""),
         "Toerekening", "/Besteding[2]", "Toerekening: verplicht element ontbreekt in Besteding"),
        (uitstroom("x").replace("<kb:Datum>", "<kb:Extra/><kb:Datum>"), "Extra",
         "/Uitstroom[1]/Extra",
         "Extra: element wordt hier niet verwacht (verwacht: Datum)"),
        (inzet("x").replace("<kb:Achternaam>de Vries</kb:Achternaam>", ""), "Achternaam",
         "/InzetInstrument[1]/Klant", "Achternaam: verplicht element ontbreekt in Klant"),
        (uitstroom("x").replace(' berichtId="x"', ' berichtId="x" soort="y"'), "soort",
         "/Uitstroom[1]/@soort", "soort: attribuut is hier niet toegestaan"),
    ],
)  # fmt: skip
def test_one_bad_message_among_good_ones(
    tmp_path: Path, message: str, field: str, xpath_tail: str, text: str
) -> None:
    path = write(tmp_path, batch(besteding("a"), message, besteding("c")))
    got = summary(ketenbericht(path))
    assert [r["id"] for r in got] == ["a", "x", "c"]
    assert got[0]["problems"] == [] and got[2]["problems"] == []
    [(line, xpath, got_field, got_text)] = got[1]["problems"]
    assert (line, xpath, got_field) == (6, f"/Berichtenbatch/Berichten{xpath_tail}", field)
    assert got_text.startswith(text)


def test_problem_names_the_line_of_the_offending_field(tmp_path: Path) -> None:
    message = besteding("x", bedrag="-12.50").replace("<kb:Bedrag>", "\n\n<kb:Bedrag>")
    got = summary(ketenbericht(write(tmp_path, batch(message))))
    [(line, xpath, field, _)] = got[0]["problems"]
    assert (got[0]["line"], line, xpath, field) == (
        5,
        7,
        "/Berichtenbatch/Berichten/Besteding[1]/Bedrag",
        "Bedrag",
    )


def test_several_problems_of_one_message_are_all_reported(tmp_path: Path) -> None:
    message = besteding("x", bedrag="0.00", pct="150").replace(">UWV<", "><")
    [rec] = summary(ketenbericht(write(tmp_path, batch(message))))
    assert [field for _, _, field, _ in rec["problems"]] == ["Betaler", "Bedrag", "Percentage"]


def test_duplicate_berichtid_is_a_problem_of_the_repeat(tmp_path: Path) -> None:
    path = write(tmp_path, batch(besteding("A"), uitstroom("B"), besteding(" A ")))
    got = summary(ketenbericht(path))
    assert got[0]["problems"] == [] and got[1]["problems"] == []
    assert got[2]["problems"] == [
        (7, "/Berichtenbatch/Berichten/Besteding[2]/@berichtId", "berichtId",
         "berichtId 'A' komt al eerder voor in deze batch (regel 5)"),
    ]  # fmt: skip


def test_missing_berichtid_is_reported_once(tmp_path: Path) -> None:
    path = write(tmp_path, batch(uitstroom("A").replace(' berichtId="A"', "")))
    [with_schema] = summary(ketenbericht(path))
    assert [(f, m) for _, _, f, m in with_schema["problems"]] == [
        ("berichtId", "berichtId: verplicht attribuut ontbreekt")
    ]
    [without_schema] = summary(ketenbericht(path, schema=None))
    assert [(f, m) for _, _, f, m in without_schema["problems"]] == [
        ("berichtId", "berichtId: verplicht attribuut ontbreekt")
    ]


def test_strict_container_yields_unknown_children_as_problems(tmp_path: Path) -> None:
    text = batch(besteding("a"), '<kb:Bestedingen berichtId="b"/>', uitstroom("c"))
    assert [r["id"] for r in summary(ketenbericht(write(tmp_path, text)))] == ["a", "c"]
    got = summary(ketenbericht(write(tmp_path, text), strict_container=BERICHTEN))
    assert [(r["kind"], r["id"]) for r in got] == [
        ("Besteding", "a"),
        (None, "b"),
        ("Uitstroom", "c"),
    ]
    [(line, xpath, field, message)] = got[1]["problems"]
    assert (line, xpath, field) == (6, "/Berichtenbatch/Berichten/Bestedingen[1]", "Bestedingen")
    assert message.startswith(
        "Bestedingen: element wordt hier niet verwacht (verwacht: InzetInstrument of"
    )


# --- refusing a file whole -------------------------------------------------------------------


def test_not_well_formed_names_line_and_column(tmp_path: Path) -> None:
    text = batch(besteding("a"), uitstroom("b").replace("</kb:Reden>", "</kb:Rede>"))
    error = refused(write(tmp_path, text))
    assert error.line == 6 and error.column is not None
    assert f"regel 6, kolom {error.column}" in error.message
    assert "geen goed gevormde XML" in error.message


@pytest.mark.parametrize(
    ("content", "where", "text"),
    [
        (batch(uitstroom("a")).replace("UWV<", "&UWV;<"), "regel 3, kolom", "onbekende entiteit"),
        (batch(uitstroom("a")).replace('"a"', '"&a;"'), "regel 5, kolom", "onbekende entiteit"),
        (batch(inzet("a", achternaam="Désiré")).encode("iso-8859-1"), "regel 5, kolom",
         "bytes die in de tekenset van het bestand niet bestaan"),
        (batch(uitstroom("a")) + "<nog-een/>", "regel 8, kolom 1)",
         "na het einde van het hoofdelement staat nog inhoud"),
        ('<?xml version="1.0" encoding="bogus"?><x/>', "regel 1, kolom",
         "de XML-declaratie noemt een onbekende tekenset"),
    ],
)  # fmt: skip
def test_more_broken_files(tmp_path: Path, content: str | bytes, where: str, text: str) -> None:
    error = refused(write(tmp_path, content))
    assert where in error.message and text in error.message, error.message


def test_truncated_file_is_refused_after_the_complete_messages(tmp_path: Path) -> None:
    text = batch(besteding("a"), besteding("b"))
    path = write(tmp_path, text[: text.index('<kb:Besteding berichtId="b"') + 40])
    seen = []
    with pytest.raises(SourceRefused, match="regel"):
        for rec in ketenbericht(path):
            seen.append(rec.element.get("berichtId"))
    assert seen == ["a"]  # the importer must discard what it read of a refused file


@pytest.mark.parametrize(
    ("root", "got"),
    [
        ('<kb:Iets xmlns:kb="urn:nl:werk-en-inkomen:ketenbericht:v1"/>', f"{{{NS}}}Iets"),
        ('<Berichtenbatch xmlns="urn:iets:anders"/>', "{urn:iets:anders}Berichtenbatch"),
        ("<Berichtenbatch/>", "Berichtenbatch"),
    ],
)
def test_another_root_element_is_refused(tmp_path: Path, root: str, got: str) -> None:
    error = refused(write(tmp_path, f'<?xml version="1.0"?>\n{root}'))
    assert error.message == (
        f"het bestand is geen Berichtenbatch: hoofdelement {got}, verwacht"
        f" {{{NS}}}Berichtenbatch (regel 2)"
    )
    assert error.line == 2


def test_invalid_stuurgegevens_refuse_the_file(tmp_path: Path) -> None:
    error = refused(write(tmp_path, batch(besteding("a"), aanmaakmoment="2008-07-01")))
    assert error.line == 3
    assert error.message.startswith(
        "de kopgegevens (Stuurgegevens) voldoen niet aan het XSD (regel 3)"
    )
    assert "Aanmaakmoment: waarde '2008-07-01' voldoet niet aan het formaat" in error.message


def test_missing_stuurgegevens_refuse_the_file(tmp_path: Path) -> None:
    text = batch(besteding("a")).split("\n")
    del text[2]
    error = refused(write(tmp_path, "\n".join(text)))
    assert (
        error.message == "de kopgegevens (Stuurgegevens) ontbreken vóór het eerste record (regel 4)"
    )
    empty = batch().split("\n")
    del empty[2]
    assert (
        refused(write(tmp_path, "\n".join(empty))).message
        == "de kopgegevens (Stuurgegevens) ontbreken"
    )


@pytest.mark.parametrize(
    ("content", "text"),
    [
        (b"", "het bestand is leeg"),
        (b"  \n ", "het bestand bevat geen XML-element"),
        (b'<?xml version="1.0"?>\n', "het bestand bevat geen XML-element"),
    ],
)
def test_empty_files_are_refused(tmp_path: Path, content: bytes, text: str) -> None:
    assert refused(write(tmp_path, content)).message.startswith(text)


def test_unreadable_files_are_refused(tmp_path: Path) -> None:
    assert refused(tmp_path / "bestaat-niet.xml").message.startswith(
        "het bestand kan niet worden gelezen"
    )
    assert refused(tmp_path).message.startswith("het bestand kan niet worden gelezen")


def test_absurd_nesting_is_refused(tmp_path: Path) -> None:
    deep = "<kb:Extra>" * 70 + "</kb:Extra>" * 70
    error = refused(write(tmp_path, batch(besteding("a"), besteding("b", extra=deep))))
    assert error.message == "het bestand is te diep genest: nesting dieper dan 64 niveaus (regel 6)"
    outside = refused(
        write(tmp_path, batch(besteding("a")).replace("<kb:Berichten>", deep + "<kb:Berichten>"))
    )
    assert "nesting dieper dan 64 niveaus (regel 4)" in outside.message
    very_deep = "<a>" * 1000 + "</a>" * 1000  # beyond libxml2's own limit
    assert (
        "nesting dieper dan 64 niveaus"
        in refused(write(tmp_path, batch(besteding("b", extra=very_deep)))).message
    )
    assert (
        "nesting dieper dan 3 niveaus"
        in refused(write(tmp_path, batch(besteding("a"))), max_depth=3).message
    )


# --- hostile documents -------------------------------------------------------------------------

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + "]>\n"
    f'<kb:Berichtenbatch xmlns:kb="{NS}" versie="1.0"><kb:Berichten>'
    "<kb:Uitstroom berichtId='a'><kb:BSN>&lol9;</kb:BSN></kb:Uitstroom></kb:Berichten>"
    "</kb:Berichtenbatch>"
)
DTD_MESSAGE = "het bestand bevat een DTD (<!DOCTYPE>); dat is om veiligheidsredenen niet toegestaan"


@pytest.fixture
def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Proves a refusal happens before any XML parser sees the file."""

    def fail(source: Any) -> Any:
        raise AssertionError("the parser was reached")

    monkeypatch.setattr(xml_source, "secure_iterparse", fail)


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A local TCP server that a parser reaching the network would connect to."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.3)
    yield server
    server.close()


def assert_no_connection(server: socket.socket) -> None:
    with pytest.raises(TimeoutError):
        server.accept()


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "geheim.txt"
    path.write_text("GEHEIM-12345", encoding="utf-8")
    return path


def xxe_documents(secret: Path, server: socket.socket) -> list[str]:
    port = server.getsockname()[1]
    body = f'<kb:Berichtenbatch xmlns:kb="{NS}" versie="1.0">&x;</kb:Berichtenbatch>'
    return [
        f'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "{uri}">]>\n{body}'
        for uri in (
            secret.as_uri(),
            str(secret),
            f"http://127.0.0.1:{port}/x",
            "file:///etc/passwd",
        )
    ] + [f'<?xml version="1.0"?>\n<!DOCTYPE r SYSTEM "http://127.0.0.1:{port}/dtd">\n{body}']


def test_billion_laughs_is_refused_at_once_without_parsing(
    tmp_path: Path, no_parsing: None
) -> None:
    path = write(tmp_path, BILLION_LAUGHS)
    started = time.perf_counter()
    error = refused(path)
    assert time.perf_counter() - started < 1
    assert error.message == f"{DTD_MESSAGE} (regel 2)" and error.line == 2


def test_external_entities_are_refused_without_parsing(
    tmp_path: Path, no_parsing: None, secret: Path, listener: socket.socket
) -> None:
    for i, doc in enumerate(xxe_documents(secret, listener)):
        error = refused(write(tmp_path, doc, f"xxe{i}.xml"))
        assert error.message == f"{DTD_MESSAGE} (regel 2)"
        assert "GEHEIM" not in error.message
    assert_no_connection(listener)


@pytest.mark.parametrize(
    "prolog",
    [b"\xef\xbb\xbf", b'<?xml version="1.0"?>\n<!-- een > twee -->\n<?pi x?>\n', b"\n\n  "],
)
def test_doctype_is_found_after_bom_comments_and_whitespace(
    tmp_path: Path, no_parsing: None, prolog: bytes
) -> None:
    path = write(tmp_path, prolog + b"<!DOCTYPE kb:Berichtenbatch>\n<kb:Berichtenbatch/>")
    assert refused(path).message.startswith(DTD_MESSAGE)


def test_doctype_in_utf16_is_found(tmp_path: Path, no_parsing: None) -> None:
    text = '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE x>\n<x/>'
    assert refused(write(tmp_path, text.encode("utf-16"))).message == f"{DTD_MESSAGE} (regel 2)"


def test_the_parser_refuses_a_dtd_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Defence in depth: should the prolog scan miss a DOCTYPE, the reader still refuses."""
    monkeypatch.setattr(xml_source, "find_doctype", lambda stream: None)
    path = write(
        tmp_path,
        batch(besteding("a")).replace("\n<kb:Berichtenbatch", "\n<!DOCTYPE x>\n<kb:Berichtenbatch"),
    )
    assert refused(path).message == DTD_MESSAGE
    started = time.perf_counter()
    assert refused(write(tmp_path, BILLION_LAUGHS)).message.startswith("het bestand bevat")
    assert time.perf_counter() - started < 1


def test_the_parser_never_resolves_entities_nor_uses_the_network(
    secret: Path, listener: socket.socket
) -> None:
    """Defence in depth: the parser configuration alone keeps external entities out."""
    for doc in xxe_documents(secret, listener):
        text = b"".join(
            etree.tostring(elem) for event, elem in secure_iterparse(_bytes(doc)) if event == "end"
        )
        assert b"GEHEIM" not in text and b"root:" not in text
    assert_no_connection(listener)
    started = time.perf_counter()
    try:
        for _, elem in secure_iterparse(_bytes(BILLION_LAUGHS)):
            assert len(elem.xpath("string()")) < 1000  # never expanded
    except etree.XMLSyntaxError as exc:  # recent libxml2 refuses the amplification outright
        assert "amplification" in str(exc) or "loop" in str(exc)
    assert time.perf_counter() - started < 1


def _bytes(text: str) -> Any:
    import io

    return io.BytesIO(text.encode())


# --- ancestors, memory, progress ---------------------------------------------------------------

SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
GSD = "http://bkwi.nl/SuwiML/Diensten/GSDDossierReintegratie/v0200"


def suwiml(clients: int, provisions: int) -> str:
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<soap:Envelope xmlns:soap="{SOAP}">\n<soap:Body>\n'
        f'<gsd:DossierReintegratieResponse xmlns:gsd="{GSD}">\n'
        "<Bron><CdPartijSuwi>1</CdPartijSuwi></Bron>\n"
    ]
    for c in range(1, clients + 1):
        parts.append(f"<Client>\n<BSN>{c:09d}</BSN>\n<Voorvoegsel>van</Voorvoegsel>\n")
        for r in range(1, provisions + 1):
            parts.append(
                f"<ReIntegratievoorziening><Registratienummer>{c}-{r}</Registratienummer>"
                "<DatBeginReIntegratievoorziening>20080600</DatBeginReIntegratievoorziening>"
                "</ReIntegratievoorziening>\n"
            )
        parts.append("<Opmerking>na de voorzieningen</Opmerking>\n</Client>\n")
    parts.append("</gsd:DossierReintegratieResponse>\n</soap:Body>\n</soap:Envelope>\n")
    return "".join(parts)


@pytest.mark.parametrize(
    "record_path",
    [
        "/soap:Envelope/soap:Body/gsd:DossierReintegratieResponse/Client/ReIntegratievoorziening",
        "//ReIntegratievoorziening",
        "/soap:Envelope//{*}DossierReintegratieResponse/*/ReIntegratievoorziening",
    ],
)
def test_suwiml_records_reach_their_ancestors(tmp_path: Path, record_path: str) -> None:
    path = write(tmp_path, suwiml(clients=3, provisions=3))
    namespaces = {"soap": SOAP, "gsd": GSD}
    seen = []
    for rec in iter_xml_records(
        path, {"voorziening": record_path}, namespaces, root="soap:Envelope"
    ):
        body = rec.element.getparent().getparent().getparent()
        seen.append(
            (
                rec.element.findtext("Registratienummer"),
                rec.element.findtext("../BSN"),
                rec.element.xpath("string(ancestor::Client/BSN)"),
                rec.element.xpath(
                    "string(/soap:Envelope/soap:Body/*/Bron/CdPartijSuwi)", namespaces=namespaces
                ),
                rec.location.xpath,
                body[0].find("Client") is rec.element.getparent(),  # earlier clients are gone
            )
        )
    assert len(seen) == 9
    response = "/Envelope/Body/DossierReintegratieResponse"
    assert seen[0] == (
        "1-1", "000000001", "000000001", "1", f"{response}/Client/ReIntegratievoorziening[1]", True
    )  # fmt: skip
    assert seen[7][:5] == (
        "3-2", "000000003", "000000003", "1", f"{response}/Client[3]/ReIntegratievoorziening[2]"
    )  # fmt: skip
    assert {s[5] for s in seen} == {True}


def test_memory_stays_flat(tmp_path: Path) -> None:
    kinds = [besteding, uitstroom, inzet, periode]
    path = write(tmp_path, batch(*(kinds[i % 4](f"m{i}") for i in range(4000))))
    root: Any = None
    largest = 0
    n = 0
    for rec in ketenbericht(path):
        n += 1
        berichten = rec.element.getparent()
        root = berichten.getparent()
        assert len(root) == 2  # Stuurgegevens and Berichten
        assert rec.element.getprevious() is None  # earlier messages are gone
        largest = max(largest, len(berichten))  # the current one, and what lxml parsed ahead
    assert n == 4000 and largest < 200
    assert [etree.QName(child).localname for child in root] == ["Stuurgegevens"]


def test_a_record_is_cleared_and_detached_when_the_next_is_asked(tmp_path: Path) -> None:
    records = ketenbericht(write(tmp_path, batch(besteding("a"), uitstroom("b"))))
    first = next(records).element
    assert len(first) == 9 and first.getparent() is not None
    second = next(records).element
    assert len(first) == 0 and first.getparent() is None and first.get("berichtId") is None
    assert second.getprevious() is None and second.get("berichtId") == "b"
    assert list(records) == []


def test_unread_kinds_do_not_accumulate(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        batch(*(uitstroom(f"u{i}") if i % 10 else besteding(f"b{i}") for i in range(3000))),
    )
    sizes = []
    for rec in iter_xml_records(path, {"Besteding": RECORDS["Besteding"]}, NAMESPACES):
        sizes.append(len(rec.element.getparent()))
        assert (
            rec.element.xpath("string(../../kb:Stuurgegevens/kb:Verzender)", namespaces=NAMESPACES)
            == "UWV"
        )
    assert len(sizes) == 300 and max(sizes) < 300


def test_progress_is_reported_about_every_megabyte(tmp_path: Path) -> None:
    path = write(tmp_path, batch(*(besteding(f"b{i}") for i in range(9000))))
    size = path.stat().st_size
    calls: list[tuple[int, int]] = []
    count = sum(
        1 for _ in ketenbericht(path, progress=lambda done, total: calls.append((done, total)))
    )
    assert count == 9000 and size > 3_000_000
    assert calls[0] == (0, size) and calls[-1] == (size, size)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert len(calls) <= size // (1 << 20) + 3


# --- record paths ----------------------------------------------------------------------------


def test_record_paths() -> None:
    ns = {"p": "urn:p", "q": "urn:q"}
    cases = [
        ("/p:A/p:B", [("urn:p", "A"), ("urn:p", "B")], True),
        ("/p:A/p:B", [("urn:p", "A"), ("urn:q", "B")], False),
        ("/p:A/B", [("urn:p", "A"), (None, "B")], True),
        ("/p:A/B", [("urn:p", "A"), ("urn:p", "B")], False),
        ("//B", [("urn:p", "A"), (None, "X"), (None, "B")], True),
        ("/p:A//q:D", [("urn:p", "A"), (None, "X"), ("urn:q", "D")], True),
        ("/p:A//q:D", [("urn:p", "A"), ("urn:q", "D")], True),
        ("/p:A//q:D", [("urn:q", "A"), ("urn:q", "D")], False),
        ("/*/{*}B", [("urn:p", "A"), ("urn:q", "B")], True),
        ("/*/{*}B", [("urn:p", "A"), (None, "B")], True),
        ("/p:*/B", [("urn:q", "A"), (None, "B")], False),
        ("/{urn:p}A", [("urn:p", "A")], True),
        ("/p:A", [("urn:p", "A"), ("urn:p", "A")], False),
    ]
    for expr, stack, expected in cases:
        assert parse_record_path(expr, ns).matches(stack) is expected, (expr, stack)


@pytest.mark.parametrize(
    ("expr", "message"),
    [
        ("p:A/p:B", "begint met '/'"),
        ("/x:A", "voorvoegsel 'x' is niet gedeclareerd"),
        ("/p:A[1]", "alleen elementnamen"),
        ("/p:A/@id", "alleen elementnamen"),
        ("/p:A/", "lege stap"),
        ("/p:A///p:B", "'///'"),
        ("/1A", "geen elementnaam"),
    ],
)
def test_bad_record_paths_raise_in_dutch(expr: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_record_path(expr, {"p": "urn:p"})
    with pytest.raises(ValueError, match=message):
        iter_xml_records(Path("x.xml"), {"k": expr}, {"p": "urn:p"})


# --- the samples -------------------------------------------------------------------------------


def test_the_sample_batches_read_fully(tmp_path: Path) -> None:
    counts, flagged = {}, []
    for name in ("uwv-2008-batch1", "uwv-2008-batch2", "haarlem-2008"):
        path = tmp_path / f"{name}.xml"
        shutil.copy(SAMPLES / f"{name}.xml", path)
        counts[name] = 0
        for rec in ketenbericht(path, strict_container=BERICHTEN):
            counts[name] += 1
            if rec.problems:
                flagged.append((name, rec.location.line, [m for _, _, m in rec.problems]))
    assert counts == {"uwv-2008-batch1": 113, "uwv-2008-batch2": 78, "haarlem-2008": 63}
    # Of the 5 messages the samples must quarantine, the XSD catches the 3 negative amounts;
    # the other 2 (batch1 line 51: Einddatum before Startdatum, line 74: BSN failing the
    # 11-check) are for the mapping/model checks.
    fmt = "voldoet niet aan het formaat (meer dan 0, precies 2 decimalen)"
    assert flagged == [
        ("uwv-2008-batch2", 28, [f"Bedrag: waarde '-460.28' {fmt}"]),
        ("uwv-2008-batch2", 57, [f"Bedrag: waarde '-674.65' {fmt}"]),
        ("haarlem-2008", 45, [f"Bedrag: waarde '-1560.35' {fmt}"]),
    ]
