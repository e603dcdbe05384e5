"""Quick passes over a worksheet's XML around python-calamine's reading of it: is it safe to
hand to calamine, and will calamine give exactly what openpyxl gives?

python-calamine holds a sheet as one dense grid (rows × columns of the cells' extent, about 32
bytes a cell, allocated at once: a workbook with one cell in A1 and one in XFD1048576 makes it
ask for 550 GB, and the process aborts). It is also more lenient than openpyxl, which the
product's behaviour was built on: it reads a number cell holding text as text, an error cell as
empty, a date cell out of range as its number, and it decodes ``_x0041_`` escapes that
openpyxl leaves as they are. The passes run at C speed (byte searches and regular expressions
with a literal start over the inflated part, a chunk at a time, the chunks overlapping):

- :func:`sheet_extent`, before calamine: the largest column and, by the number of its digits,
  the largest row a cell names (exact when that bound is too large), against a budget and
  against the number of cells written; every cell must give its position first (``<c r="…"``);
- :func:`scan_values`, while calamine reads: no element with a namespace prefix, no error cell
  (``t="e"``) or ISO date cell (``t="d"``), no ``_xHHHH_`` escape, and every ``<v>`` that is
  not a plain small number looked at: a number openpyxl could not read (text, over 4,300
  digits, anything but digits, point and exponent), a date cell out of range or in a 1904
  workbook.

Whatever they find sends the sheet to openpyxl (they return None): slower, and exactly as
before. Integers of 16 digits or more, and whole numbers written with a point or an exponent,
come back as *overrides*: the exact value openpyxl gives at that position.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from typing import Any

CHUNK = 4 << 20
CARRY = 8 << 10  # bytes of the previous chunk scanned again (a match across the boundary)
MAX_GRID_CELLS = 12_000_000  # calamine's grid: ~32 bytes a cell (and its text), ~400 MB
SPARSE = 4  # the grid may hold at most this many cells per cell written (plus SPARSE_FLOOR)
SPARSE_FLOOR = 1_000_000
LAST_DATE = 2_958_466  # 10000-01-01 as an Excel serial: openpyxl refuses a date from here on
_PREFIXED = re.compile(rb":(?:c|row|v|is|f|sheetData|dimension)[\s>/]")
_WIDE_ALL = re.compile(rb'<c r="([A-Z]{2,})\d')
_ESCAPE = re.compile(rb"_x[0-9A-Fa-f]{4}_")
# a <v> that is not a whole number of up to 15 digits (a float holds it exactly) nor a decimal
# below 10^6 ending in a non-zero digit: both read alike by calamine and openpyxl
_ODD_VALUE = re.compile(rb"<v>(?!\d{1,15}</v>|\d{1,6}\.\d*[1-9]</v>)")
_ERROR_OR_ISO = re.compile(rb"t=[\"'][ed][\"']")
# what openpyxl refuses or reads apart, in a sheet that is well-formed: a cell type it does not
# know, a style that is no number, attributes, elements or rich text in an inline string, an
# empty inline string ('' in openpyxl, an empty cell in calamine); a row without its number
# first, or with a number that is no number, fails the places' check
_ODD_MARKUP = tuple(
    re.compile(pattern)  # each with a literal start, for speed
    for pattern in (
        rb' t=(?:\'|"(?!(?:s|str|inlineStr|n|b)"))',
        rb' s=(?:\'|"(?!\d+"))',
        rb'<is(?:[\s/]|>(?!<t(?: xml:space="preserve")?>[^<]|<r>))',  # empty, or unknown
        rb"<r(?:\s|P[rh])",  # rich text
        rb'<t(?:\s(?!xml:space="preserve">)|(?: xml:space="preserve")?>[^<]*<(?!/t>))',
        rb"</is>(?!</c>)",  # more in the cell than its inline string
        rb'<c (?![^>]*t="inlineStr")[^>]*><is>',  # an inline string in a cell of another type
    )
)
_PLACES = re.compile(rb'<(?:row r="(\d+)"|c r="([A-Z]{1,3})(\d+)")')
_LONGEST_REF = len(b'<c r="XFD1048576"')
_OPENPYXL_NUMBER = re.compile(
    rb"-?(?:\d{1,4300}|\d*\.\d*(?:[eE][-+]?\d+)?|\d+[eE][-+]?\d+)"
)  # what openpyxl's int()/float() reads, less exotic forms (those go to openpyxl)
_ATTRIBUTE = re.compile(rb'\s([a-z]+)="([^"]*)"')
_REF = re.compile(rb"([A-Z]{1,3})(\d+)")


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


class _Refused(Exception):
    """The sheet goes to openpyxl."""


class _Extent:
    """The bound of the cells' extent (see :func:`sheet_extent`)."""

    def __init__(self) -> None:
        self.digits = 0  # of the largest row number a cell names
        self.written = 0  # cells written (each with its position)
        self.columns = 26  # the largest column, at least Z

    def pattern(self, wide: bool) -> re.Pattern[bytes]:
        """A cell that does not start with its position, a row number of more digits than
        seen so far, or (until ``wide``) a cell beyond column Z."""
        more = rb"\d{%d}" % (self.digits + 1)
        named = rb"[A-Z]{1,3}" + more if wide else rb"[A-Z]{2}|[A-Z]" + more
        return re.compile(rb'<c(?:[\t\n\r>/]| (?!r="[A-Z]{1,3}[1-9]\d*")| r="(?:' + named + b"))")

    def chunk(self, buf: bytes, until: int) -> None:
        self.written += _count(buf, b'<c r="', until)
        wide = False
        pattern = self.pattern(wide)
        at = 0
        while (found := pattern.search(buf, at)) is not None and found.start() < until:
            ref = _REF.match(buf, found.start() + 6)
            if (
                not found.group().startswith(b'<c r="')
                or ref is None
                or not buf.startswith(b'"', ref.end())
                or buf.startswith(b"0", ref.start(2))
            ):
                raise _Refused  # a cell that does not give its position first, as A1
            if len(ref.group(1)) > 1 and not wide:
                for letters in _WIDE_ALL.findall(buf):
                    self.columns = max(self.columns, _column(letters))
                wide = True
            self.digits = max(self.digits, len(ref.group(2)))
            pattern, at = self.pattern(wide), found.start() + 1

    def exact_rows(self, archive: zipfile.ZipFile, part: str) -> int:
        pattern = re.compile(rb'<c r="[A-Z]+(\d{%d,})' % self.digits)
        last = 0
        for buf, _last in _chunks(archive, part):
            for number in pattern.findall(buf):
                last = max(last, int(number))
        return last


