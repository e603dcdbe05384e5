"""The same work on PostgreSQL as on SQLite: a generated region (bench_checks.ensure_region)
copied into PostgreSQL with COPY, then the whole check (first run, and a second with nothing
changed) and the ledger of the partner with the most spend, each beside the same on the
SQLite file, in processes of their own. The baseline of each database is its own bare grouped
sum over the attributions (the ledger's floor).

Needs a throw-away PostgreSQL database (its public schema is dropped and made anew).

Run: .venv/bin/python benchmarks/bench_postgres.py --pg URL [--clients 100000] [--quick]
     [--markdown PATH]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_checks import ensure_region

ROOT = Path(__file__).resolve().parent.parent
SUM = (
    "SELECT b.owner, SUM(a.part_cents) FROM attribution a JOIN budget b ON b.code = a.budget "
    "JOIN spend_line s ON s.id = a.spend_line_id WHERE s.pay_date BETWEEN '2008-01-01' AND "
    "'2008-12-31' GROUP BY b.owner"
)

CHILD = r"""
import json, sys, time
from datetime import date
url, step = sys.argv[1], sys.argv[2]
if __name__ == "__main__":
    from sqlalchemy import text
    from ketenkoppeling.store import open_database
    db = open_database(url)
    out = {}
    with db.engine.connect() as c:
        start = time.perf_counter()
        owners = {o: int(v) for o, v in c.execute(text(sys.argv[3]))}
        out["baseline"] = time.perf_counter() - start
    partner = max(sorted(owners), key=lambda o: owners[o])
    if step == "check":
        from ketenkoppeling.checks.runner import run_checks
        for run in ("first", "second"):
            start = time.perf_counter()
            summary = run_checks(db)
            out[run] = time.perf_counter() - start
        out["findings"] = sum(summary.counts.values())
    else:
        from ketenkoppeling.accounting.ledger import build_ledger, ledger_json
        start = time.perf_counter()
        with db.session() as session:
            data = ledger_json(build_ledger(session, partner, date(2008, 1, 1),
                                            date(2008, 12, 31), with_lines=False))
        out["ledger"] = time.perf_counter() - start
        out["partner"], out["total"] = partner, data["total"]
        cents = owners[partner]
        if data["total"] != f"{cents // 100}.{cents % 100:02d}":
            raise SystemExit(f"ledger total {data['total']} != {cents}")
    peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM"))
    print(json.dumps({**out, "peak_mb": peak / 1024}))
"""


def child(url: str, step: str) -> dict[str, Any]:
    args = [sys.executable, "-c", CHILD, url, step, SUM]
    done = subprocess.run(args, check=True, capture_output=True, text=True, cwd=ROOT)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def measure(clients: int, seed: int, pg: str) -> dict[str, Any]:
    from pg_region import copy_region

    region = ensure_region(clients, seed)
    result: dict[str, Any] = {"clients": clients}
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "region.sqlite"
        shutil.copy(region, copy)  # the checks write findings: keep the cached region clean
        url = f"sqlite:///{copy}"
        result["sqlite_check"] = child(url, "check")
        result["sqlite_ledger"] = child(url, "ledger")
    started = time.perf_counter()
    seconds, rows = copy_region(region, pg)
    result["copy"] = {"seconds": seconds, "rows": rows, "wall": time.perf_counter() - started}
    result["pg_check"] = child(pg, "check")
    result["pg_ledger"] = child(pg, "ledger")
    return result


def markdown(r: dict[str, Any], command: str) -> str:
    sc, sl, pc, pl = r["sqlite_check"], r["sqlite_ledger"], r["pg_check"], r["pg_ledger"]
    copy = r["copy"]
    return "\n".join(
        [
            "## PostgreSQL beside SQLite (issue 10)",
            "",
            f"`{command}`",
            "",
            f"A region of {r['clients']:,} clients, copied into PostgreSQL with COPY: "
            f"{copy['rows']:,} rows in {copy['seconds']:.1f} s "
            f"({copy['rows'] / copy['seconds']:,.0f} rows/s).",
            "",
            "| work | SQLite s | PostgreSQL s | PostgreSQL / SQLite | peak MB (SQLite / PG) |",
            "|---|---|---|---|---|",
            f"| bare grouped sum of the attributions (baseline) | {sc['baseline']:.2f} "
            f"| {pc['baseline']:.2f} | {pc['baseline'] / sc['baseline']:.2f} | |",
            f"| whole check, first run ({sc['findings']:,} findings) | {sc['first']:.1f} "
            f"| {pc['first']:.1f} | {pc['first'] / sc['first']:.2f} "
            f"| {sc['peak_mb']:.0f} / {pc['peak_mb']:.0f} |",
            f"| whole check, second run (nothing changed) | {sc['second']:.1f} "
            f"| {pc['second']:.1f} | {pc['second'] / sc['second']:.2f} | |",
            f"| ledger of {sl['partner']} (2008) | {sl['ledger']:.2f} | {pl['ledger']:.2f} "
            f"| {pl['ledger'] / sl['ledger']:.2f} | {sl['peak_mb']:.0f} / {pl['peak_mb']:.0f} |",
            "",
            f"Both ledgers total {pl['total']} (checked against the bare sum of each database). "
            "Ratio to the baseline: the check on PostgreSQL "
            f"{pc['first'] / pc['baseline']:.0f}× its bare sum, on SQLite "
            f"{sc['first'] / sc['baseline']:.0f}×; the ledger {pl['ledger'] / pc['baseline']:.1f}× "
            f"and {sl['ledger'] / sc['baseline']:.1f}×.",
            "",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg", required=True, help="a throw-away PostgreSQL URL")
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2008)
    parser.add_argument("--quick", action="store_true", help="2,000 clients")
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args()
    clients = 2_000 if args.quick else args.clients
    result = measure(clients, args.seed, args.pg)
    command = "benchmarks/bench_postgres.py --pg URL" + (
        " --quick" if args.quick else f" --clients {clients}"
    )
    text = markdown(result, command)
    print(text)
    if args.markdown:
        args.markdown.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
