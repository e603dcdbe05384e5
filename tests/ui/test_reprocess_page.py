"""The quarantine on the Importeren place: grouped per batch and reason, reprocessed with the
expected outcome shown first, and the quick fix that adds an unknown value to a value map."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QAbstractItemModel, QPoint, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from ketenkoppeling import mapping_store
from ketenkoppeling.reference import load_reference_workbook
from ketenkoppeling.store.tables import DeploymentRow, ImportBatchRow, SourceRecordRow
from ketenkoppeling.ui.main_window import MainWindow
from ketenkoppeling.ui.pages.importing import ImportPage
from ketenkoppeling.ui.quarantine import value_map_miss
from tests.ui.conftest import wait_idle

DISPLAY = Qt.ItemDataRole.DisplayRole
UNKNOWN = "Werkervaringsplaats"
REASON = f"onbekend instrument '{UNKNOWN}'"
DOSSIER = "UWV-TRJ-2008-00026"  # three rows of the UWV export (one deployment, three invoices)


@pytest.fixture
def page(qtbot: QtBot, window: MainWindow, samples: Path) -> ImportPage:
    """The Importeren place on a database with the sample reference workbook loaded."""
    load_reference_workbook(window.ctx.db, samples / "referentie.xlsx", user="test")
    window.show_place("import")
    wait_idle(qtbot, window)
    found = window.page("import")
    assert isinstance(found, ImportPage)
    return found


def _uwv_export(samples: Path, target: Path) -> Path:
    """UWV's export with an unknown product name on one dossier."""
    workbook = openpyxl.load_workbook(samples / "uwv-reintegratie-export.xlsx")
    changed = 0
    for row in workbook["Export"].iter_rows(min_row=2):
        if row[9].value == DOSSIER:
            row[5].value = UNKNOWN  # Re-integratieproduct
            changed += 1
    assert changed == 3
    workbook.save(target)
    return target


def _import(qtbot: QtBot, window: MainWindow, page: ImportPage, path: Path) -> None:
    page.add_files([path])
    wait_idle(qtbot, window)
    operation = page.start_import()
    assert operation is not None
    with qtbot.waitSignal(operation.signals.finished, timeout=20000):
        pass
    wait_idle(qtbot, window)


def _cells(model: QAbstractItemModel, column: int) -> list[str]:
    return [model.index(r, column).data(DISPLAY) for r in range(model.rowCount())]


def _show_quarantine(qtbot: QtBot, window: MainWindow, page: ImportPage) -> None:
    page.outcome_tabs.setCurrentWidget(page.quarantine_panel)
    page.quarantine_panel.refresh()
    wait_idle(qtbot, window)


