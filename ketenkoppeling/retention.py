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
  suggestions and details masked (:func:`ketenkoppeling.privacy.mask_bsns_in_text`); every
  finding keeps its identity: its fingerprint and content hash become those of the pseudonym
  (the checks are run before and after, in the same transaction), so that the next check
  finds it unchanged, with its status, decision and history, instead of closing it and
  opening a new one (:func:`_keep_findings`). A D2 finding (two BSNs for one person) rests
  on the name and birth date that are removed: the next check closes it, as its evidence
  is gone.

The period is a setting of the database (:func:`set_retention_period`, the Settings page),
kept as the newest ``retention.period`` entry of the audit log, so that every change of it is
audited; ``ketenkoppeling retention --older-than JAREN`` overrides it for one run. The run
takes the checks' lock and the import lock (store/locks.py): it changes the keys of model
records, as an import does, and the findings' fingerprints, which a check running beside it
would bring back. It works in the database: the expired clients are one grouped query, the
BSNs are replaced by one ``UPDATE … WHERE bsn IN (SELECT …)`` per table through a temporary
table of pseudonyms, and the tables that must be read in Python (source records, history,
findings) are streamed, keeping only the rows that name an expired client. Measured on the
benchmark regions, every client expired: 100,000 clients without findings 17 s, 90 MB peak;
20,000 clients 3.4 s (the per-client updates it replaces: 58 s), and 13 s, 93 MB with 14,232
findings (the rules run twice to keep their identity; the next check then closes only the 20
D2 findings, whose evidence was removed).

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
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Column,
    CompoundSelect,
    MetaData,
    Select,
    String,
    Table,
    and_,
    case,
    func,
    insert,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.orm import Session

from ketenkoppeling.access import Role, require
from ketenkoppeling.checks.base import Candidate, CheckSettings, fingerprint
from ketenkoppeling.privacy import mask_bsns_in_text
from ketenkoppeling.store.database import Database, current_user
from ketenkoppeling.store.locks import (
    CHECK_LOCK,
    default_waiting,
    exclusive,
    keyed_write,
    short_write,
)
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
SETTING = "retention.period"  # the audit-log entry that stores the retention period
MAX_YEARS = 100
STREAM = 1000  # rows read at a time when a table is scanned
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
    """The BSNs of which every record ended before ``cutoff`` (pseudonyms excluded); one
    grouped query, nothing loaded but the answer."""
    ended = union_all(
        select(DeploymentRow.bsn, _old(DeploymentRow.end.is_not(None), DeploymentRow.end < cutoff)),
        select(
            BenefitPeriodRow.bsn,
            _old(BenefitPeriodRow.end.is_not(None), BenefitPeriodRow.end < cutoff),
        ),
        select(
            SpendLineRow.bsn, _old(SpendLineRow.pay_date < cutoff, SpendLineRow.period_to < cutoff)
        ),
        select(OutflowRow.bsn, _old(OutflowRow.date < cutoff)),
    ).subquery()
    stmt = select(ended.c.bsn).group_by(ended.c.bsn).having(func.min(ended.c.old) == 1)
    return {bsn for (bsn,) in session.execute(stmt) if not is_pseudonym(bsn)}


def _old(*conditions: Any) -> Any:
    """1 when every condition holds (the record ended before the cut-off), else 0."""
    return case((and_(*conditions), 1), else_=0).label("old")


def retention_period(session: Session) -> int | None:
    """The stored retention period in years (None: none set). It is kept as the newest
    ``SETTING`` entry of the audit log: every change is audited by being stored."""
    detail = session.scalar(
        select(AuditLogRow.detail)
        .where(AuditLogRow.action == SETTING)
        .order_by(AuditLogRow.id.desc())
        .limit(1)
    )
    years = detail.get("years") if isinstance(detail, dict) else None
    return years if isinstance(years, int) and not isinstance(years, bool) else None


def set_retention_period(db: Database, years: int | None, *, user: str | None = None) -> None:
    """Store the retention period (``None``: none; retention then needs a period given)."""
    require(db, Role.BEHEERDER, what="de bewaartermijn instellen")
    if years is not None:
        cutoff_date(years)  # refused below a year
        if years > MAX_YEARS:
            raise RetentionRefused(f"De bewaartermijn kan hoogstens {MAX_YEARS} jaar zijn.")
    who = user or current_user()

    def work() -> None:
        with db.session() as session:
            if retention_period(session) == years:
                return
            session.execute(
                insert(AuditLogRow).values(
                    at=datetime.now(UTC).replace(tzinfo=None),
                    user=who,
                    action=SETTING,
                    subject="bewaartermijn" if years is None else f"bewaartermijn {years} jaar",
                    detail={"years": years},
                )
            )

    short_write(db, work, user=who, task="bewaartermijn instellen")


