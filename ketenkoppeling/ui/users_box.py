"""Users and roles on the Settings page: who you are and with which role; a functional
administrator also sees the users of the database and adds, changes and switches them off
(ketenkoppeling.access; on PostgreSQL each user is a database login of their own)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from ketenkoppeling.access import (
    Access,
    Role,
    User,
    add_user,
    change_user,
    current_access,
    deactivate_user,
    list_users,
)
from ketenkoppeling.store.tables import PartnerRow
from ketenkoppeling.ui import engine
from ketenkoppeling.ui.context import AppContext
from ketenkoppeling.ui.formatting import arg
from ketenkoppeling.ui.widgets import hint
from ketenkoppeling.ui.workers import Operation


def role_label(role: Role) -> str:
    labels = {
        Role.BACKOFFICE: QCoreApplication.translate("UsersBox", "back office"),
        Role.CONTROLLER: QCoreApplication.translate("UsersBox", "controller"),
        Role.BEHEERDER: QCoreApplication.translate("UsersBox", "functional administrator"),
    }
    return labels[role]


class UserDialog(QDialog):
    """Add a user, or change one (``user`` given): login, name, role, partner."""

    def __init__(
        self,
        partners: list[str],
        user: User | None = None,
        *,
        postgres: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Change user") if user else self.tr("Add user"))
        form = QFormLayout(self)
        self.login = QLineEdit(user.login if user else "", self)
        self.login.setReadOnly(user is not None)
        self.login.setToolTip(self.tr("The login name; on PostgreSQL the database login"))
        form.addRow(self.tr("Login:"), self.login)
        self.name = QLineEdit(user.name if user else "", self)
        form.addRow(self.tr("Name:"), self.name)
        self.role = QComboBox(self)
        for role in Role:
            self.role.addItem(role_label(role), role.value)
        if user is not None:
            self.role.setCurrentIndex(self.role.findData(user.role.value))
        form.addRow(self.tr("Role:"), self.role)
        self.partner = QComboBox(self)
        self.partner.setEditable(not partners)
        self.partner.addItems(partners)
        if user is not None:
            self.partner.setCurrentText(user.partner)
        form.addRow(self.tr("Partner:"), self.partner)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setToolTip(self.tr("Password of the new database login"))
        if postgres and user is None:
            form.addRow(self.tr("Password:"), self.password)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, Any]:
        return {
            "login": self.login.text().strip(),
            "name": self.name.text().strip(),
            "role": Role(str(self.role.currentData())),
            "partner": self.partner.currentText().strip(),
            "password": self.password.text() or None,
        }


class UsersBox(QGroupBox):
    COLUMNS = 5

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setTitle(self.tr("Users and roles"))
        self.access: Access | None = None
        self.users: list[User] = []
        layout = QVBoxLayout(self)
        self.who = QLabel(self)
        self.who.setWordWrap(True)
        layout.addWidget(self.who)
        self.note = hint(
            self.tr(
                "Only a functional administrator changes mappings, reference data and users. "
                "A controller sees the ledgers of their own partner only."
            ),
            self,
        )
        layout.addWidget(self.note)
        self.table = QTableWidget(0, self.COLUMNS, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Login"), self.tr("Name"), self.tr("Role"), self.tr("Partner"),
             self.tr("Active")]
        )  # fmt: skip
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.setMinimumHeight(110)
        self.table.setMaximumHeight(180)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add user…"), self)
        self.add_button.clicked.connect(lambda: self.add())
        self.change_button = QPushButton(self.tr("Change…"), self)
        self.change_button.clicked.connect(lambda: self.change())
        self.deactivate_button = QPushButton(self.tr("Switch off"), self)
        self.deactivate_button.clicked.connect(lambda: self.deactivate())
        for button in (self.add_button, self.change_button, self.deactivate_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.setMaximumWidth(820)
        self.load()

    # --- showing --------------------------------------------------------------------------

    def load(self) -> None:
        """Who you are and, for an administrator, the users (a few rows: read directly)."""
        self.access = current_access(self.ctx.db)
        admin = self.access.has(Role.BEHEERDER)
        self.users = list_users(self.ctx.db) if admin else []
        roles = ", ".join(role_label(r) for r in Role if r in self.access.roles)
        if not roles:
            text = arg(self.tr("You (%1) have no role in this database."), self.access.login)
        elif self.access.partner:
            text = arg(
                self.tr("You are %1: %2 of %3."), self.access.login, roles, self.access.partner
            )
        else:
            text = arg(self.tr("You are %1: %2."), self.access.login, roles)
        if self.access.every_role and not self.users:
            text += " " + self.tr("No users are set up yet, so you have every role.")
        self.who.setText(text)
        self.table.setRowCount(len(self.users))
        for row, user in enumerate(self.users):
            values = [user.login, user.name, role_label(user.role), user.partner,
                      self.tr("yes") if user.active else self.tr("no")]  # fmt: skip
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()
        for widget in (self.table, self.add_button, self.change_button, self.deactivate_button):
            widget.setVisible(admin)
        self._update_buttons()

    def selected(self) -> User | None:
        rows = {index.row() for index in self.table.selectedIndexes()}
        return self.users[rows.pop()] if len(rows) == 1 else None

    def _update_buttons(self) -> None:
        user = self.selected()
        self.change_button.setEnabled(user is not None)
        self.deactivate_button.setEnabled(user is not None and user.active)

    # --- changing -------------------------------------------------------------------------

    def _partners(self) -> list[str]:
        with self.ctx.db.session() as session:
            return list(session.scalars(select(PartnerRow.code).order_by(PartnerRow.code)))

    def _dialog(self, user: User | None) -> UserDialog:
        postgres = self.ctx.db.engine.dialect.name == "postgresql"
        return UserDialog(self._partners(), user, postgres=postgres, parent=self)

    def add(self, values: dict[str, Any] | None = None) -> Operation[Any] | None:
        if values is None:
            dialog = self._dialog(None)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            values = dialog.values()
        db, user, v = self.ctx.db, self.ctx.user, values
        return self._run(
            lambda _job: add_user(
                db, v["login"], role=v["role"], partner=v["partner"], name=v["name"],
                password=v.get("password"), user=user,
            ),
            self.tr("User %1 added."),
        )  # fmt: skip

    def change(self, values: dict[str, Any] | None = None) -> Operation[Any] | None:
        chosen = self.selected()
        if values is None:
            if chosen is None:
                return None
            dialog = self._dialog(chosen)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            values = dialog.values()
        db, user, v = self.ctx.db, self.ctx.user, values
        return self._run(
            lambda _job: change_user(
                db, v["login"], role=v["role"], partner=v["partner"], name=v["name"], user=user
            ),
            self.tr("User %1 changed."),
        )

    def deactivate(self) -> Operation[Any] | None:
        chosen = self.selected()
        if chosen is None:
            return None
        db, user, login = self.ctx.db, self.ctx.user, chosen.login
        return self._run(
            lambda _job: deactivate_user(db, login, user=user), self.tr("User %1 switched off.")
        )

    def _run(self, work: Any, message: str) -> Operation[Any]:
        def done(changed: User) -> None:
            self.load()
            self.ctx.tell(arg(message, changed.login))

        def failed(exc: BaseException) -> None:
            text = arg(self.tr("Not changed: %1"), engine.error_message(exc))
            self.who.setText(text)
            self.ctx.tell(text)

        return self.ctx.run(Operation(work, done, failed, label="users"))
