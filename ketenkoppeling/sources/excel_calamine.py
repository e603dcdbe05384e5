"""Reading a whole sheet with python-calamine (Rust), giving the rows openpyxl's read-only mode
gives, several times faster.

:func:`read_sheet` is used only after :func:`~ketenkoppeling.sources.workbook_check.
check_workbook` accepted the file, and only when nothing in the workbook could make calamine
read it differently from openpyxl or take too much memory; otherwise (and whenever calamine
itself raises) it returns None and the sheet is read by openpyxl as before, with the same
values and the same Dutch refusals (:mod:`ketenkoppeling.sources.xlsx_scan` says what is
looked for):

- before calamine opens the file, the extent of the sheet's cells is bounded: calamine holds
  a sheet as one dense grid, and a workbook naming a far cell would make it ask for more memory
  than there is (the process aborts);
- while calamine reads (it frees the GIL), a thread scans the sheet's values for what
  calamine reads otherwise, opens the workbook with openpyxl's own reader (every part it reads
  when it opens one, the shared strings too, but not the rows of the sheet: what openpyxl
  refuses on opening goes to openpyxl), searches the shared strings for ``_xHHHH_`` escapes
  and empty strings, and parses
  every XML part openpyxl would parse (all but the other sheets) with libxml2, building
  nothing: a part that is not well-formed, or has a document type declaration, sends the sheet
  to openpyxl, which refuses it in Dutch.

The rows keep openpyxl's types: an empty cell is None, a whole number an int, a date cell a
datetime (calamine gives a date), a time a time, a duration a timedelta; a text, a decimal
and a boolean as they are. Row numbers are the sheet's own: the first row yielded is row 1.
Memory: calamine's grid (about 32 bytes a cell, and the texts) for the sheet being read;
above :data:`~ketenkoppeling.sources.xlsx_scan.MAX_GRID_CELLS` openpyxl streams it instead.
"""

from __future__ import annotations

import posixpath
import threading
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import Any

from lxml import etree

from ketenkoppeling.sources.excel_peek import opens_alike, sheet_dimension
from ketenkoppeling.sources.xlsx_scan import has_escapes, scan_values, sheet_extent

Rows = Iterator[tuple[Any, ...]]
Overrides = dict[tuple[int, int], Any]
_EXACT = float(1 << 53)  # below it a float holds every whole number exactly
_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "p": "http://schemas.openxmlformats.org/package/2006/relationships",
}
_STYLES = "xl/styles.xml"  # where openpyxl looks for them


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _xml(archive: zipfile.ZipFile, part: str) -> Any:
    return etree.fromstring(archive.read(part), _parser())


