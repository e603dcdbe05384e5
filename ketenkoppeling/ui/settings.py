"""What the application remembers between sessions, in QSettings (organisation
'Ketenkoppeling'): language, user name, database, recent files, window state, last place."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from ketenkoppeling.store.database import current_user
from ketenkoppeling.ui.translation import choose_language

ORGANISATION = "Ketenkoppeling"
APPLICATION = "Ketenkoppeling"
MAX_RECENT = 10


def open_settings() -> QSettings:
    """The settings store: an INI file in the user's configuration directory on every
    platform (tests point ``QSettings.setPath(IniFormat, UserScope, …)`` at a temporary one)."""
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION
    )


class AppSettings:
    """Typed access to the settings; every getter has a sensible default."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self.qsettings = settings if settings is not None else open_settings()

    # --- plain values ---------------------------------------------------------------------

    def _text(self, key: str, default: str = "") -> str:
        value = self.qsettings.value(key)
        return value if isinstance(value, str) else default

    def _set(self, key: str, value: object) -> None:
        self.qsettings.setValue(key, value)
        self.qsettings.sync()

    @property
    def language(self) -> str:
        return choose_language(self.qsettings.value("language"))

    @language.setter
    def language(self, value: str) -> None:
        self._set("language", value)

    @property
    def has_language(self) -> bool:
        return self.qsettings.contains("language")

    @property
    def user(self) -> str:
        return self._text("user").strip() or current_user()

    @user.setter
    def user(self, value: str) -> None:
        self._set("user", value.strip())

    @property
    def database(self) -> str:
        """The database chosen in Instellingen ('' means the default one)."""
        return self._text("database")

    @database.setter
    def database(self, value: str) -> None:
        self._set("database", value.strip())

    @property
    def last_place(self) -> str:
        return self._text("window/place")

    @last_place.setter
    def last_place(self, value: str) -> None:
        self._set("window/place", value)

    def last_directory(self, purpose: str) -> str:
        return self._text(f"directories/{purpose}", str(Path.home()))

    def set_last_directory(self, purpose: str, path: Path) -> None:
        directory = path if path.is_dir() else path.parent
        self._set(f"directories/{purpose}", str(directory))

    # --- window state ---------------------------------------------------------------------

    def geometry(self) -> QByteArray | None:
        value = self.qsettings.value("window/geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def window_state(self) -> QByteArray | None:
        value = self.qsettings.value("window/state")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self.qsettings.setValue("window/geometry", geometry)
        self.qsettings.setValue("window/state", state)
        self.qsettings.sync()

    # --- recent files ---------------------------------------------------------------------

    def recent_files(self) -> list[Path]:
        value = self.qsettings.value("recent/files")
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            return []
        return [Path(v) for v in value if isinstance(v, str) and v]

    def add_recent_files(self, paths: list[Path]) -> None:
        recent = [str(p) for p in paths]
        for old in self.recent_files():
            if str(old) not in recent:
                recent.append(str(old))
        self._set("recent/files", recent[:MAX_RECENT])

    def clear_recent_files(self) -> None:
        self._set("recent/files", [])
