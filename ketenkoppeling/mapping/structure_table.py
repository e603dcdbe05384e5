"""The columns of a sample workbook sheet or CSV file: the header row (detected below a title
block), and per column its letter, sample values and how often it is filled."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from ketenkoppeling.sources import excel
from ketenkoppeling.sources.base import SourceRefused
from ketenkoppeling.sources.delimited import detect_encoding
from ketenkoppeling.sources.header import normalise_header

MAX_SAMPLES = 5
MAX_SAMPLE_LENGTH = 120
HEADER_SEARCH = 30
DELIMITERS = (";", ",", "\t", "|")
Progress = Callable[[int, int], None]


@dataclass
class ColumnInfo:
    name: str  # the header text, spaces and line breaks collapsed
    letter: str  # Excel column letter, or the field number (1, 2, …) in a CSV file
    samples: list[str] = field(default_factory=list)  # up to 5 distinct non-empty values
    filled: int = 0  # data rows with a value in this column


@dataclass
class Table:
    header_row: int | None  # 1-based row (line in a CSV file); None when the sheet is empty
    columns: list[ColumnInfo]
    rows: int  # data rows (empty rows and a totals row not counted), at most max_rows
    truncated: bool  # more data rows than max_rows: counts cover the first max_rows


def cell_text(value: Any) -> str:
    """A cell value as the user would read it: dates dd-mm-jjjj, whole numbers without .0."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.strftime("%d-%m-%Y")
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _is_totals(row: Sequence[Any]) -> bool:
    first = next((v for v in row if not _empty(v)), None)
    return isinstance(first, str) and normalise_header(first).startswith("totaal")


def detect_header(rows: Sequence[Sequence[Any]]) -> int | None:
    """The 1-based header row among the first rows of a sheet: the first row with at least
    three text cells (nearly all its cells text) followed by a data row that lies under its
    named columns. Falls back to the first row with three text cells, then the first
    non-empty row; None for an empty sheet."""
    filled = [[i for i, v in enumerate(row) if not _empty(v)] for row in rows]
    texts = [[i for i in cells if isinstance(rows[n][i], str)] for n, cells in enumerate(filled)]

    def header_like(n: int) -> bool:
        return len(texts[n]) >= 3 and len(texts[n]) >= 0.8 * len(filled[n])

    for n in range(len(rows)):
        if not header_like(n):
            continue
        below = next((m for m in range(n + 1, len(rows)) if filled[m]), None)
        if below is None:
            continue
        named = set(filled[n])
        covered = sum(1 for i in filled[below] if i in named)
        if len(filled[below]) >= 2 and covered >= 0.8 * len(filled[below]):
            return n + 1
    first = next((n for n in range(len(rows)) if header_like(n)), None)
    if first is None:
        first = next((n for n in range(len(rows)) if filled[n]), None)
    return first + 1 if first is not None else None


class _Columns:
    """Per-column statistics of the data rows under a header."""

    def __init__(self, header: Sequence[Any], letter: Callable[[int], str]):
        self.columns: list[tuple[int, ColumnInfo]] = []
        for i, cell in enumerate(header):
            name = " ".join(str(cell).split()) if not _empty(cell) else ""
            if name:
                self.columns.append((i, ColumnInfo(name, letter(i))))
        self.rows = 0

    def add(self, row: Sequence[Any]) -> None:
        self.rows += 1
        for i, info in self.columns:
            value = row[i] if i < len(row) else None
            if _empty(value):
                continue
            info.filled += 1
            if len(info.samples) < MAX_SAMPLES:
                text = cell_text(value)
                if len(text) > MAX_SAMPLE_LENGTH:
                    text = text[: MAX_SAMPLE_LENGTH - 1] + "…"
                if text not in info.samples:
                    info.samples.append(text)


def _table(
    numbered: Iterable[tuple[int, Sequence[Any]]],
    header_row: int | None,
    letter: Callable[[int], str],
    max_rows: int,
    progress: Progress | None,
    total: int,
) -> Table:
    """Statistics of the rows after ``header_row`` (``numbered`` yields every row)."""
    stats: _Columns | None = None
    truncated = False
    for number, row in numbered:
        if header_row is None or number < header_row:
            continue
        if number == header_row:
            stats = _Columns(row, letter)
            continue
        if all(_empty(v) for v in row) or _is_totals(row):
            continue
        assert stats is not None
        if stats.rows >= max_rows:
            truncated = True
            break
        stats.add(row)
        if progress is not None and stats.rows % 1000 == 0:
            progress(number, total)
    if stats is None:
        return Table(None, [], 0, False)
    return Table(header_row, [info for _, info in stats.columns], stats.rows, truncated)


