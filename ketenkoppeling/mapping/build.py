"""Turning mapped values into model records, with the import-time checks of rules.md:
valid BSN, end not before start, amounts and percentages in range, known codes, and text
without control characters or unreadable ones (see sources/bad_chars.py: a record read with
one, and run again from quarantine, stays there)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from ketenkoppeling.mapping.apply import MappedEntity, Problem, Value
from ketenkoppeling.mapping.reference import ReferenceSet
from ketenkoppeling.mapping.transforms import FieldError, as_decimal, parse_date
from ketenkoppeling.model import (
    Attribution,
    BenefitPeriod,
    Client,
    Deployment,
    Outflow,
    SpendLine,
)
from ketenkoppeling.model.bsn import is_valid_bsn, normalise_bsn
from ketenkoppeling.model.money import check_amount
from ketenkoppeling.model.records import ModelRecord
from ketenkoppeling.sources.bad_chars import describe, find_unsafe
from ketenkoppeling.sources.base import Location

_CODE_KINDS = {
    "partner": ("partners", "ketenpartner"),
    "payer": ("partners", "ketenpartner"),
    "executor": ("partners", "ketenpartner"),
    "instrument": ("instruments", "instrumentcode"),
    "regime": ("regimes", "regeling"),
    "budget": ("budgets", "budgetcode"),
}
_LABELS = {
    "bsn": "BSN",
    "birth_date": "geboortedatum",
    "surname": "achternaam",
    "partner": "ketenpartner",
    "reference": "referentie",
    "instrument": "instrument",
    "start": "startdatum",
    "end": "einddatum",
    "invoice_number": "factuurnummer",
    "payer": "betaler",
    "pay_date": "betaaldatum",
    "period_from": "periode van",
    "period_to": "periode tot",
    "amount": "bedrag",
    "budget": "budget",
    "percentage": "percentage",
    "regime": "regeling",
    "executor": "uitvoerder",
    "date": "datum",
    "reason": "reden",
}


_CENT = Decimal("0.01")
#: the texts of dates and amounts met, read (a file's dates and percentages repeat)
_DAYS: dict[str, date] = {}
_DECIMALS: dict[str, Decimal] = {}
_CODES: dict[str, tuple[str, str]] = {}  # a code's text: as read (spaces folded), upper case


def _remember(memo: dict[str, Any], text: str, value: Any) -> None:
    if len(memo) >= 10_000:
        memo.clear()
    memo[text] = value


_VALID_BSNS: set[str] = set()  # the last valid BSNs met: a client's records come together


def _valid_bsn(bsn: str) -> bool:
    if not is_valid_bsn(bsn):
        return False
    if len(_VALID_BSNS) >= 10_000:
        _VALID_BSNS.clear()
    _VALID_BSNS.add(bsn)
    return True


def _fmt(day: date) -> str:
    return day.strftime("%d-%m-%Y")


class _Builder:
    def __init__(self, values: dict[str, Value], fallback: Location, ref: ReferenceSet):
        self.values = values
        self.fallback = fallback
        self.ref = ref
        self.problems: list[Problem] = []

    def _fail(self, name: str, message: str) -> None:
        value = self.values.get(name)
        location = value.location if value else self.fallback
        label = value.label if value else _LABELS.get(name, name)
        self.problems.append(Problem(location, label, message))

    def raw(self, name: str) -> Any:
        value = self.values.get(name)
        return None if value is None else value.value

    def text(self, name: str, *, required: bool = True) -> str | None:
        raw = self.raw(name)
        text = " ".join(str(raw).split()) if raw is not None else ""
        if not text:
            if required:
                self._fail(name, f"{_LABELS.get(name, name)} ontbreekt")
            return None
        bad = find_unsafe(text)
        if bad is not None:
            self._fail(name, f"{_LABELS.get(name, name)} bevat een {describe(bad.group())}")
            return None
        return text

    def code(self, name: str, *, required: bool = True, check: bool = True) -> str | None:
        raw = self.raw(name)
        known = _CODES.get(raw) if type(raw) is str else None
        if known is not None:  # a text met before as a code: the same text and code
            text, code = known
        else:
            read = self.text(name, required=required)
            if read is None:
                return None
            text, code = read, read.upper()
            if len(code) > 40:
                self._fail(name, f"code '{text[:50]}' is langer dan 40 tekens")
                return None
            if type(raw) is str:
                _remember(_CODES, raw, (text, code))
        kind = _CODE_KINDS.get(name)
        if check and kind is not None and code not in getattr(self.ref, kind[0]):
            self._fail(name, f"onbekende {kind[1]} '{text}'")
            return None
        return code

    def bsn(self) -> str | None:
        raw = self.raw("bsn")
        if raw is None or raw == "":
            self._fail("bsn", "BSN ontbreekt")
            return None
        bsn = normalise_bsn(raw)
        if bsn is None:
            self._fail("bsn", "ongeldig BSN: geen 8 of 9 cijfers")
            return None
        if bsn not in _VALID_BSNS and not _valid_bsn(bsn):
            self._fail("bsn", "ongeldig BSN: voldoet niet aan de elfproef")
            return None
        return bsn

    def day(self, name: str, *, required: bool = True) -> date | None:
        raw = self.raw(name)
        if type(raw) is date:  # a date transform made it one (what parse_date gives back)
            return raw
        if raw is None or raw == "":
            if required:
                self._fail(name, f"{_LABELS.get(name, name)} ontbreekt")
            return None
        if type(raw) is str and (found := _DAYS.get(raw)) is not None:
            return found
        try:
            day = parse_date(raw)[0]
        except FieldError as exc:
            self._fail(name, str(exc))
            return None
        if type(raw) is str:
            _remember(_DAYS, raw, day)
        return day

    def period(
        self, start: str, end: str, *, end_required: bool
    ) -> tuple[date | None, date | None]:
        first = self.day(start)
        last = self.day(end, required=end_required)
        if first and last and last < first:
            self._fail(
                end,
                f"{_LABELS[end]} {_fmt(last)} ligt voor de {_LABELS[start]} {_fmt(first)}",
            )
        return first, last

    def decimal(self, name: str, *, upper: Decimal | None = None) -> Decimal | None:
        raw = self.raw(name)
        if raw is None or raw == "":
            self._fail(name, f"{_LABELS.get(name, name)} ontbreekt")
            return None
        try:
            if type(raw) is Decimal:  # an amount transform made it one
                value = check_amount(raw)  # what as_decimal checks of a Decimal
            elif type(raw) is str and (found := _DECIMALS.get(raw)) is not None:
                value = found
            else:
                value = as_decimal(raw)  # also a Decimal: finite and within bounds
                if type(raw) is str:
                    _remember(_DECIMALS, raw, value)
        except (FieldError, ValueError) as exc:
            self._fail(name, str(exc))
            return None
        label = _LABELS.get(name, name)
        if value <= 0:
            self._fail(name, f"{label} moet groter dan 0 zijn (gevonden: {value})")
            return None
        if upper is not None and value > upper:
            self._fail(name, f"{label} mag niet groter dan {upper} zijn (gevonden: {value})")
            return None
        cents = value.quantize(_CENT)
        if value != cents:
            self._fail(name, f"{label} heeft meer dan 2 decimalen ({value})")
            return None
        return cents


def _client(b: _Builder) -> Client | None:
    bsn = b.bsn()
    birth = b.day("birth_date", required=False)
    postcode = b.text("postcode", required=False)
    return (
        Client(
            bsn=bsn,
            birth_date=birth,
            surname=b.text("surname", required=False),
            initials=b.text("initials", required=False),
            postcode=postcode.replace(" ", "").upper() if postcode else None,
        )
        if bsn
        else None
    )


def _deployment(b: _Builder) -> Deployment | None:
    partner, reference, bsn = b.code("partner"), b.text("reference"), b.bsn()
    instrument = b.code("instrument")
    start, end = b.period("start", "end", end_required=False)
    provider = b.code("provider", required=False, check=False)
    werkcoach = b.text("werkcoach", required=False)
    if b.problems or not (partner and reference and bsn and instrument and start):
        return None
    return Deployment(partner, reference, bsn, instrument, start, end, provider, werkcoach)


def _benefit_period(b: _Builder) -> BenefitPeriod | None:
    bsn, regime, executor = b.bsn(), b.code("regime"), b.code("executor")
    start, end = b.period("start", "end", end_required=False)
    if b.problems or not (bsn and regime and executor and start):
        return None
    return BenefitPeriod(bsn, regime, executor, start, end)


def _outflow(b: _Builder) -> Outflow | None:
    bsn, day, partner = b.bsn(), b.day("date"), b.code("partner")
    reason = b.code("reason", check=False)
    if reason and reason not in ("WERK", "ANDERS"):
        b._fail("reason", f"reden '{reason}' is geen WERK of ANDERS")
    if b.problems or not (bsn and day and partner and reason):
        return None
    return Outflow(bsn, day, reason, partner)


def build_spend(
    b: _Builder, attributions: list[dict[str, Value]], ref: ReferenceSet
) -> SpendLine | None:
    partner, invoice, reference = b.code("partner"), b.text("invoice_number"), b.text("reference")
    bsn, payer = b.bsn(), b.code("payer")
    pay_date = b.day("pay_date")
    first, last = b.period("period_from", "period_to", end_required=True)
    amount = b.decimal("amount")
    provider = b.code("provider", required=False, check=False)
    parts: list[Attribution] = []
    if not attributions:
        b._fail("budget", "de besteding heeft geen toerekening aan een budget")
    for values in attributions:
        sub = _Builder(values, b.fallback, ref)
        budget = sub.code("budget")
        percentage = sub.decimal("percentage", upper=Decimal(100))
        b.problems.extend(sub.problems)
        if budget and percentage:
            parts.append(Attribution(budget, percentage))
    if b.problems:
        return None
    assert partner and invoice and reference and bsn and payer and pay_date and first and last
    assert amount is not None
    return SpendLine(
        partner, invoice, reference, bsn, payer, pay_date, first, last, amount, tuple(parts),
        provider,
    )  # fmt: skip


_BUILDERS: dict[str, Callable[[_Builder], ModelRecord | None]] = {
    "client": _client,
    "deployment": _deployment,
    "benefit_period": _benefit_period,
    "outflow": _outflow,
}


def build_record(
    entity: MappedEntity, fallback: Location, ref: ReferenceSet
) -> tuple[ModelRecord | None, list[Problem]]:
    """The model record of one mapped entity, or the problems that stop it."""
    builder = _Builder(entity.values, fallback, ref)
    if entity.entity == "spend":
        record: ModelRecord | None = build_spend(builder, entity.attributions, ref)
    else:
        record = _BUILDERS[entity.entity](builder)
    return (None if builder.problems else record), builder.problems
