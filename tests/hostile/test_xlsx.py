"""Hostile and broken workbooks (the gemeente Trajectenoverzicht layout): each case with its
outcome: the bad record quarantined with a Dutch reason, or the file refused with one."""

from __future__ import annotations

import io
import random
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl.xml
import pytest

from ketenkoppeling.mapping.detect import detect, file_problem
from ketenkoppeling.mapping.loader import load_mappings
from ketenkoppeling.sources import excel, workbook_check
from ketenkoppeling.sources.base import SourceRefused
from ketenkoppeling.store import Database
from tests.hostile.conftest import SAMPLES, assert_clean, expect
from tests.hostile.workbooks import (
    DECL,
    MAIN,
    Raw,
    patch_central_directory,
    sheet_xml,
    trajecten,
    workbook,
    zip_bytes,
)

BOMB = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>'


def kosten(value: Any) -> Callable[[], bytes]:
    return lambda: workbook(trajecten(Kosten=value))


def sheet_edit(old: str, new: str, part: str = "xl/worksheets/sheet1.xml") -> Callable[[], bytes]:
    def edit(members: dict[str, str]) -> None:
        assert old in members[part], (old, part)
        members[part] = members[part].replace(old, new, 1)

    return lambda: workbook(edit=edit)


def with_doctype(part: str, doctype: str = BOMB, *, after: str = "") -> Callable[[], bytes]:
    def edit(members: dict[str, str]) -> None:
        members[part] = members[part].replace(DECL, DECL + after + doctype + "\n", 1)

    return lambda: workbook(edit=edit)


def utf16_doctype() -> bytes:
    def edit(members: dict[str, Any]) -> None:
        text = members["xl/worksheets/sheet1.xml"].replace("UTF-8", "UTF-16")
        members["xl/worksheets/sheet1.xml"] = text.replace(DECL.replace("UTF-8", "UTF-16"),
            DECL.replace("UTF-8", "UTF-16") + BOMB).encode("utf-16")  # fmt: skip

    return workbook(edit=edit)


def shared_strings_bomb() -> bytes:
    shared = (
        f'{DECL}{BOMB}<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>&lol2;</t></si></sst>'
    )
    rows = trajecten(Naam=Raw(' t="s"', "<v>0</v>"))
    return workbook(rows, shared=shared)


def bad_crc() -> bytes:
    data = bytearray(workbook(edit=None) if False else _stored_workbook())
    at = data.find(b"HLM-TRJ-2008-00099")
    data[at] = ord("X")  # same length, valid XML: only the CRC tells
    return bytes(data)


def _stored_workbook() -> bytes:
    from tests.hostile.workbooks import parts

    return zip_bytes(dict(parts(sheet_xml(trajecten()))), compression=zipfile.ZIP_STORED)


