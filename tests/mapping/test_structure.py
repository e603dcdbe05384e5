"""What the workbench shows of a sample file: columns under a detected header, sniffed CSV
dialects, and the aggregated element tree of XML with namespaces resolved."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from ketenkoppeling.mapping.structure import relative_xpath, sample_structure
from ketenkoppeling.mapping.structure_table import detect_header
from ketenkoppeling.mapping.structure_xml import MAX_PATHS, invent_prefix
from ketenkoppeling.sources.base import SourceRefused

GEMEENTE_HEADER = [
    "BSN", "Naam", "Geb.datum", "Regeling", "Instrument", "Aanbieder", "Startdatum",
    "Einddatum", "Trajectnummer", "Factuurnummer", "Periode van", "Periode tot",
    "Betaaldatum", "Kosten", "Budget",
]  # fmt: skip
SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
GSD = "http://bkwi.nl/SuwiML/Diensten/GSDDossierReintegratie/v0200"


def _data_rows(path: Path, sheet: str, header: int) -> int:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = list(wb[sheet].iter_rows(min_row=header + 1, values_only=True))
    wb.close()
    filled = [r for r in rows if any(v not in (None, "") for v in r)]
    return len([r for r in filled if not str(r[0] or "").lower().startswith("totaal")])


@pytest.mark.parametrize(
    "name", ["trajecten-hlm.xlsx", "trajecten-iasz.xlsx", "trajecten-zvt.xlsx"]
)
def test_gemeente_workbooks_header_below_the_title_block(samples: Path, name: str) -> None:
    structure = sample_structure(samples / name)
    assert (structure.format, structure.sheets, structure.sheet) == ("xlsx", ["Trajecten"],
                                                                     "Trajecten")  # fmt: skip
    assert structure.header_row == 4
    assert [c.name for c in structure.columns] == GEMEENTE_HEADER
    assert [c.letter for c in structure.columns][:3] == ["A", "B", "C"]
    assert structure.columns[-1].letter == "O"
    assert structure.rows == _data_rows(samples / name, "Trajecten", 4)
    bsn = structure.column("bsn")
    assert bsn is not None and bsn.filled == structure.rows
    for column in structure.columns:
        assert len(column.samples) <= 5
        assert len(set(column.samples)) == len(column.samples)
        assert all(s.strip() for s in column.samples)
        assert column.filled <= structure.rows
    assert structure.root is None and structure.encoding is None and not structure.truncated


def test_uwv_export_every_sheet_listed(samples: Path) -> None:
    structure = sample_structure(samples / "uwv-reintegratie-export.xlsx")
    assert structure.sheets == ["Export", "Toelichting"]
    assert (structure.sheet, structure.header_row, structure.rows) == ("Export", 1, 19)
    bsn = structure.column("Burgerservicenummer")
    assert bsn is not None and "40981824" in bsn.samples  # a number, shown without ".0"
    second = structure.column("Financiering 2")
    first = structure.column("Financiering 1")
    assert second is not None and first is not None
    assert second.filled < first.filled == 19
    assert structure.column("Re-integratieproduct") is not None
    other = sample_structure(samples / "uwv-reintegratie-export.xlsx", sheet="Toelichting")
    assert (other.sheet, other.header_row, other.rows) == ("Toelichting", 1, 0)
    with pytest.raises(SourceRefused, match="blad 'Bestaat niet' ontbreekt"):
        sample_structure(samples / "uwv-reintegratie-export.xlsx", sheet="Bestaat niet")


def renamed_workbook(path: Path, rows: int = 12) -> Path:
    """A gemeente workbook whose columns are renamed and reordered, under a title block."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Overzicht"
    ws.append(["Trajectenoverzicht gemeente Haarlem"])
    ws.merge_cells("A1:H1")
    ws.append(["Peildatum: 30-06-2008"])
    ws.append([])
    ws.append(["Dossier", "Burgerservicenr.", "Klantnaam", "Product", "Begin", "Eind",
               "Factuurnr", "Bedrag (EUR)", "Van", "Tot", "Betaald", "Budgetcode"])  # fmt: skip
    for i in range(rows):
        invoice = i % 3 != 2
        ws.append([
            f"HLM-NEW-{i:03d}", "123456782" if i % 2 else 111222333, f"Vries, J.{i} de",
            "Work First" if i % 2 else "Scholing", datetime(2008, 3, 1 + i), None,
            f"NF-{i}" if invoice else None, f"€ 1.0{i:02d},50" if invoice else None,
            "01-03-2008" if invoice else None, "31-03-2008" if invoice else None,
            "15-04-2008" if invoice else None, "GEM-0392-WD-2008" if invoice else None,
        ])  # fmt: skip
    ws.append([])
    ws.append(["Totaal"] + [None] * 6 + [12345])
    wb.create_sheet("Toelichting").append(["Uitleg"])
    wb.save(path)
    return path


