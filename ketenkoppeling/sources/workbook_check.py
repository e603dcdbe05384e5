"""Checking a workbook (.xlsx) before openpyxl opens it, and Dutch reasons for what openpyxl
raises on a damaged one.

A workbook is a zip archive of XML parts. :func:`check_workbook` refuses, from the zip's
central directory alone:

- an empty file, an old Office file (.xls, or a workbook protected by a password, which is
  an OLE container too), a file that is no zip or a zip cut off (no central directory);
- a zip without ``[Content_Types].xml`` and ``_rels/.rels`` (no workbook), or with more than
  :data:`MAX_MEMBERS` parts, or with an encrypted part;
- a zip bomb: more than :data:`MAX_UNPACKED` unpacked in all, more than
  :data:`MAX_SHARED_STRINGS` of shared strings (which openpyxl keeps in memory), or, above
  :data:`RATIO_FLOOR`, more than :data:`MAX_RATIO` times the file's size.

Then it reads the start of every part and refuses an XML part one whose prolog holds a document type
declaration (``<!DOCTYPE``: a DTD, and so any entity declaration), naming the part and line.

A part that unpacks to more than the central directory says cannot slip past these limits:
Python's zipfile stops at the declared size, and the part then fails its CRC check, which
refuses the file when openpyxl reads it (tested).
"""

from __future__ import annotations

import codecs
import zipfile
import zlib
from pathlib import Path
from xml.etree.ElementTree import ParseError

from ketenkoppeling.sources.base import SourceRefused

MAX_UNPACKED = 1 << 30  # 1 GiB unpacked in all
MAX_SHARED_STRINGS = 256 << 20  # 256 MiB of shared strings
MAX_RATIO = 100  # unpacked size / file size ...
RATIO_FLOOR = 16 << 20  # ... once more than 16 MiB is unpacked
MAX_MEMBERS = 10_000
MAX_PROLOG = 64 * 1024  # bytes before the root element of an XML part
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _mib(size: int) -> str:
    return f"{size / (1 << 20):.0f} MB"


def _prolog_problem(data: bytes, complete: bool) -> tuple[int, str] | None:
    """(line, reason) when the prolog of an XML part is not plain: a DOCTYPE, or no end."""
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            text = data.decode(name, errors="replace")
            break
    else:
        text = data.decode("utf-8", errors="replace").lstrip("\ufeff")
    at, size = 0, len(text)
    while True:
        while at < size and text[at] in " \t\r\n":
            at += 1
        if at >= size:
            return None if complete else (text.count("\n") + 1, "te lange XML-inleiding")
        if text.startswith("<?", at) or text.startswith("<!--", at):
            end = text.find("?>" if text[at + 1] == "?" else "-->", at + 2)
            if end < 0:
                return None if complete else (text.count("\n") + 1, "te lange XML-inleiding")
            at = end + 2 + (text[at + 1] == "!")
            continue
        if text.startswith("<!", at):
            return text.count("\n", 0, at) + 1, "een DTD of entiteitsdeclaratie (<!DOCTYPE …>)"
        return None


def check_workbook(path: Path) -> None:
    """Refuse (SourceRefused, Dutch) a workbook openpyxl must not open; see the module."""
    name = path.name
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            start = handle.read(8)
    except OSError:
        raise SourceRefused(f"{name} kan niet worden gelezen") from None
    if size == 0:
        raise SourceRefused(f"{name}: het bestand is leeg")
    if start.startswith(_OLE):
        raise SourceRefused(
            f"{name} is een oud Excel-bestand (.xls) of een met een wachtwoord beveiligde "
            "werkmap; sla het op als .xlsx zonder wachtwoord"
        )
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        if start.startswith(b"PK"):
            raise SourceRefused(
                f"{name} is geen leesbaar Excel-bestand (.xlsx): het zip-archief is onvolledig "
                "of beschadigd (afgebroken download?)"
            ) from None
        raise SourceRefused(
            f"{name} is geen leesbaar Excel-bestand (.xlsx): het is geen zip-archief"
        ) from None
    with archive:
        _check_members(name, size, archive)