def apply_retention(
    db: Database,
    years: int | None = None,
    *,
    dry_run: bool = False,
    today: date | None = None,
    user: str | None = None,
) -> RetentionResult:
    """Remove the personal data of every client whose records all ended more than ``years``
    years before ``today`` (see the module text); ``years`` None: the stored period
    (:func:`retention_period`). Returns the counts; ``dry_run`` stores nothing."""
    require(db, Role.BACKOFFICE, Role.BEHEERDER, what="persoonsgegevens opschonen")
    if years is None:
        with db.session() as session:
            years = retention_period(session)
        if years is None:
            raise RetentionRefused(
                "Er is geen bewaartermijn ingesteld: geef er een op (--older-than JAREN) of "
                "stel hem in bij Instellingen."
            )
    cutoff = cutoff_date(years, today)
    who = user or current_user()
    task = f"bewaartermijn toepassen (vóór {cutoff:%d-%m-%Y})"
    # not beside a run of the checks (which would bring its findings in step with the data
    # as it was before), and, as it changes the keys of model records, one at a time with
    # imports; the locks in the order the checks take them
    with exclusive(db, CHECK_LOCK, user=who, task=task, waiting=default_waiting):
        return keyed_write(db, lambda: _apply(db, years, cutoff, dry_run, who), user=who, task=task)


def _apply(db: Database, years: int, cutoff: date, dry_run: bool, user: str) -> RetentionResult:
    result = RetentionResult(cutoff=cutoff, dry_run=dry_run)
    with db.session() as session:
        bsns = sorted(expired_bsns(session, cutoff))
        result.clients = len(bsns)
        if not bsns:
            return result
        pseudonyms = _pseudonyms(session, bsns)
        old = _map_table(session, pseudonyms)  # expired BSN -> pseudonym, in the database
        expired = select(old.c.bsn)
        for table, attr in (
            (DeploymentRow, "deployments"),
            (SpendLineRow, "spend_lines"),
            (BenefitPeriodRow, "benefit_periods"),
            (OutflowRow, "outflows"),
        ):
            count = session.scalar(select(func.count()).where(table.bsn.in_(expired)))
            setattr(result, attr, count or 0)
        stored = _stored_records(expired)
        result.source_records = (
            session.scalar(
                select(func.count()).where(
                    SourceRecordRow.id.in_(stored), SourceRecordRow.data.is_not(None)
                )
            )
            or 0
        )
        quarantined = _quarantined(session, set(bsns), stored)
        result.source_records += len(quarantined)
        history = _history(session, set(bsns))
        result.history = len(history)
        findings = _findings(session, set(bsns))
        result.findings = len(findings)
        if dry_run:
            session.rollback()
            return result
        before = _found_now(session)  # the problems as the checks see them now
        personal = _personal_values(session, quarantined, pseudonyms)
        new = select(old.c.pseudonym).where(old.c.bsn == ClientRow.bsn).scalar_subquery()
        session.execute(
            update(SourceRecordRow).where(SourceRecordRow.id.in_(stored)).values(data=None)
        )
        session.execute(
            update(ClientRow)
            .where(ClientRow.bsn.in_(expired))
            .values(bsn=new, **dict.fromkeys(_PERSONAL))
            .execution_options(synchronize_session=False)
        )
        for table in _BSN_TABLES:
            renamed = select(old.c.pseudonym).where(old.c.bsn == table.bsn).scalar_subquery()
            session.execute(
                update(table)
                .where(table.bsn.in_(expired))
                .values(bsn=renamed)
                .execution_options(synchronize_session=False)
            )
        for row in history:
            _pseudonymise_history(session, row, pseudonyms)
        for record_id, data in quarantined:
            session.execute(
                update(SourceRecordRow)
                .where(SourceRecordRow.id == record_id)
                .values(data=_scrub(data, pseudonyms, personal))
            )
        for finding in findings:
            _mask_finding(session, finding, pseudonyms)
        _keep_findings(session, before, pseudonyms)
        old.drop(session.connection())
        session.execute(
            insert(AuditLogRow).values(
                at=datetime.now(UTC).replace(tzinfo=None),
                user=user,
                action=ACTION,
                subject=f"bewaartermijn {years} jaar, vóór {cutoff.isoformat()}",
                detail={"years": years, **result.to_json()},
            )
        )
    return result


def _map_table(session: Session, pseudonyms: dict[str, str]) -> Table:
    """A temporary table of the expired BSNs and their pseudonyms (gone with the transaction
    on a rollback, dropped at its end otherwise)."""
    table = Table(
        "retention_pseudonym",
        MetaData(),
        Column("bsn", String(9), primary_key=True),
        Column("pseudonym", String(9), nullable=False),
        prefixes=["TEMPORARY"],
    )
    connection = session.connection()
    table.drop(connection, checkfirst=True)  # SQLite keeps one from a rolled-back dry run
    table.create(connection)
    items = list(pseudonyms.items())
    for start in range(0, len(items), CHUNK):
        connection.execute(
            insert(table), [{"bsn": b, "pseudonym": p} for b, p in items[start : start + CHUNK]]
        )
    return table


