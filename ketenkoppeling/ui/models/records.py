"""Records named by a finding (``deployment UWV/REF``, ``spend P/INV/REF``, ``client BSN``,
``budget CODE``) looked up in the store, and their provenance, for side-by-side display."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication
from sqlalchemy import select
from sqlalchemy.orm import Session

from ketenkoppeling.store.tables import (
    AttributionRow,
    BudgetRow,
    ClientRow,
    DeploymentRow,
    HistoryRow,
    ImportBatchRow,
    SourceRecordRow,
    SpendLineRow,
)
from ketenkoppeling.ui.formatting import (
    dutch_position,
    format_cents,
    format_date,
    format_percentage_bp,
    mask_bsn,
)

FIELD_ORDER = (
    "partner",
    "reference",
    "invoice_number",
    "code",
    "label",
    "owner",
    "year",
    "bsn",
    "surname",
    "initials",
    "birth_date",
    "postcode",
    "instrument",
    "provider",
    "start",
    "end",
    "werkcoach",
    "payer",
    "pay_date",
    "period_from",
    "period_to",
    "amount_cents",
    "attributions",
    "regimes",
    "instruments",
    "regime",
    "executor",
    "source",
)
DATE_FIELDS = {"start", "end", "birth_date", "pay_date", "period_from", "period_to"}


@dataclass
class SourceInfo:
    file_name: str = ""
    location: str = ""
    batch: int | None = None
    mapping: str = ""
    imported_at: Any = None
    user: str = ""
    status: str = ""
    notes: list[dict[str, Any]] = field(default_factory=list)  # "level": "note" of the source
    reprocessed_batch: int | None = None  # read by a reprocessing run of that batch

    def describe(self) -> str:
        if not self.file_name:
            return ""
        if not self.location:
            return self.file_name
        return f"{self.file_name}, {dutch_position(self.location)}"


@dataclass
class RecordView:
    key: str
    kind: str
    found: bool
    values: dict[str, Any] = field(default_factory=dict)
    source: SourceInfo | None = None
    history: list[Any] = field(default_factory=list)


def field_label(name: str) -> str:
    tr = QCoreApplication.translate
    labels = {
        "partner": tr("RecordFields", "Partner"),
        "reference": tr("RecordFields", "Reference"),
        "invoice_number": tr("RecordFields", "Invoice number"),
        "code": tr("RecordFields", "Code"),
        "label": tr("RecordFields", "Description"),
        "owner": tr("RecordFields", "Owner"),
        "year": tr("RecordFields", "Year"),
        "bsn": tr("RecordFields", "BSN"),
        "surname": tr("RecordFields", "Surname"),
        "initials": tr("RecordFields", "Initials"),
        "birth_date": tr("RecordFields", "Date of birth"),
        "postcode": tr("RecordFields", "Postcode"),
        "instrument": tr("RecordFields", "Instrument"),
        "provider": tr("RecordFields", "Provider"),
        "start": tr("RecordFields", "Start date"),
        "end": tr("RecordFields", "End date"),
        "werkcoach": tr("RecordFields", "Work coach"),
        "payer": tr("RecordFields", "Payer"),
        "pay_date": tr("RecordFields", "Pay date"),
        "period_from": tr("RecordFields", "Period from"),
        "period_to": tr("RecordFields", "Period to"),
        "amount_cents": tr("RecordFields", "Amount"),
        "attributions": tr("RecordFields", "Attribution"),
        "regimes": tr("RecordFields", "Regimes"),
        "instruments": tr("RecordFields", "Instruments"),
        "source": tr("RecordFields", "Source"),
        "regime": tr("RecordFields", "Regime"),
        "executor": tr("RecordFields", "Executed by"),
    }
    return labels.get(name, name)


def kind_label(kind: str) -> str:
    tr = QCoreApplication.translate
    labels = {
        "deployment": tr("RecordFields", "Deployment"),
        "spend": tr("RecordFields", "Spend line"),
        "client": tr("RecordFields", "Client"),
        "budget": tr("RecordFields", "Budget"),
    }
    return labels.get(kind, kind)


def display_value(name: str, value: Any) -> str:
    """A field value as shown: dates dd-mm-jjjj, amounts in euro, BSNs masked."""
    if value is None or value == "":
        return ""
    if name in DATE_FIELDS:
        return format_date(value)
    if name == "amount_cents":
        return format_cents(int(value))
    if name == "bsn":
        return mask_bsn(str(value))
    return str(value)


def record_title(key: str) -> str:
    """``deployment UWV/REF`` as ``Inzet UWV/REF``."""
    kind, _, rest = key.partition(" ")
    return f"{kind_label(kind)} {rest}" if rest else key


def record_label(key: str) -> str:
    """A record key in running text: ``inzet UWV/REF``."""
    kind, _, rest = key.partition(" ")
    return f"{kind_label(kind).lower()} {rest}" if rest else key


# --- lookups (worker thread) ------------------------------------------------------------------


def source_info(session: Session, source_record_id: int | None) -> SourceInfo | None:
    if source_record_id is None:
        return None
    row = session.execute(
        select(
            SourceRecordRow.location,
            SourceRecordRow.status,
            ImportBatchRow.id,
            ImportBatchRow.file_name,
            ImportBatchRow.mapping_name,
            ImportBatchRow.mapping_version,
            ImportBatchRow.started_at,
            ImportBatchRow.user,
            SourceRecordRow.errors,
            ImportBatchRow.reprocessed_batch,
        )
        .join(ImportBatchRow, ImportBatchRow.id == SourceRecordRow.batch_id)
        .where(SourceRecordRow.id == source_record_id)
    ).first()
    if row is None:
        return None
    return SourceInfo(
        file_name=row.file_name,
        location=row.location,
        batch=row.id,
        mapping=f"{row.mapping_name} v{row.mapping_version}",
        imported_at=row.started_at,
        user=row.user,
        status=row.status,
        notes=[e for e in row.errors or [] if isinstance(e, dict) and e.get("level") == "note"],
        reprocessed_batch=row.reprocessed_batch,
    )


_INCOMPLETE_DATE = re.compile(r"^(?:(?P<field>[^:']+):\s*)?datum '(?P<value>[^']*)' onvolledig")


def note_field(note: dict[str, Any]) -> str:
    """The field a note is about: its "field" (``client.birth_date`` as *Geboortedatum*),
    else the name the message starts with (``geboortedatum: datum … onvolledig``)."""
    name = str(note.get("field") or "")
    if name:
        return field_label(name.rpartition(".")[2])
    found = _INCOMPLETE_DATE.match(str(note.get("message") or ""))
    return (found.group("field") or "").strip() if found else ""


def notes_text(notes: list[dict[str, Any]]) -> str:
    """The notes on a stored record in a few words: incomplete dates together, by field
    (``onvolledige datum: geboortedatum, startdatum``), other notes as they are."""
    fields: list[str] = []
    others: list[str] = []
    incomplete = False
    for note in notes:
        message = str(note.get("message") or "")
        if _INCOMPLETE_DATE.match(message) or note.get("kind") == "incomplete-date":
            incomplete = True
            name = note_field(note).lower()
            if name and name not in fields:
                fields.append(name)
        elif message and message not in others:
            others.append(message)
    tr = QCoreApplication.translate
    parts = []
    if fields:
        parts.append(tr("RecordFields", "incomplete date: %1").replace("%1", ", ".join(fields)))
    elif incomplete:
        parts.append(tr("RecordFields", "incomplete date"))
    return "; ".join(parts + others)


def history_of(session: Session, entity: str, key: str) -> list[Any]:
    return list(
        session.execute(
            select(HistoryRow.replaced_at, HistoryRow.data, HistoryRow.source_record_id)
            .where(HistoryRow.entity == entity, HistoryRow.key == key)
            .order_by(HistoryRow.replaced_at.desc())
        ).all()
    )


def _columns(row: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(row, name) for name in names}


def attributions_text(session: Session, spend_line_id: int) -> str:
    rows = session.execute(
        select(AttributionRow.budget, AttributionRow.percentage_bp, AttributionRow.part_cents)
        .where(AttributionRow.spend_line_id == spend_line_id)
        .order_by(AttributionRow.seq)
    ).all()
    return "; ".join(
        f"{budget} {format_percentage_bp(bp)} ({format_cents(part)})" for budget, bp, part in rows
    )


def _find_spend(session: Session, rest: str) -> SpendLineRow | None:
    """The spend line of a key ``partner/invoice/reference``: partner codes have no '/', but
    invoice numbers and references might, so each place of a '/' is tried, each looked up in
    the spend lines' unique index (comparing the joined text would read every line)."""
    partner, _, tail = rest.partition("/")
    for at, char in enumerate(tail):
        if char != "/":
            continue
        found = session.scalars(
            select(SpendLineRow).where(
                SpendLineRow.partner == partner,
                SpendLineRow.invoice_number == tail[:at],
                SpendLineRow.reference == tail[at + 1 :],
            )
        ).first()
        if found is not None:
            return found
    return None


