"""Totals as ``=SUM(…)`` formulas that carry their checked value.

openpyxl writes a formula cell as ``<c r="D12" s="3"><f>SUM(D5:D11)</f><v></v></c>``: without
a cached value, so a reader that does not calculate (a viewer, a script with
``data_only=True``, a preview) sees an empty total. :func:`save` therefore saves the workbook
into memory and fills the ``<v>`` of every registered total with the value that was checked
to be the sum of its column, in the worksheet XML of the saved package. Every registered cell
must be found exactly once; anything else is an error, never a silently empty total.
"""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from decimal import Decimal
from io import BytesIO
from pathlib import Path, PurePosixPath
from typing import IO, Any, BinaryIO
from weakref import WeakKeyDictionary

from lxml import etree
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_SUM = re.compile(r"SUM\(([A-Z]{1,3})(\d+):\1(\d+)\)")

#: worksheet → cell coordinate → (formula without '=', cached value as XML text)
_TOTALS: WeakKeyDictionary[Worksheet, dict[str, tuple[str, str]]] = WeakKeyDictionary()


class TotalsError(RuntimeError):
    """A total's cached value could not be written: the workbook is not saved."""


def xml_number(value: Decimal | int) -> str:
    """The text of a number in a ``<v>`` element (no exponent)."""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(int(value))


def register(ws: Worksheet, coordinate: str, formula: str, value: Decimal | int) -> None:
    """Remember that ``coordinate`` holds ``formula`` (``SUM(D5:D11)``) worth ``value``."""
    if not _SUM.fullmatch(formula):
        raise TotalsError(f"alleen SUM-totalen zijn toegestaan, niet {formula}")
    _TOTALS.setdefault(ws, {})[coordinate] = (formula, xml_number(value))


def registered(ws: Worksheet) -> dict[str, tuple[str, str]]:
    return dict(_TOTALS.get(ws, {}))


def save(wb: Workbook, path: Path | str) -> Path:
    """Save ``wb`` at ``path`` (its folder made when needed) with the cached totals filled;
    written under a temporary name and renamed when complete (never half a workbook)."""
    path = Path(path)
    totals = {ws.title: registered(ws) for ws in wb.worksheets}
    if wb.write_only:  # fill a streamed sheet in its own file, before it is packed
        for ws in wb.worksheets:
            if totals.get(ws.title) and _fill_streamed_sheet(ws, totals[ws.title]):
                del totals[ws.title]
    buffer = BytesIO()
    wb.save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        with partial.open("wb") as target:
            buffer.seek(0)
            fill_package(buffer, target, {k: v for k, v in totals.items() if v})
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def _fill_streamed_sheet(ws: Any, cells: dict[str, tuple[str, str]]) -> bool:
    """Fill the totals of a write-only sheet in the file openpyxl streamed it to (closing the
    sheet first), so the package need not be unpacked and packed again; False when that file
    is not at hand (the totals are then filled in the package)."""
    if not ws.closed:
        ws.close()
    streamed = getattr(getattr(ws, "_writer", None), "out", None)
    if not isinstance(streamed, str) or not os.path.isfile(streamed):
        return False
    filled = f"{streamed}.filled"
    try:
        with open(streamed, "rb") as src, open(filled, "wb") as dst:
            _fill_stream(src, dst, cells, ws.title)
        os.replace(filled, streamed)
    finally:
        if os.path.exists(filled):
            os.remove(filled)
    return True


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → part name in the package (``xl/worksheets/sheet1.xml``)."""
    rels = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {}
    for rel in rels.iter(_PKG_REL):
        target = rel.get("Target", "")
        part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl", target))
        targets[rel.get("Id")] = part
    book = etree.fromstring(archive.read("xl/workbook.xml"))
    return {sheet.get("name", ""): targets[sheet.get(_REL)] for sheet in book.iter(f"{_MAIN}sheet")}


def fill_cached_values(package: bytes, totals: dict[str, dict[str, tuple[str, str]]]) -> bytes:
    """The xlsx ``package`` with the ``<v>`` of each total (sheet → coordinate → (formula,
    value)) filled in. Raises TotalsError when a total is not found exactly as written."""
    out = BytesIO()
    fill_package(BytesIO(package), out, totals)
    return out.getvalue()


def fill_package(
    source: BinaryIO, target: BinaryIO, totals: dict[str, dict[str, tuple[str, str]]]
) -> None:
    """Copy the xlsx package ``source`` to ``target`` with the totals filled in (see
    :func:`fill_cached_values`); a sheet is streamed through in pieces, so a sheet of a
    hundred thousand rows is never held in memory whole."""
    if not totals:
        shutil.copyfileobj(source, target)
        return
    with zipfile.ZipFile(source) as archive:
        parts = _sheet_parts(archive)
        by_part = {parts[sheet]: cells for sheet, cells in totals.items()}
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
            for info in archive.infolist():
                cells = by_part.get(info.filename)
                if cells is None:
                    package.writestr(info, archive.read(info), compress_type=zipfile.ZIP_DEFLATED)
                    continue
                entry = zipfile.ZipInfo(info.filename, info.date_time)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = info.external_attr
                big = info.file_size >= zipfile.ZIP64_LIMIT // 2
                with archive.open(info) as src, package.open(entry, "w", force_zip64=big) as dst:
                    _fill_stream(src, dst, cells, info.filename)


CHUNK = 1 << 20


def _fill_stream(
    src: IO[bytes], dst: IO[bytes], cells: dict[str, tuple[str, str]], part: str
) -> None:
    """Stream a sheet's XML from ``src`` to ``dst`` with the totals filled. A total is one
    ``<c …>…</c>`` element with no ``<c `` inside it, so each piece is cut at its last
    ``<c `` and the rest goes with the next piece: no total is ever split."""
    filled: set[str] = set()
    carry = b""
    while True:
        chunk = src.read(CHUNK)
        data = carry + chunk
        if not chunk:
            dst.write(_fill_sheet(data, cells, part, filled))
            break
        cut = data.rfind(b"<c ")
        if cut <= 0:
            carry = data
            continue
        dst.write(_fill_sheet(data[:cut], cells, part, filled))
        carry = data[cut:]
    missing = set(cells) - filled
    if missing:
        raise TotalsError(f"{part}: totalen niet gevonden: {', '.join(sorted(missing))}")


def _fill_sheet(
    xml: bytes, cells: dict[str, tuple[str, str]], part: str, filled: set[str]
) -> bytes:
    """``xml`` (a piece of a sheet) with the totals in it filled; adds them to ``filled``."""
    alternatives = b"|".join(re.escape(c.encode()) for c in cells)
    pattern = re.compile(
        rb'<c r="(' + alternatives + rb')"((?: [A-Za-z:]+="[^"]*")*)>'
        rb"<f>([^<]*)</f>(?:<v></v>|<v ?/>)</c>"
    )

    def fill(match: re.Match[bytes]) -> bytes:
        coordinate = match.group(1).decode()
        formula, value = cells[coordinate]
        if match.group(3).decode() != formula or coordinate in filled:
            raise TotalsError(f"{part} {coordinate}: onverwachte formule {match.group(3)!r}")
        filled.add(coordinate)
        return (
            b'<c r="' + match.group(1) + b'"' + match.group(2) + b"><f>" + match.group(3)
            + b"</f><v>" + value.encode() + b"</v></c>"
        )  # fmt: skip

    return pattern.sub(fill, xml)
