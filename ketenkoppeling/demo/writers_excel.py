"""The Excel files of the region: the reference workbook (spec/reference-data.md), the
gemeenten's Trajectenoverzicht (layout 1) and UWV's Re-integratie export (layout 2).

The exports are written in openpyxl's write-only mode, a row at a time, and carry the mess
of real spreadsheets at a low rate (spec/exports.md): BSNs stored as numbers (losing a
leading zero), dates as Excel dates or as text in three spellings, amounts as numbers or
Dutch text, codes and descriptions with stray spaces and odd case, a merged title, a hidden
column, a totals row and empty rows at the end.

Workbooks are saved with fixed timestamps (document properties and zip entries), so a seed
always gives byte-identical files.
"""

from __future__ import annotations

import random
import shutil
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.writer.excel import ExcelWriter

from ketenkoppeling.demo.cases import UWVX, XLSX, Deployment, Spend
from ketenkoppeling.demo.region import (
    INSTRUMENT_NAMES,
    INSTRUMENTS,
    PARTNERS,
    REGIMES,
    UWV_PRODUCT_NAMES,
    BudgetDef,
    partner_validity,
)

TRAJECTEN_HEADER = (
    "BSN", "Naam", "Geb.datum", "Regeling", "Instrument", "Aanbieder", "Startdatum",
    "Einddatum", "Trajectnummer", "Factuurnummer", "Periode van", "Periode tot",
    "Betaaldatum", "Kosten", "Budget",
)  # fmt: skip
TRAJECTEN_HEADER_ROW = 4
_TRAJECTEN_WIDTHS = (11, 26, 11, 9, 30, 10, 11, 11, 20, 17, 11, 11, 11, 11, 18, 14)
UWV_EXPORT_HEADER = (
    "Burgerservicenummer", "Achternaam", "Voorletters", "Geboortedatum", "Uitkering",
    "Re-integratieproduct", "Leverancier", "Begindatum", "Einddatum", "Dossiernummer",
    "Factuur", "Periode van", "Periode t/m", "Betaald op", "Bedrag", "Financiering 1",
    "Perc 1", "Financiering 2", "Perc 2",
)  # fmt: skip

Cell = str | int | float | date | None