class _Values:
    """What calamine reads differently (see :func:`scan_values`)."""

    def __init__(self, date_styles: set[int], durations: set[int], date1904: bool) -> None:
        self.date_styles, self.durations = date_styles, durations
        self.date1904 = date1904
        # a date cell with a time of day (calamine may round it to another millisecond than
        # openpyxl) or whose whole part has 7 digits or more (maybe out of openpyxl's range)
        self.dates = (
            re.compile(
                rb' s="(%s)"[^>]*>(?:<f\b[^>]*>[^<]*</f>|<f\b[^>]*/>)?<v>(\d{7,}|\d*\.\d*)</v>'
                % b"|".join(str(style).encode() for style in sorted(date_styles))
            )
            if date_styles
            else None
        )
        self.overrides: dict[tuple[int, int], Any] = {}
        self.in_rows = False
        self.row = b""  # the row the last cell was in, and that cell's column
        self.column: tuple[int, bytes] = (0, b"")
        self.before = b""  # the sheet's XML before its rows, and after them
        self.after = b""

    def chunk(self, buf: bytes, until: int) -> None:
        if _PREFIXED.search(buf) or _ERROR_OR_ISO.search(buf):
            raise _Refused
        # openpyxl takes a sheet's size from a <dimension> up to the end of the rows, the
        # reader here from one before them
        rows_at = 0 if self.in_rows else buf.find(b"<sheetData")
        if rows_at < 0:
            raise _Refused  # more than a chunk before the rows
        if not self.in_rows:
            self.in_rows, self.before = True, buf[:rows_at]
        if buf.find(b"<dimension", rows_at) >= 0:
            raise _Refused
        if until == len(buf):  # the last chunk
            end = buf.rfind(b"</sheetData>")
            self.after = buf[end + len(b"</sheetData>") :] if end >= 0 else b""
            if end < 0 and not buf[rows_at:].lstrip().startswith(b"<sheetData/>"):
                raise _Refused
        for pattern in _ODD_MARKUP:
            odd = pattern.search(buf)
            if odd is not None and odd.start() < until:
                raise _Refused
        if self.dates is not None:
            for found in self.dates.finditer(buf):
                if found.start() >= until:
                    break
                self._date(buf, found)
        if b"_x" in buf and _ESCAPE.search(buf):
            raise _Refused
        for match in _ODD_VALUE.finditer(buf):
            if match.start() >= until:
                break
            self._value(buf, match.end())
        self._places(buf, until)

    def _date(self, buf: bytes, found: re.Match[bytes]) -> None:
        """A date cell's exact value as openpyxl computes it (an override), or refused."""
        from openpyxl.utils.datetime import from_excel

        serial = float(found.group(2))
        if self.date1904 or not 0 <= serial < LAST_DATE:
            raise _Refused
        if serial.is_integer():
            return
        cell = buf.rfind(b"<c ", 0, found.start())
        position = _REF.match(buf, cell + 6) if cell >= 0 else None
        if position is None or not buf.startswith(b'<c r="', cell):
            raise _Refused
        place = (int(position.group(2)) - 1, _column(position.group(1)) - 1)
        duration = int(found.group(1)) in self.durations
        self.overrides[place] = from_excel(serial, timedelta=duration)

    def _places(self, buf: bytes, until: int) -> None:
        """Every cell in the row its position names, the columns of a row in order: openpyxl
        puts a cell in the row it stands in and ends a row at its last cell's column, calamine
        puts it where its position says."""
        row, column = self.row, self.column
        # every match that starts before ``until``, once: those before the last "<" ahead of
        # it whole (a match holds no other "<"), the few after it one by one
        cut = buf.rfind(b"<", 0, until) if until < len(buf) else len(buf)
        found = _PLACES.findall(buf, 0, max(cut, 0))
        if cut < len(buf):
            end = min(len(buf), until + _LONGEST_REF)
            found += [
                m.groups() for m in _PLACES.finditer(buf, max(cut, 0), end) if m.start() < until
            ]
        for row_number, letters, number in found:
            if row_number:
                row, column = row_number, (0, b"")
                continue
            if number != row or (len(letters), letters) < column:
                raise _Refused
            column = (len(letters), letters)
        self.row, self.column = row, column

    def _value(self, buf: bytes, start: int) -> None:
        end = buf.find(b"</v>", start)
        cell = buf.rfind(b"<c ", 0, start)
        close = buf.find(b">", cell)
        if end < 0 or cell < 0 or close < 0 or close > start or b"</c>" in buf[close:start]:
            raise _Refused  # the value's cell is not where a cell's value is
        attributes = dict(_ATTRIBUTE.findall(buf[cell + 2 : close + 1].replace(b"/>", b" ")))
        kind = attributes.get(b"t", b"n")
        text = buf[start:end]
        if kind in (b"s", b"str", b"inlineStr") or not text:  # an empty <v/>: None in both
            return
        if kind == b"b" and text in (b"0", b"1"):
            return
        if kind != b"n":
            raise _Refused
        if not _OPENPYXL_NUMBER.fullmatch(text) or not any(c in b"0123456789" for c in text):
            raise _Refused  # openpyxl refuses it, or reads it in a way calamine does not
        exact: int | float = float(text) if b"." in text or b"e" in text.lower() else int(text)
        style = int(attributes.get(b"s", b"0") or 0)
        if style in self.date_styles:
            if self.date1904 or not 0 <= exact < LAST_DATE:
                raise _Refused
            return
        position = _REF.fullmatch(attributes.get(b"r", b""))
        if position is None:
            raise _Refused
        if (isinstance(exact, int) and abs(exact) >= 1 << 53) or (
            isinstance(exact, float) and exact.is_integer() and abs(exact) < 1 << 53
        ):
            place = (int(position.group(2)) - 1, _column(position.group(1)) - 1)
            self.overrides[place] = exact