def truncated() -> bytes:
    data = workbook()
    return data[: len(data) // 2]


def ratio_bomb() -> bytes:
    def edit(members: dict[str, Any]) -> None:
        members["xl/media/leeg.xml"] = "<a>" + " " * (20 << 20) + "</a>"  # ~20 KB packed

    return workbook(edit=edit)


def lying_upwards() -> bytes:
    """A member whose central directory claims 2 GiB (the content is small)."""
    return patch_central_directory(workbook(), "xl/styles.xml", file_size=(2 << 30) - 1)


def lying_downwards() -> bytes:
    """The sheet claims 200 bytes but unpacks to more: zipfile stops there, the CRC fails."""
    return patch_central_directory(workbook(), "xl/worksheets/sheet1.xml", file_size=200)


def shared_strings_too_big() -> bytes:
    padding = random.Random(3).randbytes(4 << 20)  # stored incompressible: ratio stays low

    def edit(members: dict[str, Any]) -> None:
        members["xl/media/ruis.bin"] = padding
        members["xl/sharedStrings.xml"] = f'{DECL}<sst xmlns="{MAIN}"/>'

    data = workbook(edit=edit)
    return patch_central_directory(data, "xl/sharedStrings.xml", file_size=300 << 20)


def many_members() -> bytes:
    def edit(members: dict[str, Any]) -> None:
        for i in range(10_001):
            members[f"xl/media/m{i}.bin"] = b""

    return workbook(edit=edit)


def many_columns() -> bytes:
    rows = trajecten()
    rows[2] = rows[2] + [f"extra {i}" for i in range(2100)]
    return workbook(rows)


def sparse_rows() -> bytes:
    """A dimension of the whole sheet and the bad row at the last row: openpyxl makes up
    a million empty rows of 16,384 cells; reading stays fast (one and the same empty row is
    skipped at once)."""
    return workbook(trajecten(Kosten="NaN"), dimension="A1:XFD1048576",
                    numbers={5: 1048576})  # fmt: skip


Case = tuple[str, bytes | Callable[[], bytes], str, str]
RECORD_CASES: list[Case] = [
    (
        "kosten 10^20 als geheel getal",
        kosten(Raw("", "<v>100000000000000000000</v>")),
        "quarantined",
        "te groot",
    ),
    ("kosten 29 cijfers", kosten(Raw("", "<v>" + "9" * 29 + "</v>")), "quarantined", "te groot"),
    ("kosten 1E20", kosten(Raw("", "<v>1E20</v>")), "quarantined", "te groot"),
    (
        "kosten 1e400 (oneindig)",
        kosten(Raw("", "<v>1e400</v>")),
        "quarantined",
        "geen eindig getal",
    ),
    ("kosten -1e400", kosten(Raw("", "<v>-1e400</v>")), "quarantined", "geen eindig getal"),
    ("kosten 10^11", kosten(10**11), "quarantined", "te groot"),
    ("kosten tekst NaN", kosten("NaN"), "quarantined", "geen geldig bedrag"),
    ("kosten tekst Infinity", kosten("Infinity"), "quarantined", "geen geldig bedrag"),
    ("kosten tekst 29 cijfers", kosten("1" * 29), "quarantined", "te groot"),
    ("kosten waar/onwaar", kosten(True), "quarantined", "geen bedrag"),
    (
        "kosten foutwaarde #DEEL/0!",
        kosten(Raw(' t="e"', "<v>#DIV/0!</v>")),
        "quarantined",
        "geen geldig bedrag",
    ),
    ("kosten 3 decimalen", kosten(12.345), "quarantined", "meer dan 2 decimalen"),
    (
        "datumcel ver buiten bereik",
        lambda: workbook(trajecten(Startdatum=Raw(' s="1"', "<v>1e20</v>"))),
        "quarantined",
        "geen leesbare datum",
    ),
    (
        "startdatum 31-02-2008",
        lambda: workbook(trajecten(Startdatum="31-02-2008")),
        "quarantined",
        "geen bestaande datum",
    ),
    (
        "trajectnummer van 40.000 tekens",
        lambda: workbook(trajecten(Trajectnummer="T" * 40_000)),
        "quarantined",
        "tekst langer dan 32767 tekens in kolom Trajectnummer",
    ),
    (
        "U+FFFD in trajectnummer",
        lambda: workbook(trajecten(Trajectnummer="HLM\ufffd")),
        "quarantined",
        "onleesbaar teken (U+FFFD)",
    ),
    ("een miljoen lege rijen en dan een slechte", sparse_rows, "quarantined", "geen geldig bedrag"),
]
STORED_CASES: list[Case] = [
    ("kosten tekst 1,234.56", kosten("1,234.56"), "stored", ""),
    ("kosten net onder 10^11", kosten("99.999.999.999,99"), "stored", ""),
    ("_x0000_ als letterlijke tekst", lambda: workbook(trajecten(Naam="Jan_x0000_")), "stored", ""),
]
FILE_CASES: list[Case] = [
    ("leeg bestand", b"", "rejected", "het bestand is leeg"),
    (
        "binaire rommel",
        lambda: random.Random(5).randbytes(5000),
        "rejected",
        "het is geen zip-archief",
    ),
    ("CSV-tekst als .xlsx", b"BSN;Naam\n1;2\n", "rejected", "het is geen zip-archief"),
    (
        "oud Excel (.xls)",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000),
        "rejected",
        "oud Excel-bestand (.xls)",
    ),
    (
        "zip zonder werkmap",
        lambda: zip_bytes({"hallo.txt": "geen werkmap"}),
        "rejected",
        "zip-archief zonder werkmap ([Content_Types].xml ontbreekt)",
    ),
    (
        "zip zonder _rels",
        lambda: zip_bytes({"[Content_Types].xml": "<Types/>"}),
        "rejected",
        "_rels/.rels ontbreekt",
    ),
    ("afgebroken zip", truncated, "rejected", "onvolledig of beschadigd"),
    ("zip met kapotte CRC", bad_crc, "rejected", "controlegetal (CRC)"),
    (
        "DTD met entiteiten in het blad",
        with_doctype("xl/worksheets/sheet1.xml"),
        "rejected",
        "onderdeel xl/worksheets/sheet1.xml, regel 2: een DTD of entiteitsdeclaratie",
    ),
    (
        "externe entiteit in workbook.xml",
        with_doctype("xl/workbook.xml", '<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'),
        "rejected",
        "onderdeel xl/workbook.xml",
    ),
    (
        "DTD in [Content_Types].xml",
        with_doctype("[Content_Types].xml"),
        "rejected",
        "onderdeel [Content_Types].xml",
    ),
    (
        "DTD in _rels/.rels",
        with_doctype("_rels/.rels", "<!DOCTYPE r SYSTEM 'http://x/r.dtd'>"),
        "rejected",
        "onderdeel _rels/.rels",
    ),
    (
        "DTD na een commentaar",
        with_doctype("xl/styles.xml", after="<!-- hallo -->\n"),
        "rejected",
        "onderdeel xl/styles.xml, regel 3",
    ),
    (
        "DTD achter 100 KB commentaar",
        with_doctype("xl/styles.xml", after="<!--" + "x" * 100_000 + "-->"),
        "rejected",
        "onderdeel xl/styles.xml, regel 2: te lange XML-inleiding",
    ),
    ("DTD in een UTF-16-onderdeel", utf16_doctype, "rejected", "een DTD of entiteitsdeclaratie"),
    (
        "entiteitenbom in sharedStrings",
        shared_strings_bomb,
        "rejected",
        "onderdeel xl/sharedStrings.xml",
    ),
    ("zip-bom: 20 MiB spaties", ratio_bomb, "rejected", "zip-bom"),
    (
        "zip-bom: 2 GiB volgens de centrale map",
        lying_upwards,
        "rejected",
        "meer dan 1024 MB wordt niet gelezen",
    ),
    ("onderdeel groter dan opgegeven", lying_downwards, "rejected", "controlegetal (CRC)"),
    (
        "gedeelde teksten boven 256 MiB",
        shared_strings_too_big,
        "rejected",
        "de gedeelde teksten pakken uit tot 300 MB",
    ),
    ("meer dan 10.000 onderdelen", many_members, "rejected", "meer dan 10000 onderdelen"),
    (
        "versleuteld onderdeel",
        lambda: patch_central_directory(workbook(), "xl/styles.xml", flag_bits=1),
        "rejected",
        "versleutelde onderdelen",
    ),
    (
        "onbekende compressiemethode",
        lambda: patch_central_directory(workbook(), "xl/styles.xml", compress_type=99),
        "rejected",
        "onbekende compressiemethode",
    ),
    (
        "ongeldige XML in het blad",
        sheet_edit("</sheetData>", "<row></sheetData>"),
        "rejected",
        "ongeldige XML in de werkmap",
    ),
    (
        "stuurteken &#1; in een cel",
        sheet_edit("Hoogendoorn", "Hoog&#1;endoorn"),
        "rejected",
        "ongeldige XML in de werkmap",
    ),
    (
        "NUL &#0; in een cel",
        sheet_edit("Hoogendoorn", "Hoog&#0;endoorn"),
        "rejected",
        "ongeldige XML in de werkmap",
    ),
    (
        "gedeelde tekst die niet bestaat",
        kosten(Raw(' t="s"', "<v>999</v>")),
        "rejected",
        "blad Trajecten, na rij 4: de werkmap is beschadigd",
    ),
    (
        "getalcel met tekst",
        kosten(Raw("", "<v>twaalf</v>")),
        "rejected",
        "blad Trajecten, na rij 4",
    ),
    (
        "getal van 5000 cijfers",
        kosten(Raw("", "<v>" + "7" * 5000 + "</v>")),
        "rejected",
        "blad Trajecten, na rij 4",
    ),
    (
        "verwijzing naar een ontbrekend blad",
        sheet_edit("worksheets/sheet1.xml", "worksheets/weg.xml", "xl/_rels/workbook.xml.rels"),
        "rejected",
        "blad 'Trajecten' ontbreekt",
    ),
    (
        "blad met een andere naam",
        lambda: workbook(sheet_name="Anders"),
        "rejected",
        "blad 'Trajecten' ontbreekt (gevonden: Anders)",
    ),
    ("meer dan 2000 kolommen", many_columns, "rejected", "meer dan 2000 worden niet gelezen"),
    (
        "geen kopregel",
        lambda: workbook([["alleen een titel"], ["1", "2"]]),
        "rejected",
        "kolommen ontbreken",
    ),
]
CASES = RECORD_CASES + STORED_CASES + FILE_CASES


