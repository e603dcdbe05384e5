"""Users and roles on a real PostgreSQL (issue 11): every person logs in as themselves, and the
database itself scopes a controller to the ledger rows of their own partner (row-level
security, migration 0004) and lets only functional administrators write mappings, reference
data and users (the grants of ketenkoppeling/access/postgres.py).

Runs when KETENKOPPELING_TEST_PG names a server whose role may create roles (CREATEROLE,
as tools/start_postgres.sh sets up); each test works in a schema of its own and drops the
logins it made.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from ketenkoppeling import mapping_store
from ketenkoppeling.access import (
    AccessDenied,
    Role,
    UserError,
    add_user,
    change_user,
    current_access,
    deactivate_user,
)
from ketenkoppeling.accounting.ledger import build_ledger
from ketenkoppeling.cli import EXIT_OK, EXIT_REFUSED, main
from ketenkoppeling.mapping.loader import SHIPPED
from ketenkoppeling.store import Database, open_database
from ketenkoppeling.store.tables import (
    AttributionRow,
    AuditLogRow,
    BudgetRow,
    ImportBatchRow,
    MappingVersionRow,
    SourceRecordRow,
    SpendLineRow,
)
from tests.accounting.conftest import YEAR, build_region

PG_ENV = "KETENKOPPELING_TEST_PG"
PASSWORD = "geheim-'wachtwoord\"1"  # quotes on purpose: sent as a SCRAM verifier


def _owner_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"geen PostgreSQL: zet {PG_ENV} (tools/start_postgres.sh) voor de rollentests")
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            may = conn.execute(
                text("SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user")
            ).scalar()
    except Exception as exc:
        pytest.skip(f"PostgreSQL op {PG_ENV} is niet bereikbaar: {exc}")
    finally:
        engine.dispose()
    if not may:
        pytest.skip(
            f"de rol van {PG_ENV} mag geen rollen aanmaken: geef haar CREATEROLE "
            "(tools/start_postgres.sh doet dat) om de rollentests te draaien"
        )
    return url


@dataclass
class Team:
    owner_url: str
    schema: str
    owner: Database
    logins: dict[str, str] = field(default_factory=dict)  # key -> login
    opened: list[Database] = field(default_factory=list)

    def url(self, login: str, password: str = PASSWORD) -> str:
        parsed = make_url(self.owner_url).set(
            username=login, password=password, query={"options": f"-csearch_path={self.schema}"}
        )
        return parsed.render_as_string(hide_password=False)

    def open(self, key: str, *, migrate: bool = True) -> Database:
        db = open_database(self.url(self.logins[key]), migrate=migrate)
        self.opened.append(db)
        return db


@pytest.fixture
def team() -> Iterator[Team]:
    """A region (tests/accounting/conftest.py) in a schema of its own, owned by the test role,
    with four users: controllers of UWV and of GEM-0392, a back-office worker and a
    functional administrator, each with a PostgreSQL login of their own."""
    base = _owner_url()
    suffix = uuid.uuid4().hex[:8]
    schema = f"kk_roles_{suffix}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    owner_url = make_url(base).set(query={"options": f"-csearch_path={schema}"})
    owner = open_database(owner_url.render_as_string(hide_password=False))
    team = Team(base, schema, owner)
    try:
        build_region(owner)
        for key, role, partner in (
            ("uwv", Role.CONTROLLER, "UWV"),
            ("gem", Role.CONTROLLER, "GEM-0392"),
            ("bo", Role.BACKOFFICE, "UWV"),
            ("adm", Role.BEHEERDER, "GEM-0392"),
        ):
            login = f"kk_{key}_{suffix}"
            team.logins[key] = login
            add_user(owner, login, role=role, partner=partner, password=PASSWORD)
        yield team
    finally:
        for db in [*team.opened, owner]:
            db.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            for login in team.logins.values():
                conn.execute(text(f'DROP ROLE IF EXISTS "{login}"'))
        admin.dispose()


def _visible(db: Database) -> tuple[set[int], set[int]]:
    """The ids of the spend lines and attributions a raw SELECT returns."""
    with db.engine.connect() as conn:
        lines = set(conn.execute(text("SELECT id FROM spend_line")).scalars())
        parts = set(conn.execute(text("SELECT id FROM attribution")).scalars())
    return lines, parts


def _expected(owner: Database, partner: str) -> tuple[set[int], set[int]]:
    """What a controller of ``partner`` may see, worked out as the owner (who sees all)."""
    with owner.session() as s:
        parts = set(
            s.scalars(
                select(AttributionRow.id)
                .join(BudgetRow, BudgetRow.code == AttributionRow.budget)
                .where(BudgetRow.owner == partner)
            )
        )
        lines = {
            line.id
            for line in s.scalars(select(SpendLineRow))
            if partner in (line.partner, line.payer)
            or any(
                a.id in parts
                for a in s.scalars(
                    select(AttributionRow).where(AttributionRow.spend_line_id == line.id)
                )
            )
        }
    return lines, parts


def test_a_controller_sees_the_ledger_rows_of_their_own_partner_only(team: Team) -> None:
    every_line, every_part = _visible(team.owner)
    for key, partner in (("uwv", "UWV"), ("gem", "GEM-0392")):
        db = team.open(key)
        lines, parts = _visible(db)
        assert (lines, parts) == _expected(team.owner, partner)
        assert parts and parts < every_part and lines < every_line
    # a back-office worker and an administrator see everything
    for key in ("bo", "adm"):
        assert _visible(team.open(key)) == (every_line, every_part)
    uwv, gem = _visible(team.open("uwv")), _visible(team.open("gem"))
    assert not uwv[1] & gem[1]  # no attribution is in both partners' ledgers


def test_the_ledger_a_controller_builds_is_their_partners_and_no_other(team: Team) -> None:
    start, end = YEAR
    with team.owner.session() as s:
        full = {p: build_ledger(s, p, start, end) for p in ("UWV", "GEM-0392", "GEM-0473")}
    assert all(full[p].total_cents > 0 for p in full)
    controller = team.open("uwv")
    with controller.session() as s:
        own = build_ledger(s, "UWV", start, end)
        other = build_ledger(s, "GEM-0392", start, end)
    assert own.total_cents == full["UWV"].total_cents
    assert [b.attributed_year_cents for b in own.budgets] == [
        b.attributed_year_cents for b in full["UWV"].budgets
    ]
    assert {line.spend_key for line in own.lines} == {line.spend_key for line in full["UWV"].lines}
    # the database hides the other partner's rows even when the engine is asked for them
    assert other.total_cents == 0 and other.lines == []
    backoffice = team.open("bo")
    with backoffice.session() as s:
        assert build_ledger(s, "GEM-0392", start, end).total_cents == full["GEM-0392"].total_cents


def test_the_command_line_report_follows_the_login(
    team: Team, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--from", "2008-01-01", "--to", "2008-12-31", "--json"]
    uwv_url = team.url(team.logins["uwv"])
    assert main(["report", "--partner", "UWV", "--db", team.owner.url, *args]) == EXIT_OK
    expected = json.loads(capsys.readouterr().out)["total"]
    assert main(["report", "--partner", "UWV", "--db", uwv_url, *args]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["total"] == expected
    assert main(["report", "--partner", "GEM-0392", "--db", uwv_url, *args]) == EXIT_REFUSED
    assert "controller van UWV" in capsys.readouterr().err
    # work on every partner's data is not a controller's
    assert main(["check", "--db", uwv_url]) == EXIT_REFUSED
    assert "Alleen een medewerker backoffice of functioneel beheerder" in capsys.readouterr().err
    assert main(["user", "whoami", "--json", "--db", uwv_url]) == EXIT_OK
    me = json.loads(capsys.readouterr().out)
    assert me == {"login": team.logins["uwv"], "roles": ["controller"], "partner": "UWV"}


def test_quarantined_spend_of_another_partner_is_hidden_too(team: Team) -> None:
    with team.owner.session() as s:
        batch = ImportBatchRow(
            file_name="x.csv", content_hash="0" * 64, mapping_name="m", mapping_version="1",
            user="t", started_at=date(2008, 1, 1), status="imported",
        )  # fmt: skip
        s.add(batch)
        s.flush()
        for seq, partner in enumerate(("UWV", "GEM-0392", None), start=1):
            s.add(SourceRecordRow(
                batch_id=batch.id, seq=seq, location=f"regel {seq}", status="quarantined",
                spend_partner=partner, spend_amount_cents=100 * seq,
            ))  # fmt: skip
    with team.open("uwv").session() as s:
        seen = set(s.scalars(select(SourceRecordRow.spend_partner)))
    assert seen == {"UWV", None}


def test_only_an_administrator_changes_a_mapping_in_the_engine_and_in_the_database(
    team: Team,
) -> None:
    text_ = (SHIPPED / "reintegratiebedrijf-facturen.xml").read_text(encoding="utf-8")
    for key in ("uwv", "bo"):
        db = team.open(key)
        with pytest.raises(AccessDenied, match="Alleen een functioneel beheerder"):
            mapping_store.save_version(db, text_, comment="poging")
        # and the database refuses a write that goes around the engine
        with pytest.raises(ProgrammingError, match="permission denied"), db.session() as s:
            s.execute(
                text(
                    "INSERT INTO mapping_version (name, version, content, author, created_at, "
                    "comment) VALUES ('x', 99, '', 'x', now(), '')"
                )
            )
        with pytest.raises(ProgrammingError, match="permission denied"), db.session() as s:
            s.execute(text("UPDATE budget SET amount_cents = 1"))
        with pytest.raises(ProgrammingError, match="permission denied"), db.session() as s:
            s.execute(text("UPDATE app_user SET role = 'beheerder'"))
        with pytest.raises(ProgrammingError, match="permission denied"), db.session() as s:
            s.execute(text("DELETE FROM audit_log"))  # the audit log only grows
    admin = team.open("adm")
    saved = mapping_store.save_version(admin, text_, comment="door de beheerder")
    with team.owner.session() as s:
        rows = s.scalars(select(MappingVersionRow)).all()
    assert [(r.name, str(r.version)) for r in rows] == [(saved.name, saved.version)]


def test_users_change_with_their_database_rights_and_in_the_audit_log(team: Team) -> None:
    uwv, login = team.open("uwv"), team.logins["uwv"]
    assert current_access(uwv).partner == "UWV"
    with pytest.raises(AccessDenied):
        add_user(uwv, f"kk_nieuw_{team.schema}", role=Role.BEHEERDER, partner="UWV")
    admin = team.open("adm")
    change_user(admin, login, partner="GEM-0392")
    assert _visible(team.open("uwv")) == _expected(team.owner, "GEM-0392")
    change_user(admin, login, role=Role.BACKOFFICE)
    assert _visible(team.open("uwv")) == _visible(team.owner)
    deactivate_user(admin, login)
    gone = team.open("uwv", migrate=False)  # no right on the schema left to look it up
    assert current_access(gone).roles == frozenset()
    with pytest.raises(ProgrammingError, match="permission denied"), gone.session() as s:
        s.execute(text(f'SELECT count(*) FROM "{team.schema}".spend_line'))
    with pytest.raises(UserError, match="bestaat niet"):
        deactivate_user(admin, "kk_niemand")
    with team.owner.session() as s:
        audit = [
            (a.action, a.subject)
            for a in s.scalars(select(AuditLogRow).where(AuditLogRow.action.like("user.%")))
        ]
    assert audit.count(("user.change", login)) == 2 and ("user.deactivate", login) in audit
    assert {("user.add", v) for v in team.logins.values()} <= set(audit)


def test_a_back_office_login_imports_and_checks_with_the_groups_rights(
    team: Team, capsys: pytest.CaptureFixture[str]
) -> None:
    from ketenkoppeling.checks.runner import run_checks
    from ketenkoppeling.importing import import_files
    from tests.conftest import SAMPLES

    backoffice = team.open("bo")
    results = import_files(backoffice, [SAMPLES / "facturen-rib-0002.csv"], user="bo")
    assert [r.status for r in results] == ["imported"], results[0].message
    summary = run_checks(backoffice, user="bo")
    assert summary.findings is not None
    uwv_url = team.url(team.logins["uwv"])
    assert main(["import", str(SAMPLES / "facturen-rib-0003.csv"), "--db", uwv_url]) == (
        EXIT_REFUSED
    )
    assert "Alleen een medewerker backoffice" in capsys.readouterr().err
