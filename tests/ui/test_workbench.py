"""The mapping workbench (Koppelingen), driven through its widgets: a mapping built for a
gemeente workbook it has not seen (renamed and reordered columns below a title block), the
preview's counts, saving a version and importing the file with it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QComboBox, QTableWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from ketenkoppeling import importing, mapping_store
from ketenkoppeling.store import Database
from ketenkoppeling.store.tables import DeploymentRow, SpendLineRow
from ketenkoppeling.ui.main_window import MainWindow
from ketenkoppeling.ui.pages.mappings import MappingsPage
from ketenkoppeling.ui.workbench.editor import MappingEditor
from tests.conftest import SAMPLES
from tests.ui.conftest import wait_idle

NAME = "zandvoort-trajecten-nieuw"
HEADER = [
    "Dossier", "Burgerservicenr", "Cliënt", "Geboren", "Product", "Leverancier", "Begin",
    "Eind", "Soort uitkering", "Factuurnr", "Van", "Tot", "Betaald", "Bedrag", "Budgetcode",
]  # fmt: skip
SHIPPED_HEADER = [
    "BSN", "Naam", "Geb.datum", "Regeling", "Instrument", "Aanbieder", "Startdatum",
    "Einddatum", "Trajectnummer", "Factuurnummer", "Periode van", "Periode tot", "Betaaldatum",
    "Kosten", "Budget",
]  # fmt: skip
PRODUCTS = ["Work First", "Scholing", "Werkervaringsplaats", "Jobcoaching", "brugbaan "]


def valid_bsns(count: int, start: int = 310000000) -> list[str]:
    """BSNs that pass the elfproef (none of the sample region's)."""
    found: list[str] = []
    number = start
    while len(found) < count:
        digits = [int(d) for d in f"{number:09d}"]
        total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]
        if total % 11 == 0:
            found.append(f"{number:09d}")
        number += 1
    return found


def write_workbook(path: Path, rows: int = 14) -> int:
    """A gemeente 'Trajectenoverzicht' (exports.md §1) in a layout no shipped mapping knows:
    a title block, then renamed and reordered columns; every row is a valid record, some
    without an invoice yet. Returns the number of data rows."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Trajecten"
    sheet.append(["Trajectenoverzicht gemeente Zandvoort"])
    sheet.append(["Peildatum: 30-06-2008"])
    sheet.append([])
    sheet.append(HEADER)
    for i, bsn in enumerate(valid_bsns(rows)):
        invoiced = i % 3 != 2
        sheet.append(
            [
                f"ZVT-NIEUW-{i + 1:03d}",
                int(bsn),  # stored as a number
                f"Jansen{i}, A.B. van",
                datetime(1960 + i, 1 + i % 12, 1 + i),
                PRODUCTS[i % len(PRODUCTS)],
                "RIB-0002" if i % 2 else "",
                datetime(2008, 2, 1 + i),
                "30-11-2008" if i % 4 == 0 else None,
                "WWB",
                f"ZF-{i + 1:04d}" if invoiced else None,
                datetime(2008, 3, 1) if invoiced else None,
                "31-03-2008" if invoiced else None,
                datetime(2008, 4, 15) if invoiced else None,
                (f"€ 1.{i}34,56" if i % 2 else 250.5 + i) if invoiced else None,
                "GEM-0473-WD-2008" if invoiced else None,
            ]
        )
    book.save(path)
    return rows


def open_page(qtbot: QtBot, window: MainWindow) -> MappingsPage:
    window.show_place("mappings")
    wait_idle(qtbot, window)
    page = window.page("mappings")
    assert isinstance(page, MappingsPage)
    return page


def settle(qtbot: QtBot, window: MainWindow, page: MappingsPage, timeout: int = 20000) -> None:
    """Wait until the debounced preview (and its counts) and all other work are done."""
    qtbot.waitUntil(lambda: not page.busy and not window.tasks.busy, timeout=timeout)


def use_column(
    editor: MappingEditor, entity: str, name: str, column: str, index: int | None = None
) -> None:
    """Choose a field in the tree, then its column in the sample's table (double-click)."""
    assert editor.select_field(entity, name, index), (entity, name, index)
    assert editor.sample_view.select_column(column), column
    editor.sample_view.use_button.click()
    assert editor.field_editor.source_kind() == "column"
    assert editor.field_editor.column_combo.currentText() == column


