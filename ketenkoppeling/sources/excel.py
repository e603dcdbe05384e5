"""Reading an Excel sheet row by row (openpyxl read-only), header found by name."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ketenkoppeling.sources.base import Location, ProgressCallback, RawRecord, SourceRefused
from ketenkoppeling.sources.header import HeaderMatch, find_header, normalise_header

MAX_HEADER_SEARCH = 30
MAX_UNCOMPRESSED = 2 * 1024**3  # a zip bomb guard: 2 GiB of uncompressed XML at the most


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise SourceRefused(f"{path.name} is geen leesbaar Excel-bestand (.xlsx): {exc}") from exc
    if total > MAX_UNCOMPRESSED:
        raise SourceRefused(
            f"{path.name} pakt uit tot {total // 1024**2} MB; dat is meer dan toegestaan"
        )


def sheet_names(path: Path) -> list[str]:
    """The sheet names of a workbook (refused when it is no xlsx)."""
    _check_zip(path)
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def peek_rows(path: Path, sheet: str, rows: int = MAX_HEADER_SEARCH) -> list[tuple[Any, ...]]:
    """The first ``rows`` rows of a sheet, for layout detection."""
    _check_zip(path)
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        if sheet not in workbook.sheetnames:
            return []
        return list(workbook[sheet].iter_rows(max_row=rows, values_only=True))
    finally:
        workbook.close()


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def iter_excel_records(
    path: Path,
    sheet: str,
    required: Sequence[str],
    *,
    header_row: int | None = None,
    skip_first_column: Sequence[str] = ("totaal",),
    progress: ProgressCallback | None = None,
) -> Iterator[RawRecord]:
    """Yield every data row of ``sheet`` below its header as a RawRecord.

    The header is the row ``header_row`` or, when None, the first row within the first 30 that
    holds every ``required`` column name. Empty rows and a totals row (first cell ``Totaal``)
    are skipped, not counted. Values keep their cell types (dates, numbers, text).
    """
    _check_zip(path)
    workbook = load_workbook(path, read_only=True, data_only=True)
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
            if len(head) >= (header_row or MAX_HEADER_SEARCH):
                break
        match: HeaderMatch | None = find_header(head, required, header_row=header_row)
        if match is None or match.missing:
            missing = match.missing if match else list(required)
            raise SourceRefused(
                f"{path.name}, blad {sheet}: kopregel niet gevonden; "
                f"ontbrekende kolommen: {', '.join(missing)}",
                line=match.row if match else None,
            )
        columns = match.columns  # header name -> 0-based index
        letters = {name: get_column_letter(i + 1) for name, i in columns.items()}
        skip = {normalise_header(s) for s in skip_first_column}

        def records(numbered: Iterator[tuple[int, tuple[Any, ...]]]) -> Iterator[RawRecord]:
            for number, row in numbered:
                if all(_is_empty(v) for v in row):
                    continue
                first = next((v for v in row if not _is_empty(v)), None)
                if isinstance(first, str) and normalise_header(first) in skip:
                    continue
                values = {name: row[i] if i < len(row) else None for name, i in columns.items()}
                if progress is not None and number % 1000 == 0:
                    progress(number, total)
                yield RawRecord(
                    location=Location(sheet=sheet, row=number), values=values, columns=letters
                )

        remaining_head = ((n, r) for n, r in enumerate(head, start=1) if n > match.row)
        yield from records(remaining_head)
        yield from records(enumerate(rows, start=len(head) + 1))
        if progress is not None:
            progress(total, total)
    finally:
        workbook.close()
