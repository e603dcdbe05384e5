"""The sample region (tests/data/samples, a copy of ../shared/samples): imported in
expected.json's import_order, the checks report what expected.json says, rule by rule."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from ketenkoppeling.checks.runner import CheckSummary, run_checks
from ketenkoppeling.store import Database, open_database
from tests.conftest import SAMPLES

importing = pytest.importorskip("ketenkoppeling.importing")
reference = pytest.importorskip("ketenkoppeling.reference")

GROUPED = {"D1", "D2", "B2"}  # findings naming several records; the others name one


def _found(summary: CheckSummary) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for finding in summary.findings:
        keys = [record.split(" ", 1)[1] for record in finding.records]
        found.setdefault(finding.rule, []).append(
            sorted(keys) if finding.rule in GROUPED else keys[0]
        )
    return found


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, CheckSummary]:
    samples = SAMPLES
    expected = json.loads((samples / "expected.json").read_text(encoding="utf-8"))
    db: Database = open_database(str(tmp_path_factory.mktemp("samples") / "samples.sqlite"))
    try:
        order = expected["import_order"]
        reference.load_reference_workbook(db, samples / order[0], user="test")
        results = importing.import_files(db, [samples / name for name in order[1:]], user="test")
        assert [r.status for r in results] == ["imported"] * len(results)
        summary = run_checks(db, user="test")
    finally:
        db.dispose()
    return expected, summary


RULES = ["D1", "D2", "B1", "B2", "B3", "B4", "B5", "B6", "B7"]


@pytest.mark.parametrize("rule", RULES)
def test_findings_equal_expected(checked: tuple[Any, CheckSummary], rule: str) -> None:
    expected, summary = checked
    want = sorted(sorted(k) if rule in GROUPED else k for k in expected["findings"].get(rule, []))
    assert sorted(_found(summary).get(rule, [])) == want


def test_b1_finds_the_line_attributed_90_percent(checked: tuple[Any, CheckSummary]) -> None:
    _expected, summary = checked
    assert "UWV/F2008-00008/UWV-TRJ-2008-00040" in _found(summary)["B1"]


def test_messages_name_their_records_in_dutch_form(checked: tuple[Any, CheckSummary]) -> None:
    _expected, summary = checked
    assert summary.findings
    for finding in summary.findings:
        assert finding.status == "open"
        assert finding.severity in {"error", "warning"}
        for record in finding.records:
            assert record.split(" ", 1)[1] in finding.message
        assert len(re.findall(r"€ -?\d{1,3}(?:\.\d{3})*,\d\d", finding.message)) == (
            finding.message.count("€")
        )
        assert not re.search(r"\d{4}-\d\d-\d\d", finding.message)  # dates as dd-mm-jjjj