def test_renamed_reordered_workbook_with_title_block(tmp_path: Path) -> None:
    path = renamed_workbook(tmp_path / "nieuw.xlsx")
    structure = sample_structure(path)
    assert structure.sheets == ["Overzicht", "Toelichting"]
    assert structure.header_row == 4
    assert [c.name for c in structure.columns][:3] == ["Dossier", "Burgerservicenr.", "Klantnaam"]
    assert structure.rows == 12  # the empty row and the totals row are no data
    begin = structure.column("Begin")
    assert begin is not None and begin.samples[0] == "01-03-2008" and begin.letter == "E"
    assert structure.column("Eind") is not None and structure.column("Eind").filled == 0  # type: ignore[union-attr]
    assert structure.column("Factuurnr").filled == 8  # type: ignore[union-attr]
    bsn = structure.column("Burgerservicenr.")
    assert bsn is not None and bsn.samples == ["111222333", "123456782"]
    given = sample_structure(path, header_row=2)
    assert given.header_row == 2 and [c.name for c in given.columns] == ["Peildatum: 30-06-2008"]
    limited = sample_structure(path, max_rows=5)
    assert limited.rows == 5 and limited.truncated


def test_header_detection_skips_a_title_row_of_several_cells() -> None:
    rows = [
        ("Gemeente", "Haarlem", "Peildatum 30-06-2008"),
        (),
        ("BSN", "Naam", "Instrument", "Startdatum", "Kosten", "Budget"),
        ("123456782", "Vries, J. de", "Scholing", datetime(2008, 1, 1), 12.5, "B"),
    ]
    assert detect_header(rows) == 3
    assert detect_header([(), ("a", "b", "c")]) == 2  # a header without data below
    assert detect_header([(), ("Alleen een titel",)]) == 2
    assert detect_header([(), ()]) is None


def test_progress_is_reported(samples: Path) -> None:
    calls: list[tuple[int, int]] = []
    sample_structure(samples / "trajecten-hlm.xlsx", progress=lambda d, t: calls.append((d, t)))
    assert calls and calls[-1][0] == calls[-1][1] > 0


# --- csv ---------------------------------------------------------------------------------------


def test_invoice_csv(samples: Path) -> None:
    structure = sample_structure(samples / "facturen-rib-0002.csv")
    assert (structure.format, structure.delimiter, structure.header_row) == ("csv", ";", 1)
    assert [c.name for c in structure.columns] == [
        "factuurnummer", "factuurdatum", "bsn", "referentie", "periode_van", "periode_tot",
        "bedrag", "opdrachtgever", "budget",
    ]  # fmt: skip
    assert [c.letter for c in structure.columns][:3] == ["1", "2", "3"]
    assert structure.rows == 3 and structure.sheets == [] and structure.sheet is None


