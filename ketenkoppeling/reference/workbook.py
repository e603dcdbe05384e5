"""Reading the reference workbook (spec/reference-data.md) into model records.

The workbook has five sheets, named exactly ``Partners``, ``Regelingen``, ``Instrumenten``,
``Budgetten`` and ``Aanbieders``, each with its header in row 1. Columns are found by name
(case and spaces do not matter), extra columns are ignored and empty rows skipped.

Nothing is guessed: every problem found in the workbook is collected, with its sheet, row and
column, and the workbook is refused whole with a :class:`ReferenceError` listing them all.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from ketenkoppeling.model import (
    Budget,
    Instrument,
    Partner,
    PartnerKind,
    Provider,
    Regime,
    decimal_to_cents,
    parse_amount,
)
from ketenkoppeling.sources.base import SourceRefused
from ketenkoppeling.sources.workbook_check import check_workbook

# --- the layout -------------------------------------------------------------------------------

PARTNERS = "Partners"
REGIMES = "Regelingen"
INSTRUMENTS = "Instrumenten"
BUDGETS = "Budgetten"
PROVIDERS = "Aanbieders"
SHEETS = (PARTNERS, REGIMES, INSTRUMENTS, BUDGETS, PROVIDERS)

# Columns per sheet, in the order an export writes them.
COLUMNS: dict[str, tuple[str, ...]] = {
    PARTNERS: ("Code", "Naam", "Soort", "Geldig van", "Geldig tot"),
    REGIMES: ("Code", "Omschrijving", "Uitvoerder"),
    INSTRUMENTS: ("Code", "Omschrijving"),
    BUDGETS: ("Code", "Omschrijving", "Eigenaar", "Jaar", "Bedrag", "Regelingen", "Instrumenten"),
    PROVIDERS: ("Code", "Naam"),
}
# Columns that may be left out of a sheet altogether (their cells are optional anyway).
OPTIONAL_COLUMNS: dict[str, frozenset[str]] = {
    PARTNERS: frozenset({"Geldig van", "Geldig tot"}),
    BUDGETS: frozenset({"Instrumenten"}),
}

CODE_MAX = 40  # codes are strings of 1-40 characters (ketenbericht.md)
TEXT_MAX = 200  # names and descriptions (the store's column width)
MAX_UNCOMPRESSED = 200 * 1024 * 1024  # a reference workbook is small: refuse zip bombs
MAX_PROBLEMS_IN_MESSAGE = 200

PARTNER_KINDS = {kind.name: kind for kind in PartnerKind}  # UWV, CWI, WERKBEDRIJF, ...
EXECUTORS = {"UWV": "UWV", "GEMEENTE": "GEMEENTE", "-": None}
NO_EXECUTOR = "-"

_DATE_DMY = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


# --- problems ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the workbook, with where it is (row and column where known)."""

    sheet: str | None
    message: str
    row: int | None = None
    column: str | None = None

    def location(self) -> str:
        parts: list[str] = []
        if self.sheet is not None:
            parts.append(f"Blad {self.sheet}")
        if self.row is not None:
            parts.append(f"rij {self.row}")
        if self.column is not None:
            parts.append(f"kolom {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.location()
        return f"{where}: {self.message}" if where else self.message


class ReferenceError(ValueError):  # shadows the builtin weakref error on purpose
    """The reference workbook is refused whole; ``problems`` lists every problem found."""

    def __init__(self, problems: Sequence[Problem] | str, *, file: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = (
            (Problem(None, problems),) if isinstance(problems, str) else tuple(problems)
        )
        self.file = file
        super().__init__(self._message())

    def _message(self) -> str:
        head = f"Referentiewerkmap {self.file}: " if self.file else ""
        if len(self.problems) == 1:
            return f"{head}{self.problems[0]}"
        lines = [f"{head}{len(self.problems)} problemen"]
        lines.extend(f"- {p}" for p in self.problems[:MAX_PROBLEMS_IN_MESSAGE])
        if len(self.problems) > MAX_PROBLEMS_IN_MESSAGE:
            lines.append(f"- ... en nog {len(self.problems) - MAX_PROBLEMS_IN_MESSAGE} problemen")
        return "\n".join(lines)


# --- the result -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReferenceData:
    """A complete set of reference data, as read from a workbook or from the store."""

    partners: tuple[Partner, ...] = ()
    regimes: tuple[Regime, ...] = ()
    instruments: tuple[Instrument, ...] = ()
    budgets: tuple[Budget, ...] = ()
    providers: tuple[Provider, ...] = ()


# --- reading ----------------------------------------------------------------------------------


def read_reference_workbook(path: Path) -> ReferenceData:
    """Read and validate the reference workbook at ``path``.

    Raises :class:`ReferenceError` listing every problem when the file is no xlsx workbook or
    any sheet, column or cell is wrong.
    """
    names, sheets = _read_sheets(path)
    reader = _Reader()
    data = reader.read(names, sheets)
    if reader.problems:
        raise ReferenceError(reader.problems, file=path.name)
    return data


_Rows = list[tuple[int, tuple[Any, ...]]]  # (Excel row number, cell values)


def _read_sheets(path: Path) -> tuple[list[str], dict[str, _Rows]]:
    """All sheet names, and the rows of those of the five sheets that are present."""
    import openpyxl

    not_xlsx = f"{path.name} is geen Excel-werkmap (.xlsx)"
    try:
        with zipfile.ZipFile(path) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                raise ReferenceError(f"{not_xlsx}: het bestand bevat geen werkmap")
            if sum(info.file_size for info in archive.infolist()) > MAX_UNCOMPRESSED:
                raise ReferenceError(
                    f"{path.name} is uitgepakt te groot voor een referentiewerkmap"
                )
    except FileNotFoundError as exc:
        raise ReferenceError(f"bestand {path} bestaat niet") from exc
    except IsADirectoryError as exc:
        raise ReferenceError(f"{path} is een map, geen bestand") from exc
    except (zipfile.BadZipFile, OSError) as exc:
        raise ReferenceError(f"{not_xlsx}: {exc}") from exc

    try:  # the product's guard against damaged and hostile workbooks (zip bombs, DTDs)
        check_workbook(path)
    except SourceRefused as exc:
        raise ReferenceError(exc.message) from exc
    names: list[str] = []
    result: dict[str, _Rows] = {}
    try:
        # A file object, so that openpyxl does not judge the file by its extension.
        with path.open("rb") as handle:
            workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
            try:
                names = [str(n) for n in workbook.sheetnames]
                for name in SHEETS:
                    if name not in names:
                        continue
                    sheet = workbook[name]
                    if hasattr(sheet, "reset_dimensions"):
                        # Stored dimensions can be wrong; read every row there is.
                        sheet.reset_dimensions()
                    result[name] = [
                        (number, tuple(values))
                        for number, values in enumerate(sheet.iter_rows(values_only=True), 1)
                    ]
            finally:
                workbook.close()
    except ReferenceError:
        raise
    except Exception as exc:  # openpyxl raises many kinds of errors on a damaged file
        raise ReferenceError(f"{not_xlsx} of is beschadigd: {exc}") from exc
    return names, result


T = TypeVar("T")


@dataclass
class _Sheet:
    """One sheet's header positions and rows."""

    name: str
    columns: dict[str, int]
    rows: _Rows = field(default_factory=list)


class _Reader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self._codes: dict[str, set[str]] = {}  # every code on a sheet, valid row or not
        self._known: dict[str, set[str] | None] = {}

    def problem(
        self, sheet: str | None, message: str, row: int | None = None, column: str | None = None
    ) -> None:
        self.problems.append(Problem(sheet, message, row, column))

    # -- structure --

    def read(self, names: list[str], sheets: dict[str, _Rows]) -> ReferenceData:
        found: dict[str, _Sheet] = {}
        for name in SHEETS:
            rows = sheets.get(name)
            if rows is None:
                similar = [n for n in names if _norm(n) == _norm(name)]
                hint = (
                    f" (er is wel een blad '{similar[0]}'; de naam moet exact zijn)"
                    if similar
                    else ""
                )
                self.problem(name, f"blad ontbreekt{hint}")
                continue
            sheet = self._header(name, rows)
            if sheet is not None:
                found[name] = sheet

        partners = self._records(found.get(PARTNERS), self._partner)
        regimes = self._records(found.get(REGIMES), self._regime, upper_codes=True)
        instruments = self._records(found.get(INSTRUMENTS), self._instrument, upper_codes=True)
        providers = self._records(found.get(PROVIDERS), self._provider)
        # Budgets refer to the other sheets; their references are only checked when those
        # sheets could be read (a missing sheet is reported once, not on every budget), and
        # against every code listed there (a row with another problem is reported once).
        self._known = {name: self._codes.get(name) for name in (PARTNERS, REGIMES, INSTRUMENTS)}
        budgets = self._records(found.get(BUDGETS), self._budget)
        self.problems.sort(key=_problem_order)
        return ReferenceData(
            partners=tuple(partners),
            regimes=tuple(regimes),
            instruments=tuple(instruments),
            budgets=tuple(budgets),
            providers=tuple(providers),
        )

    def _header(self, name: str, rows: _Rows) -> _Sheet | None:
        header = rows[0][1] if rows and rows[0][0] == 1 else ()
        wanted = {_norm(c): c for c in COLUMNS[name]}
        columns: dict[str, int] = {}
        for index, value in enumerate(header):
            text = _norm(_text(value))
            if text in wanted:
                column = wanted[text]
                if column in columns:
                    self.problem(name, "kolom komt meer dan eens voor in rij 1", 1, column)
                else:
                    columns[column] = index
        missing = [
            c for c in COLUMNS[name] if c not in columns and c not in OPTIONAL_COLUMNS.get(name, ())
        ]
        for column in missing:
            self.problem(name, "kolom ontbreekt in rij 1", column=column)
        if missing:
            return None
        return _Sheet(name, columns, rows[1:])

    def _records(
        self,
        sheet: _Sheet | None,
        make: Callable[[_Row], T | None],
        *,
        upper_codes: bool = False,
    ) -> list[T]:
        """The sheet's records; codes unique within the sheet. Regime and instrument codes
        are upper-cased, as the code lists that refer to them are."""
        if sheet is None:
            return []
        records: list[T] = []
        seen: dict[str, int] = {}
        for number, values in sheet.rows:
            if all(_is_blank(v) for v in values):
                continue
            row = _Row(self, sheet, number, values, upper_codes=upper_codes)
            code = row.code()
            if code is not None:
                if code in seen:
                    row.fail("Code", f"code '{code}' komt al voor in rij {seen[code]}")
                else:
                    seen[code] = number
            record = make(row)
            if record is not None and not row.failed:
                records.append(record)
        self._codes[sheet.name] = set(seen)
        return records

    # -- one record per sheet --

    def _partner(self, row: _Row) -> Partner | None:
        code = row.code()
        name = row.text("Naam")
        kind = row.choice(
            "Soort", PARTNER_KINDS, "UWV, CWI, WERKBEDRIJF, GEMEENTE of INTERGEMEENTELIJK"
        )
        valid_from = row.date("Geldig van")
        valid_to = row.date("Geldig tot")
        if valid_from and valid_to and valid_to < valid_from:
            row.fail("Geldig tot", f"{_dmy(valid_to)} ligt voor Geldig van {_dmy(valid_from)}")
        if code is None or name is None or kind is None:
            return None
        return Partner(code, name, kind, valid_from, valid_to)

    def _regime(self, row: _Row) -> Regime | None:
        code = row.code()
        description = row.text("Omschrijving")
        executor_text = row.text("Uitvoerder", required=False)
        if executor_text is None:
            row.fail("Uitvoerder", "leeg; vul UWV, GEMEENTE of - (geen uitvoerder) in")
            return None
        if executor_text.upper() not in EXECUTORS:
            row.fail(
                "Uitvoerder",
                f"onbekende uitvoerder '{executor_text}'; verwacht UWV, GEMEENTE of -",
            )
            return None
        if code is None or description is None:
            return None
        return Regime(code, description, EXECUTORS[executor_text.upper()])

    def _instrument(self, row: _Row) -> Instrument | None:
        code = row.code()
        description = row.text("Omschrijving")
        if code is None or description is None:
            return None
        return Instrument(code, description)

    def _provider(self, row: _Row) -> Provider | None:
        code = row.code()
        name = row.text("Naam")
        if code is None or name is None:
            return None
        return Provider(code, name)

    def _budget(self, row: _Row) -> Budget | None:
        code = row.code()
        label = row.text("Omschrijving")
        owner = row.text("Eigenaar", limit=CODE_MAX)
        if owner is not None:
            self._check_known(row, "Eigenaar", PARTNERS, [owner], "partner")
        year = row.year("Jaar")
        amount = row.amount("Bedrag")
        regimes = row.codes("Regelingen")
        if regimes is not None:
            if not regimes:
                row.fail("Regelingen", "leeg; noem de regelingen waarvoor het budget mag worden")
            self._check_known(row, "Regelingen", REGIMES, regimes, "regeling")
        instruments = row.codes("Instrumenten")
        if instruments:
            self._check_known(row, "Instrumenten", INSTRUMENTS, instruments, "instrument")
        if (
            code is None
            or label is None
            or owner is None
            or year is None
            or amount is None
            or regimes is None
            or instruments is None
        ):
            return None
        return Budget(code, label, owner, year, amount, tuple(regimes), tuple(instruments))

    def _check_known(
        self, row: _Row, column: str, sheet: str, codes: Sequence[str], what: str
    ) -> None:
        known = self._known[sheet]
        if known is None:
            return
        by_upper = {k.upper(): k for k in known}
        for code in codes:
            if code in known:
                continue
            hint = ""
            if code.upper() in by_upper:
                hint = f" (bedoelt u '{by_upper[code.upper()]}'?)"
            row.fail(column, f"onbekende {what} '{code}'{hint}; niet op blad {sheet}")


class _Row:
    """One data row of a sheet: typed access to its cells, reporting problems by column."""

    def __init__(
        self,
        reader: _Reader,
        sheet: _Sheet,
        number: int,
        values: tuple[Any, ...],
        *,
        upper_codes: bool = False,
    ) -> None:
        self.reader = reader
        self.sheet = sheet
        self.number = number
        self.values = values
        self.upper_codes = upper_codes
        self.failed = False
        self._code: tuple[str | None] | None = None

    def fail(self, column: str, message: str) -> None:
        self.failed = True
        self.reader.problem(self.sheet.name, message, self.number, column)

    def raw(self, column: str) -> Any:
        index = self.sheet.columns.get(column)
        if index is None or index >= len(self.values):
            return None
        value = self.values[index]
        return None if _is_blank(value) else value

    def code(self) -> str | None:
        """The row's code (checked once, however often asked)."""
        if self._code is None:
            text = self.text("Code", limit=CODE_MAX)
            if text is not None and "," in text:
                self.fail("Code", f"code '{text}' bevat een komma")
                text = None
            self._code = (text.upper() if text and self.upper_codes else text,)
        return self._code[0]

    def text(self, column: str, *, required: bool = True, limit: int = TEXT_MAX) -> str | None:
        value = self.raw(column)
        if value is None:
            if required:
                self.fail(column, "leeg; dit veld is verplicht")
            return None
        text = _text(value)
        if len(text) > limit:
            self.fail(column, f"langer dan {limit} tekens ({len(text)})")
            return None
        return text

    def choice(self, column: str, choices: dict[str, T], expected: str) -> T | None:
        text = self.text(column)
        if text is None:
            return None
        key = text.upper()
        if key not in choices:
            self.fail(column, f"onbekende waarde '{text}'; verwacht {expected}")
            return None
        return choices[key]

    def date(self, column: str) -> date | None:
        value = self.raw(column)
        if value is None:
            return None
        if isinstance(value, datetime):
            if value.time() != datetime.min.time():
                self.fail(column, f"'{value}' is een tijdstip, geen datum")
                return None
            return value.date()
        if isinstance(value, date):
            return value
        parsed = parse_date(_text(value)) if isinstance(value, str) else None
        if parsed is None:
            self.fail(column, f"'{_text(value)}' is geen datum (dd-mm-jjjj of jjjj-mm-dd)")
        return parsed

    def year(self, column: str) -> int | None:
        value = self.raw(column)
        if value is None:
            self.fail(column, "leeg; dit veld is verplicht")
            return None
        year: int | None = None
        if isinstance(value, bool):
            year = None
        elif isinstance(value, int):
            year = value
        elif isinstance(value, float) and value.is_integer():
            year = int(value)
        elif isinstance(value, str) and value.strip().isdigit():
            year = int(value.strip())
        if year is None:
            self.fail(column, f"'{_text(value)}' is geen jaartal (een heel getal)")
            return None
        if not 1900 <= year <= 2999:
            self.fail(column, f"jaartal {year} ligt niet tussen 1900 en 2999")
            return None
        return year

    def amount(self, column: str) -> Decimal | None:
        value = self.raw(column)
        if value is None:
            self.fail(column, "leeg; dit veld is verplicht")
            return None
        try:
            amount = parse_amount(value)
        except ValueError as exc:
            self.fail(column, str(exc))
            return None
        if not amount.is_finite():
            self.fail(column, f"'{_text(value)}' is geen geldig bedrag")
            return None
        if amount < 0:
            self.fail(column, f"bedrag {amount} is negatief")
            return None
        try:
            decimal_to_cents(amount)
        except ValueError:
            self.fail(column, f"bedrag {amount} heeft meer dan 2 decimalen")
            return None
        if amount >= Decimal("1e13"):
            self.fail(column, f"bedrag {amount} is onwaarschijnlijk groot")
            return None
        return amount.quantize(Decimal("0.01"))

    def codes(self, column: str) -> list[str] | None:
        """A comma-separated code list, trimmed and upper-cased, in order, without repeats;
        an empty cell gives an empty list, a bad code None."""
        value = self.raw(column)
        if value is None:
            return []
        result: list[str] = []
        ok = True
        for part in _text(value).split(","):
            code = part.strip().upper()
            if not code:
                continue
            if len(code) > CODE_MAX:
                self.fail(column, f"code '{code}' is langer dan {CODE_MAX} tekens")
                ok = False
            elif code not in result:
                result.append(code)
        return result if ok else None


# --- helpers ----------------------------------------------------------------------------------


def parse_date(text: str) -> date | None:
    """``dd-mm-jjjj``, ``d-m-jjjj`` or ``jjjj-mm-dd``; None when the text is no such date."""
    text = text.strip()
    try:
        if match := _DATE_DMY.match(text):
            return date(int(match[3]), int(match[2]), int(match[1]))
        if match := _DATE_ISO.match(text):
            return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    return None


def _text(value: Any) -> str:
    """A cell as text: numbers without a spurious ``.0``, surrounding space removed."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return _dmy(value.date())
    if isinstance(value, date) and not isinstance(value, datetime):
        return _dmy(value)
    return " ".join(str(value).replace("\u00a0", " ").split())


def _dmy(value: date) -> str:
    return value.strftime("%d-%m-%Y")


def _norm(text: str) -> str:
    """Header names match whatever their case and spacing."""
    return "".join(text.split()).casefold()


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _problem_order(problem: Problem) -> tuple[int, int]:
    sheet = SHEETS.index(problem.sheet) if problem.sheet in SHEETS else -1
    return (sheet, problem.row or 0)