def lookup(session: Session, key: str, *, with_history: bool = True) -> RecordView:
    """The stored record a key names, with its values, source and history."""
    kind, _, rest = key.partition(" ")
    view = RecordView(key=key, kind=kind, found=False)
    if kind == "deployment":
        partner, _, reference = rest.partition("/")
        row = session.scalars(
            select(DeploymentRow).where(
                DeploymentRow.partner == partner, DeploymentRow.reference == reference
            )
        ).first()
        if row is not None:
            view.found = True
            view.values = _columns(
                row,
                ("partner", "reference", "bsn", "instrument", "provider", "start", "end",
                 "werkcoach"),
            )  # fmt: skip
            view.source = source_info(session, row.source_record_id)
            if with_history:
                view.history = history_of(session, "deployment", rest)
    elif kind == "spend":
        spend = _find_spend(session, rest)
        if spend is not None:
            view.found = True
            view.values = _columns(
                spend,
                ("partner", "invoice_number", "reference", "bsn", "provider", "payer",
                 "pay_date", "period_from", "period_to", "amount_cents"),
            )  # fmt: skip
            view.values["attributions"] = attributions_text(session, spend.id)
            view.source = source_info(session, spend.source_record_id)
            if with_history:
                view.history = history_of(session, "spend_line", rest)
    elif kind == "client":
        client = session.get(ClientRow, rest)
        if client is not None:
            view.found = True
            view.values = _columns(client, ("bsn", "surname", "initials", "birth_date", "postcode"))
            view.source = source_info(session, client.source_record_id)
    elif kind == "budget":
        budget = session.get(BudgetRow, rest)
        if budget is not None:
            view.found = True
            view.values = _columns(
                budget, ("code", "label", "owner", "year", "amount_cents", "regimes",
                         "instruments"),
            )  # fmt: skip
    if view.source is not None:
        view.values["source"] = view.source.describe()
    return view