def test_csv_in_windows_1252_with_a_blank_first_line(tmp_path: Path) -> None:
    path = tmp_path / "aanbieder.csv"
    text = (
        "\r\nnaam;plaats;bedrag\r\nCafé Zoë;Zaandam;1.234,56\r\nBrasserie;Haarlem;12,00\r\n;;\r\n"
    )
    path.write_bytes(text.encode("cp1252"))
    structure = sample_structure(path)
    assert (structure.encoding, structure.delimiter, structure.header_row) == ("cp1252", ";", 2)
    assert structure.columns[0].samples == ["Café Zoë", "Brasserie"]
    assert structure.columns[2].samples == ["1.234,56", "12,00"]
    assert structure.rows == 2


@pytest.mark.parametrize(
    ("delimiter", "bom", "encoding"),
    [(",", True, "utf-8-sig"), ("\t", False, "utf-8"), ("|", False, "utf-8")],
)
def test_csv_dialects_are_sniffed(tmp_path: Path, delimiter: str, bom: bool, encoding: str) -> None:
    lines = [["bsn", "regeling", "omschrijving", "bedrag"]]
    lines += [["123456782", "WWB", "Werk; en inkomen", "1,50"] for _ in range(4)]
    text = "\n".join(delimiter.join(f'"{v}"' if delimiter in v else v for v in row)
                     for row in lines)  # fmt: skip
    path = tmp_path / "x.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    structure = sample_structure(path)
    assert (structure.delimiter, structure.encoding) == (delimiter, encoding)
    assert [c.name for c in structure.columns] == lines[0]
    assert structure.columns[2].samples == ["Werk; en inkomen"]


def test_unreadable_files_are_refused_in_dutch(tmp_path: Path) -> None:
    empty = tmp_path / "leeg.csv"
    empty.write_bytes(b"")
    with pytest.raises(SourceRefused, match="leeg"):
        sample_structure(empty)
    binary = tmp_path / "plaatje.csv"
    binary.write_bytes(b"\x89PNG\x00\x00\x00")
    with pytest.raises(SourceRefused, match="geen tekstbestand"):
        sample_structure(binary)
    fake = tmp_path / "nep.xlsx"
    fake.write_text("dit is geen werkmap")
    with pytest.raises(SourceRefused, match="geen leesbaar Excel-bestand"):
        sample_structure(fake)
    broken = tmp_path / "kapot.xlsx"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("iets.txt", "geen werkmap")
    with pytest.raises(SourceRefused, match="geen leesbaar Excel-bestand"):
        sample_structure(broken)
    with pytest.raises(SourceRefused, match="bestaat niet"):
        sample_structure(tmp_path / "weg.csv")


# --- xml ---------------------------------------------------------------------------------------


def suwinet_response(clients: int = 3, provisions: int = 2, *, default_ns: bool = True) -> str:
    """A Suwinet-like response: a SOAP envelope around a root in a default namespace (or a
    prefixed root with unqualified children)."""
    people = []
    for c in range(clients):
        items = "".join(
            f"<ReIntegratievoorziening><Registratienr>R-{c}-{p}</Registratienr>"
            f"<DatBReIntegratievoorziening>2008060{p + 1}</DatBReIntegratievoorziening>"
            f"<OmsReIntegratievoorziening>{'Work First' if p % 2 else 'Scholing'}"
            "</OmsReIntegratievoorziening></ReIntegratievoorziening>"
            for p in range(provisions)
        )
        people.append(
            f'<ClientSuwi soort="klant"><Burgerservicenr>{"123456782" if c % 2 else "111222333"}'
            f"</Burgerservicenr><Voorletters>J</Voorletters>{items}"
            "<Bron><CdPartijSuwi>0392</CdPartijSuwi></Bron></ClientSuwi>"
        )
    if default_ns:
        root = f'<GSDDossierReintegratieResponse xmlns="{GSD}">{"".join(people)}'
        root += "</GSDDossierReintegratieResponse>"
    else:
        root = f'<gsd:GSDDossierReintegratieResponse xmlns:gsd="{GSD}">{"".join(people)}'
        root += "</gsd:GSDDossierReintegratieResponse>"
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<soap:Envelope xmlns:soap="{SOAP}">\n'
        f"<soap:Body>\n{root}\n</soap:Body>\n</soap:Envelope>\n"
    )


