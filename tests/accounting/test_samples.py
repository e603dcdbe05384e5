"""The sample region through the import pipeline: every ledger, reconciliation and settlement
figure of expected.json ("periods"), for 2008 and its second half.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ketenkoppeling.accounting.ledger import build_ledger, ledger_json, ledger_partners
from ketenkoppeling.accounting.reconcile import reconcile, reconcile_json
from ketenkoppeling.accounting.settle import settle, settle_json
from ketenkoppeling.store import Database, open_database

importing = pytest.importorskip("ketenkoppeling.importing")
reference = pytest.importorskip("ketenkoppeling.reference")

SAMPLES = Path(__file__).parent.parent / "data" / "samples"
EXPECTED: dict[str, Any] = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))
PERIODS = {
    "2008": (date(2008, 1, 1), date(2008, 12, 31)),
    "2008H2": (date(2008, 7, 1), date(2008, 12, 31)),
}


@pytest.fixture(scope="module")
def samples_db(tmp_path_factory: pytest.TempPathFactory) -> Any:
    db = open_database(str(tmp_path_factory.mktemp("samples") / "samples.sqlite"))
    order = EXPECTED["import_order"]
    assert order[0] == "referentie.xlsx"
    reference.load_reference_workbook(db, SAMPLES / order[0])
    results = importing.import_files(db, [SAMPLES / name for name in order[1:]])
    assert [r.status for r in results] == ["imported"] * len(results)
    yield db
    db.dispose()


def _figures() -> list[Any]:
    cases = []
    for period, wanted in EXPECTED["periods"].items():
        for partner, ledger in wanted["ledgers"].items():
            cases.append((period, "ledger", partner, "total", ledger["total"]))
            for code, amount in ledger["budgets"].items():
                cases.append((period, "ledger", partner, code, amount))
        rec = wanted["reconcile"]
        for term in ("spend_total", "over_attributed", "unattributed"):
            cases.append((period, "reconcile", term, "", rec[term]))
        for partner, amount in rec["partners"].items():
            cases.append((period, "reconcile", "partners", partner, amount))
    return [pytest.param(*case, id="-".join(x for x in case[:4] if x)) for case in cases]


_cache: dict[tuple[str, str, str], dict[str, Any]] = {}


def _ledger(db: Database, period: str, partner: str) -> dict[str, Any]:
    key = (db.url, period, partner)
    if key not in _cache:
        with db.session() as s:
            _cache[key] = ledger_json(build_ledger(s, partner, *PERIODS[period]))
    return _cache[key]


@pytest.mark.parametrize(("period", "kind", "name", "item", "amount"), _figures())
def test_expected_figure(
    samples_db: Database, period: str, kind: str, name: str, item: str, amount: str
) -> None:
    if kind == "ledger":
        got = _ledger(samples_db, period, name)
        if item == "total":
            value = got["total"]
        else:
            value = next(b["attributed"] for b in got["budgets"] if b["code"] == item)
    else:
        with samples_db.session() as s:
            rec = reconcile_json(reconcile(s, *PERIODS[period]))
        value = rec["partners"].get(item, "0.00") if name == "partners" else rec[name]
    # expected.json writes a zero as "0"; the product always writes 2 decimals ("0.00")
    assert Decimal(value) == Decimal(amount)
    assert value == f"{Decimal(value):.2f}"


@pytest.mark.parametrize("period", list(PERIODS))
def test_expected_partners_budgets_and_identity(samples_db: Database, period: str) -> None:
    wanted = EXPECTED["periods"][period]
    with samples_db.session() as s:
        partners = ledger_partners(s, *PERIODS[period])
        rec = reconcile(s, *PERIODS[period])
    assert partners == sorted(wanted["ledgers"])
    assert sorted(rec.partners) == sorted(wanted["reconcile"]["partners"])
    assert rec.holds
    for partner, ledger in wanted["ledgers"].items():
        got = _ledger(samples_db, period, partner)
        charged = {b["code"] for b in got["budgets"] if Decimal(b["attributed"])}
        assert charged == set(ledger["budgets"])


@pytest.mark.parametrize("period", list(PERIODS))
def test_expected_settlement(samples_db: Database, period: str) -> None:
    with samples_db.session() as s:
        pairs = settle_json(settle(s, *PERIODS[period]))["pairs"]
    got = [{k: p[k] for k in ("debtor", "creditor", "gross", "net")} for p in pairs]
    assert got == EXPECTED["periods"][period]["settle"]


def test_every_line_in_a_ledger_has_its_source(samples_db: Database) -> None:
    with samples_db.session() as s:
        ledger = build_ledger(s, "UWV", *PERIODS["2008"])
    assert ledger.lines
    for line in ledger.lines:
        assert line.source.source_record_id is not None
        assert line.source.file_name and line.source.location
