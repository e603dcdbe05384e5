"""Retention (issue 11, privacy): personal data older than a configured period is removed,
while the money stays.

A client is *expired* when every record about them ended before the cut-off date (today minus
the retention period): every deployment ended, every spend line was paid and covers a period
that ended, every benefit period ended, every outflow happened before it — and there is at
least one such record. A client with an open-ended deployment or benefit period is kept.

For an expired client:

- the client row loses surname, initials, birth date, postcode and the normalised surname;
- the BSN is replaced everywhere (client, deployment, spend line, benefit period, outflow) by a
  pseudonym ``P`` + 8 random hexadecimal digits: it fits the 9-character BSN columns, can never
  be a valid BSN (it has a letter), and cannot be reversed — it is drawn at random and recorded
  nowhere but in the rows themselves (no key or table that could map it back; joins between
  the tables stay intact because one client gets one pseudonym in all of them);
- the raw values of their stored records' source records (``source_record.data``) are
  cleared; the raw values of a quarantined record that names them are kept (for reprocessing)
  with the BSN replaced by the pseudonym and their stored name, initials, postcode and birth
  date masked; the stored earlier versions in history are pseudonymised (BSN replaced,
  personal fields emptied, so that a withdrawal can still restore them);
- the findings that name them: the BSN in ``records`` replaced by the pseudonym, messages,
  suggestions and details masked (:func:`ketenkoppeling.privacy.mask_bsns_in_text`).

Amounts, dates, budgets, attributions, batches and the audit log are not touched, so every
ledger, reconciliation and settlement figure is the same before and after. The run adds one
``retention`` entry to the audit log with the counts only. A dry run counts and changes
nothing; a second run finds nothing left to do (pseudonyms are never expired again).

Not covered: a quarantined record of a person never stored as a client has no period and is
kept as it is; name fields in a quarantined record that differ from the stored client's (a
typo) are not recognised; a file read again after retention brings its personal data back in
(as a new client with the real BSN). Findings are masked as text: a finding naming both an
expired and a current client has both BSNs masked in its message.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import insert, or_, select, update
from sqlalchemy.orm import Session

from ketenkoppeling.privacy import mask_bsns_in_text
from ketenkoppeling.store.database import Database, current_user
from ketenkoppeling.store.tables import (
    AuditLogRow,
    BenefitPeriodRow,
    ClientRow,
    DeploymentRow,
    FindingRow,
    HistoryRow,
    OutflowRow,
    SourceRecordRow,
    SpendLineRow,
)

ACTION = "retention"
#: A pseudonym: "P" and 8 hexadecimal digits (9 characters, never a valid BSN).
PSEUDONYM = re.compile(r"P[0-9a-f]{8}")
_PERSONAL = ("surname", "initials", "birth_date", "postcode", "surname_key")
_BSN_TABLES: tuple[Any, ...] = (DeploymentRow, SpendLineRow, BenefitPeriodRow, OutflowRow)
CHUNK = 500


class RetentionRefused(Exception):
    """A retention run that cannot be done; ``message`` is Dutch."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class RetentionResult:
    cutoff: date
    dry_run: bool
    clients: int = 0
    deployments: int = 0
    spend_lines: int = 0
    benefit_periods: int = 0
    outflows: int = 0
    source_records: int = 0
    history: int = 0
    findings: int = 0

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["cutoff"] = self.cutoff.isoformat()
        return data

    def describe(self) -> str:
        """A Dutch summary for the command line."""
        verb = "zouden worden" if self.dry_run else "zijn"
        if not self.clients:
            return f"Geen persoonsgegevens van vóór {self.cutoff:%d-%m-%Y} meer om te verwijderen."
        return (
            f"Van {self.clients} cliënt(en) met gegevens die vóór {self.cutoff:%d-%m-%Y} "
            f"eindigden {verb} de persoonsgegevens verwijderd en het BSN vervangen door een "
            f"pseudoniem: {self.deployments} inzet(ten), {self.spend_lines} bestedingsregel(s), "
            f"{self.benefit_periods} uitkeringsperiode(n), {self.outflows} uitstroom, "
            f"{self.source_records} bronrecord(s), {self.history} eerdere versie(s), "
            f"{self.findings} signalering(en). Bedragen en het auditlog blijven ongewijzigd."
        )


def cutoff_date(years: int, today: date | None = None) -> date:
    """``today`` minus ``years`` (29 February becomes 28 February)."""
    if years < 1:
        raise RetentionRefused("De bewaartermijn moet minstens 1 jaar zijn.")
    today = today or date.today()
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def is_pseudonym(bsn: str) -> bool:
    return PSEUDONYM.fullmatch(bsn) is not None