def test_soap_envelope_around_a_default_namespace_root(tmp_path: Path) -> None:
    path = tmp_path / "suwi.xml"
    path.write_text(suwinet_response(3, 2), encoding="utf-8")
    structure = sample_structure(path)
    assert structure.format == "xml" and structure.in_soap_envelope
    assert structure.namespaces == {"soap": SOAP, "gsd": GSD}  # the default one gets a prefix
    assert structure.root is not None and structure.root.name == "soap:Envelope"
    assert structure.document_root == "gsd:GSDDossierReintegratieResponse"
    base = "/soap:Envelope/soap:Body/gsd:GSDDossierReintegratieResponse/gsd:ClientSuwi"
    client = structure.node(base)
    assert client is not None and client.count == 3 and client.namespace == GSD
    assert client.attributes == {"soort": ["klant"]}
    assert [c.name for c in client.children] == [
        "gsd:Burgerservicenr", "gsd:Voorletters", "gsd:ReIntegratievoorziening", "gsd:Bron",
    ]  # fmt: skip
    bsn = structure.node(base + "/gsd:Burgerservicenr")
    assert bsn is not None and bsn.samples == ["111222333", "123456782"] and bsn.is_leaf
    assert structure.record_path == base + "/gsd:ReIntegratievoorziening"
    assert structure.rows == 6
    registration = structure.node(base + "/gsd:ReIntegratievoorziening/gsd:Registratienr")
    assert registration is not None and registration.count == 6
    assert registration.samples == ["R-0-0", "R-0-1", "R-1-0", "R-1-1", "R-2-0"]  # at most 5
    again = sample_structure(path)
    assert again.namespaces == structure.namespaces  # prefixes are stable


def test_prefixed_root_with_unqualified_children(tmp_path: Path) -> None:
    path = tmp_path / "suwi.xml"
    path.write_text(suwinet_response(2, 3, default_ns=False), encoding="utf-8")
    structure = sample_structure(path)
    assert structure.namespaces == {"soap": SOAP, "gsd": GSD}
    record = "/soap:Envelope/soap:Body/gsd:GSDDossierReintegratieResponse/ClientSuwi"
    assert structure.record_path == record + "/ReIntegratievoorziening"
    node = structure.node(record)
    assert node is not None and node.namespace is None and node.name == "ClientSuwi"


def test_ketenbericht_batch(samples: Path) -> None:
    structure = sample_structure(samples / "uwv-2008-batch1.xml")
    assert structure.namespaces == {"kb": "urn:nl:werk-en-inkomen:ketenbericht:v1"}
    assert structure.document_root == "kb:Berichtenbatch" and not structure.in_soap_envelope
    assert structure.root is not None and structure.root.attributes == {"versie": ["1.0"]}
    sender = structure.node("/kb:Berichtenbatch/kb:Stuurgegevens/kb:Verzender")
    assert sender is not None and sender.samples == ["UWV"] and sender.count == 1
    kinds = structure.node("/kb:Berichtenbatch/kb:Berichten")
    assert kinds is not None
    assert {c.local_name for c in kinds.children} >= {"Uitkeringsperiode", "Besteding"}
    assert structure.record_path is not None
    record = structure.node(structure.record_path)
    assert record is not None and record.count == structure.rows
    assert record.count == max(c.count for c in kinds.children)


def test_invented_prefixes() -> None:
    assert invent_prefix(GSD, "X") == "gsd"
    assert invent_prefix("urn:nl:werk-en-inkomen:ketenbericht:v1", "Batch") == "ket"
    assert invent_prefix("http://example.org/2008/", "ReIntegratie") == "ri"
    assert invent_prefix("urn:1:2", "") == "ns"


