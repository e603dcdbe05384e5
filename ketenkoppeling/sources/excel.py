"""Reading an Excel sheet row by row (openpyxl read-only), header found by name.

Before openpyxl opens a workbook, :func:`check_workbook` looks at the zip's central directory
and at the start of every XML part; see :mod:`ketenkoppeling.sources.workbook_check`. openpyxl
parses through defusedxml (installed with the product). Whatever openpyxl raises while it
opens or reads a damaged workbook refuses the file with a Dutch reason that names the sheet
and the last row read; a bad value in a cell only quarantines its record.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ketenkoppeling.sources import bad_chars, scratch
from ketenkoppeling.sources.base import Location, ProgressCallback, RawRecord, SourceRefused
from ketenkoppeling.sources.header import HeaderMatch, find_header, normalise_header
from ketenkoppeling.sources.workbook_check import check_workbook, refusal

__all__ = ["check_workbook", "iter_excel_records", "open_workbook", "peek_rows", "sheet_names"]

MAX_HEADER_SEARCH = 30
MAX_COLUMNS = 2000  # named columns in the header

# openpyxl warns in English about what it repairs or ignores (no default style, a date cell
# out of range, an unknown extension); the reader reports what matters itself
warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl(\.|$)")


def open_workbook(path: Path) -> Any:
    """openpyxl's read-only workbook of ``path`` after :func:`check_workbook`; refused
    (SourceRefused, Dutch) when it is no workbook, a damaged or a hostile one. The caller
    closes it."""
    check_workbook(path)
    try:
        return load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise refusal(path, exc) from None


def _sheet(path: Path, workbook: Any, sheet: str) -> Any:
    try:
        return workbook[sheet]
    except Exception as exc:
        raise refusal(path, exc, f"blad {sheet}") from None


def _guarded(rows: Iterator[tuple[Any, ...]], path: Path, sheet: str) -> Iterator[tuple[Any, ...]]:
    """openpyxl's rows; what it raises refuses the file, naming the last row read."""
    number = 0
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as exc:
            raise refusal(path, exc, f"blad {sheet}, na rij {number}") from None
        number += 1
        yield row


def sheet_names(path: Path) -> list[str]:
    """The sheet names of a workbook (refused when it is no xlsx)."""
    workbook = open_workbook(path)
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def peek_rows(path: Path, sheet: str, rows: int = MAX_HEADER_SEARCH) -> list[tuple[Any, ...]]:
    """The first ``rows`` rows of a sheet, for layout detection."""
    workbook = open_workbook(path)
    try:
        if sheet not in workbook.sheetnames:
            return []
        worksheet = _sheet(path, workbook, sheet)
        found = worksheet.iter_rows(max_row=rows, values_only=True)
        return list(_guarded(found, path, sheet))
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
    are skipped, not counted. Values keep their cell types (dates, numbers, text); a text
    value with a control character in a column the mapping reads quarantines its record.
    """
    scratch.remove_stale_once()
    workbook = open_workbook(path)
    flagged = set(required)
    try:
        if sheet not in workbook.sheetnames:
            found = ", ".join(workbook.sheetnames)
            raise SourceRefused(f"{path.name}: blad '{sheet}' ontbreekt (gevonden: {found})")
        worksheet = _sheet(path, workbook, sheet)
        total = worksheet.max_row or 0
        rows = _guarded(worksheet.iter_rows(values_only=True), path, sheet)
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
        if len(columns) > MAX_COLUMNS:
            raise SourceRefused(
                f"{path.name}, blad {sheet}, rij {match.row}: de kopregel heeft "
                f"{len(columns)} kolommen; meer dan {MAX_COLUMNS} worden niet gelezen"
            )
        letters = {name: get_column_letter(i + 1) for name, i in columns.items()}
        skip = {normalise_header(s) for s in skip_first_column}

        def records(numbered: Iterator[tuple[int, tuple[Any, ...]]]) -> Iterator[RawRecord]:
            blank: Any = None  # openpyxl yields one and the same tuple for every missing row
            for number, row in numbered:
                if row is blank or all(_is_empty(v) for v in row):
                    blank = row
                    continue
                first = next((v for v in row if not _is_empty(v)), None)
                if isinstance(first, str) and normalise_header(first) in skip:
                    continue
                values = {name: row[i] if i < len(row) else None for name, i in columns.items()}
                if progress is not None and number % 1000 == 0:
                    progress(number, total)
                record = RawRecord(
                    location=Location(sheet=sheet, row=number), values=values, columns=letters
                )
                if not bad_chars.all_clean(row):
                    bad_chars.check_values(record, flagged)
                yield record

        remaining_head = ((n, r) for n, r in enumerate(head, start=1) if n > match.row)
        yield from records(remaining_head)
        yield from records(enumerate(rows, start=len(head) + 1))
        if progress is not None:
            progress(total, total)
    finally:
        workbook.close()
