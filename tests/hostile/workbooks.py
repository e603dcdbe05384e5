"""Hand-made workbooks (.xlsx) for the hostile corpus: every part written as text, so that a
test can put anything in it (a DTD, a number no float holds, a broken cell)."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

HEADER = [
    "BSN", "Naam", "Geb.datum", "Regeling", "Instrument", "Aanbieder", "Startdatum",
    "Einddatum", "Trajectnummer", "Factuurnummer", "Periode van", "Periode tot", "Betaaldatum",
    "Kosten", "Budget",
]  # fmt: skip
GOOD = {
    "BSN": "116263684",
    "Naam": "Hoogendoorn, F.",
    "Geb.datum": "11-12-1986",
    "Regeling": "NUG",
    "Instrument": "Brugbaan",
    "Aanbieder": "RIB-0008",
    "Startdatum": "23-07-2008",
    "Einddatum": None,
    "Trajectnummer": "HLM-TRJ-2008-00001",
    "Factuurnummer": "F2008-00002",
    "Periode van": "10-9-2008",
    "Periode tot": "13-10-2008",
    "Betaaldatum": "31-10-2008",
    "Kosten": 1248.65,
    "Budget": "GEM-0392-WD-2008",
}


@dataclass(frozen=True)
class Raw:
    """A cell written exactly as given: its attributes and its inner XML."""

    attrs: str
    inner: str


def cell(ref: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Raw):
        return f'<c r="{ref}"{value.attrs}>{value.inner}</c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'


def trajecten(**changes: Any) -> list[list[Any]]:
    """The Trajectenoverzicht layout: title, header, a good row and a row with ``changes``."""
    bad = {**GOOD, "Trajectnummer": "HLM-TRJ-2008-00099", "Factuurnummer": "F9", **changes}
    return [
        ["Trajectenoverzicht gemeente haarlem"],
        [],
        HEADER,
        [GOOD[h] for h in HEADER],
        [bad[h] for h in HEADER],
    ]


def sheet_xml(rows: Sequence[Sequence[Any]], *, dimension: str | None = None,
              numbers: dict[int, int] | None = None) -> str:  # fmt: skip
    body = []
    for r, row in enumerate(rows, start=1):
        number = (numbers or {}).get(r, r)
        cells = "".join(cell(f"{get_column_letter(c)}{number}", v) for c, v in enumerate(row, 1))
        body.append(f'<row r="{number}">{cells}</row>')
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'{DECL}<worksheet xmlns="{MAIN}">{dim}<sheetData>{"".join(body)}</sheetData></worksheet>'
    )


STYLES = (
    f'{DECL}<styleSheet xmlns="{MAIN}"><fonts count="1"><font/></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" xfId="0"/><xf numFmtId="14" xfId="0" '
    'applyNumberFormat="1"/></cellXfs></styleSheet>'
)


def parts(
    sheet: str, *, sheet_name: str = "Trajecten", shared: str | None = None
) -> dict[str, str]:
    overrides = (
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.styles+xml"/>'
    )
    rels = (
        f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{REL}/styles" Target="styles.xml"/>'
    )
    if shared is not None:
        overrides += (
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        )
        rels += f'<Relationship Id="rId3" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
    found = {
        "[Content_Types].xml": (
            f'{DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f"{overrides}</Types>"
        ),
        "_rels/.rels": (
            f'{DECL}<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'{DECL}<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet name="{sheet_name}" '
            'sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": f'{DECL}<Relationships xmlns="{PKG}">{rels}</Relationships>',
        "xl/styles.xml": STYLES,
        "xl/worksheets/sheet1.xml": sheet,
    }
    if shared is not None:
        found["xl/sharedStrings.xml"] = shared
    return found


def zip_bytes(members: dict[str, str | bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def workbook(
    rows: Sequence[Sequence[Any]] | None = None,
    *,
    edit: Callable[[dict[str, Any]], None] | None = None,
    **options: Any,
) -> bytes:
    """A workbook of ``rows`` (default: :func:`trajecten`), its parts changed by ``edit``."""
    dimension = options.pop("dimension", None)
    numbers = options.pop("numbers", None)
    members = parts(sheet_xml(rows or trajecten(), dimension=dimension, numbers=numbers),
                    **options)  # fmt: skip
    if edit is not None:
        edit(members)
    return zip_bytes(dict(members))


def patch_central_directory(data: bytes, member: str, **fields: int) -> bytes:
    """``data`` with the central directory entry (and local header) of ``member`` changed:
    ``file_size``, ``compress_type`` or ``flag_bits``."""
    out = bytearray(data)
    name = member.encode()
    at = 0
    while (at := out.find(b"PK\x01\x02", at)) >= 0:
        name_len = struct.unpack_from("<H", out, at + 28)[0]
        if bytes(out[at + 46 : at + 46 + name_len]) == name:
            local = struct.unpack_from("<I", out, at + 42)[0]
            if "file_size" in fields:
                struct.pack_into("<I", out, at + 24, fields["file_size"])
                struct.pack_into("<I", out, local + 22, fields["file_size"])
            if "compress_type" in fields:
                struct.pack_into("<H", out, at + 10, fields["compress_type"])
                struct.pack_into("<H", out, local + 8, fields["compress_type"])
            if "flag_bits" in fields:
                struct.pack_into("<H", out, at + 8, fields["flag_bits"])
                struct.pack_into("<H", out, local + 6, fields["flag_bits"])
            return bytes(out)
        at += 4
    raise KeyError(member)
