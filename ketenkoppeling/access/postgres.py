"""PostgreSQL logins and grants for the users of :mod:`ketenkoppeling.access.users`.

Each person logs in to PostgreSQL as themselves (the user in the database URL). Two group
roles carry the rights on the tables:

- ``ketenkoppeling_gebruiker`` — every user: read every table; write the imported data,
  findings, allocation keys and the like; the audit log only grows (SELECT, INSERT);
  mappings, reference data and users are read-only;
- ``ketenkoppeling_beheerder`` — functional administrators: member of the first, and may
  also write mappings (``mapping_version``), the reference data and ``app_user``.

What a controller sees of the ledger tables is limited by row-level security (migration
0004), which reads ``app_user``. Creating a login needs CREATEROLE; granting the rights on
the tables needs the owner of the tables, so the owner sets the first users up, and every
later ``user add`` by the owner grants again (a table added by a later migration included).
Identifiers are quoted by SQLAlchemy's preparer; a password is sent as a SCRAM verifier
computed by libpq, never as plain text.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from ketenkoppeling.access.roles import AccessDenied, Role

GROUP = "ketenkoppeling_gebruiker"
ADMIN_GROUP = "ketenkoppeling_beheerder"
#: Written by functional administrators only.
ADMIN_TABLES = (
    "app_user",
    "mapping_version",
    "partner",
    "regime",
    "instrument",
    "provider",
    "budget",
)
APPEND_ONLY = ("audit_log",)
READ_ONLY = ("alembic_version",)


def _quote(session: Session, name: str) -> str:
    return session.get_bind().dialect.identifier_preparer.quote_identifier(name)


def _exists(session: Session, role: str) -> bool:
    query = text("SELECT 1 FROM pg_roles WHERE rolname = :r")
    return session.execute(query, {"r": role}).scalar() is not None


def _may_create_roles(session: Session) -> bool:
    query = text("SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user")
    return bool(session.execute(query).scalar())


def _owns_tables(session: Session) -> bool:
    query = text(
        "SELECT pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_class c "
        "WHERE c.oid = to_regclass('app_user')"
    )
    return bool(session.execute(query).scalar())


def _refuse_without_createrole(session: Session, what: str) -> None:
    if not _may_create_roles(session):
        raise AccessDenied(
            f"Uw databaserol mag geen rollen aanmaken of toekennen (CREATEROLE), nodig om "
            f"{what}. Laat de databasebeheerder dit doen, of geef uw rol CREATEROLE."
        )


def ensure_groups(session: Session) -> None:
    """Create the two group roles when missing and, as the owner of the tables, grant them
    their rights on every table and sequence of the schema."""
    group, admin = _quote(session, GROUP), _quote(session, ADMIN_GROUP)
    for name, quoted in ((GROUP, group), (ADMIN_GROUP, admin)):
        if not _exists(session, name):
            _refuse_without_createrole(session, "de groepsrollen aan te maken")
            session.execute(text(f"CREATE ROLE {quoted} NOLOGIN"))
    if not _owns_tables(session):
        return  # the grants are the owner's; they were given when the owner set users up
    session.execute(text(f"GRANT {group} TO {admin} WITH ADMIN OPTION"))
    schema = _quote(session, str(session.execute(text("SELECT current_schema()")).scalar_one()))
    session.execute(text(f"GRANT USAGE ON SCHEMA {schema} TO {group}"))
    everything = f"ALL TABLES IN SCHEMA {schema}"
    session.execute(text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {everything} TO {group}"))
    session.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {group}"))
    for table in ADMIN_TABLES:
        session.execute(text(f"REVOKE INSERT, UPDATE, DELETE ON {table} FROM {group}"))
        session.execute(text(f"GRANT INSERT, UPDATE, DELETE ON {table} TO {admin}"))
    for table in APPEND_ONLY:
        session.execute(text(f"REVOKE UPDATE, DELETE ON {table} FROM {group}"))
    for table in READ_ONLY:
        session.execute(text(f"REVOKE INSERT, UPDATE, DELETE ON {table} FROM {group}"))


def _verifier(session: Session, login: str, password: str) -> str:
    """libpq's SCRAM-SHA-256 verifier of ``password``: what the server stores."""
    raw: Any = session.connection().connection.dbapi_connection
    verifier: bytes = raw.pgconn.encrypt_password(
        password.encode(), login.encode(), b"scram-sha-256"
    )
    return verifier.decode("ascii")


def _login_statement(session: Session, verb: str, login: str, password: str | None) -> None:
    """``CREATE ROLE "login" LOGIN [PASSWORD '…']`` or ``ALTER ROLE …``, composed by psycopg
    (identifier and literal quoted by the driver, nothing parsed as a parameter)."""
    from psycopg import sql

    statement = sql.SQL(verb + " ROLE {}").format(sql.Identifier(login))
    if verb == "CREATE":
        statement = statement + sql.SQL(" LOGIN")
    if password:
        secret = sql.Literal(_verifier(session, login, password))
        statement = statement + sql.SQL(" PASSWORD {}").format(secret)
    raw: Any = session.connection().connection.dbapi_connection
    with raw.cursor() as cursor:
        cursor.execute(statement)


def provision_login(session: Session, login: str, role: Role, password: str | None) -> None:
    """The login role of a new user: created when missing, put in the right group."""
    ensure_groups(session)
    if not _exists(session, login):
        _refuse_without_createrole(session, f"de inlogrol {login} aan te maken")
        _login_statement(session, "CREATE", login, password)
    elif password:
        _refuse_without_createrole(session, f"het wachtwoord van {login} te zetten")
        _login_statement(session, "ALTER", login, password)
    update_login(session, login, role, True)


def _member(session: Session, login: str, group: str) -> bool:
    query = text(
        "SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
        "JOIN pg_roles u ON u.oid = m.member WHERE g.rolname = :g AND u.rolname = :u"
    )
    return session.execute(query, {"g": group, "u": login}).scalar() is not None


def _may_grant(session: Session, group: str) -> bool:
    """CREATEROLE, or ADMIN OPTION on ``group`` (a functional administrator has it on the
    users' group, so they can switch a back-office worker or a controller off and on)."""
    query = text(
        "SELECT rolcreaterole OR rolsuper OR pg_has_role(current_user, :g, "
        "'MEMBER WITH ADMIN OPTION') FROM pg_roles WHERE rolname = current_user"
    )
    return bool(session.execute(query, {"g": group}).scalar())


def update_login(session: Session, login: str, role: Role, active: bool) -> None:
    """Put the login in the group of its role (or, switched off, in none); only what
    differs is granted or revoked."""
    if not _exists(session, login):
        return  # a user without a login of their own (yet): nothing to grant
    ensure_groups(session)
    quoted = _quote(session, login)
    wanted = set() if not active else {ADMIN_GROUP} if role is Role.BEHEERDER else {GROUP}
    for group in (GROUP, ADMIN_GROUP):
        if (group in wanted) == _member(session, login, group):
            continue
        if not _may_grant(session, group):
            raise AccessDenied(
                f"Uw databaserol mag {group} niet toekennen of intrekken (nodig: CREATEROLE of "
                f"ADMIN OPTION), dus de rechten van {login} kunnen niet veranderen. Laat de "
                "databasebeheerder dit doen."
            )
        verb = "GRANT {} TO {}" if group in wanted else "REVOKE {} FROM {}"
        session.execute(text(verb.format(_quote(session, group), quoted)))
