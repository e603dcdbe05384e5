"""python-calamine reads a sheet exactly as openpyxl's read-only mode did (same values, same
Python types, same row numbers), or leaves it to openpyxl."""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from ketenkoppeling.mapping.loader import load_mappings
from ketenkoppeling.sources import excel, excel_calamine, xlsx_scan
from ketenkoppeling.sources.base import RawRecord
from tests.hostile.test_xlsx import CASES
from tests.hostile.workbooks import Raw, trajecten, workbook

TESTS = Path(__file__).resolve().parent.parent
WORKBOOKS = sorted(TESTS.rglob("*.xlsx"))
Typed = tuple[tuple[Any, type], ...]


def _typed(row: tuple[Any, ...]) -> Typed:
    """A row without its trailing empty cells, each value with its type."""
    cells = list(row)
    while cells and cells[-1] is None:
        cells.pop()
    return tuple((value, type(value)) for value in cells)


def _filled(rows: Iterator[tuple[Any, ...]]) -> dict[int, Typed]:
    return {n: _typed(r) for n, r in enumerate(rows, start=1) if any(v is not None for v in r)}


def openpyxl_rows(path: Path, sheet: str) -> dict[int, Typed]:
    book = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    try:
        return _filled(book[sheet].iter_rows(values_only=True))
    finally:
        book.close()


def calamine_rows(path: Path, sheet: str) -> dict[int, Typed] | None:
    found = excel_calamine.read_sheet(path, sheet)
    return None if found is None else _filled(found[0])


def sheets(path: Path) -> list[str]:
    book = load_workbook(path, read_only=True)
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def test_there_are_workbooks_to_compare() -> None:
    assert len(WORKBOOKS) >= 5


@pytest.mark.parametrize("path", WORKBOOKS, ids=[p.name for p in WORKBOOKS])
def test_every_test_workbook_reads_as_openpyxl_reads_it(path: Path) -> None:
    for sheet in sheets(path):
        found = calamine_rows(path, sheet)
        assert found is not None, (path.name, sheet)  # plain workbooks: no fallback
        assert found == openpyxl_rows(path, sheet), (path.name, sheet)


def test_a_demo_region_reads_as_openpyxl_reads_it(tmp_path: Path) -> None:
    from ketenkoppeling.demo.generator import write_region

    write_region(tmp_path, clients=400, seed=7)
    books = sorted(tmp_path.glob("*.xlsx"))
    assert len(books) >= 4
    for path in books:
        for sheet in sheets(path):
            found = calamine_rows(path, sheet)
            assert found is not None and found == openpyxl_rows(path, sheet), path.name


@pytest.mark.parametrize(
    ("name", "content"), [(c[0], c[1]) for c in CASES], ids=[c[0] for c in CASES]
)
def test_a_hostile_workbook_reads_alike_or_goes_to_openpyxl(
    tmp_path: Path, name: str, content: Any
) -> None:
    path = tmp_path / "trajecten.xlsx"
    path.write_bytes(content() if callable(content) else content)
    found = calamine_rows(path, "Trajecten")
    if found is not None:
        assert found == openpyxl_rows(path, "Trajecten"), name


