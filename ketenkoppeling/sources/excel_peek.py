"""Opening a workbook with openpyxl read-only for a quick look (its sheet names, its first
rows), without reading all its shared strings first.

openpyxl's ``load_workbook`` reads the whole shared-string table before anything else: for a
gemeente export of 40,000 rows that is most of a second, and detecting a file's layout, taking
a setting from cell A1 and the workbench's preview each open the workbook again. Here the
table is read as far as the rows looked at need it (:class:`LazyStrings`, with openpyxl's own
reading of each string), and everything else is openpyxl's own reader, so the values are
those ``load_workbook`` gives. The caller falls back to ``load_workbook`` when this raises,
so that a damaged workbook is refused with the same reason as before.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import IO, Any

from openpyxl.packaging.relationship import get_dependents, get_rels_path
from openpyxl.reader.excel import SHARED_STRINGS, ExcelReader
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import DATA_TAG, DIMENSION_TAG
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

_STRING_TAG = f"{{{SHEET_MAIN_NS}}}si"


class LazyStrings:
    """openpyxl's shared-string table, read up to the highest index asked for."""

    def __init__(self, archive: zipfile.ZipFile, part: str) -> None:
        self._source: IO[bytes] | None = archive.open(part)
        self._events: Any = iterparse(self._source)
        self._strings: list[str] = []

    def __getitem__(self, index: int) -> str:
        from openpyxl.cell.text import Text

        while index >= len(self._strings) and self._events is not None:
            for _event, node in self._events:
                if node.tag == _STRING_TAG:
                    # as openpyxl.reader.strings.read_string_table
                    self._strings.append(Text.from_tree(node).content.replace("x005F_", ""))
                    node.clear()
                    break
            else:
                self.close()
        return self._strings[index]

    def close(self) -> None:
        if self._source is not None:
            self._source.close()
        self._source = self._events = None


class _Sheet(ReadOnlyWorksheet):
    """openpyxl's read-only sheet, its size read from the ``<dimension>`` before the rows.

    openpyxl looks for it until the *end* of ``<sheetData>``: a sheet without one (openpyxl's
    write-only mode writes none) is parsed whole each time the workbook is opened."""

    def _get_size(self) -> None:
        found = sheet_dimension(self.parent._archive, self._worksheet_path)
        if found is not None:
            self._min_column, self._min_row, self._max_column, self._max_row = found


def sheet_dimension(archive: zipfile.ZipFile, part: str) -> tuple[int, int, int, int] | None:
    """The ``<dimension>`` of worksheet ``part`` as openpyxl reads it (min column, min row,
    max column, max row), when it comes before the rows; None when there is none."""
    with archive.open(part) as source:
        for event, element in iterparse(source, events=("start", "end")):
            if event == "end" and element.tag == DIMENSION_TAG:
                found: tuple[int, int, int, int] = SheetDimension.from_tree(element).boundaries
                return found
            if event == "start" and element.tag == DATA_TAG:
                return None
    return None


class _Reader(ExcelReader):
    def read_strings(self) -> None:
        found = self.package.find(SHARED_STRINGS)
        if found is not None:
            self.shared_strings = LazyStrings(self.archive, found.PartName[1:])

    def read_worksheets(self) -> None:
        """openpyxl's own, read-only branch, with :class:`_Sheet`."""
        _read_sheets(self, lambda _part: _Sheet)


def _read_sheets(reader: ExcelReader, kind: Any) -> None:
    """openpyxl's ``ExcelReader.read_worksheets``, read-only branch, each worksheet made as
    ``kind(its part)`` says."""
    for sheet, rel in reader.parser.find_sheets():
        if rel.target not in reader.valid_files:
            continue
        if "chartsheet" in rel.Type:
            reader.read_chartsheet(sheet, rel)
            continue
        rels_path = get_rels_path(rel.target)
        if rels_path in reader.valid_files:
            get_dependents(reader.archive, rels_path)
        worksheet = kind(rel.target)(reader.wb, sheet.name, rel.target, reader.shared_strings)
        worksheet.sheet_state = sheet.state
        reader.wb._sheets.append(worksheet)


def open_lazily(path: Path) -> Any:
    """openpyxl's read-only, data-only workbook of ``path`` with a lazy shared-string table
    (see the module); the caller closes it with :func:`close`."""
    reader = _Reader(path, read_only=True, data_only=True, keep_links=False)
    try:
        reader.read()
    except BaseException:
        close(reader.wb if hasattr(reader, "wb") else None, reader)
        raise
    reader.wb._lazy_reader = reader
    return reader.wb


def close(workbook: Any, reader: Any = None) -> None:
    reader = reader or getattr(workbook, "_lazy_reader", None)
    strings = getattr(reader, "shared_strings", None)
    if isinstance(strings, LazyStrings):
        strings.close()
    if workbook is not None:
        workbook.close()
    elif reader is not None:
        reader.archive.close()


class _Unsized(ReadOnlyWorksheet):
    """The sheet calamine reads: its size is not looked for (the sheet is checked whole)."""

    def _get_size(self) -> None:
        return None


class _CheckReader(ExcelReader):
    """openpyxl's reader, all of it but the size of one sheet."""

    sheet_part = ""

    def read_worksheets(self) -> None:
        _read_sheets(self, lambda part: _Unsized if part == self.sheet_part else ReadOnlyWorksheet)


def opens_alike(path: Path, sheet_part: str) -> bool:
    """True when openpyxl's ``load_workbook`` opens ``path`` without complaint (every part
    but the rows of ``sheet_part``, which the caller checks) and no shared string is empty
    (openpyxl gives ``''`` for it, calamine an empty cell)."""
    try:
        reader = _CheckReader(path, read_only=True, data_only=True, keep_links=False)
    except Exception:
        return False
    reader.sheet_part = sheet_part
    try:
        reader.read()
        return "" not in reader.shared_strings
    except Exception:
        return False
    finally:
        reader.archive.close()
