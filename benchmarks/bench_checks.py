"""The rules of spec/rules.md (``run_checks``) over a large synthetic region, compared with the
simplest baseline in the same run: one ordered full scan of the deployments
(``SELECT bsn, instrument, start FROM deployment ORDER BY bsn, instrument, start``).

The size is a number of CLIENTS. Each region is generated straight into a SQLite file with
executemany (about 3 deployments, 6 spend lines and 1.3 benefit periods per client, with a
sprinkling of every kind of problem: duplicates, identity errors, knips, wrong budgets,
unlinked and double spend), kept in benchmarks/out/region-<clients>-<seed>.sqlite for reuse
(``ensure_region``; other benchmarks import it), and measured on a copy in a process of its
own (peak memory is VmHWM).

Run: .venv/bin/python benchmarks/bench_checks.py                 # 100k and 1M clients
     .venv/bin/python benchmarks/bench_checks.py --sizes 20000   # a quick look
     .venv/bin/python benchmarks/bench_checks.py --quick --markdown out.md
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
QUICK_SIZES = [1_000, 5_000]

GEMEENTEN = ("GEM-0392", "GEM-0473", "IASZ")
INSTRUMENTS = ("WF", "IRO", "SCH", "JC", "LKS", "PP", "PPL", "BB", "SOL", "ZORG")
PROVIDERS = tuple(f"RIB-{i:04d}" for i in range(1, 13))
SURNAMES = (
    "Jansen", "de Vries", "van den Berg", "Bakker", "van Dijk", "Visser", "Smit", "Meijer",
    "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen",
    "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer",
    "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel", "van der Veen",
    "van den Broek", "de Bruijn", "de Jong", "van der Heijden", "Schouten", "van Beek",
    "Willems", "van Vliet", "van de Ven", "Hoekstra", "Maas", "Verhoeven", "Koster",
    "van Dam", "van der Wal", "Prins", "Blom", "Huisman", "Peeters", "in 't Veld", "Öztürk",
    "Çelik", "Yilmaz", "El Amrani", "Ramdin", "Wouters", "Hoogendoorn", "ter Horst",
)  # fmt: skip
D0 = date(2008, 1, 1)


def day(offset: int) -> str:
    return (D0 + timedelta(days=offset)).isoformat()


def chash(n: int) -> str:
    return f"{n:032x}"


def reference_rows(con: sqlite3.Connection) -> None:
    con.executemany(
        "INSERT INTO partner (code, name, kind, valid_from, valid_to) VALUES (?, ?, ?, ?, ?)",
        [
            ("UWV", "UWV", "uwv", "2002-01-01", None),
            ("CWI", "CWI", "cwi", "2002-01-01", "2008-06-30"),
            ("WERKBEDRIJF", "WERKbedrijf", "werkbedrijf", "2008-07-01", None),
            ("GEM-0392", "Gemeente Haarlem", "gemeente", "2002-01-01", None),
            ("GEM-0473", "Gemeente Zandvoort", "gemeente", "2002-01-01", None),
            ("IASZ", "IASZ", "intergemeentelijk", "2002-01-01", None),
        ],
    )
    con.executemany(
        "INSERT INTO regime (code, description, executor_kind) VALUES (?, ?, ?)",
        [
            (c, c, e)
            for c, e in [
                ("WW", "UWV"), ("WIA", "UWV"), ("WAO", "UWV"), ("WAJONG", "UWV"),
                ("WWB", "GEMEENTE"), ("IOAW", "GEMEENTE"), ("IOAZ", "GEMEENTE"),
                ("ANW", None), ("NUG", None),
            ]
        ],
    )  # fmt: skip
    con.executemany(
        "INSERT INTO instrument (code, description) VALUES (?, ?)", [(c, c) for c in INSTRUMENTS]
    )
    con.executemany("INSERT INTO provider (code, name) VALUES (?, ?)", [(p, p) for p in PROVIDERS])
    big = 10**13
    con.executemany(
        "INSERT INTO budget (code, label, owner, year, amount_cents, regimes, instruments) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            ("UWV-RIB-WW-2008", "WW", "UWV", 2008, big, "WW", "WF,IRO,SCH,JC,LKS,PP,BB,SOL,ZORG"),
            ("UWV-RIB-AG-2008", "AG", "UWV", 2008, big, "WIA,WAO,WAJONG", ""),
            ("GEM-0392-WD-2008", "WD", "GEM-0392", 2008, big, "WWB,IOAW,IOAZ,NUG", ""),
            ("GEM-0473-WD-2008", "WD", "GEM-0473", 2008, 10_000_000, "WWB,IOAW,IOAZ,NUG", ""),
            ("IASZ-WD-2008", "WD", "IASZ", 2008, big, "WWB,IOAW,IOAZ,NUG", ""),
        ],
    )


class Region:
    """Rows of a synthetic region, generated client by client."""

    def __init__(self, seed: int) -> None:
        from ketenkoppeling.model.names import surname_key

        self.rng = random.Random(seed)
        self.keys = {s: surname_key(s) for s in SURNAMES}
        self.clients: list[tuple[Any, ...]] = []
        self.periods: list[tuple[Any, ...]] = []
        self.deployments: list[tuple[Any, ...]] = []
        self.lines: list[tuple[Any, ...]] = []
        self.attributions: list[tuple[Any, ...]] = []
        self.n_dep = 0
        self.n_line = 0

    def client(self, i: int) -> None:
        rng = self.rng
        bsn = f"{100_000_000 + i}"
        surname = rng.choice(SURNAMES)
        born = date(1950, 1, 1) + timedelta(days=rng.randrange(40 * 365))
        initials = rng.choice("ABCDEFGHJKLMNPRSTW") + "."
        postcode = f"{rng.randrange(1000, 9999)}{rng.choice('ABCDEFGH')}{rng.choice('ABCDEF')}"
        self.clients.append(
            (bsn, born.isoformat(), surname, initials, postcode, self.keys[surname], chash(i))
        )
        if rng.random() < 0.001:  # the same person under a second BSN (D2)
            other = f"{900_000_000 + i}"
            self.clients.append(
                (other, born.isoformat(), surname, initials, postcode, self.keys[surname], "x")
            )
        gemeente = rng.choice(GEMEENTEN)
        roll = rng.random()
        knip: int | None = None
        if roll < 0.40:
            side = "UWV"
            if rng.random() < 0.25:  # WW becomes WWB during 2008: the knip
                knip = rng.randrange(60, 300)
                self.periods.append((bsn, "WW", "UWV", "2007-06-01", day(knip - 1), chash(i)))
                self.periods.append((bsn, "WWB", gemeente, day(knip), None, chash(i + 1)))
            else:
                self.periods.append((bsn, "WW", "UWV", "2007-06-01", None, chash(i)))
            budget = "UWV-RIB-WW-2008"
        elif roll < 0.55:
            side, budget = "UWV", "UWV-RIB-AG-2008"
            self.periods.append((bsn, "WIA", "UWV", "2006-01-01", None, chash(i)))
        elif roll < 0.85:
            side, budget = gemeente, f"{gemeente}-WD-2008"
            self.periods.append((bsn, "WWB", gemeente, "2007-01-01", None, chash(i)))
        else:
            side, budget = gemeente, f"{gemeente}-WD-2008"  # NUG: no benefit period
        for _ in range(3):
            start = rng.randrange(0, 240)
            instrument = rng.choice(INSTRUMENTS if side != "UWV" else INSTRUMENTS[:6])
            provider = rng.choice(PROVIDERS) if rng.random() < 0.8 else None
            ref = self.deployment(side, bsn, instrument, provider, start)
            if rng.random() < 0.02:  # registered again, by the other side or the same (D1)
                other = rng.choice(("UWV", gemeente))
                self.deployment(other, bsn, instrument, provider, start + rng.randrange(0, 10))
            for k in range(2):
                self.line(side, ref, bsn, provider, budget, start + 30 * k)

    def deployment(
        self, partner: str, bsn: str, instrument: str, provider: str | None, start: int
    ) -> str:
        self.n_dep += 1
        ref = f"{partner}-B-{self.n_dep:09d}"
        self.deployments.append(
            (partner, ref, bsn, instrument, provider, day(start), None, None, chash(self.n_dep))
        )
        return ref

    def line(
        self, partner: str, ref: str, bsn: str, provider: str | None, budget: str, start: int
    ) -> None:
        rng = self.rng
        self.n_line += 1
        n = self.n_line
        amount = rng.randrange(10_000, 300_000)
        pay = start + 50
        roll = rng.random()
        attributions = [(budget, 10000)]
        if roll < 0.005:
            attributions = [(budget, 9000)]  # B1
        elif roll < 0.010:
            attributions = [("GEM-0392-WD-2008" if partner == "UWV" else "UWV-RIB-WW-2008", 10000)]
        elif roll < 0.015:
            pay = 370  # paid in 2009 (B5)
        elif roll < 0.018:
            ref = f"{partner}-ONBEKEND-{n}"  # no such deployment (B7)
        row = (partner, f"F{n:09d}", ref, bsn, provider, partner, day(pay), day(start),
               day(start + 29), amount, chash(n))  # fmt: skip
        self.lines.append(row)
        self.attributions.extend((n, 1, b, bp, amount * bp // 10000) for b, bp in attributions)
        if 0.018 <= roll < 0.020:  # the same invoice declared by another partner too (B2)
            self.n_line += 1
            other = "UWV" if partner != "UWV" else "GEM-0392"
            self.lines.append((other, row[1], f"{other}-B2-{n}", *row[3:5], other, *row[6:]))
            self.attributions.append((self.n_line, 1, budget, 10000, amount))


def region_path(clients: int, seed: int) -> Path:
    """Where the region of ``clients`` clients generated with ``seed`` is kept for reuse."""
    return OUT / f"region-{clients}-{seed}.sqlite"


def ensure_region(clients: int, seed: int) -> Path:
    """The region of ``clients`` clients and ``seed``: reused when it exists, else generated
    (under a temporary name, renamed when complete: a half-written file is never reused)."""
    path = region_path(clients, seed)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.stem}.{os.getpid()}.partial")
        try:
            generate(partial, clients, seed)
            partial.replace(path)
        finally:
            partial.unlink(missing_ok=True)
    return path


def generate(path: Path, clients: int, seed: int) -> dict[str, int]:
    """Write a SQLite store with ``clients`` clients (about 3 deployments, 6 spend lines and
    1.3 benefit periods each, every kind of problem sprinkled in) to ``path``; the counts."""
    from ketenkoppeling.store import open_database

    path.unlink(missing_ok=True)
    open_database(str(path)).dispose()  # schema by the migrations
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    con.execute("BEGIN")
    reference_rows(con)
    region = Region(seed)
    counts = dict.fromkeys(("clients", "benefit_periods", "deployments", "spend_lines"), 0)
    for i in range(clients):
        region.client(i)
        if len(region.lines) >= 60_000:
            flush(con, region, counts)
    flush(con, region, counts)
    con.execute("COMMIT")
    con.close()
    return counts


def flush(con: sqlite3.Connection, region: Region, counts: dict[str, int]) -> None:
    con.executemany(
        "INSERT INTO client (bsn, birth_date, surname, initials, postcode, surname_key, "
        "content_hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
        region.clients,
    )
    con.executemany(
        'INSERT INTO benefit_period (bsn, regime, executor, start, "end", content_hash) '
        "VALUES (?, ?, ?, ?, ?, ?)",
        region.periods,
    )
    con.executemany(
        'INSERT INTO deployment (partner, reference, bsn, instrument, provider, start, "end", '
        "werkcoach, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        region.deployments,
    )
    con.executemany(
        "INSERT INTO spend_line (partner, invoice_number, reference, bsn, provider, payer, "
        "pay_date, period_from, period_to, amount_cents, content_hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        region.lines,
    )
    con.executemany(
        "INSERT INTO attribution (spend_line_id, seq, budget, percentage_bp, part_cents) "
        "VALUES (?, ?, ?, ?, ?)",
        region.attributions,
    )
    counts["clients"] += len(region.clients)
    counts["benefit_periods"] += len(region.periods)
    counts["deployments"] += len(region.deployments)
    counts["spend_lines"] += len(region.lines)
    for rows in (region.clients, region.periods, region.deployments, region.lines):
        rows.clear()
    region.attributions.clear()


def peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(clients: int, seed: int, fresh: bool) -> dict[str, Any]:
    """In a child process: the region (generated, or reused with the time it took then), then
    on a copy of it the baseline and two check runs."""
    path = region_path(clients, seed)
    times = path.with_suffix(".json")
    if fresh or not path.exists() or not times.exists():
        path.unlink(missing_ok=True)
        started = time.perf_counter()
        ensure_region(clients, seed)
        generated: dict[str, Any] = {"seconds": time.perf_counter() - started}
        con = sqlite3.connect(path)
        generated["counts"] = {
            table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("client", "benefit_period", "deployment", "spend_line")
        }
        con.close()
        times.write_text(json.dumps(generated))
        generated["reused"] = False
    else:
        generated = {**json.loads(times.read_text()), "reused": True}
    work = path.with_name(f"checks-{clients}-{seed}.sqlite")
    for stale in ("-wal", "-shm"):  # of an earlier run that stopped: never replayed
        Path(f"{work}{stale}").unlink(missing_ok=True)
    shutil.copyfile(path, work)
    result: dict[str, Any] = {
        "counts": generated["counts"],
        "generate": generated["seconds"],
        "reused": generated["reused"],
    }

    con = sqlite3.connect(work)
    started, cpu = time.perf_counter(), time.process_time()
    rows = sum(
        1 for _ in con.execute("SELECT bsn, instrument, start FROM deployment ORDER BY 1, 2, 3")
    )
    result["baseline"] = time.perf_counter() - started
    result["baseline_cpu"] = time.process_time() - cpu
    result["baseline_rows"] = rows
    con.close()

    from ketenkoppeling.checks.runner import run_checks
    from ketenkoppeling.store import open_database

    db = open_database(str(work))
    for run in ("first", "second"):
        started, cpu = time.perf_counter(), time.process_time()
        summary = run_checks(db, user="bench")
        result[run] = time.perf_counter() - started
        # the processor time of both processes (the second one makes the B3 and B4 pass)
        result[f"{run}_cpu"] = time.process_time() - cpu + summary.second_process.get("cpu", 0)
        result[f"{run}_rules"] = {k: round(v, 2) for k, v in summary.seconds.items()}
        # the second process that made the B3 and B4 pass (its cpu and memory are its own)
        result[f"{run}_second"] = dict(summary.second_process)
        result[f"{run}_changes"] = {
            "opened": summary.opened,
            "unchanged": summary.unchanged,
            "closed": summary.closed,
        }
        del summary
    with db.engine.connect() as conn:
        result["counts_found"] = dict(
            conn.exec_driver_sql(
                "SELECT rule, count(*) FROM finding WHERE status != 'resolved' GROUP BY rule"
            ).all()
        )
    db.dispose()
    for leftover in ("", "-wal", "-shm", ".controle.lock", ".inlezen.lock"):
        Path(f"{work}{leftover}").unlink(missing_ok=True)
    result["peak_mb"] = peak_mb()
    # the memory of both processes at their peaks (the goal counts the whole check)
    result["peak_both_mb"] = result["peak_mb"] + max(
        (result[f"{run}_second"] or {}).get("peak_mb", 0) for run in ("first", "second")
    )
    return result


def _second(helper: dict[str, Any]) -> str:
    if not helper:
        return "none (one process)"
    return f"{helper['outcome']}, {helper['cpu']:.1f}, {helper['peak_mb']:.0f}"


def child(clients: int, seed: int, fresh: bool) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(clients), "--seed", str(seed)]
        + (["--fresh"] if fresh else []),
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def text_report(size: int, r: dict[str, Any]) -> list[str]:
    c = r["counts"]
    made = "reused; generated earlier in" if r["reused"] else "generated in"
    lines = [
        f"\n{size:,} clients ({c['client']:,} client records, {c['deployment']:,} deployments, "
        f"{c['spend_line']:,} spend lines, {c['benefit_period']:,} benefit periods; "
        f"{made} {r['generate']:.1f} s)",
        f"  baseline ordered scan : {r['baseline']:8.2f} s  (cpu {r['baseline_cpu']:.2f} s)",
    ]
    for run in ("first", "second"):
        lines.append(
            f"  run_checks, {run + ' run:':11} {r[run]:8.2f} s  (cpu {r[run + '_cpu']:.2f} s)"
            f" = {r[run] / r['baseline']:.0f} x baseline  {r[run + '_changes']}"
        )
    lines += [
        f"  per step (first run)  : {r['first_rules']}",
        f"  findings per rule     : {r['counts_found']}",
        f"  peak memory           : {r['peak_mb']:.0f} MB",
    ]
    return lines


def growth(results: dict[int, dict[str, Any]]) -> list[tuple[int, int, dict[str, float]]]:
    out = []
    for small, large in itertools.pairwise(sorted(results)):
        a, b = results[small], results[large]
        out.append(
            (
                small,
                large,
                {
                    "baseline": b["baseline"] / a["baseline"],
                    "first": b["first"] / a["first"],
                    "second": b["second"] / a["second"],
                    "first_cpu": b["first_cpu"] / a["first_cpu"],
                    "second_cpu": b["second_cpu"] / a["second_cpu"],
                    "peak": b["peak_mb"] / a["peak_mb"],
                },
            )
        )
    return out


GOAL_SECONDS = 120
GOAL_MB = 500


def markdown(command: str, results: dict[int, dict[str, Any]]) -> str:
    sizes = sorted(results)
    head = "| figure | " + " | ".join(f"{s:,} clients" for s in sizes) + " |"
    rows = [head, "|---|" + "---|" * len(sizes)]

    def row(name: str, values: list[str]) -> None:
        rows.append(f"| {name} | " + " | ".join(values) + " |")

    rs = [results[s] for s in sizes]
    row("client records", [f"{r['counts']['client']:,}" for r in rs])
    row("deployments", [f"{r['counts']['deployment']:,}" for r in rs])
    row("spend lines", [f"{r['counts']['spend_line']:,}" for r in rs])
    row("benefit periods", [f"{r['counts']['benefit_period']:,}" for r in rs])
    row(
        "generate (s)",
        [f"{r['generate']:.1f}" + (" (earlier run)" if r["reused"] else "") for r in rs],
    )
    row("baseline: ordered scan of the deployments (s)", [f"{r['baseline']:.2f}" for r in rs])
    row("run_checks, first run (s)", [f"{r['first']:.2f}" for r in rs])
    row("  cpu time of the first run (s, both processes)", [f"{r['first_cpu']:.2f}" for r in rs])
    row("ratio first run / baseline", [f"{r['first'] / r['baseline']:.0f}" for r in rs])
    row("run_checks, second run, nothing changed (s)", [f"{r['second']:.2f}" for r in rs])
    row("  cpu time of the second run (s, both processes)", [f"{r['second_cpu']:.2f}" for r in rs])
    row("ratio second run / baseline", [f"{r['second'] / r['baseline']:.0f}" for r in rs])
    for step in rs[-1]["first_rules"]:
        row(
            f"  first run: {step} (s)",
            [f"{r['first_rules'].get(step, 0):.2f}" for r in rs],
        )
    row("peak memory (MB, VmHWM)", [f"{r['peak_mb']:.0f}" for r in rs])
    row(
        "peak memory of both processes together (MB)",
        [f"{r.get('peak_both_mb', r['peak_mb']):.0f}" for r in rs],
    )
    row(
        "  second process (B3+B4): outcome, cpu s, peak MB",
        [_second(r.get("first_second") or {}) for r in rs],
    )
    rules = sorted({rule for r in rs for rule in r["counts_found"]})
    for rule in rules:
        row(f"findings {rule}", [f"{r['counts_found'].get(rule, 0):,}" for r in rs])
    lines = ["## Checks over a synthetic region (bench_checks.py)", "", f"`{command}`", ""]
    lines += [*rows, ""]
    for small, large, g in growth(results):
        lines.append(
            f"Growth {small:,} → {large:,} clients (×{large / small:g}): baseline "
            f"×{g['baseline']:.1f}, first run ×{g['first']:.1f} (cpu ×{g['first_cpu']:.1f}), "
            f"second run ×{g['second']:.1f} (cpu ×{g['second_cpu']:.1f}), peak memory "
            f"×{g['peak']:.1f}."
        )
    largest = rs[-1]
    verdict = (
        f"the goal for 1M clients (under {GOAL_SECONDS} s, under {GOAL_MB} MB) is "
        + (
            "met"
            if largest["first"] < GOAL_SECONDS
            and largest.get("peak_both_mb", largest["peak_mb"]) < GOAL_MB
            else "not met"
        )
        if sizes[-1] >= 1_000_000
        else f"the goal is for 1M clients: under {GOAL_SECONDS} s and {GOAL_MB} MB"
    )
    lines += [
        "",
        f"The whole check over {sizes[-1]:,} clients took {largest['first']:.0f} s "
        f"(cpu {largest['first_cpu']:.0f} s) with {largest['peak_mb']:.0f} MB peak memory "
        f"({largest.get('peak_both_mb', largest['peak_mb']):.0f} MB with the second process); "
        f"{verdict}. The findings are streamed (kept on disk as the rules find them, then "
        "compared with the stored ones and written a chunk at a time), so memory does not "
        "grow with the number of findings.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--seed", type=int, default=2008)
    parser.add_argument("--quick", action="store_true", help="small sizes, a smoke test")
    parser.add_argument("--fresh", action="store_true", help="generate the regions again")
    parser.add_argument("--markdown", type=Path, help="write a markdown section to this file")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.seed, args.fresh)))
        return
    sizes = QUICK_SIZES if args.quick else args.sizes

    results: dict[int, dict[str, Any]] = {}
    for size in sizes:
        results[size] = child(size, args.seed, args.fresh)
        print("\n".join(text_report(size, results[size])), flush=True)
    for small, large, g in growth(results):
        print(
            f"\ngrowth {small:,} -> {large:,} clients (x{large / small:g}): "
            f"baseline x{g['baseline']:.1f}, run_checks x{g['first']:.1f} (first run; cpu "
            f"x{g['first_cpu']:.1f}), x{g['second']:.1f} (second run; cpu "
            f"x{g['second_cpu']:.1f}), peak memory x{g['peak']:.1f}"
        )
    if args.markdown:
        command = " ".join(["python", "benchmarks/bench_checks.py", *sys.argv[1:]])
        args.markdown.write_text(markdown(command, results), encoding="utf-8")


if __name__ == "__main__":
    main()
