"""What every rule shares: the candidate finding it yields, the settings, keys and formatting.

A rule module exposes ``find(session, settings) -> Iterator[Candidate]``: a generator over
everything stored that yields one candidate per problem. The lifecycle (``lifecycle.py``)
matches candidates with stored findings by fingerprint (rule + identity).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy import Executable
from sqlalchemy.orm import Session

from ketenkoppeling.model.money import cents_to_decimal

Severity = Literal["error", "warning"]

# The rules in the order of spec/rules.md, with a short Dutch title for progress and lists.
RULE_TITLES: dict[str, str] = {
    "D1": "dubbele registratie van een inzet",
    "D2": "mogelijke identiteitsfout",
    "B1": "toerekening telt niet op tot 100 %",
    "B2": "dubbele declaratie",
    "B3": "budget van een partner die toen niet verantwoordelijk was",
    "B4": "budget niet toegestaan voor regeling of instrument",
    "B5": "buiten het budgetjaar",
    "B6": "budgetoverschrijding",
    "B7": "besteding zonder inzet",
}
RULE_ORDER = tuple(RULE_TITLES)
FULL_PERCENT_BP = 10000  # 100 % in hundredths of a percent


@dataclass(frozen=True)
class CheckSettings:
    """Tunable parts of the rules."""

    d1_max_days: int = 14  # D1: start dates at most this many days apart


@dataclass
class Candidate:
    """A problem a rule found in the current data, before it is matched with stored findings.

    ``identity`` names the problem stably across runs (the same problem gets the same
    identity after unrelated data changes); ``content_hash`` changes whenever the content of
    one of the involved records changes (which reopens a resolved or accepted finding).
    ``records`` are keys in the form of spec/rules.md (``spend UWV/F1/R1``); ``details`` is
    plain JSON (str, int, bool, None, lists, dicts) for the interface and the JSON output.
    """

    rule: str
    severity: Severity
    identity: str
    records: list[str]
    message: str
    suggestion: str | None
    details: dict[str, Any]
    content_hash: str

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.rule, self.identity)


def fingerprint(rule: str, identity: str) -> str:
    return hashlib.sha256(f"{rule}\x1f{identity}".encode()).hexdigest()


def content_hash(parts: Iterable[object]) -> str:
    """A hash over the given parts (record hashes, budget fields), order as given."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(repr(part).encode("utf-8"))
        digest.update(b"\x1f")
    return digest.hexdigest()


# --- record keys (spec/rules.md) --------------------------------------------------------------


def deployment_key(partner: str, reference: str) -> str:
    return f"{partner}/{reference}"


def spend_key(partner: str, invoice_number: str, reference: str) -> str:
    return f"{partner}/{invoice_number}/{reference}"


def deployment_record(key: str) -> str:
    return f"deployment {key}"


def spend_record(key: str) -> str:
    return f"spend {key}"


def spend_candidate(
    rule: str,
    severity: Severity,
    key: str,
    *,
    message: str,
    suggestion: str | None,
    details: dict[str, Any],
    content_hash: str,
) -> Candidate:
    """A candidate about one spend line: identified by its key, naming that one record."""
    return Candidate(
        rule=rule,
        severity=severity,
        identity=key,
        records=[spend_record(key)],
        message=message,
        suggestion=suggestion,
        details=details,
        content_hash=content_hash,
    )


def client_record(bsn: str) -> str:
    return f"client {bsn}"


def budget_record(code: str) -> str:
    return f"budget {code}"


# --- Dutch formatting -------------------------------------------------------------------------


def fmt_date(value: date) -> str:
    """dd-mm-jjjj (as ``strftime("%d-%m-%Y")`` writes it, without its cost: a large region
    formats millions of dates)."""
    return f"{value.day:02d}-{value.month:02d}-{value.year}"


def fmt_period(first: date, last: date) -> str:
    if first == last:
        return fmt_date(first)
    return f"{fmt_date(first)} t/m {fmt_date(last)}"


def fmt_cents(cents: int) -> str:
    """€ 1.234,56 (``format_euro`` of the amount, in integer arithmetic)."""
    cents = int(cents)  # a SUM on PostgreSQL comes as a Decimal
    euros, rest = divmod(abs(cents), 100)
    sign = "-" if cents < 0 else ""
    return f"€ {sign}{euros:,}".replace(",", ".") + f",{rest:02d}"


def fmt_bp(bp: int) -> str:
    """A percentage in hundredths: 4167 → ``41,67 %``."""
    return f"{bp_text(bp).replace('.', ',')} %"


def bp_text(bp: int) -> str:
    """JSON form of a percentage in hundredths: 4167 → ``"41.67"``."""
    return str((Decimal(bp) / 100).quantize(Decimal("0.01")))


def cents_text(cents: int) -> str:
    """JSON form of an amount: ``"1234.56"``."""
    return str(cents_to_decimal(cents))


def join_nl(items: Sequence[str], word: str = "en") -> str:
    """``a``, ``a en b``, ``a, b en c`` (or with ``of``)."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def provider_or_none(value: str | None) -> str | None:
    """A provider code, or None when it is missing (empty counts as missing)."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def stream(session: Session, stmt: Executable, batch: int = 10_000) -> Iterable[Any]:
    """The rows of ``stmt`` on the session's connection, fetched ``batch`` at a time (Core
    rows: no ORM overhead; a server-side cursor on PostgreSQL)."""
    return session.connection().execute(stmt.execution_options(yield_per=batch))


def rows(session: Session, stmt: Executable) -> list[Any]:
    """All rows of a (small) result, on the session's connection."""
    return list(session.connection().execute(stmt))


def chunked(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
