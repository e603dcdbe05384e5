"""Each layout's mess (spec/exports.md) and the pipeline's guarantees."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from ketenkoppeling.importing import import_file
from ketenkoppeling.store import Database
from ketenkoppeling.store.tables import (
    AttributionRow,
    ClientRow,
    DeploymentRow,
    ImportBatchRow,
    SourceRecordRow,
    SpendLineRow,
)

HEADER = [
    "BSN", "Naam", "Geb.datum", "Regeling", "Instrument", "Aanbieder", "Startdatum",
    "Einddatum", "Trajectnummer", "Factuurnummer", "Periode van", "Periode tot",
    "Betaaldatum", "Kosten", "Budget",
]  # fmt: skip


def trajecten(path: Path, rows: list[list[object]], *, title: str = "gemeente Haarlem") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Trajecten"
    ws.append([f"Trajectenoverzicht {title}"])
    ws.merge_cells("A1:F1")
    ws.append(["Peildatum: 31-12-2008"])
    ws.append([])
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    ws.append([])
    ws.append(["Totaal", None, None, None, None, None, None, None, None, None, None, None,
               None, 999, None])  # fmt: skip
    ws.column_dimensions["D"].hidden = True
    other = wb.create_sheet("Toelichting")
    other.append(["Dit blad is geen data"])
    wb.save(path)
    return path


ROW = [
    "12345672", " Vries, J.P. de ", "11-12-1986", "WWB", " work first ", "rib-0001",
    "1-7-2008", None, "HLM-T-1", "F-1", "2008-07-01", datetime(2008, 7, 31), "15-08-2008",
    "€ 1.234,56", " gem-0392-wd-2008 ",
]  # fmt: skip


def test_trajecten_mess_is_mapped(ref_db: Database, tmp_path: Path) -> None:
    second = list(ROW)
    second[9:15] = ["F-2", "01-08-2008", "31-08-2008", "15-09-2008", 1234.5, "GEM-0392-WD-2008"]
    result = import_file(ref_db, trajecten(tmp_path / "t.xlsx", [ROW, second]))
    assert result.status == "imported", result.message
    assert (result.read, result.new, result.quarantined) == (2, 2, 0)
    with ref_db.session() as s:
        dep = s.scalars(select(DeploymentRow)).one()
        assert (dep.partner, dep.reference, dep.bsn) == ("GEM-0392", "HLM-T-1", "012345672")
        assert (dep.instrument, dep.provider, dep.start) == ("WF", "RIB-0001", date(2008, 7, 1))
        amounts = s.scalars(select(SpendLineRow.amount_cents).order_by(SpendLineRow.id)).all()
        assert amounts == [123456, 123450]
        line = s.scalars(select(SpendLineRow).order_by(SpendLineRow.id)).first()
        assert line is not None and line.payer == "GEM-0392"
        assert (line.period_from, line.period_to) == (date(2008, 7, 1), date(2008, 7, 31))
        budgets = s.scalars(select(AttributionRow.budget)).all()
        assert budgets == ["GEM-0392-WD-2008", "GEM-0392-WD-2008"]
        client = s.scalars(select(ClientRow)).one()
        assert (client.surname, client.initials) == ("de Vries", "J.P.")
        assert client.birth_date == date(1986, 12, 11)


def test_row_without_invoice_is_a_deployment_only(ref_db: Database, tmp_path: Path) -> None:
    row = list(ROW)
    row[9:15] = [None] * 6
    result = import_file(ref_db, trajecten(tmp_path / "t.xlsx", [row]))
    assert (result.read, result.new, result.quarantined) == (1, 1, 0)
    with ref_db.session() as s:
        assert s.scalar(select(func.count()).select_from(SpendLineRow)) == 0
        assert s.scalar(select(func.count()).select_from(DeploymentRow)) == 1


def test_bad_rows_are_quarantined_with_cell_positions(ref_db: Database, tmp_path: Path) -> None:
    bad_bsn = list(ROW)
    bad_bsn[0] = "123456789"
    bad_date = list(ROW)
    bad_date[8], bad_date[12] = "HLM-T-2", "31-02-2008"
    unknown = list(ROW)
    unknown[8], unknown[14] = "HLM-T-3", "GEEN-BUDGET"
    negative = list(ROW)
    negative[8], negative[13] = "HLM-T-4", "-12,50"
    too_precise = list(ROW)
    too_precise[8], too_precise[13] = "HLM-T-5", "12,505"
    end_before = list(ROW)
    end_before[8], end_before[7] = "HLM-T-6", "01-01-2008"
    rows = [bad_bsn, bad_date, unknown, negative, too_precise, end_before, ROW]
    result = import_file(ref_db, trajecten(tmp_path / "t.xlsx", rows))
    assert (result.read, result.new, result.quarantined) == (7, 1, 6)
    by_row = {}
    for error in result.errors:
        by_row.setdefault(error["location"], []).append(error["message"])
    text = "\n".join(f"{k}: {v}" for k, v in by_row.items())
    assert "blad Trajecten, rij 5, kolom A" in text and "elfproef" in text
    assert "rij 6, kolom M" in text and "31-02-2008" in text
    assert "rij 7, kolom O" in text and "GEEN-BUDGET" in text
    assert "rij 8, kolom N" in text and "groter dan 0" in text
    assert "rij 9, kolom N" in text and "meer dan 2 decimalen" in text
    assert "rij 10, kolom H" in text and "ligt voor de startdatum" in text
    with ref_db.session() as s:
        statuses = s.scalars(select(SourceRecordRow.status).order_by(SourceRecordRow.seq)).all()
    assert statuses == ["quarantined"] * 6 + ["new"]


def test_correction_replaces_and_counts(ref_db: Database, tmp_path: Path) -> None:
    import_file(ref_db, trajecten(tmp_path / "a.xlsx", [ROW]))
    changed = list(ROW)
    changed[13] = "€ 1.300,00"
    result = import_file(ref_db, trajecten(tmp_path / "b.xlsx", [changed, ROW]))
    # the second row restores the first version: a correction again
    assert (result.read, result.replaced, result.new) == (2, 2, 0)
    unchanged = import_file(ref_db, trajecten(tmp_path / "c.xlsx", [ROW], title="gemeente haarlem"))
    assert (unchanged.read, unchanged.unchanged) == (1, 1)


def test_unknown_gemeente_in_title_is_refused(ref_db: Database, tmp_path: Path) -> None:
    result = import_file(ref_db, trajecten(tmp_path / "t.xlsx", [ROW], title="gemeente Atlantis"))
    assert result.status == "rejected"
    assert "Atlantis" in (result.message or "")


def test_drifted_layout_is_refused_with_the_missing_column(
    ref_db: Database, tmp_path: Path
) -> None:
    path = trajecten(tmp_path / "t.xlsx", [ROW])
    wb = openpyxl.load_workbook(path)
    wb["Trajecten"]["N4"] = "Bedrag incl. btw"
    wb.save(path)
    result = import_file(ref_db, path)
    assert result.status == "rejected"
    assert "Kosten" in (result.message or "")
    assert "gemeente-trajectenoverzicht" in (result.message or "")
    named = import_file(ref_db, path, mapping="gemeente-trajectenoverzicht")
    assert named.status == "rejected" and "Kosten" in (named.message or "")


def test_reordered_and_extra_columns_still_map(ref_db: Database, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Trajecten"
    ws.append(["Trajectenoverzicht gemeente Haarlem"])
    ws.append(["Extra titelregel"])
    ws.append(["Peildatum: 31-12-2008"])
    ws.append([])
    order = [*reversed(HEADER), "Opmerking"]
    ws.append(order)
    ws.append([ROW[HEADER.index(h)] if h in HEADER else "x" for h in order])
    wb.save(tmp_path / "t.xlsx")
    result = import_file(ref_db, tmp_path / "t.xlsx")
    assert (result.status, result.new) == ("imported", 1)


def test_uwv_export_with_two_attributions(ref_db: Database, samples: Path) -> None:
    result = import_file(ref_db, samples / "uwv-reintegratie-export.xlsx")
    assert result.status == "imported" and result.quarantined == 0
    with ref_db.session() as s:
        # BSN 040981824 is stored as a number in the sheet: its leading zero was lost
        assert s.get(ClientRow, "040981824") is not None
        assert s.scalar(select(func.count()).select_from(AttributionRow)) >= result.new


def test_invoice_csv_in_windows_1252(ref_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "facturen-rib-0003.csv"
    text = (
        "factuurnummer;factuurdatum;bsn;referentie;periode_van;periode_tot;bedrag;"
        "opdrachtgever;budget\r\n"
        "F-é1;14-08-2008;12345672;ZVT-1;15-06-2008;12-07-2008;1.334,96;GEM-0473;"
        "GEM-0473-WD-2008\r\n\r\n"
    )
    path.write_bytes(text.encode("cp1252"))
    result = import_file(ref_db, path)
    assert result.status == "imported", result.message
    with ref_db.session() as s:
        line = s.scalars(select(SpendLineRow)).one()
        assert (line.invoice_number, line.amount_cents) == ("F-é1", 133496)
        assert (line.provider, line.payer, line.bsn) == ("RIB-0003", "GEM-0473", "012345672")


def test_unrecognised_file_lists_the_mappings_tried(ref_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "iets.csv"
    path.write_text("a;b;c\n1;2;3\n", encoding="utf-8")
    result = import_file(ref_db, path)
    assert result.status == "rejected"
    assert "uitkeringsperioden" in (result.message or "")
    assert "reintegratiebedrijf-facturen" in (result.message or "")


def test_a_crash_mid_import_leaves_the_database_as_before(
    ref_db: Database, samples: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ketenkoppeling.importing as importing

    monkeypatch.setattr(importing, "CHUNK", 10)
    calls = {"n": 0}
    original = importing.RecordWriter.write

    def failing(self: object, items: list) -> list:
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("stroomstoring")
        return original(self, items)  # type: ignore[arg-type]

    monkeypatch.setattr(importing.RecordWriter, "write", failing)
    with pytest.raises(RuntimeError):
        import_file(ref_db, samples / "uwv-2008-batch1.xml")
    with ref_db.session() as s:
        for table in (ImportBatchRow, SourceRecordRow, DeploymentRow, SpendLineRow):
            assert s.scalar(select(func.count()).select_from(table)) == 0


def test_cancel_rolls_back(ref_db: Database, samples: Path) -> None:
    result = import_file(ref_db, samples / "uwv-2008-batch1.xml", cancel=lambda: True)
    assert result.status == "cancelled"
    with ref_db.session() as s:
        assert s.scalar(select(func.count()).select_from(ImportBatchRow)) == 0


def _variant(samples: Path, tmp_path: Path, name: str, transform) -> Path:
    text = (samples / "uwv-2008-batch1.xml").read_text(encoding="utf-8")
    target = tmp_path / name
    data = transform(text)
    target.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return target


def test_ketenbericht_default_namespace_and_other_prefix(
    ref_db: Database, samples: Path, tmp_path: Path
) -> None:
    default = _variant(
        samples, tmp_path, "default.xml",
        lambda t: t.replace("kb:", "").replace("xmlns:kb=", "xmlns="),
    )  # fmt: skip
    result = import_file(ref_db, default)
    assert (result.status, result.read, result.quarantined) == ("imported", 113, 2)
    other = _variant(
        samples, tmp_path, "other.xml",
        lambda t: "<!-- commentaar -->\n".join(t.replace("kb:", "ns0:")
                                              .replace("xmlns:kb=", "xmlns:ns0=").split("\n", 1)),
    )  # fmt: skip
    again = import_file(ref_db, other)
    assert (again.status, again.read, again.unchanged + again.replaced) == ("imported", 113, 111)


def test_ketenbericht_iso_8859_1(ref_db: Database, samples: Path, tmp_path: Path) -> None:
    def latin(text: str) -> bytes:
        text = text.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
        text = text.replace("<kb:Achternaam>Wouters<", "<kb:Achternaam>Wöutérs<")
        return text.encode("iso-8859-1")

    path = _variant(samples, tmp_path, "latin.xml", latin)
    result = import_file(ref_db, path)
    assert result.status == "imported" and result.read == 113
    with ref_db.session() as s:
        assert s.scalar(select(ClientRow.surname).where(ClientRow.bsn == "164121432")) == "Wöutérs"


@pytest.mark.parametrize(
    "content, fragment",
    [
        (b"<kb:Berichtenbatch xmlns:kb='urn:nl:werk-en-inkomen:ketenbericht:v1'>", "regel"),
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            b"<Berichtenbatch xmlns='urn:nl:werk-en-inkomen:ketenbericht:v1'>&b;</Berichtenbatch>",
            "DTD",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<Berichtenbatch xmlns='urn:nl:werk-en-inkomen:ketenbericht:v1'>&x;</Berichtenbatch>",
            "DTD",
        ),
    ],
)
def test_hostile_or_broken_xml_is_refused_whole(
    ref_db: Database, tmp_path: Path, content: bytes, fragment: str
) -> None:
    path = tmp_path / "bad.xml"
    path.write_bytes(content)
    result = import_file(ref_db, path, mapping="ketenbericht-v1")
    assert result.status == "rejected"
    assert fragment in (result.message or "")
    with ref_db.session() as s:
        assert s.scalar(select(func.count()).select_from(ImportBatchRow)) == 0


def test_wrong_root_is_refused(ref_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "x.xml"
    path.write_text("<Iets xmlns='urn:iets'/>", encoding="utf-8")
    assert import_file(ref_db, path).status == "rejected"
    forced = import_file(ref_db, path, mapping="ketenbericht-v1")
    assert forced.status == "rejected" and "Berichtenbatch" in (forced.message or "")


def test_amount_exactness_through_excel_floats(ref_db: Database, tmp_path: Path) -> None:
    row = list(ROW)
    row[13] = 12.505  # three decimals in the cell: refused, never silently rounded
    result = import_file(ref_db, trajecten(tmp_path / "t.xlsx", [row]))
    assert result.quarantined == 1
    row[13] = 0.1 + 0.2  # a float artefact Excel itself shows as 0,3
    ok = import_file(ref_db, trajecten(tmp_path / "u.xlsx", [row]))
    assert ok.new == 1
    with ref_db.session() as s:
        assert s.scalar(select(SpendLineRow.amount_cents)) == 30
    assert Decimal(format(0.1 + 0.2, ".15g")) == Decimal("0.3")


def test_sample_copy_is_recognised(ref_db: Database, samples: Path, tmp_path: Path) -> None:
    copy = tmp_path / "kopie van trajecten.xlsx"
    shutil.copy(samples / "trajecten-zvt.xlsx", copy)
    result = import_file(ref_db, copy)
    assert (result.mapping, result.status) == ("gemeente-trajectenoverzicht", "imported")


def test_ketenbericht_split_attribution(ref_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "split.xml"
    path.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<Berichtenbatch xmlns="urn:nl:werk-en-inkomen:ketenbericht:v1" versie="1.0">
 <Stuurgegevens><BatchId>B1</BatchId><Verzender>UWV</Verzender><Ontvanger>KETEN</Ontvanger>
  <Aanmaakmoment>2008-07-01T09:15:00+02:00</Aanmaakmoment></Stuurgegevens>
 <Berichten>
  <Besteding berichtId="1"><Factuurnummer>F1</Factuurnummer><Referentie>R1</Referentie>
   <BSN>111222333</BSN><Betaler>UWV</Betaler><Betaaldatum>2008-07-15</Betaaldatum>
   <PeriodeVan>2008-06-01</PeriodeVan><PeriodeTot>2008-06-30</PeriodeTot>
   <Bedrag>100.01</Bedrag>
   <Toerekening><Budget>UWV-RIB-WW-2008</Budget><Percentage>33.33</Percentage></Toerekening>
   <Toerekening><Budget>GEM-0392-WD-2008</Budget><Percentage>66.67</Percentage></Toerekening>
  </Besteding>
 </Berichten>
</Berichtenbatch>
""",
        encoding="utf-8",
    )
    result = import_file(ref_db, path)
    assert (result.status, result.new) == ("imported", 1)
    with ref_db.session() as s:
        rows = s.execute(
            select(
                AttributionRow.budget, AttributionRow.percentage_bp, AttributionRow.part_cents
            ).order_by(AttributionRow.seq)
        ).all()
    # 100.01 × 33.33 % = 33.333333 → 33.33; × 66.67 % = 66.676667 → 66.67; the missing cent
    # goes to the larger dropped fraction (0.6667 > 0.3333): 66.68
    assert [tuple(r) for r in rows] == [
        ("UWV-RIB-WW-2008", 3333, 3333),
        ("GEM-0392-WD-2008", 6667, 6668),
    ]
