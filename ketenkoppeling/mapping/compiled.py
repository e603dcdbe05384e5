"""A mapping's transforms compiled once per file into plain functions: the per-record work of an
import is then a call per transform, without looking up its kind and parameters again.

Each compiled transform behaves exactly as :func:`transforms.apply_transform` with the same
:class:`Transform` (the tests compare them); kinds without a faster form call it directly."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ketenkoppeling.mapping.spec import Transform
from ketenkoppeling.mapping.transforms import (
    FieldError,
    TransformContext,
    _text,
    apply_transform,
    map_otherwise,
    parse_date,
)
from ketenkoppeling.model.bsn import normalise_bsn
from ketenkoppeling.model.money import parse_amount
from ketenkoppeling.model.names import split_naam

Step = Callable[[Any, TransformContext], Any]


def _trim(value: Any, ctx: TransformContext) -> Any:
    if isinstance(value, str):
        text = " ".join(value.split())
        return text if text != "" else None
    return value


def _bsn(value: Any, ctx: TransformContext) -> Any:
    if value is None:
        return None
    bsn = normalise_bsn(value)
    if bsn is None:
        raise FieldError("ongeldig BSN: geen 8 of 9 cijfers")
    return bsn


#: how many distinct texts a compiled date or amount transform remembers what it made of (a
#: file's dates and amounts repeat: a month's pay dates, the same percentages)
REMEMBERED = 4096


def _date(t: Transform) -> Step:
    formats = tuple(t.params["formats"].split())
    unknown_first = t.params.get("unknown-parts") == "first"
    made: dict[str, tuple[Any, bool]] = {}  # text -> (date, incomplete); not the refused

    def step(value: Any, ctx: TransformContext) -> Any:
        if value is None:
            return None
        found = made.get(value) if type(value) is str else None
        if found is None:
            if unknown_first and isinstance(value, str) and value.strip().strip("0-") == "":
                return None  # 00000000: no date at all
            found = parse_date(value, formats, unknown_first=unknown_first)
            if type(value) is str and len(made) < REMEMBERED:
                made[value] = found
        result, incomplete = found
        if incomplete:
            ctx.notes.append(f"datum '{value}' onvolledig: eerste dag genomen")
        return result

    return step


def _amount(t: Transform) -> Step:
    decimal_comma = {"auto": None, "comma": True, "point": False}[t.params.get("decimal", "auto")]
    made: dict[str, Any] = {}  # text -> Decimal (immutable: shared); not the refused

    def step(value: Any, ctx: TransformContext) -> Any:
        if value is None:
            return None
        if type(value) is str:
            found = made.get(value)
            if found is not None:
                return found
        try:
            found = parse_amount(value, decimal_comma=decimal_comma)
        except ValueError as exc:
            raise FieldError(str(exc)) from None
        if type(value) is str and len(made) < REMEMBERED:
            made[value] = found
        return found

    return step


def _map(t: Transform) -> Step:
    """A value map as dictionaries: the first entry whose source equals the value (or, ignoring
    case, whose case-folded source equals the case-folded value) wins, as in the table."""
    ignore_case = t.params.get("ignore-case", "true") in ("true", "1")
    exact: dict[str, str] = {}
    folded: dict[str, str] = {}
    for source, target in t.entries:
        exact.setdefault(source, target)
        folded.setdefault(source.casefold(), target)
    otherwise = t.params.get("otherwise", "keep")

    def step(value: Any, ctx: TransformContext) -> Any:
        if value is None:
            return None
        text = " ".join(_text(value).split())
        found = folded.get(text.casefold()) if ignore_case else exact.get(text)
        if found is not None:
            return found
        return map_otherwise(otherwise, value, text, ctx)

    return step


def _split_name(t: Transform) -> Step:
    """A name cell's surname or initials (names repeat: each text split once)."""
    surname = t.params["part"] == "surname"
    made: dict[str, Any] = {}

    def step(value: Any, ctx: TransformContext) -> Any:
        if value is None:
            return None
        text = _text(value)
        found = made.get(text, made)
        if found is made:
            parts = split_naam(text)
            found = parts[0] if surname else parts[1]
            if len(made) < REMEMBERED:
                made[text] = found
        return found

    return step


def compile_transform(t: Transform) -> Step:
    """One transform as a function of (value, context)."""
    if t.kind == "trim":
        return _trim
    if t.kind == "bsn":
        return _bsn
    if t.kind == "date":
        return _date(t)
    if t.kind == "amount":
        return _amount(t)
    if t.kind == "map":
        return _map(t)
    if t.kind == "split-name":
        return _split_name(t)

    def step(value: Any, ctx: TransformContext) -> Any:
        return apply_transform(t, value, ctx)

    return step


def compile_transforms(transforms: tuple[Transform, ...]) -> tuple[Step, ...]:
    return tuple(compile_transform(t) for t in transforms)