@pytest.mark.parametrize(("name", "content", "outcome", "reason"), CASES, ids=[c[0] for c in CASES])
def test_hostile_xlsx(
    ref_db: Database, tmp_path: Path, name: str, content: bytes | Callable[[], bytes],
    outcome: str, reason: str,
) -> None:  # fmt: skip
    path = tmp_path / "trajecten.xlsx"
    path.write_bytes(content() if callable(content) else content)
    started = time.perf_counter()
    expect(ref_db, path, outcome, reason)
    assert time.perf_counter() - started < 30, name


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 50


def test_the_sample_workbook_passes_the_checks(ref_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "trajecten.xlsx"
    path.write_bytes(workbook())
    expect(ref_db, path, "stored", "")
    for sample in SAMPLES.glob("*.xlsx"):
        workbook_check.check_workbook(sample)


def test_openpyxl_parses_through_defusedxml() -> None:
    assert openpyxl.xml.DEFUSEDXML is True


def test_defusedxml_refuses_what_slips_past_the_prolog_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second line: with the check switched off, openpyxl (through defusedxml) still
    refuses the entity bomb, and the refusal is Dutch."""
    monkeypatch.setattr(excel, "check_workbook", lambda path: None)
    path = tmp_path / "bom.xlsx"
    path.write_bytes(shared_strings_bomb())
    with pytest.raises(SourceRefused) as caught:
        list(excel.iter_excel_records(path, "Trajecten", ["BSN"]))
    assert "DTD of entiteitsdeclaratie" in caught.value.message
    assert_clean(caught.value.message)


def test_a_damaged_sheet_names_the_last_row_read(tmp_path: Path) -> None:
    path = tmp_path / "kapot.xlsx"
    path.write_bytes(kosten(Raw("", "<v>twaalf</v>"))())
    records = excel.iter_excel_records(path, "Trajecten", ["BSN", "Kosten"])
    with pytest.raises(SourceRefused) as caught:
        next(records)
    assert caught.value.message == (
        "kapot.xlsx, blad Trajecten, na rij 4: de werkmap is beschadigd of is geen geldige "
        "Excel-werkmap"
    )


def test_detection_never_raises(tmp_path: Path) -> None:
    mappings = load_mappings()
    for name, content, _outcome, _reason in FILE_CASES:
        path = tmp_path / "x.xlsx"
        path.write_bytes(content() if callable(content) else content)
        problem = file_problem(path)
        found, attempts = detect(path, mappings)
        if problem is not None:
            assert found is None, name
            assert {a.reason for a in attempts} == {problem}
        for attempt in attempts:
            if attempt.reason:
                assert_clean(attempt.reason)


def test_the_ratio_limit_leaves_small_workbooks_alone(tmp_path: Path) -> None:
    """A workbook that unpacks 1000 times but to less than 16 MiB is read."""

    def edit(members: dict[str, Any]) -> None:
        members["xl/media/leeg.xml"] = "<a>" + " " * (8 << 20) + "</a>"

    path = tmp_path / "klein.xlsx"
    path.write_bytes(workbook(edit=edit))
    info = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    assert sum(i.file_size for i in info.infolist()) > 100 * path.stat().st_size
    workbook_check.check_workbook(path)