def choose_code(qtbot: QtBot, table: QTableWidget, row: int, code: str) -> None:
    """Double-click a value map's 'Code' cell and pick ``code`` from the reference list."""
    rect = table.visualRect(table.model().index(row, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    combo = table.viewport().findChild(QComboBox)
    assert combo is not None and combo.count() > 1
    combo.setCurrentIndex(combo.findData(code))
    qtbot.keyClick(combo, Qt.Key.Key_Return)  # the delegate commits a moment later
    qtbot.waitUntil(lambda: table.state() == QTableWidget.State.NoState, timeout=2000)


def choose_source(editor: MappingEditor, qtbot: QtBot, entity: str, name: str, kind: str,
                  text: str, index: int | None = None) -> None:  # fmt: skip
    """Choose a field, then set its source with the field editor's own widgets."""
    assert editor.select_field(entity, name, index)
    fe = editor.field_editor
    fe.kind_combo.setCurrentIndex(fe.kind_combo.findData(kind))
    if kind == "column":
        fe.column_combo.setEditText(text)
    elif kind == "setting":
        fe.setting_combo.setEditText(text)
    elif kind == "value":
        fe.value_edit.clear()
        qtbot.keyClicks(fe.value_edit, text)
    elif kind == "xpath":
        fe.xpath_edit.clear()
        qtbot.keyClicks(fe.xpath_edit, text)


def test_a_new_gemeente_layout_mapped_saved_and_imported(
    qtbot: QtBot, sample_window: MainWindow, sample_db: Database, tmp_path: Path
) -> None:
    window = sample_window
    page = open_page(qtbot, window)
    editor = page.editor
    workbook = tmp_path / "trajecten-zandvoort-2009.xlsx"
    rows = write_workbook(workbook)
    # the shipped mappings do not recognise it
    assert importing.detect_mapping(workbook, mapping_store.available_mappings(sample_db)) is None

    page.open_sample(workbook)
    qtbot.waitUntil(lambda: editor.structure is not None, timeout=10000)
    structure = editor.structure
    assert structure.header_row == 4
    assert [c.name for c in structure.columns][:3] == ["Dossier", "Burgerservicenr", "Cliënt"]
    assert editor.sample_view.columns_model.rowCount() == len(HEADER)
    editor.sample_view.header_spin.setValue(4)  # read again with the header row given
    editor.sample_view.reread_button.click()
    wait_idle(qtbot, window)
    assert editor.structure is not structure and editor.structure.header_row == 4

    document = page.new_mapping_from_sample(
        name=NAME, title="Gemeente Zandvoort — nieuwe indeling", partner="GEM-0473"
    )
    assert document is not None and page.document is document
    assert page.current_label.text().startswith("Gemeente Zandvoort")

    # client
    use_column(editor, "client", "bsn", "Burgerservicenr")
    use_column(editor, "client", "surname", "Cliënt")
    chain = editor.field_editor.chain
    chain.add("split-name")
    part = chain.param_widget("part")
    assert part is not None
    part.setCurrentIndex(part.findData("surname"))  # type: ignore[attr-defined]
    use_column(editor, "client", "initials", "Cliënt")
    chain.add("split-name")
    part = chain.param_widget("part")
    part.setCurrentIndex(part.findData("initials"))  # type: ignore[union-attr]
    use_column(editor, "client", "birth_date", "Geboren")
    # deployment: the partner is the setting new_mapping_from_sample made
    assert page.document.field("deployment", "partner").source == "partner"
    use_column(editor, "deployment", "reference", "Dossier")
    chain.add("trim")
    use_column(editor, "deployment", "bsn", "Burgerservicenr")
    use_column(editor, "deployment", "instrument", "Product")
    chain.add("trim")
    chain.add("map")  # a value map that looks unknown names up as instruments
    value_map = chain.value_map
    assert value_map.isVisibleTo(editor)
    assert value_map.otherwise.currentData() == "instrument"
    assert ("PPL", "Participatieplaats") in value_map.codes
    value_map.add_entry("Werkervaringsplaats", "")
    choose_code(qtbot, value_map.table, 0, "PPL")
    assert value_map.entries() == [("Werkervaringsplaats", "PPL")]
    use_column(editor, "deployment", "provider", "Leverancier")
    choose_source(editor, qtbot, "deployment", "start", "column", "Begin")
    choose_source(editor, qtbot, "deployment", "end", "column", "Eind")
    # the spend line: present only when invoiced, paid by the gemeente
    choose_source(editor, qtbot, "spend", "partner", "setting", "partner")
    choose_source(editor, qtbot, "spend", "payer", "setting", "partner")
    use_column(editor, "spend", "reference", "Dossier")
    use_column(editor, "spend", "bsn", "Burgerservicenr")
    use_column(editor, "spend", "invoice_number", "Factuurnr")
    use_column(editor, "spend", "period_from", "Van")
    use_column(editor, "spend", "period_to", "Tot")
    use_column(editor, "spend", "pay_date", "Betaald")
    use_column(editor, "spend", "amount", "Bedrag")
    chain.add("amount")
    use_column(editor, "spend", "budget", "Budgetcode", index=0)
    choose_source(editor, qtbot, "spend", "percentage", "value", "100", index=0)
    editor.records_form.set_optional("spend", True, "invoice_number amount")

    text = editor.text_view.text()
    assert '<field name="surname" column="Cliënt"><split-name part="surname"/></field>' in text
    assert '<entry from="Werkervaringsplaats" to="PPL"/>' in text
    spend = page.document.target("spend")
    assert spend is not None and spend.optional
    assert spend.present_if == ["invoice_number", "amount"]
    assert 'present-if="invoice_number amount"' in text
    assert editor.text_view.error_messages() == []
    assert page.document.missing_fields("deployment") == []
    assert page.document.missing_fields("spend") == []

    settle(qtbot, window, page)
    counts = page.counts
    assert counts is not None
    assert (counts.read, counts.stored, counts.quarantined) == (rows, rows, 0), counts.reasons
    records = editor.preview.records()
    assert len(records) == rows and all(r.status == "stored" for r in records)
    instruments = {
        v for r in records for e, f, v in r.values if (e, f) == ("deployment", "instrument")
    }
    assert instruments == {"WF", "SCH", "PPL", "JC", "BB"}
    assert "14 gelezen, 14 opgeslagen, 0 in quarantaine" in editor.preview.counts_label.text()

    with qtbot.waitSignal(page.saved, timeout=10000) as saved:
        page.save_version(comment="Nieuwe indeling van Zandvoort: kolommen hernoemd")
    version = saved.args[0]
    assert (version.name, version.version, version.origin) == (NAME, "1", "database")
    wait_idle(qtbot, window)
    assert not editor.dirty
    listed = editor.versions.versions()
    assert [(v.version, v.comment) for v in listed] == [
        ("1", "Nieuwe indeling van Zandvoort: kolommen hernoemd")
    ]
    assert NAME in {r.name for r in page.rows}

    # an edit after saving is compared with the saved version
    settle(qtbot, window, page)
    assert editor.select_field("deployment", "instrument")
    assert chain.select("map")
    value_map.table.setCurrentCell(0, 0)
    value_map.remove_selected()
    settle(qtbot, window, page)
    worse = page.counts
    lost = sum(1 for i in range(rows) if PRODUCTS[i % len(PRODUCTS)] == "Werkervaringsplaats")
    assert (worse.stored, worse.quarantined) == (rows - lost, lost)
    assert page.saved_counts.stored == rows
    assert editor.preview.comparison.text().endswith(
        f"{lost} minder opgeslagen, {lost} meer in quarantaine"
    )
    assert any("Werkervaringsplaats" in reason for reason in worse.reasons)

    # the saved version imports every row of the file
    result = importing.import_file(
        sample_db, workbook, mappings=mapping_store.available_mappings(sample_db)
    )
    assert result.status == "imported", result.message
    assert (result.mapping, result.mapping_version) == (NAME, "1")
    assert (result.read, result.quarantined) == (rows, 0), result.errors
    with sample_db.session() as session:
        references = set(
            session.scalars(
                select(DeploymentRow.reference).where(DeploymentRow.reference.like("ZVT-NIEUW-%"))
            )
        )
        invoices = set(
            session.scalars(
                select(SpendLineRow.invoice_number).where(SpendLineRow.invoice_number.like("ZF-%"))
            )
        )
    assert len(references) == rows
    assert len(invoices) == sum(1 for i in range(rows) if i % 3 != 2)


def test_xml_text_and_form_stay_in_step(qtbot: QtBot, window: MainWindow) -> None:
    page = open_page(qtbot, window)
    editor = page.editor
    page.open_mapping("gemeente-trajectenoverzicht", confirm=False)
    wait_idle(qtbot, window)
    assert page.document is not None and page.document.name == "gemeente-trajectenoverzicht"
    view = editor.text_view
    assert view.text().startswith("<?xml")
    assert not view.editor.isReadOnly()
    page.open_sample(SAMPLES / "trajecten-hlm.xlsx")
    settle(qtbot, window, page)
    assert page.counts is not None and page.counts.read > 0
    assert editor.preview.comparison.text().endswith("geen verschil met de opgeslagen versie")

    # the form changes the text
    assert editor.select_field("deployment", "reference")
    editor.field_editor.column_combo.setEditText("Dossiernummer")
    assert '<field name="reference" column="Dossiernummer">' in view.text()
    assert editor.dirty and page.current_label.text().endswith("gewijzigd")
    editor.file_form.title_edit.clear()
    qtbot.keyClicks(editor.file_form.title_edit, "Gemeente - nieuw")
    assert "<title>Gemeente - nieuw</title>" in view.text()

    # the text changes the form
    edited = view.text().replace('<field name="instrument" column="Instrument">',
                                 '<field name="instrument" column="Soort traject">')  # fmt: skip
    view.editor.setPlainText(edited)
    qtbot.waitUntil(lambda: page.document.field("deployment", "instrument").source
                    == "Soort traject", timeout=5000)  # fmt: skip
    assert editor.select_field("deployment", "instrument")
    assert editor.field_editor.column_combo.currentText() == "Soort traject"
    item = editor.tree.item_for(editor.tree.current_key())
    assert item is not None
    assert item.text(1) == "kolom Soort traject · spaties weghalen, waardetabel"
    assert view.error_messages() == []

    # a schema error names its line; clicking it puts the cursor there
    lines = view.text().splitlines()
    wrong = next(i for i, line in enumerate(lines) if 'name="bsn" column="BSN"' in line)
    lines[wrong] = lines[wrong].replace('column="BSN"', 'kolom="BSN"')
    view.editor.setPlainText("\n".join(lines) + "\n")
    qtbot.waitUntil(lambda: bool(view.error_messages()), timeout=5000)
    messages = view.error_messages()
    assert any(m.startswith(f"regel {wrong + 1}:") and "kolom" in m for m in messages), messages
    view.editor.go_to_line(1)
    error_item = view.errors.item(0)
    rect = view.errors.visualItemRect(error_item)
    qtbot.mouseClick(view.errors.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.editor.current_line() == wrong + 1
    # the preview says why it cannot run
    qtbot.waitUntil(lambda: "regel" in editor.preview.message.text(), timeout=5000)

    # not even XML: the form keeps the last readable state, the error names the line
    lines[wrong] = lines[wrong].replace('kolom="BSN"', 'column="BSN"').replace("/>", ">")
    view.editor.setPlainText("\n".join(lines) + "\n")
    qtbot.waitUntil(lambda: "geen geldige XML" in " ".join(view.error_messages()), timeout=5000)
    assert editor.banner.isVisibleTo(editor)
    assert page.document.field("deployment", "instrument").source == "Soort traject"


def test_versions_compared_restored_and_a_conflict_refused(
    qtbot: QtBot, window: MainWindow, region_db: Database, tmp_path: Path
) -> None:
    page = open_page(qtbot, window)
    editor = page.editor
    page.open_mapping("uwv-reintegratie-export", confirm=False)
    wait_idle(qtbot, window)
    copy = page.copy_mapping(name="uwv-eigen", title="UWV — eigen variant")
    assert copy is not None and page.document is copy and editor.dirty
    with qtbot.waitSignal(page.saved, timeout=10000):
        page.save_version(comment="kopie van de meegeleverde")
    wait_idle(qtbot, window)
    editor.file_form.title_edit.clear()
    qtbot.keyClicks(editor.file_form.title_edit, "UWV - tweede")
    with qtbot.waitSignal(page.saved, timeout=10000):
        page.save_version(comment="titel")
    wait_idle(qtbot, window)
    versions = editor.versions.versions()
    assert [v.version for v in versions] == ["1", "2"]
    assert editor.versions.model.index(0, 0).data() == "2"  # newest first
    assert editor.versions.model.index(0, 2).data() == window.settings.user

    diff = page.compare_versions(versions[0], versions[1], show=False)
    assert "-  <title>UWV — eigen variant</title>" in diff
    assert "+  <title>UWV - tweede</title>" in diff

    with qtbot.waitSignal(page.saved, timeout=10000) as restored:
        page.restore_version(versions[0], comment="toch de eerste titel")
    wait_idle(qtbot, window)
    assert restored.args[0].version == "3"
    assert page.document.title == "UWV — eigen variant"
    assert [v.version for v in editor.versions.versions()] == ["1", "2", "3"]

    # a colleague saves meanwhile: this save is refused with the store's Dutch message
    mapping_store.save_version(
        region_db, page.document.text(), comment="collega", user="collega", expected="3"
    )
    editor.file_form.description_edit.clear()
    qtbot.keyClicks(editor.file_form.description_edit, "Mijn wijziging")
    page.save_version(comment="mijn wijziging")
    wait_idle(qtbot, window)
    assert "intussen opgeslagen als versie 4 door collega" in page.banner.text()
    assert mapping_store.current_version(region_db, "uwv-eigen").comment == "collega"

    # export and import as files
    target = tmp_path / "uwv-eigen.xml"
    page.open_mapping("uwv-eigen", confirm=False)
    wait_idle(qtbot, window)
    page.export_mapping(target)
    wait_idle(qtbot, window)
    assert 'name="uwv-eigen" version="4"' in target.read_text(encoding="utf-8")
    other = tmp_path / "uwv-ander.xml"
    other.write_text(
        target.read_text(encoding="utf-8").replace('name="uwv-eigen"', 'name="uwv-ander"'),
        encoding="utf-8",
    )
    with qtbot.waitSignal(page.saved, timeout=10000) as imported:
        page.import_mapping(other)
    wait_idle(qtbot, window)
    assert (imported.args[0].name, imported.args[0].comment) == (
        "uwv-ander", "ingelezen uit uwv-ander.xml",
    )  # fmt: skip
    assert "uwv-ander" in {r.name for r in page.rows}


SUWI = """<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
 <soap:Body>
  <gsd:GSDDossierReintegratieResponse
      xmlns:gsd="http://bkwi.nl/SuwiML/Diensten/GSDDossierReintegratie/v0200">
   <ClientSuwi>
    <Burgerservicenr>111222333</Burgerservicenr>
    <ReIntegratievoorziening>
     <Registratienr>R-1</Registratienr>
     <DatBReIntegratievoorziening>20080601</DatBReIntegratievoorziening>
     <OmsReIntegratievoorziening>Scholing</OmsReIntegratievoorziening>
    </ReIntegratievoorziening>
    <ReIntegratievoorziening>
     <Registratienr>R-2</Registratienr>
     <DatBReIntegratievoorziening>20080701</DatBReIntegratievoorziening>
     <OmsReIntegratievoorziening>Work First</OmsReIntegratievoorziening>
    </ReIntegratievoorziening>
    <Bron><CdPartijSuwi>0392</CdPartijSuwi></Bron>
   </ClientSuwi>
  </gsd:GSDDossierReintegratieResponse>
 </soap:Body>
</soap:Envelope>
"""


def test_an_xml_element_picked_from_the_tree_is_a_path_from_the_record(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    page = open_page(qtbot, window)
    editor = page.editor
    sample = tmp_path / "suwi.xml"
    sample.write_text(SUWI, encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(sample))])
    drop = QDropEvent(
        QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    page.dropEvent(drop)  # dropped on the page
    qtbot.waitUntil(lambda: editor.structure is not None, timeout=10000)
    tree = editor.sample_view
    assert tree.stack.currentIndex() == 2
    assert "gsd = http://bkwi.nl/SuwiML/Diensten/GSDDossierReintegratie/v0200" in (
        tree.namespaces.text()
    )
    record = editor.structure.record_path
    assert record.endswith("/ClientSuwi/ReIntegratievoorziening")

    page.new_mapping_from_sample(name="suwi-proef", title="Suwi proef", partner=None)
    assert page.document.records()[0].path == (
        "//gsd:GSDDossierReintegratieResponse/ClientSuwi/ReIntegratievoorziening"
    )
    assert editor.select_field("deployment", "partner")
    partner = record.rsplit("/", 1)[0] + "/Bron/CdPartijSuwi"
    assert tree.select_element(partner)
    tree.use_button.click()
    assert editor.field_editor.xpath_edit.text() == "../Bron/CdPartijSuwi"
    assert page.document.field("deployment", "partner").source == "../Bron/CdPartijSuwi"
    assert editor.select_field("deployment", "reference")
    assert tree.select_element(record + "/Registratienr")
    tree.use_button.click()
    assert page.document.field("deployment", "reference").source == "Registratienr"
    # a joined value: parts picked one after the other
    assert editor.select_field("client", "surname")
    fe = editor.field_editor
    fe.kind_combo.setCurrentIndex(fe.kind_combo.findData("concat"))
    fe.parts.set_parts([], " ")
    for name in ("Burgerservicenr", "ReIntegratievoorziening/Registratienr"):
        path = record.rsplit("/", 1)[0] + "/" + name
        assert tree.select_element(path)
        tree.use_button.click()
    joined = page.document.field("client", "surname")
    assert joined.source_kind == "concat"
    assert joined.source == [("xpath", "../Burgerservicenr"), ("xpath", "Registratienr")]
    settle(qtbot, window, page)
    assert page.counts is not None and page.counts.read == 2


def test_ctrl_s_and_ctrl_o_are_the_page_shortcuts(qtbot: QtBot, window: MainWindow) -> None:
    page = open_page(qtbot, window)
    from PySide6.QtGui import QShortcut

    keys = {s.key().toString() for s in page.findChildren(QShortcut)}
    assert {"Ctrl+S", "Ctrl+O"} <= keys


def test_counting_the_whole_file_can_be_cancelled_and_a_new_edit_counts_again(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    page = open_page(qtbot, window)
    editor = page.editor
    page.open_mapping("gemeente-trajectenoverzicht", confirm=False)
    wait_idle(qtbot, window)
    big = tmp_path / "trajecten-groot.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Trajecten"
    sheet.append(["Trajectenoverzicht gemeente Haarlem"])
    sheet.append(["Peildatum: 30-06-2008"])
    sheet.append([])
    sheet.append(SHIPPED_HEADER)
    for i, bsn in enumerate(valid_bsns(6000)):
        row = dict.fromkeys(SHIPPED_HEADER)
        row.update({"BSN": bsn, "Naam": f"Jansen{i}, A.", "Instrument": "Scholing",
                    "Startdatum": "01-02-2008", "Trajectnummer": f"T-{i}"})  # fmt: skip
        sheet.append(list(row.values()))
    book.save(big)

    with qtbot.waitSignal(page.runner.counts_started, timeout=15000):
        page.open_sample(big)
    assert editor.preview.progress.isVisibleTo(editor)
    with qtbot.waitSignal(page.runner.counts_stopped, timeout=15000):
        editor.preview.progress.cancel_button.click()
    assert page.counts is None
    assert editor.preview.comparison.text() == "Tellen gestopt."
    assert not editor.preview.progress.isVisibleTo(editor)

    editor.file_form.description_edit.clear()
    qtbot.keyClicks(editor.file_form.description_edit, "groot bestand")
    with qtbot.waitSignal(page.counts_done, timeout=30000) as done:
        pass
    assert done.args[0].read == 6000
    settle(qtbot, window, page)


def test_every_shipped_mapping_opens_in_every_form(qtbot: QtBot, window: MainWindow) -> None:
    page = open_page(qtbot, window)
    editor = page.editor
    assert len(page.rows) >= 6
    for row in page.rows:
        page.open_mapping(row.name, confirm=False)
        wait_idle(qtbot, window)
        document = page.document
        assert document is not None and document.name == row.name
        assert not editor.dirty  # loading the forms (a target selected before) changes nothing
        assert editor.text_view.error_messages() == [], row.name
        assert editor.file_form.title_edit.text() == document.title
        assert editor.records_form.records.rowCount() == len(document.records())
        assert editor.records_form.targets.rowCount() == len(document.targets())
        assert editor.settings_form.list.count() == len(document.settings())
        kinds = [r.kind for r in document.records()]
        if len(kinds) > 1:  # a record per kind of message, each with its targets
            assert editor.tree.topLevelItemCount() == len(kinds)
        for entity, record in document.targets():
            for edit in document.fields(entity, record=record):
                assert editor.select_field(
                    entity, edit.name, edit.attribution_index, record if len(kinds) > 1 else None
                ), (row.name, entity, edit.name)
                assert editor.field_editor.source_kind() == edit.source_kind
        assert not editor.dirty
        last = document.targets()[-1]
        assert editor.records_form.select_target(*last)