def _chunks(archive: zipfile.ZipFile, part: str) -> Iterator[tuple[bytes, bool]]:
    """The inflated part a chunk at a time, each after the last CARRY bytes of the one
    before; and whether it is the last."""
    tail = b""
    with archive.open(part) as member:
        chunk = member.read(CHUNK)
        while chunk:
            following = member.read(CHUNK)
            yield tail + chunk, not following
            tail, chunk = chunk[-CARRY:], following


def _count(buf: bytes, needle: bytes, until: int) -> int:
    """The occurrences of ``needle`` starting before ``until`` (the next buffer counts the
    rest)."""
    return buf.count(needle, 0, until + len(needle) - 1)


def _until(buf: bytes, last: bool) -> int:
    """Where matches of this buffer end: one in the last CARRY bytes comes again, whole, at
    the start of the next buffer."""
    return len(buf) if last else len(buf) - CARRY


def sheet_extent(archive: zipfile.ZipFile, part: str) -> int | None:
    """A bound of the cells calamine's grid of worksheet ``part`` holds, or None when it is
    above :data:`MAX_GRID_CELLS` or :data:`SPARSE` times the cells written (a few cells far
    apart: a small file that would take much memory), or when a cell does not give its position
    first (``<c r="…"``)."""
    extent = _Extent()
    try:
        for buf, last in _chunks(archive, part):
            extent.chunk(buf, _until(buf, last))
    except _Refused:
        return None
    rows = 10**extent.digits
    if rows * extent.columns > MAX_GRID_CELLS:
        rows = extent.exact_rows(archive, part)
    cells = rows * extent.columns
    if cells > MAX_GRID_CELLS or cells > SPARSE * extent.written + SPARSE_FLOOR:
        return None
    return cells


