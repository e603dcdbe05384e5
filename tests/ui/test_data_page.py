"""The Gegevens place: lazily loaded tables, search, masked BSNs, a record's source."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from ketenkoppeling.store import Database
from ketenkoppeling.ui.main_window import MainWindow
from ketenkoppeling.ui.models.lazy import PAGE
from ketenkoppeling.ui.pages.data import DataPage
from tests.factories import deployment, store
from tests.ui.conftest import wait_idle

DISPLAY = Qt.ItemDataRole.DisplayRole
BSNS = ["111222333", "123456782", "999999990"]


def _fill(db: Database, n: int) -> None:
    with db.session() as session:
        store(
            session,
            *[
                deployment("UWV", f"TRJ-{i:05d}", BSNS[i % 3], "SCH", "2008-06-02")
                for i in range(n)
            ],
        )


def _page(qtbot: QtBot, window: MainWindow) -> DataPage:
    window.show_place("data")
    page = window.page("data")
    assert isinstance(page, DataPage)
    page.tabs.setCurrentIndex(1)  # Inzet
    wait_idle(qtbot, window)
    return page


def test_rows_load_page_by_page(qtbot: QtBot, region_db: Database, window: MainWindow) -> None:
    _fill(region_db, 1234)
    page = _page(qtbot, window)
    page.refresh()
    wait_idle(qtbot, window)
    model = page.models["deployments"]
    assert model.total == 1234
    assert model.rowCount() == PAGE  # only the first page
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    wait_idle(qtbot, window)
    assert model.rowCount() == 2 * PAGE
    model.fetchMore(QModelIndex())
    wait_idle(qtbot, window)
    assert model.rowCount() == 1234
    assert not model.canFetchMore(QModelIndex())
    references = [model.row(i).reference for i in range(model.rowCount())]
    assert len(set(references)) == 1234  # keyset paging: no row twice, none lost
    assert page.count_label.text() == "1.234 records, 1.234 getoond"


def test_search_and_masked_bsn(qtbot: QtBot, region_db: Database, window: MainWindow) -> None:
    _fill(region_db, 30)
    page = _page(qtbot, window)
    page.refresh()
    wait_idle(qtbot, window)
    model = page.models["deployments"]
    assert model.rowCount() == 30
    assert model.index(0, 2).data(DISPLAY) == "*****2333"
    page.search.setText("TRJ-0001")  # searches after a pause in typing
    qtbot.waitUntil(lambda: model.rowCount() == 10, timeout=5000)  # TRJ-00010 … 00019
    wait_idle(qtbot, window)
    page.search.setText("123456782")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)  # or at once on Enter
    wait_idle(qtbot, window)
    assert model.rowCount() == 10
    assert {model.row(i).bsn for i in range(10)} == {"123456782"}
    page.reveal_button.click()
    assert model.index(0, 2).data(DISPLAY) == "123456782"
    page.reveal_button.click()
    assert model.index(0, 2).data(DISPLAY) == "*****6782"


def test_sort_by_column(qtbot: QtBot, region_db: Database, window: MainWindow) -> None:
    _fill(region_db, 12)
    page = _page(qtbot, window)
    page.refresh()
    wait_idle(qtbot, window)
    view = page.views["deployments"]
    view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    wait_idle(qtbot, window)
    model = page.models["deployments"]
    assert model.row(0).reference == "TRJ-00011"


def test_selected_record_shows_its_source(qtbot: QtBot, sample_window: MainWindow) -> None:
    page = _page(qtbot, sample_window)
    view = page.views["deployments"]
    view.selectRow(0)
    wait_idle(qtbot, sample_window)
    assert page.panel.fields["file"].text().endswith((".xml", ".xlsx", ".csv"))
    assert page.panel.fields["location"].text()
    assert page.panel.fields["batch"].text().isdigit()
    page.tabs.setCurrentIndex(2)  # Bestedingen
    wait_idle(qtbot, sample_window)
    page.views["spend"].selectRow(0)
    wait_idle(qtbot, sample_window)
    assert "%" in page.panel.fields["attributions"].text()


SUWI_RESPONSE = """<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
 <soap:Body>
  <gsd:GSDDossierReintegratieResponse
      xmlns:gsd="http://bkwi.nl/SuwiML/Diensten/GSDDossierReintegratie/v0200">
   <ClientSuwi>
    <Burgerservicenr>111222333</Burgerservicenr>
    <Geboortedat>{birth}</Geboortedat>
    <SignificantDeelVanDeAchternaam>Berg</SignificantDeelVanDeAchternaam>
    <Voorletters>JP</Voorletters>
    <Bron><CdPartijSuwi>0392</CdPartijSuwi></Bron>
    <ReIntegratievoorziening>
     <Registratienr>SUWI-1</Registratienr>
     <DatBReIntegratievoorziening>{start}</DatBReIntegratievoorziening>
     <DatEReIntegratievoorziening>20080930</DatEReIntegratievoorziening>
     <OmsReIntegratievoorziening>Work First</OmsReIntegratievoorziening>
    </ReIntegratievoorziening>
   </ClientSuwi>
  </gsd:GSDDossierReintegratieResponse>
 </soap:Body>
