"""Users and roles: who may do what (issue 11).

Three roles, each user tied to a partner (spec/domain.md "Users"):

- **medewerker backoffice** (``backoffice``): imports, fixes and reviews; sees every ledger;
- **controller**: the accountability of their own partner; sees that partner's ledgers only;
- **functioneel beheerder** (``beheerder``): also changes mappings, reference data and users.

Who you are (:func:`current_access`): on PostgreSQL the database login of the session (the
user in the URL), on SQLite the user of :func:`~ketenkoppeling.store.database.current_user`,
looked up in ``app_user``. While no user is configured, everybody keeps every role — so a
single user on the embedded database keeps them all. On PostgreSQL the owner of the tables
(who runs the migrations and sets the users up) always has every role; the database itself
scopes a controller's session to the ledger rows of their partner (row-level security,
migration 0004) and lets only functional administrators write mappings, reference data and
users (the grants of :mod:`ketenkoppeling.access.postgres`).

Every change of a user is written to the audit log (``user.add``, ``user.change``,
``user.deactivate``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from ketenkoppeling.store.database import Database, current_user
from ketenkoppeling.store.tables import UserRow


class Role(StrEnum):
    BACKOFFICE = "backoffice"
    CONTROLLER = "controller"
    BEHEERDER = "beheerder"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.BACKOFFICE: "medewerker backoffice",
    Role.CONTROLLER: "controller",
    Role.BEHEERDER: "functioneel beheerder",
}
EVERY_ROLE = frozenset(Role)

#: What each role may not do, for the refusal's message.
_ONLY = {
    Role.BEHEERDER: "Alleen een functioneel beheerder mag {what}.",
    Role.BACKOFFICE: "Alleen een medewerker backoffice of functioneel beheerder mag {what}.",
    Role.CONTROLLER: "Alleen een controller mag {what}.",
}

#: A login: what a PostgreSQL role name and an operating-system user name have in common.
LOGIN_PATTERN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.@-]{0,62}")


class AccessDenied(Exception):
    """The user's role does not allow this; nothing was changed. ``message`` is Dutch."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UserError(ValueError):
    """A user change that cannot be made (unknown partner, last administrator …)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Access:
    """Who is working, with which roles; ``partner`` limits what they see (a controller),
    ``None`` means every partner."""

    login: str
    name: str
    roles: frozenset[Role]
    partner: str | None
    why: str  # Dutch: how the roles were found

    def has(self, role: Role) -> bool:
        return role in self.roles

    @property
    def every_role(self) -> bool:
        return self.roles == EVERY_ROLE

    def sees_partner(self, partner: str) -> bool:
        return self.partner is None or self.partner == partner

    def describe(self) -> str:
        who = f"{self.name} ({self.login})" if self.name else self.login
        if not self.roles:
            return f"{who}: geen rol — {self.why}"
        roles = ", ".join(r.label for r in Role if r in self.roles)
        scope = f" van {self.partner}" if self.partner else ""
        return f"{who}: {roles}{scope} — {self.why}"


# --- who am I --------------------------------------------------------------------------------


def is_postgres(db: Database) -> bool:
    return db.engine.dialect.name == "postgresql"


def session_login(session: Session) -> str:
    """The login of the session: the PostgreSQL session user, or the application's user."""
    if session.get_bind().dialect.name == "postgresql":
        return str(session.execute(text("SELECT session_user")).scalar_one())
    return current_user()


def _owns_tables(session: Session) -> bool:
    """PostgreSQL: the session's login owns the tables (or is a superuser)."""
    query = text(
        "SELECT pg_has_role(session_user, c.relowner, 'MEMBER') "
        "OR (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) "
        "FROM pg_class c WHERE c.oid = to_regclass('app_user')"
    )
    return bool(session.execute(query).scalar())


def _may_read_users(session: Session) -> bool:
    """PostgreSQL: the login can see ``app_user`` (a switched-off user's login cannot)."""
    query = text(
        "SELECT CASE WHEN to_regclass('app_user') IS NULL THEN false "
        "ELSE has_table_privilege(to_regclass('app_user'), 'SELECT') END"
    )
    return bool(session.execute(query).scalar())


def access_in(session: Session) -> Access:
    """:func:`current_access` within an open session."""
    login = session_login(session)
    if session.get_bind().dialect.name == "postgresql" and not _may_read_users(session):
        return Access(login, "", frozenset(), None, "geen rechten in deze database")
    row = session.get(UserRow, login)
    if row is not None and row.active:
        role = Role(row.role)
        roles = frozenset({role})
        return Access(
            login, row.name, roles, row.partner if role is Role.CONTROLLER else None,
            f"gebruiker van {row.partner}",
        )  # fmt: skip
    if session.get_bind().dialect.name == "postgresql" and _owns_tables(session):
        return Access(login, "", EVERY_ROLE, None, "eigenaar van de database")
    if not session.scalar(select(func.count()).select_from(UserRow).where(UserRow.active)):
        return Access(login, "", EVERY_ROLE, None, "nog geen gebruikers ingericht: alle rollen")
    why = "uitgeschakeld" if row is not None else "geen gebruiker van deze database"
    return Access(login, "", frozenset(), None, why)


def current_access(db: Database) -> Access:
    """Who is working on ``db`` and with which roles (see the module docstring)."""
    with db.session() as session:
        return access_in(session)


def require(db: Database, *roles: Role, what: str) -> Access:
    """Refuse (:class:`AccessDenied`) unless the current user has one of ``roles``; ``what``
    completes "Alleen een functioneel beheerder mag …" (e.g. "koppelingen wijzigen")."""
    access = current_access(db)
    if any(access.has(r) for r in roles):
        return access
    raise AccessDenied(_refusal(roles, what, access))


def require_partner(db: Database, partner: str) -> Access:
    """Refuse a controller the ledger of another partner than their own."""
    access = current_access(db)
    if not access.roles:
        raise AccessDenied(f"U ({access.login}) hebt geen rol in deze database: {access.why}.")
    if not access.sees_partner(partner):
        raise AccessDenied(
            f"Als controller van {access.partner} ziet u alleen de verantwoording van "
            f"{access.partner}, niet die van {partner}."
        )
    return access


def _refusal(roles: tuple[Role, ...], what: str, access: Access) -> str:
    if Role.BEHEERDER in roles and Role.BACKOFFICE in roles:
        message = _ONLY[Role.BACKOFFICE].format(what=what)
    else:
        message = _ONLY[roles[0]].format(what=what)
    if access.roles:
        mine = ", ".join(r.label for r in Role if r in access.roles)
        return f"{message} U ({access.login}) bent {mine}."
    return f"{message} U ({access.login}) hebt geen rol in deze database: {access.why}."