def lookup_all(session: Session, keys: list[str]) -> list[RecordView]:
    return [lookup(session, key) for key in keys]


def comparison_fields(records: list[RecordView]) -> list[str]:
    """The fields to show side by side, in a fixed order, only those any record has."""
    present = {name for r in records for name in r.values}
    return [name for name in FIELD_ORDER if name in present]


def differs(records: list[RecordView], name: str) -> bool:
    """True when records of the same kind disagree on a field (what to look at)."""
    if name == "source":
        return False
    values = {str(r.values.get(name) or "") for r in records if name in r.values}
    return len(values) > 1


def lookup_benefit_period(session: Session, period_id: int) -> RecordView:
    from ketenkoppeling.store.tables import BenefitPeriodRow

    row = session.get(BenefitPeriodRow, period_id)
    view = RecordView(key=f"benefit {period_id}", kind="benefit", found=row is not None)
    if row is None:
        return view
    view.values = {
        "bsn": row.bsn,
        "regime": row.regime,
        "executor": row.executor,
        "start": row.start,
        "end": row.end,
    }
    view.source = source_info(session, row.source_record_id)
    key = "/".join(str(v) for v in (row.bsn, row.regime, row.executor, row.start))
    view.history = history_of(session, "benefit_period", key)
    return view


def history_text(data: dict[str, Any]) -> str:
    """A replaced version in one line, without internal columns; BSNs masked."""
    hidden = {"id", "content_hash", "source_record_id", "surname_key"}
    parts = []
    for name, value in data.items():
        if name in hidden or value in (None, ""):
            continue
        if name == "attributions" and isinstance(value, list):
            value = "; ".join(
                f"{a.get('budget')} {format_percentage_bp(a.get('percentage_bp'))}" for a in value
            )
        parts.append(f"{field_label(name)}: {display_value(name, value)}")
    return ", ".join(parts)