def _stored_records(expired: Select[Any]) -> CompoundSelect[Any]:
    """The ids of the source records stored as a model row of an expired client."""
    return union_all(
        *(
            select(table.source_record_id).where(
                table.bsn.in_(expired), table.source_record_id.is_not(None)
            )
            for table in (ClientRow, *_BSN_TABLES)
        )
    )


def _pseudonyms(session: Session, bsns: list[str]) -> dict[str, str]:
    """A fresh random pseudonym per BSN, unique among the stored client keys."""
    taken = set(session.scalars(select(ClientRow.bsn).where(ClientRow.bsn.like("P%"))))
    out: dict[str, str] = {}
    for bsn in bsns:
        while True:
            candidate = "P" + secrets.token_hex(4)
            if candidate not in taken:
                break
        taken.add(candidate)
        out[bsn] = candidate
    return out


_NUMBER = re.compile(r"(?<!\d)\d{8,9}(?!\d)")


def _quarantined(
    session: Session, bsns: set[str], stored: CompoundSelect[Any]
) -> list[tuple[int, dict[str, Any]]]:
    """Source records not stored as a model row of an expired client (quarantine) whose raw
    values name one: their raw values are kept for reprocessing, with the client's data
    scrubbed. Read in chunks (streamed), only the ones found kept."""
    found = []
    rows = session.connection().execute(
        select(SourceRecordRow.id, SourceRecordRow.data)
        .where(SourceRecordRow.data.is_not(None), SourceRecordRow.id.not_in(stored))
        .execution_options(yield_per=STREAM)
    )
    for record_id, data in rows:
        if data and bsns.intersection(_NUMBER.findall(json.dumps(data))):
            found.append((record_id, data))
    return found


def _personal_values(
    session: Session, quarantined: list[tuple[int, dict[str, Any]]], pseudonyms: dict[str, str]
) -> list[str]:
    """The stored name, initials, postcode and birth date (as written in files) of the expired
    clients that the quarantined records name."""
    named = sorted(
        {n for _, data in quarantined for n in _NUMBER.findall(json.dumps(data))}
        & pseudonyms.keys()
    )
    values: set[str] = set()
    for start in range(0, len(named), CHUNK):
        for row in session.scalars(
            select(ClientRow).where(ClientRow.bsn.in_(named[start : start + CHUNK]))
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
    for row in session.scalars(select(HistoryRow).execution_options(yield_per=STREAM)):
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


def _findings(session: Session, wanted: set[str]) -> list[FindingRow]:
    """The findings whose records, message or details name an expired client."""
    found = []
    for row in session.scalars(
        select(FindingRow)
        .where(or_(FindingRow.message.is_not(None), FindingRow.records.is_not(None)))
        .execution_options(yield_per=STREAM)
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


# --- findings keep their identity --------------------------------------------------------------


def _candidates(session: Session) -> Iterator[Candidate]:
    """What the checks find in the data as ``session`` sees it (the rules of a check run)."""
    from ketenkoppeling.checks.runner import STEPS

    settings = CheckSettings()
    for _rules, step in STEPS:
        yield from step(session, settings, lambda _lines: None)


def _found_now(session: Session) -> dict[str, str]:
    """Fingerprint -> content hash of every problem the checks find now (empty when no
    finding is stored: then there is nothing to keep)."""
    if session.scalar(select(FindingRow.id).limit(1)) is None:
        return {}
    return {c.fingerprint: c.content_hash for c in _candidates(session)}


def _keep_findings(session: Session, before: dict[str, str], pseudonyms: dict[str, str]) -> None:
    """A finding names its problem by a fingerprint of the rule and the problem's identity,
    which for some rules holds a BSN (B2: invoice, BSN, provider; D2: the two BSNs), and the
    content hash of a finding covers its records, BSN included. After pseudonymisation the
    next check would see a new problem (closing the old finding and opening a new one, its
    decision lost) or changed content (reopening a resolved or accepted one). So each finding
    found before is given the fingerprint and content hash it has now, the pseudonym in place
    of the BSN: the next check finds it unchanged, with its status, decision and history. A
    finding whose content had changed already (not yet checked again) keeps its old content
    hash: the next check reopens it, as it would have done."""
    if not before:
        return
    back = {new: old for old, new in pseudonyms.items()}
    moved: list[tuple[str, str, str, str]] = []
    for candidate in _candidates(session):
        identity = PSEUDONYM.sub(lambda m: back.get(m.group(0), m.group(0)), candidate.identity)
        was = fingerprint(candidate.rule, identity)
        old_hash = before.get(was)
        if old_hash is None:
            continue
        if (was, old_hash) != (candidate.fingerprint, candidate.content_hash):
            moved.append((was, candidate.fingerprint, old_hash, candidate.content_hash))
    for was, now, old_hash, new_hash in moved:
        session.execute(
            update(FindingRow)
            .where(FindingRow.fingerprint == was)
            .values(
                fingerprint=now,
                content_hash=case(
                    (FindingRow.content_hash == old_hash, new_hash), else_=FindingRow.content_hash
                ),
            )
            .execution_options(synchronize_session=False)
        )