@pytest.mark.parametrize(
    "path", [p for p in WORKBOOKS if p.name.startswith(("trajecten", "uwv"))], ids=lambda p: p.name
)
def test_the_records_are_those_openpyxl_gave(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mappings = load_mappings()
    mapping = next(
        m for m in mappings.values() if m.source.format == "xlsx" and m.source.sheet in sheets(path)
    )
    sheet = mapping.source.sheet or ""

    def read() -> list[RawRecord]:
        return list(excel.iter_excel_records(path, sheet, mapping.columns()))

    fast = read()
    monkeypatch.setattr(excel_calamine, "read_sheet", lambda *_args: None)
    slow = read()
    assert len(fast) == len(slow) > 0
    for a, b in zip(fast, slow, strict=True):
        assert a == b
        assert [type(v) for v in a.values.values()] == [type(v) for v in b.values.values()]


# what a cell can hold, including what the two readers could read apart
CELLS = st.one_of(
    st.text(min_size=1, max_size=20)
    .filter(lambda s: not s.startswith("="))
    .map(lambda s: "".join(c for c in s if c >= " " and not 0xD800 <= ord(c) <= 0xDFFF)),
    st.integers(min_value=-(10**18), max_value=10**18),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.booleans(),
    st.dates(min_value=date(1900, 1, 1), max_value=date(9999, 12, 31)),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 12, 31)),
    st.times(),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=900)),
    st.none(),
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(CELLS, max_size=6), max_size=8),
    st.integers(0, 3),
    st.integers(0, 3),
)
def test_any_cells_read_as_openpyxl_reads_them(
    rows: list[list[Any]], above: int, left: int
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Blad"
    for r, row in enumerate(rows, start=above + 1):
        for c, value in enumerate(row, start=left + 1):
            sheet.cell(row=r, column=c, value=value)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "blad.xlsx"
        book.save(path)
        found = calamine_rows(path, "Blad")
        if found is not None:
            assert found == openpyxl_rows(path, "Blad")


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "t.xlsx"
    path.write_bytes(data)
    return path


def _kosten(tmp_path: Path, inner: str, attrs: str = "") -> Any:
    path = _write(tmp_path, workbook(trajecten(Kosten=Raw(attrs, inner))))
    found = excel_calamine.read_sheet(path, "Trajecten")
    assert found is not None
    return list(found[0])[4][13]


def test_numbers_keep_openpyxl_exact_value_and_type(tmp_path: Path) -> None:
    assert _kosten(tmp_path, "<v>100000000000000000000</v>") == 10**20  # int, exact
    assert type(_kosten(tmp_path, "<v>100000000000000000000</v>")) is int
    assert _kosten(tmp_path, "<v>9007199254740993</v>") == 9007199254740993
    assert type(_kosten(tmp_path, "<v>5.0</v>")) is float
    assert type(_kosten(tmp_path, "<v>5</v>")) is int
    assert type(_kosten(tmp_path, "<v>1E3</v>")) is float
    assert _kosten(tmp_path, "<v>-12</v>") == -12


@pytest.mark.parametrize(
    "attrs, inner",
    [
        (' t="e"', "<v>#N/A</v>"),  # an error: calamine reads it empty
        ("", "<v>twaalf</v>"),  # openpyxl refuses it, calamine reads text
        ("", "<v>" + "7" * 5000 + "</v>"),  # openpyxl refuses it, calamine reads inf
        ("", "<v>1_000</v>"),
        ("", "<v> 12 </v>"),
        ("", "<v>inf</v>"),
        (' t="d"', "<v>2008-01-01T00:00:00</v>"),
        (' s="1"', "<v>3000000</v>"),  # a date cell out of range: '#VALUE!' in openpyxl
        (' s="1"', "<v>-1</v>"),
        (' t="inlineStr"', "<is><t>_x0041_</t></is>"),  # calamine decodes the escape
    ],
)
def test_what_calamine_reads_otherwise_goes_to_openpyxl(
    tmp_path: Path, attrs: str, inner: str
) -> None:
    path = _write(tmp_path, workbook(trajecten(Kosten=Raw(attrs, inner))))
    assert excel_calamine.read_sheet(path, "Trajecten") is None


def _edited(old: str, new: str) -> bytes:
    def edit(members: dict[str, Any]) -> None:
        members["xl/worksheets/sheet1.xml"] = members["xl/worksheets/sheet1.xml"].replace(
            old, new, 1
        )

    return workbook(edit=edit)


@pytest.mark.parametrize(
    "old, new",
    [
        # calamine would allocate a grid of 1048576 × 16384 cells and abort the process
        ("</sheetData>", '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'),
        ('<c r="A1"', '<c r="XFD1048576"'),
        ("</sheetData>", '<row r="1048576"><c r="O1048576"><v>1</v></c></row></sheetData>'),
        ('<c r="A1"', '<c\tr="XFD1048576"'),  # a cell the scan must not miss
        ('<c r="A1"', '<c s="0" r="XFD1048576"'),
        ('<c r="A1"', '<c r="xfd1048576"'),
        ('<c r="A1"', "<c"),  # a cell without its position
        ("</sheetData>", "<row></sheetData>"),  # not well-formed
        # found by a differential fuzz run against openpyxl: what the two read apart
        ('<c r="B3"', '<c r="B1"'),  # a cell in another row than its position says
        ('<c r="B3"', '<c r="Z3"'),  # columns out of order (openpyxl ends the row at C3)
        ('<c r="A3" t="inlineStr"', '<c r="A3" t="inlineStrX"'),  # a type openpyxl ignores
        ('<c r="A3" t="inlineStr"', '<c r="A3" x="inlineStr"'),  # an inline string, no type
        (">BSN</t>", ">B<f>1</f>SN</t>"),  # an element inside a text
        ("BSN</t></is>", "BSN</t></is><v>1</v>"),  # a value after the inline string
        ('<t xml:space="preserve">BSN</t>', "<t/>"),  # an empty inline string ('' in openpyxl)
        ("<is><t", "<is><r><rPr><b/></rPr><t"),  # rich text
        (' t="inlineStr"', " t='inlineStr'"),
        ('<row r="3">', '<row r="drie">'),
        ("<sheetData>", '<sheetViews><sheetView workbookViewIdX="0"/></sheetViews><sheetData>'),
        ("<sheetData>", '<sheetData><dimension ref="A1:B2"/>'),
    ],
)
def test_a_sheet_calamine_must_not_read_goes_to_openpyxl(
    tmp_path: Path, old: str, new: str
) -> None:
    path = _write(tmp_path, _edited(old, new))
    assert excel_calamine.read_sheet(path, "Trajecten") is None


def test_the_extent_is_bounded_across_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """A far cell at a chunk boundary is found (the chunks overlap)."""
    monkeypatch.setattr(xlsx_scan, "CHUNK", 4096)
    monkeypatch.setattr(xlsx_scan, "CARRY", 512)
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 2000))
    for cut in range(0, 200, 7):
        far = '<row r="2000"><c r="XFD1048576"><v>1</v></c></row>'
        text = f"<worksheet><sheetData>{rows[: 4096 * 3 - cut]}{far}</sheetData></worksheet>"
        data = io.BytesIO()
        with zipfile.ZipFile(data, "w") as archive:
            archive.writestr("s.xml", text)
        with zipfile.ZipFile(data) as archive:
            assert xlsx_scan.sheet_extent(archive, "s.xml") is None


