"""What a sample file looks like, for someone who knows the files but not their format: the
sheets and columns of a workbook (header found below a title block), the columns of a CSV
file (delimiter and encoding sniffed), or the element tree of an XML file with counts, sample
values and namespaces resolved to prefixes. The mapping workbench shows it beside the fields
of the common model."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ketenkoppeling.mapping.detect import file_format
from ketenkoppeling.mapping.structure_table import (
    ColumnInfo,
    cell_text,
    csv_table,
    detect_header,
    xlsx_sheets,
    xlsx_table,
)
from ketenkoppeling.mapping.structure_xml import SOAP_NAMESPACES, XmlNode, sample_xml
from ketenkoppeling.sources.base import SourceRefused

__all__ = [
    "ColumnInfo",
    "SampleStructure",
    "XmlNode",
    "cell_text",
    "detect_header",
    "relative_xpath",
    "sample_structure",
]


@dataclass
class SampleStructure:
    format: str  # xlsx | csv | xml
    file: Path
    sheets: list[str] = field(default_factory=list)  # every sheet of a workbook
    sheet: str | None = None  # the sheet described
    header_row: int | None = None  # 1-based row (xlsx) or line (csv) of the header
    columns: list[ColumnInfo] = field(default_factory=list)
    rows: int = 0  # data rows (xlsx/csv) or occurrences of record_path (xml)
    root: XmlNode | None = None  # the XML element tree
    namespaces: dict[str, str] = field(default_factory=dict)  # prefix -> uri (xml)
    encoding: str | None = None  # csv: utf-8, utf-8-sig or cp1252
    delimiter: str | None = None  # csv
    truncated: bool = False  # only part was described (max_rows rows, or 2,000 XML paths)
    record_path: str | None = None  # xml: the most repeated element with elements (absolute)
    document_root: str | None = None  # xml: the root element, or the one inside a SOAP Body

    def column(self, name: str) -> ColumnInfo | None:
        wanted = " ".join(name.split()).casefold()
        return next((c for c in self.columns if c.name.casefold() == wanted), None)

    def node(self, path: str) -> XmlNode | None:
        return self.root.find(path) if self.root is not None else None

    @property
    def in_soap_envelope(self) -> bool:
        return self.root is not None and self.root.namespace in SOAP_NAMESPACES


def _format_of(path: Path) -> str:
    fmt = file_format(path)
    if fmt is not None:
        return fmt
    try:
        with path.open("rb") as handle:
            head = handle.read(512)
    except OSError as exc:
        raise SourceRefused(f"{path.name} kan niet worden gelezen: {exc.strerror or exc}") from exc
    if head.startswith(b"PK"):
        return "xlsx"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return "xml"
    return "csv"


def sample_structure(
    path: Path,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    max_rows: int = 100_000,
    progress: Callable[[int, int], None] | None = None,
) -> SampleStructure:
    """Describe ``path`` (see the module docstring). ``sheet`` and ``header_row`` override
    the first sheet and the detected header; at most ``max_rows`` data rows are examined.
    Raises :class:`SourceRefused` (Dutch message) for a file that cannot be read."""
    path = Path(path)
    if not path.is_file():
        raise SourceRefused(f"{path} bestaat niet of is geen bestand")
    fmt = _format_of(path)
    if fmt == "xml":
        sample = sample_xml(path, progress)
        top = sample.document_root()
        record = sample.record_candidate()
        return SampleStructure(
            format="xml",
            file=path,
            rows=record.count if record is not None else 0,
            root=sample.root,
            namespaces=sample.namespaces,
            truncated=sample.truncated,
            record_path=record.path if record is not None else None,
            document_root=top.name if top is not None else None,
        )
    if fmt == "xlsx":
        sheets = xlsx_sheets(path)
        chosen = sheet if sheet is not None else (sheets[0] if sheets else "")
        table = xlsx_table(path, chosen, header_row, max_rows, progress)
        return SampleStructure(
            format="xlsx",
            file=path,
            sheets=sheets,
            sheet=chosen,
            header_row=table.header_row,
            columns=table.columns,
            rows=table.rows,
            truncated=table.truncated,
        )
    csv = csv_table(path, header_row, max_rows, progress)
    return SampleStructure(
        format="csv",
        file=path,
        header_row=csv.header_row,
        columns=csv.columns,
        rows=csv.rows,
        encoding=csv.encoding,
        delimiter=csv.delimiter,
        truncated=csv.truncated,
    )


def _steps(path: str) -> list[str]:
    return [s for s in path.split("/") if s]


def relative_xpath(record_path: str, element_path: str) -> str:
    """The XPath of ``element_path`` (an absolute path from the structure, optionally ending
    in ``/@attribute``) seen from the record element at ``record_path``: ``Registratienr``,
    ``../Burgerservicenr``, ``../Bron/CdPartijSuwi``, ``.`` for the record itself. A record
    path starting with ``//`` is matched on its last steps."""
    record = _steps(record_path)
    element = _steps(element_path)
    if record_path.startswith("//") and record:
        # the record's first step is found anywhere: anchor both paths there
        if record[0] not in element:
            return "/" + "/".join(element)
        element = element[element.index(record[0]) :]
    common = 0
    for a, b in zip(record, element, strict=False):
        if a != b:
            break
        common += 1
    ups = [".."] * (len(record) - common)
    rest = element[common:]
    steps = ups + rest
    return "/".join(steps) if steps else "."
