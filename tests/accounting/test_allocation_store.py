"""Allocation keys saved with versions and optimistic locking (SQLite and PostgreSQL), and the
key as form data: Dutch amounts, validation per field, round trip to TOML, the template."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from ketenkoppeling.accounting.allocation import (
    AllocationError,
    allocate,
    list_keys,
    load_key,
    parse_key,
    save_key,
)
from ketenkoppeling.accounting.allocation_form import (
    CostDraft,
    KeyDraft,
    RuleDraft,
    parse_amount,
    problems_for,
    template_draft,
)
from ketenkoppeling.accounting.allocation_store import (
    AllocationConflict,
    current_version,
    diff_versions,
    list_versions,
    load_version,
    save_key_version,
)
from ketenkoppeling.store import Database
from ketenkoppeling.store.tables import AllocationKeyRow, AllocationKeyVersionRow, AuditLogRow
from tests.accounting.test_allocation import EXAMPLE

# --- versions and conflicts ------------------------------------------------------------------


def test_versions_and_conflict(any_db: Database) -> None:
    with any_db.session() as s:
        first = save_key_version(s, EXAMPLE, user="anna", comment="eerste opzet", expected=0)
        assert first.version.version == 1 and first.key.name == "Projectkosten voorbeeld"
    changed = EXAMPLE.replace('"4.5"', '"5"')
    with any_db.session() as s:
        second = save_key_version(s, changed, user="bram", comment="Zandvoort 5 %", expected=1)
        assert second.version.version == 2
    # Anna still has version 1 open and saves: refused, nothing overwritten
    stale = EXAMPLE.replace('"4.5"', '"6"')
    with any_db.session() as s, pytest.raises(AllocationConflict) as caught:
        save_key_version(s, stale, user="anna", comment="6 %", expected=1)
    message = caught.value.message
    assert "gewijzigd door bram" in message and "versie 2" in message
    assert "niets overschreven" in message
    assert caught.value.current is not None and caught.value.current.author == "bram"
    with any_db.session() as s:
        assert current_version(s, "Projectkosten voorbeeld") == 2
        assert load_key(s, "Projectkosten voorbeeld").text == changed
        versions = list_versions(s, "Projectkosten voorbeeld")
        assert [(v.version, v.author, v.comment) for v in versions] == [
            (1, "anna", "eerste opzet"),
            (2, "bram", "Zandvoort 5 %"),
        ]
        assert load_version(s, "Projectkosten voorbeeld", 1).toml == EXAMPLE
        with pytest.raises(KeyError):
            load_version(s, "Projectkosten voorbeeld", 3)
        [stored] = list_keys(s)
        assert stored.version == 2
        audit = s.scalars(select(AuditLogRow).order_by(AuditLogRow.id)).all()
        assert [(a.action, a.user) for a in audit] == [
            ("verdeelsleutel.opgeslagen", "anna"),
            ("verdeelsleutel.gewijzigd", "bram"),
        ]
        assert audit[1].detail is not None
        assert audit[1].detail["version"] == 2 and audit[1].detail["comment"] == "Zandvoort 5 %"
    diff = diff_versions(versions[0], versions[1])
    assert '-percentage = "4.5"' in diff and '+percentage = "5"' in diff


def test_new_key_with_a_taken_name_is_a_conflict(any_db: Database) -> None:
    with any_db.session() as s:
        save_key_version(s, EXAMPLE, user="anna", expected=0)
    with any_db.session() as s, pytest.raises(AllocationConflict, match="bestaat al"):
        save_key_version(s, EXAMPLE, user="bram", expected=0)
    with any_db.session() as s:
        assert len(list_versions(s, "Projectkosten voorbeeld")) == 1


def test_a_second_session_loses_the_race(any_db: Database) -> None:
    """Two sessions that both started from version 1: the UPDATE … WHERE version = 1 of the
    second matches nothing once the first committed."""
    with any_db.session() as s:
        save_key_version(s, EXAMPLE, user="anna", expected=0)
    with any_db.session() as s1:
        save_key_version(s1, EXAMPLE.replace('"4.5"', '"5"'), user="anna", expected=1)
    with any_db.session() as s2, pytest.raises(AllocationConflict):
        save_key_version(s2, EXAMPLE.replace('"4.5"', '"7"'), user="bram", expected=1)
    with any_db.session() as s:
        assert '"5"' in load_key(s, "Projectkosten voorbeeld").text


def test_import_without_expected_version_replaces_and_keeps_history(db: Database) -> None:
    with db.session() as s:
        save_key(s, EXAMPLE, "controller")
        save_key(s, EXAMPLE.replace('"4.5"', '"5"'), "controller")
        versions = list_versions(s, "Projectkosten voorbeeld")
        assert [v.version for v in versions] == [1, 2]
        assert versions[0].toml == EXAMPLE


def test_key_stored_before_versions_gets_its_text_as_version(db: Database) -> None:
    from datetime import datetime

    with db.session() as s:
        s.add(AllocationKeyRow(name="Projectkosten voorbeeld", toml=EXAMPLE,
                               updated_at=datetime(2026, 1, 5, 9, 30)))  # fmt: skip
    with db.session() as s:
        [old] = list_versions(s, "Projectkosten voorbeeld")
        assert old.version == 1 and old.author == "onbekend"
        save_key_version(s, EXAMPLE.replace('"4.5"', '"5"'), user="anna", expected=1)
        rows = s.scalars(select(AllocationKeyVersionRow).order_by(AllocationKeyVersionRow.version))
        assert [(r.version, r.author) for r in rows] == [(1, "onbekend"), (2, "anna")]


def test_refused_key_is_not_stored(db: Database) -> None:
    with db.session() as s, pytest.raises(AllocationError):
        save_key_version(s, EXAMPLE.replace('"4.5"', '"80"'), user="anna", expected=0)
    with db.session() as s:
        assert s.scalars(select(AllocationKeyVersionRow)).all() == []


# --- the key as form data --------------------------------------------------------------------


def test_dutch_amounts() -> None:
    assert parse_amount("5.000,00") == Decimal("5000.00")
    assert parse_amount("5000,5") == Decimal("5000.50")
    assert parse_amount("€ 1.234.567,89") == Decimal("1234567.89")
    assert parse_amount("5000.00") == Decimal("5000.00")
    assert parse_amount("5.000") == Decimal("5000")
    for wrong, message in [
        ("", "vul een bedrag in"),
        ("12,345", "meer dan 2 decimalen"),
        ("vijf", "geen bedrag"),
        ("-5", "negatief"),
    ]:
        with pytest.raises(ValueError, match=message):
            parse_amount(wrong)


def test_round_trip_to_toml() -> None:
    draft = KeyDraft.from_toml(EXAMPLE)
    assert draft.rules[0].amount == "5.000,00" and draft.rules[1].percentage == "4,5"
    assert draft.rules[2].use_counts and draft.rules[2].counts == {
        "GEM-0392": "2100",
        "IASZ": "300",
    }
    text = draft.to_toml()
    assert KeyDraft.from_toml(text) == draft
    again, original = parse_key(text), parse_key(EXAMPLE)
    assert (again.name, again.unit, again.costs) == (original.name, original.unit, original.costs)
    assert again.rules == original.rules
    assert allocate(again).years[0].by_partner() == allocate(original).years[0].by_partner()


def test_draft_with_every_kind_of_rule_is_valid() -> None:
    draft = KeyDraft(
        name="Zaalhuur",
        unit="euro",
        costs=[CostDraft("2010", [("Huur", "12.000,00"), ("Koffie", "345,50")])],
        rules=[
            RuleDraft(kind="fixed", partner="UWV", amount="1.000"),
            RuleDraft(kind="percentage", partner="GEM-0473", percentage="10"),
            RuleDraft(
                kind="caseload",
                percentage="25,5",
                partners=["GEM-0392", "IASZ"],
                use_counts=True,
                counts={"GEM-0392": "30", "IASZ": "10"},
            ),
            RuleDraft(kind="remainder", partner="WERKBEDRIJF"),
        ],
    )
    known = {"UWV", "GEM-0473", "GEM-0392", "IASZ", "WERKBEDRIJF"}
    assert draft.problems(known) == []
    allocation = allocate(parse_key(draft.to_toml()))
    shares = allocation.years[0].by_partner()
    assert sum(shares.values()) == Decimal("12345.50")
    assert shares["UWV"] == Decimal("1000.00") and shares["GEM-0473"] == Decimal("1235.00")


def test_validation_messages_per_field() -> None:
    draft = template_draft()
    assert draft.problems() == []
    draft.rules[1].percentage = "75"
    [problem] = draft.problems()
    assert problem.message == "percentages tellen op tot 105 % in 2009, meer dan 100 %"
    assert problem.rules == (1, 2)
    assert problems_for([problem], "rule.1") == [problem.message]
    assert problems_for([problem], "rule.0") == []
    draft.rules[1].percentage = "4,5"
    draft.rules.append(RuleDraft(kind="remainder", partner="UWV"))
    assert [p.message for p in draft.problems()] == ["meer dan één restpost in 2009"]
    draft.rules.pop()
    draft.rules[0].amount = "5.000,001"
    draft.rules[2].partners = []
    draft.rules[3].partner = "GEM-9999"
    draft.costs[0].items.append(("Reiskosten", "twee"))
    found = {p.field: p.message for p in draft.problems({"CWI", "GEM-0473", "WERKBEDRIJF"})}
    assert found == {
        "rule.0.amount": "'5.000,001' heeft meer dan 2 decimalen",
        "rule.2.partners": "kies ten minste één partner",
        "rule.3.partner": "GEM-9999 staat niet bij de partners",
        "cost.0.item.2": "'twee' is geen bedrag; schrijf bijv. 5.000,00",
    }


def test_leftover_without_remainder_and_shares_above_the_total() -> None:
    draft = template_draft()
    draft.rules.pop()
    [problem] = draft.problems()
    assert problem.message == "er blijft € 47.400,00 over in 2009, maar er is geen restpost"
    draft.rules[0].amount = "79.000,00"
    [problem] = draft.problems()
    assert "meer dan de kosten van € 80.000,00" in problem.message
    draft.rules[0].years = "2010"
    assert {p.field for p in draft.problems()} >= {"rule.0.years"}


def test_template_is_the_specification_key() -> None:
    draft = template_draft({"UWV", "CWI", "WERKBEDRIJF", "GEM-0392", "GEM-0473", "IASZ"})
    key = parse_key(draft.to_toml())
    assert key.name == "Projectkosten voorbeeld"
    assert [(r.kind, r.partner, r.partners) for r in key.rules] == [
        ("fixed", "CWI", ()),
        ("percentage", "GEM-0473", ()),
        ("caseload", None, ("GEM-0392", "IASZ")),
        ("remainder", "WERKBEDRIJF", ()),
    ]
    assert key.costs[0].total == Decimal("80000.00")
    assert str(key.rules[2].reference_date) == "2009-01-01"
    # a partner the reference data lacks is left to choose, not made up
    partial = template_draft({"UWV", "WERKBEDRIJF", "GEM-0392"})
    assert partial.rules[0].partner == "" and partial.rules[2].partners == ["GEM-0392"]
    assert "rule.0.partner" in {p.field for p in partial.problems()}
