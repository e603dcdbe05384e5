"""Model records <-> table rows, and the content hash by which re-imports are recognised."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import fields
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from ketenkoppeling.model import (
    Attribution,
    BenefitPeriod,
    Client,
    Deployment,
    Outflow,
    SpendLine,
    decimal_to_cents,
)
from ketenkoppeling.model.names import surname_key
from ketenkoppeling.model.records import ModelRecord
from ketenkoppeling.model.rounding import attribute_cents, percentage_to_bp


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _token(value: Any) -> str:
    if value is None:
        return "\x00"
    if isinstance(value, Attribution):
        return f"{value.budget}={value.percentage.normalize()}"
    if isinstance(value, Decimal):
        return str(value.normalize())
    if isinstance(value, tuple):
        return "[" + ",".join(_token(v) for v in value) + "]"
    return str(value)


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def content_hash(record: ModelRecord) -> str:
    """A hash of the record's content (fields in declaration order): cheap, stable."""
    names = _FIELD_NAMES.get(type(record))
    if names is None:
        names = _FIELD_NAMES[type(record)] = tuple(f.name for f in fields(record))
    return values_hash([getattr(record, name) for name in names])


def _none_token(value: None) -> str:
    return "\x00"


def _decimal_token(value: Decimal) -> str:
    return str(value.normalize())


#: :func:`_token` of the most common exact types, without its chain of isinstance
_TOKENS: dict[type, Callable[[Any], str]] = {
    type(None): _none_token,
    date: date.isoformat,  # str(a date)
    Decimal: _decimal_token,
}


def values_hash(values: list[Any] | tuple[Any, ...]) -> str:
    """:func:`content_hash` of a record with these field values (in declaration order)."""
    tokens = _TOKENS
    payload = "\x1f".join(
        [
            value if type(value) is str else tokens.get(type(value), _token)(value)
            for value in values
        ]
    )
    return hashlib.blake2b(payload.encode("utf-8"), digest_size=16).hexdigest()


def client_row(client: Client) -> dict[str, Any]:
    return {
        "bsn": client.bsn,
        "birth_date": client.birth_date,
        "surname": client.surname,
        "initials": client.initials,
        "postcode": client.postcode,
        "surname_key": surname_key(client.surname) if client.surname else None,
        "content_hash": content_hash(client),
    }


def benefit_period_row(period: BenefitPeriod) -> dict[str, Any]:
    return {
        "bsn": period.bsn,
        "regime": period.regime,
        "executor": period.executor,
        "start": period.start,
        "end": period.end,
        "content_hash": content_hash(period),
    }


def deployment_row(deployment: Deployment) -> dict[str, Any]:
    return {
        "partner": deployment.partner,
        "reference": deployment.reference,
        "bsn": deployment.bsn,
        "instrument": deployment.instrument,
        "provider": deployment.provider,
        "start": deployment.start,
        "end": deployment.end,
        "werkcoach": deployment.werkcoach,
        "content_hash": content_hash(deployment),
    }


def spend_line_row(line: SpendLine) -> dict[str, Any]:
    return {
        "partner": line.partner,
        "invoice_number": line.invoice_number,
        "reference": line.reference,
        "bsn": line.bsn,
        "provider": line.provider,
        "payer": line.payer,
        "pay_date": line.pay_date,
        "period_from": line.period_from,
        "period_to": line.period_to,
        "amount_cents": decimal_to_cents(line.amount),
        "content_hash": content_hash(line),
    }


def outflow_row(outflow: Outflow) -> dict[str, Any]:
    return {
        "bsn": outflow.bsn,
        "date": outflow.date,
        "reason": outflow.reason,
        "partner": outflow.partner,
        "content_hash": content_hash(outflow),
    }


def client_from_row(row: Any) -> Client:
    return Client(row.bsn, row.birth_date, row.surname, row.initials, row.postcode)


# --- records prepared for storing: plain tuples, cheap to hand from one process to another ---

#: the stored columns of each kind (by table name), in the order of :attr:`Prepared.row`;
#: the content hash is always last
COLUMNS: dict[str, tuple[str, ...]] = {
    "client": (
        "bsn", "birth_date", "surname", "initials", "postcode", "surname_key", "content_hash",
    ),
    "benefit_period": ("bsn", "regime", "executor", "start", "end", "content_hash"),
    "deployment": (
        "partner", "reference", "bsn", "instrument", "provider", "start", "end", "werkcoach",
        "content_hash",
    ),
    "spend_line": (
        "partner", "invoice_number", "reference", "bsn", "provider", "payer", "pay_date",
        "period_from", "period_to", "amount_cents", "content_hash",
    ),
    "outflow": ("bsn", "date", "reason", "partner", "content_hash"),
}  # fmt: skip


