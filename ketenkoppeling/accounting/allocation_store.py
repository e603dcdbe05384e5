"""Allocation keys in the database with versions (spec/accounting.md "Cost allocation").

Every save writes an :class:`AllocationKeyVersionRow` (name, version, TOML, author, time,
comment) and moves the key's current row (:class:`AllocationKeyRow`) to that version. Saving
names the version the user started from (``expected``); when someone else saved in the
meantime, the save is refused with :class:`AllocationConflict` naming who saved when, and
nothing is overwritten. The check is one ``UPDATE … WHERE name = ? AND version = ?``, so it
holds on SQLite and PostgreSQL alike, also between two processes.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import func, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ketenkoppeling.accounting.allocation import (
    AllocationError,
    AllocationKey,
    check_partners,
    known_partners,
    parse_key,
)
from ketenkoppeling.store.database import Database
from ketenkoppeling.store.locks import QUIET, default_waiting, short_write, write_turn
from ketenkoppeling.store.tables import AllocationKeyRow, AllocationKeyVersionRow, AuditLogRow

#: The author recorded for a key stored before versions were kept.
UNKNOWN_AUTHOR = "onbekend"


class AllocationConflict(AllocationError):
    """Someone else saved the key after the user opened it; nothing was overwritten."""

    def __init__(self, message: str, current: KeyVersion | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.current = current


@dataclass(frozen=True)
class KeyVersion:
    name: str
    version: int
    toml: str
    author: str
    created_at: datetime
    comment: str

    @property
    def label(self) -> str:
        return f"versie {self.version}"


@dataclass(frozen=True)
class SavedKey:
    key: AllocationKey
    version: KeyVersion


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _version(row: AllocationKeyVersionRow) -> KeyVersion:
    return KeyVersion(row.name, row.version, row.toml, row.author, row.created_at, row.comment)


def _when(moment: datetime) -> str:
    return f"{moment:%d-%m-%Y} om {moment:%H:%M}"


def _version_row(session: Session, name: str, version: int) -> AllocationKeyVersionRow | None:
    return session.scalars(
        select(AllocationKeyVersionRow).where(
            AllocationKeyVersionRow.name == name, AllocationKeyVersionRow.version == version
        )
    ).first()


def _backfill(session: Session, row: AllocationKeyRow) -> None:
    """A key stored before versions were kept gets its current text as a version."""
    if _version_row(session, row.name, row.version) is None:
        session.add(
            AllocationKeyVersionRow(
                name=row.name,
                version=row.version,
                toml=row.toml,
                author=UNKNOWN_AUTHOR,
                created_at=row.updated_at,
                comment="opgeslagen vóór het versiebeheer",
            )
        )
        session.flush()


def _conflict(session: Session, name: str, expected: int) -> AllocationConflict:
    row = session.scalars(select(AllocationKeyRow).where(AllocationKeyRow.name == name)).first()
    if row is None:
        return AllocationConflict(
            f"verdeelsleutel '{name}' is intussen verwijderd; er is niets overschreven. "
            "Sla hem op als nieuwe sleutel of kies een andere naam."
        )
    stored = _version_row(session, name, row.version)
    who = stored.author if stored is not None else UNKNOWN_AUTHOR
    when = stored.created_at if stored is not None else row.updated_at
    current = _version(stored) if stored is not None else None
    if expected == 0:
        return AllocationConflict(
            f"er bestaat al een verdeelsleutel '{name}' (versie {row.version}, opgeslagen door "
            f"{who} op {_when(when)}); er is niets overschreven. Open die sleutel of kies "
            "een andere naam.",
            current,
        )
    return AllocationConflict(
        f"verdeelsleutel '{name}' is intussen gewijzigd door {who} op {_when(when)} "
        f"(nu versie {row.version}, u begon met versie {expected}); er is niets "
        "overschreven. Open de nieuwste versie en breng uw wijzigingen opnieuw aan.",
        current,
    )


def store_key_version(
    db: Database,
    toml_text: str | bytes,
    *,
    user: str,
    comment: str = "",
    expected: int | None = None,
) -> SavedKey:
    """:func:`save_key_version` in a transaction of its own, in its turn (store/locks.py: on
    SQLite it waits for a running import or check, telling for whom; on PostgreSQL it is run
    again when it lost a race with another transaction)."""

    def work() -> SavedKey:
        with db.session() as session:
            return save_key_version(
                session, toml_text, user=user, comment=comment, expected=expected
            )

    return short_write(db, work, user=user, task="verdeelsleutel opslaan")


def save_key_version(
    session: Session,
    toml_text: str | bytes,
    *,
    user: str,
    comment: str = "",
    expected: int | None = None,
) -> SavedKey:
    """Validate and store a key as its next version, with an audit log entry; on SQLite
    after waiting for a running import or check (``session`` must not have written yet).
    See :func:`_save_key_version`."""
    with write_turn(
        session, user=user, task="verdeelsleutel opslaan", waiting=default_waiting, quiet=QUIET
    ):
        return _save_key_version(session, toml_text, user=user, comment=comment, expected=expected)


def _save_key_version(
    session: Session,
    toml_text: str | bytes,
    *,
    user: str,
    comment: str = "",
    expected: int | None = None,
) -> SavedKey:
    """Validate and store a key as its next version, with an audit log entry.

    ``expected`` is the version the user started from (0: a new key); when the stored key
    is at another version, :class:`AllocationConflict` is raised and nothing is written.
    ``expected=None`` replaces whatever is stored (a file import). Partner codes are checked
    against the reference data when any is stored; a refused key raises AllocationError."""
    key = parse_key(toml_text)
    partners = known_partners(session)
    if partners:
        check_partners(key, partners)
    now = _now()
    row = session.scalars(select(AllocationKeyRow).where(AllocationKeyRow.name == key.name)).first()
    detail: dict[str, Any] = {
        "years": [c.year for c in key.costs],
        "rules": len(key.rules),
        "unit": key.unit,
        "comment": comment,
    }
    if row is None:
        if expected not in (None, 0):
            raise _conflict(session, key.name, expected)
        latest = session.scalar(
            select(func.max(AllocationKeyVersionRow.version)).where(
                AllocationKeyVersionRow.name == key.name
            )
        )
        version = int(latest or 0) + 1
        try:
            with session.begin_nested():
                session.add(
                    AllocationKeyRow(name=key.name, toml=key.text, updated_at=now, version=version)
                )
        except IntegrityError:  # saved by someone else between our read and our insert
            raise _conflict(session, key.name, 0) from None
        action = "verdeelsleutel.opgeslagen"
    else:
        _backfill(session, row)
        previous = row.toml
        started = row.version if expected is None else expected
        if expected == 0:
            raise _conflict(session, key.name, 0)
        version = started + 1
        result = cast(
            CursorResult[Any],
            session.execute(
                update(AllocationKeyRow)
                .where(AllocationKeyRow.name == key.name, AllocationKeyRow.version == started)
                .values(toml=key.text, updated_at=now, version=version)
                .execution_options(synchronize_session=False)
            ),
        )
        if result.rowcount != 1:
            session.expire(row)
            raise _conflict(session, key.name, started)
        session.expire(row)
        detail["previous"] = previous
        action = "verdeelsleutel.gewijzigd"
    detail["version"] = version
    stored = AllocationKeyVersionRow(
        name=key.name,
        version=version,
        toml=key.text,
        author=user,
        created_at=now,
        comment=comment,
    )
    session.add(stored)
    session.add(AuditLogRow(at=now, user=user, action=action, subject=key.name, detail=detail))
    session.flush()
    return SavedKey(key, _version(stored))


def current_version(session: Session, name: str) -> int | None:
    """The version the stored key is at (None: no such key)."""
    return session.scalar(select(AllocationKeyRow.version).where(AllocationKeyRow.name == name))


def list_versions(session: Session, name: str) -> list[KeyVersion]:
    """Every saved version of a key, oldest first (a key stored before versions were kept
    shows its current text as its only version)."""
    rows = session.scalars(
        select(AllocationKeyVersionRow)
        .where(AllocationKeyVersionRow.name == name)
        .order_by(AllocationKeyVersionRow.version)
    ).all()
    versions = [_version(r) for r in rows]
    row = session.scalars(select(AllocationKeyRow).where(AllocationKeyRow.name == name)).first()
    if row is not None and all(v.version != row.version for v in versions):
        versions.append(
            KeyVersion(
                row.name,
                row.version,
                row.toml,
                UNKNOWN_AUTHOR,
                row.updated_at,
                "opgeslagen vóór het versiebeheer",
            )
        )
    return versions


def load_version(session: Session, name: str, version: int) -> KeyVersion:
    """One saved version (raises KeyError when there is none)."""
    for found in list_versions(session, name):
        if found.version == version:
            return found
    raise KeyError(f"verdeelsleutel '{name}' heeft geen versie {version}")


def diff_versions(old: KeyVersion, new: KeyVersion) -> str:
    """The TOML of two versions compared line by line (unified diff)."""
    return "".join(
        difflib.unified_diff(
            old.toml.splitlines(keepends=True),
            new.toml.splitlines(keepends=True),
            fromfile=f"{old.name} versie {old.version}",
            tofile=f"{new.name} versie {new.version}",
        )
    )
