"""A ledger over a whole region names its spend lines to the reservations a few at a time
(accounting.ledger.LedgerSpendKeys): only those the open findings name are looked up, with the
same answer as the full set, also for an invoice number with a '/'."""

from __future__ import annotations

from datetime import datetime

from ketenkoppeling.accounting.ledger import LedgerSpendKeys
from ketenkoppeling.checks.review import findings_touching
from ketenkoppeling.store import Database
from ketenkoppeling.store.tables import FindingRow
from tests.accounting.conftest import H2, YEAR

NOW = datetime(2009, 1, 5, 9, 0)


def _finding(db: Database, rule: str, records: list[str]) -> int:
    with db.session() as s:
        row = FindingRow(
            rule=rule, fingerprint=f"{rule}{records}", status="open", severity="waarschuwing",
            message="m", records=records, content_hash="h", created_at=NOW, updated_at=NOW,
        )  # fmt: skip
        s.add(row)
        s.flush()
        return int(row.id)


def test_the_lookup_answers_as_the_whole_set(region: Database) -> None:
    with region.session() as s:
        keys = LedgerSpendKeys(s, "UWV", *H2)
        asked = {"UWV/F2/U1", "UWV/F9/U9", "GEM-0392/HF2/H2", "x"}
        assert keys.among(asked) == {"UWV/F2/U1", "GEM-0392/HF2/H2"}
        assert keys.among(asked) == asked & set(LedgerSpendKeys(s, "UWV", *H2))
        assert keys.among(set()) == set()


def test_findings_touching_a_region_ledger(region: Database) -> None:
    touching = _finding(region, "B2", ["spend UWV/F2/U1", "client 1"])
    _finding(region, "B2", ["spend UWV/F9/U9"])  # not in the ledger
    _finding(region, "D1", ["spend UWV/F2/U1"])  # not a B rule
    with region.session() as s:
        lazy = findings_touching(s, LedgerSpendKeys(s, "UWV", *YEAR), set())
        whole = findings_touching(s, set(LedgerSpendKeys(s, "UWV", *YEAR)), set())
    assert lazy == whole == [touching]


def test_keys_with_a_slash_in_the_invoice_number() -> None:
    from ketenkoppeling.accounting.ledger_keys import _splits

    assert _splits("UWV/F/2008/R1") == [("UWV", "F", "2008/R1"), ("UWV", "F/2008", "R1")]
    assert _splits("UWV/F1") == []


def test_the_reservations_of_a_region_ledger_never_list_all_its_spend_lines(
    region: Database,
) -> None:
    """Only the spend lines the open findings name are looked up: the ledger's whole set of
    spend keys (millions in a region) is never loaded."""
    touching = _finding(region, "B3", ["spend UWV/F2/U1", "budget X"])
    with region.session() as s:
        keys = LedgerSpendKeys(s, "UWV", *YEAR)
        assert findings_touching(s, keys, set()) == [touching]
        assert keys._all is None