class Prepared(NamedTuple):
    """A model record as the store writes it: its kind (the table's name), its key, its row
    (the values of :data:`COLUMNS` of the kind, the content hash last) and, for a spend line,
    its attributions with their parts apportioned (budget, basis points, cents)."""

    kind: str
    key: tuple[Any, ...]
    row: tuple[Any, ...]
    parts: tuple[tuple[str, int, int], ...] = ()


_SURNAME_KEYS: dict[str, str] = {}  # surnames repeat: each normalised once


def _surname_key(surname: str | None) -> str | None:
    if not surname:
        return None
    found = _SURNAME_KEYS.get(surname)
    if found is None:
        found = surname_key(surname)
        if len(_SURNAME_KEYS) < 50_000:
            _SURNAME_KEYS[surname] = found
    return found


def _client(c: Client) -> Prepared:
    hashed = values_hash((c.bsn, c.birth_date, c.surname, c.initials, c.postcode))
    row = (
        c.bsn, c.birth_date, c.surname, c.initials, c.postcode, _surname_key(c.surname), hashed
    )  # fmt: skip
    return Prepared("client", (c.bsn,), row)


def merged_client(stored: tuple[Any, ...], new: Prepared) -> Prepared:
    """A client row (``new``) over a stored one (its first five values: bsn, birth date,
    surname, initials, postcode): a source that leaves an optional field empty does not erase
    what is known (as :func:`ketenkoppeling.store.upsert.merge_client`)."""
    bsn, birth, surname, initials, postcode = new.row[:5]
    merged = (
        bsn, birth or stored[1], surname or stored[2], initials or stored[3],
        postcode or stored[4],
    )  # fmt: skip
    if merged == new.row[:5]:
        return new
    row = (*merged, _surname_key(merged[2]), values_hash(merged))
    return Prepared("client", new.key, row)


def _benefit_period(p: BenefitPeriod) -> Prepared:
    hashed = values_hash((p.bsn, p.regime, p.executor, p.start, p.end))
    return Prepared(
        "benefit_period",
        (p.bsn, p.regime, p.executor, p.start),
        (p.bsn, p.regime, p.executor, p.start, p.end, hashed),
    )


def _deployment(d: Deployment) -> Prepared:
    hashed = values_hash(
        (d.partner, d.reference, d.bsn, d.instrument, d.start, d.end, d.provider, d.werkcoach)
    )
    row = (
        d.partner, d.reference, d.bsn, d.instrument, d.provider, d.start, d.end, d.werkcoach,
        hashed,
    )  # fmt: skip
    return Prepared("deployment", (d.partner, d.reference), row)


_HUNDRED = Decimal(100)
_BP: dict[Decimal, int] = {}  # basis points of the percentages met (a few over a whole file)


def _bp(percentage: Decimal) -> int:
    found = _BP.get(percentage)
    if found is None:
        found = percentage_to_bp(percentage)  # raises for more than 2 decimals: not kept
        if len(_BP) < 10_000:
            _BP[percentage] = found
    return found


def _spend_line(line: SpendLine) -> Prepared:
    cents = decimal_to_cents(line.amount)
    attributions = line.attributions
    hashed = values_hash(
        (
            line.partner, line.invoice_number, line.reference, line.bsn, line.payer,
            line.pay_date, line.period_from, line.period_to, line.amount,
            "[" + ",".join([f"{a.budget}={a.percentage.normalize()}" for a in attributions])
            + "]",
            line.provider,
        )
    )  # fmt: skip
    row = (
        line.partner, line.invoice_number, line.reference, line.bsn, line.provider, line.payer,
        line.pay_date, line.period_from, line.period_to, cents, hashed,
    )  # fmt: skip
    if len(attributions) == 1 and attributions[0].percentage == _HUNDRED and cents >= 0:
        shares = [cents]  # the whole amount (what attribute_cents gives, without its sums)
    else:
        shares = attribute_cents(cents, [a.percentage for a in attributions])
    parts = tuple(
        (a.budget, _bp(a.percentage), part) for a, part in zip(attributions, shares, strict=True)
    )
    return Prepared("spend_line", (line.partner, line.invoice_number, line.reference), row, parts)


def _outflow(o: Outflow) -> Prepared:
    hashed = values_hash((o.bsn, o.date, o.reason, o.partner))
    return Prepared(
        "outflow", (o.partner, o.bsn, o.date), (o.bsn, o.date, o.reason, o.partner, hashed)
    )


_PREPARE: dict[type[Any], Any] = {
    Client: _client,
    BenefitPeriod: _benefit_period,
    Deployment: _deployment,
    SpendLine: _spend_line,
    Outflow: _outflow,
}


def prepare(record: ModelRecord) -> Prepared:
    """``record`` as the store writes it (see :class:`Prepared`)."""
    made: Prepared = _PREPARE[type(record)](record)
    return made
