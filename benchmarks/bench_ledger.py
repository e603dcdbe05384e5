"""The partner ledger (verantwoording) and its workbook over the large synthetic region, each
against a bare baseline measured in the same run.

* Ledger: ``build_ledger`` (the figures of ``report --json``: per budget, regime, instrument,
  provider, month and client) for the partner with the most spend, paid in 2008, against the
  bare floor of any ledger: one ``SELECT owner, budget, SUM(part_cents) … GROUP BY`` over the
  attribution table (sqlite3, no ORM); and the CLI's whole ``report --json`` path
  (reservations and quarantine too), each in its own process.
* Workbook: ``write_ledger_workbook`` (twelve sheets, formats, totals, charts) of that
  partner's ledger in a region sized to give about 100,000 lines, against a bare openpyxl
  write-only workbook holding only the rows of its sheet Regels (plain values, no styles).

Every measurement runs in its own process (peak memory is VmHWM) on the region of
``bench_checks.ensure_region`` (generated once, then reused from benchmarks/out/).

Run: .venv/bin/python benchmarks/bench_ledger.py                 # 100k and 1M clients
     .venv/bin/python benchmarks/bench_ledger.py --quick         # 2k clients, a smoke test
     .venv/bin/python benchmarks/bench_ledger.py --markdown OUT.md
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from bench_checks import ensure_region, peak_mb

PERIOD = (date(2008, 1, 1), date(2008, 12, 31))
#: the floor of any ledger: one grouped sum over the attribution table (owner via budget)
BASELINE_SQL = (
    "SELECT b.owner, a.budget, SUM(a.part_cents), COUNT(*) FROM attribution a "
    "JOIN budget b ON b.code = a.budget GROUP BY b.owner, a.budget"
)
#: the partner's parts in the period, for checking the ledger (not timed)
CHECK_SQL = (
    "SELECT SUM(a.part_cents), COUNT(*) FROM attribution a "
    "JOIN budget b ON b.code = a.budget JOIN spend_line sl ON sl.id = a.spend_line_id "
    "WHERE b.owner = ? AND sl.pay_date BETWEEN ? AND ?"
)
WORKBOOK_CLIENTS = 30_000  # the biggest partner then has about 100,000 attributed parts


def baseline(path: Path) -> tuple[float, float, dict[str, int]]:
    """The bare grouped sum (best of two runs: seconds, cpu) and owner → cents."""
    con = sqlite3.connect(path)
    best, best_cpu = float("inf"), 0.0
    owners: dict[str, int] = {}
    for _ in range(2):
        started, cpu_started = time.perf_counter(), time.process_time()
        rows = con.execute(BASELINE_SQL).fetchall()
        if time.perf_counter() - started < best:
            best, best_cpu = time.perf_counter() - started, time.process_time() - cpu_started
    for owner, _budget, cents, _parts in rows:
        owners[owner] = owners.get(owner, 0) + cents
    con.close()
    return best, best_cpu, owners


def biggest(owners: dict[str, int]) -> str:
    return max(sorted(owners), key=lambda o: owners[o])


def partner_parts(path: Path, partner: str) -> tuple[int, int]:
    """(cents, parts) of ``partner`` in the period, straight from SQLite."""
    con = sqlite3.connect(path)
    cents, parts = con.execute(CHECK_SQL, [partner, *(d.isoformat() for d in PERIOD)]).fetchone()
    con.close()
    return int(cents or 0), int(parts)


def child_ledger(clients: int, seed: int, report: bool) -> dict[str, Any]:
    from ketenkoppeling.accounting.ledger import build_ledger, ledger_json
    from ketenkoppeling.reports import ledger_with_reservations
    from ketenkoppeling.store import open_database

    path = ensure_region(clients, seed)
    base, base_cpu, owners = baseline(path)
    partner = biggest(owners)
    cents, parts = partner_parts(path, partner)
    db = open_database(str(path))
    best, cpu = float("inf"), 0.0
    for _ in range(1 if report else 2):
        data = ledger = None  # the previous run's figures are not held during the next
        started, cpu_started = time.perf_counter(), time.process_time()
        if report:  # the CLI's `report --json`: reservations and quarantine too
            data, _text = ledger_with_reservations(db, partner, *PERIOD)
        else:
            with db.session() as session:
                ledger = build_ledger(session, partner, *PERIOD, with_lines=False)
                data = ledger_json(ledger)
        if time.perf_counter() - started < best:
            best, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    db.dispose()
    assert data is not None
    if data["total"] != f"{cents // 100}.{cents % 100:02d}":
        raise SystemExit(f"ledger total {data['total']} != {cents} cents straight from SQLite")
    if ledger is not None and sum(ledger.counts["client"].values()) != parts:
        raise SystemExit("the ledger's parts are not the partner's parts in the period")
    return {
        "clients": clients,
        "partner": partner,
        "parts": parts,
        "ledger_clients": data["clients"],
        "seconds": best,
        "cpu": cpu,
        "baseline": base,
        "baseline_cpu": base_cpu,
        "peak_mb": peak_mb(),
    }


def child_workbook(clients: int, seed: int, bare: bool) -> dict[str, Any]:
    from openpyxl import Workbook

    from ketenkoppeling.accounting.ledger import build_ledger
    from ketenkoppeling.accounting.workbook import report_context
    from ketenkoppeling.accounting.workbook_ledger import part_row, write_ledger_workbook
    from ketenkoppeling.store import open_database

    path = ensure_region(clients, seed)
    _, _, owners = baseline(path)
    partner = biggest(owners)
    db = open_database(str(path))
    with db.session() as session:
        started, cpu_started = time.perf_counter(), time.process_time()
        ledger = build_ledger(session, partner, *PERIOD, with_lines=True)
        load, load_cpu = time.perf_counter() - started, time.process_time() - cpu_started
        context = report_context(session, "bench")
    db.dispose()
    result: dict[str, Any] = {"clients": clients, "partner": partner, "lines": len(ledger.lines)}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "ledger.xlsx"
        if bare:
            rows = [part_row(line, context) for line in ledger.lines]
            started, cpu_started = time.perf_counter(), time.process_time()
            wb = Workbook(write_only=True)
            ws = wb.create_sheet("Regels")
            for row in rows:
                ws.append(row)
            wb.save(out)
        else:
            result.update(load=load, load_cpu=load_cpu)
            started, cpu_started = time.perf_counter(), time.process_time()
            write_ledger_workbook(ledger, out, context)
        result["seconds"] = time.perf_counter() - started
        result["cpu"] = time.process_time() - cpu_started
        result["bytes"] = out.stat().st_size
    result["peak_mb"] = peak_mb()
    return result


def run_child(*args: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def markdown(command: str, ledgers: list[dict[str, Any]], reports: list[dict[str, Any]],
             ours: dict[str, Any], bare: dict[str, Any]) -> str:  # fmt: skip
    lines = [
        "## Ledger (verantwoording) and ledger workbook",
        "",
        f"Command: `{command}`",
        "",
        "| measurement | size | ours (s) | baseline (s) | ratio (baseline ÷ ours; cpu) | peak MB |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for r in ledgers:
        lines.append(
            f"| ledger figures of {r['partner']}, 2008 (build_ledger + JSON) | "
            f"{r['clients']:,} clients, {r['parts']:,} parts, {r['ledger_clients']:,} ledger "
            f"clients | {r['seconds']:.2f} (cpu {r['cpu']:.2f}) | {r['baseline']:.2f} "
            f"(cpu {r['baseline_cpu']:.2f}) | {r['baseline'] / r['seconds']:.2f}; "
            f"{r['baseline_cpu'] / r['cpu']:.2f} | {r['peak_mb']:.0f} |"
        )
    for r in reports:
        lines.append(
            f"| `report --json` of {r['partner']} (the CLI's path: + reservations, quarantine) "
            f"| {r['clients']:,} clients | {r['seconds']:.2f} (cpu {r['cpu']:.2f}) | "
            f"{r['baseline']:.2f} (cpu {r['baseline_cpu']:.2f}) | "
            f"{r['baseline'] / r['seconds']:.2f}; {r['baseline_cpu'] / r['cpu']:.2f} | "
            f"{r['peak_mb']:.0f} |"
        )
    lines.append(
        f"| ledger workbook of {ours['partner']} (write_ledger_workbook, write-only) | "
        f"{ours['lines']:,} lines ({ours['clients']:,} clients) | {ours['seconds']:.2f} "
        f"(cpu {ours['cpu']:.2f}) | {bare['seconds']:.2f} (cpu {bare['cpu']:.2f}) | "
        f"{bare['seconds'] / ours['seconds']:.2f}; {bare['cpu'] / ours['cpu']:.2f} | "
        f"{ours['peak_mb']:.0f} (bare {bare['peak_mb']:.0f}) |"
    )
    lines.append(
        f"| loading that ledger with its lines (build_ledger, with_lines) | "
        f"{ours['lines']:,} lines | {ours['load']:.2f} (cpu {ours['load_cpu']:.2f}) | | | |"
    )
    lines.append("")
    text = (
        "The ledger baseline is one grouped sum over the attribution table, owner by budget "
        "(the floor of any ledger); the ledger adds per part its spend line (the period, "
        "provider, month), the deployment (instrument), the client's benefit period (regime) "
        "and a second grouping by client. The workbook "
        "baseline writes only the sheet Regels as plain values with openpyxl's write-only "
        "mode; ours writes all twelve sheets with formats, totals and charts."
    )
    if len(ledgers) > 1:
        a, b = ledgers[0], ledgers[-1]
        text += (
            f" From {a['clients']:,} to {b['clients']:,} clients (x{b['clients'] / a['clients']:g})"
            f" the ledger grows x{b['seconds'] / a['seconds']:.1f} (cpu "
            f"x{b['cpu'] / a['cpu']:.1f}) and the baseline x{b['baseline'] / a['baseline']:.1f}"
            f" (cpu x{b['baseline_cpu'] / a['baseline_cpu']:.1f})."
        )
    largest = ledgers[-1]

    def verdict(seconds: float, limit: float, full_size: bool) -> str:
        if not full_size:
            return "not judged at this size"
        return "met" if seconds < limit else "not met"

    text += (
        f" Goals: a partner ledger over the 1M-client region under 5 s — here "
        f"{largest['seconds']:.1f} s over {largest['clients']:,} clients "
        f"({verdict(largest['seconds'], 5, largest['clients'] >= 1_000_000)}); a ledger "
        f"workbook of 100k lines under 10 s — here {ours['seconds']:.1f} s for "
        f"{ours['lines']:,} lines ({verdict(ours['seconds'], 10, ours['lines'] >= 95_000)}; "
        f"the bare write-only floor {bare['seconds']:.1f} s)."
    )
    lines += [text, ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000],
                        help="clients of the regions the ledger is built on")  # fmt: skip
    parser.add_argument("--workbook-clients", type=int, default=WORKBOOK_CLIENTS)
    parser.add_argument("--seed", type=int, default=2008)
    parser.add_argument("--quick", action="store_true", help="2,000 clients: a smoke test")
    parser.add_argument("--markdown", type=Path, help="write the results section to this file")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, clients = args.child[0], int(args.child[1])
        if kind in ("ledger", "report"):
            result = child_ledger(clients, args.seed, report=kind == "report")
        else:
            result = child_workbook(clients, args.seed, bare=kind == "bare")
        print(json.dumps(result))
        return
    if args.quick:
        args.sizes, args.workbook_clients = [2_000], 2_000

    ledgers, reports = [], []
    for clients in args.sizes:
        for kind, found in (("ledger", ledgers), ("report", reports)):
            r = run_child("--child", kind, str(clients), "--seed", str(args.seed))
            found.append(r)
            print(
                f"{kind} of {r['partner']} over {clients:,} clients ({r['parts']:,} parts): "
                f"{r['seconds']:.2f} s (cpu {r['cpu']:.2f}), baseline {r['baseline']:.2f} s "
                f"(cpu {r['baseline_cpu']:.2f}), ratio {r['baseline'] / r['seconds']:.2f}, "
                f"peak {r['peak_mb']:.0f} MB"
            )
    wb_args = (str(args.workbook_clients), "--seed", str(args.seed))
    bare = run_child("--child", "bare", *wb_args)
    ours = run_child("--child", "workbook", *wb_args)
    print(
        f"ledger workbook of {ours['partner']}, {ours['lines']:,} lines: {ours['seconds']:.2f} s "
        f"(cpu {ours['cpu']:.2f}), bare write-only {bare['seconds']:.2f} s "
        f"(cpu {bare['cpu']:.2f}), ratio "
        f"{bare['seconds'] / ours['seconds']:.2f}, peak {ours['peak_mb']:.0f} MB "
        f"(bare {bare['peak_mb']:.0f} MB); loading the ledger with its lines {ours['load']:.2f} s"
    )
    if args.markdown:
        command = "python benchmarks/bench_ledger.py " + " ".join(sys.argv[1:])
        args.markdown.write_text(
            markdown(command.strip(), ledgers, reports, ours, bare), encoding="utf-8"
        )


if __name__ == "__main__":
    main()
