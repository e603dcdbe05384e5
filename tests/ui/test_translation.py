"""Translations: every string the interface shows has a Dutch translation."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject

from ketenkoppeling.ui.i18n_scan import scan
from ketenkoppeling.ui.translation import (
    TsTranslator,
    choose_language,
    read_ts,
    ts_path,
)


def test_every_source_string_has_a_dutch_translation() -> None:
    messages, problems = scan()
    assert not problems, "\n".join(problems)
    assert len(messages) > 100
    translated = {(m.context, m.source, m.disambiguation): m for m in read_ts(ts_path("nl"))}
    missing = [
        f"[{m.context}] {m.source!r} ({m.location})"
        for m in messages
        if m.key not in translated or not translated[m.key].finished
    ]
    assert not missing, "missing Dutch translations:\n" + "\n".join(missing)
    plural_mismatch = [m.source for m in messages if translated[m.key].numerus != m.numerus]
    assert not plural_mismatch, plural_mismatch
    for message in messages:
        entry = translated[message.key]
        for placeholder in ("%1", "%2", "%3", "%n"):
            if placeholder in message.source:
                assert all(placeholder in form for form in entry.forms), (
                    f"{placeholder} lost in the translation of {message.source!r}"
                )


def test_the_ts_file_has_no_stale_entries() -> None:
    messages, _ = scan()
    used = {m.key for m in messages}
    stale = [
        f"[{m.context}] {m.source!r}"
        for m in read_ts(ts_path("nl"))
        if (m.context, m.source, m.disambiguation) not in used
    ]
    assert not stale, "translations no longer used:\n" + "\n".join(stale)


def test_translator_reads_ts_with_plurals(tmp_path: Path, qapp: object) -> None:
    ts = tmp_path / "x.ts"
    ts.write_text(
        """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl_NL">
<context><name>Probe</name>
<message><source>Import</source><translation>Importeren</translation></message>
<message><source>Open</source><comment>verb</comment><translation>Openen</translation></message>
<message><source>Todo</source><translation type="unfinished">Nog niet</translation></message>
<message numerus="yes"><source>%n file(s)</source>
<translation><numerusform>%n bestand</numerusform><numerusform>%n bestanden</numerusform>
</translation></message>
</context></TS>""",
        encoding="utf-8",
    )
    translator = TsTranslator()
    assert translator.load_ts(ts)
    assert translator.language() == "nl"
    assert translator.translate("Probe", "Import") == "Importeren"
    assert translator.translate("Probe", "Open", "verb") == "Openen"
    assert translator.translate("Probe", "Open") is None
    assert translator.translate("Probe", "Todo") is None  # unfinished: not used
    assert translator.translate("Other", "Import") is None

    QCoreApplication.installTranslator(translator)
    try:
        assert QCoreApplication.translate("Probe", "%n file(s)", None, 1) == "1 bestand"
        assert QCoreApplication.translate("Probe", "%n file(s)", None, 3) == "3 bestanden"

        class Probe(QObject):
            def label(self) -> str:
                return self.tr("Import")

        assert Probe().label() == "Importeren"

        class Unknown(QObject):
            def label(self) -> str:
                return self.tr("Not in the file")

        assert Unknown().label() == "Not in the file"
    finally:
        QCoreApplication.removeTranslator(translator)


def test_dutch_is_the_default_language() -> None:
    assert choose_language(None) == "nl"
    assert choose_language("") == "nl"
    assert choose_language("nl") == "nl"
    assert choose_language("en") == "en"
    assert choose_language("fr") == "nl"


def test_the_interface_is_dutch(qapp: object) -> None:
    # the session fixture installed the Dutch translator
    assert QCoreApplication.translate("ReferenceModel", "Amount") == "Bedrag"
