"""Starting the desktop application."""

from __future__ import annotations

import gc
import os
import sys

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from ketenkoppeling.store import Database, open_database
from ketenkoppeling.store.database import ENV_DB
from ketenkoppeling.ui.main_window import MainWindow, app_icon
from ketenkoppeling.ui.settings import APPLICATION, ORGANISATION, AppSettings
from ketenkoppeling.ui.translation import install_translations


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (the existing one when there is one, as under pytest-qt)."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("Ketenkoppeling")
    app.setWindowIcon(app_icon())
    return app


def run_gui(db_url: str | None) -> int:
    """Open the main window on ``db_url`` (a SQLAlchemy URL or a SQLite path; None: the
    database chosen in Instellingen, else the default one) and run until it is closed."""
    app = create_application()
    settings = AppSettings()
    install_translations(app, settings.language)
    url = db_url or settings.database or None
    try:
        db = open_database(url)
    except Exception as exc:
        QMessageBox.critical(
            None,
            QCoreApplication.translate("Application", "Ketenkoppeling"),
            QCoreApplication.translate(
                "Application", "The database could not be opened:\n\n%1"
            ).replace("%1", str(exc)),
        )
        return 1
    if url is None and not os.environ.get(ENV_DB):
        _offer_demo_region(db)
    try:
        window = MainWindow(db, settings)
        window.show()
        set_aside_what_lives()
        return app.exec()
    finally:
        db.dispose()


def set_aside_what_lives() -> None:
    """What lives once the window is shown (Qt's bindings, the libraries, the window) lives
    as long as the application: the collector's full passes need not walk it (each one a
    pause of the window of up to a tenth of a second)."""
    gc.freeze()


def _offer_demo_region(db: Database) -> None:
    """On the embedded database's first start, fill it with the demo region (a few seconds),
    so that a new user sees a working product. Any failure leaves an empty database."""
    from ketenkoppeling.demo_region import is_empty, load_demo_region

    if not is_empty(db):
        return
    dialog = QProgressDialog(
        QCoreApplication.translate("Application", "Loading the demo region…"), "", 0, 0
    )
    dialog.setWindowTitle(QCoreApplication.translate("Application", "Ketenkoppeling"))
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    dialog.show()

    def say(text: str) -> None:
        dialog.setLabelText(text)
        QApplication.processEvents()

    try:
        load_demo_region(db, progress=say)
    except Exception as exc:  # the demo is a convenience, never a blocker
        QMessageBox.warning(
            None,
            QCoreApplication.translate("Application", "Ketenkoppeling"),
            QCoreApplication.translate(
                "Application", "The demo region could not be loaded:\n\n%1"
            ).replace("%1", str(exc)),
        )
    finally:
        dialog.close()


def main() -> int:
    return run_gui(sys.argv[1] if len(sys.argv) > 1 else None)


if __name__ == "__main__":
    raise SystemExit(main())
