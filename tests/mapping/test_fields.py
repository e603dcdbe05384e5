"""The entities and fields the workbench lists are exactly those the record builder reads, and
the transforms are exactly those of the mapping schema."""

from __future__ import annotations

from typing import Any

import pytest
from lxml import etree

from ketenkoppeling.mapping import build
from ketenkoppeling.mapping.apply import MappedEntity, Value
from ketenkoppeling.mapping.build import build_record
from ketenkoppeling.mapping.fields import (
    CHOICE_LABELS,
    ENTITIES,
    TRANSFORMS,
    choice_label,
    field_info,
    map_lookup,
)
from ketenkoppeling.mapping.loader import SCHEMAS
from ketenkoppeling.mapping.reference import ReferenceSet
from ketenkoppeling.sources.base import Location

XS = "{http://www.w3.org/2001/XMLSchema}"


_GOOD = {"bsn": "123456782", "reason": "WERK", "amount": "100", "percentage": "100"}
_DATES = {"birth_date", "start", "end", "pay_date", "period_from", "period_to", "date"}
REFERENCE = ReferenceSet(
    partners={"X": "X"}, instruments={"X": "X"}, regimes={"X": "X"}, budgets={"X"}
)


class Spy(dict[str, Any]):
    """A value dict that records which field names the builder asks for; ``filled`` answers
    every name with a good value, else every field is empty."""

    def __init__(self, filled: bool) -> None:
        super().__init__()
        self.filled = filled
        self.asked: list[str] = []

    def get(self, key: str, default: Any = None) -> Any:
        self.asked.append(key)
        if not self.filled:
            return default
        value = _GOOD.get(key, "2008-01-01" if key in _DATES else "X")
        return Value(value, key, Location(row=1))


def _build(entity: str, filled: bool = False) -> tuple[Spy, Spy, list[str]]:
    values, attribution = Spy(filled), Spy(filled)
    mapped = MappedEntity(entity, values, [attribution] if entity == "spend" else [])
    record, problems = build_record(mapped, Location(row=1), REFERENCE)
    assert (record is not None) == filled, problems
    by_label = {label: name for name, label in build._LABELS.items()}
    failed = [by_label.get(p.field or "", p.field or "") for p in problems]
    return values, attribution, failed


@pytest.mark.parametrize("entity", sorted(ENTITIES))
def test_fields_are_what_the_builder_reads(entity: str) -> None:
    values, attribution, _ = _build(entity, filled=True)
    info = ENTITIES[entity]
    assert {f.name for f in info.fields if not f.attribution} == set(values.asked)
    assert {f.name for f in info.fields if f.attribution} == set(attribution.asked)


@pytest.mark.parametrize("entity", sorted(ENTITIES))
def test_required_fields_are_those_the_builder_refuses_empty(entity: str) -> None:
    _, _, failed = _build(entity)
    assert {f.name for f in ENTITIES[entity].fields if f.required} == set(failed)


def test_labels_lookups_and_attribution_flags() -> None:
    assert ENTITIES["deployment"].label == "Inzet van een instrument"
    assert all(f.label.strip() for e in ENTITIES.values() for f in e.fields)
    assert [f.label for f in ENTITIES["spend"].fields][:2] == [
        "registrerende ketenpartner", "factuurnummer",
    ]  # fmt: skip
    assert field_info("deployment", "instrument") is not None
    assert field_info("deployment", "instrument").lookup == "instrument"  # type: ignore[union-attr]
    assert field_info("spend", "payer").lookup == "partner"  # type: ignore[union-attr]
    assert field_info("benefit_period", "regime").lookup == "regime"  # type: ignore[union-attr]
    assert field_info("spend", "budget").attribution  # type: ignore[union-attr]
    assert field_info("spend", "budget").lookup == "budget"  # type: ignore[union-attr]
    assert field_info("deployment", "provider").lookup == "provider"  # type: ignore[union-attr]
    assert field_info("deployment", "budget") is None
    assert field_info("nothing", "bsn") is None
    lookups = {f.lookup for e in ENTITIES.values() for f in e.fields}
    assert lookups == {None, "partner", "instrument", "regime", "budget", "provider"}


def _schema_transforms() -> dict[str, Any]:
    xsd = etree.parse(str(SCHEMAS / "mapping-v1.xsd")).getroot()
    group = xsd.find(f"{XS}group[@name='transform']")
    assert group is not None
    return {e.get("name"): e for e in group.iterfind(f"{XS}choice/{XS}element")}


def test_transforms_are_those_of_the_schema() -> None:
    schema = _schema_transforms()
    assert list(TRANSFORMS) == list(schema)
    assert {"trim", "date", "amount", "split-name", "regex", "strip-prefix", "map"} <= set(schema)
    for kind, info in TRANSFORMS.items():
        assert info.kind == kind
        assert (info.label and info.label != kind) or kind == "bsn", kind
        assert info.description, kind
        declared = {a.get("name") for a in schema[kind].iterfind(f"{XS}complexType/{XS}attribute")}
        assert {p.name for p in info.params} == declared
        for param in info.params:
            assert param.label != param.name, (kind, param.name)
            for choice in param.choices or []:
                assert choice_label(choice) != choice or choice not in CHOICE_LABELS


def test_transform_parameters() -> None:
    params = {(k, p.name): p for k, info in TRANSFORMS.items() for p in info.params}
    assert params["date", "formats"].required and params["date", "formats"].choices is None
    assert params["date", "unknown-parts"].choices == ["first"]
    assert params["amount", "decimal"].choices == ["auto", "comma", "point"]
    assert params["amount", "decimal"].default == "auto"
    assert params["split-name", "part"].choices == ["surname", "initials"]
    assert params["regex", "pattern"].required and not params["regex", "group"].required
    assert params["map", "ignore-case"].choices == ["true", "false"]
    otherwise = params["map", "otherwise"].choices or []
    assert {"keep", "error", "instrument", "partner", "regime"} <= set(otherwise)
    assert [k for k, info in TRANSFORMS.items() if info.entries] == ["map"]
    assert TRANSFORMS["trim"].params == []


def test_a_new_value_map_looks_up_in_the_fields_reference_list() -> None:
    otherwise = next(p.choices for p in TRANSFORMS["map"].params if p.name == "otherwise")
    assert otherwise is not None
    assert map_lookup("deployment", "instrument") == "instrument"
    assert map_lookup("spend", "payer") == "partner"
    assert map_lookup("benefit_period", "regime") == "regime"
    assert map_lookup("spend", "budget") == ("budget" if "budget" in otherwise else "keep")
    assert map_lookup("client", "surname") == "keep"