def expired_bsns(session: Session, cutoff: date) -> set[str]:
    """The BSNs of which every record ended before ``cutoff`` (pseudonyms excluded)."""
    old: set[str] = set()
    recent: set[str] = set()

    def collect(rows: Any, ended: Any) -> None:
        for row in rows:
            (old if ended(row) else recent).add(row.bsn)

    collect(
        session.execute(select(DeploymentRow.bsn, DeploymentRow.end)),
        lambda r: r.end is not None and r.end < cutoff,
    )
    collect(
        session.execute(select(BenefitPeriodRow.bsn, BenefitPeriodRow.end)),
        lambda r: r.end is not None and r.end < cutoff,
    )
    collect(
        session.execute(select(SpendLineRow.bsn, SpendLineRow.pay_date, SpendLineRow.period_to)),
        lambda r: r.pay_date < cutoff and r.period_to < cutoff,
    )
    collect(session.execute(select(OutflowRow.bsn, OutflowRow.date)), lambda r: r.date < cutoff)
    return {bsn for bsn in old - recent if not is_pseudonym(bsn)}


def apply_retention(
    db: Database,
    years: int,
    *,
    dry_run: bool = False,
    today: date | None = None,
    user: str | None = None,
) -> RetentionResult:
    """Remove the personal data of every client whose records all ended more than ``years``
    years before ``today`` (see the module text). Returns the counts; ``dry_run`` stores
    nothing."""
    cutoff = cutoff_date(years, today)
    result = RetentionResult(cutoff=cutoff, dry_run=dry_run)
    with db.session() as session:
        bsns = sorted(expired_bsns(session, cutoff))
        result.clients = len(bsns)
        if not bsns:
            return result
        pseudonyms = _pseudonyms(session, bsns)
        record_ids: set[int] = set()
        for start in range(0, len(bsns), CHUNK):
            chunk = bsns[start : start + CHUNK]
            for table, attr in (
                (ClientRow, None),
                (DeploymentRow, "deployments"),
                (SpendLineRow, "spend_lines"),
                (BenefitPeriodRow, "benefit_periods"),
                (OutflowRow, "outflows"),
            ):
                rows = session.execute(
                    select(table.bsn, table.source_record_id).where(table.bsn.in_(chunk))
                ).all()
                record_ids.update(r.source_record_id for r in rows if r.source_record_id)
                if attr:
                    setattr(result, attr, getattr(result, attr) + len(rows))
        result.source_records = _count_records(session, sorted(record_ids))
        quarantined = _quarantined(session, set(bsns), record_ids)
        result.source_records += len(quarantined)
        history = _history(session, set(bsns))
        result.history = len(history)
        findings = _findings(session, bsns)
        result.findings = len(findings)
        if dry_run:
            session.rollback()
            return result
        personal_before = _personal_values(session, bsns) if quarantined else []
        for bsn in bsns:
            new = pseudonyms[bsn]
            session.execute(
                update(ClientRow)
                .where(ClientRow.bsn == bsn)
                .values(
                    bsn=new,
                    surname=None,
                    initials=None,
                    birth_date=None,
                    postcode=None,
                    surname_key=None,
                )
            )
            for table in _BSN_TABLES:
                session.execute(update(table).where(table.bsn == bsn).values(bsn=new))
        ids = sorted(record_ids)
        for start in range(0, len(ids), CHUNK):
            session.execute(
                update(SourceRecordRow)
                .where(SourceRecordRow.id.in_(ids[start : start + CHUNK]))
                .values(data=None)
            )
        for row in history:
            _pseudonymise_history(session, row, pseudonyms)
        if quarantined:
            for record_id, data in quarantined:
                session.execute(
                    update(SourceRecordRow)
                    .where(SourceRecordRow.id == record_id)
                    .values(data=_scrub(data, pseudonyms, personal_before))
                )
        for finding in findings:
            _mask_finding(session, finding, pseudonyms)
        session.execute(
            insert(AuditLogRow).values(
                at=datetime.now(UTC).replace(tzinfo=None),
                user=user or current_user(),
                action=ACTION,
                subject=f"bewaartermijn {years} jaar, vóór {cutoff.isoformat()}",
                detail={"years": years, **result.to_json()},
            )
        )
    return result


def _pseudonyms(session: Session, bsns: list[str]) -> dict[str, str]:
    """A fresh random pseudonym per BSN, unique among the stored client keys."""
    taken = {b for (b,) in session.execute(select(ClientRow.bsn)) if is_pseudonym(b)}
    out: dict[str, str] = {}
    for bsn in bsns:
        while True:
            candidate = "P" + secrets.token_hex(4)
            if candidate not in taken:
                break
        taken.add(candidate)
        out[bsn] = candidate
    return out