def test_quick_fix_and_reprocess_from_the_page(
    qtbot: QtBot, window: MainWindow, page: ImportPage, samples: Path, tmp_path: Path
) -> None:
    db = window.ctx.db
    _import(qtbot, window, page, _uwv_export(samples, tmp_path / "uwv-export.xlsx"))
    outcome = page.outcome_model
    assert outcome.index(0, 1).data(DISPLAY) == "Ingelezen"
    assert (outcome.index(0, 2).data(DISPLAY), outcome.index(0, 6).data(DISPLAY)) == ("19", "3")
    first_batch = int(outcome.row(0).batch)

    # the quarantine, per batch and reason
    _show_quarantine(qtbot, window, page)
    panel = page.quarantine_panel
    tabs = page.outcome_tabs
    assert tabs.tabText(tabs.indexOf(panel)) == "Quarantaine (3)"
    groups = panel.model
    assert groups.rowCount() == 1
    assert _cells(groups, 4) == [REASON] and _cells(groups, 3) == ["3"]
    assert _cells(groups, 0) == [str(first_batch)]
    panel.view.selectRow(0)
    wait_idle(qtbot, window)
    assert page.quarantine_model.rowCount() == 3
    assert (
        page.quarantine_title.text()
        == f"Records in quarantaine van uwv-export.xlsx (batch {first_batch})"
    )
    assert not page.fix_button.isEnabled()  # no record chosen yet
    page.quarantine_view.selectRow(0)
    assert page.fix_button.isEnabled()
    assert page.fix_button.text() == "Waarde toevoegen aan waardetabel…"

    # the same action in the context menu
    page._quarantine_menu(QPoint(5, 5))
    assert page.menu is not None
    actions = {a.text(): a for a in page.menu.actions() if a.text()}
    assert actions["Waarde toevoegen aan waardetabel…"].isEnabled()
    page.menu.close()

    # the quick fix: the value, the field and the reference data's instrument codes
    assert page.fix_selected() is not None
    wait_idle(qtbot, window)
    dialog = page.quick_fix.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "Waarde toevoegen aan waardetabel"
    codes = [dialog.code_combo.itemData(i) for i in range(dialog.code_combo.count())]
    assert codes == sorted(["WF", "IRO", "SCH", "JC", "LKS", "PP", "PPL", "BB", "SOL", "ZORG"])
    assert "WF — Work First" in [dialog.code_combo.itemText(i) for i in range(len(codes))]
    labels = [label.text() for label in dialog.findChildren(type(page.quarantine_title))]
    assert f"'{UNKNOWN}'" in labels
    assert "Inzet: Instrument (deployment.instrument)" in labels
    assert "uwv-reintegratie-export versie 1" in labels
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled()  # a code must be chosen
    assert dialog.choose("WF")
    assert dialog.comment() == f"Waarde '{UNKNOWN}' toegevoegd als WF"
    assert ok.isEnabled() and dialog.reprocess_after()
    ok.click()
    wait_idle(qtbot, window)

    # a new mapping version with the comment
    versions = mapping_store.list_versions(db, "uwv-reintegratie-export")
    assert [v.version for v in versions] == ["1", "2"]
    assert versions[-1].comment == f"Waarde '{UNKNOWN}' toegevoegd als WF"
    assert f'from="{UNKNOWN}"' in versions[-1].text
    assert "opgeslagen als versie 2" in page.quarantine_note.text()

    # reprocessing that reason is offered at once: the expected outcome first, nothing stored
    confirm = panel.dialog
    assert confirm is not None and confirm.isVisible()
    expected = confirm.model.rows
    assert [(o.batch, o.stored, o.quarantined) for o in expected] == [(first_batch, 3, 0)]
    assert "uwv-reintegratie-export v2" in _cells(confirm.model, 2)
    assert confirm.summary.text() == "3 records zouden worden opgeslagen; nog in quarantaine: 0."
    with db.session() as session:
        assert (
            session.scalars(select(DeploymentRow).where(DeploymentRow.reference == DOSSIER)).all()
            == []
        )
        assert session.scalar(select(ImportBatchRow.id).order_by(ImportBatchRow.id.desc())) == (
            first_batch
        )
    confirm.run_button.click()
    operation = panel.operation
    assert operation is not None and operation.long_running
    wait_idle(qtbot, window, timeout=20000)
    assert panel.operation is None and panel.progress.isHidden()

    # the records are stored now, the reason's quarantine is empty
    with db.session() as session:
        deployment = session.scalars(
            select(DeploymentRow).where(DeploymentRow.reference == DOSSIER)
        ).one()
        assert deployment.instrument == "WF"
        left = session.scalars(
            select(SourceRecordRow).where(SourceRecordRow.status == "quarantined")
        ).all()
        assert left == []
    assert page.outcome_tabs.currentIndex() == 0
    assert outcome.index(0, 1).data(DISPLAY) == "Opnieuw verwerkt"
    assert (outcome.index(0, 2).data(DISPLAY), outcome.index(0, 3).data(DISPLAY)) == ("3", "3")
    assert outcome.index(0, 6).data(DISPLAY) == "0"
    assert "3 opgeslagen, 0 nog in quarantaine" in panel.banner.text()

    # the new batch with its provenance
    batches = page.batch_model
    assert batches.rowCount() == 2
    newest = batches.row(0)
    assert newest.id != first_batch and newest.reprocessed_batch == first_batch
    assert batches.index(0, 2).data(DISPLAY) == f"herverwerking van batch {first_batch}"
    assert batches.index(0, 5).data(DISPLAY) == "uwv-reintegratie-export v2"
    assert batches.index(1, 2).data(DISPLAY) == ""
    assert batches.index(1, 5).data(DISPLAY) == "uwv-reintegratie-export v1"

    # a file added now is recognised with the version the import would use
    again = _uwv_export(samples, tmp_path / "uwv-export-2.xlsx")
    page.add_files([again])
    wait_idle(qtbot, window)
    assert page.pending_model.index(0, 1).data(DISPLAY).endswith("(v2)")

    _show_quarantine(qtbot, window, page)
    assert panel.model.rowCount() == 0
    assert tabs.tabText(tabs.indexOf(panel)) == "Quarantaine"
    assert not panel.all_button.isEnabled()


def test_declining_the_expected_outcome_stores_nothing(
    qtbot: QtBot, window: MainWindow, page: ImportPage, samples: Path, tmp_path: Path
) -> None:
    db = window.ctx.db
    _import(qtbot, window, page, _uwv_export(samples, tmp_path / "uwv-export.xlsx"))
    _show_quarantine(qtbot, window, page)
    panel = page.quarantine_panel
    panel.view.selectRow(0)
    assert panel.batch_button.isEnabled() and panel.reason_button.isEnabled()
    panel.batch_button.click()
    wait_idle(qtbot, window)
    confirm = panel.dialog
    assert confirm is not None
    # nothing changed: the mapping does not know the value yet
    assert [(o.stored, o.quarantined) for o in confirm.model.rows] == [(0, 3)]
    assert REASON in confirm.model.rows[0].reasons
    assert (
        "De records in quarantaine van batch"
        in confirm.findChildren(type(page.quarantine_title))[0].text()
    )
    confirm.reject()
    wait_idle(qtbot, window)
    assert panel.dialog is None
    assert panel.banner.text() == "Er is niets opnieuw verwerkt."
    with db.session() as session:
        assert session.scalar(select(ImportBatchRow.id).order_by(ImportBatchRow.id.desc())) == 1
        statuses = session.scalars(
            select(SourceRecordRow.status).where(SourceRecordRow.status != "new")
        ).all()
        assert statuses == ["quarantined"] * 3


