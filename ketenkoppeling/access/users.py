"""Managing the users of the application: add, change, switch off — a functional
administrator's work once any user is configured, every change in the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ketenkoppeling.access.postgres import provision_login, update_login
from ketenkoppeling.access.roles import LOGIN_PATTERN, Role, UserError, is_postgres, require
from ketenkoppeling.store.database import Database, current_user
from ketenkoppeling.store.tables import AuditLogRow, PartnerRow, UserRow


@dataclass(frozen=True)
class User:
    login: str
    name: str
    role: Role
    partner: str
    active: bool
    created_at: datetime
    created_by: str
    changed_at: datetime | None
    changed_by: str | None

    def to_json(self) -> dict[str, object]:
        return {
            "login": self.login,
            "name": self.name,
            "role": self.role.value,
            "partner": self.partner,
            "active": self.active,
            "created_at": self.created_at.isoformat(timespec="seconds"),
            "created_by": self.created_by,
        }


def _user(row: UserRow) -> User:
    return User(
        row.login, row.name, Role(row.role), row.partner, bool(row.active), row.created_at,
        row.created_by, row.changed_at, row.changed_by,
    )  # fmt: skip


def list_users(db: Database) -> list[User]:
    with db.session() as session:
        return [_user(r) for r in session.scalars(select(UserRow).order_by(UserRow.login))]


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _check_partner(session: Session, partner: str) -> None:
    if not partner.strip():
        raise UserError("Geef de ketenpartner van de gebruiker.")
    known = set(session.scalars(select(PartnerRow.code)))
    if known and partner not in known:
        raise UserError(
            f"Ketenpartner '{partner}' is onbekend; bekend zijn: {', '.join(sorted(known))}."
        )


def _check_admin_left(session: Session) -> None:
    """On SQLite a change must leave an active administrator: nobody else could fix the users
    then. (On PostgreSQL the owner of the tables always can.)"""
    if session.get_bind().dialect.name == "postgresql":
        return
    session.flush()
    users = session.scalar(select(func.count()).select_from(UserRow))
    admins = session.scalar(
        select(func.count())
        .select_from(UserRow)
        .where(UserRow.active, UserRow.role == Role.BEHEERDER.value)
    )
    if users and not admins:
        raise UserError(
            "Er moet minstens één actieve functioneel beheerder blijven; anders kan niemand "
            "de gebruikers nog wijzigen."
        )


def _audit(session: Session, action: str, login: str, detail: dict[str, Any], by: str) -> None:
    session.add(AuditLogRow(at=_now(), user=by, action=action, subject=login, detail=detail))


def add_user(
    db: Database,
    login: str,
    *,
    role: Role,
    partner: str,
    name: str = "",
    password: str | None = None,
    user: str | None = None,
) -> User:
    """Add a user (a functional administrator only, once any user is configured). On
    PostgreSQL the login role is created when it does not exist (with ``password``, sent
    as a SCRAM verifier), and it joins the application's group role."""
    require(db, Role.BEHEERDER, what="gebruikers toevoegen")
    login = login.strip()
    if not LOGIN_PATTERN.fullmatch(login) or login.lower().startswith("pg_"):
        raise UserError(
            f"'{login}' is geen geldige inlognaam: letters, cijfers en _ . @ -, hoogstens 63 "
            "tekens, niet beginnend met pg_."
        )
    by = user or current_user()
    with db.session() as session:
        if session.get(UserRow, login) is not None:
            raise UserError(f"Gebruiker '{login}' bestaat al; wijzig die.")
        _check_partner(session, partner)
        first = not session.scalar(select(func.count()).select_from(UserRow).where(UserRow.active))
        if first and not is_postgres(db) and login != current_user():
            raise UserError(
                f"Voeg eerst uzelf ({current_user()}) toe als functioneel beheerder; anders "
                "kunt u daarna niets meer aan de gebruikers wijzigen."
            )
        row = UserRow(
            login=login, name=name.strip(), role=role.value, partner=partner, active=True,
            created_at=_now(), created_by=by,
        )  # fmt: skip
        session.add(row)
        _check_admin_left(session)
        _audit(session, "user.add", login, {"role": role.value, "partner": partner}, by)
        if is_postgres(db):
            provision_login(session, login, role, password)
        return _user(row)


def change_user(
    db: Database,
    login: str,
    *,
    role: Role | None = None,
    partner: str | None = None,
    name: str | None = None,
    active: bool | None = None,
    user: str | None = None,
) -> User:
    """Change a user's role, partner, name or whether they are active (audit-logged)."""
    require(db, Role.BEHEERDER, what="gebruikers wijzigen")
    by = user or current_user()
    with db.session() as session:
        row = session.get(UserRow, login)
        if row is None:
            raise UserError(f"Gebruiker '{login}' bestaat niet.")
        before = {"role": row.role, "partner": row.partner, "name": row.name, "active": row.active}
        if partner is not None:
            _check_partner(session, partner)
            row.partner = partner
        if role is not None:
            row.role = role.value
        if name is not None:
            row.name = name.strip()
        if active is not None:
            row.active = active
        after = {"role": row.role, "partner": row.partner, "name": row.name, "active": row.active}
        changed = {k: [before[k], v] for k, v in after.items() if before[k] != v}
        if not changed:
            return _user(row)
        row.changed_at, row.changed_by = _now(), by
        _check_admin_left(session)
        action = "user.deactivate" if changed.get("active") == [True, False] else "user.change"
        _audit(session, action, login, changed, by)
        if is_postgres(db):
            update_login(session, login, Role(row.role), row.active)
        return _user(row)


def deactivate_user(db: Database, login: str, *, user: str | None = None) -> User:
    """Switch a user off: they keep their history, but no longer have a role (on PostgreSQL
    their login leaves the application's group roles)."""
    return change_user(db, login, active=False, user=user)
