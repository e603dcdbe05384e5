"""SQLAlchemy tables of the common model, provenance, findings and the audit log.

Money is stored as whole cents (``*_cents`` BIGINT) and percentages as hundredths of a percent
(``percentage_bp``: 100 % = 10000), so that sums in SQL are exact on every database.
Every model row points at the ``source_record`` it came from (lineage) and carries a
``content_hash`` of its mapped content, by which a re-import is recognised as unchanged or as
a correction. Replaced versions go to ``history``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

CODE = 40  # codes are strings of 1-40 characters (ketenbericht.md)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


# --- reference data -------------------------------------------------------------------------


class PartnerRow(Base):
    __tablename__ = "partner"
    code: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)


class RegimeRow(Base):
    __tablename__ = "regime"
    code: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    description: Mapped[str] = mapped_column(String(200))
    executor_kind: Mapped[str | None] = mapped_column(String(20))


class InstrumentRow(Base):
    __tablename__ = "instrument"
    code: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    description: Mapped[str] = mapped_column(String(200))


class ProviderRow(Base):
    __tablename__ = "provider"
    code: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))


class BudgetRow(Base):
    __tablename__ = "budget"
    code: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    label: Mapped[str] = mapped_column(String(200))
    owner: Mapped[str] = mapped_column(String(CODE), index=True)
    year: Mapped[int] = mapped_column(Integer)
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    regimes: Mapped[str] = mapped_column(Text)  # comma-separated regime codes
    instruments: Mapped[str] = mapped_column(Text, default="")  # comma-separated; empty: all


# --- provenance -----------------------------------------------------------------------------


class ImportBatchRow(Base):
    __tablename__ = "import_batch"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_name: Mapped[str] = mapped_column(String(500))
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    mapping_name: Mapped[str] = mapped_column(String(100))
    mapping_version: Mapped[str] = mapped_column(String(40))
    user: Mapped[str] = mapped_column(String(100))
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(20))  # imported | reprocessed
    partner: Mapped[str | None] = mapped_column(String(CODE))
    records_read: Mapped[int] = mapped_column(Integer, default=0)
    records_new: Mapped[int] = mapped_column(Integer, default=0)
    records_unchanged: Mapped[int] = mapped_column(Integer, default=0)
    records_replaced: Mapped[int] = mapped_column(Integer, default=0)
    records_quarantined: Mapped[int] = mapped_column(Integer, default=0)
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime)  # taken back by a user
    withdrawn_by: Mapped[str | None] = mapped_column(String(100))
    # a reprocessing run: the batch whose quarantined records it ran again
    reprocessed_batch: Mapped[int | None] = mapped_column(Integer)
    # the mapping's file-level settings as resolved for this file (reused when reprocessing)
    settings: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class SourceRecordRow(Base):
    """One record read from a file, with its position and what became of it."""

    __tablename__ = "source_record"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)  # 1-based record number in the file
    location: Mapped[str] = mapped_column(String(500))  # human-readable position
    line: Mapped[int | None] = mapped_column(Integer)
    xpath: Mapped[str | None] = mapped_column(String(500))
    sheet: Mapped[str | None] = mapped_column(String(100))
    row: Mapped[int | None] = mapped_column(Integer)
    # new | unchanged | replaced | quarantined | reprocessed (run again in a later batch)
    status: Mapped[str] = mapped_column(String(20))
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # raw values (quarantined)
    errors: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    # a quarantined spend record: its registering partner, and its amount and pay date where
    # they can be read (money the accounts do not hold yet: spec/accounting.md)
    spend_partner: Mapped[str | None] = mapped_column(String(CODE))
    spend_amount_cents: Mapped[int | None] = mapped_column(BigInteger)
    spend_pay_date: Mapped[date | None] = mapped_column(Date)


class HistoryRow(Base):
    """A stored version that was replaced (a correction, or a reference-data update)."""

    __tablename__ = "history"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity: Mapped[str] = mapped_column(String(30))
    key: Mapped[str] = mapped_column(String(200))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    source_record_id: Mapped[int | None] = mapped_column(Integer)
    replaced_at: Mapped[datetime] = mapped_column(DateTime)
    replaced_by_record_id: Mapped[int | None] = mapped_column(Integer)
    __table_args__ = (Index("ix_history_entity_key", "entity", "key"),)


# --- the common model -----------------------------------------------------------------------


class ClientRow(Base):
    __tablename__ = "client"
    bsn: Mapped[str] = mapped_column(String(9), primary_key=True)
    birth_date: Mapped[date | None] = mapped_column(Date)
    surname: Mapped[str | None] = mapped_column(String(200))
    initials: Mapped[str | None] = mapped_column(String(40))
    postcode: Mapped[str | None] = mapped_column(String(10))
    surname_key: Mapped[str | None] = mapped_column(String(200))  # normalised, for D2
    content_hash: Mapped[str] = mapped_column(String(32))
    source_record_id: Mapped[int | None] = mapped_column(ForeignKey("source_record.id"))
    __table_args__ = (Index("ix_client_birth_surname", "birth_date", "surname_key"),)


class BenefitPeriodRow(Base):
    __tablename__ = "benefit_period"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bsn: Mapped[str] = mapped_column(String(9), index=True)
    regime: Mapped[str] = mapped_column(String(CODE))
    executor: Mapped[str] = mapped_column(String(CODE))
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date)
    content_hash: Mapped[str] = mapped_column(String(32))
    source_record_id: Mapped[int | None] = mapped_column(ForeignKey("source_record.id"))
    __table_args__ = (UniqueConstraint("bsn", "regime", "executor", "start"),)


class DeploymentRow(Base):
    __tablename__ = "deployment"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partner: Mapped[str] = mapped_column(String(CODE))
    reference: Mapped[str] = mapped_column(String(100))
    bsn: Mapped[str] = mapped_column(String(9))
    instrument: Mapped[str] = mapped_column(String(CODE))
    provider: Mapped[str | None] = mapped_column(String(CODE))
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date)
    werkcoach: Mapped[str | None] = mapped_column(String(100))
    content_hash: Mapped[str] = mapped_column(String(32))
    source_record_id: Mapped[int | None] = mapped_column(ForeignKey("source_record.id"))
    __table_args__ = (
        UniqueConstraint("partner", "reference"),
        Index("ix_deployment_bsn_instrument", "bsn", "instrument"),
    )


class SpendLineRow(Base):
    __tablename__ = "spend_line"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partner: Mapped[str] = mapped_column(String(CODE))
    invoice_number: Mapped[str] = mapped_column(String(100))
    reference: Mapped[str] = mapped_column(String(100))
    bsn: Mapped[str] = mapped_column(String(9), index=True)
    provider: Mapped[str | None] = mapped_column(String(CODE))
    payer: Mapped[str] = mapped_column(String(CODE))
    pay_date: Mapped[date] = mapped_column(Date, index=True)
    period_from: Mapped[date] = mapped_column(Date)
    period_to: Mapped[date] = mapped_column(Date)
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    content_hash: Mapped[str] = mapped_column(String(32))
    source_record_id: Mapped[int | None] = mapped_column(ForeignKey("source_record.id"))
    __table_args__ = (
        UniqueConstraint("partner", "invoice_number", "reference"),
        Index("ix_spend_line_invoice_bsn", "invoice_number", "bsn"),
    )


class AttributionRow(Base):
    """One attribution of a spend line to a budget, with its attributed part already
    apportioned by the rounding of spec/accounting.md (``part_cents``)."""

    __tablename__ = "attribution"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    spend_line_id: Mapped[int] = mapped_column(
        ForeignKey("spend_line.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int] = mapped_column(Integer)  # order as listed in the source, from 1
    budget: Mapped[str] = mapped_column(String(CODE), index=True)
    percentage_bp: Mapped[int] = mapped_column(Integer)  # hundredths of a percent
    part_cents: Mapped[int] = mapped_column(BigInteger)


class OutflowRow(Base):
    __tablename__ = "outflow"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bsn: Mapped[str] = mapped_column(String(9), index=True)
    date: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(10))
    partner: Mapped[str] = mapped_column(String(CODE))
    content_hash: Mapped[str] = mapped_column(String(32))
    source_record_id: Mapped[int | None] = mapped_column(ForeignKey("source_record.id"))
    __table_args__ = (UniqueConstraint("partner", "bsn", "date"),)


# --- findings, audit, allocation keys -------------------------------------------------------


class FindingRow(Base):
    __tablename__ = "finding"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rule: Mapped[str] = mapped_column(String(4), index=True)
    severity: Mapped[str] = mapped_column(String(10))  # error | warning
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)  # rule + identity
    records: Mapped[list[str]] = mapped_column(JSON)  # ["deployment UWV/UWV-TRJ-1", ...]
    message: Mapped[str] = mapped_column(Text)
    suggestion: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10), index=True)  # open|resolved|accepted|closed
    content_hash: Mapped[str] = mapped_column(String(64))  # of the records involved
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    assignee: Mapped[str | None] = mapped_column(String(100), index=True)  # who works on it
    assigned_at: Mapped[datetime | None] = mapped_column(DateTime)
    # optimistic locking: a decision names the version it saw; a changed finding is refused
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class FindingViewRow(Base):
    """A named set of filters over the findings queue, saved by a user."""

    __tablename__ = "finding_view"
    __table_args__ = (UniqueConstraint("owner", "name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200))
    filters: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class FindingEventRow(Base):
    """Append-only history of a finding: opened, closed, reopened, resolved, accepted."""

    __tablename__ = "finding_event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("finding.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    user: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str | None] = mapped_column(Text)


class AuditLogRow(Base):
    """Append-only log of what users did (imports, reference loads, resolutions, edits)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    user: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(50))
    subject: Mapped[str | None] = mapped_column(String(300))
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class MappingVersionRow(Base):
    """A version of a mapping saved in the database: on a shared database every colleague
    imports with the same version. The newest version of a name overrides its file."""

    __tablename__ = "mapping_version"
    __table_args__ = (UniqueConstraint("name", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    version: Mapped[int] = mapped_column(Integer)
    content: Mapped[str] = mapped_column(Text)  # the mapping file's XML text
    author: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    comment: Mapped[str] = mapped_column(Text, default="")
    based_on: Mapped[str | None] = mapped_column(String(40))  # the version it was edited from


class AllocationKeyRow(Base):
    __tablename__ = "allocation_key"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    toml: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class AllocationKeyVersionRow(Base):
    """Every saved version of an allocation key, with its author and comment."""

    __tablename__ = "allocation_key_version"
    __table_args__ = (UniqueConstraint("name", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    version: Mapped[int] = mapped_column(Integer)
    toml: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    comment: Mapped[str] = mapped_column(Text, default="")


class UserRow(Base):
    """A user of the application with a role, tied to a partner (ketenkoppeling/access.py).
    On PostgreSQL ``login`` is the database login, and the row-level security of migration
    0004 reads this table to scope a controller's session to the ledgers of their partner."""

    __tablename__ = "app_user"
    login: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(20))  # backoffice | controller | beheerder
    partner: Mapped[str] = mapped_column(String(CODE))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(100))
    changed_at: Mapped[datetime | None] = mapped_column(DateTime)
    changed_by: Mapped[str | None] = mapped_column(String(100))
