"""The findings work queue: take and assign, filters and saved views, bulk decisions, reopen,
undo, and optimistic locking (on SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from ketenkoppeling.checks.decisions import (
    Assign,
    Decide,
    DecisionConflict,
    DecisionHistory,
    Reopen,
)
from ketenkoppeling.checks.queue import (
    NOBODY,
    QueueFilter,
    age_in_days,
    check_has_run,
    colleagues,
    count_text,
    delete_view,
    filter_queue,
    finding_partners,
    list_views,
    load_queue,
    queue_events,
    save_view,
)
from ketenkoppeling.checks.review import accept, resolve
from ketenkoppeling.checks.runner import run_checks
from ketenkoppeling.store import Database
from ketenkoppeling.store.tables import AuditLogRow, FindingRow
from tests.checks.helpers import region
from tests.factories import benefit, deployment, spend

BSN = "111222333"
WW = ("UWV-RIB-WW-2008", "100")


def _checked(db: Database) -> dict[str, int]:
    """A region with a D1 (UWV and GEM-0392) and two B7 findings (UWV); checks run."""
    region(
        db,
        benefit(BSN, "WW", "UWV", "2008-01-01"),
        deployment("UWV", "R1", BSN, "SCH", "2008-05-01"),
        deployment("GEM-0392", "T1", BSN, "SCH", "2008-05-03"),
        spend("UWV", "F1", "R1", BSN, "100.00", WW),
        spend("UWV", "F2", "R9", BSN, "100.00", WW),
        spend("UWV", "F3", "R8", BSN, "100.00", WW),
    )
    run_checks(db, user="anna")
    with db.session() as s:
        items = load_queue(s)
    return {f"{i.rule}{n}": i.id for n, i in enumerate(sorted(items, key=lambda i: i.id))}


def _item(db: Database, finding_id: int):  # type: ignore[no-untyped-def]
    with db.session() as s:
        return next(i for i in load_queue(s) if i.id == finding_id)


def _seen(db: Database, *ids: int) -> dict[int, int]:
    return {i: _item(db, i).version for i in ids}


def _ids(db: Database, rule: str) -> list[int]:
    with db.session() as s:
        return [i.id for i in load_queue(s) if i.rule == rule]


def test_before_any_check_the_count_says_so(any_db: Database) -> None:
    with any_db.session() as s:
        assert not check_has_run(s)
        assert load_queue(s) == []
    assert count_text(0, 0, checked=False) == "nog geen controle uitgevoerd — Controle › Uitvoeren"
    assert count_text(12, 57) == "12 van 57 signaleringen"
    assert count_text(57, 57) == "57 signaleringen"
    assert count_text(1, 1) == "1 signalering"
    run_checks(any_db)
    with any_db.session() as s:
        assert check_has_run(s)  # even when nothing was found


def test_take_and_assign_are_versioned_and_audited(any_db: Database) -> None:
    _checked(any_db)
    [d1] = _ids(any_db, "D1")
    assert _item(any_db, d1).version == 1 and _item(any_db, d1).assignee is None
    Assign(_seen(any_db, d1), "bert", user="bert").do(any_db)  # take it
    item = _item(any_db, d1)
    assert item.assignee == "bert" and item.assigned_at is not None and item.version == 2
    Assign(_seen(any_db, d1), "carla", user="bert").do(any_db)  # give it to a colleague
    assert _item(any_db, d1).assignee == "carla" and _item(any_db, d1).version == 3
    with any_db.session() as s:
        trail = [(e.action, e.user, e.reason) for e in queue_events(s, [d1])]
        assert trail[-2:] == [
            ("assigned", "bert", "in behandeling genomen"),
            ("assigned", "bert", "toegewezen aan carla"),
        ]
        audits = s.scalars(select(AuditLogRow).where(AuditLogRow.action == "finding.assign")).all()
        assert [a.detail["assignee"] for a in audits if a.detail] == ["bert", "carla"]
        assert colleagues(s, include=["zoë"]) == ["anna", "bert", "carla", "zoë"]


def test_filters_partners_age_and_counts(any_db: Database) -> None:
    ids = _checked(any_db)
    [d1] = _ids(any_db, "D1")
    b7 = _ids(any_db, "B7")
    assert len(b7) == 2 and len(ids) == 3
    Assign(_seen(any_db, b7[0]), "bert", user="bert").do(any_db)
    with any_db.session() as s:
        items = load_queue(s)
    by_id = {i.id: i for i in items}
    assert by_id[d1].partners == ("GEM-0392", "UWV")
    assert by_id[b7[0]].partners == ("UWV",)
    assert [i.id for i in filter_queue(items, QueueFilter(partners=("GEM-0392",)))] == [d1]
    assert [i.id for i in filter_queue(items, QueueFilter(rules=("B7",)))] == b7
    assert [i.id for i in filter_queue(items, QueueFilter(assignees=("bert",)))] == [b7[0]]
    assert {i.id for i in filter_queue(items, QueueFilter(assignees=(NOBODY,)))} == {d1, b7[1]}
    assert filter_queue(items, QueueFilter(severities=("nonsense",))) == []
    assert filter_queue(items, QueueFilter(statuses=("resolved",))) == []
    assert len(filter_queue(items, QueueFilter(statuses=()))) == 3
    assert age_in_days(datetime(2026, 11, 1, 23, 59), date(2026, 11, 30)) == 29
    assert by_id[d1].age_days == age_in_days(by_id[d1].created_at)
    assert finding_partners(["budget X", "client 1"], {"partner": "SVB"}) == ("SVB",)


def test_views_are_saved_per_owner_and_reapplied(any_db: Database) -> None:
    mine = QueueFilter(rules=("B7",), statuses=("open", "accepted"), assignees=(NOBODY,))
    save_view(any_db, "anna", "Mijn B7", mine)
    save_view(any_db, "bert", "Mijn B7", QueueFilter(rules=("D1",)))
    save_view(any_db, "anna", "Alles", QueueFilter(statuses=()))
    with any_db.session() as s:
        views = list_views(s, "anna")
    assert [v.name for v in views] == ["Alles", "Mijn B7"]
    assert views[1].filter == mine
    save_view(any_db, "anna", "Mijn B7", QueueFilter(rules=("B6",)))  # overwrite
    with any_db.session() as s:
        assert [v.filter.rules for v in list_views(s, "anna")] == [(), ("B6",)]
        assert list_views(s, "bert")[0].filter.rules == ("D1",)
    with pytest.raises(ValueError, match="naam"):
        save_view(any_db, "anna", "  ", mine)
    assert delete_view(any_db, "anna", "Alles")
    assert not delete_view(any_db, "anna", "Alles")
    assert QueueFilter.from_json({"rules": "B1", "other": 1}) == QueueFilter(
        rules=("B1",), statuses=()
    )


def test_bulk_resolve_with_one_reason_then_undo(any_db: Database) -> None:
    _checked(any_db)
    b7 = _ids(any_db, "B7")
    history = DecisionHistory()
    views = history.do(Decide(_seen(any_db, *b7), "resolved", "nagemeld", user="anna"), any_db)
    assert [v.status for v in views] == ["resolved", "resolved"]
    assert [v.version for v in views] == [2, 2]
    assert history.can_undo()
    history.undo(any_db)
    for finding_id in b7:
        item = _item(any_db, finding_id)
        assert item.status == "open" and item.version == 3
    assert not history.can_undo()
    with pytest.raises(ValueError, match="geen besluit"):
        history.undo(any_db)
    with any_db.session() as s:
        trail = [(e.action, e.status) for e in queue_events(s, b7[:1])]
        assert trail == [("opened", "open"), ("resolved", "resolved"), ("undone", "open")]
        undo = s.scalars(select(AuditLogRow).where(AuditLogRow.action == "finding.undo")).all()
        assert len(undo) == 2


def test_bulk_is_all_or_nothing(any_db: Database) -> None:
    _checked(any_db)
    [d1] = _ids(any_db, "D1")
    b7 = _ids(any_db, "B7")
    resolve(any_db, b7[1], "al gedaan", user="bert")
    seen = {d1: 1, b7[0]: 1, b7[1]: 2}  # b7[1] seen after bert's decision: resolved
    with pytest.raises(ValueError, match="alleen een open signalering"):
        Decide(seen, "accepted", "bekend", user="anna").do(any_db)
    assert _item(any_db, d1).status == "open" and _item(any_db, d1).version == 1
    with pytest.raises(ValueError, match="reden"):
        Decide({d1: 1}, "accepted", "  ", user="anna")


def test_reopen_and_undo_the_reopen(any_db: Database) -> None:
    _checked(any_db)
    [d1] = _ids(any_db, "D1")
    accept(any_db, d1, "twee echte trajecten", user="anna")
    with pytest.raises(ValueError, match="alleen een opgeloste of geaccepteerde"):
        Reopen(_seen(any_db, *_ids(any_db, "B7")), "toch niet", user="anna").do(any_db)
    history = DecisionHistory()
    history.do(Reopen(_seen(any_db, d1), "toch dubbel", user="bert"), any_db)
    assert _item(any_db, d1).status == "open"
    history.undo(any_db)
    assert _item(any_db, d1).status == "accepted"
    with any_db.session() as s:
        reopen = s.scalars(select(AuditLogRow).where(AuditLogRow.action == "finding.reopen")).one()
        assert reopen.user == "bert" and reopen.detail and reopen.detail["was"] == "accepted"


def test_a_stale_decision_is_refused_naming_who_and_when(any_db: Database) -> None:
    _checked(any_db)
    [d1] = _ids(any_db, "D1")
    seen_by_anna = _seen(any_db, d1)
    Assign(_seen(any_db, d1), "bert", user="bert").do(any_db)  # bert takes it meanwhile
    with pytest.raises(DecisionConflict) as caught:
        Decide(seen_by_anna, "resolved", "gecorrigeerd", user="anna").do(any_db)
    message = caught.value.message
    assert "intussen gewijzigd door bert op " in message
    assert "toegewezen aan bert" in message and "niets overschreven" in message
    item = _item(any_db, d1)
    assert item.status == "open" and item.assignee == "bert" and item.version == 2
    # the old API with an explicit version is refused in the same way
    with pytest.raises(DecisionConflict):
        resolve(any_db, d1, "gecorrigeerd", user="anna", version=1)
    resolve(any_db, d1, "gecorrigeerd", user="anna", version=2)
    assert _item(any_db, d1).version == 3


def test_undo_is_refused_when_someone_changed_the_finding_since(any_db: Database) -> None:
    _checked(any_db)
    [d1] = _ids(any_db, "D1")
    history = DecisionHistory()
    history.do(Decide(_seen(any_db, d1), "resolved", "gecorrigeerd", user="anna"), any_db)
    Reopen(_seen(any_db, d1), "niet goed gecorrigeerd", user="bert").do(any_db)
    with pytest.raises(DecisionConflict, match="door bert"):
        history.undo(any_db)
    assert not history.can_undo()  # it can never be undone now
    item = _item(any_db, d1)
    assert item.status == "open" and item.version == 3


def test_the_write_itself_checks_the_version(any_db: Database) -> None:
    """A change between reading and writing (another connection) is a conflict too."""
    _checked(any_db)
    [d1] = _ids(any_db, "D1")
    command = Decide({d1: 1}, "resolved", "gecorrigeerd", user="anna")
    original = command._apply

    def racing(session, row, seen, now):  # type: ignore[no-untyped-def]
        with any_db.engine.begin() as other:
            other.execute(update(FindingRow).where(FindingRow.id == d1).values(version=7))
        return original(session, row, seen, now)

    if any_db.engine.dialect.name == "sqlite":
        pytest.skip("SQLite allows one writer at a time: the race cannot happen there")
    command._apply = racing  # type: ignore[method-assign]
    with pytest.raises(DecisionConflict):
        command.do(any_db)
    assert _item(any_db, d1).status == "open"


def test_ages_follow_created_at(db: Database) -> None:
    _checked(db)
    [d1] = _ids(db, "D1")
    with db.session() as s:
        s.execute(
            update(FindingRow)
            .where(FindingRow.id == d1)
            .values(created_at=datetime(2026, 1, 1, 12, 0))
        )
    with db.session() as s:
        item = next(i for i in load_queue(s, today=date(2026, 1, 11)) if i.id == d1)
    assert item.age_days == 10
    assert item.created_at + timedelta(days=10) > datetime(2026, 1, 11)


def test_a_check_run_that_changes_a_finding_refuses_a_decision_on_the_old_one(
    any_db: Database,
) -> None:
    ids = _checked(any_db)
    d1 = ids["D10"] if "D10" in ids else next(v for k, v in ids.items() if k.startswith("D1"))
    with any_db.session() as s:
        seen = s.get(FindingRow, d1)
        assert seen is not None
        version = seen.version
    # the data behind the finding is fixed, so the next check run closes it
    with any_db.session() as s:
        from ketenkoppeling.store.tables import DeploymentRow

        s.execute(update(DeploymentRow).where(DeploymentRow.reference == "T1").values(
            instrument="WF"))  # fmt: skip
    run_checks(any_db, user="anna")
    with any_db.session() as s:
        changed = s.get(FindingRow, d1)
        assert changed is not None and changed.version > version
    with pytest.raises(DecisionConflict):
        Decide({d1: version}, "resolved", "dubbel, afgehandeld", "bert").do(any_db)
