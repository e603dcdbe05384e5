"""Cells and rows for the report workbooks, in a normal or a write-only workbook (openpyxl).

A write-only workbook (``Workbook(write_only=True)``) streams each sheet to disk row by row:
it holds no cell after its row is written, and writes a large sheet several times faster
than a normal one. Its rules: rows are appended top to bottom, and whatever the sheet's top
holds (column widths, the frozen pane) and a row's height are set before the row is written.
:class:`SheetWriter` writes a sheet in that order in either kind of workbook, so one piece of
code makes both; the cells are made by :func:`set_value`, the one place where text is made
safe (always text, never a formula; characters Excel cannot hold replaced).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from copy import copy
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles.numbers import is_date_format
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

DATE = "dd-mm-yyyy"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MAX_TEXT = 32767  # Excel's limit for one cell
_TIME_TYPES = (date, time, timedelta)
_NUMBERS = frozenset({int, Decimal, float})


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def safe_text(value: str) -> str:
    """``value`` with the characters Excel cannot hold replaced, cut at Excel's limit."""
    text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    if len(text) > MAX_TEXT:
        text = text[: MAX_TEXT - 1] + "…"
    return text


def set_value(
    cell: Cell, value: Any, number_format: str | None = None, *, style: Any = None
) -> Cell:
    """Give ``cell`` its value safely: text is always text (never a formula), amounts stay
    exact. ``style``: the style array of a template cell, copied as is."""
    if style is not None:
        cell._style = copy(style)
    if isinstance(value, str):
        text = safe_text(value)
        cell.value = text
        cell.data_type = "s"  # openpyxl types '=…' as a formula: undo that, always
        if is_formula_like(text):
            cell.quotePrefix = True
    else:
        cell.value = value
    if number_format is not None:
        cell.number_format = number_format
    elif style is not None:
        pass
    elif isinstance(value, datetime):
        cell.number_format = DATE + " hh:mm"
    elif isinstance(value, date):
        cell.number_format = DATE
    return cell


def template_style(ws: Any, number_format: str | None, alignment: Any) -> Any:
    """The style array of cells with ``number_format`` and ``alignment``, built once on a
    scratch cell: assigning formats cell by cell makes openpyxl hash style objects for every
    cell, which dominates the time of a large workbook."""
    scratch = Cell(ws, row=1, column=1)  # not placed in the sheet
    scratch.number_format = number_format or "General"
    scratch.alignment = alignment
    return copy(scratch._style)


def _placing(ws: Any) -> Callable[[Sequence[Any], int], Iterator[Cell]]:
    """openpyxl's ``_values_to_row`` for a write-only sheet whose rows hold cells: a cell is
    placed as it is (openpyxl would first try, and fail, to bind it as a value); any other
    value gets a plain cell of its own, as openpyxl gives it."""

    def placed(values: Sequence[Any], row: int) -> Iterator[Cell]:
        for column, value in enumerate(values, start=1):
            if value is None:
                continue
            cell = (
                value if isinstance(value, Cell) else Cell(ws, row=row, column=column, value=value)
            )
            cell.row = row
            cell.column = column
            yield cell

    return placed


class _ColumnCell(Cell):
    """The one cell that carries a column's values through a write-only sheet: its style
    never changes, so its style id is looked up once instead of for every value."""

    __slots__ = ("_style_id",)

    def __init__(self, ws: Any, style: Any) -> None:
        super().__init__(ws, row=1, column=1)
        self._style = copy(style)  # type: ignore[misc]  # a slot of openpyxl's base class
        self._style_id = Cell.style_id.fget(self)

    @property
    def style_id(self) -> int:
        return self._style_id

    @property
    def has_style(self) -> bool:
        return True


class SheetWriter:
    """Writes the rows of one sheet top to bottom, in a normal or a write-only workbook."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.write_only = isinstance(ws, WriteOnlyWorksheet)
        self.last = 0  # the last row written
        if self.write_only and hasattr(ws, "_values_to_row"):
            # every value this writer appends is a Cell (or None): place it directly,
            # instead of openpyxl first trying (and failing) to bind it as a value
            ws._values_to_row = _placing(ws)

    def cell(self, value: Any, number_format: str | None = None, *, style: Any = None) -> Cell:
        """A cell not yet placed: :meth:`row` places it."""
        return set_value(Cell(self.ws, row=1, column=1), value, number_format, style=style)

    def _advance(self, row: int) -> None:
        if row <= self.last:
            raise ValueError(f"rij {row} komt na rij {self.last}: rijen gaan van boven naar onder")
        if self.write_only:
            for _ in range(row - self.last - 1):
                self.ws.append([])
        self.last = row

    def row(self, row: int, cells: Sequence[Cell | None]) -> None:
        """Place ``cells`` (None: no cell) in ``row``, from column A."""
        self._advance(row)
        if self.write_only:
            self.ws.append(list(cells))
            return
        for column, cell in enumerate(cells, start=1):
            if cell is not None:
                cell.row, cell.column = row, column
                self.ws._add_cell(cell)

    def data_rows(self, rows: Iterable[Sequence[Any]], styles: Sequence[Any]) -> int:
        """Write ``rows`` of values below the last row, each column with its style array;
        returns the last row written. In a write-only sheet one template cell per column
        carries the values (the sheet serialises a row as soon as it is appended)."""
        if not self.write_only:
            for values in rows:
                self._advance(self.last + 1)
                for column, (value, style) in enumerate(zip(values, styles, strict=True), 1):
                    set_value(self.ws.cell(row=self.last, column=column), value, style=style)
            return self.last
        templates = [_ColumnCell(self.ws, style) for style in styles]
        dated = [is_date_format(t.number_format) for t in templates]
        append = self.ws.append
        for values in rows:
            cells: list[Cell] = []
            for template, value, style, is_dated in zip(
                templates, values, styles, dated, strict=True
            ):
                if isinstance(value, str):
                    text = safe_text(value)
                    if is_formula_like(text):  # its own cell: the quote prefix is a style
                        cells.append(self.cell(text, style=style))
                        continue
                    template._value = text
                    template.data_type = "s"
                elif value is None or type(value) in _NUMBERS:  # what openpyxl would bind
                    template._value = value
                    template.data_type = "n"
                elif type(value) is date and is_dated:
                    template._value = value
                    template.data_type = "d"
                elif not is_dated and isinstance(value, _TIME_TYPES):
                    cells.append(self.cell(value, style=style))  # openpyxl sets a date format
                    continue
                else:
                    template.value = value
                cells.append(template)
            append(cells)
            self.last += 1
        return self.last