def test_reprocessing_without_a_fix_keeps_the_records_quarantined(
    qtbot: QtBot, window: MainWindow, page: ImportPage, samples: Path, tmp_path: Path
) -> None:
    _import(qtbot, window, page, _uwv_export(samples, tmp_path / "uwv-export.xlsx"))
    _show_quarantine(qtbot, window, page)
    panel = page.quarantine_panel
    assert panel.reprocess_all() is not None
    wait_idle(qtbot, window)
    assert panel.dialog is not None
    panel.dialog.run_button.click()
    wait_idle(qtbot, window, timeout=20000)
    # a run of its own; the records stand in its quarantine now, once
    assert page.outcome_model.index(0, 1).data(DISPLAY) == "Opnieuw verwerkt"
    assert page.outcome_model.index(0, 6).data(DISPLAY) == "3"
    _show_quarantine(qtbot, window, page)
    assert panel.model.rowCount() == 1
    assert panel.model.row(0).batch == 2 and panel.model.row(0).count == 3
    panel.view.selectRow(0)
    wait_idle(qtbot, window)
    assert page.quarantine_model.rowCount() == 3
    page.quarantine_view.selectRow(0)
    assert page.fix_button.isEnabled()  # the reason still carries its value


def test_a_reason_without_a_value_map_has_no_quick_fix(
    qtbot: QtBot, window: MainWindow, page: ImportPage, samples: Path, tmp_path: Path
) -> None:
    workbook = openpyxl.load_workbook(samples / "uwv-reintegratie-export.xlsx")
    workbook["Export"]["A2"] = "12345"  # not a BSN
    workbook.save(tmp_path / "uwv-bsn.xlsx")
    _import(qtbot, window, page, tmp_path / "uwv-bsn.xlsx")
    _show_quarantine(qtbot, window, page)
    page.quarantine_panel.view.selectRow(0)
    wait_idle(qtbot, window)
    page.quarantine_view.selectRow(0)
    line = page.quarantine_view.current_row()
    assert line is not None and "BSN" in line.message
    assert value_map_miss([line.error]) is None
    assert not page.fix_button.isEnabled()
    assert page.reprocess_line_button.isEnabled()
    assert page.fix_selected() is None


def test_value_map_miss_and_outcome_lines() -> None:
    from ketenkoppeling.importing import FileResult
    from ketenkoppeling.ui.quarantine import expected_outcomes, fix_comment

    note = {"message": "geboortedatum: datum '20080000' onvolledig", "level": "note"}
    plain = {"message": "ongeldig BSN", "field": "BSN"}
    miss = {"message": REASON, "target": "deployment.instrument", "value": UNKNOWN,
            "lookup": "instrument"}  # fmt: skip
    assert value_map_miss([note, plain]) is None
    found = value_map_miss([note, plain, miss])
    assert found is not None and (found.target, found.value, found.lookup) == (
        "deployment.instrument", UNKNOWN, "instrument",
    )  # fmt: skip
    assert found.target_text() == "Inzet: Instrument"
    assert value_map_miss([{**miss, "value": ""}]) is None
    assert fix_comment(UNKNOWN, "WF") == f"Waarde '{UNKNOWN}' toegevoegd als WF"
    result = FileResult(
        file="a.xlsx", status="reprocessed", mapping="m", mapping_version="3", read=5, new=2,
        unchanged=1, quarantined=2, errors=[miss, miss, plain], reprocessed_batch=4,
    )  # fmt: skip
    [line] = expected_outcomes([result])
    assert (line.batch, line.mapping, line.stored, line.quarantined) == (4, "m v3", 3, 2)
    assert line.reasons == f"{REASON} (2); ongeldig BSN (1)"


def test_cancel_reprocessing(
    qtbot: QtBot, window: MainWindow, page: ImportPage, samples: Path, tmp_path: Path
) -> None:
    import threading

    from ketenkoppeling.ui.workers import Operation

    _import(qtbot, window, page, _uwv_export(samples, tmp_path / "uwv-export.xlsx"))
    _show_quarantine(qtbot, window, page)
    panel = page.quarantine_panel
    panel.reprocess_all()
    wait_idle(qtbot, window)
    assert panel.dialog is not None
    release = threading.Event()
    window.ctx.run(Operation(lambda _job: release.wait(10)))  # the database lane is busy
    panel.dialog.run_button.click()
    assert panel.progress.isVisibleTo(panel) and not panel.all_button.isEnabled()
    panel.progress.cancel_button.click()
    release.set()
    wait_idle(qtbot, window)
    assert panel.operation is None and panel.all_button.isEnabled()
    assert panel.banner.text() == "Opnieuw verwerken is afgebroken; er is niets opgeslagen."
    with window.ctx.db.session() as session:
        assert session.scalars(select(ImportBatchRow.id)).all() == [1]
        assert (
            len(
                session.scalars(
                    select(SourceRecordRow).where(SourceRecordRow.status == "quarantined")
                ).all()
            )
            == 3
        )
