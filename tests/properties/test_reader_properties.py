"""Properties of the CSV reader: whatever cells a well-formed file holds (quotes, delimiters,
line breaks inside quoted fields, any encoding it detects), the reader gives them back
unchanged, one record per non-empty line, each at its line number."""

from __future__ import annotations

import csv
import io
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from ketenkoppeling.sources import excel
from ketenkoppeling.sources.delimited import iter_delimited_records
from ketenkoppeling.sources.header import normalise_header

COLUMNS = ["factuurnummer", "bsn", "bedrag"]
ASCII = "".join(chr(c) for c in range(0x20, 0x7F))
# cp1252 letters whose bytes are never a UTF-8 continuation byte (else the guess is ambiguous)
LATIN = "éëïöüçàÉ"
WIDE = "€ĳ日本ßø—“”"


def cells(alphabet: str) -> st.SearchStrategy[str]:
    return st.text(alphabet + "\n", max_size=30)


@st.composite
def files(draw: st.DrawFn) -> tuple[str, list[list[str]], str]:
    encoding = draw(st.sampled_from(["utf-8", "cp1252", "utf-8-sig", "utf-16"]))
    alphabet = ASCII + LATIN + ("" if encoding == "cp1252" else WIDE)
    first = st.text(alphabet, min_size=1, max_size=20).filter(lambda s: s.strip() != "")
    rows = draw(st.lists(st.tuples(first, cells(alphabet), cells(alphabet)).map(list), max_size=20))
    return encoding, rows, draw(st.sampled_from(["\n", "\r\n"]))


@settings(max_examples=1000 if settings.default.max_examples > 1000 else 60)
@given(files())
def test_the_reader_gives_back_every_cell(case: tuple[str, list[list[str]], str]) -> None:
    encoding, rows, newline = case
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator=newline)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    text = buffer.getvalue()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "gegenereerd.csv"
        path.write_bytes(text.encode(encoding))
        records = list(iter_delimited_records(path, COLUMNS, delimiter=";"))
    assert [[r.values[c] for c in COLUMNS] for r in records] == rows
    assert all(not r.problems for r in records)
    # each record at the line it ends on (quoted line breaks make a record span lines)
    line = 2
    for record, row in zip(records, rows, strict=True):
        assert record.location.line is not None
        line += sum(cell.count("\n") for cell in row)
        assert record.location.line == line
        line += 1


SHEET_COLUMNS = ["BSN", "Naam", "Kosten"]
# what a workbook cell can hold (openpyxl refuses control characters in text when writing)
CELL_VALUES = st.one_of(
    # (text starting with "=" would be written as a formula)
    st.text(ASCII + LATIN + WIDE, min_size=1, max_size=30).filter(
        lambda s: s.strip() != "" and not s.startswith("=")
    ),
    st.integers(min_value=-(10**15), max_value=10**15),
    # a workbook keeps 15 significant digits, as Excel does
    st.floats(min_value=-1e15, max_value=1e15).map(lambda f: float(f"{f:.15g}")),
    st.booleans(),
    st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)),
    st.none(),
)


def _totals(row: tuple[Any, ...]) -> bool:
    """A totals row: its first filled cell says ``Totaal``."""
    first = next((v for v in row if v is not None), None)
    return isinstance(first, str) and normalise_header(first) == "totaal"


@settings(max_examples=200 if settings.default.max_examples > 1000 else 15)
@given(
    st.lists(st.tuples(CELL_VALUES, CELL_VALUES, CELL_VALUES), max_size=15),
    st.integers(0, 5),
)
def test_the_excel_reader_gives_back_every_row(rows: list[tuple[Any, ...]], above: int) -> None:
    """Rows below a header (with ``above`` title rows over it) come back as written, blank
    rows skipped, each at its row number."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Trajecten"
    for number in range(above):
        sheet.append([f"Overzicht {number}"])
    sheet.append(SHEET_COLUMNS)
    for row in rows:
        sheet.append(list(row))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "trajecten.xlsx"
        workbook.save(path)
        records = list(excel.iter_excel_records(path, "Trajecten", SHEET_COLUMNS))
    kept = [
        (number, row)
        for number, row in enumerate(rows, start=above + 2)
        if any(v is not None for v in row) and not _totals(row)
    ]
    assert [r.location.row for r in records] == [number for number, _ in kept]
    for record, (_, row) in zip(records, kept, strict=True):
        for column, written in zip(SHEET_COLUMNS, row, strict=True):
            read = record.values[column]
            if isinstance(written, date):  # a date cell comes back as a datetime
                assert read.date() == written
            else:
                assert read == written
        assert not record.problems