def scan_values(
    archive: zipfile.ZipFile,
    part: str,
    date_styles: set[int],
    *,
    durations: set[int] | None = None,
    date1904: bool = False,
) -> dict[tuple[int, int], Any] | None:
    """The values to put in place of calamine's ((row, column) from 0 → openpyxl's value), or
    None when calamine reads a value of worksheet ``part`` differently (see the module)."""
    values = _Values(date_styles, durations or set(), date1904)
    try:
        for buf, last in _chunks(archive, part):
            values.chunk(buf, _until(buf, last))
    except _Refused:
        return None
    if not _openpyxl_reads(values.before + b"<sheetData/>" + values.after, date_styles):
        return None
    return values.overrides


def _openpyxl_reads(sheet: bytes, date_styles: set[int]) -> bool:
    """True when openpyxl's sheet parser reads the sheet's XML apart from its rows (views,
    columns, margins, merged cells …) without complaint: it builds an object of each, and
    refuses what does not fit."""
    import io

    from openpyxl.worksheet._reader import WorkSheetParser

    parser = WorkSheetParser(io.BytesIO(sheet), [], data_only=True, date_formats=date_styles)
    try:
        for _row in parser.parse():
            pass
    except Exception:
        return False
    return True


def has_escapes(archive: zipfile.ZipFile, part: str) -> bool:
    """True when ``part`` holds an ``_xHHHH_`` escape (calamine decodes it, openpyxl not)."""
    return any(b"_x" in buf and _ESCAPE.search(buf) for buf, _last in _chunks(archive, part))
