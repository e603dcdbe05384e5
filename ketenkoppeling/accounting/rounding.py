"""Attributed amounts and rounding: the rules live in ``model.rounding`` (the store applies them
when it stores a spend line); re-exported here for the accounting code."""

from ketenkoppeling.model.rounding import (
    HUNDRED,
    attribute_cents,
    bp_to_percentage,
    largest_remainder,
    percentage_to_bp,
)

__all__ = [
    "HUNDRED",
    "attribute_cents",
    "bp_to_percentage",
    "largest_remainder",
    "percentage_to_bp",
]
