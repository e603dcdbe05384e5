"""Regression tests for what the property tests and the fuzz runs (tools/fuzz_readers.py)
found; each names the input that once raised instead of quarantining or refusing."""

from __future__ import annotations

import pytest

from ketenkoppeling.mapping.reference import ReferenceSet
from ketenkoppeling.mapping.spec import Transform
from ketenkoppeling.mapping.transforms import FieldError, TransformContext, apply_transform


def regex(value: object, **params: str) -> object:
    return apply_transform(Transform("regex", params), value, TransformContext(ReferenceSet()))


def test_a_regex_group_the_pattern_lacks_is_a_field_error() -> None:
    """Was IndexError ('no such group'), which broke off the whole import."""
    with pytest.raises(FieldError, match="heeft geen groep 2"):
        regex("RIB-0007", pattern=r"(rib-\d+)", group="2")
    assert regex("RIB-0007", pattern=r"(?i)(rib-\d+)", group="0") == "RIB-0007"


def test_a_regex_that_does_not_compile_is_a_field_error() -> None:
    with pytest.raises(FieldError, match="ongeldig patroon"):
        regex("x", pattern="(")


def test_a_long_value_is_shortened_in_the_reason() -> None:
    with pytest.raises(FieldError) as caught:
        regex("x" * 1000, pattern=r"(\d+)")
    assert len(str(caught.value)) < 120