</soap:Envelope>
"""


def _import_suwinet(
    db: Database, path: Path, birth: str, samples: Path, start: str = "20080601"
) -> None:
    from ketenkoppeling.importing import import_files
    from ketenkoppeling.reference import load_reference_workbook

    load_reference_workbook(db, samples / "referentie.xlsx", user="test")
    path.write_text(SUWI_RESPONSE.format(birth=birth, start=start), encoding="utf-8")
    [result] = import_files(db, [path], user="test")
    assert (result.status, result.new, result.quarantined) == ("imported", 1, 0), result.message


def test_incomplete_date_is_noted_with_its_field(
    qtbot: QtBot, region_db: Database, window: MainWindow, samples: Path, tmp_path: Path
) -> None:
    _import_suwinet(region_db, tmp_path / "suwi.xml", "20080000", samples)
    page = _page(qtbot, window)
    page.tabs.setCurrentIndex(0)  # Cliënten
    page.refresh()
    wait_idle(qtbot, window)
    model = page.models["clients"]
    assert model.rowCount() == 1
    assert model.index(0, 3).data(DISPLAY) == "01-01-2008"  # the first day taken
    panel = page.panel
    assert panel.fields["notes"].isHidden()
    page.views["clients"].selectRow(0)
    wait_idle(qtbot, window)
    notes = panel.fields["notes"]
    assert panel.form.isRowVisible(notes)
    assert notes.text() == "onvolledige datum: geboortedatum"
    assert "20080000" in notes.toolTip()
    assert panel.form.labelForField(notes).text() == "Let op"
    # the deployment read from the same element: the notes of that source record
    page.tabs.setCurrentIndex(1)
    wait_idle(qtbot, window)
    page.views["deployments"].selectRow(0)
    wait_idle(qtbot, window)
    assert notes.text() == "onvolledige datum: geboortedatum"


def test_incomplete_dates_are_listed_together(
    qtbot: QtBot, region_db: Database, window: MainWindow, samples: Path, tmp_path: Path
) -> None:
    _import_suwinet(region_db, tmp_path / "suwi.xml", "19710400", samples, start="20080600")
    page = _page(qtbot, window)
    page.refresh()
    wait_idle(qtbot, window)
    model = page.models["deployments"]
    assert model.index(0, 5).data(DISPLAY) == "01-06-2008"
    page.views["deployments"].selectRow(0)
    wait_idle(qtbot, window)
    notes = page.panel.fields["notes"]
    assert notes.text() == "onvolledige datum: geboortedatum, startdatum"
    assert "'19710400'" in notes.toolTip() and "'20080600'" in notes.toolTip()


def test_complete_date_has_no_note(
    qtbot: QtBot, region_db: Database, window: MainWindow, samples: Path, tmp_path: Path
) -> None:
    _import_suwinet(region_db, tmp_path / "suwi.xml", "19710412", samples)
    page = _page(qtbot, window)
    page.tabs.setCurrentIndex(0)
    page.refresh()
    wait_idle(qtbot, window)
    page.views["clients"].selectRow(0)
    wait_idle(qtbot, window)
    assert page.panel.fields["file"].text() == "suwi.xml"
    assert not page.panel.form.isRowVisible(page.panel.fields["notes"])
    assert page.panel.fields["notes"].text() == ""


def test_notes_text() -> None:
    from ketenkoppeling.ui.models.records import notes_text

    assert notes_text([]) == ""
    by_field = {"field": "client.birth_date", "level": "note",
                "message": "datum '20080000' onvolledig: eerste dag genomen"}  # fmt: skip
    named = {"level": "note", "message": "einddatum: datum '200812' onvolledig: eerste dag"}
    unnamed = {"level": "note", "message": "datum '20080000' onvolledig: eerste dag genomen"}
    other = {"level": "note", "message": "postcode ingekort"}
    assert notes_text([by_field, named]) == "onvolledige datum: geboortedatum, einddatum"
    assert notes_text([unnamed]) == "onvolledige datum"
    assert notes_text([by_field, other, other]) == (
        "onvolledige datum: geboortedatum; postcode ingekort"
    )


def test_a_spend_line_is_found_by_its_key_with_slashes(db: Database) -> None:
    """An invoice number or reference may hold a '/': each place of one is tried in the
    spend lines' index."""
    from ketenkoppeling.ui.models.records import lookup
    from tests.factories import add_region, spend

    with db.session() as s:
        add_region(s)
        store(
            s,
            spend("UWV", "F/2008/1", "R1", "111222333", "10.00", ("UWV-RIB-WW-2008", "100")),
            spend("UWV", "F2", "R/9", "111222333", "20.00", ("UWV-RIB-WW-2008", "100")),
        )
    with db.session() as s:
        first = lookup(s, "spend UWV/F/2008/1/R1")
        second = lookup(s, "spend UWV/F2/R/9")
        missing = lookup(s, "spend UWV/F2/R9")
    assert first.found and first.values["invoice_number"] == "F/2008/1"
    assert second.found and second.values["reference"] == "R/9"
    assert not missing.found
