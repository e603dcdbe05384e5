"""Translations the Qt way, without generated binaries.

The interface is written with English source strings wrapped in ``self.tr()`` or
``QCoreApplication.translate()``. The Dutch texts live in a hand-maintained Qt Linguist file
(``resources/translations/ketenkoppeling_nl.ts``); :class:`TsTranslator` reads that XML directly
and answers Qt's lookups, so no ``.qm`` file has to be generated or kept in git.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator

from ketenkoppeling.locations import RESOURCES

TRANSLATIONS_DIR = RESOURCES / "translations"
LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"


def ts_path(language: str) -> Path:
    return TRANSLATIONS_DIR / f"ketenkoppeling_{language}.ts"


@dataclass(frozen=True)
class TsMessage:
    context: str
    source: str
    disambiguation: str
    forms: tuple[str, ...]  # one translation, or the plural forms of a numerus message
    numerus: bool
    finished: bool


def read_ts(path: Path) -> list[TsMessage]:
    """All messages of a Qt Linguist ``.ts`` file (no DTD, no entities are resolved)."""
    root = ET.parse(path).getroot()
    messages: list[TsMessage] = []
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            numerus = message.get("numerus") == "yes"
            if translation is None:
                forms: tuple[str, ...] = ()
                kind = "unfinished"
            else:
                kind = translation.get("type", "")
                if numerus:
                    forms = tuple(f.text or "" for f in translation.iter("numerusform"))
                else:
                    forms = (translation.text or "",)
            messages.append(
                TsMessage(
                    context=name,
                    source=message.findtext("source") or "",
                    disambiguation=message.findtext("comment") or "",
                    forms=forms,
                    numerus=numerus,
                    finished=kind not in ("unfinished", "obsolete", "vanished") and any(forms),
                )
            )
    return messages


def plural_form(language: str, n: int) -> int:
    """Index of the plural form for ``n`` (Dutch and English: singular for 1 only)."""
    return 0 if n == 1 else 1


class TsTranslator(QTranslator):
    """A QTranslator that reads a ``.ts`` file instead of a compiled ``.qm`` file."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._messages: dict[tuple[str, str, str], TsMessage] = {}
        self._language = ""
        self._path = ""

    def load_ts(self, path: Path) -> bool:
        if not path.is_file():
            return False
        root = ET.parse(path).getroot()
        self._language = (root.get("language") or "").split("_")[0]
        self._path = str(path)
        self._messages = {
            (m.context, m.source, m.disambiguation): m for m in read_ts(path) if m.finished
        }
        return bool(self._messages)

    def translate(
        self,
        context: str,
        sourceText: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        message = self._messages.get((context, sourceText, disambiguation or ""))
        if message is None:
            # None (a null QString) tells Qt that this translator has no translation, so Qt
            # asks the next translator and PySide's tr() tries the base classes' contexts. An
            # empty string would be taken as the translation.
            return None
        if message.numerus and n >= 0:
            index = min(plural_form(self._language, n), len(message.forms) - 1)
            return message.forms[index]
        return message.forms[0]

    def isEmpty(self) -> bool:
        return not self._messages

    def language(self) -> str:
        return self._language

    def filePath(self) -> str:
        return self._path


def choose_language(setting: object) -> str:
    """The interface language: the setting when it names one we have, otherwise Dutch.

    Dutch is the product's default: a Dutch system locale and a missing setting both give
    Dutch; only an explicit ``en`` gives English.
    """
    if isinstance(setting, str) and setting in LANGUAGES:
        return setting
    return DEFAULT_LANGUAGE


def install_translations(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install our translator and Qt's own (for standard dialogs) for ``language``.

    Also sets the default locale, so numbers and dates in Qt widgets read Dutch.
    """
    installed: list[QTranslator] = []
    if language == "nl":
        QLocale.setDefault(QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands))
        qt_translator = QTranslator(app)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt_translator.load("qtbase_nl", qt_dir):
            app.installTranslator(qt_translator)
            installed.append(qt_translator)
        ours = TsTranslator(app)
        if ours.load_ts(ts_path("nl")):
            app.installTranslator(ours)
            installed.append(ours)
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    return installed


def remove_translations(app: QCoreApplication, translators: list[QTranslator]) -> None:
    for translator in translators:
        app.removeTranslator(translator)
