"""The compiled transforms and the record builder remember what they made of a text they met
before (a file's dates, amounts and names repeat): the second time gives exactly what the first
gave — the same value, the same note, the same refusal — and what apply_transform gives."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from ketenkoppeling.mapping.apply import MappedEntity, Value
from ketenkoppeling.mapping.build import build_record
from ketenkoppeling.mapping.compiled import compile_transform
from ketenkoppeling.mapping.reference import ReferenceSet
from ketenkoppeling.mapping.spec import Transform
from ketenkoppeling.mapping.transforms import FieldError, TransformContext, apply_transform
from ketenkoppeling.sources.base import Location

REF = ReferenceSet(
    partners={"UWV": "UWV"},
    instruments={"SCH": "Scholing"},
    regimes={"WW": "WW"},
    budgets={"B1"},
    providers=set(),
)


def _outcome(step: Any, value: Any) -> tuple[Any, ...]:
    ctx = TransformContext(REF)
    try:
        found = step(value, ctx)
    except FieldError as exc:
        return ("error", str(exc), ctx.notes)
    return ("value", type(found).__name__, found, ctx.notes)


@pytest.mark.parametrize(
    ("transform", "values"),
    [
        (
            Transform("date", {"formats": "yyyymmdd d-m-yyyy", "unknown-parts": "first"}),
            ["20080300", "20080315", "15-3-2008", "00000000", "2008-13-01", "x", None],
        ),
        (Transform("date", {"formats": "d-m-yyyy"}), ["31-2-2008", "1-2-2008"]),
        (Transform("amount", {"decimal": "comma"}), ["1.234,56", "12,5", "1,234.56", "abc"]),
        (Transform("amount", {"decimal": "auto"}), ["100", "0,5", "1e3"]),
        (Transform("split-name", {"part": "surname"}), ["Vries, J.P. de", "Jansen", "  "]),
        (Transform("split-name", {"part": "initials"}), ["Vries, J.P. de", "Jansen"]),
    ],
)
def test_a_text_met_again_gives_what_it_gave(transform: Transform, values: list[Any]) -> None:
    step = compile_transform(transform)
    for _ in range(3):  # the first time read, then remembered
        for value in values:
            expected = _outcome(lambda v, ctx: apply_transform(transform, v, ctx), value)
            assert _outcome(step, value) == expected


def _spend(amount: Any, pay: Any, percentage: Any = "100") -> MappedEntity:
    where = Location(line=3)
    values = {
        "partner": "UWV", "invoice_number": "F1", "reference": "R1", "bsn": "123456782",
        "payer": "UWV", "pay_date": pay, "period_from": "1-3-2008", "period_to": "31-3-2008",
        "amount": amount,
    }  # fmt: skip
    return MappedEntity(
        "spend",
        {name: Value(value, name, where) for name, value in values.items()},
        [{"budget": Value("B1", "budget", where), "percentage": Value(percentage, "p", where)}],
    )


def test_the_builder_reads_a_text_met_again_as_the_first_time() -> None:
    for _ in range(2):
        record, problems = build_record(_spend("12,50", "15-5-2008"), Location(line=3), REF)
        assert problems == []
        assert record is not None
        assert record.amount == Decimal("12.50")  # type: ignore[union-attr]
        assert record.pay_date == date(2008, 5, 15)  # type: ignore[union-attr]
    for _ in range(2):
        record, problems = build_record(_spend("12,505", "31-2-2008"), Location(line=3), REF)
        assert record is None
        assert [p.message for p in problems] == [
            "'31-2-2008' is geen bestaande datum",
            "bedrag heeft meer dan 2 decimalen (12.505)",
        ]
    for _ in range(2):  # an amount a transform already read, and one out of bounds
        record, problems = build_record(_spend(Decimal("7.25"), date(2008, 5, 1)), Location(), REF)
        assert record is not None and record.amount == Decimal("7.25")  # type: ignore[union-attr]
        _, problems = build_record(_spend(Decimal("1e12"), date(2008, 5, 1)), Location(), REF)
        assert len(problems) == 1 and "te groot" in problems[0].message
    _, problems = build_record(_spend("5", "1-5-2008", "100,5"), Location(), REF)
    assert [p.message for p in problems] == [
        "percentage mag niet groter dan 100 zijn (gevonden: 100.5)"
    ]


def _deployment(instrument: str) -> MappedEntity:
    where = Location(line=4)
    values = {
        "partner": " uwv ", "reference": "R1", "bsn": "123456782", "instrument": instrument,
        "start": "1-3-2008",
    }  # fmt: skip
    return MappedEntity("deployment", {n: Value(v, n, where) for n, v in values.items()})


def test_a_code_met_again_is_checked_again() -> None:
    for _ in range(2):
        record, problems = build_record(_deployment("s c h"), Location(), REF)
        assert record is None
        assert [p.message for p in problems] == ["onbekende instrumentcode 's c h'"]
        record, problems = build_record(_deployment("  sch "), Location(), REF)
        assert problems == [] and record is not None
        assert (record.partner, record.instrument) == ("UWV", "SCH")  # type: ignore[union-attr]
        _, problems = build_record(_deployment("SC\x07H"), Location(), REF)
        assert len(problems) == 1 and "instrument bevat een" in problems[0].message
