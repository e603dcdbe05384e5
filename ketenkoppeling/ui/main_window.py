"""The main window: a place per task chosen on the left, menus with the usual shortcuts,
and a status bar with the database and the user."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QWidget,
)

import ketenkoppeling
from ketenkoppeling.locations import RESOURCES
from ketenkoppeling.store import Database
from ketenkoppeling.ui import engine
from ketenkoppeling.ui.context import AppContext
from ketenkoppeling.ui.formatting import arg
from ketenkoppeling.ui.pages.accounting import AccountingPage
from ketenkoppeling.ui.pages.allocation import AllocationPage
from ketenkoppeling.ui.pages.base import Page
from ketenkoppeling.ui.pages.data import DataPage
from ketenkoppeling.ui.pages.findings import FindingsPage
from ketenkoppeling.ui.pages.importing import ImportPage
from ketenkoppeling.ui.pages.mappings import MappingsPage
from ketenkoppeling.ui.pages.reference import ReferencePage
from ketenkoppeling.ui.pages.settings import SettingsPage
from ketenkoppeling.ui.settings import AppSettings
from ketenkoppeling.ui.widgets import TableView
from ketenkoppeling.ui.workers import TaskManager

ICON = RESOURCES / "icons" / "ketenkoppeling.svg"

PLACES: tuple[type[Page], ...] = (
    ImportPage,
    DataPage,
    FindingsPage,
    AccountingPage,
    AllocationPage,
    MappingsPage,
    ReferencePage,
    SettingsPage,
)


def app_icon() -> QIcon:
    return QIcon(str(ICON)) if ICON.is_file() else QIcon()


class MainWindow(QMainWindow):
    def __init__(
        self,
        db: Database,
        settings: AppSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.setWindowTitle("Ketenkoppeling")
        self.setWindowIcon(app_icon())
        self.settings = settings if settings is not None else AppSettings()
        self.tasks = TaskManager(self)
        self.ctx = AppContext(db, self.settings, self.tasks, self)
        self.tasks.unhandled_failure.connect(self._show_failure)
        self.ctx.status_message.connect(lambda text: self.statusBar().showMessage(text, 15000))
        self.ctx.navigate.connect(self.show_place)
        self.ctx.user_changed.connect(lambda _user: self.update_user())

        self.pages: dict[str, Page] = {}
        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setSpacing(2)
        self.nav.setUniformItemSizes(True)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget(self)
        for number, page_class in enumerate(PLACES, start=1):
            page = page_class(self.ctx, self.stack)
            self.pages[page.key] = page
            self.stack.addWidget(page)
            item = QListWidgetItem(page.icon(), page.title())
            item.setData(Qt.ItemDataRole.UserRole, page.key)
            item.setToolTip(arg(self.tr("%1 (Ctrl+%2)"), page.title(), number))
            item.setSizeHint(QSize(0, 38))
            self.nav.addItem(item)
        widest = max(
            self.nav.fontMetrics().horizontalAdvance(p.title()) for p in self.pages.values()
        )
        self.nav.setFixedWidth(widest + self.nav.iconSize().width() + 44)
        self.nav.currentRowChanged.connect(self._on_nav)

        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self._return_to: str | None = None  # a place left by a drill step (Alt+Left returns)
        accounting = self.pages["accounting"]
        assert isinstance(accounting, AccountingPage)
        accounting.open_finding_requested.connect(self.open_finding)
        self._build_actions()
        self._build_menus()
        self._build_status_bar(db)
        self._restore()

    # --- places ---------------------------------------------------------------------------

    def page(self, key: str) -> Page:
        return self.pages[key]

    @property
    def current_page(self) -> Page:
        widget = self.stack.currentWidget()
        assert isinstance(widget, Page)
        return widget

    def show_place(self, key: str) -> None:
        keys = list(self.pages)
        if key in keys:
            self.nav.setCurrentRow(keys.index(key))

    def go_to(self, key: str) -> None:
        """Show a place and put the keyboard focus in it (Ctrl+1 … Ctrl+8)."""
        self.show_place(key)
        widget = self.pages[key].primary_widget()
        if widget is not None:
            widget.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _on_nav(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)
        page = self.current_page
        if page.key not in ("findings", "accounting"):
            self._return_to = None
        self.setWindowTitle(f"{page.title()} — Ketenkoppeling")
        page.activate()

    # --- actions and menus ----------------------------------------------------------------

    def _action(
        self,
        text: str,
        slot: Any,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        *,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.import_action = self._action(
            self.tr("&Import…"),
            self.import_files,
            "Ctrl+I",
            tip=self.tr("Choose files to import"),
        )
        self.load_reference_action = self._action(
            self.tr("Load &reference data…"), self.load_reference
        )
        self.export_reference_action = self._action(
            self.tr("&Export reference data…"), self.export_reference
        )
        self.quit_action = self._action(self.tr("E&xit"), self.close, "Ctrl+Q")
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.copy_action = self._action(self.tr("&Copy"), self.copy, QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.find_action = self._action(self.tr("&Search"), self.focus_search, "Ctrl+F")
        self.reveal_action = self._action(
            self.tr("Show &BSNs"), self._toggle_reveal, "Ctrl+Shift+B"
        )
        self.reveal_action.setCheckable(True)
        self.ctx.reveal_changed.connect(self.reveal_action.setChecked)
        self.refresh_action = self._action(
            self.tr("&Refresh"), lambda: self.current_page.refresh(), "Ctrl+R"
        )
        self.back_action = self._action(self.tr("&Back"), self.go_back, "Alt+Left")
        self.forward_action = self._action(self.tr("&Forward"), self.go_forward, "Alt+Right")
        self.place_actions: list[QAction] = []
        for number, (key, page) in enumerate(self.pages.items(), start=1):
            action = self._action(page.title(), lambda key=key: self.go_to(key), f"Ctrl+{number}")
            action.setIcon(page.icon())
            self.place_actions.append(action)
        self.check_action = self._action(self.tr("&Run checks"), self.run_checks, "F5")
        self.report_action = self._action(
            self.tr("&Report…"), lambda: self.accounting("report"), "Ctrl+Shift+R"
        )
        self.reconcile_action = self._action(
            self.tr("Re&conciliation…"), lambda: self.accounting("reconcile")
        )
        self.settle_action = self._action(
            self.tr("&Settlement…"), lambda: self.accounting("settle")
        )
        self.allocate_action = self._action(
            self.tr("&Allocation…"), lambda: self.show_place("allocation")
        )
        self.about_action = self._action(self.tr("&About Ketenkoppeling"), self.about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.shortcuts_action = self._action(
            self.tr("&Keyboard shortcuts"), self.show_shortcuts, "F1"
        )

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addAction(self.import_action)
        self.recent_menu = QMenu(self.tr("Recent &files"), self)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.load_reference_action)
        file_menu.addAction(self.export_reference_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = bar.addMenu(self.tr("&Edit"))
        edit_menu.addAction(self.copy_action)
        edit_menu.addAction(self.find_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.reveal_action)

        view_menu = bar.addMenu(self.tr("&View"))
        for action in self.place_actions:
            view_menu.addAction(action)
        view_menu.addSeparator()
        view_menu.addAction(self.back_action)
        view_menu.addAction(self.forward_action)
        view_menu.addAction(self.refresh_action)

        check_menu = bar.addMenu(self.tr("&Checks"))
        check_menu.addAction(self.check_action)
        check_menu.addAction(self.place_actions[2])

        accounting_menu = bar.addMenu(self.tr("&Accountability"))
        accounting_menu.addAction(self.report_action)
        accounting_menu.addAction(self.reconcile_action)
        accounting_menu.addAction(self.settle_action)
        accounting_menu.addAction(self.allocate_action)

        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.shortcuts_action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_files()
        if not recent:
            empty = self.recent_menu.addAction(self.tr("(no recent files)"))
            empty.setEnabled(False)
            return
        for number, path in enumerate(recent, start=1):
            label = f"&{number % 10} {path.name}" if number <= 10 else path.name
            action = self.recent_menu.addAction(label)
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _checked=False, p=path: self.open_recent(p))
        self.recent_menu.addSeparator()
        clear = self.recent_menu.addAction(self.tr("Clear list"))
        clear.triggered.connect(self.settings.clear_recent_files)

    def _build_status_bar(self, db: Database) -> None:
        status = self.statusBar()
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(120)
        self.busy_bar.setMaximumHeight(14)
        self.busy_bar.setVisible(False)
        self.tasks.busy_changed.connect(self.busy_bar.setVisible)
        self.database_label = QLabel(arg(self.tr("Database: %1"), db.describe()), self)
        self.database_label.setToolTip(db.describe())
        self.user_label = QLabel(arg(self.tr("User: %1"), self.settings.user), self)
        status.addPermanentWidget(self.busy_bar)
        status.addPermanentWidget(self.database_label)
        status.addPermanentWidget(self.user_label)

    def update_user(self) -> None:
        self.user_label.setText(arg(self.tr("User: %1"), self.settings.user))

    # --- commands -------------------------------------------------------------------------

    def _import_page(self) -> ImportPage:
        page = self.pages["import"]
        assert isinstance(page, ImportPage)
        return page

    def import_files(self) -> None:
        self.show_place("import")
        self._import_page().choose_files()

    def open_recent(self, path: Path) -> None:
        self.show_place("import")
        self._import_page().add_files([path])

    def _reference_page(self) -> ReferencePage:
        page = self.pages["reference"]
        assert isinstance(page, ReferencePage)
        return page

    def load_reference(self) -> None:
        self.show_place("reference")
        self._reference_page().choose_and_load()

    def export_reference(self) -> None:
        self._reference_page().choose_and_export()

    def run_checks(self) -> None:
        self.show_place("findings")
        page = self.pages["findings"]
        assert isinstance(page, FindingsPage)
        page.run_checks()

    def accounting(self, what: str) -> None:
        self.show_place("accounting")
        page = self.pages["accounting"]
        assert isinstance(page, AccountingPage)
        page.start(what)

    def open_finding(self, finding_id: int) -> None:
        """Show a finding in Signaleringen (a reservation opened); Alt+Left returns."""
        page = self.pages["findings"]
        assert isinstance(page, FindingsPage)
        self._return_to = self.current_page.key
        select = getattr(page, "select_finding", None)
        self.show_place("findings")
        if callable(select):
            select(finding_id)
            return
        page.filter.clear()
        page._select_after_refresh = finding_id
        if page.status not in ("open", "all"):
            page.set_status("open")
        page.refresh()

    def go_back(self) -> None:
        """Alt+Left: the previous drill step (from a finding opened there: back to it)."""
        if self.current_page.key != self._return_to and self._return_to is not None:
            key, self._return_to = self._return_to, None
            self.show_place(key)
            back = getattr(self.pages[key], "go_back", None)
        else:
            back = getattr(self.current_page, "go_back", None)
        if callable(back):
            back()

    def go_forward(self) -> None:
        forward = getattr(self.current_page, "go_forward", None)
        if callable(forward):
            forward()

    def copy(self) -> None:
        widget = QApplication.focusWidget()
        if isinstance(widget, TableView):
            widget.copy_selection()

    def _toggle_reveal(self) -> None:
        self.ctx.set_reveal_bsn(self.reveal_action.isChecked())

    def focus_search(self) -> None:
        self.current_page.focus_search()

    def about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Ketenkoppeling"),
            arg(
                self.tr(
                    "<h3>Ketenkoppeling %1</h3>"
                    "<p>Links the registrations of the partners in the chain of work and "
                    "income, and accounts for their re-integration budgets.</p>"
                    "<p>Database: %2<br>User: %3</p>"
                    "<p>Licence: EUPL-1.2</p>"
                ),
                getattr(ketenkoppeling, "__version__", "0.1.0"),
                self.ctx.db.describe(),
                self.settings.user,
            ),
        )

    def show_shortcuts(self) -> None:
        rows = [
            (action.shortcut().toString(QKeySequence.SequenceFormat.NativeText), action.text())
            for action in self.actions()
            if not action.shortcut().isEmpty()
        ]
        lines = "".join(
            f"<tr><td><b>{keys}</b></td><td>&nbsp;&nbsp;{text.replace('&', '')}</td></tr>"
            for keys, text in rows
        )
        QMessageBox.information(self, self.tr("Keyboard shortcuts"), f"<table>{lines}</table>")

    def _show_failure(self, exc: BaseException) -> None:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(self.tr("Something went wrong"))
        box.setText(engine.error_message(exc))
        box.setInformativeText(
            self.tr("The work was stopped; the database is as it was before it started.")
        )
        box.setDetailedText(f"{type(exc).__name__}: {exc}")
        box.open()

    # --- window state ---------------------------------------------------------------------

    def _restore(self) -> None:
        geometry = self.settings.geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 800)
        state = self.settings.window_state()
        if state is not None:
            self.restoreState(state)
        keys = list(self.pages)
        last = self.settings.last_place
        self.nav.setCurrentRow(keys.index(last) if last in keys else keys.index("import"))

    def save_state(self) -> None:
        self.settings.last_place = self.current_page.key
        self.settings.save_window(self.saveGeometry(), self.saveState())

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.tasks.running_user_work:
            answer = QMessageBox.question(
                self,
                self.tr("Work in progress"),
                self.tr("Work is still running. Stop it and close Ketenkoppeling?"),
            )
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        self.save_state()
        self.tasks.shutdown()
        event.accept()
