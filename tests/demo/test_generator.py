"""The demo region generator: formats, determinism, and that what it says it planted is
what its files contain.

The heart is ``_reimport``: a small, independent reading of every file the generator wrote
(the way the product's mappings would read them) followed by an independent evaluation of
the rules of spec/rules.md. Its results must agree with the generator's own summary.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from lxml import etree

from ketenkoppeling.demo.generator import (
    UWV_PRODUCTS,
    RegionSummary,
    write_ketenbericht_batch,
    write_region,
)
from ketenkoppeling.demo.problems import SCENARIOS
from ketenkoppeling.model.bsn import is_valid_bsn, normalise_bsn

NS = "urn:nl:werk-en-inkomen:ketenbericht:v1"
Q = f"{{{NS}}}"
YEAR = 2008
TRAJECTEN_HEADER = [
    "BSN",
    "Naam",
    "Geb.datum",
    "Regeling",
    "Instrument",
    "Aanbieder",
    "Startdatum",
    "Einddatum",
    "Trajectnummer",
    "Factuurnummer",
    "Periode van",
    "Periode tot",
    "Betaaldatum",
    "Kosten",
    "Budget",
]
UWV_HEADER = [
    "Burgerservicenummer",
    "Achternaam",
    "Voorletters",
    "Geboortedatum",
    "Uitkering",
    "Re-integratieproduct",
    "Leverancier",
    "Begindatum",
    "Einddatum",
    "Dossiernummer",
    "Factuur",
    "Periode van",
    "Periode t/m",
    "Betaald op",
    "Bedrag",
    "Financiering 1",
    "Perc 1",
    "Financiering 2",
    "Perc 2",
]
TRAJECTEN = {
    "trajecten-hlm.xlsx": ("GEM-0392", "gemeente haarlem"),
    "trajecten-zvt.xlsx": ("GEM-0473", "gemeente zandvoort"),
    "trajecten-iasz.xlsx": ("IASZ", "intergemeentelijke afdeling sociale zaken"),
}
INVOICE_HEADER = (
    "factuurnummer;factuurdatum;bsn;referentie;periode_van;periode_tot;bedrag;opdrachtgever;budget"
)


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> RegionSummary:
    return write_region(tmp_path_factory.mktemp("region"), clients=60, seed=7)


# -- the files -------------------------------------------------------------------------------
def test_files_in_import_order(region: RegionSummary) -> None:
    names = [p.name for p in region.files]
    assert names[:9] == [
        "referentie.xlsx",
        "uwv-2008-batch1.xml",
        "uwv-2008-batch2.xml",
        "haarlem-2008.xml",
        "uitkeringsperioden-gemeenten.csv",
        "trajecten-hlm.xlsx",
        "trajecten-zvt.xlsx",
        "trajecten-iasz.xlsx",
        "uwv-reintegratie-export.xlsx",
    ]
    invoices = names[9:]
    assert invoices and invoices == sorted(invoices)
    assert all(re.fullmatch(r"facturen-rib-\d{4}\.csv", n) for n in invoices)
    assert sorted(p.name for p in region.outdir.iterdir()) == sorted(names)
    assert region.sizes == {p.name: p.stat().st_size for p in region.files}


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    a = write_region(tmp_path / "a", clients=40, seed=3)
    b = write_region(tmp_path / "b", clients=40, seed=3)
    write_region(tmp_path / "c", clients=40, seed=4)
    assert [p.name for p in a.files] == [p.name for p in b.files]
    for pa, pb in zip(a.files, b.files, strict=True):
        assert pa.read_bytes() == pb.read_bytes(), pa.name
    assert a.expected == b.expected
    assert (tmp_path / "a" / "uwv-2008-batch1.xml").read_bytes() != (
        tmp_path / "c" / "uwv-2008-batch1.xml"
    ).read_bytes()


def test_xml_batches_well_formed_with_varied_forms(region: RegionSummary) -> None:
    senders = {
        "uwv-2008-batch1.xml": "UWV",
        "uwv-2008-batch2.xml": "UWV",
        "haarlem-2008.xml": "GEM-0392",
    }
    prefixes = set()
    kinds: Counter[str] = Counter()
    for name, sender in senders.items():
        path = region.outdir / name
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        root = etree.parse(str(path), parser).getroot()
        assert root.tag == Q + "Berichtenbatch"
        assert root.get("versie") == "1.0"
        prefixes.add(root.prefix)
        assert root.findtext(f"{Q}Stuurgegevens/{Q}Verzender") == sender
        ids = [m.get("berichtId") for m in root.find(Q + "Berichten")]
        assert len(ids) == len(set(ids)) == region.records[name]
        for m in root.find(Q + "Berichten"):
            kinds[etree.QName(m).localname] += 1
            if m.tag == Q + "Besteding":
                assert m.findtext(Q + "Betaler") == sender
                assert m.findall(Q + "Toerekening")
    assert prefixes == {"kb", None, "ket"}
    assert set(kinds) == {"InzetInstrument", "Uitkeringsperiode", "Besteding", "Uitstroom"}
    assert (region.outdir / "uwv-2008-batch2.xml").read_bytes().startswith(b"\xef\xbb\xbf<?xml")
    haarlem = (region.outdir / "haarlem-2008.xml").read_bytes()
    assert haarlem.startswith(b'<?xml version="1.0" encoding="ISO-8859-1"?>')
    text = haarlem.decode("iso-8859-1")
    assert re.search(r"<ket:Achternaam>[^<]*[éëç]", text)


def test_every_bsn_valid_except_the_planted_ones(region: RegionSummary) -> None:
    invalid = 0
    for name in ("uwv-2008-batch1.xml", "uwv-2008-batch2.xml", "haarlem-2008.xml"):
        root = etree.parse(str(region.outdir / name)).getroot()
        for el in root.iter(Q + "BSN"):
            invalid += not is_valid_bsn(el.text or "")
    for name in (*TRAJECTEN, "uwv-reintegratie-export.xlsx"):
        header_row = 1 if name.startswith("uwv") else 4
        for row in _sheet_rows(region.outdir / name, header_row):
            invalid += not is_valid_bsn(normalise_bsn(row[0]) or "")
    for path in region.files:
        if path.suffix == ".csv":
            for rec in _csv(path):
                invalid += not is_valid_bsn(rec["bsn"])
    assert invalid == region.planted["Q-BSN"] >= 1


def test_bsn_numbers_lose_their_leading_zero_in_spreadsheets(tmp_path: Path) -> None:
    summary = write_region(tmp_path, clients=300, seed=2)
    numbers = []
    for name in (*TRAJECTEN, "uwv-reintegratie-export.xlsx"):
        header_row = 1 if name.startswith("uwv") else 4
        numbers += [r[0] for r in _sheet_rows(summary.outdir / name, header_row)]
    assert any(isinstance(v, int) and len(str(v)) == 8 for v in numbers)
    assert any(isinstance(v, str) for v in numbers)


def test_trajecten_layout(region: RegionSummary) -> None:
    for name, (_, title) in TRAJECTEN.items():
        wb = openpyxl.load_workbook(region.outdir / name)
        assert wb.sheetnames == ["Trajecten"]
        ws = wb["Trajecten"]
        assert ws["A1"].value == f"Trajectenoverzicht {title}"
        assert ws["A2"].value == "Peildatum: 31-12-2008"
        assert all(c.value is None for c in ws[3])
        header = [c.value for c in ws[4]]
        assert header[:15] == TRAJECTEN_HEADER
        assert [str(r) for r in ws.merged_cells.ranges] == ["A1:F1"]
        values = [[c.value for c in row] for row in ws.iter_rows(min_row=5)]
        totals = [i for i, row in enumerate(values) if row[0] == "Totaal"]
        assert len(totals) == 1
        assert values[totals[0] + 1 :] and all(
            all(v is None for v in row) for row in values[totals[0] + 1 :]
        ), "empty trailing rows"
        if name == "trajecten-hlm.xlsx":
            assert header[15] == "Werkcoach" and ws.column_dimensions["P"].hidden
    # the mess of spec/exports.md is there
    cells = [c for n in TRAJECTEN for row in _sheet_rows(region.outdir / n, 4) for c in row]
    assert any(isinstance(c, datetime) for c in cells)
    assert any(isinstance(c, str) and re.fullmatch(r"\d{2}-\d{2}-\d{4}", c) for c in cells)
    assert any(
        isinstance(c, str)
        and re.fullmatch(r"\d{1,2}-\d{1,2}-\d{4}", c)
        and not re.fullmatch(r"\d{2}-\d{2}-\d{4}", c)
        for c in cells
    )
    assert any(isinstance(c, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", c) for c in cells)
    assert any(isinstance(c, str) and c.startswith("€ ") for c in cells)
    assert any(isinstance(c, float) for c in cells)
    assert any(isinstance(c, str) and c != c.strip() for c in cells)


def test_uwv_export_layout(region: RegionSummary) -> None:
    wb = openpyxl.load_workbook(region.outdir / "uwv-reintegratie-export.xlsx")
    assert wb.sheetnames == ["Export", "Toelichting"]
    assert [c.value for c in wb["Export"][1]] == UWV_HEADER
    products = {row[5] for row in _sheet_rows(region.outdir / "uwv-reintegratie-export.xlsx", 1)}
    assert products and products <= set(UWV_PRODUCTS) | {
        "Coachingstraject",
        "Werkervaringsplaats",
        "Re-integratie overig",
    }


def test_uwv_products_constant() -> None:
    assert UWV_PRODUCTS == {
        "Work First": "WF",
        "IRO-traject": "IRO",
        "Scholing/opleiding": "SCH",
        "Jobcoach": "JC",
        "Loonkostensubsidie": "LKS",
        "Proefplaatsing": "PP",
        "Participatieplaats": "PPL",
        "Brugbaan": "BB",
        "Sollicitatiecursus": "SOL",
        "Zorgtraject": "ZORG",
    }


def test_reference_workbook(region: RegionSummary) -> None:
    wb = openpyxl.load_workbook(region.outdir / "referentie.xlsx")
    assert wb.sheetnames == ["Partners", "Regelingen", "Instrumenten", "Budgetten", "Aanbieders"]
    rows = {ws.title: [[c.value for c in r] for r in ws.iter_rows()] for ws in wb.worksheets}
    assert rows["Partners"][0] == ["Code", "Naam", "Soort", "Geldig van", "Geldig tot"]
    partners = {r[0]: r for r in rows["Partners"][1:]}
    assert list(partners) == ["UWV", "CWI", "WERKBEDRIJF", "GEM-0392", "GEM-0473", "IASZ"]
    assert partners["CWI"][4] == datetime(2008, 6, 30)
    assert partners["WERKBEDRIJF"][3] == datetime(2008, 7, 1)
    assert rows["Budgetten"][0] == [
        "Code",
        "Omschrijving",
        "Eigenaar",
        "Jaar",
        "Bedrag",
        "Regelingen",
        "Instrumenten",
    ]
    assert [r[0] for r in rows["Instrumenten"][1:]] == [
        "WF",
        "IRO",
        "SCH",
        "JC",
        "LKS",
        "PP",
        "PPL",
        "BB",
        "SOL",
        "ZORG",
    ]
    assert [r[0] for r in rows["Aanbieders"][1:]] == [f"RIB-{i:04d}" for i in range(1, 13)]
    ww = next(r for r in rows["Budgetten"] if r[0] == "UWV-RIB-WW-2008")
    assert ww[5] == "WW" and "PPL" not in ww[6].split(",")


def test_csv_encodings(region: RegionSummary) -> None:
    for path in region.files:
        if path.name.startswith("facturen-"):
            raw = path.read_bytes()
            raw.decode("cp1252")
            assert raw.startswith(INVOICE_HEADER.encode() + b"\r\n")
            assert b"\n" not in raw.replace(b"\r\n", b"")
            for rec in _csv(path):
                assert re.fullmatch(r"\d+,\d{2,3}", rec["bedrag"]), rec
    raw = (region.outdir / "uitkeringsperioden-gemeenten.csv").read_bytes()
    raw.decode("utf-8")
    assert raw.startswith(b"bsn;regeling;uitvoerder;ingangsdatum;einddatum\r\n")


def test_summary_adds_up(region: RegionSummary) -> None:
    planted = region.planted
    assert set(planted) == {*SCENARIOS, "B6"}
    assert all(n >= 1 for n in planted.values()), planted
    q_planted = sum(n for kind, n in planted.items() if kind.startswith("Q-"))
    assert sum(region.quarantined.values()) == q_planted
    by_rule = region.planted_by_rule
    assert by_rule["Q"] == q_planted and by_rule["D1-near-miss"] == region.counts["near_misses"]
    expected = region.expected_by_rule
    for rule in ("D1", "D2", "B1", "B2", "B3", "B4", "B5", "B6", "B7"):
        assert expected.get(rule, 0) >= by_rule.get(rule, 0) >= 1, rule
    counts = region.counts
    xml = ("uwv-2008-batch1.xml", "uwv-2008-batch2.xml", "haarlem-2008.xml")
    assert sum(region.records[n] for n in xml) == counts["messages"]
    sheets = (*TRAJECTEN, "uwv-reintegratie-export.xlsx")
    assert sum(region.records[n] for n in sheets) == counts["rows"]
    assert counts["persons"] == counts["clients"] + planted["D2"]
    assert counts["deployments"] <= counts["deployments_written"]
    assert counts["spend_lines"] <= counts["spend_lines_written"]
    overrun = [code for code, (amount, used) in region.budgets.items() if used > amount]
    assert overrun == ["GEM-0392-WD-2008"]


def test_reimport_agrees_with_summary(region: RegionSummary) -> None:
    found = _reimport(region.outdir, region.files)
    assert found.quarantined == region.quarantined
    assert len(found.deployments) == region.counts["deployments"]
    assert len(found.spends) == region.counts["spend_lines"]
    mine = {(f.rule, f.records) for f in region.expected}
    theirs = set(found.findings)
    assert theirs == mine
    for code, (amount, attributed) in region.budgets.items():
        assert found.attributed.get(code, Decimal(0)) == attributed, code
        assert found.budget_amounts[code] == amount


@pytest.mark.parametrize("seed", [11, 12])
def test_other_seeds_agree_too(tmp_path: Path, seed: int) -> None:
    summary = write_region(tmp_path, clients=150, seed=seed, year=2009)
    found = _reimport(summary.outdir, summary.files, year=2009)
    assert found.quarantined == summary.quarantined
    assert set(found.findings) == {(f.rule, f.records) for f in summary.expected}


def test_progress_is_reported(tmp_path: Path) -> None:
    lines: list[str] = []
    write_region(tmp_path, clients=40, seed=1, progress=lines.append)
    assert lines and lines[-1].endswith(str(tmp_path))


def test_large_batch_streams_valid_messages(tmp_path: Path) -> None:
    path = tmp_path / "groot.xml"
    size = write_ketenbericht_batch(path, messages=700, seed=5)
    assert size == path.stat().st_size
    root = etree.parse(str(path)).getroot()
    messages = list(root.find(Q + "Berichten"))
    assert len(messages) == 700
    assert {etree.QName(m).localname for m in messages} == {
        "InzetInstrument",
        "Uitkeringsperiode",
        "Besteding",
        "Uitstroom",
    }
    assert all(is_valid_bsn(el.text or "") for el in root.iter(Q + "BSN"))
    assert all(Decimal(el.text or "0") > 0 for el in root.iter(Q + "Bedrag"))
    latin = tmp_path / "latin.xml"
    write_ketenbericht_batch(latin, messages=50, prefix=None, encoding="ISO-8859-1")
    root = etree.parse(str(latin)).getroot()
    assert root.prefix is None and len(root.find(Q + "Berichten")) == 50


# -- an independent reading of the files ---------------------------------------------------
def _sheet_rows(path: Path, header_row: int) -> list[list[Any]]:
    ws = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    rows = []
    for row in ws.iter_rows(min_row=header_row + 1, values_only=True):
        if row and row[0] == "Totaal":
            break
        if row and any(v is not None for v in row):
            rows.append(list(row) + [None] * (20 - len(row)))
    return rows


def _csv(path: Path) -> list[dict[str, str]]:
    encoding = "cp1252" if path.name.startswith("facturen") else "utf-8"
    with open(path, encoding=encoding, newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


class Bad(Exception):
    pass


def _date(value: Any, *, optional: bool = False) -> date | None:
    if value is None or value == "":
        if optional:
            return None
        raise Bad("datum ontbreekt")
    if isinstance(value, datetime):
        return value.date()
    text = str(value).strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
        m = re.fullmatch(r"(\d{1,2})-(\d{1,2})-(\d{4})", text)
        if m:
            return date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError as exc:
        raise Bad(text) from exc
    raise Bad(text)


def _xml_date(text: str | None, *, optional: bool = False) -> date | None:
    if text is None and optional:
        return None
    if text is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise Bad(f"geen xs:date: {text}")
    return date.fromisoformat(text)


def _amount(value: Any) -> Decimal:
    if isinstance(value, float | int):
        amount = Decimal(repr(value))
    else:
        text = str(value).replace("€", "").strip()
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        if not re.fullmatch(r"-?\d+(\.\d+)?", text):
            raise Bad(text)
        amount = Decimal(text)
    if amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise Bad(f"bedrag {value}")
    return amount.quantize(Decimal("0.01"))


def _bsn(value: Any) -> str:
    bsn = normalise_bsn(value)
    if bsn is None or not is_valid_bsn(bsn):
        raise Bad(f"bsn {value}")
    return bsn


def _norm_surname(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    words = re.findall(r"[a-z']+", text)
    skip = {"van", "de", "der", "den", "het", "ter", "ten", "te", "in", "'t", "t", "op"}
    return "".join(w for w in words if w not in skip)


@dataclass
class Reimport:
    deployments: dict[str, tuple[str, str, str | None, date]] = field(default_factory=dict)
    spends: dict[str, dict[str, Any]] = field(default_factory=dict)
    benefits: list[tuple[str, str, str, date, date | None]] = field(default_factory=list)
    clients: dict[str, tuple[date, str, str, str | None]] = field(default_factory=dict)
    quarantined: dict[str, int] = field(default_factory=dict)
    findings: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    attributed: dict[str, Decimal] = field(default_factory=dict)
    budget_amounts: dict[str, Decimal] = field(default_factory=dict)


def _reimport(outdir: Path, files: list[Path], year: int = YEAR) -> Reimport:
    r = Reimport()
    wb = openpyxl.load_workbook(outdir / "referentie.xlsx")
    instruments = {row[0].value for row in wb["Instrumenten"].iter_rows(min_row=2)}
    descriptions = {
        str(row[1].value).casefold(): row[0].value
        for row in wb["Instrumenten"].iter_rows(min_row=2)
    }
    budgets = {
        row[0].value: (
            row[2].value,
            set(row[5].value.split(",")),
            set(row[6].value.split(",")) if row[6].value else set(),
        )
        for row in wb["Budgetten"].iter_rows(min_row=2)
    }
    r.budget_amounts = {
        row[0].value: Decimal(row[4].value) for row in wb["Budgetten"].iter_rows(min_row=2)
    }
    bad: Counter[str] = Counter()

    def budget(code: Any) -> str:
        text = str(code).strip().upper()
        if text not in budgets:
            raise Bad(f"budget {code}")
        return text

    def pct(text: Any) -> Decimal:
        value = Decimal(str(text))
        if not 0 < value <= 100:
            raise Bad("percentage")
        return value

    def client(bsn: str, birth: date, surname: str, initials: str, postcode: str | None) -> None:
        r.clients[bsn] = (birth, _norm_surname(surname), re.sub("[^A-Z]", "", initials), postcode)

    def spend(
        partner: str,
        inv: str,
        ref: str,
        bsn: str,
        prov: str | None,
        pay: date | None,
        pfrom: date | None,
        pto: date | None,
        amount: Decimal,
        atts: list[tuple[str, Decimal]],
    ) -> None:
        assert pay and pfrom and pto
        if pto < pfrom:
            raise Bad("periode")
        r.spends[f"{partner}/{inv}/{ref}"] = dict(
            partner=partner,
            invoice=inv,
            ref=ref,
            bsn=bsn,
            provider=prov,
            pay=pay,
            pfrom=pfrom,
            pto=pto,
            amount=amount,
            atts=atts,
        )

    def deployment(
        partner: str,
        ref: str,
        bsn: str,
        instr: str,
        prov: str | None,
        start: date | None,
        end: date | None,
    ) -> None:
        assert start
        if instr not in instruments:
            raise Bad(f"instrument {instr}")
        if end and end < start:
            raise Bad("einde voor start")
        r.deployments[f"{partner}/{ref}"] = (bsn, instr, prov, start)

    for path in files:
        name = path.name
        if path.suffix == ".xml":
            root = etree.parse(str(path)).getroot()
            sender = root.findtext(f"{Q}Stuurgegevens/{Q}Verzender")
            assert sender
            for m in root.find(Q + "Berichten"):
                kind = etree.QName(m).localname
                t = m.findtext
                try:
                    if kind == "InzetInstrument":
                        bsn = _bsn(t(f"{Q}Klant/{Q}BSN"))
                        birth = _xml_date(t(f"{Q}Klant/{Q}Geboortedatum"))
                        assert birth
                        client(
                            bsn,
                            birth,
                            t(f"{Q}Klant/{Q}Achternaam") or "",
                            t(f"{Q}Klant/{Q}Voorletters") or "",
                            t(f"{Q}Klant/{Q}Postcode"),
                        )
                        deployment(
                            sender,
                            t(Q + "Referentie") or "",
                            bsn,
                            t(Q + "Instrument") or "",
                            t(Q + "Aanbieder"),
                            _xml_date(t(Q + "Startdatum")),
                            _xml_date(t(Q + "Einddatum"), optional=True),
                        )
                    elif kind == "Besteding":
                        text = t(Q + "Bedrag") or ""
                        if not re.fullmatch(r"\d+\.\d{2}", text):
                            raise Bad(text)
                        atts = [
                            (budget(a.findtext(Q + "Budget")), pct(a.findtext(Q + "Percentage")))
                            for a in m.findall(Q + "Toerekening")
                        ]
                        spend(
                            sender,
                            t(Q + "Factuurnummer") or "",
                            t(Q + "Referentie") or "",
                            _bsn(t(Q + "BSN")),
                            t(Q + "Aanbieder"),
                            _xml_date(t(Q + "Betaaldatum")),
                            _xml_date(t(Q + "PeriodeVan")),
                            _xml_date(t(Q + "PeriodeTot")),
                            _amount(text),
                            atts,
                        )
                    elif kind == "Uitkeringsperiode":
                        start = _xml_date(t(Q + "Ingangsdatum"))
                        assert start
                        r.benefits.append(
                            (
                                _bsn(t(Q + "BSN")),
                                t(Q + "Regeling") or "",
                                t(Q + "Uitvoerder") or "",
                                start,
                                _xml_date(t(Q + "Einddatum"), optional=True),
                            )
                        )
                except Bad:
                    bad[name] += 1
        elif name in TRAJECTEN:
            partner = TRAJECTEN[name][0]
            for row in _sheet_rows(path, 4):
                try:
                    bsn = _bsn(row[0])
                    surname_part, initials_part = str(row[1]).split(", ", 1)
                    initials, _, prefix = initials_part.partition(" ")
                    birth = _date(row[2])
                    assert birth
                    client(bsn, birth, f"{prefix} {surname_part}", initials, None)
                    instr = descriptions.get(str(row[4]).strip().casefold(), "?")
                    prov = str(row[5]).strip().upper() if row[5] else None
                    deployment(
                        partner,
                        row[8],
                        bsn,
                        instr,
                        prov,
                        _date(row[6]),
                        _date(row[7], optional=True),
                    )
                    if row[9]:
                        spend(
                            partner,
                            row[9],
                            row[8],
                            bsn,
                            prov,
                            _date(row[12]),
                            _date(row[10]),
                            _date(row[11]),
                            _amount(row[13]),
                            [(budget(row[14]), Decimal(100))],
                        )
                except Bad:
                    bad[name] += 1
        elif name == "uwv-reintegratie-export.xlsx":
            for row in _sheet_rows(path, 1):
                try:
                    bsn = _bsn(row[0])
                    birth = _date(row[3])
                    assert birth
                    client(bsn, birth, row[1], row[2], None)
                    instr = UWV_PRODUCTS.get(str(row[5]).strip(), "?")
                    deployment(
                        "UWV",
                        row[9],
                        bsn,
                        instr,
                        row[6],
                        _date(row[7]),
                        _date(row[8], optional=True),
                    )
                    if row[10]:
                        atts = [(budget(row[15]), pct(row[16]))]
                        if row[17]:
                            atts.append((budget(row[17]), pct(row[18])))
                        spend(
                            "UWV",
                            row[10],
                            row[9],
                            bsn,
                            row[6],
                            _date(row[13]),
                            _date(row[11]),
                            _date(row[12]),
                            _amount(row[14]),
                            atts,
                        )
                except Bad:
                    bad[name] += 1
        elif name.startswith("facturen-"):
            provider = name[len("facturen-") : -4].upper()
            for rec in _csv(path):
                try:
                    spend(
                        rec["opdrachtgever"],
                        rec["factuurnummer"],
                        rec["referentie"],
                        _bsn(rec["bsn"]),
                        provider,
                        _date(rec["factuurdatum"]),
                        _date(rec["periode_van"]),
                        _date(rec["periode_tot"]),
                        _amount(rec["bedrag"]),
                        [(budget(rec["budget"]), Decimal(100))],
                    )
                except Bad:
                    bad[name] += 1
        elif name == "uitkeringsperioden-gemeenten.csv":
            for rec in _csv(path):
                start = _date(rec["ingangsdatum"])
                assert start
                r.benefits.append(
                    (
                        rec["bsn"],
                        rec["regeling"],
                        rec["uitvoerder"],
                        start,
                        _date(rec["einddatum"], optional=True),
                    )
                )
    r.quarantined = dict(bad)
    _check(r, budgets, year)
    return r


def _check(r: Reimport, budgets: dict[str, tuple[str, set[str], set[str]]], year: int) -> None:
    """spec/rules.md, day by day (slow and plain: an independent second opinion)."""
    out = r.findings
    # D1
    deps = r.deployments
    keys = sorted(deps)
    parent = {k: k for k in keys}

    def find(k: str) -> str:
        while parent[k] != k:
            k = parent[k]
        return k

    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            (ba, ia, pa, sa), (bb, ib, pb, sb) = deps[a], deps[b]
            if (
                ba == bb
                and ia == ib
                and abs((sa - sb).days) <= 14
                and (not pa or not pb or pa == pb)
            ):
                parent[find(b)] = find(a)
    clusters: dict[str, list[str]] = {}
    for k in keys:
        clusters.setdefault(find(k), []).append(k)
    out += [("D1", tuple(sorted(c))) for c in clusters.values() if len(c) > 1]
    # D2
    bsns = sorted(r.clients)
    for i, a in enumerate(bsns):
        for b in bsns[i + 1 :]:
            ca, cb = r.clients[a], r.clients[b]
            if (
                ca[0] == cb[0]
                and ca[1] == cb[1]
                and ca[2] == cb[2]
                and (not ca[3] or not cb[3] or ca[3] == cb[3])
            ):
                out.append(("D2", (a, b)))
    # B1..B7
    by_invoice: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for key, s in r.spends.items():
        by_invoice.setdefault((s["invoice"], s["bsn"]), []).append(s | {"key": key})
        total = sum(p for _, p in s["atts"])
        if total != 100:
            out.append(("B1", (key,)))
        for (code, _), part in zip(s["atts"], _parts(s["amount"], s["atts"]), strict=True):
            r.attributed[code] = r.attributed.get(code, Decimal(0)) + part
        dep = deps.get(f"{s['partner']}/{s['ref']}")
        if dep is None or dep[0] != s["bsn"]:
            out.append(("B7", (key,)))
        if any(s["pay"].year != year for _ in s["atts"]):
            out.append(("B5", (key,)))
        days = []
        day = s["pfrom"]
        while day <= s["pto"]:
            cover = [
                b
                for b in r.benefits
                if b[0] == s["bsn"] and b[3] <= day and (b[4] is None or b[4] >= day)
            ]
            if cover:
                b = max(cover, key=lambda x: x[3])
                days.append(("UWV" if b[2] == "UWV" else b[2], b[1]))
            else:
                days.append(("NUG", "NUG"))
            day += timedelta(days=1)
        owners: dict[str, Decimal] = {}
        b4 = False
        for code, p in s["atts"]:
            owner, regimes, instrs = budgets[code]
            owners[owner] = owners.get(owner, Decimal(0)) + p
            if not regimes & {reg for _, reg in days}:
                b4 = True
            if instrs and dep is not None and dep[1] not in instrs:
                b4 = True
        change = len({m for m, _ in days}) > 1
        b3 = False
        for owner, p in owners.items():
            nug = owner not in ("UWV", "CWI", "WERKBEDRIJF")
            resp = sum(1 for m, _ in days if m == owner or (m == "NUG" and nug))
            share = Decimal(resp * 100) / len(days)
            if resp == 0 or (change and abs(p - share) > 1):
                b3 = True
        if b3:
            out.append(("B3", (key,)))
        if b4:
            out.append(("B4", (key,)))
    for lines in by_invoice.values():
        provs = sorted({s["provider"] for s in lines if s["provider"]})
        without = [s for s in lines if not s["provider"]]
        groups = [[s for s in lines if s["provider"] == p] + without for p in provs] or [without]
        out += [("B2", tuple(sorted(s["key"] for s in g))) for g in groups if len(g) > 1]
    out += [("B6", (code,)) for code, used in r.attributed.items() if used > r.budget_amounts[code]]


def _parts(amount: Decimal, atts: list[tuple[str, Decimal]]) -> list[Decimal]:
    cent = Decimal("0.01")
    if sum(p for _, p in atts) != 100:
        return [(amount * p / 100).quantize(cent, rounding="ROUND_HALF_UP") for _, p in atts]
    raw = [amount * p / 100 for _, p in atts]
    parts = [x.quantize(cent, rounding="ROUND_DOWN") for x in raw]
    missing = int((amount - sum(parts)) / cent)
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - parts[i]), i))
    for i in order[:missing]:
        parts[i] += cent
    return parts