def test_a_sheet_with_a_time_and_a_duration(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Blad"
    sheet.append([time(13, 30), timedelta(hours=30), date(2008, 1, 2), 1.5, "x"])
    path = tmp_path / "b.xlsx"
    book.save(path)
    found = calamine_rows(path, "Blad")
    assert found == openpyxl_rows(path, "Blad")
    assert found is not None and [t for _v, t in found[1]] == [
        time, timedelta, datetime, float, str,
    ]  # fmt: skip


def test_a_dimension_cuts_the_rows_as_openpyxl_does(tmp_path: Path) -> None:
    """openpyxl read-only believes the sheet's <dimension>: no cell right of it, no row below
    it; the rows read by calamine are cut alike."""
    path = _write(tmp_path, _edited("<sheetData>", '<dimension ref="A1:C4"/><sheetData>'))
    found = calamine_rows(path, "Trajecten")
    assert found is not None
    assert found == openpyxl_rows(path, "Trajecten")
    assert max(found) == 4 and max(len(row) for row in found.values()) == 3


@pytest.mark.parametrize("path", WORKBOOKS, ids=[p.name for p in WORKBOOKS])
def test_small_chunks_scan_as_one(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The scans look at a part a chunk at a time; what straddles two chunks is seen once."""
    with zipfile.ZipFile(path) as archive:
        dates, durations = excel_calamine._date_styles(archive)
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        whole = [
            (
                xlsx_scan.sheet_extent(archive, n),
                xlsx_scan.scan_values(archive, n, dates, durations=durations),
            )
            for n in sheets
        ]
        monkeypatch.setattr(xlsx_scan, "CHUNK", 1000)
        monkeypatch.setattr(xlsx_scan, "CARRY", 300)
        chunked = [
            (
                xlsx_scan.sheet_extent(archive, n),
                xlsx_scan.scan_values(archive, n, dates, durations=durations),
            )
            for n in sheets
        ]
    assert chunked == whole
    assert all(extent is not None and values is not None for extent, values in whole)


MUTATIONS = [
    b'<c r="A1"', b' t="e"', b' s="1"', b"<v>", b"</v>", b"99999999", b"1e400", b"-", b".",
    b"E", b"_x0041_", b"&#1;", b"<row>", b"</row>", b' t="str"', b' t="b"', b"<f>1</f>",
    b"XFD", b"1048576", b'"', b"<", b">", b"inf", b' t="n"', b"0", b"\n",
]  # fmt: skip


def test_mutated_workbooks_read_alike_or_go_to_openpyxl(tmp_path: Path) -> None:
    """A seeded differential fuzz run: sample workbooks with a part mutated (tokens put in,
    bytes cut or changed) read by calamine give what openpyxl gives."""
    import random

    rnd = random.Random(20261130)
    samples = [p for p in WORKBOOKS if p.name.startswith(("trajecten", "uwv"))]
    read = 0
    for _ in range(120):
        source = rnd.choice(samples)
        with zipfile.ZipFile(source) as archive:
            members = {info.filename: archive.read(info) for info in archive.infolist()}
        sheet = next(n for n in members if n.startswith("xl/worksheets/"))
        part = rnd.choice([sheet] * 6 + [n for n in members if n.endswith(".xml")])
        data = bytearray(members[part])
        for _ in range(rnd.randint(1, 4)):
            at = rnd.randrange(len(data))
            choice = rnd.random()
            if choice < 0.4:
                data[at:at] = rnd.choice(MUTATIONS)
            elif choice < 0.7:
                del data[at : at + rnd.randint(1, 8)]
            else:
                data[at] = rnd.randrange(32, 127)
        members[part] = bytes(data)
        path = tmp_path / "t.xlsx"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in members.items():
                archive.writestr(name, content)
        name = "Export" if source.name.startswith("uwv") else "Trajecten"
        found = calamine_rows(path, name)
        if found is None:
            continue
        read += 1
        try:
            expected: Any = openpyxl_rows(path, name)
        except Exception as exc:  # openpyxl refuses what calamine read
            expected = exc
        assert found == expected, (source.name, part)
    assert read >= 5  # most mutations go to openpyxl, some are read by calamine
