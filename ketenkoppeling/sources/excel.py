"""Reading an Excel sheet row by row, header found by name.

A sheet is read by python-calamine (:mod:`ketenkoppeling.sources.excel_calamine`), with the
values openpyxl's read-only mode gives, when nothing in the workbook could make the two read
it differently or make calamine take too much memory; otherwise, and for the first rows
(:func:`peek_rows`) and the sheet names, by openpyxl read-only. Before either opens a
workbook, :func:`check_workbook` looks at the zip's central directory
and at the start of every XML part; see :mod:`ketenkoppeling.sources.workbook_check`. openpyxl
parses through defusedxml (installed with the product). Whatever openpyxl raises while it
opens or reads a damaged workbook refuses the file with a Dutch reason that names the sheet
and the last row read; a bad value in a cell only quarantines its record.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator, Sequence
from operator import itemgetter
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ketenkoppeling.sources import bad_chars, excel_calamine, excel_peek, scratch
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
    return _load(path)


def _load(path: Path) -> Any:
    try:
        return load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise refusal(path, exc) from None


def _openpyxl_rows(path: Path, sheet: str) -> tuple[Any, Iterator[tuple[Any, ...]], int]:
    """The workbook (to close), the guarded rows of ``sheet`` and its number of rows, read by
    openpyxl read-only after :func:`check_workbook`."""
    workbook = _load(path)
    try:
        if sheet not in workbook.sheetnames:
            found = ", ".join(workbook.sheetnames)
            raise SourceRefused(f"{path.name}: blad '{sheet}' ontbreekt (gevonden: {found})")
        worksheet = _sheet(path, workbook, sheet)
        total = worksheet.max_row or 0
        return workbook, _guarded(worksheet.iter_rows(values_only=True), path, sheet), total
    except BaseException:
        workbook.close()
        raise


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


_NOTHING: Any = object()


def _quick_look(path: Path, look: Callable[[Any], Any]) -> Any:
    """``look(workbook)`` on the workbook opened without reading all its shared strings
    (:mod:`ketenkoppeling.sources.excel_peek`); _NOTHING when that raised (the caller then
    opens it as before, for the same Dutch refusal)."""
    try:
        workbook = excel_peek.open_lazily(path)
    except Exception:
        return _NOTHING
    try:
        return look(workbook)
    except Exception:
        return _NOTHING
    finally:
        excel_peek.close(workbook)


def sheet_names(path: Path) -> list[str]:
    """The sheet names of a workbook (refused when it is no xlsx)."""
    check_workbook(path)
    found = _quick_look(path, lambda workbook: list(workbook.sheetnames))
    if found is not _NOTHING:
        return list(found)
    workbook = _load(path)
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def _first_rows(workbook: Any, sheet: str, rows: int) -> list[tuple[Any, ...]]:
    if sheet not in workbook.sheetnames:
        return []
    return list(workbook[sheet].iter_rows(max_row=rows, values_only=True))


def peek_rows(path: Path, sheet: str, rows: int = MAX_HEADER_SEARCH) -> list[tuple[Any, ...]]:
    """The first ``rows`` rows of a sheet, for layout detection."""
    check_workbook(path)
    found = _quick_look(path, lambda workbook: _first_rows(workbook, sheet, rows))
    if found is not _NOTHING:
        return list(found)
    workbook = _load(path)
    try:
        if sheet not in workbook.sheetnames:
            return []
        worksheet = _sheet(path, workbook, sheet)
        found = worksheet.iter_rows(max_row=rows, values_only=True)
        return list(_guarded(found, path, sheet))
    finally:
        workbook.close()


def _first_filled(row: tuple[Any, ...]) -> Any:
    """The first value of ``row`` that is not None nor blank text, else ``_NOTHING``."""
    for value in row:
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        return value
    return _NOTHING


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
    check_workbook(path)
    workbook: Any = None
    fast = excel_calamine.read_sheet(path, sheet)
    if fast is not None:
        rows, total = fast
    else:
        workbook, rows, total = _openpyxl_rows(path, sheet)
    flagged = set(required)
    try:
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

        names = tuple(columns)
        take = itemgetter(*columns.values()) if len(columns) > 1 else None
        width = max(columns.values(), default=-1) + 1
        initials = {name[:1] for name in skip}  # a totals row's first letter, to look closer

        def records(numbered: Iterator[tuple[int, tuple[Any, ...]]]) -> Iterator[RawRecord]:
            blank: Any = None  # openpyxl yields one and the same tuple for every missing row
            for number, row in numbered:
                if row is blank:
                    continue
                first = _first_filled(row)
                if first is _NOTHING:
                    blank = row
                    continue
                if (
                    isinstance(first, str)
                    and first.lstrip()[:1].casefold()[:1] in initials
                    and normalise_header(first) in skip
                ):
                    continue
                if take is not None and len(row) >= width:
                    values = dict(zip(names, take(row), strict=True))
                else:
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
        if workbook is not None:
            workbook.close()
