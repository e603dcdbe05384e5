"""Reference workbook: reading, validating, loading with history, exporting."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook
from sqlalchemy import func, select

from ketenkoppeling.model import PartnerKind
from ketenkoppeling.reference import (
    ReferenceError,
    export_reference_workbook,
    load_reference_workbook,
    read_reference_workbook,
    stored_reference,
)
from ketenkoppeling.store import Database
from ketenkoppeling.store.tables import (
    AuditLogRow,
    BudgetRow,
    HistoryRow,
    InstrumentRow,
    PartnerRow,
    ProviderRow,
    RegimeRow,
)

SAMPLE_COUNTS = {"partners": 6, "budgets": 5, "instruments": 10, "regimes": 9, "providers": 12}
SAMPLE_BUDGETS = {
    "UWV-RIB-WW-2008": 8337300,
    "UWV-RIB-AG-2008": 3664100,
    "GEM-0392-WD-2008": 12179100,
    "GEM-0473-WD-2008": 3382800,
    "IASZ-WD-2008": 934300,
}


@pytest.fixture
def sample(samples: Path) -> Path:
    return samples / "referentie.xlsx"


def edited(sample: Path, tmp_path: Path, change: Callable[[Workbook], object]) -> Path:
    """A copy of the sample workbook with ``change`` applied (openpyxl, full mode)."""
    workbook = openpyxl.load_workbook(sample)
    change(workbook)
    target = tmp_path / f"edited-{len(list(tmp_path.glob('edited-*')))}.xlsx"
    workbook.save(target)
    return target


def refused(path: Path) -> ReferenceError:
    with pytest.raises(ReferenceError) as info:
        read_reference_workbook(path)
    return info.value


def count(db: Database, table: type) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(table)) or 0


# --- loading the sample -----------------------------------------------------------------------


def test_load_sample(any_db: Database, sample: Path) -> None:
    result = load_reference_workbook(any_db, sample, user="beheerder")
    assert result.to_json() == SAMPLE_COUNTS
    assert list(result.to_json()) == ["partners", "budgets", "instruments", "regimes", "providers"]
    assert result.added == sum(SAMPLE_COUNTS.values())
    assert result.changed == result.unchanged == 0
    with any_db.session() as s:
        amounts = dict(s.execute(select(BudgetRow.code, BudgetRow.amount_cents)).all())
        assert amounts == SAMPLE_BUDGETS
        ww = s.get(BudgetRow, "UWV-RIB-WW-2008")
        assert ww is not None
        assert ww.owner == "UWV" and ww.year == 2008 and ww.regimes == "WW"
        assert "PPL" not in ww.instruments.split(",") and len(ww.instruments.split(",")) == 9
        ag = s.get(BudgetRow, "UWV-RIB-AG-2008")
        assert ag is not None and ag.instruments == "" and ag.regimes == "WIA,WAO,WAJONG"
        cwi = s.get(PartnerRow, "CWI")
        assert cwi is not None
        assert (cwi.kind, cwi.valid_from, cwi.valid_to) == (
            "cwi",
            date(2002, 1, 1),
            date(2008, 6, 30),
        )
        iasz = s.get(PartnerRow, "IASZ")
        assert iasz is not None and iasz.kind == "intergemeentelijk" and iasz.valid_to is None
        executors = dict(s.execute(select(RegimeRow.code, RegimeRow.executor_kind)).all())
        assert executors["WW"] == "UWV" and executors["WWB"] == "GEMEENTE"
        assert executors["NUG"] is None and executors["ANW"] is None
        assert s.scalar(select(func.count()).select_from(HistoryRow)) == 0
        audit = s.scalars(select(AuditLogRow)).one()
        assert (audit.action, audit.subject, audit.user) == (
            "reference.load",
            "referentie.xlsx",
            "beheerder",
        )
        assert audit.detail is not None and audit.detail["counts"] == SAMPLE_COUNTS


def test_read_sample_records(sample: Path) -> None:
    data = read_reference_workbook(sample)
    kinds = {p.code: p.kind for p in data.partners}
    assert kinds["WERKBEDRIJF"] is PartnerKind.WERKBEDRIJF
    assert kinds["GEM-0392"] is PartnerKind.GEMEENTE
    budget = next(b for b in data.budgets if b.code == "GEM-0392-WD-2008")
    assert budget.amount == Decimal("121791.00")
    assert budget.regimes == ("WWB", "IOAW", "IOAZ", "NUG")
    assert budget.instruments == ()
    assert {i.code for i in data.instruments} == {
        "WF", "IRO", "SCH", "JC", "LKS", "PP", "PPL", "BB", "SOL", "ZORG",
    }  # fmt: skip


def test_load_again_changes_nothing(any_db: Database, sample: Path) -> None:
    load_reference_workbook(any_db, sample)
    again = load_reference_workbook(any_db, sample)
    assert again.to_json() == SAMPLE_COUNTS
    assert again.added == again.changed == 0
    assert again.unchanged == sum(SAMPLE_COUNTS.values())
    assert count(any_db, HistoryRow) == 0
    assert count(any_db, AuditLogRow) == 2


def test_changed_budget_keeps_history(db: Database, sample: Path, tmp_path: Path) -> None:
    load_reference_workbook(db, sample)

    def raise_amount(wb: Workbook) -> None:
        assert wb["Budgetten"]["A4"].value == "GEM-0392-WD-2008"
        wb["Budgetten"]["E4"] = "125.000,50"

    result = load_reference_workbook(db, edited(sample, tmp_path, raise_amount))
    budgets = result.changes["budgets"]
    assert (budgets.added, budgets.changed, budgets.unchanged) == (0, 1, 4)
    assert budgets.changed_codes == ("GEM-0392-WD-2008",)
    assert result.changes["partners"].unchanged == 6
    with db.session() as s:
        assert (
            s.scalar(select(BudgetRow.amount_cents).where(BudgetRow.code == "GEM-0392-WD-2008"))
            == 12500050
        )
        history = s.scalars(select(HistoryRow)).one()
        assert (history.entity, history.key) == ("budget", "GEM-0392-WD-2008")
        assert history.data["amount_cents"] == 12179100
        assert history.data["regimes"] == "WWB,IOAW,IOAZ,NUG"


def test_changed_partner_dates_kept_in_history(db: Database, sample: Path, tmp_path: Path) -> None:
    load_reference_workbook(db, sample)

    def end_uwv(wb: Workbook) -> None:
        wb["Partners"]["E2"] = "31-12-2009"

    result = load_reference_workbook(db, edited(sample, tmp_path, end_uwv))
    assert result.changes["partners"].changed_codes == ("UWV",)
    with db.session() as s:
        history = s.scalars(select(HistoryRow)).one()
        assert (history.entity, history.key) == ("partner", "UWV")
        assert history.data["valid_from"] == "2002-01-01" and history.data["valid_to"] is None
        uwv = s.get(PartnerRow, "UWV")
        assert uwv is not None and uwv.valid_to == date(2009, 12, 31)


def test_rows_missing_from_workbook_are_kept(db: Database, sample: Path, tmp_path: Path) -> None:
    load_reference_workbook(db, sample)

    def drop_last_provider(wb: Workbook) -> None:
        sheet = wb["Aanbieders"]
        assert sheet["A13"].value == "RIB-0012"
        sheet.delete_rows(13)

    result = load_reference_workbook(db, edited(sample, tmp_path, drop_last_provider))
    assert result.providers == 11
    assert result.changes["providers"].not_in_workbook == ("RIB-0012",)
    assert result.not_in_workbook == {"providers": ("RIB-0012",)}
    assert "niet in werkmap" in result.describe()
    assert count(db, ProviderRow) == 12
    assert count(db, HistoryRow) == 0


def test_refused_workbook_leaves_database_untouched(
    db: Database, sample: Path, tmp_path: Path
) -> None:
    load_reference_workbook(db, sample)

    def break_it(wb: Workbook) -> None:
        wb["Budgetten"]["E2"] = 1
        wb["Budgetten"]["C3"] = "NIEMAND"

    with pytest.raises(ReferenceError):
        load_reference_workbook(db, edited(sample, tmp_path, break_it))
    with db.session() as s:
        assert (
            s.scalar(select(BudgetRow.amount_cents).where(BudgetRow.code == "UWV-RIB-WW-2008"))
            == 8337300
        )
    assert count(db, AuditLogRow) == 1


# --- flexible but exact reading ---------------------------------------------------------------


def test_headers_dates_and_amounts_in_other_forms(sample: Path, tmp_path: Path) -> None:
    def rework(wb: Workbook) -> None:
        partners = wb["Partners"]
        partners["A1"] = "  code "
        partners["D1"] = "GELDIG  VAN"
        partners["F1"] = "Opmerking"  # extra column: ignored
        partners["F2"] = "wat dan ook"
        partners["C2"] = "uwv"
        partners["D2"] = "1-1-2002"
        partners["D3"] = "2002-01-01"
        partners["E3"] = "30-06-2008"
        partners.insert_rows(4)  # an empty row in between: skipped
        budgets = wb["Budgetten"]
        budgets["E2"] = "€ 83.373,00"
        budgets["E3"] = 36641.5
        budgets["F3"] = " wia , wao,WAJONG, "
        budgets["G2"] = "wf, iro"
        regimes = wb["Regelingen"]
        regimes["C2"] = "uwv"

    data = read_reference_workbook(edited(sample, tmp_path, rework))
    uwv = next(p for p in data.partners if p.code == "UWV")
    cwi = next(p for p in data.partners if p.code == "CWI")
    assert uwv.kind is PartnerKind.UWV and uwv.valid_from == date(2002, 1, 1)
    assert (cwi.valid_from, cwi.valid_to) == (date(2002, 1, 1), date(2008, 6, 30))
    assert len(data.partners) == 6
    ww, ag = data.budgets[0], data.budgets[1]
    assert ww.amount == Decimal("83373.00") and ww.instruments == ("WF", "IRO")
    assert ag.amount == Decimal("36641.50") and ag.regimes == ("WIA", "WAO", "WAJONG")
    assert data.regimes[0].executor_kind == "UWV"


def test_excel_dates_with_time_of_midnight(sample: Path, tmp_path: Path) -> None:
    def datetime_cell(wb: Workbook) -> None:
        wb["Partners"]["D2"] = datetime(2003, 4, 5)

    data = read_reference_workbook(edited(sample, tmp_path, datetime_cell))
    assert data.partners[0].valid_from == date(2003, 4, 5)


# --- refused workbooks ------------------------------------------------------------------------


def _set(sheet: str, cell: str, value: object) -> Callable[[Workbook], None]:
    def change(wb: Workbook) -> None:
        wb[sheet][cell] = value

    return change


def _remove_sheet(name: str) -> Callable[[Workbook], None]:
    def change(wb: Workbook) -> None:
        wb.remove(wb[name])

    return change


def _delete_column(sheet: str, column: int) -> Callable[[Workbook], None]:
    def change(wb: Workbook) -> None:
        wb[sheet].delete_cols(column)

    return change


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_remove_sheet("Aanbieders"), "Blad Aanbieders: blad ontbreekt"),
        (_delete_column("Budgetten", 3), "Blad Budgetten, kolom Eigenaar: kolom ontbreekt"),
        (
            _set("Budgetten", "C4", "GEM-9999"),
            "Blad Budgetten, rij 4, kolom Eigenaar: onbekende partner 'GEM-9999'",
        ),
        (
            _set("Budgetten", "E3", "veel geld"),
            "Blad Budgetten, rij 3, kolom Bedrag: 'veel geld' is geen geldig bedrag",
        ),
        (
            _set("Instrumenten", "A5", "WF"),
            "Blad Instrumenten, rij 5, kolom Code: code 'WF' komt al voor in rij 2",
        ),
        (_set("Budgetten", "E2", -5), "Blad Budgetten, rij 2, kolom Bedrag: bedrag -5 is negatief"),
        (
            _set("Budgetten", "E2", "12,345"),
            "Blad Budgetten, rij 2, kolom Bedrag: bedrag 12.345 heeft meer dan 2 decimalen",
        ),
        (
            _set("Budgetten", "D5", 2008.5),
            "Blad Budgetten, rij 5, kolom Jaar: '2008.5' is geen jaartal",
        ),
        (
            _set("Budgetten", "F2", "WW,XYZ"),
            "Blad Budgetten, rij 2, kolom Regelingen: onbekende regeling 'XYZ'",
        ),
        (
            _set("Budgetten", "G2", "WF,PPX"),
            "Blad Budgetten, rij 2, kolom Instrumenten: onbekende instrument 'PPX'",
        ),
        (
            _set("Partners", "C5", "PROVINCIE"),
            "Blad Partners, rij 5, kolom Soort: onbekende waarde 'PROVINCIE'",
        ),
        (
            _set("Partners", "D2", "32-01-2002"),
            "Blad Partners, rij 2, kolom Geldig van: '32-01-2002' is geen datum",
        ),
        (
            _set("Partners", "E2", "31-12-2001"),
            "Blad Partners, rij 2, kolom Geldig tot: 31-12-2001 ligt voor Geldig van 01-01-2002",
        ),
        (
            _set("Regelingen", "C3", "CWI"),
            "Blad Regelingen, rij 3, kolom Uitvoerder: onbekende uitvoerder 'CWI'",
        ),
        (_set("Aanbieders", "A3", "X" * 41), "Blad Aanbieders, rij 3, kolom Code: langer dan 40"),
        (_set("Aanbieders", "B3", None), "Blad Aanbieders, rij 3, kolom Naam: leeg"),
        (
            _set("Budgetten", "C4", "gem-0392"),
            "onbekende partner 'gem-0392' (bedoelt u 'GEM-0392'?)",
        ),
    ],
)
def test_refused_names_sheet_row_and_column(
    sample: Path, tmp_path: Path, change: Callable[[Workbook], None], expected: str
) -> None:
    error = refused(edited(sample, tmp_path, change))
    assert isinstance(error, ValueError)
    assert any(expected in str(p) for p in error.problems), error.problems
    assert expected in str(error)


def test_all_problems_are_collected(sample: Path, tmp_path: Path) -> None:
    def many(wb: Workbook) -> None:
        wb["Budgetten"]["C4"] = "GEM-9999"
        wb["Budgetten"]["E5"] = "abc"
        wb["Partners"]["C3"] = "?"
        wb["Aanbieders"]["A4"] = "RIB-0001"

    error = refused(edited(sample, tmp_path, many))
    lines = [str(p) for p in error.problems]
    assert lines == [
        "Blad Partners, rij 3, kolom Soort: onbekende waarde '?'; verwacht UWV, CWI, "
        "WERKBEDRIJF, GEMEENTE of INTERGEMEENTELIJK",
        "Blad Budgetten, rij 4, kolom Eigenaar: onbekende partner 'GEM-9999'; "
        "niet op blad Partners",
        "Blad Budgetten, rij 5, kolom Bedrag: 'abc' is geen geldig bedrag",
        "Blad Aanbieders, rij 4, kolom Code: code 'RIB-0001' komt al voor in rij 2",
    ]
    message = str(error)
    assert message.startswith("Referentiewerkmap edited-0.xlsx: 4 problemen\n- Blad Partners")
    assert all(line in message for line in lines)


def test_a_bad_partner_row_is_reported_once(sample: Path, tmp_path: Path) -> None:
    """Budgets owned by a partner whose row has a problem are not reported as well."""
    error = refused(edited(sample, tmp_path, _set("Partners", "C5", "PROVINCIE")))
    assert [p.sheet for p in error.problems] == ["Partners"]


def test_row_numbers_count_empty_rows(sample: Path, tmp_path: Path) -> None:
    def gap(wb: Workbook) -> None:
        wb["Budgetten"].insert_rows(3, 2)  # two empty rows: skipped, but counted
        wb["Budgetten"]["C6"] = "GEM-9999"

    problems = [str(p) for p in refused(edited(sample, tmp_path, gap)).problems]
    assert problems == [
        "Blad Budgetten, rij 6, kolom Eigenaar: onbekende partner 'GEM-9999'; niet op blad Partners"
    ]


def test_optional_columns_may_be_left_out(sample: Path, tmp_path: Path) -> None:
    def drop(wb: Workbook) -> None:
        wb["Partners"].delete_cols(4, 2)  # Geldig van, Geldig tot
        wb["Budgetten"].delete_cols(7)  # Instrumenten: all

    data = read_reference_workbook(edited(sample, tmp_path, drop))
    assert all(p.valid_from is None and p.valid_to is None for p in data.partners)
    assert all(b.instruments == () for b in data.budgets)


def test_missing_sheet_named_with_similar_one(sample: Path, tmp_path: Path) -> None:
    def rename(wb: Workbook) -> None:
        wb["Budgetten"].title = "Budgetten "  # a trailing space

    error = refused(edited(sample, tmp_path, rename))
    assert [str(p) for p in error.problems] == [
        "Blad Budgetten: blad ontbreekt (er is wel een blad 'Budgetten '; de naam moet exact zijn)"
    ]


def test_empty_header_row(sample: Path, tmp_path: Path) -> None:
    def clear_header(wb: Workbook) -> None:
        wb["Instrumenten"].delete_rows(1)
        wb["Instrumenten"].insert_rows(1)

    problems = [str(p) for p in refused(edited(sample, tmp_path, clear_header)).problems]
    assert problems == [
        "Blad Instrumenten, kolom Code: kolom ontbreekt in rij 1",
        "Blad Instrumenten, kolom Omschrijving: kolom ontbreekt in rij 1",
    ]


@pytest.mark.parametrize("name", ["nep.xlsx", "nep.csv"])
def test_not_an_xlsx(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("Code;Naam\nUWV;UWV\n", encoding="utf-8")
    error = refused(path)
    assert f"{name} is geen Excel-werkmap (.xlsx)" in str(error)


def test_zip_that_is_no_workbook(tmp_path: Path) -> None:
    path = tmp_path / "archief.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hallo")
    assert "geen Excel-werkmap" in str(refused(path))


def test_damaged_workbook(sample: Path, tmp_path: Path) -> None:
    path = tmp_path / "kapot.xlsx"
    with zipfile.ZipFile(sample) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]
            target.writestr(item, data)
    assert "geen Excel-werkmap" in str(refused(path))


def test_missing_file(tmp_path: Path) -> None:
    assert "bestaat niet" in str(refused(tmp_path / "weg.xlsx"))


def test_workbook_with_other_extension_is_read(sample: Path, tmp_path: Path) -> None:
    copy = tmp_path / "referentie.bin"
    shutil.copy(sample, copy)
    assert len(read_reference_workbook(copy).partners) == 6


# --- export -----------------------------------------------------------------------------------


def test_export_round_trip(any_db: Database, sample: Path, tmp_path: Path) -> None:
    load_reference_workbook(any_db, sample)
    out = tmp_path / "uit" / "referentie-export.xlsx"
    export_reference_workbook(any_db, out)
    result = load_reference_workbook(any_db, out)
    assert result.to_json() == SAMPLE_COUNTS
    assert result.added == result.changed == 0
    assert result.unchanged == sum(SAMPLE_COUNTS.values())
    assert count(any_db, HistoryRow) == 0
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames == [
        "Partners",
        "Regelingen",
        "Instrumenten",
        "Budgetten",
        "Aanbieders",
    ]
    assert [c.value for c in workbook["Budgetten"][1]] == [
        "Code", "Omschrijving", "Eigenaar", "Jaar", "Bedrag", "Regelingen", "Instrumenten",
    ]  # fmt: skip
    assert not list(tmp_path.glob("uit/.*"))  # no temporary file left behind


def test_export_writes_formula_like_text_as_text(db: Database, tmp_path: Path) -> None:
    dangerous = ['=HYPERLINK("http://x","klik")', "+31 23 1234567", "-korting", "@SUM(A1)"]
    with db.session() as s:
        s.add(PartnerRow(code="UWV", name="UWV", kind="uwv", valid_from=None, valid_to=None))
        s.add(RegimeRow(code="NUG", description="Niet-uitkeringsgerechtigd", executor_kind=None))
        s.add(InstrumentRow(code="WF", description=dangerous[2]))
        for n, name in enumerate(dangerous, start=1):
            s.add(ProviderRow(code=f"RIB-{n}", name=name))
    out = tmp_path / "export.xlsx"
    data = export_reference_workbook(db, out)
    assert len(data.providers) == 4
    sheet = openpyxl.load_workbook(out)["Aanbieders"]
    cells = [sheet.cell(row=r, column=2) for r in range(2, 6)]
    assert [c.value for c in cells] == dangerous
    assert all(c.data_type == "s" for c in cells)
    assert all(c.quotePrefix for c in cells)
    with zipfile.ZipFile(out) as archive:
        xml = archive.read("xl/worksheets/sheet5.xml").decode()
    assert "<f>" not in xml
    regimes = openpyxl.load_workbook(out)["Regelingen"]
    assert regimes["C2"].value == "-" and regimes["C2"].data_type == "s"
    # and it loads back unchanged
    result = load_reference_workbook(db, out)
    assert result.changed == 0 and result.added == 0


def test_stored_reference_reads_back_records(db: Database, sample: Path) -> None:
    load_reference_workbook(db, sample)
    with db.session() as s:
        stored = stored_reference(s)
    read = read_reference_workbook(sample)
    assert sorted(stored.budgets, key=lambda b: b.code) == sorted(
        read.budgets, key=lambda b: b.code
    )
    assert set(stored.partners) == set(read.partners)
    assert set(stored.regimes) == set(read.regimes)