def _count_records(session: Session, ids: list[int]) -> int:
    """How many of these source records still hold raw values."""
    count = 0
    for start in range(0, len(ids), CHUNK):
        rows = session.execute(
            select(SourceRecordRow.data).where(SourceRecordRow.id.in_(ids[start : start + CHUNK]))
        )
        count += sum(1 for (data,) in rows if data)
    return count


_NUMBER = re.compile(r"(?<!\d)\d{8,9}(?!\d)")


def _quarantined(
    session: Session, bsns: set[str], stored: set[int]
) -> list[tuple[int, dict[str, Any]]]:
    """Source records not stored as a model row (quarantine) whose raw values name an expired
    client: their raw values are kept for reprocessing, with the client's data scrubbed."""
    found = []
    for record_id, data in session.execute(
        select(SourceRecordRow.id, SourceRecordRow.data).where(SourceRecordRow.data.is_not(None))
    ):
        if not data or record_id in stored:
            continue
        if bsns.intersection(_NUMBER.findall(json.dumps(data))):
            found.append((record_id, data))
    return found


def _personal_values(session: Session, bsns: list[str]) -> list[str]:
    """The stored name, initials, postcode and birth date (as written in files) of the clients."""
    values: set[str] = set()
    for start in range(0, len(bsns), CHUNK):
        for row in session.scalars(
            select(ClientRow).where(ClientRow.bsn.in_(bsns[start : start + CHUNK]))
        ):
            for text in (row.surname, row.initials, row.postcode):
                if text and len(text.strip()) >= 2:
                    values.add(text.strip())
            if row.birth_date:
                values.update(
                    row.birth_date.strftime(f) for f in ("%Y-%m-%d", "%d-%m-%Y", "%Y%m%d")
                )
    return sorted(values, key=len, reverse=True)


def _scrub(data: Any, pseudonyms: dict[str, str], personal: list[str]) -> Any:
    """``data`` with every expired BSN replaced by its pseudonym and the clients' name,
    initials, postcode and birth date masked (``*****``)."""
    if isinstance(data, str):
        text = _NUMBER.sub(lambda m: pseudonyms.get(m.group(0), m.group(0)), data)
        for value in personal:
            text = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", "*****", text)
        return text
    if isinstance(data, dict):
        return {k: _scrub(v, pseudonyms, personal) for k, v in data.items()}
    if isinstance(data, list):
        return [_scrub(v, pseudonyms, personal) for v in data]
    return data


def _history(session: Session, bsns: set[str]) -> list[HistoryRow]:
    """The earlier versions that carry the BSN of an expired client."""
    found = []
    for row in session.scalars(select(HistoryRow)):
        data = row.data or {}
        if data.get("bsn") in bsns or bsns.intersection(row.key.split("/")):
            found.append(row)
    return found


def _pseudonymise_history(session: Session, row: HistoryRow, pseudonyms: dict[str, str]) -> None:
    # personal fields kept as empty values: a withdrawal can still restore the version
    data = {k: (None if k in _PERSONAL else v) for k, v in (row.data or {}).items()}
    bsn = data.get("bsn")
    if isinstance(bsn, str):
        data["bsn"] = pseudonyms.get(bsn, mask_bsns_in_text(bsn))
    key = row.key
    for old, new in pseudonyms.items():
        key = key.replace(old, new)
    session.execute(
        update(HistoryRow).where(HistoryRow.id == row.id).values(data=data, key=key[:200])
    )


def _findings(session: Session, bsns: list[str]) -> list[FindingRow]:
    """The findings whose records, message or details name an expired client."""
    wanted = set(bsns)
    found = []
    for row in session.scalars(
        select(FindingRow).where(
            or_(FindingRow.message.is_not(None), FindingRow.records.is_not(None))
        )
    ):
        text = " ".join([*(row.records or []), row.message or "", str(row.details or "")])
        if wanted.intersection(_NUMBER.findall(text)):
            found.append(row)
    return found


def _mask_value(value: Any) -> Any:
    if isinstance(value, str):
        return mask_bsns_in_text(value)
    if isinstance(value, dict):
        return {
            k: _mask_value(v)
            for k, v in value.items()
            if k not in _PERSONAL and k != "name_of_client"
        }
    if isinstance(value, list):
        return [_mask_value(v) for v in value]
    return value


def _mask_finding(session: Session, row: FindingRow, pseudonyms: dict[str, str]) -> None:
    records = []
    for record in row.records or []:
        text = record
        for old, new in pseudonyms.items():
            text = text.replace(old, new)
        records.append(mask_bsns_in_text(text))
    session.execute(
        update(FindingRow)
        .where(FindingRow.id == row.id)
        .values(
            records=records,
            message=mask_bsns_in_text(row.message or ""),
            suggestion=mask_bsns_in_text(row.suggestion) if row.suggestion else row.suggestion,
            details=_mask_value(row.details) if row.details else row.details,
        )
    )