# --- xlsx --------------------------------------------------------------------------------------


def xlsx_sheets(path: Path) -> list[str]:
    return excel.sheet_names(path)


def xlsx_table(
    path: Path, sheet: str, header_row: int | None, max_rows: int, progress: Progress | None
) -> Table:
    """The columns of ``sheet`` under its header row (given, or detected)."""
    workbook = excel.open_workbook(path)  # checked and guarded; SourceRefused in Dutch
    try:
        if sheet not in workbook.sheetnames:
            found = ", ".join(workbook.sheetnames)
            raise SourceRefused(f"{path.name}: blad '{sheet}' ontbreekt (gevonden: {found})")
        worksheet = workbook[sheet]
        total = worksheet.max_row or 0
        rows = worksheet.iter_rows(values_only=True)
        head: list[tuple[Any, ...]] = []
        for row in rows:
            head.append(row)
            if len(head) >= max(HEADER_SEARCH, header_row or 0):
                break
        if header_row is None:
            header_row = detect_header(head)
        elif header_row > len(head):
            raise SourceRefused(f"{path.name}, blad {sheet}: rij {header_row} bestaat niet")

        def numbered() -> Iterator[tuple[int, Sequence[Any]]]:
            yield from enumerate(head, start=1)
            yield from enumerate(rows, start=len(head) + 1)

        table = _table(numbered(), header_row, lambda i: get_column_letter(i + 1), max_rows,
                       progress, total)  # fmt: skip
        if progress is not None:
            progress(total, total)
        return table
    finally:
        workbook.close()


# --- csv ---------------------------------------------------------------------------------------


def sniff_delimiter(lines: Sequence[str]) -> str:
    """The delimiter (; , tab |) that splits the first lines into the most columns, the same
    number on (nearly) every line."""
    sample = [line for line in lines if line.strip()][:20]
    best, best_score = ";", (False, 0)
    for delimiter in DELIMITERS:
        rows = list(csv.reader(sample, delimiter=delimiter))
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        steady = sum(1 for r in rows if len(r) == width) >= 0.8 * len(rows)
        score = (steady, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


@dataclass
class CsvTable(Table):
    encoding: str = "utf-8"
    delimiter: str = ";"


def csv_table(
    path: Path, header_row: int | None, max_rows: int, progress: Progress | None
) -> CsvTable:
    """Encoding and delimiter sniffed, the header line (the first non-empty one, or
    ``header_row``) and the columns under it."""
    try:
        total = path.stat().st_size
        encoding = detect_encoding(path)
        with path.open("rb") as raw:
            head = raw.read(1 << 16)
            if b"\x00" in head:
                raise SourceRefused(f"{path.name} is geen tekstbestand (CSV)")
            text = head.decode(encoding, errors="replace")
            lines = text.splitlines()
            if len(head) == 1 << 16 and lines:
                lines = lines[:-1]  # the last one may be cut off
            delimiter = sniff_delimiter(lines)
            raw.seek(0)
            wrapper = io.TextIOWrapper(raw, encoding=encoding, newline="")
            reader = csv.reader(wrapper, delimiter=delimiter)

            def numbered() -> Iterator[tuple[int, Sequence[Any]]]:
                try:
                    for row in reader:
                        yield reader.line_num, row
                except UnicodeDecodeError as exc:
                    line = reader.line_num + 1
                    raise SourceRefused(
                        f"{path.name}, regel {line}: tekens die niet in de tekenset passen "
                        f"({exc.reason})",
                        line=line,
                    ) from exc
                except csv.Error as exc:
                    raise SourceRefused(
                        f"{path.name}, regel {reader.line_num}: {exc}", line=reader.line_num
                    ) from exc

            header = header_row
            if header is None:
                first = next(
                    (n for n, line in enumerate(lines, start=1) if line.strip(delimiter + " \t")),
                    None,
                )
                header = first
            if header is None:
                raise SourceRefused(f"{path.name} is leeg: geen kopregel gevonden")
            table = _table(numbered(), header, lambda i: str(i + 1), max_rows, progress, total)
    except OSError as exc:
        raise SourceRefused(f"{path.name} kan niet worden gelezen: {exc.strerror or exc}") from exc
    if progress is not None:
        progress(total, total)
    if table.header_row is None:
        raise SourceRefused(f"{path.name}: regel {header} bestaat niet")
    return CsvTable(
        table.header_row, table.columns, table.rows, table.truncated, encoding, delimiter
    )
