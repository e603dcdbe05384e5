"""Totals as ``=SUM(…)`` formulas that carry their checked value.

openpyxl writes a formula cell as ``<c r="D12" s="3"><f>SUM(D5:D11)</f><v></v></c>``: without
a cached value, so a reader that does not calculate (a viewer, a script with
``data_only=True``, a preview) sees an empty total. :func:`save` therefore saves the workbook
into memory and fills the ``<v>`` of every registered total with the value that was checked
to be the sum of its column, in the worksheet XML of the saved package. Every registered cell
must be found exactly once; anything else is an error, never a silently empty total.
"""

from __future__ import annotations

import re
import zipfile
from decimal import Decimal
from io import BytesIO
from pathlib import Path, PurePosixPath
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
    """Save ``wb`` at ``path`` (its folder made when needed) with the cached totals filled."""
    path = Path(path)
    buffer = BytesIO()
    wb.save(buffer)
    totals = {ws.title: registered(ws) for ws in wb.worksheets}
    data = fill_cached_values(buffer.getvalue(), {k: v for k, v in totals.items() if v})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


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
    if not totals:
        return package
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(package)) as archive:
        parts = _sheet_parts(archive)
        by_part = {parts[sheet]: cells for sheet, cells in totals.items()}
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in archive.infolist():
                data = archive.read(info)
                if info.filename in by_part:
                    data = _fill_sheet(data, by_part[info.filename], info.filename)
                target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _fill_sheet(xml: bytes, cells: dict[str, tuple[str, str]], part: str) -> bytes:
    alternatives = b"|".join(re.escape(c.encode()) for c in cells)
    pattern = re.compile(
        rb'<c r="(' + alternatives + rb')"((?: [A-Za-z:]+="[^"]*")*)>'
        rb"<f>([^<]*)</f>(?:<v></v>|<v ?/>)</c>"
    )
    filled: set[str] = set()

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

    result = pattern.sub(fill, xml)
    missing = set(cells) - filled
    if missing:
        raise TotalsError(f"{part}: totalen niet gevonden: {', '.join(sorted(missing))}")
    return result
