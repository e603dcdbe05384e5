"""The transforms a mapping field can apply, in order, to a source value."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from ketenkoppeling.mapping.reference import ReferenceSet
from ketenkoppeling.mapping.spec import Transform
from ketenkoppeling.model.bsn import normalise_bsn
from ketenkoppeling.model.money import parse_amount
from ketenkoppeling.model.names import split_naam

DEFAULT_DATE_FORMATS = ("d-m-yyyy", "yyyy-mm-dd", "d/m/yyyy", "yyyymmdd")
_KIND_LABEL = {"instrument": "instrument", "partner": "ketenpartner", "regime": "regeling"}


class FieldError(ValueError):
    """A value that cannot be mapped; the message is Dutch and names the value.

    A value map's lookup that found no code also says which value and which code list
    (``lookup``: instrument, partner, regime, budget or provider), so that a functional
    administrator can add it to the map in one action."""

    def __init__(self, message: str, *, value: str | None = None, lookup: str | None = None):
        super().__init__(message)
        self.value = value
        self.lookup = lookup


@dataclass
class TransformContext:
    reference: ReferenceSet
    notes: list[str] = field(default_factory=list)  # e.g. incomplete dates


@cache
def _date_pattern(fmt: str) -> re.Pattern[str]:
    out = []
    i = 0
    while i < len(fmt):
        for token, regex in (
            ("yyyy", r"(?P<y>\d{4})"),
            ("mm", r"(?P<m>\d{2})"),
            ("dd", r"(?P<d>\d{2})"),
            ("m", r"(?P<m>\d{1,2})"),
            ("d", r"(?P<d>\d{1,2})"),
        ):
            if fmt.startswith(token, i):
                out.append(regex)
                i += len(token)
                break
        else:
            out.append(re.escape(fmt[i]))
            i += 1
    return re.compile("^" + "".join(out) + "$")


def parse_date(
    value: Any, formats: tuple[str, ...] = DEFAULT_DATE_FORMATS, *, unknown_first: bool = False
) -> tuple[date, bool]:
    """A date from an Excel date or text in one of ``formats``; also says whether parts were
    unknown (``00``) and the first day of the month or year was taken."""
    if isinstance(value, datetime):
        return value.date(), False
    if isinstance(value, date):
        return value, False
    if isinstance(value, float):
        value = str(int(value)) if value.is_integer() else str(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    text = str(value).strip()
    if len(text) > 40:  # no date format is this long; the patterns need not look
        raise FieldError(f"'{_shown(value)}' is geen leesbare datum")
    # a date with a time part (2008-06-02T00:00:00 or 02-06-2008 00:00)
    text = re.split(r"[T ]", text, maxsplit=1)[0] if len(text) > 10 else text
    for fmt in formats:
        found = _date_pattern(fmt).match(text)
        if not found:
            continue
        year, month, day = int(found["y"]), int(found["m"]), int(found["d"])
        incomplete = False
        if unknown_first and (month == 0 or day == 0):
            incomplete = True
            month, day = month or 1, day or 1
        try:
            return date(year, month, day), incomplete
        except ValueError:
            raise FieldError(f"'{_shown(value)}' is geen bestaande datum") from None
    raise FieldError(f"'{_shown(value)}' is geen leesbare datum (verwacht {' of '.join(formats)})")


def _shown(value: Any) -> str:
    """A value as shown in a reason: at most 40 characters."""
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value)


def apply_transform(t: Transform, value: Any, ctx: TransformContext) -> Any:
    """Apply one transform; ``None`` means empty and passes through (except ``default``)."""
    kind = t.kind
    if kind == "default":
        return t.params["value"] if value is None or value == "" else value
    if value is None:
        return None
    if kind == "trim":
        text = " ".join(_text(value).split()) if isinstance(value, str) else value
        return text if text != "" else None
    if kind == "upper":
        return _text(value).upper()
    if kind == "lower":
        return _text(value).lower()
    if kind == "strip-prefix":
        text = _text(value).strip()
        prefix = t.params["value"]
        if text.casefold().startswith(prefix.casefold()):
            return text[len(prefix) :].strip()
        return text
    if kind == "regex":
        return _regex(t, value)
    if kind == "bsn":
        bsn = normalise_bsn(value)
        if bsn is None:
            raise FieldError("ongeldig BSN: geen 8 of 9 cijfers")
        return bsn
    if kind == "date":
        formats = tuple(t.params["formats"].split())
        unknown_first = t.params.get("unknown-parts") == "first"
        if unknown_first and isinstance(value, str) and value.strip().strip("0-") == "":
            return None  # 00000000: no date at all
        result, incomplete = parse_date(value, formats, unknown_first=unknown_first)
        if incomplete:
            ctx.notes.append(f"datum '{value}' onvolledig: eerste dag genomen")
        return result
    if kind == "amount":
        mode = t.params.get("decimal", "auto")
        try:
            return parse_amount(
                value, decimal_comma={"auto": None, "comma": True, "point": False}[mode]
            )
        except ValueError as exc:
            raise FieldError(str(exc)) from None
    if kind == "split-name":
        surname, initials = split_naam(_text(value))
        return surname if t.params["part"] == "surname" else initials
    if kind == "map":
        return _map(t, value, ctx)
    raise FieldError(f"onbekende bewerking {kind}")  # pragma: no cover - schema forbids


def _regex(t: Transform, value: Any) -> str | None:
    """The chosen group of the first match. A pattern that does not compile or lacks that group
    is a fault of the mapping; it is reported on the record (quarantined) rather than raised,
    which would break off the whole import."""
    pattern = t.params["pattern"]
    try:
        compiled = re.compile(pattern)
    except re.error:
        raise FieldError(f"de koppeling heeft een ongeldig patroon {pattern}") from None
    group = int(t.params.get("group", "1"))
    if group > compiled.groups:
        raise FieldError(f"het patroon {pattern} heeft geen groep {group}")
    found = compiled.search(_text(value))
    if not found:
        raise FieldError(f"'{_shown(value)}' past niet in het patroon {pattern}")
    return found.group(group)


def _map(t: Transform, value: Any, ctx: TransformContext) -> Any:
    text = " ".join(_text(value).split())
    ignore_case = t.params.get("ignore-case", "true") in ("true", "1")
    for source, target in t.entries:
        if source == text or (ignore_case and source.casefold() == text.casefold()):
            return target
    return map_otherwise(t.params.get("otherwise", "keep"), value, text, ctx)


def map_otherwise(otherwise: str, value: Any, text: str, ctx: TransformContext) -> Any:
    """A value the map does not hold: kept, an error, or looked up in the reference data
    (``otherwise`` names the code list)."""
    if otherwise == "keep":
        return value
    if otherwise == "error":
        raise FieldError(f"waarde '{text}' staat niet in de waardetabel van de koppeling")
    code = ctx.reference.lookup(otherwise, text)
    if code is None:
        label = _KIND_LABEL.get(otherwise, otherwise)
        raise FieldError(f"onbekend {label} '{text}'", value=text, lookup=otherwise)
    return code


def as_decimal(value: Any) -> Decimal:
    """An amount or percentage from a mapped value (number or text)."""
    try:
        return parse_amount(value)
    except ValueError as exc:
        raise FieldError(str(exc)) from None
