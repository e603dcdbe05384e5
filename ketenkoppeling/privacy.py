"""Privacy by default in output (spec/cli.md): a BSN is shown masked, keeping its last four
digits (``*****3436``), unless the user asks for it explicitly; that request is audit-logged.

The masking works on values (a BSN), on free text (a finding's message: 8- and 9-digit numbers,
and the name, birth date and postcode with which D2 describes a person) and on the JSON the
command line prints (``bsn`` keys, finding records, messages, details and reasons).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert

from ketenkoppeling.store.database import Database, current_user
from ketenkoppeling.store.tables import AuditLogRow

MASK = "*****"
REVEAL_ACTION = "show-bsn"

#: An 8- or 9-digit number standing alone: not part of a longer number or of an amount
#: (``12345678.90`` stays) — a BSN, or one that lost its leading zero in a spreadsheet.
_NUMBER = re.compile(r"(?<![\d.,])\d{8,9}(?!\d|[.,]\d)")
#: How D2 describes a person: ``client 123456782 (Jansen, J., geboren 01-02-1970, postcode
#: 2011AB)``; by default only the masked BSN remains.
_TEXT = r"(?:[^()]|\([^()]*\))"  # text with at most one level of parentheses
_D2_PERSON = re.compile(
    rf"client (\d{{8,9}}) \({_TEXT}*?geboren \d{{2}}-\d{{2}}-\d{{4}}(?:, postcode {_TEXT}*)?\)"
)
#: A birth date that is not part of such a description (a changed message): left out.
_BORN = re.compile(r"geboren \d{2}-\d{2}-\d{4}")
#: JSON keys that hold a BSN.
BSN_KEYS = frozenset({"bsn", "bsns"})
#: JSON keys that hold personal data other than the BSN: left out unless revealed.
PERSONAL_KEYS = frozenset({"birth_date", "surname", "initials", "postcode", "name_of_client"})
#: JSON keys whose text may carry a BSN (masked as free text).
TEXT_KEYS = frozenset({"records", "message", "suggestion", "details", "reasons", "description"})


def mask_bsn(bsn: str | None) -> str:
    """``123443436`` → ``*****3436``; an empty value stays empty."""
    if not bsn:
        return ""
    return MASK + bsn[-4:] if len(bsn) > 4 else MASK


def mask_bsns_in_text(text: str) -> str:
    """Mask the BSN-like numbers in free text, and reduce D2's description of a person
    (name, birth date, postcode) to the masked BSN."""
    if not text:
        return text
    text = _D2_PERSON.sub(lambda m: f"client {mask_bsn(m.group(1))}", text)
    text = _BORN.sub("geboren **-**-****", text)
    return _NUMBER.sub(lambda m: mask_bsn(m.group(0)), text)


def _mask_any(value: Any) -> Any:
    """Every text inside ``value`` masked (lists and dicts walked, personal keys dropped)."""
    if isinstance(value, str):
        return mask_bsns_in_text(value)
    if isinstance(value, Mapping):
        return {key: _mask_any(item) for key, item in value.items() if key not in PERSONAL_KEYS}
    if isinstance(value, list | tuple):
        return [_mask_any(item) for item in value]
    return value


def mask_json(data: Any) -> Any:
    """A copy of command-line JSON with every BSN masked: values under ``bsn``/``bsns`` keys,
    the texts under record/message/details/reasons keys; personal keys (birth date, name,
    postcode) are left out. Amounts, dates, file names and counts are kept as they are."""
    if isinstance(data, Mapping):
        out: dict[str, Any] = {}
        for key, value in data.items():
            if key in PERSONAL_KEYS:
                continue
            if key in BSN_KEYS:
                out[key] = _mask_bsn_values(value)
            elif key in TEXT_KEYS:
                out[key] = _mask_any(value)
            else:
                out[key] = mask_json(value)
        return out
    if isinstance(data, list | tuple):
        return [mask_json(item) for item in data]
    return data


def _mask_bsn_values(value: Any) -> Any:
    if isinstance(value, str):
        return mask_bsn(value)
    if isinstance(value, list | tuple):
        return [_mask_bsn_values(item) for item in value]
    return value


def record_bsn_reveal(db: Database, *, user: str | None = None, what: str) -> None:
    """Write to the audit log that ``user`` asked to see full BSNs in ``what`` (e.g.
    ``"findings --json"`` or ``"werkmap verantwoording.xlsx"``)."""
    now = datetime.now(UTC).replace(tzinfo=None)
    with db.session() as session:
        session.execute(
            insert(AuditLogRow).values(
                at=now,
                user=user or current_user(),
                action=REVEAL_ACTION,
                subject=what[:300],
                detail={"what": what},
            )
        )
