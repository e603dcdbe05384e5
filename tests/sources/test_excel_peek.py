"""A quick look at a workbook (sheet names, first rows) gives what openpyxl's load_workbook
gave, and refuses what it refused with the same reason; without reading a whole sheet."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from ketenkoppeling.sources import excel, excel_peek
from ketenkoppeling.sources.base import SourceRefused
from tests.hostile.test_xlsx import CASES

TESTS = Path(__file__).resolve().parent.parent
WORKBOOKS = sorted(TESTS.rglob("*.xlsx"))


def _outcome(look: Any) -> Any:
    try:
        return look()
    except SourceRefused as exc:
        return ("refused", exc.message, exc.line)


def _both(monkeypatch: pytest.MonkeyPatch, look: Any) -> tuple[Any, Any]:
    quick = _outcome(look)
    with monkeypatch.context() as patched:

        def slow(_path: Path) -> Any:
            raise RuntimeError("as before")

        patched.setattr(excel_peek, "open_lazily", slow)
        before = _outcome(look)
    return quick, before


@pytest.mark.parametrize("path", WORKBOOKS, ids=[p.name for p in WORKBOOKS])
def test_a_quick_look_is_what_load_workbook_gave(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names, names_before = _both(monkeypatch, lambda: excel.sheet_names(path))
    assert names == names_before
    for sheet in [*names, "Ontbreekt"]:
        for rows in (1, 4, 30, 10_000):
            quick, before = _both(monkeypatch, lambda s=sheet, n=rows: excel.peek_rows(path, s, n))
            assert quick == before, (path.name, sheet, rows)
            assert [[type(v) for v in r] for r in quick] == [[type(v) for v in r] for r in before]


@pytest.mark.parametrize(
    ("name", "content"), [(c[0], c[1]) for c in CASES], ids=[c[0] for c in CASES]
)
def test_a_hostile_workbook_looks_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, content: Any
) -> None:
    """The same names and rows, or the same refusal; except a sheet that is no well-formed
    XML after its first rows: load_workbook refused it at once (it parsed the whole sheet to
    look for its size), the quick look does not read that far, and reading the sheet refuses
    it with the reason load_workbook gave."""
    path = tmp_path / "trajecten.xlsx"
    path.write_bytes(content() if callable(content) else content)
    names, names_before = _both(monkeypatch, lambda: excel.sheet_names(path))
    rows, rows_before = _both(monkeypatch, lambda: excel.peek_rows(path, "Trajecten"))
    if names != names_before or rows != rows_before:
        assert names == ["Trajecten"] and rows_before == names_before, name
        with pytest.raises(SourceRefused) as caught:
            list(excel.iter_excel_records(path, "Trajecten", ["BSN"]))
        assert ("refused", caught.value.message, caught.value.line) == names_before


def test_a_look_at_a_large_sheet_reads_only_its_first_rows(tmp_path: Path) -> None:
    """A sheet without a <dimension> (openpyxl's write-only mode) and 200,000 shared strings:
    openpyxl's load_workbook parses all of it; the quick look only the start."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Blad")
    sheet.append(["Titel"])
    for n in range(100_000):
        sheet.append([f"tekst {n}", f"nog {n}", n])
    path = tmp_path / "groot.xlsx"
    book.save(path)
    started = time.perf_counter()
    assert excel.sheet_names(path) == ["Blad"]
    assert excel.peek_rows(path, "Blad", 3) == [
        ("Titel",),
        ("tekst 0", "nog 0", 0),
        ("tekst 1", "nog 1", 1),
    ]
    quick = time.perf_counter() - started
    started = time.perf_counter()
    book = excel.open_workbook(path)
    book.close()
    assert quick < (time.perf_counter() - started) / 3