def _rels(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (type, target part) of ``part``."""
    folder, name = posixpath.split(part)
    rels = _xml(archive, posixpath.join(folder, "_rels", name + ".rels"))
    found: dict[str, tuple[str, str]] = {}
    for rel in rels.iterfind("p:Relationship", _NS):
        target = rel.get("Target", "")
        target = target[1:] if target.startswith("/") else posixpath.join(folder, target)
        found[rel.get("Id", "")] = (rel.get("Type", ""), posixpath.normpath(target))
    return found


def _sheet_part(archive: zipfile.ZipFile, sheet: str) -> tuple[str, bool, list[str]] | None:
    """The part of ``sheet``, whether the workbook counts from 1904, and the parts of the
    other sheets; None when the sheet is not found this way."""
    office = [t for kind, t in _rels(archive, "").values() if kind.endswith("/officeDocument")]
    if len(office) != 1:
        return None
    book = _xml(archive, office[0])
    rels = _rels(archive, office[0])
    props = book.find("m:workbookPr", _NS)
    date1904 = props is not None and props.get("date1904", "0").lower() in ("1", "true")
    parts: dict[str, str] = {}
    for element in book.iterfind("m:sheets/m:sheet", _NS):
        rel = rels.get(element.get(f"{{{_NS['r']}}}id", ""))
        if rel is not None:
            parts[element.get("name", "")] = rel[1]
    if sheet not in parts:
        return None
    return parts[sheet], date1904, [p for name, p in parts.items() if name != sheet]


def _date_styles(archive: zipfile.ZipFile) -> tuple[set[int], set[int]]:
    """The cell styles openpyxl reads as dates, and of those as durations (its own
    stylesheet reader)."""
    from openpyxl.styles.stylesheet import Stylesheet
    from openpyxl.xml.functions import fromstring

    if _STYLES not in archive.namelist():
        return set(), set()
    stylesheet = Stylesheet.from_tree(fromstring(archive.read(_STYLES)))
    if not stylesheet.cell_styles:
        return set(), set()
    return set(stylesheet.date_formats), set(stylesheet.timedelta_formats)


class _Sink:
    """An lxml parser target that keeps nothing; notes a document type declaration."""

    def __init__(self) -> None:
        self.declared = False

    def doctype(self, *_args: Any) -> None:
        self.declared = True

    def close(self) -> None:
        return None


class _Checks(threading.Thread):
    """What runs while calamine reads: the scan of the sheet's values, then the workbook
    opened with openpyxl's own reader, then the shared strings searched for escapes
    (regular expressions free the GIL for calamine, which frees it too). ``overrides`` is None
    when the sheet must go to openpyxl."""

    def __init__(
        self, path: Path, sheet: str, styles: tuple[set[int], set[int]], date1904: bool
    ) -> None:
        super().__init__(name="xlsx-values", daemon=True)
        self.path, self.sheet = path, sheet
        self.styles, self.date1904 = styles, date1904
        self.overrides: Overrides | None = None

    def run(self) -> None:
        try:
            with zipfile.ZipFile(self.path) as archive:
                dates, durations = self.styles
                found = scan_values(
                    archive, self.sheet, dates, durations=durations, date1904=self.date1904
                )
                if found is None or not opens_alike(self.path, self.sheet):
                    return
                for part in archive.namelist():
                    if part.lower().endswith("sharedstrings.xml") and has_escapes(archive, part):
                        return
            self.overrides = found
        except Exception:  # a damaged part: openpyxl says what is wrong
            self.overrides = None


class _Wellformed(threading.Thread):
    """Every part in ``parts`` parsed by libxml2, building nothing (it frees the GIL)."""

    def __init__(self, path: Path, parts: list[str]) -> None:
        super().__init__(name="xlsx-xml", daemon=True)
        self.path, self.parts = path, parts
        self.ok = False
        self.stop = False

    def run(self) -> None:
        try:
            with zipfile.ZipFile(self.path) as archive:
                for part in self.parts:
                    if self.stop or not _wellformed(archive, part):
                        return
            self.ok = True
        except Exception:  # a damaged part: openpyxl says what is wrong
            self.ok = False


def _wellformed(archive: zipfile.ZipFile, part: str) -> bool:
    sink = _Sink()
    parser = etree.XMLParser(
        target=sink, resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True
    )
    try:
        with archive.open(part) as member:
            while chunk := member.read(1 << 20):
                parser.feed(chunk)
        parser.close()
    except etree.XMLSyntaxError:
        return False
    return not sink.declared


def read_sheet(path: Path, sheet: str) -> tuple[Rows, int] | None:
    """The rows of ``sheet`` read by calamine, and the number of rows; None when openpyxl must
    read it (see the module)."""
    try:
        with zipfile.ZipFile(path) as archive:
            found = _sheet_part(archive, sheet)
            names = archive.namelist()
            if found is None or found[0] not in names:
                return None
            part, date1904, others = found
            if sheet_extent(archive, part) is None:  # before calamine sees it
                return None
            dimension = sheet_dimension(archive, part)
            xml = [n for n in names if n.endswith((".xml", ".rels")) and n not in others]
            checks = _Checks(path, part, _date_styles(archive), date1904)
            wellformed = _Wellformed(path, xml)
    except Exception:  # zipfile or lxml on a damaged workbook: openpyxl says what
        return None
    checks.start()
    wellformed.start()
    data = None
    try:
        data = _load(path, sheet)
    finally:
        wellformed.stop = data is None  # no use going on
        checks.join()
        wellformed.join()
    if data is None or checks.overrides is None or not wellformed.ok:
        return None
    start = data.start or (0, 0)
    rows = _rows(data, start[1], checks.overrides)
    if dimension is None:
        return rows, (data.end or (0, 0))[0] + 1
    # as openpyxl read-only: no row below the <dimension>, no cell right of it
    _first_column, _first_row, last_column, last_row = dimension
    return (row[:last_column] for row in islice(rows, last_row)), last_row


def _load(path: Path, sheet: str) -> Any:
    """calamine's sheet, or None when calamine raised (or panicked: pyo3 raises a
    ``PanicException``, which is a BaseException)."""
    import python_calamine

    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        try:
            return workbook.get_sheet_by_name(sheet)
        finally:
            workbook.close()
    except Exception:
        return None
    except BaseException as exc:
        if type(exc).__name__ == "PanicException":
            return None
        raise


def _other(value: Any) -> Any:
    kind = type(value)
    if kind is float:
        return int(value) if value.is_integer() and -_EXACT < value < _EXACT else value
    if kind is date:
        return datetime(value.year, value.month, value.day)
    return value


def _rows(data: Any, first_column: int, exact: Overrides) -> Rows:
    """calamine's rows as openpyxl gives them (see the module)."""
    pad = (None,) * first_column
    overrides: dict[int, list[tuple[int, Any]]] = {}
    for (at, column), value in exact.items():
        overrides.setdefault(at, []).append((column, value))
    for number, values in enumerate(data.iter_rows()):
        cells = [v or None if type(v) is str else _other(v) for v in values]
        if number in overrides:
            for column, value in overrides[number]:
                if 0 <= column - first_column < len(cells):
                    cells[column - first_column] = value
        yield pad + tuple(cells) if pad else tuple(cells)