def test_namespaces_without_prefix_get_distinct_prefixes(tmp_path: Path) -> None:
    path = tmp_path / "twee.xml"
    path.write_text(
        '<Root xmlns="urn:a:Bericht"><Deel xmlns="urn:b:Bericht"><X>1</X></Deel>'
        '<y:Z xmlns:y="urn:c" xml:lang="nl">2</y:Z><y:Z xmlns:y="urn:d"/></Root>',
        encoding="utf-8",
    )
    structure = sample_structure(path)
    assert structure.namespaces == {
        "ber": "urn:a:Bericht", "ber2": "urn:b:Bericht", "y": "urn:c", "y2": "urn:d",
    }  # fmt: skip
    z = structure.node("/ber:Root/y:Z")
    assert z is not None and z.attributes == {"xml:lang": ["nl"]}
    assert structure.node("/ber:Root/ber2:Deel/ber2:X") is not None
    assert structure.node("/ber:Root/y:Z") is not None


def test_many_distinct_paths_are_capped(tmp_path: Path) -> None:
    path = tmp_path / "breed.xml"
    body = "".join(f"<E{i}><F>{i}</F></E{i}>" for i in range(MAX_PATHS))
    path.write_text(f"<Root>{body}</Root>", encoding="utf-8")
    structure = sample_structure(path)
    assert structure.truncated
    assert structure.root is not None and len(structure.root.walk()) == MAX_PATHS


def test_a_large_file_streams(tmp_path: Path) -> None:
    path = tmp_path / "groot.xml"
    record = (
        "<kb:Besteding berichtId='{i}'><kb:BSN>123456782</kb:BSN><kb:Bedrag>{i}.50</kb:Bedrag>"
        "<kb:Toerekening><kb:Budget>B</kb:Budget><kb:Percentage>100</kb:Percentage>"
        "</kb:Toerekening></kb:Besteding>\n"
    )
    with path.open("w", encoding="utf-8") as handle:
        handle.write('<kb:Berichtenbatch xmlns:kb="urn:kb"><kb:Berichten>\n')
        for i in range(40_000):
            handle.write(record.format(i=i))
        handle.write("</kb:Berichten></kb:Berichtenbatch>\n")
    calls: list[tuple[int, int]] = []
    structure = sample_structure(path, progress=lambda d, t: calls.append((d, t)))
    assert structure.rows == 40_000
    assert structure.record_path == "/kb:Berichtenbatch/kb:Berichten/kb:Besteding"
    amount = structure.node(structure.record_path + "/kb:Bedrag")
    assert amount is not None and amount.samples == ["0.50", "1.50", "2.50", "3.50", "4.50"]
    assert len(calls) > 2 and calls[-1][0] == calls[-1][1] == path.stat().st_size


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "b">]>\n<x>&a;</x>', "DTD"),
        ("<a><b></a>", "geen goed gevormde XML"),
        ("", "leeg"),
        ("<?xml version='1.0'?>\n", "geen"),
    ],
)
def test_bad_xml_is_refused(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "slecht.xml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SourceRefused, match=message):
        sample_structure(path)


def test_relative_xpath_from_a_record() -> None:
    record = "/soap:E/soap:B/gsd:R/ClientSuwi/ReIntegratievoorziening"
    assert relative_xpath(record, record + "/Registratienr") == "Registratienr"
    assert relative_xpath(record, record) == "."
    assert relative_xpath(record, "/soap:E/soap:B/gsd:R/ClientSuwi/Burgerservicenr") == (
        "../Burgerservicenr"
    )
    assert relative_xpath(record, "/soap:E/soap:B/gsd:R/ClientSuwi/Bron/CdPartijSuwi") == (
        "../Bron/CdPartijSuwi"
    )
    assert relative_xpath("/a/b", "/a/@versie") == "../@versie"
    loose = "//gsd:R/ClientSuwi/ReIntegratievoorziening"
    assert relative_xpath(loose, "/soap:E/soap:B/gsd:R/ClientSuwi/Voorletters") == "../Voorletters"
    assert relative_xpath(loose, "/other/x") == "/other/x"
