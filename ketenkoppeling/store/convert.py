"""Model records <-> table rows, and the content hash by which re-imports are recognised."""

from __future__ import annotations

import hashlib
from dataclasses import fields
from datetime import date
from decimal import Decimal
from typing import Any

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


def content_hash(record: ModelRecord) -> str:
    """A hash of the record's content (fields in declaration order): cheap, stable."""
    payload = "\x1f".join(_token(getattr(record, f.name)) for f in fields(record))
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