def _check_members(name: str, size: int, archive: zipfile.ZipFile) -> None:
    infos = archive.infolist()
    names = {info.filename for info in infos}
    if len(infos) > MAX_MEMBERS:
        raise SourceRefused(f"{name}: de werkmap heeft meer dan {MAX_MEMBERS} onderdelen")
    for part in ("[Content_Types].xml", "_rels/.rels"):
        if part not in names:
            raise SourceRefused(
                f"{name} is geen leesbaar Excel-bestand (.xlsx): een zip-archief zonder "
                f"werkmap ({part} ontbreekt)"
            )
    if any(info.flag_bits & 0x1 for info in infos):
        raise SourceRefused(f"{name}: de werkmap bevat versleutelde onderdelen")
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_UNPACKED:
        raise SourceRefused(
            f"{name} pakt uit tot {_mib(unpacked)}; meer dan {_mib(MAX_UNPACKED)} wordt niet "
            "gelezen"
        )
    if unpacked > RATIO_FLOOR and unpacked > MAX_RATIO * size:
        raise SourceRefused(
            f"{name} pakt uit tot {_mib(unpacked)}, {unpacked // max(size, 1)} keer zo groot als "
            f"het bestand; meer dan {MAX_RATIO} keer wordt niet gelezen (een zip-bom?)"
        )
    for info in infos:
        if info.filename.lower().endswith("sharedstrings.xml") and (
            info.file_size > MAX_SHARED_STRINGS
        ):
            raise SourceRefused(
                f"{name}: de gedeelde teksten pakken uit tot {_mib(info.file_size)}; meer "
                f"dan {_mib(MAX_SHARED_STRINGS)} wordt niet gelezen"
            )
    for info in infos:
        if not info.is_dir():  # a part that is no XML passes at its first byte
            _check_part(name, archive, info)


def _check_part(name: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    try:
        with archive.open(info) as member:
            data = member.read(MAX_PROLOG)
    except Exception as exc:  # zipfile, zlib and others for a damaged part
        raise refusal(Path(name), exc, f"onderdeel {info.filename}") from None
    problem = _prolog_problem(data, complete=len(data) < MAX_PROLOG)
    if problem is not None:
        line, reason = problem
        raise SourceRefused(
            f"{name}, onderdeel {info.filename}, regel {line}: {reason}; zo'n werkmap wordt "
            "om veiligheidsredenen niet gelezen",
            line=line,
        )


def refusal(path: Path, exc: BaseException, where: str = "") -> SourceRefused:
    """The Dutch refusal of a workbook for what reading it raised (no exception name, no
    English detail); the exceptions it was raised from are looked at too (openpyxl wraps
    what its XML parser raised)."""
    if isinstance(exc, SourceRefused):
        return exc
    at = f", {where}" if where else ""
    line: int | None = None
    for cause in _causes(exc):
        found = _reason(cause)
        if found is not None:
            reason, line = found
            break
    else:
        reason = "de werkmap is beschadigd of is geen geldige Excel-werkmap"
    return SourceRefused(f"{path.name}{at}: {reason}", line=line)


def _causes(exc: BaseException) -> list[BaseException]:
    found: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in found and len(found) < 10:
        found.append(current)
        current = current.__cause__ or current.__context__
    return found


def _reason(exc: BaseException) -> tuple[str, int | None] | None:
    """Dutch for one kind of exception, with the line where the parser knows it."""
    if isinstance(exc, zipfile.BadZipFile):
        if "CRC" in str(exc):
            return (
                "een onderdeel van het zip-archief klopt niet met zijn controlegetal (CRC); "
                "het bestand is beschadigd"
            ), None
        return "het zip-archief is beschadigd", None
    if isinstance(exc, EOFError | zlib.error):
        return "het zip-archief is onvolledig of beschadigd", None
    if isinstance(exc, NotImplementedError):
        return "het zip-archief gebruikt een onbekende compressiemethode", None
    if _defused(exc):
        return (
            "de werkmap bevat een DTD of entiteitsdeclaratie; zo'n werkmap wordt om "
            "veiligheidsredenen niet gelezen"
        ), None
    if isinstance(exc, ParseError) or type(exc).__name__ == "XMLSyntaxError":
        position = getattr(exc, "position", None)
        line = position[0] if position else getattr(exc, "lineno", None)
        return "ongeldige XML in de werkmap" + (f" (regel {line})" if line else ""), line
    if type(exc).__name__ == "InvalidFileException":
        return "het is geen Excel-werkmap (.xlsx)", None
    return None


def _defused(exc: BaseException) -> bool:
    try:
        from defusedxml import DefusedXmlException
    except ImportError:  # pragma: no cover - a dependency of the product
        return False
    return isinstance(exc, DefusedXmlException)
