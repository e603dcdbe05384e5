"""Instellingen: the database, the language and the user name."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStyle,
    QWidget,
)

from ketenkoppeling.store.database import current_user, default_database_url
from ketenkoppeling.ui.context import AppContext
from ketenkoppeling.ui.dialogs import choose_save_file
from ketenkoppeling.ui.formatting import arg
from ketenkoppeling.ui.pages.base import Page
from ketenkoppeling.ui.retention_box import RetentionBox
from ketenkoppeling.ui.users_box import UsersBox
from ketenkoppeling.ui.widgets import hint


class SettingsPage(Page):
    key = "settings"
    icon_name = QStyle.StandardPixmap.SP_FileDialogDetailedView

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.add_header(self.tr("Where the data is kept, the language, who you are."))

        database = QGroupBox(self.tr("Database"), self)
        form = QFormLayout(database)
        self.current_database = QLabel(ctx.db.describe(), database)
        self.current_database.setWordWrap(True)
        form.addRow(self.tr("In use:"), self.current_database)
        row = QHBoxLayout()
        self.database_edit = QLineEdit(ctx.settings.database, database)
        self.database_edit.setPlaceholderText(
            arg(self.tr("default: %1"), _describe(default_database_url()))
        )
        self.database_edit.setToolTip(
            self.tr(
                "A SQLite file, or a database URL such as "
                "postgresql+psycopg://user@server/keten for a shared team database"
            )
        )
        self.database_edit.editingFinished.connect(self._save_database)
        choose = QPushButton(self.tr("Choose file…"), database)
        choose.clicked.connect(self._choose_database)
        row.addWidget(self.database_edit, 1)
        row.addWidget(choose)
        form.addRow(self.tr("Next start:"), row)
        form.addRow(
            "", hint(self.tr("A change of database takes effect when you restart."), database)
        )
        self.layout_.addWidget(database)

        general = QGroupBox(self.tr("General"), self)
        general_form = QFormLayout(general)
        self.language_combo = QComboBox(general)
        self.language_combo.addItem("Nederlands", "nl")
        self.language_combo.addItem("English", "en")
        self.language_combo.setCurrentIndex(0 if ctx.settings.language == "nl" else 1)
        self.language_combo.currentIndexChanged.connect(self._save_language)
        general_form.addRow(self.tr("Language:"), self.language_combo)
        self.language_note = hint(self.tr("The language changes when you restart."), general)
        general_form.addRow("", self.language_note)
        self.user_edit = QLineEdit(ctx.settings.user, general)
        self.user_edit.setPlaceholderText(current_user())
        self.user_edit.setToolTip(
            self.tr("Recorded with every import, resolution and change in the audit log")
        )
        self.user_edit.editingFinished.connect(self._save_user)
        general_form.addRow(self.tr("User name:"), self.user_edit)
        self.layout_.addWidget(general)
        self.retention = RetentionBox(ctx, self)  # the retention period (issue 11)
        self.layout_.addWidget(self.retention)
        self.users = UsersBox(ctx, self)  # who you are; users and roles (issue 11)
        self.layout_.addWidget(self.users)

        about = QGroupBox(self.tr("Where things are"), self)
        about_form = QFormLayout(about)
        settings_file = QLabel(ctx.settings.qsettings.fileName(), about)
        settings_file.setWordWrap(True)
        about_form.addRow(self.tr("Settings file:"), settings_file)
        self.layout_.addWidget(about)
        self.layout_.addStretch(1)
        for box in (database, general, about):
            box.setMaximumWidth(820)
        self.language_combo.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def title(self) -> str:
        return self.tr("Settings")

    def primary_widget(self) -> QWidget | None:
        return self.user_edit

    def _save_database(self) -> None:
        self.ctx.settings.database = self.database_edit.text()
        if self.database_edit.text().strip():
            self.ctx.tell(self.tr("The database is used from the next start."))

    def _choose_database(self) -> None:
        path = choose_save_file(
            self,
            self.ctx.settings,
            "database",
            self.tr("Choose the database file"),
            self.tr("SQLite database (*.sqlite *.db);;All files (*)"),
            "",
            confirm_overwrite=False,  # an existing database is opened, not overwritten
        )
        if path is not None:
            self.database_edit.setText(str(path))
            self._save_database()

    def _save_language(self, _index: int) -> None:
        self.ctx.settings.language = str(self.language_combo.currentData())
        self.ctx.tell(self.tr("The language changes when you restart."))

    def _save_user(self) -> None:
        text = self.user_edit.text().strip()
        if text and text != self.ctx.settings.user:
            self.ctx.set_user(text)
            self.ctx.tell(arg(self.tr("From now on you work as %1."), text))


def _describe(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
