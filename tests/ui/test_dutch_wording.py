"""Dutch in the window: positions read "regel 812", counts use Qt's plural forms."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ketenkoppeling.ui.formatting import dutch_position


def test_dutch_position_rewrites_the_engines_line() -> None:
    xml = "line 812, /Berichtenbatch/Berichten/Besteding[41]/Bedrag"
    assert dutch_position(xml) == "regel 812, /Berichtenbatch/Berichten/Besteding[41]/Bedrag"
    assert dutch_position("blad Trajecten, rij 17, line 3") == "blad Trajecten, rij 17, regel 3"
    # already Dutch, empty, or "line" inside a path or a name: unchanged
    assert dutch_position("regel 5, kolom Bedrag") == "regel 5, kolom Bedrag"
    assert dutch_position("blad Trajecten, rij 17, kolom N") == "blad Trajecten, rij 17, kolom N"
    assert dutch_position("/a/line 5") == "/a/line 5"
    assert dutch_position("baseline 4") == "baseline 4"
    assert dutch_position("") == "" and dutch_position(None) == ""


def test_counts_use_dutch_plural_forms(qapp: object) -> None:
    def tr(context: str, source: str, n: int) -> str:
        return QCoreApplication.translate(context, source, None, n)

    assert tr("DataPage", "%Ln record(s), %1 shown", 1) == "1 record, %1 getoond"
    assert tr("DataPage", "%Ln record(s), %1 shown", 2) == "2 records, %1 getoond"
    assert tr("DataPage", "%Ln record(s), %1 shown", 1234) == "1.234 records, %1 getoond"
    assert tr("LinesPane", "%1 of %Ln line(s)", 1) == "%1 van 1 regel"
    assert tr("LinesPane", "%1 of %Ln line(s)", 2) == "%1 van 2 regels"
    assert tr("ReferencePage", "%Ln partner(s)", 1) == "1 ketenpartner"
    assert tr("ReferencePage", "%Ln partner(s)", 6) == "6 ketenpartners"
    assert tr("ImportModel", "%n byte(s)", 1) == "1 byte"
    singular = tr("ReportView", "Spend of this partner in quarantine: %1 in %Ln record(s)", 1)
    assert singular.endswith("in 1 record")
