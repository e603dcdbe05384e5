"""The per-partner ledger on the hand-made region of conftest.py (figures worked out there)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from ketenkoppeling.accounting.ledger import DIMENSIONS, build_ledger, ledger_json, total_of
from ketenkoppeling.accounting.lines import attributed_parts
from ketenkoppeling.store import Database
from tests.accounting.conftest import H2, YEAR, A, B, C, D
from tests.factories import add_budget

AMOUNT = re.compile(r"^-?\d+\.\d{2}$")


def _json(db: Database, partner: str, period: tuple[date, date], **kw: Any) -> dict[str, Any]:
    with db.session() as s:
        return ledger_json(build_ledger(s, partner, *period, **kw))


def test_uwv_second_half_of_2008(region: Database) -> None:
    # UWV's budgets are charged in H2 by line 2 (450.00 of 900.00 at 50 %), line 4 (333.33)
    # and line 5 (100.00 of GEM-0392's line, 50 %): 883.33.
    got = _json(region, "UWV", H2)
    assert got["partner"] == "UWV"
    assert (got["from"], got["to"]) == ("2008-07-01", "2008-12-31")
    assert got["total"] == "883.33"
    assert got["budgets"] == [
        # attributed_year: pay dates in 2008 = line 4 only
        {"code": "UWV-RIB-AG-2008", "amount": "100000.00", "attributed": "333.33",
         "attributed_year": "333.33", "remaining": "99666.67"},
        # attributed_year: lines 1 (1000.00), 2 (450.00), 5 (100.00), 8 (200.00) = 1750.00;
        # line 7 is paid in 2009 and does not count for the 2008 budget
        {"code": "UWV-RIB-WW-2008", "amount": "100000.00", "attributed": "550.00",
         "attributed_year": "1750.00", "remaining": "98250.00"},
    ]  # fmt: skip
    # regime at the service period's start: line 2 starts 16-06 (A still WW), line 4 B WIA,
    # line 5 C has no benefit period (NUG)
    assert got["by_regime"] == {"NUG": "100.00", "WIA": "333.33", "WW": "450.00"}
    assert got["by_instrument"] == {"JC": "333.33", "SCH": "450.00", "SOL": "100.00"}
    assert got["by_provider"] == {"(geen)": "333.33", "RIB-0001": "450.00", "RIB-0002": "100.00"}
    assert got["by_month"] == {"2008-07": "450.00", "2008-09": "333.33", "2008-10": "100.00"}
    assert got["clients"] == 3
    assert got["per_client"] == [
        {"bsn": A, "invested": "450.00", "outflow_to_work": "2008-10-01"},
        {"bsn": B, "invested": "333.33", "outflow_to_work": "2008-11-01"},  # first WERK one
        {"bsn": C, "invested": "100.00", "outflow_to_work": None},
    ]
    # A and B left to work: (450.00 + 333.33) / 2 = 391.665 -> 391.67 (half-up)
    assert got["clients_to_work"] == 2
    assert got["cost_per_client_to_work"] == "391.67"
    assert got["reservations"] == []


def test_uwv_whole_year_and_the_knip(region: Database) -> None:
    got = _json(region, "UWV", YEAR)
    # + line 1 (1000.00, WW) + line 8 (200.00: service period 12-2007, before A's WW: NUG)
    assert got["total"] == "2083.33"
    assert got["by_regime"] == {"NUG": "300.00", "WIA": "333.33", "WW": "1450.00"}
    assert [b["attributed"] for b in got["budgets"]] == ["333.33", "1750.00"]
    assert [b["attributed_year"] for b in got["budgets"]] == ["333.33", "1750.00"]


def test_gemeente_ledger_regimes_instruments_unlinked(region: Database) -> None:
    got = _json(region, "GEM-0392", H2)
    # line 2 (450.00, A on 16-06: WW), line 3 (100.00, A on 01-07: WWB after the knip),
    # line 5 (120.00 = 60 % of 200.00, C: NUG)
    assert got["total"] == "670.00"
    assert got["by_regime"] == {"NUG": "120.00", "WW": "450.00", "WWB": "100.00"}
    assert got["by_instrument"] == {"SCH": "450.00", "SOL": "120.00", "WF": "100.00"}
    assert got["budgets"][0]["attributed"] == "670.00"

    zvt = _json(region, "GEM-0473", YEAR)
    # line 6: 200.00 (80 % of 250.00) on deployment Z9 that does not exist; line 9: 80.00
    assert zvt["total"] == "280.00"
    assert zvt["by_instrument"] == {"(onbekend)": "200.00", "BB": "80.00"}
    assert zvt["by_provider"] == {"(geen)": "280.00"}
    # D's WERK outflow (2009) is known: one client to work, 280.00 each
    assert zvt["per_client"] == [{"bsn": D, "invested": "280.00", "outflow_to_work": "2009-02-01"}]
    assert zvt["cost_per_client_to_work"] == "280.00"


def test_partner_without_spend(region: Database) -> None:
    got = _json(region, "WERKBEDRIJF", YEAR)
    assert got["total"] == "0.00"
    assert got["budgets"] == [] and got["clients"] == 0
    assert got["by_regime"] == {} and got["cost_per_client_to_work"] is None


def test_budgets_of_the_year_are_listed_even_uncharged(region: Database) -> None:
    with region.session() as s:
        add_budget(s, "UWV-EXTRA-2008", "UWV", "WW", amount="500.00")
        add_budget(s, "UWV-RIB-WW-2009", "UWV", "WW", year=2009)
    got = _json(region, "UWV", H2)
    codes = [b["code"] for b in got["budgets"]]
    assert codes == ["UWV-EXTRA-2008", "UWV-RIB-AG-2008", "UWV-RIB-WW-2008"]
    extra = got["budgets"][0]
    assert (extra["attributed"], extra["remaining"]) == ("0.00", "500.00")
    # a period reaching into 2009 lists the 2009 budget, and line 7 (paid 2009 on the 2008
    # budget) counts in the period but not in the 2008 budget year
    both = _json(region, "UWV", (date(2008, 7, 1), date(2009, 12, 31)))
    ww = next(b for b in both["budgets"] if b["code"] == "UWV-RIB-WW-2008")
    assert (ww["attributed"], ww["attributed_year"]) == ("1050.00", "1750.00")
    assert "UWV-RIB-WW-2009" in [b["code"] for b in both["budgets"]]


def test_every_figure_is_backed_by_its_lines(region: Database) -> None:
    with region.session() as s:
        ledger = build_ledger(s, "UWV", *YEAR)
        # the lines behind 'attributed in the budget year' come from the same query
        for budget in ledger.budgets:
            year = (date(budget.year, 1, 1), date(budget.year, 12, 31))
            lines = attributed_parts(s, *year, budgets=[budget.code])
            assert total_of(lines) == budget.attributed_year_cents
    assert total_of(ledger.lines) == ledger.total_cents
    figures = {
        "budget": {b.code: b.attributed_cents for b in ledger.budgets},
        "regime": ledger.by_regime,
        "instrument": ledger.by_instrument,
        "provider": ledger.by_provider,
        "month": ledger.by_month,
        "client": {c.bsn: c.invested_cents for c in ledger.clients},
    }
    assert set(figures) == set(DIMENSIONS)
    for dimension, mapping in figures.items():
        for key, cents in mapping.items():
            assert total_of(ledger.lines_behind(dimension, key)) == cents, (dimension, key)
    ww = ledger.lines_behind("regime", "WW")
    assert {line.spend_key for line in ww} == {"UWV/F1/U1", "UWV/F2/U1"}
    assert all(line.source.source_record_id is None for line in ww)  # factory: no provenance


def test_reservations_get_the_ledgers_keys_and_budgets(region: Database) -> None:
    seen: list[tuple[set[str], set[str]]] = []

    def reservations(keys: set[str], budgets: set[str]) -> list[int]:
        seen.append((keys, budgets))
        return [57, 41, 57]

    got = _json(region, "UWV", H2, reservations=reservations)
    assert got["reservations"] == [41, 57]
    assert seen == [
        ({"UWV/F2/U1", "UWV/F3/U2", "GEM-0392/HF2/H2"}, {"UWV-RIB-AG-2008", "UWV-RIB-WW-2008"})
    ]
    # without loading the lines the keys come from a query: the same
    seen.clear()
    _json(region, "UWV", H2, reservations=reservations, with_lines=False)
    assert seen[0][0] == {"UWV/F2/U1", "UWV/F3/U2", "GEM-0392/HF2/H2"}


def test_reproducible_and_same_without_lines(region: Database) -> None:
    first = _json(region, "GEM-0392", YEAR)
    assert _json(region, "GEM-0392", YEAR) == first
    assert _json(region, "GEM-0392", YEAR, with_lines=False) == first


def test_json_shape_of_cli_md(region: Database) -> None:
    got = _json(region, "UWV", YEAR)
    for key in ("partner", "from", "to", "total", "budgets", "by_regime", "by_instrument",
                "clients", "reservations"):  # fmt: skip
        assert key in got
    assert AMOUNT.match(got["total"])
    for budget in got["budgets"]:
        assert set(budget) == {"code", "amount", "attributed", "attributed_year", "remaining"}
        assert all(AMOUNT.match(budget[k]) for k in budget if k != "code")
    for mapping in ("by_regime", "by_instrument", "by_provider", "by_month"):
        assert all(AMOUNT.match(v) for v in got[mapping].values())
    assert isinstance(got["clients"], int)


def test_period_the_wrong_way_round(region: Database) -> None:
    with region.session() as s, pytest.raises(ValueError, match="vóór"):
        build_ledger(s, "UWV", date(2008, 12, 31), date(2008, 1, 1))