# -- saving ------------------------------------------------------------------------------
class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose entries all carry one fixed time, for reproducible workbooks."""

    stamp: tuple[int, int, int, int, int, int] = (2008, 1, 1, 0, 0, 0)

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self.stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        return info

    def writestr(  # type: ignore[override]
        self,
        zinfo_or_arcname: str | zipfile.ZipInfo,
        data: str | bytes,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = self._info(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(  # type: ignore[override]
        self,
        filename: str,
        arcname: str | None = None,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        info = self._info(arcname or Path(filename).name)
        with open(filename, "rb") as src, self.open(info, "w", force_zip64=True) as dst:
            shutil.copyfileobj(src, dst, 1 << 20)


def save_workbook(wb: Any, path: Path, stamp: datetime) -> None:
    """Save ``wb`` with ``stamp`` as creation and modification time, inside and out."""
    wb.properties.creator = "Ketenkoppeling demo"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    archive = _FixedTimeZip(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    archive.stamp = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    ExcelWriter(wb, archive).save()


# -- the mess ------------------------------------------------------------------------------
class Mess:
    """Spreadsheet habits, drawn from one random stream per file."""

    def __init__(self, rnd: random.Random, *, text_dates: float, text_amounts: float) -> None:
        self.rnd = rnd
        self.text_dates = text_dates
        self.text_amounts = text_amounts

    def bsn(self, bsn: str, as_number: float) -> Cell:
        return int(bsn) if bsn.isdigit() and self.rnd.random() < as_number else bsn

    def day(self, value: date | str | None) -> Cell:
        if value is None or isinstance(value, str):
            return value
        r = self.rnd.random()
        if r >= self.text_dates:
            return value
        r /= self.text_dates
        if r < 0.65:
            return value.strftime("%d-%m-%Y")
        if r < 0.9:
            return f"{value.day}-{value.month}-{value.year}"
        return value.isoformat()

    def amount(self, cents: int) -> Cell:
        r = self.rnd.random()
        if r >= self.text_amounts:
            return cents / 100
        r /= self.text_amounts
        euros, rest = divmod(cents, 100)
        dotted = f"{euros:,}".replace(",", ".")
        if r < 0.34:
            return f"€ {dotted},{rest:02d}"
        if r < 0.67:
            return f"{dotted},{rest:02d}"
        return f"{euros},{rest:02d}"

    def code(self, value: str | None, rate: float = 0.015) -> str | None:
        if not value or self.rnd.random() >= rate:
            return value
        return self.rnd.choice((f"{value} ", f" {value}", value.lower()))


def describe(name: str, style: int) -> str:
    if style == 1:
        return name.upper()
    if style == 2:
        return f" {name} "
    if style == 3:
        return name.lower()
    if style == 4:
        return f"{name} "
    return name


def append_empty_rows(ws: Any, count: int, width: int) -> None:
    """Rows that look empty but exist: formatted cells without a value, as a spreadsheet
    leaves them after rows were cleared."""
    for _ in range(count):
        cells = []
        for _ in range(width):
            cell = WriteOnlyCell(ws, value=None)
            cell.number_format = "@"
            cells.append(cell)
        ws.append(cells)


def _pct(hundredths: int) -> int | float:
    return hundredths // 100 if hundredths % 100 == 0 else hundredths / 100


# -- layout 1: Trajectenoverzicht ----------------------------------------------------------
class TrajectenWriter:
    """A gemeente's Trajectenoverzicht; one row per invoice, or one without."""

    def __init__(
        self,
        path: Path,
        *,
        partner_name: str,
        year: int,
        seed: int,
        hidden_column: bool = False,
        trailing_rows: int = 2,
    ) -> None:
        self.path = path
        self.rows = 0
        self.quarantined = 0
        self._year = year
        self._total = 0
        self._trailing = trailing_rows
        self._hidden = hidden_column
        self._mess = Mess(random.Random(f"{seed}-{path.name}"), text_dates=0.45, text_amounts=0.45)
        self._wb = Workbook(write_only=True)
        ws = self._ws = self._wb.create_sheet("Trajecten")
        for letter, width in zip("ABCDEFGHIJKLMNOP", _TRAJECTEN_WIDTHS, strict=True):
            ws.column_dimensions[letter].width = width
        if hidden_column:
            ws.column_dimensions["P"].hidden = True
        ws.merged_cells = MultiCellRange("A1:F1")
        ws.append([f"Trajectenoverzicht {partner_name.lower()}"])
        ws.append([f"Peildatum: 31-12-{year}"])
        ws.append([])
        ws.append([*TRAJECTEN_HEADER, "Werkcoach"] if hidden_column else list(TRAJECTEN_HEADER))

    def deployment(self, dep: Deployment) -> None:
        rows = dep.rows(XLSX)
        rows.sort(key=lambda s: s.pfrom if s else dep.start)
        for spend in rows:
            self._row(dep, spend)

    def _row(self, dep: Deployment, spend: Spend | None) -> None:
        m = self._mess
        pe = dep.person
        raw = {**(dep.raw or {}), **((spend.raw if spend else None) or {})}
        if dep.quarantine or (spend is not None and spend.quarantine):
            self.quarantined += 1
        instrument = raw.get("instrument") or describe(INSTRUMENT_NAMES[dep.instrument], dep.style)
        row: list[Cell] = [
            m.bsn(str(raw.get("bsn", pe.bsn)), 0.45),
            pe.naam,
            m.day(pe.birth),
            m.code(dep.regime, 0.01),
            str(instrument),
            m.code(dep.provider),
            m.day(_day(raw.get("start", dep.start))),
            m.day(_day(raw.get("end", dep.end))),
            dep.reference,
        ]
        if spend is None:
            row.extend([None] * 6)
        else:
            amount = raw.get("amount")
            row.extend(
                [
                    spend.invoice,
                    m.day(_day(raw.get("pfrom", spend.pfrom))),
                    m.day(_day(raw.get("pto", spend.pto))),
                    m.day(_day(raw.get("pay", spend.pay))),
                    str(amount) if amount is not None else m.amount(spend.cents),
                    m.code(str(raw.get("budget", spend.attributions[0][0]))),
                ]
            )
            self._total += spend.cents
        if self._hidden:
            row.append(dep.werkcoach)
        self._ws.append(row)
        self.rows += 1

    def close(self, stamp: datetime) -> int:
        self._ws.append(["Totaal", *([None] * 12), self._total / 100, None])
        append_empty_rows(self._ws, self._trailing, len(TRAJECTEN_HEADER))
        save_workbook(self._wb, self.path, stamp)
        return self.rows


def _day(value: object) -> date | str | None:
    if value is None or isinstance(value, date | str):
        return value
    return str(value)


