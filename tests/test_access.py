"""Users and roles on the embedded database (issue 11): a single user keeps every role; once
users are configured, only a functional administrator changes mappings, reference data and
users, a controller sees their own partner's ledger only, and every change is audit-logged.
(The same on PostgreSQL, enforced by the database itself: tests/store/test_roles.py.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ketenkoppeling import mapping_store
from ketenkoppeling.access import (
    EVERY_ROLE,
    AccessDenied,
    Role,
    UserError,
    add_user,
    change_user,
    current_access,
    deactivate_user,
    list_users,
    require,
)
from ketenkoppeling.cli import EXIT_OK, EXIT_REFUSED, main
from ketenkoppeling.mapping.loader import SHIPPED
from ketenkoppeling.reference import load_reference_workbook
from ketenkoppeling.store import Database
from ketenkoppeling.store.tables import AuditLogRow, MappingVersionRow, PartnerRow

SAMPLES = Path(__file__).parent / "data" / "samples"
MAPPING = SHIPPED / "reintegratiebedrijf-facturen.xml"


@pytest.fixture
def me(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("KETENKOPPELING_USER", "jan")
    return "jan"


def _as(monkeypatch: pytest.MonkeyPatch, login: str) -> None:
    monkeypatch.setenv("KETENKOPPELING_USER", login)


def _count(db: Database, table: type) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(table)) or 0)


def _audit(db: Database, prefix: str) -> list[tuple[str, str | None]]:
    with db.session() as s:
        rows = s.scalars(select(AuditLogRow).where(AuditLogRow.action.like(f"{prefix}%")))
        return [(r.action, r.subject) for r in rows]


@pytest.fixture
def team(ref_db: Database, me: str) -> Database:
    """jan (functional administrator, UWV), piet (back office, UWV), els (controller, UWV)."""
    add_user(ref_db, me, role=Role.BEHEERDER, partner="UWV", name="Jan Jansen")
    add_user(ref_db, "piet", role=Role.BACKOFFICE, partner="UWV")
    add_user(ref_db, "els", role=Role.CONTROLLER, partner="UWV")
    return ref_db


def test_a_single_user_keeps_every_role(db: Database, me: str) -> None:
    access = current_access(db)
    assert access.roles == EVERY_ROLE and access.partner is None and access.login == me
    load_reference_workbook(db, SAMPLES / "referentie.xlsx")
    saved = mapping_store.save_version(db, MAPPING.read_text(encoding="utf-8"), comment="eigen")
    assert saved.origin == mapping_store.DB_ORIGIN and _count(db, MappingVersionRow) == 1
    assert require(db, Role.BEHEERDER, what="x").every_role


def test_a_back_office_worker_cannot_change_mappings_or_reference_data(
    team: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    loads = len(_audit(team, "reference.load"))
    _as(monkeypatch, "piet")
    assert current_access(team).roles == {Role.BACKOFFICE}
    with pytest.raises(AccessDenied, match="Alleen een functioneel beheerder mag koppelingen"):
        mapping_store.save_version(team, MAPPING.read_text(encoding="utf-8"), comment="poging")
    with pytest.raises(AccessDenied, match="koppelingen wijzigen"):
        mapping_store.import_mapping_file(team, MAPPING)
    with pytest.raises(AccessDenied, match="referentiegegevens wijzigen"):
        load_reference_workbook(team, SAMPLES / "referentie.xlsx")
    with pytest.raises(AccessDenied, match="gebruikers toevoegen"):
        add_user(team, "kees", role=Role.BEHEERDER, partner="UWV")
    assert _count(team, MappingVersionRow) == 0  # nothing written
    assert len(_audit(team, "reference.load")) == loads
    assert not _audit(team, "mapping-save")
    _as(monkeypatch, "jan")  # the administrator may
    mapping_store.import_mapping_file(team, MAPPING)
    assert _count(team, MappingVersionRow) == 1


def test_users_are_managed_by_an_administrator_with_every_change_audited(
    team: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert [(u.login, u.role, u.partner) for u in list_users(team)] == [
        ("els", Role.CONTROLLER, "UWV"),
        ("jan", Role.BEHEERDER, "UWV"),
        ("piet", Role.BACKOFFICE, "UWV"),
    ]
    change_user(team, "els", partner="GEM-0392")
    change_user(team, "piet", role=Role.BEHEERDER)
    deactivate_user(team, "els")
    _as(monkeypatch, "els")
    assert current_access(team).roles == frozenset()  # switched off
    _as(monkeypatch, "kees")
    assert current_access(team).roles == frozenset()  # not a user of this database
    assert _audit(team, "user.") == [
        ("user.add", "jan"),
        ("user.add", "piet"),
        ("user.add", "els"),
        ("user.change", "els"),
        ("user.change", "piet"),
        ("user.deactivate", "els"),
    ]
    with team.session() as s:
        change = s.scalars(select(AuditLogRow).where(AuditLogRow.action == "user.change")).first()
        assert change is not None and change.detail == {"partner": ["UWV", "GEM-0392"]}


def test_user_changes_that_cannot_be_made_are_refused(
    ref_db: Database, me: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(UserError, match="Voeg eerst uzelf"):
        add_user(ref_db, "piet", role=Role.BEHEERDER, partner="UWV")
    with pytest.raises(UserError, match="minstens één actieve functioneel beheerder"):
        add_user(ref_db, me, role=Role.CONTROLLER, partner="UWV")
    with pytest.raises(UserError, match="Ketenpartner 'XYZ' is onbekend"):
        add_user(ref_db, me, role=Role.BEHEERDER, partner="XYZ")
    with pytest.raises(UserError, match="geen geldige inlognaam"):
        add_user(ref_db, "jan; DROP TABLE x", role=Role.BEHEERDER, partner="UWV")
    assert list_users(ref_db) == [] and current_access(ref_db).every_role
    add_user(ref_db, me, role=Role.BEHEERDER, partner="UWV")
    with pytest.raises(UserError, match="bestaat al"):
        add_user(ref_db, me, role=Role.BEHEERDER, partner="UWV")
    with pytest.raises(UserError, match="minstens één actieve functioneel beheerder"):
        deactivate_user(ref_db, me)
    with pytest.raises(UserError, match="minstens één actieve functioneel beheerder"):
        change_user(ref_db, me, role=Role.BACKOFFICE)
    assert current_access(ref_db).roles == {Role.BEHEERDER}
    with ref_db.session() as s:
        assert s.get(PartnerRow, "UWV") is not None


def test_the_command_line_manages_users_and_refuses_what_a_role_may_not(
    ref_db: Database,
    me: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = ref_db.url

    def run(*args: str) -> int:
        return main([*args, "--db", url])

    assert run("user", "add", me, "--role", "beheerder", "--partner", "UWV") == EXIT_OK
    assert run("user", "add", "els", "--role", "controller", "--partner", "GEM-0392") == EXIT_OK
    assert run("user", "add", "els", "--role", "controller") == EXIT_REFUSED
    assert run("user", "change", "els", "--name", "Els de Vries") == EXIT_OK
    capsys.readouterr()
    assert run("user", "list", "--json") == EXIT_OK
    users = json.loads(capsys.readouterr().out)["users"]
    assert [(u["login"], u["role"], u["partner"], u["name"]) for u in users] == [
        ("els", "controller", "GEM-0392", "Els de Vries"),
        (me, "beheerder", "UWV", ""),
    ]
    _as(monkeypatch, "els")
    assert run("user", "whoami") == EXIT_OK
    assert "controller van GEM-0392" in capsys.readouterr().out
    assert run("mapping", "import", str(MAPPING)) == EXIT_REFUSED
    assert "Alleen een functioneel beheerder mag koppelingen wijzigen" in capsys.readouterr().err
    assert run("reference", str(SAMPLES / "referentie.xlsx")) == EXIT_REFUSED
    period = ("--from", "2008-01-01", "--to", "2008-12-31")
    assert run("report", "--partner", "UWV", *period) == EXIT_REFUSED
    assert "alleen de verantwoording van GEM-0392" in capsys.readouterr().err
    assert run("report", "--partner", "GEM-0392", *period, "--json") == EXIT_OK
    assert json.loads(capsys.readouterr().out)["partner"] == "GEM-0392"
    assert run("import", str(SAMPLES / "facturen-rib-0002.csv")) == EXIT_REFUSED
    assert run("user", "deactivate", me) == EXIT_REFUSED
    _as(monkeypatch, me)
    assert run("user", "deactivate", "els") == EXIT_OK
    assert run("user", "deactivate", me) == EXIT_REFUSED  # the last administrator
    err = capsys.readouterr().err
    assert "minstens één actieve functioneel beheerder" in err and "Traceback" not in err


def test_the_command_line_offers_exactly_the_roles_of_the_engine() -> None:
    from ketenkoppeling import cli_users

    assert tuple(r.value for r in Role) == cli_users.ROLES
    assert {r.label for r in Role} == {
        "medewerker backoffice",
        "controller",
        "functioneel beheerder",
    }


def test_the_engine_refuses_a_controller_the_work_on_every_partner(
    team: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not only the command line: the window calls the engine, which refuses too."""
    from datetime import date

    from ketenkoppeling.importing import import_file, import_files
    from ketenkoppeling.reports import ledger_with_reservations
    from ketenkoppeling.reprocessing import reprocess
    from ketenkoppeling.withdrawal import withdraw_batch

    _as(monkeypatch, "piet")  # back office: imports
    done = import_file(team, SAMPLES / "uwv-2008-batch1.xml")
    assert done.status == "imported"
    _as(monkeypatch, "els")  # controller of UWV
    refused = import_file(team, SAMPLES / "uwv-2008-batch2.xml")
    assert refused.status == "rejected" and "inlezen" in (refused.message or "")
    assert [r.status for r in import_files(team, [SAMPLES / "uwv-2008-batch2.xml"])] == ["rejected"]
    with pytest.raises(AccessDenied):
        reprocess(team)
    with pytest.raises(AccessDenied):
        withdraw_batch(team, done.batch or 0)
    with pytest.raises(AccessDenied, match="UWV"):
        ledger_with_reservations(team, "GEM-0392", date(2008, 1, 1), date(2008, 12, 31))
    data, _text = ledger_with_reservations(team, "UWV", date(2008, 1, 1), date(2008, 12, 31))
    assert data
