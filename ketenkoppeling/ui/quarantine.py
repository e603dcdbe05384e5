"""What the Importeren place works out about quarantined records, without widgets: which
reason a quick fix can solve (a value a value map does not know), the reference codes to
choose from, the comment of the new mapping version, and the expected outcome of a
reprocessing run per batch."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication
from sqlalchemy import select
from sqlalchemy.orm import Session

from ketenkoppeling.store.tables import (
    BudgetRow,
    ImportBatchRow,
    InstrumentRow,
    PartnerRow,
    ProviderRow,
    RegimeRow,
)
from ketenkoppeling.ui.models.records import field_label, kind_label

# a value map's ``otherwise`` lookup: the reference table and its description column
_LOOKUP_TABLES: dict[str, tuple[Any, Any]] = {
    "instrument": (InstrumentRow.code, InstrumentRow.description),
    "partner": (PartnerRow.code, PartnerRow.name),
    "budget": (BudgetRow.code, BudgetRow.label),
    "regime": (RegimeRow.code, RegimeRow.description),
    "provider": (ProviderRow.code, ProviderRow.name),
}


@dataclass(frozen=True)
class ValueMapMiss:
    """A record quarantined because a value map does not know a value."""

    target: str  # "deployment.instrument"
    value: str  # 'Werkervaringsplaats'
    lookup: str  # "instrument" | "partner" | "budget" | "regime" | "provider"
    message: str  # the quarantine reason as stored

    def target_text(self) -> str:
        """``deployment.instrument`` as ``Inzet: Instrument``."""
        entity, _, name = self.target.partition(".")
        if not name:
            return field_label(entity)
        return f"{kind_label(entity)}: {field_label(name)}"


def value_map_miss(errors: list[dict[str, Any]] | None) -> ValueMapMiss | None:
    """The first reason among ``errors`` that names a value a value map lacks (it has
    "target", "value" and "lookup"), or None."""
    for error in errors or []:
        if not isinstance(error, dict) or error.get("level") == "note":
            continue
        target, value, lookup = error.get("target"), error.get("value"), error.get("lookup")
        if target and value is not None and str(value) != "" and lookup:
            return ValueMapMiss(str(target), str(value), str(lookup), str(error.get("message")))
    return None


def fix_comment(value: str, code: str) -> str:
    """The comment of the mapping version a quick fix saves."""
    text = QCoreApplication.translate("Quarantine", "Value '%1' added as %2")
    return text.replace("%1", value).replace("%2", code)


def reference_codes(session: Session, lookup: str) -> list[tuple[str, str]]:
    """The reference data's (code, description) pairs for a lookup kind, by code."""
    columns = _LOOKUP_TABLES.get(lookup)
    if columns is None:
        return []
    code, description = columns
    rows = session.execute(select(code, description).order_by(code)).all()
    return [(str(c), str(d or "")) for c, d in rows]


def batch_mapping(session: Session, batch_id: int) -> str | None:
    """The name of the mapping that read a batch."""
    batch = session.get(ImportBatchRow, batch_id)
    return batch.mapping_name if batch is not None else None


def provenance_text(batch: Any) -> str:
    """Where a batch came from: a file read, or a reprocessing run of an earlier batch."""
    reprocessed = getattr(batch, "reprocessed_batch", None)
    if reprocessed is None:
        return ""
    text = QCoreApplication.translate("Quarantine", "reprocessing of batch %1")
    return text.replace("%1", str(reprocessed))


@dataclass(frozen=True)
class ExpectedOutcome:
    """What reprocessing a batch would do (or did)."""

    batch: int | None
    file: str
    mapping: str
    stored: int
    quarantined: int
    reasons: str


def reasons_text(errors: list[dict[str, Any]] | None, limit: int = 5) -> str:
    """The reasons of the records that stay quarantined, most frequent first, with counts."""
    counts = Counter(
        str(e.get("message") or "")
        for e in errors or []
        if isinstance(e, dict) and e.get("level") != "note" and e.get("message")
    )
    parts = [f"{message} ({count})" for message, count in counts.most_common(limit)]
    rest = len(counts) - limit
    if rest > 0:
        more = QCoreApplication.translate("Quarantine", "%1 more")
        parts.append(more.replace("%1", str(rest)))
    return "; ".join(parts)


def expected_outcomes(results: list[Any]) -> list[ExpectedOutcome]:
    """Reprocessing results (dry run or real) as one line per batch reprocessed."""
    lines = []
    for result in results:
        stored = int(result.new or 0) + int(result.unchanged or 0) + int(result.replaced or 0)
        version = f" v{result.mapping_version}" if result.mapping_version else ""
        lines.append(
            ExpectedOutcome(
                batch=getattr(result, "reprocessed_batch", None),
                file=str(result.file),
                mapping=f"{result.mapping or ''}{version}",
                stored=stored,
                quarantined=int(result.quarantined or 0),
                reasons=reasons_text(list(result.errors or [])) or str(result.message or ""),
            )
        )
    return lines