# -- layout 2: UWV Re-integratie export ------------------------------------------------------
class UwvExportWriter:
    """UWV's export: header in row 1, UWV's product names, two financing pairs."""

    def __init__(self, path: Path, *, year: int, seed: int) -> None:
        self.path = path
        self.rows = 0
        self.quarantined = 0
        self._mess = Mess(random.Random(f"{seed}-{path.name}"), text_dates=0.97, text_amounts=0.06)
        self._wb = Workbook(write_only=True)
        ws = self._ws = self._wb.create_sheet("Export")
        for letter in "ABCDEFGHIJKLMNOPQRS":
            ws.column_dimensions[letter].width = 14
        ws.append(list(UWV_EXPORT_HEADER))
        info = self._wb.create_sheet("Toelichting")
        info.column_dimensions["A"].width = 70
        for line in (
            "Export uit het re-integratiesysteem van UWV",
            f"Periode: 01-01-{year} t/m 31-12-{year}",
            "Financiering 1/2: budgetcode; Perc 1/2: percentage van het bedrag",
            "Bedragen in euro's, inclusief btw",
        ):
            info.append([line])

    def deployment(self, dep: Deployment) -> None:
        rows = dep.rows(UWVX)
        rows.sort(key=lambda s: s.pfrom if s else dep.start)
        for spend in rows:
            self._row(dep, spend)

    def _date(self, value: object) -> Cell:
        if value is None or isinstance(value, str):
            return value
        assert isinstance(value, date)
        # UWV writes dates as text dd-mm-jjjj; now and then a real date slips through
        return (
            self._mess.day(value) if self._mess.rnd.random() < 0.03 else value.strftime("%d-%m-%Y")
        )

    def _row(self, dep: Deployment, spend: Spend | None) -> None:
        m = self._mess
        pe = dep.person
        raw = {**(dep.raw or {}), **((spend.raw if spend else None) or {})}
        if dep.quarantine or (spend is not None and spend.quarantine):
            self.quarantined += 1
        row: list[Cell] = [
            m.bsn(str(raw.get("bsn", pe.bsn)), 0.85),
            pe.surname,
            pe.initials,
            self._date(pe.birth),
            dep.regime,
            str(raw.get("instrument") or UWV_PRODUCT_NAMES[dep.instrument]),
            m.code(dep.provider, 0.01),
            self._date(raw.get("start", dep.start)),
            self._date(raw.get("end", dep.end)),
            dep.reference,
        ]
        if spend is None:
            row.extend([None] * 9)
        else:
            amount = raw.get("amount")
            atts = list(spend.attributions)
            first_code = str(raw.get("budget", atts[0][0]))
            row.extend(
                [
                    spend.invoice,
                    self._date(raw.get("pfrom", spend.pfrom)),
                    self._date(raw.get("pto", spend.pto)),
                    self._date(raw.get("pay", spend.pay)),
                    str(amount) if amount is not None else m.amount(spend.cents),
                    first_code,
                    _pct(atts[0][1]),
                    atts[1][0] if len(atts) > 1 else None,
                    _pct(atts[1][1]) if len(atts) > 1 else None,
                ]
            )
        self._ws.append(row)
        self.rows += 1

    def close(self, stamp: datetime) -> int:
        append_empty_rows(self._ws, 3, len(UWV_EXPORT_HEADER))
        save_workbook(self._wb, self.path, stamp)
        return self.rows


# -- the reference workbook ------------------------------------------------------------------
def write_reference(
    path: Path,
    *,
    year: int,
    budgets: list[tuple[BudgetDef, int]],
    providers: list[tuple[str, str]],
    stamp: datetime,
) -> None:
    """Partners, Regelingen, Instrumenten, Budgetten (amounts in whole euros), Aanbieders."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Partners"
    ws.append(["Code", "Naam", "Soort", "Geldig van", "Geldig tot"])
    for code, name, kind in PARTNERS:
        valid_from, valid_to = partner_validity(code, year)
        ws.append([code, name, kind, _dt(valid_from), _dt(valid_to)])
    ws = wb.create_sheet("Regelingen")
    ws.append(["Code", "Omschrijving", "Uitvoerder"])
    for regime in REGIMES:
        ws.append(list(regime))
    ws = wb.create_sheet("Instrumenten")
    ws.append(["Code", "Omschrijving"])
    for instrument in INSTRUMENTS:
        ws.append(list(instrument))
    ws = wb.create_sheet("Budgetten")
    ws.append(["Code", "Omschrijving", "Eigenaar", "Jaar", "Bedrag", "Regelingen", "Instrumenten"])
    for b, euros in budgets:
        ws.append(
            [b.code, b.label, b.owner, year, euros, ",".join(b.regimes),
             ",".join(b.instruments) or None]
        )  # fmt: skip
    ws = wb.create_sheet("Aanbieders")
    ws.append(["Code", "Naam"])
    for code, name in providers:
        ws.append([code, name])
    for sheet in wb.worksheets:
        sheet.column_dimensions["A"].width = 20
        sheet.column_dimensions["B"].width = 45
    save_workbook(wb, path, stamp)


def _dt(value: date | None) -> datetime | None:
    return datetime(value.year, value.month, value.day) if value else None
