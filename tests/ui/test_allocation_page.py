"""Verdeelsleutels in the window: a key built through the form (one rule of each kind),
validation while typing, saving with versions and a conflict, the template, TOML export."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from ketenkoppeling.accounting.allocation import parse_key
from ketenkoppeling.accounting.allocation_store import list_versions, save_key_version
from ketenkoppeling.ui.allocation_rule import RuleForm
from ketenkoppeling.ui.allocation_versions import KeyDiffDialog
from ketenkoppeling.ui.main_window import MainWindow
from ketenkoppeling.ui.pages import allocation as allocation_page
from ketenkoppeling.ui.pages.allocation import AllocationPage
from tests.ui.conftest import wait_idle

DISPLAY = Qt.ItemDataRole.DisplayRole


def open_page(qtbot: QtBot, window: MainWindow) -> AllocationPage:
    window.show_place("allocation")
    wait_idle(qtbot, window)
    page = window.page("allocation")
    assert isinstance(page, AllocationPage)
    return page


def choose_partner(form: RuleForm, code: str) -> None:
    index = form.partner.findData(code)
    assert index > 0, code
    form.partner.setCurrentIndex(index)


def shown(note: Any) -> str:
    return "" if note.isHidden() else str(note.text())


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []
    monkeypatch.setattr(
        allocation_page, "show_error", lambda _parent, title, message: seen.append((title, message))
    )
    return seen


def build_key(qtbot: QtBot, page: AllocationPage) -> None:
    """Zaalhuur 2010: € 12.000,00 rent; UWV € 1.000,50 fixed, Zandvoort 10 %, Haarlem and
    the IASZ 25,5 % by caseload 30:10, the remainder to the work company."""
    page.new_key()
    editor = page.editor
    qtbot.keyClicks(editor.name, "Zaalhuur")
    editor.costs.item(0, 0).setText("2010")
    editor.costs.item(0, 1).setText("Huur")
    editor.costs.item(0, 2).setText("12.000,00")
    [remainder] = editor.rule_forms
    choose_partner(remainder, "WERKBEDRIJF")

    fixed = editor.add_rule("fixed")
    choose_partner(fixed, "UWV")
    qtbot.keyClicks(fixed.amount, "1.000,505")
    assert shown(fixed.amount_note) == "'1.000,505' heeft meer dan 2 decimalen"
    assert not editor.valid and not page.save_button.isEnabled()
    qtbot.keyClick(fixed.amount, Qt.Key.Key_Backspace)
    assert shown(fixed.amount_note) == ""

    percentage = editor.add_rule("percentage")
    choose_partner(percentage, "GEM-0473")
    percentage.percentage.setValue(10)

    caseload = editor.add_rule("caseload")
    caseload.percentage.setValue(25.5)
    for row in range(caseload.group.count()):
        item = caseload.group.item(row)
        if item.text() in ("GEM-0392", "IASZ"):
            item.setCheckState(Qt.CheckState.Checked)
    caseload.use_counts.setChecked(True)
    assert [caseload.counts.item(r, 0).text() for r in range(2)] == ["GEM-0392", "IASZ"]
    caseload.counts.item(0, 1).setText("30")
    caseload.counts.item(1, 1).setText("10")
    assert editor.problems == []


def test_key_built_in_the_form_saved_with_versions(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
    errors: list[tuple[str, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = open_page(qtbot, window)
    build_key(qtbot, page)
    editor = page.editor
    key = parse_key(page.current_text)
    assert [r.kind for r in key.rules] == ["remainder", "fixed", "percentage", "caseload"]
    assert key.rules[1].amount == Decimal("1000.50")
    assert key.rules[3].counts == {"GEM-0392": 30, "IASZ": 10}

    # the preview follows the edits, in the background
    qtbot.waitUntil(lambda: page.shares_model.rowCount() == 5, timeout=5000)
    shares = {
        page.shares_model.index(r, 1).data(DISPLAY): page.shares_model.index(r, 5).data(DISPLAY)
        for r in range(5)
    }
    # 25,5 % of 12.000 = 3.060 split 30:10 → 2.295 and 765; rest 12.000 − 1.000,50 − 1.200 − 3.060
    assert shares == {
        "UWV": "€ 1.000,50",
        "GEM-0473": "€ 1.200,00",
        "GEM-0392": "€ 2.295,00",
        "IASZ": "€ 765,00",
        "WERKBEDRIJF": "€ 6.739,50",
    }

    # a percentage that brings the year above 100 % is flagged by the rules it concerns
    percentage = editor.rule_forms[2]
    percentage.percentage.setValue(80)
    assert (
        shown(percentage.kind_note) == "percentages tellen op tot 105,5 % in 2010, meer dan 100 %"
    )
    assert "105,5 %" in shown(editor.rule_forms[3].kind_note)
    assert shown(editor.rule_forms[1].kind_note) == ""
    assert page.shares_model.rowCount() == 0 and not page.export_button.isEnabled()
    percentage.percentage.setValue(10)
    assert shown(percentage.kind_note) == ""

    # save: version 1, then version 2
    assert page.save("eerste opzet") is not None
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: page.versions.model.rowCount() == 1, timeout=5000)
    assert page.keys_model.rowCount() == 1 and page.base_version == 1
    editor.rule_forms[2].percentage.setValue(12)
    assert page.save("Zandvoort 12 %") is not None
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: page.versions.model.rowCount() == 2, timeout=5000)
    assert errors == []
    newest = page.versions.model.index(0, 0)
    assert newest.data(DISPLAY) == "2"
    assert page.versions.model.index(0, 2).data(DISPLAY) == window.ctx.user
    assert page.versions.model.index(0, 1).data(DISPLAY) == "Zandvoort 12 %"
    assert page.base_version == 2 and "Zaalhuur" in page.banner.text()

    # compare the two versions, and open the first one in the form
    page.versions.view.selectRow(1)
    pair = page.versions.comparison()
    assert pair is not None and (pair[0].version, pair[1].version) == (1, 2)
    dialog = KeyDiffDialog(*pair)
    assert '-percentage = "10"' in dialog.text.toPlainText()
    assert '+percentage = "12"' in dialog.text.toPlainText()
    dialog.deleteLater()
    page.versions.open_selected()
    assert editor.rule_forms[2].percentage.value() == 10
    assert page.dirty and page.base_version == 2

    # someone else saves meanwhile: refused, named, nothing overwritten
    db = window.ctx.db
    with db.session() as session:
        save_key_version(
            session, page.current_text.replace('"10"', '"11"'), user="bram", expected=2
        )
    assert page.save("terug naar 10 %") is not None
    wait_idle(qtbot, window)
    [(title, message)] = errors
    assert title == "Iemand anders heeft deze sleutel opgeslagen"
    assert "gewijzigd door bram" in message and "niets overschreven" in message
    assert "bram" in page.banner.text()
    with db.session() as session:
        assert [v.author for v in list_versions(session, "Zaalhuur")][-1] == "bram"

    # unsaved edits are not thrown away without asking
    answers: list[QMessageBox.StandardButton] = [QMessageBox.StandardButton.No]
    monkeypatch.setattr(allocation_page.QMessageBox, "question", lambda *_args: answers.pop(0))
    page.new_key()
    assert editor.name.text() == "Zaalhuur" and page.dirty
    # TOML export of the key in the form
    target = tmp_path / "zaalhuur.toml"
    assert page.export_toml(target)
    assert parse_key(target.read_text(encoding="utf-8")).rules == parse_key(page.current_text).rules
    answers.append(QMessageBox.StandardButton.Yes)
    page.new_key()
    assert editor.name.text() == "" and answers == []


def test_template_fills_the_cost_sharing_key(
    qtbot: QtBot, window: MainWindow, errors: list[tuple[str, str]]
) -> None:
    page = open_page(qtbot, window)
    page.apply_template()
    editor = page.editor
    assert editor.name.text() == "Projectkosten voorbeeld"
    assert editor.costs.rowCount() == 2
    assert editor.costs.item(0, 2).text() == "60.000,00"
    kinds = [form.kind_value() for form in editor.rule_forms]
    assert kinds == ["fixed", "percentage", "caseload", "remainder"]
    fixed, percentage, caseload, remainder = editor.rule_forms
    assert fixed.partner.currentData() == "CWI" and fixed.amount.text() == "5.000,00"
    assert fixed.years.text() == "2009"
    assert percentage.partner.currentData() == "GEM-0473"
    assert percentage.percentage.value() == 4.5
    assert caseload.group_partners() == ["GEM-0392", "IASZ"]
    assert caseload.reference_date.date().toString("yyyy-MM-dd") == "2009-01-01"
    assert remainder.partner.currentData() == "WERKBEDRIJF"
    assert editor.valid and page.save_button.isEnabled()
    assert page.save("sjabloon") is not None
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: page.keys_model.rowCount() == 1, timeout=5000)
    assert errors == []
    assert page.keys_model.index(0, 0).data(DISPLAY) == "Projectkosten voorbeeld"


def test_loaded_toml_key_fills_the_form(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    from tests.accounting.test_allocation import EXAMPLE

    page = open_page(qtbot, window)
    source = tmp_path / "project.toml"
    source.write_text(EXAMPLE.replace('"4.5"', '"4.125"'), encoding="utf-8")
    assert page.load_file(source) is not None
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: len(page.editor.rule_forms) == 4, timeout=5000)
    assert page.editor.rule_forms[2].use_counts.isChecked()
    # the form keeps every decimal of a percentage: what it writes is the key it read
    assert parse_key(page.editor.draft().to_toml()).rules == parse_key(source.read_bytes()).rules
    assert page.versions.model.index(0, 1).data(DISPLAY) == "Ingelezen uit project.toml"
