"""Table models: formatting of amounts, dates and BSNs, sorting and filtering."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt

from ketenkoppeling.store import Database
from ketenkoppeling.ui.formatting import (
    arg,
    format_cents,
    format_date,
    format_percentage_bp,
    mask_bsn,
    mask_numbers,
    set_reveal,
)
from ketenkoppeling.ui.models.reference import budget_columns, load_reference, partner_columns
from ketenkoppeling.ui.models.table import SORT_ROLE, FilterProxy, RowTableModel

DISPLAY = Qt.ItemDataRole.DisplayRole
ALIGN = Qt.ItemDataRole.TextAlignmentRole


def test_formatting() -> None:
    assert format_cents(123456) == "€ 1.234,56"
    assert format_cents(-5) == "€ -0,05"
    assert format_date(date(2008, 7, 1)) == "01-07-2008"
    assert format_date("2008-07-01") == "01-07-2008"
    assert format_date(None) == ""
    assert format_percentage_bp(10000) == "100 %"
    assert format_percentage_bp(3333) == "33,33 %"
    assert format_percentage_bp(5050) == "50,5 %"
    assert arg("%1 van %2", 3, 10) == "3 van 10"
    assert format_date(datetime(2008, 7, 1, 9, 15)).startswith("01-07-2008")


def test_bsn_masked_unless_revealed() -> None:
    assert mask_bsn("111222333") == "*****2333"
    assert mask_bsn("111222333", reveal=True) == "111222333"
    assert mask_bsn(None) == ""
    assert mask_numbers("BSN 111222333 en 12345678 onbekend") == (
        "BSN *****2333 en *****5678 onbekend"
    )
    assert mask_numbers("factuur F2008-1187") == "factuur F2008-1187"
    set_reveal(True)
    try:
        assert mask_bsn("111222333") == "111222333"
        assert mask_numbers("BSN 111222333") == "BSN 111222333"
    finally:
        set_reveal(False)


def test_reference_models(region_db: Database) -> None:
    with region_db.session() as session:
        data = load_reference(session)
    partners = RowTableModel(partner_columns())
    partners.set_rows(data.partners)
    assert partners.rowCount() == 6
    assert partners.columnCount() == 5
    assert partners.headerData(1, Qt.Orientation.Horizontal, DISPLAY) == "Naam"
    kinds = {partners.index(r, 2).data(DISPLAY) for r in range(6)}
    assert {"UWV", "Gemeente", "Intergemeentelijke afdeling", "WERKbedrijf"} <= kinds

    budgets = RowTableModel(budget_columns())
    budgets.set_rows(data.budgets)
    assert budgets.rowCount() == 5
    headers = [budgets.headerData(c, Qt.Orientation.Horizontal, DISPLAY) for c in range(7)]
    assert headers == [
        "Code", "Omschrijving", "Eigenaar", "Jaar", "Bedrag", "Regelingen", "Instrumenten",
    ]  # fmt: skip
    row = next(r for r in range(5) if budgets.index(r, 0).data(DISPLAY) == "GEM-0392-WD-2008")
    assert budgets.index(row, 4).data(DISPLAY) == "€ 100.000,00"
    assert budgets.index(row, 4).data(ALIGN) & int(Qt.AlignmentFlag.AlignRight)
    assert budgets.index(row, 4).data(SORT_ROLE) == 10_000_000
    assert budgets.index(row, 5).data(DISPLAY) == "WWB, IOAW, IOAZ, NUG"
    assert budgets.index(row, 6).data(DISPLAY) == "alle"
    uwv = next(r for r in range(5) if budgets.index(r, 0).data(DISPLAY) == "UWV-RIB-WW-2008")
    assert budgets.index(uwv, 6).data(DISPLAY).startswith("WF, IRO, SCH")


def test_proxy_sorts_on_raw_values_and_filters() -> None:
    rows = [
        {"code": "B", "amount_cents": 900},
        {"code": "A", "amount_cents": 100000},
        {"code": "C", "amount_cents": 5000},
    ]
    from ketenkoppeling.ui.models.table import Column, attr

    model = RowTableModel(
        [Column("Code", attr("code")), Column("Bedrag", attr("amount_cents"), format_cents)]
    )
    model.set_rows(rows)
    proxy = FilterProxy(model)
    proxy.sort(1, Qt.SortOrder.AscendingOrder)
    # raw cents, not the text (which would put "€ 1.000,00" before "€ 9,00")
    assert [proxy.index(r, 0).data(DISPLAY) for r in range(3)] == ["B", "C", "A"]
    proxy.setFilterFixedString("1.000")
    assert proxy.rowCount() == 1
    assert proxy.index(0, 0).data(DISPLAY) == "A"
