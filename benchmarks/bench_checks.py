"""The rules of spec/rules.md (``run_checks``) over a large synthetic region, compared with the
simplest baseline in the same run: one ordered full scan of the deployments
(``SELECT bsn, instrument, start FROM deployment ORDER BY bsn, instrument, start``).

Each size is generated straight into a SQLite file with executemany (about 3 deployments,
6 spend lines and 1.3 benefit periods per client, with a sprinkling of every kind of
problem: duplicates, identity errors, knips, wrong budgets, unlinked and double spend) and
measured in its own process (peak memory is VmHWM).

Run: .venv/bin/python benchmarks/bench_checks.py                 # 100k and 1M deployments
     .venv/bin/python benchmarks/bench_checks.py --sizes 20000   # a quick look
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

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


def generate(path: Path, deployments: int, seed: int) -> dict[str, int]:
    from ketenkoppeling.store import open_database

    path.unlink(missing_ok=True)
    open_database(str(path)).dispose()  # schema by the migrations
    con = sqlite3.connect(path)
    con.execute("PRAGMA synchronous=OFF")
    reference_rows(con)
    region = Region(seed)
    counts = dict.fromkeys(("clients", "benefit_periods", "deployments", "spend_lines"), 0)
    for i in range(deployments // 3):
        region.client(i)
        if len(region.lines) >= 60_000:
            flush(con, region, counts)
    flush(con, region, counts)
    con.commit()
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


def measure(path: Path, deployments: int, seed: int) -> dict[str, Any]:
    """In a child process: generate, then time the baseline and two check runs."""
    started = time.perf_counter()
    counts = generate(path, deployments, seed)
    result: dict[str, Any] = {"counts": counts, "generate": time.perf_counter() - started}

    con = sqlite3.connect(path)
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

    db = open_database(str(path))
    for run in ("first", "second"):
        started, cpu = time.perf_counter(), time.process_time()
        summary = run_checks(db, user="bench")
        result[run] = time.perf_counter() - started
        result[f"{run}_cpu"] = time.process_time() - cpu
        result[f"{run}_rules"] = {k: round(v, 2) for k, v in summary.seconds.items()}
        result[f"{run}_changes"] = {
            "opened": summary.opened,
            "unchanged": summary.unchanged,
            "closed": summary.closed,
        }
    result["counts_found"] = summary.counts
    db.dispose()
    result["peak_mb"] = peak_mb()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--seed", type=int, default=2008)
    parser.add_argument("--dir", type=Path, default=ROOT / "benchmarks" / "out")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    if args.child:
        path = args.dir / f"checks-{args.child}.sqlite"
        print(json.dumps(measure(path, args.child, args.seed)))
        return

    results: dict[int, dict[str, Any]] = {}
    for size in args.sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(size), "--seed", str(args.seed),
             "--dir", str(args.dir)],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        results[size] = r = json.loads(out.strip().splitlines()[-1])
        c = r["counts"]
        print(
            f"\n{size:>9,} deployments ({c['deployments']:,} with duplicates, "
            f"{c['spend_lines']:,} spend lines, {c['clients']:,} clients, "
            f"{c['benefit_periods']:,} benefit periods; generated in {r['generate']:.1f} s)"
        )
        print(f"  baseline ordered scan : {r['baseline']:8.2f} s  (cpu {r['baseline_cpu']:.2f} s)")
        for run in ("first", "second"):
            print(
                f"  run_checks, {run + ' run:':11} {r[run]:8.2f} s  (cpu {r[run + '_cpu']:.2f} s)"
                f" = {r[run] / r['baseline']:.0f} x baseline  {r[run + '_changes']}"
            )
        print(f"  per rule (first run)  : {r['first_rules']}")
        print(f"  findings per rule     : {r['counts_found']}")
        print(f"  peak memory           : {r['peak_mb']:.0f} MB")
    sizes = sorted(results)
    for small, large in itertools.pairwise(sizes):
        a, b = results[small], results[large]
        print(
            f"\ngrowth {small:,} -> {large:,} deployments (x{large / small:g}): "
            f"baseline x{b['baseline'] / a['baseline']:.1f}, "
            f"run_checks x{b['first'] / a['first']:.1f} (first run; cpu "
            f"x{b['first_cpu'] / a['first_cpu']:.1f}), x{b['second'] / a['second']:.1f} "
            f"(second run; cpu x{b['second_cpu'] / a['second_cpu']:.1f})"
        )


if __name__ == "__main__":
    main()
